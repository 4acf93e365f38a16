//! `newsidx build`: walk the corpus, load articles in parallel, write them, commit once.
//!
//! A file that cannot be read or parsed is a warning and a counted skip; only index failures
//! abort, and then nothing is committed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::article::{load_file, LoadOptions, Loaded, SkipReason, Skipped};
use crate::corpus::{walk, CorpusFile};
use crate::error::{Error, Result};
use crate::index::open::{open_or_create, IndexMeta};
use crate::index::ArticleWriter;
use crate::progress::Progress;

/// Settings of one build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Corpus folder; `None` means the one the index was built from.
    pub corpus: Option<PathBuf>,
    pub index_dir: PathBuf,
    pub memory: u64,
    pub threads: usize,
    pub load: LoadOptions,
    pub progress: bool,
}

/// What a build did; printed as one line, or as JSON with `--json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildSummary {
    pub corpus: String,
    pub index: String,
    /// Article files found by the walk.
    pub files: u64,
    pub indexed: u64,
    pub skipped: u64,
    /// Skips by reason: `unreadable`, `empty`, `binary`, `too_large`, `no_headline`.
    pub skipped_by_reason: BTreeMap<&'static str, u64>,
    pub without_date: u64,
    /// Files under the corpus that are not articles (other extensions, README files).
    pub ignored: u64,
    pub warnings: u64,
    pub elapsed_secs: f64,
    pub articles_per_sec: f64,
    /// True when Ctrl-C stopped the build before its commit.
    pub interrupted: bool,
}

impl BuildSummary {
    fn skip(&mut self, reason: SkipReason) {
        self.skipped += 1;
        *self.skipped_by_reason.entry(reason.name()).or_default() += 1;
    }
}

/// Runs a build. `interrupt` is polled between files; once set, nothing more is committed.
pub fn build(opts: &BuildOptions, interrupt: &AtomicBool) -> Result<BuildSummary> {
    let started = Instant::now();
    if let Some(dir) = opts.corpus.as_ref().filter(|d| !d.is_dir()) {
        // Checked before the index folder is created, so a typo leaves no empty index behind.
        return Err(Error::CorpusMissing(dir.clone()));
    }
    let open = open_or_create(&opts.index_dir)?;
    let corpus = corpus_root(opts, open.meta.as_ref())?;
    let progress = Progress::spinner(opts.progress, &format!("walking {}", corpus.display()));
    let walked = walk(&corpus)?;
    let writer = ArticleWriter::new(
        &open.index,
        open.fields,
        &opts.index_dir,
        opts.threads,
        opts.memory,
    )?;
    let mut summary = BuildSummary {
        corpus: corpus.display().to_string(),
        index: opts.index_dir.display().to_string(),
        files: walked.files.len() as u64,
        ignored: walked.ignored,
        ..BuildSummary::default()
    };
    for err in &walked.errors {
        progress.warn(err);
        summary.skip(SkipReason::Unreadable);
        summary.warnings += 1;
    }
    progress.start_bar(walked.files.len() as u64);
    let summary = Mutex::new(summary);
    let result = index_files(&walked.files, opts, &writer, &progress, &summary, interrupt);
    progress.finish();
    let mut summary = summary
        .into_inner()
        .expect("no worker panicked holding the tally");
    result?;
    summary.interrupted = interrupt.load(Ordering::SeqCst);
    if !summary.interrupted {
        writer.commit(&IndexMeta::current(corpus))?;
    }
    summary.elapsed_secs = started.elapsed().as_secs_f64();
    summary.articles_per_sec = summary.indexed as f64 / summary.elapsed_secs.max(1e-9);
    Ok(summary)
}

/// The corpus to index: the argument, else the one recorded in the index.
fn corpus_root(opts: &BuildOptions, meta: Option<&IndexMeta>) -> Result<PathBuf> {
    let root = match (&opts.corpus, meta) {
        (Some(dir), _) => dir.clone(),
        (None, Some(m)) => m.corpus_root.clone(),
        (None, None) => return Err(Error::NoCorpus(opts.index_dir.clone())),
    };
    if !root.is_dir() {
        return Err(Error::CorpusMissing(root));
    }
    std::fs::canonicalize(&root).map_err(|e| Error::io(format!("resolving {}", root.display()), e))
}

fn index_files(
    files: &[CorpusFile],
    opts: &BuildOptions,
    writer: &ArticleWriter,
    progress: &Progress,
    summary: &Mutex<BuildSummary>,
    interrupt: &AtomicBool,
) -> Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", opts.threads)))?;
    pool.install(|| {
        files.par_iter().try_for_each(|file| {
            if interrupt.load(Ordering::Relaxed) {
                return Ok(());
            }
            let outcome = load_file(file, opts.load);
            record(outcome, writer, progress, summary)?;
            progress.inc();
            Ok(())
        })
    })
}

fn record(
    outcome: std::result::Result<Loaded, Skipped>,
    writer: &ArticleWriter,
    progress: &Progress,
    summary: &Mutex<BuildSummary>,
) -> Result<()> {
    match outcome {
        Ok(loaded) => {
            writer.upsert(&loaded.article)?;
            for w in &loaded.warnings {
                progress.warn(w);
            }
            let mut s = summary.lock().expect("tally lock");
            s.indexed += 1;
            s.warnings += loaded.warnings.len() as u64;
            s.without_date += u64::from(loaded.article.date.is_none());
        }
        Err(skipped) => {
            progress.warn(&skipped.to_string());
            let mut s = summary.lock().expect("tally lock");
            s.skip(skipped.reason);
            s.warnings += 1;
        }
    }
    Ok(())
}
