#!/usr/bin/env python3
"""Deterministic synthetic news web pages (HTML files and a WARC of them), for benchmarks.

    bench/gen_html.py OUT_DIR --pages 2000 [--seed 1] [--warc OUT.warc.gz]

Writes OUT_DIR/page-NNNNN.html: pages of 50-150 KB shaped like a news site's article page,
where most bytes are not the story: a head with meta tags, JSON-LD and inline CSS and
scripts, a navigation bar, the article (8-20 paragraphs, a figure, an "Also Read" line), a
related-stories sidebar and a footer of links. With --warc, the same pages are also written
as WARC/1.1 `response` records (one gzip member per record, as crawlers write them), with a
`warcinfo` record first and a `request` record before each response. All text is generated
here; nothing is copied from real pages. The same seed and count give byte-identical output.
"""
import argparse
import gzip
import os
import random
import uuid

WORDS = """the of and to a in that is was for it with as on be at by this had not are but from or have
an they which one were all there would their been has when who will more if out so said what up its
about into than them can only other new some could time these two may then first any now such like
over even most made after also did many before must through back years where much way well down
should because each just those people how too little state good very make world still own see men
work long get here between both life being under never day same another know while last might great
old year off come since against right used take three council minister court police market shares
government election city talks report rates bank strike storm river coast harbour village station
school hospital budget plan vote party union league season match coach team players club final""".split()
FIRST = "Mirela Tobias Anika Soren Idris Lucia Bram Halina Teodor Ines Caspar Noor Elif Ruben".split()
LAST = "Vostrikova Wrenfield Okafor Lindqvist Marchetti Castellan Oyelaran Brandt Szabo Halloran".split()
SECTIONS = ["Local", "World", "Business", "Sport", "Politics", "Science"]


def sentence(r):
    words = [r.choice(WORDS) for _ in range(r.randint(8, 22))]
    if r.random() < 0.3:
        words.insert(r.randint(0, len(words)), f"{r.choice(FIRST)} {r.choice(LAST)}")
    return " ".join(words).capitalize() + "."


def paragraph(r):
    return " ".join(sentence(r) for _ in range(r.randint(2, 5)))


def headline(r):
    return " ".join(r.choice(WORDS) for _ in range(r.randint(5, 10))).capitalize()


def links(r, n, cls):
    items = "".join(f'<li class="{cls}-item"><a href="/{r.choice(SECTIONS).lower()}/{r.randint(1, 99999)}"'
                    f' data-track="{cls}">{headline(r)}</a></li>\n' for _ in range(n))
    return f'<ul class="{cls}">\n{items}</ul>\n'


def script_blob(r, size):
    parts, total = [], 0
    while total < size:
        line = (f'window.__cfg_{r.randint(0, 10**6)} = {{"slot": "ad-{r.randint(1, 99)}", '
                f'"sizes": [[300, 250], [728, 90]], "targeting": {{"kw": "{r.choice(WORDS)}"}}}};\n')
        parts.append(line)
        total += len(line)
    return "".join(parts)


def page(r, n):
    title = headline(r)
    section = r.choice(SECTIONS)
    author = f"{r.choice(FIRST)} {r.choice(LAST)}"
    date = f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:15:00Z"
    paras = [paragraph(r) for _ in range(r.randint(8, 20))]
    body = [f"<p>{p}</p>" for p in paras]
    body.insert(3, f'<figure><img src="/img/{n}.jpg"><figcaption>{sentence(r)}</figcaption></figure>')
    body.insert(5, f'<p><strong>Also Read:</strong> <a href="/x/{n}">{headline(r)}</a></p>')
    target = r.randint(50_000, 150_000)
    head = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Example Courier</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Example Courier">
<meta property="article:published_time" content="{date}">
<meta property="article:section" content="{section}">
<meta name="author" content="{author}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}", "datePublished": "{date}", "author": {{"name": "{author}"}}}}</script>
<style>{"".join(f".c{i} {{ margin: {i}px; padding: 0 {i}px; color: #{i:06x}; }}" for i in range(300))}</style>
"""
    nav = f'<header><nav class="main-nav">{links(r, 40, "nav")}</nav></header>\n'
    article = (f'<main><article><h1>{title}</h1><p class="byline">By {author}</p>\n'
               + "\n".join(body) + "</article>\n")
    side = f'<aside class="sidebar"><h3>Most read</h3>{links(r, 15, "popular")}</aside>\n'
    related = f'<div class="related-stories"><h3>Related</h3>{links(r, 6, "related")}</div></main>\n'
    foot = f'<footer>{links(r, 30, "footer")}<p>Copyright The Example Courier.</p></footer>\n'
    html = head + "</head>\n<body>\n" + nav + article + related + side + foot
    pad = max(0, target - len(html.encode()) - 40)
    html = html.replace("</head>", f"<script>\n{script_blob(r, pad)}</script>\n</head>", 1)
    return html + "</body>\n</html>\n"


def warc_record(kind, headers, payload):
    head = [f"WARC/1.1", f"WARC-Type: {kind}"] + [f"{k}: {v}" for k, v in headers]
    head.append(f"Content-Length: {len(payload)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + payload + b"\r\n\r\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warc")
    a = ap.parse_args()
    r = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    warc = open(a.warc, "wb") if a.warc else None
    if warc:
        info = warc_record("warcinfo", [("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=r.getrandbits(128))}>")],
                           b"software: bench/gen_html.py\r\n")
        warc.write(gzip.compress(info, mtime=0))
    for n in range(a.pages):
        html = page(r, n).encode()
        with open(os.path.join(a.out, f"page-{n:05d}.html"), "wb") as f:
            f.write(html)
        if warc:
            url = f"https://courier.example/story/{n}"
            ids = [f"<urn:uuid:{uuid.UUID(int=r.getrandbits(128))}>" for _ in range(2)]
            date = f"2024-06-{1 + n % 28:02d}T12:00:00Z"
            request = f"GET /story/{n} HTTP/1.1\r\nHost: courier.example\r\n\r\n".encode()
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
            for kind, rid, mime, payload in [("request", ids[0], "application/http; msgtype=request", request),
                                             ("response", ids[1], "application/http; msgtype=response", http)]:
                rec = warc_record(kind, [("WARC-Record-ID", rid), ("WARC-Date", date),
                                         ("WARC-Target-URI", url), ("Content-Type", mime)], payload)
                warc.write(gzip.compress(rec, mtime=0))
    if warc:
        warc.close()


if __name__ == "__main__":
    main()
