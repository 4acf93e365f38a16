//! Speed of the HTML page reader alone, on one thread.
//!
//! ```text
//! cargo run --release --example bench_html -- FOLDER [PASSES] [--dump FILE]
//! ```
//!
//! Reads every `.html` file under FOLDER into memory, then times only `html::parse_page` over
//! all pages, PASSES times (default 3). Prints the best pass as pages/s of wall time and, on
//! Linux, pages per CPU-second (which a busy machine does not distort as much). With `--dump`,
//! every page's fields (headline, date, section, authors, body, related links, captions) are
//! written to FILE, one block per page in path order, so two versions of the reader can be
//! compared with `diff`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsidx::article::html::{self, Context as PageContext};
use newsidx::article::record::{BadRecord, Draft};

fn main() -> Result<()> {
    let mut folder = None;
    let mut passes = 3;
    let mut dump = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dump" => dump = Some(args.next().context("--dump needs a FILE")?),
            _ if folder.is_none() => folder = Some(arg),
            _ => passes = arg.parse().with_context(|| format!("PASSES: {arg}"))?,
        }
    }
    let Some(folder) = folder else {
        bail!("usage: bench_html FOLDER [PASSES] [--dump FILE]");
    };
    let mut paths = Vec::new();
    collect(Path::new(&folder), &mut paths)?;
    paths.sort();
    let pages: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| Ok((p.display().to_string(), std::fs::read(p)?)))
        .collect::<Result<_>>()?;
    if pages.is_empty() {
        bail!("no .html files under {folder}");
    }
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let cx = PageContext::default();
    let (mut best, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    let mut results = Vec::new();
    for _ in 0..passes.max(1) {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        results = pages
            .iter()
            .map(|(key, b)| html::parse_page(b, key, &cx))
            .collect();
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    let read = results.iter().filter(|r| r.is_ok()).count();
    let n = pages.len() as f64;
    print!(
        "pages={} read={read} bytes={bytes} seconds={best:.3} pages_per_s={:.0} mb_per_s={:.1}",
        pages.len(),
        n / best,
        bytes as f64 / best / 1e6
    );
    if best_cpu.is_finite() {
        // On a busy machine wall time includes waiting for a core; CPU time does not.
        print!(
            " cpu_seconds={best_cpu:.3} pages_per_cpu_s={:.0}",
            n / best_cpu
        );
    }
    println!();
    if let Some(file) = dump {
        let text: String = results.iter().map(render).collect();
        std::fs::write(&file, text).with_context(|| format!("writing {file}"))?;
    }
    Ok(())
}

/// One page's fields as text, for `diff`.
fn render(result: &Result<Draft, BadRecord>) -> String {
    let mut out = String::new();
    match result {
        Ok(d) => {
            let _ = writeln!(out, "== {}\nheadline: {}", d.key, d.headline);
            let _ = writeln!(out, "date: {:?}\nsection: {:?}", d.date, d.section);
            let _ = writeln!(out, "source: {:?}\nauthors: {:?}", d.source, d.authors);
            let _ = writeln!(out, "url: {:?}\nlanguage: {:?}", d.url, d.language);
            let _ = writeln!(out, "related: {:?}\ncaptions: {:?}", d.related, d.captions);
            for p in &d.paragraphs {
                let _ = writeln!(out, "| {p}");
            }
        }
        Err(bad) => {
            let _ = writeln!(
                out,
                "== {}\nskipped: {:?} {}",
                bad.key, bad.reason, bad.detail
            );
        }
    }
    out
}

/// Every `.html` file under `dir`.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    Ok(())
}

/// CPU time of this thread so far (Linux `schedstat`), if available.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
