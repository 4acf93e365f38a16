//! `newsidx people`, `search --person` and the alias file (`build --aliases`).

use std::fs;

use crate::support::{assert_code, json_lines, stdout, TestEnv, MEDDLING, TURNOUT};

fn people(env: &TestEnv, extra: &[&str]) -> Vec<(String, u64)> {
    let mut args = vec!["people", "--index", env.index_arg(), "--json"];
    args.extend_from_slice(extra);
    let out = env.run(&args);
    assert_code(&out, 0);
    json_lines(&stdout(&out))
        .iter()
        .map(|v| {
            let name = v["name"].as_str().expect("name is a string").to_string();
            (name, v["articles"].as_u64().expect("articles is a count"))
        })
        .collect()
}

#[test]
fn people_lists_names_with_article_counts() {
    let env = TestEnv::built();
    let all = people(&env, &[]);
    assert!(all.contains(&("Ilse Varga".to_string(), 1)), "{all:?}");
    assert!(all.contains(&("Daniel Osei".to_string(), 1)), "{all:?}");
    let counts: Vec<u64> = all.iter().map(|(_, n)| *n).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "sorted by count: {all:?}"
    );
}

#[test]
fn people_of_a_query_counts_only_its_results() {
    let env = TestEnv::built();
    let turnout = people(&env, &["turnout"]);
    assert!(
        turnout.iter().any(|(n, _)| n == "Daniel Osei"),
        "{turnout:?}"
    );
    assert!(
        !turnout.iter().any(|(n, _)| n == "Ilse Varga"),
        "{turnout:?}"
    );
    let out = env.run(&["people", "zzzznothing", "--index", env.index_arg()]);
    assert_code(&out, 1);
}

#[test]
fn search_person_keeps_only_articles_that_mention_them() {
    let env = TestEnv::built();
    let hits = env.search_hits("election", &["--person", "Ilse Varga"]);
    let paths: Vec<&str> = hits.iter().filter_map(|h| h["path"].as_str()).collect();
    assert_eq!(paths, [MEDDLING]);
    let out = env.search("election", &["--person", "Nobody Known"]);
    assert_code(&out, 1);
}

#[test]
fn alias_file_renames_and_drops_and_a_change_rewrites_only_affected_articles() {
    let env = TestEnv::built();
    let aliases = env.root().join("aliases.txt");
    fs::write(&aliases, "Senator Varga = Ilse Varga\n-Daniel Osei\n").expect("write aliases");
    let alias_arg = aliases.to_str().expect("utf-8 path");
    let out = env.build_with(&["--aliases", alias_arg, "--json"]);
    assert_code(&out, 3);
    let summary: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("summary");
    assert_eq!(summary["updated"], 2, "{summary}");
    let names: Vec<String> = people(&env, &[]).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"Senator Varga".to_string()), "{names:?}");
    assert!(
        !names.contains(&"Ilse Varga".to_string()) && !names.contains(&"Daniel Osei".to_string())
    );
    // The index remembers the file, and --person accepts an alias.
    let hits = env.search_hits("election", &["--person", "Ilse Varga"]);
    assert_eq!(hits[0]["path"], MEDDLING);
    // Unchanged rules: nothing rewritten. Dropping a rule: only its article changes back.
    let out = env.build_with(&["--json"]);
    let summary: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("summary");
    assert_eq!(summary["updated"], 0, "{summary}");
    fs::write(&aliases, "Senator Varga = Ilse Varga\n").expect("rewrite aliases");
    let out = env.build_with(&["--json"]);
    let summary: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("summary");
    assert_eq!(summary["updated"], 1, "{summary}");
    let hits = env.search_hits("turnout", &[]);
    assert_eq!(hits[0]["path"], TURNOUT);
    assert!(hits[0]["people"]
        .as_array()
        .expect("people")
        .iter()
        .any(|p| p == "Daniel Osei"));
}

#[test]
fn malformed_alias_file_is_a_usage_error_naming_the_line() {
    let env = TestEnv::new();
    let aliases = env.root().join("aliases.txt");
    fs::write(&aliases, "just a name\n").expect("write aliases");
    let out = env.build_with(&["--aliases", aliases.to_str().expect("utf-8 path")]);
    assert_code(&out, 2);
    assert!(crate::support::stderr(&out).contains("line 1"));
}

#[test]
fn no_people_skips_the_tagger_and_turning_it_back_on_re_extracts() {
    let env = TestEnv::new();
    let summary_of = |out: &std::process::Output| -> serde_json::Value {
        serde_json::from_str(stdout(out).trim()).expect("summary")
    };
    let nameless = env.corpus().join("weather/rain.txt");
    fs::create_dir_all(nameless.parent().expect("parent")).expect("mkdir");
    fs::write(
        &nameless,
        "-Weather\n\nRain due\n\nRain is due on the coast tomorrow.\n",
    )
    .expect("write article");
    let out = env.build_with(&["--no-people", "--json"]);
    assert_code(&out, 3);
    let first = summary_of(&out);
    let out = env.run(&["people", "--index", env.index_arg(), "--json"]);
    assert_code(&out, 1);
    assert_eq!(stdout(&out), "", "no people were extracted");
    assert_code(&env.search("election", &["--person", "Ilse Varga"]), 1);
    // The index remembers the setting: a plain rebuild re-extracts and rewrites the articles
    // that name someone, and only those.
    let out = env.build_with(&["--json"]);
    let second = summary_of(&out);
    let named = people(&env, &[]);
    assert!(named.iter().any(|(n, _)| n == "Ilse Varga"), "{named:?}");
    let updated = second["updated"].as_u64().expect("updated");
    assert!(
        updated > 0 && updated < first["added"].as_u64().expect("added"),
        "{second}"
    );
    assert_eq!(summary_of(&env.build_with(&["--json"]))["updated"], 0);
}
