//! The injected faults over real HTTP: each kind at the endpoint it was given, the log, and a
//! `timeout` that holds its own connection without holding up the server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use authlens_doh_fixture::{Faults, Options, Server};
use authlens_engine::dns::zone::Zone;

/// A zone file with a `faults:` block, read as the server's command line reads it.
const ZONE: &str = r#"
zonedata:
  a.example:
    - TXT: v=spf1 -all
  b.example:
    - TXT: v=spf1 -all
faults:
  a.example: { google: 429:7, cloudflare: servfail }
"#;

fn server(faults: &[&str], hang_ms: u64) -> Server {
    let zone = Zone::from_yaml(ZONE).unwrap();
    let mut f = Faults::from_zone_text(ZONE).unwrap();
    for spec in faults {
        f.add_arg(spec).unwrap();
    }
    Server::start(
        zone,
        Options {
            faults: f,
            hang_ms,
            ..Options::default()
        },
    )
    .unwrap()
}

/// Sends one GET and reads until the server closes; the whole response as text.
fn get(s: &Server, path: &str) -> String {
    let mut c = TcpStream::connect(s.addr()).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        c,
        "GET {path} HTTP/1.1\r\nHost: x\r\naccept: application/dns-json\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = c.read_to_string(&mut out);
    out
}

#[test]
fn each_endpoint_gets_its_own_fault() {
    let s = server(
        &[
            "b.example=google:malformed,cloudflare:nocors",
            "c.example=502",
            "d.example=google:nxdomain",
        ],
        1000,
    );
    let r = get(&s, "/resolve?name=a.example&type=TXT");
    assert!(r.starts_with("HTTP/1.1 429 Too Many Requests\r\n"), "{r}");
    assert!(r.contains("Retry-After: 7\r\n"), "{r}");
    assert!(r.contains("Access-Control-Allow-Origin: *"), "{r}");
    let r = get(&s, "/dns-query?name=a.example&type=TXT");
    assert!(r.contains("\"Status\":2"), "{r}");
    let r = get(&s, "/resolve?name=b.example&type=TXT");
    assert!(
        r.starts_with("HTTP/1.1 200 OK") && r.ends_with("{\"Status\":0,\"Answer\":[{\"name\":")
    );
    let r = get(&s, "/dns-query?name=b.example&type=TXT");
    assert!(
        r.contains("v=spf1 -all") && !r.contains("Access-Control-Allow-Origin"),
        "{r}"
    );
    assert!(get(&s, "/resolve?name=c.example&type=A").starts_with("HTTP/1.1 502 Bad Gateway"));
    assert!(get(&s, "/resolve?name=d.example&type=A").contains("\"Status\":3"));
    assert!(
        get(&s, "/dns-query?name=d.example&type=A").contains("\"Status\":3"),
        "not in the zone"
    );
    let faults: Vec<_> = s
        .queries()
        .iter()
        .map(|q| (q.path.clone(), q.name.clone(), q.fault.clone()))
        .collect();
    assert_eq!(
        faults[0],
        ("/resolve".into(), "a.example".into(), Some("429:7".into()))
    );
    assert_eq!(faults[1].2.as_deref(), Some("servfail"));
    assert_eq!(faults[2].2.as_deref(), Some("malformed"));
    assert_eq!(faults[3].2.as_deref(), Some("nocors"));
    assert_eq!(faults[6], ("/dns-query".into(), "d.example".into(), None));
}

#[test]
fn a_timeout_holds_only_its_own_connection_and_is_logged_at_once() {
    let s = server(&["slow.example=timeout"], 800);
    let mut hung = TcpStream::connect(s.addr()).unwrap();
    write!(
        hung,
        "GET /resolve?name=slow.example&type=TXT HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let q = s.queries();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].fault.as_deref(), Some("timeout"));
    // Other queries are answered meanwhile.
    let started = Instant::now();
    assert!(get(&s, "/resolve?name=b.example&type=TXT").contains("v=spf1 -all"));
    assert!(started.elapsed() < Duration::from_millis(500));
    // The hung one gets no answer; the server closes it after --hang-ms.
    hung.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut out = Vec::new();
    let _ = hung.read_to_end(&mut out);
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(500) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
}
