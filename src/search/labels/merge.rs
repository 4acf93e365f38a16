//! Merging per-segment label counts into the exact top values.
//!
//! A large result set touches most of a segment's ~20,000 people. Merging them by name cost
//! more than counting them. Instead every counted ordinal is turned into its value's
//! process-wide id (`ids.rs`; remembered per segment, so only the first merge that meets an
//! ordinal hashes its string), the counts are added into one array indexed by id, and strings
//! are compared only to order the top and to break ties at its last place. Only the blocks of
//! ordinals the collector marked as counted are read, in ordinal order.
//!
//! Numbering pays off only when a later search reuses the ids, which a process's first merge
//! cannot know: a one-shot `search --facets` over most of the index would number ~200,000
//! values to use them once (a fifth of its time). So the first merge of a field in a process,
//! when it asks for a few values out of many counted, takes the bounded merge of `bounded.rs`,
//! which reads only the strings that can reach the top; later merges number.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::ids::{self, Registry, UNKNOWN};
use super::{bounded, SegmentLabels, BLOCK};
use crate::index::stats::Count;

/// Most values asked for that the bounded merge serves (it reads the strings of about eight
/// per value and segment).
const BOUNDED_MAX_K: usize = 100;
/// Fewest counted ordinals (in blocks with a count) for which a first merge is bounded; fewer
/// are numbered at once, which costs well under a millisecond.
const BOUNDED_MIN_COUNTED: usize = 4096;

/// The `k` values with the most articles, exact, most first, then by name.
pub(super) fn top(segments: &[SegmentLabels], k: usize) -> Vec<Count> {
    let Some(first) = segments.first() else {
        return Vec::new();
    };
    if k == 0 {
        return Vec::new();
    }
    // Every segment of one search counts the same field, so they share its registry.
    let registry = first.names.registry.clone();
    let mut registry = ids::lock(&registry);
    if registry.first_merge() && k <= BOUNDED_MAX_K && counted(segments) >= BOUNDED_MIN_COUNTED {
        drop(registry);
        return bounded::top(segments, k);
    }
    by_ids(segments, &mut registry, k)
}

/// Ordinals in the blocks with a count, over all segments (at most [`BLOCK`] per block).
fn counted(segments: &[SegmentLabels]) -> usize {
    let bits = |s: &SegmentLabels| {
        s.touched
            .iter()
            .map(|w| w.count_ones() as usize)
            .sum::<usize>()
    };
    segments.iter().map(bits).sum::<usize>() * BLOCK
}

/// [`top`] by process-wide ids, numbering the counted values without one.
fn by_ids(segments: &[SegmentLabels], registry: &mut Registry, k: usize) -> Vec<Count> {
    // Articles per id (at most the index's documents, which tantivy numbers in a u32), and
    // the ids counted.
    let mut totals: Vec<u32> = vec![0; registry.len()];
    let mut seen: Vec<u32> = Vec::new();
    for seg in segments {
        let mut seg_ids = ids::lock(&seg.names.ids);
        for block in blocks(&seg.touched) {
            let from = block * BLOCK;
            let to = (from + BLOCK).min(seg.by_ord.len());
            for ord in from..to {
                let n = seg.by_ord[ord];
                if n == 0 {
                    continue;
                }
                let id = &mut seg_ids[ord];
                if *id == UNKNOWN {
                    *id = registry.id(seg.names.get(ord as u64));
                }
                let at = *id as usize;
                if at >= totals.len() {
                    totals.resize(registry.len(), 0);
                }
                if totals[at] == 0 {
                    seen.push(*id);
                }
                totals[at] += n;
            }
        }
    }
    best(seen, &totals, registry, k)
}

/// The ordinals of `seg` with a count, ascending (those in its blocks marked as counted).
pub(super) fn counted_ords(seg: &SegmentLabels) -> impl Iterator<Item = usize> + '_ {
    blocks(&seg.touched).flat_map(move |block| {
        let from = block * BLOCK;
        let to = (from + BLOCK).min(seg.by_ord.len());
        (from..to).filter(move |&ord| seg.by_ord[ord] > 0)
    })
}

/// The numbers of the set bits of `words` (bit `i` of word `w` is `w * 64 + i`), ascending.
fn blocks(words: &[u64]) -> impl Iterator<Item = usize> + '_ {
    words.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            if rest == 0 {
                return None;
            }
            let bit = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            Some(w * 64 + bit)
        })
    })
}

/// The `k` ids of `seen` with the largest `totals` (none of 0), ties by name, as counts in
/// that order.
fn best(seen: Vec<u32>, totals: &[u32], registry: &Registry, k: usize) -> Vec<Count> {
    let total = |id: &u32| totals[*id as usize];
    let kth = kth_largest(seen.iter().map(total), k);
    let mut picked: Vec<u32> = seen.into_iter().filter(|id| total(id) >= kth).collect();
    let by_name = |a: &u32, b: &u32| registry.name(*a).cmp(registry.name(*b));
    if picked.len() > k {
        // Fewer than `k` have more than the k-th total: the first names of those tied with
        // it fill the rest.
        let (mut tied, above): (Vec<u32>, Vec<u32>) =
            picked.iter().partition(|id| total(id) == kth);
        let room = k - above.len();
        tied.select_nth_unstable_by(room - 1, by_name);
        tied.truncate(room);
        picked = above;
        picked.extend(tied);
    }
    picked.sort_unstable_by(|a, b| match total(b).cmp(&total(a)) {
        Ordering::Equal => by_name(a, b),
        other => other,
    });
    let named = picked.into_iter().map(|id| Count {
        name: registry.name(id).to_string(),
        articles: u64::from(total(&id)),
    });
    named.collect()
}

/// The `k`-th largest of the non-zero `totals`, or 1 when fewer are non-zero.
fn kth_largest(totals: impl Iterator<Item = u32>, k: usize) -> u32 {
    let mut heap: BinaryHeap<Reverse<u32>> = BinaryHeap::new();
    for t in totals.filter(|&t| t > 0) {
        if heap.len() < k {
            heap.push(Reverse(t));
        } else if heap.peek().is_some_and(|m| t > m.0) {
            heap.pop();
            heap.push(Reverse(t));
        }
    }
    match heap.peek() {
        Some(m) if heap.len() == k => m.0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kth_largest_of_nonzero_totals() {
        let totals = [0, 5, 2, 0, 5, 1];
        let kth = |k| kth_largest(totals.iter().copied(), k);
        assert_eq!((kth(1), kth(2), kth(3), kth(4), kth(9)), (5, 5, 2, 1, 1));
        assert_eq!(kth_largest([0, 0].into_iter(), 2), 1);
    }

    #[test]
    fn blocks_are_the_set_bits() {
        let words = [0b1010, 0, 1 << 63];
        assert_eq!(blocks(&words).collect::<Vec<_>>(), vec![1, 3, 191]);
    }
}
