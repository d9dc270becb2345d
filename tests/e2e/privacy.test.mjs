// Privacy: every request the page makes during a full domain inspection and
// a message check is recorded, twice over (Playwright's request events, and the Chrome DevTools
// Protocol's Network domain for the page and for any worker or frame it starts), and each must
// be a file of the static site itself or a DoH query to the configured resolver carrying nothing
// but a DNS name and a record type.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { useEnvironment, dist, root, checkMessage } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

const TYPES = new Set(['A', 'AAAA', 'TXT', 'MX', 'CNAME', 'PTR', 'NS', 'SPF']);
// A DNS name as the engine asks it: LDH labels, underscores (_dmarc, _domainkey), no trailing dot.
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;

async function files(dir, prefix = '') {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...(await files(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out;
}

/**
 * Records every request from now on: Playwright's page and context events (which include the
 * requests of dedicated workers), CDP's Network.requestWillBeSent for the page, and every target
 * the page starts (workers, frames) through CDP's auto-attach, so that none goes unnoticed.
 */
async function recorder(page) {
  const seen = [];
  const targets = [];
  page.on('request', (r) => seen.push({ via: 'page', url: r.url() }));
  page.context().on('request', (r) => seen.push({ via: 'context', url: r.url() }));
  page.on('worker', (w) => targets.push(`worker ${w.url()}`));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => seen.push({ via: 'cdp', url: e.request.url }));
  cdp.on('Target.attachedToTarget', (e) => targets.push(`${e.targetInfo.type} ${e.targetInfo.url}`));
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
  return { seen, targets, stop: () => cdp.detach() };
}

/** Why a URL is not allowed, or null: the site's own files, or a DoH query of a name and type. */
function judge(url, { site, resolver, assets }) {
  const u = new URL(url);
  if (u.origin === new URL(site).origin) {
    if (u.pathname === '/' && u.hash === '') return null; // the page itself (its address holds the inputs the user gave it)
    if (u.search !== '') return `an asset with a query: ${url}`;
    return assets.has(decodeURIComponent(u.pathname)) ? null : `not a file of the site: ${url}`;
  }
  const r = new URL(resolver);
  if (u.origin !== r.origin || u.pathname !== r.pathname) return `not the configured resolver: ${url}`;
  const keys = [...u.searchParams.keys()];
  if (keys.join(',') !== 'name,type') return `a DoH query with more than a name and a type: ${url}`;
  const name = u.searchParams.get('name');
  const type = u.searchParams.get('type');
  if (!DNS_NAME.test(name)) return `not a DNS name: ${name}`;
  if (!TYPES.has(type)) return `not a record type the engine asks: ${type}`;
  return null;
}

test('a domain inspection and a message check send only the site\'s files and DoH names and types', async () => {
  const { page, errors } = env.browser;
  const assets = new Set(await files(dist));
  const resolver = `${env.dns.url}/resolve`;
  const rec = await recorder(page);

  // A full inspection of a fixture domain (every card: SPF, DMARC, DKIM, MX, MTA-STS, TLS-RPT, BIMI).
  await page.goto(`${env.site.url}/?doh=${encodeURIComponent(resolver)}&domain=fabrikam.example`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 20000 });

  // A message check with the connecting IP, so SPF, DKIM keys and DMARC are all looked up.
  await page.goto(`${env.site.url}/?doh=${encodeURIComponent(resolver)}&view=message`);
  const eml = await readFile(path.join(root, 'tests/data/dkim/rfc8463-a3.eml'), 'utf8');
  await checkMessage(page, eml, { ip: '192.0.2.25', timeout: 20000 });
  await page.waitForTimeout(300); // let late requests, if any, show up
  await rec.stop();

  const urls = [...new Set(rec.seen.map((s) => s.url))];
  const doh = urls.filter((u) => u.startsWith(resolver));
  assert.ok(doh.length >= 10, `DoH queries were recorded: ${doh.length}`);
  assert.ok(urls.some((u) => u.endsWith('.wasm')), 'the module was recorded');
  assert.ok(rec.seen.some((s) => s.via === 'cdp') && rec.seen.some((s) => s.via === 'page'));
  const bad = urls.map((u) => judge(u, { site: env.site.url, resolver, assets })).filter(Boolean);
  assert.deepEqual(bad, []);
  // No worker or frame was started by these two views (a worker's requests would be judged the same way).
  assert.deepEqual(rec.targets, []);
  // Nothing of the message but names: not its subject, body or the local parts of its addresses.
  for (const secret of ['dinner', 'hungry', 'SixPack', 'joe@', 'Is%20dinner']) {
    assert.deepEqual(urls.filter((u) => u.toLowerCase().includes(secret.toLowerCase())), [], secret);
  }
  // The names asked are those of the inspection and of the message's domains.
  const names = new Set(doh.map((u) => new URL(u).searchParams.get('name')));
  for (const n of ['fabrikam.example', '_dmarc.fabrikam.example', 'brisbane._domainkey.football.example.com']) {
    assert.ok(names.has(n), `${n} in ${[...names]}`);
  }
  assert.deepEqual(errors, []);
});
