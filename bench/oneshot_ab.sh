#!/usr/bin/env bash
# One-shot `newsidx search` time of two builds, side by side: each query of QUERIES is run as a
# whole process (start to exit, warm page cache) by build A, then by build B, for ROUNDS rounds,
# so that both see the same machine load. Prints the median and lower quartile of the wall
# time per build, and the ratio B/A. For a before/after figure of a change that touches
# one-shot searches.
#
#   bench/oneshot_ab.sh OLD_BINARY NEW_BINARY INDEX [QUERIES]   # QUERIES: bench/compare/queries.txt
#   ROUNDS=20 bench/oneshot_ab.sh ...                            # default 10 rounds
#   ARGS="--limit 1" bench/oneshot_ab.sh ...                     # extra search arguments
#
# Both binaries must read INDEX (the same schema version). Needs python3. Exits 2 on missing
# inputs.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: bench/oneshot_ab.sh OLD_BINARY NEW_BINARY INDEX [QUERIES]" >&2
  exit 2
fi
A=$1 B=$2 INDEX=$3
QUERIES=${4:-$(dirname "$0")/compare/queries.txt}
for f in "$A" "$B"; do [ -x "$f" ] || { echo "oneshot_ab: $f is not an executable" >&2; exit 2; }; done
[ -f "$INDEX/meta.json" ] || { echo "oneshot_ab: $INDEX is not an index" >&2; exit 2; }
[ -f "$QUERIES" ] || { echo "oneshot_ab: no queries file $QUERIES" >&2; exit 2; }
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$A" "$B" "$INDEX" "$QUERIES" "${ROUNDS:-10}" "${ARGS:-}" <<'PY'
import statistics, subprocess, sys, time
a, b, index, queries_file, rounds, args = sys.argv[1:7]
queries = [q.strip() for q in open(queries_file) if q.strip() and not q.startswith('#')]
times = {a: [], b: []}
for _ in range(int(rounds)):
    for binary in (a, b):
        for q in queries:
            start = time.perf_counter()
            subprocess.run([binary, 'search', '--index', index, q, *args.split()],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[binary].append((time.perf_counter() - start) * 1000)
for label, binary in (('A', a), ('B', b)):
    t = times[binary]
    print(f"{label} {binary}: median {statistics.median(t):.2f} ms, lower quartile "
          f"{statistics.quantiles(t, n=4)[0]:.2f} ms ({len(t)} searches)")
print(f"B/A median: {statistics.median(times[b]) / statistics.median(times[a]):.3f}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
