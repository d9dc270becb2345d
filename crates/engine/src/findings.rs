//! One place to look up any finding code, whatever its protocol.

use crate::explain::CodeInfo;

/// The explanation and suggestion for a finding code (`spf-too-many-lookups`, ...).
pub fn info(code: &str) -> Option<CodeInfo> {
    if code.starts_with("spf-build-") {
        return crate::build::Code::parse(code).map(crate::build::Code::info);
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
    if code.starts_with("report-") {
        return crate::aggregate::Code::parse(code).map(crate::aggregate::Code::info);
    }
    if code.starts_with("arc-") {
        return crate::arc::Code::parse(code).map(crate::arc::Code::info);
    }
    if code.starts_with("dkim-") || code.starts_with("message-") {
        return crate::dkim::codes::Code::parse(code).map(crate::dkim::codes::Code::info);
    }
    if code.starts_with("dns-") {
        return crate::doh::fault::info(code);
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
