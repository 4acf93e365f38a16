#!/usr/bin/env bash
# Articles/s per input format: the same Reuters-21578 stories read as one .txt file each, as
# the original SGML (22 files of ~1,000 <REUTERS> records), and as JSON Lines (22 files,
# written to a temporary folder from the .txt tree; plain and gzip-compressed). Each format is
# built from scratch RUNS times, with the people tagger and with --no-people (the tagger's
# cost hides the reader's), and the median build's articles/s is printed.
#
# Web pages: PAGES synthetic news pages of 50-150 KB (bench/gen_html.py, invented text) as
# .html files and as one .warc.gz (a request and a response record per page, one gzip member
# each). Their rows also print pages per CPU-second (user+sys of the build process), the
# figure to hold against the 1,000 pages/s/core target: wall time on a shared machine
# depends on the load.
#
#   bench/formats.sh                       # corpora in ../shared/corpora, 3 runs
#   RUNS=1 THREADS=2 bench/formats.sh
#   ONLY=web PAGES=1000 bench/formats.sh   # the HTML and WARC rows only (no corpus needed)
#   NEWSIDX=/tmp/old/newsidx ONLY=web bench/formats.sh   # measure that binary, build nothing
#
# The HTML reader alone, without indexing (pages per CPU-second of one thread):
#   python3 bench/gen_html.py /tmp/pages --pages 500
#   cargo run --release --example bench_html -- /tmp/pages 3 [--dump fields.txt]
#
# Reads ../shared/corpora/reuters-sgml and ../shared/corpora/reuters directly; copies nothing
# into the repository (the JSON Lines files live in a temporary folder removed at exit).
# Needs: cargo, python3. Exits 0 with a notice when a corpus is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
SGML=${SGML:-../shared/corpora/reuters-sgml}
TXT=${TXT:-../shared/corpora/reuters}
RUNS=${RUNS:-3}
THREADS=${THREADS:-$(nproc)}
PAGES=${PAGES:-1000}
ONLY=${ONLY:-all}

if [ "$ONLY" != web ]; then
  for dir in "$SGML" "$TXT"; do
    if [ ! -d "$dir" ]; then
      echo "bench: corpus $dir is absent; nothing measured (ONLY=web runs the web rows)" >&2
      exit 0
    fi
  done
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -n "${NEWSIDX:-}" ]; then
  cp "$NEWSIDX" "$WORK/newsidx"   # a binary built elsewhere (an older commit, to compare)
else
  cargo build --release --quiet
  cp "${CARGO_TARGET_DIR:-target}/release/newsidx" "$WORK/newsidx"   # immune to rebuilds during the run
fi
BIN=$WORK/newsidx

# One full build of CORPUS from scratch; prints "files indexed articles/s cpu_seconds".
measure() {
  local corpus=$1; shift
  rm -rf "$WORK/index"
  python3 - "$WORK/summary.json" "$BIN" build "$corpus" --index "$WORK/index" -j "$THREADS" \
    --json --quiet "$@" <<'PY'
import json, resource, subprocess, sys
out, cmd = sys.argv[1], sys.argv[2:]
with open(out, "w") as f:
    rc = subprocess.run(cmd, stdout=f, stderr=subprocess.DEVNULL).returncode
if rc not in (0, 3):
    sys.exit(f"bench: build failed with exit code {rc}")
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
s = json.load(open(out))
print(s["files"], s["indexed"], s["articles_per_sec"], ru.ru_utime + ru.ru_stime)
PY
}

# The median of RUNS builds: "format people files indexed articles/s articles/cpu-s".
row() {
  local name=$1 corpus=$2 people=$3
  local flag=(); [ "$people" = off ] && flag=(--no-people)
  for i in $(seq 1 "$RUNS"); do measure "$corpus" "${flag[@]}"; done | python3 -c '
import statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
rate = statistics.median(float(r[2]) for r in rows)
cpu = statistics.median(int(r[1]) / float(r[3]) for r in rows)
print("%-12s %-10s %8s %8s %10.0f %12.0f" % (sys.argv[1], sys.argv[2], rows[0][0], rows[0][1], rate, cpu))
' "$name" "$people"
}

echo "machine: $(nproc) cores ($THREADS threads used), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: $RUNS per row (median of full builds from scratch; articles/cpu-s = indexed / (user+sys))"
printf '%-12s %-10s %8s %8s %10s %12s\n' format people files indexed "articles/s" "articles/cpu-s"

if [ "$ONLY" != web ]; then
# JSON Lines from the .txt tree: 22 files of about 870 stories, keys as news-please writes them.
python3 - "$TXT" "$WORK/jsonl" "$WORK/jsonl-gz" <<'PY'
import gzip, json, os, sys
src, out, out_gz = sys.argv[1:4]
os.makedirs(out); os.makedirs(out_gz)
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.endswith(".txt"))
per = -(-len(paths) // 22)
for n in range(0, len(paths), per):
    lines = []
    for p in paths[n:n + per]:
        text = open(p, encoding="utf-8").read()
        blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
        section = blocks[0][1:] if blocks and blocks[0].startswith("-") else None
        rest = blocks[1:] if section is not None else blocks
        if not rest:
            continue
        rel = os.path.relpath(p, src)
        date = "-".join(rel.split(os.sep)[:3])
        lines.append(json.dumps({"id": rel, "title": rest[0], "date_publish": date,
                                 "category": section, "maintext": "\n".join(rest[1:])}))
    name = f"part-{n // per:02d}.jsonl"
    data = ("\n".join(lines) + "\n").encode()
    open(os.path.join(out, name), "wb").write(data)
    open(os.path.join(out_gz, name + ".gz"), "wb").write(gzip.compress(data))
PY
  cat $(find "$TXT" "$SGML" -type f) > /dev/null 2>&1 || true
  for row in "txt:$TXT" "sgml:$SGML" "jsonl:$WORK/jsonl" "jsonl.gz:$WORK/jsonl-gz"; do
    for people in on off; do row "${row%%:*}" "${row#*:}" "$people"; done
  done
fi

# Web pages: PAGES .html files and the same pages as one .warc.gz.
python3 bench/gen_html.py "$WORK/html" --pages "$PAGES" --warc "$WORK/crawl.warc.gz"
mkdir -p "$WORK/warc" && mv "$WORK/crawl.warc.gz" "$WORK/warc/"
echo "web pages: $PAGES, $(du -sk "$WORK/html" | cut -f1) KB of HTML ($(( $(du -sk "$WORK/html" | cut -f1) / PAGES )) KB a page), $(du -sk "$WORK/warc" | cut -f1) KB as .warc.gz"
for row in "html:$WORK/html" "warc.gz:$WORK/warc"; do
  for people in on off; do row "${row%%:*}" "${row#*:}" "$people"; done
done
