//! The mailbox providers' sender requirements, checked against one message: what Gmail and Yahoo
//! (since February 2024) and Outlook.com (since May 2025) ask of every sender and of bulk
//! senders, as far as one received message shows it.
//!
//! Each rule is one line with a status (`pass`, `fail`, `warning`, `unknown` with why), the
//! providers that require it, the evidence read from the message and the fix. A failed rule is
//! also a finding with its `bulk-*` code ([`Code`]). The rules that bind bulk senders only (5,000
//! or more messages a day to one provider) fail for a message taken for bulk mail and warn
//! otherwise; the one-click unsubscribe rules apply to bulk mail only. A message is taken for bulk
//! mail when it carries `List-Id`, `List-Unsubscribe` or `Precedence: bulk`, unless the user says
//! otherwise ([`CheckOptions::bulk`](super::check::CheckOptions)).
//!
//! Sources: Google, "Email sender guidelines" (support.google.com/a/answer/81126) and its FAQ
//! (answer/14229414); Yahoo, "Sender Best Practices" (senders.yahooinc.com/best-practices);
//! Microsoft, "Strengthening Email Ecosystem: Outlook's New Requirements for High-Volume Senders"
//! (techcommunity.microsoft.com, April 2025); RFC 8058 (one-click unsubscribe), RFC 8301 §3.2
//! (key sizes), RFC 5322 §3.6 (the header fields a message carries), RFC 8601 §2.7.3 (iprev).

use std::net::IpAddr;

use serde::Serialize;

use crate::diag::{code_table, finding_codes, Finding, Severity};
use crate::dkim::SignatureResult;
use crate::dns::{RData, RecordType, Resolver};

use super::authres::AuthResults;
use super::check::DmarcVerdict;
use super::received::Hop;
use super::Message;
use crate::name::base_domain;

finding_codes! {
    /// The sender-requirement codes: each names the rule that failed.
    pub enum Code {
        Format,
        SpfAndDkim,
        NoDmarc,
        NotAligned,
        OneClickMissing,
        UnsubscribeUnsigned,
        NoTls,
        PtrMissing,
        FcrdnsMismatch,
        FreemailFrom,
        KeyShort,
    }
}

code_table! {
    Code {
        Format => ("bulk-format", Error, "Message format (RFC 5322)",
            "Gmail and Yahoo require messages formatted to RFC 5322: exactly one From, one Date that can be read, and a Message-ID. Messages without them are rate-limited, sent to spam or rejected.",
            "Have the sending software write one From, one Date in RFC 5322 form and a unique Message-ID in every message.", "RFC 5322 §3.6; Google Email sender guidelines; Yahoo Sender Best Practices"),
        SpfAndDkim => ("bulk-spf-and-dkim", Error, "SPF and DKIM",
            "Every sender must pass SPF or DKIM at Gmail and Yahoo; bulk senders (5,000 or more messages a day) must pass both at Gmail, Yahoo and Outlook.com.",
            "Publish SPF for the Return-Path domain that lists the sending servers, and sign every message with DKIM (the SPF and DKIM builders make both records).", "RFC 7208; RFC 6376; Google Email sender guidelines; Yahoo Sender Best Practices; Outlook.com high-volume sender requirements"),
        NoDmarc => ("bulk-no-dmarc", Error, "DMARC record published",
            "Bulk senders must publish a DMARC record for the From domain at Gmail, Yahoo and Outlook.com; p=none suffices.",
            "Publish a DMARC record at _dmarc.<From domain>, starting with p=none and a rua= address (the DMARC wizard makes one).", "RFC 9989; Google Email sender guidelines; Yahoo Sender Best Practices; Outlook.com high-volume sender requirements"),
        NotAligned => ("bulk-not-aligned", Error, "Aligned with the From domain",
            "Bulk senders' From domain must align with the domain that passes SPF or DKIM (DMARC alignment), at Gmail, Yahoo and Outlook.com.",
            "Sign with d= in the From domain (or its organizational domain), or send with a Return-Path in it.", "RFC 9989 §4.4; Google Email sender guidelines; Yahoo Sender Best Practices; Outlook.com high-volume sender requirements"),
        OneClickMissing => ("bulk-one-click-missing", Error, "One-click unsubscribe",
            "Gmail and Yahoo require marketing and subscribed messages from bulk senders to offer one-click unsubscribe: a List-Unsubscribe field with an https: URI and List-Unsubscribe-Post: List-Unsubscribe=One-Click. Outlook.com recommends it.",
            "Add List-Unsubscribe: <https://…> (a URI that unsubscribes on a POST) and List-Unsubscribe-Post: List-Unsubscribe=One-Click to every marketing message, and sign both with DKIM.", "RFC 8058 §3; Google Email sender guidelines; Yahoo Sender Best Practices"),
        UnsubscribeUnsigned => ("bulk-unsubscribe-unsigned", Error, "Unsubscribe fields signed",
            "RFC 8058 makes one-click unsubscribe valid only when a DKIM signature that passes covers both List-Unsubscribe and List-Unsubscribe-Post; otherwise anyone could add them, and receivers ignore them.",
            "Add List-Unsubscribe and List-Unsubscribe-Post to the signed header fields (h=) of the From domain's DKIM signature.", "RFC 8058 §4"),
        NoTls => ("bulk-no-tls", Error, "TLS on the way in",
            "Gmail requires every sender to send over TLS. The Received field the receiver wrote for the connection shows no TLS.",
            "Enable STARTTLS on the sending servers (or the service that sends for you).", "RFC 3207; RFC 3848; Google Email sender guidelines"),
        PtrMissing => ("bulk-ptr-missing", Error, "Reverse DNS of the sending IP",
            "Gmail and Yahoo require the sending IP address to have a PTR record (reverse DNS) whose name leads back to it.",
            "Ask whoever runs the sending IP address (the hosting or mail provider) to publish a PTR record naming the server, and an A/AAAA record for that name.", "RFC 8601 §2.7.3; Google Email sender guidelines; Yahoo Sender Best Practices"),
        FcrdnsMismatch => ("bulk-fcrdns-mismatch", Error, "Forward-confirmed reverse DNS",
            "The sending IP's PTR name does not resolve back to the IP (forward-confirmed reverse DNS fails): Gmail and Yahoo treat that like no reverse DNS.",
            "Publish an A (or AAAA) record for the PTR name that holds the sending IP, or change the PTR to a name that does.", "RFC 8601 §2.7.3; Google Email sender guidelines; Yahoo Sender Best Practices"),
        FreemailFrom => ("bulk-freemail-from", Error, "No consumer mailbox in From",
            "A From address at gmail.com, yahoo.com, outlook.com and other consumer mailbox domains, sent through other servers, fails those domains' DMARC policies; Gmail asks senders not to impersonate Gmail From addresses.",
            "Send from an address in your own domain, authenticated with SPF and DKIM; keep the consumer address in Reply-To if replies should go there.", "RFC 9989; Google Email sender guidelines"),
        KeyShort => ("bulk-key-short", Error, "DKIM key of 1024 bits or more",
            "A DKIM key under 1024 bits is not valid: verifiers must not accept its signatures, so the message counts as unsigned. Gmail asks for 1024 bits at least and recommends 2048.",
            "Generate a 2048-bit key (the DKIM key builder makes one), publish it under a new selector and sign with it.", "RFC 8301 §3.2; Google Email sender guidelines"),
    }
}

/// How one rule stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Warning,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warning => "warning",
            Status::Unknown => "unknown",
        }
    }
}

/// Who the rule binds at one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Required {
    /// `Gmail`, `Yahoo` or `Microsoft` (Outlook.com, Hotmail, Live).
    pub provider: &'static str,
    /// `all` senders, or `bulk` senders only (5,000 or more messages a day to the provider).
    pub senders: &'static str,
}

const fn req(provider: &'static str, senders: &'static str) -> Required {
    Required { provider, senders }
}

/// One rule, as this message stands against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The finding code when the rule is not met (`bulk-no-dmarc`).
    pub code: &'static str,
    /// What the rule asks, in a few words.
    pub title: &'static str,
    pub status: Status,
    /// Whether the rule applies to this message (the one-click rules apply to bulk mail only);
    /// a rule that does not apply has status `pass` and says why in `evidence`.
    pub applies: bool,
    pub required_by: Vec<Required>,
    /// What the message shows.
    pub evidence: String,
    /// Why the rule could not be told (status `unknown` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_because: Option<String>,
    /// What to do (not for `pass`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<&'static str>,
}

/// The rules for one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirements {
    /// Whether the message was taken for bulk (marketing, list) mail.
    pub bulk: bool,
    /// Why: the field that says so, or the user's choice.
    pub bulk_because: String,
    pub rules: Vec<Rule>,
    /// What a message cannot show (spam rate, volume), said once.
    pub not_visible: &'static str,
    /// The connecting IP the reverse-DNS and TLS rules were read for, and where it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connecting_ip: Option<String>,
    /// One finding per rule that failed or warns, with its `bulk-*` code.
    pub findings: Vec<Finding>,
}

impl Requirements {
    /// What most likely sent the message to junk as far as the rules tell: the first unmet rule
    /// and what the message shows (its fix stands with the rule), else that nothing visible
    /// explains it.
    pub fn junk_sentence(&self) -> String {
        match self.first_unmet() {
            Some(r) => format!("{}: {}.", r.title, r.evidence),
            None => "Nothing in the message explains a junk placement: it meets every sender requirement the message shows, and no filter verdict in its headers marks it as spam.".to_string(),
        }
    }

    /// The first rule that failed, else the first that warns.
    pub fn first_unmet(&self) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.status == Status::Fail)
            .or_else(|| self.rules.iter().find(|r| r.status == Status::Warning))
    }
}

const NOT_VISIBLE: &str = "A message does not show the sender's spam complaint rate (Gmail and Yahoo require it under 0.3%) or daily volume: see Google Postmaster Tools, Yahoo's Sender Hub and Microsoft SNDS.";

/// Consumer mailbox domains: a From in one of them, sent through other servers, fails its DMARC.
const FREEMAIL: [&str; 22] = [
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.de",
    "ymail.com",
    "rocketmail.com",
    "aol.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
];

/// What the rules read from the message check.
pub(super) struct Inputs<'a> {
    pub msg: &'a Message,
    pub dkim: &'a [SignatureResult],
    pub dmarc: Option<&'a DmarcVerdict>,
    pub spf: Option<&'a crate::spf::Evaluation>,
    pub from_domain: Option<&'a str>,
    pub received: &'a [Hop],
    pub authentication_results: &'a [AuthResults],
    /// The IP the user gave or confirmed.
    pub ip: Option<IpAddr>,
    /// The user's choice: bulk, not bulk, or `None` to tell from the fields.
    pub bulk: Option<bool>,
}

/// The connecting IP the reverse-DNS and TLS rules are read for: the one the user gave, else the
/// IP of the hop into the receiver ([`boundary_hop`]).
pub(super) fn connecting_ip(received: &[Hop], given: Option<IpAddr>) -> Option<IpAddr> {
    given.or_else(|| boundary_hop(received, None).and_then(|h| h.ip.as_deref()?.parse().ok()))
}

/// Checks the rules. `rdns` is [`reverse_dns`] of [`connecting_ip`], asked beside the DMARC
/// lookups so that it costs no round trip of its own.
pub(super) fn assess(i: &Inputs<'_>, rdns: [Rule; 2]) -> Requirements {
    let (bulk, bulk_because) = bulk_mail(i.msg, i.bulk);
    let boundary = boundary_hop(i.received, i.ip);
    let ip = connecting_ip(i.received, i.ip);
    let mut rules = vec![
        format_rule(i.msg),
        spf_and_dkim(i, bulk),
        no_dmarc(i, bulk),
        not_aligned(i, bulk),
    ];
    rules.extend(one_click(i, bulk));
    rules.push(tls(boundary));
    rules.extend(rdns);
    rules.push(freemail(i));
    rules.push(key_size(i.dkim));
    let findings = rules
        .iter()
        .filter_map(|r| {
            let code = Code::parse(r.code)?;
            match r.status {
                Status::Fail => Some(code.finding(r.evidence.clone())),
                Status::Warning => Some(code.finding_as(Severity::Warning, r.evidence.clone())),
                _ => None,
            }
        })
        .collect();
    Requirements {
        bulk,
        bulk_because,
        rules,
        not_visible: NOT_VISIBLE,
        connecting_ip: ip.map(|ip| ip.to_string()),
        findings,
    }
}

fn rule(code: Code, required_by: &[Required]) -> Rule {
    Rule {
        code: code.as_str(),
        title: code.head().title,
        status: Status::Pass,
        applies: true,
        required_by: required_by.to_vec(),
        evidence: String::new(),
        unknown_because: None,
        fix: None,
    }
}

impl Rule {
    fn met(mut self, evidence: impl Into<String>) -> Rule {
        self.status = Status::Pass;
        self.evidence = evidence.into();
        self
    }

    /// Not met: `fail` when the rule binds this message, else `warning`.
    fn unmet(mut self, binds: bool, evidence: impl Into<String>) -> Rule {
        self.status = if binds { Status::Fail } else { Status::Warning };
        self.evidence = evidence.into();
        self.fix = Code::parse(self.code).map(|c| c.head().suggestion);
        self
    }

    fn unknown(mut self, evidence: impl Into<String>, because: impl Into<String>) -> Rule {
        self.status = Status::Unknown;
        self.evidence = evidence.into();
        self.unknown_because = Some(because.into());
        self
    }

    fn not_applicable(mut self, why: impl Into<String>) -> Rule {
        self.applies = false;
        self.status = Status::Pass;
        self.evidence = why.into();
        self
    }
}

/// Bulk mail by its fields, unless the user said.
fn bulk_mail(msg: &Message, chosen: Option<bool>) -> (bool, String) {
    if let Some(b) = chosen {
        let why = if b {
            "chosen: treated as bulk (marketing) mail"
        } else {
            "chosen: treated as a transactional message"
        };
        return (b, why.to_string());
    }
    if msg.first("List-Id").is_some() {
        return (true, "it carries List-Id".into());
    }
    if msg.first("List-Unsubscribe").is_some() {
        return (true, "it carries List-Unsubscribe".into());
    }
    if let Some(p) = msg.first("Precedence") {
        let v = p.value();
        if v.eq_ignore_ascii_case("bulk") || v.eq_ignore_ascii_case("list") {
            return (true, format!("it carries Precedence: {v}"));
        }
    }
    (
        false,
        "no List-Id, List-Unsubscribe or Precedence: bulk".into(),
    )
}

const ALL_GY: [Required; 2] = [req("Gmail", "all"), req("Yahoo", "all")];
const BULK_GYM: [Required; 3] = [
    req("Gmail", "bulk"),
    req("Yahoo", "bulk"),
    req("Microsoft", "bulk"),
];

fn format_rule(msg: &Message) -> Rule {
    let r = rule(Code::Format, &ALL_GY);
    let mut wrong = Vec::new();
    match msg.all("From").count() {
        1 => {}
        0 => wrong.push("no From".to_string()),
        n => wrong.push(format!("{n} From fields")),
    }
    let dates: Vec<_> = msg.all("Date").collect();
    match dates.as_slice() {
        [d] if super::date::parse(&d.value()).is_none() => {
            wrong.push(format!("a Date that cannot be read ({})", d.value()))
        }
        [_] => {}
        [] => wrong.push("no Date".to_string()),
        more => wrong.push(format!("{} Date fields", more.len())),
    }
    match msg.all("Message-ID").count() {
        1 => {}
        0 => wrong.push("no Message-ID".to_string()),
        n => wrong.push(format!("{n} Message-ID fields")),
    }
    if wrong.is_empty() {
        r.met("one From, one Date, one Message-ID")
    } else {
        r.unmet(true, format!("the message has {}", wrong.join(", ")))
    }
}

/// The topmost Authentication-Results (the last receiver's), when it has a result for `method`.
fn receiver_result<'a>(ar: &'a [AuthResults], method: &str) -> Option<(&'a str, &'a str)> {
    ar.first().and_then(|a| {
        a.results
            .iter()
            .find(|m| m.method.eq_ignore_ascii_case(method))
            .map(|m| (a.authserv_id.as_str(), m.result.as_str()))
    })
}

/// Where a result of the receiver's came from: its Authentication-Results, by name when it has
/// one (Microsoft 365 writes none).
fn reported_by(authserv_id: &str) -> String {
    if authserv_id.is_empty() {
        "the receiver's Authentication-Results".to_string()
    } else {
        format!("Authentication-Results of {authserv_id}")
    }
}

/// SPF as far as the message tells: the engine's evaluation for the given IP, else the last
/// receiver's Authentication-Results. `None`: not known.
fn spf_outcome(i: &Inputs<'_>) -> Option<(bool, String)> {
    if let Some(e) = i.spf {
        let pass = e.result == crate::spf::SpfResult::Pass;
        return Some((
            pass,
            format!("SPF {} for {} from {}", e.result.as_str(), e.domain, e.ip),
        ));
    }
    receiver_result(i.authentication_results, "spf").map(|(by, result)| {
        (
            result == "pass",
            format!("SPF {result} ({})", reported_by(by)),
        )
    })
}

fn spf_and_dkim(i: &Inputs<'_>, bulk: bool) -> Rule {
    let r = rule(
        Code::SpfAndDkim,
        &[
            req("Gmail", "all"),
            req("Yahoo", "all"),
            req("Microsoft", "bulk"),
        ],
    );
    let passing: Vec<&str> = i
        .dkim
        .iter()
        .filter(|s| s.result == "pass")
        .map(|s| s.domain.as_str())
        .collect();
    let dkim = if passing.is_empty() {
        match i.dkim.len() {
            0 => "no DKIM signature".to_string(),
            _ => "no DKIM signature passes".to_string(),
        }
    } else {
        format!("DKIM passes for {}", passing.join(", "))
    };
    let dkim_pass = !passing.is_empty();
    match spf_outcome(i) {
        Some((spf_pass, spf)) => {
            let evidence = format!("{spf}; {dkim}");
            match (spf_pass, dkim_pass) {
                (true, true) => r.met(evidence),
                (false, false) => r.unmet(
                    true,
                    format!("{evidence}: every sender needs SPF or DKIM to pass"),
                ),
                _ if bulk => r.unmet(true, format!("{evidence}: bulk senders need both to pass")),
                _ => r.met(format!(
                    "{evidence}: one suffices for all senders (bulk senders need both)"
                )),
            }
        }
        None if dkim_pass && !bulk => r.met(format!(
            "{dkim} (SPF not known: one suffices for all senders)"
        )),
        None if !dkim_pass => r.unmet(
            bulk,
            format!("{dkim}, and SPF is not known (give the connecting IP)"),
        ),
        None => r.unknown(
            dkim,
            "SPF needs the connecting IP, or the receiver's Authentication-Results in the headers",
        ),
    }
}

fn no_dmarc(i: &Inputs<'_>, bulk: bool) -> Rule {
    let r = rule(Code::NoDmarc, &BULK_GYM);
    let Some(d) = i.dmarc else {
        return r.unknown(
            "no From domain",
            "the message has no From domain to look up",
        );
    };
    match (d.result, d.policy) {
        ("temperror", _) => r.unknown(d.explanation.clone(), "the DMARC lookup failed temporarily"),
        (_, Some(p)) => r.met(format!(
            "{} publishes DMARC (p={})",
            d.policy_domain
                .as_deref()
                .unwrap_or(d.organizational_domain.as_str()),
            p.as_str()
        )),
        _ => r.unmet(
            bulk,
            format!(
                "{} publishes no DMARC record",
                i.from_domain.unwrap_or(d.organizational_domain.as_str())
            ),
        ),
    }
}

fn not_aligned(i: &Inputs<'_>, bulk: bool) -> Rule {
    let r = rule(Code::NotAligned, &BULK_GYM);
    let (Some(d), Some(from)) = (i.dmarc, i.from_domain) else {
        return r.unknown("no From domain", "the message has no From domain");
    };
    if let Some(a) = d.dkim.iter().find(|a| a.aligned) {
        return r.met(format!("DKIM d={} passes aligned with {from}", a.domain));
    }
    if let Some(a) = d.spf.as_ref().filter(|a| a.aligned) {
        return r.met(format!("SPF for {} passes aligned with {from}", a.domain));
    }
    // Without the connecting IP the engine has no SPF result of its own: the receiver's
    // report of SPF for a Return-Path under the From domain's organization stands in.
    if d.spf.is_none() {
        if let Some(ar) = i.authentication_results.first() {
            let spf_pass_in = ar.results.iter().find_map(|m| {
                (m.method.eq_ignore_ascii_case("spf") && m.result == "pass")
                    .then(|| m.property("smtp.mailfrom"))
                    .flatten()
            });
            if let Some(mailfrom) = spf_pass_in {
                let domain = mailfrom
                    .rsplit('@')
                    .next()
                    .unwrap_or(mailfrom)
                    .to_ascii_lowercase();
                let org = d.organizational_domain.as_str();
                if crate::name::within(&domain, org) {
                    return r.met(format!(
                        "SPF passes for {domain} ({}), under {org}",
                        reported_by(&ar.authserv_id)
                    ));
                }
            }
            if ar
                .results
                .iter()
                .any(|m| m.method.eq_ignore_ascii_case("dmarc") && m.result == "pass")
            {
                return r.met(format!("DMARC pass ({})", reported_by(&ar.authserv_id)));
            }
        }
        if d.dkim.is_empty() {
            return r.unknown("no DKIM signature", "SPF alignment needs the connecting IP");
        }
    }
    r.unmet(
        bulk,
        format!("no passing SPF or DKIM identifier aligns with {from}"),
    )
}

fn one_click(i: &Inputs<'_>, bulk: bool) -> [Rule; 2] {
    const ONE_CLICK: [Required; 2] = [req("Gmail", "bulk"), req("Yahoo", "bulk")];
    let missing = rule(Code::OneClickMissing, &ONE_CLICK);
    let signed = rule(Code::UnsubscribeUnsigned, &ONE_CLICK);
    if !bulk {
        return [
            missing.not_applicable("applies to bulk (marketing) mail only"),
            signed.not_applicable("applies where one-click unsubscribe does"),
        ];
    }
    let list = i.msg.first("List-Unsubscribe").map(|h| h.value());
    let post = i.msg.first("List-Unsubscribe-Post").map(|h| h.value());
    let https = list.as_deref().is_some_and(|v| {
        v.split(',').any(|u| {
            let u = u.trim().trim_start_matches('<');
            u.len() > 8 && u[..8].eq_ignore_ascii_case("https://")
        })
    });
    let one_click = post
        .as_deref()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("List-Unsubscribe=One-Click"));
    let missing = match (&list, https, one_click) {
        (Some(_), true, true) => missing.met("List-Unsubscribe with an https: URI and List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        (None, _, _) => missing.unmet(true, "no List-Unsubscribe field"),
        (Some(_), false, _) => missing.unmet(true, "List-Unsubscribe has no https: URI (a mailto: alone is not one-click)"),
        (Some(_), true, false) => missing.unmet(true, match &post {
            Some(p) => format!("List-Unsubscribe-Post is \"{p}\", not List-Unsubscribe=One-Click"),
            None => "no List-Unsubscribe-Post: List-Unsubscribe=One-Click".to_string(),
        }),
    };
    if !(https && one_click) {
        return [
            missing,
            signed.not_applicable("no one-click unsubscribe fields to sign"),
        ];
    }
    let aligned: Vec<(&str, Option<&str>)> = i
        .dmarc
        .map(|d| {
            d.dkim
                .iter()
                .filter(|a| a.aligned)
                .map(|a| (a.domain.as_str(), a.selector.as_deref()))
                .collect()
        })
        .unwrap_or_default();
    let covers = |s: &SignatureResult| {
        ["list-unsubscribe", "list-unsubscribe-post"]
            .iter()
            .all(|f| s.signed_headers.iter().any(|h| h.eq_ignore_ascii_case(f)))
    };
    let signer = i.dkim.iter().find(|s| {
        s.result == "pass"
            && aligned.contains(&(s.domain.as_str(), Some(s.selector.as_str())))
            && covers(s)
    });
    let signed = match signer {
        Some(s) => signed.met(format!(
            "the aligned signature d={} s={} signs both",
            s.domain, s.selector
        )),
        None if aligned.is_empty() => signed.unmet(
            true,
            "no passing DKIM signature aligned with the From domain signs them",
        ),
        None => signed.unmet(
            true,
            "the aligned DKIM signature does not sign both List-Unsubscribe and List-Unsubscribe-Post",
        ),
    };
    [missing, signed]
}

/// The hop into the receiver: the Received field of the given IP, else the newest hop from a
/// public address whose sending host is not run by the receiving host's operator (relays inside
/// one provider, such as Microsoft 365's own hops, are skipped), else the newest hop from a
/// public address.
fn boundary_hop(hops: &[Hop], ip: Option<IpAddr>) -> Option<&Hop> {
    let ip_of = |h: &Hop| h.ip.as_deref().and_then(|s| s.parse::<IpAddr>().ok());
    if let Some(ip) = ip {
        if let Some(h) = hops.iter().rev().find(|h| ip_of(h) == Some(ip)) {
            return Some(h);
        }
    }
    let from_public = || {
        hops.iter()
            .rev()
            .filter(|h| ip_of(h).is_some_and(super::received::is_public))
    };
    from_public()
        .find(|h| match (&h.from, &h.by) {
            (Some(f), Some(b)) => base_domain(f) != base_domain(b),
            _ => true,
        })
        .or_else(|| from_public().next())
}

/// Whether a Received field shows TLS: a protocol of RFC 3848 (`ESMTPS`, `ESMTPSA`,
/// `UTF8SMTPS`, …) or a TLS version or cipher in its comments. `None`: it does not say.
fn shows_tls(h: &Hop) -> Option<bool> {
    let raw = h.raw.to_ascii_uppercase();
    if raw.contains("TLS") || raw.contains("CIPHER=") {
        return Some(true);
    }
    let with = h.with.as_deref()?.to_ascii_uppercase();
    let with = with.trim_end_matches(';');
    match with {
        "ESMTPS" | "ESMTPSA" | "UTF8SMTPS" | "UTF8SMTPSA" | "LMTPS" | "LMTPSA" | "SMTPS"
        | "HTTPS" => Some(true),
        "SMTP" | "ESMTP" | "ESMTPA" | "UTF8SMTP" | "UTF8SMTPA" | "LMTP" | "LMTPA" => Some(false),
        // A product name (`with Microsoft SMTP Server`) says nothing about TLS by itself.
        _ => None,
    }
}

fn tls(boundary: Option<&Hop>) -> Rule {
    let r = rule(Code::NoTls, &[req("Gmail", "all")]);
    let Some(h) = boundary else {
        return r.unknown(
            "no Received field from a public address",
            "the receiver's Received field is not in the headers",
        );
    };
    let by = h.by.as_deref().unwrap_or("the receiver");
    let from = h
        .from
        .as_deref()
        .or(h.ip.as_deref())
        .unwrap_or("the sender");
    match shows_tls(h) {
        Some(true) => r.met(format!("{by} received it from {from} over TLS")),
        Some(false) => r.unmet(
            true,
            format!(
                "{by} received it from {from} with {} (no TLS)",
                h.with.as_deref().unwrap_or("SMTP")
            ),
        ),
        None => r.unknown(
            format!("{by} received it from {from}"),
            "the Received field names no protocol or TLS version",
        ),
    }
}

/// PTR of the connecting IP, then the A or AAAA of each name (at most 10, as RFC 7208 §5.5 reads
/// them) until one holds the IP.
pub(super) async fn reverse_dns<R: Resolver>(resolver: &R, ip: Option<IpAddr>) -> [Rule; 2] {
    let ptr = rule(Code::PtrMissing, &ALL_GY);
    let fcrdns = rule(Code::FcrdnsMismatch, &ALL_GY);
    let Some(ip) = ip else {
        return [
            ptr.unknown(
                "no connecting IP",
                "no connecting IP: give it, or paste the headers with the receiver's Received field",
            ),
            fcrdns.unknown("no connecting IP", "it needs the reverse DNS above"),
        ];
    };
    let reverse = crate::spf::macros::reverse_name(ip).to_ascii_lowercase();
    let names: Vec<String> = match resolver.query(&reverse, RecordType::Ptr).await {
        Ok(l) => l
            .records
            .into_iter()
            .filter_map(|r| match r {
                RData::Ptr(n) => Some(n.trim_end_matches('.').to_ascii_lowercase()),
                _ => None,
            })
            .collect(),
        Err(e) if e.is_void() => Vec::new(),
        Err(e) => {
            return [
                ptr.unknown(
                    format!("{ip}"),
                    format!("the PTR lookup for {ip} failed: {e}"),
                ),
                fcrdns.unknown(format!("{ip}"), "it needs the reverse DNS above"),
            ];
        }
    };
    if names.is_empty() {
        return [
            ptr.unmet(true, format!("{ip} has no PTR record")),
            fcrdns.not_applicable("no PTR name to confirm"),
        ];
    }
    let ptr = ptr.met(format!("{ip} → {}", names.join(", ")));
    let rtype = match ip {
        IpAddr::V4(_) => RecordType::A,
        IpAddr::V6(_) => RecordType::Aaaa,
    };
    let mut failed = None;
    for name in names.iter().take(10) {
        match resolver.query(name, rtype).await {
            Ok(l) => {
                let holds = l.records.iter().any(|r| match r {
                    RData::A(a) => IpAddr::V4(*a) == ip,
                    RData::Aaaa(a) => IpAddr::V6(*a) == ip,
                    _ => false,
                });
                if holds {
                    return [ptr, fcrdns.met(format!("{name} resolves back to {ip}"))];
                }
            }
            Err(e) if e.is_void() => {}
            Err(e) => {
                failed = Some(format!(
                    "the {} lookup for {name} failed: {e}",
                    rtype.as_str()
                ))
            }
        }
    }
    let fcrdns = match failed {
        Some(why) => fcrdns.unknown(format!("{ip} → {}", names.join(", ")), why),
        None => fcrdns.unmet(
            true,
            format!("{} does not resolve back to {ip}", names.join(", ")),
        ),
    };
    [ptr, fcrdns]
}

fn freemail(i: &Inputs<'_>) -> Rule {
    let r = rule(Code::FreemailFrom, &ALL_GY);
    let Some(from) = i.from_domain else {
        return r.not_applicable("no From domain");
    };
    let from = from.to_ascii_lowercase();
    if !FREEMAIL.contains(&from.as_str()) {
        return r.met(format!("{from} is not a consumer mailbox domain"));
    }
    let own = i
        .dkim
        .iter()
        .find(|s| s.result == "pass" && crate::name::within(&s.domain.to_ascii_lowercase(), &from));
    match own {
        Some(s) => r.met(format!("sent by {from} itself (its DKIM signature d={} passes)", s.domain)),
        None => r.unmet(
            true,
            format!("the From address is at {from}, but no passing {from} signature shows it was sent through {from}'s servers"),
        ),
    }
}

fn key_size(dkim: &[SignatureResult]) -> Rule {
    let r = rule(
        Code::KeyShort,
        &[
            req("Gmail", "all"),
            req("Yahoo", "all"),
            req("Microsoft", "bulk"),
        ],
    );
    let verified: Vec<&SignatureResult> = dkim
        .iter()
        .filter(|s| s.reason != Some("not-verified"))
        .collect();
    if verified.is_empty() {
        return r.not_applicable("no DKIM signature");
    }
    // Key sizes are RSA's: an Ed25519 key is 256 bits and as strong as RSA 3072 (RFC 8463).
    let sized: Vec<(&SignatureResult, u32)> = verified
        .iter()
        .filter_map(|s| {
            let key = s.key.as_ref()?;
            key.key_type
                .eq_ignore_ascii_case("rsa")
                .then_some((*s, key.bits?))
        })
        .collect();
    let short: Vec<String> = sized
        .iter()
        .filter(|(_, bits)| *bits < 1024)
        .map(|(s, bits)| format!("d={} s={} ({bits} bits)", s.domain, s.selector))
        .collect();
    if !short.is_empty() {
        return r.unmet(
            true,
            format!("RSA key under 1024 bits: {}", short.join(", ")),
        );
    }
    if sized.is_empty() && verified.iter().any(|s| s.key.is_none()) {
        return r.unknown(
            "no key could be read",
            "no signature's key was found in DNS",
        );
    }
    let sizes: Vec<String> = verified
        .iter()
        .filter_map(|s| {
            let key = s.key.as_ref()?;
            Some(match key.bits {
                Some(bits) if key.key_type.eq_ignore_ascii_case("rsa") => {
                    format!("d={} s={} RSA {bits} bits", s.domain, s.selector)
                }
                _ => format!("d={} s={} {}", s.domain, s.selector, key.key_type),
            })
        })
        .collect();
    r.met(sizes.join(", "))
}

#[cfg(test)]
#[path = "requirements_tests.rs"]
mod tests;
