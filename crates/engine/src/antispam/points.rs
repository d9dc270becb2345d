//! Scores as filters write them (`-1.2`, `5.3`, `15.00`, `3.999991`), counted in hundredths.
//!
//! The engine has no floats (a page that parses or prints one links the float code, docs/size.md):
//! a score is read into an integer number of hundredths, rounded half away from zero at the third
//! decimal, and printed back with a small integer routine. The text as written stays in each
//! [`Field::value`](super::Field::value); this is for comparing and ranking scores and for the
//! verdict's sentence.

/// A score in hundredths of a point: `Points(530)` is 5.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Points(pub(crate) i64);

impl Points {
    /// `[+-]digits[.digits]`, or `.digits`; anything else (exponents, `nan`, a number past
    /// `i64`) is `None`.
    pub(crate) fn parse(s: &str) -> Option<Points> {
        let s = s.trim();
        let (negative, unsigned) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
            return None;
        }
        let mut value: i64 = 0;
        for b in whole.bytes() {
            value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        let f = fraction.as_bytes();
        let digit = |i: usize| f.get(i).map_or(0, |b| i64::from(b - b'0'));
        let mut hundredths = value
            .checked_mul(100)?
            .checked_add(digit(0) * 10 + digit(1))?;
        if digit(2) >= 5 {
            hundredths = hundredths.checked_add(1)?;
        }
        Some(Points(if negative { -hundredths } else { hundredths }))
    }

    /// The score with one decimal, or two when the second is not zero: `5.0`, `5.3`, `-0.05`.
    pub(crate) fn text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let (whole, hundredths) = (magnitude / 100, magnitude % 100);
        if hundredths % 10 == 0 {
            format!("{sign}{whole}.{}", hundredths / 10)
        } else {
            format!("{sign}{whole}.{hundredths:02}")
        }
    }
}

/// The `n` largest positive scores of `items`, largest first (equal scores in the order met):
/// one pass, so a list of ten thousand rules costs ten thousand comparisons per place.
pub(crate) fn largest<T: Copy>(
    items: impl Iterator<Item = (T, Points)>,
    n: usize,
) -> Vec<(T, Points)> {
    let mut top: Vec<(T, Points)> = Vec::with_capacity(n + 1);
    for (item, points) in items {
        if points.0 <= 0 {
            continue;
        }
        let at = top
            .iter()
            .position(|(_, p)| points > *p)
            .unwrap_or(top.len());
        if at < n {
            top.insert(at, (item, points));
            top.truncate(n);
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_prints_scores() {
        for (text, hundredths, printed) in [
            ("5.3", 530, "5.3"),
            ("-1.2", -120, "-1.2"),
            ("15.00", 1500, "15.0"),
            ("0.05", 5, "0.05"),
            ("-0.05", -5, "-0.05"),
            ("3.999991", 400, "4.0"),
            ("-2.999999", -300, "-3.0"),
            ("+7", 700, "7.0"),
            (".5", 50, "0.5"),
            ("5.", 500, "5.0"),
            ("-0.0", 0, "0.0"),
            (" 2.125 ", 213, "2.13"),
        ] {
            let p = Points::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(p, Points(hundredths), "{text}");
            assert_eq!(p.text(), printed, "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for text in [
            "",
            "-",
            "+",
            ".",
            "abc",
            "1e5",
            "1.2.3",
            "nan",
            "- 1",
            "1,5",
            "٣",
            "99999999999999999999",
            "92233720368547758.08",
            "92233720368547758.075",
        ] {
            assert_eq!(Points::parse(text), None, "{text:?}");
        }
        // The largest that fits.
        assert_eq!(
            Points::parse("92233720368547758.06"),
            Some(Points(i64::MAX - 1))
        );
        assert_eq!(Points(i64::MIN).text(), "-92233720368547758.08");
    }

    #[test]
    fn largest_keeps_the_top_in_order() {
        let items = [
            ("a", 100),
            ("b", -50),
            ("c", 300),
            ("d", 300),
            ("e", 200),
            ("f", 0),
        ];
        let top = largest(items.iter().map(|(n, p)| (*n, Points(*p))), 3);
        let names: Vec<&str> = top.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["c", "d", "e"]);
        assert!(largest(std::iter::empty::<((), Points)>(), 3).is_empty());
    }
}
