//! Property tests for the record builders (`spf::build`, `dkim::keygen`, `mtasts::build`): for
//! thousands of generated choices, good and bad inputs mixed, whatever a builder prints parses
//! with no error in the parser that checks published records, is split into strings of at most
//! 255 octets that join back to it, and its state survives the trip through the page's address.
//! The generator is the DMARC builder's: a fixed-seed LCG, so a failure names its input and
//! repeats.

#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests are in no page: the size rules do not apply"
)]

use std::time::Instant;

use authlens_engine::build::{InputError, TxtOutput};
use authlens_engine::diag::{Finding, Severity};
use authlens_engine::dkim::key;
use authlens_engine::dkim::keygen::{key_record_text, DkimBuilder, KeyType, KeygenError};
use authlens_engine::mtasts::build::{suggest_mx, MtaStsBuilder};
use authlens_engine::mtasts::{check_policy_against_mx, parse_policy, parse_record, Mode};
use authlens_engine::spf::build::{
    self as spf, AllPolicy, Flattened, Level, SpfBuilder, CATALOGUE,
};
use authlens_engine::spf::tree;
use futures::executor::block_on;

mod common;
use common::zones;

struct Gen(u64);

impl Gen {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
    fn coin(&mut self) -> bool {
        self.next(2) == 1
    }
}

/// A deterministic source for the key generator, for tests only.
struct TestRng(u64);
impl rand_core::TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for TestRng {}

fn no_error(what: &str, findings: &[Finding]) {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

/// The strings are at most 255 octets, join to the text, and the zone line quotes them.
fn check_strings(t: &TxtOutput) {
    assert!(!t.strings.is_empty());
    for s in &t.strings {
        assert!(s.len() <= 255, "{}: a string of {} octets", t.text, s.len());
    }
    assert_eq!(t.strings.concat(), t.text);
    assert!(t
        .zone_line
        .ends_with(&authlens_engine::build::quoted(&t.strings)));
}

fn fields_known(errors: &[InputError], params: &[&str]) {
    for e in errors {
        assert!(params.contains(&e.field), "{e:?}");
        assert!(!e.message.is_empty());
    }
}

/// What survives the address exactly: list items are trimmed and empty ones dropped.
fn plain(items: &[String]) -> bool {
    items.iter().all(|s| !s.is_empty() && s.trim() == s)
}

// ---------------------------------------------------------------------------------------------
// SPF

fn random_range(g: &mut Gen) -> String {
    match g.next(6) {
        0 => format!(
            "{}.{}.{}.{}/{}",
            g.next(256),
            g.next(256),
            g.next(256),
            g.next(256),
            g.next(34)
        ),
        1 => format!("198.51.100.{}", g.next(256)),
        2 => format!(
            "2001:db8:{:x}::{:x}/{}",
            g.next(65536),
            g.next(65536),
            g.next(130)
        ),
        3 => format!("ip6:2001:DB8:{:X}::", g.next(65536)),
        4 => format!("ip4:203.0.113.{}/{}", g.next(256), 24 + g.next(9)),
        _ => g
            .pick(&[
                "300.1.1.1",
                "abc",
                "",
                "192.0.2.0/",
                "::/0",
                "10.0.0.0/4",
                "1.2.3.4/x",
                "fe80::1%eth0",
            ])
            .to_string(),
    }
}

fn random_spf(g: &mut Gen, domain: Option<&str>, max_senders: usize) -> SpfBuilder {
    let mut senders: Vec<String> = (0..g.next(max_senders + 1))
        .map(|_| CATALOGUE[g.next(CATALOGUE.len())].id.to_string())
        .collect();
    if g.next(10) == 0 {
        senders.push(g.pick(&["nope", "Google", ""]).to_string());
    }
    let hosts = [
        "relay.example.com",
        "mail.example.org.",
        "UPPER.Example.NET",
        "bad host",
        "x",
        "a.123",
        "_smtp.example.com",
        "https://web.example.com/path",
    ];
    let includes = [
        "_spf.example.net",
        "include:spf.example.co.uk",
        "%{i}.bad.example",
        "sendgrid.net",
        "spf.protection.outlook.com",
        "two..dots.example",
        "example",
    ];
    let mut b = SpfBuilder {
        domain: match domain {
            Some(d) => d.to_string(),
            None => g
                .pick(&[
                    "",
                    "example.com",
                    "Example.ORG.",
                    "bad domain",
                    "sub.example.co.uk",
                ])
                .to_string(),
        },
        senders,
        a: g.coin(),
        mx: g.coin(),
        ranges: (0..g.next(5)).map(|_| random_range(g)).collect(),
        hosts: (0..g.next(3)).map(|_| g.pick(&hosts).to_string()).collect(),
        includes: (0..g.next(3))
            .map(|_| g.pick(&includes).to_string())
            .collect(),
        flattened: Vec::new(),
        // One in four left unchosen: the builder picks (-all with no sender, else ~all).
        all: [None, Some(AllPolicy::ALL[g.next(3)])][usize::from(g.next(4) != 0)],
    };
    if g.next(4) == 0 {
        let include = g
            .pick(&[
                "sendgrid.net",
                "_spf.google.com",
                "mailgun.org",
                "not.chosen.example",
            ])
            .to_string();
        b.flattened.push(Flattened {
            include,
            ranges: (0..1 + g.next(4)).map(|_| random_range(g)).collect(),
        });
    }
    b
}

#[test]
fn spf_builder_output_always_parses() {
    let mut g = Gen(11);
    for _ in 0..3000 {
        let b = random_spf(&mut g, None, 6);
        let out = b.build();
        let text = &out.record.text;
        // The parser that checks published records, and the linter the tree applies to them.
        let r = authlens_engine::spf::parse(text);
        no_error(text, &r.findings);
        no_error(text, &tree::lint(&r, true));
        no_error(text, &out.findings);
        assert_eq!(r.to_string(), *text);
        check_strings(&out.record);
        // Read back as the TXT strings a resolver returns: no term is split between strings.
        let strings: Vec<Vec<u8>> = out
            .record
            .strings
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        let split = authlens_engine::spf::parse_strings(&strings);
        assert!(
            split.findings.iter().all(|f| f.code != "spf-string-split"),
            "{:?}",
            out.record.strings
        );
        // It ends with the chosen all, which is never +all; unchosen, -all for a record that
        // lists no sender (a domain that sends no mail), else ~all.
        let (_, q) = r.all().expect("an all");
        let lists_a_sender = r.directives().count() > 1;
        let expected = b.all.unwrap_or(if lists_a_sender {
            AllPolicy::SoftFail
        } else {
            AllPolicy::Fail
        });
        assert_eq!(out.all, expected, "{text}");
        assert_eq!(q, expected.qualifier());
        assert_eq!(
            r.terms.last().map(|t| t.text.as_str()),
            Some(expected.term())
        );
        // Every catalogue include chosen is there, or its ranges are.
        for id in &b.senders {
            if let Some(s) = spf::sender(id) {
                for i in s.includes {
                    let flat = out.findings.iter().any(|f| {
                        f.code == "spf-build-flattened"
                            && f.message.starts_with(&format!("include:{i} "))
                    });
                    assert!(
                        flat || text.contains(&format!("include:{i} ")),
                        "{id}: {i} missing from {text}"
                    );
                }
            }
        }
        // Each term once.
        let mut terms: Vec<String> = r
            .terms
            .iter()
            .map(|t| t.text.to_ascii_lowercase())
            .collect();
        let n = terms.len();
        terms.sort();
        terms.dedup();
        assert_eq!(terms.len(), n, "{text}");
        fields_known(&out.input_errors, &SpfBuilder::PARAMS);
        // The address: the same record comes back, and the same state when entries are plain.
        let back = SpfBuilder::from_query(&b.to_query());
        assert_eq!(back.build().record, out.record, "{}", b.to_query());
        if plain(&b.senders)
            && plain(&b.ranges)
            && plain(&b.hosts)
            && plain(&b.includes)
            && b.flattened.iter().all(|f| plain(&f.ranges))
        {
            assert_eq!(back, b);
        }
        // Compared with itself, nothing changes.
        assert!(spf::compare(text, Some(text)).same);
    }
}

#[test]
fn spf_meter_adds_up_over_the_fixture_zones() {
    let zone = zones();
    let mut g = Gen(23);
    let (mut over, mut near) = (0, 0);
    for _ in 0..400 {
        let mut b = random_spf(&mut g, Some("builder.example"), 12);
        // Only names the fixtures answer, so that counts are meaningful.
        b.hosts.clear();
        b.includes.clear();
        b.senders.retain(|s| spf::sender(s).is_some());
        let out = b.build();
        let t = block_on(tree::inspect_with(
            &zone,
            "builder.example",
            Some(&out.record.text),
        ));
        no_error(&out.record.text, &t.root.findings);
        let m = spf::meter(&out, &t);
        assert_eq!(
            m.terms.iter().map(|c| c.lookups).sum::<u32>(),
            t.lookups,
            "{}",
            out.record.text
        );
        assert_eq!(
            m.terms.iter().map(|c| c.void_lookups).sum::<u32>(),
            t.void_lookups
        );
        assert_eq!(m.lookups, t.lookups);
        match m.level {
            Level::Over => {
                over += 1;
                assert!(t.lookups > 10 || t.void_lookups > 2);
                assert!(!m.ways_out.is_empty(), "{}", out.record.text);
                // Taking every way out that alone is enough does bring the count down.
                for w in m.ways_out.iter().filter(|w| w.enough) {
                    assert!(t.lookups - w.saves <= 10, "{w:?}");
                }
            }
            Level::Near => {
                near += 1;
                assert!(m.ways_out.is_empty());
                assert!(m.findings.iter().all(|f| f.code == "spf-build-near-limit"));
            }
            Level::Ok => assert!(t.lookups < spf::NEAR_LOOKUPS && m.findings.is_empty()),
        }
        // Every sender term is attributed to its sender.
        for c in &m.terms {
            if let Some(id) = c.sender {
                let s = spf::sender(id).unwrap();
                assert!(s.includes.iter().any(|i| c.term == format!("include:{i}")));
            }
        }
    }
    assert!(
        over > 10 && near > 10,
        "over {over}, near {near}: the generator should reach both"
    );
}

// ---------------------------------------------------------------------------------------------
// DKIM

#[test]
fn dkim_records_always_parse() {
    let mut rng = TestRng(5);
    // Real keys: generating is the slow part, so a few RSA keys and many Ed25519 ones, then
    // every combination of options over them.
    let mut keys: Vec<(KeyType, u32, Vec<u8>)> = Vec::new();
    for bits in [1024, 2048] {
        let b = DkimBuilder {
            domain: "example.com".into(),
            selector: "s1".into(),
            bits,
            ..DkimBuilder::default()
        };
        let k = b.generate(&mut rng).unwrap();
        let der = base64_decode(&k.public_key);
        keys.push((KeyType::Rsa, bits, der));
    }
    for _ in 0..40 {
        let b = DkimBuilder {
            domain: "example.com".into(),
            selector: "s1".into(),
            key_type: KeyType::Ed25519,
            ..DkimBuilder::default()
        };
        let k = b.generate(&mut rng).unwrap();
        keys.push((KeyType::Ed25519, 256, base64_decode(&k.public_key)));
    }
    let mut g = Gen(31);
    for _ in 0..3000 {
        let (kt, bits, der) = &keys[g.next(keys.len())];
        let (testing, strict) = (g.coin(), g.coin());
        let text = key_record_text(*kt, der, testing, strict);
        let r = key::parse(&text);
        no_error(&text, &r.findings);
        assert_eq!(r.bits, Some(*bits));
        assert_eq!(r.key_type, kt.as_str());
        assert_eq!((r.testing, r.strict_identity), (testing, strict));
        assert!(r.key.is_some());
        let strings = authlens_engine::build::split_txt(&text);
        assert!(strings.iter().all(|s| s.len() <= 255));
        assert_eq!(key::parse(&strings.concat()).bits, Some(*bits));
    }
    // The whole generator with Ed25519 (fast), valid and invalid names mixed.
    for _ in 0..300 {
        let b = DkimBuilder {
            domain: g
                .pick(&[
                    "example.com",
                    "Mail.Example.ORG.",
                    "",
                    "bad domain",
                    "nodot",
                ])
                .to_string(),
            selector: g
                .pick(&[
                    "s1", "S2026", "2026-06", "a.b", "", "bad sel", "x..y", "_ok", "sel/1",
                ])
                .to_string(),
            key_type: KeyType::Ed25519,
            bits: [512, 1024, 2048][g.next(3)],
            testing: g.coin(),
            strict: g.coin(),
            provider: None,
        };
        match b.generate(&mut rng) {
            Ok(k) => {
                no_error(&k.record.text, &key::parse(&k.record.text).findings);
                check_strings(&k.record);
                assert_eq!(k.record.name, b.record_name());
                assert!(k
                    .record
                    .name
                    .ends_with(&format!("._domainkey.{}", k.domain)));
                assert!(k.private_key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
            }
            Err(KeygenError::Input(e)) => {
                assert!(!e.is_empty());
                fields_known(&e, &DkimBuilder::PARAMS);
            }
            Err(e) => panic!("{e}"),
        }
        let back = DkimBuilder::from_query(&b.to_query());
        if !b.domain.contains(' ') && !b.selector.contains(' ') {
            assert_eq!(back.domain, b.domain.trim());
            assert_eq!(back.selector, b.selector.trim());
            assert_eq!(
                (back.testing, back.strict, back.key_type),
                (b.testing, b.strict, b.key_type)
            );
        }
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

/// The default: an RSA 2048 key, its record in two strings.
#[test]
fn dkim_rsa_2048_default() {
    let b = DkimBuilder {
        domain: "example.com".into(),
        selector: "s202606".into(),
        ..DkimBuilder::default()
    };
    let start = Instant::now();
    let k = b.generate(&mut TestRng(2026)).unwrap();
    eprintln!(
        "RSA 2048 generated in {:?} (this build's profile)",
        start.elapsed()
    );
    assert_eq!(k.bits, 2048);
    assert_eq!(k.record.strings.len(), 2);
    check_strings(&k.record);
    let r = key::parse(&k.record.text);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.bits, Some(2048));
    assert!(k
        .private_key_pem
        .starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(k.public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
}

// ---------------------------------------------------------------------------------------------
// MTA-STS and TLS-RPT

#[test]
fn mtasts_builder_output_always_parses() {
    let host_pool = [
        "mx1.example.com",
        "mx2.example.com",
        "aspmx.l.google.com",
        "alt1.aspmx.l.google.com",
        "alt2.aspmx.l.google.com",
        "example-com.mail.protection.outlook.com",
        "MX.Example.NET.",
        "a.com",
        "b.com",
    ];
    let mut g = Gen(47);
    for _ in 0..3000 {
        let hosts: Vec<String> = (0..g.next(5))
            .map(|_| g.pick(&host_pool).to_string())
            .collect();
        let mx: Vec<String> = if g.next(3) > 0 {
            suggest_mx(&hosts)
        } else {
            (0..g.next(4))
                .map(|_| {
                    g.pick(&[
                        "*.example.com",
                        "mx1.example.com",
                        "bad*.example.com",
                        "*",
                        "no_dot",
                        "*.*.example.com",
                        "mx .example.com",
                    ])
                    .to_string()
                })
                .collect()
        };
        let b = MtaStsBuilder {
            domain: g
                .pick(&["example.com", "", "bad domain", "Sub.Example.co.uk."])
                .to_string(),
            mode: [Mode::Testing, Mode::Enforce, Mode::None][g.next(3)],
            mx,
            max_age: [0, 86_400, 604_800, 1_209_600, 31_557_600, 40_000_000][g.next(6)],
            id: g
                .pick(&[
                    "20260101000000",
                    "abc",
                    "",
                    "has space",
                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                    "id-with-dash",
                    "Z9",
                ])
                .to_string(),
            rua: (0..g.next(3))
                .map(|_| {
                    g.pick(&[
                        "tls@example.com",
                        "mailto:tls-reports@example.net",
                        "https://reports.example.com/tls",
                        "http://insecure.example.com",
                        "not an address",
                        "ftp://x.example",
                        "a,b@example.com",
                    ])
                    .to_string()
                })
                .collect(),
        };
        let out = b.build(&hosts);
        no_error(
            "mta-sts",
            &out.findings
                .iter()
                .filter(|f| f.code != "mtasts-mx-not-covered")
                .cloned()
                .collect::<Vec<_>>(),
        );
        fields_known(&out.input_errors, &MtaStsBuilder::PARAMS);
        if let Some(r) = &out.record {
            let p = parse_record(&r.text);
            assert!(p.is_valid(), "{}: {:?}", r.text, p.findings);
            assert_eq!(p.id.as_deref(), Some(b.id.trim()));
            check_strings(r);
        }
        if let Some(f) = &out.policy {
            let p = parse_policy(&f.text);
            no_error(&f.text, &p.findings);
            assert!(p.is_valid());
            assert_eq!(p.mode, Some(b.mode));
            assert!(f.text.ends_with("\r\n") && !f.text.replace("\r\n", "").contains('\n'));
            // Patterns suggested from the MX hosts always cover them.
            if b.mx == suggest_mx(&hosts) && !hosts.is_empty() {
                assert!(
                    check_policy_against_mx(&p, &hosts).is_empty(),
                    "{hosts:?} {:?}",
                    b.mx
                );
            }
        } else {
            assert!(out.input_errors.iter().any(|e| e.field == "mx_pattern"));
        }
        if let Some(t) = &out.tls_rpt {
            let p = authlens_engine::tlsrpt::parse_record(&t.text);
            assert!(p.is_valid(), "{}: {:?}", t.text, p.findings);
            check_strings(t);
        }
        // The address: the same records and file come back.
        let back = MtaStsBuilder::from_query(&b.to_query());
        if plain(&b.mx) && plain(&b.rua) && b.domain.trim() == b.domain && b.id.trim() == b.id {
            assert_eq!(back, b);
        }
        let again = back.build(&hosts);
        assert_eq!(
            (again.record, again.policy, again.tls_rpt),
            (out.record, out.policy, out.tls_rpt),
            "{}",
            b.to_query()
        );
    }
}
