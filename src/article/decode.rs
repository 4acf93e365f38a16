//! Bytes to text: UTF-8 first, Windows-1252 as the fallback, and a binary-file check.

use std::borrow::Cow;

/// How many leading bytes are checked for NUL when deciding whether a file is binary.
const BINARY_PROBE: usize = 8192;

/// Text decoded from a file, and whether the Windows-1252 fallback was needed.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub fallback: bool,
}

/// True when the bytes look binary: a NUL byte near the start (the test git and ripgrep use).
pub fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_PROBE)].contains(&0)
}

/// Decodes UTF-8 (dropping a byte-order mark), or Windows-1252 when the bytes are not UTF-8.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: Cow::Borrowed(s),
            fallback: false,
        },
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Decoded {
                text: Cow::Owned(text.into_owned()),
                fallback: true,
            }
        }
    }
}

/// Plain text that came out of a web page still carries its character references
/// ("Pap&#233;", "&lt;"), which would then be indexed, searched and shown as written. When a
/// text has a numeric reference (`&#233;`, `&#xE9;`), the sign that it went through HTML,
/// every reference in it is decoded; a text without one is left alone, so "AT&T" or a literal
/// "&lt;" in an article about markup stays as it is.
pub fn html_references(text: Cow<'_, str>) -> Cow<'_, str> {
    if !has_numeric_reference(&text) {
        return text;
    }
    match html_escape::decode_html_entities(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(decoded) => Cow::Owned(decoded),
    }
}

/// Whether `text` holds `&#` digits `;` or `&#x` hex digits `;`.
fn has_numeric_reference(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memmem::find_iter(b, b"&#").any(|at| {
        let rest = &b[at + 2..];
        let (digits, hex) = match rest.first() {
            Some(b'x' | b'X') => (&rest[1..], true),
            _ => (rest, false),
        };
        let n = digits
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        (1..=7).contains(&n) && digits.get(n) == Some(&b';')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_references_only_in_text_that_went_through_html() {
        let cases = [
            (
                "Pap&#233; said &lt;no&gt; &amp; more",
                "Papé said <no> & more",
            ),
            ("Caf&#xE9; &#x2014; open", "Café — open"),
            (
                "AT&T and R&D; &lt;b&gt; stays",
                "AT&T and R&D; &lt;b&gt; stays",
            ),
            (
                "&# 233; &#; &#12345678; &#xZZ;",
                "&# 233; &#; &#12345678; &#xZZ;",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(html_references(Cow::Borrowed(text)), want, "{text:?}");
        }
        assert!(matches!(
            html_references(Cow::Borrowed("plain")),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn utf8_is_borrowed_and_bom_dropped() {
        let d = decode("\u{feff}Café".as_bytes());
        assert_eq!(d.text, "Café");
        assert!(!d.fallback);
        assert!(matches!(d.text, Cow::Borrowed(_)));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let d = decode(b"Caf\xe9 \x93quoted\x94 \x96 dash");
        assert_eq!(d.text, "Café “quoted” – dash");
        assert!(d.fallback);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(looks_binary(b"abc\0def"));
        assert!(!looks_binary("plain text é".as_bytes()));
    }
}
