//! Sections as a hierarchy: `Top News/USA` lines and nested folders, `--section` on a parent,
//! the word fallback, and `--facets` rolling counts up or drilling down.

use std::fs;

use serde_json::{json, Value};

use crate::support::*;

/// Adds four articles about a lighthouse: two under `Top News/…`, one with the flat section
/// `Top News USA`, and one without a section line in the folder `regional/north`.
fn env_with_nested_sections() -> TestEnv {
    let env = TestEnv::new();
    let files = [
        (
            "news/a.txt",
            "-Top News/USA\n\nLighthouse keeper retires\n\nThe lighthouse went dark.",
        ),
        (
            "news/b.txt",
            "-Top News / World\n\nLighthouse sold\n\nA lighthouse changed hands.",
        ),
        (
            "news/c.txt",
            "-Top News USA\n\nLighthouse museum\n\nThe lighthouse museum opened.",
        ),
        (
            "regional/north/d.txt",
            "Lighthouse repainted\n\nThe lighthouse was repainted.",
        ),
    ];
    for (rel, text) in files {
        let path = env.corpus().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write article");
    }
    assert_code(&env.build(), 3);
    env
}

fn sorted_paths(hits: &[Value]) -> Vec<String> {
    let mut paths: Vec<String> = hits
        .iter()
        .map(|h| h["path"].as_str().expect("path").to_string())
        .collect();
    paths.sort();
    paths
}

#[test]
fn a_parent_section_matches_its_subsections_only() {
    let env = env_with_nested_sections();
    let hits = env.search_hits("lighthouse", &["--section", "top news"]);
    assert_eq!(sorted_paths(&hits), ["news/a.txt", "news/b.txt"]);
    let hits = env.search_hits("lighthouse", &["--section", "Top News/World"]);
    assert_eq!(sorted_paths(&hits), ["news/b.txt"]);
    let hits = env.search_hits("lighthouse", &["--section", "regional"]);
    assert_eq!(sorted_paths(&hits), ["regional/north/d.txt"]);
    assert_eq!(hits[0]["section"], "regional/north");
}

#[test]
fn a_section_that_is_no_path_matches_by_words() {
    let env = env_with_nested_sections();
    let hits = env.search_hits("lighthouse", &["--section", "usa"]);
    assert_eq!(sorted_paths(&hits), ["news/a.txt", "news/c.txt"]);
    let hits = env.search_hits("lighthouse", &["--section", "top"]);
    assert_eq!(hits.len(), 3, "a word of a section name matches");
    assert_code(&env.search("lighthouse", &["--section", "weather"]), 1);
}

fn section_facets(env: &TestEnv, extra: &[&str]) -> Value {
    let mut flags = vec!["--json", "--facets"];
    flags.extend_from_slice(extra);
    let out = env.search("lighthouse", &flags);
    assert_code(&out, 0);
    let lines = json_lines(&stdout(&out));
    lines.last().expect("facets line")["facets"]["sections"].clone()
}

#[test]
fn facets_roll_sections_up_and_drill_into_one_parent() {
    let env = env_with_nested_sections();
    assert_eq!(
        section_facets(&env, &[]),
        json!([
            {"name": "Top News", "articles": 2},
            {"name": "Top News USA", "articles": 1},
            {"name": "regional", "articles": 1},
        ])
    );
    assert_eq!(
        section_facets(&env, &["--section", "top news"]),
        json!([
            {"name": "Top News/USA", "articles": 1},
            {"name": "Top News/World", "articles": 1},
        ])
    );
}
