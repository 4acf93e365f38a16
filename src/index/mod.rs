//! The tantivy index: schema, opening and creating, writing articles, and summary statistics.
//!
//! The only module besides `search` that sees tantivy types.

mod analyzer;
pub mod manifest;
pub mod open;
pub mod schema;
pub mod stats;
pub mod writer;

pub use open::{open_for_read, IndexMeta, OpenIndex};
pub use schema::Fields;
pub use writer::ArticleWriter;
