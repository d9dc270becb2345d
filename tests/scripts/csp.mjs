// Trunk post-build hook (Trunk.toml): gives the built page a strict Content-Security-Policy.
//
// Trunk's loader is one inline <script type="module">: its SHA-256 goes into script-src, so no
// 'unsafe-inline' is needed. The stylesheets, the module and the wasm already carry Subresource
// Integrity hashes (Trunk's default, sha384).
//
// connect-src lists where the page may fetch: its own origin (the Public Suffix List), the two
// public DoH JSON resolvers, and loopback (a resolver on the user's own machine; the tests' fixture
// server). A deployment that offers another resolver adds its origin at build time:
//   AUTHLENS_CONNECT_SRC="https://doh.example.net" trunk build --release
// A custom resolver URL typed in the page that is not on the list is refused by the browser, and
// the page says so.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('csp.mjs: run as a Trunk hook (TRUNK_STAGING_DIR) or give the dist directory');
  process.exit(2);
}
const file = path.join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/, '');

const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
const extra = (process.env.AUTHLENS_CONNECT_SRC ?? '').split(/[\s,]+/).filter(Boolean);
for (const origin of extra) {
  if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin)) {
    console.error(`csp.mjs: AUTHLENS_CONNECT_SRC: ${origin} is not an https:// origin`);
    process.exit(2);
  }
}
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  // Leptos sets a few style attributes (the lookup meter's width).
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  ['connect-src', "'self'", 'https://dns.google', 'https://cloudflare-dns.com',
    'http://127.0.0.1:*', 'http://localhost:*', ...extra].join(' '),
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    ${meta}`);
if (!html.includes(meta)) {
  console.error('csp.mjs: no <meta charset="utf-8" /> to put the policy after');
  process.exit(1);
}
writeFileSync(file, html);
console.log(`csp.mjs: Content-Security-Policy with ${hashes.length} script hash(es)`);
