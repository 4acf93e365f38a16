//! Rendering results: human-readable text and JSON Lines, to any `Write`.
//!
//! The only module that writes results to stdout; tests render into a `Vec<u8>`.

pub mod human;
pub mod inspect;
pub mod json;
pub mod results;
pub mod sanitize;
