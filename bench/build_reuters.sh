#!/usr/bin/env bash
# Builds an index of the Reuters-21578 corpus (19,043 stories in the archive's text layout)
# and prints articles/s and peak RSS, as the median of RUNS full builds from scratch.
#
#   bench/build_reuters.sh                 # corpus at ../shared/corpora/reuters, 3 runs
#   CORPUS=/path/to/tree RUNS=5 bench/build_reuters.sh
#
# Needs: cargo, python3, GNU time (/usr/bin/time). Prints a clear notice and exits 0 when the
# corpus is absent (it lives outside the repository, in ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpora/reuters}
RUNS=${RUNS:-3}

if [ ! -d "$CORPUS" ]; then
  echo "bench: corpus $CORPUS is absent; nothing measured (set CORPUS=DIR to point at one)" >&2
  exit 0
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench: GNU time (/usr/bin/time) is needed for peak RSS: apt-get install time" >&2
  exit 2
fi

cargo build --release --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "${CARGO_TARGET_DIR:-target}"/release/newsidx "$WORK/newsidx"   # immune to rebuilds during the run
BIN=$WORK/newsidx

echo "corpus: $CORPUS ($(find "$CORPUS" -name '*.txt' | wc -l) .txt files, $(du -sh "$CORPUS" | cut -f1))"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
# Warm the page cache so every run reads from memory.
cat $(find "$CORPUS" -name '*.txt') > /dev/null 2>&1 || true

for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/index"
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.$i" \
    "$BIN" build "$CORPUS" --index "$WORK/index" --json --quiet > "$WORK/summary.$i.json" || rc=$?
  rc=${rc:-0}
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
    echo "bench: build failed with exit code $rc" >&2
    exit 1
  fi
done

python3 - "$WORK" "$RUNS" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
rows = []
for i in range(1, runs + 1):
    wall, user, sys_, rss_kb = open(f"{work}/time.{i}").read().split()[-4:]
    s = json.load(open(f"{work}/summary.{i}.json"))
    rows.append((float(wall), float(user) + float(sys_), int(rss_kb) / 1024, s["indexed"], s["articles_per_sec"]))
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] for r in rows)
rss = statistics.median(r[2] for r in rows)
indexed = rows[0][3]
print(f"runs: {runs} (medians)")
print(f"articles indexed:   {indexed}")
print(f"wall (process):     {wall:.2f} s")
print(f"cpu (user+sys):     {cpu:.2f} s")
print(f"articles/s (wall):  {indexed / wall:,.0f}")
print(f"peak RSS:           {rss:.0f} MB")
PY
