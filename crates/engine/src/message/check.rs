//! The message check: everything the engine can say about a pasted message.

use crate::message::codes::Code as MessageCode;
use serde::Serialize;

use std::net::IpAddr;

use crate::crypto::Verifier;
use crate::diag::{Finding, Severity};
use crate::dkim::{self, SignatureResult};
use crate::dmarc::Policy;
use crate::dns::Resolver;
use crate::spf;

use super::address::{parse_mailboxes, parse_path, Mailbox};
use super::authres::{self, AuthResults};
use super::received::{self, Hop};
use super::requirements::{self, Requirements};
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

/// Fields a forger adds a second copy of above the signed one, for mail programs to show: a
/// signature should name them once more in `h=` than they appear (RFC 6376 §8.15).
const OVERSIGN: [&str; 2] = ["from", "subject"];

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
    /// From and Subject present, signed, but not over-signed: a second one added above the
    /// signed one is not covered, and mail programs may show it (RFC 6376 §8.15).
    pub not_oversigned: Vec<String>,
    /// Recommended fields present but not signed.
    pub recommended_unsigned: Vec<String>,
}

impl Coverage {
    /// The fields present and not signed that RFC 6376 does not recommend signing.
    pub fn other_unsigned(&self) -> Vec<&str> {
        self.unsigned
            .iter()
            .filter(|n| !self.recommended_unsigned.contains(n))
            .map(String::as_str)
            .collect()
    }
}

/// What the caller knows beyond the message.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub dkim: dkim::Options,
    /// The connecting client's IP, to evaluate SPF (given or confirmed by the user).
    pub ip: Option<IpAddr>,
    /// Whether the message is bulk (marketing) mail for the sender requirements; `None` tells
    /// it from `List-Id`, `List-Unsubscribe` and `Precedence: bulk`.
    pub bulk: Option<bool>,
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
    /// Why it counts or not: `aligned`, `not-passed` (the signature or SPF check failed: its
    /// domain does not matter), `other-organization`, or `strict-mode` (same organization, but
    /// `adkim=s`/`aspf=s` needs the exact From domain).
    pub why: &'static str,
    /// The same in a sentence.
    pub explanation: String,
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
    /// What an RFC 9989 receiver does with the message: `none`, `quarantine` or `reject` (one
    /// level lower under `t=y`; `pct=` ignored). `enforcement` says what receivers still on RFC
    /// 7489 do.
    pub disposition: &'static str,
    /// The discovered policy's words and what each kind of receiver does with failing mail
    /// (the domain page's assessment of the same policy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<crate::dmarc::assess::Enforcement>,
    pub dkim: Vec<AlignedId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spf: Option<AlignedId>,
    /// In words.
    pub explanation: String,
}

/// What [`check`] found about a pasted message: its identities, each DKIM signature, ARC, SPF,
/// the DMARC verdict, and the findings.
#[derive(Debug, Clone, Serialize)]
pub struct MessageCheck {
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
    /// The mailbox providers' sender requirements, one rule a line (not made by
    /// [`authenticate`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirements: Option<Requirements>,
    /// The receiving filters' own verdicts, one entry per anti-spam header: filled by
    /// [`decode_filters`], which links the vendors' tables (the page draws them from its second
    /// module).
    pub antispam: Vec<crate::antispam::Decoded>,
    /// Whether the message carries anti-spam headers to decode (always false from
    /// [`authenticate`]).
    pub filter_headers: bool,
    /// One sentence: what most likely sent the message to junk (the filter's own verdict once
    /// [`decode_filters`] has read it, else the first unmet requirement; not made by
    /// [`authenticate`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub junk_reason: Option<String>,
    /// The ARC chain (RFC 8617) and its validation: `cv` none, pass or fail.
    pub arc: crate::arc::ArcReport,
    /// One sentence: what the DKIM results mean for this message.
    pub summary: String,
    /// The summary's badge: `ok`, `warning` (nothing authenticates the From domain, or a
    /// warning among the findings) or `error` (DMARC fails, or an error among the findings).
    pub status: &'static str,
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
    let not_oversigned = OVERSIGN
        .iter()
        .filter(|n| signed.iter().any(|s| s == *n) && !oversigned.iter().any(|o| o == *n))
        .map(|n| n.to_string())
        .collect();
    Coverage {
        index: r.index,
        signed,
        unsigned,
        oversigned,
        not_oversigned,
        recommended_unsigned,
    }
}

/// Checks a pasted message or header block: its authentication (DKIM, ARC, SPF with the given
/// IP, DMARC), the mailbox providers' sender requirements and the receiving filters' headers.
/// DKIM key lookups, the DMARC policy, SPF and the reverse DNS of the connecting IP go to the
/// resolver; DKIM and ARC signatures go to the verifier.
pub async fn check<R: Resolver, V: Verifier>(
    resolver: &R,
    verifier: &V,
    input: &[u8],
    opts: &CheckOptions,
) -> MessageCheck {
    let mut checked = check_with::<R, V, Everything>(resolver, verifier, input, opts).await;
    decode_filters(&mut checked, input);
    checked
}

/// [`check`] without the sender requirements and the filters' headers (`requirements` and
/// `junk_reason` are `None`): what the message page's first load carries; the page draws the
/// rest with its second module, which runs [`check`] on the same answers.
pub async fn authenticate<R: Resolver, V: Verifier>(
    resolver: &R,
    verifier: &V,
    input: &[u8],
    opts: &CheckOptions,
) -> MessageCheck {
    check_with::<R, V, AuthenticationOnly>(resolver, verifier, input, opts).await
}

/// What [`check_with`] does beyond authentication. A type rather than a `bool`: an `if` on a
/// constant around an `.await` still links the awaited future (the state machine keeps a state
/// for it), so the reverse DNS lookup, and with it the rules and their texts, is a method that
/// [`AuthenticationOnly`] does not have.
trait Scope {
    /// The sender requirements and the junk sentence.
    const REQUIREMENTS: bool;
    /// The reverse DNS of the connecting IP, for the requirements.
    async fn reverse_dns<R: Resolver>(
        resolver: &R,
        received: &[Hop],
        given: Option<IpAddr>,
    ) -> Option<[requirements::Rule; 2]>;
}

/// [`check`]'s scope.
struct Everything;

impl Scope for Everything {
    const REQUIREMENTS: bool = true;
    async fn reverse_dns<R: Resolver>(
        resolver: &R,
        received: &[Hop],
        given: Option<IpAddr>,
    ) -> Option<[requirements::Rule; 2]> {
        let ip = requirements::connecting_ip(received, given);
        Some(requirements::reverse_dns(resolver, ip).await)
    }
}

/// [`authenticate`]'s scope.
struct AuthenticationOnly;

impl Scope for AuthenticationOnly {
    const REQUIREMENTS: bool = false;
    async fn reverse_dns<R: Resolver>(
        _: &R,
        _: &[Hop],
        _: Option<IpAddr>,
    ) -> Option<[requirements::Rule; 2]> {
        None
    }
}

/// The check, with what `S` adds (so that [`authenticate`] links none of the requirements).
async fn check_with<R: Resolver, V: Verifier, S: Scope>(
    resolver: &R,
    verifier: &V,
    input: &[u8],
    opts: &CheckOptions,
) -> MessageCheck {
    let msg = parse(input);
    let mut findings = msg.findings.clone();
    let from_headers: Vec<_> = msg.all("From").collect();
    let from: Vec<Mailbox> = from_headers
        .iter()
        .flat_map(|h| parse_mailboxes(&h.value()))
        .collect();
    if from_headers.is_empty() {
        findings.push(MessageCode::MessageNoFrom.finding(
            "the message has no From field: DMARC cannot evaluate it (paste the whole header block)",
        ));
    }
    for name in ["From", "Subject", "Date", "To", "Message-ID"] {
        let n = msg.all(name).count();
        if n > 1 {
            findings.push(MessageCode::MessageDuplicateHeader.finding_as(
                if name == "From" || name == "Subject" { Severity::Error } else { Severity::Warning },
                format!(
                    "{name} appears {n} times: a second {name} added above the signed one is how signed messages are made to show forged content; mail programs may show either"
                ),
            ));
        }
    }
    if from.len() > 1 {
        findings.push(MessageCode::MessageMultipleFrom.finding(format!(
            "From holds {} mailboxes ({}): DMARC needs one author domain, and receivers handle several differently",
            from.len(),
            from.iter().map(|m| m.address.as_str()).collect::<Vec<_>>().join(", ")
        )));
    }
    let from_domain = from
        .first()
        .map(|m| m.domain.clone())
        .filter(|d| !d.is_empty());
    impersonation(&msg, &from, &mut findings);
    // The From domain's DMARC policy is asked beside the keys: the verdict, which needs the
    // signatures' results, walks it again after them, and the page's and the CLI's resolvers
    // (a `SessionCache`) answer that walk from these answers instead of another round trip.
    let (dkim, arc, _) = futures::join!(
        dkim::verify_message(resolver, verifier, &msg, &opts.dkim),
        crate::arc::validate(resolver, verifier, &msg, &opts.dkim),
        async {
            if let Some(f) = &from_domain {
                crate::dmarc::discover::discover(resolver, f).await;
            }
        }
    );
    if dkim.is_empty() {
        findings.push(
            MessageCode::MessageUnsigned
                .finding("the message has no DKIM-Signature: nothing vouches for its content"),
        );
    }
    if dkim.len() > dkim::MAX_SIGNATURES {
        findings.push(MessageCode::MessageTooManySignatures.finding(format!(
            "{} DKIM-Signature fields: the first {} were verified, the rest are marked not verified",
            dkim.len(),
            dkim::MAX_SIGNATURES
        )));
    }
    let coverage: Vec<Coverage> = dkim
        .iter()
        .filter(|r| r.reason != Some("not-verified"))
        .map(|r| coverage(&msg, r))
        .collect();
    for c in &coverage {
        if !c.recommended_unsigned.is_empty() {
            findings.push(MessageCode::HeadersUnsigned.finding(format!(
                "signature {} does not sign {}: those fields can be changed in transit without breaking it",
                c.index + 1,
                c.recommended_unsigned.join(", ")
            )));
        }
        if !c.not_oversigned.is_empty() {
            findings.push(super::codes::Code::NotOversigned.finding(format!(
                "signature {} signs {} but does not over-sign it: a second one added above the signed one is not covered, and mail programs may show that one",
                c.index + 1,
                c.not_oversigned.join(" and ")
            )));
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
        .find(|ip| ip.parse().is_ok_and(received::is_public));
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
    let (dmarc, rdns) = futures::join!(
        async {
            match &from_domain {
                Some(f) => Some(
                    super::verdict::verdict(resolver, f, &dkim, spf.as_ref(), opts.ip.is_some())
                        .await,
                ),
                None => None,
            }
        },
        S::reverse_dns(resolver, &received, opts.ip)
    );
    let authentication_results = authres::all(&msg);
    // Branched on the constant again: `rdns` comes out of a future, through which the optimizer
    // does not see that it is always `None` for `authenticate`, and at the pages' opt-level a
    // combinator like `Option::filter` is not always inlined, which kept its closure linked.
    let requirements = if S::REQUIREMENTS {
        rdns.map(|rdns| {
            requirements::assess(
                &requirements::Inputs {
                    msg: &msg,
                    dkim: &dkim,
                    dmarc: dmarc.as_ref(),
                    spf: spf.as_ref(),
                    from_domain: from_domain.as_deref(),
                    received: &received,
                    authentication_results: &authentication_results,
                    ip: opts.ip,
                    bulk: opts.bulk,
                },
                rdns,
            )
        })
    } else {
        None
    };
    let junk_reason = if S::REQUIREMENTS {
        requirements.as_ref().map(Requirements::junk_sentence)
    } else {
        None
    };
    let filter_headers = S::REQUIREMENTS && crate::antispam::present(&msg);
    let summary = super::verdict::summary(
        &dkim,
        from_domain.as_deref(),
        msg.headers_only(),
        dmarc.as_ref(),
    );
    let status = super::verdict::status(
        &dkim,
        from_domain.as_deref(),
        dmarc.as_ref(),
        findings.iter().chain(dkim.iter().flat_map(|s| &s.findings)),
    );
    MessageCheck {
        status,
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
        authentication_results,
        requirements,
        antispam: Vec::new(),
        filter_headers,
        junk_reason,
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

/// Decodes the receiving filters' headers of `input` (the message [`check`] was given) into
/// `checked.antispam`, and says again what most likely sent it to junk.
fn decode_filters(checked: &mut MessageCheck, input: &[u8]) {
    if !checked.filter_headers {
        return;
    }
    checked.antispam = crate::antispam::decode(&parse(input));
    if let Some(r) = &checked.requirements {
        checked.junk_reason = Some(crate::antispam::junk_reason(
            &checked.antispam,
            &r.junk_sentence(),
        ));
    }
}
