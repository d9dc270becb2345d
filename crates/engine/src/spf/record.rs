//! The SPF record as written (RFC 7208 §4.6.1 and §12).
//!
//! Every type keeps what the publisher wrote — the case of names, whether a qualifier was given,
//! the spacing between terms — so that `Display` gives the record back exactly.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use crate::diag::{Finding, Span};

/// ```abnf
/// qualifier = "+" / "-" / "?" / "~"
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// `+`, the default.
    Pass,
    /// `-`
    Fail,
    /// `~`
    SoftFail,
    /// `?`
    Neutral,
}

impl Qualifier {
    pub const ALL: [Qualifier; 4] = [
        Qualifier::Pass,
        Qualifier::Fail,
        Qualifier::SoftFail,
        Qualifier::Neutral,
    ];

    pub fn symbol(self) -> char {
        match self {
            Qualifier::Pass => '+',
            Qualifier::Fail => '-',
            Qualifier::SoftFail => '~',
            Qualifier::Neutral => '?',
        }
    }

    pub fn from_symbol(c: char) -> Option<Qualifier> {
        Qualifier::ALL.into_iter().find(|q| q.symbol() == c)
    }
}

/// ```abnf
/// macro-letter = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "c" / "r" / "t" / "v"
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MacroLetter {
    /// `s`: the sender, `local-part@domain`.
    Sender,
    /// `l`: the local-part of the sender.
    LocalPart,
    /// `o`: the domain of the sender.
    SenderDomain,
    /// `d`: the domain whose record is being evaluated.
    Domain,
    /// `i`: the client IP, dotted (nibbles for IPv6).
    Ip,
    /// `p`: the validated domain name of the client IP (deprecated).
    ValidatedName,
    /// `v`: `in-addr` for IPv4, `ip6` for IPv6.
    IpVersion,
    /// `h`: the HELO/EHLO name.
    Helo,
    /// `c`: the client IP in its usual text form (explanations only).
    ClientIp,
    /// `r`: the receiving host's name (explanations only).
    Receiver,
    /// `t`: the current time in seconds since the epoch (explanations only).
    Timestamp,
}

impl MacroLetter {
    pub const ALL: [MacroLetter; 11] = [
        MacroLetter::Sender,
        MacroLetter::LocalPart,
        MacroLetter::SenderDomain,
        MacroLetter::Domain,
        MacroLetter::Ip,
        MacroLetter::ValidatedName,
        MacroLetter::IpVersion,
        MacroLetter::Helo,
        MacroLetter::ClientIp,
        MacroLetter::Receiver,
        MacroLetter::Timestamp,
    ];

    pub fn letter(self) -> char {
        match self {
            MacroLetter::Sender => 's',
            MacroLetter::LocalPart => 'l',
            MacroLetter::SenderDomain => 'o',
            MacroLetter::Domain => 'd',
            MacroLetter::Ip => 'i',
            MacroLetter::ValidatedName => 'p',
            MacroLetter::IpVersion => 'v',
            MacroLetter::Helo => 'h',
            MacroLetter::ClientIp => 'c',
            MacroLetter::Receiver => 'r',
            MacroLetter::Timestamp => 't',
        }
    }

    pub fn from_letter(c: char) -> Option<MacroLetter> {
        let c = c.to_ascii_lowercase();
        MacroLetter::ALL.into_iter().find(|m| m.letter() == c)
    }

    /// `c`, `r` and `t` may appear only in explanation strings (RFC 7208 §7.2).
    pub fn explanation_only(self) -> bool {
        matches!(
            self,
            MacroLetter::ClientIp | MacroLetter::Receiver | MacroLetter::Timestamp
        )
    }
}

/// One piece of a macro-string (RFC 7208 §7.1).
///
/// ```abnf
/// macro-string = *( macro-expand / macro-literal )
/// macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
/// transformers = *DIGIT [ "r" ]
/// delimiter    = "." / "-" / "+" / "," / "/" / "_" / "="
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MacroPart {
    Literal {
        text: String,
    },
    Expand(MacroExpand),
    /// `%%`
    Percent,
    /// `%_`
    Space,
    /// `%-`
    UrlSpace,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MacroExpand {
    pub letter: MacroLetter,
    /// Written in upper case: the expansion is URL-escaped.
    pub url_escape: bool,
    /// Keep only this many right-hand parts.
    pub keep: Option<u32>,
    pub reverse: bool,
    /// The delimiters to split on, as written (`.` when empty).
    pub delimiters: String,
    /// As written, e.g. `%{ir}`.
    pub raw: String,
}

/// A macro-string with its parts; `raw` is what was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MacroString {
    pub raw: String,
    pub parts: Vec<MacroPart>,
}

impl MacroString {
    /// True when the string has no macro: its text is the name.
    pub fn is_literal(&self) -> bool {
        self.parts
            .iter()
            .all(|p| matches!(p, MacroPart::Literal { .. }))
    }
}

impl fmt::Display for MacroString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// ```abnf
/// dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DualCidr {
    pub v4: Option<u8>,
    pub v6: Option<u8>,
}

impl fmt::Display for DualCidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v4) = self.v4 {
            write!(f, "/{v4}")?;
        }
        if let Some(v6) = self.v6 {
            write!(f, "//{v6}")?;
        }
        Ok(())
    }
}

/// The kinds of mechanism, for tables and counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MechanismKind {
    All,
    Include,
    A,
    Mx,
    Ptr,
    Ip4,
    Ip6,
    Exists,
}

impl MechanismKind {
    pub const ALL: [MechanismKind; 8] = [
        MechanismKind::All,
        MechanismKind::Include,
        MechanismKind::A,
        MechanismKind::Mx,
        MechanismKind::Ptr,
        MechanismKind::Ip4,
        MechanismKind::Ip6,
        MechanismKind::Exists,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MechanismKind::All => "all",
            MechanismKind::Include => "include",
            MechanismKind::A => "a",
            MechanismKind::Mx => "mx",
            MechanismKind::Ptr => "ptr",
            MechanismKind::Ip4 => "ip4",
            MechanismKind::Ip6 => "ip6",
            MechanismKind::Exists => "exists",
        }
    }

    pub fn from_name(name: &str) -> Option<MechanismKind> {
        MechanismKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// Counts toward the limit of 10 DNS-querying terms (RFC 7208 §4.6.4).
    pub fn queries_dns(self) -> bool {
        matches!(
            self,
            MechanismKind::Include
                | MechanismKind::A
                | MechanismKind::Mx
                | MechanismKind::Ptr
                | MechanismKind::Exists
        )
    }
}

/// A mechanism with its arguments (RFC 7208 §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Mechanism {
    All,
    Include {
        domain: MacroString,
    },
    A {
        domain: Option<MacroString>,
        cidr: DualCidr,
    },
    Mx {
        domain: Option<MacroString>,
        cidr: DualCidr,
    },
    Ptr {
        domain: Option<MacroString>,
    },
    Ip4 {
        network: Ipv4Addr,
        prefix: Option<u8>,
    },
    Ip6 {
        network: Ipv6Addr,
        /// The address as written (case, compression).
        written: String,
        prefix: Option<u8>,
    },
    Exists {
        domain: MacroString,
    },
}

impl Mechanism {
    pub fn kind(&self) -> MechanismKind {
        match self {
            Mechanism::All => MechanismKind::All,
            Mechanism::Include { .. } => MechanismKind::Include,
            Mechanism::A { .. } => MechanismKind::A,
            Mechanism::Mx { .. } => MechanismKind::Mx,
            Mechanism::Ptr { .. } => MechanismKind::Ptr,
            Mechanism::Ip4 { .. } => MechanismKind::Ip4,
            Mechanism::Ip6 { .. } => MechanismKind::Ip6,
            Mechanism::Exists { .. } => MechanismKind::Exists,
        }
    }

    /// The domain-spec argument, if the mechanism has one.
    pub fn domain(&self) -> Option<&MacroString> {
        match self {
            Mechanism::Include { domain } | Mechanism::Exists { domain } => Some(domain),
            Mechanism::A { domain, .. }
            | Mechanism::Mx { domain, .. }
            | Mechanism::Ptr { domain } => domain.as_ref(),
            _ => None,
        }
    }
}

/// The kinds of modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModifierKind {
    Redirect,
    Exp,
    /// Any other `name=value`: ignored by evaluation (RFC 7208 §6).
    Unknown,
}

/// A modifier (RFC 7208 §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Modifier {
    Redirect { domain: MacroString },
    Exp { domain: MacroString },
    Unknown { value: MacroString },
}

impl Modifier {
    pub fn kind(&self) -> ModifierKind {
        match self {
            Modifier::Redirect { .. } => ModifierKind::Redirect,
            Modifier::Exp { .. } => ModifierKind::Exp,
            Modifier::Unknown { .. } => ModifierKind::Unknown,
        }
    }
}

/// What a term is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "term", rename_all = "lowercase")]
pub enum TermKind {
    Directive {
        /// As written: `None` when no qualifier was given (it means `+`).
        qualifier: Option<Qualifier>,
        mechanism: Mechanism,
    },
    Modifier {
        modifier: Modifier,
    },
    /// A term that does not parse; its finding says why.
    Invalid,
}

/// One term of the record, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The term as written.
    pub text: String,
    /// The name as written (`a`, `MX`, `redirect`, `foo` ...), without qualifier.
    pub name: String,
    pub span: Span,
    pub kind: TermKind,
    /// Which character-strings of the TXT record the term's text came from (0-based); more than
    /// one means the term was split across strings.
    pub strings: Vec<usize>,
}

impl Term {
    pub fn qualifier(&self) -> Option<Qualifier> {
        match &self.kind {
            TermKind::Directive { qualifier, .. } => *qualifier,
            _ => None,
        }
    }

    /// The qualifier in effect (`+` when none was written).
    pub fn effective_qualifier(&self) -> Qualifier {
        self.qualifier().unwrap_or(Qualifier::Pass)
    }

    pub fn mechanism(&self) -> Option<&Mechanism> {
        match &self.kind {
            TermKind::Directive { mechanism, .. } => Some(mechanism),
            _ => None,
        }
    }

    pub fn modifier(&self) -> Option<&Modifier> {
        match &self.kind {
            TermKind::Modifier { modifier } => Some(modifier),
            _ => None,
        }
    }

    /// Counts toward the limit of 10 DNS-querying terms (`redirect` included).
    pub fn queries_dns(&self) -> bool {
        match &self.kind {
            TermKind::Directive { mechanism, .. } => mechanism.kind().queries_dns(),
            TermKind::Modifier { modifier } => modifier.kind() == ModifierKind::Redirect,
            TermKind::Invalid => false,
        }
    }
}

impl fmt::Display for Term {
    /// Rebuilt from the parsed parts, so a round trip checks the parser.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TermKind::Invalid => f.write_str(&self.text),
            TermKind::Modifier { modifier } => {
                let value = match modifier {
                    Modifier::Redirect { domain } | Modifier::Exp { domain } => domain,
                    Modifier::Unknown { value } => value,
                };
                write!(f, "{}={}", self.name, value)
            }
            TermKind::Directive {
                qualifier,
                mechanism,
            } => {
                if let Some(q) = qualifier {
                    write!(f, "{}", q.symbol())?;
                }
                f.write_str(&self.name)?;
                match mechanism {
                    Mechanism::All => Ok(()),
                    Mechanism::Include { domain } | Mechanism::Exists { domain } => {
                        write!(f, ":{domain}")
                    }
                    Mechanism::A { domain, cidr } | Mechanism::Mx { domain, cidr } => {
                        if let Some(d) = domain {
                            write!(f, ":{d}")?;
                        }
                        write!(f, "{cidr}")
                    }
                    Mechanism::Ptr { domain } => match domain {
                        Some(d) => write!(f, ":{d}"),
                        None => Ok(()),
                    },
                    Mechanism::Ip4 { network, prefix } => {
                        write!(f, ":{network}")?;
                        match prefix {
                            Some(p) => write!(f, "/{p}"),
                            None => Ok(()),
                        }
                    }
                    Mechanism::Ip6 {
                        written, prefix, ..
                    } => {
                        write!(f, ":{written}")?;
                        match prefix {
                            Some(p) => write!(f, "/{p}"),
                            None => Ok(()),
                        }
                    }
                }
            }
        }
    }
}

/// A parsed SPF record: the version, the terms, and every finding the parser made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The record as parsed (the TXT strings joined).
    pub text: String,
    /// The version term as written (`v=spf1`, `V=SPF1`...).
    pub version: String,
    pub terms: Vec<Term>,
    pub findings: Vec<Finding>,
    /// Where each character-string of the TXT record starts in `text` (one entry, 0, when the
    /// boundaries are unknown).
    pub string_starts: Vec<usize>,
}

impl Record {
    /// True when the parser found an error that makes evaluation a `permerror` (RFC 7208 §4.6).
    pub fn has_syntax_error(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == crate::diag::Severity::Error)
    }

    pub fn directives(&self) -> impl Iterator<Item = (&Term, Qualifier, &Mechanism)> {
        self.terms.iter().filter_map(|t| match &t.kind {
            TermKind::Directive {
                qualifier,
                mechanism,
            } => Some((t, qualifier.unwrap_or(Qualifier::Pass), mechanism)),
            _ => None,
        })
    }

    pub fn redirect(&self) -> Option<(&Term, &MacroString)> {
        self.terms.iter().find_map(|t| match &t.kind {
            TermKind::Modifier {
                modifier: Modifier::Redirect { domain },
            } => Some((t, domain)),
            _ => None,
        })
    }

    pub fn exp(&self) -> Option<(&Term, &MacroString)> {
        self.terms.iter().find_map(|t| match &t.kind {
            TermKind::Modifier {
                modifier: Modifier::Exp { domain },
            } => Some((t, domain)),
            _ => None,
        })
    }

    /// The `all` directive, if any.
    pub fn all(&self) -> Option<(&Term, Qualifier)> {
        self.directives()
            .find(|(_, _, m)| matches!(m, Mechanism::All))
            .map(|(t, q, _)| (t, q))
    }
}

impl fmt::Display for Record {
    /// Gives back the record as it was written: the spacing between terms is taken from the
    /// original text, each term is printed from its parsed parts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.version)?;
        let mut pos = self.version.len();
        for t in &self.terms {
            f.write_str(self.text.get(pos..t.span.start).unwrap_or(" "))?;
            write!(f, "{t}")?;
            pos = t.span.end;
        }
        f.write_str(self.text.get(pos..).unwrap_or(""))
    }
}
