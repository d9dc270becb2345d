//! The DMARC verdict of a message: whether an identifier that passed aligns with the From
//! domain, and what the discovered policy asks receivers to do.

use crate::dkim::SignatureResult;
use crate::dmarc::{self, Alignment, Policy};
use crate::dns::Resolver;
use crate::memo::Memo;
use crate::spf::{self, SpfResult};

use super::report::{AlignedId, DmarcVerdict};

/// DMARC for the message: the From domain's policy, and whether a passing DKIM signature or SPF
/// check aligns with the From domain under the policy's modes (organizational domains by the RFC
/// 9989 tree walk).
pub(super) async fn verdict<R: Resolver>(
    resolver: &R,
    from: &str,
    dkim: &[SignatureResult],
    spf: Option<&spf::Evaluation>,
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
        dkim_ids.push(AlignedId {
            domain: s.domain.clone(),
            selector: Some(s.selector.clone()),
            result: s.result.to_string(),
            strict,
            relaxed,
            aligned,
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
            Some(AlignedId {
                domain: e.domain.clone(),
                selector: None,
                result: e.result.as_str().to_string(),
                strict,
                relaxed,
                aligned,
            })
        }
        None => None,
    };
    let pass = dkim_ids.iter().any(|i| i.aligned) || spf_id.as_ref().is_some_and(|i| i.aligned);
    let (result, disposition, explanation) = match (&d.record, d.effective_policy) {
        (Some(r), Some(p)) => {
            if pass {
                (
                    "pass",
                    "none",
                    "DMARC passes: an identifier that passed aligns with the From domain."
                        .to_string(),
                )
            } else {
                let applied = if r.testing {
                    match p {
                        Policy::Reject => Policy::Quarantine,
                        _ => Policy::None,
                    }
                } else {
                    p
                };
                let spf_note = if spf.is_none() {
                    " SPF was not evaluated (give the connecting IP)."
                } else {
                    ""
                };
                (
                    "fail",
                    applied.as_str(),
                    format!(
                        "DMARC fails: no passing DKIM signature or SPF check aligns with {from}; the policy asks receivers to {}.{spf_note}",
                        match applied {
                            Policy::Reject => "reject the message",
                            Policy::Quarantine => "treat it as spam",
                            Policy::None => "deliver it anyway (p=none)",
                        }
                    ),
                )
            }
        }
        _ if d.findings.iter().any(|f| f.code == "dmarc-dns-error") => (
            "temperror",
            "none",
            format!("DMARC policy discovery for {from} failed temporarily: whether a policy applies is unknown; receivers defer the message or skip DMARC."),
        ),
        _ => (
            "none",
            "none",
            format!("{from} publishes no DMARC policy, so receivers apply none."),
        ),
    };
    DmarcVerdict {
        result,
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
            "Not authenticated: DMARC fails for {} (policy: {}). {base}",
            from.unwrap_or(""),
            v.disposition
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
        (_, None) => {
            let mut reasons: Vec<&str> = dkim.iter().filter_map(|r| r.reason).collect();
            reasons.dedup();
            format!(
                "No valid DKIM signature: {} signature(s), none verifies ({}).",
                dkim.len(),
                reasons.join(", ")
            )
        }
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
