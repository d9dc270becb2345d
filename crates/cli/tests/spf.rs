//! `authlens spf check` and `authlens spf tree` against the DoH fixture server.

mod common;

use authlens_doh_fixture::LoggedQuery;
use common::{authlens, server_with_delay as server};

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let (code, out, err) = authlens(args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v)
}

/// Two queries were in flight together.
fn overlap(a: &LoggedQuery, b: &LoggedQuery) -> bool {
    a.start_ms < b.end_ms && b.start_ms < a.end_ms
}

#[test]
fn check_depth_three_sends_each_level_at_once_and_never_twice() {
    // 150 ms per answer: queries sent one after another could not overlap.
    let s = server(150);
    let (code, v) = json(&[
        "spf",
        "check",
        "--ip",
        "203.0.113.7",
        "--sender",
        "alice@tree.example",
        "--helo",
        "mail.tree.example",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["spf"]["result"], "pass", "{v}");
    // The term of the checked domain's own record that decided, and the innermost match in the trace.
    assert_eq!(v["spf"]["matched_term"], "include:l1a.tree.example");
    assert_eq!(v["spf"]["matched_domain"], "tree.example");
    let trace = v["spf"]["trace"].as_array().unwrap();
    assert!(trace
        .iter()
        .any(|s| s["term"] == "ip4:203.0.113.7" && s["matched"] == true && s["depth"] == 3));
    let log = s.queries();
    let mut keys: Vec<(String, String)> = log
        .iter()
        .map(|q| (q.name.to_lowercase(), q.rtype.clone()))
        .collect();
    keys.sort();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "a name and type asked twice: {log:?}");
    let find = |name: &str, t: &str| {
        log.iter()
            .find(|q| q.name == name && q.rtype == t)
            .unwrap_or_else(|| panic!("{name} {t} not asked: {log:?}"))
    };
    // Level 1: both includes of the root at once.
    assert!(
        overlap(
            find("l1a.tree.example", "TXT"),
            find("l1b.tree.example", "TXT")
        ),
        "{log:?}"
    );
    // Level 2: the include and the a: target of l1a at once.
    assert!(
        overlap(
            find("l2a.tree.example", "TXT"),
            find("host1.tree.example", "A")
        ),
        "{log:?}"
    );
    // Level 3 is reached.
    find("l3a.tree.example", "TXT");
}

#[test]
fn check_reports_fail_with_trace() {
    let s = server(0);
    let (code, out, _) = authlens(&[
        "spf",
        "check",
        "--ip",
        "192.0.2.99",
        "--sender",
        "bob@shop.example",
        "--doh",
        &s.cloudflare_url(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("SPF result: fail"), "{out}");
    assert!(out.contains("-all"), "{out}");
    assert!(out.contains("include:_spf.google.com"), "{out}");
}

#[test]
fn check_rejects_bad_input() {
    let (code, _, err) = authlens(&[
        "spf",
        "check",
        "--ip",
        "300.1.1.1",
        "--sender",
        "a@b.example",
        "--doh",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not an IPv4 or IPv6"), "{err}");
    let (code, _, err) = authlens(&[
        "spf",
        "check",
        "--ip",
        "192.0.2.1",
        "--doh",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--sender"), "{err}");
}

#[test]
fn tree_over_the_limit() {
    let s = server(0);
    let (code, v) = json(&[
        "spf",
        "tree",
        "bigco.example",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(code, 1, "an error finding exits 1");
    // RFC 7208 §4.6.4: only senders not matched before the 11th lookup get permerror.
    assert!(v["result"].is_null(), "{}", v["result"]);
    let lookups = v["tree"]["lookups"].as_u64().unwrap();
    assert!(lookups > 10, "{lookups}");
    let codes: Vec<&str> = v["tree"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"spf-too-many-lookups"), "{codes:?}");
    for f in v["tree"]["findings"].as_array().unwrap() {
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
        assert!(f["message"].as_str().is_some());
    }
    let (code, out, _) = authlens(&["spf", "tree", "bigco.example", "--doh", &s.google_url()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("include:_spf.google.com → _spf.google.com"),
        "{out}"
    );
    assert!(out.contains("spf-too-many-lookups"), "{out}");
}

#[test]
fn tree_of_a_healthy_domain_exits_0() {
    let s = server(0);
    let (code, v) = json(&[
        "spf",
        "tree",
        "shop.example",
        "--doh",
        &s.cloudflare_url(),
        "--json",
    ]);
    assert_eq!(code, 0, "{v}");
    assert!(v["result"].is_null());
    assert!(v["tree"]["lookups"].as_u64().unwrap() <= 10);
}

/// Two SPF records: permerror for every sender (RFC 7208 §4.5), and each record's lookups and
/// those of the two merged are counted, not left to the reader.
#[test]
fn tree_of_two_records_counts_each_and_the_merged_one() {
    let s = server(0);
    let args = ["spf", "tree", "spf2.ramp.example", "--doh", &s.google_url()];
    let (code, v) = json(&[&args[..], &["--json"]].concat());
    assert_eq!(code, 1);
    assert_eq!(v["result"], "permerror");
    let m = &v["tree"]["multiple"];
    let each: Vec<u64> = m["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["lookups"].as_u64().unwrap())
        .collect();
    assert_eq!(each, vec![1, 2], "{m}");
    assert_eq!(m["merged"]["lookups"], 3, "{m}");
    assert_eq!(
        m["merged"]["text"],
        "v=spf1 ip4:192.0.2.10 a:h1.spfover.ramp.example mx include:spfinc.ramp.example -all"
    );
    let (_, out, _) = authlens(&args);
    assert!(out.contains("record 2: 2/10 lookups"), "{out}");
    assert!(out.contains("merged:   3/10 lookups"), "{out}");
    assert!(!out.contains("0/10"), "{out}");
}

/// The trace names what each macro expanded to, and a fail gives the exp= name and its text
/// (tests/fixtures/zones/spf.yaml, explained.example).
#[test]
fn check_shows_expanded_targets_and_the_explanation() {
    let s = server(0);
    let check = |ip: &str| {
        json(&[
            "spf",
            "check",
            "--ip",
            ip,
            "--sender",
            "a@explained.example",
            "--doh",
            &s.google_url(),
            "--json",
        ])
        .1
    };
    let v = check("192.0.2.21");
    assert_eq!(v["spf"]["result"], "pass", "{v}");
    let exists = v["spf"]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["term"] == "exists:%{i}._spf.%{d}")
        .expect("the exists step");
    assert_eq!(exists["target"], "192.0.2.21._spf.explained.example");
    let v = check("203.0.113.9");
    assert_eq!(v["spf"]["result"], "fail", "{v}");
    assert_eq!(v["spf"]["exp"], "why.explained.example");
    assert_eq!(
        v["spf"]["explanation"],
        "203.0.113.9 is not one of the mail servers of explained.example"
    );
    let (_, out, _) = authlens(&[
        "spf",
        "check",
        "--ip",
        "203.0.113.9",
        "--sender",
        "a@explained.example",
        "--doh",
        &s.google_url(),
    ]);
    assert!(
        out.contains("exists:%{i}._spf.%{d} → 203.0.113.9._spf.explained.example: no match"),
        "{out}"
    );
    assert!(
        out.contains("explanation (exp= at why.explained.example): 203.0.113.9 is not one of"),
        "{out}"
    );
    let (_, v) = json(&[
        "spf",
        "tree",
        "explained.example",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(v["tree"]["exp"]["domain"], "why.explained.example", "{v}");
    assert_eq!(
        v["tree"]["exp"]["text"],
        "%{i} is not one of the mail servers of %{d}"
    );
}
