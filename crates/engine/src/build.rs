//! Record builders: SPF (a catalogue of senders), DKIM keys, MTA-STS and TLS-RPT.
//!
//! Every builder follows the DMARC builder's shape (`dmarc::build`): plain data in (a struct of
//! the user's choices, which is also the page's address), records out, and the output checked by
//! the same parser that checks published records, so that what the builder prints always parses
//! with no error (property tests in `crates/engine/tests/builders.rs`). An input the builder
//! cannot use is left out and reported as an [`InputError`] beside the field it came from, never
//! turned into a broken record.
//!
//! What is shared lives here: splitting a TXT record into the 255-octet character-strings DNS
//! hosts need ([`split_txt`], [`TxtOutput`]), the page's address as state ([`query_string`],
//! [`parse_query`]), the comparison with what is published ([`Change`]), and the codes of the
//! builders' own findings ([`Code`]).

use serde::Serialize;

use crate::diag::{code_table, finding_codes};
use crate::dns::quote_character_string;

// ---------------------------------------------------------------------------------------------
// Codes

finding_codes! {
    /// The builders' own finding codes. Everything else a builder reports is the finding of the
    /// parser or check that also reads published records (`spf-permissive-all`, `dkim-key-weak`,
    /// `mtasts-mode-testing`, ...), with its usual code.
    pub enum Code {
        /// Ranges copied from an include in place of the include.
        SpfFlattened,
        /// The lookup or void-lookup count is at or near its limit.
        SpfNearLimit,
        /// A sender that uses its own domain in MAIL FROM: its include here is not what receivers
        /// check for its mail.
        SpfProviderEnvelope,
        /// A record that authorizes no host at all.
        SpfNoSender,
    }
}

code_table! {
    Code {
        SpfFlattened => ("spf-build-flattened", Warning, "Ranges copied in place of an include",
            "The provider's address ranges were copied into the record instead of its include, which saves DNS lookups. The provider changes its ranges without telling you; mail from its new addresses then fails SPF.",
            "Check the copied ranges against the provider's include regularly (the SPF tree of the include shows them), or move the provider to a subdomain of its own instead.",
            "RFC 7208 §4.6.4"),
        SpfNearLimit => ("spf-build-near-limit", Warning, "Close to the lookup limit",
            "Receivers stop after 10 DNS-querying terms (include, a, mx, ptr, exists, redirect) and 2 lookups that return nothing, and then return permerror, which fails DMARC for SPF. One more include can cross the limit, and providers add lookups to their own records without notice.",
            "Keep a margin: drop senders you no longer use, move a sender to a subdomain with its own record, or replace an include with its ranges.",
            "RFC 7208 §4.6.4"),
        SpfProviderEnvelope => ("spf-build-provider-envelope", Info, "The provider uses its own bounce domain",
            "SPF checks the domain in MAIL FROM (the Return-Path), not the From address readers see. This provider puts its own domain there unless you set up a custom Return-Path (MAIL FROM) domain, so its include in this record is not checked for its mail and only costs lookups.",
            "Rely on the provider's DKIM signature for DMARC, or set up its custom Return-Path domain and put the include in that subdomain's record.",
            "RFC 7208 §2.4"),
        SpfNoSender => ("spf-build-no-sender", Info, "No host may send",
            "The record lists no host, range or include, so no server may send for the domain and every message gets the result of its all. For a domain that sends no mail the record is v=spf1 -all (fail), which the builder ends in unless another all is chosen: ~all and ?all only ask receivers to be suspicious or say nothing.",
            "For a domain that sends no mail, publish v=spf1 -all together with DMARC p=reject. Otherwise add the services that send for it.",
            "RFC 7208 §5.1"),
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs and outputs

/// A value the builder could not use, left out of the record: shown beside its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// The builder field (and address parameter) it came from: `ip`, `host`, `rua`, ...
    pub field: &'static str,
    /// What was entered.
    pub input: String,
    pub message: String,
}

impl InputError {
    pub fn new(field: &'static str, input: &str, message: impl Into<String>) -> InputError {
        InputError {
            field,
            input: input.to_string(),
            message: message.into(),
        }
    }
}

/// The longest character-string a TXT record can hold (RFC 1035 §3.3.14: a length octet, then
/// at most 255 octets).
pub const MAX_STRING: usize = 255;

/// The TTL written in [`TxtOutput::zone_line`].
pub const ZONE_TTL: u32 = 3600;

/// A TXT record as a DNS host needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TxtOutput {
    /// The full name, without the trailing dot: `example.com`, `_mta-sts.example.com`.
    pub name: String,
    /// The name relative to the domain, as most DNS hosts' forms ask for it, when the domain is
    /// the zone's apex: `@`, `_mta-sts`, `s1._domainkey`.
    pub host: String,
    /// The record's text (the strings joined).
    pub text: String,
    /// The text cut into character-strings of at most 255 octets. Receivers join them with
    /// nothing in between (RFC 7208 §3.3, RFC 6376 §3.6.2.2), so they are entered as several
    /// quoted strings in one record, not as several records.
    pub strings: Vec<String>,
    /// The record in zone-file syntax: `example.com. 3600 IN TXT "..." "..."`.
    pub zone_line: String,
}

impl TxtOutput {
    /// `host` is the name relative to `domain` (empty for the apex); `domain` may be empty
    /// while the user has not typed it, and is then written `<domain>`.
    pub fn new(host: &str, domain: &str, strings: Vec<String>) -> TxtOutput {
        let domain = if domain.is_empty() {
            "<domain>"
        } else {
            domain
        };
        let name = if host.is_empty() {
            domain.to_string()
        } else {
            format!("{host}.{domain}")
        };
        let zone_line = format!("{name}. {ZONE_TTL} IN TXT {}", quoted(&strings));
        TxtOutput {
            host: if host.is_empty() {
                "@".into()
            } else {
                host.into()
            },
            name,
            text: strings.concat(),
            strings,
            zone_line,
        }
    }
}

/// The strings in zone-file syntax, each quoted, separated by spaces: what most DNS hosts accept
/// in their value field for a long record.
pub fn quoted(strings: &[String]) -> String {
    strings
        .iter()
        .map(|s| quote_character_string(s.as_bytes()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cuts a record into character-strings of at most [`MAX_STRING`] octets, never inside a UTF-8
/// character. With `break_at`, each cut is made just before the last such octet that fits (SPF
/// cuts before a space, so that no term is split across strings, which some receivers mishandle
/// and the SPF check reports as `spf-string-split`); without one, or when none fits, at 255.
pub fn split_txt_at(text: &str, break_at: Option<u8>) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > MAX_STRING {
        let mut cut = MAX_STRING;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(b) = break_at {
            if let Some(i) = rest.as_bytes()[1..=cut].iter().rposition(|x| *x == b) {
                // +1: the search started at index 1, so a break octet at 0 never gives an empty string.
                cut = i + 1;
            }
        }
        out.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Cuts a record into character-strings of at most 255 octets, anywhere.
pub fn split_txt(text: &str) -> Vec<String> {
    split_txt_at(text, None)
}

// ---------------------------------------------------------------------------------------------
// The address as state

/// The page's address query for a builder's parameters: `key=value` pairs joined by `&`, values
/// percent-encoded as `application/x-www-form-urlencoded` does (what `URLSearchParams` writes).
/// Pairs whose value is `None` or empty are left out.
pub fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_deref().filter(|v| !v.is_empty()).map(|v| {
                let (k, v) = (
                    form_urlencoded::byte_serialize(k.as_bytes()),
                    form_urlencoded::byte_serialize(v.as_bytes()),
                );
                format!("{}={}", k.collect::<String>(), v.collect::<String>())
            })
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Reads a query string (with or without its leading `?` or `#`) into pairs, decoding `+` and
/// percent escapes; malformed escapes are kept as written.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim_start_matches(['?', '#']).as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The value of `key` among parsed pairs (the first, as `URLSearchParams.get` does).
pub fn query_get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A list parameter (`a,b,c`): split at commas and white space, empty items dropped, and the
/// escapes [`join`] writes undone, so that an item holding a separator comes back whole.
pub(crate) fn list(v: Option<&str>) -> Vec<String> {
    v.unwrap_or("")
        .split([',', ' ', '\n', '\t', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(unescape_item)
        .collect()
}

/// A list as a parameter value (`None` when empty). Inside an item, `%` and the characters
/// that separate items or entries (`,` `;` `=` and white space) are written as `%XX`, so any
/// item survives [`list`]; ordinary items (names, ranges, addresses) are written as they are.
pub(crate) fn join(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(|i| escape_item(i))
            .collect::<Vec<_>>()
            .join(",")
    })
}

pub(crate) fn escape_item(item: &str) -> String {
    // What would end the item or the tag (`, ; =`), white space and controls, and `%` itself.
    const ITEM: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b'%')
        .add(b',')
        .add(b';')
        .add(b'=')
        .add(b' ');
    percent_encoding::utf8_percent_encode(item, ITEM).to_string()
}

pub(crate) fn unescape_item(item: &str) -> String {
    percent_encoding::percent_decode_str(item)
        .decode_utf8_lossy()
        .into_owned()
}

// ---------------------------------------------------------------------------------------------
// Compared with what is published

/// One difference between the built record and the published one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Change {
    /// In the built record only.
    Added { what: String },
    /// In the published record only.
    Removed { what: String },
    /// In both, with another value.
    Changed {
        what: String,
        published: String,
        built: String,
    },
}

/// The built record beside the published one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The published record's text; `None` when nothing is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub built: String,
    /// True when the two mean the same (an empty `changes`).
    pub same: bool,
    pub changes: Vec<Change>,
    /// What publishing the built record means, in plain words (a new DKIM selector, an MTA-STS
    /// id to change, ...).
    pub notes: Vec<String>,
}

impl Comparison {
    pub(crate) fn new(
        published: Option<&str>,
        built: &str,
        changes: Vec<Change>,
        notes: Vec<String>,
    ) -> Comparison {
        Comparison {
            published: published.map(str::to_string),
            built: built.to_string(),
            same: published.is_some() && changes.is_empty(),
            changes,
            notes,
        }
    }
}

/// Tag-by-tag differences of two `name=value; ...` records (MTA-STS, TLS-RPT, DKIM keys).
pub(crate) fn diff_tags(published: &[(String, String)], built: &[(String, String)]) -> Vec<Change> {
    let mut out = Vec::new();
    for (n, v) in built {
        match published.iter().find(|(pn, _)| pn == n) {
            Some((_, pv)) if pv == v => {}
            Some((_, pv)) => out.push(Change::Changed {
                what: n.clone(),
                published: pv.clone(),
                built: v.clone(),
            }),
            None => out.push(Change::Added {
                what: format!("{n}={v}"),
            }),
        }
    }
    for (n, v) in published {
        if !built.iter().any(|(bn, _)| bn == n) {
            out.push(Change::Removed {
                what: format!("{n}={v}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_strings_within_255_and_prefers_the_break() {
        let long = format!("v=spf1 {} -all", "ip4:192.0.2.0/24 ".repeat(30).trim_end());
        let parts = split_txt_at(&long, Some(b' '));
        assert!(parts.len() > 1);
        assert_eq!(parts.concat(), long);
        for p in &parts {
            assert!(p.len() <= 255, "{}", p.len());
        }
        // Each later string begins with the space that separates two terms.
        assert!(parts[1..].iter().all(|p| p.starts_with(' ')));
        let plain = split_txt(&"a".repeat(600));
        assert_eq!(
            plain.iter().map(String::len).collect::<Vec<_>>(),
            [255, 255, 90]
        );
        assert_eq!(split_txt(""), [""]);
        assert_eq!(split_txt(&"b".repeat(255)).len(), 1);
        // Multi-octet characters are never cut.
        let wide = "é".repeat(200);
        assert!(split_txt(&wide).iter().all(|s| s.len() <= 255));
        assert_eq!(split_txt(&wide).concat(), wide);
    }

    #[test]
    fn zone_line_quotes_each_string() {
        let t = TxtOutput::new("_mta-sts", "example.com", vec!["v=STSv1; id=1".into()]);
        assert_eq!(t.name, "_mta-sts.example.com");
        assert_eq!(t.host, "_mta-sts");
        assert_eq!(
            t.zone_line,
            "_mta-sts.example.com. 3600 IN TXT \"v=STSv1; id=1\""
        );
        let apex = TxtOutput::new("", "", vec!["a\"b".into(), "c".into()]);
        assert_eq!(apex.host, "@");
        assert_eq!(apex.name, "<domain>");
        assert!(apex.zone_line.ends_with("TXT \"a\\\"b\" \"c\""));
    }

    #[test]
    fn query_round_trip() {
        let pairs = [
            ("domain", Some("example.com".to_string())),
            ("ip", Some("192.0.2.0/24,2001:db8::/32".to_string())),
            ("note", Some("a b&c=d%é".to_string())),
            ("empty", Some(String::new())),
            ("none", None),
        ];
        let q = query_string(&pairs);
        assert!(!q.contains("empty") && !q.contains("none"));
        let back = parse_query(&format!("?{q}"));
        assert_eq!(query_get(&back, "domain"), Some("example.com"));
        assert_eq!(query_get(&back, "ip"), Some("192.0.2.0/24,2001:db8::/32"));
        assert_eq!(query_get(&back, "note"), Some("a b&c=d%é"));
        assert_eq!(
            parse_query("a=%zz&b=%4"),
            [("a".into(), "%zz".into()), ("b".into(), "%4".into())]
        );
    }

    #[test]
    fn list_items_survive_with_their_separators() {
        let items: Vec<String> = [
            "a,b@example.com",
            "bad host",
            "50%",
            "x=1;y",
            "%{i}.example",
            "plain.example",
        ]
        .map(String::from)
        .to_vec();
        let joined = join(&items).unwrap();
        assert!(joined.ends_with(",plain.example"));
        assert_eq!(list(Some(&joined)), items);
        // What people type in an address still reads.
        assert_eq!(list(Some("a, b  c")), ["a", "b", "c"]);
        assert_eq!(list(Some("%{i}")), ["%{i}"]);
        assert!(join(&[]).is_none());
    }

    #[test]
    fn codes_are_explained_and_prefixed() {
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(c));
            assert!(c.as_str().starts_with("spf-build-"));
            assert!(!c.info().explanation.is_empty());
        }
    }
}
