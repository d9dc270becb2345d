//! One place to look up any finding code, whatever its protocol.

use crate::explain::CodeInfo;

/// How one family of codes is explained, and the prefix its codes begin with.
type Family = (&'static str, fn(&str) -> Option<CodeInfo>);

/// The family of the codes of `$code` (a [`crate::diag::code_table!`] enum) beginning with
/// `$prefix`, each explained by `$code::$how`: `info` (the whole entry) or `brief` (without the
/// explanation and RFC, [`CodeInfo::brief`]).
macro_rules! family {
    ($prefix:literal, $code:path, $how:ident) => {
        ($prefix, |c| <$code>::parse(c).map(<$code>::$how))
    };
}

const SPF_BUILD: Family = family!("spf-build-", crate::build::Code, info);
/// In a catalog without the builder's explanations, first, so that its codes (which begin with
/// `spf-` too) are not read as SPF ones.
const SPF_BUILD_ELSEWHERE: Family = ("spf-build-", |_| None);
// After SPF_BUILD (or SPF_BUILD_ELSEWHERE) in a table: `spf-build-` codes begin with `spf-` too.
const SPF: Family = family!("spf-", crate::spf::Code, info);
const SPF_BRIEF: Family = family!("spf-", crate::spf::Code, brief);
const DMARC: Family = family!("dmarc-", crate::dmarc::Code, info);
const DMARC_BRIEF: Family = family!("dmarc-", crate::dmarc::Code, brief);
// DKIM key records and selector discovery: the codes a domain inspection meets.
const DKIM_KEYS: Family = family!("dkim-", crate::dkim::codes::Code, info);
const DKIM_KEYS_BRIEF: Family = family!("dkim-", crate::dkim::codes::Code, brief);
// The message check's table: `message-` codes, and the `dkim-` codes of signatures, which a
// DKIM family asks after the key codes.
const MESSAGE: Family = family!("message-", crate::message::codes::Code, info);
const MESSAGE_BRIEF: Family = family!("message-", crate::message::codes::Code, brief);
const DKIM: Family = ("dkim-", |c| DKIM_KEYS.1(c).or_else(|| MESSAGE.1(c)));
const DKIM_BRIEF: Family = ("dkim-", |c| {
    DKIM_KEYS_BRIEF.1(c).or_else(|| MESSAGE_BRIEF.1(c))
});
const BULK: Family = family!("bulk-", crate::message::requirements::Code, info);
const ARC: Family = family!("arc-", crate::arc::Code, info);
const ARC_BRIEF: Family = family!("arc-", crate::arc::Code, brief);
const MX: Family = family!("mx-", crate::mx::Code, info);
const MX_BRIEF: Family = family!("mx-", crate::mx::Code, brief);
const MTASTS: Family = family!("mtasts-", crate::mtasts::Code, info);
const MTASTS_BRIEF: Family = family!("mtasts-", crate::mtasts::Code, brief);
// Before TLSRPT in a table: `tlsrpt-report-` codes begin with `tlsrpt-` too.
const TLSRPT_REPORT: Family = family!("tlsrpt-report-", crate::tls_report::Code, info);
const TLSRPT: Family = family!("tlsrpt-", crate::tlsrpt::Code, info);
const TLSRPT_BRIEF: Family = family!("tlsrpt-", crate::tlsrpt::Code, brief);
const BIMI: Family = family!("bimi-", crate::bimi::Code, info);
const BIMI_BRIEF: Family = family!("bimi-", crate::bimi::Code, brief);
const REPORT: Family = family!("report-", crate::aggregate::Code, info);
const MAIL: Family = family!("mail-", crate::mail::Code, info);
const FAILURE_REPORT: Family = family!("failure-report-", crate::failure::Code, info);
const DNSSEC: Family = family!("dnssec-", crate::dnssec::Code, info);
const DNSSEC_BRIEF: Family = family!("dnssec-", crate::dnssec::Code, brief);
const DNS: Family = family!("dns-", crate::dns::doh::fault::Fault, info);
const DNS_BRIEF: Family = family!("dns-", crate::dns::doh::fault::Fault, brief);

/// The first family whose prefix `code` begins with, asked; none past it.
fn explain_in(families: &[Family], code: &str) -> Option<CodeInfo> {
    families
        .iter()
        .find(|(prefix, _)| code.starts_with(prefix))
        .and_then(|(_, explain)| explain(code))
}

/// The explanation and suggestion for a finding code (`spf-too-many-lookups`, ...).
pub fn info(code: &str) -> Option<CodeInfo> {
    explain_in(
        &[
            SPF_BUILD,
            SPF,
            DMARC,
            DKIM,
            MESSAGE,
            BULK,
            ARC,
            MX,
            MTASTS,
            TLSRPT_REPORT,
            TLSRPT,
            BIMI,
            REPORT,
            MAIL,
            FAILURE_REPORT,
            DNSSEC,
            DNS,
        ],
        code,
    )
}

/// The codes a domain inspection can report (SPF records, DMARC, DKIM keys, MX, MTA-STS, TLS-RPT,
/// BIMI, DNS failures) with what the domain page shows at once, the title and the fix
/// ([`CodeInfo::brief`]): its module links no explanation, nor the texts of messages, ARC,
/// reports or the SPF builder. A finding's "why it matters" is drawn on request by its second
/// module, from [`info`].
pub fn domain_brief(code: &str) -> Option<CodeInfo> {
    explain_in(
        &[
            SPF_BUILD_ELSEWHERE,
            SPF_BRIEF,
            DMARC_BRIEF,
            DKIM_KEYS_BRIEF,
            MX_BRIEF,
            MTASTS_BRIEF,
            TLSRPT_BRIEF,
            BIMI_BRIEF,
            DNSSEC_BRIEF,
            DNS_BRIEF,
        ],
        code,
    )
}

/// The codes a message check can report (the message and its DKIM signatures, ARC, DMARC, SPF,
/// DNS failures), brief as in [`domain_brief`]; "why it matters" is drawn on request by the
/// domain page's second module, from [`info`]. Not the sender requirements' `bulk-` codes: the
/// second module draws those, with the whole table.
pub fn message_brief(code: &str) -> Option<CodeInfo> {
    explain_in(
        &[
            SPF_BUILD_ELSEWHERE,
            SPF_BRIEF,
            DMARC_BRIEF,
            DKIM_BRIEF,
            MESSAGE_BRIEF,
            ARC_BRIEF,
            DNS_BRIEF,
        ],
        code,
    )
}

/// [`info`] for the DKIM key generator's page: the checks on the record it made (the DKIM key
/// parser's `dkim-` codes) and DNS failures when it looks up the published one. None of the SPF,
/// DMARC, report or other texts, which that page never shows.
pub fn dkim_key_info(code: &str) -> Option<CodeInfo> {
    explain_in(&[DKIM_KEYS, DNS], code)
}

/// Every code the engine can emit, family by family, each with its usual severity, title,
/// explanation, fix and RFC section: what `authlens codes` prints and `docs/codes.md` is made of.
pub fn catalogue() -> Vec<(&'static str, Vec<CodeInfo>)> {
    fn all<C: Copy>(codes: &[C], info: fn(C) -> CodeInfo) -> Vec<CodeInfo> {
        codes.iter().map(|&c| info(c)).collect()
    }
    use crate::{
        aggregate, arc, bimi, build, dkim, dmarc, dns::doh, dnssec, failure, mail, message, mtasts,
        mx, spf, tls_report, tlsrpt,
    };
    vec![
        ("SPF", all(&spf::Code::ALL, spf::Code::info)),
        ("SPF builder", all(&build::Code::ALL, build::Code::info)),
        (
            "DKIM keys and selectors",
            all(&dkim::codes::Code::ALL, dkim::codes::Code::info),
        ),
        ("DMARC", all(&dmarc::Code::ALL, dmarc::Code::info)),
        (
            "The message check and its DKIM signatures",
            all(&message::codes::Code::ALL, message::codes::Code::info),
        ),
        (
            "Sender requirements (Gmail, Yahoo, Microsoft)",
            all(
                &message::requirements::Code::ALL,
                message::requirements::Code::info,
            ),
        ),
        ("ARC", all(&arc::Code::ALL, arc::Code::info)),
        ("MX", all(&mx::Code::ALL, mx::Code::info)),
        ("MTA-STS", all(&mtasts::Code::ALL, mtasts::Code::info)),
        ("TLS-RPT", all(&tlsrpt::Code::ALL, tlsrpt::Code::info)),
        ("BIMI", all(&bimi::Code::ALL, bimi::Code::info)),
        ("DNSSEC", all(&dnssec::Code::ALL, dnssec::Code::info)),
        (
            "Aggregate reports",
            all(&aggregate::Code::ALL, aggregate::Code::info),
        ),
        (
            "TLS-RPT reports",
            all(&tls_report::Code::ALL, tls_report::Code::info),
        ),
        (
            "Reports in mail (.eml, .mbox)",
            all(&mail::Code::ALL, mail::Code::info),
        ),
        (
            "Failure reports",
            all(&failure::Code::ALL, failure::Code::info),
        ),
        (
            "DNS transport faults",
            all(&doh::fault::Fault::ALL, doh::fault::Fault::info),
        ),
    ]
}

/// Every code the engine can emit, for tests.
pub fn all_codes() -> Vec<&'static str> {
    catalogue()
        .into_iter()
        .flat_map(|(_, entries)| entries)
        .map(|i| i.code)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_explained_and_the_domain_table_holds_the_inspection_codes() {
        let codes = all_codes();
        assert!(codes.len() > 100, "{} codes", codes.len());
        let mut seen = std::collections::HashSet::new();
        for code in &codes {
            assert!(seen.insert(*code), "{code} listed twice");
            let i = info(code).unwrap_or_else(|| panic!("{code} has no explanation"));
            assert!(!i.title.is_empty() && !i.explanation.is_empty(), "{code}");
            let domain = crate::spf::Code::ALL.iter().any(|c| c.as_str() == *code)
                || crate::dmarc::Code::ALL.iter().any(|c| c.as_str() == *code)
                || crate::mx::Code::ALL.iter().any(|c| c.as_str() == *code)
                || crate::mtasts::Code::ALL.iter().any(|c| c.as_str() == *code)
                || crate::tlsrpt::Code::ALL.iter().any(|c| c.as_str() == *code)
                || crate::bimi::Code::ALL.iter().any(|c| c.as_str() == *code)
                || crate::dnssec::Code::ALL.iter().any(|c| c.as_str() == *code)
                || crate::dns::doh::fault::Fault::ALL
                    .iter()
                    .any(|f| f.as_str() == *code)
                || crate::dkim::codes::Code::ALL
                    .iter()
                    .any(|c| c.as_str() == *code);
            let message = !domain
                || code.starts_with("spf-")
                || code.starts_with("dmarc-")
                || code.starts_with("dkim-")
                || code.starts_with("dns-");
            // The sender requirements are drawn by the second module, with the whole table.
            let message = message
                && ![
                    "spf-build-",
                    "report-",
                    "bulk-",
                    "tlsrpt-report-",
                    "mail-",
                    "failure-report-",
                ]
                .iter()
                .any(|p| code.starts_with(p));
            // The brief tables: the same codes, titles and fixes; no explanation or RFC.
            let head = |i: CodeInfo| (i.code, i.severity, i.title, i.suggestion);
            for (brief, holds, name) in [
                (message_brief(code), message, "message_brief"),
                (domain_brief(code), domain, "domain_brief"),
            ] {
                match brief {
                    Some(b) => {
                        assert!(holds, "{code} is not in {name}'s scope");
                        assert_eq!(head(b), head(i), "{code}");
                        assert_eq!((b.explanation, b.rfc), ("", ""), "{code}");
                    }
                    None => assert!(!holds, "{code} missing from {name}"),
                }
            }
            let key_page = code.starts_with("dns-")
                || crate::dkim::codes::Code::ALL
                    .iter()
                    .any(|c| c.as_str() == *code);
            match dkim_key_info(code) {
                Some(k) => {
                    assert!(key_page, "{code} is not a DKIM key page code");
                    assert_eq!(k.title, i.title, "{code}");
                }
                None => assert!(!key_page, "{code} missing from dkim_key_info"),
            }
        }
        assert!(info("no-such-code").is_none() && domain_brief("spf-no-such").is_none());
    }
}
