//! The receiving filter's own verdict, read from the headers it stamped on the message:
//! Microsoft 365 (Exchange Online Protection), SpamAssassin and Rspamd.
//!
//! Authentication says who sent a message; these headers say what the filter then concluded,
//! which is usually what put the message in Junk. [`decode`] turns each anti-spam header into its
//! fields, every field with what the vendor's documentation says it means, and the filter's
//! verdict in one sentence. Nothing is dropped: a field this module does not know is kept with its
//! value and says so.
//!
//! | Vendor | Headers |
//! |---|---|
//! | Microsoft | `X-Forefront-Antispam-Report` (and `-Untrusted`), `X-Microsoft-Antispam` (and `-Untrusted`), `X-MS-Exchange-Organization-SCL`, `X-CustomSpam`, the `compauth=` result of its `Authentication-Results` |
//! | SpamAssassin | `X-Spam-Status`, `X-Spam-Report`, `X-Spam-Flag`, `X-Spam-Score`, `X-Spam-Level`, `X-Spam-Checker-Version` |
//! | Rspamd | `X-Spamd-Result`, `X-Rspamd-Action`, `X-Rspamd-Score`, `X-Rspamd-Report`, `X-Spamd-Bar` (`X-Rspamd-Bar`), `X-Spam`, and its own `X-Spam-Status`, `X-Spam-Level`, `X-Spam-Score` |
//!
//! The headers Rspamd and SpamAssassin share (`X-Spam-Status`, `-Level`, `-Score`, `-Flag`) are
//! told apart by the message: SpamAssassin's `X-Spam-Status` always has `required=`, and a message
//! that carries Rspamd's own headers and none of SpamAssassin's is Rspamd's.
//!
//! Each vendor's decoder is beside its meaning tables (`microsoft.rs` and `microsoft_tables.rs`,
//! …); the tables are `match`es behind functions that only the decoders call, so a page that never
//! decodes links none of their text. Time and output are linear in the header's length; scores are
//! counted in hundredths (`points.rs`), as the engine has no floats.

mod microsoft;
mod microsoft_tables;
mod points;
mod rspamd;
mod rspamd_tables;
mod spamassassin;
mod spamassassin_tables;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::message::{Header, Message};

/// The vendors, as [`Decoded::vendor`] names them.
pub const MICROSOFT: &str = "Microsoft";
pub const SPAMASSASSIN: &str = "SpamAssassin";
pub const RSPAMD: &str = "Rspamd";

/// One anti-spam header, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    /// [`MICROSOFT`], [`SPAMASSASSIN`] or [`RSPAMD`].
    pub vendor: &'static str,
    /// The field name as written (`X-Forefront-Antispam-Report`).
    pub header: String,
    /// The header's items in the order written.
    pub fields: Vec<Field>,
    /// What the filter concluded, when this header says it; `None` for headers that only carry
    /// details (`X-Spam-Level`, a report of rules).
    pub verdict: Option<Verdict>,
}

/// One item of an anti-spam header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// As written (`SFV`, `score`, `BAYES_99`).
    pub name: String,
    /// As written, possibly empty (`SPM`, `5.3`).
    pub value: String,
    /// What the vendor's documentation says it means, in plain words; for an item it does not
    /// document, that it is not documented.
    pub meaning: String,
}

impl Field {
    fn new(name: impl Into<String>, value: impl Into<String>, meaning: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            value: value.into(),
            meaning: meaning.into(),
        }
    }
}

/// What a filter concluded about the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// What the filter took the message for: `clean`, `bulk`, `spam`, `phish`, …
    pub spam: Class,
    /// The conclusion in one plain sentence, with what it does to the message by default and,
    /// where there is one, what an admin can change.
    pub sentence: String,
}

/// What a filter took a message for, from the most welcome to the most dangerous: the order is
/// the severity [`likely_cause`] ranks verdicts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Filtering was skipped on purpose: an allow list, a safe sender, a bypass rule, a release
    /// from quarantine.
    Allowed,
    /// Judged not spam.
    Clean,
    /// Doubtful but delivered as usual (Rspamd's greylisting).
    Suspicious,
    /// Bulk mail (newsletters, marketing) over the bulk threshold.
    Bulk,
    /// The sender's domain did not authenticate the message (Microsoft's composite
    /// authentication failed, or its spoof category).
    Spoof,
    Spam,
    HighConfidenceSpam,
    /// Refused because of a block list (the recipient's Blocked Senders, a policy's blocked
    /// senders or domains), whatever its content.
    Blocked,
    /// Phishing, impersonation included.
    Phish,
    Malware,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Allowed => "allowed",
            Class::Clean => "clean",
            Class::Suspicious => "suspicious",
            Class::Bulk => "bulk",
            Class::Spoof => "spoof",
            Class::Spam => "spam",
            Class::HighConfidenceSpam => "high-confidence-spam",
            Class::Blocked => "blocked",
            Class::Phish => "phish",
            Class::Malware => "malware",
        }
    }

    /// Whether filters act against such a message (Junk, quarantine, rejection) by default.
    pub fn is_unwanted(self) -> bool {
        self >= Class::Bulk
    }
}

fn verdict(spam: Class, sentence: impl Into<String>) -> Option<Verdict> {
    Some(Verdict {
        spam,
        sentence: sentence.into(),
    })
}

/// The names of the headers [`decode`] reads (lower case), except `Authentication-Results` and
/// `ARC-Authentication-Results`, which it reads when they hold Microsoft's `compauth=`.
const NAMES: [&str; 20] = [
    "x-forefront-antispam-report",
    "x-forefront-antispam-report-untrusted",
    "x-microsoft-antispam",
    "x-microsoft-antispam-untrusted",
    "x-ms-exchange-organization-scl",
    "x-microsoft-antispam-mailbox-delivery",
    "x-customspam",
    "x-spam-status",
    "x-spam-report",
    "x-spam-checker-version",
    "x-spam-flag",
    "x-spam-score",
    "x-spam-level",
    "x-spamd-result",
    "x-rspamd-action",
    "x-rspamd-score",
    "x-rspamd-report",
    "x-spamd-bar",
    "x-rspamd-bar",
    "x-spam",
];

/// Whether the message carries a header [`decode`] may read: a look at the names only, so that a
/// page can tell without linking the decoders and their tables (the message page draws them from
/// its second module).
pub fn present(msg: &Message) -> bool {
    msg.headers.iter().any(|h| {
        NAMES.iter().any(|n| h.is(n))
            || ((h.is("Authentication-Results") || h.is("ARC-Authentication-Results"))
                && memchr::memmem::find(&h.raw.to_ascii_lowercase(), b"compauth=").is_some())
    })
}

/// What most likely sent the message to junk: the sentence of the filter's own verdict
/// ([`likely_cause`]) when one took it for unwanted mail, else `otherwise` (the first unmet
/// sender requirement, [`crate::message::requirements::Requirements::junk_sentence`]).
pub fn junk_reason(decoded: &[Decoded], otherwise: &str) -> String {
    match likely_cause(decoded).and_then(|d| d.verdict.as_ref()) {
        Some(v) => v.sentence.clone(),
        None => otherwise.to_string(),
    }
}

/// Every anti-spam header of the message, decoded, top (most recent) to bottom.
pub fn decode(msg: &Message) -> Vec<Decoded> {
    let context = Context::of(msg);
    msg.headers
        .iter()
        .filter_map(|h| decode_header(h, &context))
        .collect()
}

/// The decoded header whose verdict most likely sent the message to Junk (or quarantine): among
/// the unwanted verdicts ([`Class::is_unwanted`]), those of each filter's main header first (the
/// Forefront report, `X-Spamd-Result` or `X-Rspamd-Action`, `X-Spam-Status`), which weigh every
/// other; then the most severe; then the topmost, the last filter to look at the message. An
/// `-Untrusted` copy, another organization's verdict, is never the cause. `None` when no filter
/// objected.
pub fn likely_cause(decoded: &[Decoded]) -> Option<&Decoded> {
    let mut best: Option<(&Decoded, (bool, Class))> = None;
    for d in decoded {
        let Some(v) = &d.verdict else { continue };
        if !v.spam.is_unwanted() || is_untrusted(&d.header) {
            continue;
        }
        let rank = (is_main(&d.header), v.spam);
        if best.is_none_or(|(_, r)| rank > r) {
            best = Some((d, rank));
        }
    }
    best.map(|(d, _)| d)
}

fn is_untrusted(header: &str) -> bool {
    header.len() >= 10
        && header.is_char_boundary(header.len() - 10)
        && header[header.len() - 10..].eq_ignore_ascii_case("-untrusted")
}

fn is_main(header: &str) -> bool {
    [
        "X-Forefront-Antispam-Report",
        "X-Spamd-Result",
        "X-Rspamd-Action",
        "X-Spam-Status",
    ]
    .iter()
    .any(|m| header.eq_ignore_ascii_case(m))
}

/// What the whole message tells about the headers' writers, read before decoding them one by one.
struct Context {
    /// Rspamd's own headers are present (`X-Spamd-Result`, `X-Rspamd-*`, `X-Spamd-Bar`).
    rspamd: bool,
    /// SpamAssassin's own headers are present (`X-Spam-Checker-Version`, `X-Spam-Report`, an
    /// `X-Spam-Status` with `required=` or `tests=`).
    spamassassin: bool,
    /// The topmost `X-Rspamd-Action`: what Rspamd did with the score `X-Spamd-Result` shows.
    rspamd_action: Option<String>,
    /// The rules of the topmost `X-Spam-Report`, by name: their points and description, for the
    /// rules `X-Spam-Status` lists by name only.
    report: BTreeMap<String, spamassassin::ReportRule>,
}

impl Context {
    fn of(msg: &Message) -> Context {
        let mut c = Context {
            rspamd: false,
            spamassassin: false,
            rspamd_action: None,
            report: BTreeMap::new(),
        };
        let mut report_read = false;
        for h in &msg.headers {
            let name = h.name.as_bytes();
            if starts_with_ignore_case(name, b"x-rspamd-")
                || h.is("X-Spamd-Result")
                || h.is("X-Spamd-Bar")
            {
                c.rspamd = true;
            }
            if h.is("X-Rspamd-Action") && c.rspamd_action.is_none() {
                c.rspamd_action = Some(h.value());
            }
            if h.is("X-Spam-Checker-Version") {
                c.spamassassin = true;
            }
            if h.is("X-Spam-Status") && spamassassin::is_spamassassin_status(&h.value()) {
                c.spamassassin = true;
            }
            if h.is("X-Spam-Report") {
                c.spamassassin = true;
                if !report_read {
                    report_read = true;
                    for rule in spamassassin::report_rules(h.raw_value()) {
                        c.report.entry(rule.name.clone()).or_insert(rule);
                    }
                }
            }
        }
        c
    }

    /// Who wrote a header both filters write: Rspamd when its headers are there and
    /// SpamAssassin's are not.
    fn shared_vendor(&self) -> &'static str {
        if self.rspamd && !self.spamassassin {
            RSPAMD
        } else {
            SPAMASSASSIN
        }
    }
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn decode_header(h: &Header, c: &Context) -> Option<Decoded> {
    let name = h.name.to_ascii_lowercase();
    let (vendor, fields, verdict) = match name.as_str() {
        "x-forefront-antispam-report" | "x-forefront-antispam-report-untrusted" => {
            let (f, v) = microsoft::forefront(&h.value(), is_untrusted(&h.name));
            (MICROSOFT, f, v)
        }
        "x-microsoft-antispam" | "x-microsoft-antispam-untrusted" => {
            let (f, v) = microsoft::antispam(&h.value(), is_untrusted(&h.name));
            (MICROSOFT, f, v)
        }
        "x-ms-exchange-organization-scl" => {
            let (f, v) = microsoft::scl_header(&h.value());
            (MICROSOFT, f, v)
        }
        "x-customspam" => {
            let (f, v) = microsoft::custom_spam(&h.value());
            (MICROSOFT, f, v)
        }
        "authentication-results" => {
            let (f, v) = microsoft::compauth(&h.value())?;
            (MICROSOFT, f, v)
        }
        "arc-authentication-results" => {
            let (f, v) = microsoft::arc_compauth(&h.value())?;
            (MICROSOFT, f, v)
        }
        "x-microsoft-antispam-mailbox-delivery" => {
            let (f, v) = microsoft::mailbox_delivery(&h.value());
            (MICROSOFT, f, v)
        }
        "x-spam-status" => {
            let value = h.value();
            if spamassassin::is_spamassassin_status(&value) || c.shared_vendor() == SPAMASSASSIN {
                let (f, v) = spamassassin::status(&value, &c.report);
                (SPAMASSASSIN, f, v)
            } else {
                let (f, v) = rspamd::spam_status(&value);
                (RSPAMD, f, v)
            }
        }
        "x-spam-report" => (SPAMASSASSIN, spamassassin::report(h.raw_value()), None),
        "x-spam-checker-version" => (
            SPAMASSASSIN,
            spamassassin::checker_version(&h.value()),
            None,
        ),
        "x-spam-flag" => {
            let vendor = c.shared_vendor();
            let (f, v) = spamassassin::flag(&h.value(), vendor);
            (vendor, f, v)
        }
        "x-spam-score" => {
            let vendor = c.shared_vendor();
            (vendor, spamassassin::score(&h.value(), vendor), None)
        }
        "x-spam-level" => {
            let vendor = c.shared_vendor();
            (vendor, spamassassin::level(&h.value(), vendor), None)
        }
        "x-spamd-result" => {
            let (f, v) = rspamd::result(&h.value(), c.rspamd_action.as_deref());
            (RSPAMD, f, v)
        }
        "x-rspamd-action" => {
            let (f, v) = rspamd::action(&h.value());
            (RSPAMD, f, v)
        }
        "x-rspamd-score" => (RSPAMD, rspamd::score(&h.value()), None),
        "x-rspamd-report" => (RSPAMD, rspamd::report(&h.value()), None),
        "x-spamd-bar" | "x-rspamd-bar" => (RSPAMD, rspamd::bar(&h.value()), None),
        // A bare `X-Spam` flag is Rspamd's only beside Rspamd's other headers.
        "x-spam" if c.rspamd => {
            let (f, v) = rspamd::spam_flag(&h.value());
            (RSPAMD, f, v)
        }
        _ => return None,
    };
    Some(Decoded {
        vendor,
        header: h.name.clone(),
        fields,
        verdict,
    })
}

/// `text` cut at `max` bytes (on a character boundary) with `…` when cut: a value quoted inside
/// a meaning or a sentence stays short whatever the header holds.
fn quote(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// `A (3.5), B (1.0) and C (0.9)`.
fn listed(items: &[(&str, points::Points)]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|(name, p)| format!("{} ({})", quote(name, 60), p.text()))
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
