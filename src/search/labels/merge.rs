//! Merging per-segment label counts into the exact top values.
//!
//! A large result set touches most of a segment's ~20,000 people. Merging them by name (or
//! bounding which names can reach the top, then looking the others up by name) cost more than
//! counting them. Instead every counted ordinal is turned into its value's process-wide id
//! (`ids.rs`; remembered per segment, so only the first merge that meets an ordinal hashes its
//! string), the counts are added into one array indexed by id, and strings are compared only
//! to order the top and to break ties at its last place. Each segment's counts and ids are
//! read in ordinal order, so the merge is a sequential scan plus one array add per value.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::ids::{self, Registry, UNKNOWN};
use super::SegmentLabels;
use crate::index::stats::Count;

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
    // Articles per id (at most the index's documents, which tantivy numbers in a u32).
    let mut totals: Vec<u32> = vec![0; registry.len()];
    for seg in segments {
        let mut seg_ids = ids::lock(&seg.names.ids);
        // A small result set leaves most counts 0: skip them eight at a time.
        let chunks = seg.by_ord.chunks(8).zip(seg_ids.chunks_mut(8));
        for (i, (counts, chunk_ids)) in chunks.enumerate() {
            if counts.iter().all(|&n| n == 0) {
                continue;
            }
            for (j, (&n, id)) in counts.iter().zip(chunk_ids).enumerate() {
                if n == 0 {
                    continue;
                }
                if *id == UNKNOWN {
                    *id = registry.id(seg.names.get((i * 8 + j) as u64));
                }
                let at = *id as usize;
                if at >= totals.len() {
                    totals.resize(registry.len(), 0);
                }
                totals[at] += n;
            }
        }
    }
    best(&totals, &registry, k)
}

/// The `k` ids with the largest `totals` (none of 0), ties by name, as counts in that order.
fn best(totals: &[u32], registry: &Registry, k: usize) -> Vec<Count> {
    let kth = kth_largest(totals, k);
    let ids = (0..totals.len() as u32).filter(|&id| totals[id as usize] >= kth);
    let mut picked: Vec<u32> = ids.collect();
    let total = |id: &u32| totals[*id as usize];
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
fn kth_largest(totals: &[u32], k: usize) -> u32 {
    let mut heap: BinaryHeap<Reverse<u32>> = BinaryHeap::new();
    for &t in totals.iter().filter(|&&t| t > 0) {
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
        assert_eq!(kth_largest(&totals, 1), 5);
        assert_eq!(kth_largest(&totals, 2), 5);
        assert_eq!(kth_largest(&totals, 3), 2);
        assert_eq!(kth_largest(&totals, 4), 1);
        assert_eq!(kth_largest(&totals, 9), 1);
        assert_eq!(kth_largest(&[0, 0], 2), 1);
    }
}
