//! DKIM key records (RFC 6376 §3.6.1; RSA sizes of RFC 8301, Ed25519 of RFC 8463), given as the
//! TXT text; `|` splits it into character-strings that are joined as a resolver hands them over.

#![no_main]

use authlens_engine::dkim::key;
use authlens_fuzz::{alphabet, assert_spans_within, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::DKIM_KEY);
    let k = key::parse(&text);
    assert_spans_within(&k.findings, text.len(), "dkim key");
    if k.revoked {
        assert!(k.key.is_none(), "a revoked key has no key");
    }
    let joined: String = text.split('|').collect();
    let _ = key::parse(&joined);
});
