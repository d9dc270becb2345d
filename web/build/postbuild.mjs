// The production build step: Trunk's post-build hook (Trunk.toml), run on the staging directory
// once `trunk build` (make build, make run) has written it, before it becomes dist/.
//   - minify.mjs   the stylesheets (csso) and JavaScript (terser), their integrity made again
//   - modules.mjs  one wasm module per page: content hashes in their names, Subresource Integrity,
//                  Trunk's own loader out, the stylesheets of some pages only taken out
//   - boot.mjs     the import map, the build's data block and the page's loader (loader.js)
//   - csp.mjs      the Content-Security-Policy
// By hand: node web/build/postbuild.mjs DIR, on a directory as Trunk writes it before its hooks
// run (not on dist/, which this step has rewritten already: it rewrites DIR in place).
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError } from './error.mjs';
import { minifyStylesheets } from './minify.mjs';
import { VIEWS, hashModules, takePageStyles, withoutTrunkLoader } from './modules.mjs';
import { bootScripts, buildLoader, loaderValues } from './boot.mjs';
import { extraConnectSrc, policy, scriptHashes, withPolicy } from './csp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// `trunk serve` (make run) puts its live-reload script inline in the page and fills in its
// address when it serves the page, after this hook: a hash taken here would not match, and the
// policy would block the script and its WebSocket. In a development build the script becomes a
// file of the page's own origin with the address read from the page's location, and the policy
// lets it reach Trunk's socket on loopback. A release build has no such script.
function withReloadFile(dir, html, dev) {
  let reloadSocket = [];
  html = html.replace(/<script(?: nonce="[^"]*")?>((?:(?!<\/script>)[\s\S])*\{\{__TRUNK_ADDRESS__\}\}[\s\S]*?)<\/script>/, (_, body) => {
    const script = body
      .replace(/(['`])\{\{__TRUNK_ADDRESS__\}\}\1/g, 'window.location.host')
      .replace(/\{\{__TRUNK_WS_BASE__\}\}/g, '/');
    writeFileSync(path.join(dir, 'trunk-autoreload.js'), script);
    reloadSocket = ['ws://127.0.0.1:*', 'ws://localhost:*'];
    return '<script src="trunk-autoreload.js"></script>';
  });
  if (reloadSocket.length && !dev) throw new BuildError('a live-reload script in a release build');
  return { html, reloadSocket };
}

async function postbuild(dir) {
  const file = path.join(dir, 'index.html');
  let html = readFileSync(file, 'utf8');
  html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/, '');
  // index.html's comments are for its readers (minify.mjs).
  html = html.replace(/\s*<!--[\s\S]*?-->/g, '');
  let reloadSocket;
  ({ html, reloadSocket } = withReloadFile(dir, html, process.env.TRUNK_PROFILE === 'debug'));
  html = minifyStylesheets(dir, html);
  const values = loaderValues(root);
  html = withoutTrunkLoader(html);
  const { modules, integrity } = await hashModules(dir);
  let styles;
  ({ html, styles } = takePageStyles(html));
  const loader = await buildLoader(values);
  const boot = bootScripts({ views: VIEWS, modules, styles, integrity }, loader.code);
  html = html.replace('</head>', () => `  ${boot}  </head>`);
  if (!html.includes(loader.code)) throw new BuildError('no </head> to put the loader before');
  const hashes = scriptHashes(html);
  const extra = extraConnectSrc(process.env.AUTHLENS_CONNECT_SRC);
  html = withPolicy(html, policy({ hashes, reloadSocket, extra }));
  writeFileSync(file, html);
  return `${Object.keys(modules).length} page modules, Content-Security-Policy with ${hashes.length} script hash(es)`;
}

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
try {
  if (!dir) throw new BuildError('run as a Trunk hook (TRUNK_STAGING_DIR) or give the dist directory', 2);
  console.log(`postbuild: ${await postbuild(dir)}`);
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  console.error(`postbuild: ${e.message}`);
  process.exit(e.exitCode);
}
