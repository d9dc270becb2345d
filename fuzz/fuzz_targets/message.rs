//! The whole message intake (`message::check::check`): header parsing, From / Return-Path,
//! Received timeline and dates, Authentication-Results, every DKIM-Signature verified (canonical
//! forms, body hashes, RSA and Ed25519), the ARC chain, SPF for the given IP and DMARC.
//!
//! DNS is an in-memory zone holding the keys the test messages were signed with (dkimpy and the
//! ARC suite), so mutations of the seeds reach the signature checks. The mode byte also chooses
//! whether a client IP is given (bit 1), which turns on SPF.

#![no_main]

use std::net::{IpAddr, Ipv4Addr};
use std::sync::OnceLock;

use authlens_engine::dkim;
use authlens_engine::message::{self, check};
use authlens_engine::dns::zone::Zone;
use authlens_fuzz::{alphabet, input_bytes};
use libfuzzer_sys::fuzz_target;

fn zone() -> &'static Zone {
    static ZONE: OnceLock<Zone> = OnceLock::new();
    ZONE.get_or_init(|| {
        let mut z = Zone::from_yaml(include_str!("../../tests/data/dkim/dkimpy/keys.yaml"))
            .expect("the dkimpy key zone parses");
        z.merge(
            Zone::from_yaml(include_str!("../../tests/fixtures/zones/arc.yaml"))
                .expect("the ARC key zone parses"),
        );
        z.merge(
            Zone::new()
                .with_txt("_dmarc.signer.example", &["v=DMARC1; p=reject; adkim=s"])
                .with_txt("signer.example", &["v=spf1 ip4:192.0.2.0/24 include:spf.example.org ~all"])
                .with_txt("_dmarc.example.org", &["v=DMARC1; p=quarantine"])
                .with_txt("spf.example.org", &["v=spf1 a mx exists:%{i}.%{d} -all"]),
        );
        z
    })
}

fuzz_target!(|data: &[u8]| {
    let (_, bytes) = input_bytes(data, alphabet::MESSAGE);
    let flags = data.first().copied().unwrap_or(0);
    let opts = check::CheckOptions {
        dkim: dkim::Options {
            now: Some(1_800_000_000),
            allow_sha1: flags & 4 != 0,
        },
        ip: (flags & 2 != 0).then_some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7))),
        bulk: (flags & 8 != 0).then_some(flags & 16 != 0),
    };
    let msg = message::parse(&bytes);
    for h in &msg.headers {
        assert!(h.span.start <= h.span.end && h.span.end <= msg.raw.len());
        let _ = h.value();
    }
    let r = futures::executor::block_on(check::check(zone(), &authlens_engine::crypto::RustCrypto, &bytes, &opts));
    // Coverage is worked out for the signatures that are verified, the first MAX_SIGNATURES.
    assert_eq!(
        r.dkim.len().min(dkim::MAX_SIGNATURES),
        r.coverage.len(),
        "one coverage per verified signature"
    );
    assert_eq!(r.header_count, msg.headers.len());
});
