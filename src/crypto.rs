//! The page's signature verifier: the browser's WebCrypto (`crypto.subtle`), so that the pages
//! carry no RSA or Ed25519 arithmetic of their own.
//!
//! The engine hands over a DER RSAPublicKey or the 32 octets of an Ed25519 key
//! ([`authlens_engine::crypto::Verifier`]). WebCrypto imports RSA keys as SubjectPublicKeyInfo
//! only (`"spki"`; `"pkcs1"` is no format of its), so the key is wrapped in one; Ed25519 keys are
//! imported `"raw"` (WebCrypto Secure Curves, in Chromium since 137). RSASSA-PKCS1-v1_5 hashes the
//! data itself, with the hash the key was imported for.

use authlens_engine::crypto::{SignatureAlgorithm, Verifier, VerifyError};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey, SubtleCrypto};

/// WebCrypto as a [`Verifier`]; works in a window and in a worker (the global's `crypto`). The
/// page must be a secure context (https, or http on localhost) for `crypto.subtle` to exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebCrypto;

/// rsaEncryption's AlgorithmIdentifier with NULL parameters (RFC 3279 §2.3.1), as DER.
const RSA_ALGORITHM: [u8; 15] = [
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

/// One DER element: `tag`, the length in its shortest form (X.690 §8.1.3), `contents`.
fn push_tlv(out: &mut Vec<u8>, tag: u8, contents: &[u8]) {
    out.push(tag);
    let n = contents.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let octets = n.to_be_bytes();
        let first = octets
            .iter()
            .position(|b| *b != 0)
            .unwrap_or(octets.len() - 1);
        out.push(0x80 | (octets.len() - first) as u8);
        out.extend_from_slice(&octets[first..]);
    }
    out.extend_from_slice(contents);
}

/// The SubjectPublicKeyInfo (RFC 5280 §4.1) of a DER RSAPublicKey: rsaEncryption, and the key
/// as a BIT STRING of whole octets (no unused bits).
pub fn rsa_spki(pkcs1: &[u8]) -> Vec<u8> {
    let mut bits = Vec::with_capacity(pkcs1.len() + 1);
    bits.push(0);
    bits.extend_from_slice(pkcs1);
    let mut inner = RSA_ALGORITHM.to_vec();
    push_tlv(&mut inner, 0x03, &bits);
    let mut out = Vec::with_capacity(inner.len() + 4);
    push_tlv(&mut out, 0x30, &inner);
    out
}

fn subtle() -> Result<SubtleCrypto, VerifyError> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| c.dyn_into::<Crypto>().ok())
        .map(|c| c.subtle())
        .filter(|s| !s.is_undefined())
        .ok_or_else(|| {
            VerifyError(
                "this page has no WebCrypto (crypto.subtle needs https or localhost)".into(),
            )
        })
}

fn js_error(what: &str, e: &JsValue) -> VerifyError {
    let text = Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into());
    VerifyError(format!("{what}: {text}"))
}

impl Verifier for WebCrypto {
    async fn verify(
        &self,
        alg: SignatureAlgorithm,
        key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifyError> {
        let subtle = subtle()?;
        let (name, hash) = match alg {
            SignatureAlgorithm::RsaSha1 => ("RSASSA-PKCS1-v1_5", Some("SHA-1")),
            SignatureAlgorithm::RsaSha256 => ("RSASSA-PKCS1-v1_5", Some("SHA-256")),
            SignatureAlgorithm::Ed25519 => ("Ed25519", None),
        };
        let algorithm = Object::new();
        let set = |k: &str, v: &str| {
            // Setting a property of a plain new object cannot fail.
            let _ = Reflect::set(&algorithm, &JsValue::from_str(k), &JsValue::from_str(v));
        };
        set("name", name);
        let (format, material) = match hash {
            Some(h) => {
                set("hash", h);
                ("spki", Uint8Array::from(rsa_spki(key).as_slice()))
            }
            None => ("raw", Uint8Array::from(key)),
        };
        let usages = Array::of1(&JsValue::from_str("verify"));
        let imported = subtle
            .import_key_with_object(format, &material, &algorithm, false, &usages)
            .map_err(|e| js_error("importKey", &e))?;
        let key: CryptoKey = JsFuture::from(imported)
            .await
            .map_err(|e| js_error("importKey", &e))?
            .unchecked_into();
        let verified = subtle
            .verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, signature, data)
            .map_err(|e| js_error("verify", &e))?;
        let ok = JsFuture::from(verified)
            .await
            .map_err(|e| js_error("verify", &e))?;
        Ok(ok.as_bool() == Some(true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SubjectPublicKeyInfo a DKIM record publishes is rebuilt from the key inside it.
    #[test]
    fn pkcs1_keys_are_wrapped_as_published() {
        let records = [
            // 1024 bits: a two-octet length inside, one outside (RFC 8463 A.2's RSA key).
            "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB",
        ];
        for record in records {
            let r = authlens_engine::dkim::key::parse(record);
            let Some(authlens_engine::dkim::key::PublicKey::Rsa(pkcs1)) = r.key else {
                panic!("{record}: {:?}", r.findings);
            };
            let p = record.split("p=").nth(1).unwrap();
            assert_eq!(b64(&rsa_spki(&pkcs1)), p);
        }
        // Lengths of one, two and three octets.
        for n in [10usize, 200, 300, 70_000] {
            let mut out = Vec::new();
            push_tlv(&mut out, 0x04, &vec![7; n]);
            let head = out.len() - n;
            let len = match head {
                2 => usize::from(out[1]),
                _ => out[2..head]
                    .iter()
                    .fold(0, |v, b| (v << 8) | usize::from(*b)),
            };
            assert_eq!(len, n);
            assert!(head == 2 || out[2] != 0, "shortest form");
        }
    }

    fn b64(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in bytes.chunks(3) {
            let v = c.iter().fold(0u32, |v, b| (v << 8) | u32::from(*b)) << (8 * (3 - c.len()));
            for i in 0..4 {
                out.push(if i <= c.len() {
                    A[(v >> (18 - 6 * i)) as usize & 63] as char
                } else {
                    '='
                });
            }
        }
        out
    }
}
