//! Sections as a hierarchy: `--section` matches a section and everything under it
//! (`Top News` also finds `Top News/USA`), through the `section_path` facet; `--facets` rolls
//! section counts up to the top level, or down to the children of the one section that holds
//! every hit.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Index, ReloadPolicy, Term};

use super::query::label_query;
use crate::error::{Error, Result};
use crate::index::schema::name;
use crate::index::stats::Count;
use crate::index::Fields;

/// The zero-scoring filter for `--section text`.
///
/// Sections whose path equals `text`, or lies under it, match (case-insensitive, parts split on
/// `/`). When no section path does, the words of `text` are matched in the section name
/// instead, so `--section usa` still finds `Top News USA`.
pub fn filter(index: &Index, fields: &Fields, text: &str) -> Result<Box<dyn Query>> {
    let wanted = parts(text);
    let matching: Vec<Facet> = all_section_facets(index)?
        .into_iter()
        .filter(|f| is_under(&parts(&f.to_path_string()), &wanted))
        .collect();
    let query: Box<dyn Query> = if matching.is_empty() {
        label_query(index, fields.section, text)
            .ok_or_else(|| Error::Usage(format!("--section `{text}` has no words to match")))?
    } else {
        let clauses = matching
            .iter()
            .map(|f| {
                let term = Term::from_facet(fields.section_path, f);
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(Box::new(ConstScoreQuery::new(query, 0.0)))
}

/// Every section facet in the index (the leaves articles carry).
fn all_section_facets(index: &Index) -> Result<BTreeSet<Facet>> {
    // A private reader: the caller's searcher is not passed down to filters, and a
    // `--section` search is rare enough for the extra open (about a millisecond) not to matter.
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let mut out = BTreeSet::new();
    for segment in reader.searcher().segment_readers() {
        let facets = segment.facet_reader(name::SECTION_PATH)?;
        for ord in 0..facets.num_facets() as u64 {
            let mut facet = Facet::root();
            facets.facet_from_ord(ord, &mut facet)?;
            out.insert(facet);
        }
    }
    Ok(out)
}

/// Lower-cased, trimmed, non-empty `/`-separated parts (the same split as the index's facets).
fn parts(path: &str) -> Vec<String> {
    path.split('/')
        .map(|p| p.trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_under(section: &[String], wanted: &[String]) -> bool {
    !wanted.is_empty() && section.starts_with(wanted)
}

/// Section counts for `--facets`, from the counts of each article's full section.
///
/// Sections are grouped at the top level (`Top News/USA` counts for `Top News`). When every
/// counted article lies under one section that has subsections, the list shows the next level
/// down instead (`Top News/USA`, `Top News/World`), so a `--section` search shows its parts.
/// The `top` largest are kept, largest first, then by name.
pub fn roll_up(full: &[Count], top: usize) -> Vec<Count> {
    let mut depth = 1;
    loop {
        let level = group(full, depth);
        let deeper = group(full, depth + 1);
        let single_parent = level.len() == 1 && deeper.keys().any(|k| !level.contains_key(k));
        if !single_parent || depth >= 8 {
            return largest(level, top);
        }
        depth += 1;
    }
}

/// Counts grouped by the first `depth` parts of each section (original spelling kept).
fn group(full: &[Count], depth: usize) -> BTreeMap<String, u64> {
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    for c in full {
        let kept: Vec<&str> = c
            .name
            .split('/')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .take(depth)
            .collect();
        let key = if kept.is_empty() {
            c.name.clone()
        } else {
            kept.join("/")
        };
        *out.entry(key).or_default() += c.articles;
    }
    out
}

fn largest(map: BTreeMap<String, u64>, top: usize) -> Vec<Count> {
    let mut list: Vec<Count> = map
        .into_iter()
        .map(|(name, articles)| Count { name, articles })
        .collect();
    list.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.name.cmp(&b.name))
    });
    list.truncate(top);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(list: &[(&str, u64)]) -> Vec<Count> {
        list.iter()
            .map(|(n, a)| Count {
                name: n.to_string(),
                articles: *a,
            })
            .collect()
    }

    type Table<'a> = &'a [(&'a str, u64)];

    #[test]
    fn roll_up_groups_at_the_top_or_drills_into_a_single_parent() {
        let cases: &[(Table, Table)] = &[
            (
                &[("Politics", 3), ("Sports", 1)],
                &[("Politics", 3), ("Sports", 1)],
            ),
            (
                &[("Top News/USA", 2), ("Top News/World", 3), ("Sports", 4)],
                &[("Top News", 5), ("Sports", 4)],
            ),
            (
                &[("Top News/USA", 2), ("Top News/World", 3)],
                &[("Top News/World", 3), ("Top News/USA", 2)],
            ),
            (
                &[("Top News", 1), ("Top News/USA", 2)],
                &[("Top News", 1), ("Top News/USA", 2)],
            ),
            (&[("Top News USA", 2)], &[("Top News USA", 2)]),
            (&[("a / b / c", 1)], &[("a/b/c", 1)]),
        ];
        for (input, want) in cases {
            let got = roll_up(&counts(input), 10);
            let mut want = counts(want);
            want.sort_by(|a, b| {
                b.articles
                    .cmp(&a.articles)
                    .then_with(|| a.name.cmp(&b.name))
            });
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn roll_up_keeps_the_largest() {
        let got = roll_up(&counts(&[("A", 1), ("B", 5), ("C", 3)]), 2);
        assert_eq!(got, counts(&[("B", 5), ("C", 3)]));
    }

    #[test]
    fn a_section_is_under_itself_and_its_ancestors_only() {
        let s = parts("Top News / USA");
        assert!(is_under(&s, &parts("top news")));
        assert!(is_under(&s, &parts("Top News/usa")));
        assert!(!is_under(&s, &parts("USA")));
        assert!(!is_under(&s, &parts("Top")));
        assert!(!is_under(&s, &parts("/")));
    }
}
