//! The page's door to DNS: DoH JSON over `fetch`, with one cache per page session.
//!
//! A query that gets no answer from the chosen resolver (a timeout, SERVFAIL, HTTP 429 or 5xx, an
//! unreadable body, a refused connection or CORS) is asked once more of the other one: Cloudflare
//! when Google was chosen and the reverse, or the `doh2=` of the address; a resolver URL of the
//! user's own has no other one unless `doh2=` names it, so names are never sent anywhere the user
//! did not choose. NXDOMAIN and NODATA are answers and are not asked again. The rule and the
//! retry are the engine's ([`Provider::fallback`], [`SessionCache::with_fallback`]).

mod transport;
pub(crate) use transport::{get, text};

pub use transport::{message_from_js, replay_shared_answers, FetchResolver};

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::doh::Provider;

/// How long one DNS answer may take before it counts as a temporary failure, unless the address
/// says otherwise (`timeout=`, see [`timeout_ms`]).
pub const TIMEOUT_MS: i32 = 5_000;

type Shared = Rc<SessionCache<FetchResolver>>;

thread_local! {
    // One cache per resolver pair for the life of the page: switching resolvers back and forth
    // does not ask again, and the answers of one resolver never stand in for another's.
    static SESSIONS: RefCell<HashMap<String, Shared>> = RefCell::new(HashMap::new());
}

/// The time limit of one query: `timeout=SECONDS` in the address (0.1 to 60, as the CLI's
/// `--timeout`; the end-to-end tests make timeouts fast with it), else [`TIMEOUT_MS`].
pub fn timeout_ms() -> i32 {
    crate::url::param("timeout")
        .and_then(|v| seconds_to_ms(&v))
        .filter(|ms| (100..=60_000).contains(ms))
        .unwrap_or(TIMEOUT_MS)
}

/// `"2"`, `"0.5"`, `" 1.25 "` as milliseconds (rounded half up at the millisecond); `None` for
/// anything else. Decimal arithmetic on the digits: `str::parse::<f64>` brings the float
/// parser and its tables into the page for this one parameter.
fn seconds_to_ms(text: &str) -> Option<i32> {
    let (whole, frac) = match text.trim().split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.trim(), ""),
    };
    if (whole.is_empty() && frac.is_empty())
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
        || whole.len() > 6
    {
        return None;
    }
    let mut ms = whole
        .bytes()
        .fold(0i32, |v, b| v * 10 + i32::from(b - b'0'))
        * 1000;
    let mut scale = 100;
    for (i, b) in frac.bytes().enumerate() {
        let d = i32::from(b - b'0');
        match i {
            0..=2 => ms += d * scale,
            3 if d >= 5 => return Some(ms + 1),
            _ => break,
        }
        scale /= 10;
    }
    Some(ms)
}

/// The resolver asked again when `provider` fails: `doh2=` if the address has one, else the
/// other large public resolver; none for a URL of one's own without `doh2=`.
pub fn fallback_for(provider: &Provider) -> Option<Provider> {
    let second = crate::url::param("doh2").and_then(|u| Provider::parse(&u).ok());
    provider.fallback(second.as_ref())
}

fn session(provider: &Provider, fallback: Option<Provider>) -> Shared {
    let timeout = timeout_ms();
    let key = format!(
        "{} {} {timeout}",
        provider.endpoint(),
        fallback.as_ref().map_or("-", |f| f.endpoint())
    );
    SESSIONS.with(|s| {
        Rc::clone(s.borrow_mut().entry(key).or_insert_with(|| {
            let first = FetchResolver::new(provider.endpoint(), timeout);
            Rc::new(match fallback {
                Some(f) => {
                    SessionCache::with_fallback(first, FetchResolver::new(f.endpoint(), timeout))
                }
                None => SessionCache::new(first),
            })
        }))
    })
}

/// The resolver for a provider: cached, de-duplicated, a failure asked once more of the fallback
/// ([`fallback_for`]).
pub fn resolver_for(provider: &Provider) -> Shared {
    session(provider, fallback_for(provider))
}

/// The provider alone, never replaced by another: for the comparison of two resolvers, whose
/// second must not borrow the first one's answers. A temporary failure is asked of it again.
pub fn resolver_alone(provider: &Provider) -> Shared {
    session(provider, None)
}

#[cfg(test)]
mod tests {
    use super::seconds_to_ms;

    #[test]
    fn seconds_are_read_as_milliseconds() {
        for (text, ms) in [
            ("2", Some(2000)),
            ("0.5", Some(500)),
            (" 1.25 ", Some(1250)),
            (".2", Some(200)),
            ("3.", Some(3000)),
            ("0.1234", Some(123)),
            ("0.1235", Some(124)),
            ("60", Some(60_000)),
            ("", None),
            (".", None),
            ("1e3", None),
            ("-1", None),
            ("1.2.3", None),
            ("1234567", None),
            ("abc", None),
        ] {
            assert_eq!(seconds_to_ms(text), ms, "{text:?}");
        }
    }
}
