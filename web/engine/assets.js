// assets.js: where the lab's other files come from: beside the page as
// usual, or, in the one-file offline build (dist/flatline-offline.html, for
// file:// where nothing can be fetched), from what that file carries inline:
// the workers' code (started from blob: URLs), the .wasm bytes and the lessons.
const INLINE = globalThis.FLATLINE_INLINE ?? null;

// The offline file's workers get the .wasm bytes prepended to their code.
const blobs = new Map();
function inlineWorker(name) {
  if (!blobs.has(name)) {
    const code = `self.FLATLINE_INLINE = ${JSON.stringify({ wasm: INLINE.wasm })};\n${INLINE.workers[name]}`;
    blobs.set(name, URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  }
  return blobs.get(name);
}

/** The URL to start a worker from: 'worker' or 'experiment-worker'. */
export function workerUrl(name) {
  return INLINE ? inlineWorker(name) : new URL(`./${name}.js`, document.baseURI); // the scripts sit beside the page
}

/**
 * How to start those workers: as modules beside the page; as classic scripts
 * in the offline file (a page opened from file:// cannot start a module worker
 * from a blob: URL, so its workers are bundled as plain scripts).
 */
export const workerOptions = () => (INLINE ? {} : { type: 'module' });

/** What loadEngine takes for a build ('simd' or 'scalar'): a URL, or the bytes. */
export function wasmSource(engine) {
  if (!INLINE) return new URL(`flatline-${engine}.wasm`, self.location.href).href;
  return Uint8Array.from(atob(INLINE.wasm[engine]), (c) => c.charCodeAt(0));
}

/** A lesson file ('index' for the list), parsed. */
export async function lessonFile(name) {
  if (INLINE) {
    if (!Object.hasOwn(INLINE.lessons, name)) throw new Error(`no lesson called '${name}'`);
    return INLINE.lessons[name];
  }
  const r = await fetch(new URL(`lessons/${encodeURIComponent(name)}.json`, document.baseURI));
  if (!r.ok) throw new Error(`no lesson called '${name}'`);
  return r.json();
}
