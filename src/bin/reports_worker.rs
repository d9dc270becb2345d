//! The reports page's Web Worker: reads report files off the page's thread, so the page stays
//! responsive while a 50 MB report is parsed and added up.
//!
//! Trunk builds it as a worker (`data-type="worker" data-loader-shim`: wasm-bindgen's
//! `no-modules` output plus `reports_worker_loader.js`, which the page starts with
//! `new Worker("./reports_worker_loader.js")`). Messages in: a [`ToReader`] (`read`, with the
//! `ArrayBuffer` transferred, not copied, or `reset`). Messages out: `{kind: "ready"}` once, then
//! for each file the [`FromReader`] `start` and `file`, a [`FileMessage`], as JSON-compatible JS
//! objects.
//!
//! Each file is told by its content (`mail::classify_file`), as `authlens report` tells it: an
//! aggregate report (or anything else, which the aggregate reader says is not one), a TLS-RPT
//! report, or mail (`.eml`, `.mbox`), in which every aggregate, TLS and failure report is found
//! (`mail::find_reports`) and read. The answer carries the aggregate files read (the engine's
//! `FileRead` without its records, for each report the earlier copy it repeats), the aggregate
//! `Totals` and `impact` so far, the TLS-RPT files and totals so far, what the mail held and its
//! failure reports.
//!
//! What crosses to the page is cut to what it shows, because the page deserializes it on its own
//! thread: no `rows`, at most [`MAX_SOURCES`] sources (the most messages first; `top_failing` is
//! computed over all of them), at most [`MAX_GROUPS`] impact groups and [`MAX_TLS_ROWS`] TLS
//! failure rows.

use std::cell::RefCell;

use authlens_engine::aggregate::{self, Enforcement, FileRead, Options};
use authlens_engine::diag::Finding;
use authlens_engine::failure::{FailureReport, Lack};
use authlens_engine::mail::{self, classify_file, find_reports, FileKind, Found};
use authlens_engine::tls_report::{self, TlsFileRead};
use authlens_web::worker::reports::{FromReader, ToReader};
use authlens_web::worker::{field, reply, serve};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Sources sent to the page; the rest are counted in `sources_total`.
const MAX_SOURCES: usize = 1000;
/// Impact groups sent to the page.
const MAX_GROUPS: usize = 50;
/// TLS-RPT failure rows (sending MTA to receiving MX) sent to the page, most failures first.
const MAX_TLS_ROWS: usize = 40;

/// Everything read since the last reset: the totals are always over all of it.
#[derive(Default)]
struct Read {
    /// Aggregate report files, given or found in mail.
    aggregate: Vec<FileRead>,
    /// TLS-RPT files, given or found in mail.
    tls: Vec<TlsFileRead>,
}

thread_local! {
    static READ: RefCell<Read> = RefCell::new(Read::default());
}

/// One aggregate file read, with for each of its reports the `source` of the earlier copy
/// counted instead (see `aggregate::repeats`), or `None`.
#[derive(Serialize)]
struct AggregateFile<'a> {
    #[serde(flatten)]
    file: &'a FileRead,
    repeats: Vec<Option<&'a str>>,
}

/// The aggregate totals of every aggregate file read so far.
#[derive(Serialize)]
struct AggregateTotals {
    totals: aggregate::Totals,
    quarantine: aggregate::Impact,
    reject: aggregate::Impact,
    next: &'static str,
    /// The policy most reports saw and what each kind of receiver does with it.
    published: Option<String>,
    sources_total: usize,
}

/// A TLS-RPT file: its name, how many reports it gave, and its findings and its reports'.
#[derive(Serialize)]
struct TlsFile<'a> {
    name: &'a str,
    reports: usize,
    findings: Vec<&'a Finding>,
}

/// Every TLS-RPT file read so far and their totals (failure rows cut to [`MAX_TLS_ROWS`]).
#[derive(Serialize)]
struct TlsAll<'a> {
    files: Vec<TlsFile<'a>>,
    totals: tls_report::Totals,
    failure_rows: usize,
}

/// A mail file: what was read in it, found and skipped.
#[derive(Serialize)]
struct MailFile<'a> {
    name: &'a str,
    messages: usize,
    aggregate: usize,
    tls: usize,
    failure: usize,
    skipped: Vec<Skipped<'a>>,
    findings: &'a [Finding],
    complete: bool,
}

/// A message or attachment passed over, and why.
#[derive(Serialize)]
struct Skipped<'a> {
    /// "mail 3 (subject)", with the attachment's name when there is one.
    place: String,
    reason: &'a str,
}

/// A failure report and the mail it came in.
#[derive(Serialize)]
struct Failure<'a> {
    /// The file it was in.
    file: &'a str,
    mail: String,
    from: Option<&'a str>,
    date: Option<&'a str>,
    fields: Vec<FailureField<'a>>,
    /// What it lacks of the RFC 5965 shape, in words.
    lacks: Vec<String>,
    /// The enclosed message: its size and whether it is whole; `None` when there is none.
    original: Option<(usize, bool)>,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct FailureField<'a> {
    name: &'a str,
    value: &'a str,
    /// What the field is; `None` for an extension field.
    title: Option<&'static str>,
}

/// What the page gets for one file it handed over.
#[derive(Serialize)]
struct FileMessage<'a> {
    /// The file as the page named it.
    name: &'a str,
    /// The aggregate report files it was or held.
    files: Vec<AggregateFile<'a>>,
    /// The aggregate totals, once an aggregate file was read.
    aggregate: Option<AggregateTotals>,
    /// The TLS-RPT files and totals, once one was read.
    tls: Option<TlsAll<'a>>,
    /// When the file was mail: what was found in it.
    mail: Option<MailFile<'a>>,
    /// The failure reports found in it.
    failures: Vec<Failure<'a>>,
}

/// What this worker says to the page.
type Out<'a> = FromReader<FileMessage<'a>>;

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|e| JsValue::from_str(&format!("serialization failed: {e}")))
}

/// The name of a report found in mail: the file, the mail's place and subject, the attachment
/// (as `authlens report` names it).
fn within(file: &str, mail: &mail::Mail, attachment: &str) -> String {
    format!("{file}: {}: {attachment}", mail_place(mail))
}

/// "mail 3 (subject)", or "mail 3".
fn mail_place(mail: &mail::Mail) -> String {
    match &mail.subject {
        Some(s) => format!("mail {} ({s})", mail.index + 1),
        None => format!("mail {}", mail.index + 1),
    }
}

fn lack_text(l: &Lack) -> String {
    match l {
        Lack::MultipartReport => {
            "no multipart/report; report-type=feedback-report around its parts".into()
        }
        Lack::FeedbackPart => {
            "no message/feedback-report part: its fields were read from the text".into()
        }
        Lack::Original => "no original message, nor its header".into(),
        Lack::Field(f) => format!("the required field {}", f.as_str()),
    }
}

fn failure_out<'a>(file: &'a str, item: &'a mail::Item, r: &'a FailureReport) -> Failure<'a> {
    Failure {
        file,
        mail: mail_place(&item.mail),
        from: item.mail.from.as_deref(),
        date: item.mail.date.as_deref(),
        fields: r
            .fields
            .iter()
            .map(|f| FailureField {
                name: &f.name,
                value: &f.value,
                title: f.entry().map(|e| e.title),
            })
            .collect(),
        lacks: r.lacks.iter().map(lack_text).collect(),
        original: r.original.as_ref().map(|o| (o.size, o.complete)),
        findings: &r.findings,
    }
}

fn mail_out(found: &Found) -> MailFile<'_> {
    MailFile {
        name: &found.name,
        messages: found.messages,
        aggregate: found.aggregate().count(),
        tls: found.tls().count(),
        failure: found.failure().count(),
        skipped: found
            .skipped
            .iter()
            .map(|s| Skipped {
                place: match &s.name {
                    Some(n) => format!("{}: {n}", mail_place(&s.mail)),
                    None => mail_place(&s.mail),
                },
                reason: &s.reason,
            })
            .collect(),
        findings: &found.findings,
        complete: found.complete,
    }
}

fn read(name: String, bytes: &js_sys::ArrayBuffer) {
    reply(&to_js(&Out::Start { name: name.clone() }));
    let bytes = js_sys::Uint8Array::new(bytes).to_vec();
    let options = Options::default();
    let limits = mail::Limits::with_options(&options);
    let tls_options = tls_report::Options::default();
    let mut found = None;
    let mut new_aggregate = Vec::new();
    let mut new_tls = Vec::new();
    match classify_file(&bytes, &limits) {
        FileKind::Report(mail::Report::TlsRpt { .. }) => {
            new_tls.push(tls_report::read_file(&name, &bytes, &tls_options));
        }
        FileKind::Mail => {
            let f = find_reports(&name, &bytes, &limits);
            for item in f.aggregate() {
                if let Some(mut r) = item.read_aggregate(&options) {
                    r.name = within(&name, &item.mail, &item.name);
                    new_aggregate.push(r);
                }
            }
            for item in f.tls() {
                new_tls.push(tls_report::read_file(
                    &within(&name, &item.mail, &item.name),
                    item.bytes().unwrap_or_default(),
                    &tls_options,
                ));
            }
            found = Some(f);
        }
        // An aggregate report, or something else: the aggregate reader says what is wrong with
        // it, as it always has.
        FileKind::Report(_) | FileKind::Other(_) => {
            new_aggregate.push(aggregate::read_file(&name, &bytes, &options));
        }
    }
    drop(bytes);
    READ.with(|all| {
        let mut all = all.borrow_mut();
        let before: usize = all.aggregate.iter().map(|f| f.reports.len()).sum();
        let first_new = all.aggregate.len();
        let tls_changed = !new_tls.is_empty();
        all.aggregate.extend(new_aggregate);
        all.tls.extend(new_tls);
        let all = &*all;
        let mut repeats = aggregate::repeats(all.aggregate.iter().flat_map(|f| f.reports.iter()))
            .split_off(before)
            .into_iter();
        let files = all.aggregate[first_new..]
            .iter()
            .map(|file| AggregateFile {
                file,
                repeats: repeats.by_ref().take(file.reports.len()).collect(),
            })
            .collect();
        let tls = (tls_changed || !all.tls.is_empty()).then(|| tls_all(&all.tls));
        let failures = found
            .iter()
            .flat_map(|f| f.failure())
            .map(|(item, r)| failure_out(&name, item, r))
            .collect();
        let message = FileMessage {
            name: &name,
            files,
            aggregate: aggregate_totals(&all.aggregate),
            tls,
            mail: found.as_ref().map(mail_out),
            failures,
        };
        reply(&to_js(&Out::File(message)));
    });
}

/// The totals of every aggregate file, cut to what the page shows; `None` before the first.
fn aggregate_totals(files: &[FileRead]) -> Option<AggregateTotals> {
    if files.is_empty() {
        return None;
    }
    let mut totals = aggregate::summarize(files.iter().flat_map(|f| f.reports.iter()));
    let quarantine = cut_impact(aggregate::impact(&totals, Enforcement::Quarantine));
    let reject = cut_impact(aggregate::impact(&totals, Enforcement::Reject));
    let next = aggregate::next_step(&totals).as_str();
    let published =
        aggregate::rollout::published(&totals).map(|e| format!("{}: {}", e.written(), e.account()));
    let sources_total = totals.sources.len();
    totals.rows = Vec::new();
    totals.sources.truncate(MAX_SOURCES);
    Some(AggregateTotals {
        totals,
        quarantine,
        reject,
        next,
        published,
        sources_total,
    })
}

fn tls_all(files: &[TlsFileRead]) -> TlsAll<'_> {
    let mut totals = tls_report::summarize(files.iter().flat_map(|f| &f.reports));
    let failure_rows = totals.failures.len();
    totals.failures.truncate(MAX_TLS_ROWS);
    TlsAll {
        files: files
            .iter()
            .map(|f| TlsFile {
                name: &f.name,
                reports: f.reports.len(),
                findings: f
                    .findings
                    .iter()
                    .chain(f.reports.iter().flat_map(|r| &r.findings))
                    .collect(),
            })
            .collect(),
        totals,
        failure_rows,
    }
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
        Some(ToReader::Reset) => READ.with(|r| *r.borrow_mut() = Read::default()),
        None => {}
    }
}

fn main() {
    console_error_panic_hook::set_once();
    serve(on_message);
}
