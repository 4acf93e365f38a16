//! The rare proximity phrases of a query (see `RARE_PHRASE_SHARE` in `proximity.rs`),
//! scored up front on every article they match.

use tantivy::query::Weight;
use tantivy::{DocId, Score, Searcher, TERMINATED};

/// The scores of the rare phrases on every article they match, per segment.
pub(super) struct Known {
    pub(super) segments: Vec<KnownSegment>,
}

pub(super) struct KnownSegment {
    /// Per phrase: the articles a rare phrase matches (in id order) with its score there;
    /// `None` for the other phrases.
    pub(super) phrases: Vec<Option<Vec<(DocId, Score)>>>,
    /// The sum of the rare phrases' scores per article they match, in id order.
    pub(super) sums: Vec<(DocId, Score)>,
}

impl Known {
    /// Scores the phrases of `bonus` marked `rare` on every article of `searcher`.
    pub(super) fn score(
        searcher: &Searcher,
        bonus: &[Box<dyn Weight>],
        rare: &[bool],
    ) -> tantivy::Result<Self> {
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let mut phrases = Vec::with_capacity(bonus.len());
            let mut sums: Vec<(DocId, Score)> = Vec::new();
            for (weight, &rare) in bonus.iter().zip(rare) {
                if !rare {
                    phrases.push(None);
                    continue;
                }
                let mut scorer = weight.scorer(reader, 1.0)?;
                let mut hits = Vec::new();
                while scorer.doc() != TERMINATED {
                    hits.push((scorer.doc(), scorer.score()));
                    scorer.advance();
                }
                sums = merge_sums(&sums, &hits);
                phrases.push(Some(hits));
            }
            segments.push(KnownSegment { phrases, sums });
        }
        Ok(Known { segments })
    }
}

/// Two lists of (article, score) in id order merged, scores of the same article summed.
fn merge_sums(a: &[(DocId, Score)], b: &[(DocId, Score)]) -> Vec<(DocId, Score)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                (i, j) = (i + 1, j + 1);
                (x.0, x.1 + y.1)
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                *x
            }
            (Some(x), None) => {
                i += 1;
                *x
            }
            (_, Some(y)) => {
                j += 1;
                *y
            }
            (None, None) => unreachable!("the loop stops when both are done"),
        };
        out.push(next);
    }
    out
}

/// The score in `hits` (in id order) of `doc`, moving `cursor` forward; `doc` must grow from
/// call to call.
pub(super) fn score_at(hits: &[(DocId, Score)], cursor: &mut usize, doc: DocId) -> Option<Score> {
    while hits.get(*cursor).is_some_and(|h| h.0 < doc) {
        *cursor += 1;
    }
    hits.get(*cursor).filter(|h| h.0 == doc).map(|h| h.1)
}
