//! Walks a corpus folder in a deterministic order and lists the article files.
//!
//! Hidden files and folders are skipped, symlinks are followed (loops are reported, not
//! followed), and files that are not articles are ignored. The format of a file comes from
//! its extension; a file without one is sniffed (its first bytes read) in the parallel stat.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
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

/// Lists the article files under `root`, sorted by path.
pub fn walk(root: &Path) -> Result<Walk> {
    if !root.is_dir() {
        return Err(Error::CorpusMissing(root.to_path_buf()));
    }
    let mut out = Walk::default();
    let mut found = Vec::new();
    walk_tree(root, root, &mut found, &mut out);
    // One stat per file, on all cores: the walk itself reads only directories (the file type
    // comes from readdir), which is what keeps a no-change rerun close to `find`.
    let stats: Vec<_> = found
        .into_par_iter()
        .map(|(path, format)| stat(root, path, format))
        .collect();
    for result in stats {
        match result {
            Ok(Some(file)) => out.files.push(file),
            Ok(None) => out.ignored += 1,
            Err(issue) => out.errors.push(issue),
        }
    }
    Ok(out)
}

/// A path the walk found, with its format from the extension (`None`: to be sniffed).
type Found = (PathBuf, Option<Detected>);

/// Lists the article paths under `dir` in sorted order, following symlinks by hand so that
/// only symlinks (not every file) cost a stat during the walk.
fn walk_tree(root: &Path, dir: &Path, found: &mut Vec<Found>, out: &mut Walk) {
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e));
    for entry in walker {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                out.errors.push(walk_issue(root, &err));
                continue;
            }
        };
        if e.path_is_symlink() && e.depth() > 0 {
            follow_symlink(root, e.path(), found, out);
        } else if e.file_type().is_dir() {
        } else if e.depth() == 0 {
            // The root of a followed symlinked folder (the link itself): not a file.
            out.ignored += 1;
        } else {
            match candidate(e.path()) {
                Some(format) => found.push((e.into_path(), format)),
                None => out.ignored += 1,
            }
        }
    }
}

/// A symlink: a file is listed, a folder is walked unless it leads back into its own
/// ancestry (a loop), which is reported instead.
fn follow_symlink(root: &Path, link: &Path, found: &mut Vec<Found>, out: &mut Walk) {
    let issue = |message: String| WalkIssue {
        rel: relative_id(root, link),
        message,
    };
    match fs::metadata(link) {
        Err(e) => out.errors.push(issue(format!("{}: {e}", link.display()))),
        Ok(m) if m.is_dir() => {
            if leads_to_ancestor(root, link) {
                let message = format!("{}: symlink loop, not followed", link.display());
                out.errors.push(issue(message));
            } else {
                walk_tree(root, link, found, out);
            }
        }
        Ok(_) => match candidate(link) {
            Some(format) => found.push((link.to_path_buf(), format)),
            None => out.ignored += 1,
        },
    }
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

    #[test]
    fn walk_is_sorted_skips_hidden_and_counts_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for p in [
            "b/2.txt",
            "a/1.txt",
            "a/0.txt",
            ".hidden/x.txt",
            "a/.h.txt",
            "notes.md",
        ] {
            let path = root.join(p);
            fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
            fs::write(path, "x").expect("write");
        }
        let w = walk(root).expect("walk");
        let rels: Vec<_> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/0.txt", "a/1.txt", "b/2.txt"]);
        assert_eq!(w.ignored, 1);
        assert_eq!(w.files[0].size, 1);
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
