//! The values of a segment's label column, decoded once per process.
//!
//! The column's dictionary is an sstable of ~4 KB zstd-compressed blocks: turning one ordinal
//! into its string decompresses a whole block, and the few hundred ordinals a facet count needs
//! are spread over nearly every block of every segment (about 5 ms on the 300,000-article
//! index, whatever the query). Decoding the dictionary once into one buffer costs about the
//! same, and later lookups are free. Segments never change, so the decoded values are kept per
//! segment id for the life of the process; values of segments no longer searched are dropped
//! when a new segment is decoded.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;

/// A segment's values in ordinal order (which is byte order).
#[derive(Debug, Default)]
pub struct Names {
    text: String,
    /// End of each value in `text`.
    ends: Vec<usize>,
}

impl Names {
    /// Decodes every value of `column`.
    fn decode(column: &StrColumn) -> Names {
        let mut names = Names::default();
        let Ok(mut stream) = column.dictionary().stream() else {
            return names;
        };
        while stream.advance() {
            names.text.push_str(&String::from_utf8_lossy(stream.key()));
            names.ends.push(names.text.len());
        }
        names
    }

    /// The value of ordinal `ord` ("" when out of range).
    pub fn get(&self, ord: u64) -> &str {
        let i = ord as usize;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..end]
    }

    /// The ordinal of `value`, if the segment has it.
    pub fn ord(&self, value: &str) -> Option<u64> {
        let mut lo = 0;
        let mut hi = self.ends.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid as u64).as_bytes().cmp(value.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u64),
            }
        }
        None
    }
}

type Key = (SegmentId, &'static str);

fn cache() -> &'static Mutex<HashMap<Key, Arc<Names>>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Names>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The decoded values of `field` in `segment`, whose column is `column`; `live` are the
/// segments currently searched (entries for others are dropped).
pub fn of(
    segment: SegmentId,
    field: &'static str,
    column: &StrColumn,
    live: &[SegmentId],
) -> Arc<Names> {
    let key = (segment, field);
    if let Some(names) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return names;
    }
    let names = Arc::new(Names::decode(column));
    if let Ok(mut c) = cache().lock() {
        c.retain(|(id, _), _| live.contains(id));
        c.insert(key, names.clone());
    }
    names
}
