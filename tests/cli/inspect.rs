//! `newsidx inspect`: the parsed fields of each fixture, as JSON Lines.

use std::collections::BTreeMap;
use std::process::Output;

use serde_json::Value;

use crate::support::*;

/// `inspect --json --root CORPUS` over the given fixture paths.
fn inspect(env: &TestEnv, rels: &[&str]) -> Output {
    let files: Vec<String> = rels
        .iter()
        .map(|r| env.corpus().join(r).to_str().expect("utf8").to_string())
        .collect();
    let mut args = vec!["inspect", "--json", "--root", env.corpus_arg()];
    args.extend(files.iter().map(String::as_str));
    env.run(&args)
}

fn records_by_path(out: &Output) -> BTreeMap<String, Value> {
    json_lines(&stdout(out))
        .into_iter()
        .map(|r| (r["path"].as_str().expect("path").to_string(), r))
        .collect()
}

const ARTICLES: [&str; 9] = [
    MEDDLING, FERRY, TURNOUT, BUDGET, TARIFFS, REEF, CUP, SUMMIT, CAFE,
];

#[test]
fn inspect_json_prints_one_record_per_file_with_the_documented_keys() {
    let env = TestEnv::new();
    let out = inspect(&env, &ARTICLES);
    assert_code(&out, 0);
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), ARTICLES.len());
    for (record, rel) in lines.iter().zip(ARTICLES) {
        assert_eq!(record["path"], rel, "one line per file, in argument order");
        let k = keys(record);
        for key in [
            "path",
            "headline",
            "date",
            "date_source",
            "section",
            "people",
            "related",
            "captions",
        ] {
            assert!(k.contains(key), "{rel} lacks {key}: {record}");
        }
        assert!(record["related"].is_array() && record["captions"].is_array());
    }
}

#[test]
fn inspect_splits_related_links_and_captions_from_the_body() {
    let env = TestEnv::new();
    let records = records_by_path(&inspect(&env, &ARTICLES));
    let meddling = &records[MEDDLING];
    assert_eq!(meddling["headline"], MEDDLING_HEADLINE);
    assert_eq!(
        meddling["related"],
        serde_json::json!(["Governors trade barbs over flood relief"])
    );
    assert_eq!(
        meddling["captions"],
        serde_json::json!(["Senator Ilse Varga speaks to reporters (Photo – Senate Press Office)"])
    );
    assert_eq!(
        records[TARIFFS]["related"],
        serde_json::json!(["Quillwort growers fear higher export costs"])
    );
    assert_eq!(records[TARIFFS]["captions"], serde_json::json!([]));
    let reef_captions = records[REEF]["captions"].as_array().expect("captions");
    assert!(
        reef_captions
            .iter()
            .any(|c| c.as_str().is_some_and(|c| c.contains("marrowfin"))),
        "{reef_captions:?}"
    );
    // A short unpunctuated line after the lead is a caption even without a photo credit.
    assert_eq!(
        records[CUP]["captions"],
        serde_json::json!(["Fans leave the stadium in the rain"])
    );
}

#[test]
fn inspect_reports_sections_from_the_dash_line() {
    let env = TestEnv::new();
    let records = records_by_path(&inspect(&env, &ARTICLES));
    for (rel, section) in [
        (MEDDLING, "Politics"),
        (FERRY, "Local"),
        (TURNOUT, "Politics"),
        (TARIFFS, "Business"),
        (REEF, "Science"),
        (SUMMIT, "World"),
        (CAFE, "Culture"),
    ] {
        assert_eq!(records[rel]["section"], section, "{rel}");
    }
}

#[test]
fn inspect_reports_header_and_path_dates_with_their_source() {
    let env = TestEnv::new();
    let records = records_by_path(&inspect(&env, &ARTICLES));
    for (rel, date, source) in [
        (MEDDLING, "2021-03-19T00:00:00Z", "path"),
        (SUMMIT, "2021-06-14T00:00:00Z", "path"),
        (TURNOUT, "2021-04-02T00:00:00Z", "header"),
        // The header (03-24) beats the dated folder (03/23).
        (FERRY, "2021-03-24T00:00:00Z", "header"),
    ] {
        assert_eq!(records[rel]["date"], date, "{rel}");
        assert_eq!(records[rel]["date_source"], source, "{rel}");
    }
}

#[test]
fn inspect_finds_a_titled_person_by_full_name() {
    let env = TestEnv::new();
    let records = records_by_path(&inspect(&env, &[MEDDLING]));
    let people = records[MEDDLING]["people"].as_array().expect("people");
    assert!(
        people
            .iter()
            .filter_map(Value::as_str)
            .any(|p| { p.contains("Varga") && p.split_whitespace().count() >= 2 }),
        "Senator Ilse Varga should be found by full name: {people:?}"
    );
}

#[test]
fn inspect_decodes_windows_1252_with_a_warning() {
    let env = TestEnv::new();
    let out = inspect(&env, &[CAFE]);
    assert_code(&out, 0);
    let record = &records_by_path(&out)[CAFE];
    assert_eq!(record["headline"], "Café Lumière reopens its doors");
    assert_eq!(
        record["related"],
        serde_json::json!(["Bakery wins regional bread prize"])
    );
    let warnings = record["warnings"].to_string();
    assert!(warnings.contains("Windows-1252"), "{warnings}");
    assert!(stderr(&out).contains("Windows-1252"));
}

#[test]
fn section_comes_from_the_top_folder_only_when_root_is_given() {
    let env = TestEnv::new();
    let with_root = inspect(&env, &[CUP]);
    assert_code(&with_root, 0);
    let record = single_json(&stdout(&with_root));
    assert_eq!(record["path"], CUP);
    assert_eq!(record["section"], "sports");
    assert_eq!(record["headline"], "Cup final goes to a replay");

    let file = env.corpus().join(CUP);
    let file_arg = file.to_str().expect("utf8");
    let without_root = env.run(&["inspect", "--json", file_arg]);
    assert_code(&without_root, 0);
    let record = single_json(&stdout(&without_root));
    assert_eq!(record["section"], Value::Null);
}

#[test]
fn inspect_of_the_empty_file_prints_a_skipped_record_and_exits_3() {
    let env = TestEnv::new();
    let out = inspect(&env, &[EMPTY]);
    assert_code(&out, 3);
    let record = single_json(&stdout(&out));
    assert_eq!(record["path"], EMPTY);
    assert_eq!(record["skipped"], "empty");
    assert!(stderr(&out).contains(EMPTY));
}

#[test]
fn inspect_of_a_mix_exits_3_and_still_prints_every_file() {
    let env = TestEnv::new();
    let out = inspect(&env, &[MEDDLING, BINARY, CAFE]);
    assert_code(&out, 3);
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["skipped"], "binary");
    assert_eq!(lines[2]["path"], CAFE);
}

#[test]
fn inspect_human_output_shows_fields_without_colour_codes() {
    let env = TestEnv::new();
    let file = env.corpus().join(MEDDLING);
    let args = [
        "inspect",
        "--root",
        env.corpus_arg(),
        file.to_str().expect("utf8"),
    ];
    let out = env.run(&args);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.contains(MEDDLING_HEADLINE), "{text}");
    assert!(
        text.contains("Governors trade barbs over flood relief"),
        "{text}"
    );
    assert!(!has_ansi(&text));
}
