//! DKIM public key records (RFC 6376 §3.6.1), RSA size rules of RFC 8301, Ed25519 of RFC 8463.

use base64::Engine;
use rsa::pkcs8::der::Decode;
use serde::Serialize;

use crate::diag::{Finding, Severity, Span};

use super::rsa_pub::RsaPublicKey;
use super::tags::{self, Tag};

/// The decoded public key.
#[derive(Debug, Clone)]
pub enum PublicKey {
    Rsa(Box<RsaPublicKey>),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// A parsed key record.
#[derive(Debug, Clone, Serialize)]
pub struct KeyRecord {
    /// `k=` (rsa when absent).
    pub key_type: String,
    /// Size of the key in bits (256 for Ed25519).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<u32>,
    /// `p=` empty: the key was revoked.
    pub revoked: bool,
    /// `t=y`: the domain is testing DKIM.
    pub testing: bool,
    /// `t=s`: `i=` must be exactly `d=`.
    pub strict_identity: bool,
    /// `h=` acceptable hash algorithms, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashes: Option<Vec<String>>,
    pub tags: Vec<Tag>,
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub key: Option<PublicKey>,
}

fn finding(
    code: &'static str,
    sev: Severity,
    span: Option<Span>,
    msg: impl Into<String>,
) -> Finding {
    let f = Finding::new(code, sev, msg);
    match span {
        Some(s) => f.at(s),
        None => f,
    }
}

/// Reads an RSA key given as SubjectPublicKeyInfo (usual) or bare PKCS#1 RSAPublicKey.
fn rsa_key(der: &[u8]) -> Result<RsaPublicKey, String> {
    let pkcs1: Vec<u8> = match rsa::pkcs8::SubjectPublicKeyInfoRef::from_der(der) {
        Ok(spki) => spki
            .subject_public_key
            .as_bytes()
            .ok_or("the key's bit string is not whole octets")?
            .to_vec(),
        Err(_) => der.to_vec(),
    };
    let pk = rsa::pkcs1::RsaPublicKeyRef::from_der(&pkcs1)
        .map_err(|e| format!("not an RSA public key ({e})"))?;
    // Size rules are applied by the caller, with reasons; accept what the maths can handle.
    RsaPublicKey::from_be(pk.modulus.as_bytes(), pk.public_exponent.as_bytes())
        .map_err(|e| format!("unusable RSA key ({e})"))
}

/// Parses a key record's text (the TXT strings joined).
pub fn parse(text: &str) -> KeyRecord {
    let (tags, errors) = tags::parse(text, 0);
    let mut findings: Vec<Finding> = errors
        .into_iter()
        .map(|e| finding("dkim-key-syntax", Severity::Error, Some(e.span), e.message))
        .collect();
    let get = |n: &str| tags.iter().find(|t| t.name == n);
    if let Some(v) = get("v") {
        if v.value != "DKIM1" {
            findings.push(finding(
                "dkim-key-syntax",
                Severity::Error,
                Some(v.value_span),
                format!("v={} is not DKIM1", v.value),
            ));
        } else if tags.first().map(|t| t.name.as_str()) != Some("v") {
            findings.push(finding(
                "dkim-key-syntax",
                Severity::Error,
                Some(v.span),
                "v=DKIM1 must be the first tag",
            ));
        }
    }
    let key_type = get("k").map_or("rsa".to_string(), |t| t.value.to_ascii_lowercase());
    let flags: Vec<String> = get("t")
        .map(|t| {
            t.value
                .split(':')
                .map(|f| f.trim().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let testing = flags.iter().any(|f| f == "y");
    let hashes = get("h").map(|t| {
        t.value
            .split(':')
            .map(|h| h.trim().to_ascii_lowercase())
            .collect()
    });
    if testing {
        findings.push(finding(
            "dkim-testing-mode",
            Severity::Info,
            get("t").map(|t| t.span),
            "t=y: the domain is testing DKIM; receivers may treat failures as if unsigned",
        ));
    }
    let mut revoked = false;
    let mut bits = None;
    let mut key = None;
    match get("p") {
        None => findings.push(finding(
            "dkim-key-syntax",
            Severity::Error,
            None,
            "the required tag p= is missing",
        )),
        Some(p) if tags::compact(&p.value).is_empty() => {
            revoked = true;
            findings.push(finding(
                "dkim-key-revoked",
                Severity::Error,
                Some(p.span),
                "p= is empty: the key was revoked and every signature made with it fails",
            ));
        }
        Some(p) => {
            match base64::engine::general_purpose::STANDARD.decode(tags::compact(&p.value)) {
                Err(_) => findings.push(finding(
                    "dkim-key-syntax",
                    Severity::Error,
                    Some(p.value_span),
                    "p= is not base64",
                )),
                Ok(der) => match key_type.as_str() {
                    "rsa" => match rsa_key(&der) {
                        Ok(k) => {
                            let b = k.bits();
                            bits = Some(b);
                            if b < 1024 {
                                findings.push(finding(
                                "dkim-key-too-short",
                                Severity::Error,
                                Some(p.span),
                                format!("a {b}-bit RSA key: RFC 8301 says verifiers must not accept keys under 1024 bits"),
                            ));
                            } else if b < 2048 {
                                findings.push(finding(
                                    "dkim-key-weak",
                                    Severity::Warning,
                                    Some(p.span),
                                    format!("a {b}-bit RSA key: RFC 8301 asks for 2048 bits"),
                                ));
                            }
                            key = Some(PublicKey::Rsa(Box::new(k)));
                        }
                        Err(e) => findings.push(finding(
                            "dkim-key-syntax",
                            Severity::Error,
                            Some(p.value_span),
                            format!("p=: {e}"),
                        )),
                    },
                    "ed25519" => match <[u8; 32]>::try_from(der.as_slice())
                        .ok()
                        .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok())
                    {
                        Some(k) => {
                            bits = Some(256);
                            key = Some(PublicKey::Ed25519(k));
                        }
                        None => findings.push(finding(
                            "dkim-key-syntax",
                            Severity::Error,
                            Some(p.value_span),
                            format!(
                                "p= is {} octets; an Ed25519 key is 32 (RFC 8463 §4)",
                                der.len()
                            ),
                        )),
                    },
                    other => findings.push(finding(
                        "dkim-key-syntax",
                        Severity::Error,
                        get("k").map(|t| t.value_span),
                        format!("k={other} is not a key type (rsa, ed25519)"),
                    )),
                },
            }
        }
    }
    KeyRecord {
        key_type,
        bits,
        revoked,
        testing,
        strict_identity: flags.iter().any(|f| f == "s"),
        hashes,
        tags,
        findings,
        key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc8463_keys() {
        let ed = parse("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
        assert!(ed.findings.is_empty(), "{:?}", ed.findings);
        assert_eq!(ed.bits, Some(256));
        let rsa = parse("v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB");
        assert_eq!(rsa.bits, Some(1024));
        assert_eq!(rsa.findings[0].code, "dkim-key-weak");
        assert!(rsa.key.is_some());
    }

    #[test]
    fn revoked_testing_and_garbage() {
        let r = parse("v=DKIM1; t=y; p=");
        assert!(r.revoked && r.testing);
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&"dkim-key-revoked") && codes.contains(&"dkim-testing-mode"));
        let g = parse("k=rsa; p=bm90IGEga2V5");
        assert!(g.key.is_none() && g.findings[0].code == "dkim-key-syntax");
        let e = parse("k=ed25519; p=AAAA");
        assert!(e.key.is_none());
    }
}
