//! Makes article text safe to print on a terminal: no control or bidi characters.

use std::borrow::Cow;

/// True for characters that could move the cursor, change colours or reorder text.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Replaces unsafe characters with their `\u{…}` escape.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_only() {
        assert_eq!(for_terminal("plain – text"), "plain – text");
        assert_eq!(for_terminal("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(for_terminal("x\u{202E}y"), "x\\u{202e}y");
    }
}
