//! The ARC validation suite (`tests/data/arc/arc-draft-validation-tests.yml`, ValiMail, MIT), run
//! against `arc::validate` the way the suite's own runner (`testarc.py` with
//! `runners/validatedkimpy.py`) runs dkimpy:
//!
//! - each scenario's `txt-records` become the only DNS (names not listed are NXDOMAIN);
//! - each `message` (LF line endings in the YAML) is written out as it is and read by a parser that
//!   takes LF or CRLF and hashes CRLF (dkimpy's `rfc822_parse`): `message::parse` does the same
//!   LF-to-CRLF conversion;
//! - the expected `cv` is compared case-insensitively with the result word.
//!
//! An empty `cv` (three tests: `cv_fail_i1_as_cv_fail`, `cv_fail_i2_as2_fail`,
//! `cv_fail_i2_as1_fail`) is what the runner prints when dkimpy returns no status at all: dkimpy
//! returns `None` ("the chain is terminated") when an ARC-Seal says `cv=fail`, and the runner then
//! writes nothing. RFC 8617 §5.2 steps 2 and 3.3 make that chain `fail`, which is what
//! `validate` returns; the test requires `fail` with the reason `cv-fail-in-chain` for them.
//!
//! The file repeats four test names inside one scenario (`as_fields_b_head_case`,
//! `as_fields_b_head_unfold`, `as_fields_b_eol_wsp`, `as_fields_b_inl_wsp`). YAML loaders keep the
//! later test under a repeated key, which is how the suite counts 171 tests; this runner does the
//! same for the count, and checks the four shadowed earlier versions as well (dkimpy passes them
//! too). `yaml_rust2`'s `YamlLoader` rejects repeated keys, hence the small event reader below.

use authlens_engine::arc::{self, ChainStatus};
use authlens_engine::dkim::Options;
use authlens_engine::dns::zone::Zone;
use authlens_engine::message;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A YAML node whose mappings keep every pair, repeated keys included.
#[derive(Debug, Clone)]
enum Node {
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            // The last pair wins, as in PyYAML.
            Node::Map(pairs) => pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn text(&self) -> String {
        match self {
            Node::Scalar(s) => s.clone(),
            other => panic!("not a scalar: {other:?}"),
        }
    }

    fn pairs(&self) -> &[(String, Node)] {
        match self {
            Node::Map(p) => p,
            _ => &[],
        }
    }
}

#[derive(Default)]
struct DmarcBuilder {
    stack: Vec<(Node, Option<String>)>,
    docs: Vec<Node>,
}

impl DmarcBuilder {
    fn push_value(&mut self, v: Node) {
        match self.stack.last_mut() {
            None => self.docs.push(v),
            Some((Node::Seq(items), _)) => items.push(v),
            Some((Node::Map(pairs), key)) => match key.take() {
                None => *key = Some(v.text()),
                Some(k) => pairs.push((k, v)),
            },
            Some((Node::Scalar(_), _)) => unreachable!("scalars hold no children"),
        }
    }
}

impl MarkedEventReceiver for DmarcBuilder {
    fn on_event(&mut self, ev: Event, _mark: Marker) {
        match ev {
            Event::Scalar(s, ..) => self.push_value(Node::Scalar(s)),
            Event::SequenceStart(..) => self.stack.push((Node::Seq(Vec::new()), None)),
            Event::MappingStart(..) => self.stack.push((Node::Map(Vec::new()), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _)) = self.stack.pop() {
                    self.push_value(node);
                }
            }
            _ => {}
        }
    }
}

fn load(text: &str) -> Vec<Node> {
    let mut b = DmarcBuilder::default();
    Parser::new_from_str(text).load(&mut b, true).unwrap();
    b.docs
}

/// The time of the checks: 3 January 2017, when the suite's messages were written (their `t=` are
/// 12345 and 12346, long before).
const NOW: u64 = 1_483_475_522;

struct Outcome {
    ok: bool,
    line: String,
}

fn run_one(zone: &Zone, name: &str, test: &Node) -> Outcome {
    let want = test
        .get("cv")
        .map(Node::text)
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let raw = test.get("message").map(Node::text).unwrap_or_default();
    let msg = message::parse(raw.as_bytes());
    let opts = Options {
        now: Some(NOW),
        allow_sha1: false,
    };
    let r = futures::executor::block_on(arc::validate(
        zone,
        &authlens_engine::crypto::RustCrypto,
        &msg,
        &opts,
    ));
    let got = r.cv.as_str();
    let ok = if want.is_empty() {
        r.cv == ChainStatus::Fail && r.reason == Some("cv-fail-in-chain")
    } else {
        got == want
    };
    Outcome {
        ok,
        line: format!(
            "{name}: got {got} ({}: {}), want {:?}",
            r.reason.unwrap_or("-"),
            r.detail,
            if want.is_empty() {
                "<empty>: fail by cv-fail-in-chain"
            } else {
                &want
            }
        ),
    }
}

#[test]
fn arc_validation_suite() {
    let docs = suite();
    // ARC_SUITE_VERBOSE=1 prints every test with the reason given.
    let verbose = std::env::var_os("ARC_SUITE_VERBOSE").is_some();
    assert_eq!(docs.len(), 10, "the suite has 10 scenarios");
    let (mut total, mut passed, mut shadowed) = (0, 0, 0);
    let mut failures = Vec::new();
    for doc in &docs {
        let scenario = doc.get("description").map(Node::text).unwrap_or_default();
        let mut zone = Zone::new();
        for (name, record) in doc.get("txt-records").map(Node::pairs).unwrap_or(&[]) {
            zone = zone.with_txt(name, &[&record.text()]);
        }
        let tests = doc.get("tests").map(Node::pairs).unwrap_or(&[]);
        let (mut s_total, mut s_passed) = (0, 0);
        for (i, (name, test)) in tests.iter().enumerate() {
            let later = tests[i + 1..].iter().any(|(n, _)| n == name);
            let o = run_one(&zone, name, test);
            if verbose {
                println!("  {} {}", if o.ok { "ok  " } else { "FAIL" }, o.line);
            }
            if later {
                shadowed += 1;
                if !o.ok {
                    failures.push(format!("{scenario} / (shadowed) {}", o.line));
                }
                continue;
            }
            s_total += 1;
            if o.ok {
                s_passed += 1;
            } else {
                failures.push(format!("{scenario} / {}", o.line));
            }
        }
        println!("{scenario}: {s_passed}/{s_total}");
        total += s_total;
        passed += s_passed;
    }
    println!(
        "ARC validation suite: {passed}/{total} (and {shadowed} tests shadowed by a repeated name, checked too)"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!((passed, total), (171, 171), "the suite has 171 tests");
    assert_eq!(shadowed, 4);
}

/// The suite's scenarios and tests by name (the last of a repeated name).
fn suite() -> Vec<Node> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/arc/arc-draft-validation-tests.yml"
    );
    load(&std::fs::read_to_string(path).unwrap())
}

fn find(docs: &[Node], test: &str) -> (Zone, String) {
    for doc in docs {
        if let Some(t) = doc.get("tests").and_then(|t| t.get(test)) {
            let mut zone = Zone::new();
            for (name, record) in doc.get("txt-records").map(Node::pairs).unwrap_or(&[]) {
                zone = zone.with_txt(name, &[&record.text()]);
            }
            return (zone, t.get("message").map(Node::text).unwrap_or_default());
        }
    }
    panic!("no test {test}");
}

fn check<R: authlens_engine::Resolver>(resolver: &R, raw: &str) -> arc::ArcReport {
    futures::executor::block_on(arc::validate(
        resolver,
        &authlens_engine::crypto::RustCrypto,
        &message::parse(raw.as_bytes()),
        &Options {
            now: Some(NOW),
            allow_sha1: false,
        },
    ))
}

/// A resolver that counts the questions it is asked.
struct Counting {
    zone: Zone,
    asked: std::cell::RefCell<Vec<String>>,
}

impl authlens_engine::Resolver for Counting {
    async fn query(
        &self,
        name: &str,
        rtype: authlens_engine::RecordType,
    ) -> Result<authlens_engine::Lookup, authlens_engine::DnsError> {
        self.asked.borrow_mut().push(name.to_string());
        self.zone.query(name, rtype).await
    }
}

#[test]
fn oldest_pass_and_set_results() {
    let docs = suite();
    // Every AMS of an untouched chain verifies: oldest-pass is 0.
    let (zone, raw) = find(&docs, "cv_pass_i3_1");
    let r = check(&zone, &raw);
    assert_eq!(
        (r.cv, r.oldest_pass),
        (ChainStatus::Pass, Some(0)),
        "{}",
        r.detail
    );
    assert_eq!(r.sets.len(), 3);
    for s in &r.sets {
        assert_eq!(s.seal_check.result, arc::Outcome::Pass);
        assert_eq!(s.ams_check.result, arc::Outcome::Pass);
        assert!(s.ams_check.body_checked);
        assert_eq!(s.seal_check.key_bits, Some(1024));
    }
    let latest = &r.sets[2];
    assert_eq!(latest.seal.as_ref().unwrap().timestamp, Some(12347));
    assert_eq!(
        latest.auth_results.as_ref().unwrap().results.authserv_id,
        "lists.example.org"
    );
    // The AMS of set 1 is broken, the chain still passes: oldest-pass is 2.
    let (zone, raw) = find(&docs, "cv_pass_i2_1_ams1_invalid");
    let r = check(&zone, &raw);
    assert_eq!(
        (r.cv, r.oldest_pass),
        (ChainStatus::Pass, Some(2)),
        "{}",
        r.detail
    );
    assert_eq!(r.sets[0].ams_check.result, arc::Outcome::Fail);
    assert!(r.findings.iter().any(|f| f.code == "arc-older-ams-failed"));
    assert_eq!(r.findings[0].code, "arc-historic");
}

#[test]
fn keys_are_asked_once_each() {
    let docs = suite();
    let (zone, raw) = find(&docs, "cv_pass_i5_1");
    let counting = Counting {
        zone,
        asked: Default::default(),
    };
    assert_eq!(check(&counting, &raw).cv, ChainStatus::Pass);
    // Ten signatures, one key.
    assert_eq!(*counting.asked.borrow(), ["dummy._domainkey.example.org"]);
    let (zone, raw) = find(&docs, "ams_as_diff_s_d");
    let counting = Counting {
        zone,
        asked: Default::default(),
    };
    assert_eq!(check(&counting, &raw).cv, ChainStatus::Pass);
    assert_eq!(counting.asked.borrow().len(), 2);
}

#[test]
fn temporary_dns_failure_is_fail_but_flagged() {
    let docs = suite();
    let (_, raw) = find(&docs, "cv_pass_i1_1");
    let zone = Zone::from_yaml("dummy._domainkey.example.org:\n  - TIMEOUT\n").unwrap();
    let r = check(&zone, &raw);
    assert_eq!(r.cv, ChainStatus::Fail);
    assert_eq!(r.reason, Some("key-unavailable"));
    assert!(r.temporary && r.is_temporary());
    assert!(r.findings.iter().any(|f| f.code == "arc-key-unavailable"));
    assert_eq!(r.sets[0].seal_check.result, arc::Outcome::TempError);
}

#[test]
fn headers_only_and_crlf_input() {
    let docs = suite();
    let (zone, raw) = find(&docs, "cv_pass_i1_1");
    let crlf = raw.replace('\n', "\r\n");
    assert_eq!(check(&zone, &crlf).cv, ChainStatus::Pass);
    let headers = &raw[..raw.find("\n\n").unwrap() + 1];
    let r = check(&zone, headers);
    assert_eq!(r.cv, ChainStatus::Pass, "{}", r.detail);
    assert!(!r.sets[0].ams_check.body_checked);
    // A footer added after sealing breaks the latest AMS, and says it was the body.
    let r = check(&zone, &format!("{raw}-- \nthe list footer\n"));
    assert_eq!((r.cv, r.reason), (ChainStatus::Fail, Some("ams-body-hash")));
    assert!(r.findings.iter().any(|f| f.code == "arc-ams-failed"));
}
