// The record builders end to end: the SPF builder with its lookup meter resolved over
// DoH and its ways out, the DKIM key generator (RSA and Ed25519 made in the page, the PEM
// download, no key material in any request), and the MTA-STS builder (the policy from the
// domain's MX). DNS comes from the fixture server (tests/fixtures/zones: spf.yaml, providers.yaml,
// domains.yaml).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { useEnvironment, screenshot } from './harness.mjs';
import { codesInProse, repeatedSentences, repeatedNames, controlNames, overflow } from './polish.mjs';

const env = useEnvironment({ before, after, beforeEach });

const doh = () => encodeURIComponent(`${env.dns.url}/dns-query`);

/** The text of the first record shown in the builder's output card. */
async function waitRecord(page, scope, want) {
  await page.waitForFunction(
    ([s, w]) => document.querySelector(`${s} .al-builder__out .al-builder__record`)?.textContent === w,
    [scope, want],
    { timeout: 10000 },
  );
}

/** Waits until the SPF meter has been computed for exactly this record. */
async function waitMeter(page, record) {
  await page.waitForFunction(
    (w) => {
      const m = document.querySelector('.al-builder__meter');
      return m?.dataset.status === 'done' && m.dataset.for === w;
    },
    record,
    { timeout: 15000 },
  );
}

/** Screenshots at desktop width, then at 390 × 844 after checking that nothing scrolls sideways. */
async function shoot(page, name) {
  await screenshot(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(150);
  const wide = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > w + 0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)})`);
    }
    return { scroll: document.documentElement.scrollWidth, width: w, out: out.slice(0, 8) };
  });
  assert.ok(wide.scroll <= wide.width, `${name}: scrolls sideways at 390 px (${wide.scroll} > ${wide.width}): ${wide.out.join(', ')}`);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1100, height: 800 });
}

/** What shows an error: an alert, a field marked invalid, an error list or message. */
const ERRORS = '[role="alert"], [aria-invalid="true"], .al-builder__errors, .al-field-error, .al-resolver__error, .al-finding--error';

/** The errors visible on the page, as text (an empty list when there is none). */
async function visibleErrors(page) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)]
    .filter((e) => e.checkVisibility())
    .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}: ${e.textContent.trim().slice(0, 120)}`), ERRORS);
}

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

/**
 * Types `value` into `input`, waits for its error to say `want` (a string, or a pattern), and
 * checks that the input is marked invalid and described by it.
 */
async function typedError(page, input, value, want) {
  await page.locator(input).fill(value);
  const id = `${input.slice(1)}-error`;
  const error = page.locator(`#${id}`);
  await error.waitFor();
  let text = '';
  for (let i = 0; i < 50; i++) {
    text = await error.innerText();
    if (typeof want === 'string' ? text === want : want.test(text)) break;
    await page.waitForTimeout(100);
  }
  if (typeof want === 'string') assert.equal(text, want, input);
  else assert.match(text, want, input);
  assert.equal(await error.getAttribute('role'), 'alert', input);
  assert.equal(await page.locator(input).getAttribute('aria-invalid'), 'true', input);
  assert.equal(await page.locator(input).getAttribute('aria-describedby'), id, input);
}

/** Clears the error of `input` by typing `value`, and checks that the field is no longer marked. */
async function corrected(page, input, value) {
  await page.locator(input).fill(value);
  await page.locator(`#${input.slice(1)}-error`).waitFor({ state: 'detached' });
  assert.equal(await page.locator(input).getAttribute('aria-invalid'), null, input);
}

test('the builders: a fresh form shows no error; a wrong value shows why and where once typed', async () => {
  const { page, errors } = env.browser;
  // SPF: the empty form builds -all and shows no error.
  await page.goto(`${env.site.url}/?view=build-spf&doh=${doh()}`);
  await waitMeter(page, 'v=spf1 -all');
  assert.deepEqual(await visibleErrors(page), [], 'SPF, untouched');
  await typedError(page, '#al-spf-domain', 'exa mple.com', /\(at position 4\)$/);
  await typedError(page, '#al-spf-ip', '192.0.2.300', /"192\.0\.2\.300" is not an IP address or range/);
  // Each field shows its own errors only.
  assert.equal(await page.locator('.al-builder__errors').count(), 2);
  await corrected(page, '#al-spf-domain', 'example.com');
  await corrected(page, '#al-spf-ip', '192.0.2.30');

  // DKIM: the domain is empty and the selector filled in with the month's: no error until
  // something is typed or a key is asked for.
  await page.goto(`${env.site.url}/?view=build-dkim&doh=${doh()}`);
  await page.locator('#al-dkim-generate').waitFor();
  await page.waitForTimeout(400);
  assert.deepEqual(await visibleErrors(page), [], 'DKIM, untouched');
  await page.locator('#al-dkim-generate').click();
  const domainError = page.locator('#al-dkim-domain-error');
  await domainError.waitFor();
  assert.equal(await domainError.innerText(), 'Type the domain the key signs for (d=), such as example.com');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'al-dkim-domain', 'the empty field takes the focus');
  assert.equal(await page.locator('.al-builder__key').count(), 0, 'no key is made');
  await typedError(page, '#al-dkim-domain', 'exa mple.com', /\(at position 4\)$/);
  await typedError(page, '#al-dkim-selector', 's 1', "' ' cannot appear in a selector, which holds letters, digits and hyphens (at position 2)");
  await corrected(page, '#al-dkim-domain', 'builder.example');
  await corrected(page, '#al-dkim-selector', 's1');
  assert.deepEqual(await visibleErrors(page), []);

  // MTA-STS: no MX pattern yet (no domain), which the policy needs, is said as a note, not an
  // error, until the patterns are typed and emptied.
  await page.goto(`${env.site.url}/?view=build-mtasts&doh=${doh()}`);
  await page.locator('.al-builder__mx', { hasText: 'Type the domain to read its MX hosts.' }).waitFor();
  assert.deepEqual(await visibleErrors(page), [], 'MTA-STS, untouched');
  assert.match(await page.locator('.al-builder__out').innerText(), /Add at least one MX pattern to make the file\./);
  await typedError(page, '#al-sts-domain', 'exa mple.com', /\(at position 4\)$/);
  await page.locator('#al-sts-mx').fill('mx1.example.com');
  await typedError(page, '#al-sts-mx', '', /^The policy needs at least one mx: pattern/);
  await typedError(page, '#al-sts-rua', 'reports', '"reports" is neither a mail address nor an https:// URL');
  await corrected(page, '#al-sts-domain', 'example.com');
  await corrected(page, '#al-sts-rua', 'tls-reports@example.com');
  assert.deepEqual(errors, []);
});

test('SPF: with nothing chosen, the record of a domain that sends no mail (-all)', async () => {
  const { page, errors } = env.browser;
  await page.goto(`${env.site.url}/?view=build-spf&doh=${doh()}`);
  await waitRecord(page, '.al-builder--spf', 'v=spf1 -all');
  // The radio shows the all the engine ended the record in.
  assert.ok(await page.locator('#al-spf-all-fail').isChecked());
  const finding = page.locator('.al-builder__out [data-code="spf-build-no-sender"]');
  assert.match(
    await finding.innerText(),
    /the record lists no sender: every message gets fail, as a domain that sends no mail should say; if the domain sends mail, choose its senders/,
  );
  // ~all chosen is kept, and the finding says what a domain that sends no mail publishes.
  await page.locator('#al-spf-all-softfail').check();
  await waitRecord(page, '.al-builder--spf', 'v=spf1 ~all');
  assert.match(await finding.innerText(), /a domain that sends no mail should publish v=spf1 -all/);
  assert.match(page.url(), /all=softfail/);
  assert.deepEqual(errors, []);
});

test('SPF: three services and own ranges, the meter from the fixture zones, over 10 and the ways out', async () => {
  const { page, errors, context } = env.browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.site.url });
  await page.goto(`${env.site.url}/?view=build-spf&doh=${doh()}`);
  await page.locator('#al-spf-domain').fill('builder.example');
  await page.locator('#al-spf-send-google').check();
  await page.locator('#al-spf-send-microsoft365').check();
  // The keyboard works as well as the mouse.
  await page.locator('#al-spf-send-sendgrid').focus();
  await page.keyboard.press('Space');
  await page.locator('#al-spf-ip').fill('192.0.2.0/24, 2001:db8::/32');
  const want = 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.google.com include:spf.protection.outlook.com include:sendgrid.net ~all';
  await waitRecord(page, '.al-builder--spf', want);
  await waitMeter(page, want);
  const out = page.locator('.al-builder__out');
  assert.match(await out.innerText(), /builder\.example/);
  assert.match(await out.innerText(), /host field: @/);
  // spf.yaml: _spf.google.com includes three netblock records (1 + 3); Microsoft 365 and SendGrid
  // hold ranges only (1 each); ranges cost nothing: 6 of 10, no void lookup.
  const meter = page.locator('.al-builder__meter');
  assert.equal(await meter.locator('[role="meter"]').getAttribute('aria-valuenow'), '6');
  assert.match(await meter.locator('.al-meter__text').innerText(), /6\/10 DNS lookups · 0\/2 void lookups/);
  assert.equal(await meter.locator('.al-builder__level').getAttribute('data-level'), 'ok');
  const costs = await meter.locator('.al-builder__cost').evaluateAll((els) => els.map((e) => [e.dataset.term, e.dataset.lookups, e.dataset.sender]));
  assert.deepEqual(costs, [
    ['include:_spf.google.com', '4', 'google'],
    ['include:spf.protection.outlook.com', '1', 'microsoft365'],
    ['include:sendgrid.net', '1', 'sendgrid'],
  ]);
  // Checked by the parser: no error; SendGrid's include is flagged as not what receivers check.
  assert.equal(await out.locator('.al-finding--error').count(), 0);
  assert.equal(await out.locator('[data-code="spf-build-provider-envelope"]').count(), 1);
  // State in the address, copy button, and the comparison (builder.example publishes no SPF).
  assert.match(page.url(), /send=google%2Cmicrosoft365%2Csendgrid/);
  assert.match(page.url(), /ip=192\.0\.2\.0%2F24%2C2001%3Adb8%3A%3A%2F32/);
  await out.locator('.al-builder__txt .al-copyable .al-copy').first().click();
  await out.locator('.al-copy', { hasText: 'Copied' }).first().waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want);
  await page.locator('#al-spf-compare').click();
  await out.locator('.al-builder__compare').waitFor();
  assert.match(await out.locator('.al-builder__compare').innerText(), /Nothing is published at builder\.example/);
  await page.reload();
  await waitRecord(page, '.al-builder--spf', want);
  assert.ok(await page.locator('#al-spf-send-sendgrid').isChecked());

  // Over the limit: Salesforce (include + its exists: 2), Mailchimp (1), Zendesk (1), mx (1) → 11.
  for (const id of ['salesforce', 'mailchimp', 'zendesk']) await page.locator(`#al-spf-send-${id}`).check();
  await page.locator('#al-spf-mx').check();
  const over = 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 mx include:_spf.google.com include:spf.protection.outlook.com include:sendgrid.net include:_spf.salesforce.com include:servers.mcsv.net include:mail.zendesk.com ~all';
  await waitRecord(page, '.al-builder--spf', over);
  await waitMeter(page, over);
  assert.equal(await meter.locator('[role="meter"]').getAttribute('aria-valuenow'), '11');
  assert.equal(await meter.locator('.al-builder__level').getAttribute('data-level'), 'over');
  assert.equal(await meter.locator('[data-code="spf-too-many-lookups"]').count(), 1);
  const ways = meter.locator('.al-builder__way');
  assert.ok((await ways.count()) >= 4, 'the ways out are listed');
  // Most useful first: a sender whose include receivers do not check here; one lookup is enough.
  const first = await ways.first().innerText();
  assert.match(first, /Drop a sender/);
  assert.match(first, /SendGrid/);
  assert.match(first, /enough/);
  const kinds = await ways.evaluateAll((els) => els.map((e) => e.dataset.kind));
  for (const k of ['DropSender', 'Flatten', 'MoveToSubdomain']) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  // The three most useful in full, the others folded under a count that says how many.
  const total = await ways.count();
  assert.equal(await meter.locator('.al-builder__ways').first().locator('.al-builder__way').count(), 3);
  const more = meter.locator('.al-builder__ways-more');
  assert.equal(await more.evaluate((d) => d.open), false);
  assert.equal(await more.locator('summary').innerText(), `${total - 3} more ways`);
  assert.equal(await more.locator('ol').getAttribute('start'), '4');
  await shoot(page, 'builders-spf');
  await more.locator('summary').click();

  // Replace Google's include with its ranges: 4 lookups fewer, with the stale-ranges warning.
  await ways.filter({ hasText: 'include:_spf.google.com' }).filter({ hasText: 'Copy the ranges' }).locator('button').click();
  await page.waitForFunction(() => {
    const r = document.querySelector('.al-builder--spf .al-builder__out .al-builder__record')?.textContent ?? '';
    return r.includes('ip4:35.190.247.0/24') && !r.includes('_spf.google.com');
  });
  const flat = await out.locator('.al-builder__record').first().textContent();
  await waitMeter(page, flat);
  assert.equal(await meter.locator('[role="meter"]').getAttribute('aria-valuenow'), '7');
  assert.equal(await out.locator('[data-code="spf-build-flattened"]').count(), 1);
  // 27 Google ranges make it longer than 255 octets: strings of at most 255, cut between terms.
  const strings = await out.locator('.al-builder__strings .al-record__string').allTextContents();
  assert.ok(strings.length >= 2, `${strings.length} strings`);
  assert.equal(strings.join(''), flat);
  for (const s of strings) assert.ok(Buffer.byteLength(s) <= 255, `${Buffer.byteLength(s)} octets`);
  assert.ok(strings.slice(1).every((s) => s.startsWith(' ')), 'no term is cut');
  assert.match(page.url(), /flat=_spf\.google\.com/);
  // Unticking Google takes its copied ranges with it.
  await page.locator('#al-spf-send-google').uncheck();
  await page.waitForFunction(() => !document.querySelector('.al-builder--spf .al-builder__out .al-builder__record')?.textContent.includes('35.190.247.0'));
  assert.doesNotMatch(page.url(), /flat=/);
  assert.deepEqual(errors, []);
});

/** Every 20-character piece of a secret, to look for in request URLs. */
function pieces(secret) {
  const out = new Set();
  for (let i = 0; i + 20 <= secret.length; i++) out.add(secret.slice(i, i + 20));
  return out;
}

test('DKIM: RSA and Ed25519 key pairs made in the page, records that parse, PEM downloads, no key in any request', async () => {
  const { page, errors, requests } = env.browser;
  await page.goto(`${env.site.url}/?view=build-dkim&doh=${doh()}`);
  // A selector named after the month is offered.
  assert.match(await page.locator('#al-dkim-selector').inputValue(), /^s20\d{4}$/);
  await page.locator('#al-dkim-domain').fill('builder.example');
  await page.locator('#al-dkim-selector').fill('s202606');
  assert.ok(await page.locator('#al-dkim-k-rsa').isChecked(), 'RSA is the default');
  // The spinner must paint before the key is made.
  await page.evaluate(() => {
    window.__sawSpinner = false;
    new MutationObserver(() => {
      if (document.querySelector('.al-builder__generating .al-spinner')) window.__sawSpinner = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.locator('#al-dkim-generate').click();
  await page.locator('.al-builder__key[data-key-type="rsa"]').waitFor({ timeout: 30000 });
  assert.ok(await page.evaluate(() => window.__sawSpinner), 'a spinner while the key is made');

  const secrets = [];
  const key = page.locator('.al-builder__key');
  assert.match(await key.innerText(), /s202606\._domainkey\.builder\.example/);
  let strings = await key.locator('.al-builder__strings .al-record__string').allTextContents();
  assert.equal(strings.length, 2, 'a 2048-bit key record is two strings');
  for (const s of strings) assert.ok(Buffer.byteLength(s) <= 255);
  let record = strings.join('');
  assert.equal(await key.locator('.al-builder__record').textContent(), record);
  let m = record.match(/^v=DKIM1; k=rsa; p=([A-Za-z0-9+/]+=*)$/);
  assert.ok(m, record);
  const rsaPublic = createPublicKey({ key: Buffer.from(m[1], 'base64'), format: 'der', type: 'spki' });
  assert.equal(rsaPublic.asymmetricKeyType, 'rsa');
  assert.equal(rsaPublic.asymmetricKeyDetails.modulusLength, 2048);
  assert.equal(await key.locator('.al-finding--error').count(), 0, 'the parser finds no error');
  assert.match(await key.innerText(), /never sent anywhere/);
  let [download] = await Promise.all([page.waitForEvent('download'), page.locator('#al-dkim-download').click()]);
  assert.equal(download.suggestedFilename(), 's202606._domainkey.builder.example.pem');
  // The button says what it gives; the file's name, which can be long, stands beside it.
  assert.equal(await page.locator('#al-dkim-download').innerText(), 'Download the private key');
  assert.equal(await key.locator('.al-builder__file').innerText(), download.suggestedFilename());
  let pem = await readFile(await download.path(), 'utf8');
  assert.ok(pem.startsWith('-----BEGIN PRIVATE KEY-----\n'), pem.slice(0, 40));
  // The private key is the one published.
  let derived = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' }).toString('base64');
  assert.equal(derived, m[1]);
  secrets.push(m[1], pem.replace(/-----[^-]+-----|\s/g, ''));
  await shoot(page, 'builders-dkim');

  // Ed25519: one short string.
  await page.locator('#al-dkim-k-ed25519').check();
  await page.locator('.al-builder__stale').waitFor();
  await page.locator('#al-dkim-generate').click();
  await page.locator('.al-builder__key[data-key-type="ed25519"]').waitFor({ timeout: 10000 });
  record = await key.locator('.al-builder__record').textContent();
  m = record.match(/^v=DKIM1; k=ed25519; p=([A-Za-z0-9+/]{43}=)$/);
  assert.ok(m, record);
  assert.equal(await key.locator('.al-builder__strings').count(), 0, 'one string: no split shown');
  assert.equal(await key.locator('.al-finding--error').count(), 0);
  [download] = await Promise.all([page.waitForEvent('download'), page.locator('#al-dkim-download').click()]);
  pem = await readFile(await download.path(), 'utf8');
  assert.ok(pem.startsWith('-----BEGIN PRIVATE KEY-----\n'));
  const edPrivate = createPrivateKey(pem);
  assert.equal(edPrivate.asymmetricKeyType, 'ed25519');
  derived = createPublicKey(edPrivate).export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
  assert.equal(derived, m[1]);
  secrets.push(m[1], pem.replace(/-----[^-]+-----|\s/g, ''));
  // The address keeps the choices, never the key.
  assert.match(page.url(), /k=ed25519/);
  await page.locator('#al-dkim-compare').click();
  await page.locator('.al-builder__compare').waitFor();
  assert.match(await page.locator('.al-builder__compare').innerText(), /Nothing is published at s202606\._domainkey\.builder\.example/);

  // No request but the page's own files and DNS queries, and none carries key material.
  const site = env.site.url;
  const dns = `${env.dns.url}/dns-query?`;
  const stray = requests.filter((u) => !(u.startsWith(`${site}/`) || u.startsWith(dns) || u.startsWith(`blob:${site}/`)));
  assert.deepEqual(stray, []);
  const all = [...requests, page.url()];
  for (const secret of secrets) {
    for (const p of pieces(secret)) {
      const hit = all.find((u) => u.includes(p) || decodeURIComponent(u).includes(p));
      assert.equal(hit, undefined, `a request carries key material: ${hit}`);
    }
  }
  assert.ok(requests.some((u) => u.startsWith(dns)), 'the provider detection asked DNS');
  assert.deepEqual(errors, []);
});

test('DKIM: a 4096-bit RSA key is made in a worker, loaded on the first key; the page keeps answering', async () => {
  const { page, errors } = env.browser;
  const fetched = [];
  const record = (r) => fetched.push(new URL(r.url()).pathname.slice(1));
  page.on('request', record);
  await page.goto(`${env.site.url}/?view=build-dkim&doh=${doh()}`);
  await page.locator('#al-dkim-domain').fill('builder.example');
  await page.locator('#al-dkim-selector').fill('big');
  await page.locator('#al-dkim-bits').selectOption('4096');
  assert.ok(!fetched.some((f) => f.startsWith('dkim_worker')), 'no worker before a key is asked for');
  // Every task on the page's thread longer than 50 ms while the key is made, and the frames drawn.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration)))
      .observe({ type: 'longtask' });
    window.__frames = 0;
    const tick = () => { window.__frames += 1; if (!window.__done) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await page.locator('#al-dkim-generate').click();
  await page.locator('.al-builder__generating .al-spinner').waitFor({ timeout: 5000 });
  await page.locator('.al-builder__key[data-key-type="rsa"]').waitFor({ timeout: 120000 });
  const took = Date.now() - started;
  const { long, frames } = await page.evaluate(() => { window.__done = true; return { long: window.__long, frames: window.__frames }; });
  page.off('request', record);
  assert.ok(fetched.includes('dkim_worker_loader.js') && fetched.includes('dkim_worker_bg.wasm'), fetched.join(' '));
  const m = (await page.locator('.al-builder__record').textContent()).match(/^v=DKIM1; k=rsa; p=([A-Za-z0-9+/]+=*)$/);
  assert.ok(m);
  const key = createPublicKey({ key: Buffer.from(m[1], 'base64'), format: 'der', type: 'spki' });
  assert.equal(key.asymmetricKeyDetails.modulusLength, 4096);
  // The search for primes (seconds in wasm) never held the page's thread: no task near it.
  const longest = Math.max(0, ...long);
  assert.ok(longest < 250, `a task of ${longest} ms on the page's thread while the key was made in ${took} ms`);
  assert.ok(frames >= Math.min(10, took / 100), `${frames} frames in ${took} ms`);
  assert.deepEqual(errors, []);
});

test('DKIM: a Microsoft 365 domain is told what to publish instead of a key', async () => {
  const { page, errors } = env.browser;
  await page.goto(`${env.site.url}/?view=build-dkim&doh=${doh()}`);
  await page.locator('#al-dkim-domain').fill('fabrikam.example');
  await page.locator('.al-builder__detected', { hasText: 'Microsoft 365' }).waitFor({ timeout: 10000 });
  await page.locator('#al-dkim-use-managed').click();
  const card = page.locator('.al-builder__managed[data-provider="microsoft365"]');
  await card.waitFor();
  await page.locator('#al-dkim-tenant').fill('fabrikam.onmicrosoft.com');
  const text = await card.innerText();
  assert.match(text, /selector1\._domainkey\.fabrikam\.example\s+CNAME/);
  assert.match(text, /selector1-fabrikam-example\._domainkey\.fabrikam\.onmicrosoft\.com/);
  assert.match(text, /selector2-fabrikam-example\._domainkey\.fabrikam\.onmicrosoft\.com/);
  assert.match(page.url(), /provider=microsoft365/);
  assert.deepEqual(errors, []);
});

test('MTA-STS: the policy lists the MX hosts from DNS; records built, checked and compared', async () => {
  const { page, errors } = env.browser;
  await page.goto(`${env.site.url}/?view=build-mtasts&doh=${doh()}`);
  await page.locator('#al-sts-domain').fill('northwind.example');
  // domains.yaml: northwind.example MX 1 smtp.google.com.
  await page.waitForFunction(() => document.querySelector('.al-builder__policy')?.textContent.includes('mx: smtp.google.com'), null, { timeout: 10000 });
  assert.equal(await page.locator('#al-sts-mx').inputValue(), 'smtp.google.com');
  await page.locator('#al-sts-rua').fill('tls-reports@northwind.example');
  await page.locator('#al-sts-mode-enforce').check();
  await page.locator('#al-sts-max-age').selectOption('1209600');
  await page.waitForFunction(() => document.querySelector('.al-builder__policy')?.textContent.includes('mode: enforce'));
  const policy = (await page.locator('.al-builder__policy').textContent()).split(/\r?\n/).filter(Boolean);
  assert.deepEqual(policy, ['version: STSv1', 'mode: enforce', 'mx: smtp.google.com', 'max_age: 1209600']);
  const out = page.locator('.al-builder__out');
  const text = await out.innerText();
  assert.match(text, /https:\/\/mta-sts\.northwind\.example\/\.well-known\/mta-sts\.txt/);
  assert.match(text, /_mta-sts\.northwind\.example/);
  assert.match(text, /_smtp\._tls\.northwind\.example/);
  const records = await out.locator('.al-builder__record').allTextContents();
  assert.match(records[0], /^v=STSv1; id=\d{14}$/);
  assert.equal(records[1], 'v=TLSRPTv1; rua=mailto:tls-reports@northwind.example');
  assert.equal(await out.locator('.al-finding--error').count(), 0);
  assert.equal(await out.locator('.al-finding--warning').count(), 0);
  assert.match(page.url(), /mode=enforce/);
  assert.match(page.url(), /tls_rua=tls-reports%40northwind\.example/);
  // Compared with what northwind.example publishes: a new id, the same TLS-RPT record.
  await page.locator('#al-sts-compare').click();
  await out.locator('.al-builder__compare').first().waitFor();
  const compared = await out.locator('.al-builder__compare').allInnerTexts();
  assert.match(compared[0], /changed\s+id: 20261101T000000 → \d{14}/i);
  assert.match(compared[1], /No difference/);
  // The published file, pasted (the page may fetch only from DNS resolvers).
  await page.locator('#al-sts-paste-box summary').click();
  await page.locator('#al-sts-paste').fill('version: STSv1\nmode: testing\nmx: smtp.google.com\nmax_age: 86400\n');
  const pasted = await page.locator('#al-sts-paste-box .al-builder__compare').innerText();
  assert.match(pasted, /mode: testing → enforce/);
  assert.match(pasted, /max_age: 86400 → 1209600/);
  await shoot(page, 'builders-mtasts');

  // Two MX hosts under one parent become one pattern that covers both.
  await page.locator('#al-sts-domain').fill('bigco.example');
  await page.waitForFunction(() => document.querySelector('.al-builder__policy')?.textContent.includes('mx: *.bigco.example'), null, { timeout: 10000 });
  assert.match(await page.locator('.al-builder__mx').innerText(), /mx1\.bigco\.example\s+mx2\.bigco\.example/);
  assert.equal(await out.locator('[data-code="mtasts-mx-not-covered"]').count(), 0);
  assert.deepEqual(errors, []);
});

test('SPF: each sentence once, controls named for their record, nothing overflows; fresh and with senders', async () => {
  const { page, errors } = env.browser;
  await page.goto(`${env.site.url}/?view=build-spf&doh=${doh()}`);
  await waitMeter(page, 'v=spf1 -all');
  await polished(page, 'SPF, fresh');
  // Over the limit, compared with what is published: the ways out, two senders that use their
  // own bounce domains (said in one finding), the comparison.
  await page.locator('#al-spf-domain').fill('builder.example');
  for (const id of ['google', 'microsoft365', 'sendgrid', 'salesforce', 'mailchimp', 'zendesk']) await page.locator(`#al-spf-send-${id}`).check();
  await page.locator('#al-spf-mx').check();
  await page.locator('#al-spf-ip').fill('192.0.2.0/24, 2001:db8::/32');
  const over = 'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 mx include:_spf.google.com include:spf.protection.outlook.com include:sendgrid.net include:_spf.salesforce.com include:servers.mcsv.net include:mail.zendesk.com ~all';
  await waitRecord(page, '.al-builder--spf', over);
  await waitMeter(page, over);
  await page.locator('#al-spf-compare').click();
  await page.locator('.al-builder__compare').waitFor();
  const envelope = page.locator('.al-builder__out [data-code="spf-build-provider-envelope"]');
  assert.equal(await envelope.count(), 1);
  assert.match(await envelope.innerText(), /SendGrid \(Twilio\) and Mailchimp send with their own domains in MAIL FROM/);
  await polished(page, 'SPF, over the limit');
  await page.locator('.al-builder__ways-more summary').click();
  await polished(page, 'SPF, every way out');
  // Google's include replaced by its ranges: a record of several strings.
  await page.locator('.al-builder__way').filter({ hasText: 'include:_spf.google.com' }).filter({ hasText: 'Copy the ranges' }).locator('button').click();
  await page.waitForFunction(() => !document.querySelector('.al-builder__out .al-builder__record')?.textContent.includes('_spf.google.com'));
  const flat = await page.locator('.al-builder__out .al-builder__record').first().textContent();
  await waitMeter(page, flat);
  assert.equal(await page.locator('.al-builder__out [data-code="spf-build-flattened"]').count(), 1);
  await page.locator('.al-builder__zone summary').first().click();
  await polished(page, 'SPF, with copied ranges');
  const names = await controlNames(page);
  for (const n of [
    'button: Copy the SPF record',
    'button: Copy the SPF record as quoted strings',
    'DisclosureTriangle: The SPF record as a zone-file line',
    'button: Copy the SPF record as a zone-file line',
  ]) assert.ok(names.includes(n), `${n} in ${names.join(' | ')}`);
  assert.deepEqual(errors, []);
});

test('DKIM: each sentence once, controls named for their record, nothing overflows; fresh, with a key, for a provider', async () => {
  const { page, errors } = env.browser;
  await page.goto(`${env.site.url}/?view=build-dkim&doh=${doh()}`);
  await page.locator('#al-dkim-generate').waitFor();
  await polished(page, 'DKIM, fresh');
  await page.locator('#al-dkim-domain').fill('builder.example');
  await page.locator('#al-dkim-selector').fill('s202606');
  await page.locator('#al-dkim-generate').click();
  await page.locator('.al-builder__key[data-key-type="rsa"]').waitFor({ timeout: 30000 });
  await page.locator('#al-dkim-compare').click();
  await page.locator('.al-builder__compare').waitFor();
  for (const s of await page.locator('.al-builder__key summary').all()) await s.click();
  await polished(page, 'DKIM, with a key');
  const names = await controlNames(page);
  for (const n of [
    'button: Copy the DKIM TXT record for s202606._domainkey.builder.example',
    'button: Copy the DKIM TXT record for s202606._domainkey.builder.example as quoted strings',
    'DisclosureTriangle: The DKIM TXT record as a zone-file line',
    'button: Copy the DKIM TXT record for s202606._domainkey.builder.example as a zone-file line',
    'button: Copy the public key as PEM',
  ]) assert.ok(names.includes(n), `${n} in ${names.join(' | ')}`);
  // A provider that makes the key: its records, one copy button each.
  await page.locator('#al-dkim-domain').fill('fabrikam.example');
  await page.locator('#al-dkim-use-managed').click({ timeout: 10000 });
  await page.locator('#al-dkim-tenant').fill('fabrikam.onmicrosoft.com');
  await polished(page, 'DKIM, Microsoft 365');
  const managed = await controlNames(page);
  for (const n of ['selector1', 'selector2']) {
    assert.ok(managed.includes(`button: Copy the CNAME value for ${n}._domainkey.fabrikam.example`), managed.join(' | '));
  }
  assert.deepEqual(errors, []);
});

test('MTA-STS: each sentence once, controls named for their record, nothing overflows; fresh and filled in', async () => {
  const { page, errors } = env.browser;
  await page.goto(`${env.site.url}/?view=build-mtasts&doh=${doh()}`);
  await page.locator('.al-builder__mx', { hasText: 'Type the domain to read its MX hosts.' }).waitFor();
  await polished(page, 'MTA-STS, fresh');
  await page.locator('#al-sts-domain').fill('northwind.example');
  await page.waitForFunction(() => document.querySelector('.al-builder__policy')?.textContent.includes('mx: smtp.google.com'), null, { timeout: 10000 });
  await page.locator('#al-sts-rua').fill('tls-reports@northwind.example, https://reports.example.net/tls-reports/northwind.example/upload');
  await page.locator('#al-sts-compare').click();
  await page.locator('.al-builder__compare').first().waitFor();
  for (const s of await page.locator('.al-builder__out summary').all()) await s.click();
  await page.locator('#al-sts-paste').fill('version: STSv1\nmode: testing\nmx: smtp.google.com\nmax_age: 86400\n');
  await page.locator('#al-sts-paste-box .al-builder__compare').waitFor();
  await polished(page, 'MTA-STS, filled in');
  const names = await controlNames(page);
  for (const n of [
    'button: Copy the MTA-STS policy file',
    'button: Copy the MTA-STS record',
    'button: Copy the TLS-RPT record',
    'DisclosureTriangle: The MTA-STS record as a zone-file line',
    'DisclosureTriangle: The TLS-RPT record as a zone-file line',
  ]) assert.ok(names.includes(n), `${n} in ${names.join(' | ')}`);
  assert.deepEqual(errors, []);
});
