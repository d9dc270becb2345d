//! A resolver wrapper for one page session (or one CLI run): answers are cached, a query already
//! in flight is shared instead of sent twice, and a failure is tried once more.
//!
//! The one retry goes to the fallback resolver when there is one ([`SessionCache::with_fallback`]:
//! Cloudflare for Google and the reverse, see [`crate::dns::doh::Provider::fallback`]), for every
//! failure that is not an answer: a timeout, SERVFAIL (which may be this resolver's own DNSSEC
//! verdict), a rate limit, an HTTP error, an unreadable body, an unreachable resolver. With no
//! fallback, a temporary failure is asked again of the same resolver (an unreadable answer is
//! not: the same resolver would send the same). NXDOMAIN and NODATA are answers and are never
//! retried. When both tries fail the result is one temporary failure whose text names both
//! (`dns.google: HTTP 429 ... (dns-rate-limited); retried on cloudflare-dns.com: timeout ...`),
//! so that SPF gives `temperror` (RFC 7208 §5), DKIM `temperror` (RFC 6376 §6.1.2) and DMARC
//! discovery a temporary failure.
//!
//! Both transports wrap themselves in it, so the page and the CLI behave the same and the
//! behaviour is tested here, natively, with a zone.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};

use crate::dns::{normalize_name, DnsError, Lookup, RecordType, Resolver};

type Pending = Shared<LocalBoxFuture<'static, Result<Lookup, DnsError>>>;

/// Caches answers and de-duplicates queries of an inner resolver; retries a failure once.
pub struct SessionCache<R> {
    inner: Rc<R>,
    fallback: Option<Rc<R>>,
    entries: RefCell<HashMap<(String, RecordType), Pending>>,
    sent: Rc<Cell<u64>>,
}

impl<R: Resolver + 'static> SessionCache<R> {
    /// No other resolver: a temporary failure is asked again of `inner`.
    pub fn new(inner: R) -> SessionCache<R> {
        SessionCache {
            inner: Rc::new(inner),
            fallback: None,
            entries: RefCell::new(HashMap::new()),
            sent: Rc::new(Cell::new(0)),
        }
    }

    /// A failure of `inner` is asked again of `fallback`, once.
    pub fn with_fallback(inner: R, fallback: R) -> SessionCache<R> {
        SessionCache {
            fallback: Some(Rc::new(fallback)),
            ..SessionCache::new(inner)
        }
    }

    pub fn inner(&self) -> &R {
        &self.inner
    }

    pub fn fallback(&self) -> Option<&R> {
        self.fallback.as_deref()
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
        crate::order::sort_by(&mut out, |a, b| {
            (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str()))
        });
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
                    let fallback = self.fallback.clone();
                    let sent = Rc::clone(&self.sent);
                    let name = name.to_string();
                    async move {
                        sent.set(sent.get() + 1);
                        let first = match inner.query(&name, rtype).await {
                            Err(e) if retry_worthy(&e, fallback.is_some()) => e,
                            other => return other,
                        };
                        sent.set(sent.get() + 1);
                        let again = fallback.as_ref().unwrap_or(&inner);
                        match again.query(&name, rtype).await {
                            Err(second) if !second.is_void() => {
                                Err(both_failed(&name, rtype, &first, &second))
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

/// Whether a failure is asked again: everything but an answer when another resolver can be
/// asked; only a temporary failure when the same one would be.
fn retry_worthy(e: &DnsError, other_resolver: bool) -> bool {
    if other_resolver {
        !e.is_void()
    } else {
        e.is_temporary()
    }
}

fn reason(e: &DnsError) -> String {
    match e {
        DnsError::Temporary { reason, .. } | DnsError::Malformed { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

/// One temporary failure for two: whatever each was, no resolver gave an answer.
fn both_failed(name: &str, rtype: RecordType, first: &DnsError, second: &DnsError) -> DnsError {
    let (a, b) = (reason(first), reason(second));
    let text = if a == b {
        format!("{a} (asked twice)")
    } else {
        format!("{a}; retried on {b}")
    };
    DnsError::temporary(name, rtype, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;
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

    /// A zone behind a fault, or none: the failing side of a failover.
    struct Failing {
        zone: Zone,
        fault: Option<fn(&str, RecordType) -> DnsError>,
        asked: Cell<u32>,
    }

    impl Resolver for Failing {
        async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
            self.asked.set(self.asked.get() + 1);
            match self.fault {
                Some(f) => Err(f(name, rtype)),
                None => self.zone.answer(name, rtype),
            }
        }
    }

    fn failing(fault: Option<fn(&str, RecordType) -> DnsError>) -> Failing {
        Failing {
            zone: zone(),
            fault,
            asked: Cell::new(0),
        }
    }

    fn servfail(n: &str, t: RecordType) -> DnsError {
        DnsError::temporary(n, t, "first: SERVFAIL (dns-servfail)")
    }
    fn timeout(n: &str, t: RecordType) -> DnsError {
        DnsError::temporary(n, t, "second: timeout (dns-timeout)")
    }
    fn not_json(n: &str, t: RecordType) -> DnsError {
        DnsError::malformed(n, t, "first: not JSON (dns-bad-answer)")
    }
    fn nxdomain(n: &str, _: RecordType) -> DnsError {
        DnsError::NxDomain {
            name: n.into(),
            cname_chain: vec![],
            authenticated: false,
        }
    }

    #[test]
    fn a_fault_is_retried_once_on_the_fallback() {
        for fault in [servfail as fn(&str, RecordType) -> DnsError, not_json] {
            let c = SessionCache::with_fallback(failing(Some(fault)), failing(None));
            let l = block_on(c.query("example.com", RecordType::Txt)).unwrap();
            assert_eq!(l.records.len(), 1);
            assert_eq!(
                c.inner().asked.get(),
                1,
                "the first resolver is not asked twice"
            );
            assert_eq!(c.fallback().unwrap().asked.get(), 1);
            assert_eq!(c.queries_sent(), 2);
        }
    }

    #[test]
    fn an_answer_is_never_retried() {
        let c = SessionCache::with_fallback(failing(Some(nxdomain)), failing(None));
        let e = block_on(c.query("example.com", RecordType::Txt)).unwrap_err();
        assert_eq!(e.kind(), "nxdomain");
        assert_eq!(c.fallback().unwrap().asked.get(), 0);
        // NODATA from the zone itself: an answer too.
        let c = SessionCache::with_fallback(failing(None), failing(None));
        assert_eq!(
            block_on(c.query("example.com", RecordType::Mx))
                .unwrap_err()
                .kind(),
            "nodata"
        );
        assert_eq!(c.fallback().unwrap().asked.get(), 0);
    }

    #[test]
    fn both_failing_is_one_temporary_failure_naming_both() {
        let c = SessionCache::with_fallback(failing(Some(not_json)), failing(Some(timeout)));
        let e = block_on(c.query("example.com", RecordType::Txt)).unwrap_err();
        assert!(
            e.is_temporary(),
            "two unreadable answers are still no answer: {e}"
        );
        assert_eq!(
            e.to_string(),
            "example.com TXT: temporary failure: first: not JSON (dns-bad-answer); \
             retried on second: timeout (dns-timeout)"
        );
        // The fallback's NXDOMAIN is an answer and wins.
        let c = SessionCache::with_fallback(failing(Some(servfail)), failing(Some(nxdomain)));
        let e = block_on(c.query("example.com", RecordType::Txt)).unwrap_err();
        assert_eq!(e.kind(), "nxdomain");
    }

    #[test]
    fn without_fallback_an_unreadable_answer_is_not_asked_again() {
        let c = SessionCache::new(failing(Some(not_json)));
        let e = block_on(c.query("example.com", RecordType::Txt)).unwrap_err();
        assert_eq!(e.kind(), "malformed");
        assert_eq!(c.inner().asked.get(), 1);
        let c = SessionCache::new(failing(Some(servfail)));
        let e = block_on(c.query("example.com", RecordType::Txt)).unwrap_err();
        assert!(
            e.to_string().ends_with("(dns-servfail) (asked twice)"),
            "{e}"
        );
        assert_eq!(c.inner().asked.get(), 2);
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
