//! Articles: the fields newsidx extracts from one input file, and how files become articles.
//!
//! `format` picks a reader per file. `txt` knows the archive's one-article text layout; `json`
//! and `sgml` read files holding many articles, each fulfilling the contract in `record`
//! (bytes in, one draft or bad record per record out). `decode` turns bytes into text, `load`
//! and `multi` tie the readers to the extractors. Nothing here touches the index.

pub mod decode;
pub mod format;
pub mod html;
pub mod json;
pub mod load;
pub mod multi;
pub mod record;
pub mod sgml;
pub mod stream;
pub mod txt;
pub mod warc;

use chrono::{DateTime, Utc};

use crate::extract::date::DateSource;

pub use format::{Detected, Format};
pub use load::{from_bytes, load_file, read_file, LoadOptions, Loaded, SkipReason, Skipped};
pub use multi::{load_record, read_records, skipped_record, FileRecords};

/// Size, mtime and content hash of an article's file, for incremental runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fingerprint {
    pub size: u64,
    pub mtime_ns: i64,
    /// xxh3-64 of the raw bytes.
    pub hash: u64,
    /// Hash of the fields that depend on settings (people after aliases, date), so a change
    /// of settings rewrites only the articles it affects. 0 before extraction.
    pub derived: u64,
}

/// One article with its extracted fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Stable identity: the path relative to the corpus root, `/`-separated; for an article
    /// inside a multi-article file, that path, `#` and the record's key (`news.jsonl#line-3`).
    pub id: String,
    /// Path relative to the corpus root (equal to `id` for one-article files).
    pub path: String,
    pub headline: String,
    /// Body paragraphs joined by blank lines; without "Also Read" lines and captions.
    pub body: String,
    pub section: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub date_source: Option<DateSource>,
    /// The date was numeric and could be read two ways (`03/04/2021`); it was read day first.
    pub date_ambiguous: bool,
    /// Canonical names of the people mentioned, in order of first mention.
    pub people: Vec<String>,
    /// Headlines of linked stories ("Also Read – …").
    pub related: Vec<String>,
    /// Photo captions.
    pub captions: Vec<String>,
    /// News agencies or publications credited: a `Source:` header, credits in the text
    /// ("(Reuters)", "reports X", "X news agency"), an agency sign-off.
    pub sources: Vec<String>,
    /// Bylines (JSON `authors`, HTML meta author or JSON-LD `author`).
    pub authors: Vec<String>,
    /// The page's address (JSON `url`, HTML canonical URL, WARC target URI).
    pub url: Option<String>,
    /// Primary language subtag, lower-case (`en` for `en-GB`).
    pub language: Option<String>,
    pub fingerprint: Fingerprint,
}
