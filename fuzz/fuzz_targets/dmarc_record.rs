//! DMARC records (RFC 9989 §4.7, RFC 7489 §6.3): parse, the written and effective values, and the
//! explanation entry of every tag.

#![no_main]

use authlens_engine::dmarc::{assess, explain, record};
use authlens_fuzz::{alphabet, assert_spans_within, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::DMARC);
    let _ = record::is_dmarc_record(&text);
    let r = record::parse(&text);
    assert_spans_within(&r.findings, text.len(), "dmarc");
    let _ = (
        r.effective_policy(),
        r.effective_subdomain_policy(),
        r.effective_nonexistent_policy(),
        r.effective_dkim_alignment(),
        r.effective_spf_alignment(),
        r.has_error(),
        r.tag("p"),
        assess::Enforcement::of_record(&r).stage(),
        assess::Enforcement::of_record(&r).account(),
    );
    for t in &r.tags {
        if let Some(name) = explain::TagName::parse(&t.name) {
            let _ = explain::entry(name);
        }
    }
});
