//! What an incremental build must do: compare the walk with the manifest.
//!
//! A file whose size and mtime match its manifest entry is unchanged and never read. Every
//! other file is a candidate: read and hashed, and parsed only if the hash differs. Ids in
//! the manifest whose file is gone are removed, except under folders the walk could not read.
//!
//! A multi-article file (`news.jsonl`) has one manifest entry per record (`news.jsonl#line-3`),
//! each with the size and mtime of the file when that record was last written. The file is
//! unchanged when one of them matches the file now (the build keeps one record of every file
//! it reads carrying the current size and mtime); its records go to the candidate, which
//! compares them one by one.

use std::collections::{HashMap, HashSet};

use crate::article::Fingerprint;
use crate::corpus::CorpusFile;
use crate::index::manifest::Manifest;

/// A file that may need indexing, with what was indexed for it before, if anything.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub file: &'a CorpusFile,
    /// The indexed version of a one-article file.
    pub previous: Option<Fingerprint>,
    /// The indexed records of a multi-article file, by id.
    pub records: HashMap<String, Fingerprint>,
}

/// The work of an incremental build.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// Articles whose file's size and mtime match the manifest.
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
    let (mut records, orphans) = records_by_file(files, manifest);
    for file in files {
        let same = |p: &Fingerprint| p.size == file.size && p.mtime_ns == file.mtime_ns;
        if file.format.format.is_multi() {
            let records = records.remove(file.rel.as_str()).unwrap_or_default();
            if !every_file && records.values().any(same) {
                out.unchanged += records.len() as u64;
            } else {
                out.candidates.push(Candidate {
                    file,
                    previous: None,
                    records,
                });
            }
            continue;
        }
        let previous = manifest.get(&file.rel).copied();
        match previous {
            Some(p) if !every_file && same(&p) => out.unchanged += 1,
            _ => out.candidates.push(Candidate {
                file,
                previous,
                records: HashMap::new(),
            }),
        }
    }
    out.removed = orphans
        .into_iter()
        .filter(|id| !unreadable_dirs.iter().any(|d| is_under(id, d)))
        .map(str::to_string)
        .collect();
    out.removed.sort();
    out
}

/// The manifest's records grouped by the walked multi-article file they belong to, and the
/// ids that belong to no walked file.
fn records_by_file<'m>(
    files: &[CorpusFile],
    manifest: &'m Manifest,
) -> (HashMap<&'m str, HashMap<String, Fingerprint>>, Vec<&'m str>) {
    let walked: HashSet<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    let multi: HashSet<&str> = files
        .iter()
        .filter(|f| f.format.format.is_multi())
        .map(|f| f.rel.as_str())
        .collect();
    let mut grouped: HashMap<&str, HashMap<String, Fingerprint>> = HashMap::new();
    let mut orphans = Vec::new();
    for (id, fp) in manifest {
        if walked.contains(id.as_str()) && !multi.contains(id.as_str()) {
            continue;
        }
        match owner(id, &multi) {
            Some(file) => _ = grouped.entry(file).or_default().insert(id.clone(), *fp),
            None => orphans.push(id.as_str()),
        }
    }
    (grouped, orphans)
}

/// The multi-article file that record `id` (`path#key`) belongs to. A key may itself hold
/// `#`, so every `#` is tried from the left.
fn owner<'m>(id: &'m str, multi: &HashSet<&str>) -> Option<&'m str> {
    id.match_indices('#')
        .map(|(i, _)| &id[..i])
        .find(|path| multi.contains(path))
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
        let format = crate::article::format::from_path(std::path::Path::new(rel))
            .expect("test files have a known extension");
        CorpusFile {
            path: rel.into(),
            rel: rel.into(),
            size,
            mtime_ns,
            format,
        }
    }

    fn manifest(entries: &[(&str, Fingerprint)]) -> Manifest {
        entries.iter().map(|(k, v)| (k.to_string(), *v)).collect()
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

    #[test]
    fn records_are_grouped_by_their_multi_article_file() {
        let files = [
            file("a.jsonl", 10, 2),
            file("b.sgm", 20, 1),
            file("c#1.txt", 5, 1),
        ];
        let m = manifest(&[
            ("a.jsonl#line-1", fp(10, 1)),
            ("a.jsonl#line-2", fp(9, 1)),
            ("b.sgm#AP-1", fp(20, 1)),
            ("b.sgm#AP#2", fp(19, 0)),
            ("c#1.txt", fp(5, 1)),
            ("gone.jsonl#line-1", fp(1, 1)),
        ]);
        let p = plan(&files, &m, &[], false);
        // b.sgm has a record with its current size and mtime: unchanged, both records.
        assert_eq!(p.unchanged, 3);
        assert_eq!(p.candidates.len(), 1);
        let a = &p.candidates[0];
        assert_eq!(a.file.rel, "a.jsonl");
        let mut ids: Vec<_> = a.records.keys().cloned().collect();
        ids.sort();
        assert_eq!(ids, ["a.jsonl#line-1", "a.jsonl#line-2"]);
        assert_eq!(p.removed, ["gone.jsonl#line-1"]);
        assert_eq!(plan(&files, &m, &[], true).candidates.len(), 3);
    }

    #[test]
    fn owner_tries_every_hash_sign() {
        let multi: HashSet<&str> = ["x#y.jsonl", "z.sgm"].into_iter().collect();
        assert_eq!(owner("x#y.jsonl#line-1", &multi), Some("x#y.jsonl"));
        assert_eq!(owner("z.sgm#a#b", &multi), Some("z.sgm"));
        assert_eq!(owner("q.txt", &multi), None);
    }
}
