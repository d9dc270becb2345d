//! The SPF record parser (RFC 7208 §4.5, §4.6, §12): total, position-aware, keeps what was written.
//!
//! ```abnf
//! record           = version terms *SP
//! version          = "v=spf1"
//! terms            = *( 1*SP ( directive / modifier ) )
//! directive        = [ qualifier ] mechanism
//! mechanism        = ( all / include / a / mx / ptr / ip4 / ip6 / exists )
//! modifier         = redirect / explanation / unknown-modifier
//! unknown-modifier = name "=" macro-string
//! name             = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
//! domain-spec      = macro-string domain-end
//! domain-end       = ( "." toplabel [ "." ] ) / macro-expand
//! toplabel         = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
//! ```

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::diag::{Finding, Span};

use super::codes::Code;
use super::record::{
    DualCidr, MacroExpand, MacroLetter, MacroPart, MacroString, Mechanism, MechanismKind, Modifier,
    Qualifier, Record, Term, TermKind,
};

/// True when a TXT record is an SPF record: it begins with `v=spf1` (any case) followed by a
/// space or the end (RFC 7208 §4.5).
pub fn is_spf_record(text: &str) -> bool {
    starts_spf(text.as_bytes())
}

/// `v=spf1` in any case, then the end or a space (RFC 7208 §4.5).
fn starts_spf(b: &[u8]) -> bool {
    b.len() >= 6 && b[..6].eq_ignore_ascii_case(b"v=spf1") && (b.len() == 6 || b[6] == b' ')
}

/// [`is_spf_record`] of a TXT record's strings joined, without joining them: only the first
/// seven octets decide.
pub fn is_spf_txt(strings: &[Vec<u8>]) -> bool {
    let mut head = [0u8; 7];
    let mut n = 0;
    for b in strings.iter().flatten().take(7) {
        head[n] = *b;
        n += 1;
    }
    starts_spf(&head[..n])
}

/// Parses a record given as its TXT character-strings, tracking which string each term came from.
pub fn parse_strings(strings: &[Vec<u8>]) -> Record {
    let mut starts = Vec::with_capacity(strings.len().max(1));
    let mut text = String::new();
    for s in strings {
        starts.push(text.len());
        text.push_str(&String::from_utf8_lossy(s));
    }
    if starts.is_empty() {
        starts.push(0);
    }
    parse_with_starts(text, starts)
}

/// Parses the text of a record (the strings already joined).
pub fn parse(text: &str) -> Record {
    parse_with_starts(text.to_string(), vec![0])
}

fn parse_with_starts(owned: String, string_starts: Vec<usize>) -> Record {
    let text = owned.as_str();
    let mut findings = Vec::new();
    let vlen = text.len().min(6);
    let version = text.get(..vlen).unwrap_or("").to_string();
    if !is_spf_record(text) {
        findings.push(
            Code::Syntax
                .finding("the record does not begin with v=spf1 followed by a space")
                .at(Span::new(0, vlen)),
        );
        let terms = vec![Term {
            text: text.to_string(),
            name: String::new(),
            span: Span::new(0, text.len()),
            kind: TermKind::Invalid,
            strings: vec![0],
        }]
        .into_iter()
        .filter(|t| !t.text.is_empty())
        .collect();
        return Record {
            text: owned,
            version: String::new(),
            terms,
            findings,
            string_starts,
        };
    }
    if version != "v=spf1" {
        findings.push(
            Code::UppercaseVersion
                .finding(format!(
                    "the version is written {version:?}: valid, but some receivers only accept v=spf1"
                ))
                .at(Span::new(0, 6)),
        );
    }
    let mut terms = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 6;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b' ' {
            i += 1;
        }
        let strings = strings_of(&string_starts, start, i);
        let term = parse_term(&text[start..i], start, &mut findings, strings);
        terms.push(term);
    }
    let mut record = Record {
        text: owned,
        version,
        terms,
        findings,
        string_starts,
    };
    check_structure(&mut record);
    record
}

/// The indexes of the character-strings that bytes `[start, end)` came from.
fn strings_of(starts: &[usize], start: usize, end: usize) -> Vec<usize> {
    let first = starts.iter().rposition(|s| *s <= start).unwrap_or(0);
    let last = starts
        .iter()
        .rposition(|s| *s < end.max(start + 1))
        .unwrap_or(first);
    (first..=last.max(first)).collect()
}

/// Checks that need the whole record: duplicated modifiers, split terms, the `all` story.
fn check_structure(record: &mut Record) {
    let mut seen_redirect = false;
    let mut seen_exp = false;
    let mut extra = Vec::new();
    for t in &record.terms {
        if let Some(m) = t.modifier() {
            let seen = match m {
                Modifier::Redirect { .. } => &mut seen_redirect,
                Modifier::Exp { .. } => &mut seen_exp,
                Modifier::Unknown { .. } => continue,
            };
            if *seen {
                extra.push(
                    Code::DuplicateModifier
                        .finding(format!(
                            "{}= appears more than once",
                            t.name.to_ascii_lowercase()
                        ))
                        .at(t.span),
                );
            }
            *seen = true;
        }
        if t.strings.len() > 1 {
            extra.push(
                Code::StringSplit
                    .finding(format!(
                        "the term {:?} is split across {} TXT strings, which are joined with nothing between them",
                        t.text,
                        t.strings.len()
                    ))
                    .at(t.span),
            );
        }
    }
    record.findings.extend(extra);
}

fn syntax(span: Span, msg: impl Into<String>) -> Finding {
    Code::Syntax.finding(msg).at(span)
}

fn parse_term(text: &str, base: usize, findings: &mut Vec<Finding>, strings: Vec<usize>) -> Term {
    let span = Span::new(base, base + text.len());
    let invalid = |name: &str| Term {
        text: text.to_string(),
        name: name.to_string(),
        span,
        kind: TermKind::Invalid,
        strings: strings.clone(),
    };
    // Characters outside %x21-7E cannot appear in any term (RFC 7208 §4.6.1, §12).
    if let Some((pos, c)) = text.char_indices().find(|(_, c)| !('!'..='~').contains(c)) {
        let what = if c.is_ascii_control() {
            format!(
                "control character U+{:04X}: terms are separated by spaces only",
                c as u32
            )
        } else if c.is_ascii() {
            format!("character {c:?} is not allowed")
        } else {
            format!("non-ASCII character {c:?}: SPF records are restricted to 7-bit ASCII")
        };
        findings.push(syntax(
            Span::new(base + pos, base + pos + c.len_utf8()),
            format!("{what} (in {text:?})"),
        ));
        return invalid("");
    }
    // A modifier has '=' before any ':' or '/'.
    let first_sep = text.find([':', '/', '=']);
    if let Some(eq) = first_sep.filter(|p| text.as_bytes()[*p] == b'=') {
        let name = &text[..eq];
        let value = &text[eq + 1..];
        let vbase = base + eq + 1;
        if !valid_modifier_name(name) {
            let msg = if name.is_empty() {
                "a modifier needs a name before '='".to_string()
            } else {
                format!("{name:?} is not a valid modifier name (a letter, then letters, digits, '-', '_' or '.')")
            };
            findings.push(syntax(Span::new(base, base + eq.max(1)), msg));
            return invalid(name);
        }
        let modifier = match name.to_ascii_lowercase().as_str() {
            "redirect" | "exp" => {
                let Some(domain) = domain_spec(value, vbase, false, findings, name) else {
                    return invalid(name);
                };
                if name.eq_ignore_ascii_case("redirect") {
                    Modifier::Redirect { domain }
                } else {
                    Modifier::Exp { domain }
                }
            }
            lower => {
                let Some(value) = macro_string(value, vbase, false, false, findings) else {
                    return invalid(name);
                };
                let hint = match lower {
                    "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists" | "all" => {
                        format!(" — did you mean {lower}: (a colon)?")
                    }
                    "default" => " — default= is from an old draft and does nothing".to_string(),
                    _ => String::new(),
                };
                findings.push(
                    Code::UnknownModifier
                        .finding(format!("unknown modifier {name}= is ignored{hint}"))
                        .at(span),
                );
                Modifier::Unknown { value }
            }
        };
        return Term {
            text: text.to_string(),
            name: name.to_string(),
            span,
            kind: TermKind::Modifier { modifier },
            strings,
        };
    }
    // A directive.
    let (qualifier, rest, qlen) = match text.chars().next().and_then(Qualifier::from_symbol) {
        Some(q) => (Some(q), &text[1..], 1),
        None => (None, text, 0),
    };
    let name_end = rest.find([':', '/']).unwrap_or(rest.len());
    let name = &rest[..name_end];
    let args = &rest[name_end..];
    let abase = base + qlen + name_end;
    let nspan = Span::new(base + qlen, abase);
    let Some(kind) = MechanismKind::from_name(name) else {
        let msg = if name.is_empty() {
            "a qualifier without a mechanism".to_string()
        } else if name.parse::<Ipv4Addr>().is_ok() {
            format!("{name:?} is not a mechanism: write ip4:{name}")
        } else if name.eq_ignore_ascii_case("redirect") || name.eq_ignore_ascii_case("exp") {
            format!("{name} is a modifier: write {name}= (with '=')")
        } else {
            format!("unknown mechanism {name:?}")
        };
        findings.push(syntax(if name.is_empty() { span } else { nspan }, msg));
        return invalid(name);
    };
    let mechanism = match mechanism_args(kind, args, abase, findings) {
        Some(m) => m,
        None => return invalid(name),
    };
    Term {
        text: text.to_string(),
        name: name.to_string(),
        span,
        kind: TermKind::Directive {
            qualifier,
            mechanism,
        },
        strings,
    }
}

fn valid_modifier_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Parses what follows a mechanism's name.
fn mechanism_args(
    kind: MechanismKind,
    args: &str,
    base: usize,
    findings: &mut Vec<Finding>,
) -> Option<Mechanism> {
    let span = Span::new(base, base + args.len());
    let fail = |findings: &mut Vec<Finding>, msg: String| {
        findings.push(syntax(span, msg));
        None
    };
    let required_domain = |findings: &mut Vec<Finding>| -> Option<MacroString> {
        match args.strip_prefix(':') {
            Some(d) => domain_spec(d, base + 1, false, findings, kind.name()),
            None => {
                findings.push(syntax(
                    span,
                    format!("{} needs a domain: {}:<domain>", kind.name(), kind.name()),
                ));
                None
            }
        }
    };
    match kind {
        MechanismKind::All => {
            if args.is_empty() {
                Some(Mechanism::All)
            } else {
                fail(findings, format!("all takes no argument, found {args:?}"))
            }
        }
        MechanismKind::Include => Some(Mechanism::Include {
            domain: required_domain(findings)?,
        }),
        MechanismKind::Exists => Some(Mechanism::Exists {
            domain: required_domain(findings)?,
        }),
        MechanismKind::Ptr => {
            let domain = match args.strip_prefix(':') {
                Some(d) => Some(domain_spec(d, base + 1, false, findings, "ptr")?),
                None if args.is_empty() => None,
                None => {
                    return fail(
                        findings,
                        format!("ptr takes no CIDR length, found {args:?}"),
                    )
                }
            };
            Some(Mechanism::Ptr { domain })
        }
        MechanismKind::A | MechanismKind::Mx => {
            let (head, cidr) = split_dual_cidr(args, base, findings)?;
            let domain = match head.strip_prefix(':') {
                Some(d) => Some(domain_spec(d, base + 1, false, findings, kind.name())?),
                None if head.is_empty() => None,
                None => {
                    return fail(
                        findings,
                        format!(
                            "{} arguments must be :<domain> and /<cidr>, found {args:?}",
                            kind.name()
                        ),
                    )
                }
            };
            Some(if kind == MechanismKind::A {
                Mechanism::A { domain, cidr }
            } else {
                Mechanism::Mx { domain, cidr }
            })
        }
        MechanismKind::Ip4 | MechanismKind::Ip6 => {
            let Some(net) = args.strip_prefix(':') else {
                return fail(
                    findings,
                    format!(
                        "{} needs an address: {}:<address>",
                        kind.name(),
                        kind.name()
                    ),
                );
            };
            let (addr, prefix) = match net.rfind('/') {
                Some(p) => (&net[..p], Some(&net[p + 1..])),
                None => (net, None),
            };
            let max = if kind == MechanismKind::Ip4 { 32 } else { 128 };
            let prefix = match prefix {
                None => None,
                Some(p) => match cidr_value(p, max) {
                    Ok(v) => Some(v),
                    Err(why) => {
                        return fail(
                            findings,
                            format!("{} CIDR length {p:?}: {why}", kind.name()),
                        )
                    }
                },
            };
            if addr.ends_with('/') {
                return fail(
                    findings,
                    format!("{} takes one CIDR length, not a dual one", kind.name()),
                );
            }
            if kind == MechanismKind::Ip4 {
                match parse_ipv4_strict(addr) {
                    Some(network) => Some(Mechanism::Ip4 { network, prefix }),
                    None => fail(findings, format!("{addr:?} is not an IPv4 address (four numbers 0-255, no leading zeros)")),
                }
            } else {
                match addr.parse::<Ipv6Addr>() {
                    Ok(network) => Some(Mechanism::Ip6 {
                        network,
                        written: addr.to_string(),
                        prefix,
                    }),
                    Err(_) => fail(findings, format!("{addr:?} is not an IPv6 address")),
                }
            }
        }
    }
}

/// `[ ":" domain-spec ] [ dual-cidr-length ]`: splits the CIDR lengths off the end.
fn split_dual_cidr<'a>(
    args: &'a str,
    base: usize,
    findings: &mut Vec<Finding>,
) -> Option<(&'a str, DualCidr)> {
    let mut head = args;
    let mut cidr = DualCidr::default();
    let digits_after = |s: &str, sep: &str| -> Option<usize> {
        let p = s.rfind(sep)?;
        let tail = &s[p + sep.len()..];
        (!tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit())).then_some(p)
    };
    if let Some(p) = digits_after(head, "//") {
        let v = &head[p + 2..];
        match cidr_value(v, 128) {
            Ok(n) => cidr.v6 = Some(n),
            Err(why) => {
                findings.push(syntax(
                    Span::new(base + p, base + head.len()),
                    format!("IPv6 CIDR length {v:?}: {why}"),
                ));
                return None;
            }
        }
        head = &head[..p];
    }
    if let Some(p) = digits_after(head, "/") {
        let v = &head[p + 1..];
        match cidr_value(v, 32) {
            Ok(n) => cidr.v4 = Some(n),
            Err(why) => {
                findings.push(syntax(
                    Span::new(base + p, base + head.len()),
                    format!("IPv4 CIDR length {v:?}: {why}"),
                ));
                return None;
            }
        }
        head = &head[..p];
    }
    Some((head, cidr))
}

/// ```abnf
/// ip4-cidr-length = "/" ( "0" / %x31-39 0*1DIGIT )   ; 0-32
/// ip6-cidr-length = "/" ( "0" / %x31-39 0*2DIGIT )   ; 0-128
/// ```
fn cidr_value(s: &str, max: u8) -> Result<u8, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a number".into());
    }
    if s.len() > 1 && s.starts_with('0') {
        return Err("no leading zeros".into());
    }
    match s.parse::<u16>() {
        Ok(v) if v <= max as u16 => Ok(v as u8),
        _ => Err(format!("at most {max}")),
    }
}

/// Dotted-quad IPv4 with decimal octets and no leading zeros (RFC 7208 §12 `ip4-network`).
pub fn parse_ipv4_strict(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut n = 0;
    for part in s.split('.') {
        if n == 4
            || part.is_empty()
            || part.len() > 3
            || !part.bytes().all(|b| b.is_ascii_digit())
            || (part.len() > 1 && part.starts_with('0'))
        {
            return None;
        }
        octets[n] = part.parse().ok()?;
        n += 1;
    }
    (n == 4).then(|| Ipv4Addr::from(octets))
}

/// A `domain-spec`: a macro-string that ends in a macro or in `.` and a valid top label.
fn domain_spec(
    s: &str,
    base: usize,
    _in_exp: bool,
    findings: &mut Vec<Finding>,
    what: &str,
) -> Option<MacroString> {
    if s.is_empty() {
        findings.push(syntax(
            Span::new(base.saturating_sub(1), base),
            format!("{what} has an empty domain"),
        ));
        return None;
    }
    let ms = macro_string(s, base, false, false, findings)?;
    let ends_in_macro = !matches!(ms.parts.last(), Some(MacroPart::Literal { .. }));
    if ends_in_macro {
        return Some(ms);
    }
    let Some(MacroPart::Literal { text: tail }) = ms.parts.last() else {
        return Some(ms);
    };
    let trimmed = tail.strip_suffix('.').unwrap_or(tail);
    let (dot, top) = match trimmed.rfind('.') {
        Some(p) => (true, &trimmed[p + 1..]),
        None => (false, trimmed),
    };
    let span = Span::new(base, base + s.len());
    if !dot {
        findings.push(syntax(
            span,
            format!(
                "{s:?} is not a domain: a domain here needs at least two labels, like example.com"
            ),
        ));
        return None;
    }
    if !valid_toplabel(top) {
        let why = if !top.is_empty() && top.bytes().all(|b| b.is_ascii_digit()) {
            if what == "a" || what == "mx" {
                format!("{s:?} ends in a number: an IP address goes in ip4: or ip6:, not {what}:")
            } else {
                format!("the last label of {s:?} is all digits")
            }
        } else {
            format!("{top:?} is not a valid last label for the domain {s:?}")
        };
        findings.push(syntax(span, why));
        return None;
    }
    Some(ms)
}

/// ```abnf
/// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
/// ```
fn valid_toplabel(l: &str) -> bool {
    let b = l.as_bytes();
    if b.is_empty() || !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
        return false;
    }
    let alnum_ends = b[0].is_ascii_alphanumeric() && b[b.len() - 1].is_ascii_alphanumeric();
    let has_alpha = b.iter().any(|c| c.is_ascii_alphabetic());
    let has_dash = b.contains(&b'-');
    (has_alpha && !has_dash) || (has_dash && alnum_ends)
}

/// Parses a macro-string (RFC 7208 §7.1). In an explanation (`in_exp`), the letters `c`, `r`, `t`
/// and (when `spaces`) literal spaces are allowed.
pub fn macro_string(
    s: &str,
    base: usize,
    in_exp: bool,
    spaces: bool,
    findings: &mut Vec<Finding>,
) -> Option<MacroString> {
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    let flush = |lit: &mut String, parts: &mut Vec<MacroPart>| {
        if !lit.is_empty() {
            parts.push(MacroPart::Literal {
                text: std::mem::take(lit),
            });
        }
    };
    let err = |findings: &mut Vec<Finding>, at: usize, len: usize, msg: String| {
        findings.push(
            Code::MacroSyntax
                .finding(msg)
                .at(Span::new(base + at, base + at + len.max(1))),
        );
        None
    };
    while i < b.len() {
        let c = b[i];
        if c != b'%' {
            let ok = (0x21..=0x7e).contains(&c) || (spaces && c == b' ');
            if !ok {
                let ch = s[i..].chars().next().unwrap_or('?');
                return err(
                    findings,
                    i,
                    ch.len_utf8(),
                    format!("character {ch:?} is not allowed here"),
                );
            }
            lit.push(c as char);
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'%') => {
                flush(&mut lit, &mut parts);
                parts.push(MacroPart::Percent);
                i += 2;
            }
            Some(b'_') => {
                flush(&mut lit, &mut parts);
                parts.push(MacroPart::Space);
                i += 2;
            }
            Some(b'-') => {
                flush(&mut lit, &mut parts);
                parts.push(MacroPart::UrlSpace);
                i += 2;
            }
            Some(b'{') => {
                let Some(close) = s[i..].find('}') else {
                    return err(
                        findings,
                        i,
                        s.len() - i,
                        "a macro %{ without its closing }".into(),
                    );
                };
                let inner = &s[i + 2..i + close];
                let raw = &s[i..=i + close];
                match macro_expand(inner, raw, in_exp) {
                    Ok(m) => {
                        flush(&mut lit, &mut parts);
                        parts.push(MacroPart::Expand(m));
                    }
                    Err(why) => return err(findings, i, close + 1, format!("{raw}: {why}")),
                }
                i += close + 1;
            }
            Some(_) => {
                let ch = s[i + 1..].chars().next().unwrap_or('?');
                return err(
                    findings,
                    i,
                    1 + ch.len_utf8(),
                    format!("'%' must be followed by {{, %, _ or -, found {ch:?} (write %% for a literal percent sign)"),
                );
            }
            None => {
                return err(
                    findings,
                    i,
                    1,
                    "a '%' at the end (write %% for a literal percent sign)".into(),
                )
            }
        }
    }
    flush(&mut lit, &mut parts);
    Some(MacroString {
        raw: s.to_string(),
        parts,
    })
}

/// The inside of `%{...}`: letter, digits, `r`, delimiters.
fn macro_expand(inner: &str, raw: &str, in_exp: bool) -> Result<MacroExpand, String> {
    let mut chars = inner.chars();
    let c = chars.next().ok_or("an empty macro")?;
    let letter = MacroLetter::from_letter(c)
        .filter(|_| c.is_ascii_alphabetic())
        .ok_or_else(|| {
            format!("{c:?} is not a macro letter (s l o d i p h v, and c r t in exp text)")
        })?;
    if letter.explanation_only() && !in_exp {
        return Err(format!(
            "%{{{c}}} is allowed only in explanation (exp=) text"
        ));
    }
    let rest = chars.as_str();
    let ndigits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
    let keep = if ndigits > 0 {
        let v: u32 = rest[..ndigits]
            .parse()
            .map_err(|_| "the number of parts is too large".to_string())?;
        if v == 0 {
            return Err("the number of parts to keep must not be zero".into());
        }
        Some(v)
    } else {
        None
    };
    let mut rest = &rest[ndigits..];
    let reverse = match rest.chars().next() {
        Some('r') | Some('R') => {
            rest = &rest[1..];
            true
        }
        _ => false,
    };
    if let Some(bad) = rest
        .chars()
        .find(|c| !matches!(c, '.' | '-' | '+' | ',' | '/' | '_' | '='))
    {
        return Err(format!("{bad:?} is not a delimiter (. - + , / _ =)"));
    }
    Ok(MacroExpand {
        letter,
        url_escape: c.is_ascii_uppercase(),
        keep,
        reverse,
        delimiters: rest.to_string(),
        raw: raw.to_string(),
    })
}

/// Parses an explanation string fetched by `exp=` (RFC 7208 §6.2): a macro-string that may
/// contain spaces and the letters `c`, `r`, `t`.
pub fn explanation_string(s: &str) -> Result<MacroString, Finding> {
    let mut f = Vec::new();
    macro_string(s, 0, true, true, &mut f).ok_or_else(|| {
        f.pop()
            .unwrap_or_else(|| Code::MacroSyntax.finding("invalid"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: &Record) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn version_detection() {
        assert!(is_spf_record("v=spf1"));
        assert!(is_spf_record("v=spf1 -all"));
        assert!(is_spf_record("V=SpF1 -all"));
        assert!(!is_spf_record("v=spf10"));
        assert!(!is_spf_record("v=spf1mx"));
        assert!(!is_spf_record(" v=spf1"));
        assert!(!is_spf_record("spf2.0/pra"));
    }

    #[test]
    fn is_spf_txt_is_is_spf_record_of_the_joined_strings() {
        // Every split into up to three strings of every short text over the octets that matter,
        // an invalid UTF-8 octet included.
        let alphabet = b"vV=spf1 x\xff";
        for tail in crate::testing::all_strings(alphabet, 4) {
            let bytes = [b"v=sp".as_slice(), &tail].concat();
            let want = is_spf_record(&String::from_utf8_lossy(&bytes));
            for i in 0..=bytes.len() {
                for j in i..=bytes.len() {
                    let strings = vec![
                        bytes[..i].to_vec(),
                        bytes[i..j].to_vec(),
                        bytes[j..].to_vec(),
                    ];
                    assert_eq!(is_spf_txt(&strings), want, "{strings:?}");
                }
            }
        }
    }

    #[test]
    fn round_trips_what_was_written() {
        for rec in [
            "v=spf1",
            "v=spf1 -all",
            "v=spf1  a   -all ",
            "V=SPF1 MX/24//64 Include:_spf.Example.COM ~ALL",
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:DB8::/32 a:mail.%{d2} exists:%{ir}.%{v}._spf.%{d} ?all",
            "v=spf1 redirect=_spf.example.com exp=explain.%{d} foo=bar%%_x",
            "v=spf1 moo -all bad/8",
            "v=spf1 ptr ptr:example.com a//64 mx:mail.example.com/28",
        ] {
            let r = parse(rec);
            assert_eq!(r.to_string(), rec, "{:?}", r.findings);
        }
    }

    #[test]
    fn terms_keep_spans_and_qualifiers() {
        let r = parse("v=spf1 mx -all");
        assert_eq!(r.terms.len(), 2);
        assert_eq!(r.terms[0].span, Span::new(7, 9));
        assert_eq!(r.terms[0].qualifier(), None);
        assert_eq!(r.terms[0].effective_qualifier(), Qualifier::Pass);
        assert_eq!(r.terms[1].qualifier(), Some(Qualifier::Fail));
        assert!(r.findings.is_empty());
    }

    #[test]
    fn syntax_errors_have_positions() {
        for (rec, code, at) in [
            ("v=spf1 ip4:1.2.3.4 -all moo", "spf-syntax", 24),
            ("v=spf1 -all.", "spf-syntax", 8),
            ("v=spf1 -all:foobar", "spf-syntax", 11),
            ("v=spf1 a:foo-bar -all", "spf-syntax", 9),
            ("v=spf1 a:111.222.33.44", "spf-syntax", 9),
            ("v=spf1 a:example.-com", "spf-syntax", 9),
            ("v=spf1 a/33", "spf-syntax", 8),
            ("v=spf1 a/24/64", "spf-syntax", 11),
            ("v=spf1 ip4:1.2.3.4/032", "spf-syntax", 10),
            ("v=spf1 ip4:1.2.3", "spf-syntax", 10),
            ("v=spf1 ip4:1.2.3.4//32", "spf-syntax", 10),
            ("v=spf1 ip6::CAFE::BABE", "spf-syntax", 10),
            ("v=spf1 ip6:::1/129", "spf-syntax", 10),
            ("v=spf1 include:", "spf-syntax", 14),
            ("v=spf1 exists", "spf-syntax", 13),
            ("v=spf1 ptr/0", "spf-syntax", 10),
            ("v=spf1 1up=foo", "spf-syntax", 7),
            ("v=spf1 =all", "spf-syntax", 7),
            ("v=spf1 redirect:t2.example.com", "spf-syntax", 7),
            ("v=spf1 a:ctrl.example.com\rptr -all", "spf-syntax", 25),
            (
                "v=spf1 -exists:%(ir).sbl.example.com ?all",
                "spf-macro-syntax",
                15,
            ),
            ("v=spf1 a:%{a}.example.com", "spf-macro-syntax", 9),
            ("v=spf1 -all exp=%{r}.example.com", "spf-macro-syntax", 16),
            ("v=spf1 exists:%{d0}.x.example", "spf-macro-syntax", 14),
            ("v=spf1 foo=%abc", "spf-macro-syntax", 11),
            (
                "v=spf1 exp=e1.example exp=e2.example",
                "spf-duplicate-modifier",
                22,
            ),
        ] {
            let r = parse(rec);
            let f = r
                .findings
                .iter()
                .find(|f| f.code == code)
                .unwrap_or_else(|| panic!("{rec}: no {code} in {:?}", r.findings));
            assert_eq!(f.span.map(|s| s.start), Some(at), "{rec}: {f:?}");
            assert!(r.has_syntax_error(), "{rec}");
            assert_eq!(r.to_string(), rec, "round trip of an invalid record");
        }
    }

    #[test]
    fn valid_oddities() {
        for rec in [
            "v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all",
            "v=spf1 a:foo:bar/baz.example.com",
            "v=spf1 a:foo.example.xn--zckzah -all",
            "v=spf1 a:macro%%percent%_%_space%-url-space.example.com -all",
            "v=spf1 exists:%{i}.%{l2r-}.user.%{d2}",
            "v=spf1 exists:%{l2r+-}.user.%{d2}",
            "v=spf1 redirect=%{d}.d.spf.example.com.",
            "v=spf1 default=pass",
            "v=spf1 a/24//64 -all",
            "v=spf1 ip6:::1.1.1.1/0",
        ] {
            let r = parse(rec);
            assert!(!r.has_syntax_error(), "{rec}: {:?}", r.findings);
        }
    }

    #[test]
    fn findings_for_style() {
        assert!(codes(&parse("V=SPF1 -all")).contains(&"spf-uppercase-version"));
        assert!(
            codes(&parse("v=spf1 include=_spf.example.com -all")).contains(&"spf-unknown-modifier")
        );
        let r = parse_strings(&[b"v=spf1 ip4:".to_vec(), b"192.0.2.5 -all".to_vec()]);
        assert!(!r.has_syntax_error());
        assert_eq!(r.terms[0].strings, vec![0, 1]);
        assert_eq!(r.terms[1].strings, vec![1]);
        assert!(codes(&r).contains(&"spf-string-split"));
        let ok = parse_strings(&[b"v=spf1 ip4:192.0.2.5 ".to_vec(), b"-all".to_vec()]);
        assert!(!codes(&ok).contains(&"spf-string-split"));
    }

    /// Property: any record assembled from valid and invalid pieces prints back as written, and
    /// parsing never panics (a small LCG instead of a property-testing dependency).
    #[test]
    fn round_trip_property() {
        const PIECES: [&str; 24] = [
            "a",
            "-a:mail.%{d2}",
            "mx/24//64",
            "~all",
            "?include:_spf.example.com",
            "ip4:192.0.2.0/24",
            "ip6:2001:DB8::/32",
            "exists:%{ir}.%{v}._spf.%{d}",
            "ptr",
            "redirect=_spf.example.net",
            "exp=explain.%{d}",
            "foo=bar%%",
            "moo",
            "-all:x",
            "a/33",
            "%{",
            "ip4:1.2.3",
            "+MX",
            "INCLUDE:Example.COM",
            "v=spf1",
            "=x",
            "\u{7f}",
            "é",
            "include:",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let mut rec = String::from(if x.is_multiple_of(7) {
                "V=SPF1"
            } else {
                "v=spf1"
            });
            let n = (x % 9) as usize;
            for _ in 0..n {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                rec.push_str(&" ".repeat(1 + (x >> 60) as usize % 3));
                rec.push_str(PIECES[(x >> 33) as usize % PIECES.len()]);
            }
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let r = parse(&rec);
            assert_eq!(r.to_string(), rec);
            for t in &r.terms {
                assert_eq!(&rec[t.span.start..t.span.end], t.text);
            }
        }
    }

    #[test]
    fn explanation_strings() {
        let m = explanation_string("%{c} is queried as %{ir}.%{v}.arpa").unwrap();
        assert_eq!(m.parts.len(), 6);
        assert!(explanation_string("The %{x}-files.").is_err());
    }

    #[test]
    fn strict_ipv4() {
        assert_eq!(
            parse_ipv4_strict("192.0.2.1"),
            Some(Ipv4Addr::new(192, 0, 2, 1))
        );
        for bad in [
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "256.1.1.1",
            "1.2.3.4:80",
            "",
            "1..2.3",
        ] {
            assert_eq!(parse_ipv4_strict(bad), None, "{bad}");
        }
    }
}
