// experiment-worker.js: one worker of the experiment pool (pool.js). It loads
// the core once, then runs the jobs it is sent (experiments.js's jobSteps),
// one at a time in the order sent, reporting each epoch's progress at most 20
// times a second. A job runs in slices of about SLICE_MS with a pause between
// them, so that the worker answers the pool's ping even while a long job runs
// (a worker that stops answering is replaced).
import { wasmSource } from '../engine/assets.js';
import { loadEngine } from '../engine/engine.js';
import { jobSteps } from './experiments.js';

const SLICE_MS = 40;

let engine = null;
let data = null; // your own CSV's bytes, parsed before the next job that needs them
let dataOptions = {}; // how to read them (Engine.useData's options)
let parsed = null;
const queue = []; // jobs sent, not yet run
let running = false;

// A pause that lets waiting messages in: a message to ourselves (a timer would
// wait at least 4 ms once nested).
const channel = new MessageChannel();
const pause = () => new Promise((resolve) => {
  channel.port1.onmessage = resolve;
  channel.port2.postMessage(0);
});

async function runQueue() {
  if (running) return;
  running = true;
  while (queue.length) await runOne(queue.shift());
  running = false;
}

async function runOne(msg) {
  if (msg.job.config?.dataset === 'csv' && data && parsed !== data) {
    engine.useData(data, 0.2, null, dataOptions);
    parsed = data;
  }
  let last = 0;
  try {
    const steps = jobSteps(engine, msg.job, (fraction) => {
      const now = performance.now();
      if (now - last < 50) return;
      last = now;
      postMessage({ type: 'progress', id: msg.id, fraction });
    });
    let sliceStart = performance.now();
    let r;
    while (!(r = steps.next()).done) {
      if (performance.now() - sliceStart < SLICE_MS) continue;
      await pause();
      sliceStart = performance.now();
    }
    const result = r.value;
    const transfer = result.stepLog ? [result.stepLog.lr.buffer, result.stepLog.loss.buffer] : [];
    postMessage({ type: 'result', id: msg.id, result }, transfer);
  } catch (err) {
    postMessage({ type: 'error', id: msg.id, message: String(err.message ?? err) });
  }
}

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
  if (msg?.type === 'ping') {
    postMessage({ type: 'pong' });
    return;
  }
  if (msg?.type === 'data') {
    data = msg.bytes;
    dataOptions = msg.options ?? {};
    parsed = null;
    return;
  }
  if (msg?.type !== 'job' || !engine) return;
  queue.push(msg);
  runQueue();
};
