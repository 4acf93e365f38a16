//! `--recency HALF_LIFE`: a bounded boost for newer articles, applied to every matching
//! article while tantivy collects the top hits (not a re-sort of a page).
//!
//! The score is multiplied by `1 + 2^(-age / half_life)`, where age is now minus the
//! article's date (0 for a future date): ×2 for an article dated now, ×1.5 at one half-life,
//! ×1.25 at two, tending to ×1. Undated articles get ×1. A relevance boost, not a date sort:
//! a much better match still beats a newer one.

use chrono::NaiveDate;
use tantivy::collector::{Collector, TopDocs};
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentReader};

use super::dates;
use crate::error::{Error, Result};
use crate::index::schema::name;

const DAY_SECS: i64 = 86_400;

/// A recency boost: its half-life and the moment ages are measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recency {
    pub half_life_secs: i64,
    pub now_secs: i64,
}

impl Recency {
    /// Reads a half-life such as `30d`, `12w`, `6m` or `1y` (the relative forms of
    /// `--since`), measured back from `today`.
    pub fn parse(text: &str, today: NaiveDate, now_secs: i64) -> Result<Self> {
        let t = text.trim();
        let bad = || {
            Error::Usage(format!(
                "bad half-life `{t}` for --recency; use e.g. 30d, 12w, 6m or 1y"
            ))
        };
        let relative = t.len() > 1
            && t.ends_with(|c: char| "dwmyDWMY".contains(c))
            && t[..t.len() - 1].bytes().all(|b| b.is_ascii_digit());
        if !relative {
            return Err(bad());
        }
        let period = dates::period(t, today).map_err(|_| bad())?;
        // The period runs from the start to the end of today; the half-life excludes today.
        let half_life_secs = period.end - DAY_SECS - period.start;
        if half_life_secs <= 0 {
            return Err(bad());
        }
        Ok(Recency {
            half_life_secs,
            now_secs,
        })
    }

    /// The score multiplier for an article dated `date` (epoch seconds), in `[1, 2]`.
    pub fn factor(&self, date: Option<i64>) -> Score {
        let Some(date) = date else { return 1.0 };
        let age = self.now_secs.saturating_sub(date).max(0) as f64;
        (1.0 + (-age / self.half_life_secs as f64).exp2()) as Score
    }

    /// The top `limit` hits after `offset` by boosted score, ties newer first (undated last).
    pub fn top_docs(
        self,
        limit: usize,
        offset: usize,
    ) -> impl Collector<Fruit = Vec<((Score, Option<DateTime>), DocAddress)>> {
        TopDocs::with_limit(limit)
            .and_offset(offset)
            .tweak_score(move |segment: &SegmentReader| {
                // A segment without the column (no dated article) boosts nothing.
                let dates = segment.fast_fields().date(name::DATE).ok();
                move |doc: DocId, score: Score| {
                    let date = dates.as_ref().and_then(|c| c.first(doc));
                    let secs = date.map(|d| d.into_timestamp_secs());
                    (score * self.factor(secs), date)
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 31).expect("date")
    }

    #[test]
    fn half_lives_parse_from_relative_forms_only() {
        let days = |t: &str| Recency::parse(t, today(), 0).map(|r| r.half_life_secs / DAY_SECS);
        assert_eq!(days("30d").ok(), Some(30));
        assert_eq!(days("2w").ok(), Some(14));
        assert_eq!(days("1m").ok(), Some(31), "March 31 back to February 29");
        assert_eq!(days("1y").ok(), Some(366));
        for bad in ["0d", "2021", "2021-03", "d", "30", "-3d", "3x", ""] {
            assert!(matches!(days(bad), Err(Error::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn factor_halves_its_excess_every_half_life() {
        let r = Recency {
            half_life_secs: 10 * DAY_SECS,
            now_secs: 100 * DAY_SECS,
        };
        let cases = [
            (Some(100 * DAY_SECS), 2.0),
            (Some(200 * DAY_SECS), 2.0),
            (Some(90 * DAY_SECS), 1.5),
            (Some(80 * DAY_SECS), 1.25),
            (None, 1.0),
        ];
        for (date, want) in cases {
            assert!((r.factor(date) - want).abs() < 1e-6, "{date:?}");
        }
        assert!(r.factor(Some(i64::MIN)) >= 1.0);
    }
}
