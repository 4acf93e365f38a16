//! User corrections to people names: an alias file maps variants to one canonical name and
//! drops false positives.
//!
//! Format, one rule per line (`#` starts a comment, blank lines are ignored, case matters):
//!
//! ```text
//! Joe Biden = Joseph R. Biden Jr. | Joseph Biden | Biden Jr.
//! -Lite News        # never a person: dropped wherever it is extracted
//! ```

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

/// Parsed alias rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    canonical: HashMap<String, String>,
    dropped: Vec<String>,
    /// Hash of the rules, so a build can tell when they changed.
    fingerprint: u64,
}

impl Aliases {
    /// Parses alias rules; errors name the line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut out = Aliases::default();
        let mut normalized = String::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            normalized.push_str(line);
            normalized.push('\n');
            if let Some(name) = line.strip_prefix('-') {
                out.dropped.push(name.trim().to_string());
                continue;
            }
            let (canonical, variants) = line.split_once('=').ok_or_else(|| {
                format!(
                    "line {}: expected `Canonical Name = Variant | Variant` or `-Name`",
                    n + 1
                )
            })?;
            let canonical = canonical.trim();
            if canonical.is_empty() {
                return Err(format!("line {}: the canonical name is empty", n + 1));
            }
            for variant in variants.split('|').map(str::trim).filter(|v| !v.is_empty()) {
                out.canonical
                    .insert(variant.to_string(), canonical.to_string());
            }
        }
        out.fingerprint = if normalized.is_empty() {
            0
        } else {
            xxh3_64(normalized.as_bytes())
        };
        Ok(out)
    }

    /// A hash of the rules (0 when there are none).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Maps each name to its canonical form, drops false positives, and removes duplicates
    /// while keeping the order of first mention.
    pub fn apply(&self, people: &mut Vec<String>) {
        if self.fingerprint == 0 {
            return;
        }
        let mut out: Vec<String> = Vec::with_capacity(people.len());
        for name in people.drain(..) {
            let name = self.canonical.get(&name).cloned().unwrap_or(name);
            if !self.dropped.contains(&name) && !out.contains(&name) {
                out.push(name);
            }
        }
        *people = out;
    }

    /// The canonical name for `name` (itself when no rule maps it).
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.canonical.get(name).map_or(name, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str =
        "# people\nJoe Biden = Joseph R. Biden Jr. | Joseph Biden\n-Lite News  # org\n\n";

    #[test]
    fn variants_map_to_canonical_and_false_positives_drop() {
        let a = Aliases::parse(RULES).expect("valid");
        let mut people = vec![
            "Joseph R. Biden Jr.".to_string(),
            "Lite News".into(),
            "Joe Biden".into(),
            "Ann Lee".into(),
        ];
        a.apply(&mut people);
        assert_eq!(people, ["Joe Biden", "Ann Lee"]);
        assert_eq!(a.canonical("Joseph Biden"), "Joe Biden");
        assert_eq!(a.canonical("Ann Lee"), "Ann Lee");
    }

    #[test]
    fn comments_and_spacing_do_not_change_the_fingerprint() {
        let a = Aliases::parse(RULES).expect("valid");
        let b = Aliases::parse("Joe Biden = Joseph R. Biden Jr. | Joseph Biden\n-Lite News")
            .expect("valid");
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(
            Aliases::parse("# nothing\n").expect("valid").fingerprint(),
            0
        );
    }

    #[test]
    fn malformed_lines_are_errors_naming_the_line() {
        let err = Aliases::parse("Joe Biden\n").expect_err("no =");
        assert!(err.starts_with("line 1"), "{err}");
        assert!(Aliases::parse(" = Joe").is_err());
    }
}
