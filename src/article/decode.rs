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

#[cfg(test)]
mod tests {
    use super::*;

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
