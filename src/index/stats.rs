//! Summary statistics of an index: counts, size on disk, date range, top sections and people.
//!
//! Computed with tantivy aggregations over fast fields, so deleted documents never count.

use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::query::AllQuery;
use tantivy::IndexReader;

use super::open::IndexMeta;
use super::schema::name;
use crate::error::{Error, Result};
use crate::search::hit::rfc3339;

/// A value and how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub name: String,
    pub articles: u64,
}

/// What `newsidx stats` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexStats {
    pub articles: u64,
    pub with_date: u64,
    pub index_bytes: u64,
    pub corpus_root: Option<String>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub top_sections: Vec<Count>,
    pub top_people: Vec<Count>,
}

/// Computes the statistics of the index at `dir`.
pub fn stats(
    dir: &Path,
    reader: &IndexReader,
    meta: Option<&IndexMeta>,
    top: usize,
) -> Result<IndexStats> {
    let searcher = reader.searcher();
    let request = json!({
        "sections": { "terms": { "field": name::SECTION, "size": top.max(1) } },
        "people": { "terms": { "field": name::PEOPLE, "size": top.max(1) } },
        "dates": { "stats": { "field": name::DATE } },
    });
    let aggs: Aggregations =
        serde_json::from_value(request).map_err(|e| Error::Query(e.to_string()))?;
    let collector = AggregationCollector::from_aggs(aggs, Default::default());
    let result = serde_json::to_value(searcher.search(&AllQuery, &collector)?)
        .map_err(|e| Error::Query(e.to_string()))?;
    let dates = &result["dates"];
    Ok(IndexStats {
        articles: searcher.num_docs(),
        with_date: dates["count"].as_u64().unwrap_or(0),
        index_bytes: folder_bytes(dir),
        corpus_root: meta.map(|m| m.corpus_root.display().to_string()),
        first_date: date_of(&dates["min"]),
        last_date: date_of(&dates["max"]),
        top_sections: buckets(&result["sections"], top),
        top_people: buckets(&result["people"], top),
    })
}

/// Aggregation dates come back as nanoseconds since the epoch, as f64.
fn date_of(v: &Value) -> Option<String> {
    v.as_f64().and_then(|ns| rfc3339((ns / 1e9).floor() as i64))
}

fn buckets(agg: &Value, top: usize) -> Vec<Count> {
    let Some(list) = agg["buckets"].as_array() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|b| {
            Some(Count {
                name: b["key"].as_str()?.to_string(),
                articles: b["doc_count"].as_u64()?,
            })
        })
        .take(top)
        .collect()
}

/// Bytes of all files directly in `dir` (tantivy keeps its index flat).
pub fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
