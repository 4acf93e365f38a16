//! Process-wide numbers for the values of a label field, so that counts from different
//! segments merge by array index instead of by string.
//!
//! Each segment numbers its values apart (an ordinal is a value's rank in that segment's
//! dictionary). A registry per field gives every value it is shown one id for the life of the
//! process; each segment's [`super::names::Names`] remembers the id of each of its ordinals
//! once looked up, so a value is hashed at most once per segment and process, and a warm merge
//! only reads and adds numbers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use rustc_hash::FxBuildHasher;

/// The id of an ordinal not looked up yet.
pub const UNKNOWN: u32 = u32::MAX;

/// The values of one field seen so far, numbered in order of first sight.
#[derive(Debug, Default)]
pub struct Registry {
    ids: HashMap<Arc<str>, u32, FxBuildHasher>,
    names: Vec<Arc<str>>,
    /// Merges that used this registry so far.
    merges: u64,
}

impl Registry {
    /// The id of `name`, numbering it when new.
    pub fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        let name: Arc<str> = Arc::from(name);
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }

    /// The value numbered `id` ("" for an id not given out).
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }

    /// Notes a merge of counts of this field; true for the process's first.
    pub fn first_merge(&mut self) -> bool {
        self.merges += 1;
        self.merges == 1
    }

    /// Ids given out so far (all below this).
    pub fn len(&self) -> usize {
        self.names.len()
    }
}

/// The registry of `field`'s values.
pub fn of(field: &'static str) -> Arc<Mutex<Registry>> {
    type All = Mutex<HashMap<&'static str, Arc<Mutex<Registry>>>>;
    static ALL: OnceLock<All> = OnceLock::new();
    let mut all = lock(ALL.get_or_init(Default::default));
    all.entry(field).or_default().clone()
}

/// Locks `m`; a panic elsewhere while holding it leaves only counts and numbers behind, which
/// stay valid, so a poisoned lock is used as is.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_each_value_once() {
        let mut r = Registry::default();
        assert_eq!(r.id("Bo"), 0);
        assert_eq!(r.id("Ann"), 1);
        assert_eq!(r.id("Bo"), 0);
        assert_eq!((r.name(1), r.name(7), r.len()), ("Ann", "", 2));
        for i in 0..1000 {
            assert_eq!(r.id(&format!("name {i}")), i + 2);
        }
        assert_eq!(r.id("name 999"), 1001);
        assert!(r.first_merge());
        assert!(!r.first_merge());
    }
}
