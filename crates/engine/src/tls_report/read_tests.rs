//! Tests of [`super`]: reading files (the fixtures of `tests/data/tlsrpt`, written by
//! `tests/scripts/gen-tlsrpt.py`), the totals, and the comparison with a published policy.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use super::*;
use crate::diag::Severity;
use crate::mtasts::parse_policy;

fn data(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/tlsrpt")
        .join(dir)
}

fn bytes(dir: &str, name: &str) -> Vec<u8> {
    fs::read(data(dir).join(name)).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"))
}

fn read(dir: &str, name: &str) -> TlsFileRead {
    read_file(name, &bytes(dir, name), &Options::default())
}

fn read_str(json: &str) -> TlsFileRead {
    read_file("t.json", json.as_bytes(), &Options::default())
}

/// Every code of the file and of its reports, each once.
fn codes(f: &TlsFileRead) -> BTreeSet<String> {
    f.findings
        .iter()
        .chain(f.reports.iter().flat_map(|r| &r.findings))
        .map(|x| x.code.to_string())
        .collect()
}

const RFC_EXAMPLE: &str = "rfc8460-appendix-b.json";
const GOOGLE: &str = "google.com!example.com!1772323200!1772409599!001.json.gz";
const MICROSOFT: &str =
    "enterprise.protection.outlook.com!example.com!1772323200!1772409599.json.gz";
const MICROSOFT_NONE: &str =
    "enterprise.protection.outlook.com!example.org!1772323200!1772409599.json";

#[test]
fn rfc8460_appendix_b_example() {
    let f = read("samples", RFC_EXAMPLE);
    assert_eq!(f.format, Some(Format::Json));
    assert!(f.findings.is_empty(), "{:?}", f.findings);
    assert_eq!(f.reports.len(), 1);
    let r = &f.reports[0];
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.organization_name.as_deref(), Some("Company-X"));
    assert_eq!(
        r.contact_info.as_deref(),
        Some("sts-reporting@company-x.example")
    );
    assert_eq!(
        r.report_id.as_deref(),
        Some("5065427c-23d3-47ca-b6e0-946ea0e8c4be")
    );
    let d = r.date_range.as_ref().unwrap();
    // 2016-04-01T00:00:00Z and 23:59:59Z.
    assert_eq!((d.start, d.end), (Some(1_459_468_800), Some(1_459_555_199)));
    assert_eq!(d.start_datetime.as_deref(), Some("2016-04-01T00:00:00Z"));
    assert_eq!(r.policies.len(), 1);
    let p = &r.policies[0];
    assert_eq!(p.policy.policy_type, Some(PolicyType::Sts));
    assert_eq!(
        p.policy.policy_string,
        [
            "version: STSv1",
            "mode: testing",
            "mx: *.mail.company-y.example",
            "max_age: 86400"
        ]
    );
    assert_eq!(p.policy.policy_domain.as_deref(), Some("company-y.example"));
    // Appendix B writes mx-host as one string; §4.4 as an array.
    assert_eq!(p.policy.mx_host, ["*.mail.company-y.example"]);
    assert_eq!(
        p.summary,
        Summary {
            successful: 5326,
            failed: 303
        }
    );
    let fd = &p.failure_details;
    assert_eq!(fd.len(), 3);
    assert_eq!(fd[0].result_type, ResultType::CertificateExpired);
    assert_eq!(fd[0].sending_mta_ip.as_deref(), Some("2001:db8:abcd:12::1"));
    assert_eq!(fd[0].receiving_ip, None);
    assert_eq!(fd[0].failed, 100);
    assert_eq!(fd[1].result_type, ResultType::StarttlsNotSupported);
    assert_eq!(fd[1].receiving_ip.as_deref(), Some("203.0.113.56"));
    assert!(fd[1]
        .additional_information
        .as_deref()
        .is_some_and(|u| u.ends_with("#StarttlsNotSupported")));
    assert_eq!(fd[2].result_type, ResultType::ValidationFailure);
    assert_eq!(
        fd[2].failure_reason_code.as_deref(),
        Some("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED")
    );
    assert_eq!(
        fd[2].receiving_mx_hostname.as_deref(),
        Some("mx-backup.mail.company-y.example")
    );

    let t = summarize(&f.reports);
    assert_eq!((t.reports, t.successful, t.failed), (1, 5326, 303));
    assert_eq!(t.detailed_failures, 303);
    assert_eq!(t.domains, ["company-y.example"]);
    let kinds: Vec<(&str, u64)> = t
        .by_result_type
        .iter()
        .map(|r| (r.result_type.as_str(), r.failed))
        .collect();
    assert_eq!(
        kinds,
        [
            ("starttls-not-supported", 200),
            ("certificate-expired", 100),
            ("validation-failure", 3)
        ]
    );
    assert!(t.by_result_type.iter().all(|r| r.info.is_some()));
    assert_eq!(t.failures[0].failed, 200);
    assert_eq!(
        t.failures[0].sending_mta_ip.as_deref(),
        Some("2001:db8:abcd:13::1")
    );
    let failures = t
        .findings
        .iter()
        .find(|f| f.code == "tlsrpt-report-failures")
        .unwrap();
    assert!(
        failures
            .message
            .starts_with("company-y.example: 303 of 5629 connections failed TLS (5.4%)"),
        "{}",
        failures.message
    );
    assert_eq!(
        t.date_range,
        Some(totals::Range {
            start: 1_459_468_800,
            end: 1_459_555_199
        })
    );

    // The policy the example applied, published as is: nothing to say.
    let published = parse_policy(
        "version: STSv1\nmode: testing\nmx: *.mail.company-y.example\nmax_age: 86400\n",
    );
    assert!(compare_reports(&f.reports, "Company-Y.example.", &published).is_empty());
    // Published since in enforce mode with another MX: two differences, and mx-host a third.
    let published =
        parse_policy("version: STSv1\nmode: enforce\nmx: mx.company-y.example\nmax_age: 86400\n");
    let found = compare_reports(&f.reports, "company-y.example", &published);
    let msgs: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(found.len(), 3, "{msgs:?}");
    assert!(found
        .iter()
        .all(|f| f.code == "tlsrpt-report-policy-mismatch"));
    assert!(msgs[0].contains("mode: the reporter applied testing, the domain publishes enforce"));
    assert!(msgs[1].contains("mx: the reporter applied *.mail.company-y.example"));
    assert!(msgs[2].starts_with("Company-X (rfc8460-appendix-b.json): mx-host"));
    // Another domain's reports are not compared.
    assert!(compare_reports(&f.reports, "example.com", &published).is_empty());
}

#[test]
fn google_and_microsoft_reports() {
    let g = read("samples", GOOGLE);
    assert_eq!(g.format, Some(Format::Gzip));
    assert!(g.json_bytes > g.size, "{} {}", g.json_bytes, g.size);
    assert_eq!(codes(&g), BTreeSet::new());
    let r = &g.reports[0];
    assert_eq!(r.organization_name.as_deref(), Some("Google Inc."));
    assert_eq!(
        r.report_id.as_deref(),
        Some("2026-03-01T00:00:00Z_example.com")
    );
    // Google leaves mx-host out.
    assert!(r.policies[0].policy.mx_host.is_empty());
    assert_eq!(
        r.summary(),
        Summary {
            successful: 1843,
            failed: 12
        }
    );

    let m = read("samples", MICROSOFT);
    assert_eq!(codes(&m), BTreeSet::new());
    let r = &m.reports[0];
    assert_eq!(
        r.policies[0].policy.mx_host,
        ["mx1.example.com", "mx2.example.com"]
    );
    assert_eq!(r.policies[0].failure_details.len(), 2);
    assert_eq!(
        r.policies[0].failure_details[0].sending_mta_ip.as_deref(),
        Some("2a01:111:f403:c200::1")
    );

    let none = read("samples", MICROSOFT_NONE);
    assert_eq!(none.format, Some(Format::Json));
    assert_eq!(
        none.reports[0].policies[0].policy.policy_type,
        Some(PolicyType::NoPolicyFound)
    );

    let all: Vec<Report> = [g, m, none].into_iter().flat_map(|f| f.reports).collect();
    let t = summarize(&all);
    assert_eq!(
        (t.reports, t.successful, t.failed),
        (3, 1843 + 412 + 27, 21)
    );
    assert_eq!(t.domains, ["example.com", "example.org"]);
    let reporters: Vec<(&str, u64, u64)> = t
        .by_reporter
        .iter()
        .map(|r| {
            (
                r.organization_name.as_str(),
                r.reports,
                r.successful + r.failed,
            )
        })
        .collect();
    assert_eq!(
        reporters,
        [("Google Inc.", 1, 1855), ("Microsoft Corporation", 2, 448)]
    );
    let mx: Vec<(Vec<String>, u64)> = t
        .by_mx_host
        .iter()
        .map(|m| (m.mx_host.clone(), m.successful + m.failed))
        .collect();
    assert_eq!(
        mx,
        [
            (vec![], 1855 + 27),
            (
                vec!["mx1.example.com".to_string(), "mx2.example.com".to_string()],
                421
            )
        ]
    );
    let mx2 = t
        .by_receiving_mx
        .iter()
        .find(|m| m.receiving_mx_hostname.as_deref() == Some("mx2.example.com"))
        .unwrap();
    assert_eq!(mx2.failed, 17);
    assert_eq!(
        mx2.result_types,
        [
            ResultType::CertificateHostMismatch,
            ResultType::CertificateExpired
        ]
    );
    let found: Vec<&str> = t.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        found,
        ["tlsrpt-report-failures", "tlsrpt-report-no-policy-found"]
    );
    assert!(t.findings[1]
        .message
        .starts_with("example.org: 1 report (Microsoft Corporation)"));

    // What both applied is what example.com publishes.
    let published = parse_policy(
        "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: mx2.example.com\r\nmax_age: 604800\r\n",
    );
    assert!(compare_reports(&all, "example.com", &published).is_empty());
    // example.org publishing MTA-STS while Microsoft found none: a warning.
    let found = compare_reports(&all, "example.org", &published);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "tlsrpt-report-no-policy-found");
    assert_eq!(found[0].severity, Severity::Warning);
}

/// The files of `generated/`, in name order.
fn generated() -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = fs::read_dir(data("generated"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "expected.json")
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let b = bytes("generated", &n);
            (n, b)
        })
        .collect()
}

/// Policy domain and policy type.
type PolicyKey = (Option<String>, Option<String>);

fn u(v: &serde_json::Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

fn opt(v: &serde_json::Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

#[test]
fn generated_reports_give_the_totals_computed_in_python() {
    let want: serde_json::Value =
        serde_json::from_slice(&bytes("generated", "expected.json")).unwrap();
    let files = generated();
    assert_eq!(files.len(), want["files"].as_object().unwrap().len());
    let mut reports = Vec::new();
    for (name, b) in &files {
        let f = read_file(name, b, &Options::default());
        assert_eq!(
            f.reports.len() as u64,
            u(&want["files"][name.as_str()]),
            "{name}: {:?}",
            f.findings
        );
        // Every deviation of the sloppy reporter is read; what is said of it is said as info.
        for x in f
            .findings
            .iter()
            .chain(f.reports.iter().flat_map(|r| &r.findings))
        {
            assert_eq!(x.severity, Severity::Info, "{name}: {x:?}");
        }
        reports.extend(f.reports);
    }
    // Reading order is name order in Rust and file order in Python: the totals do not depend on
    // it, except for which copy of a duplicate counts, and copies are equal.
    let t = summarize(&reports);
    for (field, got) in [
        ("reports", t.reports),
        ("duplicates", t.duplicates),
        ("successful", t.successful),
        ("failed", t.failed),
        ("detailed_failures", t.detailed_failures),
    ] {
        assert_eq!(got, u(&want[field]), "{field}");
    }
    assert_eq!(t.duplicates, 3);
    let range = t.date_range.unwrap();
    assert_eq!(
        (range.start, range.end),
        (
            u(&want["date_range"]["start"]) as i64,
            u(&want["date_range"]["end"]) as i64
        )
    );
    let domains: Vec<String> = want["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_string())
        .collect();
    assert_eq!(t.domains, domains);

    let list = |k: &str| want[k].as_array().unwrap().clone();
    let got: BTreeMap<PolicyKey, (u64, u64, u64)> = t
        .by_policy
        .iter()
        .map(|p| {
            (
                (
                    p.policy_domain.clone(),
                    p.policy_type.as_ref().map(|x| x.as_str().to_string()),
                ),
                (p.results, p.successful, p.failed),
            )
        })
        .collect();
    let exp: BTreeMap<_, _> = list("by_policy")
        .iter()
        .map(|p| {
            (
                (opt(&p["policy_domain"]), opt(&p["policy_type"])),
                (u(&p["results"]), u(&p["successful"]), u(&p["failed"])),
            )
        })
        .collect();
    assert_eq!(got, exp, "by_policy");
    assert_eq!(
        got.len(),
        4,
        "sts at two domains, tlsa and no-policy-found at one each"
    );

    let got: BTreeMap<Vec<String>, (u64, u64, u64)> = t
        .by_mx_host
        .iter()
        .map(|m| (m.mx_host.clone(), (m.results, m.successful, m.failed)))
        .collect();
    let exp: BTreeMap<Vec<String>, _> = list("by_mx_host")
        .iter()
        .map(|m| {
            (
                m["mx_host"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h.as_str().unwrap().to_string())
                    .collect(),
                (u(&m["results"]), u(&m["successful"]), u(&m["failed"])),
            )
        })
        .collect();
    assert_eq!(got, exp, "by_mx_host");

    let got: BTreeMap<String, (u64, u64, u64, usize)> = t
        .by_reporter
        .iter()
        .map(|r| {
            (
                r.organization_name.clone(),
                (r.reports, r.successful, r.failed, r.report_ids.len()),
            )
        })
        .collect();
    let exp: BTreeMap<String, _> = list("by_reporter")
        .iter()
        .map(|r| {
            (
                r["organization_name"].as_str().unwrap().to_string(),
                (
                    u(&r["reports"]),
                    u(&r["successful"]),
                    u(&r["failed"]),
                    r["report_ids"].as_array().unwrap().len(),
                ),
            )
        })
        .collect();
    assert_eq!(got, exp, "by_reporter");

    let got: BTreeMap<String, (u64, u64, bool)> = t
        .by_result_type
        .iter()
        .map(|r| {
            (
                r.result_type.as_str().to_string(),
                (r.failed, r.details, r.info.is_some()),
            )
        })
        .collect();
    let exp: BTreeMap<String, (u64, u64, bool)> = list("by_result_type")
        .iter()
        .map(|r| {
            let name = r["result_type"].as_str().unwrap().to_string();
            let registered = ResultType::KNOWN.iter().any(|k| k.as_str() == name);
            (name, (u(&r["failed"]), u(&r["details"]), registered))
        })
        .collect();
    assert_eq!(got, exp, "by_result_type");
    // The unregistered types are there, as written.
    assert!(got.contains_key("x-handshake-timeout") && got.contains_key("Certificate-Expired"));

    let got: BTreeMap<Option<String>, (u64, Vec<String>)> = t
        .by_receiving_mx
        .iter()
        .map(|m| {
            let mut types: Vec<String> = m
                .result_types
                .iter()
                .map(|r| r.as_str().to_string())
                .collect();
            types.sort();
            (m.receiving_mx_hostname.clone(), (m.failed, types))
        })
        .collect();
    let exp: BTreeMap<Option<String>, (u64, Vec<String>)> = list("by_receiving_mx")
        .iter()
        .map(|m| {
            (
                opt(&m["receiving_mx_hostname"]),
                (
                    u(&m["failed"]),
                    m["result_types"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap().to_string())
                        .collect(),
                ),
            )
        })
        .collect();
    assert_eq!(got, exp, "by_receiving_mx");

    type Key = (
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let got: BTreeMap<Key, u64> = t
        .failures
        .iter()
        .map(|r| {
            (
                (
                    r.policy_domain.clone(),
                    r.result_type.as_str().to_string(),
                    r.sending_mta_ip.clone(),
                    r.receiving_mx_hostname.clone(),
                    r.receiving_ip.clone(),
                ),
                r.failed,
            )
        })
        .collect();
    let exp: BTreeMap<Key, u64> = list("failures")
        .iter()
        .map(|r| {
            (
                (
                    opt(&r["policy_domain"]),
                    r["result_type"].as_str().unwrap().to_string(),
                    opt(&r["sending_mta_ip"]),
                    opt(&r["receiving_mx_hostname"]),
                    opt(&r["receiving_ip"]),
                ),
                u(&r["failed"]),
            )
        })
        .collect();
    assert_eq!(got, exp, "failures");
    assert!(t.failures.windows(2).all(|w| w[0].failed >= w[1].failed));
    // Duplicates are said, each naming the copy that counts.
    let dups: Vec<&Finding> = t
        .findings
        .iter()
        .filter(|f| f.code == "tlsrpt-report-duplicate")
        .collect();
    assert_eq!(dups.len(), 3);
    assert!(dups.iter().all(|f| f.message.contains("counted once")));
}

#[test]
fn repeats_name_the_copy_counted() {
    let files = generated();
    let reports: Vec<Report> = files
        .iter()
        .flat_map(|(n, b)| read_file(n, b, &Options::default()).reports)
        .collect();
    let firsts = repeats(&reports);
    let marked: Vec<(&str, &str)> = reports
        .iter()
        .zip(&firsts)
        .filter_map(|(r, f)| f.map(|f| (r.source.as_str(), f)))
        .collect();
    assert_eq!(marked.len(), 3, "{marked:?}");
    for (copy, first) in marked {
        // The generator names a resent copy after its first, or the first after the copy.
        assert!(
            copy.trim_start_matches("resent-").trim_end_matches(".gz")
                == first.trim_start_matches("resent-").trim_end_matches(".gz"),
            "{copy} {first}"
        );
    }
}

#[test]
fn malformed_files_say_why() {
    let want: serde_json::Value =
        serde_json::from_slice(&bytes("malformed", "expected.json")).unwrap();
    let want = want.as_object().unwrap();
    assert!(want.len() >= 25);
    for (name, w) in want {
        let f = read("malformed", name);
        let exp: BTreeSet<String> = w["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        assert_eq!(codes(&f), exp, "{name}: {:?}", f.findings);
        assert_eq!(f.reports.len() as u64, u(&w["reports"]), "{name}");
        // What is not read says so with an error; every code is in the catalogue.
        if f.reports.is_empty() {
            assert!(
                f.findings.iter().any(|x| x.severity == Severity::Error),
                "{name}: {:?}",
                f.findings
            );
        }
        for c in codes(&f) {
            assert!(crate::findings::info(&c).is_some(), "{c}");
        }
    }
}

#[test]
fn positions_are_said() {
    let text = fs::read_to_string(data("samples").join(RFC_EXAMPLE)).unwrap();
    // Cut: the end of what is there.
    let cut = &text[..700];
    let f = read_str(cut);
    let t = &f.findings[0];
    assert_eq!(t.code, "tlsrpt-report-truncated");
    assert!(t.message.contains("at byte 700"), "{}", t.message);
    assert_eq!(t.span.map(|s| s.start), Some(700));
    // A syntax error: the byte it is at, on a later line.
    let bad = text.replacen("\"report-id\":", "\"report-id\" ;", 1);
    let at = bad.find(" ;").unwrap() + 1;
    let f = read_str(&bad);
    let s = &f.findings[0];
    assert_eq!(s.code, "tlsrpt-report-syntax");
    assert_eq!(s.span.map(|s| s.start), Some(at), "{}", s.message);
    assert!(
        s.message.contains(&format!("at byte {at}")),
        "{}",
        s.message
    );
    // With a byte order mark, offsets still count from the file's first byte.
    let f = read_file(
        "b.json",
        format!("\u{feff}{bad}").as_bytes(),
        &Options::default(),
    );
    assert_eq!(f.findings[0].span.map(|s| s.start), Some(at + 3));
    // Not UTF-8: the first such byte.
    let mut latin = text.clone().into_bytes();
    let at = text.find("Company-X").unwrap() + 3;
    latin[at] = 0xE9;
    let f = read_file("l.json", &latin, &Options::default());
    assert_eq!(f.findings[0].code, "tlsrpt-report-not-utf8");
    assert_eq!(f.findings[0].span.map(|s| s.start), Some(at));
    assert_eq!(
        f.reports[0].organization_name.as_deref(),
        Some("Com\u{e9}any-X")
    );
    // A field: its JSON path.
    let f = read_str(&text.replace(
        "\"failed-session-count\": 200",
        "\"failed-session-count\": true",
    ));
    let b = &f.reports[0].findings[0];
    assert_eq!(b.code, "tlsrpt-report-bad-value");
    assert!(
        b.message
            .starts_with("policies[0].failure-details[1].failed-session-count: a boolean"),
        "{}",
        b.message
    );
}

#[test]
fn deviations_are_read() {
    // Numbers as text, one object for a list, null for optional fields, a numeric report-id,
    // unknown fields at every level (said once per path, with how many).
    let f = read_str(
        r#"{"organization-name":"Odd","report-id":42,"contact-info":null,
        "date-range":{"start-datetime":"2026-03-01","end-datetime":"2026-03-01 23:59:59+00:00"},
        "policies":{"policy":{"policy-type":"sts","policy-domain":"EXAMPLE.com.","mx-host":"MX.example.com."},
          "summary":{"total-successful-session-count":"10","total-failure-session-count":" 3 "},
          "failure-details":[{"result-type":"certificate-expired","failed-session-count":1.0,"x":1},
                             {"result-type":" sts-webpki-invalid ","failed-session-count":"2","x":2}]}}"#,
    );
    assert!(f.findings.is_empty(), "{:?}", f.findings);
    let r = &f.reports[0];
    assert_eq!(r.report_id.as_deref(), Some("42"));
    assert_eq!(r.contact_info, None);
    let d = r.date_range.as_ref().unwrap();
    assert_eq!((d.start, d.end), (Some(1_772_323_200), Some(1_772_409_599)));
    let p = &r.policies[0];
    assert_eq!(p.policy.policy_domain.as_deref(), Some("example.com"));
    assert_eq!(p.policy.mx_host, ["mx.example.com"]);
    assert_eq!(
        p.summary,
        Summary {
            successful: 10,
            failed: 3
        }
    );
    assert_eq!(p.failure_details[0].failed, 1);
    assert_eq!(
        p.failure_details[1].result_type,
        ResultType::StsWebpkiInvalid
    );
    let msgs: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        ["policies[0].failure-details[0].x: not a field of RFC 8460 §4.4 here; ignored (and once more like it)"]
    );
}

#[test]
fn caps_are_options() {
    let rfc = bytes("samples", RFC_EXAMPLE);
    let small = Options {
        max_json_bytes: 100,
        ..Options::default()
    };
    let f = read_file("x.json", &rfc, &small);
    assert_eq!(
        codes(&f),
        BTreeSet::from(["tlsrpt-report-too-large".to_string()])
    );
    assert!(f.findings[0].message.contains("max_json_bytes"));
    let g = bytes("samples", GOOGLE);
    let f = read_file("g.json.gz", &g, &small);
    assert_eq!(f.findings[0].code, "tlsrpt-report-too-large");
    assert!(f.findings[0].message.contains("max_json_bytes"));
    assert!(f.reports.is_empty());
    // The same gzip file with a ratio below its own: refused as a bomb would be.
    let tight = Options {
        max_compression_ratio: 1,
        ..Options::default()
    };
    let f = read_file("g.json.gz", &g, &tight);
    assert!(f.findings[0].message.contains("max_compression_ratio"));
    // The bomb: refused with little read.
    let bomb = bytes("malformed", "bomb.json.gz");
    let f = read_file("bomb.json.gz", &bomb, &Options::default());
    assert!(f.findings[0].message.contains("decompression bomb"));
    assert!(f.json_bytes <= bomb.len() as u64 * 200);
    // A limit exactly at the size is enough.
    let exact = Options {
        max_json_bytes: rfc.len() as u64,
        ..Options::default()
    };
    assert!(read_file("x.json", &rfc, &exact).is_read());
}

/// xorshift64: the same bytes on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A file that gives nothing always says why.
fn says_something(f: &TlsFileRead) -> bool {
    f.is_read() || !f.findings.is_empty()
}

#[test]
fn every_truncation_of_the_samples_is_said() {
    for name in [RFC_EXAMPLE, MICROSOFT_NONE] {
        let full = bytes("samples", name);
        let end = full.iter().rposition(|&b| b == b'}').unwrap();
        for n in 0..full.len() {
            let f = read_file(name, &full[..n], &Options::default());
            if n <= end {
                // Short of the closing brace: nothing counted, and an error says why.
                assert!(f.reports.is_empty(), "{name} cut at {n}");
                assert!(
                    f.findings.iter().any(|x| x.severity == Severity::Error),
                    "{name} cut at {n}: {:?}",
                    f.findings
                );
            } else {
                assert_eq!(f.reports.len(), 1, "{name} cut at {n}");
            }
        }
    }
    // Every cut of a gzip file: never a panic, never silent, never more than the report.
    for name in [GOOGLE, MICROSOFT] {
        let full = bytes("samples", name);
        for n in 0..full.len() {
            let f = read_file(name, &full[..n], &Options::default());
            assert!(says_something(&f), "{name} cut at {n}");
            assert!(f.reports.len() <= 1);
            if n + 8 < full.len() && f.is_read() {
                // Only the trailer is missing: the report is there, the damage said.
                assert!(
                    codes(&f).contains("tlsrpt-report-damaged"),
                    "{name} cut at {n}"
                );
            }
        }
    }
}

#[test]
fn random_and_garbled_bytes_never_panic() {
    let mut rng = Rng(0x8460_8460_8460_8460);
    for _ in 0..2_000 {
        let len = rng.below(300);
        let junk: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let f = read_file("junk", &junk, &Options::default());
        assert!(says_something(&f));
        // Junk behind a JSON opening, and behind a gzip header.
        let mut j = b"{\"policies\":[".to_vec();
        j.extend_from_slice(&junk);
        assert!(says_something(&read_file(
            "j.json",
            &j,
            &Options::default()
        )));
        let mut z = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
        z.extend_from_slice(&junk);
        assert!(says_something(&read_file("z.gz", &z, &Options::default())));
    }
    // Garbled copies of every sample and generated file: bytes flipped, dropped, repeated.
    let mut files: Vec<(String, Vec<u8>)> = [RFC_EXAMPLE, GOOGLE, MICROSOFT, MICROSOFT_NONE]
        .iter()
        .map(|n| (n.to_string(), bytes("samples", n)))
        .collect();
    files.extend(generated().into_iter().take(12));
    let mut read_some = 0;
    for (name, b) in &files {
        for _ in 0..150 {
            let mut g = b.clone();
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(g.len());
                match rng.below(3) {
                    0 => g[i] = rng.next() as u8,
                    1 => {
                        g.remove(i);
                    }
                    _ => {
                        let c = g[i];
                        g.insert(i, c);
                    }
                }
            }
            let f = read_file(name, &g, &Options::default());
            assert!(says_something(&f), "{name}");
            read_some += usize::from(f.is_read());
            // Totals of whatever was read never fail either.
            let t = summarize(&f.reports);
            assert_eq!(t.reports as usize + t.duplicates as usize, f.reports.len());
        }
    }
    // Most one-byte garbles of a JSON file still leave a report to read.
    assert!(read_some > 300, "{read_some}");
}

#[test]
fn several_reports_in_one_file() {
    let rfc = fs::read_to_string(data("samples").join(RFC_EXAMPLE)).unwrap();
    let two = format!("{rfc}\n{}", rfc.replace("5065427c", "99999999"));
    let f = read_str(&two);
    assert!(f.findings.is_empty(), "{:?}", f.findings);
    assert_eq!(f.reports.len(), 2);
    assert_eq!(f.reports[1].source, "t.json#2");
    assert_eq!(summarize(&f.reports).successful, 2 * 5326);
    // The same report twice: counted once.
    let twice = format!("{rfc}{rfc}");
    let t = summarize(&read_str(&twice).reports);
    assert_eq!((t.reports, t.duplicates, t.failed), (1, 1, 303));
    assert!(t.findings[0]
        .message
        .contains("is the one in t.json: counted once"));
}

#[test]
fn result_types_are_explained() {
    for r in ResultType::KNOWN {
        let i = r.info().unwrap();
        assert_eq!(ResultType::parse(i.name), r);
        assert_eq!(r.as_str(), i.name);
        assert!(r.is_registered());
        assert!(i.rfc.starts_with("RFC 8460 §4.3"), "{}", i.name);
        assert!(!i.meaning.is_empty() && !i.fix.is_empty() && !i.title.is_empty());
        assert!(["any", "MTA-STS", "DANE"].contains(&i.applies_to));
    }
    let other = ResultType::parse("Certificate-Expired");
    assert_eq!(other, ResultType::Other("Certificate-Expired".into()));
    assert!(!other.is_registered() && other.info().is_none());
    assert_eq!(other.as_str(), "Certificate-Expired");
    // Serialized as written, for the page and the CLI's JSON.
    assert_eq!(
        serde_json::to_string(&[ResultType::DaneRequired, other]).unwrap(),
        r#"["dane-required","Certificate-Expired"]"#
    );
    assert_eq!(
        serde_json::to_string(&PolicyType::NoPolicyFound).unwrap(),
        r#""no-policy-found""#
    );
}

#[test]
fn codes_are_in_the_catalogue() {
    let cat = crate::findings::catalogue();
    let (_, entries) = cat
        .iter()
        .find(|(name, _)| *name == "TLS-RPT reports")
        .unwrap();
    assert_eq!(entries.len(), Code::ALL.len());
    for c in Code::ALL {
        let i = crate::findings::info(c.as_str()).unwrap();
        assert_eq!(i.code, c.as_str());
        // Reports are not a domain inspection's business.
        assert!(crate::findings::domain_brief(c.as_str()).is_none());
    }
    // The record's codes still resolve to the record's table.
    assert_eq!(
        crate::findings::info("tlsrpt-no-record").map(|i| i.code),
        Some("tlsrpt-no-record")
    );
}
