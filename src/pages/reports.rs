//! Reading DMARC aggregate reports (RFC 9990) in the browser.
//!
//! Files are read with `File.arrayBuffer()` and handed, transferred rather than copied, to the
//! `reports_worker` Web Worker (src/bin/reports_worker.rs), which runs the engine's
//! `aggregate::read_file`, `summarize` and `impact` off this thread: the page stays responsive
//! while a 50 MB report is parsed. Nothing is uploaded; the only network traffic this page adds
//! is the PTR lookups of "Look up names", through the chosen DoH resolver, on request.
//!
//! The worker's answers are deserialized into this page's own view structs (owned strings, only
//! the fields shown): the engine's types are `Serialize`-only and borrow `&'static str` codes.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "the reports page has room under the budget (docs/size.md): shares are ratios, thousands of sources want the standard sort, the worker's messages are read with serde"
)]

use std::collections::HashMap;
use std::net::IpAddr;

use authlens_engine::aggregate::{reverse_names, utc_date, Code};
use authlens_engine::diag::{Finding, Severity};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::findings::explain;
use crate::dns::resolver_for;
use crate::settings::use_provider;
use crate::text::{visible, visible_lines};
use crate::worker::reports::{FromReader, ToReader};
use crate::worker::WorkerLink;

/// Trunk's loader shim for the worker binary (`data-loader-shim`); workers keep their Cargo
/// name, unhashed, so the page can name it.
const WORKER_URL: &str = "./reports_worker_loader.js";
/// Rows of the sources table shown at first; "Show more" adds as many again.
const PAGE_ROWS: usize = 100;
/// PTR lookups asked by one press of "Look up names": the failing sources first.
const MAX_RDNS: usize = 100;
/// Concurrent PTR queries: the progress line moves after each batch.
const RDNS_BATCH: usize = 8;
/// File names spelled out in the line that says what was read; the rest are counted.
const NAMED_FILES: usize = 2;

// ---- what the worker sends, as the page shows it -------------------------------------------

#[derive(Deserialize, Clone, Debug)]
struct VFinding {
    code: String,
    severity: String,
    message: String,
}

#[derive(Deserialize, Clone, Debug)]
struct VSkip {
    code: String,
    path: String,
    reason: String,
    count: u64,
}

#[derive(Deserialize, Clone, Debug)]
struct VRange {
    begin: i64,
    end: i64,
}

#[derive(Deserialize, Clone, Debug, Default)]
struct VMetadata {
    org_name: Option<String>,
    email: Option<String>,
    report_id: Option<String>,
    date_range: Option<VRange>,
}

#[derive(Deserialize, Clone, Debug, Default)]
struct VPublished {
    domain: Option<String>,
    p: Option<String>,
    pct: Option<u8>,
}

#[derive(Deserialize, Clone, Debug)]
struct VReport {
    schema: String,
    metadata: VMetadata,
    policy_published: VPublished,
    record_count: u64,
    messages: u64,
    complete: bool,
    #[serde(default)]
    skipped: Vec<VSkip>,
    #[serde(default)]
    findings: Vec<VFinding>,
}

#[derive(Deserialize, Clone, Debug)]
struct VFile {
    name: String,
    format: Option<String>,
    size: u64,
    xml_bytes: u64,
    #[serde(default)]
    reports: Vec<VReport>,
    #[serde(default)]
    findings: Vec<VFinding>,
    /// For each report, the file of the earlier copy counted instead (the worker's `repeats`).
    #[serde(default)]
    repeats: Vec<Option<String>>,
}

#[derive(Deserialize, Clone, Debug, Default)]
struct VResults {
    messages: u64,
    dkim_pass: u64,
    spf_pass: u64,
    dkim_aligned_pass: u64,
    spf_aligned_pass: u64,
    dmarc_pass: u64,
    dmarc_fail: u64,
}

#[derive(Deserialize, Clone, Debug, Default)]
struct VDispositions {
    none: u64,
    pass: u64,
    quarantine: u64,
    reject: u64,
    unknown: u64,
}

#[derive(Deserialize, Clone, Debug)]
struct VReporter {
    org_name: String,
    email: Option<String>,
    reports: u64,
    messages: u64,
}

#[derive(Deserialize, Clone, Debug)]
struct VPolicySeen {
    domain: Option<String>,
    p: Option<String>,
    sp: Option<String>,
    np: Option<String>,
    testing: Option<bool>,
    reports: u64,
}

#[derive(Deserialize, Clone, Debug)]
struct VSpan {
    begin_utc: String,
    end_utc: String,
}

#[derive(Deserialize, Clone, Debug)]
struct VSource {
    source_ip: Option<String>,
    results: VResults,
    dmarc_pass_rate: Option<f64>,
    dispositions: VDispositions,
    #[serde(default)]
    header_from: Vec<String>,
}

#[derive(Deserialize, Clone, Debug)]
struct VDay {
    date: String,
    results: VResults,
    dmarc_pass_rate: Option<f64>,
}

#[derive(Deserialize, Clone, Debug)]
struct VTotals {
    reports: u64,
    duplicates: u64,
    reporters: Vec<VReporter>,
    domains: Vec<String>,
    policies: Vec<VPolicySeen>,
    date_range: Option<VSpan>,
    results: VResults,
    dmarc_pass_rate: Option<f64>,
    dispositions: VDispositions,
    sources: Vec<VSource>,
    top_failing: Vec<VSource>,
    days: Vec<VDay>,
    undated_messages: u64,
    #[serde(default)]
    findings: Vec<VFinding>,
}

#[derive(Deserialize, Clone, Debug)]
struct VGroup {
    source_ip: Option<String>,
    header_from: Option<String>,
    messages: u64,
    kind: String,
    #[serde(default)]
    dkim_pass_domains: Vec<String>,
    #[serde(default)]
    spf_pass_domains: Vec<String>,
    already_enforced: u64,
}

#[derive(Deserialize, Clone, Debug)]
struct VImpact {
    policy: String,
    verdict: String,
    tone: String,
    badge: String,
    answer: String,
    messages: u64,
    failing: u64,
    share: f64,
    unaligned: u64,
    indirect: u64,
    unauthenticated: u64,
    groups: Vec<VGroup>,
}

/// What the worker answers for one file handed over.
#[derive(Deserialize, Clone, Debug)]
struct FileMsg {
    /// The file as handed over.
    name: String,
    /// The aggregate report files it was or held.
    #[serde(default)]
    files: Vec<VFile>,
    /// The aggregate totals so far, once an aggregate file was read.
    aggregate: Option<Summary>,
    /// The TLS-RPT files and totals so far, once one was read.
    tls: Option<VTls>,
    /// When the file was mail: what it held.
    mail: Option<VMail>,
    #[serde(default)]
    failures: Vec<VFailure>,
}

#[derive(Deserialize, Clone, Debug)]
struct VTlsFile {
    name: String,
    #[serde(default)]
    findings: Vec<VFinding>,
}

#[derive(Deserialize, Clone, Debug)]
struct VTlsPolicy {
    policy_type: Option<String>,
    policy_domain: Option<String>,
    successful: u64,
    failed: u64,
}

#[derive(Deserialize, Clone, Debug)]
struct VResultInfo {
    title: String,
    meaning: String,
    fix: String,
}

#[derive(Deserialize, Clone, Debug)]
struct VTlsResult {
    result_type: String,
    failed: u64,
    info: Option<VResultInfo>,
}

#[derive(Deserialize, Clone, Debug)]
struct VTlsRow {
    policy_domain: Option<String>,
    result_type: String,
    sending_mta_ip: Option<String>,
    receiving_mx_hostname: Option<String>,
    receiving_ip: Option<String>,
    failed: u64,
}

#[derive(Deserialize, Clone, Debug)]
struct VTlsTotals {
    reports: u64,
    duplicates: u64,
    successful: u64,
    failed: u64,
    #[serde(default)]
    by_policy: Vec<VTlsPolicy>,
    #[serde(default)]
    by_result_type: Vec<VTlsResult>,
    #[serde(default)]
    failures: Vec<VTlsRow>,
    #[serde(default)]
    findings: Vec<VFinding>,
}

/// Every TLS-RPT file read and their totals.
#[derive(Deserialize, Clone, Debug)]
struct VTls {
    files: Vec<VTlsFile>,
    totals: VTlsTotals,
    /// Failure rows in all; `totals.failures` holds the first of them.
    failure_rows: u64,
}

#[derive(Deserialize, Clone, Debug)]
struct VMailSkip {
    place: String,
    reason: String,
}

/// A mail file (`.eml`, `.mbox`): what was read in it, found and skipped.
#[derive(Deserialize, Clone, Debug)]
struct VMail {
    name: String,
    messages: u64,
    aggregate: u64,
    tls: u64,
    failure: u64,
    #[serde(default)]
    skipped: Vec<VMailSkip>,
    #[serde(default)]
    findings: Vec<VFinding>,
    complete: bool,
}

#[derive(Deserialize, Clone, Debug)]
struct VFailureField {
    name: String,
    value: String,
    title: Option<String>,
}

/// A failure report and the mail it came in.
#[derive(Deserialize, Clone, Debug)]
struct VFailure {
    /// The file it was in.
    file: String,
    mail: String,
    from: Option<String>,
    date: Option<String>,
    #[serde(default)]
    fields: Vec<VFailureField>,
    #[serde(default)]
    lacks: Vec<String>,
    /// The enclosed message's size and whether it is whole.
    original: Option<(u64, bool)>,
    #[serde(default)]
    findings: Vec<VFinding>,
}

/// The totals of every aggregate report read so far.
#[derive(Deserialize, Clone, Debug)]
struct Summary {
    totals: VTotals,
    quarantine: VImpact,
    reject: VImpact,
    next: String,
    published: Option<String>,
    sources_total: usize,
}

// ---- formatting ----------------------------------------------------------------------------

fn int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: u64, what: &str) -> String {
    format!("{} {what}{}", int(n), if n == 1 { "" } else { "s" })
}

/// Names spelled out up to `shown`, the rest counted: "a, b and c", "a, b, c and 4 more".
fn name_list(names: &[String], shown: usize) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n if n <= shown => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
        n => format!(
            "{} and {} more",
            names[..shown].join(", "),
            int((n - shown) as u64)
        ),
    }
}

/// A report's days, UTC: one date when it covers one day.
fn days(begin: i64, end: i64) -> String {
    let (b, e) = (utc_date(begin), utc_date(end));
    if b == e {
        b
    } else {
        format!("{b} to {e}")
    }
}

/// The schema a report follows, as an admin would name it (`rfc9990` is "RFC 9990").
fn schema(s: &str) -> String {
    s.strip_prefix("rfc")
        .map(|n| format!("RFC {n} format"))
        .unwrap_or_else(|| s.to_string())
}

/// `text` with a line-break opportunity after each of `after` (an IPv6 address after its
/// colons, a host name after its dots), so that a narrow column wraps it where it reads well.
fn breakable(text: &str, after: &[char]) -> impl IntoView {
    let mut parts = vec![String::new()];
    for c in text.chars() {
        parts.last_mut().expect("never empty").push(c);
        if after.contains(&c) {
            parts.push(String::new());
        }
    }
    parts.retain(|p| !p.is_empty());
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| view! { {p}{(i + 1 < n).then(|| view! { <wbr/> })} })
        .collect_view()
}

fn pct(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn size(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

/// Back to the engine's `Finding` (with its `'static` code): the aggregate reports' `report-*`
/// codes, TLS-RPT reports' `tlsrpt-report-*`, mail's `mail-*` and failure reports'
/// `failure-report-*`.
fn finding(code: &str, severity: Option<&str>, message: String) -> Option<Finding> {
    let sev = |usual: Severity| match severity {
        Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some(_) => Severity::Info,
        None => usual,
    };
    macro_rules! from {
        ($($code:path),+) => {
            $(if let Some(c) = <$code>::parse(code) {
                return Some(c.finding_as(sev(c.severity()), message));
            })+
        };
    }
    from!(
        Code,
        authlens_engine::tls_report::Code,
        authlens_engine::mail::Code,
        authlens_engine::failure::Code
    );
    None
}

/// Findings as they came, escaped, each with its code.
fn plain(fs: &[VFinding]) -> Vec<Finding> {
    fs.iter()
        .filter_map(|f| finding(&f.code, Some(&f.severity), visible(&f.message)))
        .collect()
}

/// The `'static` code of a code the page may show: aggregate, TLS-RPT, mail or failure report.
fn known_code(code: &str) -> Option<&'static str> {
    finding(code, None, String::new()).map(|f| f.code)
}

// ---- findings, each sentence said once ------------------------------------------------------
//
// One file can hold a hundred reports with the same stray element, and several files can fail
// for the same reason. A finding is listed where it was met, with its code, but its message is
// written out the first time only; later it names where it was said ("as in bomb.zip"). What a
// code means is said once too, at the end of the page ("What the codes mean"), not beside each
// finding: the page's findings are listed here rather than with `FindingsList`, whose
// explanation toggle would repeat under every one.

/// The messages written out so far, and where.
#[derive(Default)]
struct Said(HashMap<String, String>);

impl Said {
    /// Where `key` was said before; `None` the first time, which is now at `place`.
    fn before(&mut self, key: String, place: &str) -> Option<String> {
        if let Some(first) = self.0.get(&key) {
            return Some(first.clone());
        }
        self.0.insert(key, place.to_string());
        None
    }
}

/// Refers to a message said before: at `first`, seen from `here`. Short, because a hundred
/// reports may refer to one.
fn refer(first: &str, here: &str) -> String {
    if first == here {
        "see the report above".into()
    } else {
        format!("see {first}")
    }
}

/// The findings of a file or a report at `place`.
fn noted(fs: &[VFinding], said: &mut Said, place: &str) -> Vec<Finding> {
    fs.iter()
        .filter_map(|f| {
            let message = match said.before(format!("{}\n{}", f.code, f.message), place) {
                Some(first) => refer(&first, place),
                None => f.message.clone(),
            };
            finding(&f.code, Some(&f.severity), visible(&message))
        })
        .collect()
}

/// What a report at `place` skipped, one finding a code: a line for each element, with why (or
/// where that was said) and how often.
fn skipped(ss: &[VSkip], said: &mut Said, place: &str) -> Vec<Finding> {
    let mut by_code: Vec<(&str, Vec<String>)> = Vec::new();
    for s in ss {
        let times = if s.count > 1 {
            format!(" ({} times)", int(s.count))
        } else {
            String::new()
        };
        let line = match said.before(format!("{}\n{}\n{}", s.code, s.path, s.reason), place) {
            Some(first) => format!("{}{times}: {}", s.path, refer(&first, place)),
            None => format!("{}: {}{times}", s.path, s.reason),
        };
        // Escaped line by line: the line feeds between them are the page's own.
        let line = visible(&line);
        match by_code.iter_mut().find(|(c, _)| *c == s.code) {
            Some((_, lines)) => lines.push(line),
            None => by_code.push((&s.code, vec![line])),
        }
    }
    by_code
        .into_iter()
        .filter_map(|(code, lines)| finding(code, None, lines.join("\n")))
        .collect()
}

/// Findings as the page lists them: severity, the code as a label, the title and the message,
/// whose text from the files is escaped already ([`visible`]) and whose line feeds are the page's
/// own (one line for each element a report skipped).
fn notes(fs: Vec<Finding>) -> impl IntoView {
    (!fs.is_empty()).then(|| {
        view! {
            <ul class="al-findings al-reports__notes">
                {fs
                    .into_iter()
                    .map(|f| {
                        let sev = f.severity.as_str();
                        let title = explain(f.code).map(|i| i.title);
                        view! {
                            <li class=format!("al-finding al-finding--{sev}") data-code=f.code>
                                <div class="al-finding__head">
                                    <span class=format!("al-sev al-sev--{sev}")>{sev}</span>
                                    <code class="al-finding__code">{f.code}</code>
                                    {title.map(|t| view! { <span class="al-finding__title">{t}</span> })}
                                </div>
                                <p class="al-finding__message">{visible_lines(&f.message)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// Every code the page shows: the aggregate files', their reports' and the totals', and those
/// of `more` (TLS-RPT files and totals, mail, failure reports).
fn page_codes<'a>(
    files: &'a [VFile],
    totals: Option<&'a VTotals>,
    more: impl Iterator<Item = &'a str>,
) -> Vec<&'static str> {
    let raw = files
        .iter()
        .flat_map(|f| {
            let reports = f.reports.iter().flat_map(|r| {
                r.findings
                    .iter()
                    .map(|x| x.code.as_str())
                    .chain(r.skipped.iter().map(|x| x.code.as_str()))
            });
            f.findings.iter().map(|x| x.code.as_str()).chain(reports)
        })
        .chain(
            totals
                .into_iter()
                .flat_map(|t| t.findings.iter().map(|x| x.code.as_str())),
        );
    let mut codes: Vec<&'static str> = raw
        .filter_map(Code::parse)
        .filter(|c| *c != Code::Duplicate)
        .map(Code::as_str)
        .collect();
    // A repeat is marked beside its file, not among the totals.
    if files.iter().any(|f| f.repeats.iter().any(Option::is_some)) {
        codes.push(Code::Duplicate.as_str());
    }
    codes.extend(more.filter_map(known_code));
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// "What the codes mean": each code met on the page once, errors first, with why it matters,
/// what to do and the RFC.
fn code_list(codes: Vec<&'static str>) -> impl IntoView {
    let mut infos: Vec<_> = codes.into_iter().filter_map(explain).collect();
    infos.sort_by_key(|i| (i.severity, i.code));
    view! {
        <dl class="al-reports__codes">
            {infos
                .into_iter()
                .map(|i| {
                    view! {
                        <div class="al-reports__code" data-code=i.code>
                            <dt>
                                <code class="al-finding__code">{i.code}</code>
                                <span class="al-finding__title">{i.title}</span>
                            </dt>
                            <dd>
                                <p>{i.explanation}</p>
                                <p><strong>"Fix: "</strong>{i.suggestion}</p>
                                <p class="al-finding__rfc">{i.rfc}</p>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

// ---- the sources table ---------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    Source,
    Messages,
    Pass,
    Fail,
    Rate,
    Dkim,
    DkimAligned,
    Spf,
    SpfAligned,
    Quarantined,
    Rejected,
}

impl Col {
    const ALL: [Col; 11] = [
        Col::Source,
        Col::Messages,
        Col::Pass,
        Col::Fail,
        Col::Rate,
        Col::Dkim,
        Col::DkimAligned,
        Col::Spf,
        Col::SpfAligned,
        Col::Quarantined,
        Col::Rejected,
    ];

    /// The header, under its group's header when it has one.
    fn label(self) -> &'static str {
        match self {
            Col::Source => "Source",
            Col::Messages => "Messages",
            Col::Pass | Col::Dkim | Col::Spf => "pass",
            Col::Fail => "fail",
            Col::Rate => "pass rate",
            Col::DkimAligned | Col::SpfAligned => "aligned",
            Col::Quarantined => "quarantine",
            Col::Rejected => "reject",
        }
    }

    /// The header above this column's and its neighbours': "DMARC" above "pass", "fail" and
    /// "pass rate", so that each says one word.
    fn group(self) -> Option<&'static str> {
        match self {
            Col::Source | Col::Messages => None,
            Col::Pass | Col::Fail | Col::Rate => Some("DMARC"),
            Col::Dkim | Col::DkimAligned => Some("DKIM"),
            Col::Spf | Col::SpfAligned => Some("SPF"),
            Col::Quarantined | Col::Rejected => Some("Disposition"),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Col::Source => "source",
            Col::Messages => "messages",
            Col::Pass => "pass",
            Col::Fail => "fail",
            Col::Rate => "rate",
            Col::Dkim => "dkim",
            Col::DkimAligned => "dkim-aligned",
            Col::Spf => "spf",
            Col::SpfAligned => "spf-aligned",
            Col::Quarantined => "quarantined",
            Col::Rejected => "rejected",
        }
    }

    fn value(self, s: &VSource) -> f64 {
        let r = &s.results;
        (match self {
            Col::Source => 0,
            Col::Messages => r.messages,
            Col::Pass => r.dmarc_pass,
            Col::Fail => r.dmarc_fail,
            Col::Rate => return s.dmarc_pass_rate.unwrap_or(-1.0),
            Col::Dkim => r.dkim_pass,
            Col::DkimAligned => r.dkim_aligned_pass,
            Col::Spf => r.spf_pass,
            Col::SpfAligned => r.spf_aligned_pass,
            Col::Quarantined => s.dispositions.quarantine,
            Col::Rejected => s.dispositions.reject,
        }) as f64
    }

    fn cell(self, s: &VSource) -> String {
        match self {
            Col::Source => s.source_ip.clone().unwrap_or_else(|| "(missing)".into()),
            Col::Rate => pct(s.dmarc_pass_rate),
            c => int(c.value(s) as u64),
        }
    }
}

fn sorted(sources: &[VSource], col: Col, desc: bool) -> Vec<VSource> {
    let mut v = sources.to_vec();
    let ip = |s: &VSource| {
        s.source_ip
            .as_deref()
            .and_then(|i| i.parse::<IpAddr>().ok())
    };
    v.sort_by(|a, b| {
        let o = match col {
            Col::Source => ip(a).cmp(&ip(b)),
            c => c.value(a).total_cmp(&c.value(b)),
        };
        // Ties keep the engine's order (most messages first).
        if desc {
            o.reverse()
        } else {
            o
        }
    });
    v
}

// ---- charts --------------------------------------------------------------------------------

/// DMARC pass rate by day, as bars from 0 to 100 %.
fn days_chart(days: &[VDay]) -> impl IntoView {
    let (w, h, left, bottom, top) = (420.0_f64, 200.0_f64, 44.0, 40.0, 10.0);
    let plot_w = w - left - 8.0;
    let plot_h = h - bottom - top;
    let n = days.len().max(1) as f64;
    let step = plot_w / n;
    let every = (days.len() / 10).max(1);
    let label = days
        .iter()
        .map(|d| {
            format!(
                "{}: {} of {} messages pass",
                d.date,
                pct(d.dmarc_pass_rate),
                int(d.results.messages)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|f| {
            let y = top + plot_h * (1.0 - f);
            view! {
                <line class="al-chart__grid" x1=left x2=w - 8.0 y1=y y2=y/>
                <text class="al-chart__axis" x=left - 6.0 y=y + 4.0 text-anchor="end">{format!("{:.0}%", f * 100.0)}</text>
            }
        })
        .collect_view();
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let rate = d.dmarc_pass_rate.unwrap_or(0.0);
            let bh = plot_h * rate;
            let x = left + step * i as f64 + step * 0.15;
            let bw = step * 0.7;
            let tick = i.is_multiple_of(every).then(|| {
                view! {
                    <text class="al-chart__axis" x=x + bw / 2.0 y=h - bottom + 18.0 text-anchor="middle">
                        {d.date.get(5..).unwrap_or(&d.date).to_string()}
                    </text>
                }
            });
            view! {
                <rect class="al-chart__bar al-chart__bar--pass" x=x y=top + plot_h - bh width=bw height=bh.max(0.5)/>
                {tick}
            }
        })
        .collect_view();
    view! {
        <svg class="al-chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=format!("DMARC pass rate by day (UTC). {label}")>
            {grid}
            {bars}
            <text class="al-chart__axis" x=left + plot_w / 2.0 y=h - 4.0 text-anchor="middle">"day (UTC, month-day)"</text>
        </svg>
    }
}

/// An address cut to fit the chart's label column (the text alternative has it whole).
fn short(ip: &str) -> String {
    if ip.chars().count() > 16 {
        format!("{}…", ip.chars().take(15).collect::<String>())
    } else {
        ip.to_string()
    }
}

/// The sources with most failing messages, as horizontal bars.
fn failing_chart(top: &[VSource]) -> impl IntoView {
    let (w, row, label_w) = (420.0_f64, 26.0_f64, 150.0_f64);
    let h = row * top.len().max(1) as f64 + 8.0;
    let max = top
        .iter()
        .map(|s| s.results.dmarc_fail)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let bar_w = w - label_w - 50.0;
    let label = top
        .iter()
        .map(|s| {
            format!(
                "{}: {} failing",
                s.source_ip.as_deref().unwrap_or("(missing)"),
                int(s.results.dmarc_fail)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let bars = top
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let y = 4.0 + row * i as f64;
            let bw = bar_w * s.results.dmarc_fail as f64 / max;
            view! {
                <text class="al-chart__label" x=label_w - 8.0 y=y + row * 0.62 text-anchor="end">
                    {short(s.source_ip.as_deref().unwrap_or("(missing)"))}
                </text>
                <rect class="al-chart__bar al-chart__bar--fail" x=label_w y=y + 3.0 width=bw.max(0.5) height=row - 8.0/>
                <text class="al-chart__value" x=label_w + bw + 6.0 y=y + row * 0.62>{int(s.results.dmarc_fail)}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="al-chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=format!("Top failing sources by messages failing DMARC. {label}")>
            {bars}
        </svg>
    }
}

// ---- the rollout answer ----------------------------------------------------------------------

fn kind_text(kind: &str) -> &'static str {
    match kind {
        "indirect" => "forwarded / list",
        "unaligned" => "passes, not aligned",
        _ => "unauthenticated",
    }
}

fn impact_view(next: VImpact, other: VImpact, published: Option<String>) -> impl IntoView {
    let policy = next.policy.clone();
    let participle = if policy == "reject" {
        "rejected"
    } else {
        "quarantined"
    };
    let (tone, badge, text) = (next.tone.clone(), next.badge.clone(), next.answer.clone());
    let groups = next
        .groups
        .iter()
        .take(10)
        .map(|g| {
            let passing = g
                .dkim_pass_domains
                .iter()
                .map(|d| format!("DKIM {d}"))
                .chain(g.spf_pass_domains.iter().map(|d| format!("SPF {d}")))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr data-kind=g.kind.clone()>
                    <td><code>{breakable(&g.source_ip.clone().unwrap_or_else(|| "(missing)".into()), &[':'])}</code></td>
                    <td>{g.header_from.clone().unwrap_or_default()}</td>
                    <td class="al-reports__num">{int(g.messages)}</td>
                    <td>{kind_text(&g.kind)}</td>
                    <td>{if passing.is_empty() { "—".to_string() } else { passing }}</td>
                    <td class="al-reports__num">{int(g.already_enforced)}</td>
                </tr>
            }
        })
        .collect_view();
    let other_line = (other.messages > 0).then(|| {
        view! {
            <p class="al-muted">{format!(
                "At p={}: {} messages would have been {}.",
                other.policy,
                int(other.failing),
                if other.policy == "reject" { "rejected" } else { "quarantined" }
            )}</p>
        }
    });
    view! {
        <section class=format!("al-card al-reports__impact al-reports__impact--{tone}") aria-labelledby="al-reports-impact" data-verdict=next.verdict.clone()>
            <h2 id="al-reports-impact" class="al-card__title">
                {format!("Next step: p={policy} ")}
                <span class=format!("al-verdict al-verdict--{tone}")>{badge}</span>
            </h2>
            <p class="al-reports__answer">{format!(
                "At p={policy}, {} of {} messages ({:.1}%) from these sources would have been {participle}.",
                int(next.failing),
                int(next.messages),
                next.share * 100.0
            )}</p>
            <p>{text}</p>
            {published.map(|p| view! { <p class="al-muted al-reports__published">{format!("Published in these reports: {p}.")}</p> })}
            <ul class="al-reports__kinds">
                <li>{format!("{} not aligned (DKIM or SPF passes for another domain)", int(next.unaligned))}</li>
                <li>{format!("{} forwarded or through a mailing list", int(next.indirect))}</li>
                <li>{format!("{} unauthenticated", int(next.unauthenticated))}</li>
            </ul>
            {other_line}
            {(!next.groups.is_empty()).then(|| view! {
                // Named by a heading outside the scroller: a caption would scroll away with the
                // table on a phone.
                <h3 id="al-reports-groups">{format!("Failing mail by source and From domain (most first, {} shown)", next.groups.len().min(10))}</h3>
                <div class="al-scroll al-reports__scroll" tabindex="0" role="region" aria-labelledby="al-reports-groups">
                    <table class="al-reports__table al-reports__groups" aria-labelledby="al-reports-groups">
                        <thead><tr>
                            <th scope="col">"Source IP"</th><th scope="col">"From"</th><th scope="col" class="al-reports__num">"Messages"</th>
                            <th scope="col">"Kind"</th><th scope="col">"Passes for"</th><th scope="col" class="al-reports__num">"Quarantined or rejected already"</th>
                        </tr></thead>
                        <tbody>{groups}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

// ---- the page --------------------------------------------------------------------------------

// ---- TLS-RPT, mail and failure reports ---------------------------------------------------

/// The TLS-RPT section: connections succeeded and failed, in total and per policy domain; the
/// failures by result type, each with what it means and the fix; the busiest failure rows; the
/// findings of the files and the totals.
fn tls_view(t: &VTls) -> impl IntoView {
    let x = &t.totals;
    let dup =
        (x.duplicates > 0).then(|| format!(" (+{} duplicates, counted once)", int(x.duplicates)));
    let policies = x
        .by_policy
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{breakable(p.policy_domain.as_deref().unwrap_or("(none)"), &['.'])}</th>
                    <td>{p.policy_type.clone().unwrap_or_else(|| "(none)".into())}</td>
                    <td class="al-reports__num">{int(p.successful)}</td>
                    <td class="al-reports__num">{int(p.failed)}</td>
                </tr>
            }
        })
        .collect_view();
    let types = x
        .by_result_type
        .iter()
        .map(|r| {
            let about = match &r.info {
                Some(i) => view! {
                    <span class="al-finding__title">{i.title.clone()}</span>
                    <p>{i.meaning.clone()}</p>
                    <p><strong>"Fix: "</strong>{i.fix.clone()}</p>
                }
                .into_any(),
                None => {
                    view! { <p>"Not in the IANA registry: shown as the reporter wrote it."</p> }
                        .into_any()
                }
            };
            view! {
                <li class="al-reports__tls-type" data-result=r.result_type.clone()>
                    <p class="al-reports__tls-type-head">
                        <code class="al-finding__code">{r.result_type.clone()}</code>
                        {format!(" {} ", plural(r.failed, "failed connection"))}
                    </p>
                    {about}
                </li>
            }
        })
        .collect_view();
    let rows = x
        .failures
        .iter()
        .map(|f| {
            let mx = f.receiving_mx_hostname.as_deref().unwrap_or("?");
            let ip = f.receiving_ip.as_deref().map(|i| format!(" ({i})")).unwrap_or_default();
            view! {
                <tr>
                    <td class="al-reports__num">{int(f.failed)}</td>
                    <td><code>{f.result_type.clone()}</code></td>
                    <td><code>{breakable(f.sending_mta_ip.as_deref().unwrap_or("?"), &[':', '.'])}</code></td>
                    <td>{breakable(&format!("{mx}{ip}"), &['.', ':'])}</td>
                    <td>{f.policy_domain.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let cut = (t.failure_rows > x.failures.len() as u64).then(|| {
        view! { <p class="al-muted">{format!("The {} rows with most failures of {} are listed.", int(x.failures.len() as u64), int(t.failure_rows))}</p> }
    });
    let mut found = plain(&x.findings);
    for f in &t.files {
        found.extend(f.findings.iter().filter_map(|v| {
            finding(
                &v.code,
                Some(&v.severity),
                visible(&format!("{}: {}", f.name, v.message)),
            )
        }));
    }
    view! {
        <section class="al-card al-reports__tls" aria-labelledby="al-reports-tls">
            <h2 id="al-reports-tls" class="al-card__title">"TLS-RPT"</h2>
            <dl class="al-reports__stats">
                <div data-stat="tls-reports"><dt>"Reports"</dt><dd>{int(x.reports)}{dup}</dd></div>
                <div data-stat="tls-connections"><dt>"Connections"</dt><dd>{format!("{} succeeded, {} failed", int(x.successful), int(x.failed))}</dd></div>
            </dl>
            {(!x.by_policy.is_empty()).then(|| view! {
                <h3>"By policy domain"</h3>
                <div class="al-scroll" tabindex="0" role="region" aria-label="TLS connections by policy domain">
                    <table class="al-reports__table al-reports__tls-policies">
                        <thead><tr><th scope="col">"Policy domain"</th><th scope="col">"Policy"</th><th scope="col" class="al-reports__num">"Succeeded"</th><th scope="col" class="al-reports__num">"Failed"</th></tr></thead>
                        <tbody>{policies}</tbody>
                    </table>
                </div>
            })}
            {(!x.by_result_type.is_empty()).then(|| view! {
                <h3>"Failures by result type"</h3>
                <ul class="al-reports__tls-types">{types}</ul>
            })}
            {(!x.failures.is_empty()).then(|| view! {
                <h3>"Where connections failed"</h3>
                <div class="al-scroll" tabindex="0" role="region" aria-label="TLS failures by sending and receiving server">
                    <table class="al-reports__table al-reports__tls-rows">
                        <thead><tr><th scope="col" class="al-reports__num">"Failed"</th><th scope="col">"Result"</th><th scope="col">"Sending MTA"</th><th scope="col">"Receiving MX"</th><th scope="col">"Policy domain"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {cut}
            })}
            {notes(found)}
        </section>
    }
}

/// The failure reports found in mail: per report the mail it came in, each field with what it
/// is, what the report lacks, its enclosed message and findings.
fn failures_view(fs: &[VFailure]) -> impl IntoView {
    let items = fs
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let fields = f
                .fields
                .iter()
                .map(|x| {
                    view! {
                        <div>
                            <dt>
                                <code>{x.name.clone()}</code>
                                <span class="al-muted">{format!(" {}", x.title.clone().unwrap_or_else(|| "(an extension field)".into()))}</span>
                            </dt>
                            <dd>{breakable(&visible(&x.value), &['.', ';', '@'])}</dd>
                        </div>
                    }
                })
                .collect_view();
            let sent = [f.from.as_deref().map(|v| format!("from {v}")), f.date.as_deref().map(|v| format!("dated {v}"))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let original = match f.original {
                Some((size, whole)) => format!("The enclosed message: {}{}.", plural(size, "byte"), if whole { "" } else { ", cut short" }),
                None => "No enclosed message.".into(),
            };
            view! {
                <li class="al-reports__failure">
                    <h3 class="al-reports__file-head">
                        {format!("Failure report {}: ", n + 1)}
                        <span class="al-reports__file-name">{visible(&format!("{}, {}", f.file, f.mail))}</span>
                    </h3>
                    {(!sent.is_empty()).then(|| view! { <p class="al-muted">{visible(&format!("Mail {sent}."))}</p> })}
                    <dl class="al-reports__fields">{fields}</dl>
                    {(!f.lacks.is_empty()).then(|| view! { <p class="al-reports__lacks">{format!("It lacks {}.", f.lacks.join("; "))}</p> })}
                    <p>{original}</p>
                    {notes(plain(&f.findings))}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="al-card al-reports__failures" aria-labelledby="al-reports-failures">
            <h2 id="al-reports-failures" class="al-card__title">"Failure reports"</h2>
            <ul class="al-reports__file-list">{items}</ul>
        </section>
    }
}

/// Each mail file: messages read, reports found by kind, parts skipped with why, its findings.
fn mail_view(ms: &[VMail]) -> impl IntoView {
    let items = ms
        .iter()
        .map(|m| {
            let skipped = m
                .skipped
                .iter()
                .map(|k| view! { <li>{visible(&format!("{}: {}", k.place, k.reason))}</li> })
                .collect_view();
            let line = format!(
                "{} read; {} aggregate, {} TLS and {} failure reports found; {} skipped{}.",
                plural(m.messages, "message"),
                int(m.aggregate),
                int(m.tls),
                int(m.failure),
                plural(m.skipped.len() as u64, "part"),
                if m.complete { "" } else { " (reading stopped at a limit)" }
            );
            view! {
                <li class="al-reports__file al-reports__mail" data-name=m.name.clone()>
                    <h3 class="al-reports__file-head"><span class="al-reports__file-name">{m.name.clone()}</span></h3>
                    <p data-mail="counts">{line}</p>
                    {(!m.skipped.is_empty()).then(|| view! {
                        <details class="al-reports__skipped">
                            <summary>"The parts skipped, and why"</summary>
                            <ul>{skipped}</ul>
                        </details>
                    })}
                    {notes(plain(&m.findings))}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="al-card al-reports__mails" aria-labelledby="al-reports-mail">
            <h2 id="al-reports-mail" class="al-card__title">"Mail"</h2>
            <ul class="al-reports__file-list">{items}</ul>
        </section>
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let provider = use_provider();
    let files = RwSignal::new(Vec::<VFile>::new());
    let summary = RwSignal::new(None::<Summary>);
    // The files handed over and answered, by name; what was in them below.
    let inputs = RwSignal::new(Vec::<String>::new());
    let tls = RwSignal::new(None::<VTls>);
    let mails = RwSignal::new(Vec::<VMail>::new());
    let failures = RwSignal::new(Vec::<VFailure>::new());
    // The sources table shows only the sources with DMARC failures.
    let fails_only = RwSignal::new(false);
    let pending = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    let sort = RwSignal::new((Col::Messages, true));
    let shown = RwSignal::new(PAGE_ROWS);
    let names = RwSignal::new(HashMap::<String, Result<Vec<String>, String>>::new());
    let rdns = RwSignal::new(None::<(usize, usize)>);
    // Something is being dragged over the drop zone.
    let over = RwSignal::new(false);

    let on_worker_message = move |data: JsValue| {
        let Some(answer) = FromReader::<FileMsg>::from_js(data) else {
            return;
        };
        match answer {
            Ok(FromReader::File(m)) => {
                pending.update(|p| {
                    if let Some(i) = p.iter().position(|n| *n == m.name) {
                        p.remove(i);
                    }
                });
                inputs.update(|i| i.push(m.name));
                if !m.files.is_empty() {
                    files.update(|f| f.extend(m.files));
                }
                if m.aggregate.is_some() {
                    summary.set(m.aggregate);
                }
                if m.tls.is_some() {
                    tls.set(m.tls);
                }
                if let Some(mail) = m.mail {
                    mails.update(|v| v.push(mail));
                }
                if !m.failures.is_empty() {
                    failures.update(|v| v.extend(m.failures));
                }
            }
            Ok(FromReader::Error { .. }) => {
                pending.update(|p| {
                    p.pop();
                });
                error.set(Some("a file could not be handed to the worker".into()));
            }
            Ok(FromReader::Start { .. }) => {}
            Err(e) => {
                pending.set(Vec::new());
                error.set(Some(format!("the worker's answer could not be read: {e}")));
            }
        }
    };
    let on_worker_error = move |_ev: JsValue| {
        pending.set(Vec::new());
        error.set(Some(
            "the report reader stopped (out of memory, or the worker could not start); reload the page to read more files".into(),
        ));
    };
    let worker = WorkerLink::new(WORKER_URL, on_worker_message, on_worker_error);
    let send = move |msg: JsValue, transfer: js_sys::Array| {
        if let Err(e) = worker.send(msg, transfer) {
            pending.set(Vec::new());
            error.set(Some(format!("the report reader could not start: {e}")));
        }
    };

    let take_files = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        error.set(None);
        // Taken now: the input is emptied right after, so that the same file chosen again is
        // read again.
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        pending.update(|p| p.extend(chosen.iter().map(|f| f.name())));
        // One after the other, in the order chosen: the files are listed in that order, and of a
        // report chosen twice the copy counted is the first one chosen.
        spawn_local(async move {
            for f in chosen {
                let name = f.name();
                match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
                    Ok(buf) => {
                        let msg = ToReader::Read {
                            name: name.clone(),
                            bytes: buf.clone().dyn_into().ok(),
                        }
                        .to_js();
                        // Transferred, not copied: the page lets go of the bytes.
                        send(msg, js_sys::Array::of1(&buf));
                    }
                    Err(_) => {
                        pending.update(|p| p.retain(|n| *n != name));
                        error.set(Some(format!("{name}: the file could not be read")));
                    }
                }
            }
        });
    };

    let reset = move |_| {
        worker.send_if_running(&ToReader::Reset.to_js());
        files.set(Vec::new());
        summary.set(None);
        inputs.set(Vec::new());
        tls.set(None);
        mails.set(Vec::new());
        failures.set(Vec::new());
        names.set(HashMap::new());
        rdns.set(None);
        error.set(None);
        shown.set(PAGE_ROWS);
    };

    let look_up = move |_| {
        let Some(s) = summary.get_untracked() else {
            return;
        };
        let known = names.get_untracked();
        let mut ips: Vec<IpAddr> = Vec::new();
        for src in s.totals.top_failing.iter().chain(s.totals.sources.iter()) {
            if let Some(ip) = src
                .source_ip
                .as_deref()
                .and_then(|i| i.parse::<IpAddr>().ok())
            {
                if !ips.contains(&ip) && !known.contains_key(&ip.to_string()) {
                    ips.push(ip);
                }
            }
        }
        ips.truncate(MAX_RDNS);
        let total = ips.len();
        rdns.set(Some((0, total)));
        let resolver = resolver_for(&provider.get_untracked());
        spawn_local(async move {
            let mut done = 0;
            for batch in ips.chunks(RDNS_BATCH) {
                let got = reverse_names(&*resolver, batch).await;
                names.update(|m| {
                    for (ip, r) in got {
                        m.insert(ip.to_string(), r);
                    }
                });
                done += batch.len();
                rdns.set(Some((done, total)));
            }
        });
    };

    let header = move |col: Col| {
        let aria = move || {
            let (c, desc) = sort.get();
            if c != col {
                "none"
            } else if desc {
                "descending"
            } else {
                "ascending"
            }
        };
        // The arrow takes room only in the sorted column: reserved in all eleven it would make
        // the table too wide for its column.
        let arrow = move || match aria() {
            "descending" => Some("▼"),
            "ascending" => Some("▲"),
            _ => None,
        };
        let numeric = col != Col::Source;
        view! {
            <th
                scope="col"
                rowspan=col.group().is_none().then_some("2")
                aria-sort=aria
                data-col=col.as_str()
                class:al-reports__num=numeric
            >
                <button type="button" class="al-reports__sort" on:click=move |_| {
                    sort.update(|(c, desc)| {
                        if *c == col {
                            *desc = !*desc;
                        } else {
                            *c = col;
                            *desc = col != Col::Source;
                        }
                    });
                }>
                    {move || arrow().map(|a| view! { <span class="al-reports__arrow" aria-hidden="true">{a}</span> })}
                    {col.group().map(|g| view! { <span class="al-visually-hidden">{format!("{g} ")}</span> })}
                    {col.label()}
                </button>
            </th>
        }
    };

    let table = move || {
        summary.with(|s| {
            let s = s.as_ref()?;
            let (col, desc) = sort.get();
            let mut rows = sorted(&s.totals.sources, col, desc);
            let all = rows.len();
            let only = fails_only.get();
            if only {
                rows.retain(|src| src.results.dmarc_fail > 0);
            }
            let n = rows.len();
            let limit = shown.get().min(n);
            let body = rows
                .into_iter()
                .take(limit)
                .map(|src| {
                    let ip = src.source_ip.clone().unwrap_or_default();
                    let name = names.with(|m| match m.get(&ip) {
                        None => None,
                        Some(Ok(v)) if v.is_empty() => Some(view! { <span class="al-reports__ptr al-reports__ptr--none">"no PTR name"</span> }.into_any()),
                        Some(Ok(v)) => Some(view! { <span class="al-reports__ptr">{breakable(&v.join(", "), &['.', '-'])}</span> }.into_any()),
                        Some(Err(e)) => Some(view! { <span class="al-reports__ptr al-reports__ptr--none">{format!("PTR lookup failed: {e}")}</span> }.into_any()),
                    });
                    let cells = Col::ALL[1..]
                        .iter()
                        .map(|c| view! { <td class="al-reports__num" data-col=c.as_str()>{c.cell(&src)}</td> })
                        .collect_view();
                    let failing = src.results.dmarc_fail > 0;
                    let from = (!src.header_from.is_empty()).then(|| {
                        view! { <span class="al-reports__from">{format!("From {}", name_list(&src.header_from, 3))}</span> }
                    });
                    view! {
                        <tr data-ip=ip.clone() class:al-reports__row--fail=failing>
                            <th scope="row" data-col="source" class="al-reports__source">
                                <code>{breakable(&Col::Source.cell(&src), &[':'])}</code>
                                {name}
                                {from}
                            </th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            let filtered = only.then(|| {
                view! {
                    <p class="al-muted al-reports__filtered">{format!(
                        "{} of the {} sources listed had DMARC failures.",
                        int(n as u64),
                        int(all as u64)
                    )}</p>
                }
            });
            let more = (limit < n).then(|| {
                view! {
                    <p class="al-reports__more">
                        {format!("{} of {} sources shown. ", int(limit as u64), int(n as u64))}
                        <button type="button" class="al-button al-button--small" on:click=move |_| shown.update(|v| *v += PAGE_ROWS)>
                            {format!("Show {} more", PAGE_ROWS.min(n - limit))}
                        </button>
                    </p>
                }
            });
            let cut = (s.sources_total > n).then(|| {
                view! {
                    <p class="al-muted">{format!(
                        "The {} sources with most messages of {} are listed; the totals and the charts count them all.",
                        int(n as u64),
                        int(s.sources_total as u64)
                    )}</p>
                }
            });
            let groups = ["DMARC", "DKIM", "SPF", "Disposition"].map(|g| {
                let span = Col::ALL.iter().filter(|c| c.group() == Some(g)).count();
                (g, span)
            });
            Some(view! {
                <div class="al-scroll al-reports__scroll" tabindex="0" role="region" aria-labelledby="al-reports-sources">
                    <table class="al-reports__table al-reports__sources">
                        <caption class="al-visually-hidden">"Messages by source IP; the column headers sort the table"</caption>
                        <colgroup><col/><col/></colgroup>
                        {groups.iter().map(|(_, span)| view! { <colgroup span=span.to_string()></colgroup> }).collect_view()}
                        <thead>
                            <tr>
                                {header(Col::Source)}
                                {header(Col::Messages)}
                                {groups.iter().map(|(g, span)| view! {
                                    <th scope="colgroup" colspan=span.to_string() class="al-reports__group">{*g}</th>
                                }).collect_view()}
                            </tr>
                            <tr>{Col::ALL[2..].iter().map(|c| header(*c)).collect_view()}</tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                {filtered}
                {more}
                {cut}
            })
        })
    };

    let overview = move || {
        summary.with(|s| {
            let s = s.as_ref()?;
            let t = &s.totals;
            let d = &t.dispositions;
            let policies = t
                .policies
                .iter()
                .map(|p| {
                    let opt = |k: &str, v: &Option<String>| {
                        v.as_deref().map(|v| format!(" {k}={v}")).unwrap_or_default()
                    };
                    let line = format!(
                        "{}: p={}{}{}{} ({})",
                        p.domain.as_deref().unwrap_or("(none)"),
                        p.p.as_deref().unwrap_or("?"),
                        opt("sp", &p.sp),
                        opt("np", &p.np),
                        if p.testing == Some(true) { " t=y" } else { "" },
                        plural(p.reports, "report")
                    );
                    view! { <li>{line}</li> }
                })
                .collect_view();
            let reporters = t
                .reporters
                .iter()
                .map(|r| {
                    view! {
                        <li>
                            <strong>{r.org_name.clone()}</strong>
                            {r.email.clone().map(|e| view! { <span class="al-muted">{format!(" <{e}>")}</span> })}
                            {format!(": {}, {}", plural(r.reports, "report"), plural(r.messages, "message"))}
                        </li>
                    }
                })
                .collect_view();
            let range = t
                .date_range
                .as_ref()
                .map(|r| format!("{} to {} (UTC)", r.begin_utc, r.end_utc))
                .unwrap_or_else(|| "—".into());
            // A repeated report is marked beside the file it came in (see "Files and reports").
            let found: Vec<Finding> = t
                .findings
                .iter()
                .filter(|f| f.code != Code::Duplicate.as_str())
                .filter_map(|f| finding(&f.code, Some(&f.severity), visible(&f.message)))
                .collect();
            Some(view! {
                <section class="al-card al-reports__overview" aria-labelledby="al-reports-totals">
                    <h2 id="al-reports-totals" class="al-card__title">"Totals"</h2>
                    <dl class="al-reports__stats">
                        <div data-stat="reports"><dt>"Reports"</dt><dd>{int(t.reports)}{(t.duplicates > 0).then(|| format!(" (+{} duplicates, counted once)", int(t.duplicates)))}</dd></div>
                        <div data-stat="messages"><dt>"Messages"</dt><dd>{int(t.results.messages)}</dd></div>
                        <div data-stat="pass-rate"><dt>"DMARC pass rate"</dt><dd>{pct(t.dmarc_pass_rate)}{format!(" ({} pass, {} fail)", int(t.results.dmarc_pass), int(t.results.dmarc_fail))}</dd></div>
                        <div data-stat="dkim"><dt>"DKIM"</dt><dd>{format!("{} pass, {} aligned", int(t.results.dkim_pass), int(t.results.dkim_aligned_pass))}</dd></div>
                        <div data-stat="spf"><dt>"SPF"</dt><dd>{format!("{} pass, {} aligned", int(t.results.spf_pass), int(t.results.spf_aligned_pass))}</dd></div>
                        <div data-stat="dispositions"><dt>"Dispositions"</dt><dd>{format!("none {} · pass {} · quarantine {} · reject {}{}", int(d.none), int(d.pass), int(d.quarantine), int(d.reject), if d.unknown > 0 { format!(" · unknown {}", int(d.unknown)) } else { String::new() })}</dd></div>
                        <div data-stat="range"><dt>"Date range"</dt><dd>{range}{(t.undated_messages > 0).then(|| format!("; {} messages undated", int(t.undated_messages)))}</dd></div>
                        <div data-stat="domains"><dt>"Policy domains"</dt><dd>{t.domains.join(", ")}</dd></div>
                        <div data-stat="policies" class="al-reports__stat--wide"><dt>"Policies seen"</dt><dd><ul class="al-reports__policies">{policies}</ul></dd></div>
                    </dl>
                    <h3>"Reporters"</h3>
                    <ul class="al-reports__reporters">{reporters}</ul>
                    {notes(found)}
                </section>
            })
        })
    };

    let charts = move || {
        summary.with(|s| {
            let s = s.as_ref()?;
            let t = &s.totals;
            Some(view! {
                <div class="al-reports__charts">
                    <figure class="al-card al-reports__chart">
                        <figcaption class="al-card__title">"DMARC pass rate by day"</figcaption>
                        {if t.days.is_empty() { view! { <p class="al-muted">"No dated reports."</p> }.into_any() } else { days_chart(&t.days).into_any() }}
                    </figure>
                    <figure class="al-card al-reports__chart">
                        <figcaption class="al-card__title">"Top failing sources"</figcaption>
                        {if t.top_failing.is_empty() { view! { <p class="al-muted">"No message failed DMARC."</p> }.into_any() } else { failing_chart(&t.top_failing).into_any() }}
                    </figure>
                </div>
            })
        })
    };

    let impact = move || {
        summary.with(|s| {
            let s = s.as_ref()?;
            let (next, other) = if s.next == "reject" {
                (s.reject.clone(), s.quarantine.clone())
            } else {
                (s.quarantine.clone(), s.reject.clone())
            };
            Some(impact_view(next, other, s.published.clone()))
        })
    };

    let file_list = move || {
        let mut said = Said::default();
        files.with(|fs| {
            fs.iter()
                .map(|f| {
                    let place = f.name.as_str();
                    let file_notes = noted(&f.findings, &mut said, place);
                    let reports = f
                        .reports
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let m = &r.metadata;
                            let first = f.repeats.get(i).cloned().flatten();
                            let mut fs = Vec::new();
                            if let Some(first) = &first {
                                fs.push(Code::Duplicate.finding(visible(&format!(
                                    "counted once, from {first}"
                                ))));
                            }
                            fs.extend(noted(&r.findings, &mut said, place));
                            fs.extend(skipped(&r.skipped, &mut said, place));
                            // A repeat is named, not described again: its copy was.
                            let about = (first.is_none()).then(|| {
                                let dates = m
                                    .date_range
                                    .as_ref()
                                    .map(|d| days(d.begin, d.end))
                                    .unwrap_or_else(|| "no date range".into());
                                format!(
                                    " · {dates} · {} p={}{} · {}, {}{} · {}",
                                    r.policy_published.domain.as_deref().unwrap_or("(no domain)"),
                                    r.policy_published.p.as_deref().unwrap_or("?"),
                                    r.policy_published.pct.map(|p| format!(" pct={p}")).unwrap_or_default(),
                                    plural(r.record_count, "record"),
                                    plural(r.messages, "message"),
                                    if r.complete { "" } else { " (cut short)" },
                                    schema(&r.schema),
                                )
                            });
                            view! {
                                <li class="al-reports__report" class:al-reports__report--repeat=first.is_some()>
                                    <p>
                                        <strong>{m.org_name.clone().unwrap_or_else(|| "(no reporter)".into())}</strong>
                                        {(first.is_none()).then(|| m.email.clone().map(|e| view! { <span class="al-muted">{format!(" <{e}>")}</span> })).flatten()}
                                        " · id "
                                        <code>{m.report_id.clone().unwrap_or_else(|| "(none)".into())}</code>
                                        {about}
                                    </p>
                                    {notes(fs)}
                                </li>
                            }
                        })
                        .collect_view();
                    let ok = !f.reports.is_empty();
                    let meta = format!(
                        "{} · {}{}",
                        f.format.as_deref().unwrap_or("unknown format"),
                        size(f.size),
                        if f.xml_bytes > 0 && f.format.as_deref() != Some("xml") { format!(", {} of XML", size(f.xml_bytes)) } else { String::new() },
                    );
                    view! {
                        <li class="al-reports__file" data-name=f.name.clone() data-read=ok.to_string()>
                            <h3 class="al-reports__file-head">
                                <span class="al-reports__file-name">{f.name.clone()}</span>
                                " "
                                <span class="al-reports__file-meta">{meta}</span>
                            </h3>
                            {notes(file_notes)}
                            {ok.then(|| view! { <ul class="al-reports__reports">{reports}</ul> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let codes = Memo::new(move |_| {
        summary.with(|s| {
            files.with(|f| {
                tls.with(|t| {
                    mails.with(|m| {
                        failures.with(|x| {
                            let tls_codes = t.iter().flat_map(|t| {
                                t.totals
                                    .findings
                                    .iter()
                                    .chain(t.files.iter().flat_map(|f| &f.findings))
                            });
                            let more = tls_codes
                                .chain(m.iter().flat_map(|m| &m.findings))
                                .chain(x.iter().flat_map(|x| &x.findings))
                                .map(|f| f.code.as_str());
                            page_codes(f, s.as_ref().map(|s| &s.totals), more)
                        })
                    })
                })
            })
        })
    });

    // What was read, in the drop zone where the browser would say "No file chosen".
    let status = move || {
        let p = pending.get();
        if let Some(first) = p.first() {
            format!("Reading {first}… ({} left)", plural(p.len() as u64, "file"))
        } else {
            inputs.with(|names| {
                if names.is_empty() {
                    String::new()
                } else {
                    format!(
                        "{} read: {}.",
                        plural(names.len() as u64, "file"),
                        name_list(names, NAMED_FILES)
                    )
                }
            })
        }
    };
    let done = move || {
        if pending.with(|p| p.is_empty()) && inputs.with(|i| !i.is_empty()) {
            "done"
        } else if pending.with(|p| !p.is_empty()) {
            "reading"
        } else {
            "empty"
        }
    };

    view! {
        <section class="al-reports">
            <h1>"DMARC and TLS reports"</h1>
            <p class="al-reports__privacy">"Read in your browser: the files are never uploaded or stored. DMARC aggregate reports (.xml, .xml.gz, .zip), TLS-RPT reports (.json, .json.gz), and mail holding reports (.eml, .mbox: aggregate, TLS and failure reports are found in it), one file or many; each file may hold at most 200 MB of XML and a million records."</p>
            <div
                class="al-reports__drop"
                class:al-reports__drop--over=move || over.get()
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    over.set(true);
                }
                on:dragleave=move |_| over.set(false)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    over.set(false);
                    take_files(ev.data_transfer().and_then(|d| d.files()));
                }
            >
                <div class="al-reports__drop-row">
                    // The input is hidden but for screen readers and the keyboard: the label is
                    // its button, and the line below says what was read (the browser's own
                    // "No file chosen" would stay wrong after a drop).
                    <label class="al-button al-reports__choose">
                        <input
                            type="file"
                            class="al-visually-hidden"
                            multiple
                            accept=".xml,.gz,.zip,.json,.eml,.mbox,application/xml,text/xml,application/gzip,application/zip,application/json,application/tlsrpt+json,application/tlsrpt+gzip,message/rfc822,application/mbox"
                            on:change=move |ev| {
                                let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
                                take_files(input.as_ref().and_then(|i| i.files()));
                                // The same file chosen again is read again.
                                if let Some(i) = input { i.set_value(""); }
                            }
                        />
                        "Choose report files"
                    </label>
                    <span class="al-muted">"or drop them here"</span>
                    <button type="button" class="al-button al-button--small al-reports__clear" on:click=reset disabled=move || inputs.with(|f| f.is_empty()) || pending.with(|p| !p.is_empty())>"Clear"</button>
                </div>
                <p class="al-reports__status" role="status" aria-live="polite">{status}</p>
            </div>
            {move || error.get().map(|e| view! { <p class="al-alert al-alert--error" role="alert">{e}</p> })}
            <div class="al-reports__result" data-status=done>
                {overview}
                {charts}
                {impact}
                {move || summary.with(|s| s.is_some()).then(|| view! {
                    <section class="al-card al-reports__sources-card" aria-labelledby="al-reports-sources">
                        <h2 id="al-reports-sources" class="al-card__title">"Messages by source"</h2>
                        <div class="al-reports__rdns">
                            <label class="al-reports__filter">
                                <input type="checkbox" prop:checked=move || fails_only.get() on:change=move |ev| fails_only.set(event_target_checked(&ev))/>
                                " Failures only"
                            </label>
                            <button type="button" class="al-button al-button--small" on:click=look_up>"Look up names (reverse DNS)"</button>
                            <span class="al-muted" role="status" aria-live="polite">{move || rdns.get().map(|(d, t)| if d < t { format!("{d} of {t} names…") } else { format!("{d} of {t} names looked up, through the resolver chosen in the settings") })}</span>
                        </div>
                        {table}
                    </section>
                })}
                {move || tls.with(|t| t.as_ref().map(tls_view))}
                {move || failures.with(|f| (!f.is_empty()).then(|| failures_view(f)))}
                {move || mails.with(|m| (!m.is_empty()).then(|| mail_view(m)))}
                {move || files.with(|f| !f.is_empty()).then(|| view! {
                    <section class="al-card al-reports__files" aria-labelledby="al-reports-files">
                        <h2 id="al-reports-files" class="al-card__title">"Files and reports"</h2>
                        <ul class="al-reports__file-list">{file_list}</ul>
                    </section>
                })}
                {move || {
                    let codes = codes.get();
                    (!codes.is_empty()).then(|| view! {
                        <section class="al-card al-reports__glossary" aria-labelledby="al-reports-codes">
                            <h2 id="al-reports-codes" class="al-card__title">"What the codes mean"</h2>
                            {code_list(codes)}
                        </section>
                    })
                }}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        for (n, want) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (3821, "3,821"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(int(n), want);
        }
    }

    #[test]
    fn names_spelled_out_then_counted() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(name_list(&names(&[]), 5), "");
        assert_eq!(name_list(&names(&["a.xml"]), 5), "a.xml");
        assert_eq!(name_list(&names(&["a", "b", "c"]), 5), "a, b and c");
        assert_eq!(name_list(&names(&["a", "b", "c"]), 3), "a, b and c");
        assert_eq!(
            name_list(&names(&["a", "b", "c", "d"]), 3),
            "a, b, c and 1 more"
        );
    }

    #[test]
    fn one_day_or_a_span() {
        assert_eq!(days(0, 86_399), "1970-01-01");
        assert_eq!(days(0, 86_400), "1970-01-01 to 1970-01-02");
        assert_eq!(schema("rfc9990"), "RFC 9990 format");
    }

    #[test]
    fn a_reason_is_said_once_then_referred_to() {
        let skip = |code: &str, path: &str, count| VSkip {
            code: code.into(),
            path: path.into(),
            reason: "an extension, not read".into(),
            count,
        };
        let unknown = "report-unknown-element";
        let mut said = Said::default();
        // One finding a code, a line an element.
        let first = skipped(
            &[
                skip(unknown, "feedback/extension", 1),
                skip("report-empty-value", "feedback/policy_published/sp", 1),
                skip(unknown, "feedback/x", 3),
            ],
            &mut said,
            "a.xml",
        );
        let messages: Vec<_> = first.iter().map(|f| (f.code, f.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (
                    unknown,
                    "feedback/extension: an extension, not read\nfeedback/x: an extension, not read (3 times)"
                ),
                (
                    "report-empty-value",
                    "feedback/policy_published/sp: an extension, not read"
                ),
            ]
        );
        // Met again: named by where it was said.
        let again = skipped(
            &[skip(unknown, "feedback/extension", 2)],
            &mut said,
            "b.xml",
        );
        assert_eq!(again[0].message, "feedback/extension (2 times): see a.xml");
        let same_file = skipped(&[skip(unknown, "feedback/x", 1)], &mut said, "a.xml");
        assert_eq!(same_file[0].message, "feedback/x: see the report above");
        let file = |m: &str| VFinding {
            code: "report-too-large".into(),
            severity: "error".into(),
            message: m.into(),
        };
        // A line feed written in a file stays visible as an escape; the page's own separate lines.
        let odd = VSkip {
            reason: "two\nlines".into(),
            ..skip(unknown, "feedback/odd", 1)
        };
        let fs = skipped(&[odd, skip(unknown, "feedback/y", 1)], &mut said, "c.xml");
        assert_eq!(
            fs[0].message,
            "feedback/odd: two⟨U+000A⟩lines\nfeedback/y: an extension, not read"
        );
        assert_eq!(
            noted(&[file("a bomb")], &mut said, "bomb.zip")[0].message,
            "a bomb"
        );
        assert_eq!(
            noted(&[file("a bomb")], &mut said, "lying.zip")[0].message,
            "see bomb.zip"
        );
    }
}
