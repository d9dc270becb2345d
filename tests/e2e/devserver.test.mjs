// `make run` as a developer meets it: `trunk serve` builds the pages in development and serves
// them with its live-reload script. The page's Content-Security-Policy is written for the
// release build; in development it must still let the page, its live-reload script and that
// script's socket run: no page logs a policy violation. (A development build of every page
// module takes minutes on a fresh machine; the release build the other tests drive is not
// touched: Trunk writes this one into a directory of its own.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, root } from './harness.mjs';

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

let trunk;
let base;
let log = '';
before(async () => {
  const port = await freePort();
  const dist = await mkdtemp(path.join(tmpdir(), 'authlens-dev-'));
  trunk = spawn('trunk', ['serve', '--locked', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, TRUNK_BUILD_DIST: dist, TRUNK_SKIP_VERSION_CHECK: 'true', NO_COLOR: 'true', PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trunk.stdout.on('data', (d) => { log += d; });
  trunk.stderr.on('data', (d) => { log += d; });
  base = `http://127.0.0.1:${port}`;
  // Served once the first build has finished.
  const deadline = Date.now() + 20 * 60 * 1000;
  for (;;) {
    if (trunk.exitCode !== null) throw new Error(`trunk serve exited:\n${log.slice(-3000)}`);
    if (/success|applying new distribution/.test(log)) {
      try {
        const r = await fetch(`${base}/`);
        if (r.ok && (await r.text()).includes('Content-Security-Policy')) break;
      } catch { /* not listening yet */ }
    }
    if (Date.now() > deadline) throw new Error(`trunk serve did not serve in time:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}, { timeout: 21 * 60 * 1000 });

after(() => trunk?.kill());

test('make run: every page loads under its Content-Security-Policy with live reload, and logs no violation', async () => {
  const { context, page, errors } = await launch();
  try {
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const socket = [];
    page.on('websocket', (ws) => socket.push(ws.url()));
    for (const view of ['', 'message', 'reports', 'build-spf', 'build-dkim', 'dmarc', 'build-mtasts']) {
      await page.goto(`${base}/${view ? `?view=${view}` : ''}`);
      await page.locator('.al-header').waitFor({ timeout: 30000 });
      await page.waitForTimeout(500);
      const violations = await page.evaluate(() => window.__violations);
      assert.deepEqual(violations, [], `?view=${view}`);
    }
    // The live-reload script ran and reached Trunk's socket.
    assert.ok(socket.some((u) => u.endsWith('/.well-known/trunk/ws')), `sockets: ${socket}`);
    assert.deepEqual(errors.filter((e) => /Content.Security.Policy|Refused to/i.test(e)), []);
  } finally {
    await context.close();
  }
});
