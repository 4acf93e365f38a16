//! The manifest: for every indexed article, the fingerprint of the file it came from.
//!
//! Read straight from the fast fields committed with the documents, so the manifest and the
//! index can never disagree.

use std::collections::HashMap;

use tantivy::columnar::StrColumn;
use tantivy::IndexReader;

use super::schema::name;
use crate::article::Fingerprint;
use crate::error::{Error, Result};

/// Article id → fingerprint of its file, for the last commit.
pub type Manifest = HashMap<String, Fingerprint>;

/// Every id of a segment's dictionary, in ordinal order. Streaming the dictionary once is far
/// cheaper than looking up each document's ordinal (a block decode per lookup).
fn all_ids(ids: &StrColumn) -> Result<Vec<String>> {
    let io = |e| Error::io("reading article ids from the index", e);
    let dictionary = ids.dictionary();
    let mut names = Vec::with_capacity(dictionary.num_terms());
    let mut stream = dictionary.stream().map_err(io)?;
    while stream.advance() {
        names.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(names)
}

/// Reads the manifest of the committed index behind `reader`.
pub fn read_manifest(reader: &IndexReader) -> Result<Manifest> {
    let searcher = reader.searcher();
    let mut manifest = Manifest::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(ids) = fast.str(name::ID)? else {
            continue;
        };
        let sizes = fast.u64(name::SIZE)?;
        let mtimes = fast.i64(name::MTIME)?;
        let hashes = fast.u64(name::HASH)?;
        let derived = fast.u64(name::DERIVED)?;
        let names = all_ids(&ids)?;
        for doc in segment.doc_ids_alive() {
            let Some(id) = ids
                .term_ords(doc)
                .next()
                .and_then(|ord| names.get(ord as usize))
            else {
                continue;
            };
            let fingerprint = Fingerprint {
                size: sizes.first(doc).unwrap_or(0),
                mtime_ns: mtimes.first(doc).unwrap_or(0),
                hash: hashes.first(doc).unwrap_or(0),
                derived: derived.first(doc).unwrap_or(0),
            };
            manifest.insert(id.clone(), fingerprint);
        }
    }
    Ok(manifest)
}
