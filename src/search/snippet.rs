//! Snippets: up to N passages of a text around the query's matches, in text order, joined by
//! " … ", with the byte ranges of the matches in the final string.
//!
//! Passages are chosen greedily: each next one covers the most query units (words, phrases)
//! not yet shown, then the most distinct units, then the most matches. The total length is
//! bounded by [`SNIPPET_BYTES`] however many passages are asked for; passages are cut at word
//! boundaries, whitespace is collapsed, and "…" marks cut text. Which matches exist is
//! [`super::highlight`]'s business.

use std::collections::HashSet;
use std::ops::Range;

use super::highlight::Match;

/// Longest snippet, in bytes of article text (separators and "…" not counted).
pub const SNIPPET_BYTES: usize = 240;
/// Passages per snippet unless asked otherwise.
pub const DEFAULT_PASSAGES: usize = 2;
/// Most passages a snippet may have (each keeps at least `SNIPPET_BYTES / MAX_PASSAGES`).
pub const MAX_PASSAGES: usize = 4;
const ELLIPSIS: &str = "…";
const SEPARATOR: &str = " … ";

/// A snippet with highlighted byte ranges into `text`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

/// One passage: its collapsed text and whether text was left out before and after it.
struct Piece {
    snippet: Snippet,
    cut_before: bool,
    cut_after: bool,
}

/// Up to `passages` passages of `text` around `matches` (in text order, not overlapping), or
/// the opening of `text` when nothing matched.
pub fn passages(text: &str, matches: &[Match], passages: usize) -> Snippet {
    if matches.is_empty() {
        return lead(text);
    }
    let n = passages.clamp(1, MAX_PASSAGES);
    let windows = choose(matches, n, SNIPPET_BYTES / n);
    let width = SNIPPET_BYTES / windows.len().max(1);
    let pieces: Vec<Piece> = extents(text, matches, &windows, width)
        .into_iter()
        .map(|r| piece(text, r, matches))
        .collect();
    join(&pieces)
}

/// One passage from each of the first `passages` texts that have matches (e.g. captions).
pub fn from_parts(parts: &[(&str, Vec<Match>)], passages: usize) -> Snippet {
    let matched: Vec<&(&str, Vec<Match>)> = parts
        .iter()
        .filter(|(_, m)| !m.is_empty())
        .take(passages.clamp(1, MAX_PASSAGES))
        .collect();
    let width = SNIPPET_BYTES / matched.len().max(1);
    let pieces: Vec<Piece> = matched
        .iter()
        .flat_map(|(text, matches)| {
            let windows = choose(matches, 1, width);
            extents(text, matches, &windows, width)
                .into_iter()
                .map(|r| piece(text, r, matches))
        })
        .collect();
    join(&pieces)
}

/// The opening of `text`, cut at a word boundary.
pub fn lead(text: &str) -> Snippet {
    let end = match word_end(text, SNIPPET_BYTES, 0) {
        // One unbroken word: cut it rather than show nothing.
        0 => floor_boundary(text, SNIPPET_BYTES),
        end => end,
    };
    join(&[piece(text, 0..end, &[])])
}

/// Up to `n` windows (ranges of match indexes) no wider than `width` bytes, best first.
fn choose(matches: &[Match], n: usize, width: usize) -> Vec<Range<usize>> {
    let mut chosen: Vec<Range<usize>> = Vec::new();
    let mut shown: HashSet<usize> = HashSet::new();
    while chosen.len() < n {
        let mut best: Option<(Range<usize>, (usize, usize, usize))> = None;
        for i in (0..matches.len()).filter(|i| !chosen.iter().any(|c| c.contains(i))) {
            let w = window(matches, i, width, &chosen);
            let units: HashSet<usize> = matches[w.clone()].iter().map(|m| m.unit).collect();
            let new = units.iter().filter(|u| !shown.contains(u)).count();
            let score = (new, units.len(), w.len());
            if best.as_ref().is_none_or(|(_, s)| score > *s) {
                best = Some((w, score));
            }
        }
        let Some((w, _)) = best else { break };
        shown.extend(matches[w.clone()].iter().map(|m| m.unit));
        chosen.push(w);
    }
    chosen
}

/// The matches from `i` on that fit in `width` bytes and belong to no chosen window.
fn window(matches: &[Match], i: usize, width: usize, chosen: &[Range<usize>]) -> Range<usize> {
    let start = matches[i].range.start;
    let mut j = i + 1;
    while j < matches.len()
        && matches[j].range.end - start <= width
        && !chosen.iter().any(|c| c.contains(&j))
    {
        j += 1;
    }
    i..j
}

/// Byte ranges of `text` for the windows, `width` bytes each with context on both sides,
/// cut at word boundaries, sorted, and merged where they would overlap.
fn extents(
    text: &str,
    matches: &[Match],
    windows: &[Range<usize>],
    width: usize,
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = windows
        .iter()
        .map(|w| {
            let (first, last) = (matches[w.start].range.start, matches[w.end - 1].range.end);
            let slack = width.saturating_sub(last - first);
            // A third of the context goes before the matches, unless the text ends first.
            let start = first
                .saturating_sub(slack / 3)
                .min(text.len().saturating_sub(width).min(first));
            let start = sentence_start(text, start, first)
                .unwrap_or_else(|| word_start(text, start, first));
            let end = (start + width).max(last).min(text.len());
            start..word_end(text, end, last)
        })
        .collect();
    out.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(prev) if r.start <= prev.end => prev.end = prev.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The start of the last sentence that begins between `from` and `limit` (a match start),
/// so a passage need not open mid-sentence.
fn sentence_start(text: &str, from: usize, limit: usize) -> Option<usize> {
    let from = floor_boundary(text, from);
    let region = &text[from..limit];
    let mut found = None;
    let mut prev = None;
    for (i, c) in region.char_indices() {
        let after_end = matches!(prev, Some('.' | '?' | '!')) && c.is_whitespace();
        if after_end || c == '\n' {
            found = Some(i + c.len_utf8());
        }
        prev = Some(c);
    }
    let at = from + found?;
    Some(at + text[at..limit].len() - text[at..limit].trim_start().len())
}

/// `at` moved forward to the start of a word, but not past `limit` (a match start).
fn word_start(text: &str, at: usize, limit: usize) -> usize {
    let at = floor_boundary(text, at.min(limit));
    let inside_word = text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    if !inside_word {
        return at;
    }
    match text[at..limit].find(char::is_whitespace) {
        Some(k) => at + k,
        None => limit,
    }
}

/// `at` moved back to the end of a word, but not before `limit` (a match end).
fn word_end(text: &str, at: usize, limit: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let at = floor_boundary(text, at).max(limit);
    let inside_word = text[at..].starts_with(|c: char| !c.is_whitespace())
        && text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace());
    if !inside_word {
        return at;
    }
    text[limit..at]
        .rfind(char::is_whitespace)
        .map_or(limit, |k| limit + k)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The passage `range` of `text` with the matches inside it.
fn piece(text: &str, range: Range<usize>, matches: &[Match]) -> Piece {
    let inside: Vec<Range<usize>> = matches
        .iter()
        .filter(|m| m.range.start >= range.start && m.range.end <= range.end)
        .map(|m| m.range.start - range.start..m.range.end - range.start)
        .collect();
    Piece {
        snippet: collapse(&text[range.clone()], &inside),
        cut_before: !text[..range.start].trim().is_empty(),
        cut_after: !text[range.end..].trim().is_empty(),
    }
}

/// The pieces in order, separated by " … ", with "…" where the text was cut at either end.
fn join(pieces: &[Piece]) -> Snippet {
    let mut out = Snippet::default();
    for (k, p) in pieces.iter().enumerate() {
        if k > 0 {
            out.text.push_str(SEPARATOR);
        } else if p.cut_before {
            out.text.push_str(ELLIPSIS);
        }
        let at = out.text.len();
        out.text.push_str(&p.snippet.text);
        let shifted = p
            .snippet
            .highlights
            .iter()
            .map(|r| r.start + at..r.end + at);
        out.highlights.extend(shifted);
    }
    if pieces.last().is_some_and(|p| p.cut_after) {
        out.text.push_str(ELLIPSIS);
    }
    out
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

    /// Matches of each occurrence of `words` in `text` (unit = index in `words`).
    fn find(text: &str, words: &[&str]) -> Vec<Match> {
        let mut out: Vec<Match> = words
            .iter()
            .enumerate()
            .flat_map(|(unit, w)| {
                text.match_indices(w).map(move |(at, _)| Match {
                    range: at..at + w.len(),
                    unit,
                })
            })
            .collect();
        out.sort_by_key(|m| m.range.start);
        out
    }

    fn marks(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|r| &s.text[r.clone()]).collect()
    }

    #[test]
    fn collapse_remaps_ranges() {
        let text = "  oil\n\n prices   rose ";
        let s = collapse(text, &[2..5, 8..14]);
        assert_eq!(s.text, "oil prices rose");
        assert_eq!(marks(&s), ["oil", "prices"]);
    }

    #[test]
    fn lead_cuts_at_a_word_boundary_with_ellipsis() {
        let s = lead(&"word ".repeat(100));
        assert!(s.text.ends_with("word…"), "{}", s.text);
        assert!(s.text.len() <= SNIPPET_BYTES + ELLIPSIS.len());
        assert_eq!(lead("short text").text, "short text");
        assert!(lead(&"é".repeat(300)).text.starts_with('é'));
    }

    #[test]
    fn two_distant_matches_make_two_passages_in_text_order() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}the oil price {filler}a gas field {filler}");
        let s = passages(&text, &find(&text, &["gas", "oil"]), 2);
        assert_eq!(marks(&s), ["oil", "gas"]);
        assert_eq!(s.text.matches(SEPARATOR).count(), 1, "{}", s.text);
        assert!(s.text.starts_with(ELLIPSIS) && s.text.ends_with(ELLIPSIS));
        let article_bytes = s.text.len() - SEPARATOR.len() - 2 * ELLIPSIS.len();
        assert!(article_bytes <= SNIPPET_BYTES, "{}", s.text);
        for word in s.text.split([' ', '…']).filter(|w| !w.is_empty()) {
            assert!(text.contains(&format!(" {word} ")), "cut word {word:?}");
        }
    }

    #[test]
    fn passage_count_is_bounded_and_length_stays_bounded() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("a {filler} b {filler} c {filler} d {filler} e {filler}");
        let m = find(&text, &[" a ", " b ", " c ", " d ", " e "]);
        for (asked, got) in [(1, 0), (2, 1), (3, 2), (9, MAX_PASSAGES - 1)] {
            let s = passages(&text, &m, asked);
            assert_eq!(
                s.text.matches(SEPARATOR).count(),
                got,
                "{asked}: {}",
                s.text
            );
            assert!(s.text.len() <= SNIPPET_BYTES + (got + 2) * SEPARATOR.len());
        }
    }

    #[test]
    fn close_matches_share_one_passage_and_prefer_new_words() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("oil {filler} oil and gas {filler}");
        let s = passages(&text, &find(&text, &["oil", "gas"]), 1);
        assert_eq!(marks(&s), ["oil", "gas"], "{}", s.text);
        let short = "oil prices and gas prices";
        let s = passages(short, &find(short, &["oil", "gas"]), 3);
        assert_eq!((s.text.as_str(), marks(&s)), (short, vec!["oil", "gas"]));
    }

    #[test]
    fn passages_start_at_a_sentence_when_one_starts_close_before() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}end. Second sentence has oil here. {filler}");
        let s = passages(&text, &find(&text, &["oil"]), 1);
        assert!(s.text.starts_with("…Second sentence has oil"), "{}", s.text);
    }

    #[test]
    fn a_match_near_the_end_takes_its_context_before() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}the last word is oil.");
        let s = passages(&text, &find(&text, &["oil"]), 2);
        assert!(s.text.ends_with("is oil."), "{}", s.text);
        assert!(s.text.len() > SNIPPET_BYTES - 40, "{}", s.text);
    }

    #[test]
    fn parts_give_one_passage_each() {
        let parts = [
            ("Crews at the port", find("Crews at the port", &["port"])),
            ("No match here", Vec::new()),
            ("A port at dusk", find("A port at dusk", &["port"])),
        ];
        let s = from_parts(&parts, 2);
        assert_eq!(s.text, "Crews at the port … A port at dusk");
        assert_eq!(marks(&s), ["port", "port"]);
    }
}
