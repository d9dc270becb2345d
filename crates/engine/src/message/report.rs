//! The message check: everything the engine can say about a pasted message.

use serde::Serialize;

use std::net::IpAddr;

use crate::diag::{Finding, Severity};
use crate::dkim::{self, SignatureResult};
use crate::dmarc::{self, Alignment, Policy};
use crate::dns::Resolver;
use crate::memo::Memo;
use crate::spf::{self, SpfResult};

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

/// What the caller knows beyond the message.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub dkim: dkim::Options,
    /// The connecting client's IP, to evaluate SPF (given or confirmed by the user).
    pub ip: Option<IpAddr>,
}

/// An identifier checked against the From domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlignedId {
    pub domain: String,
    /// The signature's selector (`s=`), which tells two signatures of one domain apart; none for
    /// SPF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// `pass` for a DKIM signature or SPF check that passed.
    pub result: String,
    /// Equal to the From domain.
    pub strict: bool,
    /// Same organizational domain as the From domain.
    pub relaxed: bool,
    /// Whether it aligns under the policy's mode.
    pub aligned: bool,
}

impl AlignedId {
    /// The identifier as shown: its domain, and for a signature its selector
    /// (`football.example.com s=brisbane`), which tells two signatures of one domain apart.
    pub fn name(&self) -> String {
        match &self.selector {
            Some(s) => format!("{} s={s}", self.domain),
            None => self.domain.clone(),
        }
    }
}

/// The DMARC verdict for the message (RFC 9989 §4.4, §5.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcVerdict {
    /// `pass`, `fail`, or `none` (no policy found).
    pub result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_domain: Option<String>,
    pub organizational_domain: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    /// What a receiver following the policy does: `none`, `quarantine` or `reject` (one step
    /// lower in testing mode).
    pub disposition: &'static str,
    pub dkim: Vec<AlignedId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spf: Option<AlignedId>,
    /// In words.
    pub explanation: String,
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
    /// The SPF evaluation for the given IP and the Return-Path (or HELO) domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spf: Option<spf::Evaluation>,
    /// A connecting IP read from the Received fields, for the user to confirm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dmarc: Option<DmarcVerdict>,
    /// The ARC chain (RFC 8617) and its validation: `cv` none, pass or fail.
    pub arc: crate::arc::ArcReport,
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
pub async fn check<R: Resolver>(resolver: &R, input: &[u8], opts: &CheckOptions) -> Report {
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
    impersonation(&msg, &from, &mut findings);
    let (dkim, arc) = futures::join!(
        dkim::verify_message(resolver, &msg, &opts.dkim),
        crate::arc::validate(resolver, &msg, &opts.dkim)
    );
    if dkim.is_empty() {
        findings.push(Finding::new(
            "message-unsigned",
            Severity::Warning,
            "the message has no DKIM-Signature: nothing vouches for its content",
        ));
    }
    if dkim.len() > dkim::MAX_SIGNATURES {
        findings.push(Finding::new(
            "message-too-many-signatures",
            Severity::Warning,
            format!(
                "{} DKIM-Signature fields: the first {} were verified, the rest are marked not verified",
                dkim.len(),
                dkim::MAX_SIGNATURES
            ),
        ));
    }
    let coverage: Vec<Coverage> = dkim
        .iter()
        .filter(|r| r.reason != Some("not-verified"))
        .map(|r| coverage(&msg, r))
        .collect();
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
    let return_path = msg
        .first("Return-Path")
        .and_then(|h| parse_path(&h.value()));
    let received = received::timeline(&msg);
    let suggested_ip = received
        .iter()
        .rev()
        .filter_map(|h| h.ip.clone())
        .find(|ip| public_ip(ip));
    let spf = match opts.ip {
        Some(ip) => {
            let helo = received
                .iter()
                .rev()
                .find(|h| h.ip.as_deref() == Some(&ip.to_string()))
                .and_then(|h| h.from.clone())
                .unwrap_or_default();
            let mail_from = return_path
                .as_ref()
                .map(|p| p.address.clone())
                .unwrap_or_default();
            if mail_from.is_empty() && helo.is_empty() {
                None
            } else {
                let o = spf::Options {
                    now: opts.dkim.now.unwrap_or(0),
                    ..spf::Options::default()
                };
                Some(spf::check_mail_from(resolver, ip, &mail_from, &helo, &o).await)
            }
        }
        None => None,
    };
    let dmarc = match &from_domain {
        Some(f) => Some(verdict(resolver, f, &dkim, spf.as_ref()).await),
        None => None,
    };
    let summary = summary(
        &dkim,
        from_domain.as_deref(),
        msg.headers_only(),
        dmarc.as_ref(),
    );
    Report {
        spf,
        suggested_ip,
        dmarc,
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
        received,
        authentication_results: authres::all(&msg),
        coverage,
        dkim,
        arc,
        summary,
        findings,
    }
}

/// One domain is the other or under it (`bank.example`, `mail.bank.example`), both lower case.
fn related(a: &str, b: &str) -> bool {
    crate::name::within(a, b) || crate::name::within(b, a)
}

/// What makes a message look as if it came from someone else while its own domain
/// authenticates: an address of another domain in the From display name, replies sent outside
/// the From domain.
fn impersonation(msg: &Message, from: &[Mailbox], out: &mut Vec<Finding>) {
    use super::codes;
    let (Some(author), Some(h)) = (from.first(), msg.first("From")) else {
        return;
    };
    let domain = author.domain.as_str();
    if domain.is_empty() {
        return;
    }
    // The whole field, encoded words decoded: a name in a comment (`x@evil.example (Bank
    // <alerts@bank.example>)`) is shown by some programs too.
    let field = super::address::decode_words(&h.value());
    let shown = super::address::addresses_in(&field).into_iter().find(|a| {
        !related(a.rsplit('@').next().unwrap_or(""), domain)
            // The authors themselves (several in one From are `message-multiple-from`).
            && !from.iter().any(|m| m.address.eq_ignore_ascii_case(a))
    });
    if let Some(shown) = shown {
        out.push(codes::Code::MessageDisplayNameAddress.finding(format!(
            "the From name shows {shown}, but the message is from {}",
            author.address
        )));
    }
    // One Reply-To field at most (RFC 5322 §3.6): the first is the one read.
    let elsewhere: Vec<String> = msg
        .first("Reply-To")
        .map(|h| parse_mailboxes(&h.value()))
        .unwrap_or_default()
        .into_iter()
        .filter(|m| !m.domain.is_empty() && !related(&m.domain, domain))
        .map(|m| m.address)
        .collect();
    if !elsewhere.is_empty() {
        out.push(codes::Code::MessageReplyToElsewhere.finding(format!(
            "replies go to {}, outside the From domain {domain}",
            elsewhere.join(", ")
        )));
    }
}

fn public_ip(ip: &str) -> bool {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            !(v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified())
        }
        Ok(IpAddr::V6(v6)) => {
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80)
        }
        Err(_) => false,
    }
}

/// DMARC for the message: the From domain's policy, and whether a passing DKIM signature or SPF
/// check aligns with the From domain under the policy's modes (organizational domains by the RFC
/// 9989 tree walk).
async fn verdict<R: Resolver>(
    resolver: &R,
    from: &str,
    dkim: &[SignatureResult],
    spf: Option<&spf::Evaluation>,
) -> DmarcVerdict {
    let memo = Memo::new(resolver);
    // The From domain's policy and the organizational domain of every other identifier, walked
    // at once: one walk after another would cost a few round trips per signing domain. A
    // signature left unverified (over `dkim::MAX_SIGNATURES`) cannot align, so its domain is not
    // walked: a thousand of them cost no queries.
    // At most `dkim::MAX_SIGNATURES` verified signatures and the SPF domain: a linear search
    // keeps each once, in the order met.
    let mut others: Vec<&str> = Vec::new();
    for d in dkim
        .iter()
        .filter(|s| !s.domain.is_empty() && s.reason != Some("not-verified"))
        .map(|s| s.domain.as_str())
        .chain(spf.map(|e| e.domain.as_str()))
    {
        if d != from && !others.contains(&d) {
            others.push(d);
        }
    }
    let (d, walked) = futures::join!(
        dmarc::discover::discover_with(&memo, from),
        futures::future::join_all(
            others
                .iter()
                .map(|o| dmarc::discover::discover_with(&memo, o))
        )
    );
    let org_from = d.organizational_domain.clone();
    let (adkim, aspf) = d
        .record
        .as_ref()
        .map_or((Alignment::Relaxed, Alignment::Relaxed), |r| {
            (r.effective_dkim_alignment(), r.effective_spf_alignment())
        });
    let orgs: Vec<(&str, String)> = others
        .iter()
        .copied()
        .zip(walked.into_iter().map(|w| w.organizational_domain))
        .collect();
    let org_of = |domain: &str| -> Option<&str> {
        if domain == from {
            return Some(org_from.as_str());
        }
        orgs.iter()
            .find(|(d, _)| *d == domain)
            .map(|(_, o)| o.as_str())
    };
    let mut dkim_ids = Vec::new();
    // The identifiers DMARC weighs: the verified signatures (one left unverified over
    // `dkim::MAX_SIGNATURES` has no result to align).
    for s in dkim
        .iter()
        .filter(|s| !s.domain.is_empty() && s.reason != Some("not-verified"))
    {
        let strict = s.domain == from;
        let relaxed = strict || org_of(&s.domain) == Some(org_from.as_str());
        let aligned = s.result == "pass"
            && if adkim == Alignment::Strict {
                strict
            } else {
                relaxed
            };
        dkim_ids.push(AlignedId {
            domain: s.domain.clone(),
            selector: Some(s.selector.clone()),
            result: s.result.to_string(),
            strict,
            relaxed,
            aligned,
        });
    }
    let spf_id = match spf {
        Some(e) => {
            let strict = e.domain == from;
            let relaxed = strict || org_of(&e.domain) == Some(org_from.as_str());
            let aligned = e.result == SpfResult::Pass
                && if aspf == Alignment::Strict {
                    strict
                } else {
                    relaxed
                };
            Some(AlignedId {
                domain: e.domain.clone(),
                selector: None,
                result: e.result.as_str().to_string(),
                strict,
                relaxed,
                aligned,
            })
        }
        None => None,
    };
    let pass = dkim_ids.iter().any(|i| i.aligned) || spf_id.as_ref().is_some_and(|i| i.aligned);
    let (result, disposition, explanation) = match (&d.record, d.effective_policy) {
        (Some(r), Some(p)) => {
            if pass {
                (
                    "pass",
                    "none",
                    "DMARC passes: an identifier that passed aligns with the From domain."
                        .to_string(),
                )
            } else {
                let applied = if r.testing {
                    match p {
                        Policy::Reject => Policy::Quarantine,
                        _ => Policy::None,
                    }
                } else {
                    p
                };
                let spf_note = if spf.is_none() {
                    " SPF was not evaluated (give the connecting IP)."
                } else {
                    ""
                };
                (
                    "fail",
                    applied.as_str(),
                    format!(
                        "DMARC fails: no passing DKIM signature or SPF check aligns with {from}; the policy asks receivers to {}.{spf_note}",
                        match applied {
                            Policy::Reject => "reject the message",
                            Policy::Quarantine => "treat it as spam",
                            Policy::None => "deliver it anyway (p=none)",
                        }
                    ),
                )
            }
        }
        _ if d.findings.iter().any(|f| f.code == "dmarc-dns-error") => (
            "temperror",
            "none",
            format!("DMARC policy discovery for {from} failed temporarily: whether a policy applies is unknown; receivers defer the message or skip DMARC."),
        ),
        _ => (
            "none",
            "none",
            format!("{from} publishes no DMARC policy, so receivers apply none."),
        ),
    };
    DmarcVerdict {
        result,
        policy_domain: d.policy_domain.clone(),
        organizational_domain: org_from,
        policy: d.effective_policy,
        disposition,
        dkim: dkim_ids,
        spf: spf_id,
        explanation,
    }
}

fn summary(
    dkim: &[SignatureResult],
    from: Option<&str>,
    headers_only: bool,
    dmarc: Option<&DmarcVerdict>,
) -> String {
    let base = summary_dkim(dkim, from, headers_only);
    match dmarc {
        Some(v) if v.result == "pass" => {
            format!("Authentic: DMARC passes for {}. {base}", from.unwrap_or(""))
        }
        Some(v) if v.result == "fail" => format!(
            "Not authenticated: DMARC fails for {} (policy: {}). {base}",
            from.unwrap_or(""),
            v.disposition
        ),
        _ => base,
    }
}

fn summary_dkim(dkim: &[SignatureResult], from: Option<&str>, headers_only: bool) -> String {
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
