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

use super::months::{month_of_day, DAY_SECS};

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

    /// The same documents with each value listed once (first occurrences, in order).
    fn distinct(self) -> Self
    where
        T: Copy + PartialEq,
    {
        if self.full {
            return self;
        }
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut values = Vec::with_capacity(self.values.len());
        for doc in 0..self.starts.len().saturating_sub(1) {
            starts.push(values.len() as u32);
            let first = values.len();
            for &v in self.of(doc as DocId) {
                if !values[first..].contains(&v) {
                    values.push(v);
                }
            }
        }
        starts.push(values.len() as u32);
        DocValues::new(starts, values, false)
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

/// The ordinals of the str column `field` of `reader`'s segment, per document, each listed
/// once (an article that names a person twice counts once for them).
pub fn ords(
    reader: &SegmentReader,
    field: &'static str,
    live: &[SegmentId],
) -> Arc<DocValues<u32>> {
    cached(&ORDS, reader, field, live, |r| {
        let column = r.fast_fields().str(field).ok().flatten()?;
        Some(
            decode(column.ords(), r.max_doc())
                .map(|o| o as u32)
                .distinct(),
        )
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
        let month = |t: DateTime| month_of_day(t.into_timestamp_secs().div_euclid(DAY_SECS)) as i32;
        Some(decode(&column, r.max_doc()).map(month))
    })
}

type Key = (SegmentId, &'static str);
type Cache<T> = OnceLock<Mutex<HashMap<Key, Arc<DocValues<T>>>>>;
static ORDS: Cache<u32> = OnceLock::new();
static MONTHS: Cache<i32> = OnceLock::new();

/// The cached arrays of `field` in `reader`'s segment, decoded by `make` on first use (empty
/// when the segment lacks the column).
fn cached<T: Copy + PartialOrd>(
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
    let decoded = Arc::new(decoded.with_range());
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
    fn distinct_lists_each_value_of_a_document_once() {
        let repeated = DocValues::new(vec![0, 3, 3, 5], vec![4, 2, 4, 1, 1], false);
        let once = repeated.distinct();
        assert_eq!(once.of(0), [4, 2]);
        assert!(once.of(1).is_empty());
        assert_eq!(once.of(2), [1]);
        assert!(once.of(3).is_empty());
        assert_eq!(once.with_range().range(), Some((1, 4)));
    }
}
