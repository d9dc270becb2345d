// `make bench`: how long the built page takes, in Chromium, to read a 50 MB RFC 7489 aggregate
// report (file chosen, to the sources table shown), and how responsive the page stays meanwhile:
// the longest gap between animation frames and the long tasks (PerformanceObserver 'longtask')
// on the page's thread. The report is generated here, deterministically, in the shape of the
// engine's own timing test (crates/engine/tests/aggregate.rs, `big_report`). Prints a table;
// asserts only that the totals are right, never a time.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStatic, launch } from '../e2e/harness.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const target = Number(process.env.BENCH_REPORT_BYTES ?? 50 * 1024 * 1024);

/** A report of about `target` bytes: one record per address, 1 in 7 failing. */
function bigReport(target) {
  const parts = [
    '<?xml version="1.0"?>\n<feedback>\n<version>1.0</version>\n<report_metadata><org_name>big.example</org_name><email>r@big.example</email><report_id>big-1</report_id><date_range><begin>1772323200</begin><end>1772409599</end></date_range></report_metadata>\n<policy_published><domain>example.com</domain><p>none</p><sp>none</sp><pct>100</pct></policy_published>\n',
  ];
  let size = parts[0].length;
  let messages = 0;
  let failing = 0;
  let i = 0;
  while (size < target) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const pass = i % 7 !== 0;
    const r = pass ? 'pass' : 'fail';
    const count = 1 + (i % 50);
    const rec = `<record>\n  <row>\n    <source_ip>${ip}</source_ip>\n    <count>${count}</count>\n    <policy_evaluated>\n      <disposition>none</disposition>\n      <dkim>${r}</dkim>\n      <spf>${r}</spf>\n    </policy_evaluated>\n  </row>\n  <identifiers>\n    <envelope_from>bounce${i % 13}.example.com</envelope_from>\n    <header_from>example.com</header_from>\n  </identifiers>\n  <auth_results>\n    <dkim>\n      <domain>example.com</domain>\n      <selector>s${i % 3}</selector>\n      <result>${r}</result>\n    </dkim>\n    <spf>\n      <domain>bounce${i % 13}.example.com</domain>\n      <scope>mfrom</scope>\n      <result>${r}</result>\n    </spf>\n  </auth_results>\n</record>\n`;
    parts.push(rec);
    size += rec.length;
    messages += count;
    if (!pass) failing += count;
    i++;
  }
  parts.push('</feedback>\n');
  return { xml: parts.join(''), records: i, messages, failing };
}

const dir = await mkdtemp(path.join(tmpdir(), 'authlens-bench-'));
const file = path.join(dir, 'big.example!example.com!1772323200!1772409599.xml');
const report = bigReport(target);
await writeFile(file, report.xml);
const mb = (report.xml.length / 1024 / 1024).toFixed(1);

const site = await startStatic();
const browser = await launch();
const { page } = browser;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const int = (n) => n.toLocaleString('en-US');
const times = [];
const gaps = [];
const longest = [];
const blocked = [];

try {
  for (let i = 0; i < runs; i++) {
    await page.goto(`${site.url}/?view=reports`);
    await page.locator('.al-reports__choose input[type=file]').waitFor();
    // Watch the page's thread: frame gaps and long tasks, from the moment the file is chosen.
    await page.evaluate(() => {
      const w = (window.__bench = { maxGap: 0, longTasks: [], run: true });
      let last = performance.now();
      const frame = (t) => {
        w.maxGap = Math.max(w.maxGap, t - last);
        last = t;
        if (w.run) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const t0 = Date.now();
    await page.locator('.al-reports__choose input[type=file]').setInputFiles(file);
    await page.locator('.al-reports__result[data-status="done"] .al-reports__sources tbody tr').first().waitFor({ timeout: 120000 });
    times.push(Date.now() - t0);
    const w = await page.evaluate(() => {
      window.__bench.run = false;
      return window.__bench;
    });
    gaps.push(Math.round(w.maxGap));
    longest.push(Math.round(Math.max(0, ...w.longTasks)));
    blocked.push(Math.round(w.longTasks.reduce((a, b) => a + b, 0)));
    assert.equal(await page.locator('[data-stat="messages"] dd').innerText(), int(report.messages));
    assert.match(await page.locator('.al-reports__impact').innerText(), new RegExp(`At p=quarantine, ${int(report.failing)} of ${int(report.messages)}`));
    assert.deepEqual(browser.errors, []);
  }
} finally {
  await browser.context.close();
  site.stop();
  await rm(dir, { recursive: true, force: true });
}

const results = [
  [`read a ${mb} MB aggregate report (${int(report.records)} records), Chromium`, times],
  ['  page thread: longest gap between animation frames meanwhile', gaps],
  ['  page thread: longest long task meanwhile', longest],
  ['  page thread: sum of long tasks meanwhile', blocked],
];
console.log(`\n${'benchmark'.padEnd(66)} ${'median ms'.padStart(10)} ${'min'.padStart(6)} ${'max'.padStart(6)}  (${runs} runs)`);
for (const [name, xs] of results) {
  console.log(`${name.padEnd(66)} ${String(median(xs)).padStart(10)} ${String(Math.min(...xs)).padStart(6)} ${String(Math.max(...xs)).padStart(6)}`);
}
