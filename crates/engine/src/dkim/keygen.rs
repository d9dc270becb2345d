//! The DKIM key generator: an RSA (2048 bits by default, RFC 8301) or Ed25519 (RFC 8463) key
//! pair, the key record for `<selector>._domainkey.<domain>` (RFC 6376 §3.6.1, §3.6.2.1) split
//! into 255-octet strings, and the private key as PKCS#8 PEM for the signer.
//!
//! The engine has no source of randomness: the caller passes one ([`DkimBuilder::generate`]
//! takes any `rand_core::TryCryptoRng`). The page passes one backed by the browser's
//! `crypto.getRandomValues`, the CLI the operating system's (`getrandom::SysRng`). A failing
//! source is an error, never a panic and never a weaker key.
//!
//! The private key is never serialized with the rest ([`DkimKey::private_key_pem`] is skipped by
//! serde), so an export of the page's state cannot carry it by accident.
//!
//! Microsoft 365 and Google Workspace generate their keys themselves: [`MANAGED`] says what to
//! publish for them instead, and [`ROTATION`] how to change a key without losing mail.

use base64::Engine;
use ed25519_dalek::pkcs8::{EncodePrivateKey as _, KeypairBytes};
use rand_core::TryCryptoRng;
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use serde::Serialize;

use crate::diag::{Finding, Severity};
use crate::dkim::discover::{self, selector_problem};
use crate::dkim::key;
use crate::name::parse_domain;

use crate::build::{diff_tags, Comparison, InputError, TxtOutput};

/// `k=`: the key type (RFC 6376 §3.6.1, RFC 8463 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    Rsa,
    Ed25519,
}

impl KeyType {
    pub const ALL: [KeyType; 2] = [KeyType::Rsa, KeyType::Ed25519];

    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
        }
    }

    pub fn parse(s: &str) -> Option<KeyType> {
        let s = s.trim().to_ascii_lowercase();
        KeyType::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What choosing it means.
    pub fn consequence(self) -> &'static str {
        match self {
            KeyType::Rsa => "RSA is verified by every receiver. 2048 bits is what RFC 8301 asks for; its record is longer than 255 octets, so it is published as two strings, which every DNS host can take in one TXT record (some forms want the strings quoted).",
            KeyType::Ed25519 => "Ed25519 keys are short (the record fits one string) and fast, but several of the largest receivers do not verify them yet: sign with an RSA key too, under a second selector, and publish both.",
        }
    }
}

/// Why a typed selector cannot be one, and where: the 1-based position in what was typed of the
/// first character a selector cannot hold, or of an empty label (as `parse_domain` says it of a
/// domain). `why` is [`selector_problem`]'s reason, said when no position tells more.
fn selector_error(typed: &str, why: &str) -> String {
    let lead = typed.chars().take_while(|c| c.is_whitespace()).count();
    let text: Vec<char> = typed.trim().chars().collect();
    if let Some(i) = text
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return format!(
            "{:?} cannot appear in a selector, which holds letters, digits and hyphens (at position {})",
            text[i],
            lead + i + 1
        );
    }
    // A dot first, or after another dot (dots at the end are dropped, as in a domain).
    if let Some(i) = (0..text.len()).find(|&i| text[i] == '.' && (i == 0 || text[i - 1] == '.')) {
        return format!(
            "the selector has an empty label: a dot first, or two in a row (at position {})",
            lead + i + 1
        );
    }
    format!("not a selector: {why}")
}

/// The RSA sizes offered: 1024 only for DNS hosts that cannot take a record over 255 octets
/// (RFC 8301 §3.2 says verifiers must accept 1024 to 4096, signers should use at least 2048).
pub const RSA_BITS: [u32; 4] = [1024, 2048, 3072, 4096];
/// What an RSA size outside [`RSA_BITS`] is told.
const RSA_BITS_RULE: &str = "an RSA key here is 1024, 2048, 3072 or 4096 bits";
pub const DEFAULT_BITS: u32 = 2048;

/// The user's choices: the page's state and address, and the CLI's flags. The key itself is not
/// part of it: a shared address restores the choices, not the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DkimBuilder {
    pub domain: String,
    /// The selector, one or more DNS labels (RFC 6376 §3.1).
    pub selector: String,
    pub key_type: KeyType,
    /// RSA only: one of [`RSA_BITS`].
    pub bits: u32,
    /// `t=y`: the domain is testing DKIM; receivers may treat failures as unsigned.
    pub testing: bool,
    /// `t=s`: `i=` of signatures must be exactly the domain, not a subdomain.
    pub strict: bool,
    /// A provider of [`MANAGED`] whose key the user publishes instead of generating one
    /// (`microsoft365`, `google`).
    pub provider: Option<String>,
}

impl Default for DkimBuilder {
    fn default() -> DkimBuilder {
        DkimBuilder {
            domain: String::new(),
            selector: String::new(),
            key_type: KeyType::Rsa,
            bits: DEFAULT_BITS,
            testing: false,
            strict: false,
            provider: None,
        }
    }
}

/// A generated key pair and its record. `Debug` leaves the private key out too.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct DkimKey {
    pub key_type: KeyType,
    /// 256 for Ed25519.
    pub bits: u32,
    pub selector: String,
    pub domain: String,
    /// The TXT record at `<selector>._domainkey.<domain>`.
    pub record: TxtOutput,
    /// The `p=` value: base64 of the SubjectPublicKeyInfo (RSA) or of the 32-octet key (Ed25519).
    pub public_key: String,
    /// The public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), for signers that ask for it.
    pub public_key_pem: String,
    /// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`; RFC 5208, and RFC 8410 for
    /// Ed25519). Never serialized.
    #[serde(skip)]
    pub private_key_pem: String,
    /// A file name for the download: `<selector>._domainkey.<domain>.pem`.
    pub file_name: String,
    /// The key parser's findings on the record (`dkim-key-weak` for 1024 bits,
    /// `dkim-testing-mode`), never an error.
    pub findings: Vec<Finding>,
}

impl std::fmt::Debug for DkimKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DkimKey")
            .field("key_type", &self.key_type)
            .field("bits", &self.bits)
            .field("record", &self.record)
            .field("private_key_pem", &"(not shown)")
            .field("findings", &self.findings)
            .finish_non_exhaustive()
    }
}

/// Why no key was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeygenError {
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))]
    Input(Vec<InputError>),
    /// The source of random numbers failed (the browser's crypto unavailable, say).
    #[error("no random numbers: {0}")]
    Random(String),
    #[error("the key could not be made: {0}")]
    Key(String),
}

/// Adapts a fallible RNG for the RSA generator while keeping its error, so that a failure is
/// reported as such.
struct Counted<'a, R: ?Sized> {
    rng: &'a mut R,
    failure: Option<String>,
}

impl<R: TryCryptoRng + ?Sized> rand_core::TryRng for Counted<'_, R> {
    type Error = R::Error;
    fn try_next_u32(&mut self) -> Result<u32, R::Error> {
        self.rng
            .try_next_u32()
            .inspect_err(|e| self.failure = Some(e.to_string()))
    }
    fn try_next_u64(&mut self) -> Result<u64, R::Error> {
        self.rng
            .try_next_u64()
            .inspect_err(|e| self.failure = Some(e.to_string()))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), R::Error> {
        self.rng
            .try_fill_bytes(dst)
            .inspect_err(|e| self.failure = Some(e.to_string()))
    }
}

impl<R: TryCryptoRng + ?Sized> rand_core::TryCryptoRng for Counted<'_, R> {}

impl DkimBuilder {
    /// The address parameters this builder reads and writes.
    pub const PARAMS: [&'static str; 6] = ["domain", "selector", "k", "bits", "t", "provider"];

    /// Every key of [`Self::PARAMS`], `None` where the value is the default.
    pub fn to_params(&self) -> Vec<(&'static str, Option<String>)> {
        let mut t = Vec::new();
        if self.testing {
            t.push("y");
        }
        if self.strict {
            t.push("s");
        }
        vec![
            (
                "domain",
                Some(self.domain.clone()).filter(|s| !s.is_empty()),
            ),
            (
                "selector",
                Some(self.selector.clone()).filter(|s| !s.is_empty()),
            ),
            (
                "k",
                (self.key_type != KeyType::Rsa).then(|| self.key_type.as_str().to_string()),
            ),
            (
                "bits",
                (self.bits != DEFAULT_BITS && self.key_type == KeyType::Rsa)
                    .then(|| self.bits.to_string()),
            ),
            ("t", (!t.is_empty()).then(|| t.join(":"))),
            ("provider", self.provider.clone().filter(|p| !p.is_empty())),
        ]
    }

    /// Reads the state from address parameters; unknown values fall back to the defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> DkimBuilder {
        let flags: Vec<String> = get("t")
            .unwrap_or_default()
            .split(':')
            .map(|f| f.trim().to_ascii_lowercase())
            .collect();
        let key_type = get("k")
            .and_then(|k| KeyType::parse(&k))
            .unwrap_or(KeyType::Rsa);
        DkimBuilder {
            domain: get("domain").unwrap_or_default().trim().to_string(),
            selector: get("selector").unwrap_or_default().trim().to_string(),
            key_type,
            bits: get("bits")
                .and_then(|b| b.trim().parse().ok())
                .filter(|b| RSA_BITS.contains(b) && key_type == KeyType::Rsa)
                .unwrap_or(DEFAULT_BITS),
            testing: flags.iter().any(|f| f == "y"),
            strict: flags.iter().any(|f| f == "s"),
            provider: get("provider")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty()),
        }
    }

    pub fn to_query(&self) -> String {
        crate::build::query_string(&self.to_params())
    }

    pub fn from_query(query: &str) -> DkimBuilder {
        let pairs = crate::build::parse_query(query);
        DkimBuilder::from_params(|k| crate::build::query_get(&pairs, k).map(str::to_string))
    }

    /// The selector and domain as they will be used (lower case), or why they cannot be.
    pub fn check(&self) -> Result<(String, String), Vec<InputError>> {
        let mut errors = Vec::new();
        let selector = self
            .selector
            .trim()
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if selector.is_empty() {
            errors.push(InputError::new(
                "selector",
                &self.selector,
                "type a selector: a new name for each key, such as the month (s202606)",
            ));
        } else if let Some(why) = selector_problem(&selector) {
            errors.push(InputError::new(
                "selector",
                &self.selector,
                selector_error(&self.selector, &why),
            ));
        }
        let domain = if self.domain.trim().is_empty() {
            errors.push(InputError::new(
                "domain",
                &self.domain,
                "type the domain the key signs for (d=), such as example.com",
            ));
            String::new()
        } else {
            match parse_domain(&self.domain) {
                Ok(d) => d,
                Err(e) => {
                    errors.push(InputError::new("domain", &self.domain, e.to_string()));
                    String::new()
                }
            }
        };
        if self.key_type == KeyType::Rsa && !RSA_BITS.contains(&self.bits) {
            errors.push(InputError::new(
                "bits",
                &self.bits.to_string(),
                RSA_BITS_RULE,
            ));
        }
        if errors.is_empty() {
            let name = format!("{selector}._domainkey.{domain}");
            if name.len() > 253 {
                errors.push(InputError::new(
                    "selector",
                    &self.selector,
                    format!("{name} is longer than the 253 characters of a DNS name"),
                ));
            }
        }
        if errors.is_empty() {
            Ok((selector, domain))
        } else {
            Err(errors)
        }
    }

    /// `<selector>._domainkey.<domain>`, with placeholders for what is not typed yet.
    pub fn record_name(&self) -> String {
        let s = self.selector.trim().to_ascii_lowercase();
        let d = parse_domain(&self.domain).unwrap_or_default();
        format!(
            "{}._domainkey.{}",
            if s.is_empty() { "<selector>" } else { &s },
            if d.is_empty() { "<domain>" } else { &d }
        )
    }

    /// Generates a key pair with the random numbers of `rng` ([`key_material`]) and writes its
    /// record ([`DkimBuilder::assemble`]). The page runs the two apart: the key is made in a
    /// worker, off the page's thread, and the page writes the record from what it sends back.
    pub fn generate<R: TryCryptoRng + ?Sized>(&self, rng: &mut R) -> Result<DkimKey, KeygenError> {
        self.check().map_err(KeygenError::Input)?;
        let material = key_material(self.key_type, self.bits, rng)?;
        self.assemble(material)
    }

    /// The key record, file name and findings for a key made by [`key_material`] with this
    /// builder's key type and size.
    pub fn assemble(&self, material: KeyMaterial) -> Result<DkimKey, KeygenError> {
        let (selector, domain) = self.check().map_err(KeygenError::Input)?;
        let KeyMaterial {
            public_key,
            public_key_pem,
            private_key_pem,
            bits,
        } = material;
        let text = key_record_text(self.key_type, &public_key, self.testing, self.strict);
        let findings = key::parse(&text).findings;
        Ok(DkimKey {
            key_type: self.key_type,
            bits,
            record: TxtOutput::new(
                &format!("{selector}._domainkey"),
                &domain,
                crate::build::split_txt(&text),
            ),
            public_key: base64::engine::general_purpose::STANDARD.encode(&public_key),
            public_key_pem,
            private_key_pem,
            file_name: format!("{selector}._domainkey.{domain}.pem"),
            selector,
            domain,
            findings,
        })
    }
}

/// A freshly made key pair, before its record is written. `Debug` leaves the private key out.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyMaterial {
    /// The SubjectPublicKeyInfo DER (RSA) or the 32-octet key (Ed25519): what `p=` carries.
    pub public_key: Vec<u8>,
    /// The public key as SPKI PEM.
    pub public_key_pem: String,
    /// The private key as PKCS#8 PEM.
    pub private_key_pem: String,
    /// The key's size: the RSA modulus's bits, 256 for Ed25519.
    pub bits: u32,
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyMaterial")
            .field("bits", &self.bits)
            .field("public_key_pem", &self.public_key_pem)
            .field("private_key_pem", &"(not shown)")
            .finish()
    }
}

/// Makes a key pair with the random numbers of `rng`: RSA of `bits` (one of [`RSA_BITS`]) or
/// Ed25519 (`bits` ignored). Measured for RSA 2048 (20 keys): a median of about 50 ms natively
/// in a release build (10 to 90 ms), about 350 ms in wasm built as the page is (`opt-level =
/// "z"`, V8; 60 to 600 ms). The time to find primes varies from key to key, and grows fast with
/// the size: 4096 bits is about 12 times slower, which is why the page makes keys in a worker.
/// Ed25519 is immediate.
pub fn key_material<R: TryCryptoRng + ?Sized>(
    key_type: KeyType,
    bits: u32,
    rng: &mut R,
) -> Result<KeyMaterial, KeygenError> {
    match key_type {
        KeyType::Rsa => {
            if !RSA_BITS.contains(&bits) {
                return Err(KeygenError::Key(format!("{bits} bits: {RSA_BITS_RULE}")));
            }
            let mut counted = Counted { rng, failure: None };
            let key =
                rsa::PrivateKey::new(&mut counted, bits as usize).map_err(|e| {
                    match counted.failure.take() {
                        Some(f) => KeygenError::Random(f),
                        None => KeygenError::Key(e.to_string()),
                    }
                })?;
            let public = key.to_public_key();
            let der = public
                .to_public_key_der()
                .map_err(|e| KeygenError::Key(e.to_string()))?;
            let pem = public
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| KeygenError::Key(e.to_string()))?;
            let private = key
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| KeygenError::Key(e.to_string()))?;
            Ok(KeyMaterial {
                public_key: der.as_bytes().to_vec(),
                public_key_pem: pem,
                private_key_pem: private.to_string(),
                bits,
            })
        }
        KeyType::Ed25519 => {
            let mut seed = [0u8; 32];
            rng.try_fill_bytes(&mut seed)
                .map_err(|e| KeygenError::Random(e.to_string()))?;
            let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
            let public = signing.verifying_key();
            // RFC 8410 §7's basic form (the seed only, as `openssl genpkey` writes it):
            // every signer reads it, not all read the form with the public key inside.
            let private = KeypairBytes {
                secret_key: seed,
                public_key: None,
            }
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| KeygenError::Key(e.to_string()))?;
            seed.fill(0);
            let pem =
                ed25519_dalek::pkcs8::EncodePublicKey::to_public_key_pem(&public, LineEnding::LF)
                    .map_err(|e| KeygenError::Key(e.to_string()))?;
            Ok(KeyMaterial {
                public_key: public.to_bytes().to_vec(),
                public_key_pem: pem,
                private_key_pem: private.to_string(),
                bits: 256,
            })
        }
    }
}

/// The key record for a public key: `v=DKIM1; k=rsa; p=...`, with `t=` when flags are set.
/// `public_key` is the SubjectPublicKeyInfo DER for RSA (what `openssl rsa -pubout` and every
/// signer's tooling produce; the parser also reads bare PKCS#1) or the 32-octet key for Ed25519
/// (RFC 8463 §4.2). `p=` comes last, as generators write it, so the tags a person reads come
/// before the long value.
pub fn key_record_text(
    key_type: KeyType,
    public_key: &[u8],
    testing: bool,
    strict: bool,
) -> String {
    let mut tags = vec!["v=DKIM1".to_string(), format!("k={}", key_type.as_str())];
    let flags: Vec<&str> = [(testing, "y"), (strict, "s")]
        .into_iter()
        .filter_map(|(on, f)| on.then_some(f))
        .collect();
    if !flags.is_empty() {
        tags.push(format!("t={}", flags.join(":")));
    }
    tags.push(format!(
        "p={}",
        base64::engine::general_purpose::STANDARD.encode(public_key)
    ));
    tags.join("; ")
}

/// The new key record beside the one published at the same selector. Publishing a different key
/// under a selector in use breaks the signatures of mail still in transit, hence the note.
pub fn compare(built: &str, published: Option<&str>) -> Comparison {
    let tags = |t: &str| -> Vec<(String, String)> {
        crate::tags::parse(t, 0)
            .0
            .into_iter()
            .map(|t| (t.name, crate::tags::compact(&t.value)))
            .collect()
    };
    let Some(p) = published else {
        return Comparison::new(
            None,
            built,
            Vec::new(),
            vec!["Add the record as a new TXT record at this name.".into()],
        );
    };
    let changes = diff_tags(&tags(p), &tags(built));
    let mut notes = Vec::new();
    if changes
        .iter()
        .any(|c| matches!(c, crate::build::Change::Changed { what, .. } if what == "p"))
    {
        notes.push("This selector already has another key. Replacing it breaks the signatures of mail still in transit or waiting to be read: publish the new key under a new selector instead, switch the signer to it, and retire the old selector later (see the rotation steps).".into());
    }
    Comparison::new(Some(p), built, changes, notes)
}

// ---------------------------------------------------------------------------------------------
// Rotation

/// One step of changing a key without losing mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RotationStep {
    pub title: &'static str,
    pub detail: &'static str,
}

/// Selector rotation, in order.
pub static ROTATION: &[RotationStep] = &[
    RotationStep {
        title: "Generate the new key under a new selector",
        detail: "A selector names one key. Keep the current one working and make the new key under a name not in use, such as one with the date (s202606).",
    },
    RotationStep {
        title: "Publish it and wait",
        detail: "Publish the new TXT record and wait until resolvers see it: at least the TTL of the record, a day to be safe. Look it up here before going on.",
    },
    RotationStep {
        title: "Switch the signer",
        detail: "Give the signer the new private key and selector. From then on, new mail carries s=<new selector>.",
    },
    RotationStep {
        title: "Keep the old key for a while",
        detail: "Mail signed with the old key may still be in queues, retried, or checked later: leave the old record published for at least a week.",
    },
    RotationStep {
        title: "Retire the old selector",
        detail: "Revoke it by publishing p= empty (v=DKIM1; p=), which tells verifiers the key is withdrawn, then remove the record later. Delete the old private key.",
    },
    RotationStep {
        title: "Repeat regularly",
        detail: "M3AAWG's key rotation practice asks for a new key at least every six months, and at once if a private key may have leaked.",
    },
];

/// A selector named after a month (`s202606`), so that each rotation gets a new name. The caller
/// passes the date: the engine has no clock.
pub fn dated_selector(year: u16, month: u8) -> String {
    format!("s{year:04}{:02}", month.clamp(1, 12))
}

// ---------------------------------------------------------------------------------------------
// Providers that make the key

/// A DNS record to publish, as a provider asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DnsRecord {
    pub name: String,
    /// `CNAME` or `TXT`.
    pub rtype: &'static str,
    pub value: String,
}

/// A provider that generates the DKIM key itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ManagedKey {
    /// The id in `dkim::discover::PROVIDERS` and in the SPF catalogue.
    pub id: &'static str,
    pub name: &'static str,
    /// Where in the provider's console the key is made.
    pub console: &'static str,
    /// What to publish instead of a key generated here, and the order of the steps.
    pub publish: &'static str,
}

/// Microsoft 365 and Google Workspace: do not generate a key here for them.
pub static MANAGED: &[ManagedKey] = &[
    ManagedKey {
        id: "microsoft365",
        name: "Microsoft 365",
        console: "Microsoft Defender portal: Email & collaboration, Policies & rules, Threat policies, Email authentication settings, DKIM (or the PowerShell cmdlet New-DkimSigningConfig).",
        publish: "Microsoft 365 makes and rotates the keys itself. Publish two CNAME records, selector1._domainkey and selector2._domainkey, pointing to the names the DKIM page shows for the domain (selector1-<domain with dots as dashes>._domainkey.<tenant>.onmicrosoft.com, or a name under dkim.mail.microsoft for newer tenants), then turn on signing for the domain there. Copy the targets exactly as shown: the templates below are only their usual shape. Microsoft signs with one selector and rotates to the other, so both CNAMEs must stay.",
    },
    ManagedKey {
        id: "google",
        name: "Google Workspace",
        console: "Google Admin console: Apps, Google Workspace, Gmail, Authenticate email.",
        publish: "Google makes the key: choose the domain, Generate new record (2048 bits; 1024 only if the DNS host cannot take a record over 255 characters), and publish the TXT record it shows at google._domainkey (or the prefix you chose). Wait until it is visible, then press Start authentication. Until then Gmail signs with d=<domain>.gappssmtp.com, which does not align for DMARC.",
    },
];

/// The entry of [`MANAGED`] with this id.
pub fn managed(id: &str) -> Option<&'static ManagedKey> {
    MANAGED.iter().find(|m| m.id == id)
}

/// The providers of [`MANAGED`] that a domain's MX hosts and SPF includes point to (through
/// `dkim::discover::detect`), so the page can say "your provider makes the key" before the user
/// generates one.
pub fn managed_for(mx_hosts: &[String], spf_includes: &[String]) -> Vec<&'static ManagedKey> {
    discover::detect(mx_hosts, spf_includes)
        .into_iter()
        .filter_map(|p| managed(p.id))
        .collect()
}

/// The records to publish for a managed provider, in their usual shape. `tenant` is the
/// Microsoft 365 initial domain (`contoso.onmicrosoft.com`); the value is a template with
/// `<tenant>` when it is not given, and `<key from the Admin console>` for Google.
pub fn managed_records(id: &str, domain: &str, tenant: Option<&str>) -> Vec<DnsRecord> {
    let domain = parse_domain(domain).unwrap_or_else(|_| "<domain>".into());
    match id {
        "microsoft365" => {
            let dashed = domain.replace('.', "-");
            let tenant = tenant
                .and_then(|t| parse_domain(t).ok())
                .unwrap_or_else(|| "<tenant>.onmicrosoft.com".into());
            ["selector1", "selector2"]
                .into_iter()
                .map(|s| DnsRecord {
                    name: format!("{s}._domainkey.{domain}"),
                    rtype: "CNAME",
                    value: format!("{s}-{dashed}._domainkey.{tenant}"),
                })
                .collect()
        }
        "google" => vec![DnsRecord {
            name: format!("google._domainkey.{domain}"),
            rtype: "TXT",
            value: "v=DKIM1; k=rsa; p=<key from the Admin console>".into(),
        }],
        _ => Vec::new(),
    }
}

/// True when no finding of the key parser is an error.
pub fn record_is_valid(text: &str) -> bool {
    !key::parse(text)
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic generator for tests only (SplitMix64): not secure, marked as such only so
    /// that the tests can run the real code path.
    struct TestRng(u64);
    impl rand_core::TryRng for TestRng {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok((self.try_next_u64()? >> 32) as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            Ok(z ^ (z >> 31))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            for chunk in dst.chunks_mut(8) {
                let v = self.try_next_u64()?.to_le_bytes();
                chunk.copy_from_slice(&v[..chunk.len()]);
            }
            Ok(())
        }
    }
    impl rand_core::TryCryptoRng for TestRng {}

    /// A source that fails, like a browser without crypto.
    struct Broken;
    #[derive(Debug)]
    struct Refused;
    impl std::fmt::Display for Refused {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("refused")
        }
    }
    impl std::error::Error for Refused {}
    impl rand_core::TryRng for Broken {
        type Error = Refused;
        fn try_next_u32(&mut self) -> Result<u32, Refused> {
            Err(Refused)
        }
        fn try_next_u64(&mut self) -> Result<u64, Refused> {
            Err(Refused)
        }
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Refused> {
            Err(Refused)
        }
    }
    impl rand_core::TryCryptoRng for Broken {}

    fn builder(k: KeyType) -> DkimBuilder {
        DkimBuilder {
            domain: "Example.com".into(),
            selector: "S2026".into(),
            key_type: k,
            ..DkimBuilder::default()
        }
    }

    #[test]
    fn ed25519_key_record_and_pem() {
        let k = builder(KeyType::Ed25519).generate(&mut TestRng(1)).unwrap();
        assert_eq!(k.record.name, "s2026._domainkey.example.com");
        assert_eq!(k.record.host, "s2026._domainkey");
        assert_eq!(k.record.strings.len(), 1);
        assert!(k.record.text.starts_with("v=DKIM1; k=ed25519; p="));
        let parsed = key::parse(&k.record.text);
        assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
        assert_eq!(parsed.bits, Some(256));
        assert!(k
            .private_key_pem
            .starts_with("-----BEGIN PRIVATE KEY-----\n"));
        // The PEM reads back to the key published.
        use ed25519_dalek::pkcs8::DecodePrivateKey;
        let back = ed25519_dalek::SigningKey::from_pkcs8_pem(&k.private_key_pem).unwrap();
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(back.verifying_key().to_bytes()),
            k.public_key
        );
        // RFC 8410 §7 basic form: 48 octets of DER.
        let der = base64::engine::general_purpose::STANDARD
            .decode(
                k.private_key_pem
                    .lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect::<String>(),
            )
            .unwrap();
        assert_eq!(der.len(), 48);
        // The private key is not in the JSON.
        let json = serde_json::to_string(&k).unwrap();
        assert!(!json.contains("PRIVATE") && json.contains("public_key_pem"));
        assert!(!format!("{k:?}").contains("PRIVATE"));
        assert_eq!(k.file_name, "s2026._domainkey.example.com.pem");
    }

    #[test]
    fn rsa_1024_key_reads_back() {
        // 1024 bits keeps the unoptimised test build fast; 2048 runs in tests/builders.rs.
        let b = DkimBuilder {
            bits: 1024,
            testing: true,
            ..builder(KeyType::Rsa)
        };
        let k = b.generate(&mut TestRng(7)).unwrap();
        assert!(k.record.text.starts_with("v=DKIM1; k=rsa; t=y; p=MI"));
        let parsed = key::parse(&k.record.text);
        assert_eq!(parsed.bits, Some(1024));
        let codes: Vec<&str> = k.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["dkim-testing-mode", "dkim-key-weak"]);
        use rsa::pkcs8::DecodePrivateKey;
        let back = rsa::PrivateKey::from_pkcs8_pem(&k.private_key_pem).unwrap();
        let der = back.to_public_key().to_public_key_der().unwrap();
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(der.as_bytes()),
            k.public_key
        );
    }

    #[test]
    fn bad_inputs_and_a_failing_source_are_errors() {
        let b = DkimBuilder {
            selector: "bad selector".into(),
            domain: "nodot".into(),
            bits: 512,
            ..DkimBuilder::default()
        };
        match b.generate(&mut TestRng(1)) {
            Err(KeygenError::Input(e)) => {
                let f: Vec<&str> = e.iter().map(|e| e.field).collect();
                assert_eq!(f, ["selector", "domain", "bits"]);
            }
            other => panic!("{other:?}"),
        }
        for k in KeyType::ALL {
            let b = DkimBuilder {
                bits: 1024,
                ..builder(k)
            };
            assert_eq!(
                b.generate(&mut Broken),
                Err(KeygenError::Random("refused".into()))
            );
        }
    }

    /// What each field is told: an empty field asks for a value (no position: nothing is typed),
    /// a wrong one says why and where, as the page shows it under the field.
    #[test]
    fn input_errors_say_why_and_where() {
        let cases: [(&str, &str, &str, &str); 6] = [
            (
                "",
                "s1",
                "domain",
                "type the domain the key signs for (d=), such as example.com",
            ),
            (
                "example.com",
                "  ",
                "selector",
                "type a selector: a new name for each key, such as the month (s202606)",
            ),
            (
                "example.com",
                "s 1",
                "selector",
                "' ' cannot appear in a selector, which holds letters, digits and hyphens (at position 2)",
            ),
            (
                "example.com",
                " a..b",
                "selector",
                "the selector has an empty label: a dot first, or two in a row (at position 4)",
            ),
            (
                "example.com",
                ".s1",
                "selector",
                "the selector has an empty label: a dot first, or two in a row (at position 1)",
            ),
            ("exa mple.com", "s1", "domain", "(at position 4)"),
        ];
        for (domain, selector, field, message) in cases {
            let b = DkimBuilder {
                domain: domain.into(),
                selector: selector.into(),
                ..DkimBuilder::default()
            };
            let errors = b.check().expect_err(domain);
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].field, field);
            assert!(errors[0].message.ends_with(message), "{errors:?}");
        }
    }

    #[test]
    fn key_material_apart_from_its_record_as_the_page_makes_it() {
        // The page's worker makes the key alone; the page writes the record: the same key as
        // `generate` with the same random numbers.
        for (k, bits) in [(KeyType::Ed25519, 0), (KeyType::Rsa, 1024)] {
            let b = DkimBuilder {
                bits,
                strict: true,
                ..builder(k)
            };
            let material = key_material(k, bits, &mut TestRng(3)).unwrap();
            assert!(!format!("{material:?}").contains("PRIVATE"));
            let apart = b.assemble(material).unwrap();
            assert_eq!(apart, b.generate(&mut TestRng(3)).unwrap());
        }
        // A size the generator does not offer is refused before any work.
        assert_eq!(
            key_material(KeyType::Rsa, 1000, &mut Broken),
            Err(KeygenError::Key(
                "1000 bits: an RSA key here is 1024, 2048, 3072 or 4096 bits".into()
            ))
        );
        // The record's choices are checked again where it is written.
        let material = key_material(KeyType::Ed25519, 0, &mut TestRng(4)).unwrap();
        let b = DkimBuilder {
            domain: "nodot".into(),
            ..builder(KeyType::Ed25519)
        };
        assert!(matches!(b.assemble(material), Err(KeygenError::Input(_))));
    }

    #[test]
    fn params_round_trip() {
        let b = DkimBuilder {
            domain: "example.com".into(),
            selector: "s1".into(),
            key_type: KeyType::Rsa,
            bits: 4096,
            testing: true,
            strict: true,
            provider: Some("google".into()),
        };
        assert_eq!(DkimBuilder::from_query(&b.to_query()), b);
        assert_eq!(DkimBuilder::from_query(""), DkimBuilder::default());
        let ed = DkimBuilder {
            key_type: KeyType::Ed25519,
            ..DkimBuilder::default()
        };
        assert_eq!(ed.to_query(), "k=ed25519");
        assert_eq!(
            DkimBuilder::from_query("k=ed25519&bits=4096").bits,
            DEFAULT_BITS
        );
        assert_eq!(
            DkimBuilder::default().record_name(),
            "<selector>._domainkey.<domain>"
        );
    }

    #[test]
    fn managed_providers_and_rotation() {
        for m in MANAGED {
            assert!(discover::PROVIDERS.iter().any(|p| p.id == m.id), "{}", m.id);
            assert!(crate::spf::build::sender(m.id).is_some(), "{}", m.id);
        }
        let r = managed_records(
            "microsoft365",
            "Contoso.com",
            Some("contoso.onmicrosoft.com"),
        );
        assert_eq!(r[0].name, "selector1._domainkey.contoso.com");
        assert_eq!(
            r[0].value,
            "selector1-contoso-com._domainkey.contoso.onmicrosoft.com"
        );
        assert_eq!(r[1].rtype, "CNAME");
        assert!(managed_records("microsoft365", "contoso.com", None)[1]
            .value
            .ends_with("<tenant>.onmicrosoft.com"));
        assert_eq!(
            managed_records("google", "example.com", None)[0].name,
            "google._domainkey.example.com"
        );
        let found = managed_for(&["contoso-com.mail.protection.outlook.com".into()], &[]);
        assert_eq!(
            found.iter().map(|m| m.id).collect::<Vec<_>>(),
            ["microsoft365"]
        );
        assert_eq!(dated_selector(2026, 6), "s202606");
        assert!(selector_problem(&dated_selector(2026, 13)).is_none());
        assert!(ROTATION.len() >= 5);
    }

    #[test]
    fn compare_warns_when_a_selector_changes_key() {
        let new = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
        let c = compare(
            new,
            Some("v=DKIM1; k=ed25519; p=AAAAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="),
        );
        assert!(!c.same && !c.notes.is_empty());
        assert!(compare(new, Some(new)).same);
        assert!(compare(new, None).published.is_none());
    }
}
