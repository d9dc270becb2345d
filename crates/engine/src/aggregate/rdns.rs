//! Reverse DNS of report sources, on request: the page or the CLI asks, through the
//! [`Resolver`] it has. Names help tell a mail service from a stranger; they prove nothing (the
//! owner of an address writes its PTR record).

use std::net::IpAddr;

use crate::dns::memo::Memo;
use crate::dns::{RData, RecordType, Resolver};

/// The PTR owner name of an address: `1.2.0.192.in-addr.arpa` (RFC 1035 §3.5), nibbles under
/// `ip6.arpa` for IPv6 (RFC 3596 §2.5). Lower case.
pub fn reverse_name(ip: IpAddr) -> String {
    crate::spf::macros::reverse_name(ip).to_ascii_lowercase()
}

/// PTR names of each address, asked all at once, each name once (`Memo`). NXDOMAIN and NODATA
/// give an empty list; `Err` is a temporary or unusable answer, as text. Names without the final
/// dot, in the resolver's order. The result is in the order of `ips`.
pub async fn reverse_names<R: Resolver>(
    resolver: &R,
    ips: &[IpAddr],
) -> Vec<(IpAddr, Result<Vec<String>, String>)> {
    let memo = Memo::new(resolver);
    let names: Vec<String> = ips.iter().map(|ip| reverse_name(*ip)).collect();
    memo.query_many(names.iter().map(|n| (n.clone(), RecordType::Ptr)).collect())
        .await;
    let mut out = Vec::with_capacity(ips.len());
    for (ip, name) in ips.iter().zip(&names) {
        let answer = match memo.query(name, RecordType::Ptr).await {
            Ok(lookup) => Ok(lookup
                .records
                .into_iter()
                .filter_map(|r| match r {
                    RData::Ptr(n) => Some(n.trim_end_matches('.').to_string()),
                    _ => None,
                })
                .collect()),
            Err(e) if e.is_void() => Ok(Vec::new()),
            Err(e) => Err(e.to_string()),
        };
        out.push((*ip, answer));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;

    #[test]
    fn reverse_names_of_both_families() {
        for (ip, want) in [
            ("192.0.2.1", "1.2.0.192.in-addr.arpa"),
            ("10.0.0.255", "255.0.0.10.in-addr.arpa"),
            (
                "2001:db8::1",
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
            ),
            (
                "::ffff:192.0.2.1",
                "1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa",
            ),
        ] {
            assert_eq!(reverse_name(ip.parse().unwrap()), want, "{ip}");
        }
    }

    #[test]
    fn asks_ptr_for_each_address_once() {
        let zone = Zone::new()
            .with(
                "1.2.0.192.in-addr.arpa",
                RData::Ptr("mail.example.com.".into()),
            )
            .with(
                "2.2.0.192.in-addr.arpa",
                RData::A("192.0.2.2".parse().unwrap()),
            );
        let ips: Vec<IpAddr> = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.1"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let got = futures::executor::block_on(reverse_names(&zone, &ips));
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].1, Ok(vec!["mail.example.com".to_string()]));
        assert_eq!(got[1].1, Ok(vec![]));
        assert_eq!(got[2].1, Ok(vec![]));
        assert_eq!(got[3], got[0]);
    }
}
