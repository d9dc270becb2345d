//! Findings about one SPF record that need no DNS: what a receiver would reject or ignore in the
//! record as written (the include tree adds the findings that need lookups).

use crate::diag::{Finding, Severity};

use super::codes::Code;
use super::macros;
use super::record::{MechanismKind, Modifier, Qualifier, Record, TermKind};

/// Findings about one record that need no DNS.
pub fn lint(record: &Record, root: bool) -> Vec<Finding> {
    let mut out = record.findings.clone();
    let all = record.all();
    if let Some((t, q)) = all {
        match q {
            Qualifier::Pass => out.push(
                Code::PermissiveAll
                    .finding(format!(
                        "{}: every host on the internet passes SPF for this domain",
                        t.text
                    ))
                    .at(t.span),
            ),
            Qualifier::Neutral if root => out.push(
                Code::PermissiveAll
                    .finding_as(
                        Severity::Warning,
                        format!(
                            "{}: hosts not listed get neutral, which protects nothing",
                            t.text
                        ),
                    )
                    .at(t.span),
            ),
            _ => {}
        }
        let after: Vec<&str> = record
            .terms
            .iter()
            .skip_while(|x| x.span != t.span)
            .skip(1)
            .filter(|x| x.mechanism().is_some())
            .map(|x| x.text.as_str())
            .collect();
        if !after.is_empty() {
            out.push(
                Code::TermsAfterAll
                    .finding(format!(
                        "{} after {} are never evaluated",
                        after.join(" "),
                        t.text
                    ))
                    .at(t.span),
            );
        }
        if let Some((r, _)) = record.redirect() {
            out.push(
                Code::RedirectIgnored
                    .finding(format!(
                        "{} is ignored because the record has {}",
                        r.text, t.text
                    ))
                    .at(r.span),
            );
        }
    } else if root && record.redirect().is_none() && !record.has_syntax_error() {
        out.push(Code::NoAll.finding(
            "no all and no redirect=: hosts not listed get neutral; end the record with ~all or -all",
        ));
    }
    for t in &record.terms {
        let p_macro = match &t.kind {
            TermKind::Directive { mechanism, .. } => {
                if mechanism.kind() == MechanismKind::Ptr {
                    out.push(
                        Code::PtrDeprecated
                            .finding(format!("{}: the ptr mechanism is slow and unreliable, and RFC 7208 says not to use it", t.text))
                            .at(t.span),
                    );
                }
                mechanism.domain().is_some_and(macros::uses_validated_name)
            }
            TermKind::Modifier { modifier } => match modifier {
                Modifier::Redirect { domain } | Modifier::Exp { domain } => {
                    macros::uses_validated_name(domain)
                }
                Modifier::Unknown { value } => macros::uses_validated_name(value),
            },
            TermKind::Invalid => false,
        };
        if p_macro {
            out.push(
                Code::PtrDeprecated
                    .finding(format!(
                        "{}: the %{{p}} macro needs PTR lookups and RFC 7208 says not to use it",
                        t.text
                    ))
                    .at(t.span),
            );
        }
    }
    out
}
