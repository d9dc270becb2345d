//! Explanations as data: one table per protocol, reached through exhaustive `match`es, so a tag or
//! a finding code without text does not compile.

use serde::Serialize;

use crate::diag::Severity;

/// Whether a tag or term is current, kept for compatibility, or deprecated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Current,
    /// Removed from the current standard but still met in the wild.
    Legacy,
    /// Still in the standard, which says not to use it.
    Deprecated,
}

/// One explanation entry, in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// As written in a record: `include`, `redirect`, `~`, `%{d}`.
    pub name: &'static str,
    pub title: &'static str,
    /// Where it is defined, e.g. `RFC 7208 §5.2`.
    pub rfc: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// What people get wrong.
    pub mistakes: &'static str,
    pub default: Option<&'static str>,
    /// Syntax or allowed values.
    pub values: Option<&'static str>,
    pub status: Status,
}

/// The explanation of a finding code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    /// Why it matters.
    pub explanation: &'static str,
    /// What to do about it.
    pub suggestion: &'static str,
    pub rfc: &'static str,
}

/// What a page shows of a code at once: the code, its usual severity, its title and what to do
/// ([`crate::diag::code_table!`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub suggestion: &'static str,
}

impl Head {
    /// The whole entry, with its explanation and RFC.
    pub fn with(&self, explanation: &'static str, rfc: &'static str) -> CodeInfo {
        CodeInfo::new(
            self.code,
            self.severity,
            self.title,
            explanation,
            self.suggestion,
            rfc,
        )
    }
}

impl CodeInfo {
    /// The entry of a code table (`code, severity, title, explanation, suggestion, rfc`).
    pub const fn new(
        code: &'static str,
        severity: Severity,
        title: &'static str,
        explanation: &'static str,
        suggestion: &'static str,
        rfc: &'static str,
    ) -> CodeInfo {
        CodeInfo {
            code,
            severity,
            title,
            explanation,
            suggestion,
            rfc,
        }
    }

    /// Only what a page shows at once (code, severity, title, suggestion): the explanation and
    /// the RFC left empty ([`crate::findings::domain_brief`]).
    pub fn brief(self) -> CodeInfo {
        CodeInfo {
            explanation: "",
            rfc: "",
            ..self
        }
    }
}
