//! `authlens`: the engine for terminals and CI pipelines.
//!
//! Exit status: 0 when the command ran and found nothing wrong, 1 when it found an error (a DNS
//! failure for `inspect`, an error finding for `spf tree`), 2 for bad input (a name, an address,
//! a flag, a resolver URL).

#![forbid(unsafe_code)]

mod bench;
mod build;
mod codes;
mod crypto;
mod dmarc;
mod inspect;
mod message;
mod report;
mod report_mail;
mod resolver;
mod spf;

/// Prints text output (never JSON, whose strings are escaped already): what came from DNS or a
/// message may hold terminal escape sequences or bidi overrides, shown as `⟨U+001B⟩` instead.
pub(crate) fn print_text(text: &str) {
    print!("{}", authlens_engine::text::visible_lines(text));
}

use std::process::ExitCode;
use std::time::Duration;

use authlens_engine::dns::doh::Provider;
use clap::{Parser, Subcommand};

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
    /// The resolver asked once more when the first gives no answer (timeout, SERVFAIL, HTTP 429
    /// or 5xx, an unreadable answer): google, cloudflare, a URL, or none. Default: cloudflare for
    /// google, google for cloudflare, none for a URL (names are then sent nowhere else).
    #[arg(long, global = true, value_name = "URL")]
    doh2: Option<String>,
    /// Seconds to wait for one DNS answer.
    #[arg(long, global = true, default_value_t = 5.0, value_name = "SECONDS")]
    timeout: f64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Everything about a domain's email authentication: SPF, DKIM, DMARC, MX, MTA-STS, TLS-RPT,
    /// BIMI, DNSSEC, a summary and the next step.
    Inspect {
        /// The domain, e.g. example.com (a URL or an address is accepted too).
        domain: String,
        /// A DKIM selector to try first (repeat, or separate with commas).
        #[arg(long = "selector", value_name = "S")]
        selectors: Vec<String>,
        /// Print JSON (the schema is in docs/cli-json.md; the page exports the same).
        #[arg(long)]
        json: bool,
        /// Print Markdown, for a ticket.
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
        /// Exit with 1 when any error finding is present (for CI).
        #[arg(long)]
        strict: bool,
        /// Do not fetch the MTA-STS policy file over HTTPS.
        #[arg(long)]
        no_policy_fetch: bool,
        /// Fetch the MTA-STS policy from this URL instead of https://mta-sts.<domain>/.well-known/mta-sts.txt
        /// (to check a policy before publishing it).
        #[arg(long, value_name = "URL")]
        policy_url: Option<String>,
        /// Ask a second resolver every question and show the answers that differ.
        #[arg(long, value_name = "URL")]
        compare: Option<String>,
    },
    /// Check a message (a .eml file, an Outlook .msg, or - for standard input): DKIM signatures,
    /// headers, hops.
    Message {
        /// The message file (.eml, a header block, or an Outlook .msg, whose Internet headers are
        /// checked as headers only), or - to read standard input.
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
        /// Hold the message to the bulk senders' rules (marketing mail: one-click unsubscribe,
        /// SPF and DKIM both). Without it, List-Id, List-Unsubscribe or Precedence: bulk decide.
        #[arg(long, conflicts_with = "transactional")]
        bulk: bool,
        /// Take the message for a transactional one, whatever its fields say.
        #[arg(long)]
        transactional: bool,
        /// Print JSON (the schema is in docs/cli-json.md).
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
    /// Reports: DMARC aggregate (.xml, .xml.gz, .zip), TLS-RPT (.json, .json.gz), and mail that
    /// holds them (.eml, .mbox, failure reports included): totals, sources, and what p=quarantine
    /// or p=reject would have done.
    Report {
        /// Report files and mail (.eml, .mbox), as many as you like; told by content, not name.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        /// Print JSON (the schema is in docs/cli-json.md).
        #[arg(long)]
        json: bool,
        /// Look up the PTR names of the sources (the failing ones first, at most 60).
        #[arg(long)]
        rdns: bool,
        /// Label each source (at most 500, most messages first): its PTR name's base domain, its
        /// network (origin AS and name, from Team Cymru's DNS interface) and the sending service it
        /// belongs to; grouped as your services or unknown.
        #[arg(long)]
        senders: bool,
    },
    /// DKIM (RFC 6376): generate a key pair and the record to publish.
    Dkim {
        #[command(subcommand)]
        command: DkimCommand,
    },
    /// MTA-STS (RFC 8461) and TLS-RPT (RFC 8460): build the records and the policy file.
    Mtasts {
        #[command(subcommand)]
        command: MtastsCommand,
    },
    /// Every finding code, with its usual severity, title, explanation, fix and RFC section.
    Codes {
        /// As the Markdown of docs/codes.md.
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
        #[arg(long)]
        json: bool,
    },
    /// Time the engine in one process over zone files, or verify DKIM signatures alone (for
    /// tests/bench/cli-vs-python.mjs).
    #[command(hide = true)]
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
}

#[derive(Subcommand)]
pub(crate) enum DkimCommand {
    /// Generate a key pair: the private key to a file (mode 0600), the DNS record to publish.
    Keygen(build::DkimKeygenArgs),
}

#[derive(Subcommand)]
pub(crate) enum MtastsCommand {
    /// Build the _mta-sts record, the policy file and the _smtp._tls record.
    Build(build::MtastsBuildArgs),
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
        /// Testing mode (t=y): RFC 9989 receivers apply one level less; receivers still on RFC
        /// 7489 ignore it.
        #[arg(long)]
        testing: bool,
        /// pct= (legacy, 0-100): receivers still on RFC 7489 apply the policy to this share of
        /// failing mail and one level less to the rest; RFC 9989 receivers ignore it.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
        pct: Option<u8>,
        #[arg(long)]
        json: bool,
    },
    /// The staged rollout from p=none to p=reject: each stage's record and what each kind of
    /// receiver does with it; with --domain, where the published policy stands.
    Plan {
        /// Aggregate report address (repeat for several); mailto: optional.
        #[arg(long)]
        rua: Vec<String>,
        /// Failure report address (repeat for several).
        #[arg(long)]
        ruf: Vec<String>,
        #[arg(long = "sp")]
        subdomain_policy: Option<String>,
        #[arg(long = "np")]
        nonexistent_policy: Option<String>,
        /// How each stage holds part of the policy back: testing (t=y, read by RFC 9989
        /// receivers), pct (pct=, read by receivers still on RFC 7489) or both.
        #[arg(long, default_value = "testing", value_name = "RAMP")]
        ramp: String,
        /// The pct= shares of the pct and both ramps, 1-99 (default 10,25,50).
        #[arg(long, value_delimiter = ',', value_name = "N,N", value_parser = clap::value_parser!(u8).range(1..=99))]
        steps: Vec<u8>,
        /// Look up this domain's published policy and mark its stage.
        #[arg(long)]
        domain: Option<String>,
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
        /// Print JSON (the schema is in docs/cli-json.md).
        #[arg(long)]
        json: bool,
    },
    /// Build a record from the catalogue of senders and your own hosts, with its lookup count.
    Build(build::SpfBuildArgs),
    /// Resolve every include and redirect of a domain's SPF record and count its DNS lookups.
    Tree {
        domain: String,
        /// Print JSON (the schema is in docs/cli-json.md).
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
    let fallback = match cli.doh2.as_deref().map(str::trim) {
        Some(n) if n.eq_ignore_ascii_case("none") => None,
        Some(url) => match Provider::parse(url) {
            Ok(p) => provider.fallback(Some(&p)),
            Err(e) => {
                eprintln!("authlens: --doh2: {e}");
                return ExitCode::from(2);
            }
        },
        None => provider.fallback(None),
    };
    let resolver = resolver::session(
        &provider,
        fallback.as_ref(),
        Duration::from_secs_f64(cli.timeout),
    );
    match cli.command {
        Command::Bench { command } => bench::run(command, &resolver),
        Command::Codes { markdown, json } => codes::run(markdown, json),
        Command::Spf { command } => spf::run(command, &resolver, &provider),
        Command::Dmarc { command } => dmarc::run(command, &resolver, &provider),
        Command::Dkim {
            command: DkimCommand::Keygen(args),
        } => build::dkim_keygen(args),
        Command::Report {
            files,
            json,
            rdns,
            senders,
        } => report::run(&files, json, &resolver, report::Lookups { rdns, senders }),
        Command::Mtasts {
            command: MtastsCommand::Build(args),
        } => build::mtasts_build(args, &resolver, &provider),
        Command::Message {
            file,
            now,
            allow_sha1,
            ip,
            bulk,
            transactional,
            json,
        } => message::run(
            message::Args {
                file: &file,
                now,
                allow_sha1,
                ip: ip.as_deref(),
                json,
                bulk: (bulk || transactional).then_some(bulk),
            },
            &resolver,
            &provider,
        ),
        Command::Inspect {
            domain,
            selectors,
            json,
            markdown,
            strict,
            no_policy_fetch,
            policy_url,
            compare,
        } => inspect::run(
            inspect::Args {
                domain,
                selectors: selectors
                    .iter()
                    .flat_map(|s| s.split(','))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                json,
                markdown,
                strict,
                no_policy_fetch,
                policy_url,
                compare,
                timeout: Duration::from_secs_f64(cli.timeout),
            },
            &resolver,
            &provider,
        ),
    }
}
