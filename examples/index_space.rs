//! Where an index's bytes go: per component (postings, positions, store…) and per field.
//!
//! ```text
//! cargo run --release --example index_space -- INDEX_DIR
//! ```
//!
//! Sums tantivy's `space_usage` over all segments and prints one line per component and
//! field with bytes and share of the whole, largest first. For deciding what to shrink.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Result};
use newsidx::index::open::open_for_read;

fn main() -> Result<()> {
    let Some(dir) = std::env::args().nth(1) else {
        bail!("usage: index_space INDEX_DIR");
    };
    let (_open, reader) = open_for_read(Path::new(&dir))?;
    let searcher = reader.searcher();
    let usage = searcher.space_usage()?;
    let mut rows: BTreeMap<String, u64> = BTreeMap::new();
    let mut add = |key: String, bytes: u64| *rows.entry(key).or_default() += bytes;
    for seg in usage.segments() {
        let parts = [
            ("terms", seg.termdict()),
            ("postings", seg.postings()),
            ("positions", seg.positions()),
            ("fast", seg.fast_fields()),
            ("fieldnorms", seg.fieldnorms()),
        ];
        for (part, per_field) in parts {
            for f in per_field.fields() {
                add(
                    format!("{part:10} {}", f.field_name()),
                    f.total().get_bytes(),
                );
            }
        }
        add(
            "store      data".into(),
            seg.store().data_usage().get_bytes(),
        );
        add(
            "store      offsets".into(),
            seg.store().offsets_usage().get_bytes(),
        );
        add("deletes".into(), seg.deletes().get_bytes());
    }
    let total = usage.total().get_bytes().max(1);
    let mut rows: Vec<(String, u64)> = rows.into_iter().filter(|r| r.1 > 0).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    println!("{:>14}  {:>6}  part", "bytes", "share");
    for (key, bytes) in rows {
        let share = 100.0 * bytes as f64 / total as f64;
        println!("{bytes:>14}  {share:5.1}%  {key}");
    }
    println!(
        "{total:>14}  100.0%  total ({} segments)",
        usage.segments().len()
    );
    Ok(())
}
