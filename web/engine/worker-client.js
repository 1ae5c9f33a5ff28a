// worker-client.js: the page's end of the training worker, and what happens
// when the worker fails. A worker that throws outside its message handler, a
// core that traps (the worker reports it as fatal), or a worker that stops
// answering (it closed, or the browser ended it) is replaced by a new one, and
// the owner is told so that it can restore its run. Silence is noticed by a
// ping: while the page expects news (training, a Step, a new run) and none has
// come for a few seconds, it asks; no answer within two seconds means dead.
// When nothing is expected no timer runs, so an idle lab costs no CPU.
import { workerOptions } from './assets.js';
import { FROM_WORKER, TO_WORKER } from './protocol.js';

const QUIET_MS = 4000; // no news while news is expected: ping
const ANSWER_MS = 2000; // no pong after a ping: the worker is gone

export class WorkerClient {
  /**
   * url: the worker script; onMessage(msg) gets every message (pongs aside);
   * onFail(reason) is called after a failed worker was replaced by a new one.
   */
  constructor(url, onMessage, onFail) {
    this.url = url;
    this.onMessage = onMessage;
    this.onFail = onFail;
    this.expecting = false;
    this.timer = 0;
    this.pinged = false;
    this.start();
  }

  start() {
    this.worker = new Worker(this.url, workerOptions());
    this.worker.onmessage = ({ data }) => this.heard(data);
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      this.fail(e.message || 'it stopped with an error');
    };
    this.worker.onmessageerror = () => this.fail('a message could not be read');
  }

  post(msg) {
    this.worker.postMessage(msg);
  }

  /** Whether the page now waits for news from the worker (arms or disarms the watchdog). */
  expect(on) {
    this.expecting = on;
    this.arm();
  }

  arm() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.pinged = false;
    if (this.expecting) this.timer = setTimeout(() => this.ping(), QUIET_MS);
  }

  ping() {
    this.pinged = true;
    this.post({ type: TO_WORKER.PING });
    this.timer = setTimeout(() => this.fail('it stopped answering'), ANSWER_MS);
  }

  heard(msg) {
    this.arm();
    if (msg?.type === FROM_WORKER.PONG) return;
    if (msg?.type === FROM_WORKER.ERROR && msg.fatal) {
      this.fail(msg.message);
      return;
    }
    this.onMessage(msg);
  }

  fail(reason) {
    clearTimeout(this.timer);
    this.timer = 0;
    this.worker.terminate();
    this.expecting = false;
    this.start();
    this.onFail(String(reason));
  }

  /** For tests and the console: the worker as it is now. */
  get current() { return this.worker; }
}
