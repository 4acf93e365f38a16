//! Saved web pages (`.html`, `.htm`): one page, one article.
//!
//! `meta` reads what the page says about itself (Open Graph, `article:*` and author meta
//! tags, JSON-LD, `<time>`, `<title>`/`<h1>`); `body` drops boilerplate (navigation, "Also
//! Read" and related-link blocks, figures), hands the rest to `dom_smoothie`'s readability
//! port for the main text and splits it into paragraphs. The page becomes a [`Draft`], the
//! same contract as the JSON and SGML records, so a WARC response record is read the same way.
//! Nothing here reads files or touches the index.

mod body;
mod furniture;
mod meta;
mod nesting;
mod scripts;
mod tags;
mod walk;

use std::borrow::Cow;

use dom_query::Document;
use xxhash_rust::xxh3::xxh3_64;

use super::decode;
use super::record::{BadRecord, Draft};
use super::SkipReason;

/// Pages larger than this are not parsed: no news page holds 8 MiB of markup, and the DOM of
/// a huge one costs many times its size in memory.
pub const MAX_PAGE_BYTES: usize = 8 << 20;

/// Pages that leave more block elements open at once than this are not read (see
/// `nesting`): the parser's time, and readability's, grow with the square of their number
/// (1,000 nested `<div>`s read in 0.1 s, 4,000 in 1.6 s, 20,000 in 110 s). Real pages stay
/// far below it.
pub const MAX_OPEN_BLOCKS: usize = 1024;

/// What the container of a page knows about it (a WARC record's headers).
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// The address the page was fetched from.
    pub url: Option<&'a str>,
    /// When it was fetched: the date when the page names none.
    pub fetched: Option<&'a str>,
}

/// Reads the page `bytes` as the record `key`.
pub fn parse_page(bytes: &[u8], key: &str, cx: &Context<'_>) -> Result<Draft, BadRecord> {
    let bad = |reason, detail: &str| BadRecord::new(key, reason, detail);
    if bytes.len() > MAX_PAGE_BYTES {
        let detail = format!("page larger than {} MiB", MAX_PAGE_BYTES >> 20);
        return Err(bad(SkipReason::TooLarge, &detail));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(SkipReason::Empty, "empty page"));
    }
    let text = decode::decode(bytes).text;
    let html = scripts::empty_scripts(&text);
    let html = match furniture::empty_furniture(&html) {
        Cow::Borrowed(_) => html,
        Cow::Owned(emptied) => Cow::Owned(emptied),
    };
    if nesting::open_blocks_exceed(&html, MAX_OPEN_BLOCKS) {
        let detail = format!(
            "more than {MAX_OPEN_BLOCKS} block elements (<div>, <section>, …) left open at once"
        );
        return Err(bad(SkipReason::Malformed, &detail));
    }
    let doc = Document::from(html.as_ref());
    let meta = meta::read(&doc);
    let content = body::read(&html, doc);
    let headline = meta.headline.clone().unwrap_or_default();
    if content.paragraphs.is_empty() {
        let reason = if headline.is_empty() {
            SkipReason::NoHeadline
        } else {
            SkipReason::NoBody
        };
        return Err(bad(reason, "no text in the page"));
    }
    if headline.is_empty() {
        return Err(bad(SkipReason::NoHeadline, "no og:title, <h1> or <title>"));
    }
    Ok(Draft {
        key: key.to_string(),
        headline,
        paragraphs: content.paragraphs,
        section: meta.section,
        date: meta.date.or_else(|| cx.fetched.map(str::to_string)),
        source: meta.site_name,
        authors: meta.authors,
        url: cx.url.map(str::to_string).or(meta.url),
        language: meta.language,
        related: content.related,
        captions: content.captions,
        hash: xxh3_64(bytes),
    })
}

/// The start of an HTML document (`<!doctype html`, `<html`), after a byte-order mark,
/// whitespace and comments.
pub fn looks_like_html(head: &[u8]) -> bool {
    let mut head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        let start = head.iter().position(|b| !b.is_ascii_whitespace());
        head = &head[start.unwrap_or(head.len())..];
        if !head.starts_with(b"<!--") {
            break;
        }
        match head.windows(3).position(|w| w == b"-->") {
            Some(end) => head = &head[end + 3..],
            None => return false,
        }
    }
    let starts = |p: &[u8]| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p);
    starts(b"<!doctype html") || starts(b"<html")
}

#[cfg(test)]
mod tests;
