//! The include tree: one foldable node per domain, with its lookup counts.

use authlens_engine::spf::tree::{Count, Node, NodeStatus, Tree};
use leptos::prelude::*;

/// `ok`, `near` (8 to 10) or `over` (past the limit): the colour of a count.
fn level(n: u32, max: u32) -> &'static str {
    if n > max {
        "over"
    } else if n + 2 >= max {
        "near"
    } else {
        "ok"
    }
}

fn status_text(s: NodeStatus) -> Option<&'static str> {
    match s {
        NodeStatus::Ok => None,
        NodeStatus::NoRecord => Some("no SPF record"),
        NodeStatus::MultipleRecords => Some("several SPF records"),
        NodeStatus::DnsError => Some("DNS error"),
        NodeStatus::Loop => Some("loop: already evaluated above"),
        NodeStatus::Macro => Some("depends on the sender (macros)"),
        NodeStatus::NotFollowed => Some("not followed: too deep or too many"),
    }
}

fn node_view(n: Node) -> AnyView {
    let has_children = !n.children.is_empty();
    let head = view! {
        <span class="al-tree__head">
            {n.via.clone().map(|v| view! { <code class="al-tree__via">{v}</code> })}
            <span class="al-tree__domain">{n.domain.clone()}</span>
            <span class=format!("al-count al-count--{}", level(n.lookups_total, 10)) title="DNS-querying terms here / with everything below">
                {format!("{} lookup{}", n.lookups, if n.lookups == 1 { "" } else { "s" })}
                {(n.lookups_total != n.lookups).then(|| format!(" · {} with includes", n.lookups_total))}
            </span>
            {(n.void_lookups_total > 0).then(|| view! {
                <span class=format!("al-count al-count--{}", level(n.void_lookups_total, 2))>{format!("{} void", n.void_lookups_total)}</span>
            })}
            {status_text(n.status).map(|s| view! { <span class=format!("al-tree__status al-tree__status--{}", if n.status == NodeStatus::NotFollowed || n.status == NodeStatus::Macro { "info" } else { "error" })>{s}</span> })}
        </span>
    };
    let record = n
        .record
        .as_ref()
        .map(|r| view! { <code class="al-tree__record">{crate::text::visible(&r.text)}</code> });
    if has_children {
        view! {
            <li class="al-tree__node">
                <details open>
                    <summary>{head}</summary>
                    {record}
                    <ul class="al-tree__children">
                        {n.children.into_iter().map(node_view).collect_view()}
                    </ul>
                </details>
            </li>
        }
        .into_any()
    } else {
        view! {
            <li class="al-tree__node al-tree__node--leaf">
                {head}
                {record}
            </li>
        }
        .into_any()
    }
}

#[component]
pub fn SpfTreeView(tree: Tree) -> impl IntoView {
    view! {
        <ul class="al-tree">{node_view(tree.root)}</ul>
    }
}

/// The counts in evaluation order: which term made each one.
#[component]
pub fn CountList(counts: Vec<Count>, max_lookups: u32, max_void: u32) -> impl IntoView {
    view! {
        <ol class="al-counts">
            {counts
                .into_iter()
                .map(|c| {
                    let over = if c.kind == "lookup" { c.number > max_lookups } else { c.number > max_void };
                    view! {
                        <li class=format!("al-counts__item{}", if over { " al-counts__item--over" } else { "" })>
                            <span class="al-counts__n">{format!("{} #{}", if c.kind == "lookup" { "lookup" } else { "void" }, c.number)}</span>
                            <code>{c.term}</code>
                            <span class="al-counts__where">{format!("in {}", c.domain)}</span>
                            {c.note.map(|n| view! { <span class="al-counts__note">{n}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
