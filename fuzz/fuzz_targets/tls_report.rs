//! TLS-RPT reports (`tls_report`): JSON or gzip read into reports, then totalled.
//!
//! The input is the file as it is. The totals must agree with the reports they add up: a
//! connection counted once, failures by type never more than the failures reported.

#![no_main]

use authlens_engine::tls_report::{read_file, summarize, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = Options {
        max_json_bytes: 1 << 20,
        max_compression_ratio: 200,
    };
    let file = read_file("fuzz.json", data, &options);
    assert!(file.json_bytes <= options.max_json_bytes);
    // A file that gives no report says why.
    assert!(file.is_read() || !file.findings.is_empty());
    let t = summarize(&file.reports);
    let by_policy: u64 = t.by_policy.iter().map(|p| p.successful).sum();
    assert_eq!(by_policy, t.successful);
    let failed: u64 = t.by_policy.iter().map(|p| p.failed).sum();
    assert_eq!(failed, t.failed);
    assert!(t.reports + t.duplicates == file.reports.len() as u64);
});
