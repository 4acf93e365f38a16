//! TREC and Reuters-21578 SGML: many articles per file, each a `<DOC>…</DOC>` (key from
//! `<DOCNO>`) or a `<REUTERS … NEWID="…">…</REUTERS>` record.
//!
//! Not a general SGML parser: records and their fields are found by tag name, tags inside a
//! field are dropped, and entities are decoded. A record without an end tag is reported and
//! the next record is read as usual.

use xxhash_rust::xxh3::xxh3_64;

use super::decode;
use super::record::{one_line, BadRecord, Draft, ParsedFile};
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

/// Reads every record of an SGML file (UTF-8, else Windows-1252).
pub fn parse(bytes: &[u8]) -> ParsedFile {
    let decoded = decode::decode(bytes);
    let text: &str = &decoded.text;
    // Tag names are matched case-insensitively on an upper-cased copy: ASCII upper-casing
    // keeps every byte offset, so positions found in `upper` index `text` too.
    let upper = text.to_ascii_uppercase();
    let mut out = ParsedFile {
        records: Vec::new(),
        complete: true,
    };
    let mut pos = 0;
    while let Some((start, kind)) = next_start(&upper, pos) {
        let n = out.records.len() + 1;
        let body_from = start + 1;
        let next = next_start(&upper, body_from).map(|(s, _)| s);
        // The end tag is looked for only up to the next record, which keeps a file of
        // unterminated records linear to read.
        let limit = next.unwrap_or(upper.len());
        match upper[body_from..limit].find(kind.end_tag()) {
            Some(e) => {
                let end = body_from + e;
                let (rec, rec_upper) = (&text[start..end], &upper[start..end]);
                out.records.push(record(rec, rec_upper, kind, n));
                pos = end + kind.end_tag().len();
            }
            _ => {
                let stop = next.unwrap_or(text.len());
                let key = key_of(&text[start..stop], &upper[start..stop], kind, n);
                let tag = if kind == Kind::Trec {
                    "<DOC>"
                } else {
                    "<REUTERS>"
                };
                let detail = format!("unterminated {tag} record");
                out.records
                    .push(Err(BadRecord::new(key, SkipReason::Malformed, detail)));
                out.complete &= next.is_some();
                pos = stop;
            }
        }
    }
    out
}

/// The next record start at or after `from`: `<DOC>` (or `<DOC ` with attributes) or `<REUTERS`.
fn next_start(upper: &str, from: usize) -> Option<(usize, Kind)> {
    let mut at = from;
    loop {
        let i = at + upper.get(at..)?.find('<')?;
        let rest = &upper[i..];
        if rest.starts_with("<DOC>") || rest.starts_with("<DOC ") {
            return Some((i, Kind::Trec));
        }
        if rest.starts_with("<REUTERS") && rest[8..].starts_with(['>', ' ', '\t', '\n', '\r']) {
            return Some((i, Kind::Reuters));
        }
        at = i + 1;
    }
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
