//! Merging per-segment label counts into the exact top values, resolving as few term
//! ordinals to strings as it can.
//!
//! A large result set touches most of a segment's ~20,000 people, and turning them all into
//! strings (and merging them by name) costs more than the query. Instead, the `depth` most
//! counted ordinals of each segment are resolved (one sorted batch per segment). A value
//! outside a segment's batch has at most that segment's next count there (its threshold), so:
//! - a value no batch holds has at most the sum of the thresholds;
//! - a value some batch holds has its known count plus the thresholds of the other segments.
//!
//! When the k-th largest known count beats the bound of unseen values, the top values are
//! among the resolved ones whose bound reaches it; their missing counts are looked up by name
//! in the other segments, which makes them exact. Otherwise the batches grow and it starts
//! over (at worst every ordinal is resolved).

use std::cmp::Reverse;
use std::collections::HashMap;

use super::SegmentLabels;
use crate::error::Result;
use crate::index::stats::Count;

/// Ordinals resolved per segment in the first round, per value asked for.
const DEPTH_PER_VALUE: usize = 8;
const MIN_DEPTH: usize = 64;

/// A resolved value: its articles in the segments whose batch holds it.
struct Candidate {
    articles: u64,
    seen: Vec<usize>,
}

/// The `k` values with the most articles, exact, most first, then by name.
pub(super) fn top(segments: &mut [SegmentLabels], k: usize) -> Result<Vec<Count>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    top_from(
        segments,
        k,
        k.saturating_mul(DEPTH_PER_VALUE).max(MIN_DEPTH),
    )
}

/// [`top`], resolving `depth` ordinals per segment in the first round.
pub(super) fn top_from(
    segments: &mut [SegmentLabels],
    k: usize,
    mut depth: usize,
) -> Result<Vec<Count>> {
    loop {
        for seg in segments.iter_mut() {
            seg.partition(depth);
        }
        let found = resolve(segments, depth);
        let thresholds: Vec<u64> = segments.iter().map(|s| s.threshold(depth)).collect();
        if let Some(out) = finish(segments, found, &thresholds, k) {
            return Ok(out);
        }
        depth = depth.saturating_mul(4);
    }
}

impl SegmentLabels {
    /// Moves the `depth` most counted ordinals to the front (in no order), the next after them.
    fn partition(&mut self, depth: usize) {
        if depth < self.ranked.len() {
            let by_ord = &self.by_ord;
            (self.ranked).select_nth_unstable_by_key(depth, |&o| Reverse(by_ord[o as usize]));
        }
    }

    /// The most articles a value outside the `depth` most counted has in this segment (after
    /// [`Self::partition`]).
    fn threshold(&self, depth: usize) -> u64 {
        self.ranked
            .get(depth)
            .map_or(0, |&ord| u64::from(self.by_ord[ord as usize]))
    }
}

/// The `depth` most counted values of every segment, by name.
fn resolve(segments: &[SegmentLabels], depth: usize) -> HashMap<&str, Candidate> {
    let mut out: HashMap<&str, Candidate> = HashMap::new();
    for (s, seg) in segments.iter().enumerate() {
        for &ord in seg.ranked.iter().take(depth) {
            let c = out.entry(seg.names.get(ord)).or_insert(Candidate {
                articles: 0,
                seen: Vec::new(),
            });
            c.articles += u64::from(seg.by_ord[ord as usize]);
            c.seen.push(s);
        }
    }
    out
}

/// The exact top `k`, or `None` when values outside the batches could still be among them.
fn finish(
    segments: &[SegmentLabels],
    found: HashMap<&str, Candidate>,
    thresholds: &[u64],
    k: usize,
) -> Option<Vec<Count>> {
    let unseen: u64 = thresholds.iter().sum();
    let mut known: Vec<u64> = found.values().map(|c| c.articles).collect();
    let kth = if known.len() >= k {
        let (_, kth, _) = known.select_nth_unstable_by(k - 1, |a, b| b.cmp(a));
        *kth
    } else {
        0
    };
    if unseen > 0 && unseen >= kth {
        return None;
    }
    let mut out = Vec::new();
    for (name, c) in found {
        let missing = (0..segments.len()).filter(|s| thresholds[*s] > 0 && !c.seen.contains(s));
        let bound: u64 = c.articles + missing.clone().map(|s| thresholds[s]).sum::<u64>();
        if bound < kth {
            continue;
        }
        let mut articles = c.articles;
        articles += missing.map(|s| segments[s].articles_of(name)).sum::<u64>();
        out.push(Count {
            name: name.to_string(),
            articles,
        });
    }
    out.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.name.cmp(&b.name))
    });
    out.truncate(k);
    Some(out)
}

impl SegmentLabels {
    /// The articles counted for the value `name` in this segment.
    fn articles_of(&self, name: &str) -> u64 {
        (self.names.ord(name)).map_or(0, |o| u64::from(self.by_ord[o as usize]))
    }
}
