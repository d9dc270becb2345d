//! The tolerant decoders against the `base64` crate's strict one, and against damage written by
//! hand.

use base64::Engine;

use super::*;

const STD: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Octets that exercise every sextet, of every length modulo 3.
fn samples() -> Vec<Vec<u8>> {
    (0..70usize)
        .map(|n| (0..n).map(|i| (i * 37 + n * 11) as u8).collect())
        .collect()
}

#[test]
fn clean_base64_decodes_as_the_strict_decoder_does() {
    for data in samples() {
        let text = STD.encode(&data);
        // Wrapped at 76 as RFC 2045 §6.8 asks, CRLF.
        let wrapped: Vec<u8> = text
            .as_bytes()
            .chunks(76)
            .flat_map(|c| c.iter().copied().chain(*b"\r\n"))
            .collect();
        let (out, damage) = base64(&wrapped);
        assert_eq!(out, data);
        assert!(damage.is_clean(), "{damage:?}");
    }
}

#[test]
fn transport_damage_is_skipped_and_counted() {
    for data in samples().into_iter().filter(|d| d.len() > 4) {
        let text = STD.encode(&data);
        // Stray CR and LF in odd places, spaces, padding cut off.
        let mut damaged = Vec::new();
        for (i, c) in text.trim_end_matches('=').bytes().enumerate() {
            damaged.push(c);
            match i % 7 {
                2 => damaged.push(b'\n'),
                4 => damaged.push(b' '),
                5 => damaged.push(b'\r'),
                _ => {}
            }
        }
        let (out, damage) = base64(&damaged);
        assert_eq!(out, data, "{}", String::from_utf8_lossy(&damaged));
        assert_eq!(damage.junk, 0);
        assert!(damage.spaces > 0);
        assert_eq!(damage.missing_padding, data.len() % 3 != 0);
        assert!(!damage.alters_content());
    }
}

#[test]
fn junk_is_skipped_with_the_first_position() {
    let text = STD.encode(b"a report, zipped");
    let mut damaged = text.clone().into_bytes();
    damaged.insert(5, b'!');
    damaged.insert(9, b'\xC3');
    let (out, damage) = base64(&damaged);
    assert_eq!(out, b"a report, zipped");
    assert_eq!(damage.junk, 2);
    assert_eq!(damage.first_junk_at, Some(5));
    assert!(damage.alters_content());
    assert!(damage.describe("base64").contains("2 character(s)"));
    assert!(damage.describe("base64").contains("byte 5"));
}

#[test]
fn joined_bodies_and_dangling_bits() {
    let joined = format!("{}{}", STD.encode(b"ab"), STD.encode(b"cd"));
    let (out, damage) = base64(joined.as_bytes());
    assert_eq!(out, b"abcd");
    assert_eq!(damage.padding_inside, 1);
    let (out, damage) = base64(b"YWJjZA==Q");
    assert_eq!(out, b"abcd");
    assert!(damage.dangling);
}

#[test]
fn quoted_printable_rules() {
    // RFC 2045 §6.7: hex octets, soft breaks (with trailing space), trailing space dropped,
    // lower-case hex tolerated, a lone = kept and counted.
    let (out, damage) =
        quoted_printable(b"caf=C3=A9 =\r\nau lait   \r\nline=3d2\r\nbad =ZZ end\r\nlast=");
    assert_eq!(
        out,
        "café au lait\r\nline=2\r\nbad =ZZ end\r\nlast".as_bytes()
    );
    assert_eq!(damage.junk, 1);
    assert_eq!(damage.first_junk_at, Some(39));
    let (out, damage) = quoted_printable(b"a=\nb\nc");
    assert_eq!(out, b"ab\nc");
    assert!(damage.is_clean());
}

#[test]
fn never_panics_on_any_short_input() {
    for input in crate::testing::all_strings(b"QW=\r \n!", 6) {
        let (out, _) = base64(&input);
        assert!(out.len() <= input.len());
        let (out, _) = quoted_printable(&input);
        assert!(out.len() <= input.len() + 1);
    }
}
