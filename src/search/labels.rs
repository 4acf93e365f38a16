//! Article counts per value of a label fast field (`people`, `section`) over a result set,
//! for `--facets`.
//!
//! tantivy's `terms` aggregation turned every counted term ordinal into its string one at a
//! time, and each lookup decompressed a zstd block of the segment's dictionary: 16 ms even for
//! a 14-hit query on the 300,000-article index. This collector counts by term ordinal per
//! segment, from the column decoded once per process (`columns.rs`), and leaves the strings to
//! the merge (`labels/merge.rs`), which adds the segments' counts by process-wide value ids
//! and reads only the strings of the values it orders. Counts stay exact.

mod bounded;
mod ids;
mod merge;
mod names;

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::columns::{self, DocValues};
use crate::error::Result;
use crate::index::stats::Count;

/// Counts the collected articles per value of the str fast field `field`.
#[derive(Debug, Clone)]
pub struct LabelCounts {
    field: &'static str,
    /// The searched segments (the decoded values of others are dropped).
    live: Vec<SegmentId>,
}

impl LabelCounts {
    /// Counts values of `field` over a search of `searcher`.
    pub fn new(searcher: &Searcher, field: &'static str) -> Self {
        let live = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        LabelCounts { field, live }
    }
}

/// One segment's counts: its decoded values, articles per ordinal, and which blocks of
/// `BLOCK` (64) ordinals have any (a bit per block).
pub struct SegmentLabels {
    names: Arc<names::Names>,
    by_ord: Vec<u32>,
    touched: Vec<u64>,
}

/// Ordinals per bit of [`SegmentLabels::touched`]: the merge reads only the counts of blocks
/// with a counted value (a small result set leaves most of a segment's 20,000 people at 0).
const BLOCK: usize = 64;

/// Per-segment state of [`LabelCounts`].
pub struct LabelCollector {
    /// The term ordinals of each article (see `columns.rs`).
    ords: Arc<DocValues<u32>>,
    names: Arc<names::Names>,
    /// Articles per term ordinal.
    counts: Vec<u32>,
    /// A bit per block of [`BLOCK`] ordinals with a count.
    touched: Vec<u64>,
    /// Per term ordinal, the last article counted for it: made for the first article with
    /// more than [`SCANNED`] values.
    counted_in: Vec<DocId>,
}

/// Up to this many values, an article's repeats are found by comparing its values with each
/// other; above it (a long list of names in one file) by [`LabelCollector::counted_in`], since
/// comparing them all was quadratic.
const SCANNED: usize = 16;

impl Collector for LabelCounts {
    type Fruit = Vec<SegmentLabels>;
    type Child = LabelCollector;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<LabelCollector> {
        let names = names::of(reader, self.field, &self.live)?;
        Ok(LabelCollector {
            ords: columns::ords(reader, self.field, &self.live),
            counts: vec![0; names.len()],
            touched: vec![0; names.len().div_ceil(BLOCK * 64)],
            counted_in: Vec::new(),
            names,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<SegmentLabels>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for LabelCollector {
    type Fruit = Vec<SegmentLabels>;

    #[inline]
    fn collect(&mut self, doc: DocId, _score: Score) {
        let ords = self.ords.of(doc);
        if ords.len() > SCANNED && self.counted_in.is_empty() {
            self.counted_in = vec![DocId::MAX; self.counts.len()];
        }
        for (i, &ord) in ords.iter().enumerate() {
            // An article that repeats a value counts once for it.
            let repeat = if ords.len() <= SCANNED {
                ords[..i].contains(&ord)
            } else {
                match self.counted_in.get_mut(ord as usize) {
                    Some(last) => std::mem::replace(last, doc) == doc,
                    None => true,
                }
            };
            if let (false, Some(n)) = (repeat, self.counts.get_mut(ord as usize)) {
                *n += 1;
                let block = ord as usize / BLOCK;
                self.touched[block / 64] |= 1 << (block % 64);
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        if self.touched.iter().all(|&w| w == 0) {
            return Vec::new();
        }
        vec![SegmentLabels {
            names: self.names,
            by_ord: self.counts,
            touched: self.touched,
        }]
    }
}

/// Every value with its article count, most articles first, then by name.
pub fn all(segments: &[SegmentLabels]) -> Result<Vec<Count>> {
    Ok(merge::top(segments, usize::MAX))
}

/// The `top` values with the most articles (exact counts), most first, then by name.
pub fn top(segments: &[SegmentLabels], top: usize) -> Result<Vec<Count>> {
    Ok(merge::top(segments, top))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count as Total;
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{doc, Index, Term};

    use crate::index::schema::name;
    use crate::index::Fields;

    fn count(name: &str, articles: u64) -> Count {
        Count {
            name: name.into(),
            articles,
        }
    }

    /// Three segments, so counts must be merged by name.
    fn index() -> tantivy::Result<(Index, Fields)> {
        let (index, f, mut writer) = crate::index::test_index()?;
        let segments: &[&[&[&str]]] = &[
            &[
                &["Ann Lee", "Bo Chan"],
                &["Ann Lee", "Ann Lee"],
                &["Cy Diaz"],
            ],
            &[&["Bo Chan"], &["Bo Chan", "Dee Fox"], &[]],
            &[&["Ann Lee"], &["Eve Gray"]],
        ];
        for docs in segments {
            for people in *docs {
                let mut d = doc!(f.headline => "story");
                for p in *people {
                    d.add_text(f.people, p);
                }
                writer.add_document(d)?;
            }
            writer.commit()?;
        }
        Ok((index, f))
    }

    #[test]
    fn an_article_with_many_values_counts_once_for_each() -> anyhow::Result<()> {
        let (index, f, mut writer) = crate::index::test_index()?;
        let many: Vec<String> = (0..3 * SCANNED).map(|k| format!("P{}", k % 20)).collect();
        for people in [&many[..], &many[..5]] {
            let mut d = doc!(f.headline => "story");
            for p in people {
                d.add_text(f.people, p);
            }
            writer.add_document(d)?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let people = LabelCounts::new(&searcher, name::PEOPLE);
        let counts = all(&searcher.search(&AllQuery, &people)?)?;
        assert_eq!(counts.len(), 20);
        for c in counts {
            let first_five = ["P0", "P1", "P2", "P3", "P4"].contains(&c.name.as_str());
            assert_eq!(c.articles, if first_five { 2 } else { 1 }, "{}", c.name);
        }
        Ok(())
    }

    #[test]
    fn counts_articles_per_value_across_segments() -> anyhow::Result<()> {
        let (index, _) = index()?;
        let searcher = index.reader()?.searcher();
        let people = LabelCounts::new(&searcher, name::PEOPLE);
        let (segments, n) = searcher.search(&AllQuery, &(people, Total))?;
        assert_eq!(n, 8);
        assert_eq!(
            all(&segments)?,
            vec![
                count("Ann Lee", 3),
                count("Bo Chan", 3),
                count("Cy Diaz", 1),
                count("Dee Fox", 1),
                count("Eve Gray", 1),
            ]
        );
        assert_eq!(
            top(&segments, 2)?,
            vec![count("Ann Lee", 3), count("Bo Chan", 3)]
        );
        Ok(())
    }

    #[test]
    fn counts_only_collected_articles() -> anyhow::Result<()> {
        let (index, f) = index()?;
        let searcher = index.reader()?.searcher();
        let people = LabelCounts::new(&searcher, name::PEOPLE);
        let query = TermQuery::new(
            Term::from_field_text(f.people, "bo"),
            IndexRecordOption::Basic,
        );
        let segments = searcher.search(&query, &people)?;
        assert_eq!(
            top(&segments, 5)?,
            vec![
                count("Bo Chan", 3),
                count("Ann Lee", 1),
                count("Dee Fox", 1)
            ]
        );
        Ok(())
    }

    /// The bounded merge (a one-shot search's) gives the same top as the merge by ids, also
    /// where its first batches are too small and it must read more (many values, flat counts
    /// with ties, spread unevenly over segments).
    #[test]
    fn bounded_merge_agrees_with_merge_by_ids() -> anyhow::Result<()> {
        let (index, f, mut writer) = crate::index::test_index()?;
        let mut x: u64 = 7;
        for segment in 0..3u64 {
            for _ in 0..400 {
                let mut d = doc!(f.headline => "story");
                for _ in 0..3 {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // 1,500 people, the low numbers more often in later segments.
                    let p = (x >> 33) % 1_500 / (segment + 1);
                    d.add_text(f.people, format!("P{p:04}"));
                }
                writer.add_document(d)?;
            }
            writer.commit()?;
        }
        let searcher = index.reader()?.searcher();
        let segments = searcher.search(&AllQuery, &LabelCounts::new(&searcher, name::PEOPLE))?;
        let every = all(&segments)?;
        assert!(every.len() > 1_000, "{}", every.len());
        for k in [1, 2, 5, 10, 37, 100, 400] {
            assert_eq!(
                bounded::top(&segments, k),
                every[..k.min(every.len())],
                "k {k}"
            );
        }
        Ok(())
    }

    #[test]
    fn ties_at_the_last_place_go_by_name() -> anyhow::Result<()> {
        let (index, _) = index()?;
        let searcher = index.reader()?.searcher();
        let segments = searcher.search(&AllQuery, &LabelCounts::new(&searcher, name::PEOPLE))?;
        let every = all(&segments)?;
        assert_eq!(every.len(), 5);
        for k in 0..=6 {
            assert_eq!(top(&segments, k)?, every[..k.min(5)].to_vec(), "k {k}");
        }
        Ok(())
    }
}
