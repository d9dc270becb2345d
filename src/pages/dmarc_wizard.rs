//! The DMARC wizard: build a record, see what each choice means and what each kind of receiver
//! does with it, the authorization records external report addresses need, a staged rollout plan
//! (`t=y`, `pct=` or both), and where the published record stands on it.

use authlens_engine::dmarc::assess::{Enforcement, Receivers};
use authlens_engine::dmarc::build::DmarcBuilder;
use authlens_engine::dmarc::explain::{entry, TagName};
use authlens_engine::dmarc::plan::{rollout, you_are_here, Ramp, Stage};
use authlens_engine::dmarc::{discover, parse, Alignment, Discovery, Policy};
use authlens_engine::name::parse_domain;
use authlens_engine::text::upper_first;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::copy::CopyButton;
use crate::components::dmarc_card::ReceiversAccount;
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

/// `pct=`: empty (none), or a whole number from 0 to 100.
fn pct_value(s: &str) -> Result<Option<u8>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<u8>() {
        Ok(p) if p <= 100 => Ok(Some(p)),
        _ => Err(format!(
            "{s:?} is not a share: pct= takes a whole number from 0 to 100"
        )),
    }
}

/// The shares of a pct= ramp: whole numbers from 1 to 99, separated by commas or spaces.
fn ramp_steps(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for (i, part) in s
        .split([',', ' '])
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        match part.trim().trim_end_matches('%').parse::<u8>() {
            Ok(p) if (1..100).contains(&p) => out.push(p),
            _ => {
                return Err(format!(
                    "share {} ({:?}) is not a whole number from 1 to 99",
                    i + 1,
                    part.trim()
                ))
            }
        }
    }
    Ok(out)
}

/// The address errors of a list field, one sentence.
fn address_error(s: &str) -> Option<String> {
    let errs: Vec<String> = addresses(s)
        .into_iter()
        .filter_map(|a| DmarcBuilder::valid_address(&a).err())
        .collect();
    (!errs.is_empty()).then(|| errs.join("; "))
}

/// A field's error, shown under it once its value is wrong (never before anything is typed: the
/// fields start empty or valid).
#[component]
fn FieldError(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <span class="al-field-error" id=id role="alert">{e}</span> })
    }
}

/// What the page has said of what receivers do, so that each sentence is said once and later
/// referred to: the record being built (stage 0, shown above the plan), then each stage.
#[derive(Default)]
struct Said {
    /// Each whole account (one line per kind of receiver) and where it was first said.
    accounts: Vec<(Vec<(Receivers, String)>, usize)>,
    /// Each line shown in a list of lines, and where it was first shown.
    lines: Vec<(Receivers, String, usize)>,
    /// The lines the stage before showed in a list (none when it said one sentence).
    previous: Vec<(Receivers, String)>,
    /// What to check before the next step, and the stage that first said it.
    watches: Vec<(&'static str, usize)>,
}

impl Said {
    /// Notes an account said at `at`: where the same account was said before, if it was.
    fn account(&mut self, e: &Enforcement, at: usize) -> Option<usize> {
        let lines: Vec<(Receivers, String)> = e
            .receivers
            .iter()
            .map(|t| (t.receivers, t.text.clone()))
            .collect();
        let before = self.accounts.iter().find(|(l, _)| *l == lines).map(|a| a.1);
        if before.is_none() {
            self.accounts.push((lines.clone(), at));
            if !e.agree {
                for (r, t) in &lines {
                    if !self.lines.iter().any(|(k, x, _)| k == r && x == t) {
                        self.lines.push((*r, t.clone(), at));
                    }
                }
            }
        }
        self.previous = if e.agree { Vec::new() } else { lines };
        before
    }

    fn watch(&mut self, watch: &'static str, at: usize) -> Option<usize> {
        let first = self.watches.iter().find(|(w, _)| *w == watch).map(|w| w.1);
        if first.is_none() {
            self.watches.push((watch, at));
        }
        first
    }
}

/// The kind of receiver in a few words, for a line that only refers to the stage before.
fn receivers_short(r: Receivers) -> &'static str {
    match r {
        Receivers::Rfc9989 => "RFC 9989 receivers",
        Receivers::Rfc7489 => "RFC 7489 receivers",
    }
}

/// What a stage says of what receivers do.
#[derive(Debug, PartialEq)]
enum Account {
    /// The same as the record above (0) or an earlier stage.
    Same(usize),
    /// Both kinds of receiver do the same: one sentence.
    One(String),
    /// One line per kind of receiver: its label and what it does (or a reference).
    Lines(Vec<(Receivers, String, String)>),
}

/// What each kind of receiver does at a stage, each sentence said once on the page: a stage that
/// does what the record above (or an earlier stage) does says so; a kind of receiver that does
/// what the stage before listed for it is "unchanged"; a line listed further up points there.
fn stage_account(stage: &Stage, said: &mut Said) -> Account {
    let e = &stage.enforcement;
    // Read before `account` replaces them with this stage's.
    let previous = said.previous.clone();
    let listed = said.lines.clone();
    if let Some(at) = said.account(e, stage.number) {
        return Account::Same(at);
    }
    if e.agree {
        return Account::One(format!("{}.", upper_first(&e.account())));
    }
    Account::Lines(
        e.receivers
            .iter()
            .map(|t| {
                let r = t.receivers;
                if previous.iter().any(|(k, x)| *k == r && *x == t.text) {
                    return (r, receivers_short(r).to_string(), "unchanged".to_string());
                }
                let label = upper_first(r.label());
                match listed.iter().find(|(k, x, _)| *k == r && *x == t.text) {
                    Some((_, _, 0)) => (r, label, "as with your record above".to_string()),
                    Some((_, _, at)) => (r, label, format!("as at stage {at}")),
                    None => (r, label, t.text.clone()),
                }
            })
            .collect(),
    )
}

/// What to check before leaving a stage: said once, then referred to in a few words (the same
/// reference may stand under each step of a ramp); the last stage says what to keep doing.
fn stage_watch(stage: &Stage, last: usize, said: &mut Said) -> String {
    if stage.number == last {
        return stage.watch.to_string();
    }
    match said.watch(stage.watch, stage.number) {
        Some(at) => format!("Same checks as stage {at}."),
        None => format!("Before the next step: {}", stage.watch),
    }
}

/// A stage's [`Account`], with the markup of [`ReceiversAccount`].
fn account_view(a: Account) -> AnyView {
    match a {
        Account::Same(at) => {
            let text = if at == 0 {
                "Receivers do the same as with your record above.".to_string()
            } else {
                format!("Receivers do the same as at stage {at}.")
            };
            view! { <div class="al-receivers" data-agree="same"><p class="al-receivers__all">{text}</p></div> }.into_any()
        }
        Account::One(text) => view! { <div class="al-receivers" data-agree="yes"><p class="al-receivers__all">{text}</p></div> }.into_any(),
        Account::Lines(lines) => view! {
            <div class="al-receivers" data-agree="no">
                <ul class="al-receivers__list">
                    {lines.into_iter().map(|(r, label, text)| view! {
                        <li data-receivers=r.as_str()><strong>{label}</strong>": "{text}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any(),
    }
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
    let pct = RwSignal::new(p("pct"));
    let ramp = RwSignal::new(url::param("ramp").unwrap_or_else(|| "testing".into()));
    let steps = RwSignal::new(url::param("steps").unwrap_or_else(|| "10, 25, 50".into()));
    let domain_error = Signal::derive(move || {
        let d = domain.get();
        (!d.trim().is_empty())
            .then(|| {
                parse_domain(&d)
                    .err()
                    .map(|e| format!("{:?}: {e}", d.trim()))
            })
            .flatten()
    });
    let pct_error = Signal::derive(move || pct_value(&pct.get()).err());
    let steps_error = Signal::derive(move || ramp_steps(&steps.get()).err());
    let rua_error = Signal::derive(move || address_error(&rua.get()));
    let ruf_error = Signal::derive(move || address_error(&ruf.get()));
    let copied = RwSignal::new(false);
    let published = RwSignal::new(None::<Result<Box<Discovery>, String>>);

    let builder = Memo::new(move |_| {
        let mut b = DmarcBuilder::new(policy_opt(&policy.get()).unwrap_or(Policy::None));
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
        b.pct = pct_value(&pct.get()).ok().flatten();
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
            ("pct", Some(pct.get())),
            ("ramp", Some(ramp.get()).filter(|r| r != "testing")),
            ("steps", Some(steps.get()).filter(|s| s != "10, 25, 50")),
        ]);
        copied.set(false);
    });
    let domain_ok = move || parse_domain(&domain.get()).ok();
    let external = move || {
        let Some(d) = domain_ok() else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for a in addresses(&rua.get())
            .into_iter()
            .chain(addresses(&ruf.get()))
        {
            if DmarcBuilder::valid_address(&a).is_err() {
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
            <p class="al-wizard__intro">
                "Choose what receivers do with mail that fails DMARC and where their reports go: the record is written and checked as you choose. "
                "The rollout plan below takes the domain from monitoring to reject in stages."
            </p>
            <form class="al-search al-wizard__form" on:submit=move |ev| ev.prevent_default()>
                <div class="al-wizard__field">
                    <label for="al-wz-domain">"Domain"</label>
                    <input id="al-wz-domain" class="al-input" placeholder="example.com" autocomplete="off" spellcheck="false" bind:value=domain
                        aria-invalid=move || domain_error.get().map(|_| "true") aria-describedby=move || domain_error.get().map(|_| "al-wz-domain-error")/>
                    <FieldError id="al-wz-domain-error" error=domain_error/>
                </div>
                <PolicySelect label="Policy (p)" id="al-wz-p" value=policy inherit=None/>
                <PolicySelect label="Subdomains (sp)" id="al-wz-sp" value=sp inherit=Some("same as p")/>
                <PolicySelect label="Non-existent subdomains (np)" id="al-wz-np" value=np inherit=Some("same as sp")/>
                <div class="al-wizard__field">
                    <label for="al-wz-rua">"Aggregate reports to (rua)"</label>
                    <textarea id="al-wz-rua" class="al-input al-wizard__list" rows="1" spellcheck="false" placeholder="dmarc@example.com, reports@vendor.example" bind:value=rua
                        aria-invalid=move || rua_error.get().map(|_| "true") aria-describedby=move || rua_error.get().map(|_| "al-wz-rua-error")></textarea>
                    <FieldError id="al-wz-rua-error" error=rua_error/>
                </div>
                <div class="al-wizard__field">
                    <label for="al-wz-ruf">"Failure reports to (ruf, optional)"</label>
                    <textarea id="al-wz-ruf" class="al-input al-wizard__list" rows="1" spellcheck="false" placeholder="dmarc-failures@example.com" bind:value=ruf
                        aria-invalid=move || ruf_error.get().map(|_| "true") aria-describedby=move || ruf_error.get().map(|_| "al-wz-ruf-error")></textarea>
                    <FieldError id="al-wz-ruf-error" error=ruf_error/>
                </div>
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
                    " Testing mode (t=y): RFC 9989 receivers apply one level less while you test; receivers still on RFC 7489 ignore it"
                </label>
                <div class="al-wizard__field">
                    <label for="al-wz-pct">"Share of failing mail (pct, legacy: read only by receivers still on RFC 7489)"</label>
                    <input id="al-wz-pct" class="al-input" inputmode="numeric" placeholder="100" bind:value=pct
                        aria-invalid=move || pct_error.get().map(|_| "true") aria-describedby=move || pct_error.get().map(|_| "al-wz-pct-error")/>
                    <FieldError id="al-wz-pct-error" error=pct_error/>
                </div>
            </form>

            <section class="al-card al-wizard__out" aria-live="polite">
                <h2 class="al-card__title">"Your record"</h2>
                <dl class="al-facts">
                    <div><dt>"Name"</dt><dd><code class="al-wizard__name">{move || format!("_dmarc.{}", domain_ok().unwrap_or_else(|| "<domain>".into()))}</code></dd></div>
                    <div><dt>"Type"</dt><dd>"TXT"</dd></div>
                </dl>
                <code class="al-record-terms__text al-wizard__record">{move || record.get()}</code>
                <p>
                    <button class="al-button al-button--small" type="button" id="al-wz-copy" on:click=move |_| copy()>"Copy the DMARC record"</button>
                    <span class="al-wizard__copied" role="status">{move || copied.get().then_some("Copied.")}</span>
                </p>
                {move || {
                    let r = parse(&record.get());
                    view! {
                        <h3 class="al-card__subtitle">"What receivers do with mail that fails DMARC"</h3>
                        <ReceiversAccount enforcement=Enforcement::of_record(&r)/>
                        <FindingsList findings=r.findings/>
                    }
                }}
                {move || {
                    let ext = external();
                    (!ext.is_empty()).then(|| view! {
                        <h3 class="al-card__subtitle">"Authorization the report domains must publish"</h3>
                        <p class="al-dmarc__note">"Receivers send reports to another domain only if that domain agrees (RFC 9989 §3). Ask each to publish:"</p>
                        <ul class="al-auth">
                            {ext.into_iter().map(|(dest, name)| view! {
                                <li class="al-auth__item">
                                    <div class="al-copyable">
                                        <code>{format!("{name}  TXT  \"v=DMARC1\"")}</code>
                                        <CopyButton text=format!("{name}. IN TXT \"v=DMARC1\"") label=format!("Copy the authorization record for {dest}")/>
                                    </div>
                                    <span class="al-auth__name">{format!("published by {dest}")}</span>
                                </li>
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
                                <p>"Published at " <code>{format!("_dmarc.{}", d.policy_domain.clone().unwrap_or_default())}</code> " — " {d.assessment().headline}</p>
                                <code class="al-record-terms__text">{r.text.clone()}</code>
                                <ul class="al-wizard__diff">
                                    {if changes.is_empty() { view! { <li>"No difference."</li> }.into_any() } else { changes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view().into_any() }}
                                </ul>
                            }.into_any()
                        }
                    },
                })}
            </section>

            <section class="al-card al-plan">
                <h2 class="al-card__title">"Rollout plan"</h2>
                <p class="al-dmarc__note">"Between monitoring and each policy, hold part of it back: with t=y, which RFC 9989 receivers read (one level less), with pct=, which receivers still on RFC 7489 read (the policy for that share of failing mail, one level less for the rest), or with both in one record. Each stage says what each kind of receiver does."</p>
                <div class="al-search al-wizard__form">
                    <label class="al-wizard__field" for="al-wz-ramp">
                        <span>"Ramp"</span>
                        <select id="al-wz-ramp" class="al-resolver__select" prop:value=move || ramp.get() on:change:target=move |ev| ramp.set(ev.target().value())>
                            <option value="testing">"t=y (RFC 9989 receivers)"</option>
                            <option value="pct">"pct= (receivers still on RFC 7489)"</option>
                            <option value="both">"both in one record"</option>
                        </select>
                    </label>
                    <div class="al-wizard__field">
                        <label for="al-wz-steps">"pct= shares (for the pct= and both ramps)"</label>
                        <input id="al-wz-steps" class="al-input" bind:value=steps
                            aria-invalid=move || steps_error.get().map(|_| "true") aria-describedby=move || steps_error.get().map(|_| "al-wz-steps-error")/>
                        <FieldError id="al-wz-steps-error" error=steps_error/>
                    </div>
                </div>
                <ol class="al-plan__stages">
                    {move || {
                        let r = Ramp::parse(&ramp.get()).unwrap_or(Ramp::Testing);
                        let shares = ramp_steps(&steps.get()).unwrap_or_default();
                        let stages = rollout(&builder.get(), r, &shares);
                        let last = stages.len();
                        let published = published.get().and_then(|p| p.ok()).and_then(|d| d.assessment().enforcement);
                        let now = published.as_ref().and_then(|e| you_are_here(&stages, e));
                        // The record above said its lines first.
                        let mut said = Said::default();
                        said.account(&Enforcement::of_record(&parse(&record.get())), 0);
                        stages.into_iter().map(|s| {
                            let here = now == Some(s.number);
                            let label = format!("Copy the record of stage {}, {}", s.number, s.title);
                            let account = account_view(stage_account(&s, &mut said));
                            let watch = stage_watch(&s, last, &mut said);
                            view! {
                                <li class=format!("al-plan__stage{}", if here { " al-plan__stage--current" } else { "" }) data-stage=s.number>
                                    <strong>{format!("{}. {}", s.number, s.title)}</strong>
                                    {here.then(|| view! { <span class="al-badge al-badge--secure">"you are here"</span> })}
                                    <span class="al-plan__duration">{upper_first(s.duration)}</span>
                                    <div class="al-copyable">
                                        <code class="al-plan__record">{s.record.clone()}</code>
                                        <CopyButton text=s.record.clone() label=label/>
                                    </div>
                                    {account}
                                    <p class="al-plan__watch">{watch}</p>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ol>
            </section>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences the page shows of what receivers do and what to check: the record's account
    /// above the plan, then each stage's.
    fn sentences(b: &DmarcBuilder, ramp: Ramp, steps: &[u8]) -> Vec<String> {
        let record = Enforcement::of_record(&parse(&b.render()));
        let mut out: Vec<String> = if record.agree {
            vec![format!("{}.", upper_first(&record.account()))]
        } else {
            record
                .receivers
                .iter()
                .map(|t| format!("{}: {}", upper_first(t.receivers.label()), t.text))
                .collect()
        };
        let mut said = Said::default();
        said.account(&record, 0);
        let stages = rollout(b, ramp, steps);
        let last = stages.len();
        for s in &stages {
            match stage_account(s, &mut said) {
                Account::Same(at) => out.push(format!("the same as {at}")),
                Account::One(t) => out.push(t),
                Account::Lines(lines) => {
                    out.extend(lines.into_iter().map(|(_, l, t)| format!("{l}: {t}")))
                }
            }
            out.push(stage_watch(s, last, &mut said));
        }
        out
    }

    /// For every record the wizard can build and every ramp, no sentence of six words or more is
    /// said twice (the rule the e2e check `repeatedSentences` reads off the page).
    #[test]
    fn every_sentence_of_the_plan_is_said_once() {
        for policy in [Policy::None, Policy::Quarantine, Policy::Reject] {
            for testing in [false, true] {
                for pct in [None, Some(10), Some(50)] {
                    for ramp in [Ramp::Testing, Ramp::Pct, Ramp::Both] {
                        for steps in [&[10, 25, 50][..], &[50][..]] {
                            let mut b = DmarcBuilder::new(policy);
                            b.testing = testing;
                            b.pct = pct;
                            let said = sentences(&b, ramp, steps);
                            let long: Vec<&String> = said
                                .iter()
                                .filter(|s| s.split_whitespace().count() >= 6)
                                .collect();
                            for (i, s) in long.iter().enumerate() {
                                assert!(
                                    !long[..i].contains(s),
                                    "{policy:?} t={testing} pct={pct:?} {ramp:?} {steps:?}: {s:?} twice in {said:#?}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// The steps of a ramp refer to the stage before for what does not change.
    #[test]
    fn a_ramp_says_what_changes() {
        let b = DmarcBuilder::new(Policy::Reject);
        let said = sentences(&b, Ramp::Both, &[10, 25, 50]);
        assert!(
            said.contains(&"RFC 9989 receivers: unchanged".to_string()),
            "{said:#?}"
        );
        assert!(
            said.contains(&"Same checks as stage 2.".to_string()),
            "{said:#?}"
        );
        // The last stage is the record above, and has no next step.
        assert_eq!(said[said.len() - 2], "the same as 0");
        assert!(!said[said.len() - 1].starts_with("Before the next step"));
    }
}
