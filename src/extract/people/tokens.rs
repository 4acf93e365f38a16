//! Splits a paragraph into the word tokens the people finder looks at: each word's shape
//! (capitalised, all capitals, initial, lower case), whether only whitespace separates it from
//! the previous word, and whether it carried a possessive. Tokens borrow from the paragraph.

use super::lexicon::{is_dotted_acronym, is_particle, is_regnal_number, keeps_dot, lookup, Entry};

/// What a word looks like, which decides whether it can be part of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Capitalised: `Putin`, `O'Neill`, `Jean-Luc`, `al-Assad`, `Mr.`.
    Cap,
    /// Two or more capitals and no lower case: `NATO`, `US`, `U.S.`, headline words.
    Upper,
    /// A capital letter with a dot, or a dotted group: `W.`, `J.K.`.
    Initial,
    /// Starts in lower case: `said`, `von`.
    Lower,
    /// Digits, or letters without case.
    Other,
}

/// What the word lists say about a word, looked up once per token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Never part of a name (`Ministry`, `Monday`, `However`).
    Stop,
    /// A title cue (`President`, `Mr.`, `spokesman`).
    Title,
    /// A known given name.
    FirstName,
    /// A lower-case name particle (`von`, `bin`).
    Particle,
    /// A regnal number (`III`).
    Regnal,
    /// None of these.
    Plain,
}

/// One word of a paragraph.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    /// The word as written, without a possessive; keeps the dot of initials and `Mr.`-style
    /// abbreviations.
    pub(super) text: &'a str,
    /// Byte offset of the word in the paragraph.
    pub(super) start: usize,
    pub(super) kind: Kind,
    pub(super) role: Role,
    /// Only whitespace separates it from the previous word, so it can continue a name.
    pub(super) joined: bool,
    /// It ended in a possessive (`’s`, `'s`, `s'`), which was cut off; a name ends here.
    pub(super) possessive: bool,
}

/// Replaces `out` with the words of `text`.
pub(super) fn tokenize<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    out.clear();
    // Whether only whitespace, and some, was seen since the last word ("U.S" is not two
    // joined words).
    let (mut i, mut spaced, mut broken) = (0, false, true);
    while let Some(c) = char_at(text, i) {
        if !is_word_char(c) {
            i += c.len_utf8();
            let space = c.is_whitespace();
            (spaced, broken) = (spaced | space, broken | !space);
            continue;
        }
        let w = read_word(text, i);
        out.push(Token {
            text: &text[i..w.text_end],
            start: i,
            kind: w.kind,
            role: role_of(w.kind, &text[i..w.text_end]),
            joined: spaced && !broken,
            possessive: w.possessive,
        });
        (i, spaced, broken) = (w.next, false, false);
    }
}

/// Where a word ends and what it is.
struct Word {
    /// End of the token text (before a possessive).
    text_end: usize,
    /// Where scanning resumes.
    next: usize,
    kind: Kind,
    possessive: bool,
}

/// Reads the word starting at `start`: letters and digits, joined by inner apostrophes
/// (`O'Neill`) and hyphens (`Ocasio-Cortez`); a final `'s`/`’s` or `s'` is a possessive.
fn read_word(text: &str, start: usize) -> Word {
    let bytes = text.as_bytes();
    let mut end = start;
    loop {
        // Fast path over plain ASCII letters and digits, the bulk of a word.
        end += bytes[end..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let Some(c) = char_at(text, end) else {
            break;
        };
        if is_word_char(c) {
            end += c.len_utf8();
            continue;
        }
        let after = end + c.len_utf8();
        let next = char_at(text, after);
        let next_alpha = next.is_some_and(char::is_alphabetic);
        if matches!(c, '\'' | '’') {
            let tail = char_at(text, after + 1).is_some_and(char::is_alphanumeric);
            if matches!(next, Some('s' | 'S')) && !tail {
                return possessive(text, start, end, after + 1);
            }
            if !next_alpha && text[start..end].ends_with('s') {
                return possessive(text, start, end, after);
            }
        }
        if !(next_alpha && matches!(c, '\'' | '’' | '-')) {
            break;
        }
        end = after;
    }
    with_dot(text, start, end)
}

fn possessive(text: &str, start: usize, end: usize, next: usize) -> Word {
    let kind = kind_of(&text[start..end]);
    Word {
        text_end: end,
        next,
        kind,
        possessive: true,
    }
}

/// Takes a following dot into the word when it belongs to it: initials (`W.`, `J.K.`) and
/// abbreviations such as `Mr.`; otherwise the dot is left to end the sentence.
fn with_dot(text: &str, start: usize, end: usize) -> Word {
    let word = &text[start..end];
    let mut chars = word.chars();
    let single = chars.next().filter(|_| chars.next().is_none());
    let (text_end, kind) = match single {
        _ if char_at(text, end) != Some('.') => (end, kind_of(word)),
        Some(letter) => {
            let e = dotted_group_end(text, end + 1);
            let kind = match () {
                _ if is_dotted_acronym(&text[start..e]) => Kind::Upper,
                _ if letter.is_uppercase() => Kind::Initial,
                _ => Kind::Lower,
            };
            (e, kind)
        }
        None if keeps_dot(word) => (end + 1, kind_of(word)),
        None => (end, kind_of(word)),
    };
    Word {
        text_end,
        next: text_end,
        kind,
        possessive: false,
    }
}

/// End of a dotted letter group written without spaces (`J.K.`, `U.S.`), given the index
/// after its first dot.
fn dotted_group_end(text: &str, mut e: usize) -> usize {
    while let Some(letter) = char_at(text, e).filter(|c| c.is_alphabetic()) {
        let dot = e + letter.len_utf8();
        let more = char_at(text, dot + 1).is_some_and(char::is_alphanumeric);
        if char_at(text, dot) != Some('.') || more {
            break;
        }
        e = dot + 1;
    }
    e
}

/// The shape of a word without its dot, in one pass over its chars.
fn kind_of(word: &str) -> Kind {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Kind::Other;
    };
    if first.is_lowercase() {
        return if glued_particle(word) {
            Kind::Cap
        } else {
            Kind::Lower
        };
    }
    if !first.is_uppercase() {
        return Kind::Other;
    }
    let (mut capitals, mut lower) = (1, false);
    for c in chars {
        if c.is_numeric() {
            return Kind::Other;
        }
        lower |= c.is_lowercase();
        capitals += usize::from(c.is_uppercase());
    }
    if !lower && capitals >= 2 {
        Kind::Upper
    } else {
        Kind::Cap
    }
}

/// `al-Assad`, `el-Sisi`: a lower-case particle glued to a capitalised name. Particles are
/// short, so only a hyphen near the start is worth a look (most words have none).
fn glued_particle(word: &str) -> bool {
    let near = &word.as_bytes()[..word.len().min(5)];
    if !near.contains(&b'-') {
        return false;
    }
    word.split_once('-').is_some_and(|(p, rest)| {
        is_particle(p) && rest.chars().next().is_some_and(char::is_uppercase)
    })
}

/// The word lists consulted for a word of this shape (only those that can matter for it).
fn role_of(kind: Kind, word: &str) -> Role {
    match kind {
        Kind::Cap => match lookup(word) {
            Some(Entry::Stop) => Role::Stop,
            Some(Entry::Title) => Role::Title,
            Some(Entry::FirstName) => Role::FirstName,
            None => hyphenated_role(word),
        },
        // Only particles matter for lower-case words here; a lower-case title before a name
        // is looked up by the caller, rarely.
        Kind::Lower if is_particle(word) => Role::Particle,
        Kind::Upper if is_regnal_number(word) => Role::Regnal,
        _ => Role::Plain,
    }
}

/// `Secretary-General` and `Vice-President` are titles (the last part is one); `Jean-Luc` and
/// `Heinz-Harald` are given names (the first part is one).
fn hyphenated_role(word: &str) -> Role {
    let Some((head, _)) = word.split_once('-') else {
        return Role::Plain;
    };
    let tail = word.rsplit_once('-').map_or("", |(_, t)| t);
    if lookup(tail) == Some(Entry::Title) {
        Role::Title
    } else if lookup(head) == Some(Entry::FirstName) {
        Role::FirstName
    } else {
        Role::Plain
    }
}

/// Letters and digits make words. Punctuation from U+2000–U+206F (curly quotes, dashes) is
/// common in news text and is ruled out before the slower Unicode tables are consulted.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
}

/// The char at byte `i`, with a fast path for ASCII.
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some(char::from(b));
    }
    text.get(i..)?.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders tokens as `text:kind` with `+` for joined and `'s` for possessive.
    fn render(text: &str) -> String {
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let parts: Vec<String> = toks
            .iter()
            .map(|t| {
                let join = if t.joined { "+" } else { "" };
                let poss = if t.possessive { "'s" } else { "" };
                format!("{join}{}:{:?}{poss}", t.text, t.kind)
            })
            .collect();
        parts.join(" ")
    }

    #[test]
    fn shapes_and_joins() {
        let cases = [
            ("Mr. Lane's dog", "Mr.:Cap +Lane:Cap's +dog:Lower"),
            ("Ada Lane’s", "Ada:Cap +Lane:Cap's"),
            ("the Jones' house", "the:Lower +Jones:Cap's +house:Lower"),
            ("George W. Bush", "George:Cap +W.:Initial +Bush:Cap"),
            (
                "J.K. Rowe, U.S. aid",
                "J.K.:Initial +Rowe:Cap U.S.:Upper +aid:Lower",
            ),
            ("U.S policy", "U.:Initial S:Cap +policy:Lower"),
            ("Jean-Luc O'Hara", "Jean-Luc:Cap +O'Hara:Cap"),
            ("Bashar al-Assad", "Bashar:Cap +al-Assad:Cap"),
            ("NATO said G7", "NATO:Upper +said:Lower +G7:Other"),
            ("end. Next (Ann) Lee", "end:Lower Next:Cap Ann:Cap Lee:Cap"),
            ("‘worst’ over", "worst:Lower over:Lower"),
        ];
        for (text, want) in cases {
            assert_eq!(render(text), want, "{text:?}");
        }
    }
}
