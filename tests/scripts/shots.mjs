// Screenshots of every page at 1280 and 390 px, light and dark, into target/shots/ (or the
// directory given): the landing page, a domain's result, a checked message, read reports and the
// four builders. `make shots` runs it on the release build in dist/, against the DoH fixture, to
// look at before and after a change to the pages.
import path from 'node:path';
import { readFile, readdir, mkdir } from 'node:fs/promises';
import { startFixture, startStatic, launch, root } from '../e2e/harness.mjs';

const out = path.resolve(process.argv[2] ?? path.join(root, 'target', 'shots'));
await mkdir(out, { recursive: true });
const dns = await startFixture();
const site = await startStatic();
const { context, page, errors } = await launch();
const doh = encodeURIComponent(`${dns.url}/dns-query`);
const message = await readFile(path.join(root, 'tests/fixtures/messages/arc-pass-i3.eml'), 'utf8');
const reportsDir = path.join(root, 'tests/data/aggregate/generated');
const reports = (await readdir(reportsDir)).filter((f) => f !== 'expected.json').sort().map((f) => path.join(reportsDir, f));

const pages = {
  landing: async () => page.goto(`${site.url}/?doh=${doh}`),
  domain: async () => {
    await page.goto(`${site.url}/?domain=fabrikam.example&doh=${doh}`);
    await page.locator('.al-result[data-status="done"]').first().waitFor({ timeout: 20000 });
  },
  message: async () => {
    await page.goto(`${site.url}/?view=message&doh=${doh}`);
    await page.locator('#al-message-text').fill(message);
    await page.locator('button[type=submit]').click();
    await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 20000 });
  },
  reports: async () => {
    await page.goto(`${site.url}/?view=reports&doh=${doh}`);
    await page.locator('.al-reports__choose input[type=file]').setInputFiles(reports);
    await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 30000 });
  },
  'build-spf': async () => page.goto(`${site.url}/?view=build-spf&doh=${doh}`),
  'build-dkim': async () => page.goto(`${site.url}/?view=build-dkim&doh=${doh}`),
  dmarc: async () => page.goto(`${site.url}/?view=dmarc&doh=${doh}`),
  'build-mtasts': async () => page.goto(`${site.url}/?view=build-mtasts&doh=${doh}`),
};
const only = process.env.SHOTS ? process.env.SHOTS.split(',') : Object.keys(pages);
try {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    for (const scheme of ['light', 'dark']) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      for (const name of only) {
        await pages[name]();
        await page.waitForTimeout(300);
        const file = path.join(out, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
    }
  }
} finally {
  await context.close();
  site.stop();
  dns.stop();
}
if (errors.length) console.log(`page errors:\n${errors.join('\n')}`);
