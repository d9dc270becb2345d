// Hostile text from DNS (tests/fixtures/zones/hostile.yaml): markup, script, javascript: URLs and
// bidi overrides in TXT records render as inert text (overrides shown as ⟨U+202E⟩); no dialog opens, no element is injected,
// and no link is made from them.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

test('records carrying markup, scripts and javascript: URLs stay text', async () => {
  const { page, errors } = env.browser;
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.goto(`${env.site.url}/?doh=${doh}&domain=hostile.example`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  const text = await page.locator('.al-result').innerText();
  assert.ok(text.includes('<script>alert(1)</script>'), 'the markup is shown as text');
  assert.ok(text.includes('<img src=x onerror=alert(2)>'));
  assert.ok(text.includes('javascript:alert(4)'));
  // A bidi override would reorder what follows it: it is shown as an escape instead.
  assert.ok(text.includes('⟨U+202E⟩-all'), 'the override is visible');
  assert.ok(!text.includes('\u202E'), 'no raw override in the page');
  const injected = await page.evaluate(() => ({
    scripts: document.querySelectorAll('body script').length,
    imgs: document.querySelectorAll('.al-result img').length,
    svgOnload: document.querySelectorAll('.al-result svg[onload]').length,
    bold: document.querySelectorAll('.al-result b').length,
    badLinks: [...document.querySelectorAll('a[href]')]
      .map((a) => a.getAttribute('href'))
      .filter((h) => !/^(https:|mailto:|\?|\.\/|#)/.test(h)),
  }));
  assert.deepEqual(injected, { scripts: 0, imgs: 0, svgOnload: 0, bold: 0, badLinks: [] });
  await screenshot(page, 'hostile');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});
