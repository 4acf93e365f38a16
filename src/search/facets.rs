//! Facet counts over every article a query matches: sections, people, and a date histogram
//! (by month, or by year when the hits span more than three years).

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, Count as TotalCount};
use tantivy::query::Query;
use tantivy::Searcher;

use super::labels::{self, LabelCounts};
use super::months::MonthCounts;
use crate::error::Result;
use crate::index::schema::name;
use crate::index::stats::Count;

/// Months spanned beyond which the histogram counts years.
const MAX_MONTHS: usize = 36;

/// The facets of one result set (`--facets`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facets {
    /// Matching articles.
    pub total: u64,
    pub sections: Vec<Count>,
    pub people: Vec<Count>,
    /// `month` or `year`.
    pub interval: &'static str,
    /// `YYYY-MM` or `YYYY` keys, oldest first, with article counts.
    pub dates: Vec<Count>,
}

/// The collector of the facet counts: sections, people and months. Run it in the pass that
/// counts and ranks (see [`counted`]), so a search with facets evaluates its query once.
pub type Counts = (LabelCounts, LabelCounts, MonthCounts);
/// What [`Counts`] collects, before [`finish`].
pub type Counted = <Counts as Collector>::Fruit;

/// The facet counts of a search of `searcher`.
pub fn counts(searcher: &Searcher) -> Counts {
    (
        LabelCounts::new(searcher, name::SECTION),
        LabelCounts::new(searcher, name::PEOPLE),
        // Months are counted by a plain collector (see `months.rs` for why).
        MonthCounts::new(searcher),
    )
}

/// Counts sections, people (the `top` most frequent) and dates of the `total` articles `query`
/// matches, in one pass over them.
pub fn compute(searcher: &Searcher, query: &dyn Query, total: u64, top: usize) -> Result<Facets> {
    finish(searcher.search(query, &counts(searcher))?, total, top)
}

/// The facets of `total` articles from their counts, with the `top` sections and people.
pub fn finish(counted: Counted, total: u64, top: usize) -> Result<Facets> {
    let top = top.max(1);
    let (sections, people, months) = counted;
    let (interval, dates) = histogram(months);
    Ok(Facets {
        total,
        sections: super::sections::roll_up(&labels::all(&sections)?, top),
        people: labels::top(&people, top)?,
        interval,
        dates,
    })
}

/// Runs `collector` and `Count` over `query` in one pass, and the facet counts too when given.
pub fn counted<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: C,
    facets: Option<&Counts>,
) -> tantivy::Result<(usize, C::Fruit, Option<Counted>)> {
    Ok(match facets {
        Some(f) => {
            let (n, fruit, f) = searcher.search(query, &(TotalCount, collector, f.clone()))?;
            (n, fruit, Some(f))
        }
        None => {
            let (n, fruit) = searcher.search(query, &(TotalCount, collector))?;
            (n, fruit, None)
        }
    })
}

/// Month counts (`year * 12 + month - 1`) as months, or folded into years when they span
/// more than [`MAX_MONTHS`].
fn histogram(months: BTreeMap<i64, u64>) -> (&'static str, Vec<Count>) {
    let span = match (months.keys().next(), months.keys().last()) {
        (Some(a), Some(b)) => b - a + 1,
        _ => 0,
    };
    if span <= MAX_MONTHS as i64 {
        let named = months.into_iter().map(|(m, n)| {
            let name = format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);
            Count { name, articles: n }
        });
        return ("month", named.collect());
    }
    let mut years: BTreeMap<i64, u64> = BTreeMap::new();
    for (m, n) in months {
        *years.entry(m.div_euclid(12)).or_default() += n;
    }
    let named = years.into_iter().map(|(y, n)| Count {
        name: format!("{y:04}"),
        articles: n,
    });
    ("year", named.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::months::{month_of_day, DAY_SECS};

    #[test]
    fn months_stay_or_fold_into_years() {
        // Articles per month, as the collector counts them, of (date, articles) pairs.
        let months = |dated: &[(&str, u64)]| {
            let mut out: BTreeMap<i64, u64> = BTreeMap::new();
            for (date, n) in dated {
                let secs = chrono::DateTime::parse_from_rfc3339(date)
                    .expect("date")
                    .timestamp();
                *out.entry(month_of_day(secs.div_euclid(DAY_SECS)))
                    .or_default() += n;
            }
            out
        };
        let short = months(&[
            ("2021-03-01T00:00:00Z", 2),
            ("2021-03-20T00:00:00Z", 1),
            ("2021-05-02T00:00:00Z", 4),
        ]);
        let (interval, list) = histogram(short);
        assert_eq!(interval, "month");
        assert_eq!(
            list,
            vec![
                Count {
                    name: "2021-03".into(),
                    articles: 3
                },
                Count {
                    name: "2021-05".into(),
                    articles: 4
                },
            ]
        );
        let long = months(&[("2015-03-01T00:00:00Z", 2), ("2021-05-02T00:00:00Z", 4)]);
        let (interval, list) = histogram(long);
        assert_eq!(interval, "year");
        assert_eq!(
            list[1],
            Count {
                name: "2021".into(),
                articles: 4
            }
        );
    }
}
