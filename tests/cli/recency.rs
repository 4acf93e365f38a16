//! Issue 5 `--recency HALF_LIFE`: a bounded boost for newer articles over the whole result set.

use std::fs;

use chrono::{Duration, Utc};
use serde_json::Value;

use crate::support::*;

const OLD: &str = "dated/old.txt";
const NEW: &str = "dated/new.txt";
const UNDATED: &str = "dated/undated.txt";

/// A corpus with the same story dated two years ago, ten days ago, and not at all; the old
/// one says "walrus" once more, so it is the better text match.
fn env() -> TestEnv {
    let env = TestEnv::new();
    let dir = env.corpus().join("dated");
    fs::create_dir_all(&dir).expect("create folder");
    let story = "Keepers counted the walrus herd on the northern ice shelf this spring.";
    let today = Utc::now().date_naive();
    let article = |date: Option<chrono::NaiveDate>, extra: &str| {
        let header = date.map_or(String::new(), |d| format!("Date: {d}\n\n"));
        format!("-Science\n\nWalrus count on the ice\n\n{header}{story}{extra}\n")
    };
    let old = today - Duration::days(730);
    let new = today - Duration::days(10);
    fs::write(
        dir.join("old.txt"),
        article(Some(old), " A walrus calf was seen."),
    )
    .expect("write");
    fs::write(
        dir.join("new.txt"),
        article(Some(new), " A seal calf was seen."),
    )
    .expect("write");
    fs::write(
        dir.join("undated.txt"),
        article(None, " A seal calf was seen."),
    )
    .expect("write");
    assert_code(&env.build(), 3);
    env
}

fn by_path<'a>(hits: &'a [Value], path: &str) -> &'a Value {
    hits.iter()
        .find(|h| h["path"] == path)
        .expect("hit present")
}

fn score(hits: &[Value], path: &str) -> f64 {
    by_path(hits, path)["score"].as_f64().expect("score")
}

#[test]
fn r5_recency_lifts_a_newer_article_above_a_better_older_one() {
    let env = env();
    let plain = env.search_hits("walrus", &[]);
    assert_eq!(
        plain[0]["path"], OLD,
        "without --recency the better match wins"
    );
    assert!(score(&plain, NEW) <= score(&plain, OLD));
    assert_eq!(
        score(&plain, NEW),
        score(&plain, UNDATED),
        "same text, same score"
    );

    let boosted = env.search_hits("walrus", &["--recency", "30d"]);
    assert_eq!(boosted[0]["path"], NEW, "{boosted:?}");
    let factor = |p: &str| score(&boosted, p) / score(&plain, p);
    assert!(
        (1.7..=2.0).contains(&factor(NEW)),
        "ten days at a 30-day half-life"
    );
    assert!(
        (1.0..1.01).contains(&factor(OLD)),
        "two years old: almost no boost"
    );
    assert!((factor(UNDATED) - 1.0).abs() < 1e-6, "undated: no boost");
    assert!(by_path(&boosted, OLD)["rank"].as_u64() > by_path(&boosted, NEW)["rank"].as_u64());
}

#[test]
fn r5_recency_ranks_the_whole_result_set_not_one_page() {
    let env = env();
    // The newer article is not on a one-hit page of the plain ranking, but is with --recency.
    let page = env.search_hits("walrus", &["--limit", "1"]);
    assert_eq!(page[0]["path"], OLD);
    let page = env.search_hits("walrus", &["--limit", "1", "--recency", "30d"]);
    assert_eq!(page[0]["path"], NEW);
    let next = env.search_hits(
        "walrus",
        &["--limit", "1", "--offset", "1", "--recency", "30d"],
    );
    assert_eq!(next[0]["path"], OLD);
}

#[test]
fn r5_recency_needs_a_relative_half_life() {
    let env = env();
    for bad in ["2021", "0d", "soon", "30"] {
        let out = env.search("walrus", &["--recency", bad]);
        assert_code(&out, 2);
        assert!(one_error_line(&out).contains("--recency"), "{bad}");
    }
    // A date sort ignores the boost.
    let newest = env.search_hits("walrus", &["--sort", "oldest", "--recency", "1y"]);
    assert_eq!(newest[0]["path"], OLD);
}
