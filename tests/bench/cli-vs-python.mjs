// `make bench`: the native `authlens` against pyspf 2.0.14 and dkimpy 1.1.8 (target: at least
// 20 times faster) on the same inputs, with the same answers to every DNS question and no network:
//   - DKIM: every message of tests/data/dkim/dkimpy (the 1 MB one on a row of its own) and RFC 8463's
//     example, keys from tests/fixtures/zones;
//   - SPF: check_host() of the MAIL FROM identity for the (ip, sender, helo) cases below, over the
//     same zones (includes three deep, mx, a, ptr, exists with a macro, IPv6, the lookup limit,
//     void lookups, loops, NXDOMAIN, a timeout).
// A verdict that differs between the two sides is a failure (exit 1), never a number.
//
// Two ways of timing, both printed:
//   1. In one process, many iterations: the engine's work per call, without process start-up.
//      `authlens bench dkim|spf` (hidden; crates/cli/src/bench.rs) answers DNS from the zone
//      files in memory; tests/bench/cli-vs-python.py answers dkimpy's `dnsfunc` and pyspf's
//      `spf.DNSLookup` from a dictionary read from the same files. Median per call.
//      Skipped, with a note, when the binary has no `bench` subcommand.
//   2. One process per input, as a user runs each tool: `authlens message FILE --json` and
//      `authlens spf check ... --json`, asking the DoH fixture server on 127.0.0.1 (HTTP, one
//      query per DNS question), against one Python process per input (interpreter start-up,
//      imports, the zone read from a JSON file, the check). The sum over all inputs, median of
//      BENCH_ROUNDS rounds (default 3); process start-up alone on a row of its own. The "net"
//      column takes from both sides what this harness spends per process (timed on /bin/true):
//      node's spawnSync costs about 1.5 ms here, a third of an `authlens spf check`.
//
// 3. The message check against its floor, one process per small message: `authlens message FILE
//    --json` (the whole check: parse, DKIM and ARC with keys from the DoH fixture, DMARC,
//    Authentication-Results, the JSON report) against `authlens bench verify FILE` (hidden; the same
//    binary and resolver verifying the DKIM signatures and nothing else: start-up, reading the
//    message, the key lookups, the signatures). BENCH_FLOOR_RUNS runs of each (default 11, at least
//    7), alternating message by message; both must give every signature the same result and reason
//    (else exit 1). Ratio = full / floor (goal: at most 1.5×), per message and in total, medians
//    over the runs; "net" takes the harness's /bin/true from both sides. BENCH_FLOOR_DETAIL=1 prints
//    every message's row.
//
// BENCH_AUTHLENS_ONLY=1 runs the authlens side alone (no venv, no Python rows, no verdicts compared
// with Python): for a machine without PyPI, or to time the CLI against itself (row 3).
//
// Python: a venv in .venv-bench/ at the project root, created and filled from PyPI only when
// missing (pyspf, dkimpy, dnspython which both import, PyNaCl for dkimpy's Ed25519, PyYAML to read
// the zones). BENCH_PYTHON names the interpreter that makes it (default python3).
//
// Builds nothing: it expects the native CLI (`cargo build --profile native -p authlens-cli`;
// AUTHLENS_BIN, else $CARGO_TARGET_DIR or target/, native) and the fixture binary (`make
// fixture-bin`; DOH_FIXTURE_BIN, else $CARGO_TARGET_DIR or target/, debug).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');
const authlens = process.env.AUTHLENS_BIN ?? path.join(targetDir, 'native/authlens');
const fixtureBin = process.env.DOH_FIXTURE_BIN ?? path.join(targetDir, 'debug/doh-fixture');
const venv = path.join(root, '.venv-bench');
const python = path.join(venv, 'bin/python');
const helper = path.join(root, 'tests/bench/cli-vs-python.py');
const zones = path.join(root, 'tests/fixtures/zones');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const floorRuns = Math.max(7, Number(process.env.BENCH_FLOOR_RUNS ?? 11));
const floorDetail = process.env.BENCH_FLOOR_DETAIL === '1';
const withPython = process.env.BENCH_AUTHLENS_ONLY !== '1';

const PINS = {
  pyspf: '2.0.14', dkimpy: '1.1.8', dnspython: '2.9.2', PyNaCl: '1.6.2', PyYAML: '6.0.4',
};
const BIG = path.join(root, 'tests/data/dkim/dkimpy/big-1mb.eml');
const SMALL = [
  ...readdirSync(path.join(root, 'tests/data/dkim/dkimpy'))
    .filter((f) => f.endsWith('.eml') && f !== 'big-1mb.eml')
    .sort()
    .map((f) => path.join(root, 'tests/data/dkim/dkimpy', f)),
  path.join(root, 'tests/data/dkim/rfc8463-a3.eml'),
];
const H = 'mta.example.net';
const SPF_CASES = [
  ['203.0.113.7', 'alice@tree.example', H], // include three deep
  ['198.51.100.5', 'alice@tree.example', H],
  ['198.51.100.200', 'alice@tree.example', H], // a:
  ['198.51.100.201', 'alice@tree.example', H], // mx:
  ['192.0.2.99', 'alice@tree.example', H], // fail after every include
  ['74.125.1.1', 'a@shop.example', H], // Google's netblocks
  ['2607:f8b0:4000::1', 'a@shop.example', H], // ip6
  ['167.89.1.1', 'a@shop.example', H],
  ['192.0.2.1', 'a@shop.example', H],
  ['192.0.2.10', 'a@bigco.example', H], // matches before the lookup limit
  ['192.0.2.1', 'a@bigco.example', H], // 12 lookups: permerror
  ['40.92.1.1', 'a@fabrikam.example', H],
  ['192.0.2.1', 'a@fabrikam.example', H],
  ['142.250.27.26', 'a@northwind.example', H], // softfail
  ['192.0.2.80', 'a@badmail.example', H], // ptr (void), then a:
  ['192.0.2.200', 'a@badmail.example', H], // include of a name with no SPF record
  ['192.0.2.5', 'a@voids.example', H], // void lookup limit
  ['192.0.2.5', 'a@splitterm.example', H], // a term split across two strings
  ['10.0.0.1', 'a@permissive.example', H],
  ['10.0.0.1', 'a@looping.example', H], // include loop
  ['192.0.2.1', 'a@example.com', H],
  ['198.51.100.9', 'a@example.com', H],
  ['203.0.113.1', 'a@example.com', H],
  ['::ffff:192.0.2.1', 'a@example.com', H], // IPv4-mapped: checked as IPv4
  ['192.0.2.1', 'a@nonexistent.example', H], // NXDOMAIN: none
  ['192.0.2.1', 'a@mail.example.com', H], // no record: none
  ['192.0.2.1', '', 'mail.tree.example'], // a bounce: the HELO identity
  ['203.0.113.200', 'a@bench.example', H], // a: at the third include level
  ['2001:db8:b3c::5', 'a@bench.example', H],
  ['52.101.73.10', 'a@bench.example', H], // mx
  ['192.0.2.180', 'a@bench.example', H], // a
  ['2001:db8:b3::180', 'a@bench.example', H], // a, AAAA
  ['198.51.100.70', 'a@bench.example', H],
  ['192.0.2.77', 'a@bench.example', H],
  ['192.0.2.1', 'bounce@_spf.salesforce.com', H], // exists:%{i}...
  ['203.0.113.5', 'a@mailgun.org', H],
  ['192.0.2.99', 'a@parked.example', H],
  ['192.0.2.1', 'a@hostile.example', H], // an include that is not a domain name
  ['192.0.2.1', 'a@error.example', H], // a timeout: temperror
].map(([ip, sender, helo]) => ({ ip, sender, helo }));

function fail(message) {
  console.error(`bench/cli-vs-python: ${message}`);
  process.exit(1);
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) fail(`${what}: ${r.error.message}`);
  if (r.status !== 0) fail(`${what} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** Runs a command and returns [milliseconds of wall time, stdout]; fails on a non-zero exit. */
function timedRun(cmd, args, what) {
  const t0 = process.hrtime.bigint();
  const out = run(cmd, args, what);
  return [Number(process.hrtime.bigint() - t0) / 1e6, out];
}

const lines = (text) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const short = (input) => path.basename(input);
/** DKIM verdicts compared as dkimpy gives them: pass, or not (it has no permerror/temperror). */
const passFail = (results) => results.map((r) => (r === 'pass' ? 'pass' : 'fail')).join(',');

// ---- Python --------------------------------------------------------------------------------------
function pythonReady() {
  if (!existsSync(python)) return false;
  const check = `import importlib.metadata as m, sys
pins = ${JSON.stringify(PINS)}
sys.exit(0 if all(m.version(p) == v for p, v in pins.items()) else 1)`;
  return spawnSync(python, ['-c', check]).status === 0;
}
if (withPython && !pythonReady()) {
  console.log(`installing ${Object.entries(PINS).map(([p, v]) => `${p}==${v}`).join(' ')} into .venv-bench/`);
  if (!existsSync(python)) run(process.env.BENCH_PYTHON ?? 'python3', ['-m', 'venv', venv], 'python3 -m venv');
  run(python, ['-m', 'pip', 'install', '--quiet', ...Object.entries(PINS).map(([p, v]) => `${p}==${v}`)], 'pip install');
  if (!pythonReady()) fail('.venv-bench/ still lacks the pinned packages after pip install');
}

// ---- authlens ------------------------------------------------------------------------------------
if (!existsSync(authlens)) fail(`${authlens} is missing: run \`cargo build --release -p authlens-cli\` (or set AUTHLENS_BIN)`);
if (!existsSync(fixtureBin)) fail(`${fixtureBin} is missing: run \`make fixture-bin\` (or set DOH_FIXTURE_BIN)`);
const hasBench = spawnSync(authlens, ['bench', '--help']).status === 0;

const work = mkdtempSync(path.join(tmpdir(), 'authlens-cli-vs-python-'));
const casesFile = path.join(work, 'cases.json');
writeFileSync(casesFile, JSON.stringify(SPF_CASES));
const zoneJson = path.join(work, 'zones.json');
if (withPython) run(python, [helper, 'zone-json', '--zones', zones, '--out', zoneJson], 'zone-json');

const load = [loadavg()];
const now = String(Math.floor(Date.now() / 1000));
const mismatches = [];
const rows = [];
const agree = (what, input, ours, theirs) => {
  if (ours !== theirs) mismatches.push(`${what} ${input}: authlens ${ours}, python ${theirs}`);
};

// ---- 1. in one process ---------------------------------------------------------------------------
if (hasBench) {
  const inProcess = (kind, args, iterations) => {
    const a = lines(run(authlens, ['bench', kind, '--zones', zones, '--iterations', String(iterations), ...args], `authlens bench ${kind}`));
    if (!withPython) return [sum(a.map((x) => x.median_ns)) / 1e6, null, a.length];
    const p = lines(run(python, [helper, kind, '--zones', zones, '--iterations', String(iterations), ...args], `python ${kind}`));
    if (a.length !== p.length) fail(`${kind}: ${a.length} authlens lines, ${p.length} python lines`);
    a.forEach((x, k) => {
      const [ours, theirs] = kind === 'dkim'
        ? [passFail(x.results), passFail(p[k].results)]
        : [x.result, p[k].result];
      agree(kind, short(x.input), ours, theirs);
    });
    return [sum(a.map((x) => x.median_ns)) / 1e6, sum(p.map((x) => x.median_ns)) / 1e6, a.length];
  };
  const [bigA, bigP] = inProcess('dkim', ['--allow-sha1', BIG], Number(process.env.BENCH_BIG_ITERATIONS ?? 20));
  rows.push(['DKIM verify, 1 MB message (rsa-sha256, relaxed), per call', bigA, bigP]);
  const [smallA, smallP, n] = inProcess('dkim', ['--allow-sha1', ...SMALL], 200);
  rows.push([`DKIM verify, ${n} small messages (RSA, Ed25519, tampered), per pass`, smallA, smallP]);
  const [spfA, spfP, m] = inProcess('spf', ['--cases', casesFile], 200);
  rows.push([`SPF check_host, ${m} cases, per pass`, spfA, spfP]);
} else {
  rows.push(['(in one process: this authlens has no `bench` subcommand, skipped)', null, null]);
}

let spawnMs = null;
let floor = null;
// ---- 2. one process per input --------------------------------------------------------------------
const child = spawn(fixtureBin, ['--zones', zones, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
// `fail` exits at once, without the `finally` below: the server must not outlive the script.
process.on('exit', () => child.kill());
try {
  const url = (await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`doh-fixture exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  })).replace(/^listening on /, '').trim();
  const doh = ['--doh', `${url}/dns-query`];

  const dkimOnce = (file) => {
    const [ta, oa] = timedRun(authlens, [...doh, 'message', file, '--json', '--allow-sha1', '--now', now], `authlens message ${short(file)}`);
    if (!withPython) return [ta, null];
    const [tp, op] = timedRun(python, [helper, 'once-dkim', '--zone-json', zoneJson, file], `python once-dkim ${short(file)}`);
    agree('dkim (one process)', short(file), passFail(JSON.parse(oa).message.dkim.map((s) => s.result)), passFail(JSON.parse(op)));
    return [ta, tp];
  };
  const spfOnce = (c) => {
    const [ta, oa] = timedRun(authlens, [...doh, 'spf', 'check', '--ip', c.ip, '--sender', c.sender, '--helo', c.helo, '--json'], `authlens spf check ${c.ip} ${c.sender}`);
    if (!withPython) return [ta, null];
    const [tp, op] = timedRun(python, [helper, 'once-spf', '--zone-json', zoneJson, c.ip, c.sender, c.helo], `python once-spf ${c.ip} ${c.sender}`);
    agree('spf (one process)', `${c.ip} ${c.sender || `(HELO ${c.helo})`}`, JSON.parse(oa).spf.result, JSON.parse(op));
    return [ta, tp];
  };
  // Start-up alone: the CLI parsing its arguments, Python importing what the checks need.
  const startOnce = () => [
    timedRun(authlens, ['--version'], 'authlens --version')[0],
    withPython ? timedRun(python, ['-c', 'import dkim, spf, dns.resolver, json'], 'python imports')[0] : null,
  ];

  // What this harness itself costs per process (spawnSync, pipes, waiting): spent on both sides,
  // so the "net" column takes it out of both before dividing.
  const spawnOnce = () => timedRun('/bin/true', [], '/bin/true')[0];

  const totals = { start: [], big: [], small: [], spf: [], spawn: [] };
  // Warm the page cache and both servers once, untimed.
  dkimOnce(BIG);
  spfOnce(SPF_CASES[0]);
  for (let r = 0; r < rounds; r++) {
    // Alternate the two tools input by input, so that load from elsewhere falls on both.
    const add = (key, pairs) => totals[key].push([sum(pairs.map((p) => p[0])), sum(pairs.map((p) => p[1]))]);
    add('spawn', Array.from({ length: 10 }, spawnOnce).map((t) => [t / 10, t / 10]));
    add('start', Array.from({ length: 10 }, startOnce).map(([a, p]) => [a / 10, p / 10]));
    add('big', [dkimOnce(BIG)]);
    add('small', SMALL.map(dkimOnce));
    add('spf', SPF_CASES.map(spfOnce));
  }
  const med = (key) => [median(totals[key].map((t) => t[0])), withPython ? median(totals[key].map((t) => t[1])) : null];
  spawnMs = med('spawn')[0];
  rows.push(['one process per input:', null, null]);
  rows.push(['start-up (`authlens --version`; python importing dkim, spf, dns)', ...med('start'), 1]);
  rows.push(['DKIM, 1 MB message, one process (authlens: DoH on 127.0.0.1)', ...med('big'), 1]);
  rows.push([`DKIM, ${SMALL.length} small messages, one process each, total`, ...med('small'), SMALL.length]);
  rows.push([`SPF, ${SPF_CASES.length} cases, one process each, total`, ...med('spf'), SPF_CASES.length]);

  // ---- 3. the message check against its floor ---------------------------------------------------
  // Each signature as `result reason`; a missing reason is null on both sides.
  const sigs = (list) => list.map(([result, reason]) => `${result} ${reason ?? '-'}`).join(', ');
  const fullOnce = (file) => {
    const [t, out] = timedRun(authlens, [...doh, 'message', file, '--json', '--allow-sha1', '--now', now], `authlens message ${short(file)}`);
    return [t, sigs(JSON.parse(out).message.dkim.map((x) => [x.result, x.reason]))];
  };
  const floorOnce = (file) => {
    const [t, out] = timedRun(authlens, [...doh, 'bench', 'verify', file, '--allow-sha1', '--now', now], `authlens bench verify ${short(file)}`);
    const [line] = lines(out);
    return [t, sigs(line.results.map((r, k) => [r, line.reasons[k]]))];
  };
  if (hasBench && spawnSync(authlens, ['bench', 'verify', '--help']).status === 0) {
    const floorLoad = [loadavg()];
    const per = SMALL.map(() => ({ full: [], floor: [], spawn: [] }));
    const runTotals = { full: [], floor: [], spawn: [] };
    for (let r = 0; r < floorRuns; r++) {
      const run = { full: 0, floor: 0, spawn: 0 };
      SMALL.forEach((file, k) => {
        // Alternate which goes first, so that neither always follows the other's page cache,
        // connections or load; the harness's own cost (/bin/true) between them, for "net".
        const order = (r + k) % 2 ? ['floor', 'full'] : ['full', 'floor'];
        const got = {};
        got[order[0]] = (order[0] === 'full' ? fullOnce : floorOnce)(file);
        const spawned = spawnOnce();
        got[order[1]] = (order[1] === 'full' ? fullOnce : floorOnce)(file);
        if (got.full[1] !== got.floor[1]) {
          fail(`${short(file)}: authlens message gives DKIM ${got.full[1]}, bench verify ${got.floor[1]}`);
        }
        for (const [key, t] of [['full', got.full[0]], ['floor', got.floor[0]], ['spawn', spawned]]) {
          per[k][key].push(t);
          run[key] += t;
        }
      });
      for (const key of Object.keys(run)) runTotals[key].push(run[key]);
    }
    floor = {
      n: SMALL.length,
      full: median(runTotals.full),
      floor: median(runTotals.floor),
      spawn: median(runTotals.spawn),
      messages: per.map((m, k) => ({ file: short(SMALL[k]), full: median(m.full), floor: median(m.floor), spawn: median(m.spawn) })),
      load: [...floorLoad, loadavg()],
    };
  } else {
    rows.push(['(message against its floor: this authlens has no `bench verify`, skipped)', null, null]);
  }
} finally {
  child.kill();
  rmSync(work, { recursive: true, force: true });
}
load.push(loadavg());

const fmt = (ms) => (ms === null ? '' : ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));
console.log(`\n${'task'.padEnd(72)} ${'authlens ms'.padStart(12)} ${'python ms'.padStart(10)} ${'ratio'.padStart(7)} ${'net'.padStart(7)}`);
for (const [task, a, p, processes] of rows) {
  const ratio = a && p ? `${(p / a).toFixed(1)}×` : '';
  const spent = processes && spawnMs !== null ? processes * spawnMs : null;
  const net = spent !== null && p && a > spent ? `${((p - spent) / (a - spent)).toFixed(1)}×` : '';
  console.log(`${task.padEnd(72)} ${fmt(a).padStart(12)} ${fmt(p).padStart(10)} ${ratio.padStart(7)} ${net.padStart(7)}`);
}
if (spawnMs !== null) {
  console.log(`net: both sides less what this harness spends starting and waiting for a process (/bin/true: ${fmt(spawnMs)} ms each)`);
}
if (floor) {
  const row = (task, full, flo, spent) => {
    const [r, net] = [`${(full / flo).toFixed(2)}×`, flo > spent ? `${((full - spent) / (flo - spent)).toFixed(2)}×` : ''];
    console.log(`${task.padEnd(72)} ${fmt(full).padStart(12)} ${fmt(flo).padStart(10)} ${r.padStart(7)} ${net.padStart(7)}`);
  };
  console.log(`\n${`authlens message against its floor (bench verify), ${floorRuns} runs, alternating`.padEnd(72)} ${'full ms'.padStart(12)} ${'floor ms'.padStart(10)} ${'ratio'.padStart(7)} ${'net'.padStart(7)}`);
  row(`${floor.n} small messages, one process each, per message`, floor.full / floor.n, floor.floor / floor.n, floor.spawn / floor.n);
  row(`${floor.n} small messages, one process each, total`, floor.full, floor.floor, floor.spawn);
  const worst = [...floor.messages].sort((a, b) => b.full / b.floor - a.full / a.floor);
  for (const m of floorDetail ? floor.messages : worst.slice(0, 1)) {
    row(`  ${floorDetail ? '' : 'highest ratio: '}${m.file}`, m.full, m.floor, m.spawn);
  }
  console.log('ratio: full / floor, goal at most 1.5×; both the same binary, resolver and DoH fixture');
  console.log(`net: both less the harness's /bin/true, run between them (${fmt(floor.spawn / floor.n)} ms each)`);
  console.log(`load average (1, 5, 15 min) ${floor.load.map((l) => l.map((x) => x.toFixed(2)).join(' ')).join(' before these runs, ')} after`);
}
console.log(`\nauthlens: ${authlens}${hasBench ? '' : ' (no `bench` subcommand)'}; python: ${withPython ? Object.entries(PINS).map(([p, v]) => `${p} ${v}`).join(', ') : 'not run (BENCH_AUTHLENS_ONLY=1)'}`);
console.log(`machine: ${cpus().length} cores; load average (1, 5, 15 min) ${load[0].map((x) => x.toFixed(2)).join(' ')} at start, ${load[1].map((x) => x.toFixed(2)).join(' ')} at end`);
if (withPython) console.log(`verdicts: ${mismatches.length ? `${mismatches.length} differ` : 'the same on every input'} (DKIM: ${SMALL.length + 1} messages, SPF: ${SPF_CASES.length} cases, both ways of running)`);
if (mismatches.length) {
  for (const m of mismatches) console.error(`  mismatch: ${m}`);
  process.exit(1);
}
