// The SPF card end to end: a tree over the limit, term explanations, "Test a sender", "What if".
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

const open = async (domain, dialect = 'resolve') => {
  const { page } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/${dialect}`);
  await page.goto(`${env.site.url}/?domain=${domain}&doh=${doh}`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 20000 });
  return page.locator('.al-spf');
};

test('a domain with Google, Microsoft 365 and four more senders goes over 10 lookups', async () => {
  const { page, errors } = env.browser;
  const card = await open('bigco.example');
  const text = await card.innerText();
  assert.match(text, /spf-too-many-lookups/);
  // RFC 7208 §4.6.4: a sender matched before the 11th lookup still passes. The headline is the
  // summary's SPF line (said once there); the card's badge is its findings' severity.
  assert.equal(await card.locator('header [data-badge]').getAttribute('data-badge'), 'error');
  const line = await page.locator('.al-overview__line[data-protocol="SPF"] .al-overview__verdict').innerText();
  assert.match(line, /Over the 10-lookup limit \(12\/10 lookups\): senders not matched before the 11th lookup get permerror/);
  assert.doesNotMatch(line + text, /every message gets permerror/);
  assert.match(text, /12\/10/);
  // The tree shows the nested Google includes with their counts.
  const tree = card.locator('.al-tree');
  assert.match(await tree.innerText(), /include:_spf\.google\.com/);
  assert.match(await tree.innerText(), /_netblocks3\.google\.com/);
  assert.equal(await card.locator('.al-count--over').first().isVisible(), true);
  // Which term makes lookup 11.
  await card.locator('.al-spf__counts summary').click();
  await card.locator('.al-counts__item--over').first().waitFor();
  const over = await card.locator('.al-counts__item--over').allInnerTexts();
  assert.ok(over.length === 2, over.join(' | '));
  assert.match(over[0], /lookup #11/);
  await screenshot(page, 'spf-bigco');
  assert.deepEqual(errors, []);
});

test('choosing a term explains it with its RFC section', async () => {
  const { page, errors } = env.browser;
  const card = await open('shop.example', 'dns-query');
  assert.match(await page.locator('.al-overview__line[data-protocol="SPF"] .al-overview__verdict').innerText(), /Valid: 5\/10 lookups, ends in -all/);
  await card.locator('.al-term', { hasText: 'include:sendgrid.net' }).click();
  // The explanation is drawn by the page's second module, fetched now (src/components/tool.rs).
  await card.locator('.al-term-detail__what', { hasText: 'include:sendgrid.net' }).waitFor();
  const detail = await card.locator('.al-term-detail').innerText();
  assert.match(detail, /Hosts that pass the SPF policy of sendgrid\.net pass/);
  assert.match(detail, /RFC 7208 §5\.2/);
  await card.locator('.al-term', { hasText: '-all' }).focus();
  await card.locator('.al-term-detail__what', { hasText: '-all' }).waitFor();
  assert.equal(
    await card.locator('.al-term-detail__what', { hasText: '-all' }).innerText(),
    '-all — Every host not matched by an earlier term: fail.',
  );
  await screenshot(page, 'spf-shop-term');
  assert.deepEqual(errors, []);
});

test('Test a sender evaluates SPF and shows the trace', async () => {
  const { page, errors } = env.browser;
  const card = await open('shop.example');
  await env.dns.clearLog();
  // A pointer over "Test a sender" starts the second module's download before the click.
  await Promise.all([
    page.waitForRequest((r) => /\/inspect_tools-[0-9a-f]+_bg\.wasm$/.test(r.url()), { timeout: 5000 }),
    card.locator('.al-tester summary').hover(),
  ]);
  await card.locator('.al-tester summary').click();
  await card.locator('.al-tester input[name=ip]').fill('167.89.1.2');
  await card.locator('.al-tester button[type=submit]').click();
  await card.locator('.al-tester__result[data-status="done"]').waitFor({ timeout: 10000 });
  // The page's second module evaluates with the answers the inspection already has.
  assert.deepEqual(await env.dns.log(), []);
  const res = await card.locator('.al-tester__result').innerText();
  assert.match(res, /pass/);
  assert.match(res, /include:sendgrid\.net/);
  assert.match(res, /ip4:167\.89\.0\.0\/17/);
  await card.locator('.al-tester input[name=ip]').fill('203.0.113.50');
  await card.locator('.al-tester button[type=submit]').click();
  await page.waitForFunction(() => /fail/.test(document.querySelector('.al-tester__verdict')?.textContent ?? ''));
  await screenshot(page, 'spf-tester');
  assert.deepEqual(errors, []);
});

test('exp= and macros: the card shows the explanation, the tester what each macro expanded to', async () => {
  const { page, errors } = env.browser;
  // tests/fixtures/zones/spf.yaml: explained.example.
  const card = await open('explained.example');
  assert.equal(
    await card.locator('.al-spf__exp').innerText(),
    'exp=why.explained.example: with a fail, receivers may give the explanation published at why.explained.example: %{i} is not one of the mail servers of %{d} (macros expanded for each message)',
  );
  await card.locator('.al-tester summary').click();
  await card.locator('.al-tester input[name=ip]').fill('203.0.113.9');
  await card.locator('.al-tester button[type=submit]').click();
  await card.locator('.al-tester__result[data-status="done"]').waitFor({ timeout: 10000 });
  const targets = await card.locator('.al-trace__target').allInnerTexts();
  assert.ok(targets.some((t) => /→ 203\.0\.113\.9\._spf\.explained\.example$/.test(t.trim())), targets.join(' | '));
  assert.equal(
    await card.locator('.al-tester__exp').innerText(),
    'Explanation (exp= at why.explained.example): 203.0.113.9 is not one of the mail servers of explained.example',
  );
  await screenshot(page, 'spf-exp');
  assert.deepEqual(errors, []);
});

test('What if: a draft without two senders comes back under the limit', async () => {
  const { page, errors } = env.browser;
  const card = await open('bigco.example');
  await card.locator('.al-whatif summary').click();
  await card.locator('.al-whatif__result .al-meter').waitFor({ timeout: 10000 });
  assert.match(await card.locator('.al-whatif__result .al-meter').innerText(), /12\/10/);
  await card
    .locator('.al-whatif__text')
    .fill('v=spf1 mx include:_spf.google.com include:spf.protection.outlook.com include:sendgrid.net -all');
  await page.waitForFunction(() => /7\/10/.test(document.querySelector('.al-whatif__result .al-meter')?.textContent ?? ''), null, { timeout: 10000 });
  await screenshot(page, 'spf-whatif');
  assert.deepEqual(errors, []);
});
