//! Tree walks for `body` and `meta` that check element names and attributes directly.
//!
//! A `select` call matches every element of the page against a compiled CSS selector list,
//! and a page was selected over a dozen times; one walk that compares interned names and
//! reads the attributes it needs does the work of several selectors for a fraction of the cost.
//! The helpers here keep the selectors' semantics: attribute values compare case-sensitively
//! except for the attributes HTML lists as case-insensitive (`rel`, `type`, `http-equiv`), and
//! only attributes without a namespace count.

use dom_query::{Element, NodeData, NodeId, NodeRef};

/// Whether a walk goes into an element's descendants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Into,
    Over,
}

/// Calls `visit` on each element under `root` (not `root` itself) in document order, the
/// order `select` returns them in. The tree must not change during the walk.
pub fn elements<'a>(root: &NodeRef<'a>, mut visit: impl FnMut(&NodeRef<'a>, &Element) -> Step) {
    let tree = root.tree;
    let mut next = root.query(|n| n.first_child).flatten();
    while let Some(id) = next {
        let node = NodeRef::new(id, tree);
        // One look at the node for its links and its element data.
        let (into, sibling) = node.query_or((None, None), |n| {
            let into = match &n.data {
                NodeData::Element(el) if visit(&node, el) == Step::Into => n.first_child,
                _ => None,
            };
            (into, n.next_sibling)
        });
        next = into.or(sibling).or_else(|| following(&node, root));
    }
}

/// The next node after `node`'s ancestors' (up to `root`) next siblings, when `node` has none.
fn following(node: &NodeRef<'_>, root: &NodeRef<'_>) -> Option<NodeId> {
    let mut at = node.query(|n| n.parent).flatten()?;
    while at != root.id {
        let (sibling, parent) = NodeRef::new(at, node.tree)
            .query(|n| (n.next_sibling, n.parent))
            .unwrap_or_default();
        if sibling.is_some() {
            return sibling;
        }
        at = parent?;
    }
    None
}

/// The value of the attribute `name` (no namespace).
pub fn attr<'e>(el: &'e Element, name: &str) -> Option<&'e str> {
    el.attrs
        .iter()
        .find(|a| a.name.ns.is_empty() && &*a.name.local == name)
        .map(|a| &*a.value)
}

/// `[name*='needle']` for any of `needles`.
pub fn attr_contains(el: &Element, name: &str, needles: &[&str]) -> bool {
    attr(el, name).is_some_and(|v| contains_any(v.as_bytes(), needles))
}

/// Whether `hay` contains one of `needles`. Class names are short: one pass comparing at each
/// byte costs less than setting up a substring search per needle.
fn contains_any(hay: &[u8], needles: &[&str]) -> bool {
    (0..hay.len()).any(|i| {
        let rest = &hay[i..];
        needles
            .iter()
            .any(|n| rest.first() == n.as_bytes().first() && rest.starts_with(n.as_bytes()))
    })
}

/// The text of `node` and its descendants with whitespace runs collapsed to one space and
/// trimmed (`one_line` of `text()`), or `None` when it is longer than `limit` bytes; the walk
/// stops there.
pub fn line_text(node: &NodeRef<'_>, limit: usize) -> Option<String> {
    let mut text = String::new();
    line_start(node, limit, &mut text).then_some(text)
}

/// Writes the start of `node`'s `line_text` into `out`, cut a little past `limit` bytes;
/// true when that is the whole text.
pub fn line_start(node: &NodeRef<'_>, limit: usize, out: &mut String) -> bool {
    out.clear();
    let mut line = Line {
        out,
        space: false,
        limit,
    };
    let fits = |n: &NodeRef<'_>, line: &mut Line| {
        n.query_or(true, |t| match &t.data {
            NodeData::Text { contents } => line.push(contents),
            _ => true,
        })
    };
    fits(node, &mut line) && node.descendants_it().all(|d| fits(&d, &mut line))
}

/// Text being collapsed onto one line.
struct Line<'s> {
    out: &'s mut String,
    /// Whitespace was seen after the last word.
    space: bool,
    limit: usize,
}

impl Line<'_> {
    /// Adds `text`; false once the line is longer than its limit.
    fn push(&mut self, text: &str) -> bool {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = !self.out.is_empty();
                continue;
            }
            if self.space {
                self.out.push(' ');
                self.space = false;
            }
            self.out.push(c);
            if self.out.len() > self.limit {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use dom_query::Document;

    use super::*;
    use crate::article::record::one_line;

    const PAGE: &str =
        "<div id=a><p class='x related y'> Also\n <b>read</b>:<i>\u{a0}Storm</i> </p>\
        <nav><a rel=AUTHOR>Jo</a></nav><svg><a>icon</a></svg></div><p>Tail  text</p>";

    #[test]
    fn elements_come_in_select_order_and_over_skips_descendants() {
        let doc = Document::from(PAGE);
        let selected: Vec<_> = doc.select("*").nodes().iter().map(|n| n.id).collect();
        let mut walked = Vec::new();
        elements(&doc.root(), |node, _| {
            walked.push(node.id);
            Step::Into
        });
        assert_eq!(walked, selected);
        let mut names = Vec::new();
        elements(&doc.root(), |_, el| {
            names.push(el.name.local.to_string());
            if el.name.local == dom_query::local_name!("nav") {
                Step::Over
            } else {
                Step::Into
            }
        });
        assert!(names.contains(&"svg".to_string()));
        assert_eq!(names.iter().filter(|n| *n == "a").count(), 1, "{names:?}");
    }

    #[test]
    fn line_text_is_one_line_of_text_and_stops_at_the_limit() {
        let doc = Document::from(PAGE);
        for node in doc.select("p, div").nodes() {
            let want = one_line(&node.text());
            assert_eq!(line_text(node, 1000).as_deref(), Some(want.as_str()));
            assert_eq!(line_text(node, want.len()).as_deref(), Some(want.as_str()));
            assert_eq!(line_text(node, want.len() - 1), None);
            let mut start = String::new();
            assert!(!line_start(node, 3, &mut start));
            assert!(want.starts_with(&start) && start.len() > 3, "{start:?}");
        }
    }

    #[test]
    fn attribute_tests_follow_css_substring_matching() {
        let doc = Document::from(PAGE);
        let p = doc.select_single("p").nodes()[0];
        let el = p.element_ref().expect("an element");
        assert!(attr_contains(&el, "class", &["nothing", "lated"]));
        assert!(!attr_contains(&el, "class", &["Related", "z"]));
        assert!(!attr_contains(&el, "id", &["x"]));
        assert_eq!(attr(&el, "class"), Some("x related y"));
    }
}
