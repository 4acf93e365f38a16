//! `newsidx stats --json`: article count, sections and the date range.

use crate::support::*;

#[test]
fn stats_json_counts_articles_sections_and_date_range() {
    let env = TestEnv::new();
    let build = env.build_with(&["--json"]);
    assert_code(&build, 3);
    let articles = single_json(&stdout(&build))["articles"].clone();

    let stats = env.stats();
    assert_eq!(stats["articles"], articles);
    assert_eq!(stats["articles"], INDEXED);
    assert!(stats["with_date"].as_u64().expect("with_date") >= 4);

    let sections: Vec<(&str, u64)> = stats["top_sections"]
        .as_array()
        .expect("top_sections")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name"),
                c["articles"].as_u64().expect("articles"),
            )
        })
        .collect();
    assert_eq!(sections.first(), Some(&("Politics", 3)), "{sections:?}");
    for expected in [
        ("Business", 1),
        ("Culture", 1),
        ("Local", 1),
        ("Science", 1),
        ("World", 1),
        ("sports", 1),
    ] {
        assert!(sections.contains(&expected), "{expected:?} in {sections:?}");
    }
    assert_eq!(sections.iter().map(|(_, n)| n).sum::<u64>(), INDEXED);

    // Only header- and path-dated articles carry dates in this fixture.
    assert_eq!(stats["first_date"], "2021-03-19T00:00:00Z");
    assert_eq!(stats["last_date"], "2021-06-14T00:00:00Z");
    for key in ["first_date", "last_date"] {
        assert!(is_rfc3339(stats[key].as_str().expect("date")), "{key}");
    }
    assert!(stats["top_people"].is_array());
    let root = std::fs::canonicalize(env.corpus()).expect("canonical");
    assert_eq!(stats["corpus_root"], root.to_str().expect("utf8"));
}

#[test]
fn stats_top_limits_the_section_list() {
    let env = TestEnv::built();
    let out = env.run(&["stats", "--index", env.index_arg(), "--json", "--top", "2"]);
    assert_code(&out, 0);
    let stats = single_json(&stdout(&out));
    let top = stats["top_sections"].as_array().expect("top_sections");
    assert_eq!(top.len(), 2, "{top:?}");
    assert_eq!(top[0]["name"], "Politics");
}

#[test]
fn stats_human_output_names_the_count_and_sections() {
    let env = TestEnv::built();
    let out = env.run(&["stats", "--index", env.index_arg()]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("articles") && l.ends_with(" 9")),
        "{text}"
    );
    assert!(
        text.contains("Politics") && text.contains("2021-03-19"),
        "{text}"
    );
    assert!(!has_ansi(&text));
}
