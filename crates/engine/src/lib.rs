//! The authlens engine: everything that can be decided about email authentication without a
//! browser, a socket or a clock.
//!
//! DNS is reached only through [`dns::Resolver`]; the web app and the CLI supply transports, tests
//! supply [`zone::Zone`]. Signatures are checked only through [`crypto::Verifier`]: the web app
//! supplies WebCrypto, the CLI and tests [`crypto::RustCrypto`].

#![forbid(unsafe_code)]

pub mod aggregate;
pub mod antispam;
pub mod arc;
pub mod bimi;
pub mod build;
pub mod crypto;
pub mod diag;
pub mod dkim;
pub mod dmarc;
pub mod dns;
pub mod dnssec;
pub mod domain;
pub mod explain;
pub mod failure;
pub mod findings;
mod le;
pub mod mail;
pub mod message;
pub mod mtasts;
pub mod mx;
pub mod name;
pub mod order;
pub mod psl;
pub mod spf;
pub mod tags;
pub mod text;
pub mod tls_report;
pub mod tlsrpt;

#[cfg(test)]
mod testing;

pub use dns::{DnsError, Lookup, RData, RecordType, Resolver, Txt};
