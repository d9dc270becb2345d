//! The stable `report-*` codes: what reading aggregate reports can say about a file, a report or
//! one of its elements.

use crate::diag::{code_table, finding_codes};

finding_codes! {
    /// The codes of aggregate report findings and skips.
    pub enum Code {
        Unreadable,
        NotAggregate,
        TooLarge,
        TooManyRecords,
        Truncated,
        Damaged,
        Wrapped,
        EntrySkipped,
        UnknownElement,
        EmptyValue,
        BadValue,
        MissingElement,
        ReporterError,
        Duplicate,
        SeveralDomains,
    }
}

code_table! {
    Code {
        Unreadable => ("report-unreadable", Error, "File not read",
            "The file is not an aggregate report that can be read: not XML, gzip or zip; a compressed stream that is broken; XML that breaks before the first <feedback>; or a zip with no readable report inside (encrypted, or another compression method than deflate).",
            "Save the attachment again from the report mail (.xml, .xml.gz or .zip) and check that it opens; reporters send XML, gzip (RFC 9990) or zip (RFC 7489 allowed it).", "RFC 9990"),
        NotAggregate => ("report-not-aggregate", Error, "Not a DMARC aggregate report",
            "The file is XML but its root element is not <feedback>: another kind of report (a TLS-RPT report is JSON, a failure report is a message), or another document.",
            "Open the aggregate reports sent to your rua= address; failure reports (ruf=) and TLS reports are read elsewhere.", "RFC 9990 Appendix A"),
        TooLarge => ("report-too-large", Error, "Too large to read",
            "The file inflates past the size allowed, or past the compression ratio allowed (a small archive that inflates to gigabytes is a zip bomb). Nothing from it is counted.",
            "If the report is genuine, raise the limit (max_decompressed_bytes, max_compression_ratio); real daily reports are rarely more than a few megabytes.", "RFC 9990"),
        TooManyRecords => ("report-too-many-records", Error, "Too many records",
            "The report holds more <record> elements than allowed. Nothing from it is counted, so that totals are never those of a cut report.",
            "If the report is genuine, raise max_records.", "RFC 9990 Appendix A"),
        Truncated => ("report-truncated", Error, "Report cut short",
            "The XML stops being well-formed, or ends, inside the report. The records read before that point are counted; the rest is lost.",
            "Save the attachment again; an attachment cut by a mail client or a size limit is the usual cause.", "RFC 9990 Appendix A"),
        Damaged => ("report-damaged", Warning, "Archive damaged",
            "The report was read, but the archive around it is damaged: a checksum that does not match, or bytes after the end of the compressed data.",
            "The records are probably right; if the totals look wrong, ask the reporter for the report again.", "RFC 1952, APPNOTE 4.4.7"),
        Wrapped => ("report-wrapped", Info, "Report inside other XML",
            "The <feedback> element is not the root of the document: it sits inside other elements, as some archivers and mail systems save reports (several reports in one <reports> file, or a report inside an envelope). It was read all the same; the elements around it are ignored.",
            "Nothing to do; if the file came from your own tooling, save each report as it arrived.", "RFC 9990 Appendix A"),
        EntrySkipped => ("report-entry-skipped", Info, "Archive entry skipped",
            "An entry of the zip file was not read: a folder, a macOS resource fork (__MACOSX), an encrypted entry, or one stored with a compression method other than deflate.",
            "Nothing to do unless the entry was the report.", "APPNOTE 4.4.5"),
        UnknownElement => ("report-unknown-element", Info, "Element not in the schema",
            "An element outside the RFC 7489 and RFC 9990 schemas, or an extension, was skipped with everything inside it. Reporters add their own; RFC 9990 says to ignore extensions a reader does not know.",
            "Nothing to do.", "RFC 9990"),
        EmptyValue => ("report-empty-value", Info, "Empty value",
            "An element was empty or held a placeholder word such as \"unused\" where a value goes; it is read as absent.",
            "Nothing to do.", "RFC 9990 Appendix A"),
        BadValue => ("report-bad-value", Warning, "Value not understood",
            "A value does not fit the schema: a count or a date that is not a number, a source that is not an IP address, a result word that no RFC defines. It is ignored; a record whose count cannot be read is left out of the totals.",
            "If many records are affected, tell the reporter (the address in report_metadata).", "RFC 9990 Appendix A"),
        MissingElement => ("report-missing-element", Warning, "Required element missing",
            "An element the schema requires is missing (report_id, date_range, the policy domain, a record's source_ip, count or header_from). A record without a count is left out; without the others it is counted with the value shown as unknown.",
            "Nothing to fix on your side; the totals say what could not be attributed.", "RFC 9990 Appendix A"),
        ReporterError => ("report-reporter-error", Warning, "The reporter noted an error",
            "The reporter wrote an <error> in report_metadata: usually a problem it met with your DMARC record (an invalid rua= or sp=, several records).",
            "Read the message and check your DMARC record.", "RFC 9990"),
        Duplicate => ("report-duplicate", Info, "Same report twice",
            "Two files hold the same report (same reporter, policy domain and report_id); it is counted once.",
            "Nothing to do: reporters resend, and mail clients save attachments twice.", "RFC 9990"),
        SeveralDomains => ("report-several-domains", Info, "Several policy domains",
            "The reports are about more than one policy domain; the totals add them up.",
            "Read the reports of one domain at a time to judge that domain's next step.", "RFC 9990"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_prefixed() {
        for c in Code::ALL {
            assert!(c.as_str().starts_with("report-"), "{}", c.as_str());
            assert_eq!(Code::parse(c.as_str()), Some(c));
        }
    }
}
