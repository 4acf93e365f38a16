//! Which segments a build merges, and how large a merge may grow.
//!
//! A search visits every segment (a one-shot `newsidx search` opens a few files of each), so an
//! archive should not be left in many small segments; but a merge reads its inputs through
//! memory-mapped files, which count in the build's resident memory. So no merge reads more
//! than the writer's memory budget (`--memory`), and merges run one at a time: a build's peak
//! resident memory stays near twice the budget, whatever the corpus size.
//!
//! Small segments (those of nightly updates) are merged by tantivy's log policy, eight of a
//! size at a time. Segments of an eighth of the budget or more (a big first build flushes
//! ~67 MB ones at the default 256 MB budget and two threads) would rarely find eight of a size
//! within the limit, so they are merged a few at a time, smallest first, until a segment holds
//! half the budget or more and counts as full.

use std::path::{Path, PathBuf};

use tantivy::index::{SegmentComponent, SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The fewest large segments worth merging at once: merging two of a size rewrites every
/// article for each halving of the count, so wait for three.
const MIN_LARGE_MERGE: usize = 3;

/// tantivy's log merge policy for small segments, plus size-tiered merges of large ones, with
/// no merge reading more than `max_bytes`.
#[derive(Debug)]
pub struct SizedMergePolicy {
    log: LogMergePolicy,
    /// The index folder, where segment files are measured.
    dir: PathBuf,
    /// The most bytes of segment files one merge may read.
    max_bytes: u64,
}

impl SizedMergePolicy {
    pub fn new(dir: &Path, max_bytes: u64) -> SizedMergePolicy {
        let mut log = LogMergePolicy::default();
        // Segments where updates left many deleted documents are merged sooner.
        log.set_del_docs_ratio_before_merge(0.3);
        SizedMergePolicy {
            log,
            dir: dir.to_path_buf(),
            max_bytes,
        }
    }

    /// Bytes of a segment's files that are still live (the share of its documents not deleted).
    fn live_bytes(&self, segment: &SegmentMeta) -> u64 {
        use SegmentComponent::*;
        let bytes: u64 = [Postings, Positions, Terms, Store, FastFields, FieldNorms]
            .into_iter()
            .filter_map(|c| std::fs::metadata(self.dir.join(segment.relative_path(c))).ok())
            .map(|m| m.len())
            .sum();
        let max_doc = u64::from(segment.max_doc().max(1));
        bytes * u64::from(segment.num_docs()) / max_doc
    }
}

impl MergePolicy for SizedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sized: Vec<(SegmentId, u64)> = segments
            .iter()
            .map(|s| (s.id(), self.live_bytes(s)))
            .collect();
        let bytes = |id: &SegmentId| sized.iter().find(|s| s.0 == *id).map_or(0, |s| s.1);
        let small: Vec<MergeCandidate> = self
            .log
            .compute_merge_candidates(segments)
            .into_iter()
            .filter(|c| c.0.iter().map(bytes).sum::<u64>() <= self.max_bytes)
            .collect();
        if !small.is_empty() {
            return small;
        }
        large_merge(&sized, self.max_bytes)
            .map(MergeCandidate)
            .into_iter()
            .collect()
    }
}

/// The smallest large segments (an eighth of `max_bytes` or more) that are not full (half or
/// more), as many as fit in `max_bytes`, when that is at least [`MIN_LARGE_MERGE`] of them.
fn large_merge(sized: &[(SegmentId, u64)], max_bytes: u64) -> Option<Vec<SegmentId>> {
    let large = max_bytes / 8..max_bytes / 2;
    let mut open: Vec<&(SegmentId, u64)> = sized.iter().filter(|s| large.contains(&s.1)).collect();
    open.sort_by_key(|s| s.1);
    let mut total = 0;
    let take = open
        .iter()
        .take_while(|s| {
            total += s.1;
            total <= max_bytes
        })
        .count();
    (take >= MIN_LARGE_MERGE).then(|| open[..take].iter().map(|s| s.0).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1_000_000;

    fn segments(sizes: &[u64]) -> Vec<(SegmentId, u64)> {
        sizes
            .iter()
            .map(|&s| (SegmentId::generate_random(), s * MB))
            .collect()
    }

    /// The sizes (MB) of the segments `large_merge` picks, smallest first.
    fn picked(sizes: &[u64]) -> Vec<u64> {
        let sized = segments(sizes);
        let ids = large_merge(&sized, 256 * MB).unwrap_or_default();
        let mut out: Vec<u64> = sized
            .iter()
            .filter(|s| ids.contains(&s.0))
            .map(|s| s.1 / MB)
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn merges_the_smallest_segments_that_fit_under_the_limit() {
        // Four flushes of a big build, 67 MB each: three fit in the 256 MB limit, the fourth waits.
        assert_eq!(picked(&[67, 67, 67, 67]), [67, 67, 67]);
        assert_eq!(picked(&[90, 40, 60, 35, 100]), [35, 40, 60, 90]);
    }

    #[test]
    fn leaves_full_segments_and_fewer_than_three_alone() {
        assert!(picked(&[67, 67]).is_empty());
        assert!(picked(&[150, 67, 67]).is_empty(), "150 MB is full");
        assert!(
            picked(&[100, 100, 100]).is_empty(),
            "only two fit in the limit"
        );
        assert_eq!(picked(&[120, 190, 40, 50, 60]), [40, 50, 60]);
    }

    #[test]
    fn leaves_small_segments_to_the_log_policy() {
        // A nightly update's 8 MB segment does not make two big ones worth rewriting.
        assert!(picked(&[8, 67, 67]).is_empty());
        assert_eq!(picked(&[8, 40, 67, 67]), [40, 67, 67]);
    }

    /// A policy over segments whose files (one `.store` each, of the given MB) are on disk.
    fn policy_over(sizes: &[(u64, u32, u32)]) -> (tempfile::TempDir, Vec<SegmentMeta>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = tantivy::Index::create_in_ram(crate::index::schema::build_schema());
        let metas = sizes
            .iter()
            .map(|&(mb, docs, deleted)| {
                let mut meta = index.new_segment_meta(SegmentId::generate_random(), docs);
                if deleted > 0 {
                    meta = meta.with_delete_meta(deleted, 1);
                }
                let file = std::fs::File::create(
                    dir.path().join(meta.relative_path(SegmentComponent::Store)),
                )
                .expect("segment file");
                file.set_len(mb * MB).expect("sparse file");
                meta
            })
            .collect();
        (dir, metas)
    }

    /// The sizes (MB) of the segments of each merge the policy asks for.
    fn merges(sizes: &[(u64, u32, u32)]) -> Vec<Vec<u64>> {
        let (dir, metas) = policy_over(sizes);
        let policy = SizedMergePolicy::new(dir.path(), 256 * MB);
        let size = |id: &SegmentId| {
            let i = metas.iter().position(|m| m.id() == *id).expect("known id");
            sizes[i].0
        };
        let mut out: Vec<Vec<u64>> = policy
            .compute_merge_candidates(&metas)
            .iter()
            .map(|c| {
                let mut v: Vec<u64> = c.0.iter().map(size).collect();
                v.sort_unstable();
                v
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_policy_measures_segment_files_on_disk() {
        // Four of a big first build's flushes: three are merged, the fourth waits.
        let flushes = [(67, 25_000, 0); 4];
        assert_eq!(merges(&flushes), [vec![67, 67, 67]]);
        // Deleted documents do not count: 30% of 130 MB deleted leaves 91 MB, not full.
        assert_eq!(
            merges(&[(130, 50_000, 15_000), (67, 25_000, 0), (67, 25_000, 0)]),
            [vec![67, 67, 130]]
        );
        // Eight small segments of a size go to the log policy; eight large ones would read
        // 320 MB, so six are merged instead.
        assert_eq!(merges(&[(1, 3_000, 0); 8]), [vec![1; 8]]);
        assert_eq!(merges(&[(40, 3_000, 0); 8]), [vec![40; 6]]);
    }
}
