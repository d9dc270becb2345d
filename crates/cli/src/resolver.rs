//! The CLI's DoH transport: a blocking native HTTP client behind the engine's async trait.
//!
//! One query is one try: the retry on the other resolver is the session cache's
//! ([`authlens_engine::cache::SessionCache::with_fallback`], built by [`session`]). What each try
//! can meet, and the `dns-*` code its text ends with:
//! - no answer within `--timeout` (default 5 s): `dns-timeout`;
//! - HTTP 429 (`dns-rate-limited`) or another status (`dns-http-error`); a `Retry-After` on a 429
//!   or 503 is honoured by [`Backoff`]: this resolver is not asked again before then, a wait of at
//!   most 1 s is waited, a longer one fails the query at once so the other resolver is asked;
//! - SERVFAIL and the other error RCODEs, a body that is not DoH JSON (the engine's decoder);
//! - no connection at all: `dns-unreachable`.
//!
//! A missing CORS header is nothing to a native client: the answer is read as it is.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use authlens_engine::cache::SessionCache;
use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};
use authlens_engine::doh::backoff::{Backoff, Gate};
use authlens_engine::doh::fault::{self, Fault};
use authlens_engine::doh::{self, Provider};

/// Queries one DoH JSON endpoint over HTTP(S).
pub struct HttpResolver {
    provider: Provider,
    agent: ureq::Agent,
    timeout: Duration,
    backoff: Arc<Mutex<Backoff>>,
    /// The origin of the milliseconds the backoff counts in.
    started: Instant,
}

impl HttpResolver {
    pub fn new(provider: Provider, timeout: Duration) -> HttpResolver {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("authlens/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        HttpResolver {
            provider,
            agent,
            timeout,
            backoff: Arc::new(Mutex::new(Backoff::default())),
            started: Instant::now(),
        }
    }
}

/// The resolver of one run: `provider`, asked again on `fallback` when it fails (see
/// [`Provider::fallback`]), or on itself for a temporary failure when there is none.
pub fn session(
    provider: &Provider,
    fallback: Option<&Provider>,
    timeout: Duration,
) -> SessionCache<HttpResolver> {
    let first = HttpResolver::new(provider.clone(), timeout);
    match fallback {
        Some(f) => SessionCache::with_fallback(first, HttpResolver::new(f.clone(), timeout)),
        None => SessionCache::new(first),
    }
}

impl Resolver for HttpResolver {
    /// Each query runs on a thread of its own, so the queries the engine sends together are in
    /// flight together (the engine batches a record's queries with `join_all`).
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let (tx, rx) = futures::channel::oneshot::channel();
        let endpoint = self.provider.endpoint().to_string();
        let asked = Asked {
            agent: self.agent.clone(),
            resolver: self.provider.name(),
            url: doh::request_url(&endpoint, name, rtype),
            name: name.to_string(),
            rtype,
            timeout: self.timeout,
            backoff: Arc::clone(&self.backoff),
            started: self.started,
        };
        std::thread::spawn(move || {
            let _ = tx.send(asked.run());
        });
        rx.await
            .unwrap_or_else(|_| Err(DnsError::temporary(name, rtype, "the query thread stopped")))
    }
}

/// One query, owned by its thread.
struct Asked {
    agent: ureq::Agent,
    resolver: String,
    url: String,
    name: String,
    rtype: RecordType,
    timeout: Duration,
    backoff: Arc<Mutex<Backoff>>,
    started: Instant,
}

impl Asked {
    fn now_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }

    fn run(&self) -> Result<Lookup, DnsError> {
        let gate = self
            .backoff
            .lock()
            .map(|b| b.gate(self.now_ms()))
            .unwrap_or(Gate::Send);
        match gate {
            Gate::Send => {}
            Gate::Wait(ms) => std::thread::sleep(Duration::from_millis(ms)),
            Gate::Skip(why) => {
                return Err(DnsError::temporary(
                    &self.name,
                    self.rtype,
                    format!("{}: {why}", self.resolver),
                ))
            }
        }
        self.send().map_err(|e| fault::attribute(e, &self.resolver))
    }

    fn send(&self) -> Result<Lookup, DnsError> {
        let (name, rtype) = (self.name.as_str(), self.rtype);
        let mut resp = self
            .agent
            .get(&self.url)
            .header("accept", doh::ACCEPT)
            .call()
            .map_err(|e| self.transport_error(e))?;
        let status = resp.status().as_u16();
        if status != 200 {
            let retry_after = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            if let Ok(mut b) = self.backoff.lock() {
                b.note(self.now_ms(), status, retry_after.as_deref());
            }
            return Err(doh::http_error(name, rtype, status, retry_after.as_deref()));
        }
        let body = resp
            .body_mut()
            .read_to_string()
            .map_err(|e| self.transport_error(e))?;
        doh::decode_json(&body, name, rtype)
    }

    fn transport_error(&self, e: ureq::Error) -> DnsError {
        let ms = self.timeout.as_millis() as u64;
        let timed_out = matches!(&e, ureq::Error::Timeout(_))
            || matches!(&e, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut);
        if timed_out {
            fault::timeout(&self.name, self.rtype, &self.resolver, ms)
        } else {
            Fault::Unreachable.error(
                &self.name,
                self.rtype,
                &self.resolver,
                format!("could not be reached: {e}"),
            )
        }
    }
}
