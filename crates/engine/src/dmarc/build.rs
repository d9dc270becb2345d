//! A typed DMARC record that always prints a record the parser accepts with no error.

use serde::Serialize;

use super::record::{Alignment, Policy};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcBuilder {
    pub policy: Policy,
    pub subdomain_policy: Option<Policy>,
    pub nonexistent_policy: Option<Policy>,
    pub dkim_alignment: Option<Alignment>,
    pub spf_alignment: Option<Alignment>,
    /// Mail addresses (without `mailto:`).
    pub rua: Vec<String>,
    pub ruf: Vec<String>,
    /// Subset of `0 1 d s`.
    pub failure_options: Vec<char>,
    pub testing: bool,
    /// Legacy `pct=` for receivers that still honour it.
    pub pct: Option<u8>,
}

impl DmarcBuilder {
    pub fn new(policy: Policy) -> DmarcBuilder {
        DmarcBuilder {
            policy,
            subdomain_policy: None,
            nonexistent_policy: None,
            dkim_alignment: None,
            spf_alignment: None,
            rua: Vec::new(),
            ruf: Vec::new(),
            failure_options: Vec::new(),
            testing: false,
            pct: None,
        }
    }

    /// Checks an address for `rua`/`ruf`: `local@domain.tld`, no characters that would break the
    /// record (`,` `;` `!` space).
    pub fn valid_address(a: &str) -> Result<(), String> {
        let a = a.trim();
        let Some((l, d)) = a.rsplit_once('@') else {
            return Err(format!("{a:?} is not a mail address"));
        };
        if l.is_empty() || !d.contains('.') || d.starts_with('.') || d.ends_with('.') {
            return Err(format!("{a:?} is not a mail address"));
        }
        if let Some(c) = a
            .chars()
            .find(|c| matches!(c, ',' | ';' | '!' | ' ' | '"') || !c.is_ascii_graphic())
        {
            return Err(format!("{a:?}: {c:?} cannot appear in a report address"));
        }
        Ok(())
    }

    /// The record text. Addresses that are not valid are left out.
    pub fn render(&self) -> String {
        let mut parts = vec![
            "v=DMARC1".to_string(),
            format!("p={}", self.policy.as_str()),
        ];
        if let Some(sp) = self.subdomain_policy {
            parts.push(format!("sp={}", sp.as_str()));
        }
        if let Some(np) = self.nonexistent_policy {
            parts.push(format!("np={}", np.as_str()));
        }
        if let Some(a) = self.dkim_alignment {
            parts.push(format!("adkim={}", a.as_str()));
        }
        if let Some(a) = self.spf_alignment {
            parts.push(format!("aspf={}", a.as_str()));
        }
        for (tag, list) in [("rua", &self.rua), ("ruf", &self.ruf)] {
            let ok: Vec<String> = list
                .iter()
                .map(|a| a.trim())
                .filter(|a| DmarcBuilder::valid_address(a).is_ok())
                .map(|a| format!("mailto:{a}"))
                .collect();
            if !ok.is_empty() {
                parts.push(format!("{tag}={}", ok.join(",")));
            }
        }
        let fo: Vec<String> = ['0', '1', 'd', 's']
            .into_iter()
            .filter(|c| self.failure_options.contains(c))
            .map(String::from)
            .collect();
        if !fo.is_empty() {
            parts.push(format!("fo={}", fo.join(":")));
        }
        if self.testing {
            parts.push("t=y".into());
        }
        if let Some(p) = self.pct {
            parts.push(format!("pct={}", p.min(100)));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::dmarc::record::parse;

    /// Property: every model prints a record that parses with no error and means the same.
    #[test]
    fn round_trip_property() {
        let policies = [Policy::None, Policy::Quarantine, Policy::Reject];
        let aligns = [None, Some(Alignment::Relaxed), Some(Alignment::Strict)];
        let addrs = [
            "dmarc@example.com",
            "r@reports.example.net",
            "bad address",
            "x@y",
            "a,b@example.com",
        ];
        let mut x: u64 = 7;
        let mut next = |n: usize| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize % n
        };
        for _ in 0..3000 {
            let pick = |i: usize| if i == 3 { None } else { Some(policies[i]) };
            let b = DmarcBuilder {
                policy: policies[next(3)],
                subdomain_policy: pick(next(4)),
                nonexistent_policy: pick(next(4)),
                dkim_alignment: aligns[next(3)],
                spf_alignment: aligns[next(3)],
                rua: (0..next(3))
                    .map(|_| addrs[next(addrs.len())].to_string())
                    .collect(),
                ruf: (0..next(2))
                    .map(|_| addrs[next(addrs.len())].to_string())
                    .collect(),
                failure_options: (0..next(3))
                    .map(|_| ['0', '1', 'd', 's'][next(4)])
                    .collect(),
                testing: next(2) == 1,
                pct: if next(3) == 0 {
                    Some(next(101) as u8)
                } else {
                    None
                },
            };
            let text = b.render();
            let r = parse(&text);
            assert!(
                r.findings.iter().all(|f| f.severity != Severity::Error),
                "{text}: {:?}",
                r.findings
            );
            assert_eq!(r.policy, Some(b.policy));
            assert_eq!(r.subdomain_policy, b.subdomain_policy);
            assert_eq!(r.nonexistent_policy, b.nonexistent_policy);
            assert_eq!(r.testing, b.testing);
            assert_eq!(
                r.rua.len(),
                b.rua
                    .iter()
                    .filter(|a| DmarcBuilder::valid_address(a).is_ok())
                    .count()
            );
        }
    }
}
