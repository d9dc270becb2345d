//! The domain page: type a domain, see its records.

use authlens_engine::dmarc::{discover, Discovery};
use authlens_engine::doh::Provider;
use authlens_engine::inspect::{raw_txt, RawInspection};
use authlens_engine::name::parse_domain;
use authlens_engine::spf::tree::{self, Tree};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::dmarc_card::DmarcCard;
use crate::components::lookup_card::LookupCard;
use crate::components::resolver_picker::ResolverPicker;
use crate::components::spf_card::SpfCard;
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::url::{self, PageParams};

/// What the result area shows. Each part arrives on its own.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Idle,
    Active {
        domain: String,
        raw: Option<RawInspection>,
        spf: Option<Box<Tree>>,
        dmarc: Option<Box<Discovery>>,
    },
    Failed {
        message: String,
    },
}

impl Outcome {
    /// The `data-status` contract: `loading`, `done` or `error`.
    fn status(&self) -> &'static str {
        match self {
            Outcome::Idle => "idle",
            Outcome::Active { raw: Some(r), .. } if r.resolver_failed() => "error",
            Outcome::Active {
                raw: Some(_),
                spf: Some(_),
                dmarc: Some(_),
                ..
            } => "done",
            Outcome::Active { .. } => "loading",
            Outcome::Failed { .. } => "error",
        }
    }
}

/// The `doh=` value that brings a provider back.
fn doh_param(p: &Provider) -> Option<String> {
    match p {
        Provider::Google => None,
        Provider::Cloudflare => Some("cloudflare".into()),
        Provider::Custom(u) => Some(u.clone()),
    }
}

#[component]
pub fn InspectPage() -> impl IntoView {
    let params = url::read();
    let provider = use_provider();
    let input = RwSignal::new(params.domain.clone().unwrap_or_default());
    let outcome = RwSignal::new(Outcome::Idle);
    let selectors = params.selectors.clone();
    // Each run has a number; an answer that arrives after a newer run started is dropped.
    let generation = StoredValue::new(0u64);

    let run = move || {
        let typed = input.get_untracked();
        let domain = match parse_domain(&typed) {
            Ok(d) => d,
            Err(e) => {
                outcome.set(Outcome::Failed {
                    message: format!("“{}” is not a domain name: {e}", typed.trim()),
                });
                return;
            }
        };
        let p = provider.get_untracked();
        url::write(&PageParams {
            domain: Some(domain.clone()),
            selectors: selectors.clone(),
            doh: doh_param(&p),
            view: None,
        });
        input.set(domain.clone());
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        outcome.set(Outcome::Active {
            domain: domain.clone(),
            raw: None,
            spf: None,
            dmarc: None,
        });
        let resolver = resolver_for(&p);
        let (r1, d1) = (resolver.clone(), domain.clone());
        spawn_local(async move {
            let report = raw_txt(&*r1, &d1).await;
            if generation.get_value() == mine {
                outcome.update(|o| {
                    if let Outcome::Active { raw, .. } = o {
                        *raw = Some(report);
                    }
                });
            }
        });
        let (r2, d2) = (resolver.clone(), domain.clone());
        spawn_local(async move {
            let d = discover(&*r2, &d2).await;
            if generation.get_value() == mine {
                outcome.update(|o| {
                    if let Outcome::Active { dmarc, .. } = o {
                        *dmarc = Some(Box::new(d));
                    }
                });
            }
        });
        spawn_local(async move {
            let t = tree::inspect(&*resolver, &domain).await;
            if generation.get_value() == mine {
                outcome.update(|o| {
                    if let Outcome::Active { spf, .. } = o {
                        *spf = Some(Box::new(t));
                    }
                });
            }
        });
    };

    if params.domain.is_some() {
        run();
    }

    view! {
        <section class="al-inspect">
            <form
                class="al-search"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    run();
                }
            >
                <label class="al-search__label" for="al-domain">"Domain"</label>
                <div class="al-search__row">
                    <input
                        id="al-domain"
                        class="al-search__input"
                        type="text"
                        name="domain"
                        inputmode="url"
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        placeholder="example.com"
                        bind:value=input
                    />
                    <button class="al-button" type="submit">"Inspect"</button>
                </div>
                <ResolverPicker provider=provider/>
            </form>
            <Show when=move || outcome.with(|o| *o != Outcome::Idle)>
                <div
                    class="al-result"
                    data-status=move || outcome.with(Outcome::status)
                    aria-live="polite"
                    aria-busy=move || outcome.with(|o| o.status() == "loading").to_string()
                >
                    {move || match outcome.get() {
                        Outcome::Idle => ().into_any(),
                        Outcome::Failed { message } => view! {
                            <p class="al-alert al-alert--error" role="alert">{message}</p>
                        }
                        .into_any(),
                        Outcome::Active { domain, raw, spf, dmarc } => {
                            let pending: Vec<&str> = [
                                raw.is_none().then_some("TXT records"),
                                spf.is_none().then_some("SPF tree"),
                                dmarc.is_none().then_some("DMARC policy"),
                            ]
                            .into_iter()
                            .flatten()
                            .collect();
                            let failed = raw.as_ref().is_some_and(|r| r.resolver_failed());
                            view! {
                                <h2 class="al-result__title">"Results for " {domain.clone()}</h2>
                                {(!pending.is_empty()).then(|| view! {
                                    <p class="al-progress">
                                        <span class="al-spinner" aria-hidden="true"></span>
                                        <span>"Looking up " <strong>{domain.clone()}</strong> ": waiting for " {pending.join(", ")} "…"</span>
                                    </p>
                                })}
                                {failed.then(|| view! {
                                    <p class="al-alert al-alert--error" role="alert">
                                        "The resolver could not be reached or gave no usable answer. "
                                        "Try again, or pick another resolver."
                                    </p>
                                })}
                                <div class="al-cards">
                                    {(!failed).then(|| spf.map(|t| view! { <SpfCard domain=domain.clone() tree=*t/> }))}
                                    {(!failed).then(|| dmarc.map(|d| view! { <DmarcCard discovery=*d/> }))}
                                    {raw.map(|r| view! {
                                        <section class="al-card al-raw" aria-labelledby="al-raw-title">
                                            <h2 class="al-card__title" id="al-raw-title">"DNS records"</h2>
                                            <div class="al-cards">
                                                {r.lookups.into_iter().map(|l| view! { <LookupCard lookup=l/> }).collect_view()}
                                            </div>
                                        </section>
                                    })}
                                </div>
                            }
                            .into_any()
                        }
                    }}
                </div>
            </Show>
        </section>
    }
}
