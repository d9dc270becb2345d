//! What every part of an SPF record means, and what every SPF finding code means (RFC 7208).

use crate::explain::{CodeInfo, Entry, Status};

use super::codes::Code;
use super::record::{MacroLetter, MechanismKind, ModifierKind, Qualifier};

const fn entry(
    name: &'static str,
    title: &'static str,
    rfc: &'static str,
    summary: &'static str,
    mistakes: &'static str,
    values: Option<&'static str>,
) -> Entry {
    Entry {
        name,
        title,
        rfc,
        summary,
        mistakes,
        default: None,
        values,
        status: Status::Current,
    }
}

/// The version term.
pub fn version() -> Entry {
    entry(
        "v=spf1",
        "SPF version 1",
        "RFC 7208 §4.5",
        "Marks a TXT record as an SPF policy. It must be the very first thing in the record, followed by a space or the end. A domain has at most one such record.",
        "Publishing two v=spf1 records (for example one per provider) makes every check a permerror: merge them into one. Text before v=spf1, or v=spf1 glued to the next term, hides the record.",
        Some("v=spf1"),
    )
}

/// A mechanism.
pub fn mechanism(kind: MechanismKind) -> Entry {
    match kind {
        MechanismKind::All => entry(
            "all",
            "Everything else",
            "RFC 7208 §5.1",
            "Always matches. Placed last, it says what happens to every host the terms before it did not list: -all fail, ~all softfail, ?all neutral, +all pass.",
            "+all lets anyone on the internet pass as your domain. Terms after all are never evaluated. A redirect= in a record with all is ignored.",
            Some("[qualifier]all"),
        ),
        MechanismKind::Include => entry(
            "include",
            "Include another domain's policy",
            "RFC 7208 §5.2",
            "Evaluates the SPF record of another domain (usually a provider's) for the same message. It matches only if that policy gives pass; a fail or softfail inside it just means no match here. Counts as one DNS lookup, plus every lookup inside the included record.",
            "Including a domain that has no SPF record is a permerror. Every provider's include adds its own nested lookups, so a few providers can exceed the limit of 10; remove providers you no longer use.",
            Some("[qualifier]include:<domain>"),
        ),
        MechanismKind::A => entry(
            "a",
            "The domain's own addresses",
            "RFC 7208 §5.3",
            "Matches when the client IP is one of the A (IPv4) or AAAA (IPv6) addresses of the domain given, or of the current domain when none is given. A CIDR suffix widens it: a/24 matches the /24 around each IPv4 address, a//64 the /64 around each IPv6 address. Counts as one DNS lookup.",
            "a:192.0.2.1 is a syntax error: addresses go in ip4:. A name with no address records is a void lookup. Listing a web server's name with a often authorizes hosts that never send mail.",
            Some("[qualifier]a[:<domain>][/<ip4-cidr>][//<ip6-cidr>]"),
        ),
        MechanismKind::Mx => entry(
            "mx",
            "The domain's mail servers",
            "RFC 7208 §5.4",
            "Matches when the client IP is an address of one of the MX hosts of the domain given (or the current domain). Counts as one DNS lookup; the domain may have at most 10 MX hosts, or the check is a permerror. With no MX records it does not fall back to A records.",
            "Inbound MX hosts often never send outbound mail (hosted filtering, Microsoft 365, Google), so mx adds a lookup for nothing. Dual CIDR works as for a.",
            Some("[qualifier]mx[:<domain>][/<ip4-cidr>][//<ip6-cidr>]"),
        ),
        MechanismKind::Ptr => Entry {
            status: Status::Deprecated,
            ..entry(
                "ptr",
                "Reverse DNS name (deprecated)",
                "RFC 7208 §5.5",
                "Matches when a reverse DNS (PTR) name of the client IP, confirmed by a forward lookup, is the domain given or a subdomain of it. It is slow, puts load on other people's DNS, and RFC 7208 says it SHOULD NOT be used.",
                "Large receivers may skip ptr entirely, so mail that relies on it fails. Replace it with ip4:, ip6: or a.",
                Some("[qualifier]ptr[:<domain>]"),
            )
        },
        MechanismKind::Ip4 => entry(
            "ip4",
            "IPv4 addresses",
            "RFC 7208 §5.6",
            "Matches when the client IP is in the IPv4 network given, /32 (one host) by default. Needs no DNS lookup, so it is the cheapest way to list servers. An IPv4-mapped IPv6 client is treated as IPv4; a native IPv6 client never matches ip4.",
            "Leading zeros (ip4:192.0.2.01), a missing part (ip4:192.0.2), a port (ip4:192.0.2.1:25) or a prefix over 32 are syntax errors. A very short prefix such as /8 authorizes millions of hosts.",
            Some("[qualifier]ip4:<address>[/<0-32>]"),
        ),
        MechanismKind::Ip6 => entry(
            "ip6",
            "IPv6 addresses",
            "RFC 7208 §5.6",
            "Matches when the client IP is in the IPv6 network given, /128 by default. Needs no DNS lookup. IPv4 clients, including IPv4-mapped ones, never match ip6.",
            "A prefix over 128 or a malformed address is a syntax error. Forgetting IPv6 is common: servers that send over IPv6 fail if only their IPv4 addresses are listed.",
            Some("[qualifier]ip6:<address>[/<0-128>]"),
        ),
        MechanismKind::Exists => entry(
            "exists",
            "A name exists",
            "RFC 7208 §5.7",
            "Matches if the name given, usually built with macros from the message (such as %{i}._spf.example.com), has an A record, whatever its address. It always looks up A records, even for IPv6 clients. Counts as one DNS lookup.",
            "Without macros it is either always or never true. A target that does not exist is a void lookup for every message that reaches it.",
            Some("[qualifier]exists:<domain>"),
        ),
    }
}

/// A modifier.
pub fn modifier(kind: ModifierKind) -> Entry {
    match kind {
        ModifierKind::Redirect => entry(
            "redirect",
            "Use another domain's policy instead",
            "RFC 7208 §6.1",
            "If no mechanism of this record matched, the result is the result of the other domain's SPF record, evaluated as if it were this domain's. Lets many domains share one policy. Counts as one DNS lookup; it may appear once.",
            "It is ignored when the record has an all mechanism. A target without an SPF record is a permerror. Unlike include, a fail in the target is a fail here.",
            Some("redirect=<domain>"),
        ),
        ModifierKind::Exp => entry(
            "exp",
            "Explanation for failures",
            "RFC 7208 §6.2",
            "Names a TXT record whose text receivers may show the sender when the result is fail, for example in the bounce. The text may use macros, including %{c}, %{r} and %{t}. It may appear once and does not count toward the lookup limit.",
            "Most receivers never show it. exp= with an empty domain is a permerror; any problem with the explanation record itself only means no explanation.",
            Some("exp=<domain>"),
        ),
        ModifierKind::Unknown => entry(
            "name=value",
            "Unknown modifier",
            "RFC 7208 §6",
            "A modifier SPF does not define. Receivers ignore it, but its value must still be valid macro syntax.",
            "Often a typo: include=example.com instead of include:example.com does nothing. default= from early drafts has no effect.",
            Some("<name>=<macro-string>"),
        ),
    }
}

/// A qualifier.
pub fn qualifier(q: Qualifier) -> Entry {
    match q {
        Qualifier::Pass => Entry {
            default: Some("+ (when no qualifier is written)"),
            ..entry(
                "+",
                "Pass",
                "RFC 7208 §4.6.2, §8.3",
                "A host matched by this term is authorized: the result is pass, which receivers treat as the domain vouching for the server.",
                "Writing + is never needed; +all authorizes the whole internet.",
                None,
            )
        },
        Qualifier::Fail => entry(
            "-",
            "Fail",
            "RFC 7208 §4.6.2, §8.4",
            "A host matched by this term is explicitly not authorized: the result is fail, and receivers may reject the message (DMARC decides when both are in use).",
            "-all before every sending service is listed makes their mail fail; list them first, watch DMARC reports, then tighten.",
            None,
        ),
        Qualifier::SoftFail => entry(
            "~",
            "Softfail",
            "RFC 7208 §4.6.2, §8.5",
            "A host matched by this term is probably not authorized: the result is softfail. Receivers usually accept the message but treat it as suspicious. With DMARC, softfail and fail count the same: SPF did not pass.",
            "~all is a reasonable end while rolling out; it is not weaker for DMARC than -all.",
            None,
        ),
        Qualifier::Neutral => entry(
            "?",
            "Neutral",
            "RFC 7208 §4.6.2, §8.2",
            "The domain makes no statement about hosts matched by this term: the result is neutral, treated like having no policy.",
            "?all protects nothing; use ~all or -all.",
            None,
        ),
    }
}

/// A macro letter.
pub fn macro_letter(m: MacroLetter) -> Entry {
    const RFC: &str = "RFC 7208 §7.2";
    const MISTAKES: &str = "An upper-case letter URL-escapes the value. Digits keep that many right-hand parts, r reverses them, and delimiters (. - + , / _ =) say where to split.";
    match m {
        MacroLetter::Sender => entry("%{s}", "Sender", RFC, "The envelope sender, local-part@domain (postmaster@domain for a bounce).", MISTAKES, None),
        MacroLetter::LocalPart => entry("%{l}", "Sender local-part", RFC, "The part of the envelope sender before the @.", MISTAKES, None),
        MacroLetter::SenderDomain => entry("%{o}", "Sender domain", RFC, "The domain of the envelope sender.", MISTAKES, None),
        MacroLetter::Domain => entry("%{d}", "Current domain", RFC, "The domain whose record is being evaluated: inside an include it is the included domain.", MISTAKES, None),
        MacroLetter::Ip => entry("%{i}", "Client IP, dotted", RFC, "The client IP: dotted quad for IPv4, 32 dot-separated nibbles for IPv6. %{ir} reverses it for DNS lists.", MISTAKES, None),
        MacroLetter::ValidatedName => Entry {
            status: Status::Deprecated,
            ..entry("%{p}", "Validated host name (deprecated)", RFC, "A reverse DNS name of the client IP that resolves back to it, or unknown. It costs extra DNS lookups and RFC 7208 says it SHOULD NOT be used.", "Replace it; receivers may not compute it.", None)
        },
        MacroLetter::IpVersion => entry("%{v}", "IP version", RFC, "in-addr for an IPv4 client, ip6 for IPv6; used to build reverse names like %{ir}.%{v}.arpa.", MISTAKES, None),
        MacroLetter::Helo => entry("%{h}", "HELO name", RFC, "The name the client gave in HELO or EHLO, which it chooses freely.", MISTAKES, None),
        MacroLetter::ClientIp => entry("%{c}", "Client IP, readable", "RFC 7208 §7.2, §6.2", "The client IP in its usual form (192.0.2.1, 2001:db8::1). Only allowed in the exp= explanation text.", "Anywhere but exp= text it is a syntax error.", None),
        MacroLetter::Receiver => entry("%{r}", "Receiving host", "RFC 7208 §7.2, §6.2", "The name of the receiving server, or unknown. Only allowed in the exp= explanation text.", "Anywhere but exp= text it is a syntax error.", None),
        MacroLetter::Timestamp => entry("%{t}", "Time of the check", "RFC 7208 §7.2, §6.2", "The current time in seconds since 1970. Only allowed in the exp= explanation text.", "Anywhere but exp= text it is a syntax error.", None),
    }
}

/// The escapes `%%`, `%_`, `%-`.
pub fn macro_escape(c: char) -> Option<Entry> {
    const RFC: &str = "RFC 7208 §7.1";
    const MISTAKES: &str =
        "A % followed by anything else is a syntax error; write %% for a percent sign.";
    match c {
        '%' => Some(entry(
            "%%",
            "Percent sign",
            RFC,
            "A literal %.",
            MISTAKES,
            None,
        )),
        '_' => Some(entry(
            "%_",
            "Space",
            RFC,
            "A literal space.",
            MISTAKES,
            None,
        )),
        '-' => Some(entry(
            "%-",
            "URL-encoded space",
            RFC,
            "The text %20.",
            MISTAKES,
            None,
        )),
        _ => None,
    }
}

/// What a finding code means and what to do.
pub fn code_info(code: Code) -> CodeInfo {
    let info = |title, explanation, suggestion, rfc| CodeInfo {
        code: code.as_str(),
        severity: code.severity(),
        title,
        explanation,
        suggestion,
        rfc,
    };
    match code {
        Code::NoRecord => info(
            "No SPF record",
            "Without an SPF record the result is none: receivers cannot tell your servers from anyone else's, and DMARC cannot pass through SPF.",
            "Publish one TXT record at the domain listing the services that send for it, ending in ~all or -all. A domain that sends no mail should publish v=spf1 -all.",
            "RFC 7208 §4.5",
        ),
        Code::MultipleRecords => info(
            "More than one SPF record",
            "A domain must have exactly one v=spf1 TXT record; with two or more, every check is a permerror and SPF protects nothing.",
            "Merge them into one record: one v=spf1, the union of the terms, one all at the end.",
            "RFC 7208 §4.5",
        ),
        Code::Syntax => info(
            "Syntax error",
            "A term that does not follow the SPF grammar makes the whole record a permerror, for every message.",
            "Fix the term shown; the message says what the parser expected there.",
            "RFC 7208 §4.6, §12",
        ),
        Code::MacroSyntax => info(
            "Malformed macro",
            "A % must start %{letter...}, %%, %_ or %-; an unknown letter, or c, r, t outside exp= text, is a syntax error and the record is a permerror.",
            "Write %% for a literal percent sign and check the macro against RFC 7208 §7.",
            "RFC 7208 §7.1",
        ),
        Code::UppercaseVersion => info(
            "Version not in lower case",
            "v=SPF1 is valid (the grammar is case-insensitive), but some receivers and tools compare it case-sensitively and ignore the record.",
            "Write v=spf1.",
            "RFC 7208 §4.5",
        ),
        Code::DuplicateModifier => info(
            "redirect= or exp= twice",
            "Each of these modifiers may appear at most once; a second one makes the record a permerror.",
            "Keep one.",
            "RFC 7208 §6",
        ),
        Code::UnknownModifier => info(
            "Unknown modifier",
            "Receivers ignore modifiers they do not know, so it has no effect. It is often a typo.",
            "If you meant a mechanism, use a colon: include:example.com, not include=example.com. Otherwise remove it.",
            "RFC 7208 §6",
        ),
        Code::TooManyLookups => info(
            "More than 10 DNS lookups",
            "A check may use at most 10 DNS-querying terms (include, a, mx, ptr, exists, redirect), nested includes counted. Past the tenth, receivers stop with permerror, so mail from servers listed late in the record fails SPF.",
            "Remove services you no longer use; replace a and mx with ip4:/ip6: where addresses are stable; move a sender (marketing, ticketing) to its own subdomain with its own record; flatten an include into its ranges only if you will keep them current, as flattened ranges go stale.",
            "RFC 7208 §4.6.4",
        ),
        Code::TooManyVoidLookups => info(
            "More than 2 void lookups",
            "Lookups that return no records (the name does not exist, or has no records of the type) are limited to 2 per check; the third is a permerror.",
            "Remove the terms that point at names that no longer exist, or publish the missing records.",
            "RFC 7208 §4.6.4",
        ),
        Code::MxTooManyNames => info(
            "mx with more than 10 hosts",
            "An mx mechanism may look up at most 10 MX hosts; a domain with more makes the check a permerror when the mechanism is reached.",
            "Replace mx with ip4:/ip6: ranges of the servers that really send, or with the provider's include.",
            "RFC 7208 §4.6.4",
        ),
        Code::PermissiveAll => info(
            "all lets everyone through",
            "+all (or all with no qualifier) authorizes every host on the internet; ?all makes no statement. Either way, forged mail is not told apart from yours.",
            "End the record with ~all while rolling out, then -all.",
            "RFC 7208 §5.1",
        ),
        Code::NoAll => info(
            "No all at the end",
            "Without all (and without redirect=), a host that matches nothing gets neutral, the same as no policy.",
            "End the record with ~all or -all.",
            "RFC 7208 §4.7",
        ),
        Code::RedirectIgnored => info(
            "redirect= is never used",
            "all always matches, so in a record with all the redirect= is never reached and is ignored.",
            "Remove either the all or the redirect=, depending on which policy you meant.",
            "RFC 7208 §6.1",
        ),
        Code::TermsAfterAll => info(
            "Terms after all",
            "Evaluation stops at all, which always matches, so the mechanisms after it are never evaluated.",
            "Move all to the end of the record.",
            "RFC 7208 §5.1",
        ),
        Code::PtrDeprecated => info(
            "ptr or %{p} used",
            "They need reverse DNS lookups that are slow and unreliable; RFC 7208 says they SHOULD NOT be used and some receivers skip them, failing your mail.",
            "Replace ptr with ip4:/ip6: or a, and drop %{p}.",
            "RFC 7208 §5.5",
        ),
        Code::IncludeNoRecord => info(
            "Included domain has no SPF record",
            "include: or redirect= of a domain without an SPF record is a permerror when it is reached; often the provider changed its include name or the service was dropped.",
            "Use the include name the provider documents today, or remove the term.",
            "RFC 7208 §5.2",
        ),
        Code::IncludeLoop => info(
            "Include loop",
            "An include or redirect chain leads back to a domain already being evaluated; evaluation can only end in permerror when the lookup limit is hit.",
            "Break the cycle: the inner record must not include the outer one.",
            "RFC 7208 §4.6.4",
        ),
        Code::IncludeMacro => info(
            "Target depends on the message",
            "The include or redirect target contains macros, so it can only be resolved for a given sender and IP; the tree shows it unexpanded and cannot count what is below it.",
            "Nothing to fix if intended; use Test a sender to evaluate it for a message.",
            "RFC 7208 §7",
        ),
        Code::RecordTooLong => info(
            "DNS answer over 512 octets",
            "The TXT records at this name no longer fit in a classic 512-octet UDP answer; resolvers must use EDNS or TCP, and some fail, giving temperror.",
            "Shorten the record or the other TXT records at the name (old verification tokens), or move parts to subdomains referenced with include.",
            "RFC 7208 §3.4",
        ),
        Code::StringSplit => info(
            "Term split across TXT strings",
            "Long TXT records are published as several strings of up to 255 octets, joined with nothing between them. A term cut in the middle works, but often hides a missing or extra space, and some DNS control panels add spaces.",
            "Split only between terms, keeping the space at the end of a string: \"v=spf1 ip4:192.0.2.0/24 \" \"include:_spf.example.net -all\".",
            "RFC 7208 §3.3",
        ),
        Code::SpfRrType => info(
            "Obsolete SPF record type",
            "Records of DNS type SPF (99) were withdrawn by RFC 7208; receivers only read TXT, so this record is ignored and may disagree with the TXT one.",
            "Delete the type 99 record and keep the TXT record.",
            "RFC 7208 §3.1",
        ),
        Code::DnsError => info(
            "DNS lookup failed",
            "A lookup failed temporarily (SERVFAIL, timeout); receivers would get temperror and may defer or reject mail.",
            "Check the authoritative name servers of the name shown; try again, or with another resolver.",
            "RFC 7208 §2.6.6",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_text() {
        let mut all = vec![version()];
        all.extend(MechanismKind::ALL.map(mechanism));
        all.extend(
            [
                ModifierKind::Redirect,
                ModifierKind::Exp,
                ModifierKind::Unknown,
            ]
            .map(modifier),
        );
        all.extend(Qualifier::ALL.map(qualifier));
        all.extend(MacroLetter::ALL.map(macro_letter));
        for e in all {
            assert!(
                !e.title.is_empty() && !e.summary.is_empty() && !e.mistakes.is_empty(),
                "{e:?}"
            );
            assert!(e.rfc.starts_with("RFC "), "{e:?}");
        }
        for c in Code::ALL {
            let i = code_info(c);
            assert_eq!(i.code, c.as_str());
            assert_eq!(i.severity, c.severity());
            assert!(
                !i.explanation.is_empty() && !i.suggestion.is_empty() && i.rfc.starts_with("RFC ")
            );
        }
        assert!(
            macro_escape('%').is_some()
                && macro_escape('_').is_some()
                && macro_escape('-').is_some()
        );
        assert!(macro_escape('x').is_none());
        assert_eq!(mechanism(MechanismKind::Ptr).status, Status::Deprecated);
    }
}
