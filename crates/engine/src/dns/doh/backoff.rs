//! Honouring `Retry-After` without ever waiting long.
//!
//! A resolver that answers HTTP 429 (or 503) with `Retry-After: N` asks not to be asked again for
//! N seconds (RFC 9110 §10.2.3, RFC 6585 §4). A transport keeps one [`Backoff`] per resolver and
//! asks it before each query:
//! - the rest is over: send;
//! - at most [`SHORT_WAIT_MS`] of it is left: wait that long, then send;
//! - more is left: do not send, fail at once with `dns-rate-limited`, so that the query goes to
//!   the other resolver (or, with none, is reported as a temporary failure) instead of waiting.
//!
//! A rest is never longer than [`MAX_REST_S`], whatever the header says: a page left open should
//! be able to try again within a minute. Only the delay-seconds form is read; an HTTP-date needs a
//! calendar clock the engine does not have and is shown as it was sent, with no rest.
//!
//! Time comes from the caller (`now_ms`, any monotonic milliseconds): the engine has no clock.

#![allow(
    clippy::disallowed_types,
    reason = "the clock's milliseconds, as the page's clock gives them: added and compared, never parsed or formatted"
)]

use crate::dns::doh::fault::{duration_text, Fault};

/// The longest a query waits for a resolver's rest to end.
pub const SHORT_WAIT_MS: u64 = 1_000;
/// The longest rest granted, in seconds.
pub const MAX_REST_S: u64 = 60;

/// What to do before sending a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Send,
    /// Wait this many milliseconds, then send.
    Wait(u64),
    /// Do not send; the reason, with its `dns-rate-limited` code.
    Skip(String),
}

/// The rest a resolver asked for, if any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Backoff {
    /// When the rest ends, in the caller's milliseconds.
    until_ms: Option<f64>,
    /// What the resolver asked, in seconds, and the HTTP status it came with.
    asked_s: u64,
    status: u16,
}

/// The delay-seconds form of `Retry-After` (RFC 9110 §10.2.3): digits only.
pub fn retry_after_secs(value: &str) -> Option<u64> {
    let v = value.trim();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

impl Backoff {
    /// Takes note of an HTTP answer: a 429 or 503 with a readable `Retry-After` starts a rest.
    pub fn note(&mut self, now_ms: f64, status: u16, retry_after: Option<&str>) {
        if !matches!(status, 429 | 503) {
            return;
        }
        let Some(secs) = retry_after.and_then(retry_after_secs) else {
            return;
        };
        if secs == 0 {
            return;
        }
        let until = now_ms + (secs.min(MAX_REST_S) * 1000) as f64;
        if self.until_ms.is_none_or(|u| u < until) {
            self.until_ms = Some(until);
            self.asked_s = secs;
            self.status = status;
        }
    }

    pub fn gate(&self, now_ms: f64) -> Gate {
        let Some(until) = self.until_ms else {
            return Gate::Send;
        };
        let left = until - now_ms;
        if left <= 0.0 {
            return Gate::Send;
        }
        let left = left.ceil() as u64;
        if left <= SHORT_WAIT_MS {
            return Gate::Wait(left);
        }
        let capped = if self.asked_s > MAX_REST_S {
            format!(", of which authlens keeps {MAX_REST_S} s")
        } else {
            String::new()
        };
        Gate::Skip(format!(
            "not asked: it answered HTTP {} with Retry-After {} s{capped}, {} left ({})",
            self.status,
            self.asked_s,
            duration_text(left),
            Fault::RateLimited
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_delay_seconds_only() {
        assert_eq!(retry_after_secs(" 30 "), Some(30));
        assert_eq!(retry_after_secs("0"), Some(0));
        assert_eq!(retry_after_secs("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(retry_after_secs("-1"), None);
        assert_eq!(retry_after_secs("99999999999"), None);
    }

    #[test]
    fn short_rests_wait_long_ones_skip_and_all_end() {
        let mut b = Backoff::default();
        assert_eq!(b.gate(0.0), Gate::Send);
        b.note(0.0, 200, Some("30"));
        b.note(0.0, 429, None);
        b.note(0.0, 429, Some("soon"));
        assert_eq!(b.gate(0.0), Gate::Send, "nothing to honour");

        b.note(1000.0, 429, Some("1"));
        assert_eq!(b.gate(1000.0), Gate::Wait(1000));
        assert_eq!(b.gate(2000.0), Gate::Send);

        b.note(10_000.0, 429, Some("30"));
        match b.gate(12_000.0) {
            Gate::Skip(why) => {
                assert!(why.contains("HTTP 429 with Retry-After 30 s"), "{why}");
                assert!(why.contains("28 s left"), "{why}");
                assert!(why.ends_with("(dns-rate-limited)"), "{why}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(b.gate(39_500.0), Gate::Wait(500));
        assert_eq!(b.gate(40_000.0), Gate::Send);
    }

    #[test]
    fn a_rest_is_capped() {
        let mut b = Backoff::default();
        b.note(0.0, 503, Some("86400"));
        match b.gate(1.0) {
            Gate::Skip(why) => assert!(why.contains("keeps 60 s"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(b.gate(60_000.0), Gate::Send);
    }
}
