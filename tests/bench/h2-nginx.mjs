// `node tests/bench/h2-nginx.mjs http://127.0.0.1:FIXTURE_PORT`
//
// The same HTTPS front for the DoH fixture as tests/bench/h2-proxy.mjs (HTTP/2 over TLS, a
// self-signed certificate for 127.0.0.1 made at start, the fixture's status, headers and body
// passed through), served by nginx instead of node:http2, for the benchmarks that time the page
// against the front. It prints `listening on https://127.0.0.1:PORT` once nginx accepts
// connections and stops nginx when it is stopped.
//
// Why: on this 2-core machine the first round of an inspection arrives while Chromium compiles
// and lays out the page on both cores. Node's event loop then got its share late: answers the
// fixture had written at +100 ms left the Node proxy at +170 to +270 ms (proxy and fixture logs
// side by side), which timed the proxy, not the page. A real resolver runs elsewhere; nginx,
// compiled and event-driven, is the nearer stand-in for it.
//
// Needs the `nginx` and `openssl` commands (Debian: `apt-get install nginx openssl`); exits 3
// when nginx is missing, so a caller can fall back to h2-proxy.mjs.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSelfSigned } from './cert.mjs';

function usage(message, code = 2) {
  console.error(`h2-nginx: ${message}\nusage: node tests/bench/h2-nginx.mjs http://127.0.0.1:PORT`);
  process.exit(code);
}

const [upstream, ...extra] = process.argv.slice(2);
if (!upstream || extra.length) usage('one argument: the fixture URL');
const target = new URL(upstream);
if (target.protocol !== 'http:') usage(`${upstream}: the fixture speaks plain http://`);

const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
  try {
    execFileSync(p, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!nginx) usage('nginx is not installed (apt-get install nginx)', 3);

/** A port nothing listens on now (nginx takes it a moment later). */
async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on `port`. */
async function accepting(port, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) usage(`nginx exited with ${child.exitCode}`, 1);
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  usage(`nginx did not listen on ${port} within 5 s`, 1);
}

const dir = mkdtempSync(path.join(tmpdir(), 'authlens-nginx-'));
let child;
const stop = () => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
try {
  const { key, cert } = writeSelfSigned(dir);
  const port = await freePort();
  // One worker, no logs, nothing written outside `dir`. The fixture closes every connection
  // after its answer, so each query is a connection of nginx's own to it (loopback: well under a
  // millisecond). Responses are passed on as they come (no buffering to disk).
  writeFileSync(path.join(dir, 'nginx.conf'), `
worker_processes 1;
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    http2_max_concurrent_streams 250;
    location / {
      proxy_pass http://${target.hostname}:${target.port};
      proxy_http_version 1.1;
      proxy_buffering off;
      proxy_set_header Connection "";
      proxy_read_timeout 120s;
      # Resource Timing details (connect, request, response) for BENCH_DEBUG.
      add_header Timing-Allow-Origin "*" always;
    }
  }
}
`);
  child = spawn(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'inherit', 'inherit'] });
  await accepting(port, child);
  console.log(`listening on https://127.0.0.1:${port}`);
} catch (e) {
  stop();
  throw e;
}
child.on('exit', (code) => {
  stop();
  process.exit(code ?? 1);
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    stop();
    process.exit(0);
  });
}
