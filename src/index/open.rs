//! Finding, opening and creating the index folder, and the metadata newsidx keeps in it.
//!
//! newsidx's own metadata (schema version, corpus root) rides in tantivy's commit payload, so it
//! is committed atomically with the documents it describes.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::analyzer;
use super::schema::{
    build_schema, index_settings, Fields, LABEL_TOKENIZER, PROSE_TOKENIZER, SCHEMA_VERSION,
};
use crate::article::LoadOptions;
use crate::error::{Error, Result};

/// Version of the extraction rules (people tagger, dates, sections). Bump it whenever a change
/// can give an existing file different fields: the next build then re-extracts every article
/// and rewrites the ones that changed, so an upgrade reaches old indexes without `--full`.
/// Version 3: titles and currencies with no given name are no people ("U.K. Chancellor",
/// "H.K. Dlrs"), nor is a place ending in a continent ("Latin America") or a firm joined by
/// "and Sons" or "& Associates"; a comma between words with no space after it ("Appleton,31")
/// separates them; a surname after an initial without its dot stays in the name ("George W
/// Bush"); one word after "a" or "an" is no person ("an Oscar"); nor is a name before a word
/// and a company designator ("E.F. Hutton Group Inc"), or one word of a company's name alone
/// ("Chrysler said" beside "Chrysler Corp"). Version 4: a headline in capitals above a story
/// that is not is no longer read for people, so people are listed in the order the story
/// first mentions them. Version 5: "More" closing a paragraph after a full stop is no
/// person (a wire story's continuation mark). Version 6: nor is a name that goes on to name a
/// firm a few words later ("Bear, Stearns and Co", "Harper and Row Publishers Inc") or holds a
/// designator ("First Boston Corp. The"), nor one before "scale" ("the Richter scale").
/// Version 7: nor a name with a word that no name holds ("Venice Film Festival") or opening
/// with a country's initials and no given name ("U.K. Money"). Version 8: nor four or more
/// capitalised words with no given name ("Dai Ichi Kangyo Bank"). Version 9: nor a sentence
/// opener alone ("Within", "Thereafter"). Version 10: nor a well-known place ("Denver", "El
/// Salvador"). Version 11: nor a name of two or more words with a word that names a bank or an
/// insurer ("Credit Suisse", "Toronto Dominion Bank"). Version 12: nor a name right after a
/// person and "of" ("Caroline Levy of E.F. Hutton") or before "analyst" ("Dean Witter analyst").
/// Version 13: a name capitalised at the start of a sentence folds into the full name whose
/// particle it starts with ("Von der Leyen" into "Ursula von der Leyen"). Version 14: a name
/// with a word that names an industry after its first word is no person ("Kawasaki Steel",
/// "Oak Industries"), nor its first word alone ("Oak said").
pub const EXTRACTION_VERSION: u32 = 14;

/// Version of the text analysis (`analyzer.rs`) that wrote an index's words. Unlike
/// [`SCHEMA_VERSION`] it needs no `--full`: when it changes, the next build rewrites every
/// article, and searches meanwhile work as before for the words the change left alone.
/// Version 1: letters folded to ASCII (`Zürich` is found by `zurich`); 0 is before versions.
pub const ANALYSIS_VERSION: u32 = 1;

/// tantivy's file listing the committed segments; its presence marks an index folder.
const META_FILE: &str = "meta.json";

/// What newsidx records about an index in each commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// [`SCHEMA_VERSION`] of the binary that committed.
    pub schema_version: u32,
    /// Absolute path of the corpus the index was built from.
    pub corpus_root: PathBuf,
    /// newsidx version that committed.
    pub newsidx_version: String,
    /// Whether undated articles took their file's mtime (`--date-fallback mtime`).
    #[serde(default)]
    pub date_from_mtime: bool,
    /// The alias file applied to people names, if any.
    #[serde(default)]
    pub aliases: Option<PathBuf>,
    /// Fingerprint of the alias rules applied (0: none).
    #[serde(default)]
    pub aliases_fingerprint: u64,
    /// Whether people were extracted (`false`: `build --no-people`).
    #[serde(default = "yes")]
    pub people: bool,
    /// [`EXTRACTION_VERSION`] of the binary that extracted the articles (0: before versions).
    #[serde(default)]
    pub extraction_version: u32,
    /// [`ANALYSIS_VERSION`] of the binary that wrote the articles' words (0: before versions).
    #[serde(default)]
    pub analysis_version: u32,
    /// The `--json-map` overrides applied to JSON records, if any.
    #[serde(default)]
    pub json_map: Option<String>,
}

fn yes() -> bool {
    true
}

impl IndexMeta {
    /// Metadata for a commit by this binary.
    pub fn current(corpus_root: PathBuf, load: &LoadOptions, aliases: Option<PathBuf>) -> Self {
        IndexMeta {
            schema_version: SCHEMA_VERSION,
            corpus_root,
            newsidx_version: env!("CARGO_PKG_VERSION").to_string(),
            date_from_mtime: load.date_from_mtime,
            aliases,
            aliases_fingerprint: load.aliases.fingerprint(),
            people: load.people,
            extraction_version: EXTRACTION_VERSION,
            analysis_version: ANALYSIS_VERSION,
            json_map: None,
        }
    }

    /// The same metadata, recording the `--json-map` overrides in force.
    pub fn with_json_map(self, json_map: Option<String>) -> Self {
        IndexMeta { json_map, ..self }
    }

    /// True when articles extracted under `other` may differ from ones extracted under `self`.
    pub fn extraction_differs(&self, other: &IndexMeta) -> bool {
        self.date_from_mtime != other.date_from_mtime
            || self.aliases_fingerprint != other.aliases_fingerprint
            || self.people != other.people
            || self.extraction_version != other.extraction_version
            || self.json_map != other.json_map
            || self.analysis_differs(other)
    }

    /// True when articles written under `other` were analysed into other words: every
    /// article must be written again, even one whose fields are the same.
    pub fn analysis_differs(&self, other: &IndexMeta) -> bool {
        self.analysis_version != other.analysis_version
    }
}

/// An open index and its field handles.
pub struct OpenIndex {
    pub index: Index,
    pub fields: Fields,
    /// Metadata of the last commit, `None` for a new index.
    pub meta: Option<IndexMeta>,
}

/// True when `dir` holds a committed tantivy index.
pub fn is_index(dir: &Path) -> bool {
    dir.join(META_FILE).is_file()
}

/// How often opening is retried when index files vanish under it (a `--full` swap).
const OPEN_ATTEMPTS: usize = 5;

/// Opens the index at `dir` for searching, with errors that say what to run.
///
/// A `--full` rebuild swaps the whole folder; a search that read the old `meta.json` just
/// before may then miss the old segment files, so such a failure is retried.
pub fn open_for_read(dir: &Path) -> Result<(OpenIndex, IndexReader)> {
    open_for_search(dir, Work::Light)
}

/// [`open_for_read`] for searches that do `work` per matching article.
pub fn open_for_search(dir: &Path, work: Work) -> Result<(OpenIndex, IndexReader)> {
    let mut attempt = 1;
    loop {
        match open_for_read_once(dir, work) {
            Err(Error::Index(tantivy::TantivyError::OpenReadError(_)))
                if attempt < OPEN_ATTEMPTS =>
            {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// How much a search does for each article it matches, which decides whether spreading an
/// index's segments over threads pays for the threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Reads postings and fast fields: a plain search, facets, people counts.
    Light,
    /// Reads every candidate article from the store (`exact:` clauses).
    Heavy,
}

/// Articles outside an index's largest segment from which a [`Work::Light`] search spreads
/// its segments over threads (see [`search_threads`]).
const LIGHT_SPREAD_FROM: u64 = 100_000;

/// Threads that a search visits the segments of `sizes` (articles per segment) on, with
/// `cores` cores; tantivy visits them one after another by default.
///
/// Starting the threads costs a one-shot search about 0.5-0.9 ms (two cores, alternated
/// runs of `bench/compare/queries.txt`), which a light search wins back only when much of
/// the index can move off the first thread: on the generated corpus, 11.95 ms instead of
/// 13.74 ms at the median for 300,000 articles in 4 segments, but 8.9 ms instead of 8.4 ms
/// for 100,000 in segments of 75,000 and 25,000, and 6.9 ms instead of 6.0 ms for 30,000 in
/// two halves. A heavy search gains even on small indexes: `exact:reported` took 0.19 s
/// instead of 0.32 s on the 30,000-article index. One segment needs no threads.
fn search_threads(sizes: &[u64], cores: usize, work: Work) -> usize {
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let movable = sizes.iter().sum::<u64>() - largest;
    let worth = match work {
        Work::Light => movable >= LIGHT_SPREAD_FROM,
        Work::Heavy => movable > 0,
    };
    if worth {
        sizes.len().min(cores).max(1)
    } else {
        1
    }
}

/// Gives `index`, whose segments hold `sizes` articles, a search executor of
/// [`search_threads`] threads when that is more than one.
fn set_search_threads(index: &mut Index, sizes: &[u64], work: Work) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = search_threads(sizes, cores, work);
    if threads > 1 {
        index.set_multithread_executor(threads)?;
    }
    Ok(())
}

fn open_for_read_once(dir: &Path, work: Work) -> Result<(OpenIndex, IndexReader)> {
    if !is_index(dir) {
        return Err(if dir.is_file() || holds_visible_files(dir) {
            Error::not_an_index(dir)
        } else {
            Error::NoIndex(dir.to_path_buf())
        });
    }
    let (mut open, sizes) = open_existing_sized(dir)?;
    set_search_threads(&mut open.index, &sizes, work)?;
    let reader = open
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok((open, reader))
}

/// Fails with [`Error::NotAnIndex`] when `dir` holds files but no index, so newsidx never
/// writes into a folder of the user's.
pub fn check_target(dir: &Path) -> Result<()> {
    if dir.is_file() || !is_index(dir) && holds_visible_files(dir) {
        return Err(Error::not_an_index(dir));
    }
    Ok(())
}

/// Opens the index at `dir`, or creates one when the folder is new or empty.
pub fn open_or_create(dir: &Path) -> Result<OpenIndex> {
    if is_index(dir) {
        return open_existing(dir);
    }
    check_target(dir)?;
    fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let directory = MmapDirectory::open(dir).map_err(|e| Error::Index(e.into()))?;
    let schema = build_schema();
    let index = Index::create(directory, schema, index_settings())?;
    analyzer::register(&index, PROSE_TOKENIZER, LABEL_TOKENIZER);
    let fields = Fields::from_schema(&index.schema()).expect("schema built by build_schema");
    Ok(OpenIndex {
        index,
        fields,
        meta: None,
    })
}

fn open_existing(dir: &Path) -> Result<OpenIndex> {
    Ok(open_existing_sized(dir)?.0)
}

/// [`open_existing`], and the articles in each segment (read from `meta.json` with newsidx's
/// metadata: every parse of it is a few percent of a one-shot search).
fn open_existing_sized(dir: &Path) -> Result<(OpenIndex, Vec<u64>)> {
    let index = match Index::open_in_dir(dir) {
        Ok(index) => index,
        // Another version may write settings (a compressor) this build cannot even parse:
        // then say which version wrote the index rather than what tantivy could not read.
        Err(e) => {
            if let Some(found) = recorded_schema_version(dir) {
                check_version(dir, found)?;
            }
            return Err(e.into());
        }
    };
    analyzer::register(&index, PROSE_TOKENIZER, LABEL_TOKENIZER);
    let metas = index.load_metas()?;
    let meta = payload_meta(&metas);
    let sizes = metas
        .segments
        .iter()
        .map(|m| u64::from(m.num_docs()))
        .collect();
    // The version check comes before the fields: another version's schema may lack some.
    if let Some(m) = &meta {
        check_version(dir, m.schema_version)?;
    }
    // No payload is fine: created by newsidx but never committed (killed on the first run).
    let fields =
        Fields::from_schema(&index.schema()).ok_or_else(|| Error::NotAnIndex(dir.to_path_buf()))?;
    Ok((
        OpenIndex {
            index,
            fields,
            meta,
        },
        sizes,
    ))
}

/// The metadata recorded in the index at `dir`, if it can be read at all (even when the
/// schema is not this binary's).
pub fn recorded_meta(dir: &Path) -> Option<IndexMeta> {
    let index = Index::open_in_dir(dir).ok()?;
    payload_meta(&index.load_metas().ok()?)
}

/// Refuses an index of another schema version, saying which way to go.
fn check_version(dir: &Path, found: u32) -> Result<()> {
    let dir = dir.to_path_buf();
    match found.cmp(&SCHEMA_VERSION) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Less => Err(Error::SchemaMismatch { dir, found }),
        std::cmp::Ordering::Greater => Err(Error::SchemaNewer {
            dir,
            found,
            reads: SCHEMA_VERSION,
        }),
    }
}

/// The schema version in the last commit's payload, read from `meta.json` as plain JSON
/// (without tantivy, and without the rest of [`IndexMeta`], which a newer version may change);
/// only when tantivy cannot open the index, so a search reads `meta.json` once.
fn recorded_schema_version(dir: &Path) -> Option<u32> {
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(META_FILE)).ok()?).ok()?;
    let payload: serde_json::Value = serde_json::from_str(meta.get("payload")?.as_str()?).ok()?;
    u32::try_from(payload.get("schema_version")?.as_u64()?).ok()
}

/// newsidx's metadata in the last commit's payload.
fn payload_meta(metas: &tantivy::IndexMeta) -> Option<IndexMeta> {
    serde_json::from_str(metas.payload.as_deref()?).ok()
}

/// True when `dir` holds anything other than hidden files (such as `.gitignore`).
fn holds_visible_files(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_searches_spread_segments_only_when_much_of_the_index_can_move() {
        let light = |sizes: &[u64], cores| search_threads(sizes, cores, Work::Light);
        assert_eq!(light(&[75_000; 4], 2), 2);
        assert_eq!(light(&[75_000; 4], 8), 4, "no more threads than segments");
        assert_eq!(light(&[75_000; 4], 1), 1, "no more threads than cores");
        assert_eq!(light(&[75_000, 25_000], 2), 1);
        assert_eq!(light(&[15_000, 15_000], 2), 1);
        assert_eq!(light(&[60_000, 50_000, 50_000], 2), 2);
        assert_eq!(light(&[1_000_000], 2), 1, "one segment");
        assert_eq!(light(&[], 2), 1, "an empty index");
    }

    #[test]
    fn heavy_searches_spread_any_index_of_two_segments_or_more() {
        let heavy = |sizes: &[u64], cores| search_threads(sizes, cores, Work::Heavy);
        assert_eq!(heavy(&[15_000, 15_000], 2), 2);
        assert_eq!(heavy(&[10, 10, 10], 2), 2);
        assert_eq!(heavy(&[15_000, 15_000], 1), 1);
        assert_eq!(heavy(&[30_000], 2), 1);
        assert_eq!(heavy(&[30_000, 0], 2), 1, "nothing to move");
    }

    #[test]
    fn missing_or_empty_folder_has_no_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = open_for_read(&dir.path().join("nope"))
            .err()
            .expect("no index");
        assert!(matches!(err, Error::NoIndex(_)));
        fs::write(dir.path().join(".gitignore"), "*\n").expect("write");
        let err = open_for_read(dir.path()).err().expect("no index");
        assert!(matches!(err, Error::NoIndex(_)));
    }

    #[test]
    fn folder_with_other_files_is_not_an_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("notes.txt"), "mine").expect("write");
        assert!(matches!(
            open_for_read(dir.path()).err(),
            Some(Error::NotAnIndex(_))
        ));
        assert!(matches!(
            open_or_create(dir.path()).err(),
            Some(Error::NotAnIndex(_))
        ));
    }

    #[test]
    fn folder_with_only_hidden_files_can_hold_a_new_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join(".gitignore"), "*\n").expect("write");
        let open = open_or_create(dir.path()).expect("created");
        assert!(open.meta.is_none());
    }

    #[test]
    fn doc_store_settings_survive_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let open = open_or_create(dir.path()).expect("created");
        let mut writer: tantivy::IndexWriter = open.index.writer(15_000_000).expect("writer");
        writer.commit().expect("commit");
        let reopened = Index::open_in_dir(dir.path()).expect("reopened");
        let settings = reopened.settings();
        assert_eq!(
            settings.docstore_compression,
            index_settings().docstore_compression
        );
        assert!(matches!(
            settings.docstore_compression,
            tantivy::store::Compressor::Zstd(_)
        ));
    }

    #[test]
    fn index_of_another_schema_version_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let open = open_or_create(dir.path()).expect("created");
        let mut writer: tantivy::IndexWriter = open.index.writer(15_000_000).expect("writer");
        let mut old = IndexMeta::current(dir.path().to_path_buf(), &LoadOptions::default(), None);
        old.schema_version = SCHEMA_VERSION - 1;
        let mut commit = writer.prepare_commit().expect("prepare");
        commit.set_payload(&serde_json::to_string(&old).expect("json"));
        commit.commit().expect("commit");
        match open_for_read(dir.path()).err() {
            Some(Error::SchemaMismatch { found, .. }) => assert_eq!(found, SCHEMA_VERSION - 1),
            other => panic!("expected a schema mismatch, got {other:?}"),
        }
    }

    #[test]
    fn index_of_a_newer_version_is_refused_before_tantivy_reads_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut new = IndexMeta::current(dir.path().to_path_buf(), &LoadOptions::default(), None);
        new.schema_version = SCHEMA_VERSION + 1;
        // Settings this build cannot parse, as a newer tantivy or compressor would write.
        let meta = serde_json::json!({
            "index_settings": {"docstore_compression": "brotli-9000"},
            "payload": serde_json::to_string(&new).expect("json"),
        });
        fs::write(dir.path().join(META_FILE), meta.to_string()).expect("write meta");
        match open_for_read(dir.path()).err() {
            Some(err @ Error::SchemaNewer { found, reads, .. }) => {
                assert_eq!((found, reads), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
                assert!(err.to_string().contains("newer newsidx"), "{err}");
            }
            other => panic!("expected a newer schema, got {other:?}"),
        }
    }
}
