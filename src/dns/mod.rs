//! The page's door to DNS: DoH JSON over `fetch`, with one cache per page session.
//!
//! A query that gets no answer from the chosen resolver (a timeout, SERVFAIL, HTTP 429 or 5xx, an
//! unreadable body, a refused connection or CORS) is asked once more of the other one: Cloudflare
//! when Google was chosen and the reverse, or the `doh2=` of the address; a resolver URL of the
//! user's own has no other one unless `doh2=` names it, so names are never sent anywhere the user
//! did not choose. NXDOMAIN and NODATA are answers and are not asked again. The rule and the
//! retry are the engine's ([`Provider::fallback`], [`SessionCache::with_fallback`]).

mod transport;

pub use transport::FetchResolver;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use authlens_engine::cache::SessionCache;
use authlens_engine::doh::Provider;

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
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| (0.1..=60.0).contains(s))
        .map_or(TIMEOUT_MS, |s| (s * 1000.0).round() as i32)
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
