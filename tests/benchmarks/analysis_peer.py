#!/usr/bin/python3
"""Word analysis benchmark: Embedscope's core vs gensim 4.2 KeyedVectors on the same vectors.

Usage: analysis_peer.py BUILD_DIR [--rows N] [--dims D] [--runs R]
Writes a seeded N x D word2vec binary file (default 100 000 x 300, words w0 ... in row order),
runs BUILD_DIR/analysis_bench on it (best of R runs per operation, after loading), then times
gensim's most_similar, most_similar(positive, negative) and most_similar_cosmul on the same file
(after fill_norms, so both sides have their norms), and prints the best seconds and the ratio.
Checks that the first answers agree. Run with Debian's python3 (python3-gensim) and
libopenblas0-pthread installed.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from gensim.models import KeyedVectors


def best(runs, f):
    out = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        answer = f()
        out = min(out, time.perf_counter() - start)
    return out, answer


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir")
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "vectors.bin")
        rng = np.random.default_rng(3)
        kv = KeyedVectors(args.dims)
        kv.add_vectors(["w%d" % i for i in range(args.rows)],
                       rng.normal(size=(args.rows, args.dims)).astype(np.float32))
        kv.save_word2vec_format(path, binary=True)
        ours = {}
        out = subprocess.run([os.path.join(args.build_dir, "analysis_bench"), path, str(args.runs)],
                             check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            name, seconds, answer = line.split("\t")
            ours[name] = (float(seconds), answer)
        kv = KeyedVectors.load_word2vec_format(path, binary=True)
        kv.fill_norms()
        peer = {
            "neighbours k=10": best(args.runs, lambda: kv.most_similar("w0", topn=10)[0][0]),
            "analogy 3CosAdd": best(args.runs, lambda: kv.most_similar(positive=["w2", "w3"], negative=["w1"],
                                                                        topn=10)[0][0]),
            "analogy 3CosMul": best(args.runs, lambda: kv.most_similar_cosmul(positive=["w2", "w3"],
                                                                               negative=["w1"], topn=10)[0][0]),
        }
    print("%d x %d, best of %d runs" % (args.rows, args.dims, args.runs))
    print("| operation | Embedscope (s) | gensim 4.2 (s) | gensim / Embedscope |")
    print("| --- | --- | --- | --- |")
    failed = False
    for name, (seconds, answer) in ours.items():
        if name in peer:
            p, pa = peer[name]
            print("| %s | %.4f | %.4f | %.2f |" % (name, seconds, p, p / seconds))
            if pa != answer:
                print("  answers differ: ours %s, gensim %s" % (answer, pa))
                failed = True
        else:
            print("| %s | %.4f | – | – |" % (name, seconds))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
