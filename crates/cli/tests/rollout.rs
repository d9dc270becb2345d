//! The CLI's views of the DMARC rollout agree with its JSON: for each domain of the consistency
//! matrix (tests/fixtures/zones/rollout.yaml), `inspect` as text and as Markdown say the JSON's
//! DMARC line, journey and next action; `dmarc plan --domain` puts the domain at the stage the
//! journey names; `dmarc build --pct` writes the ramp's records.

mod common;

use common::{authlens, server};

const MATRIX: [&str; 9] = [
    "none", "q25", "qt", "q", "r10", "rt", "r", "norecord", "invalid",
];

/// `authlens inspect DOMAIN` against the fixture, selector `ramp`, with `extra` (`--json`,
/// `--markdown` or nothing): its output.
fn inspect(url: &str, domain: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "inspect",
        domain,
        "--doh",
        url,
        "--doh2",
        "none",
        "--selector",
        "ramp",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = authlens(&args);
    assert!(code == 0 || code == 1, "{err}");
    out
}

fn inspect_json(url: &str, domain: &str) -> serde_json::Value {
    serde_json::from_str(&inspect(url, domain, &["--json"])).unwrap()
}

#[test]
fn text_markdown_and_json_say_the_same() {
    let s = server();
    let url = s.google_url();
    for name in MATRIX {
        let domain = format!("{name}.ramp.example");
        let v = inspect_json(&url, &domain);
        let summary = &v["summary"];
        let line = summary["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["protocol"] == "DMARC")
            .unwrap();
        assert_eq!(line["status"], summary["dmarc"]["status"], "{domain}");
        assert_eq!(line["verdict"], summary["dmarc"]["headline"], "{domain}");
        let text = inspect(&url, &domain, &[]);
        let md = inspect(&url, &domain, &["--markdown"]);
        let verdict = line["verdict"].as_str().unwrap();
        let status = line["status"].as_str().unwrap();
        assert!(
            text.contains(&format!("DMARC    {status:<8} {verdict}")),
            "{domain}:\n{text}"
        );
        assert!(
            md.contains(&format!("| DMARC | {status} | {verdict} |")),
            "{domain}"
        );
        let next = summary["next_action"].as_str().unwrap();
        assert!(text.contains(&format!("next: {next}")), "{domain}:\n{text}");
        assert!(md.contains(next), "{domain}");
        for step in summary["journey"].as_array().unwrap() {
            let mark = match step["state"].as_str().unwrap() {
                "done" => "[x]",
                "partial" => "[~]",
                "unknown" => "[?]",
                _ => "[ ]",
            };
            let label = match step["note"].as_str() {
                Some(n) => format!("{} (partial: {n})", step["title"].as_str().unwrap()),
                None => step["title"].as_str().unwrap().to_string(),
            };
            let want = format!("{mark} {label}");
            assert!(text.contains(&want), "{domain}: {want:?} not in\n{text}");
            assert!(md.contains(&want), "{domain}: {want:?}");
        }
    }
}

#[test]
fn the_partial_domains_name_their_lever() {
    let s = server();
    let url = s.google_url();
    for (name, step, lever, text) in [
        (
            "r10",
            "reject",
            "Raise pct from 10 to 100 (or remove it)",
            "p=reject; pct=10",
        ),
        ("qt", "quarantine", "Remove t=y", "p=quarantine; t=y"),
    ] {
        let domain = format!("{name}.ramp.example");
        let v = inspect_json(&url, &domain);
        let journey = v["summary"]["journey"].as_array().unwrap();
        let st = journey.iter().find(|s| s["id"] == step).unwrap();
        assert_eq!(st["state"], "partial", "{domain}");
        assert_eq!(st["note"], text, "{domain}");
        assert_eq!(v["summary"]["next_step"], step, "{domain}");
        assert!(
            v["summary"]["next_action"]
                .as_str()
                .unwrap()
                .starts_with(lever),
            "{domain}: {}",
            v["summary"]["next_action"]
        );
        let (_, out, _) = authlens(&[
            "inspect",
            &domain,
            "--doh",
            &url,
            "--doh2",
            "none",
            "--selector",
            "ramp",
        ]);
        assert!(out.contains(&format!("next: {lever}")), "{out}");
        assert!(
            out.contains(&format!("[~] p={step} (partial: {text})")),
            "{out}"
        );
    }
}

#[test]
fn the_plan_puts_the_domain_where_the_journey_does() {
    let s = server();
    let url = s.google_url();
    for name in ["none", "q25", "qt", "q", "r10", "rt", "r"] {
        let domain = format!("{name}.ramp.example");
        let v = inspect_json(&url, &domain);
        let e = &v["summary"]["dmarc"]["enforcement"];
        for ramp in ["testing", "pct", "both"] {
            let (code, out, err) = authlens(&[
                "dmarc",
                "plan",
                "--doh",
                &url,
                "--doh2",
                "none",
                "--rua",
                &format!("dmarc@{domain}"),
                "--ramp",
                ramp,
                "--domain",
                &domain,
                "--json",
            ]);
            assert_eq!(code, 0, "{err}");
            let p: serde_json::Value = serde_json::from_str(&out).unwrap();
            let here = p["you_are_here"].as_u64().unwrap() as usize;
            let stage = &p["stages"][here - 1]["enforcement"];
            assert_eq!(
                (&stage["quarantine"], &stage["reject"]),
                (&e["quarantine"], &e["reject"]),
                "{domain} {ramp}"
            );
            assert_eq!(
                p["published"]["headline"],
                v["summary"]["dmarc"]["headline"]
            );
        }
    }
    // The text marks the stage.
    let (_, out, _) = authlens(&[
        "dmarc",
        "plan",
        "--doh",
        &url,
        "--doh2",
        "none",
        "--domain",
        "r10.ramp.example",
    ]);
    assert!(
        out.contains("4. Reject, testing (t=y) (1 to 2 weeks)  <- you are here"),
        "{out}"
    );
    assert!(
        out.starts_with("r10.ramp.example: p=reject; pct=10: "),
        "{out}"
    );
}

#[test]
fn build_writes_pct_and_says_what_receivers_do() {
    let (code, out, _) = authlens(&["dmarc", "build", "--p", "reject", "--pct", "10"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "v=DMARC1; p=reject; pct=10");
    let (code, out, _) = authlens(&[
        "dmarc",
        "build",
        "--p",
        "quarantine",
        "--testing",
        "--pct",
        "25",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["record"], "v=DMARC1; p=quarantine; t=y; pct=25");
    assert_eq!(v["enforcement"]["receivers"][0]["receivers"], "rfc9989");
    assert_eq!(
        v["enforcement"]["receivers"][0]["text"],
        "deliver failing mail as usual"
    );
    assert_eq!(
        v["enforcement"]["receivers"][1]["text"],
        "quarantine 25 % of failing mail and deliver the other 75 % as usual"
    );
    // Out of range: refused before anything is printed.
    let (code, out, err) = authlens(&["dmarc", "build", "--p", "reject", "--pct", "150"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("150 is not in 0..=100"), "{err}");
    // Each stage of a pct ramp is a record the linter passes without error.
    let (code, out, _) = authlens(&[
        "dmarc",
        "plan",
        "--rua",
        "d@example.com",
        "--ramp",
        "pct",
        "--steps",
        "10,50",
        "--json",
    ]);
    assert_eq!(code, 0);
    let p: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stages = p["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 7);
    for st in stages {
        let (code, _, _) = authlens(&["dmarc", "lint", st["record"].as_str().unwrap()]);
        assert_eq!(code, 0, "{}", st["record"]);
    }
}
