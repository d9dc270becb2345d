//! What receivers do with mail that fails DMARC under a published record: the one assessment
//! that every view of a policy reads (the summary line, the journey and its next step, "Fix
//! first", the DMARC card, the wizard's "you are here", the message verdict, the reports' rollout
//! impact, the CLI).
//!
//! Two kinds of receiver read the same record differently since RFC 9989 (2026):
//! - **RFC 9989 receivers** read `t=` and ignore `pct=`. `t=y` asks them to apply one level
//!   below the policy: `reject` acts as `quarantine`, `quarantine` as `none` (RFC 9989 §4.7); it
//!   has no effect on `none`.
//! - **RFC 7489 receivers** (many large ones, still) read `pct=` and do not know `t=`. `pct=N`
//!   applies the policy to N % of failing mail and the next level down to the rest: `reject`
//!   becomes `quarantine`, `quarantine` becomes normal delivery (RFC 7489 §6.6.4).
//!
//! A record without `t=y` and with `pct` absent or 100 means the same to both.

use serde::Serialize;

use crate::diag::{Finding, Severity};

use super::codes::Code;
use super::discover::Discovery;
use super::record::{Policy, Record};

/// A kind of receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Receivers {
    /// Reads `t=`, ignores `pct=`.
    Rfc9989,
    /// Reads `pct=`, does not know `t=`.
    Rfc7489,
}

impl Receivers {
    pub const ALL: [Receivers; 2] = [Receivers::Rfc9989, Receivers::Rfc7489];

    pub fn as_str(self) -> &'static str {
        match self {
            Receivers::Rfc9989 => "rfc9989",
            Receivers::Rfc7489 => "rfc7489",
        }
    }

    /// Who they are, in words.
    pub fn label(self) -> &'static str {
        match self {
            Receivers::Rfc9989 => "RFC 9989 receivers (they read t=, ignore pct=)",
            Receivers::Rfc7489 => "receivers still on RFC 7489 (they read pct=, ignore t=)",
        }
    }
}

/// A share of the failing mail and what is done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Share {
    /// `none` (delivered as usual), `quarantine` or `reject`.
    pub disposition: Policy,
    /// Of the failing mail, 0–100.
    pub percent: u8,
}

/// What one kind of receiver does with failing mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Treatment {
    pub receivers: Receivers,
    /// The policy's share first; the shares add up to 100.
    pub shares: Vec<Share>,
    /// In words: "reject all failing mail", "reject 10 % of failing mail and quarantine the
    /// other 90 %".
    pub text: String,
}

impl Treatment {
    /// The mildest disposition any failing message gets.
    pub fn weakest(&self) -> Policy {
        self.shares
            .iter()
            .filter(|s| s.percent > 0)
            .map(|s| s.disposition)
            .min()
            .unwrap_or(Policy::None)
    }

    /// The strictest disposition any failing message gets.
    pub fn strongest(&self) -> Policy {
        self.shares
            .iter()
            .filter(|s| s.percent > 0)
            .map(|s| s.disposition)
            .max()
            .unwrap_or(Policy::None)
    }

    /// The share of failing mail that gets `p` or stronger, in percent.
    pub fn at_least(&self, p: Policy) -> u8 {
        self.shares
            .iter()
            .filter(|s| s.disposition >= p)
            .map(|s| s.percent)
            .sum()
    }
}

/// The level below: `reject` → `quarantine` → `none`.
pub fn one_below(p: Policy) -> Policy {
    match p {
        Policy::Reject => Policy::Quarantine,
        _ => Policy::None,
    }
}

fn verb(p: Policy) -> &'static str {
    match p {
        Policy::Reject => "reject",
        Policy::Quarantine => "quarantine",
        Policy::None => "deliver",
    }
}

fn words(shares: &[Share]) -> String {
    match shares {
        [only] if only.disposition == Policy::None => "deliver failing mail as usual".to_string(),
        [only] => format!("{} all failing mail", verb(only.disposition)),
        [first, second] => format!(
            "{} {} % of failing mail and {} the other {} %{}",
            verb(first.disposition),
            first.percent,
            verb(second.disposition),
            second.percent,
            if second.disposition == Policy::None {
                " as usual"
            } else {
                ""
            }
        ),
        _ => "apply no policy".to_string(),
    }
}

/// What `receivers` do with mail failing under `policy` with `t=` and `pct=` as given.
pub fn treatment(
    receivers: Receivers,
    policy: Policy,
    testing: bool,
    pct: Option<u8>,
) -> Treatment {
    let shares = match receivers {
        Receivers::Rfc9989 => vec![Share {
            disposition: if testing { one_below(policy) } else { policy },
            percent: 100,
        }],
        Receivers::Rfc7489 => {
            let pct = pct.unwrap_or(100).min(100);
            let below = one_below(policy);
            if policy == Policy::None || pct == 100 {
                vec![Share {
                    disposition: policy,
                    percent: 100,
                }]
            } else if pct == 0 {
                vec![Share {
                    disposition: below,
                    percent: 100,
                }]
            } else {
                // The policy's share first, as `pct=` names it.
                vec![
                    Share {
                        disposition: policy,
                        percent: pct,
                    },
                    Share {
                        disposition: below,
                        percent: 100 - pct,
                    },
                ]
            }
        }
    };
    let text = words(&shares);
    Treatment {
        receivers,
        shares,
        text,
    }
}

/// Where a step of the hardening journey stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepState {
    Todo,
    /// Some receivers, or some of the failing mail, already get it.
    Partial,
    Done,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Todo => "todo",
            StepState::Partial => "partial",
            StepState::Done => "done",
        }
    }
}

/// The published policy and what each kind of receiver does with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enforcement {
    /// The policy that applies to the mail in question (`p`, `sp` or `np`).
    pub policy: Policy,
    /// `t=y`.
    pub testing: bool,
    /// `pct=` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pct: Option<u8>,
    /// Which tag the policy comes from: `p`, `sp` or `np`.
    pub tag: &'static str,
    /// One per kind of receiver, RFC 9989 first.
    pub receivers: Vec<Treatment>,
    /// Whether both kinds of receiver do the same.
    pub agree: bool,
    /// Failing mail gets at least quarantine: `done` everywhere, `partial` at some receivers or
    /// for a share, `todo` nowhere.
    pub quarantine: StepState,
    /// Failing mail is rejected: same words.
    pub reject: StepState,
}

impl Enforcement {
    /// The enforcement of `policy` (taken from the tag `tag`) under the record's `t=` and `pct=`.
    pub fn new(policy: Policy, tag: &'static str, testing: bool, pct: Option<u8>) -> Enforcement {
        let receivers: Vec<Treatment> = Receivers::ALL
            .into_iter()
            .map(|k| treatment(k, policy, testing, pct))
            .collect();
        let agree = receivers.windows(2).all(|w| w[0].shares == w[1].shares);
        let weakest = receivers.iter().map(Treatment::weakest).min();
        let strongest = receivers.iter().map(Treatment::strongest).max();
        let state = |p: Policy| {
            if weakest.is_some_and(|w| w >= p) {
                StepState::Done
            } else if strongest.is_some_and(|s| s >= p) {
                StepState::Partial
            } else {
                StepState::Todo
            }
        };
        Enforcement {
            policy,
            testing,
            pct,
            tag,
            quarantine: state(Policy::Quarantine),
            reject: state(Policy::Reject),
            receivers,
            agree,
        }
    }

    /// The domain's own policy (`p=`) of a record.
    pub fn of_record(r: &Record) -> Enforcement {
        Enforcement::new(r.effective_policy(), "p", r.testing, r.pct)
    }

    /// The treatment of one kind of receiver.
    pub fn of(&self, kind: Receivers) -> &Treatment {
        self.receivers
            .iter()
            .find(|t| t.receivers == kind)
            .unwrap_or(&self.receivers[0])
    }

    /// The record's words that decide: `p=reject`, `p=reject; pct=10`, `p=quarantine; t=y`.
    pub fn written(&self) -> String {
        let mut s = format!("{}={}", self.tag, self.policy.as_str());
        if self.testing {
            s.push_str("; t=y");
        }
        if let Some(p) = self.pct.filter(|p| *p < 100) {
            s.push_str(&format!("; pct={p}"));
        }
        s
    }

    /// Whether `t=y` or `pct` below 100 change anything for this policy.
    pub fn is_partial(&self) -> bool {
        !self.agree || self.receivers.iter().any(|t| t.shares.len() > 1)
    }

    /// What receivers do, in one sentence without the record's words: "every receiver rejects
    /// failing mail", or one clause per kind of receiver when they differ.
    pub fn account(&self) -> String {
        if self.agree {
            let t = &self.receivers[0];
            return match t.shares.as_slice() {
                [only] if only.disposition == Policy::None => {
                    "receivers deliver failing mail as usual and only report it".to_string()
                }
                [only] => format!(
                    "every receiver will {} failing mail",
                    verb(only.disposition)
                ),
                _ => format!("every receiver will {}", t.text),
            };
        }
        let a = self.of(Receivers::Rfc9989);
        let b = self.of(Receivers::Rfc7489);
        let first = format!(
            "RFC 9989 receivers {}{}",
            a.text,
            if self.testing && a.weakest() < self.policy {
                " (t=y asks them for one level less)"
            } else if self.pct.is_some_and(|p| p < 100) {
                " (they ignore pct=)"
            } else {
                ""
            }
        );
        let second = if self.testing && b.weakest() == self.policy && b.shares.len() == 1 {
            format!("receivers that don't know t= {}", b.text)
        } else {
            format!("receivers that still read pct= {}", b.text)
        };
        format!("{first}; {second}")
    }

    /// Where the DMARC steps of the hardening journey stand, as the staged rollout names them:
    /// 1 monitor, 2 quarantine for part, 3 quarantine, 4 reject for part, 5 reject.
    pub fn stage(&self) -> u8 {
        match (self.quarantine, self.reject) {
            (_, StepState::Done) => 5,
            (_, StepState::Partial) => 4,
            (StepState::Done, StepState::Todo) => 3,
            (StepState::Partial, StepState::Todo) => 2,
            (StepState::Todo, StepState::Todo) => 1,
        }
    }

    /// The lever that moves the partial step on, naming the tag: "raise pct from 10 to 100 (or
    /// remove it)", "remove t=y", or both. `None` when nothing is partial.
    pub fn lever(&self) -> Option<String> {
        let pct = self.pct.filter(|p| *p < 100);
        let pct_matters = pct.is_some() && self.policy != Policy::None;
        let t_matters = self.testing && self.policy != Policy::None;
        let mut parts = Vec::new();
        if t_matters {
            parts.push("remove t=y".to_string());
        }
        if let Some(p) = pct.filter(|_| pct_matters) {
            parts.push(format!("raise pct from {p} to 100 (or remove it)"));
        }
        (!parts.is_empty()).then(|| parts.join(" and "))
    }
}

/// The DMARC part of a domain's assessment: the summary line and the DMARC card say the same
/// thing because both are this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The badge: the highest severity of the DMARC findings (`error`, `warning`, `info`), or
    /// `ok` when there are none ([`crate::diag::badge`], the rule of every line and card).
    pub status: &'static str,
    /// One sentence: the record's words that decide, and what receivers do.
    pub headline: String,
    /// The code of the finding that decided the status, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What receivers do, when a policy applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<Enforcement>,
    /// The first DMARC step of the journey: `done` for a record without errors that has `rua=`,
    /// `partial` for a record with errors or without `rua=` (it applies, but part of it is
    /// ignored or nobody reads what it reports), `todo` when no policy applies.
    pub reports: StepState,
}

/// Which findings the enforcement itself already says (the headline names them): the others
/// are added to the line.
const SAID_BY_ENFORCEMENT: [Code; 4] = [
    Code::PNone,
    Code::TestingMode,
    Code::PctPartial,
    Code::PctObsolete,
];

/// The assessment of a discovered policy.
pub fn assess(d: &Discovery) -> Assessment {
    let worst = |fs: &[Finding]| -> Option<(Severity, &'static str, String)> {
        fs.iter()
            .filter(|f| f.severity != Severity::Info)
            .filter(|f| !SAID_BY_ENFORCEMENT.iter().any(|c| c.as_str() == f.code))
            .min_by_key(|f| f.severity)
            .map(|f| (f.severity, f.code, f.message.clone()))
    };
    let (Some(r), Some(policy)) = (&d.record, d.effective_policy) else {
        let failed = d.findings.iter().any(|f| f.code == Code::DnsError.as_str());
        let multiple = d
            .findings
            .iter()
            .find(|f| f.code == Code::MultipleRecords.as_str());
        return match (failed, multiple) {
            (true, _) => Assessment {
                status: crate::diag::badge(&d.findings),
                headline: "Unknown: DMARC policy discovery failed temporarily, so whether a policy applies cannot be told yet".into(),
                code: Some(Code::DnsError.as_str()),
                enforcement: None,
                reports: StepState::Todo,
            },
            (false, Some(f)) => Assessment {
                status: crate::diag::badge(&d.findings),
                headline: format!("No policy applies: {}", f.message),
                code: Some(f.code),
                enforcement: None,
                reports: StepState::Todo,
            },
            _ => Assessment {
                status: crate::diag::badge(&d.findings),
                headline: "No DMARC policy: failing mail is delivered as usual, and you get no reports".into(),
                code: Some(Code::NoRecord.as_str()),
                enforcement: None,
                reports: StepState::Todo,
            },
        };
    };
    let tag = d.applies.unwrap_or("p");
    let e = Enforcement::new(policy, tag, r.testing, r.pct);
    let from = match &d.policy_domain {
        Some(pd) if *pd != d.domain => format!(" (from _dmarc.{pd})"),
        _ => String::new(),
    };
    // p= written but unreadable is read as p=none (RFC 9989 §4.7): say both.
    let unreadable = match (d.applies, r.policy, r.tag("p")) {
        (Some("p"), None, Some(t)) => {
            format!("p={} is not a policy, so it is read as ", t.value.trim())
        }
        _ => String::new(),
    };
    let headline = format!("{unreadable}{}{from}: {}", e.written(), e.account());
    // The code the headline's words decide, unless a worse finding does.
    let (decided, mut code) = if policy == Policy::None {
        ("warning", Some(Code::PNone.as_str()))
    } else if e.is_partial() {
        (
            "warning",
            Some(if r.testing {
                Code::TestingMode.as_str()
            } else {
                Code::PctPartial.as_str()
            }),
        )
    } else {
        ("ok", None)
    };
    let mut headline = headline;
    if let Some((sev, c, msg)) = worst(&d.findings) {
        let rank = |s: &str| match s {
            "error" => 0,
            "warning" => 1,
            _ => 2,
        };
        if rank(sev.as_str()) <= rank(decided) {
            code = Some(c);
        }
        let title = Code::parse(c).map_or(msg, |k| k.head().title.to_string());
        headline = format!("{headline} · {title}");
    }
    // A record with errors still applies: receivers ignore the tags they cannot read (RFC 9989
    // §4.8), so the enforcement stands and the reporting step is what is incomplete.
    let reports = if r.has_error() || r.rua.is_empty() {
        StepState::Partial
    } else {
        StepState::Done
    };
    Assessment {
        status: crate::diag::badge(&d.findings),
        headline,
        code,
        enforcement: Some(e),
        reports,
    }
}

impl Discovery {
    /// The one assessment of this policy that every view reads.
    pub fn assessment(&self) -> Assessment {
        assess(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dmarc::parse;

    fn e(text: &str) -> Enforcement {
        Enforcement::of_record(&parse(text))
    }

    #[test]
    fn each_kind_of_receiver_reads_its_own_tags() {
        // (record, RFC 9989 receivers, RFC 7489 receivers, quarantine step, reject step, stage)
        let cases = [
            (
                "v=DMARC1; p=none",
                "deliver failing mail as usual",
                "deliver failing mail as usual",
                StepState::Todo,
                StepState::Todo,
                1,
            ),
            (
                "v=DMARC1; p=quarantine; pct=25",
                "quarantine all failing mail",
                "quarantine 25 % of failing mail and deliver the other 75 % as usual",
                StepState::Partial,
                StepState::Todo,
                2,
            ),
            (
                "v=DMARC1; p=quarantine; t=y",
                "deliver failing mail as usual",
                "quarantine all failing mail",
                StepState::Partial,
                StepState::Todo,
                2,
            ),
            (
                "v=DMARC1; p=quarantine",
                "quarantine all failing mail",
                "quarantine all failing mail",
                StepState::Done,
                StepState::Todo,
                3,
            ),
            (
                "v=DMARC1; p=reject; pct=10",
                "reject all failing mail",
                "reject 10 % of failing mail and quarantine the other 90 %",
                StepState::Done,
                StepState::Partial,
                4,
            ),
            (
                "v=DMARC1; p=reject; t=y",
                "quarantine all failing mail",
                "reject all failing mail",
                StepState::Done,
                StepState::Partial,
                4,
            ),
            (
                "v=DMARC1; p=reject; t=y; pct=50",
                "quarantine all failing mail",
                "reject 50 % of failing mail and quarantine the other 50 %",
                StepState::Done,
                StepState::Partial,
                4,
            ),
            (
                "v=DMARC1; p=reject; pct=0",
                "reject all failing mail",
                "quarantine all failing mail",
                StepState::Done,
                StepState::Partial,
                4,
            ),
            (
                "v=DMARC1; p=quarantine; pct=0; t=y",
                "deliver failing mail as usual",
                "deliver failing mail as usual",
                StepState::Todo,
                StepState::Todo,
                1,
            ),
            (
                "v=DMARC1; p=reject",
                "reject all failing mail",
                "reject all failing mail",
                StepState::Done,
                StepState::Done,
                5,
            ),
            (
                "v=DMARC1; p=none; t=y; pct=10",
                "deliver failing mail as usual",
                "deliver failing mail as usual",
                StepState::Todo,
                StepState::Todo,
                1,
            ),
        ];
        for (rec, new, old, q, r, stage) in cases {
            let x = e(rec);
            assert_eq!(x.of(Receivers::Rfc9989).text, new, "{rec}");
            assert_eq!(x.of(Receivers::Rfc7489).text, old, "{rec}");
            assert_eq!((x.quarantine, x.reject, x.stage()), (q, r, stage), "{rec}");
            for t in &x.receivers {
                assert_eq!(
                    t.shares.iter().map(|s| s.percent as u32).sum::<u32>(),
                    100,
                    "{rec}"
                );
            }
        }
    }

    #[test]
    fn the_account_and_the_lever_name_the_tag_that_decides() {
        let x = e("v=DMARC1; p=reject; pct=10");
        assert_eq!(x.written(), "p=reject; pct=10");
        assert_eq!(
            x.account(),
            "RFC 9989 receivers reject all failing mail (they ignore pct=); receivers that still read pct= reject 10 % of failing mail and quarantine the other 90 %"
        );
        assert_eq!(
            x.lever().as_deref(),
            Some("raise pct from 10 to 100 (or remove it)")
        );
        let x = e("v=DMARC1; p=quarantine; t=y");
        assert_eq!(
            x.account(),
            "RFC 9989 receivers deliver failing mail as usual (t=y asks them for one level less); receivers that don't know t= quarantine all failing mail"
        );
        assert_eq!(x.lever().as_deref(), Some("remove t=y"));
        let x = e("v=DMARC1; p=reject");
        assert!(x.agree && !x.is_partial() && x.lever().is_none());
        assert_eq!(x.account(), "every receiver will reject failing mail");
        // pct and t=y change nothing at p=none: no lever.
        assert!(e("v=DMARC1; p=none; t=y; pct=10").lever().is_none());
    }
}
