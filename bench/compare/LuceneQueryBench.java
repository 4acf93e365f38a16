// Warm, in-JVM query latency of the Lucene peer, for bench/compare.
//
//   java -cp LUCENE_NEWS_CLASSES:JAR:THIS_DIR LuceneQueryBench INDEX_DIR QUERIES_FILE REPEAT
//
// Unlike `LuceneNews bench` (top 10 + count, no stored fields), each timed query here does what
// a user's search does: parse, top 10 by BM25, load each hit's stored fields and build its
// query-biased snippet. Parsing and snippets are LuceneNews's own (../shared/peers/lucene), so
// ranking and snippet work match the one-shot `lucene.sh search`. Prints {"ms": [...]}.
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.*;
import org.apache.lucene.store.FSDirectory;

public class LuceneQueryBench {
  static int run(IndexSearcher s, String q) throws Exception {
    Query query = LuceneNews.parseQuery(q);
    Set<String> qterms = new HashSet<>();
    for (String w : q.split("\\W+")) {
      try (TokenStream ts = LuceneNews.analyzer().tokenStream("body", w)) {
        CharTermAttribute ta = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken()) qterms.add(ta.toString());
        ts.end();
      }
    }
    int chars = 0;
    for (ScoreDoc sd : s.search(query, 10).scoreDocs) {
      Document d = s.doc(sd.doc);
      chars += d.get("headline").length() + LuceneNews.snippet(d.get("body"), qterms).length();
    }
    return chars;
  }

  public static void main(String[] a) throws Exception {
    List<String> qs = Files.readAllLines(Paths.get(a[1]), StandardCharsets.UTF_8).stream()
        .map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    int repeat = Integer.parseInt(a[2]);
    long sink = 0;
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(Paths.get(a[0])))) {
      IndexSearcher s = new IndexSearcher(r);
      for (int i = 0; i < 3; i++) for (String q : qs) sink += run(s, q);  // JIT warm-up
      StringBuilder out = new StringBuilder("{\"ms\": [");
      for (int i = 0; i < repeat; i++) {
        for (String q : qs) {
          long t0 = System.nanoTime();
          sink += run(s, q);
          if (out.charAt(out.length() - 1) != '[') out.append(", ");
          out.append((System.nanoTime() - t0) / 1e6);
        }
      }
      System.out.println(out.append("], \"sink\": ").append(sink).append("}"));
    }
  }
}
