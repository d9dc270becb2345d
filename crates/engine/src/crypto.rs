//! Signatures as the engine sees them: the one door to public-key verification, the [`Verifier`]
//! trait, beside DNS's [`crate::dns::Resolver`].
//!
//! The engine decides everything around a signature (which key, which data, what a failure
//! means) and never does the public-key maths itself. The page implements [`Verifier`] with the
//! browser's WebCrypto (`SubtleCrypto.verify`), the CLI and the tests with [`RustCrypto`], the
//! `rsa` and `ed25519-dalek` crates. Hashing stays in the engine where the verifier does not do it
//! (the body hash, Ed25519's prehash): WebCrypto's RSASSA-PKCS1-v1_5 hashes the data itself, so
//! RSA is given the data, and DKIM's header data is small (a few hundred octets).

use std::fmt;

/// What a signature was made with (RFC 6376 §3.3, RFC 8463 §3, RFC 8617 §4.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-1 (`rsa-sha1`, withdrawn by RFC 8301 §3.1).
    RsaSha1,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`rsa-sha256`).
    RsaSha256,
    /// PureEdDSA over Ed25519 (RFC 8032 §5.1); in DKIM the signed octets are the SHA-256
    /// digest of the header data (`ed25519-sha256`, RFC 8463 §3).
    Ed25519,
}

/// Why a verifier could not give an answer (a key the platform refuses, a platform without the
/// algorithm): not the same as a signature that does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError(pub String);

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VerifyError {}

/// The engine's only way to check a signature.
///
/// `key` is, for RSA, a DER RSAPublicKey (RFC 8017 §A.1.1; the engine takes it out of the
/// SubjectPublicKeyInfo a DKIM record usually carries), for Ed25519 the 32-octet public key
/// (RFC 8032 §5.1.5). `data` is what was signed: for RSA the data itself, which the verifier hashes
/// with the algorithm's hash (RFC 8017 §8.2.2); for Ed25519 the octets signed. `Ok(false)` is a
/// signature that does not verify, including one of the wrong length or a key that is no point
/// of the curve. No `Send` bound, as for the resolver: in the browser the futures of
/// `SubtleCrypto` are not `Send`.
#[allow(async_fn_in_trait)]
pub trait Verifier {
    async fn verify(
        &self,
        alg: SignatureAlgorithm,
        key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifyError>;
}

impl<V: Verifier + ?Sized> Verifier for &V {
    async fn verify(
        &self,
        alg: SignatureAlgorithm,
        key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifyError> {
        (**self).verify(alg, key, data, signature).await
    }
}

/// Verification in pure Rust: RustCrypto's `rsa` (constant-time, public keys checked as it
/// checks them) and `ed25519-dalek`'s strict verification (RFC 8032 §5.1.7 with the canonical
/// encodings required). The CLI's and the tests' verifier; in the page it is never linked.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCrypto;

impl RustCrypto {
    /// The answer, synchronously (the CLI's benchmark and the tests call it without a future).
    pub fn verify_now(
        alg: SignatureAlgorithm,
        key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifyError> {
        use rsa::pkcs1::der::Decode as _;
        use rsa::Pkcs1v15Sign;
        use sha2::Digest;
        // The sizes the engine reads (`PublicKey::new` stops at 4096 bits).
        let rsa_key = || {
            let unusable = |e: &dyn fmt::Display| VerifyError(format!("unusable RSA key ({e})"));
            let k = rsa::pkcs1::RsaPublicKeyRef::from_der(key).map_err(|e| unusable(&e))?;
            let uint = |b: &[u8]| {
                rsa::BoxedUint::from_be_slice(b, (b.len() as u32 * 8).max(8))
                    .map_err(|e| unusable(&e))
            };
            let (n, e) = (
                uint(k.modulus.as_bytes())?,
                uint(k.public_exponent.as_bytes())?,
            );
            rsa::PublicKey::new_with_size_limits(n, e, 256..=16384).map_err(|e| unusable(&e))
        };
        Ok(match alg {
            SignatureAlgorithm::RsaSha1 => rsa_key()?
                .verify(
                    Pkcs1v15Sign::new::<sha1::Sha1>(),
                    &sha1::Sha1::digest(data),
                    signature,
                )
                .is_ok(),
            SignatureAlgorithm::RsaSha256 => rsa_key()?
                .verify(
                    Pkcs1v15Sign::new::<sha2::Sha256>(),
                    &sha2::Sha256::digest(data),
                    signature,
                )
                .is_ok(),
            SignatureAlgorithm::Ed25519 => {
                let Ok(key) = <[u8; 32]>::try_from(key) else {
                    return Err(VerifyError(format!(
                        "an Ed25519 key is 32 octets, not {}",
                        key.len()
                    )));
                };
                match (
                    ed25519_dalek::VerifyingKey::from_bytes(&key),
                    ed25519_dalek::Signature::from_slice(signature),
                ) {
                    (Ok(k), Ok(s)) => k.verify_strict(data, &s).is_ok(),
                    _ => false,
                }
            }
        })
    }
}

impl Verifier for RustCrypto {
    async fn verify(
        &self,
        alg: SignatureAlgorithm,
        key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifyError> {
        RustCrypto::verify_now(alg, key, data, signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use rsa::pkcs1::EncodeRsaPublicKey;
    use rsa::Pkcs1v15Sign;
    use sha2::Digest;

    /// xorshift64*: reproducible key generation without a dependency.
    struct Xs(u64);
    impl rand_core::TryRng for Xs {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            self.try_next_u64().map(|v| v as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            Ok(self.0.wrapping_mul(0x2545_f491_4f6c_dd1d))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            for b in dst.iter_mut() {
                *b = self.try_next_u64()? as u8;
            }
            Ok(())
        }
    }
    impl rand_core::TryCryptoRng for Xs {}

    #[test]
    fn rsa_signatures_verify_and_altered_ones_do_not() {
        let private = rsa::PrivateKey::new(&mut Xs(7), 1024).unwrap();
        let key = private
            .to_public_key()
            .to_pkcs1_der()
            .unwrap()
            .as_bytes()
            .to_vec();
        let data = b"from:a@example.com\r\nsubject:hi\r\n";
        for (alg, sig) in [
            (
                SignatureAlgorithm::RsaSha256,
                private
                    .sign(
                        Pkcs1v15Sign::new::<sha2::Sha256>(),
                        &sha2::Sha256::digest(data),
                    )
                    .unwrap(),
            ),
            (
                SignatureAlgorithm::RsaSha1,
                private
                    .sign(Pkcs1v15Sign::new::<sha1::Sha1>(), &sha1::Sha1::digest(data))
                    .unwrap(),
            ),
        ] {
            let check = |d: &[u8], s: &[u8]| block_on(RustCrypto.verify(alg, &key, d, s));
            assert_eq!(check(data, &sig), Ok(true), "{alg:?}");
            assert_eq!(check(b"from:b@example.com\r\n", &sig), Ok(false));
            let mut bad = sig.clone();
            bad[5] ^= 1;
            assert_eq!(check(data, &bad), Ok(false));
            assert_eq!(check(data, &sig[1..]), Ok(false));
        }
        // The other hash's signature does not pass for this one.
        let sha1_sig = private
            .sign(Pkcs1v15Sign::new::<sha1::Sha1>(), &sha1::Sha1::digest(data))
            .unwrap();
        assert_eq!(
            RustCrypto::verify_now(SignatureAlgorithm::RsaSha256, &key, data, &sha1_sig),
            Ok(false)
        );
        assert!(RustCrypto::verify_now(
            SignatureAlgorithm::RsaSha256,
            b"\x30\x00",
            data,
            &sha1_sig
        )
        .is_err());
    }

    #[test]
    fn ed25519_signatures_verify_strictly() {
        use ed25519_dalek::Signer;
        let signing = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
        let key = signing.verifying_key().to_bytes();
        let data = sha2::Sha256::digest(b"header data");
        let sig = signing.sign(&data).to_bytes();
        let check = |k: &[u8], d: &[u8], s: &[u8]| {
            RustCrypto::verify_now(SignatureAlgorithm::Ed25519, k, d, s)
        };
        assert_eq!(check(&key, &data, &sig), Ok(true));
        assert_eq!(check(&key, b"other", &sig), Ok(false));
        assert_eq!(check(&key, &data, &sig[..63]), Ok(false));
        assert!(check(&key[..31], &data, &sig).is_err());
        // Not a point of the curve: a y with no x (RFC 8032 §5.1.3 step 3).
        let not_a_point = (2u8..255)
            .map(|y| {
                let mut k = [0u8; 32];
                k[0] = y;
                k
            })
            .find(|k| ed25519_dalek::VerifyingKey::from_bytes(k).is_err())
            .unwrap();
        assert_eq!(check(&not_a_point, &data, &sig), Ok(false));
    }
}
