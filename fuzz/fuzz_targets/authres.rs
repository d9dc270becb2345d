//! Authentication-Results header values (RFC 8601), read tolerantly, and the same text as the
//! payload of an ARC-Authentication-Results (RFC 8617 §4.1.1).

#![no_main]

use authlens_engine::arc;
use authlens_engine::message::authres;
use authlens_fuzz::{alphabet, assert_spans_within, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::AUTHRES);
    let ar = authres::parse(&text);
    for r in &ar.results {
        assert!(!r.method.contains(char::is_whitespace));
        let _ = r.property("header.d");
    }
    let aar = arc::parse_auth_results(&text, 3);
    assert_spans_within(&aar.findings, text.len() + 3, "arc-authentication-results");
});
