//! The check of a domain: record, policy and MX hosts together.

use super::*;
use crate::diag::Finding;
use crate::dns::memo::Memo;
use crate::dns::{normalize_name, DnsError, Lookup, RData, RecordType, Resolver};
use crate::domain::inspect::describe;
use serde::Serialize;

// ---------------------------------------------------------------------------------------------
// The check

/// What became of the policy file, as the app or the CLI report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PolicyOutcome {
    Fetched(StsPolicy),
    Unreachable { reason: String },
}

/// Applies RFC 8461 §3.3 to an HTTP response for [`policy_url`]: only status 200 counts,
/// redirects are not followed, and the media type should be `text/plain`.
pub fn policy_from_http(status: u16, content_type: Option<&str>, body: &str) -> PolicyOutcome {
    match status {
        200 => {}
        300..=399 => {
            return PolicyOutcome::Unreachable {
                reason: format!(
                    "HTTP {status}: a redirect, which senders do not follow (RFC 8461 §3.3)"
                ),
            }
        }
        _ => {
            return PolicyOutcome::Unreachable {
                reason: format!("HTTP {status}: senders accept only 200"),
            }
        }
    }
    let mut policy = parse_policy(body);
    let media = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    if media.as_deref() != Some("text/plain") {
        policy
            .findings
            .push(Code::PolicyContentType.finding(format!(
                "served as {}, not text/plain: senders that check the media type ignore the policy",
                content_type.unwrap_or("(no Content-Type)")
            )));
    }
    PolicyOutcome::Fetched(policy)
}

/// The MTA-STS view of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MtaStsReport {
    pub domain: String,
    /// `_mta-sts.<domain>`
    pub record_name: String,
    /// `record`, `none`, `multiple` or `dns-error`.
    pub status: &'static str,
    /// The TXT records at `record_name` that are meant as MTA-STS records, as text.
    pub records: Vec<String>,
    /// The record, when there is exactly one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<StsRecord>,
    pub cname_chain: Vec<String>,
    /// The DNSSEC AD bit of the TXT answer.
    pub authenticated: bool,
    /// `mta-sts.<domain>`, the web host of the policy file.
    pub policy_host: String,
    /// Whether `policy_host` has an A or AAAA record (`None` when the lookup failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_host_resolves: Option<bool>,
    pub policy_url: String,
    /// The fetched policy, once the app or the CLI has supplied it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyOutcome>,
    /// Record findings (spans into the record text) and, after [`MtaStsReport::with_policy`],
    /// `mtasts-policy-*`, mode and max_age findings (spans into the policy text).
    pub findings: Vec<Finding>,
}

impl MtaStsReport {
    /// Adds the fetched policy and its findings, including MX coverage against `mx_hosts`
    /// (usually [`crate::mx::MxReport::exchanges`]). Call once. An unreachable policy is a
    /// finding only when the domain has a usable record.
    pub fn with_policy(mut self, outcome: PolicyOutcome, mx_hosts: &[String]) -> MtaStsReport {
        match &outcome {
            // Without a usable record senders never fetch the policy, so failing to read it
            // tells nothing.
            PolicyOutcome::Unreachable { .. } if !self.has_record() => {}
            PolicyOutcome::Unreachable { reason } => {
                let mut msg = format!("{} could not be read: {reason}.", self.policy_url);
                msg.push_str(" In a browser this often happens even when mail servers can read it, because the policy host sends no CORS header; the authlens CLI reads it directly.");
                self.findings.push(Code::PolicyUnreachable.finding(msg));
            }
            PolicyOutcome::Fetched(policy) => {
                self.findings.extend(policy.findings.iter().cloned());
                self.findings
                    .extend(check_policy_against_mx(policy, mx_hosts));
            }
        }
        self.policy = Some(outcome);
        self
    }

    /// The policy, when it was fetched.
    pub fn fetched_policy(&self) -> Option<&StsPolicy> {
        match &self.policy {
            Some(PolicyOutcome::Fetched(p)) => Some(p),
            _ => None,
        }
    }

    /// True when the domain publishes one readable record: senders go on to fetch the policy.
    pub fn has_record(&self) -> bool {
        self.record.as_ref().is_some_and(StsRecord::is_valid)
    }
}

/// The TXT texts in an answer that look like `version` records; `Err` for a failure that is not
/// "no such record".
pub(crate) fn version_records(
    answer: &Result<Lookup, DnsError>,
    version: &str,
) -> Result<Vec<String>, DnsError> {
    match answer {
        Ok(l) => Ok(l
            .records
            .iter()
            .filter_map(|r| match r {
                RData::Txt(t) => Some(t.text()),
                _ => None,
            })
            .filter(|t| looks_like(t, version))
            .collect()),
        Err(e) if e.is_void() => Ok(Vec::new()),
        Err(e) => Err(e.clone()),
    }
}

/// The chain and AD bit of an answer, success or not.
pub(crate) fn answer_meta(answer: &Result<Lookup, DnsError>) -> (Vec<String>, bool) {
    match answer {
        Ok(l) => (l.cname_chain.clone(), l.authenticated),
        Err(
            DnsError::NxDomain {
                cname_chain,
                authenticated,
                ..
            }
            | DnsError::NoData {
                cname_chain,
                authenticated,
                ..
            },
        ) => (cname_chain.clone(), *authenticated),
        Err(_) => (Vec::new(), false),
    }
}

/// Checks `_mta-sts.<domain>` and whether `mta-sts.<domain>` resolves, in one batch.
pub async fn check<R: Resolver>(memo: &Memo<'_, R>, domain: &str) -> MtaStsReport {
    let domain = normalize_name(domain);
    let record_name = format!("_mta-sts.{domain}");
    let policy_host = format!("mta-sts.{domain}");
    memo.query_many(vec![
        (record_name.clone(), RecordType::Txt),
        (policy_host.clone(), RecordType::A),
        (policy_host.clone(), RecordType::Aaaa),
    ])
    .await;
    let answer = memo.query(&record_name, RecordType::Txt).await;
    let (cname_chain, authenticated) = answer_meta(&answer);
    let mut report = MtaStsReport {
        domain: domain.clone(),
        record_name: record_name.clone(),
        status: "none",
        records: Vec::new(),
        record: None,
        cname_chain,
        authenticated,
        policy_host: policy_host.clone(),
        policy_host_resolves: None,
        policy_url: policy_url(&domain),
        policy: None,
        findings: Vec::new(),
    };
    let a = memo.query(&policy_host, RecordType::A).await;
    let aaaa = memo.query(&policy_host, RecordType::Aaaa).await;
    report.policy_host_resolves = match (&a, &aaaa) {
        (Ok(_), _) | (_, Ok(_)) => Some(true),
        (Err(x), Err(y)) if x.is_void() && y.is_void() => Some(false),
        _ => None,
    };
    match version_records(&answer, "STSv1") {
        Err(e) => {
            report.status = "dns-error";
            report
                .findings
                .push(Code::DnsError.finding(format!("{record_name}: {}", describe(&e))));
        }
        Ok(recs) if recs.is_empty() => {
            report.findings.push(Code::NoRecord.finding(format!(
                "no v=STSv1 record at {record_name}: senders use TLS only when it is offered and accept any certificate"
            )));
        }
        Ok(recs) if recs.len() > 1 => {
            report.status = "multiple";
            report.findings.push(Code::MultipleRecords.finding(format!(
                "{record_name} has {} v=STSv1 records: senders treat the domain as having no MTA-STS",
                recs.len()
            )));
            report.records = recs;
        }
        Ok(recs) => {
            report.status = "record";
            let rec = parse_record(&recs[0]);
            report.findings.extend(rec.findings.iter().cloned());
            report.record = Some(rec);
            report.records = recs;
            if report.policy_host_resolves == Some(false) {
                report
                    .findings
                    .push(Code::PolicyHostMissing.finding(format!(
                        "{policy_host} has no A or AAAA record: senders cannot fetch {}",
                        report.policy_url
                    )));
            }
        }
    }
    report
}
