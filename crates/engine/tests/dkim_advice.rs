//! What the engine says about a key or a signature that cannot be trusted, in one place for
//! every view: a revoked key (RFC 6376 §3.6.1), an RSA key under 1024 bits (RFC 8301 §3.2), a
//! body shorter than `l=` (RFC 6376 §3.5). The messages are dkimpy's
//! (tests/scripts/gen-dkim-advice.py, tests/scripts/gen-dkim.py).

use authlens_engine::dkim::discover::ProbeStatus;
use authlens_engine::dkim::key::KeyState;
use authlens_engine::dkim::verify::BodyCheck;
use authlens_engine::dkim::{verify_message, Options, SignatureResult};
use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::zone::Zone;
use authlens_engine::domain::{self, Options as InspectOptions};
use authlens_engine::message;
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
    let mut r = block_on(verify_message(
        &zone,
        &authlens_engine::crypto::RustCrypto,
        &msg,
        &opts(),
    ));
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
            .starts_with("No usable key: rsa512 (key too short); key under 1024 bits (rsa512)"),
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
            .starts_with("Keys found under rsa2048; key revoked (revoked)"),
        "{}",
        line.verdict
    );
    assert_eq!(r.summary.journey[1].state, "done");
}

/// The message as a browser's text box gives it back: LF line ends, and the spaces and tabs at
/// the ends of lines dropped, as many mail programs' "copy" does.
fn pasted(name: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(format!("{DATA}/dkimpy/{name}.eml")).unwrap();
    text.split("\r\n")
        .map(|l| l.trim_end_matches([' ', '\t']))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

#[test]
fn a_paste_with_bare_lf_is_named_when_simple_canonicalization_broke() {
    // c=simple/simple: the dropped trailing spaces break the body hash, and the paste is named.
    let r = verify_bytes("dkimpy", &pasted("rsa-simple-simple"));
    assert_eq!((r.result, r.reason), ("fail", Some("body-hash-mismatch")));
    assert_eq!(
        r.detail,
        "the body is not the body that was signed (body hash mismatch); likely the paste, not the message: the text had bare LF line endings, and c=simple hashes every octet, so the spaces and tabs a paste drops break it (check the original .eml file instead)"
    );
    assert!(r.diagnosis.unwrap().likely_causes[0].contains("bare line endings"));
    // c=simple/relaxed: the body survives; the header block (the Subject's tab) does not.
    let r = verify_bytes("dkimpy", &pasted("rsa-simple-relaxed"));
    assert_eq!((r.result, r.reason), ("fail", Some("signature-mismatch")));
    assert!(r.detail.contains("likely the paste"), "{}", r.detail);
    // c=relaxed/relaxed: the same paste verifies.
    assert_eq!(
        verify_bytes("dkimpy", &pasted("rsa-relaxed-relaxed")).result,
        "pass"
    );
    // A relaxed failure with bare LF is the message's, not the paste's: not named.
    let r = verify_bytes("dkimpy", &pasted("tamper-body"));
    assert_eq!((r.result, r.reason), ("fail", Some("body-hash-mismatch")));
    assert_eq!(
        r.detail,
        "the body is not the body that was signed (body hash mismatch)"
    );
    // The original file with CRLF, simple and broken: not named either.
    let r = verify("dkimpy", "tamper-whitespace-simple");
    assert_eq!((r.result, r.reason), ("fail", Some("body-hash-mismatch")));
    assert!(!r.detail.contains("paste"), "{}", r.detail);
}

/// The fields a signature covers, leaves out and over-signs, as exact lists, and their findings.
#[test]
fn coverage_lists_are_exact() {
    use authlens_engine::message::check::{check, CheckOptions};
    let zone =
        Zone::from_yaml(&std::fs::read_to_string(format!("{DATA}/dkimpy/keys.yaml")).unwrap())
            .unwrap();
    let mut eml = b"Received: from mx.signer.example by mx.receiver.example; Fri, 27 Nov 2026 10:00:01 +0000\r\nReply-To: alice@elsewhere.example\r\n".to_vec();
    eml.extend(std::fs::read(format!("{DATA}/dkimpy/rsa-relaxed-relaxed.eml")).unwrap());
    let r = block_on(check(
        &zone,
        &authlens_engine::crypto::RustCrypto,
        &eml,
        &CheckOptions {
            dkim: opts(),
            ip: None,
            bulk: None,
        },
    ));
    assert_eq!(r.dkim[0].result, "pass", "fields outside h= change nothing");
    assert_eq!(
        r.dkim[0].signed_headers,
        ["from", "to", "subject", "date", "message-id", "from"]
    );
    let c = &r.coverage[0];
    assert_eq!(c.signed, ["from", "to", "subject", "date", "message-id"]);
    assert_eq!(c.unsigned, ["received", "reply-to"]);
    assert_eq!(c.recommended_unsigned, ["reply-to"]);
    assert_eq!(c.oversigned, ["from"]);
    assert_eq!(c.not_oversigned, ["subject"]);
    let found: Vec<(&str, &str)> = r
        .findings
        .iter()
        .filter(|f| f.code.starts_with("dkim-"))
        .map(|f| (f.code, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("dkim-headers-unsigned", "signature 1 does not sign reply-to: those fields can be changed in transit without breaking it"),
            ("dkim-not-oversigned", "signature 1 signs subject but does not over-sign it: a second one added above the signed one is not covered, and mail programs may show that one"),
        ]
    );
}
