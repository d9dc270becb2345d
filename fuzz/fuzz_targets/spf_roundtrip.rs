//! SPF `Display` round trip: a parsed record prints back exactly as it was written, and the
//! printed text parses to the same record (RFC 7208 records keep case, spacing and qualifiers).

#![no_main]

use authlens_engine::spf;
use authlens_fuzz::{alphabet, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::SPF);
    let record = spf::parse(&text);
    let printed = record.to_string();
    assert_eq!(printed, text, "Display gives the record back as written");
    assert_eq!(spf::parse(&printed), record, "the printed record parses the same");
    for t in &record.terms {
        // Each term, printed from its parsed parts, is the text it was parsed from.
        assert_eq!(t.to_string(), t.text, "term {:?}", t.text);
    }
});
