//! A page's main text: boilerplate out first (navigation, "Also Read" and related-link
//! blocks, figures, whose captions are kept aside), then `dom_smoothie` picks the article
//! among what is left, and its text is split into paragraphs.

use dom_query::{local_name, Document, Element, NodeRef};
use dom_smoothie::{Config, ParsePolicy, Readability, TextMode};

use super::walk::{self, Step};
use crate::article::record::one_line;

/// Elements that are page furniture, never article text (`nav, header, …`, and
/// `[role='navigation']` and the like), with [`is_byline`] in the same walk.
fn is_furniture(el: &Element) -> bool {
    matches!(
        el.name.local,
        local_name!("nav")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("aside")
            | local_name!("form")
            | local_name!("button")
            | local_name!("noscript")
            | local_name!("iframe")
            | local_name!("svg")
    ) || walk::attr(el, "role")
        .is_some_and(|r| matches!(r, "navigation" | "banner" | "contentinfo" | "complementary"))
}

/// The headline and byline elements: `h1, [class*='byline'], [rel='author'], address`.
fn is_byline(el: &Element) -> bool {
    matches!(el.name.local, local_name!("h1") | local_name!("address"))
        || walk::attr_contains(el, "class", &["byline"])
        || walk::attr(el, "rel").is_some_and(|r| r.eq_ignore_ascii_case("author"))
}

/// Blocks whose class or id names them as links to other stories (`[class*='related']`…).
fn is_related_block(el: &Element) -> bool {
    const CLASSES: &[&str] = &[
        "also-read",
        "alsoread",
        "related",
        "read-more",
        "recommended",
        "more-stories",
    ];
    walk::attr_contains(el, "class", CLASSES) || walk::attr_contains(el, "id", &["related"])
}

/// Elements that may hold an "Also Read" line: `p, li, div, section, h2, h3, h4`.
fn is_line(el: &Element) -> bool {
    matches!(
        el.name.local,
        local_name!("p")
            | local_name!("li")
            | local_name!("div")
            | local_name!("section")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
    )
}

/// Lead-ins of an inline link to another story ("Also Read: …").
const LINK_LEAD_INS: &[&str] = &[
    "also read",
    "read also",
    "read more",
    "related:",
    "related stories",
    "related articles",
    "related news",
    "see also",
    "more on this",
    "must read",
];
/// A block longer than this is not a link line, whatever its first words.
const MAX_LINK_BLOCK_CHARS: usize = 600;
/// Enough of a block's text to hold the longest lead-in.
const LEAD_IN_BYTES: usize = 32;

/// The main text of a page and the parts kept out of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub paragraphs: Vec<String>,
    /// Headlines of linked stories.
    pub related: Vec<String>,
    pub captions: Vec<String>,
}

/// Reads the main text of `doc`, the parsed `html` (consumed: readability rewrites the tree).
pub fn read(html: &str, doc: Document) -> Content {
    let related = take_related(&doc);
    let captions = take_furniture(&doc);
    Content {
        paragraphs: main_text(html, doc),
        related,
        captions,
    }
}

/// The article's paragraphs, as readability's `parse` finds them. `parse` tries the strict
/// policy first on the tree and, when that finds under `char_threshold` characters, looser
/// ones on a copy of the tree it keeps for the purpose; copying and dropping the whole tree
/// costs every page a few percent for the few where the strict attempt falls short. So the
/// strict attempt runs alone, and when it falls short the page is read again for `parse`.
fn main_text(html: &str, doc: Document) -> Vec<String> {
    let config = || Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let enough = config().char_threshold;
    if let Ok(mut readability) = Readability::with_document(doc, None, Some(config())) {
        if let Ok(article) = readability.parse_with_policy(ParsePolicy::Strict) {
            // `parse` compares the article's `normalized_char_count` with the threshold. The
            // text holds the same words, so its non-space characters are a lower bound.
            let words = article.text_content.chars().filter(|c| !c.is_whitespace());
            if words.count() >= enough || normalized_chars(&readability.doc) >= enough {
                return split_paragraphs(&article.text_content);
            }
        }
    }
    let doc = Document::from(html);
    take_related(&doc);
    take_furniture(&doc);
    Readability::with_document(doc, None, Some(config()))
        .and_then(|mut readability| readability.parse())
        .map(|article| split_paragraphs(&article.text_content))
        .unwrap_or_default()
}

/// The length `parse` compares with `char_threshold`, of the article readability left in `doc`.
fn normalized_chars(doc: &Document) -> usize {
    let root = doc.select_single("#readability-page-1");
    root.nodes()
        .first()
        .map_or(0, NodeRef::normalized_char_count)
}

/// Removes furniture and bylines (the headline and byline are read from the page's metadata,
/// not repeated in the body), then figures; returns the `<figcaption>` texts.
fn take_furniture(doc: &Document) -> Vec<String> {
    let (mut doomed, mut figcaptions, mut figures) = (Vec::new(), Vec::new(), Vec::new());
    walk::elements(&doc.root(), |node, el| {
        if is_furniture(el) || is_byline(el) {
            doomed.push(*node);
            return Step::Over;
        }
        if el.name.local == local_name!("figcaption") {
            figcaptions.push(*node);
            figures.push(*node);
        } else if el.name.local == local_name!("figure") {
            figures.push(*node);
        }
        Step::Into
    });
    doomed.iter().for_each(NodeRef::remove_from_parent);
    // Caption texts are read after the furniture inside a caption has gone.
    let mut captions: Vec<String> = figcaptions
        .iter()
        .map(|c| one_line(&c.text()))
        .filter(|c| !c.is_empty())
        .collect();
    captions.dedup();
    figures.iter().for_each(NodeRef::remove_from_parent);
    captions
}

/// Headlines linked from related-story blocks and "Also Read" lines, which leave the tree.
fn take_related(doc: &Document) -> Vec<String> {
    let (mut blocks, mut lines) = (Vec::new(), Vec::new());
    walk::elements(&doc.root(), |node, el| {
        if is_related_block(el) {
            // A block inside a block adds no link the outer one does not, and lines inside
            // one leave with it.
            blocks.push(*node);
            return Step::Over;
        }
        if is_line(el) {
            lines.push(*node);
        }
        Step::Into
    });
    let mut related: Vec<String> = blocks.iter().flat_map(link_texts).collect();
    // Before the lines' texts are read, as those texts must not hold the blocks'.
    blocks.iter().for_each(NodeRef::remove_from_parent);
    let mut doomed = Vec::new();
    let mut start = String::new();
    for line in lines {
        let Some(text) = link_line(&line, &mut start) else {
            continue;
        };
        let rest = strip_lead_in(&text).unwrap_or_default();
        let links = link_texts(&line);
        if links.is_empty() && !rest.is_empty() {
            related.push(rest.to_string());
        }
        related.extend(links);
        doomed.push(line);
    }
    doomed.iter().for_each(NodeRef::remove_from_parent);
    let mut seen = std::collections::HashSet::new();
    related.retain(|r| seen.insert(r.clone()));
    related
}

/// The text of `line` on one line, when it is a link line ([`strip_lead_in`] takes it). Only
/// the start of the text (into `start`) is read for the many lines that do not open with a
/// lead-in, and only its first letter for most.
fn link_line(line: &NodeRef<'_>, start: &mut String) -> Option<String> {
    walk::line_start(line, 0, start);
    let first = start.bytes().next()?.to_ascii_lowercase();
    LINK_LEAD_INS.iter().find(|l| l.as_bytes()[0] == first)?;
    walk::line_start(line, LEAD_IN_BYTES, start);
    LINK_LEAD_INS.iter().find(|l| starts_with_lead(start, l))?;
    let text = walk::line_text(line, MAX_LINK_BLOCK_CHARS)?;
    strip_lead_in(&text)?;
    Some(text)
}

/// `text` starts with `lead`, ASCII case ignored.
fn starts_with_lead(text: &str, lead: &str) -> bool {
    text.len() >= lead.len()
        && text.is_char_boundary(lead.len())
        && text[..lead.len()].eq_ignore_ascii_case(lead)
}

/// The text after a link lead-in (`Also Read: Storm hits coast` → `Storm hits coast`), for a
/// short block that starts with one.
fn strip_lead_in(text: &str) -> Option<&str> {
    if text.len() > MAX_LINK_BLOCK_CHARS {
        return None;
    }
    let lead = LINK_LEAD_INS.iter().find(|l| starts_with_lead(text, l))?;
    let rest = text[lead.len()..].trim_start_matches([':', '|', '-', '–', '—', '>', '»', ' ']);
    Some(rest.trim())
}

/// Texts of the links under `block` of two words or more.
fn link_texts(block: &NodeRef<'_>) -> Vec<String> {
    let mut texts = Vec::new();
    walk::elements(block, |a, el| {
        if el.name.local == local_name!("a") {
            let text = one_line(&a.text());
            if text.split_whitespace().count() >= 2 {
                texts.push(text);
            }
        }
        Step::Into
    });
    texts
}

/// Blank-line separated blocks of the extracted text, each on one line.
fn split_paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(one_line)
        .filter(|p| !p.is_empty())
        .collect()
}
