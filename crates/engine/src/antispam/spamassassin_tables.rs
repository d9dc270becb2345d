//! What common SpamAssassin rules mean, in our words, from the rules' own `describe` lines in
//! Apache SpamAssassin's rule set (`rules/*.cf` of <https://github.com/apache/spamassassin>), and
//! what its `X-Spam-*` headers hold from its configuration documentation (`Mail::SpamAssassin::Conf`,
//! `lib/Mail/SpamAssassin/Conf.pm` there: the `add_header` defaults and their template tags) and
//! from how it writes its report (`Mail::SpamAssassin::PerMsgStatus`).
//!
//! A rule missing here shows the description the message's own `X-Spam-Report` gives, or its
//! family's (`URIBL_`, `RCVD_IN_`, `T_`), or says to look it up.

/// A rule's meaning, by its exact name.
pub(super) fn rule(name: &str) -> Option<&'static str> {
    Some(match name {
        // Sender authentication.
        "SPF_PASS" => "SPF passed: the envelope sender's domain allows the sending server",
        "SPF_FAIL" => "SPF failed: the envelope sender's domain does not allow the sending server (-all)",
        "SPF_SOFTFAIL" => "SPF soft-failed: the envelope sender's domain does not allow the sending server (~all)",
        "SPF_NEUTRAL" => "SPF neutral: the envelope sender's domain says nothing about the sending server (?all)",
        "SPF_NONE" => "the envelope sender's domain publishes no SPF record",
        "SPF_HELO_PASS" => "SPF passed for the HELO name of the sending server",
        "SPF_HELO_NONE" => "the HELO name of the sending server publishes no SPF record",
        "SPF_HELO_FAIL" => "SPF failed for the HELO name of the sending server",
        "SPF_HELO_SOFTFAIL" => "SPF soft-failed for the HELO name of the sending server",
        "DKIM_SIGNED" => "the message has a DKIM signature, valid or not",
        "DKIM_VALID" => "the message has at least one valid DKIM signature",
        "DKIM_VALID_AU" => "the message has a valid DKIM signature from the author's (From) domain",
        "DKIM_VALID_EF" => "the message has a valid DKIM signature from the envelope sender's domain",
        "DKIM_INVALID" => "the message has a DKIM signature that does not verify",
        "DKIM_ADSP_NXDOMAIN" => "the From domain does not exist in DNS",
        "DMARC_PASS" => "DMARC passed",
        "DMARC_REJECT" => "DMARC failed and the From domain's policy is p=reject",
        "DMARC_QUAR" => "DMARC failed and the From domain's policy is p=quarantine",
        "DMARC_NONE" => "DMARC failed and the From domain's policy is p=none",
        "DMARC_MISSING" => "the From domain publishes no DMARC policy",
        "HEADER_FROM_DIFFERENT_DOMAINS" => "the From and envelope sender domains differ (common for mailing lists and sending services)",
        "FORGED_GMAIL_RCVD" => "the From address is at gmail.com but the Received headers do not show Gmail's servers",
        // Where it came from.
        "RDNS_NONE" => "the server that handed the message to the receiver's network has no reverse DNS (PTR) name",
        "RDNS_DYNAMIC" => "the server that handed the message to the receiver's network has a dynamic-looking reverse DNS name, as home connections do",
        "ALL_TRUSTED" => "the message passed through trusted hosts only",
        "NO_RELAYS" => "the message was not relayed over SMTP (informational)",
        "RCVD_IN_DNSWL_NONE" => "a relay is listed at dnswl.org (an allow list) with no trust",
        "RCVD_IN_DNSWL_LOW" => "a relay is listed at dnswl.org (an allow list) with low trust",
        "RCVD_IN_DNSWL_MED" => "a relay is listed at dnswl.org (an allow list) with medium trust",
        "RCVD_IN_DNSWL_HI" => "a relay is listed at dnswl.org (an allow list) with high trust",
        "RCVD_IN_SBL" => "the message came through a relay on Spamhaus SBL (known spam sources)",
        "RCVD_IN_SBL_CSS" => "the message came through a relay on Spamhaus SBL-CSS (snowshoe spam sources)",
        "RCVD_IN_XBL" => "the message came through a relay on Spamhaus XBL (hijacked or infected machines)",
        "RCVD_IN_PBL" => "the message came through a relay on Spamhaus PBL (addresses that should not send mail directly, such as home connections)",
        "RCVD_IN_BL_SPAMCOP_NET" => "the message came through a relay on the SpamCop block list",
        "RCVD_IN_MSPIKE_BL" => "a relay is on Mailspike's block list",
        "RCVD_IN_MSPIKE_H2" => "a relay has an average reputation at Mailspike",
        "RCVD_IN_VALIDITY_CERTIFIED" => "the sender is in Validity's certified senders program",
        "RCVD_IN_VALIDITY_SAFE" => "the sender is in Validity's safe senders list",
        "RCVD_IN_ZEN_BLOCKED_OPENRESOLVER" => "an administrator notice: Spamhaus refused the query because it came through an open or public resolver, so the check did not run",
        "RCVD_IN_VALIDITY_RPBL_BLOCKED" => "an administrator notice: Validity refused the query, so the check did not run",
        // Content.
        "HTML_MESSAGE" => "the message has HTML (informational)",
        "MIME_HTML_ONLY" => "the message has only HTML parts, no plain text part",
        "MPART_ALT_DIFF" => "the HTML and plain text parts of the message differ",
        "HTML_FONT_LOW_CONTRAST" => "the HTML has text in a color close to its background",
        "EMPTY_MESSAGE" => "the message appears to have no text",
        "SUBJ_ALL_CAPS" => "the Subject is all capitals",
        "FREEMAIL_FROM" => "the sender's address is at a free mail provider often abused by spammers",
        "FREEMAIL_FORGED_REPLYTO" => "the Reply-To is at a free mail provider but the From is not",
        "FROM_EXCESS_BASE64" => "the From header is base64-encoded without need",
        "FSL_BULK_SIG" => "the message has a bulk mail signature but no unsubscribe link",
        "TO_NO_BRKTS_HTML_ONLY" => "the To address lacks angle brackets and the message is HTML only",
        "SHORTCIRCUIT" => "not all rules were run: a shortcircuit rule ended the checks early",
        // Headers.
        "MISSING_DATE" => "the message has no Date header",
        "MISSING_MID" => "the message has no Message-ID header",
        "MISSING_FROM" => "the message has no From header",
        "MISSING_SUBJECT" => "the message has no Subject header",
        "MISSING_HEADERS" => "the message has no To header",
        // Links.
        "URIBL_BLOCKED" => "an administrator notice: URIBL refused the query (usually a public resolver or too many queries), so the check did not run",
        "URIBL_DBL_BLOCKED_OPENRESOLVER" => "an administrator notice: Spamhaus DBL refused the query because it came through an open or public resolver, so the check did not run",
        "URIBL_BLACK" => "a link in the message is on URIBL's black list",
        "URIBL_GREY" => "a link in the message is on URIBL's grey list",
        "URIBL_RED" => "a link in the message is on URIBL's red list",
        "URIBL_DBL_SPAM" => "a link in the message is on Spamhaus DBL as spam",
        "URIBL_ABUSE_SURBL" => "a link in the message is on the ABUSE SURBL block list",
        "URIBL_PH_SURBL" => "a link in the message is on the PH SURBL block list (phishing)",
        "URIBL_SBL" => "a link's name server address is on Spamhaus SBL",
        // Learning and collaborative filters.
        "BAYES_00" => "the Bayes classifier puts the spam probability at 0 to 1%",
        "BAYES_05" => "the Bayes classifier puts the spam probability at 1 to 5%",
        "BAYES_20" => "the Bayes classifier puts the spam probability at 5 to 20%",
        "BAYES_40" => "the Bayes classifier puts the spam probability at 20 to 40%",
        "BAYES_50" => "the Bayes classifier puts the spam probability at 40 to 60%",
        "BAYES_60" => "the Bayes classifier puts the spam probability at 60 to 80%",
        "BAYES_80" => "the Bayes classifier puts the spam probability at 80 to 95%",
        "BAYES_95" => "the Bayes classifier puts the spam probability at 95 to 99%",
        "BAYES_99" => "the Bayes classifier puts the spam probability at 99 to 100%",
        "BAYES_999" => "the Bayes classifier puts the spam probability at 99.9 to 100%",
        "PYZOR_CHECK" => "the message is listed in Pyzor, a shared database of spam",
        "RAZOR2_CHECK" => "the message is listed in Razor, a shared database of spam",
        "RAZOR2_CF_RANGE_51_100" => "Razor's confidence that the message is spam is above 50%",
        "DCC_CHECK" => "DCC, a shared database of message checksums, has seen the message in bulk",
        "AWL" => "the score was adjusted by the sender's history (auto-welcomelist)",
        "TXREP" => "the score was adjusted by the sender's reputation",
        "USER_IN_WELCOMELIST" | "USER_IN_WHITELIST" => "the sender is on the site's welcome list (welcomelist_from)",
        "USER_IN_BLOCKLIST" | "USER_IN_BLACKLIST" => "the sender is on the site's block list (blocklist_from)",
        _ => return None,
    })
}

/// A rule's family, by its prefix, for rules [`rule`] does not list.
pub(super) fn family(name: &str) -> Option<&'static str> {
    const FAMILIES: &[(&str, &str)] = &[
        (
            "BAYES_",
            "a Bayes classifier rule: the learned probability that the message is spam",
        ),
        ("URIBL_", "a link in the message is on a URI block list"),
        (
            "RCVD_IN_",
            "a server the message came through is on a DNS list (a block list or an allow list)",
        ),
        (
            "SPF_",
            "a result of the SPF check of the envelope sender or the HELO name",
        ),
        (
            "DKIM_",
            "a result of the DKIM check of the message's signatures",
        ),
        ("DMARC_", "a result of the DMARC check of the From domain"),
        ("HTML_", "a property of the message's HTML"),
        ("MIME_", "a property of the message's MIME structure"),
        ("FREEMAIL_", "a check about free mail providers' addresses"),
        (
            "DATE_IN_",
            "the Date header is far from when the message was received",
        ),
        (
            "KAM_",
            "a rule of the KAM rule set, a third-party addition to SpamAssassin's",
        ),
        (
            "T_",
            "a rule being tested by SpamAssassin's maintainers (it usually scores almost nothing)",
        ),
        (
            "__",
            "a sub-rule other rules are built from (it scores nothing itself)",
        ),
    ];
    FAMILIES
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map(|(_, m)| *m)
}

/// `autolearn=` values (the `_AUTOLEARN_` tag).
pub(super) fn autolearn(value: &str) -> Option<&'static str> {
    Some(match value {
        "ham" => "the Bayes classifier learned from the message as not spam",
        "spam" => "the Bayes classifier learned from the message as spam",
        "no" => "the Bayes classifier did not learn from it: the score was not far enough from the threshold",
        "disabled" => "automatic learning is turned off",
        "failed" => "automatic learning was tried and failed",
        "unavailable" => "automatic learning was not possible (the Bayes database was not available)",
        _ => return None,
    })
}

/// What an `X-Spam-Status` item is, by its key.
pub(super) fn status_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "score" | "hits" => "the message's score: the sum of the points of the rules that matched",
        "required" => "the score at or above which SpamAssassin calls a message spam (required_score, 5.0 by default)",
        "tests" => "the rules that matched",
        "autolearn" => "whether the Bayes classifier learned from the message automatically",
        "autolearn_force" => "whether a rule forced that learning",
        "version" => "the SpamAssassin version that checked the message",
        "shortcircuit" => "the shortcircuit rule that ended the checks early, if any",
        _ => return None,
    })
}
