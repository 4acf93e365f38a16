//! Splits a paragraph into tokens the way CoNLL-2003 is tokenised, so the tagger sees at run
//! time what it was trained on: punctuation, quotes and brackets are tokens of their own, a
//! possessive (`'s`, `’s`, a bare `'` after `s`) and the contractions `n't 're 've 'll 'd 'm`
//! are split off, and a final dot stays on initials (`W.`), dotted groups (`U.S.`) and known
//! abbreviations (`Mr.`, `Corp.`). Hyphens, inner apostrophes and inner dots keep a word whole
//! (`Ocasio-Cortez`, `O'Neill`, `1996-08-22`). Tokens borrow from the paragraph.

use super::lexicon::keeps_dot;

/// One token of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte offset of the token in the paragraph.
    pub start: usize,
}

impl Token<'_> {
    /// Byte offset just past the token.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// Replaces `out` with the tokens of `text`.
#[cfg(test)]
pub fn tokenize<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    out.clear();
    tokenize_into(text, out);
}

/// Appends the tokens of `text` to `out`.
pub fn tokenize_into<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // Most chunks are ASCII letters and digits, perhaps with one closing mark: count what
        // else they hold on the way.
        let (mut e, mut others, mut last_other) = (i, 0usize, 0usize);
        while let Some(&b) = bytes.get(e) {
            match BYTE_CLASS[usize::from(b)] {
                ALNUM => e += 1,
                MARK => {
                    others += 1;
                    last_other = e;
                    e += 1;
                }
                SPACE => break,
                _ => {
                    if unicode_space(text, e) {
                        break;
                    }
                    others += 2;
                    e += char_len(b);
                }
            }
        }
        if e == i {
            // A non-ASCII space (no-break, thin): skip it.
            i += char_len(bytes[i]);
            continue;
        }
        if others == 0 {
            // Letters and digits only: one token (no mark to split off, no clitic).
            out.push(Token {
                text: &text[i..e],
                start: i,
            });
        } else if others == 1 && last_other == e - 1 && e - i > 1 && closes(bytes[e - 1]) {
            // `said,` `Putin)`: the word, then the mark.
            out.push(Token {
                text: &text[i..e - 1],
                start: i,
            });
            out.push(Token {
                text: &text[e - 1..e],
                start: e - 1,
            });
        } else if let Some(cut) = whole_word_end(text, i, e) {
            // `1.25` `Ocasio-Cortez` `said.` `U.S.`: the word, perhaps then its final dot.
            out.push(Token {
                text: &text[i..cut],
                start: i,
            });
            if cut < e {
                out.push(Token {
                    text: &text[cut..e],
                    start: cut,
                });
            }
        } else {
            split_at_inner_marks(text, i, e, out);
        }
        i = e;
    }
}

/// Where the first token of the whitespace-free chunk `text[s..e]` ends, when the chunk is one
/// ASCII word with inner marks that keep it whole (a dot or hyphen between letters or digits, a
/// comma between digits) and perhaps a final dot: `e`, or `e - 1` when that dot ends a sentence
/// (see [`dot_piece`]). `None` for any other chunk. A shortcut past
/// [`split_at_inner_marks`], which splits such chunks the same way, for the chunks most marks
/// are in (`1.25`, `1,000`, `Ocasio-Cortez`, `said.`, `U.S.`).
fn whole_word_end(text: &str, s: usize, e: usize) -> Option<usize> {
    let b = &text.as_bytes()[s..e];
    let alnum = |k: usize| b[k].is_ascii_alphanumeric();
    let dot_end = b.last() == Some(&b'.');
    let core = b.len() - usize::from(dot_end);
    if core == 0 || !alnum(0) || !alnum(core - 1) {
        return None;
    }
    let keeps = |w: &[u8]| match w[1] {
        b'.' | b'-' => w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric(),
        b',' => w[0].is_ascii_digit() && w[2].is_ascii_digit(),
        c => c.is_ascii_alphanumeric(),
    };
    if !b[..core].windows(3).all(keeps) {
        return None;
    }
    Some(if dot_end {
        e - dot_piece(&text[s..e])
    } else {
        e
    })
}

/// [`BYTE_CLASS`]: an ASCII letter or digit.
const ALNUM: u8 = 0;
/// [`BYTE_CLASS`]: another ASCII character that is not white space.
const MARK: u8 = 1;
/// [`BYTE_CLASS`]: ASCII white space (as [`u8::is_ascii_whitespace`]).
const SPACE: u8 = 2;
/// [`BYTE_CLASS`]: a byte of a non-ASCII character.
const WIDE: u8 = 3;

/// The class of each byte, for the chunk loop of [`tokenize_into`].
static BYTE_CLASS: [u8; 256] = {
    let mut t = [WIDE; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            ALNUM
        } else if c.is_ascii_whitespace() {
            SPACE
        } else {
            MARK
        };
        b += 1;
    }
    t
};

/// An ASCII mark that [`trailing_piece`] always splits off the end of a chunk.
fn closes(b: u8) -> bool {
    matches!(
        b,
        b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'}' | b'>' | b'"' | b'%'
    )
}

/// Splits the whitespace-free chunk `text[s..e]` at what separates words inside it, each a
/// token of its own: runs of two or more dots (table leaders `Trust.....7.25`, unspaced
/// ellipses `so...then`) and a comma between a letter and a letter or digit (`Appleton,31`,
/// `Paris,France`; `1,000` stays whole). The pieces between go to [`split_chunk`]. Inner
/// single dots keep a word whole.
fn split_at_inner_marks<'a>(text: &'a str, s: usize, e: usize, out: &mut Vec<Token<'a>>) {
    let bytes = &text.as_bytes()[..e];
    let mut from = s;
    let mut at = s;
    while let Some((run, end)) = next_separator(bytes, at) {
        if run > from && end < e {
            split_chunk(text, from, run, out);
            out.push(Token {
                text: &text[run..end],
                start: run,
            });
            from = end;
        }
        at = end;
    }
    split_chunk(text, from, e, out);
}

/// The first separator of [`split_at_inner_marks`] in `bytes` from `at` on: its start and end.
fn next_separator(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let rest = &bytes[at..];
    let word = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b >= 0x80);
    let digit = |b: Option<&u8>| b.is_some_and(u8::is_ascii_digit);
    let comma = memchr::memchr_iter(b',', rest).map(|k| at + k).find(|&c| {
        let (before, after) = (
            c.checked_sub(1).and_then(|b| bytes.get(b)),
            bytes.get(c + 1),
        );
        word(before) && word(after) && !(digit(before) && digit(after))
    });
    let dots = memchr::memmem::find(rest, b"..").map(|k| at + k);
    match (dots, comma) {
        (Some(d), c) if c.is_none_or(|c| d < c) => {
            let run = bytes[d..].iter().take_while(|&&b| b == b'.').count();
            Some((d, d + run))
        }
        (_, Some(c)) => Some((c, c + 1)),
        (_, None) => None,
    }
}

/// Splits the whitespace-free chunk `text[s..e]`: leading punctuation, the core word, then
/// the pieces peeled off its end (pushed in text order).
fn split_chunk<'a>(text: &'a str, mut s: usize, e: usize, out: &mut Vec<Token<'a>>) {
    while s < e {
        let n = leading_punct(&text[s..e]);
        if n == 0 {
            break;
        }
        out.push(Token {
            text: &text[s..s + n],
            start: s,
        });
        s += n;
    }
    let mut tail: [usize; 8] = [0; 8];
    let (mut cuts, mut end) = (0, e);
    while end > s && cuts < tail.len() {
        let n = trailing_piece(&text[s..end]);
        if n == 0 {
            break;
        }
        end -= n;
        tail[cuts] = end;
        cuts += 1;
    }
    if end > s {
        out.push(Token {
            text: &text[s..end],
            start: s,
        });
    }
    let mut from = end;
    for k in (0..cuts).rev() {
        // Cut points were found from the end, so the last one found comes first in the text.
        let to = if k == 0 { e } else { tail[k - 1] };
        debug_assert_eq!(from, tail[k]);
        out.push(Token {
            text: &text[from..to],
            start: from,
        });
        from = to;
    }
}

/// Length of an opening mark at the start of `w` that is a token of its own, or 0.
fn leading_punct(w: &str) -> usize {
    let b = w.as_bytes();
    if b.len() > 1 && b.starts_with(b"``") {
        return 2;
    }
    let c = w.chars().next().unwrap_or(' ');
    let alone = w.len() == c.len_utf8();
    let splits = match c {
        '(' | '[' | '{' | '<' | '"' | '`' | '$' | '“' | '‘' | '«' | '£' | '€' => true,
        // `'90s` keeps its apostrophe; a quote before a word does not.
        '\'' => !alone && !w[1..].starts_with(|c: char| c.is_ascii_digit()),
        _ => false,
    };
    if splits && !alone {
        c.len_utf8()
    } else {
        0
    }
}

/// Length of the piece at the end of `w` that is a token of its own, or 0 when `w` is a
/// whole token.
fn trailing_piece(w: &str) -> usize {
    let Some(last) = w.chars().next_back() else {
        return 0;
    };
    if w.len() == last.len_utf8() {
        return 0;
    }
    match last {
        ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '>' | '"' | '%' | '”' | '»' => {
            last.len_utf8()
        }
        '.' => dot_piece(w),
        '\'' | '’' => quote_piece(w, last.len_utf8()),
        's' | 'S' | 't' | 'T' | 'e' | 'E' | 'l' | 'L' | 'd' | 'D' | 'm' | 'M' => clitic(w),
        _ => 0,
    }
}

/// A final dot: `...` is one token; the dot stays on initials, dotted groups and known
/// abbreviations; otherwise it ends the sentence.
fn dot_piece(w: &str) -> usize {
    let core = &w[..w.len() - 1];
    if core.ends_with("..") {
        let dots = w.bytes().rev().take_while(|&b| b == b'.').count();
        return if dots == w.len() { 0 } else { dots };
    }
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    let single = letters == 1 && core.chars().count() == 1;
    let dotted = core.contains('.') && core.chars().all(|c| c.is_alphabetic() || c == '.');
    if single || dotted || keeps_dot(core) {
        0
    } else {
        1
    }
}

/// A final apostrophe: `''` closing a quotation (AP style), a plural possessive (`farmers'`)
/// or a closing single quote.
fn quote_piece(w: &str, len: usize) -> usize {
    match w.strip_suffix("''") {
        Some("") => 0,
        Some(_) => 2,
        None => len,
    }
}

/// `'s`, `n't`, `'re`, `'ve`, `'ll`, `'d`, `'m` (any case, straight or curly apostrophe).
fn clitic(w: &str) -> usize {
    // Most words have no apostrophe (`’` ends in byte 0x99) near their end.
    let tail = &w.as_bytes()[w.len().saturating_sub(5)..];
    if !tail.iter().any(|&b| b == b'\'' || b == 0x99) {
        return 0;
    }
    let ends_with = |suffix: &str| {
        let k = w.len().wrapping_sub(suffix.len());
        w.len() > suffix.len() && w.is_char_boundary(k) && w[k..].eq_ignore_ascii_case(suffix)
    };
    const CLITICS: [&str; 14] = [
        "n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m",
    ];
    CLITICS.iter().find(|c| ends_with(c)).map_or(0, |c| c.len())
}

fn char_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// A non-ASCII space character at byte `i` (no-break space, thin space, ...).
fn unicode_space(text: &str, i: usize) -> bool {
    text.as_bytes()[i] >= 0x80 && text[i..].chars().next().is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> String {
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        for t in &toks {
            assert_eq!(&text[t.start..t.end()], t.text);
        }
        let parts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        parts.join(" ")
    }

    #[test]
    fn splits_like_conll() {
        let cases = [
            ("Mr. Lane's dog, too.", "Mr. Lane 's dog , too ."),
            ("Ada Lane’s plan", "Ada Lane ’s plan"),
            ("the farmers' union", "the farmers ' union"),
            ("George W. Bush said:", "George W. Bush said :"),
            ("J.K. Rowe (U.S.) won", "J.K. Rowe ( U.S. ) won"),
            ("\"We don't,\" he said.", "\" We do n't , \" he said ."),
            ("“prepared for worst”.", "“ prepared for worst ” ."),
            (
                "Jean-Luc O'Hara, $5.2 million",
                "Jean-Luc O'Hara , $ 5.2 million",
            ),
            ("up 10% on 1996-08-22...", "up 10 % on 1996-08-22 ..."),
            ("``Yes,'' she said", "`` Yes , '' she said"),
            ("Hafez al- Assad", "Hafez al- Assad"),
            (
                "maker <Rolls Royce Plc> said",
                "maker < Rolls Royce Plc > said",
            ),
            ("they're here and I'm", "they 're here and I 'm"),
            ("", ""),
            ("  \u{a0}x", "x"),
            (
                "Lee Trust......7.25.....5.50",
                "Lee Trust ...... 7.25 ..... 5.50",
            ),
            ("so...then U.S... and ...", "so ... then U.S ... and ..."),
            (
                "Natalie Appleton,31, and Paris,France paid 1,000,000",
                "Natalie Appleton , 31 , and Paris , France paid 1,000,000",
            ),
            ("Oslo,Norway,...", "Oslo , Norway , ..."),
        ];
        for (text, want) in cases {
            assert_eq!(render(text), want, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The shortcut splits every chunk it takes as `split_at_inner_marks` does.
        #[test]
        fn whole_words_split_as_the_general_path_does(
            chunk in "[aAsSzZ019.,'-]{1,9}|[A-Z][a-z]{0,3}[.]|[0-9]{1,3}([.,][0-9]{1,3}){0,2}[.]?"
        ) {
            if let Some(cut) = whole_word_end(&chunk, 0, chunk.len()) {
                let mut general = Vec::new();
                split_at_inner_marks(&chunk, 0, chunk.len(), &mut general);
                let mut short = vec![&chunk[..cut]];
                if cut < chunk.len() {
                    short.push(&chunk[cut..]);
                }
                let general: Vec<&str> = general.iter().map(|t| t.text).collect();
                proptest::prop_assert_eq!(short, general);
            }
        }
    }

    #[test]
    fn whole_words_take_the_shortcut() {
        for (chunk, end) in [
            ("1.25", 4),
            ("1,000", 5),
            ("Ocasio-Cortez", 13),
            ("said.", 4),
        ] {
            assert_eq!(whole_word_end(chunk, 0, chunk.len()), Some(end), "{chunk}");
        }
        assert_eq!(whole_word_end("U.S.", 0, 4), Some(4));
        assert_eq!(whole_word_end("Mr.", 0, 3), Some(3));
        for chunk in [
            "Paris,France",
            "so...then",
            "(Reuters)",
            "it's",
            "a--b",
            "-x",
            "x-",
            ".",
        ] {
            assert_eq!(whole_word_end(chunk, 0, chunk.len()), None, "{chunk}");
        }
    }
}
