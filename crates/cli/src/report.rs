//! `authlens report FILE... [--json] [--rdns] [--senders]`: DMARC aggregate reports (.xml,
//! .xml.gz, .zip), added up; with `--senders`, who each source is. TLS-RPT reports and mail
//! holding reports (.eml, .mbox, with failure reports) are read by [`crate::report_mail`].
//!
//! Exit status: 0 when every file gave a report (even cut short: the finding says so), 1 when a
//! file could not be read at all (missing, unreadable, not a report, past a limit), 2 for bad
//! usage.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::process::ExitCode;

use authlens_engine::aggregate::senders::Label;
use authlens_engine::aggregate::{
    impact, next_step, summarize, FailureKind, FileRead, Impact, Options, Row, SourceTotal, Totals,
};
use authlens_engine::dns::Resolver;
use serde::Serialize;

/// How many rows, groups and sources the text output lists; `--json` has them all.
pub(crate) const SHOWN: usize = 40;
/// How many sources get a reverse lookup with `--rdns`.
const RDNS_MAX: usize = 60;
/// How many sources `--senders` labels (most messages first); the rest are counted.
const SENDERS_MAX: usize = 500;

/// What `--json` prints.
#[derive(Serialize)]
struct Output<'a> {
    files: Vec<FileOut<'a>>,
    totals: &'a Totals,
    /// What the next step of the rollout would do to the failing mail.
    impact: &'a Impact,
    /// With `--rdns`: PTR names by address (`{"names": [...]}`, empty without a PTR record), or
    /// why the lookup failed (`{"error": "..."}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    reverse_dns: Option<BTreeMap<String, Ptr>>,
    /// With `--senders`: each source labelled and grouped.
    #[serde(skip_serializing_if = "Option::is_none")]
    senders: Option<Senders>,
    /// The TLS-RPT reports (RFC 8460) among the files and in the mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    tls: Option<TlsOut<'a>>,
    /// Each `.eml` or `.mbox`: what was found in it and what was skipped.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    mail: &'a [authlens_engine::mail::Found],
    /// The failure reports found in the mail, each with its enclosed message checked.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    failure_reports: &'a [crate::report_mail::FailureOut],
}

/// The TLS-RPT files and their totals.
#[derive(Serialize)]
struct TlsOut<'a> {
    files: &'a [authlens_engine::tls_report::TlsFileRead],
    totals: authlens_engine::tls_report::Totals,
}

/// `--senders`: each source's reverse name, network and service, grouped as the domain's own or
/// unknown, and the DKIM selectors the reports show.
#[derive(Serialize)]
struct Senders {
    labels: Vec<Label>,
    /// Sources past [`SENDERS_MAX`], not labelled.
    not_labelled: usize,
    /// Catalogue includes whose SPF record gave no range (not published, or not answered).
    includes_unread: Vec<String>,
    /// The DKIM selectors the reports show, per policy domain.
    selectors: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
struct Ptr {
    #[serde(skip_serializing_if = "Option::is_none")]
    names: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// A file without the records of its reports (the totals carry them, grouped).
#[derive(Serialize)]
struct FileOut<'a> {
    #[serde(flatten)]
    file: &'a FileRead,
    read: bool,
}

/// What to ask the resolver about the sources.
#[derive(Clone, Copy, Default)]
pub struct Lookups {
    /// `--rdns`: PTR names of the sources that matter (the failing ones first).
    pub rdns: bool,
    /// `--senders`: every source labelled ([`authlens_engine::aggregate::senders`]).
    pub senders: bool,
}

/// Reads `files` and prints their totals. The resolver is asked only what `lookups` says, and the
/// DKIM keys and DMARC policies of failure reports' enclosed messages.
pub fn run<R: Resolver>(files: &[String], json: bool, resolver: &R, lookups: Lookups) -> ExitCode {
    go(files, json, resolver, lookups)
}

fn go<R: Resolver>(files: &[String], json: bool, resolver: &R, lookups: Lookups) -> ExitCode {
    if files.is_empty() {
        eprintln!("authlens: report: give one or more report files (.xml, .xml.gz, .zip, TLS-RPT .json, .json.gz, or .eml / .mbox holding reports)");
        return ExitCode::from(2);
    }
    let options = Options::default();
    let inputs = crate::report_mail::read_inputs(files, &options, resolver);
    let read = &inputs.aggregate;
    let failed = inputs.failed;
    let tls = (!inputs.tls.is_empty()).then(|| TlsOut {
        totals: authlens_engine::tls_report::summarize(inputs.tls.iter().flat_map(|f| &f.reports)),
        files: &inputs.tls,
    });
    let totals = summarize(read.iter().flat_map(|f| &f.reports));
    let step = next_step(&totals);
    let imp = impact(&totals, step);
    let rdns = lookups.rdns.then(|| {
        let r = resolver;
        let ips = rdns_candidates(&totals, &imp);
        let got = futures::executor::block_on(authlens_engine::aggregate::reverse_names(r, &ips));
        got.into_iter()
            .map(|(ip, answer)| {
                let (names, error) = match answer {
                    Ok(n) => (Some(n), None),
                    Err(e) => (None, Some(e)),
                };
                (ip.to_string(), Ptr { names, error })
            })
            .collect::<BTreeMap<_, _>>()
    });
    let senders = lookups.senders.then(|| label_senders(resolver, &totals));
    if json {
        let out = Output {
            files: read
                .iter()
                .map(|f| FileOut {
                    file: f,
                    read: f.is_read(),
                })
                .collect(),
            totals: &totals,
            impact: &imp,
            reverse_dns: rdns,
            senders,
            tls,
            mail: &inputs.mail,
            failure_reports: &inputs.failures,
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        let mut text = String::new();
        if !read.is_empty() {
            text = render(read, &totals, &imp, rdns.as_ref());
        }
        if let Some(s) = &senders {
            render_senders(&mut text, s);
        }
        if let Some(t) = &tls {
            crate::report_mail::render_tls(&mut text, t.files, &t.totals);
        }
        crate::report_mail::render_mail(&mut text, &inputs.mail, &inputs.failures);
        crate::print_text(&text);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Labels the busiest [`SENDERS_MAX`] sources: their PTR names, networks and the catalogue's
/// ranges asked at once.
fn label_senders<R: Resolver>(r: &R, totals: &Totals) -> Senders {
    use authlens_engine::aggregate::senders;
    let mut seen = senders::seen(totals);
    let not_labelled = seen.len().saturating_sub(SENDERS_MAX);
    seen.truncate(SENDERS_MAX);
    let ips: Vec<IpAddr> = seen.iter().filter_map(|s| s.ip).collect();
    let (ptrs, nets, (ranges, includes_unread)) = futures::executor::block_on(async {
        futures::join!(
            authlens_engine::aggregate::reverse_names(r, &ips),
            senders::networks(r, &ips),
            senders::service_ranges(r)
        )
    });
    let labels = senders::label(&seen, &ptrs, &nets, &ranges, &totals.domains);
    let selectors = totals
        .domains
        .iter()
        .map(|d| (d.clone(), senders::selectors_for(&seen, d)))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    Senders {
        labels,
        not_labelled,
        includes_unread,
        selectors,
    }
}

/// The `--senders` section of the text output: the domain's own services, then the unknown.
fn render_senders(o: &mut String, s: &Senders) {
    use authlens_engine::aggregate::senders::Group;
    for (group, title) in [
        (
            Group::Yours,
            "Your services (a known service, or authenticating as your domain)",
        ),
        (Group::Unknown, "Unknown senders"),
    ] {
        let members: Vec<&Label> = s.labels.iter().filter(|l| l.group == group).collect();
        let _ = writeln!(o, "\n{title}: {}", members.len());
        for l in members.iter().take(SHOWN) {
            let network = l.network.as_ref().map_or(String::new(), |n| match &n.name {
                Some(name) => format!("  AS{} {name}", n.asn),
                None => format!("  AS{} ({})", n.asn, n.country),
            });
            let failed = l
                .lookup_error
                .as_deref()
                .map_or(String::new(), |e| format!("  (lookup failed: {e})"));
            let _ = writeln!(
                o,
                "  {:<39} {:>9} messages  {:>9} failing  {}{}{}{}",
                ip(l.ip),
                num(l.messages),
                num(l.failing),
                l.because,
                l.ptr
                    .as_deref()
                    .map_or(String::new(), |p| format!("  ptr {p}")),
                network,
                failed
            );
        }
        if members.len() > SHOWN {
            let _ = writeln!(
                o,
                "  … {} more (--json lists them all)",
                members.len() - SHOWN
            );
        }
    }
    if s.not_labelled > 0 {
        let _ = writeln!(
            o,
            "  {} sources with fewer messages not labelled",
            s.not_labelled
        );
    }
    for (domain, sel) in &s.selectors {
        let _ = writeln!(
            o,
            "\nDKIM selectors in the reports for {domain}: {} (authlens inspect {domain} --selector {})",
            sel.join(", "),
            sel.join(",")
        );
    }
    if !s.includes_unread.is_empty() {
        let _ = writeln!(
            o,
            "\nNo address ranges from: {} (none published, only macros, or no answer): their senders are matched by domain only",
            s.includes_unread.join(", ")
        );
    }
}

/// The sources worth a PTR lookup: the failing groups, then the busiest sources.
fn rdns_candidates(t: &Totals, imp: &Impact) -> Vec<IpAddr> {
    let mut ips: Vec<IpAddr> = Vec::new();
    let all = imp
        .groups
        .iter()
        .filter_map(|g| g.source_ip)
        .chain(t.sources.iter().filter_map(|s| s.source_ip));
    for ip in all {
        if ips.len() >= RDNS_MAX {
            break;
        }
        if !ips.contains(&ip) {
            ips.push(ip);
        }
    }
    ips
}

/// 1234567 -> "1,234,567".
pub(crate) fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn pct(rate: Option<f64>) -> String {
    rate.map_or("-".into(), |r| format!("{:.1}%", r * 100.0))
}

fn ip(ip: Option<IpAddr>) -> String {
    ip.map_or("(unknown)".into(), |i| i.to_string())
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

type Rdns = BTreeMap<String, Ptr>;

fn ptr(rdns: Option<&Rdns>, ip: Option<IpAddr>) -> String {
    let Some(map) = rdns else {
        return String::new();
    };
    match ip.and_then(|i| map.get(&i.to_string())) {
        Some(Ptr {
            names: Some(names), ..
        }) if !names.is_empty() => format!("  [{}]", names.join(", ")),
        Some(Ptr { error: Some(e), .. }) => format!("  [PTR failed: {e}]"),
        Some(_) => "  [no PTR]".into(),
        None => String::new(),
    }
}

fn row_dkim(r: &Row) -> String {
    if r.auth_results.dkim.is_empty() {
        return "-".into();
    }
    r.auth_results
        .dkim
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                opt(&d.domain),
                d.result.map_or("?", |x| x.as_str())
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn row_spf(r: &Row) -> String {
    if r.auth_results.spf.is_empty() {
        return "-".into();
    }
    r.auth_results
        .spf
        .iter()
        .map(|s| {
            format!(
                "{}:{}",
                opt(&s.domain),
                s.result.map_or("?", |x| x.as_str())
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn source_line(o: &mut String, s: &SourceTotal, rdns: Option<&Rdns>) {
    let _ = writeln!(
        o,
        "  {:<39} {:>9} messages  {:>9} failing  pass {:>6}  from {}{}",
        ip(s.source_ip),
        num(s.results.messages),
        num(s.results.dmarc_fail),
        pct(s.dmarc_pass_rate),
        s.header_from.join(", "),
        ptr(rdns, s.source_ip)
    );
}

fn render(files: &[FileRead], t: &Totals, imp: &Impact, rdns: Option<&Rdns>) -> String {
    let mut o = String::new();
    let dup = if t.duplicates > 0 {
        format!(" ({} duplicates left out)", t.duplicates)
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        "Reports        {}{dup} from {} reporters, in {} files",
        num(t.reports),
        t.reporters.len(),
        files.len()
    );
    let _ = writeln!(o, "Domains        {}", t.domains.join(", "));
    if let Some(d) = &t.date_range {
        let _ = writeln!(o, "Dates          {} to {} (UTC)", d.begin_utc, d.end_utc);
    }
    for p in &t.policies {
        let _ = writeln!(
            o,
            "Policy seen    {}: p={}{}{}{}{} ({} reports)",
            opt(&p.domain),
            p.p.map_or("?", |x| x.as_str()),
            p.sp.map_or(String::new(), |x| format!(" sp={}", x.as_str())),
            p.np.map_or(String::new(), |x| format!(" np={}", x.as_str())),
            if p.testing == Some(true) { " t=y" } else { "" },
            p.pct.map_or(String::new(), |x| format!(" pct={x}")),
            p.reports
        );
    }
    let r = &t.results;
    let _ = writeln!(o, "Messages       {}", num(r.messages));
    let _ = writeln!(
        o,
        "DMARC pass     {} ({})   aligned DKIM {}  aligned SPF {}",
        num(r.dmarc_pass),
        pct(t.dmarc_pass_rate),
        num(r.dkim_aligned_pass),
        num(r.spf_aligned_pass)
    );
    let _ = writeln!(
        o,
        "Authenticated  DKIM pass {}  SPF pass {} (any domain)",
        num(r.dkim_pass),
        num(r.spf_pass)
    );
    let d = &t.dispositions;
    let _ = writeln!(
        o,
        "Dispositions   none {}  pass {}  quarantine {}  reject {}{}",
        num(d.none),
        num(d.pass),
        num(d.quarantine),
        num(d.reject),
        if d.unknown > 0 {
            format!("  unknown {}", num(d.unknown))
        } else {
            String::new()
        }
    );

    let _ = writeln!(o, "\nReporters");
    for rep in &t.reporters {
        let name = if rep.org_name.is_empty() {
            "(no org_name)"
        } else {
            &rep.org_name
        };
        let _ = writeln!(
            o,
            "  {name} <{}>: {} reports, {} messages",
            opt(&rep.email),
            rep.reports,
            num(rep.messages)
        );
    }

    if !t.rows.is_empty() {
        let _ = writeln!(o, "\nBy source (most messages first)");
        let _ = writeln!(
            o,
            "  {:>7}  {:<39} {:<22} {:<22} {:<5} {:<10} dkim / spf / reasons",
            "count", "source", "header_from", "envelope_from", "dmarc", "disposition"
        );
        for row in t.rows.iter().take(SHOWN) {
            let reasons: Vec<String> = row
                .policy_evaluated
                .reasons
                .iter()
                .map(|x| match &x.comment {
                    Some(c) => format!("{} ({c})", x.kind),
                    None => x.kind.to_string(),
                })
                .collect();
            let _ = writeln!(
                o,
                "  {:>7}  {:<39} {:<22} {:<22} {:<5} {:<10} dkim {} / spf {}{}{}",
                num(row.count),
                ip(row.source_ip),
                opt(&row.identifiers.header_from),
                opt(&row.identifiers.envelope_from),
                if row.dmarc_pass { "pass" } else { "fail" },
                row.policy_evaluated.disposition.map_or("?", |x| x.as_str()),
                row_dkim(row),
                row_spf(row),
                if reasons.is_empty() {
                    String::new()
                } else {
                    format!(" / {}", reasons.join(", "))
                },
                ptr(rdns, row.source_ip)
            );
        }
        if t.rows.len() > SHOWN {
            let _ = writeln!(
                o,
                "  ... {} more rows (--json has them all)",
                t.rows.len() - SHOWN
            );
        }
    }

    if !t.top_failing.is_empty() {
        let _ = writeln!(o, "\nTop failing sources");
        for s in &t.top_failing {
            source_line(&mut o, s, rdns);
        }
    }

    if t.days.len() > 1 {
        let _ = writeln!(o, "\nDMARC pass by day (UTC)");
        for day in &t.days {
            let _ = writeln!(
                o,
                "  {}  {:>9} messages  {:>6}",
                day.date,
                num(day.results.messages),
                pct(day.dmarc_pass_rate)
            );
        }
    }

    let mut notes = String::new();
    for f in files {
        for x in &f.findings {
            let _ = writeln!(
                notes,
                "  {}: {:<7} {}  {}",
                f.name,
                x.severity.as_str(),
                x.code,
                x.message
            );
        }
        for rep in &f.reports {
            for x in &rep.findings {
                let _ = writeln!(
                    notes,
                    "  {}: {:<7} {}  {}",
                    rep.source,
                    x.severity.as_str(),
                    x.code,
                    x.message
                );
            }
            for s in &rep.skipped {
                let times = if s.count > 1 {
                    format!(" (x{})", num(s.count))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    notes,
                    "  {}: skipped {} {}{times}: {}",
                    rep.source, s.code, s.path, s.reason
                );
            }
        }
    }
    for x in &t.findings {
        let _ = writeln!(
            notes,
            "  {:<7} {}  {}",
            x.severity.as_str(),
            x.code,
            x.message
        );
    }
    if !notes.is_empty() {
        let _ = writeln!(o, "\nFindings and skipped items\n{notes}");
    } else {
        o.push('\n');
    }

    let step = imp.policy.as_str();
    let _ = writeln!(o, "At p={step}: {}", imp.badge);
    if imp.failing > 0 {
        let _ = writeln!(
            o,
            "  {} messages ({}) fail DMARC and would have been {}.",
            num(imp.failing),
            pct(Some(imp.share)),
            imp.policy.participle()
        );
    }
    let _ = writeln!(o, "  {}", imp.answer);
    if let Some(e) = authlens_engine::aggregate::rollout::published(t) {
        let _ = writeln!(
            o,
            "  Published in these reports: {}: {}.",
            e.written(),
            e.account()
        );
    }
    if imp.failing > 0 {
        let _ = writeln!(
            o,
            "  unaligned {} (pass DKIM or SPF for another domain: a service to align)\n  indirect {} (forwarded or a mailing list, said the reporter)\n  unauthenticated {} (nothing passes)",
            num(imp.unaligned),
            num(imp.indirect),
            num(imp.unauthenticated)
        );
        for g in imp.groups.iter().take(SHOWN) {
            let kind = match g.kind {
                FailureKind::Unaligned => "unaligned",
                FailureKind::Indirect => "indirect",
                FailureKind::Unauthenticated => "unauthenticated",
            };
            let mut passing: Vec<String> = g
                .dkim_pass_domains
                .iter()
                .map(|d| format!("dkim {d}"))
                .collect();
            passing.extend(g.spf_pass_domains.iter().map(|d| format!("spf {d}")));
            let line = format!(
                "  {:<39} {:<22} {:>9} {:>6}  {:<15} {}{}",
                ip(g.source_ip),
                opt(&g.header_from),
                num(g.messages),
                pct(Some(g.share)),
                kind,
                passing.join(", "),
                ptr(rdns, g.source_ip)
            );
            let _ = writeln!(o, "{}", line.trim_end());
        }
        if imp.groups.len() > SHOWN {
            let _ = writeln!(
                o,
                "  ... {} more (--json has them all)",
                imp.groups.len() - SHOWN
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(1000), "1,000");
        assert_eq!(num(1_234_567), "1,234,567");
    }
}
