//! Several SPF records at one name (a permerror) merged into the one record that should replace
//! them, for the SPF card's suggestion and its lookup count.

use super::record::{Mechanism, Modifier, Record, TermKind};

/// One record with the terms of all of them: each mechanism once, in order, then the first `all`
/// (or, when none has one, the first `redirect=`) and the first `exp=`.
pub fn merge(texts: &[String]) -> String {
    let records: Vec<Record> = texts.iter().map(|t| super::parse::parse(t)).collect();
    let mut terms: Vec<String> = Vec::new();
    let push = |terms: &mut Vec<String>, t: &str| {
        if !terms.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            terms.push(t.to_string());
        }
    };
    for r in &records {
        for t in &r.terms {
            let kept = match (&t.kind, t.modifier()) {
                (TermKind::Directive { mechanism, .. }, _) => !matches!(mechanism, Mechanism::All),
                (_, Some(Modifier::Unknown { .. })) => true,
                _ => false,
            };
            if kept {
                push(&mut terms, &t.text);
            }
        }
    }
    if let Some((t, _)) = records.iter().find_map(|r| r.all()) {
        push(&mut terms, &t.text);
    } else if let Some((t, _)) = records.iter().find_map(|r| r.redirect()) {
        push(&mut terms, &t.text);
    }
    if let Some((t, _)) = records.iter().find_map(|r| r.exp()) {
        push(&mut terms, &t.text);
    }
    std::iter::once("v=spf1")
        .chain(terms.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}
