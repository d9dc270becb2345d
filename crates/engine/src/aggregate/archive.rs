//! The directory of a zip file, read from memory: enough to find each entry's compressed bytes
//! (PKWARE APPNOTE.TXT 6.3, §4.3). Only stored (0) and deflated (8) entries are inflated, by the
//! caller; encrypted entries are listed as such.
//!
//! Written here rather than taken from the `zip` crate: reports need this small part, and the
//! crate brings getrandom with wasm-bindgen to wasm32 (and libc natively) for the rest.

/// One entry, as the central directory describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub name: String,
    /// APPNOTE §4.4.5: 0 stored, 8 deflated.
    pub method: u16,
    /// General purpose bit 0 (§4.4.4).
    pub encrypted: bool,
    /// CRC-32 of the uncompressed data (§4.4.7).
    pub crc: u32,
    /// Uncompressed size as declared (§4.4.9): not to be trusted, the caller caps the output.
    pub size: u64,
    /// The compressed data.
    pub data: &'a [u8],
}

const EOCD: &[u8; 4] = b"PK\x05\x06";
const EOCD64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const EOCD64: &[u8; 4] = b"PK\x06\x06";
const CENTRAL: &[u8; 4] = b"PK\x01\x02";
const LOCAL: &[u8; 4] = b"PK\x03\x04";

use crate::le::{u16_at, u32_at, u64_at};

fn usize_of(v: u64) -> Option<usize> {
    usize::try_from(v).ok()
}

/// The end of central directory record (§4.3.16), searched backwards over the comment.
fn find_eocd(b: &[u8]) -> Option<usize> {
    let last = b.len().checked_sub(22)?;
    let first = last.saturating_sub(65_535);
    (first..=last)
        .rev()
        .find(|&i| b.get(i..i + 4) == Some(&EOCD[..]))
}

/// Every entry, in directory order. `Err` says why the directory cannot be read.
pub(crate) fn entries(b: &[u8], max_entries: usize) -> Result<Vec<Entry<'_>>, String> {
    let bad = |what: &str| format!("not a readable zip file: {what}");
    let eocd = find_eocd(b).ok_or_else(|| bad("no end of central directory"))?;
    let mut count = u64::from(u16_at(b, eocd + 10).ok_or_else(|| bad("short directory end"))?);
    let mut cd_size = u64::from(u32_at(b, eocd + 12).ok_or_else(|| bad("short directory end"))?);
    let mut cd_offset = u64::from(u32_at(b, eocd + 16).ok_or_else(|| bad("short directory end"))?);
    if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        // Zip64 (§4.3.14, §4.3.15): the real values are in the zip64 end record.
        let loc = eocd
            .checked_sub(20)
            .ok_or_else(|| bad("zip64 locator missing"))?;
        if b.get(loc..loc + 4) != Some(&EOCD64_LOCATOR[..]) {
            return Err(bad("zip64 locator missing"));
        }
        let at = u64_at(b, loc + 8)
            .and_then(usize_of)
            .ok_or_else(|| bad("zip64 locator"))?;
        if b.get(at..at.saturating_add(4)) != Some(&EOCD64[..]) {
            return Err(bad("zip64 end record missing"));
        }
        count = u64_at(b, at + 32).ok_or_else(|| bad("zip64 end record"))?;
        cd_size = u64_at(b, at + 40).ok_or_else(|| bad("zip64 end record"))?;
        cd_offset = u64_at(b, at + 48).ok_or_else(|| bad("zip64 end record"))?;
    }
    let _ = cd_size;
    if count > max_entries as u64 {
        return Err(format!(
            "the zip file lists {count} entries, more than the {max_entries} allowed (max_zip_entries)"
        ));
    }
    let mut at = usize_of(cd_offset).ok_or_else(|| bad("directory offset"))?;
    let mut out = Vec::new();
    for _ in 0..count {
        if b.get(at..at.saturating_add(4)) != Some(&CENTRAL[..]) {
            return Err(bad("broken central directory"));
        }
        let field = |off: usize| u16_at(b, at + off).ok_or_else(|| bad("short directory entry"));
        let flags = field(8)?;
        let method = field(10)?;
        let crc = u32_at(b, at + 16).ok_or_else(|| bad("short directory entry"))?;
        let mut csize = u64::from(u32_at(b, at + 20).ok_or_else(|| bad("short entry"))?);
        let mut size = u64::from(u32_at(b, at + 24).ok_or_else(|| bad("short entry"))?);
        let name_len = usize::from(field(28)?);
        let extra_len = usize::from(field(30)?);
        let comment_len = usize::from(field(32)?);
        let mut local = u64::from(u32_at(b, at + 42).ok_or_else(|| bad("short entry"))?);
        let name_at = at + 46;
        let name = b
            .get(name_at..name_at + name_len)
            .ok_or_else(|| bad("entry name past the end"))?;
        let extra = b
            .get(name_at + name_len..name_at + name_len + extra_len)
            .ok_or_else(|| bad("entry extra field past the end"))?;
        // The zip64 extended information extra field (§4.5.3) holds the sizes and offset that
        // did not fit, in this order, only those that did not.
        let mut e = 0;
        while e + 4 <= extra.len() {
            let id = u16_at(extra, e).unwrap_or(0);
            let len = usize::from(u16_at(extra, e + 2).unwrap_or(0));
            let body = extra.get(e + 4..e + 4 + len).unwrap_or(&[]);
            if id == 1 {
                let mut k = 0;
                for v in [&mut size, &mut csize, &mut local] {
                    if *v == 0xFFFF_FFFF {
                        if let Some(x) = u64_at(body, k) {
                            *v = x;
                            k += 8;
                        }
                    }
                }
            }
            e += 4 + len;
        }
        let local = usize_of(local).ok_or_else(|| bad("entry offset"))?;
        if b.get(local..local.saturating_add(4)) != Some(&LOCAL[..]) {
            return Err(bad("local header missing"));
        }
        let lname = usize::from(u16_at(b, local + 26).ok_or_else(|| bad("short local header"))?);
        let lextra = usize::from(u16_at(b, local + 28).ok_or_else(|| bad("short local header"))?);
        let start = local + 30 + lname + lextra;
        let end = usize_of(csize)
            .and_then(|c| start.checked_add(c))
            .ok_or_else(|| bad("entry size"))?;
        let data = b
            .get(start..end)
            .ok_or_else(|| bad("entry data past the end of the file"))?;
        out.push(Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            method,
            encrypted: flags & 1 != 0,
            crc,
            size,
            data,
        });
        at = name_at + name_len + extra_len + comment_len;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored zip with one entry, written by hand after APPNOTE §4.3.7 and §4.3.12.
    fn stored(name: &str, data: &[u8]) -> Vec<u8> {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let crc = crc.sum();
        let mut z = Vec::new();
        z.extend_from_slice(LOCAL);
        z.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&crc.to_le_bytes());
        z.extend_from_slice(&(data.len() as u32).to_le_bytes());
        z.extend_from_slice(&(data.len() as u32).to_le_bytes());
        z.extend_from_slice(&(name.len() as u16).to_le_bytes());
        z.extend_from_slice(&[0, 0]);
        z.extend_from_slice(name.as_bytes());
        z.extend_from_slice(data);
        let cd = z.len();
        z.extend_from_slice(CENTRAL);
        z.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&crc.to_le_bytes());
        z.extend_from_slice(&(data.len() as u32).to_le_bytes());
        z.extend_from_slice(&(data.len() as u32).to_le_bytes());
        z.extend_from_slice(&(name.len() as u16).to_le_bytes());
        z.extend_from_slice(&[0; 12]);
        z.extend_from_slice(&0u32.to_le_bytes());
        z.extend_from_slice(name.as_bytes());
        let cd_len = z.len() - cd;
        z.extend_from_slice(EOCD);
        z.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
        z.extend_from_slice(&(cd_len as u32).to_le_bytes());
        z.extend_from_slice(&(cd as u32).to_le_bytes());
        z.extend_from_slice(&[0, 0]);
        z
    }

    #[test]
    fn reads_a_stored_entry() {
        let z = stored("r.xml", b"<feedback/>");
        let e = entries(&z, 10).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "r.xml");
        assert_eq!(e[0].method, 0);
        assert_eq!(e[0].data, b"<feedback/>");
        assert_eq!(e[0].size, 11);
    }

    #[test]
    fn never_panics_on_cut_or_flipped_bytes() {
        let z = stored("r.xml", b"<feedback/>");
        for n in 0..z.len() {
            let _ = entries(&z[..n], 10);
            let mut f = z.clone();
            f[n] ^= 0xff;
            let _ = entries(&f, 10);
        }
        assert!(entries(&z, 0).unwrap_err().contains("max_zip_entries"));
    }
}
