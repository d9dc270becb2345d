//! Tests of [`super`] (parse.rs).

use super::*;
use crate::dmarc::Policy;

fn one(xml: &str) -> Report {
    let mut p = parse("t.xml", xml.as_bytes(), 1000);
    assert_eq!(p.reports.len(), 1, "{:?}", p.outcome);
    p.reports.remove(0)
}

#[test]
fn int_forms() {
    for (s, want) in [
        ("1700000000", Some(1_700_000_000)),
        ("+5", Some(5)),
        ("5.000", Some(5)),
        ("5.5", None),
        ("x", None),
        ("", None),
    ] {
        assert_eq!(parse_int(s), want, "{s}");
    }
}

#[test]
fn reads_in_any_order_with_prefixes_and_entities() {
    let r = one(r#"<?xml version="1.0"?>
<d:feedback xmlns:d="urn:ietf:params:xml:ns:dmarc-2.0">
 <d:record>
  <d:auth_results><d:spf><d:result>pass</d:result><d:domain>Example.COM.</d:domain></d:spf>
   <d:dkim><d:result>fail</d:result><d:domain>a.example</d:domain></d:dkim>
   <d:dkim><d:domain>b.example</d:domain><d:result>pass</d:result><d:selector>s</d:selector></d:dkim></d:auth_results>
  <d:identifiers><d:header_from>example.com</d:header_from></d:identifiers>
  <d:row><d:count> 7 </d:count><d:source_ip>2001:DB8::1</d:source_ip>
   <d:policy_evaluated><d:spf>pass</d:spf><d:dkim>fail</d:dkim><d:disposition>none</d:disposition>
<d:reason><d:type>mailing_list</d:type><d:comment>list &amp; co</d:comment></d:reason></d:policy_evaluated></d:row>
 </d:record>
 <d:report_metadata><d:report_id>r1</d:report_id><d:org_name>AT&T</d:org_name>
  <d:date_range><d:end>200</d:end><d:begin>100</d:begin></d:date_range></d:report_metadata>
 <d:policy_published><d:domain>example.com</d:domain><d:p>reject</d:p><d:np>quarantine</d:np></d:policy_published>
</d:feedback>"#);
    assert_eq!(r.metadata.org_name.as_deref(), Some("AT&T"));
    assert_eq!(
        r.metadata.date_range,
        Some(DateRange {
            begin: 100,
            end: 200
        })
    );
    assert_eq!(r.policy_published.np, Some(Policy::Quarantine));
    assert_eq!(r.records.len(), 1);
    let rec = &r.records[0];
    assert_eq!(rec.count, 7);
    assert_eq!(rec.source_ip, "2001:db8::1".parse().ok());
    assert_eq!(rec.auth_results.dkim.len(), 2);
    assert_eq!(
        rec.auth_results.spf[0].domain.as_deref(),
        Some("example.com")
    );
    assert!(rec.dmarc_pass() && rec.dkim_pass() && rec.spf_pass() && rec.indirect());
    assert_eq!(
        rec.policy_evaluated.reasons[0].comment.as_deref(),
        Some("list & co")
    );
    assert!(r.complete);
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
}

#[test]
fn skips_are_counted_per_path() {
    let rec = "<record><row><source_ip>192.0.2.1</source_ip><count>1</count><x-rep>1</x-rep></row><identifiers><header_from>a.example</header_from></identifiers><auth_results/></record>";
    let xml = format!(
        "<feedback><report_metadata><org_name>o</org_name><report_id>1</report_id><date_range><begin>1</begin><end>2</end></date_range></report_metadata><policy_published><domain>a.example</domain><sp>unused</sp></policy_published>{}</feedback>",
        rec.repeat(3)
    );
    let r = one(&xml);
    assert_eq!(r.records.len(), 3);
    let unknown: Vec<_> = r
        .skipped
        .iter()
        .filter(|s| s.code == "report-unknown-element")
        .collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].count, 3);
    assert_eq!(unknown[0].path, "feedback/record/row/x-rep");
    assert!(r
        .skipped
        .iter()
        .any(|s| s.code == "report-empty-value" && s.path.ends_with("/sp")));
}

#[test]
fn stray_paths_and_signatures_are_bounded() {
    let mut xml = String::from("<feedback><report_metadata>");
    for i in 0..500 {
        xml.push_str(&format!("<x{i}/>"));
    }
    xml.push_str("</report_metadata><record><row><count>1</count></row><auth_results>");
    xml.push_str(&"<dkim><domain>a.example</domain><result>pass</result></dkim>".repeat(150));
    xml.push_str("</auth_results></record></feedback>");
    let r = one(&xml);
    assert!(r.skipped.len() <= MAX_SKIPS + 5, "{}", r.skipped.len());
    let rest = r.skipped.iter().find(|s| s.path == "*").unwrap();
    assert_eq!(rest.count, 500 - MAX_SKIPS as u64);
    assert_eq!(r.records[0].auth_results.dkim.len(), MAX_PER_RECORD);
}

#[test]
fn the_record_cap_stops_the_parse() {
    let rec = "<record><row><count>1</count></row></record>";
    let xml = format!("<feedback>{}</feedback>", rec.repeat(5));
    let p = parse("t.xml", xml.as_bytes(), 4);
    assert!(matches!(p.outcome, Outcome::TooManyRecords));
    assert!(p.reports.is_empty());
}

#[test]
fn another_root_is_not_a_report() {
    let p = parse("t.xml", &b"<html><body/></html>"[..], 10);
    assert!(matches!(p.outcome, Outcome::NotAggregate { ref root } if root == "html"));
}

/// A report of one record from 192.0.2.1, for the envelopes below.
const FEEDBACK: &str = "<feedback><report_metadata><org_name>r.example</org_name><report_id>w-1</report_id></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published><record><row><source_ip>192.0.2.1</source_ip><count>3</count></row><identifiers><header_from>example.com</header_from></identifiers></record></feedback>";

#[test]
fn reports_inside_other_elements_are_read_and_said() {
    // Several reports in one envelope, the second one with its own id.
    let two = format!(
        "<?xml version=\"1.0\"?><reports><meta>saved by an archiver</meta>{FEEDBACK}{}</reports>",
        FEEDBACK.replace("w-1", "w-2")
    );
    let p = parse("t.xml", two.as_bytes(), 1000);
    assert!(
        matches!(p.outcome, Outcome::Complete { trailing: None }),
        "{:?}",
        p.outcome
    );
    assert_eq!(p.reports.len(), 2);
    for r in &p.reports {
        assert_eq!(r.messages, 3);
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].code, "report-wrapped");
        assert!(r.findings[0].message.contains("inside <reports>"));
    }
    // Nested, and the envelope never closed.
    let open = format!("<envelope><body>{FEEDBACK}");
    let p = parse("t.xml", open.as_bytes(), 1000);
    assert_eq!(p.reports.len(), 1, "{:?}", p.outcome);
    assert!(p.reports[0].complete);
    assert!(p.reports[0].findings[0]
        .message
        .contains("inside <envelope>"));
    // An envelope without a report is still not a report, named by its first element.
    let p = parse("t.xml", &b"<reports><meta/></reports>"[..], 10);
    assert!(matches!(p.outcome, Outcome::NotAggregate { ref root } if root == "reports"));
    // Without an envelope, what follows a report is still said to be trailing.
    let trailing = format!("{FEEDBACK}<junk>x</junk>");
    let p = parse("t.xml", trailing.as_bytes(), 1000);
    assert!(
        matches!(p.outcome, Outcome::Complete { trailing: Some(ref t) } if t.contains("<junk>"))
    );
    assert!(p.reports[0].findings.is_empty());
}
