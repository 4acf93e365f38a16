//! Command-line flags (clap derive only). Doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::search::snippet::{DEFAULT_PASSAGES, MAX_PASSAGES};

const EXIT_CODES: &str = "\
Exit codes:
  0    success (build committed everything; search found at least one hit)
  1    search found nothing
  2    error (bad usage, missing corpus or index, I/O or index failure)
  3    build committed, but some input files were skipped (see warnings)
  130  interrupted (Ctrl-C); the index keeps its last commit";

/// Full-text search for news archives.
///
/// Build an index from a folder of articles, then search it with ranked, highlighted results.
#[derive(Debug, Parser)]
#[command(name = "newsidx", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// No progress bar and no summary line on stderr (warnings and errors still show).
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index a folder of articles (`.txt`, JSON Lines, TREC/Reuters SGML): add new ones,
    /// replace changed ones, remove vanished ones.
    Build(BuildArgs),
    /// Search the index and print ranked hits with highlighted snippets.
    Search(SearchArgs),
    /// Parse article files exactly as `build` would and print the fields, without indexing.
    Inspect(InspectArgs),
    /// Summarise an index: articles, size on disk, date range, top sections and people.
    Stats(StatsArgs),
    /// The most mentioned people in the archive, or in a query's results, with article counts.
    People(PeopleArgs),
    /// Print one stored article with all its fields.
    Show(ShowArgs),
    /// Merge the index into one segment: faster searches on an archive that rarely changes
    /// (takes memory about the size of the index while it runs).
    Compact(CompactArgs),
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `--date-fallback` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateFallback {
    /// Leave the date empty when no rule finds one.
    None,
    /// Use the file's modification time when no rule finds a date.
    Mtime,
}

/// Where the index lives.
#[derive(Debug, Clone, Args)]
pub struct IndexArg {
    /// Index folder [default: $NEWSIDX_INDEX, else ./index].
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// `newsidx build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Folder of articles to index [default: the corpus this index was built from].
    #[arg(value_name = "CORPUS")]
    pub corpus: Option<PathBuf>,

    #[command(flatten)]
    pub index: IndexArg,

    /// Memory budget of the index writer, e.g. 256M or 1G (at least 15M per thread); no merge
    /// reads more than this at once either.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub memory: u64,

    /// Worker threads for parsing and indexing [default: number of cores, at most 8].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// What to do when no date rule matches an article.
    #[arg(long, value_enum, default_value_t = DateFallback::None)]
    pub date_fallback: DateFallback,

    /// Do not extract people (a faster build; `--person` and `newsidx people` then find
    /// nothing). Remembered by the index: turning it on or off re-extracts every article.
    #[arg(long)]
    pub no_people: bool,

    /// Rebuild from scratch (in a folder beside the index, swapped in when complete).
    #[arg(long)]
    pub full: bool,

    /// Allow a corpus with no articles to empty an existing index.
    #[arg(long)]
    pub allow_empty: bool,

    /// Wait for another build of the same index to finish instead of failing.
    #[arg(long)]
    pub wait: bool,

    /// Alias file correcting people names (`Canonical = Variant | Variant`, `-Not A Person`);
    /// remembered by the index, so later builds apply it without the flag.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    /// Which JSON keys feed which field, as FIELD=KEY pairs: `headline=title,body=story`
    /// (several keys: `date=published|updated`; nested: `body=article.text`). Fields: id,
    /// headline, date, body, authors, section, url, source, language. Remembered by the index,
    /// like `--aliases`.
    #[arg(long, value_name = "MAP")]
    pub json_map: Option<String>,

    /// Commit after every N changed files, so an interrupted run keeps its progress (0: only at the end).
    #[arg(long, value_name = "N", default_value_t = 50_000)]
    pub checkpoint: usize,

    /// Print the summary as one JSON object on stdout instead of a line on stderr.
    #[arg(long)]
    pub json: bool,
}

/// `newsidx search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "exact phrases", -excluded, a OR b, field:term (see the README).
    // A query may start with an excluded word (`-putin`); `--jsno` stays an unknown option.
    #[arg(value_name = "QUERY", allow_hyphen_values = true, value_parser = parse_query)]
    pub query: String,

    #[command(flatten)]
    pub index: IndexArg,

    /// Number of hits to print.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,

    /// Skip the first N hits (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Print every hit (ignores --limit), streamed in order, e.g. for export.
    #[arg(long)]
    pub all: bool,

    /// Only articles that mention this person (canonical name, or an alias from the index's
    /// alias file).
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,

    /// Only articles of this section or the sections under it (case-insensitive).
    #[arg(long, value_name = "S")]
    pub section: Option<String>,

    /// Only articles dated on or after: 2021-03-19, 2021-03, 2021, or 30d, 12w, 6m, 1y ago.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only articles dated on or before (the whole day, month or year named).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Result order.
    #[arg(long, value_enum, default_value_t = SortChoice::Relevance)]
    pub sort: SortChoice,

    /// Re-rank plain-word queries with pseudo-relevance feedback (words of the top hits).
    #[arg(long)]
    pub expand: bool,

    /// Boost newer articles: score × (1 + 2^(-age/HALF_LIFE)), e.g. 30d, 12w, 6m, 1y;
    /// undated articles get no boost (relevance order only).
    #[arg(long, value_name = "HALF_LIFE")]
    pub recency: Option<String>,

    /// Snippet passages per hit (1-4), joined by " … "; the snippet length stays bounded.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PASSAGES as u8,
          value_parser = clap::value_parser!(u8).range(1..=MAX_PASSAGES as i64))]
    pub passages: u8,

    /// Also count sections, people and dates over all matching articles.
    #[arg(long)]
    pub facets: bool,

    /// JSON keys to print, comma-separated, e.g. id,headline,date (see the README).
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    pub fields: Option<Vec<String>>,

    /// Print JSON Lines, one hit per line (see the README for the keys).
    #[arg(long)]
    pub json: bool,
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortChoice {
    /// Best match first.
    Relevance,
    /// Newest first (undated last).
    Newest,
    /// Oldest first (undated last).
    Oldest,
}

/// `newsidx show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Article id (its path relative to the corpus root), or the file's path.
    #[arg(value_name = "ID|PATH")]
    pub article: String,

    #[command(flatten)]
    pub index: IndexArg,

    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `newsidx inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Article files to parse.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Corpus root the files belong to: paths are shown relative to it, and an article with no
    /// section line takes its section from its folders under it, as in `build`.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// What to do when no date rule matches an article.
    #[arg(long, value_enum, default_value_t = DateFallback::None)]
    pub date_fallback: DateFallback,

    /// Alias file correcting people names, as for `build --aliases`.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    /// Print one JSON object per file (JSON Lines).
    #[arg(long)]
    pub json: bool,
}

/// `newsidx people`.
#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Count people only in the articles matching this query.
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,

    #[command(flatten)]
    pub index: IndexArg,

    /// How many people to list.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,

    /// Print JSON Lines: `{"name": …, "articles": …}` per person.
    #[arg(long)]
    pub json: bool,
}

/// `newsidx compact`.
#[derive(Debug, Args)]
pub struct CompactArgs {
    #[command(flatten)]
    pub index: IndexArg,

    /// Wait for a build of the same index to finish instead of failing at once.
    #[arg(long)]
    pub wait: bool,

    /// Print one JSON object: segments and bytes before and after, seconds.
    #[arg(long)]
    pub json: bool,
}

/// `newsidx stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub index: IndexArg,

    /// How many top sections and people to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,

    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// A query, unless it looks like a long option (`--jsno`): a mistyped flag must not search
/// the archive for itself.
fn parse_query(s: &str) -> Result<String, String> {
    match s.strip_prefix("--") {
        Some(name) if !name.is_empty() => Err(format!(
            "unknown option '{s}' (a query cannot start with '--')"
        )),
        _ => Ok(s.to_string()),
    }
}

/// Parses a byte size such as `256M`, `1G`, `512k` or `300000000`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("invalid size `{s}`; use e.g. 256M or 1G"))?;
    let mult: u64 = match unit.to_ascii_lowercase().trim_end_matches(['b', 'i']) {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        _ => return Err(format!("invalid size unit in `{s}`; use K, M or G")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("size `{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("12X").is_err());
    }

    #[test]
    fn inspect_requires_files_and_search_a_query() {
        assert!(Cli::try_parse_from(["newsidx", "inspect"]).is_err());
        assert!(Cli::try_parse_from(["newsidx", "search"]).is_err());
        let cli = Cli::try_parse_from(["newsidx", "search", "oil", "--limit", "5", "--json"])
            .expect("valid flags parse");
        match cli.command {
            Command::Search(a) => assert_eq!((a.limit, a.json), (5, true)),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn limit_zero_is_rejected() {
        assert!(Cli::try_parse_from(["newsidx", "search", "oil", "--limit", "0"]).is_err());
    }
}
