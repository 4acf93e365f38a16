//! Spans the tagger labels as people that news conventions say are not: the place of a
//! dateline ("DENVER, March 23 -"), a company named after its founders ("Drexel Burnham
//! Lambert Inc", "Morgan Stanley and Co", "Bear, Stearns and Co"), a title, a currency or a
//! region with no given name ("U.K. Chancellor", "H.K. Dlrs", "Latin America"), the name of a
//! body or a thing ("Venice Film Festival", "U.K. Money", "Dai Ichi Kangyo Bank"), a month
//! with its day in a table ("Pay May 25"), a scale named after someone ("the Richter scale"),
//! a sentence opener alone ("Within this, ..."), and "More" closing a paragraph after a full
//! stop (a wire story's continuation mark).
//! CoNLL-2003 has none of these layouts (its datelines have no comma, its tables no dividend
//! dates), so the model met them only in wire copy, where they made a fifth of the most
//! mentioned "people" of the Reuters-21578 stories.

use super::lexicon::{
    self, is_capitalised, is_company_designator, is_join, is_joined_designator, is_money, is_region,
};
use super::tagger::Doc;
use super::tokens::Token;
use crate::extract::date::month_from_word;

/// Why a person span was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rejected {
    /// The place of a dateline.
    Dateline,
    /// A company: its other mentions in the article are no person either.
    Company,
    /// A month and day.
    Date,
    /// A title, a currency or a region with no given name before it ("U.K. Chancellor", "H.K.
    /// Dlrs", "Latin America"); one word after "a" or "an" ("an Oscar nomination").
    Common,
}

/// Whether the `PER` span of tokens `s..e`, in the paragraph whose tokens are `range` of
/// `doc` and whose dateline place ends at `place_end` (`date::dateline_place_end`, found once
/// per paragraph), is no person, and why.
pub(super) fn rejected(
    doc: &Doc,
    place_end: Option<usize>,
    range: &std::ops::Range<usize>,
    (s, e): (usize, usize),
) -> Option<Rejected> {
    let toks = &doc.toks;
    let after = |k: usize| (e + k < range.end).then(|| toks[e + k].text);
    if place_end.is_some_and(|end| toks[s].start < end) {
        return Some(Rejected::Dateline);
    }
    let last = toks[e - 1].text;
    // A designator anywhere in the span: "First Boston Corp. The" (the dot of `Corp.` does not
    // end a sentence for the tokenizer).
    let designated = (s..e).any(|k| is_company_designator(toks[k].text))
        || after(0).is_some_and(is_company_designator)
        || after(0).is_some_and(is_join)
            && after(1).is_some_and(|w| is_company_designator(w) || is_joined_designator(w))
        // "E.F. Hutton Group Inc", "Smith Barney Holdings Corp".
        || after(0).is_some_and(is_capitalised) && after(1).is_some_and(is_company_designator)
        || names_a_firm(doc, range, (s, e))
        || names_an_industry(doc, (s, e))
        || employs_analysts(doc, range, e);
    if designated {
        return Some(Rejected::Company);
    }
    // A name may end in a word that is also a title, a currency or a region ("John Major",
    // "Howard Marks"), but then a given name comes before it.
    let common = doc.is_title(e - 1) || is_money(last) || is_region(last);
    if common && !(s..e - 1).any(|k| doc.is_given_name(k)) {
        return Some(Rejected::Common);
    }
    // "an Oscar nomination", "a Tory MP": one word after an indefinite article names a thing
    // or a kind. (Not after "the": "the Clinton administration" still names Bill Clinton.)
    let before = (s > range.start).then(|| toks[s - 1].text);
    if e - s == 1 && before.is_some_and(|b| b == "a" || b == "an") {
        return Some(Rejected::Common);
    }
    if names_a_thing(doc, (s, e)) {
        return Some(Rejected::Common);
    }
    // "Denver", "El Salvador": a place, written as the list has it.
    if lexicon::is_place(&span_text(toks, (s, e))) {
        return Some(Rejected::Common);
    }
    // "Within this, ...", "Thereafter, ...": a sentence's first word taken for a surname.
    if e - s == 1 && lexicon::is_sentence_opener(toks[s].text) {
        return Some(Rejected::Common);
    }
    // "the Richter scale": a name of a measure, not of the person it honours.
    if after(0) == Some("scale") {
        return Some(Rejected::Common);
    }
    // "More" ending a paragraph after a finished sentence (or alone) is a wire marker at the
    // foot of a story that continues in another, although More is a surname too.
    let ends_sentence = |b: &str| matches!(b, "." | "!" | "?");
    let marker = e == range.end && before.is_none_or(ends_sentence);
    if marker && e - s == 1 && toks[s].text.eq_ignore_ascii_case("more") {
        return Some(Rejected::Common);
    }
    let is_month = |w: &str| month_from_word(w.trim_end_matches('.').as_bytes()).is_some();
    // "Pay May 25", "Payable May one", "April Six": a month with its day, after it or in the
    // span; a given name before the month makes a person ("Theresa May 2 weeks ago").
    let month = if is_month(last) {
        after(0).is_some_and(is_day).then_some(e - 1)
    } else {
        (e - s > 1 && is_day(last) && is_month(toks[e - 2].text)).then(|| e - 2)
    };
    let numbers = (s..e).all(|k| is_day(toks[k].text));
    let dated = numbers || month.is_some_and(|m| m == s || !doc.is_given_name(s));
    dated.then_some(Rejected::Date)
}

/// Whether the span `s..e`, of two or more words, names a body or a thing rather than a person.
fn names_a_thing(doc: &Doc, (s, e): (usize, usize)) -> bool {
    if e - s < 2 {
        return false;
    }
    let toks = &doc.toks;
    let given = |from: usize| (from..e).any(|k| doc.is_given_name(k));
    // "Fleet Financial Group", "Venice Film Festival": a word that is never part of a name (a
    // stop word with no name class). Not an initial without its dot ("Mark A Cote"), nor a
    // word after a particle ("Rein van der Does").
    let after_particle = |k: usize| k > s && toks[k - 1].text.starts_with(char::is_lowercase);
    let stop_word = |k: usize| toks[k].text.len() > 1 && doc.is_stop_only(k) && !after_particle(k);
    // "Equitable Life Assurance Society", "Dai Ichi Kangyo Bank": four or more capitalised
    // words (particles and initials aside) and no given name among them ("Kika de la Garza",
    // "J. Brion Foulke III" stay).
    let word = |&k: &usize| is_capitalised(toks[k].text) && !toks[k].text.ends_with('.');
    let long = || (s..e).filter(word).count() >= 4 && !given(s);
    // "U.K. Money", "U.S. Banks": a country's initials and no given name after them ("U.S.
    // Delegate Charles Dallara" stays).
    let country = || lexicon::is_country_initials(toks[s].text) && !given(s + 1);
    // "Credit Suisse", "Toronto Dominion Bank": a word that names a bank or an insurer.
    let firm = |k: usize| lexicon::is_firm_word(toks[k].text);
    (s..e).any(|k| stop_word(k) || firm(k)) || long() || country()
}

/// Whether the span `s..e` is a firm named for its industry: a word after the first names one
/// ("Kawasaki Steel", "Oak Industries", "Santa Fe Energy Partners") and the span does not open
/// with a given name ("Walter Steel" stays a person).
fn names_an_industry(doc: &Doc, (s, e): (usize, usize)) -> bool {
    (s + 1..e).any(|k| lexicon::is_industry_word(doc.toks[k].text)) && !doc.is_given_name(s)
}

/// The tokens of the span `s..e` joined by single spaces.
fn span_text(toks: &[Token], (s, e): (usize, usize)) -> String {
    let words: Vec<&str> = toks[s..e].iter().map(|t| t.text).collect();
    words.join(" ")
}

/// Tokens after a span that [`names_a_firm`] reads, at most.
const FIRM_WALK: usize = 6;

/// Whether the words after the span `s..e` go on to name a firm: "Harper and Row Publishers
/// Inc", "Bear, Stearns and Co", "Smith Barney, Harris Upham and Co", "James Capel (Far East)
/// Ltd". Reads up to [`FIRM_WALK`] tokens of capitalised words, "and" or "&", commas and
/// brackets, and looks for a company designator among them. A comma there needs an "and"
/// before the designator ("Carl Icahn, TWA Inc chairman" names a person and a firm), and so does
/// a given name opening the span ("Carl Icahn and Texaco Inc" names both too).
fn names_a_firm(doc: &Doc, range: &std::ops::Range<usize>, (s, e): (usize, usize)) -> bool {
    let (mut joined, mut comma) = (false, false);
    for k in e..range.end.min(e + FIRM_WALK) {
        let word = doc.toks[k].text;
        if is_join(word) {
            joined = true;
        } else if word == "," {
            comma = true;
        } else if is_company_designator(word) || joined && is_joined_designator(word) {
            return if joined {
                !doc.is_given_name(s)
            } else {
                !comma
            };
        } else if !(is_capitalised(word) || word == "(" || word == ")") {
            return false;
        }
    }
    false
}

/// Words for the staff of a bank or broker who are quoted by the firm's name: "Dean Witter
/// analyst Karen Gibbs". (Not "spokesman" or "aide", which a person has too: "Biden spokesman
/// Andrew Bates".)
const FIRM_STAFF: [&str; 5] = ["analyst", "economist", "strategist", "dealer", "trader"];

/// Whether the span ending before token `e` is followed by one of [`FIRM_STAFF`] ("Dean Witter
/// analysts said"). Only right after the name: "Reagan nominated economist Alan Greenspan".
fn employs_analysts(doc: &Doc, range: &std::ops::Range<usize>, e: usize) -> bool {
    (e < range.end) && {
        let w = doc.toks[e].text;
        FIRM_STAFF.contains(&w.strip_suffix('s').unwrap_or(w))
    }
}

/// A day of the month as written in tables: digits, or a number word ("one", "Six").
fn is_day(word: &str) -> bool {
    #[rustfmt::skip]
    const WORDS: [&str; 21] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty", "thirty",
    ];
    word.as_bytes()[0].is_ascii_digit() || WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::date::dateline_place_end;

    /// What [`rejected`] says of the span from the token `first` to the token `last` (their
    /// texts, first occurrence) in a one-paragraph article.
    fn check(text: &str, first: &str, last: &str) -> Option<Rejected> {
        let doc = Doc::new(&[text]);
        let at = |w: &str| doc.toks.iter().position(|t| t.text == w).expect(w);
        let range = doc.paras[0].clone();
        rejected(
            &doc,
            dateline_place_end(text),
            &range,
            (at(first), at(last) + 1),
        )
    }

    #[test]
    fn dateline_places() {
        let line = "ST. LOUIS, March 23 - Monsanto Co said its chairman Richard Mahoney agreed.";
        assert_eq!(check(line, "ST.", "LOUIS"), Some(Rejected::Dateline));
        assert_eq!(check(line, "Richard", "Mahoney"), None);
        // Not a dateline (no comma), and Baker is no place: a person.
        let no_dateline = "BAKER said on March 23 - nothing.";
        assert_eq!(check(no_dateline, "BAKER", "BAKER"), None);
    }

    #[test]
    fn firms_named_for_their_industry() {
        let text = "Kawasaki Steel and Oak Industries hired Jean Smith at Fleet Financial Group.";
        assert_eq!(check(text, "Kawasaki", "Steel"), Some(Rejected::Company));
        assert_eq!(check(text, "Oak", "Industries"), Some(Rejected::Company));
        assert_eq!(check(text, "Fleet", "Group"), Some(Rejected::Company));
        assert_eq!(check(text, "Jean", "Smith"), None);
        let given = "The mill hired Walter Steel on Monday.";
        assert_eq!(check(given, "Walter", "Steel"), None, "a given name first");
        let first = "Steel Smith said on Monday.";
        assert_eq!(
            check(first, "Steel", "Smith"),
            None,
            "the first word names no firm"
        );
    }

    #[test]
    fn companies() {
        let text =
            "Drexel Burnham Lambert Inc and Morgan Stanley and Co. hired Dean Witter & Co staff, \
                    said Jean Smith, Kohlberg Kravis Roberts said John Smith Ltd.";
        assert_eq!(check(text, "Drexel", "Inc"), Some(Rejected::Company));
        assert_eq!(check(text, "Drexel", "Lambert"), Some(Rejected::Company));
        assert_eq!(check(text, "Morgan", "Stanley"), Some(Rejected::Company));
        assert_eq!(check(text, "Dean", "Witter"), Some(Rejected::Company));
        assert_eq!(check(text, "Jean", "Smith"), None);
        let grouped = "E.F. Hutton Group Inc hired Jean Smith Monday.";
        assert_eq!(check(grouped, "E.F.", "Hutton"), Some(Rejected::Company));
        assert_eq!(check(grouped, "Jean", "Smith"), None);
        let joined = "led by Alex Brown and Sons Inc, said Masayoshi Son.";
        assert_eq!(check(joined, "Alex", "Brown"), Some(Rejected::Company));
        assert_eq!(check(joined, "Masayoshi", "Son"), None);
        // A designator inside the span, whose dot the tokenizer kept.
        let run_on = "said First Boston Corp. The bonds were priced.";
        assert_eq!(check(run_on, "First", "The"), Some(Rejected::Company));
        // A designator alone is no person either.
        assert_eq!(
            check("He met Corp yesterday.", "Corp", "Corp"),
            Some(Rejected::Company)
        );
    }

    #[test]
    fn firms_named_further_on() {
        let firms = [
            (
                "led by Prescott, Ball and Turben Inc and others",
                "Prescott",
            ),
            ("Harper and Row Publishers Inc said", "Harper"),
            ("said brokers James Capel (Far East) Ltd today", "James"),
            ("sole manager Bear, Stearns and Co.", "Bear"),
        ];
        for (text, first) in firms {
            assert_eq!(check(text, first, first), Some(Rejected::Company), "{text}");
        }
        assert_eq!(
            check("James Capel (Far East) Ltd said", "James", "Capel"),
            Some(Rejected::Company)
        );
        // A person next to a firm: after a comma with no "and", or a given name before "and".
        let people = [
            "Carl Icahn, TWA Inc chairman, said",
            "Carl Icahn and Texaco Inc agreed",
            "Carl Icahn told Texaco Inc",
            "Smith, Jones and the others of Texaco Inc",
        ];
        for text in people {
            let first = text
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches(',');
            let last = if first == "Carl" { "Icahn" } else { first };
            assert_eq!(check(text, first, last), None, "{text}");
        }
    }

    #[test]
    fn names_of_things_with_a_word_no_name_holds() {
        let things = [
            ("at Fleet Mortgage Group today", "Fleet", "Group"),
            ("at the Venice Film Festival today", "Venice", "Festival"),
            ("the U.K. Money market", "U.K.", "Money"),
            ("said U.S. Banks lent", "U.S.", "Banks"),
            ("at Toronto Dominion Bank today", "Toronto", "Bank"),
            ("said Credit Suisse today", "Credit", "Suisse"),
            ("said Warburg Securities today", "Warburg", "Securities"),
        ];
        for (text, first, last) in things {
            assert_eq!(check(text, first, last), Some(Rejected::Common), "{text}");
        }
        let long =
            "said Equitable Life Assurance Society and Kika de la Garza, J. Brion Foulke III";
        assert_eq!(check(long, "Equitable", "Society"), Some(Rejected::Common));
        assert_eq!(check(long, "Kika", "Garza"), None);
        assert_eq!(check(long, "J.", "III"), None);
        let people = [
            ("said Mark A Cote today", "Mark", "Cote"),
            ("said Rein van der Does today", "Rein", "Does"),
            ("said U.S. Delegate Charles Dallara", "U.S.", "Dallara"),
        ];
        for (text, first, last) in people {
            assert_eq!(check(text, first, last), None, "{text}");
        }
    }

    #[test]
    fn places() {
        let text = "DENVER airport and Salt Lake City grew, said Mayor Denver Smith.";
        assert_eq!(check(text, "Salt", "City"), Some(Rejected::Common));
        assert_eq!(
            check("the Denver signals", "Denver", "Denver"),
            Some(Rejected::Common)
        );
        assert_eq!(check(text, "Denver", "Smith"), None);
    }

    #[test]
    fn a_sentence_opener_alone() {
        let text = "Within this, Rather said, the Within Group grew.";
        assert_eq!(check(text, "Within", "Within"), Some(Rejected::Common));
        assert_eq!(
            check("Rather, Dan Rather said", "Rather", "Rather"),
            Some(Rejected::Common)
        );
        assert_eq!(check("Dan Rather said", "Dan", "Rather"), None);
    }

    #[test]
    fn a_scale_named_after_someone() {
        let text = "It measured 6.5 on the Richter scale, said Charles Richter.";
        assert_eq!(check(text, "Richter", "Richter"), Some(Rejected::Common));
        let later = "Charles Richter said so";
        assert_eq!(check(later, "Charles", "Richter"), None);
    }

    #[test]
    fn titles_money_and_regions_without_a_given_name() {
        let text = "U.K. Chancellor Nigel Lawson paid 5.40 H.K. Dlrs, 330 European Currency \
                    Units and 12 N.Z. Cents; John Major and Tom Pounds agreed, Chancellor \
                    said of Latin America.";
        for (first, last) in [
            ("U.K.", "Chancellor"),
            ("H.K.", "Dlrs"),
            ("European", "Units"),
            ("N.Z.", "Cents"),
            ("Chancellor", "Chancellor"),
            ("Latin", "America"),
        ] {
            assert_eq!(check(text, first, last), Some(Rejected::Common), "{first}");
        }
        for (first, last) in [("Nigel", "Lawson"), ("John", "Major"), ("Tom", "Pounds")] {
            assert_eq!(check(text, first, last), None, "{first}");
        }
    }

    #[test]
    fn more_closing_a_paragraph() {
        assert_eq!(check("More", "More", "More"), Some(Rejected::Common));
        let wire = "DENVER, March 23 - Gold rose.\n More";
        assert_eq!(check(wire, "More", "More"), Some(Rejected::Common));
        let more = "Thomas More wrote Utopia, said More";
        assert_eq!(check(more, "More", "More"), None);
        assert_eq!(check("Putin", "Putin", "Putin"), None);
    }

    #[test]
    fn one_word_after_a_or_an() {
        let text = "Nominated for an Oscar, a Tory MP said the Clinton administration met Kay.";
        assert_eq!(check(text, "Oscar", "Oscar"), Some(Rejected::Common));
        assert_eq!(check(text, "Tory", "Tory"), Some(Rejected::Common));
        assert_eq!(check(text, "Clinton", "Clinton"), None);
        assert_eq!(check(text, "Kay", "Kay"), None);
    }

    #[test]
    fn month_days() {
        assert_eq!(check("Pay May 25", "Pay", "May"), Some(Rejected::Date));
        assert_eq!(
            check("Record April 20", "April", "April"),
            Some(Rejected::Date)
        );
        assert_eq!(
            check("Record Apr. 20", "Record", "Apr."),
            Some(Rejected::Date)
        );
        for (first, last) in [("Payable", "May"), ("April", "Six"), ("Payable", "Six")] {
            let text = if last == "May" {
                "Payable May one"
            } else {
                "Payable April Six"
            };
            assert_eq!(
                check(text, first, last),
                Some(Rejected::Date),
                "{first}..{last}"
            );
        }
        assert_eq!(
            check("Record Three", "Three", "Three"),
            Some(Rejected::Date)
        );
        // A given name before the month: a person ("Theresa May 2 weeks ago").
        assert_eq!(check("Theresa May 2 weeks ago", "Theresa", "May"), None);
        assert_eq!(check("Pay May said so", "Pay", "May"), None);
    }
}
