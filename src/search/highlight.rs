//! What to highlight: the query's words and exact phrases per field, found in stored text by
//! running the field's analyzer over it (so "elections" marks "election").
//!
//! Words come from the query's terms (`Query::query_terms`); exact phrases (quoted, without a
//! `~N` slop) come from the query text, because tantivy's query tree does not expose phrase
//! slop. A phrase occurrence is one highlight covering all its words and the text between
//! them; a word that the query only uses inside exact phrases is not marked on its own.
//! Sloppy phrases and proximity bonuses mark their words one by one.
//!
//! Stemming every word of every hit's body was most of the snippet time, so words are split
//! the way the analyzer's tokenizer splits them (runs of letters and digits) and only words
//! whose first letter starts some query stem are stemmed: English stemming keeps the first
//! letter (a test checks the shortcut against the analyzer).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rustc_hash::FxHashMap;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::Index;

use super::exact::Surface;
use crate::error::Result;
use crate::index::{fold_to_ascii, WordRuns};

/// One highlighted occurrence: its byte range in the text and which query unit it matched
/// (a word or a phrase), so passages can prefer covering different units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub range: Range<usize>,
    pub unit: usize,
}

/// The units of one field: words (stems) and exact phrases (stem sequences).
#[derive(Debug, Default, Clone)]
struct FieldUnits {
    words: FxHashMap<String, usize>,
    phrases: Vec<(Vec<String>, usize)>,
}

/// Finds query matches in stored text of the fields it was built for.
pub struct Highlighter {
    analyzer: TextAnalyzer,
    fields: FxHashMap<Field, FieldUnits>,
    /// `prefix*` words and `exact:` words, each a unit of its own.
    surfaces: Vec<(Surface, usize)>,
    /// First letters of every stem in `fields`: only words starting so are stemmed.
    first_letters: Vec<char>,
    /// Stems of the words seen so far (news text repeats its words: stemming each once
    /// halved the snippet time of frequent query letters).
    stems: FxHashMap<String, String>,
}

/// A word of the text that may match: its stem (empty when not stemmed), byte range,
/// position, and the prefix unit it matches, if any.
struct Token {
    stem: String,
    range: Range<usize>,
    position: usize,
    prefix: Option<usize>,
}

impl Highlighter {
    /// Prepares highlighting of `query` (parsed from `text`) in `fields`, which must share
    /// one analyzer (the prose fields do).
    pub fn new(index: &Index, query: &dyn Query, text: &str, fields: &[Field]) -> Result<Self> {
        let mut analyzer = index.tokenizer_for_field(fields[0])?;
        let phrases: Vec<Vec<String>> = exact_phrases(text)
            .iter()
            .map(|p| analyse(&mut analyzer, p))
            .filter(|p| p.len() > 1)
            .collect();
        let mut terms: HashMap<Field, (HashSet<String>, HashSet<String>)> = HashMap::new();
        query.query_terms(&mut |term, positional| {
            if let (true, Some(word)) = (fields.contains(&term.field()), term.value().as_str()) {
                let (plain, pos) = terms.entry(term.field()).or_default();
                if positional { pos } else { plain }.insert(word.to_string());
            }
        });
        let mut next_unit = 0;
        let mut by_field = FxHashMap::default();
        for (field, (plain, positional)) in terms {
            let units = field_units(&phrases, plain, positional, &mut next_unit);
            by_field.insert(field, units);
        }
        let surfaces = surfaces(text)
            .into_iter()
            .map(|p| {
                next_unit += 1;
                (p, next_unit)
            })
            .collect();
        let mut first_letters: Vec<char> = by_field
            .values()
            .flat_map(|u| u.words.keys().chain(u.phrases.iter().flat_map(|(p, _)| p)))
            .filter_map(|stem| stem.chars().next())
            .collect();
        first_letters.sort_unstable();
        first_letters.dedup();
        Ok(Highlighter {
            analyzer,
            fields: by_field,
            surfaces,
            first_letters,
            stems: FxHashMap::default(),
        })
    }

    /// The query's matches in `text` of `field`, in text order, not overlapping.
    pub fn matches(&mut self, field: Field, text: &str) -> Vec<Match> {
        let stemmed = self.fields.contains_key(&field);
        let tokens = self.candidates(text, stemmed);
        let Some(units) = self.fields.get(&field) else {
            return tokens.into_iter().filter_map(prefix_match).collect();
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some((len, unit)) = phrase_at(&units.phrases, &tokens[i..]) {
                let range = tokens[i].range.start..tokens[i + len - 1].range.end;
                out.push(Match { range, unit });
                i += len;
                continue;
            }
            let unit = units.words.get(&tokens[i].stem).copied();
            if let Some(unit) = unit.or(tokens[i].prefix) {
                out.push(Match {
                    range: tokens[i].range.clone(),
                    unit,
                });
            }
            i += 1;
        }
        out
    }

    /// True when the query has something to mark in `field`.
    pub fn covers(&self, field: Field) -> bool {
        self.fields.contains_key(&field) || !self.surfaces.is_empty()
    }

    /// The words of `text` that may match: stemmed when `stem` and their first letter starts
    /// a query stem, or matching a `prefix*`.
    fn candidates(&mut self, text: &str, stem: bool) -> Vec<Token> {
        let mut out = Vec::new();
        for (position, range) in words(text).enumerate() {
            let word = &text[range.clone()];
            let first = match word.as_bytes()[0] {
                b if b.is_ascii() => Some(char::from(b.to_ascii_lowercase())),
                _ => word.chars().flat_map(char::to_lowercase).next(),
            };
            let stem = match first {
                // A letter beyond ASCII may fold to a query stem's first (`É` to `e`).
                Some(c) if stem && (!c.is_ascii() || self.first_letters.contains(&c)) => {
                    self.stem(word)
                }
                _ => String::new(),
            };
            let prefix = surface_unit(&self.surfaces, word);
            if !stem.is_empty() || prefix.is_some() {
                out.push(Token {
                    stem,
                    range,
                    position,
                    prefix,
                });
            }
        }
        out
    }
}

impl Highlighter {
    /// The analyzer's stem of `word` (empty if it has none), remembered.
    fn stem(&mut self, word: &str) -> String {
        if let Some(stem) = self.stems.get(word) {
            return stem.clone();
        }
        let stem = analyse(&mut self.analyzer, word).pop().unwrap_or_default();
        self.stems.insert(word.to_string(), stem.clone());
        stem
    }
}

fn prefix_match(t: Token) -> Option<Match> {
    Some(Match {
        range: t.range,
        unit: t.prefix?,
    })
}

/// Byte ranges of the runs of letters and digits in `text`, as tantivy's simple tokenizer
/// (the first step of the `en_stem` analyzer) splits it, so positions agree with the index.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    WordRuns::new(text).map(|(range, _)| range)
}

/// Units of one field: plain terms are words; positional terms are words too unless every
/// use of them is inside an exact phrase found in this field.
fn field_units(
    phrases: &[Vec<String>],
    plain: HashSet<String>,
    positional: HashSet<String>,
    next_unit: &mut usize,
) -> FieldUnits {
    let mut units = FieldUnits::default();
    for phrase in phrases {
        if phrase.iter().all(|s| positional.contains(s)) {
            *next_unit += 1;
            units.phrases.push((phrase.clone(), *next_unit));
        }
    }
    let in_phrase = |s: &String| units.phrases.iter().any(|(p, _)| p.contains(s));
    let loose: Vec<String> = positional
        .iter()
        .filter(|s| !in_phrase(s))
        .cloned()
        .collect();
    for word in plain.into_iter().chain(loose) {
        units.words.entry(word).or_insert_with(|| {
            *next_unit += 1;
            *next_unit
        });
    }
    units
}

/// The phrase starting at `tokens[0]` (consecutive positions), as (length, unit).
fn phrase_at(phrases: &[(Vec<String>, usize)], tokens: &[Token]) -> Option<(usize, usize)> {
    phrases.iter().find_map(|(stems, unit)| {
        let window = tokens.get(..stems.len())?;
        let first = window[0].position;
        let hit = window
            .iter()
            .zip(stems)
            .enumerate()
            .all(|(k, (t, s))| t.position == first + k && &t.stem == s);
        hit.then_some((stems.len(), *unit))
    })
}

fn surface_unit(surfaces: &[(Surface, usize)], word: &str) -> Option<usize> {
    if surfaces.is_empty() {
        return None;
    }
    let mut lower = word.to_lowercase();
    fold_to_ascii(&mut lower);
    surfaces
        .iter()
        .find(|(s, _)| s.matches(&lower))
        .map(|(_, u)| *u)
}

/// The stems `analyzer` makes of `text`.
fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(std::mem::take(&mut stream.token_mut().text));
    }
    out
}

/// The quoted parts of `text` that are exact phrases (not followed by `~N` with N > 0).
pub fn exact_phrases(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else { break };
        let phrase = &after[..close];
        rest = &after[close + 1..];
        let slop: String = rest
            .strip_prefix('~')
            .map(|s| s.chars().take_while(char::is_ascii_digit).collect())
            .unwrap_or_default();
        if slop.parse::<u32>().unwrap_or(0) == 0 {
            out.push(phrase);
        }
    }
    out
}

/// Lower-cased and folded `prefix*` words of `text` (at least two letters, so `a*` marks
/// nothing) and `exact:` words.
fn surfaces(text: &str) -> Vec<Surface> {
    let fold = |w: &str| {
        let mut w = w.trim_start_matches(['-', '+']).to_lowercase();
        fold_to_ascii(&mut w);
        w
    };
    let letters = |w: &String| w.chars().count() >= 2 && w.chars().all(char::is_alphanumeric);
    let mut out = Vec::new();
    for piece in text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"')) {
        if let Some(p) = piece.strip_suffix('*') {
            let p = fold(p.rsplit(':').next().unwrap_or(p));
            if letters(&p) {
                out.push(Surface::Prefix(p));
            }
        } else if let Some(w) = piece.trim_start_matches(['-', '+']).strip_prefix("exact:") {
            let w = fold(w);
            if letters(&w) {
                out.push(Surface::Word(w));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::build_schema;
    use crate::index::Fields;
    use crate::search::query;

    fn marked(query_text: &str, body: &str) -> Vec<String> {
        let index = Index::create_in_ram(build_schema());
        let f = Fields::from_schema(&index.schema()).expect("fields");
        let prose = crate::search::natural::Prose::all(&f);
        let parsed = query::parse(&index, &f, &prose, query_text, true).expect("parses");
        let mut h = Highlighter::new(&index, &*parsed.query, query_text, &[f.body, f.headline])
            .expect("highlighter");
        h.matches(f.body, body)
            .into_iter()
            .map(|m| body[m.range].to_string())
            .collect()
    }

    #[test]
    fn marks_words_whatever_their_accents() {
        let dir = tempfile::tempdir().expect("tempdir");
        let open = crate::index::open::open_or_create(dir.path()).expect("index");
        let (index, f) = (&open.index, &open.fields);
        let prose = crate::search::natural::Prose::all(f);
        let body = "Élysée talks in Zürich; the Elysee said Zurich cafés";
        for (q, want) in [
            ("zurich", ["Zürich", "Zurich"]),
            ("ÉLYSÉE", ["Élysée", "Elysee"]),
            ("zür*", ["Zürich", "Zurich"]),
        ] {
            let parsed = query::parse(index, f, &prose, q, true).expect("parses");
            let mut h = Highlighter::new(index, &*parsed.query, q, &[f.body]).expect("highlighter");
            let got: Vec<&str> = h
                .matches(f.body, body)
                .into_iter()
                .map(|m| &body[m.range])
                .collect();
            assert_eq!(got, want, "query {q:?}");
        }
    }

    #[test]
    fn marks_words_phrases_and_prefixes() {
        let body =
            "Elections and election\nmeddling: meddling in an election, said Putin to Biden.";
        let cases: &[(&str, &[&str])] = &[
            ("election", &["Elections", "election", "election"]),
            (
                "election meddling",
                &["Elections", "election", "meddling", "meddling", "election"],
            ),
            ("\"election meddling\"", &["election\nmeddling"]),
            ("\"putin biden\"~5", &["Putin", "Biden"]),
            ("medd*", &["meddling", "meddling"]),
            ("headline:meddling", &[]),
        ];
        for (q, want) in cases {
            assert_eq!(marked(q, body), *want, "query {q:?}");
        }
    }

    proptest::proptest! {
        /// [`words`] splits as runs of `char::is_alphanumeric`, ASCII or not.
        #[test]
        fn words_are_the_runs_of_letters_and_digits(text in "[a-zA-Z0-9 ,.'éÉß\u{2009}ü1٣-]{0,40}") {
            let mut want = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        want.push(s..i);
                        start = None;
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn shortcut_agrees_with_the_analyzer() {
        let index = Index::create_in_ram(build_schema());
        let f = Fields::from_schema(&index.schema()).expect("fields");
        let mut analyzer = index.tokenizer_for_field(f.body).expect("analyzer");
        let text = "Dying skies: the Élysée's 2021 ÉLECTIONS, lying idly; naïve Ärzte \
                    généralement news ugly x y3 1st ab-cd ünïcödé İstanbul";
        let mut full = Vec::new();
        {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let t = stream.token();
                full.push((t.text.clone(), t.offset_from..t.offset_to, t.position));
            }
        }
        assert_eq!(words(text).count(), full.len());
        for (position, range) in words(text).enumerate() {
            let word = &text[range.clone()];
            let stem = analyse(&mut analyzer, word).pop().expect("a stem");
            let first_of = |s: &str| s.chars().flat_map(char::to_lowercase).next();
            assert_eq!(first_of(word), first_of(&stem), "{word}");
            assert!(full.contains(&(stem, range, position)), "{word}");
        }
    }

    #[test]
    fn exact_phrases_skip_sloppy_ones() {
        let cases: &[(&str, &[&str])] = &[
            ("\"a b\" c", &["a b"]),
            ("\"a b\"~2 \"c d\"", &["c d"]),
            ("\"a b\"~0", &["a b"]),
            ("\"open", &[]),
            ("none", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(exact_phrases(text), *want, "{text:?}");
        }
    }

    #[test]
    fn prefixes_need_two_letters() {
        let prefix = |p: &str| Surface::Prefix(p.into());
        assert_eq!(
            surfaces("elect* a* body:med* x exact:Élu exact:b"),
            [prefix("elect"), prefix("med"), Surface::Word("elu".into())]
        );
    }
}
