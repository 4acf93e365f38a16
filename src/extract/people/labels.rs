//! The tag set: `O` plus BILOU (begin, inside, last, unit) for two entity types, `PER` and
//! `ENT`, which stands for the other three CoNLL-2003 types (`ORG`, `LOC`, `MISC`) merged.
//! Only `PER` is reported; `ENT` teaches the tagger what a person is not. Telling those three
//! apart did not help it find people (CoNLL testa F1 0.9419 with four types, 0.9425 with
//! two) and cost time: a weight row holds 8 labels instead of 16.

/// Number of labels: `O` and 4 parts × 2 types.
pub const LABELS: usize = 9;
/// The outside label.
pub const O: u8 = 0;
/// Entity types, in label order.
pub const TYPES: [&str; 2] = ["PER", "ENT"];
/// Index of `PER` in [`TYPES`].
pub const PER: usize = 0;
/// Index of `ENT` (any other named entity) in [`TYPES`].
pub const ENT: usize = 1;

/// The type of a CoNLL-2003 entity tag name (`PER`, `ORG`, `LOC`, `MISC`); `None` for others.
pub fn conll_type(name: &str) -> Option<usize> {
    match name {
        "PER" => Some(PER),
        "ORG" | "LOC" | "MISC" => Some(ENT),
        _ => None,
    }
}

/// Where a token sits in its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

/// The label for `part` of an entity of type `ty`.
pub fn label(part: Part, ty: usize) -> u8 {
    1 + 4 * ty as u8 + part as u8
}

/// The type and part of a label, `None` for `O`.
pub fn split(label: u8) -> Option<(usize, Part)> {
    let k = label.checked_sub(1)?;
    let part = [Part::Begin, Part::Inside, Part::Last, Part::Unit][usize::from(k % 4)];
    Some((usize::from(k / 4), part))
}

/// Bit mask of the labels that may follow `prev`: an open entity (`B`, `I`) must go on with
/// `I` or `L` of its type; otherwise `O`, `B` or `U` of any type.
pub fn allowed_after(prev: u8) -> u32 {
    match split(prev) {
        Some((ty, Part::Begin | Part::Inside)) => {
            1 << label(Part::Inside, ty) | 1 << label(Part::Last, ty)
        }
        _ => {
            let mut m = 1 << O;
            for ty in 0..TYPES.len() {
                m |= 1 << label(Part::Begin, ty) | 1 << label(Part::Unit, ty);
            }
            m
        }
    }
}

/// Whether an entity is open after `label` (it must be continued).
pub fn is_open(label: u8) -> bool {
    matches!(split(label), Some((_, Part::Begin | Part::Inside)))
}

/// The label that ends an open entity where it stands: `B` becomes `U`, `I` becomes `L`.
pub fn close(open: u8) -> u8 {
    match split(open) {
        Some((ty, Part::Begin)) => label(Part::Unit, ty),
        Some((ty, Part::Inside)) => label(Part::Last, ty),
        _ => open,
    }
}

/// Token ranges `(start, end, type)` of the entities in a label sequence. Lenient: an entity
/// also ends where its labels stop fitting (a `B` at the end of a paragraph is one token).
pub fn spans(labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let cur = split(l);
        if let Some((s, ty)) = open {
            match cur {
                Some((t, Part::Inside)) if t == ty => continue,
                Some((t, Part::Last)) if t == ty => {
                    out.push((s, i + 1, ty));
                    open = None;
                    continue;
                }
                _ => {
                    out.push((s, i, ty));
                    open = None;
                }
            }
        }
        match cur {
            Some((ty, Part::Begin | Part::Inside)) => open = Some((i, ty)),
            Some((ty, Part::Unit | Part::Last)) => out.push((i, i + 1, ty)),
            None => {}
        }
    }
    if let Some((s, ty)) = open {
        out.push((s, labels.len(), ty));
    }
    out
}

/// BILOU labels for tokens `0..n` given entity token ranges (the inverse of [`spans`]).
pub fn encode(n: usize, entities: &[(usize, usize, usize)]) -> Vec<u8> {
    let mut labels = vec![O; n];
    for &(s, e, ty) in entities {
        if e <= s || e > n {
            continue;
        }
        if e - s == 1 {
            labels[s] = label(Part::Unit, ty);
            continue;
        }
        labels[s] = label(Part::Begin, ty);
        labels[s + 1..e - 1].fill(label(Part::Inside, ty));
        labels[e - 1] = label(Part::Last, ty);
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        let ents = [(0, 2, PER), (3, 4, ENT), (4, 5, ENT), (5, 8, PER)];
        let labels = encode(9, &ents);
        assert_eq!(spans(&labels), ents);
        assert_eq!(split(label(Part::Last, ENT)), Some((ENT, Part::Last)));
        assert_eq!(usize::from(label(Part::Unit, ENT)), LABELS - 1);
        assert_eq!(split(O), None);
        let after_b = allowed_after(label(Part::Begin, PER));
        assert_eq!(after_b.count_ones(), 2);
        assert_eq!(allowed_after(O).count_ones(), 5);
        let types = ["PER", "ORG", "LOC", "MISC", "O", ""].map(conll_type);
        assert_eq!(
            types,
            [Some(PER), Some(ENT), Some(ENT), Some(ENT), None, None]
        );
        // A dangling begin still makes an entity.
        assert_eq!(spans(&[label(Part::Begin, 0), O]), [(0, 1, 0)]);
    }
}
