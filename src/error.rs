//! Typed errors of the library and the exit codes they map to.
//!
//! Every message is one lowercase line that names the path involved and, where there is one,
//! the command that fixes it.

use std::io;
use std::path::{Path, PathBuf};

/// Exit codes, documented in `--help` and the README.
pub mod exit {
    /// Success: the build committed everything, or the search found at least one hit.
    pub const OK: u8 = 0;
    /// The search ran and found nothing.
    pub const NO_HITS: u8 = 1;
    /// An error: bad usage, missing corpus or index, I/O or index failure. Nothing was committed.
    pub const ERROR: u8 = 2;
    /// The build committed, but some input files were skipped (see the warnings).
    pub const PARTIAL: u8 = 3;
    /// Interrupted (Ctrl-C): the index is left at its last commit.
    pub const INTERRUPTED: u8 = 130;
}

/// Errors returned by the newsidx library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus folder given to `build` does not exist or is not a folder.
    #[error("corpus folder {} not found; pass the folder that holds your articles: `newsidx build DIR`", .0.display())]
    CorpusMissing(PathBuf),
    /// The corpus given to `build` is a file.
    #[error("{} is a file, not a folder; pass the folder that holds your articles: `newsidx build DIR`", .0.display())]
    CorpusIsFile(PathBuf),
    /// No index has been built at the given location yet.
    #[error("no index at {0}; run `newsidx build CORPUS --index {0}` first")]
    NoIndex(PathBuf),
    /// The folder exists, holds files, but is not a newsidx index.
    #[error("{} is not a newsidx index (it holds other files); choose an empty or new folder with `--index DIR`", .0.display())]
    NotAnIndex(PathBuf),
    /// The index path given is a file.
    #[error("{} is not a newsidx index (it is a file); choose an empty or new folder with `--index DIR`", .0.display())]
    IndexIsFile(PathBuf),
    /// Another process holds the index writer lock.
    #[error("another build is updating {0}; wait for it to finish")]
    Locked(PathBuf),
    /// The index was written with another schema version.
    #[error("the index at {dir} was built by another newsidx version (schema {found}); rebuild it with `newsidx build --full --index {dir}`")]
    SchemaMismatch { dir: PathBuf, found: u32 },
    /// The index was written by a newer newsidx, with a schema this one does not know.
    #[error("the index at {dir} was built by a newer newsidx (schema {found}; this one reads schema {reads}); search it with that version, or rebuild it with this one: `newsidx build --full --index {dir}`")]
    SchemaNewer {
        dir: PathBuf,
        found: u32,
        reads: u32,
    },
    /// No corpus was given and the index does not record one.
    #[error("no corpus folder given and none recorded in {0}; run `newsidx build CORPUS`")]
    NoCorpus(PathBuf),
    /// The corpus has no articles but the index has: refuse to wipe it.
    #[error("corpus {corpus} has no articles, but the index at {index} holds {articles}; refusing to remove them all (is the disk mounted?). Pass `--allow-empty` to empty the index")]
    EmptyCorpus {
        corpus: PathBuf,
        index: PathBuf,
        articles: usize,
    },
    /// The index was built from another corpus folder.
    #[error("the index at {index} was built from {recorded}, not {given}; run `newsidx build {given} --full --index {index}` to rebuild it from the new folder")]
    CorpusChanged {
        index: PathBuf,
        recorded: PathBuf,
        given: PathBuf,
    },
    /// The user's query cannot be run.
    #[error("{0}")]
    Query(String),
    /// A flag or argument value is invalid.
    #[error("{0}")]
    Usage(String),
    /// An I/O error, with what was being done.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: io::Error,
    },
    /// An error from the tantivy engine.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A corpus path that is no folder: [`Error::CorpusIsFile`] or [`Error::CorpusMissing`].
    pub fn no_corpus_folder(path: &Path) -> Self {
        match path.is_file() {
            true => Error::CorpusIsFile(path.to_path_buf()),
            false => Error::CorpusMissing(path.to_path_buf()),
        }
    }

    /// An index path that exists and is no index: [`Error::IndexIsFile`] or
    /// [`Error::NotAnIndex`].
    pub fn not_an_index(path: &Path) -> Self {
        match path.is_file() {
            true => Error::IndexIsFile(path.to_path_buf()),
            false => Error::NotAnIndex(path.to_path_buf()),
        }
    }

    /// Wraps an I/O error with a short description of what was being done.
    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

/// The one-line message for an error that ended a command: the error, then each cause whose
/// text the line does not hold yet (`{:#}` would repeat the OS error that an [`Error::Io`]
/// or [`Error::Index`] already names: "creating x: File exists (os error 17): File exists
/// (os error 17)").
pub fn message(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// The exit code for an error that ended a command.
pub fn exit_code_of(_err: &anyhow::Error) -> u8 {
    exit::ERROR
}

/// True when the error chain holds a broken pipe (`newsidx search … | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<Error>()
                .is_some_and(|e| matches!(e, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_names_each_cause_once() {
        let os = io::Error::from(io::ErrorKind::AlreadyExists);
        let err = anyhow::Error::from(Error::io("creating x", os));
        assert_eq!(message(&err), "creating x: entity already exists");
        let wrapped = anyhow::Error::from(io::Error::other("disk on fire")).context("reading y");
        assert_eq!(message(&wrapped), "reading y: disk on fire");
    }

    #[test]
    fn a_file_given_for_a_folder_is_called_a_file() {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        let path = file.path().to_path_buf();
        let gone = path.with_extension("gone");
        let text = |e: Error| e.to_string();
        assert!(text(Error::no_corpus_folder(&path)).contains("is a file, not a folder"));
        assert!(text(Error::no_corpus_folder(&gone)).starts_with("corpus folder "));
        assert!(text(Error::no_corpus_folder(&gone)).contains("not found"));
        assert!(text(Error::not_an_index(&path)).contains("(it is a file)"));
    }
}
