//! Policy discovery by the RFC 9989 DNS tree walk, the organizational domain, and the
//! authorization of external report addresses.

use serde::Serialize;

use crate::diag::Finding;
use crate::dns::memo::Memo;
use crate::dns::{normalize_name, DnsError, Lookup, RData, RecordType, Resolver};

use super::codes::Code;
use super::record::{is_dmarc_record, parse, Policy, Record};

/// The names the tree walk queries for `domain`, in order (RFC 9989 §4.10): the domain itself,
/// then — when it has 8 labels or more — its last 7 labels, then one label fewer at a time down
/// to the top-level domain.
pub fn walk_targets(domain: &str) -> Vec<String> {
    let d = normalize_name(domain);
    let labels: Vec<&str> = d.split('.').filter(|l| !l.is_empty()).collect();
    let mut out = vec![labels.join(".")];
    let mut n = labels.len();
    while n > 1 {
        n = if n >= 8 { 7 } else { n - 1 };
        out.push(labels[labels.len() - n..].join("."));
    }
    out
}

/// One query of the walk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalkStep {
    /// The domain whose `_dmarc` name was queried.
    pub domain: String,
    /// `record`, `none`, `multiple`, `dns-error`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub psd: Option<char>,
}

/// An external report address and whether its domain agreed to receive the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportAuthorization {
    pub uri: String,
    pub domain: String,
    /// The name queried (`<policy domain>._report._dmarc.<report domain>`).
    pub record_name: String,
    /// `None` when the lookup failed temporarily.
    pub authorized: Option<bool>,
}

/// Where a domain's policy comes from and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discovery {
    pub domain: String,
    /// Every `_dmarc` query of the walk, in order, until the policy was found.
    pub steps: Vec<WalkStep>,
    /// The domain whose record applies (the domain itself or a parent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<Record>,
    /// The organizational domain by the RFC 9989 walk (`psd=` decides, else the highest domain
    /// with a record, else the domain itself).
    pub organizational_domain: String,
    /// Whether the domain exists in DNS (`np=` applies to those that do not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_exists: Option<bool>,
    /// `p`, `sp` or `np`: which policy applies to mail from this domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies: Option<&'static str>,
    /// The policy that applies to mail from this domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_policy: Option<Policy>,
    pub report_authorizations: Vec<ReportAuthorization>,
    pub findings: Vec<Finding>,
}

fn dmarc_records(a: &Result<Lookup, DnsError>) -> Result<Vec<String>, String> {
    match a {
        Ok(l) => Ok(l
            .records
            .iter()
            .filter_map(|r| match r {
                RData::Txt(t) => Some(t.text()),
                _ => None,
            })
            .filter(|t| is_dmarc_record(t))
            .collect()),
        Err(e) if e.is_void() => Ok(Vec::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// Discovers the DMARC policy of `domain`. All the walk's queries go out at once, with the
/// checks beside them (the domain's own TXT, the CNAME at `_dmarc`, whether the domain exists).
pub async fn discover<R: Resolver>(resolver: &R, domain: &str) -> Discovery {
    let memo = Memo::new(resolver);
    discover_with(&memo, domain).await
}

pub async fn discover_with<R: Resolver>(memo: &Memo<'_, R>, domain: &str) -> Discovery {
    let domain = normalize_name(domain);
    let targets = walk_targets(&domain);
    let mut wanted: Vec<(String, RecordType)> = targets
        .iter()
        .map(|t| (format!("_dmarc.{t}"), RecordType::Txt))
        .collect();
    wanted.push((domain.clone(), RecordType::Txt));
    wanted.push((format!("_dmarc.{domain}"), RecordType::Cname));
    wanted.push((domain.clone(), RecordType::A));
    memo.query_many(wanted).await;

    let mut findings = Vec::new();
    let mut steps = Vec::new();
    let mut found: Option<(String, Record)> = None;
    let mut all_records: Vec<(String, Record)> = Vec::new();
    for t in &targets {
        let name = format!("_dmarc.{t}");
        let answer = memo.query(&name, RecordType::Txt).await;
        let step = match dmarc_records(&answer) {
            Err(e) => {
                findings.push(Code::DnsError.finding(format!("{name}: {e}")));
                WalkStep {
                    domain: t.clone(),
                    status: "dns-error",
                    record: None,
                    psd: None,
                }
            }
            Ok(recs) if recs.is_empty() => WalkStep {
                domain: t.clone(),
                status: "none",
                record: None,
                psd: None,
            },
            Ok(recs) if recs.len() > 1 => {
                findings.push(Code::MultipleRecords.finding(format!(
                    "{name} has {} DMARC records; receivers discard them all",
                    recs.len()
                )));
                WalkStep {
                    domain: t.clone(),
                    status: "multiple",
                    record: None,
                    psd: None,
                }
            }
            Ok(recs) => {
                let rec = parse(&recs[0]);
                let psd = rec.psd;
                all_records.push((t.clone(), rec.clone()));
                if found.is_none() {
                    found = Some((t.clone(), rec));
                }
                WalkStep {
                    domain: t.clone(),
                    status: "record",
                    record: Some(recs[0].clone()),
                    psd,
                }
            }
        };
        steps.push(step);
    }
    // The organizational domain (RFC 9989 §4.10.2): psd=n marks it, psd=y marks the domain one
    // label below it; otherwise the highest domain with a record; otherwise the domain itself.
    let mut org = None;
    for (i, t) in targets.iter().enumerate() {
        if let Some((_, r)) = all_records.iter().find(|(d, _)| d == t) {
            match r.psd {
                Some('n') => {
                    org = Some(t.clone());
                    break;
                }
                Some('y') => {
                    org = Some(if i == 0 {
                        t.clone()
                    } else {
                        targets[i - 1].clone()
                    });
                    break;
                }
                _ => {}
            }
        }
    }
    let organizational_domain = org
        .or_else(|| all_records.last().map(|(d, _)| d.clone()))
        .unwrap_or_else(|| domain.clone());
    // The policy walk stops at the first record; the later answers served the organizational domain.
    let policy_stop = steps
        .iter()
        .position(|s| s.status == "record")
        .map_or(steps.len(), |p| p + 1);
    steps.truncate(policy_stop);

    // Records in the wrong place.
    if let Ok(recs) = dmarc_records(&memo.query(&domain, RecordType::Txt).await) {
        if !recs.is_empty() {
            findings.push(Code::RecordAtApex.finding(format!(
                "{domain} itself publishes {:?}; receivers only read _dmarc.{domain}",
                recs[0]
            )));
        }
    }
    let cname = memo
        .query(&format!("_dmarc.{domain}"), RecordType::Cname)
        .await;
    let own_txt = memo
        .query(&format!("_dmarc.{domain}"), RecordType::Txt)
        .await;
    if let (Ok(c), Ok(t)) = (&cname, &own_txt) {
        if !c.records.is_empty() && t.cname_chain.is_empty() && !t.records.is_empty() {
            findings.push(Code::CnameAndTxt.finding(format!(
                "_dmarc.{domain} is a CNAME and also has TXT records"
            )));
        }
    }
    let domain_exists = match memo.query(&domain, RecordType::A).await {
        Ok(_) => Some(true),
        Err(DnsError::NxDomain { .. }) => Some(false),
        Err(DnsError::NoData { .. }) => Some(true),
        Err(_) => None,
    };

    let (policy_domain, record) = match found {
        Some((d, r)) => (Some(d), Some(r)),
        None => {
            findings.push(Code::NoRecord.finding(format!(
                "no DMARC record at _dmarc.{domain} or any parent domain"
            )));
            (None, None)
        }
    };
    let (applies, effective_policy) = match (&policy_domain, &record) {
        (Some(pd), Some(r)) if *pd == domain => (Some("p"), Some(r.effective_policy())),
        (Some(_), Some(r)) if domain_exists == Some(false) => {
            (Some("np"), Some(r.effective_nonexistent_policy()))
        }
        (Some(_), Some(r)) => (Some("sp"), Some(r.effective_subdomain_policy())),
        _ => (None, None),
    };
    if let Some(r) = &record {
        findings.extend(r.findings.iter().cloned());
    }

    // External report addresses (RFC 9989 §3).
    let mut report_authorizations = Vec::new();
    if let (Some(pd), Some(r)) = (&policy_domain, &record) {
        // (uri, its domain, which reports go there)
        let external: Vec<(String, String, &str)> = r
            .rua
            .iter()
            .map(|u| (u, "aggregate reports (rua=)"))
            .chain(r.ruf.iter().map(|u| (u, "failure reports (ruf=)")))
            .filter_map(|(u, what)| Some((u.uri.clone(), u.domain.clone()?, what)))
            .filter(|(_, d, _)| *d != *pd && !crate::name::within(d, &organizational_domain))
            .collect();
        let names: Vec<(String, RecordType)> = external
            .iter()
            .map(|(_, d, _)| (format!("{pd}._report._dmarc.{d}"), RecordType::Txt))
            .collect();
        memo.query_many(names).await;
        for (uri, d, what) in external {
            let record_name = format!("{pd}._report._dmarc.{d}");
            let authorized = match dmarc_records(&memo.query(&record_name, RecordType::Txt).await) {
                Ok(recs) => Some(!recs.is_empty()),
                Err(_) => None,
            };
            if authorized == Some(false) {
                findings.push(Code::ExternalRuaUnauthorized.finding(format!(
                    "{uri}: {d} does not publish {record_name} (TXT v=DMARC1), so receivers will not send it {what}"
                )));
            }
            report_authorizations.push(ReportAuthorization {
                uri,
                domain: d,
                record_name,
                authorized,
            });
        }
    }
    Discovery {
        domain,
        steps,
        policy_domain,
        record,
        organizational_domain,
        domain_exists,
        applies,
        effective_policy,
        report_authorizations,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;
    use futures::executor::block_on;

    #[test]
    fn walk_targets_shorten_long_names_to_seven_labels() {
        assert_eq!(
            walk_targets("a.mail.example.com"),
            [
                "a.mail.example.com",
                "mail.example.com",
                "example.com",
                "com"
            ]
        );
        let long = walk_targets("a.b.c.d.e.f.g.h.i.example.com");
        assert_eq!(long[0], "a.b.c.d.e.f.g.h.i.example.com");
        assert_eq!(long[1], "e.f.g.h.i.example.com");
        assert_eq!(long.last().unwrap(), "com");
        assert_eq!(long.len(), 8);
    }

    const ZONE: &str = r#"
_dmarc.example.com:
  - TXT: "v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:d@example.com,mailto:r@reports.example.net,mailto:x@nowhere.example.org"
example.com:
  - A: 192.0.2.1
mail.example.com:
  - A: 192.0.2.2
example.com._report._dmarc.reports.example.net:
  - TXT: v=DMARC1
_dmarc.com:
  - TXT: "v=DMARC1; p=none; psd=y"
apex.example:
  - TXT: "v=DMARC1; p=reject"
_dmarc.ruf.example:
  - TXT: "v=DMARC1; p=reject; rua=mailto:agg@reports.example.net; ruf=mailto:fail@forensic.example.org,mailto:fail2@reports.example.net"
ruf.example._report._dmarc.reports.example.net:
  - TXT: v=DMARC1
"#;

    /// The codes only discovery can produce.
    #[test]
    fn multiple_records_cname_conflict_and_dns_errors() {
        let z = Zone::from_yaml(
            r#"
_dmarc.twice.example:
  - TXT: v=DMARC1; p=none
  - TXT: v=DMARC1; p=reject
_dmarc.both.example:
  - CNAME: hosted.dmarc-service.example
  - TXT: v=DMARC1; p=reject
_dmarc.slow.example:
  - TIMEOUT
"#,
        )
        .unwrap();
        let codes = |d: &str| -> Vec<&'static str> {
            block_on(discover(&z, d))
                .findings
                .iter()
                .map(|f| f.code)
                .collect()
        };
        assert!(codes("twice.example").contains(&"dmarc-multiple-records"));
        assert!(codes("both.example").contains(&"dmarc-cname-and-txt"));
        assert!(codes("slow.example").contains(&"dmarc-dns-error"));
        let twice = block_on(discover(&z, "twice.example"));
        assert_eq!(twice.steps[0].status, "multiple");
        assert!(twice.record.is_none(), "several records are all discarded");
    }

    #[test]
    fn discovery_policies_and_report_authorization() {
        let z = Zone::from_yaml(ZONE).unwrap();
        let d = block_on(discover(&z, "example.com"));
        assert_eq!(d.policy_domain.as_deref(), Some("example.com"));
        assert_eq!(
            (d.applies, d.effective_policy),
            (Some("p"), Some(Policy::Reject))
        );
        assert_eq!(
            d.organizational_domain, "example.com",
            "psd=y at com makes example.com the organizational domain"
        );
        assert_eq!(d.report_authorizations.len(), 2);
        assert_eq!(d.report_authorizations[0].authorized, Some(true));
        assert_eq!(d.report_authorizations[1].authorized, Some(false));
        assert!(d
            .findings
            .iter()
            .any(|f| f.code == "dmarc-external-rua-unauthorized"));

        let sub = block_on(discover(&z, "mail.example.com"));
        assert_eq!(sub.policy_domain.as_deref(), Some("example.com"));
        assert_eq!(
            (sub.applies, sub.effective_policy),
            (Some("sp"), Some(Policy::Quarantine))
        );
        assert_eq!(sub.steps.len(), 2);
        assert_eq!(sub.steps[0].status, "none");

        let ghost = block_on(discover(&z, "ghost.example.com"));
        assert_eq!(ghost.domain_exists, Some(false));
        assert_eq!(
            (ghost.applies, ghost.effective_policy),
            (Some("np"), Some(Policy::Reject))
        );

        // ruf= addresses need the same authorization as rua=, and the finding says which reports
        // are lost.
        let ruf = block_on(discover(&z, "ruf.example"));
        let auth: Vec<(&str, Option<bool>)> = ruf
            .report_authorizations
            .iter()
            .map(|a| (a.uri.as_str(), a.authorized))
            .collect();
        assert_eq!(
            auth,
            [
                ("mailto:agg@reports.example.net", Some(true)),
                ("mailto:fail@forensic.example.org", Some(false)),
                ("mailto:fail2@reports.example.net", Some(true)),
            ]
        );
        let unauthorized: Vec<&str> = ruf
            .findings
            .iter()
            .filter(|f| f.code == "dmarc-external-rua-unauthorized")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            unauthorized,
            ["mailto:fail@forensic.example.org: forensic.example.org does not publish ruf.example._report._dmarc.forensic.example.org (TXT v=DMARC1), so receivers will not send it failure reports (ruf=)"]
        );

        let none = block_on(discover(&z, "apex.example"));
        let codes: Vec<&str> = none.findings.iter().map(|f| f.code).collect();
        assert!(
            codes.contains(&"dmarc-no-record") && codes.contains(&"dmarc-record-at-apex"),
            "{codes:?}"
        );
    }
}
