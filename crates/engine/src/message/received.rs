//! The Received timeline (RFC 5321 §4.4): hops oldest first, times in UTC, delays between hops.

use serde::Serialize;

use super::date;
use super::Message;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// 1 for the first server that handled the message.
    pub number: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<String>,
    /// An IP address seen in the `from` clause (in brackets or parentheses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_utc: Option<String>,
    /// Seconds since the previous hop; negative values are reported as clock skew instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay: Option<i64>,
    /// The previous hop's time is later than this one's: the clocks disagree.
    pub clock_skew: bool,
    pub raw: String,
}

fn word_after(s: &str, key: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let mut search = 0;
    while let Some(p) = lower[search..].find(key) {
        let at = search + p;
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        if before_ok {
            return s[at + key.len()..]
                .split_whitespace()
                .next()
                .map(|w| w.trim_end_matches(';').to_string());
        }
        search = at + key.len();
    }
    None
}

fn ip_in(s: &str) -> Option<String> {
    for open in ['[', '('] {
        let mut rest = s;
        while let Some(p) = rest.find(open) {
            let tail = &rest[p + 1..];
            let candidate: String = tail
                .chars()
                .take_while(|c| c.is_ascii_hexdigit() || *c == '.' || *c == ':')
                .collect();
            let candidate = candidate.trim_start_matches("IPv6:").to_string();
            if candidate.parse::<std::net::IpAddr>().is_ok() {
                return Some(candidate);
            }
            let t = tail.trim_start_matches("IPv6:").trim_start_matches("ipv6:");
            let c2: String = t
                .chars()
                .take_while(|c| c.is_ascii_hexdigit() || *c == '.' || *c == ':')
                .collect();
            if c2.parse::<std::net::IpAddr>().is_ok() {
                return Some(c2);
            }
            rest = tail;
        }
    }
    None
}

/// An address on the public internet: not private, loopback, link-local or unspecified (IPv6
/// unique-local `fc00::/7` and link-local `fe80::/10` too). The connecting IP a message names is
/// the newest hop from such an address.
pub fn is_public(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => {
            !(v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified())
        }
        std::net::IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// The hops of a message, oldest (the bottom Received) first.
pub fn timeline(msg: &Message) -> Vec<Hop> {
    let mut hops: Vec<Hop> = msg
        .all("Received")
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .enumerate()
        .map(|(i, h)| {
            let v = h.value();
            let (clauses, when) = match v.rfind(';') {
                Some(p) => (&v[..p], Some(v[p + 1..].trim())),
                None => (v.as_str(), None),
            };
            let time = when.and_then(date::parse);
            let from_part = clauses
                .to_ascii_lowercase()
                .find(" by ")
                .map_or(clauses, |p| &clauses[..p]);
            Hop {
                number: i + 1,
                from: word_after(clauses, "from "),
                by: word_after(clauses, "by "),
                with: word_after(clauses, "with "),
                ip: ip_in(from_part),
                time,
                time_utc: time.map(date::format_utc),
                delay: None,
                clock_skew: false,
                raw: v.clone(),
            }
        })
        .collect();
    for i in 1..hops.len() {
        if let (Some(a), Some(b)) = (hops[i - 1].time, hops[i].time) {
            if b >= a {
                hops[i].delay = Some(b - a);
            } else {
                hops[i].clock_skew = true;
            }
        }
    }
    hops
}

/// A delay between hops as a reader takes it in: seconds under two minutes, minutes under an
/// hour, hours and minutes under two days, then days (`4 s`, `1 h 10 min`, `722 days`).
pub fn delay_text(secs: i64) -> String {
    let (m, h) = (secs / 60, secs / 3600);
    if secs < 120 {
        format!("{secs} s")
    } else if secs < 3600 {
        format!("{m} min")
    } else if secs < 172_800 {
        format!("{h} h {} min", m % 60)
    } else {
        format!("{} days", secs / 86_400)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_in_the_unit_that_reads_best() {
        for (secs, text) in [
            (4, "4 s"),
            (119, "119 s"),
            (600, "10 min"),
            (4241, "1 h 10 min"),
            (172_799, "47 h 59 min"),
            (62_465_161, "722 days"),
        ] {
            assert_eq!(delay_text(secs), text, "{secs}");
        }
    }

    #[test]
    fn hops_oldest_first_with_delays_and_skew() {
        let m = crate::message::parse(
            b"Received: from mx.receiver.example (mx.receiver.example [198.51.100.5])\r\n by inbox.receiver.example with LMTP id 1; Fri, 27 Nov 2026 10:00:09 +0000\r\n\
Received: from mail.signer.example (mail.signer.example [192.0.2.25])\r\n by mx.receiver.example with ESMTPS id 2; Fri, 27 Nov 2026 10:00:05 +0000\r\n\
Received: from [10.0.0.7] by mail.signer.example with ESMTPSA; Fri, 27 Nov 2026 10:00:07 +0000\r\n\r\n",
        );
        let t = timeline(&m);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].ip.as_deref(), Some("10.0.0.7"));
        assert_eq!(t[1].ip.as_deref(), Some("192.0.2.25"));
        assert_eq!(t[1].by.as_deref(), Some("mx.receiver.example"));
        assert!(t[1].clock_skew && t[1].delay.is_none());
        assert_eq!(t[2].delay, Some(4));
        assert_eq!(t[2].time_utc.as_deref(), Some("2026-11-27 10:00:09 UTC"));
    }
}
