// The built page's Content-Security-Policy, a <meta> after the charset.
//
// The inline scripts' SHA-256 go into script-src, so no 'unsafe-inline' is needed: they are taken
// from the page as written, so they follow whatever the loader becomes. The stylesheets carry
// Trunk's integrity hashes (sha384).
//
// connect-src lists where the page may fetch: its own origin (the Public Suffix List), the two
// public DoH JSON resolvers, and loopback (a resolver on the user's own machine; the tests' fixture
// server). A deployment that offers another resolver adds its origin at build time:
//   AUTHLENS_CONNECT_SRC="https://doh.example.net" trunk build --release
// A custom resolver URL typed in the page that is not on the list is refused by the browser, and
// the page says so.
import { createHash } from 'node:crypto';
import { BuildError } from './error.mjs';

// The inline scripts that run (the import map and the loader; the build's data block does not).
export const scriptHashes = (html) => [
  ...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g),
].map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);

// AUTHLENS_CONNECT_SRC: more resolvers' origins, separated by spaces or commas.
export function extraConnectSrc(value = '') {
  const extra = value.split(/[\s,]+/).filter(Boolean);
  for (const origin of extra) {
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin)) {
      throw new BuildError(`AUTHLENS_CONNECT_SRC: ${origin} is not an https:// origin`, 2);
    }
  }
  return extra;
}

// `reloadSocket`: the development build's live-reload socket (postbuild.mjs), else none.
export function policy({ hashes, reloadSocket = [], extra = [] }) {
  return [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
    "style-src 'self'",
    // Leptos sets a few style attributes (the lookup meter's width).
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    ['connect-src', "'self'", 'https://dns.google', 'https://cloudflare-dns.com',
      'http://127.0.0.1:*', 'http://localhost:*', ...reloadSocket, ...extra].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

// `html` with the policy as a <meta> right after <meta charset>.
export function withPolicy(html, content) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${content}" />`;
  html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    ${meta}`);
  if (!html.includes(meta)) throw new BuildError('no <meta charset="utf-8" /> to put the policy after');
  return html;
}
