//! "At `p=quarantine` these sources would have been quarantined": the mail of the reports that
//! fails DMARC, which the next step of the rollout would act on, grouped so that a person can
//! tell a service to fix from a forger.
//!
//! A message fails DMARC when neither DKIM nor SPF passes aligned (RFC 9989 §4.4); that is the
//! reporter's `policy_evaluated`, which the receiver computed with the alignment modes of the
//! record. Under `p=quarantine` or `p=reject` a receiver may still deliver it (a local policy, a
//! known forwarder, ARC): the reporters' `reason`s say when they did.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Serialize;

use super::report::AuthResult;
use super::totals::{Row, Totals};

/// The step being considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Enforcement {
    Quarantine,
    Reject,
}

impl Enforcement {
    pub fn as_str(self) -> &'static str {
        match self {
            Enforcement::Quarantine => "quarantine",
            Enforcement::Reject => "reject",
        }
    }

    /// "quarantined" / "rejected".
    pub fn participle(self) -> &'static str {
        match self {
            Enforcement::Quarantine => "quarantined",
            Enforcement::Reject => "rejected",
        }
    }
}

/// The policy most reports saw, with what each kind of receiver does with it (`t=y`, `pct=`):
/// the domain page's assessment of the same record.
pub fn published(totals: &Totals) -> Option<crate::dmarc::assess::Enforcement> {
    let p = totals.policies.first()?;
    Some(crate::dmarc::assess::Enforcement::new(
        p.p?,
        "p",
        p.testing == Some(true),
        p.pct,
    ))
}

/// The step after the policy most reports saw, as the journey names it: quarantine until every
/// receiver quarantines all failing mail (`p=none`, none seen, `p=quarantine` with `t=y` or
/// `pct` below 100), then reject (at `p=reject` the question is what reject does for all of it).
pub fn next_step(totals: &Totals) -> Enforcement {
    use crate::dmarc::assess::StepState;
    match published(totals) {
        Some(e) if e.quarantine == StepState::Done => Enforcement::Reject,
        _ => Enforcement::Quarantine,
    }
}

/// What kind of failing mail a group is, from what the reports show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The reporter marked it forwarded, a mailing list or a trusted forwarder: authentication
    /// broke on the way. ARC or the list's own rewriting is the answer, not your DNS.
    Indirect,
    /// DKIM or SPF passes, but for another domain than the From domain: a service sending for
    /// you that is not aligned yet. Usually legitimate: fix it before enforcing.
    Unaligned,
    /// Nothing passes: forged mail, or a server of yours sending without DKIM or SPF.
    Unauthenticated,
}

/// Failing mail from one source and From domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactGroup {
    pub source_ip: Option<IpAddr>,
    pub header_from: Option<String>,
    pub messages: u64,
    /// Of all messages in the totals.
    pub share: f64,
    pub kind: FailureKind,
    /// Domains whose DKIM signature verified on this mail (not aligned, or it would pass).
    pub dkim_pass_domains: Vec<String>,
    /// Domains whose SPF check passed.
    pub spf_pass_domains: Vec<String>,
    /// Of these messages, how many the receivers already quarantined or rejected.
    pub already_enforced: u64,
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No messages in the reports.
    NoData,
    /// Everything passes DMARC: the step changes nothing for this mail.
    NothingFails,
    /// Only mail that authenticates nowhere fails: forgeries, unless one of those sources is
    /// yours.
    OnlyUnauthenticated,
    /// Mail that passes DKIM or SPF for another domain, or comes through forwarders, fails:
    /// look at those sources first.
    LegitimateMailAtRisk,
}

/// What `p=quarantine` or `p=reject` would have done to the mail in the reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    pub policy: Enforcement,
    pub verdict: Verdict,
    /// How the answer reads: `ok` (nothing that fails would be lost), `warning` (no data, or
    /// only unauthenticated mail fails: forgeries unless a source is yours), `error` (mail that
    /// is probably legitimate fails).
    pub tone: &'static str,
    /// The answer in a few words: `looks safe`, `no data`, `check the sources`, `look first`.
    pub badge: &'static str,
    /// The answer in sentences.
    pub answer: String,
    /// All messages in the totals.
    pub messages: u64,
    /// Those failing DMARC: the ones the policy would act on.
    pub failing: u64,
    pub share: f64,
    pub unaligned: u64,
    pub indirect: u64,
    pub unauthenticated: u64,
    /// Most messages first.
    pub groups: Vec<ImpactGroup>,
}

fn passing_domains<'a>(
    out: &mut Vec<String>,
    it: impl Iterator<Item = (Option<&'a String>, Option<AuthResult>)>,
) {
    for (d, r) in it {
        if r == Some(AuthResult::Pass) {
            if let Some(d) = d {
                if !out.contains(d) {
                    out.push(d.clone());
                }
            }
        }
    }
}

fn kind(row: &Row) -> FailureKind {
    let reasons = &row.policy_evaluated.reasons;
    if reasons.iter().any(|r| r.kind.is_indirect()) {
        FailureKind::Indirect
    } else if row
        .auth_results
        .dkim
        .iter()
        .any(|d| d.result == Some(AuthResult::Pass))
        || row
            .auth_results
            .spf
            .iter()
            .any(|s| s.result == Some(AuthResult::Pass))
    {
        FailureKind::Unaligned
    } else {
        FailureKind::Unauthenticated
    }
}

/// The messages of `totals` that fail DMARC, grouped by source IP and From domain, most first.
/// The same set for both policies; `policy` only names the step.
pub fn impact(totals: &Totals, policy: Enforcement) -> Impact {
    let messages = totals.results.messages;
    let share = |n: u64| {
        if messages == 0 {
            0.0
        } else {
            n as f64 / messages as f64
        }
    };
    let mut groups: BTreeMap<(Option<IpAddr>, Option<String>), ImpactGroup> = BTreeMap::new();
    for row in totals.rows.iter().filter(|r| !r.dmarc_pass) {
        let key = (row.source_ip, row.identifiers.header_from.clone());
        let g = groups.entry(key).or_insert_with(|| ImpactGroup {
            source_ip: row.source_ip,
            header_from: row.identifiers.header_from.clone(),
            messages: 0,
            share: 0.0,
            kind: FailureKind::Unauthenticated,
            dkim_pass_domains: Vec::new(),
            spf_pass_domains: Vec::new(),
            already_enforced: 0,
        });
        g.messages = g.messages.saturating_add(row.count);
        // The kind of a group is the most benign of its rows: one forwarded row makes the
        // source a forwarder, one passing signature makes it a service.
        g.kind = g.kind.min(kind(row));
        passing_domains(
            &mut g.dkim_pass_domains,
            row.auth_results
                .dkim
                .iter()
                .map(|d| (d.domain.as_ref(), d.result)),
        );
        passing_domains(
            &mut g.spf_pass_domains,
            row.auth_results
                .spf
                .iter()
                .map(|s| (s.domain.as_ref(), s.result)),
        );
        use super::report::Disposition::{Quarantine, Reject};
        if matches!(
            row.policy_evaluated.disposition,
            Some(Quarantine) | Some(Reject)
        ) {
            g.already_enforced = g.already_enforced.saturating_add(row.count);
        }
    }
    let mut groups: Vec<ImpactGroup> = groups.into_values().collect();
    for g in &mut groups {
        g.share = share(g.messages);
    }
    groups.sort_by(|a, b| {
        b.messages
            .cmp(&a.messages)
            .then_with(|| a.source_ip.cmp(&b.source_ip))
            .then_with(|| a.header_from.cmp(&b.header_from))
    });
    let sum = |k: FailureKind| {
        groups
            .iter()
            .filter(|g| g.kind == k)
            .map(|g| g.messages)
            .fold(0u64, u64::saturating_add)
    };
    let (unaligned, indirect, unauthenticated) = (
        sum(FailureKind::Unaligned),
        sum(FailureKind::Indirect),
        sum(FailureKind::Unauthenticated),
    );
    let failing = unaligned
        .saturating_add(indirect)
        .saturating_add(unauthenticated);
    let verdict = if messages == 0 {
        Verdict::NoData
    } else if failing == 0 {
        Verdict::NothingFails
    } else if unaligned == 0 && indirect == 0 {
        Verdict::OnlyUnauthenticated
    } else {
        Verdict::LegitimateMailAtRisk
    };
    let (tone, badge, answer) = answer(verdict, policy, share(failing));
    Impact {
        policy,
        verdict,
        tone,
        badge,
        answer,
        messages,
        failing,
        share: share(failing),
        unaligned,
        indirect,
        unauthenticated,
        groups,
    }
}

/// The answer to "is the step safe?". Green only when nothing that fails would be lost: mail
/// that authenticates nowhere is forged only if none of its sources is a server of yours, which
/// the reports cannot tell, so that case asks the user to look.
fn answer(
    verdict: Verdict,
    policy: Enforcement,
    share: f64,
) -> (&'static str, &'static str, String) {
    let p = policy.as_str();
    // Tenths of a percent, rounded half up, without float formatting (docs/size.md).
    let tenths = (share * 1000.0 + 0.5) as u64;
    let pct = format!("{}.{} %", tenths / 10, tenths % 10);
    match verdict {
        Verdict::NoData => (
            "warning",
            "no data",
            "No messages in these reports: nothing to judge yet.".into(),
        ),
        Verdict::NothingFails => (
            "ok",
            "looks safe",
            format!("Every message passed DMARC: p={p} would have changed nothing for this mail. As far as these reports show, the step is safe."),
        ),
        Verdict::OnlyUnauthenticated => (
            "warning",
            "check the sources",
            format!("Only mail that authenticates nowhere fails ({pct} of the messages: no DKIM or SPF pass for any domain). That is forged mail — unless one of these sources is a server of yours that sends without DKIM or SPF, whose mail would then be {}. Check the sources below; if none is yours, p={p} costs no legitimate mail.", policy.participle()),
        ),
        Verdict::LegitimateMailAtRisk => (
            "error",
            "look first",
            format!("Some failing mail passes DKIM or SPF for another domain (a service not aligned yet) or came through forwarders: probably legitimate. Align those services before p={p}, or accept that this mail will be {}.", policy.participle()),
        ),
    }
}
