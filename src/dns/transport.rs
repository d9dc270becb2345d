//! DoH JSON over the browser's `fetch` (gloo-net), with a timeout that aborts the request.

use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};
use authlens_engine::doh;
use gloo_net::http::Request;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Queries one DoH JSON endpoint with `fetch`.
pub struct FetchResolver {
    endpoint: String,
    timeout_ms: i32,
}

impl FetchResolver {
    pub fn new(endpoint: &str, timeout_ms: i32) -> FetchResolver {
        FetchResolver {
            endpoint: endpoint.to_string(),
            timeout_ms,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

/// Aborts a fetch when a timer fires; dropping it cancels the timer.
struct Deadline {
    controller: Option<web_sys::AbortController>,
    timer: Option<i32>,
    _callback: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    fn new(ms: i32) -> Deadline {
        let controller = web_sys::AbortController::new().ok();
        let window = web_sys::window();
        let (timer, callback) = match (&controller, &window) {
            (Some(c), Some(w)) => {
                let c = c.clone();
                let cb = Closure::<dyn FnMut()>::new(move || c.abort());
                let id = w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        cb.as_ref().unchecked_ref(),
                        ms,
                    )
                    .ok();
                (id, Some(cb))
            }
            _ => (None, None),
        };
        Deadline {
            controller,
            timer,
            _callback: callback,
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    fn expired(&self) -> bool {
        self.controller
            .as_ref()
            .is_some_and(|c| c.signal().aborted())
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.timer, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

fn duration_text(ms: i32) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

impl Resolver for FetchResolver {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let url = doh::request_url(&self.endpoint, name, rtype);
        let deadline = Deadline::new(self.timeout_ms);
        let signal = deadline.signal();
        let timed_out = || {
            DnsError::temporary(
                name,
                rtype,
                format!("no answer within {}", duration_text(self.timeout_ms)),
            )
        };
        let resp = Request::get(&url)
            .header("accept", doh::ACCEPT)
            .abort_signal(signal.as_ref())
            .send()
            .await
            .map_err(|e| {
                if deadline.expired() {
                    timed_out()
                } else {
                    // The browser hides the cause (CORS, DNS, TLS, offline) behind one TypeError.
                    DnsError::temporary(
                        name,
                        rtype,
                        format!("cannot reach the resolver (network error, CORS refused, or a resolver the page's Content-Security-Policy does not allow: see the README to add one): {e}"),
                    )
                }
            })?;
        let status = resp.status();
        if status != 200 {
            let retry_after = resp.headers().get("retry-after");
            return Err(doh::http_error(name, rtype, status, retry_after.as_deref()));
        }
        let body = resp.text().await.map_err(|_| {
            if deadline.expired() {
                timed_out()
            } else {
                DnsError::temporary(name, rtype, "the answer was cut off")
            }
        })?;
        drop(deadline);
        // The browser's JSON.parse keeps serde_json out of the module.
        let value = js_sys::JSON::parse(&body)
            .map_err(|_| DnsError::malformed(name, rtype, "the resolver's answer is not JSON"))?;
        let msg: doh::Message = serde_wasm_bindgen::from_value(value).map_err(|e| {
            DnsError::malformed(
                name,
                rtype,
                format!("the resolver's answer is not DoH JSON ({e})"),
            )
        })?;
        doh::decode(&msg, name, rtype)
    }
}
