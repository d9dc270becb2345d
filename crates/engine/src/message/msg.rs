//! Outlook `.msg` files (MS-OXMSG): a message saved from Outlook, read for its Internet headers.
//!
//! A `.msg` is a Compound File (MS-CFB) holding the message's MAPI properties, one stream each
//! (MS-OXMSG §2.1.3). The original MIME message is not kept: Outlook stores the header block it
//! received as `PidTagTransportMessageHeaders` (property 0x007D, MS-OXPROPS §2.1057), and the body
//! converted to its own properties (`PidTagBody` 0x1000, `PidTagHtml` 0x1013, compressed RTF).
//! Only the headers are read: a DKIM body hash is over the body as it was sent, which cannot be
//! rebuilt from those properties, so a `.msg` is always checked as headers only, and
//! [`super::input::Source::note`] says so.

mod compound;

use thiserror::Error;

use compound::{Compound, Kind};

/// A stream larger than this is refused rather than read: a header block is a few kilobytes.
pub const MAX_STREAM: u64 = 4 * 1024 * 1024;

/// `PidTagTransportMessageHeaders` as `PT_UNICODE` (UTF-16LE) and as `PT_STRING8` (8-bit)
/// (MS-OXMSG §2.1.3: `__substg1.0_` + property id + property type).
const HEADERS_UNICODE: &str = "__substg1.0_007D001F";
const HEADERS_STRING8: &str = "__substg1.0_007D001E";
/// Every message object has its property stream (MS-OXMSG §2.4).
const PROPERTIES: &str = "__properties_version1.0";
const PROPERTY_PREFIX: &str = "__substg1.0_";

/// Why a `.msg` gave no headers to check, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MsgError {
    /// The input does not start with the Compound File signature.
    #[error("not an Outlook .msg file: it does not start with the Compound File signature D0 CF 11 E0 A1 B1 1A E1")]
    NotCompoundFile,
    /// A Compound File without MAPI properties: a Word or Excel document, an installer, ...
    #[error("a Compound File (the format of .doc, .xls and .msg files) but not an Outlook message: it has no message properties")]
    NotOutlookMessage,
    /// An Outlook message without `PidTagTransportMessageHeaders`.
    #[error("this Outlook message has no Internet headers: it is a draft, or a message that never went through a mail server (one you wrote, or saved before sending). Open the received message in Outlook, File → Properties → Internet headers, and check those; or save it as .eml")]
    NoHeaders,
    /// The headers stream is larger than [`MAX_STREAM`].
    #[error("the Internet headers of this .msg are {size} octets, over the {} MiB this check reads", MAX_STREAM / 1024 / 1024)]
    TooLarge { size: u64 },
    /// The Compound File structure is broken.
    #[error("damaged .msg file: {0}")]
    Damaged(String),
}

/// Whether `bytes` start as a Compound File, the container of every `.msg` (MS-CFB §2.2). The
/// signature is shared with old Office documents: [`headers_from_msg`] tells them apart.
pub fn is_msg(bytes: &[u8]) -> bool {
    bytes.starts_with(&compound::SIGNATURE)
}

/// The message's Internet headers (`PidTagTransportMessageHeaders`), as a header block with CRLF
/// line ends and no blank line, ready for [`super::parse`] as a headers-only message.
///
/// The stored text is cut at its first blank line (some servers stored the first MIME part's
/// headers after it), and Exchange's old first line `Microsoft Mail Internet Headers Version 2.0`,
/// which is not a header field, is left out.
pub fn headers_from_msg(bytes: &[u8]) -> Result<String, MsgError> {
    if !is_msg(bytes) {
        return Err(MsgError::NotCompoundFile);
    }
    let damaged = |d: compound::Damage| MsgError::Damaged(d.0);
    let file = Compound::open(bytes).map_err(damaged)?;
    let entries = file.top_level().map_err(damaged)?;
    let named = |name: &str| {
        entries
            .iter()
            .find(|e| e.kind == Kind::Stream && e.name.eq_ignore_ascii_case(name))
    };
    let outlook = entries.iter().any(|e| {
        e.name.eq_ignore_ascii_case(PROPERTIES)
            || e.name
                .get(..PROPERTY_PREFIX.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(PROPERTY_PREFIX))
    });
    if !outlook {
        return Err(MsgError::NotOutlookMessage);
    }
    let (entry, unicode) = match (named(HEADERS_UNICODE), named(HEADERS_STRING8)) {
        (Some(e), _) => (e, true),
        (None, Some(e)) => (e, false),
        (None, None) => return Err(MsgError::NoHeaders),
    };
    if entry.size > MAX_STREAM {
        return Err(MsgError::TooLarge { size: entry.size });
    }
    let raw = file.read(entry).map_err(damaged)?;
    let text = if unicode {
        // PT_UNICODE is UTF-16LE (MS-OXCDATA §2.11.1); an odd last octet is dropped.
        let units = raw
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    } else {
        // PT_STRING8 is in the message's code page; header fields are ASCII (RFC 5322 §2.2),
        // and 8-bit ones are UTF-8 where they are allowed at all (RFC 6532).
        String::from_utf8_lossy(&raw).into_owned()
    };
    header_block(&text).ok_or(MsgError::NoHeaders)
}

/// The header section of `text`: lines up to the first blank one, joined with CRLF and ending
/// in one; `None` when there is no line.
fn header_block(text: &str) -> Option<String> {
    let text = text.trim_end_matches(['\0', '\r', '\n']);
    let mut lines = text
        .split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .skip_while(|l| l.is_empty())
        .peekable();
    if lines
        .peek()
        .is_some_and(|l| l.trim() == "Microsoft Mail Internet Headers Version 2.0")
    {
        lines.next();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 40);
    for line in lines.take_while(|l| !l.is_empty()) {
        out.push_str(line);
        out.push_str("\r\n");
    }
    (!out.is_empty()).then_some(out)
}

// Native only: the files are written by the `cfb` crate, a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "msg_tests.rs"]
mod tests;
