//! Tag lists (RFC 6376 §3.2), shared by DKIM-Signature, DKIM key records and ARC headers.
//!
//! ```abnf
//! tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
//! tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
//! tag-name  =  ALPHA *ALNUMPUNC
//! ```

use serde::Serialize;

use crate::diag::Span;

/// One `name=value` with where its value is in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub name: String,
    /// The value with surrounding whitespace trimmed (inner folding kept).
    pub value: String,
    /// The whole tag-spec, `name=value`, in the text.
    pub span: Span,
    /// Only the value (after `=` up to `;` or the end, whitespace included).
    pub value_span: Span,
}

/// A tag-list that could not be read entirely: what was read, and the first problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagListError {
    pub message: String,
    pub span: Span,
}

/// Parses a tag list. `base` is added to every span. Duplicate names are an error (§3.2).
pub fn parse(text: &str, base: usize) -> (Vec<Tag>, Vec<TagListError>) {
    let mut tags: Vec<Tag> = Vec::new();
    let mut errors = Vec::new();
    let mut start = 0;
    for piece in text.split(';') {
        let end = start + piece.len();
        let trimmed = piece.trim_matches(|c: char| c.is_ascii_whitespace());
        if trimmed.is_empty() {
            // Empty specs are only allowed as a trailing ";", but real headers have stray ones.
            start = end + 1;
            continue;
        }
        let lead = piece.len()
            - piece
                .trim_start_matches(|c: char| c.is_ascii_whitespace())
                .len();
        let spec_span = Span::new(base + start + lead, base + start + lead + trimmed.len());
        match piece.find('=') {
            Some(eq) => {
                let name = piece[..eq].trim_matches(|c: char| c.is_ascii_whitespace());
                let value = piece[eq + 1..].trim_matches(|c: char| c.is_ascii_whitespace());
                let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid_name {
                    errors.push(TagListError {
                        message: format!("{name:?} is not a tag name"),
                        span: spec_span,
                    });
                } else if tags.iter().any(|t| t.name == name) {
                    errors.push(TagListError {
                        message: format!("the tag {name}= appears twice"),
                        span: spec_span,
                    });
                } else {
                    tags.push(Tag {
                        name: name.to_string(),
                        value: value.to_string(),
                        span: spec_span,
                        value_span: Span::new(base + start + eq + 1, base + end),
                    });
                }
            }
            None => errors.push(TagListError {
                message: format!("{trimmed:?} has no '=': a tag is name=value"),
                span: spec_span,
            }),
        }
        start = end + 1;
    }
    (tags, errors)
}

/// The value with all whitespace removed (for `b=`, `bh=`, `p=`, `h=`).
pub fn compact(value: &str) -> String {
    value.chars().filter(|c| !c.is_ascii_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_lists() {
        let (t, e) = parse(" v=1; a = rsa-sha256 ;\r\n\tb=abc\r\n def;", 10);
        assert!(e.is_empty());
        assert_eq!(t.len(), 3);
        assert_eq!(t[1].name, "a");
        assert_eq!(t[1].value, "rsa-sha256");
        assert_eq!(compact(&t[2].value), "abcdef");
        assert_eq!(t[0].span, Span::new(11, 14));
        let (_, e) = parse("v=1; v=2; x", 0);
        assert_eq!(e.len(), 2);
    }
}
