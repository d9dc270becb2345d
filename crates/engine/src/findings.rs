//! One place to look up any finding code, whatever its protocol.

use crate::explain::CodeInfo;

/// The explanation and suggestion for a finding code (`spf-too-many-lookups`, ...).
pub fn info(code: &str) -> Option<CodeInfo> {
    domain_info(code).or_else(|| other_info(code))
}

/// [`info`] for the codes a domain inspection can report (SPF records, DMARC, DKIM, MX, MTA-STS,
/// TLS-RPT, BIMI, DNS failures): the domain page links only these explanations, not those of
/// messages, ARC, aggregate reports or the SPF builder.
pub fn domain_info(code: &str) -> Option<CodeInfo> {
    if code.starts_with("spf-build-") {
        return None;
    }
    if code.starts_with("spf-") {
        return crate::spf::Code::parse(code).map(crate::spf::explain::code_info);
    }
    if code.starts_with("dmarc-") {
        return crate::dmarc::Code::parse(code).map(crate::dmarc::Code::info);
    }
    if code.starts_with("mx-") {
        return crate::mx::Code::parse(code).map(crate::mx::Code::info);
    }
    if code.starts_with("mtasts-") {
        return crate::mtasts::Code::parse(code).map(crate::mtasts::Code::info);
    }
    if code.starts_with("tlsrpt-") {
        return crate::tlsrpt::Code::parse(code).map(crate::tlsrpt::Code::info);
    }
    if code.starts_with("bimi-") {
        return crate::bimi::Code::parse(code).map(crate::bimi::Code::info);
    }
    if code.starts_with("dkim-") {
        return crate::dkim::codes::Code::parse(code).map(crate::dkim::codes::Code::info);
    }
    if code.starts_with("dns-") {
        return crate::doh::fault::info(code);
    }
    None
}

/// The families [`domain_info`] leaves out.
fn other_info(code: &str) -> Option<CodeInfo> {
    if code.starts_with("spf-build-") {
        return crate::build::Code::parse(code).map(crate::build::Code::info);
    }
    if code.starts_with("report-") {
        return crate::aggregate::Code::parse(code).map(crate::aggregate::Code::info);
    }
    if code.starts_with("arc-") {
        return crate::arc::Code::parse(code).map(crate::arc::Code::info);
    }
    if code.starts_with("message-") {
        return crate::dkim::codes::Code::parse(code).map(crate::dkim::codes::Code::info);
    }
    None
}

/// Every code the engine can emit, for documentation and tests.
pub fn all_codes() -> Vec<&'static str> {
    crate::spf::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(crate::dmarc::Code::ALL.iter().map(|c| c.as_str()))
        .chain(crate::dkim::codes::Code::ALL.iter().map(|c| c.as_str()))
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
                || code.starts_with("dkim-");
            match domain_info(code) {
                Some(d) => {
                    assert!(domain, "{code} is not an inspection code");
                    assert_eq!(d.title, i.title, "{code}");
                }
                None => assert!(!domain, "{code} missing from domain_info"),
            }
        }
        assert!(info("no-such-code").is_none() && domain_info("spf-no-such").is_none());
    }
}
