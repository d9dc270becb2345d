//! The three ARC header fields (RFC 8617 §4.1): ARC-Seal (AS), ARC-Message-Signature (AMS) and
//! ARC-Authentication-Results (AAR).
//!
//! ```abnf
//! position     = 1*2DIGIT                         ; 1 - 50
//! instance     = [CFWS] %s"i" [CFWS] "=" [CFWS] position
//! chain-status = ("none" / "fail" / "pass")
//! seal-cv-tag  = %s"cv" [CFWS] "=" [CFWS] chain-status
//! arc-info     = instance [CFWS] ";" authres-payload   ; AAR
//! arc-ams-info = instance [CFWS] ";" tag-list          ; AMS
//! arc-as-info  = instance [CFWS] ";" tag-list          ; AS
//! ```
//!
//! Every parser is total: it returns what it could read and a finding for each problem. Spans are
//! byte offsets into the header value (the text after the colon) plus the `base` given.

use base64::Engine;
use serde::Serialize;

use crate::diag::{Finding, Severity, Span};
use crate::dkim::signature::{Algorithm, Canon};
use crate::message::authres::{self, AuthResults};
use crate::tags::{self, Tag};

use super::codes::Code;

/// The highest instance RFC 8617 §4.2.1 allows.
pub const MAX_INSTANCE: u32 = 50;

/// `cv=`, the chain validation status a sealer recorded (RFC 8617 §4.4). Also the result of
/// validation, written as in Authentication-Results (`arc=none|pass|fail`, RFC 8617 §10.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChainStatus {
    /// No chain arrived with the message (and, in a seal, only valid for i=1).
    None,
    Pass,
    Fail,
}

impl ChainStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainStatus::None => "none",
            ChainStatus::Pass => "pass",
            ChainStatus::Fail => "fail",
        }
    }

    /// ABNF quoted strings are case-insensitive (RFC 5234 §2.3), so `cv=Pass` is `pass`.
    pub fn parse(s: &str) -> Option<ChainStatus> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Some(ChainStatus::None),
            "pass" => Some(ChainStatus::Pass),
            "fail" => Some(ChainStatus::Fail),
            _ => None,
        }
    }
}

/// Which of the three ARC header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// ARC-Seal.
    Seal,
    /// ARC-Message-Signature.
    MessageSignature,
    /// ARC-Authentication-Results.
    AuthResults,
}

impl FieldKind {
    /// The header field name as RFC 8617 writes it.
    pub fn header_name(self) -> &'static str {
        match self {
            FieldKind::Seal => "ARC-Seal",
            FieldKind::MessageSignature => "ARC-Message-Signature",
            FieldKind::AuthResults => "ARC-Authentication-Results",
        }
    }

    /// The abbreviation RFC 8617 uses: AS, AMS, AAR.
    pub fn short(self) -> &'static str {
        match self {
            FieldKind::Seal => "AS",
            FieldKind::MessageSignature => "AMS",
            FieldKind::AuthResults => "AAR",
        }
    }

    /// The kind of a header field name, case-insensitively.
    pub fn of(name: &str) -> Option<FieldKind> {
        [
            FieldKind::Seal,
            FieldKind::MessageSignature,
            FieldKind::AuthResults,
        ]
        .into_iter()
        .find(|k| k.header_name().eq_ignore_ascii_case(name.trim()))
    }
}

/// An ARC-Seal (RFC 8617 §4.1.3). Fields hold what was written; `None` or empty where absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seal {
    /// `i=`, the instance (1 to 50).
    pub instance: Option<u32>,
    /// `cv=`, the chain validation status the sealer found.
    pub chain_status: Option<ChainStatus>,
    /// `a=`
    pub algorithm: Option<Algorithm>,
    /// `d=`, the sealing domain (lower case, no final dot).
    pub domain: String,
    /// `s=`, the selector.
    pub selector: String,
    /// `b=` decoded.
    #[serde(skip)]
    pub signature: Vec<u8>,
    /// `t=`, when it was sealed (seconds since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<u64>,
    /// Every tag as written, unknown ones included.
    pub tags: Vec<Tag>,
    pub findings: Vec<Finding>,
}

/// An ARC-Message-Signature (RFC 8617 §4.1.2): a DKIM-Signature without `v=`, whose `i=` is the
/// instance rather than an identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageSignature {
    /// `i=`, the instance (1 to 50).
    pub instance: Option<u32>,
    /// `a=`
    pub algorithm: Option<Algorithm>,
    /// `d=`, the signing domain (lower case, no final dot).
    pub domain: String,
    /// `s=`, the selector.
    pub selector: String,
    /// `c=` as written (header, body); see [`MessageSignature::canonicalization`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonicalization_written: Option<(Canon, Canon)>,
    /// `h=`, the signed header names in order (may be empty in ARC).
    pub signed_headers: Vec<String>,
    /// `bh=` decoded.
    #[serde(skip)]
    pub body_hash: Vec<u8>,
    /// `b=` decoded.
    #[serde(skip)]
    pub signature: Vec<u8>,
    /// `l=`, how many octets of the body are signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_length: Option<u64>,
    /// `t=`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<u64>,
    /// `x=`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<u64>,
    /// Every tag as written, unknown ones included.
    pub tags: Vec<Tag>,
    pub findings: Vec<Finding>,
}

impl MessageSignature {
    /// The canonicalization that applies: `c=` when written, otherwise relaxed/relaxed.
    ///
    /// RFC 8617 §4.1.2 imports DKIM, whose default is simple/simple; but the ARC test suite
    /// (`ams_fields_c_na`) signs without `c=` using relaxed/relaxed and expects a pass, as dkimpy
    /// gives. Sealers in practice always write `c=`, so the suite's reading costs nothing.
    pub fn canonicalization(&self) -> (Canon, Canon) {
        self.canonicalization_written
            .unwrap_or((Canon::Relaxed, Canon::Relaxed))
    }
}

/// An ARC-Authentication-Results field (RFC 8617 §4.1.1): an instance, then an RFC 8601 payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArcAuthResults {
    /// The `i=` prefix.
    pub instance: Option<u32>,
    /// The authres-payload after `i=<n>;`, as written (unfolded).
    pub payload: String,
    /// The payload read as Authentication-Results: authserv-id and method results.
    pub results: AuthResults,
    pub findings: Vec<Finding>,
}

fn at(code: Code, span: Option<Span>, msg: impl Into<String>) -> Finding {
    let f = code.finding(msg);
    match span {
        Some(s) => f.at(s),
        None => f,
    }
}

fn b64(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(tags::compact(s))
        .ok()
}

/// Reads a `position` (RFC 8617 §3.9). Numbers above 50 are returned, for the caller to report
/// the chain as too long; 0 and anything not a number are `None` with a finding.
fn instance_value(value: &str, span: Span, findings: &mut Vec<Finding>) -> Option<u32> {
    let v = value.trim();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        findings.push(at(
            Code::Syntax,
            Some(span),
            format!("i={v} is not an instance number (1 to {MAX_INSTANCE})"),
        ));
        return None;
    }
    match v.parse::<u32>() {
        Ok(0) | Err(_) => {
            findings.push(at(
                Code::Syntax,
                Some(span),
                format!("i={v}: instances start at 1 (RFC 8617 §4.2.1)"),
            ));
            None
        }
        Ok(n) => Some(n),
    }
}

/// The tag-list reading shared by AS and AMS: the tags and a finding for each syntax error.
///
/// Stricter than [`tags::parse`], which forgives stray semicolons in DKIM-Signature fields: here
/// an empty tag-spec other than one trailing `;` is an error (RFC 6376 §3.2 grammar), as the ARC
/// test suite requires (`as_format_tags_sc`: a seal that verifies but has `;;` must fail).
fn tag_list(value: &str, base: usize, findings: &mut Vec<Finding>) -> Vec<Tag> {
    let (tags, errors) = tags::parse(value, base);
    findings.extend(
        errors
            .into_iter()
            .map(|e| at(Code::Syntax, Some(e.span), e.message)),
    );
    let pieces: Vec<&str> = value.split(';').collect();
    let mut start = 0;
    for (n, piece) in pieces.iter().enumerate() {
        if n + 1 < pieces.len()
            && piece
                .trim_matches(|c: char| c.is_ascii_whitespace())
                .is_empty()
        {
            findings.push(at(
                Code::Syntax,
                Some(Span::new(base + start, base + start + piece.len() + 1)),
                "an empty tag (a stray ';'): only one ';' may end the list (RFC 6376 §3.2)",
            ));
        }
        start += piece.len() + 1;
    }
    tags
}

fn required<'a>(
    tags: &'a [Tag],
    name: &str,
    field: FieldKind,
    findings: &mut Vec<Finding>,
) -> Option<&'a Tag> {
    let t = tags.iter().find(|t| t.name == name);
    if t.is_none() {
        findings.push(at(
            Code::Syntax,
            None,
            format!(
                "the {} has no {name}= tag, which it requires",
                field.header_name()
            ),
        ));
    }
    t
}

fn algorithm(t: &Tag, findings: &mut Vec<Finding>) -> Option<Algorithm> {
    match t.value.to_ascii_lowercase().as_str() {
        "rsa-sha256" => Some(Algorithm::RsaSha256),
        "ed25519-sha256" => Some(Algorithm::Ed25519Sha256),
        "rsa-sha1" => {
            findings.push(at(
                Code::Sha1,
                Some(t.value_span),
                "a=rsa-sha1: verifiers must not accept SHA-1 signatures (RFC 8301 §3.1)",
            ));
            Some(Algorithm::RsaSha1)
        }
        _ => {
            findings.push(at(
                Code::Syntax,
                Some(t.value_span),
                format!("a={} is not a signing algorithm (rsa-sha256)", t.value),
            ));
            None
        }
    }
}

/// `d=`: a domain name; specials and empty values cannot be looked up.
fn domain(t: &Tag, findings: &mut Vec<Finding>) -> String {
    let d = t.value.trim_end_matches('.').to_ascii_lowercase();
    if d.is_empty()
        || d.chars()
            .any(|c| c.is_whitespace() || "()<>[]:;@\\,\"".contains(c))
    {
        findings.push(at(
            Code::Syntax,
            Some(t.value_span),
            format!("d={} is not a domain name", t.value),
        ));
    }
    d
}

fn selector(t: &Tag, findings: &mut Vec<Finding>) -> String {
    let s = t.value.clone();
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c == ';') {
        findings.push(at(
            Code::Syntax,
            Some(t.value_span),
            format!("s={} is not a selector", t.value),
        ));
    }
    s
}

fn signature_value(t: &Tag, findings: &mut Vec<Finding>) -> Vec<u8> {
    match b64(&t.value) {
        Some(v) if !v.is_empty() => v,
        _ => {
            findings.push(at(
                Code::Syntax,
                Some(t.value_span),
                "b= is empty or not base64",
            ));
            Vec::new()
        }
    }
}

fn number(tags: &[Tag], name: &str, findings: &mut Vec<Finding>) -> Option<u64> {
    let t = tags.iter().find(|t| t.name == name)?;
    match t.value.parse::<u64>() {
        Ok(v) if t.value.bytes().all(|b| b.is_ascii_digit()) => Some(v),
        _ => {
            findings.push(at(
                Code::Syntax,
                Some(t.value_span),
                format!("{name}={} is not a number", t.value),
            ));
            None
        }
    }
}

fn instance_tag(tags: &[Tag], field: FieldKind, findings: &mut Vec<Finding>) -> Option<u32> {
    required(tags, "i", field, findings).and_then(|t| instance_value(&t.value, t.span, findings))
}

/// Parses the value of an ARC-Seal field.
pub fn parse_seal(value: &str, base: usize) -> Seal {
    let field = FieldKind::Seal;
    let mut findings = Vec::new();
    let tags = tag_list(value, base, &mut findings);
    let instance = instance_tag(&tags, field, &mut findings);
    let chain_status = required(&tags, "cv", field, &mut findings).and_then(|t| {
        let cv = ChainStatus::parse(&t.value);
        if cv.is_none() {
            findings.push(at(
                Code::Syntax,
                Some(t.value_span),
                format!("cv={} is not none, pass or fail", t.value),
            ));
        }
        cv
    });
    let algorithm =
        required(&tags, "a", field, &mut findings).and_then(|t| algorithm(t, &mut findings));
    let domain = required(&tags, "d", field, &mut findings)
        .map(|t| domain(t, &mut findings))
        .unwrap_or_default();
    let selector = required(&tags, "s", field, &mut findings)
        .map(|t| selector(t, &mut findings))
        .unwrap_or_default();
    let signature = required(&tags, "b", field, &mut findings)
        .map(|t| signature_value(t, &mut findings))
        .unwrap_or_default();
    let timestamp = number(&tags, "t", &mut findings);
    if let Some(h) = tags.iter().find(|t| t.name == "h") {
        findings.push(at(
            Code::Syntax,
            Some(h.span),
            "an ARC-Seal must not have h=: it signs the ARC sets, not chosen header fields (RFC 8617 §4.1.3)",
        ));
    }
    anchor(&mut findings, value, base);
    Seal {
        instance,
        chain_status,
        algorithm,
        domain,
        selector,
        signature,
        timestamp,
        tags,
        findings,
    }
}

/// Parses the value of an ARC-Message-Signature field.
pub fn parse_message_signature(value: &str, base: usize) -> MessageSignature {
    let field = FieldKind::MessageSignature;
    let mut findings = Vec::new();
    let tags = tag_list(value, base, &mut findings);
    let instance = instance_tag(&tags, field, &mut findings);
    let algorithm =
        required(&tags, "a", field, &mut findings).and_then(|t| algorithm(t, &mut findings));
    let domain = required(&tags, "d", field, &mut findings)
        .map(|t| domain(t, &mut findings))
        .unwrap_or_default();
    let selector = required(&tags, "s", field, &mut findings)
        .map(|t| selector(t, &mut findings))
        .unwrap_or_default();
    let signature = required(&tags, "b", field, &mut findings)
        .map(|t| signature_value(t, &mut findings))
        .unwrap_or_default();
    let mut body_hash = Vec::new();
    if let Some(t) = required(&tags, "bh", field, &mut findings) {
        match b64(&t.value) {
            Some(v) if !v.is_empty() => body_hash = v,
            _ => findings.push(at(
                Code::Syntax,
                Some(t.value_span),
                "bh= is empty or not base64",
            )),
        }
    }
    let mut signed_headers = Vec::new();
    if let Some(t) = required(&tags, "h", field, &mut findings) {
        signed_headers = tags::compact(&t.value)
            .split(':')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if signed_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case("arc-seal"))
        {
            findings.push(at(
                Code::AmsSignsSeal,
                Some(t.value_span),
                "h= lists ARC-Seal, which an ARC-Message-Signature must not sign (RFC 8617 §4.1.2)",
            ));
        }
    }
    let mut canonicalization_written = None;
    if let Some(t) = tags.iter().find(|t| t.name == "c") {
        let (h, b) = t.value.split_once('/').unwrap_or((&t.value, "simple"));
        match (canon(h), canon(b)) {
            (Some(h), Some(b)) => canonicalization_written = Some((h, b)),
            _ => findings.push(at(
                Code::Syntax,
                Some(t.value_span),
                format!("c={} is not simple or relaxed for header/body", t.value),
            )),
        }
    }
    let body_length = number(&tags, "l", &mut findings);
    let timestamp = number(&tags, "t", &mut findings);
    let expiration = number(&tags, "x", &mut findings);
    if let (Some(t), Some(x)) = (timestamp, expiration) {
        if x < t {
            findings.push(at(
                Code::Syntax,
                tags.iter().find(|t| t.name == "x").map(|t| t.value_span),
                "x= is earlier than t= (RFC 6376 §3.5)",
            ));
        }
    }
    if let Some(q) = tags.iter().find(|t| t.name == "q") {
        if !q
            .value
            .split(':')
            .any(|m| m.trim().eq_ignore_ascii_case("dns/txt"))
        {
            findings.push(at(
                Code::Syntax,
                Some(q.value_span),
                format!("q={} does not include dns/txt", q.value),
            ));
        }
    }
    anchor(&mut findings, value, base);
    MessageSignature {
        instance,
        algorithm,
        domain,
        selector,
        canonicalization_written,
        signed_headers,
        body_hash,
        signature,
        body_length,
        timestamp,
        expiration,
        tags,
        findings,
    }
}

/// A finding about something missing points at the whole value.
fn anchor(findings: &mut [Finding], value: &str, base: usize) {
    for f in findings.iter_mut().filter(|f| f.span.is_none()) {
        f.span = Some(Span::new(base, base + value.len()));
    }
}

fn canon(s: &str) -> Option<Canon> {
    match s.trim().to_ascii_lowercase().as_str() {
        "simple" => Some(Canon::Simple),
        "relaxed" => Some(Canon::Relaxed),
        _ => None,
    }
}

/// Skips CFWS (RFC 5322 §3.2.2): whitespace, line breaks and nested comments. Returns the new
/// position, or `None` inside an unclosed comment.
fn skip_cfws(s: &[u8], mut pos: usize) -> Option<usize> {
    let mut depth = 0u32;
    while let Some(&c) = s.get(pos) {
        match c {
            b'(' => depth += 1,
            b')' if depth > 0 => depth -= 1,
            b'\\' if depth > 0 => pos += 1,
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ if depth > 0 => {}
            _ => return Some(pos),
        }
        pos += 1;
    }
    (depth == 0).then_some(pos)
}

/// Parses the value of an ARC-Authentication-Results field: `i=<n>;` then an RFC 8601 payload.
/// The payload's syntax does not affect the chain (RFC 8617 §3.4), so only the prefix can fail.
pub fn parse_auth_results(value: &str, base: usize) -> ArcAuthResults {
    let bytes = value.as_bytes();
    let mut findings = Vec::new();
    let bad = |findings: &mut Vec<Finding>, end: usize, msg: &str| {
        findings.push(at(
            Code::Syntax,
            Some(Span::new(base, base + end.min(value.len()))),
            msg.to_string(),
        ));
    };
    let mut instance = None;
    let mut payload_start = None;
    let start = skip_cfws(bytes, 0).unwrap_or(bytes.len());
    if bytes.get(start) != Some(&b'i') {
        bad(
            &mut findings,
            value.len(),
            "an ARC-Authentication-Results field must start with i=<instance>; (RFC 8617 §4.1.1)",
        );
    } else {
        let eq = skip_cfws(bytes, start + 1).unwrap_or(bytes.len());
        if bytes.get(eq) != Some(&b'=') {
            bad(
                &mut findings,
                eq + 1,
                "i must be followed by = and the instance (RFC 8617 §4.1.1)",
            );
        } else {
            let digits_start = skip_cfws(bytes, eq + 1).unwrap_or(bytes.len());
            let digits_end = bytes
                .get(digits_start..)
                .unwrap_or(&[])
                .iter()
                .position(|b| !b.is_ascii_digit())
                .map_or(bytes.len(), |p| digits_start + p);
            let digits = value.get(digits_start..digits_end).unwrap_or("");
            let span = Span::new(base + start, base + digits_end);
            instance = instance_value(digits, span, &mut findings);
            let semi = skip_cfws(bytes, digits_end).unwrap_or(bytes.len());
            if bytes.get(semi) == Some(&b';') {
                payload_start = Some(semi + 1);
            } else {
                bad(
                    &mut findings,
                    semi + 1,
                    "the instance must be followed by ';' and the results (RFC 8617 §4.1.1)",
                );
                // Read what follows anyway, for display.
                payload_start = Some(digits_end);
            }
        }
    }
    let raw_payload = payload_start.and_then(|p| value.get(p..)).unwrap_or(value);
    let payload = raw_payload
        .replace("\r\n", "")
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_string();
    let results = authres::parse(&payload);
    ArcAuthResults {
        instance,
        payload,
        results,
        findings,
    }
}

/// True when a finding makes the field unusable for validation.
pub(crate) fn has_error(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn seal() {
        let v = " i=2; a=rsa-sha256; t=12346; cv=pass; d=Example.org.; s=dummy;\r\n b=AAAA";
        let s = parse_seal(v, 100);
        assert!(s.findings.is_empty(), "{:?}", s.findings);
        assert_eq!(s.instance, Some(2));
        assert_eq!(s.chain_status, Some(ChainStatus::Pass));
        assert_eq!(s.domain, "example.org");
        assert_eq!(s.timestamp, Some(12346));
        assert_eq!(s.signature, vec![0, 0, 0]);
        assert_eq!(s.tags[0].span, Span::new(101, 104));
    }

    #[test]
    fn seal_rules() {
        // (value, expected codes)
        let table: &[(&str, &[&str])] = &[
            (
                "i=1; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA; h=from",
                &["arc-syntax"],
            ),
            (
                "i=0; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA",
                &["arc-syntax"],
            ),
            (
                "i=x; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA",
                &["arc-syntax"],
            ),
            (
                "i=1; a=rsa-sha256; cv=maybe; d=x.example; s=s; b=AAAA",
                &["arc-syntax"],
            ),
            (
                "i=1; a=rsa-sha1; cv=none; d=x.example; s=s; b=AAAA",
                &["arc-sha1"],
            ),
            (
                "i=1; a=rsa-sha256; cv=none; d=x.example; s=s; b=",
                &["arc-syntax"],
            ),
            (
                "i=1; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA; t=1 2",
                &["arc-syntax"],
            ),
            (
                "i=1; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA; zz=kept",
                &[],
            ),
            (
                "i=1; a=rsa-sha256; cv=none; d=x.example; S=s; b=AAAA",
                &["arc-syntax"],
            ),
            (
                "i=1; a=rsa-sha256; cv=none; d=x.example; s=s; s=t; b=AAAA",
                &["arc-syntax"],
            ),
        ];
        for (v, want) in table {
            let s = parse_seal(v, 0);
            let got = codes(&s.findings);
            for w in *want {
                assert!(got.contains(w), "{v}: {got:?}");
            }
            if want.is_empty() {
                assert!(got.is_empty(), "{v}: {got:?}");
            }
        }
        assert_eq!(parse_seal("i=51; cv=pass", 0).instance, Some(51));
        assert_eq!(parse_seal("i=9999999999", 0).instance, None);
    }

    #[test]
    fn message_signature() {
        let m = parse_message_signature(
            " i=1; a=rsa-sha256; c=relaxed/simple; d=example.org; s=dummy; t=12345;\r\n h=From : To:arc-authentication-results; bh=AAAA; b=AAAA; v=1",
            0,
        );
        assert!(m.findings.is_empty(), "{:?}", m.findings);
        assert_eq!(
            m.signed_headers,
            ["From", "To", "arc-authentication-results"]
        );
        assert_eq!(m.canonicalization(), (Canon::Relaxed, Canon::Simple));
        let bare = parse_message_signature(
            "i=1; a=rsa-sha256; d=e.example; s=s; h=; bh=AAAA; b=AAAA",
            0,
        );
        assert!(bare.findings.is_empty(), "{:?}", bare.findings);
        assert!(bare.signed_headers.is_empty());
        assert_eq!(bare.canonicalization_written, None);
        assert_eq!(bare.canonicalization(), (Canon::Relaxed, Canon::Relaxed));
        let bad = parse_message_signature(
            "i=1; a=rsa-poptart; c=; d=e.example; s=s; h=from:arc-seal; b=AAAA",
            0,
        );
        let got = codes(&bad.findings);
        for c in ["arc-syntax", "arc-ams-signs-seal"] {
            assert!(got.contains(&c), "{got:?}");
        }
        assert!(bad.findings.iter().any(|f| f.message.contains("bh=")));
    }

    #[test]
    fn auth_results() {
        let a = parse_auth_results(
            " i=1; lists.example.org;\r\n    spf=pass smtp.mfrom=jqd@d1.example;\r\n    dkim=pass (1024-bit key) header.i=@d1.example;\r\n    dmarc=pass",
            0,
        );
        assert!(a.findings.is_empty(), "{:?}", a.findings);
        assert_eq!(a.instance, Some(1));
        assert_eq!(a.results.authserv_id, "lists.example.org");
        let methods: Vec<&str> = a
            .results
            .results
            .iter()
            .map(|r| r.method.as_str())
            .collect();
        assert_eq!(methods, ["spf", "dkim", "dmarc"]);
        assert!(a.payload.starts_with("lists.example.org;"));
        let spaced = parse_auth_results(" (comment) i = 12 ; mx.example; arc=pass", 0);
        assert_eq!(spaced.instance, Some(12));
        assert!(spaced.findings.is_empty(), "{:?}", spaced.findings);
        for bad in [
            " lists.example.org; i=1; spf=pass",
            " i=1 lists.example.org; spf=pass",
            " i=; x.example; spf=pass",
            " i=0; x.example",
            " i",
            "",
            " (unclosed",
        ] {
            let a = parse_auth_results(bad, 0);
            assert!(has_error(&a.findings), "{bad:?}");
        }
        assert_eq!(parse_auth_results(" i=1 x.example;", 0).instance, Some(1));
    }

    #[test]
    fn kinds() {
        assert_eq!(FieldKind::of("arc-seal"), Some(FieldKind::Seal));
        assert_eq!(
            FieldKind::of("ARC-Authentication-Results"),
            Some(FieldKind::AuthResults)
        );
        assert_eq!(FieldKind::of("Authentication-Results"), None);
    }
}
