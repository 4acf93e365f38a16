//! Field extraction from parsed article text: dates and people mentioned.
//!
//! Pure functions over strings: no I/O, no tantivy. The article parsers call these; tests are
//! table-driven beside each function.

pub mod aliases;
pub mod date;
pub mod people;
pub mod source;

impl date::DateSource {
    /// Stable lower-case name, as stored in the index and printed by `inspect`.
    pub fn name(self) -> &'static str {
        match self {
            date::DateSource::Header => "header",
            date::DateSource::Path => "path",
            date::DateSource::Text => "text",
            date::DateSource::Dateline => "dateline",
            date::DateSource::Mtime => "mtime",
        }
    }
}
