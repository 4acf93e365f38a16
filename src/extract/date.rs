//! Article dates: owns the rules that decide when an article was published — the value of a
//! `Date:`/`Published:` header line, then a date in the relative path, then a date written in
//! the first lines of the text — and the plausibility check that keeps absurd dates out.
//!
//! Hand-written byte scanning instead of a regex or a format crate: this runs on every article,
//! the formats seen in news archives are few, and scanning allocates nothing.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use serde::Serialize;

mod formats;
mod scan;

pub use formats::month_from_word;
use formats::{dmy_numeric, named_dmy, named_mdy, skip_weekday, time_and_zone, ymd};
pub use scan::{dateline_date, dateline_month_day, dateline_place_end, path_year};
use scan::{scan_path, scan_text};

/// Which rule produced an article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A `Date:` or `Published:` header line near the top.
    Header,
    /// A date in the relative path (`2021/03/19/`, `2021-03-19`).
    Path,
    /// A date written in the first lines of the text.
    Text,
    /// A dateline without a year ("WASHINGTON, March 3 (Reuters) -"), with the year of the
    /// dated folder the article sits in.
    Dateline,
    /// The file's modification time (only with `--date-fallback mtime`).
    Mtime,
}

/// A date and the rule that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The instant in UTC; midnight when the source gave no time of day.
    pub date: DateTime<Utc>,
    /// The rule that produced it.
    pub source: DateSource,
}

/// Outcome of the date rules for one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateFinding {
    /// The first plausible date, if any rule found one.
    pub found: Option<FoundDate>,
    /// Set when a candidate date was rejected as absurd (e.g. year 0203 or 2999) or a header
    /// value could not be read; only the first such problem is kept.
    pub warning: Option<String>,
    /// True when the header date was numeric and could be read either way (`03/04/2021`); it
    /// was read day first, and `warning` says so.
    pub ambiguous: bool,
}

/// Applies the rules in order: `header` (the value of a `Date:`/`Published:` line, if the
/// parser saw one), then `rel_path` (relative to the corpus root, `/`-separated), then
/// `lead` (the first lines of the article text).
pub fn find_date(header: Option<&str>, rel_path: &str, lead: &[&str]) -> DateFinding {
    find_date_at(header, rel_path, lead, Utc::now())
}

/// [`find_date`] with "now" given, so the plausibility window is reproducible (tests, replays).
/// Dates before 1800-01-01 or more than a year after `now` are rejected.
pub fn find_date_at(
    header: Option<&str>,
    rel_path: &str,
    lead: &[&str],
    now: DateTime<Utc>,
) -> DateFinding {
    let mut judge = Judge::new(now);
    if let Some(value) = header {
        match parse_date_time(value) {
            Some(date) => _ = judge.offer(date, DateSource::Header),
            None => judge.warn(format!("ignored unreadable date header {:?}", clip(value))),
        }
        if judge.finding.found.is_some() && formats::is_ambiguous_numeric(value.trim().as_bytes()) {
            judge.finding.ambiguous = true;
            judge.warn(format!("ambiguous date {:?} read day first", clip(value)));
        }
    }
    if judge.finding.found.is_none() {
        scan_path(rel_path, &mut |d| {
            judge.offer(midnight(d), DateSource::Path)
        });
    }
    if judge.finding.found.is_none() {
        let dated = lead.first().zip(path_year(rel_path));
        if let Some(d) = dated.and_then(|(line, year)| dateline_date(line, year)) {
            judge.offer(midnight(d), DateSource::Dateline);
        }
    }
    if judge.finding.found.is_none() {
        for line in lead {
            if scan_text(line, &mut |d| judge.offer(midnight(d), DateSource::Text)) {
                break;
            }
        }
    }
    judge.finding
}

/// Parses a header value such as `2021-03-19`, `March 19, 2021`, `19 March 2021`,
/// `2022-07-04T09:30:00Z`, `Fri, 19 Mar 2021 10:00:00 +0000`, `Thursday, December 29, 2016
/// 5:01 PM` or `29/12/2016`. A time and zone, when given, are kept and converted to UTC (an
/// unknown zone name is read as UTC); without a time the result is midnight UTC. Text after the
/// date and time is ignored. No plausibility check here.
pub fn parse_date_time(value: &str) -> Option<DateTime<Utc>> {
    let s = value.trim().as_bytes();
    let i = skip_weekday(s, 0);
    let (date, end) = ymd(s, i, true)
        .or_else(|| dmy_numeric(s, i))
        .or_else(|| named_dmy(s, i))
        .or_else(|| named_mdy(s, i))?;
    let (time, offset) = time_and_zone(s, end).unwrap_or((NaiveTime::MIN, 0));
    let local = date.and_time(time);
    let utc = local.checked_sub_signed(TimeDelta::seconds(i64::from(offset)))?;
    Some(Utc.from_utc_datetime(&utc))
}

/// Collects the verdicts: the first plausible date and the first problem met.
struct Judge {
    earliest: DateTime<Utc>,
    latest: DateTime<Utc>,
    finding: DateFinding,
}

impl Judge {
    fn new(now: DateTime<Utc>) -> Self {
        let earliest = Utc.with_ymd_and_hms(1800, 1, 1, 0, 0, 0).single();
        Judge {
            earliest: earliest.unwrap_or(DateTime::<Utc>::MIN_UTC),
            // 366 days so that "exactly a year ahead" is never rejected in a leap year; never
            // past 2262-04-11, the end of tantivy's i64-nanosecond dates.
            latest: now
                .checked_add_signed(TimeDelta::days(366))
                .map_or(DateTime::<Utc>::MAX_UTC, |d| d)
                .min(DateTime::from_timestamp_nanos(i64::MAX)),
            finding: DateFinding::default(),
        }
    }

    /// Takes `date` if plausible and returns true, so scanners can stop; else records a warning.
    fn offer(&mut self, date: DateTime<Utc>, source: DateSource) -> bool {
        if date >= self.earliest && date <= self.latest {
            self.finding.found = Some(FoundDate { date, source });
            return true;
        }
        let day = date.format("%Y-%m-%d");
        self.warn(format!(
            "ignored implausible date {day} in {}",
            source_name(source)
        ));
        false
    }

    fn warn(&mut self, message: String) {
        self.finding.warning.get_or_insert(message);
    }
}

fn source_name(source: DateSource) -> &'static str {
    match source {
        DateSource::Header => "header",
        DateSource::Path => "path",
        DateSource::Text => "text",
        DateSource::Dateline => "dateline",
        DateSource::Mtime => "mtime",
    }
}

/// A header value cut to a readable length for a warning, on a char boundary.
fn clip(value: &str) -> &str {
    let end = value.char_indices().nth(40).map_or(value.len(), |(i, _)| i);
    &value[..end]
}

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed "now" so the plausibility window does not move under the tests.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap()
    }

    /// The found date as RFC 3339 and its source, or `None`.
    fn run(
        header: Option<&str>,
        path: &str,
        lead: &[&str],
    ) -> (Option<(String, DateSource)>, Option<String>) {
        let f = find_date_at(header, path, lead, now());
        let found = f.found.map(|d| (d.date.to_rfc3339(), d.source));
        (found, f.warning)
    }

    fn day(ymd: &str) -> String {
        format!("{ymd}T00:00:00+00:00")
    }

    #[test]
    fn dateline_takes_the_year_of_the_dated_folder() {
        let lead = ["SALVADOR, Feb 26 - Talks resumed on Thursday, delegates said."];
        let (found, _) = run(None, "wire/1987/batch-2/x.txt", &lead);
        assert_eq!(found, Some((day("1987-02-26"), DateSource::Dateline)));
        let reuters = ["WASHINGTON, March 3 (Reuters) - The agency said prices rose."];
        let (found, _) = run(None, "1987/x.txt", &reuters);
        assert_eq!(found, Some((day("1987-03-03"), DateSource::Dateline)));
        // No year anywhere: no date rather than a guess.
        assert_eq!(run(None, "x.txt", &lead).0, None);
        // A full path date still wins.
        let (found, _) = run(None, "1987/02/27/x.txt", &lead);
        assert_eq!(found, Some((day("1987-02-27"), DateSource::Path)));
    }

    #[test]
    fn ambiguous_numeric_header_is_recorded() {
        let f = find_date_at(Some("03/04/2021"), "x.txt", &[], now());
        assert!(f.ambiguous);
        assert_eq!(
            f.found.map(|d| d.date.to_rfc3339()),
            Some(day("2021-04-03"))
        );
        assert!(f.warning.is_some_and(|w| w.contains("ambiguous")));
        for clear in ["29/12/2016", "12/29/2016", "04/04/2021", "2021-03-04"] {
            assert!(
                !find_date_at(Some(clear), "x.txt", &[], now()).ambiguous,
                "{clear}"
            );
        }
    }

    #[test]
    fn header_formats() {
        let cases = [
            ("2021-03-19", day("2021-03-19")),
            ("March 19, 2021", day("2021-03-19")),
            ("19 March 2021", day("2021-03-19")),
            ("Dec 29, 2016", day("2016-12-29")),
            ("2022-07-04T09:30:00Z", "2022-07-04T09:30:00+00:00".into()),
            ("2022-07-04 09:30", "2022-07-04T09:30:00+00:00".into()),
            (
                "2022-07-04T09:30:00.250+05:30",
                "2022-07-04T04:00:00+00:00".into(),
            ),
            (
                "Fri, 19 Mar 2021 10:00:00 +0000",
                "2021-03-19T10:00:00+00:00".into(),
            ),
            (
                "Fri, 19 Mar 2021 10:00:00 -0500",
                "2021-03-19T15:00:00+00:00".into(),
            ),
            (
                "Thursday, December 29, 2016 5:01 PM",
                "2016-12-29T17:01:00+00:00".into(),
            ),
            (
                "Thursday, December 29, 2016 12:15 a.m. EST",
                "2016-12-29T05:15:00+00:00".into(),
            ),
            ("29/12/2016", day("2016-12-29")),
            ("12/29/2016", day("2016-12-29")),
            ("30/04/2016", day("2016-04-30")),
            ("04.03.2016", day("2016-03-04")),
            ("20160304", day("2016-03-04")),
            ("  SEPT. 3rd, 2019 ", day("2019-09-03")),
        ];
        for (value, want) in cases {
            let got = run(Some(value), "x.txt", &[]);
            assert_eq!(
                got,
                (Some((want, DateSource::Header)), None),
                "header {value:?}"
            );
        }
    }

    #[test]
    fn rules_in_order() {
        let lead = ["Headline", "Written on 1 May 2020."];
        let cases = [
            (
                Some("2022-01-02"),
                "2021/03/19/a.txt",
                day("2022-01-02"),
                DateSource::Header,
            ),
            (
                None,
                "2021/03/19/a.txt",
                day("2021-03-19"),
                DateSource::Path,
            ),
            (None, "a.txt", day("2020-05-01"), DateSource::Text),
        ];
        for (header, path, want, source) in cases {
            assert_eq!(
                run(header, path, &lead),
                (Some((want, source)), None),
                "{header:?} {path}"
            );
        }
    }

    #[test]
    fn implausible_dates_warn_and_fall_through() {
        let cases = [
            (
                Some("2999-01-01"),
                "2021/03/19/a.txt",
                Some(DateSource::Path),
                "2999-01-01 in header",
            ),
            (
                Some("0203-05-01"),
                "a.txt",
                Some(DateSource::Text),
                "0203-05-01 in header",
            ),
            (
                None,
                "1700/01/01/a.txt",
                Some(DateSource::Text),
                "1700-01-01 in path",
            ),
            (
                Some("July 4, 2027"),
                "a.txt",
                Some(DateSource::Text),
                "2027-07-04 in header",
            ),
            (
                Some("not a date"),
                "a.txt",
                Some(DateSource::Text),
                "unreadable date header",
            ),
            (None, "a.txt", None, "1492-10-12 in text"),
        ];
        for (header, path, source, warning) in cases {
            let lead: &[&str] = if source == Some(DateSource::Text) {
                &["On 1 May 2020."]
            } else {
                &["On 12 October 1492."]
            };
            let (found, warn) = run(header, path, lead);
            assert_eq!(found.map(|f| f.1), source, "{header:?} {path}");
            let warn = warn.unwrap_or_default();
            assert!(warn.contains(warning), "{warn:?} lacks {warning:?}");
        }
    }

    #[test]
    fn no_date_anywhere() {
        let got = find_date(None, "corpus/8415.txt", &["No date here", "Nor on May 5."]);
        assert_eq!(got, DateFinding::default());
    }

    #[test]
    fn today_is_plausible_with_the_real_clock() {
        let today = Utc::now().format("%Y-%m-%d").to_string();
        let got = find_date(Some(&today), "", &[]).found.map(|f| f.source);
        assert_eq!(got, Some(DateSource::Header));
    }
}
