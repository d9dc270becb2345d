//! TXT presentation round trip: character-strings printed in zone-file syntax (RFC 1035 §5.1, as
//! `RData::presentation` and Cloudflare's DoH JSON write them) read back by
//! `doh::parse_txt_data` as the same strings, boundaries included (RFC 7208 §3.3 needs them).
//!
//! Payload: the strings, separated by NUL. In raw mode the strings hold any octet.

#![no_main]

use authlens_engine::dns::{RData, Txt};
use authlens_engine::dns::doh;
use authlens_fuzz::{alphabet, input_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, bytes) = input_bytes(data, alphabet::TXT);
    let strings: Vec<Vec<u8>> = bytes.split(|b| *b == 0).map(<[u8]>::to_vec).collect();
    let txt = Txt::new(strings);
    let shown = RData::Txt(txt.clone()).presentation();
    let back = doh::parse_txt_data(&shown);
    assert_eq!(back.strings(), txt.strings(), "{shown:?}");
    assert!(back.boundaries_known());
    // And the text itself, as any `data` value, never panics.
    let _ = doh::parse_txt_data(&String::from_utf8_lossy(&bytes));
});
