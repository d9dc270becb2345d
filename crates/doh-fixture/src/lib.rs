//! A DoH JSON server for tests: it answers from zone YAML files (the shape of
//! [`authlens_engine::dns::zone`]) on 127.0.0.1, in both dialects the page and CLI must read:
//!
//! - `GET /resolve?name=N&type=T` as Google does: TXT data unquoted, strings joined, names with a
//!   trailing dot;
//! - `GET /dns-query?name=N&type=T` as Cloudflare does: `accept: application/dns-json` required
//!   (else 415), TXT strings quoted one by one with inner quotes left unescaped where that stays
//!   readable, names without the trailing dot.
//!
//! Every answer carries `Access-Control-Allow-Origin: *` so the page can fetch it, except for
//! the fault below that removes it. `GET /_log` returns the queries seen, as JSON; `DELETE /_log`
//! empties it.
//!
//! Faults per name and per endpoint come from the `faults:` block of the zone files or from
//! `--fault` ([`faults`]: `servfail`, `nxdomain`, `timeout`, `429[:N]`, `5xx[:N]`, `malformed`,
//! `nocors`), so a test can make the first resolver fail while the second answers. A query that
//! meets a fault is logged with it (`"fault"` in `/_log`); a `timeout` is logged when it arrives,
//! and its connection is held, unanswered, on its own thread until the client gives up: the
//! server keeps answering everything else.
//!
//! Older faults are chosen by the first label of the queried name, at both endpoints:
//! `http-429.*` answers HTTP 429 with `Retry-After: 1`; `http-503.*` answers HTTP 503;
//! `malformed-json.*` answers 200 with a body that is not JSON; `no-cors.*` answers without the
//! CORS header; `flaky-once.*` answers 503 to the first query of each name and type, then normally.
//! A zone's `DELAY: ms` item (and the server-wide delay) holds the answer back.

pub mod faults;

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use authlens_engine::dns::zone::Zone;
use authlens_engine::dns::{DnsError, Lookup, RData, RecordType};
use serde_json::{json, Value};

pub use faults::{Fault, Faults};

/// One query the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedQuery {
    pub path: String,
    pub name: String,
    pub rtype: String,
    /// When the request arrived and when its answer was written, in milliseconds since the
    /// server started: overlapping intervals are queries that were in flight together.
    pub start_ms: u64,
    pub end_ms: u64,
    /// The injected fault this query met (`servfail`, `429:30`, `timeout`, ...), if any. A
    /// `timeout` is logged when the query arrives, with `end_ms` equal to `start_ms`.
    pub fault: Option<String>,
}

/// The two JSON dialects, one per endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `/resolve`
    Google,
    /// `/dns-query`
    Cloudflare,
}

/// How long a `timeout` fault holds a connection when the client does not give up first.
pub const DEFAULT_HANG_MS: u64 = 30_000;

struct State {
    started: std::time::Instant,
    zone: Zone,
    cloudflare_zone: Option<Zone>,
    files: Option<std::path::PathBuf>,
    delay_ms: u64,
    log: Mutex<Vec<LoggedQuery>>,
    log_file: Option<Mutex<std::fs::File>>,
    seen: Mutex<HashMap<(String, String), u32>>,
    faults: Faults,
    hang_ms: u64,
}

/// Options beyond the zone.
#[derive(Debug, Default)]
pub struct Options {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Added to every answer.
    pub delay_ms: u64,
    /// A file to which each query is appended as one line: `path name type`.
    pub log_file: Option<std::path::PathBuf>,
    /// Names defined here answer differently in the Cloudflare dialect (`/dns-query`): two
    /// resolvers that disagree, as during propagation.
    pub cloudflare_zone: Option<Zone>,
    /// Served as `GET /files/<path>` (text/plain, no CORS header, as policy hosts do): MTA-STS
    /// policy files for the CLI tests.
    pub files: Option<std::path::PathBuf>,
    /// Injected faults, per name and endpoint.
    pub faults: Faults,
    /// How long a `timeout` fault holds its connection at most (0: [`DEFAULT_HANG_MS`]).
    pub hang_ms: u64,
}

/// A running server; it stops with the process.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
}

impl Server {
    pub fn start(zone: Zone, opts: Options) -> io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", opts.port))?;
        let addr = listener.local_addr()?;
        let log_file = match &opts.log_file {
            Some(p) => Some(Mutex::new(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)?,
            )),
            None => None,
        };
        let state = Arc::new(State {
            started: std::time::Instant::now(),
            zone,
            cloudflare_zone: opts.cloudflare_zone,
            files: opts.files,
            delay_ms: opts.delay_ms,
            log: Mutex::new(Vec::new()),
            log_file,
            seen: Mutex::new(HashMap::new()),
            faults: opts.faults,
            hang_ms: if opts.hang_ms == 0 {
                DEFAULT_HANG_MS
            } else {
                opts.hang_ms
            },
        });
        let st = Arc::clone(&state);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let st = Arc::clone(&st);
                thread::spawn(move || {
                    let _ = handle(stream, &st);
                });
            }
        });
        Ok(Server { addr, state })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn google_url(&self) -> String {
        format!("{}/resolve", self.base_url())
    }

    pub fn cloudflare_url(&self) -> String {
        format!("{}/dns-query", self.base_url())
    }

    pub fn queries(&self) -> Vec<LoggedQuery> {
        self.state.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

/// Loads every `*.yaml` file of a folder into one zone.
pub fn load_zone_dir(dir: &std::path::Path) -> Result<Zone, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let mut zone = Zone::new();
    for f in files {
        zone.merge(load_zone_file(&f)?);
    }
    Ok(zone)
}

pub fn load_zone_file(path: &std::path::Path) -> Result<Zone, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Zone::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The `faults:` blocks of every `*.yaml` file of a folder.
pub fn load_faults_dir(dir: &std::path::Path) -> Result<Faults, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let mut faults = Faults::default();
    for f in files {
        faults.merge(load_faults_file(&f)?);
    }
    Ok(faults)
}

/// The `faults:` block of one zone file.
pub fn load_faults_file(path: &std::path::Path) -> Result<Faults, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Faults::from_zone_text(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn handle(stream: TcpStream, st: &State) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        if headers.len() > 100 {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let params = parse_query(query);
    let mut out = stream;
    let reply = |out: &mut TcpStream,
                 status: &str,
                 ctype: &str,
                 body: &str,
                 cors: bool,
                 extra: &str| {
        let cors = if cors {
            "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: GET, OPTIONS\r\nAccess-Control-Allow-Headers: accept, content-type\r\nAccess-Control-Expose-Headers: retry-after\r\n"
        } else {
            ""
        };
        // One write: `write!` on the bare stream would send each piece of the format as a
        // segment of its own, and Nagle's algorithm with the client's delayed ACK can then hold
        // the last one back for tens of milliseconds, which a benchmark would count.
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{cors}{extra}Connection: close\r\n\r\n{body}",
            body.len()
        );
        out.write_all(response.as_bytes())
    };
    match (method, path) {
        ("OPTIONS", _) => reply(&mut out, "204 No Content", "text/plain", "", true, ""),
        ("GET", "/_log") => {
            let log = st.log.lock().map(|l| l.clone()).unwrap_or_default();
            let v: Vec<Value> = log
                .iter()
                .map(|q| {
                    json!({"path": q.path, "name": q.name, "type": q.rtype,
                           "start_ms": q.start_ms, "end_ms": q.end_ms, "fault": q.fault})
                })
                .collect();
            reply(
                &mut out,
                "200 OK",
                "application/json",
                &Value::Array(v).to_string(),
                true,
                "",
            )
        }
        ("GET", p) if p.starts_with("/files/") => {
            let rel = &p["/files/".len()..];
            let body = st
                .files
                .as_ref()
                .filter(|_| !rel.split('/').any(|c| c == ".." || c.is_empty()))
                .and_then(|dir| std::fs::read_to_string(dir.join(rel)).ok());
            match body {
                Some(b) => reply(&mut out, "200 OK", "text/plain", &b, false, ""),
                None => reply(
                    &mut out,
                    "404 Not Found",
                    "text/plain",
                    "not found",
                    false,
                    "",
                ),
            }
        }
        ("DELETE", "/_log") => {
            if let Ok(mut l) = st.log.lock() {
                l.clear();
            }
            reply(&mut out, "204 No Content", "text/plain", "", true, "")
        }
        ("GET", "/resolve") | ("GET", "/dns-query") => {
            let start_ms = st.started.elapsed().as_millis() as u64;
            let name = params.get("name").cloned().unwrap_or_default();
            let tname = params.get("type").cloned().unwrap_or_else(|| "A".into());
            let mut q = LoggedQuery {
                path: path.to_string(),
                name,
                rtype: tname.to_ascii_uppercase(),
                start_ms,
                end_ms: start_ms,
                fault: None,
            };
            match answer_query(st, path, &q.name, &tname, &headers)? {
                Outcome::Hang => {
                    q.fault = Some(Fault::Timeout.label());
                    record(st, q);
                    hang(&mut out, st.hang_ms);
                    Ok(())
                }
                Outcome::Reply(r) => {
                    // Logged before the answer is written, so a client that has read the
                    // answer always finds its query in the log.
                    q.end_ms = st.started.elapsed().as_millis() as u64;
                    q.fault = r.fault;
                    record(st, q);
                    reply(&mut out, r.status, r.ctype, &r.body, r.cors, &r.extra)
                }
            }
        }
        _ => reply(
            &mut out,
            "404 Not Found",
            "text/plain",
            "not found",
            true,
            "",
        ),
    }
}

/// Appends a query to the log (and the log file).
fn record(st: &State, q: LoggedQuery) {
    if let Some(f) = &st.log_file {
        if let Ok(mut f) = f.lock() {
            let _ = writeln!(
                f,
                "{} {} {} {} {}{}",
                q.path,
                q.name,
                q.rtype,
                q.start_ms,
                q.end_ms,
                q.fault
                    .as_deref()
                    .map(|x| format!(" fault={x}"))
                    .unwrap_or_default()
            );
        }
    }
    if let Ok(mut l) = st.log.lock() {
        l.push(q);
    }
}

/// Holds a connection without answering until the client closes it or `max_ms` pass, then
/// closes it. Runs on the connection's own thread, so nothing else waits.
fn hang(stream: &mut TcpStream, max_ms: u64) {
    use std::io::Read;
    let until = std::time::Instant::now() + Duration::from_millis(max_ms);
    if stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .is_err()
    {
        return;
    }
    let mut buf = [0u8; 512];
    while std::time::Instant::now() < until {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// What to do with a DoH query.
enum Outcome {
    Reply(Reply),
    /// Never answer (the `timeout` fault).
    Hang,
}

/// An HTTP answer before it is written.
struct Reply {
    status: &'static str,
    ctype: &'static str,
    body: String,
    cors: bool,
    extra: String,
    /// The injected fault, for the log.
    fault: Option<String>,
}

impl Reply {
    fn new(status: &'static str, ctype: &'static str, body: impl Into<String>) -> Reply {
        Reply {
            status,
            ctype,
            body: body.into(),
            cors: true,
            extra: String::new(),
            fault: None,
        }
    }
}

/// The reason phrase of the statuses the faults send.
fn status_line(code: u16) -> &'static str {
    match code {
        429 => "429 Too Many Requests",
        500 => "500 Internal Server Error",
        501 => "501 Not Implemented",
        502 => "502 Bad Gateway",
        503 => "503 Service Unavailable",
        504 => "504 Gateway Timeout",
        _ => "599 Fixture Failure",
    }
}

/// Answers one DoH query, faults included.
fn answer_query(
    st: &State,
    path: &str,
    name: &str,
    tname: &str,
    headers: &[(String, String)],
) -> io::Result<Outcome> {
    let dialect = if path == "/resolve" {
        Dialect::Google
    } else {
        Dialect::Cloudflare
    };
    if dialect == Dialect::Cloudflare
        && !headers
            .iter()
            .any(|(k, v)| k == "accept" && v.contains("application/dns-json"))
    {
        return Ok(Outcome::Reply(Reply::new(
            "415 Unsupported Media Type",
            "text/plain",
            "send accept: application/dns-json",
        )));
    }
    let injected = st.faults.get(name, dialect).cloned();
    if injected == Some(Fault::Timeout) {
        return Ok(Outcome::Hang);
    }
    let delay = st.delay_ms + st.zone.delay_ms(name).unwrap_or(0);
    if delay > 0 {
        thread::sleep(Duration::from_millis(delay));
    }
    let ctype = match dialect {
        Dialect::Google => "application/x-javascript; charset=UTF-8",
        Dialect::Cloudflare => "application/dns-json",
    };
    if let Some(f) = &injected {
        let mut r = match f {
            Fault::Status { code, retry_after } => {
                let mut r = Reply::new(status_line(*code), "text/plain", "injected fault");
                if let Some(n) = retry_after {
                    r.extra = format!("Retry-After: {n}\r\n");
                }
                r
            }
            Fault::Malformed => Reply::new("200 OK", ctype, "{\"Status\":0,\"Answer\":[{\"name\":"),
            Fault::ServFail | Fault::NxDomain => {
                let rtype = RecordType::parse(tname).unwrap_or(RecordType::A);
                let err = if *f == Fault::ServFail {
                    DnsError::temporary(name, rtype, "injected")
                } else {
                    DnsError::NxDomain {
                        name: name.to_string(),
                        cname_chain: Vec::new(),
                        authenticated: false,
                    }
                };
                Reply::new(
                    "200 OK",
                    ctype,
                    encode(name, rtype, &Err(err), dialect).to_string(),
                )
            }
            Fault::NoCors => {
                let zone = zone_for(st, name, dialect);
                let mut r = match answer_json(zone, name, tname, dialect) {
                    Ok(body) => Reply::new("200 OK", ctype, body),
                    Err(msg) => Reply::new("400 Bad Request", "text/plain", msg),
                };
                r.cors = false;
                r
            }
            Fault::Timeout => unreachable!("answered above"),
        };
        r.fault = Some(f.label());
        return Ok(Outcome::Reply(r));
    }
    let first = name.split('.').next().unwrap_or("").to_ascii_lowercase();
    match first.as_str() {
        "http-429" => {
            let mut r = Reply::new("429 Too Many Requests", "text/plain", "slow down");
            r.extra = "Retry-After: 1\r\n".into();
            return Ok(Outcome::Reply(r));
        }
        "http-503" => {
            return Ok(Outcome::Reply(Reply::new(
                "503 Service Unavailable",
                "text/plain",
                "unavailable",
            )))
        }
        "malformed-json" => {
            return Ok(Outcome::Reply(Reply::new(
                "200 OK",
                "application/json",
                "{\"Status\":0,\"Answer\":[",
            )))
        }
        "flaky-once" => {
            let n = {
                let mut seen = st.seen.lock().map_err(|_| io::Error::other("lock"))?;
                let c = seen
                    .entry((name.to_ascii_lowercase(), tname.to_ascii_uppercase()))
                    .or_insert(0);
                *c += 1;
                *c
            };
            if n == 1 {
                return Ok(Outcome::Reply(Reply::new(
                    "503 Service Unavailable",
                    "text/plain",
                    "flaky",
                )));
            }
        }
        _ => {}
    }
    let zone = zone_for(st, name, dialect);
    let mut r = match answer_json(zone, name, tname, dialect) {
        Ok(body) => Reply::new("200 OK", ctype, body),
        Err(msg) => Reply::new("400 Bad Request", "text/plain", msg),
    };
    r.cors = first != "no-cors";
    Ok(Outcome::Reply(r))
}

/// The zone that answers `name` at an endpoint: the Cloudflare-only zone has the last word there.
fn zone_for<'a>(st: &'a State, name: &str, dialect: Dialect) -> &'a Zone {
    match &st.cloudflare_zone {
        Some(z)
            if dialect == Dialect::Cloudflare
                && z.names()
                    .any(|n| n.eq_ignore_ascii_case(name.trim_end_matches('.'))) =>
        {
            z
        }
        _ => &st.zone,
    }
}

/// The query's pairs, decoded as the engine decodes a page address; the first of a key counts.
fn parse_query(q: &str) -> HashMap<String, String> {
    let mut m = HashMap::new();
    for (k, v) in authlens_engine::build::parse_query(q) {
        m.entry(k).or_insert(v);
    }
    m
}

/// The JSON body for a query, in a dialect. Errors are for queries a real endpoint rejects with
/// HTTP 400 (no name, unknown type).
fn answer_json(zone: &Zone, name: &str, tname: &str, dialect: Dialect) -> Result<String, String> {
    if name.is_empty() {
        return Err("missing name".into());
    }
    let rtype = tname
        .parse::<u16>()
        .ok()
        .and_then(RecordType::from_code)
        .or_else(|| RecordType::parse(tname))
        .ok_or_else(|| format!("unsupported type {tname}"))?;
    let result = zone.answer(name, rtype);
    Ok(encode(name, rtype, &result, dialect).to_string())
}

fn owner_text(name: &str, dialect: Dialect) -> String {
    let n = name.trim_end_matches('.');
    match dialect {
        Dialect::Google => format!("{n}."),
        Dialect::Cloudflare => n.to_string(),
    }
}

/// Encodes a zone answer as the dialect's JSON.
fn encode(
    name: &str,
    rtype: RecordType,
    result: &Result<Lookup, DnsError>,
    dialect: Dialect,
) -> Value {
    let (status, chain, records, ad): (u32, &[String], &[RData], bool) = match result {
        Ok(l) => (0, &l.cname_chain, &l.records, l.authenticated),
        Err(DnsError::NxDomain {
            cname_chain,
            authenticated,
            ..
        }) => (3, cname_chain, &[], *authenticated),
        Err(DnsError::NoData {
            cname_chain,
            authenticated,
            ..
        }) => (0, cname_chain, &[], *authenticated),
        Err(_) => (2, &[], &[], false),
    };
    let mut answer = Vec::new();
    let mut owner = name.to_string();
    for target in chain {
        answer.push(json!({
            "name": owner_text(&owner, dialect),
            "type": RecordType::Cname.code(),
            "TTL": 3600,
            "data": format!("{}.", target.trim_end_matches('.')),
        }));
        owner = target.clone();
    }
    for r in records {
        answer.push(json!({
            "name": owner_text(&owner, dialect),
            "type": r.record_type().code(),
            "TTL": 300,
            "data": rdata_text(r, dialect),
        }));
    }
    let mut msg = json!({
        "Status": status,
        "TC": false,
        "RD": true,
        "RA": true,
        "AD": ad,
        "CD": false,
        "Question": [{"name": owner_text(name, dialect), "type": rtype.code()}],
    });
    if !answer.is_empty() {
        msg["Answer"] = Value::Array(answer);
    }
    if status == 2 && dialect == Dialect::Google {
        msg["Comment"] = json!("Name servers did not answer (fixture timeout)");
    }
    msg
}

fn rdata_text(r: &RData, dialect: Dialect) -> String {
    match (r, dialect) {
        (RData::Txt(t) | RData::Spf(t), Dialect::Google) => t.text(),
        (RData::Txt(t) | RData::Spf(t), Dialect::Cloudflare) => t
            .strings()
            .iter()
            .map(|s| cloudflare_string(s))
            .collect::<Vec<_>>()
            .join(" "),
        (RData::Mx(mx), _) => format!("{} {}.", mx.preference, mx.exchange),
        (RData::Cname(n) | RData::Ptr(n) | RData::Ns(n), _) => format!("{n}."),
        (other, _) => other.presentation(),
    }
}

/// A character-string as Cloudflare writes it: quoted, a `"` inside left as it is unless it
/// would read as the end of the string.
fn cloudflare_string(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'"' => {
                let rest = &s[i + 1..];
                let ends = rest.iter().all(u8::is_ascii_whitespace)
                    || rest
                        .iter()
                        .find(|c| !c.is_ascii_whitespace())
                        .is_some_and(|c| *c == b'"');
                out.push_str(if ends { "\\\"" } else { "\"" });
            }
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use authlens_engine::dns::doh::decode_json;

    fn zone() -> Zone {
        Zone::from_yaml(
            r#"
example.com:
  - TXT: ["v=spf1 ip4:192.0.2.0/24 ", "-all"]
  - TXT: 'say "hi" there'
  - TXT: 'ends with "'
  - MX: [10, mail.example.com]
  - SECURE
alias.example.com:
  - CNAME: example.com
dangling.example.com:
  - CNAME: gone.example.com
"#,
        )
        .unwrap()
    }

    /// Every answer, in both dialects, decodes back to what the zone holds.
    #[test]
    fn both_dialects_round_trip_through_the_engine_decoder() {
        let z = zone();
        for dialect in [Dialect::Google, Dialect::Cloudflare] {
            for (name, rtype) in [
                ("example.com", RecordType::Txt),
                ("example.com", RecordType::Mx),
                ("alias.example.com", RecordType::Txt),
                ("dangling.example.com", RecordType::Txt),
                ("example.com", RecordType::A),
                ("nope.example.com", RecordType::A),
            ] {
                let want = z.answer(name, rtype);
                let body = encode(name, rtype, &want, dialect).to_string();
                let got = decode_json(&body, name, rtype);
                match (&want, &got) {
                    (Ok(w), Ok(g)) => {
                        assert_eq!(w.cname_chain, g.cname_chain);
                        assert_eq!(w.authenticated, g.authenticated);
                        let texts = |l: &Lookup| {
                            l.records
                                .iter()
                                .map(|r| match r {
                                    RData::Txt(t) => t.text(),
                                    o => o.presentation(),
                                })
                                .collect::<Vec<_>>()
                        };
                        assert_eq!(texts(w), texts(g), "{dialect:?} {name} {rtype}");
                        if dialect == Dialect::Cloudflare {
                            assert_eq!(w.records, g.records, "strings kept apart");
                        }
                    }
                    (Err(w), Err(g)) => {
                        assert_eq!(w.kind(), g.kind());
                        assert_eq!(w.cname_chain(), g.cname_chain());
                    }
                    _ => panic!("{dialect:?} {name} {rtype}: {want:?} vs {got:?}"),
                }
            }
        }
    }

    #[test]
    fn query_strings_decode() {
        let p = parse_query("name=_dmarc.example.com&type=TXT&x=%41%2");
        assert_eq!(p["name"], "_dmarc.example.com");
        assert_eq!(p["x"], "A%2");
    }
}
