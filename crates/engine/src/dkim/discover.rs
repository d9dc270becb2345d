//! Finding a domain's DKIM keys: the user's selectors, those its providers use, common names.
//!
//! A key lives at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1), and DNS offers no way to
//! list the selectors of a domain: they can only be guessed. So the guesses are ordered by how
//! much they are worth:
//!
//! 1. the selectors the user gave (the `selector=` URL parameter and the field), always shown;
//! 2. the selectors of the providers that the domain's MX hosts and SPF includes point to, from
//!    the data table [`PROVIDERS`] ([`detect`]);
//! 3. a short list of [`COMMON`] names.
//!
//! [`candidates`] builds that list, [`discover`] asks for every name in one batch through the
//! evaluation's [`Memo`] and reads each answer with [`key::parse`], whose findings
//! (`dkim-key-too-short`, `dkim-key-weak`, `dkim-key-revoked`, `dkim-testing-mode`,
//! `dkim-key-syntax`) are reused as they are.
//!
//! The provider table holds only selector names that the providers document or that their setup
//! pages publish; where a provider's names are generated per customer (Amazon SES tokens,
//! Postmark's dated names) the note says so instead of guessing. Yahoo and AOL are not listed:
//! they sign their own domains, and no custom-domain selector of theirs could be confirmed.

use serde::Serialize;

use crate::diag::Finding;
use crate::dns::memo::Memo;
use crate::dns::{normalize_name, DnsError, Lookup, RData, RecordType, Resolver};

use super::codes::Code;
use super::key::{self, KeyRecord, KeyState};
use crate::tags;

/// A mail provider: how to recognise it and the selectors it signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Provider {
    /// Stable, kebab-case (`microsoft365`, `amazon-ses`).
    pub id: &'static str,
    pub name: &'static str,
    /// MX host names that mean this provider receives the domain's mail, matched as a suffix on a
    /// label boundary (`mail.protection.outlook.com` matches `contoso-com.mail.protection.outlook.com`).
    pub mx_suffixes: &'static [&'static str],
    /// SPF `include:` targets that mean this provider sends for the domain, matched the same way.
    pub spf_includes: &'static [&'static str],
    /// The selectors it uses, most likely first; empty when they are generated per customer.
    pub selectors: &'static [&'static str],
    /// What to know about its DKIM setup, for the page.
    pub note: &'static str,
}

/// The providers whose selectors are worth trying, as data.
pub static PROVIDERS: &[Provider] = &[
    Provider {
        id: "microsoft365",
        name: "Microsoft 365",
        mx_suffixes: &["mail.protection.outlook.com", "mx.microsoft"],
        spf_includes: &["spf.protection.outlook.com"],
        selectors: &["selector1", "selector2"],
        note: "Microsoft 365 signs with selector1 and selector2, published as CNAMEs to selector1-<domain with dots as dashes>._domainkey.<tenant>.onmicrosoft.com (newer setups point to names under dkim.mail.microsoft). The keys behind them exist only once DKIM signing is enabled for the domain in Microsoft Defender, and selector2 is often published before its key is activated, so one dangling selector is common; two mean signing is off or the tenant changed.",
    },
    Provider {
        id: "google",
        name: "Google Workspace",
        // Covers aspmx.l.google.com, alt1-4.aspmx.l.google.com and smtp.google.com.
        mx_suffixes: &["google.com", "googlemail.com"],
        spf_includes: &["_spf.google.com"],
        selectors: &["google"],
        note: "Google Workspace signs with the selector google unless the admin chose another prefix when generating the key (Admin console, Apps, Google Workspace, Gmail, Authenticate email). Until that key is published and signing is started, Gmail signs with d=<domain>.gappssmtp.com, which does not align with your domain for DMARC.",
    },
    Provider {
        id: "amazon-ses",
        name: "Amazon SES",
        mx_suffixes: &["amazonses.com"],
        spf_includes: &["amazonses.com"],
        selectors: &[],
        note: "Amazon SES Easy DKIM publishes three CNAMEs <token>._domainkey.<domain> to <token>.dkim.amazonses.com, where each token is a random 32-character string shown in the SES console: they cannot be guessed, so enter them as selectors (or the selector you chose with BYODKIM).",
    },
    Provider {
        id: "sendgrid",
        name: "SendGrid",
        mx_suffixes: &[],
        spf_includes: &["sendgrid.net"],
        selectors: &["s1", "s2"],
        note: "SendGrid domain authentication publishes s1 and s2 as CNAMEs to s1.domainkey.u<account>.wl<id>.sendgrid.net and s2.…; a custom selector may have been chosen instead when the domain was authenticated.",
    },
    Provider {
        id: "mailchimp",
        name: "Mailchimp / Mandrill",
        mx_suffixes: &[],
        spf_includes: &["servers.mcsv.net", "spf.mandrillapp.com"],
        selectors: &["k1", "k2", "k3", "mte1", "mte2", "mandrill"],
        note: "Mailchimp's domain authentication uses k2 and k3 (CNAMEs to dkim2.mcsv.net and dkim3.mcsv.net), older setups k1. Mandrill (Mailchimp Transactional) uses mte1 and mte2 (CNAMEs to dkim1.mandrillapp.com and dkim2.mandrillapp.com), older setups a TXT key at mandrill.",
    },
    Provider {
        id: "mailgun",
        name: "Mailgun",
        mx_suffixes: &["mailgun.org"],
        spf_includes: &["mailgun.org"],
        selectors: &["k1", "mx", "smtp", "pic", "mailo"],
        note: "Mailgun gives each sending domain its selector (shown in the domain's DNS records page); k1, mx, smtp, pic and mailo are the ones in use. A sending subdomain (mg.<domain>) has its own selector under that subdomain.",
    },
    Provider {
        id: "postmark",
        name: "Postmark",
        mx_suffixes: &[],
        spf_includes: &["spf.mtasv.net"],
        selectors: &["pm"],
        note: "Postmark names each domain's selector after the time it was created, followed by pm (like 20230601123456pm): that name cannot be guessed, so enter it as shown in Postmark's Sender Signatures page. Only the older plain pm is tried.",
    },
    Provider {
        id: "zoho",
        name: "Zoho Mail",
        mx_suffixes: &["zoho.com", "zoho.eu", "zoho.in", "zoho.com.au"],
        spf_includes: &["zoho.com", "zohomail.com", "zoho.eu", "zohomail.eu"],
        selectors: &["zoho", "zmail"],
        note: "The Zoho Mail admin names the selector when adding the DKIM key in the admin console; zoho and zmail are the usual names.",
    },
    Provider {
        id: "brevo",
        name: "Brevo (Sendinblue)",
        mx_suffixes: &[],
        spf_includes: &["spf.sendinblue.com", "spf.brevo.com"],
        selectors: &["brevo1", "brevo2", "mail"],
        note: "Brevo's current domain authentication publishes brevo1 and brevo2 as CNAMEs to names under dkim.brevo.com; domains set up under Sendinblue have a TXT key at mail.",
    },
    Provider {
        id: "hubspot",
        name: "HubSpot",
        mx_suffixes: &[],
        spf_includes: &["hubspotemail.net"],
        selectors: &["hs1", "hs2"],
        note: "HubSpot publishes two CNAMEs to names under hubspotemail.net; newer setups add the account (Hub) ID to the selectors (hs1-<id> and hs2-<id>), which must be entered. Only the older hs1 and hs2 are tried.",
    },
    Provider {
        id: "salesforce",
        name: "Salesforce",
        mx_suffixes: &[],
        spf_includes: &["_spf.salesforce.com"],
        selectors: &["sf1", "sf2"],
        note: "Salesforce DKIM keys (Setup, DKIM Keys) have a selector and an alternate selector that the admin names, published as CNAMEs to names under custdkim.salesforce.com; sf1 and sf2 are the usual names.",
    },
    Provider {
        id: "zendesk",
        name: "Zendesk",
        mx_suffixes: &[],
        spf_includes: &["mail.zendesk.com"],
        selectors: &["zendesk1", "zendesk2"],
        note: "Zendesk uses zendesk1 and zendesk2, CNAMEs to zendesk1._domainkey.zendesk.com and zendesk2._domainkey.zendesk.com.",
    },
    Provider {
        id: "fastmail",
        name: "Fastmail",
        mx_suffixes: &["messagingengine.com"],
        spf_includes: &["spf.messagingengine.com"],
        selectors: &["fm1", "fm2", "fm3"],
        note: "Fastmail uses fm1, fm2 and fm3, CNAMEs to fm1.<domain>.dkim.fmhosted.com and so on.",
    },
    Provider {
        id: "proton",
        name: "Proton Mail",
        mx_suffixes: &["protonmail.ch"],
        spf_includes: &["_spf.protonmail.ch"],
        selectors: &["protonmail", "protonmail2", "protonmail3"],
        note: "Proton uses protonmail, protonmail2 and protonmail3, CNAMEs to names under domains.proton.ch; Proton rotates the keys between them, so all three must be published.",
    },
    Provider {
        id: "mailjet",
        name: "Mailjet",
        mx_suffixes: &[],
        spf_includes: &["spf.mailjet.com"],
        selectors: &["mailjet"],
        note: "Mailjet publishes its key as a TXT record at mailjet._domainkey.",
    },
    Provider {
        id: "icloud",
        name: "iCloud+ Custom Email Domain",
        mx_suffixes: &["mail.icloud.com"],
        spf_includes: &["icloud.com"],
        selectors: &["sig1"],
        note: "iCloud+ uses sig1, a CNAME to sig1.dkim.<domain>.at.icloudmailadmin.com.",
    },
    Provider {
        id: "mimecast",
        name: "Mimecast",
        mx_suffixes: &["mimecast.com", "mimecast.co.za", "mimecast-offshore.com"],
        spf_includes: &["_netblocks.mimecast.com"],
        selectors: &[],
        note: "Mimecast is a filtering gateway. When it signs outbound mail, the selector is the one the admin named in the Mimecast console, which cannot be guessed; the keys of the mailbox provider behind it are looked for separately.",
    },
    Provider {
        id: "proofpoint",
        name: "Proofpoint",
        mx_suffixes: &["pphosted.com", "ppe-hosted.com"],
        spf_includes: &["pphosted.com", "ppe-hosted.com"],
        selectors: &[],
        note: "Proofpoint is a filtering gateway. When it signs outbound mail, the selector is the one the admin named, which cannot be guessed; the keys of the mailbox provider behind it are looked for separately.",
    },
];

/// Names tried for every domain, after the user's and the providers' (hosting panels, MTAs'
/// defaults, the names of the largest providers).
pub const COMMON: &[&str] = &[
    "default",
    "dkim",
    "mail",
    "selector1",
    "selector2",
    "google",
    "k1",
    "k2",
    "s1",
    "s2",
    "smtp",
    "key1",
    "key2",
    "email",
    "dk",
];

/// Whether `host` is `suffix` or ends with `.suffix` (case and trailing dot ignored).
fn host_matches(host: &str, suffix: &str) -> bool {
    let h = normalize_name(host);
    let s = normalize_name(suffix);
    h == s || (h.len() > s.len() && h.ends_with(&s) && h.as_bytes()[h.len() - s.len() - 1] == b'.')
}

/// The providers that the domain's MX hosts and SPF `include:` targets point to: each once, in
/// the order of the MX hosts given (preference order), then of the includes.
pub fn detect(mx_hosts: &[String], spf_includes: &[String]) -> Vec<&'static Provider> {
    let mut out: Vec<&'static Provider> = Vec::new();
    let hits = mx_hosts
        .iter()
        .flat_map(|h| {
            PROVIDERS
                .iter()
                .filter(move |p| p.mx_suffixes.iter().any(|s| host_matches(h, s)))
        })
        .chain(spf_includes.iter().flat_map(|i| {
            PROVIDERS
                .iter()
                .filter(move |p| p.spf_includes.iter().any(|s| host_matches(i, s)))
        }));
    for p in hits {
        if !out.iter().any(|o| o.id == p.id) {
            out.push(p);
        }
    }
    out
}

/// Why a candidate was tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// Given by the user (the field or the `selector=` URL parameter).
    User,
    /// A selector of a provider found in the MX or SPF records.
    Provider {
        id: &'static str,
        name: &'static str,
    },
    /// One of [`COMMON`].
    Common,
}

/// A selector to try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub selector: String,
    pub source: Source,
}

/// What a user typed, made into a selector: trimmed, lower case (DNS names compare without case),
/// and a whole key name (`selector1._domainkey.example.com`) cut to its selector. Invalid text
/// is kept as it is, for [`discover`] to report.
fn user_selector(input: &str) -> String {
    let s = input.trim().trim_end_matches('.').to_ascii_lowercase();
    match s.find("._domainkey") {
        Some(i) if i > 0 => s[..i].to_string(),
        _ => s,
    }
}

/// Why `selector` cannot be looked up, if it cannot. RFC 6376 §3.1 makes a selector one or more
/// labels separated by dots; labels are letters, digits, hyphens (and the underscores DNS also
/// carries), 1 to 63 of them (RFC 1035 §2.3.4).
pub fn selector_problem(selector: &str) -> Option<String> {
    if selector.is_empty() {
        return Some("it is empty".into());
    }
    for label in selector.split('.') {
        if label.is_empty() {
            return Some("it has an empty label (two dots in a row, or a dot at an end)".into());
        }
        if label.len() > 63 {
            return Some(format!(
                "the label {label:?} has {} characters; a DNS label has at most 63",
                label.len()
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Some(format!(
                "{c:?} cannot appear in a selector (letters, digits and hyphens)"
            ));
        }
    }
    None
}

/// The selectors to try, in order and each once: the user's (split at commas and spaces), then
/// each provider's, then [`COMMON`]. An invalid user selector is kept; [`discover`] gives it
/// the finding `dkim-selector-invalid` instead of a lookup.
pub fn candidates(user: &[String], providers: &[&Provider]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |selector: String, source: Source| {
        if !out
            .iter()
            .any(|c| c.selector.eq_ignore_ascii_case(&selector))
        {
            out.push(Candidate { selector, source });
        }
    };
    for entry in user {
        for piece in entry.split([',', ';', ' ', '\t', '\r', '\n']) {
            let s = user_selector(piece);
            if !s.is_empty() {
                push(s, Source::User);
            }
        }
    }
    for p in providers {
        for s in p.selectors {
            push(
                s.to_string(),
                Source::Provider {
                    id: p.id,
                    name: p.name,
                },
            );
        }
    }
    for s in COMMON {
        push(s.to_string(), Source::Common);
    }
    out
}

/// What a selector's lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeStatus {
    /// A DKIM key record (possibly revoked or broken: see the findings).
    Found,
    /// NXDOMAIN or no TXT record at the name itself.
    NotFound,
    /// The name is a CNAME whose chain ends in NXDOMAIN or in a name without TXT.
    Dangling,
    /// A TXT record that is not a DKIM key record (often a wildcard).
    NotAKey,
    /// The selector cannot be a DNS name; it was not looked up.
    Invalid,
    /// The lookup failed (temporary failure or unusable answer).
    Error,
}

impl ProbeStatus {
    /// The stable word, also the CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeStatus::Found => "found",
            ProbeStatus::NotFound => "not_found",
            ProbeStatus::Dangling => "dangling",
            ProbeStatus::NotAKey => "not_a_key",
            ProbeStatus::Invalid => "invalid",
            ProbeStatus::Error => "error",
        }
    }
}

/// The key record in a few words, as written (RFC 6376 §3.6.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeySummary {
    /// `k=`: `rsa` (also when absent) or `ed25519`; another value is kept as written and has a
    /// `dkim-key-syntax` finding.
    pub key_type: String,
    /// The key size: the RSA modulus in bits, 256 for Ed25519; `None` when revoked or unreadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<usize>,
    /// `t=y`.
    pub testing: bool,
    /// `p=` empty.
    pub revoked: bool,
    /// `h=` as written; `None` allows every hash algorithm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash_algorithms: Option<Vec<String>>,
    /// `s=` as written; `None` means `*`, every service type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
    /// `n=`: notes for humans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl SelectorProbe {
    /// The key in a few words (`RSA 2048 bits`, `RSA, revoked (empty p=)`), when a key record
    /// was found.
    pub fn key_text(&self) -> Option<String> {
        self.key.as_ref().map(|k| {
            key::describe(
                &k.key_type,
                k.bits.and_then(|b| u32::try_from(b).ok()),
                self.state,
            )
        })
    }
}

impl KeySummary {
    fn of(k: &KeyRecord) -> KeySummary {
        let tag = |n: &str| k.tags.iter().find(|t| t.name == n);
        KeySummary {
            key_type: k.key_type.clone(),
            bits: k.bits.map(|b| b as usize),
            testing: k.testing,
            revoked: k.revoked,
            hash_algorithms: k.hashes.clone(),
            services: tag("s").map(|t| {
                t.value
                    .split(':')
                    .map(|s| s.trim().to_ascii_lowercase())
                    .collect()
            }),
            notes: tag("n").map(|t| t.value.clone()),
        }
    }

    /// A key that verifies signatures: read, not revoked.
    fn usable(&self) -> bool {
        !self.revoked && self.bits.is_some()
    }
}

/// One selector tried.
#[derive(Debug, Clone, Serialize)]
pub struct SelectorProbe {
    pub selector: String,
    pub source: Source,
    /// `<selector>._domainkey.<domain>`.
    pub name: String,
    /// What DNS answered.
    pub status: ProbeStatus,
    /// What that means for signatures with this selector, for every view: a key `found`,
    /// `testing`, `revoked`, `too-short` or `unreadable`; a provider's `standby` selector; a
    /// `dangling` CNAME; `not-found`, `not-a-key`, `invalid`, `error` ([`KeyState`]).
    pub state: KeyState,
    /// The CNAMEs followed from `name`, in order (Microsoft 365: `…onmicrosoft.com`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cname_chain: Vec<String>,
    /// The TXT record read, its strings joined with nothing between them (RFC 6376 §3.6.2.2).
    /// Finding spans point into this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The same record's character-strings as published, to show where it was split.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub record_strings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<KeySummary>,
    pub findings: Vec<Finding>,
    /// The DNSSEC AD bit of the answer.
    pub authenticated: bool,
    /// For [`ProbeStatus::Error`]: what went wrong, in a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What the search for a domain's keys found.
#[derive(Debug, Clone, Serialize)]
pub struct SelectorScan {
    pub domain: String,
    /// How many names were looked up (valid candidates, each once).
    pub tried: usize,
    /// Ids of the providers whose selectors were tried, in order. A detected provider without
    /// guessable selectors (Amazon SES, the gateways) is only in [`detect`]'s result.
    pub providers: Vec<&'static str>,
    /// The probes to show: every user selector, whatever its status; a provider's or common
    /// selector only when [`ProbeStatus::Found`] or [`ProbeStatus::Dangling`] (the many names
    /// that were guessed and are not there would only be noise).
    pub probes: Vec<SelectorProbe>,
    /// Findings about the domain as a whole (`dkim-no-key-found`, `dkim-dns-error`,
    /// `dkim-ed25519-only`); each probe carries its own.
    pub findings: Vec<Finding>,
}

impl SelectorScan {
    /// The probes' findings, then the domain's.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.probes
            .iter()
            .flat_map(|p| p.findings.iter())
            .chain(self.findings.iter())
    }
}

impl SelectorScan {
    /// The selectors whose keys verify signatures ([`KeyState::usable`]).
    pub fn usable(&self) -> Vec<&SelectorProbe> {
        self.probes.iter().filter(|p| p.state.usable()).collect()
    }

    /// The selectors with a key record that verifies nothing (revoked, too short, unreadable),
    /// each as `old (key revoked)`.
    fn unusable(&self) -> Vec<String> {
        self.probes
            .iter()
            .filter(|p| p.key.is_some() && !p.state.usable())
            .map(|p| format!("{} ({})", p.selector, p.state.label()))
            .collect()
    }

    /// The DKIM card's headline: how many usable keys, and the key records that verify nothing.
    pub fn headline(&self) -> String {
        let usable = self.usable().len();
        let unusable = self.unusable();
        match (usable, unusable.is_empty()) {
            (0, true) => format!("No key found under the {} selectors tried", self.tried),
            (0, false) => format!("No usable key: {}", unusable.join(", ")),
            (n, _) => {
                let mut h = format!(
                    "{n} key{} found ({} selectors tried)",
                    if n == 1 { "" } else { "s" },
                    self.tried
                );
                if !unusable.is_empty() {
                    h.push_str(&format!("; not usable: {}", unusable.join(", ")));
                }
                h
            }
        }
    }

    /// The DKIM line of the domain summary.
    pub fn summary_line(&self) -> crate::domain::Line {
        use crate::domain::{title, worst, Line};
        let findings: Vec<Finding> = self
            .findings
            .iter()
            .chain(self.probes.iter().flat_map(|p| &p.findings))
            .cloned()
            .collect();
        let status = crate::diag::badge(&findings);
        let usable = self.usable();
        let unusable = self.unusable();
        let code = worst(&findings).map(|f| f.code);
        if usable.is_empty() && unusable.is_empty() {
            return Line {
                protocol: "DKIM",
                status,
                verdict: format!(
                    "No key found under the {} selectors tried; give your selector if you know it",
                    self.tried
                ),
                code,
            };
        }
        let names: Vec<&str> = usable.iter().map(|p| p.selector.as_str()).collect();
        let ok = if usable.is_empty() {
            format!("No usable key: {}", unusable.join(", "))
        } else {
            format!("Keys found under {}", names.join(", "))
        };
        // The worst finding by its title and its selector: its message is in the card.
        let verdict = match worst(&findings) {
            Some(f) => {
                let at = self
                    .probes
                    .iter()
                    .find(|p| p.findings.contains(f))
                    .map_or(String::new(), |p| format!(" ({})", p.selector));
                let more = match findings.len() - 1 {
                    0 => String::new(),
                    1 => " (and 1 more finding)".into(),
                    n => format!(" (and {n} more findings)"),
                };
                format!("{ok}; {}{at}{more}", crate::text::lower_first(&title(f)))
            }
            None => ok,
        };
        Line {
            protocol: "DKIM",
            status,
            verdict,
            code,
        }
    }

    /// The DKIM step of the hardening journey: `done` with a usable key (not revoked, at least
    /// 1024 bits), `unknown` when no key record was found (selectors cannot be listed), else
    /// `todo`.
    pub fn signing_state(&self) -> &'static str {
        if !self.usable().is_empty() {
            "done"
        } else if self.probes.iter().all(|p| p.key.is_none()) {
            "unknown"
        } else {
            "todo"
        }
    }
}

/// Whether a TXT record is meant as a DKIM key record: `v=DKIM1`, or no version tag and a tag
/// list with `p=` or `k=` (`v=` is optional, RFC 6376 §3.6.1).
fn looks_like_key(text: &str) -> bool {
    match crate::domain::inspect::txt_kind(text) {
        Some(kind) => kind == "DKIM",
        None => tags::parse(text, 0)
            .0
            .iter()
            .any(|t| t.name == "p" || t.name == "k"),
    }
}

/// Whether a selector is Microsoft 365's: guessed as its provider's, or (given by the user) a
/// CNAME to a name under Microsoft's DKIM domains.
fn is_microsoft(source: &Source, chain: &[String]) -> bool {
    matches!(
        source,
        Source::Provider {
            id: "microsoft365",
            ..
        }
    ) || chain.iter().any(|n| {
        let n = normalize_name(n);
        n.ends_with(".onmicrosoft.com") || n.ends_with(".dkim.mail.microsoft")
    })
}

fn probe(c: &Candidate, name: String, answer: Result<Lookup, DnsError>) -> SelectorProbe {
    let mut p = SelectorProbe {
        selector: c.selector.clone(),
        source: c.source,
        name,
        status: ProbeStatus::NotFound,
        state: KeyState::NotFound,
        cname_chain: Vec::new(),
        record: None,
        record_strings: Vec::new(),
        key: None,
        findings: Vec::new(),
        authenticated: false,
        error: None,
    };
    let (chain, nothing) = match answer {
        Ok(l) => {
            p.cname_chain = l.cname_chain.clone();
            p.authenticated = l.authenticated;
            let txts: Vec<_> = l
                .records
                .iter()
                .filter_map(|r| match r {
                    RData::Txt(t) => Some(t),
                    _ => None,
                })
                .collect();
            if txts.is_empty() {
                (l.cname_chain, "has no TXT record")
            } else {
                let keys: Vec<_> = txts.iter().filter(|t| looks_like_key(&t.text())).collect();
                let shown = keys.first().copied().unwrap_or(&txts[0]);
                p.record = Some(shown.text());
                p.record_strings = shown
                    .strings()
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect();
                if keys.is_empty() {
                    p.status = ProbeStatus::NotAKey;
                    p.state = KeyState::NotAKey;
                    p.findings.push(Code::NotAKey.finding(format!(
                        "{} has a TXT record that is not a DKIM key record: {:?}",
                        p.name,
                        truncate(&shown.text(), 80)
                    )));
                } else {
                    p.status = ProbeStatus::Found;
                    let record = key::parse(&shown.text());
                    p.state = record.state;
                    p.key = Some(KeySummary::of(&record));
                    p.findings.extend(record.findings);
                    if keys.len() > 1 {
                        p.findings.push(Code::MultipleRecords.finding(format!(
                            "{} has {} DKIM key records: verifiers pick one or fail, so signatures verify only sometimes; the first is shown",
                            p.name,
                            keys.len()
                        )));
                    }
                }
                return p;
            }
        }
        Err(e) if e.is_void() => {
            p.authenticated = match &e {
                DnsError::NxDomain { authenticated, .. }
                | DnsError::NoData { authenticated, .. } => *authenticated,
                _ => false,
            };
            let why = if e.kind() == "nxdomain" {
                "does not exist (NXDOMAIN)"
            } else {
                "has no TXT record"
            };
            (e.cname_chain().to_vec(), why)
        }
        Err(e) => {
            p.status = ProbeStatus::Error;
            p.state = KeyState::Error;
            p.error = Some(crate::domain::inspect::describe(&e));
            return p;
        }
    };
    if let Some(last) = chain.last() {
        p.status = ProbeStatus::Dangling;
        p.state = KeyState::Dangling;
        let mut msg = if chain.len() == 1 {
            format!("{} is a CNAME to {last}, which {nothing}", p.name)
        } else {
            format!(
                "{} is a CNAME chain ({} → {}), and {last} {nothing}",
                p.name,
                p.name,
                chain.join(" → ")
            )
        };
        msg.push_str(&format!(
            ": signatures with the selector {} fail",
            p.selector
        ));
        if is_microsoft(&c.source, &chain) {
            // Said only when no other Microsoft 365 selector has a key (else `discover` makes
            // this the standby selector): signing is off, or the CNAMEs name an old tenant.
            msg.push_str(&format!("; {M365_NOT_SIGNING}"));
        }
        p.findings.push(Code::CnameDangling.finding(msg));
        p.cname_chain = chain;
    }
    p
}

/// What to do when no Microsoft 365 selector has a key: enable signing where Microsoft says,
/// keep the CNAMEs (Microsoft publishes their targets).
const M365_NOT_SIGNING: &str = "with Microsoft 365 the keys behind the CNAMEs exist only once DKIM signing is enabled for the domain: in the Microsoft Defender portal, Email authentication settings, DKIM, select the domain and enable signing, and compare the CNAME targets it shows with these (a different tenant name means they point to an old tenant); keep both CNAMEs";

/// The selectors Microsoft 365 rotates between.
const M365_SELECTORS: [&str; 2] = ["selector1", "selector2"];

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The selector's query name, or why it cannot be asked.
fn query_name(domain: &str, c: &Candidate) -> Result<String, String> {
    let name = format!("{}._domainkey.{domain}", c.selector);
    if let Some(why) = selector_problem(&c.selector) {
        return Err(why);
    }
    if name.len() > 253 {
        return Err(format!(
            "{name} would have {} characters; a name has at most 253",
            name.len()
        ));
    }
    Ok(name)
}

/// The TXT queries [`discover`] sends for these candidates (each valid selector once). A caller
/// may send some of them early through the same memo; `discover` then reads those answers.
pub fn queries(domain: &str, candidates: &[Candidate]) -> Vec<(String, RecordType)> {
    let domain = normalize_name(domain);
    let mut out: Vec<(String, RecordType)> = Vec::new();
    for c in candidates {
        if let Ok(name) = query_name(&domain, c) {
            if !out.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                out.push((name, RecordType::Txt));
            }
        }
    }
    out
}

/// Looks up `<selector>._domainkey.<domain>` TXT for every candidate, in one batch (each name
/// once, whatever the memo already holds), and reads what it finds.
pub async fn discover<R: Resolver>(
    memo: &Memo<'_, R>,
    domain: &str,
    candidates: &[Candidate],
) -> SelectorScan {
    let domain = normalize_name(domain);
    let mut unique: Vec<&Candidate> = Vec::new();
    for c in candidates {
        if !unique
            .iter()
            .any(|u| u.selector.eq_ignore_ascii_case(&c.selector))
        {
            unique.push(c);
        }
    }
    let name_of = |c: &Candidate| format!("{}._domainkey.{domain}", c.selector);
    let problem = |c: &Candidate| query_name(&domain, c).err();
    let wanted = queries(&domain, candidates);
    let tried = wanted.len();
    memo.query_many(wanted).await;

    let mut all: Vec<SelectorProbe> = Vec::new();
    for c in &unique {
        let name = name_of(c);
        if let Some(why) = problem(c) {
            all.push(SelectorProbe {
                selector: c.selector.clone(),
                source: c.source,
                name,
                status: ProbeStatus::Invalid,
                state: KeyState::Invalid,
                cname_chain: Vec::new(),
                record: None,
                record_strings: Vec::new(),
                key: None,
                findings: vec![Code::SelectorInvalid
                    .finding(format!("{:?} is not a selector: {why}", c.selector))],
                authenticated: false,
                error: None,
            });
            continue;
        }
        // Answered from the memo: the batch above asked every name.
        let answer = memo.query(&name, RecordType::Txt).await;
        all.push(probe(c, name, answer));
    }

    // Microsoft 365 rotates between selector1 and selector2: while one signs, the other's CNAME
    // target is published only when Microsoft rotates to it. That is the design, not a fault,
    // when the other one has a key — whether the selectors were guessed or given.
    let m365_signing: Vec<String> = all
        .iter()
        .filter(|p| p.state.usable() && is_microsoft(&p.source, &p.cname_chain))
        .map(|p| p.selector.clone())
        .collect();
    for p in all.iter_mut().filter(|p| {
        p.status == ProbeStatus::Dangling
            && is_microsoft(&p.source, &p.cname_chain)
            && M365_SELECTORS.contains(&p.selector.as_str())
    }) {
        let Some(other) = m365_signing.iter().find(|s| **s != p.selector) else {
            continue;
        };
        p.state = KeyState::Standby;
        p.findings
            .retain(|f| f.code != Code::CnameDangling.as_str());
        p.findings.push(Code::StandbySelector.finding(format!(
            "{} is Microsoft 365's standby selector: its CNAME target {} is published only when Microsoft rotates the key to it, and {other} has a key, so nothing needs doing; keep both CNAMEs (to rotate: Microsoft Defender portal, Email authentication settings, DKIM, the domain, Rotate DKIM keys)",
            p.name,
            p.cname_chain.last().map_or("", String::as_str),
        )));
    }

    let mut providers: Vec<&'static str> = Vec::new();
    for c in &unique {
        if let Source::Provider { id, .. } = c.source {
            if !providers.contains(&id) {
                providers.push(id);
            }
        }
    }

    let mut findings = Vec::new();
    let failed: Vec<&SelectorProbe> = all
        .iter()
        .filter(|p| p.status == ProbeStatus::Error)
        .collect();
    let found: Vec<&SelectorProbe> = all
        .iter()
        .filter(|p| p.status == ProbeStatus::Found)
        .collect();
    if found.is_empty() {
        let tried_list: Vec<&str> = all
            .iter()
            .filter(|p| p.status != ProbeStatus::Invalid)
            .map(|p| p.selector.as_str())
            .collect();
        let mut msg = if tried_list.is_empty() {
            "No selector could be looked up".to_string()
        } else {
            format!(
                "No DKIM key under any of the {} selectors tried ({})",
                tried_list.len(),
                tried_list.join(", ")
            )
        };
        msg.push_str(". DNS cannot list a domain's selectors: give yours (the s= of the DKIM-Signature in a message you sent)");
        let dangling = all
            .iter()
            .filter(|p| p.status == ProbeStatus::Dangling)
            .count();
        if dangling > 0 {
            msg.push_str(&format!(
                "; {dangling} selector(s) are CNAMEs that lead nowhere"
            ));
        }
        if !failed.is_empty() {
            msg.push_str(&format!(
                "; {} lookup(s) failed, so a key may be there",
                failed.len()
            ));
        }
        findings.push(Code::NoKeyFound.finding(msg));
    }
    if let Some(first) = failed.first() {
        let what = if failed.len() <= 3 {
            let names: Vec<&str> = failed.iter().map(|p| p.name.as_str()).collect();
            format!("the lookup of {}", names.join(", "))
        } else {
            let sels: Vec<&str> = failed.iter().map(|p| p.selector.as_str()).collect();
            format!(
                "the lookups of {} selectors under _domainkey.{domain} ({})",
                failed.len(),
                sels.join(", ")
            )
        };
        let why = first.error.as_deref().unwrap_or("no answer");
        findings.push(Code::DnsError.finding(format!(
            "{what} failed ({}): whether a key is published there is unknown",
            why.trim_end_matches('.')
        )));
    }
    let usable: Vec<&KeySummary> = found
        .iter()
        .filter_map(|p| p.key.as_ref())
        .filter(|k| k.usable())
        .collect();
    if !usable.is_empty() && usable.iter().all(|k| k.key_type == "ed25519") {
        let sels: Vec<&str> = found
            .iter()
            .filter(|p| p.key.as_ref().is_some_and(KeySummary::usable))
            .map(|p| p.selector.as_str())
            .collect();
        findings.push(Code::Ed25519Only.finding(format!(
            "every key found is Ed25519 ({}): the largest receivers do not verify Ed25519 signatures, so sign with an RSA key too",
            sels.join(", ")
        )));
    }

    let probes = all
        .into_iter()
        .filter(|p| {
            p.source == Source::User
                || matches!(p.status, ProbeStatus::Found | ProbeStatus::Dangling)
        })
        .collect();
    SelectorScan {
        domain,
        tried,
        providers,
        probes,
        findings,
    }
}

#[cfg(test)]
#[path = "discover_tests.rs"]
mod tests;
