//! DNS as the engine sees it: typed answers, errors that say whether to try again, and the one
//! door to the network, the [`Resolver`] trait.
//!
//! The engine never opens a socket. The web app implements [`Resolver`] with `fetch` (gloo-net),
//! the CLI with a native HTTP client, and tests with [`crate::dns::zone::Zone`], an in-memory zone.

pub mod cache;
pub mod doh;
pub mod memo;
pub mod zone;

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::rc::Rc;

use serde::{Serialize, Serializer};

/// The resource record types the engine asks for (RFC 1035 §3.2.2, RFC 3596 §2.1, RFC 7208 §14.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordType {
    A,
    Aaaa,
    Txt,
    Mx,
    Cname,
    Ptr,
    Ns,
    /// Type 99, the SPF RR type that RFC 7208 §3.1 withdrew; still queried to warn about it.
    Spf,
}

impl RecordType {
    pub const ALL: [RecordType; 8] = [
        RecordType::A,
        RecordType::Aaaa,
        RecordType::Txt,
        RecordType::Mx,
        RecordType::Cname,
        RecordType::Ptr,
        RecordType::Ns,
        RecordType::Spf,
    ];

    /// The mnemonic, as DoH endpoints accept it in `type=`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Txt => "TXT",
            RecordType::Mx => "MX",
            RecordType::Cname => "CNAME",
            RecordType::Ptr => "PTR",
            RecordType::Ns => "NS",
            RecordType::Spf => "SPF",
        }
    }

    /// The numeric TYPE value carried on the wire and in DoH JSON answers.
    pub fn code(self) -> u16 {
        match self {
            RecordType::A => 1,
            RecordType::Ns => 2,
            RecordType::Cname => 5,
            RecordType::Ptr => 12,
            RecordType::Mx => 15,
            RecordType::Txt => 16,
            RecordType::Aaaa => 28,
            RecordType::Spf => 99,
        }
    }

    pub fn from_code(code: u16) -> Option<RecordType> {
        RecordType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Parses a mnemonic, case-insensitively.
    pub fn parse(s: &str) -> Option<RecordType> {
        RecordType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RecordType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One TXT (or SPF type 99) record: a sequence of character-strings of at most 255 octets each
/// (RFC 1035 §3.3.14). They are kept apart because a record split in the wrong place is itself a
/// finding (RFC 7208 §3.3: the strings are joined with no space between them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Txt {
    strings: Vec<Vec<u8>>,
    boundaries_known: bool,
}

impl Txt {
    /// A record whose character-strings are known.
    pub fn new(strings: Vec<Vec<u8>>) -> Txt {
        Txt {
            strings,
            boundaries_known: true,
        }
    }

    /// A record whose resolver joined its strings before handing it over (Google's JSON API):
    /// the text is exact, where it was split is lost.
    pub fn joined(text: Vec<u8>) -> Txt {
        Txt {
            strings: vec![text],
            boundaries_known: false,
        }
    }

    pub fn from_text(strings: &[&str]) -> Txt {
        Txt::new(strings.iter().map(|s| s.as_bytes().to_vec()).collect())
    }

    /// The character-strings as published (one string when the boundaries are not known).
    pub fn strings(&self) -> &[Vec<u8>] {
        &self.strings
    }

    /// False when the resolver joined the strings and where they were split cannot be told.
    pub fn boundaries_known(&self) -> bool {
        self.boundaries_known
    }

    /// The strings concatenated with nothing between them, as RFC 7208 §3.3 and RFC 6376 §3.6.2.2
    /// read a record.
    pub fn bytes(&self) -> Vec<u8> {
        self.strings.concat()
    }

    /// The joined record as text; bytes that are not UTF-8 become U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }

    /// Length in octets of the record's RDATA, counting one length octet per string (RFC 7208 §3.4
    /// reasons about the size of the whole answer; this is its share).
    pub fn rdata_len(&self) -> usize {
        self.strings.iter().map(|s| s.len() + 1).sum()
    }
}

impl Serialize for Txt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let strings: Vec<String> = self
            .strings
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        let mut st = s.serialize_struct("Txt", 3)?;
        st.serialize_field("text", &self.text())?;
        st.serialize_field("strings", &strings)?;
        st.serialize_field("boundaries_known", &self.boundaries_known)?;
        st.end()
    }
}

/// An MX record (RFC 1035 §3.3.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mx {
    pub preference: u16,
    pub exchange: String,
}

/// The data of one resource record, typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "data")]
pub enum RData {
    A(Ipv4Addr),
    #[serde(rename = "AAAA")]
    Aaaa(Ipv6Addr),
    #[serde(rename = "TXT")]
    Txt(Txt),
    #[serde(rename = "MX")]
    Mx(Mx),
    #[serde(rename = "CNAME")]
    Cname(String),
    #[serde(rename = "PTR")]
    Ptr(String),
    #[serde(rename = "NS")]
    Ns(String),
    #[serde(rename = "SPF")]
    Spf(Txt),
}

impl RData {
    pub fn record_type(&self) -> RecordType {
        match self {
            RData::A(_) => RecordType::A,
            RData::Aaaa(_) => RecordType::Aaaa,
            RData::Txt(_) => RecordType::Txt,
            RData::Mx(_) => RecordType::Mx,
            RData::Cname(_) => RecordType::Cname,
            RData::Ptr(_) => RecordType::Ptr,
            RData::Ns(_) => RecordType::Ns,
            RData::Spf(_) => RecordType::Spf,
        }
    }

    /// The record in presentation format, as `dig` would show its data.
    pub fn presentation(&self) -> String {
        match self {
            RData::A(ip) => ip.to_string(),
            RData::Aaaa(ip) => ip.to_string(),
            RData::Txt(t) | RData::Spf(t) => t
                .strings()
                .iter()
                .map(|s| quote_character_string(s))
                .collect::<Vec<_>>()
                .join(" "),
            RData::Mx(mx) => format!("{} {}", mx.preference, mx.exchange),
            RData::Cname(n) | RData::Ptr(n) | RData::Ns(n) => n.clone(),
        }
    }
}

/// A character-string in zone-file syntax (RFC 1035 §5.1): quoted, `"` and `\` escaped, octets
/// outside printable ASCII as `\DDD`.
pub fn quote_character_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out.push('"');
    out
}

/// What a successful query returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lookup {
    /// The name that was asked, as it was asked.
    pub name: String,
    #[serde(rename = "type")]
    pub rtype: RecordType,
    /// The records of the asked type, in the order the resolver gave them.
    pub records: Vec<RData>,
    /// The CNAME targets followed from `name` to the owner of `records`, in order; empty when the
    /// name answered directly.
    pub cname_chain: Vec<String>,
    /// The AD bit: the resolver validated the answer with DNSSEC (RFC 4035 §3.2.3).
    pub authenticated: bool,
    /// The smallest TTL among the records, when the resolver said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u32>,
}

impl Lookup {
    /// The owner name of the records: the end of the CNAME chain, or the name asked.
    pub fn owner(&self) -> &str {
        self.cname_chain.last().map_or(&self.name, |s| s.as_str())
    }

    fn typed<T>(self, pick: impl Fn(RData) -> Option<T>) -> Answer<T> {
        Answer {
            records: self.records.into_iter().filter_map(pick).collect(),
            cname_chain: self.cname_chain,
            authenticated: self.authenticated,
        }
    }
}

/// A [`Lookup`] whose records have one Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer<T> {
    pub records: Vec<T>,
    pub cname_chain: Vec<String>,
    pub authenticated: bool,
}

/// Why a query gave no records.
///
/// RFC 7208 §4.6.4 calls NXDOMAIN and NODATA together "void lookups"; RFC 7208 §5 and RFC 6376
/// §6.1.2 turn the temporary kind into `temperror` and the permanent kinds into results of their own,
/// so the four cases stay apart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DnsError {
    /// RCODE 3: the name does not exist.
    #[error("{name}: no such domain (NXDOMAIN)")]
    NxDomain {
        name: String,
        cname_chain: Vec<String>,
        authenticated: bool,
    },
    /// The name exists but has no record of this type (RFC 2308 §2.2, "NODATA").
    #[error("{name}: no {rtype} record")]
    NoData {
        name: String,
        #[serde(rename = "type")]
        rtype: RecordType,
        cname_chain: Vec<String>,
        authenticated: bool,
    },
    /// SERVFAIL, a timeout, a rate limit or a network failure: asking again later may work.
    #[error("{name} {rtype}: temporary failure: {reason}")]
    Temporary {
        name: String,
        #[serde(rename = "type")]
        rtype: RecordType,
        reason: String,
    },
    /// An answer that could not be read or used: invalid JSON, a record that does not parse, a
    /// query the resolver rejected as invalid.
    #[error("{name} {rtype}: unusable answer: {reason}")]
    Malformed {
        name: String,
        #[serde(rename = "type")]
        rtype: RecordType,
        reason: String,
    },
}

impl DnsError {
    /// Worth asking again: SERVFAIL, timeouts, rate limits, network failures.
    pub fn is_temporary(&self) -> bool {
        matches!(self, DnsError::Temporary { .. })
    }

    /// NXDOMAIN or NODATA: a "void lookup" in the sense of RFC 7208 §4.6.4.
    pub fn is_void(&self) -> bool {
        matches!(self, DnsError::NxDomain { .. } | DnsError::NoData { .. })
    }

    /// A short stable word for the kind of failure (`nxdomain`, `nodata`, `temporary`, `malformed`).
    pub fn kind(&self) -> &'static str {
        match self {
            DnsError::NxDomain { .. } => "nxdomain",
            DnsError::NoData { .. } => "nodata",
            DnsError::Temporary { .. } => "temporary",
            DnsError::Malformed { .. } => "malformed",
        }
    }

    /// The CNAME chain that led to an NXDOMAIN or NODATA (a "dangling" CNAME when not empty).
    pub fn cname_chain(&self) -> &[String] {
        match self {
            DnsError::NxDomain { cname_chain, .. } | DnsError::NoData { cname_chain, .. } => {
                cname_chain
            }
            _ => &[],
        }
    }

    pub fn temporary(name: &str, rtype: RecordType, reason: impl Into<String>) -> DnsError {
        DnsError::Temporary {
            name: name.to_string(),
            rtype,
            reason: reason.into(),
        }
    }

    pub fn malformed(name: &str, rtype: RecordType, reason: impl Into<String>) -> DnsError {
        DnsError::Malformed {
            name: name.to_string(),
            rtype,
            reason: reason.into(),
        }
    }
}

/// The engine's only way to reach DNS.
///
/// Implementors answer [`Resolver::query`]; the typed helpers come for free. The trait has no
/// `Send` bound on purpose: in the browser everything runs on one thread and the futures of
/// `fetch` are not `Send`.
#[allow(async_fn_in_trait)]
pub trait Resolver {
    /// Asks for the records of one type at one name. CNAMEs are followed by the resolver and
    /// reported in [`Lookup::cname_chain`].
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError>;

    async fn txt(&self, name: &str) -> Result<Answer<Txt>, DnsError> {
        Ok(self.query(name, RecordType::Txt).await?.typed(|r| match r {
            RData::Txt(t) => Some(t),
            _ => None,
        }))
    }

    async fn spf_rr(&self, name: &str) -> Result<Answer<Txt>, DnsError> {
        Ok(self.query(name, RecordType::Spf).await?.typed(|r| match r {
            RData::Spf(t) => Some(t),
            _ => None,
        }))
    }

    async fn a(&self, name: &str) -> Result<Answer<Ipv4Addr>, DnsError> {
        Ok(self.query(name, RecordType::A).await?.typed(|r| match r {
            RData::A(ip) => Some(ip),
            _ => None,
        }))
    }

    async fn aaaa(&self, name: &str) -> Result<Answer<Ipv6Addr>, DnsError> {
        Ok(self
            .query(name, RecordType::Aaaa)
            .await?
            .typed(|r| match r {
                RData::Aaaa(ip) => Some(ip),
                _ => None,
            }))
    }

    async fn mx(&self, name: &str) -> Result<Answer<Mx>, DnsError> {
        Ok(self.query(name, RecordType::Mx).await?.typed(|r| match r {
            RData::Mx(mx) => Some(mx),
            _ => None,
        }))
    }

    async fn cname(&self, name: &str) -> Result<Answer<String>, DnsError> {
        Ok(self
            .query(name, RecordType::Cname)
            .await?
            .typed(|r| match r {
                RData::Cname(n) => Some(n),
                _ => None,
            }))
    }

    async fn ptr(&self, name: &str) -> Result<Answer<String>, DnsError> {
        Ok(self.query(name, RecordType::Ptr).await?.typed(|r| match r {
            RData::Ptr(n) => Some(n),
            _ => None,
        }))
    }

    async fn ns(&self, name: &str) -> Result<Answer<String>, DnsError> {
        Ok(self.query(name, RecordType::Ns).await?.typed(|r| match r {
            RData::Ns(n) => Some(n),
            _ => None,
        }))
    }
}

impl<R: Resolver + ?Sized> Resolver for &R {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        (**self).query(name, rtype).await
    }
}

impl<R: Resolver + ?Sized> Resolver for Rc<R> {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        (**self).query(name, rtype).await
    }
}

/// The form used to compare names: ASCII lower case, no trailing dot (RFC 4343: DNS names are
/// compared case-insensitively).
pub fn normalize_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests are in no page: the size rules do not apply"
)]
mod tests {
    use super::*;

    #[test]
    fn record_type_codes_round_trip() {
        for t in RecordType::ALL {
            assert_eq!(RecordType::from_code(t.code()), Some(t));
            assert_eq!(RecordType::parse(&t.as_str().to_lowercase()), Some(t));
        }
        assert_eq!(RecordType::from_code(6), None);
    }

    #[test]
    fn txt_keeps_strings_apart_and_joins_without_space() {
        let t = Txt::from_text(&["v=spf1 ip4:192.0.2.0/24", " -all"]);
        assert_eq!(t.strings().len(), 2);
        assert_eq!(t.text(), "v=spf1 ip4:192.0.2.0/24 -all");
        assert_eq!(t.rdata_len(), 23 + 1 + 5 + 1);
        assert_eq!(
            RData::Txt(t).presentation(),
            r#""v=spf1 ip4:192.0.2.0/24" " -all""#
        );
    }

    #[test]
    fn quoting_escapes_quotes_backslashes_and_control_octets() {
        assert_eq!(
            quote_character_string(b"a\"b\\c\x01\xff"),
            r#""a\"b\\c\001\255""#
        );
    }

    #[test]
    fn errors_classify() {
        let t = DnsError::temporary("x", RecordType::A, "SERVFAIL");
        assert!(t.is_temporary() && !t.is_void());
        let nx = DnsError::NxDomain {
            name: "x".into(),
            cname_chain: vec![],
            authenticated: false,
        };
        assert!(nx.is_void() && !nx.is_temporary());
        assert_eq!(nx.kind(), "nxdomain");
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["kind"], "temporary");
        assert_eq!(json["type"], "A");
    }
}
