//! Hand-written word lists: title cues, capitalised words that are rarely part of a person's
//! name and abbreviations that keep their dot. The tagger sees
//! them as gazetteer features (`gazetteer.rs`); the tokenizer uses the abbreviations.

/// Abbreviations whose dot does not end a sentence (`Mr.`, `Sen.`, `Jr.`, `Corp.`), any case.
pub(super) fn keeps_dot(word: &str) -> bool {
    contains_folded(&ABBREVIATIONS, word)
}

/// News agencies, whose names a wire story prints alone (the `REUTER` sign-off line) where the
/// tagger can take them for a surname. Never a person on their own.
pub(super) fn is_news_agency(word: &str) -> bool {
    contains_folded(&NEWS_AGENCIES, word)
}

/// Words after a name that make it a company's (`Inc`, `Co.`, `Brothers`), any case, with or
/// without a final dot.
pub(super) fn is_company_designator(word: &str) -> bool {
    contains_folded(&COMPANY_DESIGNATORS, word.strip_suffix('.').unwrap_or(word))
}

/// See [`is_company_designator`] (lower case, sorted).
#[rustfmt::skip]
static COMPANY_DESIGNATORS: [&str; 15] = [
    "ag", "bhd", "bros", "brothers", "co", "corp", "cos", "gmbh", "inc", "llc", "llp", "ltd",
    "nv", "plc", "pty",
];

/// Whether `word` joins two names of one firm: "and" or "&" ("Procter and Gamble Co").
pub(super) fn is_join(word: &str) -> bool {
    word == "&" || word.eq_ignore_ascii_case("and")
}

/// Whether `word` starts with an ASCII capital, as every word of a company's name does.
pub(super) fn is_capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Whether `word` names a company after "and" or "&": "Alex. Brown and Sons", "Smith &
/// Associates". Alone these are no designators ("Masayoshi Son").
pub(super) fn is_joined_designator(word: &str) -> bool {
    contains_folded(&JOINED_DESIGNATORS, word.strip_suffix('.').unwrap_or(word))
}

/// See [`is_joined_designator`] (lower case, sorted).
static JOINED_DESIGNATORS: [&str; 5] = ["associates", "company", "partners", "son", "sons"];

/// Whether `word` is a country's or union's initials as wire copy writes them before a noun
/// ("U.K. Money", "U.S. Banks").
pub(super) fn is_country_initials(word: &str) -> bool {
    contains_folded(&COUNTRY_INITIALS, word)
}

/// See [`is_country_initials`] (lower case, sorted).
static COUNTRY_INITIALS: [&str; 6] = ["e.c.", "h.k.", "n.z.", "u.k.", "u.n.", "u.s."];

/// Whether `word` is a word that opens sentences ("Within", "Rather", "Thereafter") and is
/// never a one-word name, although the stop words of the tagger's gazetteer leave it out.
pub(super) fn is_sentence_opener(word: &str) -> bool {
    contains_folded(&SENTENCE_OPENERS, word)
}

/// See [`is_sentence_opener`] (lower case, sorted).
#[rustfmt::skip]
static SENTENCE_OPENERS: [&str; 22] = [
    "additionally", "currently", "ever", "further", "given", "higher", "lower", "meanwhile",
    "nationally", "nevertheless", "normally", "officially", "otherwise", "rather", "separately",
    "similar", "taken", "thereafter", "though", "together", "whether", "within",
];

/// Whether `word` names a bank, an insurer or a securities house in the name of a firm ("Toronto
/// Dominion Bank", "Credit Suisse", "Societe Generale", "Warburg Securities"). Some are
/// surnames too (Bank), so the tagger's stop words cannot say so; in a name of two or more
/// words they can.
pub(super) fn is_firm_word(word: &str) -> bool {
    contains_folded(&FIRM_WORDS, word)
}

/// See [`is_firm_word`] (lower case, sorted).
#[rustfmt::skip]
static FIRM_WORDS: [&str; 16] = [
    "banca", "banco", "bancorp", "bank", "banque", "caisse", "compagnie", "compania", "credit",
    "insurance", "nippon", "savings", "securities", "societa", "societe", "trust",
];

/// Whether `word` names an industry, as the last words of a firm's name do ("Kawasaki Steel",
/// "Oak Industries", "Samsung Electronics", "Levon Resources", "Soybean Oil"). Some are
/// surnames too (Steel), so only after a word that is no given name (see `reject.rs`).
pub(super) fn is_industry_word(word: &str) -> bool {
    contains_folded(&INDUSTRY_WORDS, word)
}

/// See [`is_industry_word`] (lower case, sorted).
#[rustfmt::skip]
static INDUSTRY_WORDS: [&str; 37] = [
    "airlines", "airways", "bancshares", "chemical", "chemicals", "communications", "computer",
    "computers", "electronics", "energy", "enterprises", "financial", "foods", "gas", "holdings",
    "industries", "investments", "laboratories", "mining", "motor", "motors", "oil", "petroleum",
    "pharmaceutical", "pharmaceuticals", "products", "realty", "resources", "semiconductor",
    "semiconductors", "software", "steel", "systems", "technologies", "technology",
    "telecommunications", "ventures"
];

/// Whether `name` (words separated by single spaces) is a well-known place whose name the
/// tagger takes for a person's ("Denver", "El Salvador", "Salt Lake City"). Places that are
/// also common names (Georgia, Houston, Jordan, Orlando, Phoenix, Sydney, Washington) are left
/// out.
pub(super) fn is_place(name: &str) -> bool {
    contains_folded(&PLACES, name)
}

/// See [`is_place`] (lower case, sorted): US states, countries and cities.
#[rustfmt::skip]
static PLACES: [&str; 198] = [
    "abu dhabi", "alabama", "alaska", "albania", "algeria", "amsterdam", "angola", "arizona",
    "arkansas", "atlanta", "auckland", "bahrain", "baltimore", "bangkok", "bangladesh", "beijing",
    "belarus", "beverly hills", "bolivia", "bombay", "boston", "botswana", "brisbane", "brussels",
    "buenos aires", "bulgaria", "burma", "cairo", "calcutta", "calgary", "california", "cambodia",
    "chicago", "cincinnati", "colorado", "connecticut", "corpus christi", "costa rica", "delaware",
    "denver", "detroit", "ecuador", "el salvador", "estonia", "ethiopia", "florida", "frankfurt",
    "geneva", "ghana", "guatemala", "hawaii", "honduras", "hong kong", "iceland", "idaho",
    "illinois", "iowa", "jakarta", "jamaica", "johannesburg", "kansas", "kansas city", "karachi",
    "kazakhstan", "kentucky", "kitty hawk", "kuala lumpur", "kuwait", "lagos", "laos", "las vegas",
    "latvia", "lebanon", "libya", "lisbon", "lithuania", "london", "los angeles", "louisiana",
    "louisville", "madrid", "maine", "malaysia", "manila", "maryland", "massachusetts",
    "melbourne", "mexico city", "miami", "michigan", "milan", "milwaukee", "minneapolis",
    "minnesota", "mississippi", "missouri", "moldova", "mongolia", "montana", "montreal",
    "morocco", "moscow", "mozambique", "myanmar", "nairobi", "namibia", "nashville", "nebraska",
    "nepal", "nevada", "new hampshire", "new jersey", "new mexico", "new orleans", "new york",
    "new zealand", "nicaragua", "nigeria", "north carolina", "north dakota", "norway", "oakland",
    "ohio", "oklahoma", "omaha", "oman", "oregon", "osaka", "ottawa", "pakistan", "panama",
    "paraguay", "pennsylvania", "peru", "philadelphia", "pittsburgh", "poland", "puerto rico",
    "qatar", "rhode island", "rio de janeiro", "romania", "rotterdam", "russia", "sacramento",
    "salt lake city", "san diego", "san francisco", "san jose", "santa barbara", "santa clara",
    "santa fe", "santa maria", "sao paulo", "saudi arabia", "seattle", "seoul", "serbia",
    "shanghai", "singapore", "slovakia", "slovenia", "south carolina", "south dakota", "sri lanka",
    "st. louis", "sudan", "sweden", "syria", "taiwan", "tanzania", "tel aviv", "tennessee",
    "texas", "thailand", "tokyo", "toronto", "tulsa", "tunisia", "uganda", "ukraine", "uruguay",
    "utah", "uzbekistan", "vancouver", "venezuela", "vermont", "vienna", "vietnam", "wellington",
    "west virginia", "winnipeg", "wisconsin", "wyoming", "yemen", "zambia", "zimbabwe", "zurich",
];

/// Whether `word` is a currency or unit of money as wire copy writes it after an amount
/// ("5.40 H.K. Dlrs", "330 European Currency Units"). Surnames among them (Pounds) are kept
/// by the caller when a given name comes first.
pub(super) fn is_money(word: &str) -> bool {
    contains_folded(&MONEY, word.strip_suffix('.').unwrap_or(word))
}

/// See [`is_money`] (lower case, sorted).
#[rustfmt::skip]
static MONEY: [&str; 15] = [
    "cents", "dlr", "dlrs", "dollars", "ecus", "euros", "francs", "lire", "pesos", "pounds",
    "rupees", "stg", "units", "yen", "yuan",
];

/// Whether `word` names a continent or a region of one, which ends a place's name and never a
/// person's ("Latin America", "South Africa", "Saudi Arabia").
pub(super) fn is_region(word: &str) -> bool {
    contains_folded(&REGIONS, word)
}

/// See [`is_region`] (lower case, sorted).
#[rustfmt::skip]
static REGIONS: [&str; 8] = [
    "africa", "america", "americas", "antarctica", "arabia", "asia", "europe", "oceania",
];

/// See [`is_news_agency`] (lower case, sorted).
static NEWS_AGENCIES: [&str; 11] = [
    "afp", "ansa", "bernama", "efe", "interfax", "kyodo", "reuter", "reuters", "tass", "xinhua",
    "yonhap",
];

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

/// Words that announce a person's name right after them (lower case, no trailing dot, sorted).
#[rustfmt::skip]
pub(super) static TITLES: [&str; 121] = [
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
pub(super) static STOP_WORDS: [&str; 397] = [
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
        let lists: [(&str, &[&str]); 13] = [
            ("titles", &TITLES),
            ("stop", &STOP_WORDS),
            ("abbreviations", &ABBREVIATIONS),
            ("agencies", &NEWS_AGENCIES),
            ("company designators", &COMPANY_DESIGNATORS),
            ("joined designators", &JOINED_DESIGNATORS),
            ("money", &MONEY),
            ("regions", &REGIONS),
            ("country initials", &COUNTRY_INITIALS),
            ("sentence openers", &SENTENCE_OPENERS),
            ("places", &PLACES),
            ("firm words", &FIRM_WORDS),
            ("industry words", &INDUSTRY_WORDS),
        ];
        for (name, list) in lists {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{name} not sorted/unique"
            );
        }
    }

    #[test]
    fn small_lists() {
        type Check = fn(&str) -> bool;
        let cases: [(&str, Check, bool); 12] = [
            ("Salt Lake City", is_place, true),
            ("Houston", is_place, false),
            ("Within", is_sentence_opener, true),
            ("Withers", is_sentence_opener, false),
            ("U.K.", is_country_initials, true),
            ("W.", is_country_initials, false),
            ("Sen", keeps_dot, true),
            ("said", keeps_dot, false),
            ("REUTER", is_news_agency, true),
            ("Reed", is_news_agency, false),
            ("Semiconductor", is_industry_word, true),
            ("Stuart", is_industry_word, false),
        ];
        for (word, check, want) in cases {
            assert_eq!(check(word), want, "{word:?}");
        }
    }
}
