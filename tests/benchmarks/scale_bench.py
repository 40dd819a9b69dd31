#!/usr/bin/python3
"""Full-size benchmark (issue 9): N x D synthetic word vectors (datagen), Embedscope vs its peers.

Usage: scale_bench.py BUILD_DIR [--rows N] [--dims D] [--runs R] [--data DIR] [--m M]
                      [--ef-construction E] [--ef 10,20,40,80] [--queries Q] [--skip-hnsw]
                      [--skip-load | --load-only] [--baseline OLD_BUILD_DIR] [--skip-sklearn-full]
Rounds alternate ours and the peer's in this one script, so both see the same machine load:
  load:  `scale_bench FILE.bin --load-only` (loadDataset, as `embedscope-cli info`) vs gensim 4.2 `load_word2vec_format` (whole processes,
         page cache warm for both: the file is read once before), peak RSS by /usr/bin/time.
  query: exact top-100 of one query (NeighbourSearch) vs one pass over the matrix (the limit);
         numpy's brute force (BLAS GEMV + argpartition) and single-threaded sum for reference.
  pca:   fitPca to 3 components + projection (auto, exact, Krylov, randomized) vs one pass over
         the matrix; scikit-learn's PCA(3).fit_transform on the same values (randomized and full
         SVD); with --baseline, the same figures from an earlier build (e.g. of the commit before
         a change), run in the same rounds.
  hnsw:  the same index file (built by scale_bench, M and ef_construction as given) queried
         one row at a time on one thread by Embedscope and by hnswlib's Python binding, at each
         ef: recall@10 against exact search and time per query.
Run with Debian's python3 (python3-gensim, python3-hnswlib, python3-numpy).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np


def measured(cmd):
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    err = proc.stderr.decode(errors="replace").strip().splitlines()
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n" + "\n".join(err))
    return seconds, int(err[-1]) / 1024.0


def spread(values):
    return f"{min(values):.3f}-{max(values):.3f}"


def ours_figures(build, path, args, index):
    cmd = [os.path.join(build, "scale_bench"), path, "--runs", str(args.runs), "--queries", str(args.queries),
           "--index", index, "--m", str(args.m), "--ef-construction", str(args.ef_construction), "--ef", args.ef]
    if args.skip_hnsw:
        cmd.append("--skip-hnsw")
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
    return {k: float(v) for k, v in (line.split() for line in out.splitlines())}


def sklearn_pca(m, solver):
    from sklearn.decomposition import PCA
    t = time.perf_counter()
    coords = PCA(n_components=3, svd_solver=solver, random_state=0).fit_transform(m)
    return time.perf_counter() - t, float(coords[0, 0])


def peer_figures(npy, index, args):
    m = np.load(npy, mmap_mode=None)
    fig = {}
    fig["sklearn_pca3_randomized"] = sklearn_pca(m, "randomized")[0]
    if not args.skip_sklearn_full:
        fig["sklearn_pca3_full"] = sklearn_pca(m, "full")[0]
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        m.sum(dtype=np.float32)
        times.append(time.perf_counter() - t)
    fig["numpy_sum"] = statistics.median(times)
    norms = np.linalg.norm(m, axis=1)
    times = []
    for r in range(args.runs):
        q = m[(r * 7919) % len(m)]
        t = time.perf_counter()
        sims = (m @ q) / (norms * np.linalg.norm(q))
        top = np.argpartition(-sims, 101)[:101]
        top = top[np.argsort(-sims[top])]
        times.append(time.perf_counter() - t)
    fig["numpy_top100"] = statistics.median(times)
    del norms
    if args.skip_hnsw:
        return fig
    import hnswlib
    p = hnswlib.Index(space="cosine", dim=m.shape[1])
    p.load_index(index + ".hnswlib", max_elements=m.shape[0])
    p.set_num_threads(1)
    rows, truth = [], []
    with open(index + ".queries") as f:
        for line in f:
            vals = [int(x) for x in line.split()]
            rows.append(vals[0])
            truth.append(set(vals[1:]))
    for ef in [int(x) for x in args.ef.split(",")]:
        p.set_ef(ef)
        hits = 0
        t = time.perf_counter()
        for r, row in enumerate(rows):
            labels, _ = p.knn_query(m[row], k=11, num_threads=1)
            found = [x for x in labels[0] if x != row][:10]
            hits += len(truth[r].intersection(found))
        fig[f"ef{ef}_query"] = (time.perf_counter() - t) / len(rows)
        fig[f"ef{ef}_recall10"] = hits / (10 * len(rows))
        # The whole batch in one call (no per-call Python overhead), still one thread.
        t = time.perf_counter()
        p.knn_query(m[rows], k=11, num_threads=1)
        fig[f"ef{ef}_batch"] = (time.perf_counter() - t) / len(rows)
    return fig


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--data", default="/tmp/embedscope-scale")
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=100)
    ap.add_argument("--ef", default="20,40,80,160")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--skip-hnsw", action="store_true")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--load-only", action="store_true", help="stop after the load table")
    ap.add_argument("--baseline", help="build dir of an earlier commit: its PCA figures beside ours")
    ap.add_argument("--skip-sklearn-full", action="store_true")
    args = ap.parse_args()
    build = args.build_dir
    os.makedirs(args.data, exist_ok=True)
    stem = os.path.join(args.data, f"synthetic_{args.rows}x{args.dims}")
    binary, npy = stem + ".bin", stem + ".npy"
    for path, kind in ((binary, "word2vec-binary"), (npy, "npy")):
        if not os.path.exists(path):
            subprocess.run([os.path.join(build, "datagen"), "--rows", str(args.rows), "--dims", str(args.dims),
                            "--clusters", "1000", "--format", kind, "--out", path], check=True,
                           stdout=subprocess.DEVNULL)
            # The .npy's metadata would sit beside the .bin too and be read with it.
            if kind == "npy":
                os.remove(stem + "-metadata.tsv")
    matrix_mb = args.rows * args.dims * 4 / 2**20
    index = stem + f".m{args.m}.efc{args.ef_construction}.hnsw"
    print(f"# {args.rows} x {args.dims} (matrix {matrix_mb:.0f} MiB), {args.rounds} alternating rounds")

    if not args.skip_load:
        subprocess.run(["cat", binary], stdout=subprocess.DEVNULL, check=True)  # warm the page cache
        ours_cmd = [os.path.join(build, "scale_bench"), binary, "--load-only"]
        peer = [sys.executable, "-c", "import sys\nfrom gensim.models import KeyedVectors\n"
                "KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)", binary]
        ours, theirs, peaks = [], [], []
        for _ in range(args.rounds):
            for _ in range(2):
                s, peak = measured(ours_cmd)
                ours.append(s)
                peaks.append(peak)
            theirs.append(measured(peer)[0])
        o, g = statistics.median(ours), statistics.median(theirs)
        print("| load word2vec binary | embedscope s | gensim s | ratio (median; range) | peak MiB | peak / matrix |")
        print("|---|---|---|---|---|---|")
        print(f"| {os.path.getsize(binary) / 2**20:.0f} MiB | {o:.3f} ({spread(ours)}) | {g:.2f} ({spread(theirs)}) | "
              f"{g / o:.1f}x ({min(theirs) / max(ours):.1f}-{max(theirs) / min(ours):.1f}) | {max(peaks):.0f} | "
              f"{max(peaks) / matrix_mb:.2f} |")
    if args.load_only:
        return

    rounds = []
    for _ in range(args.rounds):
        before = ours_figures(args.baseline, binary, args, index) if args.baseline else {}
        rounds.append((ours_figures(build, binary, args, index), peer_figures(npy, index, args), before))
    med = lambda side, key: statistics.median(r[side][key] for r in rounds)
    rng = lambda side, key: spread([r[side][key] for r in rounds])
    stream = med(0, "stream")
    print()
    print("| figure | embedscope | reference | ratio |")
    print("|---|---|---|---|")
    print(f"| stream the matrix once (all threads) | {stream * 1e3:.0f} ms ({rng(0, 'stream')}) | numpy sum (1 thread): "
          f"{med(1, 'numpy_sum') * 1e3:.0f} ms | |")
    ex = med(0, "exact_top100")
    print(f"| exact top-100, one query | {ex * 1e3:.0f} ms ({rng(0, 'exact_top100')}) | one pass: {stream * 1e3:.0f} ms | "
          f"{ex / stream:.2f}x of a pass (target <= 1.5) |")
    print(f"| exact top-100 vs numpy brute force | {ex * 1e3:.0f} ms | numpy GEMV + argpartition: "
          f"{med(1, 'numpy_top100') * 1e3:.0f} ms | {med(1, 'numpy_top100') / ex:.1f}x faster |")
    if "pca3" in rounds[0][0]:
        # Each PCA figure against the passes streamed between the PCA runs of the same binary.
        spass = med(0, "stream_pca")
        names = {1: "exact", 2: "randomized", 3: "Krylov"}
        print()
        print(f"| PCA to 3 components (fit + project), {args.rows} x {args.dims} | seconds (range) | x one pass "
              f"({spass * 1e3:.0f} ms) | solver, passes |")
        print("|---|---|---|---|")
        for key, label in (("pca3", "Embedscope, auto"), ("pca3_exact", "Embedscope, exact"),
                           ("pca3_krylov", "Embedscope, Krylov"), ("pca3_randomized", "Embedscope, randomized")):
            p = med(0, key)
            print(f"| {label} | {p:.2f} ({rng(0, key)}) | {p / spass:.1f}x (target < 10) | "
                  f"{names.get(int(rounds[0][0][key + '_solver']), '?')}, {int(rounds[0][0][key + '_passes'])} |")
        if args.baseline:
            bstream = med(2, "stream")
            for key, label in (("pca3", "before (baseline build), auto"),
                               ("pca3_randomized", "before (baseline build), randomized")):
                p = med(2, key)
                print(f"| {label} | {p:.2f} ({rng(2, key)}) | {p / bstream:.1f}x of its pass ({bstream * 1e3:.0f} ms) | |")
        for key, label in (("sklearn_pca3_randomized", "scikit-learn PCA, randomized"),
                           ("sklearn_pca3_full", "scikit-learn PCA, full SVD")):
            if key in rounds[0][1]:
                p = med(1, key)
                print(f"| {label} | {p:.2f} ({rng(1, key)}) | {p / spass:.1f}x | |")
    if not args.skip_hnsw:
        built = rounds[0][0].get("hnsw_build")
        print(f"\nHNSW (cosine, M {args.m}, ef_construction {args.ef_construction}"
              + (f", built in {built:.0f} s on {int(rounds[0][0]['threads'])} threads" if built else "")
              + f"), {args.queries} queries one at a time on one thread, same index file for both")
        print("| ef | embedscope recall@10 | hnswlib recall@10 | embedscope us/query | hnswlib us/query (per call; batch) | ratio |")
        print("|---|---|---|---|---|---|")
        for ef in args.ef.split(","):
            o = med(0, f"hnsw_ef{ef}_query")
            p = med(1, f"ef{ef}_query")
            b = med(1, f"ef{ef}_batch")
            print(f"| {ef} | {med(0, f'hnsw_ef{ef}_recall10'):.3f} | {med(1, f'ef{ef}_recall10'):.3f} | {o * 1e6:.0f} | "
                  f"{p * 1e6:.0f}; {b * 1e6:.0f} | {p / o:.2f}x; {b / o:.2f}x |")


if __name__ == "__main__":
    main()
