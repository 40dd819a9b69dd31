#!/usr/bin/python3
"""Recall@k against ef for one HNSW index, with hnswlib's own Python binding (issue #9).

Usage: /usr/bin/python3 tests/benchmarks/hnsw_recall.py FILE.npy [--m 16] [--ef-construction 100]
                        [--k 90] [--sample 500] [--ef 100,150,200,300,400,600,800,1200,2048]

t-SNE's kNN graph queries every point of its own HNSW index (M 16, ef_construction 100, k = 90
for perplexity 30) at an ef raised until recall@k reaches 0.95. This prints what that costs at a
size: the build time on 2 threads, then per ef the recall@k on a seeded sample (exact neighbours
by numpy) and the time per query on one thread, extrapolated to querying every point on 2.
"""
import argparse
import time

import hnswlib
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--m", type=int, default=16)
ap.add_argument("--ef-construction", type=int, default=100)
ap.add_argument("--k", type=int, default=90)
ap.add_argument("--sample", type=int, default=500)
ap.add_argument("--ef", default="100,150,200,300,400,600,800,1200,2048")
args = ap.parse_args()

x = np.load(args.file).astype(np.float32)
n, d = x.shape
start = time.perf_counter()
index = hnswlib.Index(space="l2", dim=d)
index.init_index(max_elements=n, M=args.m, ef_construction=args.ef_construction, random_seed=0)
index.set_num_threads(2)
index.add_items(x, np.arange(n))
print(f"{n} x {d}: build (M {args.m}, ef_construction {args.ef_construction}, 2 threads) "
      f"{time.perf_counter() - start:.1f} s", flush=True)

sample = np.random.default_rng(1).choice(n, args.sample, replace=False)
squares = (x * x).sum(1)
truth = []
for i in sample:
    dist = squares - 2 * x @ x[i]
    dist[i] = np.inf
    truth.append(set(np.argpartition(dist, args.k)[:args.k]))

print(f"| ef | recall@{args.k} | ms per query (1 thread) | every point on 2 threads, s |")
print("|---|---|---|---|")
index.set_num_threads(1)
for ef in (int(e) for e in args.ef.split(",")):
    index.set_ef(max(ef, args.k + 1))
    start = time.perf_counter()
    labels, _ = index.knn_query(x[sample], k=args.k + 1)
    per_query = (time.perf_counter() - start) / len(sample)
    recall = np.mean([len(truth[j] & (set(labels[j]) - {sample[j]})) / args.k
                      for j in range(len(sample))])
    print(f"| {ef} | {recall:.3f} | {per_query * 1e3:.2f} | {per_query * n / 2:.0f} |", flush=True)
