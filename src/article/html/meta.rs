//! What a page says about itself: headline, date, section, bylines, address, language and
//! site name, from Open Graph and `article:*` meta tags, JSON-LD, `<time>`, `<h1>`, `<title>`.
//!
//! Values are returned raw (one line each); the date string goes to `extract::date` later.

use dom_query::Document;
use serde_json::Value;

use crate::article::record::one_line;

/// Longest value kept from a meta tag or JSON-LD field.
const MAX_VALUE_CHARS: usize = 1000;

/// Meta tags that carry a publication date, tried after `article:published_time`.
const DATE_META: &[&str] = &[
    "meta[name='pubdate']",
    "meta[name='publishdate']",
    "meta[name='publish-date']",
    "meta[name='date']",
    "meta[name='dc.date']",
    "meta[name='DC.date.issued']",
    "meta[name='dcterms.created']",
    "meta[itemprop='datePublished']",
    "meta[name='parsely-pub-date']",
    "meta[name='sailthru.date']",
    "meta[property='og:published_time']",
];

/// The page's own description of itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub headline: Option<String>,
    pub date: Option<String>,
    pub section: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub site_name: Option<String>,
}

/// Reads the metadata of `doc`.
pub fn read(doc: &Document) -> Meta {
    let ld = json_ld(doc);
    let ld_str = |key: &str| ld.as_ref().and_then(|v| v.get(key)).and_then(string);
    let headline = content(doc, "meta[property='og:title']")
        .or_else(|| text(doc, "h1"))
        .or_else(|| ld_str("headline"))
        .or_else(|| text(doc, "title").map(|t| strip_site(&t)));
    let date = content(doc, "meta[property='article:published_time']")
        .or_else(|| ld_str("datePublished"))
        .or_else(|| attr(doc, "time[datetime]", "datetime"))
        .or_else(|| DATE_META.iter().find_map(|sel| content(doc, sel)));
    let section = content(doc, "meta[property='article:section']").or_else(|| {
        let v = ld.as_ref()?.get("articleSection")?;
        string(v).or_else(|| v.as_array()?.iter().find_map(string))
    });
    let url = content(doc, "meta[property='og:url']")
        .or_else(|| attr(doc, "link[rel='canonical']", "href"))
        .or_else(|| ld_str("url"))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let language = attr(doc, "html[lang]", "lang")
        .or_else(|| content(doc, "meta[http-equiv='content-language']"))
        .or_else(|| ld_str("inLanguage"))
        .or_else(|| content(doc, "meta[property='og:locale']"));
    Meta {
        headline,
        date,
        section,
        authors: authors(doc, ld.as_ref()),
        url,
        language,
        site_name: content(doc, "meta[property='og:site_name']"),
    }
}

/// Bylines from `<meta name="author">` (one per tag, or a comma list), else JSON-LD `author`
/// (a name, a person, or a list of either). Profile URLs are not names.
fn authors(doc: &Document, ld: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in doc
        .select("meta[name='author'], meta[property='article:author']")
        .iter()
    {
        let Some(value) = m.attr("content").map(|v| one_line(&v)) else {
            continue;
        };
        out.extend(value.split([',', ';']).map(|s| s.trim().to_string()));
    }
    if out.iter().all(|a| a.is_empty() || is_url(a)) {
        out.clear();
        if let Some(author) = ld.and_then(|v| v.get("author")) {
            let list = author
                .as_array()
                .map_or(std::slice::from_ref(author), |a| a);
            out.extend(
                list.iter()
                    .filter_map(|a| string(a).or_else(|| a.get("name").and_then(string))),
            );
        }
    }
    out.retain(|a| !a.is_empty() && !is_url(a));
    out.iter_mut().for_each(|a| *a = clip(a));
    out.dedup();
    out
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with('/')
}

/// The first JSON-LD object describing an article (one with a `headline` or
/// `datePublished`), looking inside arrays and `@graph`.
fn json_ld(doc: &Document) -> Option<Value> {
    for script in doc.select("script[type='application/ld+json']").iter() {
        let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) else {
            continue;
        };
        if let Some(found) = article_object(value, 0) {
            return Some(found);
        }
    }
    None
}

fn article_object(value: Value, depth: usize) -> Option<Value> {
    if depth > 4 {
        return None;
    }
    match value {
        Value::Array(items) => items.into_iter().find_map(|v| article_object(v, depth + 1)),
        Value::Object(mut map) => {
            if map.contains_key("headline") || map.contains_key("datePublished") {
                return Some(Value::Object(map));
            }
            article_object(map.remove("@graph")?, depth + 1)
        }
        _ => None,
    }
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(clip).filter(|s| !s.is_empty())
}

/// The `content` of the first element matching `sel`, on one line; `None` when empty.
fn content(doc: &Document, sel: &str) -> Option<String> {
    attr(doc, sel, "content")
}

fn attr(doc: &Document, sel: &str, name: &str) -> Option<String> {
    let value = doc.select_single(sel).attr(name)?;
    Some(clip(&value)).filter(|v| !v.is_empty())
}

fn text(doc: &Document, sel: &str) -> Option<String> {
    Some(clip(&doc.select_single(sel).text())).filter(|v| !v.is_empty())
}

/// One line, at most [`MAX_VALUE_CHARS`] characters.
fn clip(s: &str) -> String {
    let line = one_line(s);
    match line.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => line[..cut].to_string(),
        None => line,
    }
}

/// `Headline | Site` or `Headline - Site` → `Headline`, when the headline part is the longer.
fn strip_site(title: &str) -> String {
    for sep in [" | ", " - ", " – ", " — "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if head.len() > tail.len() {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}
