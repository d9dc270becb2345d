//! The stable codes of ARC findings, with their explanation and suggestion (an exhaustive
//! `match`: a code without text does not compile).

use crate::diag::{code_table, finding_codes};

finding_codes! {
    pub enum Code {
        Syntax,
        Structure,
        TooManySets,
        ChainFailed,
        AmsFailed,
        OlderAmsFailed,
        AmsSignsSeal,
        SealFailed,
        KeyUnavailable,
        NoKey,
        KeyInvalid,
        Sha1,
        FutureTimestamp,
        Historic,
    }
}

code_table! {
    Code {
        Syntax => ("arc-syntax", Error, "ARC header field cannot be read",
            "An ARC-Seal, ARC-Message-Signature or ARC-Authentication-Results field has a tag that cannot be read, lacks a required tag (AS: i a b cv d s; AMS: i a b bh d h s), or has no valid instance i= (1 to 50). A validator cannot use the set, so the chain fails.",
            "Fix the sealer that wrote the field shown; tags are name=value separated by semicolons, and an AAR starts with i=<n>;.", "RFC 8617 §4.1, §5.2"),
        Structure => ("arc-structure", Error, "ARC sets are incomplete, duplicated or not in sequence",
            "Every instance from 1 to the highest must have exactly one ARC-Seal, one ARC-Message-Signature and one ARC-Authentication-Results, the instances must run 1..N with no gap, the seal of i=1 must say cv=none and every later seal cv=pass. Otherwise the chain fails.",
            "A set was stripped, duplicated or renumbered on the way: look at the sealer of the instance shown.", "RFC 8617 §5.2 step 3"),
        TooManySets => ("arc-too-many-sets", Error, "More than 50 ARC sets",
            "RFC 8617 caps a chain at 50 sets (instances 1 to 50) to bound header growth and validation work; a longer chain fails.",
            "The message is probably looping between forwarders; find the loop in the Received fields.", "RFC 8617 §4.2.1, §5.2 step 1"),
        ChainFailed => ("arc-chain-failed", Error, "A sealer recorded a failed chain",
            "An ARC-Seal says cv=fail: the intermediary that added it could not validate the chain it received. Once broken a chain cannot be repaired, so the chain fails here too.",
            "Look at the instance before the one that wrote cv=fail: its seal or message signature did not validate at that hop.", "RFC 8617 §5.1.2, §5.2 step 2"),
        AmsFailed => ("arc-ams-failed", Error, "The latest ARC-Message-Signature does not verify",
            "The message signature of the most recent set covers the body and the header fields its h= lists; it fails when they changed after the last sealer signed, so the chain fails.",
            "Something after the last ARC sealer modified the message (a footer, a rewritten header, re-encoding). The diagnosis says whether the body or the headers changed.", "RFC 8617 §5.2 step 4"),
        OlderAmsFailed => ("arc-older-ams-failed", Info, "An older ARC-Message-Signature no longer verifies",
            "Only the latest message signature must verify. Older ones usually break because a later intermediary (a mailing list) changed the message; that is what ARC is for. The oldest instance whose signature still verifies is the oldest-pass value.",
            "Nothing to fix: it shows where the message was modified along the way.", "RFC 8617 §5.2 step 5"),
        AmsSignsSeal => ("arc-ams-signs-seal", Error, "ARC-Message-Signature signs ARC-Seal",
            "The h= of an ARC-Message-Signature lists ARC-Seal, which RFC 8617 forbids: the seal of the same set is added after the message signature, so the signature can never verify as intended.",
            "Remove arc-seal from the h= list of the sealer's signing configuration.", "RFC 8617 §4.1.2"),
        SealFailed => ("arc-seal-failed", Error, "An ARC-Seal does not verify",
            "Each ARC-Seal signs every ARC set up to its own, so a seal fails when an earlier set was changed, removed or forged after sealing, or when the seal itself was altered.",
            "Compare the ARC fields with what the sealer sent: an intermediary that rewrites or re-folds ARC fields breaks the chain.", "RFC 8617 §5.1.1, §5.2 step 6"),
        KeyUnavailable => ("arc-key-unavailable", Warning, "ARC key lookup failed temporarily",
            "The DNS query for a sealer's key failed (timeout, SERVFAIL). RFC 8617 treats every error as permanent, so the chain is reported as fail, but asking again later may give pass.",
            "Try again, or with another resolver; check the sealer's name servers if it persists.", "RFC 8617 §5.2.1"),
        NoKey => ("arc-no-key", Error, "No key published for an ARC signature",
            "The selector._domainkey.domain named by s= and d= has no DKIM key record, so the signature cannot verify and the chain fails.",
            "The sealer must publish the key (a DKIM key record) at the name shown, or sign with a selector that has one.", "RFC 8617 §4.1, RFC 6376 §3.6.2"),
        KeyInvalid => ("arc-key-invalid", Error, "ARC key record unusable",
            "The key record exists but cannot verify this signature: it does not parse, was revoked (empty p=), is of another key type than a=, does not allow sha256 in h=, or is an RSA key under 1024 bits.",
            "The sealer must publish a valid key of at least 1024 bits (2048 recommended) of the type its signatures use.", "RFC 6376 §3.6.1, RFC 8301 §3.2"),
        Sha1 => ("arc-sha1", Error, "ARC signature uses rsa-sha1",
            "RFC 8301 forbids verifiers to accept rsa-sha1, and ARC, published after it, never used it: validators (and this one) treat such a seal or message signature as failed.",
            "Sign with rsa-sha256.", "RFC 8301 §3.1, RFC 8617 §4.1"),
        FutureTimestamp => ("arc-future-timestamp", Warning, "ARC signature dated in the future",
            "The t= of an ARC signature is later than the time of the check: the sealer's clock is wrong. Some validators reject such signatures.",
            "The sealer should synchronize its clock (NTP).", "RFC 6376 §3.5"),
        Historic => ("arc-historic", Info, "ARC is being moved to Historic status",
            "RFC 8617 was published as Experimental. The IETF DMARC working group's draft concluding the experiment (draft-ietf-dmarc-arc-to-historic) reclassifies it as Historic and recommends that ARC no longer be relied upon between parties that do not know each other; its lessons go into DKIM2. A passing chain proves which intermediaries handled the message, not that the original sender was authentic.",
            "Receivers may use a passing chain only as a hint for forwarded mail (for example to excuse a DMARC failure from a mailing list they already trust); senders need not deploy ARC.", "RFC 8617; draft-ietf-dmarc-arc-to-historic"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_and_explained() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let i = c.info();
            assert!(i.code.starts_with("arc-") && seen.insert(i.code));
            assert!(i
                .code
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'));
            assert!(
                !i.explanation.is_empty() && !i.suggestion.is_empty() && i.rfc.starts_with("RFC ")
            );
            assert_eq!(Code::parse(i.code), Some(c));
        }
        assert!(Code::Historic.info().explanation.contains("Historic"));
        assert!(Code::Historic.info().suggestion.contains("hint"));
    }
}
