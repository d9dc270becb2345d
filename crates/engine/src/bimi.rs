//! BIMI: the `default._bimi` TXT record (the "Assertion Record" of
//! draft-brand-indicators-for-message-identification, an Internet-Draft, revision 10 of
//! September 2025; not an RFC).
//!
//! The logo and certificate URLs are data only: the engine never fetches or renders them.
//! Receivers fall back to `default._bimi.<organizational domain>` when the author domain has no
//! record (draft §7.2 step 6); [`check`] looks at the domain it is given, so the caller checks the
//! organizational domain too when they differ.
//!
//! ```abnf
//! ; draft-brand-indicators-for-message-identification-10 §4.3 (tag-value syntax of RFC 6376 §3.2)
//! bimi-record = bimi-version (bimi-sep bimi-location) [bimi-sep bimi-evidence-location]
//!               [bimi-sep local-part-selector] [bimi-sep bimi-logo-preference] [bimi-sep]
//!               ; components other than bimi-version may appear in any order
//! bimi-sep               = *WSP ";" *WSP
//! bimi-version           = "v" *WSP "=" *WSP "BIMI1"
//! bimi-location          = "l" *WSP "=" *WSP [bimi-uri]     ; HTTPS; empty = declined
//! bimi-evidence-location = "a" *WSP "=" *WSP [bimi-uri]     ; HTTPS; empty = no evidence
//! local-part-selector    = "lps" *WSP "=" *WSP %s"true" / %s"false"
//! bimi-logo-preference   = "avp" *WSP "=" *WSP %s"personal" / %s"brand"
//! bimi-uri               = [FWS] URI [FWS]                  ; commas must be %-encoded
//! ```

use serde::Serialize;

use crate::diag::{code_table, finding_codes};
use crate::diag::{Finding, Severity, Span};
use crate::dns::memo::Memo;
use crate::dns::{normalize_name, RecordType, Resolver};
use crate::domain::inspect::describe;
use crate::explain::{Entry, Status};
use crate::mtasts::{answer_meta, version_records};
use crate::tags::{self, Tag};

/// The draft every BIMI reference points to.
pub const DRAFT: &str = "draft-brand-indicators-for-message-identification-10";

finding_codes! {
    /// The stable codes of BIMI findings.
    pub enum Code {
        NoRecord,
        Syntax,
        MultipleRecords,
        LogoNotHttps,
        LogoNotSvg,
        CertificateNotHttps,
        NoCertificate,
        Declined,
        DmarcNotEnforced,
        UnknownTag,
        DnsError,
    }
}

// The `rfc` field names the draft, not an RFC: BIMI is not standardized.
code_table! {
    Code {
        NoRecord => ("bimi-no-record", Info, "No BIMI record",
            "BIMI lets mailboxes show your logo beside authenticated mail. It is optional, and works only once DMARC is at quarantine or reject.",
            "If you want a logo shown: reach DMARC enforcement, publish an SVG Tiny PS logo over HTTPS, obtain a mark certificate (VMC or CMC), then publish v=BIMI1; l=<logo URL>; a=<certificate URL> at default._bimi.<domain>.", "draft-brand-indicators-for-message-identification-10 §4.3 (draft)"),
        Syntax => ("bimi-syntax", Error, "BIMI record syntax error",
            "Receivers must not repair a BIMI record: a malformed or missing required tag, or a wrong version, makes them ignore it.",
            "Write v=BIMI1 first, then l= (and a=) separated by semicolons; names and values are case-sensitive.", "draft-brand-indicators-for-message-identification-10 §4.3 (draft)"),
        MultipleRecords => ("bimi-multiple-records", Error, "More than one BIMI record",
            "When the selector name holds more than one v=BIMI1 record, receivers show no logo.",
            "Keep exactly one v=BIMI1 TXT record at default._bimi.<domain>.", "draft-brand-indicators-for-message-identification-10 §7.2 (draft)"),
        LogoNotHttps => ("bimi-logo-not-https", Error, "Logo not served over HTTPS",
            "l= must be a single https: URL; receivers do not fetch a logo any other way.",
            "Host the logo on an HTTPS server and write its https:// URL in l=.", "draft-brand-indicators-for-message-identification-10 §4.3, §7.3 (draft)"),
        LogoNotSvg => ("bimi-logo-not-svg", Error, "Logo is not an SVG file",
            "The only logo format BIMI accepts is SVG (or gzip-compressed SVGZ) in the SVG Tiny Portable/Secure profile; a URL ending in another image suffix (.png, .jpg) is a permanent error. The engine does not fetch the file: a URL without .svg may still serve SVG, so that case is a warning.",
            "Convert the logo to SVG Tiny PS (a square image, no scripts or external references) and link the .svg file.", "draft-brand-indicators-for-message-identification-10 §4.3.2 (draft)"),
        CertificateNotHttps => ("bimi-certificate-not-https", Error, "Certificate not served over HTTPS",
            "a= must be empty or a single https: URL pointing at the mark certificate (a PEM file).",
            "Write the https:// URL your certificate authority gave you for the PEM file, or leave a= empty.", "draft-brand-indicators-for-message-identification-10 §4.3 (draft)"),
        NoCertificate => ("bimi-no-certificate", Info, "No mark certificate",
            "Without a= pointing at a mark certificate, Gmail and Apple Mail do not show the logo; they require a Verified Mark Certificate (VMC) or a Common Mark Certificate (CMC). Some mailboxes (Yahoo, for senders with good reputation) show it without one.",
            "Obtain a VMC (registered trademark) or a CMC (a mark used for a year or more) from a certificate authority that issues them, and publish its URL in a=.", "draft-brand-indicators-for-message-identification-10 §3.5 (draft)"),
        Declined => ("bimi-declined", Info, "BIMI declined",
            "Empty l= and a= is an explicit declination: no logo is shown for mail using this selector, even where the organizational domain publishes one.",
            "Nothing to do if intended; otherwise publish the logo URL in l=.", "draft-brand-indicators-for-message-identification-10 §4.3.1 (draft)"),
        DmarcNotEnforced => ("bimi-dmarc-not-enforced", Error, "DMARC is not at enforcement",
            "Receivers process BIMI only when DMARC for the author domain and its organizational domain is p=quarantine or p=reject, sp is not none, and a quarantine policy applies to 100% of mail (pct=100 or no pct).",
            "Move DMARC to p=quarantine or p=reject (without pct below 100, and without sp=none) on the organizational domain and the sending domain; see the DMARC rollout plan.", "draft-brand-indicators-for-message-identification-10 §7.1 (draft)"),
        UnknownTag => ("bimi-unknown-tag", Warning, "Unknown tag",
            "Receivers ignore tags BIMI does not define; usually a typo, a capital letter (L= is not l=) or a tag from another place (s= belongs in the BIMI-Selector header of messages, not in the record).",
            "Fix or remove it.", "draft-brand-indicators-for-message-identification-10 §4.3 (draft)"),
        DnsError => ("bimi-dns-error", Warning, "DNS lookup failed",
            "The BIMI lookup failed temporarily; receivers meeting the same failure show no logo (bimi=temperror).",
            "Check the authoritative name servers; try again or with another resolver.", "draft-brand-indicators-for-message-identification-10 §7.7 (draft)"),
    }
}

/// The BIMI record tags, plus `s`, which belongs to the BIMI-Selector header but is often put in
/// the record by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagName {
    V,
    L,
    A,
    Lps,
    Avp,
    S,
}

impl TagName {
    pub const ALL: [TagName; 6] = [
        TagName::V,
        TagName::L,
        TagName::A,
        TagName::Lps,
        TagName::Avp,
        TagName::S,
    ];

    /// Case-sensitive: receivers must not fix capitalization (draft §4.3).
    pub fn parse(name: &str) -> Option<TagName> {
        TagName::ALL.into_iter().find(|t| entry(*t).name == name)
    }
}

/// The explanation of a tag.
// Inlined where it is read, which keeps only the fields it reads: a caller that reads only the
// name (`TagName::parse`, the records' parsers on the domain page) links none of the texts.
#[inline(always)]
pub fn entry(tag: TagName) -> Entry {
    let e = |name, title, rfc, default, values, summary, mistakes| Entry {
        name,
        title,
        rfc,
        summary,
        mistakes,
        default,
        values: Some(values),
        status: Status::Current,
    };
    match tag {
        TagName::V => e("v", "Version", "draft-brand-indicators-for-message-identification-10 §4.3 (draft)", None, "BIMI1",
            "Marks the TXT record at <selector>._bimi.<domain> as a BIMI assertion record. It must be the first tag and exactly BIMI1.",
            "bimi1 in lower case, or anything before v=: receivers ignore the record."),
        TagName::L => e("l", "Logo location", "draft-brand-indicators-for-message-identification-10 §4.3, §4.3.2 (draft)", None, "empty | one https:// URL of an SVG or SVGZ file",
            "Where receivers fetch the logo: one HTTPS URL of an SVG file in the SVG Tiny Portable/Secure profile. Empty together with an empty a= declines BIMI. Required.",
            "A PNG or JPEG; an ordinary SVG from a design tool (it must be converted to SVG Tiny PS); an http: URL; several URLs separated by commas (early drafts allowed it, the current one does not)."),
        TagName::A => e("a", "Authority evidence (certificate)", "draft-brand-indicators-for-message-identification-10 §4.3, §3.5 (draft)", Some("empty"), "empty | one https:// URL of a PEM file",
            "Where receivers fetch the mark certificate that proves the right to the logo: a Verified Mark Certificate (registered trademark) or a Common Mark Certificate (mark in use). Gmail and Apple Mail show the logo only with one.",
            "Pointing at the logo instead of the .pem; a certificate whose embedded logo differs from the one at l=."),
        TagName::Lps => e("lps", "Local-part selectors", "draft-brand-indicators-for-message-identification-10 §4.5 (draft)", Some("false"), "true | false",
            "lps=true asks receivers to look for a record named after the sender's local part (news@ looks up news._bimi.<domain>) before using this one. Added in recent drafts; few receivers support it yet.",
            "True, TRUE or yes: only the lower-case words are valid."),
        TagName::Avp => e("avp", "Avatar preference", "draft-brand-indicators-for-message-identification-10 §4.3 (draft)", Some("brand"), "brand | personal",
            "For mailboxes that can also show a sender's personal avatar: brand prefers the BIMI logo, personal prefers the sender's own avatar when there is one.",
            "Other values are ignored (and some receivers treat them as a failing record)."),
        TagName::S => e("s", "Selector (header tag, not a record tag)", "draft-brand-indicators-for-message-identification-10 §5.1 (draft)", Some("default"), "a selector name",
            "s= belongs in the BIMI-Selector header of a message (BIMI-Selector: v=BIMI1; s=brand2), which makes receivers look up brand2._bimi.<domain> instead of default._bimi. In the record itself it means nothing.",
            "Putting s= in the TXT record; an unsigned BIMI-Selector header, which receivers ignore."),
    }
}

/// `avp=`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AvatarPreference {
    Brand,
    Personal,
}

/// A parsed BIMI assertion record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BimiRecord {
    pub text: String,
    /// Every tag as written, unknown ones included.
    pub tags: Vec<Tag>,
    /// `l=` as written: `None` when absent, `Some("")` when empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// `a=` as written (the certificate URL): `None` when absent, `Some("")` when empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// `lps=` when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_part_selectors: Option<bool>,
    /// `avp=` when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_preference: Option<AvatarPreference>,
    pub findings: Vec<Finding>,
}

impl BimiRecord {
    pub fn tag(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }

    /// Empty `l=` and empty or absent `a=`: the domain declines BIMI (draft §4.3.1).
    pub fn declined(&self) -> bool {
        self.logo.as_deref() == Some("") && self.evidence.as_deref().unwrap_or("").is_empty()
    }

    /// `avp`, else `brand` (draft §4.3).
    pub fn effective_avatar_preference(&self) -> AvatarPreference {
        self.avatar_preference.unwrap_or(AvatarPreference::Brand)
    }

    /// `lps`, else false.
    pub fn effective_local_part_selectors(&self) -> bool {
        self.local_part_selectors.unwrap_or(false)
    }

    pub fn has_error(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// The path of an URL, lower case, without query or fragment.
fn url_path(url: &str) -> String {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after.find('/').map_or("", |i| &after[i..]);
    path.split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Checks one `l=` or `a=` URL: a single https: URL with a host. `what` names it in messages.
fn https_url(t: &Tag, code: Code, what: &str, findings: &mut Vec<Finding>) -> bool {
    let v = t.value.as_str();
    if v.contains(',') {
        findings.push(
            Code::Syntax
                .finding(format!(
                    "{}={v}: a single URL is allowed (commas inside a URL must be written %2C)",
                    t.name
                ))
                .at(t.value_span),
        );
        return false;
    }
    let lower = v.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://") else {
        findings.push(
            code.finding(format!(
                "{}={v}: the {what} must be an https:// URL",
                t.name
            ))
            .at(t.value_span),
        );
        return false;
    };
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    if !host.contains('.') || v.chars().any(|c| c.is_ascii_whitespace()) {
        findings.push(
            Code::Syntax
                .finding(format!("{}={v}: not a valid URL", t.name))
                .at(t.value_span),
        );
        return false;
    }
    true
}

/// Parses the text of a BIMI assertion record (draft §4.3).
pub fn parse_record(text: &str) -> BimiRecord {
    let (tags, errors) = tags::parse(text, 0);
    let mut findings: Vec<Finding> = errors
        .into_iter()
        .map(|e| Code::Syntax.finding(e.message).at(e.span))
        .collect();
    match tags.first() {
        Some(t) if t.name == "v" && t.value == "BIMI1" => {}
        Some(t) if t.name == "v" => findings.push(
            Code::Syntax
                .finding(format!("v={}: the version must be exactly BIMI1", t.value))
                .at(t.value_span),
        ),
        _ => {
            let f = Code::Syntax.finding("the record must begin with v=BIMI1");
            findings.push(
                match tags.iter().find(|t| t.name.eq_ignore_ascii_case("v")) {
                    Some(t) => f.at(t.span),
                    None => f,
                },
            );
        }
    }
    let mut r = BimiRecord {
        text: text.to_string(),
        tags: Vec::new(),
        logo: None,
        evidence: None,
        local_part_selectors: None,
        avatar_preference: None,
        findings: Vec::new(),
    };
    for t in &tags {
        let v = t.value.as_str();
        match TagName::parse(&t.name) {
            Some(TagName::V) => {}
            Some(TagName::L) => {
                r.logo = Some(v.to_string());
                if !v.is_empty() {
                    https_url(t, Code::LogoNotHttps, "logo", &mut findings);
                }
                // The suffix is reported beside a wrong scheme too: both need fixing.
                if !v.is_empty() && !v.contains(',') {
                    let path = url_path(v);
                    if !(path.ends_with(".svg") || path.ends_with(".svgz")) {
                        let other = [
                            ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif",
                            ".tiff", ".avif",
                        ]
                        .into_iter()
                        .find(|s| path.ends_with(s));
                        let f = match other {
                            Some(s) => Code::LogoNotSvg.finding(format!(
                                "l={v}: a {s} file; BIMI logos are SVG Tiny PS, and receivers treat another image suffix as a permanent error"
                            )),
                            None => Code::LogoNotSvg.finding_as(
                                Severity::Warning,
                                format!("l={v}: the URL does not end in .svg; receivers accept only an SVG Tiny PS file (the engine does not fetch it to check)"),
                            ),
                        };
                        findings.push(f.at(t.value_span));
                    }
                }
            }
            Some(TagName::A) => {
                r.evidence = Some(v.to_string());
                if !v.is_empty() {
                    https_url(t, Code::CertificateNotHttps, "certificate", &mut findings);
                }
            }
            Some(TagName::Lps) => match v {
                "true" => r.local_part_selectors = Some(true),
                "false" => r.local_part_selectors = Some(false),
                _ => findings.push(
                    Code::Syntax
                        .finding(format!("lps={v}: the value is true or false, in lower case"))
                        .at(t.value_span),
                ),
            },
            Some(TagName::Avp) => match v {
                "brand" => r.avatar_preference = Some(AvatarPreference::Brand),
                "personal" => r.avatar_preference = Some(AvatarPreference::Personal),
                // The draft says to ignore other values (and allows treating them as a failure),
                // so this one is a warning.
                _ => findings.push(
                    Code::Syntax
                        .finding_as(
                            Severity::Warning,
                            format!("avp={v}: the value is brand or personal; receivers ignore it (some reject the record)"),
                        )
                        .at(t.value_span),
                ),
            },
            Some(TagName::S) => findings.push(
                Code::UnknownTag
                    .finding("s= is not a record tag: the selector goes in the BIMI-Selector header of messages; receivers ignore it here")
                    .at(t.span),
            ),
            None => {
                let hint = TagName::parse(&t.name.to_ascii_lowercase())
                    .filter(|n| *n != TagName::S)
                    .map(|n| format!(" (tag names are case-sensitive: write {}=)", entry(n).name))
                    .unwrap_or_default();
                findings.push(
                    Code::UnknownTag
                        .finding(format!(
                            "{}= is not a BIMI tag; receivers ignore it{hint}",
                            t.name
                        ))
                        .at(t.span),
                );
            }
        }
    }
    if r.logo.is_none() {
        findings
            .push(Code::Syntax.finding("l= is missing: it is required (empty to decline BIMI)"));
    }
    if r.declined() {
        let at = r.tag("l").map_or(Span::new(0, 0), |t| t.span);
        findings.push(
            Code::Declined
                .finding("l= and a= are empty: the domain declines BIMI for this selector")
                .at(at),
        );
    } else if r.logo.as_deref().is_some_and(|l| !l.is_empty())
        && r.evidence.as_deref().unwrap_or("").is_empty()
    {
        findings.push(Code::NoCertificate.finding(
            "no a= certificate: Gmail and Apple Mail show the logo only with a VMC or CMC in a=",
        ));
    }
    r.tags = tags;
    r.findings = findings;
    r
}

/// The `bimi-dmarc-not-enforced` finding when a DMARC policy does not allow BIMI (draft §7.1):
/// `p` must be quarantine or reject, and a quarantine policy must apply to all mail (`pct`
/// absent or 100). A reject policy with pct below 100 still quarantines the rest, which the draft
/// accepts. Pass the policy of the organizational domain (and, separately, of the author domain
/// when it has its own record). `None` means the requirement is met.
pub fn dmarc_requirement(p: Option<&str>, pct: Option<u8>) -> Option<Finding> {
    dmarc_requirement_with_sp(p, None, pct)
}

/// [`dmarc_requirement`] that also applies the draft's rule on `sp=`: a subdomain policy of none
/// disqualifies the domain (draft §7.1 item 8).
pub fn dmarc_requirement_with_sp(
    p: Option<&str>,
    sp: Option<&str>,
    pct: Option<u8>,
) -> Option<Finding> {
    let p_norm = p.map(|s| s.trim().to_ascii_lowercase());
    let msg = match p_norm.as_deref() {
        None => "no DMARC policy: receivers show a BIMI logo only with DMARC p=quarantine or p=reject".to_string(),
        Some("none") => "DMARC p=none: receivers show a BIMI logo only with p=quarantine or p=reject".to_string(),
        Some("quarantine") if pct.is_some_and(|x| x < 100) => format!(
            "DMARC p=quarantine with pct={}: BIMI needs the policy applied to all mail (pct=100 or no pct)",
            pct.unwrap_or(100)
        ),
        Some("quarantine") | Some("reject") => {
            if sp.is_some_and(|s| s.trim().eq_ignore_ascii_case("none")) {
                "DMARC sp=none: receivers do not process BIMI when the subdomain policy is none".to_string()
            } else {
                return None;
            }
        }
        Some(other) => format!(
            "DMARC p={other} is not a valid policy: BIMI needs p=quarantine or p=reject"
        ),
    };
    Some(Code::DmarcNotEnforced.finding(msg))
}

/// The BIMI view of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BimiReport {
    pub domain: String,
    pub selector: String,
    /// `<selector>._bimi.<domain>`
    pub record_name: String,
    /// `record`, `declined`, `none`, `multiple` or `dns-error`.
    pub status: &'static str,
    /// The TXT records at `record_name` meant as BIMI records, as text.
    pub records: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<BimiRecord>,
    pub cname_chain: Vec<String>,
    /// The DNSSEC AD bit of the TXT answer.
    pub authenticated: bool,
    pub findings: Vec<Finding>,
}

impl BimiReport {
    /// Adds [`dmarc_requirement_with_sp`]'s finding when the domain publishes a logo (a
    /// declination or no record needs no DMARC enforcement).
    pub fn with_dmarc(mut self, p: Option<&str>, sp: Option<&str>, pct: Option<u8>) -> BimiReport {
        // Idempotent: a report crossed with DMARC again (the CLI re-assembles the domain report
        // after it reads the MTA-STS policy) keeps one finding, the latest.
        let crossed = Code::DmarcNotEnforced.as_str();
        self.findings.retain(|f| f.code != crossed);
        if self.status == "record" {
            if let Some(f) = dmarc_requirement_with_sp(p, sp, pct) {
                self.findings.push(f);
            }
        }
        self
    }
}

/// Checks `default._bimi.<domain>`.
pub async fn check<R: Resolver>(memo: &Memo<'_, R>, domain: &str) -> BimiReport {
    check_selector(memo, domain, "default").await
}

/// Checks `<selector>._bimi.<domain>` (a selector named in a BIMI-Selector header).
pub async fn check_selector<R: Resolver>(
    memo: &Memo<'_, R>,
    domain: &str,
    selector: &str,
) -> BimiReport {
    let domain = normalize_name(domain);
    let selector = normalize_name(selector);
    let record_name = format!("{selector}._bimi.{domain}");
    let answer = memo.query(&record_name, RecordType::Txt).await;
    let (cname_chain, authenticated) = answer_meta(&answer);
    let mut report = BimiReport {
        domain,
        selector,
        record_name: record_name.clone(),
        status: "none",
        records: Vec::new(),
        record: None,
        cname_chain,
        authenticated,
        findings: Vec::new(),
    };
    match version_records(&answer, "BIMI1") {
        Err(e) => {
            report.status = "dns-error";
            report
                .findings
                .push(Code::DnsError.finding(format!("{record_name}: {}", describe(&e))));
        }
        Ok(recs) if recs.is_empty() => report
            .findings
            .push(Code::NoRecord.finding(format!("no v=BIMI1 record at {record_name}"))),
        Ok(recs) if recs.len() > 1 => {
            report.status = "multiple";
            report.findings.push(Code::MultipleRecords.finding(format!(
                "{record_name} has {} v=BIMI1 records: receivers show no logo",
                recs.len()
            )));
            report.records = recs;
        }
        Ok(recs) => {
            let rec = parse_record(&recs[0]);
            report.status = if rec.declined() { "declined" } else { "record" };
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

    const GOOD: &str =
        "v=BIMI1; l=https://example.com/brand/logo.svg; a=https://example.com/brand/vmc.pem";

    #[test]
    fn codes_are_unique_kebab_and_explained() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let i = c.info();
            assert!(i.code.starts_with("bimi-") && seen.insert(i.code));
            assert!(!i.explanation.is_empty() && !i.suggestion.is_empty());
            assert!(
                i.rfc.starts_with(DRAFT) && i.rfc.ends_with("(draft)"),
                "{}",
                i.rfc
            );
            assert_eq!(Code::parse(i.code), Some(c));
        }
        for t in TagName::ALL {
            let e = entry(t);
            assert!(!e.summary.is_empty() && !e.mistakes.is_empty());
            assert!(e.rfc.contains("(draft)"));
            assert_eq!(TagName::parse(e.name), Some(t));
        }
        assert_eq!(TagName::parse("L"), None);
    }

    #[test]
    fn records() {
        let r = parse_record(GOOD);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert_eq!(
            r.logo.as_deref(),
            Some("https://example.com/brand/logo.svg")
        );
        assert_eq!(r.effective_avatar_preference(), AvatarPreference::Brand);
        assert!(!r.effective_local_part_selectors());
        let r = parse_record("v = BIMI1 ; l = https://example.com/logo.SVGZ?v=2 ; a= https://example.com/c.pem; lps=true; avp=personal;");
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert_eq!(r.avatar_preference, Some(AvatarPreference::Personal));
        assert_eq!(r.local_part_selectors, Some(true));

        let r = parse_record("v=BIMI1; l=; a=;");
        assert!(r.declined());
        assert_eq!(codes(&r.findings), ["bimi-declined"]);
        assert!(parse_record("v=BIMI1; l=").declined());
        assert!(!parse_record("v=BIMI1; l=; a=https://example.com/c.pem").declined());
    }

    /// Every code a record alone can produce, with the severity it takes there.
    #[test]
    fn record_codes() {
        for (rec, code, severity) in [
            (
                "v=BIMI1; l=http://example.com/logo.svg",
                "bimi-logo-not-https",
                Severity::Error,
            ),
            (
                "v=BIMI1; l=https://example.com/logo.png",
                "bimi-logo-not-svg",
                Severity::Error,
            ),
            (
                "v=BIMI1; l=https://example.com/logo",
                "bimi-logo-not-svg",
                Severity::Warning,
            ),
            (
                "v=BIMI1; l=https://example.com/logo.svg; a=http://example.com/c.pem",
                "bimi-certificate-not-https",
                Severity::Error,
            ),
            (
                "v=BIMI1; l=https://example.com/logo.svg",
                "bimi-no-certificate",
                Severity::Info,
            ),
            ("v=BIMI1; l=; a=", "bimi-declined", Severity::Info),
            (
                "v=BIMI1; l=https://example.com/logo.svg; s=brand",
                "bimi-unknown-tag",
                Severity::Warning,
            ),
            (
                "v=BIMI1; L=https://example.com/logo.svg",
                "bimi-unknown-tag",
                Severity::Warning,
            ),
            (
                "v=BIMI1; L=https://example.com/logo.svg",
                "bimi-syntax",
                Severity::Error,
            ),
            (
                "v=bimi1; l=https://example.com/logo.svg",
                "bimi-syntax",
                Severity::Error,
            ),
            (
                "l=https://example.com/logo.svg; v=BIMI1",
                "bimi-syntax",
                Severity::Error,
            ),
            (
                "v=BIMI1; l=https://a.example/1.svg,https://b.example/2.svg",
                "bimi-syntax",
                Severity::Error,
            ),
            (
                "v=BIMI1; l=https://example.com/logo.svg; lps=yes",
                "bimi-syntax",
                Severity::Error,
            ),
            (
                "v=BIMI1; l=https://example.com/logo.svg; avp=both",
                "bimi-syntax",
                Severity::Warning,
            ),
            (
                "v=BIMI1; l=https://nohost/logo.svg",
                "bimi-syntax",
                Severity::Error,
            ),
            (
                "v=BIMI1; l=https://example.com/logo.svg; l=x",
                "bimi-syntax",
                Severity::Error,
            ),
        ] {
            let r = parse_record(rec);
            assert!(
                r.findings
                    .iter()
                    .any(|f| f.code == code && f.severity == severity),
                "{rec}: {code} {severity:?} not in {:?}",
                r.findings
            );
            assert!(!codes(&parse_record(GOOD).findings).contains(&code));
        }
        // The span of the bad logo points at its value.
        let text = "v=BIMI1; l=http://example.com/logo.svg";
        let r = parse_record(text);
        let s = r.findings[0].span.unwrap();
        assert_eq!(&text[s.start..s.end], "http://example.com/logo.svg");
        assert!(r.findings[0].message.contains("https://"));
        let c = codes(&parse_record("v=BIMI1; l=http://example.com/logo.png").findings);
        assert!(
            c.contains(&"bimi-logo-not-https") && c.contains(&"bimi-logo-not-svg"),
            "{c:?}"
        );
    }

    #[test]
    fn dmarc_requirement_follows_the_draft() {
        for (p, sp, pct, ok) in [
            (Some("reject"), None, None, true),
            (Some("quarantine"), None, Some(100), true),
            (Some("Reject"), Some("quarantine"), None, true),
            (Some("reject"), None, Some(50), true),
            (Some("quarantine"), None, Some(50), false),
            (Some("none"), None, None, false),
            (None, None, None, false),
            (Some("block"), None, None, false),
            (Some("reject"), Some("none"), None, false),
        ] {
            let f = dmarc_requirement_with_sp(p, sp, pct);
            assert_eq!(f.is_none(), ok, "{p:?} {sp:?} {pct:?}: {f:?}");
            if let Some(f) = f {
                assert_eq!(f.code, "bimi-dmarc-not-enforced");
            }
        }
        assert!(dmarc_requirement(Some("none"), None).is_some());
        assert!(dmarc_requirement(Some("quarantine"), None).is_none());
    }

    const ZONE: &str = r#"
default._bimi.good.example:
  - TXT: "v=BIMI1; l=https://good.example/logo.svg; a=https://good.example/vmc.pem"
  - SECURE
default._bimi.two.example:
  - TXT: "v=BIMI1; l=https://two.example/a.svg"
  - TXT: "v=BIMI1; l=https://two.example/b.svg"
default._bimi.declined.example:
  - TXT: "v=BIMI1; l=; a=;"
default._bimi.slow.example:
  - TIMEOUT
brand2._bimi.good.example:
  - TXT: "v=BIMI1; l=https://good.example/other.svg"
"#;

    fn run(domain: &str) -> BimiReport {
        let z = Zone::from_yaml(ZONE).unwrap();
        let memo = Memo::new(&z);
        block_on(check(&memo, domain))
    }

    #[test]
    fn check_over_a_zone_and_every_code() {
        let good = run("good.example");
        assert_eq!(good.status, "record");
        assert!(good.findings.is_empty() && good.authenticated);
        for (domain, code) in [
            ("none.example", "bimi-no-record"),
            ("two.example", "bimi-multiple-records"),
            ("declined.example", "bimi-declined"),
            ("slow.example", "bimi-dns-error"),
        ] {
            let r = run(domain);
            assert!(
                codes(&r.findings).contains(&code),
                "{domain}: {:?}",
                r.findings
            );
            assert!(!codes(&good.findings).contains(&code));
        }
        assert_eq!(run("declined.example").status, "declined");
        let r = run("good.example").with_dmarc(Some("none"), None, None);
        assert!(codes(&r.findings).contains(&"bimi-dmarc-not-enforced"));
        let r = run("good.example").with_dmarc(Some("reject"), None, None);
        assert!(r.findings.is_empty());
        // Crossed twice (the CLI re-assembles after reading the MTA-STS policy): one finding, and
        // a stronger policy the second time clears it.
        let twice = run("good.example")
            .with_dmarc(Some("none"), None, None)
            .with_dmarc(Some("none"), None, None);
        assert_eq!(codes(&twice.findings), ["bimi-dmarc-not-enforced"]);
        let cleared = twice.with_dmarc(Some("reject"), None, None);
        assert!(cleared.findings.is_empty());
        let r = run("declined.example").with_dmarc(Some("none"), None, None);
        assert!(!codes(&r.findings).contains(&"bimi-dmarc-not-enforced"));

        let z = Zone::from_yaml(ZONE).unwrap();
        let memo = Memo::new(&z);
        let r = block_on(check_selector(&memo, "good.example", "brand2"));
        assert_eq!(r.record_name, "brand2._bimi.good.example");
        assert_eq!(codes(&r.findings), ["bimi-no-certificate"]);

        let json = serde_json::to_value(&good).unwrap();
        assert_eq!(json["record"]["logo"], "https://good.example/logo.svg");
        assert_eq!(json["status"], "record");

        let tested = [
            "bimi-no-record",
            "bimi-syntax",
            "bimi-multiple-records",
            "bimi-logo-not-https",
            "bimi-logo-not-svg",
            "bimi-certificate-not-https",
            "bimi-no-certificate",
            "bimi-declined",
            "bimi-dmarc-not-enforced",
            "bimi-unknown-tag",
            "bimi-dns-error",
        ];
        assert!(Code::ALL.iter().all(|c| tested.contains(&c.as_str())));
    }
}
