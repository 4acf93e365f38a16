#!/usr/bin/env bash
# Nightly-reindex benchmark: full build, no-change rerun and 1%-change rerun on a generated
# corpus, against the floor of a metadata-only walk of the same tree, in one run.
#
#   bench/reindex.sh                      # 300,000 generated articles (generated once, cached)
#   ARTICLES=30000 bench/reindex.sh       # smaller corpus
#   CORPUS=/path/to/tree bench/reindex.sh # an existing corpus (modified and restored in place)
#
# Prints each figure as the median of RUNS runs (default 3) and the peak RSS of all runs.
# Needs cargo, python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-300000}
RUNS=${RUNS:-3}
CORPUS=${CORPUS:-target/bench-data/gen-$ARTICLES}
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }

if [ ! -d "$CORPUS" ]; then
  echo "generating $ARTICLES articles into $CORPUS (once) ..." >&2
  python3 bench/gen_corpus.py "$CORPUS.partial" --articles "$ARTICLES"
  mv "$CORPUS.partial" "$CORPUS"
fi
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A private copy, so a rebuild during the benchmark cannot swap the binary under it.
cp "${CARGO_TARGET_DIR:-target}"/release/newsidx "$WORK/newsidx"
BIN=$WORK/newsidx
INDEX=$WORK/index
NFILES=$(find "$CORPUS" -type f -name '*.txt' | wc -l)
echo "corpus: $CORPUS ($NFILES files, $(du -sh --apparent-size "$CORPUS" | cut -f1))"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# timed NAME CMD...: appends "NAME wall_s peak_kb" to $WORK/times
timed() {
  local name=$1; shift
  /usr/bin/time -f "$name %e %M" -a -o "$WORK/times" "$@" > /dev/null 2>> "$WORK/stderr" || {
    rc=$?; [ "$rc" -eq 3 ] || { echo "bench: $name failed ($rc)"; tail -5 "$WORK/stderr"; exit 1; }
  }
}

find "$CORPUS" -type f -printf '%s %T@\n' > /dev/null  # warm the metadata cache
for i in $(seq "$RUNS"); do
  rm -rf "$INDEX"
  timed full "$BIN" build "$CORPUS" --index "$INDEX" --quiet
done
for i in $(seq "$RUNS"); do
  timed walk find "$CORPUS" -type f -printf '%s %T@\n'
  timed nochange "$BIN" build "$CORPUS" --index "$INDEX" --quiet
done

# 1% change: append a line to every 100th file, rerun, then restore the files (also when a
# run fails, so the corpus is never left modified).
mapfile -t CHANGED < <(find "$CORPUS" -type f -name '*.txt' | sort | awk 'NR % 100 == 0')
restore() {
  printf '%s\n' "${CHANGED[@]}" | python3 -c '
import sys
for p in sys.stdin.read().splitlines():
    data = open(p, encoding="utf-8").read()
    cut = data.find("\nA late correction")
    if cut >= 0:
        open(p, "w", encoding="utf-8").write(data[:cut])
'
}
trap 'restore; rm -rf "$WORK"' EXIT
for i in $(seq "$RUNS"); do
  for f in "${CHANGED[@]}"; do printf '\nA late correction, run %s.\n' "$i" >> "$f"; done
  timed onepct "$BIN" build "$CORPUS" --index "$INDEX" --quiet
  restore
done
"$BIN" build "$CORPUS" --index "$INDEX" --quiet || true   # back in sync with the restored files
INDEX_BYTES=$(du -sb "$INDEX" | cut -f1)

python3 - "$WORK/times" "$NFILES" "${#CHANGED[@]}" "$INDEX_BYTES" <<'PY'
import collections, statistics, sys
times, nfiles, nchanged, index_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
runs = collections.defaultdict(list)
for line in open(times):
    parts = line.split()
    if len(parts) == 3 and parts[0] in ("full", "walk", "nochange", "onepct"):
        runs[parts[0]].append((float(parts[1]), int(parts[2])))
med = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
peak = max(kb for k, v in runs.items() if k != "walk" for _, kb in v) / 1024
print(f"full build:           {med['full']:.2f} s  ({nfiles / med['full']:,.0f} articles/s)")
print(f"metadata walk (find): {med['walk']:.3f} s")
print(f"no-change rerun:      {med['nochange']:.3f} s  = {med['nochange'] / med['walk']:.2f}x the walk (target <= 2x)")
print(f"1% change rerun:      {med['onepct']:.3f} s  ({nchanged} files) = {100 * med['onepct'] / med['full']:.1f}% of a full build")
print(f"peak RSS (any run):   {peak:.0f} MB (target < 500 MB)")
print(f"index size:           {index_bytes / 1e6:.1f} MB")
PY
