//! Splitting mbox exports: the generated mailbox, the shapes Thunderbird and Gmail write, escapes.

use super::*;

fn generated(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../tests/data/mail/generated/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn the_generated_mailboxes_split_into_their_messages() {
    let lf = generated("reports.mbox");
    let crlf = generated("reports-crlf.mbox");
    assert!(is_mbox(&lf) && is_mbox(&crlf));
    let a: Vec<Entry> = messages(&lf).collect();
    let b: Vec<Entry> = messages(&crlf).collect();
    assert_eq!(a.len(), 11);
    assert_eq!(b.len(), 11);
    for (x, y) in a.iter().zip(&b) {
        assert!(lf[x.offset..].starts_with(b"From "));
        assert!(crlf[y.offset..].starts_with(b"From "));
        assert!(x.bytes.starts_with(b"From: "), "{}", x.index);
        // The same message, whatever the line ends.
        let y_lf = String::from_utf8_lossy(&y.bytes).replace("\r\n", "\n");
        assert_eq!(String::from_utf8_lossy(&x.bytes), y_lf);
        assert!(!x.bytes.ends_with(b"\n\n"));
    }
    // Message 5 had a body line "From the desk ...", escaped by the writer and unescaped here.
    assert_eq!(a[5].unescaped, 1);
    assert!(a[5].bytes.windows(14).any(|w| w == b"\nFrom the desk"));
    assert!(matches!(a[0].bytes, std::borrow::Cow::Borrowed(_)));
}

#[test]
fn thunderbird_gmail_and_escapes() {
    let mbox = b"\xEF\xBB\xBF\nFrom - Mon Mar  2 10:00:00 2026\nX-Mozilla-Status: 0001\nSubject: one\n\nFrom the start of a line, unescaped, not a separator\n>From escaped once\n>>From escaped twice\n\nFrom 1790@xxx Tue Mar 03 10:00:00 +0000 2026\nX-GM-THRID: 1\nSubject: two\n\nbody\n";
    assert!(is_mbox(mbox));
    let m: Vec<Entry> = messages(mbox).collect();
    assert_eq!(m.len(), 2);
    assert_eq!(
        &*m[0].bytes,
        &b"X-Mozilla-Status: 0001\nSubject: one\n\nFrom the start of a line, unescaped, not a separator\nFrom escaped once\n>From escaped twice\n"[..]
    );
    assert_eq!(m[0].unescaped, 2);
    assert_eq!(m[1].index, 1);
    assert_eq!(&*m[1].bytes, b"X-GM-THRID: 1\nSubject: two\n\nbody\n");
    assert_eq!(&mbox[m[1].start..m[1].start + 12], b"X-GM-THRID: ");
    assert!(!is_mbox(b"From: a@example.com\n\nbody"));
    assert!(!is_mbox(b""));
    assert_eq!(messages(b"").count(), 0);
}

#[test]
fn every_cut_splits_without_panic() {
    let lf = generated("reports.mbox");
    for n in (0..lf.len()).step_by(7) {
        let total: usize = messages(&lf[..n]).map(|m| m.bytes.len()).sum();
        assert!(total <= n);
    }
}

#[test]
fn a_large_mbox_is_one_pass() {
    // 50 MB of messages: split without copying any of them.
    let one = b"From 1@xxx Mon Mar 02 10:00:00 +0000 2026\nSubject: s\n\nline of text that is not a separator From here\n\n";
    let big: Vec<u8> = one
        .iter()
        .copied()
        .cycle()
        .take(one.len() * (50_000_000 / one.len()))
        .collect();
    let mut n = 0;
    for m in messages(&big) {
        assert!(matches!(m.bytes, std::borrow::Cow::Borrowed(_)));
        n += 1;
    }
    assert_eq!(n, 50_000_000 / one.len());
}
