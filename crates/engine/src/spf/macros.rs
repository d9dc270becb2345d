//! Macro expansion (RFC 7208 §7.3, §7.4).

use std::net::IpAddr;

use super::record::{MacroExpand, MacroLetter, MacroPart, MacroString};

/// The most octets one expansion may produce. A record is at most a few kilobytes, but a macro
/// like `%{s}` repeated can multiply a long sender; past this the expansion stops.
pub const MAX_EXPANSION: usize = 8 * 1024;

/// What macros expand to.
#[derive(Debug, Clone)]
pub struct MacroContext<'a> {
    /// `local-part@domain` of the sender (`postmaster@...` when the local-part was empty).
    pub sender: &'a str,
    pub local_part: &'a str,
    pub sender_domain: &'a str,
    /// The domain whose record is being evaluated.
    pub domain: &'a str,
    pub ip: IpAddr,
    pub helo: &'a str,
    /// The receiving host (`r`), `unknown` when not given.
    pub receiver: &'a str,
    /// Seconds since the epoch (`t`); passed in, the engine has no clock.
    pub now: u64,
    /// The validated domain name of the IP (`p`), already looked up, or `unknown`.
    pub validated_name: &'a str,
}

/// The result of an expansion; `truncated` when it hit [`MAX_EXPANSION`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    pub truncated: bool,
}

/// `i` for IPv4: dotted quad. For IPv6: 32 nibbles separated by dots (§7.3), in upper case as the
/// reference implementation writes them (DNS compares names case-insensitively).
pub fn ip_dotted(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => v6
            .octets()
            .iter()
            .flat_map(|b| [b >> 4, b & 0xf])
            .map(|n| format!("{n:X}"))
            .collect::<Vec<_>>()
            .join("."),
    }
}

/// The reverse-lookup name of an IP (`4.3.2.1.in-addr.arpa`, nibbles `.ip6.arpa`).
pub fn reverse_name(ip: IpAddr) -> String {
    let dotted = ip_dotted(ip);
    let mut parts: Vec<&str> = dotted.split('.').collect();
    parts.reverse();
    let suffix = match ip {
        IpAddr::V4(_) => "in-addr.arpa",
        IpAddr::V6(_) => "ip6.arpa",
    };
    format!("{}.{suffix}", parts.join("."))
}

fn letter_value(letter: MacroLetter, ctx: &MacroContext) -> String {
    match letter {
        MacroLetter::Sender => ctx.sender.to_string(),
        MacroLetter::LocalPart => ctx.local_part.to_string(),
        MacroLetter::SenderDomain => ctx.sender_domain.to_string(),
        MacroLetter::Domain => ctx.domain.to_string(),
        MacroLetter::Ip => ip_dotted(ctx.ip),
        MacroLetter::ValidatedName => ctx.validated_name.to_string(),
        MacroLetter::IpVersion => match ctx.ip {
            IpAddr::V4(_) => "in-addr".into(),
            IpAddr::V6(_) => "ip6".into(),
        },
        MacroLetter::Helo => ctx.helo.to_string(),
        MacroLetter::ClientIp => ctx.ip.to_string(),
        MacroLetter::Receiver => ctx.receiver.to_string(),
        MacroLetter::Timestamp => ctx.now.to_string(),
    }
}

fn expand_one(m: &MacroExpand, ctx: &MacroContext) -> String {
    let value = letter_value(m.letter, ctx);
    let delims: &str = if m.delimiters.is_empty() {
        "."
    } else {
        &m.delimiters
    };
    let out = if m.keep.is_none() && !m.reverse && delims == "." {
        value
    } else {
        let mut parts: Vec<&str> = value.split(|c| delims.contains(c)).collect();
        if m.reverse {
            parts.reverse();
        }
        if let Some(n) = m.keep {
            let n = (n as usize).min(parts.len());
            parts = parts.split_off(parts.len() - n);
        }
        parts.join(".")
    };
    if m.url_escape {
        crate::text::uri_escape(&out)
    } else {
        out
    }
}

/// Expands a macro-string.
pub fn expand(ms: &MacroString, ctx: &MacroContext) -> Expanded {
    let mut text = String::new();
    for part in &ms.parts {
        let piece = match part {
            MacroPart::Literal { text } => text.clone(),
            MacroPart::Percent => "%".into(),
            MacroPart::Space => " ".into(),
            MacroPart::UrlSpace => "%20".into(),
            MacroPart::Expand(m) => expand_one(m, ctx),
        };
        if text.len() + piece.len() > MAX_EXPANSION {
            let room = MAX_EXPANSION - text.len();
            let mut cut = room;
            while !piece.is_char_boundary(cut) {
                cut -= 1;
            }
            text.push_str(&piece[..cut]);
            return Expanded {
                text,
                truncated: true,
            };
        }
        text.push_str(&piece);
    }
    Expanded {
        text,
        truncated: false,
    }
}

/// A name for a query from an expanded domain-spec: the trailing dot removed, and labels dropped
/// from the left until it fits in 253 characters (§7.3).
pub fn to_query_name(expanded: &str) -> String {
    let mut name = expanded.strip_suffix('.').unwrap_or(expanded);
    while name.len() > 253 {
        match name.find('.') {
            Some(p) => name = &name[p + 1..],
            None => break,
        }
    }
    name.to_string()
}

/// True when any part uses `%{p}`, which needs DNS before it can be expanded.
pub fn uses_validated_name(ms: &MacroString) -> bool {
    ms.parts
        .iter()
        .any(|p| matches!(p, MacroPart::Expand(m) if m.letter == MacroLetter::ValidatedName))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spf::parse::{explanation_string, macro_string};

    fn ctx(ip: &str) -> MacroContext<'static> {
        MacroContext {
            sender: "strong-bad@email.example.com",
            local_part: "strong-bad",
            sender_domain: "email.example.com",
            domain: "email.example.com",
            ip: ip.parse().unwrap(),
            helo: "mx.example.org",
            receiver: "example.net",
            now: 1_700_000_000,
            validated_name: "mx.example.org",
        }
    }

    fn ex(s: &str, ip: &str) -> String {
        let ms = explanation_string(s).unwrap();
        expand(&ms, &ctx(ip)).text
    }

    /// The examples of RFC 7208 §7.4.
    #[test]
    fn rfc_examples() {
        let v4 = "192.0.2.3";
        for (m, want) in [
            ("%{s}", "strong-bad@email.example.com"),
            ("%{o}", "email.example.com"),
            ("%{d}", "email.example.com"),
            ("%{d4}", "email.example.com"),
            ("%{d3}", "email.example.com"),
            ("%{d2}", "example.com"),
            ("%{d1}", "com"),
            ("%{dr}", "com.example.email"),
            ("%{d2r}", "example.email"),
            ("%{l}", "strong-bad"),
            ("%{l-}", "strong.bad"),
            ("%{lr}", "strong-bad"),
            ("%{lr-}", "bad.strong"),
            ("%{l1r-}", "strong"),
            (
                "%{ir}.%{v}._spf.%{d2}",
                "3.2.0.192.in-addr._spf.example.com",
            ),
            ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
            (
                "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}",
                "bad.strong.lp.3.2.0.192.in-addr._spf.example.com",
            ),
            (
                "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}",
                "3.2.0.192.in-addr.strong.lp._spf.example.com",
            ),
            (
                "%{d2}.trusted-domains.example.net",
                "example.com.trusted-domains.example.net",
            ),
            ("%{c}", "192.0.2.3"),
            ("%{r}", "example.net"),
            ("%{t}", "1700000000"),
            ("%{p2}", "example.org"),
            ("%%%_%-", "% %20"),
        ] {
            assert_eq!(ex(m, v4), want, "{m}");
        }
        assert_eq!(
            ex("%{ir}.%{v}._spf.%{d2}", "2001:db8::cb01"),
            "1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6._spf.example.com"
        );
        assert_eq!(ex("%{c}", "2001:DB8::CB01"), "2001:db8::cb01");
    }

    #[test]
    fn uppercase_escapes() {
        let mut c = ctx("192.0.2.3");
        c.local_part = "~jack&jill=up-a_b3.c";
        let ms = explanation_string("l=%{L}").unwrap();
        assert_eq!(expand(&ms, &c).text, "l=~jack%26jill%3Dup-a_b3.c");
    }

    #[test]
    fn expansion_is_capped() {
        let long = "x".repeat(1000);
        let mut c = ctx("192.0.2.3");
        c.sender = &long;
        let many = "%{s}".repeat(20);
        let mut f = Vec::new();
        let ms = macro_string(&many, 0, false, false, &mut f).unwrap();
        let e = expand(&ms, &c);
        assert!(e.truncated);
        assert_eq!(e.text.len(), MAX_EXPANSION);
    }

    #[test]
    fn query_names() {
        assert_eq!(to_query_name("example.com."), "example.com");
        let long = format!("{}example.com", "abcdefghij.".repeat(30));
        let n = to_query_name(&long);
        assert!(n.len() <= 253 && n.ends_with("example.com"));
        assert_eq!(
            reverse_name("192.0.2.1".parse().unwrap()),
            "1.2.0.192.in-addr.arpa"
        );
        assert!(reverse_name("2001:db8::1".parse().unwrap()).starts_with("1.0.0.0."));
    }
}
