//! The include tree of a domain, without an IP: every include and redirect resolved, each level's
//! queries sent at once, and the DNS-querying terms and void lookups counted as an evaluation that
//! matches nothing would count them (the worst case, which is what receivers hit for mail that
//! fails). Each count names the term that caused it.

use std::cell::{Cell, RefCell};
use std::task::Poll;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::diag::{Finding, Severity, Span};
use crate::dns::memo::Memo;
use crate::dns::{normalize_name, DnsError, RData, RecordType, Resolver, Txt};

use super::codes::Code;
pub use super::lint::lint;
use super::macros;
pub use super::merge::merge;
use super::parse::{is_spf_record, is_spf_txt, parse_strings};
use super::record::{Mechanism, Modifier, Qualifier, Record, TermKind};

/// Nodes beyond this are not fetched (a tree that tries 1000 includes ends here).
pub const MAX_NODES: usize = 64;
/// DNS-querying terms an evaluation may make (RFC 7208 §4.6.4).
const MAX_LOOKUPS: u32 = 10;
/// Include depth beyond this is not followed.
pub const MAX_DEPTH: u32 = 10;

/// How a node ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeStatus {
    /// One SPF record, parsed.
    Ok,
    /// The name has no SPF record (NXDOMAIN, no TXT, or no `v=spf1` among them).
    NoRecord,
    MultipleRecords,
    /// The TXT lookup failed temporarily or gave an unusable answer.
    DnsError,
    /// The domain is already being evaluated higher up.
    Loop,
    /// The target has macros and cannot be resolved without a sender.
    Macro,
    /// Not fetched: too deep or too many nodes.
    NotFollowed,
}

/// One count toward a limit, and the term that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// `lookup` (a DNS-querying term) or `void` (a lookup with no answer).
    pub kind: &'static str,
    /// 1-based running number in evaluation order.
    pub number: u32,
    pub domain: String,
    pub term: String,
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One domain in the tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub domain: String,
    /// The term of the parent that led here (`include:...`, `redirect=...`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    pub status: NodeStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<Record>,
    /// DNS-querying terms of this record itself.
    pub lookups: u32,
    /// Of this record and everything below it.
    pub lookups_total: u32,
    pub void_lookups: u32,
    pub void_lookups_total: u32,
    /// The DNSSEC AD bit of the TXT answer.
    pub authenticated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cname_chain: Vec<String>,
    pub findings: Vec<Finding>,
    pub children: Vec<Node>,
}

impl Node {
    /// The record whose terms are followed and counted: fetched, and free of syntax errors.
    fn followed_record(&self) -> Option<&Record> {
        self.record
            .as_ref()
            .filter(|r| self.status == NodeStatus::Ok && !r.has_syntax_error())
    }
}

/// The tree with its totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tree {
    pub root: Node,
    pub lookups: u32,
    pub void_lookups: u32,
    pub max_lookups: u32,
    pub max_void_lookups: u32,
    /// Every count in evaluation order.
    pub counts: Vec<Count>,
    /// Findings about the whole tree (limits), then those of each node, with the node's domain in
    /// the message.
    pub findings: Vec<Finding>,
    /// When the domain publishes several SPF records (`spf-multiple-records`: permerror for
    /// every sender, RFC 7208 §4.5, and no lookup is made), the counts of each record and of
    /// the records merged into one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple: Option<Multiple>,
    /// The `exp=` of the domain's record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<Explanation>,
    /// DNS queries sent to build the tree.
    pub queries: u32,
}

/// The `exp=` modifier of the domain's record (RFC 7208 §6.2): where receivers look up the
/// text they may give with a `fail`, and the text published there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The modifier as written.
    pub term: String,
    /// The name it gives; with macros, as written (it is expanded for each message).
    pub domain: String,
    /// The text at that name, its macros not expanded: `None` when the name has macros or does
    /// not hold exactly one TXT record (then receivers give no explanation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The name has macros: receivers expand it for each message, so no text is read here.
    #[serde(skip)]
    pub per_message: bool,
}

/// The records of a domain that publishes several, each counted as if it were the only one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Multiple {
    pub records: Vec<RecordCount>,
    /// Every mechanism of them once, in order, then one `all` ([`merge`]).
    pub merged: RecordCount,
}

/// A record's text and the counts of its tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordCount {
    pub text: String,
    /// DNS-querying terms, everything below included.
    pub lookups: u32,
    pub void_lookups: u32,
}

impl RecordCount {
    fn of(text: &str, t: &Tree) -> RecordCount {
        RecordCount {
            text: text.to_string(),
            lookups: t.lookups,
            void_lookups: t.void_lookups,
        }
    }
}

impl Multiple {
    /// "2 SPF records: 2 and 3 lookups, 5/10 if merged into one".
    pub fn summary(&self) -> String {
        let each: Vec<String> = self.records.iter().map(|r| r.lookups.to_string()).collect();
        let each = match each.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => each.join(""),
        };
        format!(
            "{} SPF records: {each} lookups, {}/{MAX_LOOKUPS} if merged into one",
            self.records.len(),
            self.merged.lookups
        )
    }
}

impl Tree {
    /// The result every sender would get, when it does not depend on the IP: `none` without a
    /// record; `permerror` when the record itself is refused (several records, RFC 7208 §4.5; a
    /// syntax error, §4.6) or the first term evaluated breaks before anything could match (an
    /// include or redirect into such a record, or an `mx` with more than 10 hosts). A record
    /// over a limit (§4.6.4) is not one of them: evaluation stops at the 11th lookup or the 3rd
    /// void lookup, so a sender matched before that point gets its result.
    pub fn fixed_result(&self) -> Option<&'static str> {
        if self.root.status == NodeStatus::NoRecord {
            return Some("none");
        }
        always_permerror(&self.root, false).then_some("permerror")
    }

    /// The first error that makes evaluation end in permerror for some senders (those not
    /// matched before the evaluation reaches it): everything but a permissive `all` and an
    /// include loop, which the journey has never counted as breaking the record.
    fn breaking(&self) -> Option<&Finding> {
        let lookups = Code::TooManyLookups.as_str();
        // The lookup limit first: it names the point where evaluation stops.
        self.findings
            .iter()
            .find(|f| f.code == lookups)
            .or_else(|| {
                self.findings.iter().find(|f| {
                    f.severity == Severity::Error
                        && f.code != Code::PermissiveAll.as_str()
                        && f.code != Code::IncludeLoop.as_str()
                })
            })
    }
}

/// Whether every evaluation reaching `node` ends in permerror, whatever the sender. `as_target`:
/// the node is the target of an include or redirect, where no record is a permerror too (RFC
/// 7208 §5.2, §6.1).
fn always_permerror(node: &Node, as_target: bool) -> bool {
    match node.status {
        NodeStatus::MultipleRecords => return true,
        NodeStatus::NoRecord => return as_target,
        NodeStatus::Ok => {}
        // A DNS error is temperror; a loop, a macro target or a node not followed: unknown.
        _ => return false,
    }
    let Some(record) = &node.record else {
        return false;
    };
    if record.has_syntax_error() {
        return true;
    }
    // The children are the includes, then the redirect when it is used, in the record's order.
    match record.directives().next() {
        Some((_, _, Mechanism::Include { .. })) => node
            .children
            .first()
            .is_some_and(|c| always_permerror(c, true)),
        Some((t, _, Mechanism::Mx { .. })) => node
            .findings
            .iter()
            .any(|f| f.code == Code::MxTooManyNames.as_str() && f.span == Some(t.span)),
        // Anything else can match some sender first.
        Some(_) => false,
        None => {
            record.all().is_none()
                && record.redirect().is_some()
                && node
                    .children
                    .first()
                    .is_some_and(|c| always_permerror(c, true))
        }
    }
}

/// A one-line verdict for the summary and the card header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The badge: `ok`, `info`, `warning` or `error` ([`crate::diag::badge`]).
    pub status: &'static str,
    pub headline: String,
}

/// "1st", "2nd", "3rd", "11th".
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Tree {
    /// The record's headline, and its badge by the one rule ([`crate::diag::badge`]).
    pub fn verdict(&self) -> Verdict {
        Verdict {
            status: crate::diag::badge(&self.findings),
            headline: self.headline(),
        }
    }

    fn headline(&self) -> String {
        let worst = self.findings.iter().map(|f| f.severity).min();
        // A finding named in the headline by its title: its code stands beside it in the card.
        let title = |code: &str| {
            crate::findings::domain_brief(code)
                .map_or(String::new(), |i| crate::text::lower_first(i.title))
        };
        let first = |sev: Severity| {
            self.findings
                .iter()
                .find(|f| f.severity == sev)
                .map(|f| title(f.code))
                .unwrap_or_default()
        };
        if self.root.status == NodeStatus::NoRecord {
            return "No SPF record: receivers cannot tell your servers from forgers".into();
        }
        if self.root.status == NodeStatus::DnsError {
            return "Unknown: the SPF lookup failed temporarily (receivers get temperror)".into();
        }
        if self.fixed_result() == Some("permerror") {
            return match &self.multiple {
                Some(m) => format!(
                    "Broken: every message gets permerror ({}): {}",
                    title(Code::MultipleRecords.as_str()),
                    m.summary()
                ),
                None => format!(
                    "Broken: every message gets permerror ({})",
                    first(Severity::Error)
                ),
            };
        }
        let ending = match self.root.record.as_ref().and_then(|r| r.all()) {
            Some((t, _)) => format!("ends in {}", t.text),
            None if self
                .root
                .record
                .as_ref()
                .is_some_and(|r| r.redirect().is_some()) =>
            {
                "redirects".into()
            }
            None => "has no all".into(),
        };
        let counts = format!("{}/{} lookups", self.lookups, self.max_lookups);
        if let Some(f) = self.breaking() {
            // RFC 7208 §4.6.4: evaluation stops where the limit is passed, so what a sender gets
            // depends on whether a term matched it before.
            let headline = if f.code == Code::TooManyLookups.as_str() {
                format!(
                    "Over the {max}-lookup limit ({counts}): senders not matched before the {} lookup get permerror",
                    ordinal(self.max_lookups + 1),
                    max = self.max_lookups
                )
            } else if f.code == Code::TooManyVoidLookups.as_str() {
                format!(
                    "Over the {max}-void-lookup limit ({}/{max} void lookups): senders not matched before the {} void lookup get permerror",
                    self.void_lookups,
                    ordinal(self.max_void_lookups + 1),
                    max = self.max_void_lookups
                )
            } else {
                format!(
                    "Broken for some senders ({}): those not matched before evaluation reaches it get permerror; {counts}, {ending}",
                    title(f.code)
                )
            };
            return headline;
        }
        match worst {
            Some(Severity::Error) => format!(
                "Valid but unsafe ({}): {counts}, {ending}",
                first(Severity::Error)
            ),
            Some(Severity::Warning) => format!("Works, with warnings: {counts}, {ending}"),
            _ => format!("Valid: {counts}, {ending}"),
        }
    }
}

impl Tree {
    /// The SPF line of the domain summary.
    pub fn summary_line(&self) -> crate::domain::Line {
        let v = self.verdict();
        crate::domain::Line {
            protocol: "SPF",
            status: v.status,
            verdict: v.headline,
            code: crate::domain::worst(&self.findings).map(|f| f.code),
        }
    }

    /// The first step of the hardening journey (`done` or `todo`): a record that evaluates and
    /// ends in `-all` or `~all` (or redirects).
    pub fn hardening_state(&self) -> &'static str {
        let done = self.root.record.is_some()
            && self.breaking().is_none()
            && self.root.record.as_ref().is_some_and(|r| {
                r.all()
                    .is_some_and(|(_, q)| matches!(q, Qualifier::Fail | Qualifier::SoftFail))
                    || r.redirect().is_some()
            });
        if done {
            "done"
        } else {
            "todo"
        }
    }
}

/// What a node learnt from its TXT answer.
struct Fetched {
    status: NodeStatus,
    record: Option<Record>,
    authenticated: bool,
    cname_chain: Vec<String>,
    findings: Vec<Finding>,
}

fn fetched(answer: &Result<crate::dns::Lookup, DnsError>, domain: &str) -> Fetched {
    let mut findings = Vec::new();
    match answer {
        Ok(l) => {
            let txts: Vec<&Txt> = l
                .records
                .iter()
                .filter_map(|r| match r {
                    RData::Txt(t) => Some(t),
                    _ => None,
                })
                .collect();
            let spf: Vec<&Txt> = txts
                .iter()
                .copied()
                .filter(|t| is_spf_txt(t.strings()))
                .collect();
            // RFC 7208 §3.4: the whole answer should fit in 512 octets (header 12, question
            // name + 4, and per record a 2-octet name pointer, 10 octets of fields and the data).
            let size =
                12 + domain.len() + 2 + 4 + txts.iter().map(|t| 12 + t.rdata_len()).sum::<usize>();
            if !spf.is_empty() && size > 512 {
                findings.push(Code::RecordTooLong.finding(format!(
                    "the TXT answer for {domain} is about {size} octets, over the 512 that fit in one UDP answer without EDNS"
                )));
            }
            match spf.len() {
                0 => Fetched {
                    status: NodeStatus::NoRecord,
                    record: None,
                    authenticated: l.authenticated,
                    cname_chain: l.cname_chain.clone(),
                    findings,
                },
                1 => Fetched {
                    status: NodeStatus::Ok,
                    record: Some(parse_strings(spf[0].strings())),
                    authenticated: l.authenticated,
                    cname_chain: l.cname_chain.clone(),
                    findings,
                },
                n => {
                    findings.push(Code::MultipleRecords.finding(format!(
                        "{domain} publishes {n} SPF records; receivers return permerror"
                    )));
                    Fetched {
                        status: NodeStatus::MultipleRecords,
                        record: Some(parse_strings(spf[0].strings())),
                        authenticated: l.authenticated,
                        cname_chain: l.cname_chain.clone(),
                        findings,
                    }
                }
            }
        }
        Err(e) if e.is_void() => Fetched {
            status: NodeStatus::NoRecord,
            record: None,
            authenticated: false,
            cname_chain: e.cname_chain().to_vec(),
            findings,
        },
        Err(e) => {
            findings
                .push(Code::DnsError.finding(format!("the TXT lookup of {domain} failed: {e}")));
            Fetched {
                status: NodeStatus::DnsError,
                record: None,
                authenticated: false,
                cname_chain: Vec::new(),
                findings,
            }
        }
    }
}

struct Pending {
    domain: String,
    via: Option<String>,
    depth: u32,
    /// Normalized domains from the root down to the parent.
    ancestors: Vec<String>,
    /// Index path of the node in the tree.
    path: Vec<usize>,
    status: Option<NodeStatus>,
}

/// Builds the tree of `domain` from its published record.
pub async fn inspect<R: Resolver>(resolver: &R, domain: &str) -> Tree {
    inspect_with(resolver, domain, None).await
}

/// Builds the tree of `domain`; with a `draft`, that text stands in for the published record
/// (the "what if" editor), and everything below it is resolved as usual.
pub async fn inspect_with<R: Resolver>(resolver: &R, domain: &str, draft: Option<&str>) -> Tree {
    let memo = Memo::new(resolver);
    let mut tree = build(&memo, domain, draft).await;
    tree.queries = memo.sent();
    tree
}

/// The tree of `domain` (or of `draft` at `domain`), with the answers of one memo: the records
/// of a domain that publishes several are each built again as a draft, with no query asked twice.
fn build<'a, 'r, R: Resolver>(
    memo: &'a Memo<'r, R>,
    domain: &'a str,
    draft: Option<&'a str>,
) -> LocalBoxFuture<'a, Tree> {
    Box::pin(async move {
        let mut root: Option<Node> = None;
        let mut level = vec![Pending {
            domain: domain.to_string(),
            via: None,
            depth: 0,
            ancestors: Vec::new(),
            path: Vec::new(),
            status: None,
        }];
        let mut nodes = 0usize;
        // The a/mx/exists probes of a level go out as soon as the level is read, and the walk does
        // not wait for them: the next level's TXT lookups depend on the records, not on the probes,
        // which only the counting after the walk reads. A slow probe (an MX host's address) thus
        // never holds back the include chain, usually the longest chain of the whole inspection.
        // Each batch is polled beside the walk (`join!` polls every part whenever the task wakes);
        // the prober ends once the walk has ended and every batch is answered.
        let probes_out: RefCell<Vec<LocalBoxFuture<'_, ()>>> = RefCell::new(Vec::new());
        let walked = Cell::new(false);
        let probing = std::future::poll_fn(|cx| {
            probes_out
                .borrow_mut()
                .retain_mut(|batch| batch.as_mut().poll(cx).is_pending());
            if walked.get() && probes_out.borrow().is_empty() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        });
        // The obsolete type 99 is asked beside the root's TXT, but the walk does not wait for it: the
        // include chain is usually the longest chain of the whole inspection.
        let spf99 = memo.query(domain, RecordType::Spf);
        let walk = async {
            while !level.is_empty() {
                // This level's TXT lookups, all at once.
                let wanted: Vec<(String, RecordType)> = level
                    .iter()
                    .filter(|p| p.status.is_none() && !(p.depth == 0 && draft.is_some()))
                    .map(|p| (p.domain.clone(), RecordType::Txt))
                    .collect();
                memo.query_many(wanted).await;
                let mut built = Vec::new();
                for p in &level {
                    let mut node = Node {
                        domain: p.domain.clone(),
                        via: p.via.clone(),
                        status: p.status.unwrap_or(NodeStatus::Ok),
                        record: None,
                        lookups: 0,
                        lookups_total: 0,
                        void_lookups: 0,
                        void_lookups_total: 0,
                        authenticated: false,
                        cname_chain: Vec::new(),
                        findings: Vec::new(),
                        children: Vec::new(),
                    };
                    if p.status.is_none() {
                        nodes += 1;
                        let f = match draft.filter(|_| p.depth == 0) {
                            Some(text) => Fetched {
                                status: if is_spf_record(text) {
                                    NodeStatus::Ok
                                } else {
                                    NodeStatus::NoRecord
                                },
                                record: is_spf_record(text).then(|| super::parse::parse(text)),
                                authenticated: false,
                                cname_chain: Vec::new(),
                                findings: if is_spf_record(text) {
                                    Vec::new()
                                } else {
                                    vec![Code::Syntax.finding("a draft must begin with v=spf1")]
                                },
                            },
                            None => {
                                fetched(&memo.query(&p.domain, RecordType::Txt).await, &p.domain)
                            }
                        };
                        node.status = f.status;
                        node.authenticated = f.authenticated;
                        node.cname_chain = f.cname_chain;
                        node.findings = f.findings;
                        if let Some(r) = &f.record {
                            let root_like = p.depth == 0
                                || p.via.as_deref().is_some_and(|v| {
                                    v.to_ascii_lowercase().starts_with("redirect")
                                });
                            node.findings.extend(lint(r, root_like));
                        }
                        node.record = f.record;
                    }
                    built.push(node);
                }
                // Probe the targets of a, mx and exists for void lookups, and collect the next level.
                let mut probes = Vec::new();
                let mut next = Vec::new();
                for (p, node) in level.iter().zip(built.iter_mut()) {
                    let Some(record) = node.followed_record() else {
                        continue;
                    };
                    let mut ancestors = p.ancestors.clone();
                    ancestors.push(normalize_name(&p.domain));
                    let mut child_index = 0;
                    let redirect_used = record.all().is_none();
                    for t in &record.terms {
                        let (target, via) = match (&t.kind, t.modifier()) {
                            (
                                TermKind::Directive {
                                    mechanism: Mechanism::Include { domain },
                                    ..
                                },
                                _,
                            ) => (domain, t.text.clone()),
                            (_, Some(Modifier::Redirect { domain })) if redirect_used => {
                                (domain, t.text.clone())
                            }
                            (TermKind::Directive { mechanism, .. }, _) => {
                                let (spec, qtype) = match mechanism {
                                    Mechanism::A { domain, .. } => (domain.as_ref(), RecordType::A),
                                    Mechanism::Mx { domain, .. } => {
                                        (domain.as_ref(), RecordType::Mx)
                                    }
                                    Mechanism::Exists { domain } => (Some(domain), RecordType::A),
                                    _ => continue,
                                };
                                if spec.is_none_or(|s| s.is_literal()) {
                                    let name = spec.map_or(p.domain.clone(), |s| {
                                        macros::to_query_name(&s.raw)
                                    });
                                    probes.push((name, qtype));
                                }
                                continue;
                            }
                            _ => continue,
                        };
                        let (name, status) = if target.is_literal() {
                            let name = macros::to_query_name(&target.raw);
                            let status = if ancestors.contains(&normalize_name(&name)) {
                                Some(NodeStatus::Loop)
                            } else if p.depth + 1 > MAX_DEPTH || nodes + next.len() >= MAX_NODES {
                                Some(NodeStatus::NotFollowed)
                            } else {
                                None
                            };
                            (name, status)
                        } else {
                            (target.raw.clone(), Some(NodeStatus::Macro))
                        };
                        let mut path = p.path.clone();
                        path.push(child_index);
                        child_index += 1;
                        next.push(Pending {
                            domain: name,
                            via: Some(via),
                            depth: p.depth + 1,
                            ancestors: ancestors.clone(),
                            path,
                            status,
                        });
                    }
                }
                // The explanation text of the root's exp=, beside the probes.
                if let Some(name) = level
                    .iter()
                    .zip(built.iter())
                    .find(|(p, _)| p.depth == 0)
                    .and_then(|(_, n)| n.record.as_ref())
                    .and_then(exp_name)
                {
                    probes.push((name, RecordType::Txt));
                }
                if !probes.is_empty() {
                    probes_out
                        .borrow_mut()
                        .push(Box::pin(memo.query_many(probes)));
                }
                // Attach the built nodes to the tree.
                for (p, node) in level.iter().zip(built) {
                    match &mut root {
                        None => root = Some(node),
                        Some(r) => {
                            let mut at = r;
                            for i in &p.path[..p.path.len() - 1] {
                                at = &mut at.children[*i];
                            }
                            at.children.push(node);
                        }
                    }
                }
                level = next;
            }
            walked.set(true);
        };
        let (spf_rr, (), ()) = futures::join!(spf99, walk, probing);
        let mut root = root.expect("the root is always built");
        let mut counts = Vec::new();
        count(&mut root, memo, &mut counts).await;
        let multiple = match (root.status, draft) {
            (NodeStatus::MultipleRecords, None) => {
                let m = multiple(memo, domain).await;
                for f in root
                    .findings
                    .iter_mut()
                    .filter(|f| f.code == Code::MultipleRecords.as_str())
                {
                    f.message = format!("{}: {}", f.message, m.summary());
                }
                Some(m)
            }
            _ => None,
        };
        let exp = match root.record.as_ref().and_then(|r| r.exp()) {
            Some((term, spec)) => {
                let text = match exp_name(root.record.as_ref().expect("exp() came from it")) {
                    Some(name) => match &memo.query(&name, RecordType::Txt).await {
                        Ok(l) => match l.records.as_slice() {
                            [RData::Txt(t)] => {
                                Some(String::from_utf8_lossy(&t.bytes()).into_owned())
                            }
                            _ => None,
                        },
                        Err(_) => None,
                    },
                    None => None,
                };
                Some(Explanation {
                    term: term.text.clone(),
                    domain: if spec.is_literal() {
                        macros::to_query_name(&spec.raw)
                    } else {
                        spec.raw.clone()
                    },
                    text,
                    per_message: !spec.is_literal(),
                })
            }
            None => None,
        };
        let lookups = root.lookups_total;
        let void_lookups = root.void_lookups_total;
        let mut findings = Vec::new();
        if lookups > 10 {
            let over: Vec<String> = counts
                .iter()
                .filter(|c| c.kind == "lookup" && c.number > 10)
                .map(|c| format!("{} (in {})", c.term, c.domain))
                .collect();
            // The first few by name; a record built with hundreds would bury the page.
            const NAMED: usize = 8;
            let more = match over.len().saturating_sub(NAMED) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            findings.push(Code::TooManyLookups.finding(format!(
            "{lookups} DNS-querying terms where at most 10 are allowed: evaluation stops with permerror at the 11th, so a sender not matched before it (forged mail included) gets permerror, while senders matched earlier get their result; over the limit: {}{more}",
            over[..over.len().min(NAMED)].join(", ")
        )));
        }
        if void_lookups > 2 {
            findings.push(Code::TooManyVoidLookups.finding(format!(
            "{void_lookups} lookups return no records where at most 2 are allowed: evaluation stops with permerror at the 3rd, so a sender not matched before it gets permerror; void: {}",
            counts
                .iter()
                .filter(|c| c.kind == "void")
                .map(|c| format!("{} (in {})", c.term, c.domain))
                .collect::<Vec<_>>()
                .join(", ")
        )));
        }
        if root.status == NodeStatus::NoRecord && draft.is_none() {
            findings.push(Code::NoRecord.finding(format!("{domain} publishes no SPF record")));
        }
        if let Ok(l) = &spf_rr {
            if !l.records.is_empty() {
                findings.push(Code::SpfRrType.finding(format!(
                "{domain} publishes {} record(s) of the obsolete SPF type (99); only TXT is used",
                l.records.len()
            )));
            }
        }
        collect_findings(&root, &mut findings);
        Tree {
            root,
            lookups,
            void_lookups,
            max_lookups: 10,
            max_void_lookups: 2,
            counts,
            findings,
            multiple,
            exp,
            queries: memo.sent(),
        }
    })
}

/// The name an `exp=` without macros looks its text up at.
fn exp_name(record: &Record) -> Option<String> {
    record
        .exp()
        .filter(|(_, spec)| spec.is_literal())
        .map(|(_, spec)| macros::to_query_name(&spec.raw))
}

/// Each SPF record of a domain that publishes several, counted as if it were the only one, and
/// the records merged into one.
async fn multiple<R: Resolver>(memo: &Memo<'_, R>, domain: &str) -> Multiple {
    let texts: Vec<String> = match &memo.query(domain, RecordType::Txt).await {
        Ok(l) => l
            .records
            .iter()
            .filter_map(|r| match r {
                RData::Txt(t) if is_spf_txt(t.strings()) => Some(parse_strings(t.strings()).text),
                _ => None,
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut records = Vec::new();
    for text in &texts {
        let t = build(memo, domain, Some(text)).await;
        records.push(RecordCount::of(text, &t));
    }
    let merged_text = merge(&texts);
    let t = build(memo, domain, Some(&merged_text)).await;
    Multiple {
        records,
        merged: RecordCount::of(&merged_text, &t),
    }
}

/// Walks the tree in evaluation order, counting lookups and voids, and adds the findings that
/// depend on children and probes.
fn count<'a, R: Resolver>(
    node: &'a mut Node,
    memo: &'a Memo<'_, R>,
    counts: &'a mut Vec<Count>,
) -> futures::future::LocalBoxFuture<'a, ()> {
    Box::pin(async move {
        let Some(record) = node.followed_record().cloned() else {
            return;
        };
        let mut child = 0;
        let redirect_used = record.all().is_none();
        let (mut lookups, mut voids, mut lookups_total, mut voids_total) = (0, 0, 0, 0);
        let next_number = |counts: &Vec<Count>, kind: &str| {
            counts.iter().filter(|c| c.kind == kind).count() as u32 + 1
        };
        for t in &record.terms {
            let is_redirect = matches!(t.modifier(), Some(Modifier::Redirect { .. }));
            if !t.queries_dns() || (is_redirect && !redirect_used) {
                continue;
            }
            lookups += 1;
            lookups_total += 1;
            let n = next_number(counts, "lookup");
            counts.push(Count {
                kind: "lookup",
                number: n,
                domain: node.domain.clone(),
                term: t.text.clone(),
                span: t.span,
                note: None,
            });
            let target_of = |spec: Option<&super::record::MacroString>| -> Option<String> {
                match spec {
                    None => Some(node.domain.clone()),
                    Some(s) if s.is_literal() => Some(macros::to_query_name(&s.raw)),
                    Some(_) => None,
                }
            };
            let mut void_note = None;
            match (t.mechanism(), is_redirect) {
                (Some(Mechanism::Include { .. }), _) | (_, true) => {
                    if let Some(c) = node.children.get_mut(child) {
                        child += 1;
                        count(c, memo, counts).await;
                        lookups_total += c.lookups_total;
                        voids_total += c.void_lookups_total;
                        match c.status {
                            NodeStatus::NoRecord => node.findings.push(
                                Code::IncludeNoRecord
                                    .finding(format!("{}: {} has no SPF record, so evaluation ends in permerror here", t.text, c.domain))
                                    .at(t.span),
                            ),
                            NodeStatus::Loop => node.findings.push(
                                Code::IncludeLoop
                                    .finding(format!("{}: {} is already being evaluated higher up the tree", t.text, c.domain))
                                    .at(t.span),
                            ),
                            NodeStatus::Macro => node.findings.push(
                                Code::IncludeMacro
                                    .finding(format!("{}: the target has macros and depends on the sender", t.text))
                                    .at(t.span),
                            ),
                            _ => {}
                        }
                    }
                }
                (Some(m), _) => {
                    let (spec, qtype) = match m {
                        Mechanism::A { domain, .. } => (domain.as_ref(), RecordType::A),
                        Mechanism::Mx { domain, .. } => (domain.as_ref(), RecordType::Mx),
                        Mechanism::Exists { domain } => (Some(domain), RecordType::A),
                        _ => (None, RecordType::Ptr),
                    };
                    if qtype != RecordType::Ptr {
                        if let Some(name) = target_of(spec) {
                            match memo.query(&name, qtype).await {
                                Err(e) if e.is_void() => void_note = Some(format!("{name}: {}", if e.kind() == "nxdomain" { "no such name" } else { "no records" })),
                                Ok(l) if qtype == RecordType::Mx && l.records.len() > 10 => node.findings.push(
                                    Code::MxTooManyNames
                                        .finding(format!("{}: {name} has {} MX hosts; more than 10 is a permerror", t.text, l.records.len()))
                                        .at(t.span),
                                ),
                                _ => {}
                            }
                        }
                    }
                }
                _ => {}
            }
            if let Some(note) = void_note {
                voids += 1;
                voids_total += 1;
                let n = next_number(counts, "void");
                counts.push(Count {
                    kind: "void",
                    number: n,
                    domain: node.domain.clone(),
                    term: t.text.clone(),
                    span: t.span,
                    note: Some(note),
                });
            }
        }
        node.lookups = lookups;
        node.void_lookups = voids;
        node.lookups_total = lookups_total;
        node.void_lookups_total = voids_total;
    })
}

fn collect_findings(node: &Node, out: &mut Vec<Finding>) {
    for f in &node.findings {
        let mut f = f.clone();
        f.message = format!("{}: {}", node.domain, f.message);
        // Spans point into the node's own record; keep them only for the root.
        if node.via.is_some() {
            f.span = None;
        }
        out.push(f);
    }
    for c in &node.children {
        collect_findings(c, out);
    }
}

/// The records a tree would look up, for tests and the UI: domain names in evaluation order.
pub fn domains(tree: &Tree) -> Vec<String> {
    fn walk(n: &Node, out: &mut Vec<String>) {
        out.push(n.domain.clone());
        for c in &n.children {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    walk(&tree.root, &mut out);
    out
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
