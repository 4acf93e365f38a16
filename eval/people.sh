#!/usr/bin/env bash
# People extraction: per-article people sets on the CoNLL-2003 dev split (testa), scored by
# ../shared/eval/score_people.py from `newsidx inspect --json`, the seed article, and the speed
# of extract_people alone on one thread over ../shared/corpora/reuters.
#
#   eval/people.sh            # needs ../shared; says so and exits 0 when it is absent
#   eval/people.sh --train    # also scores the CoNLL train articles (what the model saw)
set -euo pipefail
cd "$(dirname "$0")/.."
S=${SHARED_DIR:-../shared}
E=$S/eval
if [ ! -f "$E/score_people.py" ] || [ ! -d "$E/people-dev/testa/articles" ]; then
  echo "eval: $E/people-dev is absent; nothing measured (set SHARED_DIR=DIR)" >&2
  exit 0
fi
cargo build --release --quiet --bin newsidx --example bench_people
T=${CARGO_TARGET_DIR:-target}
BIN=$T/release/newsidx
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

score() { # split
  find "$E/people-dev/$1/articles" -name '*.txt' -print0 | sort -z |
    xargs -0 "$BIN" inspect --json > "$OUT/$1.jsonl" 2> /dev/null || true
  python3 "$E/score_people.py" --gold "$E/people-dev/gold-$1.jsonl" --pred "$OUT/$1.jsonl" --top 10
}

echo "== CoNLL-2003 testa (dev): per-article people sets"
score testa
if [ "${1:-}" = "--train" ]; then
  echo "== CoNLL-2003 train (the training data)"
  score train
fi

SEED=$(find "$S/seed" -name '000_*.txt' 2> /dev/null | head -1)
if [ -n "$SEED" ]; then
  echo "== seed article (want Vladimir Putin, Dmitry Peskov, Joe Biden, Donald Trump)"
  "$BIN" inspect --json "$SEED" | python3 -c 'import json, sys; print(json.load(sys.stdin)["people"])'
fi

if [ -d "$S/corpora/reuters" ]; then
  echo "== speed of extract_people alone, one thread, Reuters-21578 (best of 3 passes; first_pass: empty caches, as in a build)"
  "$T/release/examples/bench_people" "$S/corpora/reuters" 3
fi
