// Hostile text from DNS (tests/fixtures/zones/hostile.yaml) and from a pasted message: markup,
// script, javascript: URLs, bidi overrides and control characters in TXT records, names, encoded
// words and header values render as inert text (overrides shown as ⟨U+202E⟩); no dialog opens,
// no element is injected, and no link is made from them.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot, checkMessage, showRecords } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

/** Every dialog the page opens (none should), each dismissed. */
function dialogsOf(page) {
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  return dialogs;
}

/** Elements that hostile text would have made had it been read as markup, and links that are
 * neither https:, mailto: nor the page's own. */
const injectedElements = (page) =>
  page.evaluate(() => ({
    scripts: document.querySelectorAll('body script').length,
    imgs: document.querySelectorAll('.al-result img').length,
    svgs: document.querySelectorAll('.al-result svg').length,
    bold: document.querySelectorAll('.al-result b').length,
    badLinks: [...document.querySelectorAll('a[href]')]
      .map((a) => a.getAttribute('href'))
      .filter((h) => !/^(https:|mailto:|\?|\.\/|#)/.test(h)),
  }));
const NONE_INJECTED = { scripts: 0, imgs: 0, svgs: 0, bold: 0, badLinks: [] };

test('records carrying markup, scripts and javascript: URLs stay text', async () => {
  const { page, errors } = env.browser;
  const dialogs = dialogsOf(page);
  const doh = encodeURIComponent(`${env.dns.url}/resolve`);
  await page.goto(`${env.site.url}/?doh=${doh}&domain=hostile.example`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  // The raw records too, drawn when opened.
  await showRecords(page);
  const text = await page.locator('.al-result').innerText();
  assert.ok(text.includes('<script>alert(1)</script>'), 'the markup is shown as text');
  assert.ok(text.includes('<img src=x onerror=alert(2)>'));
  assert.ok(text.includes('javascript:alert(4)'));
  // A bidi override would reorder what follows it: it is shown as an escape instead.
  assert.ok(text.includes('⟨U+202E⟩-all'), 'the override is visible');
  assert.ok(!text.includes('\u202E'), 'no raw override in the page');
  assert.deepEqual(await injectedElements(page), NONE_INJECTED);
  await screenshot(page, 'hostile');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});

test('a message whose names, encoded words and header values carry markup, scripts and overrides stays text', async () => {
  const { page, errors } = env.browser;
  const dialogs = dialogsOf(page);
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await page.goto(`${env.site.url}/?view=message&doh=${doh}`);
  const script = '<script>alert(1)</script>';
  const encoded = `=?utf-8?B?${Buffer.from(`${script}<b>bold</b>\u202Eevil`).toString('base64')}?=`;
  const message = [
    'Return-Path: <javascript:alert(1)@hostile.example>',
    `Received: from <b>relay</b> (<img src=x onerror=alert(1)> [192.0.2.66]) by mx.hostile.example\u202E; Mon, 30 Nov 2026 09:00:00 +0000`,
    'Authentication-Results: <svg onload=alert(1)>; dkim=pass header.d=<b>x</b>; spf=pass smtp.mailfrom=javascript:alert(1)',
    'DKIM-Signature: v=1; a=rsa-sha256; d=<img src=x onerror=alert(1)>; s=\u202Esel; h=from; bh=AAAA; b=AAAA',
    `From: "${script} \u202Emoc.knab@ytiruces" <a@hostile.example>`,
    `Reply-To: ${encoded} <r@javascript.example>`,
    `Subject: ${encoded} <a href="javascript:alert(1)">click</a>\u0007`,
    '',
    'body',
    '',
  ].join('\n');
  await checkMessage(page, message);
  const text = await page.locator('.al-result').innerText();
  // The markup is shown as the characters it is made of.
  assert.ok(text.includes(script), 'the script tag is text');
  assert.ok(text.includes('<img src=x onerror=alert(1)>'), 'the img tag is text');
  // Overrides and control characters are shown as escapes, never applied.
  assert.ok(text.includes('⟨U+202E⟩moc.knab@ytiruces'), 'the override in the From name is visible');
  assert.ok(!text.includes('\u202E'), 'no raw override in the page');
  assert.ok(!text.includes('\u0007'), 'no raw control character in the page');
  assert.deepEqual(await injectedElements(page), NONE_INJECTED);
  await screenshot(page, 'hostile-message');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});
