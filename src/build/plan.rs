//! What an incremental build must do with each walked file: compare it with the manifest.
//!
//! A file whose size and mtime match its manifest entry is unchanged and never read. Every
//! other file is a candidate: read and hashed, and parsed only if the hash differs. Ids in
//! the manifest that no walked file claimed are removed, except under folders the walk could
//! not read.
//!
//! A multi-article file (`news.jsonl`) has one manifest entry per record (`news.jsonl#line-3`),
//! each with the size and mtime of the file when that record was last written. The file is
//! unchanged when one of them matches the file now (the build keeps one record of every file
//! it reads carrying the current size and mtime); its records go to the candidate, which
//! compares them one by one.

use std::collections::HashMap;

use crate::article::Fingerprint;
use crate::corpus::CorpusFile;
use crate::error::Result;
use crate::index::manifest::Lookup;

/// What the index holds, as a build asks it: one lookup per walked file.
pub trait Indexed {
    /// The fingerprint indexed under `id`.
    fn get(&mut self, id: &str) -> Result<Option<Fingerprint>>;
    /// The ids starting with `prefix` (which ends in `#`), with their fingerprints.
    fn under(&mut self, prefix: &str) -> Result<Vec<(String, Fingerprint)>>;
}

impl Indexed for Lookup<'_> {
    fn get(&mut self, id: &str) -> Result<Option<Fingerprint>> {
        Lookup::get(self, id)
    }

    fn under(&mut self, prefix: &str) -> Result<Vec<(String, Fingerprint)>> {
        Lookup::under(self, prefix)
    }
}

/// A file that may need indexing, with what was indexed for it before, if anything.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub file: CorpusFile,
    /// The indexed version of a one-article file.
    pub previous: Option<Fingerprint>,
    /// The indexed records of a multi-article file, by id.
    pub records: HashMap<String, Fingerprint>,
}

/// What to do with one walked file.
#[derive(Debug)]
pub enum Verdict {
    /// Size and mtime match: this many indexed articles stay as they are.
    Unchanged(u64),
    Candidate(Candidate),
}

/// Compares `file` with what `indexed` holds for it. `every_file` makes every file a
/// candidate (extraction settings changed).
pub fn classify(file: CorpusFile, indexed: &mut impl Indexed, every_file: bool) -> Result<Verdict> {
    let same = |p: &Fingerprint| p.size == file.size && p.mtime_ns == file.mtime_ns;
    if file.format.format.is_multi() {
        let records: HashMap<_, _> = indexed
            .under(&format!("{}#", file.rel))?
            .into_iter()
            .collect();
        if !every_file && records.values().any(same) {
            return Ok(Verdict::Unchanged(records.len() as u64));
        }
        return Ok(Verdict::Candidate(Candidate {
            file,
            previous: None,
            records,
        }));
    }
    let previous = indexed.get(&file.rel)?;
    Ok(match previous {
        Some(p) if !every_file && same(&p) => Verdict::Unchanged(1),
        _ => Verdict::Candidate(Candidate {
            file,
            previous,
            records: HashMap::new(),
        }),
    })
}

/// The ids to remove: those no walked file claimed (`unseen`, sorted), except under the
/// corpus-relative folders the walk could not list, whose articles may still exist.
pub fn removed(unseen: Vec<String>, unreadable_dirs: &[String]) -> Vec<String> {
    unseen
        .into_iter()
        .filter(|id| !unreadable_dirs.iter().any(|d| is_under(id, d)))
        .collect()
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
    use std::collections::BTreeMap;

    /// The manifest as a sorted map, recording what was asked for.
    #[derive(Default)]
    struct Known {
        ids: BTreeMap<String, Fingerprint>,
    }

    impl Indexed for Known {
        fn get(&mut self, id: &str) -> Result<Option<Fingerprint>> {
            Ok(self.ids.get(id).copied())
        }

        fn under(&mut self, prefix: &str) -> Result<Vec<(String, Fingerprint)>> {
            let range = self.ids.range(prefix.to_string()..);
            let hits = range.take_while(|(k, _)| k.starts_with(prefix));
            Ok(hits.map(|(k, v)| (k.clone(), *v)).collect())
        }
    }

    fn known(entries: &[(&str, Fingerprint)]) -> Known {
        let ids = entries.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        Known { ids }
    }

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

    fn fp(size: u64, mtime_ns: i64) -> Fingerprint {
        Fingerprint {
            size,
            mtime_ns,
            hash: 7,
            derived: 0,
        }
    }

    /// `Unchanged(n)` as `Err(n)`, a candidate as its previous fingerprint and record ids.
    fn verdict(f: CorpusFile, k: &mut Known, every: bool) -> Result<(bool, Vec<String>), u64> {
        match classify(f, k, every).expect("classify") {
            Verdict::Unchanged(n) => Err(n),
            Verdict::Candidate(c) => {
                let mut ids: Vec<_> = c.records.into_keys().collect();
                ids.sort();
                Ok((c.previous.is_some(), ids))
            }
        }
    }

    #[test]
    fn one_article_files_are_unchanged_changed_or_new() {
        let mut k = known(&[("a.txt", fp(10, 1)), ("b.txt", fp(10, 1))]);
        assert_eq!(verdict(file("a.txt", 10, 1), &mut k, false), Err(1));
        assert_eq!(
            verdict(file("a.txt", 10, 1), &mut k, true),
            Ok((true, vec![]))
        );
        assert_eq!(
            verdict(file("b.txt", 10, 2), &mut k, false),
            Ok((true, vec![]))
        );
        assert_eq!(
            verdict(file("b.txt", 11, 1), &mut k, false),
            Ok((true, vec![]))
        );
        assert_eq!(
            verdict(file("new.txt", 5, 1), &mut k, false),
            Ok((false, vec![]))
        );
    }

    #[test]
    fn records_are_grouped_by_their_multi_article_file() {
        let mut k = known(&[
            ("a.jsonl#line-1", fp(10, 1)),
            ("a.jsonl#line-2", fp(9, 1)),
            ("a.jsonlx#line-1", fp(10, 1)),
            ("b.sgm#AP-1", fp(20, 1)),
            ("b.sgm#AP#2", fp(19, 0)),
            ("c#1.txt", fp(5, 1)),
        ]);
        let a = ["a.jsonl#line-1".to_string(), "a.jsonl#line-2".into()];
        assert_eq!(
            verdict(file("a.jsonl", 10, 2), &mut k, false),
            Ok((false, a.to_vec()))
        );
        // b.sgm has a record with its current size and mtime: unchanged, both records.
        assert_eq!(verdict(file("b.sgm", 20, 1), &mut k, false), Err(2));
        assert_eq!(
            verdict(file("b.sgm", 20, 1), &mut k, true).map(|v| v.1.len()),
            Ok(2)
        );
        assert_eq!(verdict(file("c#1.txt", 5, 1), &mut k, false), Err(1));
    }

    #[test]
    fn articles_under_unreadable_folders_are_kept() {
        let unseen = vec!["locked/a.txt".to_string(), "lockedx/b.txt".to_string()];
        assert_eq!(
            removed(unseen.clone(), &["locked".to_string()]),
            ["lockedx/b.txt"]
        );
        assert!(removed(unseen, &[String::new()]).is_empty());
    }
}
