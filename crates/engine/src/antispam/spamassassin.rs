//! SpamAssassin's headers, as its default `add_header` lines write them
//! (`Mail::SpamAssassin::Conf`):
//!
//! ```text
//! X-Spam-Checker-Version: SpamAssassin _VERSION_ (_SUBVERSION_) on _HOSTNAME_
//! X-Spam-Flag: _YESNOCAPS_                      (spam only)
//! X-Spam-Level: _STARS(*)_
//! X-Spam-Status: _YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_
//!     version=_VERSION_
//! X-Spam-Report: _REPORT_                       (when a site adds it)
//! ```
//!
//! `X-Spam-Status` is folded after the commas of its rule list, so the list is read across the
//! words that follow `tests=` until the next lower-case `key=`. `_TESTSSCORES_` writes each rule
//! with its points (`BAYES_99=3.5`). `_REPORT_` writes one rule a line, `* points RULE description`,
//! with continuation lines (`*      [details]`) under it; its line structure is only in the folded
//! value, so it is read from [`Header::raw_value`](crate::message::Header::raw_value).

use std::collections::BTreeMap;

use super::points::{largest, Points};
use super::spamassassin_tables as t;
use super::{listed, quote, starts_with_ignore_case, verdict, Class, Field, Verdict};

const UNKNOWN_RULE: &str = "SpamAssassin rule (see its documentation)";

/// One rule of an `X-Spam-Report`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReportRule {
    pub(super) name: String,
    /// As written (` 3.5`, trimmed).
    pub(super) points_text: String,
    pub(super) points: Option<Points>,
    /// The report's description of the rule, its first line and wrapped lines.
    pub(super) description: String,
    /// The bracketed details on the lines under it (`[score: 1.0000]`).
    pub(super) details: String,
}

/// A line of an `X-Spam-Report`.
enum ReportItem {
    Rule(ReportRule),
    /// A line before the first rule: the report's preamble or its column titles.
    Text(String),
}

/// Whether an `X-Spam-Status` is SpamAssassin's: it has `required=` or `tests=` (Rspamd's has
/// neither).
pub(super) fn is_spamassassin_status(value: &str) -> bool {
    value
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .any(|w| {
            starts_with_ignore_case(w.as_bytes(), b"required=")
                || starts_with_ignore_case(w.as_bytes(), b"tests=")
        })
}

/// A rule name: letters, digits and underscores, with a letter.
fn is_rule_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The first word of `s` and the rest, trimmed.
fn first_word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(|c: char| c.is_ascii_whitespace()) {
        Some(i) => (&s[..i], s[i..].trim_start()),
        None => (s, ""),
    }
}

fn report_items(raw: &[u8]) -> Vec<ReportItem> {
    let text = String::from_utf8_lossy(raw);
    let mut items: Vec<ReportItem> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim();
        let line = line.strip_prefix('*').unwrap_or(line).trim();
        if line.is_empty() {
            continue;
        }
        let (first, rest) = first_word(line);
        let (name, description) = first_word(rest);
        let points = Points::parse(first).filter(|_| is_rule_name(name));
        if let Some(points) = points {
            items.push(ReportItem::Rule(ReportRule {
                name: name.to_string(),
                points_text: first.to_string(),
                points: Some(points),
                description: description.to_string(),
                details: String::new(),
            }));
            continue;
        }
        match items.last_mut() {
            Some(ReportItem::Rule(rule)) => {
                let target = if line.starts_with('[') {
                    &mut rule.details
                } else {
                    &mut rule.description
                };
                if !target.is_empty() {
                    target.push(' ');
                }
                target.push_str(line);
            }
            _ => items.push(ReportItem::Text(line.to_string())),
        }
    }
    items
}

/// The rules of an `X-Spam-Report`, in order.
pub(super) fn report_rules(raw: &[u8]) -> impl Iterator<Item = ReportRule> {
    report_items(raw).into_iter().filter_map(|i| match i {
        ReportItem::Rule(r) => Some(r),
        ReportItem::Text(_) => None,
    })
}

/// What a rule means: this module's table, else the report's description, else its family's.
fn rule_meaning(name: &str, report: Option<&ReportRule>) -> String {
    let description = report
        .map(|r| r.description.as_str())
        .filter(|d| !d.is_empty());
    let base = t::rule(name)
        .or(description)
        .or_else(|| t::family(name))
        .unwrap_or(UNKNOWN_RULE);
    match report.map(|r| r.details.as_str()).filter(|d| !d.is_empty()) {
        Some(details) => format!("{base} {details}"),
        None => base.to_string(),
    }
}

/// `X-Spam-Report`: one field per rule (its points as the value), and the lines before the
/// first rule as `text`.
pub(super) fn report(raw: &[u8]) -> Vec<Field> {
    report_items(raw)
        .into_iter()
        .map(|item| match item {
            ReportItem::Rule(r) => Field::new(
                r.name.clone(),
                r.points_text.clone(),
                rule_meaning(&r.name, Some(&r)),
            ),
            ReportItem::Text(line) => {
                Field::new("text", line, "a line of the report's preamble, not a rule")
            }
        })
        .collect()
}

/// A lower-case `key=` (`score=`, `autolearn_force=`): what ends the rule list.
fn status_key_of(word: &str) -> Option<(&str, &str)> {
    let (key, value) = word.split_once('=')?;
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .then_some((key, value))
}

/// `X-Spam-Status`; `report` holds the rules of the message's `X-Spam-Report`, for the points
/// and descriptions of the rules listed here by name only.
pub(super) fn status(
    value: &str,
    report: &BTreeMap<String, ReportRule>,
) -> (Vec<Field>, Option<Verdict>) {
    // `Yes, score=…`: the word before the first comma, unless that is already a `key=`.
    let (flag, rest) = match value.split_once(',') {
        Some((head, rest)) if !head.contains('=') => (Some(head.trim()), rest),
        None if !value.contains('=') && !value.trim().is_empty() => (Some(value.trim()), ""),
        _ => (None, value),
    };
    // Items in order: `key=value`, with the rule list gathered across its folded words; a word
    // that is neither comes alone.
    let mut items: Vec<(String, Option<String>)> = Vec::new();
    let mut in_tests = false;
    for word in rest.split_ascii_whitespace() {
        match status_key_of(word) {
            Some((key, v)) => {
                in_tests = key.eq_ignore_ascii_case("tests");
                items.push((key.to_string(), Some(v.to_string())));
            }
            None if in_tests => {
                if let Some((_, Some(list))) = items.last_mut() {
                    list.push_str(word);
                }
            }
            None => items.push((word.to_string(), None)),
        }
    }

    let mut fields = Vec::new();
    let mut spam = None;
    if let Some(flag) = flag {
        let meaning = if flag.eq_ignore_ascii_case("yes") {
            spam = Some(true);
            "Yes: SpamAssassin judged the message spam (its score reached the required score)"
        } else if flag.eq_ignore_ascii_case("no") {
            spam = Some(false);
            "No: SpamAssassin judged the message not spam (its score stayed under the required score)"
        } else {
            "SpamAssassin's verdict should be Yes or No; this is neither"
        };
        fields.push(Field::new("status", flag, meaning));
    }
    let (mut score, mut required) = (None, None);
    let mut scored: Vec<(String, Points)> = Vec::new();
    for (key, v) in items {
        let Some(v) = v else {
            fields.push(Field::new(key, "", "not in SpamAssassin's key=value form"));
            continue;
        };
        match key.as_str() {
            "tests" => {
                let rules: Vec<&str> = v
                    .split(',')
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .collect();
                if rules.is_empty() || (rules.len() == 1 && rules[0].eq_ignore_ascii_case("none")) {
                    fields.push(Field::new("tests", v.as_str(), "no rule matched"));
                    continue;
                }
                for r in rules {
                    // `_TESTSSCORES_` writes `RULE=points`.
                    let (name, written) = match r.split_once('=') {
                        Some((n, p)) => (n, Some(p)),
                        None => (r, None),
                    };
                    let in_report = report.get(name);
                    let points_text = written
                        .map(str::to_string)
                        .or_else(|| in_report.map(|x| x.points_text.clone()))
                        .unwrap_or_default();
                    if let Some(p) = Points::parse(&points_text) {
                        scored.push((name.to_string(), p));
                    }
                    fields.push(Field::new(name, points_text, rule_meaning(name, in_report)));
                }
            }
            _ => {
                let meaning = match key.as_str() {
                    "score" | "hits" | "required" => {
                        let p = Points::parse(&v);
                        if key == "required" {
                            required = p;
                        } else {
                            score = score.or(p);
                        }
                        match p {
                            Some(_) => t::status_key(&key).unwrap_or_default().to_string(),
                            None => format!("{}; {:?} is not a number", t::status_key(&key).unwrap_or_default(), quote(&v, 40)),
                        }
                    }
                    "autolearn" => match t::autolearn(&v.to_ascii_lowercase()) {
                        Some(m) => m.to_string(),
                        None => format!("{}; this value is not one SpamAssassin documents", t::status_key("autolearn").unwrap_or_default()),
                    },
                    k => t::status_key(k)
                        .unwrap_or("not one of the items of SpamAssassin's default X-Spam-Status (the site's add_header line added it)")
                        .to_string(),
                };
                fields.push(Field::new(key, v, meaning));
            }
        }
    }

    let top = largest(scored.iter().map(|(n, p)| (n.as_str(), *p)), 3);
    let because = if top.is_empty() {
        String::new()
    } else {
        format!(", mostly for {}", listed(&top))
    };
    let scored = |against: &str| match (score, required) {
        (Some(s), Some(r)) => format!(
            ": it scored {}, {against} the {} required",
            s.text(),
            r.text()
        ),
        (Some(s), None) => format!(": it scored {}", s.text()),
        (None, _) => String::new(),
    };
    let verdict = match spam {
        Some(true) => verdict(
            Class::Spam,
            format!(
                "SpamAssassin marked it as spam{}{because}; whether that sends it to Junk is up to the mail system that reads its headers (X-Spam-Flag, a tagged Subject).",
                scored("at or over")
            ),
        ),
        Some(false) => verdict(
            Class::Clean,
            format!("SpamAssassin did not mark it as spam{}.", scored("under")),
        ),
        None => None,
    };
    (fields, verdict)
}

/// `X-Spam-Flag` (SpamAssassin writes it on spam only; Rspamd may too).
pub(super) fn flag(value: &str, vendor: &'static str) -> (Vec<Field>, Option<Verdict>) {
    let v = value.trim();
    let (meaning, verdict) = if v.eq_ignore_ascii_case("yes") {
        (
            format!("YES: {vendor} flagged the message as spam"),
            verdict(
                Class::Spam,
                format!("{vendor} flagged it as spam (X-Spam-Flag: YES): mail systems commonly file such messages in Junk."),
            ),
        )
    } else if v.eq_ignore_ascii_case("no") {
        (
            format!("NO: {vendor} did not flag the message as spam"),
            verdict(
                Class::Clean,
                format!("{vendor} did not flag it as spam (X-Spam-Flag: NO)."),
            ),
        )
    } else {
        (
            "the spam flag should be YES or NO; this is neither".to_string(),
            None,
        )
    };
    (vec![Field::new("flag", value, meaning)], verdict)
}

/// `X-Spam-Score`: the score alone (some sites write `6.8 (******) RULES` after it).
pub(super) fn score(value: &str, vendor: &'static str) -> Vec<Field> {
    let (first, _) = first_word(value);
    let meaning = match Points::parse(first) {
        Some(p) => format!("the total points {vendor} gave the message: {}", p.text()),
        None => format!(
            "the total points {vendor} gave the message, but {:?} is not a number",
            quote(value, 40)
        ),
    };
    vec![Field::new("score", value, meaning)]
}

/// `X-Spam-Level`: one `*` per whole point of score.
pub(super) fn level(value: &str, vendor: &'static str) -> Vec<Field> {
    let v = value.trim();
    let mut chars = v.chars();
    let meaning = match chars.next() {
        None => format!("no mark: {vendor} gave the message less than 1 point"),
        Some(c) if chars.all(|d| d == c) => {
            let n = v.chars().count();
            format!(
                "one {c:?} per whole point of score: at least {n} point{}",
                if n == 1 { "" } else { "s" }
            )
        }
        Some(_) => format!(
            "{vendor}'s score as a bar of one repeated character, but this one mixes characters"
        ),
    };
    vec![Field::new("level", value, meaning)]
}

/// `X-Spam-Checker-Version`.
pub(super) fn checker_version(value: &str) -> Vec<Field> {
    vec![Field::new(
        "version",
        value,
        "the SpamAssassin version (and, after \"on\", the host) that checked the message",
    )]
}
