// memory.js: findings with a memory. A finding that held earlier in the run
// and holds no longer does not vanish: it comes back as "Earlier: ...", with
// the epochs it held, what it rested on then, and what changed since, so a
// learner who saw "learning rate too low" at epoch 5 is not left wondering
// where it went. No DOM; it asks the doctor about earlier epochs of the same
// history (the records never change once written), so every number it shows
// was measured in C and holds at the epoch it names.
import { diagnose } from './doctor.js';
import { fmt } from './evidence.js';

// States of progress, not faults: that one stopped holding is no news.
const NOT_REMEMBERED = new Set(['healthy', 'still_learning']);
// How many earlier epochs are asked: every one in a short run; in a long one,
// every multiple of a power of two that leaves 40 to 80 of them. Those epochs
// stay checkpoints as the run grows (a multiple of 2s is one of s), so what
// the doctor said at each is asked once and kept (the records never change).
const CHECKPOINTS = 40;
// The finding's first sentence: what it saw, without the advice that followed.
const firstSentence = (text) => text.split(/(?<=[.!?])\s+(?=[A-Z])/)[0];
const lowerFirst = (t) => `${t.charAt(0).toLowerCase()}${t.slice(1)}`;

/** The epochs (indices into history, before the last) at which the doctor is asked again. */
function checkpoints(last) {
  if (last <= CHECKPOINTS) return Array.from({ length: last }, (_, i) => i);
  const stride = 2 ** Math.ceil(Math.log2(last / CHECKPOINTS));
  return Array.from({ length: Math.ceil(last / stride) }, (_, i) => i * stride);
}

// What the doctor said on each prefix of a history, per history and config,
// for the current checkpoints only (at most 80 kept).
const said = new WeakMap(); // history -> { config (JSON), at: Map(index -> findings) }
function forget(history, keep) {
  const memo = said.get(history);
  if (memo) for (const i of memo.at.keys()) if (!keep.has(i)) memo.at.delete(i);
}
function diagnoseAt(config, history, i) {
  const key = JSON.stringify(config);
  let memo = said.get(history);
  if (!memo || memo.config !== key) said.set(history, memo = { config: key, at: new Map() });
  if (!memo.at.has(i)) memo.at.set(i, diagnose(config, history.slice(0, i + 1)));
  return memo.at.get(i);
}

/**
 * The findings that held at an earlier epoch of `history` and are not among
 * `now` (the doctor's findings on the whole history): one per cause, with
 * past: true, the epochs it was seen (from, until), its evidence as it stood
 * at `until`, and no fix (a fix for a state that has passed would mislead).
 */
export function recall(config, history, now, diverged = null) {
  if (!history || history.length < 3 || diverged) return [];
  const current = new Set(now.map((f) => f.cause));
  const seen = new Map(); // cause -> { from, until, finding }
  const points = checkpoints(history.length - 1);
  forget(history, new Set(points)); // a checkpoint dropped as the stride grew is not asked again
  for (const i of points) {
    for (const f of diagnoseAt(config, history, i)) {
      if (current.has(f.cause) || NOT_REMEMBERED.has(f.cause)) continue;
      const epoch = history[i].epoch;
      const was = seen.get(f.cause);
      seen.set(f.cause, { from: was?.from ?? epoch, until: epoch, times: (was?.times ?? 0) + 1, finding: f });
    }
  }
  const last = history.at(-1);
  const lead = now[0];
  // Seen at one checkpoint only is a flicker, not a state the run went through.
  return [...seen.values()].filter((x) => x.times >= 2).map(({ from, until, finding: f }) => {
    const then = history.find((r) => r.epoch === until);
    const epochs = from === until ? `at epoch ${from}` : `from epoch ${from} to ${until}`;
    const since = `Since epoch ${until} the validation loss went from ${fmt(then.val_loss)} to ${fmt(last.val_loss)}` +
      (Number.isFinite(last.val_acc) ? ` and the validation accuracy from ${Math.round(then.val_acc * 100)}% to ${Math.round(last.val_acc * 100)}%`
        : Number.isFinite(last.val_mae) ? ` and the mean absolute error from ${fmt(then.val_mae)} to ${fmt(last.val_mae)}` : '');
    return {
      ...f,
      past: true,
      lead: false,
      from,
      until,
      confidence: Math.min(f.confidence, 0.5),
      epoch: from,
      title: `Earlier: ${lowerFirst(f.title)}`,
      text: `This held ${epochs} and holds no longer. ${since}${lead ? `; now: “${lead.title}”` : ''}. ` +
        `What it rested on then: ${firstSentence(f.text)}`,
      fix: null,
      fixText: null,
      experiments: undefined,
    };
  });
}
