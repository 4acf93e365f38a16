#!/usr/bin/env bash
# Query speed on the generated corpus (issue 5 targets on 300,000 articles):
#   - in-process, warm: p50/p95 per query with snippets for the top 10 (examples/bench_query.rs),
#     over the fixed queries in bench/queries.txt, without and with --facets;
#   - one-shot `newsidx search QUERY` (process start to exit, warm page cache): median wall
#     and CPU time over RUNS runs of each of a few queries.
#
#   bench/query.sh                    # 300,000 articles, ROUNDS=5, RUNS=15
#   ARTICLES=30000 bench/query.sh     # a smaller generated corpus
#   GENERATE=1 bench/query.sh         # generate the corpus first if it is missing
#
# The corpus is bench/reindex.sh's (target/bench-data/gen-N, made by bench/gen_corpus.py); the
# index is built once into target/bench-data/index-N and reused. Without either, the script
# says so and exits 0. Needs cargo and python3. Timings on a shared machine are noisy: the
# load average is printed before each part.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-300000}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-15}
CORPUS=${CORPUS:-target/bench-data/gen-$ARTICLES}
INDEX=${INDEX:-target/bench-data/index-$ARTICLES}
QUERIES=bench/queries.txt

if [ ! -f "$INDEX/meta.json" ] && [ ! -d "$CORPUS" ]; then
  if [ "${GENERATE:-0}" != 1 ]; then
    echo "bench/query.sh: no index at $INDEX and no generated corpus at $CORPUS: nothing measured."
    echo "  Generate the corpus (about 1.5 GB and a few minutes for 300,000 articles) with"
    echo "  GENERATE=1 bench/query.sh, or run bench/reindex.sh, which makes the same corpus."
    exit 0
  fi
  echo "generating $ARTICLES articles into $CORPUS (once) ..." >&2
  python3 bench/gen_corpus.py "$CORPUS.partial" --articles "$ARTICLES"
  mv "$CORPUS.partial" "$CORPUS"
fi

cargo build --release --quiet --bin newsidx --example bench_query
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Private copies, so a rebuild during the benchmark cannot swap the binaries under it.
cp "${CARGO_TARGET_DIR:-target}"/release/newsidx "$WORK/newsidx"
cp "${CARGO_TARGET_DIR:-target}"/release/examples/bench_query "$WORK/bench_query"
BIN=$WORK/newsidx

if [ -f "$INDEX/meta.json" ] && ! "$BIN" stats --index "$INDEX" > /dev/null 2>&1; then
  echo "the index at $INDEX does not open with this binary (schema changed?); rebuilding it" >&2
  rm -rf "$INDEX"
fi
if [ ! -f "$INDEX/meta.json" ]; then
  echo "building the index $INDEX from $CORPUS (once) ..." >&2
  rm -rf "$INDEX.partial"
  "$BIN" build "$CORPUS" --index "$INDEX.partial" --quiet || [ $? -eq 3 ]
  mv "$INDEX.partial" "$INDEX"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "index:   $INDEX ($(du -sh "$INDEX" | cut -f1))"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo
echo "== in-process, warm (targets: p50 <= 3 ms, p95 <= 20 ms; facets at most 2x)"
"$WORK/bench_query" "$INDEX" "$QUERIES" "$ROUNDS"
echo
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== one-shot \`newsidx search QUERY\`, warm page cache, $RUNS runs each (target: median <= 40 ms)"
python3 - "$BIN" "$INDEX" "$RUNS" "$QUERIES" <<'PY'
import os, statistics, subprocess, sys, time
binary, index, runs, queries = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
# The first query of each group in the query file.
picked, take = [], True
for line in open(queries, encoding="utf-8"):
    line = line.strip()
    if line.startswith("##"):
        take = True
    elif line and not line.startswith("#") and take:
        picked.append(line)
        take = False

def once(query):
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "search", query, "--index", index, "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"bench: newsidx search {query!r} failed")
    return wall * 1e3, (usage.ru_utime + usage.ru_stime) * 1e3

walls, cpus = [], []
for query in picked:
    for _ in range(2):
        once(query)  # warm the page cache
    w, c = zip(*(once(query) for _ in range(runs)))
    walls += w
    cpus += c
    print(f"  {query!r:40} median wall {statistics.median(w):6.1f} ms  cpu {statistics.median(c):6.1f} ms")
print(f"one-shot median over {len(walls)} runs: wall {statistics.median(walls):.1f} ms, "
      f"cpu (user+sys) {statistics.median(cpus):.1f} ms")
PY
