//! What a page says about itself: headline, date, section, bylines, address, language and
//! site name, from Open Graph and `article:*` meta tags, JSON-LD, `<time>`, `<h1>`, `<title>`.
//!
//! Values are returned raw (one line each); the date string goes to `extract::date` later.

use dom_query::{local_name, Document, Element, NodeRef};
use serde_json::Value;

use super::walk::{self, Step};
use crate::article::record::one_line;

/// Longest value kept from a meta tag or JSON-LD field.
const MAX_VALUE_CHARS: usize = 1000;

/// Meta tags that carry a publication date (`meta[name='pubdate']`…), tried after
/// `article:published_time`.
const DATE_META: &[(&str, &str)] = &[
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
    ("name", "dcterms.created"),
    ("itemprop", "datePublished"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("property", "og:published_time"),
];

/// The other meta tags read: `meta[attribute='value']`.
const OTHER_META: &[(&str, &str)] = &[
    ("property", "og:title"),
    ("property", "article:published_time"),
    ("property", "article:section"),
    ("property", "og:url"),
    ("http-equiv", "content-language"),
    ("property", "og:locale"),
    ("property", "og:site_name"),
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
    let found = Found::walk(doc);
    let ld = json_ld(&found.ld_scripts);
    let ld_str = |key: &str| ld.as_ref().and_then(|v| v.get(key)).and_then(string);
    let headline = found
        .meta("property", "og:title")
        .or_else(|| text(found.h1))
        .or_else(|| ld_str("headline"))
        .or_else(|| text(found.title).map(|t| strip_site(&t)));
    let date = found
        .meta("property", "article:published_time")
        .or_else(|| ld_str("datePublished"))
        .or_else(|| value(found.time_datetime.as_deref()))
        .or_else(|| DATE_META.iter().find_map(|(a, v)| found.meta(a, v)));
    let section = found.meta("property", "article:section").or_else(|| {
        let v = ld.as_ref()?.get("articleSection")?;
        string(v).or_else(|| v.as_array()?.iter().find_map(string))
    });
    let url = found
        .meta("property", "og:url")
        .or_else(|| value(found.canonical.as_ref()?.as_deref()))
        .or_else(|| ld_str("url"))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let language = value(found.html_lang.as_deref())
        .or_else(|| found.meta("http-equiv", "content-language"))
        .or_else(|| ld_str("inLanguage"))
        .or_else(|| found.meta("property", "og:locale"));
    Meta {
        headline,
        date,
        section,
        authors: authors(&found.authors, ld.as_ref()),
        url,
        language,
        site_name: found.meta("property", "og:site_name"),
    }
}

/// What one walk over the page finds for the fields, each the first match in document order
/// as `select_single` would give it.
#[derive(Default)]
struct Found<'a> {
    /// `content` of the first `meta[attribute='value']` of [`DATE_META`] and [`OTHER_META`],
    /// in that order; `Some(None)` for a first match without one.
    metas: Vec<Option<Option<String>>>,
    h1: Option<NodeRef<'a>>,
    title: Option<NodeRef<'a>>,
    /// `time[datetime]`.
    time_datetime: Option<String>,
    /// `href` of `link[rel='canonical']`.
    canonical: Option<Option<String>>,
    /// `html[lang]`.
    html_lang: Option<String>,
    /// `content` of every `meta[name='author'], meta[property='article:author']`.
    authors: Vec<Option<String>>,
    /// `script[type='application/ld+json']`.
    ld_scripts: Vec<NodeRef<'a>>,
}

impl<'a> Found<'a> {
    fn walk(doc: &'a Document) -> Self {
        let mut found = Found {
            metas: vec![None; DATE_META.len() + OTHER_META.len()],
            ..Found::default()
        };
        walk::elements(&doc.root(), |node, el| {
            found.visit(node, el);
            Step::Into
        });
        found
    }

    fn visit(&mut self, node: &NodeRef<'a>, el: &Element) {
        let owned = |name| walk::attr(el, name).map(str::to_string);
        match el.name.local {
            local_name!("meta") => self.visit_meta(el),
            local_name!("h1") => _ = self.h1.get_or_insert(*node),
            local_name!("title") => _ = self.title.get_or_insert(*node),
            local_name!("time") if self.time_datetime.is_none() => {
                self.time_datetime = owned("datetime");
            }
            local_name!("link") if self.canonical.is_none() => {
                let rel = walk::attr(el, "rel");
                if rel.is_some_and(|r| r.eq_ignore_ascii_case("canonical")) {
                    self.canonical = Some(owned("href"));
                }
            }
            local_name!("html") if self.html_lang.is_none() => self.html_lang = owned("lang"),
            local_name!("script") => {
                let ty = walk::attr(el, "type");
                if ty.is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) {
                    self.ld_scripts.push(*node);
                }
            }
            _ => {}
        }
    }

    fn visit_meta(&mut self, el: &Element) {
        let content = || walk::attr(el, "content").map(str::to_string);
        for (i, (name, want)) in DATE_META.iter().chain(OTHER_META).enumerate() {
            if self.metas[i].is_none() && meta_is(el, name, want) {
                self.metas[i] = Some(content());
            }
        }
        if meta_is(el, "name", "author") || meta_is(el, "property", "article:author") {
            self.authors.push(content());
        }
    }

    /// The `content` of the first `meta[name='want']`, on one line; `None` when empty.
    fn meta(&self, name: &str, want: &str) -> Option<String> {
        let i = DATE_META
            .iter()
            .chain(OTHER_META)
            .position(|&(n, w)| n == name && w == want)
            .expect("a meta tag listed in DATE_META or OTHER_META");
        value(self.metas[i].as_ref()?.as_deref())
    }
}

/// `meta[name='want']`: `http-equiv` values compare without ASCII case, as in CSS.
fn meta_is(el: &Element, name: &str, want: &str) -> bool {
    walk::attr(el, name)
        .is_some_and(|v| v == want || (name == "http-equiv" && v.eq_ignore_ascii_case(want)))
}

/// Bylines from `<meta name="author">` (one per tag, or a comma list), else JSON-LD `author`
/// (a name, a person, or a list of either). Profile URLs are not names.
fn authors(metas: &[Option<String>], ld: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in metas.iter().flatten() {
        let value = one_line(value);
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
fn json_ld(scripts: &[NodeRef<'_>]) -> Option<Value> {
    for script in scripts {
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

/// An attribute value, clipped; `None` when empty.
fn value(v: Option<&str>) -> Option<String> {
    Some(clip(v?)).filter(|v| !v.is_empty())
}

fn text(node: Option<NodeRef<'_>>) -> Option<String> {
    Some(clip(&node?.text())).filter(|v| !v.is_empty())
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
