//! Empties page furniture (`<nav>`, `<header>`, `<footer>`, `<aside>`) before the page is
//! parsed. `body` removes those elements from the tree anyway, but only after html5ever has
//! built them and the related-link pass has walked them; on news pages they hold most of the
//! markup that is left once scripts are gone, so building them is most of a page's cost.
//!
//! An element is emptied only when nothing in it can matter to what is read from the page, so
//! that the fields come out the same as when the tree is parsed whole:
//! - nothing `meta` reads (`<meta>`, `<title>`, `<h1>`, `<time>`, `<link>`, JSON-LD);
//! - no related-story class (`related`, `read-more`…) and no link lead-in ("Also Read", "See
//!   also"…) in its text, even split by tags, spaces or entities;
//! - nothing that changes where the element ends for an HTML parser (a comment, a table, a
//!   select, a template, raw text elements, or a nested element of the same name).
//!
//! Anything else keeps the element whole, and `body` deals with it as before. One difference
//! remains, on purpose: in a block that starts with emptied furniture ("<div><nav>…</nav>Also
//! read: …</div>"), the text after it now starts the block, so a link line there is found.

use std::borrow::Cow;
use std::sync::OnceLock;

use memchr::memmem::Finder;
use memchr::{memchr, memchr_iter};

use super::tags::empty_elements;

/// The furniture elements emptied here (`body::is_furniture` removes them from the tree).
const NAMES: [&[u8]; 4] = [b"nav", b"header", b"footer", b"aside"];

/// Elements inside furniture that keep it whole: what `meta` reads, and what moves the end of
/// the element for an HTML parser (compared in lower case; `!--` is a comment, `script` counts
/// only when it is JSON-LD).
const KEEP_TAGS: &[&[u8]] = &[
    b"meta",
    b"title",
    b"h1",
    b"time",
    b"link",
    b"!--",
    b"![cdata[",
    b"table",
    b"select",
    b"template",
    b"textarea",
    b"xmp",
    b"plaintext",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

/// Related-story class and id names (`body::is_related_block`, which compares them with case).
const KEEP_CLASSES: &[&str] = &[
    "related",
    "also-read",
    "alsoread",
    "read-more",
    "recommended",
    "more-stories",
];

/// Link lead-ins (`body::LINK_LEAD_INS`) without their spaces: looked for in an element's text
/// with tags, entities and white space taken out and in lower case, so that any way of writing
/// them is found.
const KEEP_TEXT: &[&str] = &[
    "alsoread",
    "readalso",
    "readmore",
    "related",
    "seealso",
    "moreonthis",
    "mustread",
];

/// `html` with the contents of its furniture elements removed where that cannot change what
/// is read from the page (see the module comment).
pub fn empty_furniture(html: &str) -> Cow<'_, str> {
    empty_elements(html, &NAMES, can_empty)
}

/// Whether the contents of the element `name` can go, given its `markup` from its start tag
/// to its end tag (see the module comment).
fn can_empty(markup: &str, name: &[u8]) -> bool {
    let bytes = markup.as_bytes();
    let keeps = |i: usize| {
        let tag = tag_name(&bytes[i + 1..]);
        (i > 0 && tag.as_slice() == name)
            || KEEP_TAGS
                .iter()
                .any(|k| tag.as_slice() == *k || k[0] == b'!' && tag.starts_with(k))
            || (tag.as_slice() == b"script" && is_json_ld(&bytes[i..]))
    };
    if memchr_iter(b'<', bytes).any(keeps) {
        return false;
    }
    let searchers = searchers();
    !contains_any(&searchers.classes, bytes)
        && !contains_any(&searchers.text, &squeezed_text(bytes))
}

/// The lower-cased name of the tag starting at `rest` (after its `<`), up to 15 bytes;
/// `!--` and `![cdata[` for a comment and a CDATA section.
fn tag_name(rest: &[u8]) -> TagName {
    let mut name = TagName::default();
    for &b in rest.iter().take(name.bytes.len()) {
        if b.is_ascii_whitespace() || matches!(b, b'>' | b'/') && name.len > 0 {
            break;
        }
        name.bytes[name.len] = b.to_ascii_lowercase();
        name.len += 1;
        if name.as_slice() == b"!--" {
            break;
        }
    }
    name
}

#[derive(Default)]
struct TagName {
    bytes: [u8; 15],
    len: usize,
}

impl TagName {
    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
    fn starts_with(&self, prefix: &[u8]) -> bool {
        self.as_slice().starts_with(prefix)
    }
}

/// Whether the `<script` tag at the start of `rest` says JSON (`application/ld+json`).
fn is_json_ld(rest: &[u8]) -> bool {
    let tag = &rest[..memchr(b'>', rest).unwrap_or(rest.len())];
    tag.windows(4).any(|w| w.eq_ignore_ascii_case(b"json"))
}

/// The searchers of [`can_empty`], built once.
struct Searchers {
    classes: Vec<Finder<'static>>,
    text: Vec<Finder<'static>>,
}

fn searchers() -> &'static Searchers {
    static SEARCHERS: OnceLock<Searchers> = OnceLock::new();
    SEARCHERS.get_or_init(|| Searchers {
        classes: finders(KEEP_CLASSES),
        text: finders(KEEP_TEXT),
    })
}

fn finders(patterns: &'static [&'static str]) -> Vec<Finder<'static>> {
    patterns.iter().map(Finder::new).collect()
}

/// Whether `hay` contains one of the `needles`. A vectorised search per needle costs less
/// than one automaton over all of them, whose prefilter would stop at every common letter.
fn contains_any(needles: &[Finder<'_>], hay: &[u8]) -> bool {
    needles.iter().any(|n| n.find(hay).is_some())
}

/// The text of `markup` in lower case, without its tags, entities (`&nbsp;`, `&#65;`) and white
/// space.
fn squeezed_text(markup: &[u8]) -> Vec<u8> {
    let mut text = Vec::with_capacity(markup.len() / 2);
    let mut i = 0;
    while i < markup.len() {
        let end = |stop: fn(u8) -> bool| {
            markup[i..]
                .iter()
                .position(|&b| stop(b))
                .map_or(markup.len(), |e| i + e + 1)
        };
        i = match markup[i] {
            b'<' => end(|b| b == b'>'),
            b'&' => end(|b| b == b';' || b.is_ascii_whitespace()),
            b if b.is_ascii_whitespace() => i + 1,
            b => {
                text.push(b.to_ascii_lowercase());
                i + 1
            }
        };
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_furniture_is_emptied() {
        let cases = [
            (
                "<nav><ul><li><a href=/a>Sport</a></li></ul></nav><p>x</p>",
                "<nav></nav><p>x</p>",
            ),
            (
                "<HEADER class=top><a>Home</a></HEADER><FOOTER>(c) 2024</FOOTER>",
                "<HEADER class=top></HEADER><FOOTER></FOOTER>",
            ),
            ("<aside>Most popular</aside>", "<aside></aside>"),
            ("é<nav>é</nav>é", "é<nav></nav>é"),
        ];
        for (html, want) in cases {
            assert_eq!(empty_furniture(html), want, "{html}");
        }
    }

    #[test]
    fn furniture_that_may_matter_is_kept_whole() {
        let kept = [
            // What `meta` reads.
            "<header><h1>Headline</h1></header>",
            "<header><time datetime=2024-01-01>Jan 1</time></header>",
            "<footer><script type=\"application/ld+json\">{}</script></footer>",
            "<aside><meta property=article:section content=Sport></aside>",
            // Related blocks and link lines, however written.
            "<aside class=\"related-stories\"><a>Two words</a></aside>",
            "<footer><p>Also <b>Read</b>: <a>Two words</a></p></footer>",
            "<footer><p>see&nbsp;ALSO <a>Two words</a></p></footer>",
            "<nav><li>Read\n more</li></nav>",
            // What moves the end of the element for a parser.
            "<nav><!-- </nav> --><a>x</a></nav>",
            "<nav><table><tr><td></nav></td></tr></table></nav>",
            // Not closed, or not the tag.
            "<nav><a>x</a>",
            "<navigation>x</navigation>",
            "<head><title>t</title></head>",
        ];
        for html in kept {
            assert_eq!(empty_furniture(html), html, "{html}");
        }
    }

    #[test]
    fn nested_furniture_keeps_the_outer_element() {
        assert_eq!(
            empty_furniture("<nav><nav>inner</nav>outer</nav>"),
            "<nav><nav></nav>outer</nav>"
        );
    }

    #[test]
    fn a_kept_element_still_has_its_inner_furniture_emptied() {
        assert_eq!(
            empty_furniture("<header><h1>H</h1><nav><a>Sport</a></nav></header>"),
            "<header><h1>H</h1><nav></nav></header>"
        );
    }

    #[test]
    fn text_is_squeezed_of_tags_entities_and_spaces() {
        assert_eq!(squeezed_text(b"a <b>b</b>&amp; c\n&#65;d"), b"abcd");
        assert_eq!(squeezed_text(b"Also <i>READ</i>"), b"alsoread");
        assert_eq!(squeezed_text(b"x & y"), b"xy");
    }
}
