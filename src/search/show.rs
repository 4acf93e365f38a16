//! `newsidx show`: one stored article, found by id or by file path.

use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{IndexReader, Term};

use super::hit::StoredArticle;
use crate::error::{Error, Result};
use crate::index::Fields;

/// Every stored field of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FullArticle {
    pub id: String,
    pub path: String,
    pub headline: String,
    pub date: Option<String>,
    pub date_source: Option<String>,
    pub section: Option<String>,
    pub people: Vec<String>,
    pub sources: Vec<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub related: Vec<String>,
    pub captions: Vec<String>,
    pub body: String,
}

/// The article whose id is `target`, or whose file `target` is (a path under the corpus
/// `root`, absolute or relative to the current folder).
pub fn find(
    fields: &Fields,
    reader: &IndexReader,
    target: &str,
    root: Option<&Path>,
) -> Result<FullArticle> {
    let mut candidates = vec![target.trim().to_string()];
    if let Some(stripped) = target.trim().strip_prefix("./") {
        candidates.push(stripped.to_string());
    }
    if let Some(rel) = root.and_then(|r| relative_to(r, Path::new(target.trim()))) {
        candidates.push(rel);
    }
    for id in candidates {
        if let Some(article) = by_id(fields, reader, &id)? {
            return Ok(article);
        }
    }
    Err(Error::Query(format!(
        "no article `{}` in the index; give its id (path relative to the corpus root, as `search` shows) or its file",
        target.trim()
    )))
}

fn relative_to(root: &Path, path: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(path).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = abs.strip_prefix(root).ok()?;
    Some(rel.to_string_lossy().into_owned())
}

fn by_id(fields: &Fields, reader: &IndexReader, id: &str) -> Result<Option<FullArticle>> {
    let searcher = reader.searcher();
    let query = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, addr)) = top.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*addr)?;
    let a = StoredArticle::from_doc(fields, &doc);
    let all = |f| {
        doc.get_all(f)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect::<Vec<_>>()
    };
    Ok(Some(FullArticle {
        date_source: all(fields.date_source).into_iter().next(),
        related: all(fields.related),
        authors: all(fields.authors),
        url: all(fields.url).into_iter().next(),
        language: all(fields.language).into_iter().next(),
        captions: a.captions,
        id: a.id,
        path: a.path,
        headline: a.headline,
        date: a.date,
        section: a.section,
        people: a.people,
        sources: a.sources,
        body: a.body,
    }))
}
