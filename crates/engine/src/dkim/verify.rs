//! Verifying every DKIM-Signature of a message (RFC 6376 §6, RFC 8301, RFC 8463): one result per
//! signature, with the reason, and for a failure what was hashed and the likely cause.

use crate::message::codes::Code as MessageCode;
use base64::Engine;
use serde::Serialize;
use sha2::Digest;

use crate::crypto::{SignatureAlgorithm, Verifier, VerifyError};
use crate::diag::{Finding, Severity};
use crate::dns::memo::Memo;
use crate::dns::{RData, RecordType, Resolver};
use crate::message::{same_offsets_text, Header, Message};

use super::canon;
use super::key::{self, KeyRecord, PublicKey};
use super::signature::{self, Algorithm, Canon, Signature};

/// What the caller decides.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Seconds since the epoch, for `x=` and `t=`; `None` skips those checks.
    pub now: Option<u64>,
    /// Accept rsa-sha1 (RFC 8301 says verifiers must not).
    pub allow_sha1: bool,
}

/// For a failed signature: what was hashed, and why it probably failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// The canonicalized header block that was hashed, the signature header last.
    pub canonical_headers: String,
    /// The start of the canonicalized body that was hashed (at most 4 KiB shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_hash_computed: Option<String>,
    pub body_hash_claimed: String,
    pub likely_causes: Vec<String>,
}

/// What happened to the body of one signature, for every view (the message page's "Body" line,
/// the CLI): never "headers only" for a message that had a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyCheck {
    /// The body hash was computed and compared.
    Checked,
    /// Only headers were given: there was no body to hash.
    HeadersOnly,
    /// The signature failed before its body was read (a revoked or too short key, a syntax
    /// error, an expired signature...): the body cannot change the result.
    NotReached,
}

impl BodyCheck {
    pub fn as_str(self) -> &'static str {
        match self {
            BodyCheck::Checked => "checked",
            BodyCheck::HeadersOnly => "headers-only",
            BodyCheck::NotReached => "not-reached",
        }
    }
}

/// The result of one signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureResult {
    /// 0-based position among the DKIM-Signature fields, top first.
    pub index: usize,
    /// RFC 8601 words: `pass`, `fail`, `neutral`, `temperror`, `permerror`.
    pub result: &'static str,
    /// Why, as a stable word: `body-hash-mismatch`, `signature-mismatch`, `key-revoked`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    pub detail: String,
    pub domain: String,
    pub selector: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<&'static str>,
    pub header_canon: Canon,
    pub body_canon: Canon,
    pub signed_headers: Vec<String>,
    /// Names in `h=` with no field left to sign: they assert the field is absent.
    pub oversigned: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<u64>,
    /// True when the body hash was compared ([`BodyCheck::Checked`]).
    pub body_checked: bool,
    /// What happened to the body: `checked`, `headers-only`, or `not-reached` when the
    /// signature failed before (see [`SignatureResult::body_text`]).
    pub body: BodyCheck,
    /// Where the key was looked up.
    pub key_name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub key_cname_chain: Vec<String>,
    pub key_authenticated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyRecord>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
}

impl SignatureResult {
    /// The body line of the result, in words: whether the body was compared, and if not, why.
    pub fn body_text(&self) -> String {
        match (self.body, self.reason) {
            // The detail says what a mismatch means; here, only that the body was compared.
            (BodyCheck::Checked, Some("body-hash-mismatch")) => "checked: does not match".into(),
            (BodyCheck::Checked, Some("body-too-short")) => format!(
                "checked: shorter than the {} octets l= says were signed (RFC 6376 §3.5)",
                self.body_length.unwrap_or(0)
            ),
            (BodyCheck::Checked, _) => "checked".into(),
            (BodyCheck::HeadersOnly, _) => "not checked (headers only)".into(),
            (BodyCheck::NotReached, Some("key-revoked")) => {
                "not checked: the key is revoked (empty p=, RFC 6376 §3.6.1), so the signature fails whatever the body".into()
            }
            (BodyCheck::NotReached, Some("key-too-short")) => {
                "not checked: the key is under 1024 bits (RFC 8301 §3.2), so the signature fails whatever the body".into()
            }
            // The reason is shown beside the result; said again here it would be a code inside
            // a sentence.
            (BodyCheck::NotReached, _) => "not checked: the signature failed before its body".into(),
        }
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hash(alg: Algorithm, data: &[u8]) -> Vec<u8> {
    match alg {
        Algorithm::RsaSha1 => sha1::Sha1::digest(data).to_vec(),
        _ => sha2::Sha256::digest(data).to_vec(),
    }
}

/// The hash of `a=`, fed piece by piece (the body as it is canonicalized).
enum Hasher {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Hasher {
    fn new(alg: Algorithm) -> Hasher {
        match alg {
            Algorithm::RsaSha1 => Hasher::Sha1(sha1::Sha1::new()),
            _ => Hasher::Sha256(sha2::Sha256::new()),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha1(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
        }
    }
}

/// Octets of the canonicalized body kept for `Diagnosis::canonical_body`.
const SHOWN_BODY: usize = 4096;

/// The DKIM-Signature field with the value of `b=` emptied (§3.5, §3.7).
fn without_b(h: &Header, sig: &Signature) -> Vec<u8> {
    let colon = h.raw.iter().position(|b| *b == b':').unwrap_or(0);
    let Some(b) = sig.tag("b") else {
        return h.raw.clone();
    };
    // The signature was parsed from `message::same_offsets_text` of the value, so its spans are
    // the field's octets, valid UTF-8 or not.
    let start = colon + 1 + b.value_span.start;
    let end = (colon + 1 + b.value_span.end).min(h.raw.len());
    let mut out = h.raw[..start].to_vec();
    out.extend_from_slice(&h.raw[end..]);
    out
}

/// Signatures verified per message; the others get `neutral` with the reason `not-verified`
/// (RFC 6376 §6.1: verifiers may limit how many they try). Each costs a DNS query and a pass over
/// the body, so a message carrying a thousand of them must not cost a thousand of each. Real mail
/// carries one to five.
pub const MAX_SIGNATURES: usize = 10;

/// A signature's result before any check: its tags copied, `permerror` until proven otherwise.
fn start(index: usize, msg: &Message, sig: &Signature) -> SignatureResult {
    let key_name = format!("{}._domainkey.{}", sig.selector, sig.domain);
    let selected = canon::select(&msg.headers, &sig.signed_headers);
    SignatureResult {
        index,
        result: "permerror",
        reason: None,
        detail: String::new(),
        domain: sig.domain.clone(),
        selector: sig.selector.clone(),
        algorithm: sig.algorithm.map(Algorithm::as_str),
        header_canon: sig.header_canon,
        body_canon: sig.body_canon,
        signed_headers: sig.signed_headers.clone(),
        oversigned: selected
            .iter()
            .filter(|(_, f)| f.is_none())
            .map(|(n, _)| n.clone())
            .collect(),
        identity: sig.identity.clone(),
        body_length: sig.body_length,
        timestamp: sig.timestamp,
        expiration: sig.expiration,
        body_checked: false,
        body: if msg.headers_only() {
            BodyCheck::HeadersOnly
        } else {
            BodyCheck::NotReached
        },
        key_name,
        key_cname_chain: Vec::new(),
        key_authenticated: false,
        key: None,
        findings: sig.findings.clone(),
        diagnosis: None,
    }
}

/// Whether `sig` signs `data` (a canonicalized header block) with `key`, asked of `verifier`: RSA
/// is given the data, which the verifier hashes with the hash of `alg`; Ed25519 the SHA-256
/// digest of it, which is what ed25519-sha256 signs (RFC 8463 §3).
pub(crate) async fn signature_verifies<V: Verifier>(
    verifier: &V,
    alg: Algorithm,
    key: &PublicKey,
    data: &[u8],
    sig: &[u8],
) -> Result<bool, VerifyError> {
    let (alg, digest) = match alg {
        Algorithm::RsaSha1 => (SignatureAlgorithm::RsaSha1, None),
        Algorithm::RsaSha256 => (SignatureAlgorithm::RsaSha256, None),
        Algorithm::Ed25519Sha256 => (
            SignatureAlgorithm::Ed25519,
            Some(sha2::Sha256::digest(data)),
        ),
    };
    let signed = digest.as_ref().map_or(data, |d| d.as_slice());
    verifier.verify(alg, key.as_bytes(), signed, sig).await
}

/// Verifies every DKIM-Signature of `msg` (the first [`MAX_SIGNATURES`]); key lookups go out
/// together, and signatures are checked by `verifier`.
pub async fn verify_message<R: Resolver, V: Verifier>(
    resolver: &R,
    verifier: &V,
    msg: &Message,
    opts: &Options,
) -> Vec<SignatureResult> {
    let sigs: Vec<(&Header, Signature)> = msg
        .all("DKIM-Signature")
        .map(|h| (h, signature::parse(&same_offsets_text(h.raw_value()))))
        .collect();
    let memo = Memo::new(resolver);
    let names: Vec<(String, RecordType)> = sigs
        .iter()
        .take(MAX_SIGNATURES)
        .filter(|(_, s)| !s.domain.is_empty() && !s.selector.is_empty())
        .map(|(_, s)| {
            (
                format!("{}._domainkey.{}", s.selector, s.domain),
                RecordType::Txt,
            )
        })
        .collect();
    memo.query_many(names).await;
    let mut out = Vec::new();
    for (index, (h, sig)) in sigs.iter().enumerate() {
        if index >= MAX_SIGNATURES {
            let mut r = start(index, msg, sig);
            r.result = "neutral";
            r.reason = Some("not-verified");
            r.detail = format!(
                "not verified: only the first {MAX_SIGNATURES} of {} signatures are checked",
                sigs.len()
            );
            out.push(r);
            continue;
        }
        out.push(verify_one(&memo, verifier, msg, index, h, sig, opts).await);
    }
    out
}

async fn verify_one<R: Resolver, V: Verifier>(
    memo: &Memo<'_, R>,
    verifier: &V,
    msg: &Message,
    index: usize,
    h: &Header,
    sig: &Signature,
    opts: &Options,
) -> SignatureResult {
    let key_name = format!("{}._domainkey.{}", sig.selector, sig.domain);
    let selected = canon::select(&msg.headers, &sig.signed_headers);
    let mut r = start(index, msg, sig);
    let done =
        |mut r: SignatureResult, result: &'static str, reason: &'static str, detail: String| {
            r.result = result;
            r.reason = Some(reason);
            r.detail = detail;
            r
        };
    if sig.is_broken() {
        let first = sig
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map(|f| f.message.clone())
            .unwrap_or_default();
        return done(
            r,
            "permerror",
            "signature-syntax",
            format!("the signature cannot be verified: {first}"),
        );
    }
    let Some(alg) = sig.algorithm else {
        return done(r, "permerror", "signature-syntax", "no algorithm".into());
    };
    if let (Some(now), Some(x)) = (opts.now, sig.expiration) {
        if now > x {
            return done(
                r,
                "fail",
                "expired",
                format!(
                    "the signature expired at x={x}, {} s before the check",
                    now - x
                ),
            );
        }
    }
    if let (Some(now), Some(t)) = (opts.now, sig.timestamp) {
        if t > now + 300 {
            r.findings
                .push(MessageCode::FutureTimestamp.finding(format!(
                    "t={t} is {} s in the future: the signer's clock is wrong",
                    t - now
                )));
        }
    }
    // The key.
    let answer = memo.query(&key_name, RecordType::Txt).await;
    let record = match answer {
        Ok(l) => {
            r.key_cname_chain = l.cname_chain.clone();
            r.key_authenticated = l.authenticated;
            let texts: Vec<String> = l
                .records
                .iter()
                .filter_map(|x| match x {
                    RData::Txt(t) => Some(t.text()),
                    _ => None,
                })
                .collect();
            match texts.first() {
                Some(t) => key::parse(t),
                None => {
                    return done(
                        r,
                        "permerror",
                        "no-key",
                        format!("{key_name} has no TXT record"),
                    )
                }
            }
        }
        Err(e) if e.is_temporary() => {
            return done(
                r,
                "temperror",
                "key-unavailable",
                format!("the key lookup failed: {e}"),
            )
        }
        Err(e) => {
            r.key_cname_chain = e.cname_chain().to_vec();
            let why = if e.cname_chain().is_empty() {
                format!("no key is published at {key_name}")
            } else {
                format!(
                    "{key_name} is a CNAME to {}, which has no key (a dangling CNAME)",
                    e.cname_chain().join(" → ")
                )
            };
            return done(r, "permerror", "no-key", why);
        }
    };
    r.findings.extend(record.findings.iter().cloned());
    let key = record.key.clone();
    let revoked = record.revoked;
    let bits = record.bits;
    let key_type = record.key_type.clone();
    let hashes = record.hashes.clone();
    let strict = record.strict_identity;
    r.key = Some(record);
    if revoked {
        return done(
            r,
            "fail",
            "key-revoked",
            "the key record has an empty p=: the key was revoked".into(),
        );
    }
    if key_type != alg.key_type() {
        return done(
            r,
            "fail",
            "key-type-mismatch",
            format!(
                "the signature uses {} but the key is k={key_type}",
                alg.as_str()
            ),
        );
    }
    let Some(key) = key else {
        return done(
            r,
            "permerror",
            "key-syntax",
            "the key record cannot be read".into(),
        );
    };
    let hash_name = if alg == Algorithm::RsaSha1 {
        "sha1"
    } else {
        "sha256"
    };
    if hashes
        .as_ref()
        .is_some_and(|h| !h.iter().any(|x| x == hash_name))
    {
        return done(
            r,
            "fail",
            "hash-not-allowed",
            format!("the key's h= does not allow {hash_name}"),
        );
    }
    if alg == Algorithm::RsaSha1 && !opts.allow_sha1 {
        return done(
            r,
            "fail",
            "sha1",
            "rsa-sha1 signatures must not be considered valid (RFC 8301 §3.1)".into(),
        );
    }
    if bits.is_some_and(|b| b < 1024) && alg != Algorithm::Ed25519Sha256 {
        return done(
            r,
            "fail",
            "key-too-short",
            format!(
                "a {}-bit key is under the 1024 bits RFC 8301 requires (§3.2): verifiers must not accept the signature",
                bits.unwrap_or(0)
            ),
        );
    }
    if strict {
        let idom = sig
            .identity
            .as_deref()
            .and_then(|i| i.rsplit_once('@'))
            .map(|(_, d)| d.to_ascii_lowercase());
        if idom.is_some_and(|d| d != sig.domain) {
            return done(
                r,
                "fail",
                "identity-strict",
                "the key has t=s but i= is a subdomain of d=".into(),
            );
        }
    }
    // The body.
    let mut body_computed = None;
    let mut canonical_body = None;
    if let Some(body) = msg.body() {
        // Hashed as it is canonicalized, never held whole (`canon::body_into`); `l=` past what
        // a usize holds cannot fit in memory anyway.
        let limit = sig
            .body_length
            .map(|l| usize::try_from(l).unwrap_or(usize::MAX));
        let mut hasher = Hasher::new(alg);
        let mut shown = Vec::new();
        let len = canon::body_into(body, sig.body_canon, limit, |piece| {
            hasher.update(piece);
            let keep = SHOWN_BODY.saturating_sub(shown.len()).min(piece.len());
            shown.extend_from_slice(&piece[..keep]);
        });
        r.body_checked = true;
        r.body = BodyCheck::Checked;
        if let (Some(l), Some(limit)) = (sig.body_length, limit) {
            if limit > len {
                return done(
                    r,
                    "fail",
                    "body-too-short",
                    format!("l={l} but the canonicalized body has only {len} octets: the body is shorter than the part that was signed, so it is not the signed body (RFC 6376 §3.5)"),
                );
            }
        }
        body_computed = Some(hasher.finish());
        canonical_body = Some(shown);
        r.body_checked = true;
        r.body = BodyCheck::Checked;
    }
    // The header block.
    let mut data = Vec::new();
    for (name, field) in &selected {
        if let Some(f) = field {
            data.extend_from_slice(&canon::header(name, &f.raw, sig.header_canon));
        }
    }
    let mut own = canon::header("DKIM-Signature", &without_b(h, sig), sig.header_canon);
    own.truncate(own.len() - 2);
    data.extend_from_slice(&own);
    let sig_ok = match signature_verifies(verifier, alg, &key, &data, &sig.signature).await {
        Ok(ok) => ok,
        Err(e) => {
            return done(
                r,
                "permerror",
                "key-syntax",
                format!("the key cannot be used to verify: {e}"),
            )
        }
    };
    let body_ok = body_computed.as_ref().map(|c| *c == sig.body_hash);
    let diagnosis = |r: &SignatureResult| Diagnosis {
        canonical_headers: String::from_utf8_lossy(&data).into_owned(),
        canonical_body: canonical_body
            .as_ref()
            .map(|b| String::from_utf8_lossy(&b[..b.len().min(SHOWN_BODY)]).into_owned()),
        body_hash_computed: body_computed.as_deref().map(b64),
        body_hash_claimed: b64(&sig.body_hash),
        likely_causes: likely_causes(msg, sig, alg, r.reason),
    };
    match (body_ok, sig_ok) {
        (Some(false), _) => {
            let mut r = done(
                r,
                "fail",
                "body-hash-mismatch",
                "the body is not the body that was signed (body hash mismatch)".into(),
            );
            r.detail.push_str(&pasted(msg, sig.body_canon));
            r.diagnosis = Some(diagnosis(&r));
            r
        }
        (_, false) => {
            let mut r = done(
                r,
                "fail",
                "signature-mismatch",
                "the signed header fields are not the ones that were signed (signature mismatch)"
                    .into(),
            );
            r.detail.push_str(&pasted(msg, sig.header_canon));
            r.diagnosis = Some(diagnosis(&r));
            r
        }
        (Some(true), true) => {
            r.result = "pass";
            r.detail = "the signature and the body hash verify".into();
            r
        }
        (None, true) => {
            r.result = "pass";
            r.detail =
                "the header signature verifies; the body was not checked (headers only)".into();
            r
        }
    }
}

/// For a failure where it matters, the paste named as the likely cause, to add to the result's
/// explanation: the text had bare LF line endings (a browser's text box keeps no CR) and the part
/// that broke uses simple canonicalization (RFC 6376 §3.4.1, §3.4.3), which hashes every octet,
/// so what a paste changes besides the line ends (trailing spaces and tabs dropped, tabs made
/// spaces) breaks it. With relaxed canonicalization those changes are canonicalized away
/// (§3.4.2, §3.4.4): a failure there is not the paste's, and nothing is added.
fn pasted(msg: &Message, canon: Canon) -> String {
    if msg.line_endings_normalized && canon == Canon::Simple {
        "; likely the paste, not the message: the text had bare LF line endings, and c=simple hashes every octet, so the spaces and tabs a paste drops break it (check the original .eml file instead)".into()
    } else {
        String::new()
    }
}

/// Guesses why a signature failed, from what can be tried without the signer.
fn likely_causes(
    msg: &Message,
    sig: &Signature,
    alg: Algorithm,
    reason: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    let simple_where_it_broke = match reason {
        Some("body-hash-mismatch") => sig.body_canon == Canon::Simple,
        _ => sig.header_canon == Canon::Simple,
    };
    if msg.line_endings_normalized && simple_where_it_broke {
        out.push(
            "The text was pasted with bare line endings: a paste loses CRs and often trailing spaces and tabs. Open the original .eml file (or \"show original\") and paste or drop that."
                .to_string(),
        );
    }
    if reason == Some("body-hash-mismatch") {
        if let Some(body) = msg.body() {
            // Content appended after signing (mailing list footers, disclaimers): does a shorter
            // body, cut at a line boundary near the end, match?
            if body.len() <= 512 * 1024 {
                let cuts: Vec<usize> = body
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1)
                    .rev()
                    .take(60)
                    .collect();
                for (n, cut) in cuts.iter().enumerate() {
                    let cb = canon::body(&body[..*cut], sig.body_canon);
                    if hash(alg, &cb) == sig.body_hash {
                        out.push(format!(
                            "The body matches the signed one when the last {} line(s) are removed: a footer or disclaimer was added after signing (a mailing list or gateway).",
                            n + 1
                        ));
                        break;
                    }
                }
            }
            if sig.body_canon == Canon::Simple && !out.iter().any(|c| c.contains("footer")) {
                out.push("The body uses c=.../simple, which breaks on any whitespace change: trailing spaces removed by a client or gateway, tabs turned into spaces, lines re-wrapped. With c=.../relaxed it would have been tolerated.".into());
            }
        }
        if sig.body_length.is_none()
            && !out
                .iter()
                .any(|c| c.contains("footer") || c.contains("c=.../simple"))
        {
            out.push("The body changed after signing: a gateway rewrote links, re-encoded the text, or added content.".into());
        }
    }
    if reason == Some("signature-mismatch") {
        out.push("A signed header field changed after signing (a list tagging the Subject, a gateway rewriting From or Date), or the key does not belong to this signature.".into());
        if sig.header_canon == Canon::Simple {
            out.push("c=simple for headers breaks on any change of case or whitespace in a signed field.".into());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(raw: &[u8]) -> (Header, Signature) {
        let mut bytes = raw.to_vec();
        bytes.extend_from_slice(b"\r\nFrom: a@example.com\r\n\r\nbody\r\n");
        let msg = crate::message::parse(&bytes);
        let h = msg.headers[0].clone();
        let sig = signature::parse(&same_offsets_text(h.raw_value()));
        (h, sig)
    }

    #[test]
    fn b_is_emptied_in_the_raw_octets() {
        let (h, sig) = header(b"DKIM-Signature: v=1; d=example.com;\r\n b=abc\r\n def; bh=xyz");
        assert_eq!(
            without_b(&h, &sig),
            b"DKIM-Signature: v=1; d=example.com;\r\n b=; bh=xyz".to_vec()
        );
    }

    #[test]
    fn b_is_found_past_invalid_utf8() {
        // Each 0xFF is one octet here but three in the text the signature was parsed from.
        let (h, sig) = header(b"DKIM-Signature: v=1; z=\xff\xff\xff\xff; b=abc; bh=xyz");
        assert_eq!(
            without_b(&h, &sig),
            b"DKIM-Signature: v=1; z=\xff\xff\xff\xff; b=; bh=xyz".to_vec()
        );
        let (h, sig) = header(b"DKIM-Signature: v=1; z=\xff;\r\n b = abc");
        assert_eq!(
            without_b(&h, &sig),
            b"DKIM-Signature: v=1; z=\xff;\r\n b =".to_vec()
        );
    }
}
