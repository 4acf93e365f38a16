//! Issue 5 snippets: several passages joined by " … ", phrases highlighted as one unit,
//! headline highlights in JSON and colour, `--passages`, and sanitised article text.

use std::fs;

use serde_json::Value;

use crate::support::*;

/// The `[start, end)` ranges of `key` applied to the text of `text_key`.
fn marked<'a>(hit: &'a Value, text_key: &str, key: &str) -> Vec<&'a str> {
    let text = hit[text_key].as_str().expect("text");
    hit[key]
        .as_array()
        .expect("ranges")
        .iter()
        .map(|r| {
            let at = |i: usize| r[i].as_u64().expect("offset") as usize;
            &text[at(0)..at(1)]
        })
        .collect()
}

#[test]
fn r5_phrase_is_one_highlight_in_snippet_and_headline() {
    let env = TestEnv::built();
    let hits = env.search_hits("\"election meddling\"", &[]);
    assert_eq!(hits[0]["path"], MEDDLING);
    let snippet = marked(&hits[0], "snippet", "highlights");
    assert!(!snippet.is_empty());
    assert!(
        snippet.iter().all(|m| *m == "election meddling"),
        "{snippet:?}"
    );
    assert_eq!(
        marked(&hits[0], "headline", "headline_highlights"),
        ["election meddling"]
    );
    // Plain words are marked one by one.
    let hits = env.search_hits("election meddling", &[]);
    assert_eq!(
        marked(&hits[0], "headline", "headline_highlights"),
        ["election", "meddling"]
    );
}

#[test]
fn r5_distant_matches_make_passages_joined_by_an_ellipsis() {
    let env = TestEnv::built();
    let hits = env.search_hits("\"election meddling\"", &[]);
    let snippet = hits[0]["snippet"].as_str().expect("snippet");
    assert_eq!(snippet.matches(" … ").count(), 1, "{snippet}");
    assert_eq!(marked(&hits[0], "snippet", "highlights").len(), 2);
    let one = env.search_hits("\"election meddling\"", &["--passages", "1"]);
    let snippet = one[0]["snippet"].as_str().expect("snippet");
    assert!(!snippet.contains(" … "), "{snippet}");
    for bad in ["0", "5", "x"] {
        assert_code(&env.search("election", &["--passages", bad]), 2);
    }
}

#[test]
fn r5_passages_keep_text_order_and_whole_words() {
    let env = TestEnv::new();
    let filler = "Nothing of note happened on the quiet harbour road that week. ".repeat(8);
    let text = format!(
        "-World\n\nBeacon story\n\nThe lighthouse keeper spoke first. {filler}\n\n{filler} A quay wall collapsed overnight. {filler}\n"
    );
    fs::write(env.corpus().join("beacon.txt"), &text).expect("write article");
    assert_code(&env.build(), 3);
    let hits = env.search_hits("quay lighthouse", &[]);
    let snippet = hits[0]["snippet"].as_str().expect("snippet");
    assert_eq!(
        marked(&hits[0], "snippet", "highlights"),
        ["lighthouse", "quay"]
    );
    let parts: Vec<&str> = snippet.split(" … ").collect();
    assert_eq!(parts.len(), 2, "{snippet}");
    assert!(parts[0].starts_with("The lighthouse keeper"), "{snippet}");
    let article_words: Vec<&str> = text.split_whitespace().collect();
    for word in snippet.split([' ', '…']).filter(|w| !w.is_empty()) {
        assert!(
            article_words.contains(&word),
            "word {word:?} was cut: {snippet}"
        );
    }
}

#[test]
fn r5_coloured_headline_marks_the_match_and_plain_output_does_not() {
    let env = TestEnv::built();
    let out = env.search("meddling", &["--color", "always"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    let headline = text.lines().next().expect("a line");
    assert!(headline.contains("meddling\u{1b}[0m"), "{headline:?}");
    let plain = stdout(&env.search("meddling", &[]));
    assert!(
        plain.starts_with(&format!(" 1. {MEDDLING_HEADLINE}\n")),
        "{plain}"
    );
    let no_color = env.run_env(
        &["search", "meddling", "--index", env.index_arg()],
        &[("NEWSIDX_TEST_TTY", "1"), ("NO_COLOR", "1")],
    );
    assert!(!has_ansi(&stdout(&no_color)));
}

#[test]
fn r5_control_and_bidi_characters_in_headline_and_snippet_are_escaped_on_a_terminal() {
    let env = TestEnv::new();
    let text =
        "-World\n\nKelpie \u{202E}rally\u{1b}[2J ends\n\nThe kelpie \u{1b}[31mrally drew crowds.\n";
    fs::write(env.corpus().join("kelpie.txt"), text).expect("write article");
    assert_code(&env.build(), 3);
    let out = env.search("kelpie", &["--color", "always"]);
    assert_code(&out, 0);
    let shown = stdout(&out);
    assert!(
        !shown.contains('\u{202E}') && !shown.contains("\u{1b}[2J"),
        "{shown:?}"
    );
    assert!(!shown.contains("\u{1b}[31mrally"), "{shown:?}");
    assert!(
        shown.contains("\\u{202e}") && shown.contains("\\u{1b}[2J"),
        "{shown:?}"
    );
    // JSON keeps the text as stored, so the byte ranges stay true.
    let hits = env.search_hits("kelpie", &[]);
    assert_eq!(
        marked(&hits[0], "headline", "headline_highlights"),
        ["Kelpie"]
    );
    assert_eq!(marked(&hits[0], "snippet", "highlights"), ["kelpie"]);
}
