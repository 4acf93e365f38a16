//! `newsidx compact`: merges an index's segments into one, for archives searched far more
//! often than they change.
//!
//! A build caps merged segments at 30,000 articles to keep its memory flat, so a 300,000-article
//! index has a dozen segments, and a one-shot search opens every file of each (a page fault or
//! more per file) and runs its query once per segment. One segment: one-shot `oil prices`
//! searches on the generated 300k corpus 20.5 → 13.7 ms, index 779 → 713 MB; the merge took
//! 27 s at 819 MB peak RSS (the segments it reads are mapped into memory), which is why a
//! build does not do it by itself.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter};

use super::stats::folder_bytes;
use crate::error::Result;

/// The writer's memory budget: a merge adds no documents, so tantivy's minimum will do.
const MERGE_BUDGET: usize = 15_000_000;

/// What a compaction did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Compacted {
    pub index: String,
    pub segments_before: usize,
    pub segments_after: usize,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub elapsed_secs: f64,
}

/// Merges every segment of the index at `dir` into one (dropping deleted articles) and
/// removes the files no longer used. The commit's newsidx metadata is kept, so the next build
/// finds every article unchanged. The caller holds the build lock.
pub fn compact(index: &Index, dir: &Path) -> Result<Compacted> {
    let start = Instant::now();
    let ids = index.searchable_segment_ids()?;
    let bytes_before = folder_bytes(dir);
    if ids.len() > 1 {
        let mut writer: IndexWriter = index.writer_with_num_threads(1, MERGE_BUDGET)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        writer.merge(&ids).wait()?;
        writer.garbage_collect_files().wait()?;
        writer.wait_merging_threads()?;
    }
    Ok(Compacted {
        index: dir.display().to_string(),
        segments_before: ids.len(),
        segments_after: index.searchable_segment_ids()?.len(),
        bytes_before,
        bytes_after: folder_bytes(dir),
        elapsed_secs: start.elapsed().as_secs_f64(),
    })
}
