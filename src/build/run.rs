//! One incremental run into an open index: walk, compare, write changed files in parallel,
//! commit.
//!
//! Everything streams: the walk hands files over in batches in id order, each is compared
//! with the manifest by a forward cursor, and changed files are written in groups as they
//! come. Memory stays flat whatever the corpus size (a few bytes per indexed article plus the
//! writer's budget). Ids no walked file claimed are removed at the end, in the final commit.
//!
//! A one-article file is compared and written here; a multi-article file goes to `records`,
//! which compares and writes it record by record.

mod records;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use tantivy::{IndexReader, ReloadPolicy};

use super::plan::{classify, removed, Candidate, Verdict};
use super::summary::{BuildSummary, Counts};
use super::BuildOptions;
use crate::article::{from_bytes, read_file, SkipReason, Skipped};
use crate::corpus::walk::BATCH;
use crate::corpus::{walk_each, CorpusFile, Flow, WalkEnd};
use crate::error::{Error, Result};
use crate::index::manifest::{Lookup, Manifest};
use crate::index::open::{IndexMeta, OpenIndex};
use crate::index::ArticleWriter;
use crate::progress::Progress;

/// Brings the index at `dir` in line with `corpus`. `serving` is the article count of an index
/// this build will replace (`--full`), for the empty-corpus guard.
pub(super) fn run(
    open: OpenIndex,
    dir: &Path,
    corpus: &Path,
    opts: &BuildOptions,
    serving: u64,
    interrupt: &AtomicBool,
) -> Result<BuildSummary> {
    let progress = Progress::spinner(opts.progress, &format!("walking {}", corpus.display()));
    let reader: IndexReader = open
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let manifest = Manifest::open(&reader.searcher())?;
    let meta = IndexMeta::current(corpus.to_path_buf(), &opts.load, opts.aliases_file.clone())
        .with_json_map(opts.json_map.clone());
    // Extraction settings changed since the last commit: every article is re-extracted, and
    // rewritten only if its derived fields changed.
    let reextract = open
        .meta
        .as_ref()
        .is_some_and(|m| m.extraction_differs(&meta));
    // The analysis changed: every article is rewritten, so that its words are the new ones.
    let reanalyse = open
        .meta
        .as_ref()
        .is_some_and(|m| m.analysis_differs(&meta));
    let mut run = Run {
        open: &open,
        dir,
        opts,
        meta: &meta,
        reextract,
        reanalyse,
        progress: &progress,
        interrupt,
        pool: thread_pool(opts.threads)?,
        writer: None,
        queue: Vec::new(),
        since_commit: 0,
        candidates: 0,
        pending: Counts::default(),
        summary: BuildSummary {
            corpus: corpus.display().to_string(),
            index: dir.display().to_string(),
            ..BuildSummary::default()
        },
    };
    let mut lookup = manifest.lookup()?;
    let walked = walk_each(corpus, &mut |files| run.walked(files, &mut lookup))?;
    run.drain(true)?;
    let held = manifest.len().max(serving);
    if walked.files == 0 && held > 0 && !opts.allow_empty {
        progress.finish();
        return Err(Error::EmptyCorpus {
            corpus: corpus.to_path_buf(),
            index: dir.to_path_buf(),
            articles: held as usize,
        });
    }
    run.finish(walked, lookup, &reader)
}

fn thread_pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))
}

/// The state of one run.
struct Run<'r> {
    open: &'r OpenIndex,
    dir: &'r Path,
    opts: &'r BuildOptions,
    meta: &'r IndexMeta,
    reextract: bool,
    reanalyse: bool,
    progress: &'r Progress,
    interrupt: &'r AtomicBool,
    pool: rayon::ThreadPool,
    /// Opened with the first changed file: a run that changes nothing never locks or commits.
    writer: Option<ArticleWriter>,
    /// Candidates compared and not yet written.
    queue: Vec<Candidate>,
    /// Candidates written since the last commit.
    since_commit: usize,
    /// Candidates met in all.
    candidates: u64,
    /// Counts of written, not yet committed work.
    pending: Counts,
    summary: BuildSummary,
}

impl Run<'_> {
    fn interrupted(&self) -> bool {
        self.interrupt.load(Ordering::SeqCst)
    }

    /// Compares one batch of walked files and writes the full groups of candidates.
    fn walked(&mut self, files: Vec<CorpusFile>, lookup: &mut Lookup<'_>) -> Result<Flow> {
        for file in files {
            match classify(file, lookup, self.reextract)? {
                Verdict::Unchanged(n) => self.summary.counts.unchanged += n,
                Verdict::Candidate(c) => self.queue.push(c),
            }
        }
        self.drain(false)?;
        Ok(if self.interrupted() {
            Flow::Break(())
        } else {
            Flow::Continue(())
        })
    }

    /// Writes the queued candidates in groups that end at checkpoints; `all`: also the last,
    /// partial group. A checkpoint is committed only when more work follows it, so a run
    /// ends in exactly one final commit.
    fn drain(&mut self, all: bool) -> Result<()> {
        while !self.queue.is_empty() && !self.interrupted() {
            let every = self.opts.checkpoint_every;
            if every > 0 && self.since_commit >= every {
                self.checkpoint()?;
            }
            let room = match every {
                0 => BATCH,
                n => (n - self.since_commit).min(BATCH),
            };
            if self.queue.len() < room && !all {
                break;
            }
            let group: Vec<Candidate> = self.queue.drain(..room.min(self.queue.len())).collect();
            self.write(&group)?;
        }
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<()> {
        if let Some(writer) = &mut self.writer {
            writer.commit(self.meta)?;
        }
        self.summary
            .counts
            .absorb(std::mem::take(&mut self.pending));
        self.summary.checkpoints += 1;
        self.since_commit = 0;
        Ok(())
    }

    fn writer(&mut self) -> Result<&ArticleWriter> {
        if self.writer.is_none() {
            let o = self.opts;
            let open = self.open;
            let writer =
                ArticleWriter::new(&open.index, open.fields, self.dir, o.threads, o.memory)?;
            self.writer = Some(writer);
            self.progress.start_bar(0);
        }
        Ok(self.writer.as_ref().expect("opened above"))
    }

    /// Reads, compares and writes one group of candidates in parallel.
    fn write(&mut self, group: &[Candidate]) -> Result<()> {
        self.writer()?;
        self.progress.add_work(group.len() as u64);
        self.candidates += group.len() as u64;
        let job = Job {
            opts: self.opts,
            reextract: self.reextract,
            reanalyse: self.reanalyse,
            writer: self.writer.as_ref().expect("opened above"),
            interrupt: self.interrupt,
            progress: self.progress,
        };
        let counts = Mutex::new(Counts::default());
        self.pool.install(|| {
            group.par_iter().try_for_each(|candidate| {
                if job.interrupted() {
                    return Ok(());
                }
                let outcome = process(candidate, &job)?;
                record(outcome, job.progress, &counts);
                job.progress.inc();
                Ok::<(), Error>(())
            })
        })?;
        // An interrupted group is never committed, so it is not counted either.
        if !self.interrupted() {
            let counts = counts
                .into_inner()
                .expect("no worker panicked holding the tally");
            self.pending.absorb(counts);
            self.since_commit += group.len();
        }
        Ok(())
    }

    /// Removes the ids no walked file claimed and makes the final commit.
    fn finish(
        mut self,
        walked: WalkEnd,
        lookup: Lookup<'_>,
        reader: &IndexReader,
    ) -> Result<BuildSummary> {
        self.summary.files = walked.files;
        self.summary.ignored = walked.ignored;
        for issue in &walked.errors {
            self.progress.warn(&issue.message);
            self.summary.counts.skip(SkipReason::Unreadable);
            self.summary.counts.warnings += 1;
        }
        self.summary.interrupted = self.interrupted();
        let unreadable: Vec<String> = walked.errors.iter().map(|e| e.rel.clone()).collect();
        let gone = if self.summary.interrupted {
            Vec::new()
        } else {
            removed(lookup.unseen()?, &unreadable)
        };
        let changes = self.candidates > 0 || !gone.is_empty();
        if !changes && self.open.meta.as_ref() == Some(self.meta) {
            // Nothing to write: no writer, no threads, no commit (the nightly no-change case).
            self.progress.finish();
            self.summary.articles = reader.searcher().num_docs();
            return Ok(self.summary);
        }
        self.progress.finish();
        if !self.summary.interrupted {
            let writer = self.writer()?;
            for id in &gone {
                writer.delete(id);
            }
            self.pending.removed += gone.len() as u64;
            let mut writer = self.writer.take().expect("opened above");
            writer.commit(self.meta)?;
            self.summary
                .counts
                .absorb(std::mem::take(&mut self.pending));
            writer.finish()?;
        }
        reader.reload()?;
        self.summary.articles = reader.searcher().num_docs();
        Ok(self.summary)
    }
}

/// What happened to one candidate file.
pub(super) enum Outcome {
    Written {
        added: bool,
        dated: bool,
        warnings: Vec<String>,
    },
    Unchanged,
    Skipped {
        skipped: Skipped,
        removed: bool,
    },
    /// A multi-article file: what happened to its records, and the warnings to show.
    Records(Counts, Vec<String>),
}

/// What every file of a group is processed with.
struct Job<'r> {
    opts: &'r BuildOptions,
    /// Extraction settings changed: unchanged content is re-extracted too.
    reextract: bool,
    /// The analysis changed: unchanged articles are written again too.
    reanalyse: bool,
    writer: &'r ArticleWriter,
    interrupt: &'r AtomicBool,
    progress: &'r Progress,
}

impl Job<'_> {
    fn interrupted(&self) -> bool {
        self.interrupt.load(Ordering::Relaxed)
    }
}

fn process(c: &Candidate, job: &Job<'_>) -> Result<Outcome> {
    if c.file.format.format.is_multi() {
        return records::process(c, job);
    }
    let Job {
        opts,
        reextract,
        writer,
        ..
    } = *job;
    let (bytes, fingerprint) = match read_file(&c.file) {
        Ok(read) => read,
        Err(skipped) => return Ok(skip(c, skipped, writer)),
    };
    // Same content under a new mtime (a `touch`): one hash, no reindex.
    let same = c
        .previous
        .is_some_and(|p| p.hash == fingerprint.hash && p.size == fingerprint.size);
    if same && !reextract {
        return Ok(Outcome::Unchanged);
    }
    match from_bytes(&c.file.rel, &bytes, fingerprint, &opts.load) {
        Ok(loaded)
            if same
                && !job.reanalyse
                && c.previous
                    .is_some_and(|p| p.derived == loaded.article.fingerprint.derived) =>
        {
            Ok(Outcome::Unchanged)
        }
        Ok(loaded) => {
            if c.previous.is_some() {
                writer.upsert(&loaded.article)?;
            } else {
                writer.add(&loaded.article)?;
            }
            Ok(Outcome::Written {
                added: c.previous.is_none(),
                dated: loaded.article.date.is_some(),
                warnings: loaded.warnings,
            })
        }
        Err(skipped) => Ok(skip(c, skipped, writer)),
    }
}

/// A skipped file loses its indexed version when its content is known to be no article any
/// more; an unreadable file keeps it, since the file still exists.
fn skip(c: &Candidate, skipped: Skipped, writer: &ArticleWriter) -> Outcome {
    let removed = c.previous.is_some() && skipped.reason != SkipReason::Unreadable;
    if removed {
        writer.delete(&c.file.rel);
    }
    Outcome::Skipped { skipped, removed }
}

/// The warning for a skipped file or record.
fn skip_message(skipped: &Skipped) -> String {
    let kept = if skipped.reason == SkipReason::Unreadable {
        "; its indexed version is kept"
    } else {
        ""
    };
    format!("{skipped}{kept}")
}

fn record(outcome: Outcome, progress: &Progress, counts: &Mutex<Counts>) {
    let mut messages = Vec::new();
    {
        let mut n = counts.lock().expect("tally lock");
        match outcome {
            Outcome::Written {
                added,
                dated,
                warnings,
            } => {
                if added {
                    n.added += 1;
                } else {
                    n.updated += 1;
                }
                n.without_date += u64::from(!dated);
                n.warnings += warnings.len() as u64;
                messages = warnings;
            }
            Outcome::Unchanged => n.unchanged += 1,
            Outcome::Skipped { skipped, removed } => {
                n.skip(skipped.reason);
                n.removed += u64::from(removed);
                n.warnings += 1;
                messages.push(skip_message(&skipped));
            }
            Outcome::Records(counts, warnings) => {
                n.absorb(counts);
                messages = warnings;
            }
        }
    }
    for m in &messages {
        progress.warn(m);
    }
}
