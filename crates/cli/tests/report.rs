//! `authlens report FILE...`: the samples and generated reports of tests/data/aggregate.

mod common;

use common::{authlens, server};

fn data(path: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/aggregate")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn json_totals_of_several_files() {
    let (a, b) = (
        data("samples/rfc7489-appendix-c.xml"),
        data("generated/microsoft!example.com!1772352000!1772438399.xml.gz"),
    );
    let (code, out, err) = authlens(&["report", &a, &b, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["files"].as_array().unwrap().len(), 2);
    assert_eq!(v["files"][0]["format"], "xml");
    assert_eq!(v["files"][1]["format"], "gzip");
    assert_eq!(v["files"][1]["read"], true);
    assert_eq!(v["totals"]["reports"], 2);
    let domains = v["totals"]["domains"].as_array().unwrap();
    assert_eq!(domains.len(), 1);
    assert!(v["totals"]["results"]["messages"].as_u64().unwrap() > 23);
    assert!(v["totals"]["rows"].as_array().unwrap().len() > 4);
    assert!(v["impact"]["groups"].is_array());
    assert!(v.get("reverse_dns").is_none());
}

#[test]
fn text_summary_table_and_answer() {
    let (code, out, err) = authlens(&["report", &data("samples/rfc7489-appendix-c.xml")]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "Reports        1 from 1 reporters",
        "Dates          2024-03-01 to 2024-03-01 (UTC)",
        "Messages       23",
        "DMARC pass     12 (52.2%)",
        "Dispositions   none 16  pass 0  quarantine 7  reject 0",
        "By source (most messages first)",
        "Top failing sources",
        "Policy seen    example.com: p=quarantine sp=none pct=50 (1 reports)",
        // p=quarantine; pct=50 was published: receivers still on RFC 7489 quarantine only half
        // of the failing mail, so the next step is quarantine for all of it, not reject.
        "At p=quarantine: look first",
        "11 messages (47.8%) fail DMARC and would have been quarantined",
        "Published in these reports: p=quarantine; pct=50: RFC 9989 receivers quarantine all failing mail (they ignore pct=); receivers that still read pct= quarantine 50 % of failing mail and deliver the other 50 % as usual.",
        "forwarded (known forwarder)",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    // The table is sorted by count.
    let at12 = out.find("       12  192.0.2.1").unwrap();
    let at7 = out.find("        7  203.0.113.5").unwrap();
    assert!(at12 < at7, "{out}");
}

#[test]
fn a_file_that_cannot_be_read_exits_1_and_the_rest_still_counts() {
    let (code, out, _) = authlens(&[
        "report",
        &data("samples/rfc9990.xml"),
        &data("malformed/bomb.zip"),
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("report-too-large"), "{out}");
    assert!(out.contains("Messages       106"), "{out}");
    let (code, _, err) = authlens(&["report", &data("no-such-file.xml")]);
    assert_eq!(code, 1);
    assert!(err.contains("no-such-file.xml"), "{err}");
    // A cut report is read: exit 0, with the finding.
    let (code, out, _) = authlens(&["report", &data("malformed/cut.xml")]);
    assert_eq!(code, 0);
    assert!(out.contains("report-truncated"), "{out}");
}

#[test]
fn bad_usage_exits_2() {
    let (code, _, _) = authlens(&["report"]);
    assert_eq!(code, 2);
    let (code, _, _) = authlens(&["report", "--no-such-flag", "x.xml"]);
    assert_eq!(code, 2);
}

#[test]
fn rdns_asks_the_resolver() {
    let s = server();
    let (code, out, err) = authlens(&[
        "report",
        &data("samples/rfc9990.xml"),
        "--rdns",
        "--json",
        "--doh",
        &s.google_url(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let r = v["reverse_dns"].as_object().unwrap();
    assert_eq!(r.len(), 3, "{r:?}");
    // The fixture zones have no PTR for these documentation addresses: an empty list.
    assert_eq!(r["192.0.2.45"]["names"], serde_json::json!([]));
}

#[test]
fn senders_are_labelled_through_the_resolver() {
    let s = server();
    let file = data("samples/senders.xml");
    let (code, out, err) = authlens(&[
        "report",
        &file,
        "--senders",
        "--json",
        "--doh",
        &s.google_url(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Only --senders was asked: no separate reverse DNS table.
    assert!(v.get("reverse_dns").is_none());
    let senders = &v["senders"];
    let labels = senders["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 4);
    let by = |ip: &str| labels.iter().find(|l| l["ip"] == ip).unwrap();
    let ms = by("40.93.1.5");
    assert_eq!(ms["group"], "yours");
    assert_eq!(ms["service"]["id"], "microsoft365");
    assert_eq!(ms["service"]["evidence"]["by"], "range");
    assert_eq!(ms["service"]["evidence"]["term"], "ip4:40.92.0.0/15");
    assert_eq!(ms["network"]["asn"], 8075);
    assert_eq!(ms["network"]["name"], "MICROSOFT-CORP-MSN-AS-BLOCK, US");
    let sg = by("167.89.1.9");
    assert_eq!(sg["service"]["id"], "sendgrid");
    assert_eq!(sg["ptr"], "o1.ptr1234.sendgrid.net");
    assert_eq!(sg["ptr_base"], "sendgrid.net");
    assert_eq!(sg["network"]["asn"], 11377);
    assert_eq!(
        by("198.51.100.200")["because"],
        "passes DKIM as news.shop.example"
    );
    assert_eq!(by("198.51.100.200")["network"], serde_json::Value::Null);
    let st = by("203.0.113.200");
    assert_eq!(st["group"], "unknown");
    assert_eq!(st["failing"], 7);
    assert_eq!(st["ptr_base"], "stranger.co.uk");
    assert_eq!(
        senders["selectors"]["shop.example"],
        serde_json::json!(["selector1", "s1", "k1"])
    );
    // Salesforce's record is an exists: with a macro, which gives no range to match.
    assert!(senders["includes_unread"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i == "_spf.salesforce.com"));

    let (code, out, err) = authlens(&["report", &file, "--senders", "--doh", &s.google_url()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\nYour services (a known service, or authenticating as your domain): 3\n"),
        "{out}"
    );
    assert!(
        out.contains("\nUnknown senders: 1\n  203.0.113.200"),
        "{out}"
    );
    assert!(out.contains("Microsoft 365 (in ip4:40.92.0.0/15 of spf.protection.outlook.com)  AS8075 MICROSOFT-CORP-MSN-AS-BLOCK, US\n"), "{out}");
    assert!(
        out.contains("ptr mx1.mail.stranger.co.uk  AS64500 (NL)\n"),
        "{out}"
    );

    // A resolver that does not answer: each label says so, rather than looking unknown.
    let (code, out, _) = authlens(&[
        "report",
        &file,
        "--senders",
        "--doh",
        "http://127.0.0.1:9/resolve",
        "--doh2",
        "none",
        "--timeout",
        "1",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("(lookup failed: "), "{out}");
    assert!(out.contains("DKIM selectors in the reports for shop.example: selector1, s1, k1 (authlens inspect shop.example --selector selector1,s1,k1)"), "{out}");
}
