//! The stable codes of DMARC findings, with their explanation and suggestion (an exhaustive
//! `match`: a code without text does not compile).

use crate::diag::{code_table, finding_codes};

finding_codes! {
    pub enum Code {
        Syntax,
        MultipleRecords,
        NoRecord,
        VersionNotFirst,
        InvalidPolicy,
        PNone,
        NoRua,
        RuaNotMailto,
        ExternalRuaUnauthorized,
        PctObsolete,
        PctPartial,
        RfRiObsolete,
        SpWeaker,
        NpMissing,
        TestingMode,
        CnameAndTxt,
        RecordAtApex,
        StrictAlignmentRisk,
        UnknownTag,
        DnsError,
    }
}

code_table! {
    Code {
        Syntax => ("dmarc-syntax", Error, "Syntax error",
            "A tag that cannot be read. Receivers ignore tags they cannot read, and a broken v= or p= can make them ignore the whole record.",
            "Fix the tag shown: tags are name=value separated by semicolons.", "RFC 9989 §4.7"),
        MultipleRecords => ("dmarc-multiple-records", Error, "More than one DMARC record",
            "Receivers discard all the records when _dmarc holds more than one v=DMARC1 record, so no policy applies.",
            "Keep exactly one v=DMARC1 TXT record at _dmarc.<domain>.", "RFC 9989 §4.10"),
        NoRecord => ("dmarc-no-record", Warning, "No DMARC record",
            "Without a DMARC record (here or at a parent domain found by the tree walk), receivers apply no policy to mail that fails SPF and DKIM, and you get no reports.",
            "Publish v=DMARC1; p=none; rua=mailto:<your address> at _dmarc.<domain> to start monitoring.", "RFC 9989 §4.10"),
        VersionNotFirst => ("dmarc-version-not-first", Error, "v=DMARC1 is not first",
            "A DMARC record must begin with v=DMARC1; a record that does not is not a DMARC record for receivers.",
            "Move v=DMARC1 to the start.", "RFC 9989 §4.7"),
        InvalidPolicy => ("dmarc-invalid-policy", Error, "Missing or invalid policy",
            "p= (and sp=, np=) take none, quarantine or reject. Without a valid p=, receivers use p=none if the record has rua=, and ignore the record otherwise.",
            "Write p=none, p=quarantine or p=reject.", "RFC 9989 §4.7, §5.3"),
        PNone => ("dmarc-p-none", Warning, "Monitoring only",
            "p=none asks receivers to deliver failing mail as usual and send reports: forged mail in your name reaches inboxes. It is the right first step, and only that.",
            "Read the aggregate reports until every legitimate sender passes, then move to quarantine and reject, a stage at a time.", "RFC 9989 §4.7"),
        NoRua => ("dmarc-no-rua", Warning, "No aggregate reports",
            "Without rua= you get no reports, so you cannot see who sends as your domain or whether raising the policy is safe.",
            "Add rua=mailto:<an address you read, or your report service's>.", "RFC 9989 §4.7, RFC 9990"),
        RuaNotMailto => ("dmarc-rua-not-mailto", Warning, "Report address is not mailto:",
            "Receivers send reports by mail; other URI schemes are not used.",
            "Use mailto:<address>.", "RFC 9989 §4.7"),
        ExternalRuaUnauthorized => ("dmarc-external-rua-unauthorized", Error, "External report address not authorized",
            "Reports for this domain go to an address in another domain, and that domain does not publish <domain>._report._dmarc.<its domain> with v=DMARC1, so receivers do not send them there.",
            "Ask the report receiver to publish the authorization record (TXT v=DMARC1 at <your domain>._report._dmarc.<their domain>), or use an address in your own domain.", "RFC 9989 §3"),
        PctObsolete => ("dmarc-pct-obsolete", Info, "pct= is legacy",
            "RFC 9989 removed pct= in favour of t=. Many receivers still honour pct=, so it still works where it matters today.",
            "For a staged rollout use t=y; keep pct= only if you rely on receivers that still read it.", "RFC 9989 Appendix A"),
        PctPartial => ("dmarc-pct-partial", Warning, "Policy applied to part of the mail",
            "Receivers that still read pct= (RFC 7489) apply the policy to that share of failing mail and one level less to the rest (reject becomes quarantine, quarantine becomes normal delivery). RFC 9989 receivers ignore pct= and apply the policy to all failing mail.",
            "Raise pct to 100 (or remove it) once the reports show every legitimate source passing with alignment.", "RFC 7489 §6.3, §6.6.4; RFC 9989 Appendix A.6"),
        RfRiObsolete => ("dmarc-rf-ri-obsolete", Info, "rf= or ri= is legacy",
            "RFC 9989 removed the report format and report interval tags; receivers ignore them.",
            "Remove them.", "RFC 9989 Appendix A"),
        SpWeaker => ("dmarc-sp-weaker", Warning, "Subdomain policy weaker than the domain's",
            "Forgers can send as any subdomain (billing.<domain>) and get the weaker policy.",
            "Set sp= at least as strong as p=, or remove sp= to inherit p=.", "RFC 9989 §4.7"),
        NpMissing => ("dmarc-np-missing", Info, "No policy for non-existent subdomains",
            "np= (RFC 9989) sets the policy for subdomains that do not exist in DNS, which no legitimate mail uses. Without it they get sp= or p=.",
            "Add np=reject: it costs nothing and blocks made-up subdomains.", "RFC 9989 §4.7"),
        TestingMode => ("dmarc-testing-mode", Warning, "Testing mode",
            "t=y asks RFC 9989 receivers to apply one level less than the policy (quarantine instead of reject, normal delivery instead of quarantine) while you test. Receivers still on RFC 7489 do not know t= and apply the policy in full.",
            "Remove t=y once the reports show every legitimate source passing with alignment.", "RFC 9989 §4.7"),
        CnameAndTxt => ("dmarc-cname-and-txt", Error, "_dmarc is a CNAME and has its own TXT",
            "A name that is a CNAME cannot hold other records; resolvers disagree on what to answer, so the policy receivers see is unpredictable.",
            "Keep either the CNAME (to a hosted DMARC service) or the TXT record, not both.", "RFC 1034 §3.6.2"),
        RecordAtApex => ("dmarc-record-at-apex", Error, "DMARC record at the domain itself",
            "A v=DMARC1 record published at <domain> instead of _dmarc.<domain> is never read by receivers.",
            "Move it to _dmarc.<domain>.", "RFC 9989 §4.10"),
        StrictAlignmentRisk => ("dmarc-strict-alignment-risk", Info, "Strict alignment",
            "With adkim=s or aspf=s the signing or envelope domain must equal the From domain exactly; services that sign or bounce from a subdomain then fail DMARC.",
            "Use relaxed alignment (the default) unless you know every sender uses the exact domain.", "RFC 9989 §4.7, §4.4"),
        UnknownTag => ("dmarc-unknown-tag", Warning, "Unknown tag",
            "Receivers ignore tags DMARC does not define; it is often a typo (rua misspelt, a tag from another protocol).",
            "Fix or remove it.", "RFC 9989 §4.7"),
        DnsError => ("dmarc-dns-error", Warning, "DNS lookup failed",
            "A lookup failed temporarily; receivers would defer the DMARC evaluation or skip it.",
            "Check the authoritative name servers; try again or with another resolver.", "RFC 9989 §5.3"),
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
            assert!(i.code.starts_with("dmarc-") && seen.insert(i.code));
            assert!(
                !i.explanation.is_empty() && !i.suggestion.is_empty() && i.rfc.starts_with("RFC ")
            );
            assert_eq!(Code::parse(i.code), Some(c));
        }
    }
}
