//! `authlens bench dkim|spf` (hidden): times the engine in one process, over an in-memory zone,
//! for `tests/bench/cli-vs-python.mjs`, which runs pyspf and dkimpy on the same inputs.
//!
//! The other subcommands check one input per process and ask a DoH resolver, so timing them
//! times process start-up and HTTP as much as the engine. Here every input is checked
//! `--iterations` times in one process, and DNS is answered from the zone files the fixture
//! server serves (`Zone`, as every engine test does): the same work per call as the Python side,
//! which answers from a dictionary built from the same files. Reading the files and loading the
//! zone are not timed; parsing the message is, as `dkim.verify()` parses it too.
//!
//! Prints one JSON object per input and line: `{"input", "result", "results", "iterations",
//! "median_ns", "total_ns"}`. For `dkim`, `results` holds every signature's result, top first,
//! and `result` the first (`none` when unsigned); for `spf` both are the SPF result.
//!
//! `authlens bench verify FILE...` is the other way round: no zone and no timing, but the DoH
//! resolver of `--doh`, `--doh2` and `--timeout`, built as for `authlens message`. It reads each
//! message as `message` does, verifies its DKIM signatures and nothing else (no ARC, DMARC,
//! Authentication-Results, findings or report), and prints `{"input", "results", "reasons"}`
//! per message and line. Run one process per message, it is the floor of `authlens message`:
//! start-up, reading the message, the key lookups and the signature verification.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::zone::Zone;
use authlens_engine::{dkim, message, spf};
use clap::{Args, Subcommand};
use serde::Deserialize;

use crate::resolver::HttpResolver;

#[derive(Subcommand)]
pub(crate) enum BenchCommand {
    /// Verify the DKIM signatures of each message, many times.
    Dkim(DkimArgs),
    /// Evaluate SPF (check_host of the MAIL FROM identity) for each case, many times.
    Spf(SpfArgs),
    /// Verify the DKIM signatures of each message once, with keys from the DoH resolver, and
    /// nothing else: the floor of `authlens message`.
    Verify(VerifyArgs),
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// Seconds since the epoch to check t= and x= against (default: now).
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,
    /// Accept rsa-sha1 signatures.
    #[arg(long)]
    allow_sha1: bool,
    /// The messages (.eml), or - for standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

#[derive(Args)]
pub(crate) struct DkimArgs {
    /// A folder of YAML zone files (all are loaded together, as the fixture server does).
    #[arg(long, value_name = "DIR")]
    zones: PathBuf,
    /// How many times each message is verified.
    #[arg(long, default_value_t = 20)]
    iterations: u32,
    /// Seconds since the epoch to check t= and x= against (default: now).
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,
    /// Accept rsa-sha1 signatures, as dkimpy does.
    #[arg(long)]
    allow_sha1: bool,
    /// The messages (.eml).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Args)]
pub(crate) struct SpfArgs {
    /// A folder of YAML zone files (all are loaded together, as the fixture server does).
    #[arg(long, value_name = "DIR")]
    zones: PathBuf,
    /// How many times each case is evaluated.
    #[arg(long, default_value_t = 200)]
    iterations: u32,
    /// A JSON array of `{"ip": "...", "sender": "...", "helo": "..."}`.
    #[arg(long, value_name = "FILE")]
    cases: PathBuf,
}

#[derive(Deserialize)]
struct Case {
    ip: String,
    sender: String,
    helo: String,
}

pub(crate) fn run(cmd: BenchCommand, resolver: &SessionCache<HttpResolver>) -> ExitCode {
    let outcome = match cmd {
        BenchCommand::Dkim(a) => run_dkim(&a),
        BenchCommand::Spf(a) => run_spf(&a),
        BenchCommand::Verify(a) => run_verify(&a, resolver),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("authlens bench: {e}");
            ExitCode::from(2)
        }
    }
}

/// Every `.yaml`/`.yml` file of `dir`, in name order, merged (as `doh-fixture --zones` loads them).
fn load_zones(dir: &Path) -> Result<Zone, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let mut zone = Zone::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        zone.merge(Zone::from_yaml(&text).map_err(|e| format!("{}: {e}", f.display()))?);
    }
    Ok(zone)
}

/// Runs `f` `iterations` times (at least once); the last result, the median and the total time.
fn time<T>(iterations: u32, mut f: impl FnMut() -> T) -> (T, Duration, Duration) {
    let t0 = Instant::now();
    let mut last = std::hint::black_box(f());
    let mut times = vec![t0.elapsed()];
    for _ in 1..iterations {
        let t0 = Instant::now();
        last = std::hint::black_box(f());
        times.push(t0.elapsed());
    }
    let total = times.iter().sum();
    times.sort();
    (last, times[times.len() / 2], total)
}

fn line(input: &str, results: &[&str], iterations: u32, median: Duration, total: Duration) {
    let out = serde_json::json!({
        "input": input,
        "result": results.first().copied().unwrap_or("none"),
        "results": results,
        "iterations": iterations.max(1),
        "median_ns": median.as_nanos() as u64,
        "total_ns": total.as_nanos() as u64,
    });
    println!("{out}");
}

fn run_dkim(a: &DkimArgs) -> Result<(), String> {
    let zone = load_zones(&a.zones)?;
    let now = a.now.or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_secs())
    });
    let opts = dkim::Options {
        now,
        allow_sha1: a.allow_sha1,
    };
    for f in &a.files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let (results, median, total) = time(a.iterations, || {
            let msg = message::parse(&bytes);
            futures::executor::block_on(dkim::verify_message(
                &zone,
                &crate::crypto::VERIFIER,
                &msg,
                &opts,
            ))
        });
        let words: Vec<&str> = results.iter().map(|r| r.result).collect();
        line(
            &f.display().to_string(),
            &words,
            a.iterations,
            median,
            total,
        );
    }
    Ok(())
}

fn run_spf(a: &SpfArgs) -> Result<(), String> {
    let zone = load_zones(&a.zones)?;
    let text =
        std::fs::read_to_string(&a.cases).map_err(|e| format!("{}: {e}", a.cases.display()))?;
    let cases: Vec<Case> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", a.cases.display()))?;
    let opts = spf::Options {
        now: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        ..spf::Options::default()
    };
    for c in &cases {
        let ip: IpAddr =
            c.ip.trim()
                .parse()
                .map_err(|_| format!("{:?} is not an IPv4 or IPv6 address", c.ip))?;
        let (result, median, total) = time(a.iterations, || {
            futures::executor::block_on(spf::check_mail_from(&zone, ip, &c.sender, &c.helo, &opts))
                .result
        });
        line(
            &format!("{} {} {}", c.ip, c.sender, c.helo),
            &[result.as_str()],
            a.iterations,
            median,
            total,
        );
    }
    Ok(())
}

fn run_verify(a: &VerifyArgs, resolver: &SessionCache<HttpResolver>) -> Result<(), String> {
    let opts = dkim::Options {
        now: a.now.or_else(crate::message::now_unix),
        allow_sha1: a.allow_sha1,
    };
    for f in &a.files {
        let bytes = crate::message::read(f)?;
        let msg = message::parse(&bytes);
        let results = futures::executor::block_on(dkim::verify_message(
            resolver,
            &crate::crypto::VERIFIER,
            &msg,
            &opts,
        ));
        let out = serde_json::json!({
            "input": f,
            "results": results.iter().map(|r| r.result).collect::<Vec<_>>(),
            "reasons": results.iter().map(|r| r.reason).collect::<Vec<_>>(),
        });
        println!("{out}");
    }
    Ok(())
}
