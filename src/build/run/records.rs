//! A changed multi-article file, record by record: a record whose bytes hash as before is
//! left alone (not even extracted), a changed one is rewritten, a new one added, and an
//! indexed record the file no longer holds is removed, unless the file ends early (then the
//! missing records may be in the lost part and are kept).

use std::collections::HashSet;

use super::{skip_message, Job, Outcome};
use crate::article::multi::record_id;
use crate::article::multi::Records;
use crate::article::record::Draft;
use crate::article::{load_record, read_records, skipped_record, Fingerprint};
use crate::article::{SkipReason, Skipped};
use crate::build::plan::Candidate;
use crate::build::summary::Counts;
use crate::error::Result;
use crate::index::ArticleWriter;

/// Compares and writes the records of one candidate file. An interrupt stops it between
/// records (a file can hold millions); what it wrote is then never committed.
pub(super) fn process(c: &Candidate, job: &Job<'_>) -> Result<Outcome> {
    let mut read = match read_records(&c.file, c.file.format, &job.opts.load) {
        Ok(read) => read,
        Err(skipped) => return Ok(skip_file(c, skipped, job.writer)),
    };
    let mut pass = Pass {
        c,
        job,
        base: read.base,
        counts: Counts::default(),
        messages: Vec::new(),
        anchored: false,
        first: None,
    };
    let seen = pass.records(&mut read.records)?;
    if job.interrupted() {
        return Ok(Outcome::Records(pass.counts, pass.messages));
    }
    let warnings = read.records.warnings(&c.file.rel);
    pass.counts.warnings += warnings.len() as u64;
    pass.messages.extend(warnings);
    if read.records.complete() {
        for id in c.records.keys().filter(|id| !seen.contains(id.as_str())) {
            job.writer.delete(id);
            pass.counts.removed += 1;
        }
    }
    pass.anchor()?;
    Ok(Outcome::Records(pass.counts, pass.messages))
}

/// Records between two progress notes on a long file.
const NOTE_EVERY: u64 = 1_000;

/// The state of one file's pass over its records.
struct Pass<'r> {
    c: &'r Candidate,
    job: &'r Job<'r>,
    /// The file's size and mtime now.
    base: Fingerprint,
    counts: Counts,
    messages: Vec<String>,
    /// Some record indexed for this file carries its current size and mtime.
    anchored: bool,
    /// The file's first good record, for `anchor`.
    first: Option<Draft>,
}

impl Pass<'_> {
    /// Handles every record; returns the ids seen that were indexed before.
    fn records(&mut self, records: &mut Records<'_>) -> Result<HashSet<String>> {
        let rel = &self.c.file.rel;
        let mut seen = HashSet::new();
        let mut noted = false;
        for (n, record) in (1..).zip(records) {
            if self.job.interrupted() {
                break;
            }
            if n % NOTE_EVERY == 0 {
                self.job.progress.note(&format!("{rel}: {n} records"));
                noted = true;
            }
            match record {
                Ok(draft) => {
                    let id = record_id(rel, &draft.key);
                    self.record(&id, &draft)?;
                    // Only indexed ids can go missing: a first build keeps no list.
                    if self.c.records.contains_key(&id) {
                        seen.insert(id);
                    }
                    if self.first.is_none() {
                        self.first = Some(draft);
                    }
                }
                Err(bad) => {
                    let skipped = skipped_record(rel, &bad);
                    self.counts.skip(skipped.reason);
                    self.counts.warnings += 1;
                    self.messages.push(skip_message(&skipped));
                }
            }
        }
        if noted {
            self.job.progress.note("");
        }
        Ok(seen)
    }

    /// One good record: unchanged when its bytes (and, when settings changed, its derived
    /// fields) are as indexed; else written.
    fn record(&mut self, id: &str, draft: &Draft) -> Result<()> {
        let previous = self.c.records.get(id).copied();
        let same_bytes = previous.is_some_and(|p| p.hash == draft.hash);
        let current = |p: Fingerprint| p.size == self.base.size && p.mtime_ns == self.base.mtime_ns;
        if same_bytes && !self.job.reextract {
            self.anchored |= previous.is_some_and(current);
            self.counts.unchanged += 1;
            return Ok(());
        }
        let loaded = load_record(&self.c.file.rel, draft, self.base, &self.job.opts.load);
        let same_derived =
            previous.is_some_and(|p| p.derived == loaded.article.fingerprint.derived);
        if same_bytes && same_derived && !self.job.reanalyse {
            self.anchored |= previous.is_some_and(current);
            self.counts.unchanged += 1;
            return Ok(());
        }
        match previous {
            Some(_) => {
                self.job.writer.upsert(&loaded.article)?;
                self.counts.updated += 1;
            }
            None => {
                self.job.writer.add(&loaded.article)?;
                self.counts.added += 1;
            }
        }
        self.anchored = true;
        self.counts.without_date += u64::from(loaded.article.date.is_none());
        self.counts.warnings += loaded.warnings.len() as u64;
        self.messages.extend(loaded.warnings);
        Ok(())
    }

    /// When no written or kept record carries the file's current size and mtime (a touch, or
    /// an edit that only removed records), the first record is rewritten with them: the plan
    /// finds the file unchanged next time instead of reading it on every run.
    fn anchor(&mut self) -> Result<()> {
        if self.anchored {
            return Ok(());
        }
        let Some(draft) = &self.first else {
            return Ok(());
        };
        let loaded = load_record(&self.c.file.rel, draft, self.base, &self.job.opts.load);
        self.job.writer.upsert(&loaded.article)
    }
}

/// A file that could not be read at all: its records are kept when it still exists but
/// cannot be read, and removed when its content is known to hold none (too large).
fn skip_file(c: &Candidate, skipped: Skipped, writer: &ArticleWriter) -> Outcome {
    let mut counts = Counts::default();
    counts.skip(skipped.reason);
    counts.warnings += 1;
    if skipped.reason != SkipReason::Unreadable {
        for id in c.records.keys() {
            writer.delete(id);
            counts.removed += 1;
        }
    }
    Outcome::Records(counts, vec![skip_message(&skipped)])
}
