//! SMTP TLS Reporting aggregate reports (RFC 8460 §4): reading them from bytes, and their totals.
//!
//! Domains that publish a `_smtp._tls` record ([`crate::tlsrpt`]) receive one JSON report a day
//! from each sender that delivers to them (RFC 8460 §4.1), mailed as a `.json` or gzipped
//! `.json.gz` attachment (§5.3) or posted over HTTPS. The page hands the bytes of each file it
//! was given, the CLI the bytes it read; nothing here touches a file or the network.
//!
//! - [`read_file`] reads one file into its reports: JSON or gzip, told by the first bytes, never
//!   by the name; a decompression bomb stops at [`Options::max_json_bytes`] or
//!   [`Options::max_compression_ratio`], through the aggregate reader's capped stream.
//! - [`summarize`] adds up any number of reports: connections that set up TLS and that failed,
//!   by policy type and domain, by MX host and by reporter; failures by result type with the
//!   sending and receiving addresses; duplicates set aside.
//! - [`result_info`] explains each result type of the IANA registry: what it means, what to fix.
//! - [`compare_policy`] and [`compare_reports`] tell whether the MTA-STS policy a reporter applied
//!   is the one the domain publishes.
//!
//! Every problem is a finding with a `tlsrpt-report-*` [`Code`], with its byte offset (syntax,
//! truncation, encoding) or its JSON path (fields); nothing panics on input.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "reports are read in the reports worker and page, which have room under the budget (docs/size.md): thousands of failure rows want the standard sort"
)]

pub mod codes;
pub mod compare;
mod parse;
pub mod report;
pub mod totals;

use std::io::Read;
use std::rc::Rc;

use serde::Serialize;

use crate::aggregate::stream::{Capped, Meter, Utf8Lossy};
use crate::diag::{Finding, Span};

pub use codes::Code;
pub use compare::{compare_policy, compare_reports};
pub use parse::parse_datetime;
pub use report::{
    result_info, DateRange, FailureDetail, Policy, PolicyResult, PolicyType, Report, ResultInfo,
    ResultType, Summary,
};
pub use totals::{
    repeats, summarize, FailureRow, MxTotal, PolicyTotal, Range, ReceivingMxTotal, ReporterTotal,
    ResultTotal, Totals,
};

/// Limits on what one file may cost. Every one applies per file; the page may choose its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Options {
    /// Bytes of JSON read from one file, after decompression. The JSON is held whole while it is
    /// read, so this bounds memory too (a few times this).
    pub max_json_bytes: u64,
    /// Decompressed bytes per compressed byte of a gzip file. Deflate reaches about 1030 at most,
    /// on data that repeats one byte; TLS reports compress 5 to 20 times.
    pub max_compression_ratio: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_json_bytes: 32 * 1024 * 1024,
            max_compression_ratio: 200,
        }
    }
}

/// How a file was packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Gzip,
}

/// One file, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TlsFileRead {
    pub name: String,
    /// `None` when the first bytes are neither JSON nor gzip.
    pub format: Option<Format>,
    /// Bytes of the file.
    pub size: u64,
    /// Bytes of JSON read (after decompression).
    pub json_bytes: u64,
    pub reports: Vec<Report>,
    /// About the file as a whole: unreadable, not a report, too large, cut short, damaged.
    pub findings: Vec<Finding>,
}

impl TlsFileRead {
    /// At least one report came out of the file.
    pub fn is_read(&self) -> bool {
        !self.reports.is_empty()
    }
}

/// What the first bytes say: gzip by its magic number, JSON by a `{` or `[` after white space
/// (and a UTF-8 byte order mark).
fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(Format::Gzip);
    }
    match first_char(bytes) {
        Some(b'{' | b'[') => Some(Format::Json),
        _ => None,
    }
}

fn first_char(bytes: &[u8]) -> Option<u8> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    b.iter().copied().find(|c| !c.is_ascii_whitespace())
}

/// UTF-16, with a byte order mark or without (`{` next to a zero byte).
fn is_utf16(b: &[u8]) -> bool {
    b.starts_with(b"\xFF\xFE")
        || b.starts_with(b"\xFE\xFF")
        || (b.len() >= 2 && ((b[0] != 0 && b[1] == 0) || (b[0] == 0 && b[1] != 0)))
}

/// Why bytes that are not JSON are not read, in words. `inflated`: they came out of gzip.
fn not_json(bytes: &[u8], inflated: bool) -> Finding {
    if bytes.is_empty() {
        return Code::Unreadable.finding(if inflated {
            "the gzip stream holds nothing"
        } else {
            "an empty file"
        });
    }
    if is_utf16(bytes) {
        return Code::Unreadable.finding(
            "UTF-16 text: JSON reports are UTF-8 (RFC 8259 §8.1), and this reader does not read UTF-16",
        );
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Code::Unreadable.finding(
            "a zip file: TLS reports come as JSON or gzip (RFC 8460 §5.3); unzip it first",
        );
    }
    if first_char(bytes) == Some(b'<') {
        return Code::NotTlsRpt.finding(
            "XML, not JSON: a DMARC aggregate report, perhaps, which the aggregate report reader reads",
        );
    }
    Code::Unreadable.finding(if inflated {
        "the gzip stream holds no JSON"
    } else {
        "neither JSON nor gzip"
    })
}

/// Parses decompressed bytes: repairs what is not UTF-8 (read as Latin-1, with a finding at the
/// first such byte), drops a byte order mark, and reads the JSON.
fn read_json(name: &str, bytes: &[u8], file: &mut TlsFileRead) {
    if is_utf16(bytes) || first_char(bytes).is_none_or(|c| c != b'{' && c != b'[') {
        file.findings
            .push(not_json(bytes, file.format == Some(Format::Gzip)));
        return;
    }
    let repaired;
    let text: &str = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let mut out = String::new();
            // Reading a slice cannot fail; what is not UTF-8 comes out as Latin-1.
            let _ = Utf8Lossy::new(bytes).read_to_string(&mut out);
            repaired = out;
            file.findings.push(
                Code::NotUtf8
                    .finding(format!(
                        "byte {at} is not UTF-8 (0x{:02X}); such bytes were read as Latin-1, and the byte offsets below count the repaired text",
                        bytes[at]
                    ))
                    .at(Span::new(at, at + 1)),
            );
            &repaired
        }
    };
    let (text, base) = match text.strip_prefix('\u{feff}') {
        Some(t) => (t, 3),
        None => (text, 0),
    };
    let mut parsed = parse::parse(name, text, base);
    file.reports.append(&mut parsed.reports);
    file.findings.append(&mut parsed.findings);
}

/// Reads one file: JSON or gzip, told by its first bytes. `name` is only for messages and
/// [`Report::source`]. Never panics.
pub fn read_file(name: &str, bytes: &[u8], options: &Options) -> TlsFileRead {
    let mut file = TlsFileRead {
        name: name.to_string(),
        format: sniff(bytes),
        size: bytes.len() as u64,
        json_bytes: 0,
        reports: Vec::new(),
        findings: Vec::new(),
    };
    let cap = options.max_json_bytes;
    match file.format {
        None => file.findings.push(not_json(bytes, false)),
        Some(Format::Json) => {
            if bytes.len() as u64 > cap {
                file.findings.push(Code::TooLarge.finding(format!(
                    "the file is larger than {cap} bytes of JSON (max_json_bytes)"
                )));
                return file;
            }
            file.json_bytes = bytes.len() as u64;
            read_json(name, bytes, &mut file);
        }
        Some(Format::Gzip) => {
            let by_ratio_limit =
                (bytes.len().max(1) as u64).saturating_mul(options.max_compression_ratio);
            let by_ratio = by_ratio_limit < cap;
            let limit = by_ratio_limit.min(cap);
            let meter = Rc::new(Meter::default());
            let inflate = flate2::bufread::MultiGzDecoder::new(bytes);
            let mut json = Vec::new();
            let result = Capped::new(inflate, limit, meter.clone(), false).read_to_end(&mut json);
            file.json_bytes = json.len() as u64;
            if meter.hit.get() {
                file.findings.push(Code::TooLarge.finding(if by_ratio {
                    format!(
                        "the gzip stream inflates to more than {} times its size (max_compression_ratio): a decompression bomb, or a report far more repetitive than real ones",
                        options.max_compression_ratio
                    )
                } else {
                    format!("the gzip stream inflates past {cap} bytes of JSON (max_json_bytes)")
                }));
                return file;
            }
            if let Err(e) = result {
                if json.is_empty() {
                    file.findings
                        .push(Code::Unreadable.finding(format!("the gzip stream is broken: {e}")));
                    return file;
                }
                read_json(name, &json, &mut file);
                // A report read whole is counted; the break after it is only noted. When the
                // JSON itself broke off, its finding says why.
                let truncated = Code::Truncated.as_str();
                if let Some(f) = file.findings.iter_mut().find(|f| f.code == truncated) {
                    f.message
                        .push_str(&format!("; the gzip stream breaks there: {e}"));
                } else if file.is_read() {
                    file.findings.push(Code::Damaged.finding(format!(
                        "the gzip stream breaks after {} bytes of JSON ({e}); the report before the break is read",
                        json.len()
                    )));
                }
                return file;
            }
            read_json(name, &json, &mut file);
        }
    }
    file
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
