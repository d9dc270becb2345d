//! DMARC failure reports (RFC 9991) and the other authentication failure reports (RFC 6591):
//! messages in the Abuse Reporting Format (ARF, RFC 5965), read from bytes.
//!
//! A report is a `multipart/report; report-type=feedback-report` (RFC 5965 §2) with three parts:
//! a human-readable text, the `message/feedback-report` fields, and the message that failed
//! (`message/rfc822`, or only its header as `text/rfc822-headers`). [`read`] takes a message as
//! bytes and returns every field in order with its explanation ([`FieldName::entry`]; a field
//! this reader does not know is kept as written), and the enclosed original as bytes, for the
//! message check ([`crate::message::parse`]) to judge.
//!
//! Gateways also send the fields as plain text in the body, or the parts without the
//! multipart/report around them: those are read as far as they go, [`FailureReport::form`] says
//! which shape was met and [`FailureReport::lacks`] what is missing. Nothing panics on input.

pub mod codes;
pub mod fields;

use std::net::IpAddr;

use serde::Serialize;

pub use codes::Code;
pub use fields::FieldName;

use crate::diag::Finding;
use crate::explain::Entry;
use crate::mail::header;
use crate::mail::mime::{self, Body, Entity, MimeLimits, Tree};

/// The shape the report came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// `multipart/report; report-type=feedback-report`, as RFC 5965 §2 lays out.
    Arf,
    /// A `message/feedback-report` part, but no multipart/report around it.
    Loose,
    /// The fields as lines of the message's text.
    PlainText,
}

/// How the original message came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OriginalKind {
    /// `message/rfc822`: the whole message (or as much as the reporter kept).
    Message,
    /// `text/rfc822-headers`: its header only (RFC 6591 §3 allows it for privacy).
    Headers,
    /// Header lines found in the report's text, after the fields.
    Inline,
}

/// The message that failed, enclosed in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Original {
    pub kind: OriginalKind,
    /// The enclosed message as bytes (decoded from its transfer encoding), for the message check.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub size: usize,
    /// False when the report was cut inside it (its multipart never closed, or its header has no
    /// end).
    pub complete: bool,
}

/// What a report lacks of the RFC 5965 shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "lacks", content = "field")]
pub enum Lack {
    /// No `multipart/report; report-type=feedback-report` around the parts.
    MultipartReport,
    /// No `message/feedback-report` part: the fields were read from text.
    FeedbackPart,
    /// No original message, nor its header.
    Original,
    /// A required field.
    Field(FieldName),
}

/// One field of the feedback report, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The name as written.
    pub name: String,
    /// The value, unfolded.
    pub value: String,
    /// The field, when this reader knows it; `None` keeps an extension as written.
    pub known: Option<FieldName>,
}

impl Field {
    /// The explanation of the field, when it is known.
    pub fn entry(&self) -> Option<Entry> {
        self.known.map(FieldName::entry)
    }
}

/// One failure report, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureReport {
    /// `None` when no fields were found at all (`failure-report-unreadable`).
    pub form: Option<Form>,
    /// The human-readable part (RFC 5965 §2 b), as text.
    pub human: Option<String>,
    /// Every field, in order, known or not.
    pub fields: Vec<Field>,
    pub original: Option<Original>,
    /// What is missing of the RFC 5965 shape and its required fields.
    pub lacks: Vec<Lack>,
    /// `failure-report-*` findings, and the `mail-*` findings of reading the MIME structure.
    pub findings: Vec<Finding>,
}

impl FailureReport {
    /// The first value of a field.
    pub fn get(&self, name: FieldName) -> Option<&str> {
        self.all(name).next()
    }

    /// Every value of a field, in order (Authentication-Results and Original-Rcpt-To may repeat).
    pub fn all(&self, name: FieldName) -> impl Iterator<Item = &str> + '_ {
        self.fields
            .iter()
            .filter(move |f| f.known == Some(name))
            .map(|f| f.value.as_str())
    }

    /// Feedback-Type, lower case.
    pub fn feedback_type(&self) -> Option<String> {
        self.get(FieldName::FeedbackType)
            .map(|v| v.trim().to_ascii_lowercase())
    }

    /// Whether fields were found.
    pub fn is_read(&self) -> bool {
        self.form.is_some()
    }
}

/// Reads a failure report from a message as bytes (an `.eml`, or one message of a mailbox).
pub fn read(bytes: &[u8]) -> FailureReport {
    from_tree(&mime::parse(bytes, &MimeLimits::default()))
}

fn is_feedback_report(e: &Entity) -> bool {
    e.mime_type() == "multipart/report"
        && e.content_type
            .param("report-type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("feedback-report"))
}

fn text_of(e: &Entity) -> Option<String> {
    let bytes = e.leaf()?;
    let cs = e.content_type.param("charset").unwrap_or("utf-8");
    Some(header::charset_text(bytes, cs))
}

/// The original message in an entity: `message/rfc822` (`message/global`) or the header types.
fn original_of(e: &Entity, cut: bool) -> Option<Original> {
    let (kind, bytes, complete) = match (&e.body, e.mime_type()) {
        (Body::Message { raw, inner }, _) => (OriginalKind::Message, raw, inner.header.complete),
        (Body::Leaf { bytes }, "text/rfc822-headers" | "message/rfc822-headers") => {
            (OriginalKind::Headers, bytes, true)
        }
        _ => return None,
    };
    Some(Original {
        kind,
        size: bytes.len(),
        bytes: bytes.clone(),
        complete: complete && !cut,
    })
}

/// Reads a failure report from a MIME tree already parsed.
pub fn from_tree(tree: &Tree) -> FailureReport {
    let mut r = FailureReport {
        form: None,
        human: None,
        fields: Vec::new(),
        original: None,
        lacks: Vec::new(),
        findings: tree.findings.clone(),
    };
    let all = tree.root.all();
    let container = all.iter().find(|e| is_feedback_report(e));
    if let Some(c) = container {
        r.form = Some(Form::Arf);
        if let Body::Multipart { parts, closed } = &c.body {
            let last = parts.len().saturating_sub(1);
            for (n, p) in parts.iter().enumerate() {
                let cut = !closed && n == last;
                match p.mime_type() {
                    "message/feedback-report" if r.fields.is_empty() => {
                        if let Some(b) = p.leaf() {
                            r.fields = field_lines(b);
                        }
                    }
                    t if t.starts_with("text/") && r.human.is_none() && n == 0 => {
                        r.human = text_of(p);
                    }
                    _ => {
                        if r.original.is_none() {
                            r.original = original_of(p, cut);
                        }
                    }
                }
            }
        }
        if r.fields.is_empty() {
            // Some reporters put the fields in a text part of the report.
            r.lacks.push(Lack::FeedbackPart);
            if let Some(fields) = all
                .iter()
                .filter_map(|e| text_of(e))
                .map(|t| text_fields(&t).0)
                .find(|f| !f.is_empty())
            {
                r.fields = fields;
            }
        }
    } else if let Some(part) = all
        .iter()
        .find(|e| e.mime_type() == "message/feedback-report")
    {
        r.form = Some(Form::Loose);
        r.lacks.push(Lack::MultipartReport);
        r.fields = part.leaf().map(field_lines).unwrap_or_default();
        r.human = all
            .iter()
            .find(|e| e.mime_type() == "text/plain")
            .and_then(|e| text_of(e));
        r.original = all.iter().find_map(|e| original_of(e, false));
        let other = all
            .iter()
            .find(|e| e.mime_type() == "multipart/report")
            .and_then(|e| e.content_type.param("report-type").map(str::to_string));
        r.findings.push(Code::NotArf.finding(match other {
            Some(t) => format!("the message/feedback-report part is inside a multipart/report of report-type={t}, not feedback-report"),
            None => "a message/feedback-report part, but no multipart/report; report-type=feedback-report around it".to_string(),
        }));
    } else {
        // Plain text: the first text leaf with field lines.
        let found = all.iter().find_map(|e| {
            let text = text_of(e).filter(|_| e.mime_type().starts_with("text/"))?;
            let (fields, inline) = text_fields(&text);
            (!fields.is_empty()).then_some((text, fields, inline))
        });
        match found {
            Some((text, fields, inline)) => {
                r.form = Some(Form::PlainText);
                r.lacks.push(Lack::MultipartReport);
                r.lacks.push(Lack::FeedbackPart);
                r.fields = fields;
                r.human = Some(text.clone());
                r.original = all.iter().find_map(|e| original_of(e, false)).or_else(|| {
                    inline.map(|at| Original {
                        kind: OriginalKind::Inline,
                        size: text.len() - at,
                        bytes: text.as_bytes()[at..].to_vec(),
                        complete: header::read(&text.as_bytes()[at..]).complete,
                    })
                });
                r.findings.push(Code::PlainText.finding(
                    "no message/feedback-report part: the fields were read from the text of the message",
                ));
                if let Some(t) = all
                    .iter()
                    .find(|e| e.mime_type() == "multipart/report")
                    .and_then(|e| e.content_type.param("report-type"))
                {
                    r.findings.push(Code::NotArf.finding(format!(
                        "a multipart/report of report-type={t}, not feedback-report"
                    )));
                }
            }
            None => {
                let what = match all
                    .iter()
                    .find(|e| e.mime_type() == "multipart/report")
                    .and_then(|e| e.content_type.param("report-type"))
                {
                    Some(t) => {
                        r.findings.push(Code::NotArf.finding_as(
                            crate::diag::Severity::Error,
                            format!("a multipart/report of report-type={t} (a delivery status notification when delivery-status), not a feedback report"),
                        ));
                        "no feedback report fields in it".to_string()
                    }
                    None => "no message/feedback-report part and no Feedback-Type line in the text"
                        .to_string(),
                };
                r.findings.push(Code::Unreadable.finding(what));
                return r;
            }
        }
    }
    check(&mut r);
    r
}

/// The fields of a `message/feedback-report` body: header fields (RFC 5965 §3).
fn field_lines(bytes: &[u8]) -> Vec<Field> {
    header::read(bytes)
        .fields
        .into_iter()
        .map(|f| Field {
            known: FieldName::parse(&f.name),
            name: f.name,
            value: f.value,
        })
        .collect()
}

fn field_start(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then_some((name, value))
}

/// Fields written as lines of text, and where an inline original begins after them. The block
/// starts at the first line naming a known field (indentation allowed) and ends at the first
/// blank line after it; a line of another shape in it that starts with white space continues the
/// field above.
fn text_fields(text: &str) -> (Vec<Field>, Option<usize>) {
    let mut fields: Vec<Field> = Vec::new();
    let mut pos = 0;
    let mut end = None;
    for line in text.split_inclusive('\n') {
        let at = pos;
        pos += line.len();
        let l = line.trim_end_matches(['\r', '\n']);
        let t = l.trim_start();
        if fields.is_empty() {
            if let Some((name, value)) = field_start(t) {
                if let Some(k @ (FieldName::FeedbackType | FieldName::AuthFailure)) =
                    FieldName::parse(name)
                {
                    fields.push(Field {
                        name: name.to_string(),
                        value: value.trim().to_string(),
                        known: Some(k),
                    });
                }
            }
            continue;
        }
        if t.is_empty() {
            end = Some(pos);
            break;
        }
        match field_start(t) {
            Some((name, value))
                if !(l.starts_with([' ', '\t']) && FieldName::parse(name).is_none()) =>
            {
                fields.push(Field {
                    name: name.to_string(),
                    value: value.trim().to_string(),
                    known: FieldName::parse(name),
                })
            }
            _ => {
                if let Some(f) = fields.last_mut() {
                    f.value.push(' ');
                    f.value.push_str(t);
                }
            }
        }
        let _ = at;
    }
    // The original's header: the first run of field lines after the block that has a From.
    let inline = end.and_then(|from| {
        let mut pos = from;
        let mut start: Option<usize> = None;
        let mut has_from = false;
        for line in text[from..].split_inclusive('\n') {
            let at = pos;
            pos += line.len();
            let l = line.trim_end_matches(['\r', '\n']);
            match field_start(l) {
                Some((name, _)) => {
                    start.get_or_insert(at);
                    has_from |= name.eq_ignore_ascii_case("from");
                }
                None if start.is_some() && l.starts_with([' ', '\t']) => {}
                None => {
                    if has_from {
                        break;
                    }
                    start = None;
                }
            }
        }
        start.filter(|_| has_from)
    });
    (fields, inline)
}

/// The RFC 5965 §3 rules: required fields, fields written once, values from the registries.
fn check(r: &mut FailureReport) {
    let mut required = vec![
        FieldName::FeedbackType,
        FieldName::UserAgent,
        FieldName::Version,
    ];
    let feedback = r.feedback_type();
    if feedback.as_deref() == Some("auth-failure") {
        required.push(FieldName::AuthFailure);
        if r.get(FieldName::AuthFailure)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("dmarc"))
        {
            required.push(FieldName::IdentityAlignment);
        }
    } else if let Some(t) = &feedback {
        r.findings.push(Code::NotAuthFailure.finding(format!(
            "Feedback-Type: {t}: a report of another kind than an authentication failure"
        )));
    }
    for f in required {
        if r.get(f).is_none() {
            r.lacks.push(Lack::Field(f));
            r.findings
                .push(Code::MissingField.finding(format!("no {} field", f.as_str())));
        }
    }
    let mut seen: Vec<FieldName> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for f in &r.fields {
        let Some(k) = f.known else {
            if !unknown.iter().any(|u| u.eq_ignore_ascii_case(&f.name)) {
                unknown.push(f.name.clone());
            }
            continue;
        };
        if seen.contains(&k) {
            if k.once() {
                r.findings.push(Code::DuplicateField.finding(format!(
                    "{} appears more than once; the first is used",
                    k.as_str()
                )));
            }
            continue;
        }
        seen.push(k);
        if let Some(why) = bad_value(k, &f.value) {
            r.findings
                .push(Code::BadValue.finding(format!("{}: {:?} {why}", k.as_str(), f.value)));
        }
    }
    if !unknown.is_empty() {
        r.findings
            .push(Code::UnknownField.finding(format!("kept as written: {}", unknown.join(", "))));
    }
    match &r.original {
        None => {
            r.lacks.push(Lack::Original);
            r.findings.push(Code::NoOriginal.finding(
                "no message/rfc822 or text/rfc822-headers part, nor the original's header in the text",
            ));
        }
        Some(o) => {
            if o.kind == OriginalKind::Headers {
                r.findings.push(
                    Code::HeadersOnly
                        .finding("the original is text/rfc822-headers: its header only, no body"),
                );
            }
            if !o.complete {
                r.findings.push(Code::Truncated.finding(format!(
                    "the enclosed original ({} bytes) is cut: the report ends inside it",
                    o.size
                )));
            }
        }
    }
}

/// Why a value is not one the RFCs allow, if it is not.
fn bad_value(k: FieldName, value: &str) -> Option<String> {
    let v = value.trim();
    if let Some(allowed) = k.allowed() {
        return (!allowed.iter().any(|a| a.eq_ignore_ascii_case(v)))
            .then(|| format!("is not one of {}", allowed.join(", ")));
    }
    match k {
        FieldName::Incidents => (v.parse::<u64>().is_err()).then(|| "is not a count".to_string()),
        FieldName::SourceIp => {
            (v.parse::<IpAddr>().is_err()).then(|| "is not an IPv4 or IPv6 address".to_string())
        }
        FieldName::IdentityAlignment => {
            let words: Vec<String> = v
                .split(',')
                .map(|w| w.trim().to_ascii_lowercase())
                .collect();
            let ok = words == ["none"]
                || (words.iter().all(|w| w == "dkim" || w == "spf")
                    && !(words.len() == 2 && words[0] == words[1])
                    && words.len() <= 2);
            (!ok).then(|| "is not none, or dkim and spf each at most once".to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
