// Trunk post-build hook (Trunk.toml): writes the page's loader and gives the built page a strict
// Content-Security-Policy.
//
// Loader. Each page is its own wasm module (src/bin/*.rs). Trunk allows one "main" module (the
// domain inspection), whose loader script and preload links it writes into index.html: this hook
// removes them. The others Trunk builds as "workers" with the `web` target, so it neither starts
// them nor hashes their names. This hook gives each module's .js and _bg.wasm a content hash in
// its name (a new build never meets an old file in a cache; Trunk's main one has its own), and
// writes into index.html an import map carrying the modules' Subresource Integrity hashes and one
// inline module script that starts the module the address's ?view= names: it fetches the wasm
// (with its integrity) while it imports the JS, so the two download at once. A visitor downloads
// only the page they open.
//
// The inline scripts' SHA-256 go into script-src, so no 'unsafe-inline' is needed. The
// stylesheets carry Trunk's integrity hashes (sha384).
//
// connect-src lists where the page may fetch: its own origin (the Public Suffix List), the two
// public DoH JSON resolvers, and loopback (a resolver on the user's own machine; the tests' fixture
// server). A deployment that offers another resolver adds its origin at build time:
//   AUTHLENS_CONNECT_SRC="https://doh.example.net" trunk build --release
// A custom resolver URL typed in the page that is not on the list is refused by the browser, and
// the page says so.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { minify as minifyJs } from 'terser';
import { minify as minifyCss } from 'csso';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('csp.mjs: run as a Trunk hook (TRUNK_STAGING_DIR) or give the dist directory');
  process.exit(2);
}
const file = path.join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/, '');
// The source's comments are for its readers, not for every visitor's first load; nor are the
// stylesheets' and the modules' JavaScript's comments, spaces and long names: each stylesheet is
// minified (csso) and its integrity hash made again, each page module's JavaScript (terser) below.
html = html.replace(/\s*<!--[\s\S]*?-->/g, '');

// `trunk serve` (make run) puts its live-reload script inline in the page and fills in its
// address when it serves the page, after this hook: a hash taken here would not match, and the
// policy would block the script and its WebSocket. In a development build the script becomes a
// file of the page's own origin with the address read from the page's location, and the policy
// lets it reach Trunk's socket on loopback. A release build has no such script.
const dev = process.env.TRUNK_PROFILE === 'debug';
let reloadSocket = [];
html = html.replace(/<script(?: nonce="[^"]*")?>((?:(?!<\/script>)[\s\S])*\{\{__TRUNK_ADDRESS__\}\}[\s\S]*?)<\/script>/, (_, body) => {
  const script = body
    .replace(/(['`])\{\{__TRUNK_ADDRESS__\}\}\1/g, 'window.location.host')
    .replace(/\{\{__TRUNK_WS_BASE__\}\}/g, '/');
  writeFileSync(path.join(dir, 'trunk-autoreload.js'), script);
  reloadSocket = ['ws://127.0.0.1:*', 'ws://localhost:*'];
  return '<script src="trunk-autoreload.js"></script>';
});
if (reloadSocket.length && !dev) {
  console.error('csp.mjs: a live-reload script in a release build');
  process.exit(1);
}
for (const m of html.matchAll(/<link rel="stylesheet" href="\.?\/?([^"]+)" integrity="([^"]+)"/g)) {
  const css = path.join(dir, m[1]);
  const small = minifyCss(readFileSync(css, 'utf8')).css;
  writeFileSync(css, small);
  const again = `sha384-${createHash('sha384').update(small).digest('base64')}`;
  html = html.replace(m[0], m[0].replace(m[2], again));
}
const TERSER = { module: true, compress: { passes: 2 } };

// What the loader's early questions must ask exactly as the module does, read from the Rust
// source rather than written here a second time: the public resolvers' endpoints and the Accept
// header (crates/engine/src/doh.rs), the default time limit of a query (src/dns/mod.rs).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function rustConst(file, name) {
  const source = readFileSync(path.join(root, file), 'utf8');
  const m = source.match(new RegExp(`pub const ${name}: [^=]+= ("[^"]*"|[0-9_]+);`));
  if (!m) {
    console.error(`csp.mjs: no \`pub const ${name}\` in ${file}`);
    process.exit(1);
  }
  return m[1].startsWith('"') ? JSON.parse(m[1]) : Number(m[1].replaceAll('_', ''));
}
const DOH = {
  google: rustConst('crates/engine/src/doh.rs', 'GOOGLE_ENDPOINT'),
  cloudflare: rustConst('crates/engine/src/doh.rs', 'CLOUDFLARE_ENDPOINT'),
  accept: rustConst('crates/engine/src/doh.rs', 'ACCEPT'),
  timeoutMs: rustConst('src/dns/mod.rs', 'TIMEOUT_MS'),
};

// ?view= → page module (src/bin/<module>.rs). Anything else opens the domain inspection, as the
// shell's navigation expects.
const VIEWS = {
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
const ON_REQUEST = ['inspect_tools'];
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const modules = {};
const integrity = {};
// Trunk's loader for the main module, and its preload links.
html = html.replace(/<script type="module">\s*import init, \* as bindings[\s\S]*?<\/script>\s*/, '');
html = html.replace(/<link rel="(?:module)?preload"[^>]*>/g, '');
const files = readdirSync(dir);
for (const name of new Set([...Object.values(VIEWS), ...ON_REQUEST])) {
  // `name.js` (a Trunk worker) or `name-<hash>.js` (Trunk's main module).
  const stem = files
    .filter((f) => f.endsWith('_bg.wasm'))
    .map((f) => f.slice(0, -'_bg.wasm'.length))
    .find((s) => s === name || new RegExp(`^${name}-[0-9a-f]+$`).test(s));
  if (!stem || !files.includes(`${stem}.js`)) {
    console.error(`csp.mjs: the page module ${name} (${name}.js, ${name}_bg.wasm) is not in the build`);
    process.exit(1);
  }
  const wasmBytes = readFileSync(path.join(dir, `${stem}_bg.wasm`));
  const jsPath = path.join(dir, `${stem}.js`);
  writeFileSync(jsPath, (await minifyJs(readFileSync(jsPath, 'utf8'), TERSER)).code);
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
// Stylesheets of some modules only (style/builders.css, reports.css, message.css, tools.css,
// wizard.css: every rule in them is of classes only those modules draw): taken out of index.html,
// so the other pages do not download them, and linked by the loader, with Trunk's integrity hash,
// for the modules that use them; the module starts once its stylesheets are in.
const PAGE_STYLES = {
  builders: ['build_spf', 'build_dkim', 'build_mtasts'],
  reports: ['reports'],
  // The message check's rules, some of which the domain page's SPF tester shares.
  message: ['message', 'inspect_tools'],
  tools: ['inspect_tools'],
  wizard: ['dmarc'],
};
const styles = {};
for (const [stem, users] of Object.entries(PAGE_STYLES)) {
  const re = new RegExp(`\\s*<link rel="stylesheet" href="\\.?/?(${stem}-[0-9a-f]+\\.css)" integrity="([^"]+)"\\s*/?>`);
  const m = re.exec(html);
  if (!m) {
    console.error(`csp.mjs: no stylesheet ${stem}-<hash>.css linked in index.html`);
    process.exit(1);
  }
  html = html.replace(m[0], '');
  for (const u of users) (styles[u] ??= []).push([m[1], m[2]]);
}
// Runs before any module: on failure (an old browser, a blocked file) the page says so instead of
// staying blank.
//
// The domain page opened with a domain in its address (a permalink, a shared link) asks the
// resolver as soon as its module runs. The loader starts that conversation while the module
// downloads and compiles: it opens the connection to that resolver (the one `doh=` names, Google
// by default), and asks the two questions every inspection starts its longest chains with, the
// domain's TXT (SPF: includes nest several levels) and MX (the MX hosts; the mail provider's DKIM
// selectors). The module takes these answers instead of asking again (src/dns/transport.rs,
// `FIRST_QUESTIONS`); a question it never takes (a domain the module reads differently) is one
// query lost, never a wrong answer, as the module only takes an answer to the exact URL it would
// fetch. Nothing goes anywhere the page would not send it a moment later; no address without a
// domain asks anything. The loader runs before the module, so it reads the address itself, as
// the module does: `doh=` as `Provider::parse` (crates/engine/src/doh.rs): google, cloudflare
// (either case, or absent: Google), else an http(s):// URL without spaces; `domain=` only when it
// is a plain name (`parse_domain` in crates/engine/src/name.rs, lowercased, no final dot; anything
// else is left to the module); `timeout=` as `timeout_ms` (src/dns/mod.rs); the request as
// `doh::request_url` and `FetchResolver::send` make it.
// What the loader needs to know of this build, as data (read by tests/scripts/size.mjs and the
// e2e tests too): ?view= → module, each module's files and the wasm's integrity, the stylesheets
// of each module. `<` escaped, so nothing in it can end the element.
const manifest = JSON.stringify({ views: VIEWS, modules, styles }).replaceAll('<', '\\u003c');
const loader = `
const { views, modules, styles } = JSON.parse(document.getElementById("al-build").textContent);
const params = new URLSearchParams(location.search);
const view = params.get("view") ?? "";
const [js, wasm, wasmIntegrity] = modules[views[view] ?? "inspect"];
const stylesOf = (name) => (styles[name] ?? []).map(([href, integrity]) => new Promise((done) => {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "./" + href;
  link.integrity = integrity;
  link.onload = link.onerror = done;
  document.head.append(link);
}));
const stylesIn = stylesOf(views[view] ?? "inspect");
if ((views[view] ?? "inspect") === "inspect" && params.get("domain")) {
  const doh = (params.get("doh") ?? "").trim();
  const known = { "": ${JSON.stringify(DOH.google)}, google: ${JSON.stringify(DOH.google)}, cloudflare: ${JSON.stringify(DOH.cloudflare)} };
  let endpoint = known[doh.toLowerCase()];
  const rest = doh.toLowerCase().replace(/^https?:\\/\\//, "");
  if (!endpoint && rest !== doh.toLowerCase() && rest !== "" && !rest.startsWith("/")
    && !/[\\s\\p{Cc}]/u.test(doh)) endpoint = doh;
  let origin;
  try {
    origin = new URL(endpoint).origin;
  } catch {}
  if (origin) {
    const link = document.createElement("link");
    link.rel = "preconnect";
    link.href = origin;
    link.crossOrigin = "anonymous";
    document.head.append(link);
    const domain = params.get("domain").trim().replace(/\\.$/, "").toLowerCase();
    if (domain.length <= 253 && /^[a-z0-9_-]{1,63}(\\.[a-z0-9_-]{1,63})+$/.test(domain)) {
      const t = Number((params.get("timeout") ?? "").trim());
      const ms = t >= 0.1 && t <= 60 ? Math.round(t * 1000) : ${DOH.timeoutMs};
      const first = {};
      for (const type of ["TXT", "MX"]) {
        const url = endpoint + (endpoint.includes("?") ? "&" : "?") + "name=" + domain + "&type=" + type;
        const signal = AbortSignal.timeout(ms);
        const response = fetch(url, { headers: { accept: ${JSON.stringify(DOH.accept)} }, signal });
        response.catch(() => {});
        first[url] = { signal, response };
      }
      window.__authlensFirst = first;
    }
  }
}
const alert = (text) => {
  const p = document.createElement("p");
  p.className = "al-boot-error";
  p.setAttribute("role", "alert");
  p.textContent = text;
  document.body.append(p);
};
// The release build turns a panic into an immediate trap (no message, docs/size.md): should
// one ever happen, say so once instead of leaving a page that silently stopped answering.
let stopped = false;
const trap = (e) => {
  const error = e.reason ?? e.error;
  if (stopped || !(error instanceof WebAssembly.RuntimeError)) return;
  stopped = true;
  alert("authlens stopped on an internal error (" + error.message + "). Reload the page to go on; "
    + "nothing you pasted left this browser. Please report what you were doing.");
};
addEventListener("error", trap);
addEventListener("unhandledrejection", trap);
// The domain page's parts used on request (src/components/tool.rs): their module is fetched the
// first time one is drawn (with its stylesheets), then kept; it sets authlens.mount when it starts.
// A pointer over, or the focus on, what draws one (an element marked data-tool-intent: the
// summaries, buttons and fields that ask for them) starts the download a moment before the click.
let tools;
const loadTools = () => {
  const [toolsJs, toolsWasm, toolsIntegrity] = modules.inspect_tools;
  tools ??= Promise.all([import("./" + toolsJs), ...stylesOf("inspect_tools")]).then(([m]) => m.default({
    module_or_path: fetch("./" + toolsWasm, { integrity: toolsIntegrity }),
  }));
  return tools;
};
const intent = (e) => {
  if (modules.inspect_tools && e.target instanceof Element && e.target.closest("[data-tool-intent]")) {
    loadTools().catch(() => { tools = undefined; });
  }
};
addEventListener("pointerover", intent, { passive: true });
addEventListener("focusin", intent);
globalThis.authlens = {
  tool(element) {
    loadTools().then(() => globalThis.authlens.mount(element)).catch((e) => {
      tools = undefined;
      element.textContent = "This part of the page could not be loaded (" + e + "); try again.";
    });
  },
};
const bytes = fetch("./" + wasm, { integrity: wasmIntegrity });
import("./" + js)
  .then((m) => Promise.all(stylesIn).then(() => m.default({ module_or_path: bytes })))
  .catch((e) => alert("authlens could not start in this browser: " + e));
`;
// A slip in the template's escapes would leave the page blank: the loader must at least parse.
try {
  new vm.Script(loader);
} catch (e) {
  console.error(`csp.mjs: the loader does not parse: ${e.message}`);
  process.exit(1);
}
// The loader as sent: minified (its readable form is the template above).
const loaderSmall = (await minifyJs(loader, TERSER)).code;
const boot = `<script type="importmap">${JSON.stringify({ integrity })}</script>
    <script type="application/json" id="al-build">${manifest}</script>
    <script type="module">${loaderSmall}</script>
`;
html = html.replace('</head>', () => `  ${boot}  </head>`);
if (!html.includes(loaderSmall)) {
  console.error('csp.mjs: no </head> to put the loader before');
  process.exit(1);
}

// The inline scripts that run (the import map and the loader; the build's data block does not).
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
const extra = (process.env.AUTHLENS_CONNECT_SRC ?? '').split(/[\s,]+/).filter(Boolean);
for (const origin of extra) {
  if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin)) {
    console.error(`csp.mjs: AUTHLENS_CONNECT_SRC: ${origin} is not an https:// origin`);
    process.exit(2);
  }
}
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  // Leptos sets a few style attributes (the lookup meter's width).
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  ['connect-src', "'self'", 'https://dns.google', 'https://cloudflare-dns.com',
    'http://127.0.0.1:*', 'http://localhost:*', ...reloadSocket, ...extra].join(' '),
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    ${meta}`);
if (!html.includes(meta)) {
  console.error('csp.mjs: no <meta charset="utf-8" /> to put the policy after');
  process.exit(1);
}
writeFileSync(file, html);
console.log(`csp.mjs: ${Object.keys(modules).length} page modules, Content-Security-Policy with ${hashes.length} script hash(es)`);
