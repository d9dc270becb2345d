//! "Check a message": paste or drop a message; see each DKIM signature, the headers and the hops.
//! The text never leaves the page: only DKIM key lookups go to the resolver.

use authlens_engine::dkim::{Options, SignatureResult};
use authlens_engine::message::check::{authenticate, CheckOptions, Coverage, MessageCheck};
use authlens_engine::message::input::plain;
use authlens_engine::message::received::delay_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;

use crate::components::findings::FindingsList;
use crate::components::resolver_picker::ResolverPicker;
use crate::components::tool::{Tool, ToolName};
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::text::visible as v;

/// A chosen file larger than this is not copied into the text box (see `take_file`).
const SHOWN_FILE_MAX: usize = 256 * 1024;

/// The bytes of a chosen or dropped file, read exactly (a textarea would turn CRLF into LF).
async fn read_file(file: web_sys::File) -> Result<(String, Vec<u8>), String> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the file could not be read".to_string())?;
    Ok((file.name(), js_sys::Uint8Array::new(&buf).to_vec()))
}

// User Timing marks around the engine's check, for `make bench` (tests/bench/message.mjs reads
// the measure `authlens:message-check`): the check alone, without reading the file or drawing the
// result. Declared here rather than through the web-sys `Performance` feature.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);
    #[wasm_bindgen(js_namespace = performance, js_name = measure)]
    fn performance_measure(name: &str, start_mark: &str);
}

#[derive(Clone)]
enum State {
    Idle,
    Checking,
    /// The check, and what the second module's part is given: the connecting IP and the mail
    /// type ([`crate::components::requirements::RequirementsPart`]).
    Done(Box<MessageCheck>, (String, &'static str)),
}

/// A card's sentence (six words or more) that an earlier card said already, referred to instead
/// of repeated: two signatures that fail the same way would otherwise say it twice.
fn once(text: String, n: usize, said: &mut Vec<(String, usize)>) -> String {
    if text.split_whitespace().count() < 6 {
        return text;
    }
    if let Some((_, k)) = said.iter().find(|(t, _)| *t == text) {
        return format!("As for signature {k}.");
    }
    said.push((text.clone(), n));
    text
}

fn signature_card(
    s: SignatureResult,
    coverage: Option<Coverage>,
    said: &mut Vec<(String, usize)>,
) -> impl IntoView {
    let n = s.index + 1;
    let class = format!("al-card al-sig al-sig--{}", s.result);
    // The key's and the body's words are the engine's (`KeyRecord::describe`,
    // `SignatureResult::body_text`): a revoked key has no size, and a body that was never reached
    // is not called "headers only".
    let key = s.key.as_ref().map(|k| {
        format!(
            "{}{}",
            k.describe(),
            if s.key_cname_chain.is_empty() {
                String::new()
            } else {
                format!(", via CNAME {}", s.key_cname_chain.join(" → "))
            }
        )
    });
    let key_state = s.key.as_ref().map(|k| k.state.as_str());
    let body_text = once(s.body_text(), n, said);
    // A DNS failure's codes are listed below the sentence, beside their titles.
    let detail = once(
        v(&authlens_engine::dns::doh::fault::Fault::without_codes(
            &s.detail,
        )),
        n,
        said,
    );
    let faults = s.detail.clone();
    let diagnosis = s.diagnosis.clone().map(|mut d| {
        d.likely_causes = d
            .likely_causes
            .into_iter()
            .map(|c| once(c, n, said))
            .collect();
        d.likely_causes.dedup();
        d
    });
    let body = s.body.as_str();
    let domain_link = format!("?domain={}&selector={}", s.domain, s.selector);
    view! {
        <article class=class data-result=s.result>
            <header class="al-card__header">
                <h3 class="al-card__title">
                    {format!("Signature {n}")} " "
                    <span class=format!("al-result-word al-result-word--{}", s.result)>{s.result}</span>
                    {s.reason.map(|r| view! { <code class="al-sig__reason">{r}</code> })}
                </h3>
                <a class="al-sig__domain" href=domain_link>{v(&format!("d={}", s.domain))}</a>
            </header>
            <p class="al-sig__detail">{detail}</p>
            <crate::components::dns_faults::DnsFaults text=faults/>
            <dl class="al-facts">
                <div><dt>"Selector"</dt><dd><code>{v(&s.selector)}</code></dd></div>
                <div><dt>"Algorithm"</dt><dd>{s.algorithm.unwrap_or("?")}</dd></div>
                <div><dt>"Canonicalization"</dt><dd>{format!("{:?}/{:?}", s.header_canon, s.body_canon).to_ascii_lowercase()}</dd></div>
                <div><dt>"Key"</dt><dd class="al-sig__key" data-state=key_state>{v(&key.unwrap_or_else(|| s.key_name.clone()))}</dd></div>
                <div><dt>"Body"</dt><dd class="al-sig__body" data-body=body>{body_text}</dd></div>
            </dl>
            <p class="al-sig__headers" data-fields=s.signed_headers.join(",")><strong>"Signed (h=): "</strong><code>{v(&s.signed_headers.join(", "))}</code></p>
            {coverage.map(|c| coverage_view(&c))}
            {diagnosis.map(|d| view! {
                <div class="al-diagnosis">
                    <ul class="al-diagnosis__causes">
                        {d.likely_causes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                    </ul>
                    {d.body_hash_computed.map(|c| view! {
                        <p class="al-diagnosis__hash">"Body hash computed " <code>{c}</code> ", claimed " <code>{d.body_hash_claimed.clone()}</code></p>
                    })}
                    <details>
                        <summary>{format!("What signature {n} hashed")}</summary>
                        <pre class="al-pre">{d.canonical_headers}</pre>
                        {d.canonical_body.map(|b| view! { <pre class="al-pre">{b}</pre> })}
                    </details>
                </div>
            })}
            {(!s.findings.is_empty()).then(|| view! { <FindingsList findings=s.findings.clone()/> })}
        </article>
    }
}

/// Which fields of the message a signature covers, each list in a `data-fields` attribute (names
/// in lower case, comma-separated) for the tests: the recommended fields it leaves unsigned, the
/// other unsigned ones, the over-signed names and From or Subject not over-signed. The labels
/// are short, so that two signatures alike do not say the same sentences; the findings
/// (`dkim-headers-unsigned`, `dkim-not-oversigned`) explain.
fn coverage_view(c: &Coverage) -> impl IntoView {
    let others: Vec<String> = c.other_unsigned().into_iter().map(String::from).collect();
    let row = |class: &'static str, label: &'static str, fields: &[String]| {
        (!fields.is_empty()).then(|| {
            view! {
                <p class=class data-fields=fields.join(",")><strong>{label}</strong><code>{v(&fields.join(", "))}</code></p>
            }
        })
    };
    view! {
        {row("al-sig__unsigned", "Recommended, not signed: ", &c.recommended_unsigned)}
        {row("al-sig__unsigned-other", "Other fields not signed: ", &others)}
        {row("al-sig__over", "Over-signed (cannot be added): ", &c.oversigned)}
        {row("al-sig__not-over", "Not over-signed: ", &c.not_oversigned)}
    }
}

/// The ARC chain: one row per set, newest first, and the chain's validation.
fn arc_view(a: authlens_engine::arc::ArcReport) -> impl IntoView {
    if a.sets.is_empty() {
        return ().into_any();
    }
    let cv = a.cv.as_str();
    let word = if cv == "pass" { "pass" } else { "fail" };
    // A failed chain's first failing step is its finding: the verdict points to it.
    let detail = if a.findings.iter().any(|f| f.message == a.detail) {
        "the chain does not validate; the failing step is below.".to_string()
    } else {
        v(&a.detail)
    };
    // The engine lists the sets by increasing instance.
    let sets: Vec<_> = a.sets.iter().rev().cloned().collect();
    view! {
        <h3 class="al-card__subtitle">"ARC chain (RFC 8617)"</h3>
        <section class=format!("al-card al-arc al-arc--{cv}") data-cv=cv>
            <p class="al-arc__verdict">
                <span class=format!("al-result-word al-result-word--{word}")>{format!("arc={cv}")}</span>
                {a.reason.map(|r| view! { " " <code class="al-sig__reason">{r}</code> })}
                " " {detail}
                {a.temporary.then_some(" (a DNS failure: asking again later may give another answer)")}
            </p>
            <table class="al-arc__table">
                <thead>
                    <tr>
                        <th scope="col">"i="</th>
                        <th scope="col">"Sealed by"</th>
                        <th scope="col">"cv= written"</th>
                        <th scope="col">"What it saw (AAR)"</th>
                        <th scope="col">"Seal"</th>
                        <th scope="col">"Message signature"</th>
                    </tr>
                </thead>
                <tbody>
                    {sets.into_iter().map(|s| {
                        let sealer = s.seal.as_ref().map(|x| format!("{} (s={})", x.domain, x.selector)).unwrap_or_else(|| "no ARC-Seal".into());
                        let written = s.seal.as_ref().and_then(|x| x.chain_status).map_or("?", |c| c.as_str());
                        let aar = s.auth_results.as_ref().map(|x| {
                            let methods: Vec<String> = x.results.results.iter().map(|m| format!("{}={}", m.method, m.result)).collect();
                            format!("{} {}", x.results.authserv_id, methods.join(" "))
                        }).unwrap_or_else(|| "no ARC-Authentication-Results".into());
                        let check = |c: &authlens_engine::arc::Check| {
                            let r = c.result.as_str();
                            view! {
                                <span class=format!("al-result-word al-result-word--{}", if r == "pass" { "pass" } else if r == "not-checked" { "none" } else { "fail" })>{r}</span>
                                {c.reason.map(|x| view! { " " <code>{x}</code> })}
                            }
                        };
                        view! {
                            <tr data-instance=s.instance.to_string()>
                                <th scope="row">{s.instance}</th>
                                <td data-label="Sealed by">{v(&sealer)}</td>
                                <td data-label="cv= written"><code>{written}</code></td>
                                <td class="al-arc__aar" data-label="AAR">{v(&aar)}</td>
                                <td data-label="Seal">{check(&s.seal_check)}</td>
                                <td data-label="Message signature">{check(&s.ams_check)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(!a.findings.is_empty()).then(|| view! { <FindingsList findings=a.findings.clone()/> })}
        </section>
    }
    .into_any()
}

fn check_view(r: MessageCheck, (ip, bulk): (String, &'static str)) -> impl IntoView {
    // The engine's status: the verdict, raised to the worst of the findings it sums up.
    let summary_class = format!("al-summary al-summary--{}", r.status);
    // Signatures past the engine's limit were not verified: one line each, not a card, so a
    // message built with a thousand of them stays readable and quick to draw.
    let (checked, unchecked): (Vec<_>, Vec<_>) = r
        .dkim
        .iter()
        .cloned()
        .partition(|s| s.reason != Some("not-verified"));
    let rest = (!unchecked.is_empty()).then(|| {
        view! {
            <details class="al-sig-rest">
                <summary>{format!("{} more signature{}, not verified (only the first {} are)", unchecked.len(), if unchecked.len() == 1 { "" } else { "s" }, authlens_engine::dkim::MAX_SIGNATURES)}</summary>
                <ul class="al-sig-rest__list">
                    {unchecked.into_iter().map(|s| view! {
                        <li class="al-sig" data-result=s.result>{v(&format!("d={} s={}: {}", s.domain, s.selector, s.detail))}</li>
                    }).collect_view()}
                </ul>
            </details>
        }
    });
    let mut said = Vec::new();
    let cards = checked
        .into_iter()
        .map(|s| {
            let cov = r.coverage.iter().find(|c| c.index == s.index).cloned();
            signature_card(s, cov, &mut said)
        })
        .collect_view();
    // An address of another domain in the From name: shown beside the From it is about, instead
    // of among the other findings.
    let (beside_from, findings): (Vec<_>, Vec<_>) = r
        .findings
        .iter()
        .cloned()
        .partition(|f| f.code == "message-display-name-address");
    let from_finding = !beside_from.is_empty();
    // The receiver's own DKIM results, beside ours.
    let ours = r.dkim.clone();
    let ar = r.authentication_results.clone();
    view! {
        <p class=summary_class>{r.summary.clone()}</p>
        // What most likely sent it to junk, the sender requirements and the filters' headers:
        // the second module's part, on the same message and answers.
        <Tool name=ToolName::Requirements inputs=vec![("ip", ip), ("bulk", bulk.to_string())]/>
        <dl class="al-facts">
            <div><dt>"From"</dt><dd>{r.from.iter().map(|m| v(&m.to_string())).collect::<Vec<_>>().join(", ")}
                {from_finding.then(|| view! { <FindingsList findings=beside_from/> })}
            </dd></div>
            {r.return_path.clone().map(|p| view! { <div><dt>"Return-Path"</dt><dd>{if p.address.is_empty() { "<> (a bounce)".to_string() } else { v(&p.address) }}</dd></div> })}
            {r.subject.clone().map(|s| view! { <div><dt>"Subject"</dt><dd>{v(&s)}</dd></div> })}
            <div><dt>"Headers"</dt><dd>{format!("{} field{}{}{}", r.header_count, if r.header_count == 1 { "" } else { "s" }, if r.headers_only { ", headers only" } else { "" }, if r.line_endings_normalized { ", line endings normalized" } else { "" })}</dd></div>
        </dl>
        {r.dmarc.clone().map(|d| view! {
            <h3 class="al-card__subtitle">"DMARC"</h3>
            <p class=format!("al-dmarc-verdict al-dmarc-verdict--{}", d.result)>
                <span class=format!("al-result-word al-result-word--{}", d.result)>{d.result}</span>
                " " {v(&d.explanation)}
            </p>
            <ul class="al-align">
                {d.dkim.iter().map(|i| (i, "DKIM")).chain(d.spf.iter().map(|i| (i, "SPF"))).map(|(i, what)| view! {
                    <li class=format!("al-align__id al-align__id--{}", if i.aligned { "yes" } else { "no" }) data-why=i.why>
                        {v(&format!("{what} {} ({}): {}", i.name(), i.result, i.explanation))}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {r.spf.clone().map(|s| view! {
            <h3 class="al-card__subtitle">"SPF"</h3>
            <p><span class=format!("al-result-word al-result-word--{}", s.result.as_str())>{s.result.as_str()}</span> " " {v(&format!("{} for {}: {}", s.ip, s.domain, s.reason))}</p>
        })}
        <h3 class="al-card__subtitle">"DKIM"</h3>
        {r.dkim.is_empty().then(|| view! { <p class="al-muted">"No DKIM-Signature field: see “Not DKIM-signed” under Findings."</p> })}
        <div class="al-cards">{cards}</div>
        {rest}
        {arc_view(r.arc.clone())}
        {(!ar.is_empty()).then(|| view! {
            <h3 class="al-card__subtitle">"What the receivers said (Authentication-Results)"</h3>
            <ul class="al-ar">
                {ar.into_iter().map(|a| {
                    let id = if a.authserv_id.is_empty() { "(no authserv-id)".to_string() } else { a.authserv_id.clone() };
                    view! {
                        <li class="al-ar__item">
                            <strong>{v(&id)}</strong>
                            {a.results.into_iter().map(|m| {
                                let d = m.property("header.d").or(m.property("header.i")).map(|d| d.trim_start_matches('@').to_ascii_lowercase());
                                let disagree = m.method == "dkim" && d.as_ref().is_some_and(|d| ours.iter().any(|o| &o.domain == d && (o.result == "pass") != (m.result == "pass")));
                                view! {
                                    <span class=format!("al-ar__m{}", if disagree { " al-ar__m--disagree" } else { "" })>
                                        {v(&format!("{}={}", m.method, m.result))}
                                        {d.map(|d| v(&format!(" ({d})")))}
                                        {disagree.then_some(" — differs from our result")}
                                    </span>
                                }
                            }).collect_view()}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {(!r.received.is_empty()).then(|| view! {
            <h3 class="al-card__subtitle">"Hops (oldest first)"</h3>
            <ol class="al-hops">
                {r.received.iter().cloned().map(|h| view! {
                    <li class="al-hops__hop">
                        <span class="al-hops__path">{v(&format!("{} → {}", h.from.unwrap_or_else(|| "?".into()), h.by.unwrap_or_else(|| "?".into())))}</span>
                        {h.ip.map(|ip| view! { <code class="al-hops__ip">{v(&ip)}</code> })}
                        <span class="al-hops__time">{h.time_utc.unwrap_or_default()}</span>
                        {match (h.delay, h.clock_skew) {
                            (_, true) => Some(view! { <span class="al-hops__skew">"clock skew"</span> }.into_any()),
                            (Some(d), _) => Some(view! { <span class="al-hops__delay">{format!("+{}", delay_text(d))}</span> }.into_any()),
                            _ => None,
                        }}
                    </li>
                }).collect_view()}
            </ol>
        })}
        <h3 class="al-card__subtitle">"Findings"</h3>
        {if findings.is_empty() && from_finding {
            view! { <p class="al-findings__none">"None besides the one beside From."</p> }.into_any()
        } else {
            view! { <FindingsList findings=findings/> }.into_any()
        }}
    }
}

#[component]
pub fn MessagePage() -> impl IntoView {
    let provider = use_provider();
    let text = RwSignal::new(String::new());
    // The chosen file: "name: size", and the bytes checked.
    let file = RwSignal::new(None::<(String, Vec<u8>)>);
    // What reading it changed (an Outlook .msg's headers checked as headers only).
    let file_note = RwSignal::new(None::<String>);
    let state = RwSignal::new(State::Idle);
    let error = RwSignal::new(None::<String>);
    let ip = RwSignal::new(String::new());
    // Bulk (marketing) mail or not, for the sender requirements: `None` lets the engine tell.
    let bulk = RwSignal::new(None::<bool>);
    let run = move || {
        let bytes = match file.get_untracked() {
            Some((_, b)) => b,
            None => text.get_untracked().into_bytes(),
        };
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            error.set(Some("Paste a message or its headers first.".into()));
            return;
        }
        let client = ip.get_untracked();
        let client = client.trim();
        let client_ip = if client.is_empty() {
            None
        } else {
            match client.parse::<std::net::IpAddr>() {
                Ok(a) => Some(a),
                Err(_) => {
                    error.set(Some(format!("“{client}” is not an IPv4 or IPv6 address")));
                    return;
                }
            }
        };
        error.set(None);
        state.set(State::Checking);
        let resolver = resolver_for(&provider.get_untracked());
        spawn_local(async move {
            let opts = CheckOptions {
                dkim: Options {
                    now: Some((js_sys::Date::now() / 1000.0) as u64),
                    allow_sha1: false,
                },
                ip: client_ip,
                bulk: bulk.get_untracked(),
            };
            crate::components::requirements::leave_message(&bytes);
            let part = (
                client_ip.map(|i| i.to_string()).unwrap_or_default(),
                match bulk.get_untracked() {
                    Some(true) => "bulk",
                    Some(false) => "transactional",
                    None => "auto",
                },
            );
            performance_mark("authlens:message-check:start");
            let r = authenticate(&*resolver, &crate::crypto::WebCrypto, &bytes, &opts).await;
            performance_measure("authlens:message-check", "authlens:message-check:start");
            state.set(State::Done(Box::new(r), part));
        });
    };
    // A large file is checked from its bytes without being put into the text box first: laying
    // out a megabyte of text there costs Chromium a quarter of a second before the check can
    // start. "Show the text" puts it there on request.
    // Hidden: a chosen file is the source and the text box does not hold it.
    let hidden = move || {
        file.with(|f| f.as_ref().is_some_and(|(_, b)| b.len() > SHOWN_FILE_MAX))
            && text.with(String::is_empty)
    };
    let take_file = move |f: Option<web_sys::File>| {
        if let Some(f) = f {
            spawn_local(async move {
                let (name, mut bytes) = match read_file(f).await {
                    Ok(read) => read,
                    Err(e) => return error.set(Some(e)),
                };
                let label = format!("{name}: {} bytes", bytes.len());
                let mut note = None;
                // An Outlook .msg, or a file that is no message: the second module reads it.
                if !plain(&bytes) {
                    state.set(State::Checking);
                    let read = crate::components::tool::call(
                        "messageFile",
                        &js_sys::Uint8Array::from(&bytes[..]),
                    )
                    .await;
                    let field = |o: &wasm_bindgen::JsValue, k: &str| {
                        js_sys::Reflect::get(o, &k.into())
                            .ok()
                            .and_then(|v| v.as_string())
                    };
                    match read {
                        Err(e) => {
                            state.set(State::Idle);
                            return error.set(Some(format!("{name}: {e}")));
                        }
                        Ok(o) => {
                            if let Some(e) = field(&o, "error") {
                                state.set(State::Idle);
                                return error.set(Some(format!("{name}: {e}")));
                            }
                            if let Some(t) = field(&o, "text") {
                                bytes = t.into_bytes();
                                note = field(&o, "note");
                            }
                        }
                    }
                }
                let large = bytes.len() > SHOWN_FILE_MAX;
                text.set(if large {
                    String::new()
                } else {
                    String::from_utf8_lossy(&bytes).into_owned()
                });
                file.set(Some((label, bytes)));
                file_note.set(note);
                run();
            });
        }
    };
    view! {
        <section class="al-message">
            <form class="al-search" on:submit=move |ev| { ev.prevent_default(); run(); }>
                <label class="al-search__label" for="al-message-text">"Message source or headers"</label>
                <p class="al-message__privacy">"Checked in your browser: the text is never uploaded or stored. Only DNS names are looked up through the resolver: the DKIM keys, the From domain's DMARC policy, the reverse DNS of the connecting IP and, if you give that IP, the SPF record."</p>
                <textarea
                    id="al-message-text"
                    class="al-message__text"
                    rows="12"
                    spellcheck="false"
                    placeholder=move || if hidden() {
                        "The chosen file is checked as saved; it is too large to show here unless you ask (“Show the text”).".to_string()
                    } else {
                        "Paste the full source (“Show original” / “View source”), or just the headers.".to_string()
                    }
                    prop:value=move || text.get()
                    on:input:target=move |ev| { text.set(ev.target().value()); file.set(None); file_note.set(None); }
                    on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                    on:drop=move |ev: web_sys::DragEvent| {
                        ev.prevent_default();
                        take_file(ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)));
                    }
                ></textarea>
                <div class="al-search__row">
                    <label class="al-file">
                        "Choose a .eml or .msg file"
                        <input
                            type="file"
                            accept=".eml,.msg,message/rfc822,application/vnd.ms-outlook,text/plain"
                            on:change=move |ev| {
                                let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
                                take_file(input.and_then(|i| i.files()).and_then(|f| f.get(0)));
                            }
                        />
                    </label>
                    {move || file.with(|f| f.as_ref().map(|(label, _)| {
                        let how = if file_note.with(Option::is_some) { "an Outlook message" } else { "checked exactly as saved" };
                        view! { <span class="al-file__name">{format!("{label}, {how}")}</span> }
                    }))}
                    <Show when=hidden>
                        <button
                            class="al-copy al-file__show"
                            type="button"
                            on:click=move |_| {
                                if let Some((_, b)) = file.get_untracked() {
                                    text.set(String::from_utf8_lossy(&b).into_owned());
                                }
                            }
                        >"Show the text"</button>
                    </Show>
                    <button class="al-button" type="submit">"Check message"</button>
                </div>
                {move || file_note.get().map(|mut note| {
                    // The engine's note starts in lower case, to follow a file's name.
                    if let Some(first) = note.get_mut(..1) {
                        first.make_ascii_uppercase();
                    }
                    view! { <p class="al-message__source" role="note">{note} "."</p> }
                })}
                <label class="al-message__ip">"Connecting IP, to check SPF (optional)"
                    <input class="al-input" name="ip" placeholder="192.0.2.25" bind:value=ip/>
                </label>
                <label class="al-message__kind">"Mail type, for the sender requirements"
                    <select
                        class="al-resolver__select"
                        name="bulk"
                        on:change:target=move |ev| {
                            bulk.set(match ev.target().value().as_str() {
                                "bulk" => Some(true),
                                "transactional" => Some(false),
                                _ => None,
                            });
                            if state.with_untracked(|s| matches!(s, State::Done(..))) {
                                run();
                            }
                        }
                    >
                        <option value="auto" selected>"Tell from the headers"</option>
                        <option value="bulk">"Bulk (marketing, newsletters)"</option>
                        <option value="transactional">"Transactional (receipts, alerts)"</option>
                    </select>
                </label>
                <ResolverPicker provider=provider/>
                {move || error.get().map(|e| view! { <p class="al-resolver__error" role="alert">{e}</p> })}
            </form>
            <Show when=move || state.with(|s| !matches!(s, State::Idle))>
                <div class="al-result" data-status=move || state.with(|s| if matches!(s, State::Checking) { "loading" } else { "done" }) aria-live="polite">
                    {move || match state.get() {
                        State::Idle => ().into_any(),
                        State::Checking => view! {
                            <p class="al-progress"><span class="al-spinner" aria-hidden="true"></span><span>"Verifying signatures…"</span></p>
                        }.into_any(),
                        State::Done(r, headers) => {
                            let suggestion = r.suggested_ip.clone().filter(|_| r.spf.is_none());
                            view! {
                                {suggestion.map(|s| {
                                    let s2 = s.clone();
                                    view! {
                                        <p class="al-message__suggest">
                                            "The Received fields name this connecting IP (confirm it is the hop that reached your server): "
                                            <button class="al-button al-button--small" type="button" on:click=move |_| { ip.set(s2.clone()); run(); }>
                                                {format!("Check SPF for {s}")}
                                            </button>
                                        </p>
                                    }
                                })}
                                {check_view(*r, headers)}
                            }.into_any()
                        }
                    }}
                </div>
            </Show>
        </section>
    }
}
