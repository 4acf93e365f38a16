//! Matching articles per day, read from the date fast field, for the `--facets` histogram.
//!
//! tantivy's `date_histogram` aggregation with a one-day interval cost more than the query
//! itself on large result sets (it builds and merges thousands of day buckets per segment); a
//! plain collector does one array increment per dated article (a slot per day between the
//! segment's first and last date) and runs in the same pass as the other facet counts.

use std::collections::{BTreeMap, HashMap};

use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};

use tantivy::index::SegmentId;
use tantivy::{DateTime, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::columns::{self, DocValues};

use crate::index::schema::name;

/// Seconds in a day.
pub const DAY_SECS: i64 = 86_400;

/// Counts the collected articles per UTC day (days since 1970-01-01); undated ones are not
/// counted.
#[derive(Debug, Clone)]
pub struct DayCounts {
    /// The searched segments (the decoded days of others are dropped).
    live: Vec<SegmentId>,
}

impl DayCounts {
    /// Counts days over a search of `searcher`.
    pub fn new(searcher: &Searcher) -> Self {
        let live = (searcher.segment_readers().iter())
            .map(|r| r.segment_id())
            .collect();
        DayCounts { live }
    }
}

/// Most days a segment counts in an array; a wider date range (bogus years) uses a map.
const MAX_DENSE_DAYS: i64 = 1 << 20;

/// Per-segment state of [`DayCounts`].
pub struct SegmentDays {
    /// The day of each article (see `columns.rs`).
    days: Arc<DocValues<i32>>,
    /// The segment's first day, and a count per day from it (when the range is not too wide).
    first_day: i64,
    dense: Vec<u64>,
    sparse: HashMap<i64, u64>,
}

impl Collector for DayCounts {
    type Fruit = BTreeMap<i64, u64>;
    type Child = SegmentDays;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDays> {
        // A segment without the column has no dated article.
        let dates = reader.fast_fields().date(name::DATE).ok();
        let day = |d: DateTime| d.into_timestamp_secs().div_euclid(DAY_SECS);
        let (first_day, span) = match &dates {
            Some(c) => (
                day(c.min_value()),
                day(c.max_value()) - day(c.min_value()) + 1,
            ),
            None => (0, 0),
        };
        let dense = match span {
            1..=MAX_DENSE_DAYS => vec![0; span as usize],
            _ => Vec::new(),
        };
        Ok(SegmentDays {
            days: columns::days(reader, name::DATE, &self.live),
            first_day,
            dense,
            sparse: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, u64)>>) -> tantivy::Result<Self::Fruit> {
        // Thousands of days per segment: sorting them once is cheaper than map inserts.
        let mut all: Vec<(i64, u64)> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by_key(|(day, _)| *day);
        let mut out: Vec<(i64, u64)> = Vec::with_capacity(all.len());
        for (day, n) in all {
            match out.last_mut() {
                Some((d, m)) if *d == day => *m += n,
                _ => out.push((day, n)),
            }
        }
        Ok(out.into_iter().collect())
    }
}

impl SegmentCollector for SegmentDays {
    /// `(day, articles)` pairs.
    type Fruit = Vec<(i64, u64)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(&day) = self.days.of(doc).first() {
            let day = i64::from(day);
            match self.dense.get_mut((day - self.first_day) as usize) {
                Some(n) => *n += 1,
                None => *self.sparse.entry(day).or_default() += 1,
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let first = self.first_day;
        let dense = self.dense.into_iter().enumerate().filter(|(_, n)| *n > 0);
        let mut out: Vec<(i64, u64)> = dense.map(|(i, n)| (first + i as i64, n)).collect();
        out.extend(self.sparse);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::query::AllQuery;
    use tantivy::{doc, Index};

    use crate::index::schema::build_schema;
    use crate::index::Fields;

    #[test]
    fn counts_dated_articles_per_day() -> tantivy::Result<()> {
        let index = Index::create_in_ram(build_schema());
        let f = Fields::from_schema(&index.schema()).expect("fields");
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        let at = |secs| DateTime::from_timestamp_secs(secs);
        for secs in [0, 3_600, DAY_SECS * 31 + 5, -1] {
            writer.add_document(doc!(f.date => at(secs)))?;
        }
        writer.add_document(doc!(f.headline => "undated"))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let (days, all) = searcher.search(&AllQuery, &(DayCounts::new(&searcher), Count))?;
        assert_eq!(all, 5);
        assert_eq!(days, BTreeMap::from([(-1, 1), (0, 2), (31, 1)]));
        Ok(())
    }
}
