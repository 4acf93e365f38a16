//! TREC and Reuters-21578 SGML: many articles per file, each a `<DOC>…</DOC>` (key from
//! `<DOCNO>`) or a `<REUTERS … NEWID="…">…</REUTERS>` record.
//!
//! Not a general SGML parser: records and their fields are found by tag name, tags inside a
//! field are dropped, and entities are decoded. A record without an end tag is reported and
//! the next record is read as usual.

use xxhash_rust::xxh3::xxh3_64;

use super::decode;
use super::record::MAX_RECORD_BYTES;
use super::record::{one_line, read_all, BadRecord, Draft, ParsedFile, RecordReader};
use super::stream::{Search, Source};
use super::SkipReason;

mod fields;

use fields::{attribute, element, elements, first_of, reuters_date, text_paragraphs};

/// Elements that hold the headline, in order of preference.
const HEADLINE_TAGS: &[&str] = &["HEADLINE", "TITLE", "HL", "HEAD"];
/// Elements that hold the date.
const DATE_TAGS: &[&str] = &["DATE", "DATE_TIME", "DD"];

/// The two record kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Trec,
    Reuters,
}

impl Kind {
    fn end_tag(self) -> &'static str {
        match self {
            Kind::Trec => "</DOC>",
            Kind::Reuters => "</REUTERS>",
        }
    }
}

/// Reads every record of an SGML file in a buffer.
pub fn parse(bytes: &[u8]) -> ParsedFile {
    read_all(Reader::new(MAX_RECORD_BYTES), Source::new(bytes))
}

/// Reads SGML records from a stream. Each record is decoded on its own (UTF-8, else
/// Windows-1252), so one stray byte does not change how the rest of the file reads.
pub struct Reader {
    /// The largest record held.
    max: usize,
    /// Records met so far: the fallback key `record-N`.
    n: usize,
    complete: bool,
}

/// Bytes a record start tag needs to be recognised (`<REUTERS` and the byte after it).
const START_BYTES: usize = 9;
/// Bytes the longest tag looked for needs (`</REUTERS>`).
const TAG_BYTES: usize = 10;

impl Reader {
    pub fn new(max: usize) -> Self {
        Reader {
            max,
            n: 0,
            complete: true,
        }
    }
}

impl RecordReader for Reader {
    fn next_record(&mut self, src: &mut Source<'_>) -> Option<Result<Draft, BadRecord>> {
        // What precedes a record (a DOCTYPE, blank lines) is dropped.
        let Search::Found(start) = src.skip_to(0, START_BYTES, next_start) else {
            return None;
        };
        src.consume(start);
        let kind = start_kind(src.window())?;
        self.n += 1;
        let n = self.n;
        // The end tag is looked for only up to the next record, which keeps a file of
        // unterminated records linear to read.
        let found = src.search(1, self.max, TAG_BYTES, |w, at| end_or_start(w, at, kind));
        let record = match found {
            Search::Found(i) if starts_with_tag(&src.window()[i..], kind.end_tag()) => {
                let record = record_bytes(&src.window()[..i], kind, n);
                src.consume(i + kind.end_tag().len());
                return Some(record);
            }
            Search::Found(i) => {
                let key = key_bytes(&src.window()[..i], kind, n);
                src.consume(i);
                unterminated(key, kind)
            }
            Search::End => {
                self.complete = false;
                let key = key_bytes(src.window(), kind, n);
                src.consume(src.window().len());
                unterminated(key, kind)
            }
            Search::TooLong => {
                let head = &src.window()[..src.window().len().min(64 << 10)];
                let key = key_bytes(head, kind, n);
                let detail = format!("record larger than {} MiB", self.max >> 20);
                src.skip_to(1, START_BYTES, next_start);
                Err(BadRecord::new(key, SkipReason::TooLarge, detail))
            }
        };
        Some(record)
    }

    fn complete(&self) -> bool {
        self.complete
    }
}

fn unterminated(key: String, kind: Kind) -> Result<Draft, BadRecord> {
    let tag = match kind {
        Kind::Trec => "<DOC>",
        Kind::Reuters => "<REUTERS>",
    };
    let detail = format!("unterminated {tag} record");
    Err(BadRecord::new(key, SkipReason::Malformed, detail))
}

/// One record's bytes (from its start tag to just before its end tag), decoded and read.
fn record_bytes(rec: &[u8], kind: Kind, n: usize) -> Result<Draft, BadRecord> {
    decoded(rec, |text, upper| record(text, upper, kind, n))
}

fn key_bytes(rec: &[u8], kind: Kind, n: usize) -> String {
    decoded(rec, |text, upper| key_of(text, upper, kind, n))
}

/// `read` applied to the record's text and its ASCII upper-cased copy (tag names are matched
/// on the copy; upper-casing ASCII keeps every byte offset).
fn decoded<T>(rec: &[u8], read: impl FnOnce(&str, &str) -> T) -> T {
    let text = decode::decode(rec).text;
    let upper = text.to_ascii_uppercase();
    read(&text, &upper)
}

/// The next record start at or after `at`: `<DOC>` (or `<DOC ` with attributes) or
/// `<REUTERS`, in any case.
fn next_start(window: &[u8], at: usize) -> Option<usize> {
    tags_from(window, at).find(|&i| start_kind(&window[i..]).is_some())
}

/// The next end tag of `kind` or record start at or after `at`.
fn end_or_start(window: &[u8], at: usize, kind: Kind) -> Option<usize> {
    tags_from(window, at).find(|&i| {
        let rest = &window[i..];
        starts_with_tag(rest, kind.end_tag()) || start_kind(rest).is_some()
    })
}

/// Offsets of the `<`s at or after `at`.
fn tags_from(window: &[u8], at: usize) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'<', &window[at..]).map(move |i| at + i)
}

/// The kind of record whose start tag `rest` begins with.
fn start_kind(rest: &[u8]) -> Option<Kind> {
    if starts_with_tag(rest, "<DOC>") || starts_with_tag(rest, "<DOC ") {
        return Some(Kind::Trec);
    }
    let after = rest.get(8).copied();
    let delimited = matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r'));
    (starts_with_tag(rest, "<REUTERS") && delimited).then_some(Kind::Reuters)
}

fn starts_with_tag(rest: &[u8], tag: &str) -> bool {
    rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
}

/// The record's key: `DOCNO`, else Reuters' `NEWID`, else `record-N`.
fn key_of(rec: &str, upper: &str, kind: Kind, n: usize) -> String {
    let docno = element(rec, upper, "DOCNO").map(|d| one_line(&d));
    let newid = || match kind {
        Kind::Reuters => attribute(rec, upper, "NEWID"),
        Kind::Trec => None,
    };
    docno
        .filter(|d| !d.is_empty())
        .or_else(newid)
        .unwrap_or_else(|| format!("record-{n}"))
}

/// One complete record (from its start tag to just before its end tag).
fn record(rec: &str, upper: &str, kind: Kind, n: usize) -> Result<Draft, BadRecord> {
    let key = key_of(rec, upper, kind, n);
    let headline = first_of(rec, upper, HEADLINE_TAGS).map(|h| one_line(&h));
    let Some(headline) = headline.filter(|h| !h.is_empty()) else {
        return Err(BadRecord::new(key, SkipReason::NoHeadline, "no headline"));
    };
    let body = match kind {
        Kind::Reuters => element(rec, upper, "BODY"),
        Kind::Trec => {
            let texts = elements(rec, upper, "TEXT");
            (!texts.is_empty()).then(|| texts.join("\n\n"))
        }
    };
    let mut paragraphs = body.map(|b| text_paragraphs(&b)).unwrap_or_default();
    if paragraphs.is_empty() {
        let tag = if kind == Kind::Reuters {
            "<BODY>"
        } else {
            "<TEXT>"
        };
        return Err(BadRecord::new(
            key,
            SkipReason::NoBody,
            format!("no {tag} text"),
        ));
    }
    if let Some(dateline) = element(rec, upper, "DATELINE").map(|d| one_line(&d)) {
        if !dateline.is_empty() {
            paragraphs[0] = format!("{dateline} {}", paragraphs[0]);
        }
    }
    let date = first_of(rec, upper, DATE_TAGS).map(|d| reuters_date(&one_line(&d)));
    let section = match kind {
        Kind::Reuters => element(rec, upper, "TOPICS")
            .and_then(|t| t.split_whitespace().next().map(str::to_string)),
        Kind::Trec => element(rec, upper, "SECTION").map(|s| one_line(&s)),
    };
    Ok(Draft {
        key,
        headline,
        paragraphs,
        section: section.filter(|s| !s.is_empty()),
        date: date.filter(|d| !d.is_empty()),
        source: element(rec, upper, "SOURCE").map(|s| one_line(&s)),
        hash: xxh3_64(rec.as_bytes()),
        ..Draft::default()
    })
}

#[cfg(test)]
mod tests;
