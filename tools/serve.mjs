#!/usr/bin/env node
// serve.mjs: serves dist/ on localhost for trying the lab (any static host
// serves it as well). PORT picks the port (default 8080; the next free one is
// taken when it is busy). It sends the headers a static host should send
// (HEADERS; docs/embedding.md, "Hosting"), answers 400 to a malformed path and 405 to
// anything but GET and HEAD, and never serves a file outside its folder.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

// The page's Content-Security-Policy as a header, so that it covers the
// worker too (a <meta> policy covers only its document): scripts, workers and
// fetches from this origin only, WebAssembly allowed; any site may frame the
// lab, since embedding it is the point.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors *";
export const HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

function fail(res, status, text) {
  res.writeHead(status, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/** The file for a request path under root, or a status: 400 malformed, 403 outside, 404 missing. */
function locate(root, url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return 400;
  }
  if (path.includes('\0')) return 400;
  const base = resolve(root); // absolute, without a trailing separator
  let file = normalize(join(base, path));
  if (file !== base && !file.startsWith(base + sep)) return 403;
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    return statSync(file).isFile() ? file : 404;
  } catch {
    return 404;
  }
}

/** Starts a static server for `root` on 127.0.0.1; resolves to { server, url }. */
export function serve(root, port = 8080, tries = 20) {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      fail(res, 405, 'method not allowed');
      return;
    }
    const file = locate(root, req.url);
    if (typeof file === 'number') {
      fail(res, file, { 400: 'bad request', 403: 'forbidden', 404: 'not found' }[file]);
      return;
    }
    res.writeHead(200, { ...HEADERS, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
  // A request Node cannot parse gets its answer (400, or 431 for headers too
  // large) before the socket closes, never silence.
  server.on('clientError', (err, socket) => {
    if (socket.writable && !err.code?.startsWith('ECONN')) {
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 12\r\n\r\nBad request\n`,
        () => socket.destroy()); // written: close it, whether or not the client closes its side
    } else {
      socket.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.on('error', (err) => {
      if (err.code === 'EADDRINUSE' && tries > 1) resolve(serve(root, port + 1, tries - 1));
      else reject(err);
    });
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const { url } = await serve(root, Number(process.env.PORT) || 8080);
  console.log(`Flatline is served at ${url}  (Ctrl-C stops it)`);
}
