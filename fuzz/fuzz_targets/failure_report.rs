//! Failure reports (`failure`): an ARF `multipart/report` (RFC 5965), its loose and plain-text
//! cousins, the feedback fields and the enclosed message.
//!
//! The input is one message. What the reader keeps must agree with itself: each known field
//! found again by its name, the enclosed message's size its length, and nothing left unread
//! without saying why.

#![no_main]

use authlens_engine::failure;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = failure::read(data);
    if !r.is_read() {
        assert!(r.fields.is_empty());
        assert!(!r.findings.is_empty());
        return;
    }
    for f in &r.fields {
        if let Some(known) = f.known {
            assert!(r.all(known).any(|v| v == f.value));
        }
    }
    if let Some(o) = &r.original {
        assert_eq!(o.size, o.bytes.len());
    }
});
