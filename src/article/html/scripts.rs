//! Empties `<script>` and `<style>` elements before the page is parsed: on news pages they are
//! most of the bytes, and the HTML tokenizer would walk every one of them character by
//! character only for readability to throw them away. JSON-LD scripts are kept (`meta` reads
//! them). Comments are skipped whole, so a `<script` inside one is left alone.

use std::borrow::Cow;

use super::tags::empty_elements;

/// `html` with the contents of its scripts (other than JSON-LD) and styles removed.
pub fn empty_scripts(html: &str) -> Cow<'_, str> {
    empty_elements(html, &[b"script", b"style"], |markup, name| {
        let open = &markup[..markup.find('>').map_or(markup.len(), |e| e + 1)];
        name != b"script" || !open.to_ascii_lowercase().contains("ld+json")
    })
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
