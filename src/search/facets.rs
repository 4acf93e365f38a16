//! Facet counts over every article a query matches: sections, people, and a date histogram
//! (by month, or by year when the hits span more than three years).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::query::Query;
use tantivy::Searcher;

use crate::error::{Error, Result};
use crate::index::schema::name;
use crate::index::stats::Count;

/// Distinct full section names counted before rolling them up (more are rare in an archive).
const MAX_SECTIONS: usize = 10_000;

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

/// Counts sections, people (the `top` most frequent) and dates of the `total` articles `query`
/// matches.
pub fn compute(searcher: &Searcher, query: &dyn Query, total: u64, top: usize) -> Result<Facets> {
    let top = top.max(1);
    let request = json!({
        "sections": { "terms": { "field": name::SECTION, "size": MAX_SECTIONS } },
        "people": { "terms": { "field": name::PEOPLE, "size": top } },
    });
    let aggs: Aggregations =
        serde_json::from_value(request).map_err(|e| Error::Query(e.to_string()))?;
    let collector = AggregationCollector::from_aggs(aggs, Default::default());
    // Days are counted by a plain collector in the same pass (see `days.rs` for why).
    let (aggs, days) = searcher.search(query, &(collector, super::days::DayCounts))?;
    let result = serde_json::to_value(aggs).map_err(|e| Error::Query(e.to_string()))?;
    let (interval, dates) = histogram(&super::days::as_buckets(&days));
    Ok(Facets {
        total,
        sections: super::sections::roll_up(&counts(&result["sections"]), top),
        people: counts(&result["people"]),
        interval,
        dates,
    })
}

fn counts(agg: &Value) -> Vec<Count> {
    agg["buckets"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|b| {
                    Some(Count {
                        name: b["key"].as_str()?.to_string(),
                        articles: b["doc_count"].as_u64()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Day buckets folded into months, or years when they span more than [`MAX_MONTHS`].
fn histogram(days: &Value) -> (&'static str, Vec<Count>) {
    let mut months: BTreeMap<String, u64> = BTreeMap::new();
    for b in days["buckets"].as_array().into_iter().flatten() {
        let (Some(ms), Some(n)) = (b["key"].as_f64(), b["doc_count"].as_u64()) else {
            continue;
        };
        if let Some(d) = super::hit::rfc3339((ms / 1000.0).floor() as i64) {
            *months.entry(d[..7].to_string()).or_default() += n;
        }
    }
    let span = match (months.keys().next(), months.keys().last()) {
        (Some(a), Some(b)) => month_index(b) - month_index(a) + 1,
        _ => 0,
    };
    if span <= MAX_MONTHS as i64 {
        return ("month", to_counts(months));
    }
    let mut years: BTreeMap<String, u64> = BTreeMap::new();
    for (m, n) in months {
        *years.entry(m[..4].to_string()).or_default() += n;
    }
    ("year", to_counts(years))
}

fn month_index(key: &str) -> i64 {
    let y: i64 = key[..4].parse().unwrap_or(0);
    let m: i64 = key[5..7].parse().unwrap_or(1);
    y * 12 + m
}

fn to_counts(map: BTreeMap<String, u64>) -> Vec<Count> {
    map.into_iter()
        .map(|(name, articles)| Count { name, articles })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_fold_into_months_or_years() {
        let day = |s: &str, n: u64| {
            let ms = chrono::DateTime::parse_from_rfc3339(s)
                .expect("date")
                .timestamp_millis();
            json!({"key": ms as f64, "doc_count": n})
        };
        let short = json!({"buckets": [day("2021-03-01T00:00:00Z", 2), day("2021-03-20T00:00:00Z", 1), day("2021-05-02T00:00:00Z", 4)]});
        let (interval, list) = histogram(&short);
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
        let long =
            json!({"buckets": [day("2015-03-01T00:00:00Z", 2), day("2021-05-02T00:00:00Z", 4)]});
        let (interval, list) = histogram(&long);
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
