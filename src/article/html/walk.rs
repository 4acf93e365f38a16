//! Tree walks for `body` and `meta` that check element names and attributes directly.
//!
//! A `select` call matches every element of the page against a compiled CSS selector list,
//! and a page was selected over a dozen times; one walk that compares interned names and
//! reads the attributes it needs does the work of several selectors for a fraction of the cost.
//! The helpers here keep the selectors' semantics: attribute values compare case-sensitively
//! except for the attributes HTML lists as case-insensitive (`rel`, `type`, `http-equiv`), and
//! only attributes without a namespace count.

use dom_query::{Element, NodeData, NodeRef};

/// Whether a walk goes into an element's descendants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Into,
    Over,
}

/// Calls `visit` on each element under `root` (not `root` itself) in document order, the
/// order `select` returns them in. The tree must not change during the walk.
pub fn elements<'a>(root: &NodeRef<'a>, mut visit: impl FnMut(&NodeRef<'a>, &Element) -> Step) {
    let mut next = root.first_child();
    while let Some(node) = next {
        let step = match node.element_ref() {
            Some(el) => visit(&node, &el),
            None => Step::Over,
        };
        next = match step {
            Step::Into => node.first_child(),
            Step::Over => None,
        }
        .or_else(|| following(&node, root));
    }
}

/// The next node after `node` and its descendants, within `root`.
fn following<'a>(node: &NodeRef<'a>, root: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    let mut at = *node;
    loop {
        if let Some(sibling) = at.next_sibling() {
            return Some(sibling);
        }
        at = at.parent()?;
        if at.id == root.id {
            return None;
        }
    }
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
    attr(el, name).is_some_and(|v| needles.iter().any(|n| v.contains(n)))
}

/// The text of `node` and its descendants with whitespace runs collapsed to one space and
/// trimmed (`one_line` of `text()`), or `None` when it is longer than `limit` bytes; the walk
/// stops there.
pub fn line_text(node: &NodeRef<'_>, limit: usize) -> Option<String> {
    let (text, whole) = line_start(node, limit);
    whole.then_some(text)
}

/// The start of `node`'s `line_text`, cut a little past `limit` bytes, and whether that is
/// the whole text.
pub fn line_start(node: &NodeRef<'_>, limit: usize) -> (String, bool) {
    let mut line = Line {
        out: String::new(),
        space: false,
        limit,
    };
    let fits = |n: &NodeRef<'_>, line: &mut Line| {
        n.query_or(true, |t| match &t.data {
            NodeData::Text { contents } => line.push(contents),
            _ => true,
        })
    };
    let whole = fits(node, &mut line) && node.descendants_it().all(|d| fits(&d, &mut line));
    (line.out, whole)
}

/// Text being collapsed onto one line.
struct Line {
    out: String,
    /// Whitespace was seen after the last word.
    space: bool,
    limit: usize,
}

impl Line {
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
