//! DMARC aggregate reports (RFC 9990, RFC 7489 Appendix C): the bytes of an uploaded file, XML,
//! gzip or zip, through the streaming reader, then the totals and the rollout advice built on
//! them. The engine's default limits apply (decompressed size, compression ratio, records, zip
//! entries), so a decompression bomb among the inputs is refused as it is in the page.

#![no_main]

use authlens_engine::aggregate::{self, Enforcement, Options};
use authlens_fuzz::{alphabet, input_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, bytes) = input_bytes(data, alphabet::XML);
    let file = aggregate::read_file("report.xml", &bytes, &Options::default());
    assert_eq!(file.size, bytes.len() as u64);
    let totals = aggregate::summarize(&file.reports);
    let _ = totals.results.dmarc_pass_rate();
    let _ = aggregate::next_step(&totals);
    for p in [Enforcement::Quarantine, Enforcement::Reject] {
        let _ = aggregate::impact(&totals, p);
    }
});
