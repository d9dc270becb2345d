//! Sender labels on a zone that holds reverse names, Team Cymru's TXT answers and the SPF records
//! of a few catalogue services (as tests/fixtures/zones/senders.yaml serves them to the CLI and
//! the page), and on a report whose rows show DKIM and SPF domains.

use super::*;
use crate::aggregate::{read_file, summarize, Options};
use crate::dns::zone::Zone;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn zone() -> Zone {
    Zone::new()
        // Microsoft 365: an include with a nested include, ranges in both families.
        .with_txt(
            "spf.protection.outlook.com",
            &["v=spf1 include:spfd.protection.outlook.com ip4:40.92.0.0/15 -all"],
        )
        .with_txt(
            "spfd.protection.outlook.com",
            &["v=spf1 ip4:52.100.0.0/15 ip6:2a01:111:f400::/48 -all"],
        )
        .with_txt("sendgrid.net", &["v=spf1 ip4:167.89.0.0/17 -all"])
        // Network answers: two addresses in one AS, one with several origin ASes.
        .with_txt(
            "5.1.93.40.origin.asn.cymru.com",
            &["8075 | 40.80.0.0/12 | US | arin | 2014-05-09"],
        )
        .with_txt(
            "9.1.89.167.origin.asn.cymru.com",
            &["11377 64496 | 167.89.0.0/19 | us | ARIN | 2012-08-14"],
        )
        .with_txt(
            "213.113.0.203.origin.asn.cymru.com",
            &["64500 | 203.0.113.0/24 | NL | ripencc | 2001-01-01"],
        )
        .with_txt(
            "AS8075.asn.cymru.com",
            &["8075 | US | arin | 1997-03-05 | MICROSOFT-CORP-MSN-AS-BLOCK, US"],
        )
        .with_txt(
            "AS11377.asn.cymru.com",
            &["11377 | US | arin | 1998-05-01 | SENDGRID, US"],
        )
        // AS64500's name is not published: the network is still known.
        .with(
            "213.113.0.203.in-addr.arpa",
            RData::Ptr("mx1.mail.stranger.co.uk.".into()),
        )
        .with(
            "9.1.89.167.in-addr.arpa",
            RData::Ptr("o1.ptr1234.sendgrid.net.".into()),
        )
}

#[test]
fn team_cymru_names_and_answers() {
    assert_eq!(
        origin_name(ip("192.0.2.25")),
        "25.2.0.192.origin.asn.cymru.com"
    );
    assert_eq!(
        origin_name(ip("2001:db8::1")),
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com"
    );
    assert_eq!(
        parse_origin("15169 | 8.8.8.0/24 | us | ARIN | 2023-12-28"),
        Some(Network {
            asn: 15169,
            prefix: "8.8.8.0/24".into(),
            country: "US".into(),
            registry: "arin".into(),
            name: None,
        })
    );
    assert_eq!(
        parse_origin("64496 64497 | 192.0.2.0/24 | | |")
            .unwrap()
            .asn,
        64496
    );
    for bad in [
        "",
        "AS15169 | 8.8.8.0/24",
        "15169",
        "15169 | not a prefix | US",
        "99999999999 | 1.0.0.0/8",
    ] {
        assert_eq!(parse_origin(bad), None, "{bad:?}");
    }
    assert_eq!(
        parse_as_name("15169 | US | arin | 2000-03-30 | GOOGLE, US").as_deref(),
        Some("GOOGLE, US")
    );
    assert_eq!(parse_as_name("15169 | US | arin | 2000-03-30 |"), None);
    assert_eq!(parse_as_name("15169 | US"), None);
}

#[test]
fn networks_ask_each_origin_then_each_as_once() {
    let ips = [
        ip("40.93.1.5"),
        ip("167.89.1.9"),
        ip("203.0.113.213"),
        ip("198.51.100.200"),
        ip("40.93.1.5"),
    ];
    let got = futures::executor::block_on(networks(&zone(), &ips));
    assert_eq!(got.len(), 5);
    let ms = got[0].1.clone().unwrap().unwrap();
    assert_eq!((ms.asn, ms.prefix.as_str()), (8075, "40.80.0.0/12"));
    assert_eq!(ms.name.as_deref(), Some("MICROSOFT-CORP-MSN-AS-BLOCK, US"));
    let sg = got[1].1.clone().unwrap().unwrap();
    assert_eq!(
        (sg.asn, sg.country.as_str(), sg.registry.as_str()),
        (11377, "US", "arin")
    );
    assert_eq!(sg.name.as_deref(), Some("SENDGRID, US"));
    let nl = got[2].1.clone().unwrap().unwrap();
    assert_eq!((nl.asn, nl.name), (64500, None));
    // Not announced (no answer): known to be unknown, not an error.
    assert_eq!(got[3].1, Ok(None));
    assert_eq!(got[4], got[0]);
}

#[test]
fn services_are_matched_by_range_then_by_their_domains() {
    let (ranges, unread) = futures::executor::block_on(service_ranges(&zone()));
    // The nested include's ranges count for the service of the include that led there.
    let ms: Vec<&str> = ranges
        .iter()
        .filter(|r| r.service == "microsoft365")
        .map(|r| r.term.as_str())
        .collect();
    assert_eq!(
        ms,
        [
            "ip4:40.92.0.0/15",
            "ip4:52.100.0.0/15",
            "ip6:2a01:111:f400::/48"
        ]
    );
    assert!(unread.contains(&"_spf.google.com".to_string()));
    assert!(!unread.contains(&"sendgrid.net".to_string()));

    let none = Seen::default();
    let svc =
        |addr: &str, seen: &Seen, ptr: Option<&str>| service_of(Some(ip(addr)), seen, ptr, &ranges);
    let m = svc("40.93.1.5", &none, None).unwrap();
    assert_eq!(m.id, "microsoft365");
    assert_eq!(
        m.evidence,
        Evidence::Range {
            include: "spf.protection.outlook.com".into(),
            term: "ip4:40.92.0.0/15".into()
        }
    );
    assert_eq!(
        svc("2a01:111:f400::1", &none, None).unwrap().id,
        "microsoft365"
    );
    assert_eq!(
        svc("167.89.100.1", &none, None).unwrap().name,
        "SendGrid (Twilio)"
    );
    // Outside every range: by the domains the reports show it passing for.
    let mailgun = Seen {
        dkim_pass: vec!["mg.shop.example".into(), "mailgun.org".into()],
        ..Seen::default()
    };
    assert_eq!(
        svc("198.51.100.200", &mailgun, None).unwrap().evidence,
        Evidence::DkimDomain {
            domain: "mailgun.org".into()
        }
    );
    let tenant = Seen {
        dkim_pass: vec!["contoso.onmicrosoft.com".into()],
        ..Seen::default()
    };
    assert_eq!(
        svc("198.51.100.200", &tenant, None).unwrap().id,
        "microsoft365"
    );
    let ses = Seen {
        spf_pass: vec!["eu-west-1.amazonses.com".into()],
        ..Seen::default()
    };
    assert_eq!(svc("198.51.100.200", &ses, None).unwrap().id, "amazon-ses");
    // A consumer mailbox's own domain is no evidence of the business service.
    let consumer = Seen {
        dkim_pass: vec!["outlook.com".into(), "gmail.com".into()],
        ..Seen::default()
    };
    assert_eq!(svc("198.51.100.200", &consumer, None), None);
    // Last, the reverse name.
    assert_eq!(
        svc(
            "198.51.100.200",
            &none,
            Some("mail-db8eur05on2050.outbound.protection.outlook.com.")
        )
        .unwrap()
        .evidence,
        Evidence::ReverseName {
            name: "mail-db8eur05on2050.outbound.protection.outlook.com".into()
        }
    );
    assert_eq!(
        svc("198.51.100.200", &none, Some("mx.stranger.example")),
        None
    );
    assert_eq!(service_of(None, &none, None, &ranges), None);
}

/// Four sources: Microsoft 365 and SendGrid by their ranges, a subdomain of the reported domain
/// signing for itself, and a stranger passing SPF for its own domain only.
const REPORT: &str = include_str!("../../../../tests/data/aggregate/samples/senders.xml");

#[test]
fn sources_are_labelled_and_grouped() {
    let file = read_file("senders.xml", REPORT.as_bytes(), &Options::default());
    assert!(file.is_read(), "{:?}", file.findings);
    let totals = summarize(&file.reports);
    let seen = seen(&totals);
    assert_eq!(seen.len(), 4);
    assert_eq!(
        (seen[0].ip, seen[0].messages, seen[0].failing),
        (Some(ip("40.93.1.5")), 120, 0)
    );
    let sg = seen
        .iter()
        .find(|s| s.ip == Some(ip("167.89.1.9")))
        .unwrap();
    assert_eq!(sg.dkim_pass, ["shop.example", "sendgrid.info"]);
    assert_eq!(sg.spf_pass, ["em123.shop.example"]);
    let stranger = seen
        .iter()
        .find(|s| s.ip == Some(ip("203.0.113.213")))
        .unwrap();
    assert_eq!((stranger.failing, stranger.dkim_pass.len()), (7, 0));
    // Selectors for the domain and its subdomains, each once, none of another domain.
    assert_eq!(
        selectors_for(&seen, "shop.example"),
        ["selector1", "s1", "k1"]
    );

    let z = zone();
    let ips: Vec<IpAddr> = seen.iter().filter_map(|s| s.ip).collect();
    let ptrs = futures::executor::block_on(crate::aggregate::reverse_names(&z, &ips));
    let nets = futures::executor::block_on(networks(&z, &ips));
    let (ranges, _) = futures::executor::block_on(service_ranges(&z));
    let labels = label(&seen, &ptrs, &nets, &ranges, &totals.domains);
    let by = |a: &str| labels.iter().find(|l| l.ip == Some(ip(a))).unwrap();

    let ms = by("40.93.1.5");
    assert_eq!(ms.group, Group::Yours);
    assert_eq!(
        ms.because,
        "Microsoft 365 (in ip4:40.92.0.0/15 of spf.protection.outlook.com)"
    );
    assert_eq!(ms.network.as_ref().map(|n| n.asn), Some(8075));
    let sg = by("167.89.1.9");
    assert_eq!(sg.service.as_ref().map(|s| s.id), Some("sendgrid"));
    assert_eq!(sg.ptr.as_deref(), Some("o1.ptr1234.sendgrid.net"));
    assert_eq!(sg.ptr_base.as_deref(), Some("sendgrid.net"));
    // No service, but it signs as a subdomain of the reported domain: the domain's own.
    let own = by("198.51.100.200");
    assert_eq!((own.group, own.service.clone()), (Group::Yours, None));
    assert_eq!(own.because, "passes DKIM as news.shop.example");
    assert_eq!((own.ptr.clone(), own.network.clone()), (None, None));
    // Passing SPF for its own domain does not make a stranger the domain's.
    let st = by("203.0.113.213");
    assert_eq!(st.group, Group::Unknown);
    assert_eq!(st.ptr_base.as_deref(), Some("stranger.co.uk"));
    assert_eq!(st.failing, 7);
    // Nothing asked: labels from the reports alone.
    let bare = label(&seen, &[], &[], &[], &totals.domains);
    assert!(bare.iter().all(|l| l.ptr.is_none() && l.network.is_none()));
    assert_eq!(bare.iter().filter(|l| l.group == Group::Yours).count(), 3);
}
