//! The top of the domain page: one line per protocol, the most important fix first, where the
//! domain stands on the hardening journey, and the exports.

use authlens_engine::domain::{markdown, DomainReport};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::export::download;
use crate::url::copy_to_clipboard;

fn file_stem(domain: &str) -> String {
    format!(
        "authlens-{}",
        domain.replace(
            |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-',
            "_"
        )
    )
}

/// The JSON export: the same schema as `authlens inspect --json` (the browser's JSON.stringify
/// keeps serde_json out of the module).
pub fn report_json(r: &DomainReport, resolver: &str) -> String {
    use serde::Serialize;
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(v) = r.serialize(&ser) else {
        return String::new();
    };
    let _ = js_sys::Reflect::set(&v, &"resolver".into(), &resolver.into());
    js_sys::JSON::stringify_with_replacer_and_space(&v, &wasm_bindgen::JsValue::NULL, &2.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

#[component]
pub fn SummaryCard(report: DomainReport, resolver: String) -> impl IntoView {
    let s = report.summary.clone();
    let stem = file_stem(&report.domain);
    let copied = RwSignal::new(None::<bool>);
    let (json_name, md_name) = (format!("{stem}.json"), format!("{stem}.md"));
    // The exports are made when asked for, not with every result.
    let kept = StoredValue::new((report, resolver));
    let attention = s
        .lines
        .iter()
        .filter(|l| matches!(l.status, "error" | "warning" | "missing"))
        .count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    // The protocols' states first; then the findings' severities, named as such (a line can be
    // a warning with only informational findings: p=none is valid, yet protects nothing).
    let headline = format!(
        "{} of {} need attention · findings: {}, {}",
        attention,
        s.lines.len(),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
    );
    let top = s.top_findings.first().cloned();
    view! {
        <section class="al-card al-overview" aria-labelledby="al-overview-title">
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-overview-title">"Summary"</h2>
                <span class="al-overview__count">{headline}</span>
            </header>
            {top.map(|f| {
                let info = super::findings::explain(f.code);
                view! {
                    <div class=format!("al-overview__fix al-overview__fix--{}", f.severity.as_str()) data-code=f.code>
                        <strong>"Fix first: "</strong>
                        <code class="al-finding__code">{f.code}</code>
                        " "
                        <span>{crate::text::visible(&f.message)}</span>
                        {info.map(|i| view! { <p class="al-overview__suggestion">{i.suggestion}</p> })}
                    </div>
                }
            })}
            <table class="al-overview__table">
                <caption class="al-visually-hidden">"One line per protocol"</caption>
                <tbody>
                    {s.lines.iter().map(|l| view! {
                        <tr class=format!("al-overview__line al-overview__line--{}", l.status) data-protocol=l.protocol>
                            <th scope="row">{l.protocol}</th>
                            <td><span class=format!("al-state al-state--{}", l.status)>{l.status}</span></td>
                            <td class="al-overview__verdict">
                                {crate::text::visible(&l.verdict)}
                                {l.code.filter(|c| !l.verdict.contains(c)).map(|c| view! { " " <code class="al-finding__code">{c}</code> })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3 class="al-card__subtitle">"Hardening journey"</h3>
            <ol class="al-journey" aria-label="Hardening journey">
                {s.journey.iter().map(|step| {
                    let next = s.next_step == Some(step.id);
                    view! {
                        <li
                            class=format!("al-journey__step al-journey__step--{}{}", step.state, if next { " al-journey__step--next" } else { "" })
                            data-step=step.id
                            data-state=step.state
                            aria-current=next.then_some("step")
                        >
                            <span class="al-journey__mark" aria-hidden="true">{match step.state { "done" => "✓", "unknown" => "?", _ => "" }}</span>
                            <span class="al-journey__title">{step.title}</span>
                            <span class="al-visually-hidden">{format!(" ({})", step.state)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="al-overview__next"><strong>"Next: "</strong>{s.next_action.clone()}</p>
            <div class="al-export" role="group" aria-label="Export">
                <button class="al-button al-button--small" type="button" id="al-export-json"
                    on:click=move |_| { kept.with_value(|(r, res)| download(&json_name, "application/json", &report_json(r, res))); }>
                    "Download JSON"
                </button>
                <button class="al-button al-button--small" type="button" id="al-export-md"
                    on:click=move |_| { kept.with_value(|(r, _)| download(&md_name, "text/markdown", &markdown(r))); }>
                    "Download Markdown"
                </button>
                <button class="al-button al-button--small" type="button" id="al-copy-md"
                    on:click=move |_| {
                        let t = kept.with_value(|(r, _)| markdown(r));
                        spawn_local(async move { copied.set(Some(copy_to_clipboard(&t).await)); });
                    }>
                    {move || match copied.get() { Some(true) => "Markdown copied", Some(false) => "Copy failed", None => "Copy Markdown" }}
                </button>
            </div>
        </section>
    }
}
