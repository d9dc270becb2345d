//! Hostile sizes end in bounded work with a clear message (docs/bounds.md): a 10 MB message,
//! a message with a thousand header fields of which a thousand are DKIM-Signatures, an SPF record
//! that tries a thousand includes, and an explanation macro that would expand to megabytes. Each
//! test counts the DNS queries, the work that grows with hostile input, and checks the message
//! the user sees. (Wall time is measured in `make bench`, never asserted here.)

use std::cell::Cell;
use std::net::IpAddr;

use authlens_engine::dkim::MAX_SIGNATURES;
use authlens_engine::dns::zone::Zone;
use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};
use authlens_engine::message::check::{check, CheckOptions};
use authlens_engine::spf::{self, macros::MAX_EXPANSION, SpfResult};
use futures::executor::block_on;

/// A zone that counts the queries asked of it.
struct Counting {
    zone: Zone,
    asked: Cell<usize>,
}

impl Counting {
    fn new(yaml: &str) -> Counting {
        Counting {
            zone: Zone::from_yaml(yaml).unwrap(),
            asked: Cell::new(0),
        }
    }
}

impl Resolver for Counting {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        self.asked.set(self.asked.get() + 1);
        self.zone.answer(name, rtype)
    }
}

fn codes(findings: &[authlens_engine::diag::Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code).collect()
}

fn signature(i: usize) -> String {
    format!(
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=s{i}.example; s=sel;\r\n h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n"
    )
}

#[test]
fn a_thousand_signatures_cost_what_ten_cost() {
    let mut msg = String::new();
    for i in 0..1000 {
        msg.push_str(&signature(i));
    }
    msg.push_str("From: a@example.com\r\nTo: b@example.net\r\nSubject: many\r\n\r\nbody\r\n");
    let r = Counting::new("{}");
    let report = block_on(check(
        &r,
        &authlens_engine::crypto::RustCrypto,
        msg.as_bytes(),
        &CheckOptions::default(),
    ));
    assert_eq!(report.header_count, 1003);
    assert_eq!(report.dkim.len(), 1000, "every signature is listed");
    let verified = report
        .dkim
        .iter()
        .filter(|s| s.reason != Some("not-verified"))
        .count();
    assert_eq!(verified, MAX_SIGNATURES);
    assert!(report.dkim[MAX_SIGNATURES..]
        .iter()
        .all(|s| s.result == "neutral" && s.detail.contains("only the first 10 of 1000")));
    assert!(codes(&report.findings).contains(&"message-too-many-signatures"));
    // Per verified signature a key query and the DMARC walk of its domain (for alignment), plus
    // the From domain's walk: a few dozen, whatever the number of signatures.
    assert!(
        r.asked.get() <= (MAX_SIGNATURES + 1) * 6,
        "{} queries",
        r.asked.get()
    );
}

#[test]
fn a_thousand_header_fields_are_read_once_each() {
    let mut msg = String::from("From: a@example.com\r\n");
    for i in 0..999 {
        msg.push_str(&format!(
            "Received: from h{i}.example ([192.0.2.{}]) by mx.example; Sat, 28 Nov 2026 10:00:00 +0000\r\n",
            i % 250
        ));
    }
    msg.push_str("\r\nbody\r\n");
    let r = Counting::new("{}");
    let report = block_on(check(
        &r,
        &authlens_engine::crypto::RustCrypto,
        msg.as_bytes(),
        &CheckOptions::default(),
    ));
    assert_eq!(report.header_count, 1000);
    assert_eq!(report.received.len(), 999);
    assert!(codes(&report.findings).contains(&"message-unsigned"));
}

#[test]
fn a_ten_megabyte_message_is_checked_whole() {
    let mut msg = String::from(
        "From: a@example.com\r\nTo: b@example.net\r\nSubject: big\r\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel; h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n\r\n",
    );
    let line = format!("{}\r\n", "x".repeat(998));
    while msg.len() < 10 * 1024 * 1024 {
        msg.push_str(&line);
    }
    let r = Counting::new("{}");
    let report = block_on(check(
        &r,
        &authlens_engine::crypto::RustCrypto,
        msg.as_bytes(),
        &CheckOptions::default(),
    ));
    assert_eq!(report.header_count, 4);
    assert_eq!(report.dkim.len(), 1);
    // No key in the zone: the signature cannot be verified, and says why.
    assert_eq!(report.dkim[0].result, "permerror");
    assert!(!report.dkim[0].detail.is_empty());
}

/// `v=spf1 include:i0.example … include:i999.example -all`, each include a record of its own.
fn thousand_includes() -> String {
    let mut yaml = String::from("many.example:\n  - TXT: \"v=spf1");
    for i in 0..1000 {
        yaml.push_str(&format!(" include:i{i}.example"));
    }
    yaml.push_str(" -all\"\n");
    for i in 0..1000 {
        yaml.push_str(&format!(
            "i{i}.example:\n  - TXT: \"v=spf1 ip4:198.51.100.{} -all\"\n",
            i % 250
        ));
    }
    yaml
}

#[test]
fn an_spf_record_with_a_thousand_includes_stops_at_the_limit() {
    let r = Counting::new(&thousand_includes());
    let ip: IpAddr = "203.0.113.9".parse().unwrap();
    let e = block_on(spf::check_host(
        &r,
        ip,
        "many.example",
        "a@many.example",
        "mx.many.example",
        &spf::Options::default(),
    ));
    assert_eq!(e.result, SpfResult::PermError);
    assert!(e.reason.contains("10"), "{}", e.reason);
    // The record, then ten includes: the eleventh is the permerror, never asked.
    assert!(r.asked.get() <= 12, "{} queries", r.asked.get());

    let r = Counting::new(&thousand_includes());
    let tree = block_on(spf::tree::inspect(&r, "many.example"));
    // Every include is listed (the record names them), but only the first MAX_NODES are fetched;
    // the rest say "not followed".
    let mut fetched = 0;
    let mut listed = 0;
    let mut stack = vec![&tree.root];
    while let Some(n) = stack.pop() {
        listed += 1;
        if n.status != spf::tree::NodeStatus::NotFollowed {
            fetched += 1;
        }
        stack.extend(n.children.iter());
    }
    assert_eq!(listed, 1001);
    assert!(fetched <= spf::tree::MAX_NODES, "{fetched} fetched");
    assert!(
        r.asked.get() <= 2 * spf::tree::MAX_NODES,
        "{} queries",
        r.asked.get()
    );
    assert!(tree.lookups > 10);
    let over = tree
        .findings
        .iter()
        .find(|f| f.code == "spf-too-many-lookups")
        .expect("spf-too-many-lookups");
    // The first eight over the limit by name, then a count: a short message, not 990 names.
    assert!(over.message.ends_with("and 982 more"), "{}", over.message);
    assert!(over.message.len() < 1000, "{} bytes", over.message.len());
}

#[test]
fn an_explanation_that_would_expand_to_megabytes_is_cut() {
    // 20,000 × %{l} over a 64-character local-part: 1.28 MB if nothing stopped it.
    let exp = "%{l}".repeat(20_000);
    let yaml = format!(
        "big.example:\n  - TXT: \"v=spf1 -all exp=explain.big.example\"\nexplain.big.example:\n  - TXT: \"{exp}\"\n"
    );
    let r = Counting::new(&yaml);
    let local = "l".repeat(64);
    let e = block_on(spf::check_host(
        &r,
        "203.0.113.9".parse().unwrap(),
        "big.example",
        &format!("{local}@big.example"),
        "mx.big.example",
        &spf::Options::default(),
    ));
    assert_eq!(e.result, SpfResult::Fail);
    let text = e.explanation.expect("an explanation");
    assert!(text.len() < MAX_EXPANSION + 100, "{} bytes", text.len());
    assert!(text.ends_with(&format!("[explanation cut at {MAX_EXPANSION} characters]")));
}

/// Answers from the zone, but every `_dmarc.` name fails temporarily (SERVFAIL at the resolver).
struct DmarcFails(Zone);

impl Resolver for DmarcFails {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        if name.starts_with("_dmarc.") {
            return Err(DnsError::temporary(name, rtype, "SERVFAIL (dns-servfail)"));
        }
        self.0.answer(name, rtype)
    }
}

#[test]
fn a_failed_policy_discovery_is_temperror_not_no_policy() {
    let msg = "From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n";
    let r = DmarcFails(Zone::from_yaml("{}").unwrap());
    let report = block_on(check(
        &r,
        &authlens_engine::crypto::RustCrypto,
        msg.as_bytes(),
        &CheckOptions::default(),
    ));
    let d = report.dmarc.expect("a DMARC verdict");
    assert_eq!(d.result, "temperror");
    assert!(
        d.explanation.contains("failed temporarily"),
        "{}",
        d.explanation
    );
}
