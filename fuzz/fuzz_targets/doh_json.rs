//! DoH JSON answers (Google's and Cloudflare's dialects): the JSON, the CNAME chain, and the
//! presentation-format data of every record type the engine asks for.

#![no_main]

use authlens_engine::dns::RecordType;
use authlens_engine::dns::doh;
use authlens_fuzz::{alphabet, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::DOH_JSON);
    let flags = data.first().copied().unwrap_or(0) >> 1;
    let rtype = RecordType::ALL[flags as usize % RecordType::ALL.len()];
    let name = if flags & 0x40 != 0 { "Example.COM." } else { "example.com" };
    if let Ok(lookup) = doh::decode_json(&text, name, rtype) {
        assert!(!lookup.records.is_empty(), "an answer has records");
        assert!(lookup.records.iter().all(|r| r.record_type() == rtype));
        assert!(lookup.cname_chain.len() <= 16, "the CNAME chain is bounded");
        for r in &lookup.records {
            let _ = r.presentation();
        }
    }
    // The `data` field alone, for each type.
    for t in RecordType::ALL {
        let _ = doh::parse_rdata(t, &text);
    }
    let _ = doh::Provider::parse(&text);
});
