//! One DNS lookup as the page shows it: the name, what came back, and how it came.

use authlens_engine::dns::RData;
use authlens_engine::domain::inspect::{txt_kind, RawLookup};
use leptos::prelude::*;

/// What a TXT record shows: its character-strings one by one, so a record split in the wrong
/// place can be seen.
fn txt_view(t: &authlens_engine::Txt, label: String) -> impl IntoView {
    let strings: Vec<String> = t
        .strings()
        .iter()
        .map(|s| crate::text::visible(&String::from_utf8_lossy(s)))
        .collect();
    let count = strings.len();
    let kind = txt_kind(&t.text());
    let note = if count > 1 {
        Some(format!(
            "{count} strings, joined with no space between them when read"
        ))
    } else if !t.boundaries_known() && t.bytes().len() > 255 {
        Some(
            "longer than 255 octets: published as several strings, which this resolver joins"
                .to_string(),
        )
    } else {
        None
    };
    let whole = t.text();
    view! {
        <li class="al-record">
            {kind.map(|k| view! { <span class="al-tag">{k}</span> })}
            <code class="al-record__value">
                {strings
                    .into_iter()
                    .map(|s| view! { <span class="al-record__string">{s}</span> })
                    .collect_view()}
            </code>
            <super::copy::CopyButton text=whole label=label/>
            {note.map(|n| view! { <span class="al-record__note">{n}</span> })}
        </li>
    }
}

#[component]
pub fn LookupCard(lookup: RawLookup) -> impl IntoView {
    let status = lookup.status;
    let class = format!("al-card al-lookup al-lookup--{status}");
    let dnssec = if lookup.authenticated {
        view! { <span class="al-badge al-badge--secure" title="The resolver validated this answer with DNSSEC (AD bit)">"DNSSEC validated"</span> }.into_any()
    } else {
        view! { <span class="al-badge" title="The answer was not validated with DNSSEC (no AD bit)">"no DNSSEC"</span> }.into_any()
    };
    let chain = lookup.cname_chain.clone();
    let records = lookup.records.clone();
    let body = match &lookup.error {
        Some(e) => view! {
            <p class="al-lookup__status">
                <span class="al-code">{status.to_ascii_uppercase()}</span>
                " "
                {crate::text::visible(&authlens_engine::dns::doh::fault::Fault::without_codes(e))}
            </p>
            <super::dns_faults::DnsFaults text=e.clone()/>
        }
        .into_any(),
        None => view! {
            <ul class="al-records">
                {records
                    .iter()
                    .enumerate()
                    .map(|(i, r)| match r {
                        RData::Txt(t) | RData::Spf(t) => {
                            // Each copy button names its record: the kind, the name, and which
                            // one when there are several.
                            let kind = txt_kind(&t.text()).map_or(String::new(), |k| format!("{k} "));
                            let which = if records.len() > 1 { format!(" ({} of {})", i + 1, records.len()) } else { String::new() };
                            txt_view(t, format!("Copy the {kind}TXT record of {}{which}", lookup.name)).into_any()
                        }
                        other => view! {
                            <li class="al-record"><code class="al-record__value">{other.presentation()}</code></li>
                        }
                        .into_any(),
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <article class=class data-lookup-status=status>
            <header class="al-card__header">
                <h3 class="al-card__title">
                    <span class="al-lookup__name">{lookup.name.clone()}</span>
                    " "
                    <span class="al-lookup__type">{lookup.rtype.as_str()}</span>
                </h3>
                {dnssec}
            </header>
            {(!chain.is_empty()).then(|| view! {
                <p class="al-lookup__chain">
                    "via CNAME "
                    {chain.into_iter().map(|c| view! { <span class="al-lookup__hop">"→ " {c}</span> }).collect_view()}
                </p>
            })}
            {body}
        </article>
    }
}
