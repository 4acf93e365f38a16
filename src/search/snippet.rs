//! Snippets: the best passage of the body with byte ranges of the matched terms.
//!
//! Whitespace is collapsed (the body keeps its line breaks) and "…" marks cut text; the
//! highlight ranges are remapped to the final string.

use std::ops::Range;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::Searcher;

use crate::error::Result;

/// Longest snippet, in bytes of body text.
pub const SNIPPET_BYTES: usize = 220;
const ELLIPSIS: &str = "…";

/// A passage with highlighted byte ranges into `text`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

/// Makes snippets of one field for one query.
pub struct Snippets {
    generator: SnippetGenerator,
}

impl Snippets {
    /// Prepares the generator for `query` over `field`.
    pub fn new(searcher: &Searcher, query: &dyn Query, field: Field) -> Result<Self> {
        let mut generator = SnippetGenerator::create(searcher, query, field)?;
        generator.set_max_num_chars(SNIPPET_BYTES);
        Ok(Snippets { generator })
    }

    /// The best passage of `text`, or its opening when no query term occurs in it.
    pub fn make(&self, text: &str) -> Snippet {
        let s = self.generator.snippet(text);
        if s.is_empty() || s.highlighted().is_empty() {
            return lead(text);
        }
        let range = s.fragment_range();
        let mut out = collapse(s.fragment(), s.highlighted());
        if range.start > 0 {
            out.text.insert_str(0, ELLIPSIS);
            shift(&mut out.highlights, ELLIPSIS.len());
        }
        if range.end < text.trim_end().len() {
            out.text.push_str(ELLIPSIS);
        }
        out
    }
}

/// The opening of `text`, cut at a word boundary.
pub fn lead(text: &str) -> Snippet {
    let mut end = text.len().min(SNIPPET_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        end = text[..end].rfind(char::is_whitespace).unwrap_or(end);
    }
    let mut out = collapse(&text[..end], &[]);
    if end < text.trim_end().len() {
        out.text.push_str(ELLIPSIS);
    }
    out
}

fn shift(ranges: &mut [Range<usize>], by: usize) {
    for r in ranges {
        *r = r.start + by..r.end + by;
    }
}

/// Collapses whitespace runs to one space and trims, remapping `ranges` (byte offsets into
/// `text`, on char boundaries) to the result.
pub fn collapse(text: &str, ranges: &[Range<usize>]) -> Snippet {
    let mut out = String::with_capacity(text.len());
    // new_offset[i] = offset in `out` of the text byte at i (for i at char boundaries).
    let mut new_offset = vec![0usize; text.len() + 1];
    let mut pending_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            new_offset[i] = out.len();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        new_offset[i] = out.len();
        out.push(c);
    }
    new_offset[text.len()] = out.len();
    let highlights = ranges
        .iter()
        .map(|r| new_offset[r.start]..new_offset[r.end].max(new_offset[r.start]))
        .filter(|r| !r.is_empty())
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_remaps_ranges() {
        let text = "  oil\n\n prices   rose ";
        let oil = 2..5;
        let prices = 8..14;
        let s = collapse(text, &[oil, prices]);
        assert_eq!(s.text, "oil prices rose");
        assert_eq!(&s.text[s.highlights[0].clone()], "oil");
        assert_eq!(&s.text[s.highlights[1].clone()], "prices");
    }

    #[test]
    fn lead_cuts_at_a_word_boundary_with_ellipsis() {
        let text = "word ".repeat(100);
        let s = lead(&text);
        assert!(s.text.ends_with("word…"), "{}", s.text);
        assert!(s.text.len() <= SNIPPET_BYTES + ELLIPSIS.len());
        assert_eq!(lead("short text").text, "short text");
    }

    #[test]
    fn lead_respects_char_boundaries() {
        let text = "é".repeat(300);
        let s = lead(&text);
        assert!(s.text.starts_with('é'));
    }
}
