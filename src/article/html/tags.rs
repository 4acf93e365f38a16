//! Emptying elements in raw markup before a page is parsed, for `scripts` and `furniture`:
//! finding their start and end tags outside comments.

use std::borrow::Cow;

use memchr::{memchr, memchr_iter, memmem};

/// `rest` starts with the tag name `name` followed by white space, `>` or `/`.
fn starts_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[name.len()],
            b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
        )
}

/// Where the first `</name` (followed by a delimiter) starts in `text`.
fn find_close(text: &str, name: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr_iter(b'<', bytes).find(|&lt| {
        let rest = &bytes[lt + 1..];
        rest.first() == Some(&b'/') && starts_tag(&rest[1..], name)
    })
}

/// The offset of the first `byte` in `text` at or after `at`. The `memchr` crate's search
/// takes 32 bytes a step; `str::find` with a `char` is a plainer loop.
fn find_byte(text: &str, at: usize, byte: u8) -> Option<usize> {
    memchr(byte, &text.as_bytes()[at..]).map(|i| at + i)
}

/// Where the comment starting at `lt` (`<!--`) ends: after its `-->`, or at the end of `text`.
fn comment_end(text: &str, lt: usize) -> usize {
    memmem::find(&text.as_bytes()[lt..], b"-->").map_or(text.len(), |e| lt + e + 3)
}

/// `html` with the contents of some elements removed: for each start tag of one of `names`
/// (outside comments) whose end tag follows, `empty` is given the element's markup from its
/// start tag to its end tag and says whether its contents go. An element without an end tag
/// is kept, and the search goes on after its start tag.
pub fn empty_elements<'a>(
    html: &'a str,
    names: &[&[u8]],
    empty: impl Fn(&str, &[u8]) -> bool,
) -> Cow<'a, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let (mut copied, mut at) = (0, 0);
    while let Some(lt) = find_byte(html, at, b'<') {
        let rest = &bytes[lt..];
        if rest.starts_with(b"<!--") {
            at = comment_end(html, lt);
            continue;
        }
        let Some(&name) = names.iter().find(|n| starts_tag(&rest[1..], n)) else {
            at = lt + 1;
            continue;
        };
        let Some(open_end) = find_byte(html, lt, b'>').map(|e| e + 1) else {
            break;
        };
        at = open_end;
        let Some(close) = find_close(&html[open_end..], name).map(|c| open_end + c) else {
            continue;
        };
        if !empty(&html[lt..close], name) {
            continue;
        }
        out.push_str(&html[copied..open_end]);
        copied = close;
        at = close;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}
