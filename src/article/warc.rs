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
use super::record::{BadRecord, Draft, ParsedFile};
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

/// Reads every record of a WARC file.
pub fn parse(bytes: &[u8]) -> ParsedFile {
    let mut out = ParsedFile {
        records: Vec::new(),
        complete: true,
    };
    let mut pos = skip_blank(bytes, 0);
    while pos < bytes.len() {
        pos = match record(bytes, pos, &mut out) {
            Some(next) => skip_blank(bytes, next),
            None => break,
        };
    }
    out
}

/// Reads the record at `pos` into `out`; returns where the next one starts, `None` at the end.
fn record(bytes: &[u8], pos: usize, out: &mut ParsedFile) -> Option<usize> {
    let fallback_key = format!("record-{pos}");
    if !bytes[pos..].starts_with(RECORD_START) {
        let next = next_record(bytes, pos);
        let detail = format!("no WARC record at byte {pos}; skipped to the next one");
        out.records.push(Err(BadRecord::new(
            fallback_key,
            SkipReason::Malformed,
            detail,
        )));
        return next;
    }
    let Some((h, body_start)) = header_block(bytes, pos) else {
        out.complete = false;
        let detail = "file ends inside a record's headers";
        out.records.push(Err(BadRecord::new(
            fallback_key,
            SkipReason::Malformed,
            detail,
        )));
        return None;
    };
    let key = h.id.as_deref().map_or(fallback_key, key_of);
    let bad = |detail: String| Err(BadRecord::new(&key, SkipReason::Malformed, detail));
    let Some(len) = h.length.as_deref().and_then(|l| l.parse::<usize>().ok()) else {
        out.records
            .push(bad("missing or unreadable Content-Length".into()));
        return next_record(bytes, body_start);
    };
    let end = body_start.checked_add(len).filter(|&e| e <= bytes.len());
    let boundary = end.filter(|&e| at_boundary(bytes, e));
    let Some(end) = boundary else {
        let next = next_record(bytes, body_start);
        if end.is_none() && next.is_none() {
            out.complete = false;
            let have = bytes.len() - body_start;
            out.records.push(bad(format!(
                "file ends inside the record ({have} of {len} bytes)"
            )));
        } else {
            let detail = format!("Content-Length {len} does not end at a record boundary");
            out.records.push(bad(detail));
        }
        return next;
    };
    if let Some(page) = page(&key, &h, &bytes[body_start..end]) {
        out.records.push(page);
    }
    Some(end)
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

/// The headers of the record at `pos` and where its block starts; `None` when the headers
/// never end.
fn header_block(bytes: &[u8], pos: usize) -> Option<(Headers, usize)> {
    let window = &bytes[pos..bytes.len().min(pos.saturating_add(MAX_HEADER_BYTES))];
    let (end, sep) = find(window, b"\r\n\r\n")
        .map(|e| (e, 4))
        .or_else(|| find(window, b"\n\n").map(|e| (e, 2)))?;
    Some((
        headers(&String::from_utf8_lossy(&window[..end])),
        pos + end + sep,
    ))
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

/// Whether a block ending at `end` is followed by the end of the file or, after the blank
/// lines that close a record, the next record.
fn at_boundary(bytes: &[u8], end: usize) -> bool {
    let next = skip_blank(bytes, end);
    next == bytes.len() || bytes[next..].starts_with(RECORD_START)
}

/// The next `WARC/1.` at the start of a line after `from`.
fn next_record(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = find(&bytes[at..], RECORD_START) {
        let start = at + i;
        if start == 0 || bytes[start - 1] == b'\n' {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

fn skip_blank(bytes: &[u8], from: usize) -> usize {
    let n = bytes[from.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    from.min(bytes.len()) + n
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests;
