//! Multi-article files (JSON, JSON Lines, TREC/Reuters SGML, WARC): read and gunzip, hand the bytes
//! to the format's reader, and turn each record into an article with the `.txt` rules.
//!
//! A bad record is a [`Skipped`] named `path#key`; the other records of the file still count.

use std::collections::HashSet;
use std::fs;
use std::io::Read;

use flate2::read::MultiGzDecoder;

use super::format::{Detected, Format};
use super::record::{BadRecord, Draft, ParsedFile};
use super::{json, load, sgml, txt, warc, Fingerprint, LoadOptions, Loaded, SkipReason, Skipped};
use crate::corpus::CorpusFile;

/// Multi-article files (and their gunzipped contents) larger than this are skipped: the file
/// is held in memory while its records are read.
pub const MAX_MULTI_BYTES: u64 = 512 << 20;

/// The records of one file, ready to be compared with the index.
#[derive(Debug, Clone)]
pub struct FileRecords {
    pub parsed: ParsedFile,
    /// The file's size and mtime; each record adds its own hash.
    pub base: Fingerprint,
    /// File-level warnings (a truncated gzip stream), each naming the file.
    pub warnings: Vec<String>,
}

/// Reads the multi-article file `file` of format `detected` and parses its records.
pub fn read_records(
    file: &CorpusFile,
    detected: Detected,
    opts: &LoadOptions,
) -> Result<FileRecords, Skipped> {
    let skip = |reason, detail: String| Skipped {
        path: file.rel.clone(),
        reason,
        detail,
    };
    let (bytes, truncated) =
        read_bytes(file, detected.gzip).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    if bytes.len() as u64 > MAX_MULTI_BYTES {
        let detail = format!("larger than {} MiB", MAX_MULTI_BYTES >> 20);
        return Err(skip(SkipReason::TooLarge, detail));
    }
    let mut parsed = parse_records(&bytes, detected.format, opts);
    let mut warnings = Vec::new();
    if let Some(e) = truncated {
        let detail = format!("gzip data truncated ({e}) after {} bytes", bytes.len());
        mark_truncated(&mut parsed, &detail);
        warnings.push(format!(
            "{}: {detail}; the records before it are read",
            file.rel
        ));
    }
    let base = Fingerprint {
        size: file.size,
        mtime_ns: file.mtime_ns,
        hash: 0,
        derived: 0,
    };
    Ok(FileRecords {
        parsed,
        base,
        warnings,
    })
}

/// The file's bytes (gunzipped when `gzip`), and the error that cut a gzip stream short. The
/// bytes before the cut are kept: the records in them are still good.
fn read_bytes(file: &CorpusFile, gzip: bool) -> std::io::Result<(Vec<u8>, Option<String>)> {
    let f = fs::File::open(&file.path)?;
    let mut bytes = Vec::new();
    if !gzip {
        f.take(MAX_MULTI_BYTES + 1).read_to_end(&mut bytes)?;
        return Ok((bytes, None));
    }
    let mut gz = MultiGzDecoder::new(std::io::BufReader::new(f)).take(MAX_MULTI_BYTES + 1);
    match gz.read_to_end(&mut bytes) {
        Ok(_) => Ok((bytes, None)),
        // A file that is not gzip at all has nothing to salvage.
        Err(e) if bytes.is_empty() && e.kind() != std::io::ErrorKind::UnexpectedEof => Err(e),
        Err(e) => Ok((bytes, Some(e.to_string()))),
    }
}

/// A cut stream usually ends inside a record: that record is the counted skip; when the cut
/// fell between records, one skip stands for whatever was lost.
fn mark_truncated(parsed: &mut ParsedFile, detail: &str) {
    parsed.complete = false;
    match parsed.records.last_mut() {
        Some(Err(bad)) => {
            bad.reason = SkipReason::Malformed;
            bad.detail = detail.to_string();
        }
        _ => parsed
            .records
            .push(Err(BadRecord::new("end", SkipReason::Malformed, detail))),
    }
}

/// Hands `bytes` to the reader of `format`; a key used twice is a skip the second time.
pub fn parse_records(bytes: &[u8], format: Format, opts: &LoadOptions) -> ParsedFile {
    let mut parsed = match format {
        Format::Json | Format::JsonLines => json::parse(bytes, format, &opts.json_map),
        Format::Sgml => sgml::parse(bytes),
        Format::Warc => warc::parse(bytes),
        Format::Txt | Format::Html => ParsedFile::default(),
    };
    let mut seen = HashSet::with_capacity(parsed.records.len());
    for record in &mut parsed.records {
        if let Ok(draft) = record {
            if !seen.insert(draft.key.clone()) {
                let detail = format!("id `{}` used by an earlier record", draft.key);
                *record = Err(BadRecord::new(&draft.key, SkipReason::DuplicateId, detail));
            }
        }
    }
    parsed
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
