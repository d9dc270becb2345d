//! Outlook messages written with the `cfb` crate, read back by [`super::headers_from_msg`].

use std::io::{Cursor, Write};
use std::time::{Duration, UNIX_EPOCH};

use cfb::{CompoundFile, Version};

use super::compound::{Compound, Kind};
use super::*;
use crate::message::input::{message_text, Source};

/// The header block of RFC 8463 A.3, both signatures: what the fixture carries.
fn rfc8463_headers() -> String {
    let eml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/dkim/rfc8463-a3.eml"
    ))
    .unwrap();
    let end = eml.find("\r\n\r\n").unwrap();
    eml[..end + 2].to_string()
}

const HEADERS: &str = "Received: from mail.example.com (mail.example.com [192.0.2.25])\r\n by mx.example.net; Mon, 7 Dec 2026 10:00:01 +0000\r\nFrom: Ann <ann@example.com>\r\nTo: bob@example.net\r\nSubject: Grüße\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n";

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// One object written into a Compound File.
enum Part {
    Storage(&'static str),
    Stream(String, Vec<u8>),
}

fn stream(path: &str, data: impl Into<Vec<u8>>) -> Part {
    Part::Stream(path.to_string(), data.into())
}

/// A Compound File of `parts`, storages dated 2003-07-12 so that the bytes do not depend on the
/// clock (streams carry no time, MS-CFB §2.6.1).
fn compound(version: Version, parts: &[Part]) -> Vec<u8> {
    let when = UNIX_EPOCH + Duration::from_secs(1_057_982_437);
    let mut file = CompoundFile::create_with_version(version, Cursor::new(Vec::new())).unwrap();
    for part in parts {
        match part {
            Part::Storage(path) => {
                file.create_storage(path).unwrap();
                file.set_created_time(path, when).unwrap();
                file.set_modified_time(path, when).unwrap();
            }
            Part::Stream(path, data) => {
                let mut s = file.create_stream(path).unwrap();
                s.write_all(data).unwrap();
                s.flush().unwrap();
            }
        }
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// A property stream (MS-OXMSG §2.4.2): a header of `header` octets (32 for the top-level
/// message, 8 for a recipient), then 16 octets per property: tag, flags (readable, writable) and
/// the value, or for a string the size with its terminating NUL.
fn properties(header: usize, props: &[(u32, u32)]) -> Vec<u8> {
    let mut out = vec![0; header];
    if header == 32 {
        // Next recipient id, next attachment id, recipient count, attachment count.
        out[8..12].copy_from_slice(&1u32.to_le_bytes());
        out[16..20].copy_from_slice(&1u32.to_le_bytes());
    }
    for (tag, value) in props {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&6u32.to_le_bytes());
        out.extend_from_slice(&value.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out
}

/// How the transport headers are stored, if at all.
enum Stored<'a> {
    Unicode(&'a str),
    String8(&'a [u8]),
    Missing,
}

/// A message as Outlook saves one (MS-OXMSG §2.2): the property stream, the named property
/// mapping, one recipient, the message class, the subject and the transport headers.
fn outlook_msg(version: Version, subject: &str, headers: Stored<'_>, extra: Vec<Part>) -> Vec<u8> {
    let class = utf16("IPM.Note");
    let subject = utf16(subject);
    let headers = match headers {
        Stored::Unicode(h) => Some((0x007D_001F, utf16(h))),
        Stored::String8(h) => Some((0x007D_001E, h.to_vec())),
        Stored::Missing => None,
    };
    let size = |b: &[u8]| u32::try_from(b.len()).unwrap() + 2;
    let mut props = vec![
        (0x001A_001F, size(&class)),
        (0x0037_001F, size(&subject)),
        // PidTagMessageFlags: mfRead.
        (0x0E07_0003, 1),
    ];
    if let Some((tag, h)) = &headers {
        props.push((*tag, size(h)));
    }
    let name = utf16("Suzie Q");
    let address = utf16("suzie@shopping.example.net");
    let mut parts = vec![
        stream("/__properties_version1.0", properties(32, &props)),
        Part::Storage("/__nameid_version1.0"),
        stream("/__nameid_version1.0/__substg1.0_00020102", []),
        stream("/__nameid_version1.0/__substg1.0_00030102", []),
        stream("/__nameid_version1.0/__substg1.0_00040102", []),
        Part::Storage("/__recip_version1.0_#00000000"),
        stream(
            "/__recip_version1.0_#00000000/__properties_version1.0",
            properties(
                8,
                &[
                    // PidTagRecipientType: To.
                    (0x0C15_0003, 1),
                    (0x3001_001F, size(&name)),
                    (0x39FE_001F, size(&address)),
                ],
            ),
        ),
        stream("/__recip_version1.0_#00000000/__substg1.0_3001001F", name),
        stream(
            "/__recip_version1.0_#00000000/__substg1.0_39FE001F",
            address,
        ),
        stream("/__substg1.0_001A001F", class),
        stream("/__substg1.0_0037001F", subject),
    ];
    if let Some((tag, h)) = headers {
        parts.push(stream(&format!("/__substg1.0_{tag:08X}"), h));
    }
    parts.extend(extra);
    compound(version, &parts)
}

fn unicode(headers: &str) -> Vec<u8> {
    outlook_msg(Version::V3, "Grüße", Stored::Unicode(headers), Vec::new())
}

#[test]
fn headers_come_out_exactly_in_both_versions() {
    for version in [Version::V3, Version::V4] {
        // Outlook stores the block with the blank line that ended it.
        let file = outlook_msg(
            version,
            "Grüße",
            Stored::Unicode(&format!("{HEADERS}\r\n")),
            Vec::new(),
        );
        assert!(is_msg(&file));
        assert_eq!(headers_from_msg(&file).unwrap(), HEADERS, "{version:?}");
        let (source, text) = message_text(&file).unwrap();
        assert_eq!(source, Source::OutlookMsg);
        let m = crate::message::parse(&text);
        assert!(m.headers_only());
        assert!(!m.line_endings_normalized);
        assert!(m.findings.is_empty(), "{:?}", m.findings);
        assert_eq!(m.headers.len(), 6);
        assert_eq!(m.first("subject").unwrap().value(), "Grüße");
    }
}

#[test]
fn a_header_block_past_the_mini_stream() {
    // Over 4096 octets: the stream is in ordinary sectors, not the mini stream (MS-CFB §2.4).
    let long = format!("{HEADERS}X-Long: {}\r\n", "a".repeat(6000));
    let file = unicode(&long);
    assert_eq!(headers_from_msg(&file).unwrap(), long);
}

#[test]
fn eight_bit_headers() {
    let file = outlook_msg(
        Version::V3,
        "hi",
        Stored::String8(format!("{HEADERS}\r\n\0").as_bytes()),
        Vec::new(),
    );
    assert_eq!(headers_from_msg(&file).unwrap(), HEADERS);
    // Both present: the Unicode one is taken.
    let file = outlook_msg(
        Version::V3,
        "hi",
        Stored::Unicode(HEADERS),
        vec![stream(
            "/__substg1.0_007D001E",
            "From: other@example.org\r\n",
        )],
    );
    assert_eq!(headers_from_msg(&file).unwrap(), HEADERS);
}

#[test]
fn the_stored_block_is_made_a_header_section() {
    for (stored, expected) in [
        // Exchange's first line is not a header field.
        (
            "Microsoft Mail Internet Headers Version 2.0\r\nFrom: a@example.com\r\nTo: b@example.net\r\n\r\n",
            "From: a@example.com\r\nTo: b@example.net\r\n",
        ),
        // Bare LFs and CRs become CRLF; folding is kept.
        (
            "From: a@example.com\nSubject: one\n two\rTo: b@example.net",
            "From: a@example.com\r\nSubject: one\r\n two\r\nTo: b@example.net\r\n",
        ),
        // The first MIME part's headers after the blank line are not the message's.
        (
            "\r\nFrom: a@example.com\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n",
            "From: a@example.com\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n",
        ),
    ] {
        assert_eq!(headers_from_msg(&unicode(stored)).unwrap(), expected, "{stored:?}");
    }
    for empty in [
        "",
        "\r\n\r\n",
        "\0",
        "Microsoft Mail Internet Headers Version 2.0\r\n",
    ] {
        assert_eq!(
            headers_from_msg(&unicode(empty)),
            Err(MsgError::NoHeaders),
            "{empty:?}"
        );
    }
}

#[test]
fn a_message_never_sent_has_no_headers() {
    let draft = outlook_msg(Version::V3, "draft", Stored::Missing, Vec::new());
    assert_eq!(headers_from_msg(&draft), Err(MsgError::NoHeaders));
    // An attached message's headers are not the message's own (MS-OXMSG §2.2.2.1).
    let forwarding = outlook_msg(
        Version::V3,
        "FW: dinner",
        Stored::Missing,
        vec![
            Part::Storage("/__attach_version1.0_#00000000"),
            Part::Storage("/__attach_version1.0_#00000000/__substg1.0_3701000D"),
            stream(
                "/__attach_version1.0_#00000000/__substg1.0_3701000D/__substg1.0_007D001F",
                utf16(HEADERS),
            ),
        ],
    );
    assert_eq!(headers_from_msg(&forwarding), Err(MsgError::NoHeaders));
    let said = MsgError::NoHeaders.to_string();
    assert!(
        said.contains("File → Properties → Internet headers") && said.contains(".eml"),
        "{said}"
    );
}

#[test]
fn other_files_are_told_apart() {
    let eml = rfc8463_headers();
    assert!(!is_msg(eml.as_bytes()));
    assert_eq!(
        headers_from_msg(eml.as_bytes()),
        Err(MsgError::NotCompoundFile)
    );

    // A Word 97 document is a Compound File too.
    let doc = compound(
        Version::V3,
        &[
            stream("/WordDocument", vec![0xEC, 0xA5, 0xC1, 0x00]),
            stream("/1Table", vec![0; 16]),
        ],
    );
    assert!(is_msg(&doc));
    assert_eq!(headers_from_msg(&doc), Err(MsgError::NotOutlookMessage));
    // A storage named like the headers stream is not the stream.
    let odd = compound(
        Version::V3,
        &[
            stream("/__properties_version1.0", properties(32, &[])),
            Part::Storage("/__substg1.0_007D001F"),
        ],
    );
    assert_eq!(headers_from_msg(&odd), Err(MsgError::NoHeaders));
}

#[test]
fn an_oversized_stream_is_refused() {
    let size = MAX_STREAM + 2;
    let file = compound(
        Version::V3,
        &[
            stream("/__properties_version1.0", properties(32, &[])),
            stream(
                "/__substg1.0_007D001F",
                vec![b'a'; usize::try_from(size).unwrap()],
            ),
        ],
    );
    let err = headers_from_msg(&file).unwrap_err();
    assert_eq!(err, MsgError::TooLarge { size });
    assert!(err.to_string().contains("over the 4 MiB"), "{err}");
}

#[test]
fn a_file_beyond_the_headers_difat() {
    // 8 MiB of attachment: more than the 109 FAT sectors the header lists (MS-CFB §2.5), so the
    // FAT is found through a DIFAT sector.
    let file = outlook_msg(
        Version::V3,
        "big",
        Stored::Unicode(HEADERS),
        vec![
            Part::Storage("/__attach_version1.0_#00000000"),
            stream(
                "/__attach_version1.0_#00000000/__substg1.0_37010102",
                vec![7; 8 << 20],
            ),
        ],
    );
    assert_ne!(&file[68..72], &[0xFE, 0xFF, 0xFF, 0xFF], "a DIFAT sector");
    assert_eq!(headers_from_msg(&file).unwrap(), HEADERS);
}

/// The reader sees what `cfb`'s own reader sees: the same top-level names, kinds and contents.
#[test]
fn the_reader_agrees_with_cfb() {
    for version in [Version::V3, Version::V4] {
        let file = outlook_msg(version, "Grüße", Stored::Unicode(HEADERS), Vec::new());
        let ours = Compound::open(&file).unwrap();
        let mut theirs = CompoundFile::open(Cursor::new(&file)).unwrap();
        let mut ours_listed: Vec<(String, bool, Vec<u8>)> = ours
            .top_level()
            .unwrap()
            .into_iter()
            .map(|e| {
                let data = if e.kind == Kind::Stream {
                    ours.read(&e).unwrap()
                } else {
                    Vec::new()
                };
                (e.name, e.kind == Kind::Stream, data)
            })
            .collect();
        let entries: Vec<cfb::Entry> = theirs.read_root_storage().collect();
        let mut theirs_listed: Vec<(String, bool, Vec<u8>)> = entries
            .iter()
            .map(|e| {
                let mut data = Vec::new();
                if e.is_stream() {
                    std::io::Read::read_to_end(
                        &mut theirs.open_stream(e.path()).unwrap(),
                        &mut data,
                    )
                    .unwrap();
                }
                (e.name().to_string(), e.is_stream(), data)
            })
            .collect();
        #[allow(clippy::disallowed_methods, reason = "a test: no page budget")]
        {
            ours_listed.sort();
            theirs_listed.sort();
        }
        assert_eq!(ours_listed.len(), 6);
        assert_eq!(ours_listed, theirs_listed, "{version:?}");
    }
}

/// A small generator of octets, so that the damaged files are the same on every run.
fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn truncated_files_are_errors_never_wrong_headers() {
    let file = unicode(HEADERS);
    let mut errors = 0;
    for len in 0..file.len() {
        match headers_from_msg(&file[..len]) {
            Err(MsgError::NotCompoundFile) => assert!(len < 8),
            Err(MsgError::Damaged(_)) => errors += 1,
            Err(e) => panic!("{len}: {e}"),
            // Cut only where nothing read was: the same headers.
            Ok(h) => assert_eq!(h, HEADERS, "{len}"),
        }
    }
    assert!(errors > file.len() / 2, "{errors} of {}", file.len());
    assert_eq!(
        headers_from_msg(&file[..600]),
        Err(MsgError::Damaged(
            "sector 1 lies past the end of the file".into()
        ))
    );
}

#[test]
fn random_and_mutated_files_never_panic() {
    let mut seed = 0x2545_F491_4F6C_DD1D;
    for len in [0, 7, 8, 100, 511, 512, 513, 1024, 4096, 5000] {
        for signed in [false, true] {
            let mut bytes: Vec<u8> = (0..len).map(|_| xorshift(&mut seed) as u8).collect();
            if signed && len >= 8 {
                bytes[..8].copy_from_slice(&compound::SIGNATURE);
            }
            assert!(headers_from_msg(&bytes).is_err(), "{len} {signed}");
        }
    }
    // A valid file with octets changed: the header, the FAT, the directory, the streams.
    let file = unicode(HEADERS);
    for _ in 0..4000 {
        let mut bytes = file.clone();
        for _ in 0..1 + xorshift(&mut seed) % 4 {
            let at = usize::try_from(xorshift(&mut seed)).unwrap() % bytes.len();
            bytes[at] = xorshift(&mut seed) as u8;
        }
        let _ = headers_from_msg(&bytes);
    }
    // Pointers made to loop: the directory's sector is its own successor, and the root's child
    // is itself.
    let mut looped = file.clone();
    let dir = u32::from_le_bytes(looped[48..52].try_into().unwrap()) as usize;
    let fat = u32::from_le_bytes(looped[76..80].try_into().unwrap()) as usize;
    let at = (fat + 1) * 512 + dir * 4;
    looped[at..at + 4].copy_from_slice(&u32::try_from(dir).unwrap().to_le_bytes());
    assert_eq!(
        headers_from_msg(&looped),
        Err(MsgError::Damaged("the directory chain loops".into()))
    );
    let mut cycle = file.clone();
    let root = (dir + 1) * 512;
    cycle[root + 76..root + 80].copy_from_slice(&0u32.to_le_bytes());
    assert!(headers_from_msg(&cycle).is_err());
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/requirements/outlook-saved.msg"
);

/// The committed fixture: RFC 8463 A.3's headers saved by Outlook. Written by
/// `cargo test -p authlens-engine -- --ignored write_outlook_message`, checked by
/// [`the_outlook_message_is_as_written`].
fn outlook_saved() -> Vec<u8> {
    let headers = format!("{}\r\n", rfc8463_headers());
    outlook_msg(
        Version::V3,
        "Is dinner ready?",
        Stored::Unicode(&headers),
        Vec::new(),
    )
}

#[test]
#[ignore = "rewrites tests/data/requirements/outlook-saved.msg"]
fn write_outlook_message() {
    std::fs::write(FIXTURE, outlook_saved()).unwrap();
}

#[test]
fn the_outlook_message_is_as_written() {
    let kept = std::fs::read(FIXTURE).unwrap();
    assert!(
        kept == outlook_saved(),
        "outlook-saved.msg: rewrite with --ignored write_outlook_message"
    );
    assert_eq!(headers_from_msg(&kept).unwrap(), rfc8463_headers());
}
