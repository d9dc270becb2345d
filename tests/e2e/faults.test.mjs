// DNS faults in the page. The fixture server injects each fault
// (tests/fixtures/zones/faults.yaml) at the first resolver, the fixture's /resolve (`doh=`), or at
// both it and the second, its /dns-query (`doh2=`); `timeout=1` makes a query give up after 1 s.
// Each test checks what the page shows (the words, the `dns-*` code beside its explanation, the
// final data-status) and, in the server's log (/_log), that the retry happened once, on the other
// resolver, and only when it should.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useEnvironment, screenshot, checkMessage, showRecords } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });

const first = () => `${env.dns.url}/resolve`;
const second = () => `${env.dns.url}/dns-query`;
// Resolvers as the messages name them: host, port and path.
const named = (url) => url.replace(/^https?:\/\//, '');

function address(params, { doh2 = true } = {}) {
  const q = new URLSearchParams({ doh: first(), ...(doh2 ? { doh2: second() } : {}), timeout: '1', ...params });
  return `${env.site.url}/?${q}`;
}

/** Opens the address and waits for the end state; nothing may stay loading. */
async function open(page, params, options) {
  await env.dns.clearLog();
  await page.goto(address(params, options));
  const end = page.locator('.al-result[data-status="done"], .al-result[data-status="error"]');
  await end.waitFor({ timeout: 20000 });
  return page.locator('.al-result').getAttribute('data-status');
}

/** The queries the fixture saw for one name and type, in order. */
async function asked(name, type = 'TXT') {
  return (await env.dns.log()).filter((q) => q.name.toLowerCase() === name && q.type === type);
}

// What a browser logs when a resolver fails on purpose (HTTP 4xx/5xx, a CORS refusal); any other
// console error or page error is a bug.
const unexpected = (errors) =>
  errors.filter((e) => !/Failed to load resource|blocked by CORS policy|net::ERR_FAILED/.test(e));

const KINDS = [
  { kind: 'servfail', logged: 'servfail', code: 'dns-servfail', title: /answered SERVFAIL/ },
  { kind: 'timeout', logged: 'timeout', code: 'dns-timeout', title: /did not answer in time/ },
  { kind: 'ratelimit', logged: '429:30', code: 'dns-rate-limited', title: /rate limiting \(HTTP 429\)/ },
  { kind: 'http503', logged: '503', code: 'dns-http-error', title: /answered an HTTP error/ },
  { kind: 'malformed', logged: 'malformed', code: 'dns-bad-answer', title: /could not be read/ },
  { kind: 'nocors', logged: 'nocors', code: 'dns-unreachable', title: /could not be reached/ },
];

for (const { kind, logged } of KINDS) {
  test(`${kind} at the first resolver: asked once more of the second, which answers`, async () => {
    const { page, errors } = env.browser;
    const domain = `${kind}.once.faults.example`;
    assert.equal(await open(page, { domain }), 'done');
    await showRecords(page);
    await showRecords(page);
  const apex = page.locator('.al-lookup').first();
    assert.equal(await apex.getAttribute('data-lookup-status'), 'ok');
    assert.match(await apex.innerText(), /v=spf1 ip4:192\.0\.2\.0\/24 -all/);
    assert.equal(await page.locator('.al-spf [data-code="spf-dns-error"]').count(), 0);
    assert.equal(await page.locator('[data-fault-code]').count(), 0, 'no fault left to show');
    const q = await asked(domain);
    assert.deepEqual(q.map((x) => x.path), ['/resolve', '/dns-query'], JSON.stringify(q));
    assert.equal(q[0].fault, logged);
    assert.equal(q[1].fault, null);
    assert.deepEqual(unexpected(errors), []);
  });
}

for (const { kind, code, title } of KINDS) {
  test(`${kind} at both resolvers: a temporary result naming both, with ${code}`, async () => {
    const { page, errors } = env.browser;
    const domain = `${kind}.both.faults.example`;
    const started = Date.now();
    assert.equal(await open(page, { domain }), 'done');
    assert.ok(Date.now() - started < 15000, 'nothing hangs');
    await showRecords(page);
    await showRecords(page);
  const apex = page.locator('.al-lookup').first();
    assert.equal(await apex.getAttribute('data-lookup-status'), 'temporary');
    const text = await apex.innerText();
    assert.ok(text.includes(`${named(first())}: `), text);
    assert.ok(text.includes(`; retried on ${named(second())}: `), text);
    // The code stands beside the sentence as a label, never inside it.
    assert.equal(text.split(`(${code})`).length - 1, 0, `${code} inside the sentence: ${text}`);
    // The code as visible text beside its explanation, in the lookup and in the SPF finding.
    const explained = apex.locator(`[data-fault-code="${code}"]`);
    assert.equal(await explained.count(), 1);
    assert.match(await explained.innerText(), title);
    assert.match(await explained.innerText(), /Fix: /);
    assert.ok(await explained.isVisible());
    // Why it matters, on request (drawn by the page's second module, with the engine's table).
    await explained.locator('.al-dns-fault__more summary').click();
    await explained.locator('.al-finding__why').waitFor({ timeout: 10000 });
    assert.match(await explained.locator('.al-finding__rfc').textContent(), /^(RFC \d+|Fetch Standard) §/);
    const spf = page.locator('.al-spf');
    // The headline is the summary's SPF line (said once); the card's badge is its finding's.
    assert.match(await page.locator('.al-overview__line[data-protocol="SPF"] .al-overview__verdict').innerText(), /temperror/);
    const finding = spf.locator('.al-finding[data-code="spf-dns-error"]');
    assert.equal(await finding.count(), 1);
    assert.equal(await finding.locator(`[data-fault-code="${code}"]`).count(), 1);
    const q = await asked(domain);
    assert.deepEqual(q.map((x) => x.path), ['/resolve', '/dns-query'], JSON.stringify(q));
    await screenshot(page, `faults-${kind}-both`);
    assert.deepEqual(unexpected(errors), []);
  });
}

test('HTTP 429 (Retry-After 30) at the first, a timeout at the second: the message says both', async () => {
  const { page, errors } = env.browser;
  assert.equal(await open(page, { domain: 'mixed.faults.example' }), 'done');
  await showRecords(page);
  const apex = page.locator('.al-lookup').first();
  const text = await apex.innerText();
  // The codes stand beside the sentence as labels, not inside it.
  const expected = `${named(first())}: HTTP 429 Too Many Requests, Retry-After 30 s: it asks to wait 30 s; `
    + `retried on ${named(second())}: timeout, no answer within 1 s`;
  assert.ok(text.includes(expected), text);
  const codes = await apex.locator('[data-fault-code]').evaluateAll((els) => els.map((e) => e.dataset.faultCode));
  assert.deepEqual(codes, ['dns-rate-limited', 'dns-timeout']);
  await screenshot(page, 'faults-mixed');
  assert.deepEqual(unexpected(errors), []);
});

test('DMARC: the policy lookup fails at both, so policy discovery fails temporarily', async () => {
  const { page, errors } = env.browser;
  assert.equal(await open(page, { domain: 'dmarc-fail.faults.example' }), 'done');
  const dmarc = page.locator('.al-dmarc');
  assert.match(await page.locator('.al-overview__line[data-protocol="DMARC"] .al-overview__verdict').innerText(), /policy discovery failed temporarily/);
  const f = dmarc.locator('.al-finding[data-code="dmarc-dns-error"]').first();
  const codes = await f.locator('[data-fault-code]').evaluateAll((els) => els.map((e) => e.dataset.faultCode));
  assert.deepEqual(codes, ['dns-servfail', 'dns-http-error']);
  await screenshot(page, 'faults-dmarc');
  assert.deepEqual(unexpected(errors), []);
});

test('when no lookup gets an answer the result is the error state, each fault explained', async () => {
  const { page, errors } = env.browser;
  assert.equal(await open(page, { domain: 'down.faults.example' }), 'error');
  assert.match(await page.locator('.al-result [role=alert]').first().innerText(), /could not be reached or gave no usable answer/);
  await showRecords(page);
  const lookups = page.locator('.al-lookup[data-lookup-status="temporary"]');
  assert.equal(await lookups.count(), 2);
  for (const l of await lookups.all()) {
    const codes = await l.locator('[data-fault-code]').evaluateAll((els) => els.map((e) => e.dataset.faultCode));
    assert.deepEqual(codes, ['dns-servfail', 'dns-http-error']);
  }
  await screenshot(page, 'faults-down');
  assert.deepEqual(unexpected(errors), []);
});

test('NXDOMAIN is an answer: never asked again, SPF none, and an include of it permerror', async () => {
  const { page, errors } = env.browser;
  // The first resolver says the name does not exist; the second would have answered.
  assert.equal(await open(page, { domain: 'nxdomain.faults.example' }), 'done');
  await showRecords(page);
  assert.equal(await page.locator('.al-lookup').first().getAttribute('data-lookup-status'), 'nxdomain');
  assert.match(await page.locator('.al-overview__line[data-protocol="SPF"] .al-overview__verdict').innerText(), /No SPF record/);
  let q = (await env.dns.log()).filter((x) => x.name === 'nxdomain.faults.example');
  assert.ok(q.length > 0 && q.every((x) => x.path === '/resolve'), JSON.stringify(q));

  assert.equal(await open(page, { domain: 'include-nx.faults.example' }), 'done');
  const spf = page.locator('.al-spf');
  await spf.locator('.al-tester summary').click();
  await spf.locator('.al-tester input[name=ip]').fill('192.0.2.1');
  await spf.locator('.al-tester button[type=submit]').click();
  await spf.locator('.al-tester__result[data-status="done"]').waitFor({ timeout: 15000 });
  const verdict = await spf.locator('.al-tester__verdict').innerText();
  assert.match(verdict, /^permerror/);
  assert.match(verdict, /nxdomain\.faults\.example/);
  q = (await env.dns.log()).filter((x) => x.name === 'nxdomain.faults.example');
  assert.ok(q.every((x) => x.path === '/resolve'), JSON.stringify(q));
  assert.deepEqual(unexpected(errors), []);
});

test('an include that fails at both resolvers gives temperror when a sender is tested', async () => {
  const { page, errors } = env.browser;
  assert.equal(await open(page, { domain: 'include-fail.faults.example' }), 'done');
  const spf = page.locator('.al-spf');
  await spf.locator('.al-tester summary').click();
  await spf.locator('.al-tester input[name=ip]').fill('192.0.2.1');
  await spf.locator('.al-tester button[type=submit]').click();
  await spf.locator('.al-tester__result[data-status="done"]').waitFor({ timeout: 15000 });
  const verdict = await spf.locator('.al-tester__verdict').innerText();
  assert.match(verdict, /^temperror/);
  assert.match(verdict, /SERVFAIL; retried on/);
  assert.equal(await spf.locator('.al-tester [data-fault-code="dns-servfail"]').count(), 1);
  assert.equal(await spf.locator('.al-finding[data-code="spf-dns-error"] [data-fault-code="dns-servfail"]').count(), 1);
  assert.deepEqual(unexpected(errors), []);
});

test('message check: a DKIM key and an SPF record that cannot be fetched give temperror', async () => {
  const { page, errors } = env.browser;
  await env.dns.clearLog();
  await page.goto(address({ view: 'message' }));
  const message = [
    'Return-Path: <bounce@servfail.both.faults.example>',
    'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=dkim-fail.faults.example; s=sel;',
    ' h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA',
    'From: Alice <alice@dkim-fail.faults.example>',
    'To: bob@example.com',
    'Subject: faults',
    '',
    'Hello.',
    '',
  ].join('\r\n');
  await checkMessage(page, message, { ip: '192.0.2.1', timeout: 20000 });
  const sig = page.locator('.al-sig').first();
  assert.equal(await sig.getAttribute('data-result'), 'temperror');
  const text = await sig.innerText();
  assert.match(text, /key-unavailable/);
  assert.ok(text.includes(`${named(first())}: SERVFAIL; retried on ${named(second())}: timeout, no answer within 1 s`), text);
  assert.deepEqual(await sig.locator('[data-fault-code]').evaluateAll((els) => els.map((e) => e.dataset.faultCode)), ['dns-servfail', 'dns-timeout']);
  const result = await page.locator('.al-result').innerText();
  assert.match(result, /SPF\s+temperror/);
  const key = await asked('sel._domainkey.dkim-fail.faults.example');
  assert.deepEqual(key.map((x) => x.path), ['/resolve', '/dns-query']);
  await screenshot(page, 'faults-message');
  assert.deepEqual(unexpected(errors), []);
});

test('a resolver of your own without doh2 is never replaced: asked again itself, nothing elsewhere', async () => {
  const { page, errors } = env.browser;
  const domain = 'servfail.both.faults.example';
  assert.equal(await open(page, { domain }, { doh2: false }), 'done');
  await showRecords(page);
  const apex = page.locator('.al-lookup').first();
  const text = await apex.innerText();
  assert.match(text, /SERVFAIL \(asked twice\)/);
  assert.equal(await apex.locator('[data-fault-code="dns-servfail"]').count(), 1);
  assert.doesNotMatch(text, /retried on/);
  const log = await env.dns.log();
  assert.ok(log.length > 0);
  assert.deepEqual(log.filter((x) => x.path !== '/resolve'), [], 'no query to any other resolver');
  assert.deepEqual((await asked(domain)).map((x) => x.path), ['/resolve', '/resolve']);
  assert.deepEqual(unexpected(errors), []);
});
