//! RFC 8463 Appendix A.3: the example message signed with ed25519-sha256 and rsa-sha256.

use authlens_engine::dkim::{verify_message, Options};
use authlens_engine::dns::zone::Zone;
use authlens_engine::message;

const KEYS: &str = r#"
brisbane._domainkey.football.example.com:
  - TXT: "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
test._domainkey.football.example.com:
  - TXT: "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
"#;

fn eml() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/dkim/rfc8463-a3.eml"
    ))
    .unwrap()
}

fn run(raw: &[u8]) -> Vec<authlens_engine::dkim::SignatureResult> {
    let zone = Zone::from_yaml(KEYS).unwrap();
    let msg = message::parse(raw);
    futures::executor::block_on(verify_message(
        &zone,
        &authlens_engine::crypto::RustCrypto,
        &msg,
        &Options {
            now: Some(1_528_637_909),
            allow_sha1: false,
        },
    ))
}

#[test]
fn both_signatures_verify() {
    let r = run(&eml());
    assert_eq!(r.len(), 2);
    for s in &r {
        assert_eq!(
            s.result, "pass",
            "{} {}: {:?} {:?}",
            s.selector, s.detail, s.reason, s.diagnosis
        );
        assert!(s.body_checked);
        assert_eq!(s.domain, "football.example.com");
    }
    assert_eq!(r[0].selector, "brisbane");
    assert_eq!(r[1].key.as_ref().unwrap().bits, Some(1024));
    assert!(r[1].findings.iter().any(|f| f.code == "dkim-key-weak"));
}

#[test]
fn pasted_with_lf_still_verifies() {
    let lf: Vec<u8> = eml().into_iter().filter(|b| *b != b'\r').collect();
    for s in run(&lf) {
        assert_eq!(s.result, "pass");
    }
}

#[test]
fn headers_only_verifies_without_the_body() {
    let raw = eml();
    let cut = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 2;
    for s in run(&raw[..cut]) {
        assert_eq!(s.result, "pass");
        assert!(!s.body_checked);
        assert!(s.detail.contains("body was not checked"));
    }
}

#[test]
fn tampering_is_caught_with_its_cause() {
    let raw = String::from_utf8(eml()).unwrap();
    let body = raw.replace("We lost the game.", "We won the game.");
    for s in run(body.as_bytes()) {
        assert_eq!((s.result, s.reason), ("fail", Some("body-hash-mismatch")));
        let d = s.diagnosis.unwrap();
        assert_ne!(
            d.body_hash_computed.as_deref(),
            Some(d.body_hash_claimed.as_str())
        );
    }
    let footer = format!("{raw}\r\n-- \r\nSent via the list\r\n");
    for s in run(footer.as_bytes()) {
        assert_eq!(s.reason, Some("body-hash-mismatch"));
        let causes = s.diagnosis.unwrap().likely_causes.join(" ");
        assert!(causes.contains("footer"), "{causes}");
    }
    let subject = raw.replace(
        "Subject: Is dinner ready?",
        "Subject: [list] Is dinner ready?",
    );
    for s in run(subject.as_bytes()) {
        assert_eq!((s.result, s.reason), ("fail", Some("signature-mismatch")));
    }
    // A prepended second Subject: h= lists subject twice, so the extra one is signed from the bottom
    // up and the original still matches... unless it is added at the bottom.
    let added = raw.replacen("\r\n\r\n", "\r\nSubject: Pay now\r\n\r\n", 1);
    for s in run(added.as_bytes()) {
        assert_eq!(s.result, "fail");
    }
}
