//! The stable `mail-*` codes: what reading a mailbox or a message's MIME structure can say
//! about the container, as opposed to the reports inside it.

use crate::diag::{code_table, finding_codes};

finding_codes! {
    /// The codes of findings about mail containers (.eml, .mbox) and their MIME parts.
    pub enum Code {
        NotMail,
        Base64Damaged,
        QuotedPrintableDamaged,
        EncodingUnknown,
        BoundaryUnclosed,
        BoundaryMissing,
        TooDeep,
        TooManyParts,
        TooLarge,
        TooManyMessages,
        TooManyAttachments,
        Skipped,
        NoReport,
    }
}

code_table! {
    Code {
        NotMail => ("mail-not-mail", Error, "Not a message or a mailbox",
            "The file is neither a message as sent (.eml: header fields, a blank line, a body) nor an mbox export (messages each after a \"From \" line). Nothing in it was read.",
            "Export the reports folder from your mail program as .mbox (Thunderbird: ImportExportTools; Gmail: Takeout), or save the messages as .eml. An aggregate report file (.xml, .xml.gz, .zip) is read directly, without a mailbox.", "RFC 5322 §2.1, RFC 4155"),
        Base64Damaged => ("mail-base64-damaged", Warning, "Base64 damaged in transit",
            "A base64 body held characters outside the base64 alphabet, padding in the middle, or a last character that makes no whole octet: they were skipped and the rest decoded, as RFC 2045 asks decoders to. Spaces, stray line breaks and missing padding alone leave the content whole (then this is only information). A compressed report that was damaged this way usually fails its checksum and says so.",
            "If the report inside does not read, ask the reporter to send it again, or save the message again from the mail program rather than copying its text.", "RFC 2045 §6.8"),
        QuotedPrintableDamaged => ("mail-quoted-printable-damaged", Info, "Quoted-printable damaged",
            "An \"=\" in a quoted-printable body was followed neither by two hexadecimal digits nor by a line end. It was kept as written, as RFC 2045 suggests.",
            "Nothing to do unless the text reads wrong.", "RFC 2045 §6.7"),
        EncodingUnknown => ("mail-encoding-unknown", Info, "Unknown transfer encoding",
            "The Content-Transfer-Encoding is not 7bit, 8bit, binary, quoted-printable or base64 (x-uuencode, for example). The body was kept as written, so a report inside it may not be found.",
            "Save the report from the mail program, which decodes the part, and read the file directly.", "RFC 2045 §6.1"),
        BoundaryUnclosed => ("mail-boundary-unclosed", Warning, "Multipart never closed",
            "A multipart body never reached its close delimiter (\"--boundary--\"): the message was cut short, or the boundary was rewritten. Its last part was read to the end of the message, so that part may be cut.",
            "Save the message again from the mail program; if it was cut by a size limit, ask the reporter for a smaller report or a higher limit.", "RFC 2046 §5.1.1"),
        BoundaryMissing => ("mail-boundary-missing", Warning, "Multipart without its boundary",
            "A multipart body has no boundary parameter, or none of its lines is that boundary, so its parts cannot be told apart. The body was read as a single part.",
            "Save the message again from the mail program; a gateway that rewrote the message may have broken it.", "RFC 2046 §5.1.1"),
        TooDeep => ("mail-too-deep", Warning, "Parts nested too deep",
            "Multiparts and enclosed messages are nested deeper than allowed (max_depth). Real reports are at most a few levels deep; what lies deeper was not read.",
            "If the message is genuine, raise max_depth.", "RFC 2046 §5.1"),
        TooManyParts => ("mail-too-many-parts", Warning, "Too many parts",
            "One message has more MIME parts than allowed (max_parts); the parts after the limit were not read.",
            "If the message is genuine, raise max_parts.", "RFC 2046 §5.1"),
        TooLarge => ("mail-too-large", Error, "Too large to read",
            "The file, an attachment decoded, a compressed attachment inflated (by size or by compression ratio, the mark of a decompression bomb) or all the reports found together passed their limit (max_input_bytes, max_decoded_bytes, max_compression_ratio, max_found_bytes). What passed it was not read; reading stopped there when the limit was the file's or the total's.",
            "If the mail is genuine, raise the limit, or split the mailbox into smaller exports.", "RFC 2045 §2.8"),
        TooManyMessages => ("mail-too-many-messages", Warning, "Too many messages",
            "The mailbox holds more messages than allowed (max_messages); reading stopped there and the reports found before are kept.",
            "Export a smaller mailbox (a date range), or raise max_messages.", "RFC 4155"),
        TooManyAttachments => ("mail-too-many-attachments", Warning, "Too many attachments",
            "More attachments than allowed were looked at (max_attachments); reading stopped there and the reports found before are kept.",
            "Export a smaller mailbox, or raise max_attachments.", "RFC 2183"),
        Skipped => ("mail-skipped", Info, "Not a report",
            "A message or an attachment is not a DMARC aggregate report, a TLS report or a failure report: a reply, a newsletter, an image, a signature. It was counted and skipped, with the reason.",
            "Nothing to do.", "RFC 9990, RFC 8460, RFC 9991"),
        NoReport => ("mail-no-report", Warning, "No report found",
            "Nothing in the file is a report: no attachment reads as a DMARC aggregate report (XML, gzip or zip), a TLS report (JSON) or a failure report (multipart/report; report-type=feedback-report).",
            "Check that the export holds the folder where reports arrive (the rua= and ruf= addresses of your DMARC record, the rua= of your TLS-RPT record).", "RFC 9990 §4, RFC 8460 §5.3, RFC 5965 §2"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_prefixed() {
        for c in Code::ALL {
            assert!(c.as_str().starts_with("mail-"), "{}", c.as_str());
            assert_eq!(Code::parse(c.as_str()), Some(c));
            assert!(!c.info().rfc.is_empty());
        }
    }
}
