//! `newsidx search` flags (filters, sort, paging, keys, facets), the query language additions
//! (`person:`, plain dates in `date:`, excluded words alone, upper-case queries) and
//! `newsidx show`.

use std::fs;

use serde_json::Value;

use crate::support::*;

fn paths(hits: &[Value]) -> Vec<&str> {
    hits.iter()
        .map(|h| h["path"].as_str().expect("path"))
        .collect()
}

#[test]
fn section_and_date_filters_narrow_the_hits() {
    let env = TestEnv::built();
    assert_eq!(
        paths(&env.search_hits("election", &["--since", "2021-04"])),
        [TURNOUT]
    );
    assert_eq!(
        paths(&env.search_hits("election", &["--until", "2021-03"])),
        [MEDDLING]
    );
    assert_eq!(
        env.search_hits("election", &["--section", "politics"])
            .len(),
        3
    );
    let out = env.search("election", &["--section", "sports"]);
    assert_code(&out, 1);
    let out = env.search("election", &["--since", "yesterday"]);
    assert_code(&out, 2);
    assert!(one_error_line(&out).contains("yesterday"));
    let out = env.search("election", &["--since", "2022", "--until", "2021"]);
    assert_code(&out, 2);
    assert!(one_error_line(&out).contains("--since 2022 starts after --until 2021"));
    assert_eq!(
        paths(&env.search_hits("election", &["--since", "2021-03", "--until", "2021-03"])),
        [MEDDLING]
    );
}

#[test]
fn an_empty_page_says_why() {
    let env = TestEnv::built();
    let out = env.search("election", &["--offset", "3"]);
    assert_code(&out, 1);
    assert_eq!(
        stderr(&out).trim(),
        "newsidx: `election` matches 3 articles, none at --offset 3"
    );
    let out = env.search("election", &["--section", "sports", "--since", "2021"]);
    assert_code(&out, 1);
    assert_eq!(
        stderr(&out).trim(),
        "newsidx: no articles match `election` with --section sports --since 2021"
    );
}

#[test]
fn date_sort_is_by_date_with_undated_last() {
    let env = TestEnv::built();
    assert_eq!(
        paths(&env.search_hits("election", &["--sort", "oldest"])),
        [MEDDLING, TURNOUT, BUDGET]
    );
    assert_eq!(
        paths(&env.search_hits("election", &["--sort", "newest"])),
        [TURNOUT, MEDDLING, BUDGET]
    );
}

#[test]
fn offset_pages_and_all_streams_every_hit() {
    let env = TestEnv::built();
    let all = env.search_hits("election", &[]);
    let page = env.search_hits("election", &["--offset", "1", "--limit", "1"]);
    assert_eq!(page.len(), 1);
    assert_eq!(page[0]["path"], all[1]["path"]);
    assert_eq!(page[0]["rank"], 2);
    assert_eq!(
        env.search_hits("election", &["--all", "--limit", "1"])
            .len(),
        3
    );
    assert_code(&env.search("election", &["--offset", "9"]), 1);
}

#[test]
fn fields_chooses_json_keys_in_order() {
    let env = TestEnv::built();
    let out = env.search("election", &["--json", "--fields", "path,date"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.lines().all(|l| l.starts_with("{\"path\":")), "{text}");
    assert_eq!(
        keys(&json_lines(&text)[0]),
        ["date", "path"].into_iter().collect()
    );
    let out = env.search("election", &["--json", "--fields", "path,nope"]);
    assert_code(&out, 2);
    assert!(one_error_line(&out).contains("nope"));
}

#[test]
fn facets_count_the_whole_result_set() {
    let env = TestEnv::built();
    let out = env.search("election", &["--json", "--facets", "--limit", "1"]);
    assert_code(&out, 0);
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 2, "one hit, then the facets");
    let f = &lines[1]["facets"];
    assert_eq!(f["total"], 3);
    assert_eq!(
        f["sections"][0],
        serde_json::json!({"name": "Politics", "articles": 3})
    );
    assert_eq!(f["interval"], "month");
    assert_eq!(f["dates"].as_array().expect("dates").len(), 2);
    let human = stdout(&env.search("election", &["--facets"]));
    assert!(human.contains("sections  Politics 3"), "{human}");
}

#[test]
fn person_alias_and_plain_date_ranges_in_queries() {
    let env = TestEnv::built();
    assert_eq!(
        paths(&env.search_hits("election person:osei", &[])),
        [TURNOUT]
    );
    let hits = env.search_hits("election date:[2021-03-01 TO 2021-03-31]", &[]);
    assert_eq!(paths(&hits), [MEDDLING]);
    let out = env.search("election date:[2021-13 TO 2022]", &[]);
    assert_code(&out, 2);
    one_error_line(&out);
}

#[test]
fn plain_dates_in_comparisons_and_periods() {
    let env = TestEnv::built();
    let cases: [(&str, &[&str]); 5] = [
        ("election date:2021-03", &[MEDDLING]),
        ("election date:>=2021-04", &[TURNOUT]),
        ("election date:>2021-03-19", &[TURNOUT]),
        ("election date:<=2021-03-19", &[MEDDLING]),
        ("election -date:2021-04", &[MEDDLING, BUDGET]),
    ];
    for (query, want) in cases {
        let hits = env.search_hits(query, &[]);
        let mut got = paths(&hits);
        got.sort_unstable();
        let mut want = want.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{query}");
    }
    let out = env.search("election date:>=2021-13", &[]);
    assert_code(&out, 2);
    one_error_line(&out);
}

#[test]
fn excluded_words_alone_match_every_other_article_without_a_note() {
    let env = TestEnv::built();
    let index = env.index_arg();
    let negated = env.search("NOT election", &["--json", "--all"]);
    // After `--`, a query may start with `-` (before it, `-election` reads as flags).
    let excluded = env.run(&[
        "search",
        "--index",
        index,
        "--json",
        "--all",
        "--",
        "-election",
    ]);
    for out in [negated, excluded] {
        assert_code(&out, 0);
        assert!(stderr(&out).is_empty(), "{}", stderr(&out));
        let hits = json_lines(&stdout(&out));
        let hits = paths(&hits);
        assert_eq!(hits.len() as u64, INDEXED - 3, "{hits:?}");
        assert!(!hits.contains(&MEDDLING), "{hits:?}");
    }
}

#[test]
fn upper_case_queries_read_and_or_not_as_words() {
    let env = TestEnv::built();
    let hits = env.search_hits("ELECTION AND MEDDLING", &[]);
    assert_eq!(hits[0]["path"], MEDDLING);
    // In mixed case NOT is an operator.
    let hits = env.search_hits("election NOT meddling", &[]);
    assert_eq!(paths(&hits), [TURNOUT]);
}

#[test]
fn expand_reranks_but_keeps_the_matching_set() {
    let env = TestEnv::built();
    let plain = env.search_hits("election meddling", &[]);
    let expanded = env.search_hits("election meddling", &["--expand"]);
    assert_eq!(plain.len(), expanded.len());
    assert_eq!(expanded[0]["path"], MEDDLING);
}

#[test]
fn show_prints_an_article_by_id_or_path() {
    let env = TestEnv::built();
    let out = env.run(&["show", TURNOUT, "--index", env.index_arg(), "--json"]);
    assert_code(&out, 0);
    let a = single_json(&stdout(&out));
    assert_eq!(a["headline"], "Turnout rises in city election");
    assert_eq!(a["date_source"], "header");
    assert!(a["body"].as_str().expect("body").contains("Turnout"));
    let file = env.corpus().join(TURNOUT);
    let out = env.run(&[
        "show",
        file.to_str().expect("utf8"),
        "--index",
        env.index_arg(),
    ]);
    assert_code(&out, 0);
    assert!(stdout(&out).starts_with("Turnout rises in city election\n"));
    let out = env.run(&["show", "nope.txt", "--index", env.index_arg()]);
    assert_code(&out, 2);
    assert!(one_error_line(&out).contains("nope.txt"));
}

#[test]
fn equal_scores_and_dates_go_by_id_whatever_the_build_did() {
    let env = TestEnv::new();
    let notice = "-Business\n\nHarbour notice\n\nThe harbour office posted its weekly notice.\n";
    // Same day as MEDDLING; the copy that sorts first is built last, into a later segment.
    let (early, late) = (
        "2021/03/19/aaa-harbour-notice.txt",
        "2021/03/19/zzz-harbour-notice.txt",
    );
    fs::write(env.corpus().join(late), notice).expect("write article");
    assert_code(&env.build(), 3);
    fs::write(env.corpus().join(early), notice).expect("write article");
    assert_code(&env.build(), 3);
    for extra in [&[][..], &["--sort", "newest"], &["--sort", "oldest"]] {
        let hits = env.search_hits("date:[2021-03-19 TO 2021-03-19]", extra);
        assert_eq!(paths(&hits), [early, MEDDLING, late], "{extra:?}");
        // Pages whose edges cut through the equal hits.
        for (offset, want) in [("0", early), ("1", MEDDLING), ("2", late)] {
            let page = [extra, &["--limit", "1", "--offset", offset]].concat();
            let hits = env.search_hits("date:[2021-03-19 TO 2021-03-19]", &page);
            assert_eq!(paths(&hits), [want], "{page:?}");
        }
    }
    // Two words: ranked with the proximity bonus, a path of its own.
    for extra in [&[][..], &["--recency", "30d"]] {
        let hits = env.search_hits("weekly notice", extra);
        assert_eq!(paths(&hits)[..2], [early, late], "{extra:?}");
    }
}

fn sorted_paths(hits: &[Value]) -> Vec<&str> {
    let mut paths = paths(hits);
    paths.sort_unstable();
    paths
}

#[test]
fn a_prefix_finds_every_word_that_starts_with_it() {
    let env = TestEnv::built();
    // No indexed word is `medd` or `electi` themselves: the prefix must be expanded.
    let meddling = [MEDDLING, BUDGET];
    assert_eq!(sorted_paths(&env.search_hits("medd*", &[])), meddling);
    assert_eq!(
        sorted_paths(&env.search_hits("electi*", &[])),
        [MEDDLING, TURNOUT, BUDGET]
    );
    // A whole word with `*` finds what the word finds, though it is indexed as a stem.
    assert_eq!(sorted_paths(&env.search_hits("meddling", &[])), meddling);
    assert_eq!(sorted_paths(&env.search_hits("meddling*", &[])), meddling);
    assert_eq!(sorted_paths(&env.search_hits("body:medd*", &[])), meddling);
    assert_eq!(
        sorted_paths(&env.search_hits("electi* -medd*", &[])),
        [TURNOUT]
    );
    assert_eq!(sorted_paths(&env.search_hits("lumi*", &[])), [CAFE]);
    // The prefix is highlighted in the snippet.
    let hits = env.search_hits("medd*", &[]);
    let snippet = hits[0]["snippet"].as_str().expect("snippet");
    let first = &hits[0]["highlights"][0];
    let (from, to) = (
        first[0].as_u64().expect("from"),
        first[1].as_u64().expect("to"),
    );
    assert_eq!(&snippet[from as usize..to as usize], "meddling", "{hits:?}");
}

#[test]
fn accents_are_folded_so_words_typed_without_them_match() {
    let env = TestEnv::built();
    for query in ["lumiere", "LUMIERE", "Lumière", "cafe lumiere", "lumié*"] {
        assert_eq!(
            sorted_paths(&env.search_hits(query, &[])),
            [CAFE],
            "{query}"
        );
    }
}

/// The fixture corpus with an article about "elections" and one where a mayor was "elected"
/// (the fixture's own articles say "election"; all three words have the stem `elect`).
fn with_election_words() -> TestEnv {
    let env = TestEnv::new();
    let write = |rel: &str, text: &str| {
        let path = env.corpus().join(rel);
        fs::write(path, text).expect("write article");
    };
    write(
        "politics/vote-count.txt",
        "-Politics\nVotes counted after the elections\n\nOfficials counted votes after the Elections on Sunday.\n",
    );
    write(
        "politics/mayor-chosen.txt",
        "-Politics\nNew mayor for the city\n\nThe city elected a new mayor on Sunday.\n",
    );
    assert_code(&env.build(), 3);
    env
}

#[test]
fn exact_finds_the_word_as_written_and_not_its_other_forms() {
    let env = with_election_words();
    let (count, mayor) = ("politics/vote-count.txt", "politics/mayor-chosen.txt");
    let fixture = [MEDDLING, TURNOUT, BUDGET];
    let mut all = [&fixture[..], &[count, mayor]].concat();
    all.sort_unstable();
    assert_eq!(sorted_paths(&env.search_hits("election", &[])), all);
    assert_eq!(
        sorted_paths(&env.search_hits("exact:elections", &[])),
        [count]
    );
    assert_eq!(
        sorted_paths(&env.search_hits("exact:ELECTION", &[])),
        fixture
    );
    let mut some = [&fixture[..], &[count]].concat();
    some.sort_unstable();
    assert_eq!(sorted_paths(&env.search_hits("exact:electi*", &[])), some);
    // A plain prefix is read on the stems, which is fast but finds the other forms too.
    assert_eq!(sorted_paths(&env.search_hits("electi*", &[])), all);
    let mut not_mayor = all.clone();
    not_mayor.retain(|p| *p != mayor);
    assert_eq!(
        sorted_paths(&env.search_hits("election -exact:elected", &[])),
        not_mayor
    );
    // Only the word itself is highlighted.
    let hits = env.search_hits("exact:elections", &[]);
    let snippet = hits[0]["snippet"].as_str().expect("snippet");
    let marked: Vec<&str> = hits[0]["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|r| &snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(marked, ["Elections"], "{hits:?}");
}

#[test]
fn exact_takes_one_word() {
    let env = TestEnv::built();
    for query in ["exact:\"two words\"", "exact:", "exact:u.s"] {
        let out = env.search(query, &[]);
        assert_code(&out, 2);
        assert!(one_error_line(&out).contains("takes one word"), "{query}");
    }
}
