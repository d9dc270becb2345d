//! The DKIM-Signature header field (RFC 6376 §3.5).

use crate::message::codes::Code as MessageCode;
use base64::Engine;
use serde::Serialize;

use crate::diag::{Finding, Severity, Span};

use crate::tags::{self, Tag};

/// `a=`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Algorithm {
    #[serde(rename = "rsa-sha256")]
    RsaSha256,
    /// Historic: RFC 8301 says verifiers must not consider it valid.
    #[serde(rename = "rsa-sha1")]
    RsaSha1,
    /// RFC 8463.
    #[serde(rename = "ed25519-sha256")]
    Ed25519Sha256,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::RsaSha256 => "rsa-sha256",
            Algorithm::RsaSha1 => "rsa-sha1",
            Algorithm::Ed25519Sha256 => "ed25519-sha256",
        }
    }

    pub fn key_type(self) -> &'static str {
        match self {
            Algorithm::Ed25519Sha256 => "ed25519",
            _ => "rsa",
        }
    }
}

/// One half of `c=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Canon {
    Simple,
    Relaxed,
}

impl Canon {
    fn parse(s: &str) -> Option<Canon> {
        match s.to_ascii_lowercase().as_str() {
            "simple" => Some(Canon::Simple),
            "relaxed" => Some(Canon::Relaxed),
            _ => None,
        }
    }
}

/// A parsed DKIM-Signature. Fields hold what was written; `None` where the tag is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// `a=`
    pub algorithm: Option<Algorithm>,
    /// `d=`, the signing domain.
    pub domain: String,
    /// `s=`, the selector.
    pub selector: String,
    /// `c=` header canonicalization (simple when absent).
    pub header_canon: Canon,
    /// `c=` body canonicalization (simple when absent).
    pub body_canon: Canon,
    /// `h=`, the signed header names in order.
    pub signed_headers: Vec<String>,
    /// `bh=` decoded.
    #[serde(skip)]
    pub body_hash: Vec<u8>,
    /// `b=` decoded.
    #[serde(skip)]
    pub signature: Vec<u8>,
    /// `i=`, the agent or user identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
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

impl Signature {
    /// True when a finding makes the signature unverifiable (`permerror`).
    pub fn is_broken(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn tag(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }
}

fn finding(code: MessageCode, span: Option<Span>, msg: impl Into<String>) -> Finding {
    let f = code.finding(msg);
    match span {
        Some(s) => f.at(s),
        None => f,
    }
}

fn b64(s: &str) -> Option<Vec<u8>> {
    let c = tags::compact(s);
    base64::engine::general_purpose::STANDARD.decode(&c).ok()
}

/// Parses the value of a DKIM-Signature header (the text after the colon). Spans are offsets into
/// that value.
pub fn parse(value: &str) -> Signature {
    let (tags, errors) = tags::parse(value, 0);
    let mut findings: Vec<Finding> = errors
        .into_iter()
        .map(|e| finding(MessageCode::Syntax, Some(e.span), e.message))
        .collect();
    let get = |n: &str| tags.iter().find(|t| t.name == n);
    let need = |n: &str, findings: &mut Vec<Finding>| -> Option<Tag> {
        let t = get(n).cloned();
        if t.is_none() {
            findings.push(finding(
                MessageCode::MissingTag,
                None,
                format!("the required tag {n}= is missing"),
            ));
        }
        t
    };
    match need("v", &mut findings) {
        Some(t) if t.value != "1" => findings.push(finding(
            MessageCode::Syntax,
            Some(t.value_span),
            format!("v={} is not a DKIM version (v=1)", t.value),
        )),
        _ => {}
    }
    let algorithm = need("a", &mut findings).and_then(|t| {
        let a = match t.value.to_ascii_lowercase().as_str() {
            "rsa-sha256" => Some(Algorithm::RsaSha256),
            "rsa-sha1" => Some(Algorithm::RsaSha1),
            "ed25519-sha256" => Some(Algorithm::Ed25519Sha256),
            _ => None,
        };
        if a.is_none() {
            findings.push(finding(
                MessageCode::UnknownAlgorithm,
                Some(t.value_span),
                format!("a={} is not an algorithm a verifier knows", t.value),
            ));
        }
        a
    });
    let domain = need("d", &mut findings)
        .map(|t| t.value.trim_end_matches('.').to_ascii_lowercase())
        .unwrap_or_default();
    let selector = need("s", &mut findings)
        .map(|t| t.value.clone())
        .unwrap_or_default();
    let mut body_hash = Vec::new();
    if let Some(t) = need("bh", &mut findings) {
        match b64(&t.value) {
            Some(v) => body_hash = v,
            None => findings.push(finding(
                MessageCode::Syntax,
                Some(t.value_span),
                "bh= is not base64",
            )),
        }
    }
    let mut signature = Vec::new();
    if let Some(t) = need("b", &mut findings) {
        match b64(&t.value) {
            Some(v) if !v.is_empty() => signature = v,
            _ => findings.push(finding(
                MessageCode::Syntax,
                Some(t.value_span),
                "b= is empty or not base64",
            )),
        }
    }
    let mut signed_headers = Vec::new();
    if let Some(t) = need("h", &mut findings) {
        signed_headers = tags::compact(&t.value)
            .split(':')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if !signed_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case("from"))
        {
            findings.push(finding(
                MessageCode::FromNotSigned,
                Some(t.value_span),
                "h= does not include From, which every DKIM signature must sign (RFC 6376 §5.4)",
            ));
        }
    }
    let (mut header_canon, mut body_canon) = (Canon::Simple, Canon::Simple);
    if let Some(t) = get("c") {
        let (h, b) = t.value.split_once('/').unwrap_or((&t.value, "simple"));
        match (Canon::parse(h.trim()), Canon::parse(b.trim())) {
            (Some(h), Some(b)) => {
                header_canon = h;
                body_canon = b;
            }
            _ => findings.push(finding(
                MessageCode::Syntax,
                Some(t.value_span),
                format!("c={} is not simple or relaxed for header/body", t.value),
            )),
        }
    }
    let number = |n: &str, findings: &mut Vec<Finding>| -> Option<u64> {
        let t = get(n)?;
        match t.value.parse::<u64>() {
            Ok(v) if t.value.len() <= 76 => Some(v),
            _ => {
                findings.push(finding(
                    MessageCode::Syntax,
                    Some(t.value_span),
                    format!("{n}={} is not a number", t.value),
                ));
                None
            }
        }
    };
    let body_length = number("l", &mut findings);
    let timestamp = number("t", &mut findings);
    let expiration = number("x", &mut findings);
    if let (Some(t), Some(x)) = (timestamp, expiration) {
        if x < t {
            findings.push(finding(
                MessageCode::Syntax,
                get("x").map(|t| t.value_span),
                "x= is earlier than t= (RFC 6376 §3.5)",
            ));
        }
    }
    if body_length.is_some() {
        findings.push(
            MessageCode::BodyLength
                .finding("l= signs only the first part of the body: anyone can append content and the signature still passes")
                .at(get("l").map(|t| t.span).unwrap_or(Span::new(0, 0))),
        );
    }
    let identity = get("i").map(|t| t.value.clone());
    if let Some(i) = &identity {
        let idom = i
            .rsplit_once('@')
            .map_or(i.as_str(), |(_, d)| d)
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if !domain.is_empty() && !crate::name::within(&idom, &domain) {
            findings.push(finding(
                MessageCode::IdentityMismatch,
                get("i").map(|t| t.value_span),
                format!("i={i} is not in d={domain} or a subdomain of it (RFC 6376 §3.5)"),
            ));
        }
    }
    if let Some(q) = get("q") {
        if !q
            .value
            .split(':')
            .any(|m| m.trim().eq_ignore_ascii_case("dns/txt"))
        {
            findings.push(finding(
                MessageCode::Syntax,
                Some(q.value_span),
                format!("q={} does not include dns/txt", q.value),
            ));
        }
    }
    Signature {
        algorithm,
        domain,
        selector,
        header_canon,
        body_canon,
        signed_headers,
        body_hash,
        signature,
        identity,
        body_length,
        timestamp,
        expiration,
        tags,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc8463_signature() {
        let s = parse(" v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n d=football.example.com; i=@football.example.com;\r\n q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n subject : date : message-id : from : subject : date;\r\n bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus\r\n Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==");
        assert!(s.findings.is_empty(), "{:?}", s.findings);
        assert_eq!(s.algorithm, Some(Algorithm::Ed25519Sha256));
        assert_eq!(s.selector, "brisbane");
        assert_eq!(s.signed_headers.len(), 8);
        assert_eq!(s.signature.len(), 64);
        assert_eq!(s.body_hash.len(), 32);
        assert_eq!(s.header_canon, Canon::Relaxed);
    }

    #[test]
    fn problems_are_findings() {
        let s = parse("v=2; a=rsa-md5; d=example.com; h=to; bh=!!; b=; i=x@other.example; l=10; x=5; t=10; zz=kept");
        let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
        for c in [
            "dkim-syntax",
            "dkim-unknown-algorithm",
            "dkim-missing-tag",
            "dkim-from-not-signed",
            "dkim-identity-mismatch",
            "dkim-body-length",
        ] {
            assert!(codes.contains(&c), "{c} missing: {codes:?}");
        }
        assert!(s.tag("zz").is_some(), "unknown tags are kept");
        assert!(s.is_broken());
    }
}
