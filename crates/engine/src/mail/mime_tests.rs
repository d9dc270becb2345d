//! The MIME walk on structures written by hand, damaged, nested and split past the limits.

use super::*;

fn codes(t: &Tree) -> Vec<&'static str> {
    t.findings.iter().map(|f| f.code).collect()
}

const NESTED: &str = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\npreamble\r\n--outer\r\nContent-Type: text/plain\r\n\r\nhello\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\nContent-Type: text/plain\r\n\r\nplain\r\n--inner\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<b>caf=C3=A9</b>\r\n--inner--\r\n--outer \r\nContent-Type: application/gzip\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment;\r\n filename*0*=UTF-8''r%C3%A9;\r\n filename*1=\"port.xml.gz\"\r\n\r\naGVsbG8gd29ybGQ=\r\n--outer--\r\nepilogue\r\n";

#[test]
fn a_nested_tree_with_paths_names_and_decoded_leaves() {
    let t = parse(NESTED.as_bytes(), &MimeLimits::default());
    assert!(t.complete, "{:?}", t.findings);
    assert!(t.findings.is_empty());
    let all = t.root.all();
    let shape: Vec<(&str, &str)> = all
        .iter()
        .map(|e| (e.path.as_str(), e.mime_type()))
        .collect();
    assert_eq!(
        shape,
        [
            ("", "multipart/mixed"),
            ("1", "text/plain"),
            ("2", "message/rfc822"),
            ("2", "multipart/alternative"),
            ("2.1", "text/plain"),
            ("2.2", "text/html"),
            ("3", "application/gzip"),
        ]
    );
    assert_eq!(all[1].leaf(), Some(&b"hello"[..]));
    assert_eq!(all[5].leaf(), Some("<b>café</b>".as_bytes()));
    assert_eq!(all[6].leaf(), Some(&b"hello world"[..]));
    assert_eq!(all[6].filename.as_deref(), Some("réport.xml.gz"));
    assert!(all[6].is_attachment() && !all[1].is_attachment());
    assert_eq!(all[3].header.get("subject"), Some("inner"));
    // Offsets point into the message.
    let at = all[4].offset.unwrap();
    assert!(NESTED[at..].starts_with("Content-Type: text/plain\r\n\r\nplain"));
}

#[test]
fn lf_only_reads_the_same() {
    let lf = NESTED.replace("\r\n", "\n");
    let crlf = parse(NESTED.as_bytes(), &MimeLimits::default());
    let t = parse(lf.as_bytes(), &MimeLimits::default());
    let leaves = |t: &Tree| -> Vec<Vec<u8>> {
        t.root
            .all()
            .iter()
            .filter_map(|e| e.leaf().map(|b| b.to_vec()))
            .collect()
    };
    let expect: Vec<Vec<u8>> = leaves(&crlf)
        .into_iter()
        .map(|b| {
            String::from_utf8(b)
                .unwrap()
                .replace("\r\n", "\n")
                .into_bytes()
        })
        .collect();
    assert_eq!(leaves(&t), expect);
}

#[test]
fn damaged_base64_is_decoded_and_reported_with_its_place() {
    let data: Vec<u8> = (0..200u8).collect();
    let clean = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &data);
    let mut damaged = String::new();
    for (i, c) in clean.trim_end_matches('=').chars().enumerate() {
        damaged.push(c);
        if i % 50 == 49 {
            damaged.push_str(" \r\n\r");
        }
        if i == 120 {
            damaged.push('*');
        }
    }
    let msg = format!(
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n{damaged}\n--b--\n"
    );
    let t = parse(msg.as_bytes(), &MimeLimits::default());
    let leaf = t.root.all()[1];
    assert_eq!(leaf.leaf(), Some(&data[..]));
    assert_eq!(codes(&t), ["mail-base64-damaged"]);
    let f = &t.findings[0];
    assert_eq!(f.severity, crate::diag::Severity::Warning);
    assert!(f.message.contains("1 character(s)"), "{}", f.message);
    // The span starts at the junk character.
    assert_eq!(&msg[f.span.unwrap().start..f.span.unwrap().start + 1], "*");
    // Spaces and missing padding alone: information, the content whole.
    let mild = msg.replace('*', "");
    let t = parse(mild.as_bytes(), &MimeLimits::default());
    assert_eq!(t.findings[0].severity, crate::diag::Severity::Info);
    assert_eq!(t.root.all()[1].leaf(), Some(&data[..]));
}

#[test]
fn an_unclosed_boundary_reads_to_the_end() {
    let msg = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b\r\nContent-Type: text/plain\r\n\r\ntwo, cut";
    let t = parse(msg, &MimeLimits::default());
    assert!(!t.complete);
    assert_eq!(codes(&t), ["mail-boundary-unclosed"]);
    let all = t.root.all();
    assert_eq!(all[2].leaf(), Some(&b"two, cut"[..]));
    assert!(matches!(t.root.body, Body::Multipart { closed: false, .. }));
}

#[test]
fn a_boundary_that_is_missing_or_never_written() {
    for msg in [
        &b"Content-Type: multipart/mixed\r\n\r\nbody"[..],
        b"Content-Type: multipart/mixed; boundary=zz\r\n\r\n--z\r\nbody",
    ] {
        let t = parse(msg, &MimeLimits::default());
        assert_eq!(codes(&t), ["mail-boundary-missing"]);
        assert!(t.root.leaf().is_some());
    }
    // A longer boundary that starts with the same text is not a delimiter.
    let t = parse(
        b"Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n\r\nx\r\n--ab\r\n--a--\r\n",
        &MimeLimits::default(),
    );
    assert_eq!(t.root.all()[1].leaf(), Some(&b"x\r\n--ab"[..]));
}

/// A message enclosed `n` deep, and a multipart nested `n` deep.
fn nested(n: usize, multipart: bool) -> Vec<u8> {
    let mut m = b"Subject: core\r\n\r\nthe core\r\n".to_vec();
    for i in 0..n {
        let mut outer = if multipart {
            format!("Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n").into_bytes()
        } else {
            format!("Subject: level {i}\r\nContent-Type: message/rfc822\r\n\r\n").into_bytes()
        };
        outer.extend_from_slice(&m);
        if multipart {
            outer.extend_from_slice(format!("\r\n--b{i}--\r\n").as_bytes());
        }
        m = outer;
    }
    m
}

#[test]
fn a_hundred_levels_deep_stops_at_the_limit() {
    for multipart in [false, true] {
        let t = parse(&nested(100, multipart), &MimeLimits::default());
        assert!(!t.complete);
        assert_eq!(codes(&t), ["mail-too-deep"]);
        let deepest = t.root.all().iter().map(|e| e.depth).max().unwrap();
        assert_eq!(deepest, MimeLimits::default().max_depth);
        // With room, the core is reached.
        let roomy = MimeLimits {
            max_depth: 200,
            max_parts: 1000,
        };
        let t = parse(&nested(100, multipart), &roomy);
        assert!(t.complete && t.findings.is_empty());
        assert!(t
            .root
            .all()
            .iter()
            .any(|e| e.leaf() == Some(&b"the core\r\n"[..])));
    }
}

#[test]
fn ten_thousand_parts_stop_at_the_limit() {
    let mut m = b"Content-Type: multipart/mixed; boundary=p\r\n\r\n".to_vec();
    for i in 0..10_000 {
        m.extend_from_slice(
            format!("--p\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n").as_bytes(),
        );
    }
    m.extend_from_slice(b"--p--\r\n");
    let t = parse(&m, &MimeLimits::default());
    assert!(!t.complete);
    assert_eq!(codes(&t), ["mail-too-many-parts"]);
    let leaves = t.root.all().iter().filter(|e| e.leaf().is_some()).count();
    assert_eq!(leaves, MimeLimits::default().max_parts - 1);
    let t = parse(
        &m,
        &MimeLimits {
            max_depth: 20,
            max_parts: 20_000,
        },
    );
    assert!(t.complete);
    let all = t.root.all();
    assert_eq!(all.len(), 10_001);
    assert_eq!(all[10_000].leaf(), Some(&b"part 9999"[..]));
}

#[test]
fn digest_parts_default_to_messages_and_unknown_encodings_are_kept() {
    let t = parse(
        b"Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: one\r\n\r\nx\r\n--d--\r\n",
        &MimeLimits::default(),
    );
    assert_eq!(t.root.all()[1].mime_type(), "message/rfc822");
    let t = parse(
        b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 x\r\n",
        &MimeLimits::default(),
    );
    assert_eq!(codes(&t), ["mail-encoding-unknown"]);
    assert_eq!(t.root.leaf(), Some(&b"begin 644 x\r\n"[..]));
}

#[test]
fn every_cut_of_a_nested_message_reads_without_panic() {
    let bytes = NESTED.as_bytes();
    for n in 0..=bytes.len() {
        let t = parse(&bytes[..n], &MimeLimits::default());
        assert!(t.parts >= 1);
    }
}
