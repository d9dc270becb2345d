//! DoH JSON over the browser's `fetch` (gloo-net's `Request`), with a timeout that aborts the
//! request.
//!
//! One query is one try: the retry on the other resolver is the session cache's (see
//! [`super::resolver_for`]). Every failure's text names this resolver and ends with its `dns-*`
//! code ([`authlens_engine::dns::doh::fault`]). A `Retry-After` on a 429 or 503 is honoured with the
//! engine's [`Backoff`]: this resolver is not asked again before then; a wait of at most 1 s is
//! waited, a longer one fails the query at once, so the other resolver is asked instead.

use std::cell::RefCell;

use authlens_engine::dns::doh;
use authlens_engine::dns::doh::backoff::{Backoff, Gate};
use authlens_engine::dns::doh::fault::{self, Fault};
use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};
use gloo_net::http::{Request, Response};
use wasm_bindgen::{JsCast, JsValue};

/// Queries one DoH JSON endpoint with `fetch`.
pub struct FetchResolver {
    endpoint: String,
    /// The resolver as messages name it (`dns.google`, `127.0.0.1:8053/dns-query`).
    name: String,
    timeout_ms: i32,
    backoff: RefCell<Backoff>,
}

impl FetchResolver {
    pub fn new(endpoint: &str, timeout_ms: i32) -> FetchResolver {
        FetchResolver {
            endpoint: endpoint.to_string(),
            name: doh::endpoint_name(endpoint),
            timeout_ms,
            backoff: RefCell::new(Backoff::default()),
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

/// Aborts a fetch after `ms`: `AbortSignal.timeout()`, one call into the browser per query
/// instead of an `AbortController`, a closure and a timer to set and clear (the first round of
/// an inspection sends some thirty queries while the page is busiest).
struct Deadline {
    signal: web_sys::AbortSignal,
}

impl Deadline {
    fn new(ms: i32) -> Deadline {
        Deadline {
            signal: web_sys::AbortSignal::timeout_with_u32(ms.max(0) as u32),
        }
    }

    fn signal(&self) -> &web_sys::AbortSignal {
        &self.signal
    }

    fn expired(&self) -> bool {
        self.signal.aborted()
    }
}

/// The questions the page's loader asked before this module ran (web/build/loader.js, which
/// says which and why): `window.__authlensFirst`, an object from the request URL to
/// `{ signal, response }`, the `AbortSignal` that times the fetch out and the `fetch` promise.
/// Each is taken once, by the query whose URL is exactly the key, so it is the very request
/// [`FetchResolver::send`] would have made; a query that finds none sends its own.
const FIRST_QUESTIONS: &str = "__authlensFirst";

fn take_first_question(url: &str) -> Option<(web_sys::AbortSignal, js_sys::Promise)> {
    let window = web_sys::window()?;
    let first = js_sys::Reflect::get(&window, &FIRST_QUESTIONS.into()).ok()?;
    let first = first.dyn_into::<js_sys::Object>().ok()?;
    let key = wasm_bindgen::JsValue::from_str(url);
    if !js_sys::Object::has_own(&first, &key) {
        return None;
    }
    let entry = js_sys::Reflect::get(&first, &key).ok()?;
    js_sys::Reflect::delete_property(&first, &key).ok()?;
    let signal = js_sys::Reflect::get(&entry, &"signal".into()).ok()?;
    let response = js_sys::Reflect::get(&entry, &"response".into()).ok()?;
    Some((signal.dyn_into().ok()?, response.dyn_into().ok()?))
}

/// `fetch(url)` through gloo-net's `Request`, with an `Accept` header and an abort signal when
/// given: the response, or the browser's error as text (`TypeError: Failed to fetch`, or the
/// `DOMException` of the timeout).
///
/// The request is made from a `RequestInit` and sent with gloo-net's `Request::send`: its
/// `RequestBuilder` parses the address again to merge query parameters the page never adds, and
/// linked that and `http::Method` into the page (1.7 KB brotli on the domain page's first load).
pub(crate) async fn get(
    url: &str,
    accept: Option<&str>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Response, String> {
    let init = web_sys::RequestInit::new();
    if let Some(a) = accept {
        let headers = js_sys::Object::new();
        // Setting a property of a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&headers, &"accept".into(), &a.into());
        init.set_headers(&headers);
    }
    init.set_signal(signal);
    let request = web_sys::Request::new_with_str_and_init(url, &init)
        .map_err(|e| crate::worker::error_text(&e))?;
    Request::from(request)
        .send()
        .await
        .map_err(|e| e.to_string())
}

/// The `Response` a `fetch` promise the loader started settles to, or its error as text.
async fn response_of(promise: js_sys::Promise) -> Result<Response, String> {
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .and_then(|r| r.dyn_into::<web_sys::Response>())
        .map(Response::from)
        // A TypeError (network, CORS) or a DOMException (the timeout), both Errors.
        .map_err(|e| crate::worker::error_text(&e))
}

/// A response's body as text (Err: the body could not be read to its end).
pub(crate) async fn text(resp: &Response) -> Result<String, String> {
    if resp.body_used() {
        return Err("the body was already read".to_string());
    }
    resp.text()
        .await
        .map_err(|_| "the body was cut off".to_string())
}

/// Resolves after `ms` (at once when there is no window, so nothing waits forever).
async fn sleep_ms(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
                .ok()
        });
        if set.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Shared answers: every answer a module gets (the body of a 200, or the failure it ended in) is
/// kept for the page's life in `globalThis.__authlensAnswers`, a `Map` from the request URL to the
/// body (a string) or `[kind, reason]`. The domain page's module only keeps; its second module,
/// `inspect_tools` ([`crate::components::tool`]), reads there first ([`replay_shared_answers`]):
/// it asks nothing the page asked already, and its exports are made from the page's own answers.
const SHARED_ANSWERS: &str = "__authlensAnswers";

thread_local! {
    static REPLAY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Makes this module's resolvers take the shared answers before asking (see [`SHARED_ANSWERS`]).
pub fn replay_shared_answers() {
    REPLAY.with(|r| r.set(true));
}

fn shared_answers() -> Option<js_sys::Map> {
    let global = js_sys::global();
    let key = JsValue::from_str(SHARED_ANSWERS);
    let kept = js_sys::Reflect::get(&global, &key).ok()?;
    if kept.is_undefined() {
        let map = js_sys::Map::new();
        js_sys::Reflect::set(&global, &key, &map).ok()?;
        return Some(map);
    }
    kept.dyn_into().ok()
}

fn keep(url: &str, value: &JsValue) {
    if let Some(map) = shared_answers() {
        map.set(&url.into(), value);
    }
}

/// The kept answer to `url`, as the query that got it ended.
fn replay(url: &str, name: &str, rtype: RecordType) -> Option<Result<Lookup, DnsError>> {
    if !REPLAY.with(std::cell::Cell::get) {
        return None;
    }
    let kept = shared_answers()?.get(&url.into());
    if let Some(body) = kept.as_string() {
        return Some(read_body(&body, name, rtype));
    }
    let failure = kept.dyn_into::<js_sys::Array>().ok()?;
    let reason = failure.get(1).as_string().unwrap_or_default();
    Some(Err(match failure.get(0).as_string().as_deref() {
        Some("malformed") => DnsError::malformed(name, rtype, reason),
        _ => DnsError::temporary(name, rtype, reason),
    }))
}

impl Resolver for FetchResolver {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let url = doh::request_url(&self.endpoint, name, rtype);
        if let Some(kept) = replay(&url, name, rtype) {
            return kept;
        }
        let answer = self.ask(&url, name, rtype).await;
        if let Err(e @ (DnsError::Temporary { reason, .. } | DnsError::Malformed { reason, .. })) =
            &answer
        {
            let failure = js_sys::Array::of2(&e.kind().into(), &reason.into());
            keep(&url, &failure);
        }
        answer
    }
}

impl FetchResolver {
    async fn ask(&self, url: &str, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let gate = self.backoff.borrow().gate(js_sys::Date::now());
        match gate {
            Gate::Send => {}
            Gate::Wait(ms) => sleep_ms(ms).await,
            Gate::Skip(why) => {
                return Err(DnsError::temporary(
                    name,
                    rtype,
                    format!("{}: {why}", self.name),
                ))
            }
        }
        self.send(url, name, rtype)
            .await
            .map_err(|e| fault::attribute(e, &self.name))
    }

    async fn send(&self, url: &str, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let timed_out = || fault::timeout(name, rtype, &self.name, self.timeout_ms.max(0) as u64);
        let (deadline, resp) = match take_first_question(url) {
            Some((signal, response)) => {
                let deadline = Deadline { signal };
                (deadline, response_of(response).await)
            }
            None => {
                let deadline = Deadline::new(self.timeout_ms);
                let resp = get(url, Some(doh::ACCEPT), Some(deadline.signal())).await;
                (deadline, resp)
            }
        };
        let resp = resp.map_err(|e| {
                if deadline.expired() {
                    timed_out()
                } else {
                    // The browser hides the cause (CORS, DNS, TLS, offline) behind one TypeError.
                    Fault::Unreachable.error(
                        name,
                        rtype,
                        &self.name,
                        format!("could not be reached (network error, CORS refused, or a resolver the page's Content-Security-Policy does not allow: see the README to add one): {e}"),
                    )
                }
            })?;
        let status = resp.status();
        if status != 200 {
            let retry_after = resp.headers().get("retry-after");
            self.backoff
                .borrow_mut()
                .note(js_sys::Date::now(), status, retry_after.as_deref());
            return Err(doh::http_error(name, rtype, status, retry_after.as_deref()));
        }
        let body = text(&resp).await.map_err(|_| {
            if deadline.expired() {
                timed_out()
            } else {
                Fault::Unreachable.error(name, rtype, &self.name, "the answer was cut off")
            }
        })?;
        keep(url, &JsValue::from_str(&body));
        read_body(&body, name, rtype)
    }
}

/// A DoH JSON body as the answer to `name` and `rtype`.
fn read_body(body: &str, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
    // The browser's JSON.parse keeps serde_json out of the module.
    let value = js_sys::JSON::parse(body).map_err(|_| {
        DnsError::malformed(
            name,
            rtype,
            format!("the answer is not JSON ({})", Fault::BadAnswer),
        )
    })?;
    let msg = message_from_js(&value).map_err(|e| {
        DnsError::malformed(
            name,
            rtype,
            format!("the answer is not DoH JSON: {e} ({})", Fault::BadAnswer),
        )
    })?;
    doh::decode(&msg, name, rtype)
}

/// The fields of a DoH JSON answer the engine reads ([`doh::Message`]), from the object
/// `JSON.parse` made: as the CLI's serde_json reads them (a field missing or `null` is absent, an
/// unknown one ignored, a field of the wrong type an error), without a deserializer in the
/// module (serde_wasm_bindgen's, whose error messages brought float formatting with them).
pub fn message_from_js(v: &JsValue) -> Result<doh::Message, String> {
    fn field(o: &JsValue, key: &str) -> Option<JsValue> {
        js_sys::Reflect::get(o, &JsValue::from_str(key))
            .ok()
            .filter(|x| !x.is_undefined() && !x.is_null())
    }
    fn is_object(v: &JsValue) -> bool {
        v.is_object() && !js_sys::Array::is_array(v)
    }
    fn whole(v: &JsValue, max: u32) -> Option<u32> {
        v.as_f64()
            .filter(|f| (0.0..=max.into()).contains(f) && f.fract() == 0.0)
            .map(|f| f as u32)
    }
    // Each field read with its rule; the error names the field only when it breaks the rule.
    fn read<T>(
        o: &JsValue,
        key: &str,
        rule: &str,
        at: impl Fn() -> String,
        get: impl Fn(&JsValue) -> Option<T>,
    ) -> Result<Option<T>, String> {
        match field(o, key) {
            None => Ok(None),
            Some(x) => get(&x)
                .map(Some)
                .ok_or_else(|| format!("{}{key} is not {rule}", at())),
        }
    }
    if !is_object(v) {
        return Err("the answer is not an object".into());
    }
    let top = String::new;
    let answer = match field(v, "Answer") {
        None => None,
        Some(list) if js_sys::Array::is_array(&list) => {
            let list = js_sys::Array::from(&list);
            let mut records = Vec::with_capacity(list.length() as usize);
            for (i, r) in list.iter().enumerate() {
                let at = || format!("Answer[{i}].");
                if !is_object(&r) {
                    return Err(format!("Answer[{i}] is not an object"));
                }
                records.push(doh::Record {
                    name: read(&r, "name", "a string", at, JsValue::as_string)?,
                    rtype: read(&r, "type", "a whole number from 0 to 65535", at, |x| {
                        whole(x, u16::MAX.into()).map(|t| t as u16)
                    })?,
                    ttl: read(&r, "TTL", "a whole number from 0 to 2^32-1", at, |x| {
                        whole(x, u32::MAX)
                    })?,
                    data: read(&r, "data", "a string", at, JsValue::as_string)?,
                });
            }
            Some(records)
        }
        Some(_) => return Err("Answer is not a list".into()),
    };
    Ok(doh::Message {
        status: read(v, "Status", "a whole number from 0 to 2^32-1", top, |x| {
            whole(x, u32::MAX)
        })?,
        ad: read(v, "AD", "true or false", top, JsValue::as_bool)?,
        tc: read(v, "TC", "true or false", top, JsValue::as_bool)?,
        answer,
    })
}
