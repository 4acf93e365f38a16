//! A page's main text: boilerplate out first (navigation, "Also Read" and related-link
//! blocks, figures, whose captions are kept aside), then `dom_smoothie` picks the article
//! among what is left, and its text is split into paragraphs.

use dom_query::{Document, Selection};
use dom_smoothie::{Config, Readability, TextMode};

use crate::article::record::one_line;

/// Elements that are page furniture, never article text.
const FURNITURE: &str = "nav, header, footer, aside, form, button, noscript, iframe, svg, \
    [role='navigation'], [role='banner'], [role='contentinfo'], [role='complementary']";
/// The headline and byline elements.
const BYLINES: &str = "h1, [class*='byline'], [rel='author'], address";
/// Blocks whose class or id names them as links to other stories.
const RELATED_BLOCKS: &str = "[class*='also-read'], [class*='alsoread'], [class*='related'], \
    [id*='related'], [class*='read-more'], [class*='recommended'], [class*='more-stories']";
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

/// The main text of a page and the parts kept out of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub paragraphs: Vec<String>,
    /// Headlines of linked stories.
    pub related: Vec<String>,
    pub captions: Vec<String>,
}

/// Reads the main text of `doc` (consumed: readability rewrites the tree).
pub fn read(doc: Document) -> Content {
    let related = take_related(&doc);
    doc.select(FURNITURE).remove();
    // The headline and byline are read from the page's metadata, not repeated in the body.
    doc.select(BYLINES).remove();
    let captions = take_captions(&doc);
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let mut paragraphs = Vec::new();
    if let Ok(mut readability) = Readability::with_document(doc, None, Some(config)) {
        if let Ok(article) = readability.parse() {
            paragraphs = split_paragraphs(&article.text_content);
        }
    }
    Content {
        paragraphs,
        related,
        captions,
    }
}

/// `<figcaption>` texts; the figures themselves leave the tree.
fn take_captions(doc: &Document) -> Vec<String> {
    let mut captions: Vec<String> = doc
        .select("figcaption")
        .iter()
        .map(|c| one_line(&c.text()))
        .filter(|c| !c.is_empty())
        .collect();
    captions.dedup();
    doc.select("figure, figcaption").remove();
    captions
}

/// Headlines linked from related-story blocks and "Also Read" lines, which leave the tree.
fn take_related(doc: &Document) -> Vec<String> {
    let mut related = Vec::new();
    let blocks = doc.select(RELATED_BLOCKS);
    for block in blocks.iter() {
        related.extend(link_texts(&block));
    }
    blocks.remove();
    let lines = doc.select("p, li, div, section, h2, h3, h4");
    let mut doomed = Vec::new();
    for line in lines.iter() {
        let text = one_line(&line.text());
        let Some(rest) = strip_lead_in(&text) else {
            continue;
        };
        let links = link_texts(&line);
        if links.is_empty() && !rest.is_empty() {
            related.push(rest.to_string());
        }
        related.extend(links);
        doomed.push(line);
    }
    for line in doomed {
        line.remove();
    }
    let mut seen = std::collections::HashSet::new();
    related.retain(|r| seen.insert(r.clone()));
    related
}

/// The text after a link lead-in (`Also Read: Storm hits coast` → `Storm hits coast`), for a
/// short block that starts with one.
fn strip_lead_in(text: &str) -> Option<&str> {
    if text.len() > MAX_LINK_BLOCK_CHARS {
        return None;
    }
    let lead = LINK_LEAD_INS.iter().find(|l| {
        text.len() >= l.len()
            && text.is_char_boundary(l.len())
            && text[..l.len()].eq_ignore_ascii_case(l)
    })?;
    let rest = text[lead.len()..].trim_start_matches([':', '|', '-', '–', '—', '>', '»', ' ']);
    Some(rest.trim())
}

fn link_texts(block: &Selection<'_>) -> Vec<String> {
    block
        .select("a")
        .iter()
        .map(|a| one_line(&a.text()))
        .filter(|t| t.split_whitespace().count() >= 2)
        .collect()
}

/// Blank-line separated blocks of the extracted text, each on one line.
fn split_paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(one_line)
        .filter(|p| !p.is_empty())
        .collect()
}
