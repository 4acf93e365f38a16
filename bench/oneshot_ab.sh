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
#   QUEST_DB=DB bench/oneshot_ab.sh quest NEW_BINARY INDEX       # A: Xapian's `quest -m 10` on
#       DB, an omindex database of the same corpus (as bench/compare.sh runs it), against newsidx
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
if [ "$A" = quest ]; then
  [ -d "${QUEST_DB:-}" ] || { echo "oneshot_ab: A is quest: set QUEST_DB to an omindex database" >&2; exit 2; }
  command -v quest >/dev/null || { echo "oneshot_ab: quest (xapian-tools) is not installed" >&2; exit 2; }
else
  [ -x "$A" ] || { echo "oneshot_ab: $A is not an executable" >&2; exit 2; }
fi
[ -x "$B" ] || { echo "oneshot_ab: $B is not an executable" >&2; exit 2; }
[ -f "$INDEX/meta.json" ] || { echo "oneshot_ab: $INDEX is not an index" >&2; exit 2; }
[ -f "$QUERIES" ] || { echo "oneshot_ab: no queries file $QUERIES" >&2; exit 2; }
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$A" "$B" "$INDEX" "$QUERIES" "${ROUNDS:-10}" "${ARGS:-}" "${QUEST_DB:-}" <<'PY'
import statistics, subprocess, sys, time
a, b, index, queries_file, rounds, args, quest_db = sys.argv[1:8]
queries = [q.strip() for q in open(queries_file) if q.strip() and not q.startswith('#')]
times = {a: [], b: []}

def command(binary, q):
    if binary == 'quest':
        return ['quest', '-d', quest_db, '-m', '10', q]
    return [binary, 'search', '--index', index, q, *args.split()]

for _ in range(int(rounds)):
    for binary in (a, b):
        for q in queries:
            start = time.perf_counter()
            subprocess.run(command(binary, q), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[binary].append((time.perf_counter() - start) * 1000)
for label, binary in (('A', a), ('B', b)):
    t = times[binary]
    print(f"{label} {binary}: median {statistics.median(t):.2f} ms, lower quartile "
          f"{statistics.quantiles(t, n=4)[0]:.2f} ms ({len(t)} searches)")
print(f"B/A median: {statistics.median(times[b]) / statistics.median(times[a]):.3f}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
