#!/usr/bin/env bash
# Scaling: how build time, memory, index size and query latency grow with the corpus.
#
#   bench/scale.sh                              # 30k, 300k and 1M generated articles
#   SIZES=30000,300000 bench/scale.sh           # any sizes, smallest first
#   GENERATE=1 bench/scale.sh                   # generate missing corpora first (1M: ~6 min, 3 GB)
#
# For each size N: the generated corpus target/bench-data/gen-N (bench/gen_corpus.py, the
# corpus of bench/reindex.sh and bench/query.sh) is read once with `cat` to warm the page
# cache, built from scratch RUNS times (default 1) into a scratch index, and the last index
# is queried in-process with bench/queries.txt (examples/bench_query.rs, ROUNDS rounds, top 10
# with snippets). Prints one table: build wall/CPU seconds (median), articles/s, peak RSS,
# index bytes per corpus byte, query p50/p95, and each figure's growth against the size
# before it, beside the growth in articles. A size whose corpus is absent is skipped with a
# notice (and exit 0 when none is present). KEEP=1 keeps the indexes (target/bench-data/scale-N).
# Needs cargo, python3 and GNU time. Timings on a shared VM drift; the load is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-30000,300000,1000000}
RUNS=${RUNS:-1}
ROUNDS=${ROUNDS:-3}
DATA=target/bench-data
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

cargo build --release --quiet --bin newsidx --example bench_query
T=${CARGO_TARGET_DIR:-target}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$T/release/newsidx" "$T/release/examples/bench_query" "$WORK/"   # immune to rebuilds
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

for n in ${SIZES//,/ }; do
  corpus=$DATA/gen-$n
  if [ ! -d "$corpus" ] && [ "${GENERATE:-0}" = 1 ]; then
    python3 bench/gen_corpus.py "$corpus.partial" --articles "$n" && mv "$corpus.partial" "$corpus"
  fi
  if [ ! -d "$corpus" ]; then
    echo "bench: $corpus is absent; size $n skipped (GENERATE=1 makes it)" >&2
    continue
  fi
  echo "== $n articles: load $(cut -d' ' -f1-3 /proc/loadavg)"
  find "$corpus" -name '*.txt' -print0 | xargs -0 cat > /dev/null
  index=$DATA/scale-$n
  for r in $(seq "$RUNS"); do
    rm -rf "$index"
    /usr/bin/time -f "$n %e %U %S %M" -a -o "$WORK/builds" \
      "$WORK/newsidx" build "$corpus" --index "$index" --quiet > /dev/null || {
      rc=$?; [ "$rc" -eq 3 ] || { echo "bench: build of $n failed ($rc)" >&2; exit 1; }
    }
    echo "  build: $(tail -1 "$WORK/builds" | awk '{print $2 " s wall, " $3 + $4 " s CPU, " int($5 / 1024) " MB RSS"}')"
  done
  corpus_bytes=$(find "$corpus" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f\n", s}')
  index_bytes=$(du -sb "$index" | cut -f1)
  echo "$n $corpus_bytes $index_bytes" >> "$WORK/sizes"
  "$WORK/bench_query" "$index" bench/queries.txt "$ROUNDS" | grep '^no facets' \
    | sed "s/^/$n /" >> "$WORK/queries"
  echo "  index: $index_bytes bytes for $corpus_bytes corpus bytes; queries: $(tail -1 "$WORK/queries" | cut -c1-90)"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$index"
done
[ -f "$WORK/builds" ] || { echo "bench: no corpus present; nothing measured" >&2; exit 0; }

python3 - "$WORK" <<'PY'
import re, statistics, sys
work = sys.argv[1]
builds, sizes, queries = {}, {}, {}
for line in open(f"{work}/builds"):
    n, wall, user, sys_, rss = line.split()
    builds.setdefault(int(n), []).append((float(wall), float(user) + float(sys_), int(rss)))
for line in open(f"{work}/sizes"):
    n, c, i = map(int, line.split())
    sizes[n] = (c, i)
for line in open(f"{work}/queries"):
    n = int(line.split()[0])
    p50 = float(re.search(r"wall p50\s+([\d.]+)", line).group(1))
    p95 = float(re.search(r"p95\s+([\d.]+)", line).group(1))
    queries[n] = (p50, p95)
print()
print(f"{'articles':>9} {'build s':>8} {'CPU s':>7} {'art/s':>7} {'RSS MB':>7} {'idx/corpus':>10}"
      f" {'p50 ms':>7} {'p95 ms':>7}   growth vs the size before: articles, build, p50")
prev = None
for n in sorted(builds):
    wall = statistics.median(b[0] for b in builds[n])
    cpu = statistics.median(b[1] for b in builds[n])
    rss = max(b[2] for b in builds[n]) / 1024
    c, i = sizes[n]
    p50, p95 = queries.get(n, (float("nan"), float("nan")))
    growth = ""
    if prev:
        pn, pwall, pp50 = prev
        growth = f"{n / pn:.2f}x, {wall / pwall:.2f}x, {p50 / pp50:.2f}x"
    print(f"{n:>9} {wall:>8.1f} {cpu:>7.1f} {n / wall:>7.0f} {rss:>7.0f} {i / c:>10.3f}"
          f" {p50:>7.2f} {p95:>7.2f}   {growth}")
    prev = (n, wall, p50)
print(f"(build: median of {len(next(iter(builds.values())))} run(s); queries: bench/queries.txt,"
      " in-process, warm, top 10 with snippets)")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
