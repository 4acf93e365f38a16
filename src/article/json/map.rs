//! Which JSON keys feed which article field, and the `--json-map field=key,…` override.

use serde_json::Value;

/// For each article field, the JSON keys tried in order (a dotted key such as `meta.title`
/// walks into nested objects). The defaults cover news-please, CC-News and common scrapers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonMap {
    pub id: Vec<String>,
    pub headline: Vec<String>,
    pub date: Vec<String>,
    pub body: Vec<String>,
    pub authors: Vec<String>,
    pub section: Vec<String>,
    pub url: Vec<String>,
    pub source: Vec<String>,
    pub language: Vec<String>,
}

/// A `--json-map` entry that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    #[error("`{0}` is not FIELD=KEY (for example headline=title)")]
    NotAPair(String),
    #[error("unknown field `{0}`; the fields are {FIELDS}")]
    UnknownField(String),
}

/// The article fields a key can be mapped to, for messages.
const FIELDS: &str = "id, headline, date, body, authors, section, url, source, language";

fn keys(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

impl Default for JsonMap {
    fn default() -> Self {
        JsonMap {
            id: keys(&["id", "docno", "doc_id", "_id"]),
            headline: keys(&["title", "headline"]),
            date: keys(&["date_publish", "published", "date"]),
            body: keys(&["maintext", "text", "body", "content"]),
            authors: keys(&["authors"]),
            section: keys(&["section", "category"]),
            url: keys(&["url"]),
            source: keys(&["source_domain", "source"]),
            language: keys(&["language"]),
        }
    }
}

impl JsonMap {
    /// The default map with `spec` applied: `headline=title,body=story` makes `title` the
    /// only key read for the headline and `story` the only one for the body. Several keys for
    /// one field are tried in order: `date=published|updated`.
    pub fn with_overrides(spec: &str) -> Result<JsonMap, MapError> {
        let mut map = JsonMap::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, key) = pair
                .split_once('=')
                .map(|(f, k)| (f.trim(), k.trim()))
                .filter(|(f, k)| !f.is_empty() && !k.is_empty())
                .ok_or_else(|| MapError::NotAPair(pair.to_string()))?;
            let slot = map
                .slot(field)
                .ok_or_else(|| MapError::UnknownField(field.to_string()))?;
            *slot = key.split('|').map(|k| k.trim().to_string()).collect();
        }
        Ok(map)
    }

    fn slot(&mut self, field: &str) -> Option<&mut Vec<String>> {
        Some(match field.to_ascii_lowercase().as_str() {
            "id" => &mut self.id,
            "headline" | "title" => &mut self.headline,
            "date" => &mut self.date,
            "body" | "text" => &mut self.body,
            "authors" | "author" => &mut self.authors,
            "section" => &mut self.section,
            "url" => &mut self.url,
            "source" => &mut self.source,
            "language" => &mut self.language,
            _ => return None,
        })
    }

    /// The first of `keys` present in `object` with a value that is not null.
    pub fn get<'v>(&self, object: &'v Value, keys: &[String]) -> Option<&'v Value> {
        keys.iter()
            .filter_map(|k| lookup(object, k))
            .find(|v| !v.is_null())
    }
}

/// `key` in `object`: the key as written, else a dotted path into nested objects.
fn lookup<'v>(object: &'v Value, key: &str) -> Option<&'v Value> {
    if let Some(v) = object.get(key) {
        return Some(v);
    }
    if !key.contains('.') {
        return None;
    }
    key.split('.').try_fold(object, |v, part| v.get(part))
}
