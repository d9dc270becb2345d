//! `authlens message FILE|-`.

use std::fmt::Write as _;
use std::io::Read;
use std::process::ExitCode;

use authlens_engine::dkim::Options;
use authlens_engine::dns::cache::SessionCache;
use authlens_engine::dns::doh::Provider;
use authlens_engine::message::check::{check, CheckOptions, MessageCheck};
use authlens_engine::message::input::{message_text, Source};

use crate::resolver::HttpResolver;

/// Messages larger than this are refused rather than read into memory.
const MAX_MESSAGE: u64 = 64 * 1024 * 1024;

/// What `authlens message` was asked.
pub struct Args<'a> {
    pub file: &'a str,
    pub now: Option<u64>,
    pub allow_sha1: bool,
    pub ip: Option<&'a str>,
    pub json: bool,
    /// `--bulk` / `--transactional`: the user's word on bulk mail, else told from the fields.
    pub bulk: Option<bool>,
}

pub fn run(args: Args<'_>, resolver: &SessionCache<HttpResolver>, provider: &Provider) -> ExitCode {
    let Args {
        file,
        now,
        allow_sha1,
        ip,
        json,
        bulk,
    } = args;
    let input = match read(file) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("authlens: {e}");
            return ExitCode::from(2);
        }
    };
    // An Outlook .msg (told by its signature) gives its Internet headers, checked as headers only.
    let (source, input) = match message_text(&input) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("authlens: {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let now = now.or_else(now_unix);
    let ip = match ip.map(|i| i.trim().parse::<std::net::IpAddr>()) {
        None => None,
        Some(Ok(ip)) => Some(ip),
        Some(Err(_)) => {
            eprintln!(
                "authlens: --ip {:?} is not an IPv4 or IPv6 address",
                ip.unwrap_or_default()
            );
            return ExitCode::from(2);
        }
    };
    let opts = CheckOptions {
        dkim: Options { now, allow_sha1 },
        ip,
        bulk,
    };
    let checked =
        futures::executor::block_on(check(resolver, &crate::crypto::VERIFIER, &input, &opts));
    if json {
        let out = serde_json::json!({
            "resolver": provider.endpoint(),
            "source": source,
            "message": checked,
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        crate::print_text(&render(&checked, source));
    }
    ExitCode::SUCCESS
}

/// The message in `file` (`-` for standard input), refused over [`MAX_MESSAGE`]; the error
/// names the file.
pub(crate) fn read(file: &str) -> Result<Vec<u8>, String> {
    let mut input = Vec::new();
    let read = if file == "-" {
        std::io::stdin()
            .take(MAX_MESSAGE + 1)
            .read_to_end(&mut input)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(MAX_MESSAGE + 1).read_to_end(&mut input))
    };
    if let Err(e) = read {
        return Err(format!("{file}: {e}"));
    }
    if input.len() as u64 > MAX_MESSAGE {
        return Err(format!(
            "{file}: larger than {} MiB",
            MAX_MESSAGE / 1024 / 1024
        ));
    }
    Ok(input)
}

/// Seconds since the epoch, the default of `--now`.
pub(crate) fn now_unix() -> Option<u64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

fn render(r: &MessageCheck, source: Source) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", r.summary);
    if let Some(j) = &r.junk_reason {
        let _ = writeln!(o, "  If it landed in junk: {j}");
    }
    // The name too: what a mail program shows is the name, and an address of another domain
    // written in it is the finding `message-display-name-address`.
    let from: Vec<String> = r.from.iter().map(ToString::to_string).collect();
    let _ = writeln!(
        o,
        "  From: {}",
        if from.is_empty() {
            "(none)".into()
        } else {
            from.join(", ")
        }
    );
    if let Some(s) = &r.subject {
        let _ = writeln!(o, "  Subject: {s}");
    }
    if r.headers_only {
        let _ = writeln!(o, "  headers only: body hashes were not checked");
    }
    if let Some(note) = source.note() {
        let _ = writeln!(o, "  {note}");
    }
    for s in &r.dkim {
        let _ = writeln!(
            o,
            "\nDKIM signature {}: {}{}  d={} s={} a={}",
            s.index + 1,
            s.result,
            s.reason.map(|x| format!(" ({x})")).unwrap_or_default(),
            s.domain,
            s.selector,
            s.algorithm.unwrap_or("?")
        );
        let _ = writeln!(o, "  {}", s.detail);
        if let Some(k) = &s.key {
            let _ = writeln!(
                o,
                "  key {} {} [{}]{}",
                s.key_name,
                k.describe(),
                k.state.as_str(),
                if s.key_cname_chain.is_empty() {
                    String::new()
                } else {
                    format!(" via CNAME {}", s.key_cname_chain.join(" → "))
                }
            );
        }
        let _ = writeln!(o, "  body: {}", s.body_text());
        let _ = writeln!(o, "  signed: {}", s.signed_headers.join(", "));
        if let Some(c) = r.coverage.iter().find(|c| c.index == s.index) {
            for (label, list) in [
                (
                    "not signed (recommended)",
                    c.recommended_unsigned.join(", "),
                ),
                ("not signed (other)", c.other_unsigned().join(", ")),
                ("over-signed", c.oversigned.join(", ")),
                ("not over-signed", c.not_oversigned.join(", ")),
            ] {
                if !list.is_empty() {
                    let _ = writeln!(o, "  {label}: {list}");
                }
            }
        }
        if let Some(d) = &s.diagnosis {
            for c in &d.likely_causes {
                let _ = writeln!(o, "  likely cause: {c}");
            }
            if let Some(c) = &d.body_hash_computed {
                let _ = writeln!(
                    o,
                    "  body hash computed {c}, claimed {}",
                    d.body_hash_claimed
                );
            }
        }
    }
    if let Some(d) = &r.dmarc {
        let _ = writeln!(
            o,
            "\nDMARC: {} (disposition {})  {}",
            d.result, d.disposition, d.explanation
        );
        let ids = d.dkim.iter().map(|i| ("DKIM", i));
        for (what, i) in ids.chain(d.spf.iter().map(|i| ("SPF", i))) {
            let _ = writeln!(
                o,
                "  {what} {} {}: {}",
                i.name(),
                i.result,
                if i.aligned {
                    "aligned"
                } else if i.relaxed {
                    "aligned only relaxed"
                } else {
                    "not aligned"
                }
            );
        }
    }
    if let Some(s) = &r.spf {
        let _ = writeln!(
            o,
            "\nSPF for {} from {}: {}  {}",
            s.domain,
            s.ip,
            s.result.as_str(),
            s.reason
        );
    } else if let Some(ip) = &r.suggested_ip {
        let _ = writeln!(o, "\nSPF not evaluated: rerun with --ip {ip} (the connecting IP in the Received fields) to check it");
    }
    if !r.received.is_empty() {
        let _ = writeln!(o, "\nhops (oldest first):");
        for h in &r.received {
            let delay = match (h.delay, h.clock_skew) {
                (_, true) => "  clock skew".to_string(),
                (Some(d), _) => format!("  +{d} s"),
                _ => String::new(),
            };
            let _ = writeln!(
                o,
                "  {}. {} → {}  {}{delay}",
                h.number,
                h.from.as_deref().unwrap_or("?"),
                h.by.as_deref().unwrap_or("?"),
                h.time_utc.as_deref().unwrap_or("")
            );
        }
    }
    for a in &r.authentication_results {
        let _ = writeln!(
            o,
            "\nAuthentication-Results by {}: {}",
            if a.authserv_id.is_empty() {
                "(unnamed)"
            } else {
                &a.authserv_id
            },
            a.results
                .iter()
                .map(|m| format!("{}={}", m.method, m.result))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    if !r.arc.sets.is_empty() {
        let _ = writeln!(
            o,
            "\nARC (RFC 8617, being moved to Historic): arc={}{}  {}",
            r.arc.cv.as_str(),
            r.arc.reason.map(|x| format!(" ({x})")).unwrap_or_default(),
            r.arc.detail
        );
        let mut sets: Vec<_> = r.arc.sets.iter().collect();
        sets.sort_by_key(|s| std::cmp::Reverse(s.instance));
        for s in sets {
            let _ = writeln!(
                o,
                "  i={} {} cv={} seal={} ams={}",
                s.instance,
                s.seal.as_ref().map_or("?".to_string(), |x| format!(
                    "{} s={}",
                    x.domain, x.selector
                )),
                s.seal
                    .as_ref()
                    .and_then(|x| x.chain_status)
                    .map_or("?", |c| c.as_str()),
                s.seal_check.result.as_str(),
                s.ams_check.result.as_str()
            );
        }
        for f in &r.arc.findings {
            let _ = writeln!(o, "  {:<7} {}  {}", f.severity.as_str(), f.code, f.message);
        }
    }
    if let Some(q) = &r.requirements {
        requirements(&mut o, q);
    }
    for d in &r.antispam {
        let _ = writeln!(o, "\n{} filter ({}):", d.vendor, d.header);
        if let Some(v) = &d.verdict {
            let _ = writeln!(o, "  {}", v.sentence);
        }
        for f in &d.fields {
            let _ = writeln!(o, "  {}={}  {}", f.name, f.value, f.meaning);
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(o, "\nfindings:");
        for f in &r.findings {
            let _ = writeln!(o, "  {:<7} {}  {}", f.severity.as_str(), f.code, f.message);
        }
    }
    shorten_lines(&o, MAX_LINE)
}

fn requirements(o: &mut String, q: &authlens_engine::message::requirements::Requirements) {
    let _ = writeln!(
        o,
        "\nsender requirements ({} mail: {}):",
        if q.bulk { "bulk" } else { "transactional" },
        q.bulk_because
    );
    for r in &q.rules {
        let by: Vec<String> = r
            .required_by
            .iter()
            .map(|q| format!("{} {}", q.provider, q.senders))
            .collect();
        let status = if r.applies { r.status.as_str() } else { "n/a" };
        let _ = writeln!(
            o,
            "  {status:<7} {}  {}: {}  [{}]",
            r.code,
            r.title,
            r.evidence,
            by.join(", ")
        );
        if let Some(why) = &r.unknown_because {
            let _ = writeln!(o, "          not known: {why}");
        }
        if let Some(fix) = r.fix {
            let _ = writeln!(o, "          fix: {fix}");
        }
    }
    let _ = writeln!(o, "  {}", q.not_visible);
}

/// The longest line the text output prints: a header of hundreds of kilobytes is cut, with how
/// much was left out (`--json` keeps it whole).
const MAX_LINE: usize = 2000;

fn shorten_lines(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(1 << 20));
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.chars().count() <= max {
            out.push_str(line);
            continue;
        }
        let cut: String = body.chars().take(max).collect();
        let left = body.chars().count() - max;
        let _ = write!(out, "{cut}… ({left} more characters; --json shows them)");
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
