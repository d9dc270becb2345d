//! Tests of the MTA-STS module.

use super::*;
use crate::diag::{Finding, Severity, Span};
use crate::dns::memo::Memo;
use crate::dns::zone::Zone;
use futures::executor::block_on;

fn codes(f: &[Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.code).collect()
}

const GOOD_POLICY: &str =
    "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n";

#[test]
fn codes_are_unique_kebab_and_explained() {
    let mut seen = std::collections::HashSet::new();
    for c in Code::ALL {
        let i = c.info();
        assert!(i.code.starts_with("mtasts-") && seen.insert(i.code));
        assert!(!i.explanation.is_empty() && !i.suggestion.is_empty() && i.rfc.starts_with("RFC "));
        assert_eq!(Code::parse(i.code), Some(c));
    }
    assert!(Code::PolicyUnreachable.info().explanation.contains("CORS"));
    assert!(Code::PolicyUnreachable.info().explanation.contains("CLI"));
}

#[test]
fn every_tag_and_key_is_explained() {
    for t in RecordTagName::ALL {
        let e = record_entry(t);
        assert!(!e.summary.is_empty() && !e.mistakes.is_empty() && e.rfc.starts_with("RFC "));
        assert_eq!(RecordTagName::parse(e.name), Some(t));
    }
    for k in PolicyKey::ALL {
        let e = policy_entry(k);
        assert!(!e.summary.is_empty() && !e.mistakes.is_empty() && e.rfc.starts_with("RFC "));
        assert_eq!(PolicyKey::parse(e.name), Some(k));
    }
    assert_eq!(PolicyKey::parse("Mode"), None);
}

#[test]
fn records() {
    let r = parse_record("v=STSv1; id=20240131T120000;");
    assert!(r.is_valid(), "{:?}", r.findings);
    assert_eq!(r.id.as_deref(), Some("20240131T120000"));
    assert_eq!(r.field("id").unwrap().value_span, Span::new(12, 27));
    let r = parse_record("v=STSv1 ;\tid=abc ; ext-1.x=val");
    assert!(r.is_valid(), "{:?}", r.findings);
    assert_eq!(r.fields.len(), 3);

    for (rec, needle) in [
        ("v=STSv1; id=not-valid!", "1 to 32"),
        ("v=STSv1; id=", "1 to 32"),
        (&format!("v=STSv1; id={}", "a".repeat(33)), "1 to 32"),
        ("v=STSv1;", "id= is missing"),
        ("v=STSv1; ID=1", "case-sensitive"),
        ("v=stsv1; id=1", "exactly STSv1"),
        ("id=1; v=STSv1", "must begin"),
        ("v = STSv1; id=1", "no space"),
        ("v=STSv1; id=1; id=2", "twice"),
        ("v=STSv1; id=1; garbage", "no '='"),
        ("v=STSv1; id=1; x=a b", "extension value"),
        ("v=STSv1; id=1; -x=1", "not a field name"),
    ] {
        let r = parse_record(rec);
        assert!(!r.is_valid(), "{rec}");
        assert!(
            r.findings
                .iter()
                .any(|f| f.code == "mtasts-syntax" && f.message.contains(needle)),
            "{rec}: {:?}",
            r.findings
        );
    }
    assert!(looks_like("v=stsv1; id=1", "STSv1"));
    assert!(looks_like(" V = STSv1", "STSv1"));
    assert!(!looks_like("v=STSv10", "STSv1"));
    assert!(!looks_like("v=spf1 -all", "STSv1"));
}

#[test]
fn policies() {
    let p = parse_policy(GOOD_POLICY);
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    assert!(p.is_valid());
    assert_eq!(p.mode, Some(Mode::Enforce));
    assert_eq!(p.max_age, Some(604_800));
    assert_eq!(p.mx_patterns(), ["mail.example.com", "*.example.net"]);
    assert_eq!(p.lines[2].line, 3);
    assert_eq!(
        &GOOD_POLICY[p.mx[0].span.start..p.mx[0].span.end],
        "mail.example.com"
    );
    // LF only, an extension key, no trailing newline.
    let p = parse_policy("version: STSv1\nmode: none\nmax_age: 86400\nx-note: hello");
    assert!(p.is_valid(), "{:?}", p.findings);
    assert_eq!(p.lines.len(), 4);

    for (text, needle) in [
        (
            "mode: enforce\nmx: a.example\nmax_age: 604800",
            "version: STSv1 is missing",
        ),
        (
            "version: STSv1\nmx: a.example\nmax_age: 604800",
            "mode: is missing",
        ),
        (
            "version: STSv1\nmode: enforce\nmx: a.example",
            "max_age: is missing",
        ),
        (
            "version: STSv1\nmode: enforce\nmax_age: 604800",
            "no mx: line",
        ),
        (
            "version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 604800",
            "line 1: version: STSv2",
        ),
        (
            "version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 604800",
            "line 2: mode: Enforce",
        ),
        (
            "version: STSv1\nMode: enforce\nmx: a.example\nmax_age: 604800",
            "case-sensitive",
        ),
        (
            "version: STSv1\nmode: enforce\nmx: a.*.example\nmax_age: 604800",
            "wildcard",
        ),
        (
            "version: STSv1\nmode: enforce\nmx: bad host\nmax_age: 604800",
            "not a host name",
        ),
        (
            "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601",
            "at most 31557600",
        ),
        (
            "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -1",
            "1 to 10 digits",
        ),
        (
            "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 12345678901",
            "1 to 10 digits",
        ),
        (
            "version: STSv1\nmode: enforce\nmode: testing\nmx: a.example\nmax_age: 604800",
            "line 3: mode appears more than once",
        ),
        (
            "version: STSv1\nmode enforce\nmx: a.example\nmax_age: 604800",
            "line 2",
        ),
        (
            "version : STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800",
            "no space",
        ),
        (
            "\u{feff}version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800",
            "byte order mark",
        ),
    ] {
        let p = parse_policy(text);
        assert!(
            p.findings
                .iter()
                .any(|f| f.code == "mtasts-policy-syntax" && f.message.contains(needle)),
            "{text:?}: {:?}",
            p.findings
        );
        assert!(!p.is_valid(), "{text:?}");
    }
    // The line span of a finding points at its line.
    let text = "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 99999999999";
    let p = parse_policy(text);
    let f = p
        .findings
        .iter()
        .find(|f| f.message.starts_with("line 4"))
        .unwrap();
    let s = f.span.unwrap();
    assert_eq!(&text[s.start..s.end], "99999999999");
}

#[test]
fn modes_and_max_age() {
    let policy = |mode: &str, age: u32| {
        parse_policy(&format!(
            "version: STSv1\nmode: {mode}\nmx: a.example\nmax_age: {age}\n"
        ))
    };
    assert!(codes(&policy("testing", 604_800).findings).contains(&"mtasts-mode-testing"));
    assert!(codes(&policy("none", 604_800).findings).contains(&"mtasts-mode-none"));
    let short = policy("enforce", 86_400);
    let f = short
        .findings
        .iter()
        .find(|f| f.code == "mtasts-max-age-short")
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("1 day"), "{}", f.message);
    let f = policy("testing", 3_600);
    let f = f
        .findings
        .iter()
        .find(|f| f.code == "mtasts-max-age-short")
        .unwrap();
    assert_eq!(f.severity, Severity::Info);
    let good = policy("enforce", 604_800);
    assert!(good.findings.is_empty(), "{:?}", good.findings);
    assert!(policy("enforce", 31_557_600).findings.is_empty());
    assert_eq!(human_duration(7200), "2 hours");
    assert_eq!(human_duration(61), "61 seconds");
}

#[test]
fn mx_patterns_match_one_label() {
    let pats = ["mail.example.com", "*.example.net"];
    for (host, covered) in [
        ("mail.example.com", true),
        ("MAIL.Example.COM.", true),
        ("mx1.example.net", true),
        ("example.net", false),
        ("a.b.example.net", false),
        ("other.example.com", false),
        (".example.net", false),
    ] {
        assert_eq!(mx_covered(&pats, host), covered, "{host}");
    }
    assert!(!mx_covered::<&str>(&[], "mail.example.com"));

    let p = parse_policy(GOOD_POLICY);
    let hosts = [
        "mail.example.com".to_string(),
        "backup.example.org".to_string(),
    ];
    let f = check_policy_against_mx(&p, &hosts);
    assert_eq!(codes(&f), ["mtasts-mx-not-covered"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].message.contains("backup.example.org"));
    assert!(check_policy_against_mx(&p, &hosts[..1]).is_empty());
    let testing = parse_policy(&GOOD_POLICY.replace("enforce", "testing"));
    assert_eq!(
        check_policy_against_mx(&testing, &hosts)[0].severity,
        Severity::Warning
    );
    let none = parse_policy(&GOOD_POLICY.replace("enforce", "none"));
    assert!(check_policy_against_mx(&none, &hosts).is_empty());
}

#[test]
fn http_rules() {
    assert!(matches!(
        policy_from_http(301, Some("text/html"), ""),
        PolicyOutcome::Unreachable { reason } if reason.contains("redirect")
    ));
    assert!(matches!(
        policy_from_http(404, None, ""),
        PolicyOutcome::Unreachable { .. }
    ));
    let PolicyOutcome::Fetched(p) =
        policy_from_http(200, Some("text/plain; charset=utf-8"), GOOD_POLICY)
    else {
        panic!()
    };
    assert!(p.findings.is_empty());
    let PolicyOutcome::Fetched(p) = policy_from_http(200, Some("text/html"), GOOD_POLICY) else {
        panic!()
    };
    assert_eq!(codes(&p.findings), ["mtasts-policy-content-type"]);
    assert_eq!(
        policy_url("Example.COM."),
        "https://mta-sts.example.com/.well-known/mta-sts.txt"
    );
}

const ZONE: &str = r#"
good.example:
  - MX: [10, mail.good.example]
_mta-sts.good.example:
  - TXT: v=STSv1; id=2024013101
  - SECURE
mta-sts.good.example:
  - A: 192.0.2.80
_mta-sts.two.example:
  - TXT: v=STSv1; id=1
  - TXT: v=STSv1; id=2
mta-sts.two.example:
  - A: 192.0.2.80
_mta-sts.bad.example:
  - TXT: v=STSv1; id=not-valid!
  - TXT: some other text
mta-sts.bad.example:
  - A: 192.0.2.80
_mta-sts.nohost.example:
  - TXT: v=STSv1; id=1
_mta-sts.slow.example:
  - TIMEOUT
_mta-sts.alias.example:
  - CNAME: _mta-sts.good.example
mta-sts.alias.example:
  - CNAME: mta-sts.good.example
"#;

fn run(domain: &str) -> MtaStsReport {
    let z = Zone::from_yaml(ZONE).unwrap();
    let memo = Memo::new(&z);
    block_on(check(&memo, domain))
}

#[test]
fn check_over_a_zone() {
    let r = run("good.example");
    assert_eq!(r.status, "record");
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert!(r.authenticated && r.has_record());
    assert_eq!(r.policy_host_resolves, Some(true));
    assert_eq!(r.record.as_ref().unwrap().id.as_deref(), Some("2024013101"));

    for (domain, code) in [
        ("none.example", "mtasts-no-record"),
        ("two.example", "mtasts-multiple-records"),
        ("bad.example", "mtasts-syntax"),
        ("nohost.example", "mtasts-policy-host-missing"),
        ("slow.example", "mtasts-dns-error"),
    ] {
        let r = run(domain);
        assert!(
            codes(&r.findings).contains(&code),
            "{domain}: {:?}",
            r.findings
        );
        assert!(!codes(&run("good.example").findings).contains(&code));
    }
    assert_eq!(run("two.example").status, "multiple");
    assert_eq!(run("slow.example").status, "dns-error");
    assert_eq!(
        run("bad.example").records.len(),
        1,
        "other TXT records are left out"
    );
    let alias = run("alias.example");
    assert_eq!(alias.cname_chain, ["_mta-sts.good.example"]);
    assert!(alias.has_record());
}

#[test]
fn with_policy_adds_policy_findings() {
    let mx = [
        "mail.good.example".to_string(),
        "backup.other.example".to_string(),
    ];
    let r = run("good.example").with_policy(
        PolicyOutcome::Unreachable {
            reason: "TypeError: Failed to fetch".into(),
        },
        &mx,
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "mtasts-policy-unreachable")
        .unwrap();
    assert!(f.message.contains("CORS") && f.message.contains("CLI"));
    assert!(r.fetched_policy().is_none());
    // Without a record senders never fetch the policy: nothing to report.
    let r = run("none.example").with_policy(
        PolicyOutcome::Unreachable {
            reason: "TypeError: Failed to fetch".into(),
        },
        &mx,
    );
    assert!(!codes(&r.findings).contains(&"mtasts-policy-unreachable"));
    assert!(r.policy.is_some());

    let text = "version: STSv1\nmode: testing\nmx: mail.good.example\nmax_age: 86400\n";
    let r = run("good.example").with_policy(PolicyOutcome::Fetched(parse_policy(text)), &mx);
    let c = codes(&r.findings);
    for code in [
        "mtasts-mode-testing",
        "mtasts-max-age-short",
        "mtasts-mx-not-covered",
    ] {
        assert!(c.contains(&code), "{code}: {c:?}");
    }
    assert_eq!(r.fetched_policy().unwrap().mode, Some(Mode::Testing));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["policy"]["status"], "fetched");
    assert_eq!(json["policy"]["mode"], "testing");
    assert_eq!(json["policy"]["mx"][0]["pattern"], "mail.good.example");
    let json = serde_json::to_value(PolicyOutcome::Unreachable { reason: "x".into() }).unwrap();
    assert_eq!(json["status"], "unreachable");
}

/// Every code has a test above that makes it appear.
#[test]
fn every_code_is_tested() {
    let tested = [
        "mtasts-no-record",
        "mtasts-multiple-records",
        "mtasts-syntax",
        "mtasts-policy-host-missing",
        "mtasts-policy-syntax",
        "mtasts-policy-unreachable",
        "mtasts-policy-content-type",
        "mtasts-mode-testing",
        "mtasts-mode-none",
        "mtasts-max-age-short",
        "mtasts-mx-not-covered",
        "mtasts-dns-error",
    ];
    for c in Code::ALL {
        assert!(tested.contains(&c.as_str()), "{}", c.as_str());
    }
}
