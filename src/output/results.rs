//! Writing search results: hits (human or JSON Lines, with a choice of keys), the facets
//! block, and `newsidx show`'s article.

use std::io::{self, Write};

use serde_json::Value;

use super::human::{self, Theme};
use super::json;
use super::sanitize::for_terminal;
use crate::error::{Error, Result};
use crate::search::facets::Facets;
use crate::search::show::FullArticle;
use crate::search::Hit;

/// The documented JSON keys of a hit, in order; printed when `--fields` is not given.
pub const DEFAULT_KEYS: &[&str] = &[
    "rank",
    "score",
    "id",
    "path",
    "headline",
    "date",
    "section",
    "people",
    "sources",
    "snippet",
    "highlights",
    "snippet_field",
    "headline_highlights",
];

/// The JSON keys to print.
#[derive(Debug, Clone)]
pub struct KeyList(Vec<String>);

impl KeyList {
    /// The keys named by `--fields`, or the default ones; an unknown key is a usage error.
    pub fn new(fields: Option<&[String]>) -> Result<Self> {
        let Some(list) = fields else {
            return Ok(KeyList(
                DEFAULT_KEYS.iter().map(|k| k.to_string()).collect(),
            ));
        };
        let mut keys = Vec::new();
        for k in list.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
            if !DEFAULT_KEYS.contains(&k) {
                return Err(Error::Usage(format!(
                    "unknown key `{k}` in --fields; keys are {}",
                    DEFAULT_KEYS.join(", ")
                )));
            }
            if !keys.iter().any(|x| x == k) {
                keys.push(k.to_string());
            }
        }
        if keys.is_empty() {
            return Err(Error::Usage(
                "--fields needs at least one key, e.g. --fields id,headline".into(),
            ));
        }
        Ok(KeyList(keys))
    }

    /// `hit` as one JSON object with exactly these keys, in this order.
    pub fn select(&self, hit: &Hit) -> io::Result<String> {
        let Value::Object(mut all) = serde_json::to_value(hit).map_err(io::Error::other)? else {
            return Err(io::Error::other("a hit is not a JSON object"));
        };
        let mut out = String::from("{");
        for (i, k) in self.0.iter().enumerate() {
            let value = all.remove(k).unwrap_or(Value::Null);
            if i > 0 {
                out.push(',');
            }
            out.push_str(&Value::String(k.clone()).to_string());
            out.push(':');
            out.push_str(&value.to_string());
        }
        out.push('}');
        Ok(out)
    }
}

/// Prints hits one at a time (so `--all` streams), then optionally the facets.
pub struct Printer {
    json: bool,
    keys: KeyList,
    theme: Theme,
    count: usize,
}

impl Printer {
    /// A printer for JSON Lines with `keys`, or for human text with `theme`.
    pub fn new(json: bool, keys: KeyList, theme: Theme) -> Self {
        Printer {
            json,
            keys,
            theme,
            count: 0,
        }
    }

    /// Hits printed so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Prints one hit.
    pub fn hit<W: Write>(&mut self, out: &mut W, hit: &Hit) -> io::Result<()> {
        if self.json {
            writeln!(out, "{}", self.keys.select(hit)?)?;
        } else {
            if self.count > 0 {
                writeln!(out)?;
            }
            human::hits(out, std::slice::from_ref(hit), self.theme)?;
        }
        self.count += 1;
        Ok(())
    }

    /// Prints the facets: one final `{"facets": …}` JSON line, or a compact block after the
    /// hits.
    pub fn facets<W: Write>(&self, out: &mut W, facets: &Facets) -> io::Result<()> {
        if self.json {
            return json::line(out, &serde_json::json!({ "facets": facets }));
        }
        writeln!(out)?;
        writeln!(
            out,
            "── {} matching articles",
            human::thousands(facets.total)
        )?;
        let line = |list: &[crate::index::stats::Count]| {
            let parts: Vec<String> = list
                .iter()
                .map(|c| format!("{} {}", for_terminal(&c.name), human::thousands(c.articles)))
                .collect();
            if parts.is_empty() {
                "-".to_string()
            } else {
                parts.join(" · ")
            }
        };
        writeln!(out, "sections  {}", line(&facets.sections))?;
        writeln!(out, "people    {}", line(&facets.people))?;
        let label = if facets.interval == "year" {
            "years "
        } else {
            "months"
        };
        writeln!(out, "{label}    {}", line(&facets.dates))
    }
}

/// Writes an article for `newsidx show`: the fields, then the body.
pub fn article<W: Write>(out: &mut W, a: &FullArticle) -> io::Result<()> {
    let t = |s: &str| for_terminal(s).into_owned();
    writeln!(out, "{}", t(&a.headline))?;
    let rows = [
        ("id", t(&a.id)),
        ("path", t(&a.path)),
        ("date", a.date.clone().unwrap_or_else(|| "-".into())),
        (
            "date from",
            a.date_source.clone().unwrap_or_else(|| "-".into()),
        ),
        ("section", a.section.as_deref().map_or("-".into(), t)),
        ("people", t(&a.people.join(", "))),
        ("sources", t(&a.sources.join(", "))),
        ("authors", t(&a.authors.join(", "))),
        ("url", a.url.as_deref().map_or("-".into(), t)),
        ("language", a.language.as_deref().map_or("-".into(), t)),
    ];
    for (k, v) in rows {
        writeln!(out, "{k:<10} {v}")?;
    }
    for r in &a.related {
        writeln!(out, "related    {}", t(r))?;
    }
    for c in &a.captions {
        writeln!(out, "caption    {}", t(c))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", t(&a.body))
}
