//! Ordering the matches and taking one page: by score (ties newer first, optionally boosted
//! by recency) or by date on the fast field. Every collector also counts the matches (and the
//! facets, when asked), so a search that shows one page evaluates its query once.

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Collector, TopDocs};
use tantivy::query::Query;
use tantivy::{DateTime, DocAddress, Order, Score, Searcher};

use super::facets;
use super::natural::WithProximity;
use super::{Recency, SearchRequest, Sort};
use crate::error::Result;
use crate::index::schema::name;

/// Which page a ranking is for: a page ranked for one key serves only that key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageKey {
    limit: usize,
    offset: usize,
    sort: Sort,
    recency: Option<Recency>,
}

impl PageKey {
    /// The page `req` asks for, holding at most `limit` hits.
    pub fn new(req: &SearchRequest<'_>, limit: usize) -> Self {
        PageKey {
            limit,
            offset: req.offset,
            sort: req.sort,
            recency: req.recency.filter(|_| req.sort == Sort::Relevance),
        }
    }
}

/// The number of articles `query` matches, a ranked page, and the facet counts when asked.
pub type Ranked = (usize, Vec<(Score, DocAddress)>, Option<facets::Counted>);

/// Counts the matches of `query` and ranks the page `key` names; counts the `facets` in the
/// same pass when given.
pub fn rank(
    searcher: &Searcher,
    query: &dyn Query,
    key: PageKey,
    facets: Option<&facets::Counts>,
) -> Result<Ranked> {
    let top = TopDocs::with_limit(key.limit.max(1)).and_offset(key.offset);
    let by_date = |order: Order| {
        (
            (
                SortByStaticFastValue::<DateTime>::for_field(name::DATE),
                order,
            ),
            (SortBySimilarityScore, Order::Desc),
        )
    };
    match (key.sort, key.recency) {
        (Sort::Relevance, Some(recency)) => {
            let collector = recency.top_docs(key.limit.max(1), key.offset);
            counted(searcher, query, collector, facets, |((s, _), a)| (s, a))
        }
        (Sort::Relevance, None) => {
            if let Some(q) = query.downcast_ref::<WithProximity>() {
                return Ok(q.rank(searcher, key.limit.max(1), key.offset, facets)?);
            }
            let order = ((SortBySimilarityScore, Order::Desc), by_date(Order::Desc).0);
            let collector = top.order_by(order);
            counted(searcher, query, collector, facets, |((s, _), a)| (s, a))
        }
        (Sort::Newest | Sort::Oldest, _) => {
            let order = if key.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let collector = top.order_by(by_date(order));
            counted(searcher, query, collector, facets, |((_, s), a)| (s, a))
        }
    }
}

/// Runs `collector`, `Count` and the `facets` in one pass; `score_of` picks the score from
/// its sort key.
fn counted<C, K>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: C,
    facets: Option<&facets::Counts>,
    score_of: fn((K, DocAddress)) -> (Score, DocAddress),
) -> Result<Ranked>
where
    C: Collector<Fruit = Vec<(K, DocAddress)>>,
{
    let (total, docs, counted) = facets::counted(searcher, query, collector, facets)?;
    Ok((total, docs.into_iter().map(score_of).collect(), counted))
}
