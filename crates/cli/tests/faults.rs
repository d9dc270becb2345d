//! DNS faults end to end for the CLI: the fixture server injects each fault
//! (tests/fixtures/zones/faults.yaml) at the first resolver (`/resolve`) or at both; `--doh2`
//! names the second (`/dns-query`). Each test checks the result, its words and codes, and in the
//! server's log that the retry happened once, on the other resolver, and only when it should.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use authlens_doh_fixture::{
    load_faults_dir, load_zone_dir, load_zone_file, LoggedQuery, Options, Server,
};
use common::authlens;
use serde_json::Value;

/// The fixture server on every zone, with the zones' faults.
fn server() -> Server {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let zones = fixtures.join("zones");
    Server::start(
        load_zone_dir(&zones).expect("fixture zones load"),
        Options {
            faults: load_faults_dir(&zones).expect("fixture faults load"),
            cloudflare_zone: Some(
                load_zone_file(&fixtures.join("cloudflare.yaml")).expect("cloudflare zone loads"),
            ),
            hang_ms: 10_000,
            ..Options::default()
        },
    )
    .unwrap()
}

/// `authlens ARGS --doh /resolve --doh2 /dns-query --timeout 1`.
fn run(s: &Server, args: &[&str]) -> (i32, String, String) {
    let (g, c) = (s.google_url(), s.cloudflare_url());
    let mut all = args.to_vec();
    all.extend(["--doh", &g, "--doh2", &c, "--timeout", "1"]);
    authlens(&all)
}

fn spf_check(s: &Server, domain: &str) -> Value {
    let sender = format!("alice@{domain}");
    let (code, out, err) = run(
        s,
        &[
            "spf",
            "check",
            "--ip",
            "192.0.2.1",
            "--sender",
            &sender,
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out).unwrap()["spf"].clone()
}

/// The queries for `name` and `rtype`, in the order they arrived.
fn asked(s: &Server, name: &str, rtype: &str) -> Vec<LoggedQuery> {
    s.queries()
        .into_iter()
        .filter(|q| q.name.eq_ignore_ascii_case(name) && q.rtype == rtype)
        .collect()
}

fn paths(qs: &[LoggedQuery]) -> Vec<&str> {
    qs.iter().map(|q| q.path.as_str()).collect()
}

/// Each fault kind: its name part in faults.yaml, what the fixture logs, and the code.
const KINDS: [(&str, &str, &str); 5] = [
    ("servfail", "servfail", "dns-servfail"),
    ("timeout", "timeout", "dns-timeout"),
    ("ratelimit", "429:30", "dns-rate-limited"),
    ("http503", "503", "dns-http-error"),
    ("malformed", "malformed", "dns-bad-answer"),
];

#[test]
fn a_fault_at_the_first_resolver_is_retried_once_on_the_second() {
    for (kind, logged, _) in KINDS {
        let s = server();
        let domain = format!("{kind}.once.faults.example");
        let spf = spf_check(&s, &domain);
        assert_eq!(spf["result"], "pass", "{kind}: {spf}");
        let qs = asked(&s, &domain, "TXT");
        assert_eq!(paths(&qs), ["/resolve", "/dns-query"], "{kind}: {qs:?}");
        assert_eq!(qs[0].fault.as_deref(), Some(logged), "{kind}");
        assert_eq!(qs[1].fault, None, "{kind}");
    }
}

#[test]
fn a_fault_at_both_is_temperror_naming_both_and_nothing_hangs() {
    for (kind, _, code) in KINDS {
        let s = server();
        let domain = format!("{kind}.both.faults.example");
        let started = Instant::now();
        let spf = spf_check(&s, &domain);
        // A timeout at each resolver costs 1 s each; nothing else waits.
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{kind}: {:?}",
            started.elapsed()
        );
        assert_eq!(spf["result"], "temperror", "{kind}: {spf}");
        let reason = spf["reason"].as_str().unwrap();
        let first = format!("{}: ", s.google_url().trim_start_matches("http://"));
        let second = format!(
            "; retried on {}: ",
            s.cloudflare_url().trim_start_matches("http://")
        );
        assert!(reason.contains(&first), "{kind}: {reason}");
        assert!(reason.contains(&second), "{kind}: {reason}");
        assert_eq!(reason.matches(&format!("({code})")).count(), 2, "{reason}");
        let qs = asked(&s, &domain, "TXT");
        assert_eq!(paths(&qs), ["/resolve", "/dns-query"], "{kind}: {qs:?}");
    }
}

#[test]
fn inspect_says_which_resolver_failed_how_and_exits_1() {
    let s = server();
    let (code, out, _) = run(&s, &["inspect", "mixed.faults.example"]);
    assert_eq!(code, 1, "{out}");
    let (g, c) = (
        s.google_url().replace("http://", ""),
        s.cloudflare_url().replace("http://", ""),
    );
    // The lookups go out at once: the first to reach the resolver is told 429; the others are
    // not sent to it until Retry-After has passed, and say so. Either way, the SPF line names
    // the resolver, the fault and its code, then the retry on the other one.
    let retried = format!("; retried on {c}: timeout, no answer within 1 s (dns-timeout)");
    let told = format!(
        "{g}: HTTP 429 Too Many Requests, Retry-After 30 s: it asks to wait 30 s (dns-rate-limited){retried}"
    );
    let held = format!("{g}: not asked: it answered HTTP 429 with Retry-After 30 s, ");
    let spf = out
        .lines()
        .find(|l| l.contains("spf-dns-error"))
        .unwrap_or_else(|| panic!("no spf-dns-error line: {out}"));
    assert!(
        spf.contains(&told)
            || (spf.contains(&held) && spf.contains(&format!("(dns-rate-limited){retried}"))),
        "{out}"
    );
    // Which lookup reaches the first resolver first depends on timing, and the text prints the
    // errors of some lookups only (not the SPF RR type's, for one): the fixture's log says that
    // the first resolver was asked, and that it answered 429 with Retry-After 30.
    let first_hand: Vec<_> = s
        .queries()
        .into_iter()
        .filter(|q| q.name.eq_ignore_ascii_case("mixed.faults.example") && q.path == "/resolve")
        .collect();
    assert!(!first_hand.is_empty(), "{out}");
    for q in &first_hand {
        assert_eq!(q.fault.as_deref(), Some("429:30"), "{q:?}");
    }
    // The JSON says the same, as the lookup's status and error.
    let (_, out, _) = run(&s, &["inspect", "servfail.both.faults.example", "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let apex = &v["lookups"][0];
    assert_eq!(apex["status"], "temporary");
    let error = apex["error"].as_str().unwrap();
    assert!(
        error.contains("(dns-servfail); retried on")
            && error.ends_with("(dns-servfail). Trying again later may work."),
        "{error}"
    );
}

#[test]
fn a_missing_cors_header_is_no_fault_for_a_native_client() {
    let s = server();
    let spf = spf_check(&s, "nocors.both.faults.example");
    assert_eq!(spf["result"], "pass", "{spf}");
    let qs = asked(&s, "nocors.both.faults.example", "TXT");
    assert_eq!(
        paths(&qs),
        ["/resolve"],
        "answered by the first, not retried"
    );
}

#[test]
fn nxdomain_is_an_answer_never_retried() {
    let s = server();
    // The first resolver says the name does not exist (the second knows it): SPF `none`.
    let spf = spf_check(&s, "nxdomain.faults.example");
    assert_eq!(spf["result"], "none", "{spf}");
    // An include of that name: permerror (RFC 7208 §5.2).
    let spf = spf_check(&s, "include-nx.faults.example");
    assert_eq!(spf["result"], "permerror", "{spf}");
    assert!(
        spf["reason"]
            .as_str()
            .unwrap()
            .contains("nxdomain.faults.example"),
        "{spf}"
    );
    let qs = asked(&s, "nxdomain.faults.example", "TXT");
    assert!(!qs.is_empty());
    assert!(
        qs.iter().all(|q| q.path == "/resolve"),
        "never asked of the second: {qs:?}"
    );
}

#[test]
fn an_include_that_fails_at_both_gives_temperror() {
    let s = server();
    let spf = spf_check(&s, "include-fail.faults.example");
    assert_eq!(spf["result"], "temperror", "{spf}");
    assert!(
        spf["reason"].as_str().unwrap().contains("(dns-servfail)"),
        "{spf}"
    );
}

#[test]
fn a_dkim_key_that_cannot_be_fetched_is_temperror_and_spf_too() {
    let s = server();
    let msg = [
        "Return-Path: <bounce@servfail.both.faults.example>",
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=dkim-fail.faults.example; s=sel;",
        " h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA",
        "From: Alice <alice@dkim-fail.faults.example>",
        "To: bob@example.com",
        "Subject: faults",
        "",
        "Hello.",
        "",
    ]
    .join("\r\n");
    let file = std::env::temp_dir().join(format!("authlens-faults-{}.eml", std::process::id()));
    std::fs::write(&file, msg).unwrap();
    let f = file.to_str().unwrap();
    let (code, out, err) = run(
        &s,
        &[
            "message",
            f,
            "--ip",
            "192.0.2.1",
            "--json",
            "--now",
            "1800000000",
        ],
    );
    std::fs::remove_file(&file).ok();
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let dkim = &v["message"]["dkim"][0];
    assert_eq!(dkim["result"], "temperror", "{dkim}");
    assert_eq!(dkim["reason"], "key-unavailable");
    let detail = dkim["detail"].as_str().unwrap();
    assert!(
        detail.contains("(dns-servfail); retried on") && detail.contains("(dns-timeout)"),
        "{detail}"
    );
    assert_eq!(
        v["message"]["spf"]["result"], "temperror",
        "{}",
        v["message"]["spf"]
    );
    let key = asked(&s, "sel._domainkey.dkim-fail.faults.example", "TXT");
    assert_eq!(paths(&key), ["/resolve", "/dns-query"]);
}

#[test]
fn dmarc_discovery_fails_temporarily() {
    let s = server();
    let (_, out, _) = run(
        &s,
        &["dmarc", "check", "dmarc-fail.faults.example", "--json"],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let text = v.to_string();
    let finding = v["findings"]
        .as_array()
        .or_else(|| v["dmarc"]["findings"].as_array())
        .unwrap_or_else(|| panic!("{text}"))
        .iter()
        .find(|f| f["code"] == "dmarc-dns-error")
        .unwrap_or_else(|| panic!("{text}"))
        .clone();
    let m = finding["message"].as_str().unwrap();
    assert!(
        m.contains("(dns-servfail); retried on") && m.contains("HTTP 503 (dns-http-error)"),
        "{m}"
    );
}

#[test]
fn retry_after_is_honoured_the_rate_limited_resolver_is_left_alone() {
    let s = server();
    let spf = spf_check(&s, "rest.faults.example");
    assert_eq!(spf["result"], "pass", "{spf}");
    let first = asked(&s, "rest.faults.example", "TXT");
    assert_eq!(paths(&first), ["/resolve", "/dns-query"]);
    // Asked after the 429 with Retry-After 30: straight to the second resolver.
    let include = asked(&s, "rest-include.faults.example", "TXT");
    assert_eq!(paths(&include), ["/dns-query"], "{include:?}");
}

#[test]
fn a_resolver_of_ones_own_without_doh2_is_retried_alone() {
    let s = server();
    let g = s.google_url();
    let (code, out, err) = authlens(&[
        "spf",
        "check",
        "--ip",
        "192.0.2.1",
        "--sender",
        "a@servfail.both.faults.example",
        "--json",
        "--doh",
        &g,
        "--timeout",
        "1",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["spf"]["result"], "temperror");
    assert!(
        v["spf"]["reason"]
            .as_str()
            .unwrap()
            .ends_with("SERVFAIL (dns-servfail) (asked twice)"),
        "{v}"
    );
    let qs = asked(&s, "servfail.both.faults.example", "TXT");
    assert_eq!(
        paths(&qs),
        ["/resolve", "/resolve"],
        "no name goes elsewhere"
    );
    assert!(s.queries().iter().all(|q| q.path == "/resolve"));
    // --doh2 must be a resolver.
    let (code, _, err) = authlens(&[
        "spf",
        "tree",
        "example.com",
        "--doh",
        &g,
        "--doh2",
        "ftp://x",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--doh2"), "{err}");
}
