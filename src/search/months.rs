//! Matching articles per month, read from the date fast field, for the `--facets` histogram.
//!
//! tantivy's `date_histogram` aggregation with a one-day interval cost more than the query
//! itself on large result sets (it builds and merges thousands of day buckets per segment). The
//! histogram lists months (or years), so a plain collector counts months: each article's month
//! is decoded once per process (`columns.rs`), and counting it is one increment in an array of
//! a few hundred slots (one per month between the segment's first and last date), which stays
//! in the L1 cache and is cheap to merge.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::columns::{self, DocValues};
use crate::index::schema::name;

/// Seconds in a day.
pub const DAY_SECS: i64 = 86_400;

/// The month (`year * 12 + month - 1`, UTC) of `day` (days since 1970-01-01), in the proleptic
/// Gregorian calendar as chrono counts it (H. Hinnant's `civil_from_days`).
pub fn month_of_day(day: i64) -> i64 {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Months counted from March: January and February belong to the next year.
    let (month0, next_year) = if mp < 10 { (mp + 2, 0) } else { (mp - 10, 1) };
    (yoe + era * 400 + next_year) * 12 + month0
}

/// The first day (days since 1970-01-01) of `month` (`year * 12 + month - 1`): H. Hinnant's
/// `days_from_civil` for day 1.
pub fn first_day_of_month(month: i64) -> i64 {
    let (year, month0) = (month.div_euclid(12), month.rem_euclid(12));
    // Years counted from March: January and February belong to the previous one.
    let (y, mp) = if month0 >= 2 {
        (year, month0 - 2)
    } else {
        (year - 1, month0 + 10)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Counts the collected articles per UTC month (`year * 12 + month - 1`); undated ones are not
/// counted.
#[derive(Debug, Clone)]
pub struct MonthCounts {
    /// The searched segments (the decoded months of others are dropped).
    live: Vec<SegmentId>,
}

impl MonthCounts {
    /// Counts months over a search of `searcher`.
    pub fn new(searcher: &Searcher) -> Self {
        let live = (searcher.segment_readers().iter())
            .map(|r| r.segment_id())
            .collect();
        MonthCounts { live }
    }
}

/// Most months a segment counts in an array; a wider date range (bogus years) uses a map.
const MAX_DENSE_MONTHS: i64 = 1 << 16;

/// Per-segment state of [`MonthCounts`].
pub struct SegmentMonths {
    /// The month of each article (see `columns.rs`).
    months: Arc<DocValues<i32>>,
    /// The segment's first month, and a count per month from it (when the range is not too
    /// wide).
    first: i64,
    dense: Vec<u32>,
    sparse: HashMap<i64, u64>,
}

impl Collector for MonthCounts {
    type Fruit = BTreeMap<i64, u64>;
    type Child = SegmentMonths;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMonths> {
        // A segment without the column has no dated article.
        let months = columns::months(reader, name::DATE, &self.live);
        let (first, span) = match months.range() {
            Some((a, b)) => (i64::from(a), i64::from(b) - i64::from(a) + 1),
            None => (0, 0),
        };
        let dense = match span {
            1..=MAX_DENSE_MONTHS => vec![0; span as usize],
            _ => Vec::new(),
        };
        Ok(SegmentMonths {
            months,
            first,
            dense,
            sparse: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, u64)>>) -> tantivy::Result<Self::Fruit> {
        let mut out = BTreeMap::new();
        for (month, n) in fruits.into_iter().flatten() {
            *out.entry(month).or_default() += n;
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentMonths {
    /// `(month, articles)` pairs.
    type Fruit = Vec<(i64, u64)>;

    #[inline]
    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(&month) = self.months.of(doc).first() {
            let month = i64::from(month);
            match self.dense.get_mut((month - self.first) as usize) {
                Some(n) => *n += 1,
                None => *self.sparse.entry(month).or_default() += 1,
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let first = self.first;
        let dense = self.dense.into_iter().enumerate().filter(|(_, n)| *n > 0);
        let mut out: Vec<(i64, u64)> = dense
            .map(|(i, n)| (first + i as i64, u64::from(n)))
            .collect();
        out.extend(self.sparse);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use tantivy::collector::Count;
    use tantivy::query::AllQuery;
    use tantivy::{doc, DateTime};

    #[test]
    fn months_of_days_as_chrono_counts_them() {
        let mut day = -1_000_000;
        while day < 1_000_000 {
            let d = chrono::DateTime::from_timestamp(day * DAY_SECS, 0).expect("in range");
            let want = i64::from(d.year()) * 12 + i64::from(d.month0());
            assert_eq!(month_of_day(day), want, "day {day}");
            day += 7;
        }
        assert_eq!(month_of_day(0), 1970 * 12);
        assert_eq!(month_of_day(-1), 1969 * 12 + 11);
        for month in (-30_000 * 12)..(30_000 * 12) {
            let first = first_day_of_month(month);
            assert_eq!(month_of_day(first), month, "month {month}");
            assert_eq!(month_of_day(first - 1), month - 1, "month {month}");
        }
    }

    #[test]
    fn counts_dated_articles_per_month() -> tantivy::Result<()> {
        let (index, f, mut writer) = crate::index::test_index()?;
        let at = |secs| DateTime::from_timestamp_secs(secs);
        for secs in [0, 3_600, DAY_SECS * 31 + 5, -1] {
            writer.add_document(doc!(f.date => at(secs)))?;
        }
        writer.add_document(doc!(f.headline => "undated"))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let (months, all) = searcher.search(&AllQuery, &(MonthCounts::new(&searcher), Count))?;
        assert_eq!(all, 5);
        let jan_1970 = 1970 * 12;
        assert_eq!(
            months,
            BTreeMap::from([(jan_1970 - 1, 1), (jan_1970, 2), (jan_1970 + 1, 1)])
        );
        Ok(())
    }
}
