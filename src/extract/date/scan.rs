//! The path and text rules: where in a relative path or a line of text a date can be, and the
//! Reuters-style dateline helper. Candidates are handed to a callback one by one so that the
//! caller can reject an implausible one and keep scanning.

use chrono::NaiveDate;

use super::formats::{
    at, month_at, month_from_word, named_dmy, named_mdy, short_number, skip_ws, ymd,
};

/// Offers each date in `path` to `take`, left to right: `YYYY/MM/DD/` directory triples (the
/// month may be a name, `2021/mar/19/`) and dates embedded in one component. Stops when `take`
/// accepts one. A year and month without a day are not a date.
pub(super) fn scan_path(path: &str, take: &mut impl FnMut(NaiveDate) -> bool) -> bool {
    let mut prev = ["", ""];
    for comp in path.split('/') {
        if dir_triple(prev[0], prev[1], comp).is_some_and(&mut *take) {
            return true;
        }
        if scan_name(comp.as_bytes(), take) {
            return true;
        }
        prev = [prev[1], comp];
    }
    false
}

/// `2021`, `03` (or `mar`), `19` or `19.txt`/`19-slug` as three consecutive path components.
fn dir_triple(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    let all_digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !all_digits(year, 4..=4) {
        return None;
    }
    let month = match month.parse::<u32>() {
        Ok(m) if all_digits(month, 1..=2) => m,
        _ => month_from_word(month.as_bytes())?,
    };
    let d = day.as_bytes();
    let (dd, end) = short_number(d, 0)?;
    if at(d, end).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, dd)
}

/// Dates inside one path component: `2021-03-19`, `2021_03_19`, `2021.03.19`, and `20210319`
/// only when it is a whole digit run bounded by non-alphanumerics (so IDs like `8415` or
/// `story12345678x` are never read as dates).
fn scan_name(s: &[u8], take: &mut impl FnMut(NaiveDate) -> bool) -> bool {
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let end = i + s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let bounded = |j: Option<u8>| !j.is_some_and(|b| b.is_ascii_alphanumeric());
        let before = if i == 0 { None } else { Some(s[i - 1]) };
        let compact_ok = end - i != 8 || (bounded(before) && bounded(at(s, end)));
        if let Some((date, next)) = ymd(s, i, compact_ok) {
            if take(date) {
                return true;
            }
            i = next;
        } else {
            i = end;
        }
    }
    false
}

/// A date in a long line counts only if it starts within this many bytes of the line start.
const NEAR_START: usize = 48;
/// "on DATE" in a long line counts only within this many bytes of the line start.
const NEWS_DAY_WINDOW: usize = 160;
/// Lines up to this long (bylines, date lines, short leads) are searched whole.
const SHORT_LINE: usize = 100;

/// Offers each date with a year in `line` to `take`, left to right: `March 20, 2021`,
/// `Mar. 20, 2021`, `20 March 2021`, `2021-03-20`. Stops when `take` accepts one.
///
/// Publication dates sit on their own line or open one ("Saturday, March 20, 2021",
/// "By A. Writer | 20 March 2021"); a date inside a long sentence is usually an event date
/// ("notes due March 1, 1999"), so in long lines only the start is searched, plus dates the
/// first sentence reports as the day of the news ("… said on 13 December 2022 that …"). On
/// Reuters-21578 leads, searching whole paragraphs produced a wrong date for 6% of the stories.
pub(super) fn scan_text(line: &str, take: &mut impl FnMut(NaiveDate) -> bool) -> bool {
    let s = line.as_bytes();
    let short = s.len() <= SHORT_LINE;
    let limit = if short {
        s.len()
    } else {
        first_sentence_end(s).min(NEWS_DAY_WINDOW)
    };
    let mut i = 0;
    while i < limit {
        let b = s[i];
        let near = short || i < NEAR_START || s[..i].ends_with(b" on ");
        let word_start =
            near && b.is_ascii_alphanumeric() && (i == 0 || !s[i - 1].is_ascii_alphanumeric());
        let hit = match b {
            _ if !word_start => None,
            b'0'..=b'9' => ymd(s, i, false).or_else(|| named_dmy(s, i)),
            // Only letters that can start a month name are worth a closer look.
            _ if b"JFMASONDjfmasond".contains(&b) => named_mdy(s, i),
            _ => None,
        };
        match hit {
            Some((date, _)) if take(date) => return true,
            Some((_, end)) => i = end,
            None => i += 1,
        }
    }
    false
}

/// End of the first sentence: the first ". " (a full stop followed by a space), else the end.
fn first_sentence_end(s: &[u8]) -> usize {
    s.windows(2).position(|w| w == b". ").unwrap_or(s.len())
}

/// Month and day of a Reuters-style dateline at the start of `line` ("WASHINGTON, March 3 -",
/// "LONDON, Mar 3 –"). Datelines carry no year; see [`dateline_date`].
pub fn dateline_month_day(line: &str) -> Option<(u32, u32)> {
    dateline(line).map(|(_, month_day)| month_day)
}

/// Where the place of a dateline at the start of `line` ends: the byte offset of its comma
/// ("WASHINGTON, March 3 -" → 10). The place is a place, never a person.
pub fn dateline_place_end(line: &str) -> Option<usize> {
    dateline(line).map(|(comma, _)| comma)
}

/// The comma, month and day of a dateline at the start of `line`.
fn dateline(line: &str) -> Option<(usize, (u32, u32))> {
    // A dateline sits right at the start; looking further would pick up dates in the story.
    let s = &line.as_bytes()[..line.len().min(120)];
    let mut i = 0;
    while i < s.len() {
        if s[i] == b',' {
            let m = skip_ws(s, i + 1);
            if let Some(found) = dateline_after_comma(s, m) {
                return Some((i, found));
            }
        }
        i += 1;
    }
    None
}

/// The date of a dateline (see [`dateline_month_day`]) in `year`, which the caller takes from
/// the path or a header; `None` when there is no dateline or the day does not exist.
pub fn dateline_date(line: &str, year: i32) -> Option<NaiveDate> {
    let (month, day) = dateline_month_day(line)?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Skips an agency credit in parentheses after a dateline's date: "March 3 (Reuters) -".
fn skip_agency(s: &[u8], i: usize) -> usize {
    if at(s, i) != Some(b'(') {
        return i;
    }
    match s[i..].iter().take(24).position(|&b| b == b')') {
        Some(close) => skip_ws(s, i + close + 1),
        None => i,
    }
}

/// The year of a dated folder in `path` (`1987/…`, `archive/2021/03/…`): the last path
/// component before the file name that is exactly four digits, 1800–2262.
pub fn path_year(path: &str) -> Option<i32> {
    let (dirs, _file) = path.rsplit_once('/')?;
    dirs.rsplit('/')
        .filter(|c| c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|c| c.parse().ok())
        .find(|y| (1800..=2262).contains(y))
}

/// `Month D` followed by a dash at `i` (just after a dateline's comma).
fn dateline_after_comma(s: &[u8], i: usize) -> Option<(u32, u32)> {
    let (month, j) = month_at(s, i)?;
    let j = skip_ws(s, j);
    let (day, k) = short_number(s, j)?;
    let k = skip_ws(s, k);
    let k = skip_agency(s, k);
    // '-', or an en/em dash (U+2013/U+2014, UTF-8 E2 80 93/94).
    let dash = at(s, k) == Some(b'-') || s.get(k..k + 3).is_some_and(|d| d[..2] == [0xE2, 0x80]);
    (dash && (1..=31).contains(&day)).then_some((month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first date a scanner offers, as `YYYY-MM-DD`.
    fn first(scan: impl FnOnce(&mut dyn FnMut(NaiveDate) -> bool)) -> Option<String> {
        let mut got = None;
        scan(&mut |d| {
            got = Some(d.format("%Y-%m-%d").to_string());
            true
        });
        got
    }

    #[test]
    fn path_forms() {
        let cases = [
            ("archive/2021/03/19/x.txt", Some("2021-03-19")),
            ("reuters/1987/03/23/8415.txt", Some("1987-03-23")),
            ("2021/3/9.txt", Some("2021-03-09")),
            ("world/2021/mar/19/some-story.html", Some("2021-03-19")),
            ("news/2021-03-19-budget.txt", Some("2021-03-19")),
            ("news/2021_03_19/budget.txt", Some("2021-03-19")),
            ("news/budget_20210319.txt", Some("2021-03-19")),
            ("2021-03-19/2020-01-01.txt", Some("2021-03-19")),
            ("archive/2021/03/x.txt", None),
            ("reuters_flat/8415.txt", None),
            ("ids/story20210319x.txt", None),
            ("ids/123456789.txt", None),
            ("ids/20211340.txt", None),
            ("archive/2021/02/30/x.txt", None),
        ];
        for (path, want) in cases {
            let got = first(|take| _ = scan_path(path, &mut |d| take(d)));
            assert_eq!(got.as_deref(), want, "path {path:?}");
        }
    }

    #[test]
    fn text_forms() {
        let cases = [
            ("Published March 20, 2021 by the desk", Some("2021-03-20")),
            ("Mar. 20, 2021", Some("2021-03-20")),
            ("Saturday, March 20, 2021", Some("2021-03-20")),
            ("The vote on 20 March 2021 was close.", Some("2021-03-20")),
            ("Filed 2021-03-20 at noon", Some("2021-03-20")),
            ("on OCTOBER 2, 1998, officials met", Some("1998-10-02")),
            ("on june 2nd, 1998", Some("1998-06-02")),
            ("The meeting on March 20 was short.", None),
            ("Marching 20, 2021 is not a month", None),
            ("Scores were 20-21 and 2021.", None),
            (
                "The company, which listed its shares last year, said the notes due March 1, 2029 \
                 would be repaid early.",
                None,
            ),
            (
                "Monday, 4 May 2026 - The company said the notes due March 1, 2029 would be \
                 repaid early, a spokesman said.",
                Some("2026-05-04"),
            ),
            (
                "HARBOURTON — The port authority said on 18 September 2024 that the new quay \
                 would open next spring.",
                Some("2024-09-18"),
            ),
            (
                "HARBOURTON — The port authority said it would open the quay soon. Work began \
                 on 18 September 2024 after a long delay.",
                None,
            ),
        ];
        for (line, want) in cases {
            let got = first(|take| _ = scan_text(line, &mut |d| take(d)));
            assert_eq!(got.as_deref(), want, "text {line:?}");
        }
    }

    #[test]
    fn path_years() {
        assert_eq!(path_year("reuters/1987/feb/x.txt"), Some(1987));
        assert_eq!(path_year("archive/2021/03/x.txt"), Some(2021));
        assert_eq!(path_year("2021.txt"), None);
        assert_eq!(path_year("a/8415/x.txt"), None);
        assert_eq!(path_year("a/0999/x.txt"), None);
    }

    #[test]
    fn datelines() {
        let cases = [
            ("WASHINGTON, March 3 - The Senate voted", Some((3, 3))),
            ("SAO PAULO, Feb 26 - Brazil said", Some((2, 26))),
            ("LONDON, Mar. 23 \u{2013} Tin talks", Some((3, 23))),
            ("WOODBRIDGE, N.J., April 1 - A company", Some((4, 1))),
            ("WOODBRIDGE, N.J. - A company said", None),
            ("Prices rose on March 3 in London", None),
        ];
        for (line, want) in cases {
            assert_eq!(dateline_month_day(line), want, "{line:?}");
        }
        assert_eq!(
            dateline_date("PARIS, Feb 29 - x", 1988),
            NaiveDate::from_ymd_opt(1988, 2, 29)
        );
        assert_eq!(dateline_date("PARIS, Feb 29 - x", 1987), None);
        assert_eq!(dateline_place_end("SAO PAULO, Feb 26 - Brazil"), Some(9));
        assert_eq!(
            dateline_place_end("WOODBRIDGE, N.J., April 1 - A"),
            Some(16)
        );
        assert_eq!(dateline_place_end("Prices rose on March 3 in London"), None);
    }
}
