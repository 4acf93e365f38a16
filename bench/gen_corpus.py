#!/usr/bin/env python3
"""Deterministic synthetic news corpus in the archive's layout, for benchmarks.

    bench/gen_corpus.py OUT_DIR --articles 300000 [--seed 1]

Writes OUT_DIR/YYYY/MM/DD/NNNNNNN.txt: a `-Section` line, a headline, sometimes a `Date:`
header, 3-12 body paragraphs, "Also Read – …" lines and photo captions. Words follow a Zipf
law over a vocabulary of common English and news words plus generated rarer words (60k words
per chunk of 5,000 articles, each chunk drawing its rare words anew from its own seed, so the
distinct words keep growing with the corpus: about 340,000 in 40,000 articles), so term
statistics look like news rather than uniform noise. Names are drawn
from first-name and surname lists so people extraction has work to do. All text is generated
here; nothing is copied from real articles. The same seed and count give byte-identical files.
"""
import argparse
import bisect
import datetime
import itertools
import multiprocessing
import os
import random

CHUNK = 5000  # articles per worker task; fixed, so output does not depend on the core count

COMMON = """the of and to a in that is was he for it with as his on be at by i this had not are but
from or have an they which one you were her all she there would their we him been has when who will
more no if out so said what up its about into than them can only other new some could time these two
may then do first any my now such like our over man me even most made after also did many before must
through back years where much your way well down should because each just those people how too little
state good very make world still own see men work long get here between both life being under never day
same another know while last might us great old year off come since against go came right used take
three""".split()
NEWS = """government minister president election vote party campaign senate court police report officials
market prices oil bank rates inflation economy trade deal talks summit leaders security military forces
attack troops border crisis war peace agreement sanctions company shares profit quarter growth sales
investors stock exchange index percent million billion dollars budget tax spending debt reform law bill
parliament congress committee hearing investigation inquiry charges trial judge ruling appeal health
hospital vaccine virus cases patients doctors climate energy power gas coal emissions storm floods fire
weather drought water farmers crops food exports imports shipping port strike workers union wages jobs
unemployment technology internet software chips data privacy platform users phone network satellite
launch space mission science research study university students schools teachers football match final
season championship team coach players goal win victory defeat record city capital region province
village residents protest rally demonstrators spokesman statement interview television newspaper agency
sources analysts experts forecast warned announced agreed rejected denied confirmed expected reported
meddling interference intelligence diplomats embassy foreign domestic national international federal
regional local central official public private global""".split()
SECTIONS = ["Top News USA", "World", "Business", "Politics", "Sports", "Technology", "Health",
            "Science", "Environment", "Entertainment", "Europe", "Asia", "Markets", "Opinion"]
FIRST = """James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard
Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Sandra
Paul Ashley Steven Emily Andrew Donna Kenneth Michelle Joshua Carol Kevin Amanda Brian Melissa George
Deborah Timothy Stephanie Ronald Rebecca Jason Laura Ahmed Fatima Wei Mei Hiroshi Yuki Olga Ivan
Pierre Claire Hans Greta Carlos Lucia Raj Priya Kwame Amara""".split()
LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez
Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker
Hall Rivera Campbell Mitchell Carter Roberts Okafor Tanaka Petrov Dubois Schmidt Rossi Kowalski Singh
Haddad Mensah Larsen Novak""".split()
TITLES = ["President", "Minister", "Senator", "Governor", "Judge", "Dr.", "Chancellor", "Mayor", "coach"]
SYLLABLES = "ka ro mi te lu sa vo ne bri tan dor mel quin zar pho gel tri vex lor han sul bet cor dim".split()


def vocabulary(rng):
    """Common and news words first (frequent), then generated words (rare)."""
    words = list(dict.fromkeys(COMMON + NEWS))
    seen = set(words)
    while len(words) < 60000:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    weights = [1.0 / (rank + 1) ** 1.07 for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


class Writer:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.words, self.cum = vocabulary(random.Random(seed ^ 0x5EED))
        self.total = self.cum[-1]

    def word(self):
        return self.words[bisect.bisect(self.cum, self.rng.random() * self.total)]

    def some_words(self, n):
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def person(self):
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def sentence(self, people):
        rng = self.rng
        words = self.some_words(rng.randint(8, 24))
        if people and rng.random() < 0.35:
            who = rng.choice(people)
            form = rng.choice([who, who.split()[-1], f"{rng.choice(TITLES)} {who}"])
            words.insert(rng.randint(0, len(words)), form)
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice([".", ".", ".", ", officials said.", "?"])

    def paragraph(self, people):
        return " ".join(self.sentence(people) for _ in range(self.rng.randint(2, 5)))

    def headline(self):
        text = " ".join(self.some_words(self.rng.randint(4, 10)))
        return text[0].upper() + text[1:]

    def article(self, date):
        rng = self.rng
        people = [self.person() for _ in range(rng.randint(0, 4))]
        parts = [f"-{rng.choice(SECTIONS)}", self.headline()]
        if rng.random() < 0.3:
            parts.append(f"Date: {date.isoformat()}")
        for i in range(rng.randint(3, 12)):
            parts.append(self.paragraph(people))
            if i > 0 and rng.random() < 0.12:
                parts.append(f"Also Read – {self.headline()}")
            if people and rng.random() < 0.06:
                parts.append(f"{rng.choice(people)} at the {self.word()} {self.word()} (Photo – {self.word()})")
        return "\n\n".join(parts) + "\n"


def write_chunk(task):
    out, seed, first, last = task
    w = Writer(seed * 100003 + first // CHUNK)
    start = datetime.date(2000, 1, 1)
    span = (datetime.date(2024, 12, 31) - start).days
    for n in range(first, last):
        date = start + datetime.timedelta(days=(n * 7919) % span)
        folder = os.path.join(out, f"{date:%Y/%m/%d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{n:07d}.txt"), "w", encoding="utf-8") as f:
            f.write(w.article(date))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=30000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    tasks = [(args.out, args.seed, i, min(i + CHUNK, args.articles))
             for i in range(0, args.articles, CHUNK)]
    with multiprocessing.Pool() as pool:
        pool.map(write_chunk, tasks)


if __name__ == "__main__":
    main()
