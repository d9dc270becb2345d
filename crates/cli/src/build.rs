//! `authlens spf build`, `authlens dkim keygen` and `authlens mtasts build`: the page's record
//! builders for terminals and scripts, over the same engine code (`authlens_engine::build`).
//!
//! Exit status as elsewhere: 0 the record was built and nothing is wrong with it, 1 it was built
//! but is in error (an SPF record over the lookup limit, a policy that leaves an MX host out) or
//! the key could not be written, 2 bad input (an unknown sender, a range that is not one, a key
//! file that exists without `--force`), with every bad input named.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use authlens_engine::build::{quoted, Change, Comparison, InputError, TxtOutput};
use authlens_engine::diag::{Finding, Severity};
use authlens_engine::dkim::keygen::{self as dkim_build, DkimBuilder, KeyType, KeygenError};
use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::doh::Provider;
use authlens_engine::dns::memo::Memo;
use authlens_engine::dns::{RData, RecordType, Resolver};
use authlens_engine::mtasts::build::{self as sts_build, MtaStsBuilder};
use authlens_engine::mtasts::Mode;
use authlens_engine::name::parse_domain;
use authlens_engine::spf::build::{self as spf_build, AllPolicy, Flattened, Level, SpfBuilder};
use authlens_engine::spf::{is_spf_record, tree};

use crate::resolver::HttpResolver;

fn bad(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("authlens: {msg}");
    ExitCode::from(2)
}

fn bad_inputs(errors: &[InputError]) -> ExitCode {
    for e in errors {
        let flag = match e.field {
            "send" => "sender",
            "flat" => "flatten",
            "max_age" => "max-age",
            "mx_pattern" => "mx",
            "tls_rua" => "rua",
            other => other,
        };
        eprintln!("authlens: --{flag} {:?}: {}", e.input, e.message);
    }
    ExitCode::from(2)
}

fn print_json<T: serde::Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// Splits repeated and comma-separated values.
fn values(v: &[String]) -> Vec<String> {
    v.iter()
        .flat_map(|s| s.split(','))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn write_txt(o: &mut String, t: &TxtOutput) {
    let _ = writeln!(o, "{} TXT  (host {})", t.name, t.host);
    let _ = writeln!(o, "  {}", t.text);
    if t.strings.len() > 1 {
        let _ = writeln!(
            o,
            "  as {} strings of at most 255 octets, in one record: {}",
            t.strings.len(),
            quoted(&t.strings)
        );
    }
    let _ = writeln!(o, "  zone file: {}", t.zone_line);
}

fn write_findings(o: &mut String, findings: &[Finding]) {
    if !findings.is_empty() {
        let _ = writeln!(o, "findings:");
        for f in findings {
            let _ = writeln!(o, "  {:<7} {}  {}", f.severity.as_str(), f.code, f.message);
        }
    }
}

fn write_comparison(o: &mut String, what: &str, c: &Comparison) {
    match &c.published {
        None => {
            let _ = writeln!(o, "published {what}: none");
        }
        Some(p) if c.same => {
            let _ = writeln!(o, "published {what}: the same ({p})");
        }
        Some(p) => {
            let _ = writeln!(o, "published {what}: {p}");
            for ch in &c.changes {
                let line = match ch {
                    Change::Added { what } => format!("+ {what}"),
                    Change::Removed { what } => format!("- {what}"),
                    Change::Changed {
                        what,
                        published,
                        built,
                    } => format!("~ {what}: {published} -> {built}"),
                };
                let _ = writeln!(o, "  {line}");
            }
        }
    }
    for n in &c.notes {
        let _ = writeln!(o, "  {n}");
    }
}

fn has_error(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// The TXT records at `name` that `keep` accepts, as text (`None` when the lookup failed).
async fn published_txt<R: Resolver>(
    resolver: &R,
    name: &str,
    keep: impl Fn(&str) -> bool,
) -> Option<Vec<String>> {
    match resolver.query(name, RecordType::Txt).await {
        Ok(l) => Some(
            l.records
                .iter()
                .filter_map(|r| match r {
                    RData::Txt(t) => Some(t.text()),
                    _ => None,
                })
                .filter(|t| keep(t))
                .collect(),
        ),
        Err(e) if e.is_void() => Some(Vec::new()),
        Err(_) => None,
    }
}

// ---------------------------------------------------------------------------------------------
// authlens spf build

/// `authlens spf build DOMAIN --sender google --ip 192.0.2.0/24 --all fail`
#[derive(clap::Args, Debug, Clone)]
pub struct SpfBuildArgs {
    /// The domain the record is for.
    #[arg(required_unless_present = "list")]
    pub domain: Option<String>,
    /// A sending service from the catalogue, by id (repeat, or separate with commas; --list
    /// shows them).
    #[arg(long = "sender", value_name = "ID")]
    pub senders: Vec<String>,
    /// An IPv4 or IPv6 address or range of your own that sends (repeat).
    #[arg(long = "ip", value_name = "RANGE")]
    pub ips: Vec<String>,
    /// A host of your own that sends, by name: a:HOST (repeat).
    #[arg(long = "host", value_name = "HOST")]
    pub hosts: Vec<String>,
    /// Another include: target (repeat).
    #[arg(long = "include", value_name = "DOMAIN")]
    pub includes: Vec<String>,
    /// The domain's MX hosts send mail (mx).
    #[arg(long)]
    pub mx: bool,
    /// The domain's own addresses send mail (a).
    #[arg(long)]
    pub a: bool,
    /// What every other host gets: fail (-all), softfail (~all) or neutral (?all). Without it:
    /// softfail, or fail for a record that lists no sender (a domain that sends no mail).
    #[arg(long, value_name = "QUALIFIER")]
    pub all: Option<String>,
    /// Replace an include with the ranges it holds now (repeat). They go stale when the
    /// provider changes them.
    #[arg(long = "flatten", value_name = "INCLUDE")]
    pub flatten: Vec<String>,
    /// Do not ask DNS: no lookup count, no comparison with the published record.
    #[arg(long)]
    pub offline: bool,
    /// List the catalogue of senders and exit.
    #[arg(long)]
    pub list: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `authlens spf build`.
pub fn spf_build(
    args: SpfBuildArgs,
    resolver: &SessionCache<HttpResolver>,
    provider: &Provider,
) -> ExitCode {
    if args.list {
        return list_senders(args.json);
    }
    let Some(domain) = args.domain.as_deref() else {
        return bad("give the domain the record is for");
    };
    let domain = match parse_domain(domain) {
        Ok(d) => d,
        Err(e) => return bad(format!("{domain:?}: {e}")),
    };
    let all = match args.all.as_deref().map(|a| (a, AllPolicy::parse(a))) {
        None => None,
        Some((_, Some(all))) => Some(all),
        Some((a, None)) => {
            return bad(format!(
                "--all {a:?}: use fail, softfail or neutral (+all is not offered: it lets every host send)"
            ))
        }
    };
    let mut b = SpfBuilder {
        domain: domain.clone(),
        senders: values(&args.senders),
        a: args.a,
        mx: args.mx,
        ranges: values(&args.ips),
        hosts: values(&args.hosts),
        includes: values(&args.includes),
        flattened: Vec::new(),
        all,
    };
    let mut out = b.build();
    if !out.input_errors.is_empty() {
        return bad_inputs(&out.input_errors);
    }
    let flatten = values(&args.flatten);
    if args.offline && !flatten.is_empty() {
        return bad("--flatten needs DNS to read the ranges: drop --offline");
    }
    let (mut meter, mut tree_findings, mut comparison) = (None, Vec::new(), None);
    if !args.offline {
        let mut t = futures::executor::block_on(tree::inspect_with(
            resolver,
            &domain,
            Some(&out.record.text),
        ));
        if !flatten.is_empty() {
            for inc in &flatten {
                let inc = inc.trim_start_matches("include:");
                match spf_build::flatten(&t, inc) {
                    None => {
                        return bad(format!("--flatten {inc}: the record has no include:{inc}"))
                    }
                    Some(f) if !f.complete => {
                        return bad(format!(
                            "--flatten {inc}: it cannot be replaced by ranges: {}",
                            f.blockers.join("; ")
                        ))
                    }
                    Some(f) => b.flattened.push(Flattened {
                        include: f.include,
                        ranges: f.ranges,
                    }),
                }
            }
            out = b.build();
            t = futures::executor::block_on(tree::inspect_with(
                resolver,
                &domain,
                Some(&out.record.text),
            ));
        }
        meter = Some(spf_build::meter(&out, &t));
        tree_findings = t.findings.clone();
        let published =
            futures::executor::block_on(published_txt(resolver, &domain, is_spf_record));
        comparison =
            published.map(|p| spf_build::compare(&out.record.text, p.first().map(String::as_str)));
    }
    // Findings of the tree that the builder's own do not already say (limits, includes without
    // a record), each once.
    let mut findings = out.findings.clone();
    for f in tree_findings {
        if !findings
            .iter()
            .any(|x| x.code == f.code && x.message == f.message)
        {
            findings.push(f);
        }
    }
    if let Some(m) = &meter {
        findings.extend(m.findings.iter().cloned());
    }
    let in_error = has_error(&findings);
    if args.json {
        print_json(&serde_json::json!({
            "resolver": (!args.offline).then(|| provider.endpoint()),
            "builder": b,
            "query": b.to_query(),
            "record": out.record,
            "terms": out.terms,
            "all": out.all,
            "consequence": out.consequence,
            "meter": meter,
            "findings": findings,
            "comparison": comparison,
        }));
    } else {
        let mut o = String::new();
        write_txt(&mut o, &out.record);
        let _ = writeln!(o, "\n{}: {}", out.all.term(), out.consequence);
        if let Some(m) = &meter {
            let _ = writeln!(o, "\nlookups: {} ({})", m.label, m.level.as_str());
            for c in &m.terms {
                let who = c
                    .sender
                    .and_then(spf_build::sender)
                    .map(|s| format!("  {}", s.name))
                    .unwrap_or_default();
                let void = if c.void_lookups > 0 {
                    format!(", {} void", c.void_lookups)
                } else {
                    String::new()
                };
                let _ = writeln!(o, "  {:>2}{void}  {}{who}", c.lookups, c.term);
            }
            if m.level == Level::Over {
                let _ = writeln!(o, "ways out:");
                for w in &m.ways_out {
                    let kind = serde_json::to_value(w.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    let _ = writeln!(
                        o,
                        "  [{kind}] saves {}{}: {}",
                        w.saves,
                        if w.enough { ", enough alone" } else { "" },
                        w.advice
                    );
                    if let Some(c) = &w.caveat {
                        let _ = writeln!(o, "      {c}");
                    }
                }
            }
        }
        write_findings(&mut o, &findings);
        if let Some(c) = &comparison {
            let _ = writeln!(o);
            write_comparison(&mut o, "record", c);
        }
        crate::print_text(&o);
    }
    if in_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn list_senders(json: bool) -> ExitCode {
    if json {
        print_json(&serde_json::json!({ "senders": spf_build::CATALOGUE }));
        return ExitCode::SUCCESS;
    }
    let mut o = String::new();
    for s in spf_build::CATALOGUE {
        let what = if s.includes.is_empty() {
            "(nothing to add)".to_string()
        } else {
            s.includes
                .iter()
                .map(|i| format!("include:{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let envelope = match s.envelope {
            spf_build::Envelope::Yours => "",
            spf_build::Envelope::Provider => "  (own bounce domain)",
        };
        let _ = writeln!(o, "{:<18} {:<36} {what}{envelope}", s.id, s.name);
    }
    crate::print_text(&o);
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------------------------
// authlens dkim keygen

/// `authlens dkim keygen --selector S --domain D --out FILE`
#[derive(clap::Args, Debug, Clone)]
pub struct DkimKeygenArgs {
    /// The selector the key is published under: <selector>._domainkey.<domain>.
    #[arg(long)]
    pub selector: String,
    #[arg(long)]
    pub domain: String,
    /// Where to write the private key (PKCS#8 PEM), created with mode 0600. An existing file is
    /// kept unless --force.
    #[arg(long, value_name = "FILE", required_unless_present = "stdout")]
    pub out: Option<PathBuf>,
    /// rsa or ed25519.
    #[arg(long = "type", default_value = "rsa", value_name = "TYPE")]
    pub key_type: String,
    /// RSA key size: 1024, 2048, 3072 or 4096.
    #[arg(long, default_value_t = 2048)]
    pub bits: u32,
    /// Print the private key on standard output (then everything else goes to standard error).
    #[arg(long)]
    pub stdout: bool,
    /// Overwrite the --out file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Publish the key with t=y (testing).
    #[arg(long)]
    pub testing: bool,
    /// Print JSON (never with the private key in it).
    #[arg(long)]
    pub json: bool,
}

/// `authlens dkim keygen`.
pub fn dkim_keygen(args: DkimKeygenArgs) -> ExitCode {
    let Some(key_type) = KeyType::parse(&args.key_type) else {
        return bad(format!("--type {:?}: use rsa or ed25519", args.key_type));
    };
    let b = DkimBuilder {
        domain: args.domain.clone(),
        selector: args.selector.clone(),
        key_type,
        bits: if key_type == KeyType::Rsa {
            args.bits
        } else {
            dkim_build::DEFAULT_BITS
        },
        testing: args.testing,
        strict: false,
        provider: None,
    };
    if let Err(e) = b.check() {
        return bad_inputs(&e);
    }
    // Refuse before spending time on the key.
    if let Some(path) = &args.out {
        if path.exists() && !args.force {
            return bad(format!(
                "--out {}: the file exists; give --force to overwrite it",
                path.display()
            ));
        }
    }
    let key = match b.generate(&mut getrandom::SysRng) {
        Ok(k) => k,
        Err(KeygenError::Input(e)) => return bad_inputs(&e),
        Err(e) => {
            eprintln!("authlens: {e}");
            return ExitCode::from(1);
        }
    };
    if let Some(path) = &args.out {
        if let Err(e) = write_private(path, &key.private_key_pem, args.force) {
            eprintln!("authlens: --out {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let report = if args.json {
        serde_json::to_string_pretty(&serde_json::json!({
            "key": key,
            "private_key_file": args.out.as_ref().map(|p| p.display().to_string()),
            "query": b.to_query(),
        }))
        .unwrap_or_default()
            + "\n"
    } else {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{} key for {}{}",
            match key.key_type {
                KeyType::Rsa => format!("RSA {}-bit", key.bits),
                KeyType::Ed25519 => "Ed25519".to_string(),
            },
            key.domain,
            args.out
                .as_ref()
                .map(|p| format!(", private key written to {} (mode 0600)", p.display()))
                .unwrap_or_default()
        );
        let _ = writeln!(o, "\npublish:");
        write_txt(&mut o, &key.record);
        let _ = writeln!(o, "\n{}", key.key_type.consequence());
        write_findings(&mut o, &key.findings);
        let _ = writeln!(o, "\nrotation:");
        for (i, s) in dkim_build::ROTATION.iter().enumerate() {
            let _ = writeln!(o, "  {}. {}: {}", i + 1, s.title, s.detail);
        }
        o
    };
    if args.stdout {
        // Standard output holds the key alone, so that it can be redirected.
        print!("{}", key.private_key_pem);
        eprint!("{}", authlens_engine::text::visible_lines(&report));
    } else {
        crate::print_text(&report);
    }
    ExitCode::SUCCESS
}

/// Writes the private key readable by its owner only. Without `force` the file must not exist
/// (checked again here, atomically, against a file that appeared since).
fn write_private(path: &Path, pem: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    if force {
        opts.create(true).truncate(true);
    } else {
        opts.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    // An existing file keeps its mode when truncated: make it the owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    f.write_all(pem.as_bytes())?;
    f.sync_all()
}

// ---------------------------------------------------------------------------------------------
// authlens mtasts build

/// `authlens mtasts build DOMAIN --mode enforce --rua tls@example.com`
#[derive(clap::Args, Debug, Clone)]
pub struct MtastsBuildArgs {
    pub domain: String,
    /// testing, enforce or none.
    #[arg(long, default_value = "testing")]
    pub mode: String,
    /// An mx: pattern (repeat); without one, patterns are made from the domain's MX hosts.
    #[arg(long = "mx", value_name = "PATTERN")]
    pub mx: Vec<String>,
    /// Seconds senders keep the policy.
    #[arg(long, default_value_t = 604_800, value_name = "SECONDS")]
    pub max_age: u32,
    /// The record's id (1 to 32 letters and digits); default: the current time, UTC.
    #[arg(long)]
    pub id: Option<String>,
    /// Where TLS reports go: a mail address or an https:// URL (repeat).
    #[arg(long, value_name = "URI")]
    pub rua: Vec<String>,
    /// Write the policy file here as well.
    #[arg(long, value_name = "FILE")]
    pub policy_out: Option<PathBuf>,
    /// Do not ask DNS: no MX lookup, no comparison with what is published.
    #[arg(long)]
    pub offline: bool,
    #[arg(long)]
    pub json: bool,
}

/// `authlens mtasts build`.
pub fn mtasts_build(
    args: MtastsBuildArgs,
    resolver: &SessionCache<HttpResolver>,
    provider: &Provider,
) -> ExitCode {
    let domain = match parse_domain(&args.domain) {
        Ok(d) => d,
        Err(e) => return bad(format!("{:?}: {e}", args.domain)),
    };
    let Some(mode) = Mode::parse(args.mode.trim()) else {
        return bad(format!(
            "--mode {:?}: use testing, enforce or none",
            args.mode
        ));
    };
    let id = args.id.clone().unwrap_or_else(|| {
        sts_build::id_from_unix(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
        )
    });
    let memo = Memo::new(resolver);
    let mx_hosts: Vec<String> = if args.offline {
        Vec::new()
    } else {
        futures::executor::block_on(authlens_engine::mx::check(&memo, &domain)).exchanges()
    };
    let mut patterns = values(&args.mx);
    if patterns.is_empty() {
        patterns = sts_build::suggest_mx(&mx_hosts);
    }
    let b = MtaStsBuilder {
        domain: domain.clone(),
        mode,
        mx: patterns,
        max_age: args.max_age,
        id,
        rua: values(&args.rua),
    };
    let out = b.build(&mx_hosts);
    if !out.input_errors.is_empty() {
        return bad_inputs(&out.input_errors);
    }
    if let (Some(path), Some(p)) = (&args.policy_out, &out.policy) {
        if let Err(e) = std::fs::write(path, &p.text) {
            eprintln!("authlens: --policy-out {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let (mut record_cmp, mut tls_cmp) = (None, None);
    if !args.offline {
        let sts = futures::executor::block_on(authlens_engine::mtasts::check(&memo, &domain));
        let tls = futures::executor::block_on(authlens_engine::tlsrpt::check(&memo, &domain));
        if sts.status != "dns-error" {
            if let Some(r) = &out.record {
                record_cmp = Some(sts_build::compare_record(
                    &r.text,
                    sts.records.first().map(String::as_str),
                ));
            }
        }
        if tls.status != "dns-error" {
            if let Some(r) = &out.tls_rpt {
                tls_cmp = Some(sts_build::compare_tls_rpt(
                    &r.text,
                    tls.records.first().map(String::as_str),
                ));
            }
        }
    }
    if args.json {
        print_json(&serde_json::json!({
            "resolver": (!args.offline).then(|| provider.endpoint()),
            "builder": b,
            "query": b.to_query(),
            "mx_hosts": mx_hosts,
            "output": out,
            "comparison": { "record": record_cmp, "tls_rpt": tls_cmp },
        }));
    } else {
        let mut o = String::new();
        if let Some(r) = &out.record {
            write_txt(&mut o, r);
        }
        if let Some(p) = &out.policy {
            let _ = writeln!(
                o,
                "\npolicy file, at {} (Content-Type {}):",
                p.url, p.content_type
            );
            for line in p.text.lines() {
                let _ = writeln!(o, "  {line}");
            }
        }
        if let Some(t) = &out.tls_rpt {
            let _ = writeln!(o);
            write_txt(&mut o, t);
        }
        if !mx_hosts.is_empty() {
            let _ = writeln!(o, "\nMX hosts: {}", mx_hosts.join(", "));
        }
        let _ = writeln!(o, "\nhow to publish:");
        for (i, h) in out.hosting.iter().enumerate() {
            let _ = writeln!(o, "  {}. {h}", i + 1);
        }
        write_findings(&mut o, &out.findings);
        if let Some(c) = &record_cmp {
            let _ = writeln!(o);
            write_comparison(&mut o, "MTA-STS record", c);
        }
        if let Some(c) = &tls_cmp {
            write_comparison(&mut o, "TLS-RPT record", c);
        }
        crate::print_text(&o);
    }
    if has_error(&out.findings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
