// `make size`: what the built page weighs, brotli-compressed (quality 11, as a static host would
// serve it), and the size budget CI holds it to.
//
// First load of a page = what the browser fetches to show it, before the visitor does anything:
// index.html, the stylesheets and icon it links, and the one page module (JS + wasm, and the
// stylesheets of that page only, style/builders.css or style/reports.css) the loader starts for
// that `?view=` (web/build/loader.js). Read from dist/index.html, so a new asset
// counts without editing this file. Also printed: every file in dist/ and their total, which
// nobody downloads at once (the Public Suffix List is fetched only on request, each page module
// only on its own page, the domain page's second module, inspect_tools, only when one of its parts
// is used, the reports worker only when a report is read).
//
// Budget: SIZE_BUDGET_KB (default below: the target, 200 KB) applies to the first load of every
// page; exceeding it exits 1, which fails `make test` and CI. A change that needs more makes room
// first: the domain page's parts used only on request go to its second module (docs/size.md).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.AUTHLENS_DIST ?? path.join(root, 'dist');
const TARGET_KB = 200;
const budgetKb = Number(process.env.SIZE_BUDGET_KB ?? TARGET_KB);

const br = (file) =>
  brotliCompressSync(readFileSync(path.join(dist, file)), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
const kb = (n) => (n / 1024).toFixed(1);

const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const linked = [...html.matchAll(/<link rel="(?:stylesheet|icon)" href="\.?\/?([^"]+)"/g)].map((m) => m[1]);
const build = JSON.parse(/<script type="application\/json" id="al-build">([^<]*)<\/script>/.exec(html)?.[1] ?? '{}');
const { views, modules, styles } = build;
if (!views || !modules || !styles) {
  console.error('size.mjs: no page loader in dist/index.html (was it built by `make build`?)');
  process.exit(2);
}

const shared = ['index.html', ...linked];
const sharedBr = shared.reduce((a, f) => a + br(f), 0);
let worst = 0;
console.log('First load of each page (brotli, KB): index.html + shared stylesheet + icon, then the page module (with its own stylesheet)');
console.log(`${'page (?view=)'.padEnd(28)} ${'shared'.padStart(8)} ${'module'.padStart(8)} ${'total'.padStart(8)}`);
for (const [view, name] of Object.entries(views)) {
  const [js, wasm] = modules[name];
  const moduleBr = br(js) + br(wasm) + (styles[name] ?? []).reduce((a, [css]) => a + br(css), 0);
  const total = sharedBr + moduleBr;
  worst = Math.max(worst, total);
  console.log(`${(view || '(domain inspection)').padEnd(28)} ${kb(sharedBr).padStart(8)} ${kb(moduleBr).padStart(8)} ${kb(total).padStart(8)}`);
}

const onRequest = Object.keys(modules).filter((m) => !Object.values(views).includes(m));
for (const name of onRequest) {
  const [js, wasm] = modules[name];
  console.log(`${(name + ' (on request)').padEnd(28)} ${''.padStart(8)} ${kb(br(js) + br(wasm)).padStart(8)}`);
}

console.log('\nEvery file in dist/ (bytes)');
let rawAll = 0;
let brAll = 0;
for (const f of readdirSync(dist).sort()) {
  if (!statSync(path.join(dist, f)).isFile()) continue;
  const raw = statSync(path.join(dist, f)).size;
  const b = br(f);
  rawAll += raw;
  brAll += b;
  console.log(`${f.padEnd(44)} ${String(raw).padStart(10)} ${String(b).padStart(10)}`);
}
console.log(`${'total'.padEnd(44)} ${String(rawAll).padStart(10)} ${String(brAll).padStart(10)}`);

const verdict = worst <= TARGET_KB * 1024 ? 'met' : 'not met';
console.log(`\nLargest first load: ${kb(worst)} KB brotli. Target ${TARGET_KB} KB: ${verdict}. Budget (CI): ${budgetKb} KB.`);
if (worst > budgetKb * 1024) {
  console.error(`size.mjs: a page's first load is ${kb(worst)} KB brotli, over the budget of ${budgetKb} KB`);
  process.exit(1);
}
