//! Per-article folding of mentions into people: a shorter form ("von der Leyen") or a lone
//! surname ("Peskov", "Mr. Putin", "BIDEN" in a headline) counts as the full name it ends, so
//! each person is listed once, at their first mention, under their longest name.

/// Where a mention is: paragraph index and byte offset, so positions order as in the article.
pub(super) type Pos = (usize, usize);

/// A full-name mention: its text (words separated by whitespace only) and where it is.
pub(super) struct Mention<'a> {
    pub(super) name: &'a str,
    pub(super) pos: Pos,
}

/// A lone capitalised or all-capitals word that may be the surname of a full name.
pub(super) struct Single<'a> {
    pub(super) word: &'a str,
    /// Written in capitals (a headline): compared ignoring case.
    pub(super) upper: bool,
    pub(super) pos: Pos,
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

/// Folds shorter forms and lone surnames into full names; returns the distinct names in order
/// of first mention.
pub(super) fn fold(names: &[Mention], singles: &[Single]) -> Vec<String> {
    let mut people = distinct(names);
    for k in 0..people.len() {
        let short = &people[k];
        let longer = |q: &Person| q.words > short.words && ends_with_words(q.name, short.name);
        if let Some(t) = holder(&people, longer) {
            let (first, count) = (people[k].first, people[k].count);
            people[k].folded = true;
            absorb(&mut people[t], first, count);
        }
    }
    for s in singles {
        if let Some(t) = holder(&people, |q| last_word_is(q.last, s)) {
            absorb(&mut people[t], s.pos, 1);
        }
    }
    people.retain(|p| !p.folded);
    people.sort_by_key(|p| p.first);
    people.iter().map(|p| canonical(p.name)).collect()
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
    let candidates = people
        .iter()
        .enumerate()
        .filter(|(_, q)| !q.folded && fits(q));
    let best = candidates.max_by_key(|(_, q)| (q.words, q.count, std::cmp::Reverse(q.first)));
    best.map(|(t, _)| t)
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
    a.chars()
        .map(plain_apostrophe)
        .eq(b.chars().map(plain_apostrophe))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_comparisons() {
        let cases = [
            (
                ends_with_words("Ursula von der Leyen", "von der Leyen"),
                true,
            ),
            (ends_with_words("Ursula von der Leyen", "der Leyen"), true),
            (ends_with_words("Ann Lee", "Bo Lee"), false),
            (same_words("Tim  O’Brien", "Tim\nO'Brien"), true),
            (same_words("Tim O'Brien", "Tim O'Brien Jr."), false),
            (same_word("O’Brien", "O'Brien"), true),
            (canonical(" Tim\n O’Brien ") == "Tim O'Brien", true),
        ];
        for (i, (got, want)) in cases.into_iter().enumerate() {
            assert_eq!(got, want, "case {i}");
        }
    }

    #[test]
    fn lone_surname_goes_to_longest_then_most_frequent_name() {
        let mention = |name, p| Mention { name, pos: (p, 0) };
        let single = |word, upper, p| Single {
            word,
            upper,
            pos: (p, 5),
        };
        let cases: [(Vec<Mention>, Vec<Single>, &[&str]); 3] = [
            // "Lee" in paragraph 0 belongs to Bo Lee (two mentions), who then comes first.
            (
                vec![
                    mention("Ann Lee", 1),
                    mention("Bo Lee", 2),
                    mention("Bo Lee", 3),
                ],
                vec![single("Lee", false, 0)],
                &["Bo Lee", "Ann Lee"],
            ),
            // A longer name wins over a more frequent one; capitals match any case.
            (
                vec![
                    mention("Bo Lee", 1),
                    mention("Bo Lee", 2),
                    mention("Ann Mae Lee", 3),
                ],
                vec![single("LEE", true, 0)],
                &["Ann Mae Lee", "Bo Lee"],
            ),
            // Nothing to fold into: lone words are dropped.
            (vec![], vec![single("Lee", false, 0)], &[]),
        ];
        for (names, singles, want) in cases {
            assert_eq!(fold(&names, &singles), want);
        }
    }
}
