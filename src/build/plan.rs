//! What an incremental build must do: compare the walk with the manifest.
//!
//! A file whose size and mtime match its manifest entry is unchanged and never read. Every
//! other file is a candidate: read and hashed, and parsed only if the hash differs. Ids in
//! the manifest whose file is gone are removed, except under folders the walk could not read.

use std::collections::HashSet;

use crate::article::Fingerprint;
use crate::corpus::CorpusFile;
use crate::index::manifest::Manifest;

/// A file that may need indexing, with the fingerprint indexed for it before, if any.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub file: &'a CorpusFile,
    pub previous: Option<Fingerprint>,
}

/// The work of an incremental build.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// Files whose size and mtime match the manifest.
    pub unchanged: u64,
    pub candidates: Vec<Candidate<'a>>,
    /// Indexed ids whose file is gone, sorted.
    pub removed: Vec<String>,
}

/// Plans a build of `files` against `manifest`. `unreadable_dirs` are corpus-relative folders
/// the walk could not list: their articles are kept, since they may still exist.
pub fn plan<'a>(
    files: &'a [CorpusFile],
    manifest: &Manifest,
    unreadable_dirs: &[String],
    every_file: bool,
) -> Plan<'a> {
    let mut out = Plan::default();
    let mut seen = HashSet::with_capacity(files.len());
    for file in files {
        seen.insert(file.rel.as_str());
        let previous = manifest.get(&file.rel).copied();
        match previous {
            Some(p) if !every_file && p.size == file.size && p.mtime_ns == file.mtime_ns => {
                out.unchanged += 1
            }
            _ => out.candidates.push(Candidate { file, previous }),
        }
    }
    out.removed = manifest
        .keys()
        .filter(|id| !seen.contains(id.as_str()))
        .filter(|id| !unreadable_dirs.iter().any(|d| is_under(id, d)))
        .cloned()
        .collect();
    out.removed.sort();
    out
}

fn is_under(id: &str, dir: &str) -> bool {
    dir.is_empty()
        || id
            .strip_prefix(dir)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, size: u64, mtime_ns: i64) -> CorpusFile {
        CorpusFile {
            path: rel.into(),
            rel: rel.into(),
            size,
            mtime_ns,
        }
    }

    fn fp(size: u64, mtime_ns: i64) -> Fingerprint {
        Fingerprint {
            size,
            mtime_ns,
            hash: 7,
            derived: 0,
        }
    }

    #[test]
    fn sorts_files_into_unchanged_candidates_and_removed() {
        let files = [
            file("a.txt", 10, 1),
            file("b.txt", 10, 2),
            file("new.txt", 5, 1),
        ];
        let manifest: Manifest = [
            ("a.txt", fp(10, 1)),
            ("b.txt", fp(10, 1)),
            ("gone.txt", fp(1, 1)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let p = plan(&files, &manifest, &[], false);
        assert_eq!(plan(&files, &manifest, &[], true).candidates.len(), 3);
        assert_eq!(p.unchanged, 1);
        let rels: Vec<_> = p
            .candidates
            .iter()
            .map(|c| (c.file.rel.as_str(), c.previous.is_some()))
            .collect();
        assert_eq!(rels, [("b.txt", true), ("new.txt", false)]);
        assert_eq!(p.removed, ["gone.txt"]);
    }

    #[test]
    fn articles_under_unreadable_folders_are_kept() {
        let manifest: Manifest = [("locked/a.txt", fp(1, 1)), ("lockedx/b.txt", fp(1, 1))]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let p = plan(&[], &manifest, &["locked".to_string()], false);
        assert_eq!(p.removed, ["lockedx/b.txt"]);
    }
}
