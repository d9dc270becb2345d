//! The stable codes of a message check's findings: its DKIM signatures (`dkim-*`, RFC 6376 §3.5)
//! and the message itself (`message-*`, RFC 5322), with their explanation and suggestion (an
//! exhaustive `match`: a code without text does not compile). The codes of DKIM key records and
//! of selector discovery, which the domain page meets too, are [`crate::dkim::codes`]: kept apart
//! so that a page that checks no message does not carry these texts.

use crate::diag::{code_table, finding_codes};

finding_codes! {
    pub enum Code {
        // The DKIM-Signature field (RFC 6376 §3.5).
        Syntax,
        MissingTag,
        UnknownAlgorithm,
        FromNotSigned,
        IdentityMismatch,
        BodyLength,
        FutureTimestamp,
        HeadersUnsigned,
        NotOversigned,
        // The message as a whole (RFC 5322).
        MessageNoFrom,
        MessageDuplicateHeader,
        MessageMultipleFrom,
        MessageDisplayNameAddress,
        MessageReplyToElsewhere,
        MessageUnsigned,
        MessageTooManySignatures,
        MessageHeaderSyntax,
        MessageLineEndingsNormalized,
    }
}

code_table! {
    Code {
        Syntax => ("dkim-syntax", Error, "Signature syntax error",
            "A DKIM-Signature tag that cannot be read: a tag list that is not name=value pairs, a tag written twice, a value that is not base64 or not a number, x= before t=, q= without dns/txt. Verifiers give such a signature permerror and ignore it.",
            "Fix the signing software or its configuration; the message shows which tag is wrong.", "RFC 6376 §3.2, §3.5"),
        MissingTag => ("dkim-missing-tag", Error, "Required tag missing",
            "A DKIM-Signature must carry v=, a=, b=, bh=, d=, h= and s=. Without one of them the signature cannot be verified and counts for nothing.",
            "Fix the signing software: it wrote an incomplete signature.", "RFC 6376 §3.5, §6.1.1"),
        UnknownAlgorithm => ("dkim-unknown-algorithm", Error, "Unknown algorithm",
            "a= names no algorithm a verifier knows (rsa-sha256, ed25519-sha256, and the withdrawn rsa-sha1), so the signature cannot be verified.",
            "Sign with rsa-sha256 (and, if you like, also with ed25519-sha256).", "RFC 6376 §3.3, RFC 8463 §3"),
        FromNotSigned => ("dkim-from-not-signed", Error, "From is not signed",
            "h= does not include From. RFC 6376 requires the From field to be signed; verifiers reject the signature, and an unsigned From could be replaced in transit.",
            "Configure the signer to sign From (and Subject, Date, To, Message-ID and the other recommended fields).", "RFC 6376 §5.4, §6.1.1"),
        IdentityMismatch => ("dkim-identity-mismatch", Error, "i= outside d=",
            "The signing identity i= must be in the signing domain d= or one of its subdomains; verifiers reject the signature otherwise.",
            "Make i= an address or domain under d=, or leave i= out (it defaults to @d=).", "RFC 6376 §3.5, §6.1.1"),
        BodyLength => ("dkim-body-length", Warning, "Body length limit (l=)",
            "l= signs only the first part of the body: anyone can append content after it (a different link, a payment request) and the signature still passes.",
            "Configure the signer to sign the whole body (no l= tag).", "RFC 6376 §3.5, §8.2"),
        FutureTimestamp => ("dkim-future-timestamp", Warning, "Signed in the future",
            "t= is more than five minutes after the time of the check: the signer's clock is wrong. Verifiers may treat such a signature as invalid.",
            "Set the signing server's clock with NTP.", "RFC 6376 §3.5"),
        HeadersUnsigned => ("dkim-headers-unsigned", Info, "Recommended fields not signed",
            "Header fields that RFC 6376 recommends signing (Subject, Date, To, Message-ID, Reply-To, ...) are present but not covered by the signature, so they can be changed in transit without breaking it.",
            "Add them to the signer's list of signed header fields.", "RFC 6376 §5.4.1"),
        NotOversigned => ("dkim-not-oversigned", Info, "From or Subject not over-signed",
            "A signature covers as many From (or Subject) fields as the message has; naming the field once more in h= than it appears would also cover its absence. Without that, a second From or Subject can be added above the signed one without breaking the signature, and many mail programs show the added one.",
            "Configure the signer to over-sign From and Subject (list them once more in h=; many signers call this \"oversigning\" or \"h= with extra From\").", "RFC 6376 §5.4.2, §8.15"),
        MessageNoFrom => ("message-no-from", Error, "No From field",
            "Every message must have a From field, and DMARC evaluates the domain in it. Without one, no DMARC verdict can be given and receivers often reject the message.",
            "Paste the whole header block of the message (\"show original\" or the .eml file).", "RFC 5322 §3.6"),
        MessageDuplicateHeader => ("message-duplicate-header", Error, "Header field appears twice",
            "From, Subject, Date, To and Message-ID may appear only once. A second From or Subject added above the signed one is how signed messages are made to show forged content: mail programs may display either (an error for From and Subject, a warning for the others).",
            "Treat the message as suspect; if it is your own, find the software that adds the second field.", "RFC 5322 §3.6, RFC 6376 §8.15"),
        MessageMultipleFrom => ("message-multiple-from", Warning, "Several authors in From",
            "From holds more than one mailbox. DMARC needs one author domain; receivers handle such messages differently, many reject them.",
            "Send with a single mailbox in From (put other authors in Reply-To or the body).", "RFC 5322 §3.6.2"),
        MessageDisplayNameAddress => ("message-display-name-address", Warning, "Display name shows another address",
            "The From name holds an address in another domain than the real sender's. Many mail programs show only the name; SPF, DKIM and DMARC check only the real address, which may well pass: impersonation that authenticates.",
            "Judge the message by the real address, not the name.", "RFC 5322 §3.4, RFC 7489 §12.4"),
        MessageReplyToElsewhere => ("message-reply-to-elsewhere", Info, "Replies go to another domain",
            "Replies go to an address outside the From domain, which nothing authenticates. Mailing lists and ticket systems do this; in an impersonating message it takes the answer to the forger.",
            "Before replying, check that this domain belongs to the sender you expect.", "RFC 5322 §3.6.2"),
        MessageUnsigned => ("message-unsigned", Warning, "Not DKIM-signed",
            "The message carries no DKIM-Signature: nothing vouches for its content, and DMARC can pass only on SPF, which breaks when mail is forwarded.",
            "Enable DKIM signing at the service that sent it.", "RFC 6376 §6"),
        MessageTooManySignatures => ("message-too-many-signatures", Warning, "More signatures than are verified",
            "The message carries more DKIM-Signature fields than authlens verifies (the first 10, top first); the rest are listed as neutral, not verified. Each signature costs a DNS query and a pass over the body, so verifiers limit how many they try; real mail carries one to five, and a message with dozens was built to waste receivers' time or to hide a forged one among them.",
            "Treat the message as suspicious; check the signatures of the domains you care about first (the topmost are the latest added).", "RFC 6376 §6.1, §8.4"),
        MessageHeaderSyntax => ("message-header-syntax", Warning, "Line that is not a header field",
            "A line in the header block is not name: value (or a folded line comes first) and was skipped. A paste that lost its line breaks or a broken gateway causes this; signatures over the damaged fields fail.",
            "Paste the original message as it is (\"show original\" or the .eml file).", "RFC 5322 §2.2"),
        MessageLineEndingsNormalized => ("message-line-endings-normalized", Info, "Line endings normalized",
            "The text had bare LF line endings, usual for pasted text; they were turned into CRLF, as mail is sent, before verifying. A paste can also lose trailing spaces, which breaks signatures with simple canonicalization.",
            "If a signature fails, drop or paste the original .eml file instead.", "RFC 5322 §2.3, RFC 6376 §3.4"),
    }
}
