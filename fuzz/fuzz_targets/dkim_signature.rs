//! DKIM-Signature header values (RFC 6376 §3.5) through the shared tag-list parser (§3.2).

#![no_main]

use authlens_engine::dkim::signature;
use authlens_engine::tags;
use authlens_fuzz::{alphabet, assert_spans_within, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::DKIM_SIG);
    let sig = signature::parse(&text);
    assert_spans_within(&sig.findings, text.len(), "dkim-signature");
    for t in &sig.tags {
        assert!(t.span.end <= text.len() && t.value_span.end <= text.len());
    }
    let _ = (sig.is_broken(), sig.tag("b"), sig.algorithm.map(|a| a.key_type()));
    let (tags, errors) = tags::parse(&text, 7);
    assert!(tags.iter().all(|t| t.span.end <= text.len() + 7));
    assert!(errors.iter().all(|e| e.span.end <= text.len() + 7));
});
