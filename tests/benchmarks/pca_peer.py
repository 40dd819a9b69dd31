#!/usr/bin/python3
"""PCA benchmark: Embedscope's fitPca vs scikit-learn 1.2 PCA on the same generated matrix.

Usage: pca_peer.py BUILD_DIR [--rows N] [--dims D] [--runs R] [--components 3,50] [--keep DIR]
BUILD_DIR/pca_bench generates a seeded N x D float32 matrix with a gently decaying spectrum
(default 100 000 x 300) and writes it as .npy; then, R times in turn, pca_bench times fitPca on
it (solvers auto, exact, randomized, krylov) and this script times PCA(n_components=k).fit on the very
same values (scikit-learn's default solver, which for these shapes is its randomized one), so
that both sides see the same load. It prints, per k, the median and best
seconds of R runs, the speed-ups, and the largest differences between the explained variance
ratios (ours, scikit-learn's, and a float64 full SVD's). Exits 1 if ours and scikit-learn's differ
by more than 1e-4.
Run with Debian's python3 (python3-sklearn) and libopenblas0-pthread installed.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA


def read_ours(path):
    """(k, solver asked) -> (solver used, seconds, ratios) from one pca_bench --runs 1."""
    out = {}
    with open(path) as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            out[int(cells[0]), cells[1]] = (cells[2], float(cells[3]),
                                            np.array([float(c) for c in cells[5:]]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir")
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--components", default="3,50")
    ap.add_argument("--keep", help="write the matrix and our results here instead of a temp dir")
    args = ap.parse_args()
    ks = [int(c) for c in args.components.split(",")]

    bench = os.path.join(args.build_dir, "pca_bench")
    ours_s, theirs_s = {}, {}  # (k, solver) -> [seconds]; k -> [seconds]
    theirs_ratios = {}  # k -> explained variance ratios
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or tmp
        os.makedirs(where, exist_ok=True)
        npy, ours_path = os.path.join(where, "pca.npy"), os.path.join(where, "pca_ours.tsv")
        subprocess.run([bench, npy, ours_path, "--rows", str(args.rows), "--dims", str(args.dims),
                        "--runs", "0"], check=True)
        x = np.load(npy)
        # Alternate the two sides run by run, so that both see the same load on a shared machine.
        for _ in range(args.runs):
            subprocess.run([bench, npy, ours_path, "--input", "--runs", "1",
                            "--components", args.components], check=True, stdout=sys.stderr)
            ours = read_ours(ours_path)
            for key, (_, seconds, _) in ours.items():
                ours_s.setdefault(key, []).append(seconds)
            for k in ks:
                start = time.perf_counter()
                pca = PCA(n_components=k).fit(x)
                theirs_s.setdefault(k, []).append(time.perf_counter() - start)
                theirs_ratios[k] = pca.explained_variance_ratio_

    # The truth for both sides: a full SVD in float64 of the same values.
    truth = PCA(n_components=max(ks), svd_solver="full").fit(x.astype(np.float64))
    truth = truth.explained_variance_ratio_

    print(f"{args.rows} x {args.dims} float32, {args.runs} runs each, seconds as median / best; "
          f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; OMP_NUM_THREADS="
          f"{os.environ.get('OMP_NUM_THREADS', 'unset')}")
    print("Δ: the largest |difference| between explained variance ratios; 'truth' is "
          "PCA(svd_solver='full') in float64.")
    print()
    print("| k | embedscope solver (asked → used) | embedscope s | scikit-learn s | speed-up "
          "| Δ ours vs sklearn | Δ ours vs truth | Δ sklearn vs truth |")
    print("|---|---|---|---|---|---|---|---|")
    worst = 0.0
    med = statistics.median
    for k in ks:
        theirs_med, theirs_best = med(theirs_s[k]), min(theirs_s[k])
        for asked in ("auto", "exact", "randomized", "krylov"):
            used, _, ours_ratios = ours[k, asked]
            ours_med, ours_best = med(ours_s[k, asked]), min(ours_s[k, asked])
            delta = float(np.max(np.abs(ours_ratios - theirs_ratios[k])))
            worst = max(worst, delta)
            print(f"| {k} | {asked} → {used} | {ours_med:.3f} / {ours_best:.3f} | "
                  f"{theirs_med:.3f} / {theirs_best:.3f} | "
                  f"{theirs_med / ours_med:.1f}× / {theirs_best / ours_best:.1f}× | {delta:.1e} | "
                  f"{np.max(np.abs(ours_ratios - truth[:k])):.1e} | "
                  f"{np.max(np.abs(theirs_ratios[k] - truth[:k])):.1e} |")
    print()
    print(f"largest |Δ explained variance ratio|: {worst:.1e} "
          f"({'within' if worst <= 1e-4 else 'OUTSIDE'} 1e-4)")
    return 0 if worst <= 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
