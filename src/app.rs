//! The application shell: header with the pages (check a domain, a message, reports; build SPF,
//! DKIM, DMARC, MTA-STS), the page, footer; and [`mount`], the `main` of every page module.

use authlens_engine::dns::doh::Provider;
use leptos::prelude::*;

use crate::settings::provide_provider;
use crate::url;

/// The shell around one page: header and navigation, the page, footer. The links between pages
/// are plain links: each page is its own wasm module (src/bin/*.rs), and the loader the build
/// writes into index.html (web/build/loader.js) starts the one the address's `?view=` names, so
/// a visitor downloads only the page they open. `page` is the page's `?view=` name.
#[component]
pub fn Shell(page: &'static str, children: Children) -> impl IntoView {
    let params = url::read();
    let (initial, provider_error) = match params.doh.as_deref().map(Provider::parse) {
        Some(Ok(p)) => (p, None),
        Some(Err(e)) => (
            Provider::Google,
            Some(format!("doh= in the address: {e}; using Google")),
        ),
        None => (Provider::Google, None),
    };
    let provider = RwSignal::new(initial);
    provide_provider(provider);
    // Links between the pages keep the chosen resolver.
    let doh = params
        .doh
        .clone()
        .map(|d| format!("doh={}", js_sys::encode_uri_component(&d)))
        .unwrap_or_default();
    let href = |view: &str| match (view.is_empty(), doh.is_empty()) {
        (true, true) => "./".to_string(),
        (true, false) => format!("?{doh}"),
        (false, true) => format!("?view={view}"),
        (false, false) => format!("?view={view}&{doh}"),
    };
    let current = page;
    // "Check a" before a check's name: on a phone the group's label says it once instead.
    let link = |view: &'static str, verb: &'static str, label: &'static str| {
        let here = current == view;
        view! {
            <a class="al-nav__link" href=href(view) aria-current=here.then_some("page")>
                {(!verb.is_empty()).then(|| view! { <span class="al-nav__verb">{verb}</span> })}
                <span class="al-nav__noun">{label}</span>
            </a>
        }
    };
    view! {
        <div class="al-shell">
            <a class="al-skip" href="#main">"Skip to the content"</a>
            <header class="al-header">
                <a class="al-header__brand" href=href("")>
                    <span class="al-header__logo" aria-hidden="true">"◎"</span>
                    "authlens"
                </a>
                <p class="al-header__tagline">"SPF, DKIM and DMARC, checked and explained."</p>
                <nav class="al-nav" aria-label="Pages">
                    <div class="al-nav__group" role="group" aria-label="Check">
                        <span class="al-nav__label al-nav__label--phone" aria-hidden="true">"Check"</span>
                        {link("", "Check a ", "domain")}
                        {link("message", "Check a ", "message")}
                        {link("reports", "Read ", "reports")}
                    </div>
                    <div class="al-nav__group" role="group" aria-label="Build">
                        <span class="al-nav__label" aria-hidden="true">"Build"</span>
                        {link("build-spf", "", "SPF")}
                        {link("build-dkim", "", "DKIM key")}
                        {link("dmarc", "", "DMARC")}
                        {link("build-mtasts", "", "MTA-STS")}
                    </div>
                </nav>
            </header>
            <main class="al-main" id="main">
                {children()}
                {provider_error.map(|e| view! { <p class="al-resolver__error" role="alert">{e}</p> })}
            </main>
            <footer class="al-footer">
                <p>
                    "Runs entirely in your browser. Nothing you type or paste is uploaded; "
                    "only DNS names are sent, to the DNS-over-HTTPS resolver you choose (and, when it fails, once to the other public one)."
                </p>
            </footer>
        </div>
    }
}

/// Mounts one page in the shell, with the table its findings are explained from: the whole of
/// each page module's `main`.
pub fn mount<V: IntoView + 'static>(
    page: &'static str,
    catalog: crate::components::findings::Catalog,
    body: fn() -> V,
) {
    console_error_panic_hook::set_once();
    crate::components::findings::set_catalog(catalog);
    leptos::mount::mount_to_body(move || view! { <Shell page=page>{body()}</Shell> });
}
