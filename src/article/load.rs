//! One corpus file to one article (a `.txt` file or a web page): read, check, decode, split,
//! extract.
//!
//! A file that cannot become an article is a [`Skipped`] with a reason, never an error that
//! stops the build.

use std::fmt;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use xxhash_rust::xxh3::xxh3_64;

use super::format::{self, Format};
use super::json::JsonMap;
use super::{decode, html, txt, Article, Fingerprint};
use crate::corpus::CorpusFile;
use crate::extract::aliases::Aliases;
use crate::extract::date::{self, DateSource};
use crate::extract::{people, source};

/// Files larger than this are skipped: no news article is 16 MiB of text.
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// How many paragraphs after the headline the text date rule looks at.
const DATE_LEAD_PARAGRAPHS: usize = 3;

/// Options that change how files become articles.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Use the file's mtime when no rule finds a date.
    pub date_from_mtime: bool,
    /// Without a section line, take the section from the top-level folder of the relative path.
    /// Off when paths are not relative to a corpus root (`inspect` without `--root`).
    pub folder_sections: bool,
    /// User corrections to people names.
    pub aliases: Arc<Aliases>,
    /// Run the people tagger (off: `build --no-people`).
    pub people: bool,
    /// Which JSON keys feed which field (`build --json-map`).
    pub json_map: Arc<JsonMap>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            date_from_mtime: false,
            folder_sections: true,
            aliases: Arc::default(),
            people: true,
            json_map: Arc::default(),
        }
    }
}

/// Why a file was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    Unreadable,
    Empty,
    Binary,
    TooLarge,
    NoHeadline,
    /// A record of a multi-article file with a headline but no body text.
    NoBody,
    /// A record that is not valid in its format (bad JSON line, unterminated `<DOC>`).
    Malformed,
    /// A record whose key was already used by an earlier record of the same file.
    DuplicateId,
    /// A WARC response that is not an HTML page (an image, a PDF, a redirect).
    NotHtml,
}

impl SkipReason {
    /// Stable snake_case name used in JSON summaries.
    pub fn name(self) -> &'static str {
        match self {
            SkipReason::Unreadable => "unreadable",
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too_large",
            SkipReason::NoHeadline => "no_headline",
            SkipReason::NoBody => "no_body",
            SkipReason::Malformed => "malformed",
            SkipReason::DuplicateId => "duplicate_id",
            SkipReason::NotHtml => "not_html",
        }
    }
}

/// A file that did not become an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
    pub detail: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "skipped {}: {}", self.path, self.detail)
    }
}

/// An article and the warnings met while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub article: Article,
    pub warnings: Vec<String>,
}

/// Reads and parses one corpus file.
pub fn load_file(file: &CorpusFile, opts: &LoadOptions) -> Result<Loaded, Skipped> {
    let (bytes, fingerprint) = read_file(file)?;
    from_bytes(&file.rel, &bytes, fingerprint, opts)
}

/// Reads a corpus file (at most [`MAX_FILE_BYTES`]) and fingerprints its contents.
pub fn read_file(file: &CorpusFile) -> Result<(Vec<u8>, Fingerprint), Skipped> {
    let skip = |reason, detail: String| Skipped {
        path: file.rel.clone(),
        reason,
        detail,
    };
    let bytes = read_capped(file).map_err(|e| skip(SkipReason::Unreadable, e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let detail = format!("larger than {} MiB", MAX_FILE_BYTES >> 20);
        return Err(skip(SkipReason::TooLarge, detail));
    }
    let fingerprint = Fingerprint {
        size: bytes.len() as u64,
        mtime_ns: file.mtime_ns,
        hash: xxh3_64(&bytes),
        derived: 0,
    };
    Ok((bytes, fingerprint))
}

/// Reads at most one byte past the size limit, so a huge file is never read whole.
fn read_capped(file: &CorpusFile) -> std::io::Result<Vec<u8>> {
    let f = fs::File::open(&file.path)?;
    let mut bytes = Vec::with_capacity(file.size.min(MAX_FILE_BYTES) as usize + 1);
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses the bytes of the file at `rel` (relative to the corpus root).
pub fn from_bytes(
    rel: &str,
    bytes: &[u8],
    fingerprint: Fingerprint,
    opts: &LoadOptions,
) -> Result<Loaded, Skipped> {
    let skip = |reason, detail: &str| Skipped {
        path: rel.to_string(),
        reason,
        detail: detail.to_string(),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(skip(SkipReason::Empty, "empty file"));
    }
    if is_html(rel, bytes) {
        return from_html(rel, bytes, fingerprint, opts);
    }
    if decode::looks_binary(bytes) {
        return Err(skip(
            SkipReason::Binary,
            "binary file (NUL bytes), not an article",
        ));
    }
    let decoded = decode::decode(bytes);
    let mut warnings = Vec::new();
    if decoded.fallback {
        warnings.push(format!("{rel}: not valid UTF-8; decoded as Windows-1252"));
    }
    let text = decode::html_references(decoded.text);
    let layout = txt::parse(&text).ok_or_else(|| skip(SkipReason::NoHeadline, "no headline"))?;
    let article = finish(rel, rel, &layout, fingerprint, opts, &mut warnings);
    Ok(Loaded { article, warnings })
}

/// Whether the file at `rel` is a web page: by its extension, or by a sniff when it has none
/// (the same rule as the corpus walk's).
fn is_html(rel: &str, bytes: &[u8]) -> bool {
    match format::from_path(Path::new(rel)) {
        Some(d) => d.format == Format::Html,
        None => Path::new(rel).extension().is_none() && html::looks_like_html(bytes),
    }
}

/// A web page as one article with the id `rel`; a page without text is a skip.
fn from_html(
    rel: &str,
    bytes: &[u8],
    fingerprint: Fingerprint,
    opts: &LoadOptions,
) -> Result<Loaded, Skipped> {
    let draft = html::parse_page(bytes, rel, &html::Context::default()).map_err(|bad| Skipped {
        path: rel.to_string(),
        reason: bad.reason,
        detail: bad.detail,
    })?;
    Ok(super::multi::from_draft(
        rel,
        rel,
        &draft,
        fingerprint,
        opts,
    ))
}

/// The article `id` of the file at `rel` from its layout: extraction, then the settings
/// (folder sections, mtime dates, aliases) and the fingerprint with its derived hash.
pub(super) fn finish(
    id: &str,
    rel: &str,
    layout: &txt::Layout<'_>,
    fingerprint: Fingerprint,
    opts: &LoadOptions,
    warnings: &mut Vec<String>,
) -> Article {
    let mut article = assemble(id, rel, layout, opts.people, warnings);
    if layout.section.is_none() && opts.folder_sections {
        article.section = folder_section(rel);
    }
    article.fingerprint = fingerprint;
    if article.date.is_none() && opts.date_from_mtime {
        article.date = mtime_date(fingerprint.mtime_ns);
        article.date_source = article.date.map(|_| DateSource::Mtime);
    }
    opts.aliases.apply(&mut article.people);
    article.fingerprint.derived = derived_hash(&article);
    article
}

fn assemble(
    id: &str,
    rel: &str,
    layout: &txt::Layout<'_>,
    with_people: bool,
    warnings: &mut Vec<String>,
) -> Article {
    let lead: Vec<&str> = layout
        .paragraphs
        .iter()
        .take(DATE_LEAD_PARAGRAPHS)
        .copied()
        .collect();
    let finding = date::find_date(layout.header_date, rel, &lead);
    if let Some(w) = finding.warning {
        warnings.push(format!("{id}: {w}"));
    }
    let mut texts = Vec::with_capacity(layout.paragraphs.len() + layout.captions.len() + 1);
    texts.push(layout.headline);
    texts.extend(&layout.paragraphs);
    texts.extend(&layout.captions);
    Article {
        id: id.to_string(),
        path: rel.to_string(),
        headline: layout.headline.to_string(),
        body: layout.paragraphs.join("\n\n"),
        section: layout.section.map(str::to_string),
        date: finding.found.map(|f| f.date),
        date_source: finding.found.map(|f| f.source),
        date_ambiguous: finding.ambiguous,
        people: if with_people {
            people::extract_people(&texts)
        } else {
            Vec::new()
        },
        related: layout.related.iter().map(|s| s.to_string()).collect(),
        captions: layout.captions.iter().map(|s| s.to_string()).collect(),
        sources: sources(layout),
        authors: Vec::new(),
        url: None,
        language: None,
        fingerprint: Fingerprint::default(),
    }
}

/// Sources in order: header, credits in the text, sign-off; without duplicates.
fn sources(layout: &txt::Layout<'_>) -> Vec<String> {
    let mut out: Vec<String> = layout
        .header_source
        .map(str::to_string)
        .into_iter()
        .collect();
    let credited = source::credited_sources(layout.paragraphs.first().copied(), &layout.paragraphs);
    for name in credited
        .into_iter()
        .chain(layout.signoff.map(str::to_string))
    {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}

/// Hash of the fields that depend on settings rather than on the file alone.
fn derived_hash(a: &Article) -> u64 {
    let mut text = a.people.join("\n");
    text.push('\0');
    text.push_str(
        &a.date
            .map(|d| d.timestamp().to_string())
            .unwrap_or_default(),
    );
    text.push_str(a.date_source.map_or("", |s| s.name()));
    xxh3_64(text.as_bytes())
}

/// The folders above the file, as a section path (`politics/001.txt` → `politics`,
/// `world/europe/x.txt` → `world/europe`), up to the first all-digit folder: in a dated tree
/// (`world/2021/03/x.txt`, `2021/03/x.txt`) the dates are not sections.
fn folder_section(rel: &str) -> Option<String> {
    let (folders, _file) = rel.rsplit_once('/')?;
    let kept: Vec<&str> = folders
        .split('/')
        .take_while(|p| !p.is_empty() && !p.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    (!kept.is_empty()).then(|| kept.join("/"))
}

fn mtime_date(mtime_ns: i64) -> Option<DateTime<Utc>> {
    (mtime_ns > 0).then(|| DateTime::from_timestamp_nanos(mtime_ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(rel: &str, text: &[u8]) -> Result<Loaded, Skipped> {
        from_bytes(rel, text, Fingerprint::default(), &LoadOptions::default())
    }

    #[test]
    fn section_comes_from_the_top_folder_without_a_dash_line() {
        let a = load(
            "politics/2020/x.txt",
            b"Vote count ends\n\nThe count ended.",
        )
        .expect("ok");
        assert_eq!(a.article.section.as_deref(), Some("politics"));
        let b = load("x.txt", b"Vote count ends\n\nThe count ended.").expect("ok");
        assert_eq!(b.article.section, None);
        let c = load("politics/x.txt", b"-Elections\n\nVote count ends").expect("ok");
        assert_eq!(c.article.section.as_deref(), Some("Elections"));
    }

    #[test]
    fn folder_sections_are_paths_that_stop_at_dated_folders() {
        let cases = [
            ("world/europe/x.txt", Some("world/europe")),
            ("world/2021/03/x.txt", Some("world")),
            ("2021/03/19/x.txt", None),
            ("world/europe/2021/x.txt", Some("world/europe")),
            ("x.txt", None),
        ];
        for (rel, want) in cases {
            assert_eq!(folder_section(rel).as_deref(), want, "{rel}");
        }
    }

    #[test]
    fn empty_binary_and_headless_files_are_skipped() {
        assert_eq!(load("a.txt", b"").unwrap_err().reason, SkipReason::Empty);
        assert_eq!(
            load("a.txt", b" \n\t\n").unwrap_err().reason,
            SkipReason::Empty
        );
        assert_eq!(
            load("a.txt", b"ab\0\0cd").unwrap_err().reason,
            SkipReason::Binary
        );
        assert_eq!(
            load("a.txt", b"-Sports\n").unwrap_err().reason,
            SkipReason::NoHeadline
        );
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        let a = load("w.txt", b"Caf\xe9 reopens\n\nThe caf\xe9 reopened.").expect("ok");
        assert_eq!(a.article.headline, "Café reopens");
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0].contains("w.txt") && a.warnings[0].contains("Windows-1252"));
    }

    #[test]
    fn character_references_left_by_html_are_decoded() {
        let a = load(
            "e.txt",
            b"Pap&#233; wins\n\nAlan Pap&#233; won &amp; smiled.",
        )
        .expect("ok");
        assert_eq!(a.article.headline, "Papé wins");
        assert_eq!(a.article.body, "Alan Papé won & smiled.");
        let b = load("f.txt", b"AT&amp;T wins\n\nNo numeric reference here.").expect("ok");
        assert_eq!(b.article.headline, "AT&amp;T wins");
    }

    #[test]
    fn mtime_fallback_only_when_asked() {
        let fp = Fingerprint {
            size: 1,
            mtime_ns: 1_600_000_000_000_000_000,
            hash: 0,
            derived: 0,
        };
        let text = b"Undated story\n\nNo date anywhere.";
        let plain = from_bytes("u.txt", text, fp, &LoadOptions::default()).expect("ok");
        assert_eq!(plain.article.date, None);
        let opts = LoadOptions {
            date_from_mtime: true,
            ..LoadOptions::default()
        };
        let with = from_bytes("u.txt", text, fp, &opts).expect("ok");
        assert_eq!(with.article.date_source, Some(DateSource::Mtime));
        assert_eq!(
            with.article.date.map(|d| d.timestamp()),
            Some(1_600_000_000)
        );
    }

    #[test]
    fn oversized_files_are_skipped_without_reading_them_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.txt");
        let f = fs::File::create(&path).expect("create");
        f.set_len(MAX_FILE_BYTES + 10).expect("sparse file");
        let file = CorpusFile {
            path,
            rel: "big.txt".into(),
            size: MAX_FILE_BYTES + 10,
            mtime_ns: 0,
            format: crate::article::Detected {
                format: crate::article::Format::Txt,
                gzip: false,
            },
        };
        let err = load_file(&file, &LoadOptions::default()).unwrap_err();
        assert_eq!(err.reason, SkipReason::TooLarge);
    }
}
