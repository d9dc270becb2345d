//! The CLI's signature verifier: `ring` for RSA, the engine's [`RustCrypto`] for Ed25519 and
//! for RSA keys beyond `ring`'s sizes.
//!
//! `ring` is already linked for TLS (rustls under ureq), and its RSA verification is a fraction
//! of the `rsa` crate's (docs/benchmarks.md); small messages one process each are mostly this
//! maths. Ed25519 stays with `ed25519-dalek`'s strict verification, which is as fast here and
//! keeps its verdicts (small-order keys and non-canonical encodings refused, RFC 8032 §5.1.7).

use authlens_engine::crypto::{RustCrypto, SignatureAlgorithm, Verifier, VerifyError};
use ring::signature::{
    UnparsedPublicKey, RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
    RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
};

/// The verifier of every command.
pub static VERIFIER: Native = Native;

/// A DER RSAPublicKey longer than this may hold a modulus above `ring`'s 8192 bits (up to the
/// 16384 the engine reads), which `ring` refuses as it refuses a bad signature: such a key is
/// asked of [`RustCrypto`] when `ring` says no.
const RING_KEY_MAX: usize = 1024;

#[derive(Debug, Clone, Copy)]
pub struct Native;

impl Native {
    pub fn verify_now(
        alg: SignatureAlgorithm,
        key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifyError> {
        // Both are RSASSA-PKCS1-v1_5 over a DER RSAPublicKey, with e from 3 to 2^33 - 1 as the
        // engine reads them; "legacy" is ring's word for moduli under 2048 bits, which RFC 8301
        // still accepts from 1024.
        let params = match alg {
            SignatureAlgorithm::RsaSha1 => &RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
            SignatureAlgorithm::RsaSha256 => &RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            SignatureAlgorithm::Ed25519 => {
                return RustCrypto::verify_now(alg, key, data, signature)
            }
        };
        if UnparsedPublicKey::new(params, key)
            .verify(data, signature)
            .is_ok()
        {
            return Ok(true);
        }
        if key.len() > RING_KEY_MAX {
            return RustCrypto::verify_now(alg, key, data, signature);
        }
        Ok(false)
    }
}

impl Verifier for Native {
    async fn verify(
        &self,
        alg: SignatureAlgorithm,
        key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifyError> {
        Native::verify_now(alg, key, data, signature)
    }
}
