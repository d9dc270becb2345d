//! What each tag of the record and each key of the policy file means.

use crate::explain::{Entry, Status};

// ---------------------------------------------------------------------------------------------
// Explanations

/// The tags of the `_mta-sts` TXT record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordTagName {
    V,
    Id,
}

impl RecordTagName {
    pub const ALL: [RecordTagName; 2] = [RecordTagName::V, RecordTagName::Id];

    /// Case-sensitive, as RFC 8461 §3.1 writes the names.
    pub fn parse(name: &str) -> Option<RecordTagName> {
        RecordTagName::ALL
            .into_iter()
            .find(|t| record_entry(*t).name == name)
    }
}

/// The keys of the policy file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKey {
    Version,
    Mode,
    Mx,
    MaxAge,
}

impl PolicyKey {
    pub const ALL: [PolicyKey; 4] = [
        PolicyKey::Version,
        PolicyKey::Mode,
        PolicyKey::Mx,
        PolicyKey::MaxAge,
    ];

    /// Case-sensitive, as RFC 8461 §3.2 writes the keys.
    pub fn parse(name: &str) -> Option<PolicyKey> {
        PolicyKey::ALL
            .into_iter()
            .find(|k| policy_entry(*k).name == name)
    }
}

/// The explanation of a TXT record tag.
// Inlined where it is read, which keeps only the fields it reads: a caller that reads only the
// name (`TagName::parse`, the records' parsers on the domain page) links none of the texts.
#[inline(always)]
pub fn record_entry(tag: RecordTagName) -> Entry {
    match tag {
        RecordTagName::V => Entry {
            name: "v",
            title: "Version",
            rfc: "RFC 8461 §3.1",
            summary: "Marks the TXT record at _mta-sts.<domain> as an MTA-STS record. It must be first and exactly v=STSv1.",
            mistakes: "Spaces around =, lower case (stsv1), or a second v=STSv1 record make senders ignore MTA-STS.",
            default: None,
            values: Some("STSv1"),
            status: Status::Current,
        },
        RecordTagName::Id => Entry {
            name: "id",
            title: "Policy id",
            rfc: "RFC 8461 §3.1",
            summary: "Names the current version of the policy file. Senders that cached a policy fetch the file again only when the id changes.",
            mistakes: "Editing the policy file without changing id: senders keep the old policy until max_age runs out. Dashes, dots and colons are not allowed (a timestamp like 20240131T120000 is).",
            default: None,
            values: Some("1 to 32 letters and digits"),
            status: Status::Current,
        },
    }
}

/// The explanation of a policy file key.
// Inlined where it is read, which keeps only the fields it reads: a caller that reads only the
// name (`TagName::parse`, the records' parsers on the domain page) links none of the texts.
#[inline(always)]
pub fn policy_entry(key: PolicyKey) -> Entry {
    match key {
        PolicyKey::Version => Entry {
            name: "version",
            title: "Version",
            rfc: "RFC 8461 §3.2",
            summary: "The policy format version; the only one is STSv1.",
            mistakes: "Missing, or written in another case (stsv1): the policy is invalid.",
            default: None,
            values: Some("STSv1"),
            status: Status::Current,
        },
        PolicyKey::Mode => Entry {
            name: "mode",
            title: "Mode",
            rfc: "RFC 8461 §3.2, §5",
            summary: "enforce: senders deliver only over TLS with a valid certificate to an MX host the policy lists, otherwise they keep the mail queued. testing: they deliver anyway and report failures by TLS-RPT. none: forget the policy (used to withdraw MTA-STS).",
            mistakes: "Going to enforce before TLS-RPT reports are clean; leaving testing forever, which protects nothing.",
            default: None,
            values: Some("enforce | testing | none"),
            status: Status::Current,
        },
        PolicyKey::Mx => Entry {
            name: "mx",
            title: "Allowed MX host",
            rfc: "RFC 8461 §3.2, §4.1",
            summary: "One line per MX host pattern the policy allows: an exact host name, or *.<domain> matching exactly one more label on the left (*.example.net matches mx1.example.net, not example.net nor a.b.example.net). The server's certificate must be valid for the MX host name.",
            mistakes: "Forgetting a backup MX or a new provider's hosts; expecting * to match several labels. Required (once or more) unless mode is none.",
            default: None,
            values: Some("host name, or *. followed by a domain"),
            status: Status::Current,
        },
        PolicyKey::MaxAge => Entry {
            name: "max_age",
            title: "Cache lifetime",
            rfc: "RFC 8461 §3.2",
            summary: "How long, in seconds, senders keep the policy. Protection depends on senders holding a cached policy, so the RFC expects weeks or more.",
            mistakes: "A value of minutes or hours in enforce mode; above 31557600 (one year) the policy is invalid.",
            default: None,
            values: Some("0 to 31557600 seconds"),
            status: Status::Current,
        },
    }
}
