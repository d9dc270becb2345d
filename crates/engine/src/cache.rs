//! A resolver wrapper for one page session (or one CLI run): answers are cached, a query already
//! in flight is shared instead of sent twice, and a temporary failure is tried once more.
//!
//! Both transports wrap themselves in it, so the page and the CLI behave the same and the
//! behaviour is tested here, natively, with a zone.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};

use crate::dns::{normalize_name, DnsError, Lookup, RecordType, Resolver};

type Pending = Shared<LocalBoxFuture<'static, Result<Lookup, DnsError>>>;

/// Caches answers and de-duplicates queries of an inner resolver; retries a temporary failure once.
pub struct SessionCache<R> {
    inner: Rc<R>,
    entries: RefCell<HashMap<(String, RecordType), Pending>>,
    sent: Rc<Cell<u64>>,
}

impl<R: Resolver + 'static> SessionCache<R> {
    pub fn new(inner: R) -> SessionCache<R> {
        SessionCache {
            inner: Rc::new(inner),
            entries: RefCell::new(HashMap::new()),
            sent: Rc::new(Cell::new(0)),
        }
    }

    pub fn inner(&self) -> &R {
        &self.inner
    }

    /// Queries handed to the inner resolver so far, retries included.
    pub fn queries_sent(&self) -> u64 {
        self.sent.get()
    }

    /// Every question answered so far (temporary failures are not kept), sorted by name and type:
    /// what the page asks a second resolver when it compares two.
    pub fn answered(&self) -> Vec<(String, RecordType, Result<Lookup, DnsError>)> {
        let mut out: Vec<_> = self
            .entries
            .borrow()
            .iter()
            .filter_map(|((name, t), p)| p.peek().map(|r| (name.clone(), *t, r.clone())))
            .collect();
        out.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
        out
    }

    /// Forgets every answer (the user asked to look again).
    pub fn clear(&self) {
        self.entries.borrow_mut().clear();
    }
}

impl<R: Resolver + 'static> Resolver for SessionCache<R> {
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let key = (normalize_name(name), rtype);
        let pending = {
            let mut entries = self.entries.borrow_mut();
            entries
                .entry(key.clone())
                .or_insert_with(|| {
                    let inner = Rc::clone(&self.inner);
                    let sent = Rc::clone(&self.sent);
                    let name = name.to_string();
                    async move {
                        sent.set(sent.get() + 1);
                        match inner.query(&name, rtype).await {
                            Err(e) if e.is_temporary() => {
                                sent.set(sent.get() + 1);
                                inner.query(&name, rtype).await
                            }
                            other => other,
                        }
                    }
                    .boxed_local()
                    .shared()
                })
                .clone()
        };
        let result = pending.clone().await;
        if matches!(&result, Err(e) if e.is_temporary()) {
            // Keep no temporary failure: the next question asks the network again.
            let mut entries = self.entries.borrow_mut();
            if entries.get(&key).is_some_and(|p| p.ptr_eq(&pending)) {
                entries.remove(&key);
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::Zone;
    use futures::executor::block_on;

    /// A zone that fails the first `failures` queries with a temporary error.
    struct Flaky {
        zone: Zone,
        failures: Cell<u32>,
    }

    impl Resolver for Flaky {
        async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
            if self.failures.get() > 0 {
                self.failures.set(self.failures.get() - 1);
                return Err(DnsError::temporary(name, rtype, "SERVFAIL"));
            }
            self.zone.answer(name, rtype)
        }
    }

    fn zone() -> Zone {
        Zone::new().with_txt("example.com", &["v=spf1 -all"])
    }

    #[test]
    fn caches_and_shares_in_flight_queries() {
        let c = SessionCache::new(zone());
        let (a, b) = block_on(futures::future::join(
            c.query("example.com", RecordType::Txt),
            c.query("EXAMPLE.com.", RecordType::Txt),
        ));
        assert_eq!(a, b);
        block_on(c.query("example.com", RecordType::Txt)).unwrap();
        assert_eq!(c.queries_sent(), 1);
        block_on(c.query("example.com", RecordType::A)).unwrap_err();
        block_on(c.query("example.com", RecordType::A)).unwrap_err();
        assert_eq!(c.queries_sent(), 2, "NODATA is an answer and is cached too");
        c.clear();
        block_on(c.query("example.com", RecordType::Txt)).unwrap();
        assert_eq!(c.queries_sent(), 3);
    }

    #[test]
    fn retries_a_temporary_failure_once() {
        let c = SessionCache::new(Flaky {
            zone: zone(),
            failures: Cell::new(1),
        });
        assert!(block_on(c.query("example.com", RecordType::Txt)).is_ok());
        assert_eq!(c.queries_sent(), 2);
    }

    #[test]
    fn does_not_cache_a_temporary_failure() {
        let c = SessionCache::new(Flaky {
            zone: zone(),
            failures: Cell::new(2),
        });
        assert!(block_on(c.query("example.com", RecordType::Txt))
            .unwrap_err()
            .is_temporary());
        assert_eq!(c.queries_sent(), 2);
        assert!(block_on(c.query("example.com", RecordType::Txt)).is_ok());
        assert_eq!(c.queries_sent(), 3);
    }
}
