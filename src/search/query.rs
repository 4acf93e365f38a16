//! From the user's query text to a tantivy query: lenient, never a panic.
//!
//! Words are ANDed by default; the caller may retry with OR when nothing matches all words.
//! Unbalanced quotes and dangling operators are repaired before parsing; an unknown `field:`
//! is an error that lists the fields.

use tantivy::query::{PhraseQuery, Query, QueryParser, QueryParserError, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, Term};

use super::natural::{self, Match, Prose, WeightedTerm};
use super::{exact, prefix, rewrite};
use crate::error::{Error, Result};
use crate::index::schema::name;
use crate::index::Fields;

/// Fields a query may name with `field:`.
pub const QUERY_FIELDS: &[&str] = &[
    name::HEADLINE,
    name::BODY,
    name::CAPTIONS,
    name::RELATED,
    name::SECTION,
    name::PEOPLE,
    name::SOURCES,
    name::DATE,
    name::ID,
    exact::FIELD,
];

/// A parsed query and what the parser had to forgive.
pub struct ParsedQuery {
    pub query: Box<dyn Query>,
    /// Parts of the query that were dropped or repaired, as one-line notes.
    pub notes: Vec<String>,
    /// True when the query has more than one word and no explicit operator, so an OR retry
    /// can find more.
    pub can_relax: bool,
    /// The stemmed content words of a plain (natural-language) query, in query order; empty
    /// for a query with operators or fields.
    pub plain_terms: Vec<String>,
}

/// Parses `text`; words must all match when `all_words` is true (for a long plain query:
/// see [`natural::default_match`]), else any word may match.
pub fn parse(
    index: &Index,
    fields: &Fields,
    prose: &Prose,
    text: &str,
    all_words: bool,
) -> Result<ParsedQuery> {
    let fixed = repair(text);
    let repaired = rewrite::rewrite(&fixed)?;
    if repaired.trim().is_empty() {
        return Err(Error::Usage(
            "empty query; give words to search for, e.g. `newsidx search \"oil prices\"`".into(),
        ));
    }
    let mut notes = Vec::new();
    if fixed != text.trim() {
        notes.push(format!("query read as `{fixed}`"));
    }
    if is_plain_words(&repaired) {
        return Ok(plain(index, fields, prose, &repaired, all_words, notes));
    }
    let searched = prose.fields().iter().map(|&(f, _)| f).collect();
    let mut parser = QueryParser::for_index(index, searched);
    // `prefix*` words become regular expressions (see `prefix.rs`), and `exact:` clauses
    // placeholders that the parsed query trades for their own queries (see `exact.rs`).
    parser.allow_regexes();
    let repaired = prefix::expand(index, fields, prose, &repaired);
    let (repaired, surfaces) = exact::extract(index, fields, &repaired)?;
    for &(field, boost) in prose.fields() {
        parser.set_field_boost(field, boost);
    }
    if all_words {
        parser.set_conjunction_by_default();
    }
    let (query, errors) = parser.parse_query_lenient(&repaired);
    for err in errors {
        notes.extend(describe(err)?);
    }
    Ok(ParsedQuery {
        query: exact::substitute(index, prose, query, &surfaces),
        notes,
        can_relax: false,
        plain_terms: Vec::new(),
    })
}

/// A plain query: its content words as a weighted bag (see [`natural`]).
fn plain(
    index: &Index,
    fields: &Fields,
    prose: &Prose,
    text: &str,
    all_words: bool,
    notes: Vec<String>,
) -> ParsedQuery {
    let stems = natural::content_terms(index, fields, text);
    let weight = 1.0;
    let terms: Vec<WeightedTerm> = stems
        .iter()
        .map(|s| WeightedTerm {
            stem: s.clone(),
            weight,
        })
        .collect();
    let rule = if all_words {
        natural::default_match(terms.len())
    } else {
        Match::AtLeast(1)
    };
    let strict = terms.len() > 1 && rule != Match::AtLeast(1);
    ParsedQuery {
        query: natural::build(fields, prose, &terms, rule, &stems, 1.0),
        notes,
        can_relax: strict,
        plain_terms: stems,
    }
}

/// A query for `text` as a whole in a label field (people, section, sources): one term, or a
/// phrase of the field's tokens.
pub fn label_query(index: &Index, field: Field, text: &str) -> Option<Box<dyn Query>> {
    let mut analyzer = index.tokenizer_for_field(field).ok()?;
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push(Term::from_field_text(field, &token.text));
    }
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms.remove(0),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

/// Turns a parser complaint into a note, or an error for an unknown field. A query of only
/// excluded words (`-putin`, `NOT putin`) is no complaint: the lenient parser matches every
/// article without them, which is what was asked.
fn describe(err: QueryParserError) -> Result<Option<String>> {
    match err {
        QueryParserError::FieldDoesNotExist(field) => Err(Error::Query(format!(
            "unknown field `{field}:`; fields are {}",
            QUERY_FIELDS.join(", ")
        ))),
        QueryParserError::AllButQueryForbidden => Ok(None),
        // One line, whatever the message (a regex error shows the pattern on lines of its own).
        other => {
            let message = other.to_string();
            let words: Vec<&str> = message.split_whitespace().collect();
            Ok(Some(format!(
                "part of the query was ignored: {}",
                words.join(" ")
            )))
        }
    }
}

/// Balances quotes and drops operators that have nothing to apply to.
pub fn repair(text: &str) -> String {
    let mut text = text.trim().to_string();
    if text.matches('"').count() % 2 == 1 {
        if let Some(pos) = text.rfind('"') {
            text.remove(pos);
        }
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let kept: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| !is_dangling(t, *i, tokens.len()))
        .map(|(_, t)| *t)
        .collect();
    kept.join(" ")
}

fn is_dangling(token: &str, pos: usize, len: usize) -> bool {
    let lone_sign = token.chars().all(|c| c == '-' || c == '+');
    let binary_op = matches!(token, "AND" | "OR");
    lone_sign || (binary_op && (pos == 0 || pos + 1 == len))
}

/// True when `text` has no query syntax: no quotes, fields, wildcards, ranges, boosts,
/// `-`/`+` prefixes or AND/OR/NOT. Parentheses alone change nothing and do not count.
fn is_plain_words(text: &str) -> bool {
    let operators = ['"', ':', '*', '[', '{', '^', '~', '\\'];
    !text.contains(operators)
        && !text.split_whitespace().any(|w| {
            let w = w.trim_start_matches('(');
            w.starts_with(['-', '+']) || matches!(w, "AND" | "OR" | "NOT")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::build_schema;

    fn parse_text(text: &str) -> Result<ParsedQuery> {
        let index = Index::create_in_ram(build_schema());
        let fields = Fields::from_schema(&index.schema()).expect("fields");
        parse(&index, &fields, &Prose::all(&fields), text, true)
    }

    #[test]
    fn repair_balances_quotes_and_drops_dangling_operators() {
        assert_eq!(repair("\"election meddling"), "election meddling");
        assert_eq!(repair("AND"), "");
        assert_eq!(repair("-"), "");
        assert_eq!(repair("oil OR"), "oil");
        assert_eq!(repair("oil AND gas"), "oil AND gas");
        assert_eq!(repair("  \"a b\" c "), "\"a b\" c");
    }

    #[test]
    fn hard_queries_parse_without_panic() {
        for q in [
            "Sato's",
            "\"unbalanced",
            "oil -",
            "a AND (",
            "+-",
            "((",
            "x:",
            "*",
            "\\",
            "~2",
        ] {
            let _ = parse_text(q);
        }
        assert!(parse_text("Sato's").is_ok());
    }

    #[test]
    fn empty_and_operator_only_queries_are_usage_errors() {
        for q in ["", "   ", "AND", "-", "OR AND"] {
            assert!(matches!(parse_text(q), Err(Error::Usage(_))), "{q:?}");
        }
    }

    #[test]
    fn unknown_field_is_an_error_naming_it() {
        match parse_text("nosuch:oil") {
            Err(Error::Query(msg)) => assert!(msg.contains("nosuch"), "{msg}"),
            Err(other) => panic!("unexpected error {other}"),
            Ok(_) => panic!("unknown field accepted"),
        }
    }

    #[test]
    fn excluded_words_alone_need_no_note() {
        for q in ["-putin", "NOT putin", "-people:biden -oil"] {
            let parsed = parse_text(q).expect("ok");
            assert!(parsed.notes.is_empty(), "{q}: {:?}", parsed.notes);
        }
        assert!(!parse_text("headline:").expect("ok").notes.is_empty());
    }

    #[test]
    fn only_plain_multiword_queries_relax() {
        assert!(parse_text("election meddling").expect("ok").can_relax);
        assert!(parse_text("ELECTION AND MEDDLING").expect("ok").can_relax);
        assert!(!parse_text("election").expect("ok").can_relax);
        assert!(!parse_text("\"election meddling\"").expect("ok").can_relax);
        assert!(!parse_text("election -meddling").expect("ok").can_relax);
    }
}
