//! Address headers (RFC 5322 §3.4): From and the other address lists, Return-Path paths, and
//! RFC 2047 encoded words in display names, and the addresses written inside display names.

#![no_main]

use authlens_engine::message::address;
use authlens_fuzz::{alphabet, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::ADDRESS);
    for m in address::parse_mailboxes(&text) {
        assert_eq!(m.domain, m.domain.to_ascii_lowercase(), "domains are lower case");
        assert!(!m.domain.ends_with('.'), "domains have no final dot");
    }
    if let Some(p) = address::parse_path(&text) {
        assert!(!p.domain.ends_with('.'));
    }
    let decoded = address::decode_words(&text);
    // Addresses written in a display name (the message check's `message-display-name-address`).
    for a in address::addresses_in(&decoded) {
        let (local, domain) = a.rsplit_once('@').expect("an address has an @");
        assert!(!local.is_empty() && domain.contains('.'), "{a:?}");
        assert_eq!(a, a.to_ascii_lowercase(), "addresses are lower case");
    }
});
