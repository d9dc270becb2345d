//! From JSON text to [`Report`]s: the JSON is read whole by serde_json (a report is one object,
//! a few kilobytes), then walked field by field so that a reporter's deviation costs one field,
//! not the report. Every field that is skipped, unknown or not understood becomes a finding
//! naming its JSON path (`policies[0].summary.total-failure-session-count`); syntax errors name
//! their byte offset.

use std::net::IpAddr;

use serde_json::{Map, Value};

use crate::diag::{Finding, Span};
use crate::dns::normalize_name;

use super::codes::Code;
use super::report::{
    DateRange, FailureDetail, Policy, PolicyResult, PolicyType, Report, ResultType, Summary,
};

/// What one text gave: its reports, and findings about the text as a whole.
pub(crate) struct Parsed {
    pub reports: Vec<Report>,
    pub findings: Vec<Finding>,
}

/// The fields of a report object (RFC 8460 §4.4); one of them makes an object a report.
const REPORT_FIELDS: [&str; 5] = [
    "organization-name",
    "date-range",
    "contact-info",
    "report-id",
    "policies",
];

/// The byte offset in `text` of serde_json's `line` (1-based) and `column`. serde_json counts
/// the column in bytes from the line's start to just past the byte it stopped at, or to the end
/// of the input at its end (`at_end`), where nothing was read past it.
pub(crate) fn byte_offset(text: &str, line: usize, column: usize, at_end: bool) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    for _ in 1..line {
        match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let col = if at_end {
        column
    } else {
        column.saturating_sub(1)
    };
    (start + col).min(bytes.len())
}

/// Reads every JSON value of `text` (one, usually; some exports put several one after the
/// other). `base` is added to byte offsets in messages: the bytes dropped before `text` (a BOM).
pub(crate) fn parse(source: &str, text: &str, base: usize) -> Parsed {
    let mut out = Parsed {
        reports: Vec::new(),
        findings: Vec::new(),
    };
    let mut values = 0usize;
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    loop {
        let next = stream.next();
        match next {
            None => break,
            Some(Ok(value)) => {
                values += 1;
                let name = if values == 1 {
                    source.to_string()
                } else {
                    format!("{source}#{values}")
                };
                match value {
                    Value::Object(map) if REPORT_FIELDS.iter().any(|f| map.contains_key(*f)) => {
                        out.reports.push(read_report(name, &map));
                    }
                    Value::Object(map) => {
                        let keys: Vec<&str> = map.keys().map(String::as_str).take(8).collect();
                        out.findings.push(Code::NotTlsRpt.finding(format!(
                            "{name}: a JSON object with none of the fields of RFC 8460 §4.4 (it has {})",
                            if keys.is_empty() {
                                "no field".to_string()
                            } else {
                                keys.join(", ")
                            }
                        )));
                    }
                    other => {
                        let what = match other {
                            Value::Array(_) => "a JSON array",
                            Value::String(_) => "a JSON string",
                            Value::Number(_) => "a JSON number",
                            Value::Bool(_) => "a JSON boolean",
                            _ => "JSON null",
                        };
                        out.findings.push(
                            Code::NotTlsRpt.finding(format!("{name}: {what}, not a report object")),
                        );
                    }
                }
            }
            Some(Err(e)) => {
                let at_end = e.is_eof();
                let at = byte_offset(text, e.line(), e.column(), at_end);
                let span = Span::new(base + at, base + (at + 1).min(text.len()).max(at));
                let f = if at_end {
                    let which = match values {
                        0 => String::from("the report is cut short"),
                        1 => String::from(
                            "the JSON value after the first report is cut short, and not read",
                        ),
                        n => {
                            format!("the JSON value after the first {n} is cut short, and not read")
                        }
                    };
                    Code::Truncated.finding(format!(
                        "{which}: the JSON ends at byte {} ({e})",
                        base + at
                    ))
                } else if e.to_string().starts_with("recursion limit exceeded") {
                    Code::Syntax.finding(format!(
                        "arrays or objects nested more than 128 deep, at byte {}: no report is so deep",
                        base + at
                    ))
                } else if values > 0 {
                    Code::Damaged.finding(format!(
                        "bytes after the report are not JSON, from byte {} ({e}); the report before them is read",
                        base + at
                    ))
                } else {
                    Code::Syntax
                        .finding(format!("not well-formed JSON at byte {} ({e})", base + at))
                };
                out.findings.push(f.at(span));
                break;
            }
        }
    }
    if values == 0 && out.findings.is_empty() {
        out.findings
            .push(Code::Unreadable.finding("only white space, no JSON value"));
    }
    out
}

/// Findings about one report's fields, said once per field path with how many times.
struct Notes {
    /// (code, path without indices, first path, first message, count)
    list: Vec<(Code, String, String, String, u64)>,
}

impl Notes {
    fn add(&mut self, code: Code, path: &str, message: impl Into<String>) {
        let generic = without_indices(path);
        match self.list.iter_mut().find(|n| n.0 == code && n.1 == generic) {
            Some(n) => n.4 += 1,
            None => self
                .list
                .push((code, generic, path.to_string(), message.into(), 1)),
        }
    }

    fn into_findings(self) -> Vec<Finding> {
        self.list
            .into_iter()
            .map(|(code, _, path, message, count)| {
                let more = match count {
                    1 => String::new(),
                    2 => " (and once more like it)".to_string(),
                    n => format!(" (and {} more like it)", n - 1),
                };
                code.finding(format!("{path}: {message}{more}"))
            })
            .collect()
    }
}

fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '[' => inside = true,
            ']' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Lists the fields of `map` that are not in `known`.
fn unknown_fields(map: &Map<String, Value>, known: &[&str], path: &str, notes: &mut Notes) {
    for key in map.keys() {
        if !known.contains(&key.as_str()) {
            notes.add(
                Code::UnknownField,
                &join(path, key),
                "not a field of RFC 8460 §4.4 here; ignored",
            );
        }
    }
}

/// A text field. Numbers are read as their text (a numeric `report-id`); other kinds are a bad
/// value. Null and absent are `None`.
fn text(map: &Map<String, Value>, key: &str, path: &str, notes: &mut Notes) -> Option<String> {
    match map.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        other => {
            notes.add(
                Code::BadValue,
                &join(path, key),
                format!("{}, where text goes; ignored", kind(other)),
            );
            None
        }
    }
}

/// A required text field: missing is a finding.
fn required_text(
    map: &Map<String, Value>,
    key: &str,
    path: &str,
    notes: &mut Notes,
) -> Option<String> {
    let v = text(map, key, path, notes);
    if v.is_none() && map.get(key).is_none_or(Value::is_null) {
        notes.add(Code::MissingField, &join(path, key), "missing");
    }
    v
}

/// A list of strings. One string is read as a list of one (RFC 8460 Appendix B writes `mx-host`
/// so); items that are not strings are bad values.
fn text_list(map: &Map<String, Value>, key: &str, path: &str, notes: &mut Notes) -> Vec<String> {
    let p = join(path, key);
    match map.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                Value::String(s) => Some(s.clone()),
                other => {
                    notes.add(
                        Code::BadValue,
                        &format!("{p}[{i}]"),
                        format!("{}, where text goes; ignored", kind(other)),
                    );
                    None
                }
            })
            .collect(),
        Some(other) => {
            notes.add(
                Code::BadValue,
                &p,
                format!("{}, where a list of text goes; ignored", kind(other)),
            );
            Vec::new()
        }
    }
}

/// A whole number of the decimal text `s`: digits, then optionally `.` and zeros (`5.0`).
fn whole(s: &str) -> Option<u64> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || frac.bytes().any(|b| b != b'0')
    {
        return None;
    }
    int.parse().ok()
}

/// A required count (RFC 8460 §4.4 writes them as JSON integers). Text holding a whole number is
/// read too, as some reporters write it; anything else is a bad value, and missing or bad reads
/// as 0.
fn count(map: &Map<String, Value>, key: &str, path: &str, notes: &mut Notes) -> u64 {
    let p = join(path, key);
    let (value, shown) = match map.get(key) {
        None | Some(Value::Null) => {
            notes.add(Code::MissingField, &p, "missing; read as 0");
            return 0;
        }
        Some(Value::Number(n)) => (n.as_u64().or_else(|| whole(&n.to_string())), n.to_string()),
        Some(Value::String(s)) => (whole(s), format!("\"{s}\"")),
        Some(other) => (None, kind(other).to_string()),
    };
    value.unwrap_or_else(|| {
        let shown: String = shown.chars().take(40).collect();
        notes.add(
            Code::BadValue,
            &p,
            format!("{shown} is not a whole number of connections; read as 0"),
        );
        0
    })
}

/// An object field, or `None` with a finding when it is another kind.
fn object<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    path: &str,
    notes: &mut Notes,
) -> Option<&'a Map<String, Value>> {
    match map.get(key) {
        None | Some(Value::Null) => {
            notes.add(Code::MissingField, &join(path, key), "missing");
            None
        }
        Some(Value::Object(m)) => Some(m),
        Some(other) => {
            notes.add(
                Code::BadValue,
                &join(path, key),
                format!("{}, where an object goes; ignored", kind(other)),
            );
            None
        }
    }
}

/// The items of an array field; one object alone is read as an array of one.
fn array<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    path: &str,
    required: bool,
    notes: &mut Notes,
) -> Vec<&'a Value> {
    match map.get(key) {
        None | Some(Value::Null) => {
            if required {
                notes.add(Code::MissingField, &join(path, key), "missing");
            }
            Vec::new()
        }
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        Some(other) => {
            notes.add(
                Code::BadValue,
                &join(path, key),
                format!("{}, where an array goes; ignored", kind(other)),
            );
            Vec::new()
        }
    }
}

/// An RFC 3339 `date-time` (RFC 8460 §4.4 writes `date-range` so) in seconds since the epoch:
/// `2016-04-01T00:00:00Z`, with fractions of a second, an offset (`+02:00`), `t`, `z` or a space
/// for `T`. A date alone is its midnight, and a time without a zone is read as UTC: both are met
/// in reports.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim().as_bytes();
    let num = |b: &[u8]| -> Option<i64> {
        (!b.is_empty() && b.iter().all(u8::is_ascii_digit))
            .then(|| b.iter().fold(0i64, |a, d| a * 10 + i64::from(d - b'0')))
    };
    if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(&s[0..4])?, num(&s[5..7])?, num(&s[8..10])?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days_in = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > days_in[(m - 1) as usize] {
        return None;
    }
    let day = crate::message::date::days_from_civil(y, m, d) * 86_400;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(day);
    }
    if !matches!(rest[0], b'T' | b't' | b' ')
        || rest.len() < 9
        || rest[3] != b':'
        || rest[6] != b':'
    {
        return None;
    }
    let (h, mi, sec) = (num(&rest[1..3])?, num(&rest[4..6])?, num(&rest[7..9])?);
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut zone = &rest[9..];
    if let Some(frac) = zone.strip_prefix(b".") {
        let digits = frac.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        zone = &frac[digits..];
    }
    let offset = match zone {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), hh1, hh2, b':', mm1, mm2] => {
            let hh = num(&[*hh1, *hh2])?;
            let mm = num(&[*mm1, *mm2])?;
            if hh > 23 || mm > 59 {
                return None;
            }
            let o = hh * 3600 + mm * 60;
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    Some(day + h * 3600 + mi * 60 + sec - offset)
}

/// An IP address in its canonical form (`2001:db8:abcd:12::1`), brackets dropped; anything else
/// as written, with a finding.
fn ip(map: &Map<String, Value>, key: &str, path: &str, notes: &mut Notes) -> Option<String> {
    let raw = text(map, key, path, notes)?;
    let t = raw.trim();
    let t = t
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(t);
    match t.parse::<IpAddr>() {
        Ok(a) => Some(a.to_string()),
        Err(_) => {
            notes.add(
                Code::BadValue,
                &join(path, key),
                format!("\"{raw}\" is not an IP address; kept as written"),
            );
            Some(raw)
        }
    }
}

fn host(map: &Map<String, Value>, key: &str, path: &str, notes: &mut Notes) -> Option<String> {
    text(map, key, path, notes)
        .map(|h| normalize_name(h.trim()))
        .filter(|h| !h.is_empty())
}

fn read_date_range(map: &Map<String, Value>, notes: &mut Notes) -> Option<DateRange> {
    let d = object(map, "date-range", "", notes)?;
    unknown_fields(d, &["start-datetime", "end-datetime"], "date-range", notes);
    let mut read = |key: &str| {
        let t = required_text(d, key, "date-range", notes);
        let at = t.as_deref().and_then(parse_datetime);
        if let (Some(t), None) = (&t, at) {
            notes.add(
                Code::BadValue,
                &join("date-range", key),
                format!("\"{t}\" is not an RFC 3339 date-time"),
            );
        }
        (t, at)
    };
    let (start_datetime, start) = read("start-datetime");
    let (end_datetime, end) = read("end-datetime");
    Some(DateRange {
        start_datetime,
        end_datetime,
        start,
        end,
    })
}

fn read_failure(v: &Value, path: &str, notes: &mut Notes) -> Option<FailureDetail> {
    let Value::Object(m) = v else {
        notes.add(
            Code::BadValue,
            path,
            format!("{}, where a failure object goes; ignored", kind(v)),
        );
        return None;
    };
    unknown_fields(
        m,
        &[
            "result-type",
            "sending-mta-ip",
            "receiving-mx-hostname",
            "receiving-mx-helo",
            "receiving-ip",
            "failed-session-count",
            "additional-information",
            "failure-reason-code",
        ],
        path,
        notes,
    );
    let result_type = ResultType::parse(
        required_text(m, "result-type", path, notes)
            .as_deref()
            .map(str::trim)
            .unwrap_or_default(),
    );
    if let ResultType::Other(t) = &result_type {
        if !t.is_empty() {
            notes.add(
                Code::UnknownResultType,
                &join(path, "result-type"),
                format!("\"{t}\" is not in the IANA registry; counted as written"),
            );
        }
    }
    Some(FailureDetail {
        result_type,
        sending_mta_ip: ip(m, "sending-mta-ip", path, notes),
        receiving_mx_hostname: host(m, "receiving-mx-hostname", path, notes),
        receiving_mx_helo: text(m, "receiving-mx-helo", path, notes),
        receiving_ip: ip(m, "receiving-ip", path, notes),
        failed: count(m, "failed-session-count", path, notes),
        additional_information: text(m, "additional-information", path, notes),
        failure_reason_code: text(m, "failure-reason-code", path, notes),
    })
}

fn read_policy_result(v: &Value, path: &str, notes: &mut Notes) -> Option<PolicyResult> {
    let Value::Object(m) = v else {
        notes.add(
            Code::BadValue,
            path,
            format!("{}, where a policy object goes; ignored", kind(v)),
        );
        return None;
    };
    unknown_fields(m, &["policy", "summary", "failure-details"], path, notes);
    let policy = match object(m, "policy", path, notes) {
        Some(p) => {
            let pp = join(path, "policy");
            unknown_fields(
                p,
                &["policy-type", "policy-string", "policy-domain", "mx-host"],
                &pp,
                notes,
            );
            Policy {
                policy_type: required_text(p, "policy-type", &pp, notes)
                    .map(|t| PolicyType::parse(t.trim())),
                policy_string: text_list(p, "policy-string", &pp, notes),
                policy_domain: {
                    let d = host(p, "policy-domain", &pp, notes);
                    if d.is_none() {
                        notes.add(Code::MissingField, &join(&pp, "policy-domain"), "missing");
                    }
                    d
                },
                mx_host: text_list(p, "mx-host", &pp, notes)
                    .into_iter()
                    .map(|h| normalize_name(h.trim()))
                    .collect(),
            }
        }
        None => Policy {
            policy_type: None,
            policy_string: Vec::new(),
            policy_domain: None,
            mx_host: Vec::new(),
        },
    };
    let summary = match object(m, "summary", path, notes) {
        Some(s) => {
            let sp = join(path, "summary");
            unknown_fields(
                s,
                &[
                    "total-successful-session-count",
                    "total-failure-session-count",
                ],
                &sp,
                notes,
            );
            Summary {
                successful: count(s, "total-successful-session-count", &sp, notes),
                failed: count(s, "total-failure-session-count", &sp, notes),
            }
        }
        None => Summary::default(),
    };
    let failure_details: Vec<FailureDetail> = array(m, "failure-details", path, false, notes)
        .into_iter()
        .enumerate()
        .filter_map(|(i, f)| read_failure(f, &format!("{path}.failure-details[{i}]"), notes))
        .collect();
    let detailed = failure_details
        .iter()
        .fold(0u64, |a, f| a.saturating_add(f.failed));
    if detailed > summary.failed {
        notes.add(
            Code::CountMismatch,
            &join(path, "failure-details"),
            format!(
                "the failures listed add up to {detailed}, the summary says {}",
                summary.failed
            ),
        );
    }
    Some(PolicyResult {
        policy,
        summary,
        failure_details,
    })
}

/// One report object.
pub(crate) fn read_report(source: String, map: &Map<String, Value>) -> Report {
    let mut notes = Notes { list: Vec::new() };
    unknown_fields(map, &REPORT_FIELDS, "", &mut notes);
    let organization_name = required_text(map, "organization-name", "", &mut notes);
    let date_range = read_date_range(map, &mut notes);
    let contact_info = text(map, "contact-info", "", &mut notes);
    let report_id = required_text(map, "report-id", "", &mut notes);
    let policies = array(map, "policies", "", true, &mut notes)
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| read_policy_result(p, &format!("policies[{i}]"), &mut notes))
        .collect();
    Report {
        source,
        organization_name,
        date_range,
        contact_info,
        report_id,
        policies,
        findings: notes.into_findings(),
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
