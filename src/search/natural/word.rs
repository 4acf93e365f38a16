//! One content word over several fields (headline, body, captions), each weighted: the sum of
//! its per-field BM25 scores.
//!
//! A `BooleanQuery::union` of the per-field term queries scored the same, but tantivy's
//! buffered union scores every posting of a 4,096-document window as it fills it, and a seek
//! past the window clears the whole window. In an intersection (every word must match) the
//! other word seeks it at every candidate, so each seek cost thousands of scores and a 16 KB
//! clear. This scorer merges the few postings document by document, moves only the postings
//! behind a seek target, and scores a document only when asked. Scores are the union's to the
//! bit: the same per-field scores, summed in field order.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::bm25::{Bm25Params, Bm25TermQuery};

/// A word in several fields, each with its boost.
#[derive(Debug, Clone)]
pub struct WordQuery {
    parts: Vec<(Bm25TermQuery, Score)>,
}

impl WordQuery {
    /// The word `stem` in each of `fields` (with its boost), scored with `params`.
    pub fn new(fields: &[(tantivy::schema::Field, Score)], stem: &str, params: Bm25Params) -> Self {
        let parts = fields
            .iter()
            .map(|&(f, b)| {
                (
                    Bm25TermQuery::new(Term::from_field_text(f, stem), params),
                    b,
                )
            })
            .collect();
        WordQuery { parts }
    }
}

impl Query for WordQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let parts = (self.parts.iter())
            .map(|(q, b)| Ok((q.weight(scoring)?, *b)))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(WordWeight { parts }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (q, _) in &self.parts {
            q.query_terms(visitor);
        }
    }
}

struct WordWeight {
    parts: Vec<(Box<dyn Weight>, Score)>,
}

impl Weight for WordWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for (weight, b) in &self.parts {
            let scorer = weight.scorer(reader, boost * b)?;
            if scorer.doc() != TERMINATED {
                parts.push(scorer);
            }
        }
        Ok(match parts.len() {
            0 => Box::new(EmptyScorer),
            1 => parts.pop().expect("one scorer"),
            _ => Box::new(WordScorer::new(parts)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("word over its fields", scorer.score()))
    }
}

/// The documents of any of `parts`, scored by the sum of the parts on the document.
struct WordScorer {
    parts: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl WordScorer {
    fn new(parts: Vec<Box<dyn Scorer>>) -> Self {
        let doc = parts.iter().map(|p| p.doc()).min().unwrap_or(TERMINATED);
        WordScorer { parts, doc }
    }

    fn first(&self) -> DocId {
        self.parts
            .iter()
            .map(|p| p.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for WordScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for p in &mut self.parts {
            if p.doc() == doc {
                p.advance();
            }
        }
        self.doc = self.first();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for p in &mut self.parts {
            if p.doc() < target {
                p.seek(target);
            }
        }
        self.doc = self.first();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts.iter().map(|p| p.size_hint()).max().unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.parts.iter().map(|p| p.cost()).sum()
    }
}

impl Scorer for WordScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut sum = 0.0;
        for p in &mut self.parts {
            if p.doc() == doc {
                sum += p.score();
            }
        }
        sum
    }
}
