//! Every view of a domain says the same thing. For each domain of the consistency matrix
//! (`tests/fixtures/zones/rollout.yaml`: one domain per stage of the DMARC rollout, no record, an
//! invalid record, SPF over the lookup limit and with two records; `fabrikam.example`, Microsoft
//! 365 with its standby selector), the views are rendered from the engine as the page, the CLI
//! and the exports render them — the summary line, the DMARC card's assessment, the journey and
//! its next action, "Fix first", the Markdown export, the wizard's "you are here" on each kind of
//! ramp, the message verdict of a failing message from the domain, and the reports' rollout
//! answer for reports that saw the same record — and compared. The page itself is compared with
//! the CLI's JSON in tests/e2e/consistency.test.mjs, the CLI's text in
//! crates/cli/tests/rollout.rs.

use authlens_engine::aggregate::{self, Enforcement as Step, Options};
use authlens_engine::dmarc::assess::{Receivers, StepState};
use authlens_engine::dmarc::build::DmarcBuilder;
use authlens_engine::dmarc::plan::{rollout, you_are_here, Ramp};
use authlens_engine::dmarc::Policy;
use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::zone::Zone;
use authlens_engine::domain::{self, DomainReport, Options as InspectOptions};
use authlens_engine::message::check::{check, CheckOptions};
use futures::executor::block_on;

mod common;
use common::zones;

fn inspect(zone: &Zone, domain: &str, selectors: &[&str]) -> DomainReport {
    let cache = SessionCache::new(zone.clone());
    block_on(domain::inspect(
        &cache,
        domain,
        &InspectOptions {
            selectors: selectors.iter().map(|s| s.to_string()).collect(),
        },
    ))
}

/// One row of the matrix: what the domain's views must all say.
struct Case {
    domain: &'static str,
    /// The DMARC line's status.
    status: &'static str,
    /// (dmarc-none, quarantine, reject) step states of the journey.
    steps: (&'static str, &'static str, &'static str),
    /// The rollout stage (1 monitor … 5 reject), when a policy applies.
    stage: Option<u8>,
    /// The first finding of "Fix first".
    fix_first: Option<&'static str>,
    /// Words the next action must hold.
    next_has: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        domain: "none.ramp.example",
        status: "warning",
        steps: ("done", "todo", "todo"),
        stage: Some(1),
        fix_first: Some("dmarc-p-none"),
        next_has: &["Raise the policy to p=quarantine", "t=y", "pct="],
    },
    Case {
        domain: "q25.ramp.example",
        status: "warning",
        steps: ("done", "partial", "todo"),
        stage: Some(2),
        fix_first: Some("dmarc-pct-partial"),
        next_has: &["Raise pct from 25 to 100 (or remove it)"],
    },
    Case {
        domain: "qt.ramp.example",
        status: "warning",
        steps: ("done", "partial", "todo"),
        stage: Some(2),
        fix_first: Some("dmarc-testing-mode"),
        next_has: &[
            "Remove t=y",
            "receivers that don't know t= quarantine all failing mail",
        ],
    },
    Case {
        domain: "q.ramp.example",
        status: "info",
        steps: ("done", "done", "todo"),
        stage: Some(3),
        fix_first: None,
        next_has: &["raise the policy to p=reject"],
    },
    Case {
        domain: "r10.ramp.example",
        status: "warning",
        steps: ("done", "done", "partial"),
        stage: Some(4),
        fix_first: Some("dmarc-pct-partial"),
        next_has: &[
            "Raise pct from 10 to 100 (or remove it)",
            "RFC 9989 receivers reject all failing mail",
        ],
    },
    Case {
        domain: "rt.ramp.example",
        status: "warning",
        steps: ("done", "done", "partial"),
        stage: Some(4),
        fix_first: Some("dmarc-testing-mode"),
        next_has: &[
            "Remove t=y",
            "receivers that don't know t= reject all failing mail",
        ],
    },
    Case {
        domain: "r.ramp.example",
        status: "ok",
        steps: ("done", "done", "done"),
        stage: Some(5),
        fix_first: None,
        next_has: &["p=reject: keep watching"],
    },
    Case {
        domain: "norecord.ramp.example",
        status: "warning",
        steps: ("todo", "todo", "todo"),
        stage: None,
        fix_first: Some("dmarc-no-record"),
        next_has: &["Publish v=DMARC1; p=none; rua=mailto:"],
    },
    Case {
        domain: "invalid.ramp.example",
        status: "error",
        steps: ("partial", "todo", "todo"),
        stage: Some(1),
        fix_first: Some("dmarc-invalid-policy"),
        next_has: &["Fix the DMARC record's errors", "p=rejectt"],
    },
];

/// Policies below another, as a next action would name them to raise to.
fn lower_than(p: Policy) -> &'static [&'static str] {
    match p {
        Policy::Reject => &["p=quarantine", "p=none"],
        Policy::Quarantine => &["p=none"],
        Policy::None => &[],
    }
}

/// An aggregate report that saw `record`'s policy, with one failing source.
fn report_for(domain: &str, p: Policy, testing: bool, pct: Option<u8>) -> Vec<u8> {
    let pct = pct.map_or(String::new(), |p| format!("<pct>{p}</pct>"));
    let testing = if testing { "<testing>y</testing>" } else { "" };
    format!(
        r#"<?xml version="1.0"?>
<feedback><version>1.0</version>
<report_metadata><org_name>r.example</org_name><email>d@r.example</email><report_id>{domain}</report_id>
<date_range><begin>1779235200</begin><end>1779321599</end></date_range></report_metadata>
<policy_published><domain>{domain}</domain><p>{}</p>{pct}{testing}</policy_published>
<record><row><source_ip>192.0.2.99</source_ip><count>3</count>
<policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
<identifiers><header_from>{domain}</header_from></identifiers>
<auth_results><spf><domain>{domain}</domain><result>fail</result></spf></auth_results></record>
</feedback>"#,
        p.as_str()
    )
    .into_bytes()
}

#[test]
fn every_view_of_a_policy_says_the_same() {
    let zone = zones();
    let cache = SessionCache::new(zone.clone());
    for c in CASES {
        let d = c.domain;
        let r = inspect(&zone, d, &["ramp"]);
        let s = &r.summary;
        let line = s.lines.iter().find(|l| l.protocol == "DMARC").unwrap();
        // The summary line and the DMARC card (which reads the discovery) are one assessment.
        let card = r.dmarc.assessment();
        assert_eq!(card, s.dmarc, "{d}: the card and the summary");
        assert_eq!(
            (line.status, line.verdict.as_str()),
            (card.status, card.headline.as_str()),
            "{d}"
        );
        assert_eq!(line.status, c.status, "{d}: {}", line.verdict);
        // The badge rule: the highest severity of the findings the line sums up.
        assert_eq!(
            line.status,
            authlens_engine::diag::badge(&r.dmarc.findings),
            "{d}"
        );

        // The journey.
        let state = |id: &str| s.journey.iter().find(|st| st.id == id).unwrap().state;
        assert_eq!(
            (state("dmarc-none"), state("quarantine"), state("reject")),
            c.steps,
            "{d}"
        );
        let e = card.enforcement.as_ref();
        if let Some(e) = e {
            assert_eq!(
                (e.quarantine.as_str(), e.reject.as_str()),
                (c.steps.1, c.steps.2),
                "{d}: the journey reads the enforcement"
            );
        }
        assert_eq!(e.map(|e| e.stage()), c.stage, "{d}");
        // The next step is the first step not done, and its action names the real lever and
        // never a policy below the published one.
        let next = s
            .journey
            .iter()
            .find(|st| matches!(st.state, "todo" | "partial"));
        assert_eq!(s.next_step, next.map(|st| st.id), "{d}");
        for w in c.next_has {
            assert!(
                s.next_action.contains(w),
                "{d}: {w:?} not in {:?}",
                s.next_action
            );
        }
        if let Some(e) = e {
            for low in lower_than(e.policy) {
                assert!(
                    !s.next_action.contains(&format!("policy to {low}")),
                    "{d}: {:?} proposes {low}",
                    s.next_action
                );
            }
            // A partial step's note is the record's words.
            for st in s
                .journey
                .iter()
                .filter(|st| st.state == "partial" && st.id != "dmarc-none")
            {
                assert_eq!(st.note.as_deref(), Some(e.written().as_str()), "{d}");
            }
        }
        // Fix first is the finding that protects the domain first.
        assert_eq!(
            s.top_findings
                .first()
                .map(|f| f.code)
                .filter(|c| c.starts_with("dmarc-")),
            c.fix_first,
            "{d}: {:?}",
            s.top_findings
        );

        // The Markdown export says the same sentences.
        let md = domain::markdown(&r);
        assert!(
            md.contains(&format!("| DMARC | {} | {} |", line.status, line.verdict)),
            "{d}:\n{md}"
        );
        assert!(md.contains(&s.next_action), "{d}");
        for st in &s.journey {
            assert!(
                md.contains(&format!("{} {}", st.mark(), st.label())),
                "{d}: {}",
                st.label()
            );
        }

        // The wizard: on every kind of ramp, "you are here" is a stage at the journey's place.
        if let Some(e) = e {
            let mut base = DmarcBuilder::new(Policy::None);
            base.rua.push(format!("dmarc@{d}"));
            for ramp in [Ramp::Testing, Ramp::Pct, Ramp::Both] {
                let stages = rollout(&base, ramp, &[10, 25, 50]);
                let here =
                    you_are_here(&stages, e).unwrap_or_else(|| panic!("{d}: no stage on {ramp:?}"));
                let st = &stages[here - 1].enforcement;
                assert_eq!(
                    (st.quarantine, st.reject),
                    (e.quarantine, e.reject),
                    "{d} {ramp:?}"
                );
                assert_eq!(st.stage(), e.stage(), "{d} {ramp:?}");
            }
        }

        // The message verdict of a message from the domain that nothing authenticates.
        let msg = format!(
            "From: Alice <alice@{d}>\r\nTo: bob@example.net\r\nSubject: consistency\r\nDate: Mon, 07 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@{d}>\r\n\r\nHello.\r\n"
        );
        let m = block_on(check(
            &cache,
            &authlens_engine::crypto::RustCrypto,
            msg.as_bytes(),
            &CheckOptions::default(),
        ));
        let v = m.dmarc.as_ref().unwrap();
        assert_eq!(
            v.enforcement.as_ref(),
            e,
            "{d}: the message page and the domain page"
        );
        match e {
            Some(e) => {
                assert_eq!(v.result, "fail", "{d}");
                assert_eq!(
                    v.disposition,
                    e.of(Receivers::Rfc9989).weakest().as_str(),
                    "{d}"
                );
                assert!(
                    v.explanation.contains(&format!("Under {},", e.written())),
                    "{d}: {}",
                    v.explanation
                );
                if !e.agree {
                    for t in &e.receivers {
                        let said = t.text.replace("failing mail", "such mail");
                        assert!(
                            v.explanation.contains(&said),
                            "{d}: {said:?} not in {}",
                            v.explanation
                        );
                    }
                }
                assert!(
                    m.summary.contains(&format!("({})", e.written())),
                    "{d}: {}",
                    m.summary
                );
                assert!(
                    !m.summary.contains("(p=none)") || e.policy == Policy::None,
                    "{d}: {}",
                    m.summary
                );
            }
            None => assert_eq!(v.result, "none", "{d}"),
        }

        // The reports' answer for reports that saw the same record.
        if let (Some(e), Some(rec)) = (e, r.dmarc.record.as_ref()) {
            let bytes = report_for(d, e.policy, rec.testing, rec.pct);
            let f = aggregate::read_file("r.xml", &bytes, &Options::default());
            let t = aggregate::summarize(f.reports.iter());
            assert_eq!(
                aggregate::rollout::published(&t).as_ref(),
                Some(e),
                "{d}: the reports page and the domain page"
            );
            let want = if e.quarantine == StepState::Done {
                Step::Reject
            } else {
                Step::Quarantine
            };
            assert_eq!(
                aggregate::next_step(&t),
                want,
                "{d}: the reports' next step is the journey's"
            );
            let imp = aggregate::impact(&t, want);
            assert_ne!(imp.tone, "ok", "{d}: failing mail is never called safe");
        }
    }
}

/// The SPF line, the SPF card and "Test a sender" agree on a record over the lookup limit (a
/// sender matched before the limit passes; the headline must not say everyone gets permerror)
/// and on two records (everyone gets permerror; the count is given, not asked for).
#[test]
fn the_spf_views_agree_over_the_limit_and_with_two_records() {
    use authlens_engine::spf::{self, SpfResult};
    let zone = zones();
    let cache = SessionCache::new(zone.clone());
    let over = inspect(&zone, "spfover.ramp.example", &["ramp"]);
    let line = over
        .summary
        .lines
        .iter()
        .find(|l| l.protocol == "SPF")
        .unwrap();
    assert_eq!(
        line.verdict,
        over.spf.verdict().headline,
        "the line is the card's headline"
    );
    assert_eq!(over.spf.lookups, 12);
    let o = spf::Options::default();
    let early = block_on(spf::check_mail_from(
        &cache,
        "192.0.2.106".parse().unwrap(),
        "a@spfover.ramp.example",
        "",
        &o,
    ));
    let late = block_on(spf::check_mail_from(
        &cache,
        "192.0.2.112".parse().unwrap(),
        "a@spfover.ramp.example",
        "",
        &o,
    ));
    assert_eq!(early.result, SpfResult::Pass, "matched at lookup 6");
    assert_eq!(
        late.result,
        SpfResult::PermError,
        "matched at lookup 12: past the limit"
    );
    assert_eq!(
        over.spf.fixed_result(),
        None,
        "the result depends on the sender"
    );
    assert!(
        !line.verdict.contains("every message gets permerror"),
        "{}",
        line.verdict
    );

    let two = inspect(&zone, "spf2.ramp.example", &["ramp"]);
    let line = two
        .summary
        .lines
        .iter()
        .find(|l| l.protocol == "SPF")
        .unwrap();
    assert_eq!(two.spf.fixed_result(), Some("permerror"));
    let any = block_on(spf::check_mail_from(
        &cache,
        "192.0.2.10".parse().unwrap(),
        "a@spf2.ramp.example",
        "",
        &o,
    ));
    assert_eq!(any.result, SpfResult::PermError);
    assert!(!line.verdict.contains("0/10 lookups"), "{}", line.verdict);
}

/// Microsoft 365 with selector2 not yet published: p=none is what to fix first, the standby
/// selector is information, whether the selectors were found by the provider or given.
#[test]
fn a_standby_selector_never_comes_before_the_policy() {
    let zone = zones();
    for selectors in [&[][..], &["selector1", "selector2"][..]] {
        let r = inspect(&zone, "fabrikam.example", selectors);
        let first = r.summary.top_findings.first().map(|f| f.code);
        assert_eq!(
            first,
            Some("dmarc-p-none"),
            "{selectors:?}: {:?}",
            r.summary.top_findings
        );
        assert!(
            r.summary
                .top_findings
                .iter()
                .all(|f| f.code != "dkim-cname-dangling"),
            "{selectors:?}: {:?}",
            r.summary.top_findings
        );
        assert_eq!(r.summary.next_step, Some("quarantine"));
    }
}
