//! Word classes from word lists, looked up once per token by the hash of its lower-cased text:
//! US Census 1990 first names and surnames (bucketed by frequency rank), the hand-written
//! given names (`names.rs`), title cues, stop words, particles and regnal numbers
//! (`lexicon.rs`). The tagger turns the classes into features, so a list entry is evidence,
//! never a decision.
//!
//! `census_first.txt` and `census_last.txt` are derived from the public-domain US Census 1990
//! name lists as shipped in the PyPI package `names` 0.3.0 (`dist.male.first`,
//! `dist.female.first`, `dist.all.last`): lower case, most frequent first; the surname list
//! keeps the 50,000 most frequent.

use std::sync::OnceLock;

use super::features::hash_lower;
use super::lexicon::{STOP_WORDS, TITLES};
use super::names::FIRST_NAMES;

/// Census first-name bucket (0 = not listed, 3 = most frequent).
pub(super) const FIRST: u16 = 0b11;
/// Census surname bucket, shifted by [`LAST_SHIFT`].
pub(super) const LAST_SHIFT: u16 = 2;
pub(super) const GIVEN: u16 = 1 << 4;
pub(super) const TITLE: u16 = 1 << 5;
pub(super) const STOP: u16 = 1 << 6;
pub(super) const PARTICLE: u16 = 1 << 7;
pub(super) const REGNAL: u16 = 1 << 8;

const CENSUS_FIRST: &str = include_str!("census_first.txt");
const CENSUS_LAST: &str = include_str!("census_last.txt");

/// Rank limits of the census buckets 3, 2 (the rest of a list is bucket 1).
const FIRST_BUCKETS: [usize; 2] = [300, 1500];
const LAST_BUCKETS: [usize; 2] = [1000, 10_000];

/// The classes of a capitalised word whose lower-cased text hashes to `lower` (0 when none).
pub(super) fn classes(lower: u64) -> u16 {
    tables().all.get(lower)
}

/// The classes of a lower-case word: only the hand-written lists (titles, stop words,
/// particles), from a table small enough to stay in cache; census names in lower case are
/// mostly ordinary words (`will`, `young`).
pub(super) fn lower_classes(lower: u64) -> u16 {
    tables().lists.get(lower)
}

/// Open addressing, linear probing; a slot holds the top 48 bits of a word hash and its 16
/// class bits (0 = empty), so a lookup usually costs one cache line.
struct Packed {
    slots: Vec<u64>,
    mask: usize,
}

impl Packed {
    fn new(capacity: usize) -> Packed {
        let n = (capacity * 2).next_power_of_two();
        Packed {
            slots: vec![0; n],
            mask: n - 1,
        }
    }

    /// The stored part of a hash (never 0, which marks an empty slot).
    fn key(hash: u64) -> u64 {
        (hash & !0xFFFF).max(1 << 16)
    }

    fn get(&self, hash: u64) -> u16 {
        let key = Packed::key(hash);
        let mut i = hash as usize & self.mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return 0;
            }
            if slot & !0xFFFF == key {
                return slot as u16;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn add(&mut self, hash: u64, class: u16) {
        let key = Packed::key(hash);
        let mut i = hash as usize & self.mask;
        while self.slots[i] != 0 && self.slots[i] & !0xFFFF != key {
            i = (i + 1) & self.mask;
        }
        self.slots[i] |= key | u64::from(class);
    }
}

struct Tables {
    all: Packed,
    lists: Packed,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

fn build() -> Tables {
    let (first, last) = (list(CENSUS_FIRST), list(CENSUS_LAST));
    let mut all = Packed::new(first.clone().count() + last.clone().count() + 4096);
    // Looked up for every lower-case token: sized to its words (16 KB) to stay in cache.
    let mut lists = Packed::new(TITLES.len() + STOP_WORDS.len() + PARTICLES.len() + 8);
    for (rank, name) in first.enumerate() {
        all.add(hash_lower(name), bucket(rank, FIRST_BUCKETS));
    }
    for (rank, name) in last.enumerate() {
        all.add(hash_lower(name), bucket(rank, LAST_BUCKETS) << LAST_SHIFT);
    }
    let regnal = ["ii", "iii", "iv", "vi", "vii", "viii", "jr", "sr"];
    let lexicon: [(&[&str], u16); 5] = [
        (&FIRST_NAMES, GIVEN),
        (&TITLES, TITLE),
        (&STOP_WORDS, STOP),
        (&PARTICLES, PARTICLE),
        (&regnal, REGNAL),
    ];
    for (words, class) in lexicon {
        for w in words {
            all.add(hash_lower(w), class);
            if class != GIVEN {
                lists.add(hash_lower(w), class);
            }
        }
    }
    Tables { all, lists }
}

/// Lower-case particles that can sit inside a name (`von der Leyen`, `bin Salman`); the
/// tagger scores these even in lower case.
pub(super) const PARTICLES: [&str; 19] = [
    "al", "bin", "bint", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el",
    "ibn", "la", "le", "van", "von",
];

fn list(text: &str) -> impl Iterator<Item = &str> + Clone {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn bucket(rank: usize, limits: [usize; 2]) -> u16 {
    match rank {
        r if r < limits[0] => 3,
        r if r < limits[1] => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_known_words() {
        let c = |w: &str| classes(hash_lower(w));
        assert_eq!(c("John") & FIRST, 3);
        assert_ne!(c("JOHN") & GIVEN, 0);
        assert_eq!((c("Smith") >> LAST_SHIFT) & 3, 3);
        assert_ne!(c("president") & TITLE, 0);
        assert_ne!(c("Ministry") & STOP, 0);
        assert_ne!(c("von") & PARTICLE, 0);
        assert_eq!(c("Zxqvw"), 0);
        assert_ne!(lower_classes(hash_lower("spokesman")) & TITLE, 0);
        assert_eq!(lower_classes(hash_lower("will")), 0);
        assert!(list(CENSUS_FIRST).count() > 5000);
        assert_eq!(list(CENSUS_LAST).count(), 50_000);
    }
}
