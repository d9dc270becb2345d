//! Findings: what the checks say about a record, with a stable code, a severity and where.

use serde::Serialize;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record does not work as intended (or at all).
    Error,
    /// It works, but something is fragile, deprecated or risky.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Byte offsets `[start, end)` into the text a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// The one rule behind every status badge (the summary's lines, each card's badge, the JSON
/// `status`): the highest severity among the findings the badge sums up, `ok` when there are
/// none. A protocol that is not published says so with a finding of its own (`mtasts-no-record`,
/// info), so its badge is that finding's severity and never a colour of its own.
pub fn badge<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> &'static str {
    findings
        .into_iter()
        .map(|f| f.severity)
        .min()
        .map_or("ok", Severity::as_str)
}

/// One finding. `code` is stable and documented (see each protocol's `codes` table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Finding {
    /// Only for [`finding_codes!`]: outside it a finding comes from its code enum
    /// (`Code::X.finding(..)`, or `finding_as` for another severity), so every code a finding
    /// carries is one the catalogue documents.
    pub(crate) fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity,
            message: message.into(),
            span: None,
        }
    }

    pub fn at(mut self, span: Span) -> Finding {
        self.span = Some(span);
        self
    }
}

/// The finding codes of one area (MX, DKIM, reports…): the enum (Copy, Eq, Hash, serialized as its
/// variant name), `ALL` in declaration order, and what every code enum offers besides its table
/// ([`code_table!`], in the module that owns the codes: stable code, usual severity, title,
/// explanation, suggestion and RFC section).
///
/// ```ignore
/// finding_codes! {
///     /// The stable codes of MX findings.
///     pub enum Code { None, Null }
/// }
/// code_table! {
///     Code {
///         None => ("mx-none", Warning, "title", "explanation", "suggestion", "RFC 5321 §5.1"),
///         Null => ("mx-null", Info, "title", "explanation", "suggestion", "RFC 7505 §3"),
///     }
/// }
/// ```
macro_rules! finding_codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The stable kebab-case code (`mx-none`).
            pub fn as_str(self) -> &'static str {
                self.head().code
            }

            /// The code back from its text.
            pub fn parse(code: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|c| c.as_str() == code)
            }

            /// The usual severity; a finding may say otherwise (a duplicated From is an error,
            /// a duplicated Date a warning).
            pub fn severity(self) -> $crate::diag::Severity {
                self.head().severity
            }

            /// A finding with this code, its usual severity and `message`.
            pub fn finding(self, message: impl Into<String>) -> $crate::diag::Finding {
                $crate::diag::Finding::new(self.as_str(), self.severity(), message)
            }

            /// A finding with this code and another severity than the usual one. Right only
            /// where the same fault weighs differently by what surrounds it, and the message
            /// says why: the mode or policy decides (`mtasts-mx-not-covered` is an error in
            /// enforce mode, a warning in testing), the field decides (a second From is an
            /// error, a second Date a warning), or what is written does nothing (`t=y` with
            /// `p=none`). Anything else takes [`finding`](Self::finding), so the catalogue's
            /// severity stays the one users meet.
            pub fn finding_as(
                self,
                severity: $crate::diag::Severity,
                message: impl Into<String>,
            ) -> $crate::diag::Finding {
                $crate::diag::Finding::new(self.as_str(), severity, message)
            }
        }
    };
}
pub(crate) use finding_codes;

/// The table of a [`finding_codes!`] enum: one entry per code, `Variant => ("code", Severity,
/// "title", "explanation", "suggestion", "RFC")` (a code without an entry does not compile).
/// Kept as two tables: [`head`](crate::explain::Head) (code, severity, title, suggestion), which is
/// what a finding and a page's brief catalog read, and the explanation and RFC, which only `info`
/// reads; a page module that never asks for `info` (the domain page:
/// [`crate::findings::domain_brief`]) links none of their text.
macro_rules! code_table {
    ($name:ident { $( $variant:ident => ($code:expr, $sev:ident, $title:expr, $expl:expr, $sugg:expr, $rfc:expr $(,)?) ),+ $(,)? }) => {
        impl $name {
            /// The code, its usual severity, its title and what to do.
            pub fn head(self) -> &'static $crate::explain::Head {
                match self {
                    $( $name::$variant => &$crate::explain::Head {
                        code: $code,
                        severity: $crate::diag::Severity::$sev,
                        title: $title,
                        suggestion: $sugg,
                    }, )+
                }
            }

            /// Why it matters, and the RFC.
            fn body(self) -> (&'static str, &'static str) {
                match self {
                    $( $name::$variant => ($expl, $rfc), )+
                }
            }

            /// The whole entry.
            pub fn info(self) -> $crate::explain::CodeInfo {
                let (explanation, rfc) = self.body();
                self.head().with(explanation, rfc)
            }

            /// The entry without the explanation and the RFC ([`CodeInfo::brief`]).
            ///
            /// [`CodeInfo::brief`]: $crate::explain::CodeInfo::brief
            pub fn brief(self) -> $crate::explain::CodeInfo {
                self.head().with("", "")
            }
        }
    };
}
pub(crate) use code_table;
