//! Tests of [`super`] (validate.rs).

use super::*;
use crate::dns::zone::Zone;
use crate::message;

fn set(i: u32, cv: &str) -> Vec<String> {
    vec![
        format!("ARC-Seal: i={i}; a=rsa-sha256; cv={cv}; d=example.org; s=dummy; b=AAAA"),
        format!("ARC-Message-Signature: i={i}; a=rsa-sha256; d=example.org; s=dummy;\r\n h=from; bh=AAAA; b=AAAA"),
        format!("ARC-Authentication-Results: i={i}; mx.example.org; spf=pass smtp.mailfrom=example.org"),
    ]
}

fn run(headers: &[String]) -> ArcReport {
    let text = format!(
        "{}\r\nFrom: a@example.org\r\n\r\nbody\r\n",
        headers.join("\r\n")
    );
    let msg = message::parse(text.as_bytes());
    futures::executor::block_on(validate(
        &Zone::new(),
        &crate::crypto::RustCrypto,
        &msg,
        &Options::default(),
    ))
}

#[test]
fn no_chain_is_none() {
    let r = run(&[]);
    assert_eq!((r.cv, r.reason), (ChainStatus::None, None));
    assert!(r.sets.is_empty() && r.findings.is_empty());
}

#[test]
fn structural_rules() {
    let chain = |sets: &[(u32, &str)]| -> Vec<String> {
        sets.iter().rev().flat_map(|(i, cv)| set(*i, cv)).collect()
    };
    let mut dup = chain(&[(1, "none")]);
    dup.push(set(1, "none")[1].clone());
    let mut missing = chain(&[(1, "none"), (2, "pass")]);
    missing.retain(|h| !h.starts_with("ARC-Authentication-Results: i=2"));
    let mut no_instance = chain(&[(1, "none")]);
    no_instance.push("ARC-Seal: a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA".into());
    let mut sealed_h = chain(&[(1, "none")]);
    sealed_h[0].push_str("; h=from");
    // (case, headers, expected reason, expected code among the findings)
    let table: Vec<(&str, Vec<String>, &str, &str)> = vec![
        (
            "gap",
            chain(&[(1, "none"), (3, "pass")]),
            "instance-gap",
            "arc-structure",
        ),
        (
            "no set 1",
            chain(&[(2, "pass")]),
            "instance-gap",
            "arc-structure",
        ),
        ("duplicate AMS", dup, "structure", "arc-structure"),
        ("missing AAR", missing, "structure", "arc-structure"),
        (
            "51 sets",
            chain(&[(51, "pass")]),
            "too-many-sets",
            "arc-too-many-sets",
        ),
        (
            "latest cv=fail",
            chain(&[(1, "none"), (2, "fail")]),
            "cv-fail-in-chain",
            "arc-chain-failed",
        ),
        (
            "older cv=fail",
            chain(&[(1, "fail"), (2, "pass")]),
            "cv-fail-in-chain",
            "arc-chain-failed",
        ),
        (
            "i=1 cv=pass",
            chain(&[(1, "pass")]),
            "cv-invalid",
            "arc-structure",
        ),
        (
            "i=2 cv=none",
            chain(&[(1, "none"), (2, "none")]),
            "cv-invalid",
            "arc-structure",
        ),
        ("no instance", no_instance, "syntax", "arc-syntax"),
        ("seal with h=", sealed_h, "syntax", "arc-syntax"),
        // Sound structure: the keys are looked up, and the empty zone has none.
        (
            "sound",
            chain(&[(1, "none"), (2, "pass")]),
            "no-key",
            "arc-no-key",
        ),
    ];
    for (case, headers, reason, code) in table {
        let r = run(&headers);
        assert_eq!(r.cv, ChainStatus::Fail, "{case}");
        assert_eq!(r.reason, Some(reason), "{case}: {}", r.detail);
        assert!(!r.temporary, "{case}");
        assert_eq!(r.oldest_pass, None, "{case}");
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&code), "{case}: {codes:?}");
        assert!(codes.contains(&"arc-historic"), "{case}");
    }
}

#[test]
fn sets_are_laid_out_for_display() {
    let headers: Vec<String> = [set(2, "pass"), set(1, "none")].concat();
    let r = run(&headers);
    assert_eq!(r.sets.len(), 2);
    let s = &r.sets[1];
    assert_eq!(s.instance, 2);
    let seal = s.seal.as_ref().unwrap();
    assert_eq!(
        (seal.domain.as_str(), seal.selector.as_str()),
        ("example.org", "dummy")
    );
    assert_eq!(seal.chain_status, Some(ChainStatus::Pass));
    let aar = s.auth_results.as_ref().unwrap();
    assert_eq!(aar.results.authserv_id, "mx.example.org");
    assert_eq!(aar.results.results[0].method, "spf");
    // Keys missing: the latest AMS fails first, but every check was made.
    assert_eq!(s.ams_check.result, Outcome::PermError);
    assert_eq!(
        s.ams_check.key_name.as_deref(),
        Some("dummy._domainkey.example.org")
    );
    assert_eq!(s.seal_check.reason, Some("no-key"));
    // Spans point into the message.
    let msg_text = format!(
        "{}\r\nFrom: a@example.org\r\n\r\nbody\r\n",
        headers.join("\r\n")
    );
    let span = s.seal_span.unwrap();
    assert!(msg_text[span.start..span.end].starts_with("ARC-Seal: i=2"));
    let d = seal.tags.iter().find(|t| t.name == "d").unwrap();
    assert_eq!(
        &msg_text[d.value_span.start..d.value_span.end],
        "example.org"
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["cv"], "fail");
    assert_eq!(json["sets"][0]["seal_check"]["result"], "permerror");
}

#[test]
fn structure_failure_checks_nothing() {
    let r = run(&set(2, "pass"));
    assert_eq!(r.reason, Some("instance-gap"));
    assert_eq!(r.sets[0].seal_check.result, Outcome::NotChecked);
    assert!(r.sets[0].ams_check.detail.starts_with("not checked"));
}

#[test]
fn same_offsets() {
    assert_eq!(
        crate::message::same_offsets_text(b"a\xffb\xe2\x82"),
        "a?b??"
    );
    assert_eq!(crate::message::same_offsets_text("é".as_bytes()), "é");
}

/// Truncated, garbled and hostile ARC fields: every input gives a report, none panics.
#[test]
fn no_panics_on_garbage() {
    let base: String = [set(2, "pass"), set(1, "none")].concat().join("\r\n");
    let garbage = [
        "ARC-Seal:",
        "ARC-Seal: ;;;;",
        "ARC-Seal: i=",
        "ARC-Seal: i=99999999999999999999; cv=pass",
        "ARC-Seal: i=50; cv=fail; b=====",
        "ARC-Message-Signature: i=1; l=99999999999999999999; bh=; b=",
        "ARC-Message-Signature: i=1; a=rsa-sha256; d=x; s=y; h=::::; bh=AAAA; b=AAAA; l=18446744073709551615",
        "ARC-Authentication-Results:",
        "ARC-Authentication-Results: i",
        "ARC-Authentication-Results: i=",
        "ARC-Authentication-Results: (((",
        "ARC-Authentication-Results: i=1; reason=\"unterminated",
        "ARC-Seal: i=1; b=\u{fffd}\u{0}; d=\u{202e}; s=é",
    ];
    for g in garbage {
        for with_base in [false, true] {
            let text = if with_base {
                format!("{g}\r\n{base}\r\n\r\nx")
            } else {
                format!("{g}\r\n\r\nx")
            };
            let r = futures::executor::block_on(validate(
                &Zone::new(),
                &crate::crypto::RustCrypto,
                &message::parse(text.as_bytes()),
                &Options {
                    now: Some(0),
                    allow_sha1: false,
                },
            ));
            assert_eq!(r.cv, ChainStatus::Fail, "{g}");
        }
    }
    let bytes = base.as_bytes();
    for cut in 0..bytes.len() {
        let mut garbled = bytes.to_vec();
        garbled[cut] = garbled[cut].wrapping_add(0x80);
        for input in [&bytes[..cut], &garbled[..]] {
            let r = futures::executor::block_on(validate(
                &Zone::new(),
                &crate::crypto::RustCrypto,
                &message::parse(input),
                &Options::default(),
            ));
            assert_ne!(r.cv, ChainStatus::Pass);
        }
    }
}
