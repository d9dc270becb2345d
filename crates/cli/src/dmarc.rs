//! `authlens dmarc check|lint|build`.

use std::fmt::Write as _;
use std::process::ExitCode;

use authlens_engine::diag::{Finding, Severity};
use authlens_engine::dmarc::assess::Enforcement;
use authlens_engine::dmarc::build::DmarcBuilder;
use authlens_engine::dmarc::plan::{self, Ramp};
use authlens_engine::dmarc::{self, Alignment, Policy};
use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::doh::Provider;
use authlens_engine::name::parse_domain;

use crate::resolver::HttpResolver;
use crate::DmarcCommand;

fn bad(msg: String) -> ExitCode {
    eprintln!("authlens: {msg}");
    ExitCode::from(2)
}

fn exit_for(findings: &[Finding]) -> ExitCode {
    if findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_findings(o: &mut String, findings: &[Finding]) {
    if !findings.is_empty() {
        let _ = writeln!(o, "findings:");
        for f in findings {
            let _ = writeln!(o, "  {:<7} {}  {}", f.severity.as_str(), f.code, f.message);
        }
    }
}

fn policy_arg(name: &str, v: &str) -> Result<Policy, String> {
    Policy::parse(v).ok_or_else(|| format!("--{name} {v:?}: use none, quarantine or reject"))
}

pub fn run(
    cmd: DmarcCommand,
    resolver: &SessionCache<HttpResolver>,
    provider: &Provider,
) -> ExitCode {
    match cmd {
        DmarcCommand::Check { domain, json } => {
            let domain = match parse_domain(&domain) {
                Ok(d) => d,
                Err(e) => return bad(format!("{domain:?}: {e}")),
            };
            let d = futures::executor::block_on(dmarc::discover(resolver, &domain));
            // RFC 7489's answer beside RFC 9989's, from the list the page also serves.
            let psl = authlens_engine::psl::List::parse(include_str!(
                "../../../public/public_suffix_list.dat"
            ))
            .registrable_domain(&domain);
            if json {
                let out = serde_json::json!({
                    "resolver": provider.endpoint(),
                    "dmarc": d,
                    "assessment": d.assessment(),
                    "psl_organizational_domain": psl,
                });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                let mut o = String::new();
                for s in &d.steps {
                    let _ = writeln!(
                        o,
                        "_dmarc.{}: {}{}",
                        s.domain,
                        s.status,
                        s.record
                            .as_deref()
                            .map(|r| format!("  {r}"))
                            .unwrap_or_default()
                    );
                }
                match (&d.policy_domain, d.effective_policy) {
                    (Some(pd), Some(p)) => {
                        let _ = writeln!(
                            o,
                            "\npolicy for {}: {} ({}= of the record at _dmarc.{pd})",
                            d.domain,
                            p.as_str(),
                            d.applies.unwrap_or("p")
                        );
                    }
                    _ => {
                        let _ = writeln!(o, "\nno DMARC policy applies to {}", d.domain);
                    }
                }
                let _ = writeln!(o, "{}: {}", d.assessment().status, d.assessment().headline);
                let _ = writeln!(
                    o,
                    "organizational domain: {} (RFC 9989 tree walk); {} (RFC 7489 Public Suffix List)",
                    d.organizational_domain,
                    psl.as_deref().unwrap_or("a public suffix")
                );
                for a in &d.report_authorizations {
                    let state = match a.authorized {
                        Some(true) => "authorized",
                        Some(false) => "NOT authorized",
                        None => "unknown (DNS error)",
                    };
                    let _ = writeln!(o, "report address {}: {state} ({})", a.uri, a.record_name);
                }
                print_findings(&mut o, &d.findings);
                crate::print_text(&o);
            }
            exit_for(&d.findings)
        }
        DmarcCommand::Lint { record, json } => {
            let r = dmarc::parse(&record);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "record": r }))
                        .unwrap_or_default()
                );
            } else {
                let e = Enforcement::of_record(&r);
                let mut o = format!(
                    "policy {} · subdomains {} · non-existent subdomains {} · adkim={} aspf={}\n{}: {}\n",
                    r.effective_policy().as_str(),
                    r.effective_subdomain_policy().as_str(),
                    r.effective_nonexistent_policy().as_str(),
                    r.effective_dkim_alignment().as_str(),
                    r.effective_spf_alignment().as_str(),
                    e.written(),
                    e.account()
                );
                print_findings(&mut o, &r.findings);
                crate::print_text(&o);
            }
            exit_for(&r.findings)
        }
        DmarcCommand::Build {
            policy,
            subdomain_policy,
            nonexistent_policy,
            rua,
            ruf,
            strict_dkim,
            strict_spf,
            testing,
            pct,
            json,
        } => {
            let mut b = match policy_arg("p", &policy) {
                Ok(p) => DmarcBuilder::new(p),
                Err(e) => return bad(e),
            };
            for (name, v, slot) in [
                ("sp", subdomain_policy, &mut b.subdomain_policy),
                ("np", nonexistent_policy, &mut b.nonexistent_policy),
            ] {
                if let Some(v) = v {
                    match policy_arg(name, &v) {
                        Ok(p) => *slot = Some(p),
                        Err(e) => return bad(e),
                    }
                }
            }
            for (name, list, slot) in [("rua", rua, &mut b.rua), ("ruf", ruf, &mut b.ruf)] {
                for a in list {
                    let a = a.trim().trim_start_matches("mailto:").to_string();
                    if let Err(e) = DmarcBuilder::valid_address(&a) {
                        return bad(format!("--{name}: {e}"));
                    }
                    slot.push(a);
                }
            }
            b.dkim_alignment = strict_dkim.then_some(Alignment::Strict);
            b.spf_alignment = strict_spf.then_some(Alignment::Strict);
            b.testing = testing;
            b.pct = pct;
            let text = b.render();
            if json {
                let e = Enforcement::of_record(&dmarc::parse(&text));
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({
                        "name": "_dmarc.<domain>",
                        "record": text,
                        "enforcement": e,
                    }))
                    .unwrap_or_default()
                );
            } else {
                println!("{text}");
            }
            ExitCode::SUCCESS
        }
        DmarcCommand::Plan {
            rua,
            ruf,
            subdomain_policy,
            nonexistent_policy,
            ramp,
            steps,
            domain,
            json,
        } => {
            let Some(ramp) = Ramp::parse(&ramp) else {
                return bad(format!("--ramp {ramp:?}: use testing, pct or both"));
            };
            let mut b = DmarcBuilder::new(Policy::None);
            for (name, v, slot) in [
                ("sp", subdomain_policy, &mut b.subdomain_policy),
                ("np", nonexistent_policy, &mut b.nonexistent_policy),
            ] {
                if let Some(v) = v {
                    match policy_arg(name, &v) {
                        Ok(p) => *slot = Some(p),
                        Err(e) => return bad(e),
                    }
                }
            }
            for (name, list, slot) in [("rua", rua, &mut b.rua), ("ruf", ruf, &mut b.ruf)] {
                for a in list {
                    let a = a.trim().trim_start_matches("mailto:").to_string();
                    if let Err(e) = DmarcBuilder::valid_address(&a) {
                        return bad(format!("--{name}: {e}"));
                    }
                    slot.push(a);
                }
            }
            let stages = plan::rollout(&b, ramp, &steps);
            let published = match domain {
                Some(d) => match parse_domain(&d) {
                    Ok(d) => Some(futures::executor::block_on(dmarc::discover(resolver, &d))),
                    Err(e) => return bad(format!("{d:?}: {e}")),
                },
                None => None,
            };
            let assessment = published.as_ref().map(|d| d.assessment());
            let here = assessment
                .as_ref()
                .and_then(|a| a.enforcement.as_ref())
                .and_then(|e| plan::you_are_here(&stages, e));
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({
                        "ramp": ramp.as_str(),
                        "stages": stages,
                        "published": assessment,
                        "you_are_here": here,
                    }))
                    .unwrap_or_default()
                );
            } else {
                let mut o = String::new();
                if let (Some(d), Some(a)) = (&published, &assessment) {
                    let _ = writeln!(o, "{}: {}\n", d.domain, a.headline);
                }
                for s in &stages {
                    let mark = if here == Some(s.number) {
                        "  <- you are here"
                    } else {
                        ""
                    };
                    let _ = writeln!(o, "{}. {} ({}){mark}", s.number, s.title, s.duration);
                    let _ = writeln!(o, "   {}", s.record);
                    let _ = writeln!(o, "   {}", s.account);
                    let _ = writeln!(o, "   before the next step: {}\n", s.watch);
                }
                crate::print_text(&o);
            }
            ExitCode::SUCCESS
        }
    }
}
