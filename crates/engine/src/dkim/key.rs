//! DKIM public key records (RFC 6376 §3.6.1), RSA size rules of RFC 8301, Ed25519 of RFC 8463.

use crate::dkim::codes::Code as KeyCode;
use base64::Engine;
use serde::Serialize;

use crate::diag::{Finding, Span};

use crate::tags::{self, Tag};

/// The decoded public key, as a [`Verifier`] takes it.
///
/// [`Verifier`]: crate::crypto::Verifier
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// A DER RSAPublicKey (RFC 8017 §A.1.1), taken out of its SubjectPublicKeyInfo.
    Rsa(Vec<u8>),
    /// The 32 octets of RFC 8032 §5.1.5, a point of the curve.
    Ed25519([u8; 32]),
}

impl PublicKey {
    /// The octets a verifier is given.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            PublicKey::Rsa(der) => der,
            PublicKey::Ed25519(k) => k,
        }
    }
}

/// What a selector's key means for the signatures made with it: decided once here (and, for
/// what DNS found behind a selector, in [`crate::dkim::discover`]) and read by every view — the
/// DKIM card's badge and text, the summary line, the message page and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyState {
    /// A key that verifies signatures: RSA of at least 1024 bits, or Ed25519.
    Found,
    /// A usable key with `t=y`: the domain is testing DKIM (RFC 6376 §3.6.1).
    Testing,
    /// `p=` empty: the key was revoked and every signature made with it fails (RFC 6376 §3.6.1).
    Revoked,
    /// An RSA key under 1024 bits, which verifiers must not accept (RFC 8301 §3.2).
    TooShort,
    /// A key record that cannot be read (`dkim-key-syntax`).
    Unreadable,
    /// A provider's standby selector: its CNAME target is published only when the provider
    /// rotates to it (Microsoft 365's second selector), and the provider's other selector has a
    /// key. Nothing to fix.
    Standby,
    /// A CNAME to a name with no key, that is no provider's standby selector.
    Dangling,
    /// Nothing at the name.
    NotFound,
    /// A TXT record that is not a DKIM key record.
    NotAKey,
    /// Not a selector; not looked up.
    Invalid,
    /// The lookup failed.
    Error,
}

impl KeyState {
    /// The stable word (JSON `state`, the CLI's column, the page's `data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Found => "found",
            KeyState::Testing => "testing",
            KeyState::Revoked => "revoked",
            KeyState::TooShort => "too-short",
            KeyState::Unreadable => "unreadable",
            KeyState::Standby => "standby",
            KeyState::Dangling => "dangling",
            KeyState::NotFound => "not-found",
            KeyState::NotAKey => "not-a-key",
            KeyState::Invalid => "invalid",
            KeyState::Error => "error",
        }
    }

    /// The badge's words.
    pub fn label(self) -> &'static str {
        match self {
            KeyState::Found => "key found",
            KeyState::Testing => "key in testing (t=y)",
            KeyState::Revoked => "key revoked",
            KeyState::TooShort => "key too short",
            KeyState::Unreadable => "key unreadable",
            KeyState::Standby => "standby selector",
            KeyState::Dangling => "CNAME leads nowhere",
            KeyState::NotFound => "no key",
            KeyState::NotAKey => "not a DKIM key",
            KeyState::Invalid => "not a valid selector",
            KeyState::Error => "DNS error",
        }
    }

    /// The badge's tone, also its CSS modifier: `ok`, `info`, `warning` or `error`.
    pub fn tone(self) -> &'static str {
        match self {
            KeyState::Found => "ok",
            KeyState::Testing | KeyState::Standby | KeyState::NotFound => "info",
            KeyState::Dangling | KeyState::Error => "warning",
            KeyState::Revoked
            | KeyState::TooShort
            | KeyState::Unreadable
            | KeyState::NotAKey
            | KeyState::Invalid => "error",
        }
    }

    /// Whether signatures made with this key can verify.
    pub fn usable(self) -> bool {
        matches!(self, KeyState::Found | KeyState::Testing)
    }
}

/// A key in a few words, from the same facts for every view: `RSA 2048 bits`, `RSA 2048 bits,
/// testing (t=y)`, `RSA 512 bits, under the 1024 bits RFC 8301 requires`, `RSA, revoked (empty
/// p=)`. Never a size for a key that has none.
pub fn describe(key_type: &str, bits: Option<u32>, state: KeyState) -> String {
    let kind = key_type.to_ascii_uppercase();
    let size = bits.map_or(kind.clone(), |b| format!("{kind} {b} bits"));
    match state {
        KeyState::Revoked => format!("{kind}, revoked (empty p=)"),
        KeyState::Unreadable => format!("{kind}, cannot be read"),
        KeyState::TooShort => format!("{size}, under the 1024 bits RFC 8301 requires"),
        KeyState::Testing => format!("{size}, testing (t=y)"),
        _ => size,
    }
}

/// A parsed key record.
#[derive(Debug, Clone, Serialize)]
pub struct KeyRecord {
    /// What the key means for signatures: `found`, `testing`, `revoked`, `too-short` or
    /// `unreadable` ([`KeyState`]).
    pub state: KeyState,
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

fn finding(code: KeyCode, span: Option<Span>, msg: impl Into<String>) -> Finding {
    let f = code.finding(msg);
    match span {
        Some(s) => f.at(s),
        None => f,
    }
}

impl KeyRecord {
    /// The key in a few words ([`describe`]).
    pub fn describe(&self) -> String {
        describe(&self.key_type, self.bits, self.state)
    }
}

/// The smallest and largest moduli read (in bits); RFC 8301's rules (1024 and 2048) are applied
/// by the caller, with findings, so that a short key can still be reported on. These and the
/// exponent's bounds are the `rsa` crate's, so that a key read here is one the CLI's verifier
/// accepts.
const MIN_BITS: u32 = 256;
const MAX_BITS: u32 = 16384;
const MIN_EXPONENT: u64 = 2;
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// Reads an RSA key given as SubjectPublicKeyInfo (usual) or bare PKCS#1 RSAPublicKey: the DER
/// RSAPublicKey (what a [`Verifier`] is given) and the modulus's size in bits, known here without
/// a verifier so that the findings on a key are the same on every target.
///
/// The DER is read by the few lines below rather than the `spki` and `pkcs1` crates' decoders,
/// which cost the domain page, that reads keys and never verifies, the kilobytes it does not have
/// under its budget (docs/size.md); the test below holds them to the crates' verdicts.
///
/// [`Verifier`]: crate::crypto::Verifier
fn rsa_key(der: &[u8]) -> Result<(Vec<u8>, u32), String> {
    let pkcs1 = match spki_key(der) {
        Some(Ok(key)) => key,
        Some(Err(why)) => return Err(why.into()),
        None => der,
    };
    let (n, e) = pkcs1_key(pkcs1)
        .ok_or("not an RSA public key (not a DER RSAPublicKey or SubjectPublicKeyInfo)")?;
    let bits = rsa_checks(significant(n), significant(e))
        .map_err(|e| format!("unusable RSA key ({e})"))?;
    Ok((pkcs1.to_vec(), bits))
}

/// The significant octets of a big-endian integer.
fn significant(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// One DER element at the start of `input`: its tag, its contents and what follows. Definite
/// lengths in their shortest form only (X.690 §10.1).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n || rest[0] == 0 {
            return None;
        }
        let (octets, rest) = rest.split_at(n);
        let len = octets.iter().fold(0, |v, b| (v << 8) | usize::from(*b));
        if len < 0x80 {
            return None;
        }
        (len, rest)
    };
    // Tags are one octet: the high-tag-number form (low five bits all set) is not read, nor
    // tag 0 (end-of-contents, which DER never has).
    (tag & 0x1f != 0x1f && tag != 0 && rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The contents of the one element of `tag` that `input` is, with nothing after it.
fn only(input: &[u8], tag: u8) -> Option<&[u8]> {
    match tlv(input)? {
        (t, contents, []) if t == tag => Some(contents),
        _ => None,
    }
}

/// A DER INTEGER's contents as an unsigned big-endian number: not negative, minimally encoded.
fn unsigned(contents: &[u8]) -> Option<&[u8]> {
    match contents {
        [] => None,
        [0, next, ..] if next & 0x80 == 0 => None,
        [first, ..] if first & 0x80 != 0 => None,
        _ => Some(contents),
    }
}

/// RSAPublicKey (RFC 8017 §A.1.1): the modulus and the public exponent.
fn pkcs1_key(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let seq = only(der, 0x30)?;
    let (0x02, n, rest) = tlv(seq)? else {
        return None;
    };
    let e = only(rest, 0x02)?;
    Some((unsigned(n)?, unsigned(e)?))
}

/// The key inside a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), whatever its algorithm: `None`
/// when `der` is not one (then it may be a bare RSAPublicKey), an error when its bit string does
/// not hold whole octets.
fn spki_key(der: &[u8]) -> Option<Result<&[u8], &'static str>> {
    let seq = only(der, 0x30)?;
    let (0x30, algorithm, rest) = tlv(seq)? else {
        return None;
    };
    // AlgorithmIdentifier: an OBJECT IDENTIFIER, whatever its value (the key is read as RSA
    // because the record says k=rsa), and NULL parameters or none (RFC 3279 §2.3.1).
    match tlv(algorithm)? {
        (0x06, [_, ..], [] | [0x05, 0x00]) => {}
        _ => return None,
    }
    let bits = only(rest, 0x03)?;
    match bits {
        [0, key @ ..] => Some(Ok(key)),
        [unused, ..] if *unused < 8 && bits.len() > 1 => {
            Some(Err("the key's bit string is not whole octets"))
        }
        _ => None,
    }
}

/// The modulus's bits, if `n` and `e` (big-endian, no leading zeros) are a key the `rsa` crate
/// accepts (`RsaPublicKey::new`), else its words for why not.
fn rsa_checks(n: &[u8], e: &[u8]) -> Result<u32, &'static str> {
    let bits = n.first().map_or(0, |top| {
        (n.len() as u32 - 1) * 8 + (8 - top.leading_zeros())
    });
    if bits < MIN_BITS {
        return Err("modulus too small");
    }
    if bits > MAX_BITS {
        return Err("modulus too large");
    }
    if (e.len(), e) >= (n.len(), n) || n.last().is_none_or(|b| b & 1 == 0) {
        return Err("invalid modulus");
    }
    if e.last().is_none_or(|b| b & 1 == 0) {
        return Err("invalid exponent");
    }
    // Past eight octets the exponent is far above the largest allowed.
    match (e.len() <= 8).then(|| e.iter().fold(0u64, |v, b| (v << 8) | u64::from(*b))) {
        Some(v) if v < MIN_EXPONENT => Err("public exponent too small"),
        Some(v) if v <= MAX_EXPONENT => Ok(bits),
        _ => Err("public exponent too large"),
    }
}

/// Parses a key record's text (the TXT strings joined).
pub fn parse(text: &str) -> KeyRecord {
    let (tags, errors) = tags::parse(text, 0);
    let mut findings: Vec<Finding> = errors
        .into_iter()
        .map(|e| finding(KeyCode::KeySyntax, Some(e.span), e.message))
        .collect();
    let get = |n: &str| tags.iter().find(|t| t.name == n);
    if let Some(v) = get("v") {
        if v.value != "DKIM1" {
            findings.push(finding(
                KeyCode::KeySyntax,
                Some(v.value_span),
                format!("v={} is not DKIM1", v.value),
            ));
        } else if tags.first().map(|t| t.name.as_str()) != Some("v") {
            findings.push(finding(
                KeyCode::KeySyntax,
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
            KeyCode::TestingMode,
            get("t").map(|t| t.span),
            "t=y: the domain is testing DKIM; receivers may treat failures as if unsigned",
        ));
    }
    let mut revoked = false;
    let mut bits = None;
    let mut key = None;
    match get("p") {
        None => findings.push(finding(
            KeyCode::KeySyntax,
            None,
            "the required tag p= is missing",
        )),
        Some(p) if tags::compact(&p.value).is_empty() => {
            revoked = true;
            findings.push(finding(
                KeyCode::KeyRevoked,
                Some(p.span),
                "p= is empty: the key was revoked and every signature made with it fails",
            ));
        }
        Some(p) => {
            match base64::engine::general_purpose::STANDARD.decode(tags::compact(&p.value)) {
                Err(_) => findings.push(finding(
                    KeyCode::KeySyntax,
                    Some(p.value_span),
                    "p= is not base64",
                )),
                Ok(der) => match key_type.as_str() {
                    "rsa" => match rsa_key(&der) {
                        Ok((k, b)) => {
                            bits = Some(b);
                            if b < 1024 {
                                findings.push(finding(
                                KeyCode::KeyTooShort,
                                Some(p.span),
                                format!("a {b}-bit RSA key: RFC 8301 says verifiers must not accept keys under 1024 bits"),
                            ));
                            } else if b < 2048 {
                                findings.push(finding(
                                    KeyCode::KeyWeak,
                                    Some(p.span),
                                    format!("a {b}-bit RSA key: RFC 8301 asks for 2048 bits"),
                                ));
                            }
                            key = Some(PublicKey::Rsa(k));
                        }
                        Err(e) => findings.push(finding(
                            KeyCode::KeySyntax,
                            Some(p.value_span),
                            format!("p=: {e}"),
                        )),
                    },
                    "ed25519" => match <[u8; 32]>::try_from(der.as_slice())
                        .ok()
                        .filter(|b| ed25519_dalek::VerifyingKey::from_bytes(b).is_ok())
                    {
                        Some(k) => {
                            bits = Some(256);
                            key = Some(PublicKey::Ed25519(k));
                        }
                        None => findings.push(finding(
                            KeyCode::KeySyntax,
                            Some(p.value_span),
                            format!(
                                "p= is {} octets; an Ed25519 key is 32 (RFC 8463 §4)",
                                der.len()
                            ),
                        )),
                    },
                    other => findings.push(finding(
                        KeyCode::KeySyntax,
                        get("k").map(|t| t.value_span),
                        format!("k={other} is not a key type (rsa, ed25519)"),
                    )),
                },
            }
        }
    }
    let state = if revoked {
        KeyState::Revoked
    } else if key.is_none() {
        KeyState::Unreadable
    } else if key_type == "rsa" && bits.is_some_and(|b| b < 1024) {
        KeyState::TooShort
    } else if testing {
        KeyState::Testing
    } else {
        KeyState::Found
    };
    KeyRecord {
        state,
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

    /// The DER reading gives the verdict and the integers of the `rsa` crate's decoders (which
    /// the engine used before), for keys the crate encodes (SubjectPublicKeyInfo and bare PKCS#1,
    /// 512 to 4096 bits) and for every truncation and many one-octet changes of them.
    #[test]
    fn der_keys_are_read_as_the_rsa_crate_reads_them() {
        use rsa::pkcs1::EncodeRsaPublicKey as _;
        use rsa::pkcs8::der::Decode as _;
        use rsa::pkcs8::EncodePublicKey as _;

        fn significant(b: &[u8]) -> Vec<u8> {
            super::significant(b).to_vec()
        }
        // Before: the crate's SubjectPublicKeyInfo, else the whole as PKCS#1 RSAPublicKey.
        fn theirs(der: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
            let pkcs1 = match rsa::pkcs8::SubjectPublicKeyInfoRef::from_der(der) {
                Ok(spki) => spki.subject_public_key.as_bytes()?.to_vec(),
                Err(_) => der.to_vec(),
            };
            let k = rsa::pkcs1::RsaPublicKeyRef::from_der(&pkcs1).ok()?;
            Some((
                significant(k.modulus.as_bytes()),
                significant(k.public_exponent.as_bytes()),
            ))
        }
        fn ours(der: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
            let pkcs1 = match spki_key(der) {
                Some(Ok(k)) => k,
                Some(Err(_)) => return None,
                None => der,
            };
            pkcs1_key(pkcs1).map(|(n, e)| (significant(n), significant(e)))
        }
        let mut x = 0x5eed_u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut keys = vec![base64::engine::general_purpose::STANDARD
            .decode("MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB")
            .unwrap()];
        for bits in [512u32, 1024, 2048, 4096] {
            for e in [3u64, 65537] {
                let mut n: Vec<u8> = (0..bits / 8).map(|_| next() as u8).collect();
                n[0] |= 0x80;
                *n.last_mut().unwrap() |= 1;
                let n = rsa::BoxedUint::from_be_slice(&n, bits).unwrap();
                let e = rsa::BoxedUint::from_be_slice(&e.to_be_bytes(), 64).unwrap();
                let k = rsa::PublicKey::new_with_size_limits(n, e, 256..=16384).unwrap();
                keys.push(k.to_public_key_der().unwrap().as_bytes().to_vec());
                keys.push(k.to_pkcs1_der().unwrap().as_bytes().to_vec());
            }
        }
        let (mut same, mut read) = (0, 0);
        for key in &keys {
            assert!(ours(key).is_some(), "an encoded key is read");
            // Inside the AlgorithmIdentifier only its shape is read (an OID, NULL or no
            // parameters), where the crate's decoder reads each universal type's rules: changes
            // there are left out.
            let algorithm = match tlv(key).and_then(|(_, seq, _)| tlv(seq)) {
                Some((0x30, alg, _)) => {
                    let at = alg.as_ptr() as usize - key.as_ptr() as usize;
                    at..at + alg.len()
                }
                _ => 0..0,
            };
            // (variant, the position changed)
            let mut variants: Vec<(Vec<u8>, usize)> = (0..key.len())
                .map(|l| (key[..l].to_vec(), usize::MAX))
                .collect();
            for i in 0..key.len().min(40) {
                for v in [0x00, 0x01, 0x05, 0x1f, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff] {
                    let mut k = key.clone();
                    k[i] = v;
                    variants.push((k, i));
                }
                let mut k = key.clone();
                k.insert(i, 0);
                variants.push((k, i));
            }
            for _ in 0..200 {
                let mut k = key.clone();
                let i = next() as usize % k.len();
                k[i] ^= 1 << (next() % 8);
                variants.push((k, i));
            }
            let mut longer = key.clone();
            longer.push(0);
            variants.push((longer, usize::MAX));
            variants.push((key.clone(), usize::MAX));
            for (v, at) in &variants {
                if algorithm.contains(at) {
                    continue;
                }
                let (a, b) = (ours(v), theirs(v));
                assert_eq!(a, b, "{v:02x?}");
                same += 1;
                read += usize::from(a.is_some());
            }
        }
        assert!(
            same > 10_000 && read > 2_000,
            "{same} compared, {read} read"
        );
    }

    /// Keys the `rsa` crate encodes, as SubjectPublicKeyInfo and as bare PKCS#1, 512 to 4096
    /// bits: read with their size and given to verifiers as the crate's PKCS#1; every truncation
    /// is refused.
    #[test]
    fn der_keys_are_read_in_both_forms() {
        use rsa::pkcs1::EncodeRsaPublicKey as _;
        use rsa::pkcs8::EncodePublicKey as _;
        let mut x = 0x5eed_u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut read = 0;
        for bits in [512u32, 1024, 2048, 4096] {
            for e in [3u64, 65537] {
                let mut n: Vec<u8> = (0..bits / 8).map(|_| next() as u8).collect();
                n[0] |= 0x80;
                *n.last_mut().unwrap() |= 1;
                let n = rsa::BoxedUint::from_be_slice(&n, bits).unwrap();
                let e = rsa::BoxedUint::from_be_slice(&e.to_be_bytes(), 64).unwrap();
                let k = rsa::PublicKey::new_with_size_limits(n, e, 256..=16384).unwrap();
                let pkcs1 = k.to_pkcs1_der().unwrap().as_bytes().to_vec();
                let spki = k.to_public_key_der().unwrap().as_bytes().to_vec();
                for der in [&spki, &pkcs1] {
                    assert_eq!(rsa_key(der), Ok((pkcs1.clone(), bits)));
                    for l in 0..der.len() {
                        assert!(rsa_key(&der[..l]).is_err(), "{bits} bits cut at {l}");
                    }
                    read += 1;
                }
                // A bit string of 7 bits and some octets: no key inside.
                let mut odd = spki.clone();
                let at = spki.len() - pkcs1.len() - 1;
                assert_eq!(odd[at], 0);
                odd[at] = 7;
                assert_eq!(
                    rsa_key(&odd),
                    Err("the key's bit string is not whole octets".to_string())
                );
            }
        }
        assert_eq!(read, 16);
    }

    /// The key checks refuse what the `rsa` crate refuses, with its words.
    #[test]
    fn rsa_checks_agree_with_the_rsa_crate() {
        let n1024: Vec<u8> = (0..128u32).map(|i| (i * 37 + 11) as u8 | 0x81).collect();
        type Case = (Vec<u8>, Vec<u8>, Result<u32, &'static str>);
        let mut cases: Vec<Case> = vec![
            (n1024.clone(), vec![1, 0, 1], Ok(1024)),
            (n1024.clone(), vec![3], Ok(1024)),
            (n1024.clone(), vec![1], Err("public exponent too small")),
            (n1024.clone(), vec![2], Err("invalid exponent")),
            (
                n1024.clone(),
                vec![2, 0, 0, 0, 1],
                Err("public exponent too large"),
            ),
            (n1024.clone(), vec![1, 0xff, 0xff, 0xff, 0xff], Ok(1024)),
            (vec![0xff; 16], vec![3], Err("modulus too small")),
            (vec![0xff; 2049], vec![3], Err("modulus too large")),
            (vec![0x80; 256], vec![3], Err("invalid modulus")),
            (vec![0x81; 40], vec![0x83; 40], Err("invalid modulus")),
        ];
        cases.push((vec![0x7f; 256], vec![3], Ok(2047)));
        for (n, e, want) in cases {
            assert_eq!(rsa_checks(&n, &e), want, "n {} octets, e {e:02x?}", n.len());
            let big = |b: &[u8]| rsa::BoxedUint::from_be_slice(b, b.len() as u32 * 8).unwrap();
            let theirs = rsa::PublicKey::new_with_size_limits(big(&n), big(&e), 256..=16384);
            assert_eq!(theirs.is_ok(), want.is_ok(), "{want:?} {theirs:?}");
        }
    }

    #[test]
    fn revoked_testing_and_garbage() {
        let r = parse("v=DKIM1; t=y; p=");
        assert!(r.revoked && r.testing);
        assert_eq!(r.state, KeyState::Revoked, "revoked wins over testing");
        assert_eq!(r.describe(), "RSA, revoked (empty p=)");
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&"dkim-key-revoked") && codes.contains(&"dkim-testing-mode"));
        let g = parse("k=rsa; p=bm90IGEga2V5");
        assert!(g.key.is_none() && g.findings[0].code == "dkim-key-syntax");
        assert_eq!(g.state, KeyState::Unreadable);
        let e = parse("k=ed25519; p=AAAA");
        assert!(e.key.is_none());
    }
}
