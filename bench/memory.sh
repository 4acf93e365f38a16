#!/usr/bin/env bash
# Peak memory at scale: does a build's RSS stay flat as the corpus grows?
#
#   bench/memory.sh                         # 4 copies of the 300k generated corpus: 1.2M files
#   COPIES=2 CORPUS=path/to/tree bench/memory.sh
#
# Makes COPIES hard-linked copies of CORPUS side by side (no file data is copied, so a
# million-file tree costs seconds and no disk), then measures, with the default memory budget:
# a full build of one copy, a full build of all copies, and a no-change rerun of each. Prints
# wall time, CPU time and peak RSS of every run. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES=${COPIES:-4}
CORPUS=${CORPUS:-target/bench-data/gen-300000}
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "bench: no corpus at $CORPUS (make one: ARTICLES=300000 bench/reindex.sh, or python3 bench/gen_corpus.py $CORPUS --articles 300000)" >&2; exit 2; }

cargo build --release --quiet
WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsidx-memory.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "${CARGO_TARGET_DIR:-target}"/release/newsidx "$WORK/newsidx"
BIN=$WORK/newsidx
mkdir "$WORK/one" "$WORK/all"
cp -al "$CORPUS" "$WORK/one/c1"
for i in $(seq "$COPIES"); do cp -al "$CORPUS" "$WORK/all/c$i"; done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # NAME TREE INDEX: one build, timed
  local name=$1 tree=$2 index=$3 files
  files=$(find "$tree" -type f | wc -l)
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" "$BIN" build "$tree" --index "$index" --quiet || {
    rc=$?; [ "$rc" -eq 3 ] || { echo "bench: $name failed ($rc)" >&2; exit 1; }
  }
  read -r wall user sys kb < "$WORK/t"
  printf '%-22s %9d files %9.1f s wall %9.1f s CPU %7.0f MB peak RSS\n' \
    "$name" "$files" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$kb / 1024" | bc)"
}
run "full build, 1 copy" "$WORK/one" "$WORK/index-one"
run "no-change, 1 copy" "$WORK/one" "$WORK/index-one"
rm -rf "$WORK/index-one"
run "full build, $COPIES copies" "$WORK/all" "$WORK/index-all"
run "no-change, $COPIES copies" "$WORK/all" "$WORK/index-all"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
