//! One place to look up any finding code, whatever its protocol.

use crate::explain::CodeInfo;

/// The explanation and suggestion for a finding code (`spf-too-many-lookups`, ...).
pub fn info(code: &str) -> Option<CodeInfo> {
    if code.starts_with("spf-") {
        return crate::spf::Code::parse(code).map(crate::spf::explain::code_info);
    }
    if code.starts_with("dmarc-") {
        return crate::dmarc::Code::parse(code).map(crate::dmarc::Code::info);
    }
    None
}

/// Every code the engine can emit, for documentation and tests.
pub fn all_codes() -> Vec<&'static str> {
    crate::spf::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(crate::dmarc::Code::ALL.iter().map(|c| c.as_str()))
        .collect()
}
