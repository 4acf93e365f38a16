//! The exact top values of per-segment label counts, reading as few strings as it can: the
//! merge of a one-shot search (see `merge.rs` for when).
//!
//! The `depth` most counted ordinals of each segment are read by name. A value outside a
//! segment's batch has at most that segment's next count there (its threshold), so:
//! - a value no batch holds has at most the sum of the thresholds;
//! - a value some batch holds has its known count plus the thresholds of the other segments.
//!
//! When the k-th largest known count beats the bound of unseen values, the top values are
//! among the read ones whose bound reaches it; their missing counts are looked up by name in
//! the other segments, which makes them exact. Otherwise the batches grow and it starts over
//! (at worst every counted ordinal is read).

use std::cmp::Reverse;
use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

use super::merge::counted_ords;
use super::SegmentLabels;
use crate::index::stats::Count;

/// Ordinals read per segment in the first round, per value asked for.
const DEPTH_PER_VALUE: usize = 8;
const MIN_DEPTH: usize = 64;

/// A segment's counts and its counted ordinals, the most counted first once partitioned.
struct Ranked<'a> {
    seg: &'a SegmentLabels,
    ords: Vec<u32>,
}

/// A value read by name: its articles in the segments whose batch holds it.
struct Candidate {
    articles: u64,
    seen: Vec<usize>,
}

type Found<'a> = HashMap<&'a str, Candidate, FxBuildHasher>;

/// The `k` (at least 1) values with the most articles, exact, most first, then by name.
pub(super) fn top(segments: &[SegmentLabels], k: usize) -> Vec<Count> {
    let mut ranked: Vec<Ranked> = (segments.iter())
        .map(|seg| Ranked {
            seg,
            ords: counted_ords(seg).map(|o| o as u32).collect(),
        })
        .collect();
    let mut depth = k.saturating_mul(DEPTH_PER_VALUE).max(MIN_DEPTH);
    loop {
        for r in ranked.iter_mut() {
            r.partition(depth);
        }
        let thresholds: Vec<u64> = ranked.iter().map(|r| r.threshold(depth)).collect();
        if let Some(out) = finish(&ranked, resolve(&ranked, depth), &thresholds, k) {
            return out;
        }
        depth = depth.saturating_mul(4);
    }
}

impl Ranked<'_> {
    /// Articles counted for ordinal `ord`.
    fn count(&self, ord: u32) -> u64 {
        u64::from(self.seg.by_ord[ord as usize])
    }

    /// Moves the `depth` most counted ordinals to the front (in no order), the next after them.
    fn partition(&mut self, depth: usize) {
        if depth < self.ords.len() {
            let by_ord = &self.seg.by_ord;
            (self.ords).select_nth_unstable_by_key(depth, |&o| Reverse(by_ord[o as usize]));
        }
    }

    /// The most articles a value outside the `depth` most counted has in this segment (after
    /// [`Self::partition`]).
    fn threshold(&self, depth: usize) -> u64 {
        self.ords.get(depth).map_or(0, |&ord| self.count(ord))
    }

    /// The articles counted for the value `name` in this segment.
    fn articles_of(&self, name: &str) -> u64 {
        (self.seg.names.ord(name)).map_or(0, |o| self.count(o as u32))
    }
}

/// The `depth` most counted values of every segment, by name.
fn resolve<'a>(ranked: &'a [Ranked], depth: usize) -> Found<'a> {
    let mut out = Found::default();
    for (s, r) in ranked.iter().enumerate() {
        for &ord in r.ords.iter().take(depth) {
            let c = out
                .entry(r.seg.names.get(u64::from(ord)))
                .or_insert(Candidate {
                    articles: 0,
                    seen: Vec::new(),
                });
            c.articles += r.count(ord);
            c.seen.push(s);
        }
    }
    out
}

/// The exact top `k`, or `None` when values outside the batches could still be among them.
fn finish(ranked: &[Ranked], found: Found, thresholds: &[u64], k: usize) -> Option<Vec<Count>> {
    let unseen: u64 = thresholds.iter().sum();
    let mut known: Vec<u64> = found.values().map(|c| c.articles).collect();
    let kth = if known.len() >= k {
        *known.select_nth_unstable_by(k - 1, |a, b| b.cmp(a)).1
    } else {
        0
    };
    if unseen > 0 && unseen >= kth {
        return None;
    }
    let mut out = Vec::new();
    for (name, c) in found {
        let missing = (0..ranked.len()).filter(|s| thresholds[*s] > 0 && !c.seen.contains(s));
        let bound: u64 = c.articles + missing.clone().map(|s| thresholds[s]).sum::<u64>();
        if bound < kth {
            continue;
        }
        let articles = c.articles + missing.map(|s| ranked[s].articles_of(name)).sum::<u64>();
        out.push(Count {
            name: name.to_string(),
            articles,
        });
    }
    out.sort_by(|a, b| (b.articles.cmp(&a.articles)).then_with(|| a.name.cmp(&b.name)));
    out.truncate(k);
    Some(out)
}
