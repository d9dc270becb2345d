// The domain page end to end: dist/ on a static server, DNS from the fixture server.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot, showRecords } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

const result = (page) => page.locator('.al-result');

test('?domain= and ?doh= open the page on a domain and show its records (Cloudflare dialect)', async () => {
  const { page, errors, requests } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await page.goto(`${env.site.url}/?domain=example.com&doh=${doh}`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  const text = await result(page).innerText();
  assert.match(text, /v=spf1 ip4:192\.0\.2\.0\/24 include:_spf\.example\.net -all/);
  assert.match(text, /_dmarc\.example\.com/);
  assert.match(text, /v=DMARC1; p=reject; rua=mailto:dmarc@example\.com/);
  assert.match(text, /DNSSEC validated/);
  assert.equal(await page.locator('#al-domain').inputValue(), 'example.com');
  await screenshot(page, 'inspect-example-com');
  const asked = (await env.dns.log()).map((q) => `${q.name.toLowerCase()} ${q.type}`);
  for (const q of ['example.com TXT', '_dmarc.example.com TXT', '_spf.example.net TXT']) {
    assert.ok(asked.includes(q), `${q} in ${asked}`);
  }
  assert.equal(new Set(asked).size, asked.length, `no query twice in one page session: ${asked}`);
  const foreign = requests.filter((u) => !u.startsWith(env.site.url) && !u.startsWith(env.dns.url));
  assert.deepEqual(foreign, [], 'the page contacts only its own origin and the resolver');
  assert.deepEqual(errors, []);
});

test('a record split in two strings shows both strings; a missing _dmarc is NXDOMAIN', async () => {
  const { page, errors } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await page.goto(`${env.site.url}/?domain=split.example.net&doh=${doh}`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  await showRecords(page);
  const strings = await page.locator('.al-lookup').first().locator('.al-record__string').allInnerTexts();
  assert.deepEqual(strings, ['v=spf1 ip4:198.51.100.0/24 ', '-all']);
  assert.match(await result(page).innerText(), /NXDOMAIN/);
  await screenshot(page, 'inspect-split');
  assert.deepEqual(errors, []);
});

test('typing a domain and submitting runs the lookup and updates the address (Google dialect)', async () => {
  const { page, errors } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.goto(`${env.site.url}/?doh=${doh}`);
  await page.locator('#al-domain').fill('  Quotes.Example.ORG. ');
  await page.locator('#al-domain').press('Enter');
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  await showRecords(page);
  assert.match(await result(page).innerText(), /note="quoted" value/);
  assert.match(page.url(), /[?&]domain=quotes\.example\.org(&|$)/);
  assert.deepEqual(errors, []);
});

test('loading state is visible while answers are delayed', async () => {
  const { page, errors } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.goto(`${env.site.url}/?domain=slow.example.org&doh=${doh}`);
  await page.locator('.al-result[data-status="loading"]').waitFor({ timeout: 5000 });
  assert.match(await result(page).innerText(), /Looking up slow\.example\.org/);
  await screenshot(page, 'inspect-loading');
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  assert.deepEqual(errors, []);
});

test('bad input gets a message with its position, and a dead resolver an error state', async () => {
  const { page } = env.browser;
  await page.goto(`${env.site.url}/?domain=${encodeURIComponent('exa mple.com')}`);
  await page.locator('.al-result[data-status="error"]').waitFor({ timeout: 5000 });
  assert.match(await result(page).innerText(), /position 4/);
  await screenshot(page, 'inspect-bad-input');

  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.goto(`${env.site.url}/?domain=http-503.example.com&doh=${doh}`);
  await page.locator('.al-result[data-status="done"], .al-result[data-status="error"]').waitFor({ timeout: 15000 });
  assert.match(await result(page).innerText(), /HTTP 503/);
});

test('the resolver can be chosen in the settings control', async () => {
  const { page, errors } = env.browser;
  await page.goto(`${env.site.url}/`);
  await env.dns.clearLog();
  const chosen = `${env.dns.url}/dns-query`;
  await page.locator('#al-resolver-select').selectOption('custom');
  await page.locator('.al-resolver__url').fill(chosen);
  await page.locator('.al-resolver__url').press('Tab');
  await page.locator('#al-domain').fill('example.com');
  await page.locator('button[type=submit]').click();
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  // The address names exactly the chosen resolver, so a shared link asks the same one.
  assert.equal(new URL(page.url()).searchParams.get('doh'), chosen);
  // Every question went to it, in its dialect (the path the user typed), and its answers are
  // the ones shown.
  const log = await env.dns.log();
  assert.ok(log.length > 0, 'the chosen resolver was asked');
  assert.deepEqual([...new Set(log.map((q) => q.path))], ['/dns-query']);
  assert.ok(log.some((q) => q.name.replace(/\.$/, '') === 'example.com' && q.type === 'TXT'));
  assert.match(await page.locator('.al-result').innerText(), /v=DMARC1; p=reject; rua=mailto:dmarc@example\.com/);
  // Nothing went to the public resolvers the page offers by default.
  assert.deepEqual(env.browser.requests.filter((u) => /dns\.google|cloudflare-dns\.com/.test(u)), []);
  assert.deepEqual(errors, []);
});
