//! Finding start and end tags in raw markup, for the passes that empty elements before a
//! page is parsed (`scripts`, `furniture`).

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
    let mut at = 0;
    // `str::find` with a `char` searches with `memchr`, several bytes a step.
    while let Some(i) = text[at..].find('<') {
        let lt = at + i;
        let rest = &text.as_bytes()[lt + 1..];
        if rest.first() == Some(&b'/') && starts_tag(&rest[1..], name) {
            return Some(lt);
        }
        at = lt + 1;
    }
    None
}
