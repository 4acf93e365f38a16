//! One search hit: the stored fields of an article plus rank, score, snippet and highlights.

use std::ops::Range;

use serde::Serialize;
use tantivy::query::Query;
use tantivy::schema::{TantivyDocument, Value};
use tantivy::{Index, Score};

use super::highlight::Highlighter;
use super::snippet;
use crate::error::Result;
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
    /// Passages of the body (or of the captions, see `snippet_field`) joined by " … ".
    pub snippet: String,
    /// `[start, end)` byte ranges of matched words and phrases in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Where the snippet comes from.
    pub snippet_field: SnippetField,
    /// `[start, end)` byte ranges of matched words and phrases in `headline`.
    pub headline_highlights: Vec<[usize; 2]>,
}

/// The stored text a snippet was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SnippetField {
    /// The article body (also when nothing in it matched: then its opening).
    #[default]
    Body,
    /// Photo captions, when the query matched them and nothing in the body.
    Caption,
}

/// The stored fields of a document that a hit shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredArticle {
    pub id: String,
    pub path: String,
    pub headline: String,
    pub body: String,
    pub captions: Vec<String>,
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
            captions: all_text(doc, f.captions),
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

/// Turns stored articles into hits for one query: snippets and headline highlights.
pub struct HitMaker {
    fields: Fields,
    highlighter: Highlighter,
    passages: usize,
}

impl HitMaker {
    /// Prepares hits for `query` (parsed from `text`) with up to `passages` snippet passages.
    pub fn new(
        index: &Index,
        fields: &Fields,
        query: &dyn Query,
        text: &str,
        passages: usize,
    ) -> Result<Self> {
        let prose = [fields.body, fields.headline, fields.captions];
        Ok(HitMaker {
            fields: *fields,
            highlighter: Highlighter::new(index, query, text, &prose)?,
            passages,
        })
    }

    /// The hit at `rank` for article `a`.
    pub fn make(&mut self, rank: usize, score: Score, a: StoredArticle) -> Hit {
        let f = self.fields;
        let headline = self.highlighter.matches(f.headline, &a.headline);
        let (snippet, field) = self.snippet(&a);
        Hit {
            rank,
            score,
            id: a.id,
            path: a.path,
            headline: a.headline,
            date: a.date,
            section: a.section,
            people: a.people,
            sources: a.sources,
            snippet: snippet.text,
            highlights: pairs(&snippet.highlights),
            snippet_field: field,
            headline_highlights: pairs(&headline.into_iter().map(|m| m.range).collect::<Vec<_>>()),
        }
    }

    /// Passages of the body; of the captions when only they match; else the body's opening.
    fn snippet(&mut self, a: &StoredArticle) -> (snippet::Snippet, SnippetField) {
        let body = self.highlighter.matches(self.fields.body, &a.body);
        if body.is_empty() && self.highlighter.covers(self.fields.captions) {
            let parts: Vec<(&str, _)> = a
                .captions
                .iter()
                .map(|c| {
                    (
                        c.as_str(),
                        self.highlighter.matches(self.fields.captions, c),
                    )
                })
                .collect();
            if parts.iter().any(|(_, m)| !m.is_empty()) {
                let s = snippet::from_parts(&parts, self.passages);
                return (s, SnippetField::Caption);
            }
        }
        (
            snippet::passages(&a.body, &body, self.passages),
            SnippetField::Body,
        )
    }
}

fn pairs(ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    ranges.iter().map(|r| [r.start, r.end]).collect()
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
