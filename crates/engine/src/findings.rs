//! One place to look up any finding code, whatever its protocol.

use crate::explain::CodeInfo;

/// How one family of codes is explained, and the prefix its codes begin with.
type Family = (&'static str, fn(&str) -> Option<CodeInfo>);

const SPF_BUILD: Family = ("spf-build-", |c| {
    crate::build::Code::parse(c).map(crate::build::Code::info)
});
/// In a catalog without the builder's explanations, first, so that its codes (which begin with
/// `spf-` too) are not read as SPF ones.
const SPF_BUILD_ELSEWHERE: Family = ("spf-build-", |_| None);
// After SPF_BUILD (or SPF_BUILD_ELSEWHERE) in a table: `spf-build-` codes begin with `spf-` too.
const SPF: Family = ("spf-", |c| {
    crate::spf::Code::parse(c).map(crate::spf::explain::code_info)
});
const DMARC: Family = ("dmarc-", |c| {
    crate::dmarc::Code::parse(c).map(crate::dmarc::Code::info)
});
// DKIM key records and selector discovery: the codes a domain inspection meets.
const DKIM_KEYS: Family = ("dkim-", |c| {
    crate::dkim::codes::Code::parse(c).map(crate::dkim::codes::Code::info)
});
// And DKIM signatures: the message check's.
const DKIM: Family = ("dkim-", |c| {
    DKIM_KEYS.1(c)
        .or_else(|| crate::message::codes::Code::parse(c).map(crate::message::codes::Code::info))
});
const MESSAGE: Family = ("message-", |c| {
    crate::message::codes::Code::parse(c).map(crate::message::codes::Code::info)
});
const ARC: Family = ("arc-", |c| {
    crate::arc::Code::parse(c).map(crate::arc::Code::info)
});
const MX: Family = ("mx-", |c| {
    crate::mx::Code::parse(c).map(crate::mx::Code::info)
});
const MTASTS: Family = ("mtasts-", |c| {
    crate::mtasts::Code::parse(c).map(crate::mtasts::Code::info)
});
const TLSRPT: Family = ("tlsrpt-", |c| {
    crate::tlsrpt::Code::parse(c).map(crate::tlsrpt::Code::info)
});
const BIMI: Family = ("bimi-", |c| {
    crate::bimi::Code::parse(c).map(crate::bimi::Code::info)
});
const REPORT: Family = ("report-", |c| {
    crate::aggregate::Code::parse(c).map(crate::aggregate::Code::info)
});
const DNS: Family = ("dns-", crate::doh::fault::info);
const DNS_BRIEF: Family = ("dns-", |c| {
    crate::doh::fault::Fault::parse(c).map(|f| f.brief())
});

// The domain page's families with only what it shows at once ([`CodeInfo::brief`]).
const SPF_BRIEF: Family = ("spf-", |c| {
    crate::spf::Code::parse(c).map(|c| crate::spf::explain::code_info(c).brief())
});
const DMARC_BRIEF: Family = ("dmarc-", |c| {
    crate::dmarc::Code::parse(c).map(|c| c.brief())
});
const DKIM_KEYS_BRIEF: Family = ("dkim-", |c| {
    crate::dkim::codes::Code::parse(c).map(|c| c.brief())
});
const MX_BRIEF: Family = ("mx-", |c| crate::mx::Code::parse(c).map(|c| c.brief()));
const MTASTS_BRIEF: Family = ("mtasts-", |c| {
    crate::mtasts::Code::parse(c).map(|c| c.brief())
});
const TLSRPT_BRIEF: Family = ("tlsrpt-", |c| {
    crate::tlsrpt::Code::parse(c).map(|c| c.brief())
});
const DKIM_BRIEF: Family = ("dkim-", |c| {
    DKIM_KEYS_BRIEF.1(c).or_else(|| crate::message::codes::Code::parse(c).map(|c| c.brief()))
});
const MESSAGE_BRIEF: Family = ("message-", |c| {
    crate::message::codes::Code::parse(c).map(|c| c.brief())
});
const ARC_BRIEF: Family = ("arc-", |c| crate::arc::Code::parse(c).map(|c| c.brief()));
const BIMI_BRIEF: Family = ("bimi-", |c| crate::bimi::Code::parse(c).map(|c| c.brief()));

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
            SPF_BUILD, SPF, DMARC, DKIM, MESSAGE, ARC, MX, MTASTS, TLSRPT, BIMI, REPORT, DNS,
        ],
        code,
    )
}

/// [`info`] for the codes a domain inspection can report (SPF records, DMARC, DKIM, MX, MTA-STS,
/// TLS-RPT, BIMI, DNS failures): the domain page links only these explanations, not those of
/// messages, ARC, aggregate reports or the SPF builder.
pub fn domain_info(code: &str) -> Option<CodeInfo> {
    explain_in(
        &[
            SPF_BUILD_ELSEWHERE,
            SPF,
            DMARC,
            DKIM_KEYS,
            MX,
            MTASTS,
            TLSRPT,
            BIMI,
            DNS,
        ],
        code,
    )
}

/// [`domain_info`] without the explanations and RFC references ([`CodeInfo::brief`]): what the
/// domain page shows at once, the title and the fix. The domain page's module links only these texts; a finding's "why it matters" is drawn
/// on request by its second module, which has [`domain_info`].
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
            DNS_BRIEF,
        ],
        code,
    )
}

/// [`info`] for the codes a message check can report (the message and its DKIM signatures, ARC,
/// DMARC, SPF, DNS failures): the message page links only these explanations.
pub fn message_info(code: &str) -> Option<CodeInfo> {
    explain_in(
        &[SPF_BUILD_ELSEWHERE, SPF, DMARC, DKIM, MESSAGE, ARC, DNS],
        code,
    )
}

/// [`message_info`] without the explanations and RFC references, as [`domain_brief`]: the message
/// page's module links the titles and fixes; "why it matters" is drawn on request by the domain
/// page's second module, which has [`info`].
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

/// Every code the engine can emit, for documentation and tests.
pub fn all_codes() -> Vec<&'static str> {
    crate::spf::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(crate::dmarc::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::dkim::codes::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::message::codes::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::arc::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::build::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::aggregate::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::mx::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::mtasts::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::tlsrpt::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::bimi::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::doh::fault::Fault::ALL.iter().map(|f| f.as_str()))
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
                || crate::doh::fault::Fault::ALL
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
            let message = message
                && !["spf-build-", "report-"]
                    .iter()
                    .any(|p| code.starts_with(p));
            match message_info(code) {
                Some(m) => {
                    assert!(message, "{code} is not a message code");
                    assert_eq!(m.title, i.title, "{code}");
                }
                None => assert!(!message, "{code} missing from message_info"),
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
            match domain_info(code) {
                Some(d) => {
                    assert!(domain, "{code} is not an inspection code");
                    assert_eq!(d.title, i.title, "{code}");
                }
                None => assert!(!domain, "{code} missing from domain_info"),
            }
            // The brief tables: the same codes, titles and fixes; no explanation or RFC.
            for (full, brief) in [
                (domain_info(code), domain_brief(code)),
                (message_info(code), message_brief(code)),
            ] {
                let head = |i: CodeInfo| (i.code, i.severity, i.title, i.suggestion);
                assert_eq!(brief.map(head), full.map(head), "{code}");
                if let Some(b) = brief {
                    assert_eq!((b.explanation, b.rfc), ("", ""), "{code}");
                }
            }
        }
        assert!(info("no-such-code").is_none() && domain_info("spf-no-such").is_none());
    }
}
