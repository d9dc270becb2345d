//! The part of a Compound File (MS-CFB) an Outlook message needs read: the header, the FAT and
//! mini FAT, the root storage's children and their streams, from memory.
//!
//! Written here rather than taken from the `cfb` crate, which the tests use to write their files:
//! the crate depends on `web-time`, which brings `js-sys` and `wasm-bindgen` to wasm32 for
//! timestamps a reader never needs, and the engine has no clock and no web dependency (the same
//! choice as `aggregate::archive` over the `zip` crate).
//!
//! Every sector number is checked against the file, every chain walk is bounded by the number of
//! sectors there are, and nothing is allocated beyond the size of the input: a damaged or hostile
//! file is an error, never a panic or a loop.

/// The first eight octets of every Compound File (MS-CFB §2.2, Header Signature).
pub(super) const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// MS-CFB §2.1: sector numbers above this mark the end of a chain or a free sector.
const MAXREGSECT: u32 = 0xFFFF_FFFA;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// MS-CFB §2.6.1: "no sibling" or "no child" in a directory entry.
const NOSTREAM: u32 = 0xFFFF_FFFF;
/// MS-CFB §2.2: streams shorter than this live in the mini stream, in 64-octet mini sectors.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;
/// MS-CFB §2.6.1: a directory entry is 128 octets.
const DIR_ENTRY: usize = 128;
/// The header's DIFAT holds the first 109 FAT sector numbers (MS-CFB §2.2).
const HEADER_DIFAT: usize = 109;

/// Why the file cannot be read, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Damage(pub String);

fn damage(why: impl Into<String>) -> Damage {
    Damage(why.into())
}

use crate::le::{u16_at, u32_at, u64_at};

/// Object types of a directory entry (MS-CFB §2.6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Storage,
    Stream,
    Root,
    Other,
}

/// One directory entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub name: String,
    pub kind: Kind,
    left: u32,
    right: u32,
    child: u32,
    start: u32,
    /// The stream's size as the entry declares it; checked against its chain when read.
    pub size: u64,
}

/// An opened Compound File.
pub(super) struct Compound<'a> {
    bytes: &'a [u8],
    /// log2 of the sector size: 9 (512 octets, version 3) or 12 (4096, version 4).
    shift: u32,
    major: u16,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    /// The sectors of the directory, in order.
    directory: Vec<u32>,
    /// The sectors of the mini stream (the root entry's stream), in order.
    mini_stream: Vec<u32>,
    mini_size: u64,
}

impl<'a> Compound<'a> {
    /// Reads the header (MS-CFB §2.2), the FAT through the DIFAT (§2.5), the directory's chain
    /// (§2.6), the mini FAT (§2.4) and the mini stream's chain.
    pub(super) fn open(bytes: &'a [u8]) -> Result<Self, Damage> {
        if bytes.len() < 512 {
            return Err(damage(format!(
                "{} octets, shorter than the 512-octet header",
                bytes.len()
            )));
        }
        if u16_at(bytes, 28) != Some(0xFFFE) {
            return Err(damage("the header's byte order mark is not FFFE"));
        }
        let major = u16_at(bytes, 26).unwrap_or(0);
        let shift = u32::from(u16_at(bytes, 30).unwrap_or(0));
        match (major, shift) {
            (3, 9) | (4, 12) => {}
            _ => {
                return Err(damage(format!(
                    "version {major} with sectors of 2^{shift} octets (only 3 with 512 and 4 with 4096 exist)"
                )))
            }
        }
        if u16_at(bytes, 32) != Some(6) {
            return Err(damage("mini sectors are not 64 octets"));
        }
        let mut file = Compound {
            bytes,
            shift,
            major,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            directory: Vec::new(),
            mini_stream: Vec::new(),
            mini_size: 0,
        };
        let fat_sectors = u32_at(bytes, 44).unwrap_or(0) as usize;
        let first_dir = u32_at(bytes, 48).unwrap_or(ENDOFCHAIN);
        let first_mini_fat = u32_at(bytes, 60).unwrap_or(ENDOFCHAIN);
        let first_difat = u32_at(bytes, 68).unwrap_or(ENDOFCHAIN);

        // The FAT's sectors: 109 numbers in the header, then a chain of DIFAT sectors, each
        // ending in the number of the next. No more FAT sectors than the file has sectors.
        let fat_sectors = fat_sectors.min(file.sector_count());
        let mut fat_ids: Vec<u32> = (0..HEADER_DIFAT)
            .filter_map(|i| u32_at(bytes, 76 + 4 * i))
            .take(fat_sectors)
            .collect();
        let mut difat = first_difat;
        let mut steps = 0;
        while fat_ids.len() < fat_sectors && difat <= MAXREGSECT {
            steps += 1;
            if steps > file.sector_count() {
                return Err(damage("the DIFAT chain loops"));
            }
            let sector = file.sector(difat)?;
            if sector.len() < file.sector_size() {
                return Err(damage(format!("DIFAT sector {difat} is cut short")));
            }
            let per = sector.len() / 4;
            fat_ids.extend(
                (0..per.saturating_sub(1))
                    .filter_map(|i| u32_at(sector, 4 * i))
                    .take(fat_sectors - fat_ids.len()),
            );
            difat = u32_at(sector, 4 * per.saturating_sub(1)).unwrap_or(ENDOFCHAIN);
        }
        if fat_ids.len() < fat_sectors {
            return Err(damage(format!(
                "the header counts {fat_sectors} FAT sectors, the DIFAT lists {}",
                fat_ids.len()
            )));
        }
        let mut fat = Vec::with_capacity(fat_ids.len() << (shift - 2));
        for id in fat_ids {
            let sector = file.sector(id)?;
            fat.extend((0..sector.len() / 4).filter_map(|i| u32_at(sector, 4 * i)));
        }
        file.fat = fat;

        file.directory = file.chain(first_dir, "directory")?;
        if file.directory.is_empty() {
            return Err(damage("there is no directory"));
        }
        let root = file.entry(0)?;
        if root.kind != Kind::Root {
            return Err(damage("the first directory entry is not the root storage"));
        }
        file.mini_size = root.size;
        if root.size > 0 {
            file.mini_stream = file.chain(root.start, "mini stream")?;
        }
        let mini_fat_sectors = file.chain(first_mini_fat, "mini FAT")?;
        let mut mini_fat = Vec::new();
        for id in mini_fat_sectors {
            let sector = file.sector(id)?;
            mini_fat.extend((0..sector.len() / 4).filter_map(|i| u32_at(sector, 4 * i)));
        }
        file.mini_fat = mini_fat;
        Ok(file)
    }

    fn sector_size(&self) -> usize {
        1 << self.shift
    }

    /// Sectors after the header (which fills sector -1), the last one possibly cut short.
    fn sector_count(&self) -> usize {
        self.bytes.len().saturating_sub(1) >> self.shift
    }

    /// Sector `id` (MS-CFB §2.2: it starts at `(id + 1) << shift`), cut at the end of the file.
    fn sector(&self, id: u32) -> Result<&'a [u8], Damage> {
        let start = (id as usize)
            .checked_add(1)
            .and_then(|n| n.checked_mul(self.sector_size()))
            .filter(|&s| id <= MAXREGSECT && s < self.bytes.len())
            .ok_or_else(|| damage(format!("sector {id} lies past the end of the file")))?;
        let end = start
            .saturating_add(self.sector_size())
            .min(self.bytes.len());
        Ok(&self.bytes[start..end])
    }

    /// The sectors of a chain in the FAT, from `first` to ENDOFCHAIN.
    fn chain(&self, first: u32, what: &str) -> Result<Vec<u32>, Damage> {
        let mut out = Vec::new();
        let mut at = first;
        while at != ENDOFCHAIN {
            let next = *self
                .fat
                .get(at as usize)
                .ok_or_else(|| damage(format!("the {what} chain leaves the FAT at sector {at}")))?;
            // A chain longer than the FAT visits some sector twice.
            if out.len() >= self.fat.len() {
                return Err(damage(format!("the {what} chain loops")));
            }
            out.push(at);
            at = next;
        }
        Ok(out)
    }

    /// Directory entry `id` (MS-CFB §2.6.1).
    fn entry(&self, id: u32) -> Result<Entry, Damage> {
        let per = self.sector_size() / DIR_ENTRY;
        let id = id as usize;
        let sector = self
            .directory
            .get(id / per)
            .ok_or_else(|| damage(format!("directory entry {id} does not exist")))?;
        let at = (id % per) * DIR_ENTRY;
        let e = self
            .sector(*sector)?
            .get(at..at + DIR_ENTRY)
            .ok_or_else(|| damage(format!("directory entry {id} is cut short")))?;
        // The name's length in octets, its terminating NUL included, at most 64.
        let units = usize::from(u16_at(e, 64).unwrap_or(0) / 2)
            .saturating_sub(1)
            .min(31);
        let name = char::decode_utf16((0..units).filter_map(|i| u16_at(e, 2 * i)))
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        let kind = match e[66] {
            1 => Kind::Storage,
            2 => Kind::Stream,
            5 => Kind::Root,
            _ => Kind::Other,
        };
        let size = u64_at(e, 120).unwrap_or(0);
        Ok(Entry {
            name,
            kind,
            left: u32_at(e, 68).unwrap_or(NOSTREAM),
            right: u32_at(e, 72).unwrap_or(NOSTREAM),
            child: u32_at(e, 76).unwrap_or(NOSTREAM),
            start: u32_at(e, 116).unwrap_or(ENDOFCHAIN),
            // MS-CFB §2.6.3: version 3 writers may leave garbage in the high 32 bits.
            size: if self.major == 3 {
                size & 0xFFFF_FFFF
            } else {
                size
            },
        })
    }

    /// The entries directly under the root storage: its child and the child's red-black tree of
    /// siblings (MS-CFB §2.6.4), in no particular order.
    pub(super) fn top_level(&self) -> Result<Vec<Entry>, Damage> {
        let root = self.entry(0)?;
        let count = self.directory.len() * (self.sector_size() / DIR_ENTRY);
        let mut seen = vec![false; count];
        let mut stack = vec![root.child];
        let mut out = Vec::new();
        while let Some(id) = stack.pop() {
            if id == NOSTREAM {
                continue;
            }
            match seen.get_mut(id as usize) {
                None => return Err(damage(format!("directory entry {id} does not exist"))),
                // A tree that points back into itself: each entry is listed once.
                Some(true) => continue,
                Some(s) => *s = true,
            }
            let e = self.entry(id)?;
            stack.push(e.left);
            stack.push(e.right);
            out.push(e);
        }
        Ok(out)
    }

    /// A stream's content; the caller has bounded `entry.size`.
    pub(super) fn read(&self, entry: &Entry) -> Result<Vec<u8>, Damage> {
        let size = usize::try_from(entry.size)
            .ok()
            .filter(|&s| s <= self.bytes.len())
            .ok_or_else(|| {
                damage(format!(
                    "stream {} claims {} octets, more than the file holds",
                    entry.name, entry.size
                ))
            })?;
        let mut out = Vec::with_capacity(size);
        let short = || {
            damage(format!(
                "stream {} ends before its declared size",
                entry.name
            ))
        };
        let mut at = entry.start;
        if entry.size < MINI_CUTOFF {
            while out.len() < size {
                let offset = (at as usize)
                    .checked_mul(MINI_SECTOR)
                    .filter(|&o| (o as u64) < self.mini_size)
                    .ok_or_else(short)?;
                let sector = self
                    .mini_stream
                    .get(offset >> self.shift)
                    .ok_or_else(short)?;
                let within = offset & (self.sector_size() - 1);
                let take = MINI_SECTOR.min(size - out.len());
                let part = self
                    .sector(*sector)?
                    .get(within..within + take)
                    .ok_or_else(short)?;
                out.extend_from_slice(part);
                at = *self.mini_fat.get(at as usize).ok_or_else(short)?;
            }
        } else {
            while out.len() < size {
                let take = self.sector_size().min(size - out.len());
                let part = self.sector(at)?.get(..take).ok_or_else(short)?;
                out.extend_from_slice(part);
                at = *self.fat.get(at as usize).ok_or_else(short)?;
            }
        }
        Ok(out)
    }
}
