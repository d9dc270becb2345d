//! The staged rollout that hardening guides recommend: monitor at `p=none`, quarantine a share of
//! the failing mail, all of it, then reject a share, then all — the share held back the RFC 9989
//! way (`t=y`), the legacy way (`pct=`, which many receivers still honour), or both in one record.
//! Each stage says, from [`super::assess`], what each kind of receiver does with it.

use serde::Serialize;

use super::assess::{Enforcement, StepState};
use super::build::DmarcBuilder;
use super::record::Policy;

/// How the stages between two policies hold part of the policy back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ramp {
    /// `t=y` (RFC 9989): one stage per policy, where RFC 9989 receivers apply one level less.
    Testing,
    /// `pct=N` (RFC 7489): one stage per share, for receivers that still read `pct=`.
    Pct,
    /// `t=y` and `pct=N` in one record: each kind of receiver reads its own tag.
    Both,
}

impl Ramp {
    pub fn parse(s: &str) -> Option<Ramp> {
        match s.trim().to_ascii_lowercase().as_str() {
            "t" | "testing" | "t=y" => Some(Ramp::Testing),
            "pct" => Some(Ramp::Pct),
            "both" => Some(Ramp::Both),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Ramp::Testing => "testing",
            Ramp::Pct => "pct",
            Ramp::Both => "both",
        }
    }
}

/// The shares the guides suggest for a `pct=` ramp.
pub const SUGGESTED_STEPS: [u8; 3] = [10, 25, 50];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub number: usize,
    pub title: String,
    /// The record to publish at this stage.
    pub record: String,
    /// What each kind of receiver does at this stage.
    pub enforcement: Enforcement,
    /// The same, in one sentence.
    pub account: String,
    /// What to check in the aggregate reports before moving on.
    pub watch: &'static str,
    /// How long to stay, typically.
    pub duration: &'static str,
}

impl Stage {
    /// Where the stage stands on the hardening journey (the quarantine and reject steps).
    fn position(&self) -> (StepState, StepState) {
        (self.enforcement.quarantine, self.enforcement.reject)
    }
}

/// The shares of a `pct=` ramp: each 1–99 once, in increasing order (0 and 100 are not steps:
/// 100 is the full stage, and 0 is what `t=y` is for).
pub fn steps(wanted: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = wanted
        .iter()
        .copied()
        .filter(|p| (1..100).contains(p))
        .collect();
    crate::order::sort_by_key(&mut v, |p| *p);
    v.dedup();
    v
}

/// The stages, keeping the report addresses and alignment of `base`; `pct_steps` are the shares
/// of a `pct=` or `both` ramp ([`SUGGESTED_STEPS`] when empty).
pub fn rollout(base: &DmarcBuilder, ramp: Ramp, pct_steps: &[u8]) -> Vec<Stage> {
    let shares = match steps(pct_steps) {
        v if v.is_empty() => SUGGESTED_STEPS.to_vec(),
        v => v,
    };
    let mut out: Vec<Stage> = Vec::new();
    let mut push = |title: String, policy: Policy, testing: bool, pct: Option<u8>| {
        let mut b = base.clone();
        b.policy = policy;
        b.testing = testing;
        b.pct = pct;
        if policy != Policy::None && b.nonexistent_policy.is_none() {
            b.nonexistent_policy = Some(Policy::Reject);
        }
        let enforcement = Enforcement::new(policy, "p", testing, pct);
        let (watch, duration) = match (policy, enforcement.is_partial()) {
            (Policy::None, _) => (
                "Every service that sends as your domain (mail servers, newsletters, CRM, ticketing, invoicing) appears in the reports and passes SPF or DKIM aligned with your domain. Fix each one that does not.",
                "2 to 4 weeks, until a full business cycle is covered",
            ),
            (Policy::Quarantine, true) => (
                "Failing volume is only forged or forgotten mail; no complaint from users about missing mail.",
                "1 to 2 weeks",
            ),
            (Policy::Quarantine, false) => (
                "Still no legitimate source failing; forwarded mail (mailing lists) usually passes thanks to DKIM.",
                "2 to 4 weeks",
            ),
            (Policy::Reject, true) => (
                "The reports stay clean at full quarantine; the remaining failures are forgeries.",
                "1 to 2 weeks",
            ),
            (Policy::Reject, false) => (
                "Keep reading the reports: a new service that sends as you must be set up before it sends.",
                "for good",
            ),
        };
        out.push(Stage {
            number: out.len() + 1,
            title,
            record: b.render(),
            account: enforcement.account(),
            enforcement,
            watch,
            duration,
        });
    };
    push("Monitor".into(), Policy::None, false, None);
    for (policy, name) in [
        (Policy::Quarantine, "Quarantine"),
        (Policy::Reject, "Reject"),
    ] {
        match ramp {
            Ramp::Testing => push(format!("{name}, testing (t=y)"), policy, true, None),
            Ramp::Pct => {
                for s in &shares {
                    push(format!("{name} {s} % (pct={s})"), policy, false, Some(*s));
                }
            }
            Ramp::Both => {
                for s in &shares {
                    push(
                        format!("{name}, testing (t=y) and {s} % (pct={s})"),
                        policy,
                        true,
                        Some(*s),
                    );
                }
            }
        }
        push(name.to_string(), policy, false, None);
    }
    out
}

/// The stage a published policy is at: among the stages at the same place on the hardening
/// journey (so that the wizard and the domain page agree), the one with the same record words,
/// else the last whose share does not exceed the published one. `None` when no stage is at
/// that place (a ramp that has no stage for it).
pub fn you_are_here(stages: &[Stage], published: &Enforcement) -> Option<usize> {
    let at = (published.quarantine, published.reject);
    let same: Vec<&Stage> = stages.iter().filter(|s| s.position() == at).collect();
    let exact = same.iter().find(|s| {
        s.enforcement.policy == published.policy
            && s.enforcement.testing == published.testing
            && s.enforcement.pct.unwrap_or(100) == published.pct.unwrap_or(100)
    });
    let share = |e: &Enforcement| e.pct.unwrap_or(100);
    exact
        .or_else(|| {
            same.iter()
                .rev()
                .find(|s| share(&s.enforcement) <= share(published))
        })
        .or_else(|| same.first())
        .map(|s| s.number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::dmarc::codes::Code;
    use crate::dmarc::record::parse;

    fn base() -> DmarcBuilder {
        let mut b = DmarcBuilder::new(Policy::None);
        b.rua.push("dmarc@example.com".into());
        b
    }

    /// Every stage of every ramp lints with no error and no warning but the one its own ramp
    /// means (t=y, pct below 100), and steps up the journey, never down.
    #[test]
    fn every_stage_lints_clean_and_steps_up() {
        for ramp in [Ramp::Testing, Ramp::Pct, Ramp::Both] {
            for wanted in [&[][..], &[10, 25, 50, 100][..], &[50, 0, 5, 50][..]] {
                let plan = rollout(&base(), ramp, wanted);
                let mut last = (StepState::Todo, StepState::Todo, 0u8);
                for s in &plan {
                    let r = parse(&s.record);
                    let allowed = [
                        Code::TestingMode.as_str(),
                        Code::PctPartial.as_str(),
                        Code::PNone.as_str(),
                    ];
                    assert!(
                        r.findings
                            .iter()
                            .all(|f| f.severity == Severity::Info || allowed.contains(&f.code)),
                        "{ramp:?} {}: {:?}",
                        s.record,
                        r.findings
                    );
                    // The stage's account is what the domain page says of the same record.
                    assert_eq!(Enforcement::of_record(&r), s.enforcement, "{}", s.record);
                    let pos = (
                        s.enforcement.quarantine,
                        s.enforcement.reject,
                        s.enforcement
                            .of(super::super::assess::Receivers::Rfc7489)
                            .at_least(Policy::Quarantine),
                    );
                    assert!(pos >= last, "{ramp:?}: {} steps down", s.record);
                    last = pos;
                    assert_eq!(
                        you_are_here(&plan, &s.enforcement),
                        Some(s.number),
                        "{}",
                        s.record
                    );
                }
                assert_eq!(
                    plan.first().map(|s| s.enforcement.policy),
                    Some(Policy::None)
                );
                assert_eq!(plan.last().map(|s| s.enforcement.stage()), Some(5));
            }
        }
    }

    #[test]
    fn the_ramps_write_the_guide_stages() {
        let plan = rollout(&base(), Ramp::Testing, &[]);
        let records: Vec<&str> = plan.iter().map(|s| s.record.as_str()).collect();
        assert_eq!(
            records,
            [
                "v=DMARC1; p=none; rua=mailto:dmarc@example.com",
                "v=DMARC1; p=quarantine; np=reject; rua=mailto:dmarc@example.com; t=y",
                "v=DMARC1; p=quarantine; np=reject; rua=mailto:dmarc@example.com",
                "v=DMARC1; p=reject; np=reject; rua=mailto:dmarc@example.com; t=y",
                "v=DMARC1; p=reject; np=reject; rua=mailto:dmarc@example.com",
            ]
        );
        let plan = rollout(&base(), Ramp::Pct, &[10, 25, 50]);
        let titles: Vec<&str> = plan.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Monitor",
                "Quarantine 10 % (pct=10)",
                "Quarantine 25 % (pct=25)",
                "Quarantine 50 % (pct=50)",
                "Quarantine",
                "Reject 10 % (pct=10)",
                "Reject 25 % (pct=25)",
                "Reject 50 % (pct=50)",
                "Reject",
            ]
        );
        assert_eq!(
            plan[5].record,
            "v=DMARC1; p=reject; np=reject; rua=mailto:dmarc@example.com; pct=10"
        );
        assert_eq!(
            plan[5].account,
            "RFC 9989 receivers reject all failing mail (they ignore pct=); receivers that still read pct= reject 10 % of failing mail and quarantine the other 90 %"
        );
        let plan = rollout(&base(), Ramp::Both, &[25]);
        assert_eq!(
            plan[1].record,
            "v=DMARC1; p=quarantine; np=reject; rua=mailto:dmarc@example.com; t=y; pct=25"
        );
    }

    #[test]
    fn a_published_policy_is_placed_where_the_journey_puts_it() {
        let t = rollout(&base(), Ramp::Testing, &[]);
        let p = rollout(&base(), Ramp::Pct, &[10, 25, 50]);
        for (rec, in_t, in_p) in [
            ("v=DMARC1; p=none", 1, 1),
            ("v=DMARC1; p=quarantine; pct=25", 2, 3),
            ("v=DMARC1; p=quarantine; pct=30", 2, 3),
            ("v=DMARC1; p=quarantine; t=y", 2, 4),
            ("v=DMARC1; p=quarantine", 3, 5),
            ("v=DMARC1; p=reject; pct=10", 4, 6),
            ("v=DMARC1; p=reject; t=y", 4, 8),
            ("v=DMARC1; p=reject", 5, 9),
        ] {
            let e = Enforcement::of_record(&parse(rec));
            assert_eq!(you_are_here(&t, &e), Some(in_t), "{rec}");
            assert_eq!(you_are_here(&p, &e), Some(in_p), "{rec}");
            assert_eq!(t[in_t - 1].enforcement.stage(), e.stage(), "{rec}");
        }
    }
}
