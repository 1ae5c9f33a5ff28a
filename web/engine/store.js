// store.js: what the lab keeps in the browser (localStorage), read as data,
// never trusted. Each read names a check of the value's shape; a value that
// fails it (or does not parse) is removed and named in a notice, and the
// caller gets null, so nothing stored can stop the page from loading. Storage
// that throws (blocked, full, a sandboxed frame) is the same as none. In the
// one-file offline lab every file opened from disk shares one storage, so
// there the store keeps only what the reader asked to keep (`asked`).
const OFFLINE = Boolean(globalThis.FLATLINE_INLINE);

export class Store {
  /** backend: a Storage (localStorage by default; null for none). */
  constructor(backend = defaultBackend()) {
    this.backend = backend;
    this.notices = [];
  }

  /** Whether anything can be kept at all. */
  get available() {
    return this.backend !== null;
  }

  /**
   * The value under key, parsed from JSON, if check(value) says it has the
   * right shape (true); else null, the key removed and a notice kept for the
   * page (check returns why, or false). check may instead return { value,
   * why }: the parts that passed, used and written back, and why the rest was
   * dropped.
   */
  read(key, what, check) {
    let text = null;
    try {
      text = this.backend?.getItem(key) ?? null;
    } catch {
      return null; // storage that cannot be read holds nothing
    }
    if (text === null) return null;
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      return this.drop(key, what, 'it is not JSON');
    }
    const verdict = check(value);
    if (verdict === true) return value;
    if (verdict && typeof verdict === 'object') {
      this.notices.push(`Part of the ${what} stored in this browser could not be read (${verdict.why}) and was dropped.`);
      this.write(key, verdict.value);
      return verdict.value;
    }
    return this.drop(key, what, typeof verdict === 'string' ? verdict : 'its shape is not what the lab writes');
  }

  /** Keeps value under key as JSON; asked: the reader asked for it (the offline file keeps nothing else). Returns success. */
  write(key, value, { asked = false } = {}) {
    if (OFFLINE && !asked) return false;
    try {
      this.backend?.setItem(key, JSON.stringify(value));
      return Boolean(this.backend);
    } catch {
      return false; // full or blocked: the memory of it is lost, nothing else
    }
  }

  remove(key) {
    try {
      this.backend?.removeItem(key);
    } catch {
      // nothing to remove it from
    }
  }

  drop(key, what, why) {
    this.remove(key);
    this.notices.push(`The ${what} stored in this browser could not be read (${why}) and was dropped.`);
    return null;
  }

  /** The notices since the last call, for the page to show. */
  takeNotices() {
    const out = this.notices;
    this.notices = [];
    return out;
  }
}

function defaultBackend() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // a sandboxed frame or blocked storage
  }
}

/** True in the one-file offline lab, where other local files can read what is kept. */
export const offline = () => OFFLINE;
