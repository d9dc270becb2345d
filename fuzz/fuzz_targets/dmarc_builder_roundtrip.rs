//! The DMARC builder's promise: whatever the model, `render()` prints a record that the parser
//! reads with no error and with the same meaning (the wizard's output always parses).
//!
//! Payload: byte 0 the policies and alignments, byte 1 the flags and `fo`, byte 2 `pct`, then
//! report addresses separated by NUL (`rua` before the first `|`, `ruf` after it).

#![no_main]

use authlens_engine::diag::Severity;
use authlens_engine::dmarc::build::DmarcBuilder;
use authlens_engine::dmarc::{record, Alignment, Policy};
use authlens_fuzz::{alphabet, input_text};
use libfuzzer_sys::fuzz_target;

fn policy(n: u8) -> Option<Policy> {
    [None, Some(Policy::None), Some(Policy::Quarantine), Some(Policy::Reject)][n as usize & 3]
}

fn alignment(n: u8) -> Option<Alignment> {
    [None, Some(Alignment::Relaxed), Some(Alignment::Strict), None][n as usize & 3]
}

fn addresses(s: &str) -> Vec<String> {
    s.split('\0').filter(|a| !a.is_empty()).map(String::from).collect()
}

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::DMARC);
    let head = text.as_bytes();
    let b = |i: usize| head.get(i).copied().unwrap_or(0);
    let tail = text.get(3..).unwrap_or("");
    let (rua, ruf) = tail.split_once('|').unwrap_or((tail, ""));
    let builder = DmarcBuilder {
        policy: policy(b(0)).unwrap_or(Policy::None),
        subdomain_policy: policy(b(0) >> 2),
        nonexistent_policy: policy(b(0) >> 4),
        dkim_alignment: alignment(b(0) >> 6),
        spf_alignment: alignment(b(1)),
        rua: addresses(rua),
        ruf: addresses(ruf),
        failure_options: ['0', '1', 'd', 's']
            .into_iter()
            .enumerate()
            .filter(|(i, _)| b(1) >> (2 + i) & 1 == 1)
            .map(|(_, c)| c)
            .collect(),
        testing: b(1) & 0x40 != 0,
        pct: (b(1) & 0x80 != 0).then_some(b(2)),
    };
    let text = builder.render();
    let r = record::parse(&text);
    let errors: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{text:?} has errors: {errors:?}");
    assert_eq!(r.policy, Some(builder.policy));
    assert_eq!(r.subdomain_policy, builder.subdomain_policy);
    assert_eq!(r.nonexistent_policy, builder.nonexistent_policy);
    assert_eq!(r.dkim_alignment, builder.dkim_alignment);
    assert_eq!(r.spf_alignment, builder.spf_alignment);
    assert_eq!(r.testing, builder.testing);
    let valid = |list: &[String]| list.iter().filter(|a| DmarcBuilder::valid_address(a).is_ok()).count();
    assert_eq!(r.rua.len(), valid(&builder.rua), "{text:?}");
    assert_eq!(r.ruf.len(), valid(&builder.ruf), "{text:?}");
});
