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
use super::record::MAX_RECORD_BYTES;
use super::record::{one_line, read_all, BadRecord, Draft, ParsedFile, RecordReader};
use super::stream::{newline, not_space, Search, Source};
use super::SkipReason;

pub use map::{JsonMap, MapError};

mod map;

/// Reads `bytes` as `format` ([`Format::Json`] or [`Format::JsonLines`]).
pub fn parse(bytes: &[u8], format: Format, map: &JsonMap) -> ParsedFile {
    read_all(
        Reader::new(format, map, MAX_RECORD_BYTES),
        Source::new(bytes),
    )
}

/// Reads JSON records from a stream: JSON Lines line by line, a `.json` array element by
/// element; a `.json` file holding anything else is read whole (up to the record limit,
/// beyond which it is taken for JSON Lines).
pub struct Reader<'m> {
    map: &'m JsonMap,
    mode: Mode,
    /// The largest record (line, element, file) held.
    max: usize,
    /// Lines or elements met so far: the fallback keys `line-N`, `record-N`.
    n: usize,
    complete: bool,
}

enum Mode {
    /// Nothing read yet.
    Start {
        lines: bool,
    },
    Lines,
    /// Inside a top-level array; `first` until an element or `]` is met.
    Array {
        first: bool,
    },
    /// Past the array's closing `]`.
    AfterArray,
    /// A small `.json` file already parsed whole.
    Whole(std::vec::IntoIter<Result<Draft, BadRecord>>),
    Done,
}

impl<'m> Reader<'m> {
    pub fn new(format: Format, map: &'m JsonMap, max: usize) -> Self {
        Reader {
            map,
            mode: Mode::Start {
                lines: format != Format::Json,
            },
            max,
            n: 0,
            complete: true,
        }
    }

    /// Picks the mode from the first bytes (after a byte-order mark).
    fn start(&mut self, src: &mut Source<'_>, lines: bool) -> Mode {
        if src.fill(3) >= 3 && src.window().starts_with(b"\xEF\xBB\xBF") {
            src.consume(3);
        }
        if lines {
            return Mode::Lines;
        }
        if let Search::Found(i) = src.search(0, self.max, 0, not_space) {
            if src.window()[i] == b'[' {
                src.consume(i + 1);
                return Mode::Array { first: true };
            }
        }
        let held = src.fill(self.max + 1);
        if held > self.max {
            return self.large(src);
        }
        let records = whole(src.window(), self.map);
        src.consume(held);
        Mode::Whole(records.into_iter())
    }

    /// A `.json` file over the limit that is no array: JSON Lines when its first line is a
    /// value of its own, else one value too large to read.
    fn large(&mut self, src: &mut Source<'_>) -> Mode {
        let window = src.window();
        let first = newline(window, 0).map_or(window, |i| &window[..i]);
        if serde_json::from_slice::<serde::de::IgnoredAny>(first).is_ok() {
            return Mode::Lines;
        }
        src.skip_to(0, 0, |_, _| None);
        let detail = format!("larger than {} MiB and not an array", self.max >> 20);
        let too_large = BadRecord::new("record-1", SkipReason::TooLarge, detail);
        Mode::Whole(vec![Err(too_large)].into_iter())
    }

    /// The next non-blank line as a record.
    fn line(&mut self, src: &mut Source<'_>) -> Option<Result<Draft, BadRecord>> {
        while !src.at_end() {
            self.n += 1;
            let (len, next) = match src.search(0, self.max, 0, newline) {
                Search::Found(i) => (i, i + 1),
                Search::End => (src.window().len(), src.window().len()),
                Search::TooLong => {
                    if let Search::Found(i) = src.skip_to(0, 0, newline) {
                        src.consume(i + 1);
                    }
                    let detail = format!("line longer than {} MiB", self.max >> 20);
                    let key = format!("line-{}", self.n);
                    return Some(Err(BadRecord::new(key, SkipReason::TooLarge, detail)));
                }
            };
            let record = one_line_record(&src.window()[..len], self.n, self.map);
            src.consume(next);
            if record.is_some() {
                return record;
            }
        }
        None
    }

    /// The next element of the top-level array as a record.
    fn element(&mut self, src: &mut Source<'_>, first: bool) -> Option<Result<Draft, BadRecord>> {
        if let Search::Found(i) = src.skip_to(0, 0, not_space) {
            src.consume(i);
            if first && src.window()[0] == b']' {
                src.consume(1);
                return self.after_array(src);
            }
        }
        self.n += 1;
        let key = format!("record-{}", self.n);
        let mut scan = ElementScan::default();
        let (record, end) = match src.search(0, self.max, 0, |w, at| scan.find(w, at)) {
            Search::Found(end) => (element_record(&src.window()[..end], &key, self.map), end),
            Search::End => {
                src.consume(usize::MAX);
                return self.cut_short(key, "the file ends inside the JSON array");
            }
            Search::TooLong => {
                let held = src.window().len();
                let Search::Found(end) = src.skip_to(held, 0, |w, at| scan.find(w, at)) else {
                    return self.cut_short(key, "the file ends inside the JSON array");
                };
                let detail = format!("array element larger than {} MiB", self.max >> 20);
                (Err(BadRecord::new(key, SkipReason::TooLarge, detail)), end)
            }
        };
        self.mode = if src.window()[end] == b']' {
            Mode::AfterArray
        } else {
            Mode::Array { first: false }
        };
        src.consume(end + 1);
        Some(record)
    }

    /// After the closing `]`: only white space may follow.
    fn after_array(&mut self, src: &mut Source<'_>) -> Option<Result<Draft, BadRecord>> {
        self.mode = Mode::Done;
        match src.skip_to(0, 0, not_space) {
            Search::Found(_) => Some(Err(BadRecord::new(
                "end",
                SkipReason::Malformed,
                "text after the closing `]` of the JSON array",
            ))),
            _ => None,
        }
    }

    fn cut_short(&mut self, key: String, detail: &str) -> Option<Result<Draft, BadRecord>> {
        self.mode = Mode::Done;
        self.complete = false;
        Some(Err(BadRecord::new(key, SkipReason::Malformed, detail)))
    }
}

impl RecordReader for Reader<'_> {
    fn next_record(&mut self, src: &mut Source<'_>) -> Option<Result<Draft, BadRecord>> {
        loop {
            match std::mem::replace(&mut self.mode, Mode::Done) {
                Mode::Start { lines } => self.mode = self.start(src, lines),
                Mode::Lines => {
                    self.mode = Mode::Lines;
                    return self.line(src);
                }
                Mode::Array { first } => return self.element(src, first),
                Mode::AfterArray => return self.after_array(src),
                Mode::Whole(mut records) => {
                    let next = records.next();
                    self.mode = Mode::Whole(records);
                    return next;
                }
                Mode::Done => return None,
            }
        }
    }

    fn complete(&self) -> bool {
        self.complete
    }
}

/// Where a top-level array element ends: at the first `,` or `]` outside strings and
/// brackets. Resumable, so the element can arrive in pieces.
#[derive(Default)]
struct ElementScan {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl ElementScan {
    fn find(&mut self, window: &[u8], at: usize) -> Option<usize> {
        for (i, &b) in window.iter().enumerate().skip(at) {
            if self.in_string {
                match b {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b',' | b']' if self.depth == 0 => return Some(i),
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        None
    }
}

/// A `.json` file: one value, else (a `.json` holding JSON Lines) one object per line.
fn whole(bytes: &[u8], map: &JsonMap) -> Vec<Result<Draft, BadRecord>> {
    match serde_json::from_slice::<Value>(bytes) {
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

/// One object per non-blank line of a buffer.
fn lines(bytes: &[u8], map: &JsonMap) -> Vec<Result<Draft, BadRecord>> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter_map(|(i, line)| one_line_record(line, i + 1, map))
        .collect()
}

/// Line `n` as a record; `None` when it is blank. A bad line is one bad record.
fn one_line_record(line: &[u8], n: usize, map: &JsonMap) -> Option<Result<Draft, BadRecord>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let key = format!("line-{n}");
    Some(match serde_json::from_slice::<Value>(line) {
        Ok(v) => draft(&v, &key, xxh3_64(line), map),
        Err(e) => Err(BadRecord::new(
            key,
            SkipReason::Malformed,
            format!("invalid JSON: {e}"),
        )),
    })
}

/// One array element; its hash is that of the value written compactly, so the same record
/// hashes the same however the file is laid out.
fn element_record(bytes: &[u8], key: &str, map: &JsonMap) -> Result<Draft, BadRecord> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v) => {
            let raw = serde_json::to_vec(&v).unwrap_or_default();
            draft(&v, key, xxh3_64(&raw), map)
        }
        Err(e) => Err(BadRecord::new(
            key,
            SkipReason::Malformed,
            format!("invalid JSON: {e}"),
        )),
    }
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
