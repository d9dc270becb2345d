//! Chain validation, RFC 8617 §5.2: the `cv` a receiver writes as `arc=` in its
//! Authentication-Results, with every set of the chain laid out for display.
//!
//! The steps run in the RFC's order and the first that fails decides the reason. Unlike a
//! validator that stops there, this one checks every signature it can once the structure is
//! sound (older message signatures and all seals), because showing which hop broke what is the
//! point of the report; the result is the same as stopping would give.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::Digest;

use crate::crypto::Verifier;
use crate::diag::{Finding, Severity, Span};
use crate::dkim::canon;
use crate::dkim::key::{self, PublicKey};
use crate::dkim::signature::{Algorithm, Canon};
use crate::dkim::Options;
use crate::dns::memo::Memo;
use crate::dns::{RData, RecordType, Resolver};
use crate::message::{Header, Message};
use crate::tags::Tag;

use super::codes::Code;
use super::parse::{
    self, ArcAuthResults, ChainStatus, FieldKind, MessageSignature, Seal, MAX_INSTANCE,
};

/// The result of one signature check (a seal or a message signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Pass,
    Fail,
    /// The field or its key cannot be used (syntax, no key).
    #[serde(rename = "permerror")]
    PermError,
    /// The key lookup failed temporarily.
    #[serde(rename = "temperror")]
    TempError,
    /// Validation stopped before this check (RFC 8617 §5.2 stops at the first failing step).
    NotChecked,
}

impl Outcome {
    /// RFC 8601 words where they exist, `not-checked` otherwise.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::PermError => "permerror",
            Outcome::TempError => "temperror",
            Outcome::NotChecked => "not-checked",
        }
    }
}

/// One seal or message signature check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub result: Outcome,
    /// Why, as a stable word: `seal-signature`, `ams-body-hash`, `ams-signature`, `no-key`,
    /// `key-invalid`, `key-unavailable`, `sha1`, `syntax`, `ams-expired`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    pub detail: String,
    /// Where the key was looked up (`<s>._domainkey.<d>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_bits: Option<u32>,
    /// For a message signature: false when only headers were given and `bh=` was not compared.
    pub body_checked: bool,
    /// What the key record said (its `dkim-key-*` findings; their spans are into the record's
    /// text, not the message).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

impl Check {
    fn not_checked(detail: impl Into<String>) -> Check {
        Check {
            result: Outcome::NotChecked,
            reason: None,
            detail: detail.into(),
            key_name: None,
            key_bits: None,
            body_checked: false,
            findings: Vec::new(),
        }
    }

    fn done(mut self, result: Outcome, reason: &'static str, detail: impl Into<String>) -> Check {
        self.result = result;
        self.reason = Some(reason);
        self.detail = detail.into();
        self
    }
}

/// One ARC set, for display: its three fields as parsed and what their checks gave.
#[derive(Debug, Clone, Serialize)]
pub struct ArcSet {
    pub instance: u32,
    /// The ARC-Seal (the first one when the set has several: see the findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_signature: Option<MessageSignature>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_results: Option<ArcAuthResults>,
    /// Where each field is in [`Message::raw`]. Spans inside the parsed fields are in the same
    /// coordinates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seal_span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ams_span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aar_span: Option<Span>,
    pub seal_check: Check,
    pub ams_check: Check,
}

/// The chain validation of a message.
#[derive(Debug, Clone, Serialize)]
pub struct ArcReport {
    /// The Chain Validation Status in RFC 8601 words (`arc=none|pass|fail`).
    pub cv: ChainStatus,
    /// When `cv` is fail, why, as a stable word: `too-many-sets`, `cv-fail-in-chain`, `syntax`,
    /// `structure`, `instance-gap`, `cv-invalid`, `ams-body-hash`, `ams-signature`,
    /// `ams-signs-seal`, `ams-expired`, `seal-signature`, `sha1`, `no-key`, `key-invalid`,
    /// `key-unavailable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    pub detail: String,
    /// The failure came from a temporary DNS error. RFC 8617 §5.2.1 makes every error a
    /// permanent `fail`; this says that asking again later may give another answer.
    pub temporary: bool,
    /// `header.oldest-pass` (RFC 8617 §5.2 step 5, §6): the lowest instance from which every
    /// message signature up to the latest still verifies, or 0 when all do. Only for a passing
    /// chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oldest_pass: Option<u32>,
    /// The sets found, by increasing instance (gaps left out).
    pub sets: Vec<ArcSet>,
    /// Everything found, with spans into [`Message::raw`].
    pub findings: Vec<Finding>,
}

impl ArcReport {
    /// Worth validating again later: the failure was a temporary DNS error.
    pub fn is_temporary(&self) -> bool {
        self.temporary
    }
}

enum Parsed {
    Seal(Seal),
    Ams(MessageSignature),
    Aar(ArcAuthResults),
}

/// One ARC header field of the message.
struct Field<'a> {
    header: &'a Header,
    /// Where the value starts in `header.raw`.
    value_start: usize,
    /// Where the value starts in [`Message::raw`]: the `base` of every span of `parsed`.
    base: usize,
    parsed: Parsed,
}

impl Field<'_> {
    fn kind(&self) -> FieldKind {
        match self.parsed {
            Parsed::Seal(_) => FieldKind::Seal,
            Parsed::Ams(_) => FieldKind::MessageSignature,
            Parsed::Aar(_) => FieldKind::AuthResults,
        }
    }

    fn instance(&self) -> Option<u32> {
        match &self.parsed {
            Parsed::Seal(s) => s.instance,
            Parsed::Ams(m) => m.instance,
            Parsed::Aar(a) => a.instance,
        }
    }

    fn findings(&self) -> &[Finding] {
        match &self.parsed {
            Parsed::Seal(s) => &s.findings,
            Parsed::Ams(m) => &m.findings,
            Parsed::Aar(a) => &a.findings,
        }
    }

    /// The field with the value of its `b=` emptied (RFC 6376 §3.7, RFC 8617 §5.1.1).
    fn without_b(&self, b: Option<&Tag>) -> Vec<u8> {
        let raw = &self.header.raw;
        let Some(b) = b else {
            return raw.clone();
        };
        let range = b
            .value_span
            .start
            .checked_sub(self.base)
            .zip(b.value_span.end.checked_sub(self.base))
            .map(|(s, e)| (self.value_start + s, self.value_start + e));
        match range.and_then(|(s, e)| Some((raw.get(..s)?, raw.get(e..)?))) {
            Some((head, tail)) => [head, tail].concat(),
            None => raw.clone(),
        }
    }
}

fn collect(msg: &Message) -> Vec<Field<'_>> {
    msg.headers
        .iter()
        .filter_map(|h| {
            let kind = FieldKind::of(&h.name)?;
            let colon = h.raw.iter().position(|b| *b == b':').unwrap_or(h.raw.len());
            let value_start = (colon + 1).min(h.raw.len());
            let text = crate::message::same_offsets_text(&h.raw[value_start..]);
            let base = h.span.start + value_start;
            let parsed = match kind {
                FieldKind::Seal => Parsed::Seal(parse::parse_seal(&text, base)),
                FieldKind::MessageSignature => {
                    Parsed::Ams(parse::parse_message_signature(&text, base))
                }
                FieldKind::AuthResults => Parsed::Aar(parse::parse_auth_results(&text, base)),
            };
            Some(Field {
                header: h,
                value_start,
                base,
                parsed,
            })
        })
        .collect()
}

/// The fields of one instance, by kind.
#[derive(Default)]
struct Slots<'f, 'a> {
    seals: Vec<&'f Field<'a>>,
    amss: Vec<&'f Field<'a>>,
    aars: Vec<&'f Field<'a>>,
}

impl<'f, 'a> Slots<'f, 'a> {
    fn of(&self, kind: FieldKind) -> &[&'f Field<'a>] {
        match kind {
            FieldKind::Seal => &self.seals,
            FieldKind::MessageSignature => &self.amss,
            FieldKind::AuthResults => &self.aars,
        }
    }

    fn seal(&self) -> Option<&'f Seal> {
        self.seals.first().and_then(|f| match &f.parsed {
            Parsed::Seal(s) => Some(s),
            _ => None,
        })
    }

    fn ams(&self) -> Option<&'f MessageSignature> {
        self.amss.first().and_then(|f| match &f.parsed {
            Parsed::Ams(m) => Some(m),
            _ => None,
        })
    }

    fn aar(&self) -> Option<&'f ArcAuthResults> {
        self.aars.first().and_then(|f| match &f.parsed {
            Parsed::Aar(a) => Some(a),
            _ => None,
        })
    }
}

/// A failing step: the reason word, the finding code, the sentence, and where.
struct Failure {
    reason: &'static str,
    code: Code,
    detail: String,
    span: Option<Span>,
}

fn fail(reason: &'static str, code: Code, detail: String, span: Option<Span>) -> Failure {
    Failure {
        reason,
        code,
        detail,
        span,
    }
}

/// The reason a parsed field cannot be used, from its error findings.
fn field_problem(findings: &[Finding]) -> Option<(&'static str, &Finding)> {
    let errors = || findings.iter().filter(|f| f.severity == Severity::Error);
    if let Some(f) = errors().find(|f| f.code == Code::Syntax.as_str()) {
        return Some(("syntax", f));
    }
    if let Some(f) = errors().find(|f| f.code == Code::AmsSignsSeal.as_str()) {
        return Some(("ams-signs-seal", f));
    }
    errors().next().map(|f| {
        let reason = if f.code == Code::Sha1.as_str() {
            "sha1"
        } else {
            "syntax"
        };
        (reason, f)
    })
}

/// RFC 8617 §5.2 steps 1 to 3: the checks that need no DNS.
fn structure(fields: &[Field<'_>], sets: &BTreeMap<u32, Slots<'_, '_>>) -> Option<Failure> {
    let n = sets.keys().next_back().copied().unwrap_or(0);
    // Step 1.
    if n > MAX_INSTANCE {
        let span = sets
            .get(&n)
            .and_then(|s| s.seals.first().or(s.amss.first()).or(s.aars.first()))
            .map(|f| f.header.span);
        return Some(fail(
            "too-many-sets",
            Code::TooManySets,
            format!("the chain claims instance {n}; at most {MAX_INSTANCE} ARC sets are allowed"),
            span,
        ));
    }
    // Step 2.
    if let Some(f) = sets.get(&n).and_then(|s| {
        s.seals.iter().find(
            |f| matches!(&f.parsed, Parsed::Seal(s) if s.chain_status == Some(ChainStatus::Fail)),
        )
    }) {
        return Some(fail(
            "cv-fail-in-chain",
            Code::ChainFailed,
            format!("the latest ARC-Seal (i={n}) says cv=fail: the chain was already broken when it was sealed"),
            Some(f.header.span),
        ));
    }
    // Step 3: fields that belong to no set.
    if let Some(f) = fields.iter().find(|f| f.instance().is_none()) {
        return Some(fail(
            "syntax",
            Code::Syntax,
            format!(
                "an {} field has no valid instance i= (1 to {MAX_INSTANCE}), so it belongs to no set",
                f.kind().header_name()
            ),
            Some(f.header.span),
        ));
    }
    // Step 3.2: 1..N with no gap.
    if let Some(missing) = (1..=n).find(|i| !sets.contains_key(i)) {
        return Some(fail(
            "instance-gap",
            Code::Structure,
            format!("the chain has sets up to i={n} but none with i={missing}"),
            None,
        ));
    }
    // Step 3.1: exactly one of each field per set.
    for (i, slots) in sets {
        for kind in [
            FieldKind::AuthResults,
            FieldKind::MessageSignature,
            FieldKind::Seal,
        ] {
            let found = slots.of(kind);
            if found.len() != 1 {
                let what = if found.is_empty() {
                    "no"
                } else {
                    "more than one"
                };
                return Some(fail(
                    "structure",
                    Code::Structure,
                    format!(
                        "set i={i} has {what} {} ({})",
                        kind.header_name(),
                        kind.short()
                    ),
                    found.get(1).map(|f| f.header.span),
                ));
            }
        }
    }
    // Step 3.3, first half: a sealer that recorded a failure ends the chain.
    for (i, slots) in sets.iter().rev() {
        if let Some(s) = slots.seal() {
            if s.chain_status == Some(ChainStatus::Fail) {
                return Some(fail(
                    "cv-fail-in-chain",
                    Code::ChainFailed,
                    format!("the ARC-Seal i={i} says cv=fail: the chain was broken at that hop and cannot be continued"),
                    slots.seals.first().map(|f| f.header.span),
                ));
            }
        }
    }
    // Seals and AARs must be readable; the latest AMS is judged in step 4, older ones only count
    // for oldest-pass.
    for (i, slots) in sets {
        for f in slots.seals.iter().chain(slots.aars.iter()) {
            if let Some((reason, finding)) = field_problem(f.findings()) {
                let code = if reason == "sha1" {
                    Code::Sha1
                } else {
                    Code::Syntax
                };
                return Some(fail(
                    reason,
                    code,
                    format!(
                        "the {} of set i={i} cannot be used: {}",
                        f.kind().header_name(),
                        finding.message
                    ),
                    finding.span.or(Some(f.header.span)),
                ));
            }
        }
    }
    // Step 3.3, second half.
    for (i, slots) in sets {
        let want = if *i == 1 {
            ChainStatus::None
        } else {
            ChainStatus::Pass
        };
        let got = slots.seal().and_then(|s| s.chain_status);
        if got != Some(want) {
            return Some(fail(
                "cv-invalid",
                Code::Structure,
                format!(
                    "the ARC-Seal i={i} says cv={}; {} must say cv={}",
                    got.map_or("?", ChainStatus::as_str),
                    if *i == 1 {
                        "the first seal"
                    } else {
                        "every later seal"
                    },
                    want.as_str()
                ),
                slots.seals.first().map(|f| f.header.span),
            ));
        }
    }
    None
}

fn key_name(selector: &str, domain: &str) -> String {
    format!("{selector}._domainkey.{domain}")
}

/// The key for a signature, or the check failed for want of one.
async fn fetch_key<R: Resolver>(
    memo: &Memo<'_, R>,
    name: &str,
    alg: Algorithm,
    mut check: Check,
) -> Result<(PublicKey, Check), Check> {
    check.key_name = Some(name.to_string());
    let record = match memo.query(name, RecordType::Txt).await {
        Ok(l) => {
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
                    return Err(check.done(
                        Outcome::PermError,
                        "no-key",
                        format!("{name} has no TXT record"),
                    ))
                }
            }
        }
        Err(e) if e.is_temporary() => {
            return Err(check.done(
                Outcome::TempError,
                "key-unavailable",
                format!("the key lookup failed: {e}"),
            ))
        }
        Err(e) => {
            return Err(check.done(
                Outcome::PermError,
                "no-key",
                format!("no key is published at {name} ({})", e.kind()),
            ))
        }
    };
    check.key_bits = record.bits;
    check.findings = record.findings.clone();
    if record.revoked {
        return Err(check.done(
            Outcome::Fail,
            "key-invalid",
            "the key record has an empty p=: the key was revoked",
        ));
    }
    if record.key_type != alg.key_type() {
        let t = record.key_type.clone();
        return Err(check.done(
            Outcome::Fail,
            "key-invalid",
            format!("the signature uses {} but the key is k={t}", alg.as_str()),
        ));
    }
    if record
        .hashes
        .as_ref()
        .is_some_and(|h| !h.iter().any(|x| x == "sha256"))
    {
        return Err(check.done(
            Outcome::Fail,
            "key-invalid",
            "the key's h= does not allow sha256",
        ));
    }
    if let Some(b) = record
        .bits
        .filter(|b| *b < 1024 && alg != Algorithm::Ed25519Sha256)
    {
        return Err(check.done(
            Outcome::Fail,
            "key-invalid",
            format!("a {b}-bit key is under the 1024 bits RFC 8301 requires"),
        ));
    }
    match record.key {
        Some(k) => Ok((k, check)),
        None => Err(check.done(
            Outcome::PermError,
            "key-invalid",
            "the key record cannot be read",
        )),
    }
}

/// The signature over `data`, by `verifier`; ARC signs with SHA-256 (RFC 8617 §4.1.3). A key
/// the verifier cannot use is a permanent error, as one that cannot be read.
async fn signature_ok<V: Verifier>(
    verifier: &V,
    alg: Algorithm,
    key: &PublicKey,
    data: &[u8],
    sig: &[u8],
) -> Result<bool, String> {
    let alg = match alg {
        Algorithm::Ed25519Sha256 => Algorithm::Ed25519Sha256,
        _ => Algorithm::RsaSha256,
    };
    crate::dkim::verify::signature_verifies(verifier, alg, key, data, sig)
        .await
        .map_err(|e| format!("the key cannot be used to verify: {e}"))
}

/// The signature field itself, last in the hashed data, without its final CRLF (RFC 6376 §3.7).
fn own_field(field: &Field<'_>, b: Option<&Tag>, canon_kind: Canon) -> Vec<u8> {
    let mut own = canon::header(field.kind().header_name(), &field.without_b(b), canon_kind);
    own.truncate(own.len().saturating_sub(2));
    own
}

/// RFC 8617 §5.2 step 4 (and step 5 for older instances): an AMS, verified like a DKIM signature.
async fn check_ams<R: Resolver, V: Verifier>(
    memo: &Memo<'_, R>,
    verifier: &V,
    msg: &Message,
    field: &Field<'_>,
    ams: &MessageSignature,
    opts: &Options,
) -> Check {
    let check = Check::not_checked("");
    if let Some((reason, f)) = field_problem(&ams.findings) {
        return check.done(
            Outcome::PermError,
            reason,
            format!("the message signature cannot be verified: {}", f.message),
        );
    }
    let Some(alg) = ams.algorithm else {
        return check.done(Outcome::PermError, "syntax", "no algorithm");
    };
    if let (Some(now), Some(x)) = (opts.now, ams.expiration) {
        if now > x {
            return check.done(
                Outcome::Fail,
                "ams-expired",
                format!("the message signature expired at x={x}"),
            );
        }
    }
    let (key, mut check) =
        match fetch_key(memo, &key_name(&ams.selector, &ams.domain), alg, check).await {
            Ok(k) => k,
            Err(c) => return c,
        };
    let (header_canon, body_canon) = ams.canonicalization();
    if let Some(body) = msg.body() {
        let mut cb = canon::body(body, body_canon);
        if let Some(l) = ams.body_length {
            match usize::try_from(l) {
                Ok(l) if l <= cb.len() => cb.truncate(l),
                _ => {
                    let len = cb.len();
                    return check.done(
                        Outcome::Fail,
                        "ams-body-hash",
                        format!("l={l} but the canonicalized body has only {len} octets"),
                    );
                }
            }
        }
        if sha2::Sha256::digest(&cb).as_slice() != ams.body_hash.as_slice() {
            return check.done(
                Outcome::Fail,
                "ams-body-hash",
                "the body is not the body that was signed (body hash mismatch)",
            );
        }
        check.body_checked = true;
    }
    let mut data = Vec::new();
    for (name, f) in canon::select(&msg.headers, &ams.signed_headers) {
        if let Some(f) = f {
            data.extend_from_slice(&canon::header(&name, &f.raw, header_canon));
        }
    }
    let b = ams.tags.iter().find(|t| t.name == "b");
    data.extend_from_slice(&own_field(field, b, header_canon));
    let verified = match signature_ok(verifier, alg, &key, &data, &ams.signature).await {
        Ok(v) => v,
        Err(why) => return check.done(Outcome::PermError, "key-invalid", why),
    };
    if verified {
        check.result = Outcome::Pass;
        check.detail = if check.body_checked {
            "the signature and the body hash verify".into()
        } else {
            "the header signature verifies; the body was not checked (headers only)".into()
        };
        check
    } else {
        check.done(
            Outcome::Fail,
            "ams-signature",
            "the signed header fields are not the ones that were signed (signature mismatch)",
        )
    }
}

/// RFC 8617 §5.2 step 6 for instance `i`: the seal signs the sets 1..i, each as AAR, AMS, AS,
/// relaxed, with its own `b=` emptied (§5.1.1). The structure was checked: one field of each.
async fn check_seal<R: Resolver, V: Verifier>(
    memo: &Memo<'_, R>,
    verifier: &V,
    sets: &BTreeMap<u32, Slots<'_, '_>>,
    i: u32,
) -> Check {
    let check = Check::not_checked("");
    let Some((field, seal)) = sets.get(&i).and_then(|s| {
        let f = s.seals.first()?;
        Some((*f, s.seal()?))
    }) else {
        return check.done(Outcome::PermError, "structure", "the set has no ARC-Seal");
    };
    let Some(alg) = seal.algorithm else {
        return check.done(Outcome::PermError, "syntax", "no algorithm");
    };
    if alg == Algorithm::RsaSha1 {
        return check.done(
            Outcome::Fail,
            "sha1",
            "rsa-sha1 seals must not be considered valid (RFC 8301 §3.1)",
        );
    }
    let (key, check) =
        match fetch_key(memo, &key_name(&seal.selector, &seal.domain), alg, check).await {
            Ok(k) => k,
            Err(c) => return c,
        };
    let mut data = Vec::new();
    for (j, slots) in sets.range(1..=i) {
        for f in slots.aars.iter().chain(slots.amss.iter()) {
            data.extend_from_slice(&canon::header(
                f.kind().header_name(),
                &f.header.raw,
                Canon::Relaxed,
            ));
        }
        if *j < i {
            for f in &slots.seals {
                data.extend_from_slice(&canon::header(
                    f.kind().header_name(),
                    &f.header.raw,
                    Canon::Relaxed,
                ));
            }
        }
    }
    let b = seal.tags.iter().find(|t| t.name == "b");
    data.extend_from_slice(&own_field(field, b, Canon::Relaxed));
    let verified = match signature_ok(verifier, alg, &key, &data, &seal.signature).await {
        Ok(v) => v,
        Err(why) => return check.done(Outcome::PermError, "key-invalid", why),
    };
    if verified {
        Check {
            result: Outcome::Pass,
            detail: format!("the seal over sets 1 to {i} verifies"),
            ..check
        }
    } else {
        check.done(
            Outcome::Fail,
            "seal-signature",
            format!("the seal does not verify: an ARC set from 1 to {i} changed after sealing, or the seal was altered"),
        )
    }
}

fn code_for(check: &Check, failing: Code) -> Code {
    match check.reason {
        Some("key-unavailable") => Code::KeyUnavailable,
        Some("no-key") => Code::NoKey,
        Some("key-invalid") => Code::KeyInvalid,
        Some("sha1") => Code::Sha1,
        Some("ams-signs-seal") => Code::AmsSignsSeal,
        _ => failing,
    }
}

/// Validates the ARC chain of `msg` (RFC 8617 §5.2). All keys the chain names are asked for
/// together; signatures are checked by `verifier`.
pub async fn validate<R: Resolver, V: Verifier>(
    resolver: &R,
    verifier: &V,
    msg: &Message,
    opts: &Options,
) -> ArcReport {
    let fields = collect(msg);
    let mut report = ArcReport {
        cv: ChainStatus::None,
        reason: None,
        detail: "the message has no ARC sets".into(),
        temporary: false,
        oldest_pass: None,
        sets: Vec::new(),
        findings: Vec::new(),
    };
    if fields.is_empty() {
        return report;
    }
    report.findings.push(Code::Historic.finding(
        "ARC (RFC 8617, Experimental) is being moved to Historic by the IETF: use a passing chain only as a hint for forwarded mail",
    ));
    for f in &fields {
        report.findings.extend(f.findings().iter().cloned());
    }
    let mut sets: BTreeMap<u32, Slots<'_, '_>> = BTreeMap::new();
    for f in &fields {
        if let Some(i) = f.instance() {
            let slots = sets.entry(i).or_default();
            match f.kind() {
                FieldKind::Seal => slots.seals.push(f),
                FieldKind::MessageSignature => slots.amss.push(f),
                FieldKind::AuthResults => slots.aars.push(f),
            }
        }
    }
    let n = sets.keys().next_back().copied().unwrap_or(0);
    let mut seal_checks: BTreeMap<u32, Check> = BTreeMap::new();
    let mut ams_checks: BTreeMap<u32, Check> = BTreeMap::new();
    let failure = match structure(&fields, &sets) {
        Some(f) => Some(f),
        None => {
            if let Some(now) = opts.now {
                timestamps_in_future(&sets, now, &mut report.findings);
            }
            // Every key of the chain, in one batch.
            let memo = Memo::new(resolver);
            let names: Vec<(String, RecordType)> = sets
                .values()
                .flat_map(|s| {
                    let seal = s.seal().map(|x| (x.selector.as_str(), x.domain.as_str()));
                    let ams = s
                        .ams()
                        .filter(|m| !parse::has_error(&m.findings))
                        .map(|x| (x.selector.as_str(), x.domain.as_str()));
                    seal.into_iter().chain(ams)
                })
                .filter(|(s, d)| !s.is_empty() && !d.is_empty())
                .map(|(s, d)| (key_name(s, d), RecordType::Txt))
                .collect();
            memo.query_many(names).await;
            for (i, slots) in sets.iter().rev() {
                if let (Some(f), Some(m)) = (slots.amss.first(), slots.ams()) {
                    ams_checks.insert(*i, check_ams(&memo, verifier, msg, f, m, opts).await);
                }
                seal_checks.insert(*i, check_seal(&memo, verifier, &sets, *i).await);
            }
            decide(n, &sets, &ams_checks, &seal_checks, &mut report)
        }
    };
    match failure {
        Some(f) => {
            report.cv = ChainStatus::Fail;
            report.reason = Some(f.reason);
            report.temporary = f.reason == "key-unavailable";
            let finding = f.code.finding(f.detail.clone());
            report.findings.push(match f.span {
                Some(s) => finding.at(s),
                None => finding,
            });
            report.detail = f.detail;
        }
        None => {
            report.cv = ChainStatus::Pass;
            report.detail = format!(
                "the chain of {n} ARC set{} validates: the latest message signature and every seal verify",
                if n == 1 { "" } else { "s" }
            );
        }
    }
    let stopped = report.detail.clone();
    for (i, slots) in &sets {
        let not_checked = || Check::not_checked(format!("not checked: {stopped}"));
        report.sets.push(ArcSet {
            instance: *i,
            seal: slots.seal().cloned(),
            message_signature: slots.ams().cloned(),
            auth_results: slots.aar().cloned(),
            seal_span: slots.seals.first().map(|f| f.header.span),
            ams_span: slots.amss.first().map(|f| f.header.span),
            aar_span: slots.aars.first().map(|f| f.header.span),
            seal_check: seal_checks.remove(i).unwrap_or_else(not_checked),
            ams_check: ams_checks.remove(i).unwrap_or_else(not_checked),
        });
    }
    report
}

/// Steps 4 to 7 from the checks made: the first failing step, or `None` for pass (then
/// `oldest_pass` is set).
fn decide(
    n: u32,
    sets: &BTreeMap<u32, Slots<'_, '_>>,
    ams_checks: &BTreeMap<u32, Check>,
    seal_checks: &BTreeMap<u32, Check>,
    report: &mut ArcReport,
) -> Option<Failure> {
    let span_of = |i: u32, kind: FieldKind| {
        sets.get(&i)
            .and_then(|s| s.of(kind).first().map(|f| f.header.span))
    };
    // Step 4.
    let latest = ams_checks.get(&n);
    if let Some(c) = latest.filter(|c| c.result != Outcome::Pass) {
        let reason = c.reason.unwrap_or("ams-signature");
        return Some(fail(
            reason,
            code_for(c, Code::AmsFailed),
            format!(
                "the latest ARC-Message-Signature (i={n}) fails: {}",
                c.detail
            ),
            span_of(n, FieldKind::MessageSignature),
        ));
    }
    // Step 5.
    let mut oldest = 0;
    for i in (1..n).rev() {
        let c = ams_checks.get(&i);
        if c.is_some_and(|c| c.result != Outcome::Pass) {
            let detail = c.map_or(String::new(), |c| c.detail.clone());
            let f = Code::OlderAmsFailed.finding(format!(
                "the ARC-Message-Signature i={i} no longer verifies ({detail}): the message was changed after that hop"
            ));
            report
                .findings
                .push(match span_of(i, FieldKind::MessageSignature) {
                    Some(s) => f.at(s),
                    None => f,
                });
            oldest = i + 1;
            break;
        }
    }
    // Step 6.
    for i in (1..=n).rev() {
        if let Some(c) = seal_checks.get(&i).filter(|c| c.result != Outcome::Pass) {
            return Some(fail(
                c.reason.unwrap_or("seal-signature"),
                code_for(c, Code::SealFailed),
                format!("the ARC-Seal i={i} fails: {}", c.detail),
                span_of(i, FieldKind::Seal),
            ));
        }
    }
    report.oldest_pass = Some(oldest);
    None
}

fn timestamps_in_future(sets: &BTreeMap<u32, Slots<'_, '_>>, now: u64, out: &mut Vec<Finding>) {
    let late = |t: Option<u64>| t.filter(|t| *t > now.saturating_add(300));
    for (i, slots) in sets {
        let stamps = [
            (
                "ARC-Seal",
                slots.seal().and_then(|s| late(s.timestamp)),
                slots.seals.first(),
            ),
            (
                "ARC-Message-Signature",
                slots.ams().and_then(|m| late(m.timestamp)),
                slots.amss.first(),
            ),
        ];
        for (name, t, f) in stamps {
            if let Some(t) = t {
                let finding = Code::FutureTimestamp.finding(format!(
                    "the {name} i={i} has t={t}, {} s after the time of the check",
                    t - now
                ));
                out.push(match f {
                    Some(f) => finding.at(f.header.span),
                    None => finding,
                });
            }
        }
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
