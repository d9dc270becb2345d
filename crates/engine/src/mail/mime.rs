//! The MIME tree of a message (RFC 2045, RFC 2046): multipart bodies split at their boundaries,
//! enclosed messages (`message/rfc822`) read as messages, and every leaf's body decoded from its
//! Content-Transfer-Encoding.
//!
//! Read the way mail arrives: CRLF or bare LF, a boundary that never closes (the last part runs
//! to the end, and a finding says so), base64 damaged in transit (decoded all the same, the
//! damage counted). Depth and part count are capped ([`MimeLimits`]), so a message nested a
//! thousand deep or split in a million parts costs no more than the caps allow. Never panics.
//!
//! ```abnf
//! ; RFC 2046 §5.1.1
//! multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part
//!                   *encapsulation close-delimiter transport-padding [CRLF epilogue]
//! encapsulation  := delimiter transport-padding CRLF body-part
//! delimiter      := CRLF dash-boundary
//! dash-boundary  := "--" boundary
//! close-delimiter := delimiter "--"
//! ```

use std::ops::Range;

use serde::Serialize;

use super::codes::Code;
use super::decode::{self, Damage};
use super::header::{self, Header, Structured};
use crate::diag::{Finding, Severity, Span};

/// How deep and how wide one message's tree may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MimeLimits {
    /// Multiparts and enclosed messages inside one another. Real mail rarely passes 5 (a
    /// forwarded report inside a forwarded message); the cap keeps recursion small.
    pub max_depth: usize,
    /// Entities (parts, leaves and containers) in one message.
    pub max_parts: usize,
}

impl Default for MimeLimits {
    fn default() -> MimeLimits {
        MimeLimits {
            max_depth: 20,
            max_parts: 1000,
        }
    }
}

/// Content-Transfer-Encoding (RFC 2045 §6.1); absent means 7bit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransferEncoding {
    SevenBit,
    EightBit,
    Binary,
    QuotedPrintable,
    Base64,
    /// Anything else (`x-uuencode`): the body is kept as written.
    Other(String),
}

impl TransferEncoding {
    fn parse(v: Option<&str>) -> TransferEncoding {
        let v = v.unwrap_or("7bit").trim().to_ascii_lowercase();
        match v.as_str() {
            "" | "7bit" => TransferEncoding::SevenBit,
            "8bit" => TransferEncoding::EightBit,
            "binary" => TransferEncoding::Binary,
            "quoted-printable" => TransferEncoding::QuotedPrintable,
            "base64" => TransferEncoding::Base64,
            _ => TransferEncoding::Other(v),
        }
    }
}

/// What an entity holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Body {
    /// A leaf: its body decoded.
    Leaf {
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    /// `multipart/*`: its parts in order; `closed` is false when the close delimiter never came.
    Multipart { parts: Vec<Entity>, closed: bool },
    /// `message/rfc822` or `message/global`: the enclosed message as bytes (decoded, should it be
    /// base64, which RFC 2046 §5.2.1 forbids and gateways do), and its own tree.
    Message {
        #[serde(skip)]
        raw: Vec<u8>,
        inner: Box<Entity>,
    },
    /// Not read: past [`MimeLimits::max_depth`] or [`MimeLimits::max_parts`].
    NotRead,
}

/// One entity of the tree: a message, a part, or a message enclosed in a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Where it is in the tree: `""` for the message, `"2"` for its second part, `"2.1"` for the
    /// first part of that (an enclosed message's own root keeps its part's path).
    pub path: String,
    /// How many multiparts and enclosed messages contain it.
    pub depth: usize,
    pub header: Header,
    /// Content-Type, or its default (RFC 2045 §5.2: `text/plain`; `message/rfc822` in a
    /// `multipart/digest`, RFC 2046 §5.1.5).
    pub content_type: Structured,
    /// Content-Disposition (RFC 2183), when written.
    pub disposition: Option<Structured>,
    /// The file name: Content-Disposition `filename`, else Content-Type `name` (RFC 2045 §5.1's
    /// older way, still written).
    pub filename: Option<String>,
    pub encoding: TransferEncoding,
    pub body: Body,
    /// Where the entity starts in the bytes given to [`parse`]; `None` inside an enclosed message
    /// that had to be decoded first.
    pub offset: Option<usize>,
}

impl Entity {
    /// `type/subtype`, lower case.
    pub fn mime_type(&self) -> &str {
        &self.content_type.value
    }

    /// The decoded body of a leaf; `None` for containers and parts not read.
    pub fn leaf(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Leaf { bytes } => Some(bytes),
            _ => None,
        }
    }

    /// Whether the part is meant as a file rather than text to show: a disposition of
    /// `attachment`, a file name, or a type that is not text (RFC 2183 §2.2).
    pub fn is_attachment(&self) -> bool {
        self.disposition
            .as_ref()
            .is_some_and(|d| d.value == "attachment")
            || self.filename.is_some()
            || !(self.mime_type().starts_with("text/")
                || self.mime_type().starts_with("multipart/"))
    }

    /// This entity and every one below it, depth first, in the order written (enclosed messages
    /// included).
    pub fn all(&self) -> Vec<&Entity> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            out.push(e);
            match &e.body {
                Body::Multipart { parts, .. } => stack.extend(parts.iter().rev()),
                Body::Message { inner, .. } => stack.push(inner),
                Body::Leaf { .. } | Body::NotRead => {}
            }
        }
        out
    }
}

/// A message's tree and what reading it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tree {
    pub root: Entity,
    /// Entities read.
    pub parts: usize,
    /// `mail-*` findings: damaged encodings, boundaries that never close, limits reached.
    pub findings: Vec<Finding>,
    /// False when a limit stopped the walk or a boundary never closed.
    pub complete: bool,
}

/// Reads the MIME tree of the message in `bytes`.
pub fn parse(bytes: &[u8], limits: &MimeLimits) -> Tree {
    let mut w = Walker {
        limits: *limits,
        parts: 0,
        findings: Vec::new(),
        complete: true,
        too_deep: false,
        too_many: false,
    };
    let root = w.entity(bytes, Some(0), String::new(), 0, "text/plain");
    Tree {
        root,
        parts: w.parts,
        findings: w.findings,
        complete: w.complete,
    }
}

struct Walker {
    limits: MimeLimits,
    parts: usize,
    findings: Vec<Finding>,
    complete: bool,
    too_deep: bool,
    too_many: bool,
}

fn child_path(path: &str, n: usize) -> String {
    if path.is_empty() {
        n.to_string()
    } else {
        format!("{path}.{n}")
    }
}

fn span(origin: Option<usize>, r: Range<usize>) -> Option<Span> {
    origin.map(|o| Span::new(o + r.start, o + r.end))
}

impl Walker {
    fn note(&mut self, f: Finding, at: Option<Span>) {
        self.findings.push(match at {
            Some(s) => f.at(s),
            None => f,
        });
    }

    fn entity(
        &mut self,
        bytes: &[u8],
        origin: Option<usize>,
        path: String,
        depth: usize,
        default_type: &str,
    ) -> Entity {
        let header = header::read(bytes);
        let mut content_type = header
            .get("content-type")
            .map(header::structured)
            .unwrap_or_default();
        if !content_type.value.contains('/') {
            content_type.value = default_type.to_string();
        }
        let disposition = header.get("content-disposition").map(header::structured);
        let filename = disposition
            .as_ref()
            .and_then(|d| d.param("filename"))
            .or_else(|| content_type.param("name"))
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        let encoding = TransferEncoding::parse(header.get("content-transfer-encoding"));
        let body_at = header.body_start.min(bytes.len());
        let body = &bytes[body_at..];
        let body_origin = origin.map(|o| o + body_at);
        let mut e = Entity {
            path,
            depth,
            header,
            content_type,
            disposition,
            filename,
            encoding,
            body: Body::NotRead,
            offset: origin,
        };
        self.parts += 1;
        if self.parts > self.limits.max_parts {
            if !self.too_many {
                self.too_many = true;
                self.complete = false;
                self.note(
                    Code::TooManyParts.finding(format!(
                        "more than {} MIME parts in one message (max_parts): the rest were not read",
                        self.limits.max_parts
                    )),
                    span(origin, 0..bytes.len()),
                );
            }
            return e;
        }
        let ty = e.content_type.value.clone();
        let nests =
            ty.starts_with("multipart/") || ty == "message/rfc822" || ty == "message/global";
        if nests && depth >= self.limits.max_depth {
            if !self.too_deep {
                self.too_deep = true;
                self.complete = false;
                self.note(
                    Code::TooDeep.finding(format!(
                        "parts nested more than {} deep (max_depth) at part {}: what is inside was not read",
                        self.limits.max_depth,
                        if e.path.is_empty() { "(the message)" } else { &e.path }
                    )),
                    span(origin, 0..bytes.len()),
                );
            }
            return e;
        }
        if ty.starts_with("multipart/") {
            let boundary = e.content_type.param("boundary").map(str::to_string);
            let split = boundary
                .as_deref()
                .filter(|b| !b.is_empty())
                .map(|b| split(body, b.as_bytes()));
            match split {
                Some(s) if !s.parts.is_empty() => {
                    if !s.closed {
                        self.complete = false;
                        self.note(
                            Code::BoundaryUnclosed.finding(format!(
                                "the multipart {} never closes its boundary \"--{}--\": its last part was read to the end of the message",
                                if e.path.is_empty() { "body" } else { &e.path },
                                boundary.as_deref().unwrap_or_default()
                            )),
                            span(body_origin, 0..body.len()),
                        );
                    }
                    let child_type = if ty == "multipart/digest" {
                        "message/rfc822"
                    } else {
                        "text/plain"
                    };
                    let mut parts = Vec::with_capacity(s.parts.len());
                    for (n, r) in s.parts.into_iter().enumerate() {
                        let child = self.entity(
                            &body[r.clone()],
                            body_origin.map(|o| o + r.start),
                            child_path(&e.path, n + 1),
                            depth + 1,
                            child_type,
                        );
                        parts.push(child);
                        if self.too_many {
                            break;
                        }
                    }
                    e.body = Body::Multipart {
                        parts,
                        closed: s.closed,
                    };
                    return e;
                }
                _ => {
                    self.note(
                        Code::BoundaryMissing.finding(match &boundary {
                            None => format!("{} has no boundary parameter: its body was read as one part", e.mime_type()),
                            Some(b) => format!("{} names the boundary \"{b}\" but no line \"--{b}\" follows: its body was read as one part", e.mime_type()),
                        }),
                        span(body_origin, 0..body.len()),
                    );
                }
            }
        }
        let (decoded, decoded_origin) = self.decode(&e.encoding, body, body_origin);
        if ty == "message/rfc822" || ty == "message/global" {
            let inner = self.entity(
                &decoded,
                decoded_origin,
                e.path.clone(),
                depth + 1,
                "text/plain",
            );
            e.body = Body::Message {
                raw: decoded,
                inner: Box::new(inner),
            };
        } else {
            e.body = Body::Leaf { bytes: decoded };
        }
        e
    }

    /// The body decoded; the origin of the result when it is the body as written.
    fn decode(
        &mut self,
        encoding: &TransferEncoding,
        body: &[u8],
        origin: Option<usize>,
    ) -> (Vec<u8>, Option<usize>) {
        let report = |w: &mut Walker, code: Code, what: &str, damage: &Damage| {
            if damage.is_clean() {
                return;
            }
            let sev = if damage.alters_content() {
                code.severity()
            } else {
                Severity::Info
            };
            let mut msg = damage.describe(what);
            if !damage.alters_content() {
                msg.push_str(": the content decodes whole all the same");
            }
            let at = damage.first_junk_at.unwrap_or(0);
            w.note(code.finding_as(sev, msg), span(origin, at..body.len()));
        };
        match encoding {
            TransferEncoding::Base64 => {
                let (out, damage) = decode::base64(body);
                report(self, Code::Base64Damaged, "base64", &damage);
                (out, None)
            }
            TransferEncoding::QuotedPrintable => {
                let (out, damage) = decode::quoted_printable(body);
                report(
                    self,
                    Code::QuotedPrintableDamaged,
                    "quoted-printable",
                    &damage,
                );
                (out, None)
            }
            TransferEncoding::Other(name) => {
                self.note(
                    Code::EncodingUnknown.finding(format!(
                        "Content-Transfer-Encoding \"{name}\" is not one of RFC 2045's: the body was kept as written"
                    )),
                    span(origin, 0..body.len()),
                );
                (body.to_vec(), origin)
            }
            _ => (body.to_vec(), origin),
        }
    }
}

/// A multipart body's parts, as ranges into it.
struct Split {
    parts: Vec<Range<usize>>,
    closed: bool,
}

/// Splits `body` at the delimiter lines of `boundary` (RFC 2046 §5.1.1): a line that starts with
/// `--boundary`, followed by white space only (transport padding) or by `--` (the close
/// delimiter). The line end before a delimiter belongs to it. Linear: one pass of a substring
/// search.
fn split(body: &[u8], boundary: &[u8]) -> Split {
    let mut dash = Vec::with_capacity(boundary.len() + 2);
    dash.extend_from_slice(b"--");
    dash.extend_from_slice(boundary);
    let finder = memchr::memmem::Finder::new(&dash);
    let mut parts = Vec::new();
    let mut open: Option<usize> = None;
    let mut from = 0;
    while let Some(p) = finder.find(&body[from..]) {
        let at = from + p;
        from = at + dash.len();
        if at > 0 && body[at - 1] != b'\n' {
            continue;
        }
        let (line_end, next) = header::line_at(body, at);
        let rest = &body[at + dash.len()..line_end.max(at + dash.len())];
        let close = rest.starts_with(b"--");
        if !close && !rest.iter().all(|b| matches!(b, b' ' | b'\t')) {
            continue;
        }
        if let Some(start) = open.take() {
            // The CRLF (or LF) before the delimiter is part of it.
            let mut end = at.max(start);
            if end > start && body[end - 1] == b'\n' {
                end -= 1;
                if end > start && body[end - 1] == b'\r' {
                    end -= 1;
                }
            }
            parts.push(start..end);
        }
        if close {
            return Split {
                parts,
                closed: true,
            };
        }
        open = Some(next);
        from = from.max(next);
    }
    if let Some(start) = open {
        parts.push(start..body.len());
    }
    Split {
        parts,
        closed: false,
    }
}

#[cfg(test)]
#[path = "mime_tests.rs"]
mod tests;
