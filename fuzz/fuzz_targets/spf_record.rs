//! SPF records (RFC 7208 §4.5, §4.6, §12): parse, lint, describe, and evaluate for an IP with the
//! record published in an in-memory zone. The parser is total: every input gives a `Record`,
//! whose terms and findings point inside the text.

#![no_main]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use authlens_engine::spf::{self, describe, tree};
use authlens_engine::dns::zone::Zone;
use authlens_fuzz::{alphabet, assert_spans_within, input_text, txt_strings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, text) = input_text(data, alphabet::SPF);
    let record = spf::parse(&text);
    assert_spans_within(&record.findings, text.len(), "spf");
    for t in &record.terms {
        assert_eq!(
            text.get(t.span.start..t.span.end),
            Some(t.text.as_str()),
            "a term's span is where its text is"
        );
        let _ = describe::describe_term(t);
        let _ = describe::term_entries(t);
    }
    let _ = tree::lint(&record, true);
    let _ = (record.redirect(), record.exp(), record.all(), record.has_syntax_error());

    // The same text split into TXT strings at '|'.
    let strings = txt_strings(&text);
    let joined = spf::parse_strings(&strings);
    let joined_len = strings.iter().map(Vec::len).sum();
    assert_spans_within(&joined.findings, joined_len, "spf strings");

    // Evaluation: the record is example.com's; every other name is NXDOMAIN (or a timeout for
    // names under `error.`), so includes, redirects and macros all run without a network.
    let zone = Zone::new().with_txt("example.com", &[text.as_str()]);
    let ip = match data.first().map_or(0, |b| b >> 1 & 3) {
        0 => IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)),
        1 => IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)),
        2 => IpAddr::V6(Ipv4Addr::new(192, 0, 2, 1).to_ipv6_mapped()),
        _ => IpAddr::V4(Ipv4Addr::new(198, 51, 100, 7)),
    };
    let opts = spf::Options {
        prefetch: data.first().is_some_and(|b| b & 8 != 0),
        ..spf::Options::default()
    };
    let eval = futures::executor::block_on(spf::check_host(
        &zone,
        ip,
        "example.com",
        "user@example.com",
        "mx.example.com",
        &opts,
    ));
    assert!(eval.lookups <= opts.max_lookups + 1, "the lookup limit holds");
});
