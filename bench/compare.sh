#!/usr/bin/env bash
# Side-by-side benchmark: newsidx against every installed peer engine (../shared/peers), each on
# the same corpus in the same run. Prints one table (medians of RUNS runs, ratio newsidx/peer in
# each cell) and rewrites BENCHMARKS.md with it, the machine and its load.
#
#   bench/compare.sh                      # Reuters (../shared/corpora/reuters) and 30k generated
#   CORPUS=300k bench/compare.sh          # 300,000 generated articles (generated once, cached)
#   CORPUS=reuters,30k,300k RUNS=5 bench/compare.sh
#   CORPUS=/path/to/tree bench/compare.sh # any folder of .txt articles
#
# Settings (environment):
#   CORPUS        comma list of reuters | 30k | 300k | a folder   (default reuters,30k)
#   RUNS          runs per figure, at least 3 to rewrite BENCHMARKS.md         (default 3)
#   PEERS         comma list to run only some: tantivy-py,lucene9,sqlite-fts5,xapian-py,omindex,recoll
#   NEWSIDX_REV   build and measure a clean git worktree of this revision (e.g. HEAD) instead of
#                 the checkout as it is; NEWSIDX_BIN=path measures a given binary
#   NEWSIDX_STATIC=1  measure the fully static build of README's Install section (x86_64 glibc)
#   NEWSIDX_QUERY_BENCH  in-process query bench for newsidx (INDEX QUERIES_FILE REPEAT -> {"ms":[...]})
#   BUILD_TIMEOUT  seconds after which a build is killed and that peer dropped for the corpus (300)
#   QUERY_REPEAT  passes over bench/compare/queries.txt for warm latency            (default 20)
#   WRITE=0       print the table only; KEEP=1 keeps the copies and indexes in target/bench-compare
#   REPORT_FROM=target/bench-compare/last.json  redo the table and BENCHMARKS.md from saved figures
#   PEERS_DIR, PEERS_HOME  where the peer wrappers and installs are (see ../shared/peers/README.md)
#
# Peers: bench/compare/install_peers.sh installs the ones used here; absent ones are skipped with
# a notice. Needs python3, cargo and GNU time. The shared corpus is never modified: every system
# works on a private copy under target/bench-compare (removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "compare: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
export COMPARE_COMMAND="${COMPARE_COMMAND:-$(for v in CORPUS RUNS PEERS NEWSIDX_REV NEWSIDX_STATIC; do [ -n "${!v:-}" ] && printf '%s=%s ' "$v" "${!v}"; done)bench/compare.sh}"
exec python3 -B bench/compare/compare.py "$@"
