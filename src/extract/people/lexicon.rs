//! Word lists for the rule-based people finder: given names, title cues, words that are never
//! part of a name, name particles and abbreviations that keep their dot. Names are plain
//! public facts; the lists are short on purpose (a trained tagger replaces them later).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::names::FIRST_NAMES;

/// What the word lists say about a capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    /// Never part of a person's name.
    Stop,
    /// A title cue.
    Title,
    /// A known given name.
    FirstName,
}

/// Looks `word` up in all three lists at once (ASCII case ignored, one trailing dot ignored so
/// `Mr.` is `mr`). Hashing beats three binary searches: this runs for every capitalised word.
pub(super) fn lookup(word: &str) -> Option<Entry> {
    let word = word.strip_suffix('.').unwrap_or(word);
    let mut buf = [0u8; MAX_ENTRY];
    let key = buf.get_mut(..word.len())?; // longer than any entry
    for (d, s) in key.iter_mut().zip(word.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    table().get(&*key).copied()
}

/// Whether `word` (any case, trailing dot ignored) is a title cue such as `President`, `Mr.`
/// or `spokesman`.
pub(super) fn is_title(word: &str) -> bool {
    lookup(word) == Some(Entry::Title)
}

/// No list entry is longer than this many bytes.
const MAX_ENTRY: usize = 16;

/// FNV-1a: the keys are short words, for which SipHash's set-up cost dominates.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type Table = HashMap<Box<[u8]>, Entry, BuildHasherDefault<Fnv>>;

/// The three lists as one case-folded table, built on first use. Stop words win over the
/// others (a test keeps the lists disjoint anyway).
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let lists = [
            (&FIRST_NAMES[..], Entry::FirstName),
            (&TITLES[..], Entry::Title),
            (&STOP_WORDS[..], Entry::Stop),
        ];
        let mut table = Table::default();
        for (list, entry) in lists {
            for word in list {
                table.insert(word.to_ascii_lowercase().into_bytes().into(), entry);
            }
        }
        table
    })
}

/// Lower-case particles inside names: `von der Leyen`, `bin Salman`, `da Silva`.
pub(super) fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "al" | "bin"
            | "bint"
            | "da"
            | "das"
            | "de"
            | "del"
            | "della"
            | "der"
            | "di"
            | "dos"
            | "du"
            | "el"
            | "ibn"
            | "la"
            | "le"
            | "van"
            | "von"
    )
}

/// Abbreviations whose dot does not end a sentence (`Mr.`, `Sen.`, `Jr.`, `Corp.`), any case.
pub(super) fn keeps_dot(word: &str) -> bool {
    contains_folded(&ABBREVIATIONS, word)
}

/// Dotted letter groups that are place, time or club abbreviations, not initials (`U.S.`,
/// `p.m.`, `F.C.`), any case.
pub(super) fn is_dotted_acronym(word: &str) -> bool {
    contains_folded(&ACRONYMS, word)
}

/// Words that make a following given name part of a place (`St. Louis`, `San Diego`).
pub(super) fn is_place_prefix(word: &str) -> bool {
    matches!(
        word,
        "St."
            | "St"
            | "Ste."
            | "Saint"
            | "San"
            | "Santa"
            | "Santo"
            | "Sao"
            | "São"
            | "Los"
            | "Las"
            | "Fort"
            | "Port"
            | "Mount"
            | "Mt."
            | "Lake"
            | "Cape"
            | "Glen"
    )
}

/// Roman numerals that end regnal and family names (`Charles III`, `John Paul II`).
pub(super) fn is_regnal_number(word: &str) -> bool {
    matches!(word, "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII")
}

/// Binary search of a short lower-case sorted list, ignoring ASCII case.
fn contains_folded(list: &[&str], word: &str) -> bool {
    list.binary_search_by(|entry| {
        entry
            .bytes()
            .cmp(word.bytes().map(|b| b.to_ascii_lowercase()))
    })
    .is_ok()
}

/// See [`keeps_dot`] (lower case, sorted).
#[rustfmt::skip]
static ABBREVIATIONS: [&str; 43] = [
    "adm", "apr", "aug", "ave", "bros", "capt", "cmdr", "co", "col", "corp", "dec", "dept",
    "det", "dr", "feb", "ft", "gen", "gov", "hon", "inc", "jan", "jr", "jul", "jun", "lt",
    "ltd", "maj", "messrs", "mme", "mr", "mrs", "ms", "mt", "nov", "oct", "prof", "rep", "rev",
    "sen", "sept", "sgt", "sr", "st",
];

/// See [`is_dotted_acronym`] (lower case, sorted).
#[rustfmt::skip]
static ACRONYMS: [&str; 21] = [
    "a.c.", "a.d.", "a.l.", "a.m.", "b.c.", "d.c.", "e.u.", "f.c.", "l.a.", "n.j.", "n.l.",
    "n.y.", "p.m.", "s.c.", "u.a.e.", "u.k.", "u.n.", "u.s.", "u.s.a.", "u.s.s.r.", "w.va.",
];

/// Words that announce a person's name right after them (lower case, no trailing dot, sorted).
#[rustfmt::skip]
static TITLES: [&str; 121] = [
    "actor", "actress", "adviser", "advisor", "aide", "ambassador", "analyst", "archbishop",
    "assemblyman", "assemblywoman", "attorney", "ayatollah", "batsman", "bishop", "boss", "bowler",
    "brig", "brigadier", "capt", "captain", "cardinal", "ceo", "cfo", "chairman", "chairperson",
    "chairwoman", "champion", "chancellor", "chief", "cmdr", "coach", "col", "colonel",
    "commander", "commissioner", "congressman", "congresswoman", "coo", "councillor", "councilman",
    "councilwoman", "dame", "defender", "deputy", "det", "detective", "director", "dr", "duchess",
    "duke", "economist", "emir", "emperor", "envoy", "forward", "founder", "gen", "general",
    "goalkeeper", "gov", "governor", "imam", "judge", "justice", "king", "lady", "lawyer",
    "leader", "lieutenant", "lord", "lt", "maj", "major", "manager", "mayor", "messrs",
    "midfielder", "minister", "mme", "mr", "mrs", "ms", "negotiator", "novelist", "pitcher",
    "pope", "premier", "pres", "president", "prince", "princess", "prof", "professor",
    "prosecutor", "quarterback", "queen", "rabbi", "rep", "representative", "rev", "reverend",
    "secretary", "sen", "senator", "sergeant", "sgt", "sheik", "sheikh", "singer", "sir",
    "skipper", "speaker", "spokesman", "spokesperson", "spokeswoman", "strategist", "striker",
    "sultan", "superintendent", "vice", "winger",
];

/// Capitalised words that are never part of a person's name: organisation and place cue
/// words, countries and nationalities, days, months (not May: Theresa May), and common
/// sentence openers (lower case, sorted).
#[rustfmt::skip]
static STOP_WORDS: [&str; 397] = [
    "a", "about", "academy", "according", "act", "administration", "afghanistan", "africa",
    "african", "after", "afternoon", "again", "agency", "agreement", "airline", "airlines",
    "airport", "airways", "all", "alliance", "also", "although", "america", "american", "an",
    "and", "another", "any", "april", "arab", "arabia", "are", "argentina", "army", "as", "asia",
    "asian", "asked", "assembly", "association", "at", "august", "australia", "australian",
    "austria", "authority", "avenue", "award", "awards", "bank", "bay", "be", "beach", "because",
    "been", "before", "being", "belgium", "board", "both", "brazil", "bridge", "britain",
    "british", "brothers", "bureau", "but", "by", "cabinet", "campaign", "can", "canada",
    "capital", "cathedral", "center", "centre", "championship", "championships", "channel",
    "chile", "china", "chinese", "church", "city", "club", "co", "coalition", "college",
    "colombia", "commission", "committee", "communist", "community", "company", "conference",
    "congress", "conservative", "constitution", "corp", "corporation", "council", "county",
    "court", "croatia", "cuba", "cup", "czech", "daily", "day", "december", "democrat",
    "democratic", "democrats", "denmark", "department", "despite", "district", "division", "does",
    "during", "dutch", "each", "earlier", "east", "eastern", "egypt", "embassy", "empire",
    "europe", "european", "even", "every", "exchange", "february", "federal", "federation",
    "festival", "finally", "finland", "first", "for", "force", "forces", "foreign", "foundation",
    "france", "friday", "from", "front", "fund", "furthermore", "games", "gazette", "georgia",
    "germany", "government", "greece", "group", "guard", "gulf", "had", "has", "have", "he",
    "health", "her", "herald", "here", "his", "holdings", "holland", "hospital", "hotel", "house",
    "however", "hungary", "i", "if", "in", "inc", "index", "india", "indian", "indonesia",
    "institute", "international", "into", "iran", "iraq", "ireland", "is", "island", "islands",
    "israel", "israeli", "it", "italy", "its", "january", "japan", "japanese", "journal", "july",
    "june", "just", "kingdom", "korea", "korean", "kuwait", "labor", "labour", "last", "later",
    "league", "lebanon", "liberal", "libya", "limited", "ltd", "magazine", "mail", "malaysia",
    "many", "march", "market", "meanwhile", "media", "mexico", "ministry", "monday", "monitor",
    "moreover", "morocco", "most", "motors", "movement", "museum", "my", "national", "nations",
    "navy", "netherlands", "network", "nevertheless", "new", "news", "next", "nigeria", "no",
    "north", "northern", "norway", "not", "november", "now", "october", "of", "office", "olympic",
    "olympics", "on", "one", "only", "open", "or", "organisation", "organization", "other", "our",
    "over", "pakistan", "palace", "palestinian", "park", "parliament", "party", "peru",
    "philippines", "photo", "poland", "police", "portugal", "post", "press", "prize", "program",
    "programme", "province", "read", "region", "reporting", "republic", "republican",
    "republicans", "research", "reserve", "reuters", "river", "road", "romania", "russia",
    "saturday", "saudi", "school", "scotland", "sea", "second", "senate", "september", "serbia",
    "service", "services", "she", "since", "singapore", "so", "some", "south", "southern", "spain",
    "sports", "square", "stadium", "state", "states", "station", "still", "street", "such",
    "summit", "sunday", "supreme", "sweden", "switzerland", "syria", "system", "systems", "taiwan",
    "thailand", "than", "that", "the", "their", "then", "there", "these", "they", "this", "those",
    "through", "thursday", "times", "to", "today", "tomorrow", "tower", "trade", "treaty",
    "tribune", "trust", "tuesday", "turkey", "tv", "uganda", "ukraine", "under", "union", "united",
    "university", "until", "valley", "vietnam", "wales", "was", "we", "wednesday", "week",
    "weekly", "were", "west", "western", "what", "when", "where", "which", "while", "who", "why",
    "with", "world", "yemen", "yes", "yesterday", "yet", "you", "zealand", "zimbabwe",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_unique() {
        let lists: [(&str, &[&str]); 5] = [
            ("first", &FIRST_NAMES),
            ("titles", &TITLES),
            ("stop", &STOP_WORDS),
            ("abbreviations", &ABBREVIATIONS),
            ("acronyms", &ACRONYMS),
        ];
        for (name, list) in lists {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{name} not sorted/unique"
            );
            assert!(
                list.iter().all(|w| w.len() <= MAX_ENTRY),
                "{name} entry too long"
            );
        }
    }

    #[test]
    fn lists_are_disjoint() {
        let folded = |list: &[&str]| -> Vec<String> {
            list.iter().map(|w| w.to_ascii_lowercase()).collect()
        };
        let (first, titles, stop) = (folded(&FIRST_NAMES), folded(&TITLES), folded(&STOP_WORDS));
        let clash = first.iter().chain(&titles).find(|w| stop.contains(w));
        assert_eq!(clash, None);
        assert_eq!(first.iter().find(|w| titles.contains(w)), None);
    }

    #[test]
    fn table_lookups() {
        let cases = [
            ("Vladimir", Some(Entry::FirstName)),
            ("José", Some(Entry::FirstName)),
            ("Georgia", Some(Entry::Stop)),
            ("Austin", None),
            ("Mr.", Some(Entry::Title)),
            ("SPOKESMAN", Some(Entry::Title)),
            ("Spokesmen", None),
            ("Ministry", Some(Entry::Stop)),
            ("Monday", Some(Entry::Stop)),
            ("Peskov", None),
            ("Counterrevolutionaries", None),
        ];
        for (word, want) in cases {
            assert_eq!(lookup(word), want, "{word:?}");
        }
    }

    #[test]
    fn small_lists() {
        type Check = fn(&str) -> bool;
        let cases: [(&str, Check, bool); 6] = [
            ("von", is_particle, true),
            ("Von", is_particle, false),
            ("Sen", keeps_dot, true),
            ("said", keeps_dot, false),
            ("U.S.", is_dotted_acronym, true),
            ("J.K.", is_dotted_acronym, false),
        ];
        for (word, check, want) in cases {
            assert_eq!(check(word), want, "{word:?}");
        }
    }
}
