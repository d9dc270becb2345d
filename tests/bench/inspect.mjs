// `make bench`: the wall time of a full inspection of bench.example when every DNS answer takes
// 100 ms, against the floor set by the longest chain of dependent queries (the target allows 1.3×
// that floor). DNS comes from the fixture server (`--delay-ms 100`) behind an HTTP/2 front, so
// Chromium speaks HTTP/2 over TLS to it as it does to a real resolver; over HTTP/1.1 it would
// queue all but 6 queries and time the fixture instead of the page. The front is nginx
// (tests/bench/h2-nginx.mjs, which says why) when it is installed, else tests/bench/h2-proxy.mjs;
// the table says which.
//
// Builds nothing: it expects dist/ (`make build`; AUTHLENS_DIST to use another folder) and the
// fixture binary (DOH_FIXTURE_BIN, as `make bench` sets it to the release build; else
// $CARGO_TARGET_DIR or target/, debug, from `make fixture-bin`).
//
// Each run opens the page in a fresh browser context, because the page caches DNS for its session
// and a second run in the same context would ask nothing, and measures the inspection twice, as
// people start one ("open the page, type a domain"):
//   - typed: the page is opened without a domain and left to settle (its module loaded, nothing
//     pending), then the domain is typed into the box and Enter pressed. The clock runs from the
//     first DoH query (Resource Timing) to the first moment `.al-result` carries `data-status`
//     `done` or `error`. The ratio is this one: the inspection alone, the chain counts DNS
//     rounds, not loading the page.
//   - link: a fresh context opens the permalink (`?domain=`). Its clock runs from navigation
//     commit (an init script), so it counts fetching and compiling the module as well; the loader
//     asks the domain's first questions meanwhile (web/build/loader.js). For reference.
// Only `data-status` is read, never which cards exist, so the numbers grow with the page.
//
// Prints a table like message.mjs, then the ratio, the queries per run (from the fixture's /_log),
// the (name, type) pairs asked more than once, the rounds the fixture saw one after another, and
// the protocol Chromium used (CDP Network.responseReceived). Exits non-zero only when it could not
// measure: missing build, a server that does not start, no run reaching `done`, or DoH responses
// that did not come over HTTP/2 (then the numbers would not be the ones the target is about).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStatic, dist, root } from '../e2e/harness.mjs';

const DOMAIN = 'bench.example';
const DELAY_MS = 100;
// Longest chain of dependent queries a perfectly concurrent inspection of bench.example needs,
// derived in the comment at the top of tests/fixtures/zones/bench.yaml ("longest chain: N rounds").
// Keep the two equal when the zone changes; the script warns when they differ.
const CHAIN = 5;
const ALLOWED = 1.3;
const ZONE = path.join(root, 'tests/fixtures/zones/bench.yaml');
const runs = Number(process.env.BENCH_RUNS ?? 5); // each run: one typed, one link
// The HTTP/2 front before the fixture: nginx when it is installed (tests/bench/h2-nginx.mjs says
// why), else the Node one; BENCH_FRONT=h2-proxy or h2-nginx to choose.
const front = process.env.BENCH_FRONT
  ?? (['/usr/sbin/nginx', '/usr/bin/nginx'].some((p) => existsSync(p)) ? 'h2-nginx' : 'h2-proxy');

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureBin = process.env.DOH_FIXTURE_BIN
  ?? path.resolve(root, process.env.CARGO_TARGET_DIR ?? 'target', 'debug/doh-fixture');

function fail(message) {
  console.error(`bench/inspect: ${message}`);
  process.exit(1);
}

/** Starts a server process that prints `listening on URL` first; resolves to { url, stop }. */
async function startServer(cmd, args, what) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  return { url: line.replace(/^listening on /, '').trim(), stop: () => child.kill() };
}

// Runs in every document before its scripts: the moment the document exists (navigation commit),
// and the first moment `.al-result` says `done` or `error`.
const INIT = `(() => {
  performance.setResourceTimingBufferSize(5000);
  const b = (window.__bench = { commit: performance.now(), done: null, status: null });
  const check = () => {
    if (b.done !== null) return;
    const s = document.querySelector('.al-result')?.getAttribute('data-status');
    if (s === 'done' || s === 'error') {
      b.done = performance.now();
      b.status = s;
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'],
  });
})();`;

/**
 * Asks `names` one after another over one HTTP/2 session from Node, each after the previous
 * answer, like a chain of dependent queries: what the fixture and the proxy cost with no browser
 * and no page. The first call also warms both servers up, so that run 1 does not time their cold
 * start. Resolves to the milliseconds taken.
 */
async function sequential(origin, names) {
  const session = http2.connect(origin, { rejectUnauthorized: false });
  try {
    await new Promise((resolve, reject) => {
      session.once('error', reject);
      session.once('connect', resolve);
    });
    const t0 = performance.now();
    for (const [name, type] of names) {
      await new Promise((resolve, reject) => {
        const stream = session.request({ ':path': `/resolve?name=${name}&type=${type}` });
        stream.once('error', reject);
        stream.resume();
        stream.once('end', resolve);
      });
    }
    return performance.now() - t0;
  } finally {
    session.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const key = (q) => `${q.name.toLowerCase().replace(/\.$/, '')} ${q.type}`;

/**
 * The longest sequence of queries each sent after the previous one was answered, from the
 * fixture's clock: the rounds the page actually waited for, one after another.
 */
function rounds(log) {
  const qs = [...log].sort((a, b) => a.start_ms - b.start_ms);
  const depth = qs.map(() => 1);
  const prev = qs.map(() => -1);
  for (let i = 0; i < qs.length; i++) {
    for (let j = 0; j < i; j++) {
      if (qs[j].end_ms <= qs[i].start_ms && depth[j] + 1 > depth[i]) {
        depth[i] = depth[j] + 1;
        prev[i] = j;
      }
    }
  }
  let at = depth.indexOf(Math.max(0, ...depth));
  const chain = [];
  while (at >= 0) {
    chain.unshift(key(qs[at]));
    chain.timing = [...(chain.timing ?? [])];
    chain.timing.unshift([qs[at].start_ms, qs[at].end_ms]);
    at = prev[at];
  }
  return chain;
}

if (!existsSync(path.join(dist, 'index.html'))) fail(`${dist}/index.html is missing: run \`make build\` first`);
if (!existsSync(fixtureBin)) fail(`${fixtureBin} is missing: run \`make fixture-bin\` (or set DOH_FIXTURE_BIN)`);
const stated = readFileSync(ZONE, 'utf8').match(/longest chain: (\d+) rounds/)?.[1];
if (Number(stated) !== CHAIN) {
  console.warn(`warning: ${path.relative(root, ZONE)} states a longest chain of ${stated}, this script uses ${CHAIN}`);
}

const stops = [];
const results = [];
const protocols = new Map();
let fromNode;
try {
  const dns = await startServer(fixtureBin, [
    '--zones', path.join(root, 'tests/fixtures/zones'), '--port', '0', '--delay-ms', String(DELAY_MS),
  ], 'doh-fixture');
  stops.push(dns.stop);
  const doh = await startServer(process.execPath, [path.join(here, `${front}.mjs`), dns.url], front);
  stops.push(doh.stop);
  const site = await startStatic();
  stops.push(() => site.stop());
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // The proxy's certificate is self-signed (tests/bench/h2-proxy.mjs).
      '--ignore-certificate-errors',
      // No name resolves: whatever the page might fetch besides 127.0.0.1 (a BIMI logo, an
      // MTA-STS policy) fails at once instead of reaching the internet.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ...(process.env.BENCH_CHROMIUM_ARGS ? process.env.BENCH_CHROMIUM_ARGS.split(' ') : []),
    ],
  });
  stops.push(() => browser.close());
  const log = async () => (await fetch(`${dns.url}/_log`)).json();
  // The harness's own floor: CHAIN queries one after another from Node, no browser (the fixture
  // caches nothing, so one name asked CHAIN times costs CHAIN answers).
  const chainOfQueries = Array.from({ length: CHAIN }, () => [DOMAIN, 'TXT']);
  await sequential(doh.url, chainOfQueries);
  fromNode = Math.round(await sequential(doh.url, chainOfQueries));
  const url = `${site.url}/?domain=${DOMAIN}&doh=${encodeURIComponent(`${doh.url}/resolve`)}`;

  const typedUrl = `${site.url}/?doh=${encodeURIComponent(`${doh.url}/resolve`)}`;
  /** One inspection in a fresh context, `typed` or by `link`; returns the run's record. */
  const measure = async (mode) => {
    await fetch(`${dns.url}/_log`, { method: 'DELETE' });
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    await context.addInitScript(INIT);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    let sent = 0;
    cdp.on('Network.requestWillBeSent', ({ request }) => {
      if (request.url.startsWith(doh.url)) sent += 1;
    });
    cdp.on('Network.responseReceived', ({ response }) => {
      if (response.url.startsWith(doh.url)) {
        protocols.set(response.protocol, (protocols.get(response.protocol) ?? 0) + 1);
      }
    });

    if (process.env.BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
      await cdp.send('Profiler.start');
    }
    if (process.env.BENCH_TRACE) {
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.compile', 'blink', 'loading', 'toplevel'],
      });
    }
    if (mode === 'typed') {
      await page.goto(typedUrl, { waitUntil: 'networkidle' });
      await page.locator('#al-domain').waitFor();
      if (await page.evaluate(() => window.__bench.done !== null || performance.getEntriesByType('resource').some((e) => e.name.includes('name=')))) {
        throw new Error('the page without a domain asked or showed something before the domain was typed');
      }
      await page.fill('#al-domain', DOMAIN);
      await page.press('#al-domain', 'Enter');
    } else {
      await page.goto(url, { waitUntil: 'commit' });
    }
    await page.locator('.al-result[data-status="done"], .al-result[data-status="error"]')
      .waitFor({ timeout: 60000 });
    const beforeDone = (await log()).length;
    if (process.env.BENCH_TRACE) {
      // What the page's main thread did, by trace event (total of complete events, nested ones
      // included), for finding what delays the next round.
      const trace = JSON.parse((await browser.stopTracing()).toString());
      const events = trace.traceEvents ?? trace;
      const main = new Set(events
        .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
        .map((e) => `${e.pid}:${e.tid}`));
      const total = new Map();
      for (const e of events) {
        if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`) || !e.dur) continue;
        total.set(e.name, (total.get(e.name) ?? 0) + e.dur / 1000);
      }
      const top = [...total].sort((a, b) => b[1] - a[1]).slice(0, 30);
      for (const [name, ms] of top) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
      writeFileSync(process.env.BENCH_TRACE, JSON.stringify(events));
    }
    if (process.env.BENCH_PROFILE) {
      // Where the main thread spent its time, by function (self time), for finding what delays
      // the next round.
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map();
      const dt = profile.timeDeltas;
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      profile.samples.forEach((id, k) => {
        const n = byId.get(id);
        const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
        self.set(name, (self.get(name) ?? 0) + (dt[k] ?? 0) / 1000);
      });
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
      for (const [name, ms] of top) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
    }
    const m = await page.evaluate((origin) => {
      const starts = performance.getEntriesByType('resource')
        .filter((e) => e.name.startsWith(origin))
        .map((e) => e.startTime);
      const entries = performance.getEntriesByType('resource')
        .filter((e) => e.name.startsWith(origin))
        .map((e) => [Math.round(e.startTime), Math.round(e.responseEnd), new URL(e.name).searchParams.get('name')?.split('.')[0]]);
      // The first query's connection (the front sends Timing-Allow-Origin): all zeros but the
      // request and response times when it reused a connection opened earlier (the loader's
      // preconnect does that in a normal profile, not in the fresh contexts used here).
      const firstEntry = performance.getEntriesByType('resource')
        .filter((e) => e.name.startsWith(origin)).sort((a, b) => a.startTime - b.startTime)[0];
      const conn = firstEntry
        ? ['connectStart', 'secureConnectionStart', 'connectEnd', 'requestStart', 'responseStart', 'responseEnd']
          .map((k) => Math.round(firstEntry[k] - firstEntry.startTime))
        : null;
      return { ...window.__bench, firstQuery: starts.length ? Math.min(...starts) : null, entries, conn, commitToFirst: starts.length ? Math.round(Math.min(...starts) - window.__bench.commit) : null };
    }, doh.url);
    // Queries still in flight (or sent) after `done` belong to the run too: wait until the log is
    // quiet for three answer delays.
    let queries = await log();
    for (;;) {
      await sleep(3 * DELAY_MS);
      const again = await log();
      if (again.length === queries.length) break;
      queries = again;
    }
    await context.close();

    const seen = new Map();
    for (const q of queries) seen.set(key(q), (seen.get(key(q)) ?? 0) + 1);
    const run = {
      mode,
      status: m.status,
      fromQuery: m.firstQuery === null ? null : Math.round(m.done - m.firstQuery),
      fromCommit: Math.round(m.done - m.commit),
      queries: queries.length,
      beforeDone,
      sent,
      twice: [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`),
      rounds: rounds(queries.slice(0, beforeDone)),
      errors,
    };
    if (process.env.BENCH_DEBUG) {
      console.log('  first query, ms after it started: connect', m.conn?.slice(0, 3).join('/'), 'request', m.conn?.[3], 'response', m.conn?.slice(4).join('/'), '; commit → first query', m.commitToFirst);
      const t = run.rounds.timing ?? [];
      console.log('  chain (start→end, fixture ms):', t.map(([a, b], k) => `${a}→${b}${k ? ` (+${a - t[k - 1][1]} idle)` : ''}`).join(', '));
      const first = Math.min(...queries.map((q) => q.start_ms));
      console.log(`  first query at ${first}, last answer before done at ${Math.max(...queries.slice(0, beforeDone).map((q) => q.end_ms))}`);
      const f0 = Math.min(...m.entries.map((e) => e[0]));
      console.log('  browser:', m.entries.sort((a, b) => a[0] - b[0]).map(([a, b, n]) => `${a - f0}-${b - f0}:${n}`).join(' '));
      console.log('  fixture:', [...queries].sort((a, b) => a.start_ms - b.start_ms).map((q) => `${q.start_ms - first}-${q.end_ms - first}:${q.name.split('.')[0]}/${q.type}`).join(' '));
    }
    return run;
  };

  for (let i = 0; i < runs; i++) {
    for (const mode of ['typed', 'link']) {
      const run = await measure(mode);
      results.push(run);
      const clock = mode === 'typed' ? `${run.fromQuery} ms from the first query` : `${run.fromCommit} ms from commit (${run.fromQuery} from the first query)`;
      console.log(`run ${i + 1} ${mode}: ${run.status}, ${clock}, `
        + `${run.queries} queries (${run.beforeDone} answered before done), ${run.rounds.length} rounds`
        + (run.errors.length ? `, ${run.errors.length} console/page errors: ${run.errors.slice(0, 3).join(' | ')}` : ''));
    }
  }
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  for (const stop of stops.reverse()) await stop();
}
if (process.exitCode) process.exit();

const done = results.filter((r) => r.status === 'done' && r.fromQuery !== null);
if (!done.length) fail(`no run reached data-status="done" (statuses: ${results.map((r) => r.status).join(', ')})`);
const notH2 = [...protocols].filter(([p]) => p !== 'h2');
if (!protocols.size || notH2.length) {
  fail(`the DoH responses did not all come over HTTP/2: ${[...protocols].map(([p, n]) => `${p} ×${n}`).join(', ') || 'none seen'}`);
}

const floor = CHAIN * DELAY_MS;
const typed = done.filter((r) => r.mode === 'typed');
const link = done.filter((r) => r.mode === 'link');
if (!typed.length || !link.length) fail('a way of starting the inspection never reached done');
const fromQuery = typed.map((r) => r.fromQuery);
const linkFromCommit = link.map((r) => r.fromCommit);
const linkFromQuery = link.map((r) => r.fromQuery);
const ratio = median(fromQuery) / floor;
const typical = typed.find((r) => r.fromQuery === median(fromQuery)) ?? typed[0];
const counts = [...new Set(results.map((r) => r.queries))].join(', ');
const twice = [...new Set(results.flatMap((r) => r.twice))];

const label = `inspect ${DOMAIN}, h2, ${DELAY_MS} ms/answer`;
console.log(`\n${'benchmark'.padEnd(66)} ${'median ms'.padStart(10)} ${'min'.padStart(6)} ${'max'.padStart(6)}  (${typed.length} runs)`);
for (const [name, xs] of [
  [`${label}, typed: first query → done`, fromQuery],
  [`${label}, link: nav. commit → done`, linkFromCommit],
  [`${label}, link: first query → done`, linkFromQuery],
]) {
  console.log(`${name.padEnd(66)} ${String(median(xs)).padStart(10)} ${String(Math.min(...xs)).padStart(6)} ${String(Math.max(...xs)).padStart(6)}`);
}
const lines = [
  ['longest chain of dependent queries', `${CHAIN} (tests/fixtures/zones/bench.yaml) → floor ${floor} ms`],
  ['the same chain from Node, no browser', `${fromNode} ms (${(fromNode / floor).toFixed(2)}×: what the fixture and the front add)`],
  [`ratio median / (chain × ${DELAY_MS} ms)`, `${ratio.toFixed(2)} (typed: first query → done; allowed ${ALLOWED}) ${ratio <= ALLOWED ? 'within' : 'OVER'}`],
  ['', `${(median(linkFromCommit) / floor).toFixed(2)} (link: navigation commit → done, for reference; ${(median(linkFromQuery) / floor).toFixed(2)} from its first query)`],
  ['DoH queries per run', `${counts} (fixture log, both ways; typed: ${typical.beforeDone} answered before done, Chromium sent ${typical.sent})`],
  ['(name, type) asked more than once', twice.length ? `${twice.length}: ${twice.join(', ')}` : 'none'],
  ['rounds the fixture saw in sequence', `${typical.rounds.length}: ${typical.rounds.join(' → ')}`],
  ['HTTP/2 front, fixture', `${front === 'h2-nginx' ? 'nginx (tests/bench/h2-nginx.mjs)' : 'Node (tests/bench/h2-proxy.mjs)'}, ${path.relative(root, fixtureBin)}`],
  ['protocol of the DoH responses', `${[...protocols].map(([p, n]) => `${p} ×${n}`).join(', ')} (Chromium, all runs)`],
];
console.log();
for (const [name, value] of lines) console.log(`${name.padEnd(40)} ${value}`);
if (results.length !== done.length) {
  console.log(`runs that ended in data-status="error": ${results.length - done.length} of ${results.length}`);
}
