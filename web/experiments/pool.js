// pool.js: a pool of workers for the experiments' independent runs: as many
// as the machine has cores, at most 8, each with its own copy of the core.
// Each worker holds up to AHEAD jobs, so that it starts the next one without
// waiting for the page to send it; results come back in the jobs' order.
// Cancelling ends the workers at once (a job in C cannot be interrupted
// otherwise); the next batch starts new ones.
import { workerOptions } from '../engine/assets.js';

export const MAX_WORKERS = 8;
const AHEAD = 2;

export class Pool {
  /** url: experiment-worker.js; engine: 'simd' or 'scalar'; size: workers (default: cores, at most 8). */
  constructor(url, engine, size = Math.min(MAX_WORKERS, globalThis.navigator?.hardwareConcurrency || 2)) {
    Object.assign(this, { url, engine, size: Math.max(1, Math.min(MAX_WORKERS, size)) });
    this.workers = [];
    this.batch = null;
  }

  // Starts the workers, each resolved once its core has loaded.
  start() {
    while (this.workers.length < this.size) {
      const w = new Worker(this.url, workerOptions());
      const entry = { w, jobs: [], ready: null }; // jobs: the ids it holds, oldest first
      entry.ready = new Promise((resolve, reject) => {
        w.onmessage = ({ data }) => (data?.type === 'ready' ? resolve() : this.receive(entry, data));
        w.onerror = (e) => {
          reject(new Error(e.message || 'the experiment worker failed'));
          this.fail(e.message || 'the experiment worker failed');
        };
      }).then(() => { entry.w.onmessage = ({ data }) => this.receive(entry, data); });
      w.postMessage({ type: 'load', engine: this.engine });
      if (this.dataText) w.postMessage({ type: 'data', text: this.dataText });
      this.workers.push(entry);
    }
  }

  /** Your own CSV's text, for jobs of dataset csv: sent to every worker, now and later. */
  setData(text) {
    this.dataText = text;
    for (const entry of this.workers) entry.w.postMessage({ type: 'data', text });
  }

  /**
   * Runs jobs; onProgress(fraction of all jobs done). Resolves with their
   * results in order; rejects on a job's error or a cancel.
   */
  run(jobs, onProgress = () => {}) {
    if (this.batch) this.cancel();
    this.start();
    return new Promise((resolve, reject) => {
      // Longest first (by the jobs' `cost`, where given): the last jobs to start
      // are the short ones, so that no worker waits long for another to finish.
      const order = jobs.map((_, i) => i).sort((a, b) => (jobs[b].cost ?? 0) - (jobs[a].cost ?? 0));
      this.batch = { jobs, order, results: new Array(jobs.length), partial: new Array(jobs.length).fill(0), next: 0, done: 0,
        onProgress, resolve, reject };
      if (!jobs.length) this.end(null, []);
      for (const entry of this.workers) entry.ready.then(() => this.feed(entry), () => {});
    });
  }

  feed(entry) {
    const b = this.batch;
    while (b && entry.jobs.length < AHEAD && b.next < b.jobs.length) {
      const id = b.order[b.next++];
      entry.jobs.push(id);
      entry.w.postMessage({ type: 'job', id, job: b.jobs[id] });
    }
  }

  receive(entry, msg) {
    const b = this.batch;
    if (!b || msg?.id !== entry.jobs[0]) return; // from a cancelled batch, or not ours
    if (msg.type === 'progress') {
      b.partial[msg.id] = msg.fraction;
    } else if (msg.type === 'result') {
      b.results[msg.id] = msg.result;
      b.partial[msg.id] = 1;
      b.done++;
      entry.jobs.shift();
      if (b.done === b.jobs.length) return this.end(null, b.results);
      this.feed(entry);
    } else if (msg.type === 'error') {
      return this.fail(msg.message);
    }
    b.onProgress(b.partial.reduce((s, f) => s + f, 0) / b.jobs.length);
  }

  fail(message) {
    this.terminate();
    this.end(new Error(message));
  }

  end(err, results) {
    const b = this.batch;
    this.batch = null;
    if (!b) return;
    for (const e of this.workers) e.jobs = [];
    if (err) b.reject(err);
    else {
      b.onProgress(1);
      b.resolve(results);
    }
  }

  /** Stops the batch running: its workers end, and its promise rejects with a cancel. */
  cancel() {
    if (!this.batch) return;
    this.terminate();
    const e = new Error('cancelled');
    e.cancelled = true;
    this.end(e);
  }

  terminate() {
    for (const e of this.workers) e.w.terminate();
    this.workers = [];
  }
}
