//! Fields of one SGML record: elements by tag name, start-tag attributes, entity decoding and
//! body paragraphs.
//!
//! Every function takes the record text and its ASCII upper-cased copy (same offsets), so
//! tags match case-insensitively without allocating per lookup.

use std::borrow::Cow;

/// The text of the first `<NAME>…</NAME>` element, cleaned (see [`clean`]).
pub fn element(rec: &str, upper: &str, name: &str) -> Option<String> {
    raw_elements(rec, upper, name).next().map(clean)
}

/// The cleaned text of every `<NAME>…</NAME>` element, in order.
pub fn elements(rec: &str, upper: &str, name: &str) -> Vec<String> {
    raw_elements(rec, upper, name).map(clean).collect()
}

/// The first of `names` present with some text.
pub fn first_of(rec: &str, upper: &str, names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|n| element(rec, upper, n))
        .find(|t| !t.trim().is_empty())
}

/// The raw contents of each `<NAME …>…</NAME>`; an element without an end tag is ignored.
fn raw_elements<'a>(rec: &'a str, upper: &'a str, name: &str) -> impl Iterator<Item = &'a str> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let i = at + upper.get(at..)?.find(&open)?;
        let after = i + open.len();
        at = after;
        // `<TEXT` must not match `<TEXTX>`: the name ends at `>` or whitespace.
        if !upper[after..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            continue;
        }
        let start = after + upper[after..].find('>')? + 1;
        let end = start + upper[start..].find(&close)?;
        at = end + close.len();
        return Some(&rec[start..end]);
    })
}

/// The value of attribute `name` in the record's start tag (`NEWID="12"` or `NEWID=12`).
pub fn attribute(rec: &str, upper: &str, name: &str) -> Option<String> {
    let tag_end = upper.find('>')?;
    let tag = &upper[..tag_end];
    let mut at = 0;
    let value_start = loop {
        let i = at + tag[at..].find(name)?;
        at = i + name.len();
        let before_ok = i > 0 && tag.as_bytes()[i - 1].is_ascii_whitespace();
        if before_ok && tag[at..].trim_start().starts_with('=') {
            let eq = at + tag[at..].find('=')? + 1;
            break eq + (tag[eq..].len() - tag[eq..].trim_start().len());
        }
    };
    let raw = &rec[value_start..tag_end];
    let value = match raw.strip_prefix(['"', '\'']) {
        Some(quoted) => quoted.split(['"', '\'']).next().unwrap_or(""),
        None => raw.split_whitespace().next().unwrap_or(""),
    };
    Some(value.to_string()).filter(|v| !v.is_empty())
}

/// Element text without tags (`<P>` breaks a paragraph, other tags become a space), with
/// entities decoded (`&amp;`, `&#3;`), control characters dropped and tabs made spaces.
pub fn clean(raw: &str) -> String {
    let mut plain = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('<') {
        plain.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('>') else {
            // A lone `<` is text ("profit < 5 pct" in hand-written files).
            plain.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let tag = &rest[i + 1..i + j];
        let is_p = tag.trim_start_matches('/').trim().eq_ignore_ascii_case("p");
        plain.push_str(if is_p { "\n\n" } else { " " });
        rest = &rest[i + j + 1..];
    }
    plain.push_str(rest);
    let plain = drop_control_refs(&plain);
    let decoded: Cow<'_, str> = html_escape::decode_html_entities(&plain);
    decoded
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Removes character references to control characters (`&#3;`, the wire's end-of-text mark),
/// which the HTML entity decoder leaves as they are.
fn drop_control_refs(text: &str) -> Cow<'_, str> {
    if !text.contains("&#") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let value = after[..digits].parse::<u32>().ok();
        let control = value.is_some_and(|v| v < 32 && v != 9 && v != 10 && v != 13);
        if control && after[digits..].starts_with(';') {
            rest = &after[digits + 1..];
        } else {
            out.push_str("&#");
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Body paragraphs: a blank line ends one, and so does an indented line, which starts the
/// next (wire copy marks paragraphs by indenting, with no blank lines). Lines inside a
/// paragraph keep their breaks, as in the `.txt` layout.
pub fn text_paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let starts_new = line.trim().is_empty() || line.starts_with([' ', '\u{a0}']);
        if starts_new && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        let line = line.trim();
        if !line.is_empty() {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Reuters writes `26-FEB-1987 15:01:01.79`; the date rules read `26 FEB 1987 15:01:01`.
/// Other values are returned unchanged.
pub fn reuters_date(value: &str) -> String {
    let b = value.as_bytes();
    let reuters = b.len() >= 11
        && b[2] == b'-'
        && b[6] == b'-'
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[3..6].iter().all(u8::is_ascii_alphabetic)
        && b[7..11].iter().all(u8::is_ascii_digit);
    if !reuters {
        return value.to_string();
    }
    let (date, time) = value.split_at(11);
    let time = time.trim().split('.').next().unwrap_or("");
    format!("{} {}", date.replace('-', " "), time)
        .trim()
        .to_string()
}
