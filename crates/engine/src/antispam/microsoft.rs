//! Microsoft 365's anti-spam headers (Exchange Online Protection, Defender for Office 365).
//!
//! ```text
//! X-Forefront-Antispam-Report: CIP:198.51.100.50;CTRY:US;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;
//!     H:mail.example.com;PTR:mail.example.com;CAT:SPM;SFTY:;DIR:INB;SFS:(13230031)(…);
//! X-Microsoft-Antispam: BCL:7;
//! X-MS-Exchange-Organization-SCL: 5
//! X-CustomSpam: Web bug
//! Authentication-Results: spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=example.com;
//!     dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine
//!     header.from=example.com;compauth=fail reason=001
//! ```
//!
//! The report's fields are `NAME:value` between semicolons; a value may hold colons (an IPv6
//! `CIP`), so a field is cut at its first colon. Meanings: [`super::microsoft_tables`].

use super::microsoft_tables as t;
use super::{quote, verdict, Class, Field, Verdict};

const UNDOCUMENTED: &str = "not documented by Microsoft: the fields its documentation does not describe are for its anti-spam team's diagnostics";

/// Who concluded: the recipient's filter, or another organization's for an `-Untrusted` copy.
fn subject(untrusted: bool) -> &'static str {
    if untrusted {
        "Another Microsoft 365 organization's filter (this -Untrusted copy is not the recipient's verdict)"
    } else {
        "Exchange Online Protection"
    }
}

/// `NAME:value` items between semicolons, trimmed, empty ones skipped; an item without a colon
/// comes with `None`.
fn items(value: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    value
        .split(';')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(|item| match item.split_once(':') {
            Some((name, v)) => (name.trim(), Some(v.trim())),
            None => (item, None),
        })
}

/// A level written as an integer (`5`, `-1`); `None` for anything else, huge numbers included.
fn level(value: &str) -> Option<i64> {
    value.trim().parse::<i64>().ok()
}

/// What an item without a colon means.
fn without_colon(description: Option<&str>) -> String {
    match description {
        Some(d) => format!("{d}; written without a colon and a value"),
        None => "not in Microsoft's NAME:value form, and not documented by Microsoft".to_string(),
    }
}

/// What the value of a level field means: `name` and the band table of its documented values.
fn level_meaning(value: &str, name: &str, band: fn(i64) -> Option<&'static str>) -> String {
    match level(value) {
        Some(n) => match band(n) {
            Some(b) => format!("{name} {n}: {b}"),
            None => format!("{name} {n}: outside the values Microsoft documents"),
        },
        None if value.is_empty() => format!("the {name}; empty here"),
        None => format!(
            "the {name}, but {:?} is not a whole number",
            quote(value, 40)
        ),
    }
}

/// The meaning of one field of the Forefront report, by its upper-case name.
fn forefront_meaning(name: &str, value: &str) -> String {
    let upper = value.to_ascii_uppercase();
    let table: Option<fn(&str) -> Option<&'static str>> = match name {
        "CAT" => Some(t::cat),
        "SFV" => Some(t::sfv),
        "IPV" => Some(t::ipv),
        "DIR" => Some(t::dir),
        "SRV" => Some(t::srv),
        "SFTY" => Some(t::sfty),
        _ => None,
    };
    let Some(description) = t::forefront_field(name) else {
        return UNDOCUMENTED.to_string();
    };
    if name == "SCL" {
        return level_meaning(value, "spam confidence level", t::scl_band);
    }
    if value.is_empty() {
        return format!("{description}; empty here: none applies to this message");
    }
    match table {
        Some(table) => match table(&upper) {
            Some(m) if name == "CAT" => format!("{description}: {m}"),
            Some(m) => m.to_string(),
            None => format!(
                "{description}; the value {:?} is not documented by Microsoft",
                quote(value, 40)
            ),
        },
        None => description.to_string(),
    }
}

/// What the report says, for its verdict: the first occurrence of each field that decides.
#[derive(Default)]
struct Signals {
    scl: Option<i64>,
    sfv: Option<String>,
    cat: Option<String>,
    srv_bulk: bool,
    ipv_cal: bool,
}

impl Signals {
    fn note(&mut self, name: &str, value: &str) {
        let upper = || value.to_ascii_uppercase();
        match name {
            "SCL" if self.scl.is_none() => self.scl = level(value),
            "SFV" if self.sfv.is_none() && !value.is_empty() => self.sfv = Some(upper()),
            // `CAT:NONE` decides nothing: the other fields do.
            "CAT"
                if self.cat.is_none()
                    && !value.is_empty()
                    && !value.eq_ignore_ascii_case("NONE") =>
            {
                self.cat = Some(upper());
            }
            "SRV" => self.srv_bulk |= value.eq_ignore_ascii_case("BULK"),
            "IPV" => self.ipv_cal |= value.eq_ignore_ascii_case("CAL"),
            _ => {}
        }
    }
}

/// `X-Forefront-Antispam-Report` (or its `-Untrusted` copy).
pub(super) fn forefront(value: &str, untrusted: bool) -> (Vec<Field>, Option<Verdict>) {
    let mut fields = Vec::new();
    let mut signals = Signals::default();
    for (name, v) in items(value) {
        let upper = name.to_ascii_uppercase();
        let meaning = match v {
            Some(v) => {
                signals.note(&upper, v);
                forefront_meaning(&upper, v)
            }
            None => without_colon(t::forefront_field(&upper)),
        };
        fields.push(Field::new(name, v.unwrap_or(""), meaning));
    }
    (fields, forefront_verdict(&signals, subject(untrusted)))
}

/// What the default policy and the presets do with spam and high confidence spam.
fn spam_action(class: Class) -> &'static str {
    if class == Class::HighConfidenceSpam {
        "the default policy delivers it to the Junk Email folder, the Standard and Strict presets quarantine it"
    } else {
        "the default policy delivers it to the Junk Email folder, the Strict preset quarantines it"
    }
}

/// The verdict a spam confidence level alone gives.
fn scl_verdict(s: &str, scl: i64) -> Option<Verdict> {
    match scl {
        -1 => verdict(
            Class::Allowed,
            format!("{s} gave it a spam confidence level of -1: spam filtering was skipped (a safe sender, an allow list or a bypass rule), so it went to the Inbox."),
        ),
        0 | 1 => verdict(
            Class::Clean,
            format!("{s} gave it a spam confidence level of {scl} (not spam): it went to the Inbox."),
        ),
        2..=4 => verdict(
            Class::Clean,
            format!("{s} gave it a spam confidence level of {scl}, which spam filtering itself never sets (another feature did) and which is below the spam levels: no spam action."),
        ),
        5 | 6 => verdict(
            Class::Spam,
            format!("{s} gave it a spam confidence level of {scl} (spam): {}.", spam_action(Class::Spam)),
        ),
        7..=9 => verdict(
            Class::HighConfidenceSpam,
            format!("{s} gave it a spam confidence level of {scl} (high confidence spam): {}.", spam_action(Class::HighConfidenceSpam)),
        ),
        _ => None,
    }
}

/// The report's verdict: the category first (the protection policy that applied), then the spam
/// filtering verdict (which component decided), then the bulk and IP verdicts, then the level.
fn forefront_verdict(g: &Signals, s: &str) -> Option<Verdict> {
    let scl = g.scl.map(|n| format!(", SCL {n}")).unwrap_or_default();
    let spam_or_high = if g.scl.is_some_and(|n| n >= 7) {
        Class::HighConfidenceSpam
    } else {
        Class::Spam
    };
    if let Some(cat) = g.cat.as_deref() {
        let about = t::cat(cat).unwrap_or("");
        let found = match cat {
            "MALW" => Some((Class::Malware, format!("{s} found malware in it (CAT:MALW{scl}): the anti-malware policy quarantines it."))),
            "AMP" | "FTBP" | "SAP" => Some((Class::Malware, format!("{s} flagged it through its malware protection ({about}; CAT:{cat}{scl}): by default such messages are quarantined."))),
            "HPHSH" | "HPHISH" => Some((Class::Phish, format!("{s} classified it as high confidence phishing (CAT:{cat}{scl}): it is quarantined, and no allow list can override that verdict."))),
            "PHSH" => Some((Class::Phish, format!("{s} classified it as phishing (CAT:PHSH{scl}): the default anti-spam policy delivers it to the Junk Email folder, the Standard and Strict presets quarantine it."))),
            "DIMP" | "UIMP" | "GIMP" | "BIMP" => Some((Class::Phish, format!("{s} found it to be impersonation ({about}; CAT:{cat}{scl}): the anti-phishing policy's impersonation action decides where it goes."))),
            "INTOS" => Some((Class::Phish, format!("{s} classified it as intra-organization phishing (CAT:INTOS{scl}): it is handled as phishing."))),
            "SPOOF" => Some((Class::Spoof, format!("{s} took it for spoofing (CAT:SPOOF{scl}): the From domain did not authenticate it (see compauth in Authentication-Results), and by default spoofed mail goes to the Junk Email folder."))),
            "HSPM" => Some((Class::HighConfidenceSpam, format!("{s} classified it as high confidence spam (CAT:HSPM{scl}): {}.", spam_action(Class::HighConfidenceSpam)))),
            "SPM" => Some((spam_or_high, format!("{s} classified it as spam (CAT:SPM{scl}): {}.", spam_action(spam_or_high)))),
            "BULK" => Some((Class::Bulk, format!("{s} classified it as bulk mail (CAT:BULK{scl}): its bulk complaint level (BCL, in X-Microsoft-Antispam) reached the policy's threshold, and by default bulk mail goes to the Junk Email folder (the Strict preset quarantines it)."))),
            "OSPM" => Some((Class::Spam, format!("{s} classified it as outbound spam (CAT:OSPM{scl})."))),
            _ => None,
        };
        if let Some((class, sentence)) = found {
            return verdict(class, sentence);
        }
    }
    if let Some(sfv) = g.sfv.as_deref() {
        let found = match sfv {
            "BLK" => Some((Class::Blocked, format!("{s} blocked it without filtering because the sender is in the recipient's Blocked Senders list (SFV:BLK): the recipient can remove the sender from that list."))),
            "SKB" => Some((Class::Blocked, format!("{s} marked it as spam because the sender or its domain is on the blocked list of an anti-spam policy (SFV:SKB{scl}): an admin can take it off that list."))),
            "SKS" => Some((spam_or_high, format!("A mail flow rule marked it as spam before spam filtering ran (SFV:SKS{scl}): check the organization's mail flow rules that set the SCL."))),
            "SPM" => Some((spam_or_high, format!("{s} marked it as spam (SFV:SPM{scl}): {}.", spam_action(spam_or_high)))),
            "SKA" => Some((Class::Allowed, format!("{s} skipped spam filtering because the sender is on an anti-spam policy's allowed senders or domains list (SFV:SKA): it was delivered to the Inbox."))),
            "SFE" => Some((Class::Allowed, format!("{s} skipped filtering because the sender is in the recipient's Safe Senders list (SFV:SFE): it was delivered."))),
            "SKN" => Some((Class::Allowed, format!("A mail flow rule, or similar, marked it as not spam before spam filtering (SFV:SKN{scl}), so filtering was skipped."))),
            "SKI" => Some((Class::Allowed, format!("{s} skipped spam filtering for another reason, such as mail within the organization or a source on the IP Allow List (SFV:SKI{scl})."))),
            "SKQ" => Some((Class::Allowed, "The message was released from quarantine (SFV:SKQ) and sent to its recipients.".to_string())),
            "NSPM" if !g.srv_bulk => Some((Class::Clean, format!("{s} found it not spam (SFV:NSPM{scl}) and sent it to its recipients."))),
            _ => None,
        };
        if let Some((class, sentence)) = found {
            return verdict(class, sentence);
        }
    }
    if g.srv_bulk {
        return verdict(
            Class::Bulk,
            format!("{s} identified it as bulk mail over the bulk complaint level threshold (SRV:BULK{scl}): by default bulk mail goes to the Junk Email folder (the Strict preset quarantines it)."),
        );
    }
    if g.ipv_cal {
        return verdict(
            Class::Allowed,
            format!("{s} skipped spam filtering because the connecting IP address is on the IP Allow List (IPV:CAL{scl})."),
        );
    }
    g.scl.and_then(|n| scl_verdict(s, n))
}

/// `X-Microsoft-Antispam` (or its `-Untrusted` copy): `BCL:n;` and fields for Microsoft's own
/// diagnostics.
pub(super) fn antispam(value: &str, untrusted: bool) -> (Vec<Field>, Option<Verdict>) {
    let mut fields = Vec::new();
    let mut bcl = None;
    for (name, v) in items(value) {
        let upper = name.to_ascii_uppercase();
        let meaning = match (upper.as_str(), v) {
            (_, None) => without_colon(t::antispam_field(&upper)),
            ("BCL", Some(v)) => {
                let n = level(v);
                bcl = bcl.or(n);
                let mut m = level_meaning(v, "bulk complaint level", t::bcl_band);
                if let Some(note) = n.and_then(bcl_threshold_note) {
                    m.push_str("; ");
                    m.push_str(note);
                }
                m
            }
            ("PCL", Some(v)) => level_meaning(v, "phishing confidence level", t::pcl_band),
            (_, Some(_)) => UNDOCUMENTED.to_string(),
        };
        fields.push(Field::new(name, v.unwrap_or(""), meaning));
    }
    let verdict = bcl
        .filter(|n| (t::DEFAULT_BCL_THRESHOLD..=9).contains(n))
        .and_then(|n| {
            verdict(
                Class::Bulk,
                format!(
                    "{} gave it a bulk complaint level of {n} ({}), at or over the default bulk threshold of {}: by default such mail goes to the Junk Email folder as bulk (the Strict preset quarantines it).",
                    subject(untrusted),
                    t::bcl_band(n).unwrap_or(""),
                    t::DEFAULT_BCL_THRESHOLD,
                ),
            )
        });
    (fields, verdict)
}

/// Where a bulk complaint level stands against the thresholds of the default policy (7) and of
/// the Standard (6) and Strict (5) presets.
fn bcl_threshold_note(bcl: i64) -> Option<&'static str> {
    Some(match bcl {
        7..=9 => "at or over the bulk threshold of every policy (default 7, Standard 6, Strict 5)",
        6 => "at the Standard preset's bulk threshold (6), under the default policy's (7)",
        5 => "at the Strict preset's bulk threshold (5), under the Standard's (6) and the default policy's (7)",
        _ => return None,
    })
}

/// `X-MS-Exchange-Organization-SCL`: the final spam confidence level.
pub(super) fn scl_header(value: &str) -> (Vec<Field>, Option<Verdict>) {
    let field = Field::new(
        "SCL",
        value,
        level_meaning(value, "spam confidence level", t::scl_band),
    );
    let verdict = level(value).and_then(|n| scl_verdict("Exchange", n));
    (vec![field], verdict)
}

/// `X-CustomSpam`: an Advanced Spam Filter setting of the anti-spam policy matched.
pub(super) fn custom_spam(value: &str) -> (Vec<Field>, Option<Verdict>) {
    let known = t::custom_spam(value);
    let meaning = match known {
        Some((m, _)) => m.to_string(),
        None => "an Advanced Spam Filter setting of the anti-spam policy matched; this value is not in Microsoft's list".to_string(),
    };
    let verdict = known.and_then(|(_, class)| class).and_then(|class| {
        let what = if class == Class::HighConfidenceSpam { "high confidence spam" } else { "spam" };
        verdict(
            class,
            format!(
                "The anti-spam policy's Advanced Spam Filter setting {:?} matched and marked it as {what}: these settings are off by default, so an admin turned it on, and can turn it off if it catches wanted mail.",
                quote(value, 60)
            ),
        )
    });
    (vec![Field::new("setting", value, meaning)], verdict)
}

/// Microsoft's `Authentication-Results`, known by its `compauth=` result: the composite
/// authentication verdict, its reason code and the DMARC action. `None` for any other
/// Authentication-Results (the message check reads those).
pub(super) fn compauth(value: &str) -> Option<(Vec<Field>, Option<Verdict>)> {
    let ar = crate::message::authres::parse(value);
    let comp = ar.results.iter().find(|r| r.method == "compauth")?;
    let mut fields = vec![Field::new(
        "compauth",
        comp.result.as_str(),
        t::compauth_result(&comp.result)
            .unwrap_or("a composite authentication result not documented by Microsoft"),
    )];
    let reason = comp.reason.as_deref().or_else(|| comp.property("reason"));
    let reason_meaning = reason.and_then(t::compauth_reason);
    if let Some(code) = reason {
        fields.push(Field::new(
            "reason",
            code,
            reason_meaning
                .unwrap_or("a composite authentication reason code not documented by Microsoft"),
        ));
    }
    if let Some(action) = ar
        .results
        .iter()
        .filter(|r| r.method == "dmarc")
        .find_map(|r| r.property("action"))
    {
        let lower = action.to_ascii_lowercase();
        fields.push(Field::new(
            "action",
            action,
            t::dmarc_action(&lower).map_or_else(
                || "a DMARC action not described in Microsoft's header documentation".to_string(),
                |m| format!("the DMARC action: {m}"),
            ),
        ));
    }
    let because = match (reason, reason_meaning) {
        (Some(code), Some(m)) => format!(" (reason {code}: {m})"),
        (Some(code), None) => format!(" (reason {})", quote(code, 20)),
        _ => String::new(),
    };
    let verdict = match comp.result.as_str() {
        "fail" => {
            let fix = match reason {
                Some("000") => "; the sender must pass SPF or DKIM aligned with the From domain",
                Some("001") => "; the From domain's owner can fix it by publishing SPF, DKIM and DMARC and signing with DKIM",
                _ => "",
            };
            verdict(
                Class::Spoof,
                format!("Microsoft 365's composite authentication failed{because}: it took the message for spoofing of its From domain, which by default sends it to the Junk Email folder unless nothing else looks suspicious{fix}."),
            )
        }
        "pass" => verdict(
            Class::Clean,
            format!("Microsoft 365's composite authentication passed{because}: it did not take the message for spoofing."),
        ),
        "softpass" => verdict(
            Class::Clean,
            format!("Microsoft 365's composite authentication soft-passed{because}: it did not take the message for spoofing."),
        ),
        _ => None,
    };
    Some((fields, verdict))
}

/// The same composite authentication as [`compauth`], from an `ARC-Authentication-Results` that a
/// Microsoft 365 organization added when the message passed through it (a forwarding tenant, a
/// mailing list hosted there): the results it saw then, not the final recipient's verdict, so
/// no verdict of its own.
pub(super) fn arc_compauth(value: &str) -> Option<(Vec<Field>, Option<Verdict>)> {
    let (instance, rest) = value.trim_start().split_once(';')?;
    let i = instance.trim().strip_prefix("i=")?.trim();
    let (mut fields, _) = compauth(rest)?;
    fields.insert(
        0,
        Field::new(
            "i",
            i,
            "the ARC set's instance: a Microsoft 365 organization recorded these results when the message passed through it, before it reached the recipient; they are not the recipient's own verdict",
        ),
    );
    Some((fields, None))
}

/// `X-Microsoft-Antispam-Mailbox-Delivery`, written when the message was put in a mailbox.
/// Microsoft does not document it; the destination and the inbox-rule flag are read as
/// administrators observe them, every other field is shown as it is.
pub(super) fn mailbox_delivery(value: &str) -> (Vec<Field>, Option<Verdict>) {
    const OBSERVED: &str = "(not documented by Microsoft; as administrators observe it)";
    let fields = items(value)
        .map(|(name, v)| {
            let meaning = match (name.to_ascii_lowercase().as_str(), v) {
                (_, None) => without_colon(None),
                ("dest", Some(d)) => match d.to_ascii_uppercase().as_str() {
                    "I" => format!("delivered to the Inbox {OBSERVED}"),
                    "J" => format!("delivered to the Junk Email folder {OBSERVED}"),
                    "C" => format!("delivered to a folder the mailbox's own rules chose {OBSERVED}"),
                    _ => format!("the destination folder, with a code not described {OBSERVED}"),
                },
                ("ofr", Some(r)) if r.eq_ignore_ascii_case("CustomRules") => format!(
                    "an inbox rule of the recipient's mailbox decided the folder, not the spam filter {OBSERVED}"
                ),
                _ => UNDOCUMENTED.to_string(),
            };
            Field::new(name, v.unwrap_or_default(), meaning)
        })
        .collect();
    (fields, None)
}
