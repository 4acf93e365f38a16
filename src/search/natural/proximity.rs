//! The proximity bonus of a plain query, scored only where it can change the page.
//!
//! A plain query scores `main` (the weighted words) plus sloppy phrases of adjacent words.
//! Scoring the phrases reads positions for every matching article and doubled the ranking time
//! of frequent words. A phrase adds at most `boost × idf × (k1 + 1)` (BM25's ceiling), so
//! [`WithProximity::rank`] first ranks by `main` alone, keeping every article within that
//! bound of the page's last score, then adds the phrase scores of those articles only. The
//! page is the one the whole query would rank: same scores, same order (ties newer first).
//! This holds whether every word must match or any may: a description of several words
//! matches most of the archive, yet only about 1% of it lies within the bound of the page.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, QueryClone, Scorer, Weight};
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};
use tantivy::{DocSet, SeekDangerResult};

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use crate::index::schema::name;
use crate::search::facets;
use crate::search::rank::{self, Ranked};

mod known;
use known::{score_at, Known, KnownSegment};

/// tantivy's BM25 k1, which its phrase queries use.
const TANTIVY_K1: f32 = 1.2;

/// `main` plus proximity phrases (each its terms and boost): matches what `main` matches.
#[derive(Debug)]
pub struct WithProximity {
    main: Box<dyn Query>,
    /// The phrase queries, each scored on its own (see [`add_bonus`]).
    bonus: Vec<Box<dyn Query>>,
    whole: BooleanQuery,
    phrases: Vec<(Vec<Term>, f32)>,
}

impl WithProximity {
    /// `main` with the bonus `phrases` (queries), described by their terms and boosts.
    pub fn new(
        main: Box<dyn Query>,
        phrases: Vec<Box<dyn Query>>,
        described: Vec<(Vec<Term>, f32)>,
    ) -> Self {
        let mut all = vec![(Occur::Must, main.box_clone())];
        all.extend(phrases.iter().map(|q| (Occur::Should, q.box_clone())));
        WithProximity {
            main,
            bonus: phrases,
            whole: BooleanQuery::new(all),
            phrases: described,
        }
    }

    /// Per phrase: its BM25 ceiling (rounded up), and whether it is rare (see
    /// [`RARE_PHRASE_SHARE`]).
    fn ceilings(&self, searcher: &Searcher) -> tantivy::Result<Vec<(Score, bool)>> {
        let docs: u64 = (searcher.segment_readers().iter())
            .map(|r| u64::from(r.max_doc()))
            .sum();
        let mut out = Vec::with_capacity(self.phrases.len());
        for (terms, boost) in &self.phrases {
            let (mut idf, mut fewest) = (0.0, docs);
            for t in terms {
                let df = searcher.doc_freq(t)?.min(docs);
                idf += (((docs - df) as f32 + 0.5) / (df as f32 + 0.5)).ln_1p();
                fewest = fewest.min(df);
            }
            let rare = fewest <= docs / RARE_PHRASE_SHARE;
            out.push((boost * idf * (1.0 + TANTIVY_K1), rare));
        }
        Ok(out)
    }

    /// Counts the matches (and the `facets`, when given) and ranks the page of `limit` hits
    /// after `offset`, by score (ties newer first), as the whole query would.
    pub fn rank(
        &self,
        searcher: &Searcher,
        limit: usize,
        offset: usize,
        facets: Option<&facets::Counts>,
    ) -> tantivy::Result<Ranked> {
        let want = limit + offset;
        let ceilings = self.ceilings(searcher)?;
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let bonus = (self.bonus.iter())
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let rare: Vec<bool> = ceilings.iter().map(|c| c.1).collect();
        let known = Arc::new(Known::score(searcher, &bonus, &rare)?);
        let margin: Score = (ceilings.iter())
            .filter(|c| !c.1)
            .map(|c| c.0)
            .sum::<Score>()
            * 1.01
            + 1e-4;
        let near = NearTop {
            want,
            margin,
            kth: Arc::default(),
            known: Arc::clone(&known),
        };
        let (total, mut found, counted) = facets::counted(searcher, &*self.main, near, facets)?;
        keep_near_top(&mut found, want, margin);
        let mut scored = Vec::with_capacity(found.len());
        for (seg, docs) in group_by_segment(found) {
            let reader = searcher.segment_reader(seg);
            let known = &known.segments[seg as usize];
            add_bonus(&bonus, known, reader, seg, docs, &mut scored)?;
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        rank::ties_by_id(searcher, &mut scored, want, |h| (h.0, h.1), |h| h.2)?;
        let page = scored.into_iter().skip(offset).take(limit);
        Ok((total, page.map(|(s, _, a)| (s, a)).collect(), counted))
    }
}

/// A phrase is rare when one of its words is in at most this share (1/n) of the articles. It
/// matches few articles, so it is scored up front for all of them, and its bonus does not
/// widen the margin: with a rare word beside frequent ones, its ceiling (a rare word's idf is
/// large) kept tens of thousands of articles for the second step.
const RARE_PHRASE_SHARE: u64 = 50;

impl Clone for WithProximity {
    fn clone(&self) -> Self {
        WithProximity {
            main: self.main.box_clone(),
            bonus: self.bonus.iter().map(|q| q.box_clone()).collect(),
            whole: self.whole.clone(),
            phrases: self.phrases.clone(),
        }
    }
}

impl Query for WithProximity {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.whole.weight(scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.whole.query_terms(visitor);
    }
}

/// An article with its score, date and address.
type Scored = (Score, Option<DateTime>, DocAddress);

/// Adds the phrase scores to `docs` of segment `seg` (sorted by id) and appends them to `out`.
///
/// A rare phrase's score was `known` already. Each other phrase only checks whether it
/// matches a given article (`seek_danger`): a phrase's `seek` moves on to its next match,
/// reading the positions of every article on the way, which cost nearly as much as scoring
/// the phrases for every match. The phrase scores are summed in phrase order from zero, then
/// added to `main`, as the whole query's union of the phrases and its required-optional sum
/// do: the same scores to the bit.
fn add_bonus(
    bonus: &[Box<dyn Weight>],
    known: &KnownSegment,
    reader: &SegmentReader,
    seg: SegmentOrdinal,
    docs: Vec<(DocId, Score)>,
    out: &mut Vec<Scored>,
) -> tantivy::Result<()> {
    let mut phrases = Vec::with_capacity(bonus.len());
    for (weight, known) in bonus.iter().zip(&known.phrases) {
        let phrase = match known {
            Some(hits) => Phrase::Known(hits, 0),
            None => {
                let scorer = weight.scorer(reader, 1.0)?;
                // The first document it can match: before it, it is known to match nothing.
                let from = scorer.doc();
                Phrase::Seek(scorer, from)
            }
        };
        phrases.push(phrase);
    }
    let dates = reader.fast_fields().date(name::DATE).ok();
    for (doc, main) in docs {
        let mut extra: Option<Score> = None;
        for phrase in &mut phrases {
            let score = match phrase {
                Phrase::Known(hits, cursor) => score_at(hits, cursor, doc),
                Phrase::Seek(scorer, from) => phrase_score(scorer.as_mut(), from, doc),
            };
            if let Some(s) = score {
                extra = Some(extra.unwrap_or(0.0) + s);
            }
        }
        let score = extra.map_or(main, |e| main + e);
        let date = dates.as_ref().and_then(|c| c.first(doc));
        out.push((score, date, DocAddress::new(seg, doc)));
    }
    Ok(())
}

/// How [`add_bonus`] learns a phrase's score on an article.
enum Phrase<'k> {
    /// Scored up front: the matches in id order, and a cursor.
    Known(&'k [(DocId, Score)], usize),
    /// Checked article by article: the scorer and the first article it may still match.
    Seek(Box<dyn Scorer>, DocId),
}

/// The score of `scorer` on `doc` when it matches there. `from` is the first document it may
/// still match; `doc` must grow from call to call.
fn phrase_score(scorer: &mut dyn Scorer, from: &mut DocId, doc: DocId) -> Option<Score> {
    if doc < *from {
        return None;
    }
    match scorer.seek_danger(doc) {
        SeekDangerResult::Found => {
            *from = doc + 1;
            Some(scorer.score())
        }
        SeekDangerResult::SeekLowerBound(next) => {
            *from = next;
            None
        }
    }
}

/// The found articles per segment, in id order, each with its `main` score.
fn group_by_segment(mut found: Vec<Found>) -> Vec<(SegmentOrdinal, Vec<(DocId, Score)>)> {
    found.sort_by_key(|f| f.2);
    let mut out: Vec<(SegmentOrdinal, Vec<(DocId, Score)>)> = Vec::new();
    for (_, score, a) in found {
        match out.last_mut() {
            Some((seg, docs)) if *seg == a.segment_ord => docs.push((a.doc_id, score)),
            _ => out.push((a.segment_ord, vec![(a.doc_id, score)])),
        }
    }
    out
}

/// An article found by [`NearTop`]: the least its score can be (`main` plus the rare
/// phrases), `main`, and its address.
type Found = (Score, Score, DocAddress);

/// Drops the articles whose least score is more than `margin` below the `want`-th best.
fn keep_near_top(found: &mut Vec<Found>, want: usize, margin: Score) {
    if found.len() <= want {
        return;
    }
    let mut scores: Vec<Score> = found.iter().map(|f| f.0).collect();
    let (_, kth, _) = scores.select_nth_unstable_by(want - 1, |a, b| b.total_cmp(a));
    let floor = *kth - margin;
    found.retain(|f| f.0 >= floor);
}

/// Collects every article whose least score (`main` plus the rare phrases, which are
/// `known`) is within `margin` of the `want`-th best seen so far.
struct NearTop {
    want: usize,
    margin: Score,
    /// The best `want`-th score of the segments collected so far (bits), a floor for the next.
    kth: Arc<AtomicU32>,
    known: Arc<Known>,
}

/// Per-segment state of [`NearTop`].
struct SegmentNearTop {
    seg: SegmentOrdinal,
    want: usize,
    margin: Score,
    /// The best `want` scores so far (a min-heap of their bits: scores are not negative).
    best: std::collections::BinaryHeap<std::cmp::Reverse<u32>>,
    /// The `want`-th score of earlier segments (bits).
    earlier: u32,
    kth: Arc<AtomicU32>,
    known: Arc<Known>,
    /// Position in the segment's known sums.
    cursor: usize,
    found: Vec<Found>,
    /// Size of `found` at which it is pruned next (doubling, so pruning stays linear).
    prune_at: usize,
}

impl Collector for NearTop {
    type Fruit = Vec<Found>;
    type Child = SegmentNearTop;

    fn for_segment(&self, seg: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentNearTop {
            seg,
            want: self.want.max(1),
            margin: self.margin,
            best: Default::default(),
            earlier: self.kth.load(Ordering::Relaxed),
            kth: self.kth.clone(),
            known: self.known.clone(),
            cursor: 0,
            found: Vec::new(),
            prune_at: 4 * self.want + 1024,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentNearTop {
    type Fruit = Vec<Found>;

    fn collect(&mut self, doc: DocId, main: Score) {
        let sums = &self.known.segments[self.seg as usize].sums;
        let score = score_at(sums, &mut self.cursor, doc).map_or(main, |s| main + s);
        let bits = score.max(0.0).to_bits();
        if self.best.len() < self.want {
            self.best.push(std::cmp::Reverse(bits));
        } else if self.best.peek().is_some_and(|m| bits > m.0) {
            self.best.pop();
            self.best.push(std::cmp::Reverse(bits));
        }
        let floor = f32::from_bits(self.kth_bits()) - self.margin;
        if score >= floor {
            self.found
                .push((score, main, DocAddress::new(self.seg, doc)));
            if self.found.len() >= self.prune_at {
                self.found.retain(|f| f.0 >= floor);
                self.prune_at = self.prune_at.max(2 * self.found.len());
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.kth.fetch_max(self.kth_bits(), Ordering::Relaxed);
        self.found
    }
}

impl SegmentNearTop {
    /// The best known `want`-th score (bits; 0 when fewer were seen).
    fn kth_bits(&self) -> u32 {
        match self.best.peek() {
            Some(m) if self.best.len() == self.want => m.0.max(self.earlier),
            _ => self.earlier,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::doc;

    use crate::search::natural::{self, Match, WeightedTerm};

    /// Articles with "river", "flood" and "warning" at varied distances and counts, over
    /// three segments.
    fn river_index() -> anyhow::Result<(tantivy::Index, crate::index::Fields)> {
        let (index, f, mut writer) = crate::index::test_index()?;
        let fillers = ["the", "a quiet", "an old stone", "and then some more words"];
        for i in 0..60 {
            let gap = fillers[i % fillers.len()];
            let body = match i % 5 {
                0 => format!("river {gap} flood {i} warning"),
                1 => format!("flood river {gap} river"),
                2 => format!("river {gap} {gap} {gap} {gap} flood flood"),
                3 => format!("flood warning {gap} river flood warning"),
                _ => format!("warning {gap} warning river {gap} {gap} flood"),
            };
            // One article has a rare word (a rare phrase: see `RARE_PHRASE_SHARE`).
            let body = if i == 31 {
                format!("{body} the flood levee broke")
            } else {
                body
            };
            writer.add_document(doc!(f.body => body, f.headline => format!("story {}", i % 7)))?;
            if i % 20 == 19 {
                writer.commit()?;
            }
        }
        Ok((index, f))
    }

    /// Ranks pages of `text` under `rule` both lazily and with the whole query, and checks
    /// that they hold the same scores in the same order.
    fn same_pages_as_whole(text: &str, rule: Match, matches: usize) -> anyhow::Result<()> {
        let (index, f) = river_index()?;
        let searcher = index.reader()?.searcher();
        let stems = natural::content_terms(&index, &f, text);
        let terms: Vec<WeightedTerm> = (stems.iter())
            .map(|s| WeightedTerm {
                stem: s.clone(),
                weight: 1.0,
            })
            .collect();
        let prose = natural::Prose::all(&f);
        let query = natural::build(&f, &prose, &terms, rule, &stems, 1.0);
        let lazy = query
            .downcast_ref::<WithProximity>()
            .expect("proximity query");
        let all = searcher.search(&*query, &TopDocs::with_limit(100).order_by_score())?;
        assert_eq!(all.len(), matches);
        for (limit, offset) in [(10, 0), (5, 7), (60, 0)] {
            let (total, page, _) = lazy.rank(&searcher, limit, offset, None)?;
            assert_eq!(total, matches);
            let want: Vec<Score> = all.iter().skip(offset).take(limit).map(|h| h.0).collect();
            let got: Vec<Score> = page.iter().map(|h| h.0).collect();
            assert_eq!(got, want, "{text}: limit {limit}, offset {offset}");
        }
        Ok(())
    }

    #[test]
    fn ranks_the_page_the_whole_query_ranks() -> anyhow::Result<()> {
        same_pages_as_whole("river flood", Match::All, 60)
    }

    #[test]
    fn ranks_the_page_of_any_word_as_the_whole_query_does() -> anyhow::Result<()> {
        // Two phrases (river-flood, flood-warning), matching different articles.
        same_pages_as_whole("river flood warning", Match::AtLeast(1), 60)?;
        same_pages_as_whole("warning river", Match::AtLeast(1), 60)
    }

    #[test]
    fn ranks_the_page_with_a_rare_phrase_as_the_whole_query_does() -> anyhow::Result<()> {
        same_pages_as_whole("river flood levee", Match::AtLeast(1), 60)?;
        same_pages_as_whole("levee flood", Match::All, 1)?;
        same_pages_as_whole("levee flood", Match::AtLeast(1), 60)
    }
}
