#!/usr/bin/env bash
# Ranking quality on the TIME test collection's dev queries (../shared/eval/time): builds the
# release binary, indexes the corpus in a temporary folder and prints MAP, nDCG@10 and P@10.
#
#   eval/relevance.sh                        # needs ../shared/eval; says so and exits 0 when absent
#   eval/relevance.sh --extra-args "--expand" # any run_relevance.py options are passed through
set -euo pipefail
cd "$(dirname "$0")/.."
E=${EVAL_DIR:-../shared/eval}
if [ ! -f "$E/run_relevance.py" ] || [ ! -d "$E/time/corpus" ]; then
  echo "eval: $E/time is absent; nothing measured (set EVAL_DIR=DIR)" >&2
  exit 0
fi
cargo build --release --quiet
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 "$E/run_relevance.py" --newsidx "${CARGO_TARGET_DIR:-target}/release/newsidx" --corpus "$E/time/corpus" \
  --queries "$E/time/queries.tsv" --qrels "$E/time/qrels.txt" --index "$OUT/index" "$@" \
  | tee "$OUT/scores.txt"
last=$(tail -1 "$OUT/scores.txt")
map=$(sed -n 's/.*MAP=\([0-9.]*\).*/\1/p' <<<"$last")
ndcg=$(sed -n 's/.*nDCG@10=\([0-9.]*\).*/\1/p' <<<"$last")
p10=$(sed -n 's/.*P@10=\([0-9.]*\).*/\1/p' <<<"$last")
echo "TIME dev (41 judged queries): MAP $map  nDCG@10 $ndcg  P@10 $p10"
