// The built page under its Content-Security-Policy (web/build/postbuild.mjs, a Trunk hook): the
// policy is there and strict, every page works under it, and a resolver it does not list is
// refused with a message that says why.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useEnvironment, root, screenshot, showRecords } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

test('dist/index.html carries a strict policy and Subresource Integrity', async () => {
  const html = await readFile(path.join(root, 'dist/index.html'), 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'a CSP meta element');
  const script = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
  // Exactly the hashes of the two inline scripts the build writes (the import map and the loader;
  // its data block, type application/json, does not run and needs none).
  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  assert.equal(inlineScripts.length, 2);
  assert.equal(script, `script-src 'self' 'wasm-unsafe-eval' ${inlineScripts.join(' ')}`);
  // 'unsafe-inline' only for style attributes (Leptos sets the meter's width), never for scripts.
  const inline = csp.split(';').map((d) => d.trim()).filter((d) => d.includes("'unsafe-inline'"));
  assert.deepEqual(inline, ["style-src-attr 'unsafe-inline'"]);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self' https:\/\/dns\.google https:\/\/cloudflare-dns\.com /);
  for (const m of html.matchAll(/<link rel="(stylesheet|modulepreload|preload)"[^>]*>/g)) {
    assert.match(m[0], /integrity="sha384-/, m[0]);
  }
  // Every page module: its JS through the import map's integrity, its wasm fetched with one, and
  // both hashes match the files.
  const importmap = JSON.parse(html.match(/<script type="importmap">([^<]+)<\/script>/)[1]);
  const { modules } = JSON.parse(html.match(/<script type="application\/json" id="al-build">([^<]*)<\/script>/)[1]);
  assert.ok(Object.keys(modules).length >= 4, 'a module per page');
  const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  for (const [js, wasm, wasmIntegrity] of Object.values(modules)) {
    assert.equal(importmap.integrity[`./${js}`], sri(await readFile(path.join(root, 'dist', js))), js);
    assert.equal(wasmIntegrity, sri(await readFile(path.join(root, 'dist', wasm))), wasm);
  }
});

test('each page downloads its own module and no other', async () => {
  const { page } = env.browser;
  const html = await readFile(path.join(root, 'dist/index.html'), 'utf8');
  const { views, modules } = JSON.parse(html.match(/<script type="application\/json" id="al-build">([^<]*)<\/script>/)[1]);
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  for (const [view, name] of Object.entries(views)) {
    const fetched = [];
    const record = (r) => fetched.push(new URL(r.url()).pathname.slice(1));
    page.on('request', record);
    await page.goto(`${env.site.url}/?doh=${doh}${view ? `&view=${view}` : ''}`);
    await page.locator('#main > *').first().waitFor({ timeout: 10000 });
    page.off('request', record);
    const wasm = fetched.filter((f) => f.endsWith('.wasm'));
    const js = fetched.filter((f) => f.endsWith('.js'));
    assert.deepEqual(wasm, [modules[name][1]], `?view=${view}`);
    assert.deepEqual(js, [modules[name][0]], `?view=${view}`);
    // The shared stylesheet, and a page's own one only on that page (web/build/modules.mjs).
    const css = fetched.filter((f) => f.endsWith('.css')).map((f) => f.replace(/-[0-9a-f]+\.css$/, ''));
    const own = { build_spf: 'builders', build_dkim: 'builders', build_mtasts: 'builders', reports: 'reports', message: 'message', dmarc: 'wizard' }[name];
    assert.deepEqual(css.sort(), ['main', ...(own ? [own] : [])].sort(), `?view=${view}: ${css}`);
    // Its rules apply: the page's own stylesheet was in before the module drew the page.
    if (own) {
      const sheet = await page.evaluate((o) => [...document.styleSheets].some((s) => s.href?.includes(`/${o}-`) && s.cssRules.length > 10), own);
      assert.ok(sheet, `${own}.css applied on ?view=${view}`);
    }
    // The shell marks the page it shows.
    const current = await page.locator('.al-nav__link[aria-current="page"]').getAttribute('href');
    assert.ok(view ? current.includes(`view=${view}`) : !current.includes('view='), `${view}: ${current}`);
  }
});

test('a domain in the address opens the connection to its resolver early, and nothing else does', async () => {
  const { page } = env.browser;
  const hints = () => page.evaluate(() =>
    [...document.querySelectorAll('link[rel="preconnect"]')].map((l) => [l.href, l.crossOrigin]));
  const dns = new URL(env.dns.url);
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  // The resolver `doh=` names, as a fetch without credentials uses it.
  await page.goto(`${env.site.url}/?doh=${doh}&domain=fabrikam.example`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  assert.deepEqual(await hints(), [[`${dns.origin}/`, 'anonymous']]);
  // The two public resolvers by name and by default (only the hint is looked at: no query is
  // allowed to leave this machine, so the page is left before it asks).
  for (const [param, origin] of [['cloudflare', 'https://cloudflare-dns.com/'], ['', 'https://dns.google/']]) {
    await page.route(/^https:\/\/(dns\.google|cloudflare-dns\.com)\//, (r) => r.abort());
    await page.goto(`${env.site.url}/?domain=fabrikam.example${param ? `&doh=${param}` : ''}`, { waitUntil: 'domcontentloaded' });
    assert.deepEqual(await hints(), [[origin, 'anonymous']], param || '(default)');
    await page.unroute(/^https:\/\/(dns\.google|cloudflare-dns\.com)\//);
  }
  // No domain (nothing will be asked), or another page: no connection is opened.
  for (const q of [`?doh=${doh}`, `?doh=${doh}&view=message&domain=fabrikam.example`, `?doh=${doh}&view=dmarc`]) {
    await page.goto(`${env.site.url}/${q}`);
    await page.locator('#main > *').first().waitFor({ timeout: 10000 });
    assert.deepEqual(await hints(), [], q);
  }
});

test('the loader asks the domain\'s TXT and MX before the module runs; the page asks them no second time', async () => {
  const { page, requests, errors } = env.browser;
  const doh = `${env.dns.url}/resolve`;
  const isWasm = (u) => u.endsWith('_bg.wasm');
  const dnsRequests = () => requests.filter((u) => u.startsWith(doh));
  const once = async () => {
    const log = await env.dns.log();
    const keys = log.map((q) => `${q.name.toLowerCase()} ${q.type}`);
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'a question asked twice');
    return keys;
  };
  // Written as people paste it: capitals and a final dot (the module reads it the same way).
  await env.dns.clearLog();
  await page.goto(`${env.site.url}/?doh=${encodeURIComponent(doh)}&domain=Fabrikam.Example.`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  const wasmAt = requests.findIndex(isWasm);
  assert.ok(wasmAt > 0, JSON.stringify(requests));
  assert.deepEqual(requests.slice(0, wasmAt).filter((u) => u.startsWith(doh)), [
    `${doh}?name=fabrikam.example&type=TXT`,
    `${doh}?name=fabrikam.example&type=MX`,
  ]);
  let keys = await once();
  assert.ok(keys.includes('fabrikam.example TXT') && keys.includes('fabrikam.example MX'), keys.join(', '));
  // Their answers are the page's: the SPF record and the MX hosts are shown.
  await showRecords(page);
  assert.match(await page.locator('.al-lookup').first().innerText(), /v=spf1 /);
  assert.match(await page.locator('.al-mx__hosts').innerText(), /fabrikam-example\.mail\.protection\.outlook\.com/);
  // A domain the loader does not read itself (a pasted URL) is left to the module entirely.
  requests.length = 0;
  await env.dns.clearLog();
  await page.goto(`${env.site.url}/?doh=${encodeURIComponent(doh)}&domain=${encodeURIComponent('https://fabrikam.example/x')}`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  assert.deepEqual(requests.slice(0, requests.findIndex(isWasm)).filter((u) => u.startsWith(doh)), []);
  keys = await once();
  assert.ok(keys.includes('fabrikam.example TXT'), keys.join(', '));
  assert.ok(dnsRequests().length > 0);
  assert.deepEqual(errors, []);
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
  // No resolver answered: the records, open at once, say why.
  await showRecords(page);
  const text = await page.locator('.al-result').innerText();
  assert.match(text, /Content-Security-Policy/);
});

test('a trap in the module (a panic in the release build) is said once, other errors are not', async () => {
  const { page, errors } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.goto(`${env.site.url}/?doh=${doh}&domain=fabrikam.example`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  // An uncaught error that is not the module's trap says nothing.
  await page.evaluate(() => new Promise((done) => {
    setTimeout(() => { throw new Error('not ours'); });
    setTimeout(done, 50);
  }));
  assert.equal(await page.locator('.al-boot-error').count(), 0);
  // A trap, thrown from a task and from a promise, as wasm-bindgen would surface either.
  await page.evaluate(() => new Promise((done) => {
    setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); });
    Promise.reject(new WebAssembly.RuntimeError('unreachable'));
    setTimeout(done, 50);
  }));
  const alert = page.locator('.al-boot-error[role="alert"]');
  assert.equal(await alert.count(), 1);
  assert.match(await alert.innerText(), /authlens stopped on an internal error \(unreachable\)\. Reload the page/);
  await screenshot(page, 'trap-alert');
  assert.ok(errors.length > 0 && errors.every((e) => /not ours|unreachable/.test(e)), errors.join('\n'));
});
