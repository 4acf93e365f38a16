//! The corpus on disk: which files are articles, in what order, and their fingerprints.
//!
//! Knows nothing of article contents or of the index.

pub mod walk;

pub use walk::{walk, walk_each, CorpusFile, Flow, Walk, WalkEnd, WalkIssue};
