// The page's loader (loader.js) run alone, in a node:vm module with a fake document, location and
// fetch: as written (placeholders filled) and as sent (minified), so a slip of the minifier shows
// too. `make test-build-step`; needs node's --experimental-vm-modules, to run the loader as the
// module script it is and answer its import() calls.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { BuildError } from './error.mjs';
import { buildLoader, fillLoader, loaderValues } from './boot.mjs';
import { ON_REQUEST, VIEWS } from './modules.mjs';

if (!vm.SourceTextModule) {
  throw new Error('run with node --experimental-vm-modules --test web/build/ (make test-build-step)');
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VALUES = loaderValues(root);
const LOADER = await buildLoader(VALUES);

// A build's data block (boot.mjs): each module's files named after it.
const modules = Object.fromEntries([...new Set([...Object.values(VIEWS), ...ON_REQUEST])]
  .map((name) => [name, [`${name}-0123.js`, `${name}-0123_bg.wasm`, `sha384-wasm-${name}`]]));
const styles = {
  build_spf: [['builders-aa.css', 'sha384-builders']],
  inspect_tools: [['message-bb.css', 'sha384-message'], ['tools-cc.css', 'sha384-tools']],
};
const BUILD = JSON.stringify({ views: VIEWS, modules, styles });

class FakeElement {
  constructor(tag, intent = false) {
    this.tagName = tag;
    this.intent = intent;
    this.attributes = {};
  }
  setAttribute(name, value) {
    this.attributes[name] = value;
  }
  closest(selector) {
    return selector === '[data-tool-intent]' && this.intent ? this : null;
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

// Opens the page at `search` with the loader `code`. `holdStyles`: stylesheets load only when
// the test calls their onload; `failImport(specifier)`: that import() fails, as a blocked file.
async function open(code, search, { holdStyles = false, failImport = () => false } = {}) {
  const page = { head: [], body: [], fetches: [], imports: [], started: [], mounted: [], timeouts: [], listeners: {} };
  const fetch = (url, init) => {
    const response = Promise.resolve({ url });
    page.fetches.push({ url, init, response });
    return response;
  };
  const context = vm.createContext({
    document: {
      getElementById: (id) => (id === 'al-build' ? { textContent: BUILD } : null),
      createElement: (tag) => new FakeElement(tag),
      head: {
        append(el) {
          page.head.push(el);
          if (el.rel === 'stylesheet' && !holdStyles) queueMicrotask(() => el.onload());
        },
      },
      body: { append: (el) => page.body.push(el) },
    },
    location: { search },
    fetch,
    URL,
    URLSearchParams,
    Element: FakeElement,
    AbortSignal: { timeout: (ms) => (page.timeouts.push(ms), { timeout: ms }) },
    addEventListener: (type, listener) => (page.listeners[type] ??= []).push(listener),
  });
  context.window = context;
  const importModuleDynamically = async (specifier) => {
    page.imports.push({ specifier, fetchesBefore: page.fetches.map((f) => f.url) });
    if (failImport(specifier)) throw new Error(`blocked ${specifier}`);
    const module = new vm.SyntheticModule(['default'], function () {
      this.setExport('default', async (options) => {
        page.started.push({ specifier, options });
        if (specifier.includes('inspect_tools')) {
          context.authlens.mount = (el) => page.mounted.push(el);
          context.authlens.messageFile = (bytes) => ({ read: bytes.length });
        }
      });
    }, { context });
    await module.link(() => {});
    await module.evaluate();
    return module;
  };
  const loader = new vm.SourceTextModule(code, { context, identifier: 'loader.js', importModuleDynamically });
  await loader.link(() => {
    throw new Error('the loader imports nothing statically');
  });
  await loader.evaluate();
  await settle();
  return { page, context };
}

// What the loader made in its own realm, as plain data, to compare with what the test writes.
const plain = (value) => JSON.parse(JSON.stringify(value));
const links = (page, rel) => page.head.filter((el) => el.rel === rel);
const questions = (page) => page.fetches.filter((f) => !f.url.startsWith('./'));

test('the build step fills every placeholder of the loader, and stops on a slip', () => {
  assert.doesNotMatch(LOADER.source, /\{\{/);
  assert.ok(LOADER.source.includes(JSON.stringify(VALUES.GOOGLE_ENDPOINT)));
  assert.equal(fillLoader('f("{{A}}", "{{B}}", "{{A}}")', { A: 'x', B: 5 }), 'f("x", 5, "x")');
  assert.throws(() => fillLoader('f("{{A}}", "{{B}}")', { A: 1 }), BuildError);
  assert.throws(() => fillLoader('f("{{A}}")', { A: 1, B: 2 }), BuildError);
});

for (const [form, code] of [['as written', LOADER.source], ['as sent (minified)', LOADER.code]]) {
  describe(`the loader ${form}`, () => {
    test('starts the module ?view= names: fetches its wasm with its integrity while it imports its JS', async () => {
      const cases = [...Object.keys(VIEWS).map((v) => [`?view=${v}`, VIEWS[v]]), ['', 'inspect'], ['?view=nonsense', 'inspect']];
      for (const [search, name] of cases) {
        const { page } = await open(code, search);
        const [js, wasm, integrity] = modules[name];
        assert.deepEqual(page.imports.map((i) => i.specifier), [`./${js}`], search);
        assert.deepEqual(page.imports[0].fetchesBefore, [`./${wasm}`], `${search}: the wasm is asked first`);
        assert.deepEqual(plain(page.fetches.map((f) => [f.url, f.init])), [[`./${wasm}`, { integrity }]], search);
        assert.equal(page.started.length, 1, search);
        assert.equal(page.started[0].options.module_or_path, page.fetches[0].response, search);
        assert.deepEqual(page.body, [], `${search}: no error`);
      }
    });

    test('links a page\'s own stylesheets with their integrity, and starts its module once they are in', async () => {
      const { page } = await open(code, '?view=build-spf', { holdStyles: true });
      const [css] = links(page, 'stylesheet');
      assert.deepEqual([css.href, css.integrity], ['./builders-aa.css', 'sha384-builders']);
      assert.equal(page.started.length, 0, 'not before its stylesheet');
      css.onerror(); // a stylesheet that fails does not keep the page from starting
      await settle();
      assert.equal(page.started.length, 1);
      const other = await open(code, '?view=message');
      assert.deepEqual(links(other.page, 'stylesheet'), [], 'a page without its own stylesheets links none');
    });

    test('a domain in the address: preconnects to its resolver and asks its TXT and MX at once', async () => {
      const { GOOGLE_ENDPOINT: google, CLOUDFLARE_ENDPOINT: cloudflare, TIMEOUT_MS: ms } = VALUES;
      const cases = [
        ['?domain=example.com', google, ms],
        ['?domain=%20Example.COM.%20', google, ms],
        ['?domain=mail_1.sub-x.example.com&view=', google, ms],
        ['?domain=example.com&doh=google', google, ms],
        ['?domain=example.com&doh=CloudFlare', cloudflare, ms],
        ['?domain=example.com&doh=%20cloudflare%20', cloudflare, ms],
        ['?domain=example.com&doh=http://127.0.0.1:8053/resolve', 'http://127.0.0.1:8053/resolve', ms],
        ['?domain=example.com&doh=https%3A%2F%2Fdoh.example%2Fq%3Fct%3Djson', 'https://doh.example/q?ct=json', ms],
        ['?domain=example.com&timeout=2.5', google, 2500],
        ['?domain=example.com&timeout=60', google, 60000],
        ['?domain=example.com&timeout=0.1', google, 100],
        ['?domain=example.com&timeout=0.05', google, ms],
        ['?domain=example.com&timeout=61', google, ms],
        ['?domain=example.com&timeout=soon', google, ms],
      ];
      for (const [search, endpoint, timeout] of cases) {
        const { page, context } = await open(code, search);
        const domain = search.includes('mail_1') ? 'mail_1.sub-x.example.com' : 'example.com';
        const urls = ['TXT', 'MX'].map((type) => `${endpoint}${endpoint.includes('?') ? '&' : '?'}name=${domain}&type=${type}`);
        const [pre, ...more] = links(page, 'preconnect');
        assert.deepEqual([pre.href, pre.crossOrigin, more.length], [new URL(endpoint).origin, 'anonymous', 0], search);
        assert.deepEqual(questions(page).map((f) => f.url), urls, search);
        for (const f of questions(page)) {
          assert.deepEqual(plain(f.init), { headers: { accept: VALUES.ACCEPT }, signal: { timeout } }, search);
        }
        assert.deepEqual(page.timeouts, [timeout, timeout], search);
        // What the module takes instead of asking again (src/dns/transport.rs).
        assert.deepEqual(Object.keys(context.__authlensFirst), urls, search);
        for (const f of questions(page)) {
          assert.equal(context.__authlensFirst[f.url].response, f.response, search);
          assert.equal(context.__authlensFirst[f.url].signal, f.init.signal, search);
        }
        assert.equal(page.started.length, 1, `${search}: the module starts as well`);
      }
    });

    test('asks nothing without a plain domain on the domain page, nor of a resolver the module would not use', async () => {
      const cases = [
        // [search, preconnects]
        ['', false],
        ['?domain=', false],
        ['?view=message&domain=example.com', false],
        ['?view=build-spf&domain=example.com', false],
        ['?domain=localhost', true],
        ['?domain=exa%20mple.com', true],
        ['?domain=example..com', true],
        [`?domain=${'a'.repeat(64)}.com`, true],
        [`?domain=${'a.'.repeat(126)}com`, true],
        ['?domain=example.com&doh=ftp://doh.example', false],
        ['?domain=example.com&doh=https://', false],
        ['?domain=example.com&doh=https:///dns-query', false],
        ['?domain=example.com&doh=https://doh.example/a%20b', false],
        ['?domain=example.com&doh=quad9', false],
      ];
      for (const [search, preconnects] of cases) {
        const { page, context } = await open(code, search);
        assert.equal(links(page, 'preconnect').length, preconnects ? 1 : 0, search);
        assert.deepEqual(questions(page), [], search);
        assert.equal(context.__authlensFirst, undefined, search);
        assert.equal(page.started.length, 1, `${search}: the module starts all the same`);
      }
    });

    test('the domain page\'s parts on request: loaded once with their stylesheets, then mounted', async () => {
      const { page, context } = await open(code, '');
      const [js, wasm, integrity] = modules.inspect_tools;
      const a = new FakeElement('div');
      const b = new FakeElement('div');
      context.authlens.tool(a);
      context.authlens.tool(b);
      await settle();
      assert.deepEqual(page.imports.map((i) => i.specifier), ['./inspect-0123.js', `./${js}`]);
      assert.deepEqual(plain(page.fetches.map((f) => [f.url, f.init]).slice(1)), [[`./${wasm}`, { integrity }]]);
      assert.deepEqual(links(page, 'stylesheet').map((l) => [l.href, l.integrity]),
        [['./message-bb.css', 'sha384-message'], ['./tools-cc.css', 'sha384-tools']]);
      assert.equal(page.started[1].options.module_or_path, page.fetches[1].response);
      assert.deepEqual(page.mounted, [a, b]);
    });

    test('a pointer over, or the focus on, what asks for a part starts its download before the click', async () => {
      for (const type of ['pointerover', 'focusin']) {
        const { page } = await open(code, '');
        const fire = (target) => page.listeners[type].forEach((l) => l({ target }));
        fire(new FakeElement('p'));
        fire({ closest: () => true });
        await settle();
        assert.equal(page.imports.length, 1, `${type}: only what is marked data-tool-intent`);
        fire(new FakeElement('summary', true));
        fire(new FakeElement('button', true));
        await settle();
        assert.deepEqual(page.imports.map((i) => i.specifier), ['./inspect-0123.js', `./${modules.inspect_tools[0]}`], type);
        assert.deepEqual(page.mounted, [], `${type}: nothing is drawn before it is asked for`);
      }
    });

    test('a part that cannot be loaded says so in its place, and is tried again', async () => {
      let blocked = true;
      const { page, context } = await open(code, '', { failImport: (s) => s.includes('inspect_tools') && blocked });
      const el = new FakeElement('div');
      context.authlens.tool(el);
      await settle();
      assert.match(el.textContent, /^This part of the page could not be loaded \(.*blocked .*\); try again\.$/);
      blocked = false;
      context.authlens.tool(el);
      await settle();
      assert.deepEqual(page.mounted, [el]);
    });

    test('a function of the parts\' module is called once the module is there, and a failed load is tried again', async () => {
      let blocked = true;
      const { page, context } = await open(code, '', { failImport: (s) => s.includes('inspect_tools') && blocked });
      await assert.rejects(context.authlens.call('messageFile', new Uint8Array(3)), /blocked .*inspect_tools/);
      blocked = false;
      assert.deepEqual(plain(await context.authlens.call('messageFile', new Uint8Array(3))), { read: 3 });
      assert.deepEqual(plain(await context.authlens.call('messageFile', new Uint8Array(5))), { read: 5 });
      assert.equal(page.imports.filter((i) => i.specifier.includes('inspect_tools')).length, 2, 'loaded again after the failure, then kept');
    });

    test('a module that cannot start is said in the page', async () => {
      const { page } = await open(code, '?view=message', { failImport: () => true });
      assert.equal(page.started.length, 0);
      const [p, ...more] = page.body;
      assert.deepEqual([p.tagName, p.className, p.attributes, more.length], ['p', 'al-boot-error', { role: 'alert' }, 0]);
      assert.match(p.textContent, /^authlens could not start in this browser: .*blocked \.\/message-0123\.js/);
    });

    test('a trap in the module (a panic in the release build) is said once; other errors are not', async () => {
      const { page, context } = await open(code, '');
      const trap = vm.runInContext('new WebAssembly.RuntimeError("unreachable")', context);
      const fire = (type, event) => page.listeners[type].forEach((l) => l(event));
      fire('error', { error: new Error('not ours') });
      fire('unhandledrejection', { reason: new TypeError('not ours either') });
      assert.deepEqual(page.body, []);
      fire('unhandledrejection', { reason: trap });
      fire('error', { error: trap });
      assert.equal(page.body.length, 1);
      assert.equal(page.body[0].attributes.role, 'alert');
      assert.match(page.body[0].textContent, /^authlens stopped on an internal error \(unreachable\)\. Reload the page/);
    });
  });
}
