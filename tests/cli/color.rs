//! Colour and terminal handling: `--color`, `NO_COLOR`, the `NEWSIDX_TEST_TTY` hook, and
//! progress output kept off stdout.

use crate::support::*;

const QUERY: &str = "election meddling";

fn search_stdout(env: &TestEnv, flags: &[&str], vars: &[(&str, &str)]) -> String {
    let mut args = vec!["search", QUERY, "--index", env.index_arg()];
    args.extend_from_slice(flags);
    let out = env.run_env(&args, vars);
    assert_code(&out, 0);
    stdout(&out)
}

#[test]
fn color_always_puts_ansi_escapes_in_search_output() {
    let env = TestEnv::built();
    let text = search_stdout(&env, &["--color", "always"], &[]);
    assert!(has_ansi(&text), "{text:?}");
    // The headline's matched words are styled on their own (issue 5), so compare without escapes.
    assert!(without_ansi(&text).contains(MEDDLING_HEADLINE), "{text:?}");
}

/// `text` without SGR escape sequences (`ESC [ … m`).
fn without_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        rest = after.find('m').map_or("", |m| &after[m + 1..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn color_never_and_piped_default_have_no_escapes() {
    let env = TestEnv::built();
    for flags in [&["--color", "never"][..], &[][..], &["--color", "auto"][..]] {
        let text = search_stdout(&env, flags, &[]);
        assert!(!has_ansi(&text), "{flags:?}: {text:?}");
    }
    let forced = [("NEWSIDX_TEST_TTY", "1")];
    let text = search_stdout(&env, &["--color", "never"], &forced);
    assert!(!has_ansi(&text), "never beats a terminal: {text:?}");
}

#[test]
fn no_color_env_beats_a_forced_terminal() {
    let env = TestEnv::built();
    let vars = [("NEWSIDX_TEST_TTY", "1"), ("NO_COLOR", "1")];
    let text = search_stdout(&env, &[], &vars);
    assert!(!has_ansi(&text), "{text:?}");
}

#[test]
fn forced_terminal_without_no_color_gets_escapes() {
    let env = TestEnv::built();
    let text = search_stdout(&env, &[], &[("NEWSIDX_TEST_TTY", "1")]);
    assert!(has_ansi(&text), "{text:?}");
}

#[test]
fn dumb_terminal_gets_no_escapes() {
    let env = TestEnv::built();
    let vars = [("NEWSIDX_TEST_TTY", "1"), ("TERM", "dumb")];
    let text = search_stdout(&env, &[], &vars);
    assert!(!has_ansi(&text), "{text:?}");
}

#[test]
fn json_output_never_has_escapes_even_with_color_always() {
    let env = TestEnv::built();
    let vars = [("NEWSIDX_TEST_TTY", "1")];
    let text = search_stdout(&env, &["--json", "--color", "always"], &vars);
    assert!(!has_ansi(&text), "{text:?}");
    assert_eq!(json_lines(&text)[0]["path"], MEDDLING);
}

#[test]
fn progress_output_never_reaches_stdout() {
    let env = TestEnv::new();
    let tty = [("NEWSIDX_TEST_TTY", "1")];
    let build = ["build", env.corpus_arg(), "--index", env.index_arg()];
    let out = env.run_env(&build, &tty);
    assert_code(&out, 3);
    assert_eq!(
        stdout(&out),
        "",
        "a forced terminal still keeps stdout empty"
    );

    let mut json = build.to_vec();
    json.push("--json");
    let out = env.run_env(&json, &tty);
    assert_code(&out, 3);
    let text = stdout(&out);
    assert_eq!(single_json(&text)["articles"], INDEXED);
    assert!(!text.contains('\r') && !has_ansi(&text), "{text:?}");

    let text = search_stdout(&env, &[], &tty);
    assert!(
        !text.contains("eta ") && !text.contains("walking"),
        "{text:?}"
    );
}

#[test]
fn quiet_build_prints_warnings_but_no_summary() {
    let env = TestEnv::new();
    let out = env.build_with(&["--quiet"]);
    assert_code(&out, 3);
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.contains(EMPTY), "warnings still show: {err}");
    assert!(
        err.lines().all(|l| l.starts_with("newsidx: warning:")),
        "no summary line: {err}"
    );
}
