//! The tantivy index: schema, opening and creating, writing articles, and summary statistics.
//!
//! The only module besides `search` that sees tantivy types.

mod analyzer;
pub mod compact;
pub mod manifest;
mod merge;
pub mod open;
pub mod schema;
pub mod stats;
mod words;
pub mod writer;

pub use analyzer::exact_analyzer;
pub use open::{open_for_read, open_for_search, IndexMeta, OpenIndex, Work};
pub use schema::Fields;
pub use words::{fold_to_ascii, WordRuns};
pub use writer::ArticleWriter;

/// An empty in-memory index of the newsidx schema, its fields and a one-thread writer: the
/// set-up of the unit tests that search a few hand-made documents.
#[cfg(test)]
pub(crate) fn test_index() -> tantivy::Result<(tantivy::Index, Fields, tantivy::IndexWriter)> {
    let index = tantivy::Index::create_in_ram(schema::build_schema());
    let fields = Fields::from_schema(&index.schema()).expect("the schema has every field");
    let writer = index.writer_with_num_threads(1, 15_000_000)?;
    Ok((index, fields, writer))
}
