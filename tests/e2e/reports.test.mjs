// "Read reports" end to end: choose aggregate report files, check the totals and the sources
// table against the generator's independently computed numbers (tests/scripts/gen-aggregate.py
// writes expected.json), sort, see the malformed files' codes, and check that no request carries
// a report: only the page's own files and, on request, DoH PTR queries. Then the page as a
// first-time user sees it: what was read is said where the file is chosen, the overview comes
// before the long table, the tables fit at 1280 px and scroll in their own box on a phone, and
// every sentence, code and toggle is said once.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { useEnvironment, screenshot, shots, root } from './harness.mjs';
import { codesInProse, repeatedSentences, repeatedNames, overflow } from './polish.mjs';

const env = useEnvironment({ before, after, beforeEach });
const generated = path.join(root, 'tests/data/aggregate/generated');
const malformed = path.join(root, 'tests/data/aggregate/malformed');
const int = (n) => n.toLocaleString('en-US');

const openReports = async () => {
  const doh = encodeURIComponent(`${env.dns.url}/dns-query`);
  await env.browser.page.goto(`${env.site.url}/?view=reports&doh=${doh}`);
  return env.browser.page;
};
const filesOf = async (dir) =>
  (await readdir(dir)).filter((f) => f !== 'expected.json').sort().map((f) => path.join(dir, f));
const onlyOwnRequests = () =>
  env.browser.requests.filter((u) => !u.startsWith(env.site.url) && !u.startsWith(`${env.dns.url}/dns-query?`));

test('25 generated report files: totals, sources table, sorting, the next step, reverse DNS', async () => {
  const expected = JSON.parse(await readFile(path.join(generated, 'expected.json'), 'utf8'));
  const page = await openReports();
  const files = await filesOf(generated);
  assert.equal(files.length, expected.files);
  await page.locator('.al-reports__choose input[type=file]').setInputFiles(files);
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  assert.match(await page.locator('.al-reports__status').innerText(), new RegExp(`^${expected.files} files read: `));

  const stat = (k) => page.locator(`[data-stat="${k}"] dd`).innerText();
  assert.match(await stat('reports'), new RegExp(`^${expected.reports} \\(\\+${expected.duplicates} duplicates`));
  assert.equal(await stat('messages'), int(expected.results.messages));
  const rate = ((expected.results.dmarc_pass / expected.results.messages) * 100).toFixed(1);
  assert.match(await stat('pass-rate'), new RegExp(`^${rate}% \\(${int(expected.results.dmarc_pass)} pass, ${int(expected.results.dmarc_fail)} fail\\)`));
  assert.equal(await stat('dkim'), `${int(expected.results.dkim_pass)} pass, ${int(expected.results.dkim_aligned_pass)} aligned`);
  assert.equal(await stat('spf'), `${int(expected.results.spf_pass)} pass, ${int(expected.results.spf_aligned_pass)} aligned`);
  const d = expected.dispositions;
  assert.equal(await stat('dispositions'), `none ${int(d.none)} · pass ${int(d.pass)} · quarantine ${int(d.quarantine)} · reject ${int(d.reject)}`);
  assert.match(await stat('range'), new RegExp(`^${expected.date_range.begin_utc} to ${expected.date_range.end_utc}`));
  const reporters = await page.locator('.al-reports__reporters li').allInnerTexts();
  assert.equal(reporters.length, expected.reporters.length);
  for (const [i, r] of expected.reporters.entries()) {
    assert.ok(reporters[i].startsWith(r.org_name), `${reporters[i]} / ${r.org_name}`);
    assert.ok(reporters[i].endsWith(`${r.reports} reports, ${int(r.messages)} messages`), reporters[i]);
  }

  // The sources table: one row per address, the generator's numbers.
  const rows = page.locator('.al-reports__sources tbody tr');
  assert.equal(await rows.count(), Object.keys(expected.sources).length);
  const cell = (row, col) => row.locator(`[data-col="${col}"]`).innerText();
  for (const [ip, want] of Object.entries(expected.sources)) {
    const row = page.locator(`.al-reports__sources tbody tr[data-ip="${ip}"]`);
    assert.equal(await cell(row, 'messages'), int(want.messages), ip);
    assert.equal(await cell(row, 'pass'), int(want.dmarc_pass), ip);
    assert.equal(await cell(row, 'fail'), int(want.dmarc_fail), ip);
  }
  // Sorted by messages, most first, to begin with.
  const ips = () => rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.ip));
  const byMessages = Object.entries(expected.sources).sort((a, b) => b[1].messages - a[1].messages).map(([ip]) => ip);
  assert.deepEqual(await ips(), byMessages);
  assert.equal(await page.locator('thead th[data-col="messages"]').getAttribute('aria-sort'), 'descending');
  // A click on "DMARC fail" sorts by failures, most first; a second click reverses.
  await page.locator('thead th[data-col="fail"] button').click();
  assert.equal(await page.locator('thead th[data-col="fail"]').getAttribute('aria-sort'), 'descending');
  assert.equal(await page.locator('thead th[data-col="messages"]').getAttribute('aria-sort'), 'none');
  const top = expected.top_failing.map(([ip]) => ip);
  assert.deepEqual((await ips()).slice(0, top.length), top);
  await page.locator('thead th[data-col="fail"] button').press('Enter');
  assert.equal(await page.locator('thead th[data-col="fail"]').getAttribute('aria-sort'), 'ascending');
  assert.deepEqual((await ips()).slice(-top.length), [...top].reverse());
  // By address, ascending.
  await page.locator('thead th[data-col="source"] button').click();
  assert.equal(await page.locator('thead th[data-col="source"]').getAttribute('aria-sort'), 'ascending');
  assert.equal((await ips())[0], '192.0.2.10');

  // The rollout answer: p=none was seen, so the next step is quarantine.
  const impact = page.locator('.al-reports__impact');
  assert.equal(await impact.getAttribute('data-verdict'), 'legitimate_mail_at_risk');
  assert.match(await impact.innerText(), new RegExp(`At p=quarantine, ${int(expected.impact.failing)} of ${int(expected.results.messages)} messages \\([0-9.]+%\\) from these sources would have been quarantined`));
  assert.match(await impact.innerText(), new RegExp(`${int(expected.impact.unaligned)} not aligned`));

  // Both charts, with a text alternative.
  const charts = page.locator('svg.al-chart[role="img"]');
  assert.equal(await charts.count(), 2);
  assert.match(await charts.nth(0).getAttribute('aria-label'), /2026-03-01: [0-9.]+% of 647 messages pass/);
  assert.match(await charts.nth(1).getAttribute('aria-label'), new RegExp(`${top[0].replace(/\./g, '\\.')}: ${expected.top_failing[0][1]} failing`));

  // Per report: the reporter error and the skipped elements, with their codes.
  assert.ok(await page.locator('.al-reports__report [data-code="report-reporter-error"]').count() >= expected.reporter_errors);
  assert.ok(await page.locator('.al-reports__files [data-code="report-duplicate"], .al-reports__overview [data-code="report-duplicate"]').count() >= 1);
  // Each repeat is marked beside its file, naming the copy counted: the first chosen.
  const repeats = page.locator('.al-reports__files .al-reports__report--repeat');
  assert.equal(await repeats.count(), expected.duplicates);
  assert.match(
    await page.locator('.al-reports__file[data-name^="google!example.com!1772323200"] .al-reports__report--repeat').innerText(),
    /Same report twice\s+counted once, from copy-of-google-report\.xml$/,
  );

  await screenshot(page, 'reports-generated');
  await page.setViewportSize({ width: 390, height: 844 });
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(sideways, 0, 'the page scrolls sideways at 390 px');
  await screenshot(page, 'reports-generated-390');
  await page.screenshot({ path: path.join(shots, 'reports-generated-390-top.png') });
  await page.setViewportSize({ width: 1100, height: 800 });

  // No request carried a report: only the page's own files so far, and no DNS at all.
  assert.deepEqual(onlyOwnRequests(), []);
  assert.deepEqual(env.browser.requests.filter((u) => u.startsWith(env.dns.url)), []);

  // Reverse DNS, on request only, through the resolver, with a progress line.
  await env.dns.clearLog();
  await page.locator('.al-reports__rdns button').click();
  await page.locator('.al-reports__rdns [role=status]', { hasText: 'names looked up' }).waitFor({ timeout: 20000 });
  assert.match(await page.locator('.al-reports__rdns [role=status]').innerText(), new RegExp(`^${Object.keys(expected.sources).length} of ${Object.keys(expected.sources).length} names`));
  // Each address shows what its PTR lookup gave (the fixture has no PTR records for them).
  const ptrs = await page.locator('.al-reports__sources tbody th[data-col="source"] .al-reports__ptr').allInnerTexts();
  assert.equal(ptrs.length, Object.keys(expected.sources).length);
  assert.ok(ptrs.every((t) => t === 'no PTR name'), ptrs.join(' / '));
  await page.locator('.al-reports__sources-card').screenshot({ path: path.join(shots, 'reports-rdns.png') });
  const asked = (await env.dns.log()).map((q) => q.name);
  assert.ok(asked.includes('10.2.0.192.in-addr.arpa'), asked.join(' '));
  assert.ok(asked.every((n) => /\.(in-addr|ip6)\.arpa\.?$/.test(n)), asked.join(' '));
  assert.deepEqual(onlyOwnRequests(), []);
  assert.deepEqual(env.browser.errors, []);
});

test('malformed files: each listed with what was skipped and why, nothing counted from a bomb', async () => {
  const expected = JSON.parse(await readFile(path.join(malformed, 'expected.json'), 'utf8'));
  const page = await openReports();
  await page.locator('.al-reports__choose input[type=file]').setInputFiles(await filesOf(malformed));
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  for (const [name, want] of Object.entries(expected)) {
    const li = page.locator(`.al-reports__file[data-name="${name}"]`);
    assert.equal(await li.count(), 1, name);
    const codes = await li.locator('[data-code]').evaluateAll((els) => els.map((e) => e.dataset.code));
    for (const c of want.codes ?? []) assert.ok(codes.includes(c), `${name}: ${c} not in ${codes}`);
    if (want.codes_any) assert.ok(want.codes_any.some((c) => codes.includes(c)), `${name}: ${codes}`);
    if (want.reports === 0) assert.equal(await li.getAttribute('data-read'), 'false', name);
    // The code is visible text, so a user can search for it.
    for (const c of want.codes ?? []) assert.ok((await li.innerText()).includes(c), `${name}: ${c} not visible`);
  }
  assert.match(await page.locator('.al-reports__file[data-name="bomb.xml.gz"]').innerText(), /decompression bomb/);
  await screenshot(page, 'reports-malformed');
  assert.deepEqual(onlyOwnRequests(), []);
  assert.deepEqual(env.browser.errors, []);

  // "Clear" empties the page and the worker: a good file alone gives its own totals.
  await page.locator('.al-reports__drop button', { hasText: 'Clear' }).click();
  await page.locator('.al-reports__choose input[type=file]').setInputFiles(path.join(root, 'tests/data/aggregate/samples/rfc7489-appendix-c.xml'));
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('.al-reports__file').count(), 1);
  assert.match(await page.locator('[data-stat="reports"] dd').innerText(), /^1$/);
  assert.deepEqual(env.browser.errors, []);
});

test('a report dropped on the page is read like a chosen one', async () => {
  const page = await openReports();
  const file = path.join(root, 'tests/data/aggregate/samples/rfc7489-appendix-c.xml');
  const bytes = [...(await readFile(file))];
  // A real drop: a DataTransfer holding the file, dispatched as dragover then drop.
  const dt = await page.evaluateHandle((b) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(b)], 'rfc7489-appendix-c.xml', { type: 'text/xml' }));
    return d;
  }, bytes);
  const zone = page.locator('.al-reports__drop');
  await zone.dispatchEvent('dragover', { dataTransfer: dt });
  await zone.dispatchEvent('drop', { dataTransfer: dt });
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('.al-reports__file').count(), 1);
  assert.match(await page.locator('[data-stat="reports"] dd').innerText(), /^1$/);
  assert.ok((await page.locator('.al-reports__sources tbody tr').count()) >= 1);
  // The chooser says what was dropped; the browser's "No file chosen" is nowhere to be seen.
  await chooserSays(page, /^1 file read: rfc7489-appendix-c\.xml\.$/);
  assert.deepEqual(onlyOwnRequests(), []);
  assert.deepEqual(env.browser.errors, []);
});

/**
 * The chooser's line says what was read (matching `want`), and the file input, whose own text
 * would still say "No file chosen" after a drop, is visually hidden behind its label.
 */
async function chooserSays(page, want) {
  const status = page.locator('.al-reports__drop .al-reports__status');
  assert.ok(await status.isVisible(), 'the line saying what was read is visible');
  assert.match(await status.innerText(), want);
  const box = await page.locator('.al-reports__choose input[type=file]').boundingBox();
  assert.ok(box && box.width <= 1 && box.height <= 1, `the file input is visible: ${JSON.stringify(box)}`);
  assert.ok(!(await page.locator('main').innerText()).includes('No file chosen'));
  assert.equal(await page.locator('.al-reports__choose').innerText(), 'Choose report files');
}

test('the chooser: nothing said before a file, then the files read, by name; a visible focus', async () => {
  const page = await openReports();
  await page.setViewportSize({ width: 1280, height: 900 });
  // Untouched: no error, no status, no findings.
  assert.equal(await page.locator('[role=alert], .al-alert').count(), 0);
  assert.equal(await page.locator('.al-reports__status').innerText(), '');
  assert.equal(await page.locator('.al-reports__status').isVisible(), false);
  assert.equal(await page.locator('.al-finding, .al-reports__result .al-card').count(), 0);
  assert.equal(await page.locator('.al-reports__clear').isDisabled(), true);
  // The label is the input's button, and shows the keyboard focus the hidden input has.
  await page.locator('.al-reports__choose input[type=file]').focus();
  assert.notEqual(await page.locator('.al-reports__choose').evaluate((e) => getComputedStyle(e).boxShadow), 'none');

  const files = await filesOf(generated);
  await page.locator('.al-reports__choose input[type=file]').setInputFiles(files);
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  const names = files.map((f) => path.basename(f));
  const first = names.slice(0, 2).map((n) => n.replace(/[.!]/g, '\\$&')).join(', ');
  await chooserSays(page, new RegExp(`^25 files read: ${first} and 23 more\\.$`));
  assert.deepEqual(env.browser.errors, []);
});

test('generated reports as a first-time user sees them: the overview first, tables that fit, each thing said once', async () => {
  const page = await openReports();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('.al-reports__choose input[type=file]').setInputFiles(await filesOf(generated));
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });

  // The totals and the charts come before the long table, the files last.
  const order = await page.locator('.al-reports__result > *').evaluateAll((els) => els.map((e) => e.className));
  const at = (cls) => order.findIndex((c) => c.split(' ').includes(cls));
  for (const cls of ['al-reports__overview', 'al-reports__charts', 'al-reports__impact', 'al-reports__sources-card', 'al-reports__files', 'al-reports__glossary']) {
    assert.ok(at(cls) >= 0, `${cls} in ${order}`);
  }
  assert.ok(at('al-reports__overview') < at('al-reports__charts'), order.join(' / '));
  assert.ok(at('al-reports__charts') < at('al-reports__sources-card'), order.join(' / '));
  assert.ok(at('al-reports__sources-card') < at('al-reports__files'), order.join(' / '));

  // At 1280 px every table fits its column: no scrolling at all, and nothing cut off.
  const fits = () => page.locator('.al-reports__result table').evaluateAll((ts) =>
    ts.map((t) => {
      const box = t.closest('.al-scroll');
      return { table: t.className, inScroll: !!box, over: box ? box.scrollWidth - box.clientWidth : t.scrollWidth - t.clientWidth };
    }));
  for (const f of await fits()) {
    assert.ok(f.inScroll, `${f.table} is not in an .al-scroll`);
    assert.ok(f.over <= 0, `${f.table} overflows its box by ${f.over}px at 1280`);
  }
  // Every column of the sources table is in view: the last (rejected) ends inside its box.
  const lastEdge = await page.locator('.al-reports__sources thead th[data-col="rejected"]').evaluate((th) =>
    th.closest('.al-scroll').getBoundingClientRect().right - th.getBoundingClientRect().right);
  assert.ok(lastEdge >= 0, `the rejected column ends ${-lastEdge}px past the box`);
  // The sort buttons say which group they belong to.
  assert.equal(await page.locator('thead th[data-col="dkim-aligned"] button').evaluate((b) => b.textContent), 'DKIM aligned');
  assert.deepEqual(await overflow(page), []);
  assert.deepEqual(await codesInProse(page), []);
  assert.deepEqual(await repeatedSentences(page), []);
  assert.deepEqual(await repeatedNames(page), []);
  // Each code met is explained once, at the end.
  const explained = await page.locator('.al-reports__glossary [data-code]').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.deepEqual([...explained].sort(), ['report-duplicate', 'report-empty-value', 'report-entry-skipped', 'report-reporter-error', 'report-unknown-element']);
  assert.equal(await page.locator('.al-reports__files .al-finding__more, .al-reports__files details').count(), 0);
  // A report's skipped elements of one code make one finding, a line each, none escaped.
  const yahoo = page.locator('.al-reports__file[data-name^="yahoo!example.com!1772668800"] [data-code="report-unknown-element"] .al-finding__message');
  assert.deepEqual((await yahoo.innerText()).split('\n').map((l) => l.replace(/:.*/, '')), ['feedback/record/row/x-local-score (11 times)', 'feedback/record/x-reporter-note (11 times)']);
  assert.ok(!(await page.locator('main').innerText()).includes('⟨U+'), 'an escaped control character');
  await screenshot(page, 'reports-polish-1280');

  // A phone: the page does not scroll sideways; the tables scroll inside their own box.
  await page.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await overflow(page), []);
  const scrollers = await page.locator('.al-reports__result .al-scroll').evaluateAll((els) =>
    els.map((e) => ({ wide: e.scrollWidth > e.clientWidth, tab: e.tabIndex, role: e.getAttribute('role'), named: !!(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')) })));
  assert.equal(scrollers.length, 2);
  for (const s of scrollers) assert.deepEqual(s, { wide: true, tab: 0, role: 'region', named: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await overflow(page), []);
  await screenshot(page, 'reports-polish-390-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.deepEqual(env.browser.errors, []);
});

test('malformed files as a first-time user sees them: each reason said once, then referred to', async () => {
  const page = await openReports();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('.al-reports__choose input[type=file]').setInputFiles(await filesOf(malformed));
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  await chooserSays(page, /^13 files read: bad-crc\.zip, bomb\.xml\.gz and 11 more\.$/);
  // The same bomb in two zip files: the second names the first instead of saying it again.
  const bomb = (name) => page.locator(`.al-reports__file[data-name="${name}"] [data-code="report-too-large"] .al-finding__message`).innerText();
  assert.match(await bomb('bomb.zip'), /^the entry bomb\.xml inflates to more than 200 times its size .*: a decompression bomb/);
  assert.equal(await bomb('lying-bomb.zip'), 'see bomb.zip');
  assert.deepEqual(await codesInProse(page), []);
  assert.deepEqual(await repeatedSentences(page), []);
  assert.deepEqual(await repeatedNames(page), []);
  assert.deepEqual(await overflow(page), []);
  await page.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await overflow(page), []);
  await screenshot(page, 'reports-malformed-390');
  assert.deepEqual(env.browser.errors, []);
});

test('an mbox dropped on the page: its aggregate, TLS-RPT and failure reports, what it held', async () => {
  const mailDir = path.join(root, 'tests/data/mail/generated');
  const expected = JSON.parse(await readFile(path.join(mailDir, 'expected.json'), 'utf8'));
  const found = expected.messages.flatMap((m) => m.reports);
  const count = (kind) => found.filter((r) => r.kind === kind).length;
  const records = found.filter((r) => r.kind === 'aggregate').reduce((n, r) => n + r.records, 0);
  const page = await openReports();
  await page.setViewportSize({ width: 1280, height: 900 });
  const bytes = [...(await readFile(path.join(mailDir, 'reports.mbox')))];
  const dt = await page.evaluateHandle((b) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(b)], 'reports.mbox', { type: 'application/mbox' }));
    return d;
  }, bytes);
  const zone = page.locator('.al-reports__drop');
  await zone.dispatchEvent('dragover', { dataTransfer: dt });
  await zone.dispatchEvent('drop', { dataTransfer: dt });
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  await chooserSays(page, /^1 file read: reports\.mbox\.$/);

  // Each aggregate report found is read and counted, named after the mail it came in.
  assert.equal(await page.locator('[data-stat="reports"] dd').innerText(), String(count('aggregate')));
  const names = await page.locator('.al-reports__files .al-reports__file').evaluateAll((li) => li.map((l) => l.dataset.name));
  assert.equal(names.length, count('aggregate'));
  const subjects = expected.messages.map((m, i) => ({ ...m, i })).filter((m) => m.reports.some((r) => r.kind === 'aggregate'));
  assert.deepEqual(names, subjects.map((m) => `reports.mbox: mail ${m.i + 1} (${m.subject}): ${m.reports[0].name}`));
  const rows = await page.locator('.al-reports__files .al-reports__report').count();
  assert.equal(rows, count('aggregate'));
  assert.ok(records > 0);

  // TLS-RPT: the two reports, their sessions, per policy domain.
  const tls = page.locator('.al-reports__tls');
  assert.equal(await tls.locator('[data-stat="tls-reports"] dd').innerText(), String(count('tlsrpt')));
  assert.equal(await tls.locator('[data-stat="tls-connections"] dd').innerText(), `${10 * count('tlsrpt')} succeeded, 0 failed`);
  assert.deepEqual(await tls.locator('.al-reports__tls-policies tbody tr').allInnerTexts(), [`example.com\tsts\t${10 * count('tlsrpt')}\t0`]);

  // Failure reports: one a report, the mail it came in, each field with what it is.
  const failures = page.locator('.al-reports__failure');
  assert.equal(await failures.count(), count('failure'));
  const failing = expected.messages.map((m, i) => ({ ...m, i })).filter((m) => m.reports.some((r) => r.kind === 'failure'));
  for (const [n, m] of failing.entries()) {
    const head = await failures.nth(n).locator('h3').innerText();
    assert.equal(head, `Failure report ${n + 1}: reports.mbox, mail ${m.i + 1} (${m.subject})`);
    const fields = await failures.nth(n).locator('.al-reports__fields dt').allInnerTexts();
    assert.ok(fields.some((f) => f.startsWith('Feedback-Type') && f.includes('Kind of report')), fields.join(' / '));
  }

  // The mail itself: messages read, reports by kind, the parts skipped with why.
  const skipped = 8;
  assert.equal(
    await page.locator('.al-reports__mail [data-mail="counts"]').innerText(),
    `${expected.messages.length} messages read; ${count('aggregate')} aggregate, ${count('tlsrpt')} TLS and ${count('failure')} failure reports found; ${skipped} parts skipped.`,
  );
  await page.locator('.al-reports__skipped summary').click();
  assert.equal(await page.locator('.al-reports__skipped li').count(), skipped);
  // Every code shown beside its finding is explained once at the end.
  const shown = new Set(await page.locator('.al-reports__result .al-finding').evaluateAll((f) => f.map((x) => x.dataset.code)));
  const explained = new Set(await page.locator('.al-reports__code').evaluateAll((f) => f.map((x) => x.dataset.code)));
  for (const c of shown) assert.ok(explained.has(c), c);
  await screenshot(page, 'reports-mbox-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'reports-mbox-phone');
  assert.deepEqual(await overflow(page), []);
  assert.deepEqual(onlyOwnRequests(), []);
  assert.deepEqual(env.browser.errors, []);
});

test('failures only: the sources table lists the sources with DMARC failures', async () => {
  const expected = JSON.parse(await readFile(path.join(generated, 'expected.json'), 'utf8'));
  const page = await openReports();
  await page.locator('.al-reports__choose input[type=file]').setInputFiles(await filesOf(generated));
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  const rows = page.locator('.al-reports__sources tbody tr');
  const all = Object.keys(expected.sources).length;
  assert.equal(await rows.count(), all);
  const failing = Object.entries(expected.sources).filter(([, s]) => s.dmarc_fail > 0).map(([ip]) => ip);
  assert.ok(failing.length > 0 && failing.length < all);
  await page.getByLabel('Failures only').check();
  const ips = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.ip));
  assert.deepEqual([...ips].sort(), [...failing].sort());
  assert.equal(await page.locator('.al-reports__filtered').innerText(), `${failing.length} of the ${all} sources listed had DMARC failures.`);
  await page.getByLabel('Failures only').uncheck();
  assert.equal(await rows.count(), all);
  assert.deepEqual(env.browser.errors, []);
});
