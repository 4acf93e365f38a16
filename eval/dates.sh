#!/usr/bin/env bash
# Date extraction on the Reuters-21578 dev stories (../shared/eval/dates-dev): the dated tree
# (path rule available) and the flat copy (text only, scored on month and day), plus speed.
#
#   eval/dates.sh            # needs ../shared/eval; says so and exits 0 when it is absent
set -euo pipefail
cd "$(dirname "$0")/.."
E=${EVAL_DIR:-../shared/eval}
if [ ! -d "$E/dates-dev" ]; then
  echo "eval: $E/dates-dev is absent; nothing measured (set EVAL_DIR=DIR)" >&2
  exit 0
fi
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/newsidx
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== dated tree (YYYY/MM/DD/NEWID.txt): all rules"
start=$(date +%s.%N)
find "$E/dates-dev/reuters" -name '*.txt' -print0 | xargs -0 "$BIN" inspect --json > "$OUT/dated.jsonl" 2> /dev/null || true
end=$(date +%s.%N)
python3 "$E/score_dates.py" --gold "$E/dates-dev/gold.jsonl" --pred "$OUT/dated.jsonl" | tail -1
python3 - "$OUT/dated.jsonl" "$start" "$end" <<'PY'
import collections, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("date_source:", dict(collections.Counter(r.get("date_source") for r in rows)))
print(f"inspect (read + parse + extract + JSON), whole process: {len(rows) / (float(sys.argv[3]) - float(sys.argv[2])):,.0f} articles/s")
PY

echo "== flat copy (no date in the path, no year in the text): month and day only"
find "$E/dates-dev/reuters_flat" -name '*.txt' -print0 | xargs -0 "$BIN" inspect --json > "$OUT/flat.jsonl" 2> /dev/null || true
python3 "$E/score_dates.py" --gold "$E/dates-dev/gold.jsonl" --pred "$OUT/flat.jsonl" --ignore-year | tail -1
echo "(the flat copy has no year anywhere, so newsidx leaves datelines undated there rather than guess)"

echo "== year-only folders (1987/NEWID.txt, links to the flat copy): the dateline rule"
mkdir -p "$OUT/year/1987"
for f in "$E"/dates-dev/reuters_flat/*.txt; do ln -s "$(realpath "$f")" "$OUT/year/1987/"; done
find "$OUT/year" -name '*.txt' -print0 | xargs -0 "$BIN" inspect --json > "$OUT/year.jsonl" 2> /dev/null || true
python3 "$E/score_dates.py" --gold "$E/dates-dev/gold.jsonl" --pred "$OUT/year.jsonl" | tail -1
