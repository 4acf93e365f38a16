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
//! Submodules: `tokens` splits paragraphs into words, `lexicon` holds the word lists and
//! their lookup, `names` the given-name list.

mod lexicon;
mod names;
mod tokens;

use lexicon::{is_place_prefix, is_title};
use tokens::{tokenize, Kind, Role, Token};

/// Where a mention is: paragraph index and byte offset, so positions order as in the article.
type Pos = (usize, usize);

/// Returns the canonical names of the people mentioned, in order of first mention.
/// `paragraphs` holds the headline, body paragraphs and captions.
pub fn extract_people(paragraphs: &[&str]) -> Vec<String> {
    let mut found = Found::default();
    let mut toks = Vec::new();
    for (p, para) in paragraphs.iter().enumerate() {
        tokenize(para, &mut toks);
        found.scan(para, p, &toks);
    }
    found.into_people()
}

/// A full-name mention: its text (words separated by whitespace only) and where it is.
struct Mention<'a> {
    name: &'a str,
    pos: Pos,
}

/// A lone capitalised or all-capitals word that may be the surname of a full name.
struct Single<'a> {
    word: &'a str,
    upper: bool,
    pos: Pos,
}

/// Everything seen in one article so far.
#[derive(Default)]
struct Found<'a> {
    names: Vec<Mention<'a>>,
    singles: Vec<Single<'a>>,
}

/// A distinct full name and what folded into it.
struct Person<'a> {
    name: &'a str,
    /// The last word of `name`: what a lone surname is compared with.
    last: &'a str,
    words: usize,
    first: Pos,
    count: usize,
    folded: bool,
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

    /// Folds shorter forms and lone surnames into full names; returns the distinct names in
    /// order of first mention.
    fn into_people(self) -> Vec<String> {
        let mut people = distinct(&self.names);
        for k in 0..people.len() {
            let short = &people[k];
            let longer = |q: &Person| q.words > short.words && ends_with_words(q.name, short.name);
            if let Some(t) = holder(&people, longer) {
                let (first, count) = (people[k].first, people[k].count);
                people[k].folded = true;
                absorb(&mut people[t], first, count);
            }
        }
        for s in &self.singles {
            if let Some(t) = holder(&people, |q| last_word_is(q.last, s)) {
                absorb(&mut people[t], s.pos, 1);
            }
        }
        people.retain(|p| !p.folded);
        people.sort_by_key(|p| p.first);
        people.iter().map(|p| canonical(p.name)).collect()
    }
}

/// The distinct full names with their counts and first positions.
fn distinct<'a>(names: &[Mention<'a>]) -> Vec<Person<'a>> {
    let mut people: Vec<Person<'a>> = Vec::new();
    for m in names {
        match people.iter_mut().find(|p| same_words(p.name, m.name)) {
            Some(p) => absorb(p, m.pos, 1),
            None => people.push(Person {
                name: m.name,
                last: m.name.split_whitespace().next_back().unwrap_or_default(),
                words: m.name.split_whitespace().count(),
                first: m.pos,
                count: 1,
                folded: false,
            }),
        }
    }
    people
}

fn absorb(p: &mut Person, first: Pos, count: usize) {
    p.first = p.first.min(first);
    p.count += count;
}

/// Which person a shorter mention folds into, among those `fits`: the longest name, then the
/// most frequent, then the earliest (the rule the evaluation gold uses).
fn holder(people: &[Person], fits: impl Fn(&Person) -> bool) -> Option<usize> {
    let candidates = people.iter().enumerate().filter(|(_, q)| !q.folded && fits(q));
    let best = candidates.max_by_key(|(_, q)| (q.words, q.count, std::cmp::Reverse(q.first)));
    best.map(|(t, _)| t)
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
/// The name starts at a leading initial ("A. Lane"), else at the run's first given name;
/// failing that, right after the last title in the run, or at the run's start after a
/// lower-case cue ("spokesman"). It has 2–4 words besides particles and does not end in an
/// initial.
fn name_in_run(toks: &[Token], i: usize, end: usize) -> Option<usize> {
    let run = &toks[i..end];
    let first_name = run.iter().position(|t| t.role == Role::FirstName);
    let start = match first_name {
        // Initials lead their name even before a given name: `J. Russell`, `J. Robert Lane`.
        _ if run[0].kind == Kind::Initial => 0,
        // `St. Louis Cardinals`, `San Diego Padres`: a place, not a person.
        Some(k) if k > 0 && is_place_prefix(run[k - 1].text) => return None,
        Some(k) => k,
        None => match run.iter().rposition(|t| t.role == Role::Title) {
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

/// Whether a name's last word is the lone word `s` (any case when `s` was all capitals, as in
/// headlines).
fn last_word_is(last: &str, s: &Single) -> bool {
    if s.upper {
        folded_chars(last).eq(folded_chars(s.word))
    } else {
        same_word(last, s.word)
    }
}

/// Whether the words of `short` are the final words of `long`.
fn ends_with_words(long: &str, short: &str) -> bool {
    let mut tail = long.split_whitespace().rev();
    short
        .split_whitespace()
        .rev()
        .all(|w| tail.next().is_some_and(|l| same_word(l, w)))
}

fn same_words(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if same_word(p, q) => {}
            _ => return false,
        }
    }
}

fn folded_chars(w: &str) -> impl Iterator<Item = char> + '_ {
    w.chars().flat_map(char::to_lowercase).map(plain_apostrophe)
}

fn same_word(a: &str, b: &str) -> bool {
    a.chars().map(plain_apostrophe).eq(b.chars().map(plain_apostrophe))
}

/// The name as output: single spaces, typographic apostrophes made plain (`O’Neill` →
/// `O'Neill`) so one person gets one spelling across articles.
fn canonical(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for w in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().map(plain_apostrophe));
    }
    out
}

fn plain_apostrophe(c: char) -> char {
    if c == '’' {
        '\''
    } else {
        c
    }
}
