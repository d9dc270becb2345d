//! How the values of a report's elements are read: reporters write integers with fractions,
//! addresses in brackets, placeholders for nothing; each reader takes what it can and says
//! `None` for the rest.

use std::net::IpAddr;

use crate::dmarc::{Alignment, Policy};

/// Words some reporters write where there is no value.
pub(super) fn is_placeholder(v: &str) -> bool {
    v.is_empty()
        || ["unused", "null", "n/a", "-"]
            .iter()
            .any(|p| v.eq_ignore_ascii_case(p))
}

/// An integer, tolerating `+`, and a fraction of zeros (`1700000000.0`).
pub(super) fn parse_int(v: &str) -> Option<i64> {
    let v = v.strip_prefix('+').unwrap_or(v);
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    int.parse().ok()
}

pub(super) fn parse_ip(v: &str) -> Option<IpAddr> {
    let v = v.trim_start_matches('[').trim_end_matches(']');
    let v = v.strip_prefix("IPv6:").unwrap_or(v);
    // An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is the IPv4 sender.
    v.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

pub(super) fn domain(v: &str) -> String {
    v.trim_end_matches('.').to_ascii_lowercase()
}

pub(super) fn policy(v: &str) -> Option<Policy> {
    Policy::parse(v)
}

pub(super) fn alignment(v: &str) -> Option<Alignment> {
    match v.to_ascii_lowercase().as_str() {
        "r" | "relaxed" => Some(Alignment::Relaxed),
        "s" | "strict" => Some(Alignment::Strict),
        _ => None,
    }
}
