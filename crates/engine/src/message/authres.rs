//! Authentication-Results (RFC 8601), read tolerantly: real headers from large providers bend
//! the grammar (missing semicolons, comments everywhere, unknown methods).

use serde::Serialize;

use super::Message;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MethodResult {
    /// `spf`, `dkim`, `dmarc`, `arc`, ...
    pub method: String,
    /// The result word as written, lower case.
    pub result: String,
    /// `ptype.property=value` pairs, e.g. `header.d=example.com`, `smtp.mailfrom=...`.
    pub properties: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl MethodResult {
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthResults {
    /// The receiver that wrote the header.
    pub authserv_id: String,
    pub results: Vec<MethodResult>,
}

fn strip_comments(s: &str) -> String {
    let (mut out, mut depth, mut quoted) = (String::new(), 0u32, false);
    for c in s.chars() {
        match c {
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                out.push(' ');
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Method names registered with IANA (and common private ones), so that `action=` or
/// `policy.x=` inside a result is not taken for a new method.
fn is_method(k: &str) -> bool {
    let base = k.split('/').next().unwrap_or(k);
    matches!(
        base,
        "auth"
            | "dkim"
            | "dkim-adsp"
            | "dmarc"
            | "domainkeys"
            | "iprev"
            | "rrvs"
            | "sender-id"
            | "smime"
            | "spf"
            | "vbr"
            | "arc"
            | "bimi"
            | "dnswl"
            | "compauth"
            | "dkim-atps"
    ) || base.starts_with("x-")
}

/// Parses one header value.
pub fn parse(value: &str) -> AuthResults {
    let clean = strip_comments(value);
    let mut parts: Vec<&str> = clean.split(';').collect();
    let first = parts.first().copied().unwrap_or("");
    // Some writers (Microsoft) leave out the authserv-id and start with a method.
    let authserv_id = if first
        .split_whitespace()
        .next()
        .is_some_and(|w| w.contains('='))
    {
        String::new()
    } else {
        parts.remove(0);
        first.split_whitespace().next().unwrap_or("").to_string()
    };
    let mut results = Vec::new();
    for part in parts {
        // Tolerance: some writers forget the ';' between methods, so a new method=result can
        // start in the middle of a part.
        let mut current: Option<MethodResult> = None;
        let words: Vec<&str> = part.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            let w = words[i];
            let Some((k, v)) = w.split_once('=') else {
                i += 1;
                continue;
            };
            let v = v.trim_matches('"').to_string();
            let k_lower = k.to_ascii_lowercase();
            if k_lower == "reason" {
                // reason="..." may span words.
                let mut text = words[i][7..].to_string();
                while text.starts_with('"')
                    && !(text.len() > 1 && text.ends_with('"'))
                    && i + 1 < words.len()
                {
                    i += 1;
                    text.push(' ');
                    text.push_str(words[i]);
                }
                if let Some(c) = current.as_mut() {
                    c.reason = Some(text.trim_matches('"').to_string());
                }
            } else if k.contains('.') || (current.is_some() && !is_method(&k_lower)) {
                if let Some(c) = current.as_mut() {
                    c.properties.push((k_lower, v));
                }
            } else {
                if let Some(c) = current.take() {
                    results.push(c);
                }
                let method = k_lower.split('/').next().unwrap_or("").to_string();
                current = Some(MethodResult {
                    method,
                    result: v.to_ascii_lowercase(),
                    properties: Vec::new(),
                    reason: None,
                });
            }
            i += 1;
        }
        if let Some(c) = current {
            results.push(c);
        }
    }
    AuthResults {
        authserv_id,
        results,
    }
}

/// Every Authentication-Results header of the message, top (most recent) first.
pub fn all(msg: &Message) -> Vec<AuthResults> {
    msg.all("Authentication-Results")
        .map(|h| parse(&h.value()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_and_microsoft_shapes() {
        let g = parse("mx.google.com;\r\n       dkim=pass header.i=@signer.example header.s=s1 header.b=abc;\r\n       spf=pass (google.com: domain of bounce@signer.example designates 192.0.2.25 as permitted sender) smtp.mailfrom=bounce@signer.example;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=signer.example");
        assert_eq!(g.authserv_id, "mx.google.com");
        assert_eq!(g.results.len(), 3);
        assert_eq!(g.results[1].method, "spf");
        assert_eq!(
            g.results[1].property("smtp.mailfrom"),
            Some("bounce@signer.example")
        );
        assert_eq!(g.results[2].property("header.from"), Some("signer.example"));
        // Microsoft writes methods without semicolons between some of them.
        let m = parse("spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=x.example; dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine header.from=x.example;compauth=fail reason=001");
        assert_eq!(m.authserv_id, "");
        let methods: Vec<&str> = m.results.iter().map(|r| r.method.as_str()).collect();
        assert_eq!(methods, ["spf", "dkim", "dmarc", "compauth"]);
        assert_eq!(m.results[2].property("action"), Some("quarantine"));
        assert_eq!(m.results[3].reason.as_deref(), Some("001"));
        let n = parse("example.net; none");
        assert!(n.results.is_empty());
    }
}
