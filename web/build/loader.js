// The page's loader: the one inline module script of the built index.html, written there
// minified by the build step (boot.mjs, run by postbuild.mjs after `trunk build`). It starts the
// page module the address's ?view= names: it fetches the wasm (with its integrity) while it
// imports the JS, so the two download at once, and links that module's own stylesheets first. A
// visitor downloads only the page they open. Runs before any module: on failure (an old browser,
// a blocked file) the page says so instead of staying blank.
//
// What it knows of the build it reads from the JSON data block `#al-build` beside it (boot.mjs):
// `views` (?view= → module), `modules` (module → [js, wasm, the wasm's integrity]) and `styles`
// (module → [[href, integrity], …]). The few values it shares with the Rust source are written
// below as placeholders, string literals of their names in double braces, each replaced by the
// build step with its value as a JSON literal (boot.mjs, `fillLoader`), so that this file parses
// and lints as it is and runs in its unit test filled (loader.test.mjs; `make test-build-step`).
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
// the module does: `doh=` as `Provider::parse` (crates/engine/src/dns/doh.rs): google, cloudflare
// (either case, or absent: Google), else an http(s):// URL without spaces; `domain=` only when it
// is a plain name (`parse_domain` in crates/engine/src/name.rs, lowercased, no final dot; anything
// else is left to the module); `timeout=` as `timeout_ms` (src/dns/mod.rs); the request as
// `doh::request_url` and `FetchResolver::send` make it.
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
  // The public resolvers' endpoints (crates/engine/src/dns/doh.rs, GOOGLE_ENDPOINT and
  // CLOUDFLARE_ENDPOINT).
  const known = { "": "{{GOOGLE_ENDPOINT}}", google: "{{GOOGLE_ENDPOINT}}", cloudflare: "{{CLOUDFLARE_ENDPOINT}}" };
  let endpoint = known[doh.toLowerCase()];
  const rest = doh.toLowerCase().replace(/^https?:\/\//, "");
  if (!endpoint && rest !== doh.toLowerCase() && rest !== "" && !rest.startsWith("/")
    && !/[\s\p{Cc}]/u.test(doh)) endpoint = doh;
  let origin;
  try {
    origin = new URL(endpoint).origin;
  } catch {
    // Not a resolver the module would ask either: no early questions.
  }
  if (origin) {
    const link = document.createElement("link");
    link.rel = "preconnect";
    link.href = origin;
    link.crossOrigin = "anonymous";
    document.head.append(link);
    const domain = params.get("domain").trim().replace(/\.$/, "").toLowerCase();
    if (domain.length <= 253 && /^[a-z0-9_-]{1,63}(\.[a-z0-9_-]{1,63})+$/.test(domain)) {
      const t = Number((params.get("timeout") ?? "").trim());
      // A query's default time limit (src/dns/mod.rs, TIMEOUT_MS).
      const ms = t >= 0.1 && t <= 60 ? Math.round(t * 1000) : "{{TIMEOUT_MS}}";
      const first = {};
      for (const type of ["TXT", "MX"]) {
        const url = endpoint + (endpoint.includes("?") ? "&" : "?") + "name=" + domain + "&type=" + type;
        const signal = AbortSignal.timeout(ms);
        // The DoH JSON media type (crates/engine/src/dns/doh.rs, ACCEPT).
        const response = fetch(url, { headers: { accept: "{{ACCEPT}}" }, signal });
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
  // A function the module sets on authlens (as it sets mount), called once the module is there.
  call(name, ...args) {
    return loadTools().then(() => globalThis.authlens[name](...args), (e) => {
      tools = undefined;
      throw e;
    });
  },
};
const bytes = fetch("./" + wasm, { integrity: wasmIntegrity });
import("./" + js)
  .then((m) => Promise.all(stylesIn).then(() => m.default({ module_or_path: bytes })))
  .catch((e) => alert("authlens could not start in this browser: " + e));
