//! Tests of [`super`] (discover.rs).

use super::*;

fn valid_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[test]
fn the_provider_table_is_well_formed() {
    let mut ids = std::collections::HashSet::new();
    for p in PROVIDERS {
        assert!(ids.insert(p.id), "{} twice", p.id);
        assert!(valid_label(p.id), "{}", p.id);
        assert!(!p.name.is_empty() && !p.note.is_empty(), "{}", p.id);
        assert!(
            !p.mx_suffixes.is_empty() || !p.spf_includes.is_empty(),
            "{}: nothing detects it",
            p.id
        );
        for s in p.selectors {
            assert!(valid_label(s), "{}: selector {s:?}", p.id);
            assert!(selector_problem(s).is_none());
        }
        let mut seen = std::collections::HashSet::new();
        assert!(p.selectors.iter().all(|s| seen.insert(*s)), "{}", p.id);
        if p.selectors.is_empty() {
            assert!(
                p.note.contains("cannot be guessed"),
                "{}: say why no selector is tried",
                p.id
            );
        }
        for h in p.mx_suffixes.iter().chain(p.spf_includes.iter()) {
            assert_eq!(normalize_name(h), *h, "{}: {h}", p.id);
            assert!(h.contains('.') && !h.starts_with('.'), "{}: {h}", p.id);
        }
    }
    let mut seen = std::collections::HashSet::new();
    for s in COMMON {
        assert!(valid_label(s) && seen.insert(*s), "{s}");
    }
    assert!((10..=15).contains(&COMMON.len()));
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn detect_matches_suffixes_on_label_boundaries() {
    let ids = |mx: &[&str], spf: &[&str]| -> Vec<&str> {
        detect(&strings(mx), &strings(spf))
            .iter()
            .map(|p| p.id)
            .collect()
    };
    assert_eq!(
        ids(&["Contoso-com.mail.protection.OUTLOOK.com."], &[]),
        ["microsoft365"]
    );
    assert_eq!(ids(&["smtp.google.com"], &[]), ["google"]);
    assert_eq!(
        ids(&["aspmx.l.google.com", "alt1.aspmx.l.google.com"], &[]),
        ["google"]
    );
    // MX first, then includes; each provider once.
    assert_eq!(
        ids(
            &["in1-smtp.messagingengine.com"],
            &["sendgrid.net", "_spf.google.com", "spf.messagingengine.com"]
        ),
        ["fastmail", "sendgrid", "google"]
    );
    assert_eq!(
        ids(&["mx.notgoogle.com", "google.com.evil.example"], &[]),
        Vec::<&str>::new()
    );
    assert_eq!(ids(&[], &["eu._netblocks.mimecast.com"]), ["mimecast"]);
    assert_eq!(ids(&[], &["spf.brevo.com"]), ["brevo"]);
    assert_eq!(ids(&[], &["1234567.spf01.hubspotemail.net"]), ["hubspot"]);
}

#[test]
fn candidates_are_ordered_and_unique() {
    let ms = PROVIDERS.iter().find(|p| p.id == "microsoft365").unwrap();
    let google = PROVIDERS.iter().find(|p| p.id == "google").unwrap();
    let c = candidates(
        &strings(&[
            " Selector2 ",
            "mine,other",
            "s1._domainkey.example.com",
            "bad selector!",
        ]),
        &[ms, google],
    );
    let sel: Vec<&str> = c.iter().map(|c| c.selector.as_str()).collect();
    assert_eq!(
        &sel[..7],
        [
            "selector2",
            "mine",
            "other",
            "s1",
            "bad",
            "selector!",
            "selector1"
        ]
    );
    assert_eq!(c[0].source, Source::User);
    assert_eq!(
        c[6].source,
        Source::Provider {
            id: "microsoft365",
            name: "Microsoft 365"
        }
    );
    assert_eq!(sel[7], "google");
    assert!(matches!(c[7].source, Source::Provider { id: "google", .. }));
    assert!(c[8..].iter().all(|c| c.source == Source::Common));
    let mut seen = std::collections::HashSet::new();
    assert!(sel.iter().all(|s| seen.insert(*s)), "{sel:?}");
    assert_eq!(c.len(), 7 + 1 + COMMON.len() - 4);
    assert!(selector_problem("selector!").is_some());
}

#[test]
fn selector_syntax() {
    for ok in ["s1", "2024-01.mail", "a_b"] {
        assert_eq!(selector_problem(ok), None, "{ok}");
    }
    for bad in ["", "a..b", ".a", "a b", "é", &"x".repeat(64)] {
        assert!(selector_problem(bad).is_some(), "{bad:?}");
    }
}

#[test]
fn what_looks_like_a_key() {
    assert!(looks_like_key("v=DKIM1; p=abc"));
    assert!(looks_like_key("k=rsa; p=abc"));
    assert!(looks_like_key("p="));
    assert!(!looks_like_key("v=spf1 -all"));
    assert!(!looks_like_key("google-site-verification=abc"));
    assert!(!looks_like_key("hello world"));
}
