// The source's comments are for its readers, not for every visitor's first load; nor are the
// stylesheets' and the modules' JavaScript's comments, spaces and long names. Stylesheets go
// through csso, JavaScript (the page modules' wasm-bindgen glue, the loader) through terser.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify as terser } from 'terser';
import { minify as csso } from 'csso';

// ES modules (the glue is imported, the loader is a module script): top-level names are mangled.
const TERSER = { module: true, compress: { passes: 2 } };

export const minifyJs = async (code) => (await terser(code, TERSER)).code;

// Minifies every stylesheet `html` links with an integrity hash, in place in `dir`, and returns
// `html` with each hash made again (sha384, as Trunk writes it).
export function minifyStylesheets(dir, html) {
  for (const m of html.matchAll(/<link rel="stylesheet" href="\.?\/?([^"]+)" integrity="([^"]+)"/g)) {
    const css = path.join(dir, m[1]);
    const small = csso(readFileSync(css, 'utf8')).css;
    writeFileSync(css, small);
    const again = `sha384-${createHash('sha384').update(small).digest('base64')}`;
    html = html.replace(m[0], m[0].replace(m[2], again));
  }
  return html;
}
