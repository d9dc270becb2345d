//! `authlens`: the engine for terminals and CI pipelines.
//!
//! Exit status: 0 when the command ran and found nothing wrong, 1 when it found an error (a DNS
//! failure for `inspect`, an error finding for `spf tree`), 2 for bad input (a name, an address,
//! a flag, a resolver URL).

#![forbid(unsafe_code)]

mod dmarc;
mod message;
mod resolver;
mod spf;

use std::process::ExitCode;
use std::time::Duration;

use authlens_engine::cache::SessionCache;
use authlens_engine::doh::Provider;
use authlens_engine::inspect::{self, RawInspection};
use authlens_engine::name::parse_domain;
use clap::{Parser, Subcommand};

use resolver::HttpResolver;

#[derive(Parser)]
#[command(
    name = "authlens",
    version,
    about = "Check a domain's email authentication: SPF, DKIM, DMARC"
)]
struct Cli {
    /// DoH JSON resolver: google, cloudflare, or the URL of an endpoint.
    #[arg(long, global = true, default_value = "google", value_name = "URL")]
    doh: String,
    /// Seconds to wait for one DNS answer.
    #[arg(long, global = true, default_value_t = 5.0, value_name = "SECONDS")]
    timeout: f64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Show the DNS records behind a domain's email authentication.
    Inspect {
        /// The domain, e.g. example.com (a URL or an address is accepted too).
        domain: String,
        /// Print JSON (the schema is in the README).
        #[arg(long)]
        json: bool,
    },
    /// Check a message (a .eml file, or - for standard input): DKIM signatures, headers, hops.
    Message {
        /// The message file, or - to read standard input.
        file: String,
        /// Seconds since the epoch to check t= and x= against (default: now).
        #[arg(long, value_name = "UNIX")]
        now: Option<u64>,
        /// Accept rsa-sha1 signatures (RFC 8301 says not to).
        #[arg(long)]
        allow_sha1: bool,
        /// The connecting client's IP, to evaluate SPF for the Return-Path domain.
        #[arg(long)]
        ip: Option<String>,
        /// Print JSON (the schema is in the README).
        #[arg(long)]
        json: bool,
    },
    /// DMARC (RFC 9989): discover a domain's policy, lint a record, build one.
    Dmarc {
        #[command(subcommand)]
        command: DmarcCommand,
    },
    /// SPF (RFC 7208): evaluate for an IP, or show a domain's include tree.
    Spf {
        #[command(subcommand)]
        command: SpfCommand,
    },
}

#[derive(Subcommand)]
pub(crate) enum DmarcCommand {
    /// Find the policy that applies to a domain (tree walk), check it and its report addresses.
    Check {
        domain: String,
        #[arg(long)]
        json: bool,
    },
    /// Check a record given as text, without DNS.
    Lint {
        record: String,
        #[arg(long)]
        json: bool,
    },
    /// Print a valid record.
    Build {
        /// none, quarantine or reject.
        #[arg(long = "p")]
        policy: String,
        #[arg(long = "sp")]
        subdomain_policy: Option<String>,
        #[arg(long = "np")]
        nonexistent_policy: Option<String>,
        /// Aggregate report address (repeat for several); mailto: optional.
        #[arg(long)]
        rua: Vec<String>,
        /// Failure report address (repeat for several).
        #[arg(long)]
        ruf: Vec<String>,
        /// Strict DKIM alignment.
        #[arg(long)]
        strict_dkim: bool,
        /// Strict SPF alignment.
        #[arg(long)]
        strict_spf: bool,
        /// Testing mode (t=y).
        #[arg(long)]
        testing: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum SpfCommand {
    /// Evaluate SPF for a connecting IP and envelope sender: result, explanation, trace.
    Check {
        /// The connecting client's IP address (IPv4 or IPv6).
        #[arg(long)]
        ip: String,
        /// The envelope sender (MAIL FROM); empty for a bounce, then the HELO name is checked.
        #[arg(long, default_value = "")]
        sender: String,
        /// The HELO/EHLO name.
        #[arg(long, default_value = "")]
        helo: String,
        /// Print JSON (the schema is in the README).
        #[arg(long)]
        json: bool,
    },
    /// Resolve every include and redirect of a domain's SPF record and count its DNS lookups.
    Tree {
        domain: String,
        /// Print JSON (the schema is in the README).
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let provider = match Provider::parse(&cli.doh) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("authlens: --doh: {e}");
            return ExitCode::from(2);
        }
    };
    if !(cli.timeout > 0.0 && cli.timeout <= 600.0) {
        eprintln!("authlens: --timeout takes seconds between 0 and 600");
        return ExitCode::from(2);
    }
    let resolver = SessionCache::new(HttpResolver::new(
        provider.clone(),
        Duration::from_secs_f64(cli.timeout),
    ));
    match cli.command {
        Command::Spf { command } => spf::run(command, &resolver, &provider),
        Command::Dmarc { command } => dmarc::run(command, &resolver, &provider),
        Command::Message {
            file,
            now,
            allow_sha1,
            ip,
            json,
        } => message::run(
            &file,
            now,
            allow_sha1,
            ip.as_deref(),
            json,
            &resolver,
            &provider,
        ),
        Command::Inspect { domain, json } => {
            let domain = match parse_domain(&domain) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("authlens: {domain:?}: {e}");
                    return ExitCode::from(2);
                }
            };
            let report = futures::executor::block_on(inspect::raw_txt(&resolver, &domain));
            if json {
                let out = serde_json::json!({
                    "resolver": provider.endpoint(),
                    "domain": report.domain,
                    "lookups": report.lookups,
                });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                print!("{}", render_text(&report, &provider));
            }
            let failed = report
                .lookups
                .iter()
                .any(|l| matches!(l.status, "temporary" | "malformed"));
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn render_text(r: &RawInspection, provider: &Provider) -> String {
    let mut out = format!("{} (resolver: {})\n", r.domain, provider.label());
    for l in &r.lookups {
        let dnssec = if l.authenticated {
            "DNSSEC validated"
        } else {
            "not DNSSEC-validated"
        };
        out.push_str(&format!("\n{} {}  [{}]\n", l.name, l.rtype, dnssec));
        for target in &l.cname_chain {
            out.push_str(&format!("  CNAME -> {target}\n"));
        }
        match &l.error {
            Some(e) => out.push_str(&format!("  {}: {e}\n", l.status.to_uppercase())),
            None => {
                for rec in &l.records {
                    out.push_str(&format!("  {}\n", rec.presentation()));
                }
            }
        }
    }
    out
}
