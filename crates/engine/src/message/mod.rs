//! A pasted message or header block (RFC 5322), kept byte for byte for DKIM.

pub mod address;
pub mod authres;
pub mod check;
pub mod codes;
pub mod date;
pub mod input;
pub mod msg;
pub mod received;
pub mod requirements;
mod verdict;

use crate::message::codes::Code as MessageCode;
use serde::Serialize;

use crate::diag::{Finding, Span};

/// Text with the same byte offsets as `bytes`: each octet that is not UTF-8 becomes `?`, so spans
/// into the text are spans into the field.
pub fn same_offsets_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                out.extend(std::iter::repeat_n('?', skip));
                rest = bad.get(skip..).unwrap_or_default();
            }
        }
    }
    out
}

/// One header field exactly as it arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    /// The field name as written.
    pub name: String,
    /// The whole field: name, colon, value with its folding CRLFs, without the final CRLF.
    #[serde(skip)]
    pub raw: Vec<u8>,
    /// Where the field is in [`Message::raw`].
    pub span: Span,
}

impl Header {
    /// The value after the colon, as bytes, folding kept.
    pub fn raw_value(&self) -> &[u8] {
        let colon = self
            .raw
            .iter()
            .position(|b| *b == b':')
            .unwrap_or(self.raw.len());
        &self.raw[(colon + 1).min(self.raw.len())..]
    }

    /// The value unfolded (RFC 5322 §2.2.3): CRLFs before whitespace removed, trimmed.
    pub fn value(&self) -> String {
        let v = String::from_utf8_lossy(self.raw_value()).replace("\r\n", "");
        v.trim().to_string()
    }

    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// A message: its headers in order and, unless only headers were given, its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The input with line endings made CRLF.
    #[serde(skip)]
    pub raw: Vec<u8>,
    pub headers: Vec<Header>,
    /// Where the body starts in `raw`; `None` when the input had no blank line after the
    /// headers: headers only.
    #[serde(skip)]
    body_start: Option<usize>,
    /// True when bare LFs were turned into CRLFs (text pasted into a browser loses its CRs).
    pub line_endings_normalized: bool,
    pub findings: Vec<Finding>,
}

impl Message {
    /// Headers with this name, top to bottom.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Header> + 'a {
        self.headers.iter().filter(move |h| h.is(name))
    }

    pub fn first(&self, name: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.is(name))
    }

    pub fn headers_only(&self) -> bool {
        self.body_start.is_none()
    }

    /// The body, after the blank line; `None` for headers only.
    pub fn body(&self) -> Option<&[u8]> {
        self.body_start.map(|at| &self.raw[at..])
    }
}

/// Turns bare LF (and bare CR) into CRLF; says whether anything changed.
fn to_crlf(input: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(input.len() + input.len() / 40);
    let mut changed = false;
    let mut i = 0;
    // Line by line: the text between line endings is copied whole (a 1 MB message octet by
    // octet took most of a millisecond).
    while let Some(at) = memchr::memchr2(b'\r', b'\n', &input[i..]) {
        let end = i + at;
        out.extend_from_slice(&input[i..end]);
        out.extend_from_slice(b"\r\n");
        if input[end] == b'\r' && input.get(end + 1) == Some(&b'\n') {
            i = end + 2;
        } else {
            changed = true;
            i = end + 1;
        }
    }
    out.extend_from_slice(&input[i..]);
    (out, changed)
}

/// Reads a message, or only its headers. Never fails: what cannot be read becomes a finding.
pub fn parse(input: &[u8]) -> Message {
    let (raw, line_endings_normalized) = to_crlf(input);
    let mut findings = Vec::new();
    if line_endings_normalized {
        findings.push(MessageCode::MessageLineEndingsNormalized.finding(
            "the text had bare LF line endings (usual for pasted text); they were turned into CRLF before verifying",
        ));
    }
    let mut headers: Vec<Header> = Vec::new();
    let mut pos = 0;
    // An mbox "From " separator line before the headers.
    if raw.starts_with(b"From ") {
        if let Some(e) = find(&raw, b"\r\n", 0) {
            pos = e + 2;
        }
    }
    // Leading blank lines (a paste that starts with an empty line).
    while raw[pos..].starts_with(b"\r\n") && headers.is_empty() && pos + 2 < raw.len() {
        pos += 2;
    }
    let mut body_start = None;
    while pos < raw.len() {
        let line_end = find(&raw, b"\r\n", pos).unwrap_or(raw.len());
        if line_end == pos {
            body_start = Some((pos + 2).min(raw.len()));
            break;
        }
        let line = &raw[pos..line_end];
        let next = (line_end + 2).min(raw.len());
        if matches!(line[0], b' ' | b'\t') {
            if let Some(h) = headers.last_mut() {
                // A continuation line: part of the previous field.
                h.raw.extend_from_slice(b"\r\n");
                h.raw.extend_from_slice(line);
                h.span.end = line_end;
            } else {
                findings.push(
                    MessageCode::MessageHeaderSyntax
                        .finding("a folded line before any header field was ignored")
                        .at(Span::new(pos, line_end)),
                );
            }
            pos = next;
            continue;
        }
        match line.iter().position(|b| *b == b':') {
            Some(c) if c > 0 && line[..c].iter().all(|b| (33..=126).contains(b)) => {
                headers.push(Header {
                    name: String::from_utf8_lossy(&line[..c]).into_owned(),
                    raw: line.to_vec(),
                    span: Span::new(pos, line_end),
                });
            }
            _ => {
                findings.push(
                    MessageCode::MessageHeaderSyntax
                        .finding(format!(
                            "line {:?} is not a header field (name: value); it was skipped",
                            String::from_utf8_lossy(&line[..line.len().min(60)])
                        ))
                        .at(Span::new(pos, line_end)),
                );
            }
        }
        pos = next;
    }
    Message {
        raw,
        headers,
        body_start,
        line_endings_normalized,
        findings,
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `to_crlf` against the rule read octet by octet, for every string of up to 8 octets over
    /// CR, LF and text.
    #[test]
    fn line_endings_against_the_octet_by_octet_rule() {
        fn reference(input: &[u8]) -> (Vec<u8>, bool) {
            let (mut out, mut changed, mut i) = (Vec::new(), false, 0);
            while i < input.len() {
                match input[i] {
                    b'\r' if input.get(i + 1) == Some(&b'\n') => {
                        out.extend_from_slice(b"\r\n");
                        i += 1;
                    }
                    b'\r' | b'\n' => {
                        out.extend_from_slice(b"\r\n");
                        changed = true;
                    }
                    b => out.push(b),
                }
                i += 1;
            }
            (out, changed)
        }
        let mut checked = 0;
        for input in crate::testing::all_strings(b"\r\na", 8) {
            assert_eq!(to_crlf(&input), reference(&input), "{input:?}");
            checked += 1;
        }
        assert_eq!(checked, 9841);
    }

    #[test]
    fn headers_and_body() {
        let m = parse(b"From: a@example.com\r\nSubject: hi\r\n there\r\n\r\nbody\r\n");
        assert_eq!(m.headers.len(), 2);
        assert_eq!(m.headers[1].raw, b"Subject: hi\r\n there");
        assert_eq!(m.headers[1].value(), "hi there");
        assert_eq!(m.body(), Some(&b"body\r\n"[..]));
        assert!(!m.line_endings_normalized);
    }

    #[test]
    fn pasted_lf_and_headers_only() {
        let m = parse(b"From: a@example.com\nTo: b@example.org\n");
        assert!(m.line_endings_normalized);
        assert!(m.headers_only());
        assert_eq!(m.headers.len(), 2);
        assert_eq!(m.findings[0].code, "message-line-endings-normalized");
    }

    #[test]
    fn junk_lines_are_findings() {
        let m = parse(b"From mbox line\r\nnot a header\r\nX: 1\r\n\r\n");
        assert_eq!(m.headers.len(), 1);
        assert!(m.findings.iter().any(|f| f.code == "message-header-syntax"));
        assert_eq!(m.body(), Some(&b""[..]));
    }
}
