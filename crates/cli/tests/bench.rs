//! The hidden `authlens bench` command that `tests/bench/cli-vs-python.mjs` times: it must give
//! the verdicts the other commands give, over the zone files, without a resolver.

mod common;

use common::authlens;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `authlens bench KIND --zones tests/fixtures/zones ARGS...`: its exit code and output lines.
fn bench(kind: &str, args: &[&str]) -> (i32, Vec<Value>, String) {
    let zones = root().join("tests/fixtures/zones");
    let mut all = vec!["bench", kind, "--zones", zones.to_str().unwrap()];
    all.extend_from_slice(args);
    let (code, out, err) = authlens(&all);
    (code, lines(&out), err)
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn bench_spf_gives_the_verdicts_of_check_host() {
    let cases =
        std::env::temp_dir().join(format!("authlens-bench-cases-{}.json", std::process::id()));
    std::fs::write(
        &cases,
        r#"[{"ip": "203.0.113.7", "sender": "alice@tree.example", "helo": "mta.example.net"},
            {"ip": "192.0.2.99", "sender": "alice@tree.example", "helo": "mta.example.net"}]"#,
    )
    .unwrap();
    let (code, got, err) = bench(
        "spf",
        &["--iterations", "3", "--cases", cases.to_str().unwrap()],
    );
    let _ = std::fs::remove_file(&cases);
    assert_eq!(code, 0, "{err}");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0]["result"], "pass", "{got:?}");
    assert_eq!(got[1]["result"], "fail", "{got:?}");
    for l in &got {
        assert_eq!(l["iterations"], 3);
        assert!(l["median_ns"].as_u64().unwrap() > 0);
        assert!(l["total_ns"].as_u64().unwrap() >= l["median_ns"].as_u64().unwrap());
    }
}

#[test]
fn bench_dkim_verifies_every_signature() {
    let eml = root().join("tests/data/dkim/rfc8463-a3.eml");
    let (code, got, err) = bench(
        "dkim",
        &[
            "--iterations",
            "2",
            "--now",
            "1528637909",
            eml.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(got.len(), 1, "{got:?}");
    // RFC 8463 A.3 carries an Ed25519 and an RSA signature of the same message.
    assert_eq!(
        got[0]["results"],
        serde_json::json!(["pass", "pass"]),
        "{got:?}"
    );
}

#[test]
fn bench_is_hidden_from_help() {
    let (_, out, _) = authlens(&["--help"]);
    assert!(!out.contains("bench"), "{out}");
}

/// `authlens bench verify`, the floor the message check is timed against: through the DoH
/// resolver of `--doh`, the signatures' results and reasons of `authlens message`, and no query
/// but the keys.
#[test]
fn bench_verify_gives_the_dkim_results_of_message_and_asks_only_for_keys() {
    let s = common::server();
    let url = s.google_url();
    let files: Vec<String> = [
        "rfc8463-a3.eml",
        "dkimpy/rsa-sha1.eml",
        "dkimpy/tamper-body.eml",
        "dkimpy/no-key.eml",
        "dkimpy/revoked.eml",
    ]
    .iter()
    .map(|f| {
        root()
            .join("tests/data/dkim")
            .join(f)
            .to_string_lossy()
            .into_owned()
    })
    .collect();
    let mut args = vec!["--doh", &url, "bench", "verify", "--allow-sha1"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = authlens(&args);
    assert_eq!(code, 0, "{err}");
    let asked = s.queries();
    assert!(
        !asked.is_empty() && asked.iter().all(|q| q.name.contains("._domainkey.")),
        "{asked:?}"
    );
    let got = lines(&out);
    assert_eq!(got.len(), files.len(), "{got:?}");
    for (line, file) in got.iter().zip(&files) {
        assert_eq!(line["input"], file.as_str());
        let (code, out, err) =
            authlens(&["--doh", &url, "message", file, "--json", "--allow-sha1"]);
        assert_eq!(code, 0, "{err}");
        let full: Value = serde_json::from_str(&out).unwrap();
        let sigs = full["message"]["dkim"].as_array().unwrap();
        let results: Vec<&Value> = sigs.iter().map(|s| &s["result"]).collect();
        let reasons: Vec<&Value> = sigs
            .iter()
            .map(|s| s.get("reason").unwrap_or(&Value::Null))
            .collect();
        assert_eq!(line["results"], serde_json::json!(results), "{file}");
        assert_eq!(line["reasons"], serde_json::json!(reasons), "{file}");
    }
    // Every kind of outcome is among them: a pass, a failure, a permerror.
    let all: Vec<&Value> = got
        .iter()
        .flat_map(|l| l["results"].as_array().unwrap())
        .collect();
    for word in ["pass", "fail", "permerror"] {
        assert!(all.iter().any(|r| *r == word), "{word}: {all:?}");
    }
}
