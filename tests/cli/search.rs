//! `newsidx search`: ranking, human and JSON Lines output, no hits, hostile queries, which
//! fields are searched, and where the index is looked for.

use serde_json::Value;

use crate::support::*;

#[test]
fn headline_with_both_words_is_the_top_hit_for_election_meddling() {
    let env = TestEnv::built();
    let out = env.search("election meddling", &[]);
    assert_code(&out, 0);
    let text = stdout(&out);
    let first = text.lines().next().expect("at least one line");
    assert!(
        first.contains("1.") && first.contains(MEDDLING_HEADLINE),
        "top hit: {text}"
    );
    assert!(text.contains(MEDDLING), "path is shown: {text}");
    assert!(!has_ansi(&text), "no colour when piped: {text:?}");

    let hits = env.search_hits("election meddling", &[]);
    assert_eq!(hits[0]["path"], MEDDLING);
    assert!(
        hits.iter().all(|h| h["path"] != TURNOUT),
        "turnout has 'election' but not 'meddling'"
    );
}

#[test]
fn single_word_finds_every_article_using_it() {
    let env = TestEnv::built();
    let hits = env.search_hits("election", &[]);
    let mut paths: Vec<&str> = hits
        .iter()
        .map(|h| h["path"].as_str().expect("path"))
        .collect();
    paths.sort_unstable();
    assert_eq!(paths, [MEDDLING, TURNOUT, BUDGET]);
}

fn stem_of_a_query_word(highlighted: &str, words: &[&str]) -> bool {
    let h = highlighted.to_lowercase();
    words.iter().any(|w| {
        let w = w.to_lowercase();
        let common = h.chars().zip(w.chars()).take_while(|(a, b)| a == b).count();
        common >= w.chars().count().min(4)
    })
}

#[track_caller]
fn check_hit_lines(hits: &[Value], words: &[&str]) {
    let expected_keys = [
        "rank",
        "score",
        "id",
        "path",
        "headline",
        "date",
        "section",
        "people",
        "sources",
        "snippet",
        "highlights",
        "snippet_field",
        "headline_highlights",
    ];
    let mut last_score = f64::INFINITY;
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(keys(hit), expected_keys.into_iter().collect(), "{hit}");
        assert_eq!(hit["rank"], i + 1, "ranks start at 1 and increase: {hit}");
        let score = hit["score"].as_f64().expect("score is a number");
        assert!(score <= last_score, "scores must not increase: {hits:?}");
        last_score = score;

        let path = hit["path"].as_str().expect("path");
        assert!(!path.starts_with('/') && !path.contains('\\'), "{path}");
        assert_eq!(hit["id"], path);
        assert!(hit["headline"].is_string() && hit["people"].is_array());
        match &hit["date"] {
            Value::Null => {}
            Value::String(d) => assert!(is_rfc3339(d), "date {d}"),
            other => panic!("date is neither null nor a string: {other}"),
        }

        for (text, ranges) in [
            ("snippet", "highlights"),
            ("headline", "headline_highlights"),
        ] {
            check_ranges(hit[text].as_str().expect(text), &hit[ranges], words);
        }
        assert!(matches!(
            hit["snippet_field"].as_str(),
            Some("body" | "caption")
        ));
    }
}

/// Each range is a valid `[start, end)` byte range of `text` that marks a query word (or a
/// phrase starting with one), in text order without overlaps.
#[track_caller]
fn check_ranges(text: &str, ranges: &Value, words: &[&str]) {
    let mut last_end = 0;
    for range in ranges.as_array().expect("highlights") {
        let pair: Vec<usize> = range
            .as_array()
            .expect("[start, end]")
            .iter()
            .map(|n| n.as_u64().expect("offset") as usize)
            .collect();
        let [start, end] = pair[..] else {
            panic!("highlight is not a pair: {range}")
        };
        assert!(
            last_end <= start && start < end && end <= text.len(),
            "{range} in {text:?}"
        );
        last_end = end;
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{range} splits a character of {text:?}"
        );
        let marked = &text[start..end];
        assert!(
            stem_of_a_query_word(marked, words),
            "highlight {marked:?} is not a query word {words:?}"
        );
    }
}

#[test]
fn json_lines_have_documented_keys_ranks_scores_paths_and_highlights() {
    let env = TestEnv::built();
    let out = env.search("election", &["--json"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(!has_ansi(&text));
    let hits = json_lines(&text);
    assert_eq!(hits.len(), 3);
    check_hit_lines(&hits, &["election"]);
    assert!(
        hits.iter()
            .any(|h| !h["highlights"].as_array().expect("array").is_empty()),
        "at least one snippet highlights the word: {hits:?}"
    );

    let by_path = |p: &str| hits.iter().find(|h| h["path"] == p).expect("hit present");
    assert_eq!(by_path(MEDDLING)["date"], "2021-03-19T00:00:00Z");
    assert_eq!(by_path(TURNOUT)["date"], "2021-04-02T00:00:00Z");
    assert_eq!(by_path(TURNOUT)["section"], "Politics");
}

#[test]
fn json_highlights_are_valid_for_multi_word_and_accented_queries() {
    let env = TestEnv::built();
    for query in [
        "election meddling",
        "Lumière",
        "ferry crossing",
        "reef coral",
    ] {
        let hits = env.search_hits(query, &[]);
        let words: Vec<&str> = query.split_whitespace().collect();
        check_hit_lines(&hits, &words);
    }
}

#[test]
fn limit_one_prints_one_line() {
    let env = TestEnv::built();
    let out = env.search("election", &["--json", "--limit", "1"]);
    assert_code(&out, 0);
    let hits = json_lines(&stdout(&out));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["rank"], 1);
}

#[test]
fn no_hits_exits_1_with_empty_stdout_and_a_note_on_stderr() {
    let env = TestEnv::built();
    for flags in [&[][..], &["--json"][..]] {
        let out = env.search("xylophonist", flags);
        assert_code(&out, 1);
        assert_eq!(stdout(&out), "", "{flags:?}");
        let err = stderr(&out);
        assert!(err.contains("xylophonist"), "note names the query: {err:?}");
        assert!(!err.contains("error"), "no hits is not an error: {err:?}");
    }
}

#[test]
fn hard_queries_never_panic_and_exit_0_1_or_2() {
    let env = TestEnv::built();
    let queries = [
        "Sato's",
        "\"unbalanced",
        "-",
        "AND",
        "oil OR",
        "((",
        "a AND (",
        "+-",
        "*",
        "\\",
        "~2",
        "headline:",
        "\"\"",
        "election -",
        "nosuch:field",
        "",
        "   ",
        "**",
        "-*",
        "pres*)",
        "((medd*",
        "date:2021*",
        "body:/(/",
        "/x/",
        "\"election medd\"*",
    ];
    for q in queries {
        for flags in [&[][..], &["--json"][..]] {
            let out = env.search(q, flags);
            let err = stderr(&out);
            assert!(!err.contains("panicked"), "query {q:?} panicked: {err}");
            assert!(
                matches!(code(&out), 0..=2),
                "query {q:?} exited {}: {err}",
                code(&out)
            );
            if code(&out) == 2 {
                one_error_line(&out);
                assert_eq!(stdout(&out), "", "query {q:?}");
            }
            // Each note on one line (a regex error once went on over three).
            for line in err.lines() {
                let continued = line.starts_with(char::is_whitespace) || line.starts_with("error");
                assert!(!continued, "query {q:?}: {err}");
            }
        }
    }
}

#[test]
fn unknown_field_is_a_one_line_error_naming_the_field() {
    let env = TestEnv::built();
    let out = env.search("nosuch:field", &[]);
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "");
    let line = one_error_line(&out);
    assert!(line.contains("nosuch"), "{line}");
}

#[test]
fn empty_query_is_a_usage_error() {
    let env = TestEnv::built();
    for q in ["", "  "] {
        let out = env.search(q, &[]);
        assert_code(&out, 2);
        assert_eq!(stdout(&out), "");
        let line = one_error_line(&out);
        assert!(line.contains("query"), "{line}");
    }
}

#[test]
fn a_query_may_start_with_an_excluded_word_but_not_with_two_dashes() {
    let env = TestEnv::built();
    let hits = env.search_hits("-election", &[]);
    assert!(!hits.is_empty(), "articles without 'election' are found");
    assert!(hits
        .iter()
        .all(|h| h["path"] != MEDDLING && h["path"] != TURNOUT));
    let out = env.search("--jsno", &[]);
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "", "a mistyped option does not search");
    assert!(
        stderr(&out).contains("unknown option '--jsno'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn word_only_in_an_also_read_line_is_not_found() {
    let env = TestEnv::built();
    let out = env.search("quillwort", &[]);
    assert_code(&out, 1);
    assert_eq!(stdout(&out), "");
    // The link text is indexed, but only searched when asked for by field.
    let hits = env.search_hits("related:quillwort", &[]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["path"], TARIFFS);
}

#[test]
fn r5_word_only_in_a_caption_shows_the_caption_as_snippet() {
    let env = TestEnv::built();
    let hits = env.search_hits("marrowfin", &[]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["path"], REEF);
    assert_eq!(hits[0]["snippet_field"], "caption");
    let snippet = hits[0]["snippet"].as_str().expect("snippet");
    assert_eq!(
        snippet,
        "Diver Tomas Brandt photographs a marrowfin colony on the north reef (Photo – Reef Trust)"
    );
    assert_eq!(hits[0]["highlights"], serde_json::json!([[33, 42]]));
    let human = stdout(&env.search("marrowfin", &[]));
    assert!(
        human.contains("    [caption] Diver Tomas Brandt"),
        "{human}"
    );
    // A word in the body too: the snippet is the body's.
    let hits = env.search_hits("reef", &[]);
    assert!(
        hits.iter().all(|h| h["snippet_field"] == "body"),
        "{hits:?}"
    );
}

#[test]
fn hidden_folders_and_non_txt_files_are_not_indexed() {
    let env = TestEnv::built();
    for word in ["zanderfell", "quorumbell"] {
        let out = env.search(word, &[]);
        assert_code(&out, 1);
    }
}

#[test]
fn windows_1252_article_is_found_by_its_decoded_accented_words() {
    let env = TestEnv::built();
    let hits = env.search_hits("Lumière", &[]);
    assert_eq!(hits[0]["path"], CAFE);
    assert_eq!(hits[0]["headline"], "Café Lumière reopens its doors");
}

#[test]
fn default_index_is_dot_index_in_the_current_folder() {
    let env = TestEnv::new();
    let out = env.run(&["build", env.corpus_arg()]);
    assert_code(&out, 3);
    assert!(env.root().join("index").join("meta.json").is_file());
    assert!(!env.index().exists());
    let out = env.run(&["search", "election meddling", "--json"]);
    assert_code(&out, 0);
    assert_eq!(json_lines(&stdout(&out))[0]["path"], MEDDLING);
}

#[test]
fn index_env_var_is_used_when_no_flag_is_given() {
    let env = TestEnv::new();
    let vars = [("NEWSIDX_INDEX", env.index_arg())];
    assert_code(&env.run_env(&["build", env.corpus_arg()], &vars), 3);
    assert!(env.index().join("meta.json").is_file());
    assert!(!env.root().join("index").exists(), "env beats ./index");
    let out = env.run_env(&["search", "election", "--json"], &vars);
    assert_code(&out, 0);
    assert_eq!(json_lines(&stdout(&out)).len(), 3);
}

#[test]
fn index_flag_beats_env_var_which_beats_dot_index() {
    let env = TestEnv::new();
    // A real index at ./index.
    assert_code(&env.run(&["build", env.corpus_arg()]), 3);

    // The env var wins over ./index, even when it points nowhere.
    let elsewhere = env.root().join("elsewhere");
    let elsewhere_arg = elsewhere.to_str().expect("utf8");
    let out = env.run_env(&["search", "election"], &[("NEWSIDX_INDEX", elsewhere_arg)]);
    assert_code(&out, 2);
    assert!(one_error_line(&out).contains(elsewhere_arg));

    // The flag wins over the env var.
    let out = env.run_env(
        &["search", "election", "--index", "index"],
        &[("NEWSIDX_INDEX", elsewhere_arg)],
    );
    assert_code(&out, 0);

    // An empty env var counts as unset.
    let out = env.run_env(&["search", "election"], &[("NEWSIDX_INDEX", "")]);
    assert_code(&out, 0);
}
