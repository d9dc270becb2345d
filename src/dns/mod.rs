//! The page's door to DNS: DoH JSON over `fetch`, with one cache per page session.

mod transport;

pub use transport::FetchResolver;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use authlens_engine::cache::SessionCache;
use authlens_engine::doh::Provider;

/// How long one DNS answer may take before it counts as a temporary failure.
pub const TIMEOUT_MS: i32 = 5_000;

type Shared = Rc<SessionCache<FetchResolver>>;

thread_local! {
    // One cache per endpoint for the life of the page: switching resolvers back and forth does not
    // ask again, and the answers of one resolver never stand in for another's.
    static SESSIONS: RefCell<HashMap<String, Shared>> = RefCell::new(HashMap::new());
}

/// The resolver for a provider: cached, de-duplicated, retried once on a temporary failure.
pub fn resolver_for(provider: &Provider) -> Shared {
    SESSIONS.with(|s| {
        Rc::clone(
            s.borrow_mut()
                .entry(provider.endpoint().to_string())
                .or_insert_with(|| {
                    Rc::new(SessionCache::new(FetchResolver::new(
                        provider.endpoint(),
                        TIMEOUT_MS,
                    )))
                }),
        )
    })
}
