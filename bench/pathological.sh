#!/usr/bin/env bash
# Inputs that once took quadratic time or memory, each timed as a whole process: a file that is
# a long list of names, a long file of odd text, web pages with thousands of nested or unclosed
# elements, `newsidx people` over an article naming 120,000 people, a gzip bomb and a large
# JSON Lines file. Each case should take well under a few seconds (the JSON Lines build about
# ten) in flat memory; before the fixes they took minutes or gigabytes (figures in comments).
#
#   bench/pathological.sh            # the default sizes
#   SCALE=3 bench/pathological.sh    # three times as large: the times should grow about 3x
#
# Generates everything it reads (python3, deterministic); needs cargo and GNU time. No data
# from ../shared is used. NEWSIDX=PATH times another binary (an older build) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${SCALE:-1}
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -n "${NEWSIDX:-}" ]; then
  cp "$NEWSIDX" "$WORK/newsidx"
else
  cargo build --release --quiet --bin newsidx
  cp "${CARGO_TARGET_DIR:-target}/release/newsidx" "$WORK/newsidx"
fi
N="$WORK/newsidx"

python3 - "$WORK" "$SCALE" <<'EOF'
import base64, os, random, sys
work, scale = sys.argv[1], int(sys.argv[2])
random.seed(7)
here = "src/extract/people"
first = [l.split()[0].capitalize() for l in open(f"{here}/census_first.txt") if l.strip()][:3000]
last = [l.split()[0].capitalize() for l in open(f"{here}/census_last.txt") if l.strip()][:20000]
def names(n):
    return " ".join(f"{random.choice(first)} {random.choice(last)} said." for _ in range(n))
def write(name, text):
    os.makedirs(os.path.dirname(f"{work}/{name}"), exist_ok=True)
    open(f"{work}/{name}", "w").write(text)
head = "-World\n\nA long list\n\n"
# 40,000 names: 63 s to extract when names were folded by comparing every pair (0.8 MB).
write("names/list.txt", head + names(40000 * scale) + "\n")
# 5.5 MB of base64 lines (16 MB at SCALE=3, under the 16 MiB limit): slow when the tagger's
# memory of tagged words was a list.
write("text/odd.txt", head + base64.encodebytes(random.randbytes(4_000_000 * scale)).decode())
page = "<!doctype html><html><head><title>Deep</title></head><body>{}</body></html>"
# 100,000 unclosed <div>s (0.5 MB): 61 s in the HTML parser.
write("html/open-divs.html", page.format("<div>" * (100000 * scale) + "<p>text</p>"))
# 20,000 nested <span>s: inline elements cost neither the parser nor readability; read as usual.
write("html/nested-spans.html", page.format("<span>" * (20000 * scale) + "<p>text</p>" + "</span>" * (20000 * scale)))
# One article naming 120,000 people, for `newsidx people`: 1.41 s when each of an article's
# values was compared with all its others.
write("people/corpus/list.txt", head + names(120000 * scale) + "\n")
# 1 GiB of zeros gzipped as JSON Lines (1 MB on disk): read whole before streaming (5.1 s,
# 1,030 MB RSS); now one line too long to hold, skipped as too_large (0.24 s, 53 MB).
import gzip, json
os.makedirs(f"{work}/bomb", exist_ok=True)
with gzip.open(f"{work}/bomb/zeros.jsonl.gz", "wb", compresslevel=6) as g:
    for _ in range(1024 * scale):
        g.write(bytes(1 << 20))
# One JSON Lines file of 100,000 short articles (47 MB): built one record at a time (113 MB
# peak RSS; 197 MB when the file was held whole, and files over 512 MiB were skipped).
words = [w.lower() for w in last[:5000]]
os.makedirs(f"{work}/jsonl", exist_ok=True)
with open(f"{work}/jsonl/news.jsonl", "w") as out:
    for i in range(100000 * scale):
        text = " ".join(random.choice(words) for _ in range(60))
        out.write(json.dumps({"id": str(i), "title": f"Story {i}", "text": text}) + "\n")
EOF

# timed NAME COMMAND...: prints the wall seconds and peak RSS of one run.
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > /dev/null 2>&1 || true
  read -r secs kb < <(tail -n 1 "$WORK/time")   # after any "Command exited with ..." line
  printf '%-58s %8s s %8s MB\n' "$name" "$secs" "$((kb / 1024))"
}
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); SCALE=$SCALE"
size() { du -h "$1" | cut -f1; }
timed "inspect: list of names ($(size "$WORK/names/list.txt"))" "$N" inspect "$WORK/names/list.txt"
timed "inspect: base64 text ($(size "$WORK/text/odd.txt"))" "$N" inspect "$WORK/text/odd.txt"
timed "inspect: unclosed <div>s ($(size "$WORK/html/open-divs.html"), skipped)" "$N" inspect "$WORK/html/open-divs.html"
timed "inspect: nested <span>s ($(size "$WORK/html/nested-spans.html"))" "$N" inspect "$WORK/html/nested-spans.html"
"$N" build "$WORK/people/corpus" --index "$WORK/people/index" --quiet > /dev/null 2>&1 || true
timed "people: one article naming $((120 * SCALE)),000 people" "$N" people --index "$WORK/people/index"
timed "inspect: 1 GiB of zeros as .jsonl.gz ($(size "$WORK/bomb/zeros.jsonl.gz"), skipped)" "$N" inspect "$WORK/bomb/zeros.jsonl.gz"
timed "build: one JSON Lines file ($(size "$WORK/jsonl/news.jsonl"), $((100 * SCALE)),000 records)" "$N" build "$WORK/jsonl" --index "$WORK/jsonl-index" --quiet
