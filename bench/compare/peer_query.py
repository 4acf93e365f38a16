#!/usr/bin/env python3
"""Warm, in-process query latency of the Python-driven peers, for bench/compare.

    peer_query.py tantivy|xapian|sqlite INDEX_DIR QUERIES_FILE REPEAT

Opens the index once, runs every query once to warm caches, then REPEAT passes over the
queries. Each timed query does the work a user's search does: parse the query, take the top
10 hits by BM25 and build a query-biased snippet for each (tantivy SnippetGenerator, Xapian
MSet.snippet, SQLite snippet()). Query semantics follow the peer wrappers in
../shared/peers (default OR). Prints one JSON object: {"ms": [latency per timed query]}.
Run tantivy with the peers venv python, xapian with Debian's /usr/bin/python3.
"""
import json
import os
import sys
import time


def tantivy_runner(idx):
    import tantivy

    ix = tantivy.Index.open(idx)
    ix.reload()
    searcher = ix.searcher()

    def run(q):
        query, _ = ix.parse_query_lenient(q, ["headline", "body", "people"])
        gen = tantivy.SnippetGenerator.create(searcher, query, ix.schema, "body")
        gen.set_max_num_chars(160)
        out = []
        for _score, addr in searcher.search(query, 10).hits:
            doc = searcher.doc(addr)
            out.append((doc["docid"][0], doc["headline"][0], gen.snippet_from_doc(doc).to_html()))
        return out

    return run


def xapian_runner(idx):
    import xapian

    db = xapian.Database(idx)
    stem = xapian.Stem("english")
    qp = xapian.QueryParser()
    qp.set_stemmer(stem)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    qp.add_prefix("headline", "S")
    qp.add_prefix("people", "XP")
    flags = xapian.MSet.SNIPPET_BACKGROUND_MODEL | xapian.MSet.SNIPPET_EXHAUSTIVE

    def run(q):
        enquire = xapian.Enquire(db)
        enquire.set_query(qp.parse_query(q))
        mset = enquire.get_mset(0, 10)
        out = []
        for m in mset:
            d = json.loads(m.document.get_data().decode())
            out.append((d["id"], d["headline"],
                        mset.snippet(d["body"], 160, stem, flags, "<b>", "</b>", "...")))
        return out

    return run


def sqlite_runner(idx):
    import re
    import sqlite3

    con = sqlite3.connect(os.path.join(idx, "news.db"))
    sql = """SELECT docid, headline, bm25(news) AS s, snippet(news, 1, '[', ']', '...', 24)
             FROM news WHERE news MATCH ? ORDER BY s LIMIT 10"""

    def run(q):
        match = " OR ".join('"%s"' % t for t in re.findall(r"\w+", q))
        return con.execute(sql, (match,)).fetchall()

    return run


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    peer, idx, qfile, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    run = {"tantivy": tantivy_runner, "xapian": xapian_runner, "sqlite": sqlite_runner}[peer](idx)
    queries = [line.strip() for line in open(qfile, encoding="utf-8") if line.strip()]
    for q in queries:  # warm-up pass
        run(q)
    ms = []
    for _ in range(repeat):
        for q in queries:
            t0 = time.perf_counter()
            run(q)
            ms.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"ms": ms}))


if __name__ == "__main__":
    main()
