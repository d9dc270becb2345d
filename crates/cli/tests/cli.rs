//! The `authlens` binary against the DoH fixture server, in both dialects.

mod common;

use common::{authlens, server};

/// A message written to a file of its own under the temporary folder, for `authlens message FILE`.
fn message_file(tag: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("authlens-{tag}-{}.eml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

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
    // Both runs together: the same questions in each dialect, none asked twice in a run.
    let logged = s.queries();
    let google: Vec<_> = logged.iter().filter(|q| q.path == "/resolve").collect();
    let mut keys: Vec<_> = google
        .iter()
        .map(|q| (q.name.to_ascii_lowercase(), q.rtype.clone()))
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "a question was asked twice: {google:?}");
    assert_eq!(logged.len(), 2 * n, "{logged:?}");
}

#[test]
fn inspect_microsoft_365_domain_as_json() {
    let s = server();
    let (code, out, err) = authlens(&[
        "inspect",
        "fabrikam.example",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in [
        "domain", "resolver", "summary", "spf", "dmarc", "dkim", "mx", "mta_sts", "tls_rpt",
        "bimi", "dnssec", "lookups",
    ] {
        assert!(v.get(k).is_some(), "{k} missing");
    }
    assert_eq!(v["dkim"]["providers"][0], "microsoft365");
    let probes = v["dkim"]["probes"].as_array().unwrap();
    let s1 = probes
        .iter()
        .find(|p| p["selector"] == "selector1")
        .unwrap();
    assert_eq!(s1["status"], "found");
    assert_eq!(s1["key"]["bits"], 2048);
    assert_eq!(
        s1["cname_chain"][0],
        "selector1-fabrikam-example._domainkey.fabrikam.onmicrosoft.com"
    );
    assert_eq!(s1["state"], "found");
    // selector2 is Microsoft 365's standby selector: information, never "fix first".
    let s2 = probes
        .iter()
        .find(|p| p["selector"] == "selector2")
        .unwrap();
    assert_eq!(
        (&s2["status"], &s2["state"]),
        (&"dangling".into(), &"standby".into())
    );
    assert_eq!(s2["findings"][0]["code"], "dkim-standby-selector");
    assert_eq!(v["summary"]["top_findings"][0]["code"], "dmarc-p-none");
    assert_eq!(v["summary"]["next_step"], "quarantine");
    let lines = v["summary"]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 8);
    assert_eq!(lines[0]["protocol"], "SPF");
    assert_eq!(lines[0]["status"], "ok");
}

#[test]
fn inspect_selectors_strict_and_markdown() {
    let s = server();
    let url = s.google_url();
    let (code, out, _) = authlens(&[
        "inspect",
        "badmail.example",
        "--doh",
        &url,
        "--selector",
        "s1024,old",
        "--no-policy-fetch",
    ]);
    assert_eq!(code, 0, "errors only fail with --strict");
    for code in [
        "dkim-key-weak",
        "dkim-key-revoked",
        "spf-include-no-record",
        "mx-host-no-address",
        "bimi-logo-not-https",
        "tlsrpt-rua-invalid",
        "mtasts-syntax",
    ] {
        assert!(out.contains(code), "{code} not in {out}");
    }
    let (code, _, _) = authlens(&[
        "inspect",
        "badmail.example",
        "--doh",
        &url,
        "--strict",
        "--no-policy-fetch",
    ]);
    assert_eq!(code, 1);
    let (code, out, _) = authlens(&["inspect", "fabrikam.example", "--doh", &url, "--markdown"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# Email authentication of `fabrikam.example`"),
        "{out}"
    );
    assert!(out.contains("| DMARC | warning |"), "{out}");
}

#[test]
fn inspect_reads_the_mta_sts_policy() {
    let s = server();
    let policy = format!("{}/files/northwind.example/mta-sts.txt", s.base_url());
    let (code, out, err) = authlens(&[
        "inspect",
        "northwind.example",
        "--doh",
        &s.google_url(),
        "--policy-url",
        &policy,
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["mta_sts"]["policy"]["status"], "fetched",
        "{}",
        v["mta_sts"]
    );
    assert_eq!(
        v["mta_sts"]["policy"]["mode"], "enforce",
        "{}",
        v["mta_sts"]
    );
    assert_eq!(v["summary"]["errors"], 0, "{}", v["summary"]);
    // A policy that does not cover the MX host.
    let bad = format!("{}/files/badmail.example/mta-sts.txt", s.base_url());
    let (_, out, _) = authlens(&[
        "inspect",
        "northwind.example",
        "--doh",
        &s.google_url(),
        "--policy-url",
        &bad,
    ]);
    assert!(out.contains("mtasts-mx-not-covered"), "{out}");
    assert!(out.contains("mtasts-max-age-short"), "{out}");
    // Nothing there.
    let missing = format!("{}/files/nowhere/mta-sts.txt", s.base_url());
    let (_, out, _) = authlens(&[
        "inspect",
        "northwind.example",
        "--doh",
        &s.google_url(),
        "--policy-url",
        &missing,
    ]);
    assert!(out.contains("mtasts-policy-unreachable"), "{out}");
}

#[test]
fn inspect_compares_two_resolvers() {
    let s = server();
    let (code, out, err) = authlens(&[
        "inspect",
        "propagating.example",
        "--doh",
        &s.google_url(),
        "--compare",
        &s.cloudflare_url(),
        "--json",
        "--no-policy-fetch",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diffs = v["comparison"]["differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert_eq!(diffs[0]["name"], "propagating.example");
    assert_eq!(diffs[0]["type"], "TXT");
    assert!(v["comparison"]["same"].as_u64().unwrap() > 10);
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
    // A long timeout: on a loaded machine a slow answer would otherwise time out and be asked
    // again, which is not what this test is about.
    let (code, out, _) = authlens(&[
        "inspect",
        "http-503.example.com",
        "--doh",
        &s.google_url(),
        "--timeout",
        "120",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("HTTP 503"), "{out}");
    // Each question about the failing name is tried twice (one retry); every other once.
    let mut counts = std::collections::HashMap::new();
    for q in s.queries() {
        *counts.entry((q.name.clone(), q.rtype.clone())).or_insert(0) += 1;
    }
    for ((name, t), n) in &counts {
        let expected = if name == "http-503.example.com" { 2 } else { 1 };
        assert_eq!(*n, expected, "{name} {t}");
    }
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
    // The two signatures of one domain are told apart by their selectors.
    let selectors: Vec<&str> = v["message"]["dmarc"]["dkim"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["selector"].as_str().unwrap())
        .collect();
    assert_eq!(selectors, ["brisbane", "test"]);
    let (_, text, _) = authlens(&[
        "message",
        eml,
        "--doh",
        &s.google_url(),
        "--now",
        "1528637909",
    ]);
    assert!(
        text.contains("  DKIM football.example.com s=brisbane pass: aligned")
            && text.contains("  DKIM football.example.com s=test pass: aligned"),
        "{text}"
    );
    let tampered = std::fs::read_to_string(eml)
        .unwrap()
        .replace("hungry", "thirsty");
    let path = message_file("tampered", &tampered);
    let (_, out, _) = authlens(&["message", path.to_str().unwrap(), "--doh", &s.google_url()]);
    assert!(out.contains("fail (body-hash-mismatch)"), "{out}");
    assert!(out.contains("No valid DKIM signature"), "{out}");
    assert!(out.contains("DMARC: fail (disposition reject)"), "{out}");
    let (code, _, err) = authlens(&["message", "/nonexistent.eml", "--doh", &s.google_url()]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent.eml"));
}

/// A message signed with a revoked key: the key says revoked, without a size; the body is not
/// called "headers only"; the coverage of the signature is listed.
#[test]
fn message_with_a_revoked_key_says_so() {
    let s = server();
    let eml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/dkim/dkimpy/revoked.eml"
    );
    let (code, out, err) = authlens(&[
        "message",
        eml,
        "--doh",
        &s.google_url(),
        "--now",
        "1800000000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("fail (key-revoked)"), "{out}");
    assert!(
        out.contains("  key revoked._domainkey.signer.example RSA, revoked (empty p=) [revoked]\n"),
        "{out}"
    );
    assert!(
        out.contains("  body: not checked: the key is revoked (empty p=, RFC 6376 §3.6.1), so the signature fails whatever the body\n"),
        "{out}"
    );
    assert!(!out.contains("headers only"), "{out}");
    assert!(!out.contains("0 bits"), "{out}");
    assert!(
        out.contains("  over-signed: from\n  not over-signed: subject\n"),
        "{out}"
    );
    let (_, out, _) = authlens(&[
        "inspect",
        "signer.example",
        "--selector",
        "revoked",
        "--doh",
        &s.google_url(),
    ]);
    assert!(
        out.contains(
            "  revoked      revoked    revoked._domainkey.signer.example  RSA, revoked (empty p=)"
        ),
        "{out}"
    );
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
    let path = message_file("spf", msg);
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

#[test]
fn message_shows_the_from_name_and_flags_an_address_of_another_domain_in_it() {
    let s = server();
    let msg = "From: \"security@bank.example\" <alerts@bank-secure.example>\r\nReply-To: help@freemail.example\r\nSubject: Verify\r\n\r\nHi\r\n";
    let path = message_file("name", msg);
    let p = path.to_str().unwrap();
    let (code, out, _) = authlens(&["message", p, "--doh", &s.google_url()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("  From: \"security@bank.example\" <alerts@bank-secure.example>\n"),
        "{out}"
    );
    assert!(
        out.contains("warning message-display-name-address  the From name shows security@bank.example, but the message is from alerts@bank-secure.example\n"),
        "{out}"
    );
    let (_, out, _) = authlens(&["message", p, "--doh", &s.google_url(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["message"]["findings"].as_array().unwrap();
    let code_of = |c: &str| findings.iter().find(|f| f["code"] == c).cloned();
    assert_eq!(
        code_of("message-display-name-address").unwrap()["severity"],
        "warning"
    );
    assert_eq!(
        code_of("message-reply-to-elsewhere").unwrap()["message"],
        "replies go to help@freemail.example, outside the From domain bank-secure.example"
    );
    std::fs::remove_file(&path).ok();
}

#[test]
fn text_output_shows_escape_sequences_and_overrides_instead_of_sending_them_to_the_terminal() {
    let s = server();
    // A Subject that would colour the terminal and set its title.
    let msg =
        "From: a@x.example\r\nSubject: hi \x1b[31mred\x1b[0m \x1b]0;owned\x07\r\n\r\nbody\r\n";
    let path = message_file("esc", msg);
    let (_, out, _) = authlens(&["message", path.to_str().unwrap(), "--doh", &s.google_url()]);
    std::fs::remove_file(&path).ok();
    assert!(
        out.contains("  Subject: hi ⟨U+001B⟩[31mred⟨U+001B⟩[0m ⟨U+001B⟩]0;owned⟨U+0007⟩\n"),
        "{out}"
    );
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    // From DNS: hostile.example's records carry a bidi override.
    let (_, out, _) = authlens(&["inspect", "hostile.example", "--doh", &s.google_url()]);
    assert!(out.contains("⟨U+202E⟩"), "{out}");
    assert!(!out.contains('\u{202E}'), "{out:?}");
}

#[test]
fn message_reads_an_outlook_msg_as_headers_only() {
    let s = server();
    let msg = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/requirements/outlook-saved.msg"
    );
    let (code, out, err) = authlens(&[
        "message",
        msg,
        "--doh",
        &s.cloudflare_url(),
        "--json",
        "--now",
        "1528637909",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["source"], "outlook-msg");
    let m = &v["message"];
    assert_eq!(m["headers_only"], true);
    assert_eq!(m["line_endings_normalized"], false);
    assert_eq!(m["subject"], "Is dinner ready?");
    // RFC 8463 A.3's header signatures verify; their bodies cannot be checked.
    let dkim = m["dkim"].as_array().unwrap();
    assert_eq!(dkim.len(), 2);
    for sig in dkim {
        assert_eq!(sig["result"], "pass", "{sig}");
        assert_eq!(sig["body"], "headers-only");
    }
    assert_eq!(m["dmarc"]["result"], "pass");

    let (code, text, _) = authlens(&[
        "message",
        msg,
        "--doh",
        &s.google_url(),
        "--now",
        "1528637909",
    ]);
    assert_eq!(code, 0);
    assert!(
        text.contains("  headers only: body hashes were not checked\n  read from an Outlook .msg: its Internet headers were checked as headers only."),
        "{text}"
    );

    // The same message as .eml says where it came from too.
    let eml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/dkim/rfc8463-a3.eml"
    );
    let (_, out, _) = authlens(&["message", eml, "--doh", &s.google_url(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["source"], "rfc5322");

    // A .msg cut short: exit 2 with what is wrong.
    let bytes = std::fs::read(msg).unwrap();
    let cut = std::env::temp_dir().join(format!("authlens-cut-{}.msg", std::process::id()));
    std::fs::write(&cut, &bytes[..1000]).unwrap();
    let (code, out, err) = authlens(&["message", cut.to_str().unwrap(), "--doh", &s.google_url()]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with(&format!("authlens: {}: damaged .msg file: ", cut.display())),
        "{err}"
    );
    let _ = std::fs::remove_file(&cut);

    // Another kind of file is refused with what it is, not checked as a message without headers.
    let png = std::env::temp_dir().join(format!("authlens-{}.png", std::process::id()));
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    let (code, out, err) = authlens(&["message", png.to_str().unwrap(), "--doh", &s.google_url()]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err.trim_end(),
        format!(
            "authlens: {}: a PNG image, not an email message: save the message from your mail program as .eml (or .msg from Outlook), or paste its source (“Show original”, “View message source”)",
            png.display()
        )
    );
    let _ = std::fs::remove_file(&png);
}

#[test]
fn message_json_has_the_sender_requirements_and_the_filters_verdict() {
    let s = server();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/requirements");
    let marketing = format!("{dir}/marketing-no-one-click.eml");
    let (code, out, err) = authlens(&["message", &marketing, "--doh", &s.google_url(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let m = &v["message"];
    assert_eq!(m["dkim"][0]["result"], "pass");
    let q = &m["requirements"];
    assert_eq!(q["bulk"], true);
    assert_eq!(q["bulk_because"], "it carries List-Id");
    assert_eq!(q["connecting_ip"], "198.51.100.25");
    let rule = |code: &str| {
        q["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code}"))
            .clone()
    };
    let one_click = rule("bulk-one-click-missing");
    assert_eq!(one_click["status"], "fail");
    assert_eq!(one_click["evidence"], "no List-Unsubscribe field");
    assert_eq!(one_click["required_by"][0]["provider"], "Gmail");
    assert_eq!(one_click["required_by"][0]["senders"], "bulk");
    assert!(one_click["fix"].as_str().unwrap().contains("One-Click"));
    // Reverse DNS asked through the resolver, TLS read from the receiver's Received field.
    assert_eq!(rule("bulk-ptr-missing")["status"], "pass");
    assert_eq!(
        rule("bulk-fcrdns-mismatch")["evidence"],
        "mail.deals.example resolves back to 198.51.100.25"
    );
    assert_eq!(rule("bulk-no-tls")["status"], "pass");
    assert_eq!(
        rule("bulk-no-dmarc")["evidence"],
        "deals.example publishes DMARC (p=none)"
    );
    assert_eq!(q["findings"][0]["code"], "bulk-one-click-missing");
    assert_eq!(q["findings"][0]["severity"], "error");
    assert!(m["junk_reason"]
        .as_str()
        .unwrap()
        .starts_with("One-click unsubscribe: no List-Unsubscribe field."));
    assert_eq!(m["antispam"], serde_json::json!([]));

    // The text names the rule, its status and the fix.
    let (_, text, _) = authlens(&["message", &marketing, "--doh", &s.google_url()]);
    assert!(
        text.contains("sender requirements (bulk mail: it carries List-Id):"),
        "{text}"
    );
    assert!(text.contains("  fail    bulk-one-click-missing  One-click unsubscribe: no List-Unsubscribe field  [Gmail bulk, Yahoo bulk]"), "{text}");
    // --transactional: the one-click rules no longer apply.
    let (_, out, _) = authlens(&[
        "message",
        &marketing,
        "--doh",
        &s.google_url(),
        "--json",
        "--transactional",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["message"]["requirements"]["bulk"], false);
    assert!(v["message"]["requirements"]["findings"]
        .as_array()
        .unwrap()
        .is_empty());

    // Microsoft's filter: SCL and BCL decoded, and its verdict is the likely cause.
    let microsoft = format!("{dir}/microsoft-junk.eml");
    let (_, out, _) = authlens(&["message", &microsoft, "--doh", &s.google_url(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let a = v["message"]["antispam"].as_array().unwrap();
    let forefront = a
        .iter()
        .find(|d| d["header"] == "X-Forefront-Antispam-Report")
        .unwrap();
    assert_eq!(forefront["vendor"], "Microsoft");
    let scl = forefront["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "SCL")
        .unwrap();
    assert_eq!(scl["value"], "5");
    assert!(scl["meaning"].as_str().unwrap().contains("spam"), "{scl}");
    let bcl = a
        .iter()
        .find(|d| d["header"] == "X-Microsoft-Antispam")
        .unwrap();
    assert_eq!(bcl["fields"][0]["name"], "BCL");
    assert_eq!(bcl["fields"][0]["value"], "7");
    assert_eq!(
        v["message"]["junk_reason"], forefront["verdict"]["sentence"],
        "the filter's own verdict comes first"
    );
}

#[test]
fn a_header_of_400_kb_is_cut_in_the_text_and_whole_in_the_json() {
    let s = server();
    let long = "x".repeat(400 * 1024);
    let path = message_file(
        "long-subject",
        &format!("From: a@example.com\r\nSubject: {long}\r\n\r\nbody\r\n"),
    );
    let p = path.to_str().unwrap();
    let (_, text, _) = authlens(&["message", p, "--doh", &s.google_url()]);
    assert!(text.len() < 40_000, "{}", text.len());
    assert!(
        text.contains(&format!(
            "… ({} more characters; --json shows them)",
            400 * 1024 + 11 - 2000
        )),
        "{}",
        &text[..3000.min(text.len())]
    );
    let (_, out, _) = authlens(&["message", p, "--doh", &s.google_url(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["message"]["subject"].as_str().unwrap().len(), 400 * 1024);
}
