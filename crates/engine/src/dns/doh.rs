//! DNS-over-HTTPS in its JSON dialects: building the request and reading the answer.
//!
//! Two dialects are in use and both go through the same tolerant decoder:
//! - Google (`https://dns.google/resolve`) gives TXT data unquoted, the character-strings of one
//!   record joined with nothing between them;
//! - Cloudflare (`https://cloudflare-dns.com/dns-query`, `accept: application/dns-json`) gives each
//!   character-string in double quotes, separated by a space, and does not always escape a double
//!   quote inside a string.
//!
//! The transport (gloo-net in the page, a native client in the CLI) only moves bytes; everything
//! that can be decided without the network is here, so both behave the same: the `dns-*` codes of
//! the faults ([`fault`]), the `Retry-After` rule ([`backoff`]), and which resolver is asked again
//! when one fails ([`Provider::fallback`]; the retry itself is in [`crate::dns::cache`]).

pub mod backoff;
pub mod fault;

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Deserialize;

use crate::dns::{normalize_name, DnsError, Lookup, Mx, RData, RecordType, Txt};
use fault::Fault;

/// The `accept` header value that selects JSON on Cloudflare and is harmless on Google.
pub const ACCEPT: &str = "application/dns-json";

pub const GOOGLE_ENDPOINT: &str = "https://dns.google/resolve";
pub const CLOUDFLARE_ENDPOINT: &str = "https://cloudflare-dns.com/dns-query";

/// Which DoH JSON endpoint answers the queries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Provider {
    Google,
    Cloudflare,
    /// Any endpoint that speaks one of the two JSON dialects.
    Custom(String),
}

impl Provider {
    pub fn endpoint(&self) -> &str {
        match self {
            Provider::Google => GOOGLE_ENDPOINT,
            Provider::Cloudflare => CLOUDFLARE_ENDPOINT,
            Provider::Custom(url) => url,
        }
    }

    /// A short label for the UI and logs.
    pub fn label(&self) -> &str {
        match self {
            Provider::Google => "Google",
            Provider::Cloudflare => "Cloudflare",
            Provider::Custom(url) => url,
        }
    }

    /// The resolver as messages name it: `dns.google`, `cloudflare-dns.com`, or host and path of
    /// another endpoint (`127.0.0.1:8053/dns-query`).
    pub fn name(&self) -> String {
        endpoint_name(self.endpoint())
    }

    /// The resolver asked once more when this one fails to answer: `second` when given (the
    /// page's `doh2=`, the CLI's `--doh2`) and different, else the other large public resolver.
    /// A URL of one's own has none unless `second` names it: the names looked up are then never
    /// sent to a resolver the user did not choose.
    pub fn fallback(&self, second: Option<&Provider>) -> Option<Provider> {
        match second {
            Some(s) if s.endpoint() != self.endpoint() => Some(s.clone()),
            Some(_) => None,
            None => match self {
                Provider::Google => Some(Provider::Cloudflare),
                Provider::Cloudflare => Some(Provider::Google),
                Provider::Custom(_) => None,
            },
        }
    }

    /// `google`, `cloudflare`, or an `http(s)://` URL. Whitespace around it is ignored.
    pub fn parse(input: &str) -> Result<Provider, String> {
        let s = input.trim();
        if s.eq_ignore_ascii_case("google") || s == GOOGLE_ENDPOINT {
            return Ok(Provider::Google);
        }
        if s.eq_ignore_ascii_case("cloudflare") || s == CLOUDFLARE_ENDPOINT {
            return Ok(Provider::Cloudflare);
        }
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        match rest {
            Some(r) if !r.is_empty() && !r.starts_with('/') => {
                if let Some(pos) = s.find(|c: char| c.is_whitespace() || c.is_control()) {
                    return Err(format!(
                        "the resolver URL has a space or control character at position {}",
                        pos + 1
                    ));
                }
                Ok(Provider::Custom(s.to_string()))
            }
            _ => Err(format!(
                "'{s}' is not a resolver: use google, cloudflare, or an http(s):// URL of a DoH JSON endpoint"
            )),
        }
    }
}

/// An endpoint as messages name it: the host of the two public resolvers, else host, port and
/// path without scheme or query (two endpoints of one fixture server differ by path).
pub fn endpoint_name(endpoint: &str) -> String {
    if endpoint == GOOGLE_ENDPOINT {
        return "dns.google".into();
    }
    if endpoint == CLOUDFLARE_ENDPOINT {
        return "cloudflare-dns.com".into();
    }
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    rest.trim_end_matches('/').to_string()
}

/// The URL of a JSON query for `name` and `rtype` at `endpoint` (both dialects accept `name` and
/// `type` parameters).
pub fn request_url(endpoint: &str, name: &str, rtype: RecordType) -> String {
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!(
        "{endpoint}{sep}name={}&type={}",
        crate::text::uri_escape(name.trim_end_matches('.')),
        rtype.as_str()
    )
}

/// A DoH JSON response, as both dialects send it. Every field is optional: a missing field is
/// judged where it matters, never by the deserializer.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Message {
    /// The DNS RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, ...).
    #[serde(rename = "Status", default)]
    pub status: Option<u32>,
    /// The AD bit.
    #[serde(rename = "AD", default)]
    pub ad: Option<bool>,
    /// The TC bit.
    #[serde(rename = "TC", default)]
    pub tc: Option<bool>,
    #[serde(rename = "Answer", default)]
    pub answer: Option<Vec<Record>>,
}

/// One record of the `Answer` section.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Record {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(rename = "type", default)]
    pub rtype: Option<u16>,
    #[serde(rename = "TTL", default)]
    pub ttl: Option<u32>,
    #[serde(default)]
    pub data: Option<String>,
}

/// Reads a response body as text; for transports that have the bytes (the CLI).
pub fn decode_json(body: &str, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
    match serde_json::from_str::<Message>(body) {
        Ok(msg) => decode(&msg, name, rtype),
        Err(e) => Err(DnsError::malformed(
            name,
            rtype,
            format!("the answer is not DoH JSON: {e} ({})", Fault::BadAnswer),
        )),
    }
}

/// Names of the RCODEs (RFC 1035 §4.1.1, RFC 6895 §2.3) for messages.
fn rcode_name(rcode: u32) -> String {
    match rcode {
        1 => "FORMERR".into(),
        2 => "SERVFAIL".into(),
        4 => "NOTIMP".into(),
        5 => "REFUSED".into(),
        n => format!("RCODE {n}"),
    }
}

/// Turns a decoded DoH message into the answer to `name`/`rtype`, following the CNAME chain in the
/// answer section.
pub fn decode(msg: &Message, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
    let answers = msg.answer.as_deref().unwrap_or(&[]);
    let authenticated = msg.ad == Some(true);
    let cname_chain = follow_cnames(answers, name, rtype);
    let status = match msg.status {
        Some(s) => s,
        None => {
            return Err(DnsError::malformed(
                name,
                rtype,
                format!("the answer has no Status field ({})", Fault::BadAnswer),
            ))
        }
    };
    match status {
        0 => {}
        3 => {
            return Err(DnsError::NxDomain {
                name: name.to_string(),
                cname_chain,
                authenticated,
            })
        }
        2 => {
            return Err(DnsError::temporary(
                name,
                rtype,
                format!("SERVFAIL ({})", Fault::ServFail),
            ))
        }
        n => {
            return Err(DnsError::temporary(
                name,
                rtype,
                format!("{} ({})", rcode_name(n), Fault::Rcode),
            ))
        }
    }
    let owner = cname_chain
        .last()
        .map_or_else(|| normalize_name(name), |s| normalize_name(s));
    let mut records = Vec::new();
    let mut ttl: Option<u32> = None;
    for rec in answers {
        if rec.rtype != Some(rtype.code()) {
            continue;
        }
        // Resolvers write the owner as they like (case, trailing dot); a record of the asked type
        // for another owner is not ours.
        if let Some(n) = &rec.name {
            if normalize_name(n) != owner && rtype != RecordType::Cname {
                continue;
            }
        }
        let data = rec.data.as_deref().ok_or_else(|| {
            DnsError::malformed(
                name,
                rtype,
                format!("a {rtype} record without data ({})", Fault::BadAnswer),
            )
        })?;
        records.push(parse_rdata(rtype, data).map_err(|why| {
            DnsError::malformed(
                name,
                rtype,
                format!(
                    "cannot read {rtype} data {data:?}: {why} ({})",
                    Fault::BadAnswer
                ),
            )
        })?);
        if let Some(t) = rec.ttl {
            ttl = Some(ttl.map_or(t, |m: u32| m.min(t)));
        }
    }
    if records.is_empty() {
        if msg.tc == Some(true) {
            return Err(DnsError::temporary(
                name,
                rtype,
                format!(
                    "the answer was truncated (TC bit) and carries no record ({})",
                    Fault::Truncated
                ),
            ));
        }
        return Err(DnsError::NoData {
            name: name.to_string(),
            rtype,
            cname_chain,
            authenticated,
        });
    }
    Ok(Lookup {
        name: name.to_string(),
        rtype,
        records,
        cname_chain,
        authenticated,
        ttl,
    })
}

/// The CNAME targets from `name` on, as the answer section lists them (at most 16 steps, so a loop
/// in a broken answer ends).
fn follow_cnames(answers: &[Record], name: &str, rtype: RecordType) -> Vec<String> {
    let mut chain = Vec::new();
    if rtype == RecordType::Cname {
        return chain;
    }
    let mut current = normalize_name(name);
    for _ in 0..16 {
        let next = answers.iter().find(|r| {
            r.rtype == Some(RecordType::Cname.code())
                && r.name.as_deref().map(normalize_name).as_deref() == Some(current.as_str())
        });
        match next.and_then(|r| r.data.as_deref()) {
            Some(target) => {
                let target = target.trim().trim_end_matches('.').to_string();
                current = normalize_name(&target);
                if chain.iter().any(|c: &String| normalize_name(c) == current) {
                    break;
                }
                chain.push(target);
            }
            None => break,
        }
    }
    chain
}

/// Parses the `data` of one answer record in the presentation form the dialects use.
pub fn parse_rdata(rtype: RecordType, data: &str) -> Result<RData, String> {
    let d = data.trim();
    match rtype {
        RecordType::A => d
            .parse::<Ipv4Addr>()
            .map(RData::A)
            .map_err(|_| "not an IPv4 address".into()),
        RecordType::Aaaa => d
            .parse::<Ipv6Addr>()
            .map(RData::Aaaa)
            .map_err(|_| "not an IPv6 address".into()),
        RecordType::Txt => Ok(RData::Txt(parse_txt_data(data))),
        RecordType::Spf => Ok(RData::Spf(parse_txt_data(data))),
        RecordType::Mx => {
            let mut parts = d.split_whitespace();
            let pref = parts
                .next()
                .and_then(|p| p.parse::<u16>().ok())
                .ok_or("the preference is not a number from 0 to 65535")?;
            let exchange = parts.next().ok_or("no exchange host")?;
            if parts.next().is_some() {
                return Err("more than a preference and a host".into());
            }
            Ok(RData::Mx(Mx {
                preference: pref,
                exchange: host(exchange),
            }))
        }
        RecordType::Cname | RecordType::Ptr | RecordType::Ns => {
            if d.is_empty() || d.contains(char::is_whitespace) {
                return Err("not a host name".into());
            }
            Ok(match rtype {
                RecordType::Cname => RData::Cname(host(d)),
                RecordType::Ptr => RData::Ptr(host(d)),
                _ => RData::Ns(host(d)),
            })
        }
    }
}

fn host(s: &str) -> String {
    let h = s.trim_end_matches('.');
    if h.is_empty() {
        ".".into()
    } else {
        h.to_string()
    }
}

/// Reads TXT `data` in either dialect.
///
/// Quoted (Cloudflare, and presentation format generally): a sequence of `"..."` strings with `\"`,
/// `\\` and `\DDD` escapes. A `"` inside a string that is not escaped is kept as text unless it is
/// followed, after optional spaces, by the end or by the opening quote of the next string — which is
/// how Cloudflare's unescaped quotes can be told apart from string boundaries.
///
/// Unquoted (Google): the whole value is the record, its strings already joined.
pub fn parse_txt_data(data: &str) -> Txt {
    let trimmed = data.trim_start();
    if !trimmed.starts_with('"') {
        return Txt::joined(data.as_bytes().to_vec());
    }
    let b = trimmed.as_bytes();
    let mut strings = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let mut cur = Vec::new();
        if b[i] != b'"' {
            // A bare word between quoted strings: presentation format allows it.
            while i < b.len() && !b[i].is_ascii_whitespace() {
                cur.push(b[i]);
                i += 1;
            }
            strings.push(cur);
            continue;
        }
        i += 1;
        let mut closed = false;
        while i < b.len() {
            match b[i] {
                b'\\' if i + 1 < b.len() => {
                    let rest = &b[i + 1..];
                    if rest.len() >= 3 && rest[..3].iter().all(u8::is_ascii_digit) {
                        let v = (rest[0] - b'0') as u32 * 100
                            + (rest[1] - b'0') as u32 * 10
                            + (rest[2] - b'0') as u32;
                        if v <= 255 {
                            cur.push(v as u8);
                            i += 4;
                            continue;
                        }
                    }
                    cur.push(rest[0]);
                    i += 2;
                }
                b'"' => {
                    let mut j = i + 1;
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if j >= b.len() || b[j] == b'"' {
                        i += 1;
                        closed = true;
                        break;
                    }
                    cur.push(b'"');
                    i += 1;
                }
                c => {
                    cur.push(c);
                    i += 1;
                }
            }
        }
        let _ = closed; // an unterminated last string keeps what it had
        strings.push(cur);
    }
    Txt::new(strings)
}

/// The error for an HTTP response that is not 200. `retry_after` is the `Retry-After` header, if
/// any. 429, 408 and 5xx are temporary; any other status means the query was refused, which is
/// an unusable answer.
pub fn http_error(
    name: &str,
    rtype: RecordType,
    status: u16,
    retry_after: Option<&str>,
) -> DnsError {
    let wait = retry_after
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| match backoff::retry_after_secs(r) {
            Some(s) => format!(", Retry-After {s} s: it asks to wait {s} s"),
            None => format!(", Retry-After {r:?}"),
        })
        .unwrap_or_default();
    match status {
        429 => DnsError::temporary(
            name,
            rtype,
            format!("HTTP 429 Too Many Requests{wait} ({})", Fault::RateLimited),
        ),
        408 | 500..=599 => DnsError::temporary(
            name,
            rtype,
            format!("HTTP {status}{wait} ({})", Fault::HttpError),
        ),
        _ => DnsError::malformed(
            name,
            rtype,
            format!(
                "HTTP {status}: the query was refused ({})",
                Fault::HttpError
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt_records(l: &Lookup) -> Vec<Txt> {
        l.records
            .iter()
            .map(|r| match r {
                RData::Txt(t) => t.clone(),
                other => panic!("not TXT: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn provider_parse() {
        assert_eq!(Provider::parse("Google"), Ok(Provider::Google));
        assert_eq!(Provider::parse(" cloudflare "), Ok(Provider::Cloudflare));
        assert_eq!(
            Provider::parse("http://127.0.0.1:8053/dns-query"),
            Ok(Provider::Custom("http://127.0.0.1:8053/dns-query".into()))
        );
        assert!(Provider::parse("ftp://x").is_err());
        assert!(Provider::parse("https://").is_err());
        let err = Provider::parse("https://a b").unwrap_err();
        assert!(err.contains("position 10"), "{err}");
    }

    #[test]
    fn request_urls() {
        assert_eq!(
            request_url(GOOGLE_ENDPOINT, "_dmarc.example.com.", RecordType::Txt),
            "https://dns.google/resolve?name=_dmarc.example.com&type=TXT"
        );
        assert_eq!(
            request_url("http://h/q?x=1", "a b", RecordType::Mx),
            "http://h/q?x=1&name=a%20b&type=MX"
        );
    }

    // A Google answer: TXT unquoted, strings joined.
    const GOOGLE_TXT: &str = r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,
      "Question":[{"name":"example.com.","type":16}],
      "Answer":[{"name":"example.com.","type":16,"TTL":300,"data":"v=spf1 include:_spf.example.net ~all"},
                {"name":"example.com.","type":16,"TTL":120,"data":"google-site-verification=abc"}]}"#;

    // A Cloudflare answer: each string quoted; one record split in two; an unescaped inner quote.
    const CLOUDFLARE_TXT: &str = r#"{"Status":0,"TC":false,"RD":true,"RA":true,"AD":true,"CD":false,
      "Question":[{"name":"example.com","type":16}],
      "Answer":[{"name":"example.com","type":16,"TTL":300,"data":"\"v=spf1 ip4:192.0.2.0/24 \" \"-all\""},
                {"name":"example.com","type":16,"TTL":300,"data":"\"say \"hi\" there\""}]}"#;

    #[test]
    fn google_txt_is_unquoted_and_joined() {
        let l = decode_json(GOOGLE_TXT, "example.com", RecordType::Txt).unwrap();
        let t = txt_records(&l);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].text(), "v=spf1 include:_spf.example.net ~all");
        assert!(!t[0].boundaries_known());
        assert_eq!(l.ttl, Some(120));
        assert!(!l.authenticated);
        assert!(l.cname_chain.is_empty());
    }

    #[test]
    fn cloudflare_txt_is_quoted_per_string() {
        let l = decode_json(CLOUDFLARE_TXT, "example.com", RecordType::Txt).unwrap();
        let t = txt_records(&l);
        assert_eq!(t[0].strings().len(), 2);
        assert!(t[0].boundaries_known());
        assert_eq!(t[0].strings()[0], b"v=spf1 ip4:192.0.2.0/24 ");
        assert_eq!(t[0].text(), "v=spf1 ip4:192.0.2.0/24 -all");
        assert_eq!(t[1].text(), r#"say "hi" there"#);
        assert!(l.authenticated);
    }

    #[test]
    fn txt_data_escapes() {
        let t = parse_txt_data(r#""a\"b" "c\\d\065\255""#);
        assert_eq!(t.strings(), &[b"a\"b".to_vec(), b"c\\dA\xff".to_vec()]);
        // An unterminated string keeps its text.
        assert_eq!(parse_txt_data("\"abc").strings(), &[b"abc".to_vec()]);
        // Empty quoted string.
        assert_eq!(parse_txt_data("\"\"").strings(), &[Vec::<u8>::new()]);
        // A string that ends in a quote must escape it to be told from a boundary.
        assert_eq!(
            parse_txt_data(r#""x=\"" "y""#).strings(),
            &[b"x=\"".to_vec(), b"y".to_vec()]
        );
    }

    #[test]
    fn cname_chain_is_followed() {
        let body = r#"{"Status":0,"AD":false,"Answer":[
          {"name":"selector1._domainkey.contoso.com.","type":5,"TTL":3600,"data":"selector1-contoso-com._domainkey.contoso.onmicrosoft.com."},
          {"name":"selector1-contoso-com._domainkey.contoso.onmicrosoft.com.","type":16,"TTL":3600,"data":"v=DKIM1; k=rsa; p=MIIB"}]}"#;
        let l = decode_json(body, "selector1._domainkey.contoso.com", RecordType::Txt).unwrap();
        assert_eq!(
            l.cname_chain,
            vec!["selector1-contoso-com._domainkey.contoso.onmicrosoft.com"]
        );
        assert_eq!(
            l.owner(),
            "selector1-contoso-com._domainkey.contoso.onmicrosoft.com"
        );
        assert_eq!(l.records.len(), 1);
    }

    #[test]
    fn dangling_cname_is_nxdomain_with_chain() {
        let body = r#"{"Status":3,"Answer":[
          {"name":"selector2._domainkey.contoso.com.","type":5,"TTL":3600,"data":"gone.contoso.onmicrosoft.com."}]}"#;
        let e = decode_json(body, "selector2._domainkey.contoso.com", RecordType::Txt).unwrap_err();
        assert_eq!(e.kind(), "nxdomain");
        assert_eq!(
            e.cname_chain(),
            &["gone.contoso.onmicrosoft.com".to_string()]
        );
    }

    #[test]
    fn cname_loop_ends() {
        let body = r#"{"Status":0,"Answer":[
          {"name":"a.example.","type":5,"data":"b.example."},
          {"name":"b.example.","type":5,"data":"a.example."}]}"#;
        let e = decode_json(body, "a.example", RecordType::Txt).unwrap_err();
        assert_eq!(e.kind(), "nodata");
        assert_eq!(e.cname_chain().len(), 2);
    }

    #[test]
    fn statuses() {
        let servfail = decode_json(r#"{"Status":2}"#, "x.example", RecordType::Txt).unwrap_err();
        assert!(servfail.is_temporary());
        assert!(servfail.to_string().contains("SERVFAIL"));
        let nx = decode_json(r#"{"Status":3,"AD":true}"#, "x.example", RecordType::A).unwrap_err();
        assert_eq!(
            nx,
            DnsError::NxDomain {
                name: "x.example".into(),
                cname_chain: vec![],
                authenticated: true
            }
        );
        let nodata = decode_json(r#"{"Status":0}"#, "x.example", RecordType::Mx).unwrap_err();
        assert_eq!(nodata.kind(), "nodata");
        let refused = decode_json(r#"{"Status":5}"#, "x.example", RecordType::Mx).unwrap_err();
        assert!(refused.is_temporary() && refused.to_string().contains("REFUSED"));
        let truncated =
            decode_json(r#"{"Status":0,"TC":true}"#, "x.example", RecordType::Txt).unwrap_err();
        assert!(truncated.is_temporary());
    }

    #[test]
    fn malformed_json() {
        for body in [
            "",
            "{",
            "<html>502 Bad Gateway</html>",
            "[1,2]",
            r#"{"Status":"zero"}"#,
        ] {
            let e = decode_json(body, "x.example", RecordType::Txt).unwrap_err();
            assert_eq!(e.kind(), "malformed", "{body}");
        }
        let no_status = decode_json(r#"{"Answer":[]}"#, "x.example", RecordType::Txt).unwrap_err();
        assert_eq!(no_status.kind(), "malformed");
        let bad_a = r#"{"Status":0,"Answer":[{"name":"x.example","type":1,"data":"999.1.1.1"}]}"#;
        let e = decode_json(bad_a, "x.example", RecordType::A).unwrap_err();
        assert!(e.to_string().contains("999.1.1.1"), "{e}");
    }

    #[test]
    fn typed_records() {
        let body = r#"{"Status":0,"Answer":[
          {"name":"example.com.","type":15,"TTL":60,"data":"10 mx1.example.com."},
          {"name":"example.com.","type":15,"TTL":60,"data":"20 mx2.example.com."},
          {"name":"example.com.","type":46,"TTL":60,"data":"MX 8 2 60 ..."}]}"#;
        let l = decode_json(body, "example.com", RecordType::Mx).unwrap();
        assert_eq!(
            l.records,
            vec![
                RData::Mx(Mx {
                    preference: 10,
                    exchange: "mx1.example.com".into()
                }),
                RData::Mx(Mx {
                    preference: 20,
                    exchange: "mx2.example.com".into()
                })
            ]
        );
        let aaaa =
            r#"{"Status":0,"Answer":[{"name":"h.example.","type":28,"data":"2001:db8::1"}]}"#;
        let l = decode_json(aaaa, "h.example", RecordType::Aaaa).unwrap();
        assert_eq!(l.records, vec![RData::Aaaa("2001:db8::1".parse().unwrap())]);
        let ptr = r#"{"Status":0,"Answer":[{"name":"1.2.0.192.in-addr.arpa.","type":12,"data":"mail.example.com."}]}"#;
        let l = decode_json(ptr, "1.2.0.192.in-addr.arpa", RecordType::Ptr).unwrap();
        assert_eq!(l.records, vec![RData::Ptr("mail.example.com".into())]);
    }

    #[test]
    fn http_errors() {
        let e = http_error("x", RecordType::Txt, 429, Some("3"));
        assert!(e.is_temporary() && e.to_string().contains("wait 3 s"));
        assert!(e.to_string().ends_with("(dns-rate-limited)"), "{e}");
        let e = http_error("x", RecordType::Txt, 503, None);
        assert!(e.is_temporary() && e.to_string().ends_with("HTTP 503 (dns-http-error)"));
        let e = http_error("x", RecordType::Txt, 400, None);
        assert!(!e.is_temporary() && e.to_string().contains("(dns-http-error)"));
    }

    #[test]
    fn every_fault_text_carries_its_code() {
        for (body, code) in [
            (r#"{"Status":2}"#, "dns-servfail"),
            (r#"{"Status":5}"#, "dns-rcode"),
            (r#"{"Status":0,"TC":true}"#, "dns-truncated"),
            ("{", "dns-bad-answer"),
            (r#"{"Answer":[]}"#, "dns-bad-answer"),
            (
                r#"{"Status":0,"Answer":[{"name":"x.example","type":1,"data":"x"}]}"#,
                "dns-bad-answer",
            ),
        ] {
            let e = decode_json(body, "x.example", RecordType::A).unwrap_err();
            let codes = fault::Fault::codes_in(&e.to_string());
            assert_eq!(codes.len(), 1, "{e}");
            assert_eq!(codes[0].as_str(), code, "{e}");
        }
    }

    #[test]
    fn names_and_fallbacks() {
        assert_eq!(Provider::Google.name(), "dns.google");
        assert_eq!(Provider::Cloudflare.name(), "cloudflare-dns.com");
        assert_eq!(
            endpoint_name("http://127.0.0.1:8053/dns-query?ct=x"),
            "127.0.0.1:8053/dns-query"
        );
        let own = Provider::Custom("http://127.0.0.1:1/resolve".into());
        let second = Provider::Custom("http://127.0.0.1:1/dns-query".into());
        assert_eq!(Provider::Google.fallback(None), Some(Provider::Cloudflare));
        assert_eq!(Provider::Cloudflare.fallback(None), Some(Provider::Google));
        assert_eq!(
            own.fallback(None),
            None,
            "a resolver of one's own is not given away"
        );
        assert_eq!(own.fallback(Some(&second)), Some(second.clone()));
        assert_eq!(Provider::Google.fallback(Some(&second)), Some(second));
        assert_eq!(own.fallback(Some(&own)), None);
    }
}
