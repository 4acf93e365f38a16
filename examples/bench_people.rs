//! Speed of people extraction alone, on one thread.
//!
//! ```text
//! cargo run --release --example bench_people -- FOLDER [PASSES]
//! ```
//!
//! Reads every `.txt` file under FOLDER into memory, splits each into headline, paragraphs and
//! captions with the crate's own article parser, then times only `extract_people` over all
//! articles, PASSES times (default 3; the first call, which loads the model, is not timed).
//! Prints the best pass as articles/s of wall time and, on Linux, of CPU time (which a busy
//! machine does not distort as much), and the first pass's articles per CPU second (cold
//! per-thread caches, as in a build). With `PEOPLE_DUMP=FILE` in the environment it also
//! writes every article's people, one article per line, to FILE: diff two builds' dumps to
//! check that a speed change left the output alone.

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsidx::article::txt;
use newsidx::extract::people::extract_people;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(folder) = args.next() else {
        bail!("usage: bench_people FOLDER [PASSES]");
    };
    let passes: usize = args.next().map_or(Ok(3), |p| p.parse())?;
    let mut texts = Vec::new();
    collect(Path::new(&folder), &mut texts)?;
    let articles: Vec<Vec<&str>> = texts.iter().filter_map(|t| split(t)).collect();
    if articles.is_empty() {
        bail!("no articles under {folder}");
    }
    let bytes: usize = articles.iter().flatten().map(|p| p.len()).sum();
    extract_people(&articles[0]);
    let (mut best, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    let mut first_cpu = None;
    let mut people = 0;
    for _ in 0..passes.max(1) {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        people = articles
            .iter()
            .map(|a| extract_people(a).len())
            .sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
            first_cpu.get_or_insert(b - a);
        }
    }
    if let Some(dump) = std::env::var_os("PEOPLE_DUMP") {
        let lines: Vec<String> = articles
            .iter()
            .map(|a| extract_people(a).join("; "))
            .collect();
        std::fs::write(&dump, lines.join("\n") + "\n").context("writing PEOPLE_DUMP")?;
    }
    let n = articles.len() as f64;
    print!(
        "articles={} bytes={bytes} people={people} seconds={best:.3} articles_per_s={:.0} mb_per_s={:.1}",
        articles.len(),
        n / best,
        bytes as f64 / best / 1e6
    );
    if best_cpu.is_finite() {
        // On a busy machine wall time includes waiting for a core; CPU time does not.
        print!(
            " cpu_seconds={best_cpu:.3} articles_per_cpu_s={:.0}",
            n / best_cpu
        );
    }
    if let Some(first) = first_cpu {
        // What a build sees: the per-thread caches of word rows start empty.
        print!(" first_pass_articles_per_cpu_s={:.0}", n / first);
    }
    println!();
    Ok(())
}

/// Headline, paragraphs and captions, as the loader hands them to `extract_people`.
fn split(text: &str) -> Option<Vec<&str>> {
    let layout = txt::parse(text)?;
    let mut parts = vec![layout.headline];
    parts.extend(&layout.paragraphs);
    parts.extend(&layout.captions);
    Some(parts)
}

/// CPU time of this thread so far (Linux `schedstat`), if available.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn collect(dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            let bytes = std::fs::read(&path)?;
            out.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(())
}
