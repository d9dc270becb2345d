//! Tests of [`super`] (compare.rs).

use super::*;
use crate::tls_report::{PolicyResult, Summary};

#[test]
fn comparing_with_the_published_policy() {
    let published = parse_policy(
        "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.backup.example.com\nmax_age: 604800\n",
    );
    let policy = |t: PolicyType, lines: &[&str], mx: &[&str]| Policy {
        policy_type: Some(t),
        policy_string: lines.iter().map(|s| s.to_string()).collect(),
        policy_domain: Some("example.com".into()),
        mx_host: mx.iter().map(|s| s.to_string()).collect(),
    };
    // The same policy, in another order and case: nothing.
    let same = policy(
        PolicyType::Sts,
        &[
            "version: STSv1",
            "mx: *.BACKUP.example.com",
            "mode: enforce",
            "mx: mx1.example.com.",
            "max_age: 604800",
        ],
        &["*.backup.example.com", "MX1.example.com"],
    );
    assert!(compare_policy(&same, &published).is_empty());
    // An older one: every difference said.
    let old = policy(
        PolicyType::Sts,
        &[
            "version: STSv1",
            "mode: testing",
            "mx: mx1.example.com",
            "max_age: 86400",
        ],
        &[],
    );
    let found = compare_policy(&old, &published);
    let msgs: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "mode: the reporter applied testing, the domain publishes enforce",
            "mx: the reporter applied mx1.example.com, the domain publishes *.backup.example.com, mx1.example.com",
            "max_age: the reporter applied 86400, the domain publishes 604800",
        ]
    );
    // DANE is not MTA-STS; no policy found under a published "none" mode is no news.
    assert!(compare_policy(
        &policy(PolicyType::Tlsa, &["x"], &["mx1.example.com"]),
        &published
    )
    .is_empty());
    let none = parse_policy("version: STSv1\nmode: none\nmax_age: 86400\n");
    assert!(compare_policy(&policy(PolicyType::NoPolicyFound, &[], &[]), &none).is_empty());
    let found = compare_policy(&policy(PolicyType::NoPolicyFound, &[], &[]), &published);
    assert_eq!(found.len(), 1);
    assert!(found[0]
        .message
        .contains("publishes MTA-STS in mode enforce"));
    // Over reports: the same applied policy from several reports is said once, with the count.
    let report = |id: &str, p: Policy| Report {
        source: format!("{id}.json"),
        organization_name: Some("R".into()),
        date_range: None,
        contact_info: None,
        report_id: Some(id.into()),
        policies: vec![PolicyResult {
            policy: p,
            summary: Summary::default(),
            failure_details: Vec::new(),
        }],
        findings: Vec::new(),
    };
    let reports = [
        report("a", old.clone()),
        report("b", old.clone()),
        report("c", same),
    ];
    let found = compare_reports(&reports, "example.com", &published);
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|f| f
        .message
        .starts_with("2 reports, the first from R (a.json): ")));
}
