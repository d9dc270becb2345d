// `node tests/bench/h2-proxy.mjs http://127.0.0.1:FIXTURE_PORT [--port N]`
//
// Test-only HTTPS front for the DoH fixture server, so that a benchmark reaches it the way the page
// reaches a real resolver: over HTTP/2 and TLS. Over HTTP/1.1 Chromium opens at most 6 connections
// per origin and queues the rest, which would time the fixture's queue, not the page; over HTTP/2
// every query is a stream of one connection, as with dns.google or cloudflare-dns.com.
//
// Prints `listening on https://127.0.0.1:PORT` once it accepts connections, then forwards every
// request (method, path and query, `accept`) to the fixture and copies back the status, the
// headers (the fixture's CORS headers included) and the body, until killed. HTTP/1.1 clients are
// served too (`allowHTTP1`), which makes `curl -k` work for a quick look.
//
// The certificate is self-signed for 127.0.0.1, made at start with the `openssl` CLI in a
// temporary folder that is removed at once: no key is checked in, and nothing is downloaded.
// Chromium must be told to accept it (`--ignore-certificate-errors`).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSelfSigned } from './cert.mjs';

// Connection-specific headers (RFC 9113 §8.2.2) may not cross into HTTP/2; node:http2 throws on
// them. `host` is replaced by `:authority`.
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'host',
  'http2-settings',
]);

function usage(message) {
  console.error(`h2-proxy: ${message}\nusage: node tests/bench/h2-proxy.mjs http://127.0.0.1:PORT [--port N]`);
  process.exit(2);
}

/** A self-signed P-256 certificate for 127.0.0.1, valid two days; `{ key, cert }` as PEM. */
function selfSigned() {
  const dir = mkdtempSync(path.join(tmpdir(), 'authlens-h2-'));
  try {
    const { key, cert } = writeSelfSigned(dir);
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } catch (e) {
    if (e.code === 'ENOENT') usage('the openssl command is needed to make the test certificate');
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
let upstream;
let port = 0;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') port = Number(args[++i]);
  else if (!upstream) upstream = args[i];
  else usage(`unexpected argument ${args[i]}`);
}
if (!upstream) usage('the fixture URL is missing');
const target = new URL(upstream);
if (target.protocol !== 'http:') usage(`${upstream}: the fixture speaks plain http://`);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port takes a port number');

// Keep-alive with no socket limit: the proxy must never queue a query the browser sent at once.
// (The fixture closes every connection after its answer, so each query opens a connection of its
// own; on loopback that costs well under a millisecond.)
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });

const server = http2.createSecureServer({
  ...selfSigned(),
  allowHTTP1: true,
  // A limit like a public resolver's; the page never has this many queries in flight.
  settings: { maxConcurrentStreams: 250 },
});

server.on('request', (req, res) => {
  const headers = {};
  if (req.headers.accept) headers.accept = req.headers.accept;
  const up = http.request({
    agent,
    host: target.hostname,
    port: target.port,
    method: req.method,
    path: req.url,
    headers,
  }, (answer) => {
    const out = {};
    for (const [k, v] of Object.entries(answer.headers)) {
      if (!HOP_BY_HOP.has(k)) out[k] = v;
    }
    res.writeHead(answer.statusCode, out);
    answer.pipe(res);
  });
  up.on('error', (e) => {
    if (res.headersSent) {
      res.destroy(e);
      return;
    }
    res.writeHead(502, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end(`h2-proxy: the fixture did not answer: ${e.message}`);
  });
  // A query the browser gave up on (its timeout aborted the stream) stops here too.
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  req.pipe(up);
});
// A browser that drops a connection mid-stream is not the proxy's failure.
server.on('sessionError', () => {});
server.on('tlsClientError', () => {});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening on https://127.0.0.1:${server.address().port}`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
