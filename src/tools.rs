//! `inspect_tools`, the domain page's second module (src/bin/inspect_tools.rs): the parts used
//! only on request, drawn inside the elements the page hands over ([`crate::components::tool`]).
//!
//! Each part reads its inputs from the element's `data-*` attributes: `data-tool` says which part,
//! `data-doh` the resolver (as `doh=` names it). Every resolver here takes the page's own answers
//! first ([`crate::dns::replay_shared_answers`]).

use std::cell::RefCell;

use authlens_engine::dns::doh::Provider;
use authlens_engine::dns::memo::Memo;
use authlens_engine::domain::compare::Comparison;
use authlens_engine::domain::{self, DomainReport};
use authlens_engine::explain::Entry;
use authlens_engine::mtasts::{self, MtaStsReport, PolicyOutcome};
use authlens_engine::spf::describe::{describe_term, term_entries};
use authlens_engine::spf::tree::{self as spf_tree, Tree};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::compare_card::CompareCard;
use crate::components::dmarc_card::DmarcTags;
use crate::components::domain_cards::{RecordBox, TagTable};
use crate::components::findings::{FindingsList, Why};
use crate::components::lookup_card::LookupCard;
use crate::components::spf_tester::SpfTester;
use crate::components::spf_tree::CountList;
use crate::components::spf_whatif::SpfWhatIf;
use crate::components::tool::{questions_from_input, ToolName};
use crate::dns::resolver_for;
use crate::export::download;
use crate::settings::provide_provider;
use crate::url::copy_to_clipboard;

thread_local! {
    // What each element shows, kept while the element is in the document: a part drawn again
    // in a new element (another term chosen) lets the old one go.
    static MOUNTED: RefCell<Vec<(web_sys::HtmlElement, Box<dyn std::any::Any>)>> = const { RefCell::new(Vec::new()) };
}

/// The module's `main`: resolvers that replay the page's answers, every finding's explanation
/// (its part `finding` serves the message page too), `authlens.mount(element)` for the loader
/// and `authlens.messageFile(bytes)` for the message page.
pub fn start() {
    console_error_panic_hook::set_once();
    crate::dns::replay_shared_answers();
    crate::components::findings::set_catalog(authlens_engine::findings::info);
    let mount = Closure::<dyn Fn(web_sys::HtmlElement)>::new(mount);
    // `authlens` is the loader's (web/build/loader.js), which starts this module.
    let authlens =
        js_sys::Reflect::get(&js_sys::global(), &"authlens".into()).unwrap_or(JsValue::UNDEFINED);
    let _ = js_sys::Reflect::set(&authlens, &"mount".into(), mount.as_ref().unchecked_ref());
    let message_file = Closure::<dyn Fn(js_sys::Uint8Array) -> JsValue>::new(
        crate::components::requirements::message_file,
    );
    let _ = js_sys::Reflect::set(
        &authlens,
        &"messageFile".into(),
        message_file.as_ref().unchecked_ref(),
    );
    // The page keeps calling them for its life.
    mount.forget();
    message_file.forget();
}

/// Draws the part `element` names inside it, in place of its "Loading…".
pub fn mount(element: web_sys::HtmlElement) {
    let el = element.clone();
    let data = move |k: &str| el.get_attribute(&format!("data-{k}")).unwrap_or_default();
    let provider = Provider::parse(&data("doh")).unwrap_or(Provider::Google);
    // Drawn under the provider's context: the parts ask `use_provider()`.
    let draw = move || {
        provide_provider(RwSignal::new(provider.clone()));
        part(&data, provider)
    };
    element.set_text_content(None);
    let handle = leptos::mount::mount_to(element.clone(), draw);
    MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        m.retain(|(el, _)| el.is_connected());
        m.push((element, Box::new(handle)));
    });
}

/// The part `data("tool")` names, from its inputs.
fn part(data: &impl Fn(&str) -> String, provider: Provider) -> AnyView {
    let domain = data("domain");
    let tool = data("tool");
    let Some(name) = ToolName::parse(&tool) else {
        return view! { <p class="al-resolver__error">{format!("No such part: {tool}")}</p> }
            .into_any();
    };
    match name {
        ToolName::SpfTester => view! { <SpfTester domain=domain/> }.into_any(),
        ToolName::SpfWhatIf => view! { <SpfWhatIf domain=domain draft=data("draft")/> }.into_any(),
        ToolName::SpfTerm => term_detail(&data("record"), data("term").parse().unwrap_or(usize::MAX)),
        ToolName::SpfCounts => view! { <SpfCounts domain=domain/> }.into_any(),
        ToolName::Compare => view! { <Compare questions=data("questions")/> }.into_any(),
        ToolName::MtaStsPolicy => view! { <MtaStsPolicy domain=domain policy=data("policy") mx=data("mx")/> }.into_any(),
        ToolName::Tags => crate::components::domain_cards::record_tags(&data("protocol"), &data("record")).into_any(),
        ToolName::DmarcTags => view! { <DmarcTags record=data("record")/> }.into_any(),
        ToolName::Finding => authlens_engine::findings::info(&data("code"))
            .map(|i| view! { <Why info=i/> })
            .into_any(),
        ToolName::Psl => view! { <PslComparison domain=domain tree_walk=data("tree-walk")/> }.into_any(),
        ToolName::Lookups => view! { <Lookups domain=domain/> }.into_any(),
        ToolName::Requirements => view! {
            <crate::components::requirements::RequirementsPart ip=data("ip") bulk=data("bulk")/>
        }
        .into_any(),
        ToolName::Export => view! {
            <Export
                domain=domain
                selectors=data("selectors").split(',').filter(|s| !s.is_empty()).map(String::from).collect()
                resolver=data("resolver")
                format=data("format")
                provider=provider
            />
        }
        .into_any(),
    }
}

/// One term of an SPF record explained: what it does, and each of its parts with its RFC section.
/// The record is parsed again here, as the page parsed it, and the term found by its index.
fn term_detail(record: &str, index: usize) -> AnyView {
    let record = authlens_engine::spf::parse::parse(record);
    let Some(t) = record.terms.get(index).cloned() else {
        return ().into_any();
    };
    view! {
        <p class="al-term-detail__what"><code>{crate::text::visible(&t.text)}</code> " — " {describe_term(&t)}</p>
        <dl class="al-entries">
            {term_entries(&t).into_iter().map(|e| view! {
                <div class="al-entry">
                    <dt><code>{e.name}</code> " " {e.title} " " <span class="al-entry__rfc">{e.rfc}</span></dt>
                    <dd>{e.summary}</dd>
                    <dd class="al-entry__mistakes"><strong>"Common mistakes: "</strong>{e.mistakes}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
    .into_any()
}

thread_local! {
    // The list is 340 KB: fetched from the page's own origin only when the comparison is asked
    // for, then kept for the session.
    static PSL: RefCell<Option<std::rc::Rc<authlens_engine::psl::List>>> = const { RefCell::new(None) };
}

async fn public_suffix_list() -> Result<std::rc::Rc<authlens_engine::psl::List>, String> {
    if let Some(l) = PSL.with(|p| p.borrow().clone()) {
        return Ok(l);
    }
    let resp = crate::dns::get("public_suffix_list.dat", None, None)
        .await
        .map_err(|e| format!("the Public Suffix List could not be loaded: {e}"))?;
    if !resp.ok() {
        return Err(format!(
            "the Public Suffix List could not be loaded (HTTP {})",
            resp.status()
        ));
    }
    let text = crate::dns::text(&resp)
        .await
        .map_err(|e| format!("the Public Suffix List could not be loaded: {e}"))?;
    let list = std::rc::Rc::new(authlens_engine::psl::List::parse(&text));
    PSL.with(|p| *p.borrow_mut() = Some(list.clone()));
    Ok(list)
}

/// Which term of the SPF tree makes each DNS lookup and void lookup: the tree made again from the
/// page's answers.
#[component]
fn SpfCounts(domain: String) -> impl IntoView {
    let provider = crate::settings::use_provider().get_untracked();
    let tree = RwSignal::new(None::<Tree>);
    spawn_local(async move {
        tree.set(Some(
            spf_tree::inspect(&*resolver_for(&provider), &domain).await,
        ));
    });
    move || {
        tree.get().map(|t| {
            view! { <CountList counts=t.counts max_lookups=t.max_lookups max_void=t.max_void_lookups/> }
        })
    }
}

/// RFC 7489's organizational domain (Public Suffix List) beside RFC 9989's (tree walk).
#[component]
fn PslComparison(domain: String, tree_walk: String) -> impl IntoView {
    let result = RwSignal::new(None::<Result<Option<String>, String>>);
    spawn_local(async move {
        result.set(Some(
            public_suffix_list()
                .await
                .map(|l| l.registrable_domain(&domain)),
        ));
    });
    move || {
        result.get().map(|r| match r {
            Err(e) => view! { <p class="al-resolver__error">{e}</p> }.into_any(),
            Ok(psl) => {
                let psl = psl.unwrap_or_else(|| "(a public suffix itself)".into());
                let differ = psl != tree_walk;
                view! {
                    <p class="al-psl__result">
                        {format!("RFC 9989 tree walk: {tree_walk}. RFC 7489 Public Suffix List: {psl}.")}
                        {differ.then(|| view! { <strong class="al-psl__differ">" They differ: receivers still on RFC 7489 align and look up policy against the list's answer."</strong> })}
                        {(!differ).then_some(" Both agree.")}
                    </p>
                }
                .into_any()
            }
        })
    }
}

fn file_stem(domain: &str) -> String {
    format!(
        "authlens-{}",
        domain.replace(
            |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-',
            "_"
        )
    )
}

/// The JSON export: the same schema as `authlens inspect --json` (the browser's JSON.stringify
/// keeps serde_json out of the module).
pub fn report_json(r: &DomainReport, resolver: &str) -> String {
    use serde::Serialize;
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(v) = r.serialize(&ser) else {
        return String::new();
    };
    let _ = js_sys::Reflect::set(&v, &"resolver".into(), &resolver.into());
    js_sys::JSON::stringify_with_replacer_and_space(&v, &wasm_bindgen::JsValue::NULL, &2.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// One export (`json`, `markdown`, `copy-markdown`): the inspection made again from the page's
/// answers (the same report the page shows, nothing asked again), then offered as a file or
/// copied. Says what it did.
#[component]
fn Export(
    domain: String,
    selectors: Vec<String>,
    resolver: String,
    format: String,
    provider: Provider,
) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    spawn_local(async move {
        let opts = domain::Options { selectors };
        let report = domain::inspect(&*resolver_for(&provider), &domain, &opts).await;
        let stem = file_stem(&domain);
        let file = |name: String, mime: &str, text: String| {
            if download(&name, mime, &text) {
                format!("Downloaded {name}")
            } else {
                "The browser refused the download".to_string()
            }
        };
        said.set(Some(match format.as_str() {
            "json" => file(
                format!("{stem}.json"),
                "application/json",
                report_json(&report, &resolver),
            ),
            "markdown" => file(
                format!("{stem}.md"),
                "text/markdown",
                domain::markdown(&report),
            ),
            _ if copy_to_clipboard(&domain::markdown(&report)).await => "Markdown copied".into(),
            _ => "Copy failed".into(),
        }));
    });
    view! { <span class="al-export__said" role="status">{move || said.get()}</span> }
}

/// The resolver compared with the chosen one: the other large public one, or `doh2=`.
fn second_provider(first: &Provider) -> Provider {
    if let Some(Ok(p)) = crate::url::param("doh2").map(|u| Provider::parse(&u)) {
        return p;
    }
    match first {
        Provider::Google => Provider::Cloudflare,
        _ => Provider::Google,
    }
}

/// Two resolvers side by side: each question of the inspection (`questions`, as
/// [`crate::components::tool::questions_input`] wrote them) with the page's answer, asked again of the second resolver
/// alone.
#[component]
fn Compare(questions: String) -> impl IntoView {
    let first = crate::settings::use_provider().get_untracked();
    let result = RwSignal::new(None::<Comparison>);
    spawn_local(async move {
        let second = second_provider(&first);
        // The page's answers come from its session, as the shared answers replay them.
        let c = authlens_engine::domain::compare::compare_questions(
            first.label(),
            &*resolver_for(&first),
            &questions_from_input(&questions),
            second.label(),
            &*crate::dns::resolver_alone(&second),
        )
        .await;
        result.set(Some(c));
    });
    move || result.get().map(|c| view! { <CompareCard result=Ok(c)/> })
}

/// The TXT records of the domain and of its `_dmarc` name as they came, from the answers the page
/// already has (the shared answers: nothing is asked again).
#[component]
fn Lookups(domain: String) -> impl IntoView {
    let provider = crate::settings::use_provider().get_untracked();
    let raw = RwSignal::new(None::<Vec<authlens_engine::domain::inspect::RawLookup>>);
    spawn_local(async move {
        let r = authlens_engine::domain::inspect::raw_txt(&*resolver_for(&provider), &domain).await;
        raw.set(Some(r.lookups));
    });
    move || {
        raw.get().map(|ls| {
            view! {
                <div class="al-cards">
                    {ls.into_iter().map(|l| view! { <LookupCard lookup=l/> }).collect_view()}
                </div>
            }
        })
    }
}

/// The MTA-STS policy file as pasted into the MTA-STS card: its keys explained, and the card's
/// findings with it (checked against the MX hosts, `mx`, space-separated).
#[component]
fn MtaStsPolicy(domain: String, policy: String, mx: String) -> impl IntoView {
    let provider = crate::settings::use_provider().get_untracked();
    let report = RwSignal::new(None::<MtaStsReport>);
    spawn_local(async move {
        let resolver = resolver_for(&provider);
        let memo = Memo::new(&*resolver);
        let base = mtasts::check(&memo, &domain).await;
        let hosts: Vec<String> = mx.split_whitespace().map(String::from).collect();
        let outcome = mtasts::policy_from_http(200, Some("text/plain"), &policy);
        report.set(Some(base.with_policy(outcome, &hosts)));
    });
    move || {
        report.get().map(|r| {
            view! {
                {r.policy.clone().map(policy_view)}
                <h3 class="al-card__subtitle">"Findings with this policy file"</h3>
                <FindingsList findings=r.findings.clone()/>
            }
        })
    }
}

fn policy_view(outcome: PolicyOutcome) -> impl IntoView {
    match outcome {
        PolicyOutcome::Fetched(p) => {
            let rows: Vec<(String, String, Option<Entry>)> = p
                .lines
                .iter()
                .map(|l| {
                    (
                        l.key.clone(),
                        l.value.clone(),
                        mtasts::PolicyKey::parse(&l.key).map(mtasts::policy_entry),
                    )
                })
                .collect();
            view! {
                <p>"The policy file, as pasted:"</p>
                <RecordBox text=p.text.clone() what="MTA-STS policy file" lines=true/>
                <TagTable rows=rows unknown="Not a policy key: senders ignore it."/>
            }
            .into_any()
        }
        PolicyOutcome::Unreachable { reason } => view! {
            <p class="al-sts__unreachable" data-policy="unreachable">{reason}</p>
        }
        .into_any(),
    }
}
