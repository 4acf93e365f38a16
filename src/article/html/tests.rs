use super::*;

const STORY: &str = include_str!("../../../tests/fixtures/html/harbour-bridge.html");

fn page(html: &str) -> Result<Draft, BadRecord> {
    parse_page(html.as_bytes(), "p", &Context::default())
}

const PARAS: &str = "<p>The county council approved the new bus timetable on Tuesday after a long \
    debate about evening services to the outlying villages and the cost of extra drivers.</p>\
    <p>Services will run every twenty minutes from June, and the last bus from the town centre \
    will leave at half past eleven, an hour later than now, the council said.</p>";

#[test]
fn the_fixture_page_gives_every_field_without_boilerplate() {
    let d = page(STORY).expect("a page");
    assert_eq!(
        d.headline,
        "Harbour bridge reopens after three weeks of storm repairs"
    );
    assert_eq!(d.date.as_deref(), Some("2024-03-14T08:30:00+00:00"));
    assert_eq!(d.section.as_deref(), Some("Local"));
    assert_eq!(d.authors, ["Mirela Vostrikova"]);
    assert_eq!(d.source.as_deref(), Some("The Lantern Gazette"));
    assert_eq!(d.language.as_deref(), Some("en-GB"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://lantern-gazette.example/local/harbour-bridge-reopens")
    );
    assert_eq!(d.paragraphs.len(), 5, "{:#?}", d.paragraphs);
    assert!(d.paragraphs[0].starts_with("The Quillon harbour bridge reopened"));
    let body = d.paragraphs.join("\n");
    for furniture in [
        "Also Read",
        "Ferry timetable",
        "Related stories",
        "Sea wall",
        "Privacy",
        "Sport",
        "By Mirela",
    ] {
        assert!(!body.contains(furniture), "{furniture:?} in the body");
    }
    assert_eq!(
        d.related,
        [
            "Storm damage bill rises across the county",
            "Sea wall survey finds cracks near the marina",
            "Ferry timetable changes for the spring season"
        ]
    );
    assert_eq!(
        d.captions,
        ["Workers lay fresh asphalt on the bridge deck on Wednesday night."]
    );
}

#[test]
fn headline_falls_back_from_og_title_to_h1_to_title() {
    let h1 = format!("<html><head><title>Buses | Town Post</title></head><body><h1>Later buses approved</h1>{PARAS}</body></html>");
    assert_eq!(page(&h1).expect("page").headline, "Later buses approved");
    let title = format!("<html><head><title>Later buses approved for the town | Town Post</title></head><body>{PARAS}</body></html>");
    assert_eq!(
        page(&title).expect("page").headline,
        "Later buses approved for the town"
    );
}

#[test]
fn json_ld_and_time_give_date_section_and_authors() {
    let ld = format!(
        r#"<html><head><title>Buses</title><script type="application/ld+json">
        {{"@graph": [{{"@type": "WebSite"}}, {{"@type": "NewsArticle", "headline": "Buses",
        "datePublished": "2023-11-05T07:00:00Z", "articleSection": ["Transport", "Local"],
        "inLanguage": "fr-CA", "author": [{{"name": "Ana Ruiz"}}, "Bo Lind"]}}]}}
        </script></head><body>{PARAS}</body></html>"#
    );
    let d = page(&ld).expect("page");
    assert_eq!(d.date.as_deref(), Some("2023-11-05T07:00:00Z"));
    assert_eq!(d.section.as_deref(), Some("Transport"));
    assert_eq!(d.authors, ["Ana Ruiz", "Bo Lind"]);
    assert_eq!(d.language.as_deref(), Some("fr-CA"));
    let time = format!("<html><head><title>Buses</title></head><body><time datetime=\"2022-01-09\">9 Jan</time>{PARAS}</body></html>");
    assert_eq!(
        page(&time).expect("page").date.as_deref(),
        Some("2022-01-09")
    );
    let meta = format!("<html><head><title>Buses</title><meta name=\"pubdate\" content=\"2021-06-01\"></head><body>{PARAS}</body></html>");
    assert_eq!(
        page(&meta).expect("page").date.as_deref(),
        Some("2021-06-01")
    );
}

#[test]
fn a_page_without_text_is_a_named_skip() {
    let empty = "<!doctype html><html><head><title>Gallery</title></head><body><nav><a href='/'>Home</a></nav></body></html>";
    let bad = page(empty).expect_err("no text");
    assert_eq!((bad.reason, bad.key.as_str()), (SkipReason::NoBody, "p"));
    assert_eq!(page("").expect_err("empty").reason, SkipReason::Empty);
    assert_eq!(
        page("<html></html>").expect_err("nothing").reason,
        SkipReason::NoHeadline
    );
}

#[test]
fn pages_with_thousands_of_open_blocks_are_named_skips_before_parsing() {
    let wrap = |open: &str, close: &str, n: usize| {
        let body = format!("{}{PARAS}{}", open.repeat(n), close.repeat(n));
        format!("<!doctype html><html><head><title>Buses</title></head><body>{body}</body></html>")
    };
    assert!(page(&wrap("<div>", "</div>", 20)).is_ok());
    // Inline elements nest without costing the parser or readability: read as usual.
    assert!(page(&wrap("<span>", "</span>", 3 * MAX_OPEN_BLOCKS)).is_ok());
    for (open, close) in [("<div>", "</div>"), ("<section class=a>", "")] {
        let bad = page(&wrap(open, close, MAX_OPEN_BLOCKS + 1)).expect_err("too many");
        assert_eq!(bad.reason, SkipReason::Malformed);
        assert!(bad.detail.contains("left open"), "{}", bad.detail);
    }
}

#[test]
fn html_is_sniffed_after_bom_space_and_comments() {
    assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html>"));
    assert!(looks_like_html(b"<!-- a --><!-- b -->\n<html>"));
    assert!(!looks_like_html(b"<htm"));
    assert!(!looks_like_html(b"Headline\n\n<html> in text"));
}

#[test]
fn furniture_is_left_out_whether_or_not_it_is_emptied_before_parsing() {
    // The site header and the footer are emptied before parsing; the article's own header
    // (with its h1 and time) and the related block are parsed, and read as always.
    let html = format!(
        "<html><head><title>Buses | Town Post</title></head><body>\
         <header><nav><a href=/>Home</a> <a href=/w>World news</a></nav></header>\
         <article><header><h1>Later buses approved</h1><time datetime=2024-05-01>1 May</time>\
         </header>{PARAS}</article>\
         <aside class=related><a href=/b>Bridge reopens after storm</a></aside>\
         <div><nav><a href=/h>Home page</a></nav>Also read: <a href=/t>Council tax rises again</a></div>\
         <footer>Privacy policy and terms</footer></body></html>"
    );
    let d = page(&html).expect("page");
    assert_eq!(d.headline, "Later buses approved");
    assert_eq!(d.date.as_deref(), Some("2024-05-01"));
    // The "Also read" line after an emptied nav is found as one (the nav's text no longer
    // comes first in its block).
    assert_eq!(
        d.related,
        ["Bridge reopens after storm", "Council tax rises again"]
    );
    let body = d.paragraphs.join("\n");
    for furniture in ["Home", "World news", "Privacy", "Council tax"] {
        assert!(!body.contains(furniture), "{furniture:?} in the body");
    }
    assert_eq!(d.paragraphs.len(), 2, "{:#?}", d.paragraphs);
}
