//! Splits a paragraph into the word tokens the people finder looks at: each word's shape
//! (capitalised, all capitals, initial, lower case), whether only whitespace separates it from
//! the previous word, and whether it carried a possessive. Tokens borrow from the paragraph.

use super::lexicon::{is_dotted_acronym, is_particle, keeps_dot};

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

/// One word of a paragraph.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    /// The word as written, without a possessive; keeps the dot of initials and `Mr.`-style
    /// abbreviations.
    pub(super) text: &'a str,
    /// Byte offset of the word in the paragraph.
    pub(super) start: usize,
    pub(super) kind: Kind,
    /// Only whitespace separates it from the previous word, so it can continue a name.
    pub(super) joined: bool,
    /// It ended in a possessive (`’s`, `'s`, `s'`), which was cut off; a name ends here.
    pub(super) possessive: bool,
}

/// Replaces `out` with the words of `text`.
pub(super) fn tokenize<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    out.clear();
    let (mut i, mut joined) = (0, false);
    while let Some(c) = char_at(text, i) {
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            joined &= c.is_whitespace();
            continue;
        }
        let w = read_word(text, i);
        let text_of = &text[i..w.text_end];
        out.push(Token {
            text: text_of,
            start: i,
            kind: w.kind,
            joined,
            possessive: w.possessive,
        });
        i = w.next;
        joined = true;
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
    let mut end = start;
    while let Some(c) = char_at(text, end) {
        if c.is_alphanumeric() {
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
        if !(next_alpha && matches!(c, '\'' | '’' | '-' | '‐')) {
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
    let plain = Word {
        text_end: end,
        next: end,
        kind: kind_of(word),
        possessive: false,
    };
    if char_at(text, end) != Some('.') {
        return plain;
    }
    let mut chars = word.chars();
    let single = chars.next().filter(|_| chars.next().is_none());
    if let Some(letter) = single {
        // Absorb a dotted group written without spaces: `J.K.`, `U.S.`.
        let mut e = end + 1;
        while let (Some(l), Some('.')) = (char_at(text, e), char_at(text, e + 1)) {
            if !l.is_alphabetic() || char_at(text, e + 2).is_some_and(char::is_alphanumeric) {
                break;
            }
            e += l.len_utf8() + 1;
        }
        let group = &text[start..e];
        let kind = match () {
            _ if is_dotted_acronym(group) => Kind::Upper,
            _ if letter.is_uppercase() => Kind::Initial,
            _ => Kind::Lower,
        };
        return Word {
            text_end: e,
            next: e,
            kind,
            possessive: false,
        };
    }
    if keeps_dot(word) {
        return Word {
            text_end: end + 1,
            next: end + 1,
            ..plain
        };
    }
    plain
}

/// The shape of a word without its dot.
fn kind_of(word: &str) -> Kind {
    let Some(first) = word.chars().next() else {
        return Kind::Other;
    };
    if first.is_lowercase() {
        // `al-Assad`, `el-Sisi`: a particle glued to a capitalised name.
        let glued = word.split_once(['-', '‐']).is_some_and(|(p, rest)| {
            is_particle(p) && rest.chars().next().is_some_and(char::is_uppercase)
        });
        return if glued { Kind::Cap } else { Kind::Lower };
    }
    if !first.is_uppercase() || word.chars().any(char::is_numeric) {
        return Kind::Other;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let all_upper = letters.clone().all(char::is_uppercase);
    if all_upper && letters.nth(1).is_some() {
        Kind::Upper
    } else {
        Kind::Cap
    }
}

fn char_at(text: &str, i: usize) -> Option<char> {
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
            ("J.K. Rowe, U.S. aid", "J.K.:Initial +Rowe:Cap U.S.:Upper +aid:Lower"),
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
