//! Field names and options: the single source of truth for the index layout.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::IndexSettings;

/// Version of the newsidx index layout; bumped whenever the schema, the doc store or the
/// analysis changes (what extraction finds has `index::open::EXTRACTION_VERSION`, which
/// needs no `--full`). Version 8 (bumped for a change of extraction): dateline
/// places, companies and month days are no people (`extract::people::reject`), nor are names
/// only ever written in capitals (`extract::people::fold`).
pub const SCHEMA_VERSION: u32 = 8;

/// zstd level of the doc store. Decompression speed hardly depends on the level; higher
/// levels only cost build time: level 3 (zstd's default) made the store 4% smaller than level 1
/// but cost 12% more build instructions instead of 5% (callgrind, Reuters).
const DOCSTORE_ZSTD_LEVEL: i32 = 1;
/// Bytes of documents compressed together. A hit decompresses one whole block, so larger
/// blocks compress better but make every uncached hit slower. Half tantivy's default (16 KB):
/// a one-shot `search "oil prices"` on Reuters 4.22 -> 3.66 ms (`perf stat`, 10 alternated
/// rounds) for an index 1.4% larger there and 0.15% larger on the 300k generated corpus.
/// Readers take each segment's own block size, so older indexes keep working.
const DOCSTORE_BLOCK: usize = 8_192;

/// Field names, as used in queries (`headline:`) and stored documents.
pub mod name {
    pub const ID: &str = "id";
    pub const PATH: &str = "path";
    pub const HEADLINE: &str = "headline";
    pub const BODY: &str = "body";
    pub const CAPTIONS: &str = "captions";
    pub const RELATED: &str = "related";
    pub const SECTION: &str = "section";
    pub const SECTION_PATH: &str = "section_path";
    pub const PEOPLE: &str = "people";
    pub const SOURCES: &str = "sources";
    pub const AUTHORS: &str = "authors";
    pub const URL: &str = "url";
    pub const LANGUAGE: &str = "language";
    pub const DATE: &str = "date";
    pub const DATE_SOURCE: &str = "date_source";
    pub const SIZE: &str = "size";
    pub const MTIME: &str = "mtime";
    pub const HASH: &str = "hash";
    pub const DERIVED: &str = "derived";
}

/// English analysis (lower-case, Snowball stemming), built into tantivy so it survives reopen;
/// `open.rs` swaps in the same analysis with cached stems (`analyzer.rs`).
pub(super) const PROSE_TOKENIZER: &str = "en_stem";
/// Lower-cased words without stemming, for names and labels (folded to ASCII: `open.rs`
/// swaps in `analyzer::label_analyzer`).
pub(super) const LABEL_TOKENIZER: &str = "default";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub headline: Field,
    pub body: Field,
    pub captions: Field,
    pub related: Field,
    pub section: Field,
    /// The section as a facet: `Top News/USA` is `/Top News/USA`, under `/Top News`.
    pub section_path: Field,
    pub people: Field,
    pub sources: Field,
    /// Bylines, searchable as lower-cased words (`authors:smith`).
    pub authors: Field,
    /// The page's address, indexed whole (`url:"https://…"`).
    pub url: Field,
    /// Primary language subtag (`language:en`).
    pub language: Field,
    pub date: Field,
    pub date_source: Field,
    pub size: Field,
    pub mtime: Field,
    pub hash: Field,
    pub derived: Field,
}

/// Builds the newsidx schema.
pub fn build_schema() -> Schema {
    let mut sb = Schema::builder();
    sb.add_text_field(name::ID, keyword() | STORED | FAST);
    sb.add_text_field(name::PATH, STORED);
    for prose in [name::HEADLINE, name::BODY, name::CAPTIONS, name::RELATED] {
        sb.add_text_field(prose, text(PROSE_TOKENIZER));
    }
    for label in [name::SECTION, name::PEOPLE, name::SOURCES] {
        // Searchable as lower-cased words; the raw fast column feeds counts and facets.
        sb.add_text_field(label, text(LABEL_TOKENIZER).set_fast("raw"));
    }
    sb.add_facet_field(name::SECTION_PATH, FacetOptions::default());
    sb.add_text_field(name::AUTHORS, text(LABEL_TOKENIZER));
    sb.add_text_field(name::URL, keyword() | STORED);
    sb.add_text_field(name::LANGUAGE, keyword() | STORED);
    // Indexed for range filters, which score nothing: no field norms.
    let date = DateOptions::default()
        .set_indexed()
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    sb.add_date_field(name::DATE, date);
    sb.add_text_field(name::DATE_SOURCE, STORED);
    // Read only from the fast columns (`manifest.rs`); storing them too cost ~32 bytes a
    // document in the doc store.
    let fingerprint = NumericOptions::default().set_fast();
    sb.add_u64_field(name::SIZE, fingerprint.clone());
    sb.add_i64_field(name::MTIME, fingerprint.clone());
    sb.add_u64_field(name::HASH, fingerprint.clone());
    sb.add_u64_field(name::DERIVED, fingerprint);
    sb.build()
}

/// The index settings of a new index: a zstd doc store (28% smaller than tantivy's
/// default lz4 on news text). Readers take the compressor from each segment's store, so this
/// only decides how new indexes are written.
pub fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(DOCSTORE_ZSTD_LEVEL),
        }),
        docstore_blocksize: DOCSTORE_BLOCK,
        ..IndexSettings::default()
    }
}

/// One untokenized term per value (like tantivy's `STRING`), without field norms: every value
/// is a single token, so BM25 reads the same norm (1) for a matching document either way.
fn keyword() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_index_option(IndexRecordOption::Basic)
        .set_fieldnorms(false);
    TextOptions::default().set_indexing_options(indexing)
}

fn text(tokenizer: &str) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    TextOptions::default()
        .set_indexing_options(indexing)
        .set_stored()
}

impl Fields {
    /// Looks the fields up in `schema`; `None` when a field is missing (not a newsidx index).
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |n: &str| schema.get_field(n).ok();
        Some(Fields {
            id: f(name::ID)?,
            path: f(name::PATH)?,
            headline: f(name::HEADLINE)?,
            body: f(name::BODY)?,
            captions: f(name::CAPTIONS)?,
            related: f(name::RELATED)?,
            section: f(name::SECTION)?,
            section_path: f(name::SECTION_PATH)?,
            people: f(name::PEOPLE)?,
            sources: f(name::SOURCES)?,
            authors: f(name::AUTHORS)?,
            url: f(name::URL)?,
            language: f(name::LANGUAGE)?,
            date: f(name::DATE)?,
            date_source: f(name::DATE_SOURCE)?,
            size: f(name::SIZE)?,
            mtime: f(name::MTIME)?,
            hash: f(name::HASH)?,
            derived: f(name::DERIVED)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::STRING;

    #[test]
    fn every_field_resolves() {
        let schema = build_schema();
        let fields = Fields::from_schema(&schema).expect("all fields present");
        assert_eq!(schema.get_field_name(fields.headline), name::HEADLINE);
        assert!(schema.get_field_entry(fields.id).is_fast());
    }

    #[test]
    fn foreign_schema_is_rejected() {
        let mut sb = Schema::builder();
        sb.add_text_field("title", STRING);
        assert!(Fields::from_schema(&sb.build()).is_none());
    }

    #[test]
    fn new_indexes_store_documents_with_zstd() {
        let index = tantivy::Index::builder()
            .schema(build_schema())
            .settings(index_settings())
            .create_in_ram()
            .expect("index");
        let fields = Fields::from_schema(&index.schema()).expect("fields");
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        let body = "Oil prices rose. ".repeat(2_000);
        writer
            .add_document(tantivy::doc!(fields.body => body.as_str(), fields.size => 7u64))
            .expect("add");
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let segment = &searcher.segment_readers()[0];
        let store = segment.get_store_reader(1).expect("store");
        let doc: tantivy::TantivyDocument = store.get(0).expect("doc");
        use tantivy::schema::Value;
        let stored = doc.get_first(fields.body).and_then(|v| v.as_str());
        assert_eq!(stored, Some(body.as_str()));
        // Fingerprints live in fast columns only.
        assert!(doc.get_first(fields.size).is_none());
    }

    #[test]
    fn positions_and_norms_where_queries_need_them() {
        let schema = build_schema();
        // (field, positions for phrases, field norms for BM25 length)
        let table = [
            (name::HEADLINE, true, true),
            (name::BODY, true, true),
            (name::CAPTIONS, true, true),
            (name::RELATED, true, true),
            (name::PEOPLE, true, true),
            (name::SECTION, true, true),
            (name::SOURCES, true, true),
            (name::AUTHORS, true, true),
            (name::ID, false, false),
            (name::URL, false, false),
            (name::LANGUAGE, false, false),
            (name::DATE, false, false),
        ];
        for (field, positions, norms) in table {
            let entry = schema.get_field_entry(schema.get_field(field).expect(field));
            assert_eq!(entry.has_fieldnorms(), norms, "{field} norms");
            let has_positions = entry
                .field_type()
                .get_index_record_option()
                .is_some_and(|o| o.has_positions());
            assert_eq!(has_positions, positions, "{field} positions");
        }
        for field in [name::SIZE, name::MTIME, name::HASH, name::DERIVED] {
            let entry = schema.get_field_entry(schema.get_field(field).expect(field));
            assert!(entry.is_fast() && !entry.is_stored(), "{field}");
        }
    }
}
