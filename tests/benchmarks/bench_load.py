#!/usr/bin/python3
"""Loading benchmark: embedscope-cli vs gensim 4.2 on the same generated 200 000 x 300 files.

Usage: bench_load.py BUILD_DIR [--rows N] [--dims D] [--runs R] [--keep DIR]
Prints a table (median seconds of R runs, peak RSS) and the ratios, and checks that the vectors
embedscope reads equal gensim's: bit-identical for binary, float32-equal for text.
Run with Debian's python3 (python3-gensim, python3-numpy).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def run_measured(cmd):
    """Runs cmd, returns (seconds, peak RSS in MiB of the command).

    The peak comes from /usr/bin/time: a child forked straight from this (large) Python process
    would report Python's resident size as its own peak."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    err = proc.stderr.decode(errors="replace").strip().splitlines()
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n" + "\n".join(err))
    return seconds, int(err[-1]) / 1024.0


def median_of(cmd, runs):
    results = [run_measured(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="folder to keep the generated files in")
    args = ap.parse_args()
    cli = os.path.join(args.build_dir, "embedscope-cli")
    work = args.keep or tempfile.mkdtemp(prefix="embedscope-bench-")
    os.makedirs(work, exist_ok=True)

    from gensim.models import KeyedVectors

    binary = os.path.join(work, f"w2v_{args.rows}x{args.dims}.bin")
    text = os.path.join(work, f"w2v_{args.rows}x{args.dims}.txt")
    if not (os.path.exists(binary) and os.path.exists(text)):
        rng = np.random.default_rng(7)
        vectors = rng.standard_normal((args.rows, args.dims)).astype(np.float32)
        kv = KeyedVectors(args.dims)
        kv.add_vectors([f"w{i}" for i in range(args.rows)], vectors)
        kv.save_word2vec_format(binary, binary=True)
        kv.save_word2vec_format(text, binary=False)

    matrix_mb = args.rows * args.dims * 4 / 2**20
    peer = [sys.executable, "-c",
            "import sys\nfrom gensim.models import KeyedVectors\n"
            "KeyedVectors.load_word2vec_format(sys.argv[1], binary=sys.argv[2] == '1')"]
    print(f"# loading {args.rows} x {args.dims} (matrix {matrix_mb:.0f} MiB), median of {args.runs} runs")
    print("| file | embedscope s | gensim s | speed-up | embedscope peak MiB | peak / matrix |")
    print("|---|---|---|---|---|---|")
    for name, path, flag in (("word2vec binary", binary, "1"), ("word2vec text", text, "0")):
        ours, peak = median_of([cli, "info", path], args.runs)
        theirs, _ = median_of(peer + [path, flag], args.runs)
        print(f"| {name} ({os.path.getsize(path) / 2**20:.0f} MiB) | {ours:.3f} | {theirs:.2f} | "
              f"{theirs / ours:.1f}x | {peak:.0f} | {peak / matrix_mb:.2f} |")

    # Same vectors as gensim reads them: convert to .npy with embedscope and compare.
    for name, path, is_binary in (("binary", binary, True), ("text", text, False)):
        out = os.path.join(work, f"check_{name}.npy")
        subprocess.run([cli, "convert", path, out, "--to", "npy"], check=True, stderr=subprocess.DEVNULL)
        ours = np.load(out)
        ref = KeyedVectors.load_word2vec_format(path, binary=is_binary).vectors
        identical = ours.shape == ref.shape and np.array_equal(ours.view(np.uint32), ref.view(np.uint32))
        print(f"# {name}: vectors {'bit-identical to' if identical else 'DIFFER from'} gensim's")
        os.remove(out)
    if not args.keep:
        for p in (binary, text):
            os.remove(p)
        os.rmdir(work)


if __name__ == "__main__":
    main()
