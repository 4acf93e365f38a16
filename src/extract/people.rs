//! People mentioned in an article: rule-based first version.
//! PLACEHOLDER: being written by a helper; interface only.

/// Returns the canonical names of the people mentioned, in order of first mention.
/// `paragraphs` holds the headline, body paragraphs and captions.
pub fn extract_people(paragraphs: &[&str]) -> Vec<String> {
    let _ = paragraphs;
    Vec::new()
}
