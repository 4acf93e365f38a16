use super::*;
use crate::article::record::read_all;
use crate::article::stream::Source;

const PAGE: &str = "<!doctype html><html lang=\"en\"><head>\
    <meta property=\"og:title\" content=\"Ferry service resumes on the north route\">\
    </head><body><article>\
    <p>The north ferry route reopened on Monday after a month of repairs to the pier, the \
    operator said, and the first crossing left on time with a full deck of cars.</p>\
    <p>Passengers had used a bus link around the bay during the closure, which added an hour \
    to most journeys and drew complaints from commuters and shop owners alike.</p>\
    </article></body></html>";

/// One WARC record with the given type, extra headers and block.
pub(crate) fn record(kind: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.1\r\nWARC-Type: {kind}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(block);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

/// An HTTP 200 response record for `html` at `url`.
pub(crate) fn response(id: &str, url: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let headers = [
        ("WARC-Record-ID", id),
        ("WARC-Target-URI", url),
        ("WARC-Date", "2024-05-02T10:00:00Z"),
        ("Content-Type", "application/http; msgtype=response"),
    ];
    record("response", &headers, http.as_bytes())
}

/// `rec` with its Content-Length value replaced by `value`.
fn with_length(rec: &[u8], value: &str) -> Vec<u8> {
    let text = String::from_utf8(rec.to_vec()).expect("test records are UTF-8");
    let start = text.find("Content-Length: ").expect("a length") + "Content-Length: ".len();
    let end = start + text[start..].find('\r').expect("line end");
    format!("{}{value}{}", &text[..start], &text[end..]).into_bytes()
}

fn crawl() -> Vec<u8> {
    let mut w = record(
        "warcinfo",
        &[("WARC-Record-ID", "<urn:uuid:info>")],
        b"software: test\r\n",
    );
    w.extend(record(
        "request",
        &[
            ("WARC-Record-ID", "<urn:uuid:req1>"),
            ("Content-Type", "application/http; msgtype=request"),
        ],
        b"GET / HTTP/1.1\r\n\r\n",
    ));
    w.extend(response(
        "<urn:uuid:page1>",
        "https://ferry.example/north",
        PAGE,
    ));
    let png = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n";
    let img_headers = [
        ("WARC-Record-ID", "<urn:uuid:img1>"),
        ("Content-Type", "application/http; msgtype=response"),
    ];
    w.extend(record("response", &img_headers, png));
    w
}

#[test]
fn html_responses_become_drafts_and_the_rest_is_skipped_or_passed_over() {
    let parsed = parse(&crawl());
    assert_eq!(
        parsed.outcomes(),
        ["ok record-urn:uuid:page1", "not_html record-urn:uuid:img1"]
    );
    assert!(parsed.complete);
    let Ok(draft) = &parsed.records[0] else {
        panic!("page record")
    };
    assert_eq!(draft.headline, "Ferry service resumes on the north route");
    assert_eq!(draft.url.as_deref(), Some("https://ferry.example/north"));
    assert_eq!(
        draft.date.as_deref(),
        Some("2024-05-02T10:00:00Z"),
        "WARC-Date when the page has none"
    );
    assert_eq!(draft.paragraphs.len(), 2);
}

#[test]
fn records_without_an_id_are_keyed_by_offset() {
    let info = record("warcinfo", &[], b"x");
    let mut w = info.clone();
    w.extend(record(
        "resource",
        &[("Content-Type", "text/html")],
        PAGE.as_bytes(),
    ));
    assert_eq!(parse(&w).outcomes(), [format!("ok record-{}", info.len())]);
}

#[test]
fn a_bad_content_length_skips_that_record_only() {
    let first = response("<urn:uuid:a>", "https://x.example/a", PAGE);
    let mut w = with_length(&first, "40");
    w.extend(response("<urn:uuid:b>", "https://x.example/b", PAGE));
    let third = response("<urn:uuid:c>", "https://x.example/c", PAGE);
    w.extend(with_length(&third, "999999"));
    w.extend(response("<urn:uuid:d>", "https://x.example/d", PAGE));
    w.extend(with_length(
        &response("<urn:uuid:e>", "https://x.example/e", PAGE),
        "lots",
    ));
    w.extend(response("<urn:uuid:f>", "https://x.example/f", PAGE));
    let parsed = parse(&w);
    assert_eq!(
        parsed.outcomes(),
        [
            "malformed record-urn:uuid:a",
            "ok record-urn:uuid:b",
            "malformed record-urn:uuid:c",
            "ok record-urn:uuid:d",
            "malformed record-urn:uuid:e",
            "ok record-urn:uuid:f",
        ]
    );
    assert!(parsed.complete);
}

#[test]
fn a_cut_file_keeps_what_precedes_and_is_incomplete() {
    let mut w = response("<urn:uuid:a>", "https://x.example/a", PAGE);
    let second = response("<urn:uuid:b>", "https://x.example/b", PAGE);
    w.extend_from_slice(&second[..second.len() / 2]);
    let parsed = parse(&w);
    assert_eq!(
        parsed.outcomes(),
        ["ok record-urn:uuid:a", "malformed record-urn:uuid:b"]
    );
    assert!(!parsed.complete);
    let headers_cut = &second[..20];
    let parsed = parse(headers_cut);
    assert_eq!(parsed.outcomes(), ["malformed record-0"]);
    assert!(!parsed.complete);
}

#[test]
fn redirects_and_garbage_are_named_skips() {
    let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n";
    let h = [
        ("WARC-Record-ID", "<r>"),
        ("Content-Type", "application/http; msgtype=response"),
    ];
    let mut w = b"junk before\n".to_vec();
    w.extend(record("response", &h, redirect));
    let parsed = parse(&w);
    assert_eq!(
        parsed.outcomes(),
        ["malformed record-0", "not_html record-r"]
    );
    let Err(bad) = &parsed.records[1] else {
        panic!("skip")
    };
    assert!(bad.detail.contains("301"), "{}", bad.detail);
}

#[test]
fn chunked_and_gzipped_bodies_are_decoded() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(PAGE.as_bytes()).expect("gzip");
    let body = gz.finish().expect("gzip");
    let mut chunked = format!("{:x}\r\n", 10).into_bytes();
    chunked.extend_from_slice(&body[..10]);
    chunked.extend_from_slice(format!("\r\n{:x}\r\n", body.len() - 10).as_bytes());
    chunked.extend_from_slice(&body[10..]);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    http.extend(chunked);
    let h = [
        ("WARC-Record-ID", "<z>"),
        ("Content-Type", "application/http; msgtype=response"),
    ];
    assert_eq!(
        parse(&record("response", &h, &http)).outcomes(),
        ["ok record-z"]
    );
}

#[test]
fn blocks_over_the_limit_are_passed_over_unread() {
    let big_page = format!("<html><body><p>{}</p></body></html>", "word ".repeat(400));
    let mut w = response("<urn:uuid:a>", "http://x/a", PAGE);
    w.extend(record(
        "warcinfo",
        &[("WARC-Record-ID", "<urn:uuid:info>")],
        "x".repeat(3000).as_bytes(),
    ));
    w.extend(response("<urn:uuid:big>", "http://x/big", &big_page));
    w.extend(response("<urn:uuid:b>", "http://x/b", PAGE));
    let parsed = read_all(Reader::new(1500), Source::with_block(&w[..], 7));
    assert_eq!(
        parsed.outcomes(),
        [
            "ok record-urn:uuid:a",
            "too_large record-urn:uuid:big",
            "ok record-urn:uuid:b"
        ]
    );
    assert!(parsed.complete);
}
