//! Why a DoH resolver gave no answer: the `dns-*` codes.
//!
//! A temporary failure travels through the engine as [`DnsError`] text (every protocol turns it
//! into its own finding: `spf-dns-error`, `dkim-dns-error`, ...). So that a user can still tell a
//! timeout from a rate limit, and search for it, the text of every transport fault ends with its
//! code in parentheses, `dns.google: SERVFAIL (dns-servfail)`; [`Fault::codes_in`] finds them
//! again for the page, which shows each code beside its explanation.
//!
//! NXDOMAIN and NODATA are answers, not faults: they have no code here.

use std::fmt;

use crate::diag::{code_table, finding_codes};
use crate::dns::{DnsError, RecordType};
use crate::explain::CodeInfo;

finding_codes! {
    /// A transport fault: what went wrong between us and the resolver, or at the resolver.
    pub enum Fault {
        /// No answer within the time limit. `dns-timeout`
        Timeout,
        /// RCODE 2. `dns-servfail`
        ServFail,
        /// RCODE 1, 4, 5 or another error RCODE that is not NXDOMAIN. `dns-rcode`
        Rcode,
        /// The TC bit and no record. `dns-truncated`
        Truncated,
        /// HTTP 429. `dns-rate-limited`
        RateLimited,
        /// Any other HTTP status than 200. `dns-http-error`
        HttpError,
        /// A body that is not DoH JSON, or record data that cannot be read. `dns-bad-answer`
        BadAnswer,
        /// No HTTP answer reached us: network, TLS, CORS, Content-Security-Policy. `dns-unreachable`
        Unreachable,
    }
}

impl Fault {
    /// Where the codes stand in a failure's text: `(start, end, fault)` of each "(dns-…)".
    fn marks(text: &str) -> impl Iterator<Item = (usize, usize, Fault)> + '_ {
        text.match_indices("(dns-").filter_map(move |(i, _)| {
            let end = i + text[i..].find(')')?;
            Fault::parse(&text[i + 1..end]).map(|f| (i, end + 1, f))
        })
    }

    /// The codes written in a failure's text, in order, each once.
    pub fn codes_in(text: &str) -> Vec<Fault> {
        let mut out = Vec::new();
        for (_, _, f) in Fault::marks(text) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    /// `text` without the codes [`Fault::codes_in`] finds (" (dns-timeout)"): what a page shows
    /// when it lists those codes beside the text, as labels.
    pub fn without_codes(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end, _) in Fault::marks(text) {
            out.push_str(
                text[at..start]
                    .strip_suffix(' ')
                    .unwrap_or(&text[at..start]),
            );
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// A temporary failure of `resolver` with this fault: `"{resolver}: {detail} ({code})"`.
    pub fn error(
        self,
        name: &str,
        rtype: RecordType,
        resolver: &str,
        detail: impl fmt::Display,
    ) -> DnsError {
        DnsError::temporary(name, rtype, format!("{resolver}: {detail} ({self})"))
    }
}

code_table! {
    Fault {
        Timeout => ("dns-timeout", Warning, "The resolver did not answer in time",
            "No answer came within the time limit (5 s in the page, --timeout in the CLI). The domain's name servers may be slow or unreachable, or the resolver overloaded. authlens asks the other resolver once; a receiver meeting the same failure gets temperror and tries again later.",
            "Try again later. If it lasts, check that every name server of the zone answers (dig +norec @each-ns name TXT).",
            "RFC 7208 §5, RFC 6376 §6.1.2"),
        ServFail => ("dns-servfail", Warning, "The resolver answered SERVFAIL",
            "RCODE 2: the resolver could not get a usable answer from the domain's name servers: they are down or lame, or the answer failed DNSSEC validation at this resolver. Resolvers differ here (one may validate where another does not), so authlens asks the other resolver once.",
            "Check the zone's name servers and its DNSSEC chain (the DS record at the parent, signatures not expired), e.g. with dig +dnssec or DNSViz.",
            "RFC 1035 §4.1.1, RFC 4035 §5.5"),
        Rcode => ("dns-rcode", Warning, "The resolver refused the query",
            "The resolver answered with an error code other than NXDOMAIN (REFUSED, NOTIMP, FORMERR): it would not or could not answer this question, which says nothing about the domain.",
            "Try another resolver; a resolver of your own may refuse names outside the zones it serves.",
            "RFC 1035 §4.1.1, RFC 6895 §2.3"),
        Truncated => ("dns-truncated", Warning, "The answer was truncated",
            "The resolver set the TC bit and sent no record: the answer did not fit and was not retried over TCP. Large TXT sets (long SPF or DKIM records) meet this with some resolvers and firewalls, and receivers then get temperror.",
            "Keep the records at this name short (fewer or shorter TXT records); try another resolver.",
            "RFC 1035 §4.1.1, RFC 7766 §5"),
        RateLimited => ("dns-rate-limited", Warning, "The resolver is rate limiting (HTTP 429)",
            "The resolver answered HTTP 429 Too Many Requests. Its Retry-After header says how long to wait: authlens does not ask that resolver again before then (it waits when that is 1 s or less, and never longer), and asks the other resolver at once instead.",
            "Wait the time it asks, or pick another resolver.",
            "RFC 6585 §4, RFC 9110 §10.2.3"),
        HttpError => ("dns-http-error", Warning, "The resolver answered an HTTP error",
            "The resolver answered with an HTTP status other than 200 (a 5xx is a failure of the resolver or of a proxy in front of it; a 4xx means it would not take the query). No DNS answer came with it.",
            "Try again later or pick another resolver; for a resolver of your own, check the URL and its logs.",
            "RFC 9110 §15"),
        BadAnswer => ("dns-bad-answer", Warning, "The resolver's answer could not be read",
            "The body was not DoH JSON (cut off, HTML from a proxy, no Status field), or it held record data that does not parse. Nothing in it can be trusted, so it counts as no answer.",
            "Check that the resolver URL is a DoH JSON endpoint (Google's /resolve, or a /dns-query that answers application/dns-json); try another resolver.",
            "RFC 8484 §4.2 (media types); the JSON dialects are Google's and Cloudflare's"),
        Unreachable => ("dns-unreachable", Warning, "The resolver could not be reached",
            "No HTTP answer arrived: the network is down, the connection was refused or cut, TLS failed, or (in the page) the browser refused the answer because the resolver sends no Access-Control-Allow-Origin header or the page's Content-Security-Policy does not list it. The browser does not say which.",
            "Check the URL and the connection. A resolver of your own must send Access-Control-Allow-Origin and be listed in connect-src when the page is built (see the README).",
            "Fetch Standard §3.2 (CORS), CSP Level 3 connect-src"),
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The explanation of a `dns-*` code.
pub fn info(code: &str) -> Option<CodeInfo> {
    Fault::parse(code).map(Fault::info)
}

/// Puts the resolver's name in front of a failure's reason (`dns.google: SERVFAIL (dns-servfail)`),
/// once. NXDOMAIN and NODATA are returned as they are.
pub fn attribute(e: DnsError, resolver: &str) -> DnsError {
    let prefix = |reason: String| {
        if reason.starts_with(&format!("{resolver}: ")) {
            reason
        } else {
            format!("{resolver}: {reason}")
        }
    };
    match e {
        DnsError::Temporary {
            name,
            rtype,
            reason,
        } => DnsError::Temporary {
            name,
            rtype,
            reason: prefix(reason),
        },
        DnsError::Malformed {
            name,
            rtype,
            reason,
        } => DnsError::Malformed {
            name,
            rtype,
            reason: prefix(reason),
        },
        other => other,
    }
}

/// "5 s", "1.5 s", "300 ms".
pub fn duration_text(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        // Tenths of a second, rounded half up, in integers: no float formatting code in the
        // pages for one decimal.
        match ms.saturating_add(50) / 100 {
            t if t % 10 == 0 => format!("{} s", t / 10),
            t => format!("{}.{} s", t / 10, t % 10),
        }
    }
}

/// The failure for a query that got no answer within `ms`.
pub fn timeout(name: &str, rtype: RecordType, resolver: &str, ms: u64) -> DnsError {
    Fault::Timeout.error(
        name,
        rtype,
        resolver,
        format!("timeout, no answer within {}", duration_text(ms)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_kebab_case_and_parses_back() {
        for f in Fault::ALL {
            let c = f.as_str();
            assert!(c.starts_with("dns-"), "{c}");
            assert!(
                c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{c}"
            );
            assert_eq!(Fault::parse(c), Some(f));
            assert!(!f.info().explanation.is_empty() && !f.info().suggestion.is_empty());
            assert_eq!(info(c).map(|i| i.code), Some(c));
        }
    }

    #[test]
    fn codes_are_found_in_text_in_order_once() {
        let t = "dns.google: HTTP 429 (dns-rate-limited); retried on cloudflare-dns.com: \
                 timeout (dns-timeout); and again (dns-timeout) (dns-nonsense) (dns-";
        assert_eq!(Fault::codes_in(t), vec![Fault::RateLimited, Fault::Timeout]);
        assert!(Fault::codes_in("SERVFAIL").is_empty());
    }

    #[test]
    fn errors_carry_the_resolver_and_the_code() {
        let e = timeout("x.example", RecordType::Txt, "dns.google", 5000);
        assert!(e.is_temporary());
        assert_eq!(
            e.to_string(),
            "x.example TXT: temporary failure: dns.google: timeout, no answer within 5 s (dns-timeout)"
        );
        let e = attribute(
            DnsError::malformed("x.example", RecordType::Txt, "not JSON (dns-bad-answer)"),
            "r",
        );
        let again = attribute(e.clone(), "r");
        assert_eq!(e, again, "attributed once");
        assert!(e.to_string().contains("r: not JSON"));
        assert_eq!(duration_text(300), "300 ms");
        assert_eq!(duration_text(1500), "1.5 s");
        assert_eq!(duration_text(1249), "1.2 s");
        assert_eq!(duration_text(1250), "1.3 s");
        assert_eq!(duration_text(1999), "2 s");
        assert_eq!(duration_text(2000), "2 s");
    }

    #[test]
    fn codes_come_out_of_the_text_and_nothing_else_does() {
        assert_eq!(
            Fault::without_codes(
                "dns.google: no answer within 5 s (dns-timeout); then (not a code) (dns-nope)"
            ),
            "dns.google: no answer within 5 s; then (not a code) (dns-nope)"
        );
        assert_eq!(Fault::without_codes("plain"), "plain");
    }
}
