//! Date and time formats at a byte position: the small parsers the date rules are built from.
//! Each takes the text as bytes and a start index and returns the value and the index after it,
//! so callers can scan without allocating.

use chrono::{NaiveDate, NaiveTime};

/// `YYYY-MM-DD` (also `/`, `.` or `_` between the parts), or, when `compact`, `YYYYMMDD`.
pub(super) fn ymd(s: &[u8], i: usize, compact: bool) -> Option<(NaiveDate, usize)> {
    let (y, j) = number(s, i)?;
    if compact && j - i == 8 {
        return Some((
            NaiveDate::from_ymd_opt((y / 10000) as i32, y / 100 % 100, y % 100)?,
            j,
        ));
    }
    if j - i != 4 {
        return None;
    }
    let sep = at(s, j).filter(|b| matches!(b, b'-' | b'/' | b'.' | b'_'))?;
    let (m, k) = short_number(s, j + 1)?;
    if at(s, k) != Some(sep) {
        return None;
    }
    let (d, end) = short_number(s, k + 1)?;
    Some((NaiveDate::from_ymd_opt(y as i32, m, d)?, end))
}

/// `29/12/2016`, `12/29/2016`, `29.12.2016`, `29-12-2016`.
pub(super) fn dmy_numeric(s: &[u8], i: usize) -> Option<(NaiveDate, usize)> {
    let (a, j) = short_number(s, i)?;
    let sep = at(s, j).filter(|b| matches!(b, b'/' | b'.' | b'-'))?;
    let (b, k) = short_number(s, j + 1)?;
    if at(s, k) != Some(sep) {
        return None;
    }
    let (y, end) = year(s, k + 1)?;
    // Ambiguous a/b/yyyy is read day first, as most of the world writes it; only a second
    // number above 12 makes it US month/day. Dotted dates are always day first.
    let (d, m) = if b > 12 && sep != b'.' {
        (b, a)
    } else {
        (a, b)
    };
    Some((NaiveDate::from_ymd_opt(y, m, d)?, end))
}

/// True for a numeric date at the start of `s` that reads as two different days
/// (`03/04/2021`: 3 April or March 4), after an optional weekday.
pub(super) fn is_ambiguous_numeric(s: &[u8]) -> bool {
    let i = skip_weekday(s, 0);
    let Some((a, j)) = short_number(s, i) else {
        return false;
    };
    let Some(sep) = at(s, j).filter(|b| matches!(b, b'/' | b'-')) else {
        return false;
    };
    let Some((b, k)) = short_number(s, j + 1) else {
        return false;
    };
    at(s, k) == Some(sep) && a != b && (1..=12).contains(&a) && (1..=12).contains(&b)
}

/// `19 March 2021`, `19th Mar. 2021`, `19-Mar-2021`, `19 March, 2021`.
pub(super) fn named_dmy(s: &[u8], i: usize) -> Option<(NaiveDate, usize)> {
    let (d, j) = short_number(s, i)?;
    let j = skip_ordinal(s, j);
    let j = skip_seps(s, j, b" \t-");
    let (m, k) = month_at(s, j)?;
    let k = skip_seps(s, k, b" \t-,");
    let (y, end) = year(s, k)?;
    Some((NaiveDate::from_ymd_opt(y, m, d)?, end))
}

/// `March 19, 2021`, `Mar. 19 2021`, `Dec 29th, 2016`.
pub(super) fn named_mdy(s: &[u8], i: usize) -> Option<(NaiveDate, usize)> {
    let (m, j) = month_at(s, i)?;
    let j = skip_seps(s, j, b" \t-");
    let (d, k) = short_number(s, j)?;
    let k = skip_ordinal(s, k);
    let k = skip_seps(s, k, b" \t-,");
    let (y, end) = year(s, k)?;
    Some((NaiveDate::from_ymd_opt(y, m, d)?, end))
}

/// An optional time of day and zone after a date: ` 09:30`, `T09:30:00Z`, ` 5:01 PM`,
/// ` 10:00:00 +0000`, `T09:30:00.250+05:30`. Returns the time and the zone's offset east of UTC
/// in seconds.
pub(super) fn time_and_zone(s: &[u8], i: usize) -> Option<(NaiveTime, i32)> {
    let mut i = skip_ws(s, i);
    if matches!(at(s, i), Some(b'T' | b't' | b',')) {
        i = skip_ws(s, i + 1);
    }
    let (h, j) = short_number(s, i)?;
    let (min, mut k) = exact_digits(s, j, b':', 2)?;
    let mut sec = 0;
    if let Some((v, next)) = exact_digits(s, k, b':', 2) {
        // Fractions of a second are dropped; a leap second 60 is clamped.
        sec = v.min(59);
        k = next;
        if matches!(at(s, k), Some(b'.' | b',')) {
            k += 1 + s[k + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        }
    }
    let (h, k) = match meridiem(s, skip_ws(s, k)) {
        Some((pm, end)) if (1..=12).contains(&h) => (h % 12 + if pm { 12 } else { 0 }, end),
        Some(_) => return None,
        None => (h, k),
    };
    let offset = zone(s, skip_ws(s, k)).unwrap_or(0);
    Some((NaiveTime::from_hms_opt(h, min, sec)?, offset))
}

/// `AM`, `pm`, `a.m.`, `P.M.`: returns whether it is PM and the index after it.
fn meridiem(s: &[u8], i: usize) -> Option<(bool, usize)> {
    let pm = match at(s, i)?.to_ascii_lowercase() {
        b'a' => false,
        b'p' => true,
        _ => return None,
    };
    let rest = s.get(i + 1..).unwrap_or_default();
    let len = [&b".m."[..], b"m"]
        .iter()
        .find(|t| {
            rest.get(..t.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(t))
        })?
        .len();
    let end = i + 1 + len;
    (!at(s, end).is_some_and(|b| b.is_ascii_alphabetic())).then_some((pm, end))
}

/// A zone after a time: `Z`, `+0000`, `-05:00`, `+02`, `UTC`, `GMT+2`, or a few common names.
fn zone(s: &[u8], i: usize) -> Option<i32> {
    if let Some((name, end)) = word(s, i) {
        let base = match name.to_ascii_uppercase().as_slice() {
            b"Z" | b"UT" | b"UTC" | b"GMT" => 0,
            b"EST" | b"CDT" => -5,
            b"EDT" => -4,
            b"CST" | b"MDT" => -6,
            b"MST" | b"PDT" => -7,
            b"PST" => -8,
            b"BST" | b"CET" => 1,
            b"CEST" | b"EET" => 2,
            b"EEST" | b"MSK" => 3,
            b"JST" => 9,
            _ => return None,
        };
        return Some(base * 3600 + numeric_zone(s, end).unwrap_or(0));
    }
    numeric_zone(s, i)
}

/// `+0000`, `-05:00`, `+02`: seconds east of UTC.
fn numeric_zone(s: &[u8], i: usize) -> Option<i32> {
    let sign = match at(s, i)? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (v, j) = number(s, i + 1)?;
    let (h, m) = match j - i - 1 {
        4 => (v / 100, v % 100),
        1 | 2 => (v, exact_digits(s, j, b':', 2).map_or(0, |(m, _)| m)),
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(sign * (h as i32 * 3600 + m as i32 * 60))
}

/// Skips a leading weekday (`Fri,`, `Thursday,`, `Tues.`) so the date after it can be read.
pub(super) fn skip_weekday(s: &[u8], i: usize) -> usize {
    const DAYS: [&[u8]; 17] = [
        b"monday",
        b"tuesday",
        b"wednesday",
        b"thursday",
        b"friday",
        b"saturday",
        b"sunday",
        b"mon",
        b"tue",
        b"tues",
        b"wed",
        b"thu",
        b"thur",
        b"thurs",
        b"fri",
        b"sat",
        b"sun",
    ];
    let is_day = |w: &[u8]| DAYS.iter().any(|d| w.eq_ignore_ascii_case(d));
    match word(s, i) {
        Some((w, end)) if is_day(w) => skip_seps(s, end, b" \t.,"),
        _ => i,
    }
}

/// A month name or abbreviation at `i` (any case, optional trailing `.`): month and end index.
pub(super) fn month_at(s: &[u8], i: usize) -> Option<(u32, usize)> {
    let (w, end) = word(s, i)?;
    let m = month_from_word(w)?;
    Some((
        m,
        if at(s, end) == Some(b'.') {
            end + 1
        } else {
            end
        },
    ))
}

/// `January`/`jan`/`SEPT` → 1..=12; any other word → `None`.
pub fn month_from_word(w: &[u8]) -> Option<u32> {
    const FULL: [&[u8]; 12] = [
        b"january",
        b"february",
        b"march",
        b"april",
        b"may",
        b"june",
        b"july",
        b"august",
        b"september",
        b"october",
        b"november",
        b"december",
    ];
    if w.len() < 3 {
        return None;
    }
    if w.eq_ignore_ascii_case(b"sept") {
        return Some(9);
    }
    let pos = FULL.iter().position(|f| {
        w.eq_ignore_ascii_case(f) || (w.len() == 3 && w.eq_ignore_ascii_case(&f[..3]))
    })?;
    Some(pos as u32 + 1)
}

/// Skips an ordinal suffix (`st`, `nd`, `rd`, `th`) directly after a day number.
fn skip_ordinal(s: &[u8], i: usize) -> usize {
    const SUFFIXES: [&[u8]; 4] = [b"st", b"nd", b"rd", b"th"];
    match word(s, i) {
        Some((w, end)) if SUFFIXES.iter().any(|o| w.eq_ignore_ascii_case(o)) => end,
        _ => i,
    }
}

/// `sep` then exactly `n` digits: their value and the end index.
fn exact_digits(s: &[u8], i: usize, sep: u8, n: usize) -> Option<(u32, usize)> {
    if at(s, i) != Some(sep) {
        return None;
    }
    number(s, i + 1).filter(|&(_, end)| end - i - 1 == n)
}

/// A four-digit year, optionally after whitespace.
fn year(s: &[u8], i: usize) -> Option<(i32, usize)> {
    let (y, end) = number(s, i)?;
    (end - i == 4).then_some((y as i32, end))
}

/// A one- or two-digit number (a day, month or hour).
pub(super) fn short_number(s: &[u8], i: usize) -> Option<(u32, usize)> {
    number(s, i).filter(|&(_, end)| end - i <= 2)
}

/// The whole run of ASCII digits at `i` (at most 9, so it fits a u32): value and end index.
fn number(s: &[u8], i: usize) -> Option<(u32, usize)> {
    let len = s
        .get(i..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 || len > 9 {
        return None;
    }
    let v = s[i..i + len]
        .iter()
        .fold(0, |v, b| v * 10 + u32::from(b - b'0'));
    Some((v, i + len))
}

/// The run of ASCII letters at `i` and its end index.
fn word(s: &[u8], i: usize) -> Option<(&[u8], usize)> {
    let len = s
        .get(i..)?
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    (len > 0).then(|| (&s[i..i + len], i + len))
}

fn skip_seps(s: &[u8], i: usize, seps: &[u8]) -> usize {
    i + s
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| seps.contains(b))
        .count()
}

pub(super) fn skip_ws(s: &[u8], i: usize) -> usize {
    skip_seps(s, i, b" \t")
}

pub(super) fn at(s: &[u8], i: usize) -> Option<u8> {
    s.get(i).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_words() {
        let cases = [
            ("January", Some(1)),
            ("jan", Some(1)),
            ("FEB", Some(2)),
            ("Sept", Some(9)),
            ("sep", Some(9)),
            ("DECEMBER", Some(12)),
            ("may", Some(5)),
            ("Ma", None),
            ("Janu", None),
            ("Marching", None),
        ];
        for (w, want) in cases {
            assert_eq!(month_from_word(w.as_bytes()), want, "{w:?}");
        }
    }

    #[test]
    fn times_and_zones() {
        let cases = [
            (" 09:30", Some((9, 30, 0, 0))),
            ("T23:59:60Z", Some((23, 59, 59, 0))),
            (" 5:01 PM", Some((17, 1, 0, 0))),
            (" 12:10 am", Some((0, 10, 0, 0))),
            (" 10:00:00 +0000", Some((10, 0, 0, 0))),
            (" 10:00 -05:00", Some((10, 0, 0, -18000))),
            (" 10:00 GMT+2", Some((10, 0, 0, 7200))),
            (" 10:00 PDT", Some((10, 0, 0, -25200))),
            (" 10:00 Updated", Some((10, 0, 0, 0))),
            (" 13:00 PM", None),
            (" 25:00", None),
            (" 9.30", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = time_and_zone(text.as_bytes(), 0).map(|(t, off)| {
                use chrono::Timelike;
                (t.hour(), t.minute(), t.second(), off)
            });
            assert_eq!(got, want, "{text:?}");
        }
    }
}
