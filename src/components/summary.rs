//! The top of the domain page: one line per protocol, the most important fix first, where the
//! domain stands on the hardening journey, and the exports.

use authlens_engine::domain::DomainReport;
use leptos::prelude::*;

use super::tool::Tool;

#[component]
pub fn SummaryCard(
    report: DomainReport,
    /// The resolver's endpoint, as the JSON export names it.
    resolver: String,
    /// The DKIM selectors the inspection was given.
    selectors: Vec<String>,
) -> impl IntoView {
    let s = report.summary.clone();
    // The exports are made when asked for, by `inspect_tools` (super::tool), from the answers this
    // inspection got; each click draws a new one.
    // (`set` notifies even with the same value: a second click on one button exports again.)
    let asked = RwSignal::new(None::<&'static str>);
    let ask = move |format: &'static str| asked.set(Some(format));
    let inputs = StoredValue::new(vec![
        ("domain", report.domain.clone()),
        ("selectors", selectors.join(",")),
        ("resolver", resolver),
    ]);
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
                            <span class="al-journey__mark" aria-hidden="true">{match step.state { "done" => "✓", "partial" => "◐", "unknown" => "?", _ => "" }}</span>
                            <span class="al-journey__title">{step.title}</span>
                            {step.note.clone().map(|n| view! { <span class="al-journey__note">{format!("partial: {n}")}</span> })}
                            <span class="al-visually-hidden">{format!(" ({})", step.state)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="al-overview__next"><strong>"Next: "</strong>{s.next_action.clone()}</p>
            <div class="al-export" role="group" aria-label="Export" data-tool-intent="">
                <button class="al-button al-button--small" type="button" id="al-export-json" on:click=move |_| ask("json")>
                    "Download JSON"
                </button>
                <button class="al-button al-button--small" type="button" id="al-export-md" on:click=move |_| ask("markdown")>
                    "Download Markdown"
                </button>
                <button class="al-button al-button--small" type="button" id="al-copy-md" on:click=move |_| ask("copy-markdown")>
                    "Copy Markdown"
                </button>
                {move || asked.get().map(|format| {
                    let mut inputs = inputs.get_value();
                    inputs.push(("format", format.to_string()));
                    view! { <Tool name="export" inputs=inputs/> }
                })}
            </div>
        </section>
    }
}
