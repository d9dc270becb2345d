//! mbox exports (RFC 4155): messages one after another, each after a `From ` line, with body
//! lines that began `From ` escaped as `>From ` (mboxo) or every `>*From ` line given one more
//! `>` (mboxrd). Thunderbird writes mboxo with `From - <date>` lines; Gmail Takeout writes
//! `From <id>@xxx <date>`; either may use CRLF.
//!
//! [`messages`] walks the bytes once, lending each message where it lies; only a message with
//! escaped lines is copied, to unescape them. A 50 MB export costs one pass and no copy of the
//! whole.

use std::borrow::Cow;

use super::header::line_at;

/// One message of an mbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Its place in the mbox, from 0.
    pub index: usize,
    /// Where its `From ` line starts in the mbox.
    pub offset: usize,
    /// The `From ` line, without its line end.
    pub from_line: &'a [u8],
    /// Where the message starts in the mbox (after its `From ` line): offsets into
    /// [`Entry::bytes`] are offsets from here, unless lines were unescaped.
    pub start: usize,
    /// The message, `>From ` lines unescaped, without the blank line the mbox adds after it.
    pub bytes: Cow<'a, [u8]>,
    /// Lines that were unescaped.
    pub unescaped: usize,
}

/// Whether a line is a `From ` separator: `From `, a sender (or `-`), and a date with a time
/// (`Mon Mar  2 10:00:00 2026`). RFC 4155 §2 asks for the date; requiring its time keeps a body
/// line that begins "From " and escaped by no one from splitting a message.
fn is_from_line(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let mut words = rest.split(|b| *b == b' ').filter(|w| !w.is_empty());
    if words.next().is_none() {
        return false;
    }
    words.any(|w| {
        w.len() >= 5
            && w[0].is_ascii_digit()
            && w.windows(3)
                .any(|t| t[0].is_ascii_digit() && t[1] == b':' && t[2].is_ascii_digit())
    })
}

/// Whether `bytes` are an mbox: they start with a `From ` line (RFC 4155 §2), after a byte order
/// mark or blank lines a download may have added.
pub fn is_mbox(bytes: &[u8]) -> bool {
    let start = skip_lead(bytes);
    let (end, _) = line_at(bytes, start);
    bytes[start..].starts_with(b"From ")
        && (is_from_line(&bytes[start..end]) || next_is_field(bytes, line_at(bytes, start).1))
}

fn next_is_field(bytes: &[u8], at: usize) -> bool {
    let (end, _) = line_at(bytes, at);
    let line = &bytes[at..end];
    line.iter()
        .position(|b| *b == b':')
        .is_some_and(|c| c > 0 && line[..c].iter().all(|b| (33..=126).contains(b)))
}

fn skip_lead(bytes: &[u8]) -> usize {
    let mut at = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    at
}

/// The messages of an mbox, in order. Text before the first `From ` line is not a message and is
/// passed over.
pub fn messages(bytes: &[u8]) -> Messages<'_> {
    let start = skip_lead(bytes);
    let first = if bytes[start..].starts_with(b"From ") {
        Some(start)
    } else {
        next_separator(bytes, start)
    };
    Messages {
        bytes,
        next: first,
        index: 0,
    }
}

/// The next `From ` line at or after `from` that starts a line.
fn next_separator(bytes: &[u8], from: usize) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(b"\nFrom ");
    let mut at = from;
    while let Some(p) = finder.find(bytes.get(at..)?) {
        let line = at + p + 1;
        let (end, _) = line_at(bytes, line);
        if is_from_line(&bytes[line..end]) {
            return Some(line);
        }
        at = line;
    }
    None
}

/// The iterator of [`messages`].
#[derive(Debug, Clone)]
pub struct Messages<'a> {
    bytes: &'a [u8],
    next: Option<usize>,
    index: usize,
}

impl<'a> Iterator for Messages<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        let offset = self.next?;
        let bytes = self.bytes;
        let (line_end, body) = line_at(bytes, offset);
        self.next = next_separator(bytes, body.saturating_sub(1).max(offset));
        let mut end = self.next.unwrap_or(bytes.len());
        // The blank line the mbox adds after each message (RFC 4155 §2) is not the message's;
        // after the last one it may be missing.
        let last = self.next.is_none();
        for (eol, blank) in [(&b"\r\n"[..], &b"\r\n\r\n"[..]), (b"\n", b"\n\n")] {
            let ends = bytes[..end].ends_with(if last { blank } else { eol });
            if end >= body + blank.len() && ends {
                end -= eol.len();
                break;
            }
        }
        let raw = &bytes[body..end.max(body)];
        let (message, unescaped) = unescape(raw);
        let entry = Entry {
            index: self.index,
            offset,
            from_line: &bytes[offset..line_end],
            start: body,
            bytes: message,
            unescaped,
        };
        self.index += 1;
        Some(entry)
    }
}

/// Removes one `>` from each line that is `>`s then `From ` (mboxrd; for mboxo, whose only
/// escaped form is `>From `, the same). Borrowed when there is none.
fn unescape(raw: &[u8]) -> (Cow<'_, [u8]>, usize) {
    let finder = memchr::memmem::Finder::new(b">From ");
    let is_escape = |at: usize| {
        let start = raw[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        raw[start..=at].iter().all(|b| *b == b'>')
    };
    let mut hits = finder.find_iter(raw).filter(|&at| is_escape(at)).peekable();
    if hits.peek().is_none() {
        return (Cow::Borrowed(raw), 0);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut copied = 0;
    let mut n = 0;
    for at in hits {
        let start = raw[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        out.extend_from_slice(&raw[copied..start]);
        copied = start + 1;
        n += 1;
    }
    out.extend_from_slice(&raw[copied..]);
    (Cow::Owned(out), n)
}

#[cfg(test)]
#[path = "mbox_tests.rs"]
mod tests;
