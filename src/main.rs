//! The `newsidx` binary: parse flags, run, map the outcome to an exit code. No logic here.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = newsidx::cli::Cli::parse();
    match newsidx::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if newsidx::error::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsidx: error: {err:#}");
            ExitCode::from(newsidx::error::exit_code_of(&err))
        }
    }
}
