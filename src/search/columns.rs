//! A segment's facet columns (label ordinals, months) decoded once per process into plain
//! arrays indexed by document.
//!
//! Reading a fast field one document at a time goes through its column index (a rank in an
//! optional index, two bit-packed offsets, then the bit-packed values): a few hundred
//! instructions per article and per column, which made `--facets` on a large result set cost
//! twice the query. Decoding a whole column reads the same data sequentially, in bulk, for
//! about the cost of one facet count over a tenth of the segment; after that a count is an
//! array read. Segments never change, so the arrays are kept per segment id (like the label
//! names in `labels/names.rs`); those of segments no longer searched are dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::column_index::MultiValueIndex;
use tantivy::columnar::{Column, ColumnIndex};
use tantivy::index::SegmentId;
use tantivy::{DateTime, DocId, SegmentReader};

use super::months::{first_day_of_month, month_of_day, DAY_SECS};

/// The values of every document of a segment: document `d` has `values[starts[d]..starts[d + 1]]`,
/// or, when every document has exactly one value (`full`), `values[d]` (no offsets to read:
/// one memory access per document fewer while counting facets).
#[derive(Debug, Default)]
pub struct DocValues<T> {
    starts: Vec<u32>,
    values: Vec<T>,
    full: bool,
    /// The smallest and largest value, once [`Self::with_range`] has found them.
    range: Option<(T, T)>,
}

impl<T> DocValues<T> {
    fn new(starts: Vec<u32>, values: Vec<T>, full: bool) -> Self {
        DocValues {
            starts,
            values,
            full,
            range: None,
        }
    }

    /// The values of `doc` (none for a document out of range).
    #[inline]
    pub fn of(&self, doc: DocId) -> &[T] {
        let d = doc as usize;
        if self.full {
            return self.values.get(d..d + 1).unwrap_or(&[]);
        }
        match (self.starts.get(d), self.starts.get(d + 1)) {
            (Some(&a), Some(&b)) => &self.values[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The smallest and largest value (`None` when there are none).
    pub fn range(&self) -> Option<(T, T)>
    where
        T: Copy,
    {
        self.range
    }

    /// The same with [`Self::range`] known: found once, when decoded, as a facet count needs it
    /// for every search.
    fn with_range(mut self) -> Self
    where
        T: Copy + PartialOrd,
    {
        let fold =
            |(lo, hi): (T, T), &v: &T| (if v < lo { v } else { lo }, if v > hi { v } else { hi });
        let first = self.values.first().copied();
        self.range = first.map(|f| self.values.iter().fold((f, f), fold));
        self
    }

    /// The same documents with each value mapped by `f`.
    fn map<U>(self, f: impl FnMut(T) -> U) -> DocValues<U> {
        DocValues::new(
            self.starts,
            self.values.into_iter().map(f).collect(),
            self.full,
        )
    }
}

/// Decodes `column` for the `max_doc` documents of its segment.
fn decode<T: Copy + Default + PartialOrd + Send + Sync + std::fmt::Debug + 'static>(
    column: &Column<T>,
    max_doc: u32,
) -> DocValues<T> {
    let mut values = vec![T::default(); column.values.num_vals() as usize];
    if !values.is_empty() {
        column.values.get_range(0, &mut values);
    }
    let starts = match &column.index {
        ColumnIndex::Empty { .. } => vec![0; max_doc as usize + 1],
        ColumnIndex::Full => {
            values.truncate(max_doc as usize);
            return DocValues::new(Vec::new(), values, true);
        }
        ColumnIndex::Optional(index) => starts_of(max_doc, index.iter_non_null_docs(), |k| k),
        ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV1(index)) => {
            let mut starts = vec![0; index.start_index_column.num_vals() as usize];
            index.start_index_column.get_range(0, &mut starts);
            starts.resize(max_doc as usize + 1, starts.last().copied().unwrap_or(0));
            starts
        }
        ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) => {
            let column = &index.start_index_column;
            let mut compact = vec![0; column.num_vals() as usize];
            column.get_range(0, &mut compact);
            let docs = index.optional_index.iter_non_null_docs();
            starts_of(max_doc, docs, |k| {
                compact.get(k as usize).copied().unwrap_or(0)
            })
        }
    };
    let end = values.len() as u32;
    let starts = starts.into_iter().map(|s| s.min(end)).collect();
    DocValues::new(starts, values, false)
}

/// Start offsets for documents where only `docs` (ascending) have values, the `k`-th of them
/// starting at `start(k)` and ending where the next starts.
fn starts_of(
    max_doc: u32,
    docs: impl Iterator<Item = DocId>,
    start: impl Fn(u32) -> u32,
) -> Vec<u32> {
    let mut starts = Vec::with_capacity(max_doc as usize + 1);
    let mut k = 0;
    for doc in docs.take_while(|&d| d < max_doc) {
        // Documents before `doc` have no values: they start (and end) where it starts.
        starts.resize(doc as usize, start(k));
        starts.push(start(k));
        k += 1;
    }
    starts.resize(max_doc as usize + 1, start(k));
    starts
}

/// The ordinals of the str column `field` of `reader`'s segment, per document.
pub fn ords(
    reader: &SegmentReader,
    field: &'static str,
    live: &[SegmentId],
) -> Arc<DocValues<u32>> {
    cached(&ORDS, reader, field, live, |r| {
        let column = r.fast_fields().str(field).ok().flatten()?;
        Some(decode(column.ords(), r.max_doc()).map(|o| o as u32))
    })
}

/// The month (`year * 12 + month - 1`, UTC) of each dated document of `reader`'s segment.
pub fn months(
    reader: &SegmentReader,
    field: &'static str,
    live: &[SegmentId],
) -> Arc<DocValues<i32>> {
    cached(&MONTHS, reader, field, live, |r| {
        let column = r.fast_fields().date(field).ok()?;
        let day = |t: DateTime| t.into_timestamp_secs().div_euclid(DAY_SECS);
        // The column knows its smallest and largest value: no pass to find them.
        let values = &column.values;
        let range =
            (values.num_vals() > 0).then(|| (day(values.min_value()), day(values.max_value())));
        Some(months_of_days(decode(&column, r.max_doc()), range, day))
    })
}

/// The month of each value of `values`, whose days (`day`) lie in `range`: read from a table
/// over those days (filled a month at a time), as converting each article's day costs about
/// 100 instructions; one pass, and the range of months is that of the table's ends.
fn months_of_days<T>(
    values: DocValues<T>,
    range: Option<(i64, i64)>,
    day: impl Fn(T) -> i64,
) -> DocValues<i32> {
    let Some((lo, hi)) = range.filter(|(lo, hi)| lo <= hi) else {
        return DocValues::new(Vec::new(), Vec::new(), false);
    };
    if hi - lo >= 1 << 20 {
        return values.map(|v| month_of_day(day(v)) as i32).with_range();
    }
    let mut table = Vec::with_capacity((hi - lo + 1) as usize);
    let mut month = month_of_day(lo);
    while table.len() <= (hi - lo) as usize {
        let next = first_day_of_month(month + 1);
        let until = ((next - lo) as usize).min((hi - lo + 1) as usize);
        table.resize(until, month as i32);
        month += 1;
    }
    let ends = (table[0], table[table.len() - 1]);
    let mut months = values.map(|v| {
        let d = day(v);
        // Outside the range only if the column's bounds were wrong: convert the slow way.
        (d.checked_sub(lo)
            .and_then(|k| table.get(usize::try_from(k).ok()?)))
        .map_or_else(|| month_of_day(d) as i32, |&m| m)
    });
    months.range = Some(ends);
    months
}

type Key = (SegmentId, &'static str);
type Cache<T> = OnceLock<Mutex<HashMap<Key, Arc<DocValues<T>>>>>;
static ORDS: Cache<u32> = OnceLock::new();
static MONTHS: Cache<i32> = OnceLock::new();

/// The cached arrays of `field` in `reader`'s segment, decoded by `make` on first use (empty
/// when the segment lacks the column).
fn cached<T>(
    cache: &'static Cache<T>,
    reader: &SegmentReader,
    field: &'static str,
    live: &[SegmentId],
    make: impl FnOnce(&SegmentReader) -> Option<DocValues<T>>,
) -> Arc<DocValues<T>> {
    let cache = cache.get_or_init(Default::default);
    let key = (reader.segment_id(), field);
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return v;
    }
    let decoded = make(reader).unwrap_or(DocValues::new(Vec::new(), Vec::new(), false));
    let decoded = Arc::new(decoded);
    if let Ok(mut c) = cache.lock() {
        c.retain(|(id, _), _| live.contains(id));
        c.insert(key, decoded.clone());
    }
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_offsets_and_one_per_document() {
        let full = DocValues::new(Vec::new(), vec![5, 6], true);
        assert_eq!(full.of(0), [5]);
        assert_eq!(full.of(1), [6]);
        assert!(full.of(2).is_empty());
        let offsets = DocValues::new(vec![0, 0, 2, 3], vec![7, 8, 9], false);
        assert!(offsets.of(0).is_empty());
        assert_eq!(offsets.of(1), [7, 8]);
        assert_eq!(offsets.of(2), [9]);
        assert!(offsets.of(3).is_empty());
        let mapped = full.map(|v| v * 2);
        assert_eq!(mapped.of(1), [12]);
        assert_eq!(mapped.range(), None);
        assert_eq!(mapped.with_range().range(), Some((10, 12)));
    }

    #[test]
    fn months_of_days_by_table_as_by_date() {
        let days: Vec<i64> = vec![-800, 59, 0, 10_956, -1, 31, 58, 60, 10_988, 11_016];
        let all = |d: Vec<i64>| DocValues::new(Vec::new(), d, true);
        let months = months_of_days(all(days.clone()), Some((-800, 11_016)), |d| d);
        for (doc, day) in days.iter().enumerate() {
            assert_eq!(
                months.of(doc as DocId),
                [month_of_day(*day) as i32],
                "day {day}"
            );
        }
        let lo = month_of_day(-800) as i32;
        assert_eq!(months.range(), Some((lo, month_of_day(11_016) as i32)));
        let wide = months_of_days(all(vec![0, 2 << 20]), Some((0, 2 << 20)), |d| d);
        assert_eq!(wide.of(1), [month_of_day(2 << 20) as i32]);
        // A day outside the given range (bounds that were wrong) still gets its month.
        let off = months_of_days(all(vec![5, 400]), Some((5, 40)), |d| d);
        assert_eq!(off.of(1), [month_of_day(400) as i32]);
        assert!(months_of_days(all(vec![]), None, |d| d).range().is_none());
    }
}
