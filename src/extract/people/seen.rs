//! The sums of weight rows for the words this thread met lately.
//!
//! News repeats its words: the same names, places and sentence openers come back article
//! after article. The model's rows for the features of a word's text alone (the word, its
//! lower-cased form, shape, gazetteer classes and affixes: ten of the ~33 rows a scored token
//! adds up, scattered over the model's tables) are therefore summed once and kept per thread
//! in a direct-mapped cache of [`SLOTS`] entries, keyed by the text. An entry holds its key
//! inline and fills one cache line, so a hit costs one hash and about one memory access
//! instead of ten; a word that meets an occupied slot takes it over. Words longer than [`KEY`]
//! bytes are not cached. (Caching a word's other facts, [`super::features::Word`], was
//! slower than recomputing them from the text, which is already in cache.)

use std::cell::RefCell;

use super::features::fast_hash;
use super::model::{Model, ROW};

/// Entries of the cache (64 bytes each: 2 MB per thread).
const SLOTS: usize = 1 << 15;
/// Longest word cached, in bytes.
const KEY: usize = 27;

thread_local! {
    static SEEN: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

#[derive(Clone, Copy)]
#[repr(align(64))]
struct Entry {
    /// The word's bytes, zero-padded, and its length (0: an empty slot).
    key: [u8; KEY],
    len: u8,
    /// [`Model::id`] (truncated, never 0) of the model `own` was summed with.
    model: u32,
    own: [i32; ROW],
}

// One entry, one cache line.
const _: () = assert!(std::mem::size_of::<Entry>() == 64);

const EMPTY: Entry = Entry {
    key: [0; KEY],
    len: 0,
    model: 0,
    own: [0; ROW],
};

/// The sum of `model`'s rows for the features of the word `text` alone, which `features`
/// lists when asked.
pub(super) fn own_rows(text: &str, model: &Model, features: &dyn Fn(&mut Vec<u64>)) -> [i32; ROW] {
    let sum = || {
        let mut feats = Vec::with_capacity(12);
        features(&mut feats);
        model.sum(&feats)
    };
    let b = text.as_bytes();
    let mut key = [0; KEY];
    match key.get_mut(..b.len()) {
        Some(k) if !b.is_empty() => k.copy_from_slice(b),
        _ => return sum(),
    }
    let slot = fast_hash(b, false) as usize & (SLOTS - 1);
    let model_id = (model.id() as u32).max(1);
    SEEN.with_borrow_mut(|t| {
        if t.is_empty() {
            *t = vec![EMPTY; SLOTS];
        }
        let e = &mut t[slot];
        if e.key != key || usize::from(e.len) != b.len() || e.model != model_id {
            *e = Entry {
                key,
                len: b.len() as u8,
                model: model_id,
                own: sum(),
            };
        }
        e.own
    })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::super::features::{feature, T};
    use super::*;

    #[test]
    fn sums_once_per_word_and_model() {
        let bytes = include_bytes!("model.bin");
        let (a, b) = (
            Model::from_bytes(bytes).unwrap(),
            Model::from_bytes(bytes).unwrap(),
        );
        let calls = Cell::new(0);
        let feats = |out: &mut Vec<u64>| {
            calls.set(calls.get() + 1);
            out.extend([feature(T::Lower, 7), feature(T::Shape, 9)]);
        };
        let want = a.sum(&[feature(T::Lower, 7), feature(T::Shape, 9)]);
        let got = |text: &str, m: &Model| own_rows(text, m, &feats);
        assert_eq!(got("Putin", &a), want);
        assert_eq!(got("Putin", &a), want);
        assert_eq!(calls.get(), 1, "the second lookup is a hit");
        assert_eq!(got("Putin", &b), want);
        assert_eq!(calls.get(), 2, "another model sums again");
        let long = "Wolfeschlegelsteinhausenbergerdorff";
        assert!(long.len() > KEY);
        got(long, &b);
        got(long, &b);
        assert_eq!(calls.get(), 4, "long words are not cached");
        got("", &b);
        assert_eq!(calls.get(), 5, "nor is the empty word");
    }
}
