//! The domain page: type a domain, understand its email authentication in one screen.
//!
//! Every part of the inspection runs at once, each as its own task over the session's cached
//! resolver (so no name and type is asked twice, whichever part asks first); each card appears
//! when its answers are in, in a slot that keeps its place; the summary and the exports come when
//! the last part is in.

use authlens_engine::bimi::BimiReport;
use authlens_engine::dkim::discover::SelectorScan;
use authlens_engine::dmarc::discover::discover_with;
use authlens_engine::dmarc::Discovery;
use authlens_engine::dns::doh::Provider;
use authlens_engine::dns::memo::Memo;
use authlens_engine::domain::inspect::{raw_txt, RawInspection};
use authlens_engine::domain::{self, DomainReport, Parts};
use authlens_engine::mtasts::MtaStsReport;
use authlens_engine::mx::MxReport;
use authlens_engine::name::parse_domain;
use authlens_engine::spf::tree::{self, Tree};
use authlens_engine::tlsrpt::TlsRptReport;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::dmarc_card::DmarcCard;
use crate::components::domain_cards::{BimiCard, DkimCard, MtaStsCard, MxCard, TlsRptCard};
use crate::components::resolver_picker::ResolverPicker;
use crate::components::spf_card::SpfCard;
use crate::components::summary::SummaryCard;
use crate::components::tool::{Tool, ToolDetails, ToolName};
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::url::{self, PageParams};

/// The parts of one inspection, each `None` until its answers are in. One signal per part, so
/// that a card is drawn once, when its own answers arrive, and keeps its state afterwards.
#[derive(Clone, Copy)]
struct Active {
    domain: RwSignal<String>,
    /// The DKIM selectors the inspection was given.
    selectors: RwSignal<Vec<String>>,
    raw: RwSignal<Option<RawInspection>>,
    spf: RwSignal<Option<Box<Tree>>>,
    dmarc: RwSignal<Option<Box<Discovery>>>,
    dkim: RwSignal<Option<Box<SelectorScan>>>,
    mx: RwSignal<Option<MxReport>>,
    sts: RwSignal<Option<MtaStsReport>>,
    tls: RwSignal<Option<TlsRptReport>>,
    bimi: RwSignal<Option<BimiReport>>,
}

impl Active {
    fn new() -> Active {
        Active {
            domain: RwSignal::new(String::new()),
            selectors: RwSignal::new(Vec::new()),
            raw: RwSignal::new(None),
            spf: RwSignal::new(None),
            dmarc: RwSignal::new(None),
            dkim: RwSignal::new(None),
            mx: RwSignal::new(None),
            sts: RwSignal::new(None),
            tls: RwSignal::new(None),
            bimi: RwSignal::new(None),
        }
    }

    fn reset(&self, domain: &str, selectors: &[String]) {
        self.domain.set(domain.to_string());
        self.selectors.set(selectors.to_vec());
        self.raw.set(None);
        self.spf.set(None);
        self.dmarc.set(None);
        self.dkim.set(None);
        self.mx.set(None);
        self.sts.set(None);
        self.tls.set(None);
        self.bimi.set(None);
    }

    fn pending(&self) -> Vec<&'static str> {
        [
            self.spf.with(Option::is_none).then_some("SPF"),
            self.dmarc.with(Option::is_none).then_some("DMARC"),
            self.dkim.with(Option::is_none).then_some("DKIM"),
            self.mx.with(Option::is_none).then_some("MX"),
            self.sts.with(Option::is_none).then_some("MTA-STS"),
            self.tls.with(Option::is_none).then_some("TLS-RPT"),
            self.bimi.with(Option::is_none).then_some("BIMI"),
            self.raw.with(Option::is_none).then_some("TXT records"),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn resolver_failed(&self) -> bool {
        self.raw
            .with(|r| r.as_ref().is_some_and(|r| r.resolver_failed()))
    }

    /// The whole report, once every part is in.
    fn report(&self) -> Option<DomainReport> {
        Some(DomainReport::assemble(
            &self.domain.get(),
            Parts {
                spf: *self.spf.get()?,
                dmarc: *self.dmarc.get()?,
                dkim: *self.dkim.get()?,
                mx: self.mx.get()?,
                mta_sts: self.sts.get()?,
                tls_rpt: self.tls.get()?,
                bimi: self.bimi.get()?,
                lookups: self.raw.get()?.lookups,
            },
        ))
    }

    /// The `data-status` contract: `loading`, `done` or `error`.
    fn status(&self) -> &'static str {
        if self.resolver_failed() {
            "error"
        } else if self.pending().is_empty() {
            "done"
        } else {
            "loading"
        }
    }
}

/// What the result area shows.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Idle,
    Active,
    Failed { message: String },
}

fn split_selectors(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// How long a part's card waits before it is drawn (see `part!`).
const DRAW_DELAY_MS: u64 = 20;

/// Runs one part in a task and stores its result if the run is still current.
macro_rules! part {
    ($outcome:ident, $generation:ident, $mine:ident, $field:ident, $fut:expr) => {
        spawn_local(async move {
            let value = $fut.await;
            // Drawing waits a moment: the answers of one round arrive together, and every part
            // sends its next questions before the page spends time drawing. The last part to
            // arrive has nobody to wait for.
            let last = untrack(|| $outcome.pending().len() == 1);
            let delay = if last { 0 } else { DRAW_DELAY_MS };
            set_timeout(
                move || {
                    if $generation.get_value() == $mine {
                        $outcome.$field.set(Some(value.into()));
                    }
                },
                std::time::Duration::from_millis(delay),
            );
        });
    };
}

#[component]
pub fn InspectPage() -> impl IntoView {
    let params = url::read();
    let provider = use_provider();
    let input = RwSignal::new(params.domain.clone().unwrap_or_default());
    let selectors_input = RwSignal::new(params.selectors.join(", "));
    let compare_on = RwSignal::new(url::param("compare").is_some_and(|v| v == "1"));
    let outcome = RwSignal::new(Outcome::Idle);
    let parts = Active::new();
    let comparison = RwSignal::new(None::<String>);
    // Each run has a number; an answer that arrives after a newer run started is dropped.
    let generation = StoredValue::new(0u64);

    // The comparison is drawn by `inspect_tools` (components::tool) from the questions this
    // inspection asked; each run gets a new one.
    let run_compare = move || {
        if outcome.get_untracked() != Outcome::Active || untrack(|| parts.status()) != "done" {
            return;
        }
        let asked = resolver_for(&provider.get_untracked()).answered();
        comparison.set(Some(crate::components::tool::questions_input(
            asked.iter().map(|(name, t, _)| (name.as_str(), *t)),
        )));
    };

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
        let selectors = split_selectors(&selectors_input.get_untracked());
        let p = provider.get_untracked();
        url::write(&PageParams {
            domain: Some(domain.clone()),
            selectors: selectors.clone(),
            doh: url::doh_param(&p),
            view: None,
        });
        url::set_params(&[(
            "compare",
            compare_on.get_untracked().then(|| "1".to_string()),
        )]);
        input.set(domain.clone());
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        comparison.set(None);
        parts.reset(&domain, &selectors);
        outcome.set(Outcome::Active);
        let resolver = resolver_for(&p);
        {
            let (r, d) = (resolver.clone(), domain.clone());
            part!(parts, generation, mine, raw, async move {
                raw_txt(&*r, &d).await
            });
        }
        {
            let (r, d) = (resolver.clone(), domain.clone());
            part!(parts, generation, mine, spf, async move {
                Box::new(tree::inspect(&*r, &d).await)
            });
        }
        {
            let (r, d) = (resolver.clone(), domain.clone());
            part!(parts, generation, mine, dmarc, async move {
                let memo = Memo::new(&*r);
                Box::new(discover_with(&memo, &d).await)
            });
        }
        {
            let (r, d, s) = (resolver.clone(), domain.clone(), selectors.clone());
            part!(parts, generation, mine, dkim, async move {
                let memo = Memo::new(&*r);
                Box::new(domain::dkim_part(&memo, &d, &s).await)
            });
        }
        {
            let (r, d) = (resolver.clone(), domain.clone());
            part!(parts, generation, mine, mx, async move {
                let memo = Memo::new(&*r);
                authlens_engine::mx::check(&memo, &d).await
            });
        }
        {
            let (r, d) = (resolver.clone(), domain.clone());
            part!(parts, generation, mine, sts, async move {
                let memo = Memo::new(&*r);
                authlens_engine::mtasts::check(&memo, &d).await
            });
        }
        {
            let (r, d) = (resolver.clone(), domain.clone());
            part!(parts, generation, mine, tls, async move {
                let memo = Memo::new(&*r);
                authlens_engine::tlsrpt::check(&memo, &d).await
            });
        }
        {
            let (r, d) = (resolver.clone(), domain.clone());
            part!(parts, generation, mine, bimi, async move {
                let memo = Memo::new(&*r);
                authlens_engine::bimi::check(&memo, &d).await
            });
        }
    };

    // The comparison starts by itself when the switch is on and the inspection is complete.
    Effect::new(move |_| {
        let done = outcome.get() == Outcome::Active && parts.status() == "done";
        if done && compare_on.get() && comparison.with_untracked(Option::is_none) {
            run_compare();
        }
    });

    if params.domain.is_some() {
        run();
    }

    view! {
        <section class="al-inspect" aria-labelledby="al-inspect-title">
            <h1 class="al-page-title" id="al-inspect-title">"Check a domain"</h1>
            <form
                class="al-search"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    run();
                }
            >
                <div class="al-search__fields">
                    <div class="al-search__field al-search__field--domain">
                        <label class="al-search__label" for="al-domain">"Domain"</label>
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
                    </div>
                    <div class="al-search__field">
                        <label class="al-search__label" for="al-selectors">"DKIM selectors " <span class="al-muted">"(optional)"</span></label>
                        <input
                            id="al-selectors"
                            class="al-search__input"
                            type="text"
                            name="selector"
                            autocomplete="off"
                            autocapitalize="off"
                            spellcheck="false"
                            placeholder="selector1, google"
                            aria-describedby="al-selectors-help"
                            bind:value=selectors_input
                        />
                        <span id="al-selectors-help" class="al-search__help">"Tried first; the selectors of the providers the MX and SPF point to, and common names, are tried too."</span>
                    </div>
                    <button class="al-button al-search__submit" type="submit">"Inspect"</button>
                </div>
                <div class="al-search__options">
                    <ResolverPicker provider=provider/>
                    <label class="al-check" for="al-compare" data-tool-intent="">
                        <input
                            id="al-compare"
                            type="checkbox"
                            prop:checked=move || compare_on.get()
                            on:change:target=move |ev| {
                                let on = ev.target().checked();
                                compare_on.set(on);
                                url::set_params(&[("compare", on.then(|| "1".to_string()))]);
                                if !on {
                                    comparison.set(None);
                                }
                            }
                        />
                        // The second resolver is the other public one, or Google beside yours.
                        {move || match provider.get() {
                            Provider::Google => " Compare the answers with Cloudflare's resolver",
                            _ => " Compare the answers with Google's resolver",
                        }}
                    </label>
                </div>
                <p class="al-search__privacy">
                    "Private by design: the checks run in this browser, and only the DNS names they need go to the resolver above."
                </p>
            </form>
            // Hidden by the stylesheet once a result is shown (`.al-inspect:has(.al-result)`).
            <Landing/>
            <Show when=move || outcome.get() != Outcome::Idle>
                <div
                    class="al-result"
                    data-status=move || match outcome.get() {
                        Outcome::Idle => "idle",
                        Outcome::Failed { .. } => "error",
                        Outcome::Active => parts.status(),
                    }
                    aria-busy=move || (outcome.get() == Outcome::Active && parts.status() == "loading").to_string()
                >
                    {move || match outcome.get() {
                        Outcome::Idle => ().into_any(),
                        Outcome::Failed { message } => view! {
                            <p class="al-alert al-alert--error" role="alert">{message}</p>
                        }
                        .into_any(),
                        Outcome::Active => active_view(parts, provider.get_untracked(), comparison).into_any(),
                    }}
                </div>
            </Show>
        </section>
    }
}

/// What a first visit shows below the form: a domain to try, what gets checked, and the other
/// pages. Static text, written as HTML: one string costs the page's module far less than the
/// same elements built one by one (docs/size.md). Each `^` becomes the chosen resolver's `doh=`,
/// so that the links keep it as the navigation's do.
const LANDING: &str = r#"<p class="al-landing__try">Try it with <a href="?domain=example.com^">example.com</a>, or a domain of yours: every check below runs at once, and the result can be shared as a link.</p>
<h2 class="al-landing__title">What gets checked</h2>
<dl class="al-landing__checks">
<div><dt>SPF</dt><dd>the record and every include, the 10-lookup limit, and any sender tested against it</dd></div>
<div><dt>DKIM</dt><dd>the keys under your selectors and your providers' (Microsoft 365, Google…), their size and state</dd></div>
<div><dt>DMARC</dt><dd>the policy that applies, what receivers do with failing mail, and where reports go</dd></div>
<div><dt>MX</dt><dd>the mail hosts and their addresses, or a null MX</dd></div>
<div><dt>MTA-STS</dt><dd>whether senders must use authenticated TLS, and a pasted policy file checked</dd></div>
<div><dt>TLS-RPT</dt><dd>where senders report failed TLS connections</dd></div>
<div><dt>BIMI</dt><dd>the brand-logo record and the DMARC policy it needs</dd></div>
<div><dt>DNSSEC</dt><dd>which answers the resolver validated</dd></div>
</dl>
<h2 class="al-landing__title">More tools</h2>
<ul class="al-landing__tools">
<li><a href="?view=message^">Check a message</a>: paste its headers to see DKIM and ARC verified, alignment and the DMARC verdict.</li>
<li><a href="?view=reports^">Read reports</a>: DMARC aggregate reports (XML, zip, gz) summed up by source.</li>
<li>Build records: <a href="?view=build-spf^">SPF</a>, <a href="?view=build-dkim^">a DKIM key</a>, <a href="?view=dmarc^">DMARC, stage by stage</a>, <a href="?view=build-mtasts^">MTA-STS</a>.</li>
</ul>"#;

#[component]
fn Landing() -> impl IntoView {
    // The resolver the address names, as the navigation's links keep it; encodeURIComponent
    // leaves no quote or angle bracket in the value.
    let doh = url::read()
        .doh
        .map(|d| format!("&amp;doh={}", js_sys::encode_uri_component(&d)))
        .unwrap_or_default();
    let html = LANDING.split('^').collect::<Vec<_>>().join(&doh);
    view! { <section class="al-landing" aria-label="About this check" inner_html=html></section> }
}

/// A card, or a placeholder of the same place while its answers are pending.
fn slot<V: IntoView + 'static>(name: &'static str, v: Option<V>) -> AnyView {
    match v {
        Some(v) => v.into_any(),
        None => view! {
            <section class="al-card al-card--pending" aria-hidden="true" data-pending=name>
                <h2 class="al-card__title">{name}</h2>
                <p class="al-muted"><span class="al-spinner"></span>" waiting for answers…"</p>
            </section>
        }
        .into_any(),
    }
}

fn active_view(
    a: Active,
    provider: Provider,
    comparison: RwSignal<Option<String>>,
) -> impl IntoView {
    let resolver_label = provider.endpoint().to_string();
    let domain = move || a.domain.get();
    let mx_hosts = move || {
        a.mx.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.hosts
                        .iter()
                        .map(|h| h.exchange.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <h2 class="al-result__title">"Results for " {domain}</h2>
        <p class="al-progress" aria-live="polite">
            {move || {
                let pending = a.pending();
                if pending.is_empty() {
                    view! { <span>"All checks are in."</span> }.into_any()
                } else {
                    view! {
                        <span class="al-spinner" aria-hidden="true"></span>
                        <span>"Looking up " <strong>{domain}</strong> ": waiting for " {pending.join(", ")} "…"</span>
                    }.into_any()
                }
            }}
        </p>
        {move || a.resolver_failed().then(|| view! {
            <p class="al-alert al-alert--error" role="alert">
                "The resolver could not be reached or gave no usable answer. "
                "Try again, or pick another resolver."
            </p>
        })}
        <Show when=move || !a.resolver_failed()>
            {let label = resolver_label.clone(); move || match a.report() {
                Some(r) => view! { <SummaryCard report=r resolver=label.clone() selectors=a.selectors.get_untracked()/> }.into_any(),
                None => slot::<()>("Summary", None),
            }}
            {move || comparison.get().map(|q| view! { <Tool name=ToolName::Compare inputs=vec![("questions", q)]/> })}
            <div class="al-cards al-cards--domain">
                {move || slot("SPF", a.spf.get().map(|t| view! { <SpfCard domain=a.domain.get_untracked() tree=*t/> }))}
                {move || slot("DMARC", a.dmarc.get().map(|d| view! { <DmarcCard discovery=*d/> }))}
                {move || slot("DKIM", a.dkim.get().map(|d| view! { <DkimCard scan=*d/> }))}
                {move || slot("MX", a.mx.get().map(|m| view! { <MxCard report=m/> }))}
                {move || slot("MTA-STS", a.sts.get().map(|s| view! { <MtaStsCard report=s mx_hosts=Signal::derive(mx_hosts)/> }))}
                {move || slot("TLS-RPT", a.tls.get().map(|t| {
                    let t = match a.sts.get() {
                        Some(s) => domain::tls_rpt_beside(t, &s),
                        None => t,
                    };
                    view! { <TlsRptCard report=t/> }
                }))}
                {move || slot("BIMI", a.bimi.get().map(|b| {
                    let b = match a.dmarc.get() {
                        Some(d) => domain::bimi_beside(b, &d),
                        None => b,
                    };
                    view! { <BimiCard report=b/> }
                }))}
            </div>
        </Show>
        // The TXT answers as they came, drawn by the second module (`lookups`) from the shared
        // answers: open at once when no resolver answered, where they are the explanation.
        {move || a.raw.get().map(|_| view! {
            <section class="al-card al-raw" aria-labelledby="al-raw-title">
                <h2 class="al-card__title" id="al-raw-title">"DNS records"</h2>
                <ToolDetails class="al-raw__more" summary="The TXT records of the domain and of its _dmarc name, as they came" name=ToolName::Lookups open=a.resolver_failed() inputs=vec![("domain", a.domain.get_untracked())]/>
            </section>
        })}
    }
}
