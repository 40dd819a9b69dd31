#!/usr/bin/python3
"""Writes the layout-quality test fixture and its scikit-learn reference values (run once; output
committed).

Run with Debian's /usr/bin/python3 (numpy 1.24, scikit-learn 1.2):
    /usr/bin/python3 tests/data/quality/make_reference.py
Writes, next to this script:
    vectors.txt      150 x 8 vectors, three Gaussian clusters, word2vec text format (labels p0..p149)
    layout_pca.tsv   their first two principal components (label, x, y; what Embedscope's layout
                     files hold)
    layout_random.tsv  a random 2-D layout of the same points
    reference.tsv    one line per case: layout, metric, k, trustworthiness, knn_recall (%.17g)
All values are float32 numbers written exactly (repr of the float32 value), so Embedscope reads
the very numbers scikit-learn measured. trustworthiness is sklearn.manifold.trustworthiness; the
kNN recall is the mean over points of |N_k(original) ∩ N_k(layout)| / k, neighbours by a stable
argsort of the pairwise distances (the point itself excluded). The data have no distance ties.
"""
import os

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.metrics import pairwise_distances

HERE = os.path.dirname(os.path.abspath(__file__))
N, D = 150, 8


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def text(v):
    return repr(float(np.float32(v)))


def knn(dist, k):
    dist = dist.copy()
    np.fill_diagonal(dist, np.inf)
    return np.argsort(dist, axis=1, kind="stable")[:, :k]


def recall(X, Y, k, metric):
    a = knn(pairwise_distances(X, metric=metric), k)
    b = knn(pairwise_distances(Y), k)
    return np.mean([len(set(a[i]) & set(b[i])) / k for i in range(len(X))])


def main():
    rng = np.random.default_rng(20240607)
    centres = rng.normal(scale=4.0, size=(3, D))
    X = f32(centres[rng.integers(0, 3, size=N)] + rng.normal(size=(N, D)))
    labels = [f"p{i}" for i in range(N)]
    layouts = {
        "pca": f32(PCA(n_components=2).fit_transform(X)),
        "random": f32(rng.normal(size=(N, 2))),
    }
    with open(os.path.join(HERE, "vectors.txt"), "w") as out:
        out.write(f"{N} {D}\n")
        for label, row in zip(labels, X):
            out.write(label + " " + " ".join(text(v) for v in row) + "\n")
    for name, Y in layouts.items():
        with open(os.path.join(HERE, f"layout_{name}.tsv"), "w") as out:
            out.write("label\tx\ty\n")
            for label, row in zip(labels, Y):
                out.write(label + "\t" + "\t".join(text(v) for v in row) + "\n")
    with open(os.path.join(HERE, "reference.tsv"), "w") as out:
        for name, Y in layouts.items():
            for metric in ("euclidean", "cosine"):
                for k in (1, 5, 10, 30, 74):
                    t = trustworthiness(X, Y, n_neighbors=k, metric=metric)
                    r = recall(X, Y, k, metric)
                    out.write(f"{name}\t{metric}\t{k}\t{t:.17g}\t{r:.17g}\n")


if __name__ == "__main__":
    main()
