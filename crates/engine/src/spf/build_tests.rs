//! Tests of [`super`] (build.rs), the catalogue and the meter.

use super::*;
use crate::dns::zone::Zone;
use crate::spf::tree::NodeStatus;
use futures::executor::block_on;

fn fixture_zones() -> Zone {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/zones");
    let mut zone = Zone::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the fixture zones")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a zone file");
        zone.merge(Zone::from_yaml(&text).unwrap_or_else(|e| panic!("{f:?}: {e}")));
    }
    zone
}

#[test]
fn catalogue_ids_are_unique_kebab_and_linked() {
    for (i, s) in CATALOGUE.iter().enumerate() {
        assert!(
            s.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            s.id
        );
        assert!(
            CATALOGUE[..i].iter().all(|o| o.id != s.id),
            "{} twice",
            s.id
        );
        assert!(!s.name.is_empty() && !s.source.is_empty() && !s.note.is_empty());
        if let Some(p) = s.dkim_provider {
            assert!(
                crate::dkim::discover::PROVIDERS.iter().any(|x| x.id == p),
                "{}: no DKIM provider {p}",
                s.id
            );
        }
        // An entry with nothing to publish must say why, and cannot be "yours".
        if s.includes.is_empty() && s.ip4.is_empty() && s.ip6.is_empty() {
            assert_eq!(s.envelope, Envelope::Provider, "{}", s.id);
        }
    }
    for must in [
        "microsoft365",
        "google",
        "amazon-ses",
        "sendgrid",
        "mailchimp",
        "mandrill",
        "salesforce",
        "zendesk",
        "hubspot",
        "postmark",
        "mailgun",
        "brevo",
        "zoho",
    ] {
        assert!(sender(must).is_some(), "{must}");
    }
}

/// Each entry's terms parse with no finding at all, alone and all together.
#[test]
fn catalogue_entries_parse() {
    for s in CATALOGUE {
        let b = SpfBuilder {
            senders: vec![s.id.to_string()],
            ..SpfBuilder::default()
        };
        let out = b.build();
        assert!(
            out.input_errors.is_empty(),
            "{}: {:?}",
            s.id,
            out.input_errors
        );
        let r = parse(&out.record.text);
        assert!(r.findings.is_empty(), "{}: {:?}", s.id, r.findings);
        for i in s.includes {
            assert!(valid_term(&format!("include:{i}")), "{}: {i}", s.id);
            assert_eq!(
                parse_domain(i).as_deref(),
                Ok(*i),
                "{}: lower case, no dot",
                s.id
            );
        }
        for r in s.ip4.iter().chain(s.ip6) {
            assert!(range_term(r).is_ok(), "{}: {r}", s.id);
        }
    }
    let every = SpfBuilder {
        senders: CATALOGUE.iter().map(|s| s.id.to_string()).collect(),
        ..SpfBuilder::default()
    };
    let r = parse(&every.build().record.text);
    assert!(!r.has_syntax_error(), "{:?}", r.findings);
}

/// Each include exists in the fixture zones the tests use, with one SPF record whose tree
/// resolves with no error (so the page's and the CLI's tests can evaluate any choice).
#[test]
fn catalogue_includes_exist_in_the_fixture_zones() {
    let zone = fixture_zones();
    for s in CATALOGUE {
        for i in s.includes {
            let t = block_on(tree::inspect(&zone, i));
            assert_eq!(
                t.root.status,
                NodeStatus::Ok,
                "{}: {i} has no SPF record in tests/fixtures/zones",
                s.id
            );
            let errors: Vec<&Finding> = t
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {i}: {errors:?}", s.id);
            // And they can be evaluated from a record that includes them.
            let draft = format!("v=spf1 include:{i} -all");
            let t = block_on(tree::inspect_with(&zone, "builder.example", Some(&draft)));
            assert!(t.lookups >= 1 && t.lookups <= 10, "{}: {}", s.id, t.lookups);
        }
    }
}

#[test]
fn builds_in_order_and_reports_bad_inputs() {
    let b = SpfBuilder {
        domain: "Example.COM".into(),
        senders: vec!["google".into(), "nope".into(), "sendgrid".into()],
        a: false,
        mx: true,
        ranges: vec![
            "ip6:2001:DB8::1/32".into(),
            "192.0.2.7/24".into(),
            "198.51.100.9".into(),
            "10.0.0.0/4".into(),
            "300.1.1.1".into(),
        ],
        hosts: vec!["relay.example.com".into(), "bad host".into()],
        includes: vec!["include:_spf.example.net".into(), "_spf.google.com".into()],
        flattened: Vec::new(),
        all: Some(AllPolicy::Fail),
    };
    let out = b.build();
    assert_eq!(
        out.record.text,
        "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.9 ip6:2001:db8::/32 mx a:relay.example.com include:_spf.google.com include:sendgrid.net include:_spf.example.net -all"
    );
    assert_eq!(out.record.name, "example.com");
    assert_eq!(out.record.host, "@");
    let fields: Vec<&str> = out.input_errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["send", "ip", "ip", "host"]);
    let codes: Vec<&str> = out.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["spf-build-provider-envelope"]);
    assert!(matches!(
        out.terms[5].origin,
        Origin::Sender { id: "google", .. }
    ));
    assert_eq!(
        out.terms.last().map(|t| t.origin.clone()),
        Some(Origin::All)
    );
}

#[test]
fn empty_builder_is_a_no_mail_record() {
    let out = SpfBuilder::default().build();
    assert_eq!(out.record.text, "v=spf1 -all");
    assert_eq!(out.all, AllPolicy::Fail);
    assert_eq!(out.consequence, NO_MAIL);
    assert_eq!(out.findings[0].code, "spf-build-no-sender");
    assert!(
        out.findings[0]
            .message
            .contains("as a domain that sends no mail should say"),
        "{}",
        out.findings[0].message
    );
    assert_eq!(
        out.record.zone_line,
        "<domain>. 3600 IN TXT \"v=spf1 -all\""
    );
    // ~all chosen: kept, and the finding says what a no-mail domain should publish.
    let out = SpfBuilder {
        all: Some(AllPolicy::SoftFail),
        ..SpfBuilder::default()
    }
    .build();
    assert_eq!(out.record.text, "v=spf1 ~all");
    assert!(out.findings[0]
        .message
        .ends_with("should publish v=spf1 -all"));
    // A sender without a choice: ~all, as before.
    let out = SpfBuilder {
        a: true,
        ..SpfBuilder::default()
    }
    .build();
    assert_eq!(out.record.text, "v=spf1 a ~all");
}

#[test]
fn long_records_are_split_between_terms_and_flagged_over_512() {
    let b = SpfBuilder {
        domain: "example.com".into(),
        ranges: (0..40).map(|i| format!("198.51.{i}.0/24")).collect(),
        ..SpfBuilder::default()
    };
    let out = b.build();
    assert!(out.record.strings.len() > 2);
    assert!(out.record.strings.iter().all(|s| s.len() <= 255));
    let strings: Vec<Vec<u8>> = out
        .record
        .strings
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    let r = crate::spf::parse_strings(&strings);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert!(out.findings.iter().any(|f| f.code == "spf-record-too-long"));
}

#[test]
fn params_round_trip() {
    let b = SpfBuilder {
        domain: "example.com".into(),
        senders: vec!["google".into(), "mailgun".into()],
        a: true,
        mx: false,
        ranges: vec!["192.0.2.0/24".into(), "2001:db8::/32".into()],
        hosts: vec!["relay.example.com".into()],
        includes: vec!["_spf.example.net".into()],
        flattened: vec![Flattened {
            include: "mailgun.org".into(),
            ranges: vec!["203.0.113.0/24".into(), "2001:db8:5::/48".into()],
        }],
        all: Some(AllPolicy::Fail),
    };
    assert_eq!(SpfBuilder::from_query(&b.to_query()), b);
    assert_eq!(SpfBuilder::from_query(""), SpfBuilder::default());
    assert_eq!(SpfBuilder::default().to_query(), "");
    assert_eq!(b.to_params().len(), SpfBuilder::PARAMS.len());
}

/// Includes replaced by their ranges make one finding, which names each with its count.
#[test]
fn copied_includes_are_one_finding() {
    let flat = |include: &str, ranges: &[&str]| Flattened {
        include: include.into(),
        ranges: ranges.iter().map(|r| r.to_string()).collect(),
    };
    let b = SpfBuilder {
        domain: "example.com".into(),
        senders: ["google", "microsoft365"].map(String::from).to_vec(),
        flattened: vec![flat(
            "_spf.google.com",
            &["192.0.2.0/24", "198.51.100.0/24"],
        )],
        ..SpfBuilder::default()
    };
    let one: Vec<Finding> = b
        .build()
        .findings
        .into_iter()
        .filter(|f| f.code == "spf-build-flattened")
        .collect();
    assert_eq!(one.len(), 1);
    assert!(one[0]
        .message
        .starts_with("include:_spf.google.com is replaced by the 2 ranges it held"));
    let b = SpfBuilder {
        flattened: vec![
            flat("_spf.google.com", &["192.0.2.0/24", "198.51.100.0/24"]),
            flat("spf.protection.outlook.com", &["203.0.113.0/24"]),
        ],
        ..b
    };
    let both: Vec<Finding> = b
        .build()
        .findings
        .into_iter()
        .filter(|f| f.code == "spf-build-flattened")
        .collect();
    assert_eq!(both.len(), 1);
    assert!(
        both[0].message.starts_with(
            "include:_spf.google.com (2 ranges) and include:spf.protection.outlook.com (1 range) are replaced"
        ),
        "{}",
        both[0].message
    );
}

#[test]
fn from_record_keeps_what_it_can() {
    let r = parse("v=spf1 ip4:192.0.2.0/24 mx a a:relay.example.com include:_spf.google.com include:spf.example.net exists:%{i}.x.example ?ip4:198.51.100.1 redirect=other.example -all");
    let (b, dropped) = SpfBuilder::from_record("example.com", &r);
    assert_eq!(b.senders, ["google"]);
    assert_eq!(b.includes, ["spf.example.net"]);
    assert_eq!(b.ranges, ["192.0.2.0/24"]);
    assert_eq!(b.hosts, ["relay.example.com"]);
    assert!(b.a && b.mx);
    assert_eq!(b.all, Some(AllPolicy::Fail));
    assert_eq!(
        dropped,
        [
            "exists:%{i}.x.example",
            "?ip4:198.51.100.1",
            "redirect=other.example"
        ]
    );
}

#[test]
fn meter_counts_per_term_and_offers_ways_out() {
    let zone = fixture_zones();
    let b = SpfBuilder {
        domain: "builder.example".into(),
        senders: [
            "google",
            "microsoft365",
            "mailchimp",
            "sendgrid",
            "salesforce",
            "mailgun",
            "zendesk",
        ]
        .map(String::from)
        .to_vec(),
        mx: true,
        ..SpfBuilder::default()
    };
    let out = b.build();
    // Mailchimp and SendGrid use their own bounce domains: one finding names both, so that
    // the page says it once.
    let envelope: Vec<&Finding> = out
        .findings
        .iter()
        .filter(|f| f.code == "spf-build-provider-envelope")
        .collect();
    assert_eq!(envelope.len(), 1, "{envelope:?}");
    assert!(
        envelope[0]
            .message
            .starts_with("Mailchimp and SendGrid (Twilio) send with their own domains"),
        "{}",
        envelope[0].message
    );
    let t = block_on(tree::inspect_with(
        &zone,
        "builder.example",
        Some(&out.record.text),
    ));
    let m = meter(&out, &t);
    assert_eq!(m.terms.iter().map(|c| c.lookups).sum::<u32>(), t.lookups);
    // Every way out is worded for its own term: no two say the same sentence.
    let mut said: Vec<&str> = m
        .ways_out
        .iter()
        .flat_map(|w| [Some(w.advice.as_str()), w.caveat.as_deref()])
        .flatten()
        .collect();
    let n = said.len();
    said.sort_unstable();
    said.dedup();
    assert_eq!(said.len(), n, "a way out repeats another's words");
    assert!(m.ways_out.iter().all(|w| !w.advice.contains("(s)")));
    assert_eq!(m.level, Level::Over, "{}", m.label);
    let google = m
        .terms
        .iter()
        .find(|c| c.term == "include:_spf.google.com")
        .unwrap();
    assert_eq!((google.lookups, google.sender), (4, Some("google")));
    let kinds: Vec<WayOutKind> = m.ways_out.iter().map(|w| w.kind).collect();
    // Senders that are not checked here come first.
    assert_eq!(kinds[0], WayOutKind::DropSender);
    assert!(matches!(
        m.ways_out[0].sender,
        Some("mailchimp" | "sendgrid")
    ));
    assert!(kinds.contains(&WayOutKind::Flatten) && kinds.contains(&WayOutKind::MoveToSubdomain));
    // Salesforce's exists: cannot be flattened; Google's netblocks can.
    assert!(m
        .ways_out
        .iter()
        .all(|w| !(w.kind == WayOutKind::Flatten && w.sender == Some("salesforce"))));
    let g = m
        .ways_out
        .iter()
        .find(|w| w.kind == WayOutKind::Flatten && w.sender == Some("google"))
        .and_then(|w| w.flatten.clone())
        .unwrap();
    assert!(g.complete && g.ranges.len() > 10 && g.lookups_saved == 4);
    assert!(g.ranges.iter().any(|r| r.contains(':')));

    // Flattening Google brings it back within the limit, with the stale warning.
    let b2 = SpfBuilder {
        flattened: vec![Flattened {
            include: g.include.clone(),
            ranges: g.ranges.clone(),
        }],
        ..b
    };
    let out2 = b2.build();
    assert!(!out2.record.text.contains("_spf.google.com"));
    assert!(out2
        .findings
        .iter()
        .any(|f| f.code == "spf-build-flattened"));
    let t2 = block_on(tree::inspect_with(
        &zone,
        "builder.example",
        Some(&out2.record.text),
    ));
    assert_eq!(t2.lookups, t.lookups - 4);
}

#[test]
fn meter_warns_near_the_limit() {
    let zone = fixture_zones();
    let b = SpfBuilder {
        domain: "builder.example".into(),
        senders: ["google", "microsoft365", "mailgun"]
            .map(String::from)
            .to_vec(),
        mx: true,
        a: true,
        ..SpfBuilder::default()
    };
    let out = b.build();
    let t = block_on(tree::inspect_with(
        &zone,
        "builder.example",
        Some(&out.record.text),
    ));
    let m = meter(&out, &t);
    assert_eq!(m.level, Level::Near, "{}", m.label);
    assert_eq!(m.findings[0].code, "spf-build-near-limit");
    assert!(m.ways_out.is_empty());
}

#[test]
fn compare_lists_term_changes() {
    let c = compare(
        "v=spf1 include:_spf.google.com include:sendgrid.net -all",
        Some("v=spf1 include:_spf.google.com include:servers.mcsv.net ~all"),
    );
    assert_eq!(
        c.changes,
        [
            Change::Added {
                what: "include:sendgrid.net".into()
            },
            Change::Removed {
                what: "include:servers.mcsv.net".into()
            },
            Change::Changed {
                what: "all".into(),
                published: "~all".into(),
                built: "-all".into()
            },
        ]
    );
    assert!(!c.same);
    let same = compare("v=spf1 mx -all", Some("v=spf1 MX -all"));
    assert!(same.same, "{same:?}");
    let none = compare("v=spf1 -all", None);
    assert!(!none.same && none.published.is_none() && !none.notes.is_empty());
}

#[test]
fn all_policy_words() {
    for a in AllPolicy::ALL {
        assert_eq!(AllPolicy::parse(a.as_str()), Some(a));
        assert_eq!(AllPolicy::parse(a.term()), Some(a));
        assert!(!a.consequence().is_empty());
    }
    assert_eq!(AllPolicy::parse("+all"), None);
}
