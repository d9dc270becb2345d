//! The domain page's parts that run only when asked for — "Test a sender", "What if", a term's
//! explanation, "Which term makes each count", the Public Suffix List comparison, the resolver
//! comparison, the pasted MTA-STS policy check, why a finding matters, the tags of a record
//! explained and the exports — live in a second module, `inspect_tools` (src/bin/inspect_tools.rs,
//! [`crate::tools`]), which the browser downloads the first time one of them is used: the page a
//! visitor opens carries only what it shows (docs/size.md).
//!
//! [`Tool`] is the place one of them is drawn in: an element with `data-tool` (which part, a
//! [`ToolName`], the one enum both modules match on) and
//! the part's inputs as `data-*` attributes, handed to the page loader's `authlens.tool(element)`
//! (web/build/loader.js) once it is in the document. The loader fetches the module once (with
//! its Subresource Integrity hash) and calls the module's `mount(element)`, which reads the
//! attributes and draws the part inside the element. Until then the element says it is loading; a
//! module that cannot be loaded is said there too. What asks for one (a summary, a button, a
//! field) carries `data-tool-intent`: a pointer over it or the focus on it starts the download.
//!
//! Both modules' DNS answers go through one store (`crate::dns`, "shared answers"): the second
//! module asks nothing the page has already asked, and its exports are made from the very answers
//! the page shows.

use authlens_engine::dns::RecordType;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The parts of `inspect_tools`: what the page asks for ([`Tool`]) and what the module draws
/// ([`crate::tools`]). On the element it is `data-tool`, spelled as [`ToolName::as_str`] says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ToolName {
    /// "Test a sender" of the SPF card (`spf-tester`).
    SpfTester,
    /// "What if": the SPF record edited, its counts again (`spf-whatif`).
    SpfWhatIf,
    /// One term of an SPF record explained (`spf-term`).
    SpfTerm,
    /// Which term makes each DNS lookup (`spf-counts`).
    SpfCounts,
    /// The organizational domain by the Public Suffix List beside the tree walk's (`psl`).
    Psl,
    /// Every question asked again of a second resolver (`compare`).
    Compare,
    /// Why a finding matters and what to do (`finding`).
    Finding,
    /// The DMARC record's tags explained (`dmarc-tags`).
    DmarcTags,
    /// An MTA-STS, TLS-RPT or BIMI record's tags explained (`tags`).
    Tags,
    /// A pasted MTA-STS policy file checked (`mtasts-policy`).
    MtaStsPolicy,
    /// The raw TXT records of the domain and its `_dmarc` name (`lookups`).
    Lookups,
    /// The JSON and Markdown exports (`export`).
    Export,
    /// The message page's "why it may land in junk": the sender requirements and the filters'
    /// headers decoded (`requirements`).
    Requirements,
}

impl ToolName {
    pub const ALL: [ToolName; 13] = [
        ToolName::SpfTester,
        ToolName::SpfWhatIf,
        ToolName::SpfTerm,
        ToolName::SpfCounts,
        ToolName::Psl,
        ToolName::Compare,
        ToolName::Finding,
        ToolName::DmarcTags,
        ToolName::Tags,
        ToolName::MtaStsPolicy,
        ToolName::Lookups,
        ToolName::Export,
        ToolName::Requirements,
    ];

    /// Its `data-tool` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ToolName::SpfTester => "spf-tester",
            ToolName::SpfWhatIf => "spf-whatif",
            ToolName::SpfTerm => "spf-term",
            ToolName::SpfCounts => "spf-counts",
            ToolName::Psl => "psl",
            ToolName::Compare => "compare",
            ToolName::Finding => "finding",
            ToolName::DmarcTags => "dmarc-tags",
            ToolName::Tags => "tags",
            ToolName::MtaStsPolicy => "mtasts-policy",
            ToolName::Lookups => "lookups",
            ToolName::Export => "export",
            ToolName::Requirements => "requirements",
        }
    }

    /// The part a `data-tool` value names.
    pub fn parse(s: &str) -> Option<ToolName> {
        ToolName::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// DNS questions as one input of a part: one "name type-code" per line.
pub fn questions_input<'a>(questions: impl Iterator<Item = (&'a str, RecordType)>) -> String {
    questions
        .map(|(name, t)| format!("{name} {}", t.code()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The questions [`questions_input`] wrote.
pub fn questions_from_input(input: &str) -> Vec<(String, RecordType)> {
    input
        .lines()
        .filter_map(|l| {
            let (name, code) = l.rsplit_once(' ')?;
            Some((name.to_string(), RecordType::from_code(code.parse().ok()?)?))
        })
        .collect()
}

#[wasm_bindgen]
extern "C" {
    /// The loader's `authlens.tool(element)`.
    #[wasm_bindgen(js_namespace = authlens, js_name = tool, catch)]
    fn start(element: &web_sys::HtmlElement) -> Result<(), JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The loader's `authlens.call(name, arg)`: loads the module, then calls its `authlens[name]`.
    #[wasm_bindgen(js_namespace = authlens, js_name = call, catch)]
    fn call_js(name: &str, arg: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// Calls the function `inspect_tools` sets on `authlens` under `name` (loading the module the
/// first time); an error says the module could not be loaded.
pub async fn call(name: &str, arg: &JsValue) -> Result<JsValue, String> {
    let failed = |_| "this part of the page could not be loaded; try again".to_string();
    let promise = call_js(name, arg).map_err(failed)?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(failed)
}

/// The element a part of `inspect_tools` is drawn in; `inputs` become its `data-*` attributes.
#[component]
pub fn Tool(
    /// Which part.
    name: ToolName,
    /// The part's inputs, as `(attribute name without data-, value)`.
    inputs: Vec<(&'static str, String)>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    // The resolver the page uses now, as `doh=` names it.
    let doh = crate::url::doh_param(&crate::settings::use_provider().get_untracked())
        .unwrap_or_else(|| "google".into());
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        let _ = el.set_attribute("data-doh", &doh);
        for (k, v) in &inputs {
            let _ = el.set_attribute(&format!("data-{k}"), v);
        }
        if start(&el).is_err() {
            el.set_text_content(Some(
                "This part of the page could not be started: the page loader is missing.",
            ));
        }
    });
    view! {
        <div class="al-tool" data-tool=name.as_str() node_ref=node aria-live="polite">
            <p class="al-muted"><span class="al-spinner" aria-hidden="true"></span>" Loading…"</p>
        </div>
    }
}

/// A `<details>` whose body is a [`Tool`], started the first time it is opened, then `children`
/// (what the page has at once, like a finding's fix).
#[component]
pub fn ToolDetails(
    /// The `<details>` class (`al-tester`, `al-whatif`, `al-spf__counts`, `al-finding__more`).
    class: &'static str,
    summary: &'static str,
    name: ToolName,
    inputs: Vec<(&'static str, String)>,
    /// What the toggle is about, read after `summary` by screen readers (": the DMARC
    /// record"), so that toggles with the same words are told apart.
    #[prop(optional, into)]
    about: Option<String>,
    /// Open from the start (its part drawn at once).
    #[prop(optional)]
    open: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let opened = RwSignal::new(open);
    let inputs = StoredValue::new(inputs);
    view! {
        <details class=class open=open on:toggle=move |_| opened.set(true)>
            <summary data-tool-intent="" aria-label=about.map(|a| format!("{summary}: {a}"))>{summary}</summary>
            {move || opened.get().then(|| view! { <Tool name=name inputs=inputs.get_value()/> })}
            {children.map(|c| c())}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::ToolName;

    #[test]
    fn every_tool_name_reads_back() {
        for t in ToolName::ALL {
            assert_eq!(ToolName::parse(t.as_str()), Some(t));
        }
        assert_eq!(ToolName::parse("spf-tester"), Some(ToolName::SpfTester));
        assert_eq!(
            ToolName::parse("mtasts-policy"),
            Some(ToolName::MtaStsPolicy)
        );
        assert_eq!(ToolName::parse("no-such-part"), None);
    }
}
