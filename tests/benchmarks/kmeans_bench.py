#!/usr/bin/python3
"""k-means: embedscope-cli clusters against scikit-learn 1.2's KMeans, side by side on the same data.

Usage: /usr/bin/python3 tests/benchmarks/kmeans_bench.py BUILD_DIR [--restarts R] [--only NAME]

Data (written once as float32 .npy, so both read the same values):
  blobs100k     100 000 x 50, make_blobs(centers=50, random_state=0), k = 50
  overlap100k   100 000 x 50, the same with cluster_std=8 (blobs that touch: many iterations), k = 50
  digits        1797 x 64, scikit-learn's copy of the UCI digits, k = 10 (ARI against the digit)

Both sides get 2 threads (OMP_NUM_THREADS=2) and the same settings: k-means++ seeding, R restarts
(default 10, scikit-learn 1.2's n_init), at most 300 iterations, tol 1e-4, euclidean, seed 0.
Times are the clustering alone (scikit-learn's fit; embedscope's "seconds", loading excluded),
each side in its own process, measured in the same run. Inertia: Σ‖x − c‖² as each side reports
it. ARI: sklearn.metrics.adjusted_rand_score of each side's labels against the digit labels.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

THREADS = "2"

SKLEARN_CHILD = r"""
import json, sys, time, warnings
import numpy as np
from sklearn.cluster import KMeans
warnings.simplefilter("ignore")
x = np.load(sys.argv[1]); k = int(sys.argv[2]); restarts = int(sys.argv[3])
start = time.perf_counter()
km = KMeans(n_clusters=k, n_init=restarts, max_iter=300, tol=1e-4, random_state=0,
            algorithm="lloyd").fit(x)
seconds = time.perf_counter() - start
np.save(sys.argv[4], km.labels_.astype(np.int32))
print(json.dumps({"seconds": seconds, "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}))
"""


def environment():
    env = dict(os.environ)
    env.update(OMP_NUM_THREADS=THREADS, OPENBLAS_NUM_THREADS=THREADS, MKL_NUM_THREADS=THREADS)
    return env


def run(command):
    done = subprocess.run(command, capture_output=True, text=True, env=environment())
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return done.stdout


def sklearn(path, k, restarts, labels_out):
    result = json.loads(run([sys.executable, "-c", SKLEARN_CHILD, path, str(k), str(restarts),
                             labels_out]).strip().splitlines()[-1])
    return result, np.load(labels_out)


def embedscope(cli, path, k, restarts, table_out):
    result = json.loads(run([cli, "clusters", path, "-k", str(k), "--restarts", str(restarts),
                             "--iterations", "300", "--seed", "0", "--metric", "euclidean",
                             "--out", table_out, "--json"]))
    labels = np.loadtxt(table_out, delimiter="\t", skiprows=1, usecols=1, dtype=np.int64,
                        comments=None)
    return result, labels


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = sys.argv[1]
    restarts = int(sys.argv[sys.argv.index("--restarts") + 1]) if "--restarts" in sys.argv else 10
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    cli = os.path.join(build, "embedscope-cli")
    work = tempfile.mkdtemp(prefix="kmeans_bench_")

    from sklearn.datasets import load_digits, make_blobs
    from sklearn.metrics import adjusted_rand_score
    digits = load_digits()
    sets = {
        "blobs100k": (lambda: make_blobs(n_samples=100000, n_features=50, centers=50,
                                         random_state=0)[0], 50, None),
        "overlap100k": (lambda: make_blobs(n_samples=100000, n_features=50, centers=50,
                                           cluster_std=8.0, random_state=0)[0], 50, None),
        "digits": (lambda: digits.data, 10, digits.target),
    }
    print(f"k-means, {restarts} restarts, at most 300 iterations, {THREADS} threads each\n")
    print("| data | k | scikit-learn s | embedscope s | speed-up | scikit-learn inertia "
          "| embedscope inertia | inertia vs sklearn | iterations (sk / es) | ARI (sk / es) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, (make, k, truth) in sets.items():
        if only and name != only:
            continue
        path = os.path.join(work, name + ".npy")
        np.save(path, np.ascontiguousarray(make(), dtype=np.float32))
        sk, sk_labels = sklearn(path, k, restarts, os.path.join(work, name + "-sk.npy"))
        es, es_labels = embedscope(cli, path, k, restarts, os.path.join(work, name + "-es.tsv"))
        ari = "-"
        if truth is not None:
            ari = (f"{adjusted_rand_score(truth, sk_labels):.4f} / "
                   f"{adjusted_rand_score(truth, es_labels):.4f}")
        print(f"| {name} | {k} | {sk['seconds']:.2f} | {es['seconds']:.2f} "
              f"| {sk['seconds'] / es['seconds']:.1f}x | {sk['inertia']:.6g} | {es['inertia']:.6g} "
              f"| {100 * (es['inertia'] / sk['inertia'] - 1):+.3f}% "
              f"| {sk['iterations']} / {es['iterations']} | {ari} |", flush=True)


if __name__ == "__main__":
    main()
