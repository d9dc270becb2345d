//! Text from DNS and messages shown as text: bidirectional overrides and control characters
//! would reorder or hide what is around them, so they are shown as visible escapes instead.

/// `s` with every bidi control and C0/C1 control (except tab) replaced by `⟨U+XXXX⟩`.
pub fn visible(s: &str) -> String {
    if !s.chars().any(hidden) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn hidden(c: char) -> bool {
    matches!(c,
        '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{0000}'..='\u{0008}' | '\u{000A}'..='\u{001F}' | '\u{007F}'..='\u{009F}')
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn bidi_and_controls_are_shown() {
        assert_eq!(visible("v=spf1 -all"), "v=spf1 -all");
        assert_eq!(visible("a\u{202E}b"), "a⟨U+202E⟩b");
        assert_eq!(visible("x\u{0}y\u{1B}"), "x⟨U+0000⟩y⟨U+001B⟩");
        assert_eq!(visible("tab\tok"), "tab\tok");
    }
}
