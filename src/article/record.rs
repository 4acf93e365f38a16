//! The contract every reader of structured input (`json`, `sgml`, `html`, `warc`) fulfils:
//! one [`Draft`] or [`BadRecord`] per record, in file order. The multi-article readers are
//! [`RecordReader`]s, pulling records one at a time from a [`Source`] so that a file of any
//! size is read in bounded memory; `parse(bytes, …) -> ParsedFile` reads a whole buffer.
//!
//! A draft holds raw field values only; `load` turns it into an [`Article`](super::Article)
//! with the same date, people and source rules as a `.txt` file. Nothing here reads files.

use super::stream::Source;
use super::SkipReason;

/// Records larger than this are skipped as `too_large` (the limit of a one-article file):
/// a record is held whole while it is parsed.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// A reader of one multi-article format: frames the next record in the stream and parses it.
pub trait RecordReader {
    /// The next record, `None` at the end of the stream.
    fn next_record(&mut self, src: &mut Source<'_>) -> Option<Result<Draft, BadRecord>>;
    /// False when the stream ended inside a record: the records that would follow are unknown.
    fn complete(&self) -> bool;
}

/// Every record `reader` finds in `src`, in order (duplicate keys are not checked here).
pub fn read_all(mut reader: impl RecordReader, mut src: Source<'_>) -> ParsedFile {
    let mut records = Vec::new();
    while let Some(record) = reader.next_record(&mut src) {
        records.push(record);
    }
    ParsedFile {
        records,
        complete: reader.complete(),
    }
}

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

/// Collapses runs of whitespace (line breaks included, as `char::is_whitespace` has it) into
/// single spaces, with none at either end. Runs of other ASCII are copied whole; only the
/// bytes of other characters are decoded (every web page's paragraphs pass through here).
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut space = false;
    while !rest.is_empty() {
        let bytes = rest.as_bytes();
        let word = bytes
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == 0x0b || b >= 0x80)
            .unwrap_or(bytes.len());
        if word > 0 {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push_str(&rest[..word]);
            rest = &rest[word..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::one_line;
    use proptest::prelude::*;

    fn naive(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn whitespace_runs_become_one_space() {
        assert_eq!(one_line("  a\t\nb \u{a0}\u{2003}c\x0bd  "), "a b c d");
        assert_eq!(one_line("é  ü\u{3000}"), "é ü");
        assert_eq!(one_line(" \n "), "");
    }

    proptest! {
        #[test]
        fn same_as_splitting_on_whitespace(text in "[ a-zé\\t\\n\\x0b\u{a0}\u{2003}\u{85}\u{200b}]{0,40}") {
            prop_assert_eq!(one_line(&text), naive(&text));
        }

        #[test]
        fn same_on_any_string(text in any::<String>()) {
            prop_assert_eq!(one_line(&text), naive(&text));
        }
    }
}
