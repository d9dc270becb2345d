//! Rspamd's headers, as its milter headers module and proxy write them:
//!
//! ```text
//! X-Spamd-Result: default: False [7.54 / 15.00];
//!     DMARC_POLICY_REJECT(2.00)[example.com : SPF not aligned (relaxed),reject];
//!     R_DKIM_REJECT(1.00)[example.org:s=sel];
//!     R_SPF_ALLOW(-0.20)[+ip4:192.0.2.0/24];
//!     ARC_NA(0.00)[]
//! X-Rspamd-Action: add header
//! X-Spam-Status: Yes, score=7.54
//! X-Spamd-Bar: +++++++
//! X-Rspamd-Score: 7.54, X-Rspamd-Report: SYMBOL(1.0) SYMBOL(0.1) (Haraka's plugin)
//! ```
//!
//! `X-Spamd-Result` begins with the metric: `True` only when the action is `reject`, then the
//! score and the reject threshold. Its symbols are `NAME(score)[options]`, separated by `;`
//! (older versions: by spaces, written `NAME (score) [options]`); the options may hold spaces,
//! parentheses and semicolons, so a symbol is read up to its closing bracket, not split.

use super::points::{largest, Points};
use super::rspamd_tables as t;
use super::{listed, quote, spamassassin, verdict, Class, Field, Verdict, RSPAMD};

const UNKNOWN_SYMBOL: &str = "Rspamd symbol (see its documentation)";

/// One `NAME(score)[options]`.
struct Symbol<'a> {
    name: &'a str,
    score: &'a str,
    options: Option<&'a str>,
}

/// The metric that begins `X-Spamd-Result`: `default: False [7.54 / 15.00]`.
struct Metric<'a> {
    name: &'a str,
    rejected: &'a str,
    score: Option<&'a str>,
    threshold: Option<&'a str>,
}

/// `s` after an opening `open` up to the matching `close`, and what follows; an unterminated one
/// takes the rest.
fn bracketed(s: &str, close: char) -> (&str, &str) {
    let inner = &s[1..];
    match inner.find(close) {
        Some(i) => (&inner[..i], &inner[i + 1..]),
        None => (inner, ""),
    }
}

fn read_metric(s: &str) -> (Option<Metric<'_>>, &str) {
    let s = s.trim_start();
    let Some((name, after)) = s.split_once(':') else {
        return (None, s);
    };
    let is_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !is_name {
        return (None, s);
    }
    let after = after.trim_start();
    let end = after
        .find(|c: char| c.is_ascii_whitespace() || c == '[' || c == ';')
        .unwrap_or(after.len());
    let (rejected, mut rest) = after.split_at(end);
    let (mut score, mut threshold) = (None, None);
    if rest.trim_start().starts_with('[') {
        let (inside, after_bracket) = bracketed(rest.trim_start(), ']');
        rest = after_bracket;
        let (a, b) = inside.split_once('/').unwrap_or((inside, ""));
        score = Some(a.trim());
        threshold = Some(b.trim()).filter(|b| !b.is_empty());
    }
    let metric = Metric {
        name,
        rejected,
        score,
        threshold,
    };
    (Some(metric), rest)
}

/// The symbols of `s`, in order. Every turn consumes at least one character, so the whole is
/// read in one pass whatever `s` holds.
fn read_symbols(mut s: &str) -> Vec<Symbol<'_>> {
    let mut symbols = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ';');
        if s.is_empty() {
            return symbols;
        }
        let end = s
            .find(|c: char| c == '(' || c == '[' || c == ';' || c.is_ascii_whitespace())
            .unwrap_or(s.len());
        let (name, rest) = s.split_at(end);
        s = rest;
        let mut score = "";
        if s.trim_start().starts_with('(') {
            (score, s) = bracketed(s.trim_start(), ')');
        }
        let mut options = None;
        if s.trim_start().starts_with('[') {
            let (inside, rest) = bracketed(s.trim_start(), ']');
            options = Some(inside);
            s = rest;
        }
        symbols.push(Symbol {
            name,
            score: score.trim(),
            options,
        });
    }
}

fn symbol_meaning(name: &str) -> &'static str {
    if name.is_empty() {
        return "a score or options without a symbol name";
    }
    t::symbol(name)
        .or_else(|| t::family(name))
        .unwrap_or(UNKNOWN_SYMBOL)
}

fn symbol_fields<'a>(symbols: &[Symbol<'a>], fields: &mut Vec<Field>) -> Vec<(&'a str, Points)> {
    let mut scored = Vec::new();
    for sym in symbols {
        let value = match sym.options {
            Some(o) if !o.is_empty() => format!("{} [{o}]", sym.score),
            _ => sym.score.to_string(),
        };
        if let Some(p) = Points::parse(sym.score) {
            scored.push((sym.name, p));
        }
        fields.push(Field::new(sym.name, value.trim(), symbol_meaning(sym.name)));
    }
    scored
}

fn mostly(scored: &[(&str, Points)]) -> String {
    let top = largest(scored.iter().copied(), 3);
    if top.is_empty() {
        String::new()
    } else {
        format!("; the score came mostly from {}", listed(&top))
    }
}

/// `X-Spamd-Result`; `action` is the message's `X-Rspamd-Action`, which says what Rspamd did
/// with this score.
pub(super) fn result(value: &str, action: Option<&str>) -> (Vec<Field>, Option<Verdict>) {
    let (metric, rest) = read_metric(value);
    let mut fields = Vec::new();
    let (mut score, mut threshold, mut rejected) = (None, None, None);
    if let Some(m) = &metric {
        let meaning = if m.rejected.eq_ignore_ascii_case("true") {
            rejected = Some(true);
            "True: Rspamd's action was reject"
        } else if m.rejected.eq_ignore_ascii_case("false") {
            rejected = Some(false);
            "False: Rspamd's action was not reject (True is written only for reject)"
        } else {
            "should be True or False (whether Rspamd's action was reject); this is neither"
        };
        fields.push(Field::new(m.name, m.rejected, meaning));
        if let Some(s) = m.score {
            score = Points::parse(s);
            let meaning = match score {
                Some(_) => "the message's score: the sum of its symbols' scores".to_string(),
                None => format!(
                    "the message's score, but {:?} is not a number",
                    quote(s, 40)
                ),
            };
            fields.push(Field::new("score", s, meaning));
        }
        if let Some(th) = m.threshold {
            threshold = Points::parse(th);
            let meaning = match threshold {
                Some(_) => {
                    "the score at which Rspamd rejects a message (its reject threshold)".to_string()
                }
                None => format!(
                    "the reject threshold, but {:?} is not a number",
                    quote(th, 40)
                ),
            };
            fields.push(Field::new("threshold", th, meaning));
        }
    }
    let symbols = read_symbols(rest);
    let scored = symbol_fields(&symbols, &mut fields);
    let because = mostly(&scored);
    let scored_at = match (score, threshold) {
        (Some(s), Some(th)) => format!(
            "Rspamd scored it {} (it rejects at {})",
            s.text(),
            th.text()
        ),
        (Some(s), None) => format!("Rspamd scored it {}", s.text()),
        _ => "Rspamd checked it".to_string(),
    };
    let verdict = if let Some((what, class)) = action.and_then(t::action) {
        let action = quote(action.unwrap_or_default().trim(), 40);
        verdict(
            class,
            format!("{scored_at} and took the action {action:?}: {what}{because}."),
        )
    } else if rejected == Some(true) {
        verdict(
            Class::Spam,
            format!("{scored_at} and chose to reject it{because}."),
        )
    } else if let Some(s) = score {
        let (class, what) = if threshold.is_some_and(|th| s >= th) {
            (Class::Spam, "at or over the reject threshold".to_string())
        } else if s.0 >= t::DEFAULT_ADD_HEADER {
            (Class::Spam, format!("with Rspamd's default thresholds that reaches the add header action ({}), which marks it as spam", Points(t::DEFAULT_ADD_HEADER).text()))
        } else if s.0 >= t::DEFAULT_GREYLIST {
            (Class::Suspicious, format!("with Rspamd's default thresholds that is between greylisting ({}) and the add header action ({}): delayed at most, not marked as spam", Points(t::DEFAULT_GREYLIST).text(), Points(t::DEFAULT_ADD_HEADER).text()))
        } else {
            (
                Class::Clean,
                format!(
                    "with Rspamd's default thresholds that is under greylisting ({}): not spam",
                    Points(t::DEFAULT_GREYLIST).text()
                ),
            )
        };
        verdict(class, format!("{scored_at}: {what}{because}."))
    } else {
        None
    };
    (fields, verdict)
}

/// `X-Rspamd-Action`.
pub(super) fn action(value: &str) -> (Vec<Field>, Option<Verdict>) {
    let known = t::action(value);
    let meaning = match known {
        Some((what, _)) => format!("Rspamd's action: {what}"),
        None => "Rspamd's action: one of the site's own, not one of Rspamd's".to_string(),
    };
    let verdict = known.and_then(|(what, class)| {
        verdict(
            class,
            format!("Rspamd's action was {:?}: {what}.", quote(value.trim(), 40)),
        )
    });
    (vec![Field::new("action", value, meaning)], verdict)
}

/// `X-Rspamd-Score`.
pub(super) fn score(value: &str) -> Vec<Field> {
    spamassassin::score(value, RSPAMD)
}

/// `X-Rspamd-Report` (Haraka's Rspamd plugin): `SYMBOL(score)` separated by spaces.
pub(super) fn report(value: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    symbol_fields(&read_symbols(value), &mut fields);
    fields
}

/// `X-Spamd-Bar` (`X-Rspamd-Bar`): one `+` per whole point, one `-` per whole negative point, `/`
/// in between.
pub(super) fn bar(value: &str) -> Vec<Field> {
    let v = value.trim();
    let n = v.chars().count();
    let meaning = if v == "/" {
        "a score between -1 and 1".to_string()
    } else if n > 0 && v.bytes().all(|b| b == b'+') {
        format!("one + per whole point of score: at least {n}")
    } else if n > 0 && v.bytes().all(|b| b == b'-') {
        format!("one - per whole negative point of score: {n} or lower")
    } else if v.is_empty() {
        "an empty bar".to_string()
    } else {
        "Rspamd's score as a bar of + or -, but this one has other characters".to_string()
    };
    vec![Field::new("bar", value, meaning)]
}

/// Rspamd's `X-Spam-Status`: `Yes, score=7.54`, Yes when the action is neither no action nor
/// greylist.
pub(super) fn spam_status(value: &str) -> (Vec<Field>, Option<Verdict>) {
    let (flag, rest) = match value.split_once(',') {
        Some((head, rest)) if !head.contains('=') => (head.trim(), rest),
        None if !value.contains('=') => (value.trim(), ""),
        _ => ("", value),
    };
    let mut fields = Vec::new();
    let spam = if flag.eq_ignore_ascii_case("yes") {
        Some(true)
    } else if flag.eq_ignore_ascii_case("no") {
        Some(false)
    } else {
        None
    };
    if !flag.is_empty() {
        let meaning = match spam {
            Some(true) => "Yes: Rspamd's action was stronger than greylisting (add header, rewrite subject, reject…): spam",
            Some(false) => "No: Rspamd's action was no action or greylist: not spam",
            None => "should be Yes or No; this is neither",
        };
        fields.push(Field::new("status", flag, meaning));
    }
    let mut score = None;
    for word in rest.split_ascii_whitespace() {
        match word.split_once('=') {
            Some((key, v)) if key.eq_ignore_ascii_case("score") => {
                score = score.or(Points::parse(v));
                fields.push(Field::new(key, v, "the message's Rspamd score"));
            }
            Some((key, v)) => fields.push(Field::new(
                key,
                v,
                "not one of the items of Rspamd's X-Spam-Status",
            )),
            None => fields.push(Field::new(word, "", "not in the key=value form")),
        }
    }
    let score = score
        .map(|s| format!(", score {}", s.text()))
        .unwrap_or_default();
    let verdict = match spam {
        Some(true) => verdict(
            Class::Spam,
            format!("Rspamd marked it as spam (X-Spam-Status: Yes{score}): its action was add header or stronger, which the mail system usually files in Junk."),
        ),
        Some(false) => verdict(
            Class::Clean,
            format!("Rspamd did not mark it as spam (X-Spam-Status: No{score}): its action was no action or greylist."),
        ),
        None => None,
    };
    (fields, verdict)
}

/// `X-Spam` beside Rspamd's headers: its spam flag, written with the add header action.
pub(super) fn spam_flag(value: &str) -> (Vec<Field>, Option<Verdict>) {
    let v = value.trim();
    let (meaning, verdict) = if v.eq_ignore_ascii_case("yes") {
        (
            "Yes: Rspamd marked the message as spam",
            verdict(Class::Spam, "Rspamd marked it as spam (X-Spam: Yes): the mail system usually files such messages in Junk."),
        )
    } else if v.eq_ignore_ascii_case("no") {
        ("No: Rspamd did not mark the message as spam", None)
    } else {
        (
            "Rspamd's spam flag should be Yes; this is something else",
            None,
        )
    };
    (vec![Field::new("flag", value, meaning)], verdict)
}
