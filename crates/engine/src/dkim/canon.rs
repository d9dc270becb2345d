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

/// Octets handed to a body sink at a time (`body_into`).
///
/// Small enough that the hash function is called many times on a large body: in the page, V8
/// runs a wasm function's first calls as baseline code and only later calls get the optimized
/// code, so one call hashing a whole 1 MB body ran slow to its end (SHA-256 of 1 MB took 45 ms
/// in the first check of a fresh page, 5 ms in the next ones).
const CHUNK: usize = 8 * 1024;

/// The body canonicalized (§3.4.3, §3.4.4), in one buffer.
pub fn body(body: &[u8], canon: Canon) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 2);
    body_into(body, canon, None, |piece| out.extend_from_slice(piece));
    out
}

/// The body canonicalized (§3.4.3, §3.4.4), handed to `sink` in pieces of about 8 KiB, and of
/// those only the first `limit` octets when there is a limit (the `l=` tag, §3.5). Returns the
/// length of the whole canonicalized body, limit or not, without ever holding it: a large body is
/// hashed as it is canonicalized.
pub fn body_into(
    body: &[u8],
    canon: Canon,
    limit: Option<usize>,
    sink: impl FnMut(&[u8]),
) -> usize {
    let mut out = Chunks {
        buf: Vec::new(),
        sink,
        room: limit.unwrap_or(usize::MAX),
        total: 0,
    };
    match canon {
        // §3.4.3: the body as it is, without the empty lines at its end, ending in CRLF. Handed
        // on from the input itself, never copied.
        Canon::Simple => {
            let mut end = body.len();
            while body[..end].ends_with(b"\r\n\r\n") {
                end -= 2;
            }
            for piece in body[..end].chunks(CHUNK) {
                out.emit(piece);
            }
            if !body[..end].ends_with(b"\r\n") {
                out.emit(b"\r\n");
            }
        }
        Canon::Relaxed => {
            out.buf.reserve(CHUNK + 256);
            let mut rest = body.strip_suffix(b"\r\n").unwrap_or(body);
            // §3.4.4 c: empty lines count only when a line with text follows, so an empty body
            // stays empty.
            let mut empty_lines = 0;
            let two_spaces = memchr::memmem::Finder::new(b"  ");
            loop {
                let (more, next) = relaxed_line(rest, &mut empty_lines, &two_spaces, &mut out);
                if !more {
                    break;
                }
                rest = next;
            }
        }
    }
    out.finish()
}

/// The first line of `rest` canonicalized (§3.4.4 a, b), after the CRLFs of the empty lines
/// before it; an empty line is only counted. Returns whether a line break followed, and what is
/// after it.
///
/// A function of its own, kept out of line, so that V8 optimizes it after its first calls (see
/// `CHUNK`); the loop in `body_into` around it runs once per line only.
#[inline(never)]
fn relaxed_line<'a, F: FnMut(&[u8])>(
    rest: &'a [u8],
    empty_lines: &mut usize,
    two_spaces: &memchr::memmem::Finder,
    out: &mut Chunks<F>,
) -> (bool, &'a [u8]) {
    let (line, more, next) = match memchr::memchr(b'\n', rest) {
        Some(i) => (&rest[..i], true, &rest[i + 1..]),
        None => (rest, false, &rest[rest.len()..]),
    };
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // §3.4.4 b: no WSP at the end of a line.
    let end = line.iter().rposition(|b| !is_wsp(*b)).map_or(0, |i| i + 1);
    if end == 0 {
        *empty_lines += 1;
        return (more, next);
    }
    for _ in 0..*empty_lines {
        out.buf.extend_from_slice(b"\r\n");
    }
    *empty_lines = 0;
    // §3.4.4 a: every run of WSP (at the start too) becomes one SP. `text` ends in a non-WSP
    // octet, so a run always has one after it. Runs of text are copied whole, not octet by octet.
    let mut text = &line[..end];
    // Most lines of text have no tab and no two spaces in a row: nothing in them changes.
    if memchr::memchr(b'\t', text).is_none() && two_spaces.find(text).is_none() {
        out.buf.extend_from_slice(text);
        text = &[];
    }
    while let Some(start) = memchr::memchr2(b' ', b'\t', text) {
        // The run's first WSP goes with the text before it and becomes SP in place: one copy per
        // run instead of a copy and a push.
        out.buf.extend_from_slice(&text[..=start]);
        if let Some(last) = out.buf.last_mut() {
            *last = b' ';
        }
        let run = text[start..]
            .iter()
            .position(|b| !is_wsp(*b))
            .unwrap_or(text.len() - start);
        text = &text[start + run..];
    }
    out.buf.extend_from_slice(text);
    out.buf.extend_from_slice(b"\r\n");
    if out.buf.len() >= CHUNK {
        out.flush();
    }
    (more, next)
}

/// Where a canonicalized body goes: lines are gathered in `buf` and handed to the sink about
/// `CHUNK` octets at a time, at most `room` of them in all.
struct Chunks<F> {
    buf: Vec<u8>,
    sink: F,
    room: usize,
    total: usize,
}

impl<F: FnMut(&[u8])> Chunks<F> {
    /// Hands `bytes` to the sink, as far as the limit allows, after what is gathered.
    fn emit(&mut self, bytes: &[u8]) {
        self.flush();
        self.pass(bytes);
    }

    fn pass(&mut self, bytes: &[u8]) {
        self.total += bytes.len();
        let take = bytes.len().min(self.room);
        if take > 0 {
            self.room -= take;
            (self.sink)(&bytes[..take]);
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            let buf = std::mem::take(&mut self.buf);
            self.pass(&buf);
            self.buf = buf;
            self.buf.clear();
        }
    }

    fn finish(mut self) -> usize {
        self.flush();
        self.total
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

    /// §3.4.4 read literally, octet by octet, in one buffer: what `body` computed before it
    /// copied runs and streamed.
    fn relaxed_reference(body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let trimmed = body.strip_suffix(b"\r\n").unwrap_or(body);
        for line in trimmed.split(|b| *b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let mut space = false;
            for &b in line {
                if is_wsp(b) {
                    space = true;
                } else {
                    if space {
                        out.push(b' ');
                    }
                    space = false;
                    out.push(b);
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        while out.ends_with(b"\r\n") && (out.len() == 2 || out.ends_with(b"\r\n\r\n")) {
            out.truncate(out.len() - 2);
        }
        out
    }

    /// §3.4.3 in one buffer.
    fn simple_reference(body: &[u8]) -> Vec<u8> {
        let mut v = body.to_vec();
        while v.ends_with(b"\r\n\r\n") {
            v.truncate(v.len() - 2);
        }
        if !v.ends_with(b"\r\n") {
            v.extend_from_slice(b"\r\n");
        }
        v
    }

    #[test]
    fn streamed_bodies_equal_the_literal_reading() {
        // Every string of up to 7 octets over an alphabet with WSP, CR, LF and text.
        let mut checked = 0;
        for input in crate::testing::all_strings(b" \t\r\nab", 7) {
            let shown = String::from_utf8_lossy(&input).into_owned();
            assert_eq!(
                body(&input, Canon::Relaxed),
                relaxed_reference(&input),
                "{shown:?}"
            );
            assert_eq!(
                body(&input, Canon::Simple),
                simple_reference(&input),
                "{shown:?}"
            );
            checked += 1;
        }
        assert!(checked > 300_000);
    }

    #[test]
    fn large_bodies_stream_in_chunks_and_stop_at_the_limit() {
        let mut input = Vec::new();
        for i in 0..5000 {
            input.extend_from_slice(format!("line {i}\t of  text \r\n").as_bytes());
        }
        input.extend_from_slice(b"\r\n\r\n");
        for canon in [Canon::Simple, Canon::Relaxed] {
            let whole = match canon {
                Canon::Simple => simple_reference(&input),
                Canon::Relaxed => relaxed_reference(&input),
            };
            for limit in [
                None,
                Some(0),
                Some(1),
                Some(CHUNK),
                Some(CHUNK + 7),
                Some(whole.len()),
            ] {
                let mut got = Vec::new();
                let mut pieces = 0;
                let len = body_into(&input, canon, limit, |p| {
                    assert!(p.len() <= CHUNK + 64, "{} octets", p.len());
                    pieces += 1;
                    got.extend_from_slice(p);
                });
                assert_eq!(len, whole.len(), "{canon:?} {limit:?}");
                assert_eq!(got, whole[..limit.unwrap_or(len)], "{canon:?} {limit:?}");
                if canon == Canon::Relaxed && limit.is_none() {
                    assert!(pieces >= whole.len() / (CHUNK + 64), "{pieces} pieces");
                }
            }
        }
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
