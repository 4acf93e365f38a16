//! The archive's text layout: `-Section` line, headline, then body paragraphs with
//! "Also Read – …" link lines, photo captions and optional `Date:` header lines.
//!
//! Splits text into parts; knows nothing of dates or people beyond handing their raw text on.

/// How many non-blank lines at the top may be header lines (`Date:`, `Published:`, …).
const HEADER_WINDOW: usize = 6;
/// A caption is a one-line paragraph with at most this many words.
const CAPTION_MAX_WORDS: usize = 30;
/// Phrases that start a link line to another story, compared case-insensitively.
const RELATED_CUES: &[&str] = &["also read", "read also", "read more", "related"];
/// Markers that make a paragraph a photo caption wherever they appear.
const CAPTION_CUES: &[&str] = &[
    "(photo",
    "(file photo",
    "(image",
    "(picture",
    "photo:",
    "photo credit",
];
/// Agency sign-offs that end a story ("Reuter" is the 1987 wire's spelling).
const SIGNOFFS: &[(&str, &str)] = &[
    ("reuter", "Reuters"),
    ("reuters", "Reuters"),
    ("ap", "AP"),
    ("afp", "AFP"),
    ("ians", "IANS"),
    ("pti", "PTI"),
    ("xinhua", "Xinhua"),
];

/// The parts of an article in the text layout.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Layout<'a> {
    /// From a leading `-Section` line.
    pub section: Option<&'a str>,
    pub headline: &'a str,
    /// Value of the first `Date:`/`Published:` header line.
    pub header_date: Option<&'a str>,
    /// Value of a `Source:` header line.
    pub header_source: Option<&'a str>,
    /// An agency sign-off ending the story ("Reuter" → "Reuters").
    pub signoff: Option<&'static str>,
    pub paragraphs: Vec<&'a str>,
    pub related: Vec<&'a str>,
    pub captions: Vec<&'a str>,
}

/// Splits `text` into its layout parts. Returns `None` when there is no headline.
pub fn parse(text: &str) -> Option<Layout<'_>> {
    let mut layout = Layout::default();
    let mut blocks = paragraphs(text).peekable();
    if let Some(first) = blocks.peek() {
        if let Some(section) = section_line(first) {
            layout.section = Some(section).filter(|s| !s.is_empty());
            let rest = first.split_once('\n').map_or("", |(_, r)| r.trim());
            blocks.next();
            if !rest.is_empty() {
                return finish(layout, std::iter::once(rest).chain(blocks));
            }
        }
    }
    finish(layout, blocks)
}

fn finish<'a>(mut layout: Layout<'a>, blocks: impl Iterator<Item = &'a str>) -> Option<Layout<'a>> {
    let mut seen = 0;
    for block in blocks {
        seen += 1;
        if seen <= HEADER_WINDOW && take_header(&mut layout, block) {
            continue;
        }
        if layout.headline.is_empty() {
            let (head, rest) = block.split_once('\n').unwrap_or((block, ""));
            layout.headline = head.trim();
            if !rest.trim().is_empty() {
                classify(&mut layout, rest.trim());
            }
            continue;
        }
        classify(&mut layout, block);
    }
    strip_signoff(&mut layout);
    (!layout.headline.is_empty()).then_some(layout)
}

/// Blank-line separated blocks, trimmed, non-empty.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let (block, tail) = split_block(rest);
        rest = tail;
        let block = block.trim_matches(|c: char| c == '\n' || c == '\r' || c == ' ' || c == '\t');
        if !block.trim().is_empty() {
            return Some(block.trim_end());
        }
    })
}

/// Splits at the first blank line (a line holding only whitespace).
fn split_block(text: &str) -> (&str, &str) {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if line.trim().is_empty() && start > 0 {
            return (&text[..start], &text[end..]);
        }
        start = end;
    }
    (text, "")
}

fn section_line(block: &str) -> Option<&str> {
    let first = block.lines().next()?.trim();
    let name = first.strip_prefix('-')?;
    // "--" rules and "- 5 killed" bullets are not section lines.
    (!name.starts_with('-') && !name.starts_with(' ')).then(|| name.trim())
}

/// Records a `Key: value` header line. Returns false when `block` is not one.
fn take_header<'a>(layout: &mut Layout<'a>, block: &'a str) -> bool {
    if block.contains('\n') {
        return false;
    }
    let Some((key, value)) = block.split_once(':') else {
        return false;
    };
    let value = value.trim();
    match key.trim().to_ascii_lowercase().as_str() {
        "date" | "published" | "updated" | "posted" | "dateline" if !value.is_empty() => {
            layout.header_date.get_or_insert(value);
            true
        }
        "source" if !value.is_empty() => {
            layout.header_source = Some(value);
            true
        }
        _ => false,
    }
}

fn classify<'a>(layout: &mut Layout<'a>, block: &'a str) {
    if let Some(link) = related_link(block) {
        layout.related.push(link);
    } else if is_caption(block, layout.paragraphs.is_empty()) {
        layout.captions.push(block);
    } else {
        layout.paragraphs.push(block);
    }
}

/// The linked headline of an "Also Read – …" line.
fn related_link(block: &str) -> Option<&str> {
    if block.contains('\n') {
        return None;
    }
    let lower_prefix: String = block.chars().take(12).collect::<String>().to_lowercase();
    let cue = RELATED_CUES.iter().find(|c| lower_prefix.starts_with(*c))?;
    let rest = block.get(cue.len()..)?.trim_start();
    let sep = rest.chars().next()?;
    matches!(sep, '–' | '—' | '-' | ':' | '|' | '»')
        .then(|| rest[sep.len_utf8()..].trim())
        .filter(|link| !link.is_empty())
}

/// A caption has a photo cue, or is a short unpunctuated line after the lead paragraph (the
/// lead itself often ends without a full stop: "…, reports Asian Lite News").
fn is_caption(block: &str, is_lead: bool) -> bool {
    let lower = block.to_lowercase();
    if CAPTION_CUES.iter().any(|c| lower.contains(c)) {
        return true;
    }
    // The word count last and bounded: counting every word of every body paragraph was a
    // tenth of the work of a build on short wire stories.
    let words = || block.split_whitespace().take(CAPTION_MAX_WORDS + 1).count();
    !is_lead
        && !block.contains('\n')
        && !block.trim_end().ends_with(is_sentence_end)
        && signoff(block).is_none()
        && (3..=CAPTION_MAX_WORDS).contains(&words())
}

fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ':' | ';' | ',' | '"' | '\'' | '”' | '’' | ')' | '…'
    )
}

fn signoff(line: &str) -> Option<&'static str> {
    let word = line.trim();
    SIGNOFFS
        .iter()
        .find(|(s, _)| word.eq_ignore_ascii_case(s))
        .map(|(_, name)| *name)
}

/// Moves a final agency sign-off line ("Reuter") from the body into `signoff`.
pub(super) fn strip_signoff(layout: &mut Layout<'_>) {
    let Some(last) = layout.paragraphs.last_mut() else {
        return;
    };
    let (head, tail) = last.rsplit_once('\n').unwrap_or(("", last));
    if let Some(name) = signoff(tail) {
        layout.signoff = Some(name);
        if head.trim().is_empty() {
            layout.paragraphs.pop();
        } else {
            *last = head.trim_end();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-World News\n\nHarbour reopens after storm\n\nDate: 2023-05-02\n\n\
        The harbour at Port Elms reopened on Tuesday, reports Coastal Daily\n\n\
        Also Read – Storm cuts power to islands\n\n\
        Mayor Ana Ruiz at the quay (Photo – City Hall)\n\n\
        Fishing boats returned by noon.\n\n\
        Crews clear debris from the harbour wall\n";

    #[test]
    fn sample_layout_is_split_into_parts() {
        let l = parse(SAMPLE).expect("has headline");
        assert_eq!(l.section, Some("World News"));
        assert_eq!(l.headline, "Harbour reopens after storm");
        assert_eq!(l.header_date, Some("2023-05-02"));
        assert_eq!(l.related, ["Storm cuts power to islands"]);
        assert_eq!(
            l.captions,
            [
                "Mayor Ana Ruiz at the quay (Photo – City Hall)",
                "Crews clear debris from the harbour wall"
            ]
        );
        assert_eq!(l.paragraphs.len(), 2);
        assert_eq!(l.header_source, None);
    }

    #[test]
    fn no_section_line_means_first_line_is_headline() {
        let l = parse("\n\nJust a headline\n\nBody text here.").expect("headline");
        assert_eq!((l.section, l.headline), (None, "Just a headline"));
        assert_eq!(l.paragraphs, ["Body text here."]);
    }

    #[test]
    fn headline_directly_under_section_line() {
        let l = parse("-Sports\nCup final tonight\nKick-off is at eight.").expect("headline");
        assert_eq!(l.section, Some("Sports"));
        assert_eq!(l.headline, "Cup final tonight");
        assert_eq!(l.paragraphs, ["Kick-off is at eight."]);
    }

    #[test]
    fn crlf_line_endings_are_handled() {
        let l = parse("-Business\r\n\r\nShares rise\r\n\r\nMarkets gained.\r\n").expect("headline");
        assert_eq!((l.section, l.headline), (Some("Business"), "Shares rise"));
        assert_eq!(l.paragraphs, ["Markets gained."]);
    }

    #[test]
    fn reuters_signoff_becomes_source() {
        let l = parse(
            "-tin\n\nTIN TALKS\n\nLONDON, March 23 - Talks go on, delegates said.\n Reuter\n",
        )
        .expect("headline");
        assert_eq!(l.signoff, Some("Reuters"));
        assert_eq!(
            l.paragraphs,
            ["LONDON, March 23 - Talks go on, delegates said."]
        );
    }

    #[test]
    fn related_cues_need_a_separator() {
        assert_eq!(related_link("Also Read – Next story"), Some("Next story"));
        assert_eq!(related_link("Read more: Other"), Some("Other"));
        assert_eq!(related_link("Related stocks rose sharply."), None);
    }

    #[test]
    fn sentences_and_dash_bullets_are_not_captions_or_sections() {
        assert!(!is_caption("Prices rose for a third day.", false));
        assert!(!is_caption("Go", false));
        assert!(!is_caption("The port reopened on Tuesday", true));
        assert!(is_caption("Crews at the port on Tuesday", false));
        assert_eq!(section_line("- 5 killed in crash"), None);
        assert_eq!(section_line("--"), None);
    }

    #[test]
    fn blank_or_section_only_text_has_no_headline() {
        assert_eq!(parse("  \n\n \n"), None);
        assert_eq!(parse("-Sports\n\n"), None);
    }
}
