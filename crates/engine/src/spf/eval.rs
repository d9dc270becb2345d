//! `check_host()` (RFC 7208 §4): the SPF result for an IP, a domain and a sender, with a trace.
//!
//! Evaluation is sequential as §4.6.2 requires, but before the terms of a record are evaluated,
//! the queries they will need (as far as they can be known without evaluating) are sent at once,
//! up to what the lookup limit still allows. Answers are kept for the whole evaluation, so no
//! name and type is ever asked twice.

use std::cell::{Cell, RefCell};
use std::net::IpAddr;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::dns::memo::Memo;
use crate::dns::{normalize_name, RData, RecordType, Resolver, Txt};

use super::macros::{self, MacroContext};
use super::parse::{explanation_string, is_spf_txt, parse_strings};
use super::record::{MacroString, Mechanism, Qualifier, Record};

/// The seven results of RFC 7208 §2.6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpfResult {
    None,
    Neutral,
    Pass,
    Fail,
    SoftFail,
    TempError,
    PermError,
}

impl SpfResult {
    pub fn as_str(self) -> &'static str {
        match self {
            SpfResult::None => "none",
            SpfResult::Neutral => "neutral",
            SpfResult::Pass => "pass",
            SpfResult::Fail => "fail",
            SpfResult::SoftFail => "softfail",
            SpfResult::TempError => "temperror",
            SpfResult::PermError => "permerror",
        }
    }

    pub fn parse(s: &str) -> Option<SpfResult> {
        [
            SpfResult::None,
            SpfResult::Neutral,
            SpfResult::Pass,
            SpfResult::Fail,
            SpfResult::SoftFail,
            SpfResult::TempError,
            SpfResult::PermError,
        ]
        .into_iter()
        .find(|r| r.as_str().eq_ignore_ascii_case(s))
    }

    fn of(q: Qualifier) -> SpfResult {
        match q {
            Qualifier::Pass => SpfResult::Pass,
            Qualifier::Fail => SpfResult::Fail,
            Qualifier::SoftFail => SpfResult::SoftFail,
            Qualifier::Neutral => SpfResult::Neutral,
        }
    }
}

/// Limits and values the caller supplies.
#[derive(Debug, Clone)]
pub struct Options {
    /// The receiving host for `%{r}`.
    pub receiver: String,
    /// Seconds since the epoch for `%{t}`.
    pub now: u64,
    /// Used when a fail has no `exp=` explanation.
    pub default_explanation: Option<String>,
    /// DNS-querying terms allowed across the evaluation (§4.6.4: 10).
    pub max_lookups: u32,
    /// Void lookups allowed (§4.6.4: 2).
    pub max_void_lookups: u32,
    /// Send each record's known queries at once before evaluating it.
    pub prefetch: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            receiver: "unknown".into(),
            now: 0,
            default_explanation: None,
            max_lookups: 10,
            max_void_lookups: 2,
            prefetch: true,
        }
    }
}

/// One step of an evaluation, for the trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// 0 for the domain checked, 1 inside its includes and redirect, and so on.
    pub depth: u32,
    pub domain: String,
    /// The term evaluated, as written, if the step is about a term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// The name the term's domain-spec expanded to (macros such as `%{i}` and `%{d}` filled in
    /// for this message): what `include`, `a`, `mx`, `exists`, `redirect` and `exp` looked up
    /// and `ptr` compared with. Absent when the term names no domain or stopped before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// What happened, in words.
    pub detail: String,
    /// Whether the term matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<bool>,
    /// DNS-querying terms counted so far.
    pub lookups: u32,
    /// Void lookups counted so far.
    pub void_lookups: u32,
}

/// The outcome of `check_host()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub result: SpfResult,
    pub domain: String,
    pub ip: IpAddr,
    pub sender: String,
    pub helo: String,
    /// For `fail`: the explanation from `exp=`, or the default one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// For `fail` decided by a record with `exp=`: the name it expanded to, where the
    /// explanation was looked up (RFC 7208 §6.2), whether or not one was found there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<String>,
    /// Why the result is what it is, in words.
    pub reason: String,
    /// The term that decided the result, and the domain whose record holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_term: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_domain: Option<String>,
    pub lookups: u32,
    pub void_lookups: u32,
    pub queries: u32,
    pub trace: Vec<Step>,
}

/// RFC 7208 §4.3 for the identity checked: a sender and a domain from MAIL FROM, or the HELO
/// name when MAIL FROM is empty (§2.4).
pub async fn check_mail_from<R: Resolver>(
    resolver: &R,
    ip: IpAddr,
    mail_from: &str,
    helo: &str,
    opts: &Options,
) -> Evaluation {
    let mail_from = mail_from
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    let (sender, domain) = if mail_from.is_empty() {
        (format!("postmaster@{helo}"), helo.to_string())
    } else {
        match mail_from.rsplit_once('@') {
            Some((local, dom)) => {
                let local = if local.is_empty() {
                    "postmaster"
                } else {
                    local
                };
                (format!("{local}@{dom}"), dom.to_string())
            }
            None => (format!("postmaster@{mail_from}"), mail_from.to_string()),
        }
    };
    check_host(resolver, ip, &domain, &sender, helo, opts).await
}

/// `check_host(ip, domain, sender)` of RFC 7208 §4, with the HELO name for `%{h}`.
pub async fn check_host<R: Resolver>(
    resolver: &R,
    ip: IpAddr,
    domain: &str,
    sender: &str,
    helo: &str,
    opts: &Options,
) -> Evaluation {
    // §5.6: an IPv4-mapped IPv6 client is an IPv4 client.
    let ip = match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    };
    let (local, sender_domain) = match sender.rsplit_once('@') {
        Some((l, d)) => (
            if l.is_empty() { "postmaster" } else { l }.to_string(),
            d.to_string(),
        ),
        None => ("postmaster".to_string(), sender.to_string()),
    };
    let ctx = Ctx {
        ip,
        sender: format!("{local}@{sender_domain}"),
        local,
        sender_domain,
        helo: helo.to_string(),
        opts,
        lookups: Cell::new(0),
        voids: Cell::new(0),
        trace: RefCell::new(Vec::new()),
        abort_traced: Cell::new(false),
        memo: Memo::new(resolver),
        validated: RefCell::new(None),
    };
    let outcome = ctx.check(domain.to_string(), 0, true).await;
    let (result, explanation, exp, reason, matched_term, matched_domain) = match outcome {
        Ok(h) => (
            h.result,
            h.explanation,
            h.exp,
            h.reason,
            h.term,
            h.term_domain,
        ),
        Err(Abort::Perm(why)) => (SpfResult::PermError, None, None, why, None, None),
        Err(Abort::Temp(why)) => (SpfResult::TempError, None, None, why, None, None),
    };
    let explanation = match result {
        SpfResult::Fail => explanation.or_else(|| opts.default_explanation.clone()),
        _ => None,
    };
    Evaluation {
        result,
        domain: domain.to_string(),
        ip,
        sender: ctx.sender.clone(),
        helo: helo.to_string(),
        explanation,
        exp,
        reason,
        matched_term,
        matched_domain,
        lookups: ctx.lookups.get(),
        void_lookups: ctx.voids.get(),
        queries: ctx.memo.sent(),
        trace: ctx.trace.into_inner(),
    }
}

/// Ends the evaluation with `permerror` or `temperror`.
enum Abort {
    Perm(String),
    Temp(String),
}

/// What one level of `check_host` found.
struct HostOutcome {
    result: SpfResult,
    explanation: Option<String>,
    exp: Option<String>,
    reason: String,
    term: Option<String>,
    term_domain: Option<String>,
}

struct Ctx<'a, R> {
    ip: IpAddr,
    sender: String,
    local: String,
    sender_domain: String,
    helo: String,
    opts: &'a Options,
    lookups: Cell<u32>,
    voids: Cell<u32>,
    trace: RefCell<Vec<Step>>,
    /// Whether the step of the abort that ends the evaluation is in the trace: the includes
    /// above it end too, and add no step of their own.
    abort_traced: Cell<bool>,
    memo: Memo<'a, R>,
    /// The validated names of the IP (for `%{p}`), once looked up.
    validated: RefCell<Option<Vec<String>>>,
}

/// A target name that a query can be made for (RFC 1035 §2.3.4).
fn valid_target(name: &str) -> bool {
    let n = name.strip_suffix('.').unwrap_or(name);
    !n.is_empty() && n.len() <= 253 && n.split('.').all(|l| !l.is_empty() && l.len() <= 63)
}

/// RFC 7208 §4.3: a domain that is malformed or not multi-label gives `none`.
fn valid_initial_domain(name: &str) -> bool {
    valid_target(name)
        && name.strip_suffix('.').unwrap_or(name).contains('.')
        && !name.starts_with('[')
}

impl<'a, R: Resolver> Ctx<'a, R> {
    fn step(
        &self,
        depth: u32,
        domain: &str,
        term: Option<&str>,
        detail: String,
        matched: Option<bool>,
    ) {
        self.step_to(depth, domain, term, None, detail, matched);
    }

    fn step_to(
        &self,
        depth: u32,
        domain: &str,
        term: Option<&str>,
        target: Option<String>,
        detail: String,
        matched: Option<bool>,
    ) {
        self.trace.borrow_mut().push(Step {
            depth,
            domain: domain.to_string(),
            term: term.map(str::to_string),
            target,
            detail,
            matched,
            lookups: self.lookups.get(),
            void_lookups: self.voids.get(),
        });
    }

    /// Passes `r` on; an abort gets a step naming the term (and the name) where it happened,
    /// once: the lookup past the limit, the void lookup past the limit, a DNS error.
    fn traced<T>(
        &self,
        depth: u32,
        domain: &str,
        term: Option<&str>,
        target: Option<String>,
        r: Result<T, Abort>,
    ) -> Result<T, Abort> {
        if let Err(Abort::Perm(why) | Abort::Temp(why)) = &r {
            if !self.abort_traced.replace(true) {
                self.step_to(depth, domain, term, target, why.clone(), None);
            }
        }
        r
    }

    async fn query_many(&self, wanted: Vec<(String, RecordType)>) {
        self.memo.query_many(wanted).await
    }

    /// The answer as the memo keeps it: read in place, never copied.
    async fn query(&self, name: &str, t: RecordType) -> crate::dns::memo::Answer {
        self.memo.query_shared(name, t).await
    }

    fn count_lookup(&self, term: &str) -> Result<(), Abort> {
        let n = self.lookups.get() + 1;
        self.lookups.set(n);
        if n > self.opts.max_lookups {
            return Err(Abort::Perm(format!(
                "{term} is DNS-querying term number {n}: more than {} DNS-querying terms (RFC 7208 §4.6.4)",
                self.opts.max_lookups
            )));
        }
        Ok(())
    }

    fn count_void(&self, name: &str) -> Result<(), Abort> {
        let n = self.voids.get() + 1;
        self.voids.set(n);
        if n > self.opts.max_void_lookups {
            return Err(Abort::Perm(format!(
                "{name} is void lookup number {n}: more than {} lookups returned no records (RFC 7208 §4.6.4)",
                self.opts.max_void_lookups
            )));
        }
        Ok(())
    }

    fn macro_ctx<'b>(&'b self, domain: &'b str, validated: &'b str) -> MacroContext<'b> {
        MacroContext {
            sender: &self.sender,
            local_part: &self.local,
            sender_domain: &self.sender_domain,
            domain,
            ip: self.ip,
            helo: &self.helo,
            receiver: &self.opts.receiver,
            now: self.opts.now,
            validated_name: validated,
        }
    }

    /// The validated names of the client IP (RFC 7208 §5.5): PTR names whose address records
    /// include the IP, at most 10 of them checked.
    async fn validated_names(&self) -> Vec<String> {
        if let Some(v) = self.validated.borrow().as_ref() {
            return v.clone();
        }
        let rev = macros::reverse_name(self.ip);
        let names: Vec<String> = match &*self.query(&rev, RecordType::Ptr).await {
            Ok(l) => l
                .records
                .iter()
                .filter_map(|r| match r {
                    RData::Ptr(n) => Some(n.clone()),
                    _ => None,
                })
                .take(10)
                .collect(),
            Err(_) => Vec::new(),
        };
        let t = self.addr_type();
        let valid_names: Vec<String> = names.into_iter().filter(|n| valid_target(n)).collect();
        self.query_many(valid_names.iter().map(|n| (n.clone(), t)).collect())
            .await;
        let mut out = Vec::new();
        for n in valid_names {
            if let Ok(l) = &*self.query(&n, t).await {
                if l.records.iter().any(|r| self.addr_matches(r, None)) {
                    out.push(n);
                }
            }
        }
        *self.validated.borrow_mut() = Some(out.clone());
        out
    }

    /// `%{p}`: a validated name, preferring the domain itself or a subdomain of it (§7.3).
    async fn p_value(&self, domain: &str) -> String {
        // Boxed: `%{p}` and `ptr` are rare, and unboxed this future's state would be carried by
        // every term's future (the boxed future of one record level: 1104 → 912 bytes, under
        // glibc's 1 KiB line past which an allocation first consolidates the free lists).
        let names = Box::pin(self.validated_names()).await;
        let d = normalize_name(domain);
        names
            .iter()
            .find(|n| crate::name::within(&normalize_name(n), &d))
            .or(names.first())
            .cloned()
            .unwrap_or_else(|| "unknown".into())
    }

    async fn expand(&self, ms: &MacroString, domain: &str) -> String {
        let p = if macros::uses_validated_name(ms) {
            self.p_value(domain).await
        } else {
            String::new()
        };
        macros::expand(ms, &self.macro_ctx(domain, &p)).text
    }

    async fn target(&self, ms: Option<&MacroString>, domain: &str) -> String {
        match ms {
            Some(ms) => macros::to_query_name(&self.expand(ms, domain).await),
            None => domain.to_string(),
        }
    }

    fn addr_type(&self) -> RecordType {
        match self.ip {
            IpAddr::V4(_) => RecordType::A,
            IpAddr::V6(_) => RecordType::Aaaa,
        }
    }

    /// Whether an address record covers the client IP with the given prefix.
    fn addr_matches(&self, r: &RData, prefix: Option<u8>) -> bool {
        match (r, self.ip) {
            (RData::A(a), IpAddr::V4(ip)) => in_prefix4(ip, *a, prefix.unwrap_or(32)),
            (RData::Aaaa(a), IpAddr::V6(ip)) => in_prefix6(ip, *a, prefix.unwrap_or(128)),
            _ => false,
        }
    }

    fn cidr_for(&self, cidr: super::record::DualCidr) -> Option<u8> {
        match self.ip {
            IpAddr::V4(_) => cidr.v4,
            IpAddr::V6(_) => cidr.v6,
        }
    }

    /// The one SPF record of a domain (RFC 7208 §4.4, §4.5), or why there is none.
    async fn record(&self, domain: &str) -> Result<Option<(Record, Txt)>, Abort> {
        match &*self.query(domain, RecordType::Txt).await {
            Ok(l) => {
                let mut spf = l.records.iter().filter_map(|r| match r {
                    RData::Txt(t) if is_spf_txt(t.strings()) => Some(t),
                    _ => None,
                });
                let first = spf.next();
                match (first, spf.count()) {
                    (None, _) => Ok(None),
                    (Some(t), 0) => Ok(Some((parse_strings(t.strings()), t.clone()))),
                    (Some(_), more) => Err(Abort::Perm(format!(
                        "{domain} has {} SPF records; there must be exactly one (RFC 7208 §4.5)",
                        more + 1
                    ))),
                }
            }
            Err(e) if e.is_void() => Ok(None),
            Err(e) => Err(Abort::Temp(format!(
                "looking up the SPF record of {domain}: {e}"
            ))),
        }
    }

    /// The queries a record's terms will need, in order, while the lookup budget lasts.
    async fn prefetch(&self, record: &Record, domain: &str) {
        let mut budget = self.opts.max_lookups.saturating_sub(self.lookups.get());
        let mut wanted = Vec::new();
        let at = self.addr_type();
        for t in &record.terms {
            if budget == 0 {
                break;
            }
            if !t.queries_dns() {
                continue;
            }
            budget -= 1;
            let (ms, qtype) = match (t.mechanism(), t.modifier()) {
                (Some(Mechanism::Include { domain: d }), _) => (Some(d), RecordType::Txt),
                (Some(Mechanism::A { domain: d, .. }), _) => (d.as_ref(), at),
                (Some(Mechanism::Mx { domain: d, .. }), _) => (d.as_ref(), RecordType::Mx),
                (Some(Mechanism::Exists { domain: d }), _) => (Some(d), RecordType::A),
                (_, Some(super::record::Modifier::Redirect { domain: d })) => {
                    (Some(d), RecordType::Txt)
                }
                _ => continue,
            };
            if ms.is_some_and(macros::uses_validated_name) {
                continue;
            }
            let name = self.target(ms, domain).await;
            if valid_target(&name) {
                wanted.push((name, qtype));
            }
        }
        self.query_many(wanted).await;
    }

    /// `check_host()` of one domain. `explain`: a fail here is the result, so `exp=` is looked
    /// up (the domain checked, or a redirect from it, RFC 7208 §6.2); inside an `include` a fail
    /// only means no match (§5.2), and its explanation is never used.
    fn check(
        &self,
        domain: String,
        depth: u32,
        explain: bool,
    ) -> LocalBoxFuture<'_, Result<HostOutcome, Abort>> {
        Box::pin(async move {
            if depth > 20 {
                return Err(Abort::Perm("include and redirect nested too deeply".into()));
            }
            if !valid_initial_domain(&domain) {
                self.step(
                    depth,
                    &domain,
                    None,
                    "not a valid domain name: result none (RFC 7208 §4.3)".into(),
                    None,
                );
                return Ok(HostOutcome {
                    result: SpfResult::None,
                    explanation: None,
                    exp: None,
                    reason: format!("{domain} is not a valid multi-label domain name"),
                    term: None,
                    term_domain: None,
                });
            }
            let found = self.record(&domain).await;
            let Some((record, _)) = self.traced(depth, &domain, None, None, found)? else {
                self.step(
                    depth,
                    &domain,
                    None,
                    format!("no SPF record at {domain}"),
                    None,
                );
                return Ok(HostOutcome {
                    result: SpfResult::None,
                    explanation: None,
                    exp: None,
                    reason: format!("{domain} has no SPF record"),
                    term: None,
                    term_domain: None,
                });
            };
            self.step(
                depth,
                &domain,
                None,
                format!("record: {}", record.text),
                None,
            );
            if let Some(f) = record
                .findings
                .iter()
                .find(|f| f.severity == crate::diag::Severity::Error)
            {
                let why = format!("syntax error in the SPF record of {domain}: {}", f.message);
                return self.traced(depth, &domain, None, None, Err(Abort::Perm(why)));
            }
            if self.opts.prefetch {
                self.prefetch(&record, &domain).await;
            }
            for (term, qualifier, mechanism) in record.directives() {
                let mut target = None;
                let matched = self
                    .mechanism(mechanism, &term.text, &domain, depth, &mut target)
                    .await;
                let matched =
                    self.traced(depth, &domain, Some(&term.text), target.clone(), matched)?;
                self.step_to(
                    depth,
                    &domain,
                    Some(&term.text),
                    target,
                    if matched {
                        format!("matched: {}", SpfResult::of(qualifier).as_str())
                    } else {
                        "no match".into()
                    },
                    Some(matched),
                );
                if matched {
                    let result = SpfResult::of(qualifier);
                    let (exp, explanation) = if result == SpfResult::Fail && explain {
                        self.explanation(&record, &domain, depth).await
                    } else {
                        (None, None)
                    };
                    return Ok(HostOutcome {
                        result,
                        explanation,
                        exp,
                        reason: format!("{} in the record of {domain} matched", term.text),
                        term: Some(term.text.clone()),
                        term_domain: Some(domain.clone()),
                    });
                }
            }
            if let (Some((term, target)), None) = (record.redirect(), record.all()) {
                let counted = self.count_lookup(&term.text);
                self.traced(depth, &domain, Some(&term.text), None, counted)?;
                let target = self.target(Some(target), &domain).await;
                self.step_to(
                    depth,
                    &domain,
                    Some(&term.text),
                    Some(target.clone()),
                    format!("redirect to {target}"),
                    None,
                );
                let out = if !valid_initial_domain(&target) {
                    Err(Abort::Perm(format!(
                        "redirect= target {target:?} is not a valid domain"
                    )))
                } else {
                    match self.check(target.clone(), depth + 1, explain).await {
                        Ok(out) if out.result == SpfResult::None => Err(Abort::Perm(format!(
                            "redirect= target {target} has no SPF record (RFC 7208 §6.1)"
                        ))),
                        other => other,
                    }
                };
                return self.traced(depth, &domain, Some(&term.text), Some(target), out);
            }
            self.step(
                depth,
                &domain,
                None,
                "no term matched: neutral".into(),
                None,
            );
            Ok(HostOutcome {
                result: SpfResult::Neutral,
                explanation: None,
                exp: None,
                reason: format!(
                    "no term of the record of {domain} matched, and it has no redirect="
                ),
                term: None,
                term_domain: None,
            })
        })
    }

    /// Whether a mechanism matches (RFC 7208 §5).
    async fn mechanism(
        &self,
        m: &Mechanism,
        text: &str,
        domain: &str,
        depth: u32,
        expanded: &mut Option<String>,
    ) -> Result<bool, Abort> {
        match m {
            Mechanism::All => Ok(true),
            Mechanism::Ip4 { network, prefix } => Ok(match self.ip {
                IpAddr::V4(ip) => in_prefix4(ip, *network, prefix.unwrap_or(32)),
                IpAddr::V6(_) => false,
            }),
            Mechanism::Ip6 {
                network, prefix, ..
            } => Ok(match self.ip {
                IpAddr::V6(ip) => in_prefix6(ip, *network, prefix.unwrap_or(128)),
                IpAddr::V4(_) => false,
            }),
            Mechanism::Include { domain: spec } => {
                self.count_lookup(text)?;
                let target = self.target(Some(spec), domain).await;
                *expanded = Some(target.clone());
                let out = self.check(target.clone(), depth + 1, false).await?;
                match out.result {
                    SpfResult::Pass => Ok(true),
                    SpfResult::None => Err(Abort::Perm(format!(
                        "{text}: {target} has no SPF record (RFC 7208 §5.2)"
                    ))),
                    _ => Ok(false),
                }
            }
            Mechanism::A { domain: spec, cidr } => {
                self.count_lookup(text)?;
                let target = self.target(spec.as_ref(), domain).await;
                *expanded = Some(target.clone());
                let prefix = self.cidr_for(*cidr);
                Ok(self.addresses_match(&target, prefix, true).await?)
            }
            Mechanism::Mx { domain: spec, cidr } => {
                self.count_lookup(text)?;
                let target = self.target(spec.as_ref(), domain).await;
                *expanded = Some(target.clone());
                if !valid_target(&target) {
                    return Ok(false);
                }
                let mut hosts: Vec<String> = match &*self.query(&target, RecordType::Mx).await {
                    Ok(l) => l
                        .records
                        .iter()
                        .filter_map(|r| match r {
                            RData::Mx(mx) => Some(mx.exchange.clone()),
                            _ => None,
                        })
                        .collect(),
                    Err(e) if e.is_void() => {
                        self.count_void(&target)?;
                        return Ok(false);
                    }
                    Err(e) => return Err(Abort::Temp(format!("{text}: {e}"))),
                };
                if hosts.len() > 10 {
                    return Err(Abort::Perm(format!(
                        "{text}: {target} has {} MX hosts; at most 10 may be looked up (RFC 7208 §4.6.4)",
                        hosts.len()
                    )));
                }
                hosts.retain(|h| valid_target(h) && h != ".");
                let t = self.addr_type();
                self.query_many(hosts.iter().map(|h| (h.clone(), t)).collect())
                    .await;
                let prefix = self.cidr_for(*cidr);
                for h in hosts {
                    if self.addresses_match(&h, prefix, false).await? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Mechanism::Ptr { domain: spec } => {
                self.count_lookup(text)?;
                let target = normalize_name(&self.target(spec.as_ref(), domain).await);
                *expanded = Some(target.clone());
                let rev = macros::reverse_name(self.ip);
                match &*self.query(&rev, RecordType::Ptr).await {
                    Err(e) if e.is_void() => {
                        self.count_void(&rev)?;
                        return Ok(false);
                    }
                    // §5.5: a DNS error on the PTR lookup means no match.
                    Err(_) => return Ok(false),
                    Ok(_) => {}
                }
                let names = Box::pin(self.validated_names()).await;
                Ok(names
                    .iter()
                    .any(|n| crate::name::within(&normalize_name(n), &target)))
            }
            Mechanism::Exists { domain: spec } => {
                self.count_lookup(text)?;
                let target = self.target(Some(spec), domain).await;
                *expanded = Some(target.clone());
                if !valid_target(&target) {
                    return Ok(false);
                }
                match &*self.query(&target, RecordType::A).await {
                    Ok(l) => Ok(!l.records.is_empty()),
                    Err(e) if e.is_void() => {
                        self.count_void(&target)?;
                        Ok(false)
                    }
                    Err(e) => Err(Abort::Temp(format!("{text}: {e}"))),
                }
            }
        }
    }

    /// Looks up the address records of `name` and compares them with the client IP. `primary` is
    /// the lookup of an `a` mechanism itself (counted as void when empty); for `mx` hosts only
    /// temporary errors matter.
    async fn addresses_match(
        &self,
        name: &str,
        prefix: Option<u8>,
        primary: bool,
    ) -> Result<bool, Abort> {
        if !valid_target(name) {
            return Ok(false);
        }
        match &*self.query(name, self.addr_type()).await {
            Ok(l) => Ok(l.records.iter().any(|r| self.addr_matches(r, prefix))),
            Err(e) if e.is_void() => {
                if primary {
                    self.count_void(name)?;
                }
                Ok(false)
            }
            Err(e) => Err(Abort::Temp(format!("{name}: {e}"))),
        }
    }

    /// The `exp=` of a record whose term gave `fail`: the name it expanded to and the
    /// explanation found there (RFC 7208 §6.2: any problem means no explanation), with a step
    /// in the trace saying which.
    async fn explanation(
        &self,
        record: &Record,
        domain: &str,
        depth: u32,
    ) -> (Option<String>, Option<String>) {
        let Some((term, spec)) = record.exp() else {
            return (None, None);
        };
        let name = self.target(Some(spec), domain).await;
        let text = self.explanation_at(&name, domain).await;
        self.step_to(
            depth,
            domain,
            Some(&term.text),
            Some(name.clone()),
            match &text {
                Ok(t) => format!("explanation: {t}"),
                Err(why) => format!("no explanation: {why}"),
            },
            None,
        );
        (Some(name), text.ok())
    }

    /// The explanation text at `name`, expanded, or why there is none.
    async fn explanation_at(&self, name: &str, domain: &str) -> Result<String, &'static str> {
        if !valid_target(name) {
            return Err("not a name that can be looked up");
        }
        let answer = self.query(name, RecordType::Txt).await;
        let l = match &*answer {
            Ok(l) => l,
            Err(e) if e.is_void() => return Err("no TXT record there"),
            Err(_) => return Err("the TXT lookup failed"),
        };
        let [RData::Txt(t)] = l.records.as_slice() else {
            return Err("not exactly one TXT record there");
        };
        let Some(text) = String::from_utf8(t.bytes()).ok().filter(|t| t.is_ascii()) else {
            return Err("the text is not ASCII");
        };
        let Ok(ms) = explanation_string(&text) else {
            return Err("the text has a malformed macro");
        };
        let p = if macros::uses_validated_name(&ms) {
            self.p_value(domain).await
        } else {
            String::new()
        };
        let e = macros::expand(&ms, &self.macro_ctx(domain, &p));
        // A macro can expand to megabytes (`%{l}` repeated over a long local-part): the text
        // stops at the cap, and says so.
        Ok(if e.truncated {
            format!(
                "{} [explanation cut at {} characters]",
                e.text,
                macros::MAX_EXPANSION
            )
        } else {
            e.text
        })
    }
}

pub(crate) fn in_prefix4(ip: std::net::Ipv4Addr, net: std::net::Ipv4Addr, prefix: u8) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix.min(32) as u32)
    };
    u32::from(ip) & mask == u32::from(net) & mask
}

pub(crate) fn in_prefix6(ip: std::net::Ipv6Addr, net: std::net::Ipv6Addr, prefix: u8) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - prefix.min(128) as u32)
    };
    u128::from(ip) & mask == u128::from(net) & mask
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    reason = "tests are in no page: the size rules do not apply"
)]
#[path = "eval_tests.rs"]
mod tests;
