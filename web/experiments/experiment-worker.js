// experiment-worker.js: one worker of the experiment pool (pool.js). It loads
// the core once, then runs the jobs it is sent (experiments.js's runJob), one
// at a time, reporting each epoch's progress at most 20 times a second.
import { wasmSource } from '../engine/assets.js';
import { loadEngine } from '../engine/engine.js';
import { runJob } from './experiments.js';

let engine = null;
let data = null; // your own CSV's text, parsed before the next job that needs it
let parsed = null;

self.onmessage = async ({ data: msg }) => {
  if (msg?.type === 'load') {
    try {
      engine = await loadEngine(wasmSource(msg.engine));
      postMessage({ type: 'ready' });
    } catch (err) {
      postMessage({ type: 'error', id: -1, message: String(err.message ?? err) });
    }
    return;
  }
  if (msg?.type === 'data') {
    data = msg.text;
    return;
  }
  if (msg?.type !== 'job' || !engine) return;
  if (msg.job.config?.dataset === 'csv' && data && parsed !== data) {
    engine.useData(data);
    parsed = data;
  }
  let last = 0;
  try {
    const result = runJob(engine, msg.job, (fraction) => {
      const now = performance.now();
      if (now - last < 50) return;
      last = now;
      postMessage({ type: 'progress', id: msg.id, fraction });
    });
    const transfer = result.stepLog ? [result.stepLog.lr.buffer, result.stepLog.loss.buffer] : [];
    postMessage({ type: 'result', id: msg.id, result }, transfer);
  } catch (err) {
    postMessage({ type: 'error', id: msg.id, message: String(err.message ?? err) });
  }
};
