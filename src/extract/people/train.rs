//! Training: an averaged perceptron over the same tokens, features and greedy decoding as at
//! run time (`examples/train_people.rs` reads the CoNLL files and calls this). Each scored
//! token whose predicted label is wrong moves the weights of its features towards the gold
//! label and away from the predicted one; decoding goes on with the prediction, as at run
//! time. The final weights are the average over all steps (Daumé's trick: `w - acc / steps`).

use std::ops::Range;

use super::labels::{encode, spans, LABELS, PER};
use super::model::{self, Model};
use super::tagger::{Choose, Doc, Own};

/// One training article: paragraphs (headline first) and, per paragraph, its entities as
/// byte ranges with a type index into [`super::labels::TYPES`].
pub struct Article {
    pub paragraphs: Vec<String>,
    pub entities: Vec<Vec<(Range<usize>, usize)>>,
}

/// Training settings.
pub struct Settings {
    /// log2 of the number of weight rows.
    pub bits: u32,
    pub epochs: usize,
    /// Seed of the shuffle of the articles before each epoch.
    pub seed: u64,
    /// How many perceptrons (seeds `seed`, `seed + 1`, …) to train and average.
    pub runs: usize,
}

/// Entity counts for precision and recall: (correct, predicted, gold).
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn f1(&self) -> (f64, f64, f64) {
        let p = self.correct as f64 / self.predicted.max(1) as f64;
        let r = self.correct as f64 / self.gold.max(1) as f64;
        (p, r, 2.0 * p * r / (p + r).max(1e-9))
    }
}

/// Perceptron weights with the sums needed for averaging.
struct Weights {
    shift: u32,
    w: Vec<f32>,
    acc: Vec<f64>,
    steps: f64,
}

impl Weights {
    fn rows(&self, features: &[u64], out: &mut Vec<usize>) {
        out.clear();
        out.extend(
            features
                .iter()
                .map(|&h| (h >> self.shift) as usize * LABELS),
        );
    }

    fn update(&mut self, rows: &[usize], label: u8, delta: f32) {
        for &r in rows {
            let k = r + usize::from(label);
            self.w[k] += delta;
            self.acc[k] += self.steps * f64::from(delta);
        }
    }

    fn averaged(&self) -> Vec<f32> {
        let n = self.steps.max(1.0);
        self.w
            .iter()
            .zip(&self.acc)
            .map(|(&w, &a)| (f64::from(w) - a / n) as f32)
            .collect()
    }
}

/// The learning step for one article: `gold` holds its labels.
struct Learner<'w> {
    weights: &'w mut Weights,
    gold: &'w [u8],
    rows: Vec<usize>,
}

impl Choose for Learner<'_> {
    /// `features` lists every feature: [`Choose::sums_own_rows`] is false.
    fn choose(&mut self, i: usize, _own: Own, features: &[u64], allowed: u32) -> u8 {
        self.weights.steps += 1.0;
        self.weights.rows(features, &mut self.rows);
        let mut scores = [0f32; LABELS];
        for &r in &self.rows {
            for (s, w) in scores.iter_mut().zip(&self.weights.w[r..r + LABELS]) {
                *s += w;
            }
        }
        let pred = argmax(&scores, allowed);
        let gold = self.gold[i];
        if pred != gold && allowed >> gold & 1 == 1 {
            self.weights.update(&self.rows, gold, 1.0);
            self.weights.update(&self.rows, pred, -1.0);
        }
        pred
    }
}

fn argmax(scores: &[f32; LABELS], allowed: u32) -> u8 {
    let mut best = (0u8, f32::NEG_INFINITY);
    for (l, &s) in scores.iter().enumerate() {
        if allowed >> l & 1 == 1 && s > best.1 {
            best = (l as u8, s);
        }
    }
    best.0
}

/// Trains on `articles`: `settings.runs` perceptrons, each over its own shuffles, averaged.
/// After each epoch of the first run calls `report(epoch, model file bytes)`. Returns the
/// final model file.
pub fn train(
    articles: &[Article],
    settings: &Settings,
    mut report: impl FnMut(usize, &[u8]),
) -> Vec<u8> {
    let prepared: Vec<(Doc, Vec<u8>)> = articles.iter().map(prepare).collect();
    let mut sum = vec![0f32; (1usize << settings.bits) * LABELS];
    let runs = settings.runs.max(1);
    for run in 0..runs {
        let seed = settings.seed.wrapping_add(run as u64);
        let w = train_run(&prepared, settings, seed, |epoch, w| {
            if run == 0 {
                report(epoch, &model::to_bytes(settings.bits, w));
            }
        });
        sum.iter_mut()
            .zip(w)
            .for_each(|(s, w)| *s += w / runs as f32);
    }
    model::to_bytes(settings.bits, &sum)
}

/// One perceptron; returns its averaged weights.
fn train_run(
    prepared: &[(Doc, Vec<u8>)],
    settings: &Settings,
    seed: u64,
    mut report: impl FnMut(usize, &[f32]),
) -> Vec<f32> {
    let n = (1usize << settings.bits) * LABELS;
    let mut weights = Weights {
        shift: 64 - settings.bits,
        w: vec![0.0; n],
        acc: vec![0.0; n],
        steps: 0.0,
    };
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for epoch in 1..=settings.epochs {
        shuffle(&mut order, &mut rng);
        for &k in &order {
            let (doc, gold) = &prepared[k];
            let mut learner = Learner {
                weights: &mut weights,
                gold,
                rows: Vec::new(),
            };
            doc.tag(&mut learner);
        }
        report(epoch, &weights.averaged());
    }
    weights.averaged()
}

/// Tokens of an article with their gold labels: a token belongs to the entity its first
/// byte falls in.
fn prepare(a: &Article) -> (Doc<'_>, Vec<u8>) {
    let paras: Vec<&str> = a.paragraphs.iter().map(String::as_str).collect();
    let doc = Doc::new(&paras);
    let mut ents = Vec::new();
    for (p, range) in doc.paras.iter().enumerate() {
        for (span, ty) in a.entities.get(p).into_iter().flatten() {
            let inside = |t: &usize| span.contains(&doc.toks[*t].start);
            let mut toks = range.clone().filter(inside);
            if let Some(s) = toks.next() {
                let e = toks.next_back().unwrap_or(s) + 1;
                ents.push((s, e, *ty));
            }
        }
    }
    let gold = encode(doc.toks.len(), &ents);
    (doc, gold)
}

/// Token-level entity scores of `model` on `articles`: `PER` and all types.
pub fn evaluate(model: &Model, articles: &[Article]) -> (Counts, Counts) {
    let (mut per, mut all) = (Counts::default(), Counts::default());
    for a in articles {
        let (doc, gold) = prepare(a);
        let pred = doc.tag(&mut model::Greedy(model));
        let (g, p) = (spans(&gold), spans(&pred));
        for (c, keep) in [(&mut per, Some(PER)), (&mut all, None)] {
            let fits = |e: &&(usize, usize, usize)| keep.is_none_or(|t| e.2 == t);
            c.gold += g.iter().filter(fits).count();
            c.predicted += p.iter().filter(fits).count();
            c.correct += p.iter().filter(fits).filter(|e| g.contains(e)).count();
        }
    }
    (per, all)
}

fn shuffle(v: &mut [usize], rng: &mut u64) {
    for i in (1..v.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        v.swap(i, (*rng % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::super::labels::ENT;
    use super::*;

    /// An article of one paragraph; entities given by their text.
    fn article(text: &str, entities: &[(&str, usize)]) -> Article {
        let span = |&(w, ty): &(&str, usize)| {
            let s = text.find(w).expect("entity in text");
            (s..s + w.len(), ty)
        };
        Article {
            paragraphs: vec![text.to_string()],
            entities: vec![entities.iter().map(span).collect()],
        }
    }

    #[test]
    fn learns_a_tiny_corpus() {
        let articles = [
            article(
                "Ann Lee met Bo Chan in Paris.",
                &[("Ann Lee", PER), ("Bo Chan", PER), ("Paris", ENT)],
            ),
            article(
                "Acme Corp hired Cy Dunn on Monday.",
                &[("Acme Corp", ENT), ("Cy Dunn", PER)],
            ),
            article("The talks in Oslo ended.", &[("Oslo", ENT)]),
        ];
        let settings = Settings {
            bits: 12,
            epochs: 8,
            seed: 1,
            runs: 2,
        };
        let mut epochs = 0;
        let bytes = train(&articles, &settings, |_, _| epochs += 1);
        assert_eq!(epochs, 8);
        let model = Model::from_bytes(&bytes).expect("trained model loads");
        let (per, all) = evaluate(&model, &articles);
        assert_eq!((per.correct, per.predicted, per.gold), (3, 3, 3));
        assert_eq!(all.f1().2, 1.0);
    }

    #[test]
    fn gold_labels_follow_tokens() {
        let a = article("Mr. Bo Chan's car", &[("Bo Chan", 0)]);
        let (doc, gold) = prepare(&a);
        let texts: Vec<&str> = doc.toks.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["Mr.", "Bo", "Chan", "'s", "car"]);
        assert_eq!(spans(&gold), [(1, 3, PER)]);
    }
}
