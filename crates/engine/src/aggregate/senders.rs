//! Who the senders are: each source address of the reports labelled by its reverse DNS name's
//! base domain, its network (origin AS and name, through Team Cymru's DNS interface), and the
//! sending service it belongs to, then grouped as the domain's own services or unknown.
//!
//! Everything here goes through the [`Resolver`], like every other lookup, and only when the user
//! asks: the page and the CLI (`--senders`) call it. A label is a hint, never proof: the owner of
//! an address writes its PTR record, and a service's ranges are shared by all its customers.
//!
//! Team Cymru's IP-to-ASN service answers TXT questions
//! (<https://www.team-cymru.com/ip-asn-mapping>):
//!
//! ```text
//! 1.2.0.192.origin.asn.cymru.com  TXT "64496 | 192.0.2.0/24 | US | arin | 2001-01-01"
//! <32 nibbles>.origin6.asn.cymru.com TXT (the same fields, for IPv6)
//! AS64496.asn.cymru.com           TXT "64496 | US | arin | 2001-01-01 | EXAMPLE-NET, US"
//! ```

use std::net::IpAddr;

use serde::Serialize;

use crate::dns::memo::Memo;
use crate::dns::{RData, RecordType, Resolver};
use crate::name::{base_domain, within};
use crate::spf::catalogue::{Sender, CATALOGUE};
use crate::spf::record::Mechanism;
use crate::spf::tree::{self, Node};

use super::totals::Totals;
use super::AuthResult;

/// What the reports show of one source address: the domains it authenticated for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Seen {
    pub ip: Option<IpAddr>,
    /// Messages from it.
    pub messages: u64,
    /// Of them, failing DMARC by the reporters' evaluation.
    pub failing: u64,
    /// DKIM `d=` domains with a `pass`, lower case, each once.
    pub dkim_pass: Vec<String>,
    /// SPF domains with a `pass` (`mfrom` or `helo`), lower case, each once.
    pub spf_pass: Vec<String>,
    /// DKIM selectors with their `d=` (`d`, `s`), each once: offered to the domain inspection.
    pub selectors: Vec<(String, String)>,
}

/// The sources of `totals`, most messages first, with what their rows show.
pub fn seen(totals: &Totals) -> Vec<Seen> {
    let mut out: Vec<Seen> = totals
        .sources
        .iter()
        .map(|s| Seen {
            ip: s.source_ip,
            messages: s.results.messages,
            failing: s.results.dmarc_fail,
            ..Seen::default()
        })
        .collect();
    let push = |v: &mut Vec<String>, d: &str| {
        let d = d.trim_end_matches('.').to_ascii_lowercase();
        if !d.is_empty() && !v.contains(&d) {
            v.push(d);
        }
    };
    for row in &totals.rows {
        let Some(s) = out.iter_mut().find(|s| s.ip == row.source_ip) else {
            continue;
        };
        for d in &row.auth_results.dkim {
            let Some(domain) = &d.domain else { continue };
            if d.result == Some(AuthResult::Pass) {
                push(&mut s.dkim_pass, domain);
            }
            if let Some(sel) = d.selector.as_deref().filter(|s| !s.is_empty()) {
                let pair = (domain.to_ascii_lowercase(), sel.to_string());
                if !s.selectors.contains(&pair) {
                    s.selectors.push(pair);
                }
            }
        }
        for p in &row.auth_results.spf {
            if let (Some(domain), Some(AuthResult::Pass)) = (&p.domain, p.result) {
                push(&mut s.spf_pass, domain);
            }
        }
    }
    out
}

/// An origin AS of an address, with the network it is announced in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Network {
    /// The AS number (the first, when the prefix is announced by several).
    pub asn: u32,
    /// The announced prefix holding the address (`192.0.2.0/24`).
    pub prefix: String,
    /// ISO 3166 country code the registry gives, upper case.
    pub country: String,
    /// The regional registry (`arin`, `ripencc`, …).
    pub registry: String,
    /// The AS's name (`EXAMPLE-NET, US`), when the second question answered.
    pub name: Option<String>,
}

/// The name Team Cymru answers for `ip`'s origin: the address reversed under
/// `origin.asn.cymru.com` (IPv4) or `origin6.asn.cymru.com` (IPv6 nibbles).
pub fn origin_name(ip: IpAddr) -> String {
    let reversed = super::reverse_name(ip);
    match ip {
        IpAddr::V4(_) => reversed.replace(".in-addr.arpa", ".origin.asn.cymru.com"),
        IpAddr::V6(_) => reversed.replace(".ip6.arpa", ".origin6.asn.cymru.com"),
    }
}

/// The fields of a `|`-separated answer, trimmed.
fn fields(txt: &str) -> Vec<&str> {
    txt.split('|').map(str::trim).collect()
}

/// Reads an origin answer: `ASN [ASN…] | prefix | CC | registry | date`. `None` when it is not one.
pub fn parse_origin(txt: &str) -> Option<Network> {
    let f = fields(txt);
    let asn = f.first()?.split_whitespace().next()?.parse().ok()?;
    let prefix = f.get(1).filter(|p| p.contains('/'))?.to_string();
    Some(Network {
        asn,
        prefix,
        country: f.get(2).unwrap_or(&"").to_ascii_uppercase(),
        registry: f.get(3).unwrap_or(&"").to_ascii_lowercase(),
        name: None,
    })
}

/// Reads an AS answer: `ASN | CC | registry | date | name`, the name.
pub fn parse_as_name(txt: &str) -> Option<String> {
    let name = fields(txt).get(4)?.to_string();
    (!name.is_empty()).then_some(name)
}

/// The first TXT string of an answer, as text.
async fn first_txt<R: Resolver>(memo: &Memo<'_, R>, name: &str) -> Result<Option<String>, String> {
    match memo.query(name, RecordType::Txt).await {
        Ok(lookup) => Ok(lookup.records.into_iter().find_map(|r| match r {
            RData::Txt(t) => Some(t.text()),
            _ => None,
        })),
        Err(e) if e.is_void() => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// The network of each address: the origin questions all at once, then one AS-name question per
/// distinct AS. `Ok(None)` when the service knows no origin (a private or unannounced address);
/// `Err` a temporary or unusable answer, as text. In the order of `ips`.
pub async fn networks<R: Resolver>(
    resolver: &R,
    ips: &[IpAddr],
) -> Vec<(IpAddr, Result<Option<Network>, String>)> {
    let memo = Memo::new(resolver);
    let names: Vec<String> = ips.iter().map(|ip| origin_name(*ip)).collect();
    memo.query_many(names.iter().map(|n| (n.clone(), RecordType::Txt)).collect())
        .await;
    let mut out = Vec::with_capacity(ips.len());
    for (ip, name) in ips.iter().zip(&names) {
        let origin = first_txt(&memo, name)
            .await
            .map(|t| t.as_deref().and_then(parse_origin));
        out.push((*ip, origin));
    }
    let mut asns: Vec<u32> = out
        .iter()
        .filter_map(|(_, n)| n.as_ref().ok()?.as_ref().map(|n| n.asn))
        .collect();
    asns.sort_unstable();
    asns.dedup();
    let as_name = |asn: u32| format!("AS{asn}.asn.cymru.com");
    memo.query_many(
        asns.iter()
            .map(|&a| (as_name(a), RecordType::Txt))
            .collect(),
    )
    .await;
    for (_, n) in &mut out {
        if let Ok(Some(n)) = n {
            if let Ok(Some(t)) = first_txt(&memo, &as_name(n.asn)).await {
                n.name = parse_as_name(&t);
            }
        }
    }
    out
}

/// An address range a service's SPF record publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Range {
    /// The catalogue id of the service (`microsoft365`).
    pub service: &'static str,
    /// The include it came from (`spf.protection.outlook.com`).
    pub include: String,
    /// As written: `ip4:40.92.0.0/15`.
    pub term: String,
    #[serde(skip)]
    network: IpAddr,
    #[serde(skip)]
    prefix: u8,
}

impl Range {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => crate::spf::eval::in_prefix4(ip, net, self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => crate::spf::eval::in_prefix6(ip, net, self.prefix),
            _ => false,
        }
    }
}

fn collect_ranges(service: &'static str, include: &str, node: &Node, out: &mut Vec<Range>) {
    if let Some(record) = &node.record {
        for term in &record.terms {
            let (network, prefix) = match term.mechanism() {
                Some(Mechanism::Ip4 { network, prefix }) => {
                    (IpAddr::V4(*network), prefix.unwrap_or(32))
                }
                Some(Mechanism::Ip6 {
                    network, prefix, ..
                }) => (IpAddr::V6(*network), prefix.unwrap_or(128)),
                _ => continue,
            };
            out.push(Range {
                service,
                include: include.to_string(),
                term: term.text.clone(),
                network,
                prefix,
            });
        }
    }
    for child in &node.children {
        collect_ranges(service, include, child, out);
    }
}

/// The ranges the catalogue's services publish: each include's SPF tree walked (through the
/// resolver, the trees at once) and its `ip4:` / `ip6:` terms kept, and the ranges the catalogue
/// lists itself. A tree that cannot be read gives no range, and is named in the second list.
pub async fn service_ranges<R: Resolver>(resolver: &R) -> (Vec<Range>, Vec<String>) {
    let includes: Vec<(&'static str, &'static str)> = CATALOGUE
        .iter()
        .flat_map(|s| s.includes.iter().map(move |i| (s.id, *i)))
        .collect();
    let trees =
        futures::future::join_all(includes.iter().map(|(_, i)| tree::inspect(resolver, i))).await;
    let mut ranges = Vec::new();
    let mut unread = Vec::new();
    for ((service, include), t) in includes.iter().zip(&trees) {
        let before = ranges.len();
        collect_ranges(service, include, &t.root, &mut ranges);
        if ranges.len() == before {
            unread.push((*include).to_string());
        }
    }
    for s in CATALOGUE {
        for r in s.ip4.iter().chain(s.ip6.iter()) {
            let (net, prefix) = r.split_once('/').unwrap_or((r, ""));
            let Ok(network) = net.parse::<IpAddr>() else {
                continue;
            };
            let full = if network.is_ipv4() { 32 } else { 128 };
            ranges.push(Range {
                service: s.id,
                include: String::new(),
                term: format!("{}:{r}", if network.is_ipv4() { "ip4" } else { "ip6" }),
                network,
                prefix: prefix.parse().unwrap_or(full),
            });
        }
    }
    (ranges, unread)
}

/// How a source was matched to a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum Evidence {
    /// Its address is in a range the service publishes.
    Range { include: String, term: String },
    /// It passed DKIM with a `d=` in the service's own domain.
    DkimDomain { domain: String },
    /// It passed SPF for a domain of the service (its bounce domain).
    SpfDomain { domain: String },
    /// Its reverse DNS name is in the service's domain.
    ReverseName { name: String },
}

/// The service a source belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// The catalogue id (`sendgrid`).
    pub id: &'static str,
    pub name: &'static str,
    pub evidence: Evidence,
}

/// Domains a service signs or bounces with that its includes do not show: Microsoft 365 signs
/// with `d=<tenant>.onmicrosoft.com` until the domain's own keys are enabled, Google Workspace
/// with `d=<domain>.<date>.gappssmtp.com`.
fn signing_domains(id: &str) -> &'static [&'static str] {
    match id {
        "microsoft365" => &["onmicrosoft.com"],
        "google" => &["gappssmtp.com"],
        _ => &[],
    }
}

/// The domains that are the service's own. For its mail's DKIM and SPF domains (`by_mail`): the
/// base domains of its includes (`sendgrid.net`, `mcsv.net` for `servers.mcsv.net`), except for
/// mailbox providers, whose customers sign and bounce as themselves (`outlook.com` would be a
/// consumer's mail); plus [`signing_domains`]. For a reverse DNS name: every include's base
/// domain (Microsoft's outbound servers are under `outlook.com`).
fn service_domains(s: &Sender, by_mail: bool) -> Vec<String> {
    let mut d: Vec<String> = if by_mail && s.kind == crate::spf::catalogue::Kind::Mailbox {
        Vec::new()
    } else {
        s.includes.iter().map(|i| base_domain(i)).collect()
    };
    d.extend(signing_domains(s.id).iter().map(|x| x.to_string()));
    d.dedup();
    d
}

/// The service `ip` belongs to, by the strongest evidence: a published range, then a passing
/// DKIM or SPF domain of the service, then its reverse DNS name. `ranges` from
/// [`service_ranges`].
pub fn service_of(
    ip: Option<IpAddr>,
    seen: &Seen,
    ptr: Option<&str>,
    ranges: &[Range],
) -> Option<Service> {
    let entry = |id: &str| CATALOGUE.iter().find(|s| s.id == id);
    let found = |s: &Sender, evidence| Service {
        id: s.id,
        name: s.name,
        evidence,
    };
    if let Some(ip) = ip {
        if let Some(r) = ranges.iter().find(|r| r.contains(ip)) {
            let s = entry(r.service)?;
            return Some(found(
                s,
                Evidence::Range {
                    include: r.include.clone(),
                    term: r.term.clone(),
                },
            ));
        }
    }
    let by_domain = |domains: &[String], by_mail: bool| {
        domains.iter().find_map(|d| {
            CATALOGUE
                .iter()
                .find(|s| service_domains(s, by_mail).iter().any(|own| within(d, own)))
                .map(|s| (s, d.clone()))
        })
    };
    if let Some((s, domain)) = by_domain(&seen.dkim_pass, true) {
        return Some(found(s, Evidence::DkimDomain { domain }));
    }
    if let Some((s, domain)) = by_domain(&seen.spf_pass, true) {
        return Some(found(s, Evidence::SpfDomain { domain }));
    }
    let name = ptr?.trim_end_matches('.').to_ascii_lowercase();
    let (s, _) = by_domain(std::slice::from_ref(&name), false)?;
    Some(found(s, Evidence::ReverseName { name }))
}

/// Where a source is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// A known service, or a source that authenticated as the domain itself.
    Yours,
    Unknown,
}

/// One source, labelled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub ip: Option<IpAddr>,
    pub messages: u64,
    pub failing: u64,
    /// Its reverse DNS name, when asked and found.
    pub ptr: Option<String>,
    /// That name's base domain ([`crate::name::base_domain`]).
    pub ptr_base: Option<String>,
    /// Its network, when asked and found.
    pub network: Option<Network>,
    pub service: Option<Service>,
    pub group: Group,
    /// Why it is in its group, in words.
    pub because: String,
    /// Why its reverse name or network is not known, when a lookup failed (not when the answer
    /// was empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lookup_error: Option<String>,
}

/// Labels each source: `ptrs` and `networks` are what was asked (either may be empty), `ranges`
/// from [`service_ranges`], `domains` the policy domains of the reports (`Totals::domains`).
pub fn label(
    seen: &[Seen],
    ptrs: &[(IpAddr, Result<Vec<String>, String>)],
    networks: &[(IpAddr, Result<Option<Network>, String>)],
    ranges: &[Range],
    domains: &[String],
) -> Vec<Label> {
    seen.iter()
        .map(|s| {
            let ptr_answer = s.ip.and_then(|ip| ptrs.iter().find(|(a, _)| *a == ip));
            let net_answer = s.ip.and_then(|ip| networks.iter().find(|(a, _)| *a == ip));
            let ptr = ptr_answer.and_then(|(_, r)| r.as_ref().ok()?.first().cloned());
            let network = net_answer.and_then(|(_, r)| r.clone().ok().flatten());
            let lookup_error = ptr_answer
                .and_then(|(_, r)| r.as_ref().err())
                .or_else(|| net_answer.and_then(|(_, r)| r.as_ref().err()))
                .cloned();
            let service = service_of(s.ip, s, ptr.as_deref(), ranges);
            let own = |list: &[String]| {
                list.iter()
                    .find(|d| domains.iter().any(|own| within(d, own) || within(own, d)))
                    .cloned()
            };
            let (group, because) = match (&service, own(&s.dkim_pass), own(&s.spf_pass)) {
                (Some(svc), ..) => (
                    Group::Yours,
                    format!("{} ({})", svc.name, evidence_words(&svc.evidence)),
                ),
                (None, Some(d), _) => (Group::Yours, format!("passes DKIM as {d}")),
                (None, None, Some(d)) => (Group::Yours, format!("passes SPF as {d}")),
                (None, None, None) => (
                    Group::Unknown,
                    "no known service, and it authenticates as none of the reported domains".into(),
                ),
            };
            Label {
                ip: s.ip,
                messages: s.messages,
                failing: s.failing,
                ptr_base: ptr.as_deref().map(base_domain),
                ptr,
                network,
                service,
                group,
                because,
                lookup_error,
            }
        })
        .collect()
}

/// The evidence in words.
pub fn evidence_words(e: &Evidence) -> String {
    match e {
        Evidence::Range { include, term } if include.is_empty() => {
            format!("in its published range {term}")
        }
        Evidence::Range { include, term } => format!("in {term} of {include}"),
        Evidence::DkimDomain { domain } => format!("passes DKIM as {domain}"),
        Evidence::SpfDomain { domain } => format!("passes SPF as {domain}"),
        Evidence::ReverseName { name } => format!("reverse DNS {name}"),
    }
}

/// The DKIM selectors the reports show for the domain `domain` (or its subdomains), each once,
/// for the domain inspection's "check these selectors".
pub fn selectors_for(seen: &[Seen], domain: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (d, s) in seen.iter().flat_map(|s| &s.selectors) {
        if within(d, domain) && !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

#[cfg(test)]
#[path = "senders_tests.rs"]
mod tests;
