//! Human-readable output: search hits, stats, and the build summary line.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::sanitize::for_terminal;
use crate::build::BuildSummary;
use crate::index::stats::{Count, IndexStats};
use crate::search::hit::SnippetField;
use crate::search::Hit;

/// Styles for one run: plain when colour is off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Theme {
    rank: Style,
    headline: Style,
    meta: Style,
    mark: Style,
}

impl Theme {
    /// Coloured styles when `color`, else plain ones.
    pub fn new(color: bool) -> Self {
        if !color {
            return Theme::default();
        }
        Theme {
            rank: AnsiColor::Green.on_default(),
            headline: Style::new().bold(),
            meta: Style::new().dimmed(),
            mark: AnsiColor::Red.on_default().bold(),
        }
    }
}

/// Writes hits as numbered blocks: headline, then date · section · path, then the snippet
/// (prefixed `[caption]` when it comes from photo captions).
pub fn hits<W: Write>(out: &mut W, hits: &[Hit], theme: Theme) -> io::Result<()> {
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        hit_block(out, hit, theme)?;
    }
    Ok(())
}

fn hit_block<W: Write>(out: &mut W, hit: &Hit, t: Theme) -> io::Result<()> {
    let (r, h, m) = (t.rank, t.headline, t.meta);
    let headline = marked(&hit.headline, &hit.headline_highlights, h, t.mark);
    writeln!(out, "{r}{:>2}.{r:#} {headline}", hit.rank)?;
    let date = hit
        .date
        .as_deref()
        .map_or("undated", |d| &d[..10.min(d.len())]);
    let section = hit.section.as_deref().map(for_terminal).unwrap_or_default();
    let mut meta = vec![date.to_string()];
    if !section.is_empty() {
        meta.push(section.into_owned());
    }
    meta.push(for_terminal(&hit.path).into_owned());
    writeln!(
        out,
        "    {m}{}  (score {:.2}){m:#}",
        meta.join(" · "),
        hit.score
    )?;
    if !hit.snippet.is_empty() {
        let from = match hit.snippet_field {
            SnippetField::Caption => format!("{m}[caption]{m:#} "),
            SnippetField::Body => String::new(),
        };
        let snippet = marked(&hit.snippet, &hit.highlights, Style::new(), t.mark);
        writeln!(out, "    {from}{snippet}")?;
    }
    Ok(())
}

/// `text` sanitised for the terminal, in style `base` with the highlighted `ranges` in
/// `mark` (plain when both styles are empty). Ranges off char boundaries are ignored.
fn marked(text: &str, ranges: &[[usize; 2]], base: Style, mark: Style) -> String {
    let mark = mark | base.get_effects();
    let mut out = String::with_capacity(text.len() + ranges.len() * 12);
    let mut push = |part: &str, style: Style| {
        if !part.is_empty() {
            out.push_str(&format!("{style}{}{style:#}", for_terminal(part)));
        }
    };
    let mut at = 0;
    for &[start, end] in ranges {
        let valid = at <= start && start < end && text.get(start..end).is_some();
        if valid {
            push(&text[at..start], base);
            push(&text[start..end], mark);
            at = end;
        }
    }
    push(&text[at..], base);
    out
}

/// The one-line build summary for stderr.
pub fn build_summary(s: &BuildSummary) -> String {
    let c = &s.counts;
    let mut line = format!(
        "{} articles: {} added, {} updated, {} removed, {} unchanged, {} skipped, {} without date; {:.1}s, {:.0} articles/s",
        thousands(s.articles),
        thousands(c.added),
        thousands(c.updated),
        thousands(c.removed),
        thousands(c.unchanged),
        thousands(c.skipped),
        thousands(c.without_date),
        s.elapsed_secs,
        s.articles_per_sec
    );
    if s.interrupted {
        line = format!("interrupted; the index keeps its last commit ({line})");
    }
    line
}

/// Writes `newsidx stats` as aligned lines.
pub fn stats<W: Write>(out: &mut W, s: &IndexStats) -> io::Result<()> {
    writeln!(out, "articles      {}", thousands(s.articles))?;
    writeln!(out, "with date     {}", thousands(s.with_date))?;
    writeln!(out, "index size    {}", human_bytes(s.index_bytes))?;
    if let Some(root) = &s.corpus_root {
        writeln!(out, "corpus        {}", for_terminal(root))?;
    }
    let day = |d: &Option<String>| {
        d.as_deref()
            .map_or("-".to_string(), |d| d[..10.min(d.len())].to_string())
    };
    writeln!(
        out,
        "date range    {} .. {}",
        day(&s.first_date),
        day(&s.last_date)
    )?;
    for (title, list) in [
        ("top sections", &s.top_sections),
        ("top people", &s.top_people),
    ] {
        writeln!(out, "{title}")?;
        for c in list.iter() {
            writeln!(
                out,
                "  {:>7}  {}",
                thousands(c.articles),
                for_terminal(&c.name)
            )?;
        }
    }
    Ok(())
}

/// Writes `count  name` lines.
pub fn counts<W: Write>(out: &mut W, list: &[Count]) -> io::Result<()> {
    for c in list {
        writeln!(
            out,
            "{:>7}  {}",
            thousands(c.articles),
            for_terminal(&c.name)
        )?;
    }
    Ok(())
}

/// `12345` → `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit() -> Hit {
        Hit {
            rank: 1,
            score: 3.5,
            id: "a/b.txt".into(),
            path: "a/b.txt".into(),
            headline: "Oil prices rise".into(),
            date: Some("2021-03-19T00:00:00Z".into()),
            section: Some("Business".into()),
            people: vec![],
            sources: vec![],
            snippet: "crude oil prices rose".into(),
            highlights: vec![[6, 9]],
            snippet_field: SnippetField::Body,
            headline_highlights: vec![[0, 3]],
        }
    }

    #[test]
    fn plain_hit_block() {
        let mut out = Vec::new();
        hits(&mut out, &[hit()], Theme::new(false)).expect("write");
        let text = String::from_utf8(out).expect("utf8");
        assert_eq!(
            text,
            " 1. Oil prices rise\n    2021-03-19 · Business · a/b.txt  (score 3.50)\n    crude oil prices rose\n"
        );
    }

    #[test]
    fn coloured_hit_marks_the_match() {
        let mut out = Vec::new();
        hits(&mut out, &[hit()], Theme::new(true)).expect("write");
        let text = String::from_utf8(out).expect("utf8");
        assert!(
            text.contains("\x1b[1m\x1b[31moil\x1b[0m") || text.contains("oil\x1b[0m"),
            "{text:?}"
        );
        assert!(text.contains('\x1b'));
    }

    #[test]
    fn coloured_headline_marks_its_match_and_stays_bold() {
        let mark = AnsiColor::Red.on_default().bold();
        let bold = Style::new().bold();
        let text = marked("Oil prices rise", &[[0, 3]], bold, mark);
        assert_eq!(text, format!("{mark}Oil{mark:#}{bold} prices rise{bold:#}"));
    }

    #[test]
    fn caption_snippets_say_so() {
        let caption = Hit {
            snippet_field: SnippetField::Caption,
            ..hit()
        };
        let mut out = Vec::new();
        hits(&mut out, &[caption], Theme::new(false)).expect("write");
        let text = String::from_utf8(out).expect("utf8");
        assert!(
            text.ends_with("    [caption] crude oil prices rose\n"),
            "{text:?}"
        );
    }

    #[test]
    fn marked_text_is_sanitised_and_bad_ranges_are_ignored() {
        let plain = Style::new();
        let cases: &[(&str, &[[usize; 2]], &str)] = &[
            ("a\x1b[2Jb", &[[0, 1]], "a\\u{1b}[2Jb"),
            ("ab\u{202E}", &[[1, 5]], "ab\\u{202e}"),
            ("héllo", &[[1, 2], [0, 1]], "héllo"),
            ("abc", &[[2, 9]], "abc"),
        ];
        for (text, ranges, want) in cases {
            assert_eq!(marked(text, ranges, plain, plain), *want, "{text:?}");
        }
    }

    #[test]
    fn numbers_and_sizes_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3 << 20), "3.0 MiB");
    }
}
