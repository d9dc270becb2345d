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

const SA_SPAM: &str = "X-Spam-Checker-Version: SpamAssassin 3.4.6 (2021-04-09) on mx.example.net\r\n\
X-Spam-Flag: YES\r\n\
X-Spam-Level: *****\r\n\
X-Spam-Status: Yes, score=5.3 required=5.0 tests=BAYES_50,DKIM_INVALID,\r\n\tDKIM_SIGNED,HTML_MESSAGE,RDNS_NONE,SPF_FAIL,T_NEW_RULE autolearn=no\r\n\tautolearn_force=no version=3.4.6\r\n\
X-Spam-Report: \r\n\
\t*  0.8 BAYES_50 BODY: Bayes spam probability is 40 to 60%\r\n\
\t*      [score: 0.5123]\r\n\
\t*  0.1 DKIM_SIGNED Message has a DKIM or DK signature, not necessarily valid\r\n\
\t*  0.1 DKIM_INVALID DKIM or DK signature exists, but is not valid\r\n\
\t*  0.0 HTML_MESSAGE BODY: HTML included in message\r\n\
\t*  1.3 RDNS_NONE Delivered to internal network by a host with no rDNS\r\n\
\t*  0.9 SPF_FAIL SPF: sender does not match SPF record (fail)\r\n\
\t*      [SPF failed: Please see http://www.openspf.org/Why?s=mfrom]\r\n\
\t*  2.1 T_NEW_RULE BODY: A rule this tool has no\r\n\
\t*      entry for\r\n\
From: someone@example.org\r\n\r\nbody\r\n";

#[test]
fn spamassassin_spam_with_report() {
    let d = decode_text(SA_SPAM);
    assert_eq!(d.len(), 5);
    assert!(d.iter().all(|d| d.vendor == SPAMASSASSIN));

    let status = header(&d, "X-Spam-Status");
    let names: Vec<&str> = status.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "status",
            "score",
            "required",
            "BAYES_50",
            "DKIM_INVALID",
            "DKIM_SIGNED",
            "HTML_MESSAGE",
            "RDNS_NONE",
            "SPF_FAIL",
            "T_NEW_RULE",
            "autolearn",
            "autolearn_force",
            "version"
        ]
    );
    assert_eq!(field(status, "status").value, "Yes");
    assert_eq!(field(status, "score").value, "5.3");
    assert_eq!(
        field(status, "required").meaning,
        "the score at or above which SpamAssassin calls a message spam (required_score, 5.0 by default)"
    );
    // The points and details come from X-Spam-Report; the meaning from the table, or else the
    // report's own description.
    let bayes = field(status, "BAYES_50");
    assert_eq!(bayes.value, "0.8");
    assert_eq!(
        bayes.meaning,
        "the Bayes classifier puts the spam probability at 40 to 60% [score: 0.5123]"
    );
    assert_eq!(
        field(status, "SPF_FAIL").meaning,
        "SPF failed: the envelope sender's domain does not allow the sending server (-all) [SPF failed: Please see http://www.openspf.org/Why?s=mfrom]"
    );
    assert_eq!(
        field(status, "RDNS_NONE").meaning,
        "the server that handed the message to the receiver's network has no reverse DNS (PTR) name"
    );
    let new_rule = field(status, "T_NEW_RULE");
    assert_eq!(new_rule.value, "2.1");
    assert_eq!(new_rule.meaning, "BODY: A rule this tool has no entry for");
    assert_eq!(
        field(status, "autolearn").meaning,
        "the Bayes classifier did not learn from it: the score was not far enough from the threshold"
    );
    assert_eq!(field(status, "version").value, "3.4.6");
    assert_eq!(class(status), Some(Class::Spam));
    assert_eq!(
        sentence(status),
        "SpamAssassin marked it as spam: it scored 5.3, at or over the 5.0 required, mostly for T_NEW_RULE (2.1), RDNS_NONE (1.3) and SPF_FAIL (0.9); whether that sends it to Junk is up to the mail system that reads its headers (X-Spam-Flag, a tagged Subject)."
    );

    let report = header(&d, "X-Spam-Report");
    assert_eq!(report.fields.len(), 7);
    assert!(report.fields.iter().all(|f| f.name != "text"));
    assert_eq!(report.fields[0].name, "BAYES_50");
    assert_eq!(report.fields[0].value, "0.8");
    assert_eq!(
        report.fields[3].meaning,
        "the message has HTML (informational)"
    );
    assert_eq!(
        report.fields[6].meaning,
        "BODY: A rule this tool has no entry for"
    );
    assert_eq!(report.verdict, None);

    assert_eq!(
        field(header(&d, "X-Spam-Level"), "level").meaning,
        "one '*' per whole point of score: at least 5 points"
    );
    let flag = header(&d, "X-Spam-Flag");
    assert_eq!(class(flag), Some(Class::Spam));
    assert!(field(header(&d, "X-Spam-Checker-Version"), "version")
        .meaning
        .contains("SpamAssassin version"));

    assert_eq!(
        likely_cause(&d).map(|c| c.header.as_str()),
        Some("X-Spam-Status")
    );
}

#[test]
fn spamassassin_not_spam_with_scores_in_the_status() {
    let d = decode_text(
        "X-Spam-Status: No, score=-0.7 required=5.0 tests=DKIM_SIGNED=0.1,DKIM_VALID=-0.1,\r\n DKIM_VALID_AU=-0.1,RCVD_IN_DNSWL_LOW=-0.7,SPF_PASS=-0.001,\r\n UNKNOWN_X=0.1,URIBL_NEWLIST=0 autolearn=ham autolearn_force=no\r\n version=4.0.0\r\n\
X-Spam-Level: \r\n\r\n",
    );
    let status = &d[0];
    assert_eq!(status.vendor, SPAMASSASSIN);
    assert_eq!(field(status, "SPF_PASS").value, "-0.001");
    assert_eq!(
        field(status, "DKIM_VALID_AU").meaning,
        "the message has a valid DKIM signature from the author's (From) domain"
    );
    assert_eq!(
        field(status, "UNKNOWN_X").meaning,
        "SpamAssassin rule (see its documentation)"
    );
    assert_eq!(
        field(status, "URIBL_NEWLIST").meaning,
        "a link in the message is on a URI block list"
    );
    assert_eq!(
        field(status, "autolearn").meaning,
        "the Bayes classifier learned from the message as not spam"
    );
    assert_eq!(class(status), Some(Class::Clean));
    assert_eq!(
        sentence(status),
        "SpamAssassin did not mark it as spam: it scored -0.7, under the 5.0 required."
    );
    assert_eq!(
        field(&d[1], "level").meaning,
        "no mark: SpamAssassin gave the message less than 1 point"
    );
    assert_eq!(likely_cause(&d), None);

    let d = decode_text(
        "X-Spam-Status: No, score=0.0 required=5.0 tests=none autolearn=unavailable\r\n\r\n",
    );
    assert_eq!(field(&d[0], "tests").meaning, "no rule matched");
    assert!(field(&d[0], "autolearn").meaning.contains("not possible"));
}

const RSPAMD_MESSAGE: &str = "X-Rspamd-Queue-Id: 84E6927\r\n\
X-Spamd-Result: default: False [7.54 / 15.00];\r\n\
\tDMARC_POLICY_REJECT(2.00)[example.com : SPF not aligned (relaxed), DKIM not aligned (relaxed),reject];\r\n\
\tR_DKIM_REJECT(1.00)[example.org:s=sel];\r\n\
\tBAYES_SPAM(4.44)[93.21%];\r\n\
\tFORGED_SENDER(0.30)[from@example.com,bounces@send.example.org];\r\n\
\tR_SPF_ALLOW(-0.20)[+ip4:192.0.2.0/24];\r\n\
\tMY_SITE_RULE(0.00)[];\r\n\
\tARC_NA(0.00)[]\r\n\
X-Rspamd-Action: add header\r\n\
X-Spamd-Bar: +++++++\r\n\
X-Spam-Status: Yes, score=7.54\r\n\
X-Spam: Yes\r\n\
From: from@example.com\r\n\r\nbody\r\n";

#[test]
fn rspamd_symbols_options_and_action() {
    let d = decode_text(RSPAMD_MESSAGE);
    let headers: Vec<&str> = d.iter().map(|d| d.header.as_str()).collect();
    assert_eq!(
        headers,
        [
            "X-Spamd-Result",
            "X-Rspamd-Action",
            "X-Spamd-Bar",
            "X-Spam-Status",
            "X-Spam"
        ]
    );
    assert!(d.iter().all(|d| d.vendor == RSPAMD));

    let result = &d[0];
    let names: Vec<&str> = result.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "default",
            "score",
            "threshold",
            "DMARC_POLICY_REJECT",
            "R_DKIM_REJECT",
            "BAYES_SPAM",
            "FORGED_SENDER",
            "R_SPF_ALLOW",
            "MY_SITE_RULE",
            "ARC_NA"
        ]
    );
    assert_eq!(field(result, "default").value, "False");
    assert_eq!(field(result, "score").value, "7.54");
    assert_eq!(field(result, "threshold").value, "15.00");
    let dmarc = field(result, "DMARC_POLICY_REJECT");
    assert_eq!(
        dmarc.value,
        "2.00 [example.com : SPF not aligned (relaxed), DKIM not aligned (relaxed),reject]"
    );
    assert_eq!(
        dmarc.meaning,
        "DMARC failed and the From domain's policy is p=reject"
    );
    assert_eq!(
        field(result, "FORGED_SENDER").meaning,
        "the From address differs from the envelope sender (SMTP MAIL FROM)"
    );
    assert_eq!(
        field(result, "MY_SITE_RULE").meaning,
        "Rspamd symbol (see its documentation)"
    );
    assert_eq!(field(result, "MY_SITE_RULE").value, "0.00");
    assert_eq!(field(result, "ARC_NA").value, "0.00");
    assert_eq!(class(result), Some(Class::Spam));
    assert_eq!(
        sentence(result),
        "Rspamd scored it 7.54 (it rejects at 15.0) and took the action \"add header\": it marked the message as spam with a header, which the mail system usually acts on by filing it in Junk; the score came mostly from BAYES_SPAM (4.44), DMARC_POLICY_REJECT (2.0) and R_DKIM_REJECT (1.0)."
    );

    assert_eq!(class(&d[1]), Some(Class::Spam));
    assert_eq!(
        sentence(&d[1]),
        "Rspamd's action was \"add header\": it marked the message as spam with a header, which the mail system usually acts on by filing it in Junk."
    );
    assert_eq!(
        field(&d[2], "bar").meaning,
        "one + per whole point of score: at least 7"
    );
    let status = &d[3];
    assert_eq!(field(status, "status").value, "Yes");
    assert_eq!(class(status), Some(Class::Spam));
    assert!(
        sentence(status).starts_with("Rspamd marked it as spam (X-Spam-Status: Yes, score 7.54)")
    );
    assert_eq!(class(&d[4]), Some(Class::Spam));
    assert_eq!(
        likely_cause(&d).map(|c| c.header.as_str()),
        Some("X-Spamd-Result")
    );
}

#[test]
fn rspamd_without_action_uses_default_thresholds() {
    for (result, expected, contains) in [
        (
            "default: False [2.10 / 15.00]; A(2.10)[]",
            Some(Class::Clean),
            "under greylisting (4.0): not spam",
        ),
        (
            "default: False [4.50 / 15.00]; A(4.50)[]",
            Some(Class::Suspicious),
            "between greylisting (4.0) and the add header action (6.0)",
        ),
        (
            "default: False [6.00 / 15.00]; A(6.00)[]",
            Some(Class::Spam),
            "reaches the add header action (6.0)",
        ),
        (
            "default: False [16.0 / 15.00]; A(16)[]",
            Some(Class::Spam),
            "at or over the reject threshold",
        ),
        (
            "default: True [16.0 / 15.00]; A(16)[]",
            Some(Class::Spam),
            "chose to reject it; the score came mostly from A (16.0)",
        ),
        ("default: False", None, ""),
    ] {
        let d = decode_text(&format!("X-Spamd-Result: {result}\r\n\r\n"));
        assert_eq!(class(&d[0]), expected, "{result}");
        assert!(
            sentence(&d[0]).contains(contains),
            "{result}: {}",
            sentence(&d[0])
        );
    }
    // Older versions: spaces between the parts, no semicolons.
    let d = decode_text("X-Spamd-Result: default: False [0.19 / 15.00]\r\n MID_CONTAINS_FROM (1.00) []\r\n R_SPF_ALLOW (-0.20) [+ip4:131.252.210.177:c]\r\n\r\n");
    let names: Vec<&str> = d[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "default",
            "score",
            "threshold",
            "MID_CONTAINS_FROM",
            "R_SPF_ALLOW"
        ]
    );
    assert_eq!(
        field(&d[0], "R_SPF_ALLOW").value,
        "-0.20 [+ip4:131.252.210.177:c]"
    );
    assert_eq!(
        field(&d[0], "MID_CONTAINS_FROM").meaning,
        "the Message-ID contains the From address"
    );
    // Haraka's report and score headers.
    let d = decode_text("X-Rspamd-Score: 12.314971\r\nX-Rspamd-Report: FUZZY_DENIED(10.348733) BAYES_HAM(-2.999999) RCPT_COUNT_FIVE(0)\r\nX-Rspamd-Bar: ++++++++++++\r\n\r\n");
    assert!(d.iter().all(|d| d.vendor == RSPAMD));
    assert_eq!(
        d[0].fields[0].meaning,
        "the total points Rspamd gave the message: 12.31"
    );
    assert_eq!(d[1].fields.len(), 3);
    assert_eq!(
        d[1].fields[0].meaning,
        "the message matches a fuzzy hash of known spam (bl.rspamd.com)"
    );
    assert_eq!(
        d[1].fields[2].meaning,
        "the number of recipients (informational)"
    );
    assert_eq!(
        d[2].fields[0].meaning,
        "one + per whole point of score: at least 12"
    );
}

#[test]
fn rspamd_actions() {
    for (action, expected) in [
        ("no action", Some(Class::Clean)),
        ("greylist", Some(Class::Suspicious)),
        ("soft reject", Some(Class::Suspicious)),
        ("add header", Some(Class::Spam)),
        ("add_header", Some(Class::Spam)),
        ("Rewrite Subject", Some(Class::Spam)),
        ("reject", Some(Class::Spam)),
        ("quarantine", Some(Class::Spam)),
        ("discard", Some(Class::Spam)),
        ("my_custom", None),
        ("", None),
    ] {
        let d = decode_text(&format!("X-Rspamd-Action: {action}\r\n\r\n"));
        assert_eq!(class(&d[0]), expected, "{action}");
    }
}

#[test]
fn shared_headers_are_told_apart() {
    // SpamAssassin's status has required=; beside Rspamd's headers it is still SpamAssassin's.
    let d = decode_text(
        "X-Spamd-Bar: +\r\nX-Spam-Status: No, score=1.2 required=5.0 tests=HTML_MESSAGE\r\n\r\n",
    );
    assert_eq!(d[1].vendor, SPAMASSASSIN);
    // Without Rspamd's headers, a bare status is SpamAssassin's (a custom add_header line).
    let d = decode_text(
        "X-Spam-Status: Yes, score=7.54\r\nX-Spam-Level: *******\r\nX-Spam-Score: 7.54\r\n\r\n",
    );
    assert!(d.iter().all(|d| d.vendor == SPAMASSASSIN), "{d:#?}");
    // Beside Rspamd's headers, it is Rspamd's, and so are the level and the score.
    let d = decode_text("X-Rspamd-Server: mx1\r\nX-Spam-Status: No, score=-0.50\r\nX-Spam-Level: \r\nX-Spam-Score: -0.5\r\nX-Spam-Flag: NO\r\n\r\n");
    assert_eq!(d.len(), 4);
    assert!(d.iter().all(|d| d.vendor == RSPAMD), "{d:#?}");
    assert_eq!(class(&d[0]), Some(Class::Clean));
    assert_eq!(sentence(&d[0]), "Rspamd did not mark it as spam (X-Spam-Status: No, score -0.5): its action was no action or greylist.");
    assert_eq!(class(&d[3]), Some(Class::Clean));
    // A bare X-Spam is only Rspamd's beside Rspamd's headers.
    assert!(decode_text("X-Spam: Yes\r\n\r\n").is_empty());
}

#[test]
fn weird_inputs_never_panic_and_keep_everything() {
    let d = decode_text("X-Forefront-Antispam-Report: SCL:abc;SFV;CAT:;:x;;;NEW:1:2\r\n\r\n");
    let r = &d[0];
    let names: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["SCL", "SFV", "CAT", "", "NEW"]);
    assert_eq!(
        field(r, "SCL").meaning,
        "the spam confidence level, but \"abc\" is not a whole number"
    );
    assert_eq!(field(r, "SFV").meaning, "the spam filtering verdict, which also tells which component decided; written without a colon and a value");
    assert_eq!(field(r, "CAT").meaning, "the category of protection policy applied to the message; empty here: none applies to this message");
    assert!(field(r, "")
        .meaning
        .starts_with("not documented by Microsoft"));
    assert_eq!(field(r, "NEW").value, "1:2");
    assert_eq!(r.verdict, None);

    let d = decode_text("X-Forefront-Antispam-Report: SFV:QQQ;CAT:ZZZ;DIR:UP\r\n\r\n");
    assert_eq!(field(&d[0], "SFV").meaning, "the spam filtering verdict, which also tells which component decided; the value \"QQQ\" is not documented by Microsoft");
    assert_eq!(d[0].verdict, None);

    for text in [
        "X-Forefront-Antispam-Report:\r\n\r\n",
        "X-Forefront-Antispam-Report: ;;;;\r\n\r\n",
        "X-Microsoft-Antispam: BCL\r\n\r\n",
        "X-Microsoft-Antispam: BCL:99999999999999999999999999;\r\n\r\n",
        "X-MS-Exchange-Organization-SCL:\r\n\r\n",
        "X-Spam-Status:\r\n\r\n",
        "X-Spam-Status: Yes\r\n\r\n",
        "X-Spam-Status: Maybe, score=abc required= tests= stray words=\r\n\r\n",
        "X-Spam-Status: score=1e400 required=5.0 tests=,,,A=,=3\r\n\r\n",
        "X-Spam-Report:\r\n\r\n",
        "X-Spam-Report: * 1.0\r\n *  x\r\n * [details before any rule]\r\n\r\n",
        "X-Spam-Flag: maybe\r\n\r\n",
        "X-Spam-Level: *+*\r\n\r\n",
        "X-Spam-Score: lots\r\n\r\n",
        "X-Spamd-Result:\r\n\r\n",
        "X-Spamd-Result: default: True [\r\n\r\n",
        "X-Spamd-Result: default: False [3.0 / 15.0]; A(1.0)[unterminated; B(2\r\n\r\n",
        "X-Spamd-Result: ((((]]]];;;[[[(\r\n\r\n",
        "X-Spamd-Result: default: False [99999999999999999999 / x]\r\n\r\n",
        "X-Rspamd-Report: (1)[x] NAME(\r\n\r\n",
        "X-Spamd-Bar: +-/\r\n\r\n",
        "Authentication-Results: compauth=\r\n\r\n",
        "Authentication-Results: compauth=fail reason=\"\r\n\r\n",
    ] {
        let d = decode_text(text);
        assert_eq!(d.len(), 1, "{text:?}");
        serde_json::to_string(&d).expect("serializes");
    }

    let d = decode_text(
        "X-Spamd-Result: default: False [3.0 / 15.0]; A(1.0)[unterminated; B(2\r\n\r\n",
    );
    let names: Vec<&str> = d[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["default", "score", "threshold", "A"]);
    assert_eq!(field(&d[0], "A").value, "1.0 [unterminated; B(2]");

    let d = decode_text("X-Spam-Report: * 1.0\r\n *  x\r\n\r\n");
    assert_eq!(d[0].fields.len(), 2);
    assert!(d[0].fields.iter().all(|f| f.name == "text"));

    // Long and multibyte values quoted inside meanings are cut on a character boundary.
    let long = "é".repeat(100);
    let d = decode_text(&format!(
        "X-Forefront-Antispam-Report: SCL:{long};SFV:{long}\r\n\r\n"
    ));
    assert!(d[0].fields[0].meaning.contains('…'));
    assert_eq!(d[0].fields[0].value, long);
}

#[test]
fn long_headers_decode_in_one_pass() {
    const N: usize = 10_000;
    let mut report = String::from("X-Forefront-Antispam-Report: SCL:5;SFV:SPM;");
    for i in 0..N {
        report.push_str(&format!("F{i}:v{i};"));
    }
    report.push_str("\r\n\r\n");
    let d = decode_text(&report);
    assert_eq!(d[0].fields.len(), N + 2);
    assert_eq!(d[0].fields[N + 1].name, format!("F{}", N - 1));
    assert_eq!(class(&d[0]), Some(Class::Spam));

    let mut status = String::from("X-Spam-Status: Yes, score=10000.0 required=5.0 tests=");
    let mut spam_report = String::from("X-Spam-Report:");
    for i in 0..N {
        status.push_str(&format!("RULE_{i}=1.0,"));
        if i % 8 == 7 {
            status.push_str("\r\n\t");
        }
        spam_report.push_str(&format!("\r\n\t*  1.0 RULE_{i} Rule number {i}"));
    }
    status.push_str(" autolearn=no\r\n");
    let d = decode_text(&format!("{status}{spam_report}\r\n\r\n"));
    assert_eq!(d[0].fields.len(), 3 + N + 1);
    assert_eq!(field(&d[0], "RULE_9999").meaning, "Rule number 9999");
    assert_eq!(d[1].fields.len(), N);
    assert!(sentence(&d[0]).contains("mostly for RULE_0 (1.0), RULE_1 (1.0) and RULE_2 (1.0)"));

    let mut result = String::from("X-Spamd-Result: default: True [10000.00 / 15.00]");
    for i in 0..N {
        result.push_str(&format!(
            ";\r\n\tSYMBOL_{i}(1.00)[option {i}; with (parens)]"
        ));
    }
    let d = decode_text(&format!("{result}\r\n\r\n"));
    assert_eq!(d[0].fields.len(), 3 + N);
    assert_eq!(
        d[0].fields[3 + N - 1].value,
        format!("1.00 [option {}; with (parens)]", N - 1)
    );
}

#[test]
fn json_shape() {
    let d = decode_text("X-Forefront-Antispam-Report: SCL:9;SFV:SPM;CAT:HSPM\r\n\r\n");
    let json = serde_json::to_value(&d).expect("serializes");
    let one = &json[0];
    assert_eq!(one["vendor"], "Microsoft");
    assert_eq!(one["header"], "X-Forefront-Antispam-Report");
    assert_eq!(one["fields"][2]["name"], "CAT");
    assert_eq!(one["fields"][2]["value"], "HSPM");
    assert!(one["fields"][2]["meaning"].is_string());
    assert_eq!(one["verdict"]["spam"], "high-confidence-spam");
    assert!(one["verdict"]["sentence"].is_string());
    let d = decode_text("X-Spam-Level: **\r\n\r\n");
    assert!(serde_json::to_value(&d).expect("serializes")[0]["verdict"].is_null());
    for c in [
        Class::Allowed,
        Class::Clean,
        Class::Suspicious,
        Class::Bulk,
        Class::Spoof,
        Class::Spam,
        Class::HighConfidenceSpam,
        Class::Blocked,
        Class::Phish,
        Class::Malware,
    ] {
        assert_eq!(serde_json::to_value(c).expect("serializes"), c.as_str());
        assert_eq!(c.is_unwanted(), c >= Class::Bulk);
    }
}

#[test]
fn messages_without_filter_headers() {
    assert!(decode_text("From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n").is_empty());
    assert!(decode_text("").is_empty());
    assert_eq!(likely_cause(&[]), None);
}

/// Random headers over the characters the parsers split on, in every header they read: never a
/// panic, and every decoded header serializes.
#[test]
fn random_bytes_never_panic() {
    const NAMES: [&str; 20] = [
        "X-Forefront-Antispam-Report",
        "X-Forefront-Antispam-Report-Untrusted",
        "X-Microsoft-Antispam",
        "X-MS-Exchange-Organization-SCL",
        "X-CustomSpam",
        "Authentication-Results",
        "X-Spam-Status",
        "X-Spam-Report",
        "X-Spam-Flag",
        "X-Spam-Score",
        "X-Spam-Level",
        "X-Spam-Checker-Version",
        "X-Spamd-Result",
        "X-Rspamd-Action",
        "X-Rspamd-Score",
        "X-Rspamd-Report",
        "X-Spamd-Bar",
        "X-Spam",
        "x-forefront-antispam-report",
        "X-Rspamd-Server",
    ];
    const ALPHABET: &[u8] = b";:()[]=,*/ \t\r\n-+.0123456789abSCLFVTRUEyes_\"\xc3\xa9\xff";
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let mut msg = Vec::new();
        for _ in 0..(next() % 4 + 1) {
            msg.extend_from_slice(NAMES[(next() % NAMES.len() as u64) as usize].as_bytes());
            msg.push(b':');
            for _ in 0..(next() % 60) {
                msg.push(ALPHABET[(next() % ALPHABET.len() as u64) as usize]);
            }
            msg.extend_from_slice(b"\r\n");
        }
        let decoded = decode(&crate::message::parse(&msg));
        serde_json::to_string(&decoded).expect("serializes");
        let _ = likely_cause(&decoded);
    }
}

/// Every value Microsoft's header page lists has its own meaning, not the undocumented one.
#[test]
fn every_documented_microsoft_value_has_a_meaning() {
    for (name, values) in [
        (
            "SFV",
            &[
                "BLK", "NSPM", "SFE", "SKA", "SKB", "SKI", "SKN", "SKQ", "SKS", "SPM",
            ][..],
        ),
        (
            "CAT",
            &[
                "AMP", "BIMP", "BULK", "DIMP", "FTBP", "GIMP", "HPHSH", "HPHISH", "HSPM", "INTOS",
                "MALW", "OSPM", "PHSH", "SAP", "SPM", "SPOOF", "UIMP",
            ][..],
        ),
        ("SFTY", &["9.19", "9.20", "9.25"][..]),
        ("DIR", &["INB", "OUT", "INT"][..]),
        ("IPV", &["CAL", "NLI"][..]),
        ("SRV", &["BULK"][..]),
    ] {
        for value in values {
            let d = decode_text(&format!(
                "X-Forefront-Antispam-Report: {name}:{value}\r\n\r\n"
            ));
            let meaning = &d[0].fields[0].meaning;
            assert!(
                !meaning.contains("not documented"),
                "{name}:{value}: {meaning}"
            );
            assert!(!meaning.contains("empty here"), "{name}:{value}: {meaning}");
        }
    }
    for name in ["ARC", "CIP", "CTRY", "H", "LANG", "PTR"] {
        let d = decode_text(&format!("X-Forefront-Antispam-Report: {name}:x\r\n\r\n"));
        assert!(!d[0].fields[0].meaning.contains("not documented"), "{name}");
    }
}
