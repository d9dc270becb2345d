//! The stable codes of SPF findings. The explanation and suggestion for each are in
//! [`super::explain::code_info`]; an exhaustive `match` there keeps every code explained.

use serde::Serialize;

use crate::diag::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Code {
    NoRecord,
    MultipleRecords,
    Syntax,
    MacroSyntax,
    UppercaseVersion,
    DuplicateModifier,
    UnknownModifier,
    TooManyLookups,
    TooManyVoidLookups,
    MxTooManyNames,
    PermissiveAll,
    NoAll,
    RedirectIgnored,
    TermsAfterAll,
    PtrDeprecated,
    IncludeNoRecord,
    IncludeLoop,
    IncludeMacro,
    RecordTooLong,
    StringSplit,
    SpfRrType,
    DnsError,
}

impl Code {
    pub const ALL: [Code; 22] = [
        Code::NoRecord,
        Code::MultipleRecords,
        Code::Syntax,
        Code::MacroSyntax,
        Code::UppercaseVersion,
        Code::DuplicateModifier,
        Code::UnknownModifier,
        Code::TooManyLookups,
        Code::TooManyVoidLookups,
        Code::MxTooManyNames,
        Code::PermissiveAll,
        Code::NoAll,
        Code::RedirectIgnored,
        Code::TermsAfterAll,
        Code::PtrDeprecated,
        Code::IncludeNoRecord,
        Code::IncludeLoop,
        Code::IncludeMacro,
        Code::RecordTooLong,
        Code::StringSplit,
        Code::SpfRrType,
        Code::DnsError,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::NoRecord => "spf-no-record",
            Code::MultipleRecords => "spf-multiple-records",
            Code::Syntax => "spf-syntax",
            Code::MacroSyntax => "spf-macro-syntax",
            Code::UppercaseVersion => "spf-uppercase-version",
            Code::DuplicateModifier => "spf-duplicate-modifier",
            Code::UnknownModifier => "spf-unknown-modifier",
            Code::TooManyLookups => "spf-too-many-lookups",
            Code::TooManyVoidLookups => "spf-too-many-void-lookups",
            Code::MxTooManyNames => "spf-mx-too-many-names",
            Code::PermissiveAll => "spf-permissive-all",
            Code::NoAll => "spf-no-all",
            Code::RedirectIgnored => "spf-redirect-ignored",
            Code::TermsAfterAll => "spf-terms-after-all",
            Code::PtrDeprecated => "spf-ptr-deprecated",
            Code::IncludeNoRecord => "spf-include-no-record",
            Code::IncludeLoop => "spf-include-loop",
            Code::IncludeMacro => "spf-include-macro",
            Code::RecordTooLong => "spf-record-too-long",
            Code::StringSplit => "spf-string-split",
            Code::SpfRrType => "spf-spf-rr-type",
            Code::DnsError => "spf-dns-error",
        }
    }

    pub fn parse(code: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The usual severity; a finding may say otherwise (`?all` is a warning, `+all` an error).
    pub fn severity(self) -> Severity {
        match self {
            Code::MultipleRecords
            | Code::Syntax
            | Code::MacroSyntax
            | Code::DuplicateModifier
            | Code::TooManyLookups
            | Code::TooManyVoidLookups
            | Code::MxTooManyNames
            | Code::PermissiveAll
            | Code::IncludeNoRecord
            | Code::IncludeLoop => Severity::Error,
            Code::NoRecord
            | Code::UppercaseVersion
            | Code::NoAll
            | Code::RedirectIgnored
            | Code::TermsAfterAll
            | Code::PtrDeprecated
            | Code::RecordTooLong
            | Code::StringSplit
            | Code::DnsError => Severity::Warning,
            Code::UnknownModifier | Code::IncludeMacro | Code::SpfRrType => Severity::Info,
        }
    }

    /// A finding with this code and its usual severity.
    pub fn finding(self, message: impl Into<String>) -> crate::diag::Finding {
        crate::diag::Finding::new(self.as_str(), self.severity(), message)
    }
}
