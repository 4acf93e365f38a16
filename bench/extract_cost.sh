#!/usr/bin/env bash
# What people extraction costs a whole build: full builds from scratch with and without the
# tagger (`build --no-people`), alternated, RUNS of each; prints median wall and CPU seconds
# and the slowdown the tagger causes (target: at most 25%).
#
#   bench/extract_cost.sh                   # ../shared/corpora/reuters, 5 runs of each
#   CORPUS=target/bench-data/gen-30000 RUNS=3 bench/extract_cost.sh
#
# Needs cargo, python3 and GNU time. Says so and exits 0 when the corpus is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpora/reuters}
RUNS=${RUNS:-5}
if [ ! -d "$CORPUS" ]; then
  echo "bench: corpus $CORPUS is absent; nothing measured (set CORPUS=DIR)" >&2
  exit 0
fi
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

cargo build --release --quiet --bin newsidx
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "${CARGO_TARGET_DIR:-target}/release/newsidx" "$WORK/newsidx"   # immune to rebuilds during the run
echo "corpus: $CORPUS ($(find "$CORPUS" -name '*.txt' | wc -l) .txt files)"
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
find "$CORPUS" -name '*.txt' -print0 | xargs -0 cat > /dev/null   # warm the page cache

# run NAME FLAGS...: one full build from scratch, appending "NAME wall cpu" to $WORK/times.
run() {
  local name=$1; shift
  rm -rf "$WORK/index"
  /usr/bin/time -f "$name %e %U %S" -a -o "$WORK/times" \
    "$WORK/newsidx" build "$CORPUS" --index "$WORK/index" --quiet "$@" > /dev/null || {
    rc=$?; [ "$rc" -eq 3 ] || { echo "bench: build failed ($rc)" >&2; exit 1; }
  }
}
for i in $(seq "$RUNS"); do
  run with_people
  run no_people --no-people
done

python3 - "$WORK/times" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 4:
        runs[p[0]].append((float(p[1]), float(p[2]) + float(p[3])))
def med(name, i):
    return statistics.median(r[i] for r in runs[name])
for name in ("with_people", "no_people"):
    print(f"{name:12} wall {med(name, 0):6.2f} s  CPU {med(name, 1):6.2f} s  ({len(runs[name])} runs)")
wall = 100 * (med("with_people", 0) / med("no_people", 0) - 1)
cpu = 100 * (med("with_people", 1) / med("no_people", 1) - 1)
print(f"people extraction slows the build by {wall:.1f}% wall, {cpu:.1f}% CPU (target <= 25%)")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
