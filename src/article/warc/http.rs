//! The HTTP response inside a WARC `response` record: status, `Content-Type`, and the body
//! with chunked transfer coding and gzip/deflate content coding undone.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::{GzDecoder, ZlibDecoder};

use crate::article::html::MAX_PAGE_BYTES;

/// A response's status, content type and decoded body.
#[derive(Debug)]
pub struct Response<'a> {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Cow<'a, [u8]>,
}

/// Reads an HTTP/1.x response message.
pub fn response(block: &[u8]) -> Result<Response<'_>, String> {
    let (head_end, sep) = find(block, b"\r\n\r\n")
        .map(|e| (e, 4))
        .or_else(|| find(block, b"\n\n").map(|e| (e, 2)))
        .ok_or("HTTP headers never end")?;
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .strip_prefix("HTTP/")
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("bad HTTP status line {:?}", clip(status_line)))?;
    let mut content_type = None;
    let (mut chunked, mut coding) = (false, String::new());
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = content_type.or(Some(value)),
            "transfer-encoding" => chunked |= value.contains("chunked"),
            "content-encoding" => coding = value,
            _ => {}
        }
    }
    let mut body: Cow<'_, [u8]> = Cow::Borrowed(&block[head_end + sep..]);
    if chunked {
        body = Cow::Owned(dechunk(&body));
    }
    match coding.as_str() {
        "gzip" | "x-gzip" => body = Cow::Owned(inflate(GzDecoder::new(&body[..]))?),
        "deflate" => body = Cow::Owned(inflate(ZlibDecoder::new(&body[..]))?),
        _ => {}
    }
    Ok(Response {
        status,
        content_type,
        body,
    })
}

/// Undoes chunked transfer coding; a malformed chunk ends the body there.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    while let Some(eol) = find(data, b"\r\n") {
        let size = std::str::from_utf8(&data[..eol])
            .ok()
            .and_then(|l| usize::from_str_radix(l.split(';').next().unwrap_or("").trim(), 16).ok());
        let start = eol + 2;
        let Some(size) = size.filter(|&s| s > 0 && s <= data.len() - start) else {
            break;
        };
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size..];
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
    out
}

fn inflate(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    reader
        .take(MAX_PAGE_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("compressed HTTP body unreadable: {e}"))?;
    Ok(out)
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
