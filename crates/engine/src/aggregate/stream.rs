//! Readers between the compressed bytes and the XML parser: a cap on what comes out of a
//! decompressor, and a repair of text that is not UTF-8.

use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// What a [`Capped`] reader saw, shared with the code that built it (the reader itself ends up
/// deep inside the XML parser).
#[derive(Debug, Default)]
pub(crate) struct Meter {
    /// Bytes let through.
    pub read: Cell<u64>,
    /// Set when the source had more than the limit.
    pub hit: Cell<bool>,
    /// CRC-32 of the bytes let through, when asked for (zip entries).
    pub crc: Cell<Option<u32>>,
}

/// Lets at most `limit` bytes through, then fails with an error, so that a decompression bomb
/// costs at most `limit` bytes of work and no memory beyond the parser's buffer.
pub(crate) struct Capped<R> {
    inner: R,
    limit: u64,
    meter: Rc<Meter>,
    crc: Option<flate2::Crc>,
}

impl<R: Read> Capped<R> {
    pub fn new(inner: R, limit: u64, meter: Rc<Meter>, with_crc: bool) -> Capped<R> {
        Capped {
            inner,
            limit,
            meter,
            crc: with_crc.then(flate2::Crc::new),
        }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let done = self.meter.read.get();
        if done >= self.limit {
            // One byte more tells a stream of exactly `limit` bytes from a longer one.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => {
                    self.meter.hit.set(true);
                    Err(io::Error::other("size limit reached"))
                }
            };
        }
        let room = usize::try_from(self.limit - done).unwrap_or(usize::MAX);
        let want = buf.len().min(room);
        let n = self.inner.read(&mut buf[..want])?;
        self.meter.read.set(done + n as u64);
        if let Some(crc) = &mut self.crc {
            crc.update(&buf[..n]);
            self.meter.crc.set(Some(crc.sum()));
        }
        Ok(n)
    }
}

/// How much [`Utf8Lossy`] converts at a time.
const CHUNK: usize = 64 * 1024;

/// Passes UTF-8 through and reads any byte that is not part of a valid UTF-8 sequence as
/// Latin-1. Reports declared `windows-1252` or `iso-8859-1` (some reporters do) then parse, with
/// their few non-ASCII letters right in Latin-1 and close in windows-1252; quick-xml itself only
/// takes UTF-8.
pub(crate) struct Utf8Lossy<R> {
    inner: R,
    /// Bytes taken from `inner` not yet converted: an incomplete sequence at a chunk's end.
    pending: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
}

impl<R: BufRead> Utf8Lossy<R> {
    pub fn new(inner: R) -> Utf8Lossy<R> {
        Utf8Lossy {
            inner,
            pending: Vec::new(),
            out: Vec::with_capacity(CHUNK + 8),
            pos: 0,
        }
    }
}

fn push_latin1(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        let mut tmp = [0u8; 4];
        out.extend_from_slice(char::from(b).encode_utf8(&mut tmp).as_bytes());
    }
}

impl<R: BufRead> Read for Utf8Lossy<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Utf8Lossy<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos >= self.out.len() {
            self.out.clear();
            self.pos = 0;
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                if self.pending.is_empty() {
                    return Ok(&[]);
                }
                // The stream ended inside a sequence: those bytes were not UTF-8 after all.
                push_latin1(&mut self.out, &self.pending);
                self.pending.clear();
                continue;
            }
            // A slice hands over everything at once: convert it piecewise all the same.
            let n = chunk.len().min(CHUNK);
            self.pending.extend_from_slice(&chunk[..n]);
            self.inner.consume(n);
            let mut i = 0;
            while i < self.pending.len() {
                match std::str::from_utf8(&self.pending[i..]) {
                    Ok(_) => {
                        self.out.extend_from_slice(&self.pending[i..]);
                        i = self.pending.len();
                    }
                    Err(e) => {
                        let valid = e.valid_up_to();
                        self.out.extend_from_slice(&self.pending[i..i + valid]);
                        i += valid;
                        match e.error_len() {
                            Some(len) => {
                                push_latin1(&mut self.out, &self.pending[i..i + len]);
                                i += len;
                            }
                            // An incomplete sequence at the end: wait for the next chunk.
                            None => break,
                        }
                    }
                }
            }
            self.pending.drain(..i);
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lossy(chunks: &[&[u8]]) -> String {
        // A reader that hands out one chunk at a time, to split sequences across chunks.
        struct Chunks<'a>(Vec<&'a [u8]>);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.first_mut() {
                    None => Ok(0),
                    Some(c) => {
                        let n = c.len().min(buf.len());
                        buf[..n].copy_from_slice(&c[..n]);
                        *c = &c[n..];
                        if c.is_empty() {
                            self.0.remove(0);
                        }
                        Ok(n)
                    }
                }
            }
        }
        let mut out = String::new();
        Utf8Lossy::new(io::BufReader::new(Chunks(chunks.to_vec())))
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn utf8_passes_and_latin1_is_repaired() {
        assert_eq!(lossy(&[b"caf\xc3\xa9"]), "café");
        assert_eq!(lossy(&[b"caf\xc3", b"\xa9 ok"]), "café ok");
        assert_eq!(lossy(&[b"Soci\xe9t\xe9"]), "Société");
        assert_eq!(lossy(&[b"end\xc3"]), "endÃ");
        assert_eq!(lossy(&[b"\xff\xfe<"]), "ÿþ<");
    }

    #[test]
    fn cap_stops_past_the_limit_only() {
        let meter = Rc::new(Meter::default());
        let mut out = Vec::new();
        let r = Capped::new(&b"0123456789"[..], 10, meter.clone(), true).read_to_end(&mut out);
        assert!(r.is_ok() && !meter.hit.get());
        assert_eq!(meter.crc.get(), Some(0xa684_c7c6));
        let meter = Rc::new(Meter::default());
        let r = Capped::new(&b"0123456789"[..], 9, meter.clone(), false).read_to_end(&mut out);
        assert!(r.is_err() && meter.hit.get());
    }
}
