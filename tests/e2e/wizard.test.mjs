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

test('the wizard refuses invalid input at the field, and only once something is typed', async () => {
  const { page, errors } = env.browser;
  await page.goto(`${env.site.url}/?view=dmarc`);
  await page.locator('#al-wz-domain').waitFor();
  const record = () => page.locator('.al-wizard__record').textContent();
  // Nothing typed: no field is marked invalid and no error is shown.
  assert.equal(await page.locator('.al-field-error').count(), 0);
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
  const fields = [
    // [input, what is typed, the error it must show, the record it must leave]
    ['#al-wz-pct', '150', '"150" is not a share: pct= takes a whole number from 0 to 100', 'v=DMARC1; p=none'],
    ['#al-wz-rua', 'dmarc@@example', '"dmarc@@example" is not a mail address', 'v=DMARC1; p=none'],
    ['#al-wz-ruf', 'fail reports@example.com', '"fail" is not a mail address', 'v=DMARC1; p=none; ruf=mailto:reports@example.com'],
    ['#al-wz-steps', '10, 200', 'share 2 ("200") is not a whole number from 1 to 99', 'v=DMARC1; p=none'],
  ];
  for (const [input, typed, message, want] of fields) {
    const id = input.slice(1);
    await page.locator(input).fill(typed);
    const error = page.locator(`#${id}-error`);
    await error.waitFor();
    assert.equal(await error.textContent(), message, input);
    assert.equal(await error.getAttribute('role'), 'alert', input);
    assert.equal(await page.locator(input).getAttribute('aria-invalid'), 'true', input);
    assert.equal(await page.locator(input).getAttribute('aria-describedby'), `${id}-error`, input);
    assert.equal(await record(), want, `${input}: the invalid value stays out of the record`);
    if (input === '#al-wz-pct') await screenshot(page, 'wizard-invalid-pct');
    // Corrected, the error goes and the value counts.
    await page.locator(input).fill('');
    await error.waitFor({ state: 'detached' });
    assert.equal(await page.locator(input).getAttribute('aria-invalid'), null, input);
  }
  await page.locator('#al-wz-domain').fill('exa mple.com');
  const domainError = page.locator('#al-wz-domain-error');
  await domainError.waitFor();
  assert.match(await domainError.textContent(), /^"exa mple\.com": /);
  assert.equal(await page.locator('.al-wizard__name').textContent(), '_dmarc.<domain>');
  await page.locator('#al-wz-domain').fill('example.com');
  await domainError.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.al-wizard__name').textContent(), '_dmarc.example.com');
  await page.locator('#al-wz-pct').fill('25');
  await page.locator('#al-wz-p').selectOption('quarantine');
  await page.waitForFunction(() => document.querySelector('.al-wizard__record')?.textContent === 'v=DMARC1; p=quarantine; pct=25');
  assert.equal(await page.locator('.al-field-error').count(), 0);
  assert.deepEqual(errors, []);
});
