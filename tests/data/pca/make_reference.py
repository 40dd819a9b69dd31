#!/usr/bin/python3
"""Writes the PCA test fixture and its scikit-learn reference values (run once; output committed).

Run with Debian's /usr/bin/python3 (numpy 1.24, scikit-learn 1.2):
    /usr/bin/python3 tests/data/pca/make_reference.py
Writes, next to this script:
    digits.tsv       the 1797 x 64 sklearn digits matrix (integers 0..16, tab-separated, no labels)
    reference.tsv    one line per quantity: a key, then its values, tab-separated, %.17g
Keys: ratio, variance (10 components), total_variance, component0..2 (64 each), projected0..4
(3 coordinates of rows 1..5); the same with the prefix "spherized_" for the spherized data
(centre, divide each row by its norm, a zero row staying zero, then PCA as usual).
Components follow Embedscope's sign rule: each component's largest-|loading| entry (the first on a
tie) is positive; the projected coordinates use the flipped components.
"""
import gzip
import os

import numpy as np
from sklearn.decomposition import PCA

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"


def sign_rule(components):
    out = components.copy()
    for row in out:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return out


def reference(x, prefix):
    pca = PCA(n_components=10, svd_solver="full").fit(x)
    comps = sign_rule(pca.components_)
    lines = [
        (prefix + "ratio", pca.explained_variance_ratio_),
        (prefix + "variance", pca.explained_variance_),
        (prefix + "total_variance", [np.var(x, axis=0, ddof=1).sum()]),
    ]
    lines += [(f"{prefix}component{i}", comps[i]) for i in range(3)]
    projected = (x[:5] - pca.mean_) @ comps[:3].T
    lines += [(f"{prefix}projected{i}", projected[i]) for i in range(5)]
    return lines


def main():
    with gzip.open(DIGITS, "rt") as f:
        data = np.loadtxt(f, delimiter=",")
    x = data[:, :-1]  # the last column is the digit's class
    assert x.shape == (1797, 64)
    with open(os.path.join(HERE, "digits.tsv"), "w") as f:
        for row in x.astype(int):
            f.write("\t".join(str(v) for v in row) + "\n")

    # Embedscope works in float32; the digits are small integers, so they are exact in float32.
    centred = x - x.mean(axis=0)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    spherized = np.divide(centred, norms, out=np.zeros_like(centred), where=norms > 0)

    lines = reference(x, "") + reference(spherized, "spherized_")
    with open(os.path.join(HERE, "reference.tsv"), "w") as f:
        for key, values in lines:
            f.write(key + "\t" + "\t".join("%.17g" % v for v in values) + "\n")


if __name__ == "__main__":
    main()
