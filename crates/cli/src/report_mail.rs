//! The report files beyond DMARC aggregate reports that `authlens report` reads: TLS-RPT reports
//! (RFC 8460, `.json`, `.json.gz`), and mail holding reports (`.eml`, `.mbox`): every aggregate,
//! TLS and failure report in it. A failure report's enclosed message is checked as
//! `authlens message` checks one, so the reader sees why it failed.

use std::fmt::Write as _;

use authlens_engine::aggregate::{read_file, FileRead, Options};
use authlens_engine::dkim;
use authlens_engine::dns::Resolver;
use authlens_engine::failure::FailureReport;
use authlens_engine::mail::{self, classify_file, find_reports, FileKind, Found, Mail};
use authlens_engine::message::check::{authenticate, CheckOptions, MessageCheck};
use authlens_engine::tls_report::{self, TlsFileRead};
use serde::Serialize;

/// Everything read from the files given.
#[derive(Default)]
pub struct Inputs {
    pub aggregate: Vec<FileRead>,
    pub tls: Vec<TlsFileRead>,
    pub mail: Vec<Found>,
    pub failures: Vec<FailureOut>,
    /// A file gave nothing: missing, unreadable, not a report, no report inside.
    pub failed: bool,
}

/// One failure report, where it came from, and its enclosed message checked.
#[derive(Serialize)]
pub struct FailureOut {
    /// The file it was in.
    pub file: String,
    pub mail: Mail,
    pub report: FailureReport,
    /// The enclosed message (or its header) checked; `None` when the report holds none.
    pub check: Option<MessageCheck>,
}

/// Reads each file by what it holds, never its name. The enclosed messages of failure reports
/// are checked through `resolver` (their DKIM keys and DMARC policy).
pub fn read_inputs<R: Resolver>(files: &[String], options: &Options, resolver: &R) -> Inputs {
    let limits = mail::Limits::with_options(options);
    let tls_options = tls_report::Options::default();
    let mut out = Inputs::default();
    for name in files {
        let bytes = match std::fs::read(name) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("authlens: {name}: {e}");
                out.failed = true;
                continue;
            }
        };
        match classify_file(&bytes, &limits) {
            FileKind::Report(mail::Report::TlsRpt { .. }) => {
                let f = tls_report::read_file(name, &bytes, &tls_options);
                out.failed |= !f.is_read();
                out.tls.push(f);
            }
            FileKind::Mail => {
                let found = find_reports(name, &bytes, &limits);
                out.failed |= found.items.is_empty();
                for item in found.aggregate() {
                    if let Some(mut f) = item.read_aggregate(options) {
                        f.name = within(name, &item.mail, &item.name);
                        out.aggregate.push(f);
                    }
                }
                for item in found.tls() {
                    let inner = within(name, &item.mail, &item.name);
                    out.tls.push(tls_report::read_file(
                        &inner,
                        item.bytes().unwrap_or_default(),
                        &tls_options,
                    ));
                }
                for (item, report) in found.failure() {
                    out.failures.push(FailureOut {
                        file: name.clone(),
                        mail: item.mail.clone(),
                        check: check_original(report, resolver),
                        report: report.clone(),
                    });
                }
                out.mail.push(found);
            }
            // An aggregate report, or something else: the aggregate reader says what is wrong
            // with it, as it always has.
            FileKind::Report(_) | FileKind::Other(_) => {
                let f = read_file(name, &bytes, options);
                out.failed |= !f.is_read();
                out.aggregate.push(f);
            }
        }
    }
    out
}

/// The name of a report found in mail: the file, the mail's place and subject, the attachment.
fn within(file: &str, mail: &Mail, attachment: &str) -> String {
    match &mail.subject {
        Some(s) => format!("{file}: mail {} ({s}): {attachment}", mail.index + 1),
        None => format!("{file}: mail {}: {attachment}", mail.index + 1),
    }
}

/// The enclosed message checked as a message: DKIM, SPF from the report's Source-IP, DMARC.
fn check_original<R: Resolver>(report: &FailureReport, resolver: &R) -> Option<MessageCheck> {
    let original = report.original.as_ref()?;
    let ip = report
        .get(authlens_engine::failure::FieldName::SourceIp)
        .and_then(|v| v.trim().parse().ok());
    let opts = CheckOptions {
        dkim: dkim::Options {
            now: crate::message::now_unix(),
            allow_sha1: false,
        },
        ip,
        bulk: None,
    };
    Some(futures::executor::block_on(authenticate(
        resolver,
        &crate::crypto::VERIFIER,
        &original.bytes,
        &opts,
    )))
}

/// 1234567 -> "1,234,567".
fn num(n: u64) -> String {
    crate::report::num(n)
}

/// The TLS-RPT section of the text output.
pub fn render_tls(o: &mut String, files: &[TlsFileRead], t: &tls_report::Totals) {
    let reporters = t.by_reporter.len();
    let dup = if t.duplicates > 0 {
        format!(" ({} duplicates left out)", t.duplicates)
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        "\nTLS-RPT        {} reports{dup} from {reporters} reporters, in {} files",
        num(t.reports),
        files.len()
    );
    let total = t.successful + t.failed;
    let _ = writeln!(
        o,
        "Connections    {} succeeded, {} failed{}",
        num(t.successful),
        num(t.failed),
        share(t.failed, total)
    );
    for p in &t.by_policy {
        let _ = writeln!(
            o,
            "  policy {:<16} {:<30} {:>9} succeeded  {:>9} failed",
            p.policy_type.as_ref().map_or("?", |x| x.as_str()),
            p.policy_domain.as_deref().unwrap_or("?"),
            num(p.successful),
            num(p.failed)
        );
    }
    if !t.by_result_type.is_empty() {
        let _ = writeln!(o, "Failures by type");
    }
    for r in &t.by_result_type {
        let _ = writeln!(
            o,
            "  {:<28} {:>9}  {}",
            r.result_type.as_str(),
            num(r.failed),
            r.info.as_ref().map_or(
                "not in the IANA registry: shown as the reporter wrote it".to_string(),
                |i| format!("{}; fix: {}", i.title, i.fix)
            )
        );
    }
    for f in t.failures.iter().take(crate::report::SHOWN) {
        let _ = writeln!(
            o,
            "  {:>9}  {} from {} to {} ({})",
            num(f.failed),
            f.result_type.as_str(),
            f.sending_mta_ip.as_deref().unwrap_or("?"),
            f.receiving_mx_hostname.as_deref().unwrap_or("?"),
            f.receiving_ip.as_deref().unwrap_or("?")
        );
    }
    for f in files {
        for x in f
            .findings
            .iter()
            .chain(f.reports.iter().flat_map(|r| &r.findings))
        {
            let _ = writeln!(
                o,
                "  {}: {} {}: {}",
                f.name,
                x.severity.as_str(),
                x.code,
                x.message
            );
        }
    }
}

/// `(12.3%)` of `whole`, or nothing when there is none.
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return String::new();
    }
    let tenths = (u128::from(part) * 1000 + u128::from(whole) / 2) / u128::from(whole);
    format!(" ({}.{}%)", tenths / 10, tenths % 10)
}

/// The mail and failure-report sections of the text output.
pub fn render_mail(o: &mut String, mail: &[Found], failures: &[FailureOut]) {
    for m in mail {
        let _ = writeln!(
            o,
            "\nMail           {}: {} messages, {} aggregate, {} TLS and {} failure reports found; {} parts skipped{}",
            m.name,
            m.messages,
            m.aggregate().count(),
            m.tls().count(),
            m.failure().count(),
            m.skipped.len(),
            if m.complete { "" } else { " (reading stopped at a limit)" }
        );
        for x in &m.findings {
            let _ = writeln!(o, "  {} {}: {}", x.severity.as_str(), x.code, x.message);
        }
    }
    for (n, f) in failures.iter().enumerate() {
        let r = &f.report;
        let _ = writeln!(
            o,
            "\nFailure report {}: {} mail {}{}",
            n + 1,
            f.file,
            f.mail.index + 1,
            f.mail
                .subject
                .as_deref()
                .map_or(String::new(), |s| format!(" ({s})"))
        );
        for field in &r.fields {
            let meaning = field
                .entry()
                .map_or("(an extension field)".to_string(), |e| e.title.to_string());
            let _ = writeln!(o, "  {}: {}  — {meaning}", field.name, field.value);
        }
        match (&f.check, &r.original) {
            (Some(c), Some(orig)) => {
                let _ = writeln!(
                    o,
                    "  The enclosed message ({} bytes{}): {}",
                    orig.size,
                    if orig.complete { "" } else { ", cut short" },
                    c.summary
                );
            }
            _ => {
                let _ = writeln!(o, "  No enclosed message: nothing to check.");
            }
        }
        for x in &r.findings {
            let _ = writeln!(o, "  {} {}: {}", x.severity.as_str(), x.code, x.message);
        }
    }
}
