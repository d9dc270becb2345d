//! The application shell: header, the page, footer.

use leptos::prelude::*;

use crate::pages::inspect::InspectPage;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="al-shell">
            <header class="al-header">
                <a class="al-header__brand" href="./">
                    <span class="al-header__logo" aria-hidden="true">"◎"</span>
                    "authlens"
                </a>
                <p class="al-header__tagline">"SPF, DKIM and DMARC, checked and explained."</p>
            </header>
            <main class="al-main" id="main">
                <InspectPage/>
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
