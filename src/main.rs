//! The `newsidx` binary: parse flags, run, map the outcome to an exit code. No logic here.

use std::process::ExitCode;

use clap::Parser;

// glibc's malloc fragments under the build's pattern (documents allocated on parser threads,
// freed on tantivy's indexing threads): peak RSS grew with corpus size, 540 MB at 300k
// articles. mimalloc keeps it flat.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = newsidx::cli::Cli::parse();
    match newsidx::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if newsidx::error::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsidx: error: {}", newsidx::error::message(&err));
            ExitCode::from(newsidx::error::exit_code_of(&err))
        }
    }
}
