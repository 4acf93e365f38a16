//! Empties `<script>` and `<style>` elements before the page is parsed: on news pages they are
//! most of the bytes, and the HTML tokenizer would walk every one of them character by
//! character only for readability to throw them away. JSON-LD scripts are kept (`meta` reads
//! them). Comments are skipped whole, so a `<script` inside one is left alone.

use std::borrow::Cow;

use super::tags::{comment_end, find_byte, find_close, starts_tag};

/// `html` with the contents of its scripts (other than JSON-LD) and styles removed.
pub fn empty_scripts(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let (mut copied, mut at) = (0, 0);
    while let Some(lt) = find_byte(html, at, b'<') {
        let rest = &bytes[lt..];
        if rest.starts_with(b"<!--") {
            at = comment_end(html, lt);
            continue;
        }
        let Some(name) = [&b"script"[..], b"style"]
            .into_iter()
            .find(|n| starts_tag(&rest[1..], n))
        else {
            at = lt + 1;
            continue;
        };
        let Some(open_end) = find_byte(html, lt, b'>').map(|e| e + 1) else {
            break;
        };
        if name == b"script" && html[lt..open_end].to_ascii_lowercase().contains("ld+json") {
            at = open_end;
            continue;
        }
        let Some(close) = find_close(&html[open_end..], name).map(|c| open_end + c) else {
            break;
        };
        out.push_str(&html[copied..open_end]);
        copied = close;
        at = close;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_are_emptied_json_ld_and_comments_kept() {
        let cases = [
            (
                "<p>a</p><script>var x = '<p>';</script><p>b</p>",
                "<p>a</p><script></script><p>b</p>",
            ),
            ("<STYLE type=x>p{}</STYLE>", "<STYLE type=x></STYLE>"),
            (
                "<script type=\"application/ld+json\">{}</script>",
                "<script type=\"application/ld+json\">{}</script>",
            ),
            ("<!-- <script> --><p>x</p>", "<!-- <script> --><p>x</p>"),
            ("<scripts>k</scripts>", "<scripts>k</scripts>"),
            ("<script>never closed", "<script>never closed"),
            ("<script", "<script"),
            ("é<script>é</script>é", "é<script></script>é"),
        ];
        for (html, want) in cases {
            assert_eq!(empty_scripts(html), want, "{html}");
        }
    }
}
