//! What Rspamd's actions and common symbols mean, in our words, from Rspamd's documentation and
//! configuration:
//!
//! - "Rspamd actions and scores", <https://rspamd.com/doc/configuration/metrics.html>: the actions.
//! - "Milter headers module", <https://rspamd.com/doc/modules/milter_headers.html>, and its code
//!   (`src/plugins/lua/milter_headers.lua`): the headers, `X-Spamd-Result`'s `True`/`False`, the
//!   `X-Spam-Status` and `X-Spamd-Bar` it writes.
//! - The symbols' descriptions in Rspamd's default configuration (`conf/scores.d/*.conf`,
//!   `rules/*.lua` of <https://github.com/rspamd/rspamd>): `policies_group.conf` (SPF, DKIM,
//!   DMARC, ARC), `headers_group.conf`, `statistics_group.conf`, `rbl_group.conf`,
//!   `surbl_group.conf`, `phishing_group.conf`, `fuzzy_group.conf`.
//! - The default thresholds of `conf/actions.conf`: greylist at 4, add header at 6, reject at 15.

use super::Class;

/// An action (`add header`; `add_header` as configured): what Rspamd did, and what that makes
/// the message; `None` for a site's own action.
pub(super) fn action(value: &str) -> Option<(&'static str, Class)> {
    let normalized = value.trim().to_ascii_lowercase().replace('_', " ");
    Some(match normalized.as_str() {
        "no action" => ("it let the message through as not spam", Class::Clean),
        "greylist" => ("it delayed the message once, asking the sender to try again later, without marking it as spam", Class::Suspicious),
        "soft reject" => ("it refused the message for now (greylisting or rate limiting), so the sender had to try again", Class::Suspicious),
        "add header" => ("it marked the message as spam with a header, which the mail system usually acts on by filing it in Junk", Class::Spam),
        "rewrite subject" => ("it marked the message as spam by tagging its Subject", Class::Spam),
        "quarantine" => ("it asked the mail system to quarantine the message", Class::Spam),
        "reject" => ("it asked the mail server to refuse the message", Class::Spam),
        "discard" => ("it asked the mail server to drop the message silently", Class::Spam),
        _ => return None,
    })
}

/// The default thresholds (`conf/actions.conf`), in hundredths: at or over each, Rspamd takes
/// the action.
pub(super) const DEFAULT_GREYLIST: i64 = 400;
pub(super) const DEFAULT_ADD_HEADER: i64 = 600;

/// A symbol's meaning, by its exact name.
pub(super) fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        // SPF, DKIM, DMARC, ARC (policies_group.conf).
        "R_SPF_ALLOW" => "SPF passed: the envelope sender's domain allows the sending server",
        "R_SPF_FAIL" => "SPF failed: the envelope sender's domain does not allow the sending server",
        "R_SPF_SOFTFAIL" => "SPF soft-failed: the envelope sender's domain does not allow the sending server (~all)",
        "R_SPF_NEUTRAL" => "SPF neutral: the envelope sender's domain says nothing about the sending server",
        "R_SPF_NA" => "the envelope sender's domain publishes no SPF record",
        "R_SPF_DNSFAIL" => "SPF could not be checked: a DNS failure",
        "R_SPF_PERMFAIL" => "SPF could not be checked: the record is malformed, or a DNS error persists",
        "R_SPF_PLUSALL" => "the SPF record allows any server to send (+all)",
        "R_DKIM_ALLOW" => "a DKIM signature verified",
        "R_DKIM_REJECT" => "a DKIM signature failed to verify",
        "R_DKIM_TEMPFAIL" => "a DKIM signature could not be checked for now (a DNS failure)",
        "R_DKIM_PERMFAIL" => "a DKIM signature is invalid (a hard failure)",
        "R_DKIM_NA" => "the message has no DKIM signature",
        "DKIM_SIGNED" => "the message has a DKIM signature",
        "DMARC_POLICY_ALLOW" => "DMARC passed",
        "DMARC_POLICY_ALLOW_WITH_FAILURES" => "DMARC passed, though SPF or DKIM failed",
        "DMARC_POLICY_REJECT" => "DMARC failed and the From domain's policy is p=reject",
        "DMARC_POLICY_QUARANTINE" => "DMARC failed and the From domain's policy is p=quarantine",
        "DMARC_POLICY_SOFTFAIL" => "DMARC failed, and the From domain's policy asks for no action (p=none) or the failure was not enforced",
        "DMARC_NA" => "the From domain publishes no DMARC record",
        "DMARC_BAD_POLICY" => "the From domain's DMARC record is invalid",
        "DMARC_DNSFAIL" => "DMARC could not be checked: a DNS failure",
        "ARC_ALLOW" => "the ARC chain verified",
        "ARC_REJECT" => "the ARC chain failed to verify",
        "ARC_INVALID" => "the ARC chain is malformed",
        "ARC_DNSFAIL" => "ARC could not be checked: a DNS failure",
        "ARC_NA" => "the message has no ARC signature",
        "AUTH_NA" => "no authentication was available: no SPF, DKIM, DMARC or ARC result",
        "VIOLATED_DIRECT_SPF" => "the message came straight from the sender (no trusted relay) and SPF failed or soft-failed",
        // Headers (headers_group.conf, rules/*.lua).
        "FORGED_SENDER" => "the From address differs from the envelope sender (SMTP MAIL FROM)",
        "FORGED_RECIPIENTS" => "the recipients in the headers differ from the envelope recipients (SMTP RCPT TO)",
        "FORGED_SENDER_MAILLIST" => "the From address differs from the envelope sender, but the message is from a mailing list",
        "FROM_NEQ_ENVFROM" => "the From address differs from the envelope sender",
        "ONCE_RECEIVED" => "the message has only one Received header",
        "RCVD_COUNT_ONE" => "the message has only one Received header",
        "RDNS_NONE" => "the sending server's IP address has no reverse DNS name",
        "RDNS_DNSFAIL" => "the reverse DNS check of the sending server failed (a DNS error)",
        "HFILTER_HOSTNAME_UNKNOWN" => "the sending server's name is unknown (its PTR or forward-confirmed reverse DNS check failed)",
        "MAILLIST" => "the message seems to come from a mailing list",
        "BOUNCE" => "the message is a delivery status notification (a bounce)",
        "MISSING_DATE" => "the message has no Date header",
        "MISSING_MID" => "the message has no Message-ID header",
        "MISSING_TO" => "the message has no To header",
        "MID_CONTAINS_FROM" => "the Message-ID contains the From address",
        "MID_RHS_NOT_FQDN" => "the Message-ID's domain part is not a fully qualified domain name",
        "DATE_IN_PAST" => "the message's date is in the past",
        "DATE_IN_FUTURE" => "the message's date is in the future",
        "R_MIXED_CHARSET" => "the message mixes characters from different scripts (a trick to dodge filters)",
        "R_MISSING_CHARSET" => "the message does not declare its character set",
        "HAS_LIST_UNSUB" => "the message has a List-Unsubscribe header",
        "RCVD_TLS_LAST" => "the last hop used an encrypted connection",
        "RCVD_NO_TLS_LAST" => "the last hop did not use an encrypted connection",
        "SPOOF_DISPLAY_NAME" => "the display name is used to spoof and trick the recipient",
        "FREEMAIL_FROM" => "the From address is at a free mail provider",
        // Content.
        "MIME_GOOD" => "the message has a known content type",
        "MIME_BAD" => "the message has a content type known to be bad",
        "ZERO_FONT" => "the message uses a zero-sized font (hidden text)",
        "MANY_INVISIBLE_PARTS" => "many parts of the message are visually hidden",
        "R_SUSPICIOUS_URL" => "the message has an obfuscated or suspicious URL",
        "PHISHING" => "a link's text shows one site and its target is another (phishing)",
        "PHISHED_OPENPHISH" => "a link is on OpenPhish's list of phishing URLs",
        "PHISHED_PHISHTANK" => "a link is on PhishTank's list of phishing URLs",
        "BAD_REP_POLICIES" => "the message passes SPF, DKIM or DMARC but is also flagged by fuzzy hashes, Bayes or block lists",
        // Statistics, fuzzy hashes, neural network.
        "BAYES_SPAM" => "the Bayes classifier rates the message as spam (the option gives the probability)",
        "BAYES_HAM" => "the Bayes classifier rates the message as not spam (the option gives the probability)",
        "NEURAL_SPAM" | "NEURAL_SPAM_SHORT" | "NEURAL_SPAM_LONG" => "the neural network rates the message as spam",
        "NEURAL_HAM" | "NEURAL_HAM_SHORT" | "NEURAL_HAM_LONG" => "the neural network rates the message as not spam",
        "FUZZY_DENIED" => "the message matches a fuzzy hash of known spam (bl.rspamd.com)",
        "FUZZY_PROB" => "the message probably matches a fuzzy hash of known spam (bl.rspamd.com)",
        "FUZZY_WHITE" => "the message matches a fuzzy hash of known good mail (bl.rspamd.com)",
        // DNS lists (rbl_group.conf, surbl_group.conf).
        "RBL_SPAMHAUS_SBL" => "the sending IP address is on Spamhaus SBL (known spam sources)",
        "RBL_SPAMHAUS_CSS" => "the sending IP address is on Spamhaus CSS (snowshoe spam sources)",
        "RBL_SPAMHAUS_XBL" => "the sending IP address is on Spamhaus XBL (hijacked or infected machines)",
        "RBL_SPAMHAUS_PBL" => "the sending IP address is on Spamhaus PBL (addresses that should not send mail directly)",
        "RBL_SPAMHAUS_DROP" => "the sending IP address is on Spamhaus DROP (networks run by spammers)",
        "RBL_SPAMHAUS_BLOCKED_OPENRESOLVER" | "RBL_SPAMHAUS_BLOCKED" => "an administrator notice: Spamhaus refused the query (an open resolver or too many queries), so the check did not run",
        "RBL_SENDERSCORE" => "the sending IP address is on SenderScore's block list",
        "RBL_MAILSPIKE_WORST" => "the sending IP address has the worst reputation at Mailspike",
        "RBL_MAILSPIKE_VERYBAD" => "the sending IP address has a very bad reputation at Mailspike",
        "RBL_MAILSPIKE_BAD" => "the sending IP address has a bad reputation at Mailspike",
        "RWL_MAILSPIKE_GOOD" => "the sending IP address has a good reputation at Mailspike",
        "RWL_MAILSPIKE_VERYGOOD" => "the sending IP address has a very good reputation at Mailspike",
        "RWL_MAILSPIKE_EXCELLENT" => "the sending IP address has an excellent reputation at Mailspike",
        "RWL_MAILSPIKE_POSSIBLE" => "the sending IP address is possibly legitimate at Mailspike",
        "RCVD_IN_DNSWL_NONE" => "the sender is listed at dnswl.org (an allow list) with no trust",
        "RCVD_IN_DNSWL_LOW" => "the sender is listed at dnswl.org (an allow list) with low trust",
        "RCVD_IN_DNSWL_MED" => "the sender is listed at dnswl.org (an allow list) with medium trust",
        "RCVD_IN_DNSWL_HI" => "the sender is listed at dnswl.org (an allow list) with high trust",
        "DBL_SPAM" => "a domain in the message is on Spamhaus DBL as spam",
        "DBL_PHISH" => "a domain in the message is on Spamhaus DBL as phishing",
        "URIBL_BLACK" => "a domain in the message is on URIBL's black list",
        "SEM_URIBL" => "a domain in the message is on Spameatingmonkey's URI block list",
        // Other modules.
        "WHITELIST_DMARC" => "the From domain is on the allow list and passes DMARC and DKIM",
        "GREYLIST" => "the greylisting module delayed the message",
        "RATELIMITED" => "the rate limiting module held the message back",
        _ => return None,
    })
}

/// A symbol's family, by its prefix, for symbols [`symbol`] does not list.
pub(super) fn family(name: &str) -> Option<&'static str> {
    const FAMILIES: &[(&str, &str)] = &[
        ("R_SPF_", "a result of the SPF check"),
        ("R_DKIM_", "a result of the DKIM check"),
        ("DMARC_", "a result of the DMARC check"),
        ("ARC_", "a result of the ARC check"),
        ("RBL_", "the sending IP address is on a DNS block list"),
        ("RWL_", "the sending IP address is on a DNS allow list"),
        (
            "RECEIVED_",
            "a server in the Received headers is on a DNS list",
        ),
        (
            "RCVD_IN_",
            "a server the message came through is on a DNS list",
        ),
        ("DBL_", "a domain in the message is on Spamhaus DBL"),
        ("URIBL_", "a domain in the message is on a URI block list"),
        (
            "FUZZY_",
            "a fuzzy hash of the message matched a shared list",
        ),
        ("BAYES_", "the Bayes classifier's rating of the message"),
        ("NEURAL_", "the neural network's rating of the message"),
        (
            "HFILTER_",
            "a check of the sending server's names (HELO, reverse DNS)",
        ),
        (
            "FORGED_",
            "something in the headers differs from the SMTP envelope",
        ),
        ("RCPT_COUNT_", "the number of recipients (informational)"),
        (
            "RCVD_COUNT_",
            "the number of Received headers (informational)",
        ),
        ("MIME_", "a property of the message's MIME structure"),
        (
            "FREEMAIL_",
            "an address of the message is at a free mail provider",
        ),
        ("PHISHED_", "a link is on a list of phishing URLs"),
    ];
    FAMILIES
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map(|(_, m)| *m)
}
