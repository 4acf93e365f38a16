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

    /// The most the phrases can add to an article's score (BM25's ceiling, rounded up).
    fn max_bonus(&self, searcher: &Searcher) -> tantivy::Result<Score> {
        let docs: u64 = (searcher.segment_readers().iter())
            .map(|r| u64::from(r.max_doc()))
            .sum();
        let mut sum = 0.0;
        for (terms, boost) in &self.phrases {
            let mut idf = 0.0;
            for t in terms {
                let df = searcher.doc_freq(t)?.min(docs);
                idf += (((docs - df) as f32 + 0.5) / (df as f32 + 0.5)).ln_1p();
            }
            sum += boost * idf * (1.0 + TANTIVY_K1);
        }
        Ok(sum * 1.01 + 1e-4)
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
        let margin = self.max_bonus(searcher)?;
        let near = NearTop {
            want,
            margin,
            kth: Arc::default(),
        };
        let (total, mut found, counted) = facets::counted(searcher, &*self.main, near, facets)?;
        keep_near_top(&mut found, want, margin);
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let bonus = (self.bonus.iter())
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut scored = Vec::with_capacity(found.len());
        for (seg, docs) in group_by_segment(found) {
            let reader = searcher.segment_reader(seg);
            add_bonus(&bonus, reader, seg, docs, &mut scored)?;
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        rank::ties_by_id(searcher, &mut scored, want, |h| (h.0, h.1), |h| h.2)?;
        let page = scored.into_iter().skip(offset).take(limit);
        Ok((total, page.map(|(s, _, a)| (s, a)).collect(), counted))
    }
}

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
/// Each phrase only checks whether it matches a given article (`seek_danger`): a phrase's
/// `seek` moves on to its next match, reading the positions of every article on the way,
/// which cost nearly as much as scoring the phrases for every match. The phrase scores are
/// summed in phrase order from zero, then added to `main`, as the whole query's union of the
/// phrases and its required-optional sum do: the same scores to the bit.
fn add_bonus(
    bonus: &[Box<dyn Weight>],
    reader: &SegmentReader,
    seg: SegmentOrdinal,
    docs: Vec<(DocId, Score)>,
    out: &mut Vec<Scored>,
) -> tantivy::Result<()> {
    let mut phrases = Vec::with_capacity(bonus.len());
    for weight in bonus {
        let scorer = weight.scorer(reader, 1.0)?;
        // The first document a phrase can match: before it, it is known to match nothing.
        let from = scorer.doc();
        phrases.push((scorer, from));
    }
    let dates = reader.fast_fields().date(name::DATE).ok();
    for (doc, main) in docs {
        let mut extra: Option<Score> = None;
        for (scorer, from) in &mut phrases {
            if let Some(s) = phrase_score(scorer.as_mut(), from, doc) {
                extra = Some(extra.unwrap_or(0.0) + s);
            }
        }
        let score = extra.map_or(main, |e| main + e);
        let date = dates.as_ref().and_then(|c| c.first(doc));
        out.push((score, date, DocAddress::new(seg, doc)));
    }
    Ok(())
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

fn group_by_segment(
    mut found: Vec<(Score, DocAddress)>,
) -> Vec<(SegmentOrdinal, Vec<(DocId, Score)>)> {
    found.sort_by_key(|(_, a)| *a);
    let mut out: Vec<(SegmentOrdinal, Vec<(DocId, Score)>)> = Vec::new();
    for (score, a) in found {
        match out.last_mut() {
            Some((seg, docs)) if *seg == a.segment_ord => docs.push((a.doc_id, score)),
            _ => out.push((a.segment_ord, vec![(a.doc_id, score)])),
        }
    }
    out
}

/// Drops the articles whose score is more than `margin` below the `want`-th best.
fn keep_near_top(found: &mut Vec<(Score, DocAddress)>, want: usize, margin: Score) {
    if found.len() <= want {
        return;
    }
    let mut scores: Vec<Score> = found.iter().map(|(s, _)| *s).collect();
    let (_, kth, _) = scores.select_nth_unstable_by(want - 1, |a, b| b.total_cmp(a));
    let floor = *kth - margin;
    found.retain(|(s, _)| *s >= floor);
}

/// Collects every article scoring within `margin` of the `want`-th best seen so far.
struct NearTop {
    want: usize,
    margin: Score,
    /// The best `want`-th score of the segments collected so far (bits), a floor for the next.
    kth: Arc<AtomicU32>,
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
    found: Vec<(Score, DocAddress)>,
    /// Size of `found` at which it is pruned next (doubling, so pruning stays linear).
    prune_at: usize,
}

impl Collector for NearTop {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentNearTop;

    fn for_segment(&self, seg: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentNearTop {
            seg,
            want: self.want.max(1),
            margin: self.margin,
            best: Default::default(),
            earlier: self.kth.load(Ordering::Relaxed),
            kth: self.kth.clone(),
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
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let bits = score.max(0.0).to_bits();
        if self.best.len() < self.want {
            self.best.push(std::cmp::Reverse(bits));
        } else if self.best.peek().is_some_and(|m| bits > m.0) {
            self.best.pop();
            self.best.push(std::cmp::Reverse(bits));
        }
        let floor = f32::from_bits(self.kth_bits()) - self.margin;
        if score >= floor {
            self.found.push((score, DocAddress::new(self.seg, doc)));
            if self.found.len() >= self.prune_at {
                self.found.retain(|(s, _)| *s >= floor);
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
}
