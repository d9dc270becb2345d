//! The SPF builder (RFC 7208): pick the services that send for a domain from [`CATALOGUE`], add
//! the domain's own ranges and hosts, choose what happens to everything else ([`AllPolicy`]), and
//! get the TXT record, its name, and its 255-octet strings.
//!
//! The lookup meter needs DNS, which the builder does not do: the page (or the CLI) evaluates the
//! built record with `spf::tree::inspect_with(resolver, domain, Some(&record))` and hands the tree
//! to [`meter`], which counts per term, warns near the limits, and, once a limit is crossed, lists
//! the usual ways out as data ([`WayOut`]): drop a sender that is not needed here, move a sender
//! to a subdomain with a record of its own, or replace an include with its ranges ([`flatten`]),
//! which go stale.
//!
//! The catalogue holds only includes that the providers document; where a provider's record is
//! generated per account, or its include could not be confirmed, the entry is left out or says so.
//! Which domain a provider puts in MAIL FROM decides whether its include here matters at all
//! ([`Envelope`]): SPF checks the MAIL FROM domain, not the From address readers see (RFC 7208
//! §2.4), and many bulk senders use their own.

use std::net::IpAddr;

use serde::Serialize;

use crate::diag::{Finding, Severity};
use crate::name::parse_domain;
use crate::spf::parse::parse;
use crate::spf::record::{Mechanism, Qualifier, Record, TermKind};
use crate::spf::tree::{self};
use crate::spf::Code as SpfCode;

use crate::build::{join, list, Change, Code, Comparison, InputError, TxtOutput};

pub use super::catalogue::*;
pub use super::meter::*;

// ---------------------------------------------------------------------------------------------
// The all qualifier

/// What the record says about every host it does not list (RFC 7208 §5.1, §8). `+all` is not
/// offered: it authorizes the whole internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AllPolicy {
    /// `-all`
    Fail,
    /// `~all`
    SoftFail,
    /// `?all`
    Neutral,
}

impl AllPolicy {
    pub const ALL: [AllPolicy; 3] = [AllPolicy::Fail, AllPolicy::SoftFail, AllPolicy::Neutral];

    /// The address value: `fail`, `softfail`, `neutral`.
    pub fn as_str(self) -> &'static str {
        match self {
            AllPolicy::Fail => "fail",
            AllPolicy::SoftFail => "softfail",
            AllPolicy::Neutral => "neutral",
        }
    }

    /// Reads `fail`, `softfail`, `neutral`, or the term itself (`-all`, `~all`, `?all`).
    pub fn parse(s: &str) -> Option<AllPolicy> {
        let s = s.trim().to_ascii_lowercase();
        AllPolicy::ALL
            .into_iter()
            .find(|a| a.as_str() == s || a.term() == s)
    }

    pub fn qualifier(self) -> Qualifier {
        match self {
            AllPolicy::Fail => Qualifier::Fail,
            AllPolicy::SoftFail => Qualifier::SoftFail,
            AllPolicy::Neutral => Qualifier::Neutral,
        }
    }

    pub fn term(self) -> &'static str {
        match self {
            AllPolicy::Fail => "-all",
            AllPolicy::SoftFail => "~all",
            AllPolicy::Neutral => "?all",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            AllPolicy::Fail => "Fail everything else (-all)",
            AllPolicy::SoftFail => "Soft-fail everything else (~all)",
            AllPolicy::Neutral => "Say nothing about everything else (?all)",
        }
    }

    /// What choosing it means, in plain words.
    pub fn consequence(self) -> &'static str {
        match self {
            AllPolicy::Fail => "Hosts not listed get fail. Some receivers reject such mail during the SMTP conversation, before DMARC looks at DKIM, so a message forwarded by a mailing list or an alias (which breaks SPF but keeps a valid DKIM signature) can be lost. Choose it once every sender is listed and DMARC is at quarantine or reject, or for a domain that sends no mail.",
            AllPolicy::SoftFail => "Hosts not listed get softfail: receivers accept the mail but treat it as suspect, and DMARC, which counts softfail as an SPF failure, decides what happens to it. The usual choice while senders are being found, and a safe one with DMARC at enforcement.",
            AllPolicy::Neutral => "Hosts not listed get neutral, as if the domain had no SPF record for them: it protects nothing against forgery, and SPF passes only for the hosts listed. Only for a short test.",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The builder

/// An include replaced by its ranges (see [`flatten`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flattened {
    /// The include target it replaces, e.g. `sendgrid.net`.
    pub include: String,
    /// The ranges copied from it (`192.0.2.0/24`, `2001:db8::/32`).
    pub ranges: Vec<String>,
}

/// The user's choices: the page's state and address, and the CLI's flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpfBuilder {
    /// The domain the record is for (the name of the TXT record); may be empty while typing.
    pub domain: String,
    /// Catalogue ids, in the order chosen.
    pub senders: Vec<String>,
    /// `a`: the domain's own A/AAAA addresses send mail (a web server that sends, say).
    pub a: bool,
    /// `mx`: the domain's MX hosts send mail.
    pub mx: bool,
    /// Own IPv4 and IPv6 addresses and ranges, as typed (`192.0.2.10`, `198.51.100.0/24`,
    /// `2001:db8::/32`; an `ip4:`/`ip6:` prefix is accepted).
    pub ranges: Vec<String>,
    /// Own hosts that send, by name (`a:relay.example.com`).
    pub hosts: Vec<String>,
    /// Other `include:` targets, as typed.
    pub includes: Vec<String>,
    /// Includes replaced by their ranges.
    pub flattened: Vec<Flattened>,
    /// What every other host gets, as chosen; `None` until chosen: then `-all` when the record
    /// lists no sender (a domain that sends no mail), else `~all` ([`SpfOutput::all`]).
    pub all: Option<AllPolicy>,
}

/// Where a term of the built record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Origin {
    /// The domain's own ranges, hosts, `a` or `mx`.
    Own,
    /// A catalogue entry.
    Sender {
        id: &'static str,
        name: &'static str,
    },
    /// An include typed by the user.
    Include,
    /// A range copied from this include.
    Flattened { include: String },
    /// The final `all`.
    All,
}

/// One term of the built record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuiltTerm {
    pub term: String,
    pub origin: Origin,
}

/// What the builder made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfOutput {
    /// The TXT record at the domain itself.
    pub record: TxtOutput,
    /// The terms after `v=spf1`, in order, with where each came from.
    pub terms: Vec<BuiltTerm>,
    /// The `all` the record ends in: the one chosen, else `-all` for a record that lists no
    /// sender, else `~all`.
    pub all: AllPolicy,
    /// What that `all` means ([`AllPolicy::consequence`], or [`NO_MAIL`] for a record that lists
    /// no sender and ends in `-all`).
    pub consequence: &'static str,
    /// The parser's findings on the record (never an error), then the builder's.
    pub findings: Vec<Finding>,
    /// Inputs left out, and why.
    pub input_errors: Vec<InputError>,
}

impl SpfBuilder {
    /// The address parameters this builder reads and writes (the page clears the ones absent).
    pub const PARAMS: [&'static str; 9] = [
        "domain", "send", "a", "mx", "ip", "host", "include", "flat", "all",
    ];

    /// The state as address parameters: every key of [`Self::PARAMS`], `None` where the value
    /// is the default, so the page can pass them to its `set_params` as they are.
    pub fn to_params(&self) -> Vec<(&'static str, Option<String>)> {
        let flat: Vec<String> = self
            .flattened
            .iter()
            .map(|f| {
                format!(
                    "{}={}",
                    crate::build::escape_item(&f.include),
                    join(&f.ranges).unwrap_or_default()
                )
            })
            .collect();
        vec![
            (
                "domain",
                Some(self.domain.clone()).filter(|d| !d.is_empty()),
            ),
            ("send", join(&self.senders)),
            ("a", self.a.then(|| "1".to_string())),
            ("mx", self.mx.then(|| "1".to_string())),
            ("ip", join(&self.ranges)),
            ("host", join(&self.hosts)),
            ("include", join(&self.includes)),
            ("flat", (!flat.is_empty()).then(|| flat.join(";"))),
            ("all", self.all.map(|a| a.as_str().to_string())),
        ]
    }

    /// Reads the state from address parameters (`get` returns a parameter's value). Unknown
    /// values fall back to the defaults; bad entries are kept, for [`Self::build`] to report.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> SpfBuilder {
        let flag =
            |k: &str| get(k).is_some_and(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"));
        let flattened = get("flat")
            .unwrap_or_default()
            .split(';')
            .filter_map(|e| {
                let (inc, ranges) = e.split_once('=')?;
                let include = crate::build::unescape_item(inc.trim());
                (!include.is_empty()).then(|| Flattened {
                    include,
                    ranges: list(Some(ranges)),
                })
            })
            .collect();
        SpfBuilder {
            domain: get("domain").unwrap_or_default().trim().to_string(),
            senders: list(get("send").as_deref()),
            a: flag("a"),
            mx: flag("mx"),
            ranges: list(get("ip").as_deref()),
            hosts: list(get("host").as_deref()),
            includes: list(get("include").as_deref()),
            flattened,
            all: get("all").and_then(|a| AllPolicy::parse(&a)),
        }
    }

    /// The state as a query string (`domain=example.com&send=google,sendgrid&all=fail`).
    pub fn to_query(&self) -> String {
        crate::build::query_string(&self.to_params())
    }

    /// Reads [`Self::to_query`]'s output (or any query string holding these parameters).
    pub fn from_query(query: &str) -> SpfBuilder {
        let pairs = crate::build::parse_query(query);
        SpfBuilder::from_params(|k| crate::build::query_get(&pairs, k).map(str::to_string))
    }

    /// Starts from a published record: its includes become catalogue senders where the catalogue
    /// knows them, else other includes; its `ip4`/`ip6`, `a`, `mx` and `a:host` terms become the
    /// own entries. Returns the terms the builder cannot express (`exists`, `ptr`, `redirect=`,
    /// `exp=`, macros, qualifiers other than `+`, CIDR lengths on `a`/`mx`, `+all`), which the
    /// page shows as dropped.
    pub fn from_record(domain: &str, record: &Record) -> (SpfBuilder, Vec<String>) {
        let mut b = SpfBuilder {
            domain: domain.to_string(),
            ..SpfBuilder::default()
        };
        let mut dropped = Vec::new();
        let found = detect(record);
        for t in &record.terms {
            let handled = match &t.kind {
                TermKind::Directive {
                    qualifier,
                    mechanism,
                } => {
                    let pass = qualifier.unwrap_or(Qualifier::Pass) == Qualifier::Pass;
                    match mechanism {
                        Mechanism::All => match qualifier.unwrap_or(Qualifier::Pass) {
                            Qualifier::Pass => false,
                            q => {
                                b.all = AllPolicy::ALL.into_iter().find(|a| a.qualifier() == q);
                                true
                            }
                        },
                        Mechanism::Ip4 { network, prefix } if pass => {
                            b.ranges.push(range_text(&network.to_string(), *prefix));
                            true
                        }
                        Mechanism::Ip6 {
                            network, prefix, ..
                        } if pass => {
                            b.ranges.push(range_text(&network.to_string(), *prefix));
                            true
                        }
                        Mechanism::A { domain: None, cidr }
                            if pass && cidr.v4.is_none() && cidr.v6.is_none() =>
                        {
                            b.a = true;
                            true
                        }
                        Mechanism::A {
                            domain: Some(d),
                            cidr,
                        } if pass && d.is_literal() && cidr.v4.is_none() && cidr.v6.is_none() => {
                            b.hosts
                                .push(d.raw.trim_end_matches('.').to_ascii_lowercase());
                            true
                        }
                        Mechanism::Mx { domain: None, cidr }
                            if pass && cidr.v4.is_none() && cidr.v6.is_none() =>
                        {
                            b.mx = true;
                            true
                        }
                        Mechanism::Include { domain } if pass && domain.is_literal() => {
                            let target = domain.raw.trim_end_matches('.').to_ascii_lowercase();
                            match found.iter().find(|s| {
                                s.includes.iter().any(|i| i.eq_ignore_ascii_case(&target))
                            }) {
                                Some(s) => {
                                    if !b.senders.iter().any(|x| x == s.id) {
                                        b.senders.push(s.id.to_string());
                                    }
                                }
                                None => b.includes.push(target),
                            }
                            true
                        }
                        _ => false,
                    }
                }
                _ => false,
            };
            if !handled {
                dropped.push(t.text.clone());
            }
        }
        (b, dropped)
    }

    /// Builds the record. Inputs that cannot be terms are left out and reported; the record
    /// always parses with no error.
    pub fn build(&self) -> SpfOutput {
        let mut errors = Vec::new();
        let mut findings = Vec::new();
        let domain = match self.domain.trim() {
            "" => String::new(),
            d => match parse_domain(d) {
                Ok(d) => d,
                Err(e) => {
                    errors.push(InputError::new("domain", d, e.to_string()));
                    String::new()
                }
            },
        };
        let mut terms: Vec<BuiltTerm> = Vec::new();
        let push = |terms: &mut Vec<BuiltTerm>, term: String, origin: Origin| {
            if !terms.iter().any(|t| t.term.eq_ignore_ascii_case(&term)) {
                terms.push(BuiltTerm { term, origin });
            }
        };

        // The includes in order (senders, then the user's), each once, before flattening.
        let mut includes: Vec<(String, Origin)> = Vec::new();
        let mut sender_ranges: Vec<(String, Origin)> = Vec::new();
        let mut own_envelope: Vec<String> = Vec::new();
        for id in &self.senders {
            let Some(s) = sender(id.trim()) else {
                errors.push(InputError::new(
                    "send",
                    id,
                    format!("{id:?} is not in the catalogue of senders"),
                ));
                continue;
            };
            let origin = Origin::Sender {
                id: s.id,
                name: s.name,
            };
            for i in s.includes {
                if !includes.iter().any(|(x, _)| x.eq_ignore_ascii_case(i)) {
                    includes.push((i.to_string(), origin.clone()));
                }
            }
            for r in s.ip4.iter().chain(s.ip6) {
                sender_ranges.push((r.to_string(), origin.clone()));
            }
            if s.envelope == Envelope::Provider && !s.includes.is_empty() {
                own_envelope.push(s.name.to_string());
            }
        }
        // One finding for every such sender: the same words for each would be read once per
        // sender, under the same title.
        match own_envelope.as_slice() {
            [] => {}
            [one] => findings.push(Code::SpfProviderEnvelope.finding(format!(
                "{one} sends with its own domain in MAIL FROM by default, so receivers check its SPF record, not this one; its include only matters with a custom Return-Path in this domain"
            ))),
            many => findings.push(Code::SpfProviderEnvelope.finding(format!(
                "{} send with their own domains in MAIL FROM by default, so receivers check their SPF records, not this one; their includes only matter with a custom Return-Path in this domain",
                and_list(many)
            ))),
        }
        for inc in &self.includes {
            let raw = inc.trim();
            let raw = raw
                .strip_prefix("include:")
                .or_else(|| raw.strip_prefix("INCLUDE:"))
                .unwrap_or(raw);
            match parse_domain(raw) {
                Ok(d) if valid_term(&format!("include:{d}")) => {
                    if !includes.iter().any(|(x, _)| x.eq_ignore_ascii_case(&d)) {
                        includes.push((d, Origin::Include));
                    }
                }
                Ok(d) => errors.push(InputError::new(
                    "include",
                    inc,
                    format!("{d} cannot be an SPF include target (its last label must contain a letter)"),
                )),
                Err(e) => errors.push(InputError::new("include", inc, e.to_string())),
            }
        }

        // Ranges: own, then the senders', then those copied in place of includes; IPv4 first.
        let mut ranges: Vec<(String, Origin)> = Vec::new();
        for r in &self.ranges {
            match range_term(r) {
                Ok(t) => ranges.push((t, Origin::Own)),
                Err(e) => errors.push(InputError::new("ip", r, e)),
            }
        }
        for (r, origin) in sender_ranges {
            if let Ok(t) = range_term(&r) {
                ranges.push((t, origin));
            }
        }
        let mut flattened_used = Vec::new();
        let mut copied: Vec<(String, usize)> = Vec::new();
        for f in &self.flattened {
            let target = f.include.trim().trim_end_matches('.').to_ascii_lowercase();
            if !includes
                .iter()
                .any(|(x, _)| x.eq_ignore_ascii_case(&target))
            {
                // The include is no longer chosen: its copied ranges go with it.
                continue;
            }
            let mut n = 0;
            for r in &f.ranges {
                match range_term(r) {
                    Ok(t) => {
                        n += 1;
                        ranges.push((
                            t,
                            Origin::Flattened {
                                include: target.clone(),
                            },
                        ));
                    }
                    Err(e) => errors.push(InputError::new("flat", r, e)),
                }
            }
            if n > 0 {
                flattened_used.push(target.clone());
                copied.push((target.clone(), n));
            }
        }
        // One finding for all the copied includes, as for the senders above.
        match copied.as_slice() {
            [] => {}
            [(target, n)] => findings.push(Code::SpfFlattened.finding(format!(
                "include:{target} is replaced by the {} it held when they were copied: when {target} changes its ranges, mail from the new ones fails SPF here",
                ranges_n(*n)
            ))),
            many => {
                let each: Vec<String> = many
                    .iter()
                    .map(|(t, n)| format!("include:{t} ({})", ranges_n(*n)))
                    .collect();
                findings.push(Code::SpfFlattened.finding(format!(
                    "{} are replaced by the ranges they held when they were copied: when a provider changes its ranges, mail from the new ones fails SPF here",
                    and_list(&each)
                )));
            }
        }
        for v6 in [false, true] {
            for (t, o) in &ranges {
                if t.starts_with("ip6:") == v6 {
                    push(&mut terms, t.clone(), o.clone());
                }
            }
        }
        if self.a {
            push(&mut terms, "a".into(), Origin::Own);
        }
        if self.mx {
            push(&mut terms, "mx".into(), Origin::Own);
        }
        for h in &self.hosts {
            match parse_domain(h) {
                Ok(d) if valid_term(&format!("a:{d}")) => {
                    push(&mut terms, format!("a:{d}"), Origin::Own)
                }
                Ok(d) => errors.push(InputError::new(
                    "host",
                    h,
                    format!(
                        "{d} cannot be a host name in SPF (its last label must contain a letter)"
                    ),
                )),
                Err(e) => errors.push(InputError::new("host", h, e.to_string())),
            }
        }
        for (inc, origin) in includes {
            if flattened_used.contains(&inc) {
                continue;
            }
            push(&mut terms, format!("include:{inc}"), origin);
        }
        // A record that lists no sender says the domain sends no mail, and the record of such a
        // domain is v=spf1 -all (M3AAWG's parked-domain advice), not ~all, which only asks for
        // suspicion; ~all or ?all stay when chosen.
        let sends_nothing = terms.is_empty();
        let all = self.all.unwrap_or(if sends_nothing {
            AllPolicy::Fail
        } else {
            AllPolicy::SoftFail
        });
        if sends_nothing {
            findings.push(Code::SpfNoSender.finding(match all {
                AllPolicy::Fail => "the record lists no sender: every message gets fail, as a domain that sends no mail should say; if the domain sends mail, choose its senders".to_string(),
                other => format!(
                    "the record lists no sender and ends in {}: every message gets {}, which asks receivers for nothing firm; a domain that sends no mail should publish v=spf1 -all",
                    other.term(),
                    other.as_str()
                ),
            }));
        }
        push(&mut terms, all.term().into(), Origin::All);

        let text = std::iter::once("v=spf1")
            .chain(terms.iter().map(|t| t.term.as_str()))
            .collect::<Vec<_>>()
            .join(" ");
        let parsed = parse(&text);
        let mut all_findings = tree::lint(&parsed, true);
        let strings = crate::build::split_txt_at(&text, Some(b' '));
        // RFC 7208 §3.4, as the tree estimates it for a published record: header, question, and
        // this one TXT record (other TXT records at the name add to it).
        let qname = if domain.is_empty() {
            "example.com"
        } else {
            &domain
        };
        let size =
            12 + qname.len() + 2 + 4 + 12 + strings.iter().map(|s| s.len() + 1).sum::<usize>();
        if size > 512 {
            all_findings.push(SpfCode::RecordTooLong.finding(format!(
                "the TXT answer would be about {size} octets, over the 512 that fit in one UDP answer without EDNS (with no other TXT record at the name)"
            )));
        }
        all_findings.extend(findings);
        SpfOutput {
            record: TxtOutput::new("", &domain, strings),
            terms,
            all,
            consequence: if sends_nothing && all == AllPolicy::Fail {
                NO_MAIL
            } else {
                all.consequence()
            },
            findings: all_findings,
            input_errors: errors,
        }
    }
}

/// What `v=spf1 -all` means, for a record that lists no sender.
pub const NO_MAIL: &str = "No host may send mail for the domain: every message gets fail, so receivers can reject mail forged in its name. This is the record of a domain that sends no mail; publish DMARC p=reject beside it (and a null MX if it receives none either).";

/// True when `term` alone parses with no error.
/// "1 range", "27 ranges".
pub(super) fn ranges_n(n: usize) -> String {
    if n == 1 {
        "1 range".to_string()
    } else {
        format!("{n} ranges")
    }
}

/// Names in a sentence: "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn valid_term(term: &str) -> bool {
    !parse(&format!("v=spf1 {term}"))
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
}

pub(super) fn range_text(addr: &str, prefix: Option<u8>) -> String {
    match prefix {
        Some(p) => format!("{addr}/{p}"),
        None => addr.to_string(),
    }
}

/// Reads an address or range as typed into its `ip4:`/`ip6:` term: the network address (host
/// bits cleared, which is what the term matches anyway), no prefix for a single address.
fn range_term(input: &str) -> Result<String, String> {
    let s = input.trim();
    let lower = s.to_ascii_lowercase();
    let s = if lower.starts_with("ip4:") || lower.starts_with("ip6:") {
        &s[4..]
    } else {
        s
    };
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let ip: IpAddr = addr.trim().parse().map_err(|_| {
        format!("{s:?} is not an IP address or range (192.0.2.0/24, 2001:db8::/32)")
    })?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) => p
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|p| *p <= max)
            .ok_or_else(|| format!("{s:?}: the prefix length is 0 to {max}"))?,
    };
    let widest = if ip.is_ipv4() { 8 } else { 16 };
    if prefix < widest {
        return Err(format!(
            "{s:?}: a /{prefix} authorizes a large part of the internet; list the provider's ranges or its include instead"
        ));
    }
    let term = match ip {
        IpAddr::V4(a) => {
            let net = u32::from(a) & u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            let net = std::net::Ipv4Addr::from(net);
            if prefix == 32 {
                format!("ip4:{net}")
            } else {
                format!("ip4:{net}/{prefix}")
            }
        }
        IpAddr::V6(a) => {
            let net = u128::from(a) & u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            let net = std::net::Ipv6Addr::from(net);
            if prefix == 128 {
                format!("ip6:{net}")
            } else {
                format!("ip6:{net}/{prefix}")
            }
        }
    };
    if valid_term(&term) {
        Ok(term)
    } else {
        Err(format!("{s:?} cannot be written as an SPF term"))
    }
}

// ---------------------------------------------------------------------------------------------
// Compared with what is published

/// The built record beside the domain's published one (`None` when it has none): terms added
/// and removed, and a change of `all`.
pub fn compare(built: &str, published: Option<&str>) -> Comparison {
    let b = parse(built);
    let mut notes = Vec::new();
    let Some(p_text) = published else {
        notes.push("Add the record as a new TXT record at the domain.".into());
        return Comparison::new(None, built, Vec::new(), notes);
    };
    let p = parse(p_text);
    let key = |t: &crate::spf::record::Term| t.to_string().to_ascii_lowercase();
    let not_all = |t: &&crate::spf::record::Term| !matches!(t.mechanism(), Some(Mechanism::All));
    let mut changes = Vec::new();
    for t in b.terms.iter().filter(not_all) {
        if !p.terms.iter().any(|o| key(o) == key(t)) {
            changes.push(Change::Added {
                what: t.to_string(),
            });
        }
    }
    for t in p.terms.iter().filter(not_all) {
        if !b.terms.iter().any(|o| key(o) == key(t)) {
            changes.push(Change::Removed {
                what: t.to_string(),
            });
        }
    }
    match (p.all(), b.all()) {
        (Some((pt, pq)), Some((bt, bq))) if pq != bq => changes.push(Change::Changed {
            what: "all".into(),
            published: pt.text.clone(),
            built: bt.text.clone(),
        }),
        (None, Some((bt, _))) => changes.push(Change::Added {
            what: bt.text.clone(),
        }),
        _ => {}
    }
    let order_differs = changes.is_empty()
        && b.terms.iter().map(key).collect::<Vec<_>>()
            != p.terms.iter().map(key).collect::<Vec<_>>();
    if order_differs {
        notes.push("Same terms in another order: receivers stop at the first match, so only speed can differ.".into());
    }
    if !changes.is_empty() {
        notes.push("Replace the published record; do not add a second one: two v=spf1 records at one name are a permerror.".into());
    }
    Comparison::new(Some(p_text), built, changes, notes)
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests are in no page: the size rules do not apply"
)]
#[path = "build_tests.rs"]
mod tests;
