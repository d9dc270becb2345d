//! MTA-STS (RFC 8461): the `_mta-sts` TXT record, the policy file, and whether the policy covers
//! the domain's MX hosts.
//!
//! The engine reads DNS only. The policy file lives at
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt` ([`policy_url`]); the app or the CLI fetches
//! it and hands the outcome back through [`MtaStsReport::with_policy`] (or
//! [`policy_from_http`] first, which applies the HTTP rules of RFC 8461 §3.3).
//!
//! ```abnf
//! ; RFC 8461 §3.1, the TXT record at _mta-sts.<domain>
//! sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
//! sts-field       = sts-id / sts-extension
//! sts-field-delim = *WSP ";" *WSP
//! sts-version     = %s"v=STSv1"
//! sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
//! sts-extension   = sts-ext-name "=" sts-ext-value
//! sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//! sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)   ; VCHAR except ";" and "="
//!
//! ; RFC 8461 §3.2, the policy file: one "key: value" per line, LF or CRLF
//! sts-policy-record = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP)
//!                     [sts-policy-term]
//! sts-policy-field  = sts-policy-version / sts-policy-mode / sts-policy-max-age
//!                     / sts-policy-mx / sts-policy-extension
//! sts-policy-field-delim   = ":" *WSP
//! sts-policy-version-value = %s"STSv1"
//! sts-policy-mode-value    = %s"testing" / %s"enforce" / %s"none"
//! sts-policy-mx-value      = ["*."] Domain
//! sts-policy-max-age-value = 1*10(DIGIT)   ; at most 31557600
//! sts-policy-term          = LF / CRLF
//! ```

use serde::Serialize;

use crate::diag::{code_table, finding_codes};
use crate::diag::{Finding, Severity, Span};
use crate::dkim::tags::Tag;
use crate::dns::{normalize_name, DnsError, Lookup, RData, RecordType, Resolver};
use crate::explain::{Entry, Status};
use crate::inspect::describe;
use crate::memo::Memo;

// ---------------------------------------------------------------------------------------------
// Codes

finding_codes! {
    /// The stable codes of MTA-STS findings.
    pub enum Code {
        NoRecord,
        MultipleRecords,
        Syntax,
        PolicyHostMissing,
        PolicySyntax,
        PolicyUnreachable,
        PolicyContentType,
        ModeTesting,
        ModeNone,
        MaxAgeShort,
        MxNotCovered,
        DnsError,
    }
}

code_table! {
    Code {
        NoRecord => ("mtasts-no-record", Info, "No MTA-STS",
            "Without MTA-STS, senders encrypt mail to you only opportunistically: an attacker on the path can strip STARTTLS or present a false certificate and read the mail.",
            "Publish a policy file at https://mta-sts.<domain>/.well-known/mta-sts.txt (start with mode: testing) and a TXT record v=STSv1; id=<a new value>; at _mta-sts.<domain>.", "RFC 8461 §3"),
        MultipleRecords => ("mtasts-multiple-records", Error, "More than one MTA-STS record",
            "When _mta-sts holds more than one v=STSv1 record, senders treat the domain as having no MTA-STS policy at all.",
            "Keep exactly one v=STSv1 TXT record at _mta-sts.<domain>.", "RFC 8461 §3.1"),
        Syntax => ("mtasts-syntax", Error, "MTA-STS record syntax error",
            "Senders ignore an MTA-STS TXT record they cannot read, and with it the policy.",
            "Write exactly v=STSv1; id=<1 to 32 letters and digits>; (no spaces around =).", "RFC 8461 §3.1"),
        PolicyHostMissing => ("mtasts-policy-host-missing", Error, "The policy host does not resolve",
            "The record announces a policy, but mta-sts.<domain> has no A or AAAA record, so no sender can fetch the policy file.",
            "Point mta-sts.<domain> at a web server (or a hosted MTA-STS service) that serves the policy over HTTPS with a valid certificate for that name.", "RFC 8461 §3.3"),
        PolicySyntax => ("mtasts-policy-syntax", Error, "Policy file syntax error",
            "Senders ignore a policy file they cannot read; the line shown is missing, repeated or not in the form the RFC defines.",
            "Write one key: value per line: version: STSv1, mode: enforce|testing|none, one mx: line per mail host pattern, max_age: <seconds>.", "RFC 8461 §3.2"),
        PolicyUnreachable => ("mtasts-policy-unreachable", Warning, "Policy file not read",
            "The policy file could not be read. A browser often cannot read it even when it works for mail servers, because the policy host sends no CORS header (Access-Control-Allow-Origin); the authlens CLI reads it directly. If the CLI fails too, senders cannot fetch it either.",
            "Check with `authlens inspect <domain>` on the command line; if it fails there too, serve the file over HTTPS with status 200, no redirect, and a valid certificate for mta-sts.<domain>.", "RFC 8461 §3.3"),
        PolicyContentType => ("mtasts-policy-content-type", Warning, "Policy file not served as text/plain",
            "Senders should check that the policy file is served as text/plain, and many ignore a policy served as anything else (text/html, application/octet-stream).",
            "Configure the web server to send Content-Type: text/plain for /.well-known/mta-sts.txt.", "RFC 8461 §3.3"),
        ModeTesting => ("mtasts-mode-testing", Info, "Testing mode",
            "mode: testing asks senders to report TLS failures (through TLS-RPT) but deliver anyway, so it protects nothing yet. It is the right first step.",
            "Read the TLS-RPT reports; when they show no failures, switch to mode: enforce and change the id in the TXT record.", "RFC 8461 §5"),
        ModeNone => ("mtasts-mode-none", Warning, "MTA-STS switched off",
            "mode: none tells senders to forget any cached policy: it exists to withdraw MTA-STS, and while it is published nothing is protected.",
            "If you are withdrawing MTA-STS, keep mode: none until the previous max_age has passed, then remove the record. Otherwise use testing or enforce.", "RFC 8461 §8.3"),
        MaxAgeShort => ("mtasts-max-age-short", Warning, "Short max_age",
            "Senders cache the policy for max_age seconds; MTA-STS only protects a delivery when the sender already holds a cached policy, so a short max_age leaves windows an attacker can use. RFC 8461 expects weeks or more; this check flags less than one week (604800, the RFC's own example).",
            "Use max_age: 604800 (one week) or more, e.g. 1209600 or 31557600, once the policy is in enforce mode.", "RFC 8461 §3.2, §10.1"),
        MxNotCovered => ("mtasts-mx-not-covered", Error, "MX host not covered by the policy",
            "An MX host matches none of the policy's mx: patterns. In enforce mode senders refuse to deliver to it; in testing mode they report a failure.",
            "Add an mx: line for the host (or a *.<parent> pattern), publish the file, and change the id in the TXT record so senders fetch it again.", "RFC 8461 §4.1"),
        DnsError => ("mtasts-dns-error", Warning, "DNS lookup failed",
            "The _mta-sts lookup failed temporarily; senders that meet the same failure use a cached policy if they have one, and otherwise deliver without MTA-STS.",
            "Check the authoritative name servers; try again or with another resolver.", "RFC 8461 §5.1"),
    }
}

impl Code {
    /// The finding with another severity than the table's (the mode decides how much some
    /// findings matter).
    fn finding_as(self, severity: Severity, message: impl Into<String>) -> Finding {
        Finding::new(self.as_str(), severity, message)
    }
}

// ---------------------------------------------------------------------------------------------
// Explanations

/// The tags of the `_mta-sts` TXT record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordTagName {
    V,
    Id,
}

impl RecordTagName {
    pub const ALL: [RecordTagName; 2] = [RecordTagName::V, RecordTagName::Id];

    /// Case-sensitive, as RFC 8461 §3.1 writes the names.
    pub fn parse(name: &str) -> Option<RecordTagName> {
        RecordTagName::ALL
            .into_iter()
            .find(|t| record_entry(*t).name == name)
    }
}

/// The keys of the policy file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKey {
    Version,
    Mode,
    Mx,
    MaxAge,
}

impl PolicyKey {
    pub const ALL: [PolicyKey; 4] = [
        PolicyKey::Version,
        PolicyKey::Mode,
        PolicyKey::Mx,
        PolicyKey::MaxAge,
    ];

    /// Case-sensitive, as RFC 8461 §3.2 writes the keys.
    pub fn parse(name: &str) -> Option<PolicyKey> {
        PolicyKey::ALL
            .into_iter()
            .find(|k| policy_entry(*k).name == name)
    }
}

/// The explanation of a TXT record tag.
// Inlined where it is read, which keeps only the fields it reads: a caller that reads only the
// name (`TagName::parse`, the records' parsers on the domain page) links none of the texts.
#[inline(always)]
pub fn record_entry(tag: RecordTagName) -> Entry {
    match tag {
        RecordTagName::V => Entry {
            name: "v",
            title: "Version",
            rfc: "RFC 8461 §3.1",
            summary: "Marks the TXT record at _mta-sts.<domain> as an MTA-STS record. It must be first and exactly v=STSv1.",
            mistakes: "Spaces around =, lower case (stsv1), or a second v=STSv1 record make senders ignore MTA-STS.",
            default: None,
            values: Some("STSv1"),
            status: Status::Current,
        },
        RecordTagName::Id => Entry {
            name: "id",
            title: "Policy id",
            rfc: "RFC 8461 §3.1",
            summary: "Names the current version of the policy file. Senders that cached a policy fetch the file again only when the id changes.",
            mistakes: "Editing the policy file without changing id: senders keep the old policy until max_age runs out. Dashes, dots and colons are not allowed (a timestamp like 20240131T120000 is).",
            default: None,
            values: Some("1 to 32 letters and digits"),
            status: Status::Current,
        },
    }
}

/// The explanation of a policy file key.
// Inlined where it is read, which keeps only the fields it reads: a caller that reads only the
// name (`TagName::parse`, the records' parsers on the domain page) links none of the texts.
#[inline(always)]
pub fn policy_entry(key: PolicyKey) -> Entry {
    match key {
        PolicyKey::Version => Entry {
            name: "version",
            title: "Version",
            rfc: "RFC 8461 §3.2",
            summary: "The policy format version; the only one is STSv1.",
            mistakes: "Missing, or written in another case (stsv1): the policy is invalid.",
            default: None,
            values: Some("STSv1"),
            status: Status::Current,
        },
        PolicyKey::Mode => Entry {
            name: "mode",
            title: "Mode",
            rfc: "RFC 8461 §3.2, §5",
            summary: "enforce: senders deliver only over TLS with a valid certificate to an MX host the policy lists, otherwise they keep the mail queued. testing: they deliver anyway and report failures by TLS-RPT. none: forget the policy (used to withdraw MTA-STS).",
            mistakes: "Going to enforce before TLS-RPT reports are clean; leaving testing forever, which protects nothing.",
            default: None,
            values: Some("enforce | testing | none"),
            status: Status::Current,
        },
        PolicyKey::Mx => Entry {
            name: "mx",
            title: "Allowed MX host",
            rfc: "RFC 8461 §3.2, §4.1",
            summary: "One line per MX host pattern the policy allows: an exact host name, or *.<domain> matching exactly one more label on the left (*.example.net matches mx1.example.net, not example.net nor a.b.example.net). The server's certificate must be valid for the MX host name.",
            mistakes: "Forgetting a backup MX or a new provider's hosts; expecting * to match several labels. Required (once or more) unless mode is none.",
            default: None,
            values: Some("host name, or *. followed by a domain"),
            status: Status::Current,
        },
        PolicyKey::MaxAge => Entry {
            name: "max_age",
            title: "Cache lifetime",
            rfc: "RFC 8461 §3.2",
            summary: "How long, in seconds, senders keep the policy. Protection depends on senders holding a cached policy, so the RFC expects weeks or more.",
            mistakes: "A value of minutes or hours in enforce mode; above 31557600 (one year) the policy is invalid.",
            default: None,
            values: Some("0 to 31557600 seconds"),
            status: Status::Current,
        },
    }
}

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
fn human_duration(secs: u32) -> String {
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

// ---------------------------------------------------------------------------------------------
// The check

/// What became of the policy file, as the app or the CLI report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PolicyOutcome {
    Fetched(StsPolicy),
    Unreachable { reason: String },
}

/// Applies RFC 8461 §3.3 to an HTTP response for [`policy_url`]: only status 200 counts,
/// redirects are not followed, and the media type should be `text/plain`.
pub fn policy_from_http(status: u16, content_type: Option<&str>, body: &str) -> PolicyOutcome {
    match status {
        200 => {}
        300..=399 => {
            return PolicyOutcome::Unreachable {
                reason: format!(
                    "HTTP {status}: a redirect, which senders do not follow (RFC 8461 §3.3)"
                ),
            }
        }
        _ => {
            return PolicyOutcome::Unreachable {
                reason: format!("HTTP {status}: senders accept only 200"),
            }
        }
    }
    let mut policy = parse_policy(body);
    let media = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    if media.as_deref() != Some("text/plain") {
        policy
            .findings
            .push(Code::PolicyContentType.finding(format!(
                "served as {}, not text/plain: senders that check the media type ignore the policy",
                content_type.unwrap_or("(no Content-Type)")
            )));
    }
    PolicyOutcome::Fetched(policy)
}

/// The MTA-STS view of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MtaStsReport {
    pub domain: String,
    /// `_mta-sts.<domain>`
    pub record_name: String,
    /// `record`, `none`, `multiple` or `dns-error`.
    pub status: &'static str,
    /// The TXT records at `record_name` that are meant as MTA-STS records, as text.
    pub records: Vec<String>,
    /// The record, when there is exactly one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<StsRecord>,
    pub cname_chain: Vec<String>,
    /// The DNSSEC AD bit of the TXT answer.
    pub authenticated: bool,
    /// `mta-sts.<domain>`, the web host of the policy file.
    pub policy_host: String,
    /// Whether `policy_host` has an A or AAAA record (`None` when the lookup failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_host_resolves: Option<bool>,
    pub policy_url: String,
    /// The fetched policy, once the app or the CLI has supplied it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyOutcome>,
    /// Record findings (spans into the record text) and, after [`MtaStsReport::with_policy`],
    /// `mtasts-policy-*`, mode and max_age findings (spans into the policy text).
    pub findings: Vec<Finding>,
}

impl MtaStsReport {
    /// Adds the fetched policy and its findings, including MX coverage against `mx_hosts`
    /// (usually [`crate::mx::MxReport::exchanges`]). Call once. An unreachable policy is a
    /// finding only when the domain has a usable record.
    pub fn with_policy(mut self, outcome: PolicyOutcome, mx_hosts: &[String]) -> MtaStsReport {
        match &outcome {
            // Without a usable record senders never fetch the policy, so failing to read it
            // tells nothing.
            PolicyOutcome::Unreachable { .. } if !self.has_record() => {}
            PolicyOutcome::Unreachable { reason } => {
                let mut msg = format!("{} could not be read: {reason}.", self.policy_url);
                msg.push_str(" In a browser this often happens even when mail servers can read it, because the policy host sends no CORS header; the authlens CLI reads it directly.");
                self.findings.push(Code::PolicyUnreachable.finding(msg));
            }
            PolicyOutcome::Fetched(policy) => {
                self.findings.extend(policy.findings.iter().cloned());
                self.findings
                    .extend(check_policy_against_mx(policy, mx_hosts));
            }
        }
        self.policy = Some(outcome);
        self
    }

    /// The policy, when it was fetched.
    pub fn fetched_policy(&self) -> Option<&StsPolicy> {
        match &self.policy {
            Some(PolicyOutcome::Fetched(p)) => Some(p),
            _ => None,
        }
    }

    /// True when the domain publishes one readable record: senders go on to fetch the policy.
    pub fn has_record(&self) -> bool {
        self.record.as_ref().is_some_and(StsRecord::is_valid)
    }
}

/// The TXT texts in an answer that look like `version` records; `Err` for a failure that is not
/// "no such record".
pub(crate) fn version_records(
    answer: &Result<Lookup, DnsError>,
    version: &str,
) -> Result<Vec<String>, DnsError> {
    match answer {
        Ok(l) => Ok(l
            .records
            .iter()
            .filter_map(|r| match r {
                RData::Txt(t) => Some(t.text()),
                _ => None,
            })
            .filter(|t| looks_like(t, version))
            .collect()),
        Err(e) if e.is_void() => Ok(Vec::new()),
        Err(e) => Err(e.clone()),
    }
}

/// The chain and AD bit of an answer, success or not.
pub(crate) fn answer_meta(answer: &Result<Lookup, DnsError>) -> (Vec<String>, bool) {
    match answer {
        Ok(l) => (l.cname_chain.clone(), l.authenticated),
        Err(
            DnsError::NxDomain {
                cname_chain,
                authenticated,
                ..
            }
            | DnsError::NoData {
                cname_chain,
                authenticated,
                ..
            },
        ) => (cname_chain.clone(), *authenticated),
        Err(_) => (Vec::new(), false),
    }
}

/// Checks `_mta-sts.<domain>` and whether `mta-sts.<domain>` resolves, in one batch.
pub async fn check<R: Resolver>(memo: &Memo<'_, R>, domain: &str) -> MtaStsReport {
    let domain = normalize_name(domain);
    let record_name = format!("_mta-sts.{domain}");
    let policy_host = format!("mta-sts.{domain}");
    memo.query_many(vec![
        (record_name.clone(), RecordType::Txt),
        (policy_host.clone(), RecordType::A),
        (policy_host.clone(), RecordType::Aaaa),
    ])
    .await;
    let answer = memo.query(&record_name, RecordType::Txt).await;
    let (cname_chain, authenticated) = answer_meta(&answer);
    let mut report = MtaStsReport {
        domain: domain.clone(),
        record_name: record_name.clone(),
        status: "none",
        records: Vec::new(),
        record: None,
        cname_chain,
        authenticated,
        policy_host: policy_host.clone(),
        policy_host_resolves: None,
        policy_url: policy_url(&domain),
        policy: None,
        findings: Vec::new(),
    };
    let a = memo.query(&policy_host, RecordType::A).await;
    let aaaa = memo.query(&policy_host, RecordType::Aaaa).await;
    report.policy_host_resolves = match (&a, &aaaa) {
        (Ok(_), _) | (_, Ok(_)) => Some(true),
        (Err(x), Err(y)) if x.is_void() && y.is_void() => Some(false),
        _ => None,
    };
    match version_records(&answer, "STSv1") {
        Err(e) => {
            report.status = "dns-error";
            report
                .findings
                .push(Code::DnsError.finding(format!("{record_name}: {}", describe(&e))));
        }
        Ok(recs) if recs.is_empty() => {
            report.findings.push(Code::NoRecord.finding(format!(
                "no v=STSv1 record at {record_name}: senders use TLS only when it is offered and accept any certificate"
            )));
        }
        Ok(recs) if recs.len() > 1 => {
            report.status = "multiple";
            report.findings.push(Code::MultipleRecords.finding(format!(
                "{record_name} has {} v=STSv1 records: senders treat the domain as having no MTA-STS",
                recs.len()
            )));
            report.records = recs;
        }
        Ok(recs) => {
            report.status = "record";
            let rec = parse_record(&recs[0]);
            report.findings.extend(rec.findings.iter().cloned());
            report.record = Some(rec);
            report.records = recs;
            if report.policy_host_resolves == Some(false) {
                report
                    .findings
                    .push(Code::PolicyHostMissing.finding(format!(
                        "{policy_host} has no A or AAAA record: senders cannot fetch {}",
                        report.policy_url
                    )));
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::Zone;
    use futures::executor::block_on;

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.code).collect()
    }

    const GOOD_POLICY: &str =
        "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n";

    #[test]
    fn codes_are_unique_kebab_and_explained() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let i = c.info();
            assert!(i.code.starts_with("mtasts-") && seen.insert(i.code));
            assert!(
                !i.explanation.is_empty() && !i.suggestion.is_empty() && i.rfc.starts_with("RFC ")
            );
            assert_eq!(Code::parse(i.code), Some(c));
        }
        assert!(Code::PolicyUnreachable.info().explanation.contains("CORS"));
        assert!(Code::PolicyUnreachable.info().explanation.contains("CLI"));
    }

    #[test]
    fn every_tag_and_key_is_explained() {
        for t in RecordTagName::ALL {
            let e = record_entry(t);
            assert!(!e.summary.is_empty() && !e.mistakes.is_empty() && e.rfc.starts_with("RFC "));
            assert_eq!(RecordTagName::parse(e.name), Some(t));
        }
        for k in PolicyKey::ALL {
            let e = policy_entry(k);
            assert!(!e.summary.is_empty() && !e.mistakes.is_empty() && e.rfc.starts_with("RFC "));
            assert_eq!(PolicyKey::parse(e.name), Some(k));
        }
        assert_eq!(PolicyKey::parse("Mode"), None);
    }

    #[test]
    fn records() {
        let r = parse_record("v=STSv1; id=20240131T120000;");
        assert!(r.is_valid(), "{:?}", r.findings);
        assert_eq!(r.id.as_deref(), Some("20240131T120000"));
        assert_eq!(r.field("id").unwrap().value_span, Span::new(12, 27));
        let r = parse_record("v=STSv1 ;\tid=abc ; ext-1.x=val");
        assert!(r.is_valid(), "{:?}", r.findings);
        assert_eq!(r.fields.len(), 3);

        for (rec, needle) in [
            ("v=STSv1; id=not-valid!", "1 to 32"),
            ("v=STSv1; id=", "1 to 32"),
            (&format!("v=STSv1; id={}", "a".repeat(33)), "1 to 32"),
            ("v=STSv1;", "id= is missing"),
            ("v=STSv1; ID=1", "case-sensitive"),
            ("v=stsv1; id=1", "exactly STSv1"),
            ("id=1; v=STSv1", "must begin"),
            ("v = STSv1; id=1", "no space"),
            ("v=STSv1; id=1; id=2", "twice"),
            ("v=STSv1; id=1; garbage", "no '='"),
            ("v=STSv1; id=1; x=a b", "extension value"),
            ("v=STSv1; id=1; -x=1", "not a field name"),
        ] {
            let r = parse_record(rec);
            assert!(!r.is_valid(), "{rec}");
            assert!(
                r.findings
                    .iter()
                    .any(|f| f.code == "mtasts-syntax" && f.message.contains(needle)),
                "{rec}: {:?}",
                r.findings
            );
        }
        assert!(looks_like("v=stsv1; id=1", "STSv1"));
        assert!(looks_like(" V = STSv1", "STSv1"));
        assert!(!looks_like("v=STSv10", "STSv1"));
        assert!(!looks_like("v=spf1 -all", "STSv1"));
    }

    #[test]
    fn policies() {
        let p = parse_policy(GOOD_POLICY);
        assert!(p.findings.is_empty(), "{:?}", p.findings);
        assert!(p.is_valid());
        assert_eq!(p.mode, Some(Mode::Enforce));
        assert_eq!(p.max_age, Some(604_800));
        assert_eq!(p.mx_patterns(), ["mail.example.com", "*.example.net"]);
        assert_eq!(p.lines[2].line, 3);
        assert_eq!(
            &GOOD_POLICY[p.mx[0].span.start..p.mx[0].span.end],
            "mail.example.com"
        );
        // LF only, an extension key, no trailing newline.
        let p = parse_policy("version: STSv1\nmode: none\nmax_age: 86400\nx-note: hello");
        assert!(p.is_valid(), "{:?}", p.findings);
        assert_eq!(p.lines.len(), 4);

        for (text, needle) in [
            (
                "mode: enforce\nmx: a.example\nmax_age: 604800",
                "version: STSv1 is missing",
            ),
            (
                "version: STSv1\nmx: a.example\nmax_age: 604800",
                "mode: is missing",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.example",
                "max_age: is missing",
            ),
            (
                "version: STSv1\nmode: enforce\nmax_age: 604800",
                "no mx: line",
            ),
            (
                "version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 604800",
                "line 1: version: STSv2",
            ),
            (
                "version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 604800",
                "line 2: mode: Enforce",
            ),
            (
                "version: STSv1\nMode: enforce\nmx: a.example\nmax_age: 604800",
                "case-sensitive",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.*.example\nmax_age: 604800",
                "wildcard",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: bad host\nmax_age: 604800",
                "not a host name",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601",
                "at most 31557600",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -1",
                "1 to 10 digits",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 12345678901",
                "1 to 10 digits",
            ),
            (
                "version: STSv1\nmode: enforce\nmode: testing\nmx: a.example\nmax_age: 604800",
                "line 3: mode appears more than once",
            ),
            (
                "version: STSv1\nmode enforce\nmx: a.example\nmax_age: 604800",
                "line 2",
            ),
            (
                "version : STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800",
                "no space",
            ),
            (
                "\u{feff}version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800",
                "byte order mark",
            ),
        ] {
            let p = parse_policy(text);
            assert!(
                p.findings
                    .iter()
                    .any(|f| f.code == "mtasts-policy-syntax" && f.message.contains(needle)),
                "{text:?}: {:?}",
                p.findings
            );
            assert!(!p.is_valid(), "{text:?}");
        }
        // The line span of a finding points at its line.
        let text = "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 99999999999";
        let p = parse_policy(text);
        let f = p
            .findings
            .iter()
            .find(|f| f.message.starts_with("line 4"))
            .unwrap();
        let s = f.span.unwrap();
        assert_eq!(&text[s.start..s.end], "99999999999");
    }

    #[test]
    fn modes_and_max_age() {
        let policy = |mode: &str, age: u32| {
            parse_policy(&format!(
                "version: STSv1\nmode: {mode}\nmx: a.example\nmax_age: {age}\n"
            ))
        };
        assert!(codes(&policy("testing", 604_800).findings).contains(&"mtasts-mode-testing"));
        assert!(codes(&policy("none", 604_800).findings).contains(&"mtasts-mode-none"));
        let short = policy("enforce", 86_400);
        let f = short
            .findings
            .iter()
            .find(|f| f.code == "mtasts-max-age-short")
            .unwrap();
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("1 day"), "{}", f.message);
        let f = policy("testing", 3_600);
        let f = f
            .findings
            .iter()
            .find(|f| f.code == "mtasts-max-age-short")
            .unwrap();
        assert_eq!(f.severity, Severity::Info);
        let good = policy("enforce", 604_800);
        assert!(good.findings.is_empty(), "{:?}", good.findings);
        assert!(policy("enforce", 31_557_600).findings.is_empty());
        assert_eq!(human_duration(7200), "2 hours");
        assert_eq!(human_duration(61), "61 seconds");
    }

    #[test]
    fn mx_patterns_match_one_label() {
        let pats = ["mail.example.com", "*.example.net"];
        for (host, covered) in [
            ("mail.example.com", true),
            ("MAIL.Example.COM.", true),
            ("mx1.example.net", true),
            ("example.net", false),
            ("a.b.example.net", false),
            ("other.example.com", false),
            (".example.net", false),
        ] {
            assert_eq!(mx_covered(&pats, host), covered, "{host}");
        }
        assert!(!mx_covered::<&str>(&[], "mail.example.com"));

        let p = parse_policy(GOOD_POLICY);
        let hosts = [
            "mail.example.com".to_string(),
            "backup.example.org".to_string(),
        ];
        let f = check_policy_against_mx(&p, &hosts);
        assert_eq!(codes(&f), ["mtasts-mx-not-covered"]);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("backup.example.org"));
        assert!(check_policy_against_mx(&p, &hosts[..1]).is_empty());
        let testing = parse_policy(&GOOD_POLICY.replace("enforce", "testing"));
        assert_eq!(
            check_policy_against_mx(&testing, &hosts)[0].severity,
            Severity::Warning
        );
        let none = parse_policy(&GOOD_POLICY.replace("enforce", "none"));
        assert!(check_policy_against_mx(&none, &hosts).is_empty());
    }

    #[test]
    fn http_rules() {
        assert!(matches!(
            policy_from_http(301, Some("text/html"), ""),
            PolicyOutcome::Unreachable { reason } if reason.contains("redirect")
        ));
        assert!(matches!(
            policy_from_http(404, None, ""),
            PolicyOutcome::Unreachable { .. }
        ));
        let PolicyOutcome::Fetched(p) =
            policy_from_http(200, Some("text/plain; charset=utf-8"), GOOD_POLICY)
        else {
            panic!()
        };
        assert!(p.findings.is_empty());
        let PolicyOutcome::Fetched(p) = policy_from_http(200, Some("text/html"), GOOD_POLICY)
        else {
            panic!()
        };
        assert_eq!(codes(&p.findings), ["mtasts-policy-content-type"]);
        assert_eq!(
            policy_url("Example.COM."),
            "https://mta-sts.example.com/.well-known/mta-sts.txt"
        );
    }

    const ZONE: &str = r#"
good.example:
  - MX: [10, mail.good.example]
_mta-sts.good.example:
  - TXT: v=STSv1; id=2024013101
  - SECURE
mta-sts.good.example:
  - A: 192.0.2.80
_mta-sts.two.example:
  - TXT: v=STSv1; id=1
  - TXT: v=STSv1; id=2
mta-sts.two.example:
  - A: 192.0.2.80
_mta-sts.bad.example:
  - TXT: v=STSv1; id=not-valid!
  - TXT: some other text
mta-sts.bad.example:
  - A: 192.0.2.80
_mta-sts.nohost.example:
  - TXT: v=STSv1; id=1
_mta-sts.slow.example:
  - TIMEOUT
_mta-sts.alias.example:
  - CNAME: _mta-sts.good.example
mta-sts.alias.example:
  - CNAME: mta-sts.good.example
"#;

    fn run(domain: &str) -> MtaStsReport {
        let z = Zone::from_yaml(ZONE).unwrap();
        let memo = Memo::new(&z);
        block_on(check(&memo, domain))
    }

    #[test]
    fn check_over_a_zone() {
        let r = run("good.example");
        assert_eq!(r.status, "record");
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!(r.authenticated && r.has_record());
        assert_eq!(r.policy_host_resolves, Some(true));
        assert_eq!(r.record.as_ref().unwrap().id.as_deref(), Some("2024013101"));

        for (domain, code) in [
            ("none.example", "mtasts-no-record"),
            ("two.example", "mtasts-multiple-records"),
            ("bad.example", "mtasts-syntax"),
            ("nohost.example", "mtasts-policy-host-missing"),
            ("slow.example", "mtasts-dns-error"),
        ] {
            let r = run(domain);
            assert!(
                codes(&r.findings).contains(&code),
                "{domain}: {:?}",
                r.findings
            );
            assert!(!codes(&run("good.example").findings).contains(&code));
        }
        assert_eq!(run("two.example").status, "multiple");
        assert_eq!(run("slow.example").status, "dns-error");
        assert_eq!(
            run("bad.example").records.len(),
            1,
            "other TXT records are left out"
        );
        let alias = run("alias.example");
        assert_eq!(alias.cname_chain, ["_mta-sts.good.example"]);
        assert!(alias.has_record());
    }

    #[test]
    fn with_policy_adds_policy_findings() {
        let mx = [
            "mail.good.example".to_string(),
            "backup.other.example".to_string(),
        ];
        let r = run("good.example").with_policy(
            PolicyOutcome::Unreachable {
                reason: "TypeError: Failed to fetch".into(),
            },
            &mx,
        );
        let f = r
            .findings
            .iter()
            .find(|f| f.code == "mtasts-policy-unreachable")
            .unwrap();
        assert!(f.message.contains("CORS") && f.message.contains("CLI"));
        assert!(r.fetched_policy().is_none());
        // Without a record senders never fetch the policy: nothing to report.
        let r = run("none.example").with_policy(
            PolicyOutcome::Unreachable {
                reason: "TypeError: Failed to fetch".into(),
            },
            &mx,
        );
        assert!(!codes(&r.findings).contains(&"mtasts-policy-unreachable"));
        assert!(r.policy.is_some());

        let text = "version: STSv1\nmode: testing\nmx: mail.good.example\nmax_age: 86400\n";
        let r = run("good.example").with_policy(PolicyOutcome::Fetched(parse_policy(text)), &mx);
        let c = codes(&r.findings);
        for code in [
            "mtasts-mode-testing",
            "mtasts-max-age-short",
            "mtasts-mx-not-covered",
        ] {
            assert!(c.contains(&code), "{code}: {c:?}");
        }
        assert_eq!(r.fetched_policy().unwrap().mode, Some(Mode::Testing));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["policy"]["status"], "fetched");
        assert_eq!(json["policy"]["mode"], "testing");
        assert_eq!(json["policy"]["mx"][0]["pattern"], "mail.good.example");
        let json = serde_json::to_value(PolicyOutcome::Unreachable { reason: "x".into() }).unwrap();
        assert_eq!(json["status"], "unreachable");
    }

    /// Every code has a test above that makes it appear.
    #[test]
    fn every_code_is_tested() {
        let tested = [
            "mtasts-no-record",
            "mtasts-multiple-records",
            "mtasts-syntax",
            "mtasts-policy-host-missing",
            "mtasts-policy-syntax",
            "mtasts-policy-unreachable",
            "mtasts-policy-content-type",
            "mtasts-mode-testing",
            "mtasts-mode-none",
            "mtasts-max-age-short",
            "mtasts-mx-not-covered",
            "mtasts-dns-error",
        ];
        for c in Code::ALL {
            assert!(tested.contains(&c.as_str()), "{}", c.as_str());
        }
    }
}
