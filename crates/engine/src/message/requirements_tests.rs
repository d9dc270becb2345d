//! The sender requirements on messages signed here (Ed25519, relaxed/relaxed) over small zones:
//! each code met and not met, the hop into the receiver, and bulk mail told from transactional.

use std::net::{IpAddr, Ipv4Addr};

use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use futures::executor::block_on;
use sha2::{Digest, Sha256};

use super::*;
use crate::dkim::canon;
use crate::dkim::signature::Canon;
use crate::dns::zone::Zone;
use crate::message::check::{check, CheckOptions, MessageCheck};

const SEED: [u8; 32] = [7; 32];
const SENDER_IP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 25);
/// A 512-bit RSA public key (SubjectPublicKeyInfo), made with `openssl genrsa 512`.
const RSA_512: &str = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAK8uX3+cG7jpzVa71pFVFobuZOvroJaPZ6j3DpfhypL2ovj3KCwifTyVodUcgqixKMxxgObFa+zKhoET9it4ZkMCAwEAAQ==";

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// `headers` (CRLF-ended fields) and `body`, with a DKIM-Signature of `d=domain s=sel` over the
/// fields named in `h` added on top.
fn signed(headers: &str, body: &str, domain: &str, h: &[&str]) -> String {
    let bh = b64(&Sha256::digest(canon::body(
        body.as_bytes(),
        Canon::Relaxed,
    )));
    let field = format!(
        "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d={domain}; s=sel; h={}; bh={bh}; b=",
        h.join(":")
    );
    let parsed = crate::message::parse(format!("{headers}\r\n{body}").as_bytes());
    let names: Vec<String> = h.iter().map(|s| s.to_string()).collect();
    let mut data = Vec::new();
    for (name, f) in canon::select(&parsed.headers, &names) {
        if let Some(f) = f {
            data.extend_from_slice(&canon::header(&name, &f.raw, Canon::Relaxed));
        }
    }
    let mut own = canon::header("DKIM-Signature", field.as_bytes(), Canon::Relaxed);
    own.truncate(own.len() - 2);
    data.extend_from_slice(&own);
    let sig = SigningKey::from_bytes(&SEED).sign(&Sha256::digest(&data));
    format!("{field}{}\r\n{headers}\r\n{body}", b64(&sig.to_bytes()))
}

/// The key of `sel._domainkey.domain`, DMARC and SPF for `domain`, and forward-confirmed reverse
/// DNS for the sending IP.
fn zone(domain: &str) -> Zone {
    let public = SigningKey::from_bytes(&SEED).verifying_key().to_bytes();
    let key = format!("v=DKIM1; k=ed25519; p={}", b64(&public));
    Zone::new()
        .with_txt(&format!("sel._domainkey.{domain}"), &[&key])
        .with_txt(
            &format!("_dmarc.{domain}"),
            &["v=DMARC1; p=none; rua=mailto:d@example.net"],
        )
        .with_txt(domain, &["v=spf1 ip4:192.0.2.0/24 -all"])
        .with(
            "25.2.0.192.in-addr.arpa",
            RData::Ptr("mail.shop.example.".into()),
        )
        .with("mail.shop.example", RData::A(SENDER_IP))
}

const RECEIVED_TLS: &str = "Received: from mail.shop.example (mail.shop.example [192.0.2.25])\r\n by mx.google.com with ESMTPS id a1 (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384);\r\n Mon, 7 Dec 2026 10:00:01 +0000\r\n";
const RECEIVED_PLAIN: &str = "Received: from mail.shop.example (mail.shop.example [192.0.2.25])\r\n by mx.google.com with ESMTP id a1;\r\n Mon, 7 Dec 2026 10:00:01 +0000\r\n";
const BASE: &str = "From: Shop <news@shop.example>\r\nTo: reader@example.net\r\nSubject: Sale\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@shop.example>\r\nReturn-Path: <bounce@shop.example>\r\n";
const ONE_CLICK: &str = "List-Unsubscribe: <https://shop.example/u/1>, <mailto:u@shop.example>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
const H: [&str; 5] = ["from", "to", "subject", "date", "message-id"];
const H_UNSUB: [&str; 7] = [
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
];

fn run(zone: &Zone, msg: &str, opts: CheckOptions) -> MessageCheck {
    block_on(check(
        zone,
        &crate::crypto::RustCrypto,
        msg.as_bytes(),
        &opts,
    ))
}

fn with_ip() -> CheckOptions {
    CheckOptions {
        ip: Some(IpAddr::V4(SENDER_IP)),
        ..CheckOptions::default()
    }
}

fn rule<'a>(c: &'a MessageCheck, code: &str) -> &'a Rule {
    c.requirements
        .as_ref()
        .unwrap()
        .rules
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no rule {code}"))
}

fn status(c: &MessageCheck, code: &str) -> Status {
    rule(c, code).status
}

#[test]
fn a_well_sent_marketing_message_meets_every_rule() {
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}{ONE_CLICK}"),
        "Hello\r\n",
        "shop.example",
        &H_UNSUB,
    );
    let c = run(&zone("shop.example"), &msg, CheckOptions::default());
    assert_eq!(c.dkim[0].result, "pass", "{:?}", c.dkim[0]);
    assert!(c.requirements.as_ref().unwrap().bulk);
    assert_eq!(
        c.requirements.as_ref().unwrap().bulk_because,
        "it carries List-Unsubscribe"
    );
    assert_eq!(
        c.requirements.as_ref().unwrap().connecting_ip.as_deref(),
        Some("192.0.2.25")
    );
    for r in &c.requirements.as_ref().unwrap().rules {
        // SPF comes from nowhere without the IP or the receiver's Authentication-Results.
        if r.code == "bulk-spf-and-dkim" {
            assert_eq!(r.status, Status::Unknown, "{r:?}");
            continue;
        }
        assert_eq!(r.status, Status::Pass, "{r:?}");
    }
    assert!(
        c.requirements.as_ref().unwrap().findings.is_empty(),
        "{:?}",
        c.requirements.as_ref().unwrap().findings
    );
    // With the IP, SPF passes too.
    let c = run(&zone("shop.example"), &msg, with_ip());
    let r = rule(&c, "bulk-spf-and-dkim");
    assert_eq!(r.status, Status::Pass, "{r:?}");
    assert_eq!(
        r.evidence,
        "SPF pass for shop.example from 192.0.2.25; DKIM passes for shop.example"
    );
    assert_eq!(
        rule(&c, "bulk-unsubscribe-unsigned").evidence,
        "the aligned signature d=shop.example s=sel signs both"
    );
    assert_eq!(
        rule(&c, "bulk-fcrdns-mismatch").evidence,
        "mail.shop.example resolves back to 192.0.2.25"
    );
    assert!(
        c.junk_reason
            .as_deref()
            .unwrap()
            .starts_with("Nothing in the message explains"),
        "{:?}",
        c.junk_reason
    );
}

#[test]
fn a_marketing_message_without_one_click_fails_and_says_so_first() {
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}List-Id: <news.shop.example>\r\n"),
        "Hello\r\n",
        "shop.example",
        &H,
    );
    let c = run(&zone("shop.example"), &msg, with_ip());
    assert!(c.requirements.as_ref().unwrap().bulk);
    assert_eq!(
        c.requirements.as_ref().unwrap().bulk_because,
        "it carries List-Id"
    );
    let r = rule(&c, "bulk-one-click-missing");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(r.evidence, "no List-Unsubscribe field");
    assert!(r
        .fix
        .unwrap()
        .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let unsigned = rule(&c, "bulk-unsubscribe-unsigned");
    assert!(!unsigned.applies);
    let f: Vec<_> = c
        .requirements
        .as_ref()
        .unwrap()
        .findings
        .iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(f, ["bulk-one-click-missing"]);
    assert_eq!(
        c.requirements.as_ref().unwrap().findings[0].severity,
        Severity::Error
    );
    assert!(
        c.junk_reason
            .as_deref()
            .unwrap()
            .starts_with("One-click unsubscribe: no List-Unsubscribe field."),
        "{:?}",
        c.junk_reason
    );

    // A mailto: alone, and a Post field with another value.
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}List-Unsubscribe: <mailto:u@shop.example>\r\n"),
        "Hello\r\n",
        "shop.example",
        &H,
    );
    let c = run(&zone("shop.example"), &msg, with_ip());
    assert!(rule(&c, "bulk-one-click-missing")
        .evidence
        .contains("no https: URI"));
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}List-Unsubscribe: <https://shop.example/u>\r\nList-Unsubscribe-Post: yes\r\n"),
        "Hello\r\n",
        "shop.example",
        &H,
    );
    let c = run(&zone("shop.example"), &msg, with_ip());
    assert_eq!(
        rule(&c, "bulk-one-click-missing").evidence,
        "List-Unsubscribe-Post is \"yes\", not List-Unsubscribe=One-Click"
    );
}

#[test]
fn unsubscribe_fields_outside_the_signature_fail() {
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}{ONE_CLICK}"),
        "Hello\r\n",
        "shop.example",
        &H,
    );
    let c = run(&zone("shop.example"), &msg, with_ip());
    assert_eq!(status(&c, "bulk-one-click-missing"), Status::Pass);
    let r = rule(&c, "bulk-unsubscribe-unsigned");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(
        r.evidence,
        "the aligned DKIM signature does not sign both List-Unsubscribe and List-Unsubscribe-Post"
    );
    // Signed, but by a domain that does not align with From.
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}{ONE_CLICK}"),
        "Hello\r\n",
        "esp.example",
        &H_UNSUB,
    );
    let c = run(&zone("esp.example"), &msg, with_ip());
    assert_eq!(c.dkim[0].result, "pass");
    assert_eq!(
        rule(&c, "bulk-unsubscribe-unsigned").evidence,
        "no passing DKIM signature aligned with the From domain signs them"
    );
}

#[test]
fn transactional_mail_is_not_held_to_the_bulk_rules() {
    let z = zone("shop.example");
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}"),
        "Receipt\r\n",
        "shop.example",
        &H,
    );
    let c = run(&z, &msg, CheckOptions::default());
    assert!(!c.requirements.as_ref().unwrap().bulk);
    assert!(!rule(&c, "bulk-one-click-missing").applies);
    // DKIM alone suffices for all senders.
    assert_eq!(status(&c, "bulk-spf-and-dkim"), Status::Pass);
    // The user's choice wins over the fields, both ways.
    let opts = CheckOptions {
        bulk: Some(true),
        ..CheckOptions::default()
    };
    let c = run(&z, &msg, opts);
    assert!(c.requirements.as_ref().unwrap().bulk);
    assert_eq!(
        c.requirements.as_ref().unwrap().bulk_because,
        "chosen: treated as bulk (marketing) mail"
    );
    assert_eq!(status(&c, "bulk-one-click-missing"), Status::Fail);
    assert_eq!(status(&c, "bulk-spf-and-dkim"), Status::Unknown);
    let list = signed(
        &format!("{RECEIVED_TLS}{BASE}{ONE_CLICK}"),
        "x\r\n",
        "shop.example",
        &H,
    );
    let opts = CheckOptions {
        bulk: Some(false),
        ..CheckOptions::default()
    };
    assert!(!run(&z, &list, opts).requirements.unwrap().bulk);
}

#[test]
fn dmarc_alignment_and_both_authentications() {
    // No DMARC record: fails for bulk mail, warns for a transactional message.
    let mut z = zone("esp.example");
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}{ONE_CLICK}"),
        "Hello\r\n",
        "esp.example",
        &H_UNSUB,
    );
    let c = run(&z, &msg, with_ip());
    let r = rule(&c, "bulk-no-dmarc");
    assert_eq!(
        (r.status, r.evidence.as_str()),
        (Status::Fail, "shop.example publishes no DMARC record")
    );
    let r = rule(&c, "bulk-not-aligned");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(
        r.evidence,
        "no passing SPF or DKIM identifier aligns with shop.example"
    );
    // SPF of shop.example is not published in this zone: DKIM alone is not enough for bulk.
    let r = rule(&c, "bulk-spf-and-dkim");
    assert_eq!(r.status, Status::Fail, "{r:?}");
    assert!(
        r.evidence.ends_with("bulk senders need both to pass"),
        "{}",
        r.evidence
    );

    let transactional = signed(
        &format!("{RECEIVED_TLS}{BASE}"),
        "Hi\r\n",
        "esp.example",
        &H,
    );
    let c = run(&z, &transactional, with_ip());
    assert_eq!(status(&c, "bulk-no-dmarc"), Status::Warning);
    assert_eq!(status(&c, "bulk-not-aligned"), Status::Warning);
    assert_eq!(status(&c, "bulk-spf-and-dkim"), Status::Pass);
    let warned: Vec<_> = c
        .requirements
        .as_ref()
        .unwrap()
        .findings
        .iter()
        .map(|f| (f.code, f.severity))
        .collect();
    assert!(
        warned.contains(&("bulk-no-dmarc", Severity::Warning)),
        "{warned:?}"
    );

    // SPF aligned through the Return-Path: aligned even though DKIM is another domain's.
    z.merge(
        Zone::new()
            .with_txt("shop.example", &["v=spf1 ip4:192.0.2.25 -all"])
            .with_txt("_dmarc.shop.example", &["v=DMARC1; p=reject"]),
    );
    let c = run(&z, &msg, with_ip());
    let r = rule(&c, "bulk-not-aligned");
    assert_eq!(
        (r.status, r.evidence.as_str()),
        (
            Status::Pass,
            "SPF for shop.example passes aligned with shop.example"
        )
    );
    assert_eq!(
        rule(&c, "bulk-no-dmarc").evidence,
        "shop.example publishes DMARC (p=reject)"
    );
}

#[test]
fn the_receivers_authentication_results_stand_in_for_spf_without_the_ip() {
    let ar = "Authentication-Results: mx.google.com; spf=pass (google.com: domain of bounce@shop.example designates 192.0.2.25 as permitted sender) smtp.mailfrom=bounce@shop.example\r\n";
    let msg = signed(
        &format!("{ar}{RECEIVED_TLS}{BASE}{ONE_CLICK}"),
        "Hello\r\n",
        "esp.example",
        &H_UNSUB,
    );
    let c = run(&zone("esp.example"), &msg, CheckOptions::default());
    let r = rule(&c, "bulk-spf-and-dkim");
    assert_eq!(r.status, Status::Pass, "{r:?}");
    assert_eq!(
        r.evidence,
        "SPF pass (Authentication-Results of mx.google.com); DKIM passes for esp.example"
    );
    let r = rule(&c, "bulk-not-aligned");
    assert_eq!(r.status, Status::Pass, "{r:?}");
    assert!(
        r.evidence
            .starts_with("SPF passes for shop.example (Authentication-Results of mx.google.com)"),
        "{}",
        r.evidence
    );
}

#[test]
fn tls_is_read_from_the_hop_into_the_receiver() {
    let z = zone("shop.example");
    let plain = signed(
        &format!("{RECEIVED_PLAIN}{BASE}"),
        "x\r\n",
        "shop.example",
        &H,
    );
    let c = run(&z, &plain, CheckOptions::default());
    let r = rule(&c, "bulk-no-tls");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(
        r.evidence,
        "mx.google.com received it from mail.shop.example with ESMTP (no TLS)"
    );
    // Microsoft 365: the internal hops above the connection are skipped; the boundary shows TLS.
    let ms = "Received: from AM6PR01MB1.eurprd01.prod.outlook.com (2603:10a6:20b:1::1) by DB9PR01MB2.eurprd01.prod.outlook.com with HTTPS; Mon, 7 Dec 2026 10:00:03 +0000\r\n\
Received: from AM0EUR01FT1.eop-EUR01.prod.protection.outlook.com (2603:10a6:208:1::2) by AM6PR01MB1.eurprd01.prod.outlook.com (2603:10a6:20b:1::1) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.1; Mon, 7 Dec 2026 10:00:02 +0000\r\n\
Received: from mail.shop.example (192.0.2.25) by AM0EUR01FT1.mail.protection.outlook.com (10.152.1.1) with Microsoft SMTP Server id 15.20.1 via Frontend Transport; Mon, 7 Dec 2026 10:00:01 +0000\r\n";
    let msg = signed(&format!("{ms}{BASE}"), "x\r\n", "shop.example", &H);
    let c = run(&z, &msg, CheckOptions::default());
    assert_eq!(
        c.requirements.as_ref().unwrap().connecting_ip.as_deref(),
        Some("192.0.2.25")
    );
    let r = rule(&c, "bulk-no-tls");
    // Exchange writes no TLS into that hop: it cannot be told, not failed.
    assert_eq!(r.status, Status::Unknown, "{r:?}");
    // Headers without any Received field from a public address.
    let bare = signed(BASE, "x\r\n", "shop.example", &H);
    let c = run(&z, &bare, CheckOptions::default());
    let r = rule(&c, "bulk-no-tls");
    assert_eq!(r.status, Status::Unknown);
    assert!(r
        .unknown_because
        .as_deref()
        .unwrap()
        .contains("Received field is not in the headers"));
}

#[test]
fn reverse_dns_present_missing_and_not_confirming() {
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}"),
        "x\r\n",
        "shop.example",
        &H,
    );
    let c = run(&zone("shop.example"), &msg, CheckOptions::default());
    assert_eq!(
        rule(&c, "bulk-ptr-missing").evidence,
        "192.0.2.25 → mail.shop.example"
    );
    assert_eq!(status(&c, "bulk-fcrdns-mismatch"), Status::Pass);

    // No PTR.
    let public = SigningKey::from_bytes(&SEED).verifying_key().to_bytes();
    let key = format!("v=DKIM1; k=ed25519; p={}", b64(&public));
    let no_ptr = Zone::new().with_txt("sel._domainkey.shop.example", &[&key]);
    let c = run(&no_ptr, &msg, CheckOptions::default());
    let r = rule(&c, "bulk-ptr-missing");
    assert_eq!(
        (r.status, r.evidence.as_str()),
        (Status::Fail, "192.0.2.25 has no PTR record")
    );
    assert!(!rule(&c, "bulk-fcrdns-mismatch").applies);

    // A PTR whose name points elsewhere.
    let elsewhere = Zone::new()
        .with_txt("sel._domainkey.shop.example", &[&key])
        .with(
            "25.2.0.192.in-addr.arpa",
            RData::Ptr("host.isp.example.".into()),
        )
        .with("host.isp.example", RData::A(Ipv4Addr::new(198, 51, 100, 7)));
    let c = run(&elsewhere, &msg, CheckOptions::default());
    assert_eq!(status(&c, "bulk-ptr-missing"), Status::Pass);
    let r = rule(&c, "bulk-fcrdns-mismatch");
    assert_eq!(
        (r.status, r.evidence.as_str()),
        (
            Status::Fail,
            "host.isp.example does not resolve back to 192.0.2.25"
        )
    );

    // Nothing to look up.
    let c = run(
        &zone("shop.example"),
        &signed(BASE, "x\r\n", "shop.example", &H),
        CheckOptions::default(),
    );
    assert_eq!(status(&c, "bulk-ptr-missing"), Status::Unknown);
}

#[test]
fn a_consumer_mailbox_from_sent_elsewhere_fails() {
    let base = BASE.replace("news@shop.example", "shop.deals@gmail.com");
    let msg = signed(
        &format!("{RECEIVED_TLS}{base}"),
        "x\r\n",
        "shop.example",
        &H,
    );
    let c = run(&zone("shop.example"), &msg, CheckOptions::default());
    let r = rule(&c, "bulk-freemail-from");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(
        r.evidence,
        "the From address is at gmail.com, but no passing gmail.com signature shows it was sent through gmail.com's servers"
    );
    // Signed by gmail.com itself.
    let msg = signed(&format!("{RECEIVED_TLS}{base}"), "x\r\n", "gmail.com", &H);
    let c = run(&zone("gmail.com"), &msg, CheckOptions::default());
    assert_eq!(status(&c, "bulk-freemail-from"), Status::Pass);
}

#[test]
fn the_message_format() {
    let z = zone("shop.example");
    let c = run(
        &z,
        &signed(
            &format!("{RECEIVED_TLS}{BASE}"),
            "x\r\n",
            "shop.example",
            &H,
        ),
        CheckOptions::default(),
    );
    assert_eq!(
        rule(&c, "bulk-format").evidence,
        "one From, one Date, one Message-ID"
    );
    let bad = BASE
        .replace(
            "Date: Mon, 7 Dec 2026 10:00:00 +0000\r\n",
            "Date: yesterday\r\n",
        )
        .replace("Message-ID: <1@shop.example>\r\n", "")
        + "From: other@shop.example\r\n";
    let c = run(
        &z,
        &signed(&bad, "x\r\n", "shop.example", &H),
        CheckOptions::default(),
    );
    let r = rule(&c, "bulk-format");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(
        r.evidence,
        "the message has 2 From fields, a Date that cannot be read (yesterday), no Message-ID"
    );
}

#[test]
fn a_key_under_1024_bits_fails() {
    let z = zone("shop.example").with_txt(
        "short._domainkey.shop.example",
        &[&format!("v=DKIM1; k=rsa; p={RSA_512}")],
    );
    // A signature under the short key (its b= does not verify; the key's size is what counts).
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}"),
        "x\r\n",
        "shop.example",
        &H,
    )
    .replacen("a=ed25519-sha256", "a=rsa-sha256", 1)
    .replacen("s=sel", "s=short", 1);
    let c = run(&z, &msg, CheckOptions::default());
    let r = rule(&c, "bulk-key-short");
    assert_eq!(r.status, Status::Fail, "{r:?}");
    assert_eq!(
        r.evidence,
        "RSA key under 1024 bits: d=shop.example s=short (512 bits)"
    );
    // Ed25519 is not measured in RSA bits.
    let c = run(
        &z,
        &signed(
            &format!("{RECEIVED_TLS}{BASE}"),
            "x\r\n",
            "shop.example",
            &H,
        ),
        CheckOptions::default(),
    );
    let r = rule(&c, "bulk-key-short");
    assert_eq!(
        (r.status, r.evidence.as_str()),
        (Status::Pass, "d=shop.example s=sel ed25519")
    );
}

#[test]
fn every_code_is_in_the_catalogue_and_a_rule() {
    let msg = signed(
        &format!("{RECEIVED_TLS}{BASE}{ONE_CLICK}"),
        "x\r\n",
        "shop.example",
        &H_UNSUB,
    );
    let c = run(&zone("shop.example"), &msg, CheckOptions::default());
    let codes: Vec<&str> = c
        .requirements
        .as_ref()
        .unwrap()
        .rules
        .iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(codes, Code::ALL.map(Code::as_str));
    let all = crate::findings::all_codes();
    for code in Code::ALL {
        assert!(all.contains(&code.as_str()), "{}", code.as_str());
    }
    // The JSON of a rule.
    let v = serde_json::to_value(rule(&c, "bulk-no-tls")).unwrap();
    assert_eq!(v["status"], "pass");
    assert_eq!(v["required_by"][0]["provider"], "Gmail");
    assert_eq!(v["required_by"][0]["senders"], "all");
    assert!(v.get("fix").is_none());
    // `authenticate` is the same check without the requirements and the filters.
    let a = block_on(crate::message::check::authenticate(
        &zone("shop.example"),
        &crate::crypto::RustCrypto,
        msg.as_bytes(),
        &CheckOptions::default(),
    ));
    assert!(a.requirements.is_none() && a.junk_reason.is_none() && a.antispam.is_empty());
    assert_eq!(a.summary, c.summary);
    assert_eq!(a.dmarc, c.dmarc);
}

/// The messages of `tests/data/requirements` (the CLI's and the page's tests read them over
/// `tests/fixtures/zones/requirements.yaml`), signed by [`signed`]: rewritten by
/// `cargo test -p authlens-engine -- --ignored write_requirement_messages`, checked by
/// [`the_requirement_messages_are_as_written`].
fn requirement_messages() -> [(&'static str, String); 2] {
    let received = "Received: from mail.deals.example (mail.deals.example [198.51.100.25])\r\n by mx.google.com with ESMTPS id a1 (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384);\r\n Mon, 7 Dec 2026 10:00:01 +0000\r\n";
    let base = "From: Deals <news@deals.example>\r\nTo: reader@example.net\r\nSubject: This week only\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\nMessage-ID: <42@deals.example>\r\nReturn-Path: <bounce@deals.example>\r\n";
    let marketing = signed(
        &format!("{received}{base}List-Id: <weekly.deals.example>\r\n"),
        "Our offers.\r\n",
        "deals.example",
        &H,
    );
    let microsoft = signed(
        &format!(
            "X-MS-Exchange-Organization-SCL: 5\r\n\
X-Forefront-Antispam-Report: CIP:198.51.100.25;CTRY:US;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:mail.deals.example;PTR:mail.deals.example;CAT:SPM;SFS:(13230040);DIR:INB;\r\n\
X-Microsoft-Antispam: BCL:7;\r\n\
Authentication-Results: spf=pass (sender IP is 198.51.100.25) smtp.mailfrom=deals.example; dkim=pass (signature was verified) header.d=deals.example;dmarc=pass action=none header.from=deals.example;compauth=pass reason=100\r\n\
Received: from mail.deals.example (198.51.100.25) by AM0EUR01FT1.mail.protection.outlook.com (10.152.1.1) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.1 via Frontend Transport; Mon, 7 Dec 2026 10:00:01 +0000\r\n{base}"
        ),
        "Our offers.\r\n",
        "deals.example",
        &H,
    );
    [
        ("marketing-no-one-click.eml", marketing),
        ("microsoft-junk.eml", microsoft),
    ]
}

const MESSAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/requirements");

#[test]
#[ignore = "rewrites tests/data/requirements"]
fn write_requirement_messages() {
    std::fs::create_dir_all(MESSAGES).unwrap();
    for (name, text) in requirement_messages() {
        std::fs::write(format!("{MESSAGES}/{name}"), text).unwrap();
    }
    let public = SigningKey::from_bytes(&SEED).verifying_key().to_bytes();
    println!(
        "sel._domainkey.deals.example TXT v=DKIM1; k=ed25519; p={}",
        b64(&public)
    );
}

#[test]
fn the_requirement_messages_are_as_written() {
    for (name, text) in requirement_messages() {
        let kept = std::fs::read_to_string(format!("{MESSAGES}/{name}")).unwrap();
        assert_eq!(
            kept, text,
            "{name}: rewrite with --ignored write_requirement_messages"
        );
    }
}
