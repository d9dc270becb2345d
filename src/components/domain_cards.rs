//! The cards of the domain page beside SPF and DMARC: DKIM keys, MX, MTA-STS, TLS-RPT, BIMI.
//! Each shows the record with a copy button, every tag explained, and its findings.

use authlens_engine::bimi::{self, BimiReport};
use authlens_engine::dkim::discover::{SelectorProbe, SelectorScan, Source};
use authlens_engine::explain::{Entry, Status};
use authlens_engine::mtasts::{self, MtaStsReport};
use authlens_engine::mx::MxReport;
use authlens_engine::tlsrpt::{self, TlsRptReport};
use leptos::prelude::*;

use super::copy::CopyButton;
use super::findings::{FindingsList, StatusBadge};
use authlens_engine::diag::badge;

use super::tool::ToolName;

/// A record as published, with a copy button. `lines`: a text of several lines (a policy file),
/// shown line by line; a line feed in a record is shown as an escape.
#[component]
pub fn RecordBox(
    text: String,
    #[prop(into)] what: String,
    #[prop(optional)] lines: bool,
) -> impl IntoView {
    let (class, shown) = if lines {
        (
            "al-record-box al-record-box--lines",
            crate::text::visible_lines(&text),
        )
    } else {
        ("al-record-box", crate::text::visible(&text))
    };
    view! {
        <div class="al-copyable">
            <code class=class>{shown}</code>
            <CopyButton text=text label=format!("Copy the {what}")/>
        </div>
    }
}

/// Tags with their meaning.
#[component]
pub fn TagTable(
    rows: Vec<(String, String, Option<Entry>)>,
    #[prop(into)] unknown: String,
) -> impl IntoView {
    view! {
        <table class="al-tags">
            <thead><tr><th scope="col">"Tag"</th><th scope="col">"Value"</th><th scope="col">"Meaning"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(name, value, e)| view! {
                    <tr class="al-tags__row">
                        <th scope="row"><code>{name}</code></th>
                        <td><code>{crate::text::visible(&value)}</code></td>
                        <td>{match e {
                            Some(e) => view! {
                                <strong>{e.title}</strong>
                                {(e.status != Status::Current).then(|| view! { <span class="al-badge">{if e.status == Status::Legacy { "legacy" } else { "deprecated" }}</span> })}
                                " " <span class="al-entry__rfc">{e.rfc}</span>
                                <br/>{e.summary}
                            }.into_any(),
                            None => view! { <span>{unknown.clone()}</span> }.into_any(),
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// "What each tag means" for an MTA-STS, TLS-RPT or BIMI record: its [`TagTable`], drawn on
/// request by the domain page's second module ([`super::tool`], part `tags`, [`record_tags`]).
#[component]
fn TagsExplained(protocol: &'static str, record: String) -> impl IntoView {
    view! {
        <super::tool::ToolDetails class="al-tags-more" summary="What each tag means" about=format!("the {} record", match protocol { "mtasts" => "MTA-STS", "tlsrpt" => "TLS-RPT", _ => "BIMI" }) name=ToolName::Tags inputs=vec![("protocol", protocol.to_string()), ("record", record)]/>
    }
}

/// The [`TagTable`] of an MTA-STS (`mtasts`), TLS-RPT (`tlsrpt`) or BIMI (`bimi`) record.
pub fn record_tags(protocol: &str, record: &str) -> impl IntoView {
    let (rows, unknown) = match protocol {
        "mtasts" => (
            tag_rows(&mtasts::parse_record(record).fields, |n| {
                mtasts::RecordTagName::parse(n).map(mtasts::record_entry)
            }),
            "Not an MTA-STS tag: senders ignore it.",
        ),
        "tlsrpt" => (
            tag_rows(&tlsrpt::parse_record(record).fields, |n| {
                tlsrpt::TagName::parse(n).map(tlsrpt::entry)
            }),
            "Not a TLS-RPT tag: senders ignore it.",
        ),
        _ => (
            tag_rows(&bimi::parse_record(record).tags, |n| {
                bimi::TagName::parse(n).map(bimi::entry)
            }),
            "Not a BIMI tag: receivers ignore it.",
        ),
    };
    view! { <TagTable rows=rows unknown=unknown/> }
}

/// The rows of a [`TagTable`]: each tag as written, with its explanation when the protocol knows it.
fn tag_rows(
    tags: &[authlens_engine::tags::Tag],
    entry: impl Fn(&str) -> Option<Entry>,
) -> Vec<(String, String, Option<Entry>)> {
    tags.iter()
        .map(|t| (t.name.clone(), t.value.clone(), entry(&t.name)))
        .collect()
}

fn dnssec_badge(ad: bool) -> impl IntoView {
    if ad {
        view! { <span class="al-badge al-badge--secure" title="The resolver validated this answer with DNSSEC (AD bit)">"DNSSEC validated"</span> }.into_any()
    } else {
        view! { <span class="al-badge" title="The answer was not validated with DNSSEC (no AD bit)">"no DNSSEC"</span> }.into_any()
    }
}

fn source_text(s: &Source) -> String {
    match s {
        Source::User => "your selector".into(),
        Source::Provider { name, .. } => format!("{name}'s selector"),
        Source::Common => "a common name".into(),
    }
}

fn probe_view(p: SelectorProbe) -> impl IntoView {
    // What DNS answered, and what the engine made of it: the badge and the key's words are the
    // engine's (`KeyState`, `SelectorProbe::key_text`), as in the summary line and the CLI.
    let status = p.status.as_str();
    let state = p.state;
    let key_text = p.key_text();
    view! {
        <li class=format!("al-probe al-probe--{status}") data-selector=p.selector.clone() data-status=status data-state=state.as_str()>
            <div class="al-probe__head">
                <code class="al-probe__name">{p.selector.clone()}</code>
                <span class=format!("al-state al-state--{}", state.tone())>{state.label()}</span>
                <span class="al-muted">{source_text(&p.source)}</span>
                {(p.key.is_some()).then(|| dnssec_badge(p.authenticated))}
            </div>
            <p class="al-probe__dns"><code>{p.name.clone()}</code></p>
            {(!p.cname_chain.is_empty()).then(|| view! {
                <ol class="al-chain" aria-label="CNAME chain">
                    {p.cname_chain.iter().map(|c| view! { <li>"CNAME → " <code>{c.clone()}</code></li> }).collect_view()}
                </ol>
            })}
            {key_text.map(|k| view! { <p class="al-probe__key">{k}</p> })}
            {p.record.clone().map(|r| view! { <RecordBox text=r what=format!("DKIM key record of {}", p.selector)/> })}
            {p.error.clone().map(|e| view! { <p class="al-muted">{e}</p> })}
            {(!p.findings.is_empty()).then(|| view! { <FindingsList findings=p.findings.clone() subject=format!("selector {}", p.selector)/> })}
        </li>
    }
}

#[component]
pub fn DkimCard(scan: SelectorScan) -> impl IntoView {
    let d = scan;
    let status = badge(
        d.findings
            .iter()
            .chain(d.probes.iter().flat_map(|p| &p.findings)),
    );
    let probes_have_findings = d.probes.iter().any(|p| !p.findings.is_empty());
    let tried = d.tried;
    let providers = d
        .providers
        .iter()
        .map(|id| {
            authlens_engine::dkim::discover::PROVIDERS
                .iter()
                .find(|p| p.id == *id)
                .map_or(*id, |p| p.name)
        })
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class=format!("al-card al-dkim al-card--{status}") aria-labelledby="al-dkim-title" data-verdict=status>
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-dkim-title">"DKIM"</h2>
                <StatusBadge status=status/>
            </header>
            <p class="al-muted">
                "DNS cannot list a domain's selectors: authlens tries yours first, then those of the providers its MX and SPF point to"
                {(!providers.is_empty()).then(|| format!(" ({providers})"))}
                {format!(", then common names: {tried} selectors tried.")}
            </p>
            <ul class="al-probes">
                {d.probes.into_iter().map(probe_view).collect_view()}
            </ul>
            // The selectors' findings are listed under each; "No findings." would contradict them.
            {(!d.findings.is_empty() || !probes_have_findings).then(|| view! {
                <h3 class="al-card__subtitle">{if probes_have_findings { "Other findings" } else { "Findings" }}</h3>
                <FindingsList findings=d.findings/>
            })}
        </section>
    }
}

#[component]
pub fn MxCard(report: MxReport) -> impl IntoView {
    let r = report;
    let status = badge(&r.findings);
    view! {
        <section class=format!("al-card al-mx al-card--{status}") aria-labelledby="al-mx-title" data-verdict=status>
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-mx-title">"MX"</h2>
                <StatusBadge status=status/>
                {dnssec_badge(r.authenticated)}
            </header>
            {(!r.hosts.is_empty()).then(|| view! {
                <table class="al-tags al-mx__hosts">
                    <thead><tr><th scope="col">"Preference"</th><th scope="col">"Host"</th><th scope="col">"Addresses"</th></tr></thead>
                    <tbody>
                        {r.hosts.iter().map(|h| {
                            let addrs: Vec<String> = h.ipv4.iter().map(|a| a.to_string()).chain(h.ipv6.iter().map(|a| a.to_string())).collect();
                            view! {
                                <tr>
                                    <td>{h.preference}</td>
                                    <th scope="row"><code>{h.exchange.clone()}</code>
                                        {(!h.cname_chain.is_empty()).then(|| view! { <br/><span class="al-muted">{format!("alias of {}", h.cname_chain.join(" → "))}</span> })}
                                    </th>
                                    <td>{if addrs.is_empty() { view! { <span class="al-state al-state--error">"no address"</span> }.into_any() } else { view! { <code>{addrs.join(", ")}</code> }.into_any() }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <h3 class="al-card__subtitle">"Findings"</h3>
            <FindingsList findings=r.findings/>
        </section>
    }
}

/// The MTA-STS card. The policy file lives on `https://mta-sts.<domain>/`: the page's
/// Content-Security-Policy lets it talk only to DNS resolvers (and policy hosts rarely send a CORS
/// header anyway), so the file is not fetched here. The card links to it, and checks it when
/// pasted; `authlens inspect` fetches it.
#[component]
pub fn MtaStsCard(
    report: MtaStsReport,
    /// The MX hosts, which may arrive after this card.
    #[prop(into)]
    mx_hosts: Signal<Vec<String>>,
) -> impl IntoView {
    let r = report;
    let pasted = RwSignal::new(String::new());
    // A pasted policy is checked by `inspect_tools` (super::tool) below the card's findings; each
    // check draws a new one (`set` notifies even with the same value).
    let asked = RwSignal::new(None::<(String, String)>);
    let has_record = r.has_record();
    let check = move |_| {
        let text = pasted.get_untracked();
        let mx = mx_hosts.get_untracked().join(" ");
        asked.set((!text.trim().is_empty()).then_some((text, mx)));
    };
    let policy_url = r.policy_url.clone();
    let domain = r.domain.clone();
    let status = badge(&r.findings);
    view! {
        <section class=format!("al-card al-sts al-card--{status}") aria-labelledby="al-sts-title" data-verdict=status>
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-sts-title">"MTA-STS"</h2>
                <StatusBadge status=status/>
            </header>
            <p class="al-muted">{format!("{}: tells senders to deliver to you only over authenticated TLS (RFC 8461).", r.record_name)}</p>
            {r.record.as_ref().map(|rec| view! {
                <RecordBox text=rec.text.clone() what="MTA-STS record"/>
                <TagsExplained protocol="mtasts" record=rec.text.clone()/>
            })}
            {has_record.then(|| view! {
                <div class="al-sts__policy" data-tool-intent="">
                    <p>
                        "The policy file: "
                        <a href=policy_url.clone() target="_blank" rel="noopener noreferrer">{policy_url.clone()}</a>
                        ". This page talks only to DNS resolvers, so it does not fetch the file; "
                        "open it, paste it here to check it against the MX hosts, or run "
                        <code>{format!("authlens inspect {}", r.domain)}</code>", which fetches it."
                    </p>
                    <label class="al-sts__label" for="al-sts-paste">"Policy file"</label>
                    <textarea id="al-sts-paste" class="al-sts__paste" rows="5" spellcheck="false"
                        placeholder="version: STSv1&#10;mode: enforce&#10;mx: mail.example.com&#10;max_age: 1209600"
                        bind:value=pasted></textarea>
                    <button class="al-button al-button--small" type="button" id="al-sts-check" on:click=check>"Check the policy"</button>
                </div>
            })}
            <h3 class="al-card__subtitle">"Findings"</h3>
            <FindingsList findings=r.findings.clone()/>
            {move || asked.get().map(|(policy, mx)| view! {
                <super::tool::Tool name=ToolName::MtaStsPolicy inputs=vec![("domain", domain.clone()), ("policy", policy), ("mx", mx)]/>
            })}
        </section>
    }
}

#[component]
pub fn TlsRptCard(report: TlsRptReport) -> impl IntoView {
    let r = report;
    let status = badge(&r.findings);
    view! {
        <section class=format!("al-card al-tlsrpt al-card--{status}") aria-labelledby="al-tlsrpt-title" data-verdict=status>
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-tlsrpt-title">"TLS-RPT"</h2>
                <StatusBadge status=status/>
            </header>
            <p class="al-muted">{format!("{}: where senders report TLS failures delivering to you (RFC 8460).", r.record_name)}</p>
            {r.record.as_ref().map(|rec| view! {
                <RecordBox text=rec.text.clone() what="TLS-RPT record"/>
                <TagsExplained protocol="tlsrpt" record=rec.text.clone()/>
            })}
            <h3 class="al-card__subtitle">"Findings"</h3>
            <FindingsList findings=r.findings/>
        </section>
    }
}

#[component]
pub fn BimiCard(report: BimiReport) -> impl IntoView {
    let r = report;
    let status = badge(&r.findings);
    view! {
        <section class=format!("al-card al-bimi al-card--{status}") aria-labelledby="al-bimi-title" data-verdict=status>
            <header class="al-card__header">
                <h2 class="al-card__title" id="al-bimi-title">"BIMI"</h2>
                <StatusBadge status=status/>
            </header>
            <p class="al-muted">{format!("{}: a brand logo that some mailboxes show beside authenticated mail (an Internet-Draft). The logo is never loaded or shown here: its address is only text.", r.record_name)}</p>
            {r.record.as_ref().map(|rec| view! {
                <RecordBox text=rec.text.clone() what="BIMI record"/>
                <TagsExplained protocol="bimi" record=rec.text.clone()/>
            })}
            <h3 class="al-card__subtitle">"Findings"</h3>
            <FindingsList findings=r.findings/>
        </section>
    }
}
