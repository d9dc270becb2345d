//! What every DMARC tag means (RFC 9989 §4.7; RFC 7489 §6.3 for the legacy ones).

use crate::explain::{Entry, Status};

/// The DMARC tags, current and legacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagName {
    V,
    P,
    Sp,
    Np,
    Adkim,
    Aspf,
    Rua,
    Ruf,
    Fo,
    Psd,
    T,
    Pct,
    Rf,
    Ri,
}

impl TagName {
    pub const ALL: [TagName; 14] = [
        TagName::V,
        TagName::P,
        TagName::Sp,
        TagName::Np,
        TagName::Adkim,
        TagName::Aspf,
        TagName::Rua,
        TagName::Ruf,
        TagName::Fo,
        TagName::Psd,
        TagName::T,
        TagName::Pct,
        TagName::Rf,
        TagName::Ri,
    ];

    pub fn parse(name: &str) -> Option<TagName> {
        TagName::ALL
            .into_iter()
            .find(|t| entry(*t).name.eq_ignore_ascii_case(name))
    }
}

const RFC: &str = "RFC 9989 §4.7";

/// The explanation of a tag.
// Inlined where it is read, which keeps only the fields it reads: a caller that reads only the
// name (`TagName::parse`, the records' parsers on the domain page) links none of the texts.
#[inline(always)]
pub fn entry(tag: TagName) -> Entry {
    let e = |name, title, default, values, summary, mistakes| Entry {
        name,
        title,
        rfc: RFC,
        summary,
        mistakes,
        default,
        values: Some(values),
        status: Status::Current,
    };
    let legacy = |name, title, default, values, summary, mistakes| Entry {
        name,
        title,
        rfc: "RFC 7489 §6.3 (removed by RFC 9989)",
        summary,
        mistakes,
        default,
        values: Some(values),
        status: Status::Legacy,
    };
    match tag {
        TagName::V => e("v", "Version", None, "DMARC1",
            "Marks the TXT record, published at _dmarc. before the domain name, as a DMARC policy. It must be the first tag.",
            "Anything before v=DMARC1 (or a second v=DMARC1 record) makes receivers ignore the policy."),
        TagName::P => e("p", "Policy", None, "none | quarantine | reject",
            "What receivers should do with mail whose From domain is yours but that passes neither aligned SPF nor aligned DKIM: none (deliver, just report), quarantine (spam folder), reject (refuse).",
            "Jumping to reject before reports show every legitimate sender passing loses real mail; staying at none forever protects nothing."),
        TagName::Sp => e("sp", "Subdomain policy", Some("the value of p"), "none | quarantine | reject",
            "The policy for subdomains of the domain that have no DMARC record of their own.",
            "sp weaker than p leaves every subdomain open to forgery."),
        TagName::Np => e("np", "Non-existent subdomain policy", Some("the value of sp, else p"), "none | quarantine | reject",
            "The policy for subdomains that do not exist in DNS at all. No legitimate mail comes from them, so np=reject is safe early.",
            "Older receivers (RFC 7489) ignore np and use sp or p."),
        TagName::Adkim => e("adkim", "DKIM alignment mode", Some("r (relaxed)"), "r | s",
            "How closely the DKIM signing domain (d=) must match the From domain: relaxed accepts the same organizational domain (mail.example.com signs for example.com), strict needs the exact domain.",
            "Strict breaks services that sign with a subdomain of yours."),
        TagName::Aspf => e("aspf", "SPF alignment mode", Some("r (relaxed)"), "r | s",
            "How closely the envelope sender domain (Return-Path), checked by SPF, must match the From domain: relaxed or strict, as for adkim.",
            "Strict breaks services that use bounce.<your domain> as envelope sender."),
        TagName::Rua => e("rua", "Aggregate report addresses", None, "mailto:<address>[, mailto:<address>...]",
            "Where receivers send daily aggregate reports (RFC 9990): which IPs sent as your domain and whether they passed. The reports are what make raising the policy safe.",
            "An address in another domain receives reports only if that domain publishes <your domain>._report._dmarc.<its domain> with v=DMARC1."),
        TagName::Ruf => e("ruf", "Failure report addresses", None, "mailto:<address>[, ...]",
            "Where receivers that still send them send per-message failure reports. Few large receivers do, for privacy reasons.",
            "Failure reports can contain message content and personal data; same external authorization rule as rua."),
        TagName::Fo => e("fo", "Failure reporting options", Some("0"), "0 | 1 | d | s, separated by ':'",
            "When to send failure reports: 0 when both SPF and DKIM fail to align, 1 when either fails, d on any DKIM failure, s on any SPF failure.",
            "Has no effect without ruf."),
        TagName::Psd => e("psd", "Public suffix domain", Some("u"), "y | n | u",
            "Used by the tree walk: psd=y marks a public suffix operator's record (a TLD or registry), psd=n marks the organizational domain itself, u leaves it to the walk.",
            "Ordinary domains do not need it; psd=y on your own domain makes receivers treat your subdomains as separate organizations."),
        TagName::T => e("t", "Testing mode", Some("n"), "y | n",
            "t=y asks receivers to apply one step less than the policy (reject acts as quarantine, quarantine as none) while you test. It replaces pct.",
            "Forgetting to remove t=y after the rollout leaves the policy weaker than written."),
        TagName::Pct => legacy("pct", "Percentage (legacy)", Some("100"), "0-100",
            "RFC 7489: apply the policy to this percentage of failing mail, the rest one step lower. RFC 9989 replaced it with t=; many receivers still honour it.",
            "pct=0 with p=reject was a trick for testing; use t=y instead."),
        TagName::Rf => legacy("rf", "Report format (legacy)", Some("afrf"), "afrf",
            "RFC 7489: the format of failure reports. Removed by RFC 9989; receivers ignore it.",
            "Only afrf ever existed; remove it."),
        TagName::Ri => legacy("ri", "Report interval (legacy)", Some("86400"), "seconds",
            "RFC 7489: how often aggregate reports were wanted. Removed by RFC 9989; receivers send daily whatever it says.",
            "Remove it."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_is_explained_and_found_by_name() {
        for t in TagName::ALL {
            let e = entry(t);
            assert!(
                !e.title.is_empty()
                    && !e.summary.is_empty()
                    && !e.mistakes.is_empty()
                    && e.rfc.starts_with("RFC ")
            );
            assert_eq!(TagName::parse(e.name), Some(t));
        }
        assert_eq!(entry(TagName::Pct).status, Status::Legacy);
        assert_eq!(TagName::parse("NP"), Some(TagName::Np));
        assert_eq!(TagName::parse("xx"), None);
    }
}
