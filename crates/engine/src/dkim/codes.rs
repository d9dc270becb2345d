//! The stable codes of DKIM key records and of finding a domain's keys behind its selectors, with
//! their explanation and suggestion (an exhaustive `match`: a code without text does not compile).
//! The codes of DKIM signatures and of the message check are [`crate::message::codes`]; the tests
//! here hold both tables, which share the `dkim-` prefix.

use crate::diag::{code_table, finding_codes};

finding_codes! {
    pub enum Code {
        // The key record (RFC 6376 §3.6.1, RFC 8301, RFC 8463).
        KeySyntax,
        KeyRevoked,
        KeyTooShort,
        KeyWeak,
        TestingMode,
        // Finding a domain's keys behind its selectors (`dkim::discover`).
        SelectorInvalid,
        NotAKey,
        MultipleRecords,
        CnameDangling,
        StandbySelector,
        Ed25519Only,
        NoKeyFound,
        DnsError,
    }
}

code_table! {
    Code {
        KeySyntax => ("dkim-key-syntax", Error, "Key record cannot be read",
            "The TXT record at <selector>._domainkey.<domain> is not a usable DKIM key record: a tag that cannot be read, v= not DKIM1 or not first, p= missing or not base64, a key that is not RSA or Ed25519. Every signature with this selector fails with permerror.",
            "Publish the record exactly as your mail provider or signing software gives it: v=DKIM1; k=rsa; p=<base64 key>. A key longer than 255 characters must be split into several strings of one TXT record, not into several records.", "RFC 6376 §3.6.1"),
        KeyRevoked => ("dkim-key-revoked", Error, "Key revoked",
            "p= is empty, which says the key was revoked: every signature made with this selector fails.",
            "If mail is still signed with this selector, publish its current key; otherwise nothing to do, revoking a retired selector is good practice.", "RFC 6376 §3.6.1"),
        KeyTooShort => ("dkim-key-too-short", Error, "Key under 1024 bits",
            "RFC 8301 forbids verifiers to accept RSA keys under 1024 bits: signatures with this key fail everywhere, and keys that short can be factored.",
            "Generate a 2048-bit RSA key, publish it under a new selector and switch the signer to it.", "RFC 8301 §3.2"),
        KeyWeak => ("dkim-key-weak", Warning, "Key under 2048 bits",
            "RFC 8301 asks signers to use RSA keys of at least 2048 bits. A 1024-bit key still verifies, but is within reach of well-funded attackers and some receivers score it lower.",
            "Generate a 2048-bit key, publish it under a new selector, switch the signer, then revoke the old selector (p=).", "RFC 8301 §3.2"),
        TestingMode => ("dkim-testing-mode", Info, "Key in testing mode",
            "t=y says the domain is testing DKIM: verifiers must not treat mail signed with this key differently from unsigned mail when the signature fails.",
            "Remove t=y once signatures verify.", "RFC 6376 §3.6.1"),
        SelectorInvalid => ("dkim-selector-invalid", Error, "Not a selector",
            "A selector is one or more DNS labels separated by dots (letters, digits and hyphens, at most 63 characters each); what was entered cannot be looked up.",
            "Enter the value of s= from a DKIM-Signature of a message you sent (for example selector1 or google), without the ._domainkey part.", "RFC 6376 §3.1"),
        NotAKey => ("dkim-not-a-key", Error, "Not a DKIM key record",
            "The selector name has a TXT record, but it is not a DKIM key record (an SPF record, a verification token, other text). Often a wildcard TXT record answers for every name; signatures with this selector fail.",
            "Publish the DKIM key record (v=DKIM1; k=rsa; p=...) at this name, and avoid wildcard TXT records under _domainkey.", "RFC 6376 §3.6.1, §3.6.2.2"),
        MultipleRecords => ("dkim-multiple-records", Error, "More than one key record",
            "The selector name has several DKIM TXT records. What a verifier does then is undefined: some take one at random, some fail, so signatures verify only sometimes.",
            "Keep exactly one key record per selector; publish a new key under a new selector.", "RFC 6376 §3.6.2.2"),
        CnameDangling => ("dkim-cname-dangling", Warning, "CNAME that leads nowhere",
            "The selector name is a CNAME to a name that does not exist or has no key. Signatures with this selector fail. If the target's domain is ever left unregistered, whoever registers it can publish a key and sign mail as your domain. A provider's standby selector, whose target appears only when the provider rotates to it while its other selector has a key, is dkim-standby-selector instead.",
            "If you sign with this selector, publish the key at the target: for a provider's CNAME, enable DKIM signing for the domain in the provider's console (Microsoft 365: Microsoft Defender portal, Email authentication settings, DKIM) and compare the CNAME targets it shows with yours. Remove the CNAME only if no service signs with this selector and none asked you to publish it.", "RFC 6376 §3.6.2.1, RFC 1034 §3.6.2"),
        StandbySelector => ("dkim-standby-selector", Info, "Standby selector (key rotation)",
            "Microsoft 365 publishes two selectors, selector1 and selector2, as CNAMEs to its own names, signs with one and rotates to the other. The target of the selector not in use is published only when Microsoft rotates to it: while the other selector has a key, a missing target is the design, not a fault, and signatures verify.",
            "Nothing to fix: keep both CNAMEs. To rotate the key, or to check which selector signs: Microsoft Defender portal, Email authentication settings, DKIM, select the domain, Rotate DKIM keys (PowerShell: Rotate-DkimSigningConfig).", "RFC 6376 §3.1"),
        Ed25519Only => ("dkim-ed25519-only", Warning, "Only Ed25519 keys",
            "Every key found is Ed25519. The largest receivers do not verify Ed25519 signatures yet, so for them your mail carries no valid DKIM signature and DMARC must pass on SPF alone.",
            "Sign with an RSA 2048-bit key as well (two signatures, two selectors): receivers use the one they know.", "RFC 8463 §3, RFC 6376 §6.1"),
        NoKeyFound => ("dkim-no-key-found", Warning, "No DKIM key found",
            "No key record was found under any selector tried. DNS cannot list a domain's selectors, so only the names given, those your mail providers use, and a few common ones were tried: the domain may still sign with another selector.",
            "Enter your selectors: the s= value of the DKIM-Signature in a message you sent (open the original message or paste it in the message check). If you do not sign yet, enable DKIM at every service that sends your mail.", "RFC 6376 §3.1, §3.6.2.1"),
        DnsError => ("dkim-dns-error", Warning, "DNS lookup failed",
            "A key lookup failed (a server failure, a timeout, an answer that could not be read): whether a key is published there is unknown, and receivers give signatures with that selector temperror.",
            "Try again, or with another resolver; if it persists, check the domain's authoritative name servers.", "RFC 6376 §6.1.2"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    use crate::message::codes::Code as MessageCode;

    /// The code in either table: its severity.
    fn severity_of(code: &str) -> Option<Severity> {
        Code::parse(code)
            .map(Code::severity)
            .or_else(|| MessageCode::parse(code).map(MessageCode::severity))
    }

    #[test]
    fn codes_are_unique_kebab_and_explained() {
        let mut seen = std::collections::HashSet::new();
        let infos = Code::ALL
            .iter()
            .map(|c| c.info())
            .chain(MessageCode::ALL.iter().map(|c| c.info()));
        for i in infos {
            assert!(
                (i.code.starts_with("dkim-") || i.code.starts_with("message-"))
                    && i.code
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
                    && seen.insert(i.code),
                "{}",
                i.code
            );
            assert!(
                !i.title.is_empty()
                    && !i.explanation.is_empty()
                    && !i.suggestion.is_empty()
                    && i.rfc.starts_with("RFC "),
                "{}",
                i.code
            );
            assert_eq!(severity_of(i.code), Some(i.severity));
        }
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(c));
            assert_eq!(c.finding("x").severity, c.severity());
            assert!(c.as_str().starts_with("dkim-"), "{}", c.as_str());
        }
        for c in MessageCode::ALL {
            assert_eq!(MessageCode::parse(c.as_str()), Some(c));
            assert_eq!(c.finding("x").severity, c.severity());
        }
        assert_eq!(Code::parse("dkim-nonsense"), None);
    }

    #[test]
    fn severities_match_the_emitting_code() {
        // The severities the messages of key.rs, signature.rs, verify.rs, message/mod.rs and
        // message/check.rs were written for; those take the table's through `finding`.
        for (code, sev) in [
            ("dkim-key-too-short", Severity::Error),
            ("dkim-key-weak", Severity::Warning),
            ("dkim-key-revoked", Severity::Error),
            ("dkim-testing-mode", Severity::Info),
            ("dkim-body-length", Severity::Warning),
            ("dkim-future-timestamp", Severity::Warning),
            ("dkim-headers-unsigned", Severity::Info),
            ("message-line-endings-normalized", Severity::Info),
            ("message-header-syntax", Severity::Warning),
            ("message-unsigned", Severity::Warning),
            ("message-multiple-from", Severity::Warning),
            ("message-display-name-address", Severity::Warning),
            ("message-reply-to-elsewhere", Severity::Info),
            ("message-no-from", Severity::Error),
        ] {
            assert_eq!(severity_of(code), Some(sev), "{code}");
        }
        let key = crate::dkim::key::parse("v=DKIM1; t=y; p=");
        for f in &key.findings {
            assert_eq!(Code::parse(f.code).map(Code::severity), Some(f.severity));
        }
    }
}
