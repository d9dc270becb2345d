//! The staged rollout that hardening guides recommend, written both the RFC 9989 way (`t=y`)
//! and the legacy way (`pct=`) that many receivers still honour.

use serde::Serialize;

use super::build::Builder;
use super::record::{Policy, Record};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub number: usize,
    pub title: &'static str,
    /// The record for this stage, RFC 9989 style.
    pub record: String,
    /// The same stage for receivers that still read `pct=`.
    pub legacy_record: String,
    /// What to check in the aggregate reports before moving on.
    pub watch: &'static str,
    /// How long to stay, typically.
    pub duration: &'static str,
}

/// The stage a published record is at (1-based), if any.
pub fn current_stage(r: &Record) -> Option<usize> {
    let partial = r.testing || r.pct.is_some_and(|p| p < 100);
    Some(match (r.policy?, partial) {
        (Policy::None, _) => 1,
        (Policy::Quarantine, true) => 2,
        (Policy::Quarantine, false) => 3,
        (Policy::Reject, true) => 4,
        (Policy::Reject, false) => 5,
    })
}

/// The five stages, keeping the report addresses and alignment of `base`.
pub fn rollout(base: &Builder) -> Vec<Stage> {
    let stage = |policy: Policy, testing: bool, pct: Option<u8>| {
        let mut b = base.clone();
        b.policy = policy;
        b.testing = testing;
        b.pct = None;
        if policy != Policy::None && b.nonexistent_policy.is_none() {
            b.nonexistent_policy = Some(Policy::Reject);
        }
        let modern = b.render();
        b.testing = false;
        b.pct = pct;
        (modern, b.render())
    };
    // (title, policy, t=y, legacy pct, what to watch, how long)
    type Row = (
        &'static str,
        Policy,
        bool,
        Option<u8>,
        &'static str,
        &'static str,
    );
    let rows: [Row; 5] = [
        ("Monitor", Policy::None, false, None,
         "Every service that sends as your domain (mail servers, newsletters, CRM, ticketing, invoicing) appears in the reports and passes SPF or DKIM aligned with your domain. Fix each one that does not.",
         "2 to 4 weeks, until a full business cycle is covered"),
        ("Quarantine, testing", Policy::Quarantine, true, Some(25),
         "Failing volume is only forged or forgotten mail; no complaint from users about missing mail.",
         "1 to 2 weeks"),
        ("Quarantine", Policy::Quarantine, false, Some(100),
         "Still no legitimate source failing; forwarded mail (mailing lists) usually passes thanks to DKIM.",
         "2 to 4 weeks"),
        ("Reject, testing", Policy::Reject, true, Some(25),
         "The reports stay clean at full quarantine; the remaining failures are forgeries.",
         "1 to 2 weeks"),
        ("Reject", Policy::Reject, false, None,
         "Keep reading the reports: a new service that sends as you must be set up before it sends.",
         "for good"),
    ];
    rows.into_iter()
        .enumerate()
        .map(|(i, (title, p, t, pct, watch, duration))| {
            let (record, legacy_record) = stage(p, t, pct);
            Stage {
                number: i + 1,
                title,
                record,
                legacy_record,
                watch,
                duration,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::dmarc::record::parse;

    #[test]
    fn stages_parse_clean_and_step_up() {
        let mut b = Builder::new(Policy::None);
        b.rua.push("dmarc@example.com".into());
        let plan = rollout(&b);
        assert_eq!(plan.len(), 5);
        for (i, s) in plan.iter().enumerate() {
            for rec in [&s.record, &s.legacy_record] {
                let r = parse(rec);
                assert!(
                    r.findings.iter().all(|f| f.severity != Severity::Error),
                    "{rec}"
                );
                assert_eq!(current_stage(&r), Some(i + 1), "{rec}");
            }
        }
        assert_eq!(
            plan[1].record,
            "v=DMARC1; p=quarantine; np=reject; rua=mailto:dmarc@example.com; t=y"
        );
        assert_eq!(
            plan[1].legacy_record,
            "v=DMARC1; p=quarantine; np=reject; rua=mailto:dmarc@example.com; pct=25"
        );
        assert_eq!(current_stage(&parse("v=DMARC1; p=reject; pct=50")), Some(4));
    }
}
