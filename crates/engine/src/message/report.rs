//! The message check: everything the engine can say about a pasted message.

use serde::Serialize;

use crate::diag::{Finding, Severity};
use crate::dkim::{self, SignatureResult};
use crate::dns::Resolver;

use super::address::{parse_mailboxes, parse_path, Mailbox};
use super::authres::{self, AuthResults};
use super::received::{self, Hop};
use super::{parse, Message};

/// Headers RFC 6376 §5.4.1 recommends signing.
const RECOMMENDED: [&str; 14] = [
    "from",
    "reply-to",
    "subject",
    "date",
    "to",
    "cc",
    "resent-date",
    "resent-from",
    "resent-to",
    "resent-cc",
    "in-reply-to",
    "references",
    "mime-version",
    "content-type",
];

/// Which header fields one signature covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The signature's position (as in `dkim`).
    pub index: usize,
    /// Fields present and signed.
    pub signed: Vec<String>,
    /// Fields present and not signed: they can be changed without breaking the signature.
    pub unsigned: Vec<String>,
    /// Names signed more often than present: adding such a field breaks the signature.
    pub oversigned: Vec<String>,
    /// Recommended fields present but not signed.
    pub recommended_unsigned: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub from: Vec<Mailbox>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_path: Option<Mailbox>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub headers_only: bool,
    pub line_endings_normalized: bool,
    pub header_count: usize,
    /// One result per DKIM-Signature, top first.
    pub dkim: Vec<SignatureResult>,
    pub coverage: Vec<Coverage>,
    pub received: Vec<Hop>,
    pub authentication_results: Vec<AuthResults>,
    /// One sentence: what the DKIM results mean for this message.
    pub summary: String,
    pub findings: Vec<Finding>,
}

fn coverage(msg: &Message, r: &SignatureResult) -> Coverage {
    let signed_names: Vec<String> = r
        .signed_headers
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let mut present: Vec<String> = Vec::new();
    for h in &msg.headers {
        let n = h.name.to_ascii_lowercase();
        if !present.contains(&n) {
            present.push(n);
        }
    }
    let signed: Vec<String> = present
        .iter()
        .filter(|n| signed_names.contains(n))
        .cloned()
        .collect();
    let unsigned: Vec<String> = present
        .iter()
        .filter(|n| !signed_names.contains(n) && n.as_str() != "dkim-signature")
        .cloned()
        .collect();
    let recommended_unsigned = unsigned
        .iter()
        .filter(|n| RECOMMENDED.contains(&n.as_str()))
        .cloned()
        .collect();
    let mut oversigned: Vec<String> = r
        .oversigned
        .iter()
        .map(|n| n.to_ascii_lowercase())
        .collect();
    oversigned.dedup();
    Coverage {
        index: r.index,
        signed,
        unsigned,
        oversigned,
        recommended_unsigned,
    }
}

/// Checks a pasted message or header block. Only DKIM key lookups go to the resolver.
pub async fn check<R: Resolver>(resolver: &R, input: &[u8], opts: &dkim::Options) -> Report {
    let msg = parse(input);
    let mut findings = msg.findings.clone();
    let from_headers: Vec<_> = msg.all("From").collect();
    let from: Vec<Mailbox> = from_headers
        .iter()
        .flat_map(|h| parse_mailboxes(&h.value()))
        .collect();
    if from_headers.is_empty() {
        findings.push(Finding::new(
            "message-no-from",
            Severity::Error,
            "the message has no From field: DMARC cannot evaluate it (paste the whole header block)",
        ));
    }
    for name in ["From", "Subject", "Date", "To", "Message-ID"] {
        let n = msg.all(name).count();
        if n > 1 {
            findings.push(Finding::new(
                "message-duplicate-header",
                if name == "From" || name == "Subject" { Severity::Error } else { Severity::Warning },
                format!(
                    "{name} appears {n} times: a second {name} added above the signed one is how signed messages are made to show forged content; mail programs may show either"
                ),
            ));
        }
    }
    if from.len() > 1 {
        findings.push(Finding::new(
            "message-multiple-from",
            Severity::Warning,
            format!(
                "From holds {} mailboxes ({}): DMARC needs one author domain, and receivers handle several differently",
                from.len(),
                from.iter().map(|m| m.address.as_str()).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let from_domain = from
        .first()
        .map(|m| m.domain.clone())
        .filter(|d| !d.is_empty());
    let dkim = dkim::verify_message(resolver, &msg, opts).await;
    if dkim.is_empty() {
        findings.push(Finding::new(
            "message-unsigned",
            Severity::Warning,
            "the message has no DKIM-Signature: nothing vouches for its content",
        ));
    }
    let coverage: Vec<Coverage> = dkim.iter().map(|r| coverage(&msg, r)).collect();
    for c in &coverage {
        if !c.recommended_unsigned.is_empty() {
            findings.push(Finding::new(
                "dkim-headers-unsigned",
                Severity::Info,
                format!(
                    "signature {} does not sign {}: those fields can be changed in transit without breaking it",
                    c.index + 1,
                    c.recommended_unsigned.join(", ")
                ),
            ));
        }
    }
    let summary = summary(&dkim, from_domain.as_deref(), msg.headers_only());
    Report {
        from_domain,
        from,
        return_path: msg
            .first("Return-Path")
            .and_then(|h| parse_path(&h.value())),
        subject: msg
            .first("Subject")
            .map(|h| super::address::decode_words(&h.value())),
        headers_only: msg.headers_only(),
        line_endings_normalized: msg.line_endings_normalized,
        header_count: msg.headers.len(),
        received: received::timeline(&msg),
        authentication_results: authres::all(&msg),
        coverage,
        dkim,
        summary,
        findings,
    }
}

fn summary(dkim: &[SignatureResult], from: Option<&str>, headers_only: bool) -> String {
    let passing: Vec<&SignatureResult> = dkim.iter().filter(|r| r.result == "pass").collect();
    let body = if headers_only {
        " (headers only: the body was not checked)"
    } else {
        ""
    };
    match (from, passing.first()) {
        (_, None) if dkim.is_empty() => "Not signed: no DKIM signature vouches for this message.".into(),
        (_, None) => {
            let mut reasons: Vec<&str> = dkim.iter().filter_map(|r| r.reason).collect();
            reasons.dedup();
            format!(
                "No valid DKIM signature: {} signature(s), none verifies ({}).",
                dkim.len(),
                reasons.join(", ")
            )
        }
        (Some(f), Some(_)) if passing.iter().any(|r| r.domain == f) => {
            format!("Signed by its From domain {f}: the DKIM signature of {f} verifies{body}.")
        }
        (Some(f), Some(p)) => format!(
            "Signed by {}, not by the From domain {f}: the signature verifies{body}, but it vouches for {}, not for {f}.",
            p.domain, p.domain
        ),
        (None, Some(p)) => format!("Signed by {}{body}; the message has no usable From domain.", p.domain),
    }
}
