//! The `mtasts-` finding codes.

use crate::diag::{code_table, finding_codes};

// ---------------------------------------------------------------------------------------------
// Codes

finding_codes! {
    /// The stable codes of MTA-STS findings.
    pub enum Code {
        NoRecord,
        MultipleRecords,
        Syntax,
        PolicyHostMissing,
        PolicySyntax,
        PolicyUnreachable,
        PolicyContentType,
        ModeTesting,
        ModeNone,
        MaxAgeShort,
        MxNotCovered,
        DnsError,
    }
}

code_table! {
    Code {
        NoRecord => ("mtasts-no-record", Info, "No MTA-STS",
            "Without MTA-STS, senders encrypt mail to you only opportunistically: an attacker on the path can strip STARTTLS or present a false certificate and read the mail.",
            "Publish a policy file at https://mta-sts.<domain>/.well-known/mta-sts.txt (start with mode: testing) and a TXT record v=STSv1; id=<a new value>; at _mta-sts.<domain>.", "RFC 8461 §3"),
        MultipleRecords => ("mtasts-multiple-records", Error, "More than one MTA-STS record",
            "When _mta-sts holds more than one v=STSv1 record, senders treat the domain as having no MTA-STS policy at all.",
            "Keep exactly one v=STSv1 TXT record at _mta-sts.<domain>.", "RFC 8461 §3.1"),
        Syntax => ("mtasts-syntax", Error, "MTA-STS record syntax error",
            "Senders ignore an MTA-STS TXT record they cannot read, and with it the policy.",
            "Write exactly v=STSv1; id=<1 to 32 letters and digits>; (no spaces around =).", "RFC 8461 §3.1"),
        PolicyHostMissing => ("mtasts-policy-host-missing", Error, "The policy host does not resolve",
            "The record announces a policy, but mta-sts.<domain> has no A or AAAA record, so no sender can fetch the policy file.",
            "Point mta-sts.<domain> at a web server (or a hosted MTA-STS service) that serves the policy over HTTPS with a valid certificate for that name.", "RFC 8461 §3.3"),
        PolicySyntax => ("mtasts-policy-syntax", Error, "Policy file syntax error",
            "Senders ignore a policy file they cannot read; the line shown is missing, repeated or not in the form the RFC defines.",
            "Write one key: value per line: version: STSv1, mode: enforce|testing|none, one mx: line per mail host pattern, max_age: <seconds>.", "RFC 8461 §3.2"),
        PolicyUnreachable => ("mtasts-policy-unreachable", Warning, "Policy file not read",
            "The policy file could not be read. A browser often cannot read it even when it works for mail servers, because the policy host sends no CORS header (Access-Control-Allow-Origin); the authlens CLI reads it directly. If the CLI fails too, senders cannot fetch it either.",
            "Check with `authlens inspect <domain>` on the command line; if it fails there too, serve the file over HTTPS with status 200, no redirect, and a valid certificate for mta-sts.<domain>.", "RFC 8461 §3.3"),
        PolicyContentType => ("mtasts-policy-content-type", Warning, "Policy file not served as text/plain",
            "Senders should check that the policy file is served as text/plain, and many ignore a policy served as anything else (text/html, application/octet-stream).",
            "Configure the web server to send Content-Type: text/plain for /.well-known/mta-sts.txt.", "RFC 8461 §3.3"),
        ModeTesting => ("mtasts-mode-testing", Info, "Testing mode",
            "mode: testing asks senders to report TLS failures (through TLS-RPT) but deliver anyway, so it protects nothing yet. It is the right first step.",
            "Read the TLS-RPT reports; when they show no failures, switch to mode: enforce and change the id in the TXT record.", "RFC 8461 §5"),
        ModeNone => ("mtasts-mode-none", Warning, "MTA-STS switched off",
            "mode: none tells senders to forget any cached policy: it exists to withdraw MTA-STS, and while it is published nothing is protected.",
            "If you are withdrawing MTA-STS, keep mode: none until the previous max_age has passed, then remove the record. Otherwise use testing or enforce.", "RFC 8461 §8.3"),
        MaxAgeShort => ("mtasts-max-age-short", Warning, "Short max_age",
            "Senders cache the policy for max_age seconds; MTA-STS only protects a delivery when the sender already holds a cached policy, so a short max_age leaves windows an attacker can use. RFC 8461 expects weeks or more; this check flags less than one week (604800, the RFC's own example).",
            "Use max_age: 604800 (one week) or more, e.g. 1209600 or 31557600, once the policy is in enforce mode.", "RFC 8461 §3.2, §10.1"),
        MxNotCovered => ("mtasts-mx-not-covered", Error, "MX host not covered by the policy",
            "An MX host matches none of the policy's mx: patterns. In enforce mode senders refuse to deliver to it; in testing mode they report a failure.",
            "Add an mx: line for the host (or a *.<parent> pattern), publish the file, and change the id in the TXT record so senders fetch it again.", "RFC 8461 §4.1"),
        DnsError => ("mtasts-dns-error", Warning, "DNS lookup failed",
            "The _mta-sts lookup failed temporarily; senders that meet the same failure use a cached policy if they have one, and otherwise deliver without MTA-STS.",
            "Check the authoritative name servers; try again or with another resolver.", "RFC 8461 §5.1"),
    }
}
