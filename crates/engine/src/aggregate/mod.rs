//! DMARC aggregate reports (RFC 9990, RFC 7489 Appendix C): reading them from bytes, and their totals.
//!
//! The page hands the bytes of each file it was given, the CLI the bytes it read; nothing here
//! touches a file or the network. A file is plain XML, gzip (`.xml.gz`, what RFC 9990 asks for) or
//! zip (what many reporters still send), told by its first bytes, not its name.
//!
//! - [`read_file`] reads one file into its reports, streaming: quick-xml over the inflating
//!   stream, so a 50 MB report never sits in memory as a tree, and a decompression bomb stops at
//!   [`Options::max_decompressed_bytes`] or [`Options::max_compression_ratio`].
//! - [`summarize`] counts any number of reports: messages by result, by source and by day,
//!   dispositions, reporters, duplicates set aside.
//! - [`impact`] answers "what would `p=quarantine` (or `reject`) have done to this mail".
//! - [`reverse_names`] asks PTR for the sources, on request.
//!
//! Every problem is a finding or a [`Skip`] with a `report-*` [`Code`]; nothing panics on input.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "reports are read in the reports worker and page, which have room under the budget (docs/size.md): thousands of sources want the standard sort, shares are ratios"
)]

pub mod archive;
pub mod codes;
pub mod parse;
pub mod rdns;
pub mod report;
pub mod rollout;
pub mod senders;
pub(crate) mod stream;
pub mod totals;
mod value;

use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use serde::Serialize;

use crate::diag::Finding;

pub use codes::Code;
pub use rdns::{reverse_name, reverse_names};
pub use report::{
    Aligned, AuthResult, AuthResults, DateRange, Disposition, DkimAuth, Identifiers, Metadata,
    OverrideType, PolicyEvaluated, PolicyPublished, Reason, Record, Report, Schema, Skip, SpfAuth,
};
pub use rollout::{impact, next_step, Enforcement, FailureKind, Impact, ImpactGroup, Verdict};
pub use totals::{
    repeats, summarize, utc_date, DayTotal, Dispositions, PolicySeen, Reporter, Results, Row,
    SourceTotal, Span, Totals,
};

use stream::{Capped, Meter, Utf8Lossy};

/// Limits on what one file may cost. Every one applies per file; the page may choose its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Options {
    /// Bytes of XML read from one file, after decompression (all entries of a zip together).
    pub max_decompressed_bytes: u64,
    /// `record` elements in one file.
    pub max_records: u64,
    /// Decompressed bytes per compressed byte, for each gzip stream and zip entry, declared or
    /// actual. Deflate reaches about 1030 at most, on data that repeats one byte; reports
    /// compress 15 to 40 times.
    pub max_compression_ratio: u64,
    /// Entries in one zip file.
    pub max_zip_entries: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_decompressed_bytes: 200 * 1024 * 1024,
            max_records: 1_000_000,
            max_compression_ratio: 200,
            max_zip_entries: 100,
        }
    }
}

/// How a file was packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xml,
    Gzip,
    Zip,
}

/// One file, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileRead {
    pub name: String,
    /// `None` when the first bytes are none of XML, gzip or zip.
    pub format: Option<Format>,
    /// Bytes of the file.
    pub size: u64,
    /// Bytes of XML read (after decompression).
    pub xml_bytes: u64,
    pub reports: Vec<Report>,
    /// About the file as a whole: unreadable, too large, damaged, entries skipped.
    pub findings: Vec<Finding>,
}

impl FileRead {
    /// At least one report came out of the file.
    pub fn is_read(&self) -> bool {
        !self.reports.is_empty()
    }
}

fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(Format::Gzip);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(Format::Zip);
    }
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match b.iter().find(|c| !c.is_ascii_whitespace()) {
        Some(b'<') => Some(Format::Xml),
        _ => None,
    }
}

/// What one stream gave.
struct Stream {
    reports: Vec<Report>,
    /// A finding that concerns the file (or the zip entry): unreadable, not a report, damaged.
    finding: Option<Finding>,
    too_large: bool,
    too_many_records: bool,
    xml_bytes: u64,
}

/// Parses one XML stream and turns its [`parse::Outcome`] into findings.
fn read_stream(source: &str, input: impl BufRead, max_records: u64, meter: &Meter) -> Stream {
    let parsed = parse::parse(source, Utf8Lossy::new(input), max_records);
    let mut s = Stream {
        reports: parsed.reports,
        finding: None,
        too_large: meter.hit.get(),
        too_many_records: false,
        xml_bytes: meter.read.get(),
    };
    match parsed.outcome {
        _ if s.too_large => {}
        parse::Outcome::TooManyRecords => s.too_many_records = true,
        parse::Outcome::Complete { trailing: None } => {}
        parse::Outcome::Complete {
            trailing: Some(what),
        } => {
            s.finding = Some(Code::Damaged.finding(format!("after the report: {what}")));
        }
        parse::Outcome::NotAggregate { root } => {
            s.finding = Some(
                Code::NotAggregate.finding(format!("the root element is <{root}>, not <feedback>")),
            );
        }
        parse::Outcome::Empty => {
            s.finding = Some(Code::Unreadable.finding("no XML element in the file"));
        }
        parse::Outcome::Broken { offset, message } => {
            if s.reports.is_empty() {
                s.finding = Some(
                    Code::Unreadable
                        .finding(format!("not readable as XML: {message} (byte {offset})")),
                );
            }
        }
    }
    s
}

/// Reads one file: XML, gzip or zip, told by its first bytes. `name` is only for messages and
/// [`Report::source`]. Never panics.
pub fn read_file(name: &str, bytes: &[u8], options: &Options) -> FileRead {
    let mut file = FileRead {
        name: name.to_string(),
        format: sniff(bytes),
        size: bytes.len() as u64,
        xml_bytes: 0,
        reports: Vec::new(),
        findings: Vec::new(),
    };
    let cap = options.max_decompressed_bytes;
    let ratio_cap = |compressed: usize| {
        (compressed.max(1) as u64).saturating_mul(options.max_compression_ratio)
    };
    let too_large = |limit: u64, by_ratio: bool, what: &str| {
        Code::TooLarge.finding(if by_ratio {
            format!(
                "{what} inflates to more than {} times its size (max_compression_ratio {}): a decompression bomb, or a report far more repetitive than real ones",
                options.max_compression_ratio, options.max_compression_ratio
            )
        } else {
            format!(
                "{what} is larger than {limit} bytes of XML (max_decompressed_bytes)"
            )
        })
    };
    let streams: Vec<Stream> = match file.format {
        None => {
            let what = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
                "UTF-16 text, which reporters do not send and this reader does not read"
            } else if bytes.is_empty() {
                "an empty file"
            } else {
                "neither XML nor gzip nor zip"
            };
            file.findings.push(Code::Unreadable.finding(what));
            return file;
        }
        Some(Format::Xml) => {
            if bytes.len() as u64 > cap {
                file.findings.push(too_large(cap, false, "the file"));
                return file;
            }
            let meter = Meter::default();
            meter.read.set(bytes.len() as u64);
            vec![read_stream(name, bytes, options.max_records, &meter)]
        }
        Some(Format::Gzip) => {
            let by_ratio = ratio_cap(bytes.len()) < cap;
            let limit = ratio_cap(bytes.len()).min(cap);
            let meter = Rc::new(Meter::default());
            let inflate = flate2::bufread::MultiGzDecoder::new(bytes);
            let input = BufReader::with_capacity(
                64 * 1024,
                Capped::new(inflate, limit, meter.clone(), false),
            );
            let s = read_stream(name, input, options.max_records, &meter);
            if s.too_large {
                file.findings
                    .push(too_large(limit, by_ratio, "the gzip stream"));
                file.xml_bytes = meter.read.get();
                return file;
            }
            vec![s]
        }
        Some(Format::Zip) => {
            let entries = match archive::entries(bytes, options.max_zip_entries) {
                Ok(e) => e,
                Err(e) => {
                    file.findings.push(Code::Unreadable.finding(e));
                    return file;
                }
            };
            let mut out = Vec::new();
            let mut budget = cap;
            let mut records_left = options.max_records;
            for e in entries {
                if e.name.ends_with('/') {
                    continue;
                }
                let skip = |why: &str| Code::EntrySkipped.finding(format!("{}: {why}", e.name));
                if e.name.starts_with("__MACOSX/") || e.name.contains("/._") {
                    file.findings.push(skip("a macOS resource fork"));
                    continue;
                }
                if e.encrypted {
                    file.findings.push(skip("encrypted"));
                    continue;
                }
                if e.method != 0 && e.method != 8 {
                    file.findings.push(skip(&format!(
                        "compressed with method {}, not deflate",
                        e.method
                    )));
                    continue;
                }
                let what = format!("the entry {}", e.name);
                let by_ratio = e.method == 8 && ratio_cap(e.data.len()) < budget;
                let limit = if e.method == 8 {
                    ratio_cap(e.data.len()).min(budget)
                } else {
                    (e.data.len() as u64).min(budget)
                };
                if e.size > limit {
                    // The directory says so already: no need to inflate anything.
                    file.findings.push(too_large(limit, by_ratio, &what));
                    return file;
                }
                let meter = Rc::new(Meter::default());
                let raw: Box<dyn Read + '_> = if e.method == 8 {
                    Box::new(flate2::bufread::DeflateDecoder::new(e.data))
                } else {
                    Box::new(e.data)
                };
                let mut input = BufReader::with_capacity(
                    64 * 1024,
                    Capped::new(raw, limit, meter.clone(), true),
                );
                if input.fill_buf().is_ok_and(|b| b.starts_with(&[0x1f, 0x8b])) {
                    file.findings
                        .push(skip("a gzip file inside the zip file, not read"));
                    continue;
                }
                let source = format!("{name}/{}", e.name);
                let mut s = read_stream(&source, &mut input, records_left, &meter);
                if s.too_large {
                    file.findings.push(too_large(limit, by_ratio, &what));
                    return file;
                }
                if s.too_many_records {
                    out.push(s);
                    break;
                }
                // Read to the end for the checksum, within the same cap.
                let _ = std::io::copy(&mut input, &mut std::io::sink());
                if meter.hit.get() {
                    file.findings.push(too_large(limit, by_ratio, &what));
                    return file;
                }
                if s.finding.is_none()
                    && (meter.crc.get().unwrap_or(0) != e.crc || meter.read.get() != e.size)
                {
                    s.finding = Some(Code::Damaged.finding(format!(
                        "{}: the CRC-32 or the size does not match the zip directory",
                        e.name
                    )));
                }
                budget = budget.saturating_sub(meter.read.get());
                records_left = records_left
                    .saturating_sub(s.reports.iter().map(|r| r.record_count).sum::<u64>());
                out.push(s);
            }
            out
        }
    };
    let zip = file.format == Some(Format::Zip);
    for mut s in streams {
        file.xml_bytes += s.xml_bytes;
        if s.too_many_records {
            file.findings.push(Code::TooManyRecords.finding(format!(
                "more than {} records (max_records)",
                options.max_records
            )));
            file.reports.clear();
            return file;
        }
        if let Some(f) = s.finding.take() {
            // In a zip, an entry that is not a report is skipped, not fatal.
            let f = if zip && s.reports.is_empty() {
                Code::EntrySkipped.finding(f.message)
            } else {
                f
            };
            file.findings.push(f);
        }
        file.reports.append(&mut s.reports);
    }
    if zip
        && file.reports.is_empty()
        && !file
            .findings
            .iter()
            .any(|f| f.code == Code::Unreadable.as_str())
    {
        file.findings
            .push(Code::Unreadable.finding("no aggregate report in the zip file"));
    }
    file
}
