//! What the engine says about a key or a signature that cannot be trusted, in one place for
//! every view: a revoked key (RFC 6376 §3.6.1), an RSA key under 1024 bits (RFC 8301 §3.2), a
//! body shorter than `l=` (RFC 6376 §3.5). The messages are dkimpy's
//! (tests/scripts/gen-dkim-advice.py, tests/scripts/gen-dkim.py).

use authlens_engine::cache::SessionCache;
use authlens_engine::dkim::discover::ProbeStatus;
use authlens_engine::dkim::key::KeyState;
use authlens_engine::dkim::verify::BodyCheck;
use authlens_engine::dkim::{verify_message, Options, SignatureResult};
use authlens_engine::domain::{self, Options as InspectOptions};
use authlens_engine::message;
use authlens_engine::zone::Zone;
use futures::executor::block_on;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/dkim");

fn opts() -> Options {
    Options {
        now: Some(1_800_000_000),
        allow_sha1: false,
    }
}

fn verify_bytes(dir: &str, bytes: &[u8]) -> SignatureResult {
    let zone =
        Zone::from_yaml(&std::fs::read_to_string(format!("{DATA}/{dir}/keys.yaml")).unwrap())
            .unwrap();
    let msg = message::parse(bytes);
    let mut r = block_on(verify_message(&zone, &msg, &opts()));
    assert_eq!(r.len(), 1);
    r.remove(0)
}

fn verify(dir: &str, name: &str) -> SignatureResult {
    verify_bytes(
        dir,
        &std::fs::read(format!("{DATA}/{dir}/{name}.eml")).unwrap(),
    )
}

#[test]
fn dkimpy_verdicts_of_the_advice_messages() {
    // dkimpy (with its minimum key size lowered to 512) passes the 512-bit signature: the
    // signature itself is good, and the engine's failure is RFC 8301's refusal, not a mismatch.
    let manifest: std::collections::BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(format!("{DATA}/advice/manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["rsa-512"], "pass");
    assert_eq!(manifest["length"], "pass");
    assert_eq!(manifest["length-truncated"], "fail");
    assert_eq!(verify("advice", "length").result, "pass");
}

#[test]
fn a_revoked_key_fails_and_the_body_is_not_called_headers_only() {
    let r = verify("dkimpy", "revoked");
    assert_eq!((r.result, r.reason), ("fail", Some("key-revoked")));
    let key = r.key.as_ref().unwrap();
    assert_eq!(key.state, KeyState::Revoked);
    assert_eq!(key.describe(), "RSA, revoked (empty p=)");
    assert_eq!(r.body, BodyCheck::NotReached);
    assert!(!r.body_checked);
    assert_eq!(
        r.body_text(),
        "not checked: the key is revoked (empty p=, RFC 6376 §3.6.1), so the signature fails whatever the body"
    );
    // The same message as headers only: then, and only then, "headers only".
    let full = std::fs::read(format!("{DATA}/dkimpy/revoked.eml")).unwrap();
    let at = full.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let h = verify_bytes("dkimpy", &full[..at + 2]);
    assert_eq!((h.result, h.body), ("fail", BodyCheck::HeadersOnly));
    assert_eq!(h.body_text(), "not checked (headers only)");
}

#[test]
fn a_key_under_1024_bits_fails_per_rfc_8301() {
    let r = verify("advice", "rsa-512");
    assert_eq!((r.result, r.reason), ("fail", Some("key-too-short")));
    assert_eq!(
        r.detail,
        "a 512-bit key is under the 1024 bits RFC 8301 requires (§3.2): verifiers must not accept the signature"
    );
    let key = r.key.as_ref().unwrap();
    assert_eq!((key.bits, key.state), (Some(512), KeyState::TooShort));
    assert_eq!(
        key.describe(),
        "RSA 512 bits, under the 1024 bits RFC 8301 requires"
    );
    let codes: Vec<&str> = r.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["dkim-key-too-short"]);
    assert_eq!(r.body, BodyCheck::NotReached);
    assert!(r.body_text().contains("RFC 8301"), "{}", r.body_text());
}

#[test]
fn a_body_shorter_than_l_fails_with_its_reason() {
    let r = verify("advice", "length-truncated");
    assert_eq!((r.result, r.reason), ("fail", Some("body-too-short")));
    assert_eq!(r.body_length, Some(32));
    // "Hello Bob,\r\n\r\n" is what is left; relaxed, without its empty last line (§3.4.4 c):
    // "Hello Bob,\r\n", 12 octets of the 32 signed.
    assert_eq!(
        r.detail,
        "l=32 but the canonicalized body has only 12 octets: the body is shorter than the part that was signed, so it is not the signed body (RFC 6376 §3.5)"
    );
    assert_eq!(
        r.body_text(),
        "checked: shorter than the 32 octets l= says were signed (RFC 6376 §3.5)"
    );
    assert!(r.findings.iter().any(|f| f.code == "dkim-body-length"));
}

/// The domain card, the summary line and the journey read one key state.
#[test]
fn the_domain_page_reads_one_key_state() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/zones");
    let mut zone = Zone::new();
    for f in ["dkim-advice.yaml", "dkim-keys.yaml"] {
        zone.merge(
            Zone::from_yaml(&std::fs::read_to_string(format!("{dir}/{f}")).unwrap()).unwrap(),
        );
    }
    let cache = SessionCache::new(zone);
    let inspect = |domain: &str, selectors: &[&str]| {
        block_on(domain::inspect(
            &cache,
            domain,
            &InspectOptions {
                selectors: selectors.iter().map(|s| s.to_string()).collect(),
            },
        ))
    };
    let r = inspect("advice.example", &["rsa512"]);
    let p = &r.dkim.probes[0];
    assert_eq!(
        (p.status, p.state),
        (ProbeStatus::Found, KeyState::TooShort)
    );
    assert_eq!(
        p.key_text().as_deref(),
        Some("RSA 512 bits, under the 1024 bits RFC 8301 requires")
    );
    assert_eq!(r.dkim.headline(), "No usable key: rsa512 (key too short)");
    let line = r
        .summary
        .lines
        .iter()
        .find(|l| l.protocol == "DKIM")
        .unwrap();
    assert_eq!(
        (line.status, line.code),
        ("error", Some("dkim-key-too-short"))
    );
    assert!(
        line.verdict
            .starts_with("No usable key: rsa512 (key too short); a 512-bit RSA key"),
        "{}",
        line.verdict
    );
    assert_eq!(r.summary.journey[1].state, "todo");

    let r = inspect("signer.example", &["revoked", "rsa2048"]);
    let states: Vec<(&str, KeyState)> = r
        .dkim
        .probes
        .iter()
        .map(|p| (p.selector.as_str(), p.state))
        .collect();
    assert_eq!(
        states,
        [("revoked", KeyState::Revoked), ("rsa2048", KeyState::Found)]
    );
    assert_eq!(
        r.dkim.probes[0].key_text().as_deref(),
        Some("RSA, revoked (empty p=)")
    );
    assert_eq!(
        r.dkim.headline(),
        "1 key found (17 selectors tried); not usable: revoked (key revoked)"
    );
    let line = r
        .summary
        .lines
        .iter()
        .find(|l| l.protocol == "DKIM")
        .unwrap();
    assert!(
        line.verdict
            .starts_with("Keys found under rsa2048; p= is empty"),
        "{}",
        line.verdict
    );
    assert_eq!(r.summary.journey[1].state, "done");
}
