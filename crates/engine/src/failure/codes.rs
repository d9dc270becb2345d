//! The stable `failure-report-*` codes: what reading a DMARC (or SPF, DKIM) failure report can
//! say about it.

use crate::diag::{code_table, finding_codes};

finding_codes! {
    /// The codes of failure report findings.
    pub enum Code {
        Unreadable,
        NotArf,
        PlainText,
        NoOriginal,
        HeadersOnly,
        Truncated,
        MissingField,
        BadValue,
        DuplicateField,
        UnknownField,
        NotAuthFailure,
    }
}

code_table! {
    Code {
        Unreadable => ("failure-report-unreadable", Error, "Failure report not read",
            "No feedback report fields were found: no message/feedback-report part, and no Feedback-Type or Auth-Failure line in the text. The message is not a failure report, or a gateway rewrote it beyond reading.",
            "Save the report message again as .eml from the mail program that received it.", "RFC 5965 §2, RFC 9991"),
        NotArf => ("failure-report-not-arf", Warning, "Not in the report format",
            "The message is not a multipart/report with report-type=feedback-report as RFC 5965 lays out (a human part, the feedback fields, the original message). What it holds was read as far as it goes. A multipart/report of another type (a bounce, report-type=delivery-status) is no failure report at all.",
            "Nothing to fix on your side; if the reporter is yours to ask, ask for RFC 6591 reports.", "RFC 5965 §2"),
        PlainText => ("failure-report-plain-text", Warning, "Fields in plain text",
            "The report's fields were found in the text of the message, not in a message/feedback-report part: some gateways send failure reports this way. They were read line by line, and the original message found inline where possible; a field the text wraps or quotes may be misread.",
            "Compare doubtful values with the original message below the fields.", "RFC 5965 §3"),
        NoOriginal => ("failure-report-no-original", Warning, "No original message",
            "The report does not enclose the message that failed (no message/rfc822 or text/rfc822-headers part, nor headers in the text). Many receivers leave it out for privacy; without it the message cannot be checked here.",
            "Use Source-IP, Original-Mail-From and the DKIM fields to find the sender; the aggregate reports show the same source.", "RFC 5965 §2, RFC 9991"),
        HeadersOnly => ("failure-report-headers-only", Info, "Original header only",
            "The report encloses the original message's header only (text/rfc822-headers), as RFC 6591 allows for privacy. Its signatures can be read but their body hashes cannot be checked.",
            "Nothing to do.", "RFC 5965 §2, RFC 6591 §3"),
        Truncated => ("failure-report-truncated", Warning, "Report cut short",
            "The report ends before its structure does: its multipart never closes or the enclosed message stops inside its header. Reporters cut large originals; what was there was read.",
            "Check the enclosed message for cut signatures before judging them.", "RFC 5965 §2"),
        MissingField => ("failure-report-missing-field", Warning, "Required field missing",
            "A field the format requires is missing: Feedback-Type, User-Agent or Version in every report (RFC 5965 §3.1); Auth-Failure in an auth-failure report (RFC 6591 §3); Identity-Alignment in a DMARC failure report (RFC 9991).",
            "Nothing to fix on your side; the other fields still say what failed.", "RFC 5965 §3.1, RFC 6591 §3, RFC 9991"),
        BadValue => ("failure-report-bad-value", Warning, "Value not understood",
            "A value is not one the RFCs define: a Feedback-Type, Auth-Failure or Delivery-Result word not registered, a Version other than 1, an Incidents count that is not a number, a Source-IP that is not an address, an Identity-Alignment other than none, dkim or spf. It is kept as written.",
            "Nothing to fix on your side.", "RFC 5965 §3, RFC 6591 §3, RFC 9991"),
        DuplicateField => ("failure-report-duplicate-field", Warning, "Field written twice",
            "A field that may appear once appears more than once; the first one is used.",
            "Nothing to fix on your side.", "RFC 5965 §3.1, §3.2"),
        UnknownField => ("failure-report-unknown-field", Info, "Field not registered",
            "A field no RFC this reader knows defines: a reporter's own extension. It is kept as written, without an explanation.",
            "Nothing to do.", "RFC 5965 §3.4"),
        NotAuthFailure => ("failure-report-not-auth-failure", Info, "A complaint, not a failure report",
            "The report's Feedback-Type is not auth-failure: it is a complaint (abuse, fraud, virus), a not-spam report or another kind, usually from a feedback loop. It says how a recipient judged the mail, not that authentication failed.",
            "Handle complaints apart: remove the recipient from your lists if the mail was yours.", "RFC 5965 §7.3, RFC 6591 §3"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_prefixed() {
        for c in Code::ALL {
            assert!(c.as_str().starts_with("failure-report-"), "{}", c.as_str());
            assert_eq!(Code::parse(c.as_str()), Some(c));
        }
    }
}
