//! The lookup meter of a built record, the ways back under the limits, and flattening an
//! include into the ranges it holds today.

use super::build::*;
use crate::build::Code;
use crate::diag::Finding;
use crate::spf::record::{Mechanism, Modifier, Qualifier, TermKind};
use crate::spf::tree::{Node, NodeStatus, Tree};
use serde::Serialize;

// ---------------------------------------------------------------------------------------------
// The lookup meter

/// Lookups at which the meter starts to warn: two left, and the smallest include of several
/// providers costs more.
pub const NEAR_LOOKUPS: u32 = 8;

/// How close the record is to its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Ok,
    /// At or above [`NEAR_LOOKUPS`], or at the void-lookup limit.
    Near,
    /// Over a limit: every message that no earlier term matches gets permerror.
    Over,
}

impl Level {
    /// The CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Near => "near",
            Level::Over => "over",
        }
    }
}

/// What one term of the record costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermCost {
    pub term: String,
    /// DNS-querying terms: the term itself and, for an include, everything below it.
    pub lookups: u32,
    pub void_lookups: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<&'static str>,
}

/// The standard ways out of a record over its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WayOutKind {
    /// Remove a sender whose include is not checked here, or that is no longer used.
    DropSender,
    /// Send that provider's mail from a subdomain with a record of its own.
    MoveToSubdomain,
    /// Replace an include with the ranges it holds now.
    Flatten,
    /// Remove an own term (`a`, `mx`, `a:host`) or one whose lookup returns nothing.
    DropTerm,
}

/// One way out, with what it saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WayOut {
    pub kind: WayOutKind,
    /// The term of the record it acts on.
    pub term: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<&'static str>,
    /// Lookups it saves (void lookups for a term whose lookup returns nothing).
    pub saves: u32,
    /// Whether this step alone brings the record back within its limits.
    pub enough: bool,
    pub advice: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
    /// For [`WayOutKind::Flatten`]: the ranges to copy (into [`SpfBuilder::flattened`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flatten: Option<Flattening>,
}

/// The meter beside the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meter {
    pub lookups: u32,
    pub max_lookups: u32,
    pub void_lookups: u32,
    pub max_void_lookups: u32,
    pub level: Level,
    /// `7/10 lookups, 0/2 void`
    pub label: String,
    /// The record's DNS-querying terms and what each costs, in order.
    pub terms: Vec<TermCost>,
    /// `spf-build-near-limit` when near; the tree's own findings say when a limit is crossed.
    pub findings: Vec<Finding>,
    /// Filled once a limit is crossed, most useful first.
    pub ways_out: Vec<WayOut>,
}

/// Reads the lookup counts of the built record off its tree (`spf::tree::inspect_with(resolver,
/// domain, Some(&output.record.text))`), per term, and the ways out when a limit is crossed.
pub fn meter(output: &SpfOutput, tree: &Tree) -> Meter {
    let root = &tree.root;
    let sender_of = |term: &str| {
        output
            .terms
            .iter()
            .find(|t| t.term.eq_ignore_ascii_case(term))
            .and_then(|t| match t.origin {
                Origin::Sender { id, .. } => Some(id),
                _ => None,
            })
    };
    let mut terms = Vec::new();
    if let Some(record) = root
        .record
        .as_ref()
        .filter(|_| root.status == NodeStatus::Ok)
    {
        let mut children = root.children.iter();
        let redirect_used = record.all().is_none();
        for t in &record.terms {
            let is_redirect = matches!(t.modifier(), Some(Modifier::Redirect { .. }));
            if !t.queries_dns() || (is_redirect && !redirect_used) {
                continue;
            }
            let mut lookups = 1;
            let mut voids = tree
                .counts
                .iter()
                .filter(|c| c.kind == "void" && c.domain == root.domain && c.span == t.span)
                .count() as u32;
            if is_redirect || matches!(t.mechanism(), Some(Mechanism::Include { .. })) {
                if let Some(c) = children.next() {
                    lookups += c.lookups_total;
                    voids += c.void_lookups_total;
                }
            }
            terms.push(TermCost {
                term: t.text.clone(),
                lookups,
                void_lookups: voids,
                sender: sender_of(&t.text),
            });
        }
    }
    let (max, max_void) = (tree.max_lookups, tree.max_void_lookups);
    let level = if tree.lookups > max || tree.void_lookups > max_void {
        Level::Over
    } else if tree.lookups >= NEAR_LOOKUPS || tree.void_lookups == max_void {
        Level::Near
    } else {
        Level::Ok
    };
    // Both limits near make one finding: one code is one finding on a page.
    let mut near = Vec::new();
    if level == Level::Near {
        if tree.lookups >= NEAR_LOOKUPS {
            near.push(format!(
                "{}/{max} lookups: {} left before receivers return permerror",
                tree.lookups,
                max - tree.lookups
            ));
        }
        if tree.void_lookups == max_void {
            near.push(format!(
                "{}/{max_void} void lookups: one more name that does not resolve and receivers return permerror",
                tree.void_lookups
            ));
        }
    }
    let findings: Vec<Finding> = (!near.is_empty())
        .then(|| Code::SpfNearLimit.finding(near.join("; ")))
        .into_iter()
        .collect();
    let ways_out = if level == Level::Over {
        ways_out(tree, &terms)
    } else {
        Vec::new()
    };
    Meter {
        lookups: tree.lookups,
        max_lookups: max,
        void_lookups: tree.void_lookups,
        max_void_lookups: max_void,
        level,
        label: format!(
            "{}/{max} lookups, {}/{max_void} void",
            tree.lookups, tree.void_lookups
        ),
        terms,
        findings,
        ways_out,
    }
}

fn ways_out(tree: &Tree, costs: &[TermCost]) -> Vec<WayOut> {
    let over = tree.lookups.saturating_sub(tree.max_lookups);
    let over_void = tree.void_lookups.saturating_sub(tree.max_void_lookups);
    let domain = if tree.root.domain.is_empty() {
        "<domain>"
    } else {
        tree.root.domain.as_str()
    };
    let enough = |saves: u32| over > 0 && saves >= over && over_void == 0;
    let mut by_cost: Vec<&TermCost> = costs.iter().filter(|c| c.lookups > 0).collect();
    crate::order::sort_by_key(&mut by_cost, |c| std::cmp::Reverse(c.lookups));
    let (mut provider, mut flat, mut moves, mut drops, mut own) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for c in &by_cost {
        let include = c
            .term
            .strip_prefix("include:")
            .or_else(|| c.term.strip_prefix("+include:"));
        let s = c.sender.and_then(sender);
        if over > 0 {
            if let Some(s) = s {
                if s.envelope == Envelope::Provider {
                    provider.push(WayOut {
                        kind: WayOutKind::DropSender,
                        term: c.term.clone(),
                        sender: Some(s.id),
                        saves: c.lookups,
                        enough: enough(c.lookups),
                        advice: format!(
                            "Drop {}: it sends with its own domain in MAIL FROM, so receivers check its record, not this one, and DMARC passes for its mail through its DKIM signature.",
                            s.name
                        ),
                        caveat: Some(format!(
                            "If {} is set up with a custom Return-Path in {domain} itself, keep it or move that Return-Path to a subdomain.",
                            s.name
                        )),
                        flatten: None,
                    });
                }
                let sub = s.subdomain.unwrap_or(match s.kind {
                    Kind::Marketing => "news",
                    _ => "mail",
                });
                moves.push(WayOut {
                    kind: WayOutKind::MoveToSubdomain,
                    term: c.term.clone(),
                    sender: Some(s.id),
                    saves: c.lookups,
                    enough: enough(c.lookups),
                    advice: format!(
                        "Send {}'s mail from {sub}.{domain} (or make that its custom Return-Path / MAIL FROM domain) and publish v=spf1 {} ~all at {sub}.{domain}: a subdomain has its own record and its own 10 lookups.",
                        s.name,
                        c.term
                    ),
                    caveat: Some(if s.kind == Kind::Mailbox {
                        format!("{} holds mailboxes: people would then write from addresses at {sub}.{domain}.", s.name)
                    } else {
                        format!("Set the subdomain up in {} too, so that it signs with DKIM for it.", s.name)
                    }),
                    flatten: None,
                });
            }
            if let Some(inc) = include {
                match flatten(tree, inc) {
                    Some(f) if f.complete => flat.push(WayOut {
                        kind: WayOutKind::Flatten,
                        term: c.term.clone(),
                        sender: c.sender,
                        saves: f.lookups_saved,
                        enough: enough(f.lookups_saved),
                        advice: format!(
                            "Replace {} with the {} it holds today.",
                            c.term,
                            ranges_n(f.ranges.len())
                        ),
                        caveat: Some(format!(
                            "Flattened ranges go stale: when {inc} changes its ranges (providers do, without notice), mail from the new ones fails SPF. Check them against {inc} regularly."
                        )),
                        flatten: Some(f),
                    }),
                    _ => {}
                }
            }
            match (s, include) {
                (Some(s), _) if s.envelope == Envelope::Yours => drops.push(WayOut {
                    kind: WayOutKind::DropSender,
                    term: c.term.clone(),
                    sender: Some(s.id),
                    saves: c.lookups,
                    enough: enough(c.lookups),
                    advice: format!("If {domain} no longer sends through {}, remove it.", s.name),
                    caveat: None,
                    flatten: None,
                }),
                (None, Some(_)) => drops.push(WayOut {
                    kind: WayOutKind::DropSender,
                    term: c.term.clone(),
                    sender: None,
                    saves: c.lookups,
                    enough: enough(c.lookups),
                    advice: format!("If nothing sends through {} any more, remove it.", c.term),
                    caveat: None,
                    flatten: None,
                }),
                (None, None) => own.push(WayOut {
                    kind: WayOutKind::DropTerm,
                    term: c.term.clone(),
                    sender: None,
                    saves: c.lookups,
                    enough: enough(c.lookups),
                    advice: format!(
                        "If the hosts {} names do not send mail, remove it; if they do, list their addresses as ranges, which cost no lookup.",
                        c.term
                    ),
                    caveat: None,
                    flatten: None,
                }),
                _ => {}
            }
        }
        if over_void > 0 && c.void_lookups > 0 {
            own.push(WayOut {
                kind: WayOutKind::DropTerm,
                term: c.term.clone(),
                sender: c.sender,
                saves: c.void_lookups,
                enough: c.void_lookups >= over_void && over == 0,
                advice: format!(
                    "{} leads to {} {} nothing: remove it, or fix the name it points to.",
                    c.term,
                    c.void_lookups,
                    if c.void_lookups == 1 {
                        "lookup returns"
                    } else {
                        "lookups return"
                    }
                ),
                caveat: None,
                flatten: None,
            });
        }
    }
    provider
        .into_iter()
        .chain(flat)
        .chain(moves)
        .chain(drops)
        .chain(own)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Flattening

/// The ranges an include holds now, from the tree of a record that has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flattening {
    pub include: String,
    /// `192.0.2.0/24`, `2001:db8::/32`, each once, in the order met.
    pub ranges: Vec<String>,
    /// False when the include holds something that cannot be copied as ranges ([`Self::blockers`]).
    pub complete: bool,
    /// Why not, term by term: `a`, `mx`, `exists`, `ptr`, macros, ranges with a qualifier other
    /// than `+`, records that could not be read.
    pub blockers: Vec<String>,
    /// The lookups the include costs now, all saved by copying its ranges.
    pub lookups_saved: u32,
}

/// The ranges behind `include:<include>` of the tree's root record, for [`SpfBuilder::flattened`].
/// `None` when the root has no such include.
pub fn flatten(tree: &Tree, include: &str) -> Option<Flattening> {
    let want = include.trim().trim_end_matches('.').to_ascii_lowercase();
    let record = tree.root.record.as_ref()?;
    let mut children = tree.root.children.iter();
    let redirect_used = record.all().is_none();
    let mut node = None;
    for t in &record.terms {
        let is_include = matches!(t.mechanism(), Some(Mechanism::Include { .. }));
        let is_redirect = matches!(t.modifier(), Some(Modifier::Redirect { .. })) && redirect_used;
        if !(is_include || is_redirect) {
            continue;
        }
        let child = children.next();
        if let (true, Some(Mechanism::Include { domain })) = (is_include, t.mechanism()) {
            if domain.raw.trim_end_matches('.').eq_ignore_ascii_case(&want) {
                node = child;
                break;
            }
        }
    }
    let node = node?;
    let mut f = Flattening {
        include: want,
        ranges: Vec::new(),
        complete: true,
        blockers: Vec::new(),
        lookups_saved: 1 + node.lookups_total,
    };
    collect_ranges(node, &mut f);
    f.complete = f.blockers.is_empty();
    Some(f)
}

fn collect_ranges(node: &Node, f: &mut Flattening) {
    let status = match node.status {
        NodeStatus::Ok => None,
        NodeStatus::NoRecord => Some("has no SPF record"),
        NodeStatus::MultipleRecords => Some("has several SPF records"),
        NodeStatus::DnsError => Some("could not be looked up"),
        NodeStatus::Loop => Some("is an include loop"),
        NodeStatus::Macro => Some("has macros, resolved per message"),
        NodeStatus::NotFollowed => Some("was not followed (too deep)"),
    };
    if let Some(why) = status {
        f.blockers.push(format!("{} {why}", node.domain));
        return;
    }
    let Some(record) = node.record.as_ref() else {
        return;
    };
    if record.has_syntax_error() {
        f.blockers
            .push(format!("{} has a syntax error", node.domain));
        return;
    }
    let redirect_used = record.all().is_none();
    let mut children = node.children.iter();
    for t in &record.terms {
        let in_domain = |what: &str| format!("{} in {}: {what}", t.text, node.domain);
        match &t.kind {
            TermKind::Directive {
                qualifier,
                mechanism,
            } => {
                let pass = qualifier.unwrap_or(Qualifier::Pass) == Qualifier::Pass;
                match mechanism {
                    Mechanism::Ip4 { network, prefix } if pass => {
                        add_range(f, range_text(&network.to_string(), *prefix))
                    }
                    Mechanism::Ip6 {
                        network, prefix, ..
                    } if pass => add_range(f, range_text(&network.to_string(), *prefix)),
                    Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. } => f.blockers.push(in_domain(
                        "a range with a qualifier other than + changes meaning when copied",
                    )),
                    Mechanism::Include { .. } => {
                        if let Some(c) = children.next() {
                            if pass {
                                collect_ranges(c, f);
                            } else {
                                f.blockers
                                    .push(in_domain("an include with a qualifier other than +"));
                            }
                        }
                    }
                    Mechanism::All => {
                        if qualifier.unwrap_or(Qualifier::Pass) == Qualifier::Pass {
                            f.blockers.push(in_domain("+all matches every host"));
                        }
                        // Terms after all are never evaluated.
                        return;
                    }
                    Mechanism::A { .. } | Mechanism::Mx { .. } => f.blockers.push(in_domain(
                        "its addresses are looked up at each check; copy them and they go stale",
                    )),
                    Mechanism::Ptr { .. } | Mechanism::Exists { .. } => f.blockers.push(in_domain(
                        "depends on the connecting IP; it has no ranges to copy",
                    )),
                }
            }
            TermKind::Modifier {
                modifier: Modifier::Redirect { .. },
            } if redirect_used => {
                if let Some(c) = children.next() {
                    collect_ranges(c, f);
                }
            }
            TermKind::Modifier { .. } => {}
            TermKind::Invalid => f.blockers.push(in_domain("cannot be read")),
        }
    }
}

fn add_range(f: &mut Flattening, r: String) {
    if !f.ranges.contains(&r) {
        f.ranges.push(r);
    }
}
