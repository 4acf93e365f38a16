//! `exact:word`: the word as written (case and accents aside), not every word with its stem.
//! `exact:elections` finds "elections" and not "election"; `exact:electi*` finds the words
//! that start with "electi" and not "elected".
//!
//! The index holds stems only (an unstemmed copy of every article's words would make it about
//! a sixth larger), so the articles with the word's stem are read from the doc store and kept
//! when their headline, body or captions hold the word itself. A frequent stem therefore makes
//! such a search slower than a plain one: it reads every article with that stem.
//!
//! tantivy's parser knows nothing of `exact:`, so each clause is swapped for a placeholder term
//! that the parser keeps as a term query, and [`substitute`] puts the clause's own query in
//! its place afterwards.

use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, EmptyScorer, EnableScoring, Explanation, Occur, Query,
    RegexQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::store::StoreReader;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{DocId, DocSet, Index, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::natural::{tokens, Prose};
use super::prefix;
use crate::error::{Error, Result};
use crate::index::{exact_analyzer, Fields};

/// The field that names an exact clause.
pub const FIELD: &str = "exact";
/// Placeholders are this, a number, and this again: one token that stemming leaves alone.
const MARK: &str = "qqexactqq";

/// What an article's words must hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Surface {
    /// This word (lower-cased and folded).
    Word(String),
    /// A word that starts with this.
    Prefix(String),
}

impl Surface {
    /// Whether a word of the ASCII `text` passes: the same answer as tokenising it (words are
    /// runs of letters and digits, lower-cased), without making the tokens. A fifth of the
    /// time of a search for a frequent word went into tokenising the articles.
    fn in_ascii(&self, text: &str) -> bool {
        let (needle, whole) = match self {
            Surface::Word(w) => (w.as_bytes(), true),
            Surface::Prefix(p) => (p.as_bytes(), false),
        };
        let hay = text.as_bytes();
        let (Some(&first), true) = (needle.first(), needle.is_ascii()) else {
            return false;
        };
        let word_byte = |i: usize| hay.get(i).is_some_and(u8::is_ascii_alphanumeric);
        memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).any(|at| {
            let end = at + needle.len();
            end <= hay.len()
                && hay[at..end].eq_ignore_ascii_case(needle)
                && (at == 0 || !word_byte(at - 1))
                && (!whole || !word_byte(end))
        })
    }

    /// Whether `word` (lower-cased and folded) passes.
    pub fn matches(&self, word: &str) -> bool {
        match self {
            Surface::Word(w) => word == w,
            Surface::Prefix(p) => word.starts_with(p.as_str()),
        }
    }
}

/// `text` with each `exact:word` or `exact:prefix*` replaced by a placeholder term in the
/// body, and what each placeholder stands for (in order).
pub fn extract(index: &Index, fields: &Fields, text: &str) -> Result<(String, Vec<Surface>)> {
    let body_name = index.schema().get_field_name(fields.body).to_string();
    let mut surfaces = Vec::new();
    let mut quoted = false;
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        if let Some((_, value, _)) = split(word).filter(|_| !quoted) {
            if value.starts_with('"') {
                return Err(one_word_only(value));
            }
        }
        let inside = quoted || word.contains('"');
        quoted ^= word.matches('"').count() % 2 == 1;
        let clause = (!inside).then(|| split(word)).flatten();
        let Some((lead, value, trail)) = clause else {
            words.push(word.to_string());
            continue;
        };
        let surface = surface(value)?;
        words.push(format!(
            "{lead}{body_name}:{MARK}{}{MARK}{trail}",
            surfaces.len()
        ));
        surfaces.push(surface);
    }
    Ok((words.join(" "), surfaces))
}

/// Whether `text` has a word that [`extract`] would read as an `exact:` clause (or one inside
/// quotes, which it would not): such a search reads the articles it may match from the store.
pub fn has_clause(text: &str) -> bool {
    text.split_whitespace().any(|word| split(word).is_some())
}

/// A word's sign and brackets, its `exact:` value, and its closing brackets.
fn split(word: &str) -> Option<(&str, &str, &str)> {
    let body = word.trim_start_matches(['-', '+', '(']);
    let lead = &word[..word.len() - body.len()];
    let value = body.strip_prefix(FIELD)?.strip_prefix(':')?;
    let core = value.trim_end_matches(')');
    Some((lead, core, &value[core.len()..]))
}

fn surface(value: &str) -> Result<Surface> {
    let (text, prefix) = match value.strip_suffix('*') {
        Some(p) => (p, true),
        None => (value, false),
    };
    let mut words = tokens(&mut exact_analyzer(), text);
    if words.len() != 1 || text.contains(['"', '*', ':']) {
        return Err(one_word_only(value));
    }
    let word = words.remove(0);
    Ok(if prefix {
        Surface::Prefix(word)
    } else {
        Surface::Word(word)
    })
}

fn one_word_only(value: &str) -> Error {
    Error::Query(format!(
        "`{FIELD}:{value}`: `{FIELD}:` takes one word, or one prefix ending in `*`"
    ))
}

/// `query` with each placeholder term of [`extract`] replaced by its query ([`build`]) over
/// the `prose` fields. The parser builds placeholders as term queries, alone or among the
/// clauses of boolean queries; that is where they are looked for.
pub fn substitute(
    index: &Index,
    prose: &Prose,
    query: Box<dyn Query>,
    surfaces: &[Surface],
) -> Box<dyn Query> {
    if surfaces.is_empty() {
        return query;
    }
    if let Some(term) = query.downcast_ref::<TermQuery>() {
        let k = term.term().value().as_str().and_then(placeholder);
        if let Some(surface) = k.and_then(|k| surfaces.get(k)) {
            return build(index, prose, surface);
        }
        return query;
    }
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean
            .clauses()
            .iter()
            .map(|(occur, q)| (*occur, substitute(index, prose, q.box_clone(), surfaces)))
            .collect();
        return Box::new(BooleanQuery::new(clauses));
    }
    query
}

/// The number of a placeholder term.
fn placeholder(text: &str) -> Option<usize> {
    text.strip_prefix(MARK)?.strip_suffix(MARK)?.parse().ok()
}

/// The query for one exact clause over the `prose` fields. A word: the articles with its stem
/// whose stored text holds it. A prefix: the articles with a stem that starts with it (such a
/// stem starts the words it stands for, but for a final "y" stemmed to `i`: `exact:happi*`
/// finds "happy" too), and those with a shorter stem the prefix may have (`elect` for
/// `electi*`, see `prefix.rs`) whose stored text holds a word that starts with it.
fn build(index: &Index, prose: &Prose, surface: &Surface) -> Box<dyn Query> {
    let fields: Vec<Field> = prose.fields().iter().map(|&(f, _)| f).collect();
    let stem = |word: &str| {
        let mut analyzer = index.tokenizer_for_field(fields[0]).ok()?;
        tokens(&mut analyzer, word).pop()
    };
    let over_fields = |one: &dyn Fn(Field) -> Box<dyn Query>| -> Box<dyn Query> {
        let clauses = prose
            .fields()
            .iter()
            .map(|&(f, boost)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(one(f), boost));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    };
    let regex = |pattern: &str| {
        let pattern = pattern.to_string();
        over_fields(&move |f| match RegexQuery::from_pattern(&pattern, f) {
            Ok(q) => Box::new(q),
            Err(_) => Box::new(EmptyQuery),
        })
    };
    let checked = |candidates| -> Box<dyn Query> {
        Box::new(SurfaceQuery {
            candidates,
            fields: fields.clone(),
            surface: surface.clone(),
        })
    };
    match surface {
        Surface::Word(w) => {
            let stem = stem(w).unwrap_or_else(|| w.clone());
            checked(over_fields(&|f| {
                let term = Term::from_field_text(f, &stem);
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
            }))
        }
        Surface::Prefix(p) => {
            let sure = regex(&prefix::pattern(p, &[]));
            let shorter = prefix::stems_of(p, stem(p).as_deref());
            if shorter.is_empty() {
                return sure;
            }
            let alternatives: Vec<String> = shorter.iter().map(|s| prefix::escape(s)).collect();
            let maybe = checked(regex(&alternatives.join("|")));
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, sure),
                (Occur::Should, maybe),
            ]))
        }
    }
}

/// The `candidates` whose stored prose (`fields`) holds a word that passes `surface`.
#[derive(Debug)]
struct SurfaceQuery {
    candidates: Box<dyn Query>,
    fields: Vec<Field>,
    surface: Surface,
}

impl Clone for SurfaceQuery {
    fn clone(&self) -> Self {
        SurfaceQuery {
            candidates: self.candidates.box_clone(),
            fields: self.fields.clone(),
            surface: self.surface.clone(),
        }
    }
}

impl Query for SurfaceQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(SurfaceWeight {
            candidates: self.candidates.weight(scoring)?,
            fields: self.fields.clone(),
            surface: self.surface.clone(),
        }))
    }

    /// None: the candidates' stems stand for other words too, and highlighting finds the
    /// words themselves in the query text (`highlight.rs`).
    fn query_terms<'a>(&'a self, _visitor: &mut dyn FnMut(&'a Term, bool)) {}
}

struct SurfaceWeight {
    candidates: Box<dyn Weight>,
    fields: Vec<Field>,
    surface: Surface,
}

impl Weight for SurfaceWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.candidates.scorer(reader, boost)?;
        if inner.doc() == TERMINATED {
            return Ok(Box::new(EmptyScorer));
        }
        let mut scorer = SurfaceScorer {
            inner,
            store: reader.get_store_reader(1)?,
            fields: self.fields.clone(),
            surface: self.surface.clone(),
            analyzer: exact_analyzer(),
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("exact word", scorer.score()))
    }
}

/// The candidates whose stored prose holds the word.
struct SurfaceScorer {
    inner: Box<dyn Scorer>,
    store: StoreReader,
    fields: Vec<Field>,
    surface: Surface,
    analyzer: TextAnalyzer,
}

impl SurfaceScorer {
    /// Moves on from the current candidate to the first that holds the word.
    fn settle(&mut self) -> DocId {
        let mut doc = self.inner.doc();
        while doc != TERMINATED && !self.holds(doc) {
            doc = self.inner.advance();
        }
        doc
    }

    fn holds(&mut self, doc: DocId) -> bool {
        // A document the store cannot give back is left out rather than failing the search.
        let Ok(stored) = self.store.get::<TantivyDocument>(doc) else {
            return false;
        };
        for &field in &self.fields {
            for value in stored.get_all(field) {
                let Some(text) = value.as_str() else { continue };
                if text.is_ascii() {
                    if self.surface.in_ascii(text) {
                        return true;
                    }
                    continue;
                }
                let mut stream = self.analyzer.token_stream(text);
                while stream.advance() {
                    if self.surface.matches(&stream.token().text) {
                        return true;
                    }
                }
            }
        }
        false
    }
}

impl DocSet for SurfaceScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance();
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.inner.doc() >= target {
            return self.inner.doc();
        }
        self.inner.seek(target);
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for SurfaceScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::index::open::open_or_create;

    fn by_tokens(surface: &Surface, text: &str) -> bool {
        tokens(&mut exact_analyzer(), text)
            .iter()
            .any(|w| surface.matches(w))
    }

    #[test]
    fn clauses_are_found_before_parsing() {
        assert!(has_clause("exact:reported"));
        assert!(has_clause("oil (-exact:prices) OR gas"));
        assert!(has_clause("exact:elect*"));
        assert!(!has_clause("oil prices"));
        assert!(!has_clause("inexact:word body:exact"));
    }

    #[test]
    fn placeholders_stand_for_each_clause_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let open = open_or_create(dir.path()).expect("index");
        let (text, surfaces) = extract(
            &open.index,
            &open.fields,
            "a -exact:Élus (exact:vote*) \"exact:x y\"",
        )
        .expect("extracts");
        assert_eq!(
            text,
            "a -body:qqexactqq0qqexactqq (body:qqexactqq1qqexactqq) \"exact:x y\""
        );
        assert_eq!(
            surfaces,
            [Surface::Word("elus".into()), Surface::Prefix("vote".into())]
        );
        assert_eq!(placeholder("qqexactqq1qqexactqq"), Some(1));
        // The analyzers keep a placeholder whole, so the parser makes it one term.
        let mut prose = open
            .index
            .tokenizer_for_field(open.fields.body)
            .expect("analyzer");
        assert_eq!(
            tokens(&mut prose, "qqexactqq12qqexactqq"),
            ["qqexactqq12qqexactqq"]
        );
    }

    #[test]
    fn ascii_shortcut_agrees_with_the_tokens_on_examples() {
        let text = "Elections, re-elected: the ELECTIONS' electorate 2021elections";
        for (surface, want) in [
            (Surface::Word("elections".into()), true),
            (Surface::Word("elected".into()), true),
            (Surface::Word("elect".into()), false),
            (Surface::Word("electorate".into()), true),
            (Surface::Prefix("electo".into()), true),
            (Surface::Prefix("lections".into()), false),
            (Surface::Word("2021elections".into()), true),
        ] {
            assert_eq!(surface.in_ascii(text), want, "{surface:?}");
            assert_eq!(by_tokens(&surface, text), want, "{surface:?}");
        }
    }

    proptest! {
        #[test]
        fn ascii_shortcut_agrees_with_the_tokens(
            text in "[a-cA-C0-9 ,.'-]{0,40}",
            needle in "[a-c0-9]{1,3}",
            prefix in any::<bool>(),
        ) {
            let surface = if prefix { Surface::Prefix(needle) } else { Surface::Word(needle) };
            prop_assert_eq!(surface.in_ascii(&text), by_tokens(&surface, &text));
        }
    }
}
