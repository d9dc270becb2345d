//! MTA-STS (RFC 8461): the `_mta-sts` TXT record, the policy file, and whether the policy covers
//! the domain's MX hosts.
//!
//! The engine reads DNS only. The policy file lives at
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt` ([`policy_url`]); the app or the CLI fetches
//! it and hands the outcome back through [`MtaStsReport::with_policy`] (or
//! [`policy_from_http`] first, which applies the HTTP rules of RFC 8461 §3.3).
//!
//! ```abnf
//! ; RFC 8461 §3.1, the TXT record at _mta-sts.<domain>
//! sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
//! sts-field       = sts-id / sts-extension
//! sts-field-delim = *WSP ";" *WSP
//! sts-version     = %s"v=STSv1"
//! sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
//! sts-extension   = sts-ext-name "=" sts-ext-value
//! sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//! sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)   ; VCHAR except ";" and "="
//!
//! ; RFC 8461 §3.2, the policy file: one "key: value" per line, LF or CRLF
//! sts-policy-record = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP)
//!                     [sts-policy-term]
//! sts-policy-field  = sts-policy-version / sts-policy-mode / sts-policy-max-age
//!                     / sts-policy-mx / sts-policy-extension
//! sts-policy-field-delim   = ":" *WSP
//! sts-policy-version-value = %s"STSv1"
//! sts-policy-mode-value    = %s"testing" / %s"enforce" / %s"none"
//! sts-policy-mx-value      = ["*."] Domain
//! sts-policy-max-age-value = 1*10(DIGIT)   ; at most 31557600
//! sts-policy-term          = LF / CRLF
//! ```

pub mod build;

mod check;
mod codes;
mod explain;
mod policy;
mod record;

pub use check::*;
pub use codes::*;
pub use explain::*;
pub use policy::*;
pub use record::*;

#[cfg(test)]
mod tests;
