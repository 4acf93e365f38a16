//! The contract every reader of structured input (`json`, `sgml`, `html`, `warc`) fulfils:
//! `parse(bytes, …) -> ParsedFile`, one [`Draft`] or [`BadRecord`] per record, in file order.
//!
//! A draft holds raw field values only; `load` turns it into an [`Article`](super::Article)
//! with the same date, people and source rules as a `.txt` file. Nothing here reads files.

use super::SkipReason;

/// One record as a reader found it, before extraction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The record's key within its file (`DOCNO`, `NEWID`, a JSON `id`, `line-N`,
    /// `record-N`); the article id is `path#key`.
    pub key: String,
    pub headline: String,
    /// Body paragraphs, dateline first when the format has one.
    pub paragraphs: Vec<String>,
    pub section: Option<String>,
    /// The raw date value, read by `extract::date` like a `Date:` header line.
    pub date: Option<String>,
    /// Publication or agency credited (JSON `source_domain`).
    pub source: Option<String>,
    /// Bylines, in the order given.
    pub authors: Vec<String>,
    /// The page's address (JSON `url`, an HTML page's canonical URL, a WARC target URI).
    pub url: Option<String>,
    /// The language as given (`en`, `en-GB`); `Article` keeps its primary subtag.
    pub language: Option<String>,
    /// Headlines of linked stories (an HTML page's "Also Read" blocks).
    pub related: Vec<String>,
    /// Photo captions (an HTML page's `<figcaption>`s).
    pub captions: Vec<String>,
    /// xxh3-64 of the record's raw bytes: whether the record changed since the last build.
    pub hash: u64,
}

/// A record that cannot become an article, with the key it would have had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    pub key: String,
    pub reason: SkipReason,
    pub detail: String,
}

/// What a reader makes of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub records: Vec<Result<Draft, BadRecord>>,
    /// False when the file ends inside a record (truncated): records indexed before that are
    /// not seen this time may still be in the rest of the file, so they are kept.
    pub complete: bool,
}

#[cfg(test)]
impl ParsedFile {
    /// `ok KEY` or `REASON KEY` per record, in file order: what parser tests compare.
    pub fn outcomes(&self) -> Vec<String> {
        self.records
            .iter()
            .map(|r| match r {
                Ok(d) => format!("ok {}", d.key),
                Err(b) => format!("{} {}", b.reason.name(), b.key),
            })
            .collect()
    }
}

impl BadRecord {
    /// A bad record of `reason` with a one-line `detail`.
    pub fn new(key: impl Into<String>, reason: SkipReason, detail: impl Into<String>) -> Self {
        BadRecord {
            key: key.into(),
            reason,
            detail: detail.into(),
        }
    }
}

/// Collapses runs of whitespace (line breaks included) into single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
