//! Text from DNS and messages shown as text: bidirectional overrides and control characters
//! would reorder or hide what is around them (in a page), or drive the terminal that prints
//! them (an escape sequence in a Subject), so they are shown as visible escapes instead. The page
//! escapes each value it shows; the CLI its whole text output.

/// `s` with every bidi control and C0/C1 control (except tab) replaced by `⟨U+XXXX⟩`.
pub fn visible(s: &str) -> String {
    escaped(s, false)
}

/// [`visible`] for text of several lines: line feeds are kept.
pub fn visible_lines(s: &str) -> String {
    escaped(s, true)
}

fn escaped(s: &str, keep_lines: bool) -> String {
    let hides = |c: char| hidden(c) && !(keep_lines && c == '\n');
    if !s.chars().any(hides) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hides(c) {
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

/// What a URI leaves unescaped (RFC 3986 §2.3): letters, digits and `- . _ ~`.
const URI_UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `s` with every octet outside the URI's unreserved set percent-encoded (`a b` → `a%20b`): a
/// DNS name in a DoH URL, an SPF macro's `%{…}` in upper case (RFC 7208 §7.3).
pub fn uri_escape(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, URI_UNRESERVED).to_string()
}

/// Text as a Markdown table cell: a `|` would end the cell, a line end the row.
pub fn markdown_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A sentence's first letter in upper case ("none of the mail" → "None of the mail"). ASCII
/// only, as [`lower_first`].
pub fn upper_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A title inside a sentence: its first letter in lower case, unless the first word is an
/// acronym ("More than one SPF record" → "more than one SPF record"; "SPF record too long"
/// stays).
pub fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    match (chars.next(), chars.next()) {
        // ASCII only: the titles are, and a page links no Unicode case tables (docs/size.md).
        (Some(a), Some(b)) if a.is_ascii_uppercase() && !b.is_ascii_uppercase() => {
            let mut out = String::with_capacity(title.len());
            out.push(a.to_ascii_lowercase());
            out.push_str(&title[1..]);
            out
        }
        _ => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_and_controls_are_shown() {
        assert_eq!(visible("v=spf1 -all"), "v=spf1 -all");
        assert_eq!(visible("a\u{202E}b"), "a⟨U+202E⟩b");
        assert_eq!(visible("x\u{0}y\u{1B}"), "x⟨U+0000⟩y⟨U+001B⟩");
        assert_eq!(visible("tab\tok"), "tab\tok");
        assert_eq!(visible("two\nlines"), "two⟨U+000A⟩lines");
    }

    #[test]
    fn lines_keep_their_line_feeds_only() {
        assert_eq!(
            visible_lines("Subject: \u{1B}[31mred\u{1B}[0m\r\n  From: a\u{202E}b\n"),
            "Subject: ⟨U+001B⟩[31mred⟨U+001B⟩[0m⟨U+000D⟩\n  From: a⟨U+202E⟩b\n"
        );
        assert_eq!(visible_lines("plain\ttext\n"), "plain\ttext\n");
    }

    #[test]
    fn a_title_inside_a_sentence_keeps_its_acronyms() {
        assert_eq!(
            lower_first("More than one SPF record"),
            "more than one SPF record"
        );
        assert_eq!(lower_first("SPF record too long"), "SPF record too long");
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn a_sentence_starts_in_upper_case() {
        assert_eq!(upper_first("none of the mail"), "None of the mail");
        assert_eq!(upper_first("DMARC"), "DMARC");
        assert_eq!(upper_first(""), "");
        // Not ASCII: left as it is, never cut inside a character.
        assert_eq!(upper_first("éa"), "éa");
    }
}
