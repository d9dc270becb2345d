//! Getting results out of the page: a file to download, made in the browser (nothing is sent).

use wasm_bindgen::JsCast;

/// Offers `text` as a file named `name`. Returns false when the browser refused.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let ok = match doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        Some(a) => {
            a.set_href(&url);
            a.set_download(name);
            a.click();
            true
        }
        None => false,
    };
    let _ = web_sys::Url::revoke_object_url(&url);
    ok
}
