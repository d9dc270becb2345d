//! Tests of [`super`] (eval.rs).

use super::*;
use crate::dns::zone::Zone;
use crate::dns::{DnsError, Lookup};
use futures::executor::block_on;

fn eval(zone: &str, ip: &str, from: &str) -> Evaluation {
    let z = Zone::from_yaml(zone).unwrap();
    block_on(check_mail_from(
        &z,
        ip.parse().unwrap(),
        from,
        "mail.example.net",
        &Options::default(),
    ))
}

#[test]
fn prefixes() {
    let n = "192.0.2.0".parse().unwrap();
    assert!(in_prefix4("192.0.2.77".parse().unwrap(), n, 24));
    assert!(!in_prefix4("192.0.3.1".parse().unwrap(), n, 24));
    assert!(in_prefix4("10.0.0.1".parse().unwrap(), n, 0));
    let n6 = "2001:db8::".parse().unwrap();
    assert!(in_prefix6("2001:db8::1".parse().unwrap(), n6, 32));
    assert!(!in_prefix6("2001:db9::1".parse().unwrap(), n6, 32));
}

#[test]
fn trace_and_counts() {
    let z = r#"
example.com:
  - TXT: v=spf1 a mx include:_spf.example.net -all
  - A: 192.0.2.1
_spf.example.net:
  - TXT: v=spf1 ip4:198.51.100.0/24 -all
"#;
    let e = eval(z, "198.51.100.7", "user@example.com");
    assert_eq!(e.result, SpfResult::Pass);
    assert_eq!(e.lookups, 3);
    assert_eq!(e.void_lookups, 1, "mx of example.com is NODATA");
    assert_eq!(e.matched_term.as_deref(), Some("include:_spf.example.net"));
    assert!(e
        .trace
        .iter()
        .any(|s| s.term.as_deref() == Some("mx") && s.matched == Some(false)));
    let e = eval(z, "203.0.113.1", "user@example.com");
    assert_eq!(e.result, SpfResult::Fail);
    assert_eq!(e.matched_term.as_deref(), Some("-all"));
}

/// The trace names what each macro expanded to, for the terms that look a name up.
#[test]
fn trace_steps_name_the_expanded_target() {
    let z = r#"
example.com:
  - TXT: v=spf1 a:%{l}.hosts.%{d} mx:%{d2} ptr:%{o} exists:%{i}._spf.%{d} -all
  - MX: [10, mx.example.com]
mx.example.com:
  - A: 198.51.100.1
alice.hosts.example.com:
  - A: 198.51.100.2
1.2.0.192.in-addr.arpa:
  - PTR: mail.example.net
192.0.2.1._spf.example.com:
  - A: 127.0.0.2
"#;
    let e = eval(z, "192.0.2.1", "alice@example.com");
    assert_eq!(e.result, SpfResult::Pass, "{:?}", e.trace);
    let target = |term: &str| {
        e.trace
            .iter()
            .find(|s| s.term.as_deref() == Some(term))
            .and_then(|s| s.target.clone())
    };
    assert_eq!(
        target("a:%{l}.hosts.%{d}").as_deref(),
        Some("alice.hosts.example.com")
    );
    assert_eq!(target("mx:%{d2}").as_deref(), Some("example.com"));
    assert_eq!(target("ptr:%{o}").as_deref(), Some("example.com"));
    assert_eq!(
        target("exists:%{i}._spf.%{d}").as_deref(),
        Some("192.0.2.1._spf.example.com")
    );
    let json = serde_json::to_value(&e.trace).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["target"] == "192.0.2.1._spf.example.com"));
}

/// The lookup that ends the evaluation has a step of its own, naming the term.
#[test]
fn an_abort_has_a_step_naming_the_lookup() {
    let hosts: String = (1..=11).map(|i| format!(" a:h{i}.example.com")).collect();
    let addrs: String = (1..=11)
        .map(|i| format!("h{i}.example.com:\n  - A: 192.0.2.{i}\n"))
        .collect();
    let z = format!("example.com:\n  - TXT: v=spf1{hosts} -all\n{addrs}");
    let e = eval(&z, "203.0.113.1", "x@example.com");
    assert_eq!(e.result, SpfResult::PermError);
    let last = e.trace.last().unwrap();
    assert_eq!(last.term.as_deref(), Some("a:h11.example.com"));
    assert!(
        last.detail.contains("DNS-querying term number 11"),
        "{}",
        last.detail
    );
    assert_eq!(last.lookups, 11);
    assert_eq!(
        e.trace
            .iter()
            .filter(|s| s.term.as_deref() == Some("a:h11.example.com"))
            .count(),
        1
    );

    // The third void lookup, inside an include: one step, where it happened.
    let z = r#"
example.com:
  - TXT: v=spf1 include:i.example.com -all
i.example.com:
  - TXT: v=spf1 a:v1.example.com a:v2.example.com exists:%{l}.v3.example.com -all
"#;
    let e = eval(z, "203.0.113.1", "bob@example.com");
    assert_eq!(e.result, SpfResult::PermError);
    let last = e.trace.last().unwrap();
    assert_eq!(last.domain, "i.example.com");
    assert_eq!(last.term.as_deref(), Some("exists:%{l}.v3.example.com"));
    assert_eq!(last.target.as_deref(), Some("bob.v3.example.com"));
    assert!(
        last.detail.contains("void lookup number 3"),
        "{}",
        last.detail
    );
    assert_eq!(last.void_lookups, 3);
}

/// exp= of the record that gave fail: the name, the text, and a step; inside an include a
/// fail is only "no match", and its exp= is not looked up (RFC 7208 §5.2, §6.2).
#[test]
fn exp_is_shown_for_a_fail_of_the_domain_checked() {
    let z = r#"
example.com:
  - TXT: v=spf1 include:i.example.com -all exp=why.%{d}
why.example.com:
  - TXT: "%{i} is not one of %{d}'s designated mail servers"
i.example.com:
  - TXT: v=spf1 -all exp=other.example.com
other.example.com:
  - TXT: never shown
"#;
    let e = eval(z, "203.0.113.1", "x@example.com");
    assert_eq!(e.result, SpfResult::Fail);
    assert_eq!(e.exp.as_deref(), Some("why.example.com"));
    assert_eq!(
        e.explanation.as_deref(),
        Some("203.0.113.1 is not one of example.com's designated mail servers")
    );
    let step = e
        .trace
        .iter()
        .find(|s| s.term.as_deref() == Some("exp=why.%{d}"))
        .expect("an exp step");
    assert_eq!(step.target.as_deref(), Some("why.example.com"));
    assert!(
        step.detail.starts_with("explanation: 203.0.113.1"),
        "{}",
        step.detail
    );
    assert!(!e
        .trace
        .iter()
        .any(|s| s.term.as_deref() == Some("exp=other.example.com")));

    // No text at the name: the name is still given, and the step says why.
    let e = eval(
        "example.com:\n  - TXT: v=spf1 -all exp=gone.example.com\n",
        "203.0.113.1",
        "x@example.com",
    );
    assert_eq!(e.exp.as_deref(), Some("gone.example.com"));
    assert_eq!(e.explanation, None);
    assert_eq!(
        e.trace.last().unwrap().detail,
        "no explanation: no TXT record there"
    );
}

#[test]
fn never_asks_twice() {
    struct Counting(Zone, RefCell<Vec<(String, RecordType)>>);
    impl Resolver for Counting {
        async fn query(&self, name: &str, t: RecordType) -> Result<Lookup, DnsError> {
            self.1.borrow_mut().push((normalize_name(name), t));
            self.0.answer(name, t)
        }
    }
    let z = Zone::from_yaml(
        "example.com:\n  - TXT: v=spf1 a a a:example.com mx include:i.example.com -all\n  - A: 192.0.2.1\n  - MX: [10, example.com]\ni.example.com:\n  - TXT: v=spf1 a:example.com -all\n",
    )
    .unwrap();
    let c = Counting(z, RefCell::new(Vec::new()));
    let e = block_on(check_host(
        &c,
        "203.0.113.9".parse().unwrap(),
        "example.com",
        "x@example.com",
        "h",
        &Options::default(),
    ));
    assert_eq!(e.result, SpfResult::Fail);
    let asked = c.1.borrow();
    let mut uniq = asked.clone();
    uniq.sort();
    uniq.dedup();
    assert_eq!(asked.len(), uniq.len(), "{asked:?}");
    assert_eq!(e.queries as usize, asked.len());
}
