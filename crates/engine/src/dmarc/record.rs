//! The DMARC policy record (RFC 9989 §4.7; RFC 7489 §6.3 for the tags it removed).
//!
//! ```abnf
//! dmarc-record = dmarc-version *( *WSP ";" *WSP dmarc-tag ) [ *WSP ";" ]
//! dmarc-version = "v" *WSP "=" *WSP %s"DMARC1"
//! ```
//! Whitespace around `=` and `;` is allowed: `v = DMARC1 ; p = reject` is a valid record.

use serde::Serialize;

use crate::diag::{Finding, Severity, Span};
use crate::tags::{self, Tag};

use super::codes::Code;

/// `p=`, `sp=`, `np=`
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    None,
    Quarantine,
    Reject,
}

impl Policy {
    pub fn parse(s: &str) -> Option<Policy> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Some(Policy::None),
            "quarantine" => Some(Policy::Quarantine),
            "reject" => Some(Policy::Reject),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }
}

/// `adkim=`, `aspf=`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Alignment {
    Relaxed,
    Strict,
}

impl Alignment {
    pub fn as_str(self) -> &'static str {
        match self {
            Alignment::Relaxed => "r",
            Alignment::Strict => "s",
        }
    }
}

/// One report address of `rua=`/`ruf=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportUri {
    /// As written.
    pub uri: String,
    /// The mail address, for `mailto:` URIs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The domain of the address (lower case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The obsolete `!size` suffix of RFC 7489, if written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_limit: Option<String>,
}

/// A parsed DMARC record: what is written, and the findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub text: String,
    pub tags: Vec<Tag>,
    /// `p=` as written (if valid).
    pub policy: Option<Policy>,
    /// `sp=` as written.
    pub subdomain_policy: Option<Policy>,
    /// `np=` as written (RFC 9989).
    pub nonexistent_policy: Option<Policy>,
    /// `adkim=`
    pub dkim_alignment: Option<Alignment>,
    /// `aspf=`
    pub spf_alignment: Option<Alignment>,
    /// `rua=` aggregate report addresses.
    pub rua: Vec<ReportUri>,
    /// `ruf=` failure report addresses.
    pub ruf: Vec<ReportUri>,
    /// `fo=` failure reporting options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_options: Option<String>,
    /// `psd=` (RFC 9989): y, n or u.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub psd: Option<char>,
    /// `t=y` (RFC 9989): testing mode.
    pub testing: bool,
    /// `pct=` (legacy, RFC 7489).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pct: Option<u8>,
    pub findings: Vec<Finding>,
}

impl Record {
    /// The policy for the domain itself: `p`, or `none` when `p` is missing or invalid but the
    /// record asks for reports (RFC 9989 §5.3 keeps RFC 7489 §6.6.3's rule).
    pub fn effective_policy(&self) -> Policy {
        self.policy.unwrap_or(Policy::None)
    }

    /// `sp`, else `p`.
    pub fn effective_subdomain_policy(&self) -> Policy {
        self.subdomain_policy.unwrap_or(self.effective_policy())
    }

    /// `np`, else `sp`, else `p` (RFC 9989 §4.7).
    pub fn effective_nonexistent_policy(&self) -> Policy {
        self.nonexistent_policy
            .unwrap_or(self.effective_subdomain_policy())
    }

    pub fn effective_dkim_alignment(&self) -> Alignment {
        self.dkim_alignment.unwrap_or(Alignment::Relaxed)
    }

    pub fn effective_spf_alignment(&self) -> Alignment {
        self.spf_alignment.unwrap_or(Alignment::Relaxed)
    }

    pub fn tag(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name.eq_ignore_ascii_case(name))
    }

    pub fn has_error(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// True when a TXT record is a DMARC record: it starts with `v=DMARC1` (spaces allowed around `=`).
pub fn is_dmarc_record(text: &str) -> bool {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix('v').or_else(|| t.strip_prefix('V')) else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix('=') else {
        return false;
    };
    let rest = rest.trim_start();
    rest.starts_with("DMARC1")
        && rest[6..]
            .chars()
            .next()
            .is_none_or(|c| c == ';' || c.is_ascii_whitespace())
}

fn uris(t: &Tag, findings: &mut Vec<Finding>, which: &str) -> Vec<ReportUri> {
    let mut out = Vec::new();
    for raw in t.value.split(',') {
        let uri = raw.trim().to_string();
        if uri.is_empty() {
            continue;
        }
        let (base, size) = match uri.rsplit_once('!') {
            Some((b, s)) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()) => {
                (b.to_string(), Some(s.to_string()))
            }
            _ => (uri.clone(), None),
        };
        let lower = base.to_ascii_lowercase();
        let (address, domain) = match lower.strip_prefix("mailto:") {
            Some(_) => {
                let addr = base[7..].to_string();
                let dom = addr
                    .rsplit_once('@')
                    .map(|(_, d)| d.trim_end_matches('.').to_ascii_lowercase());
                if dom.as_deref().is_none_or(|d| !d.contains('.')) {
                    findings.push(
                        Code::Syntax
                            .finding(format!("{which}={uri}: {addr:?} is not a mail address"))
                            .at(t.value_span),
                    );
                }
                (Some(addr), dom)
            }
            None if !base.contains(':') => {
                findings.push(
                    Code::Syntax
                        .finding(format!("{which}={uri}: not a URI; write mailto:{uri}"))
                        .at(t.value_span),
                );
                (None, None)
            }
            None => {
                findings.push(
                    Code::RuaNotMailto
                        .finding(format!(
                            "{which}={uri}: receivers send reports only to mailto: addresses"
                        ))
                        .at(t.value_span),
                );
                (None, None)
            }
        };
        if size.is_some() {
            findings.push(
                Code::Syntax
                    .finding_as(
                        Severity::Info,
                        format!("{uri}: the !size suffix of RFC 7489 was removed by RFC 9989; receivers ignore it"),
                    )
                    .at(t.value_span),
            );
        }
        out.push(ReportUri {
            uri,
            address,
            domain,
            size_limit: size,
        });
    }
    out
}

/// Parses a DMARC record's text.
pub fn parse(text: &str) -> Record {
    let (tags, errors) = tags::parse(text, 0);
    let mut findings: Vec<Finding> = errors
        .into_iter()
        .map(|e| Code::Syntax.finding(e.message).at(e.span))
        .collect();
    let mut r = Record {
        text: text.to_string(),
        tags: Vec::new(),
        policy: None,
        subdomain_policy: None,
        nonexistent_policy: None,
        dkim_alignment: None,
        spf_alignment: None,
        rua: Vec::new(),
        ruf: Vec::new(),
        failure_options: None,
        psd: None,
        testing: false,
        pct: None,
        findings: Vec::new(),
    };
    match tags.first() {
        Some(t) if t.name == "v" || t.name == "V" => {
            if t.value != "DMARC1" {
                findings.push(
                    Code::Syntax
                        .finding(format!("v={}: the version must be DMARC1", t.value))
                        .at(t.value_span),
                );
            }
        }
        _ => {
            let at = tags
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case("v"))
                .map(|t| t.span);
            let f = Code::VersionNotFirst
                .finding("v=DMARC1 must be the first tag; receivers ignore this record");
            findings.push(match at {
                Some(s) => f.at(s),
                None => f,
            });
        }
    }
    let policy = |t: &Tag, findings: &mut Vec<Finding>| {
        let p = Policy::parse(&t.value);
        if p.is_none() {
            findings.push(
                Code::InvalidPolicy
                    .finding(format!(
                        "{}={} is not none, quarantine or reject",
                        t.name, t.value
                    ))
                    .at(t.value_span),
            );
        }
        p
    };
    // t= and pct= are judged once p= is known, whatever the order of the tags.
    let mut t_span = None;
    let mut pct_span = None;
    for t in &tags {
        let v = t.value.trim();
        match t.name.to_ascii_lowercase().as_str() {
            "v" => {}
            "p" => r.policy = policy(t, &mut findings),
            "sp" => r.subdomain_policy = policy(t, &mut findings),
            "np" => r.nonexistent_policy = policy(t, &mut findings),
            n @ ("adkim" | "aspf") => {
                let a = match v.to_ascii_lowercase().as_str() {
                    "r" => Some(Alignment::Relaxed),
                    "s" => Some(Alignment::Strict),
                    _ => {
                        findings.push(
                            Code::Syntax
                                .finding(format!("{n}={v} must be r or s"))
                                .at(t.value_span),
                        );
                        None
                    }
                };
                if n == "adkim" {
                    r.dkim_alignment = a;
                } else {
                    r.spf_alignment = a;
                }
            }
            "rua" => r.rua = uris(t, &mut findings, "rua"),
            "ruf" => r.ruf = uris(t, &mut findings, "ruf"),
            "fo" => {
                if !v
                    .split(':')
                    .all(|o| matches!(o.trim(), "0" | "1" | "d" | "s"))
                {
                    findings.push(
                        Code::Syntax
                            .finding(format!(
                                "fo={v}: options are 0, 1, d and s, separated by ':'"
                            ))
                            .at(t.value_span),
                    );
                }
                r.failure_options = Some(v.to_string());
            }
            "psd" => match v.to_ascii_lowercase().as_str() {
                c @ ("y" | "n" | "u") => r.psd = c.chars().next(),
                _ => findings.push(
                    Code::Syntax
                        .finding(format!("psd={v} must be y, n or u"))
                        .at(t.value_span),
                ),
            },
            "t" => match v.to_ascii_lowercase().as_str() {
                "y" => {
                    r.testing = true;
                    t_span = Some(t.span);
                }
                "n" => {}
                _ => findings.push(
                    Code::Syntax
                        .finding(format!("t={v} must be y or n"))
                        .at(t.value_span),
                ),
            },
            "pct" => {
                findings.push(
                    Code::PctObsolete
                        .finding("pct= was removed by RFC 9989 (use t=y for testing); many receivers still honour it")
                        .at(t.span),
                );
                match v.parse::<u8>() {
                    Ok(p) if p <= 100 => {
                        r.pct = Some(p);
                        pct_span = Some(t.span);
                    }
                    _ => findings.push(
                        Code::Syntax
                            .finding(format!("pct={v} must be 0 to 100"))
                            .at(t.value_span),
                    ),
                }
            }
            n @ ("rf" | "ri") => findings.push(
                Code::RfRiObsolete
                    .finding(format!("{n}= was removed by RFC 9989; receivers ignore it"))
                    .at(t.span),
            ),
            _ => findings.push(
                Code::UnknownTag
                    .finding(format!(
                        "{}= is not a DMARC tag; receivers ignore it",
                        t.name
                    ))
                    .at(t.span),
            ),
        }
    }
    r.tags = tags;
    // What t=y and pct= do depends on the policy and on the kind of receiver (assess).
    let e = super::assess::Enforcement::of_record(&r);
    let p = r.effective_policy().as_str();
    if let Some(span) = t_span {
        findings.push(if r.effective_policy() == Policy::None {
            Code::TestingMode
                .finding_as(
                    Severity::Info,
                    "t=y has no effect with p=none: there is no level below none",
                )
                .at(span)
        } else {
            Code::TestingMode
                .finding(format!(
                    "t=y: RFC 9989 receivers {} while you test (one level less than p={p}); receivers that don't know t= {}",
                    e.of(super::assess::Receivers::Rfc9989).text,
                    super::assess::treatment(super::assess::Receivers::Rfc7489, r.effective_policy(), false, None).text,
                ))
                .at(span)
        });
    }
    if let (Some(span), Some(pct)) = (pct_span, r.pct.filter(|p| *p < 100)) {
        findings.push(if r.effective_policy() == Policy::None {
            Code::PctPartial
                .finding_as(Severity::Info, format!("pct={pct} has no effect with p=none"))
                .at(span)
        } else {
            Code::PctPartial
                .finding(format!(
                    "pct={pct}: receivers that still read pct= {}; RFC 9989 receivers ignore pct= and {}",
                    super::assess::treatment(super::assess::Receivers::Rfc7489, r.effective_policy(), false, Some(pct)).text,
                    e.of(super::assess::Receivers::Rfc9989).text,
                ))
                .at(span)
        });
    }
    // Findings about the policy as a whole.
    if r.policy.is_none() && !r.rua.is_empty() && r.tag("p").is_none() {
        findings.push(Code::InvalidPolicy.finding_as(
            Severity::Warning,
            "p= is missing: receivers treat the record as p=none because it has rua= (RFC 9989 §5.3)",
        ));
    } else if r.tag("p").is_none() {
        findings.push(
            Code::InvalidPolicy
                .finding("p= is missing and there is no rua=: receivers apply no DMARC at all"),
        );
    }
    if r.policy == Some(Policy::None) {
        findings.push(
            Code::PNone
                .finding(
                    "p=none: monitoring only; failing mail is delivered as if there were no policy",
                )
                .at(r.tag("p").map(|t| t.span).unwrap_or(Span::new(0, 0))),
        );
    }
    if r.rua.is_empty() {
        findings.push(Code::NoRua.finding(
            "no rua=: you receive no aggregate reports, so you cannot see who sends as your domain",
        ));
    }
    if let (Some(p), Some(sp)) = (r.policy, r.subdomain_policy) {
        if sp < p {
            findings.push(
                Code::SpWeaker
                    .finding(format!(
                        "sp={} is weaker than p={}: forgers can use any subdomain instead",
                        sp.as_str(),
                        p.as_str()
                    ))
                    .at(r.tag("sp").map(|t| t.span).unwrap_or(Span::new(0, 0))),
            );
        }
    }
    if r.nonexistent_policy.is_none() && r.policy.is_some_and(|p| p != Policy::Reject) {
        findings.push(Code::NpMissing.finding(format!(
            "no np=: subdomains that do not exist get {} too; np=reject refuses mail from made-up subdomains at no risk",
            r.effective_subdomain_policy().as_str()
        )));
    }
    for (n, a) in [("adkim", r.dkim_alignment), ("aspf", r.spf_alignment)] {
        if a == Some(Alignment::Strict) {
            findings.push(
                Code::StrictAlignmentRisk
                    .finding(format!("{n}=s: mail signed or sent from a subdomain (a marketing platform, a ticketing system) no longer aligns"))
                    .at(r.tag(n).map(|t| t.span).unwrap_or(Span::new(0, 0))),
            );
        }
    }
    r.findings = findings;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: &Record) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn spaces_are_allowed_and_effective_policies_follow_defaults() {
        let r = parse("v = DMARC1 ; p = reject ; rua = mailto:d@example.com ");
        assert!(!r.has_error(), "{:?}", r.findings);
        assert_eq!(r.policy, Some(Policy::Reject));
        assert_eq!(r.effective_subdomain_policy(), Policy::Reject);
        assert_eq!(r.effective_nonexistent_policy(), Policy::Reject);
        assert_eq!(r.rua[0].domain.as_deref(), Some("example.com"));
        let r = parse("v=DMARC1; p=quarantine; sp=none; np=reject");
        assert_eq!(r.effective_subdomain_policy(), Policy::None);
        assert_eq!(r.effective_nonexistent_policy(), Policy::Reject);
        assert!(codes(&r).contains(&"dmarc-sp-weaker"));
        assert!(is_dmarc_record("v = DMARC1; p=none"));
        assert!(!is_dmarc_record("v=DMARC10"));
        assert!(!is_dmarc_record("v=spf1 -all"));
    }

    /// Every tag, and every code a record alone can produce.
    #[test]
    fn tags_and_codes() {
        for (rec, code) in [
            ("p=none; v=DMARC1", "dmarc-version-not-first"),
            ("v=DMARC1; p=block", "dmarc-invalid-policy"),
            ("v=DMARC1; p=none; rua=mailto:a@example.com", "dmarc-p-none"),
            ("v=DMARC1; p=reject", "dmarc-no-rua"),
            (
                "v=DMARC1; p=reject; rua=https://r.example/x",
                "dmarc-rua-not-mailto",
            ),
            ("v=DMARC1; p=reject; pct=100", "dmarc-pct-obsolete"),
            ("v=DMARC1; p=reject; pct=20", "dmarc-pct-partial"),
            (
                "v=DMARC1; p=reject; rf=afrf; ri=86400",
                "dmarc-rf-ri-obsolete",
            ),
            ("v=DMARC1; p=reject; sp=none", "dmarc-sp-weaker"),
            ("v=DMARC1; p=quarantine", "dmarc-np-missing"),
            ("v=DMARC1; p=reject; t=y", "dmarc-testing-mode"),
            (
                "v=DMARC1; p=reject; adkim=s; aspf=s",
                "dmarc-strict-alignment-risk",
            ),
            ("v=DMARC1; p=reject; foo=bar", "dmarc-unknown-tag"),
            ("v=DMARC1; p=reject; adkim=x", "dmarc-syntax"),
            ("v=DMARC1; p=reject; fo=2", "dmarc-syntax"),
            ("v=DMARC1; p=reject; psd=maybe", "dmarc-syntax"),
            ("v=DMARC2; p=reject", "dmarc-syntax"),
            ("v=DMARC1; p=reject; rua=mailto:nobody", "dmarc-syntax"),
        ] {
            let r = parse(rec);
            assert!(
                codes(&r).contains(&code),
                "{rec}: {code} not in {:?}",
                codes(&r)
            );
        }
        let r = parse("v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=r; aspf=s; fo=1:d; rua=mailto:a@x.example!10m, mailto:b@y.example; ruf=mailto:f@x.example; psd=n; t=n");
        assert_eq!(r.rua.len(), 2);
        assert_eq!(r.rua[0].size_limit.as_deref(), Some("10m"));
        assert_eq!(r.ruf.len(), 1);
        assert_eq!(r.psd, Some('n'));
        assert_eq!(r.failure_options.as_deref(), Some("1:d"));
        assert_eq!(r.effective_spf_alignment(), Alignment::Strict);
        assert!(!r.has_error(), "{:?}", r.findings);
        // Unknown tags are kept.
        assert!(parse("v=DMARC1; p=none; xcustom=1")
            .tag("xcustom")
            .is_some());
    }
}
