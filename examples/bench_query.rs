//! In-process query speed: the time `newsidx search` spends searching, warm.
//!
//! ```text
//! cargo run --release --example bench_query -- INDEX QUERIES [ROUNDS]
//! ```
//!
//! Opens the index once, runs every query in QUERIES (one per line, `#` comments, `## name`
//! starts a group reported on its own) once to warm the caches, then ROUNDS times (default 5) as `newsidx search QUERY` does: parse and count,
//! rank the top 10, load them and make their snippets and headline highlights. Prints p50,
//! p95 and max per query run, without and with `--facets`, and where the time goes
//! (medians of each step; "rank" ends when the first hit is handed over, so it includes
//! loading and highlighting that hit).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use newsidx::index::open_for_read;
use newsidx::search::{self, SearchRequest};

/// Hits per query, as `newsidx search` prints by default.
const LIMIT: usize = 10;
/// Sections and people listed by `--facets`.
const FACET_TOP: usize = 10;

/// Time of each step of one query run.
#[derive(Debug, Default, Clone, Copy)]
struct Steps {
    /// Parse, count and rank (one pass), as `search::prepare` does.
    prepare: Duration,
    /// Load the hits, make snippets and highlights.
    hits: Duration,
    facets: Duration,
    /// CPU time of the whole run, when the platform tells.
    cpu: Option<Duration>,
}

impl Steps {
    fn total(&self) -> Duration {
        self.prepare + self.hits + self.facets
    }
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(index), Some(queries)) = (args.next(), args.next()) else {
        bail!("usage: bench_query INDEX QUERIES [ROUNDS]");
    };
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let text = std::fs::read_to_string(&queries).with_context(|| format!("reading {queries}"))?;
    let queries = read_queries(&text);
    if queries.is_empty() {
        bail!("no queries in the file");
    }
    let (open, reader) = open_for_read(Path::new(&index))?;
    let docs = reader.searcher().num_docs();
    println!(
        "index: {index} ({docs} articles); {} queries × {rounds} rounds, top {LIMIT} with snippets",
        queries.len()
    );
    for facets in [false, true] {
        let run = |q: &str| run_one(&open, &reader, q, facets);
        let mut hits = 0;
        for (_, q) in &queries {
            hits += usize::from(run(q)?.1 > 0);
        }
        let mut steps: Vec<(&str, Steps)> = Vec::new();
        for _ in 0..rounds.max(1) {
            for (group, q) in &queries {
                steps.push((group, run(q)?.0));
            }
        }
        let label = if facets { "with facets" } else { "no facets" };
        let all: Vec<Steps> = steps.iter().map(|(_, s)| *s).collect();
        report(label, &all, hits, queries.len());
        let mut groups: Vec<&str> = queries.iter().map(|(g, _)| *g).collect();
        groups.dedup();
        for g in groups.iter().filter(|g| !g.is_empty()) {
            let some: Vec<Steps> = steps
                .iter()
                .filter(|(x, _)| x == g)
                .map(|(_, s)| *s)
                .collect();
            report(&format!("  {g}"), &some, 0, 0);
        }
    }
    Ok(())
}

/// (group, query) pairs: one query per line, `#` comments, `## name` starts a group.
fn read_queries(text: &str) -> Vec<(&str, &str)> {
    let mut group = "";
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("##") {
            group = name.trim();
        } else if !line.is_empty() && !line.starts_with('#') {
            out.push((group, line));
        }
    }
    out
}

/// Runs `query` like `newsidx search` and returns its step times and number of hits.
fn run_one(
    open: &newsidx::index::OpenIndex,
    reader: &tantivy::IndexReader,
    query: &str,
    facets: bool,
) -> Result<(Steps, usize)> {
    let req = SearchRequest {
        query,
        limit: Some(LIMIT),
        facets: facets.then_some(FACET_TOP),
        ..SearchRequest::default()
    };
    let cpu = thread_cpu();
    let t = Instant::now();
    let prepared = search::prepare(&open.index, &open.fields, reader, &req)?;
    let prepare = t.elapsed();
    let t = Instant::now();
    let mut n = 0;
    prepared.each_hit(&req, &mut |hit| {
        n += 1;
        std::hint::black_box(hit);
        Ok(())
    })?;
    let hits = t.elapsed();
    let t = Instant::now();
    if facets {
        std::hint::black_box(prepared.facets(FACET_TOP)?);
    }
    let facets = t.elapsed();
    let cpu = thread_cpu().zip(cpu).map(|(after, before)| after - before);
    let steps = Steps {
        prepare,
        hits,
        facets,
        cpu,
    };
    Ok((steps, n))
}

/// CPU time of this thread so far (Linux `schedstat`, in nanoseconds): unlike wall time, a
/// busy machine barely changes it. tantivy searches on the calling thread by default.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn report(label: &str, steps: &[Steps], hits: usize, queries: usize) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let sorted = |f: &dyn Fn(&Steps) -> Option<Duration>| {
        let mut v: Vec<f64> = steps.iter().filter_map(|s| f(s).map(ms)).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let wall = sorted(&|s| Some(s.total()));
    let cpu = sorted(&|s| s.cpu);
    // Some kernels (this VM's) charge thread CPU time in whole scheduler ticks (4 ms): then
    // the percentiles are multiples of the tick and only the mean is meaningful.
    let cpu_mean = cpu.iter().sum::<f64>() / cpu.len().max(1) as f64;
    let median = |f: fn(&Steps) -> Duration| percentile(&sorted(&|s| Some(f(s))), 50);
    let hit = if queries > 0 {
        format!("{hits}/{queries} queries hit; ")
    } else {
        String::new()
    };
    println!(
        "{label:<14} wall p50 {:6.2} ms  p95 {:6.2} ms  max {:6.2} ms | cpu p50 {:6.2} ms  p95 {:6.2} ms  mean {:6.2} ms  ({hit}wall medians: parse+count+rank {:.2}, hits+snippets {:.2}, facets {:.2} ms)",
        percentile(&wall, 50),
        percentile(&wall, 95),
        wall.last().copied().unwrap_or(f64::NAN),
        percentile(&cpu, 50),
        percentile(&cpu, 95),
        cpu_mean,
        median(|s| s.prepare),
        median(|s| s.hits),
        median(|s| s.facets),
    );
}

/// The `p`th percentile of sorted `values` (nearest rank); NaN when there are none.
fn percentile(values: &[f64], p: usize) -> f64 {
    let rank = (values.len() * p).div_ceil(100).max(1);
    values.get(rank - 1).copied().unwrap_or(f64::NAN)
}
