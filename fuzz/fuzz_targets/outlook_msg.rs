//! Outlook `.msg` files (`message::msg`): the Compound File reader (header, FAT through the DIFAT,
//! mini FAT, mini stream, the root's red-black tree of entries) and the header block it gives.
//!
//! The input is the file as it is, without the mode byte of the text targets: a Compound File has
//! no alphabet to fold onto.

#![no_main]

use authlens_engine::message::{self, msg};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(headers) = msg::headers_from_msg(data) else {
        return;
    };
    // A header block: CRLF line ends only, no blank line, so a headers-only message.
    assert!(headers.ends_with("\r\n"));
    assert!(!headers.starts_with("\r\n") && !headers.contains("\r\n\r\n"));
    let m = message::parse(headers.as_bytes());
    assert!(m.headers_only());
    assert!(!m.line_endings_normalized);
});
