//! Reports inside mail (`mail`): an `.eml` or `.mbox` split into messages, each MIME tree walked,
//! each attachment decoded and told apart; failure reports read.
//!
//! The input is the file as it is. Every report found must come from a message that was read,
//! and reading must stay inside the limits it was given.

#![no_main]

use authlens_engine::mail::{find_reports, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_messages: 50,
        max_attachments: 50,
        ..Limits::default()
    };
    let found = find_reports("fuzz.mbox", data, &limits);
    assert!(found.messages <= limits.max_messages);
    assert!(found.items.len() <= limits.max_attachments + found.messages);
    for item in &found.items {
        assert!(item.mail.index < found.messages.max(1));
        assert!(item.mail.offset <= data.len());
    }
    // A file that holds no mail says so rather than finding nothing silently.
    assert!(found.container.is_some() || !found.findings.is_empty());
});
