// Shared pieces of the end-to-end tests: the DoH fixture server, a plain static server for
// dist/ (no SPA fallback, like a real static host), and Debian's Chromium driven by
// playwright-core. Nothing here downloads a browser or reaches the internet.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, stat, mkdir, mkdtemp } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = process.env.AUTHLENS_DIST ?? path.join(root, 'dist');
export const shots = path.join(root, 'target', 'e2e');

/** Starts the project's DoH fixture server on a free port; resolves to { url, stop, log }. */
export async function startFixture({ zones = path.join(root, 'tests/fixtures/zones') } = {}) {
  const bin = process.env.DOH_FIXTURE_BIN ?? path.join(root, 'target/debug/doh-fixture');
  const child = spawn(bin, ['--zones', zones, '--cloudflare-zone', path.join(root, 'tests/fixtures/cloudflare.yaml'), '--files', path.join(root, 'tests/fixtures/files'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`doh-fixture exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  const url = line.replace(/^listening on /, '').trim();
  return {
    url,
    log: async () => (await fetch(`${url}/_log`)).json(),
    clearLog: async () => fetch(`${url}/_log`, { method: 'DELETE' }),
    stop: () => child.kill(),
  };
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves dist/ on 127.0.0.1: files only, 404 for anything else. */
export async function startStatic(dir = dist) {
  const server = createServer(async (req, res) => {
    try {
      let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (p.endsWith('/')) p += 'index.html';
      const file = path.join(dir, path.normalize(p));
      if (!file.startsWith(dir)) throw new Error('outside');
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() };
}

/** Launches Chromium with a fresh profile; collects page errors and console errors. */
export async function launch() {
  const profile = await mkdtemp(path.join(tmpdir(), 'authlens-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // No name resolves: nothing a page might reach besides 127.0.0.1 (the default resolvers,
      // which the loader preconnects to for a ?domain= address) leaves this machine.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
    viewport: { width: 1100, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => requests.push(r.url()));
  return { context, page, errors, requests };
}

/** On the message page: pastes `text` (and the connecting `ip`, if given), checks it, waits for the result. */
export async function checkMessage(page, text, { ip, timeout = 15000 } = {}) {
  await page.locator('#al-message-text').fill(text);
  if (ip) await page.locator('input[name=ip]').fill(ip);
  await page.locator('button[type=submit]').click();
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout });
  // The sender requirements and the filters' verdict: the second module's part, finished after.
  await page.locator('.al-requirements[data-status="done"], .al-requirements[data-status="error"]').waitFor({ timeout });
}

export async function screenshot(page, name) {
  await mkdir(shots, { recursive: true });
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Registers the usual hooks of a test file: the fixture server, the static server and Chromium
 * start before the tests and stop after; each test starts with empty error and request lists.
 * Returns an object whose `dns`, `site` and `browser` are set once the tests run.
 */
export function useEnvironment({ before, after, beforeEach }) {
  const env = {};
  before(async () => {
    env.dns = await startFixture();
    env.site = await startStatic();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.context.close();
    env.site?.stop();
    env.dns?.stop();
  });
  beforeEach(() => {
    env.browser.errors.length = 0;
    env.browser.requests.length = 0;
  });
  return env;
}

/** On the domain page: opens "DNS records" (drawn on request) and waits for its lookups. */
export async function showRecords(page) {
  const details = page.locator('.al-raw > details');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await page.locator('.al-raw .al-lookup').first().waitFor({ timeout: 10000 });
}
