//! The DMARC verdict of a message: whether an identifier that passed aligns with the From
//! domain, and what the discovered policy asks receivers to do.

use crate::diag::{Finding, Severity};
use crate::dkim::SignatureResult;
use crate::dmarc::assess::Receivers;
use crate::dmarc::{self, Alignment, Policy};
use crate::dns::memo::Memo;
use crate::dns::Resolver;
use crate::spf::{self, SpfResult};

use super::check::{AlignedId, DmarcVerdict};

/// DMARC for the message: the From domain's policy, and whether a passing DKIM signature or SPF
/// check aligns with the From domain under the policy's modes (organizational domains by the RFC
/// 9989 tree walk).
pub(super) async fn verdict<R: Resolver>(
    resolver: &R,
    from: &str,
    dkim: &[SignatureResult],
    spf: Option<&spf::Evaluation>,
    ip_given: bool,
) -> DmarcVerdict {
    let memo = Memo::new(resolver);
    // The From domain's policy and the organizational domain of every other identifier, walked
    // at once: one walk after another would cost a few round trips per signing domain. A
    // signature left unverified (over `dkim::MAX_SIGNATURES`) cannot align, so its domain is not
    // walked: a thousand of them cost no queries.
    // At most `dkim::MAX_SIGNATURES` verified signatures and the SPF domain: a linear search
    // keeps each once, in the order met.
    let mut others: Vec<&str> = Vec::new();
    for d in dkim
        .iter()
        .filter(|s| !s.domain.is_empty() && s.reason != Some("not-verified"))
        .map(|s| s.domain.as_str())
        .chain(spf.map(|e| e.domain.as_str()))
    {
        if d != from && !others.contains(&d) {
            others.push(d);
        }
    }
    let (d, walked) = futures::join!(
        dmarc::discover::discover_with(&memo, from),
        futures::future::join_all(
            others
                .iter()
                .map(|o| dmarc::discover::discover_with(&memo, o))
        )
    );
    let org_from = d.organizational_domain.clone();
    let (adkim, aspf) = d
        .record
        .as_ref()
        .map_or((Alignment::Relaxed, Alignment::Relaxed), |r| {
            (r.effective_dkim_alignment(), r.effective_spf_alignment())
        });
    let orgs: Vec<(&str, String)> = others
        .iter()
        .copied()
        .zip(walked.into_iter().map(|w| w.organizational_domain))
        .collect();
    let org_of = |domain: &str| -> Option<&str> {
        if domain == from {
            return Some(org_from.as_str());
        }
        orgs.iter()
            .find(|(d, _)| *d == domain)
            .map(|(_, o)| o.as_str())
    };
    let mut dkim_ids = Vec::new();
    // The identifiers DMARC weighs: the verified signatures (one left unverified over
    // `dkim::MAX_SIGNATURES` has no result to align).
    for s in dkim
        .iter()
        .filter(|s| !s.domain.is_empty() && s.reason != Some("not-verified"))
    {
        let strict = s.domain == from;
        let relaxed = strict || org_of(&s.domain) == Some(org_from.as_str());
        let aligned = s.result == "pass"
            && if adkim == Alignment::Strict {
                strict
            } else {
                relaxed
            };
        let (why, explanation) = why(Why {
            what: "the signature",
            passed: s.result == "pass",
            domain: &s.domain,
            from,
            org_from: &org_from,
            strict,
            relaxed,
            mode: (adkim, "adkim"),
            has_policy: d.record.is_some(),
        });
        dkim_ids.push(AlignedId {
            domain: s.domain.clone(),
            selector: Some(s.selector.clone()),
            result: s.result.to_string(),
            strict,
            relaxed,
            aligned,
            why,
            explanation,
        });
    }
    let spf_id = match spf {
        Some(e) => {
            let strict = e.domain == from;
            let relaxed = strict || org_of(&e.domain) == Some(org_from.as_str());
            let aligned = e.result == SpfResult::Pass
                && if aspf == Alignment::Strict {
                    strict
                } else {
                    relaxed
                };
            let (why, explanation) = why(Why {
                what: "SPF",
                passed: e.result == SpfResult::Pass,
                domain: &e.domain,
                from,
                org_from: &org_from,
                strict,
                relaxed,
                mode: (aspf, "aspf"),
                has_policy: d.record.is_some(),
            });
            Some(AlignedId {
                domain: e.domain.clone(),
                selector: None,
                result: e.result.as_str().to_string(),
                strict,
                relaxed,
                aligned,
                why,
                explanation,
            })
        }
        None => None,
    };
    let pass = dkim_ids.iter().any(|i| i.aligned) || spf_id.as_ref().is_some_and(|i| i.aligned);
    let assessment = d.assessment();
    let enforcement = assessment.enforcement.clone();
    // With the IP given, SPF is left out only when there is no domain to check it for.
    let spf_note = match (spf, ip_given) {
        (Some(_), _) => "",
        (None, false) => " SPF was not evaluated (give the connecting IP).",
        (None, true) => " SPF was not evaluated: no Return-Path, and no Received field names the HELO of that IP.",
    };
    let (result, disposition, explanation) = match &enforcement {
        Some(_) if pass => (
            "pass",
            "none",
            "DMARC passes: an identifier that passed aligns with the From domain.".to_string(),
        ),
        Some(e) => {
            // What the standard's receivers do; the others are in `enforcement`.
            let applied = e.of(Receivers::Rfc9989).weakest();
            let what = if e.agree {
                match applied {
                    Policy::Reject => "receivers reject it".to_string(),
                    Policy::Quarantine => "receivers quarantine it (spam folder)".to_string(),
                    Policy::None => "receivers deliver it anyway and only report it".to_string(),
                }
            } else {
                e.account().replace("failing mail", "such mail")
            };
            (
                "fail",
                applied.as_str(),
                format!(
                    "DMARC fails: no passing DKIM signature or SPF check aligns with {from}. Under {}, {what}.{spf_note}",
                    e.written()
                ),
            )
        }
        None if d.findings.iter().any(|f| f.code == "dmarc-dns-error") => (
            "temperror",
            "none",
            format!("DMARC policy discovery for {from} failed temporarily: whether a policy applies is unknown; receivers defer the message or skip DMARC."),
        ),
        None => (
            "none",
            "none",
            format!("{from} publishes no DMARC policy, so receivers apply none."),
        ),
    };
    DmarcVerdict {
        result,
        enforcement,
        policy_domain: d.policy_domain.clone(),
        organizational_domain: org_from,
        policy: d.effective_policy,
        disposition,
        dkim: dkim_ids,
        spf: spf_id,
        explanation,
    }
}

pub(super) fn summary(
    dkim: &[SignatureResult],
    from: Option<&str>,
    headers_only: bool,
    dmarc: Option<&DmarcVerdict>,
) -> String {
    let base = summary_dkim(dkim, from, headers_only);
    match dmarc {
        Some(v) if v.result == "pass" => {
            format!("Authentic: DMARC passes for {}. {base}", from.unwrap_or(""))
        }
        Some(v) if v.result == "fail" => format!(
            "Not authenticated: DMARC fails for {} ({}). {base}",
            from.unwrap_or(""),
            v.enforcement
                .as_ref()
                .map_or_else(|| format!("policy: {}", v.disposition), |e| e.written()),
        ),
        _ => base,
    }
}

fn summary_dkim(dkim: &[SignatureResult], from: Option<&str>, headers_only: bool) -> String {
    let passing: Vec<&SignatureResult> = dkim.iter().filter(|r| r.result == "pass").collect();
    let body = if headers_only {
        " (headers only: the body was not checked)"
    } else {
        ""
    };
    match (from, passing.first()) {
        (_, None) if dkim.is_empty() => "Not signed: no DKIM signature vouches for this message.".into(),
        // Each signature's reason is on its own card, beside its result.
        (_, None) if dkim.len() == 1 => format!(
            "No valid DKIM signature: the one signature, by {}, does not verify.",
            dkim[0].domain
        ),
        (_, None) => format!(
            "No valid DKIM signature: none of the {} signatures verifies.",
            dkim.len()
        ),
        (Some(f), Some(_)) if passing.iter().any(|r| r.domain == f) => {
            format!("Signed by its From domain {f}: the DKIM signature of {f} verifies{body}.")
        }
        (Some(f), Some(p)) => format!(
            "Signed by {}, not by the From domain {f}: the signature verifies{body}, but it vouches for {}, not for {f}.",
            p.domain, p.domain
        ),
        (None, Some(p)) => format!("Signed by {}{body}; the message has no usable From domain.", p.domain),
    }
}

/// What decides whether one identifier counts for DMARC.
struct Why<'a> {
    /// "the signature" or "SPF".
    what: &'static str,
    passed: bool,
    domain: &'a str,
    from: &'a str,
    org_from: &'a str,
    strict: bool,
    relaxed: bool,
    /// The alignment mode and its tag (`adkim`, `aspf`).
    mode: (Alignment, &'static str),
    has_policy: bool,
}

/// Why an identifier counts or not, as a word (`aligned`, `not-passed`, `other-organization`,
/// `strict-mode`) and a sentence: the failed check first (it would not count even if aligned),
/// then the organization, and strict alignment only when that is the reason. The sentence does
/// not repeat the result: it is shown beside the identifier (`SPF example.com (softfail)`).
fn why(w: Why) -> (&'static str, String) {
    let mode = match (w.mode.0, w.has_policy) {
        (_, false) => "relaxed alignment (no DMARC policy to say otherwise)".to_string(),
        (Alignment::Relaxed, true) => "relaxed alignment".to_string(),
        (Alignment::Strict, true) => format!("strict alignment ({}=s)", w.mode.1),
    };
    if !w.passed {
        let same = if w.strict {
            format!("{} is the From domain itself", w.domain)
        } else if w.relaxed {
            format!("{} is in the From domain's organization", w.domain)
        } else {
            format!("{} is another organization than {}", w.domain, w.org_from)
        };
        return (
            "not-passed",
            format!(
                "does not count: {} did not pass, so its domain does not matter ({same})",
                w.what
            ),
        );
    }
    if w.strict || (w.relaxed && w.mode.0 == Alignment::Relaxed) {
        let how = if w.strict {
            "counts: aligned, it is the From domain itself".to_string()
        } else {
            format!(
                "counts: aligned, {} is in the same organization as {} ({}), which {mode} accepts",
                w.domain, w.from, w.org_from
            )
        };
        return ("aligned", how);
    }
    if w.relaxed {
        return (
            "strict-mode",
            format!(
                "does not count: {} is in the same organization as {}, but {} needs exactly {}",
                w.domain, w.from, mode, w.from
            ),
        );
    }
    (
        "other-organization",
        format!(
            "does not count: {} belongs to another organization than {} ({}); it vouches for {}, not for the From domain",
            w.domain, w.from, w.org_from, w.domain
        ),
    )
}

/// How the message stands, for the summary's badge: `error` when DMARC fails, `warning` when
/// nothing authenticates the From domain (no DMARC pass, no passing signature of the From
/// domain), else `ok`; raised to the highest severity among `findings` (the message's and its
/// signatures': information does not raise it), so that the badge never says less than the
/// findings it sums up.
pub(super) fn status<'a>(
    dkim: &[SignatureResult],
    from: Option<&str>,
    dmarc: Option<&DmarcVerdict>,
    findings: impl Iterator<Item = &'a Finding>,
) -> &'static str {
    let authenticated = dmarc.is_some_and(|v| v.result == "pass")
        || dkim
            .iter()
            .any(|s| s.result == "pass" && Some(s.domain.as_str()) == from);
    let worst = findings.map(|f| f.severity).min();
    if dmarc.is_some_and(|v| v.result == "fail") || worst == Some(Severity::Error) {
        "error"
    } else if !authenticated || worst == Some(Severity::Warning) {
        "warning"
    } else {
        "ok"
    }
}
