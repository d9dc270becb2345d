//! The SPF builder (RFC 7208): pick the services that send for a domain from [`CATALOGUE`], add
//! the domain's own ranges and hosts, choose what happens to everything else ([`AllPolicy`]), and
//! get the TXT record, its name, and its 255-octet strings.
//!
//! The lookup meter needs DNS, which the builder does not do: the page (or the CLI) evaluates the
//! built record with `spf::tree::inspect_with(resolver, domain, Some(&record))` and hands the tree
//! to [`meter`], which counts per term, warns near the limits, and, once a limit is crossed, lists
//! the usual ways out as data ([`WayOut`]): drop a sender that is not needed here, move a sender
//! to a subdomain with a record of its own, or replace an include with its ranges ([`flatten`]),
//! which go stale.
//!
//! The catalogue holds only includes that the providers document; where a provider's record is
//! generated per account, or its include could not be confirmed, the entry is left out or says so.
//! Which domain a provider puts in MAIL FROM decides whether its include here matters at all
//! ([`Envelope`]): SPF checks the MAIL FROM domain, not the From address readers see (RFC 7208
//! §2.4), and many bulk senders use their own.

use std::net::IpAddr;

use serde::Serialize;

use crate::diag::{Finding, Severity};
use crate::name::parse_domain;
use crate::spf::parse::parse;
use crate::spf::record::{Mechanism, Modifier, Qualifier, Record, TermKind};
use crate::spf::tree::{self, Node, NodeStatus, Tree};
use crate::spf::Code as SpfCode;

use super::{join, list, Change, Code, Comparison, InputError, TxtOutput};

// ---------------------------------------------------------------------------------------------
// The catalogue

/// What a sending service is, for grouping in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Mailboxes: the people of the domain send through it.
    Mailbox,
    /// Newsletters and campaigns.
    Marketing,
    /// Mail sent by applications: receipts, password resets.
    Transactional,
    Crm,
    Helpdesk,
    Commerce,
}

/// Which domain the provider puts in MAIL FROM (the Return-Path) by default. SPF is checked for
/// that domain, so an include in this domain's record matters only when it is this domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Envelope {
    /// Your domain (or a domain of yours you register with the provider): the include belongs in
    /// that domain's record, as the provider documents.
    Yours,
    /// The provider's own domain, or a return-path subdomain of yours that the provider manages
    /// through a CNAME: receivers check the provider's record, and the include in yours only costs
    /// lookups.
    Provider,
}

/// One sending service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sender {
    /// Stable, kebab-case; the same id as in `dkim::discover::PROVIDERS` where both exist.
    pub id: &'static str,
    pub name: &'static str,
    pub kind: Kind,
    /// The `include:` targets the provider documents (empty when nothing belongs in your record).
    pub includes: &'static [&'static str],
    /// Ranges the provider documents instead of an include.
    pub ip4: &'static [&'static str],
    pub ip6: &'static [&'static str],
    pub envelope: Envelope,
    /// The subdomain the provider suggests for sending (`mg` for Mailgun), for the "move to a
    /// subdomain" way out.
    pub subdomain: Option<&'static str>,
    /// The id of its entry in `dkim::discover::PROVIDERS`.
    pub dkim_provider: Option<&'static str>,
    /// Where the include is documented.
    pub source: &'static str,
    /// What to know, in plain words.
    pub note: &'static str,
}

/// The sending services the builder offers, as data.
pub static CATALOGUE: &[Sender] = &[
    Sender {
        id: "microsoft365",
        name: "Microsoft 365",
        kind: Kind::Mailbox,
        includes: &["spf.protection.outlook.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: Some("microsoft365"),
        source: "Microsoft Learn, \"Set up SPF to identify valid email sources for your Microsoft 365 domain\"",
        note: "Exchange Online sends with your domain in MAIL FROM. One lookup: Microsoft's record lists ranges only. Tenants in Microsoft's government and China clouds use another include, shown in their admin center.",
    },
    Sender {
        id: "google",
        name: "Google Workspace",
        kind: Kind::Mailbox,
        includes: &["_spf.google.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: Some("google"),
        source: "Google Workspace Admin Help, \"Set up SPF\" (support.google.com/a/answer/10685031)",
        note: "Four lookups: _spf.google.com includes three netblock records. Gmail sends with your domain in MAIL FROM.",
    },
    Sender {
        id: "amazon-ses",
        name: "Amazon SES",
        kind: Kind::Transactional,
        includes: &["amazonses.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: None,
        dkim_provider: Some("amazon-ses"),
        source: "Amazon SES Developer Guide, \"Authenticating email with SPF in Amazon SES\"",
        note: "By default SES sends with a MAIL FROM under amazonses.com, whose record Amazon keeps. With a custom MAIL FROM domain (a subdomain of yours, with an MX to SES), put v=spf1 include:amazonses.com ~all in that subdomain's record, not in this one.",
    },
    Sender {
        id: "sendgrid",
        name: "SendGrid (Twilio)",
        kind: Kind::Transactional,
        includes: &["sendgrid.net"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: None,
        dkim_provider: Some("sendgrid"),
        source: "Twilio SendGrid docs, \"SPF Records Explained\" and \"How to set up domain authentication\"",
        note: "Domain authentication with automated security (the default) makes a CNAME em<number>.<domain> to SendGrid, which carries the SPF record, and SendGrid uses it as the Return-Path: nothing to add here. Only a manual setup publishes include:sendgrid.net, on that return-path subdomain.",
    },
    Sender {
        id: "mailchimp",
        name: "Mailchimp",
        kind: Kind::Marketing,
        includes: &["servers.mcsv.net"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: None,
        dkim_provider: Some("mailchimp"),
        source: "Mailchimp Help, \"Set up email domain authentication\"",
        note: "Mailchimp sends with its own Return-Path domain (mcsv.net), so receivers check Mailchimp's record, not yours; its domain authentication is DKIM (CNAMEs k2 and k3 to Mailchimp). The include is kept here for records that list it.",
    },
    Sender {
        id: "mandrill",
        name: "Mailchimp Transactional (Mandrill)",
        kind: Kind::Transactional,
        includes: &["spf.mandrillapp.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: None,
        dkim_provider: Some("mailchimp"),
        source: "Mailchimp Transactional developer docs, \"Authentication and Delivery\"",
        note: "Mandrill's default Return-Path is in mandrillapp.com; a custom return-path domain is a CNAME of yours to Mandrill, which then answers for SPF. Either way the include in this record is not what receivers check.",
    },
    Sender {
        id: "salesforce",
        name: "Salesforce",
        kind: Kind::Crm,
        includes: &["_spf.salesforce.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: Some("salesforce"),
        source: "Salesforce Help, \"Sender Policy Framework (SPF)\" (email security compliance)",
        note: "Mail sent by the Salesforce platform (Sales and Service Cloud). Marketing Cloud and Account Engagement (Pardot) are set up separately. Two lookups: its record is an exists: with a macro, so it cannot be replaced by ranges.",
    },
    Sender {
        id: "zendesk",
        name: "Zendesk",
        kind: Kind::Helpdesk,
        includes: &["mail.zendesk.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: Some("zendesk"),
        source: "Zendesk help, \"Allowing Zendesk to send email on behalf of your email domain\"",
        note: "Needed when Zendesk sends support mail from an address in your domain.",
    },
    Sender {
        id: "hubspot",
        name: "HubSpot",
        kind: Kind::Marketing,
        includes: &[],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: None,
        dkim_provider: Some("hubspot"),
        source: "HubSpot Knowledge Base, \"Manage your email authentication in HubSpot\"",
        note: "On HubSpot's shared IPs the MAIL FROM is a HubSpot domain (under hubspotemail.net), so nothing belongs in your record: connect the domain for DKIM (two CNAMEs) instead. With a dedicated IP, HubSpot sets up a return-path subdomain of yours and gives an SPF record specific to your account for it; copy that one as it is.",
    },
    Sender {
        id: "postmark",
        name: "Postmark",
        kind: Kind::Transactional,
        includes: &["spf.mtasv.net"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: Some("pm-bounces"),
        dkim_provider: Some("postmark"),
        source: "Postmark support, \"How do I set up SPF for Postmark?\" and \"Custom Return-Path\"",
        note: "Postmark's Return-Path is pm.mtasv.net, or a custom one (pm-bounces.<domain>, a CNAME to pm.mtasv.net), so SPF passes and aligns without this include; Postmark no longer asks for it.",
    },
    Sender {
        id: "mailgun",
        name: "Mailgun",
        kind: Kind::Transactional,
        includes: &["mailgun.org"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: Some("mg"),
        dkim_provider: Some("mailgun"),
        source: "Mailgun documentation, \"Verifying your domain\"",
        note: "The include goes in the record of the domain registered in Mailgun, which is its MAIL FROM domain; Mailgun recommends a subdomain such as mg.<domain>. Two or three lookups (mailgun.org includes its regional records).",
    },
    Sender {
        id: "brevo",
        name: "Brevo (Sendinblue)",
        kind: Kind::Marketing,
        includes: &["spf.brevo.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: None,
        dkim_provider: Some("brevo"),
        source: "Brevo Help Center, \"Authenticate your domain with Brevo\"",
        note: "On shared IPs Brevo sends with its own MAIL FROM domain, so DMARC passes through Brevo's DKIM. Accounts set up under Sendinblue were given include:spf.sendinblue.com.",
    },
    Sender {
        id: "zoho",
        name: "Zoho Mail",
        kind: Kind::Mailbox,
        includes: &["zoho.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: Some("zoho"),
        source: "Zoho Mail Help, \"SPF configuration\"",
        note: "zoho.com is the include for accounts in Zoho's US data centre. Accounts in its other regions (EU, India, Australia, Japan, ...) use the include shown in the Zoho Mail admin console under the domain's SPF settings; type it under other includes.",
    },
    Sender {
        id: "mailjet",
        name: "Mailjet",
        kind: Kind::Marketing,
        includes: &["spf.mailjet.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: None,
        dkim_provider: Some("mailjet"),
        source: "Mailjet documentation, \"SPF and DKIM authentication\"",
        note: "Mailjet's bounces go to its own domain, so receivers check Mailjet's record; Mailjet's domain setup still looks for this include before it shows SPF as authenticated.",
    },
    Sender {
        id: "fastmail",
        name: "Fastmail",
        kind: Kind::Mailbox,
        includes: &["spf.messagingengine.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: Some("fastmail"),
        source: "Fastmail help, \"Manual DNS configuration\"",
        note: "Mail sent from Fastmail mailboxes in your domain.",
    },
    Sender {
        id: "proton",
        name: "Proton Mail",
        kind: Kind::Mailbox,
        includes: &["_spf.protonmail.ch"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: Some("proton"),
        source: "Proton support, \"How to set up SPF\" (custom domains)",
        note: "Mail sent from Proton mailboxes in your domain.",
    },
    Sender {
        id: "icloud",
        name: "iCloud+ Custom Email Domain",
        kind: Kind::Mailbox,
        includes: &["icloud.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: Some("icloud"),
        source: "Apple Support, \"Use a custom email domain with iCloud Mail\" (DNS records)",
        note: "Mail sent from iCloud+ addresses in your domain.",
    },
    Sender {
        id: "sparkpost",
        name: "SparkPost",
        kind: Kind::Transactional,
        includes: &["_spf.sparkpostmail.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Provider,
        subdomain: None,
        dkim_provider: None,
        source: "SparkPost support, \"Sending domains: SPF\" and \"Bounce domains\"",
        note: "SparkPost's default bounce domain is its own; a custom bounce domain is a CNAME of yours to SparkPost, which answers for SPF there.",
    },
    Sender {
        id: "constant-contact",
        name: "Constant Contact",
        kind: Kind::Marketing,
        includes: &["spf.constantcontact.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: None,
        source: "Constant Contact Knowledge Base, \"SPF records\"",
        note: "The include Constant Contact's setup guide asks for.",
    },
    Sender {
        id: "campaign-monitor",
        name: "Campaign Monitor",
        kind: Kind::Marketing,
        includes: &["_spf.createsend.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: None,
        source: "Campaign Monitor help, \"Authenticate your sending domain\"",
        note: "The include Campaign Monitor's setup guide asks for.",
    },
    Sender {
        id: "freshdesk",
        name: "Freshdesk",
        kind: Kind::Helpdesk,
        includes: &["email.freshdesk.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: None,
        source: "Freshdesk support, \"Setting up SPF for your support email\"",
        note: "Needed when Freshdesk sends replies from your support address.",
    },
    Sender {
        id: "help-scout",
        name: "Help Scout",
        kind: Kind::Helpdesk,
        includes: &["helpscoutemail.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: None,
        source: "Help Scout docs, \"Authenticate with SPF, DKIM and DMARC\"",
        note: "Needed when Help Scout sends replies from your mailbox address.",
    },
    Sender {
        id: "smtp2go",
        name: "SMTP2GO",
        kind: Kind::Transactional,
        includes: &["spf.smtp2go.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: None,
        source: "SMTP2GO support, \"SPF\"",
        note: "The include SMTP2GO's setup guide asks for.",
    },
    Sender {
        id: "shopify",
        name: "Shopify",
        kind: Kind::Commerce,
        includes: &["shops.shopify.com"],
        ip4: &[],
        ip6: &[],
        envelope: Envelope::Yours,
        subdomain: None,
        dkim_provider: None,
        source: "Shopify Help Center, \"Sender email authentication\"",
        note: "Store notifications sent from your domain's address.",
    },
];

/// The catalogue entry with this id.
pub fn sender(id: &str) -> Option<&'static Sender> {
    CATALOGUE.iter().find(|s| s.id == id)
}

/// The catalogue entries a record already names: each entry with an include, all of whose
/// includes appear in the record (compared without case).
pub fn detect(record: &Record) -> Vec<&'static Sender> {
    let includes = record_includes(record);
    CATALOGUE
        .iter()
        .filter(|s| {
            !s.includes.is_empty()
                && s.includes
                    .iter()
                    .all(|i| includes.iter().any(|x| x.eq_ignore_ascii_case(i)))
        })
        .collect()
}

fn record_includes(record: &Record) -> Vec<String> {
    record
        .directives()
        .filter_map(|(_, _, m)| match m {
            Mechanism::Include { domain } if domain.is_literal() => {
                Some(domain.raw.trim_end_matches('.').to_ascii_lowercase())
            }
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The all qualifier

/// What the record says about every host it does not list (RFC 7208 §5.1, §8). `+all` is not
/// offered: it authorizes the whole internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AllPolicy {
    /// `-all`
    Fail,
    /// `~all`
    SoftFail,
    /// `?all`
    Neutral,
}

impl AllPolicy {
    pub const ALL: [AllPolicy; 3] = [AllPolicy::Fail, AllPolicy::SoftFail, AllPolicy::Neutral];

    /// The address value: `fail`, `softfail`, `neutral`.
    pub fn as_str(self) -> &'static str {
        match self {
            AllPolicy::Fail => "fail",
            AllPolicy::SoftFail => "softfail",
            AllPolicy::Neutral => "neutral",
        }
    }

    /// Reads `fail`, `softfail`, `neutral`, or the term itself (`-all`, `~all`, `?all`).
    pub fn parse(s: &str) -> Option<AllPolicy> {
        let s = s.trim().to_ascii_lowercase();
        AllPolicy::ALL
            .into_iter()
            .find(|a| a.as_str() == s || a.term() == s)
    }

    pub fn qualifier(self) -> Qualifier {
        match self {
            AllPolicy::Fail => Qualifier::Fail,
            AllPolicy::SoftFail => Qualifier::SoftFail,
            AllPolicy::Neutral => Qualifier::Neutral,
        }
    }

    pub fn term(self) -> &'static str {
        match self {
            AllPolicy::Fail => "-all",
            AllPolicy::SoftFail => "~all",
            AllPolicy::Neutral => "?all",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            AllPolicy::Fail => "Fail everything else (-all)",
            AllPolicy::SoftFail => "Soft-fail everything else (~all)",
            AllPolicy::Neutral => "Say nothing about everything else (?all)",
        }
    }

    /// What choosing it means, in plain words.
    pub fn consequence(self) -> &'static str {
        match self {
            AllPolicy::Fail => "Hosts not listed get fail. Some receivers reject such mail during the SMTP conversation, before DMARC looks at DKIM, so a message forwarded by a mailing list or an alias (which breaks SPF but keeps a valid DKIM signature) can be lost. Choose it once every sender is listed and DMARC is at quarantine or reject, or for a domain that sends no mail.",
            AllPolicy::SoftFail => "Hosts not listed get softfail: receivers accept the mail but treat it as suspect, and DMARC, which counts softfail as an SPF failure, decides what happens to it. The usual choice while senders are being found, and a safe one with DMARC at enforcement.",
            AllPolicy::Neutral => "Hosts not listed get neutral, as if the domain had no SPF record for them: it protects nothing against forgery, and SPF passes only for the hosts listed. Only for a short test.",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The builder

/// An include replaced by its ranges (see [`flatten`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flattened {
    /// The include target it replaces, e.g. `sendgrid.net`.
    pub include: String,
    /// The ranges copied from it (`192.0.2.0/24`, `2001:db8::/32`).
    pub ranges: Vec<String>,
}

/// The user's choices: the page's state and address, and the CLI's flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpfBuilder {
    /// The domain the record is for (the name of the TXT record); may be empty while typing.
    pub domain: String,
    /// Catalogue ids, in the order chosen.
    pub senders: Vec<String>,
    /// `a`: the domain's own A/AAAA addresses send mail (a web server that sends, say).
    pub a: bool,
    /// `mx`: the domain's MX hosts send mail.
    pub mx: bool,
    /// Own IPv4 and IPv6 addresses and ranges, as typed (`192.0.2.10`, `198.51.100.0/24`,
    /// `2001:db8::/32`; an `ip4:`/`ip6:` prefix is accepted).
    pub ranges: Vec<String>,
    /// Own hosts that send, by name (`a:relay.example.com`).
    pub hosts: Vec<String>,
    /// Other `include:` targets, as typed.
    pub includes: Vec<String>,
    /// Includes replaced by their ranges.
    pub flattened: Vec<Flattened>,
    /// What every other host gets, as chosen; `None` until chosen: then `-all` when the record
    /// lists no sender (a domain that sends no mail), else `~all` ([`SpfOutput::all`]).
    pub all: Option<AllPolicy>,
}

/// Where a term of the built record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Origin {
    /// The domain's own ranges, hosts, `a` or `mx`.
    Own,
    /// A catalogue entry.
    Sender {
        id: &'static str,
        name: &'static str,
    },
    /// An include typed by the user.
    Include,
    /// A range copied from this include.
    Flattened { include: String },
    /// The final `all`.
    All,
}

/// One term of the built record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuiltTerm {
    pub term: String,
    pub origin: Origin,
}

/// What the builder made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfOutput {
    /// The TXT record at the domain itself.
    pub record: TxtOutput,
    /// The terms after `v=spf1`, in order, with where each came from.
    pub terms: Vec<BuiltTerm>,
    /// The `all` the record ends in: the one chosen, else `-all` for a record that lists no
    /// sender, else `~all`.
    pub all: AllPolicy,
    /// What that `all` means ([`AllPolicy::consequence`], or [`NO_MAIL`] for a record that lists
    /// no sender and ends in `-all`).
    pub consequence: &'static str,
    /// The parser's findings on the record (never an error), then the builder's.
    pub findings: Vec<Finding>,
    /// Inputs left out, and why.
    pub input_errors: Vec<InputError>,
}

impl SpfBuilder {
    /// The address parameters this builder reads and writes (the page clears the ones absent).
    pub const PARAMS: [&'static str; 9] = [
        "domain", "send", "a", "mx", "ip", "host", "include", "flat", "all",
    ];

    /// The state as address parameters: every key of [`Self::PARAMS`], `None` where the value
    /// is the default, so the page can pass them to its `set_params` as they are.
    pub fn to_params(&self) -> Vec<(&'static str, Option<String>)> {
        let flat: Vec<String> = self
            .flattened
            .iter()
            .map(|f| {
                format!(
                    "{}={}",
                    super::escape_item(&f.include),
                    join(&f.ranges).unwrap_or_default()
                )
            })
            .collect();
        vec![
            (
                "domain",
                Some(self.domain.clone()).filter(|d| !d.is_empty()),
            ),
            ("send", join(&self.senders)),
            ("a", self.a.then(|| "1".to_string())),
            ("mx", self.mx.then(|| "1".to_string())),
            ("ip", join(&self.ranges)),
            ("host", join(&self.hosts)),
            ("include", join(&self.includes)),
            ("flat", (!flat.is_empty()).then(|| flat.join(";"))),
            ("all", self.all.map(|a| a.as_str().to_string())),
        ]
    }

    /// Reads the state from address parameters (`get` returns a parameter's value). Unknown
    /// values fall back to the defaults; bad entries are kept, for [`Self::build`] to report.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> SpfBuilder {
        let flag =
            |k: &str| get(k).is_some_and(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"));
        let flattened = get("flat")
            .unwrap_or_default()
            .split(';')
            .filter_map(|e| {
                let (inc, ranges) = e.split_once('=')?;
                let include = super::unescape_item(inc.trim());
                (!include.is_empty()).then(|| Flattened {
                    include,
                    ranges: list(Some(ranges)),
                })
            })
            .collect();
        SpfBuilder {
            domain: get("domain").unwrap_or_default().trim().to_string(),
            senders: list(get("send").as_deref()),
            a: flag("a"),
            mx: flag("mx"),
            ranges: list(get("ip").as_deref()),
            hosts: list(get("host").as_deref()),
            includes: list(get("include").as_deref()),
            flattened,
            all: get("all").and_then(|a| AllPolicy::parse(&a)),
        }
    }

    /// The state as a query string (`domain=example.com&send=google,sendgrid&all=fail`).
    pub fn to_query(&self) -> String {
        super::query_string(&self.to_params())
    }

    /// Reads [`Self::to_query`]'s output (or any query string holding these parameters).
    pub fn from_query(query: &str) -> SpfBuilder {
        let pairs = super::parse_query(query);
        SpfBuilder::from_params(|k| super::query_get(&pairs, k).map(str::to_string))
    }

    /// Starts from a published record: its includes become catalogue senders where the catalogue
    /// knows them, else other includes; its `ip4`/`ip6`, `a`, `mx` and `a:host` terms become the
    /// own entries. Returns the terms the builder cannot express (`exists`, `ptr`, `redirect=`,
    /// `exp=`, macros, qualifiers other than `+`, CIDR lengths on `a`/`mx`, `+all`), which the
    /// page shows as dropped.
    pub fn from_record(domain: &str, record: &Record) -> (SpfBuilder, Vec<String>) {
        let mut b = SpfBuilder {
            domain: domain.to_string(),
            ..SpfBuilder::default()
        };
        let mut dropped = Vec::new();
        let found = detect(record);
        for t in &record.terms {
            let handled = match &t.kind {
                TermKind::Directive {
                    qualifier,
                    mechanism,
                } => {
                    let pass = qualifier.unwrap_or(Qualifier::Pass) == Qualifier::Pass;
                    match mechanism {
                        Mechanism::All => match qualifier.unwrap_or(Qualifier::Pass) {
                            Qualifier::Pass => false,
                            q => {
                                b.all = AllPolicy::ALL.into_iter().find(|a| a.qualifier() == q);
                                true
                            }
                        },
                        Mechanism::Ip4 { network, prefix } if pass => {
                            b.ranges.push(range_text(&network.to_string(), *prefix));
                            true
                        }
                        Mechanism::Ip6 {
                            network, prefix, ..
                        } if pass => {
                            b.ranges.push(range_text(&network.to_string(), *prefix));
                            true
                        }
                        Mechanism::A { domain: None, cidr }
                            if pass && cidr.v4.is_none() && cidr.v6.is_none() =>
                        {
                            b.a = true;
                            true
                        }
                        Mechanism::A {
                            domain: Some(d),
                            cidr,
                        } if pass && d.is_literal() && cidr.v4.is_none() && cidr.v6.is_none() => {
                            b.hosts
                                .push(d.raw.trim_end_matches('.').to_ascii_lowercase());
                            true
                        }
                        Mechanism::Mx { domain: None, cidr }
                            if pass && cidr.v4.is_none() && cidr.v6.is_none() =>
                        {
                            b.mx = true;
                            true
                        }
                        Mechanism::Include { domain } if pass && domain.is_literal() => {
                            let target = domain.raw.trim_end_matches('.').to_ascii_lowercase();
                            match found.iter().find(|s| {
                                s.includes.iter().any(|i| i.eq_ignore_ascii_case(&target))
                            }) {
                                Some(s) => {
                                    if !b.senders.iter().any(|x| x == s.id) {
                                        b.senders.push(s.id.to_string());
                                    }
                                }
                                None => b.includes.push(target),
                            }
                            true
                        }
                        _ => false,
                    }
                }
                _ => false,
            };
            if !handled {
                dropped.push(t.text.clone());
            }
        }
        (b, dropped)
    }

    /// Builds the record. Inputs that cannot be terms are left out and reported; the record
    /// always parses with no error.
    pub fn build(&self) -> SpfOutput {
        let mut errors = Vec::new();
        let mut findings = Vec::new();
        let domain = match self.domain.trim() {
            "" => String::new(),
            d => match parse_domain(d) {
                Ok(d) => d,
                Err(e) => {
                    errors.push(InputError::new("domain", d, e.to_string()));
                    String::new()
                }
            },
        };
        let mut terms: Vec<BuiltTerm> = Vec::new();
        let push = |terms: &mut Vec<BuiltTerm>, term: String, origin: Origin| {
            if !terms.iter().any(|t| t.term.eq_ignore_ascii_case(&term)) {
                terms.push(BuiltTerm { term, origin });
            }
        };

        // The includes in order (senders, then the user's), each once, before flattening.
        let mut includes: Vec<(String, Origin)> = Vec::new();
        let mut sender_ranges: Vec<(String, Origin)> = Vec::new();
        let mut own_envelope: Vec<String> = Vec::new();
        for id in &self.senders {
            let Some(s) = sender(id.trim()) else {
                errors.push(InputError::new(
                    "send",
                    id,
                    format!("{id:?} is not in the catalogue of senders"),
                ));
                continue;
            };
            let origin = Origin::Sender {
                id: s.id,
                name: s.name,
            };
            for i in s.includes {
                if !includes.iter().any(|(x, _)| x.eq_ignore_ascii_case(i)) {
                    includes.push((i.to_string(), origin.clone()));
                }
            }
            for r in s.ip4.iter().chain(s.ip6) {
                sender_ranges.push((r.to_string(), origin.clone()));
            }
            if s.envelope == Envelope::Provider && !s.includes.is_empty() {
                own_envelope.push(s.name.to_string());
            }
        }
        // One finding for every such sender: the same words for each would be read once per
        // sender, under the same title.
        match own_envelope.as_slice() {
            [] => {}
            [one] => findings.push(Code::SpfProviderEnvelope.finding(format!(
                "{one} sends with its own domain in MAIL FROM by default, so receivers check its SPF record, not this one; its include only matters with a custom Return-Path in this domain"
            ))),
            many => findings.push(Code::SpfProviderEnvelope.finding(format!(
                "{} send with their own domains in MAIL FROM by default, so receivers check their SPF records, not this one; their includes only matter with a custom Return-Path in this domain",
                and_list(many)
            ))),
        }
        for inc in &self.includes {
            let raw = inc.trim();
            let raw = raw
                .strip_prefix("include:")
                .or_else(|| raw.strip_prefix("INCLUDE:"))
                .unwrap_or(raw);
            match parse_domain(raw) {
                Ok(d) if valid_term(&format!("include:{d}")) => {
                    if !includes.iter().any(|(x, _)| x.eq_ignore_ascii_case(&d)) {
                        includes.push((d, Origin::Include));
                    }
                }
                Ok(d) => errors.push(InputError::new(
                    "include",
                    inc,
                    format!("{d} cannot be an SPF include target (its last label must contain a letter)"),
                )),
                Err(e) => errors.push(InputError::new("include", inc, e.to_string())),
            }
        }

        // Ranges: own, then the senders', then those copied in place of includes; IPv4 first.
        let mut ranges: Vec<(String, Origin)> = Vec::new();
        for r in &self.ranges {
            match range_term(r) {
                Ok(t) => ranges.push((t, Origin::Own)),
                Err(e) => errors.push(InputError::new("ip", r, e)),
            }
        }
        for (r, origin) in sender_ranges {
            if let Ok(t) = range_term(&r) {
                ranges.push((t, origin));
            }
        }
        let mut flattened_used = Vec::new();
        let mut copied: Vec<(String, usize)> = Vec::new();
        for f in &self.flattened {
            let target = f.include.trim().trim_end_matches('.').to_ascii_lowercase();
            if !includes
                .iter()
                .any(|(x, _)| x.eq_ignore_ascii_case(&target))
            {
                // The include is no longer chosen: its copied ranges go with it.
                continue;
            }
            let mut n = 0;
            for r in &f.ranges {
                match range_term(r) {
                    Ok(t) => {
                        n += 1;
                        ranges.push((
                            t,
                            Origin::Flattened {
                                include: target.clone(),
                            },
                        ));
                    }
                    Err(e) => errors.push(InputError::new("flat", r, e)),
                }
            }
            if n > 0 {
                flattened_used.push(target.clone());
                copied.push((target.clone(), n));
            }
        }
        // One finding for all the copied includes, as for the senders above.
        match copied.as_slice() {
            [] => {}
            [(target, n)] => findings.push(Code::SpfFlattened.finding(format!(
                "include:{target} is replaced by the {} it held when they were copied: when {target} changes its ranges, mail from the new ones fails SPF here",
                ranges_n(*n)
            ))),
            many => {
                let each: Vec<String> = many
                    .iter()
                    .map(|(t, n)| format!("include:{t} ({})", ranges_n(*n)))
                    .collect();
                findings.push(Code::SpfFlattened.finding(format!(
                    "{} are replaced by the ranges they held when they were copied: when a provider changes its ranges, mail from the new ones fails SPF here",
                    and_list(&each)
                )));
            }
        }
        for v6 in [false, true] {
            for (t, o) in &ranges {
                if t.starts_with("ip6:") == v6 {
                    push(&mut terms, t.clone(), o.clone());
                }
            }
        }
        if self.a {
            push(&mut terms, "a".into(), Origin::Own);
        }
        if self.mx {
            push(&mut terms, "mx".into(), Origin::Own);
        }
        for h in &self.hosts {
            match parse_domain(h) {
                Ok(d) if valid_term(&format!("a:{d}")) => {
                    push(&mut terms, format!("a:{d}"), Origin::Own)
                }
                Ok(d) => errors.push(InputError::new(
                    "host",
                    h,
                    format!(
                        "{d} cannot be a host name in SPF (its last label must contain a letter)"
                    ),
                )),
                Err(e) => errors.push(InputError::new("host", h, e.to_string())),
            }
        }
        for (inc, origin) in includes {
            if flattened_used.contains(&inc) {
                continue;
            }
            push(&mut terms, format!("include:{inc}"), origin);
        }
        // A record that lists no sender says the domain sends no mail, and the record of such a
        // domain is v=spf1 -all (M3AAWG's parked-domain advice), not ~all, which only asks for
        // suspicion; ~all or ?all stay when chosen.
        let sends_nothing = terms.is_empty();
        let all = self.all.unwrap_or(if sends_nothing {
            AllPolicy::Fail
        } else {
            AllPolicy::SoftFail
        });
        if sends_nothing {
            findings.push(Code::SpfNoSender.finding(match all {
                AllPolicy::Fail => "the record lists no sender: every message gets fail, as a domain that sends no mail should say; if the domain sends mail, choose its senders".to_string(),
                other => format!(
                    "the record lists no sender and ends in {}: every message gets {}, which asks receivers for nothing firm; a domain that sends no mail should publish v=spf1 -all",
                    other.term(),
                    other.as_str()
                ),
            }));
        }
        push(&mut terms, all.term().into(), Origin::All);

        let text = std::iter::once("v=spf1")
            .chain(terms.iter().map(|t| t.term.as_str()))
            .collect::<Vec<_>>()
            .join(" ");
        let parsed = parse(&text);
        let mut all_findings = tree::lint(&parsed, true);
        let strings = super::split_txt_at(&text, Some(b' '));
        // RFC 7208 §3.4, as the tree estimates it for a published record: header, question, and
        // this one TXT record (other TXT records at the name add to it).
        let qname = if domain.is_empty() {
            "example.com"
        } else {
            &domain
        };
        let size =
            12 + qname.len() + 2 + 4 + 12 + strings.iter().map(|s| s.len() + 1).sum::<usize>();
        if size > 512 {
            all_findings.push(SpfCode::RecordTooLong.finding(format!(
                "the TXT answer would be about {size} octets, over the 512 that fit in one UDP answer without EDNS (with no other TXT record at the name)"
            )));
        }
        all_findings.extend(findings);
        SpfOutput {
            record: TxtOutput::new("", &domain, strings),
            terms,
            all,
            consequence: if sends_nothing && all == AllPolicy::Fail {
                NO_MAIL
            } else {
                all.consequence()
            },
            findings: all_findings,
            input_errors: errors,
        }
    }
}

/// What `v=spf1 -all` means, for a record that lists no sender.
pub const NO_MAIL: &str = "No host may send mail for the domain: every message gets fail, so receivers can reject mail forged in its name. This is the record of a domain that sends no mail; publish DMARC p=reject beside it (and a null MX if it receives none either).";

/// True when `term` alone parses with no error.
/// "1 range", "27 ranges".
fn ranges_n(n: usize) -> String {
    if n == 1 {
        "1 range".to_string()
    } else {
        format!("{n} ranges")
    }
}

/// Names in a sentence: "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn valid_term(term: &str) -> bool {
    !parse(&format!("v=spf1 {term}"))
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
}

fn range_text(addr: &str, prefix: Option<u8>) -> String {
    match prefix {
        Some(p) => format!("{addr}/{p}"),
        None => addr.to_string(),
    }
}

/// Reads an address or range as typed into its `ip4:`/`ip6:` term: the network address (host
/// bits cleared, which is what the term matches anyway), no prefix for a single address.
fn range_term(input: &str) -> Result<String, String> {
    let s = input.trim();
    let lower = s.to_ascii_lowercase();
    let s = if lower.starts_with("ip4:") || lower.starts_with("ip6:") {
        &s[4..]
    } else {
        s
    };
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let ip: IpAddr = addr.trim().parse().map_err(|_| {
        format!("{s:?} is not an IP address or range (192.0.2.0/24, 2001:db8::/32)")
    })?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) => p
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|p| *p <= max)
            .ok_or_else(|| format!("{s:?}: the prefix length is 0 to {max}"))?,
    };
    let widest = if ip.is_ipv4() { 8 } else { 16 };
    if prefix < widest {
        return Err(format!(
            "{s:?}: a /{prefix} authorizes a large part of the internet; list the provider's ranges or its include instead"
        ));
    }
    let term = match ip {
        IpAddr::V4(a) => {
            let net = u32::from(a) & u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            let net = std::net::Ipv4Addr::from(net);
            if prefix == 32 {
                format!("ip4:{net}")
            } else {
                format!("ip4:{net}/{prefix}")
            }
        }
        IpAddr::V6(a) => {
            let net = u128::from(a) & u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            let net = std::net::Ipv6Addr::from(net);
            if prefix == 128 {
                format!("ip6:{net}")
            } else {
                format!("ip6:{net}/{prefix}")
            }
        }
    };
    if valid_term(&term) {
        Ok(term)
    } else {
        Err(format!("{s:?} cannot be written as an SPF term"))
    }
}

// ---------------------------------------------------------------------------------------------
// The lookup meter

/// Lookups at which the meter starts to warn: two left, and the smallest include of several
/// providers costs more.
pub const NEAR_LOOKUPS: u32 = 8;

/// How close the record is to its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Ok,
    /// At or above [`NEAR_LOOKUPS`], or at the void-lookup limit.
    Near,
    /// Over a limit: every message that no earlier term matches gets permerror.
    Over,
}

impl Level {
    /// The CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Near => "near",
            Level::Over => "over",
        }
    }
}

/// What one term of the record costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermCost {
    pub term: String,
    /// DNS-querying terms: the term itself and, for an include, everything below it.
    pub lookups: u32,
    pub void_lookups: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<&'static str>,
}

/// The standard ways out of a record over its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WayOutKind {
    /// Remove a sender whose include is not checked here, or that is no longer used.
    DropSender,
    /// Send that provider's mail from a subdomain with a record of its own.
    MoveToSubdomain,
    /// Replace an include with the ranges it holds now.
    Flatten,
    /// Remove an own term (`a`, `mx`, `a:host`) or one whose lookup returns nothing.
    DropTerm,
}

/// One way out, with what it saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WayOut {
    pub kind: WayOutKind,
    /// The term of the record it acts on.
    pub term: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<&'static str>,
    /// Lookups it saves (void lookups for a term whose lookup returns nothing).
    pub saves: u32,
    /// Whether this step alone brings the record back within its limits.
    pub enough: bool,
    pub advice: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
    /// For [`WayOutKind::Flatten`]: the ranges to copy (into [`SpfBuilder::flattened`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flatten: Option<Flattening>,
}

/// The meter beside the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meter {
    pub lookups: u32,
    pub max_lookups: u32,
    pub void_lookups: u32,
    pub max_void_lookups: u32,
    pub level: Level,
    /// `7/10 lookups, 0/2 void`
    pub label: String,
    /// The record's DNS-querying terms and what each costs, in order.
    pub terms: Vec<TermCost>,
    /// `spf-build-near-limit` when near; the tree's own findings say when a limit is crossed.
    pub findings: Vec<Finding>,
    /// Filled once a limit is crossed, most useful first.
    pub ways_out: Vec<WayOut>,
}

/// Reads the lookup counts of the built record off its tree (`spf::tree::inspect_with(resolver,
/// domain, Some(&output.record.text))`), per term, and the ways out when a limit is crossed.
pub fn meter(output: &SpfOutput, tree: &Tree) -> Meter {
    let root = &tree.root;
    let sender_of = |term: &str| {
        output
            .terms
            .iter()
            .find(|t| t.term.eq_ignore_ascii_case(term))
            .and_then(|t| match t.origin {
                Origin::Sender { id, .. } => Some(id),
                _ => None,
            })
    };
    let mut terms = Vec::new();
    if let Some(record) = root
        .record
        .as_ref()
        .filter(|_| root.status == NodeStatus::Ok)
    {
        let mut children = root.children.iter();
        let redirect_used = record.all().is_none();
        for t in &record.terms {
            let is_redirect = matches!(t.modifier(), Some(Modifier::Redirect { .. }));
            if !t.queries_dns() || (is_redirect && !redirect_used) {
                continue;
            }
            let mut lookups = 1;
            let mut voids = tree
                .counts
                .iter()
                .filter(|c| c.kind == "void" && c.domain == root.domain && c.span == t.span)
                .count() as u32;
            if is_redirect || matches!(t.mechanism(), Some(Mechanism::Include { .. })) {
                if let Some(c) = children.next() {
                    lookups += c.lookups_total;
                    voids += c.void_lookups_total;
                }
            }
            terms.push(TermCost {
                term: t.text.clone(),
                lookups,
                void_lookups: voids,
                sender: sender_of(&t.text),
            });
        }
    }
    let (max, max_void) = (tree.max_lookups, tree.max_void_lookups);
    let level = if tree.lookups > max || tree.void_lookups > max_void {
        Level::Over
    } else if tree.lookups >= NEAR_LOOKUPS || tree.void_lookups == max_void {
        Level::Near
    } else {
        Level::Ok
    };
    // Both limits near make one finding: one code is one finding on a page.
    let mut near = Vec::new();
    if level == Level::Near {
        if tree.lookups >= NEAR_LOOKUPS {
            near.push(format!(
                "{}/{max} lookups: {} left before receivers return permerror",
                tree.lookups,
                max - tree.lookups
            ));
        }
        if tree.void_lookups == max_void {
            near.push(format!(
                "{}/{max_void} void lookups: one more name that does not resolve and receivers return permerror",
                tree.void_lookups
            ));
        }
    }
    let findings: Vec<Finding> = (!near.is_empty())
        .then(|| Code::SpfNearLimit.finding(near.join("; ")))
        .into_iter()
        .collect();
    let ways_out = if level == Level::Over {
        ways_out(tree, &terms)
    } else {
        Vec::new()
    };
    Meter {
        lookups: tree.lookups,
        max_lookups: max,
        void_lookups: tree.void_lookups,
        max_void_lookups: max_void,
        level,
        label: format!(
            "{}/{max} lookups, {}/{max_void} void",
            tree.lookups, tree.void_lookups
        ),
        terms,
        findings,
        ways_out,
    }
}

fn ways_out(tree: &Tree, costs: &[TermCost]) -> Vec<WayOut> {
    let over = tree.lookups.saturating_sub(tree.max_lookups);
    let over_void = tree.void_lookups.saturating_sub(tree.max_void_lookups);
    let domain = if tree.root.domain.is_empty() {
        "<domain>"
    } else {
        tree.root.domain.as_str()
    };
    let enough = |saves: u32| over > 0 && saves >= over && over_void == 0;
    let mut by_cost: Vec<&TermCost> = costs.iter().filter(|c| c.lookups > 0).collect();
    crate::order::sort_by_key(&mut by_cost, |c| std::cmp::Reverse(c.lookups));
    let (mut provider, mut flat, mut moves, mut drops, mut own) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for c in &by_cost {
        let include = c
            .term
            .strip_prefix("include:")
            .or_else(|| c.term.strip_prefix("+include:"));
        let s = c.sender.and_then(sender);
        if over > 0 {
            if let Some(s) = s {
                if s.envelope == Envelope::Provider {
                    provider.push(WayOut {
                        kind: WayOutKind::DropSender,
                        term: c.term.clone(),
                        sender: Some(s.id),
                        saves: c.lookups,
                        enough: enough(c.lookups),
                        advice: format!(
                            "Drop {}: it sends with its own domain in MAIL FROM, so receivers check its record, not this one, and DMARC passes for its mail through its DKIM signature.",
                            s.name
                        ),
                        caveat: Some(format!(
                            "If {} is set up with a custom Return-Path in {domain} itself, keep it or move that Return-Path to a subdomain.",
                            s.name
                        )),
                        flatten: None,
                    });
                }
                let sub = s.subdomain.unwrap_or(match s.kind {
                    Kind::Marketing => "news",
                    _ => "mail",
                });
                moves.push(WayOut {
                    kind: WayOutKind::MoveToSubdomain,
                    term: c.term.clone(),
                    sender: Some(s.id),
                    saves: c.lookups,
                    enough: enough(c.lookups),
                    advice: format!(
                        "Send {}'s mail from {sub}.{domain} (or make that its custom Return-Path / MAIL FROM domain) and publish v=spf1 {} ~all at {sub}.{domain}: a subdomain has its own record and its own 10 lookups.",
                        s.name,
                        c.term
                    ),
                    caveat: Some(if s.kind == Kind::Mailbox {
                        format!("{} holds mailboxes: people would then write from addresses at {sub}.{domain}.", s.name)
                    } else {
                        format!("Set the subdomain up in {} too, so that it signs with DKIM for it.", s.name)
                    }),
                    flatten: None,
                });
            }
            if let Some(inc) = include {
                match flatten(tree, inc) {
                    Some(f) if f.complete => flat.push(WayOut {
                        kind: WayOutKind::Flatten,
                        term: c.term.clone(),
                        sender: c.sender,
                        saves: f.lookups_saved,
                        enough: enough(f.lookups_saved),
                        advice: format!(
                            "Replace {} with the {} it holds today.",
                            c.term,
                            ranges_n(f.ranges.len())
                        ),
                        caveat: Some(format!(
                            "Flattened ranges go stale: when {inc} changes its ranges (providers do, without notice), mail from the new ones fails SPF. Check them against {inc} regularly."
                        )),
                        flatten: Some(f),
                    }),
                    _ => {}
                }
            }
            match (s, include) {
                (Some(s), _) if s.envelope == Envelope::Yours => drops.push(WayOut {
                    kind: WayOutKind::DropSender,
                    term: c.term.clone(),
                    sender: Some(s.id),
                    saves: c.lookups,
                    enough: enough(c.lookups),
                    advice: format!("If {domain} no longer sends through {}, remove it.", s.name),
                    caveat: None,
                    flatten: None,
                }),
                (None, Some(_)) => drops.push(WayOut {
                    kind: WayOutKind::DropSender,
                    term: c.term.clone(),
                    sender: None,
                    saves: c.lookups,
                    enough: enough(c.lookups),
                    advice: format!("If nothing sends through {} any more, remove it.", c.term),
                    caveat: None,
                    flatten: None,
                }),
                (None, None) => own.push(WayOut {
                    kind: WayOutKind::DropTerm,
                    term: c.term.clone(),
                    sender: None,
                    saves: c.lookups,
                    enough: enough(c.lookups),
                    advice: format!(
                        "If the hosts {} names do not send mail, remove it; if they do, list their addresses as ranges, which cost no lookup.",
                        c.term
                    ),
                    caveat: None,
                    flatten: None,
                }),
                _ => {}
            }
        }
        if over_void > 0 && c.void_lookups > 0 {
            own.push(WayOut {
                kind: WayOutKind::DropTerm,
                term: c.term.clone(),
                sender: c.sender,
                saves: c.void_lookups,
                enough: c.void_lookups >= over_void && over == 0,
                advice: format!(
                    "{} leads to {} {} nothing: remove it, or fix the name it points to.",
                    c.term,
                    c.void_lookups,
                    if c.void_lookups == 1 {
                        "lookup returns"
                    } else {
                        "lookups return"
                    }
                ),
                caveat: None,
                flatten: None,
            });
        }
    }
    provider
        .into_iter()
        .chain(flat)
        .chain(moves)
        .chain(drops)
        .chain(own)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Flattening

/// The ranges an include holds now, from the tree of a record that has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flattening {
    pub include: String,
    /// `192.0.2.0/24`, `2001:db8::/32`, each once, in the order met.
    pub ranges: Vec<String>,
    /// False when the include holds something that cannot be copied as ranges ([`Self::blockers`]).
    pub complete: bool,
    /// Why not, term by term: `a`, `mx`, `exists`, `ptr`, macros, ranges with a qualifier other
    /// than `+`, records that could not be read.
    pub blockers: Vec<String>,
    /// The lookups the include costs now, all saved by copying its ranges.
    pub lookups_saved: u32,
}

/// The ranges behind `include:<include>` of the tree's root record, for [`SpfBuilder::flattened`].
/// `None` when the root has no such include.
pub fn flatten(tree: &Tree, include: &str) -> Option<Flattening> {
    let want = include.trim().trim_end_matches('.').to_ascii_lowercase();
    let record = tree.root.record.as_ref()?;
    let mut children = tree.root.children.iter();
    let redirect_used = record.all().is_none();
    let mut node = None;
    for t in &record.terms {
        let is_include = matches!(t.mechanism(), Some(Mechanism::Include { .. }));
        let is_redirect = matches!(t.modifier(), Some(Modifier::Redirect { .. })) && redirect_used;
        if !(is_include || is_redirect) {
            continue;
        }
        let child = children.next();
        if let (true, Some(Mechanism::Include { domain })) = (is_include, t.mechanism()) {
            if domain.raw.trim_end_matches('.').eq_ignore_ascii_case(&want) {
                node = child;
                break;
            }
        }
    }
    let node = node?;
    let mut f = Flattening {
        include: want,
        ranges: Vec::new(),
        complete: true,
        blockers: Vec::new(),
        lookups_saved: 1 + node.lookups_total,
    };
    collect_ranges(node, &mut f);
    f.complete = f.blockers.is_empty();
    Some(f)
}

fn collect_ranges(node: &Node, f: &mut Flattening) {
    let status = match node.status {
        NodeStatus::Ok => None,
        NodeStatus::NoRecord => Some("has no SPF record"),
        NodeStatus::MultipleRecords => Some("has several SPF records"),
        NodeStatus::DnsError => Some("could not be looked up"),
        NodeStatus::Loop => Some("is an include loop"),
        NodeStatus::Macro => Some("has macros, resolved per message"),
        NodeStatus::NotFollowed => Some("was not followed (too deep)"),
    };
    if let Some(why) = status {
        f.blockers.push(format!("{} {why}", node.domain));
        return;
    }
    let Some(record) = node.record.as_ref() else {
        return;
    };
    if record.has_syntax_error() {
        f.blockers
            .push(format!("{} has a syntax error", node.domain));
        return;
    }
    let redirect_used = record.all().is_none();
    let mut children = node.children.iter();
    for t in &record.terms {
        let in_domain = |what: &str| format!("{} in {}: {what}", t.text, node.domain);
        match &t.kind {
            TermKind::Directive {
                qualifier,
                mechanism,
            } => {
                let pass = qualifier.unwrap_or(Qualifier::Pass) == Qualifier::Pass;
                match mechanism {
                    Mechanism::Ip4 { network, prefix } if pass => {
                        add_range(f, range_text(&network.to_string(), *prefix))
                    }
                    Mechanism::Ip6 {
                        network, prefix, ..
                    } if pass => add_range(f, range_text(&network.to_string(), *prefix)),
                    Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. } => f.blockers.push(in_domain(
                        "a range with a qualifier other than + changes meaning when copied",
                    )),
                    Mechanism::Include { .. } => {
                        if let Some(c) = children.next() {
                            if pass {
                                collect_ranges(c, f);
                            } else {
                                f.blockers
                                    .push(in_domain("an include with a qualifier other than +"));
                            }
                        }
                    }
                    Mechanism::All => {
                        if qualifier.unwrap_or(Qualifier::Pass) == Qualifier::Pass {
                            f.blockers.push(in_domain("+all matches every host"));
                        }
                        // Terms after all are never evaluated.
                        return;
                    }
                    Mechanism::A { .. } | Mechanism::Mx { .. } => f.blockers.push(in_domain(
                        "its addresses are looked up at each check; copy them and they go stale",
                    )),
                    Mechanism::Ptr { .. } | Mechanism::Exists { .. } => f.blockers.push(in_domain(
                        "depends on the connecting IP; it has no ranges to copy",
                    )),
                }
            }
            TermKind::Modifier {
                modifier: Modifier::Redirect { .. },
            } if redirect_used => {
                if let Some(c) = children.next() {
                    collect_ranges(c, f);
                }
            }
            TermKind::Modifier { .. } => {}
            TermKind::Invalid => f.blockers.push(in_domain("cannot be read")),
        }
    }
}

fn add_range(f: &mut Flattening, r: String) {
    if !f.ranges.contains(&r) {
        f.ranges.push(r);
    }
}

// ---------------------------------------------------------------------------------------------
// Compared with what is published

/// The built record beside the domain's published one (`None` when it has none): terms added
/// and removed, and a change of `all`.
pub fn compare(built: &str, published: Option<&str>) -> Comparison {
    let b = parse(built);
    let mut notes = Vec::new();
    let Some(p_text) = published else {
        notes.push("Add the record as a new TXT record at the domain.".into());
        return Comparison::new(None, built, Vec::new(), notes);
    };
    let p = parse(p_text);
    let key = |t: &crate::spf::record::Term| t.to_string().to_ascii_lowercase();
    let not_all = |t: &&crate::spf::record::Term| !matches!(t.mechanism(), Some(Mechanism::All));
    let mut changes = Vec::new();
    for t in b.terms.iter().filter(not_all) {
        if !p.terms.iter().any(|o| key(o) == key(t)) {
            changes.push(Change::Added {
                what: t.to_string(),
            });
        }
    }
    for t in p.terms.iter().filter(not_all) {
        if !b.terms.iter().any(|o| key(o) == key(t)) {
            changes.push(Change::Removed {
                what: t.to_string(),
            });
        }
    }
    match (p.all(), b.all()) {
        (Some((pt, pq)), Some((bt, bq))) if pq != bq => changes.push(Change::Changed {
            what: "all".into(),
            published: pt.text.clone(),
            built: bt.text.clone(),
        }),
        (None, Some((bt, _))) => changes.push(Change::Added {
            what: bt.text.clone(),
        }),
        _ => {}
    }
    let order_differs = changes.is_empty()
        && b.terms.iter().map(key).collect::<Vec<_>>()
            != p.terms.iter().map(key).collect::<Vec<_>>();
    if order_differs {
        notes.push("Same terms in another order: receivers stop at the first match, so only speed can differ.".into());
    }
    if !changes.is_empty() {
        notes.push("Replace the published record; do not add a second one: two v=spf1 records at one name are a permerror.".into());
    }
    Comparison::new(Some(p_text), built, changes, notes)
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests are in no page: the size rules do not apply"
)]
mod tests {
    use super::*;
    use crate::zone::Zone;
    use futures::executor::block_on;

    fn fixture_zones() -> Zone {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/zones");
        let mut zone = Zone::new();
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("the fixture zones")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("a zone file");
            zone.merge(Zone::from_yaml(&text).unwrap_or_else(|e| panic!("{f:?}: {e}")));
        }
        zone
    }

    #[test]
    fn catalogue_ids_are_unique_kebab_and_linked() {
        for (i, s) in CATALOGUE.iter().enumerate() {
            assert!(
                s.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                s.id
            );
            assert!(
                CATALOGUE[..i].iter().all(|o| o.id != s.id),
                "{} twice",
                s.id
            );
            assert!(!s.name.is_empty() && !s.source.is_empty() && !s.note.is_empty());
            if let Some(p) = s.dkim_provider {
                assert!(
                    crate::dkim::discover::PROVIDERS.iter().any(|x| x.id == p),
                    "{}: no DKIM provider {p}",
                    s.id
                );
            }
            // An entry with nothing to publish must say why, and cannot be "yours".
            if s.includes.is_empty() && s.ip4.is_empty() && s.ip6.is_empty() {
                assert_eq!(s.envelope, Envelope::Provider, "{}", s.id);
            }
        }
        for must in [
            "microsoft365",
            "google",
            "amazon-ses",
            "sendgrid",
            "mailchimp",
            "mandrill",
            "salesforce",
            "zendesk",
            "hubspot",
            "postmark",
            "mailgun",
            "brevo",
            "zoho",
        ] {
            assert!(sender(must).is_some(), "{must}");
        }
    }

    /// Each entry's terms parse with no finding at all, alone and all together.
    #[test]
    fn catalogue_entries_parse() {
        for s in CATALOGUE {
            let b = SpfBuilder {
                senders: vec![s.id.to_string()],
                ..SpfBuilder::default()
            };
            let out = b.build();
            assert!(
                out.input_errors.is_empty(),
                "{}: {:?}",
                s.id,
                out.input_errors
            );
            let r = parse(&out.record.text);
            assert!(r.findings.is_empty(), "{}: {:?}", s.id, r.findings);
            for i in s.includes {
                assert!(valid_term(&format!("include:{i}")), "{}: {i}", s.id);
                assert_eq!(
                    parse_domain(i).as_deref(),
                    Ok(*i),
                    "{}: lower case, no dot",
                    s.id
                );
            }
            for r in s.ip4.iter().chain(s.ip6) {
                assert!(range_term(r).is_ok(), "{}: {r}", s.id);
            }
        }
        let every = SpfBuilder {
            senders: CATALOGUE.iter().map(|s| s.id.to_string()).collect(),
            ..SpfBuilder::default()
        };
        let r = parse(&every.build().record.text);
        assert!(!r.has_syntax_error(), "{:?}", r.findings);
    }

    /// Each include exists in the fixture zones the tests use, with one SPF record whose tree
    /// resolves with no error (so the page's and the CLI's tests can evaluate any choice).
    #[test]
    fn catalogue_includes_exist_in_the_fixture_zones() {
        let zone = fixture_zones();
        for s in CATALOGUE {
            for i in s.includes {
                let t = block_on(tree::inspect(&zone, i));
                assert_eq!(
                    t.root.status,
                    NodeStatus::Ok,
                    "{}: {i} has no SPF record in tests/fixtures/zones",
                    s.id
                );
                let errors: Vec<&Finding> = t
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .collect();
                assert!(errors.is_empty(), "{}: {i}: {errors:?}", s.id);
                // And they can be evaluated from a record that includes them.
                let draft = format!("v=spf1 include:{i} -all");
                let t = block_on(tree::inspect_with(&zone, "builder.example", Some(&draft)));
                assert!(t.lookups >= 1 && t.lookups <= 10, "{}: {}", s.id, t.lookups);
            }
        }
    }

    #[test]
    fn builds_in_order_and_reports_bad_inputs() {
        let b = SpfBuilder {
            domain: "Example.COM".into(),
            senders: vec!["google".into(), "nope".into(), "sendgrid".into()],
            a: false,
            mx: true,
            ranges: vec![
                "ip6:2001:DB8::1/32".into(),
                "192.0.2.7/24".into(),
                "198.51.100.9".into(),
                "10.0.0.0/4".into(),
                "300.1.1.1".into(),
            ],
            hosts: vec!["relay.example.com".into(), "bad host".into()],
            includes: vec!["include:_spf.example.net".into(), "_spf.google.com".into()],
            flattened: Vec::new(),
            all: Some(AllPolicy::Fail),
        };
        let out = b.build();
        assert_eq!(
            out.record.text,
            "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.9 ip6:2001:db8::/32 mx a:relay.example.com include:_spf.google.com include:sendgrid.net include:_spf.example.net -all"
        );
        assert_eq!(out.record.name, "example.com");
        assert_eq!(out.record.host, "@");
        let fields: Vec<&str> = out.input_errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["send", "ip", "ip", "host"]);
        let codes: Vec<&str> = out.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["spf-build-provider-envelope"]);
        assert!(matches!(
            out.terms[5].origin,
            Origin::Sender { id: "google", .. }
        ));
        assert_eq!(
            out.terms.last().map(|t| t.origin.clone()),
            Some(Origin::All)
        );
    }

    #[test]
    fn empty_builder_is_a_no_mail_record() {
        let out = SpfBuilder::default().build();
        assert_eq!(out.record.text, "v=spf1 -all");
        assert_eq!(out.all, AllPolicy::Fail);
        assert_eq!(out.consequence, NO_MAIL);
        assert_eq!(out.findings[0].code, "spf-build-no-sender");
        assert!(
            out.findings[0]
                .message
                .contains("as a domain that sends no mail should say"),
            "{}",
            out.findings[0].message
        );
        assert_eq!(
            out.record.zone_line,
            "<domain>. 3600 IN TXT \"v=spf1 -all\""
        );
        // ~all chosen: kept, and the finding says what a no-mail domain should publish.
        let out = SpfBuilder {
            all: Some(AllPolicy::SoftFail),
            ..SpfBuilder::default()
        }
        .build();
        assert_eq!(out.record.text, "v=spf1 ~all");
        assert!(out.findings[0]
            .message
            .ends_with("should publish v=spf1 -all"));
        // A sender without a choice: ~all, as before.
        let out = SpfBuilder {
            a: true,
            ..SpfBuilder::default()
        }
        .build();
        assert_eq!(out.record.text, "v=spf1 a ~all");
    }

    #[test]
    fn long_records_are_split_between_terms_and_flagged_over_512() {
        let b = SpfBuilder {
            domain: "example.com".into(),
            ranges: (0..40).map(|i| format!("198.51.{i}.0/24")).collect(),
            ..SpfBuilder::default()
        };
        let out = b.build();
        assert!(out.record.strings.len() > 2);
        assert!(out.record.strings.iter().all(|s| s.len() <= 255));
        let strings: Vec<Vec<u8>> = out
            .record
            .strings
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        let r = crate::spf::parse_strings(&strings);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!(out.findings.iter().any(|f| f.code == "spf-record-too-long"));
    }

    #[test]
    fn params_round_trip() {
        let b = SpfBuilder {
            domain: "example.com".into(),
            senders: vec!["google".into(), "mailgun".into()],
            a: true,
            mx: false,
            ranges: vec!["192.0.2.0/24".into(), "2001:db8::/32".into()],
            hosts: vec!["relay.example.com".into()],
            includes: vec!["_spf.example.net".into()],
            flattened: vec![Flattened {
                include: "mailgun.org".into(),
                ranges: vec!["203.0.113.0/24".into(), "2001:db8:5::/48".into()],
            }],
            all: Some(AllPolicy::Fail),
        };
        assert_eq!(SpfBuilder::from_query(&b.to_query()), b);
        assert_eq!(SpfBuilder::from_query(""), SpfBuilder::default());
        assert_eq!(SpfBuilder::default().to_query(), "");
        assert_eq!(b.to_params().len(), SpfBuilder::PARAMS.len());
    }

    /// Includes replaced by their ranges make one finding, which names each with its count.
    #[test]
    fn copied_includes_are_one_finding() {
        let flat = |include: &str, ranges: &[&str]| Flattened {
            include: include.into(),
            ranges: ranges.iter().map(|r| r.to_string()).collect(),
        };
        let b = SpfBuilder {
            domain: "example.com".into(),
            senders: ["google", "microsoft365"].map(String::from).to_vec(),
            flattened: vec![flat(
                "_spf.google.com",
                &["192.0.2.0/24", "198.51.100.0/24"],
            )],
            ..SpfBuilder::default()
        };
        let one: Vec<Finding> = b
            .build()
            .findings
            .into_iter()
            .filter(|f| f.code == "spf-build-flattened")
            .collect();
        assert_eq!(one.len(), 1);
        assert!(one[0]
            .message
            .starts_with("include:_spf.google.com is replaced by the 2 ranges it held"));
        let b = SpfBuilder {
            flattened: vec![
                flat("_spf.google.com", &["192.0.2.0/24", "198.51.100.0/24"]),
                flat("spf.protection.outlook.com", &["203.0.113.0/24"]),
            ],
            ..b
        };
        let both: Vec<Finding> = b
            .build()
            .findings
            .into_iter()
            .filter(|f| f.code == "spf-build-flattened")
            .collect();
        assert_eq!(both.len(), 1);
        assert!(
            both[0].message.starts_with(
                "include:_spf.google.com (2 ranges) and include:spf.protection.outlook.com (1 range) are replaced"
            ),
            "{}",
            both[0].message
        );
    }

    #[test]
    fn from_record_keeps_what_it_can() {
        let r = parse("v=spf1 ip4:192.0.2.0/24 mx a a:relay.example.com include:_spf.google.com include:spf.example.net exists:%{i}.x.example ?ip4:198.51.100.1 redirect=other.example -all");
        let (b, dropped) = SpfBuilder::from_record("example.com", &r);
        assert_eq!(b.senders, ["google"]);
        assert_eq!(b.includes, ["spf.example.net"]);
        assert_eq!(b.ranges, ["192.0.2.0/24"]);
        assert_eq!(b.hosts, ["relay.example.com"]);
        assert!(b.a && b.mx);
        assert_eq!(b.all, Some(AllPolicy::Fail));
        assert_eq!(
            dropped,
            [
                "exists:%{i}.x.example",
                "?ip4:198.51.100.1",
                "redirect=other.example"
            ]
        );
    }

    #[test]
    fn meter_counts_per_term_and_offers_ways_out() {
        let zone = fixture_zones();
        let b = SpfBuilder {
            domain: "builder.example".into(),
            senders: [
                "google",
                "microsoft365",
                "mailchimp",
                "sendgrid",
                "salesforce",
                "mailgun",
                "zendesk",
            ]
            .map(String::from)
            .to_vec(),
            mx: true,
            ..SpfBuilder::default()
        };
        let out = b.build();
        // Mailchimp and SendGrid use their own bounce domains: one finding names both, so that
        // the page says it once.
        let envelope: Vec<&Finding> = out
            .findings
            .iter()
            .filter(|f| f.code == "spf-build-provider-envelope")
            .collect();
        assert_eq!(envelope.len(), 1, "{envelope:?}");
        assert!(
            envelope[0]
                .message
                .starts_with("Mailchimp and SendGrid (Twilio) send with their own domains"),
            "{}",
            envelope[0].message
        );
        let t = block_on(tree::inspect_with(
            &zone,
            "builder.example",
            Some(&out.record.text),
        ));
        let m = meter(&out, &t);
        assert_eq!(m.terms.iter().map(|c| c.lookups).sum::<u32>(), t.lookups);
        // Every way out is worded for its own term: no two say the same sentence.
        let mut said: Vec<&str> = m
            .ways_out
            .iter()
            .flat_map(|w| [Some(w.advice.as_str()), w.caveat.as_deref()])
            .flatten()
            .collect();
        let n = said.len();
        said.sort_unstable();
        said.dedup();
        assert_eq!(said.len(), n, "a way out repeats another's words");
        assert!(m.ways_out.iter().all(|w| !w.advice.contains("(s)")));
        assert_eq!(m.level, Level::Over, "{}", m.label);
        let google = m
            .terms
            .iter()
            .find(|c| c.term == "include:_spf.google.com")
            .unwrap();
        assert_eq!((google.lookups, google.sender), (4, Some("google")));
        let kinds: Vec<WayOutKind> = m.ways_out.iter().map(|w| w.kind).collect();
        // Senders that are not checked here come first.
        assert_eq!(kinds[0], WayOutKind::DropSender);
        assert!(matches!(
            m.ways_out[0].sender,
            Some("mailchimp" | "sendgrid")
        ));
        assert!(
            kinds.contains(&WayOutKind::Flatten) && kinds.contains(&WayOutKind::MoveToSubdomain)
        );
        // Salesforce's exists: cannot be flattened; Google's netblocks can.
        assert!(m
            .ways_out
            .iter()
            .all(|w| !(w.kind == WayOutKind::Flatten && w.sender == Some("salesforce"))));
        let g = m
            .ways_out
            .iter()
            .find(|w| w.kind == WayOutKind::Flatten && w.sender == Some("google"))
            .and_then(|w| w.flatten.clone())
            .unwrap();
        assert!(g.complete && g.ranges.len() > 10 && g.lookups_saved == 4);
        assert!(g.ranges.iter().any(|r| r.contains(':')));

        // Flattening Google brings it back within the limit, with the stale warning.
        let b2 = SpfBuilder {
            flattened: vec![Flattened {
                include: g.include.clone(),
                ranges: g.ranges.clone(),
            }],
            ..b
        };
        let out2 = b2.build();
        assert!(!out2.record.text.contains("_spf.google.com"));
        assert!(out2
            .findings
            .iter()
            .any(|f| f.code == "spf-build-flattened"));
        let t2 = block_on(tree::inspect_with(
            &zone,
            "builder.example",
            Some(&out2.record.text),
        ));
        assert_eq!(t2.lookups, t.lookups - 4);
    }

    #[test]
    fn meter_warns_near_the_limit() {
        let zone = fixture_zones();
        let b = SpfBuilder {
            domain: "builder.example".into(),
            senders: ["google", "microsoft365", "mailgun"]
                .map(String::from)
                .to_vec(),
            mx: true,
            a: true,
            ..SpfBuilder::default()
        };
        let out = b.build();
        let t = block_on(tree::inspect_with(
            &zone,
            "builder.example",
            Some(&out.record.text),
        ));
        let m = meter(&out, &t);
        assert_eq!(m.level, Level::Near, "{}", m.label);
        assert_eq!(m.findings[0].code, "spf-build-near-limit");
        assert!(m.ways_out.is_empty());
    }

    #[test]
    fn compare_lists_term_changes() {
        let c = compare(
            "v=spf1 include:_spf.google.com include:sendgrid.net -all",
            Some("v=spf1 include:_spf.google.com include:servers.mcsv.net ~all"),
        );
        assert_eq!(
            c.changes,
            [
                Change::Added {
                    what: "include:sendgrid.net".into()
                },
                Change::Removed {
                    what: "include:servers.mcsv.net".into()
                },
                Change::Changed {
                    what: "all".into(),
                    published: "~all".into(),
                    built: "-all".into()
                },
            ]
        );
        assert!(!c.same);
        let same = compare("v=spf1 mx -all", Some("v=spf1 MX -all"));
        assert!(same.same, "{same:?}");
        let none = compare("v=spf1 -all", None);
        assert!(!none.same && none.published.is_none() && !none.notes.is_empty());
    }

    #[test]
    fn all_policy_words() {
        for a in AllPolicy::ALL {
            assert_eq!(AllPolicy::parse(a.as_str()), Some(a));
            assert_eq!(AllPolicy::parse(a.term()), Some(a));
            assert!(!a.consequence().is_empty());
        }
        assert_eq!(AllPolicy::parse("+all"), None);
    }
}
