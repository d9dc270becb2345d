// The built page under its Content-Security-Policy (tests/scripts/csp.mjs, a Trunk hook): the
// policy is there and strict, every page works under it, and a resolver it does not list is
// refused with a message that says why.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useEnvironment, root } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

test('dist/index.html carries a strict policy and Subresource Integrity', async () => {
  const html = await readFile(path.join(root, 'dist/index.html'), 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'a CSP meta element');
  const script = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
  assert.match(script, /^script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'$/);
  // 'unsafe-inline' only for style attributes (Leptos sets the meter's width), never for scripts.
  const inline = csp.split(';').map((d) => d.trim()).filter((d) => d.includes("'unsafe-inline'"));
  assert.deepEqual(inline, ["style-src-attr 'unsafe-inline'"]);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self' https:\/\/dns\.google https:\/\/cloudflare-dns\.com /);
  for (const m of html.matchAll(/<link rel="(stylesheet|modulepreload|preload)"[^>]*>/g)) {
    assert.match(m[0], /integrity="sha384-/, m[0]);
  }
});

test('every page runs under the policy with no violation', async () => {
  const { page, errors } = env.browser;
  const violations = [];
  await page.exposeFunction('__cspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  for (const view of ['', 'view=message', 'view=dmarc', 'view=reports', 'view=build-spf', 'view=build-dkim', 'view=build-mtasts']) {
    await page.goto(`${env.site.url}/?doh=${doh}&${view}`);
    await page.locator('#main > *').first().waitFor({ timeout: 10000 });
  }
  await page.goto(`${env.site.url}/?doh=${doh}&domain=fabrikam.example`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});

test('a resolver the policy does not list is refused, and the page says why', async () => {
  const { page } = env.browser;
  const doh = encodeURIComponent('https://doh.example.net/dns-query');
  await page.goto(`${env.site.url}/?doh=${doh}&domain=example.com`);
  await page.locator('.al-result[data-status="error"]').waitFor({ timeout: 15000 });
  const text = await page.locator('.al-result').innerText();
  assert.match(text, /Content-Security-Policy/);
});
