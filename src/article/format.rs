//! Input formats: which reader a corpus file goes to, from its extension and, when the file has
//! none, from a sniff of its first bytes.
//!
//! Owns only the choice of reader; the readers themselves are `txt`, `json`, `sgml`, `html`
//! and `warc`.

use std::ffi::OsStr;
use std::path::Path;

/// How many leading bytes a sniff looks at.
pub const SNIFF_BYTES: usize = 1024;

/// The input formats newsidx reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One article per file in the archive's text layout (`.txt`).
    Txt,
    /// JSON: one object, an array of objects, or JSON Lines (`.json`).
    Json,
    /// JSON Lines: one object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// TREC `<DOC>` or Reuters-21578 `<REUTERS>` records (`.sgml`, `.sgm`, `.trec`).
    Sgml,
    /// One saved web page (`.html`, `.htm`).
    Html,
    /// WARC web archive: its HTML `response` records (`.warc`).
    Warc,
}

/// A file's format and whether it is gzip-compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Detected {
    pub format: Format,
    pub gzip: bool,
}

impl Format {
    /// True for formats whose files hold many articles, each with an id `path#key`.
    pub fn is_multi(self) -> bool {
        !matches!(self, Format::Txt | Format::Html)
    }

    /// Stable lower-case name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Sgml => "sgml",
            Format::Html => "html",
            Format::Warc => "warc",
        }
    }

    fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Txt),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "sgml" | "sgm" | "trec" => Some(Format::Sgml),
            "html" | "htm" => Some(Format::Html),
            "warc" => Some(Format::Warc),
            _ => None,
        }
    }
}

/// The format named by `path`'s extension: `.txt`, `.json`, `.jsonl`, `.ndjson`, `.sgml`,
/// `.sgm`, `.trec`, and the multi-article ones with `.gz` (`.jsonl.gz`). A `.txt.gz` is not
/// read: `.txt` keeps its one-file-one-article layout.
pub fn from_path(path: &Path) -> Option<Detected> {
    let ext = path.extension().and_then(OsStr::to_str)?;
    if ext.eq_ignore_ascii_case("gz") {
        let inner = Path::new(path.file_stem()?).extension()?.to_str()?;
        let format = Format::from_extension(inner).filter(|f| f.is_multi())?;
        return Some(Detected { format, gzip: true });
    }
    Format::from_extension(ext).map(|format| Detected {
        format,
        gzip: false,
    })
}

/// The format of a file without an extension, from its first bytes: TREC (`<DOC>`), Reuters
/// (`<!DOCTYPE lewis`, `<REUTERS`), a JSON object per line (`{`), a web page (`<!doctype html`,
/// `<html`) or a WARC archive (`WARC/1.`). `None`: not an article file.
pub fn sniff(head: &[u8]) -> Option<Format> {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    let starts = |p: &[u8]| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"<DOC>") || starts(b"<!DOCTYPE lewis") || starts(b"<REUTERS") {
        Some(Format::Sgml)
    } else if head.starts_with(b"{\"") {
        Some(Format::JsonLines)
    } else if starts(b"WARC/1.") {
        Some(Format::Warc)
    } else if super::html::looks_like_html(head) {
        Some(Format::Html)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_name_formats() {
        let d = |format, gzip| Some(Detected { format, gzip });
        let cases = [
            ("a/b.txt", d(Format::Txt, false)),
            ("B.TXT", d(Format::Txt, false)),
            ("x.json", d(Format::Json, false)),
            ("x.jsonl", d(Format::JsonLines, false)),
            ("x.NDJSON", d(Format::JsonLines, false)),
            ("x.jsonl.gz", d(Format::JsonLines, true)),
            ("x.json.gz", d(Format::Json, true)),
            ("reut2-000.sgm", d(Format::Sgml, false)),
            ("x.sgml.gz", d(Format::Sgml, true)),
            ("x.trec", d(Format::Sgml, false)),
            ("x.txt.gz", None),
            ("page.html", d(Format::Html, false)),
            ("page.HTM", d(Format::Html, false)),
            ("page.html.gz", None),
            ("crawl.warc", d(Format::Warc, false)),
            ("crawl.warc.gz", d(Format::Warc, true)),
            ("x.gz", None),
            ("notes.md", None),
            ("noext", None),
        ];
        for (path, want) in cases {
            assert_eq!(from_path(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn sniff_finds_trec_reuters_json_lines_html_and_warc() {
        let cases: [(&[u8], Option<Format>); 12] = [
            (b"<!DOCTYPE html>\n<html>", Some(Format::Html)),
            (b"\n<HTML lang=\"en\">", Some(Format::Html)),
            (b"<!-- saved page -->\n<!doctype HTML>", Some(Format::Html)),
            (b"<!-- never closed", None),
            (b"WARC/1.1\r\nWARC-Type: warcinfo", Some(Format::Warc)),
            (b"<DOC>\n<DOCNO> AP1 </DOCNO>", Some(Format::Sgml)),
            (b"\n  <doc>", Some(Format::Sgml)),
            (b"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">", Some(Format::Sgml)),
            (b"\xEF\xBB\xBF{\"title\": \"x\"}", Some(Format::JsonLines)),
            (b"Plain headline\n\nBody.", None),
            (b"", None),
            (b"<DO", None),
        ];
        for (head, want) in cases {
            assert_eq!(sniff(head), want, "{:?}", String::from_utf8_lossy(head));
        }
    }
}
