// The DMARC wizard end to end: build p=reject with an external rua, copy it, check it is clean.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

test('walk the wizard to p=reject with an external rua, copy the record, compare with the published one', async () => {
  const { page, errors, context } = env.browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.site.url });
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await page.goto(`${env.site.url}/?view=dmarc&doh=${doh}`);
  await page.locator('#al-wz-domain').fill('shop.example');
  await page.locator('#al-wz-p').selectOption('reject');
  await page.locator('#al-wz-np').selectOption('reject');
  await page.locator('#al-wz-rua').fill('dmarc@shop.example, agg@reports.example.net');
  const want = 'v=DMARC1; p=reject; np=reject; rua=mailto:dmarc@shop.example,mailto:agg@reports.example.net';
  await page.waitForFunction((w) => document.querySelector('.al-wizard__record')?.textContent === w, want);
  const out = page.locator('.al-wizard__out');
  assert.match(await out.innerText(), /_dmarc\.shop\.example/);
  assert.match(await out.innerText(), /shop\.example\._report\._dmarc\.reports\.example\.net\s+TXT\s+"v=DMARC1"/);
  assert.equal(await out.locator('.al-finding--error').count(), 0, 'the record parses with no error');
  // The plan is in the address, so it can be shared.
  assert.match(page.url(), /p=reject/);
  assert.match(page.url(), /rua=dmarc%40shop\.example/);
  await page.locator('#al-wz-copy').click();
  await page.locator('.al-wizard__copied', { hasText: 'Copied.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want);
  // Compare with what shop.example publishes (p=none): the difference and the rollout stage.
  await page.locator('#al-wz-compare').click();
  await page.locator('.al-wizard__diff').waitFor({ timeout: 10000 });
  assert.match(await page.locator('.al-wizard__diff').innerText(), /p: none → reject/);
  assert.match(await page.locator('.al-plan__stage--current').innerText(), /1\. Monitor/);
  // Reloading the shared address restores the choices.
  await page.reload();
  await page.waitForFunction((w) => document.querySelector('.al-wizard__record')?.textContent === w, want);
  await screenshot(page, 'dmarc-wizard');
  assert.deepEqual(errors, []);
});
