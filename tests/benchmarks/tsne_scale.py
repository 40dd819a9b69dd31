#!/usr/bin/python3
"""t-SNE at scale (issue #9): the kNN graph's recall, 2-D against 3-D per repulsion path, 1 M points.

Usage: /usr/bin/python3 tests/benchmarks/tsne_scale.py BUILD_DIR [--data DIR] [--million ITERATIONS]

Data: make_blobs(n, 50 features, 10 centres, random_state=0) as float32 .npy, 20 000 and 100 000
rows (and 1 000 000 with --million), written to DIR (default: a temporary folder) unless there.
Runs tsne_scale_bench (tests/benchmarks/tsne_scale_bench.cpp), 2 threads:
  knn        kNN graphs (k = 90) at 100 000 points: the exact (tiled) search, HNSW with a fixed
             ef (k + 10, t-SNE's first choice), HNSW with ef tuned to recall 0.95 (its second),
             and t-SNE's auto (now exact); time and recall@90 on 1 000 rows.
  layout     1 000 iterations from the same P and start, per path: 2-D auto (FFT from 80 000
             points, else Barnes-Hut), 3-D Barnes-Hut at theta 0.5 (the former 3-D path), 3-D
             Barnes-Hut at 0.7, 3-D hybrid (FFT, then Barnes-Hut), 3-D auto; each twice,
             alternating, for the spread.
  --million  the exact graph at 1 M points, then the layouts for ITERATIONS iterations
             (per-iteration times; the whole 1 000 iterations take about 10 minutes a path).
"""
import os
import subprocess
import sys
import tempfile

import numpy as np


def blobs(folder, n):
    path = os.path.join(folder, f"blobs{n // 1000}k.npy")
    if not os.path.exists(path):
        from sklearn.datasets import make_blobs
        x = make_blobs(n_samples=n, n_features=50, centers=10, random_state=0)[0].astype(np.float32)
        np.save(path, x)
    return path


def run(bench, *args):
    env = dict(os.environ, OMP_NUM_THREADS="2")
    print(f"$ tsne_scale_bench {' '.join(args)}", flush=True)
    subprocess.run([bench, *args], env=env, check=True)
    print(flush=True)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bench = os.path.join(sys.argv[1], "tsne_scale_bench")
    folder = sys.argv[sys.argv.index("--data") + 1] if "--data" in sys.argv else tempfile.mkdtemp(prefix="tsne_scale_")
    os.makedirs(folder, exist_ok=True)
    small, large = blobs(folder, 20000), blobs(folder, 100000)
    run(bench, "knn", large, "exact", "16:100:100", "16:100:0", "auto")
    paths = ["2:auto", "3:bh:0.5", "3:bh:0.7", "3:hybrid", "3:auto"]
    for data in (small, large):
        run(bench, "layout", data, "1000", *paths, *paths)
    if "--million" in sys.argv:
        iterations = sys.argv[sys.argv.index("--million") + 1]
        million = blobs(folder, 1000000)
        run(bench, "knn", million, "exact")
        run(bench, "layout", million, iterations, "2:auto", "3:auto")


if __name__ == "__main__":
    main()
