//! Samples shaped after the vendors' documentation (Microsoft's "Anti-spam message headers",
//! SpamAssassin's default `add_header` lines and report, Rspamd's milter headers), weird inputs,
//! long headers and random bytes.

use super::*;

fn decode_text(text: &str) -> Vec<Decoded> {
    decode(&crate::message::parse(text.as_bytes()))
}

fn header<'a>(decoded: &'a [Decoded], name: &str) -> &'a Decoded {
    decoded
        .iter()
        .find(|d| d.header.eq_ignore_ascii_case(name))
        .unwrap_or_else(|| panic!("no {name} in {decoded:#?}"))
}

fn field<'a>(d: &'a Decoded, name: &str) -> &'a Field {
    d.fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name} in {:#?}", d.fields))
}

fn class(d: &Decoded) -> Option<Class> {
    d.verdict.as_ref().map(|v| v.spam)
}

fn sentence(d: &Decoded) -> &str {
    d.verdict.as_ref().map_or("", |v| v.sentence.as_str())
}

const MS_SPAM: &str = "Received: from mail.example.com (198.51.100.50) by mx.example.net\r\n\
Authentication-Results: spf=pass (sender IP is 198.51.100.50)\r\n smtp.mailfrom=example.com; dkim=pass (signature was verified)\r\n header.d=example.com;dmarc=pass action=none\r\n header.from=example.com;compauth=pass reason=100\r\n\
X-MS-Exchange-Organization-SCL: 5\r\n\
X-Forefront-Antispam-Report:\r\n\tCIP:198.51.100.50;CTRY:US;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:mail.example.com;\r\n\tPTR:mail.example.com;CAT:SPM;SFTY:;SFS:(13230031)(4636009)(376014);DIR:INB;\r\n\
X-Microsoft-Antispam: BCL:0;ARA:13230031|4636009;\r\n\
From: News <news@example.com>\r\n\
Subject: Offer\r\n\
\r\n\
Body\r\n";

#[test]
fn microsoft_inbound_spam() {
    let d = decode_text(MS_SPAM);
    let headers: Vec<&str> = d.iter().map(|d| d.header.as_str()).collect();
    assert_eq!(
        headers,
        [
            "Authentication-Results",
            "X-MS-Exchange-Organization-SCL",
            "X-Forefront-Antispam-Report",
            "X-Microsoft-Antispam"
        ]
    );
    assert!(d.iter().all(|d| d.vendor == MICROSOFT));

    let report = header(&d, "X-Forefront-Antispam-Report");
    let names: Vec<&str> = report.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "CIP", "CTRY", "LANG", "SCL", "SRV", "IPV", "SFV", "H", "PTR", "CAT", "SFTY", "SFS",
            "DIR"
        ]
    );
    let cip = field(report, "CIP");
    assert_eq!(cip.value, "198.51.100.50");
    assert!(cip.meaning.starts_with("the connecting IP address"));
    assert_eq!(
        field(report, "SFV").meaning,
        "the message was marked as spam by spam filtering"
    );
    assert_eq!(
        field(report, "SCL").meaning,
        "spam confidence level 5: spam: the default policy delivers it to the Junk Email folder, the Strict preset quarantines it"
    );
    assert_eq!(
        field(report, "CAT").meaning,
        "the category of protection policy applied to the message: spam"
    );
    assert_eq!(
        field(report, "IPV").meaning,
        "the connecting IP address is on no IP reputation list"
    );
    assert_eq!(
        field(report, "DIR").meaning,
        "inbound: the message came into the organization"
    );
    let srv = field(report, "SRV");
    assert_eq!(srv.value, "");
    assert_eq!(
        srv.meaning,
        "a service verdict; empty here: none applies to this message"
    );
    let sfs = field(report, "SFS");
    assert_eq!(sfs.value, "(13230031)(4636009)(376014)");
    assert!(sfs.meaning.starts_with("not documented by Microsoft"));
    assert_eq!(class(report), Some(Class::Spam));
    assert_eq!(
        sentence(report),
        "Exchange Online Protection classified it as spam (CAT:SPM, SCL 5): the default policy delivers it to the Junk Email folder, the Strict preset quarantines it."
    );

    let scl = header(&d, "X-MS-Exchange-Organization-SCL");
    assert_eq!(scl.fields.len(), 1);
    assert_eq!(scl.fields[0].value, "5");
    assert_eq!(class(scl), Some(Class::Spam));
    assert_eq!(
        sentence(scl),
        "Exchange gave it a spam confidence level of 5 (spam): the default policy delivers it to the Junk Email folder, the Strict preset quarantines it."
    );

    let antispam = header(&d, "X-Microsoft-Antispam");
    assert_eq!(
        field(antispam, "BCL").meaning,
        "bulk complaint level 0: not from a bulk sender"
    );
    assert!(field(antispam, "ARA")
        .meaning
        .starts_with("not documented by Microsoft"));
    assert_eq!(antispam.verdict, None);

    let auth = header(&d, "Authentication-Results");
    assert_eq!(field(auth, "compauth").value, "pass");
    assert_eq!(
        field(auth, "reason").meaning,
        "authentication passed; the last two digits are Microsoft's internal codes"
    );
    assert_eq!(field(auth, "action").value, "none");
    assert_eq!(class(auth), Some(Class::Clean));

    let cause = likely_cause(&d).expect("a cause");
    assert_eq!(cause.header, "X-Forefront-Antispam-Report");
}

#[test]
fn microsoft_bulk() {
    let d = decode_text(
        "X-MS-Exchange-Organization-SCL: 6\r\n\
X-Microsoft-Antispam: BCL:7;\r\n\
X-Forefront-Antispam-Report: CIP:203.0.113.7;CTRY:;LANG:en;SCL:6;SRV:BULK;IPV:NLI;SFV:SPM;\r\n H:mta.news.example;PTR:mta.news.example;CAT:BULK;SFTY:;DIR:INB;\r\n\r\n",
    );
    let bcl = header(&d, "X-Microsoft-Antispam");
    assert_eq!(
        field(bcl, "BCL").meaning,
        "bulk complaint level 7: from a bulk sender that draws a mixed number of complaints; at or over the bulk threshold of every policy (default 7, Standard 6, Strict 5)"
    );
    assert_eq!(class(bcl), Some(Class::Bulk));
    assert_eq!(
        sentence(bcl),
        "Exchange Online Protection gave it a bulk complaint level of 7 (from a bulk sender that draws a mixed number of complaints), at or over the default bulk threshold of 7: by default such mail goes to the Junk Email folder as bulk (the Strict preset quarantines it)."
    );
    let report = header(&d, "X-Forefront-Antispam-Report");
    assert_eq!(
        field(report, "SRV").meaning,
        "the message was identified as bulk email by spam filtering and the bulk complaint level (BCL) threshold; with MarkAsSpamBulkMail on (the default) it is marked as spam"
    );
    assert_eq!(class(report), Some(Class::Bulk));
    assert!(sentence(report).starts_with(
        "Exchange Online Protection classified it as bulk mail (CAT:BULK, SCL 6): its bulk complaint level"
    ));
    // The SCL header says spam (6); the report, which weighs every signal, says bulk: the cause.
    assert_eq!(
        class(header(&d, "X-MS-Exchange-Organization-SCL")),
        Some(Class::Spam)
    );
    assert_eq!(
        likely_cause(&d).map(|c| c.header.as_str()),
        Some("X-Forefront-Antispam-Report")
    );
}

#[test]
fn bulk_levels_and_thresholds() {
    for (bcl, band, note, verdict) in [
        (0, "not from a bulk sender", None, None),
        (
            3,
            "from a bulk sender that draws few complaints",
            None,
            None,
        ),
        (
            4,
            "from a bulk sender that draws a mixed number of complaints",
            None,
            None,
        ),
        (
            5,
            "from a bulk sender that draws a mixed number of complaints",
            Some("at the Strict preset's bulk threshold (5)"),
            None,
        ),
        (
            6,
            "from a bulk sender that draws a mixed number of complaints",
            Some("at the Standard preset's bulk threshold (6)"),
            None,
        ),
        (
            8,
            "from a bulk sender that draws many complaints",
            Some("at or over the bulk threshold of every policy"),
            Some(Class::Bulk),
        ),
        (
            9,
            "from a bulk sender that draws many complaints",
            Some("at or over"),
            Some(Class::Bulk),
        ),
    ] {
        let d = decode_text(&format!("X-Microsoft-Antispam: BCL:{bcl};\r\n\r\n"));
        let f = field(&d[0], "BCL");
        assert!(
            f.meaning
                .starts_with(&format!("bulk complaint level {bcl}: {band}")),
            "{bcl}: {}",
            f.meaning
        );
        match note {
            Some(n) => assert!(f.meaning.contains(n), "{bcl}: {}", f.meaning),
            None => assert!(!f.meaning.contains("threshold"), "{bcl}: {}", f.meaning),
        }
        assert_eq!(class(&d[0]), verdict, "{bcl}");
    }
    let d = decode_text("X-Microsoft-Antispam: BCL:12;PCL:5;PCL:0\r\n\r\n");
    assert_eq!(
        field(&d[0], "BCL").meaning,
        "bulk complaint level 12: outside the values Microsoft documents"
    );
    assert_eq!(
        d[0].fields[1].meaning,
        "phishing confidence level 5: suspicious: the content is likely phishing"
    );
    assert_eq!(
        d[0].fields[2].meaning,
        "phishing confidence level 0: outside the values Microsoft documents"
    );
    assert_eq!(d[0].verdict, None);
}

#[test]
fn spam_confidence_levels() {
    for (scl, expected, start) in [
        (
            "-1",
            Some(Class::Allowed),
            "spam confidence level -1: spam filtering was skipped",
        ),
        (
            "0",
            Some(Class::Clean),
            "spam confidence level 0: spam filtering found the message not spam",
        ),
        (
            "1",
            Some(Class::Clean),
            "spam confidence level 1: spam filtering found the message not spam",
        ),
        (
            "3",
            Some(Class::Clean),
            "spam confidence level 3: a level spam filtering itself never sets",
        ),
        ("6", Some(Class::Spam), "spam confidence level 6: spam:"),
        (
            "7",
            Some(Class::HighConfidenceSpam),
            "spam confidence level 7: high confidence spam:",
        ),
        (
            "9",
            Some(Class::HighConfidenceSpam),
            "spam confidence level 9: high confidence spam:",
        ),
        (
            "10",
            None,
            "spam confidence level 10: outside the values Microsoft documents",
        ),
        ("-2", None, "spam confidence level -2: outside"),
        (
            "abc",
            None,
            "the spam confidence level, but \"abc\" is not a whole number",
        ),
        ("", None, "the spam confidence level; empty here"),
        (
            "99999999999999999999999",
            None,
            "the spam confidence level, but",
        ),
    ] {
        let d = decode_text(&format!("X-MS-Exchange-Organization-SCL: {scl}\r\n\r\n"));
        assert_eq!(d.len(), 1);
        assert!(
            d[0].fields[0].meaning.starts_with(start),
            "{scl}: {}",
            d[0].fields[0].meaning
        );
        assert_eq!(class(&d[0]), expected, "{scl}");
    }
    let d = decode_text("X-MS-Exchange-Organization-SCL: 7\r\n\r\n");
    assert_eq!(
        sentence(&d[0]),
        "Exchange gave it a spam confidence level of 7 (high confidence spam): the default policy delivers it to the Junk Email folder, the Standard and Strict presets quarantine it."
    );
}

#[test]
fn microsoft_compauth_fail() {
    let d = decode_text(
        "Authentication-Results: spf=none (sender IP is 203.0.113.9)\r\n smtp.mailfrom=lookalike.example; dkim=none (message not signed)\r\n header.d=none;dmarc=none action=none header.from=lookalike.example;compauth=fail\r\n reason=001\r\n\
Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=example.org\r\n\r\n",
    );
    // The Gmail-style one has no compauth: it is not Microsoft's, and the message check reads it.
    assert_eq!(d.len(), 1);
    let auth = &d[0];
    assert_eq!(auth.vendor, MICROSOFT);
    assert_eq!(auth.fields.len(), 3);
    assert_eq!(field(auth, "compauth").value, "fail");
    assert!(field(auth, "compauth")
        .meaning
        .starts_with("composite authentication failed"));
    let reason = field(auth, "reason");
    assert_eq!(reason.value, "001");
    assert_eq!(
        reason.meaning,
        "implicit authentication failed: the From domain publishes no SPF, DKIM or DMARC records, or only weak ones such as SPF ~all or ?all or DMARC p=none"
    );
    assert_eq!(
        field(auth, "action").meaning,
        "the DMARC action: no DMARC action was taken"
    );
    assert_eq!(class(auth), Some(Class::Spoof));
    assert_eq!(
        sentence(auth),
        "Microsoft 365's composite authentication failed (reason 001: implicit authentication failed: the From domain publishes no SPF, DKIM or DMARC records, or only weak ones such as SPF ~all or ?all or DMARC p=none): it took the message for spoofing of its From domain, which by default sends it to the Junk Email folder unless nothing else looks suspicious; the From domain's owner can fix it by publishing SPF, DKIM and DMARC and signing with DKIM."
    );
    assert_eq!(
        likely_cause(&d).map(|c| c.header.as_str()),
        Some("Authentication-Results")
    );
}

#[test]
fn microsoft_compauth_in_an_arc_set_is_an_earlier_hops_not_the_verdict() {
    let text = "ARC-Authentication-Results: i=1; mx.microsoft.com 1; spf=pass (sender ip is\r\n 198.51.100.50) smtp.rcpttodomain=list.example smtp.mailfrom=example.com;\r\n dmarc=pass (p=reject sp=reject pct=100) action=none header.from=example.com;\r\n dkim=pass (signature was verified) header.d=example.com; arc=none; compauth=fail reason=000\r\n\
ARC-Authentication-Results: i=2; mx.google.com; dkim=pass header.i=@example.com\r\n\r\n";
    let msg = crate::message::parse(text.as_bytes());
    assert!(present(&msg));
    let d = decode(&msg);
    // Google's set has no compauth: only Microsoft's is decoded.
    assert_eq!(d.len(), 1);
    let arc = &d[0];
    assert_eq!(arc.vendor, MICROSOFT);
    assert_eq!(arc.header, "ARC-Authentication-Results");
    assert_eq!(field(arc, "i").value, "1");
    assert!(field(arc, "i")
        .meaning
        .contains("not the recipient's own verdict"));
    assert_eq!(field(arc, "compauth").value, "fail");
    assert_eq!(field(arc, "reason").value, "000");
    assert!(field(arc, "reason")
        .meaning
        .starts_with("explicit authentication failed"));
    assert_eq!(field(arc, "action").value, "none");
    // An earlier hop's results are not why the recipient's filter junked it.
    assert_eq!(class(arc), None);
    assert!(likely_cause(&d).is_none());
    // Without an instance tag it is not an ARC set: nothing is decoded.
    assert!(decode_text(
        "ARC-Authentication-Results: mx.microsoft.com; compauth=fail reason=000\r\n\r\n"
    )
    .is_empty());
}

#[test]
fn microsoft_mailbox_delivery_shows_the_folder() {
    let d = decode_text(
        "X-Microsoft-Antispam-Mailbox-Delivery:\r\n ucf:0;jmr:1;auth:0;dest:J;ENG:(910001)(944506478)(944626604)(920097)(930097);\r\n\
X-Microsoft-Antispam-Mailbox-Delivery: ucf:1;jmr:0;auth:0;dest:J;OFR:CustomRules;ENG:(20160514016);\r\n\r\n",
    );
    assert_eq!(d.len(), 2);
    let first = &d[0];
    assert_eq!(first.vendor, MICROSOFT);
    assert_eq!(
        field(first, "dest").meaning,
        "delivered to the Junk Email folder (not documented by Microsoft; as administrators observe it)"
    );
    // Undocumented fields are kept, with their values, and say so.
    assert_eq!(field(first, "jmr").value, "1");
    assert!(field(first, "ENG")
        .meaning
        .starts_with("not documented by Microsoft"));
    assert_eq!(
        field(first, "ENG").value,
        "(910001)(944506478)(944626604)(920097)(930097)"
    );
    assert_eq!(first.fields.len(), 5);
    assert!(field(&d[1], "OFR")
        .meaning
        .starts_with("an inbox rule of the recipient's mailbox decided the folder"));
    // Where it was put is not why: the verdict comes from the filter's own headers.
    assert!(d.iter().all(|x| x.verdict.is_none()));
    let inbox = decode_text("X-Microsoft-Antispam-Mailbox-Delivery: dest:I;odd;\r\n\r\n");
    assert!(field(&inbox[0], "dest")
        .meaning
        .starts_with("delivered to the Inbox"));
    assert_eq!(field(&inbox[0], "odd").value, "");
}

#[test]
fn compauth_reason_codes() {
    for (code, start) in [
        ("000", Some("explicit authentication failed")),
        ("001", Some("implicit authentication failed: the From domain")),
        ("002", Some("the organization forbids this sender and domain pair")),
        ("010", Some("DMARC failed with p=reject or p=quarantine, and the From domain is one of the organization's own")),
        ("130", Some("authentication passed, with the ARC result overriding")),
        ("109", Some("authentication passed")),
        ("701", Some("authentication passed")),
        ("201", Some("implicit authentication soft-passed")),
        ("301", Some("the message was not checked")),
        ("451", Some("the message bypassed composite authentication")),
        ("905", Some("the message bypassed composite authentication")),
        ("601", Some("implicit authentication failed, and the From domain is one of the organization's own")),
        ("501", None),
        ("8", None),
        ("abc", None),
    ] {
        let d = decode_text(&format!("Authentication-Results: compauth=fail reason={code}\r\n\r\n"));
        let meaning = &field(&d[0], "reason").meaning;
        match start {
            Some(s) => assert!(meaning.starts_with(s), "{code}: {meaning}"),
            None => assert_eq!(meaning, "a composite authentication reason code not documented by Microsoft", "{code}"),
        }
    }
    let d = decode_text("Authentication-Results: compauth=softpass reason=201\r\n\r\n");
    assert_eq!(class(&d[0]), Some(Class::Clean));
    let d = decode_text("Authentication-Results: compauth=none reason=905\r\n\r\n");
    assert_eq!(d[0].verdict, None);
    let d = decode_text("Authentication-Results: dmarc=fail action=oreject header.from=x.example;compauth=fail reason=000\r\n\r\n");
    assert_eq!(
        field(&d[0], "action").meaning,
        "a DMARC action not described in Microsoft's header documentation"
    );
    assert!(sentence(&d[0])
        .ends_with("; the sender must pass SPF or DKIM aligned with the From domain."));
    let d = decode_text("Authentication-Results: compauth=weird\r\n\r\n");
    assert_eq!(
        d[0].fields[0].meaning,
        "a composite authentication result not documented by Microsoft"
    );
    assert_eq!(d[0].verdict, None);
}

#[test]
fn microsoft_phishing() {
    let d = decode_text(
        "X-Forefront-Antispam-Report: CIP:192.0.2.66;CTRY:NG;LANG:en;SCL:9;SRV:;IPV:NLI;SFV:SPM;H:mail.phish.example;PTR:;CAT:PHSH;SFTY:9.19;DIR:INB;\r\n\r\n",
    );
    let r = &d[0];
    assert_eq!(
        field(r, "CAT").meaning,
        "the category of protection policy applied to the message: phishing"
    );
    assert!(field(r, "SFTY").meaning.starts_with(
        "domain impersonation: the sending domain tries to impersonate a protected domain"
    ));
    assert_eq!(field(r, "PTR").meaning, "the reverse DNS (PTR) name of the connecting IP address; empty here: none applies to this message");
    assert_eq!(class(r), Some(Class::Phish));
    assert_eq!(
        sentence(r),
        "Exchange Online Protection classified it as phishing (CAT:PHSH, SCL 9): the default anti-spam policy delivers it to the Junk Email folder, the Standard and Strict presets quarantine it."
    );

    let d = decode_text("X-Forefront-Antispam-Report: SCL:9;SFV:SPM;CAT:HPHISH;\r\n\r\n");
    assert_eq!(class(&d[0]), Some(Class::Phish));
    assert!(
        sentence(&d[0]).contains("high confidence phishing (CAT:HPHISH, SCL 9): it is quarantined")
    );
    assert_eq!(
        field(&d[0], "CAT").meaning,
        "the category of protection policy applied to the message: high confidence phishing"
    );
}

#[test]
fn forefront_verdicts_by_category_and_filtering_verdict() {
    for (report, expected, contains) in [
        (
            "SCL:1;SFV:NSPM;CAT:NONE;",
            Some(Class::Clean),
            "found it not spam (SFV:NSPM, SCL 1)",
        ),
        (
            "SCL:-1;SFV:SKN;CAT:NONE;",
            Some(Class::Allowed),
            "(SFV:SKN, SCL -1)",
        ),
        ("SCL:-1;SFV:SKI;IPV:CAL;", Some(Class::Allowed), "SFV:SKI"),
        (
            "SCL:-1;IPV:CAL;",
            Some(Class::Allowed),
            "IP Allow List (IPV:CAL, SCL -1)",
        ),
        (
            "SCL:-1;SFV:SFE;",
            Some(Class::Allowed),
            "Safe Senders list (SFV:SFE)",
        ),
        (
            "SCL:-1;SFV:SKA;",
            Some(Class::Allowed),
            "delivered to the Inbox",
        ),
        ("SFV:SKQ;", Some(Class::Allowed), "released from quarantine"),
        (
            "SCL:6;SFV:BLK;",
            Some(Class::Blocked),
            "Blocked Senders list (SFV:BLK)",
        ),
        (
            "SCL:5;SFV:SKB;",
            Some(Class::Blocked),
            "blocked list of an anti-spam policy (SFV:SKB, SCL 5)",
        ),
        (
            "SCL:5;SFV:SKS;",
            Some(Class::Spam),
            "A mail flow rule marked it as spam",
        ),
        (
            "SCL:9;SFV:SKS;",
            Some(Class::HighConfidenceSpam),
            "mail flow rules",
        ),
        (
            "SCL:7;SFV:SPM;",
            Some(Class::HighConfidenceSpam),
            "marked it as spam (SFV:SPM, SCL 7)",
        ),
        (
            "SCL:9;SFV:SPM;CAT:HSPM;",
            Some(Class::HighConfidenceSpam),
            "high confidence spam (CAT:HSPM, SCL 9)",
        ),
        (
            "SCL:7;SFV:SPM;CAT:SPOOF;",
            Some(Class::Spoof),
            "took it for spoofing (CAT:SPOOF, SCL 7)",
        ),
        ("SCL:9;CAT:MALW;", Some(Class::Malware), "found malware"),
        ("CAT:SAP;", Some(Class::Malware), "Safe Attachments"),
        (
            "SCL:5;CAT:UIMP;SFTY:9.20;",
            Some(Class::Phish),
            "impersonation (user impersonation",
        ),
        (
            "SCL:1;SFV:NSPM;SRV:BULK;",
            Some(Class::Bulk),
            "(SRV:BULK, SCL 1)",
        ),
        (
            "SCL:5;",
            Some(Class::Spam),
            "gave it a spam confidence level of 5 (spam)",
        ),
        ("CAT:NONE;SFV:XYZ;", None, ""),
        ("CIP:192.0.2.1;", None, ""),
    ] {
        let d = decode_text(&format!("X-Forefront-Antispam-Report: {report}\r\n\r\n"));
        assert_eq!(class(&d[0]), expected, "{report}");
        assert!(
            sentence(&d[0]).contains(contains),
            "{report}: {}",
            sentence(&d[0])
        );
    }
}

#[test]
fn custom_spam_setting() {
    let d = decode_text("X-CustomSpam: Web bug\r\n\r\n");
    assert_eq!(d[0].vendor, MICROSOFT);
    assert_eq!(field(&d[0], "setting").value, "Web bug");
    assert!(field(&d[0], "setting")
        .meaning
        .contains("MarkAsSpamWebBugsInHtml"));
    assert_eq!(class(&d[0]), Some(Class::HighConfidenceSpam));
    assert_eq!(
        sentence(&d[0]),
        "The anti-spam policy's Advanced Spam Filter setting \"Web bug\" matched and marked it as high confidence spam: these settings are off by default, so an admin turned it on, and can turn it off if it catches wanted mail."
    );
    let d = decode_text("X-CustomSpam: SPF From Record Fail\r\n\r\n");
    assert_eq!(class(&d[0]), Some(Class::Spam));
    let d = decode_text("X-CustomSpam: Image links to remote sites\r\n\r\n");
    assert_eq!(d[0].verdict, None);
    let d = decode_text(
        "X-CustomSpam: This message was filtered by the custom spam filter option\r\n\r\n",
    );
    assert!(field(&d[0], "setting").meaning.contains("test mode"));
    assert_eq!(d[0].verdict, None);
    let d = decode_text("X-CustomSpam: Something new\r\n\r\n");
    assert!(field(&d[0], "setting")
        .meaning
        .contains("not in Microsoft's list"));
    assert_eq!(d[0].verdict, None);
}

#[test]
fn untrusted_copy_is_never_the_cause() {
    let d = decode_text(
        "x-forefront-antispam-report: scl:1;sfv:nspm;cat:none;\r\n\
X-Forefront-Antispam-Report-Untrusted: CIP:192.0.2.9;SCL:9;SFV:SPM;CAT:HSPM;\r\n\
X-Microsoft-Antispam-Untrusted: BCL:9;\r\n\r\n",
    );
    assert_eq!(d.len(), 3);
    // Names and values in any case: the field names are kept as written.
    assert_eq!(d[0].fields[0].name, "scl");
    assert_eq!(class(&d[0]), Some(Class::Clean));
    assert_eq!(
        field(&d[0], "sfv").meaning,
        "spam filtering found the message not spam and sent it to its recipients"
    );
    assert_eq!(class(&d[1]), Some(Class::HighConfidenceSpam));
    assert!(sentence(&d[1]).starts_with("Another Microsoft 365 organization's filter (this -Untrusted copy is not the recipient's verdict)"));
    assert_eq!(class(&d[2]), Some(Class::Bulk));
    assert_eq!(likely_cause(&d), None);
}

// SpamAssassin and Rspamd, weird and random inputs: beside this file, with these helpers.
#[path = "tests_open_source.rs"]
mod open_source;
