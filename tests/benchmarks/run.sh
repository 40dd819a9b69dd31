#!/usr/bin/env bash
# Runs every benchmark: the project and its peers on the same data, in one run, printing ratios.
# Usage: tests/benchmarks/run.sh BUILD_DIR      (make bench does this)
# Needs Debian's python3-gensim and python3-sklearn, and libopenblas0-pthread so the peers use
# an optimised BLAS (see ../shared/design/peers.md). Not part of `make test`: figures are noisy.
set -euo pipefail
build=${1:-build/dev}
here=$(cd "$(dirname "$0")" && pwd)
missing=$(for p in python3-gensim python3-sklearn libopenblas0-pthread; do
  dpkg-query -W -f='${Status}' $p 2>/dev/null | grep -q 'install ok installed' || echo $p; done)
if [ -n "$missing" ]; then
  echo "Installing the peers: $missing"
  apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
cmake --build "$build" --target embedscope-cli pca_bench >/dev/null
echo "## Loading"
/usr/bin/python3 "$here/bench_load.py" "$build"
echo
echo "## PCA"
/usr/bin/python3 "$here/pca_peer.py" "$build"
