//! One TLS-RPT report as RFC 8460 §4.4 writes it, read into types. Field names are the JSON ones
//! in kebab case (`organization-name`); each Rust field says which one it holds.

use serde::Serialize;

use crate::diag::Finding;

/// `policy-type` (RFC 8460 §4.4): which policy the sender applied to the domain.
///
/// ```text
/// "policy-type": "tlsa" / "sts" / "no-policy-found"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub enum PolicyType {
    /// `sts`: an MTA-STS policy (RFC 8461).
    Sts,
    /// `tlsa`: DANE TLSA records (RFC 7672).
    Tlsa,
    /// `no-policy-found`: neither; the sender used opportunistic TLS, if any.
    NoPolicyFound,
    /// Anything else, as written.
    Other(String),
}

impl PolicyType {
    /// Case-sensitive, as RFC 8460 §4.4 writes the values; anything else is kept as written.
    pub fn parse(s: &str) -> PolicyType {
        match s {
            "sts" => PolicyType::Sts,
            "tlsa" => PolicyType::Tlsa,
            "no-policy-found" => PolicyType::NoPolicyFound,
            other => PolicyType::Other(other.to_string()),
        }
    }

    /// As written in a report.
    pub fn as_str(&self) -> &str {
        match self {
            PolicyType::Sts => "sts",
            PolicyType::Tlsa => "tlsa",
            PolicyType::NoPolicyFound => "no-policy-found",
            PolicyType::Other(s) => s,
        }
    }
}

impl From<PolicyType> for String {
    fn from(p: PolicyType) -> String {
        p.as_str().to_string()
    }
}

/// `result-type` of a failure (RFC 8460 §4.3; the IANA "STARTTLS Validation Result Types"
/// registry, §6.6). Every registered value has an entry in [`result_info`]; others are kept as
/// written in [`ResultType::Other`] and counted like the rest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub enum ResultType {
    StarttlsNotSupported,
    CertificateHostMismatch,
    CertificateExpired,
    CertificateNotTrusted,
    ValidationFailure,
    TlsaInvalid,
    DnssecInvalid,
    DaneRequired,
    StsPolicyFetchError,
    StsPolicyInvalid,
    StsWebpkiInvalid,
    /// Not in the registry, as written.
    Other(String),
}

impl ResultType {
    /// The registered values, in the registry's order of RFC 8460 §4.3.
    pub const KNOWN: [ResultType; 11] = [
        ResultType::StarttlsNotSupported,
        ResultType::CertificateHostMismatch,
        ResultType::CertificateExpired,
        ResultType::CertificateNotTrusted,
        ResultType::ValidationFailure,
        ResultType::TlsaInvalid,
        ResultType::DnssecInvalid,
        ResultType::DaneRequired,
        ResultType::StsPolicyFetchError,
        ResultType::StsPolicyInvalid,
        ResultType::StsWebpkiInvalid,
    ];

    /// Case-sensitive, as the registry writes the values.
    pub fn parse(s: &str) -> ResultType {
        ResultType::KNOWN
            .iter()
            .find(|r| r.as_str() == s)
            .cloned()
            .unwrap_or_else(|| ResultType::Other(s.to_string()))
    }

    /// As written in a report.
    pub fn as_str(&self) -> &str {
        match self {
            ResultType::Other(s) => s,
            known => result_info(known).map_or("", |i| i.name),
        }
    }

    /// Whether the IANA registry lists it.
    pub fn is_registered(&self) -> bool {
        !matches!(self, ResultType::Other(_))
    }

    /// What it means and what to fix; `None` for an unregistered value.
    pub fn info(&self) -> Option<ResultInfo> {
        result_info(self)
    }
}

impl From<ResultType> for String {
    fn from(r: ResultType) -> String {
        r.as_str().to_string()
    }
}

/// What a result type means, in plain words, and what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ResultInfo {
    /// As written in reports (`certificate-expired`).
    pub name: &'static str,
    pub title: &'static str,
    /// Which policy it arises under: `any`, `MTA-STS`, `DANE`.
    pub applies_to: &'static str,
    /// What the sender met.
    pub meaning: &'static str,
    /// What the receiving domain can do.
    pub fix: &'static str,
    pub rfc: &'static str,
}

/// The table of result types, after the IANA registry's descriptions and RFC 8460 §4.3.
pub fn result_info(r: &ResultType) -> Option<ResultInfo> {
    let (name, title, applies_to, meaning, fix, rfc) = match r {
        ResultType::StarttlsNotSupported => ("starttls-not-supported", "STARTTLS not offered", "any",
            "The MX host did not offer STARTTLS in its EHLO reply, so no TLS could be set up. Under MTA-STS enforce or DANE the sender held the mail back; otherwise it was sent in clear text. A middlebox that strips STARTTLS gives the same result.",
            "Enable STARTTLS on the MX host (and on every host behind its address); if it is enabled, look for a firewall or load balancer that rewrites SMTP.", "RFC 8460 §4.3.1"),
        ResultType::CertificateHostMismatch => ("certificate-host-mismatch", "Certificate for another name", "any",
            "The certificate the MX host presented does not match what the policy requires: under MTA-STS, none of its names (subject alternative names) is the MX host name; under DANE, it does not match the TLSA constraints.",
            "Put every MX host name in the certificate's subject alternative names, or (DANE) publish TLSA records that match the certificate in use.", "RFC 8460 §4.3.1"),
        ResultType::CertificateExpired => ("certificate-expired", "Certificate expired", "any",
            "The certificate the MX host presented has expired.",
            "Renew the certificate and reload the mail server; automate renewal so that it does not happen again.", "RFC 8460 §4.3.1"),
        ResultType::CertificateNotTrusted => ("certificate-not-trusted", "Certificate not trusted", "any",
            "The certificate does not chain to an authority the sender trusts: self-signed, an unknown authority, a missing intermediate certificate, name constraints. The failure-reason-code usually says which.",
            "Use a certificate from a public authority and serve the full chain (the intermediate certificates) from the MX host.", "RFC 8460 §4.3.1"),
        ResultType::ValidationFailure => ("validation-failure", "Other TLS failure", "any",
            "A failure outside the other categories: a handshake that broke off, no common protocol version or cipher, a timeout during the handshake. The failure-reason-code says more.",
            "Read the failure-reason-code; check that the MX host accepts TLS 1.2 or 1.3 with current ciphers.", "RFC 8460 §4.3.3"),
        ResultType::TlsaInvalid => ("tlsa-invalid", "TLSA records do not match", "DANE",
            "The TLSA records of the MX host were found, but none of them matches the certificate presented, or none is usable.",
            "Publish TLSA records for the certificate in use (before renewing, publish the next key's record beside the current one).", "RFC 8460 §4.3.2.1"),
        ResultType::DnssecInvalid => ("dnssec-invalid", "DNSSEC validation failed", "DANE",
            "The sender's validating resolver returned no valid records: the DNSSEC signatures of the MX host's zone (or of its TLSA records) did not validate.",
            "Check the DNSSEC chain of the zone (DS at the parent, signatures not expired) with a DNSSEC debugger.", "RFC 8460 §4.3.2.1"),
        ResultType::DaneRequired => ("dane-required", "DANE required but absent", "DANE",
            "The sender is set to require DANE for your domain (by agreement with you), but found no DNSSEC-validated TLSA records for this MX host.",
            "Publish TLSA records for every MX host in a DNSSEC-signed zone, or ask the sender to drop the requirement.", "RFC 8460 §4.3.2.1, RFC 7672 §6"),
        ResultType::StsPolicyFetchError => ("sts-policy-fetch-error", "MTA-STS policy not fetched", "MTA-STS",
            "The sender could not fetch the policy file from https://mta-sts.<domain>/.well-known/mta-sts.txt: no address, no HTTPS, a timeout, an HTTP status other than 200, a redirect.",
            "Serve the policy file at that URL over HTTPS with status 200 and no redirect, from every address of mta-sts.<domain>.", "RFC 8460 §4.3.2.2, RFC 8461 §3.3"),
        ResultType::StsPolicyInvalid => ("sts-policy-invalid", "MTA-STS policy invalid", "MTA-STS",
            "The policy file was fetched but is not a valid policy: a missing version, mode or max_age line, a bad value, the wrong media type.",
            "Fix the policy file (version: STSv1, mode, mx and max_age lines, served as text/plain) and change the id= of the _mta-sts record.", "RFC 8460 §4.3.2.2, RFC 8461 §3.2"),
        ResultType::StsWebpkiInvalid => ("sts-webpki-invalid", "Policy host's certificate invalid", "MTA-STS",
            "The HTTPS certificate of mta-sts.<domain> could not be validated (PKIX), so the policy file was not trusted.",
            "Give the policy web server a valid certificate for mta-sts.<domain>, with its full chain.", "RFC 8460 §4.3.2.2, RFC 8461 §3.3"),
        ResultType::Other(_) => return None,
    };
    Some(ResultInfo {
        name,
        title,
        applies_to,
        meaning,
        fix,
        rfc,
    })
}

/// `date-range`: the UTC day a report covers (RFC 8460 §4.1), as written and in seconds since
/// the epoch when the text is an RFC 3339 `date-time`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// `start-datetime` as written.
    pub start_datetime: Option<String>,
    /// `end-datetime` as written.
    pub end_datetime: Option<String>,
    /// `start-datetime` in seconds since the epoch.
    pub start: Option<i64>,
    /// `end-datetime` in seconds since the epoch.
    pub end: Option<i64>,
}

/// `policy` of one policy result: the policy the sender applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// `policy-type`; `None` when missing.
    pub policy_type: Option<PolicyType>,
    /// `policy-string`: the lines of the MTA-STS policy or the TLSA records, as written.
    pub policy_string: Vec<String>,
    /// `policy-domain`, in lower case without a trailing dot.
    pub policy_domain: Option<String>,
    /// `mx-host`: the `mx:` patterns of an MTA-STS policy, or the MX host of a TLSA policy. The
    /// RFC 8460 Appendix B example writes it as one string, §4.4 as an array: both are read.
    pub mx_host: Vec<String>,
}

/// `summary` of one policy result: connections counted by outcome (RFC 8460 §4.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// `total-successful-session-count`: connections that set up TLS as the policy required.
    pub successful: u64,
    /// `total-failure-session-count`: connections that did not.
    pub failed: u64,
}

/// One entry of `failure-details`: a kind of failure between one sending MTA and one MX host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureDetail {
    /// `result-type`; [`ResultType::Other`] with an empty text when missing.
    pub result_type: ResultType,
    /// `sending-mta-ip`, in its canonical form when it is an IP address, else as written.
    pub sending_mta_ip: Option<String>,
    /// `receiving-mx-hostname`, in lower case without a trailing dot.
    pub receiving_mx_hostname: Option<String>,
    /// `receiving-mx-helo`: the name the MX host gave in its greeting.
    pub receiving_mx_helo: Option<String>,
    /// `receiving-ip`, canonical when it is an IP address, else as written.
    pub receiving_ip: Option<String>,
    /// `failed-session-count`: connections that failed this way.
    pub failed: u64,
    /// `additional-information`: a URI where the reporter explains more.
    pub additional_information: Option<String>,
    /// `failure-reason-code`: the reporter's own code (an OpenSSL error name, say).
    pub failure_reason_code: Option<String>,
}

/// One entry of `policies`: a policy the reporter applied, and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyResult {
    pub policy: Policy,
    pub summary: Summary,
    /// `failure-details`, as written (possibly empty even when connections failed).
    pub failure_details: Vec<FailureDetail>,
}

/// One TLS-RPT report: one JSON object (RFC 8460 §4.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Where it came from: the file name, with `#2`, `#3`… for the later objects of a file that
    /// holds several.
    pub source: String,
    /// `organization-name`: the reporter.
    pub organization_name: Option<String>,
    pub date_range: Option<DateRange>,
    /// `contact-info`: the reporter's address or URI.
    pub contact_info: Option<String>,
    /// `report-id`: unique among the reporter's reports, which tells duplicates.
    pub report_id: Option<String>,
    pub policies: Vec<PolicyResult>,
    /// About this report's fields, each with its JSON path (`policies[0].summary`).
    pub findings: Vec<Finding>,
}

impl Report {
    /// Reporter (lower case) and `report-id`: RFC 8460 §4.4 makes the ID unique among one
    /// reporter's reports, so two reports with the same key are one report sent twice. `None`
    /// without a `report-id`.
    pub fn key(&self) -> Option<(String, String)> {
        Some((
            self.organization_name
                .as_deref()
                .unwrap_or_default()
                .to_ascii_lowercase(),
            self.report_id.clone()?,
        ))
    }

    /// Successful and failed connections over all its policies.
    pub fn summary(&self) -> Summary {
        self.policies
            .iter()
            .fold(Summary::default(), |a, p| Summary {
                successful: a.successful.saturating_add(p.summary.successful),
                failed: a.failed.saturating_add(p.summary.failed),
            })
    }
}
