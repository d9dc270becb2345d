//! The policy file (RFC 8461 §3.2): read, checked, matched against MX hosts.

use super::*;
use crate::diag::{Finding, Severity, Span};
use crate::dns::normalize_name;
use serde::Serialize;

// ---------------------------------------------------------------------------------------------
// The policy file

/// `mode:`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Enforce,
    Testing,
    None,
}

impl Mode {
    /// Case-sensitive (RFC 8461 §3.2 writes the values with `%s`).
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "enforce" => Some(Mode::Enforce),
            "testing" => Some(Mode::Testing),
            "none" => Some(Mode::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Enforce => "enforce",
            Mode::Testing => "testing",
            Mode::None => "none",
        }
    }
}

/// One `key: value` line of the policy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyLine {
    /// 1-based line number.
    pub line: usize,
    pub key: String,
    pub value: String,
    /// The whole line, without its line ending.
    pub span: Span,
    pub value_span: Span,
}

/// An `mx:` pattern and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MxPattern {
    pub pattern: String,
    /// 1-based line number.
    pub line: usize,
    pub span: Span,
}

/// A parsed policy file. Findings carry the line number in their message and the byte span of
/// the line (or value) in `text` as their span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StsPolicy {
    pub text: String,
    /// Every `key: value` line, unknown keys included.
    pub lines: Vec<PolicyLine>,
    /// `version:` as written (first occurrence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `mode:`, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// The valid `mx:` patterns, in order.
    pub mx: Vec<MxPattern>,
    /// `max_age:` in seconds, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    pub findings: Vec<Finding>,
}

impl StsPolicy {
    pub fn mx_patterns(&self) -> Vec<&str> {
        self.mx.iter().map(|m| m.pattern.as_str()).collect()
    }

    /// False when senders would discard the policy.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// The upper bound of `max_age` (RFC 8461 §3.2): one year of 365.25 days.
pub const MAX_AGE_LIMIT: u32 = 31_557_600;

/// Below this `max_age`, [`Code::MaxAgeShort`] is raised: one week, the value of RFC 8461's own
/// example and the lower end of the "weeks or greater" it expects (§3.2). One day, the other
/// common threshold, leaves six days a week in which a returning sender has no cached policy.
pub const MAX_AGE_SHORT: u32 = 604_800;

/// A host name or the domain part of a pattern: LDH labels of 1 to 63, at least two labels, at
/// most 253 octets (RFC 5321 `Domain`, RFC 1035 §2.3.4).
fn is_host_name(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    s.len() <= 253
        && s.split('.').count() >= 2
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// Parses a policy file (RFC 8461 §3.2). Lines end with LF or CRLF.
pub fn parse_policy(text: &str) -> StsPolicy {
    let mut p = StsPolicy {
        text: text.to_string(),
        lines: Vec::new(),
        version: None,
        mode: None,
        mx: Vec::new(),
        max_age: None,
        findings: Vec::new(),
    };
    let syntax = |line: usize, msg: String, span: Span| {
        Code::PolicySyntax
            .finding(format!("line {line}: {msg}"))
            .at(span)
    };
    let mut findings = Vec::new();
    let wsp = |c: char| c == ' ' || c == '\t';
    let mut start = 0;
    let mut seen: Vec<PolicyKey> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let line_start = start;
        start += raw.len() + 1;
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        let span = Span::new(line_start, line_start + content.len());
        let mut body = content;
        let mut body_start = line_start;
        if n == 1 {
            if let Some(rest) = body.strip_prefix('\u{feff}') {
                findings.push(syntax(
                    n,
                    "the file begins with a byte order mark (U+FEFF), which becomes part of the first key".into(),
                    Span::new(line_start, line_start + 3),
                ));
                body = rest;
                body_start += 3;
            }
        }
        if body.trim_matches(wsp).is_empty() {
            // Blank lines are outside the grammar but harmless in practice; the final line ending
            // leaves one behind.
            continue;
        }
        if content.contains('\r') {
            findings.push(syntax(
                n,
                "a stray carriage return: lines end with LF or CRLF".into(),
                span,
            ));
        }
        let Some(colon) = body.find(':') else {
            findings.push(syntax(
                n,
                format!("{:?} is not key: value", body.trim_matches(wsp)),
                span,
            ));
            continue;
        };
        let raw_key = &body[..colon];
        let key = raw_key.trim_matches(wsp);
        let raw_value = &body[colon + 1..];
        let value = raw_value
            .trim_start_matches(wsp)
            .trim_end_matches(|c: char| wsp(c) || c == '\r');
        let value_lead = raw_value.len() - raw_value.trim_start_matches(wsp).len();
        let value_start = body_start + colon + 1 + value_lead;
        let value_span = Span::new(value_start, value_start + value.len());
        if key != raw_key {
            findings.push(syntax(
                n,
                format!("{key:?}: no space is allowed before the key or before ':'"),
                span,
            ));
        }
        p.lines.push(PolicyLine {
            line: n,
            key: key.to_string(),
            value: value.to_string(),
            span,
            value_span,
        });
        let known = PolicyKey::parse(key);
        if known.is_none() {
            if let Some(k) = PolicyKey::ALL
                .into_iter()
                .find(|k| policy_entry(*k).name.eq_ignore_ascii_case(key))
            {
                findings.push(syntax(
                    n,
                    format!(
                        "{key}: keys are case-sensitive; senders ignore this line, write {}",
                        policy_entry(k).name
                    ),
                    span,
                ));
            }
            // Other unknown keys are extensions, which senders ignore (RFC 8461 §3.2).
            continue;
        }
        if let Some(k) = known.filter(|k| *k != PolicyKey::Mx) {
            // RFC 8461 §3.2: version, mode and max_age are "required once"; senders differ on
            // which copy wins, so the first is kept and the rest reported.
            if seen.contains(&k) {
                findings.push(syntax(
                    n,
                    format!("{key} appears more than once; it is required exactly once"),
                    span,
                ));
                continue;
            }
            seen.push(k);
        }
        match known {
            Some(PolicyKey::Version) => {
                p.version = Some(value.to_string());
                if value != "STSv1" {
                    findings.push(syntax(
                        n,
                        format!("version: {value}: the version must be exactly STSv1"),
                        value_span,
                    ));
                }
            }
            Some(PolicyKey::Mode) => match Mode::parse(value) {
                Some(m) => {
                    p.mode = Some(m);
                    match m {
                        Mode::Testing => findings.push(
                            Code::ModeTesting
                                .finding(format!("line {n}: mode: testing: senders report TLS failures but deliver anyway"))
                                .at(span),
                        ),
                        Mode::None => findings.push(
                            Code::ModeNone
                                .finding(format!("line {n}: mode: none: senders drop the policy; nothing is protected"))
                                .at(span),
                        ),
                        Mode::Enforce => {}
                    }
                }
                None => findings.push(syntax(
                    n,
                    format!("mode: {value}: the mode is enforce, testing or none (lower case)"),
                    value_span,
                )),
            },
            Some(PolicyKey::Mx) => {
                let domain = value.strip_prefix("*.").unwrap_or(value);
                if is_host_name(domain) {
                    p.mx.push(MxPattern {
                        pattern: value.to_string(),
                        line: n,
                        span: value_span,
                    });
                } else {
                    let why = if domain.contains('*') {
                        "a wildcard is allowed only as the whole leftmost label (*.example.net)"
                    } else {
                        "not a host name"
                    };
                    findings.push(syntax(n, format!("mx: {value}: {why}"), value_span));
                }
            }
            Some(PolicyKey::MaxAge) => {
                let digits = !value.is_empty()
                    && value.len() <= 10
                    && value.chars().all(|c| c.is_ascii_digit());
                match value.parse::<u64>() {
                    Ok(v) if digits && v <= u64::from(MAX_AGE_LIMIT) => {
                        p.max_age = u32::try_from(v).ok();
                    }
                    Ok(_) if digits => findings.push(syntax(
                        n,
                        format!("max_age: {value}: at most {MAX_AGE_LIMIT} (one year)"),
                        value_span,
                    )),
                    _ => findings.push(syntax(
                        n,
                        format!("max_age: {value}: seconds, 1 to 10 digits"),
                        value_span,
                    )),
                }
            }
            None => {}
        }
    }
    let first = Span::new(0, 0);
    if p.lines.iter().all(|l| l.key != "version") {
        findings.push(
            Code::PolicySyntax
                .finding("version: STSv1 is missing")
                .at(first),
        );
    }
    if p.lines.iter().all(|l| l.key != "mode") {
        findings.push(
            Code::PolicySyntax
                .finding("mode: is missing (enforce, testing or none)")
                .at(first),
        );
    }
    if p.lines.iter().all(|l| l.key != "max_age") {
        findings.push(
            Code::PolicySyntax
                .finding("max_age: is missing (seconds senders keep the policy)")
                .at(first),
        );
    }
    if p.mx.is_empty() && p.mode != Some(Mode::None) && p.lines.iter().all(|l| l.key != "mx") {
        findings.push(
            Code::PolicySyntax
                .finding("no mx: line: at least one is required unless mode is none")
                .at(first),
        );
    }
    if let Some(age) = p.max_age {
        if age < MAX_AGE_SHORT {
            let at = p
                .lines
                .iter()
                .find(|l| l.key == "max_age")
                .map_or(first, |l| l.span);
            let f = if p.mode == Some(Mode::Enforce) {
                Code::MaxAgeShort.finding(format!(
                    "max_age: {age} ({}): senders forget the policy that soon; the RFC expects weeks or more",
                    human_duration(age)
                ))
            } else {
                Code::MaxAgeShort.finding_as(
                    Severity::Info,
                    format!(
                        "max_age: {age} ({}): fine while testing, so changes spread fast; raise it to a week or more with mode: enforce",
                        human_duration(age)
                    ),
                )
            };
            findings.push(f.at(at));
        }
    }
    p.findings = findings;
    p
}

/// `3600` → `1 hour`, for messages.
pub(super) fn human_duration(secs: u32) -> String {
    let (n, unit) = match secs {
        s if s >= 86_400 && s % 86_400 == 0 => (s / 86_400, "day"),
        s if s >= 3_600 && s % 3_600 == 0 => (s / 3_600, "hour"),
        s if s >= 60 && s % 60 == 0 => (s / 60, "minute"),
        s => (s, "second"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// The URL of the policy file of `domain` (RFC 8461 §3.3).
pub fn policy_url(domain: &str) -> String {
    format!(
        "https://mta-sts.{}/.well-known/mta-sts.txt",
        normalize_name(domain)
    )
}

/// Whether `host` (an MX host name) matches one of the `mx:` patterns (RFC 8461 §4.1): an exact
/// name, or `*.` followed by a domain, matching exactly one more label on the left. Compared
/// case-insensitively, trailing dots ignored.
pub fn mx_covered<S: AsRef<str>>(patterns: &[S], host: &str) -> bool {
    let host = normalize_name(host);
    patterns.iter().any(|p| {
        let p = normalize_name(p.as_ref());
        match p.strip_prefix("*.") {
            Some(parent) => host
                .split_once('.')
                .is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
            None => p == host,
        }
    })
}

/// The MX hosts the policy does not cover: an error in enforce mode (senders refuse to deliver
/// to them), a warning in testing mode (they report), nothing in mode none.
pub fn check_policy_against_mx(policy: &StsPolicy, mx_hosts: &[String]) -> Vec<Finding> {
    let severity = match policy.mode {
        Some(Mode::Enforce) => Severity::Error,
        Some(Mode::Testing) => Severity::Warning,
        Some(Mode::None) | None => return Vec::new(),
    };
    let patterns = policy.mx_patterns();
    mx_hosts
        .iter()
        .filter(|h| !mx_covered(&patterns, h))
        .map(|h| {
            let consequence = if severity == Severity::Error {
                "senders refuse to deliver to it"
            } else {
                "senders report a failure for it"
            };
            Code::MxNotCovered.finding_as(
                severity,
                format!(
                    "{h} matches no mx: line of the policy ({}): {consequence}",
                    if patterns.is_empty() {
                        "there is none".to_string()
                    } else {
                        patterns.join(", ")
                    }
                ),
            )
        })
        .collect()
}
