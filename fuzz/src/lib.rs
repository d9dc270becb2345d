//! What the fuzz targets share: how one fuzz input becomes what a parser reads.
//!
//! The first byte of every input chooses the mode, the rest is the payload:
//!
//! - even: **raw** — the payload as it is (bytes for the parsers that take bytes, lossy UTF-8 for
//!   those that take text), which checks that nothing outside the grammar can make a parser panic;
//! - odd: **alphabet** — every payload byte that is not in the target's alphabet (the grammar's own
//!   characters) is folded onto it, so the mutations stay inside the language and reach the deep
//!   branches instead of failing on the first stray byte. Bytes already in the alphabet are kept,
//!   so the seeds and the dictionary tokens (`fuzz/dicts/`) survive the folding unchanged.
//!
//! One target per parser with the mode in the input, rather than two targets per parser, keeps
//! one corpus per grammar: an input found in one mode is a seed for the other.

#![forbid(unsafe_code)]

use authlens_engine::diag::Finding;

/// How the payload is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Raw,
    Alphabet,
}

/// Splits an input into its mode and its payload.
pub fn split(data: &[u8]) -> (Mode, &[u8]) {
    match data.split_first() {
        Some((m, rest)) if m & 1 == 1 => (Mode::Alphabet, rest),
        Some((_, rest)) => (Mode::Raw, rest),
        None => (Mode::Raw, data),
    }
}

/// Keeps the bytes that are in `alphabet`, maps every other one onto it.
pub fn fold(payload: &[u8], alphabet: &[u8]) -> Vec<u8> {
    debug_assert!(!alphabet.is_empty() && alphabet.is_ascii());
    payload
        .iter()
        .map(|b| {
            if alphabet.contains(b) {
                *b
            } else {
                alphabet[*b as usize % alphabet.len()]
            }
        })
        .collect()
}

/// The payload as bytes, folded in alphabet mode.
pub fn input_bytes(data: &[u8], alphabet: &[u8]) -> (Mode, Vec<u8>) {
    let (mode, payload) = split(data);
    match mode {
        Mode::Raw => (mode, payload.to_vec()),
        Mode::Alphabet => (mode, fold(payload, alphabet)),
    }
}

/// The payload as text: lossy UTF-8 in raw mode, the folded ASCII in alphabet mode.
pub fn input_text(data: &[u8], alphabet: &[u8]) -> (Mode, String) {
    let (mode, bytes) = input_bytes(data, alphabet);
    (mode, String::from_utf8_lossy(&bytes).into_owned())
}

/// A parser that reports positions must report them inside the text it was given: the page
/// highlights them.
pub fn assert_spans_within(findings: &[Finding], len: usize, what: &str) {
    for f in findings {
        if let Some(s) = f.span {
            assert!(
                s.start <= s.end && s.end <= len,
                "{what}: finding {} has span {s:?} outside the text of {len} bytes",
                f.code
            );
        }
    }
}

/// Splits text at `|` into TXT character-strings, as a record published in several strings.
pub fn txt_strings(text: &str) -> Vec<Vec<u8>> {
    text.split('|').map(|s| s.as_bytes().to_vec()).collect()
}

/// Grammar alphabets (ASCII only, so folded text is always valid UTF-8).
pub mod alphabet {
    /// RFC 7208 §12: terms, qualifiers, mechanism and modifier names, CIDR lengths, macros, and
    /// `|` (a TXT string boundary in [`super::txt_strings`]).
    pub const SPF: &[u8] = b"v=spf1 -~+?:/.%{}_,|0123456789abcdefilmnoprstuxyADIMSV";
    /// RFC 7208 §7: macro-strings and the context fields (separated by NUL in the target).
    pub const SPF_MACRO: &[u8] =
        b"%{}_-+,/=.@ slodiphcrtvSLODIPHCRTV0123456789abexmq:\0";
    /// RFC 6376 §3.2, §3.5: tag-lists, algorithm and canonicalization names, base64, folding.
    pub const DKIM_SIG: &[u8] =
        b"=; \t\r\n:/.-@|abcdefhilmnoqrstvxz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+";
    /// RFC 6376 §3.6.1: key records.
    pub const DKIM_KEY: &[u8] =
        b"=; \t\r\n:*vDKIM1kpsaedhtyrnqABCDEFGHIJKLMNOPQRSTUVWXYZbcfgijlmouwxz0234556789+/";
    /// RFC 9989 (DMARC): tags, policies, alignment, URIs.
    pub const DMARC: &[u8] = b"=;:,!@. \tvDMARC1prejctqunaiodkmfsgltwhxyz0123456789";
    /// RFC 8601: methods, results, properties, comments, quoted strings.
    pub const AUTHRES: &[u8] = b";=()\"\\. @-_/\t\r\nabcdefhiklmnoprstuvxyz0123456789";
    /// RFC 5322 §3.4 and RFC 2047: mailboxes, groups, comments, encoded words.
    pub const ADDRESS: &[u8] = b"<>@,;:\"()\\ .=?-_[]\t\r\nabcdefiuxyzBQ0123456789";
    /// RFC 5322 header fields as the message check reads them.
    pub const MESSAGE: &[u8] =
        b":;=<>@.,-/+()[]\" \t\r\nABCDEFHIMRST0123456789abcdefghiklmnoprstuvwxyz";
    /// DoH JSON: its punctuation, field names, numbers and presentation-format TXT.
    pub const DOH_JSON: &[u8] = b"{}[]\":,.-\\ 0123456789ADCNSTLaemnrstufldpxyvw";
    /// Presentation-format character-strings (RFC 1035 §5.1).
    pub const TXT: &[u8] = b"\"\\ 0123456789abv=;";
    /// XML of aggregate reports (RFC 9990 Appendix A).
    pub const XML: &[u8] =
        b"<>/=\"' ?!-_.:&;#[]\nabcdefghiklmnopqrstuvwxyzACDT0123456789";
}
