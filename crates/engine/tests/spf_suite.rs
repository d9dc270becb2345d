//! The OpenSPF test suite for RFC 7208 (`tests/data/spf/rfc7208-tests.yml`, BSD-3-Clause), run
//! against `check_host()` with the suite's mock-DNS rules (see `authlens_engine::dns::zone`).

use std::net::IpAddr;

use authlens_engine::dns::zone::{Encoding, Zone};
use authlens_engine::spf::{check_mail_from, Options};
use yaml_rust2::{Yaml, YamlLoader};

fn text(y: &Yaml) -> String {
    match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Null | Yaml::BadValue => String::new(),
        other => panic!("not a scalar: {other:?}"),
    }
}

#[test]
fn rfc7208_suite() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/spf/rfc7208-tests.yml"
    );
    // Read as Latin-1: some tests are deliberately not ASCII.
    let latin1: String = std::fs::read(path)
        .unwrap()
        .iter()
        .map(|&b| b as char)
        .collect();
    let docs = YamlLoader::load_from_str(&latin1).unwrap();
    let opts = Options {
        default_explanation: Some("DEFAULT".into()),
        ..Options::default()
    };
    let (mut passed, mut failed) = (0, Vec::new());
    let mut choices = Vec::new();
    for doc in &docs {
        let zone = Zone::from_yaml_value(&doc["zonedata"], Encoding::Latin1).unwrap();
        let scenario = text(&doc["description"]);
        let Some(tests) = doc["tests"].as_hash() else {
            continue;
        };
        for (name, t) in tests {
            let name = text(name);
            let ip: IpAddr = text(&t["host"]).parse().unwrap();
            let want: Vec<String> = match &t["result"] {
                Yaml::Array(a) => a.iter().map(text).collect(),
                y => vec![text(y)],
            };
            let e = futures::executor::block_on(check_mail_from(
                &zone,
                ip,
                &text(&t["mailfrom"]),
                &text(&t["helo"]),
                &opts,
            ));
            let got = e.result.as_str();
            let mut ok = want.iter().any(|w| w == got);
            if let Some(exp) = t["explanation"].as_str() {
                if e.explanation.as_deref() != Some(exp) {
                    ok = false;
                }
            }
            if ok {
                passed += 1;
                if want.len() > 1 {
                    choices.push(format!(
                        "{scenario} / {name}: {got} (accepted: {})",
                        want.join(", ")
                    ));
                }
            } else {
                failed.push(format!(
                    "{scenario} / {name}: got {got} ({}; explanation {:?}), want {want:?} {:?}\n  trace: {:?}",
                    e.reason,
                    e.explanation,
                    t["explanation"].as_str(),
                    e.trace.iter().map(|s| s.detail.as_str()).collect::<Vec<_>>()
                ));
            }
        }
    }
    println!("RFC 7208 suite: {passed} passed, {} failed", failed.len());
    for c in &choices {
        println!("  where several results are accepted: {c}");
    }
    assert!(
        failed.is_empty(),
        "{} failures:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert_eq!(passed, 203, "the suite has 203 tests");
}
