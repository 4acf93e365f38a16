//! Ordering the matches and taking one page: by score (ties newer first, then by id;
//! optionally boosted by recency) or by date on the fast field. Every collector also counts the
//! matches (and the facets, when asked), so a search that shows one page evaluates its query
//! once (twice only when equal keys cross an edge of the page: see `tie_safe`).

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
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
    let date = |order: Order| {
        (
            SortByStaticFastValue::<DateTime>::for_field(name::DATE),
            order,
        )
    };
    // The last key: equal scores and dates (a date range alone scores every match alike) go
    // by id, not by where a build happened to put the articles in the index.
    let id = || (SortByString::for_field(name::ID), Order::Asc);
    let score = || (SortBySimilarityScore, Order::Desc);
    match (key.sort, key.recency) {
        (Sort::Relevance, Some(recency)) => {
            let collector = recency.top_docs(key.limit.max(1), key.offset);
            let (total, mut docs, counted) = facets::counted(searcher, query, collector, facets)?;
            // Boosted scores rarely tie (equal scores and dates); when they do, by id within
            // the page.
            ties_by_id(searcher, &mut docs, usize::MAX, |h| h.0, |h| h.1)?;
            let page = docs.into_iter().map(|((s, _), a)| (s, a)).collect();
            Ok((total, page, counted))
        }
        (Sort::Relevance, None) => {
            if let Some(q) = query.downcast_ref::<WithProximity>() {
                return Ok(q.rank(searcher, key.limit.max(1), key.offset, facets)?);
            }
            let (first, exact) = (scan(key), top);
            tie_safe(
                searcher,
                query,
                key,
                facets,
                first.order_by((score(), date(Order::Desc))),
                || exact.order_by((score(), date(Order::Desc), id())),
                |k| k.0,
                |((s, _, _), a)| (s, a),
            )
        }
        (Sort::Newest | Sort::Oldest, _) => {
            let order = if key.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let (first, exact) = (scan(key), top);
            tie_safe(
                searcher,
                query,
                key,
                facets,
                first.order_by((date(order), score())),
                || exact.order_by((date(order), score(), id())),
                |k| k.1,
                |((_, s, _), a)| (s, a),
            )
        }
    }
}

/// The first collection of [`tie_safe`]: the page and one hit on each side of it.
fn scan(key: PageKey) -> TopDocs {
    let lead = usize::from(key.offset > 0);
    TopDocs::with_limit(key.limit.max(1) + 1 + lead).and_offset(key.offset - lead)
}

/// Ranks a page by the keys of `first` (collected by [`scan`]), equal keys in id order. Only
/// when a run of equal keys crosses an edge of the page (a date range alone scores every
/// match alike) does it rank again with `exact`, whose last key is the id: reading ids in the
/// collector costs about a quarter of a one-shot search, so only those searches pay it.
#[allow(clippy::too_many_arguments)]
fn tie_safe<K, K2, C, C2>(
    searcher: &Searcher,
    query: &dyn Query,
    key: PageKey,
    facets: Option<&facets::Counts>,
    first: C,
    exact: impl FnOnce() -> C2,
    score_of: fn(&K) -> Score,
    exact_score_of: fn((K2, DocAddress)) -> (Score, DocAddress),
) -> Result<Ranked>
where
    K: PartialEq + Copy,
    C: Collector<Fruit = Vec<(K, DocAddress)>>,
    C2: Collector<Fruit = Vec<(K2, DocAddress)>>,
{
    let (total, mut docs, counted) = facets::counted(searcher, query, first, facets)?;
    let lead = usize::from(key.offset > 0);
    let end = lead + key.limit.max(1);
    let tie = |i: usize| {
        docs.get(i)
            .zip(docs.get(i + 1))
            .is_some_and(|(a, b)| a.0 == b.0)
    };
    if (lead == 1 && tie(0)) || tie(end - 1) {
        let page = searcher.search(query, &exact())?;
        return Ok((
            total,
            page.into_iter().map(exact_score_of).collect(),
            counted,
        ));
    }
    docs.truncate(end);
    ties_by_id(searcher, &mut docs, end, |h| h.0, |h| h.1)?;
    let page = docs.into_iter().skip(lead);
    Ok((
        total,
        page.map(|(k, a)| (score_of(&k), a)).collect(),
        counted,
    ))
}

/// Puts each run of equal keys among `hits` (sorted by key) in id order, down to the end of
/// the page at `end`.
pub fn ties_by_id<T: Copy, K: PartialEq>(
    searcher: &Searcher,
    hits: &mut [T],
    end: usize,
    key: impl Fn(&T) -> K,
    addr: impl Fn(&T) -> DocAddress,
) -> tantivy::Result<()> {
    let mut start = 0;
    while start < hits.len().min(end) {
        let first = hits[start];
        let run = hits[start..]
            .iter()
            .take_while(|h| key(h) == key(&first))
            .count();
        if run > 1 {
            let tied = &hits[start..start + run];
            let addrs: Vec<DocAddress> = tied.iter().map(&addr).collect();
            let ids = ids_of(searcher, &addrs)?;
            let mut keyed: Vec<(String, T)> = ids.into_iter().zip(tied.iter().copied()).collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            for (slot, (_, h)) in hits[start..start + run].iter_mut().zip(keyed) {
                *slot = h;
            }
        }
        start += run;
    }
    Ok(())
}

/// The ids of the articles at `addrs`, in that order (empty for one without), read per segment
/// in one pass over its id dictionary: looking each up alone decompressed a dictionary block
/// per article, half the time of a `--all` export of a date range.
fn ids_of(searcher: &Searcher, addrs: &[DocAddress]) -> tantivy::Result<Vec<String>> {
    let mut ids = vec![String::new(); addrs.len()];
    let mut order: Vec<usize> = (0..addrs.len()).collect();
    order.sort_by_key(|&i| addrs[i].segment_ord);
    for group in order.chunk_by(|&a, &b| addrs[a].segment_ord == addrs[b].segment_ord) {
        let reader = searcher.segment_reader(addrs[group[0]].segment_ord);
        let Some(column) = reader.fast_fields().str(name::ID)? else {
            continue;
        };
        let mut ords: Vec<(u64, usize)> = (group.iter())
            .filter_map(|&i| Some((column.ords().first(addrs[i].doc_id)?, i)))
            .collect();
        ords.sort_unstable();
        let sorted: Vec<u64> = ords.iter().map(|o| o.0).collect();
        let mut next = ords.iter();
        column
            .dictionary()
            .sorted_ords_to_term_cb(&sorted, |bytes| {
                if let Some(&(_, i)) = next.next() {
                    ids[i] = String::from_utf8_lossy(bytes).into_owned();
                }
            })?;
    }
    Ok(ids)
}
