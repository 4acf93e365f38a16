//! The values of a segment's label column, decoded once per process.
//!
//! The column's dictionary is an sstable of ~4 KB zstd-compressed blocks: turning one ordinal
//! into its string decompresses a whole block, and the few hundred ordinals a facet count needs
//! are spread over nearly every block of every segment (about 5 ms on the 300,000-article
//! index, whatever the query). Decoding the dictionary once into one buffer costs about the
//! same, and later lookups are free. Segments never change, so the decoded values are kept per
//! segment id for the life of the process, with the process-wide id of each value (see
//! `ids.rs`) once the merge has looked it up; values of segments no longer searched are
//! dropped when a new segment is decoded.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::SegmentReader;

use super::ids::{self, Registry, UNKNOWN};

/// A segment's values in ordinal order (which is byte order).
#[derive(Debug)]
pub struct Names {
    text: String,
    /// End of each value in `text`.
    ends: Vec<usize>,
    /// The registry of the field's values, and the id there of each ordinal ([`UNKNOWN`]
    /// until looked up).
    pub(super) registry: Arc<Mutex<Registry>>,
    pub(super) ids: Mutex<Vec<u32>>,
}

impl Names {
    /// Decodes every value of `column` (none without it) of the field `field`.
    fn decode(column: Option<&StrColumn>, field: &'static str) -> Names {
        let mut names = Names {
            text: String::new(),
            ends: Vec::new(),
            registry: ids::of(field),
            ids: Mutex::default(),
        };
        if let Some(mut stream) = column.and_then(|c| c.dictionary().stream().ok()) {
            while stream.advance() {
                names.text.push_str(&String::from_utf8_lossy(stream.key()));
                names.ends.push(names.text.len());
            }
        }
        names.ids = Mutex::new(vec![UNKNOWN; names.ends.len()]);
        names
    }

    /// Number of values (ordinals run from 0 to this).
    pub fn len(&self) -> usize {
        self.ends.len()
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
}

type Key = (SegmentId, &'static str);

fn cache() -> &'static Mutex<HashMap<Key, Arc<Names>>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Names>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The decoded values of the str fast field `field` in `reader`'s segment (none when it lacks
/// the column); `live` are the segments currently searched (entries for others are dropped).
pub fn of(
    reader: &SegmentReader,
    field: &'static str,
    live: &[SegmentId],
) -> tantivy::Result<Arc<Names>> {
    let key = (reader.segment_id(), field);
    if let Some(names) = ids::lock(cache()).get(&key).cloned() {
        return Ok(names);
    }
    let column = reader.fast_fields().str(field)?;
    let names = Arc::new(Names::decode(column.as_ref(), field));
    let mut c = ids::lock(cache());
    c.retain(|(id, _), _| live.contains(id));
    c.insert(key, names.clone());
    Ok(names)
}
