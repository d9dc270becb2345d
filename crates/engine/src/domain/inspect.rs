//! Inspecting a domain: what the page and `authlens inspect` show.
//!
//! For now the raw TXT records of the domain and of `_dmarc.<domain>`; the protocol views build on
//! the same lookups.

use serde::Serialize;

use crate::dns::{DnsError, Lookup, RData, RecordType, Resolver};

/// The result of one query, in a shape that serializes the same for success and failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawLookup {
    pub name: String,
    #[serde(rename = "type")]
    pub rtype: RecordType,
    /// `ok`, `nxdomain`, `nodata`, `temporary` or `malformed`.
    pub status: &'static str,
    pub records: Vec<RData>,
    pub cname_chain: Vec<String>,
    /// The DNSSEC AD bit of the answer.
    pub authenticated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u32>,
    /// What went wrong, in words, when `status` is not `ok`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl RawLookup {
    pub fn from_result(name: &str, rtype: RecordType, r: Result<Lookup, DnsError>) -> RawLookup {
        match r {
            Ok(l) => RawLookup {
                name: l.name,
                rtype: l.rtype,
                status: "ok",
                records: l.records,
                cname_chain: l.cname_chain,
                authenticated: l.authenticated,
                ttl: l.ttl,
                error: None,
            },
            Err(e) => {
                let authenticated = matches!(
                    e,
                    DnsError::NxDomain {
                        authenticated: true,
                        ..
                    } | DnsError::NoData {
                        authenticated: true,
                        ..
                    }
                );
                RawLookup {
                    name: name.to_string(),
                    rtype,
                    status: e.kind(),
                    records: Vec::new(),
                    cname_chain: e.cname_chain().to_vec(),
                    authenticated,
                    ttl: None,
                    error: Some(describe(&e)),
                }
            }
        }
    }
}

/// A sentence for a user, without the name (the page shows it beside).
pub fn describe(e: &DnsError) -> String {
    match e {
        DnsError::NxDomain { .. } => "The name does not exist (NXDOMAIN).".into(),
        DnsError::NoData { rtype, .. } => format!("The name exists but has no {rtype} record."),
        DnsError::Temporary { reason, .. } => {
            format!("Temporary DNS failure: {reason}. Trying again later may work.")
        }
        DnsError::Malformed { reason, .. } => format!("Unusable answer: {reason}."),
    }
}

/// The raw records of a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawInspection {
    pub domain: String,
    pub lookups: Vec<RawLookup>,
}

impl RawInspection {
    /// True when no lookup got an answer from DNS (every one failed temporarily or was unusable):
    /// the resolver, not the domain, is the problem.
    pub fn resolver_failed(&self) -> bool {
        !self.lookups.is_empty()
            && self
                .lookups
                .iter()
                .all(|l| matches!(l.status, "temporary" | "malformed"))
    }
}

/// What a TXT record is for, from its version tag (`v=spf1`, `v=DMARC1`, ...), compared
/// case-insensitively as the protocols allow.
pub fn txt_kind(text: &str) -> Option<&'static str> {
    let t = text.trim_start();
    let rest = t
        .strip_prefix(['v', 'V'])?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let v = rest.split([';', ' ', '\t']).next().unwrap_or("");
    [
        ("spf1", "SPF"),
        ("DMARC1", "DMARC"),
        ("DKIM1", "DKIM"),
        ("STSv1", "MTA-STS"),
        ("TLSRPTv1", "TLS-RPT"),
        ("BIMI1", "BIMI"),
    ]
    .into_iter()
    .find(|(tag, _)| v.eq_ignore_ascii_case(tag))
    .map(|(_, kind)| kind)
}

/// Fetches the TXT records of `domain` and of `_dmarc.<domain>`, both at once.
pub async fn raw_txt<R: Resolver>(resolver: &R, domain: &str) -> RawInspection {
    let dmarc = format!("_dmarc.{domain}");
    let (apex, policy) = futures::future::join(
        resolver.query(domain, RecordType::Txt),
        resolver.query(&dmarc, RecordType::Txt),
    )
    .await;
    RawInspection {
        domain: domain.to_string(),
        lookups: vec![
            RawLookup::from_result(domain, RecordType::Txt, apex),
            RawLookup::from_result(&dmarc, RecordType::Txt, policy),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;

    #[test]
    fn raw_txt_reports_both_names() {
        let z = Zone::from_yaml(
            "example.com:\n  - TXT: v=spf1 -all\n  - SECURE\n_dmarc.example.com:\n  - TXT: v=DMARC1; p=reject\n",
        )
        .unwrap();
        let r = futures::executor::block_on(raw_txt(&z, "example.com"));
        assert_eq!(r.lookups[0].status, "ok");
        assert!(r.lookups[0].authenticated);
        assert_eq!(r.lookups[1].name, "_dmarc.example.com");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json["lookups"][1]["records"][0]["data"]["text"],
            "v=DMARC1; p=reject"
        );
        assert_eq!(json["lookups"][0]["type"], "TXT");

        assert!(!r.resolver_failed());
        let r = futures::executor::block_on(raw_txt(&z, "missing.example"));
        assert_eq!(r.lookups[0].status, "nxdomain");
        assert!(r.lookups[0].error.as_deref().unwrap().contains("NXDOMAIN"));
    }

    #[test]
    fn txt_kinds() {
        for (text, kind) in [
            ("v=spf1 -all", Some("SPF")),
            ("V=SPF1", Some("SPF")),
            ("v=spf10 -all", None),
            ("v=DMARC1; p=none", Some("DMARC")),
            ("v = DMARC1 ; p = reject", Some("DMARC")),
            ("v=DKIM1; k=rsa", Some("DKIM")),
            ("v=STSv1; id=1", Some("MTA-STS")),
            ("v=TLSRPTv1; rua=mailto:x@y", Some("TLS-RPT")),
            ("v=BIMI1; l=https://x", Some("BIMI")),
            ("google-site-verification=x", None),
            ("", None),
        ] {
            assert_eq!(txt_kind(text), kind, "{text}");
        }
    }
}
