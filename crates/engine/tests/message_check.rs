//! The message check's findings about the message as a whole: who it claims to be from, where
//! replies go, fields that appear twice. No key is published, so DKIM plays no part here.

use authlens_engine::diag::{Finding, Severity};
use authlens_engine::message::report::{check, CheckOptions};
use authlens_engine::zone::Zone;
use futures::executor::block_on;

fn findings(headers: &str) -> Vec<Finding> {
    let msg = format!("{headers}To: reader@example.net\r\nSubject: invoice\r\n\r\nbody\r\n");
    block_on(check(
        &Zone::new(),
        msg.as_bytes(),
        &CheckOptions::default(),
    ))
    .findings
}

fn with<'a>(f: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.code == code).collect()
}

#[test]
fn an_address_of_another_domain_in_the_display_name_is_a_warning() {
    let f = findings("From: \"support@PayPal.com\" <billing@evil.example>\r\n");
    let w = with(&f, "message-display-name-address");
    assert_eq!(w.len(), 1, "{f:?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(
        w[0].message,
        "the From name shows support@paypal.com, but the message is from billing@evil.example"
    );

    // In a comment, unquoted, or hidden in an encoded word ("Chef ceo@corp.example").
    for from in [
        "From: Billing (accounts@bank.example) <x@evil.example>\r\n",
        "From: ceo@corp.example <ceo.corp@freemail.example>\r\n",
        "From: =?utf-8?B?Q2hlZiBjZW9AY29ycC5leGFtcGxl?= <x@evil.example>\r\n",
        // A lookalike that ends with the real name is another domain.
        "From: \"alerts@bank.example\" <alerts@bank.example.evil.example>\r\n",
    ] {
        assert_eq!(
            with(&findings(from), "message-display-name-address").len(),
            1,
            "{from}"
        );
    }
}

#[test]
fn the_senders_own_domain_in_the_display_name_is_fine() {
    for from in [
        "From: \"alerts@bank.example\" <noreply@mail.bank.example>\r\n",
        "From: \"news@mail.shop.example\" <news@shop.example>\r\n",
        "From: \"Alice Example\" <alice@example.com>\r\n",
        "From: Team @ Corp <team@corp.example>\r\n",
        "From: alice@example.com\r\n",
    ] {
        let f = findings(from);
        assert!(
            with(&f, "message-display-name-address").is_empty(),
            "{from}: {f:?}"
        );
    }
}

#[test]
fn replies_outside_the_from_domain_are_noted() {
    let f = findings("From: CEO <ceo@corp.example>\r\nReply-To: ceo.corp@freemail.example\r\n");
    let r = with(&f, "message-reply-to-elsewhere");
    assert_eq!(r.len(), 1, "{f:?}");
    assert_eq!(r[0].severity, Severity::Info);
    assert_eq!(
        r[0].message,
        "replies go to ceo.corp@freemail.example, outside the From domain corp.example"
    );
    for same in [
        "From: a@corp.example\r\nReply-To: Help <help@support.corp.example>\r\n",
        "From: a@corp.example\r\n",
        "From: a@mail.corp.example\r\nReply-To: b@corp.example\r\n",
    ] {
        assert!(
            with(&findings(same), "message-reply-to-elsewhere").is_empty(),
            "{same}"
        );
    }
}

#[test]
fn several_authors_and_repeated_fields_are_reported() {
    let f = findings("From: a@one.example, b@two.example\r\n");
    assert_eq!(with(&f, "message-multiple-from").len(), 1, "{f:?}");
    // The second author is not an address "shown in the name".
    assert!(with(&f, "message-display-name-address").is_empty(), "{f:?}");
    let f = findings("From: a@one.example\r\nFrom: ceo@corp.example\r\n");
    let d = with(&f, "message-duplicate-header");
    assert_eq!(d.len(), 1, "{f:?}");
    assert_eq!(d[0].severity, Severity::Error);
    assert!(
        d[0].message.starts_with("From appears 2 times"),
        "{}",
        d[0].message
    );
}
