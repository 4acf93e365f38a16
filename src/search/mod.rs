//! Running a query: parse, filter, rank (BM25, optionally with feedback expansion, or by
//! date), and build hits with snippets.

pub mod columns;
pub mod dates;
pub mod exact;
pub mod expand;
pub mod facets;
pub mod filters;
pub mod highlight;
pub mod hit;
pub mod labels;
pub mod months;
pub mod natural;
mod prefix;
pub mod query;
pub mod rank;
pub mod recency;
pub mod rewrite;
pub mod sections;
pub mod show;
pub mod snippet;
pub mod stopwords;

use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query};
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, Index, IndexReader, Score, Searcher};

use crate::error::Result;
use crate::index::schema::name;
use crate::index::stats::Count as NameCount;
use crate::index::Fields;
pub use filters::Filters;
use hit::HitMaker;
pub use hit::{Hit, StoredArticle};
use query::ParsedQuery;
use rank::PageKey;
pub use recency::Recency;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest<'a> {
    pub query: &'a str,
    /// Hits to return; `None` for every hit.
    pub limit: Option<usize>,
    /// Hits to skip first.
    pub offset: usize,
    pub filters: Filters<'a>,
    pub sort: Sort,
    /// Expand a plain query with pseudo-relevance feedback (RM3).
    pub expand: bool,
    /// Boost newer articles (relevance order only).
    pub recency: Option<Recency>,
    /// Snippet passages per hit; 0 for [`snippet::DEFAULT_PASSAGES`].
    pub passages: usize,
    /// Count facets with this many sections and people, in the pass that ranks (see
    /// [`Prepared::facets`]).
    pub facets: Option<usize>,
}

/// A query ready to run: what ranks, what matched, and notes for the user.
pub struct Prepared {
    searcher: Searcher,
    index: Index,
    /// The query text, for the phrases to highlight.
    text: String,
    fields: Fields,
    /// The query that ranks (with feedback words when expanded).
    ranking: Box<dyn Query>,
    /// The user's query with filters: what matches, highlights and facets.
    matching: Box<dyn Query>,
    /// Number of matching articles.
    pub total: usize,
    pub notes: Vec<String>,
    /// The page ranked while counting, when the request asked for one page.
    page: Option<(PageKey, Vec<(Score, DocAddress)>)>,
    /// The facets counted while ranking, when the request asked for them, and their `top`.
    facets: Option<(usize, facets::Facets)>,
}

/// Hits of one search and notes for the user (repairs, relaxed matching).
#[derive(Debug, Default)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Number of matching articles in the whole index.
    pub total: usize,
    pub notes: Vec<String>,
}

/// Searches the index and returns one page of hits.
pub fn search(
    index: &Index,
    fields: &Fields,
    reader: &IndexReader,
    req: &SearchRequest<'_>,
) -> Result<SearchResults> {
    let prepared = prepare(index, fields, reader, req)?;
    let mut hits = Vec::new();
    prepared.each_hit(req, &mut |hit| {
        hits.push(hit);
        Ok(())
    })?;
    Ok(SearchResults {
        hits,
        total: prepared.total,
        notes: prepared.notes,
    })
}

/// Parses and filters the query. Words must all match (long plain queries: see
/// [`natural::default_match`]); if nothing matches, the search is retried with any word
/// matching, and a note says so.
pub fn prepare(
    index: &Index,
    fields: &Fields,
    reader: &IndexReader,
    req: &SearchRequest<'_>,
) -> Result<Prepared> {
    let searcher = reader.searcher();
    let filters = req.filters.queries(index, fields)?;
    let prose = natural::Prose::present(&searcher, fields);
    let mut parsed = query::parse(index, fields, &prose, req.query, true)?;
    let mut notes = std::mem::take(&mut parsed.notes);
    let mut matching = with_filters(parsed.query.box_clone(), &filters);
    let mut first = first_pass(&searcher, &*matching, req)?;
    if first.total == 0 && parsed.can_relax {
        let relaxed = query::parse(index, fields, &prose, req.query, false)?;
        let relaxed_matching = with_filters(relaxed.query.box_clone(), &filters);
        let relaxed_first = first_pass(&searcher, &*relaxed_matching, req)?;
        if relaxed_first.total > 0 {
            notes.push("no article has all the words; showing articles with any of them".into());
            (parsed, matching, first) = (relaxed, relaxed_matching, relaxed_first);
        }
    }
    let FirstPass {
        total,
        mut page,
        counted,
    } = first;
    // With feedback, the first pass ranked the feedback articles, not the page.
    let feedback_top = if req.expand { page.take() } else { None };
    let facets = match (req.facets, counted) {
        (Some(top), Some(c)) => Some((top, facets::finish(c, total as u64, top)?)),
        _ => None,
    };
    let ranking = if req.expand && !parsed.plain_terms.is_empty() && total > 0 {
        let top = feedback_top.map(|(_, top)| top).unwrap_or_default();
        expanded(index, fields, &prose, &searcher, &parsed, &*matching, &top)?
    } else {
        matching.box_clone()
    };
    Ok(Prepared {
        searcher,
        index: index.clone(),
        text: req.query.to_string(),
        fields: *fields,
        ranking,
        matching,
        total,
        notes,
        page,
        facets,
    })
}

/// What the first pass over the matches finds.
struct FirstPass {
    total: usize,
    /// The page, when the request asks for one.
    page: Option<(PageKey, Vec<(Score, DocAddress)>)>,
    /// The facet counts, when the request asks for them.
    counted: Option<facets::Counted>,
}

/// Counts the matches of `query`; when `req` asks for one page, ranks it in the same pass, and
/// counts the facets in it when `req` asks for them. With feedback (`req.expand`) the pass
/// ranks the feedback articles instead: the first page by relevance alone.
fn first_pass(
    searcher: &Searcher,
    query: &dyn Query,
    req: &SearchRequest<'_>,
) -> Result<FirstPass> {
    let counts = req.facets.map(|_| facets::counts(searcher));
    let feedback;
    let (req, limit) = if req.expand {
        feedback = SearchRequest {
            offset: 0,
            sort: Sort::Relevance,
            recency: None,
            ..req.clone()
        };
        (&feedback, Some(expand::Feedback::default().docs.max(1)))
    } else {
        (req, req.limit)
    };
    match limit {
        Some(limit) => {
            let key = PageKey::new(req, limit);
            let (total, hits, counted) = rank::rank(searcher, query, key, counts.as_ref())?;
            Ok(FirstPass {
                total,
                page: Some((key, hits)),
                counted,
            })
        }
        _ => {
            let (total, _, counted) = facets::counted(searcher, query, Count, counts.as_ref())?;
            Ok(FirstPass {
                total,
                page: None,
                counted,
            })
        }
    }
}

/// `query` restricted by `filters` (which do not score).
fn with_filters(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
    Box::new(BooleanQuery::new(clauses))
}

/// RM3: the articles `matching` finds, ranked by the query words mixed with the words that
/// dominate its `top` hits (ranked by the first pass). The query words' part of the mixed
/// score is `matching`'s own score scaled down (the words and their proximity phrases, at
/// the original weight; filters score nothing), so only the feedback words are added to it:
/// the same scores as a query of every word, without walking the query words' postings twice.
fn expanded(
    index: &Index,
    fields: &Fields,
    prose: &natural::Prose,
    searcher: &Searcher,
    parsed: &ParsedQuery,
    matching: &dyn Query,
    top: &[(Score, DocAddress)],
) -> Result<Box<dyn Query>> {
    let fb = expand::Feedback::default();
    let x = expand::expand(index, fields, searcher, &parsed.plain_terms, top, fb)?;
    let original: Box<dyn Query> = Box::new(BoostQuery::new(matching.box_clone(), x.original));
    if x.feedback.is_empty() {
        return Ok(original);
    }
    let feedback = natural::build(
        fields,
        prose,
        &x.feedback,
        natural::Match::AtLeast(1),
        &[],
        0.0,
    );
    Ok(Box::new(BooleanQuery::new(vec![
        (Occur::Must, original),
        (Occur::Should, feedback),
    ])))
}

impl Prepared {
    /// Builds the requested page of hits in order and hands each to `sink`.
    pub fn each_hit(
        &self,
        req: &SearchRequest<'_>,
        sink: &mut dyn FnMut(Hit) -> Result<()>,
    ) -> Result<()> {
        let limit = req.limit.unwrap_or(self.total.saturating_sub(req.offset));
        if limit == 0 || req.offset >= self.total {
            return Ok(());
        }
        let key = PageKey::new(req, limit);
        let ranked = match &self.page {
            Some((k, hits)) if *k == key => hits.clone(),
            _ => rank::rank(&self.searcher, &*self.ranking, key, None)?.1,
        };
        let passages = match req.passages {
            0 => snippet::DEFAULT_PASSAGES,
            n => n,
        };
        let mut maker = HitMaker::new(
            &self.index,
            &self.fields,
            &*self.matching,
            &self.text,
            passages,
        )?;
        for (i, (score, addr)) in ranked.into_iter().enumerate() {
            let doc: TantivyDocument = self.searcher.doc(addr)?;
            let a = StoredArticle::from_doc(&self.fields, &doc);
            sink(maker.make(req.offset + i + 1, score, a))?;
        }
        Ok(())
    }

    /// Counts over every matching article (not just the page): those counted while ranking
    /// when the request asked for `top` of them, else in a pass of their own.
    pub fn facets(&self, top: usize) -> Result<facets::Facets> {
        match &self.facets {
            Some((t, f)) if *t == top => Ok(f.clone()),
            _ => facets::compute(&self.searcher, &*self.matching, self.total as u64, top),
        }
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
        let people = top_labels(&searcher, &AllQuery, name::PEOPLE, limit)?;
        return Ok((people, searcher.num_docs() as usize));
    };
    let prose = natural::Prose::present(&searcher, fields);
    let mut parsed = query::parse(index, fields, &prose, text, true)?;
    let mut total = searcher.search(&*parsed.query, &Count)?;
    if total == 0 && parsed.can_relax {
        parsed = query::parse(index, fields, &prose, text, false)?;
        total = searcher.search(&*parsed.query, &Count)?;
    }
    Ok((
        top_labels(&searcher, &*parsed.query, name::PEOPLE, limit)?,
        total,
    ))
}

/// The `limit` most frequent values of the str fast field `field` among the articles `query`
/// matches, with exact article counts.
fn top_labels(
    searcher: &Searcher,
    query: &dyn Query,
    field: &'static str,
    limit: usize,
) -> Result<Vec<NameCount>> {
    let segments = searcher.search(query, &labels::LabelCounts::new(searcher, field))?;
    labels::top(&segments, limit)
}
