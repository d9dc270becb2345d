//! The Public Suffix List algorithm (publicsuffix.org/list), for the RFC 7489 organizational
//! domain shown beside RFC 9989's tree walk. The list is data the caller supplies: the page
//! fetches it from its own origin only when asked, the CLI embeds it.

use std::collections::HashSet;

/// A parsed list: normal rules, wildcard rules (`*.ck` stored as `ck`), exceptions (`!www.ck`).
#[derive(Debug, Clone, Default)]
pub struct List {
    rules: HashSet<String>,
    wildcards: HashSet<String>,
    exceptions: HashSet<String>,
}

/// RFC 3492 Punycode for one label, so rules written in Unicode also match A-labels.
fn punycode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    let input: Vec<u32> = label.chars().map(|c| c as u32).collect();
    let mut out: String = label.chars().filter(|c| c.is_ascii()).collect();
    let basic = out.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    let digit = |d: u32| -> char {
        if d < 26 {
            (b'a' + d as u8) as char
        } else {
            (b'0' + (d - 26) as u8) as char
        }
    };
    while (handled as usize) < input.len() {
        let m = *input.iter().filter(|&&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        1
                    } else if k >= bias + 26 {
                        26
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                // Bias adaptation (RFC 3492 §6.1).
                let mut d = if handled == basic {
                    delta / 700
                } else {
                    delta / 2
                };
                d += d / (handled + 1);
                let mut k2 = 0;
                while d > ((BASE - 1) * 26) / 2 {
                    d /= BASE - 1;
                    k2 += BASE;
                }
                bias = k2 + (BASE * d) / (d + 38);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(format!("xn--{out}"))
}

fn a_label_form(rule: &str) -> Option<String> {
    if rule.is_ascii() {
        return None;
    }
    rule.split('.')
        .map(|l| {
            if l.is_ascii() {
                Some(l.to_string())
            } else {
                punycode(l)
            }
        })
        .collect::<Option<Vec<_>>>()
        .map(|v| v.join("."))
}

impl List {
    /// Reads the list's text format.
    pub fn parse(text: &str) -> List {
        let mut l = List::default();
        for line in text.lines() {
            let rule = line.split_whitespace().next().unwrap_or("");
            if rule.is_empty() || rule.starts_with("//") {
                continue;
            }
            // The list's rules are lower case, its Unicode ones included, and names are checked
            // as ASCII A-labels: ASCII folding is enough (and keeps Unicode's case tables out of
            // the pages).
            let rule = rule.to_ascii_lowercase();
            let (set, r) = if let Some(r) = rule.strip_prefix('!') {
                (&mut l.exceptions, r.to_string())
            } else if let Some(r) = rule.strip_prefix("*.") {
                (&mut l.wildcards, r.to_string())
            } else {
                (&mut l.rules, rule.clone())
            };
            if let Some(a) = a_label_form(&r) {
                set.insert(a);
            }
            set.insert(r);
        }
        l
    }

    pub fn len(&self) -> usize {
        self.rules.len() + self.wildcards.len() + self.exceptions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many labels the public suffix of `labels` has (the `*` default rule gives 1).
    fn suffix_len(&self, labels: &[&str]) -> usize {
        let n = labels.len();
        let mut best = 1;
        for i in 0..n {
            let candidate = labels[i..].join(".");
            if self.exceptions.contains(&candidate) {
                return n - i - 1;
            }
            if self.rules.contains(&candidate) {
                best = best.max(n - i);
            }
            if i + 1 < n && self.wildcards.contains(&labels[i + 1..].join(".")) {
                best = best.max(n - i);
            }
        }
        best
    }

    /// The registrable domain ("organizational domain" of RFC 7489 §3.2): the public suffix plus
    /// one label. `None` for a public suffix itself or an invalid name.
    pub fn registrable_domain(&self, domain: &str) -> Option<String> {
        if domain.starts_with('.') || domain.is_empty() {
            return None;
        }
        let d = domain.trim_end_matches('.').to_ascii_lowercase();
        let labels: Vec<&str> = d.split('.').collect();
        if labels.iter().any(|l| l.is_empty()) {
            return None;
        }
        let s = self.suffix_len(&labels);
        (labels.len() > s).then(|| labels[labels.len() - s - 1..].join("."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_examples() {
        assert_eq!(punycode("bücher").as_deref(), Some("xn--bcher-kva"));
        assert_eq!(punycode("公司").as_deref(), Some("xn--55qx5d"));
        assert_eq!(punycode("中国").as_deref(), Some("xn--fiqs8s"));
    }

    /// The official test file of the Public Suffix List.
    #[test]
    fn official_tests() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let list = List::parse(
            &std::fs::read_to_string(format!("{root}/public/public_suffix_list.dat")).unwrap(),
        );
        assert!(list.len() > 8000);
        let tests = std::fs::read_to_string(format!("{root}/tests/data/psl/test_psl.txt")).unwrap();
        let arg = |s: &str| -> Option<String> {
            let s = s.trim();
            (s != "null").then(|| s.trim_matches('\'').to_string())
        };
        let mut n = 0;
        for line in tests
            .lines()
            .filter(|l| l.starts_with("checkPublicSuffix("))
        {
            let inner = &line["checkPublicSuffix(".len()..line.rfind(')').unwrap()];
            let (a, b) = inner.split_once(',').unwrap();
            let (input, want) = (arg(a), arg(b));
            let got = input.as_deref().and_then(|i| list.registrable_domain(i));
            assert_eq!(got, want, "{line}");
            n += 1;
        }
        assert!(n >= 70, "{n}");
    }
}
