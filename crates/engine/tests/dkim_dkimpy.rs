//! Messages signed by dkimpy (tests/scripts/gen-dkim.py) with keys generated for them: every
//! canonicalization pair, both algorithms, and tampered copies. Our verdict must be dkimpy's,
//! except where RFC 8301 asks verifiers to be stricter (rsa-sha1), which is checked as such.

use std::collections::BTreeMap;

use authlens_engine::dkim::{verify_message, Options, SignatureResult};
use authlens_engine::dns::zone::Zone;
use authlens_engine::message;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/dkim/dkimpy");

fn verify(name: &str, opts: &Options) -> SignatureResult {
    let zone =
        Zone::from_yaml(&std::fs::read_to_string(format!("{DIR}/keys.yaml")).unwrap()).unwrap();
    let msg = message::parse(&std::fs::read(format!("{DIR}/{name}.eml")).unwrap());
    let mut r = futures::executor::block_on(verify_message(
        &zone,
        &authlens_engine::crypto::RustCrypto,
        &msg,
        opts,
    ));
    assert_eq!(r.len(), 1, "{name}");
    r.remove(0)
}

#[test]
fn same_verdict_as_dkimpy() {
    let manifest: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/manifest.json")).unwrap())
            .unwrap();
    assert!(manifest.len() >= 20);
    let opts = Options {
        now: Some(1_800_000_000),
        allow_sha1: false,
    };
    let mut checked = 0;
    for (name, want) in &manifest {
        let r = verify(name, &opts);
        let ours = if r.result == "pass" { "pass" } else { "fail" };
        if name == "rsa-sha1" {
            assert_eq!(
                (r.result, r.reason),
                ("fail", Some("sha1")),
                "RFC 8301: sha1 is not accepted by default"
            );
            let lax = verify(
                name,
                &Options {
                    allow_sha1: true,
                    ..opts.clone()
                },
            );
            assert_eq!(
                lax.result,
                want.as_str(),
                "with sha1 allowed, dkimpy's verdict"
            );
        } else {
            assert_eq!(
                ours, want,
                "{name}: {} {:?} {}",
                r.result, r.reason, r.detail
            );
        }
        checked += 1;
    }
    println!("{checked} dkimpy messages: same verdict");
}

#[test]
fn reasons_for_each_failure() {
    let opts = Options {
        now: Some(1_800_000_000),
        allow_sha1: false,
    };
    for (name, result, reason) in [
        ("tamper-body", "fail", "body-hash-mismatch"),
        ("tamper-footer", "fail", "body-hash-mismatch"),
        ("tamper-whitespace-simple", "fail", "body-hash-mismatch"),
        ("tamper-subject", "fail", "signature-mismatch"),
        ("tamper-header-case-simple", "fail", "signature-mismatch"),
        ("tamper-key-swap", "fail", "key-type-mismatch"),
        ("revoked", "fail", "key-revoked"),
        ("no-key", "permerror", "no-key"),
    ] {
        let r = verify(name, &opts);
        assert_eq!(
            (r.result, r.reason),
            (result, Some(reason)),
            "{name}: {}",
            r.detail
        );
    }
    let footer = verify("tamper-footer", &opts);
    assert!(footer
        .diagnosis
        .unwrap()
        .likely_causes
        .iter()
        .any(|c| c.contains("footer")));
    // The whole header block that was hashed, written out by hand from tamper-subject.eml per
    // RFC 6376 §3.4.2 (relaxed): names in lower case, values unfolded, runs of WSP made one SP,
    // none at the ends or around the colon; the fields in h= order (the second `from` has no
    // field left and adds nothing, §5.4.2); the signature last, b= empty, without its CRLF (§3.7).
    let subject = verify("tamper-subject", &opts);
    assert_eq!(
        subject.diagnosis.unwrap().canonical_headers,
        concat!(
            "from:Alice Example <alice@signer.example>\r\n",
            "to:bob@receiver.example\r\n",
            "subject:[list] Quarterly report\r\n",
            "date:Fri, 27 Nov 2026 10:00:00 +0000\r\n",
            "message-id:<q4@signer.example>\r\n",
            "dkim-signature:v=1; a=rsa-sha256; c=relaxed/relaxed; d=signer.example; ",
            "i=@signer.example; q=dns/txt; s=rsa2048; t=1795892314; h=from : to : ",
            "subject : date : message-id : from; ",
            "bh=ovV3+weMV/aN8AyKoHyWH+BeoUvLUZXqVPEKXiLByBk=; b=",
        )
    );
    let ws = verify("tamper-whitespace-simple", &opts);
    let d = ws.diagnosis.unwrap();
    // c=simple (§3.4.1): the fields exactly as they are, the signature's folding kept.
    let raw = std::fs::read_to_string(format!("{DIR}/tamper-whitespace-simple.eml")).unwrap();
    let (head, _) = raw.split_once("\r\n\r\n").unwrap();
    let (sig, fields) = head.split_once("\r\nFrom: ").unwrap();
    let b_at = sig.find(" b=").unwrap();
    assert_eq!(
        d.canonical_headers,
        format!("From: {fields}\r\n{} b=", &sig[..b_at])
    );
    assert!(
        d.likely_causes.iter().any(|c| c.contains("relaxed")),
        "{:?}",
        d.likely_causes
    );
    let short = verify("rsa-1024", &opts);
    assert_eq!(short.result, "pass");
    assert!(short.findings.iter().any(|f| f.code == "dkim-key-weak"));
    let length = verify("length-appended", &opts);
    assert_eq!(length.result, "pass");
    assert!(length.findings.iter().any(|f| f.code == "dkim-body-length"));
}
