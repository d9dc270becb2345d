//! `authlens inspect DOMAIN`: the whole domain page in a terminal, or as JSON.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use authlens_engine::diag::Finding;
use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::doh::Provider;
use authlens_engine::domain::compare::{self, Comparison};
use authlens_engine::domain::{self, DomainReport, Options};
use authlens_engine::mtasts::{self, PolicyOutcome};
use authlens_engine::name::parse_domain;

use crate::resolver::HttpResolver;

/// What `inspect` was asked.
pub struct Args {
    pub domain: String,
    pub selectors: Vec<String>,
    pub json: bool,
    pub markdown: bool,
    pub strict: bool,
    pub no_policy_fetch: bool,
    pub policy_url: Option<String>,
    pub compare: Option<String>,
    pub timeout: Duration,
}

/// Reads the MTA-STS policy file over HTTPS (RFC 8461 §3.3: no redirects, 64 KiB at most).
fn fetch_policy(url: &str, timeout: Duration) -> PolicyOutcome {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("authlens/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut resp = match agent.get(url).call() {
        Ok(r) => r,
        Err(e) => {
            return PolicyOutcome::Unreachable {
                reason: format!("cannot fetch {url}: {e}"),
            }
        }
    };
    let status = resp.status().as_u16();
    let ctype = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = match resp
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
    {
        Ok(b) => b,
        Err(e) => {
            return PolicyOutcome::Unreachable {
                reason: format!("the policy file could not be read: {e}"),
            }
        }
    };
    mtasts::policy_from_http(status, ctype.as_deref(), &body)
}

pub fn run(args: Args, resolver: &SessionCache<HttpResolver>, provider: &Provider) -> ExitCode {
    let domain = match parse_domain(&args.domain) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("authlens: {:?}: {e}", args.domain);
            return ExitCode::from(2);
        }
    };
    let second = match args.compare.as_deref().map(Provider::parse) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            eprintln!("authlens: --compare: {e}");
            return ExitCode::from(2);
        }
        None => None,
    };
    let opts = Options {
        selectors: args.selectors.clone(),
    };
    let mut report = futures::executor::block_on(domain::inspect(resolver, &domain, &opts));
    if report.mta_sts.has_record() && !args.no_policy_fetch {
        let url = args
            .policy_url
            .clone()
            .unwrap_or_else(|| report.mta_sts.policy_url.clone());
        report = report.with_mta_sts_policy(fetch_policy(&url, args.timeout));
    }
    let comparison = second.map(|p| {
        let other = SessionCache::new(HttpResolver::new(p.clone(), args.timeout));
        futures::executor::block_on(compare::compare(
            provider.label(),
            &resolver.answered(),
            p.label(),
            &other,
        ))
    });
    let resolver_failed = report
        .lookups
        .iter()
        .any(|l| matches!(l.status, "temporary" | "malformed"));
    if args.json {
        let mut v = serde_json::to_value(&report).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("resolver".into(), provider.endpoint().into());
            if let Some(c) = &comparison {
                o.insert(
                    "comparison".into(),
                    serde_json::to_value(c).unwrap_or_default(),
                );
            }
        }
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else if args.markdown {
        crate::print_text(&domain::markdown(&report));
    } else {
        crate::print_text(&render(&report, provider, comparison.as_ref()));
    }
    if resolver_failed || (args.strict && report.summary.errors > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn findings(o: &mut String, list: &[Finding]) {
    for f in list {
        let _ = writeln!(o, "  {:<7} {}  {}", f.severity.as_str(), f.code, f.message);
    }
}

fn render(r: &DomainReport, provider: &Provider, comparison: Option<&Comparison>) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} (resolver: {})\n", r.domain, provider.label());
    for l in &r.summary.lines {
        let _ = writeln!(o, "  {:<8} {:<8} {}", l.protocol, l.status, l.verdict);
    }
    let journey: Vec<String> = r
        .summary
        .journey
        .iter()
        .map(|s| format!("{} {}", s.mark(), s.label()))
        .collect();
    let _ = writeln!(o, "\nhardening: {}", journey.join(" → "));
    let _ = writeln!(o, "next: {}", r.summary.next_action);

    let _ = writeln!(
        o,
        "\nSPF  {}/{} lookups, {}/{} void",
        r.spf.lookups, r.spf.max_lookups, r.spf.void_lookups, r.spf.max_void_lookups
    );
    if let Some(rec) = &r.spf.root.record {
        let _ = writeln!(o, "  {}", rec.text);
    }
    findings(&mut o, &r.spf.findings);

    let _ = writeln!(o, "\nDMARC");
    if let Some(rec) = &r.dmarc.record {
        let _ = writeln!(
            o,
            "  _dmarc.{}: {}",
            r.dmarc.policy_domain.as_deref().unwrap_or(&r.dmarc.domain),
            rec.text
        );
    }
    findings(&mut o, &r.dmarc.findings);

    let _ = writeln!(o, "\nDKIM  {} selectors tried", r.dkim.tried);
    for p in &r.dkim.probes {
        // The state, not the DNS status: a revoked key or a standby selector says so.
        let key = p.key_text().unwrap_or_default();
        let _ = writeln!(
            o,
            "  {:<12} {:<10} {}  {key}",
            p.selector,
            p.state.as_str(),
            p.name
        );
        for c in &p.cname_chain {
            let _ = writeln!(o, "    CNAME -> {c}");
        }
        findings(&mut o, &p.findings);
    }
    findings(&mut o, &r.dkim.findings);

    let _ = writeln!(o, "\nMX");
    for h in &r.mx.hosts {
        let addrs: Vec<String> = h
            .ipv4
            .iter()
            .map(|a| a.to_string())
            .chain(h.ipv6.iter().map(|a| a.to_string()))
            .collect();
        let _ = writeln!(
            o,
            "  {:>5} {}  {}",
            h.preference,
            h.exchange,
            addrs.join(" ")
        );
    }
    findings(&mut o, &r.mx.findings);

    for (name, text, list) in [
        (
            "MTA-STS",
            r.mta_sts.record.as_ref().map(|x| x.text.clone()),
            &r.mta_sts.findings,
        ),
        (
            "TLS-RPT",
            r.tls_rpt.record.as_ref().map(|x| x.text.clone()),
            &r.tls_rpt.findings,
        ),
        (
            "BIMI",
            r.bimi.record.as_ref().map(|x| x.text.clone()),
            &r.bimi.findings,
        ),
    ] {
        let _ = writeln!(o, "\n{name}");
        if let Some(t) = text {
            let _ = writeln!(o, "  {t}");
        }
        if name == "MTA-STS" {
            if let Some(p) = r.mta_sts.fetched_policy() {
                for line in p.text.lines() {
                    let _ = writeln!(o, "  | {line}");
                }
            }
        }
        findings(&mut o, list);
    }
    findings(&mut o, &r.cross_findings);

    let _ = writeln!(o, "\nDNSSEC  {}", r.dnssec.status);
    let _ = writeln!(o, "\nDNS records");
    for l in &r.lookups {
        let dnssec = if l.authenticated {
            "DNSSEC validated"
        } else {
            "not DNSSEC-validated"
        };
        let _ = writeln!(o, "  {} {}  [{}]", l.name, l.rtype, dnssec);
        for target in &l.cname_chain {
            let _ = writeln!(o, "    CNAME -> {target}");
        }
        match &l.error {
            Some(e) => {
                let _ = writeln!(o, "    {}: {e}", l.status.to_uppercase());
            }
            None => {
                for rec in &l.records {
                    let _ = writeln!(o, "    {}", rec.presentation());
                }
            }
        }
    }
    if let Some(c) = comparison {
        let _ = writeln!(
            o,
            "\n{} vs {}: {} of {} answers agree",
            c.first, c.second, c.same, c.compared
        );
        for d in &c.differences {
            let _ = writeln!(o, "  {} {}: {}", d.name, d.rtype, d.what);
            let _ = writeln!(o, "    {}: {}", c.first, d.first.records.join(" | "));
            let _ = writeln!(o, "    {}: {}", c.second, d.second.records.join(" | "));
        }
    }
    let _ = writeln!(
        o,
        "\n{} error(s), {} warning(s)",
        r.summary.errors, r.summary.warnings
    );
    o
}
