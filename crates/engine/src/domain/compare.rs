//! Two resolvers side by side: the questions one answered, asked of the other, and every answer
//! that differs (a change still propagating, a split-horizon name, a resolver that filters).
//! TTLs and record order are not differences; the records themselves and the kind of error are.

use serde::Serialize;

use crate::dns::{DnsError, Lookup, RecordType, Resolver};

/// What one resolver said, reduced to what is compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Said {
    /// `ok`, `nxdomain`, `nodata`, `temporary` or `malformed`.
    pub status: &'static str,
    /// The records in presentation form, sorted.
    pub records: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u32>,
    pub authenticated: bool,
}

impl Said {
    pub fn of(r: &Result<Lookup, DnsError>) -> Said {
        match r {
            Ok(l) => {
                let mut records: Vec<String> = l.records.iter().map(|x| x.presentation()).collect();
                crate::order::sort_by(&mut records, Ord::cmp);
                Said {
                    status: "ok",
                    records,
                    ttl: l.ttl,
                    authenticated: l.authenticated,
                }
            }
            Err(e) => Said {
                status: e.kind(),
                records: Vec::new(),
                ttl: None,
                authenticated: matches!(
                    e,
                    DnsError::NxDomain {
                        authenticated: true,
                        ..
                    } | DnsError::NoData {
                        authenticated: true,
                        ..
                    }
                ),
            },
        }
    }

    fn same_as(&self, other: &Said) -> bool {
        self.status == other.status && self.records == other.records
    }
}

/// One question whose answers differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub name: String,
    #[serde(rename = "type")]
    pub rtype: RecordType,
    pub first: Said,
    pub second: Said,
    /// In words: "only the first has a record", "different records", ...
    pub what: String,
}

/// The outcome of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub first: String,
    pub second: String,
    pub compared: usize,
    pub same: usize,
    pub differences: Vec<Difference>,
    /// Questions the second resolver could not answer (temporary failures), not counted as
    /// differences.
    pub unanswered: Vec<String>,
}

fn what(a: &Said, b: &Said) -> String {
    match (a.status, b.status) {
        ("ok", "ok") => {
            let only_a = a.records.iter().filter(|r| !b.records.contains(r)).count();
            let only_b = b.records.iter().filter(|r| !a.records.contains(r)).count();
            format!(
                "different records: {only_a} only in the first answer, {only_b} only in the second"
            )
        }
        ("ok", s) => format!("only the first has records; the second says {s}"),
        (s, "ok") => format!("only the second has records; the first says {s}"),
        (s, t) => format!("the first says {s}, the second says {t}"),
    }
}

/// Asks `second` every question `first` answered (all at once) and compares.
pub async fn compare<R: Resolver>(
    first_label: &str,
    first: &[(String, RecordType, Result<Lookup, DnsError>)],
    second_label: &str,
    second: &R,
) -> Comparison {
    let answers =
        futures::future::join_all(first.iter().map(|(n, t, _)| second.query(n, *t))).await;
    let mut out = Comparison {
        first: first_label.to_string(),
        second: second_label.to_string(),
        compared: 0,
        same: 0,
        differences: Vec::new(),
        unanswered: Vec::new(),
    };
    for ((name, t, a), b) in first.iter().zip(answers) {
        let (sa, sb) = (Said::of(a), Said::of(&b));
        if sa.status == "temporary" || sb.status == "temporary" {
            out.unanswered.push(format!("{name} {t}"));
            continue;
        }
        out.compared += 1;
        if sa.same_as(&sb) {
            out.same += 1;
        } else {
            out.differences.push(Difference {
                name: name.clone(),
                rtype: *t,
                what: what(&sa, &sb),
                first: sa,
                second: sb,
            });
        }
    }
    out
}

/// Asks `first` each of `questions` (a cached session answers them from what it has), then
/// [`compare`]s its answers with `second`'s.
pub async fn compare_questions<A: Resolver, B: Resolver>(
    first_label: &str,
    first: &A,
    questions: &[(String, RecordType)],
    second_label: &str,
    second: &B,
) -> Comparison {
    let answers =
        futures::future::join_all(questions.iter().map(|(n, t)| first.query(n, *t))).await;
    let asked: Vec<_> = questions
        .iter()
        .zip(answers)
        .map(|((n, t), a)| (n.clone(), *t, a))
        .collect();
    compare(first_label, &asked, second_label, second).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;

    #[test]
    fn differences_are_found_and_ttl_and_order_ignored() {
        let a = Zone::from_yaml(
            "a.example:\n  - TXT: one\n  - TXT: two\nb.example:\n  - TXT: old\nc.example:\n  - A: 192.0.2.1\n",
        )
        .unwrap();
        let b = Zone::from_yaml(
            "a.example:\n  - TXT: two\n  - TXT: one\nb.example:\n  - TXT: new\nd.example:\n  - A: 192.0.2.2\n",
        )
        .unwrap();
        let asked: Vec<_> = [
            ("a.example", RecordType::Txt),
            ("b.example", RecordType::Txt),
            ("c.example", RecordType::A),
            ("e.example", RecordType::Txt),
        ]
        .into_iter()
        .map(|(n, t)| {
            let r = futures::executor::block_on(a.query(n, t));
            (n.to_string(), t, r)
        })
        .collect();
        let c = futures::executor::block_on(compare("A", &asked, "B", &b));
        assert_eq!((c.compared, c.same), (4, 2));
        assert_eq!(c.differences.len(), 2);
        assert_eq!(c.differences[0].name, "b.example");
        assert!(c.differences[0].what.contains("different records"));
        assert_eq!(c.differences[1].name, "c.example");
        assert_eq!(c.differences[1].second.status, "nxdomain");
        assert!(c.differences[1].what.starts_with("only the first"));
        let questions: Vec<_> = asked.iter().map(|(n, t, _)| (n.clone(), *t)).collect();
        let again = futures::executor::block_on(compare_questions("A", &a, &questions, "B", &b));
        assert_eq!((again.compared, again.same), (c.compared, c.same));
        assert_eq!(again.differences.len(), c.differences.len());
    }
}
