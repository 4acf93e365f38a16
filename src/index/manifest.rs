//! The manifest: for every indexed article, the fingerprint of the file it came from.
//!
//! Read straight from the fast fields committed with the documents, so the manifest and the
//! index can never disagree. It is looked up, never loaded: the build walks the corpus in the
//! byte order of ids, and each segment's id dictionary is sorted the same way, so one forward
//! cursor per segment answers every lookup of a run. What a build holds per indexed article is
//! an ordinal → document table entry and a seen bit (about 4 bytes), not the id itself, so its
//! memory does not grow with the length of paths. A lookup out of order costs a seek, not a
//! wrong answer.

use std::collections::BTreeSet;

use tantivy::columnar::{Column, StrColumn, Streamer};
use tantivy::{BitSet, Searcher};

use super::schema::name;
use crate::article::Fingerprint;
use crate::error::{Error, Result};

/// Marks an ordinal with no alive document.
const NO_DOC: u32 = u32::MAX;

/// The fingerprints of the committed index a build compares the corpus with.
pub struct Manifest {
    segments: Vec<SegmentIds>,
}

/// One segment's ids and fingerprint columns.
struct SegmentIds {
    ids: StrColumn,
    /// The alive document of each id ordinal (`NO_DOC` for ids of deleted documents).
    docs: Vec<u32>,
    sizes: Column<u64>,
    mtimes: Column<i64>,
    hashes: Column<u64>,
    derived: Column<u64>,
}

fn io_error(e: std::io::Error) -> Error {
    Error::io("reading article ids from the index", e)
}

impl Manifest {
    /// The manifest of the commit `searcher` sees.
    pub fn open(searcher: &Searcher) -> Result<Self> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let Some(ids) = fast.str(name::ID)? else {
                continue;
            };
            let mut docs = vec![NO_DOC; ids.dictionary().num_terms()];
            for doc in segment.doc_ids_alive() {
                if let Some(slot) = ids
                    .term_ords(doc)
                    .next()
                    .and_then(|o| docs.get_mut(o as usize))
                {
                    *slot = doc;
                }
            }
            segments.push(SegmentIds {
                docs,
                sizes: fast.u64(name::SIZE)?,
                mtimes: fast.i64(name::MTIME)?,
                hashes: fast.u64(name::HASH)?,
                derived: fast.u64(name::DERIVED)?,
                ids,
            });
        }
        Ok(Manifest { segments })
    }

    /// How many indexed articles have an id.
    pub fn len(&self) -> u64 {
        let alive = |s: &SegmentIds| s.docs.iter().filter(|d| **d != NO_DOC).count() as u64;
        self.segments.iter().map(alive).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A lookup session: cursors at the start of every segment, nothing seen yet.
    pub fn lookup(&self) -> Result<Lookup<'_>> {
        let cursors = self
            .segments
            .iter()
            .map(Cursor::new)
            .collect::<std::io::Result<_>>()
            .map_err(io_error)?;
        Ok(Lookup { cursors })
    }
}

impl SegmentIds {
    fn fingerprint(&self, doc: u32) -> Fingerprint {
        Fingerprint {
            size: self.sizes.first(doc).unwrap_or(0),
            mtime_ns: self.mtimes.first(doc).unwrap_or(0),
            hash: self.hashes.first(doc).unwrap_or(0),
            derived: self.derived.first(doc).unwrap_or(0),
        }
    }
}

/// Looks ids up, fastest in ascending byte order, and remembers which ones it returned.
pub struct Lookup<'m> {
    cursors: Vec<Cursor<'m>>,
}

impl Lookup<'_> {
    /// The fingerprint indexed for `id`, if any.
    pub fn get(&mut self, id: &str) -> Result<Option<Fingerprint>> {
        let mut found = None;
        for cursor in &mut self.cursors {
            cursor.seek(id.as_bytes()).map_err(io_error)?;
            if cursor.valid && cursor.stream.key() == id.as_bytes() {
                if let Some(doc) = cursor.take() {
                    found = found.or(Some(cursor.segment.fingerprint(doc)));
                }
            }
        }
        Ok(found)
    }

    /// Every indexed id that starts with `prefix`, which must end in `#` (the records of a
    /// multi-article file), with its fingerprint.
    pub fn under(&mut self, prefix: &str) -> Result<Vec<(String, Fingerprint)>> {
        debug_assert!(prefix.ends_with('#'));
        let mut found = Vec::new();
        for cursor in &mut self.cursors {
            cursor.seek(prefix.as_bytes()).map_err(io_error)?;
            while cursor.valid && cursor.stream.key().starts_with(prefix.as_bytes()) {
                if let Some(doc) = cursor.take() {
                    let id = String::from_utf8_lossy(cursor.stream.key()).into_owned();
                    found.push((id, cursor.segment.fingerprint(doc)));
                }
                cursor.valid = cursor.stream.advance();
            }
            // Every key before the cursor is below the first key past the prefix range.
            cursor.floor.pop();
            cursor.floor.push(b'#' + 1);
        }
        Ok(found)
    }

    /// The indexed ids this session never returned, sorted: the articles whose file is gone.
    pub fn unseen(self) -> Result<Vec<String>> {
        let mut out = BTreeSet::new();
        for cursor in self.cursors {
            cursor.collect_unseen(&mut out).map_err(io_error)?;
        }
        Ok(out.into_iter().collect())
    }
}

/// A forward cursor over one segment's id dictionary.
struct Cursor<'m> {
    segment: &'m SegmentIds,
    stream: Streamer<'m>,
    /// Whether the stream is on a key (false past the end).
    valid: bool,
    /// Every key before the cursor is below `floor`; the key at the cursor is not.
    floor: Vec<u8>,
    /// Ordinals returned by a lookup.
    seen: BitSet,
}

impl<'m> Cursor<'m> {
    fn new(segment: &'m SegmentIds) -> std::io::Result<Self> {
        let mut stream = segment.ids.dictionary().stream()?;
        let valid = stream.advance();
        Ok(Cursor {
            segment,
            stream,
            valid,
            floor: Vec::new(),
            seen: BitSet::with_max_value(segment.docs.len() as u32),
        })
    }

    /// Moves to the first key at or after `target`: forward when `target` is not below the
    /// floor (the common, sorted case), else by a fresh seek.
    fn seek(&mut self, target: &[u8]) -> std::io::Result<()> {
        if target < self.floor.as_slice() {
            let dictionary = self.segment.ids.dictionary();
            self.stream = dictionary.range().ge(target).into_stream()?;
            self.valid = self.stream.advance();
        } else {
            while self.valid && self.stream.key() < target {
                self.valid = self.stream.advance();
            }
        }
        self.floor.clear();
        self.floor.extend_from_slice(target);
        Ok(())
    }

    /// The alive document of the key at the cursor, marking it seen.
    fn take(&mut self) -> Option<u32> {
        let ord = self.stream.term_ord() as u32;
        let doc = *self.segment.docs.get(ord as usize)?;
        (doc != NO_DOC).then(|| {
            self.seen.insert(ord);
            doc
        })
    }

    /// Adds the ids of alive documents no lookup returned; streams the dictionary only when
    /// there are some.
    fn collect_unseen(&self, out: &mut BTreeSet<String>) -> std::io::Result<()> {
        let unseen =
            |ord: usize| self.segment.docs[ord] != NO_DOC && !self.seen.contains(ord as u32);
        if !(0..self.segment.docs.len()).any(unseen) {
            return Ok(());
        }
        let mut stream = self.segment.ids.dictionary().stream()?;
        while stream.advance() {
            if unseen(stream.term_ord() as usize) {
                out.insert(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::build_schema;
    use tantivy::{doc, Index, IndexWriter, Term};

    /// An index of `segments`, each committed separately, then `deleted` ids removed.
    fn index(segments: &[&[(&str, u64)]], deleted: &[&str]) -> Index {
        let schema = build_schema();
        let index = Index::create_in_ram(schema.clone());
        let field = |n| schema.get_field(n).expect("schema field");
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("w");
        for docs in segments {
            for (id, size) in *docs {
                writer
                    .add_document(doc!(field(name::ID) => *id, field(name::SIZE) => *size))
                    .expect("add");
            }
            writer.commit().expect("commit");
        }
        for id in deleted {
            writer.delete_term(Term::from_field_text(field(name::ID), id));
        }
        writer.commit().expect("commit");
        index
    }

    fn manifest(index: &Index) -> Manifest {
        Manifest::open(&index.reader().expect("reader").searcher()).expect("manifest")
    }

    fn size(lookup: &mut Lookup<'_>, id: &str) -> Option<u64> {
        lookup.get(id).expect("lookup").map(|f| f.size)
    }

    #[test]
    fn finds_ids_in_any_order_across_segments() {
        let idx = index(
            &[&[("a.txt", 1), ("c.txt", 3)], &[("b.txt", 2), ("d.txt", 4)]],
            &[],
        );
        let m = manifest(&idx);
        assert_eq!(m.len(), 4);
        let mut l = m.lookup().expect("lookup");
        assert_eq!(size(&mut l, "b.txt"), Some(2));
        assert_eq!(size(&mut l, "d.txt"), Some(4));
        // Out of order: a seek back, still right.
        assert_eq!(size(&mut l, "a.txt"), Some(1));
        assert_eq!(size(&mut l, "a.txt"), Some(1));
        assert_eq!(size(&mut l, "zz.txt"), None);
        assert_eq!(size(&mut l, "aa.txt"), None);
        assert_eq!(l.unseen().expect("unseen"), ["c.txt"]);
    }

    #[test]
    fn deleted_documents_are_neither_found_nor_unseen() {
        let idx = index(&[&[("a.txt", 1), ("b.txt", 2), ("c.txt", 3)]], &["b.txt"]);
        let m = manifest(&idx);
        assert_eq!(m.len(), 2);
        let mut l = m.lookup().expect("lookup");
        assert_eq!(size(&mut l, "b.txt"), None);
        assert_eq!(l.unseen().expect("unseen"), ["a.txt", "c.txt"]);
    }

    #[test]
    fn under_returns_the_records_of_one_file_only() {
        let idx = index(
            &[
                &[("n.jsonl#line-1", 1), ("n.jsonl copy.txt", 9)],
                &[("n.jsonl#line-2", 2), ("n.jsonlx#line-1", 5), ("m.txt", 7)],
            ],
            &[],
        );
        let m = manifest(&idx);
        let mut l = m.lookup().expect("lookup");
        assert_eq!(size(&mut l, "m.txt"), Some(7));
        let mut records: Vec<_> = l
            .under("n.jsonl#")
            .expect("under")
            .into_iter()
            .map(|(id, f)| (id, f.size))
            .collect();
        records.sort();
        let want = [
            ("n.jsonl#line-1".to_string(), 1),
            ("n.jsonl#line-2".into(), 2),
        ];
        assert_eq!(records, want);
        // A file that sorts between the file and its records is still found (by a seek).
        assert_eq!(size(&mut l, "n.jsonl copy.txt"), Some(9));
        assert_eq!(l.unseen().expect("unseen"), ["n.jsonlx#line-1"]);
    }

    #[test]
    fn an_empty_index_has_nothing_to_find() {
        let idx = index(&[], &[]);
        let m = manifest(&idx);
        assert!(m.is_empty());
        let mut l = m.lookup().expect("lookup");
        assert_eq!(size(&mut l, "a.txt"), None);
        assert!(l.under("a.jsonl#").expect("under").is_empty());
        assert!(l.unseen().expect("unseen").is_empty());
    }
}
