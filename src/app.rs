//! The application shell: header with the two pages, the page the address asks for, footer.

use authlens_engine::doh::Provider;
use leptos::prelude::*;

use crate::pages::dmarc_wizard::DmarcWizard;
use crate::pages::inspect::InspectPage;
use crate::pages::message::MessagePage;
use crate::settings::provide_provider;
use crate::url;

#[component]
pub fn App() -> impl IntoView {
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
    let view_name = params.view.clone().unwrap_or_default();
    let message_page = view_name == "message";
    let wizard_page = view_name == "dmarc";
    // Links between the pages keep the chosen resolver.
    let doh = params
        .doh
        .clone()
        .map(|d| format!("doh={}", js_sys::encode_uri_component(&d)))
        .unwrap_or_default();
    let domain_href = if doh.is_empty() {
        "./".to_string()
    } else {
        format!("?{doh}")
    };
    let wizard_href = if doh.is_empty() {
        "?view=dmarc".to_string()
    } else {
        format!("?view=dmarc&{doh}")
    };
    let message_href = if doh.is_empty() {
        "?view=message".to_string()
    } else {
        format!("?view=message&{doh}")
    };
    view! {
        <div class="al-shell">
            <header class="al-header">
                <a class="al-header__brand" href="./">
                    <span class="al-header__logo" aria-hidden="true">"◎"</span>
                    "authlens"
                </a>
                <p class="al-header__tagline">"SPF, DKIM and DMARC, checked and explained."</p>
                <nav class="al-nav" aria-label="Pages">
                    <a class="al-nav__link" href=domain_href aria-current=(!message_page && !wizard_page).then_some("page")>"Check a domain"</a>
                    <a class="al-nav__link" href=message_href aria-current=message_page.then_some("page")>"Check a message"</a>
                    <a class="al-nav__link" href=wizard_href aria-current=wizard_page.then_some("page")>"Build DMARC"</a>
                </nav>
            </header>
            <main class="al-main" id="main">
                {if message_page {
                    view! { <MessagePage/> }.into_any()
                } else if wizard_page {
                    view! { <DmarcWizard/> }.into_any()
                } else {
                    view! { <InspectPage/> }.into_any()
                }}
                {provider_error.map(|e| view! { <p class="al-resolver__error" role="alert">{e}</p> })}
            </main>
            <footer class="al-footer">
                <p>
                    "Runs entirely in your browser. Nothing you type or paste is uploaded; "
                    "only DNS names are sent, to the DNS-over-HTTPS resolver you choose."
                </p>
            </footer>
        </div>
    }
}
