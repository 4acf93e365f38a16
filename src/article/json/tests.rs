use super::*;
use crate::article::record::read_all;
use crate::article::stream::Source;

fn ok(records: &[Result<Draft, BadRecord>]) -> Vec<&Draft> {
    records.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn lines_of(text: &str) -> ParsedFile {
    parse(text.as_bytes(), Format::JsonLines, &JsonMap::default())
}

#[test]
fn news_please_record_maps_every_field() {
    let line = r#"{"title": " Dam opens ", "date_publish": "2021-03-19 10:00:00",
        "maintext": "First para.\nSecond para.", "authors": ["Ann Lee", "Bo Ma"],
        "category": "World", "url": "https://x.test/a", "source_domain": "x.test",
        "language": "en"}"#
        .replace('\n', " ");
    let parsed = lines_of(&line);
    let d = ok(&parsed.records)[0];
    assert_eq!(d.key, "line-1");
    assert_eq!(d.headline, "Dam opens");
    assert_eq!(d.paragraphs, ["First para.", "Second para."]);
    assert_eq!(d.date.as_deref(), Some("2021-03-19 10:00:00"));
    assert_eq!(d.authors, ["Ann Lee", "Bo Ma"]);
    assert_eq!(d.section.as_deref(), Some("World"));
    assert_eq!(d.source.as_deref(), Some("x.test"));
    assert_eq!(
        (d.url.as_deref(), d.language.as_deref()),
        (Some("https://x.test/a"), Some("en"))
    );
}

#[test]
fn numeric_html_references_are_decoded_per_string() {
    let line =
        r#"{"title": "Caf&#233; owners sue", "text": ["Pap&#xE9; &amp; co.", "AT&amp;T stays"]}"#;
    let parsed = lines_of(line);
    let d = ok(&parsed.records)[0];
    assert_eq!(d.headline, "Café owners sue");
    // A string with a numeric reference went through HTML: all its references are decoded.
    // One without keeps its ampersands as written.
    assert_eq!(d.paragraphs, ["Papé & co.", "AT&amp;T stays"]);
}

#[test]
fn bad_lines_are_bad_records_and_the_rest_still_count() {
    let text = "{\"title\":\"A\",\"text\":\"a\"}\n\n{broken\n[1]\n{\"id\":7,\"headline\":\"B\",\"body\":[\"b1\",\"b2\"]}\n{\"title\":\"C\"}\n{\"text\":\"no title\"}\n";
    let parsed = lines_of(text);
    let keys = parsed.outcomes();
    assert_eq!(
        keys,
        [
            "ok line-1",
            "malformed line-3",
            "malformed line-4",
            "ok 7",
            "no_body line-6",
            "no_headline line-7"
        ]
    );
    assert_eq!(ok(&parsed.records)[1].paragraphs, ["b1", "b2"]);
}

#[test]
fn json_files_hold_an_object_an_array_or_lines() {
    let map = JsonMap::default();
    let one = parse(br#"{"title":"T","text":"x"}"#, Format::Json, &map);
    assert_eq!(ok(&one.records)[0].key, "record-1");
    let array = parse(
        br#"[{"title":"T","text":"x"},{"title":"U","text":"y","id":"u-1"}]"#,
        Format::Json,
        &map,
    );
    let keys: Vec<_> = ok(&array.records).iter().map(|d| d.key.clone()).collect();
    assert_eq!(keys, ["record-1", "u-1"]);
    let lines = parse(
        b"{\"title\":\"T\",\"text\":\"x\"}\n{\"title\":\"U\",\"text\":\"y\"}\n",
        Format::Json,
        &map,
    );
    assert_eq!(ok(&lines.records).len(), 2);
    let broken = parse(b"{\"title\": \"T\",\n  \"text\": ", Format::Json, &map);
    assert_eq!(broken.records.len(), 1);
    assert!(matches!(&broken.records[0], Err(b) if b.reason == SkipReason::Malformed));
}

#[test]
fn numeric_dates_are_unix_seconds_or_milliseconds() {
    let cases = [
        (serde_json::json!(1_616_148_000), "2021-03-19T10:00:00Z"),
        (
            serde_json::json!(1_616_148_000_000_i64),
            "2021-03-19T10:00:00Z",
        ),
        (serde_json::json!("19 March 2021"), "19 March 2021"),
    ];
    for (v, want) in cases {
        assert_eq!(date(&v).as_deref(), Some(want), "{v}");
    }
}

#[test]
fn overrides_replace_the_keys_of_a_field() {
    let map = JsonMap::with_overrides("headline=name, body=story.text|summary").expect("valid");
    assert_eq!(map.headline, ["name"]);
    assert_eq!(map.body, ["story.text", "summary"]);
    let parsed = parse(
        br#"{"title":"ignored","name":"N","story":{"text":"nested body"}}"#,
        Format::JsonLines,
        &map,
    );
    let d = ok(&parsed.records)[0];
    assert_eq!(
        (d.headline.as_str(), d.paragraphs[0].as_str()),
        ("N", "nested body")
    );
    assert!(matches!(
        JsonMap::with_overrides("headline"),
        Err(MapError::NotAPair(_))
    ));
    assert!(matches!(
        JsonMap::with_overrides("colour=x"),
        Err(MapError::UnknownField(_))
    ));
}

#[test]
fn record_hash_changes_only_with_the_record() {
    let a = lines_of("{\"title\":\"A\",\"text\":\"a\"}\n{\"title\":\"B\",\"text\":\"b\"}\n");
    let b = lines_of("{\"title\":\"A\",\"text\":\"a\"}\n{\"title\":\"B\",\"text\":\"b2\"}\n");
    let (a, b) = (ok(&a.records), ok(&b.records));
    assert_eq!(a[0].hash, b[0].hash);
    assert_ne!(a[1].hash, b[1].hash);
}

/// Reads `bytes` with a record limit of `max` bytes, a few bytes at a time.
fn small(bytes: &[u8], format: Format, max: usize) -> ParsedFile {
    let map = JsonMap::default();
    read_all(Reader::new(format, &map, max), Source::with_block(bytes, 5))
}

#[test]
fn lines_and_elements_over_the_limit_are_skipped_and_the_rest_read() {
    let long = format!(r#"{{"title":"L","text":"{}"}}"#, "x".repeat(200));
    let text =
        format!("{{\"title\":\"A\",\"text\":\"a\"}}\n{long}\n{{\"title\":\"B\",\"text\":\"b\"}}\n");
    let parsed = small(text.as_bytes(), Format::JsonLines, 100);
    assert_eq!(
        parsed.outcomes(),
        ["ok line-1", "too_large line-2", "ok line-3"]
    );
    let array = format!(
        "[{{\"title\":\"A\",\"text\":\"a\"}}, {long},\n {{\"title\":\"B\",\"text\":\"b\"}}]\n"
    );
    let parsed = small(array.as_bytes(), Format::Json, 100);
    assert_eq!(
        parsed.outcomes(),
        ["ok record-1", "too_large record-2", "ok record-3"]
    );
    assert!(parsed.complete);
}

#[test]
fn array_elements_are_records_of_their_own() {
    let text = br#" [ {"title":"A","text":"a [x], {y}"}, {"title": oops}, "str", {"title":"B","text":"b \" ]"} ] "#;
    let parsed = small(text, Format::Json, 1000);
    assert_eq!(
        parsed.outcomes(),
        [
            "ok record-1",
            "malformed record-2",
            "malformed record-3",
            "ok record-4"
        ]
    );
    assert_eq!(ok(&parsed.records)[1].paragraphs, ["b \" ]"]);
    assert!(small(b"[ ]", Format::Json, 1000).records.is_empty());
    let after = small(br#"[{"title":"A","text":"a"}] junk"#, Format::Json, 1000);
    assert_eq!(after.outcomes(), ["ok record-1", "malformed end"]);
    let cut = small(
        br#"[{"title":"A","text":"a"}, {"title":"B","#,
        Format::Json,
        1000,
    );
    assert_eq!(cut.outcomes(), ["ok record-1", "malformed record-2"]);
    assert!(!cut.complete);
}

#[test]
fn an_element_hashes_the_same_however_it_is_laid_out() {
    let a = small(br#"[{"title":"A","text":"a"}]"#, Format::Json, 1000);
    let b = small(
        b"[\n  {\n    \"title\": \"A\",\n    \"text\": \"a\"\n  }\n]\n",
        Format::Json,
        1000,
    );
    assert_eq!(ok(&a.records)[0].hash, ok(&b.records)[0].hash);
}

#[test]
fn a_large_json_file_is_lines_or_one_skip() {
    let lines = "{\"title\":\"A\",\"text\":\"a\"}\n".repeat(10);
    let parsed = small(lines.as_bytes(), Format::Json, 100);
    assert_eq!(parsed.records.len(), 10);
    assert!(parsed.records.iter().all(Result::is_ok));
    let pretty = format!(
        "{{\n\"title\": \"A\",\n\"text\": \"{}\"\n}}\n",
        "a".repeat(200)
    );
    let parsed = small(pretty.as_bytes(), Format::Json, 100);
    assert_eq!(parsed.outcomes(), ["too_large record-1"]);
}
