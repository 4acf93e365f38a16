//! Greedy left-to-right tagging of one article: tokens are prepared once (`Doc`), then each
//! paragraph is tagged token by token, the headline last so that it can use what the body
//! said ("DURAN" in an upper-case headline after "Roberto Duran" in the text). Who picks a
//! label is left to a [`Choose`]: the embedded model at run time, the perceptron in training.

use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64;

use super::features::{affix, feature, pair, plain, Caps, Word, T};
use super::gazetteer::{FIRST, GIVEN, LAST_SHIFT, TITLE};
use super::labels::{allowed_after, is_open, split, O};
use super::tokens::{tokenize, Token};

/// Picks a token's label.
pub(super) trait Choose {
    /// The label of token `i` (an index into [`Doc::toks`]) among the `allowed` ones (a bit
    /// mask), given the hashes of its features.
    fn choose(&mut self, i: usize, features: &[u64], allowed: u32) -> u8;
}

/// The tokens of an article and what is known about them before tagging.
pub(super) struct Doc<'a> {
    pub(super) toks: Vec<Token<'a>>,
    words: Vec<Word>,
    /// Token range of each paragraph.
    pub(super) paras: Vec<Range<usize>>,
    /// Per paragraph: written in capitals (a headline).
    upper: Vec<bool>,
    /// Lower-cased hashes of the words seen in lower case anywhere in the article (sorted).
    seen_lower: Vec<u64>,
    /// ... and of those seen capitalised inside a sentence of a mixed-case paragraph.
    seen_cap_mid: Vec<u64>,
}

impl<'a> Doc<'a> {
    pub(super) fn new(paragraphs: &[&'a str]) -> Doc<'a> {
        let mut doc = Doc {
            toks: Vec::new(),
            words: Vec::new(),
            paras: Vec::with_capacity(paragraphs.len()),
            upper: Vec::with_capacity(paragraphs.len()),
            seen_lower: Vec::new(),
            seen_cap_mid: Vec::new(),
        };
        let mut buf = Vec::new();
        for para in paragraphs {
            tokenize(para, &mut buf);
            let start = doc.toks.len();
            let mut prev = None;
            for t in &buf {
                doc.words.push(Word::new(t.text, prev));
                prev = Some(t.text);
            }
            doc.toks.extend_from_slice(&buf);
            doc.paras.push(start..doc.toks.len());
            doc.upper.push(is_upper(&doc.words[start..]));
        }
        doc.collect_casing();
        doc
    }

    fn collect_casing(&mut self) {
        for (p, range) in self.paras.iter().enumerate() {
            for w in &self.words[range.clone()] {
                match w.caps {
                    Caps::Lower => self.seen_lower.push(w.lower),
                    Caps::Cap if w.sent == 0 && !self.upper[p] => self.seen_cap_mid.push(w.lower),
                    _ => {}
                }
            }
        }
        for set in [&mut self.seen_lower, &mut self.seen_cap_mid] {
            set.sort_unstable();
            set.dedup();
        }
    }

    /// Whether token `i` is a title cue (`President`, `Sen.`).
    pub(super) fn is_title(&self, i: usize) -> bool {
        self.words[i].gaz & TITLE != 0
    }

    /// Tags the article; returns one label per token.
    pub(super) fn tag(&self, chooser: &mut impl Choose) -> Vec<u8> {
        let mut labels = vec![O; self.toks.len()];
        let mut history = History::default();
        let mut feats = Vec::with_capacity(64);
        let order = (1..self.paras.len()).chain((!self.paras.is_empty()).then_some(0));
        for p in order {
            let range = self.paras[p].clone();
            let mut prev = (O, O);
            for i in range.clone() {
                let w = &self.words[i];
                let label = if w.is_candidate() || is_open(prev.0) {
                    feats.clear();
                    self.static_features(i, p, &mut feats);
                    self.dynamic_features(i, &range, prev, &history, &mut feats);
                    chooser.choose(i, &feats, allowed_after(prev.0))
                } else {
                    O
                };
                if label != O {
                    history.note(w.lower, label);
                }
                labels[i] = label;
                prev = (label, prev.0);
            }
        }
        labels
    }

    /// The word at `i + d` in the paragraph `range`, if any.
    fn near(&self, i: usize, d: isize, range: &Range<usize>) -> Option<&Word> {
        let j = i.checked_add_signed(d)?;
        range.contains(&j).then(|| &self.words[j])
    }

    fn static_features(&self, i: usize, p: usize, out: &mut Vec<u64>) {
        let range = &self.paras[p];
        let w = &self.words[i];
        let none = Word::default();
        let at = |d| self.near(i, d, range).unwrap_or(&none);
        let (p1, n1, p2, n2) = (at(-1), at(1), at(-2), at(2));
        let upper = u64::from(self.upper[p]);
        let mut f = |t, v| out.push(feature(t, v));
        f(T::Bias, 0);
        let text = plain(self.toks[i].text);
        f(T::Exact, xxh3_64(text.as_bytes()));
        f(T::Lower, w.lower);
        f(T::Shape, w.shape);
        f(T::PrevLower, p1.lower);
        f(T::NextLower, n1.lower);
        f(T::Prev2Lower, p2.lower);
        f(T::Next2Lower, n2.lower);
        f(T::PrevShape, pair(p1.shape, w.shape));
        f(T::NextShape, pair(w.shape, n1.shape));
        f(T::PrevBigram, pair(p1.lower, w.lower));
        f(T::NextBigram, pair(w.lower, n1.lower));
        f(T::Gaz, u64::from(w.gaz));
        f(T::GazFirst, u64::from(w.gaz & (FIRST | GIVEN)));
        f(T::GazLast, u64::from(w.gaz >> LAST_SHIFT & 3));
        f(T::PrevGaz, u64::from(p1.gaz));
        f(T::NextGaz, u64::from(n1.gaz));
        f(T::PrevNextGaz, pair(u64::from(p1.gaz), u64::from(n1.gaz)));
        f(T::SentCaps, u64::from(w.sent) << 8 | w.caps as u64);
        let around = (p1.caps as u64) << 16 | (w.caps as u64) << 8 | n1.caps as u64;
        f(T::CapsAround, around << 1 | upper);
        f(T::UpperPara, pair(upper, w.lower));
        let case = self.doc_case(w.lower);
        f(T::DocCase, case);
        f(
            T::DocCaseSent,
            case << 16 | u64::from(w.sent) << 8 | upper << 4 | w.caps as u64,
        );
        affixes(&text, out);
    }
    /// 1: seen in lower case in the article; 2: seen capitalised inside a sentence.
    fn doc_case(&self, lower: u64) -> u64 {
        let lo = self.seen_lower.binary_search(&lower).is_ok();
        let cap = self.seen_cap_mid.binary_search(&lower).is_ok();
        u64::from(lo) | u64::from(cap) << 1
    }

    fn dynamic_features(
        &self,
        i: usize,
        range: &Range<usize>,
        prev: (u8, u8),
        h: &History,
        out: &mut Vec<u64>,
    ) {
        let w = &self.words[i];
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

/// A paragraph in capitals: some words of two or more capitals and none in lower case.
fn is_upper(words: &[Word]) -> bool {
    let mut upper = false;
    for w in words {
        match w.caps {
            Caps::Lower | Caps::Cap => return false,
            Caps::Upper => upper = true,
            _ => {}
        }
    }
    upper
}

/// What earlier tokens of the article were tagged, by lower-cased text: the entity types seen
/// (a bit mask) and the last label.
#[derive(Default)]
struct History {
    seen: Vec<(u64, u8, u8)>,
}

impl History {
    fn get(&self, lower: u64) -> Option<(u8, u8)> {
        let e = self.seen.iter().find(|e| e.0 == lower)?;
        Some((e.1, e.2))
    }

    fn note(&mut self, lower: u64, label: u8) {
        let Some((ty, _)) = split(label) else {
            return;
        };
        let bit = 1u8 << ty;
        match self.seen.iter_mut().find(|e| e.0 == lower) {
            Some(e) => (e.1, e.2) = (e.1 | bit, label),
            None => self.seen.push((lower, bit, label)),
        }
    }
}
