//! The record builders: SPF from a catalogue of senders, a DKIM key pair, MTA-STS and TLS-RPT.

use leptos::prelude::*;

#[component]
pub fn SpfBuilderPage() -> impl IntoView {
    view! { <section class="al-builder"><h1>"SPF record builder"</h1></section> }
}

#[component]
pub fn DkimKeygenPage() -> impl IntoView {
    view! { <section class="al-builder"><h1>"DKIM key generator"</h1></section> }
}

#[component]
pub fn MtaStsBuilderPage() -> impl IntoView {
    view! { <section class="al-builder"><h1>"MTA-STS and TLS-RPT builder"</h1></section> }
}
