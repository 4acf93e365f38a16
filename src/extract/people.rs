//! People mentioned in an article, found by a statistical tagger trained on CoNLL-2003.
//!
//! Pipeline per article: split each paragraph into CoNLL-style tokens (`tokens`); tag them
//! left to right with an averaged perceptron over hashed features (`tagger`, `features`,
//! `gazetteer`), BILOU labels for people and other named entities (`labels`; the three
//! non-person CoNLL types merged), the headline last so it can
//! lean on the body; take the `PER` spans, joining touching ones and cutting everything up to
//! a title word ("Defense Secretary William S. Cohen" → "William S. Cohen"); drop the spans
//! that news conventions say are no one (`reject`: a dateline's place, a company, "Pay May
//! 25"); fold them per article into people (`fold`: "Putin" and "Mr. Putin's" → "Vladimir
//! Putin", headline capitals folded ignoring case, names only ever in capitals dropped). The
//! weights are embedded (`model.bin`, read by `model`).
//!
//! Measured with `eval/people.sh` (per-article people sets, `score_people.py`): CoNLL testa
//! P 0.959 R 0.931 F1 0.945 (train 0.994); about 30,000-45,000 articles/s on one core over the
//! Reuters-21578 stories (extraction alone).
//!
//! # Retraining
//!
//! ```text
//! cargo run --release --example train_people -- \
//!     --train ../shared/eval/people-dev/conll/eng.train --out src/extract/people/model.bin
//! ```
//!
//! Deterministic (a few seconds). Defaults: `--epochs 10 --bits 15 --runs 3 --seed 7` (three
//! perceptrons over different shuffles, averaged; 2^15 weight rows: 2^17 was no better on
//! testa, F1 0.9430 against 0.9425, and its tables were four times larger). `--holdout K` trains on
//! all but the last K articles and reports on those after each epoch; `--predict DIR OUT`
//! writes what the new model finds in a folder of articles (see the example's header). Bump
//! `model::FEATURE_SET` whenever the features change; a model of another feature set is
//! refused (the unit tests catch it). A new model, or a new rule, also needs a bump of
//! `index::open::EXTRACTION_VERSION`: an incremental build re-reads only changed files, so
//! without it an existing index would keep the old people for every unchanged article.
//!
//! # Data
//!
//! Trained on the English CoNLL-2003 shared-task training file only (Tjong Kim Sang & De
//! Meulder 2003; Reuters RCV1 text, 1996–97), research use only and **not** in the
//! repository; the example re-joins its tokens into plain text the way the evaluation
//! articles were made (no space before `, . 's n't`…, paired quotes), so training sees the
//! run-time tokenizer's output. Gazetteers: US Census 1990 name lists (public domain, see
//! `gazetteer`) and the hand-written lists in `lexicon` and `names`.
//!
//! # Model format
//!
//! See `model`: a sparse little-endian file of i16-quantised weights, 2^bits rows × 9 labels
//! (about 0.23 MB), loaded as the non-zero rows only, 8 i16 each (the `O` weight folded into
//! the others; about 24,000 rows, 384 KB), plus a 2^bits table of u16 row places (64 KB).

mod buffers;
mod features;
mod fold;
mod gazetteer;
pub mod labels;
mod lexicon;
mod model;
mod names;
mod reject;
mod seen;
mod tagger;
mod tokens;
pub mod train;

pub use model::Model;

use fold::{fold, Mention};
use std::ops::Range;

use labels::{spans, PER};
use reject::Rejected;
use tagger::Doc;

/// Returns the canonical names of the people mentioned, in order of first mention (not
/// counting a headline in capitals, which is not read). `paragraphs` holds the headline, body
/// paragraphs and captions.
pub fn extract_people(paragraphs: &[&str]) -> Vec<String> {
    extract_people_with(model::embedded(), paragraphs)
}

/// Every token of `paragraphs` with its label (`O`, `B-PER`, …) from `model`, per paragraph:
/// for inspecting the tagger.
pub fn label_tokens(model: &Model, paragraphs: &[&str]) -> Vec<Vec<(String, String)>> {
    let doc = Doc::new(paragraphs);
    let labels = doc.tag(&mut model::Greedy(model));
    let name = |l: u8| match labels::split(l) {
        None => "O".to_string(),
        Some((ty, part)) => format!("{}-{}", &format!("{part:?}")[..1], labels::TYPES[ty]),
    };
    let para = |r: &std::ops::Range<usize>| {
        r.clone()
            .map(|i| (doc.toks[i].text.to_string(), name(labels[i])))
            .collect()
    };
    doc.paras.iter().map(para).collect()
}

/// [`extract_people`] with another model (for training and experiments).
pub fn extract_people_with(model: &Model, paragraphs: &[&str]) -> Vec<String> {
    let all_capitals = !paragraphs.iter().any(|p| has_lower_case(p));
    // A headline in capitals, above a story that is not, is not read: every name found there
    // is in capitals, and `fold` drops those unless the story names the person too (it only
    // fixed where that person was first mentioned). A wire headline is a fifth of the
    // tagger's work on Reuters stories. It stays as an empty paragraph 0, so that the story's
    // first paragraph is not tagged last as a headline would be.
    let mut unread;
    let paragraphs = match paragraphs.split_first() {
        Some((headline, story)) if !all_capitals && !has_lower_case(headline) => {
            unread = Vec::with_capacity(paragraphs.len());
            unread.push("");
            unread.extend_from_slice(story);
            &unread[..]
        }
        _ => paragraphs,
    };
    let doc = Doc::new(paragraphs);
    let labels = doc.tag(&mut model::Greedy(model));
    let mut mentions = Vec::new();
    let mut companies = Vec::new();
    for (p, range) in doc.paras.iter().enumerate() {
        let spans = person_spans(&doc, &labels, range);
        let place_end = if spans.is_empty() {
            None
        } else {
            crate::extract::date::dateline_place_end(paragraphs[p])
        };
        // The end of the last person span, for "Caroline Levy of E.F. Hutton": a name right
        // after a person and "of" is where they work (a firm named after its founders), or
        // where they come from.
        let mut person_end = None;
        for (s, e) in spans {
            let (a, b) = (&doc.toks[s], &doc.toks[e - 1]);
            let name = &paragraphs[p][a.start..b.end()];
            let affiliation = s > 0 && person_end == Some(s - 1) && doc.toks[s - 1].text == "of";
            match reject::rejected(&doc, place_end, range, (s, e)) {
                _ if affiliation => companies.push(name),
                None => {
                    person_end = Some(e);
                    mentions.push(Mention {
                        name,
                        pos: (p, a.start),
                    })
                }
                Some(Rejected::Company) => companies.push(name),
                Some(_) => {}
            }
        }
    }
    // A company is no person in any of its mentions ("Smith Barney and Co" … "Smith Barney"),
    // nor is the first word of its name alone ("Oak Industries" … "Oak said").
    let firsts: Vec<&str> = companies
        .iter()
        .filter_map(|c| c.split(' ').next())
        .collect();
    mentions.retain(|m| {
        !companies.contains(&m.name) && (m.name.contains(' ') || !firsts.contains(&m.name))
    });
    // Nor is a one-word "person" that some company's name holds ("Hutton said" beside "E.F.
    // Hutton Group Inc"; "Chrysler said" beside "Chrysler Corp", which the model took for an
    // organisation).
    if mentions.iter().any(|m| !m.name.contains(' ')) {
        let words = company_words(&doc);
        mentions.retain(|m| m.name.contains(' ') || !words.contains(&m.name));
    }
    fold(&mentions, all_capitals)
}

fn has_lower_case(text: &str) -> bool {
    text.chars().any(char::is_lowercase)
}

/// The capitalised words just before a company designator anywhere in `doc`, up to four tokens
/// back, across an "and" or "&" one or two before the designator ("Chrysler" of "Chrysler
/// Corp"; "Group", "Hutton" and "E.F." of "E.F. Hutton Group Inc"; "Procter" and "Gamble" of
/// "Procter and Gamble Co"; "Alex" and "Brown" of "Alex Brown and Sons").
fn company_words<'a>(doc: &Doc<'a>) -> Vec<&'a str> {
    use lexicon::{is_capitalised, is_join};
    let mut words = Vec::new();
    for range in &doc.paras {
        for d in range.clone() {
            let text = doc.toks[d].text;
            // Most tokens are not capitalised: test that before the word lists.
            if !is_capitalised(text) {
                continue;
            }
            let joined = || d > range.start && is_join(doc.toks[d - 1].text);
            let designator = lexicon::is_company_designator(text)
                || lexicon::is_joined_designator(text) && joined();
            if !designator {
                continue;
            }
            for k in (range.start..d).rev().take(4) {
                let w = doc.toks[k].text;
                // "Procter and Gamble Co", "Brown and Sons", but not "Asher Edelman and
                // Dominion Textiles Inc": "and" joins only the name the designator ends.
                if is_join(w) && d - k <= 2 {
                    continue;
                }
                if !is_capitalised(w) || is_join(w) {
                    break;
                }
                words.push(w);
            }
        }
    }
    words
}

/// The `PER` token ranges of one paragraph, tidied: a news agency alone is no one (the
/// `REUTER` sign-off), touching spans are one name (CoNLL never
/// marks two people side by side: "William" + "S. Cohen"), and a span keeps only what follows
/// its last title word ("Defense Secretary William S. Cohen" → "William S. Cohen").
fn person_spans(doc: &Doc, labels: &[u8], range: &Range<usize>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Most paragraphs name no one: a scan for a person's label is cheaper than their spans.
    let is_person = |&l: &u8| labels::split(l).is_some_and(|(ty, _)| ty == PER);
    if !labels[range.clone()].iter().any(is_person) {
        return out;
    }
    for (s, e, ty) in spans(&labels[range.clone()]) {
        let (s, e) = (range.start + s, range.start + e);
        if e == s + 1 && lexicon::is_news_agency(doc.toks[s].text) {
            continue;
        }
        match out.last_mut() {
            Some(last) if ty == PER && last.1 == s => last.1 = e,
            _ if ty == PER => out.push((s, e)),
            _ => {}
        }
    }
    for span in &mut out {
        if let Some(k) = (span.0..span.1 - 1).rev().find(|&k| doc.is_title(k)) {
            span.0 = k + 1;
        }
        // "George W Bush": an initial written without its dot (as BBC style has it) looked
        // like the end of the name to a model trained on "George W. Bush"; the surname after
        // it belongs to the name.
        let (s, e) = *span;
        let initial = doc.toks[e - 1].text.len() == 1
            && doc.toks[e - 1].text.as_bytes()[0].is_ascii_uppercase();
        if e - s > 1 && initial && e < range.end && doc.is_name_word(e) {
            span.1 = e + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cases: &[(&[&str], &[&str])]) {
        for (paragraphs, want) in cases {
            assert_eq!(extract_people(paragraphs), *want, "{paragraphs:?}");
        }
    }

    #[test]
    fn embedded_model_loads() {
        let bytes = include_bytes!("people/model.bin");
        assert!(Model::from_bytes(bytes).is_ok());
        assert!(Model::from_bytes(b"NPPL").is_err());
        assert!(Model::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    }

    #[test]
    fn a_company_is_no_one_in_any_mention() {
        check(&[(
            &[
                "Hutton sees profit",
                "NEW YORK - E.F. Hutton Group Inc said profit rose, and chairman Robert Fomon \
                 said Hutton would grow.",
            ],
            &["Robert Fomon"],
        )]);
    }

    #[test]
    fn a_firm_after_a_person_and_of_or_before_analyst_is_no_one() {
        check(&[
            (
                &[
                    "Kodak seen higher",
                    "Caroline Levy of E.F. Hutton said sales rose, and Dean Witter analyst \
                     Karen Gibbs agreed.",
                ],
                &["Caroline Levy", "Karen Gibbs"],
            ),
            // A verb between the name and the job is no firm's staff.
            (
                &[
                    "Volcker leaves",
                    "President Reagan nominated economist Alan Greenspan in his place.",
                ],
                &["Reagan", "Alan Greenspan"],
            ),
        ]);
    }

    #[test]
    fn a_word_of_a_company_name_alone_is_that_company() {
        let text = "E.F. Hutton Group Inc hired Bo Lee, Inc.; Chrysler Corp. met Alex Brown and \
                    Sons, Procter and Gamble Co, Asher Edelman and Dominion Textiles Inc and \
                    Masayoshi Son.";
        let mut words = company_words(&Doc::new(&[text]));
        words.sort_unstable();
        let want = [
            "Alex", "Brown", "Chrysler", "Dominion", "E.F.", "Gamble", "Group", "Hutton",
            "Procter", "Textiles",
        ];
        assert_eq!(words, want);
        check(&[(
            &[
                "CHRYSLER TO CLOSE PLANT",
                "DETROIT, March 4 - Chrysler Corp's Chrysler Motors Corp unit said it will \
                 close its plant in Kenosha, said Robert Lutz.",
                "Chrysler said the plant, its sixth to close, employs 2,000 workers.",
            ],
            &["Robert Lutz"],
        )]);
    }

    #[test]
    fn a_firm_named_for_its_industry_is_no_person_nor_its_first_word() {
        check(&[(
            &[
                "Oak Industries to sell unit",
                "Oak Industries said it would sell its cable unit, said chairman Roger Smith.",
                "Oak said the sale would close in May.",
            ],
            &["Roger Smith"],
        )]);
    }

    #[test]
    fn an_initial_without_its_dot_keeps_the_surname() {
        check(&[
            (
                &[
                    "Bush to get 'tough' on deficit",
                    "US president George W Bush has pledged to introduce a \"tough\" federal \
                     budget next February in a bid to halve the country's deficit in five years.",
                    "Mr Bush indicated there would be \"strict discipline\" on spending.",
                ],
                &["George W Bush"],
            ),
            (&["Malcolm X spoke to them."], &["Malcolm X"]),
        ]);
    }

    #[test]
    fn clear_cases() {
        check(&[
            (
                &["Finance Minister John Smith said on Tuesday the budget was sound."],
                &["John Smith"],
            ),
            (
                &["The European Commission said on Thursday that Germany and France agreed."],
                &[],
            ),
            (&[], &[]),
            (&["", ""], &[]),
        ]);
    }

    #[test]
    fn surnames_possessives_and_capitals_fold() {
        check(&[
            (
                &[
                    "SMITH SAYS BUDGET IS SOUND",
                    "Finance Minister John Smith said on Tuesday the budget was sound.",
                    "Smith's deputy, Mary Jones, agreed. \"We are confident,\" Jones said.",
                ],
                &["John Smith", "Mary Jones"],
            ),
            (
                &["Mary Jones’s plan was backed by Mr. Smith’s party, Jones said."],
                &["Mary Jones", "Smith"],
            ),
        ]);
    }

    #[test]
    fn a_headline_in_capitals_is_not_read_unless_the_whole_story_is() {
        check(&[
            (
                &[
                    "JONES AND SMITH AGREE ON BUDGET",
                    "Finance Minister John Smith met Mary Jones on Tuesday.",
                ],
                &["John Smith", "Mary Jones"],
            ),
            (
                &[
                    "FINANCE MINISTER JOHN SMITH RESIGNS",
                    "THE BUDGET WAS CUT ON TUESDAY, HE SAID.",
                ],
                &["JOHN SMITH"],
            ),
        ]);
    }

    #[test]
    fn labels_for_inspection() {
        let model = model::embedded();
        let got = label_tokens(model, &["He met David Brown."]);
        let labels: Vec<&str> = got[0].iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["O", "O", "B-PER", "L-PER", "O"]);
    }
}
