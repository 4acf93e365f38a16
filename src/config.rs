//! Resolves flags and the environment into the settings commands run with.
//!
//! The only module that reads environment variables or asks whether a stream is a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::ColorChoice;

/// Environment variable naming the default index folder.
pub const INDEX_ENV: &str = "NEWSIDX_INDEX";
/// Test hook: when set to 1, stdout and stderr are treated as terminals.
pub const TEST_TTY_ENV: &str = "NEWSIDX_TEST_TTY";
/// The index folder when neither `--index` nor `$NEWSIDX_INDEX` names one.
pub const DEFAULT_INDEX: &str = "index";

/// How output should look, decided once per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    /// Emit ANSI styles on stdout.
    pub color: bool,
    /// Show an indicatif progress bar on stderr.
    pub progress: bool,
    /// Print the human summary line on stderr.
    pub summary: bool,
}

/// The index folder: `--index`, else `$NEWSIDX_INDEX`, else `./index`.
pub fn index_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| {
        std::env::var_os(INDEX_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
}

/// Output settings from `--color`, `--quiet` and `--json`.
pub fn output(color: ColorChoice, quiet: bool, json: bool) -> Output {
    let stderr_tty = forced_tty() || std::io::stderr().is_terminal();
    Output {
        color: !json && color_enabled(color, forced_tty() || std::io::stdout().is_terminal()),
        progress: !quiet && !json && stderr_tty,
        summary: !quiet && !json,
    }
}

fn forced_tty() -> bool {
    std::env::var_os(TEST_TTY_ENV).is_some_and(|v| v == "1")
}

fn color_enabled(choice: ColorChoice, stdout_tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout_tty
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// Number of worker threads: `--threads`, else the number of cores, capped at 8.
pub fn threads(flag: Option<usize>) -> usize {
    flag.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    })
    .clamp(1, 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_color_choices_win() {
        assert!(color_enabled(ColorChoice::Always, false));
        assert!(!color_enabled(ColorChoice::Never, true));
        assert!(!color_enabled(ColorChoice::Auto, false));
    }

    #[test]
    fn index_flag_beats_default() {
        assert_eq!(index_dir(Some("x".into())), PathBuf::from("x"));
    }

    #[test]
    fn threads_are_clamped() {
        assert_eq!(threads(Some(0)), 1);
        assert_eq!(threads(Some(64)), 8);
    }
}
