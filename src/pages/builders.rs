//! The record builders: SPF from a catalogue of senders, a DKIM key pair, MTA-STS and
//! TLS-RPT.
//!
//! Each page is a view over `authlens_engine::build`, shaped like the DMARC wizard: the choices
//! live in signals that mirror the address (`to_params`/`from_params`, so a half-built record is
//! shared as a link), the engine builds the records and checks them with the parsers that check
//! published ones, and the page shows them with copy buttons and beside what the domain publishes.
//!
//! What is typed here is never sent anywhere. The only requests are DNS queries (names and record
//! types) to the chosen resolver. The published MTA-STS policy file is compared by pasting it: the
//! page's Content-Security-Policy lets it connect only to DoH resolvers. The DKIM private key is
//! made in the page from the browser's `crypto.getRandomValues` and leaves it only as a file the
//! user downloads; it is never put in the address.

use std::time::Duration;

use authlens_engine::build::{quoted, Change, Comparison, InputError, TxtOutput};
use authlens_engine::diag::{Finding, Severity};
use authlens_engine::dkim::keygen::{
    self as bdkim, DkimBuilder, DkimKey, KeyMaterial, KeyType, ManagedKey,
};
use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};
use authlens_engine::mtasts::build::{self as bmts, MtaStsBuilder};
use authlens_engine::mtasts::{Mode, MAX_AGE_LIMIT, MAX_AGE_SHORT};
use authlens_engine::name::parse_domain;
use authlens_engine::spf::build::{
    self as bspf, AllPolicy, Envelope, Flattened, Kind, Meter, SpfBuilder, SpfOutput, WayOut,
    WayOutKind,
};
use authlens_engine::spf::tree::{inspect_with, Tree};
use authlens_engine::spf::{is_spf_record, parse as parse_spf};
use authlens_engine::text::upper_first;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::copy::CopyButton;
use crate::components::findings::FindingsList;
use crate::components::spf_card::LookupMeter;
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::worker::{field, obj, WorkerLink};
use crate::{export, url};

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// How long typing must pause before the page asks DNS again.
const DEBOUNCE: Duration = Duration::from_millis(350);

/// The items of a list field, as typed: separated by commas, spaces or new lines.
fn items(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n', '\t', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A list field's text without one item (a way out acting on a term).
fn without(text: &str, item: &str) -> String {
    items(text)
        .into_iter()
        .filter(|i| !i.trim_end_matches('.').eq_ignore_ascii_case(item))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The TXT records at `name` that start with `prefix` (case-insensitive), or why the lookup
/// failed. NXDOMAIN and NODATA are an empty list: nothing is published.
async fn published_txt<R: Resolver>(
    resolver: &R,
    name: &str,
    wanted: impl Fn(&str) -> bool,
) -> Result<Vec<String>, String> {
    match resolver.txt(name).await {
        Ok(a) => Ok(a
            .records
            .iter()
            .map(|t| t.text())
            .filter(|t| wanted(t))
            .collect()),
        Err(e) if e.is_void() => Ok(Vec::new()),
        Err(e) => Err(e.to_string()),
    }
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// A form's input errors, and when each field's are shown: once the user typed into the field,
/// once the form was submitted, or when the address filled the field in (a shared link). Never
/// on an untouched form, where an empty field is not yet a mistake.
#[derive(Clone, Copy)]
struct FieldErrors {
    all: Signal<Vec<InputError>>,
    touched: RwSignal<Vec<&'static str>>,
    submitted: RwSignal<bool>,
}

impl FieldErrors {
    /// `given`: each field and whether the address filled it in.
    fn new(
        all: impl Fn() -> Vec<InputError> + Send + Sync + 'static,
        given: &[(&'static str, bool)],
    ) -> FieldErrors {
        FieldErrors {
            all: Signal::derive(all),
            touched: RwSignal::new(given.iter().filter(|g| g.1).map(|g| g.0).collect()),
            submitted: RwSignal::new(false),
        }
    }

    /// The user typed into `field`.
    fn touch(self, field: &'static str) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// The form was submitted: every field's errors show.
    fn submit(self) {
        self.submitted.set(true);
    }

    /// The messages to show under `field` now.
    fn shown(self, field: &'static str) -> Vec<String> {
        if !(self.submitted.get() || self.touched.with(|t| t.contains(&field))) {
            return Vec::new();
        }
        self.all.with(|a| {
            a.iter()
                .filter(|e| e.field == field)
                .map(|e| e.message.clone())
                .collect()
        })
    }

    /// `aria-invalid` of the field's input.
    fn invalid(self, field: &'static str) -> Option<&'static str> {
        (!self.shown(field).is_empty()).then_some("true")
    }

    /// `aria-describedby` of the field's input: its error list (`id`) while it shows.
    fn described(self, field: &'static str, id: &'static str) -> Option<&'static str> {
        (!self.shown(field).is_empty()).then_some(id)
    }

    /// The field's errors, under it (`id` for the input's `aria-describedby`).
    fn list(self, field: &'static str, id: &'static str) -> impl IntoView {
        move || {
            let mine = self.shown(field);
            (!mine.is_empty()).then(|| {
                view! {
                    <ul class="al-builder__errors" id=id role="alert" data-field=field>
                        {mine.into_iter().map(|m| view! { <li>{upper_first(&m)}</li> }).collect_view()}
                    </ul>
                }
            })
        }
    }
}

/// A TXT record as a DNS host asks for it: the name (and the host field relative to the
/// domain), the value with a copy button, the 255-octet strings when it is longer, and the
/// zone-file line. The copy buttons and the toggle say which record they act on (`what`, and
/// its name when `named`), so that a page with several records has no two alike.
#[component]
fn TxtRecord(
    record: TxtOutput,
    what: &'static str,
    #[prop(optional)] named: bool,
) -> impl IntoView {
    let subject = if named {
        format!("{what} for {}", record.name)
    } else {
        what.to_string()
    };
    let count = record.strings.len();
    let joined = quoted(&record.strings);
    let strings = record.strings.clone();
    view! {
        <div class="al-builder__txt">
            <dl class="al-builder__facts">
                <div>
                    <dt>"Name"</dt>
                    <dd>
                        <code class="al-builder__name">{record.name.clone()}</code>
                        <span class="al-builder__host">{format!("host field: {}", record.host)}</span>
                    </dd>
                </div>
                <div><dt>"Type"</dt><dd>"TXT"</dd></div>
            </dl>
            <div class="al-copyable">
                <code class="al-builder__record">{record.text.clone()}</code>
                <CopyButton text=record.text.clone() label=format!("Copy the {subject}")/>
            </div>
            {(count > 1).then(|| view! {
                <p class="al-builder__note">
                    {format!("Longer than 255 octets: DNS carries it as {count} strings in one TXT record, which receivers join with nothing in between. Most DNS hosts split it themselves; where a form asks for quoted strings, enter these (never as {count} separate records):")}
                </p>
                <div class="al-copyable">
                    <code class="al-builder__strings">
                        {strings.into_iter().map(|s| {
                            let octets = s.len();
                            view! { <span class="al-record__string" data-octets=octets>{s}</span> }
                        }).collect_view()}
                    </code>
                    <CopyButton text=joined label=format!("Copy the {subject} as quoted strings")/>
                </div>
            })}
            <details class="al-builder__zone">
                <summary>{format!("The {what} as a zone-file line")}</summary>
                <div class="al-copyable">
                    <code>{record.zone_line.clone()}</code>
                    <CopyButton text=record.zone_line.clone() label=format!("Copy the {subject} as a zone-file line")/>
                </div>
            </details>
        </div>
    }
}

/// The built record beside the published one.
#[component]
fn ComparisonView(comparison: Comparison, name: String) -> impl IntoView {
    let c = comparison;
    let published = match c.published.clone() {
        Some(p) => view! {
            <p class="al-builder__note">"Published at " <code>{name.clone()}</code> ":"</p>
            <code class="al-builder__published">{p}</code>
            <ul class="al-builder__diff">
                {if c.changes.is_empty() {
                    view! { <li class="al-builder__change al-builder__change--same">"No difference: the built record says the same."</li> }.into_any()
                } else {
                    c.changes.iter().map(|ch| match ch {
                        Change::Added { what } => view! {
                            <li class="al-builder__change al-builder__change--added"><span class="al-builder__change-kind">"added"</span><code>{what.clone()}</code></li>
                        }.into_any(),
                        Change::Removed { what } => view! {
                            <li class="al-builder__change al-builder__change--removed"><span class="al-builder__change-kind">"removed"</span><code>{what.clone()}</code></li>
                        }.into_any(),
                        Change::Changed { what, published, built } => view! {
                            <li class="al-builder__change al-builder__change--changed"><span class="al-builder__change-kind">"changed"</span><code>{format!("{what}: {published} → {built}")}</code></li>
                        }.into_any(),
                    }).collect_view().into_any()
                }}
            </ul>
        }
        .into_any(),
        None => view! { <p class="al-builder__note">{format!("Nothing is published at {name}.")}</p> }.into_any(),
    };
    view! {
        <div class="al-builder__compare" data-same=c.same.to_string()>
            {published}
            {(!c.notes.is_empty()).then(|| view! {
                <ul class="al-builder__notes">{c.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            })}
        </div>
    }
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

/// Moves the keyboard focus to a field.
fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A lookup in progress, with a spinner.
fn working(text: &'static str) -> impl IntoView {
    view! { <p class="al-progress" role="status"><span class="al-spinner" aria-hidden="true"></span>{text}</p> }
}

// ---------------------------------------------------------------------------------------------
// SPF builder

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

// ---------------------------------------------------------------------------------------------
// DKIM key generator

/// A DKIM key made in this page, with the choices it was made for.
#[derive(Clone, PartialEq)]
struct Generated {
    choices: DkimBuilder,
    key: DkimKey,
}

/// The DKIM key worker's loader (Trunk's `data-loader-shim`; workers keep their Cargo name).
const KEY_WORKER_URL: &str = "./dkim_worker_loader.js";

/// The key pair in the worker's `{kind: "key", ...}` answer, or the message of its error.
fn key_from_worker(data: &JsValue) -> Result<KeyMaterial, String> {
    let text = |name: &str| field(data, name).as_string().filter(|t| !t.is_empty());
    if field(data, "kind").as_string().as_deref() != Some("key") {
        return Err(text("message").unwrap_or_else(|| "the key could not be made".into()));
    }
    let unreadable = || "the key generator's answer could not be read".to_string();
    let public_key = field(data, "public_key")
        .dyn_into::<js_sys::Uint8Array>()
        .map(|a| a.to_vec())
        .ok()
        .filter(|k| !k.is_empty())
        .ok_or_else(unreadable)?;
    Ok(KeyMaterial {
        public_key,
        public_key_pem: text("public_key_pem").ok_or_else(unreadable)?,
        private_key_pem: text("private_key_pem").ok_or_else(unreadable)?,
        bits: field(data, "bits")
            .as_f64()
            .filter(|b| b.fract() == 0.0 && (1.0..=65536.0).contains(b))
            .ok_or_else(unreadable)? as u32,
    })
}

/// The choices that change the key or its record (not the provider shown).
fn key_choices(b: &DkimBuilder) -> DkimBuilder {
    DkimBuilder {
        provider: None,
        domain: parse_domain(&b.domain).unwrap_or_else(|_| b.domain.clone()),
        selector: b.selector.trim().to_ascii_lowercase(),
        bits: if b.key_type == KeyType::Rsa {
            b.bits
        } else {
            0
        },
        ..b.clone()
    }
}

fn key_type_title(k: KeyType) -> &'static str {
    match k {
        KeyType::Rsa => "RSA",
        KeyType::Ed25519 => "Ed25519",
    }
}

/// The include targets of an SPF record, as written.
fn spf_includes(text: &str) -> Vec<String> {
    text.split_ascii_whitespace()
        .filter_map(|t| {
            let t = t.trim_start_matches(['+', '~', '?', '-']);
            starts_with_ci(t, "include:").then(|| t[8..].trim_end_matches('.').to_ascii_lowercase())
        })
        .collect()
}

#[component]
fn ManagedCard(m: &'static ManagedKey, domain: Signal<String>) -> impl IntoView {
    let tenant = RwSignal::new(String::new());
    view! {
        <section class="al-card al-builder__managed" data-provider=m.id aria-labelledby="al-dkim-managed-title">
            <h2 class="al-card__title" id="al-dkim-managed-title">{format!("{}: the provider makes the key", m.name)}</h2>
            <p>{m.publish}</p>
            <p><strong>"Where: "</strong>{m.console}</p>
            {(m.id == "microsoft365").then(|| view! {
                <div class="al-builder__field">
                    <label for="al-dkim-tenant">"Your tenant's initial domain (optional, fills in the CNAME targets)"</label>
                    <input id="al-dkim-tenant" class="al-input" placeholder="contoso.onmicrosoft.com" autocomplete="off" spellcheck="false" bind:value=tenant/>
                </div>
            })}
            <h3 class="al-card__subtitle">"What to publish"</h3>
            <ul class="al-builder__managed-records">
                {move || {
                    let t = tenant.get();
                    let t = Some(t.trim().to_string()).filter(|t| !t.is_empty());
                    bdkim::managed_records(m.id, &domain.get(), t.as_deref()).into_iter().map(|r| view! {
                        <li class="al-builder__managed-record">
                            <div class="al-builder__managed-name"><code>{r.name.clone()}</code>" "<span class="al-lookup__type">{r.rtype}</span></div>
                            <div class="al-copyable">
                                <code>{r.value.clone()}</code>
                                <CopyButton text=r.value.clone() label=format!("Copy the {} value for {}", r.rtype, r.name)/>
                            </div>
                        </li>
                    }).collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
pub fn DkimKeygenPage() -> impl IntoView {
    let provider = use_provider();
    let mut start = DkimBuilder::from_params(url::param);
    if start.selector.is_empty() {
        // A selector named after this month, so that the next rotation gets a new name.
        let now = js_sys::Date::new_0();
        start.selector = bdkim::dated_selector(
            u16::try_from(now.get_utc_full_year()).unwrap_or(2026),
            u8::try_from(now.get_utc_month() + 1).unwrap_or(1),
        );
    }
    let domain = RwSignal::new(start.domain.clone());
    let selector = RwSignal::new(start.selector.clone());
    let key_type = RwSignal::new(start.key_type);
    let bits = RwSignal::new(start.bits);
    let testing = RwSignal::new(start.testing);
    let strict = RwSignal::new(start.strict);
    let managed = RwSignal::new(start.provider.clone().unwrap_or_default());

    let builder = Memo::new(move |_| DkimBuilder {
        domain: domain.get().trim().to_string(),
        selector: selector.get().trim().to_string(),
        key_type: key_type.get(),
        bits: bits.get(),
        testing: testing.get(),
        strict: strict.get(),
        provider: Some(managed.get()).filter(|p| !p.is_empty()),
    });
    Effect::new(move |_| {
        let mut params = vec![("view", Some("build-dkim".to_string()))];
        params.extend(builder.get().to_params());
        url::set_params(&params);
    });
    let check = Memo::new(move |_| builder.get().check());
    let fe = FieldErrors::new(
        move || check.get().err().unwrap_or_default(),
        &[
            ("domain", !start.domain.is_empty()),
            // The page fills the selector in with the month's: only one from the address is given.
            (
                "selector",
                url::param("selector").is_some_and(|s| !s.trim().is_empty()),
            ),
        ],
    );

    // Generation runs in a worker (src/bin/dkim_worker.rs): finding an RSA key's primes takes
    // up to seconds, and the page keeps answering (and its spinner turning) meanwhile. The worker
    // sends the key pair; the record, file name and findings are written here, for the choices
    // the key was asked with. Only the answer to the latest request is taken.
    let generated = RwSignal::new(None::<Generated>);
    let key_error = RwSignal::new(None::<String>);
    let generating = RwSignal::new(false);
    let downloaded = RwSignal::new(None::<bool>);
    let asked = StoredValue::new(None::<(u32, DkimBuilder)>);
    let requests = StoredValue::new(0u32);
    let on_key = move |data: JsValue| {
        let Some((id, choices)) = asked.get_value() else {
            return;
        };
        if field(&data, "id").as_f64() != Some(id.into()) {
            return;
        }
        asked.set_value(None);
        match key_from_worker(&data) {
            Ok(material) => match choices.assemble(material) {
                Ok(key) => {
                    generated.set(Some(Generated { choices, key }));
                    downloaded.set(None);
                }
                Err(e) => key_error.set(Some(e.to_string())),
            },
            Err(e) => key_error.set(Some(e)),
        }
        generating.set(false);
    };
    let on_worker_failed = move |_| {
        asked.set_value(None);
        key_error.set(Some(
            "the key generator stopped (it could not start, or ran out of memory): try again"
                .into(),
        ));
        generating.set(false);
    };
    let worker = WorkerLink::new(KEY_WORKER_URL, on_key, on_worker_failed);
    let generate = move |_| {
        if generating.get_untracked() {
            return;
        }
        // Asked with a field wrong or empty: the errors show, and the first such field takes
        // the focus.
        if let Err(errors) = check.get_untracked() {
            fe.submit();
            let first = errors.first().map(|e| e.field);
            focus(if first == Some("selector") {
                "al-dkim-selector"
            } else {
                "al-dkim-domain"
            });
            return;
        }
        let b = builder.get_untracked();
        requests.update_value(|n| *n += 1);
        let id = requests.get_value();
        let msg = obj(&[
            ("kind", &"make".into()),
            ("id", &id.into()),
            ("key_type", &b.key_type.as_str().into()),
            ("bits", &b.bits.into()),
        ]);
        asked.set_value(Some((id, b)));
        generating.set(true);
        key_error.set(None);
        if let Err(e) = worker.send(msg, js_sys::Array::new()) {
            asked.set_value(None);
            key_error.set(Some(format!("the key generator could not start: {e}")));
            generating.set(false);
        }
    };
    let stale = move || {
        generated.with(|g| {
            g.as_ref()
                .is_some_and(|g| key_choices(&g.choices) != key_choices(&builder.get()))
        })
    };

    // Which provider handles the domain's mail, from its MX and SPF.
    let detected = RwSignal::new(None::<(String, Vec<&'static ManagedKey>)>);
    let detect_generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let d = parse_domain(&domain.get()).ok();
        let p = provider.get();
        detect_generation.update_value(|g| *g += 1);
        let mine = detect_generation.get_value();
        let Some(d) = d else {
            detected.set(None);
            return;
        };
        set_timeout(
            move || {
                if detect_generation.try_get_value() != Some(mine) {
                    return;
                }
                let resolver = resolver_for(&p);
                spawn_local(async move {
                    let (mx, txt) = futures::join!(resolver.mx(&d), resolver.txt(&d));
                    let hosts: Vec<String> = mx
                        .map(|a| a.records.into_iter().map(|m| m.exchange).collect())
                        .unwrap_or_default();
                    let includes: Vec<String> = txt
                        .map(|a| {
                            a.records
                                .iter()
                                .map(|t| t.text())
                                .filter(|t| is_spf_record(t))
                                .flat_map(|t| spf_includes(&t))
                                .collect()
                        })
                        .unwrap_or_default();
                    if detect_generation.try_get_value() == Some(mine) {
                        detected.set(Some((d, bdkim::managed_for(&hosts, &includes))));
                    }
                });
            },
            DEBOUNCE,
        );
    });

    // The record published at the selector now.
    let published = RwSignal::new(None::<Result<(String, Option<String>), String>>);
    let comparing = RwSignal::new(false);
    let compare = move |_| {
        let Some(name) =
            generated.with_untracked(|g| g.as_ref().map(|g| g.key.record.name.clone()))
        else {
            return;
        };
        comparing.set(true);
        let resolver = resolver_for(&provider.get_untracked());
        spawn_local(async move {
            let found = published_txt(&*resolver, &name, |t| {
                starts_with_ci(t, "v=DKIM1") || t.contains("p=")
            })
            .await;
            published.set(Some(found.map(|f| (name, f.into_iter().next()))));
            comparing.set(false);
        });
    };

    let domain_signal = Signal::derive(move || domain.get());
    view! {
        <section class="al-builder al-builder--dkim">
            <h1 class="al-builder__title">"DKIM key generator"</h1>
            <p class="al-builder__intro">
                "Make a key pair for a mail server that signs its own mail: the public key goes in DNS, the private key to the signer. "
                "The key is made in this browser and never leaves it except as the file you download."
            </p>
            <form class="al-builder__form al-builder__form--grid" on:submit=move |ev| { ev.prevent_default(); fe.submit(); }>
                <div class="al-builder__field">
                    <label for="al-dkim-domain">"Domain (d=)"</label>
                    <input id="al-dkim-domain" class="al-input" placeholder="example.com" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("domain") aria-describedby=move || fe.described("domain", "al-dkim-domain-error") on:input=move |_| fe.touch("domain") bind:value=domain/>
                    {fe.list("domain", "al-dkim-domain-error")}
                </div>
                <div class="al-builder__field">
                    <label for="al-dkim-selector">"Selector (s=)"</label>
                    <input id="al-dkim-selector" class="al-input" placeholder="s202606" autocomplete="off" spellcheck="false" aria-invalid=move || fe.invalid("selector") aria-describedby=move || fe.described("selector", "al-dkim-selector-error") on:input=move |_| fe.touch("selector") bind:value=selector/>
                    <span class="al-builder__help">"A new name for each new key: the month is a good one."</span>
                    {fe.list("selector", "al-dkim-selector-error")}
                </div>
                <div class="al-builder__field al-builder__group--wide al-builder__field--provider">
                    <label for="al-dkim-provider">"Who signs the mail"</label>
                    <select id="al-dkim-provider" class="al-resolver__select" prop:value=move || managed.get() on:change:target=move |ev| managed.set(ev.target().value())>
                        <option value="">"My own server or another service"</option>
                        {bdkim::MANAGED.iter().map(|m| view! { <option value=m.id>{format!("{}: it makes the key itself", m.name)}</option> }).collect_view()}
                    </select>
                    {move || {
                        let found = detected.get();
                        let chosen = managed.get();
                        found.and_then(|(d, list)| {
                            let m = *list.first()?;
                            (chosen.is_empty()).then(|| view! {
                                <p class="al-builder__detected" role="status">
                                    {format!("The MX and SPF records of {d} point to {}, which makes the DKIM key itself: publish what it gives you instead of a key made here. ", m.name)}
                                    <button class="al-button al-button--small" type="button" id="al-dkim-use-managed" on:click=move |_| managed.set(m.id.to_string())>{format!("Show what to publish for {}", m.name)}</button>
                                </p>
                            })
                        })
                    }}
                </div>
                <fieldset class="al-builder__group al-builder__group--wide">
                    <legend>"Key type"</legend>
                    <ul class="al-builder__options">
                        {KeyType::ALL.into_iter().map(|k| {
                            let id = format!("al-dkim-k-{}", k.as_str());
                            view! {
                                <li class="al-builder__option">
                                    <input type="radio" name="al-dkim-k" id=id.clone() value=k.as_str() prop:checked=move || key_type.get() == k on:change=move |_| key_type.set(k)/>
                                    <label for=id>
                                        <strong>{key_type_title(k)}{(k == KeyType::Rsa).then_some(" (the default)")}</strong>
                                        <span class="al-builder__consequence">{k.consequence()}</span>
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {move || (key_type.get() == KeyType::Rsa).then(|| view! {
                        <div class="al-builder__field al-builder__field--inline">
                            <label for="al-dkim-bits">"RSA key size"</label>
                            <select id="al-dkim-bits" class="al-resolver__select" prop:value=move || bits.get().to_string() on:change:target=move |ev| bits.set(ev.target().value().parse().unwrap_or(bdkim::DEFAULT_BITS))>
                                {bdkim::RSA_BITS.into_iter().map(|b| view! {
                                    <option value=b.to_string()>{match b {
                                        1024 => "1024 bits (weak: only for DNS hosts that cannot take a longer record)".to_string(),
                                        2048 => "2048 bits (recommended)".to_string(),
                                        b => format!("{b} bits (slower to make; a longer record)"),
                                    }}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                </fieldset>
                <div class="al-builder__checks al-builder__group--wide">
                    <label class="al-check">
                        <input type="checkbox" id="al-dkim-testing" prop:checked=move || testing.get() on:change:target=move |ev| testing.set(ev.target().checked())/>
                        <span><code>"t=y"</code>" testing: receivers may treat failures as unsigned"</span>
                    </label>
                    <label class="al-check">
                        <input type="checkbox" id="al-dkim-strict" prop:checked=move || strict.get() on:change:target=move |ev| strict.set(ev.target().checked())/>
                        <span><code>"t=s"</code>" strict: the signature's i= must be this domain exactly"</span>
                    </label>
                </div>
            </form>

            {move || bdkim::managed(&managed.get()).map(|m| view! {
                <ManagedCard m=m domain=domain_signal/>
                <p class="al-builder__note">{format!("Generate a key below only for other servers or services that sign as this domain, under a selector {} does not use.", m.name)}</p>
            })}

            <section class="al-card al-builder__out" aria-labelledby="al-dkim-out-title">
                <h2 class="al-card__title" id="al-dkim-out-title">"Your key"</h2>
                <p class="al-builder__actions">
                    <button class="al-button" type="button" id="al-dkim-generate" on:click=generate disabled=move || generating.get()>
                        {move || if generated.with(|g| g.is_some()) { "Generate a new key pair" } else { "Generate the key pair" }}
                    </button>
                    {move || generating.get().then(|| view! {
                        <span class="al-progress al-builder__generating" role="status"><span class="al-spinner" aria-hidden="true"></span>"Making the key… RSA takes up to a few seconds."</span>
                    })}
                </p>
                {move || key_error.get().map(|e| view! { <p class="al-resolver__error" role="alert">{e}</p> })}
                {move || stale().then(|| view! {
                    <p class="al-builder__stale" role="status">"The choices changed since this key was made: generate again to use them."</p>
                })}
                {move || generated.get().map(|g| {
                    let k = g.key;
                    let pem = k.private_key_pem.clone();
                    let file = k.file_name.clone();
                    let kind = match k.key_type {
                        KeyType::Rsa => format!("RSA, {} bits", k.bits),
                        KeyType::Ed25519 => "Ed25519".to_string(),
                    };
                    view! {
                        <div class="al-builder__key" data-key-type=k.key_type.as_str()>
                            <p class="al-builder__note">{format!("{kind}, for the selector {} of {}.", k.selector, k.domain)}</p>
                            <h3 class="al-card__subtitle">"1. Publish the public key"</h3>
                            <TxtRecord record=k.record.clone() what="DKIM TXT record" named=true/>
                            <h3 class="al-card__subtitle">"2. Give the private key to the signer"</h3>
                            <div class="al-builder__secret">
                                <button class="al-button al-button--small" type="button" id="al-dkim-download" on:click=move |_| downloaded.set(Some(export::download(&file, "application/x-pem-file", &pem)))>
                                    "Download the private key"
                                </button>
                                " "
                                <code class="al-builder__file">{k.file_name.clone()}</code>
                                <p class="al-builder__secret-note">
                                    <strong>"Made in this browser, never sent anywhere."</strong>
                                    " The private key was generated here with the browser's own random numbers; no server sees it and it is not in the address. It exists only in this tab until you download it (reloading forgets it). Keep the file secret: whoever has it can sign mail as your domain."
                                </p>
                                {move || downloaded.get().map(|ok| view! {
                                    <p class=if ok { "al-builder__done" } else { "al-resolver__error" } role="status">
                                        {if ok { "Offered as a download (PKCS#8 PEM, -----BEGIN PRIVATE KEY-----)." } else { "The browser refused the download." }}
                                    </p>
                                })}
                            </div>
                            <details class="al-builder__zone">
                                <summary>"The public key as PEM (for signers that ask for it)"</summary>
                                <div class="al-copyable">
                                    <code class="al-builder__pem">{k.public_key_pem.clone()}</code>
                                    <CopyButton text=k.public_key_pem.clone() label="Copy the public key as PEM"/>
                                </div>
                            </details>
                            <h3 class="al-card__subtitle">"Checks on the record"</h3>
                            <p class="al-builder__note">"The record read back by the parser that checks published keys."</p>
                            <FindingsList findings=k.findings.clone()/>
                            <h3 class="al-card__subtitle">"Compare with what is published"</h3>
                            <button class="al-button al-button--small" type="button" id="al-dkim-compare" on:click=compare disabled=move || comparing.get()>{format!("Look up {}", k.record.name)}</button>
                        </div>
                    }
                })}
                {move || comparing.get().then(|| working("Looking it up…"))}
                {move || published.get().map(|p| match p {
                    Err(e) => view! { <p class="al-resolver__error">{e}</p> }.into_any(),
                    Ok((name, found)) => match generated.with(|g| g.as_ref().filter(|g| g.key.record.name == name).map(|g| g.key.record.text.clone())) {
                        Some(built) => view! { <ComparisonView comparison=bdkim::compare(&built, found.as_deref()) name=name/> }.into_any(),
                        None => view! { <p class="al-builder__note">"A new key was made: look it up again."</p> }.into_any(),
                    },
                })}
            </section>

            <section class="al-card al-builder__rotation" aria-labelledby="al-dkim-rotation-title">
                <h2 class="al-card__title" id="al-dkim-rotation-title">"Changing a key without losing mail (selector rotation)"</h2>
                <ol class="al-builder__steps">
                    {bdkim::ROTATION.iter().map(|s| view! {
                        <li><strong>{s.title}</strong><p>{s.detail}</p></li>
                    }).collect_view()}
                </ol>
            </section>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// MTA-STS and TLS-RPT

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
