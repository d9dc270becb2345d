//! An in-memory zone: the one way every test in the project describes DNS.
//!
//! Zones are written in the `zonedata` shape of the OpenSPF test suite (`rfc7208-tests.yml`):
//!
//! ```yaml
//! example.com:
//!   - SPF: v=spf1 mx -all              # also served as TXT unless the name has a TXT entry
//!   - TXT: ["v=DKIM1; p=MIIB", "AQAB"] # one record in two character-strings
//!   - MX: [10, mail.example.com]
//!   - A: 192.0.2.1
//!   - TIMEOUT                          # queries for types not listed above time out
//! mail.example.com:
//!   - A: 192.0.2.10
//! ```
//!
//! and served with the rules of the mock DNS behind that suite (pyspf's `testspf.py`): a name not
//! listed is NXDOMAIN unless it begins with `error.` (then it times out), a label over 63 octets is a
//! temporary error, `TXT: NONE` stops the SPF-to-TXT copy, and CNAMEs are followed.
//!
//! Two items are this project's own, for the fixture server and the page's tests: the bare item
//! `SECURE` sets the DNSSEC AD bit on answers for that name, and `DELAY: <ms>` asks the DoH
//! fixture server to wait before answering queries for it.

use std::collections::BTreeMap;

use yaml_rust2::{Yaml, YamlLoader};

use crate::dns::{normalize_name, DnsError, Lookup, Mx, RData, RecordType, Resolver, Txt};

/// How the YAML text was decoded, which decides how its strings become record octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Each character is one octet (the OpenSPF suite is read this way: some tests are not UTF-8).
    Latin1,
    Utf8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Record(RData),
    /// The bare item `TIMEOUT`.
    Timeout,
    /// `TYPE: TIMEOUT`: queries of this type time out.
    TimeoutType(RecordType),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Node {
    entries: Vec<Entry>,
    secure: bool,
    delay_ms: Option<u64>,
}

/// An error in a zone description, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("zone data: {0}")]
pub struct ZoneError(pub String);

/// A set of names and their records, answering queries as a resolver would.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Zone {
    nodes: BTreeMap<String, Node>,
}

/// The longest CNAME chain followed before giving up (RFC 1034 §3.6.2 sets no number; resolvers
/// commonly stop near this).
const MAX_CNAME: usize = 10;

impl Zone {
    pub fn new() -> Zone {
        Zone::default()
    }

    /// Adds a record (for zones built in code).
    pub fn with(mut self, name: &str, rdata: RData) -> Zone {
        self.nodes
            .entry(normalize_name(name))
            .or_default()
            .entries
            .push(Entry::Record(rdata));
        self
    }

    /// Adds a TXT record given as its character-strings.
    pub fn with_txt(self, name: &str, strings: &[&str]) -> Zone {
        self.with(name, RData::Txt(Txt::from_text(strings)))
    }

    /// Marks a name as DNSSEC-validated: answers for it carry the AD bit.
    pub fn with_secure(mut self, name: &str) -> Zone {
        self.nodes.entry(normalize_name(name)).or_default().secure = true;
        self
    }

    /// Reads YAML text: either a `zonedata` mapping itself or a document with a `zonedata` key.
    /// Several documents (a YAML stream) are merged.
    pub fn from_yaml(text: &str) -> Result<Zone, ZoneError> {
        let docs = YamlLoader::load_from_str(text).map_err(|e| ZoneError(e.to_string()))?;
        let mut zone = Zone::new();
        for doc in &docs {
            let data = if doc["zonedata"].is_badvalue() {
                doc
            } else {
                &doc["zonedata"]
            };
            zone.merge(Zone::from_yaml_value(data, Encoding::Utf8)?);
        }
        Ok(zone)
    }

    /// Reads a parsed `zonedata` mapping.
    pub fn from_yaml_value(data: &Yaml, enc: Encoding) -> Result<Zone, ZoneError> {
        let mut zone = Zone::new();
        let map = match data {
            Yaml::Hash(h) => h,
            Yaml::Null => return Ok(zone),
            _ => {
                return Err(ZoneError(
                    "zonedata must map names to lists of records".into(),
                ))
            }
        };
        for (k, v) in map {
            let name =
                scalar(k).ok_or_else(|| ZoneError(format!("a name that is not text: {k:?}")))?;
            let node = load_node(&name, v, enc)?;
            zone.nodes.insert(normalize_name(&name), node);
        }
        Ok(zone)
    }

    /// Adds every name of `other`; a name in both takes `other`'s records after its own.
    pub fn merge(&mut self, other: Zone) {
        for (name, node) in other.nodes {
            let mine = self.nodes.entry(name).or_default();
            mine.entries.extend(node.entries);
            mine.secure |= node.secure;
            mine.delay_ms = node.delay_ms.or(mine.delay_ms);
        }
    }

    /// The names the zone knows, normalized.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.nodes.keys().map(|s| s.as_str())
    }

    /// The delay the fixture server should add to answers for `name`.
    pub fn delay_ms(&self, name: &str) -> Option<u64> {
        self.nodes
            .get(&normalize_name(name))
            .and_then(|n| n.delay_ms)
    }

    /// Answers a query without `async`: a zone never waits.
    pub fn answer(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let mut chain = Vec::new();
        let mut secure = true;
        // The name looked up, normalized once (then each CNAME target).
        let mut key = normalize_name(name);
        loop {
            if key.split('.').any(|l| l.len() > 63) {
                return Err(DnsError::temporary(
                    name,
                    rtype,
                    "a label longer than 63 octets cannot be queried",
                ));
            }
            let Some(node) = self.nodes.get(&key) else {
                if key.starts_with("error.") {
                    return Err(DnsError::temporary(name, rtype, "timed out"));
                }
                return Err(DnsError::NxDomain {
                    name: name.to_string(),
                    cname_chain: chain,
                    authenticated: false,
                });
            };
            secure &= node.secure;
            let mut found = Vec::new();
            let mut cname = None;
            for entry in &node.entries {
                match entry {
                    Entry::Timeout if found.is_empty() => {
                        return Err(DnsError::temporary(name, rtype, "timed out"))
                    }
                    Entry::Timeout => break,
                    Entry::TimeoutType(t) if *t == rtype => {
                        return Err(DnsError::temporary(name, rtype, "timed out"))
                    }
                    Entry::TimeoutType(_) => {}
                    Entry::Record(r) if r.record_type() == rtype => found.push(r.clone()),
                    Entry::Record(RData::Cname(target)) => {
                        cname.get_or_insert(target.clone());
                    }
                    Entry::Record(_) => {}
                }
            }
            if !found.is_empty() {
                return Ok(Lookup {
                    name: name.to_string(),
                    rtype,
                    records: found,
                    cname_chain: chain,
                    authenticated: secure,
                    ttl: Some(300),
                });
            }
            match cname {
                Some(target) if rtype != RecordType::Cname => {
                    let t = normalize_name(&target);
                    if chain.len() >= MAX_CNAME
                        || t == normalize_name(name)
                        || chain.iter().any(|c| normalize_name(c) == t)
                    {
                        return Err(DnsError::temporary(name, rtype, "CNAME loop"));
                    }
                    chain.push(target.trim_end_matches('.').to_string());
                    key = t;
                }
                _ => {
                    return Err(DnsError::NoData {
                        name: name.to_string(),
                        rtype,
                        cname_chain: chain,
                        authenticated: secure,
                    })
                }
            }
        }
    }
}

impl Resolver for Zone {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        self.answer(name, rtype)
    }
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn octets(s: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        // Read as Latin-1, every char is below U+0100.
        Encoding::Latin1 => s.chars().map(|c| c as u32 as u8).collect(),
        Encoding::Utf8 => s.as_bytes().to_vec(),
    }
}

fn load_node(name: &str, v: &Yaml, enc: Encoding) -> Result<Node, ZoneError> {
    let items: &[Yaml] = match v {
        Yaml::Array(a) => a,
        Yaml::Null => &[],
        _ => return Err(ZoneError(format!("{name}: expected a list of records"))),
    };
    let mut node = Node::default();
    // pyspf's getrdata: SPF records are copied to TXT, after everything else, unless the name
    // lists TXT itself (even `TXT: NONE`).
    let mut generated_txt = Vec::new();
    let mut has_txt = false;
    for item in items {
        let pairs = match item {
            Yaml::String(s) if s == "TIMEOUT" => {
                node.entries.push(Entry::Timeout);
                continue;
            }
            Yaml::String(s) if s == "SECURE" => {
                node.secure = true;
                continue;
            }
            Yaml::Hash(h) => h,
            other => {
                return Err(ZoneError(format!(
                    "{name}: unknown item {other:?} (expected TYPE: value, TIMEOUT or SECURE)"
                )))
            }
        };
        for (k, val) in pairs {
            let key = scalar(k).unwrap_or_default();
            if key == "DELAY" {
                node.delay_ms = Some(
                    val.as_i64()
                        .filter(|d| *d >= 0)
                        .ok_or_else(|| ZoneError(format!("{name}: DELAY takes milliseconds")))?
                        as u64,
                );
                continue;
            }
            let rtype = RecordType::parse(&key)
                .ok_or_else(|| ZoneError(format!("{name}: unknown record type {key:?}")))?;
            if rtype == RecordType::Txt {
                has_txt = true;
            }
            if scalar(val).as_deref() == Some("NONE") {
                continue;
            }
            if scalar(val).as_deref() == Some("TIMEOUT") {
                node.entries.push(Entry::TimeoutType(rtype));
                continue;
            }
            let rdata = record(name, rtype, val, enc)?;
            if let RData::Spf(t) = &rdata {
                generated_txt.push(RData::Txt(t.clone()));
            }
            node.entries.push(Entry::Record(rdata));
        }
    }
    if !has_txt {
        node.entries
            .extend(generated_txt.into_iter().map(Entry::Record));
    }
    Ok(node)
}

fn record(name: &str, rtype: RecordType, val: &Yaml, enc: Encoding) -> Result<RData, ZoneError> {
    let bad = |why: &str| ZoneError(format!("{name}: {rtype} {val:?}: {why}"));
    let text = || scalar(val).ok_or_else(|| bad("expected a single value"));
    Ok(match rtype {
        RecordType::Txt | RecordType::Spf => {
            let strings = match val {
                Yaml::Array(parts) => parts
                    .iter()
                    .map(|p| scalar(p).map(|s| octets(&s, enc)))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| bad("each string must be text"))?,
                _ => vec![octets(&text()?, enc)],
            };
            let t = Txt::new(strings);
            if rtype == RecordType::Txt {
                RData::Txt(t)
            } else {
                RData::Spf(t)
            }
        }
        RecordType::A => RData::A(text()?.parse().map_err(|_| bad("not an IPv4 address"))?),
        RecordType::Aaaa => RData::Aaaa(text()?.parse().map_err(|_| bad("not an IPv6 address"))?),
        RecordType::Mx => {
            let parts = val
                .as_vec()
                .ok_or_else(|| bad("expected [preference, host]"))?;
            match parts.as_slice() {
                [p, h] => RData::Mx(Mx {
                    preference: p
                        .as_i64()
                        .and_then(|p| u16::try_from(p).ok())
                        .ok_or_else(|| bad("the preference must be 0 to 65535"))?,
                    exchange: scalar(h)
                        .ok_or_else(|| bad("the host must be text"))?
                        .trim_end_matches('.')
                        .to_string(),
                }),
                _ => return Err(bad("expected [preference, host]")),
            }
        }
        RecordType::Cname => RData::Cname(text()?.trim_end_matches('.').to_string()),
        RecordType::Ptr => RData::Ptr(text()?.trim_end_matches('.').to_string()),
        RecordType::Ns => RData::Ns(text()?.trim_end_matches('.').to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONE: &str = r#"
zonedata:
  example.com:
    - SPF: v=spf1 mx -all
    - MX: [10, mail.example.com]
    - SECURE
  split.example.com:
    - TXT: ["v=spf1 ip4:192.0.2.0/24 ", "-all"]
  notxt.example.com:
    - SPF: v=spf1 -all
    - TXT: NONE
  slow.example.com:
    - A: 192.0.2.1
    - TIMEOUT
  typeout.example.com:
    - MX: TIMEOUT
    - A: 192.0.2.2
  mail.example.com:
    - A: 192.0.2.10
    - AAAA: "2001:db8::10"
    - DELAY: 250
  alias.example.com:
    - CNAME: mail.example.com
  dangling.example.com:
    - CNAME: nowhere.example.com
"#;

    fn zone() -> Zone {
        Zone::from_yaml(ZONE).unwrap()
    }

    #[test]
    fn spf_is_served_as_txt_unless_suppressed() {
        let z = zone();
        let l = z.answer("Example.COM.", RecordType::Txt).unwrap();
        assert_eq!(l.records.len(), 1);
        assert!(l.authenticated);
        assert_eq!(
            z.answer("example.com", RecordType::Spf)
                .unwrap()
                .records
                .len(),
            1
        );
        assert_eq!(
            z.answer("notxt.example.com", RecordType::Txt)
                .unwrap_err()
                .kind(),
            "nodata"
        );
    }

    #[test]
    fn split_strings_stay_split() {
        let l = zone().answer("split.example.com", RecordType::Txt).unwrap();
        match &l.records[0] {
            RData::Txt(t) => assert_eq!(t.strings().len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn timeouts() {
        let z = zone();
        assert!(z.answer("slow.example.com", RecordType::A).is_ok());
        assert!(z
            .answer("slow.example.com", RecordType::Txt)
            .unwrap_err()
            .is_temporary());
        assert!(z
            .answer("typeout.example.com", RecordType::Mx)
            .unwrap_err()
            .is_temporary());
        assert!(z.answer("typeout.example.com", RecordType::A).is_ok());
        assert!(z
            .answer("error.example.com", RecordType::A)
            .unwrap_err()
            .is_temporary());
        let long = format!("{}.example.com", "a".repeat(64));
        assert!(z.answer(&long, RecordType::A).unwrap_err().is_temporary());
    }

    #[test]
    fn nxdomain_nodata_and_cnames() {
        let z = zone();
        assert_eq!(
            z.answer("nope.example.com", RecordType::A)
                .unwrap_err()
                .kind(),
            "nxdomain"
        );
        assert_eq!(
            z.answer("mail.example.com", RecordType::Mx)
                .unwrap_err()
                .kind(),
            "nodata"
        );
        let l = z.answer("alias.example.com", RecordType::A).unwrap();
        assert_eq!(l.cname_chain, vec!["mail.example.com"]);
        assert_eq!(l.records, vec![RData::A("192.0.2.10".parse().unwrap())]);
        let e = z
            .answer("dangling.example.com", RecordType::Txt)
            .unwrap_err();
        assert_eq!(e.kind(), "nxdomain");
        assert_eq!(e.cname_chain(), &["nowhere.example.com".to_string()]);
        assert_eq!(z.delay_ms("mail.example.com"), Some(250));
    }

    #[test]
    fn errors_name_the_place() {
        let e = Zone::from_yaml("x.example:\n  - BOGUS: 1\n").unwrap_err();
        assert!(e.to_string().contains("x.example") && e.to_string().contains("BOGUS"));
        let e = Zone::from_yaml("x.example:\n  - A: 1.2.3\n").unwrap_err();
        assert!(e.to_string().contains("IPv4"));
        let e = Zone::from_yaml("x.example: [\n").unwrap_err();
        assert!(e.to_string().contains("line"), "{e}");
    }

    #[test]
    fn resolver_trait_works_on_a_zone() {
        let z = Zone::new().with_txt("_dmarc.example.org", &["v=DMARC1; p=none"]);
        let a = futures::executor::block_on(z.txt("_dmarc.example.org")).unwrap();
        assert_eq!(a.records[0].text(), "v=DMARC1; p=none");
    }
}
