// The DMARC card end to end: a subdomain that inherits its parent's policy through the tree walk,
// each tag explained, report addresses checked.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

test('a subdomain gets the parent policy by the tree walk; tags and report addresses are explained', async () => {
  const { page, errors } = env.browser;
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await page.goto(`${env.site.url}/?domain=news.bigco.example.org&doh=${doh}`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  const card = page.locator('.al-dmarc');
  // The tags are explained on request, by the page's second module.
  await card.locator('.al-dmarc__tags summary').click();
  await card.locator('.al-tags').waitFor({ timeout: 10000 });
  const text = await card.innerText();
  assert.match(text, /_dmarc\.news\.bigco\.example\.org\s+no record/);
  assert.match(text, /_dmarc\.bigco\.example\.org\s+record found/);
  assert.match(text, /quarantine \(from sp=\)/);
  assert.match(text, /Subdomain policy/);
  assert.match(text, /Aggregate report addresses/);
  assert.match(text, /mailto:agg@reports\.example\.net authorized/);
  assert.match(text, /mailto:x@unauth\.example\.net not authorized/);
  assert.match(text, /dmarc-external-rua-unauthorized/);
  // The Public Suffix List is fetched only now, from the page's own origin.
  assert.equal(env.browser.requests.filter((u) => u.endsWith('public_suffix_list.dat')).length, 0);
  await card.locator('#al-psl-compare').click();
  await card.locator('.al-psl__result').waitFor();
  assert.match(await card.locator('.al-psl__result').innerText(), /tree walk: bigco\.example\.org\. RFC 7489 Public Suffix List: example\.org\. They differ/);
  assert.ok(env.browser.requests.some((u) => u === `${env.site.url}/public_suffix_list.dat`));
  await screenshot(page, 'dmarc-subdomain');
  assert.deepEqual(errors, []);
});
