// The DMARC wizard end to end: build p=reject with an external rua, copy it, check it is clean.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot } from './harness.mjs';
import { codesInProse, repeatedSentences, repeatedNames, controlNames, overflow } from './polish.mjs';

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

/**
 * The page-wide rules of a finished page (tests/e2e/polish.mjs), at 1280 and at 390 px: no
 * finding code inside a sentence, no sentence said twice, no two toggles or copy buttons with
 * the same accessible name, nothing wider than the page or cut off.
 */
async function polished(page, what) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    assert.deepEqual(await codesInProse(page), [], `${what} at ${width} px: a finding code inside a sentence`);
    assert.deepEqual(await repeatedSentences(page), [], `${what} at ${width} px: a sentence said twice`);
    assert.deepEqual(await repeatedNames(page), [], `${what} at ${width} px: controls named alike`);
    assert.deepEqual(await overflow(page), [], `${what} at ${width} px: overflow`);
  }
  await page.setViewportSize({ width: 1100, height: 800 });
}

test('each sentence once, every copy button named for its record, nothing overflows: at each stage of the wizard', async () => {
  const { page, errors } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await page.goto(`${env.site.url}/?view=dmarc&doh=${doh}`);
  await page.locator('.al-plan__stage').first().waitFor();
  // Untouched: nothing is marked wrong.
  const shown = await page.evaluate(() => [...document.querySelectorAll('[role="alert"], [aria-invalid="true"], .al-field-error, .al-resolver__error, .al-finding--error')]
    .filter((e) => e.checkVisibility()).map((e) => e.outerHTML.slice(0, 120)));
  assert.deepEqual(shown, []);
  await polished(page, 'fresh');
  // The first stage is the record being built (p=none): it refers to what is said above it,
  // and the last stage has no next step to prepare.
  const stages = page.locator('.al-plan__stage');
  assert.match(await stages.first().innerText(), /Receivers do the same as with your record above\./);
  const last = await stages.last().innerText();
  assert.doesNotMatch(last, /Before the next step/);
  assert.match(last, /Keep reading the reports/);

  await page.locator('#al-wz-domain').fill('shop.example');
  await page.locator('#al-wz-p').selectOption('reject');
  await page.locator('#al-wz-np').selectOption('reject');
  await page.locator('#al-wz-rua').fill('dmarc@shop.example, agg@reports.example.net, dmarc-aggregate-reports@long-vendor-name.example.org');
  await page.locator('#al-wz-ruf').fill('failures@reports.example.net');
  await page.waitForFunction(() => document.querySelector('.al-wizard__record')?.textContent.includes('ruf=mailto:failures@reports.example.net'));
  await polished(page, 'filled in');
  await page.locator('#al-wz-compare').click();
  await page.locator('.al-wizard__diff').waitFor({ timeout: 10000 });
  await polished(page, 'compared');
  for (const ramp of ['pct', 'both']) {
    await page.locator('#al-wz-ramp').selectOption(ramp);
    await page.locator('.al-plan__stage', { hasText: 'pct=50' }).first().waitFor();
    await polished(page, `the ${ramp} ramp`);
  }
  // Stages that do what the stage before does refer to it instead of saying it again.
  const plan = await page.locator('.al-plan__stages').innerText();
  assert.match(plan, /RFC 9989 receivers: unchanged/);
  assert.match(plan, /Same checks as stage 2\./);
  const names = await controlNames(page);
  for (const n of [
    'button: Copy the DMARC record',
    'button: Copy the authorization record for reports.example.net',
    'button: Copy the authorization record for long-vendor-name.example.org',
    'button: Copy the record of stage 1, Monitor',
  ]) assert.ok(names.includes(n), `${n} in ${names.join(' | ')}`);
  assert.deepEqual(errors, []);
});
