//! The `_mta-sts` TXT record (RFC 8461 §3.1).

use super::*;
use crate::diag::{Finding, Severity, Span};
use crate::tags::Tag;
use serde::Serialize;

// ---------------------------------------------------------------------------------------------
// The TXT record

/// `*WSP ";" *WSP`-separated `name=value` fields, the shape RFC 8461 §3.1 and RFC 8460 §3 share.
/// Problems come back as (message, span); fields are kept even when a space surrounds `=`.
pub(crate) fn split_fields(text: &str) -> (Vec<Tag>, Vec<(String, Span)>) {
    let mut tags: Vec<Tag> = Vec::new();
    let mut errors = Vec::new();
    let wsp = |c: char| c == ' ' || c == '\t';
    let mut start = 0;
    for piece in text.split(';') {
        let end = start + piece.len();
        let trimmed = piece.trim_matches(wsp);
        if trimmed.is_empty() {
            start = end + 1;
            continue;
        }
        let lead = piece.len() - piece.trim_start_matches(wsp).len();
        let span = Span::new(start + lead, start + lead + trimmed.len());
        match piece.find('=') {
            None => errors.push((
                format!("{trimmed:?} has no '=': a field is name=value"),
                span,
            )),
            Some(eq) => {
                let raw_name = &piece[..eq];
                let raw_value = &piece[eq + 1..];
                let name = raw_name.trim_matches(wsp);
                let value = raw_value.trim_matches(wsp);
                let valid_name = !name.is_empty()
                    && name.len() <= 32
                    && name.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
                if !valid_name {
                    errors.push((format!("{name:?} is not a field name"), span));
                } else if tags.iter().any(|t| t.name == name) {
                    errors.push((format!("the field {name}= appears twice"), span));
                } else {
                    if raw_name.ends_with(wsp) || raw_value.starts_with(wsp) {
                        errors.push((format!("{name}=: no space is allowed around '='"), span));
                    }
                    let value_lead = raw_value.len() - raw_value.trim_start_matches(wsp).len();
                    let value_start = start + eq + 1 + value_lead;
                    tags.push(Tag {
                        name: name.to_string(),
                        value: value.to_string(),
                        span,
                        value_span: Span::new(value_start, value_start + value.len()),
                    });
                }
            }
        }
        start = end + 1;
    }
    (tags, errors)
}

/// Whether a TXT record is meant as `tag` (`v=<version>`, loosely: any case, spaces around `=`),
/// so that a misspelt version is reported rather than silently skipped.
pub(crate) fn looks_like(text: &str, version: &str) -> bool {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix(['v', 'V']) else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix('=') else {
        return false;
    };
    let v = rest
        .trim_start()
        .split([';', ' ', '\t'])
        .next()
        .unwrap_or("");
    v.eq_ignore_ascii_case(version)
}

/// Checks that a record starts with exactly `v=<version>` (RFC 8461 §3.1 and RFC 8460 §3 name the
/// version with `%s`, so case matters, and senders discard records that do not begin so).
pub(crate) fn version_problem(tags: &[Tag], version: &str) -> Option<(String, Option<Span>)> {
    match tags.first() {
        Some(t) if t.name == "v" && t.value == version => None,
        Some(t) if t.name.eq_ignore_ascii_case("v") => Some((
            format!("v={}: the version must be exactly {version}", t.value),
            Some(t.span),
        )),
        _ => {
            let at = tags
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case("v"))
                .map(|t| t.span);
            Some((format!("the record must begin with v={version}"), at))
        }
    }
}

fn push(findings: &mut Vec<Finding>, f: Finding, span: Option<Span>) {
    findings.push(match span {
        Some(s) => f.at(s),
        None => f,
    });
}

/// A parsed `_mta-sts` TXT record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StsRecord {
    pub text: String,
    /// Every field as written, unknown extensions included.
    pub fields: Vec<Tag>,
    /// `id=`, when it is valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub findings: Vec<Finding>,
}

impl StsRecord {
    pub fn field(&self, name: &str) -> Option<&Tag> {
        self.fields.iter().find(|t| t.name == name)
    }

    /// False when senders would ignore the record.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Parses the text of an `_mta-sts` TXT record (RFC 8461 §3.1).
pub fn parse_record(text: &str) -> StsRecord {
    let (fields, errors) = split_fields(text);
    let mut findings: Vec<Finding> = errors
        .into_iter()
        .map(|(m, s)| Code::Syntax.finding(m).at(s))
        .collect();
    if let Some((m, at)) = version_problem(&fields, "STSv1") {
        push(&mut findings, Code::Syntax.finding(m), at);
    }
    let mut id = None;
    match fields.iter().find(|t| t.name == "id") {
        Some(t) => {
            let v = &t.value;
            if v.is_empty() || v.len() > 32 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                findings.push(
                    Code::Syntax
                        .finding(format!(
                            "id={v}: the id is 1 to 32 letters and digits, nothing else"
                        ))
                        .at(t.value_span),
                );
            } else {
                id = Some(v.clone());
            }
        }
        None => {
            let hint = fields
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case("id"))
                .map(|t| format!(" ({}= is not id=: names are case-sensitive)", t.name))
                .unwrap_or_default();
            findings.push(Code::Syntax.finding(format!(
                "id= is missing: senders need it to know when the policy changes{hint}"
            )));
        }
    }
    for t in &fields {
        if t.name == "v" || t.name == "id" {
            continue;
        }
        if t.value.is_empty()
            || !t
                .value
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '=' && c != ';')
        {
            findings.push(
                Code::Syntax
                    .finding(format!(
                        "{}={}: an extension value is printable characters without spaces, '=' or ';'",
                        t.name, t.value
                    ))
                    .at(t.span),
            );
        }
    }
    StsRecord {
        text: text.to_string(),
        fields,
        id,
        findings,
    }
}
