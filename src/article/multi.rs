//! Multi-article files (JSON, JSON Lines, TREC/Reuters SGML, WARC): read and gunzip as a
//! stream, let the format's reader frame and parse one record at a time, and turn each record
//! into an article with the `.txt` rules. A file of any size is read in bounded memory.
//!
//! A bad record is a [`Skipped`] named `path#key`; the other records of the file still count.

use std::collections::HashSet;
use std::fs;
use std::io::{BufReader, ErrorKind};

use flate2::read::MultiGzDecoder;
use xxhash_rust::xxh3::xxh3_128;

use super::format::{Detected, Format};
use super::record::{BadRecord, Draft, ParsedFile, RecordReader, MAX_RECORD_BYTES};
use super::stream::Source;
use super::{json, load, sgml, txt, warc, Fingerprint, LoadOptions, Loaded, SkipReason, Skipped};
use crate::corpus::CorpusFile;

/// The records of one file, read as they are asked for.
pub struct FileRecords<'a> {
    pub records: Records<'a>,
    /// The file's size and mtime; each record adds its own hash.
    pub base: Fingerprint,
}

/// Opens the multi-article file `file` of format `detected` for reading its records. Only a
/// file that cannot be opened, or is not gzip at all when it should be, fails here.
pub fn read_records<'a>(
    file: &CorpusFile,
    detected: Detected,
    opts: &'a LoadOptions,
) -> Result<FileRecords<'a>, Skipped> {
    let unreadable = |e: &std::io::Error| Skipped {
        path: file.rel.clone(),
        reason: SkipReason::Unreadable,
        detail: e.to_string(),
    };
    let f = fs::File::open(&file.path).map_err(|e| unreadable(&e))?;
    let mut src = if detected.gzip {
        Source::new(MultiGzDecoder::new(BufReader::new(f)))
    } else {
        Source::new(f)
    };
    src.fill(1);
    // A file that is not gzip at all has nothing to salvage; a cut one keeps its records.
    if src.window().is_empty() {
        if let Some(e) = src.error().filter(|e| e.kind() != ErrorKind::UnexpectedEof) {
            return Err(unreadable(e));
        }
    }
    let base = Fingerprint {
        size: file.size,
        mtime_ns: file.mtime_ns,
        hash: 0,
        derived: 0,
    };
    Ok(FileRecords {
        records: Records::new(src, detected, opts),
        base,
    })
}

/// The records of a stream, in order: a key used twice is a skip the second time, and a
/// stream cut short by a read error (a truncated gzip file) ends in a skip that says so.
pub struct Records<'a> {
    src: Source<'a>,
    reader: Box<dyn RecordReader + 'a>,
    gzip: bool,
    /// The keys met so far, as 128-bit hashes: a file of millions of records would hold
    /// hundreds of megabytes of key strings.
    seen: HashSet<u128>,
    /// The read error has been reported (on the last record, or as a record of its own).
    cut_reported: bool,
    finished: bool,
}

impl<'a> Records<'a> {
    pub fn new(src: Source<'a>, detected: Detected, opts: &'a LoadOptions) -> Self {
        let max = MAX_RECORD_BYTES;
        let reader: Box<dyn RecordReader + 'a> = match detected.format {
            Format::Json | Format::JsonLines => {
                Box::new(json::Reader::new(detected.format, &opts.json_map, max))
            }
            Format::Sgml => Box::new(sgml::Reader::new(max)),
            Format::Warc => Box::new(warc::Reader::new(max)),
            Format::Txt | Format::Html => Box::new(NoRecords),
        };
        Records {
            src,
            reader,
            gzip: detected.gzip,
            seen: HashSet::new(),
            cut_reported: false,
            finished: false,
        }
    }

    /// False when the stream ended inside a record or was cut short: indexed records not
    /// seen this time may be in the part that could not be read. Known once the records
    /// have all been taken.
    pub fn complete(&self) -> bool {
        self.reader.complete() && self.src.error().is_none()
    }

    /// File-level warnings (the stream was cut short), once the records have all been taken.
    pub fn warnings(&self, rel: &str) -> Vec<String> {
        match self.cut_detail() {
            Some(detail) => vec![format!("{rel}: {detail}; the records before it are read")],
            None => Vec::new(),
        }
    }

    fn cut_detail(&self) -> Option<String> {
        let e = self.src.error()?;
        let what = if self.gzip {
            "gzip data truncated"
        } else {
            "read failed"
        };
        Some(format!(
            "{what} ({e}) after {} bytes",
            self.src.bytes_read()
        ))
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Draft, BadRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let Some(record) = self.reader.next_record(&mut self.src) else {
            self.finished = true;
            // A cut between records: one skip stands for whatever was lost.
            let detail = self.cut_detail().filter(|_| !self.cut_reported)?;
            return Some(Err(BadRecord::new("end", SkipReason::Malformed, detail)));
        };
        Some(match record {
            Ok(draft) if !self.seen.insert(xxh3_128(draft.key.as_bytes())) => {
                let detail = format!("id `{}` used by an earlier record", draft.key);
                Err(BadRecord::new(&draft.key, SkipReason::DuplicateId, detail))
            }
            Ok(draft) => Ok(draft),
            // A cut usually falls inside a record: the record it ends is the skip.
            Err(mut bad) if self.src.error().is_some() && self.src.at_end() => {
                bad.reason = SkipReason::Malformed;
                bad.detail = self.cut_detail().unwrap_or_default();
                self.cut_reported = true;
                Err(bad)
            }
            Err(bad) => Err(bad),
        })
    }
}

/// The reader of a format that holds one article per file.
struct NoRecords;

impl RecordReader for NoRecords {
    fn next_record(&mut self, _: &mut Source<'_>) -> Option<Result<Draft, BadRecord>> {
        None
    }

    fn complete(&self) -> bool {
        true
    }
}

/// Every record of `bytes` read as `format`; a key used twice is a skip the second time.
pub fn parse_records(bytes: &[u8], format: Format, opts: &LoadOptions) -> ParsedFile {
    let detected = Detected {
        format,
        gzip: false,
    };
    let mut records = Records::new(Source::new(bytes), detected, opts);
    let all = records.by_ref().collect();
    ParsedFile {
        records: all,
        complete: records.complete(),
    }
}

/// The id of record `key` of the file at `rel`.
pub fn record_id(rel: &str, key: &str) -> String {
    format!("{rel}#{key}")
}

/// Extracts the article of one record: the same date, people, source and section rules as a
/// `.txt` file, with the record's `Date` value as the header date.
pub fn load_record(rel: &str, draft: &Draft, base: Fingerprint, opts: &LoadOptions) -> Loaded {
    let fingerprint = Fingerprint {
        hash: draft.hash,
        ..base
    };
    from_draft(&record_id(rel, &draft.key), rel, draft, fingerprint, opts)
}

/// The article `id` of the file at `rel` from a reader's draft.
pub(super) fn from_draft(
    id: &str,
    rel: &str,
    draft: &Draft,
    fingerprint: Fingerprint,
    opts: &LoadOptions,
) -> Loaded {
    let mut layout = txt::Layout {
        section: draft.section.as_deref(),
        headline: &draft.headline,
        header_date: draft.date.as_deref(),
        header_source: draft.source.as_deref(),
        paragraphs: draft.paragraphs.iter().map(String::as_str).collect(),
        related: draft.related.iter().map(String::as_str).collect(),
        captions: draft.captions.iter().map(String::as_str).collect(),
        ..txt::Layout::default()
    };
    txt::strip_signoff(&mut layout);
    let mut warnings = Vec::new();
    let mut article = load::finish(id, rel, &layout, fingerprint, opts, &mut warnings);
    article.authors = draft.authors.clone();
    article.url = draft.url.clone();
    article.language = draft.language.as_deref().and_then(primary_language);
    Loaded { article, warnings }
}

/// The primary subtag of a language tag, lower-case: `en` for `en-GB` or `EN_us`.
fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
    let ok = (2..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    ok.then(|| primary.to_ascii_lowercase())
}

/// A bad record as a skip named `path#key`.
pub fn skipped_record(rel: &str, bad: &BadRecord) -> Skipped {
    Skipped {
        path: record_id(rel, &bad.key),
        reason: bad.reason,
        detail: bad.detail.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{self, Read};

    /// `bytes`, then a read error, as a gzip stream cut short reads.
    struct Cut<'a>(&'a [u8]);

    impl Read for Cut<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut"));
            }
            let n = self.0.read(buf)?;
            Ok(n)
        }
    }

    fn cut(bytes: &[u8], format: Format) -> (Vec<String>, bool, Vec<String>) {
        let opts = LoadOptions::default();
        let detected = Detected { format, gzip: true };
        let src = Source::with_block(Cut(bytes), 16);
        let mut records = Records::new(src, detected, &opts);
        let outcomes = ParsedFile {
            records: records.by_ref().collect(),
            complete: true,
        }
        .outcomes();
        (outcomes, records.complete(), records.warnings("f"))
    }

    #[test]
    fn a_cut_inside_a_record_is_that_record_s_one_skip() {
        let json = br#"[{"title":"A","text":"a"}, {"title":"B","te"#;
        let warc = crate::article::warc::tests::response("<urn:x>", "http://x/", "<p>x</p>");
        let sgml =
            b"<DOC><DOCNO>A</DOCNO><TITLE>T</TITLE><TEXT>x</TEXT></DOC><DOC><DOCNO>B</DOCNO><TIT";
        let cases: [(&[u8], Format, &str); 4] = [
            (json, Format::Json, "record-2"),
            (
                b"{\"title\":\"A\",\"text\":\"a\"}\n{\"tit",
                Format::JsonLines,
                "line-2",
            ),
            (&warc[..warc.len() - 9], Format::Warc, "record-urn:x"),
            (sgml, Format::Sgml, "B"),
        ];
        for (bytes, format, key) in cases {
            let (outcomes, complete, warnings) = cut(bytes, format);
            assert_eq!(
                outcomes.last(),
                Some(&format!("malformed {key}")),
                "{format:?}"
            );
            assert_eq!(
                outcomes
                    .iter()
                    .filter(|o| o.starts_with("malformed"))
                    .count(),
                1
            );
            assert!(!complete);
            assert_eq!(warnings.len(), 1);
            assert!(warnings[0].starts_with("f: gzip data truncated (cut) after "));
        }
    }

    #[test]
    fn a_cut_between_records_is_one_skip_of_its_own() {
        let (outcomes, complete, _) = cut(b"{\"title\":\"A\",\"text\":\"a\"}\n", Format::JsonLines);
        assert_eq!(outcomes, ["ok line-1", "malformed end"]);
        assert!(!complete);
    }
}
