//! A term query scored by BM25 with our own k1 and b: tantivy 0.27 fixes them at 1.2 and
//! 0.75. Statistics (document count, document frequency, average field length) come from the
//! whole searcher, so every segment scores on the same scale, as tantivy's own `TermQuery`
//! does. Without scoring (counts, facets) it is tantivy's `TermQuery`.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TantivyError, Term};

/// BM25's two parameters: term-frequency saturation and length normalisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25Params {
    /// How fast repeats of a word stop adding to the score (0: never count repeats).
    pub k1: Score,
    /// How much a long field is discounted (0: not at all, 1: fully by length).
    pub b: Score,
}

/// One term in one field, scored `idf * (k1 + 1) * tf / (tf + k1 * (1 - b + b * len / avg))`.
#[derive(Debug, Clone)]
pub struct Bm25TermQuery {
    term: Term,
    params: Bm25Params,
}

impl Bm25TermQuery {
    /// Scores `term` (in its field) with `params`.
    pub fn new(term: Term, params: Bm25Params) -> Self {
        Bm25TermQuery { term, params }
    }

    /// The weight that scores, or `None` when `scoring` is disabled (tantivy's term query
    /// then counts).
    pub(super) fn scoring_weight(
        &self,
        scoring: EnableScoring<'_>,
    ) -> tantivy::Result<Option<Bm25TermWeight>> {
        let EnableScoring::Enabled {
            statistics_provider: stats,
            ..
        } = scoring
        else {
            return Ok(None);
        };
        let docs = stats.total_num_docs()?;
        let df = stats.doc_freq(&self.term)?;
        let avg = stats.total_num_tokens(self.term.field())? as Score / docs.max(1) as Score;
        Ok(Some(Bm25TermWeight {
            term: self.term.clone(),
            weight: idf(df, docs) * (self.params.k1 + 1.0),
            norms: Arc::new(norm_cache(self.params, avg)),
        }))
    }
}

impl Query for Bm25TermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        match self.scoring_weight(scoring)? {
            Some(weight) => Ok(Box::new(weight)),
            None => TermQuery::new(self.term.clone(), IndexRecordOption::Basic).weight(scoring),
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

/// Lucene's and tantivy's BM25 idf, never negative.
fn idf(df: u64, docs: u64) -> Score {
    let df = df.min(docs) as Score;
    (1.0 + (docs as Score - df + 0.5) / (df + 0.5)).ln()
}

/// `k1 * (1 - b + b * len / avg)` for each of the 256 quantised field lengths tantivy stores.
fn norm_cache(p: Bm25Params, avg: Score) -> [Score; 256] {
    let avg = if avg > 0.0 { avg } else { 1.0 };
    std::array::from_fn(|id| {
        let len = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
        p.k1 * (1.0 - p.b + p.b * len / avg)
    })
}

pub(super) struct Bm25TermWeight {
    term: Term,
    /// `idf * (k1 + 1)`.
    weight: Score,
    norms: Arc<[Score; 256]>,
}

impl Bm25TermWeight {
    /// The scorer of the term in `reader`'s segment, `None` when the segment lacks the term.
    pub(super) fn term_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<Bm25TermScorer>> {
        let field = self.term.field();
        let postings = reader
            .inverted_index(field)?
            .read_postings(&self.term, IndexRecordOption::WithFreqs)?;
        let Some(postings) = postings else {
            return Ok(None);
        };
        let lengths = match reader.fieldnorms_readers().get_field(field)? {
            Some(lengths) => lengths,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(Bm25TermScorer {
            postings,
            lengths,
            weight: self.weight * boost,
            norms: Arc::clone(&self.norms),
        }))
    }
}

impl Weight for Bm25TermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.term_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        let mut explanation = Explanation::new("BM25 (own k1, b)", scorer.score());
        explanation.add_context(format!("Term={:?}", self.term));
        Ok(explanation)
    }
}

pub(super) struct Bm25TermScorer {
    postings: SegmentPostings,
    lengths: FieldNormReader,
    weight: Score,
    norms: Arc<[Score; 256]>,
}

impl DocSet for Bm25TermScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }
    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        self.postings.seek_danger(target)
    }
    fn doc(&self) -> DocId {
        self.postings.doc()
    }
    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
    fn cost(&self) -> u64 {
        self.postings.cost()
    }
}

impl Scorer for Bm25TermScorer {
    fn score(&mut self) -> Score {
        let tf = self.postings.term_freq() as Score;
        let norm = self.norms[self.lengths.fieldnorm_id(self.postings.doc()) as usize];
        self.weight * tf / (tf + norm)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::indexer::NoMergePolicy;
    use tantivy::schema::{Field, Schema, Value, STORED, TEXT};
    use tantivy::{doc, DocAddress, Index, IndexWriter, Searcher, TantivyDocument};

    use super::*;

    /// An index of `segments`, one commit (so one segment) each, in a field named `text`.
    fn index(segments: &[&[&str]]) -> (Searcher, Field) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("w");
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for docs in segments {
            for d in *docs {
                writer.add_document(doc!(text => *d)).expect("add");
            }
            writer.commit().expect("commit");
        }
        let searcher = index.reader().expect("reader").searcher();
        (searcher, text)
    }

    fn scores(searcher: &Searcher, q: &dyn Query) -> Vec<(Score, DocAddress)> {
        let mut hits = searcher
            .search(q, &TopDocs::with_limit(100).order_by_score())
            .expect("search");
        hits.sort_by_key(|h| h.1);
        hits
    }

    const SEGMENTS: &[&[&str]] = &[
        &["oil oil oil and more words here", "oil", "gas only"],
        &[
            "gas and oil",
            "nothing to see",
            "oil prices oil rise again and again today",
        ],
    ];

    #[test]
    fn with_tantivys_parameters_it_scores_like_tantivy_across_segments() {
        let (searcher, text) = index(SEGMENTS);
        assert_eq!(searcher.segment_readers().len(), 2);
        let term = Term::from_field_text(text, "oil");
        let ours = Bm25TermQuery::new(term.clone(), Bm25Params { k1: 1.2, b: 0.75 });
        let theirs = TermQuery::new(term, IndexRecordOption::WithFreqs);
        let (a, b) = (scores(&searcher, &ours), scores(&searcher, &theirs));
        assert_eq!(a.len(), 4);
        for ((sa, da), (sb, db)) in a.iter().zip(&b) {
            assert_eq!(da, db);
            assert!((sa - sb).abs() < 1e-5, "{sa} vs {sb}");
        }
    }

    #[test]
    fn scores_follow_the_formula_for_any_k1_and_b() {
        let (searcher, text) = index(SEGMENTS);
        let term = Term::from_field_text(text, "oil");
        let (docs, df) = (6.0_f32, 4.0_f32);
        let avg = (7 + 1 + 2 + 3 + 3 + 8) as f32 / docs;
        let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
        for (k1, b) in [(1.2, 0.75), (2.0, 0.75), (0.5, 0.0), (3.0, 1.0)] {
            let q = Bm25TermQuery::new(term.clone(), Bm25Params { k1, b });
            let got = scores(&searcher, &q);
            assert_eq!(got.len(), 4);
            for (score, addr) in got {
                let (tf, len) = tf_and_length(&searcher, text, addr, "oil");
                let want = idf * (k1 + 1.0) * tf / (tf + k1 * (1.0 - b + b * len / avg));
                assert!(
                    (score - want).abs() < 1e-4,
                    "k1 {k1} b {b}: {score} vs {want}"
                );
            }
        }
    }

    /// How often `word` occurs in a stored document, and its length in words.
    fn tf_and_length(searcher: &Searcher, text: Field, addr: DocAddress, word: &str) -> (f32, f32) {
        let doc: TantivyDocument = searcher.doc(addr).expect("doc");
        let body = doc.get_first(text).and_then(|v| v.as_str()).expect("text");
        let words: Vec<&str> = body.split_whitespace().collect();
        let tf = words.iter().filter(|w| **w == word).count();
        (tf as f32, words.len() as f32)
    }

    #[test]
    fn counts_without_scoring_and_reports_its_term() {
        let (searcher, text) = index(SEGMENTS);
        let params = Bm25Params { k1: 2.0, b: 0.75 };
        for (word, n) in [("oil", 4), ("gas", 2), ("absent", 0)] {
            let q = Bm25TermQuery::new(Term::from_field_text(text, word), params);
            assert_eq!(searcher.search(&q, &Count).expect("count"), n, "{word}");
            let mut seen = Vec::new();
            q.query_terms(&mut |t, _| seen.push(t.clone()));
            assert_eq!(seen, vec![Term::from_field_text(text, word)]);
        }
    }
}
