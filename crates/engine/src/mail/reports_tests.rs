//! `find_reports` on the mailboxes of tests/scripts/gen-mail.py, whose expected.json was written by
//! that script independently of this code, and on what must stop or be refused.

use sha2::Digest;

use super::*;

fn data(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../tests/data/mail/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn hex(b: &[u8]) -> String {
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

#[test]
fn the_generated_mailboxes_give_what_the_script_wrote() {
    let expected: serde_json::Value =
        serde_json::from_slice(&data("generated/expected.json")).unwrap();
    let messages = expected["messages"].as_array().unwrap();
    for file in ["generated/reports.mbox", "generated/reports-crlf.mbox"] {
        let found = find_reports(file, &data(file), &Limits::default());
        assert_eq!(found.container, Some(Container::Mbox));
        assert!(found.complete);
        assert_eq!(found.messages, messages.len());
        let mut items = found.items.iter();
        for (n, m) in messages.iter().enumerate() {
            for want in m["reports"].as_array().unwrap() {
                let got = items
                    .next()
                    .unwrap_or_else(|| panic!("{file}: message {n}"));
                assert_eq!(got.mail.index, n);
                assert_eq!(got.mail.subject.as_deref(), m["subject"].as_str());
                assert_eq!(
                    got.mail.message_id.as_deref(),
                    Some(&*format!("<m{n}@reports.example>"))
                );
                let kind = want["kind"].as_str().unwrap();
                match (&got.report, kind) {
                    (Report::Aggregate { format, bytes }, "aggregate") => {
                        let f = serde_json::to_value(format).unwrap();
                        assert_eq!(f, want["format"]);
                        assert_eq!(hex(bytes), want["sha256"].as_str().unwrap(), "{file} {n}");
                        assert_eq!(got.name, want["name"].as_str().unwrap());
                        let read = got.read_aggregate(&Options::default()).unwrap();
                        let records: u64 = read.reports.iter().map(|r| r.record_count).sum();
                        assert_eq!(records, want["records"].as_u64().unwrap(), "{file} {n}");
                    }
                    (Report::TlsRpt { gzip, bytes }, "tlsrpt") => {
                        assert!(*gzip);
                        assert_eq!(hex(bytes), want["sha256"].as_str().unwrap());
                        assert_eq!(got.name, want["name"].as_str().unwrap());
                    }
                    (Report::Failure(r), "failure") => {
                        assert!(r.is_read());
                        assert_eq!(r.feedback_type().as_deref(), Some("auth-failure"));
                    }
                    (other, _) => panic!("{file}: message {n}: {other:?} is not {kind}"),
                }
            }
            let skipped_parts = found
                .skipped
                .iter()
                .filter(|s| s.mail.index == n && s.part.is_some())
                .count();
            assert_eq!(
                skipped_parts as u64,
                m["skipped_attachments"].as_u64().unwrap(),
                "{file}: message {n}: {:?}",
                found.skipped
            );
            let whole = found
                .skipped
                .iter()
                .any(|s| s.mail.index == n && s.part.is_none());
            assert_eq!(
                whole,
                m["reports"].as_array().unwrap().is_empty(),
                "{file} {n}"
            );
        }
        assert!(items.next().is_none());
        // The failure report's original was unescaped (mboxrd) and handed over whole.
        let (_, r) = found.failure().next().unwrap();
        let o = r.original.as_ref().unwrap();
        assert!(String::from_utf8_lossy(&o.bytes).contains("\nFrom the desk of the CEO"));
        // The forwarded one encloses headers only.
        let (_, r) = found.failure().nth(1).unwrap();
        assert_eq!(
            r.original.as_ref().unwrap().kind,
            failure::OriginalKind::Headers
        );
        // The damaged base64 of message 2 is said, with its place in the file.
        let damage = found
            .findings
            .iter()
            .find(|f| f.code == "mail-base64-damaged")
            .unwrap();
        assert!(damage.message.starts_with("message 2: "));
        let span = damage.span.unwrap();
        let bytes = data(file);
        let m2 = found
            .items
            .iter()
            .find(|i| i.mail.index == 2)
            .unwrap()
            .mail
            .offset;
        let m3 = found
            .items
            .iter()
            .find(|i| i.mail.index == 3)
            .unwrap()
            .mail
            .offset;
        assert!(span.start > m2 && span.end <= m3, "{span:?}");
        assert!(bytes[span.start..span.end].starts_with(b"PD94"));
        assert_eq!(found.aggregate().count(), 3);
        assert_eq!(found.tls().count(), 2);
    }
}

#[test]
fn one_eml_is_one_message() {
    let found = find_reports(
        "r.eml",
        &data("failure/rfc9991-dmarc.eml"),
        &Limits::default(),
    );
    assert_eq!(found.container, Some(Container::Eml));
    assert_eq!(found.items.len(), 1);
    let item = &found.items[0];
    assert_eq!(
        item.mail.subject.as_deref(),
        Some("FW: This is the original subject")
    );
    assert!(item.bytes().is_none());
    let bounce = find_reports("b.eml", &data("failure/bounce.eml"), &Limits::default());
    assert!(bounce.items.is_empty());
    assert!(bounce.findings.iter().any(|f| f.code == "mail-no-report"));
    assert!(bounce
        .skipped
        .iter()
        .any(|s| s.part.is_none() && s.reason.contains("no report")));
    assert!(bounce
        .skipped
        .iter()
        .any(|s| s.part.as_deref() == Some("2")));
}

#[test]
fn files_that_are_no_mail_are_refused_with_what_they_are() {
    let f = find_reports("x.pdf", b"%PDF-1.7\n", &Limits::default());
    assert_eq!(f.container, None);
    assert_eq!(f.findings[0].code, "mail-not-mail");
    assert!(f.findings[0].message.contains("PDF"));
    let f = find_reports(
        "r.xml",
        b"<?xml version=\"1.0\"?>\n<feedback>",
        &Limits::default(),
    );
    assert!(f.findings[0].message.contains("aggregate report"));
}

#[test]
fn limits_stop_the_reading_and_say_so() {
    let mbox = data("generated/reports.mbox");
    let limits = |f: &dyn Fn(&mut Limits)| {
        let mut l = Limits::default();
        f(&mut l);
        l
    };
    let codes = |f: &Found| f.findings.iter().map(|f| f.code).collect::<Vec<_>>();

    let f = find_reports("m", &mbox, &limits(&|l| l.max_messages = 3));
    assert_eq!(f.messages, 3);
    assert!(!f.complete);
    assert!(codes(&f).contains(&"mail-too-many-messages"));
    assert_eq!(f.items.len(), 3);

    let f = find_reports("m", &mbox, &limits(&|l| l.max_attachments = 2));
    assert!(codes(&f).contains(&"mail-too-many-attachments"));
    assert!(!f.complete);
    assert_eq!(f.items.len(), 2);

    let f = find_reports("m", &mbox, &limits(&|l| l.max_input_bytes = 1000));
    assert_eq!(codes(&f), ["mail-too-large"]);
    assert_eq!(f.messages, 0);

    // Oversized attachments are refused one by one; reading goes on.
    let f = find_reports("m", &mbox, &limits(&|l| l.max_decoded_bytes = 200));
    assert!(f.complete);
    assert!(f.aggregate().next().is_none());
    assert!(f.failure().count() == 2);
    assert!(f
        .skipped
        .iter()
        .any(|s| s.reason.contains("max_decoded_bytes")));

    let f = find_reports("m", &mbox, &limits(&|l| l.max_found_bytes = 1000));
    assert!(!f.complete);
    assert!(codes(&f).contains(&"mail-too-large"));
}

#[test]
fn a_gzip_bomb_is_refused_by_its_ratio() {
    use std::io::Write;
    let mut json = b"{\"organization-name\":\"x\",\"policies\":[],\"pad\":\"".to_vec();
    json.extend(std::iter::repeat_n(b' ', 5_000_000));
    json.extend_from_slice(b"\"}");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&json).unwrap();
    let gz = gz.finish().unwrap();
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &gz);
    let msg = format!(
        "From: a@b\nSubject: bomb\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=r.json.gz\n\n{b64}\n--x--\n"
    );
    let f = find_reports("bomb.eml", msg.as_bytes(), &Limits::default());
    assert!(f.items.is_empty());
    assert!(f
        .findings
        .iter()
        .any(|x| x.code == "mail-too-large" && x.message.contains("max_compression_ratio")));
    // With a ratio that allows it, it is a TLS report.
    let roomy = Limits {
        max_compression_ratio: 100_000,
        ..Limits::default()
    };
    assert_eq!(
        find_reports("bomb.eml", msg.as_bytes(), &roomy)
            .tls()
            .count(),
        1
    );
}

#[test]
fn never_panics_on_cut_or_random_mailboxes() {
    let mbox = data("generated/reports.mbox");
    let mut found = 0;
    for n in (0..mbox.len()).step_by(13) {
        let f = find_reports("cut", &mbox[..n], &Limits::default());
        found += f.items.len();
        assert!(serde_json::to_string(&f).is_ok());
    }
    assert!(found > 1000, "{found}");
    let mut seed = 4155u64;
    for len in [0, 1, 5, 64, 1000, 10_000] {
        for _ in 0..20 {
            let mut b: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    (seed >> 56) as u8
                })
                .collect();
            let _ = find_reports("r", &b, &Limits::default());
            b.splice(0..0, b"From x Mon Mar 02 10:00:00 2026\n".iter().copied());
            let _ = find_reports("r", &b, &Limits::default());
        }
    }
}

/// 50 MB of report mail, timed: `cargo test -p authlens-engine --release -- --ignored mail_50mb --nocapture`.
#[test]
#[ignore = "a timing, run on request"]
fn mail_50mb() {
    let mbox = data("generated/reports.mbox");
    let big: Vec<u8> = mbox.iter().copied().cycle().take(50_000_000).collect();
    let t = std::time::Instant::now();
    let f = find_reports("big", &big, &Limits::default());
    println!(
        "{} messages, {} reports in {:?}",
        f.messages,
        f.items.len(),
        t.elapsed()
    );
    assert!(f.messages > 50_000_000 / mbox.len() * 11 - 11);
}
