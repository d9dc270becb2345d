//! Tests of [`super`] (tree.rs).

use super::*;
use crate::dns::zone::Zone;
use futures::executor::block_on;

fn tree(zone: &str, domain: &str) -> Tree {
    block_on(inspect(&Zone::from_yaml(zone).unwrap(), domain))
}

fn codes(t: &Tree) -> Vec<&'static str> {
    t.findings.iter().map(|f| f.code).collect()
}

const BIG: &str = r#"
big.example:
  - TXT: v=spf1 mx a include:i1.example include:i2.example include:i3.example redirect=r.example -all
  - MX: [10, mx.big.example]
mx.big.example:
  - A: 192.0.2.1
i1.example:
  - TXT: v=spf1 include:i1a.example include:i1b.example ~all
i1a.example:
  - TXT: v=spf1 ip4:198.51.100.0/24 a:gone.example ~all
i1b.example:
  - TXT: v=spf1 exists:%{i}.x.example mx:nomx.example ~all
nomx.example:
  - A: 192.0.2.9
i2.example:
  - TXT: v=spf1 a:h1.example a:h2.example a:h3.example ~all
h1.example:
  - A: 192.0.2.10
h2.example:
  - A: 192.0.2.11
h3.example:
  - A: 192.0.2.12
i3.example:
  - TXT: v=spf1 ip4:203.0.113.0/24 -all
"#;

#[test]
fn counts_like_an_evaluation_that_matches_nothing() {
    let t = tree(BIG, "big.example");
    // mx a i1 i2 i3 (5) + i1a.a + i1b.exists + i1b.mx + i1a? i1: 2 includes (2) + i1a: a (1)
    // + i1b: exists, mx (2) + i2: 3 a (3). redirect is ignored (the record has -all).
    assert_eq!(t.lookups, 5 + 2 + 1 + 2 + 3);
    assert_eq!(t.root.lookups, 5);
    assert_eq!(t.root.children[0].lookups_total, 2 + 1 + 2);
    assert_eq!(t.void_lookups, 3, "{:?}", t.counts);
    assert!(codes(&t).contains(&"spf-too-many-lookups"));
    assert!(codes(&t).contains(&"spf-too-many-void-lookups"));
    assert!(codes(&t).contains(&"spf-redirect-ignored"));
    // mx and a come before the 11th lookup: a sender they match passes.
    assert_eq!(t.fixed_result(), None);
    let eleventh = t
        .counts
        .iter()
        .find(|c| c.kind == "lookup" && c.number == 11)
        .unwrap();
    assert_eq!(eleventh.term, "a:h2.example");
    assert_eq!(eleventh.domain, "i2.example");
    assert_eq!(
        domains(&t),
        vec![
            "big.example",
            "i1.example",
            "i1a.example",
            "i1b.example",
            "i2.example",
            "i3.example"
        ]
    );
}

/// RFC 7208 §4.6.4: evaluation stops at the 11th lookup, so a record over the limit breaks
/// only the senders not matched before it; the headline says so, not "every message".
#[test]
fn over_the_limit_depends_on_the_sender() {
    let hosts: String = (1..=12).map(|i| format!(" a:h{i}.example")).collect();
    let t = tree(
        &format!(
            "o.example:\n  - TXT: v=spf1{hosts} -all\n{}",
            (1..=12)
                .map(|i| format!("h{i}.example:\n  - A: 192.0.2.{i}\n"))
                .collect::<String>()
        ),
        "o.example",
    );
    assert_eq!(t.lookups, 12);
    assert_eq!(t.fixed_result(), None);
    let v = t.verdict();
    assert_eq!(v.status, "error");
    assert_eq!(
        v.headline,
        "Over the 10-lookup limit (12/10 lookups): senders not matched before the 11th lookup get permerror"
    );
    let f = t
        .findings
        .iter()
        .find(|f| f.code == "spf-too-many-lookups")
        .unwrap();
    assert!(
        f.message
            .contains("senders matched earlier get their result"),
        "{}",
        f.message
    );
    assert_eq!(t.hardening_state(), "todo");

    let t = tree(
        "v.example:\n  - TXT: v=spf1 ip4:192.0.2.1 a:n1.example a:n2.example a:n3.example -all\n",
        "v.example",
    );
    assert_eq!(t.fixed_result(), None);
    assert_eq!(
        t.verdict().headline,
        "Over the 2-void-lookup limit (3/2 void lookups): senders not matched before the 3rd void lookup get permerror"
    );
}

/// Where nothing can match before the error, every sender gets permerror.
#[test]
fn fixed_permerror_only_when_nothing_matches_first() {
    let zone = r#"
first.example:
  - TXT: v=spf1 include:none.example ip4:192.0.2.1 -all
later.example:
  - TXT: v=spf1 ip4:192.0.2.1 include:none.example -all
redir.example:
  - TXT: v=spf1 redirect=two.example
two.example:
  - TXT: v=spf1 -all
  - TXT: v=spf1 ~all
syntax.example:
  - TXT: v=spf1 ip4:192.0.2.1 moo -all
"#;
    let fixed = |d: &str| tree(zone, d).fixed_result();
    assert_eq!(fixed("first.example"), Some("permerror"));
    assert_eq!(fixed("later.example"), None);
    assert!(tree(zone, "later.example")
        .verdict()
        .headline
        .starts_with("Broken for some senders (included domain has no SPF record)"));
    assert_eq!(fixed("redir.example"), Some("permerror"));
    assert_eq!(fixed("two.example"), Some("permerror"));
    assert_eq!(fixed("syntax.example"), Some("permerror"));
}

/// The exp= of the domain's record: the name and the text published there.
#[test]
fn exp_names_its_domain_and_text() {
    let zone = r#"
e.example:
  - TXT: v=spf1 ip4:192.0.2.1 -all exp=why.e.example
why.e.example:
  - TXT: "%{i} may not send for %{d}"
m.example:
  - TXT: v=spf1 -all exp=%{l}.why.m.example
"#;
    let t = tree(zone, "e.example");
    assert_eq!(
        t.exp,
        Some(Explanation {
            term: "exp=why.e.example".into(),
            domain: "why.e.example".into(),
            text: Some("%{i} may not send for %{d}".into()),
            per_message: false,
        })
    );
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["exp"]["domain"], "why.e.example");
    let t = tree(zone, "m.example");
    let e = t.exp.expect("exp");
    assert_eq!(e.domain, "%{l}.why.m.example");
    assert_eq!(e.text, None, "expanded for each message");
}

#[test]
fn node_findings() {
    let t = tree(
        r#"
d.example:
  - TXT: v=spf1 include:none.example include:loop.example ptr +all mx
  - SPF: v=spf1 -all
loop.example:
  - TXT: v=spf1 include:d.example ~all
"#,
        "d.example",
    );
    let c = codes(&t);
    for code in [
        "spf-include-no-record",
        "spf-include-loop",
        "spf-ptr-deprecated",
        "spf-permissive-all",
        "spf-terms-after-all",
        "spf-spf-rr-type",
    ] {
        assert!(c.contains(&code), "{code} missing from {c:?}");
    }
    assert_eq!(t.root.children[1].children[0].status, NodeStatus::Loop);
}

#[test]
fn no_record_and_no_all() {
    let t = tree("x.example:\n  - TXT: hello\n", "x.example");
    assert_eq!(t.root.status, NodeStatus::NoRecord);
    assert_eq!(codes(&t), vec!["spf-no-record"]);
    assert_eq!(t.fixed_result(), Some("none"));
    let t = tree("y.example:\n  - TXT: v=spf1 ip4:192.0.2.1\n", "y.example");
    assert_eq!(codes(&t), vec!["spf-no-all"]);
    assert_eq!(t.fixed_result(), None);
}

/// RFC 7208 §4.5: two records are a permerror for everyone, and no lookup is made; each
/// record is counted as if alone, and the two merged, so the fix can be judged.
#[test]
fn two_records_are_each_counted_and_merged() {
    let t = tree(
        r#"
m.example:
  - TXT: v=spf1 ip4:192.0.2.10 a:h.example -all
  - TXT: v=spf1 mx include:i.example a:H.example ~all
  - MX: [10, h.example]
h.example:
  - A: 192.0.2.1
i.example:
  - TXT: v=spf1 a:h.example -all
"#,
        "m.example",
    );
    assert_eq!(t.fixed_result(), Some("permerror"));
    assert_eq!(t.lookups, 0, "evaluation stops at the record");
    let m = t.multiple.as_ref().expect("the records are counted");
    assert_eq!(
        m.records.iter().map(|r| r.lookups).collect::<Vec<_>>(),
        vec![1, 4]
    );
    assert_eq!(
        m.merged.text,
        "v=spf1 ip4:192.0.2.10 a:h.example mx include:i.example -all"
    );
    assert_eq!(m.merged.lookups, 4);
    assert_eq!(
        t.verdict().headline,
        "Broken: every message gets permerror (more than one SPF record): 2 SPF records: 1 and 4 lookups, 4/10 if merged into one"
    );
    let f = t
        .findings
        .iter()
        .find(|f| f.code == "spf-multiple-records")
        .unwrap();
    assert!(
        f.message
            .ends_with("1 and 4 lookups, 4/10 if merged into one"),
        "{}",
        f.message
    );
}

#[test]
fn multiple_records_and_long_answers() {
    let t = tree(
        "m.example:\n  - TXT: v=spf1 -all\n  - TXT: v=spf1 ~all\n",
        "m.example",
    );
    assert!(codes(&t).contains(&"spf-multiple-records"));
    let long = format!(
        "v=spf1 {} -all",
        (0..40)
            .map(|i| format!("ip4:192.0.2.{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let chunks: Vec<String> = long
        .as_bytes()
        .chunks(250)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let zone = format!(
        "l.example:\n  - TXT: [{}]\n",
        chunks
            .iter()
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let t = tree(&zone, "l.example");
    assert!(
        codes(&t).contains(&"spf-record-too-long"),
        "{:?}",
        codes(&t)
    );
}

/// Every SPF finding code, produced by a zone made to trigger it.
#[test]
fn every_code_is_produced() {
    let mx: String = (0..11)
        .map(|i| format!("  - MX: [{i}, mx{i}.many.example]\n"))
        .collect();
    let zone = format!(
        r#"
t-none.example:
  - TXT: not spf
t-multi.example:
  - TXT: v=spf1 -all
  - TXT: v=spf1 ~all
t-syntax.example:
  - TXT: v=spf1 moo -all
t-macro.example:
  - TXT: v=spf1 exists:%(i).x.example -all
t-upper.example:
  - TXT: V=SPF1 -all
t-dup.example:
  - TXT: v=spf1 exp=a.example exp=b.example -all
t-unknown.example:
  - TXT: v=spf1 include=x.example -all
t-lookups.example:
  - TXT: v=spf1 a:h.example a:h.example a:h.example a:h.example a:h.example a:h.example a:h.example a:h.example a:h.example a:h.example a:h.example -all
h.example:
  - A: 192.0.2.1
t-void.example:
  - TXT: v=spf1 a:v1.example a:v2.example a:v3.example -all
t-mx.example:
  - TXT: v=spf1 mx:many.example -all
many.example:
{mx}t-plus.example:
  - TXT: v=spf1 +all
t-noall.example:
  - TXT: v=spf1 ip4:192.0.2.1
t-redir.example:
  - TXT: v=spf1 -all redirect=h.example
t-after.example:
  - TXT: v=spf1 -all ip4:192.0.2.1
t-ptr.example:
  - TXT: v=spf1 ptr -all
t-incnone.example:
  - TXT: v=spf1 include:nothing.example -all
t-loop.example:
  - TXT: v=spf1 include:t-loop2.example -all
t-loop2.example:
  - TXT: v=spf1 include:t-loop.example -all
t-incmacro.example:
  - TXT: v=spf1 include:%{{l}}.users.example -all
t-long.example:
  - TXT: v=spf1 -all
  - TXT: ["{long}", "{long}"]
t-split.example:
  - TXT: ["v=spf1 ip4:192.0.2.", "1 -all"]
t-rr.example:
  - TXT: v=spf1 -all
  - SPF: v=spf1 -all
t-dns.example:
  - TXT: v=spf1 include:error.example -all
"#,
        long = "x".repeat(240)
    );
    let z = Zone::from_yaml(&zone).unwrap();
    let produced = |d: &str| -> Vec<&'static str> {
        block_on(inspect(&z, d))
            .findings
            .iter()
            .map(|f| f.code)
            .collect()
    };
    for code in Code::ALL {
        let domain = match code {
            Code::NoRecord => "t-none.example",
            Code::MultipleRecords => "t-multi.example",
            Code::Syntax => "t-syntax.example",
            Code::MacroSyntax => "t-macro.example",
            Code::UppercaseVersion => "t-upper.example",
            Code::DuplicateModifier => "t-dup.example",
            Code::UnknownModifier => "t-unknown.example",
            Code::TooManyLookups => "t-lookups.example",
            Code::TooManyVoidLookups => "t-void.example",
            Code::MxTooManyNames => "t-mx.example",
            Code::PermissiveAll => "t-plus.example",
            Code::NoAll => "t-noall.example",
            Code::RedirectIgnored => "t-redir.example",
            Code::TermsAfterAll => "t-after.example",
            Code::PtrDeprecated => "t-ptr.example",
            Code::IncludeNoRecord => "t-incnone.example",
            Code::IncludeLoop => "t-loop.example",
            Code::IncludeMacro => "t-incmacro.example",
            Code::RecordTooLong => "t-long.example",
            Code::StringSplit => "t-split.example",
            Code::SpfRrType => "t-rr.example",
            Code::DnsError => "t-dns.example",
        };
        let got = produced(domain);
        assert!(
            got.contains(&code.as_str()),
            "{domain}: {} not in {got:?}",
            code.as_str()
        );
    }
}

#[test]
fn a_draft_stands_in_for_the_published_record() {
    let z = "d.example:\n  - TXT: v=spf1 -all\ni.example:\n  - TXT: v=spf1 a:h.example ~all\n";
    let t = block_on(inspect_with(
        &Zone::from_yaml(z).unwrap(),
        "d.example",
        Some("v=spf1 include:i.example -all"),
    ));
    assert_eq!(t.lookups, 2);
    assert_eq!(t.void_lookups, 1);
    assert_eq!(t.root.children[0].domain, "i.example");
    let t = block_on(inspect_with(
        &Zone::from_yaml(z).unwrap(),
        "d.example",
        Some("spf1 -all"),
    ));
    assert_eq!(t.findings[0].code, "spf-syntax");
}

#[test]
fn a_thousand_includes_end_in_bounded_work() {
    let includes: Vec<String> = (0..1000).map(|i| format!("include:n{i}.example")).collect();
    let mut zone = format!(
        "wide.example:\n  - TXT: \"v=spf1 {} -all\"\n",
        includes.join(" ")
    );
    for i in 0..1000 {
        zone.push_str(&format!(
            "n{i}.example:\n  - TXT: v=spf1 ip4:192.0.2.1 -all\n"
        ));
    }
    let t = tree(&zone, "wide.example");
    assert!(t.queries as usize <= MAX_NODES + 2, "{}", t.queries);
    assert_eq!(t.lookups, 1000);
    assert!(codes(&t).contains(&"spf-too-many-lookups"));
}
