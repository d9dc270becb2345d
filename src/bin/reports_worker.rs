//! The reports page's Web Worker: reads aggregate report files off the page's thread, so the
//! page stays responsive while a 50 MB report is parsed and added up.
//!
//! Trunk builds it as a worker (`data-type="worker" data-loader-shim`: wasm-bindgen's
//! `no-modules` output plus `reports_worker_loader.js`, which the page starts with
//! `new Worker("./reports_worker_loader.js")`). Messages in: a [`ToReader`] (`read`, with the
//! `ArrayBuffer` transferred, not copied, or `reset`). Messages out: `{kind: "ready"}` once, then
//! for each file the [`FromReader`] `start` and `file`, a [`FileMessage`] (the engine's `FileRead`
//! without its records, for each of its reports the earlier copy it repeats, the `Totals` of
//! every report read so far, and `impact` at both steps), as JSON-compatible JS objects.
//!
//! What crosses to the page is cut to what it shows, because the page deserializes it on its own
//! thread: no `rows`, at most [`MAX_SOURCES`] sources (the most messages first; `top_failing` is
//! computed over all of them) and at most [`MAX_GROUPS`] impact groups.

use std::cell::RefCell;

use authlens_engine::aggregate::{self, Enforcement, FileRead, Options};
use authlens_web::worker::reports::{FromReader, ToReader};
use authlens_web::worker::{field, reply, serve};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Sources sent to the page; the rest are counted in `sources_total`.
const MAX_SOURCES: usize = 1000;
/// Impact groups sent to the page.
const MAX_GROUPS: usize = 50;

thread_local! {
    /// Every file read since the last reset: the totals are always over all of them.
    static FILES: RefCell<Vec<FileRead>> = const { RefCell::new(Vec::new()) };
}

#[derive(Serialize)]
struct FileMessage<'a> {
    file: &'a FileRead,
    /// For each report of `file`, the `source` of the earlier copy counted instead (see
    /// `aggregate::repeats`), or `None`.
    repeats: Vec<Option<&'a str>>,
    totals: &'a aggregate::Totals,
    quarantine: &'a aggregate::Impact,
    reject: &'a aggregate::Impact,
    next: &'static str,
    /// The policy most reports saw and what each kind of receiver does with it.
    published: Option<String>,
    sources_total: usize,
}

/// What this worker says to the page.
type Out<'a> = FromReader<FileMessage<'a>>;

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|e| JsValue::from_str(&format!("serialization failed: {e}")))
}

fn read(name: String, bytes: &js_sys::ArrayBuffer) {
    reply(&to_js(&Out::Start { name: name.clone() }));
    let bytes = js_sys::Uint8Array::new(bytes).to_vec();
    let file = aggregate::read_file(&name, &bytes, &Options::default());
    drop(bytes);
    FILES.with(|files| {
        let mut files = files.borrow_mut();
        files.push(file);
        let mut totals = aggregate::summarize(files.iter().flat_map(|f| f.reports.iter()));
        let quarantine = cut_impact(aggregate::impact(&totals, Enforcement::Quarantine));
        let reject = cut_impact(aggregate::impact(&totals, Enforcement::Reject));
        let next = aggregate::next_step(&totals).as_str();
        let published = aggregate::rollout::published(&totals)
            .map(|e| format!("{}: {}", e.written(), e.account()));
        let sources_total = totals.sources.len();
        totals.rows = Vec::new();
        totals.sources.truncate(MAX_SOURCES);
        let last = files.last().expect("pushed just above");
        let before: usize = files[..files.len() - 1]
            .iter()
            .map(|f| f.reports.len())
            .sum();
        let repeats =
            aggregate::repeats(files.iter().flat_map(|f| f.reports.iter())).split_off(before);
        reply(&to_js(&Out::File(FileMessage {
            file: last,
            repeats,
            totals: &totals,
            quarantine: &quarantine,
            reject: &reject,
            next,
            published,
            sources_total,
        })));
    });
}

fn cut_impact(mut i: aggregate::Impact) -> aggregate::Impact {
    i.groups.truncate(MAX_GROUPS);
    i
}

fn on_message(ev: JsValue) {
    match ToReader::from_js(&field(&ev, "data")) {
        Some(ToReader::Read {
            name,
            bytes: Some(buf),
        }) => read(name, &buf),
        Some(ToReader::Read { name, bytes: None }) => reply(&to_js(&Out::Error { name })),
        Some(ToReader::Reset) => FILES.with(|f| f.borrow_mut().clear()),
        None => {}
    }
}

fn main() {
    console_error_panic_hook::set_once();
    serve(on_message);
}
