//! A term in concrete words ("hosts in 192.0.2.0/24 pass"), and the table entries that explain
//! it, for the page and the CLI.

use crate::explain::Entry;

use super::explain;
use super::record::{DualCidr, MacroPart, Mechanism, Modifier, Qualifier, Term, TermKind};

fn outcome(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Pass => "pass",
        Qualifier::Fail => "fail",
        Qualifier::SoftFail => "softfail",
        Qualifier::Neutral => "get neutral",
    }
}

fn cidr_words(c: DualCidr) -> String {
    match (c.v4, c.v6) {
        (None, None) => String::new(),
        (v4, v6) => {
            let mut parts = Vec::new();
            if let Some(v) = v4 {
                parts.push(format!("/{v} around each IPv4 address"));
            }
            if let Some(v) = v6 {
                parts.push(format!("/{v} around each IPv6 address"));
            }
            format!(" ({})", parts.join(", "))
        }
    }
}

/// One sentence saying what the term does, with its own values.
pub fn describe_term(term: &Term) -> String {
    match &term.kind {
        TermKind::Invalid => format!("{:?} is not valid SPF syntax: the whole record gives permerror", term.text),
        TermKind::Modifier { modifier } => match modifier {
            Modifier::Redirect { domain } => format!(
                "If nothing before matched, use the SPF policy of {domain} instead (ignored when the record has an all)."
            ),
            Modifier::Exp { domain } => format!(
                "On fail, receivers may show the explanation text published at {domain}."
            ),
            Modifier::Unknown { .. } => format!("{}= is not a modifier SPF knows; receivers ignore it.", term.name),
        },
        TermKind::Directive {
            qualifier,
            mechanism,
        } => {
            let q = qualifier.unwrap_or(Qualifier::Pass);
            let then = outcome(q);
            let this = |d: &Option<super::record::MacroString>| {
                d.as_ref().map_or("this domain".to_string(), |d| d.raw.clone())
            };
            match mechanism {
                Mechanism::All => format!("Every host not matched by an earlier term: {then}."),
                Mechanism::Include { domain } => format!(
                    "Hosts that pass the SPF policy of {domain} {then}; anything else in it does not match here."
                ),
                Mechanism::A { domain, cidr } => format!(
                    "Hosts at the addresses of {}{}: {then}.",
                    this(domain),
                    cidr_words(*cidr)
                ),
                Mechanism::Mx { domain, cidr } => format!(
                    "The mail servers (MX hosts) of {}{}: {then}.",
                    this(domain),
                    cidr_words(*cidr)
                ),
                Mechanism::Ptr { domain } => format!(
                    "Hosts whose reverse DNS name is in {} (and resolves back): {then}. Deprecated.",
                    this(domain)
                ),
                Mechanism::Ip4 { network, prefix } => match prefix {
                    Some(p) if *p < 32 => format!("Hosts in {network}/{p}: {then}."),
                    _ => format!("The host {network}: {then}."),
                },
                Mechanism::Ip6 {
                    written, prefix, ..
                } => match prefix {
                    Some(p) if *p < 128 => format!("Hosts in {written}/{p}: {then}."),
                    _ => format!("The host {written}: {then}."),
                },
                Mechanism::Exists { domain } => format!(
                    "If {domain} (macros expanded for each message) has an A record: {then}."
                ),
            }
        }
    }
}

/// The explanation entries for a term: its mechanism or modifier, its qualifier when written,
/// and each macro it uses.
pub fn term_entries(term: &Term) -> Vec<Entry> {
    let mut out = Vec::new();
    let macros = |ms: Option<&super::record::MacroString>, out: &mut Vec<Entry>| {
        for p in ms.map(|m| m.parts.as_slice()).unwrap_or(&[]) {
            let e = match p {
                MacroPart::Expand(m) => Some(explain::macro_letter(m.letter)),
                MacroPart::Percent => explain::macro_escape('%'),
                MacroPart::Space => explain::macro_escape('_'),
                MacroPart::UrlSpace => explain::macro_escape('-'),
                MacroPart::Literal { .. } => None,
            };
            if let Some(e) = e {
                if !out.iter().any(|x: &Entry| x.name == e.name) {
                    out.push(e);
                }
            }
        }
    };
    match &term.kind {
        TermKind::Directive {
            qualifier,
            mechanism,
        } => {
            out.push(explain::mechanism(mechanism.kind()));
            if let Some(q) = qualifier {
                out.push(explain::qualifier(*q));
            }
            macros(mechanism.domain(), &mut out);
        }
        TermKind::Modifier { modifier } => {
            out.push(explain::modifier(modifier.kind()));
            let ms = match modifier {
                Modifier::Redirect { domain } | Modifier::Exp { domain } => domain,
                Modifier::Unknown { value } => value,
            };
            macros(Some(ms), &mut out);
        }
        TermKind::Invalid => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spf::parse::parse;

    #[test]
    fn sentences() {
        let r = parse("v=spf1 ip4:192.0.2.0/24 -a:mail.example.com/28 ~all include:_spf.example.net exists:%{i}._spf.%{d}");
        let d: Vec<String> = r.terms.iter().map(describe_term).collect();
        assert_eq!(d[0], "Hosts in 192.0.2.0/24: pass.");
        assert!(
            d[1].contains("mail.example.com") && d[1].contains("/28") && d[1].ends_with("fail."),
            "{}",
            d[1]
        );
        assert_eq!(d[2], "Every host not matched by an earlier term: softfail.");
        let e = term_entries(&r.terms[4]);
        assert_eq!(e[0].name, "exists");
        assert!(
            e.iter().any(|x| x.name == "%{i}") && e.iter().any(|x| x.name == "%{d}"),
            "{e:?}"
        );
        let e = term_entries(&r.terms[1]);
        assert_eq!(e.len(), 2, "mechanism and the written qualifier");
    }
}
