//! The whole domain inspection (`domain::inspect`) over the project's fixture zones
//! (`tests/fixtures/zones/*.yaml`, all loaded together as the DoH fixture server loads them): a
//! Microsoft 365 domain as its admins set it up, a Google Workspace domain with MTA-STS, TLS-RPT
//! and BIMI, and a badly configured domain.

use std::collections::BTreeSet;

use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::zone::Zone;
use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};
use authlens_engine::domain::{self, DomainReport, Options};
use futures::executor::block_on;
use std::future::Future;

mod common;
use common::zones;

fn inspect(domain: &str, selectors: &[&str]) -> (DomainReport, u64) {
    let cache = SessionCache::new(zones());
    let r = block_on(domain::inspect(
        &cache,
        domain,
        &Options {
            selectors: selectors.iter().map(|s| s.to_string()).collect(),
        },
    ));
    (r, cache.queries_sent())
}

fn codes(r: &DomainReport) -> BTreeSet<&'static str> {
    r.all_findings().iter().map(|f| f.code).collect()
}

fn line<'a>(r: &'a DomainReport, protocol: &str) -> &'a domain::Line {
    r.summary
        .lines
        .iter()
        .find(|l| l.protocol == protocol)
        .unwrap()
}

fn state(r: &DomainReport, step: &str) -> &'static str {
    r.summary
        .journey
        .iter()
        .find(|s| s.id == step)
        .unwrap()
        .state
}

#[test]
fn microsoft_365_domain() {
    let (r, _) = inspect("fabrikam.example", &[]);
    assert_eq!(r.dkim.providers, vec!["microsoft365"]);
    let s1 = r
        .dkim
        .probes
        .iter()
        .find(|p| p.selector == "selector1")
        .unwrap();
    assert_eq!(s1.status.as_str(), "found");
    assert_eq!(
        s1.cname_chain,
        vec!["selector1-fabrikam-example._domainkey.fabrikam.onmicrosoft.com"]
    );
    assert_eq!(s1.key.as_ref().unwrap().bits, Some(2048));
    let s2 = r
        .dkim
        .probes
        .iter()
        .find(|p| p.selector == "selector2")
        .unwrap();
    assert_eq!(s2.status.as_str(), "dangling");
    let c = codes(&r);
    assert!(c.contains("dkim-standby-selector"), "{c:?}");
    assert!(!c.contains("dkim-cname-dangling"), "{c:?}");
    assert_eq!(s2.state.as_str(), "standby");
    // The standby selector is worth knowing: the badge is its severity.
    assert_eq!(line(&r, "DKIM").status, "info", "{:?}", line(&r, "DKIM"));
    assert!(c.contains("dmarc-p-none"), "{c:?}");
    assert_eq!(line(&r, "SPF").status, "ok", "{:?}", line(&r, "SPF"));
    assert_eq!(line(&r, "DMARC").status, "warning");
    assert_eq!(line(&r, "MTA-STS").status, "info");
    assert_eq!(line(&r, "MTA-STS").code, Some("mtasts-no-record"));
    assert_eq!(state(&r, "spf"), "done");
    assert_eq!(state(&r, "dkim"), "done");
    assert_eq!(state(&r, "dmarc-none"), "done");
    assert_eq!(state(&r, "quarantine"), "todo");
    assert_eq!(r.summary.next_step, Some("quarantine"));
    assert!(
        r.summary.next_action.contains("p=quarantine"),
        "{}",
        r.summary.next_action
    );
    assert_eq!(
        r.mx.hosts[0].exchange,
        "fabrikam-example.mail.protection.outlook.com"
    );
}

/// The one badge rule: every line of the summary shows the highest severity of the findings of
/// its protocol (`ok` when there are none), whatever the domain; a line that names a finding
/// names it by its title, never by its code or its whole message (the card says that once).
#[test]
fn every_summary_badge_is_the_highest_severity_of_its_findings() {
    use authlens_engine::diag::{badge, Finding};
    let domains = [
        "fabrikam.example",
        "northwind.example",
        "badmail.example",
        "propagating.example",
        "parked.example",
        "none.ramp.example",
        "q25.ramp.example",
        "norecord.ramp.example",
        "invalid.ramp.example",
        "spfover.ramp.example",
        "spf2.ramp.example",
        "nothing-here.example",
    ];
    let mut seen = BTreeSet::new();
    for d in domains {
        let (r, _) = inspect(d, &[]);
        let dkim: Vec<&Finding> = r
            .dkim
            .findings
            .iter()
            .chain(r.dkim.probes.iter().flat_map(|p| &p.findings))
            .collect();
        let mx: Vec<&Finding> =
            r.mx.findings
                .iter()
                .chain(
                    r.cross_findings
                        .iter()
                        .filter(|f| f.code.starts_with("mx-")),
                )
                .collect();
        let expected = [
            ("SPF", badge(&r.spf.findings)),
            ("DKIM", badge(dkim.iter().copied())),
            ("DMARC", badge(&r.dmarc.findings)),
            ("MX", badge(mx.iter().copied())),
            ("MTA-STS", badge(&r.mta_sts.findings)),
            ("TLS-RPT", badge(&r.tls_rpt.findings)),
            ("BIMI", badge(&r.bimi.findings)),
            ("DNSSEC", badge(&r.dnssec.findings)),
        ];
        for (protocol, status) in expected {
            let l = line(&r, protocol);
            assert_eq!(l.status, status, "{d} {protocol}: {l:?}");
            seen.insert(status);
            for f in r.all_findings() {
                assert!(
                    !l.verdict.contains(f.code),
                    "{d} {protocol}: a code in the verdict: {}",
                    l.verdict
                );
                assert!(
                    f.message.len() < 40 || !l.verdict.contains(&f.message),
                    "{d} {protocol}: a finding's message again: {}",
                    l.verdict
                );
            }
        }
    }
    // Every badge occurs among these domains.
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        vec!["error", "info", "ok", "warning"]
    );
}

#[test]
fn google_workspace_domain_is_clean() {
    let (r, _) = inspect("northwind.example", &[]);
    assert_eq!(r.dkim.providers, vec!["google"]);
    let errors_and_warnings: Vec<_> = r
        .all_findings()
        .into_iter()
        .filter(|f| f.severity != authlens_engine::diag::Severity::Info)
        .map(|f| (f.code, f.message.clone()))
        .collect();
    assert!(errors_and_warnings.is_empty(), "{errors_and_warnings:?}");
    for p in ["SPF", "DKIM", "DMARC", "MX", "MTA-STS", "TLS-RPT", "BIMI"] {
        assert_eq!(line(&r, p).status, "ok", "{:?}", line(&r, p));
    }
    assert!(r.summary.journey.iter().all(|s| s.state == "done"));
    assert_eq!(r.summary.next_step, None);
    // The zone marks every name of this domain SECURE: the resolver's AD bit.
    assert_eq!(r.dnssec.status, "all", "{:?}", r.dnssec);
    assert!(r
        .dnssec
        .validated
        .iter()
        .any(|n| n == "northwind.example TXT"));
}

#[test]
fn badly_configured_domain_trips_many_codes() {
    let (r, _) = inspect("badmail.example", &["s1024", "old", "bad selector!"]);
    let c = codes(&r);
    let expected = [
        "spf-ptr-deprecated",
        "spf-include-no-record",
        "spf-permissive-all",
        "spf-terms-after-all",
        "dmarc-p-none",
        "dmarc-no-rua",
        "dmarc-pct-obsolete",
        "dmarc-rf-ri-obsolete",
        "dmarc-unknown-tag",
        "dkim-key-weak",
        "dkim-key-revoked",
        "dkim-selector-invalid",
        "mx-host-no-address",
        "mtasts-syntax",
        "tlsrpt-rua-invalid",
        "bimi-logo-not-https",
        "bimi-dmarc-not-enforced",
    ];
    for code in expected {
        assert!(c.contains(code), "{code} missing from {c:?}");
    }
    assert!(r.summary.errors >= 5, "{:?}", r.summary);
    assert_eq!(r.summary.top_findings[0].severity.as_str(), "error");
    assert_eq!(line(&r, "SPF").status, "error");
    // Every code the inspection emitted has an explanation.
    for code in &c {
        assert!(
            authlens_engine::findings::info(code).is_some(),
            "{code} has no explanation"
        );
    }
    let md = domain::markdown(&r);
    assert!(md.contains("# Email authentication of `badmail.example`"));
    assert!(md.contains("`spf-ptr-deprecated`"));
    assert!(md.contains("| SPF | error |"), "{md}");
}

#[test]
fn no_question_is_asked_twice() {
    let cache = SessionCache::new(zones());
    let opts = Options::default();
    let r = block_on(domain::inspect(&cache, "fabrikam.example", &opts));
    let sent = cache.queries_sent();
    let asked = cache.answered().len() as u64;
    assert_eq!(sent, asked, "a name and type was sent twice");
    // A second inspection in the same session is answered from the cache.
    let again = block_on(domain::inspect(&cache, "fabrikam.example", &opts));
    assert_eq!(cache.queries_sent(), sent);
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::to_value(&again).unwrap()
    );
}

#[test]
fn json_has_the_documented_top_level_keys() {
    let (r, _) = inspect("fabrikam.example", &[]);
    let v = serde_json::to_value(&r).unwrap();
    for k in [
        "domain",
        "summary",
        "spf",
        "dmarc",
        "dkim",
        "mx",
        "mta_sts",
        "tls_rpt",
        "bimi",
        "dnssec",
        "lookups",
        "cross_findings",
    ] {
        assert!(v.get(k).is_some(), "{k}");
    }
    assert_eq!(v["summary"]["lines"][0]["protocol"], "SPF");
    assert_eq!(v["lookups"][0]["name"], "fabrikam.example");
}

#[test]
fn null_mx_with_a_permissive_spf_record() {
    let (r, _) = inspect("parked.example", &[]);
    assert!(r.mx.null_mx, "{:?}", r.mx);
    let c = codes(&r);
    assert!(c.contains("mx-null"), "{c:?}");
    assert!(c.contains("mx-null-spf-not-strict"), "{c:?}");
    // A parked domain that says v=spf1 -all gets no such finding.
    let z = Zone::from_yaml("quiet.example:\n  - MX: [0, \".\"]\n  - TXT: v=spf1 -all\n").unwrap();
    let r = block_on(domain::inspect(
        &SessionCache::new(z),
        "quiet.example",
        &Options::default(),
    ));
    assert!(r.mx.null_mx);
    assert!(!codes(&r).contains("mx-null-spf-not-strict"));
}

/// A resolver that answers in rounds: a question asked in round `n` is answered when the test
/// opens round `n + 1` (the obsolete SPF type only `SLOW` rounds later), and each
/// question is logged with the round it was asked in. It shows which questions wait for which.
struct Rounds {
    zone: Zone,
    /// Types answered only `SLOW` rounds later (the obsolete SPF type always is).
    slow: &'static [RecordType],
    round: std::cell::Cell<u32>,
    log: std::cell::RefCell<Vec<(String, RecordType, u32)>>,
    /// The wakers of the questions waiting for a later round, woken when a round opens.
    waiting: std::cell::RefCell<Vec<std::task::Waker>>,
}

const SLOW: u32 = 3;

impl Resolver for Rounds {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let asked = self.round.get();
        self.log
            .borrow_mut()
            .push((name.to_ascii_lowercase(), rtype, asked));
        let wait = if rtype == RecordType::Spf || self.slow.contains(&rtype) {
            SLOW
        } else {
            1
        };
        std::future::poll_fn(|cx| {
            if self.round.get() >= asked + wait {
                std::task::Poll::Ready(())
            } else {
                self.waiting.borrow_mut().push(cx.waker().clone());
                std::task::Poll::Pending
            }
        })
        .await;
        self.zone.answer(name, rtype)
    }
}

/// Runs the inspection one round at a time; returns the log.
fn inspect_in_rounds(domain: &str) -> Vec<(String, RecordType, u32)> {
    inspect_in_rounds_with(domain, &[])
}

/// As [`inspect_in_rounds`], with the `slow` types answered `SLOW` rounds late.
fn inspect_in_rounds_with(
    domain: &str,
    slow: &'static [RecordType],
) -> Vec<(String, RecordType, u32)> {
    let r = Rounds {
        zone: zones(),
        slow,
        round: std::cell::Cell::new(0),
        log: Default::default(),
        waiting: Default::default(),
    };
    let opts = Options::default();
    {
        let mut fut = std::pin::pin!(domain::inspect(&r, domain, &opts));
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        // Opening a round wakes every question that waited for it, and the next poll moves
        // everything that can move.
        while fut.as_mut().poll(&mut cx).is_pending() {
            r.round.set(r.round.get() + 1);
            for w in r.waiting.take() {
                w.wake();
            }
            assert!(r.round.get() < 50, "the inspection never ends");
        }
    }
    r.log.into_inner()
}

fn round_of(log: &[(String, RecordType, u32)], name: &str, rtype: RecordType) -> u32 {
    log.iter()
        .find(|(n, t, _)| n == name && *t == rtype)
        .unwrap_or_else(|| panic!("{name} {rtype:?} was never asked: {log:?}"))
        .2
}

#[test]
fn independent_questions_go_out_in_the_first_round() {
    let log = inspect_in_rounds("fabrikam.example");
    let first = |n: &str, t| round_of(&log, n, t) == 0;
    // The common DKIM selectors need neither the MX nor the SPF record.
    for s in ["google", "default", "dkim", "k1", "s1", "mail"] {
        assert!(
            first(&format!("{s}._domainkey.fabrikam.example"), RecordType::Txt),
            "{s}: {log:?}"
        );
    }
    // A provider's own selectors wait for the SPF record that names the provider (Mailchimp's
    // `mte1` is no common name).
    let bigco = inspect_in_rounds("bigco.example");
    assert_eq!(
        round_of(&bigco, "mte1._domainkey.bigco.example", RecordType::Txt),
        1
    );
    // The SPF include is asked as soon as the apex TXT is in: the slow type-99 answer (three
    // rounds) holds nothing back.
    assert!(first("fabrikam.example", RecordType::Spf));
    assert_eq!(
        round_of(&log, "spf.protection.outlook.com", RecordType::Txt),
        1
    );
}

#[test]
fn the_include_chain_waits_for_no_address_probe() {
    // tree.example: includes three levels deep, with a: and mx: terms on the first level. Their
    // address and MX answers take three rounds; each level of includes still goes out as soon as
    // the level above is read.
    let log = inspect_in_rounds_with("tree.example", &[RecordType::A, RecordType::Mx]);
    for (name, round) in [
        ("tree.example", 0),
        ("l1a.tree.example", 1),
        ("l2a.tree.example", 2),
        ("l3a.tree.example", 3),
    ] {
        assert_eq!(
            round_of(&log, name, RecordType::Txt),
            round,
            "{name}: {log:?}"
        );
    }
    // The probes were asked all the same, as soon as their level was read.
    assert_eq!(round_of(&log, "host1.tree.example", RecordType::A), 2);
}
