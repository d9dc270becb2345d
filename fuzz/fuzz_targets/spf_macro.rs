//! SPF macro-strings (RFC 7208 §7): parse as a domain-spec and as an explanation, expand with a
//! context built from the input, and check the expansion is bounded (`MAX_EXPANSION`) and that a
//! name for a query is cut to 253 octets by dropping labels from the left (§7.3).
//!
//! Payload: `macro-string NUL sender NUL helo NUL domain NUL receiver NUL validated-name`.
//! Missing fields take the RFC 7208 §7.4 example values.

#![no_main]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use authlens_engine::spf::macros::{self, MacroContext, MAX_EXPANSION};
use authlens_engine::spf::parse::{explanation_string, macro_string};
use authlens_fuzz::{alphabet, assert_spans_within, input_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::SPF_MACRO);
    let mut fields = text.split('\0');
    let ms_text = fields.next().unwrap_or("");
    let mut field = |default: &'static str| fields.next().map_or(default.to_string(), String::from);
    let sender = field("strong-bad@email.example.com");
    let helo = field("mx.example.org");
    let domain = field("email.example.com");
    let receiver = field("example.net");
    let validated = field("mx.example.org");
    let (local_part, sender_domain) = sender.rsplit_once('@').unwrap_or(("postmaster", &sender));
    let flags = data.first().copied().unwrap_or(0);
    let ip = if flags & 2 == 0 {
        IpAddr::V4(Ipv4Addr::new(192, 0, 2, 3))
    } else {
        IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xcb01))
    };
    let ctx = MacroContext {
        sender: &sender,
        local_part,
        sender_domain,
        domain: &domain,
        ip,
        helo: &helo,
        receiver: &receiver,
        now: u64::from_le_bytes([flags, 1, 2, 3, 4, 5, 6, 7]),
        validated_name: &validated,
    };

    let mut findings = Vec::new();
    let parsed = [
        macro_string(ms_text, 0, false, false, &mut findings),
        macro_string(ms_text, 0, true, true, &mut findings),
        explanation_string(ms_text).ok(),
    ];
    assert_spans_within(&findings, ms_text.len(), "macro-string");
    for ms in parsed.iter().flatten() {
        assert_eq!(ms.to_string(), ms_text, "a macro-string prints as written");
        let e = macros::expand(ms, &ctx);
        assert!(e.text.len() <= MAX_EXPANSION, "expansion is bounded");
        let name = macros::to_query_name(&e.text);
        assert!(
            name.len() <= 253 || !name.contains('.'),
            "a query name longer than 253 octets has no label left to drop"
        );
        let _ = macros::uses_validated_name(ms);
    }
});
