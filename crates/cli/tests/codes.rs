//! `authlens codes`: the catalogue of finding codes, and docs/codes.md made from it.

mod common;

use common::authlens;

#[test]
fn docs_codes_md_is_the_catalogue() {
    let (code, out, err) = authlens(&["codes", "--markdown"]);
    assert_eq!(code, 0, "{err}");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/codes.md");
    let written = std::fs::read_to_string(path).expect("docs/codes.md");
    assert!(
        written == out,
        "docs/codes.md is not what the engine's catalogue says: regenerate it with\n  \
         cargo run -q -p authlens-cli -- codes --markdown > docs/codes.md"
    );
}

#[test]
fn every_code_once_kebab_case_and_explained() {
    let (code, out, err) = authlens(&["codes", "--json"]);
    assert_eq!(code, 0, "{err}");
    let list: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(list.len() > 100, "{} codes", list.len());
    let mut seen = std::collections::HashSet::new();
    for e in &list {
        let c = e["code"].as_str().unwrap();
        assert!(seen.insert(c), "{c} twice");
        assert!(
            c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !c.starts_with('-')
                && !c.ends_with('-')
                && !c.contains("--"),
            "{c} is not kebab-case"
        );
        assert!(
            matches!(e["severity"].as_str(), Some("error" | "warning" | "info")),
            "{e}"
        );
        for key in ["title", "explanation", "suggestion", "rfc"] {
            assert!(!e[key].as_str().unwrap().is_empty(), "{c}: no {key}");
        }
    }
    // The text form lists the same codes.
    let (_, text, _) = authlens(&["codes"]);
    for c in &seen {
        assert!(
            text.contains(&format!("  {c} ")),
            "{c} not in the text form"
        );
    }
}
