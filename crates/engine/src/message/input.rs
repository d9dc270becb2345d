//! What a chosen file holds: a message as sent (an `.eml`, a paste), an Outlook `.msg` (its
//! Internet headers are checked), or something else, refused with what it is and what to do
//! rather than checked as a message without headers.

use std::borrow::Cow;

use serde::Serialize;
use thiserror::Error;

use super::msg::{headers_from_msg, is_msg, MsgError};

/// What the checked text was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A message or header block as sent (RFC 5322): an `.eml`, a paste, standard input.
    Rfc5322,
    /// The Internet headers of an Outlook `.msg`.
    OutlookMsg,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Rfc5322 => "rfc5322",
            Source::OutlookMsg => "outlook-msg",
        }
    }

    /// What the source changes in the check, for every view to show beside the verdict.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Source::Rfc5322 => None,
            Source::OutlookMsg => Some(
                "read from an Outlook .msg: its Internet headers were checked as headers only. A .msg does not keep the message as it was sent, so DKIM body hashes cannot be checked; save the message as .eml for that",
            ),
        }
    }
}

/// Why a file gave no message to check, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum InputError {
    /// An Outlook `.msg` (or another Compound File) without headers to check.
    #[error(transparent)]
    Outlook(#[from] MsgError),
    /// A file of another kind: `what` it is, and where it belongs instead.
    #[error("{what}, not an email message: {advice}")]
    NotAMessage {
        what: &'static str,
        advice: &'static str,
    },
}

/// How to give a message instead.
const SAVE_THE_MESSAGE: &str = "save the message from your mail program as .eml (or .msg from Outlook), or paste its source (“Show original”, “View message source”)";
/// Where aggregate reports are read.
const A_REPORT: &str = "if it is a DMARC aggregate report, read it in the Reports view (authlens report); to check the message that carried it, save that message as .eml";

/// Files told by their first octets, with what they are and where they belong.
const KINDS: [(&[u8], &str, &str); 12] = [
    (b"%PDF-", "a PDF document", SAVE_THE_MESSAGE),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", SAVE_THE_MESSAGE),
    (b"\xFF\xD8\xFF", "a JPEG image", SAVE_THE_MESSAGE),
    (b"GIF8", "a GIF image", SAVE_THE_MESSAGE),
    (
        b"PK\x03\x04",
        "a ZIP archive (or an Office document)",
        A_REPORT,
    ),
    (b"\x1F\x8B", "a gzip-compressed file", A_REPORT),
    (b"Rar!\x1A\x07", "a RAR archive", SAVE_THE_MESSAGE),
    (b"7z\xBC\xAF\x27\x1C", "a 7z archive", SAVE_THE_MESSAGE),
    (
        b"\x78\x9F\x3E\x22",
        "a TNEF attachment (winmail.dat), Outlook's formatting of a message's body",
        SAVE_THE_MESSAGE,
    ),
    (b"{\\rtf", "an RTF document", SAVE_THE_MESSAGE),
    (
        b"\xFF\xFE",
        "text in UTF-16",
        "save it as UTF-8 text or as .eml, or paste it",
    ),
    (
        b"\xFE\xFF",
        "text in UTF-16",
        "save it as UTF-8 text or as .eml, or paste it",
    ),
];

/// How far into a file a NUL octet makes it binary: a header block is text (RFC 5322 §2.2).
const BINARY_WITHIN: usize = 4096;

/// Whether `bytes` can be checked as they are, with no need for [`message_text`]: they start with
/// a header field name and its colon, or with an mbox `From ` line. RFC 5322 §2.2 allows any
/// printable character but the colon in a name; the names in use are letters, digits and
/// hyphens, and a stricter test keeps JSON (`{"organization-name":`) from passing for a header. Anything else (an Outlook `.msg`, a PDF, text that starts otherwise) goes
/// through [`message_text`], which says what it is; the page keeps that reader out of its first
/// load this way.
pub fn plain(bytes: &[u8]) -> bool {
    let start = bytes.trim_ascii_start();
    if start.starts_with(b"From ") {
        return true;
    }
    let name_len = start
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .count();
    name_len > 0 && start.get(name_len) == Some(&b':')
}

/// The text to check in `bytes`: the bytes themselves, or the Internet headers of an Outlook
/// `.msg` (told by its signature, not its name). A file of another kind (a PDF, an image, an
/// archive, HTML, a binary file) is refused with what it is; text that starts with a header
/// field is a message, whatever follows.
pub fn message_text(bytes: &[u8]) -> Result<(Source, Cow<'_, [u8]>), InputError> {
    if is_msg(bytes) {
        let headers = headers_from_msg(bytes)?;
        return Ok((Source::OutlookMsg, Cow::Owned(headers.into_bytes())));
    }
    if plain(bytes) {
        return Ok((Source::Rfc5322, Cow::Borrowed(bytes)));
    }
    if let Some((what, advice)) = other_kind(bytes) {
        return Err(InputError::NotAMessage { what, advice });
    }
    Ok((Source::Rfc5322, Cow::Borrowed(bytes)))
}

/// What `bytes` are when they are not a message, if that can be told.
fn other_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if let Some(&(_, what, advice)) = KINDS.iter().find(|(magic, ..)| bytes.starts_with(magic)) {
        return Some((what, advice));
    }
    let head = &bytes[..bytes.len().min(BINARY_WITHIN)];
    let start = head.trim_ascii_start();
    let starts_with = |tag: &[u8]| {
        start
            .get(..tag.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(tag))
    };
    if starts_with(b"<!doctype html") || starts_with(b"<html") {
        return Some((
            "an HTML page (the message as a browser shows it, not its source)",
            SAVE_THE_MESSAGE,
        ));
    }
    if starts_with(b"<?xml") || starts_with(b"<feedback") {
        let report = head.windows(9).any(|w| w == b"<feedback");
        return Some(if report {
            ("a DMARC aggregate report", A_REPORT)
        } else {
            ("an XML document", SAVE_THE_MESSAGE)
        });
    }
    head.contains(&0)
        .then_some(("a binary file", SAVE_THE_MESSAGE))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EML: &[u8] = b"From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n";

    #[test]
    fn a_message_is_checked_as_it_is() {
        assert!(plain(EML));
        assert!(plain(b"\r\n  DKIM-Signature: v=1"));
        assert!(plain(
            b"From sender@example.com Mon Dec  7 10:00:00 2026\nFrom: a@b\n"
        ));
        let (source, text) = message_text(EML).unwrap();
        assert_eq!(source, Source::Rfc5322);
        assert!(matches!(text, Cow::Borrowed(t) if t == EML));
        assert_eq!(source.note(), None);
        assert!(Source::OutlookMsg.note().unwrap().contains("headers only"));
        // Text that does not start with a field is still checked (its findings say what is
        // wrong), but not by the page's shortcut.
        let pasted = b"Hello,\r\nplease see below.\r\n";
        assert!(!plain(pasted));
        assert_eq!(message_text(pasted).unwrap().0, Source::Rfc5322);
        assert!(!plain(b""));
        assert!(!plain(b": no name"));
        assert!(!plain(b"No colon on this line\r\nFrom: a@b"));
        assert!(!plain(b"{\"organization-name\":\"Example\"}"));
        assert!(plain(b"X-MS-Exchange-Organization-SCL: 5\r\n"));
    }

    #[test]
    fn other_files_say_what_they_are() {
        let said = |bytes: &[u8]| {
            assert!(!plain(bytes), "{bytes:?}");
            message_text(bytes).unwrap_err().to_string()
        };
        for (bytes, what) in [
            (
                &b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"[..],
                "a PDF document",
            ),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image"),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "a JPEG image"),
            (b"GIF89a\x01\0", "a GIF image"),
            (b"PK\x03\x04\x14\0\0\0\x08\0", "a ZIP archive"),
            (b"\x1F\x8B\x08\0\0\0\0\0", "a gzip-compressed file"),
            (b"\x78\x9F\x3E\x22\x01\x01", "winmail.dat"),
            (b"{\\rtf1\\ansi", "an RTF document"),
            (b"\xFF\xFEF\0r\0o\0m\0:\0", "text in UTF-16"),
            (b"\n<!DOCTYPE html>\n<html>", "an HTML page"),
            (b"<HTML xmlns:o=\"urn:x\">", "an HTML page"),
            (b"<?xml version=\"1.0\"?>\n<svg/>", "an XML document"),
            (b"\x01\x02\x03\0\0\x05", "a binary file"),
        ] {
            let s = said(bytes);
            assert!(s.starts_with(what) || s.contains(what), "{s}");
            assert!(s.contains("not an email message"), "{s}");
        }
        let report = said(b"<?xml version=\"1.0\"?>\n<feedback>\n<report_metadata>");
        assert!(
            report.starts_with("a DMARC aggregate report, not an email message")
                && report.contains("Reports view (authlens report)"),
            "{report}"
        );
        assert!(said(b"%PDF-1.4").contains("save the message from your mail program as .eml"));
        // A Compound File that is not a message keeps the .msg reader's own words.
        let doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
        assert!(!plain(doc));
        assert!(matches!(
            message_text(doc),
            Err(InputError::Outlook(MsgError::Damaged(_)))
        ));
        // A NUL does not make a message binary: its findings say what is wrong with it.
        assert_eq!(message_text(b"From: a@b\0\r\n").unwrap().0, Source::Rfc5322);
        let mut late = b"Dear customer,\r\n".to_vec();
        late.extend(std::iter::repeat_n(b'x', BINARY_WITHIN));
        late.push(0);
        assert_eq!(message_text(&late).unwrap().0, Source::Rfc5322);
    }
}
