//! The stable `tlsrpt-report-*` codes: what reading TLS-RPT aggregate reports (RFC 8460 §4) can
//! say about a file, a report or one of its fields. The TLS-RPT DNS record has its own
//! `tlsrpt-*` codes ([`crate::tlsrpt::Code`]).

use crate::diag::{code_table, finding_codes};

finding_codes! {
    /// The codes of TLS-RPT report findings.
    pub enum Code {
        Unreadable,
        NotTlsRpt,
        TooLarge,
        Truncated,
        Syntax,
        Damaged,
        NotUtf8,
        UnknownField,
        BadValue,
        MissingField,
        CountMismatch,
        UnknownResultType,
        Duplicate,
        Failures,
        NoPolicyFound,
        PolicyMismatch,
    }
}

code_table! {
    Code {
        Unreadable => ("tlsrpt-report-unreadable", Error, "File not read",
            "The file is not a TLS report that can be read: empty, neither JSON nor gzip (told by its first bytes, not its name), UTF-16 text, a zip file, or a gzip stream broken before any JSON came out. Nothing from it is counted.",
            "Save the attachment again from the report mail (.json or .json.gz) and check that it opens; reporters send JSON, gzipped when mailed (application/tlsrpt+gzip).", "RFC 8460 §5.3"),
        NotTlsRpt => ("tlsrpt-report-not-tlsrpt", Error, "Not a TLS-RPT report",
            "The file is JSON (or XML) but not an SMTP TLS report: a JSON document with none of the fields of RFC 8460 §4.4 (organization-name, date-range, report-id, policies), an array, or a DMARC aggregate report, which is XML.",
            "Open the reports sent to the rua= address of your _smtp._tls record; DMARC aggregate reports are read by the aggregate report reader.", "RFC 8460 §4.4"),
        TooLarge => ("tlsrpt-report-too-large", Error, "Too large to read",
            "The file, or what its gzip stream inflates to, is larger than allowed, or inflates past the compression ratio allowed (a small file that inflates to gigabytes is a decompression bomb). Nothing from it is counted.",
            "If the report is genuine, raise the limit (max_json_bytes, max_compression_ratio); daily TLS reports are a few kilobytes, rarely more than a megabyte.", "RFC 8460 §5.3"),
        Truncated => ("tlsrpt-report-truncated", Error, "Report cut short",
            "The JSON ends before the report closes: the attachment was cut, by a mail client, a size limit or a broken gzip stream. A JSON report is one object, so nothing from it is counted; the message gives the byte where it ends.",
            "Save the attachment again, or ask the reporter (contact-info) to send the report again.", "RFC 8460 §4.4"),
        Syntax => ("tlsrpt-report-syntax", Error, "JSON syntax error",
            "The JSON is not well formed at the byte the message gives (with its line and column): a stray character, a missing comma or quote. Nothing from that report is counted.",
            "Tell the reporter (contact-info): RFC 8460 reports are JSON (RFC 8259).", "RFC 8460 §4.4, RFC 8259"),
        Damaged => ("tlsrpt-report-damaged", Warning, "File damaged around the report",
            "The report was read, but something around it is damaged: bytes after the end of the JSON, or a gzip stream whose checksum or end is broken after the report.",
            "The counts are probably right; if they look wrong, ask the reporter for the report again.", "RFC 8460 §5.3, RFC 1952"),
        NotUtf8 => ("tlsrpt-report-not-utf8", Warning, "Not UTF-8",
            "JSON is UTF-8 (RFC 8259 §8.1), but the report holds bytes that are not; they were read as Latin-1 so the report could be counted, and the text around them (a reporter's name, a reason code) may show the wrong letters.",
            "Nothing to do for the counts; tell the reporter if the names matter.", "RFC 8259 §8.1"),
        UnknownField => ("tlsrpt-report-unknown-field", Info, "Field not in the schema",
            "A field outside RFC 8460 §4.4 was met and ignored with everything inside it; the message names it and where. Reporters add their own.",
            "Nothing to do.", "RFC 8460 §4.4"),
        BadValue => ("tlsrpt-report-bad-value", Warning, "Value not understood",
            "A value does not fit the schema: a count that is not a whole number (numbers written as text are read), a date that is not RFC 3339, an address that is not an IP address, an object where a list goes. It is ignored; the message says where.",
            "If counts are affected, tell the reporter (contact-info).", "RFC 8460 §4.4"),
        MissingField => ("tlsrpt-report-missing-field", Warning, "Required field missing",
            "A field RFC 8460 §4.4 requires is missing: organization-name, date-range, report-id, policies, a policy's policy-type or summary, a failure's result-type or count. A missing count is read as 0.",
            "Nothing to fix on your side; the totals say what could not be attributed.", "RFC 8460 §4.4"),
        CountMismatch => ("tlsrpt-report-count-mismatch", Info, "Failure details do not add up",
            "The failed-connection counts of a policy's failure-details add up to more than its total-failure-session-count. The totals count failures from the summary and list the details as written.",
            "Nothing to do; reporters aggregate differently.", "RFC 8460 §4.4"),
        UnknownResultType => ("tlsrpt-report-unknown-result-type", Info, "Result type not registered",
            "A failure's result-type is not in the IANA STARTTLS Validation Result Types registry. It is counted and shown as written, never dropped.",
            "Read the failure-reason-code and additional-information the reporter gave with it.", "RFC 8460 §4.3, §6.6"),
        Duplicate => ("tlsrpt-report-duplicate", Info, "Same report twice",
            "Two files hold the same report (same organization-name and report-id); it is counted once.",
            "Nothing to do: reporters resend, and mail clients save attachments twice.", "RFC 8460 §4.4"),
        Failures => ("tlsrpt-report-failures", Warning, "Deliveries failed over TLS",
            "Senders could not set up TLS as your policy (MTA-STS or DANE) requires, or at all, for some connections to your MX hosts. Under MTA-STS enforce or DANE the mail was held back and retried; in testing mode it went out all the same. The result types say why.",
            "Read the failures by result type: each says what to fix (a certificate, STARTTLS, the policy file, TLSA records).", "RFC 8460 §4.2, §4.3"),
        NoPolicyFound => ("tlsrpt-report-no-policy-found", Info, "No policy found by the sender",
            "The reporter found neither an MTA-STS policy nor DANE TLSA records for the domain, so its TLS was opportunistic: an attacker could strip it. When you do publish MTA-STS, the reporter could not fetch the policy or does not apply it.",
            "Publish MTA-STS (or DANE with DNSSEC) if you want TLS enforced; if you do already, check that https://mta-sts.<domain>/.well-known/mta-sts.txt is served.", "RFC 8460 §4.4, RFC 8461 §3"),
        PolicyMismatch => ("tlsrpt-report-policy-mismatch", Warning, "Reporter applied another policy",
            "The MTA-STS policy the reporter applied (policy-string, mx-host) differs from the one you publish: its mode, mx patterns or max_age. Senders cache a policy for max_age seconds, so right after a change this is expected; long after, they fetch an old file (a cache or a second web server).",
            "Check that every server of mta-sts.<domain> serves the same policy file, and change the id= of the _mta-sts record whenever the file changes.", "RFC 8460 §4.4, RFC 8461 §3.3, §5.1"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_prefixed() {
        for c in Code::ALL {
            assert!(c.as_str().starts_with("tlsrpt-report-"), "{}", c.as_str());
            assert_eq!(Code::parse(c.as_str()), Some(c));
            let i = c.info();
            assert!(
                !i.explanation.is_empty() && i.rfc.starts_with("RFC"),
                "{}",
                c.as_str()
            );
        }
    }
}
