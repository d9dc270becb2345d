//! Whether the MTA-STS policy a reporter applied (`policy-string`, `mx-host`, RFC 8460 §4.4) is
//! the one the domain publishes ([`crate::mtasts::StsPolicy`], fetched by the caller).
//!
//! Senders cache a policy for its `max_age` (RFC 8461 §5.1) and refresh it when the `id=` of the
//! `_mta-sts` record changes, so a report can show an older policy than the one served today. A
//! difference right after a change is expected; one that lasts points at a web server that still
//! serves the old file, or a record whose `id=` was not changed.

use crate::diag::{Finding, Severity};
use crate::dns::normalize_name;
use crate::mtasts::{parse_policy, Mode, StsPolicy};

use super::codes::Code;
use super::report::{Policy, PolicyType, Report};

fn mode(m: Option<Mode>) -> &'static str {
    m.map_or("none given", Mode::as_str)
}

/// The `mx:` patterns as a sorted set: lower case, no trailing dot, no repeats.
fn pattern_set<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = patterns.into_iter().map(normalize_name).collect();
    v.sort();
    v.dedup();
    v
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

/// The differences between one policy a reporter applied and the policy `published`: the mode,
/// the `mx:` patterns, `max_age` and `version` of its `policy-string`, and its `mx-host` list.
/// A `no-policy-found` result while the domain publishes a policy (in mode `enforce` or
/// `testing`) is a warning: the reporter could not fetch it. TLSA policies are not compared
/// (they are DANE's, not MTA-STS's), nor a policy without `policy-string` or `mx-host`.
pub fn compare_policy(applied: &Policy, published: &StsPolicy) -> Vec<Finding> {
    let mut out = Vec::new();
    match applied.policy_type {
        Some(PolicyType::NoPolicyFound) => {
            if matches!(published.mode, Some(Mode::Enforce | Mode::Testing)) {
                out.push(Code::NoPolicyFound.finding_as(
                    Severity::Warning,
                    format!(
                        "the reporter found no policy, but the domain publishes MTA-STS in mode {}: the reporter could not fetch the policy file, or does not apply MTA-STS",
                        mode(published.mode)
                    ),
                ));
            }
        }
        Some(PolicyType::Sts) => {
            if !applied.policy_string.is_empty() {
                let theirs = parse_policy(&applied.policy_string.join("\n"));
                if theirs.version != published.version {
                    out.push(Code::PolicyMismatch.finding(format!(
                        "version: the reporter applied {}, the domain publishes {}",
                        theirs.version.as_deref().unwrap_or("none"),
                        published.version.as_deref().unwrap_or("none")
                    )));
                }
                if theirs.mode != published.mode {
                    out.push(Code::PolicyMismatch.finding(format!(
                        "mode: the reporter applied {}, the domain publishes {}",
                        mode(theirs.mode),
                        mode(published.mode)
                    )));
                }
                let (a, b) = (
                    pattern_set(theirs.mx_patterns()),
                    pattern_set(published.mx_patterns()),
                );
                if a != b {
                    out.push(Code::PolicyMismatch.finding(format!(
                        "mx: the reporter applied {}, the domain publishes {}",
                        list(&a),
                        list(&b)
                    )));
                }
                if theirs.max_age != published.max_age {
                    let age = |m: Option<u32>| m.map_or("none".to_string(), |s| s.to_string());
                    out.push(Code::PolicyMismatch.finding(format!(
                        "max_age: the reporter applied {}, the domain publishes {}",
                        age(theirs.max_age),
                        age(published.max_age)
                    )));
                }
            }
            if !applied.mx_host.is_empty() {
                let a = pattern_set(applied.mx_host.iter().map(String::as_str));
                let b = pattern_set(published.mx_patterns());
                if a != b {
                    out.push(Code::PolicyMismatch.finding(format!(
                        "mx-host: the reporter names {}, the domain's policy has mx: {}",
                        list(&a),
                        list(&b)
                    )));
                }
            }
        }
        Some(PolicyType::Tlsa | PolicyType::Other(_)) | None => {}
    }
    out
}

/// [`compare_policy`] over every policy of `reports` about `domain` (the `policy-domain`,
/// compared without case or trailing dot). Reports that applied the same policy are compared
/// once; each finding names how many reports did, and the first of them.
pub fn compare_reports<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    domain: &str,
    published: &StsPolicy,
) -> Vec<Finding> {
    let domain = normalize_name(domain);
    // (applied policy, reporter and source of the first report, reports)
    let mut seen: Vec<(&Policy, String, u64)> = Vec::new();
    for report in reports {
        for p in &report.policies {
            if p.policy.policy_domain.as_deref() != Some(domain.as_str()) {
                continue;
            }
            let same = |s: &&mut (&Policy, String, u64)| {
                s.0.policy_type == p.policy.policy_type
                    && s.0.policy_string == p.policy.policy_string
                    && s.0.mx_host == p.policy.mx_host
            };
            match seen.iter_mut().find(same) {
                Some(s) => s.2 += 1,
                None => seen.push((
                    &p.policy,
                    format!(
                        "{} ({})",
                        report
                            .organization_name
                            .as_deref()
                            .unwrap_or("an unnamed reporter"),
                        report.source
                    ),
                    1,
                )),
            }
        }
    }
    let mut out = Vec::new();
    for (policy, first, n) in seen {
        for mut f in compare_policy(policy, published) {
            f.message = if n == 1 {
                format!("{first}: {}", f.message)
            } else {
                format!("{n} reports, the first from {first}: {}", f.message)
            };
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
