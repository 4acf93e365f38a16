//! The first half of the prose analyzer in one pass: tantivy's `SimpleTokenizer` (runs of
//! alphanumeric characters), `RemoveLongFilter` (words of `limit` bytes or more dropped, their
//! positions kept), `LowerCaser` and `AsciiFoldingFilter` (`Zürich` is `zurich`, so a query
//! typed without accents finds it), giving exactly their tokens: text, positions and offsets.
//!
//! The three as a chain decoded every character and tested it for Unicode classes, then
//! scanned each word twice more (length, ASCII test) before lower-casing it: about 290
//! instructions a word, a seventh of a build. Here ASCII text goes a byte at a time and only
//! other characters are decoded; `analyzer`'s tests compare the whole analyzer with tantivy's.

use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Words of at least `limit` bytes are dropped (tantivy's `RemoveLongFilter::limit`).
#[derive(Clone)]
pub struct LowerWords {
    limit: usize,
    token: Token,
}

impl LowerWords {
    pub fn new(limit: usize) -> LowerWords {
        LowerWords {
            limit,
            token: Token::default(),
        }
    }
}

/// The words of one text, lower-cased.
pub struct LowerWordStream<'a> {
    runs: WordRuns<'a>,
    limit: usize,
    token: &'a mut Token,
}

/// The runs of alphanumeric characters of a text, as tantivy's `SimpleTokenizer` splits it:
/// each as its byte range and whether it is ASCII. Also the highlighter's word splitter, so
/// highlights fall on the words the index holds.
pub struct WordRuns<'a> {
    text: &'a str,
    /// Byte offset where the search for the next run starts.
    at: usize,
}

impl<'a> WordRuns<'a> {
    pub fn new(text: &'a str) -> WordRuns<'a> {
        WordRuns { text, at: 0 }
    }
}

impl Iterator for WordRuns<'_> {
    type Item = (std::ops::Range<usize>, bool);

    fn next(&mut self) -> Option<Self::Item> {
        self.next_word().map(|(from, to, ascii)| (from..to, ascii))
    }
}

impl Tokenizer for LowerWords {
    type TokenStream<'a> = LowerWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LowerWordStream<'a> {
        self.token.reset();
        LowerWordStream {
            runs: WordRuns::new(text),
            limit: self.limit,
            token: &mut self.token,
        }
    }
}

/// [`CLASS`] of a byte: ASCII, not a letter or digit.
const OTHER: u8 = 0;
/// [`CLASS`] of a byte: an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`CLASS`] of a byte: part of a character beyond ASCII (decoded to be classified).
const WIDE: u8 = 2;

static CLASS: [u8; 256] = {
    let mut t = [WIDE; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            ALNUM
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

impl WordRuns<'_> {
    /// The character starting at byte `i`: whether it is alphanumeric, and its length.
    fn wide_at(&self, i: usize) -> (bool, usize) {
        let c = self.text[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric(), c.len_utf8())
    }

    /// The byte range of the next run of alphanumeric characters, and whether it is ASCII.
    /// Inlined: called once per word of every indexed text, out of line it cost a build about
    /// 1% more instructions.
    #[inline(always)]
    fn next_word(&mut self) -> Option<(usize, usize, bool)> {
        let bytes = self.text.as_bytes();
        let mut start = self.at;
        loop {
            match CLASS[usize::from(*bytes.get(start)?)] {
                ALNUM => break,
                OTHER => start += 1,
                _ => match self.wide_at(start) {
                    (true, _) => break,
                    (false, n) => start += n,
                },
            }
        }
        let (mut end, mut ascii) = (start, true);
        loop {
            let run = bytes[end..]
                .iter()
                .position(|&b| CLASS[usize::from(b)] != ALNUM);
            end = run.map_or(bytes.len(), |n| end + n);
            match bytes.get(end) {
                Some(&b) if CLASS[usize::from(b)] == WIDE => match self.wide_at(end) {
                    (true, n) => (end, ascii) = (end + n, false),
                    (false, _) => break,
                },
                _ => break,
            }
        }
        self.at = end;
        Some((start, end, ascii))
    }
}

impl TokenStream for LowerWordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            // Every word takes a position, a dropped long one too (as in tantivy's chain).
            self.token.position = self.token.position.wrapping_add(1);
            let Some((from, to, ascii)) = self.runs.next_word() else {
                self.token.text.clear();
                return false;
            };
            if to - from >= self.limit {
                continue;
            }
            let (word, text) = (&self.runs.text[from..to], &mut self.token.text);
            text.clear();
            if ascii {
                text.push_str(word);
                text.make_ascii_lowercase();
            } else {
                // As tantivy's `LowerCaser`: character by character, no final-sigma rule.
                word.chars().for_each(|c| text.extend(c.to_lowercase()));
                fold_to_ascii(text);
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

thread_local! {
    /// tantivy's `AsciiFoldingFilter` behind a raw tokenizer: folds one whole word.
    static FOLDER: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// Replaces the letters of `word` that have an ASCII equivalent with it (`é` → `e`, `ß` →
/// `ss`, `ø` → `o`), as tantivy's `AsciiFoldingFilter` does. Only words beyond ASCII get here.
pub fn fold_to_ascii(word: &mut String) {
    if word.is_ascii() {
        return;
    }
    let folded = FOLDER.with_borrow_mut(|folder| {
        let mut stream = folder.token_stream(word);
        stream
            .advance()
            .then(|| std::mem::take(&mut stream.token_mut().text))
    });
    if let Some(folded) = folded {
        *word = folded;
    }
}
