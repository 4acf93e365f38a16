//! One search hit: the stored fields of an article plus rank, score and snippet.

use serde::Serialize;
use tantivy::schema::{TantivyDocument, Value};

use crate::index::Fields;

/// A ranked search result. Its JSON form is the documented `--json` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based position in the result list.
    pub rank: usize,
    /// BM25 score (higher is better).
    pub score: f32,
    pub id: String,
    /// Path relative to the corpus root.
    pub path: String,
    pub headline: String,
    /// RFC 3339 date (UTC), or null.
    pub date: Option<String>,
    pub section: Option<String>,
    pub people: Vec<String>,
    pub sources: Vec<String>,
    /// Plain-text passage of the body.
    pub snippet: String,
    /// `[start, end)` byte ranges of matched terms in `snippet`.
    pub highlights: Vec<[usize; 2]>,
}

/// The stored fields of a document that a hit shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredArticle {
    pub id: String,
    pub path: String,
    pub headline: String,
    pub body: String,
    pub date: Option<String>,
    pub section: Option<String>,
    pub people: Vec<String>,
    pub sources: Vec<String>,
}

impl StoredArticle {
    /// Reads the stored fields of `doc`.
    pub fn from_doc(f: &Fields, doc: &TantivyDocument) -> Self {
        let text = |field| first_text(doc, field);
        StoredArticle {
            id: text(f.id).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            headline: text(f.headline).unwrap_or_default(),
            body: text(f.body).unwrap_or_default(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(|d| rfc3339(d.into_timestamp_secs())),
            section: text(f.section),
            people: all_text(doc, f.people),
            sources: all_text(doc, f.sources),
        }
    }
}

fn all_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn first_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Formats epoch seconds as RFC 3339 in UTC (`2021-03-19T00:00:00Z`).
pub fn rfc3339(secs: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_is_utc_with_z() {
        assert_eq!(rfc3339(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            rfc3339(1_616_112_000).as_deref(),
            Some("2021-03-19T00:00:00Z")
        );
    }
}
