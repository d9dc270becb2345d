// `make bench`: how long the built page takes, in Chromium, to verify a 1 MB signed message
// (file chosen, to result shown), and to build a 12-lookup SPF tree. Prints a table; asserts
// only that the results are right, never a time.
import assert from 'node:assert/strict';
import path from 'node:path';
import { startFixture, startStatic, launch, root } from '../e2e/harness.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const dns = await startFixture();
const site = await startStatic();
const browser = await launch();
const { page } = browser;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];

try {
  const eml = path.join(root, 'tests/data/dkim/dkimpy/big-1mb.eml');
  const times = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${site.url}/?view=message&doh=${encodeURIComponent(`${dns.url}/dns-query`)}`);
    const t0 = Date.now();
    await page.locator('.al-file input[type=file]').setInputFiles(eml);
    await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 60000 });
    times.push(Date.now() - t0);
    assert.equal(await page.locator('.al-sig[data-result="pass"]').count(), 1);
  }
  results.push(['verify a 1 MB message (rsa-sha256, relaxed/relaxed), Chromium', median(times), Math.min(...times), Math.max(...times)]);

  const tree = [];
  for (let i = 0; i < runs; i++) {
    const t0 = Date.now();
    await page.goto(`${site.url}/?domain=bigco.example&doh=${encodeURIComponent(`${dns.url}/resolve`)}`);
    await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 60000 });
    tree.push(Date.now() - t0);
  }
  results.push(['load page + SPF tree of 12 lookups + TXT records, Chromium', median(tree), Math.min(...tree), Math.max(...tree)]);
} finally {
  await browser.context.close();
  site.stop();
  dns.stop();
}
console.log(`\n${'benchmark'.padEnd(66)} ${'median ms'.padStart(10)} ${'min'.padStart(6)} ${'max'.padStart(6)}  (${runs} runs)`);
for (const [name, med, min, max] of results) {
  console.log(`${name.padEnd(66)} ${String(med).padStart(10)} ${String(min).padStart(6)} ${String(max).padStart(6)}`);
}
