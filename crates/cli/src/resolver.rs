//! The CLI's DoH transport: a blocking native HTTP client behind the engine's async trait.

use std::time::Duration;

use authlens_engine::dns::{DnsError, Lookup, RecordType, Resolver};
use authlens_engine::doh::{self, Provider};

/// Queries one DoH JSON endpoint over HTTP(S).
pub struct HttpResolver {
    provider: Provider,
    agent: ureq::Agent,
}

impl HttpResolver {
    pub fn new(provider: Provider, timeout: Duration) -> HttpResolver {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("authlens/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        HttpResolver { provider, agent }
    }
}

impl Resolver for HttpResolver {
    /// Each query runs on a thread of its own, so the queries the engine sends together are in
    /// flight together (the engine batches a record's queries with `join_all`).
    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let (tx, rx) = futures::channel::oneshot::channel();
        let (agent, endpoint, owned) = (
            self.agent.clone(),
            self.provider.endpoint().to_string(),
            name.to_string(),
        );
        std::thread::spawn(move || {
            let _ = tx.send(blocking_query(&agent, &endpoint, &owned, rtype));
        });
        rx.await
            .unwrap_or_else(|_| Err(DnsError::temporary(name, rtype, "the query thread stopped")))
    }
}

fn blocking_query(
    agent: &ureq::Agent,
    endpoint: &str,
    name: &str,
    rtype: RecordType,
) -> Result<Lookup, DnsError> {
    let url = doh::request_url(endpoint, name, rtype);
    let mut resp = agent
        .get(&url)
        .header("accept", doh::ACCEPT)
        .call()
        .map_err(|e| DnsError::temporary(name, rtype, format!("cannot reach the resolver: {e}")))?;
    let status = resp.status().as_u16();
    if status != 200 {
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        return Err(doh::http_error(name, rtype, status, retry_after.as_deref()));
    }
    let body = resp
        .body_mut()
        .read_to_string()
        .map_err(|e| DnsError::temporary(name, rtype, format!("the answer was cut off: {e}")))?;
    doh::decode_json(&body, name, rtype)
}
