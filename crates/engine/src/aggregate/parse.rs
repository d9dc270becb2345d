//! The XML of a report, read as a stream of events (quick-xml, no DOM): memory stays that of
//! one record whatever the size of the report.
//!
//! Elements are recognized by name within their parent, in any order, with or without a
//! namespace prefix. An element that is not in either schema is skipped with everything inside
//! it, and noted once per path ([`Skip`]).
//!
//! ```text
//! ; RFC 9990 Appendix A, RFC 7489 Appendix C (elements only; both read)
//! feedback         = [version] report_metadata policy_published [extension] 1*record
//! report_metadata  = org_name email [extra_contact_info] report_id date_range *error [generator]
//! date_range       = begin end
//! policy_published = domain [adkim] [aspf] p [sp] [np] [pct] [fo] [testing] [discovery_method]
//! record           = row identifiers auth_results *extension-element
//! row              = source_ip count policy_evaluated
//! policy_evaluated = disposition dkim spf *reason      ; reason = type [comment]
//! identifiers      = [envelope_to] [envelope_from] header_from
//! auth_results     = *dkim *spf                          ; dkim = domain [selector] result [human_result]
//!                                                        ; spf  = domain [scope] result [human_result]
//! ```

use std::collections::HashMap;
use std::io::BufRead;
use std::net::IpAddr;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::codes::Code;
use super::report::*;
use super::value::{alignment, domain, is_placeholder, parse_int, parse_ip, policy};

/// The elements the parser knows, each under its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum N {
    Feedback,
    Version,
    Metadata,
    OrgName,
    Email,
    ExtraContact,
    ReportId,
    DateRange,
    Begin,
    End,
    Error,
    Generator,
    Policy,
    PDomain,
    Adkim,
    Aspf,
    P,
    Sp,
    Np,
    Pct,
    Fo,
    Testing,
    Discovery,
    VersionPublished,
    Record,
    Row,
    SourceIp,
    Count,
    Evaluated,
    Disposition,
    EvDkim,
    EvSpf,
    Reason,
    ReasonType,
    ReasonComment,
    Identifiers,
    HeaderFrom,
    EnvelopeFrom,
    EnvelopeTo,
    AuthResults,
    Dkim,
    DkimDomain,
    DkimSelector,
    DkimResult,
    DkimHuman,
    Spf,
    SpfDomain,
    SpfScope,
    SpfResult,
    SpfHuman,
}

impl N {
    fn name(self) -> &'static str {
        use N::*;
        match self {
            Feedback => "feedback",
            Version => "version",
            Metadata => "report_metadata",
            OrgName => "org_name",
            Email => "email",
            ExtraContact => "extra_contact_info",
            ReportId => "report_id",
            DateRange => "date_range",
            Begin => "begin",
            End => "end",
            Error => "error",
            Generator => "generator",
            Policy => "policy_published",
            PDomain | DkimDomain | SpfDomain => "domain",
            Adkim => "adkim",
            Aspf => "aspf",
            P => "p",
            Sp => "sp",
            Np => "np",
            Pct => "pct",
            Fo => "fo",
            Testing => "testing",
            Discovery => "discovery_method",
            VersionPublished => "version_published",
            Record => "record",
            Row => "row",
            SourceIp => "source_ip",
            Count => "count",
            Evaluated => "policy_evaluated",
            Disposition => "disposition",
            EvDkim | Dkim => "dkim",
            EvSpf | Spf => "spf",
            Reason => "reason",
            ReasonType => "type",
            ReasonComment => "comment",
            Identifiers => "identifiers",
            HeaderFrom => "header_from",
            EnvelopeFrom => "envelope_from",
            EnvelopeTo => "envelope_to",
            AuthResults => "auth_results",
            DkimSelector => "selector",
            DkimResult | SpfResult => "result",
            DkimHuman | SpfHuman => "human_result",
            SpfScope => "scope",
        }
    }

    /// Holds a value, not elements.
    fn is_leaf(self) -> bool {
        use N::*;
        !matches!(
            self,
            Feedback
                | Metadata
                | DateRange
                | Policy
                | Record
                | Row
                | Evaluated
                | Reason
                | Identifiers
                | AuthResults
                | Dkim
                | Spf
        )
    }

    /// The child `name` of `self`, when the schemas have it. Names are compared
    /// case-insensitively: schemas are lower case, a few reporters are not.
    fn child(self, name: &str) -> Option<N> {
        use N::*;
        let lower;
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = name.to_ascii_lowercase();
            lower.as_str()
        } else {
            name
        };
        Some(match (self, name) {
            (Feedback, "version") => Version,
            (Feedback, "report_metadata") => Metadata,
            (Feedback, "policy_published") => Policy,
            (Feedback, "record") => Record,
            // The draft's sample put `version` in `report_metadata`; some reporters copied it.
            (Metadata, "version") => Version,
            (Metadata, "org_name") => OrgName,
            (Metadata, "email") => Email,
            (Metadata, "extra_contact_info") => ExtraContact,
            (Metadata, "report_id") => ReportId,
            (Metadata, "date_range") => DateRange,
            (Metadata, "error") => Error,
            (Metadata, "generator") => Generator,
            (DateRange, "begin") => Begin,
            (DateRange, "end") => End,
            (Policy, "domain") => PDomain,
            (Policy, "adkim") => Adkim,
            (Policy, "aspf") => Aspf,
            (Policy, "p") => P,
            (Policy, "sp") => Sp,
            (Policy, "np") => Np,
            (Policy, "pct") => Pct,
            (Policy, "fo") => Fo,
            (Policy, "testing") => Testing,
            (Policy, "discovery_method") => Discovery,
            (Policy, "version_published") => VersionPublished,
            (Record, "row") => Row,
            (Record, "identifiers") => Identifiers,
            (Record, "auth_results") => AuthResults,
            (Row, "source_ip") => SourceIp,
            (Row, "count") => Count,
            (Row, "policy_evaluated") => Evaluated,
            (Evaluated, "disposition") => Disposition,
            (Evaluated, "dkim") => EvDkim,
            (Evaluated, "spf") => EvSpf,
            (Evaluated, "reason") => Reason,
            (Reason, "type") => ReasonType,
            (Reason, "comment") => ReasonComment,
            (Identifiers, "header_from") => HeaderFrom,
            (Identifiers, "envelope_from") => EnvelopeFrom,
            (Identifiers, "envelope_to") => EnvelopeTo,
            (AuthResults, "dkim") => Dkim,
            (AuthResults, "spf") => Spf,
            (Dkim, "domain") => DkimDomain,
            (Dkim, "selector") => DkimSelector,
            (Dkim, "result") => DkimResult,
            (Dkim, "human_result") => DkimHuman,
            (Spf, "domain") => SpfDomain,
            (Spf, "scope") => SpfScope,
            (Spf, "result") => SpfResult,
            (Spf, "human_result") => SpfHuman,
            _ => return None,
        })
    }
}

/// How the parse ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Every `feedback` closed; `trailing` is an error met after the last one (junk after the
    /// document, a checksum failure of the stream under it).
    Complete { trailing: Option<String> },
    /// The first element is not `feedback`.
    NotAggregate { root: String },
    /// No element at all.
    Empty,
    /// The XML broke (or the stream under it failed) at `offset`.
    Broken { offset: u64, message: String },
    /// More records than allowed.
    TooManyRecords,
}

pub(crate) struct Parsed {
    pub reports: Vec<Report>,
    pub outcome: Outcome,
}

/// A record being read.
#[derive(Default)]
struct RecordBuilder {
    source_ip: Option<IpAddr>,
    source_ip_seen: bool,
    count: Option<u64>,
    count_seen: bool,
    evaluated: PolicyEvaluated,
    identifiers: Identifiers,
    header_from_seen: bool,
    auth: AuthResults,
    dkim: DkimAuth,
    spf: SpfAuth,
    reason: Option<Reason>,
    start: u64,
}

/// A report being read.
struct ReportBuilder {
    report: Report,
    skips: HashMap<(&'static str, String), usize>,
    metadata_seen: bool,
    policy_seen: bool,
    rfc9990_elements: bool,
}

impl ReportBuilder {
    fn new(source: &str, namespace: Option<String>) -> ReportBuilder {
        ReportBuilder {
            report: Report {
                source: source.to_string(),
                schema: Schema::Rfc7489,
                version: None,
                namespace,
                metadata: Metadata::default(),
                policy_published: PolicyPublished::default(),
                records: Vec::new(),
                record_count: 0,
                messages: 0,
                complete: false,
                skipped: Vec::new(),
                findings: Vec::new(),
            },
            skips: HashMap::new(),
            metadata_seen: false,
            policy_seen: false,
            rfc9990_elements: false,
        }
    }

    fn skip(&mut self, code: Code, path: String, reason: String, offset: u64) {
        let mut key = (code.as_str(), path);
        if !self.skips.contains_key(&key) && self.skips.len() >= MAX_SKIPS {
            // A report that strays everywhere gets one entry for the rest, not one per path.
            key = (code.as_str(), "*".to_string());
        }
        match self.skips.get(&key) {
            Some(&i) => self.report.skipped[i].count += 1,
            None => {
                let reason = if key.1 == "*" {
                    format!(
                        "more than {MAX_SKIPS} kinds of skipped items; the rest are counted here"
                    )
                } else {
                    reason
                };
                self.skips.insert(key.clone(), self.report.skipped.len());
                self.report.skipped.push(Skip {
                    code: key.0,
                    path: key.1,
                    reason,
                    count: 1,
                    offset,
                });
            }
        }
    }

    fn finish(mut self, complete: bool) -> Report {
        let r = &mut self.report;
        r.complete = complete;
        let ns9990 = r
            .namespace
            .as_deref()
            .is_some_and(|n| n.contains("dmarc-2.0"));
        if ns9990 || self.rfc9990_elements {
            r.schema = Schema::Rfc9990;
        }
        let mut missing = Vec::new();
        if !self.metadata_seen {
            missing.push("feedback/report_metadata");
        } else {
            if r.metadata.org_name.is_none() {
                missing.push("feedback/report_metadata/org_name");
            }
            if r.metadata.report_id.is_none() {
                missing.push("feedback/report_metadata/report_id");
            }
            if r.metadata.date_range.is_none() {
                missing.push("feedback/report_metadata/date_range");
            }
        }
        if !self.policy_seen {
            missing.push("feedback/policy_published");
        } else if r.policy_published.domain.is_none() {
            missing.push("feedback/policy_published/domain");
        }
        if complete && r.records.is_empty() {
            missing.push("feedback/record");
        }
        for path in missing {
            let name = path.rsplit('/').next().unwrap_or(path);
            self.skip(
                Code::MissingElement,
                path.to_string(),
                format!("no <{name}>"),
                0,
            );
        }
        let r = &mut self.report;
        for e in &r.metadata.errors {
            r.findings
                .push(Code::ReporterError.finding(format!("the reporter wrote: {e}")));
        }
        if let Some(d) = r.metadata.date_range {
            if d.end < d.begin {
                let (b, e) = (d.begin, d.end);
                self.skip(
                    Code::BadValue,
                    "feedback/report_metadata/date_range".into(),
                    format!("end {e} is before begin {b}"),
                    0,
                );
            }
        }
        self.report
    }
}

/// The default namespace of an element, if declared on it.
fn namespace(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "xmlns")
        .map(|a| a.value.trim().to_string())
}

/// Distinct [`Skip`] entries per report; past that, one entry per code counts the rest.
const MAX_SKIPS: usize = 200;

/// `dkim`, `spf` and `reason` elements kept per record: RFC 9990 asks reporters for at most 100
/// signatures per row.
const MAX_PER_RECORD: usize = 100;

/// The longest value kept; the rest of a longer one is dropped (an `error` or `human_result`
/// is free text, and a bomb could make it as long as the whole stream).
const MAX_TEXT: usize = 64 * 1024;

struct Parser<'o> {
    source: &'o str,
    max_records: u64,
    /// Records started, in all reports of the stream.
    records_seen: u64,
    stack: Vec<N>,
    /// Depth inside an element being skipped (0: not skipping).
    skipping: usize,
    text: String,
    report: Option<ReportBuilder>,
    record: Option<RecordBuilder>,
    done: Vec<Report>,
    /// The first element around the reports when `<feedback>` is not the root (`report-wrapped`).
    wrapper: Option<String>,
    /// Depth inside such elements, outside any report.
    wrapper_depth: usize,
}

impl Parser<'_> {
    /// Text goes to the value of the open leaf element; text between elements is dropped.
    fn wants_text(&self) -> bool {
        self.skipping == 0
            && self.text.len() < MAX_TEXT
            && self.stack.last().is_some_and(|n| n.is_leaf())
    }

    fn path(&self, last: &str) -> String {
        let mut p = String::new();
        for n in &self.stack {
            p.push_str(n.name());
            p.push('/');
        }
        p.push_str(last);
        p
    }

    fn skip(&mut self, code: Code, path: String, reason: String, offset: u64) {
        if let Some(r) = &mut self.report {
            r.skip(code, path, reason, offset);
        }
    }

    /// `Ok(false)` to stop: the record cap.
    fn start(&mut self, e: &BytesStart, offset: u64) -> Result<bool, Outcome> {
        if self.skipping > 0 {
            self.skipping += 1;
            return Ok(true);
        }
        let local = e.local_name();
        let name = local.as_ref();
        let Some(&top) = self.stack.last() else {
            if !name.eq_ignore_ascii_case("feedback") {
                // Before any report, or inside the elements around them: an envelope some
                // archivers and mail systems put reports in. The reports inside are read;
                // without one, the first element names what the file is.
                if self.done.is_empty() || self.wrapper_depth > 0 {
                    if self.wrapper.is_none() {
                        self.wrapper = Some(name.to_string());
                    }
                    self.wrapper_depth += 1;
                    return Ok(true);
                }
                return Err(Outcome::Complete {
                    trailing: Some(format!("<{name}> after the report")),
                });
            }
            let mut report = ReportBuilder::new(self.source, namespace(e));
            if let Some(w) = &self.wrapper {
                report.report.findings.push(Code::Wrapped.finding(format!(
                    "the report is inside <{w}>, not the root of the file: read all the same"
                )));
            }
            self.report = Some(report);
            self.stack.push(N::Feedback);
            self.text.clear();
            return Ok(true);
        };
        match top.child(name) {
            Some(n) => {
                match n {
                    N::Record => {
                        if self.records_seen >= self.max_records {
                            return Ok(false);
                        }
                        self.records_seen += 1;
                        self.record = Some(RecordBuilder {
                            start: offset,
                            ..RecordBuilder::default()
                        });
                    }
                    N::Metadata => {
                        if let Some(r) = &mut self.report {
                            r.metadata_seen = true;
                        }
                    }
                    N::Policy => {
                        if let Some(r) = &mut self.report {
                            r.policy_seen = true;
                        }
                    }
                    N::Dkim => {
                        if let Some(r) = &mut self.record {
                            r.dkim = DkimAuth::default();
                        }
                    }
                    N::Spf => {
                        if let Some(r) = &mut self.record {
                            r.spf = SpfAuth::default();
                        }
                    }
                    N::Reason => {
                        if let Some(r) = &mut self.record {
                            r.reason = Some(Reason {
                                kind: OverrideType::Other,
                                comment: None,
                            });
                        }
                    }
                    N::Np | N::Testing | N::Discovery | N::Generator => {
                        if let Some(r) = &mut self.report {
                            r.rfc9990_elements = true;
                        }
                    }
                    _ => {}
                }
                self.stack.push(n);
                self.text.clear();
            }
            None => {
                let path = self.path(name);
                let reason = if name == "extension" || top == N::Record {
                    format!("<{name}>: an extension, not read")
                } else {
                    format!("<{name}> is not in the schema")
                };
                self.skip(Code::UnknownElement, path, reason, offset);
                self.skipping = 1;
            }
        }
        Ok(true)
    }

    fn end(&mut self, offset: u64) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        let Some(n) = self.stack.pop() else {
            self.wrapper_depth = self.wrapper_depth.saturating_sub(1);
            return;
        };
        let text = std::mem::take(&mut self.text);
        let v = text.trim();
        self.value(n, v, offset);
        self.text = text;
        self.text.clear();
    }

    fn value(&mut self, n: N, v: &str, offset: u64) {
        use N::*;
        if n.is_leaf() && is_placeholder(v) {
            // An empty envelope_from is meaningful: a null reverse-path.
            if n == EnvelopeFrom && v.is_empty() {
                if let Some(r) = &mut self.record {
                    r.identifiers.envelope_from = Some(String::new());
                }
                return;
            }
            if n == HeaderFrom {
                if let Some(r) = &mut self.record {
                    r.header_from_seen = true;
                }
            }
            if n == Count {
                if let Some(r) = &mut self.record {
                    r.count_seen = true;
                }
            }
            if n == SourceIp {
                if let Some(r) = &mut self.record {
                    r.source_ip_seen = true;
                }
            }
            let path = self.path(n.name());
            let reason = if v.is_empty() {
                format!("<{}> is empty", n.name())
            } else {
                format!("<{}> holds the placeholder {v:?}", n.name())
            };
            self.skip(Code::EmptyValue, path, reason, offset);
            return;
        }
        let bad = |p: &mut Self, what: &str| {
            let path = p.path(n.name());
            p.skip(
                Code::BadValue,
                path,
                format!("<{}> {v:?}: {what}", n.name()),
                offset,
            );
        };
        match n {
            Feedback => {
                if let Some(r) = self.report.take() {
                    self.done.push(r.finish(true));
                }
            }
            Record => self.finish_record(),
            Dkim | Spf | Reason => {
                let Some(r) = &mut self.record else {
                    return;
                };
                let full = match n {
                    Dkim => r.auth.dkim.len(),
                    Spf => r.auth.spf.len(),
                    _ => r.evaluated.reasons.len(),
                } >= MAX_PER_RECORD;
                if full {
                    let path = self.path(n.name());
                    self.skip(
                        Code::BadValue,
                        path,
                        format!(
                            "more than {MAX_PER_RECORD} <{}> in one record: the rest are ignored",
                            n.name()
                        ),
                        offset,
                    );
                    return;
                }
                match n {
                    Dkim => r.auth.dkim.push(std::mem::take(&mut r.dkim)),
                    Spf => r.auth.spf.push(std::mem::take(&mut r.spf)),
                    _ => {
                        if let Some(reason) = r.reason.take() {
                            r.evaluated.reasons.push(reason);
                        }
                    }
                }
            }
            Metadata | DateRange | Policy | Row | Evaluated | Identifiers | AuthResults => {}
            Version => {
                if let Some(r) = &mut self.report {
                    r.report.version = Some(v.to_string());
                }
            }
            OrgName | Email | ExtraContact | ReportId | Generator | Error => {
                if let Some(r) = &mut self.report {
                    let m = &mut r.report.metadata;
                    let s = Some(v.to_string());
                    match n {
                        OrgName => m.org_name = s,
                        Email => m.email = s,
                        ExtraContact => m.extra_contact_info = s,
                        ReportId => m.report_id = s,
                        Generator => m.generator = s,
                        _ => m.errors.push(v.to_string()),
                    }
                }
            }
            Begin | End => match parse_int(v) {
                Some(t) => {
                    if let Some(r) = &mut self.report {
                        let d = r
                            .report
                            .metadata
                            .date_range
                            .get_or_insert(super::report::DateRange { begin: t, end: t });
                        if n == Begin {
                            d.begin = t;
                        } else {
                            d.end = t;
                        }
                    }
                }
                None => bad(self, "not a number of seconds"),
            },
            PDomain => {
                if let Some(r) = &mut self.report {
                    r.report.policy_published.domain = Some(domain(v));
                }
            }
            P | Sp | Np => match policy(v) {
                Some(p) => {
                    if let Some(r) = &mut self.report {
                        let pp = &mut r.report.policy_published;
                        match n {
                            P => pp.p = Some(p),
                            Sp => pp.sp = Some(p),
                            _ => pp.np = Some(p),
                        }
                    }
                }
                None => bad(self, "not none, quarantine or reject"),
            },
            Adkim | Aspf => match alignment(v) {
                Some(a) => {
                    if let Some(r) = &mut self.report {
                        let pp = &mut r.report.policy_published;
                        if n == Adkim {
                            pp.adkim = Some(a);
                        } else {
                            pp.aspf = Some(a);
                        }
                    }
                }
                None => bad(self, "not r or s"),
            },
            Pct => match parse_int(v).and_then(|p| u8::try_from(p).ok()) {
                Some(p) if p <= 100 => {
                    if let Some(r) = &mut self.report {
                        r.report.policy_published.pct = Some(p);
                    }
                }
                _ => bad(self, "not a percentage"),
            },
            Fo => {
                if let Some(r) = &mut self.report {
                    r.report.policy_published.fo = Some(v.to_string());
                }
            }
            Testing => {
                let t = match v.to_ascii_lowercase().as_str() {
                    "y" | "yes" | "true" => Some(true),
                    "n" | "no" | "false" => Some(false),
                    _ => None,
                };
                match t {
                    Some(t) => {
                        if let Some(r) = &mut self.report {
                            r.report.policy_published.testing = Some(t);
                        }
                    }
                    None => bad(self, "not y or n"),
                }
            }
            Discovery => {
                if let Some(r) = &mut self.report {
                    r.report.policy_published.discovery_method = Some(v.to_ascii_lowercase());
                }
            }
            VersionPublished => {}
            SourceIp => {
                let ip = parse_ip(v);
                if ip.is_none() {
                    bad(self, "not an IP address");
                }
                if let Some(r) = &mut self.record {
                    r.source_ip_seen = true;
                    r.source_ip = ip.or(r.source_ip);
                }
            }
            Count => {
                let c = parse_int(v).and_then(|c| u64::try_from(c).ok());
                if c.is_none() {
                    bad(self, "not a number of messages");
                }
                if let Some(r) = &mut self.record {
                    r.count_seen = true;
                    r.count = c;
                }
            }
            Disposition => match super::report::Disposition::parse(v) {
                Some(d) => {
                    if let Some(r) = &mut self.record {
                        r.evaluated.disposition = Some(d);
                    }
                }
                None => bad(self, "not none, pass, quarantine or reject"),
            },
            EvDkim | EvSpf => match Aligned::parse(v) {
                Some(a) => {
                    if let Some(r) = &mut self.record {
                        if n == EvDkim {
                            r.evaluated.dkim = Some(a);
                        } else {
                            r.evaluated.spf = Some(a);
                        }
                    }
                }
                None => bad(self, "not pass or fail"),
            },
            ReasonType | ReasonComment => {
                if let Some(reason) = self.record.as_mut().and_then(|r| r.reason.as_mut()) {
                    if n == ReasonType {
                        reason.kind = OverrideType::parse(v);
                    } else {
                        reason.comment = Some(v.to_string());
                    }
                }
            }
            HeaderFrom | EnvelopeFrom | EnvelopeTo => {
                if let Some(r) = &mut self.record {
                    let d = Some(domain(v));
                    match n {
                        HeaderFrom => {
                            r.header_from_seen = true;
                            r.identifiers.header_from = d;
                        }
                        EnvelopeFrom => r.identifiers.envelope_from = d,
                        _ => r.identifiers.envelope_to = d,
                    }
                }
            }
            DkimDomain | DkimSelector | DkimHuman | SpfDomain | SpfScope | SpfHuman => {
                if let Some(r) = &mut self.record {
                    match n {
                        DkimDomain => r.dkim.domain = Some(domain(v)),
                        DkimSelector => r.dkim.selector = Some(v.to_string()),
                        DkimHuman => r.dkim.human_result = Some(v.to_string()),
                        SpfDomain => r.spf.domain = Some(domain(v)),
                        SpfScope => r.spf.scope = Some(v.to_ascii_lowercase()),
                        _ => r.spf.human_result = Some(v.to_string()),
                    }
                }
            }
            DkimResult | SpfResult => match AuthResult::parse(v) {
                Some(a) => {
                    if let Some(r) = &mut self.record {
                        if n == DkimResult {
                            r.dkim.result = Some(a);
                        } else {
                            r.spf.result = Some(a);
                        }
                    }
                }
                None => bad(self, "not an RFC 8601 result"),
            },
        }
    }

    fn finish_record(&mut self) {
        let Some(b) = self.record.take() else {
            return;
        };
        let start = b.start;
        let mut missing = Vec::new();
        if !b.source_ip_seen {
            missing.push("feedback/record/row/source_ip");
        }
        if !b.header_from_seen {
            missing.push("feedback/record/identifiers/header_from");
        }
        if !b.count_seen {
            missing.push("feedback/record/row/count");
        }
        for path in missing {
            let name = path.rsplit('/').next().unwrap_or(path);
            let reason = if name == "count" {
                "no <count>: record left out".to_string()
            } else {
                format!("no <{name}>")
            };
            self.skip(Code::MissingElement, path.to_string(), reason, start);
        }
        let Some(count) = b.count else {
            return;
        };
        let Some(r) = &mut self.report else {
            return;
        };
        let rep = &mut r.report;
        rep.record_count += 1;
        rep.messages = rep.messages.saturating_add(count);
        rep.records.push(super::report::Record {
            source_ip: b.source_ip,
            count,
            policy_evaluated: b.evaluated,
            identifiers: b.identifiers,
            auth_results: b.auth,
        });
    }
}

/// Reads every `feedback` in the stream. Never panics; whatever is wrong ends up in the
/// reports' skips and in the [`Outcome`].
pub(crate) fn parse<R: BufRead>(source: &str, input: R, max_records: u64) -> Parsed {
    let mut reader = Reader::from_reader(input);
    {
        let c = reader.config_mut();
        // Tolerance for what reporters send: a closing tag misspelled (the draft's own sample
        // closed <extra_contact_info> with </export_contact_info>), a bare & in a name.
        c.check_end_names = false;
        c.allow_unmatched_ends = true;
        c.allow_dangling_amp = true;
        c.check_comments = false;
    }
    let mut p = Parser {
        source,
        max_records,
        records_seen: 0,
        stack: Vec::new(),
        skipping: 0,
        text: String::new(),
        report: None,
        record: None,
        done: Vec::new(),
        wrapper: None,
        wrapper_depth: 0,
    };
    let mut buf = Vec::new();
    let outcome = loop {
        buf.clear();
        let offset = reader.buffer_position();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match p.start(&e, offset) {
                Ok(true) => {}
                Ok(false) => break Outcome::TooManyRecords,
                Err(o) => break o,
            },
            Ok(Event::Empty(e)) => match p.start(&e, offset) {
                Ok(true) => p.end(offset),
                Ok(false) => break Outcome::TooManyRecords,
                Err(o) => break o,
            },
            Ok(Event::End(_)) => p.end(offset),
            Ok(Event::Text(t)) => {
                if p.wants_text() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if p.wants_text() {
                    p.text.push_str(&t);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if p.wants_text() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => p.text.push(c),
                        _ => match quick_xml::escape::resolve_predefined_entity(&r) {
                            Some(s) => p.text.push_str(s),
                            // An undeclared entity: keep it as written.
                            None => {
                                p.text.push('&');
                                p.text.push_str(&r);
                                p.text.push(';');
                            }
                        },
                    }
                }
            }
            Ok(Event::Eof) => {
                break if p.stack.is_empty() {
                    if p.done.is_empty() {
                        match p.wrapper.take() {
                            Some(root) => Outcome::NotAggregate { root },
                            None => Outcome::Empty,
                        }
                    } else {
                        Outcome::Complete { trailing: None }
                    }
                } else {
                    Outcome::Broken {
                        offset: reader.buffer_position(),
                        message: format!(
                            "the XML ends inside <{}>",
                            p.stack.last().map_or("feedback", |n| n.name())
                        ),
                    }
                };
            }
            Ok(_) => {}
            Err(e) => {
                let message = e.to_string();
                break if p.stack.is_empty() && !p.done.is_empty() {
                    Outcome::Complete {
                        trailing: Some(message),
                    }
                } else {
                    Outcome::Broken {
                        offset: reader.error_position(),
                        message,
                    }
                };
            }
        }
    };
    let mut reports = p.done;
    // A report cut short keeps the records read so far.
    if let Some(r) = p.report.take() {
        if !matches!(outcome, Outcome::TooManyRecords) {
            let mut report = r.finish(false);
            if let Outcome::Broken { offset, message } = &outcome {
                report.findings.push(Code::Truncated.finding(format!(
                    "{message} (byte {offset}): {} records read before it are counted",
                    report.record_count
                )));
            }
            reports.push(report);
        }
    }
    Parsed { reports, outcome }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
