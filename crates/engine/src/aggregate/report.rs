//! One aggregate report as the reporter wrote it: `<feedback>` and its records, values typed, with
//! what was skipped. Nothing here is computed; [`super::totals`] does the counting.
//!
//! The element names are those of RFC 9990 Appendix A and RFC 7489 Appendix C; the JSON keeps them.

use std::fmt;
use std::net::IpAddr;

use serde::{Serialize, Serializer};

use crate::diag::Finding;
use crate::dmarc::{Alignment, Policy};

/// Which schema a report follows, told by its namespace and its elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Schema {
    /// RFC 7489 Appendix C: no namespace (or `http://dmarc.org/dmarc-xml/0.1`), `pct` in
    /// `policy_published`.
    Rfc7489,
    /// RFC 9990: namespace `urn:ietf:params:xml:ns:dmarc-2.0`, or one of its new elements (`np`,
    /// `testing`, `discovery_method`, `generator`).
    Rfc9990,
}

/// `disposition` in `policy_evaluated`: what the receiver did.
///
/// ```text
/// ; RFC 9990 Appendix A, ActionDispositionType (RFC 7489 had the three policies only)
/// none | pass | quarantine | reject
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    None,
    /// RFC 9990: no action, the message passed DMARC under an enforcing policy.
    Pass,
    Quarantine,
    Reject,
}

impl Disposition {
    pub fn parse(s: &str) -> Option<Disposition> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Some(Disposition::None),
            "pass" => Some(Disposition::Pass),
            "quarantine" => Some(Disposition::Quarantine),
            "reject" => Some(Disposition::Reject),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::None => "none",
            Disposition::Pass => "pass",
            Disposition::Quarantine => "quarantine",
            Disposition::Reject => "reject",
        }
    }
}

/// `dkim` and `spf` in `policy_evaluated`: the result after alignment (DMARCResultType).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aligned {
    Pass,
    Fail,
}

impl Aligned {
    pub fn parse(s: &str) -> Option<Aligned> {
        match s.to_ascii_lowercase().as_str() {
            "pass" => Some(Aligned::Pass),
            "fail" => Some(Aligned::Fail),
            _ => None,
        }
    }
}

/// A DKIM or SPF result in `auth_results`, uninterpreted with respect to DMARC.
///
/// ```text
/// ; RFC 8601 §2.7.1 (DKIM), §2.7.2 (SPF); RFC 9990 DKIMResultType, SPFResultType
/// none | pass | fail | policy | neutral | softfail | temperror | permerror
/// ```
/// The schema's own comments say `temperror` is "commonly implemented as `unknown`" and
/// `permerror` as `error`: those spellings are read as the RFC words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthResult {
    None,
    Pass,
    Fail,
    Policy,
    Neutral,
    Softfail,
    Temperror,
    Permerror,
}

impl AuthResult {
    pub fn parse(s: &str) -> Option<AuthResult> {
        Some(match s.to_ascii_lowercase().as_str() {
            "none" => AuthResult::None,
            "pass" => AuthResult::Pass,
            "fail" | "hardfail" => AuthResult::Fail,
            "policy" => AuthResult::Policy,
            "neutral" => AuthResult::Neutral,
            "softfail" => AuthResult::Softfail,
            "temperror" | "unknown" => AuthResult::Temperror,
            "permerror" | "error" => AuthResult::Permerror,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AuthResult::None => "none",
            AuthResult::Pass => "pass",
            AuthResult::Fail => "fail",
            AuthResult::Policy => "policy",
            AuthResult::Neutral => "neutral",
            AuthResult::Softfail => "softfail",
            AuthResult::Temperror => "temperror",
            AuthResult::Permerror => "permerror",
        }
    }
}

/// The `type` of a policy override `reason`.
///
/// ```text
/// ; RFC 7489 PolicyOverrideType
/// forwarded | sampled_out | trusted_forwarder | mailing_list | local_policy | other
/// ; RFC 9990 drops forwarded and sampled_out, adds policy_test_mode
/// ```
/// A word outside both lists is kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OverrideType {
    Forwarded,
    SampledOut,
    TrustedForwarder,
    MailingList,
    LocalPolicy,
    PolicyTestMode,
    Other,
    /// Not in either schema; lower case as written.
    Unknown(String),
}

impl OverrideType {
    pub fn parse(s: &str) -> OverrideType {
        match s.to_ascii_lowercase().as_str() {
            "forwarded" => OverrideType::Forwarded,
            "sampled_out" => OverrideType::SampledOut,
            "trusted_forwarder" => OverrideType::TrustedForwarder,
            "mailing_list" => OverrideType::MailingList,
            "local_policy" => OverrideType::LocalPolicy,
            "policy_test_mode" => OverrideType::PolicyTestMode,
            "other" => OverrideType::Other,
            other => OverrideType::Unknown(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            OverrideType::Forwarded => "forwarded",
            OverrideType::SampledOut => "sampled_out",
            OverrideType::TrustedForwarder => "trusted_forwarder",
            OverrideType::MailingList => "mailing_list",
            OverrideType::LocalPolicy => "local_policy",
            OverrideType::PolicyTestMode => "policy_test_mode",
            OverrideType::Other => "other",
            OverrideType::Unknown(s) => s,
        }
    }

    /// The receiver let the message through because it came by a path that breaks
    /// authentication (a forwarder or a list), not because of the sender's setup.
    pub fn is_indirect(&self) -> bool {
        matches!(
            self,
            OverrideType::Forwarded | OverrideType::TrustedForwarder | OverrideType::MailingList
        )
    }
}

impl fmt::Display for OverrideType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for OverrideType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `reason` in `policy_evaluated`: why the disposition differs from the published policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Reason {
    #[serde(rename = "type")]
    pub kind: OverrideType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `date_range`: seconds since the epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub begin: i64,
    pub end: i64,
}

/// `report_metadata`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub org_name: Option<String>,
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_contact_info: Option<String>,
    pub report_id: Option<String>,
    pub date_range: Option<DateRange>,
    /// `error` elements: problems the reporter met, often with your DMARC record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// RFC 9990 `generator`: the software that wrote the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
}

/// `policy_published`: the DMARC record the reporter found. Written values only: an absent tag
/// stays `None` (its default is the record's business, see `dmarc::Record`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PolicyPublished {
    /// Lower case, no trailing dot.
    pub domain: Option<String>,
    /// `p`
    pub p: Option<Policy>,
    /// `sp`
    pub sp: Option<Policy>,
    /// `np` (RFC 9989 §4.7, reported by RFC 9990): policy for non-existent subdomains.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub np: Option<Policy>,
    /// `adkim`
    pub adkim: Option<Alignment>,
    /// `aspf`
    pub aspf: Option<Alignment>,
    /// `pct` (RFC 7489; RFC 9989 removed it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pct: Option<u8>,
    /// `fo`, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fo: Option<String>,
    /// RFC 9990 `testing` (the record's `t=`): `y` is true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub testing: Option<bool>,
    /// RFC 9990 `discovery_method`: `psl` or `treewalk`, lower case as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_method: Option<String>,
}

/// `policy_evaluated`: the reporter's DMARC verdict for the row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PolicyEvaluated {
    pub disposition: Option<Disposition>,
    /// DKIM after alignment.
    pub dkim: Option<Aligned>,
    /// SPF after alignment.
    pub spf: Option<Aligned>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
}

/// `identifiers`. Domains lower case, without a trailing dot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Identifiers {
    pub header_from: Option<String>,
    /// `None` when absent; `Some("")` for a null reverse-path written as an empty element.
    pub envelope_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub envelope_to: Option<String>,
}

/// One `dkim` of `auth_results`: a signature the receiver checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DkimAuth {
    /// `d=` of the signature.
    pub domain: Option<String>,
    /// `s=` of the signature.
    pub selector: Option<String>,
    pub result: Option<AuthResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_result: Option<String>,
}

/// One `spf` of `auth_results`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SpfAuth {
    pub domain: Option<String>,
    /// `mfrom` or `helo`, lower case as written.
    pub scope: Option<String>,
    pub result: Option<AuthResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_result: Option<String>,
}

/// `auth_results`: raw DKIM and SPF results, several `dkim` allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct AuthResults {
    pub dkim: Vec<DkimAuth>,
    pub spf: Vec<SpfAuth>,
}

/// One `record`: `count` messages from one source with the same results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// `row/source_ip`; `None` when absent or not an address (the record still counts).
    pub source_ip: Option<IpAddr>,
    /// `row/count`
    pub count: u64,
    pub policy_evaluated: PolicyEvaluated,
    pub identifiers: Identifiers,
    pub auth_results: AuthResults,
}

impl Record {
    /// DMARC pass as the reporter evaluated it: DKIM or SPF aligned and passing
    /// (`policy_evaluated`).
    pub fn dmarc_pass(&self) -> bool {
        self.policy_evaluated.dkim == Some(Aligned::Pass)
            || self.policy_evaluated.spf == Some(Aligned::Pass)
    }

    /// Some DKIM signature verified, whatever its domain.
    pub fn dkim_pass(&self) -> bool {
        self.auth_results
            .dkim
            .iter()
            .any(|d| d.result == Some(AuthResult::Pass))
    }

    /// Some SPF check passed, whatever its domain.
    pub fn spf_pass(&self) -> bool {
        self.auth_results
            .spf
            .iter()
            .any(|s| s.result == Some(AuthResult::Pass))
    }

    /// A receiver override for a forwarder or a mailing list.
    pub fn indirect(&self) -> bool {
        self.policy_evaluated
            .reasons
            .iter()
            .any(|r| r.kind.is_indirect())
    }
}

/// Something in the report that was not used, and why. Repeats of one `code` at one `path` are
/// counted, not listed: a million records with the same stray element make one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    /// A `report-*` code (see [`super::Code`]).
    pub code: &'static str,
    /// Element path without indices, e.g. `feedback/record/row/count`.
    pub path: String,
    /// Why, for the first occurrence.
    pub reason: String,
    /// How many times.
    pub count: u64,
    /// Byte offset of the first occurrence in the (decompressed) XML.
    pub offset: u64,
}

/// One `feedback` document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The file it came from; `archive.zip/entry.xml` for a zip entry.
    pub source: String,
    pub schema: Schema,
    /// `version`, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The default namespace of `feedback`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub metadata: Metadata,
    pub policy_published: PolicyPublished,
    /// Not in the JSON (the totals carry them grouped): a report can hold a million.
    #[serde(skip)]
    pub records: Vec<Record>,
    /// Number of records kept.
    pub record_count: u64,
    /// Sum of their counts.
    pub messages: u64,
    /// False when the XML broke off: the records before the break are kept (see `findings`).
    pub complete: bool,
    pub skipped: Vec<Skip>,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Reporter, policy domain and `report_id`: RFC 9990 makes the report ID unique among a
    /// reporter's reports to one domain so that duplicates can be told. `None` without a
    /// `report_id`.
    pub fn key(&self) -> Option<(String, String, String)> {
        Some((
            self.metadata
                .org_name
                .clone()
                .unwrap_or_default()
                .to_ascii_lowercase(),
            self.policy_published.domain.clone().unwrap_or_default(),
            self.metadata.report_id.clone()?,
        ))
    }
}
