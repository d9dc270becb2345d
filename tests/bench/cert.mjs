// The test certificate of the benchmarks' HTTPS fronts (h2-proxy.mjs, h2-nginx.mjs).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Writes a self-signed P-256 certificate for 127.0.0.1, valid two days, into `dir` with the
 * `openssl` command; returns the paths `{ key, cert }` (PEM). Throws with `code` ENOENT when there
 * is no `openssl`.
 */
export function writeSelfSigned(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { key, cert };
}
