#!/usr/bin/env bash
# Articles/s per input format: the same Reuters-21578 stories read as one .txt file each, as
# the original SGML (22 files of ~1,000 <REUTERS> records), and as JSON Lines (22 files,
# written to a temporary folder from the .txt tree; plain and gzip-compressed). Each format is
# built from scratch RUNS times, with the people tagger and with --no-people (the tagger's
# cost hides the reader's), and the median build's articles/s is printed.
#
#   bench/formats.sh                       # corpora in ../shared/corpora, 3 runs
#   RUNS=1 THREADS=2 bench/formats.sh
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

for dir in "$SGML" "$TXT"; do
  if [ ! -d "$dir" ]; then
    echo "bench: corpus $dir is absent; nothing measured" >&2
    exit 0
  fi
done

cargo build --release --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp target/release/newsidx "$WORK/newsidx"   # immune to rebuilds during the run
BIN=$WORK/newsidx

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

echo "machine: $(nproc) cores ($THREADS threads used), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "runs: $RUNS per row (median articles/s of full builds from scratch)"
printf '%-12s %-10s %8s %8s %10s\n' format people files indexed "articles/s"
cat $(find "$TXT" "$SGML" -type f) > /dev/null 2>&1 || true
for row in "txt:$TXT" "sgml:$SGML" "jsonl:$WORK/jsonl" "jsonl.gz:$WORK/jsonl-gz"; do
  name=${row%%:*}; corpus=${row#*:}
  for people in on off; do
    flag=(); [ "$people" = off ] && flag=(--no-people)
    rates=()
    for i in $(seq 1 "$RUNS"); do
      rm -rf "$WORK/index"
      rc=0
      "$BIN" build "$corpus" --index "$WORK/index" -j "$THREADS" --json --quiet "${flag[@]}" \
        > "$WORK/summary.json" 2> /dev/null || rc=$?
      if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        echo "bench: build of $name failed with exit code $rc" >&2
        exit 1
      fi
      rates+=("$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["files"], s["indexed"], s["articles_per_sec"])' "$WORK/summary.json")")
    done
    printf '%s\n' "${rates[@]}" | python3 -c '
import statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
rate = statistics.median(float(r[2]) for r in rows)
print(f"%-12s %-10s %8s %8s %10.0f" % (sys.argv[1], sys.argv[2], rows[0][0], rows[0][1], rate))
' "$name" "$people"
  done
done
