//! The top of the domain page: one line per protocol, the most important fix first, where the
//! domain stands on the hardening journey, and the exports.

use authlens_engine::domain::DomainReport;
use leptos::prelude::*;

use super::tool::{Tool, ToolName};

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
        .filter(|l| matches!(l.status, "error" | "warning"))
        .count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    // The protocols' states first; then the findings' severities, named as such.
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
            // The finding by its title and its fix; its code and message are in its card, which
            // the link leads to (a sentence is said once).
            {top.map(|f| {
                let info = super::findings::explain(f.code);
                let (card, protocol) = card_of(f.code);
                view! {
                    <div class=format!("al-overview__fix al-overview__fix--{}", f.severity.as_str()) data-code=f.code>
                        <strong>"Fix first: "</strong>
                        <span class="al-overview__fix-title">{info.map_or(f.code, |i| i.title)}</span>
                        " "
                        <a href=format!("#{card}")>{format!("(details in {protocol})")}</a>
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
                            <td><span class=format!("al-state al-state--{}", l.status) data-badge=l.status>{super::findings::badge_word(l.status)}</span></td>
                            <td class="al-overview__verdict">{crate::text::visible(&l.verdict)}</td>
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
                    view! { <Tool name=ToolName::Export inputs=inputs/> }
                })}
            </div>
        </section>
    }
}

/// The card a finding is listed in (its heading's id) and the protocol's name, by the code's
/// prefix.
fn card_of(code: &str) -> (&'static str, &'static str) {
    const CARDS: [(&str, &str, &str); 7] = [
        ("spf-", "al-spf-title", "SPF"),
        ("dmarc-", "al-dmarc-title", "DMARC"),
        ("dkim-", "al-dkim-title", "DKIM"),
        ("mx-", "al-mx-title", "MX"),
        ("mtasts-", "al-sts-title", "MTA-STS"),
        ("tlsrpt-", "al-tlsrpt-title", "TLS-RPT"),
        ("bimi-", "al-bimi-title", "BIMI"),
    ];
    CARDS
        .iter()
        .find(|(prefix, _, _)| code.starts_with(prefix))
        .map_or(("al-overview-title", "the summary"), |(_, id, name)| {
            (*id, *name)
        })
}
