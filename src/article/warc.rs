//! WARC web archives (`.warc`, `.warc.gz`): each HTML `response` (or `resource`) record is a
//! page read by `html`, keyed `record-<WARC-Record-ID>` (`record-<offset>` without one), with
//! the URL from `WARC-Target-URI` and `WARC-Date` as the date when the page names none.
//!
//! Records that hold no page at all (`warcinfo`, `request`, `metadata`, `revisit`) are passed
//! over; a response that is not an HTML page (an image, a redirect) is a counted skip. A
//! record whose `Content-Length` does not end at a record boundary is a skip, and reading
//! resumes at the next `WARC/1.x` line. `multi` has already gunzipped the file (every gzip
//! member, one per record as crawlers write them). Nothing here reads files.

mod http;

use super::html::{self, Context};
use super::record::{read_all, BadRecord, Draft, ParsedFile, RecordReader, MAX_RECORD_BYTES};
use super::stream::{not_space, Search, Source};
use super::SkipReason;

/// The start of a record's version line.
const RECORD_START: &[u8] = b"WARC/1.";
/// Longest header block read before a record is declared malformed.
const MAX_HEADER_BYTES: usize = 64 << 10;

/// The WARC headers newsidx uses.
#[derive(Debug, Default)]
struct Headers {
    kind: Option<String>,
    id: Option<String>,
    uri: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
    length: Option<String>,
}

/// Reads every record of a WARC file in a buffer.
pub fn parse(bytes: &[u8]) -> ParsedFile {
    read_all(Reader::new(MAX_RECORD_BYTES), Source::new(bytes))
}

/// Reads WARC records from a stream, holding one record's block at a time.
pub struct Reader {
    /// The largest block held; larger pages are skipped without being held.
    max: usize,
    complete: bool,
    done: bool,
}

impl Reader {
    pub fn new(max: usize) -> Self {
        Reader {
            max,
            complete: true,
            done: false,
        }
    }

    /// Reads the record at the start of the stream; `None` when it holds no page (or the
    /// stream ended, which sets `done`).
    fn record(&mut self, src: &mut Source<'_>) -> Option<Result<Draft, BadRecord>> {
        match src.skip_to(0, 0, not_space) {
            Search::Found(i) => src.consume(i),
            _ => {
                self.done = true;
                return None;
            }
        }
        let pos = src.offset();
        let fallback_key = format!("record-{pos}");
        src.fill(RECORD_START.len());
        if !src.window().starts_with(RECORD_START) {
            let detail = format!("no WARC record at byte {pos}; skipped to the next one");
            self.resync(src, 0);
            return Some(Err(BadRecord::new(
                fallback_key,
                SkipReason::Malformed,
                detail,
            )));
        }
        let head_end = match src.search(0, MAX_HEADER_BYTES, 3, header_end) {
            Search::Found(i) => i,
            Search::End => {
                src.consume(usize::MAX);
                self.complete = false;
                self.done = true;
                let detail = "file ends inside a record's headers";
                return Some(Err(BadRecord::new(
                    fallback_key,
                    SkipReason::Malformed,
                    detail,
                )));
            }
            Search::TooLong => {
                self.resync(src, 1);
                let detail = format!("no end of headers in {} KiB", MAX_HEADER_BYTES >> 10);
                return Some(Err(BadRecord::new(
                    fallback_key,
                    SkipReason::Malformed,
                    detail,
                )));
            }
        };
        let (head_len, body_start) = separator(src.window(), head_end);
        let h = headers(&String::from_utf8_lossy(&src.window()[..head_len]));
        let key = h.id.as_deref().map_or(fallback_key, key_of);
        let bad = |detail: String| Some(Err(BadRecord::new(&key, SkipReason::Malformed, detail)));
        let Some(len) = h.length.as_deref().and_then(|l| l.parse::<u64>().ok()) else {
            self.resync(src, body_start - 1);
            return bad("missing or unreadable Content-Length".into());
        };
        if len > self.max as u64 {
            return self.oversized(src, &h, &key, body_start, len);
        }
        let end = body_start + len as usize;
        let have = src.fill(end);
        if have < end || !at_boundary(src, end) {
            let found = self.resync(src, body_start - 1);
            if have < end && !found {
                self.complete = false;
                let held = have - body_start;
                return bad(format!(
                    "file ends inside the record ({held} of {len} bytes)"
                ));
            }
            return bad(format!(
                "Content-Length {len} does not end at a record boundary"
            ));
        }
        let page = page(&key, &h, &src.window()[body_start..end]);
        src.consume(end);
        page
    }

    /// A record whose block is larger than `max`: passed over unread, a `too_large` skip
    /// when it would have been a page.
    fn oversized(
        &mut self,
        src: &mut Source<'_>,
        h: &Headers,
        key: &str,
        body_start: usize,
        len: u64,
    ) -> Option<Result<Draft, BadRecord>> {
        src.consume(body_start);
        let bad = |reason, detail: String| Some(Err(BadRecord::new(key, reason, detail)));
        if !src.discard(len) {
            self.complete = false;
            self.done = true;
            return bad(SkipReason::Malformed, "file ends inside the record".into());
        }
        if !at_boundary(src, 0) {
            self.resync(src, 0);
            let detail = format!("Content-Length {len} does not end at a record boundary");
            return bad(SkipReason::Malformed, detail);
        }
        let kind = h.kind.as_deref().unwrap_or("").to_ascii_lowercase();
        let page = kind == "response" || kind == "resource";
        let detail = format!(
            "record of {} MiB, larger than {} MiB",
            len >> 20,
            self.max >> 20
        );
        page.then(|| Err(BadRecord::new(key, SkipReason::TooLarge, detail)))
    }

    /// Drops bytes up to the next `WARC/1.` at the start of a line after offset `from` of
    /// the window; false (and `done`) when there is none.
    fn resync(&mut self, src: &mut Source<'_>, from: usize) -> bool {
        let line_start =
            |w: &[u8], at: usize| memchr::memmem::find(&w[at..], b"\nWARC/1.").map(|i| at + i);
        match src.skip_to(from, RECORD_START.len(), line_start) {
            Search::Found(i) => {
                src.consume(i + 1);
                true
            }
            _ => {
                self.done = true;
                false
            }
        }
    }
}

impl RecordReader for Reader {
    fn next_record(&mut self, src: &mut Source<'_>) -> Option<Result<Draft, BadRecord>> {
        while !self.done {
            if let Some(record) = self.record(src) {
                return Some(record);
            }
        }
        None
    }

    fn complete(&self) -> bool {
        self.complete
    }
}

/// Where the header block ends: the first blank line (`\n\n`, or `\n\r\n`).
fn header_end(window: &[u8], at: usize) -> Option<usize> {
    memchr::memchr_iter(b'\n', &window[at..])
        .map(|i| at + i)
        .find(|&i| match window.get(i + 1) {
            Some(b'\n') => true,
            Some(b'\r') => window.get(i + 2) == Some(&b'\n'),
            _ => false,
        })
}

/// The header text's length and the block's start, for the blank line found at `nl` (the
/// line break that ends the last header line).
fn separator(window: &[u8], nl: usize) -> (usize, usize) {
    let head = if nl > 0 && window[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    };
    let body = if window[nl + 1] == b'\n' {
        nl + 2
    } else {
        nl + 3
    };
    (head, body)
}

/// The page a record holds: `None` for records that are no response at all.
fn page(key: &str, h: &Headers, block: &[u8]) -> Option<Result<Draft, BadRecord>> {
    let not_html = |detail: String| Some(Err(BadRecord::new(key, SkipReason::NotHtml, detail)));
    let kind = h.kind.as_deref().unwrap_or("").to_ascii_lowercase();
    let (content_type, payload) = match kind.as_str() {
        "response" if is_http(h.content_type.as_deref()) => match http::response(block) {
            Ok(r) if !(200..300).contains(&r.status) => {
                return not_html(format!("HTTP {} response, not a page", r.status))
            }
            Ok(r) => (r.content_type, r.body),
            Err(e) => return Some(Err(BadRecord::new(key, SkipReason::Malformed, e))),
        },
        "response" | "resource" => (h.content_type.clone(), block.into()),
        _ => return None,
    };
    let is_page = match content_type.as_deref() {
        Some(t) => is_html_type(t),
        None => html::looks_like_html(&payload[..payload.len().min(1024)]),
    };
    if !is_page {
        let what = content_type.as_deref().unwrap_or("no Content-Type");
        return not_html(format!("{what}, not HTML"));
    }
    let cx = Context {
        url: h.uri.as_deref(),
        fetched: h.date.as_deref(),
    };
    Some(html::parse_page(&payload, key, &cx))
}

fn is_http(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/http")
    })
}

fn is_html_type(t: &str) -> bool {
    let t = t.trim_start().to_ascii_lowercase();
    t.starts_with("text/html") || t.starts_with("application/xhtml")
}

/// `record-urn:uuid:…` from `<urn:uuid:…>`.
fn key_of(id: &str) -> String {
    let id = id.trim();
    let id = id
        .strip_prefix('<')
        .and_then(|i| i.strip_suffix('>'))
        .unwrap_or(id);
    format!("record-{}", id.trim())
}

fn headers(head: &str) -> Headers {
    let mut h = Headers::default();
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let slot = match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => &mut h.kind,
            "warc-record-id" => &mut h.id,
            "warc-target-uri" => &mut h.uri,
            "warc-date" => &mut h.date,
            "content-type" => &mut h.content_type,
            "content-length" => &mut h.length,
            _ => continue,
        };
        slot.get_or_insert_with(|| value.trim().to_string());
    }
    h
}

/// Whether a block ending at offset `end` of the window is followed by the end of the
/// stream or, after the blank lines that close a record, the next record.
fn at_boundary(src: &mut Source<'_>, end: usize) -> bool {
    let mut want = end + 4 + RECORD_START.len();
    loop {
        let have = src.fill(want);
        let window = src.window();
        let next = end
            + window[end..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        if next + RECORD_START.len() <= have {
            return window[next..].starts_with(RECORD_START);
        }
        if have < want || next - end > MAX_HEADER_BYTES {
            return next == have;
        }
        want = next + 64 + RECORD_START.len();
    }
}

#[cfg(test)]
pub(crate) mod tests;
