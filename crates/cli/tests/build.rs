//! `authlens spf build`, `authlens dkim keygen` and `authlens mtasts build` against the DoH
//! fixture server (`tests/fixtures/zones`, with the catalogue's includes in `providers.yaml`).

mod common;

use std::path::PathBuf;

use common::{authlens, server};

fn json(args: &[&str]) -> (i32, serde_json::Value, String) {
    let (code, out, err) = authlens(args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v, err)
}

/// A fresh directory of its own under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("authlens-build-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn spf_build_counts_lookups_and_compares_with_what_is_published() {
    let s = server();
    let (code, v, err) = json(&[
        "spf",
        "build",
        "shop.example",
        "--sender",
        "google",
        "--sender",
        "sendgrid",
        "--all",
        "fail",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        v["record"]["text"],
        "v=spf1 include:_spf.google.com include:sendgrid.net -all"
    );
    assert_eq!(v["record"]["name"], "shop.example");
    assert_eq!(v["record"]["host"], "@");
    assert_eq!(v["meter"]["lookups"], 5);
    assert_eq!(v["meter"]["level"], "ok");
    assert_eq!(v["meter"]["terms"][0]["lookups"], 4);
    assert_eq!(v["meter"]["terms"][0]["sender"], "google");
    // shop.example publishes exactly this record.
    assert_eq!(v["comparison"]["same"], true, "{v}");
    // Encoded as the page's URLSearchParams writes it.
    assert_eq!(
        v["query"],
        "domain=shop.example&send=google%2Csendgrid&all=fail"
    );
}

#[test]
fn spf_build_over_the_limit_offers_ways_out() {
    let s = server();
    let (code, v, _) = json(&[
        "spf",
        "build",
        "builder.example",
        "--sender",
        "google,microsoft365,mailchimp,sendgrid,salesforce,mailgun,zendesk",
        "--mx",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["meter"]["level"], "over");
    assert_eq!(v["meter"]["lookups"], 14);
    let ways = v["meter"]["ways_out"].as_array().unwrap();
    assert!(!ways.is_empty());
    assert_eq!(ways[0]["kind"], "drop-sender");
    assert!(ways.iter().any(|w| w["kind"] == "flatten"
        && w["flatten"]["ranges"]
            .as_array()
            .is_some_and(|r| !r.is_empty())));
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"spf-too-many-lookups"), "{codes:?}");
    // Nothing is published at builder.example.
    assert!(v["comparison"]["published"].is_null());

    // The text report lists the ways out.
    let (code, out, _) = authlens(&[
        "spf",
        "build",
        "builder.example",
        "--sender",
        "google,microsoft365,mailchimp,sendgrid,salesforce,mailgun,zendesk",
        "--mx",
        "--doh",
        &s.google_url(),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("lookups: 14/10 lookups, 0/2 void (over)"),
        "{out}"
    );
    assert!(
        out.contains("ways out:") && out.contains("[flatten]"),
        "{out}"
    );
}

#[test]
fn spf_build_flattens_an_include_with_the_stale_warning() {
    let s = server();
    let (code, v, err) = json(&[
        "spf",
        "build",
        "builder.example",
        "--sender",
        "google",
        "--flatten",
        "_spf.google.com",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let text = v["record"]["text"].as_str().unwrap();
    assert!(
        !text.contains("include:")
            && text.contains("ip4:35.190.247.0/24")
            && text.contains("ip6:2001:4860:4000::/36"),
        "{text}"
    );
    assert_eq!(v["meter"]["lookups"], 0);
    assert!(v["record"]["strings"].as_array().unwrap().len() > 1);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "spf-build-flattened"));
    // Salesforce's record is an exists: with a macro: it has no ranges to copy.
    let (code, _, err) = authlens(&[
        "spf",
        "build",
        "builder.example",
        "--sender",
        "salesforce",
        "--flatten",
        "_spf.salesforce.com",
        "--doh",
        &s.google_url(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be replaced by ranges"), "{err}");
}

#[test]
fn spf_build_rejects_bad_input_and_lists_the_catalogue() {
    let (code, _, err) = authlens(&[
        "spf",
        "build",
        "example.com",
        "--sender",
        "nope",
        "--ip",
        "300.1.1.1",
        "--offline",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--sender \"nope\"") && err.contains("--ip \"300.1.1.1\""),
        "{err}"
    );
    let (code, _, err) = authlens(&["spf", "build", "example.com", "--all", "pass", "--offline"]);
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = authlens(&[
        "spf",
        "build",
        "example.com",
        "--offline",
        "--ip",
        "192.0.2.0/24",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("v=spf1 ip4:192.0.2.0/24 ~all"), "{out}");
    let (code, v, _) = json(&["spf", "build", "--list", "--json"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = v["senders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"microsoft365") && ids.contains(&"postmark"),
        "{ids:?}"
    );
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn dkim_keygen_writes_the_key_to_a_file_only() {
    let dir = scratch("keygen");
    for (ty, head) in [("ed25519", "k=ed25519"), ("rsa", "k=rsa")] {
        let file = dir.join(format!("{ty}.pem"));
        let f = file.to_str().unwrap();
        let (code, out, err) = authlens(&[
            "dkim",
            "keygen",
            "--selector",
            "s1",
            "--domain",
            "example.com",
            "--type",
            ty,
            "--out",
            f,
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("s1._domainkey.example.com TXT"), "{out}");
        assert!(out.contains(head), "{out}");
        assert!(!out.contains("PRIVATE KEY") && !err.contains("PRIVATE KEY"));
        let pem = std::fs::read_to_string(&file).unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{pem}");
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600);
        // An existing file is kept.
        let (code, _, err) = authlens(&[
            "dkim",
            "keygen",
            "--selector",
            "s1",
            "--domain",
            "example.com",
            "--type",
            ty,
            "--out",
            f,
        ]);
        assert_eq!(code, 2);
        assert!(err.contains("--force"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), pem);
        // Unless --force, and then it is the owner's only, whatever it was.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let (code, _, err) = authlens(&[
            "dkim",
            "keygen",
            "--selector",
            "s1",
            "--domain",
            "example.com",
            "--type",
            ty,
            "--out",
            f,
            "--force",
        ]);
        assert_eq!(code, 0, "{err}");
        assert_ne!(std::fs::read_to_string(&file).unwrap(), pem);
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dkim_keygen_stdout_json_and_bad_input() {
    // --stdout: standard output is the key alone; the record goes to standard error.
    let (code, out, err) = authlens(&[
        "dkim",
        "keygen",
        "--selector",
        "s2",
        "--domain",
        "example.com",
        "--type",
        "ed25519",
        "--stdout",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("-----BEGIN PRIVATE KEY-----\n")
            && out.trim_end().ends_with("-----END PRIVATE KEY-----"),
        "{out}"
    );
    assert!(err.contains("s2._domainkey.example.com"), "{err}");
    // JSON never carries the private key.
    let dir = scratch("json");
    let file = dir.join("k.pem");
    let (code, v, _) = json(&[
        "dkim",
        "keygen",
        "--selector",
        "s3",
        "--domain",
        "example.com",
        "--out",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["key"]["bits"], 2048);
    assert_eq!(v["key"]["record"]["strings"].as_array().unwrap().len(), 2);
    assert!(!v.to_string().contains("PRIVATE KEY"));
    let _ = std::fs::remove_dir_all(&dir);
    // Without --out or --stdout, clap refuses; bad names are named.
    let (code, _, _) = authlens(&[
        "dkim",
        "keygen",
        "--selector",
        "s",
        "--domain",
        "example.com",
    ]);
    assert_eq!(code, 2);
    let (code, _, err) = authlens(&[
        "dkim",
        "keygen",
        "--selector",
        "bad sel",
        "--domain",
        "example.com",
        "--stdout",
        "--bits",
        "512",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--selector") && err.contains("--bits"),
        "{err}"
    );
}

#[test]
fn mtasts_build_takes_the_mx_hosts_from_dns() {
    let s = server();
    let (code, v, err) = json(&[
        "mtasts",
        "build",
        "northwind.example",
        "--mode",
        "enforce",
        "--max-age",
        "1209600",
        "--id",
        "20261101T000000",
        "--rua",
        "tls-reports@northwind.example",
        "--doh",
        &s.google_url(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["mx_hosts"], serde_json::json!(["smtp.google.com"]));
    assert_eq!(
        v["output"]["policy"]["text"],
        "version: STSv1\r\nmode: enforce\r\nmx: smtp.google.com\r\nmax_age: 1209600\r\n"
    );
    assert_eq!(
        v["output"]["policy"]["url"],
        "https://mta-sts.northwind.example/.well-known/mta-sts.txt"
    );
    assert_eq!(v["output"]["record"]["name"], "_mta-sts.northwind.example");
    assert_eq!(
        v["output"]["tls_rpt"]["text"],
        "v=TLSRPTv1; rua=mailto:tls-reports@northwind.example"
    );
    // The published record has the same id and the same TLS-RPT address.
    assert_eq!(v["comparison"]["record"]["same"], true, "{v}");
    assert_eq!(v["comparison"]["tls_rpt"]["same"], true);
    assert!(
        v["output"]["findings"].as_array().unwrap().is_empty(),
        "{v}"
    );

    // A pattern that leaves the MX host out is an error in enforce mode; the file is written.
    let dir = scratch("mtasts");
    let file = dir.join("mta-sts.txt");
    let (code, out, _) = authlens(&[
        "mtasts",
        "build",
        "northwind.example",
        "--mode",
        "enforce",
        "--mx",
        "mx.other.example",
        "--policy-out",
        file.to_str().unwrap(),
        "--doh",
        &s.google_url(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("mtasts-mx-not-covered"), "{out}");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("mx: mx.other.example\r\n"));
    let _ = std::fs::remove_dir_all(&dir);

    let (code, _, err) = authlens(&[
        "mtasts",
        "build",
        "example.com",
        "--mode",
        "strict",
        "--offline",
    ]);
    assert_eq!(code, 2, "{err}");
}

/// A record that lists no sender is that of a domain that sends no mail: `v=spf1 -all`, unless
/// another `--all` is given, and the finding says so truthfully.
#[test]
fn spf_build_with_no_sender_is_the_no_mail_record() {
    let (code, v, err) = json(&["spf", "build", "parked.example", "--offline", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["record"]["text"], "v=spf1 -all", "{v}");
    assert_eq!(v["all"], "fail");
    assert!(
        v["consequence"]
            .as_str()
            .unwrap()
            .contains("the record of a domain that sends no mail"),
        "{v}"
    );
    let no_sender = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "spf-build-no-sender")
        .expect("spf-build-no-sender");
    assert!(
        no_sender["message"]
            .as_str()
            .unwrap()
            .contains("every message gets fail"),
        "{no_sender}"
    );
    let (code, out, _) = authlens(&[
        "spf",
        "build",
        "parked.example",
        "--offline",
        "--all",
        "softfail",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("v=spf1 ~all"), "{out}");
    assert!(out.contains("should publish v=spf1 -all"), "{out}");
}
