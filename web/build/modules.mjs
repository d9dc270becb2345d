// The page modules: each page is its own wasm module (src/bin/*.rs). Trunk allows one "main"
// module (the domain inspection), whose loader script and preload links it writes into
// index.html: they are removed here, as the page's own loader (loader.js) starts every module.
// The others Trunk builds as "workers" with the `web` target, so it neither starts them nor
// hashes their names. Each module's .js and _bg.wasm get a content hash in their names (a new
// build never meets an old file in a cache; Trunk's main one has its own), and Subresource
// Integrity hashes: the wasm's for the loader's fetch, the JavaScript's for the import map.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from './error.mjs';
import { minifyJs } from './minify.mjs';

// ?view= → page module (src/bin/<module>.rs). Anything else opens the domain inspection, as the
// shell's navigation expects.
export const VIEWS = {
  '': 'inspect',
  message: 'message',
  reports: 'reports',
  dmarc: 'dmarc',
  'build-spf': 'build_spf',
  'build-dkim': 'build_dkim',
  'build-mtasts': 'build_mtasts',
};
// Modules no `?view=` starts: the domain page's parts used on request (src/components/tool.rs),
// started by the loader's `authlens.tool(element)` the first time one is used.
export const ON_REQUEST = ['inspect_tools'];

// Stylesheets of some modules only (style/builders.css, reports.css, message.css, tools.css,
// wizard.css: every rule in them is of classes only those modules draw): taken out of index.html,
// so the other pages do not download them, and linked by the loader, with Trunk's integrity hash,
// for the modules that use them; the module starts once its stylesheets are in.
export const PAGE_STYLES = {
  builders: ['build_spf', 'build_dkim', 'build_mtasts'],
  reports: ['reports'],
  // The message check's rules, some of which the domain page's SPF tester shares.
  message: ['message', 'inspect_tools'],
  tools: ['inspect_tools'],
  wizard: ['dmarc'],
};

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

// Trunk's loader for the main module, and its preload links.
export const withoutTrunkLoader = (html) => html
  .replace(/<script type="module">\s*import init, \* as bindings[\s\S]*?<\/script>\s*/, '')
  .replace(/<link rel="(?:module)?preload"[^>]*>/g, '');

// Minifies, hashes and renames every page module in `dir`. Returns `modules` (name → [js, wasm,
// the wasm's integrity], for the loader) and `integrity` (the import map's: "./js" → its hash).
export async function hashModules(dir) {
  const modules = {};
  const integrity = {};
  const files = readdirSync(dir);
  for (const name of new Set([...Object.values(VIEWS), ...ON_REQUEST])) {
    // `name.js` (a Trunk worker) or `name-<hash>.js` (Trunk's main module).
    const stem = files
      .filter((f) => f.endsWith('_bg.wasm'))
      .map((f) => f.slice(0, -'_bg.wasm'.length))
      .find((s) => s === name || new RegExp(`^${name}-[0-9a-f]+$`).test(s));
    if (!stem || !files.includes(`${stem}.js`)) {
      throw new BuildError(`the page module ${name} (${name}.js, ${name}_bg.wasm) is not in the build`);
    }
    const wasmBytes = readFileSync(path.join(dir, `${stem}_bg.wasm`));
    const jsPath = path.join(dir, `${stem}.js`);
    writeFileSync(jsPath, await minifyJs(readFileSync(jsPath, 'utf8')));
    const jsBytes = readFileSync(jsPath);
    let jsName = `${stem}.js`;
    let wasmName = `${stem}_bg.wasm`;
    if (stem === name) {
      const hash = createHash('sha256').update(jsBytes).update(wasmBytes).digest('hex').slice(0, 16);
      jsName = `${name}-${hash}.js`;
      wasmName = `${name}-${hash}_bg.wasm`;
      renameSync(path.join(dir, `${stem}.js`), path.join(dir, jsName));
      renameSync(path.join(dir, `${stem}_bg.wasm`), path.join(dir, wasmName));
    }
    modules[name] = [jsName, wasmName, sri(wasmBytes)];
    integrity[`./${jsName}`] = sri(jsBytes);
  }
  return { modules, integrity };
}

// Takes the PAGE_STYLES stylesheets' links out of `html`. Returns the page without them and
// `styles` (module → [[href, integrity], …], for the loader).
export function takePageStyles(html) {
  const styles = {};
  for (const [stem, users] of Object.entries(PAGE_STYLES)) {
    const re = new RegExp(`\\s*<link rel="stylesheet" href="\\.?/?(${stem}-[0-9a-f]+\\.css)" integrity="([^"]+)"\\s*/?>`);
    const m = re.exec(html);
    if (!m) throw new BuildError(`no stylesheet ${stem}-<hash>.css linked in index.html`);
    html = html.replace(m[0], '');
    for (const u of users) (styles[u] ??= []).push([m[1], m[2]]);
  }
  return { html, styles };
}
