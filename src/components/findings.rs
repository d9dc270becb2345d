//! A list of findings: severity, the stable code as visible text, the message, and the
//! explanation and suggestion from the engine's table; a DNS failure's `dns-*` codes beside their
//! explanations ([`DnsFaults`]).

use std::cell::Cell;

use authlens_engine::diag::Finding;
use authlens_engine::explain::CodeInfo;
use leptos::prelude::*;

/// Where a page looks up a code's explanation: the engine's whole table
/// (`authlens_engine::findings::info`), the part a page can meet (`dkim_key_info` on the DKIM key
/// page, whose module then leaves the other explanations out), or that part without the
/// explanations (`domain_brief`, `message_brief`: see [`More`]). Set once by
/// [`crate::app::mount`].
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
use super::tool::{ToolDetails, ToolName};

/// "Why it matters and what to do": the explanation, the fix and the RFC. A page whose catalog
/// is brief (the domain and message pages: `findings::domain_brief`, `message_brief`) has the
/// explanation and the RFC drawn by the domain page's second module ([`super::tool`], part
/// `finding`, with the whole table) the first time it is opened; the fix is always there.
#[component]
fn More(code: &'static str, info: CodeInfo, about: String) -> impl IntoView {
    let i = info;
    if i.explanation.is_empty() {
        return view! {
            <ToolDetails class="al-finding__more" summary="Why it matters and what to do" about=about name=ToolName::Finding inputs=vec![("code", code.to_string())]>
                <p><strong>"Fix: "</strong>{i.suggestion}</p>
            </ToolDetails>
        }
        .into_any();
    }
    view! {
        <details class="al-finding__more">
            <summary aria-label=format!("Why it matters and what to do: {about}")>"Why it matters and what to do"</summary>
            <Why info=i/>
            <p><strong>"Fix: "</strong>{i.suggestion}</p>
        </details>
    }
    .into_any()
}

/// Why a finding matters, and its RFC.
#[component]
pub fn Why(info: CodeInfo) -> impl IntoView {
    view! {
        <p class="al-finding__why">{info.explanation}</p>
        <p class="al-finding__rfc">{info.rfc}</p>
    }
}

/// The words of a status badge ([`authlens_engine::diag::badge`]): the summary's lines and each
/// card's header say the same.
pub fn badge_word(status: &str) -> &'static str {
    match status {
        "error" => "Error",
        "warning" => "Warning",
        "info" => "Info",
        _ => "OK",
    }
}

/// A card's badge: the highest severity of its findings, by the engine's one rule.
#[component]
pub fn StatusBadge(status: &'static str) -> impl IntoView {
    view! { <span class=format!("al-verdict al-verdict--{status}") data-badge=status>{badge_word(status)}</span> }
}

#[component]
pub fn FindingsList(
    findings: Vec<Finding>,
    /// What the findings are about when a page lists several groups of them (a DKIM selector):
    /// read by screen readers with each finding's "why it matters" toggle.
    #[prop(optional, into)]
    subject: Option<String>,
) -> impl IntoView {
    if findings.is_empty() {
        return view! { <p class="al-findings__none">"No findings."</p> }.into_any();
    }
    let codes: Vec<&'static str> = findings.iter().map(|f| f.code).collect();
    view! {
        <ul class="al-findings">
            {findings
                .into_iter()
                .map(|f| {
                    let info = explain(f.code);
                    let sev = f.severity.as_str();
                    // The finding's title and subject; where its code comes twice in the list,
                    // its message too.
                    let title = info.map_or(f.code, |i| i.title);
                    let mut about = match &subject {
                        Some(s) => format!("{title} ({s})"),
                        None => title.to_string(),
                    };
                    if codes.iter().filter(|c| **c == f.code).count() > 1 {
                        about = format!("{about}: {}", f.message);
                    }
                    view! {
                        <li class=format!("al-finding al-finding--{sev}") data-code=f.code>
                            <div class="al-finding__head">
                                <span class=format!("al-sev al-sev--{sev}")>{sev}</span>
                                <code class="al-finding__code">{f.code}</code>
                                {info.map(|i| view! { <span class="al-finding__title">{i.title}</span> })}
                            </div>
                            // The DNS faults' codes stand in the list below, beside their titles.
                            <p class="al-finding__message">{crate::text::visible(&authlens_engine::dns::doh::fault::Fault::without_codes(&f.message))}</p>
                            <DnsFaults text=f.message.clone()/>
                            {info.map(|i| view! { <More code=f.code info=i about=about/> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
