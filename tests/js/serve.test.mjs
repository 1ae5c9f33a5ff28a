// serve.test.mjs: the development server (tools/serve.mjs) sends the security
// headers, answers 400 to malformed paths and 403/404 to paths outside its
// folder, and survives a thousand bad requests.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';

import { CSP, serve } from '../../tools/serve.mjs';
import { DIST } from './helpers.mjs';

let server;
let port;

before(async () => {
  const s = await serve(DIST, 0);
  server = s.server;
  port = server.address().port;
});
after(() => server?.close());

/** A raw request line (no URL normalisation by a client): resolves to { status, headers, body }. */
function raw(path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the page comes with the security headers; CSP covers workers and allows framing', async () => {
  const r = await raw('/');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-security-policy'], CSP);
  assert.match(CSP, /worker-src 'self'/);
  assert.match(CSP, /connect-src 'self'/);
  assert.match(CSP, /frame-ancestors \*/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  const w = await raw('/worker.js');
  assert.equal(w.headers['content-security-policy'], CSP, 'the worker script carries the policy');
  assert.match(w.headers['content-type'], /^text\/javascript/);
});

test('malformed paths get 400, paths outside the folder never a file', async () => {
  assert.equal((await raw('/%E0%A4%A')).status, 400);
  assert.equal((await raw('/%00')).status, 400);
  for (const p of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%5c..%5cpackage.json']) {
    const r = await raw(p);
    assert.ok([403, 404].includes(r.status), `${p}: ${r.status}`);
    assert.doesNotMatch(r.body, /"name": "flatline"|root:/);
  }
  assert.equal((await raw('/', 'POST')).status, 405);
  assert.equal((await raw('/nope.js')).status, 404);
});

test('a thousand bad requests later the server still serves the page', async () => {
  const bad = ['/%E0%A4%A', '/%', '/..%2f..%2f', '/%00', `/${'a'.repeat(5000)}`, '/?%%%', '//..//..//'];
  for (let i = 0; i < 1000; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, k) => raw(bad[(i + k) % bad.length]).catch(() => null)));
  }
  // And garbage that is not HTTP at all.
  await Promise.all(Array.from({ length: 20 }, () => new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1', () => sock.end('\x00\x01 NOT HTTP\r\n\r\n'));
    sock.resume(); // read the server's 400, as a client does, to see the close after it
    sock.on('close', resolve);
    sock.on('error', resolve);
  })));
  const ok = await raw('/');
  assert.equal(ok.status, 200);
  assert.match(ok.body, /<title>Flatline/);
});

// What Node cannot parse as HTTP gets an answer before the socket closes.
function rawBytes(text) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => { got += d; });
    socket.on('close', () => resolve(got));
    socket.on('error', () => resolve(got));
  });
}

test('a malformed request is answered (400, or 431 for headers too large), never closed in silence', async () => {
  assert.match(await rawBytes('GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request/);
  assert.match(await rawBytes('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'), /^HTTP\/1\.1 400/);
  assert.match(await rawBytes(`GET / HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(20000)}\r\n\r\n`), /^HTTP\/1\.1 431/);
});

test('a root given as a relative path with a trailing slash or .. serves the same files', async () => {
  const { relative } = await import('node:path');
  for (const root of [`${DIST}/`, `${DIST}/../${DIST.split('/').pop()}/`, relative(process.cwd(), DIST) || '.']) {
    const s = await serve(root, 0);
    try {
      const status = await new Promise((resolve, reject) => {
        request({ host: '127.0.0.1', port: s.server.address().port, path: '/index.html' }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on('error', reject).end();
      });
      assert.equal(status, 200, `root ${root}`);
    } finally {
      s.server.close();
    }
  }
});
