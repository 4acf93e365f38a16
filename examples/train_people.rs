//! Trains the people tagger's model from a CoNLL-2003 token file (`word POS chunk NER`, IOB1).
//!
//! ```text
//! cargo run --release --example train_people -- \
//!     --train ../shared/eval/people-dev/conll/eng.train --out src/extract/people/model.bin \
//!     [--epochs 10] [--bits 15] [--seed 7] [--runs 3] [--holdout K] [--eval FILE]
//!     [--predict ARTICLES_DIR OUT.jsonl]
//! ```
//!
//! Each document (articles are separated by `-DOCSTART-` lines, wherever they are) becomes an
//! article: one paragraph per sentence, the first sentence as headline. Tokens are re-joined
//! into text the way the evaluation articles were made: no space before `, . ... ; : ! ? ) ] %
//! ' 's n't 'm 're 've 'll 'd`, none after `( [ $` or an opening `"`; `"` opens at the start of
//! a sentence, closes before punctuation or at the end, and else alternates within a story.
//! `--holdout K` keeps the last K documents out of training and reports on them after each
//! epoch; `--eval FILE` reports on another CoNLL file at the end (measurement only);
//! `--predict` writes the people the new model finds in a folder of articles, for
//! `score_people.py` (with `SHOW_LABELS=1` in the environment it also prints every token's label).

use std::ops::Range;

use anyhow::{bail, Context, Result};
use newsidx::article::txt;
use newsidx::extract::people::labels::conll_type;
use newsidx::extract::people::train::{evaluate, train, Article, Counts, Settings};
use newsidx::extract::people::{extract_people_with, label_tokens, Model};

struct Args {
    train: String,
    out: Option<String>,
    eval: Option<String>,
    holdout: usize,
    /// Folder of articles to run the trained model on, and where to write the people found.
    predict: Option<(String, String)>,
    settings: Settings,
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let mut docs = read_conll(&args.train)?;
    let held = docs.split_off(docs.len() - args.holdout.min(docs.len()));
    eprintln!(
        "training on {} documents ({} held out)",
        docs.len(),
        held.len()
    );
    let model = train(&docs, &args.settings, |epoch, bytes| {
        if held.is_empty() {
            eprintln!("epoch {epoch}");
            return;
        }
        match Model::from_bytes(bytes) {
            Ok(m) => report(&format!("epoch {epoch} held-out"), evaluate(&m, &held)),
            Err(e) => eprintln!("epoch {epoch}: {e}"),
        }
    });
    let loaded = Model::from_bytes(&model).map_err(anyhow::Error::msg)?;
    report("train", evaluate(&loaded, &docs));
    if let Some(path) = &args.eval {
        report(path, evaluate(&loaded, &read_conll(path)?));
    }
    if let Some((dir, out)) = &args.predict {
        predict(&loaded, dir, out)?;
    }
    if let Some(out) = &args.out {
        std::fs::write(out, &model).with_context(|| format!("writing {out}"))?;
        eprintln!("wrote {out} ({} bytes)", model.len());
    }
    Ok(())
}

/// Writes `{"path", "people"}` lines (as `newsidx inspect --json` does) for the articles in
/// `dir`, found with `model`.
fn predict(model: &Model, dir: &str, out: &str) -> Result<()> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    let mut lines = String::new();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(path)?;
        let Some(layout) = txt::parse(&text) else {
            continue;
        };
        let mut parts = vec![layout.headline];
        parts.extend(&layout.paragraphs);
        parts.extend(&layout.captions);
        let people = extract_people_with(model, &parts);
        if std::env::var_os("SHOW_LABELS").is_some() {
            for para in label_tokens(model, &parts) {
                let line: Vec<String> = para
                    .iter()
                    .map(|(t, l)| {
                        if l == "O" {
                            t.clone()
                        } else {
                            format!("{t}/{l}")
                        }
                    })
                    .collect();
                eprintln!("{}", line.join(" "));
            }
        }
        let line = serde_json::json!({"path": path.to_string_lossy(), "people": people});
        lines.push_str(&format!("{line}\n"));
    }
    std::fs::write(out, lines).with_context(|| format!("writing {out}"))
}

fn report(what: &str, (per, all): (Counts, Counts)) {
    let (p, r, f) = per.f1();
    let (ap, ar, af) = all.f1();
    eprintln!("{what}: PER P={p:.4} R={r:.4} F1={f:.4}  all types P={ap:.4} R={ar:.4} F1={af:.4}");
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        train: String::new(),
        out: None,
        eval: None,
        holdout: 0,
        predict: None,
        settings: Settings {
            bits: 15,
            epochs: 10,
            seed: 7,
            runs: 1,
        },
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--train" => args.train = value()?,
            "--out" => args.out = Some(value()?),
            "--eval" => args.eval = Some(value()?),
            "--holdout" => args.holdout = value()?.parse()?,
            "--epochs" => args.settings.epochs = value()?.parse()?,
            "--bits" => args.settings.bits = value()?.parse()?,
            "--seed" => args.settings.seed = value()?.parse()?,
            "--runs" => args.settings.runs = value()?.parse()?,
            "--predict" => args.predict = Some((value()?, value()?)),
            _ => bail!(
                "unknown argument {flag} (see the comment at the top of examples/train_people.rs)"
            ),
        }
    }
    if args.train.is_empty() {
        bail!("--train FILE is required");
    }
    Ok(args)
}

/// A token and its IOB1 tag.
type Tok = (String, String);

/// Reads a CoNLL file into articles.
fn read_conll(path: &str) -> Result<Vec<Article>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let mut docs = Vec::new();
    let (mut doc, mut sent): (Vec<Vec<Tok>>, Vec<Tok>) = (Vec::new(), Vec::new());
    for line in text.lines().map(str::trim_end) {
        let cols: Vec<&str> = line.split(' ').collect();
        if line.is_empty() || cols[0] == "-DOCSTART-" {
            if !sent.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            if cols[0] == "-DOCSTART-" && !doc.is_empty() {
                docs.push(detokenize(&std::mem::take(&mut doc)));
            }
            continue;
        }
        let tag = cols.last().copied().unwrap_or("O");
        sent.push((cols[0].to_string(), tag.to_string()));
    }
    if !sent.is_empty() {
        doc.push(sent);
    }
    if !doc.is_empty() {
        docs.push(detokenize(&doc));
    }
    Ok(docs)
}

/// Re-joins a document's sentences into paragraphs, with entity byte ranges.
fn detokenize(sentences: &[Vec<Tok>]) -> Article {
    let mut quoted = false;
    let mut article = Article {
        paragraphs: Vec::new(),
        entities: Vec::new(),
    };
    for sent in sentences {
        let mut para = String::new();
        let mut ents: Vec<(Range<usize>, usize)> = Vec::new();
        let mut open: Option<(usize, usize, String)> = None; // start, type, IOB1 type name
        let (mut glue_next, mut prev_end) = (false, 0);
        for (i, (word, tag)) in sent.iter().enumerate() {
            let quote = word == "\"";
            let opening = quote && quote_opens(sent, i, quoted);
            quoted = if quote { opening } else { quoted };
            let no_space = para.is_empty() || glue_next || (!opening && attaches_left(word));
            if !no_space {
                para.push(' ');
            }
            glue_next = opening || matches!(word.as_str(), "(" | "[" | "$");
            let start = para.len();
            para.push_str(word);
            entity_step(&mut open, &mut ents, tag, start, prev_end);
            prev_end = para.len();
        }
        if let Some((s, ty, _)) = open.take() {
            ents.push((s..para.len(), ty));
        }
        article.paragraphs.push(para);
        article.entities.push(ents);
    }
    article
}

/// Whether the quote at `i` opens: at the start of a sentence yes; before punctuation or at
/// the end no; otherwise it alternates.
fn quote_opens(sent: &[Tok], i: usize, quoted: bool) -> bool {
    if i == 0 {
        return true;
    }
    match sent.get(i + 1) {
        None => false,
        Some((next, _)) if next.chars().all(|c| c.is_ascii_punctuation()) => false,
        _ => !quoted,
    }
}

fn attaches_left(word: &str) -> bool {
    const LEFT: [&str; 17] = [
        ",", ".", ";", ":", "!", "?", ")", "]", "%", "'", "'s", "n't", "'m", "'re", "'ve", "'ll",
        "'d",
    ];
    LEFT.iter().any(|w| w.eq_ignore_ascii_case(word))
        || word == "\""
        || word.bytes().all(|b| b == b'.')
}

/// Extends, closes or opens an entity with the token starting at `start` tagged `tag`
/// (IOB1); `prev_end` is where the previous token ended.
fn entity_step(
    open: &mut Option<(usize, usize, String)>,
    ents: &mut Vec<(Range<usize>, usize)>,
    tag: &str,
    start: usize,
    prev_end: usize,
) {
    let (kind, name) = tag.split_once('-').unwrap_or(("O", ""));
    if kind == "I" && open.as_ref().is_some_and(|o| o.2 == name) {
        return;
    }
    if let Some((s, ty, _)) = open.take() {
        ents.push((s..prev_end, ty));
    }
    if let Some(ty) = conll_type(name) {
        *open = Some((start, ty, name.to_string()));
    }
}
