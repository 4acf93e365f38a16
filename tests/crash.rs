//! Builds that die or overlap: SIGKILL at several points of a checkpointed build, Ctrl-C,
//! a killed `--full` rebuild, searches while a build runs, and a second build of the same index.
//!
//! Kill points are fractions of a clean build's measured duration, so they spread over the run
//! whatever the machine; the assertions hold wherever the kill lands.

mod common;

use std::path::Path;
use std::process::{Child, ExitStatus, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::{
    assert_code, assert_same_docs, assert_unique, build, build_ok, code, corpus_id, counts, dump,
    ids, run, search_docs, spawn, stats_articles, utf8, write_corpus, Counts, Doc, Scratch, COMMON,
};

/// Articles in the big corpus of the kill test.
const TOTAL: usize = 3000;
/// Articles per folder of generated corpora.
const PER_DIR: usize = 100;
/// `--checkpoint` of the builds that get killed.
const CHECKPOINT: usize = 250;

/// A background `newsidx` that is killed if the test fails before it ends.
struct Bg {
    child: Option<Child>,
}

impl Bg {
    fn start(cwd: &Path, args: &[&str]) -> Self {
        Bg {
            child: Some(spawn(cwd, args)),
        }
    }

    fn child(&mut self) -> &mut Child {
        self.child.as_mut().expect("child not yet reaped")
    }

    /// The exit status if it has ended.
    fn try_wait(&mut self) -> Option<ExitStatus> {
        self.child().try_wait().expect("poll child")
    }

    /// SIGKILL (if still running) and reap. Returns the status: a signal if the kill landed, an
    /// exit code if the build had finished already.
    fn kill(mut self) -> ExitStatus {
        let mut child = self.child.take().expect("child");
        // Fails only when the child has been reaped, which `wait` handles.
        let _ = child.kill();
        child.wait().expect("reap child")
    }

    /// Waits for the end and returns the status and output.
    fn wait(mut self) -> Output {
        let child = self.child.take().expect("child");
        child.wait_with_output().expect("wait for child")
    }
}

impl Drop for Bg {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `build CORPUS --index INDEX -q EXTRA…` as arguments.
fn build_args<'a>(corpus: &'a Path, index: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["build", utf8(corpus), "--index", utf8(index), "-q"];
    args.extend_from_slice(extra);
    args
}

/// Polls until `cond` holds, failing after `limit`.
#[track_caller]
fn wait_until(limit: Duration, what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        sleep(Duration::from_millis(5));
    }
}

/// What a killed build left behind, checked against the clean build `reference` (sorted).
///
/// Guaranteed by the code: commits are atomic and happen in walk order, one per
/// [`CHECKPOINT`] files, so the index holds a prefix of the corpus whose length is a multiple of
/// the checkpoint (or everything, when the final commit landed). Before the index folder has a
/// `meta.json` (killed before tantivy created the index), there is no index and search says so
/// with exit 2; from then on search works (exit 1 while nothing is committed).
fn check_killed_state(s: &Scratch, index: &Path, reference: &[Doc]) -> usize {
    if !index.join("meta.json").exists() {
        let out = run(s.root(), &["search", COMMON, "--index", utf8(index)]);
        assert_code(&out, &[2]);
        eprintln!("killed before the index existed: {}", index.display());
        assert!(
            common::stderr(&out).contains("no index"),
            "{}",
            common::stderr(&out)
        );
        return 0;
    }
    let mut docs = search_docs(s.root(), index, COMMON);
    docs.sort();
    assert_unique(&docs);
    let n = docs.len();
    assert!(n <= reference.len(), "{n} documents after the kill");
    assert!(
        n.is_multiple_of(CHECKPOINT) || n == reference.len(),
        "{n} documents: not a whole number of checkpoints"
    );
    assert_same_docs(&docs, &reference[..n]);
    assert_eq!(stats_articles(s.root(), index), n as u64);
    n
}

/// Documents committed in the tantivy index at `index`, from its `meta.json` (`None` before
/// tantivy has created the index). Read without opening the index, so polling is cheap.
fn committed_docs(index: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(index.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&text).ok()?;
    let segments = meta["segments"].as_array()?;
    Some(
        segments
            .iter()
            .map(|seg| {
                let max = seg["max_doc"].as_u64().unwrap_or(0);
                max - seg["deletes"]["num_deleted_docs"].as_u64().unwrap_or(0)
            })
            .sum(),
    )
}

/// Where a kill lands: once the build has committed at least `after` documents (`None`: right
/// after the start, before there may be an index), plus `phase` of one checkpoint's duration.
#[derive(Debug, Clone, Copy)]
struct KillPoint {
    after: Option<u64>,
    phase: f64,
}

/// SIGKILL at points spread over a checkpointed build and over the phase of a checkpoint
/// (while parsing, while committing): the index is always a readable, duplicate-free,
/// committed prefix, and a rerun completes it to exactly what a clean build holds.
///
/// The points follow the build's own progress (documents committed, read from `meta.json`)
/// plus a delay derived from a clean build's measured duration, so they stay spread however
/// fast the machine is and whatever runs beside the test.
#[test]
fn killed_build_keeps_committed_checkpoints_and_resumes_to_a_clean_index() {
    let mut s = Scratch::new();
    let all = write_corpus(&mut s, 42, 0..TOTAL, PER_DIR);
    let cp = CHECKPOINT.to_string();

    let clean = s.sibling("clean");
    let started = Instant::now();
    let out = run(
        s.root(),
        &build_args(&s.corpus, &clean, &["--checkpoint", &cp]),
    );
    let clean_time = started.elapsed();
    assert_code(&out, &[0]);
    let reference = dump(s.root(), &clean);
    assert_eq!(ids(&reference), all);
    let per_checkpoint = clean_time.div_f64((TOTAL / CHECKPOINT) as f64);

    let points = [
        KillPoint {
            after: None,
            phase: 0.1,
        },
        KillPoint {
            after: Some(0),
            phase: 0.0,
        },
        KillPoint {
            after: Some(500),
            phase: 0.3,
        },
        KillPoint {
            after: Some(1250),
            phase: 0.6,
        },
        KillPoint {
            after: Some(2000),
            phase: 0.85,
        },
        KillPoint {
            after: Some(2750),
            phase: 0.95,
        },
    ];
    let mut seen = Vec::new();
    for (i, point) in points.into_iter().enumerate() {
        let index = s.sibling(&format!("killed{i}"));
        let mut bg = Bg::start(
            s.root(),
            &build_args(&s.corpus, &index, &["--checkpoint", &cp]),
        );
        if let Some(after) = point.after {
            wait_until(Duration::from_secs(120), "build progress", || {
                committed_docs(&index).is_some_and(|n| n >= after) || bg.try_wait().is_some()
            });
        }
        sleep(per_checkpoint.mul_f64(point.phase));
        let status = bg.kill();
        let finished = status.code().is_some();
        if finished {
            assert_eq!(status.code(), Some(0), "an unkilled build succeeds");
        }
        let kept = check_killed_state(&s, &index, &reference);
        seen.push((point, kept, finished));

        // The rerun picks up where the commits stopped.
        let summary = build_ok(s.root(), Some(&s.corpus), &index, &[]);
        let c = counts(&summary);
        assert_eq!(
            c,
            Counts {
                files: TOTAL as u64,
                added: (TOTAL - kept) as u64,
                unchanged: kept as u64,
                articles: TOTAL as u64,
                ..Counts::default()
            },
            "rerun after a kill at {point:?}, {kept} kept: {summary}"
        );
        assert_same_docs(&dump(s.root(), &index), &reference);
    }
    eprintln!("clean build {clean_time:?}; (kill point, documents kept, finished first):");
    for entry in &seen {
        eprintln!("  {entry:?}");
    }
    let between = seen
        .iter()
        .filter(|&&(_, kept, _)| kept > 0 && kept < TOTAL)
        .count();
    assert!(
        between >= 2,
        "at least two kills landed between checkpoints: {seen:?}"
    );
}

/// Ctrl-C (SIGINT) stops between files: exit 130, `interrupted`, and the checkpoints made so
/// far stay committed; a rerun completes the index.
#[test]
fn interrupted_build_exits_130_and_keeps_its_checkpoints() {
    let mut s = Scratch::new();
    let n = 1500;
    let all = write_corpus(&mut s, 43, 0..n, PER_DIR);
    let cp = CHECKPOINT.to_string();
    let mut args = build_args(&s.corpus, &s.index, &["--checkpoint", &cp, "--json"]);
    args.retain(|a| *a != "-q");
    let mut bg = Bg::start(s.root(), &args);
    // Interrupt once the first checkpoint is committed.
    let index = s.index.clone();
    let committed = |index: &Path| -> usize {
        if !index.join("meta.json").exists() {
            return 0;
        }
        search_docs(s.root(), index, COMMON).len()
    };
    let start = Instant::now();
    while committed(&index) == 0 && bg.try_wait().is_none() {
        assert!(start.elapsed() < Duration::from_secs(60), "no checkpoint");
        sleep(Duration::from_millis(20));
    }
    let sent = std::process::Command::new("kill")
        .args(["-INT", &bg.child().id().to_string()])
        .status();
    let out = bg.wait();
    if !sent.is_ok_and(|st| st.success()) {
        eprintln!("note: could not send SIGINT with `kill`; skipping");
        return;
    }
    if code(&out) == 0 {
        eprintln!("note: the build ended before the interrupt; nothing to check");
        return;
    }
    assert_code(&out, &[130]);
    let summary: serde_json::Value =
        serde_json::from_str(common::stdout(&out).trim()).expect("summary JSON");
    assert_eq!(summary["interrupted"], true, "{summary}");
    let docs = dump(s.root(), &s.index);
    let kept = docs.len();
    assert!(
        kept > 0 && kept.is_multiple_of(CHECKPOINT) && kept < n,
        "{kept} kept"
    );
    assert_eq!(ids(&docs), all[..kept]);
    assert_eq!(summary["articles"], kept, "{summary}");
    assert_eq!(
        summary["added"], kept,
        "only committed work is counted: {summary}"
    );
    assert_eq!(summary["checkpoints"], (kept / CHECKPOINT), "{summary}");

    let summary = build_ok(s.root(), None, &s.index, &[]);
    assert_eq!(summary["added"], n - kept, "{summary}");
    assert_eq!(ids(&dump(s.root(), &s.index)), all);
}

/// SIGKILL during `--full`: the old index keeps serving untouched, and the next `--full` clears
/// the stale staging folder and swaps in the new index.
#[test]
fn killed_full_rebuild_leaves_the_old_index() {
    let mut s = Scratch::new();
    let n = 1500;
    write_corpus(&mut s, 44, 0..n, PER_DIR);
    build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    let old = dump(s.root(), &s.index);
    // Change the corpus so old and new differ.
    for i in 0..100 {
        s.remove(&corpus_id(i, PER_DIR));
    }
    write_corpus(&mut s, 45, n..n + 100, PER_DIR);
    let staging = s.sibling(".idx.newsidx-rebuild");

    let cp = CHECKPOINT.to_string();
    let args = build_args(&s.corpus, &s.index, &["--full", "--checkpoint", &cp]);
    let started = Instant::now();
    let mut bg = Bg::start(s.root(), &args);
    // Kill once the staging index has its first checkpoint, i.e. well inside the rebuild.
    wait_until(Duration::from_secs(60), "a staging checkpoint", || {
        staging.join("meta.json").exists() && staging_has_segments(&staging)
            || bg.try_wait().is_some()
    });
    let status = bg.kill();
    eprintln!(
        "full rebuild killed after {:?}: {status:?}",
        started.elapsed()
    );
    if status.code().is_some() {
        eprintln!("note: the full rebuild ended before the kill; nothing to check");
        return;
    }
    assert!(
        staging.exists(),
        "the killed rebuild's staging folder is left"
    );
    let now = dump(s.root(), &s.index);
    assert_same_docs(&now, &old);

    // Searches and incremental builds are unaffected by the stale staging folder…
    let summary = build_ok(s.root(), None, &s.index, &[]);
    assert_eq!(
        (summary["added"].as_u64(), summary["removed"].as_u64()),
        (Some(100), Some(100)),
        "{summary}"
    );
    let incremental = dump(s.root(), &s.index);
    // …and the next full rebuild replaces it.
    let summary = build_ok(s.root(), None, &s.index, &["--full"]);
    assert_eq!(summary["full"], true);
    assert!(!staging.exists(), "staging folder removed");
    assert_same_docs(&dump(s.root(), &s.index), &incremental);
}

/// True when the staging index has committed at least one segment.
fn staging_has_segments(staging: &Path) -> bool {
    std::fs::read_to_string(staging.join("meta.json"))
        .ok()
        .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
        .is_some_and(|m| m["segments"].as_array().is_some_and(|a| !a.is_empty()))
}

/// Searches while a build adds to an index: each one works and sees at least the previous
/// commit, never a duplicate, and the counts only grow, by whole checkpoints.
#[test]
fn search_during_a_build_sees_the_last_commit() {
    let mut s = Scratch::new();
    let (first, total) = (1000, 3000);
    let early = write_corpus(&mut s, 46, 0..first, PER_DIR);
    build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    let all: Vec<String> = [early, write_corpus(&mut s, 46, first..total, PER_DIR)].concat();

    let cp = CHECKPOINT.to_string();
    let mut bg = Bg::start(
        s.root(),
        &build_args(&s.corpus, &s.index, &["--checkpoint", &cp]),
    );
    let mut counts_seen = Vec::new();
    let mut last = first;
    while bg.try_wait().is_none() {
        let mut docs = search_docs(s.root(), &s.index, COMMON);
        assert!(!docs.is_empty(), "search exits 0 during the build");
        docs.sort();
        assert_unique(&docs);
        let n = docs.len();
        assert!(n >= last && n <= total, "{n} documents after {last}");
        assert!(
            (n - first).is_multiple_of(CHECKPOINT) || n == total,
            "{n} documents: a partial checkpoint is visible"
        );
        assert_eq!(ids(&docs), all[..n], "the committed prefix");
        let out = run(s.root(), &["stats", "--index", utf8(&s.index), "--json"]);
        assert_code(&out, &[0]);
        last = n;
        counts_seen.push(n);
    }
    assert_code(&bg.wait(), &[0]);
    eprintln!("counts seen during the build: {counts_seen:?}");
    assert!(
        !counts_seen.is_empty(),
        "the build ran long enough to search"
    );
    let docs = dump(s.root(), &s.index);
    assert_eq!(ids(&docs), all);
}

/// A second build of the same index fails at once while the first runs; with `--wait` it runs
/// after the first finishes (and finds nothing left to do).
#[test]
fn second_build_fails_at_once_or_waits() {
    let mut s = Scratch::new();
    let n = 2000;
    let all = write_corpus(&mut s, 47, 0..n, PER_DIR);
    let cp = CHECKPOINT.to_string();
    let mut first = Bg::start(
        s.root(),
        &build_args(&s.corpus, &s.index, &["--checkpoint", &cp]),
    );
    // meta.json appears once the first build holds the lock and has created the index.
    let meta = s.index.join("meta.json");
    wait_until(Duration::from_secs(60), "the first build to start", || {
        meta.exists() || first.try_wait().is_some()
    });
    assert!(
        first.try_wait().is_none(),
        "the first build is still running"
    );

    let started = Instant::now();
    let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    let took = started.elapsed();
    assert_code(&out, &[2]);
    assert!(summary.is_null());
    let err = common::stderr(&out);
    assert!(err.contains("another build is updating"), "{err}");
    assert!(
        took < Duration::from_secs(5),
        "fails at once, not after {took:?}"
    );

    let waiting_args = [
        "build",
        utf8(&s.corpus),
        "--index",
        utf8(&s.index),
        "--json",
        "--wait",
    ];
    let waiting = Bg::start(s.root(), &waiting_args);
    // The first build cannot have released the lock before this point, so the waiter cannot
    // have taken it before the first build ended.
    assert!(
        first.try_wait().is_none(),
        "the first build still runs after the waiting one started"
    );
    let out = first.wait();
    assert_code(&out, &[0]);
    let out = waiting.wait();
    assert_code(&out, &[0]);
    let summary: serde_json::Value =
        serde_json::from_str(common::stdout(&out).trim()).expect("summary JSON");
    assert_eq!(
        counts(&summary),
        Counts {
            files: n as u64,
            unchanged: n as u64,
            articles: n as u64,
            ..Counts::default()
        },
        "the waiting build ran after the first committed everything: {summary}"
    );
    assert_eq!(ids(&dump(s.root(), &s.index)), all);
}

/// Searches while `--full` rebuilds are swapped in, one after another: every search sees a
/// whole index (the old or the new one), never an error.
#[test]
fn searches_during_full_rebuild_swaps_never_fail() {
    use std::sync::atomic::{AtomicBool, Ordering};

    let mut s = Scratch::new();
    let n = 40;
    let all = write_corpus(&mut s, 48, 0..n, PER_DIR);
    build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    let done = AtomicBool::new(false);
    let mut searches = 0;
    std::thread::scope(|scope| {
        let rebuilds = scope.spawn(|| {
            for _ in 0..80 {
                let out = run(s.root(), &build_args(&s.corpus, &s.index, &["--full"]));
                if code(&out) != 0 {
                    done.store(true, Ordering::SeqCst);
                    return Err(common::stderr(&out));
                }
            }
            done.store(true, Ordering::SeqCst);
            Ok(())
        });
        let mut failure = None;
        while !done.load(Ordering::SeqCst) {
            let out = run(
                s.root(),
                &[
                    "search",
                    COMMON,
                    "--index",
                    utf8(&s.index),
                    "--json",
                    "--limit",
                    "1000",
                ],
            );
            searches += 1;
            let hits = common::stdout(&out).lines().count();
            if code(&out) != 0 || hits != n {
                failure = Some(format!(
                    "search {searches}: exit {:?}, {hits} hits: {}",
                    out.status.code(),
                    common::stderr(&out)
                ));
                done.store(true, Ordering::SeqCst);
            }
        }
        let rebuilt = rebuilds.join().expect("rebuild thread");
        assert!(rebuilt.is_ok(), "a full rebuild failed: {rebuilt:?}");
        assert!(failure.is_none(), "{}", failure.unwrap_or_default());
    });
    assert!(searches > 0);
    assert_eq!(ids(&dump(s.root(), &s.index)), all);
}
