//! What every part of an SPF record means, and what every SPF finding code means (RFC 7208).
//!
//! Each function is an exhaustive `match` with no wildcard arm: a new mechanism, modifier,
//! qualifier, macro letter or finding code does not compile until it has text here. The text is
//! plain ASCII (apart from `§`) for postmasters, with no markup; the UI shows `mistakes` under
//! "Common mistakes".

use crate::explain::{Entry, Status};

use super::record::{MacroLetter, MechanismKind, ModifierKind, Qualifier};

/// The `v=spf1` version term (RFC 7208 §4.5, §12).
pub fn version() -> Entry {
    Entry {
        name: "v=spf1",
        title: "SPF version 1",
        rfc: "RFC 7208 §4.5, §12",
        summary: "Marks a DNS TXT record as an SPF policy. The record must begin with v=spf1 followed by a space or the end of the record; TXT records that do not are not SPF and are skipped. A name may have at most one SPF record, and only TXT records are used.",
        mistakes: "Two v=spf1 records at one name (say, one per provider) make every check a permerror: merge them into one. v=spf2.0/pra (Sender ID), spf1 without v=, or text before v=spf1 is not an SPF record. The grammar ignores case, but write v=spf1 in lower case, as some receivers compare it exactly.",
        default: None,
        values: Some("v=spf1, then a space before the first term"),
        status: Status::Current,
    }
}

/// A mechanism (RFC 7208 §5).
pub fn mechanism(kind: MechanismKind) -> Entry {
    match kind {
        MechanismKind::All => Entry {
            name: "all",
            title: "Everything else",
            rfc: "RFC 7208 §5.1",
            summary: "Always matches. Put last, it sets the result for every host not listed before it: -all fail, ~all softfail, ?all neutral, +all pass. It needs no DNS lookup.",
            mistakes: "+all, or all with no qualifier (which means +all), lets anyone on the internet pass as your domain. Leaving all out makes unlisted hosts neutral, the same as no policy. Terms after all are never evaluated, and a redirect= in a record with all is ignored.",
            default: None,
            values: Some("-all, ~all, ?all or +all; all alone means +all"),
            status: Status::Current,
        },
        MechanismKind::Include => Entry {
            name: "include",
            title: "Include another domain's policy",
            rfc: "RFC 7208 §5.2",
            summary: "Checks the client IP against another domain's SPF record, usually a provider's. It matches only when that record's result is pass; a fail, softfail or neutral there just means no match, and the check goes on to the next term. If the included domain has no SPF record the result is permerror. Counts as one DNS lookup toward the limit of 10, plus every lookup inside the included record.",
            mistakes: "Too many includes: each provider's record brings its own nested lookups, so three or four providers can go over 10. An include of a service you no longer use still authorizes its servers and still costs lookups. include=example.com (with =) is an unknown modifier and does nothing.",
            default: None,
            values: Some("include:<domain-spec>, e.g. include:_spf.example.net"),
            status: Status::Current,
        },
        MechanismKind::A => Entry {
            name: "a",
            title: "The domain's own addresses",
            rfc: "RFC 7208 §5.3",
            summary: "Matches when the client IP is an address of the domain given, or of the current domain when none is given: its A records for an IPv4 client, its AAAA records for IPv6. A prefix widens the match to each address's network: a/24 for IPv4, a//64 for IPv6, or both as a/24//64. Counts as one DNS lookup toward the limit of 10.",
            mistakes: "a:192.0.2.1 is a syntax error (permerror): an address goes in ip4:192.0.2.1. A name with no A or AAAA record is a void lookup, and only 2 are allowed. a for a web site on shared hosting or a CDN authorizes servers shared with other customers.",
            default: Some("the current domain; /32 for IPv4 and /128 for IPv6"),
            values: Some("a, a:<domain-spec>, each optionally followed by /<0-32> and //<0-128>, e.g. a:mail.example.com/24//64"),
            status: Status::Current,
        },
        MechanismKind::Mx => Entry {
            name: "mx",
            title: "The domain's mail servers",
            rfc: "RFC 7208 §5.4",
            summary: "Matches when the client IP is an address of one of the MX hosts (inbound mail servers) of the domain given, or of the current domain. It looks up the MX records, then the addresses of each host; a domain with more than 10 MX hosts gives permerror. With no MX records it matches nothing: it does not fall back to the domain's A records. Prefixes work as for a, e.g. mx/24//64. Counts as one DNS lookup toward the limit of 10.",
            mistakes: "Inbound servers often do not send outbound mail (Microsoft 365, Google Workspace, filtering services), so mx costs a lookup and authorizes hosts that never send as you. A domain with no MX records makes mx match nothing and counts as a void lookup.",
            default: Some("the current domain; /32 for IPv4 and /128 for IPv6"),
            values: Some("mx, mx:<domain-spec>, each optionally followed by /<0-32> and //<0-128>"),
            status: Status::Current,
        },
        MechanismKind::Ptr => Entry {
            name: "ptr",
            title: "Reverse DNS name (deprecated)",
            rfc: "RFC 7208 §5.5",
            summary: "Matches when a reverse DNS (PTR) name of the client IP, which must resolve back to that IP, is the domain given (or the current domain) or a subdomain of it. It is slow, loads the DNS servers of whoever owns the IP, and fails when reverse DNS is missing. RFC 7208 says it SHOULD NOT be used. Counts as one DNS lookup toward the limit of 10.",
            mistakes: "Relying on it: some receivers ignore ptr, so mail that only matches through it fails SPF there. Reverse names are set by whoever runs the IP range, not by you. Replace it with ip4:, ip6: or a.",
            default: Some("the current domain"),
            values: Some("ptr, ptr:<domain-spec>"),
            status: Status::Deprecated,
        },
        MechanismKind::Ip4 => Entry {
            name: "ip4",
            title: "IPv4 addresses",
            rfc: "RFC 7208 §5.6",
            summary: "Matches when the client IP is in the IPv4 network given; with no prefix, only that one address. It needs no DNS lookup and does not count toward the limit. A client seen as an IPv4-mapped IPv6 address (::ffff:192.0.2.1) is treated as IPv4; a native IPv6 client never matches ip4.",
            mistakes: "Leading zeros (ip4:192.0.2.010), a shortened address (ip4:192.0.2), a port or a prefix over 32 is a syntax error (permerror). ip4:192.0.2.1/24 is valid but authorizes all of 192.0.2.0/24, not one host: the bits after the prefix are ignored. A short prefix such as /8 authorizes millions of hosts.",
            default: Some("/32, a single address"),
            values: Some("ip4:<address>[/<0-32>], e.g. ip4:192.0.2.0/24"),
            status: Status::Current,
        },
        MechanismKind::Ip6 => Entry {
            name: "ip6",
            title: "IPv6 addresses",
            rfc: "RFC 7208 §5.6",
            summary: "Matches when the client IP is in the IPv6 network given; with no prefix, only that one address. It needs no DNS lookup and does not count toward the limit. IPv4 clients, including those seen as IPv4-mapped IPv6 addresses, never match ip6.",
            mistakes: "A prefix over 128 or a malformed address is a syntax error (permerror). Servers that send over IPv6 fail SPF when only their IPv4 addresses are listed. A short prefix such as /32 covers a provider's whole allocation, not just your servers.",
            default: Some("/128, a single address"),
            values: Some("ip6:<address>[/<0-128>], e.g. ip6:2001:db8::/32"),
            status: Status::Current,
        },
        MechanismKind::Exists => Entry {
            name: "exists",
            title: "A name exists",
            rfc: "RFC 7208 §5.7",
            summary: "Builds a name, usually with macros from the message such as %{i}._spf.example.com, and matches if that name has at least one A record, whatever its address. It always looks up A records, even for an IPv6 client. Used for allow lists kept in DNS. Counts as one DNS lookup toward the limit of 10.",
            mistakes: "Without macros it matches every message or none. A name that does not exist (the usual no-match case) is a void lookup, and more than 2 in one check give permerror. For an IPv6 client %{i} is 32 dot-separated hex digits, so the zone needs names in that form too.",
            default: None,
            values: Some("exists:<domain-spec>, e.g. exists:%{i}._spf.example.com"),
            status: Status::Current,
        },
    }
}

/// A modifier (RFC 7208 §6).
pub fn modifier(kind: ModifierKind) -> Entry {
    match kind {
        ModifierKind::Redirect => Entry {
            name: "redirect",
            title: "Use another domain's policy instead",
            rfc: "RFC 7208 §6.1",
            summary: "If no mechanism in this record matched, the check continues with the SPF record of the domain given, and that record's result becomes the result, as if it were this domain's own. Lets many domains share one policy. Counts as one DNS lookup toward the limit of 10. It may appear at most once.",
            mistakes: "It is ignored when the record has an all mechanism anywhere. A target with no SPF record gives permerror. Unlike include, a fail in the target is a fail here. redirect:example.com (with a colon) is a syntax error.",
            default: None,
            values: Some("redirect=<domain-spec>, e.g. redirect=_spf.example.com"),
            status: Status::Current,
        },
        ModifierKind::Exp => Entry {
            name: "exp",
            title: "Explanation for failures",
            rfc: "RFC 7208 §6.2",
            summary: "Names a domain whose TXT record holds a message that receivers may pass back to the sender, for example in a bounce, when the result is fail. It is used only for fail, not for softfail or neutral. The message may contain macros, including %{c}, %{r} and %{t}, which are allowed only there. It may appear at most once and does not count toward the lookup limit.",
            mistakes: "Expecting senders to see it: many receivers never show it. exp= twice is a permerror, and so is exp= with no domain. A missing or broken explanation record only means no explanation is given.",
            default: None,
            values: Some("exp=<domain-spec>; that name holds one TXT record with the explanation text"),
            status: Status::Current,
        },
        ModifierKind::Unknown => Entry {
            name: "name=value",
            title: "Unknown modifier",
            rfc: "RFC 7208 §6",
            summary: "A name=value term that SPF does not define. Receivers ignore it, but its value must still be valid macro syntax, or the whole record is a permerror.",
            mistakes: "Often a typo for a mechanism: include=example.com or ip4=192.0.2.1 is read as an unknown modifier and does nothing, so those servers are not authorized. default=deny from early SPF drafts has no effect: use -all.",
            default: None,
            values: Some("<name>=<macro-string>; the name starts with a letter"),
            status: Status::Current,
        },
    }
}

/// A qualifier (RFC 7208 §4.6.2); what receivers do with each result is in §8.
pub fn qualifier(q: Qualifier) -> Entry {
    match q {
        Qualifier::Pass => Entry {
            name: "+",
            title: "Pass",
            rfc: "RFC 7208 §4.6.2, §8.3",
            summary: "A host matched by this term is authorized to send for the domain: the result is pass. Receivers count it in the message's favour, and with DMARC it can satisfy the SPF side when the domains align. A mechanism with no qualifier means +.",
            mistakes: "Writing + is never needed. +all, or all with no qualifier, makes every host on the internet pass.",
            default: Some("+, when no qualifier is written"),
            values: None,
            status: Status::Current,
        },
        Qualifier::Fail => Entry {
            name: "-",
            title: "Fail",
            rfc: "RFC 7208 §4.6.2, §8.4",
            summary: "A host matched by this term is explicitly not authorized: the result is fail. Receivers may reject the message during the SMTP session or mark it as spam; where the domain publishes DMARC, many leave the decision to DMARC.",
            mistakes: "-all before every service that sends for you is listed makes their mail fail. Forwarded mail fails SPF too, because the forwarder's server is not listed, so sign with DKIM as well.",
            default: None,
            values: None,
            status: Status::Current,
        },
        Qualifier::SoftFail => Entry {
            name: "~",
            title: "Softfail",
            rfc: "RFC 7208 §4.6.2, §8.5",
            summary: "A host matched by this term is probably not authorized: the result is softfail. Receivers should not reject on softfail alone; they usually accept the message but treat it with more suspicion, for example with a higher spam score.",
            mistakes: "Thinking ~all is weak for DMARC: softfail and fail count the same there, since either way SPF did not pass. ~all is a sensible ending while you find all your senders.",
            default: None,
            values: None,
            status: Status::Current,
        },
        Qualifier::Neutral => Entry {
            name: "?",
            title: "Neutral",
            rfc: "RFC 7208 §4.6.2, §8.2",
            summary: "The domain states nothing about hosts matched by this term: the result is neutral, which receivers must treat exactly like having no SPF record.",
            mistakes: "?all protects nothing: forged mail gets the same result as with no policy. Use ~all or -all.",
            default: None,
            values: None,
            status: Status::Current,
        },
    }
}

/// The syntax of a macro with its transformers (RFC 7208 §7.1, §7.3), for `Entry::values`.
macro_rules! macro_syntax {
    ($lower:literal, $upper:literal) => {
        concat!(
            "%{", $lower, "}, or with transformers %{", $lower, "<number>r<delimiters>}: the value is split at the delimiters (any of . - + , / _ =, default .), r reverses the parts, a number keeps that many parts from the right, and the parts are joined again with dots. %{", $upper, "} also URL-escapes the result."
        )
    };
}

/// A macro letter (RFC 7208 §7.2, §7.3).
pub fn macro_letter(m: MacroLetter) -> Entry {
    const RFC: &str = "RFC 7208 §7.2, §7.3";
    const SENDER_CHOSEN: &str = "The sender chooses this value freely, so a name built from it can be anything; it may contain characters that are not valid in DNS names, and the lookup then fails. Use %{o} or %{d} when the domain is enough.";
    const EXP_ONLY: &str =
        "Anywhere but the exp= explanation text it is a syntax error, and the record is a permerror.";
    match m {
        MacroLetter::Sender => Entry {
            name: "%{s}",
            title: "Sender",
            rfc: RFC,
            summary: "The envelope sender (MAIL FROM) as local-part@domain. For a bounce, whose MAIL FROM is empty, it is postmaster@ followed by the HELO name.",
            mistakes: SENDER_CHOSEN,
            default: None,
            values: Some(macro_syntax!("s", "S")),
            status: Status::Current,
        },
        MacroLetter::LocalPart => Entry {
            name: "%{l}",
            title: "Sender local-part",
            rfc: RFC,
            summary: "The part of the envelope sender before the @, such as jane in jane@example.com; postmaster for a bounce.",
            mistakes: SENDER_CHOSEN,
            default: None,
            values: Some(macro_syntax!("l", "L")),
            status: Status::Current,
        },
        MacroLetter::SenderDomain => Entry {
            name: "%{o}",
            title: "Sender domain",
            rfc: RFC,
            summary: "The domain of the envelope sender, such as example.com in jane@example.com.",
            mistakes: "It stays the sender's domain inside an include; %{d} is the one that changes to the domain being evaluated.",
            default: None,
            values: Some(macro_syntax!("o", "O")),
            status: Status::Current,
        },
        MacroLetter::Domain => Entry {
            name: "%{d}",
            title: "Current domain",
            rfc: RFC,
            summary: "The domain whose record is being evaluated. At the start it is the sender's domain; inside an include or after a redirect it is the included or target domain. %{d2} keeps its last two labels.",
            mistakes: "Inside an include, %{d} is the included domain, not yours. %{dr} reverses the labels (com.example), which is rarely what a zone expects.",
            default: None,
            values: Some(macro_syntax!("d", "D")),
            status: Status::Current,
        },
        MacroLetter::Ip => Entry {
            name: "%{i}",
            title: "Client IP, dotted",
            rfc: RFC,
            summary: "The client IP: 192.0.2.3 for IPv4, and for IPv6 its 32 hex digits separated by dots. %{ir} reverses it (3.2.0.192), the order used by DNS blocklists and reverse names.",
            mistakes: "For IPv6 it is not the usual text form (2001:db8::1) but 32 single hex digits with dots, so a zone built for IPv4 names does not match IPv6 clients. Use %{c} in explanation text for the readable form.",
            default: None,
            values: Some(macro_syntax!("i", "I")),
            status: Status::Current,
        },
        MacroLetter::ValidatedName => Entry {
            name: "%{p}",
            title: "Validated host name (deprecated)",
            rfc: RFC,
            summary: "A reverse DNS name of the client IP that resolves back to it, or unknown. It costs extra DNS lookups on every check, is slow and unreliable, and RFC 7208 says it SHOULD NOT be used.",
            mistakes: "Relying on it: reverse DNS is often missing or set by someone else, and some receivers do not compute it. Build names from %{i} or %{d} instead.",
            default: None,
            values: Some(macro_syntax!("p", "P")),
            status: Status::Deprecated,
        },
        MacroLetter::IpVersion => Entry {
            name: "%{v}",
            title: "IP version",
            rfc: RFC,
            summary: "in-addr for an IPv4 client, ip6 for IPv6. Used to build reverse names such as %{ir}.%{v}.arpa.",
            mistakes: "It gives in-addr or ip6, not 4 or 6.",
            default: None,
            values: Some(macro_syntax!("v", "V")),
            status: Status::Current,
        },
        MacroLetter::Helo => Entry {
            name: "%{h}",
            title: "HELO name",
            rfc: RFC,
            summary: "The name the client gave in its HELO or EHLO command.",
            mistakes: "The client chooses it freely and it is often not a real name, so do not treat it as verified.",
            default: None,
            values: Some(macro_syntax!("h", "H")),
            status: Status::Current,
        },
        MacroLetter::ClientIp => Entry {
            name: "%{c}",
            title: "Client IP, readable",
            rfc: RFC,
            summary: "The client IP in its usual form, such as 192.0.2.3 or 2001:db8::cb01. Allowed only in the exp= explanation text.",
            mistakes: EXP_ONLY,
            default: None,
            values: Some(macro_syntax!("c", "C")),
            status: Status::Current,
        },
        MacroLetter::Receiver => Entry {
            name: "%{r}",
            title: "Receiving server",
            rfc: RFC,
            summary: "The name of the server doing the check, or unknown. Allowed only in the exp= explanation text.",
            mistakes: EXP_ONLY,
            default: None,
            values: Some(macro_syntax!("r", "R")),
            status: Status::Current,
        },
        MacroLetter::Timestamp => Entry {
            name: "%{t}",
            title: "Time of the check",
            rfc: RFC,
            summary: "The current time in seconds since 1970-01-01 UTC. Allowed only in the exp= explanation text.",
            mistakes: EXP_ONLY,
            default: None,
            values: Some(macro_syntax!("t", "T")),
            status: Status::Current,
        },
    }
}

/// The escapes `%%`, `%_` and `%-` (RFC 7208 §7.1), by the character after the `%`.
pub fn macro_escape(c: char) -> Option<Entry> {
    const RFC: &str = "RFC 7208 §7.1";
    const MISTAKES: &str = "A % followed by anything other than {, %, _ or - is a syntax error, and the record is a permerror: write %% for a percent sign.";
    match c {
        '%' => Some(Entry {
            name: "%%",
            title: "Percent sign",
            rfc: RFC,
            summary: "A literal % character.",
            mistakes: MISTAKES,
            default: None,
            values: Some("%%"),
            status: Status::Current,
        }),
        '_' => Some(Entry {
            name: "%_",
            title: "Space",
            rfc: RFC,
            summary: "A single space, for explanation text.",
            mistakes: MISTAKES,
            default: None,
            values: Some("%_"),
            status: Status::Current,
        }),
        '-' => Some(Entry {
            name: "%-",
            title: "URL-encoded space",
            rfc: RFC,
            summary: "The three characters %20, a space as written in a URL, for links in explanation text.",
            mistakes: MISTAKES,
            default: None,
            values: Some("%-"),
            status: Status::Current,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spf::Code;

    const MODIFIERS: [ModifierKind; 3] = [
        ModifierKind::Redirect,
        ModifierKind::Exp,
        ModifierKind::Unknown,
    ];

    fn all_entries() -> Vec<Entry> {
        let mut all = vec![version()];
        all.extend(MechanismKind::ALL.map(mechanism));
        all.extend(MODIFIERS.map(modifier));
        all.extend(Qualifier::ALL.map(qualifier));
        all.extend(MacroLetter::ALL.map(macro_letter));
        all.extend(['%', '_', '-'].into_iter().filter_map(macro_escape));
        all
    }

    /// Plain text for the UI: ASCII, apart from the section sign.
    fn plain(s: &str) -> bool {
        s.chars().all(|c| c == '§' || (' '..='~').contains(&c))
    }

    #[test]
    fn every_entry_has_text() {
        let all = all_entries();
        assert_eq!(all.len(), 1 + 8 + 3 + 4 + 11 + 3);
        for e in all {
            assert!(!e.name.is_empty(), "{e:?}");
            assert!(!e.title.is_empty(), "{e:?}");
            assert!(!e.summary.is_empty(), "{e:?}");
            assert!(!e.mistakes.is_empty(), "{e:?}");
            assert!(e.rfc.starts_with("RFC "), "{e:?}");
            let texts = [e.name, e.title, e.rfc, e.summary, e.mistakes];
            let optional = [e.default, e.values].into_iter().flatten();
            for t in texts.into_iter().chain(optional) {
                assert!(plain(t), "not plain text: {t:?}");
            }
        }
    }

    #[test]
    fn names_match_the_record_syntax() {
        for k in MechanismKind::ALL {
            assert_eq!(mechanism(k).name, k.name());
            assert!(mechanism(k).rfc.starts_with("RFC 7208 §5."));
        }
        for q in Qualifier::ALL {
            assert_eq!(qualifier(q).name, q.symbol().to_string());
        }
        for m in MacroLetter::ALL {
            assert_eq!(macro_letter(m).name, format!("%{{{}}}", m.letter()));
        }
        assert_eq!(modifier(ModifierKind::Redirect).name, "redirect");
        assert_eq!(modifier(ModifierKind::Exp).name, "exp");
        assert_eq!(
            qualifier(Qualifier::Pass).default,
            Some("+, when no qualifier is written")
        );
    }

    #[test]
    fn deprecated_terms_are_marked() {
        assert_eq!(mechanism(MechanismKind::Ptr).status, Status::Deprecated);
        assert_eq!(
            macro_letter(MacroLetter::ValidatedName).status,
            Status::Deprecated
        );
        let deprecated = all_entries()
            .into_iter()
            .filter(|e| e.status != Status::Current)
            .count();
        assert_eq!(deprecated, 2);
    }

    #[test]
    fn macro_escapes() {
        assert_eq!(macro_escape('%').map(|e| e.name), Some("%%"));
        assert_eq!(macro_escape('_').map(|e| e.name), Some("%_"));
        assert_eq!(macro_escape('-').map(|e| e.name), Some("%-"));
        assert!(macro_escape('x').is_none());
        assert!(macro_escape('{').is_none());
    }

    #[test]
    fn every_code_is_explained() {
        for c in Code::ALL {
            let i = c.info();
            assert_eq!(i.code, c.as_str());
            assert_eq!(i.severity, c.severity());
            assert!(!i.title.is_empty(), "{i:?}");
            assert!(!i.explanation.is_empty(), "{i:?}");
            assert!(!i.suggestion.is_empty(), "{i:?}");
            assert!(i.rfc.starts_with("RFC "), "{i:?}");
            for t in [i.title, i.explanation, i.suggestion, i.rfc] {
                assert!(plain(t), "not plain text: {t:?}");
            }
        }
    }
}
