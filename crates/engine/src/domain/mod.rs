//! The whole inspection of a domain: SPF, DMARC, DKIM, MX, MTA-STS, TLS-RPT, BIMI and DNSSEC at
//! once, a summary that puts the most important fix first, and where the domain stands on the
//! usual hardening journey (SPF → DKIM → DMARC none → quarantine → reject).
//!
//! The parts are independent futures: the CLI joins them ([`inspect`]); the page runs each on its
//! own so that every card appears as soon as its answers are in, then [`DomainReport::assemble`]s
//! the same report for the summary and the exports. No part waits for another except DKIM, which
//! needs the MX hosts and the apex SPF record (one round) to know which providers' selectors to try;
//! the user's selectors and the common names go out in the first round.

pub mod compare;
pub mod inspect;

use serde::Serialize;

use crate::diag::{badge, Finding, Severity};
use crate::dkim::discover::{self as dkim_discover, SelectorScan};
use crate::dmarc::{self, Discovery, Policy};
use crate::dns::memo::Memo;
use crate::dns::{RData, RecordType, Resolver};
use crate::spf::tree::{self, Tree};
use crate::{bimi, mtasts, mx, tlsrpt};
use inspect::RawLookup;

/// What the user asked for besides the domain.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// DKIM selectors to try first (the `selector=` parameter, `--selector`).
    pub selectors: Vec<String>,
}

/// Everything the page shows about a domain, and `authlens inspect --json`.
#[derive(Debug, Clone, Serialize)]
pub struct DomainReport {
    pub domain: String,
    pub summary: Summary,
    pub spf: Tree,
    pub dmarc: Discovery,
    pub dkim: SelectorScan,
    pub mx: mx::MxReport,
    pub mta_sts: mtasts::MtaStsReport,
    pub tls_rpt: tlsrpt::TlsRptReport,
    pub bimi: bimi::BimiReport,
    pub dnssec: Dnssec,
    /// The TXT records of the domain and of `_dmarc.<domain>` as they came.
    pub lookups: Vec<RawLookup>,
    /// Findings that need two parts to be seen (BIMI without an enforced DMARC policy, MTA-STS
    /// without TLS-RPT, a null MX with a permissive SPF record...).
    pub cross_findings: Vec<Finding>,
}

/// One line of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// `SPF`, `DKIM`, `DMARC`, `MX`, `MTA-STS`, `TLS-RPT`, `BIMI`, `DNSSEC`.
    pub protocol: &'static str,
    /// The badge of the findings the line sums up (`diag::badge`): `error`, `warning`, `info` or
    /// `ok`.
    pub status: &'static str,
    pub verdict: String,
    /// The code of the finding that decided the status, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

/// One step of the hardening journey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// `spf`, `dkim`, `dmarc-none`, `quarantine`, `reject`.
    pub id: &'static str,
    pub title: &'static str,
    /// `done`, `partial` (some receivers, or a share of the mail, already get it; a DMARC record
    /// without reports), `todo`, or `unknown` (DKIM when no selector was found: keys cannot be
    /// listed).
    pub state: &'static str,
    /// For a partial step, what holds it back, in the record's words (`pct=10`, `t=y`, `no
    /// rua=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Step {
    /// The step's box in text: `[x]` done, `[~]` partial, `[?]` unknown, `[ ]` to do.
    pub fn mark(&self) -> &'static str {
        match self.state {
            "done" => "[x]",
            "partial" => "[~]",
            "unknown" => "[?]",
            _ => "[ ]",
        }
    }

    /// The title, with what holds a partial step back: `p=reject (partial: p=reject; pct=10)`.
    pub fn label(&self) -> String {
        match &self.note {
            Some(n) => format!("{} (partial: {n})", self.title),
            None => self.title.to_string(),
        }
    }
}

/// The top of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub lines: Vec<Line>,
    /// The most important finding first, then the rest by severity.
    pub top_findings: Vec<Finding>,
    pub journey: Vec<Step>,
    /// The DMARC policy's assessment: the DMARC line and card, and what each kind of receiver
    /// does with failing mail.
    pub dmarc: crate::dmarc::assess::Assessment,
    /// The id of the first step not done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_step: Option<&'static str>,
    /// What to do next, in one sentence.
    pub next_action: String,
    pub errors: usize,
    pub warnings: usize,
}

/// Which answers the resolver validated with DNSSEC (the AD bit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dnssec {
    /// `all`, `some` or `none` of the answers that exist.
    pub status: &'static str,
    pub validated: Vec<String>,
    pub not_validated: Vec<String>,
    /// `dnssec-unsigned` or `dnssec-partial` (info), which decide the DNSSEC line's badge.
    pub findings: Vec<Finding>,
}

/// Asks for the MX hosts and the apex TXT with the user's selectors and the common names (one
/// round), then for the selectors of the providers those point to (a second round).
pub async fn dkim_part<R: Resolver>(
    memo: &Memo<'_, R>,
    domain: &str,
    selectors: &[String],
) -> SelectorScan {
    // The user's selectors and the common names do not depend on the MX and SPF records: they
    // go out in the first round with them, and only the providers' selectors wait for those.
    let mut first = vec![
        (domain.to_string(), RecordType::Mx),
        (domain.to_string(), RecordType::Txt),
    ];
    first.extend(dkim_discover::queries(
        domain,
        &dkim_discover::candidates(selectors, &[]),
    ));
    memo.query_many(first).await;
    let mx_hosts: Vec<String> = match memo.query(domain, RecordType::Mx).await {
        Ok(l) => l
            .records
            .iter()
            .filter_map(|r| match r {
                RData::Mx(mx) => Some(mx.exchange.trim_end_matches('.').to_string()),
                _ => None,
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let includes: Vec<String> = match memo.query(domain, RecordType::Txt).await {
        Ok(l) => l
            .records
            .iter()
            .filter_map(|r| match r {
                RData::Txt(t) => Some(t.text()),
                _ => None,
            })
            .filter(|t| inspect::txt_kind(t) == Some("SPF"))
            .flat_map(|t| spf_includes(&t))
            .collect(),
        Err(_) => Vec::new(),
    };
    let providers = dkim_discover::detect(&mx_hosts, &includes);
    let candidates = dkim_discover::candidates(selectors, &providers);
    dkim_discover::discover(memo, domain, &candidates).await
}

/// The targets of the record's `include:` terms (no macro expansion: a macro is not a provider),
/// read from the parsed record, lower case and without a final dot.
fn spf_includes(record: &str) -> Vec<String> {
    crate::spf::parse::parse(record)
        .terms
        .iter()
        .filter_map(|t| match &t.kind {
            crate::spf::record::TermKind::Directive {
                mechanism: crate::spf::record::Mechanism::Include { domain },
                ..
            } if domain.is_literal() => Some(domain.raw.trim_end_matches('.').to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Runs every part at once and assembles the report (the CLI's path; the page runs the same
/// parts one by one).
pub async fn inspect<R: Resolver>(resolver: &R, domain: &str, opts: &Options) -> DomainReport {
    let memo = Memo::new(resolver);
    let (spf, dmarc, dkim, mx, sts, tls, bimi, raw) = futures::join!(
        tree::inspect(resolver, domain),
        dmarc::discover::discover_with(&memo, domain),
        dkim_part(&memo, domain, &opts.selectors),
        mx::check(&memo, domain),
        mtasts::check(&memo, domain),
        tlsrpt::check(&memo, domain),
        bimi::check(&memo, domain),
        inspect::raw_txt(resolver, domain),
    );
    DomainReport::assemble(
        domain,
        Parts {
            spf,
            dmarc,
            dkim,
            mx,
            mta_sts: sts,
            tls_rpt: tls,
            bimi,
            lookups: raw.lookups,
        },
    )
}

/// The parts, as they arrive.
#[derive(Debug, Clone)]
pub struct Parts {
    pub spf: Tree,
    pub dmarc: Discovery,
    pub dkim: SelectorScan,
    pub mx: mx::MxReport,
    pub mta_sts: mtasts::MtaStsReport,
    pub tls_rpt: tlsrpt::TlsRptReport,
    pub bimi: bimi::BimiReport,
    pub lookups: Vec<RawLookup>,
}

/// The most severe finding that is not informational.
pub(crate) fn worst(findings: &[Finding]) -> Option<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .min_by_key(|f| f.severity)
}

/// A protocol's line: its badge by the one rule ([`badge`]); the verdict says it is not
/// published, or names the worst finding by its title (the card below gives its message: a
/// sentence is said once), or says what is published.
fn line(
    protocol: &'static str,
    findings: &[Finding],
    missing_code: &'static str,
    ok: String,
    missing: &str,
) -> Line {
    let status = badge(findings);
    if findings.iter().any(|f| f.code == missing_code) {
        return Line {
            protocol,
            status,
            verdict: missing.to_string(),
            code: Some(missing_code),
        };
    }
    match worst(findings) {
        Some(f) => Line {
            protocol,
            status,
            verdict: titled(f, findings),
            code: Some(f.code),
        },
        None => Line {
            protocol,
            status,
            verdict: ok,
            code: None,
        },
    }
}

/// A finding's title, from the domain page's table ([`crate::findings::domain_brief`], which
/// the page links anyway), or its message when it has none.
pub(crate) fn title(f: &Finding) -> String {
    crate::findings::domain_brief(f.code).map_or_else(|| f.message.clone(), |i| i.title.into())
}

/// The worst finding named by its title, with how many others the card lists: "Mail host has no
/// address (and 2 more findings)".
pub(crate) fn titled(f: &Finding, findings: &[Finding]) -> String {
    let name = title(f);
    match findings.len() - 1 {
        0 => name,
        1 => format!("{name} (and 1 more finding)"),
        n => format!("{name} (and {n} more findings)"),
    }
}

/// What protects the domain first: errors that break SPF, DKIM or DMARC (legitimate mail fails,
/// or the policy is not read); then a DMARC policy that does not yet protect (none published,
/// `p=none`, a partial rollout); then the other errors; then the other warnings. A provider's
/// standby selector is informational and never comes first.
fn priority(f: &Finding) -> u8 {
    use crate::dmarc::Code as D;
    let auth = ["spf-", "dmarc-", "dkim-"]
        .iter()
        .any(|p| f.code.starts_with(p));
    let unprotected = [
        D::NoRecord,
        D::PNone,
        D::PctPartial,
        D::TestingMode,
        D::MultipleRecords,
    ]
    .iter()
    .any(|c| c.as_str() == f.code);
    match (f.severity, auth, unprotected) {
        (Severity::Error, true, _) => 0,
        (_, _, true) => 1,
        (Severity::Error, _, _) => 2,
        _ => 3,
    }
}

/// The order in which problems are worth fixing, protocol by protocol.
fn rank(code: &str) -> usize {
    const ORDER: [&str; 8] = [
        "spf-", "dmarc-", "dkim-", "mx-", "mtasts-", "tlsrpt-", "bimi-", "",
    ];
    ORDER
        .iter()
        .position(|p| code.starts_with(p))
        .unwrap_or(ORDER.len())
}

impl DomainReport {
    pub fn assemble(domain: &str, mut p: Parts) -> DomainReport {
        let cross = cross_findings(&mut p);
        let dnssec = dnssec(&p);
        let summary = summarize(&p, &cross, &dnssec);
        DomainReport {
            domain: domain.to_string(),
            summary,
            spf: p.spf,
            dmarc: p.dmarc,
            dkim: p.dkim,
            mx: p.mx,
            mta_sts: p.mta_sts,
            tls_rpt: p.tls_rpt,
            bimi: p.bimi,
            dnssec,
            lookups: p.lookups,
            cross_findings: cross,
        }
    }

    /// The report with the MTA-STS policy file's outcome added (fetched by the CLI; the engine
    /// does no HTTP), the summary counted again.
    pub fn with_mta_sts_policy(self, outcome: mtasts::PolicyOutcome) -> DomainReport {
        let hosts = self.mx.exchanges();
        let mta_sts = self.mta_sts.with_policy(outcome, &hosts);
        DomainReport::assemble(
            &self.domain,
            Parts {
                spf: self.spf,
                dmarc: self.dmarc,
                dkim: self.dkim,
                mx: self.mx,
                mta_sts,
                tls_rpt: self.tls_rpt,
                bimi: self.bimi,
                lookups: self.lookups,
            },
        )
    }

    /// Every finding of every part, the cross-part ones included.
    pub fn all_findings(&self) -> Vec<&Finding> {
        self.spf
            .findings
            .iter()
            .chain(&self.dmarc.findings)
            .chain(&self.dkim.findings)
            .chain(self.dkim.probes.iter().flat_map(|p| &p.findings))
            .chain(&self.mx.findings)
            .chain(&self.mta_sts.findings)
            .chain(&self.tls_rpt.findings)
            .chain(&self.bimi.findings)
            .chain(&self.cross_findings)
            .collect()
    }
}

/// Findings that need two parts: TLS-RPT matters more beside MTA-STS, BIMI needs an enforced
/// DMARC policy, a null MX should come with `v=spf1 -all`. The first two are added to their own
/// part; the rest are returned.
/// TLS-RPT as it matters beside MTA-STS (a missing record is a warning when MTA-STS is used).
pub fn tls_rpt_beside(
    tls: tlsrpt::TlsRptReport,
    sts: &mtasts::MtaStsReport,
) -> tlsrpt::TlsRptReport {
    tls.with_mtasts(sts.has_record())
}

/// BIMI with its DMARC requirement (an enforced policy) checked against the discovered record.
pub fn bimi_beside(b: bimi::BimiReport, dmarc: &Discovery) -> bimi::BimiReport {
    let record = dmarc.record.as_ref();
    let tag = |name: &str| {
        record
            .and_then(|r| r.tag(name))
            .map(|t| t.value.trim().to_ascii_lowercase())
    };
    let (pol, sp) = (tag("p"), tag("sp"));
    b.with_dmarc(pol.as_deref(), sp.as_deref(), record.and_then(|r| r.pct))
}

/// Findings that need two parts: TLS-RPT matters more beside MTA-STS, BIMI needs an enforced
/// DMARC policy, a null MX should come with `v=spf1 -all`. The first two are added to their own
/// part; the rest are returned.
fn cross_findings(p: &mut Parts) -> Vec<Finding> {
    p.tls_rpt = tls_rpt_beside(p.tls_rpt.clone(), &p.mta_sts);
    p.bimi = bimi_beside(p.bimi.clone(), &p.dmarc);
    let mut out = Vec::new();
    if p.mx.null_mx {
        if let Some(r) = &p.spf.root.record {
            let strict = r
                .all()
                .is_some_and(|(_, q)| q == crate::spf::record::Qualifier::Fail);
            if !strict || r.terms.len() > 1 {
                out.push(mx::Code::NullSpfNotStrict.finding(format!(
                    "the domain receives no mail (null MX) but its SPF record is “{}”: a domain that sends no mail should publish exactly v=spf1 -all",
                    r.text
                )));
            }
        }
    }
    out
}

fn dnssec(p: &Parts) -> Dnssec {
    let mut validated = Vec::new();
    let mut not_validated = Vec::new();
    let mut add = |name: String, ad: bool| {
        let list = if ad {
            &mut validated
        } else {
            &mut not_validated
        };
        if !list.contains(&name) {
            list.push(name);
        }
    };
    for l in &p.lookups {
        if l.error.is_none() || matches!(l.status, "nxdomain" | "nodata") {
            add(format!("{} {}", l.name, l.rtype), l.authenticated);
        }
    }
    if matches!(p.mx.status, "ok" | "null" | "none") {
        add(format!("{} MX", p.mx.domain), p.mx.authenticated);
    }
    for probe in &p.dkim.probes {
        if probe.key.is_some() {
            add(format!("{} TXT", probe.name), probe.authenticated);
        }
    }
    let status = match (validated.is_empty(), not_validated.is_empty()) {
        (false, true) => "all",
        (true, _) => "none",
        (false, false) => "some",
    };
    let findings = match status {
        "none" => vec![crate::dnssec::Code::Unsigned.finding(
            "no answer about the domain carried the AD bit: the resolver did not validate them",
        )],
        "some" => vec![crate::dnssec::Code::Partial.finding(format!(
            "{} of the answers were not validated by the resolver",
            not_validated.len()
        ))],
        _ => Vec::new(),
    };
    Dnssec {
        status,
        validated,
        not_validated,
        findings,
    }
}

fn summarize(p: &Parts, cross: &[Finding], dnssec: &Dnssec) -> Summary {
    let spf_line = p.spf.summary_line();

    let dmarc = p.dmarc.assessment();
    let dmarc_line = Line {
        protocol: "DMARC",
        status: dmarc.status,
        verdict: dmarc.headline.clone(),
        code: dmarc.code,
    };

    let dkim_findings: Vec<Finding> = p
        .dkim
        .findings
        .iter()
        .chain(p.dkim.probes.iter().flat_map(|pr| &pr.findings))
        .cloned()
        .collect();
    let dkim_line = p.dkim.summary_line();

    let mx_ok = match p.mx.hosts.len() {
        0 => "No MX hosts".to_string(),
        n => format!(
            "{n} mail host{}: {}",
            if n == 1 { "" } else { "s" },
            p.mx.hosts
                .iter()
                .map(|h| h.exchange.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    // The null-MX finding that needs SPF too is the MX line's.
    let mx_findings: Vec<Finding> =
        p.mx.findings
            .iter()
            .chain(cross.iter().filter(|f| f.code.starts_with("mx-")))
            .cloned()
            .collect();
    let mx_line = line(
        "MX",
        &mx_findings,
        "mx-none",
        mx_ok,
        "No MX record: mail goes to the domain's own address, if any",
    );
    let sts_line = line(
        "MTA-STS",
        &p.mta_sts.findings,
        "mtasts-no-record",
        "Published".into(),
        "Not published: senders may deliver over unencrypted or unauthenticated TLS",
    );
    let tls_line = line(
        "TLS-RPT",
        &p.tls_rpt.findings,
        "tlsrpt-no-record",
        "Published".into(),
        "Not published: you get no reports of TLS failures delivering to you",
    );
    let bimi_line = line(
        "BIMI",
        &p.bimi.findings,
        "bimi-no-record",
        "Published".into(),
        "Not published (optional: a brand logo beside authenticated mail)",
    );
    let dnssec_line = Line {
        protocol: "DNSSEC",
        status: badge(&dnssec.findings),
        verdict: match dnssec.status {
            "all" => "Every answer was validated by the resolver (AD bit)".into(),
            "some" => format!(
                "{} of {} answers validated; not: {}",
                dnssec.validated.len(),
                dnssec.validated.len() + dnssec.not_validated.len(),
                dnssec.not_validated.join(", ")
            ),
            _ => "Not signed (no answer carried the AD bit)".into(),
        },
        code: dnssec.findings.first().map(|f| f.code),
    };

    // The journey.
    let spf_state = p.spf.hardening_state();
    let dkim_state = p.dkim.signing_state();
    let (journey, next, next_action) = journey(p, &dmarc, spf_state, dkim_state);

    let mut all: Vec<Finding> = p
        .spf
        .findings
        .iter()
        .chain(&p.dmarc.findings)
        .chain(&dkim_findings)
        .chain(&p.mx.findings)
        .chain(&p.mta_sts.findings)
        .chain(&p.tls_rpt.findings)
        .chain(&p.bimi.findings)
        .chain(cross)
        .filter(|f| f.severity != Severity::Info)
        .cloned()
        .collect();
    crate::order::sort_by_key(&mut all, |f| (priority(f), f.severity, rank(f.code)));
    let mut seen = std::collections::HashSet::new();
    all.retain(|f| seen.insert((f.code, f.message.clone())));
    let errors = all.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = all.len() - errors;
    all.truncate(5);
    Summary {
        lines: vec![
            spf_line,
            dkim_line,
            dmarc_line,
            mx_line,
            sts_line,
            tls_line,
            bimi_line,
            dnssec_line,
        ],
        top_findings: all,
        journey,
        dmarc,
        next_step: next,
        next_action,
        errors,
        warnings,
    }
}

/// The hardening journey (SPF → DKIM → DMARC with reports → quarantine → reject), the first step
/// not done, and what to do about it — in the DMARC assessment's words, so that the next action
/// names the lever that is really left (`pct`, `t=`) and never a policy below the published one.
fn journey(
    p: &Parts,
    dmarc: &crate::dmarc::assess::Assessment,
    spf_state: &'static str,
    dkim_state: &'static str,
) -> (Vec<Step>, Option<&'static str>, String) {
    use crate::dmarc::assess::StepState;
    let e = dmarc.enforcement.as_ref();
    let record = p.dmarc.record.as_ref();
    let (q, r) = e.map_or((StepState::Todo, StepState::Todo), |e| {
        (e.quarantine, e.reject)
    });
    let partial_note = |st: StepState| {
        (st == StepState::Partial)
            .then(|| e.map(|e| e.written()))
            .flatten()
    };
    let reports_note = (dmarc.reports == StepState::Partial).then(|| {
        if record.is_some_and(|r| r.has_error()) {
            "the record has errors".to_string()
        } else {
            "no rua=".to_string()
        }
    });
    let journey = vec![
        Step {
            id: "spf",
            title: "SPF with -all or ~all",
            state: spf_state,
            note: None,
        },
        Step {
            id: "dkim",
            title: "DKIM signing",
            state: dkim_state,
            note: None,
        },
        Step {
            id: "dmarc-none",
            title: "DMARC record, reading reports",
            state: dmarc.reports.as_str(),
            note: reports_note,
        },
        Step {
            id: "quarantine",
            title: "p=quarantine",
            state: q.as_str(),
            note: partial_note(q),
        },
        Step {
            id: "reject",
            title: "p=reject",
            state: r.as_str(),
            note: partial_note(r),
        },
    ];
    let next = journey
        .iter()
        .find(|s| matches!(s.state, "todo" | "partial"))
        .map(|s| (s.id, s.state));
    // Where the policy is changed: the domain's own record, or the parent's `sp=`/`np=`.
    let at = match (&p.dmarc.policy_domain, e) {
        (Some(pd), Some(e)) if *pd != p.dmarc.domain => {
            format!(" ({}= of the record at _dmarc.{pd})", e.tag)
        }
        _ => String::new(),
    };
    let ramp = "for part of the mail first if you want a ramp: t=y for RFC 9989 receivers, pct= for those that still read it (the DMARC wizard writes each stage)";
    let aligned = "once the reports show every legitimate source passing with alignment";
    let next_action = match next {
        Some(("spf", _)) if p.spf.root.record.is_none() => {
            "Publish an SPF record that lists every service that sends for the domain and ends in -all or ~all.".to_string()
        }
        Some(("spf", _)) => "Repair the SPF record so that it evaluates and ends in -all or ~all.".into(),
        Some(("dkim", _)) => "Replace the DKIM key that is revoked or too short, and sign with a 2048-bit RSA key.".into(),
        Some(("dmarc-none", _)) if record.is_none() => {
            "Publish v=DMARC1; p=none; rua=mailto:… at _dmarc to start receiving aggregate reports.".into()
        }
        Some(("dmarc-none", _)) if record.is_some_and(|r| r.has_error()) => format!(
            "Fix the DMARC record's errors: receivers ignore the tags they cannot read{}.",
            p.dmarc
                .findings
                .iter()
                .find(|f| f.severity == Severity::Error)
                .map_or(String::new(), |f| format!(" ({})", f.message))
        ),
        Some(("dmarc-none", _)) => match e {
            Some(e) if e.policy != Policy::None => format!(
                "Add rua=mailto:… to the DMARC record: receivers already act on {}, and without aggregate reports you cannot see legitimate mail it catches.",
                e.written()
            ),
            _ => "Add rua=mailto:… to the DMARC record: the aggregate reports show who sends as the domain, which you need before raising the policy.".into(),
        },
        Some((step, "partial")) => match e.and_then(|e| e.lever().map(|l| (e, l))) {
            Some((e, lever)) => {
                let mut l = lever;
                l[..1].make_ascii_uppercase();
                format!("{l}{at} {aligned}: today {}.", e.account())
            }
            None => format!("Raise the policy to p={step}{at}."),
        },
        Some(("quarantine", _)) => format!(
            "Raise the policy to p=quarantine{at} {aligned} — {ramp}."
        ),
        Some(("reject", _)) => format!(
            "When quarantine costs no legitimate mail, raise the policy to p=reject{at} — {ramp}."
        ),
        _ if dkim_state == "unknown" => "The policy is enforced. No DKIM key was found under the usual selectors: check that your mail is signed, and give your selector to see its key.".into(),
        _ => "The domain is at p=reject: keep watching the aggregate reports when senders change.".into(),
    };
    (journey, next.map(|(id, _)| id), next_action)
}

/// The report as Markdown, for a ticket.
pub fn markdown(r: &DomainReport) -> String {
    let mut out = format!("# Email authentication of `{}`\n\n", r.domain);
    out.push_str("| Protocol | Status | Verdict |\n|---|---|---|\n");
    for l in &r.summary.lines {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            l.protocol,
            l.status,
            crate::text::markdown_cell(&l.verdict)
        ));
    }
    out.push_str(&format!("\n**Next step:** {}\n", r.summary.next_action));
    let journey: Vec<String> = r
        .summary
        .journey
        .iter()
        .map(|s| format!("{} {}", s.mark(), s.label()))
        .collect();
    out.push_str(&format!("\nHardening: {}\n", journey.join(" → ")));

    out.push_str("\n## Records\n\n");
    let record = |out: &mut String, label: &str, text: Option<String>| {
        if let Some(t) = text {
            out.push_str(&format!("- {label}: `{}`\n", t.replace('`', "'")));
        }
    };
    record(
        &mut out,
        "SPF",
        r.spf.root.record.as_ref().map(|x| x.text.clone()),
    );
    record(
        &mut out,
        &format!(
            "DMARC ({})",
            r.dmarc
                .policy_domain
                .as_deref()
                .map_or(String::new(), |d| format!("_dmarc.{d}"))
        ),
        r.dmarc.record.as_ref().map(|x| x.text.clone()),
    );
    for p in r.dkim.probes.iter().filter(|p| p.record.is_some()) {
        record(&mut out, &format!("DKIM {}", p.name), p.record.clone());
    }
    for h in &r.mx.hosts {
        out.push_str(&format!("- MX: {} {}\n", h.preference, h.exchange));
    }
    record(
        &mut out,
        "MTA-STS",
        r.mta_sts.record.as_ref().map(|x| x.text.clone()),
    );
    record(
        &mut out,
        "TLS-RPT",
        r.tls_rpt.record.as_ref().map(|x| x.text.clone()),
    );
    record(
        &mut out,
        "BIMI",
        r.bimi.record.as_ref().map(|x| x.text.clone()),
    );

    let findings = r.all_findings();
    out.push_str(&format!("\n## Findings ({})\n\n", findings.len()));
    let mut sorted = findings;
    crate::order::sort_by_key(&mut sorted, |f| (f.severity, rank(f.code)));
    for f in sorted {
        out.push_str(&format!(
            "- **{}** `{}`: {}\n",
            f.severity.as_str(),
            f.code,
            crate::text::markdown_cell(&f.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_are_read_from_the_apex_record() {
        assert_eq!(
            spf_includes("v=spf1 include:spf.protection.outlook.com ~include:_SPF.google.com. include:%{d}.x ip4:1.2.3.4 -all"),
            vec!["spf.protection.outlook.com", "_spf.google.com"]
        );
    }
}
