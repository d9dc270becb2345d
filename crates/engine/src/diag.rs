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
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Finding {
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
/// variant name), `ALL` in declaration order, and
/// what every code enum offers besides its own `info()` table (stable code, usual severity, title,
/// explanation, suggestion and RFC section, in the module that owns the codes).
///
/// ```ignore
/// finding_codes! {
///     /// The stable codes of MX findings.
///     pub enum Code { None, Null }
/// }
/// impl Code {
///     pub fn info(self) -> CodeInfo { /* one arm per code */ }
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
                self.info().code
            }

            /// The code back from its text.
            pub fn parse(code: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|c| c.as_str() == code)
            }

            /// The usual severity; a finding may say otherwise (a duplicated From is an error,
            /// a duplicated Date a warning).
            pub fn severity(self) -> $crate::diag::Severity {
                self.info().severity
            }

            /// A finding with this code, its usual severity and `message`.
            pub fn finding(self, message: impl Into<String>) -> $crate::diag::Finding {
                $crate::diag::Finding::new(self.as_str(), self.severity(), message)
            }
        }
    };
}
pub(crate) use finding_codes;
