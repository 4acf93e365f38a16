//! `prefix*` words. tantivy's parser reads `word*` as a phrase prefix, which needs two words,
//! so a lone `pres*` matched nothing. Each such word is rewritten, before parsing, into a
//! regular expression over the indexed words of each field it searches: `pres*` becomes
//! `(headline:/pres.*/ OR body:/pres.*/ OR captions:/pres.*/)`, `-people:bid*` becomes
//! `-people:/bid.*/`.
//!
//! The prefix is lower-cased and folded as the index's words are. The prose fields hold
//! stems, though, and a stem is often shorter than the words it stands for ("election" is
//! indexed as `elect`, "meddling" as `meddl`), so there a prefix also matches its own stem and
//! its first letters down to three fewer (at least five): `electi*` finds "election", and also
//! "elected", which has the same stem. That is fast; `exact:electi*` (`exact.rs`) reads the
//! stored text to tell them apart, which takes seconds when the stem is frequent.

use tantivy::schema::Field;
use tantivy::Index;

use super::natural::{tokens, Prose};
use crate::index::schema::name;
use crate::index::Fields;

/// Prose fields a prefix may name (stemmed words).
const PROSE: &[&str] = &[name::HEADLINE, name::BODY, name::CAPTIONS, name::RELATED];

/// `text` with every unquoted `word*` and `field:word*` rewritten; anything else (a phrase
/// prefix `"big bad wo"*`, `*` alone, a prefix of two words such as `u.s*`) is left to the
/// parser.
pub fn expand(index: &Index, fields: &Fields, prose: &Prose, text: &str) -> String {
    let mut quoted = false;
    let words: Vec<String> = text
        .split_whitespace()
        .map(|word| {
            let inside = quoted || word.contains('"');
            quoted ^= word.matches('"').count() % 2 == 1;
            if inside {
                return word.to_string();
            }
            rewrite(index, fields, prose, word).unwrap_or_else(|| word.to_string())
        })
        .collect();
    words.join(" ")
}

/// One `word*` rewritten, with its sign, brackets and field.
fn rewrite(index: &Index, fields: &Fields, prose: &Prose, word: &str) -> Option<String> {
    let body = word.trim_start_matches(['-', '+', '(']);
    let lead = &word[..word.len() - body.len()];
    let core = body.trim_end_matches(')');
    let trail = &body[core.len()..];
    let prefix = core.strip_suffix('*')?;
    let (field, prefix) = match prefix.split_once(':') {
        Some((f, p)) => (Some(f), p),
        None => (None, prefix),
    };
    if prefix.is_empty() || prefix.contains(['*', ':', '[', ']', '{', '}', '^', '~', '\\', '/']) {
        return None;
    }
    let folded = one_word(index, fields.section, prefix)?;
    let targets = match field {
        Some(name) => vec![target(fields, name)?],
        None => prose.fields().iter().map(|&(f, _)| (f, true)).collect(),
    };
    let stem = one_word(index, fields.body, prefix);
    let schema = index.schema();
    let clauses: Vec<String> = targets
        .iter()
        .map(|&(field, stemmed)| {
            let shorter = if stemmed {
                stems_of(&folded, stem.as_deref())
            } else {
                Vec::new()
            };
            let name = schema.get_field_name(field);
            format!("{name}:/{}/", pattern(&folded, &shorter))
        })
        .collect();
    Some(match clauses.as_slice() {
        [one] => format!("{lead}{one}{trail}"),
        many => format!("{lead}({}){trail}", many.join(" OR ")),
    })
}

/// The field `name` names and whether its words are stems; `None` for a field that holds no
/// words to match a prefix against (dates, ids) or that another module reads (`exact:`).
fn target(fields: &Fields, name: &str) -> Option<(Field, bool)> {
    let field = match name {
        name::HEADLINE => fields.headline,
        name::BODY => fields.body,
        name::CAPTIONS => fields.captions,
        name::RELATED => fields.related,
        name::SECTION => fields.section,
        name::PEOPLE => fields.people,
        name::SOURCES => fields.sources,
        name::AUTHORS => fields.authors,
        _ => return None,
    };
    Some((field, PROSE.contains(&name)))
}

/// A regular expression for the words that start with `prefix` (folded) or are one of
/// `shorter`.
pub(super) fn pattern(prefix: &str, shorter: &[String]) -> String {
    let mut pattern = format!("{}.*", escape(prefix));
    for short in shorter {
        pattern = format!("{pattern}|{}", escape(short));
    }
    pattern
}

/// The stems a word starting with `prefix` may have that do not start with it: `stem`
/// (the prefix's own) and the prefix's first letters, down to three fewer and at least five.
pub(super) fn stems_of(prefix: &str, stem: Option<&str>) -> Vec<String> {
    let chars: Vec<char> = prefix.chars().collect();
    let shortest = chars.len().saturating_sub(3).max(5);
    let mut out: Vec<String> = (shortest..chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect();
    if let Some(stem) = stem.filter(|s| !s.starts_with(prefix) && !out.iter().any(|o| o == s)) {
        out.push(stem.to_string());
    }
    out
}

/// The single word `text` makes in `field`'s analysis, if it makes exactly one.
fn one_word(index: &Index, field: Field, text: &str) -> Option<String> {
    let mut words = tokens(&mut index.tokenizer_for_field(field).ok()?, text);
    (words.len() == 1).then(|| words.remove(0))
}

/// `word` as a literal in a regular expression.
pub(super) fn escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii_punctuation() || c == ' ' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::open::open_or_create;

    fn expanded(text: &str) -> String {
        let dir = tempfile::tempdir().expect("tempdir");
        let open = open_or_create(dir.path()).expect("index");
        let prose = Prose::all(&open.fields);
        expand(&open.index, &open.fields, &prose, text)
    }

    #[test]
    fn a_prefix_searches_each_prose_field() {
        assert_eq!(
            expanded("pres* senate"),
            "(headline:/pres.*/ OR body:/pres.*/ OR captions:/pres.*/) senate"
        );
    }

    #[test]
    fn signs_brackets_and_fields_are_kept() {
        assert_eq!(expanded("-body:Zür*"), "-body:/zur.*/");
        assert_eq!(expanded("(people:bid*)"), "(people:/bid.*/)");
        assert_eq!(expanded("+headline:oil*)"), "+headline:/oil.*/)");
    }

    #[test]
    fn a_prefix_also_matches_the_stems_shorter_than_it() {
        assert_eq!(expanded("body:electi*"), "body:/electi.*|elect/");
        assert_eq!(
            expanded("body:meddling*"),
            "body:/meddling.*|meddl|meddli|meddlin/"
        );
        assert_eq!(expanded("body:happy*"), "body:/happy.*|happi/");
        // Short prefixes, and label fields (no stems), match only words that start with them.
        assert_eq!(expanded("body:elect*"), "body:/elect.*/");
        assert_eq!(expanded("body:pres*"), "body:/pres.*/");
        assert_eq!(expanded("people:electi*"), "people:/electi.*/");
    }

    #[test]
    fn phrases_and_what_the_parser_reads_are_left_alone() {
        for text in [
            "\"big bad wo\"*",
            "\"pres* inside\" quotes",
            "*",
            "u.s*",
            "date:2021*",
            "id:politics*",
            "body:*",
            "a*b",
        ] {
            assert_eq!(expanded(text), text);
        }
    }
}
