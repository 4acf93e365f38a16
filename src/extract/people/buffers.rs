//! The per-token buffers of [`super::tagger::Doc`], kept per thread from one article to the
//! next.
//!
//! A build tags articles one after another on each thread. Allocating a document's tables
//! afresh each time cost more than their contents: zeroed allocations, and for long articles
//! large blocks that the allocator returned to the system and then had to fault in (and the
//! kernel to zero) again. A thread therefore keeps the emptied buffers of its last document,
//! unless they grew past [`KEEP_TOKENS`], so that one huge article does not pin its memory.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use super::features::Word;
use super::tokens::Token;

/// Buffers sized for more tokens than this are freed rather than kept.
const KEEP_TOKENS: usize = 1 << 16;

/// Emptied buffers, ready for the next document.
#[derive(Default)]
pub(super) struct Buffers {
    /// Always empty: only its allocation is kept (see [`relabel`]).
    pub(super) toks: Vec<Token<'static>>,
    pub(super) candidate: Vec<bool>,
    pub(super) words: Vec<Cell<Option<Word>>>,
    pub(super) paras: Vec<Range<usize>>,
    pub(super) upper: Vec<bool>,
    pub(super) slots: Vec<u64>,
}

thread_local! {
    static KEPT: RefCell<Buffers> = RefCell::default();
}

/// This thread's kept buffers (empty ones the first time).
pub(super) fn take() -> Buffers {
    KEPT.take()
}

/// Keeps `b`'s buffers, emptied, for this thread's next document.
pub(super) fn give(mut b: Buffers) {
    if b.toks.capacity() > KEEP_TOKENS || b.slots.capacity() > 2 * KEEP_TOKENS {
        return;
    }
    b.candidate.clear();
    b.words.clear();
    b.paras.clear();
    b.upper.clear();
    b.slots.clear();
    KEPT.set(b);
}

/// An empty token vector of another lifetime on the same allocation: the standard library
/// collects a `map` over a vector's `into_iter` in place when the element layouts match, and
/// the map never runs on an empty vector.
pub(super) fn relabel<'x, 'y>(mut toks: Vec<Token<'x>>) -> Vec<Token<'y>> {
    toks.clear();
    toks.into_iter()
        .map(|t| Token {
            text: "",
            start: t.start,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relabel_keeps_the_allocation_and_empties() {
        let text = String::from("a b");
        let mut v = Vec::with_capacity(100);
        v.push(Token {
            text: &text[..1],
            start: 0,
        });
        let ptr = v.as_ptr() as usize;
        let w: Vec<Token<'static>> = relabel(v);
        assert!(w.is_empty());
        assert!(w.capacity() >= 100);
        assert_eq!(w.as_ptr() as usize, ptr, "same allocation");
    }

    #[test]
    fn kept_buffers_come_back_empty_unless_too_large() {
        let mut b = Buffers::default();
        b.candidate.extend([true; 10]);
        b.slots.extend([7; 32]);
        give(b);
        let b = take();
        assert!(b.candidate.is_empty() && b.slots.is_empty());
        assert!(b.candidate.capacity() >= 10 && b.slots.capacity() >= 32);
        let mut huge = Buffers::default();
        huge.slots.reserve(4 * KEEP_TOKENS);
        give(huge);
        assert_eq!(take().slots.capacity(), 0, "a huge table is not kept");
    }
}
