//! Reading DMARC aggregate reports (RFC 9990) in the browser.

use leptos::prelude::*;

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! { <section class="al-reports"><h1>"DMARC aggregate reports"</h1></section> }
}
