//! A list of findings: severity, the stable code as visible text, the message, and the
//! explanation and suggestion from the engine's table; a DNS failure's `dns-*` codes beside their
//! explanations ([`DnsFaults`]).

use std::cell::Cell;

use authlens_engine::diag::Finding;
use authlens_engine::explain::CodeInfo;
use leptos::prelude::*;

/// Where a page looks up a code's explanation: the engine's whole table
/// (`authlens_engine::findings::info`) or the part a page can meet (`domain_info` on the domain
/// page, whose module then leaves the other explanations out). Set once by [`crate::app::mount`].
pub type Catalog = fn(&str) -> Option<CodeInfo>;

thread_local! {
    static CATALOG: Cell<Catalog> = const { Cell::new(|_| None) };
}

pub fn set_catalog(catalog: Catalog) {
    CATALOG.with(|c| c.set(catalog));
}

/// The explanation of `code` in this page's catalog.
pub fn explain(code: &str) -> Option<CodeInfo> {
    CATALOG.with(Cell::get)(code)
}

use super::dns_faults::DnsFaults;

#[component]
pub fn FindingsList(findings: Vec<Finding>) -> impl IntoView {
    if findings.is_empty() {
        return view! { <p class="al-findings__none">"No findings."</p> }.into_any();
    }
    view! {
        <ul class="al-findings">
            {findings
                .into_iter()
                .map(|f| {
                    let info = explain(f.code);
                    let sev = f.severity.as_str();
                    view! {
                        <li class=format!("al-finding al-finding--{sev}") data-code=f.code>
                            <div class="al-finding__head">
                                <span class=format!("al-sev al-sev--{sev}")>{sev}</span>
                                <code class="al-finding__code">{f.code}</code>
                                {info.map(|i| view! { <span class="al-finding__title">{i.title}</span> })}
                            </div>
                            <p class="al-finding__message">{crate::text::visible(&f.message)}</p>
                            <DnsFaults text=f.message.clone()/>
                            {info.map(|i| view! {
                                <details class="al-finding__more">
                                    <summary>"Why it matters and what to do"</summary>
                                    <p>{i.explanation}</p>
                                    <p><strong>"Fix: "</strong>{i.suggestion}</p>
                                    <p class="al-finding__rfc">{i.rfc}</p>
                                </details>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
