//! Domain names typed by a user: tolerant of what people paste (a URL, an address, a trailing
//! dot), strict about what DNS can carry (RFC 1035 §2.3.4: labels of 1 to 63 octets, names of at
//! most 253 characters in text form).

use serde::Serialize;

/// Why an input is not a domain name, and where (1-based character position in the input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message} (at position {position})")]
pub struct NameError {
    pub position: usize,
    pub message: String,
}

fn err(position: usize, message: impl Into<String>) -> NameError {
    NameError {
        position,
        message: message.into(),
    }
}

/// `name` is `domain` or a name under it (`mail.bank.example` within `bank.example`; not
/// `evilbank.example`). Both as the caller holds them: compare normalized names.
pub fn within(name: &str, domain: &str) -> bool {
    name == domain
        || (name.len() > domain.len()
            && name.ends_with(domain)
            && name.as_bytes()[name.len() - domain.len() - 1] == b'.')
}

/// The registrable part of a host name, roughly: the last two labels, three under a short
/// second-level label of a country (`co.uk`, `com.au`). Enough to tell one operator's hosts
/// from another's (`mail-a.example.net` and `relay.example.net`), without a suffix list; lower
/// case, without the trailing dot.
pub fn base_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let take = if n >= 3 && labels[n - 1].len() == 2 && labels[n - 2].len() <= 3 {
        3
    } else {
        2
    };
    labels[n.saturating_sub(take)..].join(".")
}

/// Reads a domain from what a user typed: `example.com`, `Example.COM.`, `https://example.com/x`,
/// `postmaster@example.com`. Returns it in lower case without the trailing dot.
pub fn parse_domain(input: &str) -> Result<String, NameError> {
    // Work on (char position, char) so every error can point into the original input.
    let chars: Vec<(usize, char)> = input.chars().enumerate().map(|(i, c)| (i + 1, c)).collect();
    let mut s: &[(usize, char)] = &chars;
    while let [(_, c), rest @ ..] = s {
        if c.is_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., (_, c)] = s {
        if c.is_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    if s.is_empty() {
        return Err(err(1, "enter a domain name, like example.com"));
    }
    let text: String = s.iter().map(|(_, c)| c).collect();
    // A pasted URL: keep the host.
    if let Some(i) = text.find("://") {
        let skip = text[..i + 3].chars().count();
        s = &s[skip..];
        if let Some(j) = s.iter().position(|(_, c)| matches!(c, '/' | '?' | '#')) {
            s = &s[..j];
        }
        if let Some(j) = s.iter().position(|(_, c)| *c == ':') {
            s = &s[..j];
        }
    }
    // A pasted address: keep the domain.
    if let Some(j) = s.iter().rposition(|(_, c)| *c == '@') {
        s = &s[j + 1..];
    }
    if let [rest @ .., (_, '.')] = s {
        s = rest;
    }
    let Some(&(start, _)) = s.first() else {
        return Err(err(1, "no domain name in the input"));
    };
    if s.len() > 253 {
        return Err(err(
            s[253].0,
            format!(
                "a domain name has at most 253 characters; this one has {}",
                s.len()
            ),
        ));
    }
    let mut label_start = start;
    let mut label_len = 0usize;
    let mut labels = 1;
    for &(pos, c) in s {
        match c {
            '.' => {
                if label_len == 0 {
                    return Err(err(pos, "empty label: two dots in a row, or a leading dot"));
                }
                labels += 1;
                label_len = 0;
                label_start = pos + 1;
            }
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => {
                label_len += 1;
                if label_len > 63 {
                    return Err(err(
                        label_start,
                        "a label (the part between dots) has at most 63 characters",
                    ));
                }
            }
            c if !c.is_ascii() => {
                return Err(err(
                    pos,
                    format!(
                        "'{c}' is not ASCII: enter an internationalized name in its xn-- (A-label) form"
                    ),
                ))
            }
            c if c.is_whitespace() => return Err(err(pos, "a domain name has no spaces")),
            c => return Err(err(pos, format!("'{c}' cannot appear in a domain name"))),
        }
    }
    if labels < 2 {
        return Err(err(
            start,
            "a domain has at least two labels, like example.com",
        ));
    }
    Ok(s.iter().map(|(_, c)| c.to_ascii_lowercase()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_people_paste() {
        for (input, want) in [
            ("example.com", "example.com"),
            ("  Example.COM. ", "example.com"),
            ("https://www.example.com/path?q=1", "www.example.com"),
            ("http://example.com:8080", "example.com"),
            ("postmaster@example.org", "example.org"),
            ("_dmarc.example.com", "_dmarc.example.com"),
            ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ] {
            assert_eq!(parse_domain(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn rejects_with_position() {
        for (input, pos, word) in [
            ("", 1, "enter"),
            ("   ", 1, "enter"),
            ("exa mple.com", 4, "spaces"),
            ("example..com", 9, "empty label"),
            (".example.com", 1, "empty label"),
            ("bücher.example", 2, "xn--"),
            ("example", 1, "two labels"),
            ("exa<mple.com", 4, "'<'"),
            ("user@", 1, "no domain"),
        ] {
            let e = parse_domain(input).unwrap_err();
            assert_eq!(e.position, pos, "{input}: {e}");
            assert!(e.message.contains(word), "{input}: {e}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        assert!(parse_domain(&long_label)
            .unwrap_err()
            .message
            .contains("63"));
        let long_name = format!("{}com", "abcdefghi.".repeat(26));
        assert!(parse_domain(&long_name)
            .unwrap_err()
            .message
            .contains("253"));
    }
}
