//! The MTA-STS and TLS-RPT builder (`?view=build-mtasts`): the policy file, its `_mta-sts` and
//! `_smtp._tls` records, checked against the domain's MX hosts.

use authlens_engine::dns::Resolver;
use authlens_engine::mtasts::build::{self as bmts, MtaStsBuilder};
use authlens_engine::mtasts::{Mode, MAX_AGE_LIMIT, MAX_AGE_SHORT};
use authlens_engine::name::parse_domain;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::copy::CopyButton;
use crate::components::findings::FindingsList;
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::{export, url};

use super::{
    items, published_txt, starts_with_ci, working, ComparisonView, FieldErrors, TxtRecord, DEBOUNCE,
};

/// The domain's MX hosts, as the page found them.
#[derive(Clone, PartialEq)]
enum MxState {
    /// No valid domain typed.
    Idle,
    Loading,
    Hosts {
        domain: String,
        hosts: Vec<String>,
    },
    /// `0 .`: the domain receives no mail.
    Null(String),
    /// No MX at all.
    Missing(String),
    Failed(String),
}

const MAX_AGES: [(u32, &str); 5] = [
    (86_400, "1 day"),
    (MAX_AGE_SHORT, "1 week (a start)"),
    (1_209_600, "2 weeks"),
    (2_592_000, "30 days"),
    (MAX_AGE_LIMIT, "1 year (the most)"),
];

fn mode_text(m: Mode) -> (&'static str, &'static str) {
    match m {
        Mode::Testing => ("testing", "Senders deliver as before and report TLS failures by TLS-RPT: start here."),
        Mode::Enforce => ("enforce", "Senders deliver only over TLS with a valid certificate to a host the policy lists; otherwise the mail waits in their queue. Switch once the reports are clean."),
        Mode::None => ("none", "Withdraws MTA-STS: senders forget the policy. Publish it with a new id before removing the records."),
    }
}

fn now_id() -> String {
    bmts::id_from_unix((js_sys::Date::now() / 1000.0) as u64)
}

#[component]
pub fn MtaStsBuilderPage() -> impl IntoView {
    let provider = use_provider();
    let mut start = MtaStsBuilder::from_params(url::param);
    if start.id.is_empty() {
        start.id = now_id();
    }
    let domain = RwSignal::new(start.domain.clone());
    let mode = RwSignal::new(start.mode);
    let mx_text = RwSignal::new(start.mx.join(", "));
    // True while the patterns are the page's suggestion, which a new MX answer may replace.
    let mx_auto = RwSignal::new(start.mx.is_empty());
    let max_age = RwSignal::new(start.max_age);
    let id = RwSignal::new(start.id.clone());
    let rua = RwSignal::new(start.rua.join(", "));

    let builder = Memo::new(move |_| MtaStsBuilder {
        domain: domain.get().trim().to_string(),
        mode: mode.get(),
        mx: items(&mx_text.get()),
        max_age: max_age.get(),
        id: id.get().trim().to_string(),
        rua: items(&rua.get()),
    });
    Effect::new(move |_| {
        let mut params = vec![("view", Some("build-mtasts".to_string()))];
        params.extend(builder.get().to_params());
        url::set_params(&params);
    });

    let mx_state = RwSignal::new(MxState::Idle);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let d = parse_domain(&domain.get()).ok();
        let p = provider.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let Some(d) = d else {
            mx_state.set(MxState::Idle);
            return;
        };
        mx_state.set(MxState::Loading);
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                let resolver = resolver_for(&p);
                spawn_local(async move {
                    let state = match resolver.mx(&d).await {
                        Ok(a) => {
                            let mut recs = a.records;
                            authlens_engine::order::sort_by_key(&mut recs, |m| m.preference);
                            let hosts: Vec<String> = recs
                                .iter()
                                .map(|m| m.exchange.trim_end_matches('.').to_ascii_lowercase())
                                .filter(|h| !h.is_empty())
                                .collect();
                            if hosts.is_empty() {
                                MxState::Null(d.clone())
                            } else {
                                MxState::Hosts {
                                    domain: d.clone(),
                                    hosts,
                                }
                            }
                        }
                        Err(e) if e.is_void() => MxState::Missing(d.clone()),
                        Err(e) => MxState::Failed(e.to_string()),
                    };
                    if generation.try_get_value() != Some(mine) {
                        return;
                    }
                    if let MxState::Hosts { hosts, .. } = &state {
                        if mx_auto.get_untracked()
                            || mx_text.with_untracked(|t| t.trim().is_empty())
                        {
                            mx_text.set(bmts::suggest_mx(hosts).join(", "));
                            mx_auto.set(true);
                        }
                    }
                    mx_state.set(state);
                });
            },
            DEBOUNCE,
        );
    });
    let mx_hosts = Memo::new(move |_| match mx_state.get() {
        MxState::Hosts { hosts, .. } => hosts,
        _ => Vec::new(),
    });
    let output = Memo::new(move |_| builder.get().build(&mx_hosts.get()));
    let fe = FieldErrors::new(
        move || output.with(|o| o.input_errors.clone()),
        &[
            ("domain", !start.domain.is_empty()),
            ("tls_rua", !start.rua.is_empty()),
            ("mx_pattern", !start.mx.is_empty()),
            ("max_age", url::param("max_age").is_some()),
            ("id", url::param("id").is_some()),
        ],
    );

    // What is published now: the two TXT records through DoH.
    let published = RwSignal::new(None::<Result<(String, Vec<String>, Vec<String>), String>>);
    let comparing = RwSignal::new(false);
    // The published policy file, pasted: the page's Content-Security-Policy lets it fetch only
    // from DNS resolvers, so the user opens the file in a tab and pastes it here.
    let pasted_policy = RwSignal::new(String::new());
    let compare = move |_| {
        let Ok(d) = parse_domain(&domain.get_untracked()) else {
            published.set(Some(Err("Type the domain first.".into())));
            return;
        };
        comparing.set(true);
        let resolver = resolver_for(&provider.get_untracked());
        spawn_local(async move {
            let sts_name = format!("_mta-sts.{d}");
            let rpt_name = format!("_smtp._tls.{d}");
            let (sts, rpt) = futures::join!(
                published_txt(&*resolver, &sts_name, |t| starts_with_ci(t, "v=STSv1")),
                published_txt(&*resolver, &rpt_name, |t| starts_with_ci(t, "v=TLSRPTv1")),
            );
            let result = match (sts, rpt) {
                (Ok(s), Ok(r)) => Ok((d, s, r)),
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
            published.set(Some(result));
            comparing.set(false);
        });
    };
    view! {
        <section class="al-builder al-builder--mtasts">
            <h1 class="al-builder__title">"MTA-STS and TLS-RPT builder"</h1>
            <p class="al-builder__intro">
                "MTA-STS tells sending servers to deliver to your domain only over TLS with a valid certificate; TLS-RPT sends you a daily report of what failed. "
                "You need a TXT record, a small policy file on an HTTPS host of your own, and a second TXT record for the reports."
            </p>
            <form class="al-builder__form al-builder__form--grid" on:submit=move |ev| { ev.prevent_default(); fe.submit(); }>
                <div class="al-builder__field">
                    <label for="al-sts-domain">"Domain"</label>
                    <input id="al-sts-domain" class="al-input" placeholder="example.com" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("domain") aria-describedby=move || fe.described("domain", "al-sts-domain-error") on:input=move |_| fe.touch("domain") bind:value=domain/>
                    {fe.list("domain", "al-sts-domain-error")}
                </div>
                <div class="al-builder__field">
                    <label for="al-sts-rua">"Send TLS reports to (TLS-RPT rua)"</label>
                    <textarea id="al-sts-rua" class="al-input al-builder__list" rows="1" placeholder="tls-reports@example.com" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("tls_rua") aria-describedby=move || fe.described("tls_rua", "al-sts-rua-error") on:input=move |_| fe.touch("tls_rua") bind:value=rua></textarea>
                    <span class="al-builder__help">"Mail addresses or https:// URLs, separated by commas."</span>
                    {fe.list("tls_rua", "al-sts-rua-error")}
                </div>
                <fieldset class="al-builder__group al-builder__group--wide">
                    <legend>"Mode"</legend>
                    <ul class="al-builder__options">
                        {[Mode::Testing, Mode::Enforce, Mode::None].into_iter().map(|m| {
                            let (word, text) = mode_text(m);
                            let input_id = format!("al-sts-mode-{word}");
                            view! {
                                <li class="al-builder__option">
                                    <input type="radio" name="al-sts-mode" id=input_id.clone() value=word prop:checked=move || mode.get() == m on:change=move |_| mode.set(m)/>
                                    <label for=input_id><strong>{word}</strong><span class="al-builder__consequence">{text}</span></label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </fieldset>
                <div class="al-builder__field al-builder__group--wide">
                    <label for="al-sts-mx">"MX patterns (mx:)"</label>
                    <textarea id="al-sts-mx" class="al-input al-builder__list" rows="1" placeholder="mx1.example.com, *.mail.example.net" autocomplete="off" spellcheck="false" prop:value=move || mx_text.get() aria-invalid=move || fe.invalid("mx_pattern") aria-describedby=move || fe.described("mx_pattern", "al-sts-mx-error") on:input:target=move |ev| { fe.touch("mx_pattern"); mx_auto.set(false); mx_text.set(ev.target().value()); }></textarea>
                    <span class="al-builder__help">"A host name, or *. and a domain for any one label below it. Every MX host must match one, and its certificate must be valid for its name."</span>
                    <div class="al-builder__mx" aria-live="polite">
                        {move || match mx_state.get() {
                            MxState::Idle => view! { <span class="al-builder__help">"Type the domain to read its MX hosts."</span> }.into_any(),
                            MxState::Loading => working("Reading the MX hosts…").into_any(),
                            MxState::Hosts { domain: d, hosts } => {
                                let suggestion = bmts::suggest_mx(&hosts);
                                let text = suggestion.join(", ");
                                let same = items(&mx_text.get()) == suggestion;
                                view! {
                                    <p class="al-builder__help">
                                        {format!("MX hosts of {d}: ")}
                                        {hosts.iter().map(|h| view! { <code class="al-builder__mx-host">{h.clone()}</code>" " }).collect_view()}
                                    </p>
                                    {(!same).then(|| view! {
                                        <button class="al-button al-button--small" type="button" id="al-sts-suggest" on:click=move |_| { mx_text.set(text.clone()); mx_auto.set(true); }>
                                            {format!("Use {}", suggestion.join(", "))}
                                        </button>
                                    })}
                                }.into_any()
                            }
                            MxState::Null(d) => view! { <p class="al-builder__help">{format!("{d} publishes a null MX: it receives no mail, so MTA-STS protects nothing there.")}</p> }.into_any(),
                            MxState::Missing(d) => view! { <p class="al-builder__help">{format!("{d} has no MX record: senders deliver to its own address. Add MX records first.")}</p> }.into_any(),
                            MxState::Failed(e) => view! { <p class="al-resolver__error">{format!("The MX lookup failed: {e}")}</p> }.into_any(),
                        }}
                    </div>
                    {fe.list("mx_pattern", "al-sts-mx-error")}
                </div>
                <div class="al-builder__field">
                    <label for="al-sts-max-age">"Policy lifetime (max_age)"</label>
                    <select id="al-sts-max-age" class="al-resolver__select" prop:value=move || max_age.get().to_string() on:change:target=move |ev| max_age.set(ev.target().value().parse().unwrap_or(MAX_AGE_SHORT))>
                        {move || {
                            let current = max_age.get();
                            let mut options: Vec<(u32, String)> = MAX_AGES.iter().map(|(s, t)| (*s, format!("{t} — {s} s"))).collect();
                            if !options.iter().any(|(s, _)| *s == current) {
                                options.push((current, format!("{current} s")));
                            }
                            options.into_iter().map(|(s, t)| view! { <option value=s.to_string() selected=s == current>{t}</option> }).collect_view()
                        }}
                    </select>
                    {fe.list("max_age", "al-sts-max-age-error")}
                </div>
                <div class="al-builder__field">
                    <label for="al-sts-id">"Policy id (id=)"</label>
                    <div class="al-builder__row">
                        <input id="al-sts-id" class="al-input" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("id") aria-describedby=move || fe.described("id", "al-sts-id-error") on:input=move |_| fe.touch("id") bind:value=id/>
                        <button class="al-copy" type="button" id="al-sts-new-id" on:click=move |_| id.set(now_id())>"New id"</button>
                    </div>
                    <span class="al-builder__help">"Change it whenever the file changes: senders fetch the file again only then. The time (UTC) is a good id."</span>
                    {fe.list("id", "al-sts-id-error")}
                </div>
            </form>

            <section class="al-card al-builder__out" aria-labelledby="al-sts-out-title" aria-live="polite">
                <h2 class="al-card__title" id="al-sts-out-title">"What to publish"</h2>
                <h3 class="al-card__subtitle">"1. The policy file"</h3>
                {move || match output.get().policy {
                    Some(p) => {
                        let text = p.text.clone();
                        let name = p.file_name;
                        view! {
                            <div class="al-builder__policy-box">
                                <dl class="al-builder__facts">
                                    <div><dt>"Address"</dt><dd><code class="al-builder__name">{p.url.clone()}</code></dd></div>
                                    <div><dt>"Content-Type"</dt><dd><code>{p.content_type}</code></dd></div>
                                </dl>
                                <div class="al-copyable">
                                    <pre class="al-builder__policy">{p.text.clone()}</pre>
                                    <CopyButton text=p.text.clone() label="Copy the MTA-STS policy file"/>
                                </div>
                                <button class="al-button al-button--small" type="button" id="al-sts-download" on:click=move |_| { export::download(name, "text/plain", &text); }>"Download mta-sts.txt"</button>
                            </div>
                        }.into_any()
                    }
                    None => view! { <p class="al-builder__note">"Add at least one MX pattern to make the file."</p> }.into_any(),
                }}
                <h3 class="al-card__subtitle">"2. The MTA-STS record"</h3>
                {move || match output.get().record {
                    Some(r) => view! { <TxtRecord record=r what="MTA-STS record"/> }.into_any(),
                    None => view! { <p class="al-builder__note">"It needs an id: 1 to 32 letters and digits."</p> }.into_any(),
                }}
                <h3 class="al-card__subtitle">"3. The TLS-RPT record"</h3>
                {move || match output.get().tls_rpt {
                    Some(r) => view! { <TxtRecord record=r what="TLS-RPT record"/> }.into_any(),
                    None => view! { <p class="al-builder__note">"Type an address for the reports to get this record: without it you do not learn which senders fail."</p> }.into_any(),
                }}
                <h3 class="al-card__subtitle">"Checks"</h3>
                <p class="al-builder__note">"The same checks as for a published policy, and the patterns against the MX hosts."</p>
                {move || view! { <FindingsList findings=output.get().findings/> }}
                <h3 class="al-card__subtitle">"How to host and publish it"</h3>
                <ol class="al-builder__steps">
                    {move || output.get().hosting.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                </ol>

                <h3 class="al-card__subtitle">"Compare with what is published now"</h3>
                <p class="al-builder__actions">
                    <button class="al-button al-button--small" type="button" id="al-sts-compare" on:click=compare disabled=move || comparing.get()>"Look up the published records"</button>
                </p>
                {move || comparing.get().then(|| working("Looking it up…"))}
                {move || published.get().map(|p| match p {
                    Err(e) => view! { <p class="al-resolver__error">{e}</p> }.into_any(),
                    Ok((d, sts, rpt)) => {
                        let out = output.get();
                        if parse_domain(&domain.get()).ok().as_deref() != Some(d.as_str()) {
                            return view! { <p class="al-builder__note">"The domain changed: look it up again."</p> }.into_any();
                        }
                        let sts_c = out.record.as_ref().map(|r| bmts::compare_record(&r.text, sts.first().map(String::as_str)));
                        let rpt_c = out.tls_rpt.as_ref().map(|r| bmts::compare_tls_rpt(&r.text, rpt.first().map(String::as_str)));
                        view! {
                            <div class="al-builder__compare-sts">
                                {sts_c.map(|c| view! { <ComparisonView comparison=c name=format!("_mta-sts.{d}")/> })}
                                {rpt_c.map(|c| view! { <ComparisonView comparison=c name=format!("_smtp._tls.{d}")/> })}
                            </div>
                        }.into_any()
                    }
                })}
                <details class="al-builder__zone" id="al-sts-paste-box">
                    <summary>"Compare the policy file too"</summary>
                    <p class="al-builder__note">
                        "This page may only ask DNS resolvers, so it cannot fetch the file itself. Open "
                        {move || output.with(|o| o.policy.as_ref().map(|p| p.url.clone())).map(|u| view! {
                            <a href=u.clone() target="_blank" rel="noopener noreferrer">{u.clone()}</a>
                        })}
                        " in a tab and paste what it shows:"
                    </p>
                    <label class="al-builder__help" for="al-sts-paste">"The published policy file"</label>
                    <textarea id="al-sts-paste" class="al-input al-builder__paste" rows="5" spellcheck="false" bind:value=pasted_policy></textarea>
                    {move || {
                        let pasted = pasted_policy.get();
                        if pasted.trim().is_empty() {
                            return None;
                        }
                        output.with(|o| o.policy.as_ref().map(|p| (p.url.clone(), p.text.clone()))).map(|(u, built)| view! {
                            <ComparisonView comparison=bmts::compare_policy(&built, Some(&pasted)) name=u/>
                        })
                    }}
                </details>
            </section>
        </section>
    }
}
