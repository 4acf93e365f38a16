//! Web pages and web archives end to end (issue 7): `.html` files (and an extension-less page
//! found by its content), WARC files plain and gzipped per record, the byline, URL and
//! language fields in `show` and `inspect`, bad records as named skips, and rebuilds that
//! touch only the WARC records that changed.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::common::{
    assert_code, assert_matches_fresh, build, code, counts, run, stderr, stdout, utf8, Counts,
    Scratch, COMMON,
};

const FIXTURE: &str = "tests/fixtures/html/harbour-bridge.html";

/// A small page whose headline and text carry `word`.
fn page(word: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"de-AT\"><head><title>Report on {word} | Courier</title>\
         <meta name=\"author\" content=\"Ines Halloran\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article>\
         <p>The {word} committee met on Friday to discuss the regional budget and agreed to \
         publish its findings before the end of the month, members said ({COMMON}).</p>\
         <p>Several members asked for a longer consultation, but the chair said the timetable \
         had been set by the council and could not be changed at this stage.</p>\
         </article></body></html>"
    )
}

/// One WARC/1.1 record.
fn record(kind: &str, id: &str, extra: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut head = format!("WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n");
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut out = head.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A response record holding `html`, fetched from `https://courier.example/{id}`.
fn response(id: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let url = format!("https://courier.example/{id}");
    let extra = [
        ("WARC-Target-URI", url.as_str()),
        ("WARC-Date", "2023-09-12T06:00:00Z"),
        ("Content-Type", "application/http; msgtype=response"),
    ];
    record("response", id, &extra, http.as_bytes())
}

/// A crawl: warcinfo, then a request and a response per page, then one image response.
fn crawl(pages: &[(&str, &str)]) -> Vec<Vec<u8>> {
    let mut records = vec![record(
        "warcinfo",
        "info",
        &[],
        b"software: newsidx tests\r\n",
    )];
    for (id, word) in pages {
        let req = [("Content-Type", "application/http; msgtype=request")];
        records.push(record(
            "request",
            &format!("req-{id}"),
            &req,
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        records.push(response(id, &page(word)));
    }
    let png = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
    let http = [("Content-Type", "application/http; msgtype=response")];
    records.push(record("response", "logo", &http, png));
    records
}

/// Each record as its own gzip member, as crawlers write `.warc.gz`.
fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(r).expect("gzip");
        out.extend(gz.finish().expect("gzip"));
    }
    out
}

fn write_bytes(s: &mut Scratch, rel: &str, bytes: &[u8]) {
    let path = s.path(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, bytes).expect("write");
    s.touch(rel);
}

fn show(s: &Scratch, id: &str) -> Value {
    let out = run(s.root(), &["show", id, "--index", utf8(&s.index), "--json"]);
    assert_code(&out, &[0]);
    serde_json::from_str(stdout(&out).trim()).expect("show JSON")
}

fn mixed() -> Scratch {
    let mut s = Scratch::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    write_bytes(
        &mut s,
        "local/harbour-bridge.html",
        &fs::read(fixture).expect("fixture"),
    );
    s.write("saved/budget-page", &page("budget"));
    s.write(
        "saved/empty.htm",
        "<html><head><title>Gallery</title></head><body><nav>Home</nav></body></html>",
    );
    write_bytes(
        &mut s,
        "crawl.warc",
        &crawl(&[("a1", "harbour"), ("a2", "tram")]).concat(),
    );
    write_bytes(
        &mut s,
        "crawl2.warc.gz",
        &gzip_members(&crawl(&[("b1", "ferry")])),
    );
    s.write(
        "wire.jsonl",
        "{\"id\": \"w1\", \"title\": \"Tram line opens\", \"maintext\": \"The tram line opened.\", \
         \"authors\": [\"Bo Lind\"], \"url\": \"https://wire.example/w1\", \"language\": \"en-US\"}\n",
    );
    s
}

#[test]
fn r7_html_and_warc_build_beside_other_formats() {
    let s = mixed();
    let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_eq!(code(&out), 3, "skips make exit code 3: {}", stderr(&out));
    let c = counts(&summary);
    let want = Counts {
        files: 6,
        added: 6,
        skipped: 3,
        articles: 6,
        ..Counts::default()
    };
    assert_eq!(c, want, "{summary}");
    let reasons = &summary["skipped_by_reason"];
    assert_eq!(
        (reasons["not_html"].as_u64(), reasons["no_body"].as_u64()),
        (Some(2), Some(1)),
        "{summary}"
    );
    let err = stderr(&out);
    assert!(err.contains("saved/empty.htm"), "{err}");
    assert!(err.contains("crawl.warc#record-urn:uuid:logo"), "{err}");

    let html = show(&s, "local/harbour-bridge.html");
    assert_eq!(
        html["headline"],
        "Harbour bridge reopens after three weeks of storm repairs"
    );
    assert_eq!(html["date"], "2024-03-14T08:30:00Z");
    assert_eq!(html["section"], "Local");
    assert_eq!(html["authors"], serde_json::json!(["Mirela Vostrikova"]));
    assert_eq!(
        html["url"],
        "https://lantern-gazette.example/local/harbour-bridge-reopens"
    );
    assert_eq!(html["language"], "en");
    assert!(!html["body"].as_str().expect("body").contains("Also Read"));

    let sniffed = show(&s, "saved/budget-page");
    assert_eq!(sniffed["headline"], "Report on budget");
    assert_eq!(sniffed["language"], "de");

    let rec = show(&s, "crawl2.warc.gz#record-urn:uuid:b1");
    assert_eq!(rec["url"], "https://courier.example/b1");
    assert_eq!(
        rec["date"], "2023-09-12T06:00:00Z",
        "the fetch date, the page has none"
    );
    assert_eq!(rec["authors"], serde_json::json!(["Ines Halloran"]));

    let wire = show(&s, "wire.jsonl#w1");
    assert_eq!(
        (&wire["url"], &wire["language"]),
        (&Value::from("https://wire.example/w1"), &Value::from("en"))
    );
    assert_eq!(wire["authors"], serde_json::json!(["Bo Lind"]));
}

#[test]
fn r7_inspect_shows_the_web_fields() {
    let s = mixed();
    let path = s.path("crawl.warc");
    let out = run(s.root(), &["inspect", utf8(&path), "--json"]);
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let pages: Vec<&Value> = lines
        .iter()
        .filter(|l| l.get("headline").is_some())
        .collect();
    assert_eq!(pages.len(), 2, "{lines:?}");
    assert_eq!(pages[0]["url"], "https://courier.example/a1");
    assert_eq!(pages[0]["authors"], serde_json::json!(["Ines Halloran"]));
    assert_eq!(pages[0]["language"], "de");
}

/// A changed page in a WARC updates that record only; a removed one leaves the index.
#[test]
fn r7_warc_reindex_touches_only_changed_records() {
    let mut s = Scratch::new();
    let pages = [("a1", "harbour"), ("a2", "tram"), ("a3", "school")];
    write_bytes(&mut s, "crawl.warc.gz", &gzip_members(&crawl(&pages)));
    let first = counts(&build(s.root(), Some(&s.corpus), &s.index, &[]).1);
    assert_eq!((first.added, first.articles), (3, 3));
    let edited = [("a1", "harbour"), ("a3", "library"), ("a4", "bridge")];
    write_bytes(&mut s, "crawl.warc.gz", &gzip_members(&crawl(&edited)));
    let c = counts(&build(s.root(), Some(&s.corpus), &s.index, &[]).1);
    let want = Counts {
        files: 1,
        added: 1,
        updated: 1,
        removed: 1,
        unchanged: 1,
        skipped: 1,
        articles: 3,
    };
    assert_eq!(c, want);
    assert_matches_fresh(s.root(), &s.corpus, &s.index);
}

/// A record with a wrong Content-Length is a named skip; the records after it are indexed.
/// A gzip cut short keeps the records before the cut.
#[test]
fn r7_bad_warc_records_are_named_skips() {
    let mut s = Scratch::new();
    let mut records = crawl(&[("a1", "harbour"), ("a2", "tram"), ("a3", "school")]);
    let text = String::from_utf8_lossy(&records[2]).into_owned();
    let start = text.find("Content-Length: ").expect("length") + 16;
    let end = start + text[start..].find('\r').expect("eol");
    records[2] = format!("{}77{}", &text[..start], &text[end..]).into_bytes();
    write_bytes(&mut s, "bad.warc", &records.concat());
    let whole = gzip_members(&crawl(&[("c1", "ferry"), ("c2", "museum")]));
    write_bytes(&mut s, "cut.warc.gz", &whole[..whole.len() * 2 / 3]);
    let (out, summary) = build(s.root(), Some(&s.corpus), &s.index, &[]);
    assert_eq!(code(&out), 3);
    let err = stderr(&out);
    assert!(
        err.contains("bad.warc#record-urn:uuid:a1") && err.contains("Content-Length"),
        "{err}"
    );
    assert!(
        err.contains("cut.warc.gz") && err.contains("truncated"),
        "{err}"
    );
    let c = counts(&summary);
    assert_eq!(
        c.added, 3,
        "a2 and a3 after the bad record, c1 before the cut: {summary}"
    );
    show(&s, "bad.warc#record-urn:uuid:a3");
    show(&s, "cut.warc.gz#record-urn:uuid:c1");
}
