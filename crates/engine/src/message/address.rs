//! Mailboxes in From, Sender, Return-Path (RFC 5322 §3.4), read tolerantly: quoted display names,
//! comments, groups, several addresses, and RFC 2047 encoded words in display names.

use base64::Engine;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mailbox {
    /// The display name, encoded words decoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// `local@domain` as written.
    pub address: String,
    pub local: String,
    /// The domain in lower case, without a trailing dot.
    pub domain: String,
}

/// The mailbox as RFC 5322 §3.4 writes a name-addr: `"Name" <local@domain>` (`"` and `\` in the
/// name escaped), or the address alone. The page and the CLI show From this way, so that an
/// address written in a name reads as part of the name.
impl std::fmt::Display for Mailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write as _;
        let Some(name) = &self.display else {
            return f.write_str(&self.address);
        };
        f.write_char('"')?;
        for c in name.chars() {
            if c == '"' || c == '\\' {
                f.write_char('\\')?;
            }
            f.write_char(c)?;
        }
        write!(f, "\" <{}>", self.address)
    }
}

/// Decodes RFC 2047 encoded words (`=?utf-8?B?...?=`, `=?iso-8859-1?Q?...?=`) in a phrase.
pub fn decode_words(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, tail) = rest.split_at(start);
        let decoded = encoded_word(tail);
        match decoded {
            Some((text, used)) => {
                // Whitespace between two encoded words is dropped (RFC 2047 §6.2).
                if !(last_was_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&text);
                rest = &tail[used..];
                last_was_word = true;
            }
            None => {
                out.push_str(before);
                out.push_str("=?");
                rest = &tail[2..];
                last_was_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One encoded word at the start of `s`: its text and how many bytes it took.
fn encoded_word(s: &str) -> Option<(String, usize)> {
    let body = s.strip_prefix("=?")?;
    let (charset, rest) = body.split_once('?')?;
    let (enc, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let text = &rest[..end];
    let used = 2 + charset.len() + 1 + enc.len() + 1 + end + 2;
    let bytes = match enc {
        "B" | "b" => base64::engine::general_purpose::STANDARD
            .decode(text.trim_end_matches('='))
            .or_else(|_| {
                base64::engine::general_purpose::STANDARD_NO_PAD.decode(text.trim_end_matches('='))
            })
            .ok()?,
        "Q" | "q" => {
            let b = text.as_bytes();
            let mut v = Vec::new();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'_' => v.push(b' '),
                    b'=' if i + 2 < b.len() => {
                        let h = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
                        v.push(u8::from_str_radix(h, 16).ok()?);
                        i += 2;
                    }
                    c => v.push(c),
                }
                i += 1;
            }
            v
        }
        _ => return None,
    };
    let charset = charset.split('*').next().unwrap_or("").to_ascii_lowercase();
    let text = match charset.as_str() {
        "iso-8859-1" | "latin1" | "windows-1252" | "cp1252" => {
            bytes.iter().map(|&b| b as char).collect()
        }
        _ => String::from_utf8_lossy(&bytes).into_owned(),
    };
    Some((text, used))
}

/// Removes comments `( ... )` (nested, with quoted-pairs) outside quoted strings.
fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let (mut depth, mut quoted, mut escape) = (0u32, false, false);
    for c in s.chars() {
        if escape {
            if depth == 0 {
                out.push(c);
            }
            escape = false;
            continue;
        }
        match c {
            '\\' => {
                escape = true;
                if depth == 0 {
                    out.push(c);
                }
            }
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s);
    let mut out = String::new();
    let mut esc = false;
    for c in inner.chars() {
        if esc {
            out.push(c);
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits at top-level occurrences of any of `seps` (outside quotes and angle brackets).
fn split_top(s: &str, seps: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut angle, mut esc) = (false, 0u32, false);
    for c in s.chars() {
        if esc {
            cur.push(c);
            esc = false;
            continue;
        }
        match c {
            '\\' if quoted => {
                esc = true;
                cur.push(c);
            }
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            '<' if !quoted => {
                angle += 1;
                cur.push(c);
            }
            '>' if !quoted && angle > 0 => {
                angle -= 1;
                cur.push(c);
            }
            c if !quoted && angle == 0 && seps.contains(&c) => {
                parts.push(std::mem::take(&mut cur));
            }
            c => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

fn mailbox(token: &str) -> Option<Mailbox> {
    let token = token.trim();
    if token.is_empty() {
        return None;
    }
    let (display, addr) = match (token.rfind('<'), token.rfind('>')) {
        (Some(l), Some(r)) if l < r => {
            let d = decode_words(&unquote(&token[..l]));
            let d = d.trim().to_string();
            (
                if d.is_empty() { None } else { Some(d) },
                token[l + 1..r].trim().to_string(),
            )
        }
        _ => (None, token.to_string()),
    };
    // Obsolete source routes: <@a,@b:user@example.com>
    let addr = match addr.rfind(':') {
        Some(p) if addr.starts_with('@') => addr[p + 1..].to_string(),
        _ => addr,
    };
    let (local, domain) = match addr.rfind('@') {
        Some(p) => (
            unquote(&addr[..p]),
            addr[p + 1..]
                .trim()
                .trim_end_matches('.')
                .to_ascii_lowercase(),
        ),
        None => (unquote(&addr), String::new()),
    };
    Some(Mailbox {
        display,
        address: addr.clone(),
        local,
        domain,
    })
}

/// Every mailbox of an address-list header value (groups flattened).
pub fn parse_mailboxes(value: &str) -> Vec<Mailbox> {
    let cleaned = strip_comments(value);
    let mut out = Vec::new();
    for item in split_top(&cleaned, &[',', ';']) {
        // `Group name: member, member;` — the first member carries the group's name.
        let parts = split_top(&item, &[':']);
        let member = if parts.len() > 1 && !parts[0].contains('@') {
            parts[1..].join(":")
        } else {
            item
        };
        if let Some(m) = mailbox(&member) {
            out.push(m);
        }
    }
    out
}

/// The email addresses written inside a display name (`"support@bank.example" <x@other.example>`,
/// `Bank (alerts@bank.example)`), lower case: the text around each `@` that an address could be
/// made of, with a domain of at least two labels.
pub fn addresses_in(display: &str) -> Vec<String> {
    // ASCII only: a byte outside it ends the address (and is never cut in two).
    let local_byte = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b);
    let domain_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    let bytes = display.as_bytes();
    let mut out: Vec<String> = Vec::new();
    for (at, _) in display.match_indices('@') {
        let mut start = at;
        while start > 0 && local_byte(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain_byte(bytes[end]) {
            end += 1;
        }
        // A quote around an address in a name is not part of it (a `'` inside one is).
        let local = display[start..at]
            .trim_start_matches(['\'', '.'])
            .trim_end_matches('.');
        let domain = display[at + 1..end].trim_matches('.');
        if local.is_empty() || !domain.contains('.') || domain.contains("..") {
            continue;
        }
        let address = format!("{local}@{domain}").to_ascii_lowercase();
        if !out.contains(&address) {
            out.push(address);
        }
    }
    out
}

/// The path of a Return-Path header (`<>` for a bounce gives an empty address).
pub fn parse_path(value: &str) -> Option<Mailbox> {
    let v = strip_comments(value);
    let v = v.trim();
    if v == "<>" {
        return Some(Mailbox {
            display: None,
            address: String::new(),
            local: String::new(),
            domain: String::new(),
        });
    }
    mailbox(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailbox_is_shown_as_a_name_addr() {
        let m = |v: &str| parse_mailboxes(v).remove(0).to_string();
        assert_eq!(m("a@x.example"), "a@x.example");
        assert_eq!(
            m("Shop <news@shop.example>"),
            "\"Shop\" <news@shop.example>"
        );
        assert_eq!(
            m("\"security@bank.example\" <alerts@bank-secure.example>"),
            "\"security@bank.example\" <alerts@bank-secure.example>"
        );
        assert_eq!(
            m("\"a \\\"b\\\"\" <c@d.example>"),
            "\"a \\\"b\\\"\" <c@d.example>"
        );
    }

    #[test]
    fn addresses_are_found_in_display_names() {
        assert_eq!(
            addresses_in("support@PayPal.com"),
            vec!["support@paypal.com"]
        );
        assert_eq!(
            addresses_in("Bank (alerts@bank.example) via ceo@corp.example."),
            vec!["alerts@bank.example", "ceo@corp.example"]
        );
        assert_eq!(
            addresses_in("'billing@shop.example'"),
            vec!["billing@shop.example"]
        );
        assert_eq!(
            addresses_in("o'brien@shop.example"),
            vec!["o'brien@shop.example"]
        );
        for none in [
            "Alice",
            "Team @ Corp",
            "a@localhost",
            "x@.example",
            "@example.com",
            "Dépôt @home",
        ] {
            assert!(addresses_in(none).is_empty(), "{none}");
        }
        assert_eq!(addresses_in("a@b.example a@B.example"), vec!["a@b.example"]);
    }

    #[test]
    fn mailboxes() {
        let m = parse_mailboxes(r#""Sixpack, Joe" <joe@Football.Example.COM.> (the boss)"#);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].display.as_deref(), Some("Sixpack, Joe"));
        assert_eq!(m[0].domain, "football.example.com");
        let m = parse_mailboxes("a@x.example, B <b@y.example>");
        assert_eq!(
            m.iter().map(|m| m.domain.as_str()).collect::<Vec<_>>(),
            ["x.example", "y.example"]
        );
        let m = parse_mailboxes("Team: a@x.example, b@y.example;, c@z.example");
        assert_eq!(m.len(), 3);
        let m = parse_mailboxes("=?utf-8?B?UGF5UGFs?= <service@paypa1.example>");
        assert_eq!(m[0].display.as_deref(), Some("PayPal"));
        let m = parse_mailboxes("=?iso-8859-1?Q?Andr=E9_?= =?iso-8859-1?Q?Pirard?= <a@b.example>");
        assert_eq!(m[0].display.as_deref(), Some("André Pirard"));
        assert_eq!(parse_path("<>").unwrap().address, "");
        assert_eq!(
            parse_path("<bounce@mail.example.net>").unwrap().domain,
            "mail.example.net"
        );
    }
}
