//! The header of a MIME entity or a message, read in place from bytes with CRLF or bare LF line
//! ends (RFC 5322 §2.2, RFC 2045 §3), and the structured fields MIME reads from it: Content-Type
//! and Content-Disposition with their parameters, RFC 2231 continuations and charsets included.
//!
//! Unlike [`crate::message::parse`], which keeps a message byte for byte for DKIM (and so makes
//! a CRLF copy of it), this reads a header where it lies: the MIME walk reads thousands of parts.

use serde::Serialize;

use crate::message::address::decode_words;

/// One header field, unfolded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The name as written.
    pub name: String,
    /// The value unfolded (RFC 5322 §2.2.3), trimmed, octets that are not UTF-8 replaced.
    pub value: String,
}

/// The header of an entity: its fields in order, and where its body starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Header {
    pub fields: Vec<Field>,
    /// Offset of the body in the bytes read; the end of the bytes when there is no blank line.
    pub body_start: usize,
    /// False when the bytes ended before the blank line that ends a header.
    pub complete: bool,
}

impl Header {
    /// The first field with this name (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.as_str())
    }

    /// The first field with this name, RFC 2047 encoded words decoded (Subject, From).
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(decode_words)
    }
}

/// The end of the line that starts at `from`: (end of its text, start of the next line).
pub(crate) fn line_at(bytes: &[u8], from: usize) -> (usize, usize) {
    match memchr::memchr(b'\n', &bytes[from..]) {
        Some(p) => {
            let nl = from + p;
            let end = if nl > from && bytes[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            (end, nl + 1)
        }
        None => (bytes.len(), bytes.len()),
    }
}

/// Reads the header at the start of `bytes`. Lines that are not fields (no colon, or a folded
/// line first) are skipped: a header is read as far as it goes. A leading mbox `From ` line is
/// skipped too.
pub fn read(bytes: &[u8]) -> Header {
    let mut fields: Vec<Field> = Vec::new();
    let mut pos = 0;
    if bytes.starts_with(b"From ") {
        pos = line_at(bytes, 0).1;
    }
    while pos < bytes.len() {
        let (end, next) = line_at(bytes, pos);
        let line = &bytes[pos..end];
        if line.is_empty() {
            return Header {
                fields,
                body_start: next,
                complete: true,
            };
        }
        if matches!(line[0], b' ' | b'\t') {
            if let Some(f) = fields.last_mut() {
                let more = String::from_utf8_lossy(line.trim_ascii());
                if !more.is_empty() {
                    if !f.value.is_empty() {
                        f.value.push(' ');
                    }
                    f.value.push_str(&more);
                }
            }
        } else if let Some(c) = line.iter().position(|b| *b == b':') {
            let name = &line[..c];
            if !name.is_empty() && name.iter().all(|b| (33..=126).contains(b)) {
                fields.push(Field {
                    name: String::from_utf8_lossy(name).into_owned(),
                    value: String::from_utf8_lossy(line[c + 1..].trim_ascii()).into_owned(),
                });
            }
        }
        pos = next;
    }
    Header {
        fields,
        body_start: bytes.len(),
        complete: false,
    }
}

/// A structured value with parameters: `type/subtype; a=b` (RFC 2045 §5.1) or
/// `attachment; filename=x` (RFC 2183 §2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Structured {
    /// The value before the first `;`, lower case (`text/plain`, `attachment`).
    pub value: String,
    /// The parameters, names lower case, in order, RFC 2231 continuations joined and decoded.
    pub params: Vec<(String, String)>,
}

impl Structured {
    /// A parameter's value (names are case-insensitive, RFC 2045 §5.1).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Splits `s` at `;` outside quoted strings and comments.
fn split_params(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let (mut quoted, mut escape, mut comment) = (false, false, 0u32);
    for c in s.chars() {
        let cur = out.last_mut().expect("never empty: starts with one");
        if escape {
            cur.push(c);
            escape = false;
            continue;
        }
        match c {
            '\\' if quoted => escape = true,
            '"' if comment == 0 => {
                quoted = !quoted;
                cur.push(c);
            }
            '(' if !quoted => comment += 1,
            ')' if !quoted && comment > 0 => comment -= 1,
            _ if comment > 0 => {}
            ';' if !quoted => out.push(String::new()),
            _ => cur.push(c),
        }
    }
    out
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    match v.strip_prefix('"') {
        Some(inner) => inner.strip_suffix('"').unwrap_or(inner).to_string(),
        None => v.to_string(),
    }
}

/// Octets `%XX`-decoded (RFC 2231 §4).
fn percent(s: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(s).collect()
}

/// Octets in a charset as text: UTF-8, or Latin-1 and its Windows superset read octet by octet.
pub(crate) fn charset_text(bytes: &[u8], charset: &str) -> String {
    let cs = charset.trim().to_ascii_lowercase();
    if matches!(
        cs.as_str(),
        "iso-8859-1" | "latin1" | "iso_8859-1" | "windows-1252" | "cp1252"
    ) {
        bytes.iter().map(|&b| char::from(b)).collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Reads a structured field value: the value, then its parameters. RFC 2231 §3 continuations
/// (`name*0=`, `name*1=`) are joined in order; `name*=charset'lang'%XX` values (§4) are decoded;
/// RFC 2047 encoded words in a quoted value (what many mail programs write for a file name,
/// though RFC 2047 §5 forbids it) are decoded too.
pub fn structured(value: &str) -> Structured {
    let mut pieces = split_params(value).into_iter();
    let head = pieces.next().unwrap_or_default();
    // name, section, extended, raw value
    let mut raw: Vec<(String, Option<u32>, bool, String)> = Vec::new();
    for p in pieces {
        let Some((name, v)) = p.split_once('=') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let (name, extended) = match name.strip_suffix('*') {
            Some(n) => (n.to_string(), true),
            None => (name, false),
        };
        let (name, section) = match name.rsplit_once('*') {
            Some((n, s)) if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() => {
                (n.to_string(), s.parse().ok())
            }
            _ => (name, None),
        };
        raw.push((name, section, extended, unquote(v)));
    }
    let mut params: Vec<(String, String)> = Vec::new();
    let mut done: Vec<String> = Vec::new();
    for i in 0..raw.len() {
        let name = raw[i].0.clone();
        if done.contains(&name) {
            continue;
        }
        done.push(name.clone());
        let mut same: Vec<&(String, Option<u32>, bool, String)> =
            raw.iter().filter(|r| r.0 == name).collect();
        if same.iter().any(|r| r.1.is_some()) {
            // Continuations: in section order (RFC 2231 §3), first section carries the charset.
            same.retain(|r| r.1.is_some());
            let mut sections: Vec<(u32, usize)> = same
                .iter()
                .enumerate()
                .map(|(k, r)| (r.1.unwrap_or(0), k))
                .collect();
            crate::order::sort_by(&mut sections, |a, b| a.0.cmp(&b.0));
            let mut charset = String::new();
            let mut bytes = Vec::new();
            for (n, (_, k)) in sections.into_iter().enumerate() {
                let r = same[k];
                if r.2 {
                    let mut text = r.3.as_str();
                    if n == 0 {
                        let mut it = text.splitn(3, '\'');
                        if let (Some(cs), Some(_lang), Some(rest)) =
                            (it.next(), it.next(), it.next())
                        {
                            charset = cs.to_string();
                            text = rest;
                        }
                    }
                    bytes.extend(percent(text));
                } else {
                    bytes.extend_from_slice(r.3.as_bytes());
                }
            }
            params.push((name, charset_text(&bytes, &charset)));
        } else {
            let r = same[0];
            let v = if r.2 {
                let mut it = r.3.splitn(3, '\'');
                match (it.next(), it.next(), it.next()) {
                    (Some(cs), Some(_lang), Some(rest)) => charset_text(&percent(rest), cs),
                    _ => charset_text(&percent(&r.3), ""),
                }
            } else if r.3.contains("=?") {
                decode_words(&r.3)
            } else {
                r.3.clone()
            };
            params.push((name, v));
        }
    }
    Structured {
        value: head.trim().to_ascii_lowercase(),
        params,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_fields_lf_and_crlf() {
        for eol in ["\r\n", "\n"] {
            let text = format!(
                "From x\u{20}Mon{eol}Subject: a{eol}  b{eol}junk line{eol}X-A:1{eol}{eol}body"
            );
            let h = read(text.as_bytes());
            assert!(h.complete);
            assert_eq!(h.get("subject"), Some("a b"));
            assert_eq!(h.get("x-a"), Some("1"));
            assert_eq!(h.fields.len(), 2);
            assert_eq!(&text.as_bytes()[h.body_start..], b"body");
        }
        let cut = read(b"Subject: a\r\nFrom: b");
        assert!(!cut.complete);
        assert_eq!(cut.get("from"), Some("b"));
    }

    #[test]
    fn parameters_quoted_commented_and_rfc2231() {
        let ct = structured(
            "Multipart/Report; report-type=feedback-report; (a comment) boundary=\"a;b\\\"c\"",
        );
        assert_eq!(ct.value, "multipart/report");
        assert_eq!(ct.param("REPORT-TYPE"), Some("feedback-report"));
        assert_eq!(ct.param("boundary"), Some("a;b\"c"));
        // RFC 2231 §4: charset and language, percent-encoded.
        let d = structured("attachment; filename*=UTF-8'en'%E2%82%AC%20rates.xml.gz");
        assert_eq!(d.param("filename"), Some("€ rates.xml.gz"));
        // RFC 2231 §3 and §4.1: continuations, out of order, the first one encoded.
        let d =
            structured("attachment; filename*1=\"part-two.zip\"; filename*0*=iso-8859-1''caf%E9-");
        assert_eq!(d.param("filename"), Some("café-part-two.zip"));
        // RFC 2047 in a quoted name, as many mail programs write it.
        let d = structured("application/gzip; name=\"=?UTF-8?B?cmVwb3J0LnhtbC5neg==?=\"");
        assert_eq!(d.param("name"), Some("report.xml.gz"));
        assert_eq!(structured("").value, "");
        assert!(structured("text/plain; =x; y").params.is_empty());
    }
}
