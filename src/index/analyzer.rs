//! The analyzers newsidx registers on every index it opens. Prose (`en_stem`): tantivy's
//! built-in one (simple tokenizer, words of 40 bytes or more dropped, lower-cased, English
//! Snowball stems) with letters folded to ASCII before stemming, the first four steps in one
//! pass (`words`) and each thread's stems cached. Labels (`default`: names, sections, sources,
//! authors): tantivy's `default` with the same folding, so `person:muller` finds "Renée
//! Müller" and `zurich` finds "Zürich", as readers type them.
//!
//! News text repeats its words, and Snowball stemming was a fifth of a build's instructions.
//! The tokens (text, positions, offsets) are exactly those of tantivy's filters in that order:
//! a miss runs tantivy's own `Stemmer`, and tests compare both analyzers. A word that stemming
//! cannot change (by its ending: [`stem_is_word`]) skips both the cache and the stemmer; on a
//! corpus with a long tail of rare words the cache missed a quarter of the words before.
//! Registering under tantivy's names keeps the schema, and indexes built before this module,
//! unchanged; an index built before the folding is rewritten by its next build
//! (`index::open::ANALYSIS_VERSION`).

use std::cell::Cell;
use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::Index;

use super::words::LowerWords;

/// Longest word indexed, in bytes (tantivy's `en_stem` limit).
const MAX_WORD_BYTES: usize = 40;
/// Words a thread's cache holds before it is emptied: about 3 MB.
const CACHE_WORDS: usize = 1 << 15;

/// Replaces the index's analyzers named `prose` and `label` with [`prose_analyzer`] and
/// [`label_analyzer`], for writing and searching.
pub fn register(index: &Index, prose: &str, label: &str) {
    index.tokenizers().register(prose, prose_analyzer());
    index.tokenizers().register(label, label_analyzer());
}

/// [`prose_analyzer`] without its stemmer: the words as written, lower-cased and folded.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(LowerWords::new(MAX_WORD_BYTES))
}

/// tantivy's `default` analyzer with letters folded to ASCII: lower-cased words, no stems.
pub fn label_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// tantivy's `en_stem` analyzer with letters folded to ASCII and cached stems.
pub fn prose_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(LowerWords::new(MAX_WORD_BYTES))
        .filter(CachedStemmer)
        .build()
}

/// English stemming of lower-cased tokens, as tantivy's `Stemmer`, through a per-thread cache.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner }
    }
}

/// A tokenizer followed by [`CachedStemmer`].
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemStream {
            tail: self.inner.token_stream(text),
            cache: Some(StemCache::take()),
        }
    }
}

/// Tokens of the inner stream with their text stemmed. Holds its thread's cache while alive.
pub struct CachedStemStream<S> {
    tail: S,
    /// `Some` until dropped.
    cache: Option<Box<StemCache>>,
}

impl<S: TokenStream> TokenStream for CachedStemStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let cache = self.cache.as_mut().expect("cache held until drop");
        cache.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

impl<S> Drop for CachedStemStream<S> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            StemCache::give_back(cache);
        }
    }
}

thread_local! {
    /// The thread's cache while no stream holds it. Streams take it rather than borrow it, so
    /// two streams alive at once on one thread (the second gets a new cache) stay correct.
    static CACHE: Cell<Option<Box<StemCache>>> = const { Cell::new(None) };
}

/// Stems by lower-cased word, and tantivy's stemmer for the words not seen yet.
struct StemCache {
    /// The stem of each word seen, `None` when it is the word itself (most are: no second
    /// comparison, no copy).
    stems: HashMap<Box<str>, Option<Box<str>>, FxBuildHasher>,
    /// tantivy's stemmer behind a raw tokenizer: stems one whole word.
    stemmer: TextAnalyzer,
}

impl StemCache {
    fn take() -> Box<StemCache> {
        CACHE
            .try_with(Cell::take)
            .ok()
            .flatten()
            .unwrap_or_else(|| {
                Box::new(StemCache {
                    stems: HashMap::default(),
                    stemmer: TextAnalyzer::builder(RawTokenizer::default())
                        .filter(Stemmer::new(Language::English))
                        .build(),
                })
            })
    }

    fn give_back(cache: Box<StemCache>) {
        // Fails only while the thread exits, when the cache is no longer wanted.
        let _ = CACHE.try_with(|slot| slot.set(Some(cache)));
    }

    /// Replaces `word` (lower-cased) with its stem.
    fn stem(&mut self, word: &mut String) {
        // Numbers, frequent in news and rarely repeated, and most rare words would only churn
        // the cache: their stem is the word itself.
        if stem_is_word(word.as_bytes()) {
            return;
        }
        if let Some(stem) = self.stems.get(word.as_str()) {
            if let Some(stem) = stem {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = self.stem_uncached(word);
        if self.stems.len() >= CACHE_WORDS {
            self.stems.clear();
        }
        let changed = (stem != *word).then(|| stem.as_str().into());
        self.stems.insert(word.as_str().into(), changed);
        *word = stem;
    }

    fn stem_uncached(&mut self, word: &str) -> String {
        let mut stream = self.stemmer.token_stream(word);
        let stemmed = stream.advance();
        debug_assert!(stemmed, "the raw tokenizer yields one token");
        std::mem::take(&mut stream.token_mut().text)
    }
}

/// Whether English Snowball stemming (tantivy's `Language::English`) surely leaves a
/// lower-cased word as it is, without running it: a word of ASCII letters and digits that is
/// shorter than three bytes, or whose ending starts none of the algorithm's rules. Those are
/// the endings of its suffix lists (steps 0 to 5: `-s`, `-y`, `-e`, `-l` and the two-byte
/// ends below; a rule only looks at the end of the word, and the steps before one that changed
/// nothing left the end as it was) and of its exceptions (`skis`, `dying`, `idly`…, all
/// covered). Tests compare this with the stemmer over every word of up to four letters.
///
/// About half the words of news text pass (52% on Reuters-21578); on a corpus with many rare
/// words it also spares most of the stemmer runs, as the cache holds only the other words.
fn stem_is_word(word: &[u8]) -> bool {
    let plain = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match *word {
        _ if !word.iter().all(plain) => false,
        [] | [_] | [_, _] => true,
        [.., last] if b"syel".contains(&last) => false,
        [.., a, b] => !RULE_ENDS.contains(&[a, b]),
    }
}

/// The last two bytes of every Snowball English suffix that does not end in `s`, `y`, `e` or
/// `l` (`-ed`, `-ing`, `-enci`, `-ogi`, `-li`, `-iti`, `-ism`, `-ion`, `-er`, `-ator`,
/// `-ogist`, `-ic`, `-ment`…).
const RULE_ENDS: [[u8; 2]; 13] = [
    *b"ed", *b"ng", *b"ci", *b"gi", *b"li", *b"ti", *b"sm", *b"on", *b"er", *b"or", *b"st", *b"ic",
    *b"nt",
];

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    /// tantivy's `en_stem` with its `AsciiFoldingFilter` before the stemmer.
    fn reference() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build()
    }

    /// Asserts that ours and tantivy's filters ([`reference`]) give the same tokens for
    /// `text`, twice (the second time from the cache).
    fn assert_same(text: &str) {
        let mut theirs = reference();
        let mut ours = prose_analyzer();
        let expected = tokens(&mut theirs, text);
        assert_eq!(
            tokens(&mut ours, text),
            expected,
            "first pass over {text:?}"
        );
        assert_eq!(
            tokens(&mut ours, text),
            expected,
            "cached pass over {text:?}"
        );
    }

    #[test]
    fn same_tokens_as_tantivy_en_stem() {
        for text in [
            "",
            "   ",
            "Dogs are the bests! Running runners ran; generously, GENEROUSLY, Generously.",
            "The company's shares rose 4.5% to $1,234.50 in 1987's third quarter (Q3).",
            "don't won't it's O'Neill's rock'n'roll ’tis dogs’ \u{2019}apostrophes\u{2019}",
            "1990s 1980's 747s 3rd 21st 100,000 0.5 007 12abc abc12 ٣٤٥ ①②",
            "Ünïcödé naïve café résumé Straße ΣΊΣΥΦΟΣ Ωμέγα Москва İstanbul ǅemal ﬁnance",
            "北京 東京都 서울 مرحبا שלום हिन्दी 🦀 emoji🦀mixed",
            "a b c i y yy ys ies sky skies news atlas cosmos bias andes idly gently early",
            "generalization internationalization antidisestablishmentarianism relational",
            "pneumonoultramicroscopicsilicovolcanoconiosis and some shorter words after it",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmn abcdefghijklmnopqrstuvwxyzabcdefghijklmno",
            "ééééééééééééééééééééé éééééééééééééééééééé",
            "yelling Yemen YEARS yield's 'quoted' ''double'' y'all",
            "tab\tnew\nline\r\nmixed—dashes–and…ellipses",
        ] {
            assert_same(text);
        }
    }

    /// Every word of up to `len` bytes over `alphabet`, each after every prefix in `prefixes`.
    fn words(alphabet: &[u8], len: usize, prefixes: &[&str]) -> Vec<String> {
        let mut ends = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..len {
            ends = ends
                .iter()
                .flat_map(|e| {
                    alphabet
                        .iter()
                        .map(move |&c| format!("{e}{}", char::from(c)))
                })
                .collect();
            all.extend(
                prefixes
                    .iter()
                    .flat_map(|p| ends.iter().map(move |e| format!("{p}{e}"))),
            );
        }
        all
    }

    #[test]
    fn words_said_to_stem_to_themselves_do() {
        let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let letters = b"abcdefghijklmnopqrstuvwxyz";
        let mut kept = 0;
        let all = [
            words(letters, 4, &[""]),
            words(
                b"abeilnorsty0",
                3,
                &["1", "9ab", "gener", "past", "aeiou", "str", "yy"],
            ),
            words(
                letters,
                2,
                &["commun", "univers", "sky", "ing", "ed", "abl"],
            ),
        ];
        for word in all.iter().flatten() {
            if stem_is_word(word.as_bytes()) {
                let mut stream = stemmer.token_stream(word);
                assert!(stream.advance());
                assert_eq!(&stream.token().text, word, "stemmed although said to stay");
                kept += 1;
            }
        }
        // Many words pass (the test would prove nothing if none did).
        assert!(kept > all.iter().map(Vec::len).sum::<usize>() / 3, "{kept}");
        for word in ["", "ab", "to", "and", "said", "with", "of", "vex", "1987"] {
            assert!(stem_is_word(word.as_bytes()), "{word}");
        }
        for word in [
            "dogs", "running", "the", "nation", "café", "Dog", "o'neill", "it's",
        ] {
            assert!(!stem_is_word(word.as_bytes()), "{word}");
        }
    }

    fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        tokens(analyzer, text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn accented_letters_fold_to_ascii_as_typed_without_them() {
        let mut prose = prose_analyzer();
        assert_eq!(
            texts(&mut prose, "Zürich CAFÉS Renée Straße Søren Łódź naïveté"),
            texts(&mut prose, "Zurich cafes renee strasse soren lodz naivete"),
        );
        assert_eq!(texts(&mut prose, "Élysée cafés"), ["elyse", "cafe"]);
        let mut label = label_analyzer();
        assert_eq!(texts(&mut label, "Renée Müller"), ["renee", "muller"]);
        assert_eq!(texts(&mut label, "Top News/USA"), ["top", "news", "usa"]);
        // Offsets stay those of the text as written.
        let t = tokens(&mut prose, "a Zürich");
        assert_eq!((t[1].offset_from, t[1].offset_to), (2, 9));
    }

    #[test]
    fn numbers_keep_their_text() {
        assert_same("0 1 12 123 1234 0000000000 99999999999999999999999999999999999999");
    }

    #[test]
    fn a_full_cache_is_emptied_and_refilled() {
        let words: Vec<String> = (0..CACHE_WORDS + 100)
            .map(|i| format!("w{}ings", base26(i)))
            .collect();
        let text = words.join(" ");
        let mut theirs = reference();
        let mut ours = prose_analyzer();
        let expected = tokens(&mut theirs, &text);
        assert_eq!(tokens(&mut ours, &text), expected);
        assert_eq!(tokens(&mut ours, &text), expected);
    }

    fn base26(mut n: usize) -> String {
        let mut s = String::new();
        loop {
            s.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
            if n == 0 {
                return s;
            }
        }
    }

    #[test]
    fn streams_alive_at_once_each_stem() {
        let mut a = prose_analyzer();
        let mut b = prose_analyzer();
        let mut first = a.token_stream("running dogs");
        assert!(first.advance());
        let mut second = b.token_stream("flying cats");
        assert!(second.advance());
        assert_eq!(second.token().text, "fli");
        assert!(first.advance());
        assert_eq!(first.token().text, "dog");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn same_tokens_on_any_text(text in any::<String>()) {
            assert_same(&text);
        }

        #[test]
        fn same_tokens_on_wordy_text(text in "([A-Za-z'’0-9éÉß]{1,12}[ ,.;'-]{1,2}){0,40}") {
            assert_same(&text);
        }
    }
}
