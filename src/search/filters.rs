//! Filters that narrow a search without changing scores: person, section (see
//! [`super::sections`]), date range.

use std::ops::Bound;

use tantivy::query::{ConstScoreQuery, Query, RangeQuery};
use tantivy::{DateTime, Term};

use super::query::label_query;
use crate::error::{Error, Result};
use crate::index::Fields;
use tantivy::Index;

/// What to keep.
#[derive(Debug, Clone, Default)]
pub struct Filters<'a> {
    /// Canonical person name.
    pub person: Option<&'a str>,
    pub section: Option<&'a str>,
    /// Epoch seconds, inclusive.
    pub since: Option<i64>,
    /// Epoch seconds, exclusive.
    pub until: Option<i64>,
}

impl Filters<'_> {
    /// Zero-scoring queries every hit must match.
    pub fn queries(&self, index: &Index, fields: &Fields) -> Result<Vec<Box<dyn Query>>> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if let Some(person) = self.person {
            out.push(label(index, fields.people, person, "--person")?);
        }
        if let Some(section) = self.section {
            out.push(super::sections::filter(index, fields, section)?);
        }
        if self.since.is_some() || self.until.is_some() {
            let bound = |s: Option<i64>, inclusive: bool| match s {
                None => Bound::Unbounded,
                Some(s) => {
                    let t = Term::from_field_date(fields.date, DateTime::from_timestamp_secs(s));
                    if inclusive {
                        Bound::Included(t)
                    } else {
                        Bound::Excluded(t)
                    }
                }
            };
            let range = RangeQuery::new(bound(self.since, true), bound(self.until, false));
            out.push(Box::new(ConstScoreQuery::new(Box::new(range), 0.0)));
        }
        Ok(out)
    }
}

fn label(
    index: &Index,
    field: tantivy::schema::Field,
    text: &str,
    flag: &str,
) -> Result<Box<dyn Query>> {
    let q = label_query(index, field, text)
        .ok_or_else(|| Error::Usage(format!("{flag} `{text}` has no words to match")))?;
    Ok(Box::new(ConstScoreQuery::new(q, 0.0)))
}
