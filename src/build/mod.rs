//! `newsidx build`: bring the index in line with the corpus folder.
//!
//! Incremental by default: unchanged files are not read, changed ones are replaced, vanished
//! ones removed. Large runs commit at checkpoints; Ctrl-C stops between files and keeps the
//! last commit. `--full` builds a fresh index aside and swaps it in. A file that cannot be
//! read or parsed is a warning and a counted skip; only index failures abort, and then
//! nothing more is committed.

pub mod lock;
pub mod plan;
mod run;
pub mod summary;
pub mod swap;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use crate::article::json::JsonMap;
use crate::article::LoadOptions;
use crate::error::{Error, Result};
use crate::extract::aliases::Aliases;
use crate::index::open::{
    check_target, is_index, open_for_read, open_or_create, recorded_meta, IndexMeta,
};
pub use lock::BuildLock;
pub use summary::BuildSummary;

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
    /// Rebuild from scratch in a staging folder and swap it in.
    pub full: bool,
    /// Allow a run that finds no articles to empty the index.
    pub allow_empty: bool,
    /// Wait for another build of the same index instead of failing.
    pub wait: bool,
    /// Commit after every this many changed files (0: only at the end).
    pub checkpoint_every: usize,
    /// Alias file for people names; `None` means the one recorded in the index, if any.
    /// [`build`] loads it into `load.aliases`.
    pub aliases_file: Option<PathBuf>,
    /// `--json-map` overrides; `None` means the ones recorded in the index, if any.
    /// [`build`] loads them into `load.json_map`.
    pub json_map: Option<String>,
}

/// Runs a build. `interrupt` is polled between files; once set, nothing more is committed.
pub fn build(opts: &BuildOptions, interrupt: &AtomicBool) -> Result<BuildSummary> {
    let started = Instant::now();
    if let Some(dir) = opts.corpus.as_ref().filter(|d| !d.is_dir()) {
        // Checked before the index folder is touched, so a typo leaves nothing behind.
        return Err(Error::no_corpus_folder(dir));
    }
    if opts.corpus.is_none() && !is_index(&opts.index_dir) {
        return Err(Error::NoCorpus(opts.index_dir.clone()));
    }
    // Refuse a foreign folder before the lock file is put in it.
    check_target(&opts.index_dir)?;
    let _lock = BuildLock::acquire(&opts.index_dir, opts.wait)?;
    let opts = &with_json_map(&with_aliases(opts)?)?;
    let mut summary = if opts.full {
        full_rebuild(opts, interrupt)?
    } else {
        let open = open_or_create(&opts.index_dir)?;
        let corpus = corpus_root(opts, open.meta.as_ref())?;
        run::run(open, &opts.index_dir, &corpus, opts, 0, interrupt)?
    };
    summary.full = opts.full;
    summary.index = opts.index_dir.display().to_string();
    summary.finish(started.elapsed());
    Ok(summary)
}

/// Builds a fresh index in a staging folder and swaps it in; the old index serves until then.
fn full_rebuild(opts: &BuildOptions, interrupt: &AtomicBool) -> Result<BuildSummary> {
    let dir = &opts.index_dir;
    let recorded = recorded_meta(dir);
    let corpus = match (&opts.corpus, recorded) {
        (Some(c), _) => canonical(c)?,
        (None, Some(m)) => canonical(&m.corpus_root)?,
        (None, None) => return Err(Error::NoCorpus(dir.clone())),
    };
    // The empty-corpus guard must weigh the index being replaced, not the empty staging one.
    let serving = open_for_read(dir).map_or(0, |(_, reader)| reader.searcher().num_docs());
    let staging = swap::staging_dir(dir);
    remove_stale(&staging)?;
    let result = open_or_create(&staging)
        .and_then(|open| run::run(open, &staging, &corpus, opts, serving, interrupt));
    let summary = match result {
        Ok(s) if !s.interrupted => s,
        other => {
            let _ = fs::remove_dir_all(&staging);
            return other;
        }
    };
    swap::carry_dotfiles(dir, &staging)?;
    swap::swap_in(&staging, dir)?;
    Ok(summary)
}

/// Loads the alias file: the one given, else the one the index recorded (if it still exists).
fn with_aliases(opts: &BuildOptions) -> Result<BuildOptions> {
    let recorded = || {
        recorded_meta(&opts.index_dir)
            .and_then(|m| m.aliases)
            .filter(|p| p.is_file())
    };
    let mut out = opts.clone();
    out.aliases_file = match &opts.aliases_file {
        Some(path) => Some(
            fs::canonicalize(path)
                .map_err(|e| Error::io(format!("reading {}", path.display()), e))?,
        ),
        None => recorded(),
    };
    if let Some(path) = &out.aliases_file {
        let text = fs::read_to_string(path)
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        let aliases =
            Aliases::parse(&text).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        out.load.aliases = Arc::new(aliases);
    }
    Ok(out)
}

/// Applies the `--json-map` given, else the one the index recorded.
fn with_json_map(opts: &BuildOptions) -> Result<BuildOptions> {
    let mut out = opts.clone();
    if out.json_map.is_none() {
        out.json_map = recorded_meta(&opts.index_dir).and_then(|m| m.json_map);
    }
    if let Some(spec) = &out.json_map {
        let map =
            JsonMap::with_overrides(spec).map_err(|e| Error::Usage(format!("--json-map: {e}")))?;
        out.load.json_map = Arc::new(map);
    }
    Ok(out)
}

/// Removes a staging folder left by a rebuild that died.
fn remove_stale(staging: &Path) -> Result<()> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| {
            Error::io(
                format!("removing the stale rebuild folder {}", staging.display()),
                e,
            )
        })?;
    }
    Ok(())
}

/// The corpus of an incremental build: the argument, else the one recorded in the index. A
/// different folder than the recorded one needs `--full`.
fn corpus_root(opts: &BuildOptions, meta: Option<&IndexMeta>) -> Result<PathBuf> {
    let recorded = meta.map(|m| m.corpus_root.clone());
    let root = match (&opts.corpus, &recorded) {
        (Some(dir), _) => canonical(dir)?,
        (None, Some(r)) => canonical(r)?,
        (None, None) => return Err(Error::NoCorpus(opts.index_dir.clone())),
    };
    match recorded {
        Some(r) if r != root => Err(Error::CorpusChanged {
            index: opts.index_dir.clone(),
            recorded: r,
            given: root,
        }),
        _ => Ok(root),
    }
}

fn canonical(dir: &Path) -> Result<PathBuf> {
    if !dir.is_dir() {
        return Err(Error::no_corpus_folder(dir));
    }
    fs::canonicalize(dir).map_err(|e| Error::io(format!("resolving {}", dir.display()), e))
}
