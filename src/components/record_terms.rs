//! An SPF record with each term a focusable button; the chosen term is explained below it.

use authlens_engine::diag::{Finding, Severity};
use authlens_engine::spf::{Record, TermKind};
use leptos::prelude::*;

use super::tool::ToolName;

fn term_class(kind: &TermKind, worst: Option<Severity>) -> String {
    let k = match kind {
        TermKind::Directive { .. } => "mechanism",
        TermKind::Modifier { .. } => "modifier",
        TermKind::Invalid => "invalid",
    };
    match worst {
        Some(s) => format!("al-term al-term--{k} al-term--{}", s.as_str()),
        None => format!("al-term al-term--{k}"),
    }
}

#[component]
pub fn RecordTerms(record: Record, #[prop(optional)] findings: Vec<Finding>) -> impl IntoView {
    let selected = RwSignal::new(None::<usize>);
    let text = record.text.clone();
    let mut pieces = Vec::new();
    let mut pos = record.version.len();
    pieces.push(
        view! { <span class="al-term al-term--version">{record.version.clone()}</span> }.into_any(),
    );
    for (i, t) in record.terms.iter().enumerate() {
        let gap = crate::text::visible(text.get(pos..t.span.start).unwrap_or(" "));
        pieces.push(view! { <span class="al-term__gap">{gap}</span> }.into_any());
        let worst = findings
            .iter()
            .filter(|f| {
                f.span.is_some_and(|s| {
                    s.start >= t.span.start && s.start < t.span.end.max(t.span.start + 1)
                })
            })
            .map(|f| f.severity)
            .min();
        let class = term_class(&t.kind, worst);
        let label = crate::text::visible(&t.text);
        pieces.push(
            view! {
                <button
                    type="button"
                    class=class
                    data-term=i
                    aria-pressed=move || (selected.get() == Some(i)).to_string()
                    on:click=move |_| selected.set(Some(i))
                    on:focus=move |_| selected.set(Some(i))
                >
                    {label}
                </button>
            }
            .into_any(),
        );
        pos = t.span.end;
    }
    let terms = record.terms.clone();
    let text = record.text.clone();
    let record_text = StoredValue::new(record.text.clone());
    view! {
        <div class="al-record-terms">
            <div class="al-copyable al-copyable--terms">
                <code class="al-record-terms__text" data-tool-intent="" aria-label="SPF record; choose a term to explain it">{pieces}</code>
                <super::copy::CopyButton text=text label="Copy the SPF record"/>
            </div>
            <div class="al-term-detail" aria-live="polite">
                {move || match selected.get().and_then(|i| terms.get(i).cloned().map(|t| (i, t))) {
                    None => view! {
                        <p class="al-term-detail__hint">"Choose a term to see what it does."</p>
                    }
                    .into_any(),
                    Some((i, t)) => {
                        let own: Vec<Finding> = findings
                            .iter()
                            .filter(|f| f.span.is_some_and(|s| s.start >= t.span.start && s.start < t.span.end.max(t.span.start + 1)))
                            .cloned()
                            .collect();
                        view! {
                            <super::tool::Tool name=ToolName::SpfTerm inputs=vec![("record", record_text.get_value()), ("term", i.to_string())]/>
                            {own.into_iter().map(|f| view! {
                                <p class=format!("al-term-detail__finding al-sev-text--{}", f.severity.as_str())>
                                    <code class="al-finding__code">{f.code}</code> " " {f.message}
                                </p>
                            }).collect_view()}
                        }
                        .into_any()
                    }
                }}
            </div>
        </div>
    }
}
