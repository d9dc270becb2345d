//! ARC, RFC 8617: the chain of ARC sets a message carries, and its validation (`cv=`).
//!
//! Each intermediary that handles a message (a mailing list, a forwarding service) may add an
//! ARC set: an ARC-Authentication-Results (AAR) recording what it saw, an ARC-Message-Signature
//! (AMS) over the message as it sent it on, and an ARC-Seal (AS) over all the sets so far. A
//! receiver validates the chain (RFC 8617 §5.2) and writes the result as `arc=none|pass|fail`.
//!
//! - [`parse`]: the three fields, with spans and findings ([`parse::parse_seal`],
//!   [`parse::parse_message_signature`], [`parse::parse_auth_results`]).
//! - [`validate()`]: the chain validation status, the reason it fails, `oldest-pass`, and every
//!   set laid out for display ([`ArcReport`]).
//! - [`Code`]: the `arc-*` finding codes and their explanations.
//!
//! Status: RFC 8617 is Experimental, and the IETF has a draft to move it to Historic; a passing
//! chain says which intermediaries handled the message, and receivers may use it only as a hint
//! for forwarded mail (the `arc-historic` finding says so whenever a chain is present).
//!
//! Choices where RFC 8617 leaves room, settled by the ARC test suite (`tests/data/arc`) and
//! dkimpy: an AMS without `c=` is relaxed/relaxed; an AMS may sign no header field (`h=` empty);
//! rsa-sha1 is never accepted, whatever [`crate::dkim::Options::allow_sha1`] says; DNS errors make
//! the chain fail (§5.2.1), flagged by [`ArcReport::temporary`] when asking again may help.

pub mod codes;
pub mod parse;
pub mod validate;

pub use codes::Code;
pub use parse::{
    parse_auth_results, parse_message_signature, parse_seal, ArcAuthResults, ChainStatus,
    FieldKind, MessageSignature, Seal, MAX_INSTANCE,
};
pub use validate::{validate, ArcReport, ArcSet, Check, Outcome};
