// What index.html's <head> gets to start a page: the import map (the page modules' JavaScript
// integrity), the build's data block `#al-build` and the loader (loader.js), minified.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { BuildError } from './error.mjs';
import { minifyJs } from './minify.mjs';

export const LOADER = new URL('./loader.js', import.meta.url);

// What the loader's early questions must ask exactly as the module does, read from the Rust
// source rather than written a second time: the public resolvers' endpoints and the Accept
// header (crates/engine/src/dns/doh.rs), the default time limit of a query (src/dns/mod.rs).
export function loaderValues(root) {
  const rustConst = (file, name) => {
    const source = readFileSync(path.join(root, file), 'utf8');
    const m = source.match(new RegExp(`pub const ${name}: [^=]+= ("[^"]*"|[0-9_]+);`));
    if (!m) throw new BuildError(`no \`pub const ${name}\` in ${file}`);
    return m[1].startsWith('"') ? JSON.parse(m[1]) : Number(m[1].replaceAll('_', ''));
  };
  return {
    GOOGLE_ENDPOINT: rustConst('crates/engine/src/dns/doh.rs', 'GOOGLE_ENDPOINT'),
    CLOUDFLARE_ENDPOINT: rustConst('crates/engine/src/dns/doh.rs', 'CLOUDFLARE_ENDPOINT'),
    ACCEPT: rustConst('crates/engine/src/dns/doh.rs', 'ACCEPT'),
    TIMEOUT_MS: rustConst('src/dns/mod.rs', 'TIMEOUT_MS'),
  };
}

// Replaces each "{{NAME}}" string literal of the loader's source with `values.NAME` as a JSON
// literal. A placeholder without a value, or a value no placeholder asks for, is a slip between
// loader.js and this file: the build stops rather than ship a loader that asks the wrong thing.
export function fillLoader(source, values) {
  const unused = new Set(Object.keys(values));
  const filled = source.replace(/"\{\{([A-Z_]+)\}\}"/g, (_, name) => {
    if (!Object.hasOwn(values, name)) throw new BuildError(`loader.js asks for {{${name}}}, which the build step does not give`);
    unused.delete(name);
    return JSON.stringify(values[name]);
  });
  if (unused.size) throw new BuildError(`loader.js has no placeholder for ${[...unused].join(', ')}`);
  return filled;
}

// The loader with `values` filled in: `source`, readable, and `code`, minified, as sent.
export async function buildLoader(values) {
  const source = fillLoader(readFileSync(LOADER, 'utf8'), values);
  // A slip in a value would leave the page blank: the loader must at least parse.
  try {
    new vm.Script(source);
  } catch (e) {
    throw new BuildError(`the loader does not parse: ${e.message}`);
  }
  return { source, code: await minifyJs(source) };
}

// The <script> elements to put before </head>. `build` is what the loader reads of this build
// (also read by tests/scripts/size.mjs and the e2e tests): ?view= → module, each module's files
// and the wasm's integrity, the stylesheets of each module; `<` escaped, so nothing in it can end
// the element.
export function bootScripts({ views, modules, styles, integrity }, loader) {
  const manifest = JSON.stringify({ views, modules, styles }).replaceAll('<', '\\u003c');
  return `<script type="importmap">${JSON.stringify({ integrity })}</script>
    <script type="application/json" id="al-build">${manifest}</script>
    <script type="module">${loader}</script>
`;
}
