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

/// The expanded weighted query: the original `stems` (equal weights) mixed with the feedback
/// words of the `top` articles.
pub fn expand(
    index: &Index,
    fields: &Fields,
    searcher: &Searcher,
    stems: &[String],
    top: &[(Score, DocAddress)],
    fb: Feedback,
) -> Result<Vec<WeightedTerm>> {
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
    // Weighting by rarity keeps words common to every article ("said", "week") out.
    let n = searcher.num_docs() as f32;
    for (stem, p) in model.iter_mut() {
        let df = searcher.doc_freq(&Term::from_field_text(fields.body, stem))? as f32;
        *p *= (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    }
    Ok(mix(stems, model, fb))
}

/// Adds `P(t|D) * weight` for every content word of `text`.
fn add_doc(model: &mut HashMap<String, f32>, stemmer: &mut TextAnalyzer, text: &str, weight: f32) {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let len = words.len().max(1) as f32;
    for w in &words {
        if w.chars().count() < 3 || is_stopword(w) || w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        for stem in tokens(stemmer, w) {
            *model.entry(stem).or_default() += weight / len;
        }
    }
}

/// RM3: `original_weight` spread over the query words, the rest over the top feedback words
/// in proportion to their probability.
fn mix(stems: &[String], model: HashMap<String, f32>, fb: Feedback) -> Vec<WeightedTerm> {
    let mut ranked: Vec<(String, f32)> = model.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(fb.terms);
    let mass: f32 = ranked.iter().map(|(_, p)| p).sum();
    let lambda = fb.original_weight;
    let mut out: Vec<WeightedTerm> = stems
        .iter()
        .map(|s| WeightedTerm {
            stem: s.clone(),
            weight: lambda / stems.len().max(1) as f32,
        })
        .collect();
    for (stem, p) in ranked {
        let w = if mass > 0.0 {
            (1.0 - lambda) * p / mass
        } else {
            0.0
        };
        match out.iter_mut().find(|t| t.stem == stem) {
            Some(t) => t.weight += w,
            None => out.push(WeightedTerm { stem, weight: w }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_keeps_original_weight_and_adds_feedback() {
        let stems = vec!["oil".to_string(), "price".to_string()];
        let model = HashMap::from([("oil".to_string(), 0.3), ("opec".to_string(), 0.1)]);
        let fb = Feedback {
            docs: 10,
            terms: 10,
            original_weight: 0.5,
        };
        let terms = mix(&stems, model, fb);
        let w = |s: &str| terms.iter().find(|t| t.stem == s).map(|t| t.weight);
        assert!((w("oil").expect("oil") - (0.25 + 0.375)).abs() < 1e-6);
        assert!((w("price").expect("price") - 0.25).abs() < 1e-6);
        assert!((w("opec").expect("opec") - 0.125).abs() < 1e-6);
    }
}
