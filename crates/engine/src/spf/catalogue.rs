//! The catalogue of sending services the SPF builder knows: each one's include, how it sends
//! (its own bounce domain or yours) and what it costs in lookups.

use crate::spf::record::{Mechanism, Record};
use serde::Serialize;

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
