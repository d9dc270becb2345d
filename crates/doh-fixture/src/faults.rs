//! Faults injected per name and per endpoint, so a test can make one resolver fail while the other
//! answers.
//!
//! In a zone file, a `faults:` mapping beside `zonedata:` (the engine's zone reader ignores every
//! key but `zonedata`, so the same files still load everywhere else):
//!
//! ```yaml
//! zonedata:
//!   servfail.faults.example:
//!     - TXT: v=spf1 -all
//! faults:
//!   servfail.faults.example: servfail                        # both endpoints
//!   primary.faults.example: { google: 429:30 }               # /resolve only; /dns-query answers
//!   both.faults.example: { google: 503, cloudflare: timeout }
//! ```
//!
//! and on the command line `--fault NAME=KIND` or `--fault NAME=google:KIND,cloudflare:KIND`.
//! `google` is the `/resolve` endpoint, `cloudflare` the `/dns-query` one.
//!
//! | kind | the answer |
//! |---|---|
//! | `servfail` | 200, `"Status": 2` (RCODE SERVFAIL) |
//! | `nxdomain` | 200, `"Status": 3`, even if the zone has the name |
//! | `timeout` | none: the connection stays open, unanswered, until the client gives up (or `--hang-ms`, 30 s) |
//! | `429`, `429:N`, `429:none` | HTTP 429 with `Retry-After: 30`, `N`, or no header |
//! | `500` … `599`, `503:N` | that HTTP status, with `Retry-After: N` if given |
//! | `malformed` | 200, `application/json`, a body cut in the middle |
//! | `nocors` | the normal answer without `Access-Control-Allow-Origin` (a browser refuses it; a native client does not care) |
//! | `ok` | the normal answer |
//!
//! Only the small YAML subset above is read in the `faults:` block: one `name: kind` or
//! `name: { endpoint: kind, ... }` per line; anything else is an error, never ignored.

use std::collections::HashMap;

use authlens_engine::dns::normalize_name;

use crate::Dialect;

/// What the server does instead of answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    ServFail,
    NxDomain,
    Timeout,
    /// An HTTP error status, with the `Retry-After` seconds to send.
    Status {
        code: u16,
        retry_after: Option<u32>,
    },
    Malformed,
    NoCors,
}

impl Fault {
    /// Reads one kind: `servfail`, `429:30`, `503`, ...; `ok` is `None`.
    pub fn parse(s: &str) -> Result<Option<Fault>, String> {
        let s = s.trim();
        let f = match s.to_ascii_lowercase().as_str() {
            "ok" => return Ok(None),
            "servfail" => Fault::ServFail,
            "nxdomain" => Fault::NxDomain,
            "timeout" => Fault::Timeout,
            "malformed" => Fault::Malformed,
            "nocors" => Fault::NoCors,
            other => {
                let (code, after) = other.split_once(':').unwrap_or((other, ""));
                let code: u16 = code
                    .parse()
                    .ok()
                    .filter(|c| *c == 429 || (500..=599).contains(c))
                    .ok_or_else(|| {
                        format!("unknown fault {s:?} (servfail, nxdomain, timeout, 429[:N], 5xx[:N], malformed, nocors, ok)")
                    })?;
                let retry_after = match (code, after) {
                    (429, "") => Some(30),
                    (_, "") | (_, "none") => None,
                    (_, n) => Some(
                        n.parse()
                            .map_err(|_| format!("{s:?}: Retry-After takes seconds"))?,
                    ),
                };
                Fault::Status { code, retry_after }
            }
        };
        Ok(Some(f))
    }

    /// The word written in the log.
    pub fn label(&self) -> String {
        match self {
            Fault::ServFail => "servfail".into(),
            Fault::NxDomain => "nxdomain".into(),
            Fault::Timeout => "timeout".into(),
            Fault::Status {
                code,
                retry_after: Some(n),
            } => format!("{code}:{n}"),
            Fault::Status { code, .. } => code.to_string(),
            Fault::Malformed => "malformed".into(),
            Fault::NoCors => "nocors".into(),
        }
    }
}

/// Faults by name (normalized) and endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    by_name: HashMap<String, [Option<Fault>; 2]>,
}

fn slot(d: Dialect) -> usize {
    match d {
        Dialect::Google => 0,
        Dialect::Cloudflare => 1,
    }
}

fn dialect(word: &str) -> Result<Dialect, String> {
    match word.trim() {
        "google" | "resolve" => Ok(Dialect::Google),
        "cloudflare" | "dns-query" => Ok(Dialect::Cloudflare),
        other => Err(format!(
            "unknown endpoint {other:?} (google for /resolve, cloudflare for /dns-query)"
        )),
    }
}

impl Faults {
    pub fn is_empty(&self) -> bool {
        self.by_name.values().all(|v| v.iter().all(Option::is_none))
    }

    /// Sets the fault of `name` at one endpoint, or at both when `at` is `None`.
    pub fn set(&mut self, name: &str, at: Option<Dialect>, fault: Option<Fault>) {
        let entry = self.by_name.entry(normalize_name(name)).or_default();
        match at {
            Some(d) => entry[slot(d)] = fault,
            None => *entry = [fault.clone(), fault],
        }
    }

    pub fn get(&self, name: &str, at: Dialect) -> Option<&Fault> {
        self.by_name
            .get(&normalize_name(name))
            .and_then(|v| v[slot(at)].as_ref())
    }

    /// Adds `other`'s faults; a name in both takes `other`'s.
    pub fn merge(&mut self, other: Faults) {
        self.by_name.extend(other.by_name);
    }

    /// `NAME=KIND` or `NAME=google:KIND,cloudflare:KIND` (the `--fault` option).
    pub fn add_arg(&mut self, arg: &str) -> Result<(), String> {
        let (name, spec) = arg
            .split_once('=')
            .ok_or_else(|| format!("--fault {arg:?}: expected NAME=KIND"))?;
        self.add_spec(name.trim(), spec)
            .map_err(|e| format!("--fault {arg:?}: {e}"))
    }

    /// A kind for both endpoints, or `endpoint: kind` pairs separated by commas.
    fn add_spec(&mut self, name: &str, spec: &str) -> Result<(), String> {
        if name.is_empty() {
            return Err("no name".into());
        }
        let spec = spec.trim();
        let first = spec.split(',').next().unwrap_or("");
        // `429:30` is a kind; `google:429:30` is an endpoint and a kind.
        let paired = first
            .split_once(':')
            .is_some_and(|(k, _)| dialect(k).is_ok());
        if !paired {
            self.set(name, None, Fault::parse(spec)?);
            return Ok(());
        }
        for pair in spec.split(',') {
            let (k, v) = pair
                .split_once(':')
                .ok_or_else(|| format!("{pair:?}: expected endpoint: kind"))?;
            self.set(name, Some(dialect(k)?), Fault::parse(v)?);
        }
        Ok(())
    }

    /// Reads the `faults:` blocks of a zone file (see the module documentation).
    pub fn from_zone_text(text: &str) -> Result<Faults, String> {
        let mut out = Faults::default();
        let mut inside = false;
        for (i, raw) in text.lines().enumerate() {
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let indented = line.starts_with([' ', '\t']);
            if !indented {
                inside = line.trim_end() == "faults:";
                continue;
            }
            if !inside {
                continue;
            }
            let at = |e: String| format!("line {}: {e}", i + 1);
            let (name, value) = line
                .trim()
                .split_once(": ")
                .ok_or_else(|| at("expected `name: kind`".into()))?;
            let name = name.trim().trim_matches(['"', '\'']);
            let value = value.trim();
            let spec = match value.strip_prefix('{') {
                Some(v) => v
                    .strip_suffix('}')
                    .ok_or_else(|| at("a `{` without `}`".into()))?
                    .split(',')
                    .map(|p| p.trim().replacen(": ", ":", 1))
                    .collect::<Vec<_>>()
                    .join(","),
                None => value.trim_matches(['"', '\'']).to_string(),
            };
            out.add_spec(name, &spec).map_err(at)?;
        }
        Ok(out)
    }
}

/// The line without a `#` comment (a `#` at the start or after a space).
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'#' && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t') {
            return &line[..i];
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(Fault::parse("SERVFAIL"), Ok(Some(Fault::ServFail)));
        assert_eq!(Fault::parse("ok"), Ok(None));
        assert_eq!(
            Fault::parse("429"),
            Ok(Some(Fault::Status {
                code: 429,
                retry_after: Some(30)
            }))
        );
        assert_eq!(
            Fault::parse("429:none"),
            Ok(Some(Fault::Status {
                code: 429,
                retry_after: None
            }))
        );
        assert_eq!(
            Fault::parse("503:2"),
            Ok(Some(Fault::Status {
                code: 503,
                retry_after: Some(2)
            }))
        );
        assert!(Fault::parse("404").is_err());
        assert!(Fault::parse("429:soon").is_err());
        assert!(Fault::parse("boom").is_err());
    }

    #[test]
    fn zone_text_and_arguments() {
        let text = r#"
zonedata:
  a.example:
    - TXT: v=spf1 -all
faults:   # per name
  a.example: servfail          # both
  B.example.: { google: 429:5, cloudflare: timeout }
  c.example: { cloudflare: nocors }
other:
  d.example: servfail
"#;
        let f = Faults::from_zone_text(text).unwrap();
        assert_eq!(f.get("a.example", Dialect::Google), Some(&Fault::ServFail));
        assert_eq!(
            f.get("A.example", Dialect::Cloudflare),
            Some(&Fault::ServFail)
        );
        assert_eq!(
            f.get("b.example", Dialect::Google),
            Some(&Fault::Status {
                code: 429,
                retry_after: Some(5)
            })
        );
        assert_eq!(
            f.get("b.example", Dialect::Cloudflare),
            Some(&Fault::Timeout)
        );
        assert_eq!(f.get("c.example", Dialect::Google), None);
        assert_eq!(
            f.get("c.example", Dialect::Cloudflare),
            Some(&Fault::NoCors)
        );
        assert_eq!(f.get("d.example", Dialect::Google), None, "outside faults:");

        let mut g = Faults::default();
        g.add_arg("x.example=google:malformed,cloudflare:503:1")
            .unwrap();
        g.add_arg("y.example=429:2").unwrap();
        assert_eq!(g.get("x.example", Dialect::Google), Some(&Fault::Malformed));
        assert_eq!(
            g.get("y.example", Dialect::Cloudflare),
            Some(&Fault::Status {
                code: 429,
                retry_after: Some(2)
            })
        );
        assert!(g.add_arg("z.example").is_err());
        assert!(g.add_arg("z.example=bing:servfail").is_err());
        assert!(Faults::from_zone_text("faults:\n  x.example: sometimes\n").is_err());
        assert!(Faults::from_zone_text("faults:\n  x.example: { google: servfail\n").is_err());
    }
}
