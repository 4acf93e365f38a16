//! The weight table and its file format.
//!
//! A feature hash picks a row by its top `bits` bits; a row holds one weight per label. File
//! (`model.bin`, little-endian): magic `NPPL`, then u32 format version, u32 feature-set
//! version ([`FEATURE_SET`]), u32 `bits`, u32 label count, f32 `scale` (a weight is
//! `q / scale`), u32 number of stored rows, then per row: varint gap from the previous stored
//! row (+1), varint bit mask of its non-zero labels, and an i16 `q` per set bit. Rows that are
//! all zero are not stored. In memory each row keeps 8 i16, the weights of the 8 entity
//! labels minus that of `O` (whose score is then always 0: the argmax does not change).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use super::labels::{LABELS, O};
use super::seen;
use super::tagger::{Choose, Own};

const MAGIC: &[u8; 4] = b"NPPL";
const FORMAT: u32 = 1;
/// Bumped whenever the features change, so a stale model is refused rather than misread.
pub(super) const FEATURE_SET: u32 = 5;
/// Largest stored |q|, so that a difference of two still fits an i16.
pub(super) const Q_MAX: f32 = 16_383.0;
/// Entity labels per in-memory row.
pub(super) const ROW: usize = LABELS - 1;

/// A loaded model, ready to score. Only the rows with a non-zero weight are kept (about a
/// third of them), packed after an all-zero row 0; `slot` maps each of the `2^bits` rows to its
/// packed place (0 when empty). The packed rows (about 384 KB instead of 576 KB dense) and
/// the slots (64 KB) stay closer to the cache than the dense table did.
pub struct Model {
    /// Tells models apart for caches of row sums (`super::seen`).
    id: u64,
    shift: u32,
    slot: Vec<u16>,
    rows: Vec<[i16; ROW]>,
}

/// The model committed with the crate.
pub(super) fn embedded() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        Model::from_bytes(include_bytes!("model.bin")).expect("the embedded people model loads")
    })
}

impl Model {
    /// Reads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err("not a people model (bad magic)".into());
        }
        let (format, set, bits, labels) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
        if format != FORMAT || set != FEATURE_SET || labels as usize != LABELS {
            return Err(format!("model format {format}, feature set {set}, {labels} labels: expected {FORMAT}, {FEATURE_SET}, {LABELS}; retrain"));
        }
        if !(8..=24).contains(&bits) {
            return Err(format!("bad table size 2^{bits}"));
        }
        let _scale = r.f32()?;
        let mut slot = vec![0u16; 1 << bits];
        let stored = r.u32()?;
        let mut rows = vec![[0i16; ROW]];
        let mut row = 0usize;
        for k in 0..stored {
            row += r.varint()? as usize - usize::from(k == 0);
            let mask = r.varint()?;
            let mut q = [0i16; LABELS];
            for (l, v) in q.iter_mut().enumerate() {
                if mask >> l & 1 == 1 {
                    *v = i16::from_le_bytes([r.byte()?, r.byte()?]);
                }
            }
            let mut dst = [0i16; ROW];
            for l in 1..LABELS {
                dst[l - 1] = q[l] - q[usize::from(O)];
            }
            if dst.iter().all(|&w| w == 0) {
                continue;
            }
            let place = u16::try_from(rows.len()).map_err(|_| "too many rows (at most 65,535)")?;
            *slot.get_mut(row).ok_or("row out of range")? = place;
            rows.push(dst);
        }
        static LOADED: AtomicU64 = AtomicU64::new(1);
        Ok(Model {
            id: LOADED.fetch_add(1, Ordering::Relaxed),
            shift: 64 - bits,
            slot,
            rows,
        })
    }

    /// A number no other model loaded by this process has.
    pub(super) fn id(&self) -> u64 {
        self.id
    }

    /// The sum of the rows of these feature hashes: the scores of all labels (`O` is 0). Not
    /// inlined: inside the caller's label loop the sums were kept as scalars instead of a
    /// vector.
    #[inline(never)]
    pub(super) fn sum(&self, features: &[u64]) -> [i32; ROW] {
        let mut acc = [0i32; ROW];
        let mut rows = [0usize; 32];
        for chunk in features.chunks(rows.len()) {
            // Touch every row first: the cache misses then overlap instead of queueing.
            let mut touch = 0i16;
            for (r, &h) in rows.iter_mut().zip(chunk) {
                *r = usize::from(self.slot[(h >> self.shift) as usize]);
                touch ^= self.rows[*r][0];
            }
            std::hint::black_box(touch);
            for &r in &rows[..chunk.len()] {
                // 8 lanes: compiles to one widening vector add.
                for (a, &w) in acc.iter_mut().zip(&self.rows[r]) {
                    *a += i32::from(w);
                }
            }
        }
        acc
    }
}

/// Greedy decisions with a loaded model.
pub(super) struct Greedy<'m>(pub(super) &'m Model);

impl Choose for Greedy<'_> {
    fn sums_own_rows(&self) -> bool {
        true
    }

    fn ends_runaways(&self) -> bool {
        true
    }

    fn choose(&mut self, _i: usize, own: Own, features: &[u64], allowed: u32) -> u8 {
        let mut scores = self.0.sum(features);
        let own = seen::own_rows(own.text, self.0, own.features);
        for (s, o) in scores.iter_mut().zip(own) {
            *s += o;
        }
        let mut best = (O, i32::MIN);
        for l in 0..LABELS as u8 {
            let s = if l == O {
                0
            } else {
                scores[usize::from(l) - 1]
            };
            if allowed >> l & 1 == 1 && s > best.1 {
                best = (l, s);
            }
        }
        best.0
    }
}

/// Writes a model file from full-precision weights (`LABELS` per row, `2^bits` rows).
pub fn to_bytes(bits: u32, weights: &[f32]) -> Vec<u8> {
    let max = weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
    let scale = Q_MAX / max;
    let mut body = Vec::new();
    let (mut stored, mut last) = (0u32, 0usize);
    for (row, ws) in weights.chunks(LABELS).enumerate() {
        let q: Vec<i16> = ws.iter().map(|w| (w * scale).round() as i16).collect();
        let mask = q
            .iter()
            .enumerate()
            .fold(0u64, |m, (l, &v)| m | u64::from(v != 0) << l);
        if mask == 0 {
            continue;
        }
        put_varint(&mut body, (row - last + usize::from(stored == 0)) as u64);
        put_varint(&mut body, mask);
        q.iter()
            .filter(|&&v| v != 0)
            .for_each(|v| body.extend(v.to_le_bytes()));
        (stored, last) = (stored + 1, row);
    }
    let mut out = MAGIC.to_vec();
    for v in [FORMAT, FEATURE_SET, bits, LABELS as u32] {
        out.extend(v.to_le_bytes());
    }
    out.extend(scale.to_le_bytes());
    out.extend(stored.to_le_bytes());
    out.extend(body);
    out
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self
            .bytes
            .get(self.pos..self.pos + n)
            .ok_or("model file truncated")?;
        self.pos += n;
        Ok(s)
    }
    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("bad varint".into())
    }
}
