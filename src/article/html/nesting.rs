//! A look at the raw markup, before it is parsed, for block elements left open by the
//! thousand. The HTML parser checks the elements still open at each block start tag, and
//! readability's cleaning walks the ancestors of each block, so a page that opens `<div>`
//! after `<div>` without closing them costs both time quadratic in their number (100,000 of
//! them, a 0.5 MB page, took the parser alone a minute). Counting start and end tags of the
//! elements that nest when left open is linear, and spares the parser such pages. Inline
//! elements nested as deep (`<span>`, 20,000 of them) cost neither: they are not counted.

/// Whether `name` (lower case) is a block element whose start tag does not close an open one
/// of the same name, so that left open they nest (`<p>`, `<li>` and headings close their
/// kind; inline elements such as `<span>` or `<font>` cost the parser nothing).
fn nests(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"center"
            | b"details"
            | b"dialog"
            | b"dir"
            | b"div"
            | b"dl"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"header"
            | b"hgroup"
            | b"listing"
            | b"main"
            | b"menu"
            | b"nav"
            | b"ol"
            | b"pre"
            | b"search"
            | b"section"
            | b"summary"
            | b"ul"
    )
}

/// The longest name [`nests`] knows.
const LONGEST: usize = 10;

/// Whether, reading `html` from the start, more than `limit` of the [`nests`] elements are
/// ever open at once (start tags less end tags, never below zero).
pub fn open_blocks_exceed(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut open = 0usize;
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        let (end, name) = match rest.first() {
            Some(b'/') => (true, &rest[1..]),
            _ => (false, rest),
        };
        // The name, lower-cased, when it is short enough to be one of [`nests`].
        let len = (name.iter().take(LONGEST + 1))
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 || len > LONGEST {
            continue;
        }
        // `<div>`, `<div class=…>`, `</div >`; not `<divider>` (the name ends there).
        let after = name.get(len);
        if !after.is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/')) {
            continue;
        }
        let mut tag = [0u8; LONGEST];
        tag[..len].copy_from_slice(&name[..len]);
        tag.make_ascii_lowercase();
        if !nests(&tag[..len]) {
            continue;
        }
        if end {
            open = open.saturating_sub(1);
        } else {
            open += 1;
            if open > limit {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_block_elements_left_open() {
        let deep = "<div>".repeat(11);
        assert!(open_blocks_exceed(&deep, 10));
        assert!(!open_blocks_exceed(&deep, 11));
        let closed = "<DIV class=x><section>a</section></div >".repeat(50);
        assert!(!open_blocks_exceed(&closed, 2));
        // Elements that close their kind, inline ones and other names do not count.
        let flat = "<p>a<li>b<h2>c<span>d<font>e<divider><ulx><figcaptions>".repeat(100);
        assert!(!open_blocks_exceed(&flat, 0));
        assert!(open_blocks_exceed("<Figcaption/>", 0));
        // Stray end tags do not make room for later start tags.
        let stray = format!("{}{}", "</div>".repeat(20), "<div>".repeat(11));
        assert!(open_blocks_exceed(&stray, 10));
    }
}
