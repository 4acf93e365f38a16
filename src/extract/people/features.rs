//! What the tagger knows about each token, and the hashed features it scores.
//!
//! Per token, once: hashes of the text and its lower-cased form, a short shape (`Xx`, `X.X.`,
//! `d-d`), a capitalisation class, gazetteer classes and where it sits in its sentence. Per
//! scored token: static features (the word, affixes, neighbours at ±1 and ±2, shapes and
//! classes around it, document-wide casing) and dynamic ones (the two previous labels and what
//! earlier tokens with the same text were tagged). Features are 64-bit hashes of (template,
//! value); the model maps them to rows of its weight table.

use std::borrow::Cow;

use xxhash_rust::xxh3::xxh3_64;

use super::gazetteer::{self, PARTICLE};

/// How a token is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub(super) enum Caps {
    /// Starts with a lower-case letter.
    #[default]
    Lower,
    /// Capitalised with some lower case: `Putin`, `McDonald`, `Jean-Luc`.
    Cap,
    /// Two or more letters, all capitals: `NATO`, `PUTIN`.
    Upper,
    /// Capitals each with a dot: `W.`, `J.K.`, `U.S.`.
    Initial,
    /// One capital letter without a dot: `A`, `I`.
    Letter,
    /// Starts with a digit.
    Digit,
    /// Anything else: punctuation, symbols, uncased letters.
    Other,
}

/// Per-token facts, computed once per article.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Word {
    pub(super) lower: u64,
    pub(super) shape: u64,
    pub(super) caps: Caps,
    pub(super) gaz: u16,
    /// 0 inside a sentence, 1 first word, 2 after an opening quote, bracket, colon or dash.
    pub(super) sent: u8,
}

impl Word {
    pub(super) fn new(raw: &str, prev: Option<&str>) -> Word {
        let text = &*plain(raw);
        let (lower, shape, caps) = match ascii_facts(text) {
            Some(facts) => facts,
            None => (hash_lower(text), shape(text), caps(text)),
        };
        let gaz = match caps {
            Caps::Digit | Caps::Other => 0,
            Caps::Lower => gazetteer::lower_classes(lower),
            // `Mr.`, `Sen.`: the lists hold words without their dot.
            _ if text.len() > 2 && text.ends_with('.') => {
                gazetteer::classes(hash_lower(&text[..text.len() - 1]))
            }
            _ => gazetteer::classes(lower),
        };
        let sent = sentence_position(prev);
        Word {
            lower,
            shape,
            caps,
            gaz,
            sent,
        }
    }

    /// Whether the word is only a stop word (no name or title class).
    pub(super) fn is_stop_only(&self) -> bool {
        self.gaz & gazetteer::STOP != 0
            && self.gaz
                & (gazetteer::FIRST
                    | gazetteer::GIVEN
                    | gazetteer::TITLE
                    | 3 << gazetteer::LAST_SHIFT)
                == 0
    }

    /// Whether the tagger scores this token even after an `O`: capitalised words, initials
    /// and name particles (everything else is `O` unless it continues an entity).
    pub(super) fn is_candidate(&self) -> bool {
        matches!(
            self.caps,
            Caps::Cap | Caps::Upper | Caps::Initial | Caps::Letter
        ) || self.gaz & PARTICLE != 0
    }
}

/// Whether a token that starts with a lower-case ASCII letter may be a name particle: some
/// entry of [`gazetteer::PARTICLES`] has its first byte and length (a cheap test before the
/// hashing that [`Word::new`] does).
pub(super) fn may_be_particle(text: &str) -> bool {
    let b = text.as_bytes();
    let (Some(&first), true) = (b.first(), b.len() < 32) else {
        return false;
    };
    first.is_ascii_lowercase() && PARTICLE_LENGTHS[usize::from(first - b'a')] >> b.len() & 1 != 0
}

/// Per first letter `a`..`z`: bit `n` set when a particle of `n` bytes starts with it.
static PARTICLE_LENGTHS: [u32; 26] = {
    let mut t = [0u32; 26];
    let mut k = 0;
    while k < gazetteer::PARTICLES.len() {
        let p = gazetteer::PARTICLES[k].as_bytes();
        t[(p[0] - b'a') as usize] |= 1 << p.len();
        k += 1;
    }
    t
};

/// A key for the document-wide casing table: a fast hash of the lower-cased [`plain`] text
/// (two tokens get the same key when, and, but for 64-bit collisions, only when their
/// lower-cased forms are the same).
pub(super) fn case_key(text: &str) -> u64 {
    let b = text.as_bytes();
    if b.is_ascii() {
        // [`plain`] of an ASCII token: only the two-quote marks change.
        let b = if b == b"``" || b == b"''" { b"\"" } else { b };
        return fast_hash(b, true);
    }
    // Lower-cased ASCII hashes the same either way.
    fast_hash(plain(text).to_lowercase().as_bytes(), false)
}

/// Multiply-xorshift hash of `bytes` 8 at a time, lower-casing ASCII letters first if
/// `ascii_lower`; one-to-one for up to 8 bytes.
pub(super) fn fast_hash(bytes: &[u8], ascii_lower: bool) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let lower = |v: u64| {
        if !ascii_lower {
            return v;
        }
        // Bytes are ASCII: set 0x20 on those in `A..=Z`.
        const LO: u64 = 0x0101_0101_0101_0101;
        let ge_a = v + LO * (0x80 - u64::from(b'A'));
        let gt_z = v + LO * (0x7F - u64::from(b'Z'));
        v | (ge_a & !gt_z & (LO * 0x80)) >> 2
    };
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().unwrap_or_default());
        h = (h ^ lower(v)).wrapping_mul(K);
        h ^= h >> 29;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h ^ lower(little_endian(rest))).wrapping_mul(K);
        h ^= h >> 29;
    }
    h = h.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    h ^ h >> 32
}

/// The 1 to 7 `bytes` as a little-endian number (zero above them), read as two overlapping
/// words instead of byte by byte: where the reads overlap they hold the same bytes, so OR-ing
/// them is exact.
fn little_endian(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let at = |k: usize| u64::from(bytes[k]);
    let word = |k: usize| {
        let w: [u8; 4] = bytes[k..k + 4].try_into().unwrap_or_default();
        u64::from(u32::from_le_bytes(w))
    };
    if n >= 4 {
        word(0) | word(n - 4) << (8 * (n - 4))
    } else {
        at(0) | at(n / 2) << (8 * (n / 2)) | at(n - 1) << (8 * (n - 1))
    }
}

/// Lower-cased hash, shape hash and capitalisation of a short ASCII token in one pass (the
/// same values as [`hash_lower`], [`shape`] and [`caps`]); `None` for other tokens.
fn ascii_facts(text: &str) -> Option<(u64, u64, Caps)> {
    let b = text.as_bytes();
    let mut buf = [0u8; 48];
    if !text.is_ascii() || b.len() > buf.len() {
        return None;
    }
    let (mut h, mut last) = (SHAPE_SEED, 0u8);
    let (mut letters, mut lower) = (0usize, false);
    for (d, &c) in buf.iter_mut().zip(b) {
        let class = ASCII_CLASS[usize::from(c)];
        *d = c | u8::from(class == b'X') << 5;
        letters += usize::from(class == b'X' || class == b'x');
        lower |= class == b'x';
        if class != last {
            h = shape_step(h, u32::from(class));
            last = class;
        }
    }
    let caps = match b.first() {
        None => Caps::Other,
        Some(b'a'..=b'z') => Caps::Lower,
        Some(b'0'..=b'9') => Caps::Digit,
        Some(b'A'..=b'Z') => upper_caps(text, letters, lower),
        Some(_) => Caps::Other,
    };
    Some((xxh3_64(&buf[..b.len()]), h, caps))
}

/// The shape class of each ASCII byte: `X`, `x`, `d` or the byte itself.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            b => b,
        };
        c += 1;
    }
    t
};

/// The token with typographic quotes, apostrophes and dashes as in the CoNLL text (`“`, `''`
/// and `` `` `` → `"`, `’` → `'`, `–` → `-`), so both spellings share features.
pub(super) fn plain(text: &str) -> Cow<'_, str> {
    let fancy = |c: char| matches!(c, '‘' | '’' | '“' | '”' | '«' | '»' | '„' | '–' | '—');
    if text.is_ascii() {
        let quote = text == "``" || text == "''";
        return Cow::Borrowed(if quote { "\"" } else { text });
    }
    if !text.chars().any(fancy) {
        return Cow::Borrowed(text);
    }
    let plain_char = |c| match c {
        '‘' | '’' => '\'',
        '“' | '”' | '«' | '»' | '„' => '"',
        '–' | '—' => '-',
        c => c,
    };
    Cow::Owned(text.chars().map(plain_char).collect())
}

/// Hash of the lower-cased text (ASCII without allocating).
pub(crate) fn hash_lower(text: &str) -> u64 {
    let mut buf = [0u8; 48];
    if text.is_ascii() && text.len() <= buf.len() {
        let key = &mut buf[..text.len()];
        key.copy_from_slice(text.as_bytes());
        key.make_ascii_lowercase();
        return xxh3_64(key);
    }
    xxh3_64(text.to_lowercase().as_bytes())
}

/// Hash of the short shape: upper `X`, lower `x`, digit `d`, other chars as they are; runs of
/// one class collapsed (`Putin` → `Xx`, `U.S.` → `X.X.`, `1996-08-22` → `d-d-d`).
fn shape(text: &str) -> u64 {
    let (mut h, mut last) = (SHAPE_SEED, '\0');
    for c in text.chars() {
        let class = match c {
            c if c.is_uppercase() => 'X',
            c if c.is_lowercase() => 'x',
            c if c.is_numeric() => 'd',
            c => c,
        };
        if class != last {
            h = shape_step(h, u32::from(class));
            last = class;
        }
    }
    h
}

const SHAPE_SEED: u64 = 0xcbf2_9ce4_8422_2325;

fn shape_step(h: u64, class: u32) -> u64 {
    (h ^ u64::from(class)).wrapping_mul(0x0100_0000_01b3)
}

fn caps(text: &str) -> Caps {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return Caps::Other;
    };
    if first.is_lowercase() {
        return Caps::Lower;
    }
    if first.is_numeric() {
        return Caps::Digit;
    }
    if !first.is_uppercase() {
        return Caps::Other;
    }
    let (mut letters, mut lower) = (1, false);
    for c in chars {
        letters += usize::from(c.is_alphabetic());
        lower |= c.is_lowercase();
    }
    upper_caps(text, letters, lower)
}

/// The class of a token that starts with a capital.
fn upper_caps(text: &str, letters: usize, lower: bool) -> Caps {
    if lower {
        Caps::Cap
    } else if is_initials(text) {
        Caps::Initial
    } else if letters == 1 {
        Caps::Letter
    } else {
        Caps::Upper
    }
}

/// `W.`, `J.K.`, `U.S.`: capitals each followed by a dot.
fn is_initials(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 2
        && b.len().is_multiple_of(2)
        && b.chunks(2)
            .all(|p| p[0].is_ascii_uppercase() && p[1] == b'.')
}

fn sentence_position(prev: Option<&str>) -> u8 {
    match prev {
        None | Some("." | "!" | "?" | "...") => 1,
        Some("\"" | "“" | "``" | "'" | "‘" | "(" | "[" | ":" | ";" | "-" | "--" | "–" | "—") => {
            2
        }
        Some(_) => 0,
    }
}

/// Feature templates (the first argument of [`feature`]).
#[derive(Clone, Copy)]
#[repr(u64)]
pub(super) enum T {
    Bias = 1,
    Exact,
    Lower,
    Shape,
    Suffix2,
    Suffix3,
    Suffix4,
    Prefix3,
    PrevLower,
    NextLower,
    Prev2Lower,
    Next2Lower,
    PrevShape,
    NextShape,
    PrevBigram,
    NextBigram,
    Gaz,
    GazFirst,
    GazLast,
    PrevGaz,
    NextGaz,
    PrevNextGaz,
    SentCaps,
    CapsAround,
    UpperPara,
    DocCase,
    DocCaseSent,
    Label1,
    Label12,
    Label1Lower,
    Label1Caps,
    History,
    HistoryLast,
    NextHistory,
    PrevHistory,
}

/// Hash of one feature.
#[inline]
pub(super) fn feature(t: T, value: u64) -> u64 {
    let h = (value ^ (t as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_mul(0xD6E8_FEB8_6659_FD93);
    h ^ (h >> 32)
}

/// Two values as one.
#[inline]
pub(super) fn pair(a: u64, b: u64) -> u64 {
    a.rotate_left(17).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b
}

/// Hash of the last `n` chars of `lower` (or of its first `n` with `prefix`), 0 when shorter.
pub(super) fn affix(lower: &str, n: usize, prefix: bool) -> u64 {
    let mut idx = lower.char_indices();
    let cut = if prefix {
        idx.nth(n).map(|(i, _)| i)
    } else {
        idx.rev().nth(n - 1).map(|(i, _)| i)
    };
    match (cut, prefix) {
        (Some(i), true) => xxh3_64(&lower.as_bytes()[..i]),
        (Some(i), false) if i > 0 => xxh3_64(&lower.as_bytes()[i..]),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_and_case_keys() {
        for p in gazetteer::PARTICLES {
            assert!(may_be_particle(p), "{p}");
            assert_ne!(Word::new(p, Some("x")).gaz & PARTICLE, 0, "{p}");
        }
        assert!(!may_be_particle("said"));
        assert!(!may_be_particle("Von"));
        assert!(!may_be_particle(""));
        assert_eq!(case_key("Putin"), case_key("PUTIN"));
        assert_eq!(case_key("putin"), case_key("pUTIN"));
        assert_ne!(case_key("putin"), case_key("putin@"));
        assert_ne!(case_key("putin"), case_key("puti"));
        assert_eq!(case_key("ÓLAFUR"), case_key("ólafur"));
        assert_eq!(case_key("O’Neill"), case_key("o'neill"));
        assert_eq!(
            case_key("Internationalisation"),
            case_key("INTERNATIONALISATION")
        );
        assert_ne!(case_key("[a"), case_key("{a"));
        assert_ne!(case_key("@a"), case_key("`a"));
    }

    #[test]
    fn capitalisation_classes() {
        let cases = [
            ("Putin", Caps::Cap),
            ("PUTIN", Caps::Upper),
            ("W.", Caps::Initial),
            ("J.K.", Caps::Initial),
            ("A", Caps::Letter),
            ("von", Caps::Lower),
            ("1996", Caps::Digit),
            ("(", Caps::Other),
            ("Ólafur", Caps::Cap),
        ];
        for (text, want) in cases {
            assert_eq!(caps(text), want, "{text:?}");
        }
    }

    #[test]
    fn shapes_hashes_and_affixes() {
        assert_eq!(shape("Putin"), shape("Xi"));
        assert_ne!(shape("Putin"), shape("PUTIN"));
        assert_eq!(shape("1996-08-22"), shape("7-3-1"));
        assert_eq!(hash_lower("PUTIN"), hash_lower("putin"));
        assert_eq!(hash_lower("ÓLAFUR"), hash_lower("ólafur"));
        assert_eq!(plain("O’Neill"), "O'Neill");
        assert_eq!(plain("``"), "\"");
        assert_eq!(Word::new("’s", None).lower, Word::new("'s", None).lower);
        assert_ne!(Word::new("Sen.", None).gaz & super::gazetteer::TITLE, 0);
        assert_eq!(affix("putin", 3, false), xxh3_64(b"tin"));
        assert_eq!(affix("putin", 3, true), xxh3_64(b"put"));
        assert_eq!(affix("pu", 3, false), 0);
        assert!(Word::new("von", None).is_candidate());
        assert!(!Word::new("said", Some("Putin")).is_candidate());
        for text in [
            "Putin",
            "PUTIN",
            "J.K.",
            "A",
            "von",
            "1996-08-22",
            "(",
            "O'Neill",
            "",
        ] {
            let facts = (hash_lower(text), shape(text), caps(text));
            assert_eq!(ascii_facts(text), Some(facts), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn little_endian_reads_every_byte_once(bytes in proptest::collection::vec(proptest::num::u8::ANY, 1..8)) {
            let byte_by_byte = bytes
                .iter()
                .enumerate()
                .fold(0u64, |v, (k, &c)| v | u64::from(c) << (8 * k));
            proptest::prop_assert_eq!(little_endian(&bytes), byte_by_byte);
        }
    }
}
