//! The account of a build: what changed, what was skipped and why, and how long it took.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::article::SkipReason;

/// Counts of one unit of committed work (a checkpoint, or the whole run).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// New articles indexed.
    pub added: u64,
    /// Articles whose file changed, re-indexed.
    pub updated: u64,
    /// Articles whose file is gone (or no longer holds an article), removed.
    pub removed: u64,
    /// Articles unchanged: files with the same size and mtime or content hash, and records of
    /// multi-article files whose own bytes did not change.
    pub unchanged: u64,
    pub skipped: u64,
    /// Skips by reason: `unreadable`, `empty`, `binary`, `too_large`, `no_headline`, and for
    /// records of multi-article files `no_body`, `malformed`, `duplicate_id`.
    pub skipped_by_reason: BTreeMap<&'static str, u64>,
    /// Articles added or updated without a date.
    pub without_date: u64,
    pub warnings: u64,
}

impl Counts {
    /// Records one skipped file.
    pub fn skip(&mut self, reason: SkipReason) {
        self.skipped += 1;
        *self.skipped_by_reason.entry(reason.name()).or_default() += 1;
    }

    /// Adds `other` into `self`.
    pub fn absorb(&mut self, other: Counts) {
        self.added += other.added;
        self.updated += other.updated;
        self.removed += other.removed;
        self.unchanged += other.unchanged;
        self.skipped += other.skipped;
        for (reason, n) in other.skipped_by_reason {
            *self.skipped_by_reason.entry(reason).or_default() += n;
        }
        self.without_date += other.without_date;
        self.warnings += other.warnings;
    }
}

/// What a build did; printed as one line, or as one JSON object with `--json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildSummary {
    /// Absolute path of the corpus.
    pub corpus: String,
    pub index: String,
    /// Article files found by the walk.
    pub files: u64,
    /// Articles written this run: added + updated.
    pub indexed: u64,
    #[serde(flatten)]
    pub counts: Counts,
    /// Files under the corpus that are not articles (other extensions, README files).
    pub ignored: u64,
    /// Articles in the index after the run.
    pub articles: u64,
    /// Commits made before the final one.
    pub checkpoints: u64,
    /// True for `--full` rebuilds.
    pub full: bool,
    /// True when Ctrl-C stopped the build; work after the last checkpoint was not committed.
    pub interrupted: bool,
    pub elapsed_secs: f64,
    /// Articles added or updated per second of elapsed time.
    pub articles_per_sec: f64,
}

impl BuildSummary {
    /// Sets `indexed` and the timing fields.
    pub fn finish(&mut self, elapsed: Duration) {
        self.indexed = self.counts.added + self.counts.updated;
        self.elapsed_secs = elapsed.as_secs_f64();
        self.articles_per_sec = self.indexed as f64 / self.elapsed_secs.max(1e-9);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorb_adds_counts_and_reasons() {
        let mut a = Counts::default();
        a.skip(SkipReason::Empty);
        let mut b = Counts {
            added: 2,
            ..Counts::default()
        };
        b.skip(SkipReason::Empty);
        b.skip(SkipReason::Binary);
        a.absorb(b);
        assert_eq!((a.added, a.skipped), (2, 3));
        assert_eq!(a.skipped_by_reason["empty"], 2);
        assert_eq!(a.skipped_by_reason["binary"], 1);
    }
}
