#!/usr/bin/env bash
# Runs every benchmark: the project and its peers on the same data, in one run, printing ratios.
# Usage: tests/benchmarks/run.sh BUILD_DIR [load|pca|neighbours|render|tsne|tsne-scale|labels|analysis|train|kmeans|scale|text-scale ...]   (make bench)
# Needs Debian's python3-gensim and python3-sklearn, and libopenblas0-pthread so the peers use
# an optimised BLAS (see ../shared/design/peers.md). Not part of `make test`: figures are noisy.
set -euo pipefail
build=${1:-build/dev}
shift || true
parts=${*:-load pca neighbours render tsne tsne-scale labels analysis train kmeans scale text-scale}
here=$(cd "$(dirname "$0")" && pwd)
missing=$(for p in python3-gensim python3-sklearn libopenblas0-pthread; do
  dpkg-query -W -f='${Status}' $p 2>/dev/null | grep -q 'install ok installed' || echo $p; done)
if [ -n "$missing" ]; then
  echo "Installing the peers: $missing"
  apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
cmake --build "$build" --target embedscope-cli pca_bench neighbour_bench render_bench label_bench analysis_bench kmeans_bench tsne_scale_bench datagen scale_bench >/dev/null
for part in $parts; do
  case $part in
    load) echo "## Loading (200 000 x 300) vs gensim"; /usr/bin/python3 "$here/bench_load.py" "$build" ;;
    pca) echo "## PCA (100 000 x 300) vs scikit-learn"; /usr/bin/python3 "$here/pca_peer.py" "$build" ;;
    neighbours) echo "## Selecting a point: 100 neighbours over 100 000 x 300"; "$build/neighbour_bench" 100000 300 20 ;;
    render) echo "## Rendering (llvmpipe under Xvfb)"; xvfb-run -a -s "-screen 0 1280x1024x24" "$build/render_bench" ;;
    tsne) echo "## t-SNE vs scikit-learn"; /usr/bin/python3 "$here/tsne_bench.py" "$build" ;;
    tsne-scale) echo "## t-SNE at scale: kNN recall, 2-D vs 3-D paths (20 k, 100 k)"; /usr/bin/python3 "$here/tsne_scale.py" "$build" ;;
    labels) echo "## Map labels (one core)"; OMP_NUM_THREADS=1 "$build/label_bench" ;;
    analysis) echo "## Word analysis (100 000 x 300) vs gensim"; /usr/bin/python3 "$here/analysis_peer.py" "$build" ;;
    train) echo "## word2vec training vs gensim and word2vec.c"; /usr/bin/python3 "$here/train_bench.py" "$build" ;;
    kmeans) echo "## k-means vs scikit-learn"; /usr/bin/python3 "$here/kmeans_bench.py" "$build" ;;
    # 1 M x 300 (1.2 GB binary + 1.2 GB .npy, kept in EMBEDSCOPE_BENCH_DATA between runs).
    scale) echo "## Full size: 1 000 000 x 300 vs gensim, numpy and hnswlib"
           /usr/bin/python3 "$here/scale_bench.py" "$build" --data "${EMBEDSCOPE_BENCH_DATA:-/tmp/embedscope-scale}" ;;
    # 1 M x 300 Projector TSV and CSV (about 2.4 GB each, deleted after the run).
    text-scale) echo "## Full size: opening a 1 000 000 x 300 Projector TSV and CSV vs numpy.loadtxt"
           /usr/bin/python3 "$here/text_load_bench.py" "$build" --data "${EMBEDSCOPE_BENCH_DATA:-/tmp/embedscope-scale}" --delete ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
  echo
done
