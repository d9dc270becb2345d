//! Finding the reports in an `.eml` or an `.mbox`: [`find_reports`].

use std::io::Read;

use serde::Serialize;

use super::codes::Code;
use super::mbox;
use super::mime::{self, Entity, MimeLimits, Tree};
use crate::aggregate::{self, FileRead, Format, Options};
use crate::diag::Finding;
use crate::failure::{self, FailureReport};

/// What reading one file may cost. The defaults take the aggregate reader's
/// ([`Options::default`]) where they mean the same: decoded size, compression ratio, zip entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Bytes of the file itself.
    pub max_input_bytes: u64,
    /// Messages in one mbox.
    pub max_messages: usize,
    /// Attachments looked at, in the whole file.
    pub max_attachments: usize,
    /// Nesting and parts of one message.
    pub mime: MimeLimits,
    /// Bytes of one attachment once decoded, or once inflated to tell what it is
    /// ([`Options::max_decompressed_bytes`]).
    pub max_decoded_bytes: u64,
    /// Bytes of every report found, together: what the caller will hold.
    pub max_found_bytes: u64,
    /// Inflated bytes per compressed byte when a gzip attachment is inflated to tell what it
    /// is ([`Options::max_compression_ratio`]).
    pub max_compression_ratio: u64,
    /// Entries of a zip attachment listed to tell whether it holds a report
    /// ([`Options::max_zip_entries`]).
    pub max_zip_entries: usize,
}

impl Limits {
    /// The limits, with the aggregate reader's `options` where they mean the same.
    pub fn with_options(options: &Options) -> Limits {
        Limits {
            max_input_bytes: 512 * 1024 * 1024,
            max_messages: 200_000,
            max_attachments: 50_000,
            mime: MimeLimits::default(),
            max_decoded_bytes: options.max_decompressed_bytes,
            max_found_bytes: options.max_decompressed_bytes,
            max_compression_ratio: options.max_compression_ratio,
            max_zip_entries: options.max_zip_entries,
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::with_options(&Options::default())
    }
}

/// What the file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Container {
    /// One message (RFC 5322).
    Eml,
    /// A mailbox export (RFC 4155).
    Mbox,
}

/// Which mail a report or a skip came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mail {
    /// Its place in the file, from 0 (an `.eml` has only 0).
    pub index: usize,
    /// Where it starts in the file (its `From ` line in an mbox).
    pub offset: usize,
    /// Encoded words (RFC 2047) decoded.
    pub subject: Option<String>,
    pub from: Option<String>,
    pub date: Option<String>,
    pub message_id: Option<String>,
}

/// A report found, ready for its reader.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Report {
    /// A DMARC aggregate report file (RFC 9990), as [`aggregate::read_file`] takes it.
    Aggregate {
        format: Format,
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    /// A TLS report (RFC 8460 §5.3: `application/tlsrpt+json`, or `+gzip`), classified only.
    TlsRpt {
        gzip: bool,
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    /// A failure report (RFC 9991, RFC 6591), read.
    Failure(Box<FailureReport>),
}

/// One report and where it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub mail: Mail,
    /// The MIME part it was (`"2"`, `"1.3"`); `""` for the message itself.
    pub part: String,
    /// The attachment's file name, or one made up from the mail (`message-3.eml`).
    pub name: String,
    /// The part's Content-Type as written (`application/gzip`).
    pub content_type: String,
    pub report: Report,
    /// The `mail-*` findings of the message it came in (damaged encoding, unclosed boundary).
    pub findings: Vec<Finding>,
}

impl Item {
    /// The report file's bytes: the decoded attachment (`None` for a failure report, read
    /// already).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.report {
            Report::Aggregate { bytes, .. } | Report::TlsRpt { bytes, .. } => Some(bytes),
            Report::Failure(_) => None,
        }
    }

    /// Reads an aggregate report with the aggregate reader; `None` for other kinds.
    pub fn read_aggregate(&self, options: &Options) -> Option<FileRead> {
        match &self.report {
            Report::Aggregate { bytes, .. } => {
                Some(aggregate::read_file(&self.name, bytes, options))
            }
            _ => None,
        }
    }
}

/// A message or an attachment that is not a report, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub mail: Mail,
    /// The MIME part; `None` for the message as a whole.
    pub part: Option<String>,
    /// The attachment's file name.
    pub name: Option<String>,
    pub reason: String,
}

/// Everything found in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    pub name: String,
    /// `None` when the file is neither (`mail-not-mail`).
    pub container: Option<Container>,
    pub size: u64,
    /// Messages read.
    pub messages: usize,
    pub items: Vec<Item>,
    pub skipped: Vec<Skip>,
    /// About the file: not mail, limits reached, and each message's damage (prefixed with the
    /// message, spans into the file).
    pub findings: Vec<Finding>,
    /// False when a limit stopped the reading before the end.
    pub complete: bool,
}

impl Found {
    /// The aggregate reports found.
    pub fn aggregate(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| matches!(i.report, Report::Aggregate { .. }))
    }

    /// The TLS reports found.
    pub fn tls(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| matches!(i.report, Report::TlsRpt { .. }))
    }

    /// The failure reports found.
    pub fn failure(&self) -> impl Iterator<Item = (&Item, &FailureReport)> {
        self.items.iter().filter_map(|i| match &i.report {
            Report::Failure(r) => Some((i, r.as_ref())),
            _ => None,
        })
    }
}

/// What to do with one attachment.
enum Verdict {
    Report(Report),
    Skip(String),
    TooLarge(String),
}

/// What a file given on its own is.
#[derive(Debug, Clone, PartialEq)]
pub enum FileKind {
    /// A report file: an aggregate report (XML, gzip, zip) or a TLS report (JSON, gzip), told as
    /// an attachment is told.
    Report(Report),
    /// An `.eml` or an `.mbox`: for [`find_reports`].
    Mail,
    /// Neither, and why.
    Other(String),
}

/// Tells what a file is by its content, never its name: mail for [`find_reports`] (an mbox
/// `From ` line, or a header field first), else a report file as [`find_reports`] would take it
/// as an attachment. The bytes are copied into the [`Report`] only when it is one.
pub fn classify_file(bytes: &[u8], limits: &Limits) -> FileKind {
    if mbox::is_mbox(bytes) || crate::message::input::plain(bytes) {
        return FileKind::Mail;
    }
    let state = State {
        limits,
        attachments: 0,
        found_bytes: 0,
        stop: false,
    };
    match state.classify("application/octet-stream", bytes) {
        Verdict::Report(r) => FileKind::Report(r),
        Verdict::Skip(why) | Verdict::TooLarge(why) => FileKind::Other(why),
    }
}

/// Finds every report in an `.eml` or an `.mbox` (told by its first line, not its `name`):
/// each attachment that is an aggregate report (XML, gzip, zip, by their first bytes), a TLS
/// report, and each failure report, with the mail it came in. Everything else is listed in
/// [`Found::skipped`] with a reason. Past a limit of [`Limits`], reading stops and a finding says
/// which. Never panics.
pub fn find_reports(name: &str, bytes: &[u8], limits: &Limits) -> Found {
    let mut found = Found {
        name: name.to_string(),
        container: None,
        size: bytes.len() as u64,
        messages: 0,
        items: Vec::new(),
        skipped: Vec::new(),
        findings: Vec::new(),
        complete: true,
    };
    if bytes.len() as u64 > limits.max_input_bytes {
        found.complete = false;
        found.findings.push(Code::TooLarge.finding(format!(
            "the file is {} bytes, more than the {} allowed (max_input_bytes)",
            bytes.len(),
            limits.max_input_bytes
        )));
        return found;
    }
    let mut state = State {
        limits,
        attachments: 0,
        found_bytes: 0,
        stop: false,
    };
    if mbox::is_mbox(bytes) {
        found.container = Some(Container::Mbox);
        for m in mbox::messages(bytes) {
            if m.index >= limits.max_messages {
                found.complete = false;
                found.findings.push(Code::TooManyMessages.finding(format!(
                    "more than {} messages (max_messages): reading stopped at byte {}",
                    limits.max_messages, m.offset
                )));
                break;
            }
            let base = (m.unescaped == 0).then_some(m.start);
            state.message(&mut found, &m.bytes, m.index, m.offset, base);
            if state.stop {
                break;
            }
        }
    } else if crate::message::input::plain(bytes) {
        found.container = Some(Container::Eml);
        state.message(&mut found, bytes, 0, 0, Some(0));
    } else {
        let what = match crate::message::input::message_text(bytes) {
            Err(e) => e.to_string(),
            Ok(_) => "the text does not start with a header field nor a \"From \" line".to_string(),
        };
        found.findings.push(Code::NotMail.finding(what));
        return found;
    }
    if state.stop {
        found.complete = false;
    }
    if found.items.is_empty() {
        found.findings.push(Code::NoReport.finding(format!(
            "{} message(s) read, {} skipped: none holds a report",
            found.messages,
            found.skipped.len()
        )));
    }
    found
}

struct State<'l> {
    limits: &'l Limits,
    attachments: usize,
    found_bytes: u64,
    stop: bool,
}

fn mail_of(tree: &Tree, index: usize, offset: usize) -> Mail {
    let h = &tree.root.header;
    Mail {
        index,
        offset,
        subject: h.text("subject"),
        from: h.text("from"),
        date: h.get("date").map(str::to_string),
        message_id: h.get("message-id").map(str::to_string),
    }
}

fn is_failure_container(e: &Entity) -> bool {
    matches!(
        e.mime_type(),
        "multipart/report" | "message/feedback-report"
    ) && (e.mime_type() == "message/feedback-report"
        || e.content_type
            .param("report-type")
            .is_some_and(|t| t.eq_ignore_ascii_case("feedback-report")))
}

/// Whether a text leaf has a line that starts a feedback report written as text.
fn has_field_lines(e: &Entity) -> bool {
    e.mime_type().starts_with("text/")
        && e.leaf().is_some_and(|b| {
            b.split(|c| *c == b'\n').any(|l| {
                let l = l.trim_ascii_start();
                l.len() > 14 && l[..14].eq_ignore_ascii_case(b"feedback-type:")
            })
        })
}

impl State<'_> {
    fn message(
        &mut self,
        found: &mut Found,
        bytes: &[u8],
        index: usize,
        offset: usize,
        base: Option<usize>,
    ) {
        found.messages += 1;
        let tree = mime::parse(bytes, &self.limits.mime);
        let mail = mail_of(&tree, index, offset);
        for f in &tree.findings {
            let mut f = f.clone();
            f.message = format!("message {index}: {}", f.message);
            f.span = match (f.span, base) {
                (Some(s), Some(b)) => Some(crate::diag::Span::new(s.start + b, s.end + b)),
                _ => None,
            };
            found.findings.push(f);
        }
        let before = found.items.len();
        let all = tree.root.all();
        // A failure report is the message itself (or a message forwarded in it): its parts,
        // the original's attachments among them, are not looked at one by one.
        if all.iter().any(|e| is_failure_container(e)) || all.iter().any(|e| has_field_lines(e)) {
            let report = failure::from_tree(&tree);
            if report.is_read() {
                let size = bytes.len() as u64;
                if !self.take(found, size) {
                    return;
                }
                found.items.push(Item {
                    mail: mail.clone(),
                    part: String::new(),
                    name: format!("message-{index}.eml"),
                    content_type: tree
                        .root
                        .header
                        .get("content-type")
                        .unwrap_or("text/plain")
                        .to_string(),
                    report: Report::Failure(Box::new(report)),
                    findings: tree.findings.clone(),
                });
                return;
            }
        }
        for e in all {
            let Some(body) = e.leaf() else { continue };
            let candidate = e.is_attachment()
                || matches!(e.mime_type(), "text/xml" | "text/json" | "application/xml");
            if !candidate {
                continue;
            }
            self.attachments += 1;
            if self.attachments > self.limits.max_attachments {
                self.stop = true;
                found.findings.push(Code::TooManyAttachments.finding(format!(
                    "more than {} attachments (max_attachments): reading stopped at message {index}",
                    self.limits.max_attachments
                )));
                return;
            }
            let skip = |reason: String| Skip {
                mail: mail.clone(),
                part: Some(e.path.clone()),
                name: e.filename.clone(),
                reason,
            };
            if body.len() as u64 > self.limits.max_decoded_bytes {
                let why = format!(
                    "{} bytes decoded, more than the {} allowed (max_decoded_bytes)",
                    body.len(),
                    self.limits.max_decoded_bytes
                );
                found.findings.push(
                    Code::TooLarge.finding(format!("message {index}, part {}: {why}", e.path)),
                );
                found.skipped.push(skip(why));
                continue;
            }
            match self.classify(e.mime_type(), body) {
                Verdict::Report(report) => {
                    if !self.take(found, body.len() as u64) {
                        return;
                    }
                    found.items.push(Item {
                        mail: mail.clone(),
                        part: e.path.clone(),
                        name: e
                            .filename
                            .clone()
                            .unwrap_or_else(|| format!("message-{index}-part-{}", e.path)),
                        content_type: e
                            .header
                            .get("content-type")
                            .unwrap_or(e.mime_type())
                            .to_string(),
                        report,
                        findings: tree.findings.clone(),
                    });
                }
                Verdict::Skip(reason) => found.skipped.push(skip(reason)),
                Verdict::TooLarge(why) => {
                    found.findings.push(
                        Code::TooLarge.finding(format!("message {index}, part {}: {why}", e.path)),
                    );
                    found.skipped.push(skip(why));
                }
            }
        }
        if found.items.len() == before {
            let leaves = tree
                .root
                .all()
                .iter()
                .filter(|e| e.leaf().is_some())
                .count();
            found.skipped.push(Skip {
                mail,
                part: None,
                name: None,
                reason: format!(
                    "no report in it ({leaves} part(s), {}): not a failure report, no report attached",
                    tree.root.mime_type()
                ),
            });
        }
    }

    /// Counts `size` against [`Limits::max_found_bytes`]; false (and stop) past it.
    fn take(&mut self, found: &mut Found, size: u64) -> bool {
        self.found_bytes += size;
        if self.found_bytes > self.limits.max_found_bytes {
            self.stop = true;
            found.findings.push(Code::TooLarge.finding(format!(
                "the reports found pass {} bytes together (max_found_bytes): reading stopped",
                self.limits.max_found_bytes
            )));
            return false;
        }
        true
    }

    fn classify(&self, ty: &str, body: &[u8]) -> Verdict {
        let gz = body.starts_with(&[0x1f, 0x8b]);
        if ty == "application/tlsrpt+json" || ty == "application/tlsrpt+gzip" {
            return Verdict::Report(Report::TlsRpt {
                gzip: gz,
                bytes: body.to_vec(),
            });
        }
        if gz {
            return self.gzip(body);
        }
        if body.starts_with(b"PK\x03\x04") || body.starts_with(b"PK\x05\x06") {
            return match crate::aggregate::archive::entries(body, self.limits.max_zip_entries) {
                Ok(entries) if entries.iter().any(|en| is_report_entry(&en.name)) => {
                    Verdict::Report(Report::Aggregate {
                        format: Format::Zip,
                        bytes: body.to_vec(),
                    })
                }
                Ok(_) => Verdict::Skip("a zip archive with no .xml file at its top".to_string()),
                Err(why) => Verdict::Skip(why),
            };
        }
        let text = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        match text.iter().find(|c| !c.is_ascii_whitespace()) {
            Some(b'<') if is_feedback_xml(text) => Verdict::Report(Report::Aggregate {
                format: Format::Xml,
                bytes: body.to_vec(),
            }),
            Some(b'{') if is_tlsrpt_json(text) => Verdict::Report(Report::TlsRpt {
                gzip: false,
                bytes: body.to_vec(),
            }),
            Some(b'{') => Verdict::Skip(
                "JSON that is not a TLS report (no organization-name and policies)".to_string(),
            ),
            Some(b'<') => Verdict::Skip(format!(
                "{ty}: XML or HTML that is not an aggregate report (no <feedback>)"
            )),
            _ => Verdict::Skip(format!("{ty}: not a report")),
        }
    }

    /// A gzip attachment: an aggregate report when it inflates to XML, a TLS report when to its
    /// JSON; inflated within [`Limits::max_decoded_bytes`] and the compression ratio.
    fn gzip(&self, body: &[u8]) -> Verdict {
        let cap = (body.len() as u64)
            .saturating_mul(self.limits.max_compression_ratio)
            .min(self.limits.max_decoded_bytes);
        let mut inflate = flate2::bufread::MultiGzDecoder::new(body).take(cap.saturating_add(1));
        let mut head = vec![0u8; 512];
        let mut got = 0;
        while got < head.len() {
            match inflate.read(&mut head[got..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        head.truncate(got);
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
        match text.iter().find(|c| !c.is_ascii_whitespace()) {
            Some(b'<') => Verdict::Report(Report::Aggregate {
                format: Format::Gzip,
                bytes: body.to_vec(),
            }),
            Some(b'{') => {
                let mut json = head;
                if inflate.read_to_end(&mut json).is_err() {
                    return Verdict::Skip("a gzip stream that breaks off".to_string());
                }
                if json.len() as u64 > cap {
                    return Verdict::TooLarge(format!(
                        "the gzip attachment inflates past {cap} bytes (max_decoded_bytes, or {} times its size: max_compression_ratio)",
                        self.limits.max_compression_ratio
                    ));
                }
                if is_tlsrpt_json(&json) {
                    Verdict::Report(Report::TlsRpt {
                        gzip: true,
                        bytes: body.to_vec(),
                    })
                } else {
                    Verdict::Skip("gzip of JSON that is not a TLS report".to_string())
                }
            }
            None => {
                Verdict::Skip("a gzip stream that inflates to nothing or is broken".to_string())
            }
            Some(_) => Verdict::Skip("gzip of something that is neither XML nor JSON".to_string()),
        }
    }
}

/// A zip entry that can be a report: an `.xml` at the top of the archive (an Office document
/// keeps its XML in folders, beside `[Content_Types].xml`).
fn is_report_entry(name: &str) -> bool {
    !name.contains('/')
        && name.len() > 4
        && name[name.len() - 4..].eq_ignore_ascii_case(".xml")
        && name != "[Content_Types].xml"
}

/// XML whose root is `<feedback>` (with or without a prefix), looked for in its first 8 KB.
fn is_feedback_xml(text: &[u8]) -> bool {
    let head = &text[..text.len().min(8192)];
    memchr::memmem::find_iter(head, b"feedback")
        .any(|at| at > 0 && matches!(head[at - 1], b'<' | b':'))
}

/// JSON with `organization-name` and `policies` at its top (RFC 8460 §4.3).
fn is_tlsrpt_json(json: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "organization-name")]
        organization: Option<serde::de::IgnoredAny>,
        policies: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_slice::<Probe>(json)
        .is_ok_and(|p| p.organization.is_some() && p.policies.is_some())
}

#[cfg(test)]
#[path = "reports_tests.rs"]
mod tests;
