//! Progress and warnings on stderr: the only module that uses indicatif.
//!
//! With a bar on screen, warnings are printed above it so neither garbles the other.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress of a build, or nothing when progress is off.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A spinner for the walk, drawn only when `enabled`.
    pub fn spinner(enabled: bool, message: &str) -> Self {
        let bar = if enabled {
            let bar = ProgressBar::new_spinner();
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(message.to_string());
        Progress { bar }
    }

    /// Turns the spinner into a bar over `len` files; the walk may add more with
    /// [`Progress::add_work`] as it finds them, so the bar shows no estimate of the end.
    pub fn start_bar(&self, len: u64) {
        self.bar.disable_steady_tick();
        self.bar.set_length(len);
        self.bar.set_position(0);
        let style = ProgressStyle::with_template(
            "{bar:30.cyan/blue} {pos}/{len} changed files {per_sec:>12} {msg}",
        )
        .expect("static template is valid")
        .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.set_message("");
    }

    /// `n` more files to do.
    pub fn add_work(&self, n: u64) {
        self.bar.inc_length(n);
    }

    /// Shows `msg` after the counts (what a long file has come to).
    pub fn note(&self, msg: &str) {
        self.bar.set_message(msg.to_string());
    }

    /// One more file done.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// Prints `newsidx: warning: {msg}` on stderr, above the bar.
    pub fn warn(&self, msg: &str) {
        self.bar.suspend(|| eprintln!("newsidx: warning: {msg}"));
    }

    /// Clears the bar from the screen.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
