//! What Microsoft's anti-spam header fields and values mean, in our words, from Microsoft's
//! documentation (Microsoft Learn, Defender for Office 365):
//!
//! - "Anti-spam message headers in cloud organizations",
//!   <https://learn.microsoft.com/defender-office-365/message-headers-eop-mdo>: the fields of
//!   `X-Forefront-Antispam-Report` and `X-Microsoft-Antispam`, composite authentication
//!   (`compauth`) and its reason codes, the DMARC `action`.
//! - "Spam confidence level (SCL) in cloud organizations",
//!   <https://learn.microsoft.com/defender-office-365/anti-spam-spam-confidence-level-scl-about>.
//! - "Bulk complaint level (BCL) in EOP",
//!   <https://learn.microsoft.com/defender-office-365/anti-spam-bulk-complaint-level-bcl-about>.
//! - "Advanced Spam Filter (ASF) settings in EOP",
//!   <https://learn.microsoft.com/defender-office-365/anti-spam-policies-asf-settings-about>: the
//!   `X-CustomSpam` values.
//! - "Troubleshoot common anti-spam policy issues",
//!   <https://learn.microsoft.com/defender-office-365/anti-spam-policies-troubleshooting>: which
//!   component each `SFV` value comes from.
//! - "Recommended settings for EOP and Microsoft Defender for Office 365",
//!   <https://learn.microsoft.com/defender-office-365/recommended-settings-for-eop-and-office365>:
//!   what the default anti-spam policy and the Standard and Strict presets do with each verdict.
//! - Exchange Server, "Antispam stamps",
//!   <https://learn.microsoft.com/exchange/antispam-and-antimalware/antispam-protection/antispam-stamps>:
//!   the phishing confidence level (PCL).
//!
//! Fields the first page does not describe "are used exclusively by the Microsoft anti-spam team
//! for diagnostic purposes": they are kept, and said to be undocumented.

use super::Class;

/// What an `X-Forefront-Antispam-Report` field is, by its upper-case name.
pub(super) fn forefront_field(name: &str) -> Option<&'static str> {
    Some(match name {
        "ARC" => "Authenticated Received Chain results Microsoft recorded (AAR: the Authentication-Results it sealed; AMS: signatures of the message; AS: signatures of the headers, with the chain validation result cv=)",
        "CAT" => "the category of protection policy applied to the message",
        "CIP" => "the connecting IP address (the one to use in the connection filter's IP Allow List or IP Block List)",
        "CTRY" => "the country or region of the connecting IP address, which may not be where the message started",
        "DIR" => "the direction of the message",
        "H" => "the HELO or EHLO name the connecting server gave",
        "IPV" => "the verdict of connection filtering on the connecting IP address",
        "LANG" => "the language the message is written in, by country code (for example ru_RU for Russian)",
        "PTR" => "the reverse DNS (PTR) name of the connecting IP address",
        "SCL" => "the spam confidence level: the higher, the likelier spam",
        "SFTY" => "a safety marking of messages identified as phishing",
        "SFV" => "the spam filtering verdict, which also tells which component decided",
        "SRV" => "a service verdict",
        "X-CUSTOMSPAM" => "an Advanced Spam Filter setting of the anti-spam policy that the message matched",
        _ => return None,
    })
}

/// `CAT:` values: the category of protection policy applied.
pub(super) fn cat(value: &str) -> Option<&'static str> {
    Some(match value {
        "AMP" => "anti-malware: the anti-malware policy applied",
        "BIMP" => "brand impersonation (Defender for Office 365)",
        "BULK" => "bulk: the bulk complaint level reached the anti-spam policy's threshold",
        "DIMP" => "domain impersonation: the sending domain imitates a protected domain (Defender for Office 365)",
        "FTBP" => "the anti-malware policy's common attachments filter blocked a file type",
        "GIMP" => "impersonation found by mailbox intelligence (Defender for Office 365)",
        "HPHSH" | "HPHISH" => "high confidence phishing",
        "HSPM" => "high confidence spam",
        "INTOS" => "intra-organization phishing",
        "MALW" => "malware",
        "OSPM" => "outbound spam",
        "PHSH" => "phishing",
        "SAP" => "Safe Attachments found the attachment malicious (Defender for Office 365)",
        "SPM" => "spam",
        "SPOOF" => "spoofing: the sender's domain did not authenticate the message",
        "UIMP" => "user impersonation: the sender imitates a protected user (Defender for Office 365)",
        "NONE" => "no category: no protection policy flagged the message",
        _ => return None,
    })
}

/// `SFV:` values: the spam filtering verdict.
pub(super) fn sfv(value: &str) -> Option<&'static str> {
    Some(match value {
        "BLK" => "filtering was skipped and the message blocked, because the sender is in the recipient's Blocked Senders list",
        "NSPM" => "spam filtering found the message not spam and sent it to its recipients",
        "SFE" => "filtering was skipped and the message allowed, because the sender is in the recipient's Safe Senders list",
        "SKA" => "spam filtering was skipped and the message delivered to the Inbox, because the sender is on the allowed senders or allowed domains list of an anti-spam policy",
        "SKB" => "the message was marked as spam because the sender is on the blocked senders or blocked domains list of an anti-spam policy",
        "SKI" => "spam filtering was skipped for another reason, such as mail within the organization, or a source on the IP Allow List",
        "SKN" => "the message was marked as not spam before spam filtering, for example set to SCL -1 by a mail flow rule",
        "SKQ" => "the message was released from quarantine and sent to its recipients",
        "SKS" => "the message was marked as spam before spam filtering, for example set to SCL 5 to 9 by a mail flow rule",
        "SPM" => "the message was marked as spam by spam filtering",
        _ => return None,
    })
}

/// `IPV:` values: connection filtering's verdict.
pub(super) fn ipv(value: &str) -> Option<&'static str> {
    Some(match value {
        "CAL" => "spam filtering was skipped because the connecting IP address is on the connection filter's IP Allow List",
        "NLI" => "the connecting IP address is on no IP reputation list",
        _ => return None,
    })
}

/// `DIR:` values.
pub(super) fn dir(value: &str) -> Option<&'static str> {
    Some(match value {
        "INB" => "inbound: the message came into the organization",
        "OUT" => "outbound: the message left the organization",
        "INT" => "internal: the message stayed within the organization",
        _ => return None,
    })
}

/// `SRV:` values.
pub(super) fn srv(value: &str) -> Option<&'static str> {
    Some(match value {
        "BULK" => "the message was identified as bulk email by spam filtering and the bulk complaint level (BCL) threshold; with MarkAsSpamBulkMail on (the default) it is marked as spam",
        _ => return None,
    })
}

/// `SFTY:` values: phishing safety markings.
pub(super) fn sfty(value: &str) -> Option<&'static str> {
    Some(match value {
        "9.19" => "domain impersonation: the sending domain tries to impersonate a protected domain (the domain impersonation safety tip is added)",
        "9.20" => "user impersonation: the sender tries to impersonate a user of the recipient's organization or a protected user (the user impersonation safety tip is added)",
        "9.25" => "first contact safety tip: may indicate a suspicious or phishing message",
        _ => return None,
    })
}

/// A spam confidence level's band, -1 to 9.
pub(super) fn scl_band(scl: i64) -> Option<&'static str> {
    Some(match scl {
        -1 => "spam filtering was skipped (a safe sender, a safe recipient, a source on the IP Allow List, a bypass rule); the message goes to the Inbox",
        0 | 1 => "spam filtering found the message not spam; it goes to the Inbox",
        2..=4 => "a level spam filtering itself never sets (another feature, such as a mail flow rule, set it); below the spam levels",
        5 | 6 => "spam: the default policy delivers it to the Junk Email folder, the Strict preset quarantines it",
        7..=9 => "high confidence spam: the default policy delivers it to the Junk Email folder, the Standard and Strict presets quarantine it",
        _ => return None,
    })
}

/// A bulk complaint level's band, 0 to 9.
pub(super) fn bcl_band(bcl: i64) -> Option<&'static str> {
    Some(match bcl {
        0 => "not from a bulk sender",
        1..=3 => "from a bulk sender that draws few complaints",
        4..=7 => "from a bulk sender that draws a mixed number of complaints",
        8 | 9 => "from a bulk sender that draws many complaints",
        _ => return None,
    })
}

/// The bulk threshold of the default anti-spam policy; the Standard preset's is 6, the Strict
/// preset's 5.
pub(super) const DEFAULT_BCL_THRESHOLD: i64 = 7;

/// A phishing confidence level's band (Exchange Server's antispam stamps).
pub(super) fn pcl_band(pcl: i64) -> Option<&'static str> {
    Some(match pcl {
        1..=3 => "neutral: the content is not likely phishing",
        4..=8 => "suspicious: the content is likely phishing",
        _ => return None,
    })
}

/// What an `X-Microsoft-Antispam` field is, by its upper-case name.
pub(super) fn antispam_field(name: &str) -> Option<&'static str> {
    Some(match name {
        "BCL" => "the bulk complaint level: the higher, the likelier a bulk message draws complaints (and is spam)",
        "PCL" => "the phishing confidence level of the content",
        _ => return None,
    })
}

/// `compauth=` results.
pub(super) fn compauth_result(value: &str) -> Option<&'static str> {
    Some(match value {
        "pass" => "composite authentication passed: Microsoft 365 weighed SPF, DKIM, DMARC and other parts of the message and took the From domain as authentic",
        "fail" => "composite authentication failed: Microsoft 365 did not take the From domain as authentic, which makes the message a spoofing suspect (it may still be allowed if nothing else looks suspicious)",
        "softpass" => "composite authentication soft-passed: implicit authentication was good enough",
        "none" => "composite authentication was not checked, or was bypassed",
        _ => return None,
    })
}

/// `reason=` codes of `compauth=`: three digits, some by their first digit only.
pub(super) fn compauth_reason(code: &str) -> Option<&'static str> {
    let b = code.as_bytes();
    if b.len() != 3 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(match code {
        "000" => "explicit authentication failed: the From domain's DMARC failed and its policy is p=quarantine or p=reject",
        "001" => "implicit authentication failed: the From domain publishes no SPF, DKIM or DMARC records, or only weak ones such as SPF ~all or ?all or DMARC p=none",
        "002" => "the organization forbids this sender and domain pair to send spoofed mail, as an admin set up",
        "010" => "DMARC failed with p=reject or p=quarantine, and the From domain is one of the organization's own accepted domains: self-to-self or intra-organization spoofing",
        "130" => "authentication passed, with the ARC result overriding a DMARC failure",
        _ => match b[0] {
            b'1' | b'7' => "authentication passed; the last two digits are Microsoft's internal codes",
            b'2' => "implicit authentication soft-passed; the last two digits are Microsoft's internal codes",
            b'3' => "the message was not checked for composite authentication",
            b'4' | b'9' => "the message bypassed composite authentication; the last two digits are Microsoft's internal codes",
            b'6' => "implicit authentication failed, and the From domain is one of the organization's own accepted domains: self-to-self or intra-organization spoofing",
            _ => return None,
        },
    })
}

/// DMARC `action=` values in Microsoft's Authentication-Results.
pub(super) fn dmarc_action(value: &str) -> Option<&'static str> {
    Some(match value {
        "pct.quarantine" => "the message failed DMARC under p=quarantine, but the policy's pct is under 100 and this message was picked to be delivered anyway",
        "pct.reject" => "the message failed DMARC under p=reject, but the policy's pct is under 100 and this message was picked to be delivered anyway",
        "permerror" => "a permanent error during DMARC evaluation, such as a malformed DMARC record; only the domain's owner can fix it",
        "temperror" => "a temporary error during DMARC evaluation; a later attempt may succeed",
        "none" => "no DMARC action was taken",
        _ => return None,
    })
}

/// `X-CustomSpam:` values: the Advanced Spam Filter setting that matched, and what it marks the
/// message as: `None` for the settings that only raise the spam score (the SCL says whether that
/// made it spam) and for test mode, which only tags.
pub(super) fn custom_spam(value: &str) -> Option<(&'static str, Option<Class>)> {
    let lower = value.trim().to_ascii_lowercase();
    Some(match lower.as_str() {
        "image links to remote sites" => ("the message links images to remote sites (setting IncreaseScoreWithImageLinks), which raises its spam score", None),
        "numeric ip in url" => ("the message has a URL with a numeric IP address (setting IncreaseScoreWithNumericIps), which raises its spam score", None),
        "url redirect to other port" => ("the message links to a URL that redirects to a port other than 80, 8080 or 443 (setting IncreaseScoreWithRedirectToOtherPort), which raises its spam score", None),
        "url to .biz or .info websites" => ("the message links to .biz or .info sites (setting IncreaseScoreWithBizOrInfoUrls), which raises its spam score", None),
        "empty message" => ("the message has no subject, no body and no attachment (setting MarkAsSpamEmptyMessages): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "embed tag in html" => ("the message's HTML has <embed> tags (setting MarkAsSpamEmbedTagsInHtml): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "javascript or vbscript tags in html" => ("the message's HTML has JavaScript or VBScript (setting MarkAsSpamJavaScriptInHtml): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "form tag in html" => ("the message's HTML has <form> tags (setting MarkAsSpamFormTagsInHtml): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "iframe or frame in html" => ("the message's HTML has <frame> or <iframe> tags (setting MarkAsSpamFramesInHtml): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "web bug" => ("the message has a web bug, a tracking image such as a 1x1 pixel, as most newsletters do (setting MarkAsSpamWebBugsInHtml): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "object tag in html" => ("the message's HTML has <object> tags (setting MarkAsSpamObjectTagsInHtml): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "sensitive word in subject/body" => ("the subject or body has a word of Microsoft's sensitive word list (setting MarkAsSpamSensitiveWordList): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "spf record fail" => ("the sending IP address fails the sender domain's SPF record (setting MarkAsSpamSpfRecordHardFail): marked as high confidence spam", Some(Class::HighConfidenceSpam)),
        "spf from record fail" => ("the message hard-fails a conditional Sender ID check (setting MarkAsSpamFromAddressAuthFail): marked as spam", Some(Class::Spam)),
        "backscatter ndr" => ("the message is a non-delivery report for mail the recipient never sent, backscatter (setting MarkAsSpamNdrBackscatter): marked as spam", Some(Class::Spam)),
        "this message was filtered by the custom spam filter option" => ("an Advanced Spam Filter setting in test mode matched: the message was only tagged, not acted on", None),
        _ => return None,
    })
}
