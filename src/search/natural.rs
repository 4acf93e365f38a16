//! Natural-language queries: plain words with no query syntax, ranked as a weighted bag of
//! stemmed content words over headline, body and captions.
//!
//! Stopwords are dropped (unless the query has nothing else). Short queries (up to
//! [`ALL_WORDS_UP_TO`] content words) need every word; longer ones are descriptions, where
//! articles with any of the words are ranked, more matched words first, with a bonus for words
//! that occur near each other as they do in the query. Words are scored by our own BM25 term
//! query (`natural/bm25.rs`), with a larger k1 than tantivy's; the proximity phrases keep tantivy's.

mod bm25;
mod proximity;
mod word;

use std::sync::{Mutex, PoisonError};
use tantivy::index::SegmentId;
use tantivy::query::{BooleanQuery, BoostQuery, PhraseQuery, Query};
use tantivy::schema::Field;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Index, Searcher, SegmentReader, Term};

use super::stopwords::is_stopword;
use crate::index::Fields;
use bm25::{Bm25Params, Bm25TermQuery};
pub use proximity::WithProximity;
use word::WordQuery;

/// Queries with at most this many content words need all of them.
pub const ALL_WORDS_UP_TO: usize = 2;
/// Field weights: headline over body, captions under it.
pub const HEADLINE_BOOST: f32 = 2.0;
pub const CAPTIONS_BOOST: f32 = 0.5;
/// BM25 for content words: k1 2.0 (tantivy's own is 1.2) lets repeated words count for
/// more before they saturate, which ranked TIME's long articles better; b stays 0.75. Both are
/// within the usual ranges (k1 1.2-2.0, b 0.75). See eval/RELEVANCE.md.
const BM25: Bm25Params = Bm25Params { k1: 2.0, b: 0.75 };
/// Weight of a sloppy-phrase match of two adjacent query words (a term match weighs 1).
const PROXIMITY_BOOST: f32 = 0.5;
/// Words allowed between (or transpositions of) the two words of a proximity match.
const PROXIMITY_SLOP: u32 = 3;

/// The prose fields that words without a `field:` search, each with its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Prose(Vec<(Field, f32)>);

impl Prose {
    /// Headline, body and captions.
    pub fn all(fields: &Fields) -> Prose {
        Prose(vec![
            (fields.headline, HEADLINE_BOOST),
            (fields.body, 1.0),
            (fields.captions, CAPTIONS_BOOST),
        ])
    }

    /// [`Prose::all`] less the fields that no segment of `searcher` has a word in (an
    /// archive without captions). They could match nothing, and the first query of a process
    /// that reads a field a segment lacks makes tantivy build an empty term dictionary: 15% of
    /// the instructions of a one-shot search on Reuters. The body stays in any case.
    pub fn present(searcher: &Searcher, fields: &Fields) -> Prose {
        let mut prose = Prose::all(fields);
        let segments = searcher.segment_readers();
        if segments.is_empty() {
            return prose;
        }
        let mut has_words = 0u8;
        for segment in segments {
            has_words |= segment_words(segment, &prose);
        }
        let mut k = 0;
        prose.0.retain(|(field, _)| {
            k += 1;
            has_words >> (k - 1) & 1 == 1 || *field == fields.body
        });
        prose
    }

    /// The fields and their weights.
    pub fn fields(&self) -> &[(Field, f32)] {
        &self.0
    }
}

/// Bit `k` set when field `k` of `prose` has words in `segment` (all set when its metadata
/// cannot be read). Reading a segment's field metadata costs about 47 K instructions, so each
/// segment is read once per process: a long-running process asks again for every query.
fn segment_words(segment: &SegmentReader, prose: &Prose) -> u8 {
    /// Segments seen, with their bits; a segment never changes once written.
    static SEEN: Mutex<Vec<(SegmentId, u8)>> = Mutex::new(Vec::new());
    let id = segment.segment_id();
    let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&(_, bits)) = seen.iter().find(|(s, _)| *s == id) {
        return bits;
    }
    let bits = match segment.fields_metadata() {
        Ok(metadata) => {
            let schema = segment.schema();
            let mut bits = 0u8;
            for (k, (field, _)) in prose.0.iter().enumerate() {
                let name = schema.get_field_name(*field);
                let has = metadata.iter().any(|m| {
                    m.field_name == name && m.postings_size.is_some_and(|n| n.get_bytes() > 0)
                });
                bits |= u8::from(has) << k;
            }
            bits
        }
        Err(_) => u8::MAX,
    };
    if seen.len() >= SEEN_SEGMENTS_MAX {
        seen.clear();
    }
    seen.push((id, bits));
    bits
}

/// Bound on the segments [`segment_words`] remembers (merges keep making new ones).
const SEEN_SEGMENTS_MAX: usize = 1024;

/// A content word of the query: its stemmed index term and its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedTerm {
    pub stem: String,
    pub weight: f32,
}

/// How a plain query is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Every content word must match.
    All,
    /// At least this many content words must match.
    AtLeast(usize),
}

/// The stemmed content words of `text`, in query order, without repeats.
pub fn content_terms(index: &Index, fields: &Fields, text: &str) -> Vec<String> {
    let words = lower_words(text);
    let content: Vec<&String> = words.iter().filter(|w| !is_stopword(w)).collect();
    let chosen: Vec<&String> = if content.is_empty() {
        words.iter().collect()
    } else {
        content
    };
    let Ok(mut stemmer) = index.tokenizer_for_field(fields.body) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for word in chosen {
        for stem in tokens(&mut stemmer, word) {
            if !out.contains(&stem) {
                out.push(stem);
            }
        }
    }
    out
}

/// Lower-cased words of `text` (letters and digits).
fn lower_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The tokens `analyzer` makes of `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// The match rule for `n` content words.
pub fn default_match(n: usize) -> Match {
    if n <= ALL_WORDS_UP_TO {
        Match::All
    } else {
        Match::AtLeast(1)
    }
}

/// The query for weighted terms under a match rule, with a proximity bonus for `ordered`
/// (the content words in query order) when given.
pub fn build(
    fields: &Fields,
    prose: &Prose,
    terms: &[WeightedTerm],
    rule: Match,
    ordered: &[String],
    prox_weight: f32,
) -> Box<dyn Query> {
    let clauses: Vec<Box<dyn Query>> = terms
        .iter()
        .map(|t| boosted(term_clause(prose, &t.stem, rule), t.weight))
        .collect();
    let main: Box<dyn Query> = match rule {
        Match::All => Box::new(BooleanQuery::intersection(clauses)),
        Match::AtLeast(m) => Box::new(BooleanQuery::union_with_minimum_required_clauses(
            clauses,
            m.min(terms.len()),
        )),
    };
    let (queries, described) = proximity(fields, ordered, prox_weight);
    if queries.is_empty() {
        return main;
    }
    // The phrase bonus is small next to the spread of scores, so ranking scores it only for
    // the few articles it could lift onto the page (see `natural/proximity.rs`).
    Box::new(WithProximity::new(main, queries, described))
}

/// One content word over the searched fields, weighted by field. Where every word must match,
/// the words seek each other, which [`WordQuery`] does cheaply; where any may, tantivy's
/// buffered union of the fields walks them faster (both score the same).
fn term_clause(prose: &Prose, stem: &str, rule: Match) -> Box<dyn Query> {
    let per_field = prose.fields();
    if rule == Match::All {
        return Box::new(WordQuery::new(per_field, stem, BM25));
    }
    let subs: Vec<Box<dyn Query>> = per_field
        .iter()
        .map(|&(f, b)| boosted(term_query(f, stem), b))
        .collect();
    Box::new(BooleanQuery::union(subs))
}

fn term_query(field: Field, stem: &str) -> Box<dyn Query> {
    Box::new(Bm25TermQuery::new(Term::from_field_text(field, stem), BM25))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// Sloppy phrase queries over the body for each pair of adjacent content words, and each
/// one's terms and boost.
type Phrases = (Vec<Box<dyn Query>>, Vec<(Vec<Term>, f32)>);
fn proximity(fields: &Fields, ordered: &[String], weight: f32) -> Phrases {
    let boost = PROXIMITY_BOOST * weight;
    if boost <= 0.0 || ordered.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    ordered
        .windows(2)
        .map(|pair| {
            let terms: Vec<Term> = pair
                .iter()
                .map(|s| Term::from_field_text(fields.body, s))
                .collect();
            let mut phrase = PhraseQuery::new(terms.clone());
            phrase.set_slop(PROXIMITY_SLOP);
            (boosted(Box::new(phrase), boost), (terms, boost))
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::doc;

    #[test]
    fn prose_leaves_out_fields_no_segment_has_words_in() -> tantivy::Result<()> {
        let (index, f, mut writer) = crate::index::test_index()?;
        let searched = |index: &Index| -> tantivy::Result<Vec<Field>> {
            let searcher = index.reader()?.searcher();
            let prose = Prose::present(&searcher, &f);
            Ok(prose.fields().iter().map(|&(field, _)| field).collect())
        };
        let all = [f.headline, f.body, f.captions];
        assert_eq!(searched(&index)?, all, "no segment yet: every field");
        writer.add_document(doc!(f.headline => "Flood", f.body => "The river rose."))?;
        writer.commit()?;
        assert_eq!(searched(&index)?, [f.headline, f.body]);
        writer.add_document(doc!(f.body => "Dry.", f.captions => "A dam."))?;
        writer.commit()?;
        assert_eq!(searched(&index)?, all, "captions in one segment of two");
        Ok(())
    }

    #[test]
    fn prose_keeps_the_body_even_when_empty() -> tantivy::Result<()> {
        let (index, f, mut writer) = crate::index::test_index()?;
        writer.add_document(doc!(f.id => "a"))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let prose = Prose::present(&searcher, &f);
        assert_eq!(prose.fields(), [(f.body, 1.0)]);
        Ok(())
    }
}
