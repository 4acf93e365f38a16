//! Word lists for the rule-based people finder: given names, title cues, words that are never
//! part of a name, name particles and abbreviations that keep their dot. Names are plain
//! public facts; the lists are short on purpose (a trained tagger replaces them later).

use std::cmp::Ordering;

/// Whether `word` is a known given name (case-sensitive: names are written capitalised).
pub(super) fn is_first_name(word: &str) -> bool {
    FIRST_NAMES.binary_search(&word).is_ok()
}

/// Whether `word` (any case, trailing dot ignored) is a title cue such as `President`, `Mr.`
/// or `spokesman`.
pub(super) fn is_title(word: &str) -> bool {
    contains_folded(&TITLES, word.strip_suffix('.').unwrap_or(word))
}

/// Whether `word` (any case) can never be part of a person's name.
pub(super) fn is_stop_word(word: &str) -> bool {
    contains_folded(&STOP_WORDS, word)
}

/// Lower-case particles inside names: `von der Leyen`, `bin Salman`, `da Silva`.
pub(super) fn is_particle(word: &str) -> bool {
    const PARTICLES: [&str; 18] = [
        "al", "bin", "bint", "da", "das", "de", "del", "della", "der", "di", "dos", "du", "el",
        "ibn", "la", "le", "van", "von",
    ];
    PARTICLES.binary_search(&word).is_ok()
}

/// Abbreviations whose dot does not end a sentence (`Mr.`, `Sen.`, `Jr.`, `Corp.`), any case.
pub(super) fn keeps_dot(word: &str) -> bool {
    const ABBREVIATIONS: [&str; 42] = [
        "adm", "apr", "aug", "ave", "bros", "capt", "cmdr", "co", "col", "corp", "dec", "dept",
        "det", "dr", "feb", "ft", "gen", "gov", "hon", "inc", "jan", "jr", "jul", "jun", "lt",
        "ltd", "maj", "messrs", "mme", "mr", "mrs", "ms", "mt", "nov", "oct", "prof", "rep", "rev",
        "sen", "sept", "sgt", "sr",
    ];
    contains_folded(&ABBREVIATIONS, word) || word.eq_ignore_ascii_case("st")
}

/// Dotted letter groups that are place or time abbreviations, not initials (`U.S.`, `p.m.`).
pub(super) fn is_dotted_acronym(word: &str) -> bool {
    const ACRONYMS: [&str; 15] = ["a.d.", "a.m.", "b.c.", "d.c.", "e.u.", "l.a.", "n.j.", "n.y.", "p.m.", "u.a.e.", "u.k.", "u.n.", "u.s.", "u.s.a.", "u.s.s.r."];
    contains_folded(&ACRONYMS, word)
}

/// Roman numerals that end regnal and family names (`Charles III`, `John Paul II`).
pub(super) fn is_regnal_number(word: &str) -> bool {
    matches!(word, "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII")
}

/// Binary search of a lower-case sorted list, comparing `word` ASCII-case-insensitively and
/// without allocating.
fn contains_folded(list: &[&str], word: &str) -> bool {
    list.binary_search_by(|entry| cmp_folded(entry, word)).is_ok()
}

/// Compares a lower-case `entry` with `word` lower-cased on the fly.
fn cmp_folded(entry: &str, word: &str) -> Ordering {
    entry.bytes().cmp(word.bytes().map(|b| b.to_ascii_lowercase()))
}

/// Common given names (and a few family names written first, as in Chinese and Korean
/// names), as written; sorted by bytes for binary search. Place-like names (Georgia, Jordan,
/// Austin) and word-like ones (Will, Hope, Grace, May) are left out on purpose.
pub(super) const FIRST_NAMES: [&str; 714] = [
    "Aaron", "Abby", "Abdel", "Abdul", "Abdullah", "Abe", "Abigail", "Abiy", "Abraham", "Adam",
    "Adel", "Adrian", "Adriana", "Agnes", "Ahmad", "Ahmed", "Aisha", "Akira", "Alain", "Alan",
    "Albert", "Alberto", "Alec", "Alejandro", "Aleksandr", "Aleksei", "Alex", "Alexander",
    "Alexandra", "Alexandre", "Alexei", "Alexey", "Alexis", "Alfonso", "Alfred", "Alfredo", "Ali",
    "Alice", "Alicia", "Alina", "Alison", "Alistair", "Allan", "Allen", "Allison", "Alvaro",
    "Amanda", "Amber", "Amelia", "Amy", "Ana", "Anatoly", "Anders", "Andre", "Andrea", "Andreas",
    "Andrei", "Andres", "Andrew", "Andrey", "Andrzej", "Andrés", "Andy", "Angel", "Angela",
    "Angelina", "Angelo", "Angus", "Anita", "Ann", "Anna", "Anne", "Annette", "Anthony", "Antoine",
    "Anton", "Antonio", "Antony", "Anwar", "Arjun", "Arnold", "Arthur", "Ashley", "Ashraf", "Aung",
    "Avi", "Avigdor", "Ayman", "Barack", "Barbara", "Barry", "Bashar", "Beatriz", "Ben", "Benazir",
    "Benedict", "Benjamin", "Benny", "Bernard", "Bernardo", "Bernie", "Beth", "Betty", "Bill",
    "Billy", "Bjorn", "Björn", "Bob", "Bobby", "Boris", "Brad", "Bradley", "Brandon", "Brenda",
    "Brendan", "Brett", "Brian", "Bridget", "Brigitte", "Bruce", "Bruno", "Bryan", "Byron",
    "Caleb", "Cameron", "Camilla", "Carl", "Carla", "Carlo", "Carlos", "Carmen", "Carol",
    "Caroline", "Carolyn", "Catherine", "Cecilia", "Celine", "Chad", "Charles", "Charlie",
    "Charlotte", "Chen", "Cheryl", "Chris", "Christian", "Christina", "Christine", "Christoph",
    "Christophe", "Christopher", "Chuck", "Cindy", "Claire", "Clara", "Claude", "Claudia",
    "Claudio", "Clive", "Colin", "Connor", "Conor", "Craig", "Cristiano", "Cristina", "Cynthia",
    "Cyril", "Dale", "Dalia", "Dan", "Dana", "Daniel", "Daniela", "Daniele", "Danielle", "Danny",
    "Dave", "David", "Dean", "Deborah", "Debra", "Deng", "Denis", "Dennis", "Derek", "Diana",
    "Diane", "Didier", "Diego", "Dieter", "Dilma", "Dimitri", "Dmitri", "Dmitry", "Dominic",
    "Dominique", "Don", "Donald", "Donna", "Doris", "Doug", "Douglas", "Duncan", "Dylan", "Ed",
    "Eddie", "Edgar", "Edith", "Edmund", "Eduardo", "Edward", "Edwin", "Ehud", "Eileen", "Elena",
    "Eli", "Elijah", "Elisabeth", "Elizabeth", "Ella", "Ellen", "Elon", "Emil", "Emily", "Emma",
    "Emmanuel", "Enrico", "Enrique", "Eric", "Erik", "Erin", "Ernest", "Ernesto", "Ethan",
    "Eugene", "Eva", "Evan", "Evo", "Fabian", "Fahd", "Faisal", "Fatima", "Federico", "Felipe",
    "Felix", "Fernando", "Fidel", "Fiona", "Florian", "Francesca", "Francesco", "Francis",
    "Francisco", "Franco", "Francois", "Frank", "Franz", "François", "Fred", "Frederick",
    "Friedrich", "Fumio", "Gabriel", "Gabriela", "Gareth", "Gary", "Gavin", "Gennady", "George",
    "Georgi", "Gerald", "Gerard", "Gerhard", "Giorgia", "Giorgio", "Giovanni", "Giuseppe", "Glen",
    "Glenn", "Gloria", "Gordon", "Graham", "Greg", "Gregory", "Guido", "Gustavo", "Guy", "Gérard",
    "Günter", "Hamad", "Hamid", "Hank", "Hannah", "Hans", "Harold", "Harriet", "Harry", "Hassan",
    "Heather", "Heinz", "Helen", "Helena", "Helmut", "Henri", "Henrik", "Henry", "Herbert",
    "Hillary", "Hiroshi", "Hosni", "Howard", "Hu", "Hugh", "Hugo", "Hun", "Hussein", "Ian",
    "Ibrahim", "Igor", "Ilya", "Imran", "Ingrid", "Irene", "Irina", "Isaac", "Isabel", "Isabella",
    "Ismail", "Ivan", "Ivanka", "Jack", "Jackie", "Jacob", "Jacqueline", "Jacques", "Jai", "Jair",
    "Jake", "James", "Jamie", "Jan", "Jane", "Janet", "Janice", "Jared", "Jason", "Javier", "Jay",
    "Jean", "Jeff", "Jeffrey", "Jennifer", "Jenny", "Jeremy", "Jerome", "Jerry", "Jess", "Jesse",
    "Jessica", "Jill", "Jim", "Jimmy", "Jo", "Joachim", "Joan", "Joanna", "Joanne", "Joao", "Joe",
    "Joel", "Johan", "Johann", "Johannes", "John", "Johnny", "Jon", "Jonathan", "Jorge", "Jose",
    "Josef", "Joseph", "Josh", "Joshua", "José", "João", "Juan", "Judith", "Judy", "Julia",
    "Julian", "Julie", "Julien", "Julio", "Julius", "Junichiro", "Jurgen", "Justin", "Jörg",
    "Jürgen", "Kamala", "Karen", "Karim", "Karin", "Karl", "Kate", "Katherine", "Kathleen",
    "Kathryn", "Kathy", "Katie", "Keir", "Keith", "Kelly", "Ken", "Kenneth", "Kerry", "Kevin",
    "Khalid", "Kim", "Klaus", "Kofi", "Kurt", "Kyle", "Lance", "Larry", "Laura", "Lauren",
    "Laurent", "Lee", "Leo", "Leon", "Leonard", "Leonardo", "Li", "Liam", "Linda", "Lindsay",
    "Lindsey", "Lionel", "Lisa", "Liu", "Liz", "Lloyd", "Lorenzo", "Louis", "Louise", "Lucas",
    "Lucy", "Luigi", "Luis", "Luiz", "Luka", "Lukas", "Luke", "Lynn", "Magnus", "Mahathir",
    "Mahmoud", "Manfred", "Manmohan", "Manuel", "Marc", "Marcel", "Marco", "Marcus", "Margaret",
    "Margarita", "Maria", "Mariano", "Marie", "Marina", "Mario", "Marion", "Mark", "Markus",
    "Marta", "Martha", "Martin", "Marty", "Mary", "Masayoshi", "Mathieu", "Matt", "Matteo",
    "Matthew", "Matthias", "Maurice", "Max", "Maxim", "Maya", "Megan", "Melania", "Melanie",
    "Melissa", "Michael", "Michel", "Michele", "Michelle", "Miguel", "Mike", "Mikhail", "Milan",
    "Mitch", "Mitt", "Mohamed", "Mohammad", "Mohammed", "Monica", "Muhammad", "Muhammadu",
    "Mustafa", "Nabil", "Naftali", "Nancy", "Naomi", "Narendra", "Natalia", "Natalie", "Nathan",
    "Nawaz", "Neil", "Nelson", "Nicholas", "Nick", "Nicola", "Nicolas", "Nicole", "Nicolás",
    "Nigel", "Nikita", "Nikki", "Nikolai", "Nikolaus", "Nina", "Noah", "Norman", "Oleg", "Olga",
    "Oliver", "Olivia", "Olivier", "Omar", "Oscar", "Otto", "Owen", "Pablo", "Pamela", "Paolo",
    "Pascal", "Patricia", "Patrick", "Paul", "Paula", "Pavel", "Pedro", "Penny", "Pete", "Peter",
    "Petr", "Petro", "Phil", "Philip", "Philippe", "Pierre", "Piotr", "Rachel", "Rafael", "Rahul",
    "Rajesh", "Ralph", "Ramon", "Randy", "Raul", "Ray", "Raymond", "Raúl", "Rebecca", "Recep",
    "Reza", "Ricardo", "Richard", "Rick", "Rishi", "Rob", "Robert", "Roberto", "Robin", "Rodrigo",
    "Roger", "Roland", "Romano", "Ron", "Ronald", "Rory", "Ross", "Roy", "Ruben", "Rudolf",
    "Rupert", "Russell", "Ruth", "Ryan", "Saad", "Sadiq", "Salman", "Sam", "Samantha", "Samir",
    "Samuel", "Sandra", "Sanjay", "Sara", "Sarah", "Scott", "Sean", "Sebastian", "Sergei",
    "Sergey", "Sergio", "Seth", "Shane", "Sharon", "Shaun", "Sheila", "Shimon", "Shinzo",
    "Shirley", "Sigmar", "Silvio", "Simon", "Simone", "Sonia", "Sophie", "Stanley", "Stefan",
    "Stefano", "Stephan", "Stephane", "Stephanie", "Stephen", "Steve", "Steven", "Stuart", "Sue",
    "Susan", "Suzanne", "Svetlana", "Sébastien", "Ségolène", "Søren", "Tamim", "Tanya", "Tatiana",
    "Ted", "Teresa", "Terry", "Thabo", "Theresa", "Thierry", "Thomas", "Tim", "Timothy", "Tina",
    "Todd", "Tom", "Tommy", "Toni", "Tony", "Tracy", "Travis", "Tyler", "Uhuru", "Ursula", "Uwe",
    "Valentina", "Valerie", "Vanessa", "Victor", "Viktor", "Vincent", "Virginie", "Vitali",
    "Vitaly", "Vivian", "Vladimir", "Volodymyr", "Walid", "Walter", "Wang", "Warren", "Wayne",
    "Wen", "Werner", "Wesley", "William", "Willie", "Wim", "Wolfgang", "Xavier", "Xi", "Yair",
    "Yang", "Yasser", "Yitzhak", "Yoshihide", "Youssef", "Yuri", "Yusuf", "Yvonne", "Zachary",
    "Zhang", "Zhao", "Zhou", "Zoe", "Édouard",
];

/// Words that announce a person's name right after them (lower case, no trailing dot);
/// sorted for binary search.
pub(super) const TITLES: [&str; 120] = [
    "actor", "actress", "adviser", "advisor", "aide", "ambassador", "analyst", "archbishop",
    "assemblyman", "assemblywoman", "attorney", "ayatollah", "batsman", "bishop", "boss", "bowler",
    "brig", "brigadier", "capt", "captain", "cardinal", "ceo", "cfo", "chairman", "chairperson",
    "chairwoman", "champion", "chancellor", "chief", "cmdr", "coach", "col", "colonel",
    "commander", "commissioner", "congressman", "congresswoman", "coo", "councillor", "councilman",
    "councilwoman", "dame", "defender", "deputy", "det", "detective", "director", "dr", "duchess",
    "duke", "economist", "emir", "emperor", "envoy", "forward", "founder", "gen", "general",
    "goalkeeper", "gov", "governor", "imam", "judge", "justice", "king", "lady", "lawyer",
    "leader", "lieutenant", "lord", "lt", "maj", "manager", "mayor", "messrs", "midfielder",
    "minister", "mme", "mr", "mrs", "ms", "negotiator", "novelist", "pitcher", "pope", "premier",
    "pres", "president", "prince", "princess", "prof", "professor", "prosecutor", "quarterback",
    "queen", "rabbi", "rep", "representative", "rev", "reverend", "secretary", "sen", "senator",
    "sergeant", "sgt", "sheik", "sheikh", "singer", "sir", "skipper", "speaker", "spokesman",
    "spokesperson", "spokeswoman", "strategist", "striker", "sultan", "superintendent", "vice",
    "winger",
];

/// Capitalised words that are never part of a person's name: organisation and place cue
/// words, days, months, and common sentence openers (lower case); sorted for binary search.
pub(super) const STOP_WORDS: [&str; 313] = [
    "a", "about", "academy", "according", "act", "administration", "after", "afternoon", "again",
    "agency", "agreement", "airline", "airlines", "airport", "airways", "all", "alliance", "also",
    "although", "america", "american", "an", "and", "another", "any", "april", "are", "army", "as",
    "asked", "assembly", "association", "at", "august", "authority", "avenue", "award", "awards",
    "bank", "bay", "be", "beach", "because", "been", "before", "being", "board", "both", "bridge",
    "brothers", "bureau", "but", "by", "cabinet", "campaign", "can", "capital", "cathedral",
    "center", "centre", "championship", "championships", "channel", "church", "city", "club", "co",
    "coalition", "college", "commission", "committee", "communist", "community", "company",
    "conference", "congress", "conservative", "constitution", "corp", "corporation", "council",
    "county", "court", "cup", "daily", "day", "december", "democrat", "democratic", "democrats",
    "department", "despite", "district", "division", "does", "during", "each", "earlier", "east",
    "eastern", "embassy", "empire", "even", "every", "exchange", "february", "federal",
    "federation", "festival", "finally", "first", "for", "force", "forces", "foreign",
    "foundation", "friday", "from", "front", "fund", "furthermore", "games", "gazette",
    "government", "group", "guard", "gulf", "had", "has", "have", "he", "health", "her", "herald",
    "here", "his", "holdings", "hospital", "hotel", "house", "however", "i", "if", "in", "inc",
    "index", "institute", "international", "into", "is", "island", "islands", "it", "its",
    "january", "journal", "july", "june", "just", "kingdom", "labor", "labour", "last", "later",
    "league", "liberal", "limited", "ltd", "magazine", "mail", "many", "march", "market",
    "meanwhile", "media", "ministry", "monday", "monitor", "moreover", "most", "motors",
    "movement", "museum", "my", "national", "nations", "navy", "network", "nevertheless", "new",
    "news", "next", "no", "north", "northern", "not", "november", "now", "october", "of", "office",
    "olympic", "olympics", "on", "one", "only", "open", "or", "organisation", "organization",
    "other", "our", "over", "palace", "parliament", "party", "photo", "police", "post", "press",
    "prize", "program", "programme", "province", "read", "region", "reporting", "republic",
    "republican", "republicans", "research", "reserve", "reuters", "river", "road", "saturday",
    "school", "sea", "second", "senate", "september", "service", "services", "she", "since", "so",
    "some", "south", "southern", "sports", "square", "stadium", "state", "states", "station",
    "still", "street", "such", "summit", "sunday", "supreme", "system", "systems", "than", "that",
    "the", "their", "then", "there", "these", "they", "this", "those", "through", "thursday",
    "times", "to", "today", "tomorrow", "tower", "trade", "treaty", "tribune", "trust", "tuesday",
    "tv", "under", "union", "united", "university", "until", "valley", "was", "we", "wednesday",
    "week", "weekly", "were", "west", "western", "what", "when", "where", "which", "while", "who",
    "why", "with", "world", "yes", "yesterday", "yet", "you",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_unique() {
        let lists: [(&str, &[&str]); 3] =
            [("first", &FIRST_NAMES), ("titles", &TITLES), ("stop", &STOP_WORDS)];
        for (name, list) in lists {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{name} not sorted/unique");
        }
    }

    #[test]
    fn lookups() {
        let cases: [(&str, fn(&str) -> bool, bool); 12] = [
            ("Vladimir", is_first_name, true),
            ("vladimir", is_first_name, false),
            ("Georgia", is_first_name, false),
            ("Mr.", is_title, true),
            ("SPOKESMAN", is_title, true),
            ("Spokesmen", is_title, false),
            ("Ministry", is_stop_word, true),
            ("Monday", is_stop_word, true),
            ("Peskov", is_stop_word, false),
            ("von", is_particle, true),
            ("Sen", keeps_dot, true),
            ("U.S.", is_dotted_acronym, true),
        ];
        for (word, lookup, want) in cases {
            assert_eq!(lookup(word), want, "{word:?}");
        }
    }
}
