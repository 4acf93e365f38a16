//! Walks a corpus folder in a deterministic order and lists the article files.
//!
//! Hidden files and folders are skipped, symlinks are followed (loops are reported, not
//! followed), and files that are not articles are ignored. The format of a file comes from
//! its extension; a file without one is sniffed (its first bytes read) in the parallel stat.

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use walkdir::{DirEntry, WalkDir};

use crate::article::format::{self, Detected, SNIFF_BYTES};
use crate::error::{Error, Result};

/// File stems that name a corpus's own documentation, not an article (`README.TXT`).
const DOC_STEMS: &[&str] = &["readme", "license", "licence", "copying", "changelog"];

/// One article file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    /// Absolute or caller-relative path used to read the file.
    pub path: PathBuf,
    /// Path relative to the corpus root with `/` separators: the article's identity.
    pub rel: String,
    /// Size in bytes, from the walk's metadata.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: i64,
    /// The file's format, from its extension or a sniff of its first bytes.
    pub format: Detected,
}

/// An entry the walk could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkIssue {
    /// The entry's path relative to the corpus root (`""` for the root itself).
    pub rel: String,
    /// One-line description, naming the path.
    pub message: String,
}

/// The result of a walk: article files in order, and the problems met on the way.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<CorpusFile>,
    /// Entries that could not be read (permission denied, symlink loop, …).
    pub errors: Vec<WalkIssue>,
    /// Files that are not articles (other extensions, documentation files).
    pub ignored: u64,
}

/// What a streamed walk met besides the files it handed over.
#[derive(Debug, Default)]
pub struct WalkEnd {
    /// Article files handed to the sink.
    pub files: u64,
    /// Entries that could not be read (permission denied, symlink loop, …).
    pub errors: Vec<WalkIssue>,
    /// Files that are not articles (other extensions, documentation files).
    pub ignored: u64,
}

/// Files handed to the sink at a time: enough to keep every core busy statting, few enough
/// that memory does not grow with the corpus.
pub const BATCH: usize = 4096;

/// What the sink of a streamed walk tells it: go on, or stop early.
pub type Flow = ControlFlow<()>;

/// Lists the article files under `root`, sorted by id.
pub fn walk(root: &Path) -> Result<Walk> {
    let mut files = Vec::new();
    let end = walk_each(root, &mut |batch| {
        files.extend(batch);
        Ok(Flow::Continue(()))
    })?;
    Ok(Walk {
        files,
        errors: end.errors,
        ignored: end.ignored,
    })
}

/// Walks `root` and hands its article files to `sink` in batches, in ascending byte order of
/// their ids (folders sort as if their name ended in `/`), which is the order of the index's
/// id dictionaries. Stops when `sink` breaks or fails; its error is returned.
pub fn walk_each(
    root: &Path,
    sink: &mut dyn FnMut(Vec<CorpusFile>) -> Result<Flow>,
) -> Result<WalkEnd> {
    if !root.is_dir() {
        return Err(Error::no_corpus_folder(root));
    }
    let mut walker = Walker {
        root,
        sink,
        found: Vec::with_capacity(BATCH),
        end: WalkEnd::default(),
        stop: None,
    };
    walker.tree(root);
    walker.flush();
    match walker.stop {
        Some(Err(e)) => Err(e),
        _ => Ok(walker.end),
    }
}

/// A path the walk found, with its format from the extension (`None`: to be sniffed).
type Found = (PathBuf, Option<Detected>);

/// The state of one streamed walk.
struct Walker<'w> {
    root: &'w Path,
    sink: &'w mut dyn FnMut(Vec<CorpusFile>) -> Result<Flow>,
    /// Paths found and not yet statted.
    found: Vec<Found>,
    end: WalkEnd,
    /// Set once the sink broke (`Ok`) or failed (`Err`): the walk ends.
    stop: Option<Result<()>>,
}

impl Walker<'_> {
    /// Lists the article paths under `dir` in order, following symlinks by hand so that only
    /// symlinks (not every file) cost a stat during the walk.
    fn tree(&mut self, dir: &Path) {
        let walker = WalkDir::new(dir)
            .sort_by(walk_order)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e));
        for entry in walker {
            if self.stop.is_some() {
                return;
            }
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    self.end.errors.push(walk_issue(self.root, &err));
                    continue;
                }
            };
            if e.path_is_symlink() && e.depth() > 0 {
                self.follow_symlink(e.path());
            } else if e.file_type().is_dir() {
            } else if e.depth() == 0 {
                // The root of a followed symlinked folder (the link itself): not a file.
                self.end.ignored += 1;
            } else {
                match candidate(e.path()) {
                    Some(format) => self.push((e.into_path(), format)),
                    None => self.end.ignored += 1,
                }
            }
        }
    }

    fn push(&mut self, found: Found) {
        self.found.push(found);
        if self.found.len() >= BATCH {
            self.flush();
        }
    }

    /// Stats the paths found so far on all cores (the walk itself reads only directories:
    /// the file type comes from readdir, which keeps a no-change rerun close to `find`) and
    /// hands the files to the sink.
    fn flush(&mut self) {
        if self.found.is_empty() || self.stop.is_some() {
            return;
        }
        let root = self.root;
        let stats: Vec<_> = std::mem::take(&mut self.found)
            .into_par_iter()
            .map(|(path, format)| stat(root, path, format))
            .collect();
        let mut files = Vec::with_capacity(stats.len());
        for result in stats {
            match result {
                Ok(Some(file)) => files.push(file),
                Ok(None) => self.end.ignored += 1,
                Err(issue) => self.end.errors.push(issue),
            }
        }
        self.end.files += files.len() as u64;
        match (self.sink)(files) {
            Ok(Flow::Continue(())) => {}
            Ok(Flow::Break(())) => self.stop = Some(Ok(())),
            Err(e) => self.stop = Some(Err(e)),
        }
    }

    /// A symlink: a file is listed, a folder is walked unless it leads back into its own
    /// ancestry (a loop), which is reported instead.
    fn follow_symlink(&mut self, link: &Path) {
        let root = self.root;
        let issue = |message: String| WalkIssue {
            rel: relative_id(root, link),
            message,
        };
        match fs::metadata(link) {
            Err(e) => self
                .end
                .errors
                .push(issue(format!("{}: {e}", link.display()))),
            Ok(m) if m.is_dir() => {
                if leads_to_ancestor(root, link) {
                    let message = format!("{}: symlink loop, not followed", link.display());
                    self.end.errors.push(issue(message));
                } else {
                    self.tree(link);
                }
            }
            Ok(_) => match candidate(link) {
                Some(format) => self.push((link.to_path_buf(), format)),
                None => self.end.ignored += 1,
            },
        }
    }
}

/// The order of a folder's entries: by name bytes, a folder's name followed by `/`, so that
/// the walk lists ids in byte order (`a-b.txt` before `a/c.txt`, as `-` < `/`).
fn walk_order(a: &DirEntry, b: &DirEntry) -> Ordering {
    order_key(a).cmp(order_key(b))
}

fn order_key(e: &DirEntry) -> impl Iterator<Item = u8> + '_ {
    let slash = is_folder(e).then_some(b'/');
    e.file_name()
        .as_encoded_bytes()
        .iter()
        .copied()
        .chain(slash)
}

/// Whether an entry is walked as a folder (a symlink to one included: it is followed).
fn is_folder(e: &DirEntry) -> bool {
    e.file_type().is_dir() || (e.path_is_symlink() && e.path().is_dir())
}

/// True when the folder `link` points to is one of the folders on its own path (as walked
/// from the root), the test walkdir applies when it follows links.
fn leads_to_ancestor(root: &Path, link: &Path) -> bool {
    let Ok(target) = fs::canonicalize(link) else {
        return false;
    };
    link.ancestors()
        .skip(1)
        .take_while(|a| a.starts_with(root))
        .filter_map(|a| fs::canonicalize(a).ok())
        .any(|a| a == target)
}

/// The file with its metadata; `None` when a sniffed file is no article after all.
fn stat(
    root: &Path,
    path: PathBuf,
    format: Option<Detected>,
) -> std::result::Result<Option<CorpusFile>, WalkIssue> {
    let rel = relative_id(root, &path);
    let issue = |e: std::io::Error| WalkIssue {
        message: format!("{}: {e}", path.display()),
        rel: rel.clone(),
    };
    let meta = fs::metadata(&path).map_err(issue)?;
    let format = match format {
        Some(f) => f,
        None => match sniff_file(&path).map_err(issue)? {
            Some(f) => f,
            None => return Ok(None),
        },
    };
    Ok(Some(CorpusFile {
        size: meta.len(),
        mtime_ns: mtime_ns(&meta),
        path,
        rel,
        format,
    }))
}

/// The format of a file without an extension, from its first bytes.
fn sniff_file(path: &Path) -> std::io::Result<Option<Detected>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    fs::File::open(path)?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    Ok(format::sniff(&head).map(|format| Detected {
        format,
        gzip: false,
    }))
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry
        .file_name()
        .to_str()
        .is_some_and(|n| n.starts_with('.'))
}

/// Whether `path` may be an article file: `Some(Some(format))` from a known extension,
/// `Some(None)` for a file without an extension (to be sniffed), `None` for other extensions
/// and documentation files.
fn candidate(path: &Path) -> Option<Option<Detected>> {
    let stem = path.file_stem().and_then(OsStr::to_str).unwrap_or("");
    if DOC_STEMS.iter().any(|d| stem.eq_ignore_ascii_case(d)) {
        return None;
    }
    match path.extension() {
        None => Some(None),
        Some(_) => format::from_path(path).map(Some),
    }
}

/// True when `path` names an article file by its extension and is not a documentation file.
pub fn is_article(path: &Path) -> bool {
    matches!(candidate(path), Some(Some(_)))
}

/// Modification time in nanoseconds since the epoch, 0 when unknown.
pub fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// `path` relative to `root`, with `/` separators whatever the platform. Bytes that are not
/// UTF-8 are written as `\xNN`, so distinct file names always give distinct ids.
pub fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| lossless(c.as_os_str())).collect();
    parts.join("/")
}

#[cfg(unix)]
fn lossless(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn lossless(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

fn walk_issue(root: &Path, err: &walkdir::Error) -> WalkIssue {
    let rel = err.path().map(|p| relative_id(root, p)).unwrap_or_default();
    let path = err
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let message = if err.loop_ancestor().is_some() {
        format!("{path}: symlink loop, not followed")
    } else if let Some(io) = err.io_error() {
        format!("{path}: {io}")
    } else {
        format!("{path}: {err}")
    };
    WalkIssue { rel, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn articles_are_txt_files_that_are_not_docs() {
        assert!(is_article(Path::new("a/b.txt")));
        assert!(is_article(Path::new("a/B.TXT")));
        assert!(!is_article(Path::new("a/README.TXT")));
        assert!(!is_article(Path::new("notes.md")));
        assert!(!is_article(Path::new("noext")));
    }

    /// A temporary corpus holding a one-byte file at each of `paths`.
    fn tree(paths: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for p in paths {
            let path = dir.path().join(p);
            fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
            fs::write(path, "x").expect("write");
        }
        dir
    }

    #[test]
    fn walk_is_sorted_skips_hidden_and_counts_ignored() {
        let dir = tree(&[
            "b/2.txt",
            "a/1.txt",
            "a/0.txt",
            ".hidden/x.txt",
            "a/.h.txt",
            "notes.md",
        ]);
        let w = walk(dir.path()).expect("walk");
        let rels: Vec<_> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/0.txt", "a/1.txt", "b/2.txt"]);
        assert_eq!(w.ignored, 1);
        assert_eq!(w.files[0].size, 1);
    }

    #[test]
    fn walk_lists_ids_in_byte_order() {
        let dir = tree(&[
            "a/c.txt",
            "a-b.txt",
            "a.txt",
            "a0.txt",
            "B.txt",
            "a/b/z.txt",
            "a/b-.txt",
        ]);
        let root = dir.path();
        let rels: Vec<_> = walk(root)
            .expect("walk")
            .files
            .into_iter()
            .map(|f| f.rel)
            .collect();
        let mut sorted = rels.clone();
        sorted.sort();
        assert_eq!(rels, sorted);
        assert_eq!(rels.len(), 7);
    }

    #[test]
    fn a_sink_that_breaks_stops_the_walk() {
        let dir = tempfile::tempdir().expect("tempdir");
        for i in 0..(BATCH + 10) {
            fs::write(dir.path().join(format!("{i:05}.txt")), "x").expect("write");
        }
        let mut batches = Vec::new();
        let end = walk_each(dir.path(), &mut |files| {
            batches.push(files.len());
            Ok(Flow::Break(()))
        })
        .expect("walk");
        assert_eq!(batches, [BATCH]);
        assert_eq!(end.files, BATCH as u64);
    }

    #[test]
    fn missing_root_is_an_error() {
        let err = walk(Path::new("/nonexistent/newsidx-corpus")).expect_err("missing");
        assert!(matches!(err, Error::CorpusMissing(_)));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_get_distinct_ids() {
        use std::os::unix::ffi::OsStrExt;
        let root = Path::new("/c");
        let a = root.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
        let b = root.join(std::ffi::OsStr::from_bytes(b"caf\xe8.txt"));
        assert_eq!(relative_id(root, &a), "caf\\xe9.txt");
        assert_ne!(relative_id(root, &a), relative_id(root, &b));
        assert_eq!(relative_id(root, Path::new("/c/d/é.txt")), "d/é.txt");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::create_dir_all(root.join("a")).expect("mkdir");
        fs::write(root.join("a/1.txt"), "x").expect("write");
        std::os::unix::fs::symlink(root.join("a"), root.join("a/loop")).expect("symlink");
        let w = walk(root).expect("walk");
        assert_eq!(w.files.len(), 1);
        assert_eq!(w.errors.len(), 1, "{:?}", w.errors);
        assert!(w.errors[0].message.contains("loop"));
        assert_eq!(w.errors[0].rel, "a/loop");
    }

    #[cfg(unix)]
    #[test]
    fn mutual_symlinks_between_folders_end() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for d in ["x", "y"] {
            fs::create_dir_all(root.join(d)).expect("mkdir");
            fs::write(root.join(d).join("f.txt"), "x").expect("write");
        }
        std::os::unix::fs::symlink(root.join("y"), root.join("x/to-y")).expect("symlink");
        std::os::unix::fs::symlink(root.join("x"), root.join("y/to-x")).expect("symlink");
        let w = walk(root).expect("walk");
        let rels: Vec<_> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["x/f.txt", "x/to-y/f.txt", "y/f.txt", "y/to-x/f.txt"]);
        assert_eq!(w.errors.len(), 2, "{:?}", w.errors);
    }
}
