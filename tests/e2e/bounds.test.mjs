// Hostile sizes in the page (docs/bounds.md): a 10 MB paste, a message with a thousand header
// fields of which a thousand are DKIM-Signatures, and a domain whose SPF record tries a thousand
// includes (tests/fixtures/zones/bounds.yaml). Each ends with its result and a clear message, the
// page shows its progress state before the heavy work (it paints "Verifying signatures…"), and no
// error reaches the console. How long the work takes is measured in `make bench`, not here.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

const openMessagePage = async () => {
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await env.browser.page.goto(`${env.site.url}/?view=message&doh=${doh}`);
  await env.browser.page.locator('#al-message-text').waitFor();
  return env.browser.page;
};

// Records every data-status the result element takes, in order.
const watchStatus = (page) =>
  page.evaluate(() => {
    window.__statuses = [];
    new MutationObserver(() => {
      const s = document.querySelector('.al-result')?.getAttribute('data-status');
      if (s && window.__statuses.at(-1) !== s) window.__statuses.push(s);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  });

/** Puts `text` in the textarea the way a paste does: one input event with the whole value. */
const paste = (page, text) =>
  page.evaluate((t) => {
    const area = document.querySelector('#al-message-text');
    area.value = t;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);

test('a 10 MB paste is checked whole, with progress shown first', async () => {
  const page = await openMessagePage();
  await watchStatus(page);
  const header =
    'From: a@football.example.com\r\nTo: b@example.net\r\nSubject: ten megabytes\r\n' +
    'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=football.example.com; s=none;\r\n' +
    ' h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n\r\n';
  const line = `${'x'.repeat(998)}\r\n`;
  const text = header + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
  assert.ok(text.length > 10 * 1024 * 1024);
  await paste(page, text);
  await page.locator('button[type=submit]').click();
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 60000 });
  assert.deepEqual(await page.evaluate(() => window.__statuses), ['loading', 'done']);
  const result = await page.locator('.al-result').innerText();
  // No key at s=none: the one signature cannot be verified, and the page says why.
  assert.equal(await page.locator('.al-sig').count(), 1);
  assert.match(result, /none\._domainkey\.football\.example\.com/);
  assert.deepEqual(env.browser.errors, []);
});

test('a thousand signatures: ten verified, the rest listed as not verified', async () => {
  const page = await openMessagePage();
  let text = '';
  for (let i = 0; i < 1000; i++) {
    text += `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=s${i}.example; s=sel;\r\n h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n`;
  }
  text += 'From: a@example.com\r\nSubject: many\r\n\r\nbody\r\n';
  await env.dns.clearLog();
  await paste(page, text);
  await page.locator('button[type=submit]').click();
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('.al-sig').count(), 1000);
  assert.equal(await page.locator('.al-sig[data-result="neutral"]').count(), 990);
  const result = await page.locator('.al-result').innerText();
  assert.match(result, /message-too-many-signatures/);
  assert.match(result, /990 more signatures, not verified \(only the first 10 are\)/);
  const rest = await page.locator('.al-sig-rest__list').textContent();
  assert.match(rest, /d=s999\.example s=sel: not verified: only the first 10 of 1000 signatures are checked/);
  // DMARC weighs the ten verified signatures only.
  assert.equal(await page.locator('.al-align__id').count(), 10);
  // Ten key names, never a thousand.
  const keys = (await env.dns.log()).filter((q) => q.name.includes('._domainkey.'));
  assert.equal(new Set(keys.map((q) => q.name)).size, 10);
  await screenshot(page, 'bounds-signatures');
  assert.deepEqual(env.browser.errors, []);
});

test('an SPF record with a thousand includes: permerror, 64 fetched, the rest not followed', async () => {
  const { page } = env.browser;
  await env.dns.clearLog();
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.goto(`${env.site.url}/?doh=${doh}&domain=many.bounds.example`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 60000 });
  const result = await page.locator('.al-result').innerText();
  assert.match(result, /spf-too-many-lookups/);
  assert.match(result, /include:i17\.bounds\.example \(in many\.bounds\.example\) and 982 more/);
  const txt = (await env.dns.log()).filter((q) => q.name.endsWith('.bounds.example') && /^i\d+\./.test(q.name));
  assert.ok(txt.length > 0 && txt.length <= 64, `${txt.length} include targets asked`);
  await screenshot(page, 'bounds-spf-includes');
  assert.deepEqual(env.browser.errors, []);
});
