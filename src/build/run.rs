//! One incremental run into an open index: plan, write changed files in parallel, commit.
//!
//! A one-article file is compared and written here; a multi-article file goes to `records`,
//! which compares and writes it record by record.

mod records;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use tantivy::{IndexReader, ReloadPolicy};

use super::plan::{plan, Candidate};
use super::summary::{BuildSummary, Counts};
use super::BuildOptions;
use crate::article::{from_bytes, read_file, SkipReason, Skipped};
use crate::corpus::walk;
use crate::error::{Error, Result};
use crate::index::manifest::read_manifest;
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
    let walked = walk(corpus)?;
    let reader: IndexReader = open
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let manifest = read_manifest(&reader)?;
    let held = (manifest.len() as u64).max(serving);
    if walked.files.is_empty() && held > 0 && !opts.allow_empty {
        progress.finish();
        return Err(Error::EmptyCorpus {
            corpus: corpus.to_path_buf(),
            index: dir.to_path_buf(),
            articles: held as usize,
        });
    }
    let meta = IndexMeta::current(corpus.to_path_buf(), &opts.load, opts.aliases_file.clone())
        .with_json_map(opts.json_map.clone());
    // Extraction settings changed since the last commit: every article is re-extracted, and
    // rewritten only if its derived fields changed.
    let reextract = open
        .meta
        .as_ref()
        .is_some_and(|m| m.extraction_differs(&meta));
    let unreadable: Vec<String> = walked.errors.iter().map(|e| e.rel.clone()).collect();
    let plan = plan(&walked.files, &manifest, &unreadable, reextract);
    let mut summary = BuildSummary {
        corpus: corpus.display().to_string(),
        index: dir.display().to_string(),
        files: walked.files.len() as u64,
        ignored: walked.ignored,
        ..BuildSummary::default()
    };
    summary.counts.unchanged = plan.unchanged;
    for issue in &walked.errors {
        progress.warn(&issue.message);
        summary.counts.skip(SkipReason::Unreadable);
        summary.counts.warnings += 1;
    }
    let changes = !plan.candidates.is_empty() || !plan.removed.is_empty();
    let needs_commit = changes || open.meta.as_ref() != Some(&meta);
    if !needs_commit {
        // Nothing to write: no writer, no threads, no commit (the nightly no-change case).
        progress.finish();
        summary.articles = reader.searcher().num_docs();
        return Ok(summary);
    }
    let mut writer = ArticleWriter::new(&open.index, open.fields, dir, opts.threads, opts.memory)?;
    for id in &plan.removed {
        writer.delete(id);
    }
    let mut pending = Counts {
        removed: plan.removed.len() as u64,
        ..Counts::default()
    };
    progress.start_bar(plan.candidates.len() as u64);
    let chunk = match opts.checkpoint_every {
        0 => plan.candidates.len().max(1),
        n => n,
    };
    let chunks: Vec<&[Candidate<'_>]> = plan.candidates.chunks(chunk).collect();
    for (i, files) in chunks.iter().enumerate() {
        let counts = index_chunk(files, opts, reextract, &writer, &progress, interrupt)?;
        if interrupt.load(Ordering::SeqCst) {
            break;
        }
        pending.absorb(counts);
        if i + 1 < chunks.len() {
            writer.commit(&meta)?;
            summary.counts.absorb(std::mem::take(&mut pending));
            summary.checkpoints += 1;
        }
    }
    progress.finish();
    summary.interrupted = interrupt.load(Ordering::SeqCst);
    if !summary.interrupted {
        if needs_commit {
            writer.commit(&meta)?;
        }
        summary.counts.absorb(pending);
        writer.finish()?;
    }
    reader.reload()?;
    summary.articles = reader.searcher().num_docs();
    Ok(summary)
}

/// Reads, compares and writes one chunk of candidates in parallel.
fn index_chunk(
    files: &[Candidate<'_>],
    opts: &BuildOptions,
    reextract: bool,
    writer: &ArticleWriter,
    progress: &Progress,
    interrupt: &AtomicBool,
) -> Result<Counts> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", opts.threads)))?;
    let counts = Mutex::new(Counts::default());
    pool.install(|| {
        files.par_iter().try_for_each(|candidate| {
            if interrupt.load(Ordering::Relaxed) {
                return Ok(());
            }
            let outcome = process(candidate, opts, reextract, writer)?;
            record(outcome, progress, &counts);
            progress.inc();
            Ok::<(), Error>(())
        })
    })?;
    Ok(counts
        .into_inner()
        .expect("no worker panicked holding the tally"))
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

fn process(
    c: &Candidate<'_>,
    opts: &BuildOptions,
    reextract: bool,
    writer: &ArticleWriter,
) -> Result<Outcome> {
    if c.file.format.format.is_multi() {
        return records::process(c, opts, reextract, writer);
    }
    let (bytes, fingerprint) = match read_file(c.file) {
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
fn skip(c: &Candidate<'_>, skipped: Skipped, writer: &ArticleWriter) -> Outcome {
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
