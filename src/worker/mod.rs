//! A page's link to its Web Worker: heavy work (reading a 50 MB report, making an RSA key) runs
//! off the page's thread, so the page keeps answering.
//!
//! The worker is a Trunk worker binary (`data-type="worker" data-loader-shim`), started on the
//! first message and ended with the page. It says `{kind: "ready"}` once its handler is set;
//! what the page sends before that waits here (a wasm worker drops what arrives before its handler
//! is set). Every other message goes to the page's handler, as does a failure of the worker
//! (which is forgotten then: the next message starts a new one).
//!
//! What a page and its worker say to each other is typed once, here, for both sides:
//! [`reports`] (the aggregate reports reader) and [`keygen`] (the DKIM key generator).

pub mod keygen;
pub mod reports;

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `Worker`, declared here rather than through web-sys features.
    #[wasm_bindgen(js_name = Worker)]
    type JsWorker;
    #[wasm_bindgen(constructor, js_class = "Worker", catch)]
    fn new(url: &str) -> Result<JsWorker, JsValue>;
    #[wasm_bindgen(method, js_class = "Worker", js_name = postMessage, catch)]
    fn post(this: &JsWorker, msg: &JsValue, transfer: &js_sys::Array) -> Result<(), JsValue>;
    #[wasm_bindgen(method, js_class = "Worker", setter = onmessage)]
    fn set_onmessage(this: &JsWorker, f: &js_sys::Function);
    #[wasm_bindgen(method, js_class = "Worker", setter = onerror)]
    fn set_onerror(this: &JsWorker, f: &js_sys::Function);
    #[wasm_bindgen(method, js_class = "Worker")]
    fn terminate(this: &JsWorker);

    /// `DedicatedWorkerGlobalScope.postMessage`, a global function inside a worker.
    #[wasm_bindgen(js_name = postMessage)]
    fn post_message(msg: &JsValue);
}

/// The worker and what waits for it. Dropped with the page, which ends the worker.
#[derive(Default)]
struct Conn {
    worker: Option<JsWorker>,
    ready: bool,
    /// Messages (and their transfer lists) posted before the worker said it was ready.
    queue: Vec<(JsValue, js_sys::Array)>,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(w) = &self.worker {
            w.terminate();
        }
    }
}

type Handler = Rc<dyn Fn(JsValue)>;

/// One page's worker. `Copy`, like a signal: handlers and views can hold it.
#[derive(Clone, Copy)]
pub struct WorkerLink {
    url: &'static str,
    conn: StoredValue<Conn, LocalStorage>,
    /// The page's handler of the worker's messages (`event.data`, never `ready`).
    on_message: StoredValue<Handler, LocalStorage>,
    /// Called when the worker fails (it could not start, ran out of memory, trapped).
    on_error: StoredValue<Handler, LocalStorage>,
}

impl WorkerLink {
    /// A link to the worker whose loader is at `url` (`./<bin>_loader.js`: workers keep their
    /// Cargo name, unhashed, so the page can name them). Nothing starts before [`Self::send`].
    pub fn new(
        url: &'static str,
        on_message: impl Fn(JsValue) + 'static,
        on_error: impl Fn(JsValue) + 'static,
    ) -> WorkerLink {
        WorkerLink {
            url,
            conn: StoredValue::new_local(Conn::default()),
            on_message: StoredValue::new_local(Rc::new(on_message) as Handler),
            on_error: StoredValue::new_local(Rc::new(on_error) as Handler),
        }
    }

    /// Sends `msg` (with the objects in `transfer` handed over, not copied), starting the worker
    /// if none runs. Err: the browser would not start it.
    pub fn send(&self, msg: JsValue, transfer: js_sys::Array) -> Result<(), String> {
        let link = *self;
        self.conn
            .try_update_value(|c| {
                if c.worker.is_none() {
                    let w = JsWorker::new(link.url).map_err(|e| error_text(&e))?;
                    let on_msg = Closure::<dyn FnMut(JsValue)>::new(move |ev| link.message(ev));
                    let on_err = Closure::<dyn FnMut(JsValue)>::new(move |ev| link.failed(ev));
                    w.set_onmessage(on_msg.as_ref().unchecked_ref());
                    w.set_onerror(on_err.as_ref().unchecked_ref());
                    c._handlers = vec![on_msg, on_err];
                    c.worker = Some(w);
                }
                match (&c.worker, c.ready) {
                    (Some(w), true) => {
                        let _ = w.post(&msg, &transfer);
                    }
                    _ => c.queue.push((msg, transfer)),
                }
                Ok(())
            })
            .unwrap_or(Ok(()))
    }

    /// Sends `msg` only to a worker that runs and is ready (a reset has nothing to reset
    /// otherwise).
    pub fn send_if_running(&self, msg: &JsValue) {
        self.conn.with_value(|c| {
            if let (Some(w), true) = (&c.worker, c.ready) {
                let _ = w.post(msg, &js_sys::Array::new());
            }
        });
    }

    fn message(&self, ev: JsValue) {
        let data = js_sys::Reflect::get(&ev, &"data".into()).unwrap_or(JsValue::UNDEFINED);
        if field(&data, "kind").as_string().as_deref() == Some("ready") {
            let queue = self.conn.try_update_value(|c| {
                c.ready = true;
                std::mem::take(&mut c.queue)
            });
            self.conn.with_value(|c| {
                if let Some(w) = &c.worker {
                    for (m, t) in queue.unwrap_or_default() {
                        let _ = w.post(&m, &t);
                    }
                }
            });
            return;
        }
        if let Some(h) = self.on_message.try_get_value() {
            h(data);
        }
    }

    fn failed(&self, ev: JsValue) {
        // The next message starts a new worker; the failed one is ended.
        self.conn.update_value(|c| {
            if let Some(w) = c.worker.take() {
                w.terminate();
            }
            c.ready = false;
            c.queue.clear();
        });
        if let Some(h) = self.on_error.try_get_value() {
            h(ev);
        }
    }
}

/// A worker's side (`src/bin/*_worker.rs`): `on_message` gets every message the page sends (the
/// event), for as long as the page lives; then `{kind: "ready"}` tells the page it may send.
pub fn serve(on_message: fn(JsValue)) {
    let handler = Closure::<dyn Fn(JsValue)>::new(on_message);
    let _ = js_sys::Reflect::set(&js_sys::global(), &"onmessage".into(), handler.as_ref());
    // The worker lives as long as the page: the handler is never dropped.
    handler.forget();
    // Messages posted before the wasm was loaded would be lost: the page waits for this.
    reply(&obj(&[("kind", &"ready".into())]));
}

/// Inside a worker: sends `msg` to the page.
pub fn reply(msg: &JsValue) {
    post_message(msg);
}

/// What a JS exception says: an `Error` as JS prints it (`TypeError: ...`), a string as it is,
/// anything else as wasm-bindgen shows it.
pub fn error_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|x| String::from(x.to_string()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// A plain object of these fields.
pub fn obj(pairs: &[(&str, &JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        // Setting a property of a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// `value[name]`, or `undefined`.
pub fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
}
