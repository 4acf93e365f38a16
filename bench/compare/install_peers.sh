#!/usr/bin/env bash
# Installs the peers bench/compare.sh runs, the way ../shared/peers/README.md says (a subset of
# its install.sh: no tantivy-cli, Sphinx, Typesense or Whoosh). Idempotent; needs root for apt-get.
#   Debian: ripgrep, python3-xapian, xapian-omega (omindex), xapian-tools (quest), recollcmd,
#           openjdk-17 (javac for the Lucene wrapper), GNU time
#   PyPI, in $PEERS_HOME/venv: tantivy 0.27.0; the Anserini 0.25.0 jar (Lucene 9.9.1) taken
#           from the pyserini 0.25.0 wheel
set -euo pipefail
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/newsidx-peers}
need=()
for p in ripgrep xapian-tools python3-xapian xapian-omega recollcmd openjdk-17-jdk-headless unzip time; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi
mkdir -p "$PEERS_HOME"
[ -x "$PEERS_HOME/venv/bin/python" ] || python3 -m venv "$PEERS_HOME/venv"
"$PEERS_HOME/venv/bin/pip" install -q tantivy==0.27.0
jar="$PEERS_HOME/pyserini-dl/anserini-0.25.0-fatjar.jar"
if [ ! -s "$jar" ]; then
  tmp=$(mktemp -d); mkdir -p "$(dirname "$jar")"
  "$PEERS_HOME/venv/bin/pip" download -q --no-deps pyserini==0.25.0 -d "$tmp"
  unzip -p "$tmp"/pyserini-0.25.0-*.whl pyserini/resources/jars/anserini-0.25.0-fatjar.jar > "$jar"
  rm -rf "$tmp"
fi
echo "peers for bench/compare.sh installed (non-Debian ones under $PEERS_HOME)"
