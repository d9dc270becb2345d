// The domain page and the shell as a first-time user meets them: the landing page says what is
// checked and offers a domain to try; codes stand beside findings, never in sentences; a
// sentence is said once; every badge is the highest severity of the findings it sums up; repeated
// controls have names that tell them apart; the skip link covers nothing; nothing overflows a
// phone's width.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot } from './harness.mjs';
import { codesInProse, repeatedSentences, repeatedNames, controlNames, overflow } from './polish.mjs';

const env = useEnvironment({ before, after, beforeEach });
const doh = () => encodeURIComponent(`${env.dns.url}/dns-query`);

const open = async (domain, { width = 1280, height = 900 } = {}) => {
  const { page } = env.browser;
  await page.setViewportSize({ width, height });
  await page.goto(`${env.site.url}/?${domain ? `domain=${domain}&` : ''}doh=${doh()}`);
  if (domain) {
    await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 20000 });
    await page.locator('.al-overview').waitFor();
  } else {
    await page.locator('.al-landing').waitFor();
  }
  return page;
};

const SEVERITY = ['error', 'warning', 'info'];
/** The highest severity among the findings shown in `card`, `ok` when none. */
const highest = async (card) => {
  const classes = await card.locator('.al-finding[data-code]').evaluateAll((els) => els.map((e) => e.className));
  return SEVERITY.find((s) => classes.some((c) => c.includes(`al-finding--${s}`))) ?? 'ok';
};
const CARDS = { SPF: '.al-spf', DKIM: '.al-dkim', DMARC: '.al-dmarc', MX: '.al-mx', 'MTA-STS': '.al-sts', 'TLS-RPT': '.al-tlsrpt', BIMI: '.al-bimi' };

test('the landing page: a domain to try, what is checked, the privacy promise above the fold, the other pages', async () => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const page = await open(null, { width, height });
    const landing = page.locator('.al-landing');
    await landing.waitFor();
    const checks = await landing.locator('.al-landing__checks dt').allInnerTexts();
    assert.deepEqual(checks, ['SPF', 'DKIM', 'DMARC', 'MX', 'MTA-STS', 'TLS-RPT', 'BIMI', 'DNSSEC']);
    for (const dd of await landing.locator('.al-landing__checks dd').allInnerTexts()) assert.ok(dd.length > 20, dd);
    const privacy = page.locator('.al-search__privacy');
    assert.match(await privacy.innerText(), /only the DNS names they need go to the resolver/);
    const box = await privacy.boundingBox();
    assert.ok(box.y + box.height <= height, `privacy line at ${box.y}px, below the fold of ${height}px`);
    const hrefs = await landing.locator('a').evaluateAll((as) => as.map((a) => new URL(a.href).search));
    for (const view of ['message', 'reports', 'build-spf', 'build-dkim', 'dmarc', 'build-mtasts']) {
      assert.ok(hrefs.some((h) => h.startsWith(`?view=${view}&doh=`)), `${view} in ${hrefs}`);
    }
    assert.deepEqual(await overflow(page), [], `at ${width}px`);
    assert.deepEqual(await codesInProse(page), []);
    assert.deepEqual(await repeatedSentences(page, 'body'), []);
    await screenshot(page, `polish-landing-${width}`);
  }
  // The example runs the inspection, with the chosen resolver.
  const page = await open(null);
  await page.locator('.al-landing__try a').click();
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 20000 });
  assert.match(await page.locator('.al-result__title').innerText(), /Results for example\.com/);
  assert.equal(await page.locator('.al-landing').isVisible(), false);
  assert.deepEqual(env.browser.errors, []);
});

test('the resolver: the comparison names the resolver it adds, the custom URL is shown whole', async () => {
  const page = await open(null);
  const compare = page.locator('label[for="al-compare"]');
  // A custom resolver (the fixture's): compared with Google's.
  assert.equal(await page.locator('#al-resolver-select').inputValue(), 'custom');
  assert.match(await compare.innerText(), /Compare the answers with Google's resolver/);
  const url = page.locator('.al-resolver__url');
  const fits = await url.evaluate((e) => e.scrollWidth <= e.clientWidth);
  assert.ok(fits, `the URL is cut off: ${await url.inputValue()}`);
  await page.locator('#al-resolver-select').selectOption('google');
  assert.match(await compare.innerText(), /Compare the answers with Cloudflare's resolver/);
  await page.locator('#al-resolver-select').selectOption('cloudflare');
  assert.match(await compare.innerText(), /Compare the answers with Google's resolver/);
});

for (const domain of ['fabrikam.example', 'badmail.example', 'spfover.ramp.example', 'invalid.ramp.example', 'northwind.example', 'norecord.ramp.example']) {
  test(`${domain}: badges from findings, codes as labels only, each sentence once, distinct control names`, async () => {
    const page = await open(domain);
    // Every summary line's badge is the highest severity of its card's findings, and the card's
    // own badge says the same.
    for (const [protocol, sel] of Object.entries(CARDS)) {
      const row = page.locator(`.al-overview__line[data-protocol="${protocol}"]`);
      const badge = await row.locator('[data-badge]').getAttribute('data-badge');
      const card = page.locator(`section${sel}`);
      const expected = await highest(card);
      assert.equal(badge, expected, `${domain} ${protocol}: summary says ${badge}, the card's findings ${expected}`);
      assert.equal(await card.locator('header [data-badge]').getAttribute('data-badge'), expected, `${domain} ${protocol} card`);
      assert.equal((await row.locator('[data-badge]').innerText()).toLowerCase(), expected);
      // "No findings." only where there are none.
      if (expected !== 'ok') assert.equal(await card.locator('.al-findings__none:visible').count(), 0, `${domain} ${protocol}: "No findings." under a finding`);
    }
    // Fix first: the finding by its title, a link to its card; its code is in the card only.
    const fix = page.locator('.al-overview__fix');
    if (await fix.count()) {
      assert.equal(await fix.locator('code').count(), 0);
      const href = await fix.locator('a').getAttribute('href');
      assert.equal(await page.locator(href).count(), 1, href);
      const code = await fix.getAttribute('data-code');
      assert.ok(await page.locator(`.al-finding[data-code="${code}"] .al-finding__code`).count() >= 1, code);
    }
    assert.deepEqual(await codesInProse(page), [], domain);
    assert.deepEqual(await repeatedSentences(page), [], domain);
    assert.doesNotMatch(await page.locator('main').innerText(), /\b1 lookups\b|\b1 queries\b|\b1 findings\b/);
    assert.deepEqual(await repeatedNames(page), [], domain);
    const names = await controlNames(page);
    const toggles = await page.locator('.al-finding__more').count();
    assert.equal(names.filter((n) => /^DisclosureTriangle: Why it matters and what to do: \S/.test(n)).length, toggles, names.join('\n'));
    assert.ok(names.every((n) => !/: $/.test(n)), names.join('\n'));
    assert.deepEqual(env.browser.errors, []);
  });
}

test('fabrikam.example (Microsoft 365, p=none): what the issue saw, said right', async () => {
  const page = await open('fabrikam.example');
  const line = (p) => page.locator(`.al-overview__line[data-protocol="${p}"]`);
  // p=none is a warning finding, and the line says warning; MTA-STS not published is info, and
  // the line is grey, not red.
  assert.equal(await line('DMARC').locator('[data-badge]').getAttribute('data-badge'), 'warning');
  assert.equal(await page.locator('.al-dmarc .al-finding[data-code="dmarc-p-none"]').getAttribute('class'), 'al-finding al-finding--warning');
  assert.equal(await line('MTA-STS').locator('[data-badge]').getAttribute('data-badge'), 'info');
  assert.equal(await line('MTA-STS').locator('.al-state--info').count(), 1);
  // The DKIM card: the standby selector's finding, and no "No findings." under it.
  assert.equal(await page.locator('.al-dkim .al-finding[data-code="dkim-standby-selector"]').count(), 1);
  assert.equal(await page.locator('.al-dkim .al-findings__none').count(), 0);
  // The toggles name their finding; the selector's names its selector.
  const names = await controlNames(page);
  assert.ok(names.includes('DisclosureTriangle: Why it matters and what to do: Monitoring only'), names.join('\n'));
  assert.ok(names.some((n) => /Why it matters and what to do: .+ \(selector selector2\)$/.test(n)), names.join('\n'));
  assert.ok(names.includes('DisclosureTriangle: What each tag means: the DMARC record'), names.join('\n'));
  // The DMARC facts name the From: domain, not an envelope address.
  assert.equal(await page.locator('.al-dmarc .al-facts dt').first().innerText().then((t) => t.toLowerCase()), 'mail with from: @fabrikam.example');
  await screenshot(page, 'polish-domain-fabrikam');
  // Links in the text, Fix first's among them, take the accent colour in dark mode too (not the
  // browser's own blue or visited purple, unreadable on the dark ground).
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await page.locator('.al-overview__fix a').count(), 1);
  const off = await page.locator('.al-main a:not([class]), .al-overview__fix a').evaluateAll((as) => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--al-accent)';
    document.querySelector('.al-main').append(probe);
    const accent = getComputedStyle(probe).color;
    probe.remove();
    return as.filter((a) => getComputedStyle(a).color !== accent).map((a) => `${a.textContent}: ${getComputedStyle(a).color} ≠ ${accent}`);
  });
  assert.deepEqual(off, []);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('the skip link takes its own place, never over the logo', async () => {
  const page = await open(null);
  // The first Tab of a fresh page.
  await page.keyboard.press('Tab');
  const skip = page.locator('.al-skip');
  assert.equal(await skip.evaluate((e) => e === document.activeElement), true);
  const a = await skip.boundingBox();
  const b = await page.locator('.al-header__brand').boundingBox();
  const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  assert.ok(!overlap, `skip link ${JSON.stringify(a)} over the brand ${JSON.stringify(b)}`);
});

test('a phone: the navigation in two tidy rows, nothing wider than the screen', async () => {
  for (const domain of [null, 'fabrikam.example', 'badmail.example']) {
    const page = await open(domain, { width: 390, height: 844 });
    // One row per group: every link of a group on the same line.
    for (const group of await page.locator('.al-nav__group').all()) {
      const tops = await group.locator('.al-nav__link').evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
      assert.equal(new Set(tops).size, 1, `a group on ${tops.length} links at ${tops}`);
    }
    // The links keep their whole name for screen readers.
    assert.deepEqual(await page.locator('.al-nav__group').first().locator('a').evaluateAll((as) => as.map((a) => a.textContent.trim())), ['Check a domain', 'Check a message', 'Read reports']);
    assert.deepEqual(await overflow(page), [], String(domain));
    await screenshot(page, `polish-phone-${domain ?? 'landing'}`);
  }
});
