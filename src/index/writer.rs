//! Writing articles: upsert by id (delete the old version, add the new) and one commit per run.
//!
//! `upsert` takes `&self`, so parser threads feed one writer directly.

use std::path::Path;

use tantivy::directory::error::LockError;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::{Facet, TantivyDocument};
use tantivy::{DateTime, Index, IndexWriter, TantivyError, Term};

use super::merge::SizedMergePolicy;
use super::open::IndexMeta;
use super::schema::Fields;
use crate::article::Article;
use crate::error::{Error, Result};

/// tantivy's smallest memory budget per indexing thread.
pub const MIN_BUDGET_PER_THREAD: u64 = 15_000_000;

/// The index writer, owned for the length of one build.
pub struct ArticleWriter {
    writer: IndexWriter,
    fields: Fields,
}

impl ArticleWriter {
    /// Opens the writer with `memory` bytes shared by up to `threads` indexing threads.
    ///
    /// Fails with [`Error::Locked`] when another process is writing to the index.
    pub fn new(
        index: &Index,
        fields: Fields,
        dir: &Path,
        threads: usize,
        memory: u64,
    ) -> Result<Self> {
        if memory < MIN_BUDGET_PER_THREAD {
            return Err(Error::Usage(format!(
                "--memory must be at least {}M",
                MIN_BUDGET_PER_THREAD / 1_000_000
            )));
        }
        let threads = (threads as u64).clamp(1, memory / MIN_BUDGET_PER_THREAD) as usize;
        let per_thread = (memory / threads as u64).min(u64::from(u32::MAX) - 1) as usize;
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(per_thread)
            // One merge at a time, so merges never read more than the budget at once.
            .num_merge_threads(1)
            .build();
        let writer = index.writer_with_options(options).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(dir.to_path_buf()),
            other => Error::Index(other),
        })?;
        writer.set_merge_policy(Box::new(SizedMergePolicy::new(dir, memory)));
        Ok(ArticleWriter { writer, fields })
    }

    /// Replaces any indexed version of the article with this one.
    pub fn upsert(&self, article: &Article) -> Result<()> {
        self.delete(&article.id);
        self.add(article)
    }

    /// Adds an article known not to be indexed yet (no delete to queue).
    pub fn add(&self, article: &Article) -> Result<()> {
        self.writer
            .add_document(to_document(&self.fields, article))?;
        Ok(())
    }

    /// Removes the article with this id, if indexed.
    pub fn delete(&self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Commits everything written so far, with `meta` as the commit payload. Searches see
    /// either all of it or none of it.
    pub fn commit(&mut self, meta: &IndexMeta) -> Result<()> {
        let payload = serde_json::to_string(meta).expect("IndexMeta serializes");
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        Ok(())
    }

    /// Waits for background merges to finish and releases the writer.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// `Top News/USA` → `/Top News/USA`; `None` when no part is left after trimming.
pub fn section_facet(section: &str) -> Option<Facet> {
    let parts: Vec<&str> = section
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| Facet::from_path(parts))
}

/// The tantivy document for an article.
fn to_document(f: &Fields, a: &Article) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &a.id);
    doc.add_text(f.path, &a.path);
    doc.add_text(f.headline, &a.headline);
    doc.add_text(f.body, &a.body);
    for caption in &a.captions {
        doc.add_text(f.captions, caption);
    }
    for link in &a.related {
        doc.add_text(f.related, link);
    }
    for person in &a.people {
        doc.add_text(f.people, person);
    }
    if let Some(section) = &a.section {
        doc.add_text(f.section, section);
        if let Some(facet) = section_facet(section) {
            doc.add_facet(f.section_path, facet);
        }
    }
    for source in &a.sources {
        doc.add_text(f.sources, source);
    }
    for author in &a.authors {
        doc.add_text(f.authors, author);
    }
    if let Some(url) = &a.url {
        doc.add_text(f.url, url);
    }
    if let Some(language) = &a.language {
        doc.add_text(f.language, language);
    }
    if let (Some(date), Some(rule)) = (a.date, a.date_source) {
        doc.add_date(f.date, DateTime::from_timestamp_secs(date.timestamp()));
        doc.add_text(f.date_source, rule.name());
    }
    doc.add_u64(f.size, a.fingerprint.size);
    doc.add_i64(f.mtime, a.fingerprint.mtime_ns);
    doc.add_u64(f.hash, a.fingerprint.hash);
    doc.add_u64(f.derived, a.fingerprint.derived);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_become_facet_paths() {
        assert_eq!(
            section_facet("Top News/USA").map(|f| f.to_string()),
            Some("/Top News/USA".into())
        );
        assert_eq!(
            section_facet("Politics").map(|f| f.to_string()),
            Some("/Politics".into())
        );
        assert_eq!(section_facet(" / "), None);
    }
}
