//! The DKIM key generator (`?view=build-dkim`): a key pair made off the page's thread by the
//! `dkim_worker` Web Worker (src/bin/dkim_worker.rs), its DNS record, and the records a managed
//! provider asks for instead.

use authlens_engine::dkim::keygen::{self as bdkim, DkimBuilder, DkimKey, KeyType, ManagedKey};
use authlens_engine::dns::Resolver;
use authlens_engine::name::parse_domain;
use authlens_engine::spf::is_spf_record;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::copy::CopyButton;
use crate::components::findings::FindingsList;
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::worker::keygen::{KeygenReply, KeygenRequest};
use crate::worker::WorkerLink;
use crate::{export, url};

use super::{
    published_txt, starts_with_ci, working, ComparisonView, FieldErrors, TxtRecord, DEBOUNCE,
};

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

/// A DKIM key made in this page, with the choices it was made for.
#[derive(Clone, PartialEq)]
struct Generated {
    choices: DkimBuilder,
    key: DkimKey,
}

/// The DKIM key worker's loader (Trunk's `data-loader-shim`; workers keep their Cargo name).
const KEY_WORKER_URL: &str = "./dkim_worker_loader.js";

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
        let Some(reply) = KeygenReply::from_js(&data).filter(|r| r.id() == id) else {
            return;
        };
        asked.set_value(None);
        match reply.into_key() {
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
        let msg = KeygenRequest::Make {
            id,
            key_type: Some(b.key_type),
            bits: b.bits,
        }
        .to_js();
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
