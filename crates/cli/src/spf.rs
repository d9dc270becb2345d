//! `authlens spf check` and `authlens spf tree`.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::process::ExitCode;

use authlens_engine::diag::Severity;
use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::doh::Provider;
use authlens_engine::name::parse_domain;
use authlens_engine::spf::tree::{self, Node, NodeStatus, Tree};
use authlens_engine::spf::{check_mail_from, Evaluation, Options};

use crate::resolver::HttpResolver;
use crate::SpfCommand;

fn bad(msg: String) -> ExitCode {
    eprintln!("authlens: {msg}");
    ExitCode::from(2)
}

fn print_json<T: serde::Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

pub fn run(
    cmd: SpfCommand,
    resolver: &SessionCache<HttpResolver>,
    provider: &Provider,
) -> ExitCode {
    match cmd {
        SpfCommand::Build(args) => crate::build::spf_build(args, resolver, provider),
        SpfCommand::Check {
            ip,
            sender,
            helo,
            json,
        } => {
            let ip: IpAddr = match ip.trim().parse() {
                Ok(ip) => ip,
                Err(_) => return bad(format!("--ip {ip:?} is not an IPv4 or IPv6 address")),
            };
            if sender.trim().is_empty() && helo.trim().is_empty() {
                return bad("give --sender, or --helo for a bounce (empty sender)".into());
            }
            let domain_part = if sender.trim().is_empty() {
                helo.trim().to_string()
            } else {
                sender
                    .rsplit_once('@')
                    .map_or(sender.trim(), |(_, d)| d)
                    .trim_end_matches('>')
                    .to_string()
            };
            if let Err(e) = parse_domain(&domain_part) {
                return bad(format!("the domain {domain_part:?} of the sender: {e}"));
            }
            let opts = Options {
                now: std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0),
                ..Options::default()
            };
            let e =
                futures::executor::block_on(check_mail_from(resolver, ip, &sender, &helo, &opts));
            if json {
                let out = serde_json::json!({ "resolver": provider.endpoint(), "spf": e });
                print_json(&out);
            } else {
                crate::print_text(&render_check(&e));
            }
            ExitCode::SUCCESS
        }
        SpfCommand::Tree { domain, json } => {
            let domain = match parse_domain(&domain) {
                Ok(d) => d,
                Err(e) => return bad(format!("{domain:?}: {e}")),
            };
            let t = futures::executor::block_on(tree::inspect(resolver, &domain));
            if json {
                let out = serde_json::json!({
                    "resolver": provider.endpoint(),
                    "domain": domain,
                    "result": t.fixed_result(),
                    "tree": t,
                });
                print_json(&out);
            } else {
                crate::print_text(&render_tree(&t));
            }
            if t.findings.iter().any(|f| f.severity == Severity::Error) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn render_check(e: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "SPF result: {}", e.result.as_str());
    let _ = writeln!(
        out,
        "  domain {}  sender {}  ip {}  helo {}",
        e.domain, e.sender, e.ip, e.helo
    );
    let _ = writeln!(out, "  {}", e.reason);
    match (&e.exp, &e.explanation) {
        (Some(at), Some(x)) => {
            let _ = writeln!(out, "  explanation (exp= at {at}): {x}");
        }
        (Some(at), None) => {
            let _ = writeln!(out, "  explanation (exp= at {at}): none published there");
        }
        (None, Some(x)) => {
            let _ = writeln!(out, "  explanation: {x}");
        }
        (None, None) => {}
    }
    let _ = writeln!(
        out,
        "  DNS-querying terms {}/10, void lookups {}/2, queries sent {}",
        e.lookups, e.void_lookups, e.queries
    );
    let _ = writeln!(out, "trace:");
    for s in &e.trace {
        let indent = "  ".repeat(s.depth as usize + 1);
        let term = match (&s.term, &s.target) {
            (Some(t), Some(to)) => format!("{t} → {to}: "),
            (Some(t), None) => format!("{t}: "),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{indent}[{}] {term}{}  ({}/10, void {}/2)",
            s.domain, s.detail, s.lookups, s.void_lookups
        );
    }
    out
}

fn render_tree(t: &Tree) -> String {
    let mut out = String::new();
    fn node(n: &Node, prefix: &str, last: bool, root: bool, out: &mut String) {
        let branch = if root {
            ""
        } else if last {
            "└─ "
        } else {
            "├─ "
        };
        let via = n
            .via
            .as_deref()
            .map(|v| format!("{v} → "))
            .unwrap_or_default();
        let status = match n.status {
            NodeStatus::Ok => String::new(),
            other => format!(
                "  [{}]",
                serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            ),
        };
        let _ = writeln!(
            out,
            "{prefix}{branch}{via}{}  (lookups {} here, {} with includes; void {}){status}",
            n.domain, n.lookups, n.lookups_total, n.void_lookups_total
        );
        let child_prefix = if root {
            String::new()
        } else {
            format!("{prefix}{}", if last { "   " } else { "│  " })
        };
        if let Some(r) = &n.record {
            let _ = writeln!(
                out,
                "{child_prefix}{}  {}",
                if n.children.is_empty() {
                    "   "
                } else {
                    "│  "
                },
                r.text
            );
        }
        for (i, c) in n.children.iter().enumerate() {
            node(c, &child_prefix, i + 1 == n.children.len(), false, out);
        }
    }
    node(&t.root, "", true, true, &mut out);
    let _ = if t.multiple.is_some() {
        writeln!(out, "\nevery sender gets: permerror")
    } else {
        writeln!(
            out,
            "\nDNS-querying terms: {}/{}   void lookups: {}/{}{}",
            t.lookups,
            t.max_lookups,
            t.void_lookups,
            t.max_void_lookups,
            t.fixed_result()
                .map(|r| format!("   every sender gets: {r}"))
                .unwrap_or_default()
        )
    };
    if let Some(e) = &t.exp {
        let _ = writeln!(
            out,
            "{}: explanation with a fail, at {}: {}",
            e.term,
            e.domain,
            e.text.as_deref().unwrap_or(if e.per_message {
                "(a name expanded for each message)"
            } else {
                "(not exactly one TXT record there: receivers give none)"
            })
        );
    }
    if let Some(m) = &t.multiple {
        let _ = writeln!(
            out,
            "{} SPF records: evaluation stops before any lookup; each alone, and merged:",
            m.records.len()
        );
        for (i, r) in m.records.iter().enumerate() {
            let _ = writeln!(
                out,
                "  record {}: {}/{} lookups, void {}/{}  {}",
                i + 1,
                r.lookups,
                t.max_lookups,
                r.void_lookups,
                t.max_void_lookups,
                r.text
            );
        }
        let _ = writeln!(
            out,
            "  merged:   {}/{} lookups, void {}/{}  {}",
            m.merged.lookups,
            t.max_lookups,
            m.merged.void_lookups,
            t.max_void_lookups,
            m.merged.text
        );
    }
    if !t.findings.is_empty() {
        let _ = writeln!(out, "findings:");
        for f in &t.findings {
            let _ = writeln!(
                out,
                "  {:<7} {}  {}",
                f.severity.as_str(),
                f.code,
                f.message
            );
        }
    }
    out
}
