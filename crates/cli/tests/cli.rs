//! The `authlens` binary against the DoH fixture server, in both dialects.

mod common;

use common::{authlens, server};

#[test]
fn inspect_json_in_both_dialects() {
    let s = server();
    for url in [s.google_url(), s.cloudflare_url()] {
        let (code, out, err) = authlens(&["inspect", "example.com", "--doh", &url, "--json"]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["domain"], "example.com");
        assert_eq!(v["resolver"], url.as_str());
        let apex = &v["lookups"][0];
        assert_eq!(apex["name"], "example.com");
        assert_eq!(apex["status"], "ok");
        let texts: Vec<&str> = apex["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["data"]["text"].as_str().unwrap())
            .collect();
        assert!(
            texts.contains(&"v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all"),
            "{texts:?}"
        );
        assert_eq!(v["lookups"][1]["name"], "_dmarc.example.com");
        assert_eq!(
            v["lookups"][1]["records"][0]["data"]["text"],
            "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
        );
    }
    let logged = s.queries();
    assert_eq!(logged.len(), 4, "{logged:?}");
}

#[test]
fn inspect_text_shows_split_strings_and_missing_records() {
    let s = server();
    let (code, out, _) = authlens(&["inspect", "split.example.net", "--doh", &s.cloudflare_url()]);
    assert_eq!(code, 0);
    assert!(
        out.contains(r#""v=spf1 ip4:198.51.100.0/24 " "-all""#),
        "{out}"
    );
    assert!(out.contains("NXDOMAIN"), "{out}");
}

#[test]
fn temporary_failures_exit_1_and_say_why() {
    let s = server();
    let (code, out, _) = authlens(&["inspect", "http-503.example.com", "--doh", &s.google_url()]);
    assert_eq!(code, 1);
    assert!(out.contains("HTTP 503"), "{out}");
    // The apex fails and is tried twice; _dmarc.http-503.example.com is a plain NXDOMAIN, asked once.
    assert_eq!(s.queries().len(), 3, "{:?}", s.queries());
}

#[test]
fn bad_input_exits_2_with_position() {
    let (code, _, err) = authlens(&["inspect", "exa mple.com", "--doh", "http://127.0.0.1:9"]);
    assert_eq!(code, 2);
    assert!(err.contains("position 4"), "{err}");
    let (code, _, err) = authlens(&["inspect", "example.com", "--doh", "ftp://x"]);
    assert_eq!(code, 2);
    assert!(err.contains("--doh"), "{err}");
}

#[test]
fn message_check_verifies_rfc8463_and_reports_tampering() {
    let s = server();
    let eml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/dkim/rfc8463-a3.eml"
    );
    let (code, out, err) = authlens(&[
        "message",
        eml,
        "--doh",
        &s.cloudflare_url(),
        "--json",
        "--now",
        "1528637909",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let dkim = v["message"]["dkim"].as_array().unwrap();
    assert_eq!(dkim.len(), 2);
    for sig in dkim {
        assert_eq!(sig["result"], "pass");
        assert_eq!(sig["domain"], "football.example.com");
        assert!(sig["selector"].is_string());
    }
    assert_eq!(v["message"]["from_domain"], "football.example.com");
    assert_eq!(v["message"]["dmarc"]["result"], "pass");
    assert_eq!(v["message"]["dmarc"]["dkim"][0]["aligned"], true);
    let tampered = std::fs::read_to_string(eml)
        .unwrap()
        .replace("hungry", "thirsty");
    let path = std::env::temp_dir().join(format!("authlens-tampered-{}.eml", std::process::id()));
    std::fs::write(&path, tampered).unwrap();
    let (_, out, _) = authlens(&["message", path.to_str().unwrap(), "--doh", &s.google_url()]);
    assert!(out.contains("fail (body-hash-mismatch)"), "{out}");
    assert!(out.contains("No valid DKIM signature"), "{out}");
    assert!(out.contains("DMARC: fail (disposition reject)"), "{out}");
    let (code, _, err) = authlens(&["message", "/nonexistent.eml", "--doh", &s.google_url()]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent.eml"));
}

#[test]
fn dmarc_check_lint_build() {
    let s = server();
    let (code, out, _) = authlens(&[
        "dmarc",
        "check",
        "news.bigco.example.org",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(code, 1, "the unauthorized report address is an error");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["dmarc"]["policy_domain"], "bigco.example.org");
    assert_eq!(v["dmarc"]["applies"], "sp");
    assert_eq!(v["dmarc"]["effective_policy"], "quarantine");
    assert_eq!(v["dmarc"]["steps"][0]["status"], "none");
    assert_eq!(v["dmarc"]["organizational_domain"], "bigco.example.org");
    assert_eq!(v["psl_organizational_domain"], "example.org");
    let auth = v["dmarc"]["report_authorizations"].as_array().unwrap();
    assert_eq!(auth.len(), 2);
    assert_eq!(auth[0]["authorized"], true);
    assert_eq!(auth[1]["authorized"], false);
    let (code, out, _) = authlens(&[
        "dmarc",
        "lint",
        "v = DMARC1 ; p = reject ; rua = mailto:d@example.com",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("policy reject"), "{out}");
    let (code, out, _) = authlens(&["dmarc", "lint", "p=reject; v=DMARC1", "--json"]);
    assert_eq!(code, 1);
    assert!(out.contains("dmarc-version-not-first"));
    let (code, out, _) = authlens(&[
        "dmarc",
        "build",
        "--p",
        "reject",
        "--np",
        "reject",
        "--rua",
        "mailto:agg@reports.example.net",
        "--testing",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        "v=DMARC1; p=reject; np=reject; rua=mailto:agg@reports.example.net; t=y"
    );
    let (code, _, err) = authlens(&["dmarc", "build", "--p", "block"]);
    assert_eq!(code, 2);
    assert!(err.contains("none, quarantine or reject"));
}

#[test]
fn message_spf_alignment_with_the_connecting_ip() {
    let s = server();
    let msg = "Return-Path: <bounces@shop.example>\r\nReceived: from o1.sendgrid.example (o1.sendgrid.example [167.89.1.2]) by mx.receiver.example; Fri, 27 Nov 2026 10:00:05 +0000\r\nFrom: Shop <news@shop.example>\r\nSubject: Sale\r\n\r\nHi\r\n";
    let path = std::env::temp_dir().join(format!("authlens-spf-{}.eml", std::process::id()));
    std::fs::write(&path, msg).unwrap();
    let p = path.to_str().unwrap();
    let (_, out, _) = authlens(&["message", p, "--doh", &s.google_url(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["message"]["suggested_ip"], "167.89.1.2");
    assert_eq!(
        v["message"]["dmarc"]["result"], "fail",
        "without the IP, SPF is not evaluated"
    );
    let (_, out, _) = authlens(&[
        "message",
        p,
        "--ip",
        "167.89.1.2",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["message"]["spf"]["result"], "pass");
    assert_eq!(v["message"]["dmarc"]["spf"]["aligned"], true);
    assert_eq!(v["message"]["dmarc"]["result"], "pass");
    let (code, _, err) = authlens(&["message", p, "--ip", "nope", "--doh", &s.google_url()]);
    assert_eq!(code, 2);
    assert!(err.contains("--ip"));
}
