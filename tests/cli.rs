//! End-to-end tests of the `newsidx` binary against the fixture corpus in `tests/fixtures/`.
//!
//! Every test copies the corpus into its own temporary folder, runs the real binary with an
//! empty environment, and checks exit codes explicitly.

#[path = "cli/support.rs"]
mod support;

#[path = "cli/build.rs"]
mod build;
#[path = "cli/color.rs"]
mod color;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/inspect.rs"]
mod inspect;
#[path = "cli/people.rs"]
mod people;
#[path = "cli/recency.rs"]
mod recency;
#[path = "cli/search.rs"]
mod search;
#[path = "cli/search_more.rs"]
mod search_more;
#[path = "cli/sections.rs"]
mod sections;
#[path = "cli/snippets.rs"]
mod snippets;
#[path = "cli/stats.rs"]
mod stats;
