//! The page's address as its state: `?domain=NAME&selector=a,b&doh=URL`, so that a result can be
//! shared as a link. Parameters are read from the query string, or from the fragment
//! (`#domain=...`) for hosts that strip query strings; no server rewrite is ever needed.

use authlens_engine::dns::doh::Provider;
use web_sys::UrlSearchParams;

/// What the address asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageParams {
    pub domain: Option<String>,
    pub selectors: Vec<String>,
    pub doh: Option<String>,
    /// `view=message` opens the message page.
    pub view: Option<String>,
}

fn params_of(s: &str) -> Option<UrlSearchParams> {
    UrlSearchParams::new_with_str(s).ok()
}

fn get(p: &UrlSearchParams, key: &str) -> Option<String> {
    p.get(key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Reads the current address.
/// The `doh=` value that brings a provider back (none for Google, the default).
pub fn doh_param(p: &Provider) -> Option<String> {
    match p {
        Provider::Google => None,
        Provider::Cloudflare => Some("cloudflare".into()),
        Provider::Custom(u) => Some(u.clone()),
    }
}

pub fn read() -> PageParams {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return PageParams::default();
    };
    let search = loc.search().unwrap_or_default();
    let hash = loc.hash().unwrap_or_default();
    let mut out = PageParams::default();
    for source in [search.as_str(), hash.trim_start_matches('#')] {
        let Some(p) = params_of(source) else { continue };
        if out.domain.is_none() {
            out.domain = get(&p, "domain");
        }
        if out.doh.is_none() {
            out.doh = get(&p, "doh");
        }
        if out.view.is_none() {
            out.view = get(&p, "view");
        }
        if out.selectors.is_empty() {
            out.selectors = get(&p, "selector")
                .map(|s| {
                    s.split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
                .unwrap_or_default();
        }
    }
    out
}

/// Puts the state in the address bar without reloading, keeping parameters the page does not own.
pub fn write(params: &PageParams) {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let Some(p) = params_of(&loc.search().unwrap_or_default()) else {
        return;
    };
    let set = |k: &str, v: Option<&str>| match v {
        Some(v) => p.set(k, v),
        None => p.delete(k),
    };
    set("domain", params.domain.as_deref());
    let sel = params.selectors.join(",");
    set("selector", (!sel.is_empty()).then_some(sel.as_str()));
    set("doh", params.doh.as_deref());
    let query = String::from(p.to_string());
    let path = loc.pathname().unwrap_or_else(|_| "/".into());
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// One parameter of the address (query string first, then fragment).
pub fn param(key: &str) -> Option<String> {
    let loc = web_sys::window()?.location();
    let search = loc.search().unwrap_or_default();
    let hash = loc.hash().unwrap_or_default();
    let found = [search.as_str(), hash.trim_start_matches('#')]
        .into_iter()
        .filter_map(params_of)
        .find_map(|p| p.get(key));
    found
}

/// Sets or removes parameters in the address bar, keeping the others, without reloading.
pub fn set_params(pairs: &[(&str, Option<String>)]) {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let Some(p) = params_of(&loc.search().unwrap_or_default()) else {
        return;
    };
    for (k, v) in pairs {
        match v.as_deref().filter(|v| !v.is_empty()) {
            Some(v) => p.set(k, v),
            None => p.delete(k),
        }
    }
    let query = String::from(p.to_string());
    let path = loc.pathname().unwrap_or_else(|_| "/".into());
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Copies text to the clipboard; resolves to false when the browser refuses.
pub async fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else {
        return false;
    };
    let Ok(nav) = js_sys::Reflect::get(&w, &"navigator".into()) else {
        return false;
    };
    let Ok(clip) = js_sys::Reflect::get(&nav, &"clipboard".into()) else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clip, &"writeText".into()) else {
        return false;
    };
    let Some(f) = write.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    match f.call1(&clip, &text.into()) {
        Ok(p) => match p.dyn_into::<js_sys::Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}
