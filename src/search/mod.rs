//! Running a query: parse, rank with BM25, order ties, and build hits with snippets.

pub mod hit;
pub mod query;
pub mod snippet;

use std::cmp::Ordering;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::AllQuery;
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, Index, IndexReader, Score, Searcher};

use crate::error::Result;
use crate::index::schema::name;
use crate::index::stats::{top_values, Count as NameCount};
use crate::index::Fields;
pub use hit::{Hit, StoredArticle};
use query::ParsedQuery;
use snippet::Snippets;

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub query: &'a str,
    pub limit: usize,
    /// Only articles that mention this person (canonical name).
    pub person: Option<&'a str>,
}

/// Hits of one search and notes for the user (repairs, relaxed matching).
#[derive(Debug, Default)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Number of matching articles in the whole index.
    pub total: usize,
    pub notes: Vec<String>,
}

/// Searches the index. Words must all match; if none match all of several plain words, the
/// search is retried with any word matching, and a note says so.
pub fn search(
    index: &Index,
    fields: &Fields,
    reader: &IndexReader,
    req: &SearchRequest<'_>,
) -> Result<SearchResults> {
    let searcher = reader.searcher();
    let parsed = prepare(index, fields, req, true)?;
    let mut notes = parsed.notes.clone();
    let (mut ranked, mut total) = rank(&searcher, fields, &parsed, req.limit)?;
    let mut used = parsed;
    if total == 0 && used.can_relax {
        let relaxed = prepare(index, fields, req, false)?;
        (ranked, total) = rank(&searcher, fields, &relaxed, req.limit)?;
        if total > 0 {
            notes.push("no article has all the words; showing articles with any of them".into());
        }
        used = relaxed;
    }
    let hits = build_hits(&searcher, fields, &used, ranked)?;
    Ok(SearchResults { hits, total, notes })
}

/// The request's query, with the person filter if any.
fn prepare(
    index: &Index,
    fields: &Fields,
    req: &SearchRequest<'_>,
    all_words: bool,
) -> Result<ParsedQuery> {
    let parsed = query::parse(index, fields, req.query, all_words)?;
    match req.person {
        Some(person) => query::with_person(index, fields, parsed, person),
        None => Ok(parsed),
    }
}

/// The most mentioned people in the whole index, or among the articles matching `query`,
/// with the number of matching articles.
pub fn top_people(
    index: &Index,
    fields: &Fields,
    reader: &IndexReader,
    query: Option<&str>,
    limit: usize,
) -> Result<(Vec<NameCount>, usize)> {
    let searcher = reader.searcher();
    let Some(text) = query else {
        let people = top_values(&searcher, &AllQuery, name::PEOPLE, limit)?;
        return Ok((people, searcher.num_docs() as usize));
    };
    let mut parsed = query::parse(index, fields, text, true)?;
    let mut total = searcher.search(&*parsed.query, &Count)?;
    if total == 0 && parsed.can_relax {
        parsed = query::parse(index, fields, text, false)?;
        total = searcher.search(&*parsed.query, &Count)?;
    }
    Ok((
        top_values(&searcher, &*parsed.query, name::PEOPLE, limit)?,
        total,
    ))
}

type Ranked = Vec<(Score, StoredArticle)>;

fn rank(
    searcher: &Searcher,
    fields: &Fields,
    parsed: &ParsedQuery,
    limit: usize,
) -> Result<(Ranked, usize)> {
    let collector = (TopDocs::with_limit(limit.max(1)).order_by_score(), Count);
    let (top, total): (Vec<(Score, DocAddress)>, usize) =
        searcher.search(&*parsed.query, &collector)?;
    let mut ranked = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        ranked.push((score, StoredArticle::from_doc(fields, &doc)));
    }
    // Deterministic order: score, then newer first, then id.
    ranked.sort_by(|(sa, a), (sb, b)| {
        sb.partial_cmp(sa)
            .unwrap_or(Ordering::Equal)
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok((ranked, total))
}

fn build_hits(
    searcher: &Searcher,
    fields: &Fields,
    parsed: &ParsedQuery,
    ranked: Ranked,
) -> Result<Vec<Hit>> {
    let snippets = Snippets::new(searcher, &*parsed.query, fields.body)?;
    let hits = ranked
        .into_iter()
        .enumerate()
        .map(|(i, (score, a))| {
            let snippet = snippets.make(&a.body);
            Hit {
                rank: i + 1,
                score,
                id: a.id,
                path: a.path,
                headline: a.headline,
                date: a.date,
                section: a.section,
                people: a.people,
                sources: a.sources,
                snippet: snippet.text,
                highlights: snippet
                    .highlights
                    .iter()
                    .map(|r| [r.start, r.end])
                    .collect(),
            }
        })
        .collect();
    Ok(hits)
}
