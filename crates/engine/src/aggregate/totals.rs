//! Counting reports: by result, by source, by day, by reporter. Pure arithmetic over
//! [`Report`]s; the same function gives the totals of one report and of a thousand.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;

use serde::Serialize;

use crate::diag::Finding;
use crate::dmarc::Policy;

use super::codes::Code;
use super::report::{AuthResults, Disposition, Identifiers, PolicyEvaluated, Record, Report};

/// How many sources [`Totals::top_failing`] lists.
pub const TOP_FAILING: usize = 10;

/// `YYYY-MM-DD` of a timestamp, in UTC (proleptic Gregorian; no clock involved).
pub fn utc_date(t: i64) -> String {
    let full = crate::message::date::format_utc(t);
    full.split(' ').next().unwrap_or_default().to_string()
}

/// Messages counted by result. `dkim_pass` and `spf_pass` are the raw `auth_results` (some
/// signature verified, some SPF check passed, whatever the domain); the `aligned` ones are the
/// reporter's `policy_evaluated`; DMARC passes when either aligned one does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Results {
    pub messages: u64,
    pub dkim_pass: u64,
    pub spf_pass: u64,
    pub dkim_aligned_pass: u64,
    pub spf_aligned_pass: u64,
    pub dmarc_pass: u64,
    pub dmarc_fail: u64,
}

impl Results {
    fn add(&mut self, r: &Record) {
        let n = r.count;
        let add = |v: &mut u64, yes: bool| {
            if yes {
                *v = v.saturating_add(n);
            }
        };
        add(&mut self.messages, true);
        add(&mut self.dkim_pass, r.dkim_pass());
        add(&mut self.spf_pass, r.spf_pass());
        use super::report::Aligned::Pass;
        add(
            &mut self.dkim_aligned_pass,
            r.policy_evaluated.dkim == Some(Pass),
        );
        add(
            &mut self.spf_aligned_pass,
            r.policy_evaluated.spf == Some(Pass),
        );
        add(&mut self.dmarc_pass, r.dmarc_pass());
        add(&mut self.dmarc_fail, !r.dmarc_pass());
    }

    fn merge(&mut self, o: &Results) {
        self.messages = self.messages.saturating_add(o.messages);
        self.dkim_pass = self.dkim_pass.saturating_add(o.dkim_pass);
        self.spf_pass = self.spf_pass.saturating_add(o.spf_pass);
        self.dkim_aligned_pass = self.dkim_aligned_pass.saturating_add(o.dkim_aligned_pass);
        self.spf_aligned_pass = self.spf_aligned_pass.saturating_add(o.spf_aligned_pass);
        self.dmarc_pass = self.dmarc_pass.saturating_add(o.dmarc_pass);
        self.dmarc_fail = self.dmarc_fail.saturating_add(o.dmarc_fail);
    }

    /// DMARC passes over messages, `None` without messages.
    pub fn dmarc_pass_rate(&self) -> Option<f64> {
        (self.messages > 0).then(|| self.dmarc_pass as f64 / self.messages as f64)
    }
}

/// Messages by what the receiver did (`policy_evaluated/disposition`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Dispositions {
    pub none: u64,
    /// RFC 9990's `pass`: delivered, DMARC passed under an enforcing policy.
    pub pass: u64,
    pub quarantine: u64,
    pub reject: u64,
    /// No disposition, or one not understood.
    pub unknown: u64,
}

impl Dispositions {
    fn add(&mut self, d: Option<Disposition>, n: u64) {
        let slot = match d {
            Some(Disposition::None) => &mut self.none,
            Some(Disposition::Pass) => &mut self.pass,
            Some(Disposition::Quarantine) => &mut self.quarantine,
            Some(Disposition::Reject) => &mut self.reject,
            None => &mut self.unknown,
        };
        *slot = slot.saturating_add(n);
    }
}

/// One reporting organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reporter {
    /// `org_name`; empty when the reports had none.
    pub org_name: String,
    pub email: Option<String>,
    pub reports: u64,
    pub messages: u64,
    pub report_ids: Vec<String>,
}

/// A published policy as the reporters found it (`policy_published`), and how many reports saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicySeen {
    pub domain: Option<String>,
    pub p: Option<Policy>,
    pub sp: Option<Policy>,
    pub np: Option<Policy>,
    pub testing: Option<bool>,
    /// `pct` as published (RFC 7489 reports; RFC 9990 removed it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pct: Option<u8>,
    pub reports: u64,
}

/// Everything from one source address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceTotal {
    /// `None` for records whose `source_ip` was missing or unreadable.
    pub source_ip: Option<IpAddr>,
    pub results: Results,
    pub dmarc_pass_rate: Option<f64>,
    pub dispositions: Dispositions,
    /// The `header_from` domains it sent as.
    pub header_from: Vec<String>,
}

/// Records that agree on everything but their count, added up: the per-source table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub source_ip: Option<IpAddr>,
    pub count: u64,
    pub identifiers: Identifiers,
    pub policy_evaluated: PolicyEvaluated,
    pub auth_results: AuthResults,
    /// DMARC pass by the reporter's evaluation.
    pub dmarc_pass: bool,
}

/// One UTC day. A report counts on the day of the middle of its `date_range`: reporters cut days
/// at their own midnight, and the middle of a day in UTC-8 or UTC+9 is still that day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayTotal {
    /// `YYYY-MM-DD`
    pub date: String,
    /// 00:00:00 UTC of that day, in seconds since the epoch.
    pub start: i64,
    pub results: Results,
    pub dmarc_pass_rate: Option<f64>,
}

/// The span the reports cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub begin: i64,
    pub end: i64,
    /// `YYYY-MM-DD` of `begin`, UTC.
    pub begin_utc: String,
    /// `YYYY-MM-DD` of `end`, UTC.
    pub end_utc: String,
}

/// The totals of a set of reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Reports counted (duplicates once).
    pub reports: u64,
    /// Reports left out because the same report was counted already.
    pub duplicates: u64,
    /// By messages, most first.
    pub reporters: Vec<Reporter>,
    /// The policy domains (`policy_published/domain`), sorted.
    pub domains: Vec<String>,
    /// The policies the reporters found, most reports first.
    pub policies: Vec<PolicySeen>,
    pub date_range: Option<Span>,
    pub results: Results,
    pub dmarc_pass_rate: Option<f64>,
    pub dispositions: Dispositions,
    /// By messages, most first.
    pub sources: Vec<SourceTotal>,
    /// The sources with messages failing DMARC, most failures first, at most [`TOP_FAILING`].
    pub top_failing: Vec<SourceTotal>,
    /// By count, most first.
    pub rows: Vec<Row>,
    /// By date.
    pub days: Vec<DayTotal>,
    /// Messages of reports without a usable `date_range`: in the totals, not in `days`.
    pub undated_messages: u64,
    pub findings: Vec<Finding>,
}

/// Borrowed from the reports: a million records are grouped without copying a string.
type RowKey<'a> = (
    Option<IpAddr>,
    &'a Identifiers,
    &'a PolicyEvaluated,
    &'a AuthResults,
);

/// The day a report counts on: the middle of its range (its `begin` when the range is reversed).
pub(crate) fn report_day(begin: i64, end: i64) -> i64 {
    let mid = if end >= begin {
        begin + ((end as i128 - begin as i128) / 2) as i64
    } else {
        begin
    };
    mid.div_euclid(86_400)
}

/// For each of `reports`, in order, the `source` of the earlier one it repeats (same reporter,
/// domain and `report_id`, see [`Report::key`]), or `None` for the first of its kind: the copy
/// [`summarize`] leaves out, so that a page can mark it beside the file it came in.
pub fn repeats<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Vec<Option<&'a str>> {
    first_copies(reports, Report::key, |r| &r.source)
}

/// For each report, the `source` of the earlier one with the same `key`, or `None`: the
/// duplicate rule of both report readers (aggregate and TLS-RPT), whatever their key.
pub(crate) fn first_copies<'a, R, K: std::hash::Hash + Eq>(
    reports: impl IntoIterator<Item = &'a R>,
    key: impl Fn(&'a R) -> Option<K>,
    source: impl Fn(&'a R) -> &'a str,
) -> Vec<Option<&'a str>>
where
    R: 'a,
{
    let mut seen: HashMap<K, &'a str> = HashMap::new();
    reports
        .into_iter()
        .map(|report| {
            let key = key(report)?;
            match seen.get(&key) {
                Some(first) => Some(*first),
                None => {
                    seen.insert(key, source(report));
                    None
                }
            }
        })
        .collect()
}

/// Adds up `reports`. A report seen twice (same reporter, domain and `report_id`, see
/// [`Report::key`]) counts once: the first copy (see [`repeats`]).
pub fn summarize<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Totals {
    let mut t = Totals {
        reports: 0,
        duplicates: 0,
        reporters: Vec::new(),
        domains: Vec::new(),
        policies: Vec::new(),
        date_range: None,
        results: Results::default(),
        dmarc_pass_rate: None,
        dispositions: Dispositions::default(),
        sources: Vec::new(),
        top_failing: Vec::new(),
        rows: Vec::new(),
        days: Vec::new(),
        undated_messages: 0,
        findings: Vec::new(),
    };
    let mut reporters: BTreeMap<(String, Option<String>), Reporter> = BTreeMap::new();
    let mut domains: HashSet<String> = HashSet::new();
    type PolicyKey = (
        Option<String>,
        Option<Policy>,
        Option<Policy>,
        Option<Policy>,
        Option<bool>,
        Option<u8>,
    );
    let mut policies: BTreeMap<PolicyKey, u64> = BTreeMap::new();
    let mut span: Option<(i64, i64)> = None;
    let mut sources: HashMap<Option<IpAddr>, (Results, Dispositions, Vec<String>)> = HashMap::new();
    let mut rows: HashMap<RowKey, u64> = HashMap::new();
    let mut days: BTreeMap<i64, Results> = BTreeMap::new();

    let reports: Vec<&Report> = reports.into_iter().collect();
    let firsts = repeats(reports.iter().copied());
    for (report, first) in reports.into_iter().zip(firsts) {
        if let Some(first) = first {
            t.duplicates += 1;
            t.findings.push(Code::Duplicate.finding(format!(
                "report {} of {} in {} is the one in {}: counted once",
                report.metadata.report_id.as_deref().unwrap_or_default(),
                report.metadata.org_name.as_deref().unwrap_or("an unnamed reporter"),
                report.source,
                first
            )));
            continue;
        }
        t.reports += 1;
        let mut results = Results::default();
        for r in &report.records {
            results.add(r);
            t.dispositions.add(r.policy_evaluated.disposition, r.count);
            let s = sources.entry(r.source_ip).or_default();
            s.0.add(r);
            s.1.add(r.policy_evaluated.disposition, r.count);
            if let Some(h) = &r.identifiers.header_from {
                if !s.2.contains(h) {
                    s.2.push(h.clone());
                }
            }
            let key = (
                r.source_ip,
                &r.identifiers,
                &r.policy_evaluated,
                &r.auth_results,
            );
            let c = rows.entry(key).or_default();
            *c = c.saturating_add(r.count);
        }
        t.results.merge(&results);

        let m = &report.metadata;
        let who = reporters
            .entry((m.org_name.clone().unwrap_or_default(), m.email.clone()))
            .or_insert_with(|| Reporter {
                org_name: m.org_name.clone().unwrap_or_default(),
                email: m.email.clone(),
                reports: 0,
                messages: 0,
                report_ids: Vec::new(),
            });
        who.reports += 1;
        who.messages = who.messages.saturating_add(results.messages);
        if let Some(id) = &m.report_id {
            who.report_ids.push(id.clone());
        }
        let pp = &report.policy_published;
        if let Some(d) = &pp.domain {
            domains.insert(d.clone());
        }
        *policies
            .entry((pp.domain.clone(), pp.p, pp.sp, pp.np, pp.testing, pp.pct))
            .or_default() += 1;
        match m.date_range {
            Some(d) => {
                span = Some(match span {
                    None => (d.begin.min(d.end), d.end.max(d.begin)),
                    Some((b, e)) => (b.min(d.begin), e.max(d.end)),
                });
                days.entry(report_day(d.begin, d.end))
                    .or_default()
                    .merge(&results);
            }
            None => t.undated_messages = t.undated_messages.saturating_add(results.messages),
        }
    }

    t.dmarc_pass_rate = t.results.dmarc_pass_rate();
    t.reporters = reporters.into_values().collect();
    t.reporters.sort_by(|a, b| {
        b.messages
            .cmp(&a.messages)
            .then(a.org_name.cmp(&b.org_name))
    });
    t.domains = domains.into_iter().collect();
    t.domains.sort();
    if t.domains.len() > 1 {
        t.findings.push(Code::SeveralDomains.finding(format!(
            "the reports are about {} policy domains ({}); the totals add them up",
            t.domains.len(),
            t.domains.join(", ")
        )));
    }
    t.policies = policies
        .into_iter()
        .map(|((domain, p, sp, np, testing, pct), reports)| PolicySeen {
            domain,
            p,
            sp,
            np,
            testing,
            pct,
            reports,
        })
        .collect();
    t.policies.sort_by_key(|p| std::cmp::Reverse(p.reports));
    t.date_range = span.map(|(begin, end)| Span {
        begin,
        end,
        begin_utc: utc_date(begin),
        end_utc: utc_date(end),
    });
    t.sources = sources
        .into_iter()
        .map(|(ip, (results, dispositions, mut header_from))| {
            header_from.sort();
            SourceTotal {
                source_ip: ip,
                dmarc_pass_rate: results.dmarc_pass_rate(),
                results,
                dispositions,
                header_from,
            }
        })
        .collect();
    t.sources.sort_by(|a, b| {
        b.results
            .messages
            .cmp(&a.results.messages)
            .then(a.source_ip.cmp(&b.source_ip))
    });
    let mut failing: Vec<SourceTotal> = t
        .sources
        .iter()
        .filter(|s| s.results.dmarc_fail > 0)
        .cloned()
        .collect();
    failing.sort_by(|a, b| {
        b.results
            .dmarc_fail
            .cmp(&a.results.dmarc_fail)
            .then(a.source_ip.cmp(&b.source_ip))
    });
    failing.truncate(TOP_FAILING);
    t.top_failing = failing;
    let mut rows: Vec<(RowKey, u64)> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    t.rows = rows
        .into_iter()
        .map(
            |((source_ip, identifiers, policy_evaluated, auth_results), count)| {
                let dmarc_pass = policy_evaluated.dkim == Some(super::report::Aligned::Pass)
                    || policy_evaluated.spf == Some(super::report::Aligned::Pass);
                Row {
                    source_ip,
                    count,
                    identifiers: identifiers.clone(),
                    policy_evaluated: policy_evaluated.clone(),
                    auth_results: auth_results.clone(),
                    dmarc_pass,
                }
            },
        )
        .collect();
    t.days = days
        .into_iter()
        .map(|(day, results)| {
            let start = day.saturating_mul(86_400);
            DayTotal {
                date: utc_date(start),
                start,
                dmarc_pass_rate: results.dmarc_pass_rate(),
                results,
            }
        })
        .collect();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_utc() {
        for (t, want) in [
            (0, "1970-01-01"),
            (86_399, "1970-01-01"),
            (951_782_400, "2000-02-29"),
            (1_709_164_800, "2024-02-29"),
            (-1, "1969-12-31"),
            (4_102_444_800, "2100-01-01"),
        ] {
            assert_eq!(utc_date(t), want, "{t}");
        }
    }

    #[test]
    fn a_day_is_the_middle_of_the_range() {
        // 2024-01-01 00:00 to 23:59:59 UTC.
        assert_eq!(report_day(1_704_067_200, 1_704_153_599), 19_723);
        // The same day reported from UTC+9: 2023-12-31 15:00 to 2024-01-01 15:00 UTC.
        assert_eq!(report_day(1_704_034_800, 1_704_121_200), 19_723);
        assert_eq!(report_day(10, 5), 0);
        assert_eq!(report_day(i64::MIN, i64::MAX), -1);
    }
}
