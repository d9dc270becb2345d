//! The CLI's DoH transport: a blocking native HTTP client behind the engine's async trait.
//!
//! One query is one try: the retry on the other resolver is the session cache's
//! ([`authlens_engine::dns::cache::SessionCache::with_fallback`], built by [`session`]). What each try
//! can meet, and the `dns-*` code its text ends with:
//! - no answer within `--timeout` (default 5 s): `dns-timeout`;
//! - HTTP 429 (`dns-rate-limited`) or another status (`dns-http-error`); a `Retry-After` on a 429
//!   or 503 is honoured by [`Backoff`]: this resolver is not asked again before then, a wait of at
//!   most 1 s is waited, a longer one fails the query at once so the other resolver is asked;
//! - SERVFAIL and the other error RCODEs, a body that is not DoH JSON (the engine's decoder);
//! - no connection at all: `dns-unreachable`.
//!
//! A missing CORS header is nothing to a native client: the answer is read as it is.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::doh::backoff::{Backoff, Gate};
use authlens_engine::dns::doh::fault::{self, Fault};
use authlens_engine::dns::doh::{self, Provider};
use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};

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
            // A DoH answer is a few hundred octets to a few KiB, and the body is read as a
            // stream: ureq's 128 KiB buffers, zeroed for every connection, were a tenth of the
            // time of a whole `authlens spf check`.
            .input_buffer_size(BUFFER)
            .output_buffer_size(BUFFER)
            .max_response_header_size(BUFFER)
            .build();
        let agent = ureq::Agent::with_parts(
            agent,
            ureq::unversioned::transport::DefaultConnector::new(),
            HostCache::default(),
        );
        HttpResolver {
            provider,
            agent,
            timeout,
            backoff: Arc::new(Mutex::new(Backoff::default())),
            started: Instant::now(),
        }
    }
}

/// Where the resolver's host is, found once per process. ureq's own resolver runs the system
/// lookup on a new thread for every connection (so that it can time out), and the queries of one
/// inspection open several connections at once: each asked the system for `dns.google` again. An
/// address given as such (`http://127.0.0.1:8053/...`, `https://[2001:db8::1]/...`) needs no
/// lookup at all. A failed lookup is not kept: the next connection tries again.
#[derive(Debug, Default)]
struct HostCache {
    found: Mutex<Vec<(String, ureq::unversioned::resolver::ResolvedSocketAddrs)>>,
}

impl ureq::unversioned::resolver::Resolver for HostCache {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default();
        let port = uri.port_u16().or(match uri.scheme_str() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        });
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        if let (Ok(ip), Some(port)) = (literal.parse::<std::net::IpAddr>(), port) {
            let mut addrs = self.empty();
            addrs.push(std::net::SocketAddr::new(ip, port));
            return Ok(addrs);
        }
        let key = format!("{host}:{}", port.unwrap_or(0));
        if let Some(addrs) = self
            .found
            .lock()
            .ok()
            .and_then(|f| f.iter().find(|(k, _)| *k == key).map(|(_, a)| a.clone()))
        {
            return Ok(addrs);
        }
        let addrs = ureq::unversioned::resolver::DefaultResolver::default()
            .resolve(uri, config, timeout)?;
        if let Ok(mut f) = self.found.lock() {
            f.push((key, addrs.clone()));
        }
        Ok(addrs)
    }
}

/// The size of each HTTP connection's buffers (see [`HttpResolver::new`]).
const BUFFER: usize = 16 * 1024;

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
    /// Each query runs on a thread of its own (see [`Workers`]), so the queries the engine sends
    /// together are in flight together (the engine batches a record's queries with `join_all`).
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
        Workers::run(Box::new(move || {
            let _ = tx.send(asked.run());
        }));
        rx.await
            .unwrap_or_else(|_| Err(DnsError::temporary(name, rtype, "the query thread stopped")))
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// The threads the queries run on: a query never waits for another (one that hangs until the
/// timeout holds only its own thread), and a thread that has answered is used again instead of
/// starting a new one (thread start and exit were another tenth of an `authlens spf check`).
struct Workers {
    /// Workers waiting for a job, and where they wait.
    idle: Mutex<(usize, Sender<Job>)>,
    jobs: Mutex<Receiver<Job>>,
}

impl Workers {
    fn get() -> &'static Workers {
        static WORKERS: OnceLock<Workers> = OnceLock::new();
        WORKERS.get_or_init(|| {
            let (tx, rx) = mpsc::channel();
            Workers {
                idle: Mutex::new((0, tx)),
                jobs: Mutex::new(rx),
            }
        })
    }

    /// Runs `job` on a waiting worker, or on a new one when none waits: the count is taken down
    /// under the lock, so a job handed over always has a worker that will take it.
    fn run(job: Job) {
        let workers = Workers::get();
        let job = match workers.idle.lock() {
            Ok(mut idle) if idle.0 > 0 => match idle.1.send(job) {
                Ok(()) => {
                    idle.0 -= 1;
                    return;
                }
                Err(back) => back.0,
            },
            _ => job,
        };
        std::thread::spawn(move || {
            job();
            workers.serve();
        });
    }

    /// A worker's life after its first job: wait for the next, run it, and so on.
    fn serve(&self) {
        loop {
            match self.idle.lock() {
                Ok(mut idle) => idle.0 += 1,
                Err(_) => return,
            }
            let next = match self.jobs.lock() {
                Ok(jobs) => jobs.recv(),
                Err(_) => return,
            };
            match next {
                Ok(job) => job(),
                Err(_) => return,
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn idle() -> usize {
        Workers::get().idle.lock().map(|i| i.0).unwrap_or(0)
    }

    #[test]
    fn a_resolver_host_is_looked_up_once_and_an_address_never() {
        use ureq::unversioned::resolver::Resolver as _;
        let cache = HostCache::default();
        let config = ureq::config::Config::default();
        let resolve = |u: &str| {
            let uri: ureq::http::Uri = u.parse().unwrap();
            cache
                .resolve(&uri, &config, Default::default())
                .map(|a| a.iter().copied().collect::<Vec<_>>())
        };
        assert_eq!(
            resolve("http://127.0.0.1:8053/resolve").unwrap(),
            ["127.0.0.1:8053".parse().unwrap()]
        );
        assert_eq!(
            resolve("https://[2001:db8::1]/dns-query").unwrap(),
            ["[2001:db8::1]:443".parse().unwrap()]
        );
        assert!(
            cache.found.lock().unwrap().is_empty(),
            "no lookup for an address"
        );
        // A name: looked up (localhost is in every hosts file), then answered from the cache.
        let first = resolve("http://localhost:8053/resolve").unwrap();
        assert!(
            !first.is_empty()
                && first
                    .iter()
                    .all(|a| a.ip().is_loopback() && a.port() == 8053)
        );
        assert_eq!(cache.found.lock().unwrap().len(), 1);
        assert_eq!(resolve("http://localhost:8053/other").unwrap(), first);
        assert_eq!(cache.found.lock().unwrap().len(), 1);
    }

    fn wait_for_idle(n: usize) {
        let until = Instant::now() + Duration::from_secs(10);
        while idle() < n {
            assert!(
                Instant::now() < until,
                "{} workers idle, waited for {n}",
                idle()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// A job that waits does not hold up the next one, and the threads are used again.
    #[test]
    fn a_waiting_job_holds_only_its_own_worker_and_workers_are_reused() {
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let (done_tx, done_rx) = mpsc::channel::<(&str, std::thread::ThreadId)>();
        let done = done_tx.clone();
        Workers::run(Box::new(move || {
            let _ = release_rx.recv();
            let _ = done.send(("first", std::thread::current().id()));
        }));
        let done = done_tx.clone();
        Workers::run(Box::new(move || {
            let _ = done.send(("second", std::thread::current().id()));
        }));
        let (which, second) = done_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(which, "second", "the second job ran while the first waited");
        release_tx.send(()).unwrap();
        let (which, first) = done_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(which, "first");
        assert_ne!(first, second, "two jobs at once ran on two threads");

        wait_for_idle(2);
        let started = idle();
        for _ in 0..started {
            let done = done_tx.clone();
            Workers::run(Box::new(move || {
                let _ = done.send(("again", std::thread::current().id()));
            }));
        }
        for _ in 0..started {
            let (_, id) = done_rx.recv_timeout(Duration::from_secs(10)).unwrap();
            assert!(id == first || id == second, "a waiting worker took the job");
        }
    }
}
