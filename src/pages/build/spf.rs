//! The SPF record builder (`?view=build-spf`): the senders chosen from a catalogue, the record
//! built, its DNS lookups counted over the live records, and the ways out when it needs too many.

use authlens_engine::diag::{Finding, Severity};
use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};
use authlens_engine::name::parse_domain;
use authlens_engine::spf::build::{
    self as bspf, AllPolicy, Envelope, Flattened, Kind, Meter, SpfBuilder, SpfOutput, WayOut,
    WayOutKind,
};
use authlens_engine::spf::tree::{inspect_with, Tree};
use authlens_engine::spf::{is_spf_record, parse as parse_spf};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::findings::FindingsList;
use crate::components::spf_card::LookupMeter;
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::url;

use super::{items, published_txt, working, ComparisonView, FieldErrors, TxtRecord, DEBOUNCE};

/// A list field's text without one item (a way out acting on a term).
fn without(text: &str, item: &str) -> String {
    items(text)
        .into_iter()
        .filter(|i| !i.trim_end_matches('.').eq_ignore_ascii_case(item))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Scrolls to an element and moves the keyboard focus there.
fn jump_to(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    el.scroll_into_view();
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Mailbox => "Mailboxes",
        Kind::Marketing => "Newsletters and campaigns",
        Kind::Transactional => "Mail sent by applications",
        Kind::Crm => "CRM",
        Kind::Helpdesk => "Help desks",
        Kind::Commerce => "Shops",
    }
}

const KINDS: [Kind; 6] = [
    Kind::Mailbox,
    Kind::Marketing,
    Kind::Transactional,
    Kind::Crm,
    Kind::Helpdesk,
    Kind::Commerce,
];

/// Stands in for the domain while none is typed, so that the lookups of the includes can be
/// counted at once: `a` and `mx` of the draft point to this name, which is answered NXDOMAIN
/// here instead of being sent to the resolver.
const PLACEHOLDER: &str = "<domain>";

struct DraftResolver<R>(R);

impl<R: Resolver> Resolver for DraftResolver<R> {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        if name == PLACEHOLDER {
            return Err(DnsError::NxDomain {
                name: name.to_string(),
                cname_chain: Vec::new(),
                authenticated: false,
            });
        }
        self.0.query(name, rtype).await
    }
}

/// The meter of one built record.
#[derive(Clone, PartialEq)]
struct Measured {
    /// The record text it was measured for: an answer for an older text is never shown as
    /// current.
    text: String,
    domain_given: bool,
    meter: Meter,
    /// The tree's findings that the record's own check does not already give (the limits, the
    /// includes' problems).
    extra: Vec<Finding>,
}

fn extra_findings(output: &SpfOutput, tree: &Tree) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for f in &tree.findings {
        if f.severity == Severity::Info
            || output.findings.iter().any(|o| o.code == f.code)
            || out
                .iter()
                .any(|o| o.code == f.code && o.message == f.message)
        {
            continue;
        }
        out.push(f.clone());
    }
    out
}

/// The choices of the SPF page, for the actions of the ways out.
#[derive(Clone, Copy)]
struct SpfChoices {
    senders: RwSignal<Vec<String>>,
    own_a: RwSignal<bool>,
    own_mx: RwSignal<bool>,
    hosts: RwSignal<String>,
    includes: RwSignal<String>,
    flattened: RwSignal<Vec<Flattened>>,
}

impl SpfChoices {
    /// Unticks a sender, and forgets the ranges copied from its includes with it.
    fn drop_sender(self, id: &str) {
        self.senders.update(|s| s.retain(|x| x != id));
        if let Some(sender) = bspf::sender(id) {
            self.flattened.update(|f| {
                f.retain(|x| {
                    !sender
                        .includes
                        .iter()
                        .any(|i| i.eq_ignore_ascii_case(&x.include))
                })
            });
        }
    }
}

/// What a way out's button does.
#[derive(Clone)]
enum Action {
    RemoveSender(String),
    RemoveInclude(String),
    RemoveA,
    RemoveMx,
    RemoveHost(String),
    Flatten(Flattened),
}

impl Action {
    fn for_way(w: &WayOut) -> Option<(Action, String)> {
        let include = w.term.strip_prefix("include:");
        match (w.kind, w.sender, include) {
            (WayOutKind::Flatten, _, _) => w.flatten.as_ref().map(|f| {
                (
                    Action::Flatten(Flattened {
                        include: f.include.clone(),
                        ranges: f.ranges.clone(),
                    }),
                    format!("Replace with its {} ranges", f.ranges.len()),
                )
            }),
            (WayOutKind::MoveToSubdomain, _, _) => None,
            (_, Some(id), _) => Some((
                Action::RemoveSender(id.to_string()),
                format!("Remove {}", bspf::sender(id).map_or(id, |s| s.name)),
            )),
            (_, None, Some(target)) => Some((
                Action::RemoveInclude(target.to_string()),
                format!("Remove {}", w.term),
            )),
            (_, None, None) => match w.term.as_str() {
                "a" => Some((Action::RemoveA, "Remove a".into())),
                "mx" => Some((Action::RemoveMx, "Remove mx".into())),
                t => t
                    .strip_prefix("a:")
                    .map(|h| (Action::RemoveHost(h.to_string()), format!("Remove {t}"))),
            },
        }
    }

    fn run(self, c: SpfChoices) {
        match self {
            Action::RemoveSender(id) => c.drop_sender(&id),
            Action::RemoveInclude(t) => c.includes.update(|s| *s = without(s, &t)),
            Action::RemoveA => c.own_a.set(false),
            Action::RemoveMx => c.own_mx.set(false),
            Action::RemoveHost(h) => c.hosts.update(|s| *s = without(s, &h)),
            Action::Flatten(f) => c.flattened.update(|v| {
                v.retain(|x| !x.include.eq_ignore_ascii_case(&f.include));
                v.push(f);
            }),
        }
    }
}

fn way_kind_title(kind: WayOutKind) -> &'static str {
    match kind {
        WayOutKind::DropSender => "Drop a sender",
        WayOutKind::MoveToSubdomain => "Move to a subdomain",
        WayOutKind::Flatten => "Copy the ranges",
        WayOutKind::DropTerm => "Drop a term",
    }
}

/// The meter, the cost of each term, and the ways out once a limit is crossed.
fn meter_view(m: Measured, choices: SpfChoices) -> impl IntoView {
    let meter = m.meter;
    let level = meter.level.as_str();
    view! {
        <LookupMeter lookups=meter.lookups max=meter.max_lookups voids=meter.void_lookups max_void=meter.max_void_lookups/>
        <p class=format!("al-builder__level al-builder__level--{level}") data-level=level>
            {match meter.level {
                bspf::Level::Ok => format!("{}: within the limits receivers apply.", meter.label),
                bspf::Level::Near => format!("{}: close to the limit. One more include can break SPF for every message.", meter.label),
                bspf::Level::Over => format!("{}: over the limit. Receivers stop and return permerror, which fails DMARC for SPF on every message.", meter.label),
            }}
        </p>
        {(!m.domain_given).then(|| view! {
            <p class="al-builder__note">"Type the domain to resolve a and mx: until then they count as lookups that find nothing."</p>
        })}
        {(!meter.terms.is_empty()).then(|| view! {
            <details class="al-builder__costs-box" open=meter.level != bspf::Level::Ok>
                <summary>"What each term costs"</summary>
                <ul class="al-builder__costs">
                    {meter.terms.iter().map(|t| view! {
                        <li class="al-builder__cost" data-term=t.term.clone() data-lookups=t.lookups data-sender=t.sender.unwrap_or_default()>
                            <code>{t.term.clone()}</code>
                            <span class="al-builder__cost-n">{format!("{} lookup{}", t.lookups, if t.lookups == 1 { "" } else { "s" })}</span>
                            {(t.void_lookups > 0).then(|| view! { <span class="al-builder__cost-void">{format!("{} void", t.void_lookups)}</span> })}
                            {t.sender.and_then(bspf::sender).map(|s| view! { <span class="al-muted">{s.name}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </details>
        })}
        {(!meter.findings.is_empty()).then(|| view! { <FindingsList findings=meter.findings.clone()/> })}
        {(!m.extra.is_empty()).then(|| view! { <FindingsList findings=m.extra.clone()/> })}
        {(!meter.ways_out.is_empty()).then(|| view! {
            <h3 class="al-card__subtitle">"Ways back under the limit"</h3>
            <p class="al-builder__note">"Most useful first. “Enough” marks a step that alone brings the record back within the limits."</p>
            // The three most useful in full; the rest folded, so that a record far over the
            // limit does not bury the page in caveats.
            <ol class="al-builder__ways">
                {meter.ways_out.iter().take(3).map(|w| view! { <WayOutItem way=w.clone() choices/> }).collect_view()}
            </ol>
            {(meter.ways_out.len() > 3).then(|| view! {
                <details class="al-builder__ways-more">
                    <summary>{format!("{} more ways", meter.ways_out.len() - 3)}</summary>
                    <ol class="al-builder__ways" start="4">
                        {meter.ways_out.iter().skip(3).map(|w| view! { <WayOutItem way=w.clone() choices/> }).collect_view()}
                    </ol>
                </details>
            })}
        })}
    }
}

/// One way back under the lookup limit, with the button that applies it when there is one.
#[component]
fn WayOutItem(way: WayOut, choices: SpfChoices) -> impl IntoView {
    let w = way;
    let action = Action::for_way(&w);
    view! {
        <li class=format!("al-builder__way al-builder__way--{}", if w.enough { "enough" } else { "partial" }) data-kind=format!("{:?}", w.kind)>
            <div class="al-builder__way-head">
                <strong>{way_kind_title(w.kind)}</strong>
                <code>{w.term.clone()}</code>
                <span class="al-badge">{format!("saves {}", w.saves)}</span>
                {w.enough.then(|| view! { <span class="al-badge al-badge--secure">"enough"</span> })}
            </div>
            <p class="al-builder__way-advice">{w.advice.clone()}</p>
            {w.caveat.clone().map(|c| view! { <p class="al-builder__way-caveat">{c}</p> })}
            {action.map(|(a, label)| view! {
                <button class="al-button al-button--small al-builder__way-do" type="button" on:click=move |_| a.clone().run(choices)>{label}</button>
            })}
        </li>
    }
}

#[component]
pub fn SpfBuilderPage() -> impl IntoView {
    let provider = use_provider();
    let start = SpfBuilder::from_params(url::param);
    let domain = RwSignal::new(start.domain.clone());
    let senders = RwSignal::new(start.senders.clone());
    let own_a = RwSignal::new(start.a);
    let own_mx = RwSignal::new(start.mx);
    let ranges = RwSignal::new(start.ranges.join(", "));
    let hosts = RwSignal::new(start.hosts.join(", "));
    let includes = RwSignal::new(start.includes.join(", "));
    let flattened = RwSignal::new(start.flattened.clone());
    let all = RwSignal::new(start.all);
    let choices = SpfChoices {
        senders,
        own_a,
        own_mx,
        hosts,
        includes,
        flattened,
    };

    let builder = Memo::new(move |_| SpfBuilder {
        domain: domain.get().trim().to_string(),
        senders: senders.get(),
        a: own_a.get(),
        mx: own_mx.get(),
        ranges: items(&ranges.get()),
        hosts: items(&hosts.get()),
        includes: items(&includes.get()),
        flattened: flattened.get(),
        all: all.get(),
    });
    let output = Memo::new(move |_| builder.get().build());
    Effect::new(move |_| {
        let mut params = vec![("view", Some("build-spf".to_string()))];
        params.extend(builder.get().to_params());
        url::set_params(&params);
    });
    let fe = FieldErrors::new(
        move || output.with(|o| o.input_errors.clone()),
        &[
            ("domain", !start.domain.is_empty()),
            ("send", !start.senders.is_empty()),
            ("ip", !start.ranges.is_empty()),
            ("host", !start.hosts.is_empty()),
            ("include", !start.includes.is_empty()),
            ("flat", !start.flattened.is_empty()),
        ],
    );

    // The meter: the built record evaluated over DoH once typing pauses; an answer that arrives
    // after a newer record was built is dropped.
    let measured = RwSignal::new(None::<Measured>);
    let measuring = RwSignal::new(true);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let out = output.get();
        let name = parse_domain(&domain.get()).ok();
        let p = provider.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        measuring.set(true);
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                let resolver = DraftResolver(resolver_for(&p));
                spawn_local(async move {
                    let at = name.clone().unwrap_or_else(|| PLACEHOLDER.to_string());
                    let tree = inspect_with(&resolver, &at, Some(&out.record.text)).await;
                    if generation.try_get_value() != Some(mine) {
                        return;
                    }
                    measured.set(Some(Measured {
                        text: out.record.text.clone(),
                        domain_given: name.is_some(),
                        meter: bspf::meter(&out, &tree),
                        extra: extra_findings(&out, &tree),
                    }));
                    measuring.set(false);
                });
            },
            DEBOUNCE,
        );
    });

    // What the domain publishes now.
    let published = RwSignal::new(None::<Result<(String, Vec<String>), String>>);
    let comparing = RwSignal::new(false);
    let dropped = RwSignal::new(Vec::<String>::new());
    let compare = move |_| {
        let Ok(d) = parse_domain(&domain.get_untracked()) else {
            published.set(Some(Err("Type the domain first.".into())));
            return;
        };
        comparing.set(true);
        let resolver = resolver_for(&provider.get_untracked());
        spawn_local(async move {
            let found = published_txt(&*resolver, &d, is_spf_record).await;
            published.set(Some(found.map(|f| (d, f))));
            comparing.set(false);
        });
    };
    let load_published = move |d: String, text: String| {
        let (b, left_out) = SpfBuilder::from_record(&d, &parse_spf(&text));
        senders.set(b.senders);
        own_a.set(b.a);
        own_mx.set(b.mx);
        ranges.set(b.ranges.join(", "));
        hosts.set(b.hosts.join(", "));
        includes.set(b.includes.join(", "));
        flattened.set(Vec::new());
        all.set(b.all);
        dropped.set(left_out);
    };

    let sender_box = move |s: &'static bspf::Sender| {
        let id = s.id;
        let input_id = format!("al-spf-send-{id}");
        view! {
            <li class="al-builder__sender">
                <input
                    type="checkbox"
                    id=input_id.clone()
                    value=id
                    prop:checked=move || senders.with(|v| v.iter().any(|x| x == id))
                    on:change:target=move |ev| {
                        if ev.target().checked() {
                            senders.update(|v| {
                                if !v.iter().any(|x| x == id) {
                                    v.push(id.to_string());
                                }
                            });
                        } else {
                            choices.drop_sender(id);
                        }
                    }
                />
                <label for=input_id>
                    <span class="al-builder__sender-name">{s.name}</span>
                    {(s.envelope == Envelope::Provider).then(|| view! {
                        <span class="al-badge" title="It sends with its own domain in MAIL FROM: receivers check its SPF record, not yours">"own bounce domain"</span>
                    })}
                    <span class="al-builder__sender-terms">
                        {if s.includes.is_empty() {
                            "nothing to add".to_string()
                        } else {
                            s.includes.iter().map(|i| format!("include:{i}")).collect::<Vec<_>>().join(" ")
                        }}
                    </span>
                    <span class="al-builder__sender-note">{s.note}</span>
                </label>
            </li>
        }
    };

    // On a narrow screen the record comes after the long form: a bar (`al-builder__jump`) keeps
    // the count in view while senders are ticked, and leads to the record.
    view! {
        <section class="al-builder al-builder--spf">
            <h1 class="al-builder__title">"SPF record builder"</h1>
            <p class="al-builder__intro">
                "Pick the services that send mail for your domain, add your own servers, and choose what every other host gets. "
                "The record is checked as you go, and its DNS lookups are counted through your resolver: receivers give up after 10."
            </p>
            <div class="al-builder__layout">
                <form class="al-builder__form" on:submit=move |ev| { ev.prevent_default(); fe.submit(); }>
                    <div class="al-builder__field">
                        <label for="al-spf-domain">"Domain"</label>
                        <input id="al-spf-domain" class="al-input" placeholder="example.com" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("domain") aria-describedby=move || fe.described("domain", "al-spf-domain-error") on:input=move |_| fe.touch("domain") bind:value=domain/>
                        {fe.list("domain", "al-spf-domain-error")}
                    </div>

                    <fieldset class="al-builder__group">
                        <legend>"Services that send for the domain"</legend>
                        <p class="al-builder__note">"Only what sends with this domain in the Return-Path (MAIL FROM) needs to be here. Services marked “own bounce domain” use theirs: their include here only costs lookups."</p>
                        {KINDS.into_iter().map(|k| {
                            let entries: Vec<&'static bspf::Sender> = bspf::CATALOGUE.iter().filter(|s| s.kind == k).collect();
                            view! {
                                <h3 class="al-builder__kind">{kind_title(k)}</h3>
                                <ul class="al-builder__catalogue">{entries.into_iter().map(sender_box).collect_view()}</ul>
                            }
                        }).collect_view()}
                        {fe.list("send", "al-spf-send-error")}
                    </fieldset>

                    <fieldset class="al-builder__group">
                        <legend>"Your own servers"</legend>
                        <div class="al-builder__checks">
                            <label class="al-check">
                                <input type="checkbox" id="al-spf-a" prop:checked=move || own_a.get() on:change:target=move |ev| own_a.set(ev.target().checked())/>
                                <span><code>"a"</code>" — the domain's own address (a web server that sends mail): 1 lookup"</span>
                            </label>
                            <label class="al-check">
                                <input type="checkbox" id="al-spf-mx" prop:checked=move || own_mx.get() on:change:target=move |ev| own_mx.set(ev.target().checked())/>
                                <span><code>"mx"</code>" — the servers that receive its mail also send it: 1 lookup"</span>
                            </label>
                        </div>
                        <div class="al-builder__field">
                            <label for="al-spf-ip">"IPv4 and IPv6 addresses or ranges (no lookup)"</label>
                            <textarea id="al-spf-ip" class="al-input al-builder__list" rows="1" placeholder="192.0.2.10, 198.51.100.0/24, 2001:db8::/32" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("ip") aria-describedby=move || fe.described("ip", "al-spf-ip-error") on:input=move |_| fe.touch("ip") bind:value=ranges></textarea>
                            {fe.list("ip", "al-spf-ip-error")}
                        </div>
                        <div class="al-builder__field">
                            <label for="al-spf-host">"Hosts by name (a:host, 1 lookup each)"</label>
                            <textarea id="al-spf-host" class="al-input al-builder__list" rows="1" placeholder="relay.example.com" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("host") aria-describedby=move || fe.described("host", "al-spf-host-error") on:input=move |_| fe.touch("host") bind:value=hosts></textarea>
                            {fe.list("host", "al-spf-host-error")}
                        </div>
                        <div class="al-builder__field">
                            <label for="al-spf-include">"Other includes (a provider not listed above)"</label>
                            <textarea id="al-spf-include" class="al-input al-builder__list" rows="1" placeholder="_spf.example.net" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("include") aria-describedby=move || fe.described("include", "al-spf-include-error") on:input=move |_| fe.touch("include") bind:value=includes></textarea>
                            {fe.list("include", "al-spf-include-error")}
                        </div>
                        {move || {
                            let f = flattened.get();
                            (!f.is_empty()).then(|| view! {
                                <div class="al-builder__flattened">
                                    <p class="al-builder__note">"Includes replaced by the ranges they hold today (they go stale when the provider changes them):"</p>
                                    <ul>
                                        {f.into_iter().map(|x| {
                                            let inc = x.include.clone();
                                            view! {
                                                <li>
                                                    <code>{format!("include:{}", x.include)}</code>
                                                    {format!(" → {} ranges ", x.ranges.len())}
                                                    <button class="al-copy" type="button" on:click=move |_| flattened.update(|v| v.retain(|y| y.include != inc))>"Use the include again"</button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </div>
                            })
                        }}
                        {fe.list("flat", "al-spf-flat-error")}
                    </fieldset>

                    <fieldset class="al-builder__group">
                        <legend>"Every other host"</legend>
                        <ul class="al-builder__options">
                            {AllPolicy::ALL.into_iter().map(|a| {
                                let id = format!("al-spf-all-{}", a.as_str());
                                view! {
                                    <li class="al-builder__option">
                                        <input type="radio" name="al-spf-all" id=id.clone() value=a.as_str() prop:checked=move || output.with(|o| o.all == a) on:change=move |_| all.set(Some(a))/>
                                        <label for=id>
                                            <strong>{a.title()}</strong>
                                            <span class="al-builder__consequence">{a.consequence()}</span>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p class="al-builder__note">"+all is not offered: it lets every host on the internet send as your domain."</p>
                    </fieldset>
                </form>

                <button
                    class="al-builder__jump"
                    type="button"
                    data-level=move || measured.with(|m| m.as_ref().map_or("ok", |m| m.meter.level.as_str()))
                    on:click=move |_| jump_to("al-spf-out")
                >
                    <span>{move || measured.with(|m| m.as_ref().map_or_else(|| "Counting the lookups…".to_string(), |m| m.meter.label.clone()))}</span>
                    <span>"Your record ↓"</span>
                </button>
                <section class="al-card al-builder__out" id="al-spf-out" tabindex="-1" aria-labelledby="al-spf-out-title">
                    <h2 class="al-card__title" id="al-spf-out-title">"Your SPF record"</h2>
                    <div aria-live="polite">{move || view! { <TxtRecord record=output.get().record what="SPF record"/> }}</div>
                    <div
                        class="al-builder__meter"
                        data-status=move || if measuring.get() { "loading" } else { "done" }
                        data-for=move || measured.with(|m| m.as_ref().map(|m| m.text.clone()).unwrap_or_default())
                    >
                        <h3 class="al-card__subtitle">
                            "DNS lookups"
                            {move || measuring.get().then(|| view! { <span class="al-spinner al-builder__inline-spinner" role="status" aria-label="Counting"></span> })}
                        </h3>
                        {move || match measured.get() {
                            None => working("Counting the DNS lookups…").into_any(),
                            Some(m) => meter_view(m, choices).into_any(),
                        }}
                    </div>
                    <h3 class="al-card__subtitle">"Checks on the record"</h3>
                    <p class="al-builder__note">"The same checks as for a published record."</p>
                    {move || view! { <FindingsList findings=output.get().findings/> }}

                    <h3 class="al-card__subtitle">"Compare with what is published now"</h3>
                    <button class="al-button al-button--small" type="button" id="al-spf-compare" on:click=compare disabled=move || comparing.get()>"Look up the published record"</button>
                    {move || comparing.get().then(|| working("Looking it up…"))}
                    {move || published.get().map(|p| match p {
                        Err(e) => view! { <p class="al-resolver__error">{e}</p> }.into_any(),
                        Ok((d, found)) => {
                            if parse_domain(&domain.get()).ok().as_deref() != Some(d.as_str()) {
                                return view! { <p class="al-builder__note">"The domain changed: look it up again."</p> }.into_any();
                            }
                            let built = output.with(|o| o.record.text.clone());
                            let first = found.first().cloned();
                            let several = found.len() > 1;
                            let c = bspf::compare(&built, first.as_deref());
                            let d2 = d.clone();
                            view! {
                                {several.then(|| view! {
                                    <p class="al-resolver__error">{format!("{d} publishes {} v=spf1 records: receivers return permerror. Publish one.", found.len())}</p>
                                })}
                                <ComparisonView comparison=c name=d.clone()/>
                                {first.map(|t| view! {
                                    <button class="al-button al-button--small" type="button" id="al-spf-load" on:click=move |_| load_published(d2.clone(), t.clone())>"Start from the published record"</button>
                                })}
                            }.into_any()
                        }
                    })}
                    {move || {
                        let d = dropped.get();
                        (!d.is_empty()).then(|| view! {
                            <p class="al-builder__note">"Left out, because the builder cannot write them (add them by hand if they are still needed): " <code>{d.join(" ")}</code></p>
                        })
                    }}
                </section>
            </div>
        </section>
    }
}
