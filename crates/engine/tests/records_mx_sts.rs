//! MX, MTA-STS, TLS-RPT and BIMI together, as the domain page runs them: one shared memo, the
//! policy file handed in from outside, the cross-protocol findings raised by the caller. And the
//! parsers on garbage: no panic, and every span inside the text on character boundaries.

use authlens_engine::diag::{Finding, Severity};
use authlens_engine::dns::memo::Memo;
use authlens_engine::dns::zone::Zone;
use authlens_engine::{bimi, dmarc, mtasts, mx, tlsrpt};
use futures::executor::block_on;

const ZONE: &str = r#"
northwind.example:
  - MX: [10, mx1.northwind.example]
  - MX: [20, mx2.northwind.example]
  - SECURE
mx1.northwind.example:
  - A: 192.0.2.10
  - AAAA: "2001:db8::10"
mx2.northwind.example:
  - A: 192.0.2.11
_mta-sts.northwind.example:
  - TXT: v=STSv1; id=20240131T120000
mta-sts.northwind.example:
  - A: 192.0.2.80
_smtp._tls.northwind.example:
  - TXT: v=TLSRPTv1; rua=mailto:tls@northwind.example,https://reports.example.net/v1
_dmarc.northwind.example:
  - TXT: v=DMARC1; p=reject; rua=mailto:d@northwind.example
default._bimi.northwind.example:
  - TXT: v=BIMI1; l=https://northwind.example/logo.svg; a=https://northwind.example/vmc.pem

badmail.example:
  - MX: [10, mx1.badmail.example]
  - MX: [20, mx2.badmail.example]
mx1.badmail.example:
  - A: 192.0.2.61
_mta-sts.badmail.example:
  - TXT: v=STSv1; id=20240131
mta-sts.badmail.example:
  - A: 192.0.2.62
_dmarc.badmail.example:
  - TXT: v=DMARC1; p=none
default._bimi.badmail.example:
  - TXT: v=BIMI1; l=http://badmail.example/logo.png

quiet.example:
  - MX: [0, "."]
  - TXT: v=spf1 -all
"#;

const POLICY: &str =
    "version: STSv1\r\nmode: enforce\r\nmx: mx1.northwind.example\r\nmx: *.northwind.example\r\nmax_age: 1209600\r\n";

struct Page {
    mx: mx::MxReport,
    mtasts: mtasts::MtaStsReport,
    tlsrpt: tlsrpt::TlsRptReport,
    bimi: bimi::BimiReport,
    queries: u32,
}

/// What the page does: the DNS checks over one memo, then the combinations only the caller can
/// make (policy file fetched elsewhere, TLS-RPT beside MTA-STS, BIMI beside DMARC).
fn inspect(zone: &Zone, domain: &str, policy: mtasts::PolicyOutcome) -> Page {
    let memo = Memo::new(zone);
    let (mx, sts, rpt, bimi, dmarc) = block_on(async {
        futures::join!(
            mx::check(&memo, domain),
            mtasts::check(&memo, domain),
            tlsrpt::check(&memo, domain),
            bimi::check(&memo, domain),
            dmarc::discover::discover_with(&memo, domain),
        )
    });
    let sts = sts.with_policy(policy, &mx.exchanges());
    let rpt = rpt.with_mtasts(sts.has_record());
    let p = dmarc.effective_policy.map(|p| p.as_str());
    let pct = dmarc.record.as_ref().and_then(|r| r.pct);
    let bimi = bimi.with_dmarc(p, None, pct);
    let queries = memo.sent();
    // Asking again costs nothing: every name was asked once.
    block_on(mx::check(&memo, domain));
    block_on(mtasts::check(&memo, domain));
    assert_eq!(memo.sent(), queries);
    Page {
        mx,
        mtasts: sts,
        tlsrpt: rpt,
        bimi,
        queries,
    }
}

fn codes(f: &[Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.code).collect()
}

#[test]
fn a_well_configured_domain_has_no_findings() {
    let zone = Zone::from_yaml(ZONE).unwrap();
    let page = inspect(
        &zone,
        "northwind.example",
        mtasts::policy_from_http(200, Some("text/plain"), POLICY),
    );
    assert_eq!(
        page.mx.exchanges(),
        ["mx1.northwind.example", "mx2.northwind.example"]
    );
    assert!(page.mx.authenticated);
    for (name, f) in [
        ("mx", &page.mx.findings),
        ("mtasts", &page.mtasts.findings),
        ("tlsrpt", &page.tlsrpt.findings),
        ("bimi", &page.bimi.findings),
    ] {
        assert!(f.is_empty(), "{name}: {f:?}");
    }
    assert_eq!(page.tlsrpt.record.as_ref().unwrap().rua.len(), 2);
    assert!(page.queries > 0);

    // The whole page serializes, with snake_case names.
    let json = serde_json::json!({
        "mx": page.mx, "mta_sts": page.mtasts, "tls_rpt": page.tlsrpt, "bimi": page.bimi,
    });
    assert_eq!(json["mx"]["hosts"][1]["exchange"], "mx2.northwind.example");
    assert_eq!(json["mta_sts"]["policy"]["status"], "fetched");
    assert_eq!(json["mta_sts"]["policy"]["max_age"], 1_209_600);
    assert_eq!(json["mta_sts"]["policy_host_resolves"], true);
    assert_eq!(json["tls_rpt"]["record"]["rua"][1]["scheme"], "https");
    assert_eq!(
        json["bimi"]["record"]["evidence"],
        "https://northwind.example/vmc.pem"
    );
}

#[test]
fn a_badly_configured_domain_trips_the_cross_protocol_codes() {
    let zone = Zone::from_yaml(ZONE).unwrap();
    let policy = "version: STSv1\nmode: enforce\nmx: mx1.badmail.example\nmax_age: 3600\n";
    let page = inspect(
        &zone,
        "badmail.example",
        mtasts::PolicyOutcome::Fetched(mtasts::parse_policy(policy)),
    );
    assert!(codes(&page.mx.findings).contains(&"mx-host-no-address"));
    let sts = codes(&page.mtasts.findings);
    for c in ["mtasts-mx-not-covered", "mtasts-max-age-short"] {
        assert!(sts.contains(&c), "{c}: {sts:?}");
    }
    let not_covered = page
        .mtasts
        .findings
        .iter()
        .find(|f| f.code == "mtasts-mx-not-covered")
        .unwrap();
    assert_eq!(not_covered.severity, Severity::Error);
    assert!(not_covered.message.contains("mx2.badmail.example"));
    // MTA-STS without TLS-RPT: the missing record is a warning here.
    assert_eq!(page.tlsrpt.findings[0].code, "tlsrpt-no-record");
    assert_eq!(page.tlsrpt.findings[0].severity, Severity::Warning);
    let b = codes(&page.bimi.findings);
    for c in [
        "bimi-logo-not-https",
        "bimi-no-certificate",
        "bimi-dmarc-not-enforced",
    ] {
        assert!(b.contains(&c), "{c}: {b:?}");
    }
}

#[test]
fn a_null_mx_domain_and_an_unreachable_policy() {
    let zone = Zone::from_yaml(ZONE).unwrap();
    let page = inspect(
        &zone,
        "quiet.example",
        mtasts::PolicyOutcome::Unreachable {
            reason: "TypeError: Failed to fetch".into(),
        },
    );
    assert_eq!(page.mx.status, "null");
    assert_eq!(codes(&page.mx.findings), ["mx-null"]);
    assert_eq!(page.mtasts.status, "none");
    let c = codes(&page.mtasts.findings);
    // No record: senders never fetch the policy, so its absence is no finding.
    assert_eq!(c, ["mtasts-no-record"]);
    // No MTA-STS: a missing TLS-RPT record stays an info.
    assert_eq!(page.tlsrpt.findings[0].severity, Severity::Info);
    assert_eq!(codes(&page.bimi.findings), ["bimi-no-record"]);
}

/// A small deterministic generator: no dependency, same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const PIECES: &[&str] = &[
    "v",
    "=",
    ";",
    ":",
    ",",
    " ",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "STSv1",
    "TLSRPTv1",
    "BIMI1",
    "id",
    "mx",
    "mode",
    "enforce",
    "testing",
    "none",
    "version",
    "max_age",
    "99999999999",
    "604800",
    "*.",
    ".",
    "example",
    "mailto:",
    "https://",
    "http:",
    "@",
    "rua",
    "l",
    "a",
    "lps",
    "avp",
    "true",
    "é",
    "😀",
    "\u{feff}",
    "-",
    "_",
    "/",
    "?",
    "%2C",
    "\0",
    "logo.svg",
    "=;",
    "::",
];

fn check_spans(text: &str, findings: &[Finding], what: &str) {
    for f in findings {
        if let Some(s) = f.span {
            assert!(
                s.start <= s.end
                    && s.end <= text.len()
                    && text.is_char_boundary(s.start)
                    && text.is_char_boundary(s.end),
                "{what}: span {s:?} out of {text:?} ({})",
                f.message
            );
        }
    }
}

#[test]
fn parsers_never_panic_and_spans_stay_inside() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..4000 {
        let n = (rng.next() % 24) as usize;
        let text: String = (0..n)
            .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
            .collect();
        let r = mtasts::parse_record(&text);
        check_spans(&text, &r.findings, "mtasts record");
        for t in &r.fields {
            assert!(t.value_span.end <= text.len() && text.is_char_boundary(t.value_span.start));
        }
        let p = mtasts::parse_policy(&text);
        check_spans(&text, &p.findings, "mtasts policy");
        for l in &p.lines {
            assert_eq!(&text[l.value_span.start..l.value_span.end], l.value);
        }
        let _ = mtasts::mx_covered(&[text.as_str()], &text);
        let t = tlsrpt::parse_record(&text);
        check_spans(&text, &t.findings, "tlsrpt");
        let b = bimi::parse_record(&text);
        check_spans(&text, &b.findings, "bimi");
        serde_json::to_string(&(r, p, t, b)).unwrap();
    }
    // Some fixed nasties.
    for text in [
        "",
        ";",
        "=",
        ":",
        "\n\n\n",
        "v=",
        "v=STSv1;;;;",
        "mx: *.",
        "mx: *",
        "\u{feff}",
    ] {
        mtasts::parse_record(text);
        mtasts::parse_policy(text);
        tlsrpt::parse_record(text);
        bimi::parse_record(text);
    }
}
