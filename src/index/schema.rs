//! Field names and options: the single source of truth for the index layout.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// Version of the newsidx index layout; bumped whenever the schema or analysis changes.
pub const SCHEMA_VERSION: u32 = 5;

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
/// Lower-cased words without stemming, for names and labels.
const LABEL_TOKENIZER: &str = "default";

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
    sb.add_text_field(name::ID, STRING | STORED | FAST);
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
    sb.add_text_field(name::URL, STRING | STORED);
    sb.add_text_field(name::LANGUAGE, STRING | STORED);
    let date = DateOptions::from(INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    sb.add_date_field(name::DATE, date);
    sb.add_text_field(name::DATE_SOURCE, STORED);
    let fingerprint = NumericOptions::default().set_stored().set_fast();
    sb.add_u64_field(name::SIZE, fingerprint.clone());
    sb.add_i64_field(name::MTIME, fingerprint.clone());
    sb.add_u64_field(name::HASH, fingerprint.clone());
    sb.add_u64_field(name::DERIVED, fingerprint);
    sb.build()
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
}
