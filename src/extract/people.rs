//! People mentioned in an article: owns the rule-based finder (a later issue replaces it with a
//! trained tagger).
//!
//! A name is a run of capitalised words, only whitespace between them, that either starts with
//! a known given name or follows a title cue ("President", "Mr.", "spokesman"); initials,
//! particles (`von der`, `bin`), hyphens and regnal numbers may sit inside. Titles, words before
//! the given name ("Russian") and possessives are cut off. Words that are never names
//! (Ministry, House, Monday, However) cut runs. Then, per article, a lone surname ("Peskov
//! added", "Mr. Putin", "Biden’s") or a shorter form ("von der Leyen") folds into the full name
//! it ends; a lone word that folds into nothing is dropped, preferring precision.
//!
//! Submodules: `tokens` splits paragraphs into words, `fold` merges mentions into people,
//! `lexicon` holds the word lists and their lookup, `names` the given-name list.

mod fold;
mod lexicon;
mod names;
mod tokens;

use fold::{fold, Mention, Single};
use lexicon::{is_place_prefix, is_title};
use tokens::{tokenize, Kind, Role, Token};

/// Returns the canonical names of the people mentioned, in order of first mention.
/// `paragraphs` holds the headline, body paragraphs and captions.
pub fn extract_people(paragraphs: &[&str]) -> Vec<String> {
    let mut found = Found::default();
    let mut toks = Vec::new();
    for (p, para) in paragraphs.iter().enumerate() {
        tokenize(para, &mut toks);
        found.scan(para, p, &toks);
    }
    fold(&found.names, &found.singles)
}

/// Everything seen in one article so far.
#[derive(Default)]
struct Found<'a> {
    names: Vec<Mention<'a>>,
    singles: Vec<Single<'a>>,
}

impl<'a> Found<'a> {
    /// Collects the full names and lone words of paragraph `p`.
    fn scan(&mut self, para: &'a str, p: usize, toks: &[Token<'a>]) {
        let mut i = 0;
        while i < toks.len() {
            let end = run_end(toks, i);
            if end == i {
                self.single(&toks[i], p);
                i += 1;
                continue;
            }
            match name_in_run(toks, i, end) {
                Some(a) => {
                    let last = &toks[end - 1];
                    let name = &para[toks[a].start..last.start + last.text.len()];
                    let pos = (p, toks[a].start);
                    self.names.push(Mention { name, pos });
                }
                None => toks[i..end].iter().for_each(|t| self.single(t, p)),
            }
            i = end;
        }
    }

    fn single(&mut self, t: &Token<'a>, p: usize) {
        let shaped = matches!(t.kind, Kind::Cap | Kind::Upper);
        if shaped && !matches!(t.role, Role::Stop | Role::Title) {
            let (word, upper, pos) = (t.text, t.kind == Kind::Upper, (p, t.start));
            self.singles.push(Single { word, upper, pos });
        }
    }
}

/// End (exclusive) of the run of name-like words starting at `i`, or `i` when none starts
/// there. A possessive ends a run; particles and regnal numbers may continue one.
fn run_end(toks: &[Token], i: usize) -> usize {
    if !name_word(&toks[i]) {
        return i;
    }
    let mut j = i + 1;
    while j < toks.len() && toks[j].joined && !toks[j - 1].possessive {
        let t = &toks[j];
        let fits = name_word(t) || matches!(t.role, Role::Regnal | Role::Particle);
        if !fits {
            break;
        }
        j += 1;
    }
    // A name never ends in a particle ("the Costa del sol", "Smith van der").
    while toks[j - 1].kind == Kind::Lower {
        j -= 1;
    }
    j
}

fn name_word(t: &Token) -> bool {
    matches!(t.kind, Kind::Cap | Kind::Initial) && t.role != Role::Stop
}

/// Start of the person's name in the run `toks[i..end]`, or `None` when the run is no name.
/// The name starts at the run's first given name or initial ("A. Lane"); failing that, right
/// after the last title in the run, or at the run's start after a lower-case cue
/// ("spokesman"). It has 2–4 words besides particles and does not end in an initial.
fn name_in_run(toks: &[Token], i: usize, end: usize) -> Option<usize> {
    let run = &toks[i..end];
    let title_before = |k: usize| run[..k].iter().rposition(|t| t.role == Role::Title);
    let lead = run
        .iter()
        .position(|t| t.role == Role::FirstName || t.kind == Kind::Initial);
    let start = match lead {
        // `St. Louis Cardinals`, `San Diego Padres`: a place, not a person.
        Some(k) if k > 0 && is_place_prefix(run[k - 1].text) => return None,
        // An unknown given name may sit between a title and an initial: `Sen. Zoe Q. Hart`.
        Some(k) if run[k].kind == Kind::Initial => title_before(k).map_or(k, |t| t + 1),
        Some(k) => k,
        None => match title_before(run.len()) {
            Some(t) => t + 1,
            None if i > 0 && run[0].joined && is_title(toks[i - 1].text) => 0,
            None => return None,
        },
    };
    let name = &run[start..];
    let words = name.iter().filter(|t| t.kind != Kind::Lower).count();
    let ends_well = name.last().is_some_and(|t| t.kind != Kind::Initial);
    ((2..=4).contains(&words) && ends_well).then_some(i + start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the extractor over `paragraphs` and checks the names, in order.
    fn check(cases: &[(&[&str], &[&str])]) {
        for (paragraphs, want) in cases {
            assert_eq!(extract_people(paragraphs), *want, "{paragraphs:?}");
        }
    }

    #[test]
    fn title_cues() {
        check(&[
            (
                &["Finance Minister Olga Petrenko presented the budget."],
                &["Olga Petrenko"],
            ),
            (
                &["Prime Minister Tavita Loane spoke first."],
                &["Tavita Loane"],
            ),
            (
                &["The spokeswoman Maren Oakes declined to comment."],
                &["Maren Oakes"],
            ),
            (
                &["Secretary-General Tavo Rimmer flew in."],
                &["Tavo Rimmer"],
            ),
            (&["Dr. Kelso Varga, a surgeon, agreed."], &["Kelso Varga"]),
            (&["Sen. Zorya T. Hallam voted no."], &["Zorya T. Hallam"]),
            (
                &["Russian President Nadia Orlova met US Senator Ed Quill."],
                &["Nadia Orlova", "Ed Quill"],
            ),
            (&["King Charles III opened the bridge."], &["Charles III"]),
            // A title with a lone surname and no full name anywhere: dropped for precision.
            (&["Mr. Oakes declined to comment."], &[]),
        ]);
    }

    #[test]
    fn folding_surnames_possessives_and_short_forms() {
        check(&[
            (
                &[
                    "Senator Laura Kessler opened the hearing.",
                    "Kessler’s aides said Ms. Kessler would speak. Kessler's plan, Kessler added, is firm.",
                ],
                &["Laura Kessler"],
            ),
            // A headline surname in capitals counts as the first mention of that person.
            (&["KESSLER BEATS MORROW", "Governor Tom Morrow conceded to Laura Kessler."], &["Laura Kessler", "Tom Morrow"]),
            // A surname before its full name still folds into it.
            (&["Morrow conceded.", "Later, Paul Morrow left."], &["Paul Morrow"]),
            (&["Ursula von der Leyen arrived. Then von der Leyen spoke."], &["Ursula von der Leyen"]),
            // A first name alone is not folded (and not a person by itself).
            (&["Paul Morrow met Paul."], &["Paul Morrow"]),
        ]);
    }

    #[test]
    fn initials_particles_hyphens_apostrophes() {
        check(&[
            (
                &["Former president George W. Bush spoke."],
                &["George W. Bush"],
            ),
            (
                &["Opener A. Lane scored 40 and J.K. Rowe took three wickets."],
                &["A. Lane", "J.K. Rowe"],
            ),
            (
                &["Crown Prince Mohammed bin Salman hosted the talks."],
                &["Mohammed bin Salman"],
            ),
            (
                &["Luiz Inácio Lula da Silva won."],
                &["Luiz Inácio Lula da Silva"],
            ),
            (
                &["Jean-Luc Marchand met Rep. Alexandria Ocasio-Cortez."],
                &["Jean-Luc Marchand", "Alexandria Ocasio-Cortez"],
            ),
            (&["Bashar al-Assad replied."], &["Bashar al-Assad"]),
            (
                &["Tim O’Brien’s plan and Tim O'Brien's team."],
                &["Tim O'Brien"],
            ),
        ]);
    }

    #[test]
    fn non_persons() {
        check(&[
            (
                &["The White House and the Kremlin traded words, Asian Lite News said."],
                &[],
            ),
            (
                &["Xinhua said the Foreign Ministry met at the Hamburg Summit in New York."],
                &[],
            ),
            (
                &["The United States Supreme Court ruled on Monday, March 3."],
                &[],
            ),
            (
                &["Nevertheless, officials disagreed. Earlier, Moscow had warned."],
                &[],
            ),
            (&["MINISTER WARNS OF COLD WINTER"], &[]),
            (
                &["The St. Louis Cardinals beat the San Diego Padres at Fort Worth."],
                &[],
            ),
            (&["Goods from the U.S. and S. Korea rose."], &[]),
            (&[""], &[]),
            (&[], &[]),
        ]);
    }

    #[test]
    fn order_of_first_mention_and_dedup() {
        check(&[
            (
                &[
                    "Maria Lopez met Peter Hall.",
                    "Peter Hall thanked Maria Lopez. Hall left.",
                ],
                &["Maria Lopez", "Peter Hall"],
            ),
            (
                &["Photo: Peter Hall", "Maria Lopez and Peter Hall"],
                &["Peter Hall", "Maria Lopez"],
            ),
            // Words across a line break inside a paragraph still make one name.
            (&["Coach Peter\nHall smiled."], &["Peter Hall"]),
        ]);
    }
}
