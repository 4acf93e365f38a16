//! Dates typed by people: `2021-03-19`, `2021-03`, `2021`, and relative `30d`, `12w`, `1y`,
//! as half-open UTC ranges of epoch seconds.

use chrono::{Datelike, Duration, Months, NaiveDate, Utc};

use crate::error::{Error, Result};

/// `[start, end)` in epoch seconds (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: i64,
    pub end: i64,
}

/// The calendar period `text` names: a day, a month or a year; or, for a relative form
/// (`30d`, `12w`, `6m`, `1y`), from that long before `today` up to the end of `today`.
pub fn period(text: &str, today: NaiveDate) -> Result<Period> {
    let t = text.trim();
    calendar(t).or_else(|| relative(t, today)).ok_or_else(|| {
        Error::Usage(format!(
            "bad date `{t}`; use 2021-03-19, 2021-03, 2021, or 30d, 12w, 6m, 1y"
        ))
    })
}

/// Today's date in UTC.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn calendar(t: &str) -> Option<Period> {
    let parts: Vec<&str> = t.split('-').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    let year = i32::try_from(num(0)?)
        .ok()
        .filter(|_| parts[0].len() == 4)?;
    let (start, end) = match parts.len() {
        1 => (
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        ),
        2 => {
            let s = NaiveDate::from_ymd_opt(year, num(1)?, 1)?;
            (s, s.checked_add_months(Months::new(1))?)
        }
        3 => {
            let s = NaiveDate::from_ymd_opt(year, num(1)?, num(2)?)?;
            (s, s.succ_opt()?)
        }
        _ => return None,
    };
    Some(Period {
        start: secs(start),
        end: secs(end),
    })
}

fn relative(t: &str, today: NaiveDate) -> Option<Period> {
    let unit = t.chars().last()?.to_ascii_lowercase();
    let n: u32 = t[..t.len() - 1].parse().ok()?;
    let start = match unit {
        'd' => today.checked_sub_signed(Duration::days(i64::from(n)))?,
        'w' => today.checked_sub_signed(Duration::weeks(i64::from(n)))?,
        'm' => today.checked_sub_months(Months::new(n))?,
        'y' => today
            .with_year(today.year().checked_sub(i32::try_from(n).ok()?)?)
            .or_else(|| today.checked_sub_months(Months::new(n.checked_mul(12)?)))?,
        _ => return None,
    };
    Some(Period {
        start: secs(start),
        end: secs(today.succ_opt()?),
    })
}

fn secs(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map_or(0, |dt| dt.and_utc().timestamp())
}

/// RFC 3339 of epoch seconds, for query text.
pub fn rfc3339(secs: i64) -> String {
    super::hit::rfc3339(secs).unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn calendar_periods() {
        let today = day("2024-05-10");
        let p = period("2021-03", today).expect("month");
        assert_eq!(rfc3339(p.start), "2021-03-01T00:00:00Z");
        assert_eq!(rfc3339(p.end), "2021-04-01T00:00:00Z");
        let p = period("2021", today).expect("year");
        assert_eq!(rfc3339(p.end), "2022-01-01T00:00:00Z");
        let p = period("2021-12-31", today).expect("day");
        assert_eq!(rfc3339(p.end), "2022-01-01T00:00:00Z");
    }

    #[test]
    fn relative_periods_end_today() {
        let today = day("2024-05-10");
        let p = period("30d", today).expect("days");
        assert_eq!(rfc3339(p.start), "2024-04-10T00:00:00Z");
        assert_eq!(rfc3339(p.end), "2024-05-11T00:00:00Z");
        assert_eq!(
            rfc3339(period("2w", today).expect("w").start),
            "2024-04-26T00:00:00Z"
        );
        assert_eq!(
            rfc3339(period("1y", today).expect("y").start),
            "2023-05-10T00:00:00Z"
        );
    }

    #[test]
    fn bad_dates_are_usage_errors() {
        for bad in [
            "",
            "2021-13",
            "2021-02-30",
            "21",
            "yesterday",
            "5x",
            "-1d",
            "2021-",
        ] {
            assert!(
                matches!(period(bad, day("2024-05-10")), Err(Error::Usage(_))),
                "{bad}"
            );
        }
    }
}
