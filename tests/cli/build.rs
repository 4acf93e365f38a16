//! `newsidx build`: exit codes, the stderr report, the `--json` summary, rebuilds, `--help`.

use crate::support::*;

#[test]
fn build_exits_3_when_files_are_skipped_and_reports_them_on_stderr() {
    let env = TestEnv::new();
    let out = env.build();
    assert_code(&out, 3);
    assert_eq!(stdout(&out), "", "human build prints nothing on stdout");
    let err = stderr(&out);
    for skipped in [EMPTY, BINARY] {
        assert!(
            err.lines()
                .any(|l| l.starts_with("newsidx: warning:") && l.contains(skipped)),
            "stderr should name skipped {skipped}: {err}"
        );
    }
    assert!(
        err.lines()
            .any(|l| l.contains(CAFE) && l.contains("Windows-1252")),
        "stderr should warn about the Windows-1252 file: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// Keys the README documents for `build --json`, except `indexed` (see the ignored test below).
const SUMMARY_KEYS: [&str; 11] = [
    "corpus",
    "index",
    "files",
    "skipped",
    "skipped_by_reason",
    "without_date",
    "ignored",
    "warnings",
    "elapsed_secs",
    "articles_per_sec",
    "interrupted",
];

#[test]
fn build_json_prints_exactly_one_summary_object_matching_the_fixture() {
    let env = TestEnv::new();
    let out = env.build_with(&["--json"]);
    assert_code(&out, 3);
    let summary = single_json(&stdout(&out));
    let present = keys(&summary);
    for key in SUMMARY_KEYS {
        assert!(present.contains(key), "missing key {key}: {summary}");
    }

    let canonical_corpus = std::fs::canonicalize(env.corpus()).expect("canonical corpus");
    assert_eq!(summary["corpus"], canonical_corpus.to_str().expect("utf8"));
    assert_eq!(summary["index"], env.index_arg());
    assert_eq!(summary["files"], FILES);
    assert_eq!(
        summary["added"], INDEXED,
        "a first build adds every article"
    );
    assert_eq!(summary["articles"], INDEXED);
    assert_eq!(summary["skipped"], 2);
    assert_eq!(
        summary["skipped_by_reason"],
        serde_json::json!({"empty": 1, "binary": 1})
    );
    // Only notes.md: the hidden folder is not walked at all.
    assert_eq!(summary["ignored"], 1);
    // Two skips and the Windows-1252 decode, at least.
    assert!(summary["warnings"].as_u64().expect("warnings") >= 3);
    // Four articles have a header or path date; the rest may or may not get one from text.
    assert!(summary["without_date"].as_u64().expect("without_date") <= INDEXED - 4);
    assert!(summary["elapsed_secs"].as_f64().expect("elapsed") >= 0.0);
    assert!(summary["articles_per_sec"].as_f64().expect("rate") >= 0.0);
    assert_eq!(summary["interrupted"], false);
}

#[test]
fn build_json_reports_the_documented_indexed_count() {
    let env = TestEnv::new();
    let out = env.build_with(&["--json"]);
    assert_code(&out, 3);
    let summary = single_json(&stdout(&out));
    assert_eq!(summary["indexed"], INDEXED, "{summary}");
}

#[test]
fn build_json_keeps_warnings_on_stderr_and_stdout_pure() {
    let env = TestEnv::new();
    let out = env.build_with(&["--json"]);
    assert_code(&out, 3);
    assert_eq!(stdout(&out).lines().count(), 1);
    let err = stderr(&out);
    assert!(err.contains(EMPTY) && err.contains(BINARY), "{err}");
    assert!(
        err.lines().all(|l| l.starts_with("newsidx: warning:")),
        "only warnings on stderr with --json: {err}"
    );
}

#[test]
fn rebuilding_the_same_corpus_does_not_duplicate_documents() {
    let env = TestEnv::built();
    let hits_before = env.search_hits("election", &["--limit", "100"]).len();
    assert_eq!(hits_before, 3);
    assert_eq!(env.stats()["articles"], INDEXED);

    for flags in [&["--json"][..], &["--json", "--full"][..]] {
        let again = env.build_with(flags);
        assert_code(&again, 3);
        assert_eq!(
            single_json(&stdout(&again))["articles"],
            INDEXED,
            "{flags:?}"
        );
        assert_eq!(env.stats()["articles"], INDEXED, "{flags:?}");
        assert_eq!(
            env.search_hits("election", &["--limit", "100"]).len(),
            hits_before,
            "{flags:?}"
        );
    }
}

#[test]
fn an_unchanged_rebuild_writes_nothing_but_still_reports_skips() {
    let env = TestEnv::built();
    let out = env.build_with(&["--json"]);
    assert_code(&out, 3);
    let summary = single_json(&stdout(&out));
    assert_eq!(summary["unchanged"], INDEXED, "{summary}");
    assert_eq!(summary["added"], 0);
    assert_eq!(summary["updated"], 0);
    assert_eq!(summary["removed"], 0);
    assert_eq!(summary["skipped"], 2);
}

/// Makes the index at `index` look written before analysis versions (an older newsidx).
fn forget_analysis_version(index: &std::path::Path) {
    let path = index.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("meta.json")).expect("json");
    let mut payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().expect("payload")).expect("payload json");
    assert!(payload["analysis_version"].as_u64() > Some(0), "{payload}");
    payload
        .as_object_mut()
        .expect("object")
        .remove("analysis_version");
    meta["payload"] = payload.to_string().into();
    std::fs::write(&path, meta.to_string()).expect("write meta.json");
}

#[test]
fn an_index_analysed_otherwise_is_rewritten_by_the_next_build() {
    let env = TestEnv::built();
    forget_analysis_version(env.index());
    let summary = single_json(&stdout(&env.build_with(&["--json"])));
    assert_eq!(
        summary["updated"], INDEXED,
        "every article again: {summary}"
    );
    assert_eq!(summary["unchanged"], 0, "{summary}");
    let summary = single_json(&stdout(&env.build_with(&["--json"])));
    assert_eq!(summary["unchanged"], INDEXED, "then nothing: {summary}");
    assert_eq!(env.search_hits("lumiere", &[])[0]["path"], CAFE);
}

#[test]
fn rebuild_removes_deleted_articles_and_replaces_changed_ones() {
    let env = TestEnv::built();
    std::fs::remove_file(env.corpus().join(REEF)).expect("delete reef article");
    let turnout = env.corpus().join(TURNOUT);
    let text = std::fs::read_to_string(&turnout).expect("read");
    let text = text.replace("Turnout rises", "Record turnout rises");
    std::fs::write(&turnout, text).expect("rewrite");

    let out = env.build_with(&["--json"]);
    assert_code(&out, 3);
    let summary = single_json(&stdout(&out));
    assert_eq!(summary["removed"], 1, "{summary}");
    assert_eq!(summary["updated"], 1, "{summary}");
    assert_eq!(summary["articles"], INDEXED - 1, "{summary}");
    assert_eq!(env.stats()["articles"], INDEXED - 1);

    assert_code(&env.search("marrowfin", &[]), 1);
    let hits = env.search_hits("record turnout", &[]);
    assert_eq!(hits.len(), 1, "one copy of the changed article: {hits:?}");
    assert_eq!(hits[0]["headline"], "Record turnout rises in city election");
}

#[test]
fn full_rebuild_json_names_the_real_index_folder() {
    let env = TestEnv::built();
    let out = env.build_with(&["--json", "--full"]);
    assert_code(&out, 3);
    assert_eq!(single_json(&stdout(&out))["index"], env.index_arg());
}

#[test]
fn rebuild_without_a_corpus_argument_reuses_the_recorded_corpus() {
    let env = TestEnv::built();
    let out = env.run(&["build", "--index", env.index_arg(), "--json"]);
    assert_code(&out, 3);
    let summary = single_json(&stdout(&out));
    assert_eq!(summary["files"], FILES);
    assert_eq!(env.stats()["articles"], INDEXED);
}

#[test]
fn build_without_corpus_or_recorded_corpus_is_an_error() {
    let env = TestEnv::new();
    let out = env.run(&["build", "--index", env.index_arg()]);
    assert_code(&out, 2);
    let line = one_error_line(&out);
    assert!(line.contains("newsidx build"), "{line}");
}

#[test]
fn failed_first_build_leaves_no_index_behind() {
    let env = TestEnv::new();
    assert_code(&env.run(&["build", "--index", env.index_arg()]), 2);
    let out = env.search("election", &[]);
    assert_code(&out, 2);
    assert!(one_error_line(&out).contains("newsidx build"));
}

#[test]
fn a_clean_corpus_builds_with_exit_0() {
    let env = TestEnv::new();
    std::fs::remove_dir_all(env.corpus().join("edge")).expect("remove edge cases");
    let out = env.build_with(&["--json"]);
    assert_code(&out, 0);
    let summary = single_json(&stdout(&out));
    assert_eq!(summary["skipped"], 0);
    assert_eq!(summary["articles"], INDEXED);
}

#[test]
fn help_lists_every_exit_code() {
    let env = TestEnv::new();
    let out = env.run(&["--help"]);
    assert_code(&out, 0);
    let help = stdout(&out);
    let section = help
        .split_once("Exit codes:")
        .unwrap_or_else(|| panic!("no exit-code section in --help: {help}"))
        .1;
    for code in ["0", "1", "2", "3", "130"] {
        assert!(
            section
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{code} "))),
            "exit code {code} missing from --help: {section}"
        );
    }
}
