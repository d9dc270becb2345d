//! DKIM, RFC 6376 with RFC 8301 (key and hash rules) and RFC 8463 (Ed25519): signatures, key
//! records, canonicalization, verification.

pub mod canon;
pub mod codes;
pub mod discover;
pub mod key;
pub mod keygen;
pub mod signature;
pub mod verify;

pub use verify::{verify_message, Options, SignatureResult, MAX_SIGNATURES};
