#!/usr/bin/python3
"""t-SNE: embedscope-cli against scikit-learn's Barnes-Hut TSNE, side by side on the same data.

Usage: /usr/bin/python3 tests/benchmarks/tsne_bench.py BUILD_DIR [--skip-100k] [--only NAME]

Data (written once as float32 .npy, so both read the same values):
  digits        1797 x 64, scikit-learn's copy of the UCI digits
  blobs20k      20 000 x 50, make_blobs(centers=10, random_state=0)
  blobs100k     100 000 x 50, the same generator (embedscope only: 2-D against 3-D, scaling)

Both sides get 2 threads (OMP_NUM_THREADS=2; scikit-learn n_jobs=2) and the same settings:
perplexity 30, PCA initialisation, learning rate 'auto', 1000 iterations, seed 0. Times are the
t-SNE itself (kNN graph, affinities, optimisation; scikit-learn's fit, embedscope's "seconds"),
each in its own process. kNN recall@10 is computed here, identically for both layouts: the share
of each point's 10 nearest neighbours in the original vectors (exact, euclidean) that are among
its 10 nearest in the layout, averaged over all points (a seeded sample of 5 000 for 100k).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

THREADS = "2"
HERE = os.path.dirname(os.path.abspath(__file__))

SKLEARN_CHILD = r"""
import json, sys, time
import numpy as np
from sklearn.manifold import TSNE
x = np.load(sys.argv[1]); dims = int(sys.argv[2])
start = time.perf_counter()
tsne = TSNE(n_components=dims, perplexity=30, init='pca', learning_rate='auto', n_iter=1000,
            random_state=0, n_jobs=2, method='barnes_hut')
y = tsne.fit_transform(x)
seconds = time.perf_counter() - start
np.save(sys.argv[3], y.astype(np.float32))
# VmHWM: this process's own peak (ru_maxrss would include the parent's pages at exec).
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024.0
print(json.dumps({"seconds": seconds, "kl": float(tsne.kl_divergence_), "iterations": int(tsne.n_iter_),
                  "peak_memory_mib": peak}))
"""


def environment():
    env = dict(os.environ)
    env.update(OMP_NUM_THREADS=THREADS, OPENBLAS_NUM_THREADS=THREADS, MKL_NUM_THREADS=THREADS)
    return env


def run_measured(command):
    """Runs a command; returns (stdout, wall seconds, its rusage). (Peak memory comes from the
    processes themselves: a forked child's ru_maxrss also counts the parent's pages.)"""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        process = subprocess.Popen(command, stdout=out_file, stderr=err_file, env=environment())
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read().decode(), err_file.read().decode()
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{err}")
    return out, wall, usage


def knn_recall(x, y, k=10, sample=None, seed=0):
    from sklearn.neighbors import NearestNeighbors
    rows = np.arange(len(x))
    if sample and sample < len(x):
        rows = np.sort(np.random.default_rng(seed).choice(len(x), sample, replace=False))
    original = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(x)
    layout = NearestNeighbors(n_neighbors=k + 1).fit(y)
    a = original.kneighbors(x[rows], return_distance=False)
    b = layout.kneighbors(y[rows], return_distance=False)
    total = 0.0
    for i, row in enumerate(rows):
        na = [j for j in a[i] if j != row][:k]
        nb = set(list(j for j in b[i] if j != row)[:k])
        total += len(set(na) & nb) / k
    return total / len(rows)


def embedscope(cli, data, dims, out, extra=()):
    command = [cli, "tsne", data, "--dims", str(dims), "--perplexity", "30", "--iterations", "1000",
               "--seed", "0", "--init", "pca", "--learning-rate", "auto", "--quality-k", "0",
               "--out", out, "--json", *extra]
    stdout, wall, _ = run_measured(command)
    result = json.loads(stdout)
    rss = result["peak_memory_mib"]
    coords = np.loadtxt(out, delimiter="\t", skiprows=1, usecols=range(1, dims + 1), dtype=np.float32,
                        comments=None)
    return result, wall, rss, coords


def sklearn(data, dims, out):
    stdout, wall, _ = run_measured([sys.executable, "-c", SKLEARN_CHILD, data, str(dims), out])
    result = json.loads(stdout.strip().splitlines()[-1])
    return result, wall, result["peak_memory_mib"], np.load(out)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = sys.argv[1]
    skip_100k = "--skip-100k" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    cli = os.path.join(build, "embedscope-cli")
    work = tempfile.mkdtemp(prefix="tsne_bench_")

    from sklearn.datasets import load_digits, make_blobs
    sets = {
        "digits": load_digits().data.astype(np.float32),
        "blobs20k": make_blobs(n_samples=20000, n_features=50, centers=10, random_state=0)[0].astype(np.float32),
    }
    if not skip_100k:
        sets["blobs100k"] = make_blobs(n_samples=100000, n_features=50, centers=10,
                                       random_state=0)[0].astype(np.float32)
    paths = {}
    for name, x in sets.items():
        paths[name] = os.path.join(work, name + ".npy")
        np.save(paths[name], x)

    print(f"threads: {THREADS}; times are seconds of t-SNE (kNN + affinities + 1000 iterations)")
    header = (f"| data | dims | embedscope s | method | scikit-learn s | speed-up | recall@10 embedscope "
              f"| recall@10 scikit-learn | KL embedscope | KL scikit-learn | peak MiB (ours / sklearn) |")
    print(header)
    print("|" + "---|" * 11)
    results = {}
    for name in ("digits", "blobs20k"):
        if only and name != only:
            continue
        x = sets[name]
        for dims in (2, 3):
            ours, _, our_rss, y_ours = embedscope(cli, paths[name], dims, os.path.join(work, f"{name}{dims}.tsv"))
            theirs, _, their_rss, y_theirs = sklearn(paths[name], dims, os.path.join(work, f"{name}{dims}_sk.npy"))
            r_ours, r_theirs = knn_recall(x, y_ours), knn_recall(x, y_theirs)
            ratio = theirs["seconds"] / ours["seconds"]
            results[(name, dims)] = ours["seconds"]
            print(f"| {name} {x.shape[0]}x{x.shape[1]} | {dims} | {ours['seconds']:.2f} | {ours['method']} "
                  f"| {theirs['seconds']:.2f} | {ratio:.1f}x | {r_ours:.3f} | {r_theirs:.3f} "
                  f"| {ours['kl']:.3f} | {theirs['kl']:.3f} | {our_rss:.0f} / {their_rss:.0f} |", flush=True)

    if not skip_100k and (not only or only == "blobs100k"):
        # 2-D (auto: FFT), 3-D auto (hybrid) and 3-D Barnes-Hut at theta 0.5 (the 3-D path before
        # issue #9), alternating twice so that a burst of load on the machine shows as spread.
        x = sets["blobs100k"]
        variants = [("2-D auto", 2, ()), ("3-D auto", 3, ()), ("3-D bh theta 0.5", 3, ("--method", "bh", "--theta", "0.5"))]
        seconds = {name: [] for name, _, _ in variants}
        for round_ in range(2):
            for name, dims, extra in variants:
                ours, wall, rss, y = embedscope(cli, paths["blobs100k"], dims,
                                                os.path.join(work, f"blobs100k{dims}.tsv"), extra)
                seconds[name].append(ours["seconds"])
                if round_ == 0:
                    recall = knn_recall(x, y, sample=5000)
                    print(f"| blobs100k {x.shape[0]}x{x.shape[1]} | {dims} ({name}) | {ours['seconds']:.2f} "
                          f"| {ours['method']} | - | - | {recall:.3f} | - | {ours['kl']:.3f} | - | {rss:.0f} / - |",
                          flush=True)
                    if name == "2-D auto":
                        print(f"| | | kNN graph: {'HNSW, recall %.3f' % ours['knn_graph_recall'] if ours['knn_approximate'] else 'exact'} | | | | | | | | |")
        print()
        for name, values in seconds.items():
            print(f"100k {name}: {' / '.join('%.1f' % v for v in values)} s")
        two = min(seconds["2-D auto"])
        for name in ("3-D auto", "3-D bh theta 0.5"):
            ratios = [v / w for v, w in zip(seconds[name], seconds["2-D auto"])]
            print(f"100k {name} / 2-D: {' / '.join('%.2f' % r for r in ratios)} (target auto <= 1.25)")
        if ("blobs20k", 2) in results:
            scale = two / results[("blobs20k", 2)]
            print(f"scaling 20k -> 100k (2-D): {scale:.2f}x the time for 5x the points (target <= 6.5x)")


if __name__ == "__main__":
    main()
