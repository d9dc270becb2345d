//! The SPF card of the domain page.

use authlens_engine::spf::tree::{Multiple, NodeStatus, RecordCount, Tree};
use leptos::prelude::*;

use super::findings::FindingsList;
use super::record_terms::RecordTerms;
use super::spf_tree::SpfTreeView;
use super::tool::{ToolDetails, ToolName};

/// A bar from 0 to past the limit, and the numbers.
#[component]
pub fn LookupMeter(lookups: u32, max: u32, voids: u32, max_void: u32) -> impl IntoView {
    let level = if lookups > max {
        "over"
    } else if lookups + 2 >= max {
        "near"
    } else {
        "ok"
    };
    let pct = (lookups.min(max) * 100 / max.max(1)).min(100);
    view! {
        <div class=format!("al-meter al-meter--{level}")>
            <div
                class="al-meter__bar"
                role="meter"
                aria-valuemin="0"
                aria-valuemax=max.to_string()
                aria-valuenow=lookups.to_string()
                aria-label="DNS-querying terms"
            >
                <span class="al-meter__fill" style=format!("width: {pct}%")></span>
            </div>
            <span class="al-meter__text">
                <strong>{format!("{lookups}/{max}")}</strong>" DNS lookups"
                <span class=format!("al-meter__void al-meter__void--{}", if voids > max_void { "over" } else { "ok" })>
                    {format!(" · {voids}/{max_void} void lookups")}
                </span>
            </span>
        </div>
    }
}

/// Several SPF records: evaluation stops before any lookup (permerror, RFC 7208 §4.5), so the
/// engine counts each record alone and the records merged into one.
#[component]
fn MultipleRecords(multiple: Multiple, max: u32, max_void: u32) -> impl IntoView {
    let row = move |label: String, r: RecordCount| {
        view! {
            <li class="al-spf__record">
                <span class="al-spf__record-label">{label}</span>
                <code class="al-spf__record-text">{crate::text::visible(&r.text)}</code>
                <LookupMeter lookups=r.lookups max=max voids=r.void_lookups max_void=max_void/>
            </li>
        }
    };
    view! {
        <div class="al-spf__multiple">
            <p>"Receivers stop at the second record with permerror and make no lookup. Each record alone, and merged into one:"</p>
            <ul class="al-spf__records">
                {multiple.records.into_iter().enumerate().map(|(i, r)| row(format!("Record {}", i + 1), r)).collect_view()}
                {row("Merged".into(), multiple.merged)}
            </ul>
        </div>
    }
}

#[component]
pub fn SpfCard(domain: String, tree: Tree) -> impl IntoView {
    let verdict = tree.verdict();
    let record = tree.root.record.clone();
    let root_findings = tree.root.findings.clone();
    let draft = record
        .as_ref()
        .map(|r| r.text.clone())
        .unwrap_or_else(|| "v=spf1 -all".into());
    view! {
        <section class=format!("al-card al-spf al-card--{}", verdict.status) aria-labelledby="al-spf-title" data-verdict=verdict.status>
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-spf-title">"SPF"</h2>
                <super::findings::StatusBadge status=verdict.status/>
            </header>
            {match tree.multiple.clone() {
                Some(m) => view! { <MultipleRecords multiple=m max=tree.max_lookups max_void=tree.max_void_lookups/> }.into_any(),
                None => view! { <LookupMeter lookups=tree.lookups max=tree.max_lookups voids=tree.void_lookups max_void=tree.max_void_lookups/> }.into_any(),
            }}
            {match record {
                Some(r) => view! { <RecordTerms record=r findings=root_findings/> }.into_any(),
                None if tree.root.status == NodeStatus::DnsError => view! { <p class="al-spf__none">{format!("The TXT records of {domain} could not be fetched: see the finding.")}</p> }.into_any(),
                None => view! { <p class="al-spf__none">{format!("{domain} publishes no v=spf1 TXT record.")}</p> }.into_any(),
            }}
            {tree.exp.clone().map(|e| view! {
                <p class="al-spf__exp">
                    <code>{e.term}</code>
                    {format!(": with a fail, receivers may give the explanation published at {}", e.domain)}
                    {match e.text {
                        Some(t) => view! { ": " <q class="al-spf__exp-text">{crate::text::visible(&t)}</q> " (macros expanded for each message)" }.into_any(),
                        None if e.per_message => view! { " (a name expanded for each message)" }.into_any(),
                        None => view! { ", where there is not exactly one TXT record: receivers give none" }.into_any(),
                    }}
                </p>
            })}
            <h3 class="al-card__subtitle">"Findings"</h3>
            <FindingsList findings=tree.findings.clone()/>
            {(tree.root.record.is_some()).then(|| {
                let t = tree.clone();
                view! {
                    <h3 class="al-card__subtitle">"Include tree"</h3>
                    <SpfTreeView tree=t.clone()/>
                    <ToolDetails class="al-spf__counts" summary="Which term makes each count" name=ToolName::SpfCounts inputs=vec![("domain", domain.clone())]/>
                }
            })}
            <ToolDetails class="al-tester" summary="Test a sender" name=ToolName::SpfTester inputs=vec![("domain", domain.clone())]/>
            <ToolDetails class="al-whatif" summary="What if: edit the record and see the counts" name=ToolName::SpfWhatIf inputs=vec![("domain", domain), ("draft", draft)]/>
        </section>
    }
}
