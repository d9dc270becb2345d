//! The message page's answer to "why did it land in junk", drawn by the second module
//! (`inspect_tools`, part [`ToolName::Requirements`](crate::components::tool::ToolName)): it runs
//! the engine's whole [`check`] on the message the page checked (the same DNS answers, shared
//! between the modules) and draws what most likely sent it to junk, the mailbox providers' sender
//! requirements and the receiving filters' headers decoded. The page's own module carries none of
//! their code or tables (docs/size.md).

use authlens_engine::antispam::Decoded;
use authlens_engine::dkim::Options;
use authlens_engine::message::check::{check, CheckOptions, MessageCheck};
use authlens_engine::message::requirements::{Requirements, Rule, Status};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::dns::resolver_for;
use crate::text::visible as v;

/// Where the message page leaves the bytes it checked for this part: `globalThis` under this
/// name, a `Uint8Array` (the message stays in the page; it is never put in an attribute).
pub const MESSAGE_GLOBAL: &str = "__authlensMessage";

/// Leaves `bytes` for the part ([`MESSAGE_GLOBAL`]).
pub fn leave_message(bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    let _ = js_sys::Reflect::set(&js_sys::global(), &MESSAGE_GLOBAL.into(), &array);
}

/// `authlens.messageFile(bytes)`, which the message page calls for a chosen file that does not
/// start as a message ([`authlens_engine::message::input::plain`]): the engine's reader of
/// Outlook `.msg` files and of what other files are stays out of the page's first load. Gives
/// `{error}` (what the file is, in words for the user), or `{}` to check the bytes as they are, or
/// `{text, note}`: the text to check instead (a `.msg`'s Internet headers) and what that changes.
pub fn message_file(bytes: js_sys::Uint8Array) -> wasm_bindgen::JsValue {
    use authlens_engine::message::input::message_text;
    use std::borrow::Cow;
    let out = js_sys::Object::new();
    let set = |k: &str, v: &wasm_bindgen::JsValue| {
        let _ = js_sys::Reflect::set(&out, &k.into(), v);
    };
    match message_text(&bytes.to_vec()) {
        Err(e) => set("error", &e.to_string().into()),
        Ok((_, Cow::Borrowed(_))) => {}
        Ok((source, Cow::Owned(text))) => {
            set("text", &String::from_utf8_lossy(&text).as_ref().into());
            set("note", &source.note().unwrap_or_default().into());
        }
    }
    out.into()
}

fn left_message() -> Option<Vec<u8>> {
    js_sys::Reflect::get(&js_sys::global(), &MESSAGE_GLOBAL.into())
        .ok()?
        .dyn_into::<js_sys::Uint8Array>()
        .ok()
        .map(|a| a.to_vec())
}

/// The part: `ip` (the connecting IP the page was given, or empty) and `bulk` (`bulk`,
/// `transactional`, or anything else to tell from the headers).
#[component]
pub fn RequirementsPart(ip: String, bulk: String) -> impl IntoView {
    let provider = crate::settings::use_provider().get_untracked();
    let done = RwSignal::new(None::<Result<MessageCheck, String>>);
    spawn_local(async move {
        let Some(bytes) = left_message() else {
            done.set(Some(Err(
                "the message is no longer in the page: check it again".into(),
            )));
            return;
        };
        let opts = CheckOptions {
            dkim: Options {
                now: Some((js_sys::Date::now() / 1000.0) as u64),
                allow_sha1: false,
            },
            ip: ip.trim().parse().ok(),
            bulk: match bulk.as_str() {
                "bulk" => Some(true),
                "transactional" => Some(false),
                _ => None,
            },
        };
        let resolver = resolver_for(&provider);
        done.set(Some(Ok(check(
            &*resolver,
            &crate::crypto::WebCrypto,
            &bytes,
            &opts,
        )
        .await)));
    });
    // Its own `data-status`, as the page's result has: the part finishes after the page's check.
    let status = move || {
        done.with(|d| match d {
            None => "loading",
            Some(Ok(_)) => "done",
            Some(Err(_)) => "error",
        })
    };
    view! {
        <div class="al-requirements" data-status=status>
            {move || {
                done.get().map(|r| match r {
                    Ok(c) => view! {
                        {c.junk_reason.as_deref().map(junk_line)}
                        {antispam_view(c.antispam)}
                        {c.requirements.map(requirements_view)}
                    }
                    .into_any(),
                    Err(e) => view! { <p class="al-resolver__error">{e}</p> }.into_any(),
                })
            }}
        </div>
    }
}

/// The first line of the answer: what most likely sent the message to junk (the engine's
/// sentence).
fn junk_line(sentence: &str) -> impl IntoView {
    view! { <p class="al-junk"><strong>"If it landed in junk: "</strong>{v(sentence)}</p> }
}

/// Failed rules first, then warnings, then what could not be told, then the rest; the rules
/// that do not apply last.
fn rank(r: &Rule) -> u8 {
    match (r.applies, r.status) {
        (false, _) => 4,
        (_, Status::Fail) => 0,
        (_, Status::Warning) => 1,
        (_, Status::Unknown) => 2,
        (_, Status::Pass) => 3,
    }
}

fn rule_view(r: Rule) -> impl IntoView {
    let status = if r.applies { r.status.as_str() } else { "n/a" };
    // The badge's colour: a warning shares the soft-failure look, unknown and n/a the neutral one.
    let word = match (r.applies, r.status) {
        (true, Status::Fail) => "fail",
        (true, Status::Warning) => "softfail",
        (true, Status::Pass) => "pass",
        _ => "none",
    };
    // One item per provider: who asks it of whom.
    let by = r
        .required_by
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let who = if q.provider == "Microsoft" {
                "Outlook.com"
            } else {
                q.provider
            };
            let whom = if q.senders == "all" {
                "all senders"
            } else {
                "5,000+ a day"
            };
            // The separator is text, so that a copy or a screen reader keeps it.
            let sep = if i == 0 { "" } else { "; " };
            view! { <li>{format!("{sep}{who}: {whom}")}</li> }
        })
        .collect_view();
    view! {
        <li class=format!("al-req al-req--{}", if r.applies { status } else { "na" }) data-code=r.code data-status=status>
            <div class="al-req__head">
                <span class=format!("al-result-word al-result-word--{word}")>{status}</span>
                <code class="al-finding__code">{r.code}</code>
                <span class="al-req__title">{r.title}</span>
            </div>
            <p class="al-req__evidence">{v(&r.evidence)}</p>
            {r.unknown_because.map(|w| view! { <p class="al-req__unknown">{format!("Not known: {}", v(&w))}</p> })}
            {r.fix.map(|f| view! { <p class="al-req__fix"><strong>"Fix: "</strong>{f}</p> })}
            <div class="al-req__by">"Required by: "<ul>{by}</ul></div>
        </li>
    }
}

/// One line per rule, the failed ones first, with what the message shows and the fix.
pub fn requirements_view(q: Requirements) -> impl IntoView {
    let mut rules = q.rules;
    authlens_engine::order::sort_by(&mut rules, |a, b| rank(a).cmp(&rank(b)));
    let kind = if q.bulk {
        "bulk (marketing)"
    } else {
        "transactional"
    };
    view! {
        <section class="al-reqs" aria-labelledby="al-reqs-title">
            <h3 class="al-card__subtitle" id="al-reqs-title">"Sender requirements (Gmail, Yahoo, Outlook.com)"</h3>
            <p class="al-reqs__kind">{format!("Checked as {kind} mail: {}. Choose the mail type above to check it the other way.", v(&q.bulk_because))}</p>
            <ul class="al-reqs__list">{rules.into_iter().map(rule_view).collect_view()}</ul>
            <p class="al-muted">{q.not_visible}</p>
        </section>
    }
}
/// Fields of one anti-spam header drawn at once; the rest on request (a header can hold
/// thousands, and every one is kept).
const FIELDS_SHOWN: usize = 60;

fn header_view(d: Decoded) -> impl IntoView {
    let unwanted = d.verdict.as_ref().is_some_and(|x| x.spam.is_unwanted());
    let sentence = d
        .verdict
        .as_ref()
        .map_or_else(|| "no verdict of its own".to_string(), |x| v(&x.sentence));
    let total = d.fields.len();
    let all = RwSignal::new(total <= FIELDS_SHOWN);
    let fields = StoredValue::new(d.fields);
    view! {
        <details class="al-antispam__header" data-vendor=d.vendor data-header=d.header.clone() open=unwanted>
            <summary>
                <strong>{d.vendor}</strong>" "<code>{v(&d.header)}</code>": "{sentence}
            </summary>
            <table class="al-antispam__fields">
                <thead><tr><th scope="col">"Field"</th><th scope="col">"Value"</th><th scope="col">"Meaning"</th></tr></thead>
                <tbody>
                    {move || {
                        let n = if all.get() { total } else { FIELDS_SHOWN };
                        fields.with_value(|f| {
                            f.iter().take(n).map(|f| view! {
                                <tr><td><code>{v(&f.name)}</code></td><td><code>{v(&f.value)}</code></td><td>{v(&f.meaning)}</td></tr>
                            }).collect_view()
                        })
                    }}
                </tbody>
            </table>
            <Show when=move || !all.get()>
                <button class="al-copy" type="button" on:click=move |_| all.set(true)>
                    {format!("Show all {total} fields")}
                </button>
            </Show>
        </details>
    }
}

/// The receiving filters' own headers, decoded; nothing when the message carries none.
pub fn antispam_view(a: Vec<Decoded>) -> impl IntoView {
    (!a.is_empty()).then(|| {
        view! {
            <section class="al-antispam" aria-labelledby="al-antispam-title">
                <h3 class="al-card__subtitle" id="al-antispam-title">"The receiving filter's verdict"</h3>
                {a.into_iter().map(header_view).collect_view()}
            </section>
        }
    })
}
