//! Greedy left-to-right tagging of one article: tokens are prepared once (`Doc`), then each
//! paragraph is tagged token by token, the headline last so that it can use what the body
//! said ("DURAN" in an upper-case headline after "Roberto Duran" in the text). Who picks a
//! label is left to a [`Choose`]: the embedded model at run time, the perceptron in training.
//!
//! Only about one token in five is ever scored (capitalised words, particles and what
//! continues an entity), so a token's [`Word`] is made when it is first needed: for a scored
//! token or a neighbour of one. Every token gets only a cheap class up front (enough to know
//! whether it is a candidate and whether a paragraph is a headline in capitals), and the
//! document-wide casing is a small hash table keyed by a fast hash of the lower-cased text,
//! computed only for the tokens that fill it or are scored (not for every neighbour).

use std::cell::Cell;
use std::ops::Range;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

use super::buffers::{self, Buffers};
use super::features::{
    affix, case_key, feature, hash_lower, may_be_particle, pair, plain, Caps, Word, T,
};
use super::gazetteer::{FIRST, GIVEN, LAST_SHIFT, TITLE};
use super::labels::{allowed_after, close, is_open, split, O};
use super::tokens::{tokenize_into, Token};

/// Picks a token's label.
pub(super) trait Choose {
    /// Whether [`Choose::choose`] sums the rows of a word's own features itself, once per
    /// word (see `super::seen`): `features` then leaves them out and [`Own`] lists them.
    fn sums_own_rows(&self) -> bool {
        false
    }

    /// Whether [`Doc::tag`] ends an open entity before a second non-candidate token in a row
    /// (see [`Doc::runs_on`]). Off in training, which learns under strict BILOU decoding: a
    /// model retrained with it on lost middle initials ("Ralph M." for "Ralph M. Shulansky")
    /// on Reuters stories, for the same CoNLL testa F1.
    fn ends_runaways(&self) -> bool {
        false
    }

    /// The label of token `i` (an index into [`Doc::toks`]) among the `allowed` ones (a bit
    /// mask), given the hashes of its features.
    fn choose(&mut self, i: usize, own: Own, features: &[u64], allowed: u32) -> u8;
}

/// The features of a scored token's own text, the same wherever the word occurs.
pub(super) struct Own<'f> {
    /// The token's text.
    pub(super) text: &'f str,
    /// Appends the word's own features.
    pub(super) features: &'f dyn Fn(&mut Vec<u64>),
}

/// The tokens of an article and what is known about them before tagging.
pub(super) struct Doc<'a> {
    pub(super) toks: Vec<Token<'a>>,
    /// Per token: scored even after an `O` ([`Word::is_candidate`]).
    candidate: Vec<bool>,
    /// Per token: its [`Word`], once needed.
    words: Vec<Cell<Option<Word>>>,
    /// Token range of each paragraph.
    pub(super) paras: Vec<Range<usize>>,
    /// Per paragraph: written in capitals (a headline).
    upper: Vec<bool>,
    /// The words seen in lower case anywhere in the article, and those seen capitalised
    /// inside a sentence of a mixed-case paragraph (see [`Casing`]).
    casing: Casing,
}

/// The first letter of a token, as far as [`Doc::new`] needs to know it.
enum Lead {
    /// `a`..`z`: lower case (a candidate only if it is a name particle).
    Lower,
    /// `0`..`9`, or another ASCII character: a digit or other token, never a candidate.
    Plain(Caps),
    /// `A`..`Z` or not ASCII: a token that is (or may be) a candidate; made in full.
    Full,
}

fn lead(text: &str) -> Lead {
    match text.as_bytes().first() {
        Some(b'a'..=b'z') => Lead::Lower,
        Some(b'0'..=b'9') => Lead::Plain(Caps::Digit),
        Some(b'A'..=b'Z' | 0x80..) => Lead::Full,
        // Includes `` `` `` and `''`, which [`plain`] makes `"`: other tokens all the same.
        Some(_) | None => Lead::Plain(Caps::Other),
    }
}

impl<'a> Doc<'a> {
    pub(super) fn new(paragraphs: &[&'a str]) -> Doc<'a> {
        let mut b = buffers::take();
        // About one token per five bytes of news text: rarely grown.
        let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
        let mut toks = buffers::relabel(std::mem::take(&mut b.toks));
        toks.reserve(bytes / 4 + 8);
        for para in paragraphs {
            let start = toks.len();
            tokenize_into(para, &mut toks);
            b.paras.push(start..toks.len());
        }
        let n = toks.len();
        b.candidate.resize(n, false);
        b.words.resize(n, Cell::new(None));
        let mut doc = Doc {
            toks,
            candidate: b.candidate,
            words: b.words,
            paras: b.paras,
            upper: b.upper,
            casing: Casing::new(b.slots, n),
        };
        let mut wanted = LowerWanted::default();
        for p in 0..doc.paras.len() {
            let range = doc.paras[p].clone();
            // A paragraph in capitals: some words of two or more capitals, none in lower case.
            let (mut upper, mut mixed) = (false, false);
            for i in range.clone() {
                let text = doc.toks[i].text;
                let caps = match lead(text) {
                    Lead::Lower => {
                        if may_be_particle(text) {
                            let particle = doc.word(i, range.start).is_candidate();
                            doc.candidate[i] = particle;
                        }
                        Caps::Lower
                    }
                    Lead::Plain(caps) => caps,
                    Lead::Full => {
                        wanted.note(text);
                        let w = doc.word(i, range.start);
                        doc.candidate[i] = w.is_candidate() && !w.is_stop_only();
                        match w.caps {
                            Caps::Lower => doc.casing.add(case_key(text), SEEN_LOWER),
                            // A paragraph with a capitalised word is not in capitals.
                            Caps::Cap if w.sent == 0 => doc.casing.add(case_key(text), SEEN_CAP),
                            _ => {}
                        }
                        w.caps
                    }
                };
                match caps {
                    Caps::Lower | Caps::Cap => mixed = true,
                    Caps::Upper => upper = true,
                    _ => {}
                }
            }
            doc.upper.push(upper && !mixed);
        }
        for t in &doc.toks {
            if matches!(lead(t.text), Lead::Lower) && wanted.may_match(t.text) {
                doc.casing.add(case_key(t.text), SEEN_LOWER);
            }
        }
        doc
    }

    /// The [`Casing`] bits of token `i`'s word. A token in lower case has [`SEEN_LOWER`] by
    /// itself, whether or not [`LowerWanted`] let it into the table.
    fn case_bits(&self, i: usize) -> u64 {
        let text = self.toks[i].text;
        let own = if matches!(lead(text), Lead::Lower) {
            SEEN_LOWER
        } else {
            0
        };
        self.casing.get(case_key(text)) | own
    }

    /// The [`Word`] of token `i`, in the paragraph starting at token `start`.
    fn word(&self, i: usize, start: usize) -> Word {
        if let Some(w) = self.words[i].get() {
            return w;
        }
        let prev = (i > start).then(|| self.toks[i - 1].text);
        let w = Word::new(self.toks[i].text, prev);
        self.words[i].set(Some(w));
        w
    }

    /// The [`Word`] of token `i`, wherever its paragraph starts (for the rules after tagging).
    fn word_at(&self, i: usize) -> Word {
        let p = self.paras.partition_point(|r| r.end <= i);
        self.word(i, self.paras[p].start)
    }

    /// Whether token `i` is a title cue (`President`, `Sen.`).
    pub(super) fn is_title(&self, i: usize) -> bool {
        self.word_at(i).gaz & TITLE != 0
    }

    /// Whether token `i` is a capitalised word that may be part of a name (`Bush`; not `US`,
    /// `The` or a title).
    pub(super) fn is_name_word(&self, i: usize) -> bool {
        let w = self.word_at(i);
        w.caps == Caps::Cap && !w.is_stop_only() && w.gaz & TITLE == 0
    }

    /// Whether token `i` is a stop word and no name (`Bank`, `City`, `The`).
    pub(super) fn is_stop_only(&self, i: usize) -> bool {
        self.word_at(i).is_stop_only()
    }

    /// Whether token `i` is a known given name (`Theresa`, `Joe`).
    pub(super) fn is_given_name(&self, i: usize) -> bool {
        self.word_at(i).gaz & (FIRST | GIVEN) != 0
    }

    /// Tags the article; returns one label per token.
    pub(super) fn tag(&self, chooser: &mut impl Choose) -> Vec<u8> {
        let mut labels = vec![O; self.toks.len()];
        let mut history = History::default();
        let mut feats = Vec::with_capacity(64);
        let own = chooser.sums_own_rows();
        let guard = chooser.ends_runaways();
        let order = (1..self.paras.len()).chain((!self.paras.is_empty()).then_some(0));
        for p in order {
            let range = self.paras[p].clone();
            let mut prev = (O, O);
            for i in range.clone() {
                if guard && self.runs_on(i, range.start, prev.0) {
                    // Token `i - 1` continued an open entity without being a candidate, and
                    // `i` is none either: end the entity before `i - 1` instead of forcing it
                    // on. A wrong `B` could otherwise swallow the rest of a paragraph
                    // ("March/April sold at 4,340"), while "Sadeq al-Mahdi" or "Bank of
                    // Japan" still pass through one such token.
                    labels[i - 1] = O;
                    labels[i - 2] = close(labels[i - 2]);
                    prev = (O, labels[i - 2]);
                }
                let label = if self.candidate[i] || is_open(prev.0) {
                    feats.clear();
                    let w = self.word(i, range.start);
                    self.static_features(i, &w, p, !own, &mut feats);
                    self.dynamic_features(i, &w, &range, prev, &history, &mut feats);
                    let own = Own {
                        text: self.toks[i].text,
                        features: &|out| self.own_features(i, &w, out),
                    };
                    let label = chooser.choose(i, own, &feats, allowed_after(prev.0));
                    if label != O {
                        history.note(w.lower, label);
                    }
                    label
                } else {
                    O
                };
                labels[i] = label;
                prev = (label, prev.0);
            }
        }
        labels
    }

    /// Whether the open entity before token `i` (in the paragraph starting at `start`) would
    /// run through a second token in a row that is no candidate.
    fn runs_on(&self, i: usize, start: usize, prev: u8) -> bool {
        is_open(prev) && i >= start + 2 && !self.candidate[i] && !self.candidate[i - 1]
    }

    /// The word at `i + d` in the paragraph `range`, if any.
    fn near(&self, i: usize, d: isize, range: &Range<usize>) -> Option<Word> {
        let j = i.checked_add_signed(d)?;
        range.contains(&j).then(|| self.word(j, range.start))
    }

    /// [`Word::lower`] of the word at `i + d` in the paragraph `range`, 0 if none; without
    /// making the whole [`Word`] (only the lower-cased form of words two away is a feature).
    fn near_lower(&self, i: usize, d: isize, range: &Range<usize>) -> u64 {
        match i.checked_add_signed(d).filter(|j| range.contains(j)) {
            Some(j) => match self.words[j].get() {
                Some(w) => w.lower,
                None => hash_lower(&plain(self.toks[j].text)),
            },
            None => 0,
        }
    }

    /// The features of token `i`'s own text, the same for every occurrence of the word: those
    /// [`Doc::static_features`] leaves out unless `own`.
    fn own_features(&self, i: usize, w: &Word, out: &mut Vec<u64>) {
        let text = plain(self.toks[i].text);
        own_word(&text, w, out);
        own_gaz(w, out);
        affixes(&text, out);
    }

    /// The features of token `i` that do not depend on earlier labels; with `own`, also those
    /// of its own text ([`Doc::own_features`]), in the order training used.
    fn static_features(&self, i: usize, w: &Word, p: usize, own: bool, out: &mut Vec<u64>) {
        let range = &self.paras[p];
        let at = |d| self.near(i, d, range).unwrap_or_default();
        let (p1, n1) = (at(-1), at(1));
        let (p2, n2) = (self.near_lower(i, -2, range), self.near_lower(i, 2, range));
        let upper = u64::from(self.upper[p]);
        let text = if own {
            plain(self.toks[i].text)
        } else {
            "".into()
        };
        out.push(feature(T::Bias, 0));
        if own {
            own_word(&text, w, out);
        }
        let mut f = |t, v| out.push(feature(t, v));
        f(T::PrevLower, p1.lower);
        f(T::NextLower, n1.lower);
        f(T::Prev2Lower, p2);
        f(T::Next2Lower, n2);
        f(T::PrevShape, pair(p1.shape, w.shape));
        f(T::NextShape, pair(w.shape, n1.shape));
        f(T::PrevBigram, pair(p1.lower, w.lower));
        f(T::NextBigram, pair(w.lower, n1.lower));
        if own {
            own_gaz(w, out);
        }
        let mut f = |t, v| out.push(feature(t, v));
        f(T::PrevGaz, u64::from(p1.gaz));
        f(T::NextGaz, u64::from(n1.gaz));
        f(T::PrevNextGaz, pair(u64::from(p1.gaz), u64::from(n1.gaz)));
        f(T::SentCaps, u64::from(w.sent) << 8 | w.caps as u64);
        let around = (p1.caps as u64) << 16 | (w.caps as u64) << 8 | n1.caps as u64;
        f(T::CapsAround, around << 1 | upper);
        f(T::UpperPara, pair(upper, w.lower));
        let case = self.case_bits(i);
        f(T::DocCase, case);
        f(
            T::DocCaseSent,
            case << 16 | u64::from(w.sent) << 8 | upper << 4 | w.caps as u64,
        );
        if own {
            affixes(&text, out);
        }
    }
    fn dynamic_features(
        &self,
        i: usize,
        w: &Word,
        range: &Range<usize>,
        prev: (u8, u8),
        h: &History,
        out: &mut Vec<u64>,
    ) {
        let (l1, l2) = (u64::from(prev.0), u64::from(prev.1));
        out.push(feature(T::Label1, l1));
        out.push(feature(T::Label12, l1 << 8 | l2));
        out.push(feature(T::Label1Lower, pair(l1, w.lower)));
        out.push(feature(T::Label1Caps, l1 << 8 | w.caps as u64));
        if let Some((mask, last)) = h.get(w.lower) {
            out.push(feature(T::History, u64::from(mask)));
            out.push(feature(T::HistoryLast, u64::from(last)));
        }
        let next = self.near(i, 1, range).and_then(|n| h.get(n.lower));
        if let Some((mask, _)) = next {
            out.push(feature(T::NextHistory, u64::from(mask)));
        }
        let before = self.near(i, -1, range).and_then(|n| h.get(n.lower));
        if let Some((mask, _)) = before {
            out.push(feature(T::PrevHistory, u64::from(mask) << 8 | l1));
        }
    }
}

/// The features of a token's word: its exact ([`plain`]) text, lower-cased form and shape.
fn own_word(text: &str, w: &Word, out: &mut Vec<u64>) {
    out.push(feature(T::Exact, xxh3_64(text.as_bytes())));
    out.push(feature(T::Lower, w.lower));
    out.push(feature(T::Shape, w.shape));
}

/// The gazetteer features of a token's word.
fn own_gaz(w: &Word, out: &mut Vec<u64>) {
    out.push(feature(T::Gaz, u64::from(w.gaz)));
    out.push(feature(T::GazFirst, u64::from(w.gaz & (FIRST | GIVEN))));
    out.push(feature(T::GazLast, u64::from(w.gaz >> LAST_SHIFT & 3)));
}

/// The suffix and prefix features of a token (its [`plain`] text).
fn affixes(text: &str, out: &mut Vec<u64>) {
    let mut buf = [0u8; 48];
    let owned;
    let lower = if text.is_ascii() && text.len() <= buf.len() {
        let b = &mut buf[..text.len()];
        b.copy_from_slice(text.as_bytes());
        b.make_ascii_lowercase();
        std::str::from_utf8(b).unwrap_or_default()
    } else {
        owned = text.to_lowercase();
        &owned
    };
    let parts = [
        (T::Suffix2, 2, false),
        (T::Suffix3, 3, false),
        (T::Suffix4, 4, false),
        (T::Prefix3, 3, true),
    ];
    for (t, n, prefix) in parts {
        let h = affix(lower, n, prefix);
        if h != 0 {
            out.push(feature(t, h));
        }
    }
}

/// Which lower-case words [`Doc::new`] enters in the [`Casing`] table. Only a capitalised
/// token looks up whether its word also occurs in lower case, and an ASCII word can share a
/// key only with words of its length and first letter; so a lower-case ASCII word goes in only
/// when some capitalised token has that length and first letter (about one in five do).
/// Hashing every lower-case word was a tenth of the tagger's work.
#[derive(Default)]
struct LowerWanted {
    /// Per first letter `a`..`z`: bit `len` (31 for 31 bytes and more) per capitalised token.
    cells: [u32; 26],
    /// A capitalised token is not ASCII: let every word in (its key may match other lengths).
    all: bool,
}

impl LowerWanted {
    /// The cell and bit of an ASCII word, by its lower-cased first letter and its length.
    fn cell(text: &str) -> Option<(usize, u32)> {
        let first = text.as_bytes().first()?.to_ascii_lowercase();
        let letter = usize::from(first.checked_sub(b'a')?);
        (letter < 26).then(|| (letter, 1 << text.len().min(31)))
    }

    /// Notes a capitalised (or non-ASCII) token.
    fn note(&mut self, text: &str) {
        match Self::cell(text) {
            Some((c, bit)) if text.is_ascii() => self.cells[c] |= bit,
            _ => self.all = true,
        }
    }

    /// Whether a lower-case token may share its key with a noted one.
    fn may_match(&self, text: &str) -> bool {
        self.all
            || !text.is_ascii()
            || Self::cell(text).is_some_and(|(c, bit)| self.cells[c] & bit != 0)
    }
}

impl Drop for Doc<'_> {
    fn drop(&mut self) {
        buffers::give(Buffers {
            toks: buffers::relabel(std::mem::take(&mut self.toks)),
            candidate: std::mem::take(&mut self.candidate),
            words: std::mem::take(&mut self.words),
            paras: std::mem::take(&mut self.paras),
            upper: std::mem::take(&mut self.upper),
            slots: std::mem::take(&mut self.casing.slots),
        });
    }
}

/// [`Casing`] bit: seen in lower case in the article.
const SEEN_LOWER: u64 = 1;
/// [`Casing`] bit: seen capitalised inside a sentence.
const SEEN_CAP: u64 = 2;

/// The casing of the article's words by [`case_key`]: open addressing, linear probing; a slot
/// holds a key with its low two bits replaced by [`SEEN_LOWER`] and [`SEEN_CAP`] (0 = empty).
struct Casing {
    slots: Vec<u64>,
    mask: usize,
}

impl Casing {
    /// A table for up to `n` words, in `slots` (emptied).
    fn new(mut slots: Vec<u64>, n: usize) -> Casing {
        let size = (2 * n).next_power_of_two().max(16);
        slots.clear();
        slots.resize(size, 0);
        Casing {
            slots,
            mask: size - 1,
        }
    }

    fn slot(&self, key: u64) -> (usize, u64) {
        let key = (key & !3).max(4);
        let mut i = (key >> 32) as usize & self.mask;
        while self.slots[i] != 0 && self.slots[i] & !3 != key {
            i = (i + 1) & self.mask;
        }
        (i, key)
    }

    fn add(&mut self, key: u64, bit: u64) {
        let (i, key) = self.slot(key);
        self.slots[i] |= key | bit;
    }

    /// The bits seen for `key` (0 when none).
    fn get(&self, key: u64) -> u64 {
        self.slots[self.slot(key).0] & 3
    }
}

/// What earlier tokens of the article were tagged, by lower-cased text: the entity types seen
/// (a bit mask) and the last label. A news story tags a few dozen words, which a list scans
/// fastest; past [`History::LISTED`] words (a long file of odd text can tag tens of
/// thousands, and scanning the list for every scored token was quadratic: minutes for a
/// 16 MiB file) a hash map keyed by the word's hash holds them.
#[derive(Default)]
struct History {
    seen: Vec<(u64, u8, u8)>,
    many: FxHashMap<u64, (u8, u8)>,
}

impl History {
    /// Words kept in the list before they move to the map.
    const LISTED: usize = 64;

    fn get(&self, lower: u64) -> Option<(u8, u8)> {
        if self.seen.len() < Self::LISTED {
            let e = self.seen.iter().find(|e| e.0 == lower)?;
            return Some((e.1, e.2));
        }
        self.many.get(&lower).copied()
    }

    fn note(&mut self, lower: u64, label: u8) {
        let Some((ty, _)) = split(label) else {
            return;
        };
        let bit = 1u8 << ty;
        if self.seen.len() < Self::LISTED {
            match self.seen.iter_mut().find(|e| e.0 == lower) {
                Some(e) => (e.1, e.2) = (e.1 | bit, label),
                None => self.seen.push((lower, bit, label)),
            }
            if self.seen.len() == Self::LISTED {
                self.many = self.seen.iter().map(|e| (e.0, (e.1, e.2))).collect();
            }
            return;
        }
        let e = self.many.entry(lower).or_insert((0, label));
        *e = (e.0 | bit, label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::people::labels::{label, spans, Part, ENT, PER};

    /// Begins a person at `Smith` and then always prefers to go on with `I` over `L` or `O`:
    /// the worst a model can do after a wrong `B`.
    struct Runaway;

    impl Choose for Runaway {
        fn ends_runaways(&self) -> bool {
            true
        }

        fn choose(&mut self, _i: usize, own: Own, _features: &[u64], allowed: u32) -> u8 {
            let (begin, inside) = (label(Part::Begin, PER), label(Part::Inside, PER));
            if own.text == "Smith" && allowed >> begin & 1 == 1 {
                begin
            } else if allowed >> inside & 1 == 1 {
                inside
            } else {
                O
            }
        }
    }

    fn people(paragraph: &str) -> Vec<String> {
        let doc = Doc::new(&[paragraph]);
        let labels = doc.tag(&mut Runaway);
        let text = |(s, e, _): (usize, usize, usize)| {
            paragraph[doc.toks[s].start..doc.toks[e - 1].end()].to_string()
        };
        spans(&labels).into_iter().map(text).collect()
    }

    #[test]
    fn history_answers_alike_before_and_after_it_moves_to_a_map() {
        let (b_per, u_ent) = (label(Part::Begin, PER), label(Part::Unit, ENT));
        let mut h = History::default();
        for w in 0..3 * History::LISTED as u64 {
            h.note(w, b_per);
            h.note(w % 10, u_ent);
            h.note(w, O);
            let per = 1 << PER;
            assert_eq!(h.get(w % 10), Some((per | 1 << ENT, u_ent)), "after {w}");
            if w >= 10 {
                assert_eq!(h.get(w), Some((per, b_per)), "after {w}");
            }
            assert_eq!(h.get(1_000_000), None);
        }
    }

    #[test]
    fn an_entity_ends_before_two_tokens_in_a_row_that_are_no_candidates() {
        assert_eq!(people("Smith sold at 4,120 dlrs a tonne."), ["Smith"]);
        assert_eq!(people("Then Smith Jones left early."), ["Smith Jones"]);
    }

    #[test]
    fn an_entity_still_runs_through_one_token_that_is_no_candidate() {
        assert_eq!(
            people("Smith al-Tikriti Jones said it would"),
            ["Smith al-Tikriti Jones"]
        );
    }
}
