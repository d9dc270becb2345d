//! Adding up TLS reports: connections by policy, by MX host and by reporter; failures by result
//! type and by sending and receiving address. Pure arithmetic over [`Report`]s; the same
//! function gives the totals of one report and of a thousand.
//!
//! Two sources of counts, which RFC 8460 §4.4 keeps apart: each policy's `summary` counts every
//! connection, successful or failed; its `failure-details` break the failures down, and may
//! leave some out. Connection totals come from the summaries, failure breakdowns from the
//! details, and [`Totals::failed`] and [`Totals::detailed_failures`] show both.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::diag::Finding;

use super::codes::Code;
use super::report::{PolicyType, Report, ResultInfo, ResultType};

/// Connections of one policy type at one policy domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyTotal {
    /// `policy-type`; `None` when the reports left it out.
    pub policy_type: Option<PolicyType>,
    /// `policy-domain`; `None` when the reports left it out.
    pub policy_domain: Option<String>,
    /// Policy results counted (one per report, usually).
    pub results: u64,
    pub successful: u64,
    pub failed: u64,
}

/// Connections by the `mx-host` list of the policy applied: the `mx:` patterns of an MTA-STS
/// policy, or the one MX host of a DANE (TLSA) policy. Each policy result counts once, under its
/// whole list, so the rows add up to the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MxTotal {
    /// The `mx-host` list (lower case); empty when the reporter left it out, as Google's do.
    pub mx_host: Vec<String>,
    pub results: u64,
    pub successful: u64,
    pub failed: u64,
}

/// One reporter (`organization-name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReporterTotal {
    /// `organization-name`; empty when the reports had none.
    pub organization_name: String,
    /// The first `contact-info` met.
    pub contact_info: Option<String>,
    pub reports: u64,
    pub successful: u64,
    pub failed: u64,
    pub report_ids: Vec<String>,
}

/// Failures of one result type, from the failure details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultTotal {
    pub result_type: ResultType,
    /// Connections that failed so (`failed-session-count`, added up).
    pub failed: u64,
    /// Failure details of that type.
    pub details: u64,
    /// What it means and what to fix; `None` for a type outside the registry, shown as written.
    pub info: Option<ResultInfo>,
}

/// Failures at one receiving MX host (`receiving-mx-hostname`), from the failure details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceivingMxTotal {
    /// `None` for details that did not name the host.
    pub receiving_mx_hostname: Option<String>,
    pub failed: u64,
    /// The result types met there, sorted.
    pub result_types: Vec<ResultType>,
}

/// Failure details that agree on domain, result type and addresses, added up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureRow {
    pub policy_domain: Option<String>,
    pub result_type: ResultType,
    pub sending_mta_ip: Option<String>,
    pub receiving_mx_hostname: Option<String>,
    pub receiving_ip: Option<String>,
    pub failed: u64,
    /// The `failure-reason-code`s given, sorted, each once.
    pub failure_reason_codes: Vec<String>,
}

/// The span the reports cover, in seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: i64,
    pub end: i64,
}

/// The totals of a set of reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Reports counted (a duplicate once).
    pub reports: u64,
    /// Reports left out because the same report was counted already.
    pub duplicates: u64,
    /// Connections that set up TLS as the policy required (the summaries).
    pub successful: u64,
    /// Connections that did not (the summaries).
    pub failed: u64,
    /// Failed connections that the failure details account for.
    pub detailed_failures: u64,
    /// The earliest `start-datetime` and latest `end-datetime` read.
    pub date_range: Option<Range>,
    /// The policy domains, sorted.
    pub domains: Vec<String>,
    /// By policy domain, then policy type.
    pub by_policy: Vec<PolicyTotal>,
    /// Most connections first.
    pub by_mx_host: Vec<MxTotal>,
    /// Most connections first.
    pub by_reporter: Vec<ReporterTotal>,
    /// Most failures first; types outside the registry included, as written.
    pub by_result_type: Vec<ResultTotal>,
    /// Most failures first.
    pub by_receiving_mx: Vec<ReceivingMxTotal>,
    /// Most failures first.
    pub failures: Vec<FailureRow>,
    /// Duplicates, failures and policies not found, per domain.
    pub findings: Vec<Finding>,
}

/// `part` of `whole` as a percentage with one decimal (`5.4%`), in integers.
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".to_string();
    }
    let tenths = (u128::from(part) * 1000 + u128::from(whole) / 2) / u128::from(whole);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// For each of `reports`, in order, the `source` of the earlier one it repeats (same reporter and
/// `report-id`, see [`Report::key`]), or `None` for the first of its kind: the copy [`summarize`]
/// leaves out, so that a page can mark it beside its file.
pub fn repeats<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Vec<Option<&'a str>> {
    crate::aggregate::totals::first_copies(reports, Report::key, |r| &r.source)
}

type FailureKey = (
    Option<String>,
    ResultType,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Adds up `reports`. A report seen twice (same reporter and `report-id`) counts once: the first
/// copy (see [`repeats`]).
pub fn summarize<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Totals {
    let mut t = Totals {
        reports: 0,
        duplicates: 0,
        successful: 0,
        failed: 0,
        detailed_failures: 0,
        date_range: None,
        domains: Vec::new(),
        by_policy: Vec::new(),
        by_mx_host: Vec::new(),
        by_reporter: Vec::new(),
        by_result_type: Vec::new(),
        by_receiving_mx: Vec::new(),
        failures: Vec::new(),
        findings: Vec::new(),
    };
    let mut by_policy: BTreeMap<(Option<String>, Option<PolicyType>), PolicyTotal> =
        BTreeMap::new();
    let mut by_mx: BTreeMap<Vec<String>, MxTotal> = BTreeMap::new();
    let mut by_reporter: BTreeMap<String, ReporterTotal> = BTreeMap::new();
    let mut by_result: BTreeMap<ResultType, ResultTotal> = BTreeMap::new();
    let mut by_receiving: BTreeMap<Option<String>, (u64, BTreeSet<ResultType>)> = BTreeMap::new();
    let mut rows: HashMap<FailureKey, (u64, BTreeSet<String>)> = HashMap::new();
    // Per policy domain: failures by result type, and the reporters that found no policy.
    let mut domain_results: BTreeMap<String, BTreeMap<ResultType, u64>> = BTreeMap::new();
    let mut no_policy: BTreeMap<String, (u64, u64, BTreeSet<String>)> = BTreeMap::new();

    let reports: Vec<&Report> = reports.into_iter().collect();
    let firsts = repeats(reports.iter().copied());
    for (report, first) in reports.into_iter().zip(firsts) {
        if let Some(first) = first {
            t.duplicates += 1;
            t.findings.push(Code::Duplicate.finding(format!(
                "report {} of {} in {} is the one in {}: counted once",
                report.report_id.as_deref().unwrap_or_default(),
                report
                    .organization_name
                    .as_deref()
                    .unwrap_or("an unnamed reporter"),
                report.source,
                first
            )));
            continue;
        }
        t.reports += 1;
        let org = report.organization_name.clone().unwrap_or_default();
        let sum = report.summary();
        t.successful = t.successful.saturating_add(sum.successful);
        t.failed = t.failed.saturating_add(sum.failed);
        let who = by_reporter
            .entry(org.clone())
            .or_insert_with(|| ReporterTotal {
                organization_name: org.clone(),
                contact_info: report.contact_info.clone(),
                reports: 0,
                successful: 0,
                failed: 0,
                report_ids: Vec::new(),
            });
        who.reports += 1;
        who.successful = who.successful.saturating_add(sum.successful);
        who.failed = who.failed.saturating_add(sum.failed);
        if who.contact_info.is_none() {
            who.contact_info = report.contact_info.clone();
        }
        if let Some(id) = &report.report_id {
            who.report_ids.push(id.clone());
        }
        if let Some(d) = &report.date_range {
            if let (Some(s), Some(e)) = (d.start, d.end) {
                let (s, e) = (s.min(e), e.max(s));
                t.date_range = Some(match t.date_range {
                    None => Range { start: s, end: e },
                    Some(r) => Range {
                        start: r.start.min(s),
                        end: r.end.max(e),
                    },
                });
            }
        }
        for p in &report.policies {
            let s = p.summary;
            let pt = by_policy
                .entry((p.policy.policy_domain.clone(), p.policy.policy_type.clone()))
                .or_insert_with(|| PolicyTotal {
                    policy_type: p.policy.policy_type.clone(),
                    policy_domain: p.policy.policy_domain.clone(),
                    results: 0,
                    successful: 0,
                    failed: 0,
                });
            pt.results += 1;
            pt.successful = pt.successful.saturating_add(s.successful);
            pt.failed = pt.failed.saturating_add(s.failed);
            let mx = by_mx
                .entry(p.policy.mx_host.clone())
                .or_insert_with(|| MxTotal {
                    mx_host: p.policy.mx_host.clone(),
                    results: 0,
                    successful: 0,
                    failed: 0,
                });
            mx.results += 1;
            mx.successful = mx.successful.saturating_add(s.successful);
            mx.failed = mx.failed.saturating_add(s.failed);
            let domain = p.policy.policy_domain.clone().unwrap_or_default();
            if p.policy.policy_type == Some(PolicyType::NoPolicyFound) {
                let n = no_policy.entry(domain.clone()).or_default();
                n.0 += 1;
                n.1 = n.1.saturating_add(s.successful).saturating_add(s.failed);
                n.2.insert(if org.is_empty() {
                    "an unnamed reporter".to_string()
                } else {
                    org.clone()
                });
            }
            for f in &p.failure_details {
                t.detailed_failures = t.detailed_failures.saturating_add(f.failed);
                let r = by_result
                    .entry(f.result_type.clone())
                    .or_insert_with(|| ResultTotal {
                        result_type: f.result_type.clone(),
                        failed: 0,
                        details: 0,
                        info: f.result_type.info(),
                    });
                r.failed = r.failed.saturating_add(f.failed);
                r.details += 1;
                let m = by_receiving
                    .entry(f.receiving_mx_hostname.clone())
                    .or_default();
                m.0 = m.0.saturating_add(f.failed);
                m.1.insert(f.result_type.clone());
                let row = rows
                    .entry((
                        p.policy.policy_domain.clone(),
                        f.result_type.clone(),
                        f.sending_mta_ip.clone(),
                        f.receiving_mx_hostname.clone(),
                        f.receiving_ip.clone(),
                    ))
                    .or_default();
                row.0 = row.0.saturating_add(f.failed);
                if let Some(c) = &f.failure_reason_code {
                    row.1.insert(c.clone());
                }
                let d = domain_results
                    .entry(domain.clone())
                    .or_default()
                    .entry(f.result_type.clone())
                    .or_default();
                *d = d.saturating_add(f.failed);
            }
        }
    }

    t.by_policy = by_policy.into_values().collect();
    t.domains = t
        .by_policy
        .iter()
        .filter_map(|p| p.policy_domain.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for domain in &t.domains {
        let (ok, failed) = t
            .by_policy
            .iter()
            .filter(|p| p.policy_domain.as_deref() == Some(domain.as_str()))
            .fold((0u64, 0u64), |a, p| {
                (
                    a.0.saturating_add(p.successful),
                    a.1.saturating_add(p.failed),
                )
            });
        if failed > 0 {
            let mut kinds: Vec<(&ResultType, &u64)> = domain_results
                .get(domain)
                .map(|m| m.iter().collect())
                .unwrap_or_default();
            kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let kinds: Vec<String> = kinds
                .iter()
                .map(|(r, n)| format!("{} {n}", r.as_str()))
                .collect();
            t.findings.push(Code::Failures.finding(format!(
                "{domain}: {failed} of {} connections failed TLS ({}){}",
                ok.saturating_add(failed),
                share(failed, ok.saturating_add(failed)),
                if kinds.is_empty() {
                    "; the reports list no failure details".to_string()
                } else {
                    format!("; by result type: {}", kinds.join(", "))
                }
            )));
        }
    }
    for (domain, (results, connections, who)) in no_policy {
        let who: Vec<String> = who.into_iter().collect();
        t.findings.push(Code::NoPolicyFound.finding(format!(
            "{}: {results} report{} ({}) found no MTA-STS or DANE policy, over {connections} connections",
            if domain.is_empty() { "(no policy-domain)" } else { &domain },
            if results == 1 { "" } else { "s" },
            who.join(", ")
        )));
    }
    t.by_mx_host = by_mx.into_values().collect();
    t.by_mx_host.sort_by(|a, b| {
        (b.successful.saturating_add(b.failed))
            .cmp(&a.successful.saturating_add(a.failed))
            .then_with(|| a.mx_host.cmp(&b.mx_host))
    });
    t.by_reporter = by_reporter.into_values().collect();
    t.by_reporter.sort_by(|a, b| {
        (b.successful.saturating_add(b.failed))
            .cmp(&a.successful.saturating_add(a.failed))
            .then_with(|| a.organization_name.cmp(&b.organization_name))
    });
    t.by_result_type = by_result.into_values().collect();
    t.by_result_type.sort_by(|a, b| {
        b.failed
            .cmp(&a.failed)
            .then_with(|| a.result_type.cmp(&b.result_type))
    });
    t.by_receiving_mx = by_receiving
        .into_iter()
        .map(
            |(receiving_mx_hostname, (failed, types))| ReceivingMxTotal {
                receiving_mx_hostname,
                failed,
                result_types: types.into_iter().collect(),
            },
        )
        .collect();
    t.by_receiving_mx.sort_by(|a, b| {
        b.failed
            .cmp(&a.failed)
            .then_with(|| a.receiving_mx_hostname.cmp(&b.receiving_mx_hostname))
    });
    let mut rows: Vec<(FailureKey, (u64, BTreeSet<String>))> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    t.failures = rows
        .into_iter()
        .map(
            |(
                (policy_domain, result_type, sending_mta_ip, receiving_mx_hostname, receiving_ip),
                (failed, codes),
            )| FailureRow {
                policy_domain,
                result_type,
                sending_mta_ip,
                receiving_mx_hostname,
                receiving_ip,
                failed,
                failure_reason_codes: codes.into_iter().collect(),
            },
        )
        .collect();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_in_tenths() {
        assert_eq!(share(303, 5629), "5.4%");
        assert_eq!(share(0, 10), "0.0%");
        assert_eq!(share(1, 3), "33.3%");
        assert_eq!(share(2, 3), "66.7%");
        assert_eq!(share(5, 0), "0%");
        assert_eq!(share(u64::MAX, u64::MAX), "100.0%");
    }
}
