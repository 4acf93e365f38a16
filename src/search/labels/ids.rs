//! Process-wide numbers for the values of a label field, so that counts from different
//! segments merge by array index instead of by string.
//!
//! Each segment numbers its values apart (an ordinal is a value's rank in that segment's
//! dictionary). A registry per field gives every value it is shown one id for the life of the
//! process; each segment's [`super::names::Names`] remembers the id of each of its ordinals
//! once looked up, so a value is hashed at most once per segment and process, and a warm merge
//! only reads and adds numbers.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// The id of an ordinal not looked up yet.
pub const UNKNOWN: u32 = u32::MAX;

/// The values of one field seen so far, numbered in order of first sight.
#[derive(Debug, Default)]
pub struct Registry {
    ids: HashMap<Arc<str>, u32, BuildHasherDefault<NameHasher>>,
    names: Vec<Arc<str>>,
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

    /// Ids given out so far (all below this).
    pub fn len(&self) -> usize {
        self.names.len()
    }
}

/// A fast hash for short strings (the first merge of a large result set looks up some
/// 100,000 names, and std's SipHash made that cost more than the search). Eight bytes at a time,
/// multiplied in, then mixed by murmur3's finalizer so the low bits hashbrown indexes by depend
/// on every byte. Not proof against chosen collisions; the names come from our own index.
#[derive(Debug, Default, Clone, Copy)]
pub struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 59);
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
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
    }
}
