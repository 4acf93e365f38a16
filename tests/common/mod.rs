//! Shared helpers of `tests/reindex.rs` and `tests/crash.rs`: a seeded article generator, a
//! scratch corpus, running the real binary, and dumping an index's contents through `search`.
//!
//! Every generated article holds the token [`COMMON`] in its body, so one search lists the
//! whole index; [`dump`] turns that into sorted records that can be compared with a fresh build.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, SystemTime};

use serde_json::Value;
use tempfile::TempDir;

/// The word in the body of every generated article.
pub const COMMON: &str = "zzcommon";

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_newsidx")
}

/// A small xorshift64* generator: the same seed always gives the same corpus.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }
}

const SECTIONS: &[&str] = &[
    "Business", "Politics", "Sports", "World", "Science", "Culture",
];
const WORDS: &[&str] = &[
    "harbour",
    "council",
    "budget",
    "tariff",
    "election",
    "ferry",
    "market",
    "river",
    "bridge",
    "school",
    "hospital",
    "railway",
    "festival",
    "museum",
    "storm",
    "harvest",
    "factory",
    "union",
    "court",
    "senate",
    "village",
    "airport",
    "library",
    "stadium",
    "garden",
    "mayor",
    "treaty",
    "vaccine",
    "reef",
    "turbine",
    "copper",
    "wheat",
    "orchestra",
    "bakery",
    "tunnel",
    "ferryman",
];
const NAMES: &[&str] = &[
    "Maria Lopez",
    "John Carter",
    "Aiko Tanaka",
    "Peter Novak",
    "Fatima Hassan",
];

/// One article in the archive's layout: `-Section`, headline, an optional `Date:` line and
/// body paragraphs ending in full stops, the first holding [`COMMON`] and `tag`.
pub fn article(rng: &mut Rng, tag: &str) -> String {
    let section = rng.pick(SECTIONS);
    let mut head = Vec::new();
    for _ in 0..3 + rng.below(4) {
        head.push(*rng.pick(WORDS));
    }
    let headline = format!(
        "{} {} {}",
        capitalise(&head.join(" ")),
        tag,
        rng.below(1000)
    );
    let mut text = format!("-{section}\n\n{headline}\n\n");
    if rng.chance(1, 2) {
        text.push_str(&format!(
            "Date: 20{:02}-{:02}-{:02}\n\n",
            10 + rng.below(15),
            1 + rng.below(12),
            1 + rng.below(28)
        ));
    }
    for p in 0..1 + rng.below(3) {
        let mut words = Vec::new();
        if p == 0 {
            words.push(format!("The {COMMON} report on {tag}"));
        }
        if rng.chance(1, 3) {
            words.push(format!("{} said", rng.pick(NAMES)));
        }
        for _ in 0..8 + rng.below(25) {
            words.push(rng.pick(WORDS).to_string());
        }
        text.push_str(&capitalise(&words.join(" ")));
        text.push_str(".\n\n");
    }
    text
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A temporary folder with a corpus folder and room for index folders beside it.
pub struct Scratch {
    dir: TempDir,
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Modification times handed out by [`Scratch::write`], strictly increasing.
    clock: u64,
}

impl Scratch {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("create tempdir");
        let corpus = dir.path().join("corpus");
        fs::create_dir_all(&corpus).expect("create corpus folder");
        let index = dir.path().join("idx");
        Scratch {
            dir,
            corpus,
            index,
            clock: 0,
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A fresh path beside the corpus (not created).
    pub fn sibling(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.corpus.join(rel)
    }

    /// The next modification time: a fixed date plus a counter, so every write and touch gets
    /// a new mtime whatever the filesystem's clock granularity.
    pub fn next_mtime(&mut self) -> SystemTime {
        self.clock += 1;
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000 + self.clock * 7)
    }

    /// Writes `text` at `rel` under the corpus (creating folders) with a fresh mtime.
    pub fn write(&mut self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        fs::write(&path, text).expect("write article");
        self.touch(rel);
    }

    /// Gives `rel` a new mtime without changing its content.
    pub fn touch(&mut self, rel: &str) {
        let when = self.next_mtime();
        let file = fs::File::options()
            .write(true)
            .open(self.path(rel))
            .expect("open for touch");
        file.set_modified(when).expect("set mtime");
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).expect("remove article");
    }

    pub fn rename(&self, from: &str, to: &str) {
        let target = self.path(to);
        fs::create_dir_all(target.parent().expect("has a parent")).expect("create folders");
        fs::rename(self.path(from), target).expect("rename article");
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).expect("read article")
    }
}

pub fn utf8(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// The binary with an empty environment (no `NEWSIDX_INDEX`), run from `cwd`.
pub fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_clear().current_dir(cwd).args(args);
    cmd
}

/// Runs the binary to completion.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    command(cwd, args).output().expect("run newsidx")
}

/// Starts the binary in the background with stdout and stderr captured.
pub fn spawn(cwd: &Path, args: &[&str]) -> Child {
    command(cwd, args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start newsidx")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit code; a death by signal fails the test.
#[track_caller]
pub fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {out:?}"))
}

/// Asserts the exit code is one of `expected`, showing both streams when it is not.
#[track_caller]
pub fn assert_code(out: &Output, expected: &[i32]) {
    let got = code(out);
    assert!(
        expected.contains(&got),
        "exit code {got}, expected one of {expected:?}\n--- stdout\n{}\n--- stderr\n{}",
        stdout(out),
        stderr(out)
    );
}

/// `newsidx build [CORPUS] --index INDEX --json EXTRA…`: the output and the parsed summary
/// (`Value::Null` when stdout is empty, as after an error).
pub fn build(cwd: &Path, corpus: Option<&Path>, index: &Path, extra: &[&str]) -> (Output, Value) {
    let mut args = vec!["build"];
    if let Some(c) = corpus {
        args.push(utf8(c));
    }
    args.extend(["--index", utf8(index), "--json"]);
    args.extend_from_slice(extra);
    let out = run(cwd, &args);
    let text = stdout(&out);
    let summary = if text.trim().is_empty() {
        Value::Null
    } else {
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "one JSON summary line: {text:?}");
        serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("summary JSON ({e}): {text:?}"))
    };
    (out, summary)
}

/// A build that must succeed with exit code 0 (or 3 when `partial_ok` and files were skipped);
/// returns the summary after checking that the code agrees with `skipped`.
#[track_caller]
pub fn build_ok(cwd: &Path, corpus: Option<&Path>, index: &Path, extra: &[&str]) -> Value {
    let (out, summary) = build(cwd, corpus, index, extra);
    assert_code(&out, &[0, 3]);
    let skipped = summary["skipped"].as_u64().expect("skipped is a number");
    assert_eq!(
        code(&out),
        if skipped > 0 { 3 } else { 0 },
        "exit code must say whether files were skipped: {summary}"
    );
    assert_eq!(summary["interrupted"], false, "{summary}");
    summary
}

/// The counts of a summary that matter for incremental builds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: u64,
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub articles: u64,
}

pub fn counts(summary: &Value) -> Counts {
    let n = |key: &str| {
        summary[key]
            .as_u64()
            .unwrap_or_else(|| panic!("summary key {key} is a number: {summary}"))
    };
    Counts {
        files: n("files"),
        added: n("added"),
        updated: n("updated"),
        removed: n("removed"),
        unchanged: n("unchanged"),
        skipped: n("skipped"),
        articles: n("articles"),
    }
}

/// One indexed article as `search --json` shows it: every stored field that the output has
/// except rank and score (which depend on the rest of the index).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Doc {
    pub id: String,
    pub path: String,
    pub headline: String,
    pub date: Option<String>,
    pub section: Option<String>,
    pub people: Vec<String>,
    /// The `sources` array as JSON text.
    pub sources: String,
    pub snippet: String,
}

/// Runs `search QUERY --json --limit 100000`; exit 1 means no hits. Returns hits in rank order.
#[track_caller]
pub fn search_docs(cwd: &Path, index: &Path, query: &str) -> Vec<Doc> {
    let out = run(
        cwd,
        &[
            "search",
            query,
            "--index",
            utf8(index),
            "--json",
            "--limit",
            "100000",
        ],
    );
    assert_code(&out, &[0, 1]);
    let text = stdout(&out);
    if code(&out) == 1 {
        assert!(text.is_empty(), "no stdout without hits: {text:?}");
        return Vec::new();
    }
    text.lines().map(parse_hit).collect()
}

fn parse_hit(line: &str) -> Doc {
    let v: Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line:?}"));
    let s = |key: &str| {
        v[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} is a string: {line}"))
            .to_string()
    };
    let opt = |key: &str| match &v[key] {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => panic!("{key} is a string or null, not {other}: {line}"),
    };
    let people = v["people"]
        .as_array()
        .unwrap_or_else(|| panic!("people is an array: {line}"))
        .iter()
        .map(|p| p.as_str().expect("people are strings").to_string())
        .collect();
    Doc {
        id: s("id"),
        path: s("path"),
        headline: s("headline"),
        date: opt("date"),
        section: opt("section"),
        people,
        sources: v["sources"].to_string(),
        snippet: s("snippet"),
    }
}

/// The whole index, sorted by id: every document matches [`COMMON`]. Asserts ids are unique
/// and that `stats` counts the same number of articles.
#[track_caller]
pub fn dump(cwd: &Path, index: &Path) -> Vec<Doc> {
    let mut docs = search_docs(cwd, index, COMMON);
    docs.sort();
    assert_unique(&docs);
    assert_eq!(
        stats_articles(cwd, index),
        docs.len() as u64,
        "stats counts every article the search lists"
    );
    docs
}

/// Asserts no id appears twice.
#[track_caller]
pub fn assert_unique(docs: &[Doc]) {
    let mut seen = BTreeSet::new();
    for d in docs {
        assert!(seen.insert(d.id.as_str()), "duplicate id {}", d.id);
    }
}

pub fn ids(docs: &[Doc]) -> Vec<String> {
    docs.iter().map(|d| d.id.clone()).collect()
}

/// `stats --json` → `articles`.
#[track_caller]
pub fn stats_articles(cwd: &Path, index: &Path) -> u64 {
    let out = run(cwd, &["stats", "--index", utf8(index), "--json"]);
    assert_code(&out, &[0]);
    let v: Value = serde_json::from_str(stdout(&out).trim()).expect("stats JSON");
    v["articles"].as_u64().expect("articles is a number")
}

/// Builds `corpus` from scratch into a new folder and dumps it: what the index should hold.
#[track_caller]
pub fn fresh_dump(cwd: &Path, corpus: &Path) -> Vec<Doc> {
    let dir = tempfile::tempdir_in(cwd).expect("tempdir for the fresh index");
    let index = dir.path().join("fresh");
    build_ok(cwd, Some(corpus), &index, &[]);
    dump(cwd, &index)
}

/// Asserts the index at `index` holds exactly what a fresh build of `corpus` holds.
#[track_caller]
pub fn assert_matches_fresh(cwd: &Path, corpus: &Path, index: &Path) {
    let got = dump(cwd, index);
    let want = fresh_dump(cwd, corpus);
    assert_same_docs(&got, &want);
}

/// Compares two sorted dumps, naming the first difference instead of printing thousands.
#[track_caller]
pub fn assert_same_docs(got: &[Doc], want: &[Doc]) {
    let got_ids: BTreeSet<&str> = got.iter().map(|d| d.id.as_str()).collect();
    let want_ids: BTreeSet<&str> = want.iter().map(|d| d.id.as_str()).collect();
    let extra: Vec<_> = got_ids.difference(&want_ids).take(10).collect();
    let missing: Vec<_> = want_ids.difference(&got_ids).take(10).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "index ids differ from a fresh build: {} vs {} docs; extra {extra:?}; missing {missing:?}",
        got.len(),
        want.len()
    );
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w, "stored fields of {} differ from a fresh build", g.id);
    }
}

/// The id of the `i`th article of [`write_corpus`]: zero-padded, so walk order is id order.
pub fn corpus_id(i: usize, per_dir: usize) -> String {
    format!("d{:03}/a{:05}.txt", i / per_dir, i)
}

/// Writes generated articles `range` at [`corpus_id`]: each article depends only on `seed`
/// and its number, so a corpus can be written in parts. Returns the ids, sorted.
pub fn write_corpus(
    scratch: &mut Scratch,
    seed: u64,
    range: std::ops::Range<usize>,
    per_dir: usize,
) -> Vec<String> {
    let mut ids = Vec::with_capacity(range.len());
    for i in range {
        let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
        let rel = corpus_id(i, per_dir);
        let text = article(&mut rng, &format!("tag{i}"));
        scratch.write(&rel, &text);
        ids.push(rel);
    }
    ids
}
