//! Failure reports written after RFC 5965 Appendix B, RFC 6591's examples and RFC 9991's, and
//! the shapes gateways send instead, read from tests/data/mail/failure/.

use super::*;
use crate::mail::mime::{self, MimeLimits};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../tests/data/mail/failure/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn codes(r: &FailureReport) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

#[test]
fn rfc5965_simple_report_is_a_complaint_with_its_original() {
    let r = read(&fixture("rfc5965-b1-simple.eml"));
    assert_eq!(r.form, Some(Form::Arf));
    assert_eq!(r.feedback_type().as_deref(), Some("abuse"));
    assert_eq!(r.get(FieldName::UserAgent), Some("SomeGenerator/1.0"));
    assert!(r.human.as_deref().unwrap().contains("email abuse report"));
    let o = r.original.as_ref().unwrap();
    assert_eq!(o.kind, OriginalKind::Message);
    assert!(o.complete);
    // The original goes to the message check as it is.
    let m = crate::message::parse(&o.bytes);
    assert_eq!(m.first("Subject").unwrap().value(), "Earn money");
    // Four lines of 14 octets, CRLF-normalized; the last line end belongs to the delimiter
    // (RFC 2046 §5.1.1).
    assert_eq!(m.body().unwrap().len(), 3 * 16 + 14);
    assert_eq!(codes(&r), ["failure-report-not-auth-failure"]);
    assert!(r.lacks.is_empty());
}

#[test]
fn rfc5965_full_report_keeps_unknown_fields_and_repeats() {
    let r = read(&fixture("rfc5965-b2-full.eml"));
    assert_eq!(r.fields.len(), 13);
    assert_eq!(r.all(FieldName::ReportedUri).count(), 2);
    assert_eq!(
        r.get(FieldName::AuthenticationResults),
        Some("mail.example.com; spf=fail smtp.mail=somespammer@example.com")
    );
    let unknown: Vec<&Field> = r.fields.iter().filter(|f| f.known.is_none()).collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        (unknown[0].name.as_str(), unknown[0].value.as_str()),
        ("Removal-Recipient", "user@example.com")
    );
    assert!(unknown[0].entry().is_none());
    // Every known field explains itself.
    let source = r.fields.iter().find(|f| f.name == "Source-IP").unwrap();
    assert_eq!(source.entry().unwrap().rfc, "RFC 5965 §3.2");
    assert!(codes(&r).contains(&"failure-report-unknown-field"));
    assert!(!codes(&r).contains(&"failure-report-duplicate-field"));
}

#[test]
fn rfc6591_dkim_report_with_headers_only() {
    let r = read(&fixture("rfc6591-dkim.eml"));
    assert_eq!(r.get(FieldName::AuthFailure), Some("bodyhash"));
    assert_eq!(r.get(FieldName::DkimSelector), Some("news"));
    // The examples' Received-Date is read, as the unregistered name it is.
    let rd = r.fields.iter().find(|f| f.name == "Received-Date").unwrap();
    assert_eq!(rd.entry().unwrap().status, crate::explain::Status::Legacy);
    let o = r.original.as_ref().unwrap();
    assert_eq!(o.kind, OriginalKind::Headers);
    let m = crate::message::parse(&o.bytes);
    assert!(m
        .first("DKIM-Signature")
        .unwrap()
        .value()
        .contains("s=news"));
    assert_eq!(codes(&r), ["failure-report-headers-only"]);
}

#[test]
fn rfc6591_spf_report_with_a_base64_original() {
    let r = read(&fixture("rfc6591-spf.eml"));
    assert_eq!(r.get(FieldName::AuthFailure), Some("spf"));
    assert_eq!(
        r.get(FieldName::SpfDns),
        Some("txt : example.net : \"v=spf1 ip4:198.51.100.0/24 -all\"")
    );
    let o = r.original.as_ref().unwrap();
    assert_eq!(o.kind, OriginalKind::Message);
    assert!(o.bytes.starts_with(b"From: <randomuser@example.net>\n"));
    assert!(o.bytes.ends_with(b"\n\nHello.\n"));
    assert!(codes(&r).is_empty(), "{:?}", r.findings);
}

#[test]
fn rfc9991_dmarc_report() {
    let r = read(&fixture("rfc9991-dmarc.eml"));
    assert_eq!(r.form, Some(Form::Arf));
    assert_eq!(r.get(FieldName::AuthFailure), Some("dmarc"));
    assert_eq!(r.get(FieldName::IdentityAlignment), Some("dkim"));
    assert_eq!(r.get(FieldName::SourcePort), Some("12345"));
    assert!(r.lacks.is_empty());
    assert_eq!(codes(&r), ["failure-report-unknown-field"]);
    let m = crate::message::parse(&r.original.as_ref().unwrap().bytes);
    assert_eq!(
        m.first("Message-ID").unwrap().value(),
        "<original@consumer.example>"
    );
}

#[test]
fn plain_text_reports_are_read_as_far_as_they_go() {
    let r = read(&fixture("plain-text.eml"));
    assert_eq!(r.form, Some(Form::PlainText));
    assert_eq!(r.get(FieldName::SourceIp), Some("203.0.113.7"));
    assert_eq!(
        r.get(FieldName::AuthenticationResults),
        Some("gateway.example; dmarc=fail header.from=example.com")
    );
    assert_eq!(r.fields.len(), 7);
    let o = r.original.as_ref().unwrap();
    assert_eq!(o.kind, OriginalKind::Inline);
    assert!(o.bytes.starts_with(b"Received: from unknown"));
    assert!(o.complete);
    let m = crate::message::parse(&o.bytes);
    assert_eq!(m.first("Subject").unwrap().value(), "Verify your account");
    // Auth-Failure: dmarc without Identity-Alignment (RFC 9991).
    assert_eq!(
        r.lacks,
        [
            Lack::MultipartReport,
            Lack::FeedbackPart,
            Lack::Field(FieldName::IdentityAlignment)
        ]
    );
    assert!(codes(&r).contains(&"failure-report-plain-text"));

    let r = read(&fixture("plain-text-no-original.eml"));
    assert_eq!(r.form, Some(Form::PlainText));
    assert!(r.lacks.contains(&Lack::Original));
    assert!(r.lacks.contains(&Lack::Field(FieldName::UserAgent)));
    assert!(r.lacks.contains(&Lack::Field(FieldName::Version)));
    assert!(codes(&r).contains(&"failure-report-no-original"));
}

#[test]
fn loose_parts_and_bad_values() {
    let r = read(&fixture("loose.eml"));
    assert_eq!(r.form, Some(Form::Loose));
    assert_eq!(r.lacks, [Lack::MultipartReport]);
    let c = codes(&r);
    assert!(c.contains(&"failure-report-not-arf"));
    // Delivery-Result: quarantine and Incidents: many.
    assert_eq!(
        c.iter()
            .filter(|c| **c == "failure-report-bad-value")
            .count(),
        2
    );
    assert!(r.original.is_some());
}

#[test]
fn a_bounce_is_no_failure_report() {
    let r = read(&fixture("bounce.eml"));
    assert_eq!(r.form, None);
    assert!(!r.is_read());
    assert_eq!(
        codes(&r),
        ["failure-report-not-arf", "failure-report-unreadable"]
    );
    assert_eq!(r.findings[0].severity, crate::diag::Severity::Error);
}

#[test]
fn values_against_the_registries() {
    for (field, value, bad) in [
        (FieldName::IdentityAlignment, "none", false),
        (FieldName::IdentityAlignment, "dkim, spf", false),
        (FieldName::IdentityAlignment, "spf,spf", true),
        (FieldName::IdentityAlignment, "arc", true),
        (FieldName::SourceIp, "2001:db8::1", false),
        (FieldName::SourceIp, "192.0.2.300", true),
        (FieldName::Version, "1", false),
        (FieldName::Version, "0.1", true),
        (FieldName::FeedbackType, "Auth-Failure", false),
        (FieldName::AuthFailure, "dkim", true),
        (FieldName::Incidents, "12", false),
    ] {
        assert_eq!(bad_value(field, value).is_some(), bad, "{field:?} {value}");
    }
}

#[test]
fn a_report_cut_inside_its_original_says_so() {
    let whole = fixture("rfc9991-dmarc.eml");
    let text = String::from_utf8(whole.clone()).unwrap();
    let at = text.find("Received: from mail.forwarder").unwrap();
    let r = read(&whole[..at]);
    assert!(!r.original.as_ref().unwrap().complete);
    assert!(codes(&r).contains(&"failure-report-truncated"));
    // Cut before the original: the report says it has none.
    let at = text
        .find("--=_mime_boundary_\nContent-Type: message/rfc822")
        .unwrap();
    let r = read(&whole[..at]);
    assert!(r.lacks.contains(&Lack::Original));
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "mail-boundary-unclosed"));
}

/// A small deterministic generator: no `rand` in the engine's tests.
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

#[test]
fn never_panics_on_any_cut_garbled_or_random_input() {
    let mut seed = 9991;
    let mut read_some = 0;
    for name in [
        "rfc5965-b1-simple.eml",
        "rfc5965-b2-full.eml",
        "rfc6591-dkim.eml",
        "rfc6591-spf.eml",
        "rfc9991-dmarc.eml",
        "plain-text.eml",
        "loose.eml",
        "bounce.eml",
    ] {
        let bytes = fixture(name);
        for n in 0..=bytes.len() {
            let r = read(&bytes[..n]);
            read_some += usize::from(r.is_read());
            // Serializing must not panic either (the CLI's JSON).
            assert!(serde_json::to_string(&r).is_ok());
        }
        for _ in 0..200 {
            let mut b = bytes.clone();
            for _ in 0..4 {
                let i = lcg(&mut seed) as usize % b.len();
                b[i] = lcg(&mut seed) as u8;
            }
            let _ = read(&b);
        }
    }
    assert!(read_some > 1000, "{read_some}");
    for len in 0..300 {
        let b: Vec<u8> = (0..len).map(|_| lcg(&mut seed) as u8).collect();
        assert!(
            !read(&b).is_read()
                || b.windows(14)
                    .any(|w| w.eq_ignore_ascii_case(b"feedback-type:"))
        );
        let _ = mime::parse(&b, &MimeLimits::default());
    }
}
