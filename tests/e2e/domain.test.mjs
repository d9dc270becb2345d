// The complete domain page over the fixture zones (tests/fixtures/zones/domains.yaml): a Microsoft
// 365 domain as its admins set it up, a Google Workspace domain with MTA-STS, TLS-RPT and BIMI, a
// badly configured domain, two resolvers that disagree, and the exports. Screenshots at desktop
// and phone widths go to target/e2e/.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useEnvironment, screenshot } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1100, height: 800 };

async function open(page, query) {
  await page.setViewportSize(DESKTOP);
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.goto(`${env.site.url}/?doh=${doh}&${query}`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 20000 });
}

async function both(page, name) {
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  // Nothing may stick out sideways on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than a phone`);
  await page.setViewportSize(DESKTOP);
}

const summaryLine = (page, protocol) =>
  page.locator(`.al-overview__line[data-protocol="${protocol}"]`);

async function lineState(page, protocol) {
  const cls = await summaryLine(page, protocol).getAttribute('class');
  return cls.match(/al-overview__line--(\w+)/)[1];
}

async function askedQuestions() {
  return (await env.dns.log()).map((q) => `${q.name.toLowerCase().replace(/\.$/, '')} ${q.type}`);
}

test('a Microsoft 365 domain: selector CNAMEs, the standby selector, p=none and the next step', async () => {
  const { page, errors } = env.browser;
  await env.dns.clearLog();
  await open(page, 'domain=fabrikam.example');
  const s1 = page.locator('.al-probe[data-selector="selector1"]');
  assert.equal(await s1.getAttribute('data-status'), 'found');
  const s1text = await s1.innerText();
  assert.match(s1text, /selector1-fabrikam-example\._domainkey\.fabrikam\.onmicrosoft\.com/);
  assert.match(s1text, /RSA 2048 bits/);
  assert.match(s1text, /Microsoft 365's selector/);
  const s2 = page.locator('.al-probe[data-selector="selector2"]');
  assert.equal(await s2.getAttribute('data-status'), 'dangling');
  // Microsoft 365's standby selector: information with Microsoft's steps, never "remove".
  assert.equal(await s2.getAttribute('data-state'), 'standby');
  assert.equal(await s1.getAttribute('data-state'), 'found');
  assert.equal(await s2.locator('.al-state').innerText(), 'STANDBY SELECTOR');
  const s2text = await s2.innerText();
  assert.match(s2text, /dkim-standby-selector/);
  assert.match(s2text, /Rotate DKIM keys/);
  assert.doesNotMatch(s2text, /dkim-cname-dangling|remove the CNAME/i);
  assert.doesNotMatch(await page.locator('.al-overview__fix').innerText(), /selector2/);
  assert.equal(await lineState(page, 'SPF'), 'ok');
  // The standby selector is information, and so is MTA-STS not published: grey, not red.
  assert.equal(await lineState(page, 'DKIM'), 'info');
  assert.equal(await lineState(page, 'DMARC'), 'warning');
  assert.equal(await lineState(page, 'MTA-STS'), 'info');
  // The protocols needing attention first, then the findings by severity, named as such.
  assert.equal(await page.locator('.al-overview__count').innerText(),
    '1 of 8 need attention · findings: 0 errors, 1 warning');
  const next = page.locator('.al-journey__step--next');
  assert.equal(await next.getAttribute('data-step'), 'quarantine');
  assert.match(await page.locator('.al-overview__next').innerText(), /p=quarantine/);
  assert.match(await page.locator('.al-mx').innerText(), /fabrikam-example\.mail\.protection\.outlook\.com/);
  // Every record has a copy button.
  assert.ok((await page.locator('.al-dkim .al-copy').count()) >= 1);
  const asked = await askedQuestions();
  assert.ok(asked.includes('selector1._domainkey.fabrikam.example TXT'), asked.join('\n'));
  await both(page, 'domain-m365');
  assert.deepEqual(errors, []);
});

test('a Google Workspace domain: every protocol in place, MTA-STS policy read and checked', async () => {
  const { page, errors, requests } = env.browser;
  await open(page, 'domain=northwind.example');
  // The page does not fetch the policy file (its CSP allows only resolvers): it links to it and
  // checks it when pasted.
  assert.equal(
    await page.locator('.al-sts a').getAttribute('href'),
    'https://mta-sts.northwind.example/.well-known/mta-sts.txt',
  );
  await page.locator('#al-sts-paste').fill('version: STSv1\nmode: enforce\nmx: smtp.google.com\nmax_age: 1209600\n');
  await page.locator('#al-sts-check').click();
  await page.locator('.al-sts .al-tags').first().waitFor({ timeout: 10000 });
  // The record's tags are explained on request, by the page's second module.
  await page.locator('.al-sts .al-tags-more summary').click();
  await page.locator('.al-sts .al-tags-more .al-tags').waitFor({ timeout: 10000 });
  assert.match(await page.locator('.al-sts .al-tags-more').innerText(), /id\s+\S+\s+Policy id/);
  for (const p of ['SPF', 'DKIM', 'DMARC', 'MX', 'MTA-STS', 'TLS-RPT', 'BIMI', 'DNSSEC']) {
    assert.equal(await lineState(page, p), 'ok', p);
  }
  const sts = await page.locator('.al-sts').innerText();
  assert.match(sts, /mode/);
  assert.match(sts, /enforce/);
  // The pasted file is shown line by line (a line feed in a DNS record is shown as an escape).
  assert.equal(
    await page.locator('.al-sts .al-record-box--lines').innerText(),
    'version: STSv1\nmode: enforce\nmx: smtp.google.com\nmax_age: 1209600\n',
  );
  assert.equal(await page.locator('.al-journey__step[data-state="done"]').count(), 5);
  // The BIMI logo address is text: no image or SVG is loaded from it.
  assert.equal(await page.locator('.al-bimi img, .al-bimi svg, .al-bimi object').count(), 0);
  assert.ok(!requests.some((u) => u.includes('/brand/')), 'the logo is never fetched');
  const foreign = requests.filter(
    (u) => !u.startsWith(env.site.url) && !u.startsWith(env.dns.url),
  );
  assert.deepEqual(foreign, [], 'only the page and the resolver');
  // A policy that does not cover the MX host is caught.
  await page.locator('#al-sts-paste').fill('version: STSv1\nmode: enforce\nmx: mail.elsewhere.example\nmax_age: 1209600\n');
  await page.locator('#al-sts-check').click();
  await page.locator('.al-sts .al-finding[data-code="mtasts-mx-not-covered"]').waitFor({ timeout: 5000 });
  await page.locator('#al-sts-paste').fill('version: STSv1\nmode: enforce\nmx: smtp.google.com\nmax_age: 1209600\n');
  await page.locator('#al-sts-check').click();
  await both(page, 'domain-google');
  assert.deepEqual(errors, []);
});

test('a badly configured domain trips at least ten finding codes, each explained', async () => {
  const { page, errors } = env.browser;
  await open(page, 'domain=badmail.example&selector=s1024,old,bad%20selector!');
  const codes = new Set(await page.locator('.al-finding[data-code]').evaluateAll((els) => els.map((e) => e.dataset.code)));
  const expected = [
    'spf-ptr-deprecated', 'spf-include-no-record', 'spf-permissive-all', 'spf-terms-after-all',
    'dmarc-no-rua', 'dmarc-pct-obsolete', 'dmarc-unknown-tag', 'dkim-key-weak', 'dkim-key-revoked',
    'dkim-selector-invalid', 'mx-host-no-address', 'mtasts-syntax', 'tlsrpt-rua-invalid',
    'bimi-logo-not-https', 'bimi-dmarc-not-enforced',
  ];
  for (const c of expected) assert.ok(codes.has(c), `${c} not shown; shown: ${[...codes]}`);
  assert.ok(codes.size >= 10);
  // The code is visible text beside its explanation.
  const f = page.locator('.al-finding[data-code="mx-host-no-address"]').first();
  assert.match(await f.locator('.al-finding__code').innerText(), /mx-host-no-address/);
  assert.match(await f.innerText(), /Mail host has no address/);
  // Every finding has its title and explanation from the page's catalog (findings::domain_info).
  const unexplained = await page.locator('.al-finding').evaluateAll((els) =>
    els.filter((e) => !e.querySelector('.al-finding__title')?.textContent.trim()
      || !e.querySelector('.al-finding__more')?.textContent.includes('Fix:')).map((e) => e.dataset.code));
  assert.deepEqual(unexplained, []);
  // Why it matters is drawn on request by the page's second module (findings::domain_brief: the
  // page's own module carries the titles and fixes, not the explanations).
  const toolsWasm = () => env.browser.requests.filter((u) => /\/inspect_tools-[0-9a-f]+_bg\.wasm$/.test(u));
  assert.deepEqual(toolsWasm(), []);
  await f.locator('.al-finding__more summary').click();
  const why = f.locator('.al-finding__why');
  await why.waitFor({ timeout: 10000 });
  assert.equal(await why.textContent(), 'An MX record names a host without A or AAAA records (or one that does not exist), so senders cannot deliver to it; if it is the only or the preferred host, mail is delayed or bounces.');
  assert.equal(await f.locator('.al-finding__rfc').textContent(), 'RFC 5321 §5.1');
  assert.equal(await f.locator('.al-finding__more p strong').first().textContent(), 'Fix: ');
  assert.match(await f.locator('.al-finding__more').innerText(), /Fix: Publish an A \(and AAAA\) record for the host, or correct or remove the MX record\./);
  assert.equal(toolsWasm().length, 1);
  assert.equal(await lineState(page, 'SPF'), 'error');
  assert.match(await page.locator('.al-overview__fix').innerText(), /Fix first/);
  assert.equal(await page.locator('#al-selectors').inputValue(), 's1024, old, bad selector!');
  await both(page, 'domain-bad');
  assert.deepEqual(errors, []);
});

test('two resolvers side by side mark the answer that differs', async () => {
  const { page, errors } = env.browser;
  const doh2 = encodeURIComponent(`${env.dns.url}/dns-query`);
  await open(page, `domain=propagating.example&compare=1&doh2=${doh2}`);
  const card = page.locator('.al-compare');
  await card.waitFor({ timeout: 15000 });
  assert.equal(await card.getAttribute('data-differences'), '1');
  const diff = card.locator('.al-compare__diff');
  assert.equal(await diff.getAttribute('data-name'), 'propagating.example');
  const text = await diff.innerText();
  assert.match(text, /include:spf\.protection\.outlook\.com/);
  assert.match(text, /include:_spf\.google\.com/);
  assert.equal(await page.locator('#al-compare').isChecked(), true);
  await screenshot(page, 'domain-compare');
  assert.deepEqual(errors, []);
});

test('the result exports as JSON (the CLI schema) and Markdown', async () => {
  const { page, errors } = env.browser;
  await open(page, 'domain=fabrikam.example');
  // The exports are made by the page's second module (src/components/tool.rs), not part of the
  // first load: fetched on first use, once, with its integrity hash; it takes the page's own
  // answers (src/dns/transport.rs, shared answers), so exporting asks the resolver nothing.
  const toolsWasm = () => env.browser.requests.filter((u) => /\/inspect_tools-[0-9a-f]+_bg\.wasm$/.test(u));
  const toolsCss = () => env.browser.requests.filter((u) => /\/tools-[0-9a-f]+\.css$/.test(u));
  assert.deepEqual(toolsWasm(), []);
  assert.deepEqual(toolsCss(), []);
  await env.dns.clearLog();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#al-export-json').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'authlens-fabrikam.example.json');
  const json = JSON.parse(await readFile(await download.path(), 'utf8'));
  for (const k of ['domain', 'resolver', 'summary', 'spf', 'dmarc', 'dkim', 'mx', 'mta_sts', 'tls_rpt', 'bimi', 'dnssec', 'lookups']) {
    assert.ok(k in json, `${k} in the export`);
  }
  assert.equal(json.domain, 'fabrikam.example');
  assert.equal(json.summary.next_step, 'quarantine');
  assert.equal(json.dkim.providers[0], 'microsoft365');
  const [md] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#al-export-md').click(),
  ]);
  const text = await readFile(await md.path(), 'utf8');
  assert.match(text, /^# Email authentication of `fabrikam\.example`/);
  assert.match(text, /\| DMARC \| warning \|/);
  assert.match(await page.locator('.al-export__said').innerText(), /Downloaded authlens-fabrikam\.example\.md/);
  assert.equal(toolsWasm().length, 1);
  assert.equal(toolsCss().length, 1);
  assert.deepEqual(await env.dns.log(), []);
  assert.deepEqual(errors, []);
});

test('cards keep their places while answers arrive, and the keyboard reaches everything', async () => {
  const { page, errors } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.setViewportSize(DESKTOP);
  await page.goto(`${env.site.url}/?doh=${doh}&domain=slow.example.org`);
  await page.locator('.al-result[data-status="loading"]').waitFor({ timeout: 5000 });
  const pending = await page.locator('[data-pending]').evaluateAll((els) => els.map((e) => e.dataset.pending));
  assert.ok(pending.includes('SPF') && pending.includes('Summary'), `${pending}`);
  const order = ['SPF', 'DMARC', 'DKIM', 'MX', 'MTA-STS', 'TLS-RPT', 'BIMI'];
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  const titles = await page.locator('.al-cards--domain > .al-card .al-card__title').allInnerTexts();
  assert.deepEqual(titles, order);
  // Tab from the domain field reaches the selectors, the button and the resolver settings.
  await page.locator('#al-domain').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'al-selectors');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Inspect');
  // Every form control has a label.
  const unlabeled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select')].filter((el) => {
      const id = el.id;
      return !(el.getAttribute('aria-label') || (id && document.querySelector(`label[for="${id}"]`)) || el.closest('label'));
    }).length,
  );
  assert.equal(unlabeled, 0);
  assert.deepEqual(errors, []);
});
