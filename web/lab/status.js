// status.js: the words of the page's status line and its notices, from the
// lab's state. The status line is a live region: screen readers read each
// change, so it says the state in one sentence.

/**
 * The status line for the lab's state: { charts.current (RunData), config,
 * classes, done, playing, stepping, progress (the worker's PROGRESS or null) }.
 */
export function statusText(app) {
  const run = app.charts.current;
  const p = app.progress;
  if (!run || run.length === 0) {
    return p?.epoch === 0 ? `Preparing the network: evaluating it untrained, ${Math.floor(p.fraction * 100)}% done…`
      : 'Preparing the network…';
  }
  const e = run.last('epoch');
  const d = run.diverged;
  if (d) {
    return `Diverged at epoch ${d.epoch}, step ${d.step}: ${d.where === 'loss' ? 'the loss' : `the ${d.where} of layer ${d.layer}`} ` +
      `became ${d.kind === 'overflow' ? 'too large for 32-bit floats' : d.kind}. The curve ends at epoch ${e}; only Reset can help.`;
  }
  const state = app.done ? 'finished' : app.playing ? 'training' : app.stepping ? 'stepping' : 'paused';
  const loss = (v) => v.toFixed(4);
  const within = p && p.epoch === e + 1 && !app.done
    ? ` · epoch ${p.epoch}: ${Math.floor(p.fraction * 100)}% done, about ${p.secondsPerEpoch.toFixed(p.secondsPerEpoch < 10 ? 1 : 0)} s per epoch` : '';
  return `Epoch ${e} of ${app.config.epochs} (${state}): train loss ${loss(run.last('train_loss'))}, ` +
    `validation loss ${loss(run.last('val_loss'))}, ${Number.isFinite(run.history[0].chance_acc) ? 'chance' : 'one constant'} ${run.history[0].chance_loss.toFixed(4)}${within}`;
}

/** Shows messages in the notices box (hidden when there are none), with a Dismiss button. */
export function showNotices(box, messages) {
  box.replaceChildren();
  box.hidden = messages.length === 0;
  if (!messages.length) return;
  const list = document.createElement('ul');
  for (const m of messages) list.append(Object.assign(document.createElement('li'), { textContent: m }));
  const close = Object.assign(document.createElement('button'), { type: 'button', className: 'notice-close', textContent: 'Dismiss' });
  close.addEventListener('click', () => showNotices(box, []));
  box.append(list, close);
}
