//! Tests of [`super`] (parse.rs): what is not reached through whole files.

use super::*;

#[test]
fn datetimes() {
    for (s, want) in [
        ("2016-04-01T00:00:00Z", Some(1_459_468_800)),
        ("2016-04-01t00:00:00z", Some(1_459_468_800)),
        ("2016-04-01T02:00:00+02:00", Some(1_459_468_800)),
        ("2016-03-31T19:00:00-05:00", Some(1_459_468_800)),
        ("2016-04-01T00:00:00.123456Z", Some(1_459_468_800)),
        ("2016-04-01T00:00:00", Some(1_459_468_800)),
        ("2016-04-01", Some(1_459_468_800)),
        ("2024-02-29T12:00:00Z", Some(1_709_208_000)),
        ("1969-12-31T23:59:59Z", Some(-1)),
        ("2023-02-29T00:00:00Z", None),
        ("2016-13-01T00:00:00Z", None),
        ("2016-04-01T24:00:00Z", None),
        ("2016-04-01T00:00:00.Z", None),
        ("2016-04-01T00:00:00+2:00", None),
        ("2016-04-01X00:00:00Z", None),
        ("yesterday", None),
        ("", None),
        ("２０１６-04-01", None),
    ] {
        assert_eq!(parse_datetime(s), want, "{s}");
    }
}

#[test]
fn byte_offsets_of_lines_and_columns() {
    let text = "ab\ncde\n\nf";
    assert_eq!(byte_offset(text, 1, 1, false), 0);
    assert_eq!(byte_offset(text, 2, 3, false), 5);
    assert_eq!(byte_offset(text, 4, 1, true), 9);
    assert_eq!(byte_offset(text, 4, 1, false), 8);
    // Past the end, or lines that are not there: the end.
    assert_eq!(byte_offset(text, 9, 9, true), 9);
    assert_eq!(byte_offset("", 1, 0, false), 0);
}
