//! Pseudo-relevance feedback (RM3): expands a plain query with the words that dominate its
//! top-ranked articles, weighted by how well each article matched and by rarity (idf).

use std::collections::HashMap;

use tantivy::schema::TantivyDocument;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, Score, Searcher, Term};

use super::hit::StoredArticle;
use super::natural::{tokens, WeightedTerm};
use super::stopwords::is_stopword;
use crate::error::Result;
use crate::index::Fields;

/// Feedback settings. Defaults measured on the TIME dev queries (eval/RELEVANCE.md): few
/// feedback articles and a strong original query; Anserini's 10/10/0.5 lost ranking quality.
#[derive(Debug, Clone, Copy)]
pub struct Feedback {
    /// Top articles read.
    pub docs: usize,
    /// Expansion words kept.
    pub terms: usize,
    /// Weight of the original query (the rest goes to the expansion words).
    pub original_weight: f32,
}

impl Default for Feedback {
    fn default() -> Self {
        Feedback {
            docs: 5,
            terms: 10,
            original_weight: 0.7,
        }
    }
}

/// RM3's expanded query, as the weight of each original word and the feedback words: the
/// original `stems` (equal weights) mixed with the feedback words of the `top` articles.
pub fn expand(
    index: &Index,
    fields: &Fields,
    searcher: &Searcher,
    stems: &[String],
    top: &[(Score, DocAddress)],
    fb: Feedback,
) -> Result<Expansion> {
    let mut stemmer = index.tokenizer_for_field(fields.body)?;
    let used = &top[..top.len().min(fb.docs)];
    let total: f32 = used.iter().map(|(s, _)| s.max(0.0)).sum();
    let mut model: HashMap<String, f32> = HashMap::new();
    for (score, addr) in used {
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let a = StoredArticle::from_doc(fields, &doc);
        let weight = if total > 0.0 {
            score.max(0.0) / total
        } else {
            1.0 / used.len() as f32
        };
        add_doc(
            &mut model,
            &mut stemmer,
            &format!("{}\n{}", a.headline, a.body),
            weight,
        );
    }
    let weighted = by_rarity(searcher, fields, model, fb.terms)?;
    Ok(mix(stems, weighted, fb))
}

/// An expanded query: every original word weighs `original`; `feedback` adds weight to words,
/// original ones included.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    pub original: f32,
    pub feedback: Vec<WeightedTerm>,
}

/// The `keep` words of `model` that weigh most once multiplied by their idf in the body, which
/// keeps words common to every article ("said", "week") out. No idf exceeds that of a word in
/// no article, so words taken by probability, most likely first, stop being looked up once even
/// that idf cannot lift them into the `keep` best: the term dictionary is asked about a few
/// dozen words instead of every word of the articles, and the choice is the same.
fn by_rarity(
    searcher: &Searcher,
    fields: &Fields,
    model: HashMap<String, f32>,
    keep: usize,
) -> Result<HashMap<String, f32>> {
    let n = searcher.num_docs() as f32;
    let idf = |df: f32| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    let ceiling = idf(0.0);
    let mut words: Vec<(String, f32)> = model.into_iter().collect();
    words.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut best: Vec<(String, f32)> = Vec::with_capacity(keep + 1);
    for (stem, p) in words {
        let floor = if best.len() < keep {
            0.0
        } else {
            best.last().map_or(0.0, |b| b.1)
        };
        if keep == 0 || p * ceiling < floor {
            break;
        }
        let df = searcher.doc_freq(&Term::from_field_text(fields.body, &stem))? as f32;
        let w = p * idf(df);
        if best.len() < keep || w > floor {
            let at = best.partition_point(|b| b.1.total_cmp(&w).is_ge());
            best.insert(at, (stem, w));
            best.truncate(keep);
        }
    }
    Ok(best.into_iter().collect())
}

/// Adds `P(t|D) * weight` for every content word of `text`, stemming each distinct word once.
fn add_doc(model: &mut HashMap<String, f32>, stemmer: &mut TextAnalyzer, text: &str, weight: f32) {
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut len = 0usize;
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        len += 1;
        *counts.entry(w.to_lowercase()).or_default() += 1;
    }
    let len = len.max(1) as f32;
    for (w, count) in counts {
        if w.chars().count() < 3 || is_stopword(&w) || w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        for stem in tokens(stemmer, &w) {
            *model.entry(stem).or_default() += weight * count as f32 / len;
        }
    }
}

/// RM3: `original_weight` spread over the query words, the rest over the top feedback words
/// in proportion to their probability.
fn mix(stems: &[String], model: HashMap<String, f32>, fb: Feedback) -> Expansion {
    let mut ranked: Vec<(String, f32)> = model.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(fb.terms);
    let mass: f32 = ranked.iter().map(|(_, p)| p).sum();
    let lambda = fb.original_weight;
    let feedback = ranked
        .into_iter()
        .filter(|_| mass > 0.0)
        .map(|(stem, p)| WeightedTerm {
            stem,
            weight: (1.0 - lambda) * p / mass,
        })
        .collect();
    Expansion {
        original: lambda / stems.len().max(1) as f32,
        feedback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use tantivy::doc;

    #[test]
    fn by_rarity_keeps_the_words_a_full_scan_keeps() -> anyhow::Result<()> {
        let (index, f, mut writer) = crate::index::test_index()?;
        for i in 0..40 {
            let rare = if i % 10 == 0 { " opec cartel" } else { "" };
            let body = format!("said week oil price {}{rare}", ["rose", "fell"][i % 2]);
            writer.add_document(doc!(f.body => body))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let probs = [("said", 0.3), ("week", 0.25), ("oil", 0.2), ("rose", 0.1)];
        let mut model: HashMap<String, f32> =
            (probs.iter()).map(|(w, p)| (w.to_string(), *p)).collect();
        model.extend([("opec".to_string(), 0.05), ("cartel".to_string(), 0.04)]);
        let n = searcher.num_docs() as f32;
        let mut full: Vec<(String, f32)> = (model.iter())
            .map(|(w, p)| {
                let df = searcher
                    .doc_freq(&Term::from_field_text(f.body, w))
                    .expect("df") as f32;
                (w.clone(), p * (1.0 + (n - df + 0.5) / (df + 0.5)).ln())
            })
            .collect();
        full.sort_by(|a, b| b.1.total_cmp(&a.1));
        for keep in [0, 1, 2, 3, 6] {
            let got = by_rarity(&searcher, &f, model.clone(), keep)?;
            let want: HashMap<String, f32> = full.iter().take(keep).cloned().collect();
            assert_eq!(got, want, "keep {keep}");
        }
        Ok(())
    }

    #[test]
    fn mix_keeps_original_weight_and_adds_feedback() {
        let stems = vec!["oil".to_string(), "price".to_string()];
        let model = HashMap::from([("oil".to_string(), 0.3), ("opec".to_string(), 0.1)]);
        let fb = Feedback {
            docs: 10,
            terms: 10,
            original_weight: 0.5,
        };
        let x = mix(&stems, model, fb);
        assert!((x.original - 0.25).abs() < 1e-6);
        let w = |s: &str| x.feedback.iter().find(|t| t.stem == s).map(|t| t.weight);
        assert!((w("oil").expect("oil") - 0.375).abs() < 1e-6);
        assert!((w("opec").expect("opec") - 0.125).abs() < 1e-6);
        assert_eq!(w("price"), None);
    }
}
