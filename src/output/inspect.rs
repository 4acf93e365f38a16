//! `newsidx inspect` output: the extracted fields of each file.

use std::io::{self, Write};

use serde::Serialize;

use super::sanitize::for_terminal;
use crate::article::{Article, Skipped};
use crate::search::hit::rfc3339;

/// One inspected file: its fields, or why it was skipped. JSON keys are documented.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Record {
    Parsed(Box<Fields>),
    Skipped {
        path: String,
        skipped: &'static str,
        error: String,
    },
}

/// The fields of a parsed file.
#[derive(Debug, Clone, Serialize)]
pub struct Fields {
    pub path: String,
    pub headline: String,
    pub date: Option<String>,
    pub date_source: Option<&'static str>,
    /// True when the date could be read two ways (day first was chosen).
    pub date_ambiguous: bool,
    pub section: Option<String>,
    pub people: Vec<String>,
    pub related: Vec<String>,
    pub captions: Vec<String>,
    pub sources: Vec<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub body_chars: usize,
    pub warnings: Vec<String>,
}

impl Record {
    /// The record of a parsed article.
    pub fn parsed(a: &Article, warnings: Vec<String>) -> Self {
        Record::Parsed(Box::new(Fields {
            path: a.path.clone(),
            headline: a.headline.clone(),
            date: a.date.and_then(|d| rfc3339(d.timestamp())),
            date_source: a.date_source.map(|s| s.name()),
            date_ambiguous: a.date_ambiguous,
            section: a.section.clone(),
            people: a.people.clone(),
            related: a.related.clone(),
            captions: a.captions.clone(),
            sources: a.sources.clone(),
            authors: a.authors.clone(),
            url: a.url.clone(),
            language: a.language.clone(),
            body_chars: a.body.chars().count(),
            warnings,
        }))
    }

    /// The record of a skipped file.
    pub fn skipped(s: &Skipped) -> Self {
        Record::Skipped {
            path: s.path.clone(),
            skipped: s.reason.name(),
            error: s.detail.clone(),
        }
    }
}

/// Writes a record as `key: value` lines followed by a blank line.
pub fn human<W: Write>(out: &mut W, record: &Record) -> io::Result<()> {
    match record {
        Record::Skipped { path, error, .. } => {
            writeln!(
                out,
                "path:        {}\nskipped:     {}\n",
                for_terminal(path),
                error
            )
        }
        Record::Parsed(f) => {
            let list = |v: &[String]| {
                v.iter()
                    .map(|s| for_terminal(s).into_owned())
                    .collect::<Vec<_>>()
            };
            writeln!(out, "path:        {}", for_terminal(&f.path))?;
            writeln!(out, "headline:    {}", for_terminal(&f.headline))?;
            let date = f.date.as_deref().unwrap_or("-");
            writeln!(
                out,
                "date:        {date} ({})",
                f.date_source.unwrap_or("no rule matched")
            )?;
            writeln!(
                out,
                "section:     {}",
                f.section.as_deref().map(for_terminal).unwrap_or("-".into())
            )?;
            writeln!(out, "sources:     {}", list(&f.sources).join("; "))?;
            writeln!(out, "people:      {}", list(&f.people).join("; "))?;
            if !f.authors.is_empty() {
                writeln!(out, "authors:     {}", list(&f.authors).join("; "))?;
            }
            for (key, value) in [("url", &f.url), ("language", &f.language)] {
                if let Some(v) = value {
                    writeln!(out, "{key:<12} {}", for_terminal(v))?;
                }
            }
            for (key, items) in [("related", &f.related), ("caption", &f.captions)] {
                for item in list(items) {
                    writeln!(out, "{key:<12} {item}")?;
                }
            }
            writeln!(out, "body:        {} characters\n", f.body_chars)
        }
    }
}
