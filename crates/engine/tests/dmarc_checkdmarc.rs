//! Our DMARC record verdicts against checkdmarc's (tests/scripts/gen-checkdmarc.py) on a corpus of
//! records written for the purpose. Every difference is listed below with the RFC 9989 reason.

use std::collections::BTreeMap;

use authlens_engine::dmarc::parse;

#[derive(serde::Deserialize)]
struct Theirs {
    valid: bool,
    p: Option<String>,
    sp: Option<String>,
    np: Option<String>,
}

/// Records where we disagree with checkdmarc, and why RFC 9989 sides with us.
const EXPLAINED: &[(&str, &str)] = &[
    ("v=DMARC1", "no p= and no rua=: RFC 9989 §5.3 says receivers then apply no DMARC processing at all, so the record does nothing; we call that an error, checkdmarc accepts it"),
    ("v=DMARC1; p=reject; adkim=x", "RFC 9989 §4.7: an invalid value is ignored and the default (relaxed) applies, so the publisher's intent is lost; we report it as an error, checkdmarc only parses"),
    ("v=DMARC1; p=reject; aspf=strict", "same: aspf takes r or s; `strict` is ignored and relaxed applies"),
    ("v=DMARC1; p=reject; pct=150", "pct (legacy, RFC 7489 §6.3) takes 0-100; receivers that honour pct ignore an invalid one, so it does not mean what was written"),
    ("v=DMARC1; p=reject; pct=abc", "same: pct=abc is ignored by receivers that still read pct"),
    ("v=DMARC1; p=reject;; rua=mailto:dmarc@example.com", "the RFC 9989 grammar has no empty tag, but receivers skip it and the record works as written; checkdmarc's parser rejects the whole record, we accept it"),
];

#[test]
fn same_verdicts_as_checkdmarc_or_explained() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/dmarc");
    let theirs: BTreeMap<String, Theirs> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/checkdmarc.json")).unwrap())
            .unwrap();
    assert!(theirs.len() >= 50, "a corpus of at least 50 records");
    let mut unexplained = Vec::new();
    let mut explained_used = 0;
    for (rec, t) in &theirs {
        let ours = parse(rec);
        let ours_valid = !ours.has_error();
        let explained = EXPLAINED.iter().find(|(r, _)| r == rec);
        if ours_valid != t.valid {
            match explained {
                Some(_) => explained_used += 1,
                None => unexplained.push(format!(
                    "{rec:?}: ours valid={ours_valid}, checkdmarc valid={}; {:?}",
                    t.valid,
                    ours.findings
                        .iter()
                        .map(|f| f.message.as_str())
                        .collect::<Vec<_>>()
                )),
            }
            continue;
        }
        if ours_valid && explained.is_none() {
            // Same verdict: the effective policies must agree too.
            let eff = [
                ours.effective_policy(),
                ours.effective_subdomain_policy(),
                ours.effective_nonexistent_policy(),
            ]
            .map(|p| p.as_str().to_string());
            for (name, mine, other) in [
                ("p", &eff[0], &t.p),
                ("sp", &eff[1], &t.sp),
                ("np", &eff[2], &t.np),
            ] {
                if let Some(o) = other {
                    if o.to_ascii_lowercase() != *mine {
                        unexplained.push(format!("{rec:?}: {name} ours {mine}, checkdmarc {o}"));
                    }
                }
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "{} unexplained differences:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert_eq!(
        explained_used,
        EXPLAINED.len(),
        "every listed difference still occurs"
    );
    println!(
        "{} records, {} differences, each explained by RFC 9989",
        theirs.len(),
        explained_used
    );
}
