//! Finding start and end tags in raw markup, for the passes that empty elements before a
//! page is parsed (`scripts`, `furniture`).

use memchr::{memchr, memchr_iter, memmem};

/// `rest` starts with the tag name `name` followed by white space, `>` or `/`.
pub fn starts_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[name.len()],
            b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
        )
}

/// Where the first `</name` (followed by a delimiter) starts in `text`.
pub fn find_close(text: &str, name: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr_iter(b'<', bytes).find(|&lt| {
        let rest = &bytes[lt + 1..];
        rest.first() == Some(&b'/') && starts_tag(&rest[1..], name)
    })
}

/// The offset of the first `byte` in `text` at or after `at`. The `memchr` crate's search
/// takes 32 bytes a step; `str::find` with a `char` is a plainer loop.
pub fn find_byte(text: &str, at: usize, byte: u8) -> Option<usize> {
    memchr(byte, &text.as_bytes()[at..]).map(|i| at + i)
}

/// Where the comment starting at `lt` (`<!--`) ends: after its `-->`, or at the end of `text`.
pub fn comment_end(text: &str, lt: usize) -> usize {
    memmem::find(&text.as_bytes()[lt..], b"-->").map_or(text.len(), |e| lt + e + 3)
}
