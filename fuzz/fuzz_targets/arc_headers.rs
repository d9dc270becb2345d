//! ARC-Seal and ARC-Message-Signature values (RFC 8617 §4.1.2, §4.1.3).

#![no_main]

use authlens_engine::arc;
use authlens_fuzz::{alphabet, assert_spans_within, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::DKIM_SIG);
    let seal = arc::parse_seal(&text, 5);
    assert_spans_within(&seal.findings, text.len() + 5, "arc-seal");
    let ams = arc::parse_message_signature(&text, 5);
    assert_spans_within(&ams.findings, text.len() + 5, "arc-message-signature");
    let _ = ams.canonicalization();
    // Instance 0 is refused; numbers above MAX_INSTANCE are kept so the chain check can say so.
    assert_ne!(seal.instance, Some(0));
    assert_ne!(ams.instance, Some(0));
});
