//! Incremental rebuilds: one test per kind of change to the corpus, each checking the JSON
//! summary and what the index holds afterwards, plus a seeded random sequence of changes
//! checked step by step against a fresh build of the same corpus.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Output;
use std::time::SystemTime;

use common::{
    article, assert_code, assert_matches_fresh, assert_same_docs, build, build_ok, code, counts,
    dump, fresh_dump, ids, search_docs, stderr, utf8, write_corpus, Counts, Rng, Scratch,
};

/// Articles in the small corpus most tests start from.
const N: u64 = 12;

/// A scratch corpus of [`N`] generated articles in a few folders, already built.
fn built() -> Scratch {
    let mut s = Scratch::new();
    let mut rng = Rng::new(7);
    for i in 0..N {
        let rel = format!(
            "{}/story{i:02}.txt",
            ["politics", "business", "world"][i as usize % 3]
        );
        let text = article(&mut rng, &format!("tag{i}"));
        s.write(&rel, &text);
    }
    let summary = build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    let c = counts(&summary);
    assert_eq!(
        c,
        Counts {
            files: N,
            added: N,
            articles: N,
            ..Counts::default()
        },
        "{summary}"
    );
    s
}

/// An incremental rebuild of the scratch corpus that must succeed.
fn rebuild(s: &Scratch) -> Counts {
    counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]))
}

/// Ids of the articles a query finds (empty when the search exits 1).
fn found(s: &Scratch, query: &str) -> Vec<String> {
    let mut ids = ids(&search_docs(s.root(), &s.index, query));
    ids.sort();
    ids
}

#[test]
fn rerun_without_changes_reports_everything_unchanged() {
    let s = built();
    let before = dump(s.root(), &s.index);
    assert_eq!(before.len() as u64, N);
    for _ in 0..2 {
        let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
        assert_code(&out, &[0]);
        assert_eq!(
            counts(&summary),
            Counts {
                files: N,
                unchanged: N,
                articles: N,
                ..Counts::default()
            },
            "{summary}"
        );
        assert_eq!(summary["checkpoints"], 0);
        assert_eq!(summary["full"], false);
        assert_eq!(summary["interrupted"], false);
        assert_eq!(summary["warnings"], 0);
        assert_eq!(dump(s.root(), &s.index), before);
    }
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

#[test]
fn new_file_is_added() {
    let mut s = built();
    let mut rng = Rng::new(99);
    s.write("politics/new-story.txt", &article(&mut rng, "zznewstory"));
    let c = rebuild(&s);
    assert_eq!(
        c,
        Counts {
            files: N + 1,
            added: 1,
            unchanged: N,
            articles: N + 1,
            ..Counts::default()
        }
    );
    assert_eq!(found(&s, "zznewstory"), ["politics/new-story.txt"]);
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

#[test]
fn edited_file_is_updated_and_old_words_are_gone() {
    let mut s = built();
    let rel = "business/story01.txt";
    s.write(
        rel,
        "-Business\n\nHarbour tariffs zzoldword\n\nThe zzcommon report on zzoldword tariffs.\n",
    );
    assert_eq!(rebuild(&s).updated, 1);
    assert_eq!(found(&s, "zzoldword"), [rel]);

    s.write(
        rel,
        "-Markets\n\nHarbour tariffs zznewword\n\nThe zzcommon report on zznewword tariffs.\n",
    );
    let c = rebuild(&s);
    assert_eq!(
        c,
        Counts {
            files: N,
            updated: 1,
            unchanged: N - 1,
            articles: N,
            ..Counts::default()
        }
    );
    assert_eq!(found(&s, "zznewword"), [rel]);
    assert!(found(&s, "zzoldword").is_empty(), "the old version is gone");
    let docs = dump(s.root(), &s.index);
    let doc = docs.iter().find(|d| d.id == rel).expect("edited article");
    assert_eq!(doc.headline, "Harbour tariffs zznewword");
    assert_eq!(doc.section.as_deref(), Some("Markets"));
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

#[test]
fn touched_file_is_unchanged() {
    let mut s = built();
    let before = dump(s.root(), &s.index);
    s.touch("world/story02.txt");
    s.touch("politics/story03.txt");
    for _ in 0..2 {
        // The index keeps the old mtime, so the touched files are hashed again on every run,
        // and counted unchanged every time.
        let c = rebuild(&s);
        assert_eq!(
            c,
            Counts {
                files: N,
                unchanged: N,
                articles: N,
                ..Counts::default()
            }
        );
        assert_eq!(dump(s.root(), &s.index), before);
    }
}

#[test]
fn rewriting_identical_bytes_is_unchanged() {
    let mut s = built();
    let rel = "politics/story00.txt";
    let text = s.read(rel);
    s.write(rel, &text);
    let c = rebuild(&s);
    assert_eq!((c.unchanged, c.updated, c.added), (N, 0, 0));
}

#[test]
fn deleted_file_is_removed() {
    let s = built();
    let rel = "world/story05.txt";
    assert_eq!(found(&s, "tag5"), [rel]);
    s.remove(rel);
    let c = rebuild(&s);
    assert_eq!(
        c,
        Counts {
            files: N - 1,
            removed: 1,
            unchanged: N - 1,
            articles: N - 1,
            ..Counts::default()
        }
    );
    assert!(found(&s, "tag5").is_empty());
    assert!(!ids(&dump(s.root(), &s.index)).contains(&rel.to_string()));
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

#[test]
fn renamed_file_is_removed_and_added() {
    let s = built();
    let (from, to) = ("world/story05.txt", "archive/2021/story05-moved.txt");
    let before = dump(s.root(), &s.index);
    s.rename(from, to);
    let c = rebuild(&s);
    assert_eq!(
        c,
        Counts {
            files: N,
            added: 1,
            removed: 1,
            unchanged: N - 1,
            articles: N,
            ..Counts::default()
        }
    );
    assert_eq!(found(&s, "tag5"), [to]);
    let after = dump(s.root(), &s.index);
    let old = before.iter().find(|d| d.id == from).expect("old doc");
    let new = after.iter().find(|d| d.id == to).expect("new doc");
    assert_eq!((&new.path, &new.headline), (&to.to_string(), &old.headline));
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

#[test]
fn file_replaced_by_a_folder_with_an_article() {
    let mut s = built();
    let rel = "business/story04.txt";
    let text = s.read(rel);
    s.remove(rel);
    let inner = format!("{rel}/inner.txt");
    s.write(&inner, &text.replace("tag4", "zzinner"));
    let c = rebuild(&s);
    assert_eq!(
        c,
        Counts {
            files: N,
            added: 1,
            removed: 1,
            unchanged: N - 1,
            articles: N,
            ..Counts::default()
        }
    );
    assert_eq!(found(&s, "zzinner"), [inner.as_str()]);
    assert!(found(&s, "tag4").is_empty());
    assert_matches_fresh(s.root(), &s.corpus, &s.index);

    // And back: the folder gives way to a file of the old name.
    fs::remove_dir_all(s.path(rel)).expect("remove folder");
    s.write(rel, &text);
    let c = rebuild(&s);
    assert_eq!((c.added, c.removed, c.unchanged), (1, 1, N - 1));
    assert_eq!(found(&s, "tag4"), [rel]);
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

#[test]
fn emptied_file_is_skipped_and_loses_its_indexed_version() {
    let mut s = built();
    let rel = "politics/story06.txt";
    let text = s.read(rel);
    s.write(rel, "");
    let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_code(&out, &[3]);
    assert_eq!(
        counts(&summary),
        Counts {
            files: N,
            removed: 1,
            skipped: 1,
            unchanged: N - 1,
            articles: N - 1,
            ..Counts::default()
        },
        "{summary}"
    );
    assert_eq!(summary["skipped_by_reason"]["empty"], 1, "{summary}");
    assert!(stderr(&out).contains(rel), "the warning names the file");
    assert!(found(&s, "tag6").is_empty());
    assert_matches_fresh(s.root(), &s.corpus, &s.index);

    // Still empty: skipped again, nothing left to remove.
    let c = rebuild(&s);
    assert_eq!((c.skipped, c.removed, c.articles), (1, 0, N - 1));

    // Binary content counts the same way; refilled, the article comes back as new.
    s.write(rel, &text);
    assert_eq!(rebuild(&s).added, 1);
    s.write(rel, "-World\n\nHeadline\0\0\0 zzcommon\n");
    let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_code(&out, &[3]);
    assert_eq!(summary["skipped_by_reason"]["binary"], 1, "{summary}");
    assert_eq!(
        (summary["removed"].as_u64(), summary["articles"].as_u64()),
        (Some(1), Some(N - 1))
    );
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

#[test]
fn file_without_a_headline_any_more_loses_its_indexed_version() {
    let mut s = built();
    s.write("world/story08.txt", "-World\n");
    let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_code(&out, &[3]);
    assert_eq!(summary["skipped_by_reason"]["no_headline"], 1, "{summary}");
    assert_eq!(summary["removed"], 1, "{summary}");
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

/// True when this process runs as root (files it creates belong to uid 0): then file
/// permissions do not stop it, and unreadable-file tests run the binary as `nobody`.
fn running_as_root(s: &Scratch) -> bool {
    let probe = s.sibling("uid-probe");
    fs::write(&probe, "").expect("write probe");
    let uid = fs::metadata(&probe).expect("probe metadata").uid();
    fs::remove_file(&probe).expect("remove probe");
    uid == 0
}

const NOBODY: u32 = 65_534;

fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Runs the binary as an unprivileged user, so `chmod 000` means something even under root.
struct Unprivileged {
    as_nobody: bool,
}

impl Unprivileged {
    /// Prepares the scratch folder for the unprivileged user: `None` (with a note) when file
    /// permissions cannot be made to bite in this environment.
    fn new(s: &Scratch) -> Option<Self> {
        let as_nobody = running_as_root(s);
        if as_nobody {
            // The tempdir is 0700 root: let nobody in, and let it write index folders there.
            fs::set_permissions(s.root(), fs::Permissions::from_mode(0o777)).expect("chmod");
            let probe = Unprivileged { as_nobody };
            match probe.command(s.root(), &["--version"]).output() {
                Ok(out) if out.status.success() => {}
                other => {
                    eprintln!("note: cannot run newsidx as uid {NOBODY} ({other:?}); skipping");
                    return None;
                }
            }
        }
        Some(Unprivileged { as_nobody })
    }

    fn command(&self, cwd: &Path, args: &[&str]) -> std::process::Command {
        let mut cmd = common::command(cwd, args);
        if self.as_nobody {
            cmd.uid(NOBODY).gid(NOBODY);
        }
        cmd
    }

    fn run(&self, cwd: &Path, args: &[&str]) -> Output {
        self.command(cwd, args).output().expect("run newsidx")
    }

    fn build(&self, s: &Scratch) -> (Output, serde_json::Value) {
        let args = [
            "build",
            utf8(&s.corpus),
            "--index",
            utf8(&s.index),
            "--json",
        ];
        let out = self.run(s.root(), &args);
        let text = common::stdout(&out);
        let summary = serde_json::from_str(text.trim())
            .unwrap_or_else(|e| panic!("summary JSON ({e}): {text:?} {}", stderr(&out)));
        (out, summary)
    }

    /// Whether the binary, as this user, really cannot read `rel`: checked with `inspect`,
    /// which reads files exactly as `build` does.
    fn cannot_read(&self, s: &Scratch, rel: &str) -> bool {
        let path = s.path(rel);
        let out = self.run(s.root(), &["inspect", utf8(&path), "--json"]);
        code(&out) == 3 && common::stdout(&out).contains("\"unreadable\"")
    }
}

/// A file rewritten without read permission: a counted skip, and the article keeps its last
/// indexed version (the file still exists). Root ignores permissions, so under root the
/// binary runs as `nobody`.
#[test]
fn unreadable_file_keeps_its_indexed_version() {
    let mut s = Scratch::new();
    let Some(user) = Unprivileged::new(&s) else {
        return;
    };
    let mut rng = Rng::new(5);
    for i in 0..6 {
        s.write(
            &format!("news/s{i}.txt"),
            &article(&mut rng, &format!("tag{i}")),
        );
    }
    let (out, summary) = user.build(&s);
    assert_code(&out, &[0]);
    assert_eq!(summary["added"], 6);
    let rel = "news/s2.txt";
    let mode = |s: &Scratch, m| chmod(&s.path(rel), m);

    // chmod alone leaves size and mtime alone: the file is not even opened.
    mode(&s, 0o000);
    if !user.cannot_read(&s, rel) {
        eprintln!("note: a chmod 000 file is still readable here; skipping");
        return;
    }
    let (out, summary) = user.build(&s);
    assert_code(&out, &[0]);
    assert_eq!(
        (summary["unchanged"].as_u64(), summary["skipped"].as_u64()),
        (Some(6), Some(0))
    );

    // Rewritten and unreadable: skipped, old version kept.
    mode(&s, 0o644);
    s.write(
        rel,
        "-News\n\nRewritten zzrewritten\n\nThe zzcommon report, rewritten.\n",
    );
    mode(&s, 0o000);
    let before = dump(s.root(), &s.index);
    let (out, summary) = user.build(&s);
    assert_code(&out, &[3]);
    let c = counts(&summary);
    assert_eq!(
        c,
        Counts {
            files: 6,
            skipped: 1,
            unchanged: 5,
            articles: 6,
            ..Counts::default()
        },
        "{summary}"
    );
    assert_eq!(summary["skipped_by_reason"]["unreadable"], 1, "{summary}");
    let err = stderr(&out);
    assert!(
        err.contains(rel) && err.contains("kept"),
        "the warning names the file and says its version is kept: {err}"
    );
    assert_eq!(
        dump(s.root(), &s.index),
        before,
        "the indexed version is kept"
    );
    assert_eq!(found(&s, "tag2"), [rel]);
    assert!(found(&s, "zzrewritten").is_empty());

    // A new unreadable file is skipped and not added.
    s.write("news/new.txt", &article(&mut rng, "zznewlocked"));
    chmod(&s.path("news/new.txt"), 0o000);
    let (out, summary) = user.build(&s);
    assert_code(&out, &[3]);
    assert_eq!(
        (summary["skipped"].as_u64(), summary["added"].as_u64()),
        (Some(2), Some(0))
    );
    assert!(found(&s, "zznewlocked").is_empty());

    // Readable again: the rewrite and the new file go in.
    mode(&s, 0o644);
    chmod(&s.path("news/new.txt"), 0o644);
    let (out, summary) = user.build(&s);
    assert_code(&out, &[0]);
    assert_eq!(
        (summary["updated"].as_u64(), summary["added"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(found(&s, "zzrewritten"), [rel]);
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

/// A folder the walk cannot list: its articles stay indexed, and the run says it skipped it.
#[test]
fn unreadable_folder_keeps_its_articles() {
    let mut s = Scratch::new();
    let Some(user) = Unprivileged::new(&s) else {
        return;
    };
    let mut rng = Rng::new(6);
    for i in 0..4 {
        s.write(
            &format!("open/s{i}.txt"),
            &article(&mut rng, &format!("open{i}")),
        );
        s.write(
            &format!("locked/s{i}.txt"),
            &article(&mut rng, &format!("locked{i}")),
        );
    }
    let (out, _) = user.build(&s);
    assert_code(&out, &[0]);
    let before = dump(s.root(), &s.index);
    assert_eq!(before.len(), 8);
    let locked = s.path("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let (out, summary) = user.build(&s);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back");
    if code(&out) == 0 {
        eprintln!("note: a chmod 000 folder is still listable here; skipping");
        return;
    }
    assert_code(&out, &[3]);
    assert_eq!(summary["removed"], 0, "{summary}");
    assert_eq!(summary["skipped_by_reason"]["unreadable"], 1, "{summary}");
    assert_eq!(summary["articles"], 8, "{summary}");
    assert_eq!(dump(s.root(), &s.index), before);
}

#[test]
fn rerun_without_corpus_argument_uses_the_recorded_root() {
    let mut s = built();
    // Built with a relative corpus path from the scratch folder…
    let rel_index = s.sibling("rel-idx");
    let out = common::run(
        s.root(),
        &["build", "corpus", "--index", "rel-idx", "--json"],
    );
    assert_code(&out, &[0]);
    let mut rng = Rng::new(11);
    s.write("world/zz.txt", &article(&mut rng, "zzrecorded"));
    // …and rerun from elsewhere without one: the recorded absolute root is used.
    for index in [&s.index, &rel_index] {
        let elsewhere = tempfile::tempdir().expect("tempdir");
        let (out, summary) = build(elsewhere.path(), None, index, &[]);
        assert_code(&out, &[0]);
        let corpus = fs::canonicalize(&s.corpus).expect("canonical corpus");
        assert_eq!(summary["corpus"], utf8(&corpus), "{summary}");
        assert_eq!(
            (summary["added"].as_u64(), summary["unchanged"].as_u64()),
            (Some(1), Some(N))
        );
        assert_matches_fresh(s.root(), &s.corpus, index);
    }
    // The same folder spelt differently is the same root.
    let spelt = s.root().join("corpus/../corpus/.");
    let (out, summary) = build(s.root(), Some(&spelt), &s.index, &[]);
    assert_code(&out, &[0]);
    assert_eq!(summary["unchanged"], N + 1, "{summary}");
}

#[test]
fn a_different_corpus_root_needs_full() {
    let s = built();
    let other = s.sibling("other");
    let mut rng = Rng::new(12);
    for i in 0..5 {
        let path = other.join(format!("o{i}.txt"));
        fs::create_dir_all(&other).expect("mkdir");
        fs::write(path, article(&mut rng, &format!("other{i}"))).expect("write");
    }
    let before = dump(s.root(), &s.index);
    let (out, summary) = build(s.root(), Some(&other), &s.index, &[]);
    assert_code(&out, &[2]);
    assert!(summary.is_null(), "no summary on error");
    let err = stderr(&out);
    assert!(
        err.contains("--full"),
        "the error says how to fix it: {err}"
    );
    assert_eq!(dump(s.root(), &s.index), before, "the index is unchanged");

    let summary = build_ok(s.root(), Some(&other), &s.index, &["--full"]);
    assert_eq!(summary["full"], true);
    assert_eq!(
        (summary["added"].as_u64(), summary["articles"].as_u64()),
        (Some(5), Some(5))
    );
    assert!(
        !s.sibling(".idx.newsidx-rebuild").exists(),
        "staging folder removed"
    );
    assert_matches_fresh(s.root(), &other, &s.index);

    // The new root is now the recorded one.
    let summary = build_ok(s.root(), None, &s.index, &[]);
    assert_eq!(summary["unchanged"], 5, "{summary}");
    let (out, _) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_code(&out, &[2]);
}

#[test]
fn empty_corpus_is_refused_unless_allowed() {
    let s = built();
    let before = dump(s.root(), &s.index);
    fs::remove_dir_all(&s.corpus).expect("remove corpus");
    fs::create_dir_all(&s.corpus).expect("recreate empty corpus");
    // Files that are not articles do not count.
    fs::write(s.path("README.txt"), "about this archive").expect("write");
    let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_code(&out, &[2]);
    assert!(summary.is_null());
    let err = stderr(&out);
    assert!(err.contains("--allow-empty"), "{err}");
    assert_eq!(dump(s.root(), &s.index), before, "the index is unchanged");
    // Also without the corpus argument.
    let (out, _) = build(s.root(), None, &s.index, &[]);
    assert_code(&out, &[2]);

    let summary = build_ok(s.root(), Some(&s.corpus), &s.index, &["--allow-empty"]);
    assert_eq!(
        counts(&summary),
        Counts {
            removed: N,
            ..Counts::default()
        },
        "{summary}"
    );
    assert!(dump(s.root(), &s.index).is_empty());
    assert_eq!(common::stats_articles(s.root(), &s.index), 0);
    // Once empty, an empty corpus is no longer a threat.
    let summary = build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_eq!(summary["articles"], 0);
}

#[test]
fn first_build_of_an_empty_corpus_is_fine() {
    let s = Scratch::new();
    let summary = build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_eq!(counts(&summary), Counts::default(), "{summary}");
    assert!(dump(s.root(), &s.index).is_empty());
}

#[test]
fn full_rebuild_equals_incremental_result() {
    let mut s = built();
    let mut rng = Rng::new(13);
    s.write("world/extra.txt", &article(&mut rng, "extra"));
    s.remove("politics/story00.txt");
    s.write("business/story01.txt", &article(&mut rng, "rewritten"));
    s.rename("world/story02.txt", "world/renamed.txt");
    s.touch("politics/story03.txt");
    let c = rebuild(&s);
    assert_eq!(
        (c.added, c.updated, c.removed, c.unchanged, c.articles),
        (2, 1, 2, N - 3, N)
    );
    let incremental = dump(s.root(), &s.index);

    let summary = build_ok(s.root(), Some(&s.corpus), &s.index, &["--full"]);
    assert_eq!(summary["full"], true);
    assert_eq!(
        counts(&summary),
        Counts {
            files: N,
            added: N,
            articles: N,
            ..Counts::default()
        },
        "a full rebuild indexes everything anew: {summary}"
    );
    assert!(!s.sibling(".idx.newsidx-rebuild").exists());
    assert_same_docs(&dump(s.root(), &s.index), &incremental);
    assert_same_docs(&incremental, &fresh_dump(s.root(), &s.corpus));
    // Incremental runs carry on from a full rebuild.
    assert_eq!(rebuild(&s).unchanged, N);
}

#[test]
fn checkpoints_commit_every_n_changed_files() {
    let mut s = built();
    let mut rng = Rng::new(14);
    for i in 0..7 {
        s.write(
            &format!("new/n{i}.txt"),
            &article(&mut rng, &format!("new{i}")),
        );
    }
    s.remove("world/story02.txt");
    let summary = build_ok(s.root(), Some(&s.corpus), &s.index, &["--checkpoint", "3"]);
    // 7 candidates in chunks of 3: two commits before the final one.
    assert_eq!(summary["checkpoints"], 2, "{summary}");
    assert_eq!(
        (summary["added"].as_u64(), summary["removed"].as_u64()),
        (Some(7), Some(1))
    );
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

/// One file of the random test's model of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    text: String,
    mtime: SystemTime,
}

/// The random test's model: the corpus on disk, and what the index holds (with the mtime
/// recorded when each article was last written).
#[derive(Default)]
struct Model {
    corpus: BTreeMap<String, Entry>,
    indexed: BTreeMap<String, Entry>,
}

impl Model {
    /// What the next build should report, given the chunk size; updates `indexed`.
    fn expect_build(&mut self, checkpoint: usize) -> (Counts, u64) {
        let mut c = Counts {
            files: self.corpus.len() as u64,
            ..Counts::default()
        };
        let mut candidates = 0;
        for (rel, e) in &self.corpus {
            let old = self.indexed.get(rel);
            let same_stat = old.is_some_and(|o| o.text.len() == e.text.len() && o.mtime == e.mtime);
            if !same_stat {
                candidates += 1;
            }
            match old {
                _ if e.text.is_empty() => {
                    c.skipped += 1;
                    c.removed += u64::from(old.is_some());
                }
                Some(o) if o.text == e.text => c.unchanged += 1,
                Some(_) => c.updated += 1,
                None => c.added += 1,
            }
        }
        c.removed += self
            .indexed
            .keys()
            .filter(|k| !self.corpus.contains_key(*k))
            .count() as u64;
        let mut next = BTreeMap::new();
        for (rel, e) in &self.corpus {
            match self.indexed.get(rel) {
                _ if e.text.is_empty() => {}
                Some(o) if o.text == e.text => {
                    next.insert(rel.clone(), o.clone());
                }
                _ => {
                    next.insert(rel.clone(), e.clone());
                }
            }
        }
        self.indexed = next;
        c.articles = self.indexed.len() as u64;
        let chunk = if checkpoint == 0 {
            candidates.max(1)
        } else {
            checkpoint
        };
        let checkpoints = candidates.div_ceil(chunk).saturating_sub(1);
        (c, checkpoints as u64)
    }
}

/// Random edits: add, edit, delete, rename, touch, empty out, refill, rewrite identical bytes.
fn random_step(s: &mut Scratch, model: &mut Model, rng: &mut Rng, fresh: &mut usize) -> String {
    let rels: Vec<String> = model.corpus.keys().cloned().collect();
    let mut done = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let op = rng.below(8);
        let live: Vec<&String> = rels
            .iter()
            .filter(|r| model.corpus.contains_key(*r))
            .collect();
        if live.len() < 3 || op == 0 {
            *fresh += 1;
            let rel = format!("{}/f{}.txt", rng.pick(&["a", "b", "b/deep", "c"]), *fresh);
            let text = article(rng, &format!("fresh{fresh}"));
            s.write(&rel, &text);
            done.push(format!("add {rel}"));
            model.corpus.insert(rel.clone(), entry(s, &rel));
            continue;
        }
        let rel = (*rng.pick(&live)).clone();
        match op {
            1 | 2 => {
                let tag = format!("edit{}", rng.below(1000));
                let text = article(rng, &tag);
                s.write(&rel, &text);
                done.push(format!("edit {rel}"));
                model.corpus.insert(rel.clone(), entry(s, &rel));
            }
            3 => {
                s.remove(&rel);
                done.push(format!("delete {rel}"));
                model.corpus.remove(&rel);
            }
            4 => {
                *fresh += 1;
                let to = format!("{}/r{}.txt", rng.pick(&["a", "c", "c/x"]), *fresh);
                s.rename(&rel, &to);
                done.push(format!("rename {rel} -> {to}"));
                let e = model.corpus.remove(&rel).expect("live file");
                model.corpus.insert(to, e);
            }
            5 => {
                s.touch(&rel);
                done.push(format!("touch {rel}"));
                model.corpus.insert(rel.clone(), entry(s, &rel));
            }
            6 => {
                s.write(&rel, "");
                done.push(format!("empty {rel}"));
                model.corpus.insert(rel.clone(), entry(s, &rel));
            }
            _ => {
                let text = s.read(&rel);
                s.write(&rel, &text);
                done.push(format!("rewrite {rel}"));
                model.corpus.insert(rel.clone(), entry(s, &rel));
            }
        }
    }
    done.join("; ")
}

/// The model entry for the file at `rel`: its content and mtime on disk.
fn entry(s: &Scratch, rel: &str) -> Entry {
    Entry {
        text: s.read(rel),
        mtime: fs::metadata(s.path(rel))
            .expect("metadata")
            .modified()
            .expect("mtime"),
    }
}

/// A random sequence of changes with a build after each: every build reports what the model
/// predicts, and leaves the index equal to a fresh build of the corpus.
fn random_edit_sequence(seed: u64) {
    let mut s = Scratch::new();
    let mut rng = Rng::new(seed);
    let mut model = Model::default();
    let checkpoint = [0, 1, 2, 50_000][(seed % 4) as usize];
    let mut fresh = 0;
    for i in 0..6 {
        let rel = format!("{}/s{i}.txt", rng.pick(&["a", "b", "c"]));
        let text = article(&mut rng, &format!("seed{seed}n{i}"));
        s.write(&rel, &text);
        model.corpus.insert(rel.clone(), entry(&s, &rel));
    }
    let cp = checkpoint.to_string();
    for step in 0..8 {
        let what = if step == 0 {
            "initial build".to_string()
        } else {
            random_step(&mut s, &mut model, &mut rng, &mut fresh)
        };
        let ctx = format!("seed {seed}, checkpoint {cp}, step {step}: {what}");
        eprintln!("{ctx}");
        let (want, checkpoints) = model.expect_build(checkpoint);
        let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &["--checkpoint", &cp]);
        assert_eq!(
            code(&out),
            if want.skipped > 0 { 3 } else { 0 },
            "{ctx}\n{}",
            stderr(&out)
        );
        assert_eq!(counts(&summary), want, "{ctx}\n{summary}");
        assert_eq!(summary["checkpoints"], checkpoints, "{ctx}\n{summary}");
        let got = dump(s.root(), &s.index);
        let want_ids: Vec<String> = model.indexed.keys().cloned().collect();
        assert_eq!(ids(&got), want_ids, "{ctx}");
        for d in &got {
            let text = &model.indexed[&d.id].text;
            assert!(
                text.contains(d.headline.as_str()),
                "{ctx}: {} shows a stale headline {:?}",
                d.id,
                d.headline
            );
        }
        assert_same_docs(&got, &fresh_dump(s.root(), &s.corpus));
    }
}

#[test]
fn random_edit_sequence_seed_1() {
    random_edit_sequence(1);
}

#[test]
fn random_edit_sequence_seed_2() {
    random_edit_sequence(2);
}

#[test]
fn random_edit_sequence_seed_3() {
    random_edit_sequence(3);
}

#[test]
fn random_edit_sequence_seed_4() {
    random_edit_sequence(4);
}

#[test]
fn random_edit_sequence_seed_5() {
    random_edit_sequence(5);
}

#[test]
fn random_edit_sequence_seed_6() {
    random_edit_sequence(6);
}

#[test]
fn missing_recorded_root_is_an_error_and_keeps_the_index() {
    let s = built();
    let before = dump(s.root(), &s.index);
    let moved = s.sibling("moved-away");
    fs::rename(&s.corpus, &moved).expect("move corpus away");
    let (out, summary) = build(s.root(), None, &s.index, &[]);
    assert_code(&out, &[2]);
    assert!(summary.is_null());
    assert!(stderr(&out).contains("not found"), "{}", stderr(&out));
    assert_eq!(dump(s.root(), &s.index), before);
    // `--full` from the recorded root fails the same way, leaving the index serving.
    let (out, _) = build(s.root(), None, &s.index, &["--full"]);
    assert_code(&out, &[2]);
    assert_eq!(dump(s.root(), &s.index), before);
    assert!(!s.sibling(".idx.newsidx-rebuild").exists());
}

/// The empty-corpus guard ("is the disk mounted?") must hold for `--full` too: a rebuild from
/// an empty folder would swap in an empty index.
#[test]
fn full_rebuild_of_an_empty_corpus_is_refused_unless_allowed() {
    let s = built();
    let before = dump(s.root(), &s.index);
    fs::remove_dir_all(&s.corpus).expect("remove corpus");
    fs::create_dir_all(&s.corpus).expect("recreate empty corpus");
    let (out, _) = build(s.root(), Some(&s.corpus), &s.index, &["--full"]);
    assert_code(&out, &[2]);
    assert!(stderr(&out).contains("--allow-empty"), "{}", stderr(&out));
    assert_eq!(dump(s.root(), &s.index), before, "the index is unchanged");
    let summary = build_ok(
        s.root(),
        Some(&s.corpus),
        &s.index,
        &["--full", "--allow-empty"],
    );
    assert_eq!(summary["articles"], 0);
}

/// Ids are paths; two file names that are not UTF-8 must not become one id, or the two
/// files overwrite each other's article on every run.
#[test]
fn non_utf8_file_names_get_distinct_ids() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let s = Scratch::new();
    let mut rng = Rng::new(21);
    for (name, tag) in [
        (&b"caf\xe9.txt"[..], "zzlatin"),
        (&b"caf\xe8.txt"[..], "zzother"),
    ] {
        let path = s.corpus.join(OsStr::from_bytes(name));
        fs::write(path, article(&mut rng, tag)).expect("write");
    }
    let summary = build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    let c = counts(&summary);
    assert_eq!(
        (c.files, c.added, c.articles),
        (2, 2, 2),
        "each file is one article: {summary}"
    );
    assert_eq!(dump(s.root(), &s.index).len(), 2);
    assert_eq!(rebuild(&s).unchanged, 2, "a rerun finds nothing changed");
}

/// An incremental build should give what a fresh build with the same flags gives, also
/// after `--date-fallback` changes (the option is not recorded; unchanged files are not
/// reparsed, so they keep dates from the old setting).
#[test]
fn changing_date_fallback_matches_a_fresh_build() {
    let mut s = Scratch::new();
    s.write(
        "a.txt",
        "-World\n\nNo date here\n\nThe zzcommon report without a date.\n",
    );
    build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    let flags = ["--date-fallback", "mtime"];
    build_ok(s.root(), Some(&s.corpus), &s.index, &flags);
    let fresh = s.sibling("fresh");
    build_ok(s.root(), Some(&s.corpus), &fresh, &flags);
    let want = dump(s.root(), &fresh);
    assert!(want[0].date.is_some(), "the fresh build dates it by mtime");
    assert_same_docs(&dump(s.root(), &s.index), &want);
}

/// The segments the index at `index` holds (tantivy's meta.json).
fn segments(index: &Path) -> usize {
    let meta = fs::read_to_string(index.join("meta.json")).expect("meta.json");
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("meta JSON");
    meta["segments"].as_array().expect("segments").len()
}

/// `newsidx compact` merges the index into one segment; searches find the same articles in the
/// same order, an edit's deletion is gone, and the next build finds nothing to do.
#[test]
fn compact_merges_into_one_segment_and_changes_nothing_else() {
    let mut s = built();
    // Checkpoints commit a segment each: several segments to merge.
    write_corpus(&mut s, 11, 0..9, 3);
    build_ok(s.root(), Some(&s.corpus), &s.index, &["--checkpoint", "2"]);
    s.write("politics/story00.txt", &article(&mut Rng::new(99), "tag0"));
    build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    let before = segments(&s.index);
    assert!(before > 1, "{before} segments");
    let docs = dump(s.root(), &s.index);
    let hits = search_docs(s.root(), &s.index, "tag3");

    let out = common::run(s.root(), &["compact", "--index", utf8(&s.index), "--json"]);
    assert_code(&out, &[0]);
    let done: serde_json::Value = serde_json::from_str(common::stdout(&out).trim()).expect("JSON");
    assert_eq!(done["segments_before"], before, "{done}");
    assert_eq!(done["segments_after"], 1, "{done}");
    assert_eq!(segments(&s.index), 1);
    assert_same_docs(&dump(s.root(), &s.index), &docs);
    assert_eq!(ids(&search_docs(s.root(), &s.index, "tag3")), ids(&hits));
    let c = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!((c.added, c.updated, c.removed), (0, 0, 0));
    assert_eq!(c.unchanged, N + 9);
}
