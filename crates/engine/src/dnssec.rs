//! What the domain inspection can tell about DNSSEC from its answers: which of them the resolver
//! validated (the AD bit of RFC 4035 §3.2.3), and the finding that says so, so that the DNSSEC
//! line of the summary follows the same badge rule as every other one ([`crate::diag::badge`]).

use crate::diag::{code_table, finding_codes};

finding_codes! {
    /// The stable codes of DNSSEC findings.
    pub enum Code {
        Unsigned,
        Partial,
    }
}

code_table! {
    Code {
        Unsigned => ("dnssec-unsigned", Info, "Not signed with DNSSEC",
            "No answer about the domain carried the AD bit: the resolver did not validate them with DNSSEC, usually because the zone is not signed. Email authentication works without DNSSEC; what it adds is that nobody on the path can forge the answers, and DANE for mail (RFC 7672) needs it.",
            "Nothing to fix for SPF, DKIM or DMARC. To use DANE for inbound mail, sign the zone at your DNS host and publish the DS record at your registrar.", "RFC 4033 §2, RFC 4035 §3.2.3"),
        Partial => ("dnssec-partial", Info, "Some answers not validated",
            "The resolver validated some of the domain's answers with DNSSEC and not others: names delegated to another DNS host (a provider's DKIM selectors, for instance) or a zone whose signing is incomplete.",
            "Check that each name listed is meant to be outside your signed zone; a name inside it that is not validated points to a signing problem at the DNS host.", "RFC 4035 §3.2.3"),
    }
}
