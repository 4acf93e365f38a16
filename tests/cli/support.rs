//! Shared helpers: a temporary copy of the fixture corpus, running the real binary with a clean
//! environment, and small parsers for its output.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// The hand-written fixture corpus (see `tests/fixtures/README.md`). Never written to.
pub const FIXTURE_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");

/// Articles in the fixture that become documents.
pub const INDEXED: u64 = 9;
/// `.txt` files the walk lists (hidden folders excluded): 9 articles, one empty, one binary.
pub const FILES: u64 = 11;

pub const MEDDLING: &str = "2021/03/19/senate-panel-election-meddling.txt";
pub const MEDDLING_HEADLINE: &str = "Senate panel opens inquiry into election meddling";
pub const FERRY: &str = "2021/03/23/ferry-timetable.txt";
pub const TURNOUT: &str = "politics/city-election-turnout.txt";
pub const BUDGET: &str = "politics/council-budget-row.txt";
pub const TARIFFS: &str = "business/harbour-tariffs.txt";
pub const REEF: &str = "science/reef-survey.txt";
pub const CUP: &str = "sports/cup-final-replay.txt";
pub const SUMMIT: &str = "world/2021-06-14-summit-closes.txt";
pub const CAFE: &str = "culture/cafe-reopens.txt";
pub const EMPTY: &str = "edge/empty.txt";
pub const BINARY: &str = "edge/binary.txt";

/// A temporary folder holding a copy of the fixture corpus; the index goes beside it.
pub struct TestEnv {
    dir: TempDir,
    corpus: PathBuf,
    index: PathBuf,
}

impl TestEnv {
    /// A fresh copy of the corpus at `TMP/corpus`; the index path is `TMP/idx` (not created).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("create tempdir");
        let corpus = dir.path().join("corpus");
        copy_tree(Path::new(FIXTURE_CORPUS), &corpus);
        let index = dir.path().join("idx");
        TestEnv { dir, corpus, index }
    }

    /// A copy of the corpus already built into [`TestEnv::index`].
    pub fn built() -> Self {
        let env = TestEnv::new();
        let out = env.build();
        assert_code(&out, 3);
        env
    }

    /// The temporary folder; also the working directory of every run.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> &Path {
        &self.corpus
    }

    pub fn index(&self) -> &Path {
        &self.index
    }

    pub fn corpus_arg(&self) -> &str {
        utf8(&self.corpus)
    }

    pub fn index_arg(&self) -> &str {
        utf8(&self.index)
    }

    /// The binary with an empty environment, run from [`TestEnv::root`].
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("newsidx"));
        cmd.env_clear().current_dir(self.root()).args(args);
        cmd
    }

    /// Runs the binary with `args` and a clean environment.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    /// Runs the binary with `args` and only the given environment variables.
    pub fn run_env(&self, args: &[&str], envs: &[(&str, &str)]) -> Output {
        let mut cmd = self.command(args);
        cmd.envs(envs.iter().copied());
        cmd.output().expect("run newsidx")
    }

    /// `newsidx build CORPUS --index IDX` plus `extra` flags.
    pub fn build_with(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", self.corpus_arg(), "--index", self.index_arg()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    pub fn build(&self) -> Output {
        self.build_with(&[])
    }

    /// `newsidx search QUERY --index IDX` plus `extra` flags.
    pub fn search(&self, query: &str, extra: &[&str]) -> Output {
        let mut args = vec!["search", query, "--index", self.index_arg()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// The hits of a `--json` search that must succeed.
    pub fn search_hits(&self, query: &str, extra: &[&str]) -> Vec<Value> {
        let mut flags = vec!["--json"];
        flags.extend_from_slice(extra);
        let out = self.search(query, &flags);
        assert_code(&out, 0);
        json_lines(&stdout(&out))
    }

    /// `newsidx stats --json` as one object.
    pub fn stats(&self) -> Value {
        let out = self.run(&["stats", "--index", self.index_arg(), "--json"]);
        assert_code(&out, 0);
        single_json(&stdout(&out))
    }
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// Copies a folder tree, hidden entries included.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// The exit code; a death by signal fails the test.
pub fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {out:?}"))
}

/// Asserts the exit code, showing both streams when it differs.
#[track_caller]
pub fn assert_code(out: &Output, expected: i32) {
    assert_eq!(
        code(out),
        expected,
        "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Asserts stderr holds exactly one line, a `newsidx: error:` message, and returns it.
#[track_caller]
pub fn one_error_line(out: &Output) -> String {
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr: {err:?}");
    assert!(
        lines[0].starts_with("newsidx: error:"),
        "error line format: {err:?}"
    );
    lines[0].to_string()
}

/// Parses JSON Lines; every line must be one JSON object.
#[track_caller]
pub fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line:?}"));
            assert!(v.is_object(), "not a JSON object: {line:?}");
            v
        })
        .collect()
}

/// Parses output that must be exactly one JSON object on one line.
#[track_caller]
pub fn single_json(text: &str) -> Value {
    let mut lines = json_lines(text);
    assert_eq!(lines.len(), 1, "expected exactly one JSON line: {text:?}");
    lines.remove(0)
}

/// The key set of a JSON object.
pub fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .expect("JSON object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// True when the text holds an ANSI escape sequence.
pub fn has_ansi(text: &str) -> bool {
    text.contains("\u{1b}[")
}

/// True when `s` is an RFC 3339 timestamp.
pub fn is_rfc3339(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// File names and contents under `dir`, to show a folder was left untouched.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .expect("read folder")
        .map(|e| {
            let e = e.expect("entry");
            let bytes = fs::read(e.path()).expect("read file");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}
