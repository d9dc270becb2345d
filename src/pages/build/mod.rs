//! The record builders, one page (and one wasm module) each: [`spf`] (`?view=build-spf`), from a
//! catalogue of senders; [`dkim`] (`?view=build-dkim`), a DKIM key pair; [`mtasts`]
//! (`?view=build-mtasts`), MTA-STS and TLS-RPT. This module holds what they share: the list
//! fields, the form's input errors, a TXT record as a DNS host asks for it and the built record
//! beside the published one.
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

pub mod dkim;
pub mod mtasts;
pub mod spf;

use std::time::Duration;

use authlens_engine::build::{quoted, Change, Comparison, InputError, TxtOutput};
use authlens_engine::dns::Resolver;
use authlens_engine::text::upper_first;
use leptos::prelude::*;

use crate::components::copy::CopyButton;

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

/// A lookup in progress, with a spinner.
fn working(text: &'static str) -> impl IntoView {
    view! { <p class="al-progress" role="status"><span class="al-spinner" aria-hidden="true"></span>{text}</p> }
}
