//! Query text rewrites before parsing: words of an all-upper-case query, field aliases, and
//! plain dates in `date:` ranges, comparisons and periods.

use super::dates::{period, rfc3339, today};
use crate::error::{Error, Result};

/// Field aliases accepted in queries, and the field they stand for.
const FIELD_ALIASES: &[(&str, &str)] = &[("person:", "people:"), ("source:", "sources:")];

/// True when `text` has letters and none of them is lower case (wire copy, old archives).
pub fn is_upper_case(text: &str) -> bool {
    text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase)
}

/// Applies the rewrites:
/// - in an all-upper-case query, `AND`, `OR` and `NOT` are words, not operators (one cannot
///   tell them apart there), so they are lower-cased;
/// - `person:` means `people:` and `source:` means `sources:`;
/// - `date:[2021-01-01 TO 2021-03]` takes plain dates (day, month, year) and becomes an
///   RFC 3339 range covering the named periods.
pub fn rewrite(text: &str) -> Result<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            if is_upper_case(text) && matches!(w, "AND" | "OR" | "NOT") {
                w.to_lowercase()
            } else {
                alias(w)
            }
        })
        .collect();
    plain_dates(&words.join(" "))
}

fn alias(word: &str) -> String {
    let (prefix, rest) = split_sign(word);
    for (from, to) in FIELD_ALIASES {
        if let Some(tail) = rest.strip_prefix(from) {
            return format!("{prefix}{to}{tail}");
        }
    }
    word.to_string()
}

fn split_sign(word: &str) -> (&str, &str) {
    let n = word.len() - word.trim_start_matches(['-', '+', '(']).len();
    word.split_at(n)
}

/// Rewrites every `date:` clause with plain dates to RFC 3339: ranges (`date:[A TO B]`, any
/// bracket kind), comparisons (`date:>=2021-03`, `date:<2021`) and a bare period
/// (`date:2021-03`: that month). Values with a time (`…T…`) pass through to the parser, and
/// so does a quoted value.
fn plain_dates(text: &str) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = find_date_field(rest) {
        let after = &rest[pos + 5..];
        out.push_str(&rest[..pos + 5]);
        if let Some(open) = after.chars().next().filter(|c| matches!(c, '[' | '{')) {
            let Some(close_at) = after.find([']', '}']) else {
                rest = after;
                continue;
            };
            let close = &after[close_at..close_at + 1];
            out.push_str(&range(open, &after[1..close_at], close)?);
            rest = &after[close_at + 1..];
            continue;
        }
        let end = after
            .find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(after.len());
        out.push_str(&single(&after[..end])?);
        rest = &after[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Where the next `date:` field starts in `text`: at the start or after a space, a bracket or
/// a sign (not inside a word such as `update:`).
fn find_date_field(text: &str) -> Option<usize> {
    text.match_indices("date:")
        .map(|(pos, _)| pos)
        .find(|&pos| {
            text[..pos]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '+' | '-'))
        })
}

/// A `date:` value that is no bracketed range: `>=P`, `>P`, `<=P`, `<P` or a bare period `P`,
/// as the range of RFC 3339 instants it means; anything with a time, a quote or `*` as it is.
fn single(value: &str) -> Result<String> {
    let ops = [
        (">=", Cmp::From),
        ("<=", Cmp::Through),
        (">", Cmp::After),
        ("<", Cmp::Before),
    ];
    let (cmp, date) = ops
        .iter()
        .find_map(|&(op, cmp)| value.strip_prefix(op).map(|d| (Some(cmp), d)))
        .unwrap_or((None, value));
    if (cmp.is_none() && date.is_empty()) || date.contains(['T', '"', '*']) {
        return Ok(value.to_string());
    }
    let p = bound(date)?;
    let (start, end) = (rfc3339(p.start), rfc3339(p.end));
    Ok(match cmp {
        None => format!("[{start} TO {end}}}"),
        Some(Cmp::From) => format!("[{start} TO *]"),
        Some(Cmp::After) => format!("[{end} TO *]"),
        Some(Cmp::Before) => format!("[* TO {start}}}"),
        Some(Cmp::Through) => format!("[* TO {end}}}"),
    })
}

/// A comparison of `single`: on or after, after, before, on or before a period.
#[derive(Clone, Copy)]
enum Cmp {
    From,
    After,
    Before,
    Through,
}

/// One range body (`A TO B`) with its brackets, rewritten.
fn range(open: char, body: &str, close: &str) -> Result<String> {
    let Some((lo, hi)) = body.split_once(" TO ") else {
        return Ok(format!("{open}{body}{close}"));
    };
    let (lo, hi) = (lo.trim(), hi.trim());
    let lower = match lo {
        "*" => "*".to_string(),
        _ if lo.contains('T') => lo.to_string(),
        _ => {
            let p = bound(lo)?;
            rfc3339(if open == '[' { p.start } else { p.end })
        }
    };
    let (upper, close) = match hi {
        "*" => ("*".to_string(), close),
        _ if hi.contains('T') => (hi.to_string(), close),
        _ => {
            let p = bound(hi)?;
            // Inclusive end of a day, month or year: up to the start of the next one.
            let end = if close == "]" { p.end } else { p.start };
            (rfc3339(end), "}")
        }
    };
    let open = if lo.contains('T') || lo == "*" || open == '[' {
        open
    } else {
        '['
    };
    Ok(format!("{open}{lower} TO {upper}{close}"))
}

fn bound(text: &str) -> Result<super::dates::Period> {
    period(text, today()).map_err(|_| {
        Error::Query(format!(
            "bad date `{text}` in a date: query; use e.g. date:[2021-01-01 TO 2021-03-31], date:2021-03 or date:>=2021"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_case_operators_are_words_only_in_upper_case_queries() {
        assert_eq!(rewrite("OIL AND GAS").expect("ok"), "OIL and GAS");
        assert_eq!(rewrite("oil AND gas").expect("ok"), "oil AND gas");
        assert_eq!(rewrite("NOT NOW").expect("ok"), "not NOW");
    }

    #[test]
    fn field_aliases() {
        assert_eq!(
            rewrite("person:biden -source:xinhua").expect("ok"),
            "people:biden -sources:xinhua"
        );
    }

    #[test]
    fn plain_dates_in_ranges_become_rfc3339() {
        assert_eq!(
            rewrite("oil date:[2021-01-01 TO 2021-03-31]").expect("ok"),
            "oil date:[2021-01-01T00:00:00Z TO 2021-04-01T00:00:00Z}"
        );
        assert_eq!(
            rewrite("date:[2021 TO *]").expect("ok"),
            "date:[2021-01-01T00:00:00Z TO *]"
        );
        assert_eq!(
            rewrite("date:{2021-03 TO 2021-05}").expect("ok"),
            "date:[2021-04-01T00:00:00Z TO 2021-05-01T00:00:00Z}"
        );
        assert!(matches!(
            rewrite("date:[2021-13 TO 2022]"),
            Err(Error::Query(_))
        ));
    }

    #[test]
    fn plain_dates_in_comparisons_and_bare_periods_become_ranges() {
        let cases = [
            ("date:2021-03", "date:[2021-03-01T00:00:00Z TO 2021-04-01T00:00:00Z}"),
            ("oil -date:2021", "oil -date:[2021-01-01T00:00:00Z TO 2022-01-01T00:00:00Z}"),
            ("date:>=2021-03", "date:[2021-03-01T00:00:00Z TO *]"),
            ("date:>2021-03", "date:[2021-04-01T00:00:00Z TO *]"),
            ("date:<2021-03-05", "date:[* TO 2021-03-05T00:00:00Z}"),
            ("date:<=2021-03-05", "date:[* TO 2021-03-06T00:00:00Z}"),
            ("(date:2020 OR date:2022)", "(date:[2020-01-01T00:00:00Z TO 2021-01-01T00:00:00Z} OR date:[2022-01-01T00:00:00Z TO 2023-01-01T00:00:00Z})"),
            // Values with a time, quoted values and other words are left to the parser.
            ("date:>=2021-01-01T00:00:00Z", "date:>=2021-01-01T00:00:00Z"),
            ("date:\"2021-01-01T00:00:00Z\"", "date:\"2021-01-01T00:00:00Z\""),
            ("update:2021", "update:2021"),
        ];
        for (query, want) in cases {
            assert_eq!(rewrite(query).expect("ok"), want, "{query}");
        }
        for bad in ["date:2021-13", "date:>=soon", "date:<"] {
            assert!(matches!(rewrite(bad), Err(Error::Query(_))), "{bad}");
        }
    }
}
