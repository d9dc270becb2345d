//! RFC 5322 §3.3 date-time, read tolerantly, to seconds since the epoch in UTC.

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD HH:MM:SS UTC` for a timestamp.
pub fn format_utc(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Parses `[Day,] DD Mon YYYY HH:MM[:SS] zone`. Returns seconds since the epoch, UTC.
pub fn parse(s: &str) -> Option<i64> {
    // Drop comments like "(PDT)" and the day name.
    let mut text = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => text.push(c),
            _ => {}
        }
    }
    let text = match text.find(',') {
        Some(p) => text[p + 1..].to_string(),
        None => text,
    };
    let mut it = text.split_whitespace();
    let day: i64 = it.next()?.parse().ok()?;
    let mon = it.next()?.to_ascii_lowercase();
    let month = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| mon.starts_with(m))? as i64
        + 1;
    let mut year: i64 = it.next()?.parse().ok()?;
    if year < 50 {
        year += 2000;
    } else if year < 1000 {
        year += 1900;
    }
    let time = it.next()?;
    let mut parts = time.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let mi: i64 = parts.next()?.parse().ok()?;
    let sec: i64 = parts.next().map_or(Some(0), |x| x.parse().ok())?;
    // RFC 5322 §3.3 writes the year with four or more digits; beyond 9999 it is no date a
    // message was sent on (and a year of 19 digits would overflow the seconds).
    // And hours, minutes and seconds are never negative (`-9223372036854775808` parses as an
    // i64 and overflowed the sum: found by the message fuzz target).
    if !(1..=31).contains(&day)
        || !(0..=23).contains(&h)
        || !(0..=59).contains(&mi)
        || !(0..=60).contains(&sec)
        || !(0..=9999).contains(&year)
    {
        return None;
    }
    let zone = it.next().unwrap_or("+0000");
    let offset = match zone.to_ascii_uppercase().as_str() {
        "UT" | "UTC" | "GMT" | "Z" => 0,
        "EDT" => -4 * 3600,
        "EST" | "CDT" => -5 * 3600,
        "CST" | "MDT" => -6 * 3600,
        "MST" | "PDT" => -7 * 3600,
        "PST" => -8 * 3600,
        z if (z.starts_with('+') || z.starts_with('-')) && z.len() == 5 => {
            let v: i64 = z[1..].parse().ok()?;
            let secs = (v / 100) * 3600 + (v % 100) * 60;
            if z.starts_with('-') {
                -secs
            } else {
                secs
            }
        }
        _ => 0,
    };
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse("Fri, 11 Jul 2003 21:00:37 -0700 (PDT)"),
            Some(1_057_982_437)
        );
        assert_eq!(parse("11 Jul 2003 21:00:37 PDT"), Some(1_057_982_437));
        assert_eq!(parse("Thu, 1 Jan 1970 00:00:00 +0000"), Some(0));
        assert_eq!(parse("Sat, 28 Nov 2026 17:46:44 GMT"), Some(1_795_888_004));
        assert_eq!(parse("garbage"), None);
        // Found by the message fuzz target: a year this large overflowed the seconds.
        assert_eq!(parse("1 Jan 9223372036854775807 00:00:00 +0000"), None);
        assert_eq!(parse("1 Jan 10000 00:00:00 +0000"), None);
        assert_eq!(parse("31 Dec 9999 23:59:59 +0000"), Some(253_402_300_799));
        // Found by the message fuzz target: a negative hour, minute or second overflowed them.
        assert_eq!(parse("6 Jan 2026 -9223372036854775808:00:00 +0000"), None);
        assert_eq!(parse("6 Jan 2026 00:-9223372036854775808:00 +0000"), None);
        assert_eq!(parse("6 Jan 2026 00:00:-9223372036854775808 +0000"), None);
        assert_eq!(parse("6 Jan 2026 -1:00:00 +0000"), None);
        assert_eq!(format_utc(1_057_982_437), "2003-07-12 04:00:37 UTC");
    }
}
