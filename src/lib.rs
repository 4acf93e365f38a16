//! newsidx: full-text search for news archives.
//!
//! The pipeline mirrors the folders: `corpus` (which files) → `article` (file to fields, with
//! `extract` for dates and people) → `index` (tantivy) → `search` → `output`. This file holds
//! one function per subcommand and nothing else.

pub mod article;
pub mod build;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod error;
pub mod extract;
pub mod index;
pub mod output;
pub mod progress;
pub mod search;

use std::io::{BufWriter, Write};
use std::mem::ManuallyDrop;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;

use article::json::JsonMap;
use article::{load_file, LoadOptions};
use cli::{
    BuildArgs, Cli, Command, CompactArgs, DateFallback, InspectArgs, PeopleArgs, SearchArgs,
    ShowArgs, SortChoice, StatsArgs,
};
use error::exit;
use extract::aliases::Aliases;
use output::{human, inspect, json, results};

/// Runs one command and returns its exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Build(ref args) => run_build(&cli, args),
        Command::Search(ref args) => run_search(&cli, args),
        Command::Inspect(ref args) => run_inspect(&cli, args),
        Command::Stats(ref args) => run_stats(&cli, args),
        Command::People(ref args) => run_people(&cli, args),
        Command::Show(ref args) => run_show(&cli, args),
        Command::Compact(ref args) => run_compact(&cli, args),
    }
}

fn run_build(cli: &Cli, args: &BuildArgs) -> anyhow::Result<u8> {
    let out = config::output(cli.color, cli.quiet, args.json);
    let opts = build::BuildOptions {
        corpus: args.corpus.clone(),
        index_dir: config::index_dir(args.index.index.clone()),
        memory: args.memory,
        threads: config::threads(args.threads),
        load: LoadOptions {
            date_from_mtime: args.date_fallback == DateFallback::Mtime,
            people: !args.no_people,
            json_map: Arc::new(json_map(args.json_map.as_deref())?),
            ..LoadOptions::default()
        },
        progress: out.progress,
        full: args.full,
        allow_empty: args.allow_empty,
        wait: args.wait,
        checkpoint_every: args.checkpoint,
        aliases_file: args.aliases.clone(),
        json_map: args.json_map.clone(),
    };
    let interrupt = interrupt_flag()?;
    let summary = build::build(&opts, &interrupt)?;
    if args.json {
        let mut stdout = std::io::stdout().lock();
        json::line(&mut stdout, &summary)?;
        stdout.flush()?;
    } else if out.summary || summary.interrupted {
        eprintln!("{}", human::build_summary(&summary));
    }
    Ok(if summary.interrupted {
        exit::INTERRUPTED
    } else if summary.counts.skipped > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}

/// The default JSON key mapping with `--json-map` applied.
fn json_map(spec: Option<&str>) -> anyhow::Result<JsonMap> {
    let Some(spec) = spec else {
        return Ok(JsonMap::default());
    };
    JsonMap::with_overrides(spec)
        .map_err(|e| error::Error::Usage(format!("--json-map: {e}")).into())
}

/// A flag set by Ctrl-C (SIGINT/SIGTERM), so a build stops between files.
fn interrupt_flag() -> anyhow::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    let handler_flag = Arc::clone(&flag);
    ctrlc::set_handler(move || handler_flag.store(true, Ordering::SeqCst))
        .context("installing the Ctrl-C handler")?;
    Ok(flag)
}

fn run_search(cli: &Cli, args: &SearchArgs) -> anyhow::Result<u8> {
    let out = config::output(cli.color, cli.quiet, args.json);
    let fields = results::KeyList::new(args.fields.as_deref())?;
    let dir = config::index_dir(args.index.index.clone());
    // The process ends after one search, and unmapping every index file and freeing the
    // segment readers one by one cost a third of a warm one-shot search (measured with perf):
    // the index, reader and searcher are left for the OS to reclaim at exit.
    let (open, reader) = index::open_for_search(&dir, work_of(&args.query))?;
    let (open, reader) = (ManuallyDrop::new(open), ManuallyDrop::new(reader));
    let person = args
        .person
        .as_deref()
        .map(|p| canonical_person(open.meta.as_ref(), p));
    let request = search_request(args, person.as_deref())?;
    let prepared = ManuallyDrop::new(search::prepare(
        &open.index,
        &open.fields,
        &reader,
        &request,
    )?);
    for note in &prepared.notes {
        eprintln!("newsidx: note: {note}");
    }
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    let mut printer = results::Printer::new(args.json, fields, human::Theme::new(out.color));
    prepared.each_hit(&request, &mut |hit| {
        printer
            .hit(&mut stdout, &hit)
            .map_err(|e| error::Error::io("writing results", e))
    })?;
    if printer.count() == 0 {
        drop(stdout);
        if !cli.quiet {
            eprintln!("newsidx: {}", no_hits(args, prepared.total));
        }
        return Ok(exit::NO_HITS);
    }
    if args.facets {
        printer.facets(&mut stdout, &prepared.facets(FACET_TOP)?)?;
    }
    stdout.flush()?;
    if out.summary && !args.json {
        eprintln!(
            "{} of {} matching articles",
            printer.count(),
            prepared.total
        );
    }
    Ok(exit::OK)
}

/// Why a search printed nothing: past the last hit (`--offset`), or no match, naming the
/// filters that narrowed it.
fn no_hits(args: &SearchArgs, total: usize) -> String {
    let query = args.query.trim();
    if total > 0 {
        let s = if total == 1 { "" } else { "s" };
        return format!(
            "`{query}` matches {total} article{s}, none at --offset {}",
            args.offset
        );
    }
    let flags = [
        ("--person", &args.person),
        ("--section", &args.section),
        ("--since", &args.since),
        ("--until", &args.until),
    ];
    let given: Vec<String> = flags
        .iter()
        .filter_map(|(flag, value)| value.as_ref().map(|v| format!("{flag} {v}")))
        .collect();
    match given.is_empty() {
        true => format!("no articles match `{query}`"),
        false => format!("no articles match `{query}` with {}", given.join(" ")),
    }
}

/// The search a command line asks for.
fn search_request<'a>(
    args: &'a SearchArgs,
    person: Option<&'a str>,
) -> anyhow::Result<search::SearchRequest<'a>> {
    let today = search::dates::today();
    let period = |d: &Option<String>| {
        d.as_deref()
            .map(|d| search::dates::period(d, today))
            .transpose()
    };
    let (since, until) = (period(&args.since)?, period(&args.until)?);
    if let (Some(s), Some(u), Some(from), Some(to)) = (since, until, &args.since, &args.until) {
        if s.start >= u.end {
            return Err(error::Error::Usage(format!(
                "--since {from} starts after --until {to} ends: no date is in both"
            ))
            .into());
        }
    }
    Ok(search::SearchRequest {
        query: &args.query,
        limit: (!args.all).then_some(args.limit as usize),
        offset: args.offset,
        filters: search::Filters {
            person,
            section: args.section.as_deref(),
            since: since.map(|p| p.start),
            until: until.map(|p| p.end),
        },
        sort: match args.sort {
            SortChoice::Relevance => search::Sort::Relevance,
            SortChoice::Newest => search::Sort::Newest,
            SortChoice::Oldest => search::Sort::Oldest,
        },
        expand: args.expand,
        recency: args
            .recency
            .as_deref()
            .map(|h| search::Recency::parse(h, today, chrono::Utc::now().timestamp()))
            .transpose()?,
        passages: usize::from(args.passages),
        facets: args.facets.then_some(FACET_TOP),
    })
}

/// Sections and people listed by `--facets`.
const FACET_TOP: usize = 10;

fn run_show(_cli: &Cli, args: &ShowArgs) -> anyhow::Result<u8> {
    let dir = config::index_dir(args.index.index.clone());
    let (open, reader) = index::open_for_read(&dir)?;
    let root = open.meta.as_ref().map(|m| m.corpus_root.as_path());
    let article = search::show::find(&open.fields, &reader, &args.article, root)?;
    emit(|out| match args.json {
        true => json::line(out, &article),
        false => results::article(out, &article),
    })?;
    Ok(exit::OK)
}

fn run_inspect(_cli: &Cli, args: &InspectArgs) -> anyhow::Result<u8> {
    let aliases = match &args.aliases {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Aliases::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => Aliases::default(),
    };
    let opts = LoadOptions {
        date_from_mtime: args.date_fallback == DateFallback::Mtime,
        folder_sections: args.root.is_some(),
        aliases: Arc::new(aliases),
        people: true,
        json_map: Arc::default(),
    };
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    let mut code = exit::OK;
    for path in &args.files {
        let file = inspect_file(path, args.root.as_deref());
        inspect_load(&file, &opts, &mut |loaded| {
            let record = match loaded {
                Ok(loaded) => {
                    for w in &loaded.warnings {
                        eprintln!("newsidx: warning: {w}");
                    }
                    inspect::Record::parsed(&loaded.article, loaded.warnings)
                }
                Err(skipped) => {
                    eprintln!("newsidx: warning: {skipped}");
                    code = exit::PARTIAL;
                    inspect::Record::skipped(&skipped)
                }
            };
            if args.json {
                json::line(&mut stdout, &record)
            } else {
                inspect::human(&mut stdout, &record)
            }
        })?;
    }
    stdout.flush()?;
    Ok(code)
}

/// Hands `each` the articles of one file as `build` would load them: one for a `.txt`, one
/// per record of a multi-article file, as they are read (file-level warnings go to stderr).
fn inspect_load(
    file: &corpus::CorpusFile,
    opts: &LoadOptions,
    each: &mut dyn FnMut(Result<article::Loaded, article::Skipped>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if !file.format.format.is_multi() {
        return each(load_file(file, opts));
    }
    let mut read = match article::read_records(file, file.format, opts) {
        Ok(read) => read,
        Err(skipped) => return each(Err(skipped)),
    };
    let rel = &file.rel;
    for record in read.records.by_ref() {
        each(match record {
            Ok(draft) => Ok(article::load_record(rel, &draft, read.base, opts)),
            Err(bad) => Err(article::skipped_record(rel, &bad)),
        })?;
    }
    for w in read.records.warnings(rel) {
        eprintln!("newsidx: warning: {w}");
    }
    Ok(())
}

/// A file named on the command line, as the walk would have listed it.
fn inspect_file(path: &Path, root: Option<&Path>) -> corpus::CorpusFile {
    let meta = std::fs::metadata(path).ok();
    let rel = match root {
        Some(root) => corpus::walk::relative_id(root, path),
        None => path.to_string_lossy().into_owned(),
    };
    corpus::CorpusFile {
        path: path.to_path_buf(),
        rel,
        size: meta.as_ref().map_or(0, |m| m.len()),
        mtime_ns: meta.as_ref().map_or(0, corpus::walk::mtime_ns),
        format: inspect_format(path),
    }
}

/// The format of a file named on the command line: from its extension, else a sniff, else
/// the `.txt` layout (as `inspect` always read unknown files).
fn inspect_format(path: &Path) -> article::Detected {
    let sniffed = || {
        let mut head = Vec::new();
        let file = std::fs::File::open(path).ok()?;
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, article::format::SNIFF_BYTES as u64),
            &mut head,
        )
        .ok()?;
        article::format::sniff(&head).map(|format| article::Detected {
            format,
            gzip: false,
        })
    };
    article::format::from_path(path)
        .or_else(sniffed)
        .unwrap_or(article::Detected {
            format: article::Format::Txt,
            gzip: false,
        })
}

/// `name` mapped through the alias file the index was built with, if it is still there.
pub(crate) fn canonical_person(meta: Option<&index::IndexMeta>, name: &str) -> String {
    let aliases = meta
        .and_then(|m| m.aliases.as_ref())
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| Aliases::parse(&text).ok());
    let name = name.trim();
    aliases.map_or(name.to_string(), |a| a.canonical(name).to_string())
}

/// How much a search for `query` does per matching article: an `exact:` clause reads each
/// candidate article from the store.
fn work_of(query: &str) -> index::Work {
    if search::exact::has_clause(query) {
        index::Work::Heavy
    } else {
        index::Work::Light
    }
}

fn run_people(_cli: &Cli, args: &PeopleArgs) -> anyhow::Result<u8> {
    let dir = config::index_dir(args.index.index.clone());
    let query = args.query.as_deref();
    let (open, reader) = index::open_for_search(&dir, query.map_or(index::Work::Light, work_of))?;
    let (people, articles) =
        search::top_people(&open.index, &open.fields, &reader, query, args.limit)?;
    if people.is_empty() {
        eprintln!("newsidx: no people found in {articles} matching articles");
        return Ok(exit::NO_HITS);
    }
    emit(|out| match args.json {
        true => json::lines(out, &people),
        false => human::counts(out, &people),
    })?;
    Ok(exit::OK)
}

fn run_stats(_cli: &Cli, args: &StatsArgs) -> anyhow::Result<u8> {
    let dir = config::index_dir(args.index.index.clone());
    let (open, reader) = index::open_for_read(&dir)?;
    let stats = index::stats::stats(&dir, &reader, open.meta.as_ref(), args.top)?;
    emit(|out| match args.json {
        true => json::line(out, &stats),
        false => human::stats(out, &stats),
    })?;
    Ok(exit::OK)
}

fn run_compact(cli: &Cli, args: &CompactArgs) -> anyhow::Result<u8> {
    let dir = config::index_dir(args.index.index.clone());
    index::open_for_read(&dir)?;
    let _lock = build::lock::BuildLock::acquire(&dir, args.wait)?;
    // Opened under the lock: a full rebuild may have swapped the folder while we waited.
    let (open, _reader) = index::open_for_read(&dir)?;
    let done = index::compact::compact(&open.index, &dir)?;
    if args.json {
        emit(|out| json::line(out, &done))?;
    } else if !cli.quiet {
        eprintln!(
            "{}: {} segments → {}, {:.1} MB → {:.1} MB; {:.1}s",
            done.index,
            done.segments_before,
            done.segments_after,
            done.bytes_before as f64 / 1e6,
            done.bytes_after as f64 / 1e6,
            done.elapsed_secs
        );
    }
    Ok(exit::OK)
}

/// Renders one result to a buffered stdout and flushes it.
fn emit(
    render: impl FnOnce(&mut BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    render(&mut stdout)?;
    stdout.flush()?;
    Ok(())
}
