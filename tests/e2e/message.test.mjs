// "Check a message" end to end: paste, drop a file, see each signature; nothing but DoH leaves.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { useEnvironment, screenshot, root, checkMessage } from './harness.mjs';
import { codesInProse, repeatedSentences, repeatedNames, controlNames, overflow } from './polish.mjs';

const env = useEnvironment({ before, after, beforeEach });
const eml = path.join(root, 'tests/data/dkim/rfc8463-a3.eml');
const dkimpy = (name) => readFile(path.join(root, `tests/data/dkim/dkimpy/${name}.eml`), 'utf8');
// The lists of a signature's coverage, as the page writes them in data-fields.
const fields = async (card, part) => {
  const el = card.locator(`.al-sig__${part}`);
  return (await el.count()) ? (await el.getAttribute('data-fields')).split(',') : [];
};

const openMessagePage = async () => {
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await env.browser.page.goto(`${env.site.url}/?view=message&doh=${doh}`);
  return env.browser.page;
};

test('a pasted message shows both RFC 8463 signatures passing, and only key lookups go out', async () => {
  const page = await openMessagePage();
  await env.dns.clearLog();
  const text = await readFile(eml, 'utf8');
  await checkMessage(page, text);
  const sigs = page.locator('.al-sig');
  assert.equal(await sigs.count(), 2);
  for (const r of await sigs.evaluateAll((els) => els.map((e) => e.dataset.result))) assert.equal(r, 'pass');
  const result = await page.locator('.al-result').innerText();
  assert.match(result, /Signed by its From domain football\.example\.com/);
  assert.match(result, /Authentic: DMARC passes for football\.example\.com/);
  assert.match(result, /ed25519-sha256/);
  assert.match(result, /message-line-endings-normalized/);
  // The identifiers DMARC weighed, each signature named by its selector.
  assert.deepEqual(await page.locator('.al-align__id').allInnerTexts(), [
    'DKIM football.example.com s=brisbane (pass): counts: aligned, it is the From domain itself',
    'DKIM football.example.com s=test (pass): counts: aligned, it is the From domain itself',
  ]);
  await screenshot(page, 'message-rfc8463');
  // Privacy: the page's own files, and DoH queries for the two key names, nothing else.
  const foreign = env.browser.requests.filter((u) => !u.startsWith(env.site.url) && !u.startsWith(`${env.dns.url}/dns-query?`));
  assert.deepEqual(foreign, []);
  // Only key names and the DMARC policy discovery of the From domain (tree walk) were asked.
  const asked = (await env.dns.log()).map((q) => q.name);
  assert.ok(asked.includes('brisbane._domainkey.football.example.com'));
  assert.ok(asked.includes('test._domainkey.football.example.com'));
  assert.ok(asked.includes('_dmarc.football.example.com'));
  for (const n of asked) assert.match(n, /(^|\.)example\.com$|^_dmarc\.com$/, n);
  const pasted = env.browser.requests.filter((u) => u.includes('hungry') || u.includes('Joe'));
  assert.deepEqual(pasted, [], 'no part of the message in any request');
  assert.deepEqual(env.browser.errors, []);
});

test('a large chosen file is checked without filling the text box, and shown on request', async () => {
  const page = await openMessagePage();
  const big = path.join(root, 'tests/data/dkim/dkimpy/big-1mb.eml');
  await page.locator('.al-file input[type=file]').setInputFiles(big);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.al-sig[data-result="pass"]').count(), 1);
  // Over 256 KiB the text box stays empty and says why; the file's name and size are shown.
  assert.equal(await page.locator('#al-message-text').inputValue(), '');
  assert.match(await page.locator('#al-message-text').getAttribute('placeholder'), /too large to show here/);
  assert.match(await page.locator('.al-file__name').innerText(), /big-1mb\.eml: \d+ bytes, checked exactly as saved/);
  await page.locator('.al-file__show').click();
  const shown = await page.locator('#al-message-text').inputValue();
  assert.ok(shown.length > 1_000_000, `${shown.length} characters shown`);
  assert.equal(await page.locator('.al-file__show').count(), 0);
  // Checking again still reads the file's bytes, not the text box (which turned CRLF into LF).
  await page.locator('button[type=submit]').click();
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.al-sig[data-result="pass"]').count(), 1);
  assert.deepEqual(env.browser.errors, []);
});

test('a chosen .eml file is checked byte for byte; tampering shows its cause', async () => {
  const page = await openMessagePage();
  await page.locator('.al-file input[type=file]').setInputFiles(eml);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  assert.doesNotMatch(await page.locator('.al-result').innerText(), /line-endings-normalized/);
  const tampered = (await readFile(eml, 'utf8')).replace('We lost the game.', 'We won the game.');
  await page.locator('#al-message-text').fill(tampered);
  await page.locator('button[type=submit]').click();
  await page.waitForFunction(() => document.querySelectorAll('.al-sig[data-result="fail"]').length === 2);
  const text = await page.locator('.al-result').innerText();
  assert.match(text, /body-hash-mismatch/);
  // Findings are explained from the message page's catalog (the engine's whole table).
  const titles = await page.locator('.al-finding .al-finding__title').allInnerTexts();
  assert.ok(titles.length > 0 && titles.every((t) => t.trim()), `titles: ${titles}`);
  assert.match(text, /No valid DKIM signature/);
  assert.match(text, /Not authenticated: DMARC fails for football\.example\.com \(p=reject\)/);
  await screenshot(page, 'message-tampered');
  assert.deepEqual(env.browser.errors, []);
});

test('an ARC chain of three sets validates (arc=pass), each set shown, with the Historic note', async () => {
  const page = await openMessagePage();
  const text = await readFile(path.join(root, 'tests/fixtures/messages/arc-pass-i3.eml'), 'utf8');
  await checkMessage(page, text);
  const arc = page.locator('.al-arc');
  assert.equal(await arc.getAttribute('data-cv'), 'pass');
  const instances = await arc.locator('tr[data-instance]').evaluateAll((els) => els.map((e) => e.dataset.instance));
  assert.deepEqual(instances, ['3', '2', '1']);
  const t = await arc.innerText();
  assert.match(t, /arc=pass/);
  assert.match(t, /Historic/);
  assert.match(t, /arc-historic/);
  await screenshot(page, 'message-arc');
  // Tampering with the body breaks the latest message signature, so the chain fails.
  await page.locator('#al-message-text').fill(text.replace('This is a test message.', 'This is a forged message.'));
  await page.locator('button[type=submit]').click();
  await page.locator('.al-arc[data-cv="fail"]').waitFor({ timeout: 15000 });
  assert.match(await page.locator('.al-arc').innerText(), /ams-body-hash/);
  assert.deepEqual(env.browser.errors, []);
});

test('an address of another domain in the From name is flagged beside From, and replies elsewhere are noted', async () => {
  const page = await openMessagePage();
  const text = [
    'From: "security@bank.example" <alerts@bank-secure.example>',
    'Reply-To: help@freemail.example',
    'To: reader@example.net',
    'Subject: Verify your account',
    'Date: Mon, 30 Nov 2026 09:00:00 +0000',
    '',
    'Click here.',
    '',
  ].join('\n');
  await checkMessage(page, text);
  const beside = page.locator('.al-facts [data-code="message-display-name-address"]');
  assert.equal(await beside.count(), 1);
  assert.match(await beside.innerText(), /the From name shows security@bank\.example, but the message is from alerts@bank-secure\.example/);
  // Both in the findings, each code beside its title and explanation.
  const display = page.locator('.al-finding[data-code="message-display-name-address"]');
  assert.match(await display.innerText(), /WARNING[\s\S]*Display name shows another address/i);
  const reply = page.locator('.al-finding[data-code="message-reply-to-elsewhere"]');
  assert.match(await reply.innerText(), /replies go to help@freemail\.example, outside the From domain bank-secure\.example/);
  // Why it matters: drawn on request by the domain page's second module (the message page's own
  // module carries the titles and fixes, findings::message_brief); the fix is there at once.
  assert.match(await reply.locator('.al-finding__more').textContent(), /Fix: Before replying, check that this domain belongs to the sender you expect\./);
  await reply.locator('.al-finding__more summary').click();
  await reply.locator('.al-finding__why').waitFor({ timeout: 10000 });
  assert.equal(await reply.locator('.al-finding__why').textContent(), 'Replies go to an address outside the From domain, which nothing authenticates. Mailing lists and ticket systems do this; in an impersonating message it takes the answer to the forger.');
  assert.equal(await reply.locator('.al-finding__rfc').textContent(), 'RFC 5322 §3.6.2');
  await screenshot(page, 'message-impersonation');
  assert.deepEqual(env.browser.errors, []);
});

test('headers without a body: each signature passes on its headers, and the body is said not checked', async () => {
  const page = await openMessagePage();
  const text = await readFile(eml, 'utf8');
  // Everything before the blank line, and no blank line: a headers-only paste.
  const headers = text.replace(/\r\n/g, '\n').split('\n\n')[0];
  await checkMessage(page, headers);
  const sigs = page.locator('.al-sig');
  assert.equal(await sigs.count(), 2);
  for (let i = 0; i < 2; i++) {
    const card = sigs.nth(i);
    assert.equal(await card.getAttribute('data-result'), 'pass');
    assert.equal(await card.locator('.al-sig__body').getAttribute('data-body'), 'headers-only');
    assert.equal(await card.locator('.al-sig__body').innerText(), 'not checked (headers only)');
  }
  // The first card says it in a sentence; the second, alike, refers to it.
  assert.match(await sigs.nth(0).locator('.al-sig__detail').innerText(), /the body was not checked \(headers only\)/);
  assert.equal(await sigs.nth(1).locator('.al-sig__detail').innerText(), 'As for signature 1.');
  assert.equal(
    await page.locator('.al-summary').innerText(),
    'Authentic: DMARC passes for football.example.com. Signed by its From domain football.example.com: the DKIM signature of football.example.com verifies (headers only: the body was not checked).',
  );
  assert.match(await page.locator('.al-result').innerText(), /\d+ fields, headers only, line endings normalized/);
  assert.equal(await page.locator('.al-dmarc-verdict').getAttribute('class'), 'al-dmarc-verdict al-dmarc-verdict--pass');
  assert.deepEqual(env.browser.errors, []);
});

test('a revoked key says revoked, without a size, and the body is not called headers only', async () => {
  const page = await openMessagePage();
  await checkMessage(page, await dkimpy('revoked'));
  const card = page.locator('.al-sig');
  assert.equal(await card.getAttribute('data-result'), 'fail');
  assert.equal(await card.locator('.al-sig__reason').innerText(), 'key-revoked');
  assert.equal(await card.locator('.al-sig__key').getAttribute('data-state'), 'revoked');
  assert.equal(await card.locator('.al-sig__key').innerText(), 'RSA, revoked (empty p=)');
  assert.equal(await card.locator('.al-sig__body').getAttribute('data-body'), 'not-reached');
  assert.equal(
    await card.locator('.al-sig__body').innerText(),
    'not checked: the key is revoked (empty p=, RFC 6376 §3.6.1), so the signature fails whatever the body',
  );
  const t = await card.innerText();
  assert.doesNotMatch(t, /headers only|0 bits/);
  assert.deepEqual(env.browser.errors, []);
});

test('an RSA key under 1024 bits fails per RFC 8301', async () => {
  const page = await openMessagePage();
  await checkMessage(page, await readFile(path.join(root, 'tests/data/dkim/advice/rsa-512.eml'), 'utf8'));
  const card = page.locator('.al-sig');
  assert.equal(await card.getAttribute('data-result'), 'fail');
  assert.equal(await card.locator('.al-sig__reason').innerText(), 'key-too-short');
  assert.equal(await card.locator('.al-sig__key').getAttribute('data-state'), 'too-short');
  assert.equal(await card.locator('.al-sig__key').innerText(), 'RSA 512 bits, under the 1024 bits RFC 8301 requires');
  assert.equal(await card.locator('.al-finding[data-code="dkim-key-too-short"]').count(), 1);
  assert.deepEqual(env.browser.errors, []);
});

test('a signature lists exactly what it signs, leaves out and over-signs', async () => {
  const page = await openMessagePage();
  const text = 'Received: from mx.signer.example by mx.receiver.example; Fri, 27 Nov 2026 10:00:01 +0000\r\n'
    + 'Reply-To: alice@elsewhere.example\r\n' + await dkimpy('rsa-relaxed-relaxed');
  await checkMessage(page, text);
  const card = page.locator('.al-sig');
  assert.equal(await card.getAttribute('data-result'), 'pass');
  assert.deepEqual(await fields(card, 'headers'), ['from', 'to', 'subject', 'date', 'message-id', 'from']);
  assert.deepEqual(await fields(card, 'unsigned'), ['reply-to']);
  assert.deepEqual(await fields(card, 'unsigned-other'), ['received']);
  assert.deepEqual(await fields(card, 'over'), ['from']);
  assert.deepEqual(await fields(card, 'not-over'), ['subject']);
  // (dkim-future-timestamp too, while the clock is before the fixture's t=.)
  const codes = await page.locator('.al-finding[data-code^="dkim-"]').evaluateAll((els) =>
    els.map((e) => e.dataset.code).filter((c) => c !== 'dkim-future-timestamp'));
  assert.deepEqual(codes, ['dkim-headers-unsigned', 'dkim-not-oversigned']);
  // RFC 8463's example over-signs From and Subject: nothing to say about either.
  await checkMessage(page, await readFile(eml, 'utf8'));
  await page.waitForFunction(() => document.querySelectorAll('.al-sig').length === 2);
  const first = page.locator('.al-sig').first();
  assert.deepEqual(await fields(first, 'over'), ['from', 'subject', 'date']);
  assert.deepEqual(await fields(first, 'not-over'), []);
  assert.deepEqual(env.browser.errors, []);
});

test('a paste with bare LF that breaks c=simple is named as the likely cause', async () => {
  const page = await openMessagePage();
  // As a mail program's copy gives it: LF line ends, trailing spaces and tabs dropped.
  const pasted = (await dkimpy('rsa-simple-simple')).split('\r\n').map((l) => l.replace(/[ \t]+$/, '')).join('\n');
  await checkMessage(page, pasted);
  const card = page.locator('.al-sig');
  assert.equal(await card.getAttribute('data-result'), 'fail');
  assert.equal(await card.locator('.al-sig__reason').innerText(), 'body-hash-mismatch');
  assert.equal(
    await card.locator('.al-sig__detail').innerText(),
    'the body is not the body that was signed (body hash mismatch); likely the paste, not the message: the text had bare LF line endings, and c=simple hashes every octet, so the spaces and tabs a paste drops break it (check the original .eml file instead)',
  );
  // The same paste of a relaxed signature verifies: nothing to blame.
  await checkMessage(page, (await dkimpy('rsa-relaxed-relaxed')).split('\r\n').map((l) => l.replace(/[ \t]+$/, '')).join('\n'));
  await page.locator('.al-sig[data-result="pass"]').waitFor({ timeout: 15000 });
  assert.deepEqual(env.browser.errors, []);
});

// ---- As a first-time reader sees it --------------------------------------------------------

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1100, height: 800 };
const RANK = { ok: 0, info: 0, warning: 1, error: 2 };
const rfc8463 = () => readFile(eml, 'utf8');
const arcPass = () => readFile(path.join(root, 'tests/fixtures/messages/arc-pass-i3.eml'), 'utf8');
const spfOnly = [
  'Return-Path: <bounce@example.com>',
  'Received: from mail.example.com (mail.example.com [192.0.2.25]) by mx.example.net; Mon, 07 Dec 2026 10:00:02 +0000',
  'From: Alice <alice@example.com>',
  'To: bob@example.net',
  'Subject: spf',
  'Date: Mon, 07 Dec 2026 10:00:00 +0000',
  '',
  'Hello.',
  '',
].join('\r\n');

/** Every message the page is tested with: the fixtures, the DKIM suites, and the variants above. */
async function allMessages() {
  const out = [];
  for (const dir of ['tests/fixtures/messages', 'tests/data/dkim/dkimpy', 'tests/data/dkim/advice', 'tests/data/dkim', 'tests/data/requirements']) {
    for (const f of (await readdir(path.join(root, dir))).filter((f) => f.endsWith('.eml') && f !== 'big-1mb.eml').sort()) {
      out.push({ name: `${dir}/${f}`, text: await readFile(path.join(root, dir, f), 'utf8') });
    }
  }
  const text = await rfc8463();
  out.push({ name: 'rfc8463 tampered', text: text.replace('We lost the game.', 'We won the game.') });
  out.push({ name: 'rfc8463 headers only', text: text.replace(/\r\n/g, '\n').split('\n\n')[0] });
  out.push({ name: 'arc tampered', text: (await arcPass()).replace('This is a test message.', 'This is a forged message.') });
  out.push({ name: 'impersonation', text: 'From: "security@bank.example" <alerts@bank-secure.example>\nReply-To: help@freemail.example\nTo: reader@example.net\nSubject: Verify your account\n\nClick here.\n' });
  out.push({ name: 'spf pass', text: spfOnly, ip: '192.0.2.25' });
  out.push({ name: 'spf fail', text: spfOnly, ip: '203.0.113.9' });
  out.push({ name: 'no key for any of two', text: [0, 1].map((i) => `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=s${i}.example; s=sel;\r\n h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n`).join('') + 'From: a@example.com\r\nSubject: two\r\n\r\nbody\r\n' });
  return out;
}

/** Checks `text` on a freshly opened page, so that nothing of an earlier result is waited for. */
async function fresh(page, text, options) {
  await page.goto(page.url());
  await checkMessage(page, text, options);
}

/** The summary's badge and the worst finding it sums up (the ARC chain has its own verdict). */
const badges = (page) => page.evaluate(() => {
  const summary = document.querySelector('.al-summary').className.match(/al-summary--(\w+)/)[1];
  const sev = [...document.querySelectorAll('.al-result .al-finding')]
    .filter((f) => !f.closest('.al-arc'))
    .map((f) => f.className.match(/al-finding--(\w+)/)[1]);
  return { summary, sev };
});

test('every message reads as finished: codes as labels, each sentence once, named toggles, a badge that agrees, nothing wider than a phone', async () => {
  const page = await openMessagePage();
  await page.setViewportSize(PHONE);
  try {
    for (const m of await allMessages()) {
      await fresh(page, m.text, { ip: m.ip });
      assert.deepEqual(await codesInProse(page), [], m.name);
      assert.deepEqual(await repeatedSentences(page), [], m.name);
      assert.deepEqual(await repeatedNames(page), [], m.name);
      assert.deepEqual(await overflow(page), [], m.name);
      const { summary, sev } = await badges(page);
      const worst = Math.max(0, ...sev.map((s) => RANK[s]));
      assert.ok(RANK[summary] >= worst, `${m.name}: a ${summary} summary over ${sev.join(', ')}`);
    }
  } finally {
    await page.setViewportSize(DESKTOP);
  }
  assert.deepEqual(env.browser.errors, []);
});

test('the summary badge is the verdict raised to the worst finding; RFC words keep their own colour', async () => {
  const page = await openMessagePage();
  const summary = async () => (await page.locator('.al-summary').getAttribute('class')).replace('al-summary al-summary--', '');
  // DMARC passes, but one key is 1024 bits: a warning, not a green "Authentic".
  await fresh(page, await rfc8463());
  assert.equal(await summary(), 'warning');
  assert.match(await page.locator('.al-summary').innerText(), /^Authentic: DMARC passes/);
  assert.equal(await page.locator('.al-finding--warning[data-code="dkim-key-weak"]').count(), 1);
  // DMARC passes on SPF alone: never red, and the unsigned warning shows in the badge.
  await fresh(page, spfOnly, { ip: '192.0.2.25' });
  assert.equal(await summary(), 'warning');
  assert.equal(await page.locator('.al-dmarc-verdict .al-result-word').getAttribute('class'), 'al-result-word al-result-word--pass');
  // The SPF line: the result, then the IP and domain, then why.
  assert.equal(
    (await page.locator('.al-result > p:has(> .al-result-word--pass)').last().innerText()).trim(),
    'pass 192.0.2.25 for example.com: ip4:192.0.2.0/24 in the record of example.com matched',
  );
  // A revoked key: an error among the signature's findings, so the badge is an error.
  await fresh(page, await dkimpy('revoked'));
  assert.equal(await summary(), 'error');
  assert.equal(await page.locator('.al-summary').innerText(), 'No valid DKIM signature: the one signature, by signer.example, does not verify.');
  // No DMARC policy: "none" is the RFC's word, not a failure's red.
  assert.equal(await page.locator('.al-dmarc-verdict .al-result-word').innerText(), 'none');
  assert.equal(await page.locator('.al-dmarc-verdict .al-result-word').getAttribute('class'), 'al-result-word al-result-word--none');
  // The reason stays beside the result; the sentences say it in words.
  assert.equal(await page.locator('.al-align__id').innerText(), 'DKIM signer.example s=revoked (fail): does not count: the signature did not pass, so its domain does not matter (signer.example is the From domain itself)');
  assert.deepEqual(env.browser.errors, []);
});

test('counts agree with their nouns: one field, one more signature', async () => {
  const page = await openMessagePage();
  await checkMessage(page, 'From: a@example.com\n\nbody\n');
  assert.match(await page.locator('.al-facts').innerText(), /\b1 field, line endings normalized\b/);
  let text = '';
  for (let i = 0; i < 11; i++) text += `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=s${i}.example; s=sel;\r\n h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n`;
  await fresh(page, `${text}From: a@example.com\r\nSubject: many\r\n\r\nbody\r\n`);
  assert.equal(await page.locator('.al-sig-rest summary').innerText(), '1 more signature, not verified (only the first 10 are)');
  assert.equal(await page.locator('.al-summary').innerText(), 'Not authenticated: DMARC fails for example.com (p=reject). No valid DKIM signature: none of the 11 signatures verifies.');
  assert.deepEqual(env.browser.errors, []);
});

test('two signatures that fail alike: the second refers to the first, and each toggle names its signature', async () => {
  const page = await openMessagePage();
  await checkMessage(page, (await rfc8463()).replace('We lost the game.', 'We won the game.'));
  const sigs = page.locator('.al-sig');
  assert.equal(await sigs.count(), 2);
  assert.match(await sigs.nth(0).locator('.al-sig__detail').innerText(), /^the body is not the body that was signed/);
  // The body's line only says it was compared: the detail above says what the mismatch means.
  assert.equal(await sigs.nth(0).locator('.al-sig__body').innerText(), 'checked: does not match');
  assert.equal(await sigs.nth(1).locator('.al-sig__detail').innerText(), 'As for signature 1.');
  assert.match(await sigs.nth(1).locator('.al-diagnosis__causes').innerText(), /^As for signature 1\.$/);
  const toggles = (await controlNames(page)).filter((n) => n.includes('hashed'));
  assert.deepEqual(toggles, ['DisclosureTriangle: What signature 1 hashed', 'DisclosureTriangle: What signature 2 hashed']);
  // The field lists are names, shown as such; the labels are short and the findings explain.
  assert.equal(await sigs.nth(0).locator('.al-sig__headers code').innerText(), 'from, to, subject, date, message-id, from, subject, date');
  await screenshot(page, 'message-tampered-two');
  assert.deepEqual(env.browser.errors, []);
});

test('an ARC chain says each thing once, names its cells on a phone, and hop delays read as durations', async () => {
  const page = await openMessagePage();
  await checkMessage(page, (await arcPass()).replace('This is a test message.', 'This is a forged message.'));
  await page.locator('.al-arc[data-cv="fail"]').waitFor();
  // The verdict points to the failing step, which its finding says.
  const verdict = await page.locator('.al-arc__verdict').innerText();
  assert.match(verdict, /^arc=fail ams-body-hash the chain does not validate; the failing step is below\.$/);
  assert.match(await page.locator('.al-arc .al-finding[data-code="arc-ams-failed"]').innerText(), /the latest ARC-Message-Signature \(i=3\) fails/);
  // Historic status is said by its finding alone.
  assert.equal(await page.locator('.al-arc .al-finding[data-code="arc-historic"]').count(), 1);
  assert.doesNotMatch(`${verdict} ${await page.locator('.al-arc__table').innerText()}`, /Historic/);
  assert.deepEqual(await page.locator('.al-hops__delay').allInnerTexts(), ['+722 days', '+1 h 10 min']);
  await page.setViewportSize(PHONE);
  try {
    const labels = await page.locator('.al-arc__table tr[data-instance="3"] td').evaluateAll((tds) =>
      tds.map((td) => getComputedStyle(td, '::before').content));
    assert.deepEqual(labels, ['"Sealed by: "', '"cv= written: "', '"AAR: "', '"Seal: "', '"Message signature: "']);
    assert.deepEqual(await overflow(page), []);
    await screenshot(page, 'message-arc-phone');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
  assert.deepEqual(env.browser.errors, []);
});

test('the form says nothing until it is submitted, then says what is missing', async () => {
  const page = await openMessagePage();
  assert.equal(await page.locator('[role=alert]').count(), 0);
  // A wrong IP typed but not submitted: still nothing.
  await page.locator('input[name=ip]').fill('not an ip');
  assert.equal(await page.locator('[role=alert]').count(), 0);
  await page.locator('button[type=submit]').click();
  assert.equal(await page.locator('[role=alert]').innerText(), 'Paste a message or its headers first.');
  await page.locator('#al-message-text').fill('From: a@example.com\n\nbody\n');
  await page.locator('button[type=submit]').click();
  assert.equal(await page.locator('[role=alert]').innerText(), '“not an ip” is not an IPv4 or IPv6 address');
  assert.deepEqual(env.browser.errors, []);
});

test('the connecting IP found in the Received fields is offered in a sentence, then checked', async () => {
  const page = await openMessagePage();
  await checkMessage(page, spfOnly);
  const suggest = page.locator('.al-message__suggest');
  assert.equal(await suggest.innerText(), 'The Received fields name this connecting IP (confirm it is the hop that reached your server): Check SPF for 192.0.2.25');
  await suggest.locator('button').click();
  await page.locator('.al-dmarc-verdict--pass').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('input[name=ip]').inputValue(), '192.0.2.25');
  assert.equal(await page.locator('.al-message__suggest').count(), 0);
  assert.deepEqual(env.browser.errors, []);
});

const requirementMessage = (name) => readFile(path.join(root, `tests/data/requirements/${name}.eml`), 'utf8');

test('a marketing message without one-click unsubscribe says so first, with the fix; the mail type can be chosen', async () => {
  const page = await openMessagePage();
  await checkMessage(page, await requirementMessage('marketing-no-one-click'));
  // Drawn by the second module once it has arrived.
  await page.locator('.al-junk').waitFor({ timeout: 15000 });
  assert.equal(
    await page.locator('.al-junk').innerText(),
    'If it landed in junk: One-click unsubscribe: no List-Unsubscribe field.',
  );
  // The failed rule leads the list, with its code, what the message shows, the fix and who asks it.
  const first = page.locator('.al-req').first();
  assert.equal(await first.getAttribute('data-code'), 'bulk-one-click-missing');
  assert.equal(await first.getAttribute('data-status'), 'fail');
  const text = await first.innerText();
  assert.match(text, /One-click unsubscribe/);
  assert.match(text, /no List-Unsubscribe field/);
  assert.match(text, /Fix: Add List-Unsubscribe: <https:\/\/…> .*List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
  assert.match(text, /Required by: Gmail: 5,000\+ a day; Yahoo: 5,000\+ a day/);
  assert.match(await page.locator('.al-reqs__kind').innerText(), /Checked as bulk \(marketing\) mail: it carries List-Id\./);
  // Everything else this message shows passes: TLS into mx.google.com, reverse DNS confirmed.
  const statuses = await page.locator('.al-req').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.code, e.dataset.status])));
  assert.equal(statuses['bulk-no-tls'], 'pass');
  assert.equal(statuses['bulk-fcrdns-mismatch'], 'pass');
  assert.equal(statuses['bulk-no-dmarc'], 'pass');
  assert.equal(Object.keys(statuses).length, 11);
  await screenshot(page, 'message-requirements');
  // Taken for a transactional message, the one-click rules no longer apply.
  await page.locator('select[name=bulk]').selectOption('transactional');
  await page.waitForFunction(() => document.querySelector('.al-req[data-code="bulk-one-click-missing"]')?.dataset.status === 'n/a');
  assert.match(await page.locator('.al-junk').innerText(), /Nothing in the message explains a junk placement/);
  assert.deepEqual(env.browser.errors, []);
});

test('an Outlook .msg file opens as its Internet headers; any other file says what it is', async () => {
  const page = await openMessagePage();
  await env.dns.clearLog();
  const msg = path.join(root, 'tests/data/requirements/outlook-saved.msg');
  assert.match(await page.locator('.al-file input[type=file]').getAttribute('accept'), /\.msg/);
  await page.locator('.al-file input[type=file]').setInputFiles(msg);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 15000 });
  // RFC 8463 A.3's two signatures, over the headers Outlook kept: both pass, as headers only.
  assert.equal(await page.locator('.al-sig[data-result="pass"]').count(), 2);
  assert.match(await page.locator('.al-file__name').innerText(), /^outlook-saved\.msg: \d+ bytes, an Outlook message$/);
  assert.equal(
    await page.locator('.al-message__source').innerText(),
    'Read from an Outlook .msg: its Internet headers were checked as headers only. A .msg does not keep the message as it was sent, so DKIM body hashes cannot be checked; save the message as .eml for that.',
  );
  // The text box shows what was checked: the headers, not the file's binary.
  const shown = await page.locator('#al-message-text').inputValue();
  assert.match(shown, /^DKIM-Signature: v=1; a=ed25519-sha256;/);
  assert.doesNotMatch(shown, /__substg1\.0_|\u0000/);
  await page.locator('.al-requirements[data-status="done"]').waitFor({ timeout: 15000 });
  // Only the key lookups and the reverse DNS: the file stays in the page.
  const asked = (await env.dns.log()).map((q) => q.name);
  assert.ok(asked.includes('brisbane._domainkey.football.example.com'), asked.join(', '));
  await screenshot(page, 'message-outlook-msg');

  // A picture is not a message: the page says what the file is and checks nothing.
  await page.locator('.al-file input[type=file]').setInputFiles({
    name: 'logo.png',
    mimeType: 'image/png',
    buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'),
  });
  await page.locator('.al-resolver__error[role=alert]').waitFor({ timeout: 15000 });
  assert.equal(
    await page.locator('.al-resolver__error[role=alert]').innerText(),
    'logo.png: a PNG image, not an email message: save the message from your mail program as .eml (or .msg from Outlook), or paste its source (“Show original”, “View message source”)',
  );
  assert.equal(await page.locator('.al-result').count(), 0);
  // The headers read before are still there to check again, with what they were read from.
  assert.equal(await page.locator('.al-message__source').count(), 1);
  assert.equal(await page.locator('#al-message-text').inputValue(), shown);
  assert.deepEqual(env.browser.errors, []);
});

test("a Microsoft-filtered message shows its SCL and BCL decoded, and the filter's verdict first", async () => {
  const page = await openMessagePage();
  await checkMessage(page, await requirementMessage('microsoft-junk'));
  // The decoders come with the second module, drawn under the summary.
  await page.locator('.al-antispam__header').first().waitFor({ timeout: 15000 });
  assert.match(
    await page.locator('.al-junk').innerText(),
    /^If it landed in junk: Exchange Online Protection classified it as spam \(CAT:SPM, SCL 5\)/,
  );
  const forefront = page.locator('.al-antispam__header[data-header="X-Forefront-Antispam-Report"]');
  assert.equal(await forefront.getAttribute('open'), '');
  const rows = await forefront.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText)));
  const scl = rows.find((r) => r[0] === 'SCL');
  assert.equal(scl[1], '5');
  assert.match(scl[2], /spam confidence level 5/);
  // An undocumented field is kept and says so.
  assert.match(rows.find((r) => r[0] === 'SFS')[2], /not documented by Microsoft/);
  const bcl = await page.locator('.al-antispam__header[data-header="X-Microsoft-Antispam"] tbody tr').first().innerText();
  assert.match(bcl, /^BCL\s+7\s+bulk complaint level 7/);
  await screenshot(page, 'message-antispam');
  assert.deepEqual(env.browser.errors, []);
});
