//! The DMARC wizard: build a record, see what each choice means, the authorization records
//! external report addresses need, a staged rollout plan, and the difference with what is published.

use authlens_engine::dmarc::build::Builder;
use authlens_engine::dmarc::explain::{entry, TagName};
use authlens_engine::dmarc::plan::{current_stage, rollout};
use authlens_engine::dmarc::{discover, parse, Alignment, Discovery, Policy};
use authlens_engine::name::parse_domain;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::findings::FindingsList;
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::url;

fn policy_opt(s: &str) -> Option<Policy> {
    Policy::parse(s)
}

fn addresses(s: &str) -> Vec<String> {
    s.split([',', '\n', ' '])
        .map(|a| a.trim().trim_start_matches("mailto:").to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

#[component]
fn PolicySelect(
    label: &'static str,
    id: &'static str,
    value: RwSignal<String>,
    inherit: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label class="al-wizard__field" for=id>
            <span>{label}</span>
            <select id=id class="al-resolver__select" prop:value=move || value.get() on:change:target=move |ev| value.set(ev.target().value())>
                {inherit.map(|i| view! { <option value="">{i}</option> })}
                <option value="none">"none — monitor only"</option>
                <option value="quarantine">"quarantine — spam folder"</option>
                <option value="reject">"reject — refuse"</option>
            </select>
        </label>
    }
}

#[component]
pub fn DmarcWizard() -> impl IntoView {
    let provider = use_provider();
    let p = |k: &str| url::param(k).unwrap_or_default();
    let domain = RwSignal::new(p("domain"));
    let policy = RwSignal::new(url::param("p").unwrap_or_else(|| "none".into()));
    let sp = RwSignal::new(p("sp"));
    let np = RwSignal::new(p("np"));
    let adkim = RwSignal::new(url::param("adkim").unwrap_or_else(|| "r".into()));
    let aspf = RwSignal::new(url::param("aspf").unwrap_or_else(|| "r".into()));
    let rua = RwSignal::new(p("rua"));
    let ruf = RwSignal::new(p("ruf"));
    let fo = RwSignal::new(p("fo"));
    let testing = RwSignal::new(p("t") == "y");
    let copied = RwSignal::new(false);
    let published = RwSignal::new(None::<Result<Box<Discovery>, String>>);

    let builder = Memo::new(move |_| {
        let mut b = Builder::new(policy_opt(&policy.get()).unwrap_or(Policy::None));
        b.subdomain_policy = policy_opt(&sp.get());
        b.nonexistent_policy = policy_opt(&np.get());
        b.dkim_alignment = (adkim.get() == "s").then_some(Alignment::Strict);
        b.spf_alignment = (aspf.get() == "s").then_some(Alignment::Strict);
        b.rua = addresses(&rua.get());
        b.ruf = addresses(&ruf.get());
        b.failure_options = fo
            .get()
            .chars()
            .filter(|c| matches!(c, '0' | '1' | 'd' | 's'))
            .collect();
        b.testing = testing.get();
        b
    });
    let record = Memo::new(move |_| builder.get().render());
    // The address holds the plan, so it can be shared.
    Effect::new(move |_| {
        url::set_params(&[
            ("view", Some("dmarc".into())),
            ("domain", Some(domain.get())),
            ("p", Some(policy.get())),
            ("sp", Some(sp.get())),
            ("np", Some(np.get())),
            ("adkim", Some(adkim.get()).filter(|a| a == "s")),
            ("aspf", Some(aspf.get()).filter(|a| a == "s")),
            ("rua", Some(rua.get())),
            ("ruf", Some(ruf.get())),
            ("fo", Some(fo.get())),
            ("t", testing.get().then(|| "y".to_string())),
        ]);
        copied.set(false);
    });
    let domain_ok = move || parse_domain(&domain.get()).ok();
    let address_errors = move || {
        addresses(&rua.get())
            .into_iter()
            .chain(addresses(&ruf.get()))
            .filter_map(|a| Builder::valid_address(&a).err())
            .collect::<Vec<_>>()
    };
    let external = move || {
        let Some(d) = domain_ok() else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for a in addresses(&rua.get())
            .into_iter()
            .chain(addresses(&ruf.get()))
        {
            if Builder::valid_address(&a).is_err() {
                continue;
            }
            let dest = a
                .rsplit_once('@')
                .map(|(_, x)| x.to_ascii_lowercase())
                .unwrap_or_default();
            if dest != d
                && !dest.ends_with(&format!(".{d}"))
                && !out.iter().any(|(x, _)| *x == dest)
            {
                out.push((dest.clone(), format!("{d}._report._dmarc.{dest}")));
            }
        }
        out
    };
    let compare = move || {
        let Some(d) = domain_ok() else {
            published.set(Some(Err("Enter the domain first.".into())));
            return;
        };
        let resolver = resolver_for(&provider.get_untracked());
        spawn_local(async move {
            let found = discover(&*resolver, &d).await;
            published.set(Some(Ok(Box::new(found))));
        });
    };
    let copy = move || {
        let text = record.get_untracked();
        spawn_local(async move {
            copied.set(url::copy_to_clipboard(&text).await);
        });
    };

    view! {
        <section class="al-wizard">
            <h1 class="al-wizard__title">"DMARC record wizard"</h1>
            <form class="al-search al-wizard__form" on:submit=move |ev| ev.prevent_default()>
                <label class="al-wizard__field" for="al-wz-domain">
                    <span>"Domain"</span>
                    <input id="al-wz-domain" class="al-input" placeholder="example.com" bind:value=domain/>
                </label>
                <PolicySelect label="Policy (p)" id="al-wz-p" value=policy inherit=None/>
                <PolicySelect label="Subdomains (sp)" id="al-wz-sp" value=sp inherit=Some("same as p")/>
                <PolicySelect label="Non-existent subdomains (np)" id="al-wz-np" value=np inherit=Some("same as sp")/>
                <label class="al-wizard__field" for="al-wz-rua">
                    <span>"Aggregate reports to (rua)"</span>
                    <input id="al-wz-rua" class="al-input" placeholder="dmarc@example.com, reports@vendor.example" bind:value=rua/>
                </label>
                <label class="al-wizard__field" for="al-wz-ruf">
                    <span>"Failure reports to (ruf, optional)"</span>
                    <input id="al-wz-ruf" class="al-input" bind:value=ruf/>
                </label>
                <label class="al-wizard__field" for="al-wz-adkim">
                    <span>"DKIM alignment (adkim)"</span>
                    <select id="al-wz-adkim" class="al-resolver__select" prop:value=move || adkim.get() on:change:target=move |ev| adkim.set(ev.target().value())>
                        <option value="r">"relaxed (default)"</option>
                        <option value="s">"strict"</option>
                    </select>
                </label>
                <label class="al-wizard__field" for="al-wz-aspf">
                    <span>"SPF alignment (aspf)"</span>
                    <select id="al-wz-aspf" class="al-resolver__select" prop:value=move || aspf.get() on:change:target=move |ev| aspf.set(ev.target().value())>
                        <option value="r">"relaxed (default)"</option>
                        <option value="s">"strict"</option>
                    </select>
                </label>
                <label class="al-wizard__field" for="al-wz-fo">
                    <span>"Failure report options (fo)"</span>
                    <select id="al-wz-fo" class="al-resolver__select" prop:value=move || fo.get() on:change:target=move |ev| fo.set(ev.target().value())>
                        <option value="">"default (0: when both fail)"</option>
                        <option value="1">"1: when either fails"</option>
                        <option value="1ds">"1:d:s: every failure"</option>
                    </select>
                </label>
                <label class="al-wizard__check">
                    <input type="checkbox" id="al-wz-t" prop:checked=move || testing.get() on:change:target=move |ev| testing.set(ev.target().checked())/>
                    " Testing mode (t=y): receivers apply one step less while you test"
                </label>
            </form>

            <section class="al-card al-wizard__out" aria-live="polite">
                <h2 class="al-card__title">"Your record"</h2>
                <dl class="al-facts">
                    <div><dt>"Name"</dt><dd><code class="al-wizard__name">{move || format!("_dmarc.{}", domain_ok().unwrap_or_else(|| "<domain>".into()))}</code></dd></div>
                    <div><dt>"Type"</dt><dd>"TXT"</dd></div>
                </dl>
                <code class="al-record-terms__text al-wizard__record">{move || record.get()}</code>
                <p>
                    <button class="al-button al-button--small" type="button" id="al-wz-copy" on:click=move |_| copy()>"Copy record"</button>
                    <span class="al-wizard__copied" role="status">{move || copied.get().then_some("Copied.")}</span>
                </p>
                {move || {
                    let errs = address_errors();
                    (!errs.is_empty()).then(|| view! { <ul class="al-wizard__errors" role="alert">{errs.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul> })
                }}
                {move || {
                    let r = parse(&record.get());
                    view! { <FindingsList findings=r.findings/> }
                }}
                {move || {
                    let ext = external();
                    (!ext.is_empty()).then(|| view! {
                        <h3 class="al-card__subtitle">"Authorization the report domains must publish"</h3>
                        <p class="al-dmarc__note">"Receivers send reports to another domain only if that domain agrees (RFC 9989 §3). Ask each to publish:"</p>
                        <ul class="al-auth">
                            {ext.into_iter().map(|(dest, name)| view! {
                                <li class="al-auth__item"><code>{format!("{name}  TXT  \"v=DMARC1\"")}</code> <span class="al-auth__name">{format!("published by {dest}")}</span></li>
                            }).collect_view()}
                        </ul>
                    })
                }}
                <h3 class="al-card__subtitle">"What each tag does"</h3>
                <dl class="al-entries">
                    {move || parse(&record.get()).tags.into_iter().filter_map(|t| TagName::parse(&t.name).map(|n| (t, entry(n)))).map(|(t, e)| view! {
                        <div class="al-entry">
                            <dt><code>{format!("{}={}", t.name, t.value)}</code> " " {e.title} " " <span class="al-entry__rfc">{e.rfc}</span></dt>
                            <dd>{e.summary}</dd>
                        </div>
                    }).collect_view()}
                </dl>
                <h3 class="al-card__subtitle">"Compare with what is published"</h3>
                <button class="al-button al-button--small" type="button" id="al-wz-compare" on:click=move |_| compare()>"Look up the published record"</button>
                {move || published.get().map(|p| match p {
                    Err(e) => view! { <p class="al-resolver__error">{e}</p> }.into_any(),
                    Ok(d) => match d.record.clone() {
                        None => view! { <p class="al-dmarc__note">{format!("{} publishes no DMARC record yet.", d.domain)}</p> }.into_any(),
                        Some(r) => {
                            let built = parse(&record.get_untracked());
                            let changes: Vec<String> = built.tags.iter().filter_map(|t| {
                                match r.tag(&t.name) {
                                    Some(o) if o.value == t.value => None,
                                    Some(o) => Some(format!("{}: {} → {}", t.name, o.value, t.value)),
                                    None => Some(format!("{}: added ({})", t.name, t.value)),
                                }
                            }).chain(r.tags.iter().filter(|o| built.tag(&o.name).is_none()).map(|o| format!("{}: removed ({})", o.name, o.value))).collect();
                            view! {
                                <p>"Published at " <code>{format!("_dmarc.{}", d.policy_domain.clone().unwrap_or_default())}</code> ":"</p>
                                <code class="al-record-terms__text">{r.text.clone()}</code>
                                <ul class="al-wizard__diff">
                                    {if changes.is_empty() { view! { <li>"No difference."</li> }.into_any() } else { changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view().into_any() }}
                                </ul>
                            }.into_any()
                        }
                    },
                })}
            </section>

            <section class="al-card al-plan">
                <h2 class="al-card__title">"Rollout plan"</h2>
                <p class="al-dmarc__note">"Each stage as RFC 9989 writes it (t=y) and as receivers that still read pct= understand it."</p>
                <ol class="al-plan__stages">
                    {move || {
                        let now = published.get().and_then(|p| p.ok()).and_then(|d| d.record.as_ref().and_then(current_stage));
                        rollout(&builder.get()).into_iter().map(|s| view! {
                            <li class=format!("al-plan__stage{}", if now == Some(s.number) { " al-plan__stage--current" } else { "" })>
                                <strong>{format!("{}. {}", s.number, s.title)}</strong>
                                {(now == Some(s.number)).then(|| view! { <span class="al-badge al-badge--secure">"you are here"</span> })}
                                <span class="al-plan__duration">{s.duration}</span>
                                <code class="al-plan__record">{s.record.clone()}</code>
                                {(s.legacy_record != s.record).then(|| view! { <code class="al-plan__record al-plan__record--legacy">{format!("legacy: {}", s.legacy_record)}</code> })}
                                <p class="al-plan__watch">{format!("Before the next step: {}", s.watch)}</p>
                            </li>
                        }).collect_view()
                    }}
                </ol>
            </section>
        </section>
    }
}
