//! The DMARC card of the domain page: where the policy was found, what it means for the domain,
//! its subdomains and non-existent subdomains, each tag explained, report addresses, findings.

use authlens_engine::dmarc::assess::Enforcement;
use authlens_engine::dmarc::explain::{entry, TagName};
use authlens_engine::dmarc::Discovery;
use authlens_engine::explain::Status;
use authlens_engine::text::upper_first;
use leptos::prelude::*;

use super::findings::{FindingsList, StatusBadge};
use super::tool::ToolName;

/// RFC 7489's organizational domain (Public Suffix List) beside RFC 9989's (tree walk): asked
/// for with the button, made by `inspect_tools` ([`super::tool`]), which fetches the list.
#[component]
fn PslComparison(domain: String, tree_walk: String) -> impl IntoView {
    let asked = RwSignal::new(false);
    let inputs = StoredValue::new(vec![("domain", domain), ("tree-walk", tree_walk)]);
    view! {
        <div class="al-psl">
            <button class="al-button al-button--small" type="button" id="al-psl-compare" data-tool-intent="" on:click=move |_| asked.set(true)>
                "Compare with the Public Suffix List (RFC 7489)"
            </button>
            {move || asked.get().then(|| view! { <super::tool::Tool name=ToolName::Psl inputs=inputs.get_value()/> })}
        </div>
    }
}

/// What each kind of receiver does with failing mail, from the engine's assessment: one
/// sentence when they agree, one line each when `t=y` or `pct=` make them differ.
#[component]
pub fn ReceiversAccount(enforcement: Enforcement) -> impl IntoView {
    let e = enforcement;
    view! {
        <div class="al-receivers" data-agree=if e.agree { "yes" } else { "no" }>
            {if e.agree {
                view! { <p class="al-receivers__all">{upper_first(&e.account())}"."</p> }.into_any()
            } else {
                view! {
                    <ul class="al-receivers__list">
                        {e.receivers.iter().map(|t| view! {
                            <li data-receivers=t.receivers.as_str()>
                                <strong>{upper_first(t.receivers.label())}</strong>": "{t.text.clone()}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

#[component]
pub fn DmarcCard(discovery: Discovery) -> impl IntoView {
    let d = discovery;
    let a = d.assessment();
    // The headline is the summary's DMARC line; the card says what it means in detail.
    let status = a.status;
    let record = d.record.clone();
    let inherited = d.policy_domain.as_ref().is_some_and(|pd| *pd != d.domain);
    view! {
        <section class=format!("al-card al-dmarc al-card--{status}") aria-labelledby="al-dmarc-title" data-verdict=status>
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-dmarc-title">"DMARC"</h2>
                <StatusBadge status=status/>
            </header>
            {a.enforcement.map(|e| view! {
                <h3 class="al-card__subtitle">"What receivers do with mail that fails DMARC"</h3>
                <ReceiversAccount enforcement=e/>
            })}
            {record.clone().map(|r| view! {
                <dl class="al-facts">
                    <div><dt>{format!("Mail with From: @{}", d.domain)}</dt><dd>{d.effective_policy.map(|p| p.as_str()).unwrap_or("-")} {d.applies.map(|a| format!(" (from {a}=)"))}</dd></div>
                    <div><dt>"Its subdomains"</dt><dd>{r.effective_subdomain_policy().as_str()}</dd></div>
                    <div><dt>"Non-existent subdomains"</dt><dd>{r.effective_nonexistent_policy().as_str()}</dd></div>
                    <div><dt>"Alignment"</dt><dd>{format!("DKIM {}, SPF {}", if r.effective_dkim_alignment().as_str() == "s" { "strict" } else { "relaxed" }, if r.effective_spf_alignment().as_str() == "s" { "strict" } else { "relaxed" })}</dd></div>
                    <div><dt>"Organizational domain"</dt><dd>{d.organizational_domain.clone()}</dd></div>
                </dl>
            })}
            <PslComparison domain=d.domain.clone() tree_walk=d.organizational_domain.clone()/>
            <h3 class="al-card__subtitle">"Where the policy was found"</h3>
            <ol class="al-walk">
                {d.steps.iter().map(|s| view! {
                    <li class=format!("al-walk__step al-walk__step--{}", s.status)>
                        <code>{format!("_dmarc.{}", s.domain)}</code> " "
                        <span class="al-walk__status">{match s.status { "record" => "record found", "none" => "no record", "multiple" => "several records: ignored", _ => "DNS error" }}</span>
                    </li>
                }).collect_view()}
            </ol>
            {inherited.then(|| view! { <p class="al-dmarc__note">{format!("{} has no record of its own: the policy of {} applies (tree walk, RFC 9989 §4.10).", d.domain, d.policy_domain.clone().unwrap_or_default())}</p> })}
            {record.map(|r| view! {
                <h3 class="al-card__subtitle">"The record, tag by tag"</h3>
                <div class="al-copyable">
                    <code class="al-record-terms__text">{crate::text::visible(&r.text)}</code>
                    <super::copy::CopyButton text=r.text.clone() label="Copy the DMARC record"/>
                </div>
                <super::tool::ToolDetails class="al-dmarc__tags" summary="What each tag means" about="the DMARC record" name=ToolName::DmarcTags inputs=vec![("record", r.text.clone())]/>
            })}
            {(!d.report_authorizations.is_empty()).then(|| view! {
                <h3 class="al-card__subtitle">"Reports to other domains"</h3>
                <ul class="al-auth">
                    {d.report_authorizations.iter().cloned().map(|a| {
                        let (cls, word) = match a.authorized { Some(true) => ("ok", "authorized"), Some(false) => ("error", "not authorized"), None => ("warning", "unknown (DNS error)") };
                        view! {
                            <li class=format!("al-auth__item al-auth__item--{cls}")>
                                <code>{a.uri}</code> " " <span class="al-auth__state">{word}</span>
                                <span class="al-auth__name">{format!("needs TXT v=DMARC1 at {}", a.record_name)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <h3 class="al-card__subtitle">"Findings"</h3>
            <FindingsList findings=d.findings.clone()/>
        </section>
    }
}

/// The record's tags, each explained (RFC 9989 §4.7; the legacy ones marked): drawn on request by
/// the domain page's second module ([`super::tool`], part `dmarc-tags`).
#[component]
pub fn DmarcTags(record: String) -> impl IntoView {
    let r = authlens_engine::dmarc::parse(&record);
    view! {
        <table class="al-tags">
            <thead><tr><th scope="col">"Tag"</th><th scope="col">"Value"</th><th scope="col">"Meaning"</th></tr></thead>
            <tbody>
                {r.tags.into_iter().map(|t| {
                    let e = TagName::parse(&t.name).map(entry);
                    view! {
                        <tr class=if e.is_some_and(|e| e.status == Status::Legacy) { "al-tags__row al-tags__row--legacy" } else { "al-tags__row" }>
                            <th scope="row"><code>{t.name.clone()}</code></th>
                            <td><code>{crate::text::visible(&t.value)}</code></td>
                            <td>
                                {match e {
                                    Some(e) => view! {
                                        <strong>{e.title}</strong>
                                        {(e.status == Status::Legacy).then(|| view! { <span class="al-badge">"legacy"</span> })}
                                        " " <span class="al-entry__rfc">{e.rfc}</span>
                                        <br/>{e.summary}
                                        {e.default.map(|d| view! { <br/><span class="al-tags__default">{format!("Default: {d}")}</span> })}
                                    }.into_any(),
                                    None => view! { <span>"Not a DMARC tag: receivers ignore it."</span> }.into_any(),
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
