// embed-protocol.js: the messages between an embedded lab and the page that
// hosts it, shaped as the player.js convention (embedly):
// { context: 'flatline', version: 1, event | method, value }. No DOM, so that
// the host test and the docs share one list.
export const CONTEXT = 'flatline';
export const VERSION = 1;

/** What the embed tells its host. */
export const EVENTS = {
  READY: 'ready',         // value: { methods, events, config }
  EPOCH: 'epoch',         // value: the newest epoch's record (at most one a frame)
  DIAGNOSIS: 'diagnosis', // value: [{ cause, title, epoch }] when the doctor's findings change
  DONE: 'done',           // value: the last record
  ERROR: 'error',         // value: { message }
  RESIZE: 'resize',       // value: { height } of the content, in CSS pixels
  GET: 'get',             // value: the answer to a `get`
};

/** What a host may ask. */
export const METHODS = {
  PLAY: 'play',
  PAUSE: 'pause',
  RESET: 'reset',
  SET: 'set', // value: { key: value, ... } config keys
  GET: 'get', // answered by a `get` event: { config, epoch, playing, done, last }
};

const METHOD_NAMES = new Set(Object.values(METHODS));

/** The message for an event. */
export const event = (name, value = null) => ({ context: CONTEXT, version: VERSION, event: name, value });

/**
 * A host's message as { method, value }, or null for anything else: another
 * context or version, an unknown method, a `set` whose value is not a flat
 * object of numbers and strings.
 */
export function readMethod(data) {
  if (!data || typeof data !== 'object' || data.context !== CONTEXT || data.version !== VERSION) return null;
  if (typeof data.method !== 'string' || !METHOD_NAMES.has(data.method)) return null;
  if (data.method !== METHODS.SET) return { method: data.method, value: null };
  const v = data.value;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const entries = Object.entries(v);
  if (!entries.length || entries.length > 40) return null;
  if (!entries.every(([k, x]) => typeof k === 'string' && k.length <= 40 && ['number', 'string'].includes(typeof x) && String(x).length <= 40)) return null;
  return { method: METHODS.SET, value: Object.fromEntries(entries.map(([k, x]) => [k, String(x)])) };
}

export { EMBED_KEYS } from '../engine/settings.js';
export const CHARTS = ['loss', 'accuracy', 'health', 'network', 'map'];
export const AUTOPLAY = ['visible', 'click', 'off'];

/**
 * The embed options from their raw hash values, with notices for bad ones:
 * { controls: [key] | null (all), charts: [name], autoplay, stop: N | null, doctor }.
 */
export function embedOptions(raw, keyNames) {
  const notices = [];
  const list = (name, allowed) => {
    if (raw[name] === undefined) return null;
    const items = String(raw[name]).split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((s) => !allowed.includes(s));
    if (bad.length) notices.push(`Embed: ${name}= does not know ${bad.map((b) => `'${b.slice(0, 20)}'`).join(', ')}; the choices are ${allowed.join(', ')}.`);
    return items.filter((s) => allowed.includes(s));
  };
  const controls = list('controls', keyNames);
  const charts = list('charts', CHARTS) ?? ['loss'];
  let autoplay = raw.autoplay ?? 'visible';
  if (!AUTOPLAY.includes(autoplay)) {
    notices.push(`Embed: autoplay='${String(autoplay).slice(0, 20)}' is not one of ${AUTOPLAY.join(', ')}; using visible.`);
    autoplay = 'visible';
  }
  let stop = null;
  if (raw.stop !== undefined) {
    stop = Number(raw.stop);
    if (!Number.isInteger(stop) || stop < 1) {
      notices.push(`Embed: stop='${String(raw.stop).slice(0, 20)}' is not a whole number of epochs from 1; training runs to its end.`);
      stop = null;
    }
  }
  const doctor = raw.doctor === undefined ? true : raw.doctor !== '0';
  return { options: { controls, charts, autoplay, stop, doctor }, notices };
}
