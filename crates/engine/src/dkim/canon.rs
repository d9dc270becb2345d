//! Canonicalization (RFC 6376 §3.4) and the choice of header fields to hash (§5.4.2).

use super::signature::Canon;
use crate::message::Header;

fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// One header field canonicalized, with its CRLF.
pub fn header(name: &str, raw: &[u8], canon: Canon) -> Vec<u8> {
    match canon {
        // §3.4.1: the field exactly as it is.
        Canon::Simple => {
            let mut v = raw.to_vec();
            v.extend_from_slice(b"\r\n");
            v
        }
        // §3.4.2: lower-case name, unfolded value, runs of WSP as one SP, no WSP at the ends or
        // around the colon.
        Canon::Relaxed => {
            let colon = raw.iter().position(|b| *b == b':').unwrap_or(raw.len());
            let _ = name;
            let name: Vec<u8> = raw[..colon]
                .iter()
                .filter(|b| !is_wsp(**b))
                .map(|b| b.to_ascii_lowercase())
                .collect();
            let mut value = Vec::new();
            let mut pending_space = false;
            for &b in raw.get(colon + 1..).unwrap_or(&[]) {
                match b {
                    b'\r' | b'\n' => {}
                    b if is_wsp(b) => pending_space = true,
                    b => {
                        if pending_space && !value.is_empty() {
                            value.push(b' ');
                        }
                        pending_space = false;
                        value.push(b);
                    }
                }
            }
            let mut out = name;
            out.push(b':');
            out.extend_from_slice(&value);
            out.extend_from_slice(b"\r\n");
            out
        }
    }
}

/// The body canonicalized (§3.4.3, §3.4.4).
pub fn body(body: &[u8], canon: Canon) -> Vec<u8> {
    match canon {
        Canon::Simple => {
            let mut v = body.to_vec();
            while v.ends_with(b"\r\n\r\n") {
                v.truncate(v.len() - 2);
            }
            if !v.ends_with(b"\r\n") {
                v.extend_from_slice(b"\r\n");
            }
            v
        }
        Canon::Relaxed => {
            let mut out = Vec::with_capacity(body.len());
            let trimmed = body.strip_suffix(b"\r\n").unwrap_or(body);
            for line in trimmed.split(|b| *b == b'\n') {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let mut l = Vec::with_capacity(line.len());
                let mut space = false;
                for &b in line {
                    if is_wsp(b) {
                        space = true;
                    } else {
                        if space {
                            l.push(b' ');
                        }
                        space = false;
                        l.push(b);
                    }
                }
                out.extend_from_slice(&l);
                out.extend_from_slice(b"\r\n");
            }
            while out.ends_with(b"\r\n") && (out.len() == 2 || out.ends_with(b"\r\n\r\n")) {
                out.truncate(out.len() - 2);
            }
            out
        }
    }
}

/// The header fields `h=` selects: for each name, the last instance not yet used, from the bottom
/// up (§5.4.2). `None` marks a name with no instance left (over-signed: it asserts absence).
pub fn select<'a>(headers: &'a [Header], names: &[String]) -> Vec<(String, Option<&'a Header>)> {
    let mut used = vec![false; headers.len()];
    names
        .iter()
        .map(|n| {
            let pick = (0..headers.len())
                .rev()
                .find(|&i| !used[i] && headers[i].is(n));
            if let Some(i) = pick {
                used[i] = true;
            }
            (n.clone(), pick.map(|i| &headers[i]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6376 §3.4.5 example.
    #[test]
    fn rfc6376_example() {
        assert_eq!(header("A", b"A: X", Canon::Relaxed), b"a:X\r\n");
        assert_eq!(
            header("B", b"B : Y\t\r\n\tZ  ", Canon::Relaxed),
            b"b:Y Z\r\n"
        );
        assert_eq!(
            header("B", b"B : Y\t\r\n\tZ  ", Canon::Simple),
            b"B : Y\t\r\n\tZ  \r\n"
        );
        let b = b" C \r\nD \t E\r\n\r\n\r\n";
        assert_eq!(body(b, Canon::Relaxed), b" C\r\nD E\r\n");
        assert_eq!(body(b, Canon::Simple), b" C \r\nD \t E\r\n");
    }

    #[test]
    fn empty_and_unterminated_bodies() {
        assert_eq!(body(b"", Canon::Simple), b"\r\n");
        assert_eq!(body(b"", Canon::Relaxed), b"");
        assert_eq!(body(b"\r\n\r\n", Canon::Relaxed), b"");
        assert_eq!(body(b"x", Canon::Simple), b"x\r\n");
        assert_eq!(body(b"x  ", Canon::Relaxed), b"x\r\n");
        assert_eq!(body(b"a\r\n\r\nb\r\n", Canon::Relaxed), b"a\r\n\r\nb\r\n");
    }

    #[test]
    fn selection_bottom_up_and_oversigned() {
        let m = crate::message::parse(b"Subject: one\r\nFrom: a@x.example\r\nSubject: two\r\n\r\n");
        let names: Vec<String> = ["subject", "from", "subject", "subject"]
            .map(String::from)
            .to_vec();
        let s = select(&m.headers, &names);
        assert_eq!(s[0].1.unwrap().value(), "two");
        assert_eq!(s[2].1.unwrap().value(), "one");
        assert!(s[3].1.is_none());
    }
}
