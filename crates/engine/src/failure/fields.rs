//! The fields of a `message/feedback-report` part, each with its explanation: RFC 5965 §3
//! (every report), RFC 6591 §3 (authentication failure reports), RFC 6692 (the source port) and
//! RFC 9991 (DMARC failure reports). An exhaustive `match`, so a field without text does not
//! compile. A field not listed here is kept as written, never dropped.

use serde::Serialize;

use crate::explain::{Entry, Status};

/// A field this reader knows, by its registered name (IANA "Feedback Report Header Fields").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldName {
    FeedbackType,
    UserAgent,
    Version,
    OriginalEnvelopeId,
    OriginalMailFrom,
    ArrivalDate,
    /// Not registered: what some reporters write for Arrival-Date.
    ReceivedDate,
    ReportingMta,
    SourceIp,
    SourcePort,
    Incidents,
    AuthenticationResults,
    OriginalRcptTo,
    ReportedDomain,
    ReportedUri,
    AuthFailure,
    DeliveryResult,
    IdentityAlignment,
    DkimDomain,
    DkimIdentity,
    DkimSelector,
    DkimCanonicalizedHeader,
    DkimCanonicalizedBody,
    DkimSelectorDns,
    DkimAdspDns,
    SpfDns,
}

impl FieldName {
    /// Every field, in the order a report usually writes them.
    pub const ALL: [FieldName; 26] = [
        FieldName::FeedbackType,
        FieldName::UserAgent,
        FieldName::Version,
        FieldName::OriginalEnvelopeId,
        FieldName::OriginalMailFrom,
        FieldName::ArrivalDate,
        FieldName::ReceivedDate,
        FieldName::ReportingMta,
        FieldName::SourceIp,
        FieldName::SourcePort,
        FieldName::Incidents,
        FieldName::AuthenticationResults,
        FieldName::OriginalRcptTo,
        FieldName::ReportedDomain,
        FieldName::ReportedUri,
        FieldName::AuthFailure,
        FieldName::DeliveryResult,
        FieldName::IdentityAlignment,
        FieldName::DkimDomain,
        FieldName::DkimIdentity,
        FieldName::DkimSelector,
        FieldName::DkimCanonicalizedHeader,
        FieldName::DkimCanonicalizedBody,
        FieldName::DkimSelectorDns,
        FieldName::DkimAdspDns,
        FieldName::SpfDns,
    ];

    /// The field name as registered (`Feedback-Type`).
    pub fn as_str(self) -> &'static str {
        self.entry().name
    }

    /// The field named `name`, case-insensitive (RFC 5322 §1.2.2).
    pub fn parse(name: &str) -> Option<FieldName> {
        FieldName::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// Whether the field may appear only once (RFC 5965 §3.1, §3.2; RFC 6591 §3; RFC 9991).
    pub fn once(self) -> bool {
        !matches!(
            self,
            FieldName::AuthenticationResults
                | FieldName::OriginalRcptTo
                | FieldName::ReportedDomain
                | FieldName::ReportedUri
                | FieldName::DkimDomain
                | FieldName::DkimIdentity
                | FieldName::DkimSelector
                | FieldName::DkimCanonicalizedHeader
                | FieldName::DkimCanonicalizedBody
                | FieldName::DkimSelectorDns
                | FieldName::SpfDns
        )
    }

    /// The values a field may take, when the RFCs list them; `None` for free text.
    pub fn allowed(self) -> Option<&'static [&'static str]> {
        match self {
            FieldName::FeedbackType => Some(&[
                "abuse",
                "fraud",
                "other",
                "virus",
                "not-spam",
                "auth-failure",
            ]),
            FieldName::Version => Some(&["1"]),
            FieldName::AuthFailure => {
                Some(&["adsp", "bodyhash", "revoked", "signature", "spf", "dmarc"])
            }
            FieldName::DeliveryResult => Some(&["delivered", "spam", "policy", "reject", "other"]),
            _ => None,
        }
    }

    /// What the field means, in plain words.
    pub fn entry(self) -> Entry {
        fn e(
            name: &'static str,
            title: &'static str,
            rfc: &'static str,
            summary: &'static str,
            mistakes: &'static str,
            values: Option<&'static str>,
            status: Status,
        ) -> Entry {
            Entry {
                name,
                title,
                rfc,
                summary,
                mistakes,
                default: None,
                values,
                status,
            }
        }
        use Status::{Current, Legacy};
        match self {
            FieldName::FeedbackType => e("Feedback-Type", "Kind of report", "RFC 5965 §3.1, RFC 6591 §3",
                "What the report is about. A DMARC failure report says auth-failure; abuse, fraud and virus are complaints (often from a feedback loop), not-spam a mail wrongly filed as spam.",
                "A complaint sent to the ruf= address is not a DMARC failure report: it says a recipient marked the mail as spam.",
                Some("abuse, fraud, other, virus (RFC 5965 §7.3), not-spam (RFC 6650), auth-failure (RFC 6591)"), Current),
            FieldName::UserAgent => e("User-Agent", "Reporting software", "RFC 5965 §3.1",
                "The software that wrote the report, and its version.", "", None, Current),
            FieldName::Version => e("Version", "Format version", "RFC 5965 §3.1",
                "The version of the feedback report format; 1 is the only one.", "", Some("1"), Current),
            FieldName::OriginalEnvelopeId => e("Original-Envelope-Id", "Envelope ID", "RFC 5965 §3.2",
                "The envelope identifier the sending server gave the message (RFC 3461 ENVID), or the receiver's queue ID: what to search for in your sending logs.", "", None, Current),
            FieldName::OriginalMailFrom => e("Original-Mail-From", "Envelope sender", "RFC 5965 §3.2",
                "The address given in SMTP MAIL FROM: the domain SPF checked. When it is not your domain, someone else sent the mail, or a forwarder rewrote the envelope.", "", None, Current),
            FieldName::ArrivalDate => e("Arrival-Date", "Received at", "RFC 5965 §3.2",
                "When the reporting receiver got the message.", "", None, Current),
            FieldName::ReceivedDate => e("Received-Date", "Received at (unregistered name)", "RFC 5965 §3.2",
                "Not a registered field: some reporters write it where RFC 5965 says Arrival-Date. Read as the time the message arrived.", "", None, Legacy),
            FieldName::ReportingMta => e("Reporting-MTA", "Reporting server", "RFC 5965 §3.2",
                "The server that received the message and wrote the report, as \"dns; name\".", "", None, Current),
            FieldName::SourceIp => e("Source-IP", "Sending IP address", "RFC 5965 §3.2",
                "The address of the server that handed the message to the receiver: the source to look for in your SPF record and your aggregate reports.",
                "A forwarder's or a mailing list's address here explains SPF failing for your own mail.", None, Current),
            FieldName::SourcePort => e("Source-Port", "Sending port", "RFC 6692 §3",
                "The TCP port the sending server connected from: with Source-IP, it tells apart the users of one shared (NAT) address.", "", None, Current),
            FieldName::Incidents => e("Incidents", "How many times", "RFC 5965 §3.2",
                "How many messages like this one the report stands for; 1 when absent. RFC 9991 asks receivers to group failures this way rather than send one report each.", "", None, Current),
            FieldName::AuthenticationResults => e("Authentication-Results", "Authentication results", "RFC 5965 §3.3, RFC 8601",
                "What the receiver's checks gave: SPF, DKIM and DMARC results with the identities they checked (smtp.mailfrom, header.d, header.from).",
                "dkim=fail with header.d= your domain while spf=pass for another: the message was changed in transit or signed with a key that is not published.", None, Current),
            FieldName::OriginalRcptTo => e("Original-Rcpt-To", "Recipient", "RFC 5965 §3.3",
                "An address given in SMTP RCPT TO; often redacted.", "", None, Current),
            FieldName::ReportedDomain => e("Reported-Domain", "Domain reported", "RFC 5965 §3.3",
                "The domain the report is about: for a DMARC failure report, the From domain that failed.", "", None, Current),
            FieldName::ReportedUri => e("Reported-URI", "Address reported", "RFC 5965 §3.3",
                "A URI the report is about: a link in the message, or an address.", "", None, Current),
            FieldName::AuthFailure => e("Auth-Failure", "What failed", "RFC 6591 §3, RFC 9991",
                "Which check failed: dmarc (no aligned SPF or DKIM pass, RFC 9991), spf, signature (a DKIM signature did not verify), bodyhash (the body changed after signing), revoked (the DKIM key is published empty), adsp (withdrawn).",
                "bodyhash usually means a footer added by a mailing list or a gateway, not a forgery.",
                Some("adsp, bodyhash, revoked, signature, spf (RFC 6591), dmarc (RFC 9991)"), Current),
            FieldName::DeliveryResult => e("Delivery-Result", "What the receiver did", "RFC 6591 §3",
                "What became of the message: delivered, spam (to the junk folder), policy (held or dropped by policy), reject, other.",
                "", Some("delivered, spam, policy, reject, other"), Current),
            FieldName::IdentityAlignment => e("Identity-Alignment", "Which checks aligned", "RFC 9991",
                "The mechanisms that produced an identity aligned with the From domain (dkim, spf), or none. DMARC fails when none of them both passed and aligned.",
                "", Some("none, or dkim and/or spf separated by commas"), Current),
            FieldName::DkimDomain => e("DKIM-Domain", "DKIM signing domain", "RFC 6591 §3",
                "The d= of the DKIM signature that failed.", "", None, Current),
            FieldName::DkimIdentity => e("DKIM-Identity", "DKIM identity", "RFC 6591 §3",
                "The i= of the DKIM signature that failed (by default @ and the d= domain).", "", None, Current),
            FieldName::DkimSelector => e("DKIM-Selector", "DKIM selector", "RFC 6591 §3",
                "The s= of the DKIM signature that failed: its key is at selector._domainkey.domain.", "", None, Current),
            FieldName::DkimCanonicalizedHeader => e("DKIM-Canonicalized-Header", "Header as signed", "RFC 6591 §3",
                "The header fields as the verifier canonicalized them, in base64: compared with what your signer hashed, it shows what changed.", "", None, Current),
            FieldName::DkimCanonicalizedBody => e("DKIM-Canonicalized-Body", "Body as signed", "RFC 6591 §3",
                "The body as the verifier canonicalized it, in base64.", "", None, Current),
            FieldName::DkimSelectorDns => e("DKIM-Selector-DNS", "DKIM key record seen", "RFC 6591 §3",
                "The DKIM key record the verifier retrieved: check it is the one you publish.", "", None, Current),
            FieldName::DkimAdspDns => e("DKIM-ADSP-DNS", "ADSP record seen", "RFC 6591 §3",
                "The ADSP record the verifier retrieved. ADSP was withdrawn in 2013.", "", None, Legacy),
            FieldName::SpfDns => e("SPF-DNS", "SPF record seen", "RFC 6591 §3",
                "The SPF record the receiver retrieved, as \"txt : domain : record\": check it is the one you publish and that it lists Source-IP.", "", None, Current),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_text_and_parses_back() {
        for f in FieldName::ALL {
            let e = f.entry();
            assert!(!e.title.is_empty() && !e.summary.is_empty() && e.rfc.starts_with("RFC"));
            assert_eq!(FieldName::parse(&e.name.to_ascii_lowercase()), Some(f));
        }
        assert_eq!(FieldName::parse("X-Unknown"), None);
    }
}
