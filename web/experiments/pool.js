// pool.js: a pool of workers for the experiments' independent runs: as many
// as the machine has cores, at most 8, each with its own copy of the core.
// Each worker holds up to AHEAD jobs, so that it starts the next one without
// waiting for the page to send it; results come back in the jobs' order.
// Cancelling ends the workers at once (a job in C cannot be interrupted
// otherwise); the next batch starts new ones. A worker that holds jobs and
// has said nothing for QUIET_MS is pinged; one that does not answer within
// ANSWER_MS has died (a worker can end without an error event): a new one
// takes its jobs, once; a job that loses a second worker fails the batch with
// that reason. The watch runs only while a batch does.
import { workerOptions } from '../engine/assets.js';

export const MAX_WORKERS = 8;
const AHEAD = 2;
const QUIET_MS = 3000;
const ANSWER_MS = 3000;

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
      const entry = { w, jobs: [], ready: null, heard: performance.now(), pingedAt: 0 }; // jobs: the ids it holds, oldest first
      entry.ready = new Promise((resolve, reject) => {
        w.onmessage = ({ data }) => (data?.type === 'ready' ? resolve() : this.receive(entry, data));
        w.onerror = (e) => {
          reject(new Error(e.message || 'the experiment worker failed'));
          this.fail(e.message || 'the experiment worker failed');
        };
      }).then(() => { entry.w.onmessage = ({ data }) => this.receive(entry, data); });
      w.postMessage({ type: 'load', engine: this.engine });
      if (this.dataBytes) w.postMessage({ type: 'data', bytes: this.dataBytes, options: this.dataOptions });
      this.workers.push(entry);
    }
  }

  /** Your own CSV's bytes and how to read them (Engine.useData's options), for jobs of dataset csv: sent to every worker, now and later. */
  setData(bytes, options = {}) {
    this.dataBytes = bytes;
    this.dataOptions = options;
    for (const entry of this.workers) entry.w.postMessage({ type: 'data', bytes, options });
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
        lost: new Set(), onProgress, resolve, reject };
      if (!jobs.length) return this.end(null, []);
      for (const entry of this.workers) entry.ready.then(() => this.feed(entry), () => {});
      this.watch = setInterval(() => this.check(), 1000);
    });
  }

  feed(entry) {
    const b = this.batch;
    while (b && entry.jobs.length < AHEAD && b.next < b.order.length) {
      const id = b.order[b.next++];
      entry.jobs.push(id);
      entry.w.postMessage({ type: 'job', id, job: b.jobs[id] });
    }
  }

  // The watch: a worker holding jobs that has been silent is pinged, and one
  // that does not answer is replaced.
  check() {
    const now = performance.now();
    for (const entry of [...this.workers]) {
      if (!entry.jobs.length) continue;
      if (entry.pingedAt && now - entry.pingedAt > ANSWER_MS) this.replace(entry);
      else if (!entry.pingedAt && now - entry.heard > QUIET_MS) {
        entry.pingedAt = now;
        entry.w.postMessage({ type: 'ping' });
      }
    }
  }

  // A dead worker's jobs go back in line for a new worker; a job that lost a worker before fails the batch.
  replace(entry) {
    const b = this.batch;
    entry.w.terminate();
    this.workers = this.workers.filter((e) => e !== entry);
    if (!b) return;
    if (entry.jobs.some((id) => b.lost.has(id))) {
      return this.fail('an experiment worker stopped answering twice on the same run');
    }
    for (const id of entry.jobs) {
      b.lost.add(id);
      b.partial[id] = 0;
    }
    b.order.splice(b.next, 0, ...entry.jobs); // handed out again, next
    entry.jobs = [];
    this.start();
    for (const e of this.workers) e.ready.then(() => this.feed(e), () => {});
  }

  receive(entry, msg) {
    entry.heard = performance.now();
    entry.pingedAt = 0;
    const b = this.batch;
    if (!b || msg?.id !== entry.jobs[0]) return; // from a cancelled batch, or not ours (a pong)
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
    clearInterval(this.watch);
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
