//! Errors: missing corpus, missing index, a folder that is not an index, a file given for a
//! folder. Always exit 2 with one `newsidx: error:` line naming the path, and nothing created or
//! changed.

use crate::support::*;

#[test]
fn build_of_a_missing_corpus_exits_2_names_it_and_creates_no_index() {
    let env = TestEnv::new();
    let missing = env.root().join("no-such-corpus");
    let missing_arg = missing.to_str().expect("utf8");
    let out = env.run(&["build", missing_arg, "--index", env.index_arg()]);
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "");
    let line = one_error_line(&out);
    assert!(line.contains(missing_arg), "error names the path: {line}");
    assert!(!env.index().exists(), "no index folder may be created");
    assert!(
        !env.root().join("index").exists(),
        "no default index either"
    );
}

#[test]
fn build_of_a_missing_corpus_with_json_prints_nothing_on_stdout() {
    let env = TestEnv::new();
    let out = env.run(&["build", "nope", "--index", env.index_arg(), "--json"]);
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "");
    assert!(one_error_line(&out).contains("nope"));
    assert!(!env.index().exists());
}

#[test]
fn a_file_given_as_corpus_or_index_is_called_a_file() {
    let env = TestEnv::new();
    let file = env.root().join("notes.txt");
    let text = "-World\n\nA headline\n\nA body.\n";
    std::fs::write(&file, text).expect("write");
    let file_arg = file.to_str().expect("utf8");
    let as_corpus = env.run(&["build", file_arg, "--index", env.index_arg()]);
    let as_index = [
        env.run(&["build", env.corpus_arg(), "--index", file_arg]),
        env.run(&["search", "election", "--index", file_arg]),
    ];
    assert!(!env.index().exists(), "no index folder may be created");
    let line = one_error_line(&as_corpus);
    assert!(line.contains("is a file, not a folder"), "{line}");
    for out in as_index {
        assert_code(&out, 2);
        let line = one_error_line(&out);
        assert!(line.contains("(it is a file)"), "{line}");
        assert!(
            !line.contains("os error"),
            "one message, no OS error twice: {line}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        text,
        "untouched"
    );
}

#[test]
fn search_before_any_build_exits_2_and_suggests_newsidx_build() {
    let env = TestEnv::new();
    let out = env.search("election", &[]);
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "");
    let line = one_error_line(&out);
    assert!(line.contains(env.index_arg()), "names the index: {line}");
    assert!(line.contains("newsidx build"), "suggests a build: {line}");
    assert!(!env.index().exists(), "search must not create the index");
}

#[test]
fn stats_before_any_build_exits_2_and_suggests_newsidx_build() {
    let env = TestEnv::new();
    let out = env.run(&["stats", "--index", env.index_arg(), "--json"]);
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "");
    let line = one_error_line(&out);
    assert!(
        line.contains(env.index_arg()) && line.contains("newsidx build"),
        "{line}"
    );
}

/// A folder of the user's own files, and a snapshot of them.
fn foreign_folder(env: &TestEnv) -> (std::path::PathBuf, Vec<(String, Vec<u8>)>) {
    let folder = env.root().join("my-documents");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("letter.txt"), "Dear editor,\n").expect("write");
    std::fs::write(folder.join("budget.csv"), "a,b\n1,2\n").expect("write");
    let before = snapshot(&folder);
    (folder, before)
}

#[test]
fn index_folder_with_unrelated_files_is_refused_by_every_command() {
    let env = TestEnv::new();
    let (folder, before) = foreign_folder(&env);
    let folder_arg = folder.to_str().expect("utf8");
    let runs = [
        vec!["build", env.corpus_arg(), "--index", folder_arg],
        vec!["build", env.corpus_arg(), "--index", folder_arg, "--json"],
        vec!["search", "election", "--index", folder_arg],
        vec!["stats", "--index", folder_arg],
    ];
    for args in &runs {
        let out = env.run(args);
        assert_code(&out, 2);
        assert_eq!(stdout(&out), "", "{args:?}");
        let line = one_error_line(&out);
        assert!(line.contains("not a newsidx index"), "{args:?}: {line}");
        assert!(line.contains(folder_arg), "{args:?}: {line}");
    }
    let visible = |files: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        files
            .into_iter()
            .filter(|(n, _)| !n.starts_with('.'))
            .collect()
    };
    assert_eq!(
        visible(snapshot(&folder)),
        before,
        "the user's files must be untouched"
    );
}

#[test]
fn search_and_stats_leave_a_foreign_folder_exactly_as_it_was() {
    let env = TestEnv::new();
    let (folder, before) = foreign_folder(&env);
    let folder_arg = folder.to_str().expect("utf8");
    assert_code(&env.run(&["search", "x", "--index", folder_arg]), 2);
    assert_code(&env.run(&["stats", "--index", folder_arg]), 2);
    assert_eq!(snapshot(&folder), before);
}

#[test]
fn refused_build_adds_no_file_to_a_foreign_folder() {
    let env = TestEnv::new();
    let (folder, before) = foreign_folder(&env);
    let out = env.run(&[
        "build",
        env.corpus_arg(),
        "--index",
        folder.to_str().expect("utf8"),
    ]);
    assert_code(&out, 2);
    assert_eq!(snapshot(&folder), before);
}

#[test]
fn an_empty_existing_folder_can_hold_a_new_index() {
    let env = TestEnv::new();
    std::fs::create_dir(env.index()).expect("mkdir");
    assert_code(&env.build(), 3);
    assert_code(&env.search("election", &[]), 0);
}
