//! SpamAssassin's and Rspamd's headers, shared headers told apart, weird inputs, long headers
//! and random bytes; the helpers are the Microsoft tests' (`super`).

use super::*;

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
