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
        let mut bytes = Vec::new();
        if let Some(mut stream) = column.and_then(|c| c.dictionary().stream().ok()) {
            while stream.advance() {
                bytes.extend_from_slice(stream.key());
                names.ends.push(bytes.len());
            }
        }
        names.text = text_of(bytes, &mut names.ends);
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

    /// The ordinal of `value`, if the segment has it (values are in byte order).
    pub fn ord(&self, value: &str) -> Option<u64> {
        let (mut lo, mut hi) = (0, self.ends.len());
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

/// The values `bytes` (each ending at its `ends`) as one string. A str column's values come
/// from Rust strings, so they are UTF-8 and the whole buffer is checked at once (checking value
/// by value, as `from_utf8_lossy` does, cost a tenth of a one-shot `search --facets`); a
/// damaged dictionary is still read, value by value with replacement characters, fixing `ends`.
fn text_of(bytes: Vec<u8>, ends: &mut [usize]) -> String {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len());
    let mut start = 0;
    for end in ends.iter_mut() {
        text.push_str(&String::from_utf8_lossy(&bytes[start..*end]));
        start = *end;
        *end = text.len();
    }
    text
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(values: &[&[u8]]) -> Names {
        let mut ends = Vec::new();
        let mut bytes = Vec::new();
        for v in values {
            bytes.extend_from_slice(v);
            ends.push(bytes.len());
        }
        let text = text_of(bytes, &mut ends);
        Names {
            text,
            ends,
            registry: ids::of("test field"),
            ids: Mutex::default(),
        }
    }

    #[test]
    fn values_by_ordinal_and_ordinals_by_value() {
        let n = names(&[b"Ann Lee", b"Bo Chan", b"Zo\xc3\xab"]);
        assert_eq!(
            (n.len(), n.get(0), n.get(2), n.get(3)),
            (3, "Ann Lee", "Zo\u{eb}", "")
        );
        for (value, ord) in [
            ("Ann Lee", Some(0)),
            ("Bo Chan", Some(1)),
            ("Zo\u{eb}", Some(2)),
        ] {
            assert_eq!(n.ord(value), ord, "{value}");
        }
        assert_eq!((n.ord(""), n.ord("Bo"), n.ord("Zz")), (None, None, None));
    }

    #[test]
    fn damaged_values_are_read_with_replacement_characters() {
        let n = names(&[b"Ann", b"B\xffo", b"\xc3", b"Cy"]);
        let got: Vec<&str> = (0..4).map(|o| n.get(o)).collect();
        assert_eq!(got, ["Ann", "B\u{fffd}o", "\u{fffd}", "Cy"]);
    }
}
