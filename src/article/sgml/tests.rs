use super::*;
use crate::article::record::read_all;
use crate::article::stream::Source;

const TREC: &str = "<DOC>\n<DOCNO> NX-0001 </DOCNO>\n<DATE>March 3, 2020</DATE>\n\
<HEADLINE>Canal <B>locks</B> reopen &amp; boats pass</HEADLINE>\n<DATELINE>PORTVILLE</DATELINE>\n\
<TEXT>\n   The canal locks reopened on Tuesday.\nBoats queued for hours.\n   Tolls stay at\n\
&lt;5&gt; coins.\n</TEXT>\n</DOC>\n<DOC>\n<DOCNO>NX-0002</DOCNO>\n<HL>Second story</HL>\n\
<TEXT><P>One.</P><P>Two &#233;t&#3;&eacute;.</P></TEXT>\n</DOC>\n";

fn drafts(parsed: &ParsedFile) -> Vec<&Draft> {
    parsed
        .records
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .collect()
}

#[test]
fn trec_docs_become_drafts() {
    let parsed = parse(TREC.as_bytes());
    assert!(parsed.complete);
    let d = drafts(&parsed);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].key, "NX-0001");
    assert_eq!(d[0].headline, "Canal locks reopen & boats pass");
    assert_eq!(d[0].date.as_deref(), Some("March 3, 2020"));
    assert_eq!(
        d[0].paragraphs,
        [
            "PORTVILLE The canal locks reopened on Tuesday.\nBoats queued for hours.",
            "Tolls stay at\n<5> coins."
        ]
    );
    assert_eq!(d[1].key, "NX-0002");
    assert_eq!(d[1].paragraphs, ["One.", "Two été."]);
}

#[test]
fn reuters_records_use_newid_topics_and_body() {
    let text = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS TOPICS=\"YES\" OLDID=\"5\" NEWID=\"42\">\n\
<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TOPICS><D>grain</D><D>wheat</D></TOPICS>\n\
<TEXT>&#2;\n<TITLE>WHEAT TALKS END</TITLE>\n<DATELINE>    LONDON, Feb 26 - </DATELINE><BODY>Talks ended\n\
today, delegates said.\n    More later.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n\
<REUTERS NEWID=\"43\">\n<TEXT TYPE=\"BRIEF\">&#2;\n<TITLE>BRIEF ONLY</TITLE>\n&#3;\n</TEXT>\n</REUTERS>\n";
    let parsed = parse(text.as_bytes());
    let d = drafts(&parsed);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].key, "42");
    assert_eq!(d[0].section.as_deref(), Some("grain"));
    assert_eq!(d[0].date.as_deref(), Some("26 FEB 1987 15:01:01"));
    assert_eq!(
        d[0].paragraphs,
        [
            "LONDON, Feb 26 - Talks ended\ntoday, delegates said.",
            "More later.",
            "Reuter"
        ]
    );
    let bad = parsed.records[1].as_ref().expect_err("no body");
    assert_eq!((bad.key.as_str(), bad.reason), ("43", SkipReason::NoBody));
}

#[test]
fn unterminated_doc_is_reported_and_the_next_one_read() {
    let text = "<DOC><DOCNO>A1</DOCNO><TITLE>Cut off</TITLE><TEXT>lost\n\
<DOC><DOCNO>A2</DOCNO><TITLE>Whole</TITLE><TEXT>kept</TEXT></DOC>\n\
<DOC><DOCNO>A3</DOCNO><TITLE>Tail</TITLE><TEXT>trunc";
    let parsed = parse(text.as_bytes());
    let summary = parsed.outcomes();
    assert_eq!(summary, ["malformed A1", "ok A2", "malformed A3"]);
    assert!(!parsed.complete, "ends inside a record");
}

#[test]
fn helpers_handle_attributes_dates_and_entities() {
    let rec = "<REUTERS a=\"1\" NEWID=77 OLDID=\"9\">";
    let upper = rec.to_ascii_uppercase();
    assert_eq!(
        fields::attribute(rec, &upper, "NEWID").as_deref(),
        Some("77")
    );
    assert_eq!(
        fields::attribute(rec, &upper, "OLDID").as_deref(),
        Some("9")
    );
    assert_eq!(fields::attribute(rec, &upper, "ID"), None);
    assert_eq!(
        reuters_date("3-MAR-1987 09:10:11.00"),
        "3-MAR-1987 09:10:11.00"
    );
    assert_eq!(
        reuters_date("03-MAR-1987 09:10:11.00"),
        "03 MAR 1987 09:10:11"
    );
    assert_eq!(reuters_date("March 3, 1987"), "March 3, 1987");
    assert_eq!(fields::clean("a&#3;b &#65; &#x;<x"), "ab A &#x;<x");
}

#[test]
fn record_hash_is_per_record() {
    let a = parse(TREC.as_bytes());
    let b = parse(
        TREC.replace("Second story", "Second story, updated")
            .as_bytes(),
    );
    let (a, b) = (drafts(&a), drafts(&b));
    assert_eq!(a[0].hash, b[0].hash);
    assert_ne!(a[1].hash, b[1].hash);
}

#[test]
fn a_record_over_the_limit_is_skipped_and_the_next_one_read() {
    let big = format!(
        "<DOC><DOCNO>B1</DOCNO><TITLE>Big</TITLE><TEXT>{}</TEXT></DOC>\n",
        "word ".repeat(100)
    );
    let text = format!(
        "{}{big}<doc><DOCNO>C1</DOCNO><TITLE>Small</TITLE><TEXT>kept</TEXT></doc>",
        "<DOC><DOCNO>A1</DOCNO><TITLE>First</TITLE><TEXT>kept</TEXT></DOC>\n"
    );
    let parsed = read_all(Reader::new(200), Source::with_block(text.as_bytes(), 4));
    assert_eq!(parsed.outcomes(), ["ok A1", "too_large B1", "ok C1"]);
    assert!(parsed.complete);
}

#[test]
fn each_record_is_decoded_on_its_own() {
    let mut bytes = b"<DOC><DOCNO>L1</DOCNO><TITLE>Caf\xe9</TITLE><TEXT>x</TEXT></DOC>".to_vec();
    bytes.extend_from_slice(
        "<DOC><DOCNO>U1</DOCNO><TITLE>Café</TITLE><TEXT>y</TEXT></DOC>".as_bytes(),
    );
    let parsed = parse(&bytes);
    let titles: Vec<_> = drafts(&parsed).iter().map(|d| d.headline.clone()).collect();
    assert_eq!(titles, ["Café", "Café"]);
}
