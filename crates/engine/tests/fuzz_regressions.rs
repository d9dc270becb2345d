//! Inputs the fuzzers (`fuzz/`) crashed on, each fed to the public function its target called,
//! with what must happen instead. The inputs are the targets' payloads (the mode byte removed).

use authlens_engine::dkim;
use authlens_engine::dns::zone::Zone;
use authlens_engine::message;
use futures::executor::block_on;

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The message target's options: its clock, no SHA-1, and the client IP when the mode byte gave one.
fn check_options(ip: Option<std::net::IpAddr>) -> message::check::CheckOptions {
    message::check::CheckOptions {
        dkim: dkim::Options {
            now: Some(1_800_000_000),
            allow_sha1: false,
        },
        ip,
        bulk: None,
    }
}

/// `message` target, 2026-11-29: a DKIM-Signature with invalid UTF-8 octets (0xFF) before `b=`.
/// The signature is parsed from the value read as UTF-8, where each such octet became the three
/// of U+FFFD, and removing `b=` from the raw header used those longer offsets: a slice past the
/// end, a panic. The value of `b=` is now found in the octets themselves.
#[test]
fn invalid_utf8_before_b_is_no_panic() {
    let bytes = data("message-invalid-utf8-in-signature.eml");
    let msg = message::parse(&bytes);
    let opts = dkim::Options {
        now: Some(1_800_000_000),
        allow_sha1: false,
    };
    // The keys the dkimpy messages were signed with, as the target had them: the key is found,
    // so the signed header block (without `b=`) is built.
    let keys = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/dkim/dkimpy/keys.yaml"
    );
    let zone = Zone::from_yaml(&std::fs::read_to_string(keys).unwrap()).unwrap();
    let results = block_on(dkim::verify_message(
        &zone,
        &authlens_engine::crypto::RustCrypto,
        &msg,
        &opts,
    ));
    assert_eq!(results.len(), 1, "{results:?}");
    let r = &results[0];
    assert_eq!(
        (r.domain.as_str(), r.selector.as_str()),
        ("signer.example", "ed")
    );
    assert!(r.key.is_some(), "{r:?}");
    // The fuzzer mangled the message after it was signed: it fails, and says where.
    assert_eq!(r.result, "fail", "{r:?}");
}

/// `message` target, 2026-11-29: a Received field dated in the year 2099999999999917: the year
/// was taken as it was written and its seconds overflowed (a panic with overflow checks, a
/// wrong time without). A year beyond 9999 is now no date: the hop has no time.
#[test]
fn an_enormous_year_is_no_date() {
    let bytes = data("message-year-overflow.eml");
    let r = block_on(message::check::check(
        &Zone::new(),
        &authlens_engine::crypto::RustCrypto,
        &bytes,
        &check_options(None),
    ));
    let huge: Vec<_> = r
        .received
        .iter()
        .filter(|h| h.raw.contains("2099999999999917"))
        .collect();
    assert!(!huge.is_empty(), "{:?}", r.received);
    for h in huge {
        assert_eq!(h.time, None, "{h:?}");
    }
}

/// `message` target, 2026-11-30: Received fields whose time of day is a negative number of
/// eighteen and more digits. The hour, minute and second were checked against their upper bound
/// only, so `-0000000000000000000018…` parsed as a huge negative i64 and its seconds overflowed
/// (a panic with overflow checks). A negative hour, minute or second is now no date.
#[test]
fn a_negative_time_of_day_is_no_date() {
    let bytes = data("message-negative-time.eml");
    // The target's mode byte (2) asked for SPF with the client 192.0.2.7.
    let ip = std::net::IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 7));
    let r = block_on(message::check::check(
        &Zone::new(),
        &authlens_engine::crypto::RustCrypto,
        &bytes,
        &check_options(Some(ip)),
    ));
    assert!(!r.received.is_empty(), "the Received fields are read");
    for h in &r.received {
        assert_eq!(h.time, None, "{h:?}");
    }
}
