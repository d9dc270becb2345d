//! The message check's findings about the message as a whole: who it claims to be from, where
//! replies go, fields that appear twice (no key is published, so DKIM plays no part there); then
//! the verdict's words and its status, over the fixture zones the page's tests use.

use authlens_engine::diag::{Finding, Severity};
use authlens_engine::dns::zone::Zone;
use authlens_engine::message::check::{check, CheckOptions, MessageCheck};
use futures::executor::block_on;

mod common;

const DKIM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/dkim");

fn findings(headers: &str) -> Vec<Finding> {
    let msg = format!("{headers}To: reader@example.net\r\nSubject: invoice\r\n\r\nbody\r\n");
    block_on(check(
        &Zone::new(),
        &authlens_engine::crypto::RustCrypto,
        msg.as_bytes(),
        &CheckOptions::default(),
    ))
    .findings
}

fn with<'a>(f: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.code == code).collect()
}

#[test]
fn an_address_of_another_domain_in_the_display_name_is_a_warning() {
    let f = findings("From: \"support@PayPal.com\" <billing@evil.example>\r\n");
    let w = with(&f, "message-display-name-address");
    assert_eq!(w.len(), 1, "{f:?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(
        w[0].message,
        "the From name shows support@paypal.com, but the message is from billing@evil.example"
    );

    // In a comment, unquoted, or hidden in an encoded word ("Chef ceo@corp.example").
    for from in [
        "From: Billing (accounts@bank.example) <x@evil.example>\r\n",
        "From: ceo@corp.example <ceo.corp@freemail.example>\r\n",
        "From: =?utf-8?B?Q2hlZiBjZW9AY29ycC5leGFtcGxl?= <x@evil.example>\r\n",
        // A lookalike that ends with the real name is another domain.
        "From: \"alerts@bank.example\" <alerts@bank.example.evil.example>\r\n",
    ] {
        assert_eq!(
            with(&findings(from), "message-display-name-address").len(),
            1,
            "{from}"
        );
    }
}

#[test]
fn the_senders_own_domain_in_the_display_name_is_fine() {
    for from in [
        "From: \"alerts@bank.example\" <noreply@mail.bank.example>\r\n",
        "From: \"news@mail.shop.example\" <news@shop.example>\r\n",
        "From: \"Alice Example\" <alice@example.com>\r\n",
        "From: Team @ Corp <team@corp.example>\r\n",
        "From: alice@example.com\r\n",
    ] {
        let f = findings(from);
        assert!(
            with(&f, "message-display-name-address").is_empty(),
            "{from}: {f:?}"
        );
    }
}

#[test]
fn replies_outside_the_from_domain_are_noted() {
    let f = findings("From: CEO <ceo@corp.example>\r\nReply-To: ceo.corp@freemail.example\r\n");
    let r = with(&f, "message-reply-to-elsewhere");
    assert_eq!(r.len(), 1, "{f:?}");
    assert_eq!(r[0].severity, Severity::Info);
    assert_eq!(
        r[0].message,
        "replies go to ceo.corp@freemail.example, outside the From domain corp.example"
    );
    for same in [
        "From: a@corp.example\r\nReply-To: Help <help@support.corp.example>\r\n",
        "From: a@corp.example\r\n",
        "From: a@mail.corp.example\r\nReply-To: b@corp.example\r\n",
    ] {
        assert!(
            with(&findings(same), "message-reply-to-elsewhere").is_empty(),
            "{same}"
        );
    }
}

#[test]
fn several_authors_and_repeated_fields_are_reported() {
    let f = findings("From: a@one.example, b@two.example\r\n");
    assert_eq!(with(&f, "message-multiple-from").len(), 1, "{f:?}");
    // The second author is not an address "shown in the name".
    assert!(with(&f, "message-display-name-address").is_empty(), "{f:?}");
    let f = findings("From: a@one.example\r\nFrom: ceo@corp.example\r\n");
    let d = with(&f, "message-duplicate-header");
    assert_eq!(d.len(), 1, "{f:?}");
    assert_eq!(d[0].severity, Severity::Error);
    assert!(
        d[0].message.starts_with("From appears 2 times"),
        "{}",
        d[0].message
    );
}

/// A message checked against every fixture zone (the keys of tests/data/dkim among them).
fn checked(bytes: &[u8], ip: Option<&str>) -> MessageCheck {
    let opts = CheckOptions {
        ip: ip.map(|i| i.parse().unwrap()),
        ..CheckOptions::default()
    };
    block_on(check(
        &common::zones(),
        &authlens_engine::crypto::RustCrypto,
        bytes,
        &opts,
    ))
}

fn dkim_file(path: &str) -> Vec<u8> {
    std::fs::read(format!("{DKIM}/{path}")).unwrap()
}

fn tampered_rfc8463() -> Vec<u8> {
    String::from_utf8(dkim_file("rfc8463-a3.eml"))
        .unwrap()
        .replace("We lost the game.", "We won the game.")
        .into_bytes()
}

#[test]
fn verdicts_name_no_reason_code_and_count_in_words() {
    // A signature's reason (`key-revoked`, `body-hash-mismatch`) is shown beside its result; the
    // summary, the DMARC explanations and the body's line say it in words or not at all.
    let mut messages: Vec<(String, Vec<u8>)> = std::fs::read_dir(format!("{DKIM}/dkimpy"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml") && !p.ends_with("big-1mb.eml"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    messages.push(("rfc8463 tampered".into(), tampered_rfc8463()));
    let mut failures = 0;
    for (name, bytes) in &messages {
        let r = checked(bytes, None);
        let mut texts = vec![r.summary.clone()];
        if let Some(d) = &r.dmarc {
            texts.push(d.explanation.clone());
            texts.extend(d.dkim.iter().map(|i| i.explanation.clone()));
        }
        texts.extend(r.dkim.iter().map(|s| s.body_text()));
        for reason in r.dkim.iter().filter_map(|s| s.reason) {
            failures += 1;
            for t in &texts {
                assert!(!t.contains(reason), "{name}: {reason} in {t:?}");
            }
        }
        assert!(!r.summary.contains("(s)"), "{name}: {}", r.summary);
    }
    assert!(failures >= 5, "{failures} failed signatures");
    let r = checked(&dkim_file("dkimpy/revoked.eml"), None);
    assert_eq!(
        r.summary,
        "No valid DKIM signature: the one signature, by signer.example, does not verify."
    );
    assert_eq!(
        r.dmarc.unwrap().dkim[0].explanation,
        "does not count: the signature did not pass, so its domain does not matter (signer.example is the From domain itself)"
    );
    assert_eq!(
        checked(&tampered_rfc8463(), None).summary,
        "Not authenticated: DMARC fails for football.example.com (p=reject). No valid DKIM signature: none of the 2 signatures verifies."
    );
}

#[test]
fn the_status_is_the_verdict_raised_to_the_worst_finding() {
    let spf_only = b"Return-Path: <bounce@example.com>\r\nFrom: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: spf\r\n\r\nHello.\r\n";
    for (name, bytes, ip, want) in [
        // Signed by the From domain; only information besides.
        (
            "rsa-relaxed-relaxed",
            dkim_file("dkimpy/rsa-relaxed-relaxed.eml"),
            None,
            "ok",
        ),
        // DMARC passes, but the second signature's key is 1024 bits (a warning).
        ("rfc8463", dkim_file("rfc8463-a3.eml"), None, "warning"),
        // No key: nothing authenticates the From domain, though no finding is worse than info.
        ("no-key", dkim_file("dkimpy/no-key.eml"), None, "warning"),
        // The key is revoked: an error among the signature's findings.
        ("revoked", dkim_file("dkimpy/revoked.eml"), None, "error"),
        ("tampered", tampered_rfc8463(), None, "error"),
        // DMARC passes on SPF alone; not being signed is a warning.
        ("spf pass", spf_only.to_vec(), Some("192.0.2.25"), "warning"),
        ("spf not evaluated", spf_only.to_vec(), None, "error"),
    ] {
        let r = checked(&bytes, ip);
        assert_eq!(r.status, want, "{name}: {} {:?}", r.summary, r.findings);
    }
}

#[test]
fn with_the_ip_given_the_verdict_says_why_spf_was_not_evaluated() {
    let msg = b"From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: no path\r\n\r\nHello.\r\n";
    let explanation = |ip| checked(msg, ip).dmarc.unwrap().explanation;
    assert!(explanation(None).ends_with("SPF was not evaluated (give the connecting IP)."));
    let given = explanation(Some("192.0.2.25"));
    assert!(
        given.ends_with("SPF was not evaluated: no Return-Path, and no Received field names the HELO of that IP."),
        "{given}"
    );
}
