//! The manifest: for every indexed article, the fingerprint of the file it came from.
//!
//! Read straight from the fast fields committed with the documents, so the manifest and the
//! index can never disagree.

use std::collections::HashMap;

use tantivy::IndexReader;

use super::schema::name;
use crate::article::Fingerprint;
use crate::error::{Error, Result};

/// Article id → fingerprint of its file, for the last commit.
pub type Manifest = HashMap<String, Fingerprint>;

/// Reads the manifest of the committed index behind `reader`.
pub fn read_manifest(reader: &IndexReader) -> Result<Manifest> {
    let searcher = reader.searcher();
    let mut manifest = Manifest::with_capacity(searcher.num_docs() as usize);
    let mut id = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(ids) = fast.str(name::ID)? else {
            continue;
        };
        let sizes = fast.u64(name::SIZE)?;
        let mtimes = fast.i64(name::MTIME)?;
        let hashes = fast.u64(name::HASH)?;
        let derived = fast.u64(name::DERIVED)?;
        for doc in segment.doc_ids_alive() {
            let Some(ord) = ids.term_ords(doc).next() else {
                continue;
            };
            id.clear();
            ids.ord_to_str(ord, &mut id)
                .map_err(|e| Error::io("reading article ids from the index", e))?;
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
