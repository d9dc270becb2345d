//! The MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) builder: the `_mta-sts` TXT record, the policy
//! file with where to host it, and the `_smtp._tls` record.
//!
//! The record's `id` must change whenever the policy changes (senders fetch the file again only
//! then, RFC 8461 §3.1). The engine has no clock, so the caller passes the id: [`id_from_unix`]
//! makes one from the time the page or the CLI reads. The `mx:` patterns are best taken from the
//! domain's MX hosts ([`suggest_mx`]), and the built policy is checked against them with the
//! same check as a published one (`mtasts::check_policy_against_mx`).

use serde::Serialize;

use crate::diag::{Finding, Severity};
use crate::mtasts::{
    check_policy_against_mx, parse_policy, parse_record, policy_url, Mode, MAX_AGE_LIMIT,
    MAX_AGE_SHORT,
};
use crate::name::parse_domain;
use crate::tlsrpt;

use crate::build::{diff_tags, join, list, Change, Comparison, InputError, TxtOutput};

/// The user's choices: the page's state and address, and the CLI's flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MtaStsBuilder {
    pub domain: String,
    /// `mode:`; testing first, then enforce once the TLS reports are clean.
    pub mode: Mode,
    /// `mx:` patterns: host names, or `*.` and a domain for any one label below it (address
    /// parameter `mx_pattern`, apart from the SPF builder's `mx`).
    pub mx: Vec<String>,
    /// `max_age:` in seconds.
    pub max_age: u32,
    /// `id=` of the TXT record: 1 to 32 letters and digits, new for every policy change.
    pub id: String,
    /// TLS-RPT `rua=`: mail addresses (`mailto:` optional) or `https://` URLs (address
    /// parameter `tls_rua`, apart from the DMARC wizard's `rua`).
    pub rua: Vec<String>,
}

impl Default for MtaStsBuilder {
    fn default() -> MtaStsBuilder {
        MtaStsBuilder {
            domain: String::new(),
            mode: Mode::Testing,
            mx: Vec::new(),
            max_age: MAX_AGE_SHORT,
            id: String::new(),
            rua: Vec::new(),
        }
    }
}

/// The policy file and where it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyFile {
    /// The file's content, lines ending in CRLF (RFC 8461 §3.2).
    pub text: String,
    /// `https://mta-sts.<domain>/.well-known/mta-sts.txt`
    pub url: String,
    /// `mta-sts.<domain>`
    pub host: String,
    pub path: &'static str,
    pub content_type: &'static str,
    /// A name for the download.
    pub file_name: &'static str,
}

/// What the builder made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MtaStsOutput {
    /// `_mta-sts.<domain>`; `None` without a valid id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<TxtOutput>,
    /// `None` without an `mx:` pattern (unless the mode is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyFile>,
    /// `_smtp._tls.<domain>`; `None` without a report address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_rpt: Option<TxtOutput>,
    /// How to host the file and publish the records, in order, for this domain.
    pub hosting: Vec<String>,
    /// The parsers' findings on what was built (never an error), and the policy checked against
    /// the MX hosts given (`mtasts-mx-not-covered`).
    pub findings: Vec<Finding>,
    pub input_errors: Vec<InputError>,
}

impl MtaStsBuilder {
    /// The address parameters this builder reads and writes.
    pub const PARAMS: [&'static str; 6] =
        ["domain", "mode", "mx_pattern", "max_age", "id", "tls_rua"];

    /// Every key of [`Self::PARAMS`], `None` where the value is the default.
    pub fn to_params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            (
                "domain",
                Some(self.domain.clone()).filter(|s| !s.is_empty()),
            ),
            (
                "mode",
                (self.mode != Mode::Testing).then(|| self.mode.as_str().to_string()),
            ),
            ("mx_pattern", join(&self.mx)),
            (
                "max_age",
                (self.max_age != MAX_AGE_SHORT).then(|| self.max_age.to_string()),
            ),
            ("id", Some(self.id.clone()).filter(|s| !s.is_empty())),
            ("tls_rua", join(&self.rua)),
        ]
    }

    /// Reads the state from address parameters; unknown values fall back to the defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> MtaStsBuilder {
        MtaStsBuilder {
            domain: get("domain").unwrap_or_default().trim().to_string(),
            mode: get("mode")
                .and_then(|m| Mode::parse(m.trim()))
                .unwrap_or(Mode::Testing),
            mx: list(get("mx_pattern").as_deref()),
            max_age: get("max_age")
                .and_then(|a| a.trim().parse().ok())
                .unwrap_or(MAX_AGE_SHORT),
            id: get("id").unwrap_or_default().trim().to_string(),
            rua: list(get("tls_rua").as_deref()),
        }
    }

    pub fn to_query(&self) -> String {
        crate::build::query_string(&self.to_params())
    }

    pub fn from_query(query: &str) -> MtaStsBuilder {
        let pairs = crate::build::parse_query(query);
        MtaStsBuilder::from_params(|k| crate::build::query_get(&pairs, k).map(str::to_string))
    }

    /// Builds the records and the file. `mx_hosts` are the domain's MX host names (from its MX
    /// lookup), which the policy must cover; pass none to skip that check.
    pub fn build(&self, mx_hosts: &[String]) -> MtaStsOutput {
        let mut errors = Vec::new();
        let mut findings = Vec::new();
        let domain = match self.domain.trim() {
            "" => String::new(),
            d => parse_domain(d).unwrap_or_else(|e| {
                errors.push(InputError::new("domain", d, e.to_string()));
                String::new()
            }),
        };
        let shown = if domain.is_empty() {
            "<domain>".to_string()
        } else {
            domain.clone()
        };

        // The TXT record.
        let id = self.id.trim();
        let record = if id.is_empty() {
            errors.push(InputError::new(
                "id",
                id,
                "the record needs an id: 1 to 32 letters and digits, new for every policy change (the time, as id_from_unix makes it, is a good one)",
            ));
            None
        } else if id.len() > 32 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            errors.push(InputError::new(
                "id",
                id,
                "the id is 1 to 32 letters and digits, nothing else",
            ));
            None
        } else {
            let text = format!("v=STSv1; id={id}");
            findings.extend(parse_record(&text).findings);
            Some(TxtOutput::new(
                "_mta-sts",
                &domain,
                crate::build::split_txt(&text),
            ))
        };

        // The policy file.
        let mut patterns: Vec<String> = Vec::new();
        for p in &self.mx {
            let pat = p.trim().trim_end_matches('.').to_ascii_lowercase();
            let probe = parse_policy(&format!(
                "version: STSv1\nmode: testing\nmx: {pat}\nmax_age: {MAX_AGE_SHORT}\n"
            ));
            if pat.is_empty() || probe.mx.is_empty() || pat.contains(char::is_whitespace) {
                errors.push(InputError::new(
                    "mx_pattern",
                    p,
                    format!("{p:?} is not an MX pattern: a host name (mx1.example.com) or *. and a domain (*.mail.example.net)"),
                ));
            } else if !patterns.contains(&pat) {
                patterns.push(pat);
            }
        }
        let max_age = if self.max_age > MAX_AGE_LIMIT {
            errors.push(InputError::new(
                "max_age",
                &self.max_age.to_string(),
                format!("max_age is at most {MAX_AGE_LIMIT} seconds (a year); the year is used"),
            ));
            MAX_AGE_LIMIT
        } else {
            self.max_age
        };
        let policy = if patterns.is_empty() && self.mode != Mode::None {
            errors.push(InputError::new(
                "mx_pattern",
                "",
                "the policy needs at least one mx: pattern (take them from the domain's MX hosts) unless the mode is none",
            ));
            None
        } else {
            let mut text = format!("version: STSv1\r\nmode: {}\r\n", self.mode.as_str());
            for p in &patterns {
                text.push_str(&format!("mx: {p}\r\n"));
            }
            text.push_str(&format!("max_age: {max_age}\r\n"));
            let parsed = parse_policy(&text);
            findings.extend(parsed.findings.iter().cloned());
            findings.extend(check_policy_against_mx(&parsed, mx_hosts));
            Some(PolicyFile {
                url: policy_url(&shown),
                host: format!("mta-sts.{shown}"),
                path: "/.well-known/mta-sts.txt",
                content_type: "text/plain",
                file_name: "mta-sts.txt",
                text,
            })
        };

        // TLS-RPT.
        let mut uris = Vec::new();
        for r in &self.rua {
            match report_uri(r) {
                Ok(u) if !uris.contains(&u) => uris.push(u),
                Ok(_) => {}
                Err(e) => errors.push(InputError::new("tls_rua", r, e)),
            }
        }
        let tls_rpt = if uris.is_empty() {
            findings.push(tlsrpt::no_record_with_mtasts());
            None
        } else {
            let text = format!("v=TLSRPTv1; rua={}", uris.join(","));
            findings.extend(tlsrpt::parse_record(&text).findings);
            Some(TxtOutput::new(
                "_smtp._tls",
                &domain,
                crate::build::split_txt(&text),
            ))
        };

        MtaStsOutput {
            record,
            policy,
            tls_rpt,
            hosting: hosting(&shown),
            findings,
            input_errors: errors,
        }
    }
}

/// A TLS-RPT report URI from what was typed: an address becomes `mailto:`, an `https://` URL is
/// kept; checked by the TLS-RPT parser.
fn report_uri(input: &str) -> Result<String, String> {
    let s = input.trim();
    let uri = if s.contains(':') {
        s.to_string()
    } else if s.contains('@') {
        format!("mailto:{s}")
    } else {
        return Err(format!(
            "{s:?} is neither a mail address nor an https:// URL"
        ));
    };
    if uri.contains([',', ';', ' ', '!']) {
        return Err(format!(
            "{s:?}: a report URI cannot contain , ; ! or a space"
        ));
    }
    let r = tlsrpt::parse_record(&format!("v=TLSRPTv1; rua={uri}"));
    match r.findings.iter().find(|f| f.severity == Severity::Error) {
        Some(f) => Err(f.message.clone()),
        None => Ok(uri),
    }
}

/// The steps to publish MTA-STS for `domain`, in order.
pub fn hosting(domain: &str) -> Vec<String> {
    vec![
        format!("Give mta-sts.{domain} an address (A/AAAA, or a CNAME to a static host) and an HTTPS certificate valid for that name: senders fetch the policy like any HTTPS client and check the certificate (RFC 8461 §3.3)."),
        format!("Serve the policy file at {} with status 200 and Content-Type text/plain, without a redirect (senders do not follow them). Any static host that serves HTTPS on a name of yours will do: GitHub Pages, Netlify, Cloudflare Pages, a bucket behind a CDN, or your web server.", policy_url(domain)),
        format!("Publish the TXT record at _mta-sts.{domain}. Senders fetch the file again only when the id changes: whenever you change the file, change the file first, then publish a new id."),
        format!("Publish the TLS-RPT record at _smtp._tls.{domain} and read the daily reports: stay in mode testing until they show no failures for a few weeks, then switch to enforce (a new id) and raise max_age to weeks."),
        "To withdraw MTA-STS, publish mode: none with a new id, keep it for at least the old max_age so that senders forget the old policy, then remove the records and the file.".to_string(),
    ]
}

/// `mx:` patterns for a domain's MX hosts: each host as it is, except that two or more hosts
/// directly under the same parent (of at least two labels) become `*.<parent>`. `*.` matches
/// exactly one label (RFC 8461 §4.1), so the result always covers every host given.
pub fn suggest_mx(mx_hosts: &[String]) -> Vec<String> {
    let hosts: Vec<String> = mx_hosts
        .iter()
        .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|h| !h.is_empty() && h != ".")
        .collect();
    let parent = |h: &str| h.split_once('.').map(|(_, p)| p.to_string());
    let mut out: Vec<String> = Vec::new();
    for h in &hosts {
        let p = parent(h).filter(|p| p.contains('.'));
        let siblings = p.as_ref().map_or(0, |p| {
            hosts
                .iter()
                .filter(|o| parent(o).as_deref() == Some(p.as_str()))
                .count()
        });
        let pattern = match p {
            Some(p) if siblings >= 2 => format!("*.{p}"),
            _ => h.clone(),
        };
        if !out.contains(&pattern) {
            out.push(pattern);
        }
    }
    out
}

/// An id from a time: `YYYYMMDDhhmmss` in UTC (14 digits), new each second.
pub fn id_from_unix(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn tags(text: &str) -> Vec<(String, String)> {
    crate::tags::parse(text, 0)
        .0
        .into_iter()
        .map(|t| (t.name, t.value))
        .collect()
}

/// The built `_mta-sts` record beside the published one.
pub fn compare_record(built: &str, published: Option<&str>) -> Comparison {
    let Some(p) = published else {
        return Comparison::new(
            None,
            built,
            Vec::new(),
            vec![
                "No MTA-STS record is published: publish the policy file first, then the record."
                    .into(),
            ],
        );
    };
    let changes = diff_tags(&tags(p), &tags(built));
    let mut notes = Vec::new();
    if changes.is_empty() {
        notes.push("Same id: senders that cached the policy will not fetch the file again. Change the id whenever the file changes.".into());
    }
    Comparison::new(Some(p), built, changes, notes)
}

/// The built policy file beside the published one (its text as fetched).
pub fn compare_policy(built: &str, published: Option<&str>) -> Comparison {
    let Some(p) = published else {
        return Comparison::new(None, built, Vec::new(), Vec::new());
    };
    let (b, o) = (parse_policy(built), parse_policy(p));
    let mut changes = Vec::new();
    for key in ["version", "mode", "max_age"] {
        let get = |x: &crate::mtasts::StsPolicy| {
            x.lines
                .iter()
                .find(|l| l.key == key)
                .map(|l| l.value.clone())
        };
        match (get(&o), get(&b)) {
            (Some(a), Some(c)) if a != c => changes.push(Change::Changed {
                what: key.into(),
                published: a,
                built: c,
            }),
            (None, Some(c)) => changes.push(Change::Added {
                what: format!("{key}: {c}"),
            }),
            (Some(a), None) => changes.push(Change::Removed {
                what: format!("{key}: {a}"),
            }),
            _ => {}
        }
    }
    let (bm, om) = (b.mx_patterns(), o.mx_patterns());
    for m in bm
        .iter()
        .filter(|m| !om.iter().any(|x| x.eq_ignore_ascii_case(m)))
    {
        changes.push(Change::Added {
            what: format!("mx: {m}"),
        });
    }
    for m in om
        .iter()
        .filter(|m| !bm.iter().any(|x| x.eq_ignore_ascii_case(m)))
    {
        changes.push(Change::Removed {
            what: format!("mx: {m}"),
        });
    }
    let mut notes = Vec::new();
    if !changes.is_empty() {
        notes.push("Replace the file first, then publish the record with a new id; senders keep the old policy until they see the new id.".into());
    }
    Comparison::new(Some(p), built, changes, notes)
}

/// The built TLS-RPT record beside the published one.
pub fn compare_tls_rpt(built: &str, published: Option<&str>) -> Comparison {
    match published {
        None => Comparison::new(None, built, Vec::new(), Vec::new()),
        Some(p) => Comparison::new(
            Some(p),
            built,
            diff_tags(&tags(p), &tags(built)),
            Vec::new(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn builds_record_policy_and_tls_rpt() {
        let b = MtaStsBuilder {
            domain: "Example.com".into(),
            mode: Mode::Enforce,
            mx: vec![
                "mx1.example.com.".into(),
                "*.mail.example.net".into(),
                "bad*.example.com".into(),
            ],
            max_age: 1_209_600,
            id: "20260101000000".into(),
            rua: vec![
                "tls@example.com".into(),
                "https://r.example.net/tls".into(),
                "http://x.example".into(),
            ],
        };
        let out = b.build(&hosts(&["mx1.example.com", "a.mail.example.net"]));
        let rec = out.record.unwrap();
        assert_eq!(rec.name, "_mta-sts.example.com");
        assert_eq!(rec.text, "v=STSv1; id=20260101000000");
        let pol = out.policy.unwrap();
        assert_eq!(
            pol.text,
            "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.mail.example.net\r\nmax_age: 1209600\r\n"
        );
        assert_eq!(
            pol.url,
            "https://mta-sts.example.com/.well-known/mta-sts.txt"
        );
        let tls = out.tls_rpt.unwrap();
        assert_eq!(tls.name, "_smtp._tls.example.com");
        assert_eq!(
            tls.text,
            "v=TLSRPTv1; rua=mailto:tls@example.com,https://r.example.net/tls"
        );
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let fields: Vec<&str> = out.input_errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["mx_pattern", "tls_rua"]);
        assert!(out.hosting[1].contains("https://mta-sts.example.com/.well-known/mta-sts.txt"));
    }

    #[test]
    fn missing_pieces_give_no_record_and_say_why() {
        let out = MtaStsBuilder::default().build(&[]);
        assert!(out.record.is_none() && out.policy.is_none() && out.tls_rpt.is_none());
        let fields: Vec<&str> = out.input_errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["id", "mx_pattern"]);
        let codes: Vec<&str> = out.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["tlsrpt-no-record"]);
        // Mode none needs no mx.
        let none = MtaStsBuilder {
            mode: Mode::None,
            id: "x1".into(),
            ..MtaStsBuilder::default()
        }
        .build(&[]);
        assert!(none.policy.is_some());
        assert!(none.findings.iter().any(|f| f.code == "mtasts-mode-none"));
    }

    #[test]
    fn uncovered_mx_is_reported() {
        let b = MtaStsBuilder {
            domain: "example.com".into(),
            mode: Mode::Enforce,
            mx: vec!["mx1.example.com".into()],
            id: "1".into(),
            rua: vec!["tls@example.com".into()],
            ..MtaStsBuilder::default()
        };
        let out = b.build(&hosts(&["mx1.example.com", "mx2.example.com"]));
        let f: Vec<(&str, Severity)> = out.findings.iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(f, [("mtasts-mx-not-covered", Severity::Error)]);
    }

    #[test]
    fn suggested_patterns_cover_the_hosts() {
        let google = hosts(&[
            "aspmx.l.google.com",
            "alt1.aspmx.l.google.com",
            "alt2.aspmx.l.google.com",
            "alt3.aspmx.l.google.com.",
        ]);
        assert_eq!(
            suggest_mx(&google),
            ["aspmx.l.google.com", "*.aspmx.l.google.com"]
        );
        let ms = hosts(&["contoso-com.mail.protection.outlook.com"]);
        assert_eq!(suggest_mx(&ms), ["contoso-com.mail.protection.outlook.com"]);
        let two = hosts(&["MX1.example.com", "mx2.example.com"]);
        assert_eq!(suggest_mx(&two), ["*.example.com"]);
        for set in [google, ms, two] {
            let p = suggest_mx(&set);
            assert!(set.iter().all(|h| crate::mtasts::mx_covered(&p, h)));
        }
        // Two hosts directly under a TLD do not become *.com.
        assert_eq!(suggest_mx(&hosts(&["a.com", "b.com"])), ["a.com", "b.com"]);
    }

    #[test]
    fn id_from_unix_is_the_utc_time() {
        assert_eq!(id_from_unix(0), "19700101000000");
        assert_eq!(id_from_unix(1_767_225_600), "20260101000000");
        assert_eq!(id_from_unix(951_782_400 + 3_661), "20000229010101");
        assert!(parse_record(&format!(
            "v=STSv1; id={}",
            id_from_unix(u64::from(u32::MAX))
        ))
        .is_valid());
    }

    #[test]
    fn params_round_trip() {
        let b = MtaStsBuilder {
            domain: "example.com".into(),
            mode: Mode::Enforce,
            mx: vec!["mx1.example.com".into(), "*.example.net".into()],
            max_age: 86_400,
            id: "abc123".into(),
            rua: vec![
                "mailto:tls@example.com".into(),
                "https://r.example.net/x?a=1".into(),
            ],
        };
        assert_eq!(MtaStsBuilder::from_query(&b.to_query()), b);
        assert_eq!(MtaStsBuilder::from_query(""), MtaStsBuilder::default());
    }

    #[test]
    fn comparisons() {
        let c = compare_record("v=STSv1; id=2", Some("v=STSv1; id=1"));
        assert_eq!(
            c.changes,
            [Change::Changed {
                what: "id".into(),
                published: "1".into(),
                built: "2".into()
            }]
        );
        assert!(!compare_record("v=STSv1; id=1", Some("v=STSv1; id=1"))
            .notes
            .is_empty());
        let p = compare_policy(
            "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 1209600\r\n",
            Some("version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: old.example.com\nmax_age: 86400\n"),
        );
        assert_eq!(p.changes.len(), 3, "{:?}", p.changes);
        let t = compare_tls_rpt(
            "v=TLSRPTv1; rua=mailto:a@example.com",
            Some("v=TLSRPTv1; rua=mailto:a@example.com"),
        );
        assert!(t.same);
    }
}
