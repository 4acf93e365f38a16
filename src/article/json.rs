//! JSON readers: a file holding one object, an array of objects, or JSON Lines (one object
//! per line, as news-please and CC-News scrapers write them).
//!
//! Field names are looked up through a [`JsonMap`]; values are handed on raw (dates unparsed),
//! except that text a scraper copied out of HTML has its character references decoded, as
//! plain-text files do (`decode::html_references`).

use std::borrow::Cow;

use serde_json::Value;
use xxhash_rust::xxh3::xxh3_64;

use super::decode::html_references;
use super::format::Format;
use super::record::{one_line, BadRecord, Draft, ParsedFile};
use super::SkipReason;

pub use map::{JsonMap, MapError};

mod map;

/// Reads `bytes` as `format` ([`Format::Json`] or [`Format::JsonLines`]).
pub fn parse(bytes: &[u8], format: Format, map: &JsonMap) -> ParsedFile {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let records = match format {
        Format::Json => whole(bytes, map),
        _ => lines(bytes, map),
    };
    ParsedFile {
        records,
        complete: true,
    }
}

/// A `.json` file: one value, else (a `.json` holding JSON Lines) one object per line.
fn whole(bytes: &[u8], map: &JsonMap) -> Vec<Result<Draft, BadRecord>> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let raw = serde_json::to_vec(v).unwrap_or_default();
                draft(v, &format!("record-{}", i + 1), xxh3_64(&raw), map)
            })
            .collect(),
        Ok(v) => vec![draft(&v, "record-1", xxh3_64(bytes), map)],
        Err(whole_err) => {
            let per_line = lines(bytes, map);
            if per_line.len() > 1 && per_line.iter().any(Result::is_ok) {
                per_line
            } else {
                let detail = format!("invalid JSON: {whole_err}");
                vec![Err(BadRecord::new(
                    "record-1",
                    SkipReason::Malformed,
                    detail,
                ))]
            }
        }
    }
}

/// One object per non-blank line; a bad line is one bad record, the others still count.
fn lines(bytes: &[u8], map: &JsonMap) -> Vec<Result<Draft, BadRecord>> {
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let key = format!("line-{}", i + 1);
        out.push(match serde_json::from_slice::<Value>(line) {
            Ok(v) => draft(&v, &key, xxh3_64(line), map),
            Err(e) => Err(BadRecord::new(
                key,
                SkipReason::Malformed,
                format!("invalid JSON: {e}"),
            )),
        });
    }
    out
}

/// The draft of one JSON value; `fallback_key` when it has no id field.
fn draft(v: &Value, fallback_key: &str, hash: u64, map: &JsonMap) -> Result<Draft, BadRecord> {
    let key = map
        .get(v, &map.id)
        .and_then(text)
        .map(|id| one_line(&id))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| fallback_key.to_string());
    if !v.is_object() {
        return Err(BadRecord::new(
            key,
            SkipReason::Malformed,
            "not a JSON object",
        ));
    }
    let headline = map
        .get(v, &map.headline)
        .and_then(text)
        .map(|h| one_line(&h));
    let Some(headline) = headline.filter(|h| !h.is_empty()) else {
        return Err(BadRecord::new(key, SkipReason::NoHeadline, "no headline"));
    };
    let paragraphs = map.get(v, &map.body).map(body).unwrap_or_default();
    if paragraphs.is_empty() {
        return Err(BadRecord::new(key, SkipReason::NoBody, "no body text"));
    }
    Ok(Draft {
        key,
        headline,
        paragraphs,
        section: map.get(v, &map.section).and_then(first_text),
        date: map.get(v, &map.date).and_then(date),
        source: map.get(v, &map.source).and_then(first_text),
        authors: map.get(v, &map.authors).map(list).unwrap_or_default(),
        url: map.get(v, &map.url).and_then(first_text),
        language: map.get(v, &map.language).and_then(first_text),
        hash,
        ..Draft::default()
    })
}

/// A string, a number, or the strings of an array joined by line breaks.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            Some(html_references(Cow::Borrowed(s.trim())).into_owned()).filter(|s| !s.is_empty())
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(text).collect();
            (!parts.is_empty()).then(|| parts.join("\n"))
        }
        _ => None,
    }
}

/// The first value of a string or a list, on one line.
fn first_text(v: &Value) -> Option<String> {
    list(v).into_iter().next()
}

/// A string or a list of strings (`"authors": ["A", "B"]`), each on one line.
fn list(v: &Value) -> Vec<String> {
    let items: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    };
    items
        .iter()
        .map(|s| one_line(s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Body paragraphs: one per non-blank line (scrapers write paragraphs one per line), or one
/// per array item.
fn body(v: &Value) -> Vec<String> {
    text(v)
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A date value: a string as written, or a Unix timestamp (seconds, or milliseconds when
/// larger than any plausible seconds value) written as ISO 8601 for the date rules.
fn date(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => {
            let t = n.as_f64()?;
            let secs = if t.abs() > 1e11 { t / 1000.0 } else { t };
            let at = chrono::DateTime::from_timestamp(secs as i64, 0)?;
            Some(at.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        }
        other => first_text(other),
    }
}

#[cfg(test)]
mod tests;
