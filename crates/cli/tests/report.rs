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
    let st = by("203.0.113.213");
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
        out.contains("\nUnknown senders: 1\n  203.0.113.213"),
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

fn mail_data(path: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn an_mbox_gives_every_kind_of_report_it_holds() {
    let s = server();
    let mbox = mail_data("mail/generated/reports.mbox");
    let (code, out, err) = authlens(&["report", &mbox, "--json", "--doh", &s.google_url()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(mail_data("mail/generated/expected.json")).unwrap(),
    )
    .unwrap();
    let m = &v["mail"][0];
    assert_eq!(m["container"], "mbox");
    // The generator's own list of what each mail holds.
    let mails = expected["messages"].as_array().unwrap();
    assert_eq!(m["messages"].as_u64(), Some(mails.len() as u64));
    let count = |kind: &str| {
        mails
            .iter()
            .flat_map(|x| x["reports"].as_array().unwrap())
            .filter(|r| r["kind"] == kind)
            .count()
    };
    let skipped: u64 = mails
        .iter()
        .map(|x| x["skipped_attachments"].as_u64().unwrap())
        .sum();
    // Each aggregate report found is read and counted, named after the mail it came in.
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), count("aggregate"));
    assert!(files.iter().all(|f| f["read"] == true));
    assert!(files[0]["name"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{mbox}: mail ")));
    assert_eq!(
        v["totals"]["reports"].as_u64(),
        Some(count("aggregate") as u64)
    );
    assert_eq!(v["tls"]["files"].as_array().unwrap().len(), count("tlsrpt"));
    assert!(v["tls"]["totals"]["reports"].as_u64().unwrap() >= 1);
    // Each failure report with its enclosed message checked.
    let failures = v["failure_reports"].as_array().unwrap();
    assert_eq!(failures.len(), count("failure"));
    assert_eq!(failures[0]["report"]["form"], "arf");
    assert!(failures[0]["check"]["summary"]
        .as_str()
        .unwrap()
        .starts_with("Not authenticated"));
    // Skipped: the attachments that are no report, and the mail with nothing attached.
    assert!(m["skipped"].as_array().unwrap().len() as u64 >= skipped);

    let (code, out, _) = authlens(&["report", &mbox, "--doh", &s.google_url()]);
    assert_eq!(code, 0);
    assert!(out.contains(&format!("\nMail           {mbox}: 11 messages, 3 aggregate, 2 TLS and 2 failure reports found; 8 parts skipped\n")), "{out}");
    assert!(out.contains("\nFailure report 1: "), "{out}");
}

#[test]
fn tls_reports_are_totalled_beside_aggregate_ones() {
    let appendix_b = mail_data("tlsrpt/samples/rfc8460-appendix-b.json");
    let aggregate = data("samples/rfc7489-appendix-c.xml");
    let (code, out, err) = authlens(&["report", &appendix_b, &aggregate, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["totals"]["reports"], 1);
    let t = &v["tls"]["totals"];
    // RFC 8460 Appendix B: 5,326 successful and 303 failed connections.
    assert_eq!(
        (t["successful"].as_u64(), t["failed"].as_u64()),
        (Some(5326), Some(303))
    );
    assert_eq!(v["tls"]["files"][0]["format"], "json");
    let (code, out, _) = authlens(&["report", &appendix_b]);
    assert_eq!(code, 0);
    assert!(out.starts_with("\nTLS-RPT        1 reports from 1 reporters, in 1 files\nConnections    5,326 succeeded, 303 failed (5.4%)\n"), "{out}");
    // Not mail and not a report: said, and the exit status says it.
    let png = std::env::temp_dir().join(format!("authlens-report-{}.png", std::process::id()));
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let (code, out, _) = authlens(&["report", png.to_str().unwrap(), "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"][0]["read"], false);
    let _ = std::fs::remove_file(&png);
}

#[test]
fn a_failure_report_eml_is_explained_and_its_message_checked() {
    let s = server();
    let eml = mail_data("mail/failure/rfc6591-dkim.eml");
    let (code, out, err) = authlens(&["report", &eml, "--json", "--doh", &s.google_url()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &v["failure_reports"][0];
    let field = |name: &str| {
        f["report"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap_or_else(|| panic!("no {name}"))["value"]
            .clone()
    };
    assert_eq!(field("Auth-Failure"), "bodyhash");
    assert_eq!(f["check"]["dkim"][0]["domain"], "example.net");
    assert!(v.get("tls").is_none());
    assert_eq!(v["files"], serde_json::json!([]));
}
