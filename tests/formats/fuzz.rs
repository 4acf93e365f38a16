//! Every reader (JSON, SGML, text, HTML, WARC) takes arbitrary bytes without panicking or hanging: random bytes, and random
//! sequences of the tokens the readers look for (which reach far deeper than plain noise).
//! Edge inputs worth replaying on every run are kept in [`REGRESSIONS`]; a crash found by
//! the random tests belongs there too (none has been found so far).

use newsidx::article::format::{self, Format};
use newsidx::article::html::{self, Context};
use newsidx::article::json::{self, JsonMap};
use newsidx::article::record::{read_all, ParsedFile, RecordReader, MAX_RECORD_BYTES};
use newsidx::article::stream::Source;
use newsidx::article::{sgml, txt, warc};
use proptest::prelude::*;

/// Truncated tags, entities and values at the edges of what the readers accept.
const REGRESSIONS: &[&[u8]] = &[
    b"<REUTERS",
    b"<REUTERS NEWID=",
    b"<DOC><DOCNO>",
    b"<DOC></DOC",
    b"<TEXT",
    b"&#",
    b"&#99999999999999999999;",
    b"\xEF\xBB\xBF",
    b"{\"id\":",
    b"[{\"title\":\"x\",\"text\":1e999}]",
    b"<!--",
    b"<html><script type=\"application/ld+json\">{\"@graph\":[[[[[[{}]]]]]]}</script>",
    b"<p>also read",
    b"WARC/1.",
    b"WARC/1.0\r\nContent-Length: 18446744073709551615\r\n\r\n",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 9\r\n\r\nHTTP/1.1 ",
    b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 0\r\n\r\n",
    b"WARC/1.0\n\nWARC/1.0\n\n",
];

/// Fragments of TREC, Reuters and JSON syntax that random inputs are assembled from.
const TOKENS: &[&str] = &[
    "<DOC>",
    "</DOC>",
    "<DOCNO>",
    "</DOCNO>",
    "<REUTERS NEWID=\"",
    "\">",
    "</REUTERS>",
    "<TITLE>",
    "</TITLE>",
    "<BODY>",
    "</BODY>",
    "<TEXT>",
    "</TEXT>",
    "<DATE>",
    "</DATE>",
    "<DATELINE>",
    "<P>",
    "<",
    ">",
    "&amp;",
    "&#3;",
    "&#",
    ";",
    "\n",
    "    ",
    "word",
    "é",
    "{",
    "}",
    "[",
    "]",
    "\"title\":",
    "\"text\":",
    "\"id\":",
    "\"date\":",
    "\"",
    ",",
    "26-FEB-1987 10:00:00.00",
    "1616148000",
    "null",
];

/// Fragments of HTML and WARC syntax.
const WEB_TOKENS: &[&str] = &[
    "<!doctype html>",
    "<html lang=\"en\">",
    "<head>",
    "<meta property=\"og:title\" content=\"",
    "<meta name=\"author\" content=\"",
    "<script type=\"application/ld+json\">",
    "</script>",
    "{\"@graph\": [",
    "\"datePublished\": \"2024-01-02\"",
    "<body>",
    "<article>",
    "<p>",
    "</p>",
    "<figure><figcaption>",
    "Also Read: <a href=x>",
    "</a>",
    "<nav>",
    "</nav>",
    "<header>",
    "</header>",
    "<footer>",
    "</footer>",
    "<aside class=\"x\">",
    "</aside>",
    "<h1>",
    "<table><tr><td>",
    "<!-- ",
    " -->",
    "&nbsp;",
    "See <b>also</b>",
    "<div class=\"related\">",
    "</div>",
    "<time datetime=\"",
    "\">",
    "word word word word. ",
    "WARC/1.1\r\n",
    "WARC-Type: response\r\n",
    "WARC-Type: resource\r\n",
    "WARC-Record-ID: <urn:x>\r\n",
    "Content-Type: application/http\r\n",
    "Content-Type: text/html\r\n",
    "Content-Length: ",
    "12",
    "0",
    "\r\n",
    "\r\n\r\n",
    "HTTP/1.1 200 OK\r\n",
    "Transfer-Encoding: chunked\r\n",
    "Content-Encoding: gzip\r\n",
    "a\r\n",
    "[",
    "]",
    ",",
    "{\"title\":\"t\",\"text\":\"x\"}",
    "\"",
    "\\",
    "{",
    "}",
];

/// Block sizes the stream readers are also run with: a record, tag or line split across
/// reads must come out the same as read in one piece.
const SMALL_BLOCKS: [usize; 3] = [1, 3, 7];

/// What `reader()` makes of `bytes` read `block` bytes at a time.
fn in_blocks<R: RecordReader>(bytes: &[u8], block: usize, reader: impl Fn() -> R) -> ParsedFile {
    read_all(reader(), Source::with_block(bytes, block))
}

/// The same records whatever the block size.
fn same_in_blocks<R: RecordReader>(bytes: &[u8], whole: &ParsedFile, reader: impl Fn() -> R) {
    for block in SMALL_BLOCKS {
        assert_eq!(&in_blocks(bytes, block, &reader), whole, "block {block}");
    }
}

fn every_reader(bytes: &[u8]) {
    let map = JsonMap::default();
    for f in [Format::Json, Format::JsonLines] {
        let parsed = json::parse(bytes, f, &map);
        assert!(parsed.records.len() <= bytes.len() + 1);
        same_in_blocks(bytes, &parsed, || {
            json::Reader::new(f, &map, MAX_RECORD_BYTES)
        });
    }
    let parsed = sgml::parse(bytes);
    assert!(parsed.records.len() <= bytes.len());
    same_in_blocks(bytes, &parsed, || sgml::Reader::new(MAX_RECORD_BYTES));
    let parsed = warc::parse(bytes);
    assert!(parsed.records.len() <= bytes.len());
    same_in_blocks(bytes, &parsed, || warc::Reader::new(MAX_RECORD_BYTES));
    let _ = html::parse_page(bytes, "page", &Context::default());
    let _ = format::sniff(bytes);
    let _ = txt::parse(&String::from_utf8_lossy(bytes));
}

#[test]
fn regressions_stay_fixed() {
    for input in REGRESSIONS {
        every_reader(input);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        every_reader(&bytes);
    }

    #[test]
    fn token_soup(picks in proptest::collection::vec(0..TOKENS.len(), 0..200)) {
        let text: String = picks.iter().map(|&i| TOKENS[i]).collect();
        every_reader(text.as_bytes());
    }

    #[test]
    fn web_token_soup(picks in proptest::collection::vec(0..WEB_TOKENS.len(), 0..200)) {
        let text: String = picks.iter().map(|&i| WEB_TOKENS[i]).collect();
        every_reader(text.as_bytes());
    }
}
