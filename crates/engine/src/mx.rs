//! MX records of a domain: hosts in preference order with their addresses, null MX (RFC 7505),
//! and the mistakes that make mail go nowhere.
//!
//! One MX query, then one batch with the A and AAAA of every exchange (or of the domain itself
//! when it has no MX: RFC 5321 §5.1's implicit MX). Everything goes through the shared
//! [`Memo`], so the domain page never asks a name twice.
//!
//! ```abnf
//! ; RFC 1035 §3.3.9
//! MX-RDATA = PREFERENCE EXCHANGE   ; 16-bit integer, domain name
//! ; RFC 7505 §3: the null MX is the single record  0 .
//! ```

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use crate::diag::Finding;
use crate::diag::{code_table, finding_codes};
use crate::dns::memo::Memo;
use crate::dns::{normalize_name, DnsError, Lookup, RData, RecordType, Resolver};
use crate::domain::inspect::describe;

finding_codes! {
    /// The stable codes of MX findings.
    pub enum Code {
        None,
        Null,
        NullMixed,
        NullSpfNotStrict,
        HostNoAddress,
        HostIsIp,
        HostCname,
        HostPrivateAddress,
        DnsError,
    }
}

code_table! {
    Code {
        None => ("mx-none", Warning, "No MX record",
            "Without MX records, senders deliver to the domain's own A or AAAA address (the \"implicit MX\"), usually a web server that does not accept mail, so mail waits in queues for days before it bounces.",
            "Publish MX records for the servers that receive your mail, or, if the domain receives no mail, a null MX (0 .).", "RFC 5321 §5.1"),
        Null => ("mx-null", Info, "Null MX: the domain accepts no mail",
            "The single record \"0 .\" says the domain receives no mail: senders bounce mail to it at once instead of queueing it.",
            "A domain that receives no mail usually sends none either: also publish v=spf1 -all and a DMARC record with p=reject, so nobody can send as it.", "RFC 7505 §3"),
        NullMixed => ("mx-null-mixed", Error, "Null MX beside other MX records",
            "A null MX (0 .) must be the domain's only MX record. Beside other records, some senders bounce everything and others try the remaining hosts.",
            "Remove either the null MX (if the domain receives mail) or all the other MX records.", "RFC 7505 §3"),
        NullSpfNotStrict => ("mx-null-spf-not-strict", Warning, "Receives no mail, but SPF allows senders",
            "The domain says with a null MX that it takes no mail, yet its SPF record authorizes servers (or does not end in -all). A domain that neither receives nor sends mail is safest when it says both.",
            "Publish exactly v=spf1 -all, and a DMARC record with p=reject, so that nobody can send as the domain.", "RFC 7505 §4, RFC 7208 §10.1.2"),
        HostNoAddress => ("mx-host-no-address", Error, "Mail host has no address",
            "An MX record names a host without A or AAAA records (or one that does not exist), so senders cannot deliver to it; if it is the only or the preferred host, mail is delayed or bounces.",
            "Publish an A (and AAAA) record for the host, or correct or remove the MX record.", "RFC 5321 §5.1"),
        HostIsIp => ("mx-host-is-ip", Error, "MX record points to an IP address",
            "The exchange of an MX record must be a host name. An address written there is looked up as a name, which does not exist, so most senders cannot deliver.",
            "Give the server a name (mail.<domain> with an A record) and put that name in the MX record.", "RFC 1035 §3.3.9, RFC 5321 §5.1"),
        HostCname => ("mx-host-cname", Warning, "MX host is an alias (CNAME)",
            "The exchange of an MX record must be the host's own name, not an alias. Most senders follow the alias anyway, some do not, and the mismatch can break certificate checks under MTA-STS or DANE.",
            "Put the name the alias points to (the canonical name) in the MX record.", "RFC 2181 §10.3, RFC 5321 §5.1"),
        HostPrivateAddress => ("mx-host-private-address", Warning, "Mail host has a private or local address",
            "The host resolves to a loopback, private, link-local or unspecified address that senders on the Internet cannot reach.",
            "Publish the server's public address; keep internal addresses in internal DNS.", "RFC 6890"),
        DnsError => ("mx-dns-error", Warning, "DNS lookup failed",
            "An MX, A or AAAA lookup failed temporarily; senders meeting the same failure queue mail and try again later.",
            "Check the domain's authoritative name servers; try again or with another resolver.", "RFC 5321 §5.1"),
    }
}

/// One mail host of the domain and its addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MxHost {
    pub preference: u16,
    /// The exchange as published, without the trailing dot.
    pub exchange: String,
    /// True when the exchange is an IP address, not a host name (then nothing is looked up).
    pub ip_literal: bool,
    pub ipv4: Vec<Ipv4Addr>,
    pub ipv6: Vec<Ipv6Addr>,
    /// The aliases followed from the exchange to its addresses; not empty means a CNAME.
    pub cname_chain: Vec<String>,
    /// The DNSSEC AD bit, set only when every address answer carried it.
    pub authenticated: bool,
    /// The A or AAAA lookups that failed other than "no such record", in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

impl MxHost {
    pub fn has_address(&self) -> bool {
        !self.ipv4.is_empty() || !self.ipv6.is_empty()
    }
}

/// The MX view of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MxReport {
    pub domain: String,
    /// `ok`, `null` (RFC 7505), `none` (no MX), `nxdomain` (the domain does not exist) or
    /// `dns-error`.
    pub status: &'static str,
    /// The mail hosts in the order senders try them (lowest preference first). A null MX is not
    /// listed here.
    pub hosts: Vec<MxHost>,
    /// The domain published the null MX `0 .` (alone or, wrongly, beside other records).
    pub null_mx: bool,
    /// With no MX, the domain's own addresses, where senders deliver instead (RFC 5321 §5.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implicit_mx: Option<MxHost>,
    /// Aliases followed from the domain to the owner of the MX records.
    pub cname_chain: Vec<String>,
    /// The DNSSEC AD bit of the MX answer.
    pub authenticated: bool,
    /// Why the MX lookup failed, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub findings: Vec<Finding>,
}

impl MxReport {
    /// The host names senders deliver to, in preference order, for MTA-STS coverage
    /// ([`crate::mtasts::check_policy_against_mx`]). IP literals and the null MX are left out.
    pub fn exchanges(&self) -> Vec<String> {
        self.hosts
            .iter()
            .filter(|h| !h.ip_literal)
            .map(|h| h.exchange.clone())
            .collect()
    }

    /// True when the domain says it accepts mail: MX hosts, or an implicit MX with an address.
    pub fn accepts_mail(&self) -> bool {
        match self.status {
            "ok" => !self.null_mx || !self.hosts.is_empty(),
            "none" => self.implicit_mx.as_ref().is_some_and(MxHost::has_address),
            _ => false,
        }
    }
}

/// The null MX has an empty exchange: `.` in zone files, empty once the dot is stripped.
fn is_null_exchange(exchange: &str) -> bool {
    exchange.trim_end_matches('.').is_empty()
}

/// An address literal in the exchange: `192.0.2.1`, `2001:db8::1` or the SMTP form `[192.0.2.1]`.
fn ip_literal(exchange: &str) -> Option<IpAddr> {
    let e = exchange.trim_end_matches('.');
    let e = e
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(e);
    let e = e.strip_prefix("IPv6:").unwrap_or(e);
    e.parse().ok()
}

/// Addresses no sender on the Internet can reach (RFC 6890 special-purpose ranges that are not
/// globally reachable; the documentation ranges are left alone, examples use them).
fn unreachable_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
        }
        IpAddr::V6(v6) => {
            let seg = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (seg & 0xfe00) == 0xfc00 // unique local, RFC 4193
                || (seg & 0xffc0) == 0xfe80 // link local, RFC 4291
        }
    }
}

/// Reads the A and AAAA answers (already in the memo) for one host.
async fn resolve_host<R: Resolver>(
    memo: &Memo<'_, R>,
    preference: u16,
    exchange: &str,
) -> (MxHost, bool) {
    let mut host = MxHost {
        preference,
        exchange: exchange.trim_end_matches('.').to_string(),
        ip_literal: false,
        ipv4: Vec::new(),
        ipv6: Vec::new(),
        cname_chain: Vec::new(),
        authenticated: true,
        errors: Vec::new(),
    };
    let mut failed = false;
    for t in [RecordType::A, RecordType::Aaaa] {
        let answer: Result<Lookup, DnsError> = memo.query(&host.exchange, t).await;
        match answer {
            Ok(l) => {
                host.authenticated &= l.authenticated;
                if host.cname_chain.is_empty() {
                    host.cname_chain = l.cname_chain.clone();
                }
                for r in l.records {
                    match r {
                        RData::A(ip) => host.ipv4.push(ip),
                        RData::Aaaa(ip) => host.ipv6.push(ip),
                        _ => {}
                    }
                }
            }
            Err(e) => {
                if host.cname_chain.is_empty() {
                    host.cname_chain = e.cname_chain().to_vec();
                }
                match &e {
                    DnsError::NxDomain { authenticated, .. }
                    | DnsError::NoData { authenticated, .. } => {
                        host.authenticated &= *authenticated;
                    }
                    _ => {
                        host.authenticated = false;
                        failed = true;
                        host.errors.push(format!("{t}: {}", describe(&e)));
                    }
                }
            }
        }
    }
    (host, failed)
}

/// The findings about one resolved host.
fn host_findings(host: &MxHost, failed: bool, findings: &mut Vec<Finding>) {
    let name = &host.exchange;
    if !host.cname_chain.is_empty() {
        findings.push(Code::HostCname.finding(format!(
            "{name} is an alias of {}: an MX record must name the host itself (RFC 2181 §10.3)",
            host.cname_chain.join(" → ")
        )));
    }
    if !host.has_address() {
        if failed {
            findings.push(Code::DnsError.finding(format!(
                "{name}: the address lookup failed ({}); senders would retry later",
                host.errors.join("; ")
            )));
        } else if host.cname_chain.is_empty() {
            findings.push(Code::HostNoAddress.finding(format!(
                "{name} (preference {}) has no A or AAAA record: senders cannot deliver to it",
                host.preference
            )));
        } else {
            findings.push(Code::HostNoAddress.finding(format!(
                "{name} (preference {}) is an alias of {}, which has no A or AAAA record",
                host.preference,
                host.cname_chain.last().map_or("", |s| s.as_str())
            )));
        }
    } else if failed {
        findings.push(Code::DnsError.finding(format!(
            "{name}: part of the address lookup failed ({})",
            host.errors.join("; ")
        )));
    }
    let bad: Vec<String> = host
        .ipv4
        .iter()
        .map(|ip| IpAddr::V4(*ip))
        .chain(host.ipv6.iter().map(|ip| IpAddr::V6(*ip)))
        .filter(|ip| unreachable_address(*ip))
        .map(|ip| ip.to_string())
        .collect();
    if !bad.is_empty() {
        findings.push(Code::HostPrivateAddress.finding(format!(
            "{name} resolves to {}, which senders on the Internet cannot reach",
            bad.join(", ")
        )));
    }
}

/// Checks the MX records of `domain`: the MX query, then the A and AAAA of every host in one
/// batch.
pub async fn check<R: Resolver>(memo: &Memo<'_, R>, domain: &str) -> MxReport {
    let domain = normalize_name(domain);
    let mut report = MxReport {
        domain: domain.clone(),
        status: "ok",
        hosts: Vec::new(),
        null_mx: false,
        implicit_mx: None,
        cname_chain: Vec::new(),
        authenticated: false,
        error: None,
        findings: Vec::new(),
    };
    let mut records: Vec<(u16, String)> = match memo.query(&domain, RecordType::Mx).await {
        Ok(l) => {
            report.cname_chain = l.cname_chain;
            report.authenticated = l.authenticated;
            l.records
                .into_iter()
                .filter_map(|r| match r {
                    RData::Mx(mx) => Some((mx.preference, mx.exchange)),
                    _ => None,
                })
                .collect()
        }
        Err(e) => {
            report.cname_chain = e.cname_chain().to_vec();
            report.error = Some(describe(&e));
            match e {
                DnsError::NxDomain { authenticated, .. } => {
                    report.status = "nxdomain";
                    report.authenticated = authenticated;
                    report.findings.push(Code::None.finding(format!(
                        "{domain} does not exist in DNS (NXDOMAIN): mail to it bounces"
                    )));
                    return report;
                }
                DnsError::NoData { authenticated, .. } => {
                    report.authenticated = authenticated;
                    Vec::new()
                }
                other => {
                    report.status = "dns-error";
                    report.findings.push(Code::DnsError.finding(format!(
                        "the MX lookup for {domain} failed: {}",
                        describe(&other)
                    )));
                    return report;
                }
            }
        }
    };
    // Senders try the lowest preference first (RFC 5321 §5.1); equal preferences are tried in
    // random order, the name only makes the display stable.
    crate::order::sort_by(&mut records, |a, b| {
        a.0.cmp(&b.0)
            .then_with(|| normalize_name(&a.1).cmp(&normalize_name(&b.1)))
    });

    if records.is_empty() {
        report.status = "none";
        memo.query_many(vec![
            (domain.clone(), RecordType::A),
            (domain.clone(), RecordType::Aaaa),
        ])
        .await;
        let (implicit, failed) = resolve_host(memo, 0, &domain).await;
        let msg = if implicit.has_address() {
            let addrs: Vec<String> = implicit
                .ipv4
                .iter()
                .map(|a| a.to_string())
                .chain(implicit.ipv6.iter().map(|a| a.to_string()))
                .collect();
            format!(
                "{domain} has no MX record: senders deliver to its own address ({}) instead; publish MX records, or a null MX (0 .) if it receives no mail",
                addrs.join(", ")
            )
        } else if failed {
            format!("{domain} has no MX record, and the lookup of its own address failed")
        } else {
            format!(
                "{domain} has no MX record and no address: mail to it cannot be delivered; publish a null MX (0 .) to say so, so senders bounce at once"
            )
        };
        report.findings.push(Code::None.finding(msg));
        if failed {
            report
                .findings
                .push(Code::DnsError.finding(format!("{domain}: {}", implicit.errors.join("; "))));
        }
        report.implicit_mx = Some(implicit);
        return report;
    }

    let nulls = records.iter().filter(|(_, e)| is_null_exchange(e)).count();
    if nulls > 0 {
        report.null_mx = true;
        if nulls == records.len() && nulls == 1 {
            report.status = "null";
            let pref = records[0].0;
            let mut msg = format!(
                "{domain} publishes a null MX: it accepts no mail. It should then also publish v=spf1 -all and DMARC p=reject, so that nobody can send as it either"
            );
            if pref != 0 {
                msg.push_str(&format!(
                    " (the null MX is written with preference 0; this one has {pref})"
                ));
            }
            report.findings.push(Code::Null.finding(msg));
            return report;
        }
        report.findings.push(Code::NullMixed.finding(format!(
            "{domain} publishes a null MX (0 .) and {} other MX record(s): the null MX must stand alone",
            records.len() - nulls
        )));
    }
    records.retain(|(_, e)| !is_null_exchange(e));

    let names: Vec<(String, RecordType)> = records
        .iter()
        .filter(|(_, e)| ip_literal(e).is_none())
        .flat_map(|(_, e)| {
            let n = e.trim_end_matches('.').to_string();
            [(n.clone(), RecordType::A), (n, RecordType::Aaaa)]
        })
        .collect();
    memo.query_many(names).await;

    for (pref, exchange) in records {
        if let Some(ip) = ip_literal(&exchange) {
            report.findings.push(Code::HostIsIp.finding(format!(
                "MX {pref} {exchange}: {ip} is an address, not a host name; senders look it up as a name and find nothing"
            )));
            report.hosts.push(MxHost {
                preference: pref,
                exchange: exchange.trim_end_matches('.').to_string(),
                ip_literal: true,
                ipv4: Vec::new(),
                ipv6: Vec::new(),
                cname_chain: Vec::new(),
                authenticated: false,
                errors: Vec::new(),
            });
            continue;
        }
        let (host, failed) = resolve_host(memo, pref, &exchange).await;
        host_findings(&host, failed, &mut report.findings);
        report.hosts.push(host);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;
    use futures::executor::block_on;

    const ZONE: &str = r#"
good.example:
  - MX: [20, backup.good.example]
  - MX: [10, mx1.good.example]
  - SECURE
mx1.good.example:
  - A: 192.0.2.10
  - AAAA: "2001:db8::10"
  - SECURE
backup.good.example:
  - A: 192.0.2.20
null.example:
  - MX: [0, "."]
  - TXT: v=spf1 -all
mixed.example:
  - MX: [0, "."]
  - MX: [10, mx1.good.example]
nomx.example:
  - A: 192.0.2.30
nothing.example:
  - TXT: hello
lame.example:
  - MX: [10, gone.lame.example]
  - MX: [20, mx1.good.example]
literal.example:
  - MX: [10, 192.0.2.99]
alias.example:
  - MX: [10, mail.alias.example]
mail.alias.example:
  - CNAME: mx1.good.example
dangling.example:
  - MX: [10, mail.dangling.example]
mail.dangling.example:
  - CNAME: nowhere.dangling.example
private.example:
  - MX: [10, mx.private.example]
mx.private.example:
  - A: 10.1.2.3
slowmx.example:
  - MX: TIMEOUT
slowhost.example:
  - MX: [10, error.slowhost.example]
"#;

    fn run(domain: &str) -> MxReport {
        let z = Zone::from_yaml(ZONE).unwrap();
        let memo = Memo::new(&z);
        block_on(check(&memo, domain))
    }

    fn codes(r: &MxReport) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn codes_are_unique_kebab_and_explained() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let i = c.info();
            assert!(i.code.starts_with("mx-") && seen.insert(i.code));
            assert!(
                !i.explanation.is_empty() && !i.suggestion.is_empty() && i.rfc.starts_with("RFC ")
            );
            assert_eq!(Code::parse(i.code), Some(c));
        }
        assert_eq!(Code::parse("mx-nope"), None);
    }

    #[test]
    fn good_domain_sorted_with_addresses_in_one_batch() {
        let z = Zone::from_yaml(ZONE).unwrap();
        let memo = Memo::new(&z);
        let r = block_on(check(&memo, "Good.Example."));
        assert_eq!(r.status, "ok");
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!(r.authenticated);
        assert_eq!(r.exchanges(), ["mx1.good.example", "backup.good.example"]);
        assert_eq!(r.hosts[0].ipv6.len(), 1);
        assert!(r.hosts[0].authenticated && !r.hosts[1].authenticated);
        assert!(r.accepts_mail());
        // One MX query and four address queries; asking again costs nothing.
        assert_eq!(memo.sent(), 5);
        block_on(check(&memo, "good.example"));
        assert_eq!(memo.sent(), 5);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["hosts"][0]["ipv4"][0], "192.0.2.10");
        assert_eq!(json["status"], "ok");
    }

    /// Every code appears for a crafted domain and not for a good one.
    #[test]
    fn every_code() {
        for (domain, code) in [
            ("nomx.example", "mx-none"),
            ("nothing.example", "mx-none"),
            ("missing.example", "mx-none"),
            ("null.example", "mx-null"),
            ("mixed.example", "mx-null-mixed"),
            ("lame.example", "mx-host-no-address"),
            ("dangling.example", "mx-host-no-address"),
            ("literal.example", "mx-host-is-ip"),
            ("alias.example", "mx-host-cname"),
            ("dangling.example", "mx-host-cname"),
            ("private.example", "mx-host-private-address"),
            ("slowmx.example", "mx-dns-error"),
            ("slowhost.example", "mx-dns-error"),
        ] {
            let r = run(domain);
            assert!(
                codes(&r).contains(&code),
                "{domain}: {code} not in {:?}",
                codes(&r)
            );
            assert!(run("good.example").findings.iter().all(|f| f.code != code));
        }
        for c in Code::ALL {
            assert!(
                [
                    "mx-none",
                    "mx-null",
                    "mx-null-mixed",
                    "mx-host-no-address",
                    "mx-host-is-ip",
                    "mx-host-cname",
                    "mx-host-private-address",
                    "mx-dns-error",
                    // Needs the SPF record too: tested in crates/engine/tests/domain.rs.
                    "mx-null-spf-not-strict"
                ]
                .contains(&c.as_str()),
                "{} has no test",
                c.as_str()
            );
        }
    }

    #[test]
    fn null_mx_and_implicit_mx() {
        let r = run("null.example");
        assert_eq!(r.status, "null");
        assert!(r.null_mx && r.hosts.is_empty() && !r.accepts_mail());
        let msg = &r.findings[0].message;
        assert!(
            msg.contains("v=spf1 -all") && msg.contains("p=reject"),
            "{msg}"
        );

        let r = run("mixed.example");
        assert_eq!(r.status, "ok");
        assert!(r.null_mx);
        assert_eq!(r.exchanges(), ["mx1.good.example"]);

        let r = run("nomx.example");
        assert_eq!(r.status, "none");
        let implicit = r.implicit_mx.as_ref().unwrap();
        assert_eq!(implicit.ipv4, [Ipv4Addr::new(192, 0, 2, 30)]);
        assert!(r.accepts_mail());
        assert!(!run("nothing.example").accepts_mail());

        let r = run("missing.example");
        assert_eq!(r.status, "nxdomain");
        assert!(r.error.as_deref().unwrap().contains("NXDOMAIN"));
    }

    #[test]
    fn aliases_literals_and_errors() {
        let r = run("alias.example");
        assert_eq!(r.hosts[0].cname_chain, ["mx1.good.example"]);
        assert!(r.hosts[0].has_address());
        assert!(!codes(&r).contains(&"mx-host-no-address"));

        let r = run("literal.example");
        assert!(r.hosts[0].ip_literal);
        assert!(r.exchanges().is_empty());
        assert_eq!(
            ip_literal("[192.0.2.1]"),
            Some("192.0.2.1".parse().unwrap())
        );
        assert_eq!(
            ip_literal("[IPv6:2001:db8::1]"),
            Some("2001:db8::1".parse().unwrap())
        );
        assert_eq!(ip_literal("mail.example"), None);

        let r = run("slowmx.example");
        assert_eq!(r.status, "dns-error");
        let r = run("slowhost.example");
        assert_eq!(r.status, "ok");
        assert!(!r.hosts[0].errors.is_empty());
        assert!(!codes(&r).contains(&"mx-host-no-address"));
    }

    #[test]
    fn private_ranges() {
        for (ip, bad) in [
            ("10.0.0.1", true),
            ("127.0.0.1", true),
            ("0.0.0.0", true),
            ("169.254.1.1", true),
            ("192.0.2.1", false),
            ("8.8.8.8", false),
            ("::1", true),
            ("fd00::1", true),
            ("fe80::1", true),
            ("2001:db8::1", false),
        ] {
            assert_eq!(unreachable_address(ip.parse().unwrap()), bad, "{ip}");
        }
    }
}
