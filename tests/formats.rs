//! Multi-article formats end to end (issue 7): JSON Lines, JSON, TREC and Reuters SGML built
//! (HTML and WARC in `formats/web.rs`)
//! from `tests/fixtures/formats/`, bad records as named, counted skips, `inspect` per record,
//! `--json-map`, and incremental rebuilds that touch only the records that changed.

mod common;
#[path = "formats/fuzz.rs"]
mod fuzz;
#[path = "formats/web.rs"]
mod web;

use std::fs;
use std::path::Path;

use common::{
    assert_code, assert_matches_fresh, build, build_ok, code, counts, dump, run, stderr, stdout,
    utf8, Counts, Scratch, COMMON,
};
use serde_json::Value;

/// Copies the format fixtures into a scratch corpus.
fn fixtures() -> Scratch {
    let mut s = Scratch::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("fixture entry");
        if !entry.file_type().is_file() || entry.file_name() == "README.md" {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).expect("under src");
        let to = s.path(utf8(rel));
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::copy(entry.path(), &to).expect("copy fixture");
        s.touch(utf8(rel));
    }
    s
}

/// `show ID --json` as a JSON value.
fn show(s: &Scratch, id: &str) -> Value {
    let out = run(s.root(), &["show", id, "--index", utf8(&s.index), "--json"]);
    assert_code(&out, &[0]);
    serde_json::from_str(stdout(&out).trim()).expect("show JSON")
}

#[test]
fn r7_fixtures_build_with_named_skips() {
    let s = fixtures();
    let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_eq!(code(&out), 3, "skips make exit code 3: {}", stderr(&out));
    let c = counts(&summary);
    let want = Counts {
        files: 7,
        added: 12,
        skipped: 5,
        articles: 12,
        ..Counts::default()
    };
    assert_eq!(c, want, "{summary}");
    let reasons = &summary["skipped_by_reason"];
    assert_eq!(
        (reasons["malformed"].as_u64(), reasons["no_body"].as_u64()),
        (Some(3), Some(2))
    );
    let err = stderr(&out);
    for named in [
        "wire.jsonl#line-3: invalid JSON",
        "wire.jsonl#line-5: no body text",
        "trec/collection.trec#NX880101-0002: unterminated <DOC> record",
        "truncated.jsonl.gz: gzip data truncated",
        "truncated.jsonl.gz#line-2",
        "wire-style.sgm#502: no <BODY> text",
    ] {
        assert!(err.contains(named), "stderr names {named:?}: {err}");
    }
}

#[test]
fn r7_records_keep_their_fields() {
    let s = fixtures();
    build(s.root(), Some(&s.corpus), &s.index, &[]);
    let cases = [
        (
            "wire.jsonl#wire-101",
            "Lighthouse keepers vote to strike",
            "2022-08-14T07:30:00Z",
            "Labour",
        ),
        (
            "wire.jsonl#line-2",
            "Ferry fares rise on the northern route",
            "2022-08-15T00:00:00Z",
            "Transport",
        ),
        (
            "wire.jsonl#line-4",
            "Orchard harvest begins early",
            "2022-08-16T00:00:00Z",
            "",
        ),
        (
            "feed.json#feed-1",
            "Tram line extension opens",
            "2022-09-01T09:00:00Z",
            "City",
        ),
        (
            "feed.json#record-2",
            "Museum adds a quillback gallery",
            "2022-09-02T00:00:00Z",
            "",
        ),
        (
            "archive.jsonl.gz#line-2",
            "Village fair draws crowds",
            "2022-07-02T00:00:00Z",
            "",
        ),
        (
            "trec/collection.trec#NX880101-0001",
            "Canal locks reopen after repairs",
            "1988-01-01T00:00:00Z",
            "trec",
        ),
        (
            "trec/collection.trec#NX880101-0003",
            "Snow closes mountain pass",
            "1988-01-02T06:15:00Z",
            "trec",
        ),
        (
            "wire-style.sgm#501",
            "VELLAND WHEAT TALKS <ADJOURN>",
            "1987-03-02T10:04:12Z",
            "grain",
        ),
    ];
    for (id, headline, date, section) in cases {
        let v = show(&s, id);
        assert_eq!(v["path"], id.split('#').next().expect("path"), "{v}");
        assert_eq!(v["headline"], headline, "{id}");
        assert_eq!(v["date"], date, "{id}");
        assert_eq!(v["section"].as_str().unwrap_or(""), section, "{id}");
    }
    let wire = show(&s, "wire.jsonl#wire-101");
    assert_eq!(wire["sources"], serde_json::json!(["coastwatch.example"]));
    let reuters = show(&s, "wire-style.sgm#501");
    assert_eq!(reuters["sources"], serde_json::json!(["Reuters"]));
    let body = reuters["body"].as_str().expect("body");
    assert!(
        body.starts_with("OSTRAVEL, March 2 - Wheat talks"),
        "{body}"
    );
    assert!(!body.contains("Reuter\n") && !body.contains("&#"), "{body}");
}

#[test]
fn r7_inspect_prints_one_record_per_article() {
    let s = fixtures();
    let out = run(
        s.root(),
        &["inspect", utf8(&s.path("wire.jsonl")), "--json"],
    );
    assert_eq!(code(&out), 3, "a skipped record makes exit code 3");
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert!(stderr(&out).contains("wire.jsonl#line-3"));
}

#[test]
fn r7_json_map_reads_other_key_names() {
    let mut s = Scratch::new();
    let line = format!("{{\"name\": \"Bridge repainted\", \"story\": {{\"text\": \"The old bridge was repainted green. {COMMON}\"}}}}\n");
    s.write("custom.jsonl", &line);
    let plain = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!((plain.added, plain.skipped), (0, 1));
    let mapped = build_ok(
        s.root(),
        Some(&s.corpus),
        &s.sibling("mapped"),
        &["--json-map", "headline=name,body=story.text"],
    );
    assert_eq!(counts(&mapped).added, 1, "{mapped}");
    // The index remembers the mapping: a rebuild without the flag keeps the article as it is.
    let again = counts(&build_ok(
        s.root(),
        Some(&s.corpus),
        &s.sibling("mapped"),
        &[],
    ));
    assert_eq!((again.updated, again.removed, again.articles), (0, 0, 1));
    // A different mapping re-extracts: this one finds no body, so the article goes.
    let other = counts(&build_ok(
        s.root(),
        Some(&s.corpus),
        &s.sibling("mapped"),
        &["--json-map", "headline=name"],
    ));
    assert_eq!((other.removed, other.articles), (1, 0));
    let (out, _) = build(
        s.root(),
        Some(&s.corpus),
        &s.sibling("bad"),
        &["--json-map", "colour=x"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--json-map: unknown field `colour`"),
        "{}",
        stderr(&out)
    );
}

/// A JSON Lines record with an id, holding [`COMMON`] so `dump` lists it.
fn jline(id: &str, words: &str) -> String {
    format!("{{\"id\": \"{id}\", \"title\": \"Story {id}\", \"text\": \"{words} {COMMON}.\"}}\n")
}

/// A TREC document holding [`COMMON`].
fn doc(docno: &str, words: &str) -> String {
    format!("<DOC>\n<DOCNO>{docno}</DOCNO>\n<HEADLINE>Report {docno}</HEADLINE>\n<TEXT>\n{words} {COMMON}.\n</TEXT>\n</DOC>\n")
}

fn jsonl(records: &[(&str, &str)]) -> String {
    records.iter().map(|(id, w)| jline(id, w)).collect()
}

fn trec(records: &[(&str, &str)]) -> String {
    records.iter().map(|(id, w)| doc(id, w)).collect()
}

/// Edit one record, delete one, add one: only those change, in both formats.
#[test]
fn r7_reindex_touches_only_changed_records() {
    let mut s = Scratch::new();
    s.write(
        "a.jsonl",
        &jsonl(&[
            ("1", "apple"),
            ("2", "birch"),
            ("3", "cedar"),
            ("4", "dune"),
        ]),
    );
    s.write(
        "b.trec",
        &trec(&[("B1", "ember"), ("B2", "fjord"), ("B3", "grove")]),
    );
    s.write(
        "c.txt",
        &format!("Plain story\n\nA text article, {COMMON}.\n"),
    );
    let first = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!((first.added, first.articles), (8, 8));
    s.write(
        "a.jsonl",
        &jsonl(&[("1", "apple"), ("2", "banyan"), ("4", "dune"), ("5", "elm")]),
    );
    s.write(
        "b.trec",
        &trec(&[("B1", "ember"), ("B3", "grotto"), ("B4", "heath")]),
    );
    let c = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    let want = Counts {
        files: 3,
        added: 2,
        updated: 2,
        removed: 2,
        unchanged: 4,
        articles: 8,
        ..Counts::default()
    };
    assert_eq!(c, want);
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
    let again = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!(
        (again.unchanged, again.added + again.updated + again.removed),
        (8, 0)
    );
}

/// A touch, or an edit that only deletes records, leaves every record as indexed, and the
/// next run finds the file unchanged by size and mtime.
#[test]
fn r7_touch_and_delete_only_edits_settle() {
    let mut s = Scratch::new();
    s.write(
        "a.jsonl",
        &jsonl(&[("1", "apple"), ("2", "birch"), ("3", "cedar")]),
    );
    build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    s.touch("a.jsonl");
    let touched = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!((touched.unchanged, touched.updated), (3, 0));
    s.write("a.jsonl", &jsonl(&[("1", "apple"), ("3", "cedar")]));
    let cut = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!((cut.removed, cut.unchanged, cut.updated), (1, 2, 0));
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
    // Same size, same mtime, other bytes: a run that read the file would see the change, so
    // an unchanged count shows the file was skipped by size and mtime alone.
    let mtime = fs::metadata(s.path("a.jsonl"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let swapped = s.read("a.jsonl").replace("apple", "aspen");
    fs::write(s.path("a.jsonl"), swapped).expect("rewrite");
    let file = fs::File::options()
        .write(true)
        .open(s.path("a.jsonl"))
        .expect("open");
    file.set_modified(mtime).expect("restore mtime");
    let settled = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!((settled.unchanged, settled.updated), (2, 0));
}

/// A file deleted whole loses all its records; a bad line loses only its own.
#[test]
fn r7_vanished_file_and_bad_line() {
    let mut s = Scratch::new();
    s.write("a.jsonl", &jsonl(&[("1", "apple"), ("2", "birch")]));
    s.write("b.jsonl", &jsonl(&[("9", "ivy")]));
    build_ok(s.root(), Some(&s.corpus), &s.index, &[]);
    s.write("a.jsonl", &format!("{}{{oops\n", jline("1", "apple")));
    s.remove("b.jsonl");
    let c = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!(
        (c.removed, c.skipped, c.unchanged, c.articles),
        (2, 1, 1, 1)
    );
    let ids: Vec<String> = dump(s.root(), &s.index).into_iter().map(|d| d.id).collect();
    assert_eq!(ids, ["a.jsonl#1"]);
}

/// A gzip stream cut short: the records before the cut stay, and indexed records that may be
/// in the lost part are kept rather than removed.
#[test]
fn r7_truncated_gzip_keeps_what_it_cannot_see() {
    let mut s = Scratch::new();
    let text = jsonl(&[("1", "apple"), ("2", "birch"), ("3", "cedar")]);
    let gz = gzip(text.as_bytes());
    fs::write(s.path("a.jsonl.gz"), &gz).expect("write gz");
    s.touch("a.jsonl.gz");
    assert_eq!(
        counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[])).added,
        3
    );
    fs::write(s.path("a.jsonl.gz"), &gz[..gz.len() - 12]).expect("truncate");
    s.touch("a.jsonl.gz");
    let c = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!((c.skipped, c.removed, c.articles), (1, 0, 3));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// Two records with one DOCNO: the second is a counted skip, not a second article.
#[test]
fn r7_duplicate_keys_are_skipped() {
    let mut s = Scratch::new();
    s.write("d.trec", &trec(&[("X1", "one"), ("X1", "two")]));
    let c = counts(&build_ok(s.root(), Some(&s.corpus), &s.index, &[]));
    assert_eq!((c.added, c.skipped), (1, 1));
}
