//! SMTP TLS Reporting (RFC 8460): the `_smtp._tls` TXT record, which tells senders where to
//! report failed or downgraded TLS deliveries (MTA-STS and DANE failures among them).
//!
//! ```abnf
//! ; RFC 8460 §3
//! tlsrpt-record    = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
//! field-delim      = *WSP ";" *WSP
//! tlsrpt-field     = tlsrpt-rua / tlsrpt-extension   ; rua is required
//! tlsrpt-version   = %s"v=TLSRPTv1"
//! tlsrpt-rua       = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
//! tlsrpt-uri       = URI                              ; mailto: or https:, commas %-encoded
//! tlsrpt-extension = tlsrpt-ext-name "=" tlsrpt-ext-value
//! tlsrpt-ext-name  = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//! tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
//! ```

use serde::Serialize;

use crate::diag::{code_table, finding_codes};
use crate::diag::{Finding, Severity, Span};
use crate::dns::memo::Memo;
use crate::dns::{normalize_name, RecordType, Resolver};
use crate::domain::inspect::describe;
use crate::explain::{Entry, Status};
use crate::mtasts::{answer_meta, split_fields, version_problem, version_records};
use crate::tags::Tag;

finding_codes! {
    /// The stable codes of TLS-RPT findings.
    pub enum Code {
        NoRecord,
        MultipleRecords,
        Syntax,
        RuaInvalid,
        DnsError,
    }
}

code_table! {
    Code {
        NoRecord => ("tlsrpt-no-record", Info, "No TLS reporting",
            "Without a TLS-RPT record, senders do not tell you when they fail to deliver to you over TLS. It matters most with MTA-STS or DANE: there a failure means mail is held back, and the reports are how you find out.",
            "Publish v=TLSRPTv1; rua=mailto:<an address you read> at _smtp._tls.<domain>.", "RFC 8460 §3"),
        MultipleRecords => ("tlsrpt-multiple-records", Error, "More than one TLS-RPT record",
            "When _smtp._tls holds more than one v=TLSRPTv1 record, senders send no reports at all.",
            "Keep one record and put every address in its rua=, separated by commas.", "RFC 8460 §3"),
        Syntax => ("tlsrpt-syntax", Error, "TLS-RPT record syntax error",
            "Senders ignore a TLS-RPT record they cannot read, so no reports arrive.",
            "Write exactly v=TLSRPTv1; rua=<mailto: or https: URI>[,<another>] (no spaces around =).", "RFC 8460 §3"),
        RuaInvalid => ("tlsrpt-rua-invalid", Error, "Report address not usable",
            "Reports are sent only by mail to a mailto: address or by HTTPS POST to an https: URL; any other URI, or a malformed one, receives nothing.",
            "Use rua=mailto:tls-reports@<domain> or an https:// URL of your report service.", "RFC 8460 §3"),
        DnsError => ("tlsrpt-dns-error", Warning, "DNS lookup failed",
            "The _smtp._tls lookup failed temporarily; senders meeting the same failure skip reporting this time.",
            "Check the authoritative name servers; try again or with another resolver.", "RFC 8460 §3"),
    }
}

/// The `tlsrpt-no-record` finding raised to a warning, for a domain that publishes MTA-STS (or
/// DANE): its TLS failures hold mail back, and without reports nobody notices. The caller, which
/// knows both results, uses it in place of the info one (see [`TlsRptReport::with_mtasts`]).
pub fn no_record_with_mtasts() -> Finding {
    Code::NoRecord.finding_as(
        Severity::Warning,
        "no TLS-RPT record, but the domain publishes MTA-STS: when senders cannot deliver over TLS they hold the mail back, and without rua= nobody tells you",
    )
}

/// The tags of the TLS-RPT record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagName {
    V,
    Rua,
}

impl TagName {
    pub const ALL: [TagName; 2] = [TagName::V, TagName::Rua];

    /// Case-sensitive, as RFC 8460 §3 writes the names.
    pub fn parse(name: &str) -> Option<TagName> {
        TagName::ALL.into_iter().find(|t| entry(*t).name == name)
    }
}

/// The explanation of a tag.
// Inlined where it is read, which keeps only the fields it reads: a caller that reads only the
// name (`TagName::parse`, the records' parsers on the domain page) links none of the texts.
#[inline(always)]
pub fn entry(tag: TagName) -> Entry {
    match tag {
        TagName::V => Entry {
            name: "v",
            title: "Version",
            rfc: "RFC 8460 §3",
            summary: "Marks the TXT record at _smtp._tls.<domain> as a TLS reporting record. It must be first and exactly v=TLSRPTv1.",
            mistakes: "Spaces around =, another case (tlsrptv1), or two records: senders then send no reports.",
            default: None,
            values: Some("TLSRPTv1"),
            status: Status::Current,
        },
        TagName::Rua => Entry {
            name: "rua",
            title: "Report addresses",
            rfc: "RFC 8460 §3",
            summary: "Where senders send daily JSON reports about TLS connections to your MX hosts: successes, failures and why (certificate, STARTTLS missing, MTA-STS policy not fetched). mailto: delivers them by mail (gzip attachments), https: by POST.",
            mistakes: "Leaving it out (required); http: or ftp: URIs; a comma inside a URI not written as %2C. Unlike DMARC, an address in another domain needs no authorization record.",
            default: None,
            values: Some("mailto:<address> | https://<url>, separated by commas"),
            status: Status::Current,
        },
    }
}

/// One `rua=` URI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportUri {
    /// As written.
    pub uri: String,
    /// `mailto` or `https` when usable; other schemes are kept as written (lower case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The mail address of a `mailto:` URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The domain of the address, or the host of the URL (lower case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Whether senders can report to it.
    pub valid: bool,
}

/// A parsed TLS-RPT record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsRptRecord {
    pub text: String,
    /// Every field as written, unknown extensions included.
    pub fields: Vec<Tag>,
    pub rua: Vec<ReportUri>,
    pub findings: Vec<Finding>,
}

impl TlsRptRecord {
    pub fn field(&self, name: &str) -> Option<&Tag> {
        self.fields.iter().find(|t| t.name == name)
    }

    /// False when senders would ignore the record.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

fn is_domain(d: &str) -> bool {
    let d = d.strip_suffix('.').unwrap_or(d);
    d.contains('.')
        && d.len() <= 253
        && d.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// Reads one URI; `Err` says why it cannot receive reports.
fn read_uri(uri: &str) -> Result<ReportUri, String> {
    let mut out = ReportUri {
        uri: uri.to_string(),
        scheme: None,
        address: None,
        host: None,
        valid: false,
    };
    let Some((scheme, rest)) = uri.split_once(':') else {
        return Err(format!(
            "{uri:?} is not a URI; write mailto:{uri} or an https:// URL"
        ));
    };
    let scheme = scheme.to_ascii_lowercase();
    out.scheme = Some(scheme.clone());
    match scheme.as_str() {
        "mailto" => {
            // RFC 6068: the address may be followed by ?headers, which reporters ignore.
            let addr = rest.split('?').next().unwrap_or("");
            let domain = addr
                .rsplit_once('@')
                .map(|(l, d)| (l, d.to_ascii_lowercase()));
            match domain {
                Some((local, d)) if !local.is_empty() && is_domain(&d) => {
                    out.address = Some(addr.to_string());
                    out.host = Some(d.trim_end_matches('.').to_string());
                    out.valid = true;
                    Ok(out)
                }
                _ => Err(format!("{uri}: {addr:?} is not a mail address")),
            }
        }
        "https" => {
            let Some(after) = rest.strip_prefix("//") else {
                return Err(format!("{uri}: an https URL begins with https://"));
            };
            let authority = after.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority
                .rsplit_once('@')
                .map_or(authority, |(_, h)| h)
                .split(':')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if is_domain(&host) {
                out.host = Some(host.trim_end_matches('.').to_string());
                out.valid = true;
                Ok(out)
            } else {
                Err(format!("{uri}: {host:?} is not a host name"))
            }
        }
        "http" => Err(format!(
            "{uri}: reports are posted only over HTTPS; write https://"
        )),
        other => Err(format!(
            "{uri}: {other}: is not a report scheme; senders report only to mailto: and https:"
        )),
    }
}

/// Parses the text of a `_smtp._tls` TXT record (RFC 8460 §3).
pub fn parse_record(text: &str) -> TlsRptRecord {
    let (fields, errors) = split_fields(text);
    let mut findings: Vec<Finding> = errors
        .into_iter()
        .map(|(m, s)| Code::Syntax.finding(m).at(s))
        .collect();
    if let Some((m, at)) = version_problem(&fields, "TLSRPTv1") {
        let f = Code::Syntax.finding(m);
        findings.push(match at {
            Some(s) => f.at(s),
            None => f,
        });
    }
    let mut rua = Vec::new();
    match fields.iter().find(|t| t.name == "rua") {
        None => {
            let hint = fields
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case("rua"))
                .map(|t| format!(" ({}= is not rua=: names are case-sensitive)", t.name))
                .unwrap_or_default();
            findings.push(Code::Syntax.finding(format!(
                "rua= is missing: it is required, and says where reports go{hint}"
            )));
        }
        Some(t) if t.value.is_empty() => findings.push(
            Code::Syntax
                .finding("rua= is empty: give at least one mailto: or https: URI")
                .at(t.span),
        ),
        Some(t) => {
            // Each URI with its own span inside the value.
            let mut offset = t.value_span.start;
            for piece in t.value.split(',') {
                let lead = piece.len() - piece.trim_start().len();
                let uri = piece.trim();
                let span = Span::new(offset + lead, offset + lead + uri.len());
                offset += piece.len() + 1;
                if uri.is_empty() {
                    findings.push(
                        Code::Syntax
                            .finding("an empty URI between commas in rua=")
                            .at(t.value_span),
                    );
                    continue;
                }
                match read_uri(uri) {
                    Ok(u) => rua.push(u),
                    Err(why) => {
                        findings.push(Code::RuaInvalid.finding(why).at(span));
                        let scheme = uri.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                        rua.push(ReportUri {
                            uri: uri.to_string(),
                            scheme,
                            address: None,
                            host: None,
                            valid: false,
                        });
                    }
                }
            }
        }
    }
    for t in &fields {
        if t.name == "v" || t.name == "rua" {
            continue;
        }
        if t.value.is_empty()
            || !t
                .value
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '=' && c != ';')
        {
            findings.push(
                Code::Syntax
                    .finding(format!(
                        "{}={}: an extension value is printable characters without spaces, '=' or ';'",
                        t.name, t.value
                    ))
                    .at(t.span),
            );
        }
    }
    TlsRptRecord {
        text: text.to_string(),
        fields,
        rua,
        findings,
    }
}

/// The TLS-RPT view of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsRptReport {
    pub domain: String,
    /// `_smtp._tls.<domain>`
    pub record_name: String,
    /// `record`, `none`, `multiple` or `dns-error`.
    pub status: &'static str,
    /// The TXT records at `record_name` meant as TLS-RPT records, as text.
    pub records: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<TlsRptRecord>,
    pub cname_chain: Vec<String>,
    /// The DNSSEC AD bit of the TXT answer.
    pub authenticated: bool,
    pub findings: Vec<Finding>,
}

impl TlsRptReport {
    /// When the domain publishes MTA-STS (or DANE), a missing record is a warning, not an info:
    /// replaces the `tlsrpt-no-record` finding by [`no_record_with_mtasts`].
    pub fn with_mtasts(mut self, mtasts_present: bool) -> TlsRptReport {
        if mtasts_present && self.status == "none" {
            for f in &mut self.findings {
                if f.code == Code::NoRecord.as_str() {
                    *f = no_record_with_mtasts();
                }
            }
        }
        self
    }

    /// True when senders have somewhere to report.
    pub fn has_record(&self) -> bool {
        self.record.as_ref().is_some_and(TlsRptRecord::is_valid)
    }
}

/// Checks the `_smtp._tls.<domain>` TXT record.
pub async fn check<R: Resolver>(memo: &Memo<'_, R>, domain: &str) -> TlsRptReport {
    let domain = normalize_name(domain);
    let record_name = format!("_smtp._tls.{domain}");
    let answer = memo.query(&record_name, RecordType::Txt).await;
    let (cname_chain, authenticated) = answer_meta(&answer);
    let mut report = TlsRptReport {
        domain,
        record_name: record_name.clone(),
        status: "none",
        records: Vec::new(),
        record: None,
        cname_chain,
        authenticated,
        findings: Vec::new(),
    };
    match version_records(&answer, "TLSRPTv1") {
        Err(e) => {
            report.status = "dns-error";
            report
                .findings
                .push(Code::DnsError.finding(format!("{record_name}: {}", describe(&e))));
        }
        Ok(recs) if recs.is_empty() => report.findings.push(Code::NoRecord.finding(format!(
            "no v=TLSRPTv1 record at {record_name}: senders do not report TLS failures to you"
        ))),
        Ok(recs) if recs.len() > 1 => {
            report.status = "multiple";
            report.findings.push(Code::MultipleRecords.finding(format!(
                "{record_name} has {} v=TLSRPTv1 records: senders send no reports",
                recs.len()
            )));
            report.records = recs;
        }
        Ok(recs) => {
            report.status = "record";
            let rec = parse_record(&recs[0]);
            report.findings.extend(rec.findings.iter().cloned());
            report.record = Some(rec);
            report.records = recs;
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;
    use futures::executor::block_on;

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn codes_are_unique_kebab_and_explained() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let i = c.info();
            assert!(i.code.starts_with("tlsrpt-") && seen.insert(i.code));
            assert!(
                !i.explanation.is_empty() && !i.suggestion.is_empty() && i.rfc.starts_with("RFC ")
            );
            assert_eq!(Code::parse(i.code), Some(c));
        }
        for t in TagName::ALL {
            let e = entry(t);
            assert!(!e.summary.is_empty() && !e.mistakes.is_empty());
            assert_eq!(TagName::parse(e.name), Some(t));
        }
    }

    #[test]
    fn records() {
        let r = parse_record(
            "v=TLSRPTv1; rua=mailto:tls@example.com, https://reports.example.net/tlsrpt",
        );
        assert!(r.is_valid(), "{:?}", r.findings);
        assert_eq!(r.rua.len(), 2);
        assert_eq!(r.rua[0].address.as_deref(), Some("tls@example.com"));
        assert_eq!(r.rua[1].host.as_deref(), Some("reports.example.net"));
        assert_eq!(r.rua[1].scheme.as_deref(), Some("https"));
        let r = parse_record("v=TLSRPTv1;rua=mailto:tls@example.com?subject=tls;");
        assert!(r.is_valid(), "{:?}", r.findings);

        for (rec, code, needle) in [
            (
                "v=TLSRPTv1; rua=ftp://reports.example",
                "tlsrpt-rua-invalid",
                "ftp",
            ),
            (
                "v=TLSRPTv1; rua=http://reports.example/x",
                "tlsrpt-rua-invalid",
                "HTTPS",
            ),
            (
                "v=TLSRPTv1; rua=mailto:nobody",
                "tlsrpt-rua-invalid",
                "mail address",
            ),
            (
                "v=TLSRPTv1; rua=tls@example.com",
                "tlsrpt-rua-invalid",
                "not a URI",
            ),
            (
                "v=TLSRPTv1; rua=https:reports.example",
                "tlsrpt-rua-invalid",
                "https://",
            ),
            (
                "v=TLSRPTv1; rua=https:///x",
                "tlsrpt-rua-invalid",
                "host name",
            ),
            ("v=TLSRPTv1", "tlsrpt-syntax", "rua= is missing"),
            (
                "v=TLSRPTv1; RUA=mailto:a@example.com",
                "tlsrpt-syntax",
                "case-sensitive",
            ),
            ("v=TLSRPTv1; rua=", "tlsrpt-syntax", "empty"),
            (
                "v=TLSRPTv1; rua=mailto:a@example.com,,",
                "tlsrpt-syntax",
                "empty URI",
            ),
            (
                "v=tlsrptv1; rua=mailto:a@example.com",
                "tlsrpt-syntax",
                "exactly TLSRPTv1",
            ),
            (
                "rua=mailto:a@example.com; v=TLSRPTv1",
                "tlsrpt-syntax",
                "must begin",
            ),
            (
                "v=TLSRPTv1; rua = mailto:a@example.com",
                "tlsrpt-syntax",
                "no space",
            ),
        ] {
            let r = parse_record(rec);
            assert!(
                r.findings
                    .iter()
                    .any(|f| f.code == code && f.message.contains(needle)),
                "{rec}: {:?}",
                r.findings
            );
            assert!(!r.is_valid(), "{rec}");
        }
        // The span of a bad URI points at it.
        let text = "v=TLSRPTv1; rua=mailto:a@example.com, ftp://x.example";
        let r = parse_record(text);
        let s = r.findings[0].span.unwrap();
        assert_eq!(&text[s.start..s.end], "ftp://x.example");
        assert_eq!(r.rua.len(), 2);
        assert!(r.rua[0].valid && !r.rua[1].valid);
    }

    const ZONE: &str = r#"
_smtp._tls.good.example:
  - TXT: v=TLSRPTv1; rua=mailto:tls@good.example
  - SECURE
_smtp._tls.two.example:
  - TXT: v=TLSRPTv1; rua=mailto:a@two.example
  - TXT: v=TLSRPTv1; rua=mailto:b@two.example
_smtp._tls.bad.example:
  - TXT: v=TLSRPTv1; rua=ftp://reports.bad.example
_smtp._tls.slow.example:
  - TIMEOUT
"#;

    fn run(domain: &str) -> TlsRptReport {
        let z = Zone::from_yaml(ZONE).unwrap();
        let memo = Memo::new(&z);
        block_on(check(&memo, domain))
    }

    #[test]
    fn check_over_a_zone_and_every_code() {
        let good = run("good.example");
        assert_eq!(good.status, "record");
        assert!(good.findings.is_empty() && good.authenticated && good.has_record());
        for (domain, code) in [
            ("none.example", "tlsrpt-no-record"),
            ("two.example", "tlsrpt-multiple-records"),
            ("bad.example", "tlsrpt-rua-invalid"),
            ("slow.example", "tlsrpt-dns-error"),
        ] {
            let r = run(domain);
            assert!(
                codes(&r.findings).contains(&code),
                "{domain}: {:?}",
                r.findings
            );
            assert!(!codes(&good.findings).contains(&code));
        }
        // tlsrpt-syntax is covered by `records`.
        let tested = [
            "tlsrpt-no-record",
            "tlsrpt-multiple-records",
            "tlsrpt-syntax",
            "tlsrpt-rua-invalid",
            "tlsrpt-dns-error",
        ];
        assert!(Code::ALL.iter().all(|c| tested.contains(&c.as_str())));
    }

    #[test]
    fn missing_record_is_a_warning_beside_mtasts() {
        let r = run("none.example");
        assert_eq!(r.findings[0].severity, Severity::Info);
        let r = r.with_mtasts(true);
        assert_eq!(r.findings[0].code, "tlsrpt-no-record");
        assert_eq!(r.findings[0].severity, Severity::Warning);
        assert!(r.findings[0].message.contains("MTA-STS"));
        let r = run("none.example").with_mtasts(false);
        assert_eq!(r.findings[0].severity, Severity::Info);
        let r = run("good.example").with_mtasts(true);
        assert!(r.findings.is_empty());
        let json = serde_json::to_value(run("good.example")).unwrap();
        assert_eq!(json["record"]["rua"][0]["scheme"], "mailto");
    }
}
