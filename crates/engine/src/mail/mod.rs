//! Reports that arrive by mail, found in what users export from their mail program: one message
//! (`.eml`) or a whole mailbox (`.mbox`, RFC 4155).
//!
//! A domain that publishes DMARC `rua=`/`ruf=` and TLS-RPT `rua=` receives its reports as mail:
//! aggregate reports (RFC 9990) and TLS reports (RFC 8460) as attachments, failure reports
//! (RFC 9991) as the message itself. [`find_reports`] walks every message's MIME tree
//! ([`mime`]), decoding what transport damaged ([`decode`]), and hands back each report with
//! the mail it came in; the caller reads aggregate reports with [`crate::aggregate::read_file`],
//! failure reports are read already ([`crate::failure`]), TLS reports are classified only.
//!
//! No I/O: bytes in, values out. Every cost is capped by [`Limits`].

pub mod codes;
pub mod decode;
pub mod header;
pub mod mbox;
pub mod mime;
mod reports;

pub use codes::Code;
pub use reports::{
    classify_file, find_reports, Container, FileKind, Found, Item, Limits, Mail, Report, Skip,
};
