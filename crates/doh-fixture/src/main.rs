//! `doh-fixture --zones DIR [--zone FILE]... [--cloudflare-zone FILE]... [--files DIR] [--port N]
//! [--delay-ms N] [--log FILE] [--fault NAME=KIND]... [--hang-ms N]`
//!
//! The zone files' `faults:` blocks are read with their zones; `--fault` adds (or overrides) one:
//! `--fault a.example=servfail`, `--fault a.example=google:429:30,cloudflare:timeout` (see the
//! library's `faults` module). `--hang-ms` bounds how long a `timeout` holds a connection.
//!
//! Prints `listening on http://127.0.0.1:PORT` once it accepts queries, then serves until killed.

use std::io::Write;
use std::path::PathBuf;

use authlens_doh_fixture::{
    load_faults_dir, load_faults_file, load_zone_dir, load_zone_file, Faults, Options, Server,
};
use authlens_engine::dns::zone::Zone;

fn main() {
    if let Err(e) = run() {
        eprintln!("doh-fixture: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut zone = Zone::new();
    let mut opts = Options::default();
    // Command-line faults win over the files', whatever the order of the arguments.
    let mut cli_faults = Faults::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--zones" => {
                let dir = PathBuf::from(value()?);
                zone.merge(load_zone_dir(&dir)?);
                opts.faults.merge(load_faults_dir(&dir)?);
            }
            "--zone" => {
                let file = PathBuf::from(value()?);
                zone.merge(load_zone_file(&file)?);
                opts.faults.merge(load_faults_file(&file)?);
            }
            "--fault" => cli_faults.add_arg(&value()?)?,
            "--hang-ms" => {
                opts.hang_ms = value()?.parse().map_err(|_| "--hang-ms takes a number")?
            }
            "--port" => opts.port = value()?.parse().map_err(|_| "--port takes a number")?,
            "--delay-ms" => {
                opts.delay_ms = value()?.parse().map_err(|_| "--delay-ms takes a number")?
            }
            "--log" => opts.log_file = Some(PathBuf::from(value()?)),
            "--cloudflare-zone" => {
                let z = load_zone_file(&PathBuf::from(value()?))?;
                match &mut opts.cloudflare_zone {
                    Some(c) => c.merge(z),
                    None => opts.cloudflare_zone = Some(z),
                }
            }
            "--files" => opts.files = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!("doh-fixture --zones DIR [--zone FILE]... [--cloudflare-zone FILE]... [--files DIR] [--port N] [--delay-ms N] [--log FILE] [--fault NAME=KIND]... [--hang-ms N]");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    opts.faults.merge(cli_faults);
    let server = Server::start(zone, opts).map_err(|e| format!("cannot listen: {e}"))?;
    println!("listening on {}", server.base_url());
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    loop {
        std::thread::park();
    }
}
