//! Content-Transfer-Encodings (RFC 2045 §6) decoded the way mail arrives, not the way it should:
//! base64 that lost or gained line breaks, spaces and padding on its way through gateways, and
//! quoted-printable with stray `=` signs. Nothing here fails; what was off is counted in a
//! [`Damage`] with the offset of the first fault, so the caller can say so.

use serde::Serialize;

/// What was wrong with an encoded body, counted. Offsets are into the encoded input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Damage {
    /// Characters outside the encoding's alphabet, skipped (base64), or `=` not followed by two
    /// hex digits nor a line end, kept as written (quoted-printable).
    pub junk: usize,
    /// Where the first junk character is.
    pub first_junk_at: Option<usize>,
    /// Spaces and tabs inside base64 text: skipped, harmless, but a sign that something rewrapped
    /// the text (RFC 2045 §6.8 allows only line breaks between its characters).
    pub spaces: usize,
    /// Base64 whose last group lacks its `=` padding (RFC 2045 §6.8 asks for it).
    pub missing_padding: bool,
    /// Padding (`=`) followed by more base64: two encoded bodies joined, or damage. Decoding goes
    /// on after it.
    pub padding_inside: usize,
    /// A last base64 character that cannot make a whole octet: dropped.
    pub dangling: bool,
}

impl Damage {
    /// Anything that may have changed the decoded octets (junk, dangling bits, joined bodies).
    pub fn alters_content(&self) -> bool {
        self.junk > 0 || self.dangling || self.padding_inside > 0
    }

    /// Nothing at all to say.
    pub fn is_clean(&self) -> bool {
        *self == Damage::default()
    }

    /// The damage in words: "3 characters that are not base64 skipped (the first at byte 120);
    /// padding missing".
    pub fn describe(&self, what: &str) -> String {
        let mut parts = Vec::new();
        if self.junk > 0 {
            let at = self
                .first_junk_at
                .map(|a| format!(" (the first at byte {a})"))
                .unwrap_or_default();
            parts.push(format!(
                "{} character(s) that are not {what} skipped{at}",
                self.junk
            ));
        }
        if self.spaces > 0 {
            parts.push(format!(
                "{} space(s) or tab(s) inside the text skipped",
                self.spaces
            ));
        }
        if self.padding_inside > 0 {
            parts.push(format!(
                "padding (=) in the middle {} time(s), decoding went on after it",
                self.padding_inside
            ));
        }
        if self.missing_padding {
            parts.push("the final = padding missing".to_string());
        }
        if self.dangling {
            parts.push("a last character that makes no whole octet dropped".to_string());
        }
        parts.join("; ")
    }
}

/// The value of a base64 character (RFC 2045 Table 1), `None` for anything else.
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes base64 (RFC 2045 §6.8), skipping line breaks (as the RFC says), spaces and junk (as
/// it says decoders should: "any characters outside of the base64 alphabet are to be ignored"),
/// tolerating missing padding and joined bodies. Linear in the input; never fails.
pub fn base64(input: &[u8]) -> (Vec<u8>, Damage) {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let mut damage = Damage::default();
    let (mut acc, mut n) = (0u32, 0u8);
    let mut padded = false;
    let flush = |acc: u32, n: u8, out: &mut Vec<u8>| match n {
        2 => out.push((acc >> 4) as u8),
        3 => {
            out.push((acc >> 10) as u8);
            out.push((acc >> 2) as u8);
        }
        _ => {}
    };
    for (i, &c) in input.iter().enumerate() {
        if let Some(v) = sextet(c) {
            if padded {
                damage.padding_inside += 1;
                padded = false;
            }
            acc = (acc << 6) | u32::from(v);
            n += 1;
            if n == 4 {
                out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
                acc = 0;
                n = 0;
            }
            continue;
        }
        match c {
            b'\r' | b'\n' => {}
            b' ' | b'\t' => damage.spaces += 1,
            b'=' => {
                if n == 1 {
                    damage.dangling = true;
                }
                if n > 0 {
                    flush(acc, n, &mut out);
                }
                acc = 0;
                n = 0;
                padded = true;
            }
            _ => {
                damage.junk += 1;
                damage.first_junk_at.get_or_insert(i);
            }
        }
    }
    match n {
        0 => {}
        1 => damage.dangling = true,
        _ => {
            damage.missing_padding = true;
            flush(acc, n, &mut out);
        }
    }
    (out, damage)
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        // Lower case is not allowed (RFC 2045 §6.7 (1)) but written by some encoders.
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Decodes quoted-printable (RFC 2045 §6.7): `=XY` octets, soft line breaks (`=` at the end of a
/// line, trailing white space allowed), trailing white space of lines dropped (rule 3). An `=`
/// that starts nothing is kept as written and counted. Line breaks are kept as written (CRLF or
/// LF).
pub fn quoted_printable(input: &[u8]) -> (Vec<u8>, Damage) {
    let mut out = Vec::with_capacity(input.len());
    let mut damage = Damage::default();
    let mut start = 0;
    while start < input.len() {
        let end = memchr::memchr(b'\n', &input[start..]).map_or(input.len(), |p| start + p);
        let mut line = &input[start..end];
        let mut eol: &[u8] = if end < input.len() { b"\n" } else { b"" };
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
            if !eol.is_empty() {
                eol = b"\r\n";
            }
        }
        let trimmed = line.trim_ascii_end();
        let soft = trimmed.last() == Some(&b'=');
        let body = if soft {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        let mut i = 0;
        while i < body.len() {
            let c = body[i];
            if c == b'=' {
                if let (Some(h), Some(l)) = (
                    body.get(i + 1).copied().and_then(hex),
                    body.get(i + 2).copied().and_then(hex),
                ) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                damage.junk += 1;
                damage.first_junk_at.get_or_insert(start + i);
            }
            out.push(c);
            i += 1;
        }
        if !soft {
            out.extend_from_slice(eol);
        }
        start = end + 1;
    }
    (out, damage)
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
