#!/usr/bin/python3
"""Opening big Projector TSV and CSV files (issue 9): Embedscope vs numpy.loadtxt, side by side.

Usage: text_load_bench.py BUILD_DIR [--rows N] [--dims D] [--data DIR] [--runs R]
                          [--before CLI] [--delete]
For each format, N x D synthetic vectors (datagen; CSV with a word column) are opened by whole
processes, page cache warm for all (the file is read once before), peak RSS and CPU time (user +
system, all threads) by /usr/bin/time:
  ours:       `embedscope-cli info FILE` (parallel chunks, all threads)
  one thread: the same with OMP_NUM_THREADS=1
  before:     another build's embedscope-cli (--before; e.g. one without the parallel parse)
  numpy:      numpy.loadtxt(..., dtype=float32) (its C parser; numbers only, CSV's word column
              skipped with usecols). pandas is not installed with Debian's python3 here; when it
              is, pandas.read_csv is timed as well.
The TSV's metadata file is removed, so every side reads the matrix alone. Rounds alternate the
sides so they see the same machine load; the fastest of --runs is shown.
--delete removes the generated files afterwards (they are about 2.4 GB each at 1 M x 300).
"""
import argparse
import os
import subprocess
import sys
import time


def measured(cmd, env=None):
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - start
    err = proc.stderr.decode(errors="replace").strip().splitlines()
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n" + "\n".join(err[-5:]))
    rss, user, system = err[-1].split()
    return seconds, int(rss) / 1024.0, float(user) + float(system)


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def has_pandas():
    return subprocess.run(["/usr/bin/python3", "-c", "import pandas"], stderr=subprocess.DEVNULL).returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--data", default="/tmp/embedscope-text")
    ap.add_argument("--before", help="another embedscope-cli to compare with")
    ap.add_argument("--delete", action="store_true")
    args = ap.parse_args()
    build = args.build_dir
    cli = os.path.join(build, "embedscope-cli")
    os.makedirs(args.data, exist_ok=True)
    pandas = has_pandas()
    rows, dims = args.rows, args.dims
    print(f"{rows} x {dims}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"seconds (fastest of {args.runs}), CPU seconds, peak RSS in MB")
    print(f"{'format':7} {'MB':>6} | {'ours':>7} {'CPU':>6} {'RSS':>6} | {'1 thread':>8} | "
          + (f"{'before':>7} | " if args.before else "")
          + f"{'numpy.loadtxt':>13} {'CPU':>6} {'RSS':>6} | " + ("pandas | " if pandas else "")
          + "numpy/ours | 1 thread/ours" + (" | before/ours" if args.before else ""))
    made = []
    for kind, ext in (("tsv", "tsv"), ("csv", "csv")):
        path = os.path.join(args.data, f"text_{rows}x{dims}.{ext}")
        if not os.path.exists(path):
            subprocess.run([os.path.join(build, "datagen"), "--rows", str(rows), "--dims", str(dims),
                            "--format", kind, "--out", path], check=True, stdout=subprocess.DEVNULL)
        meta = os.path.join(args.data, f"text_{rows}x{dims}-metadata.tsv")
        if os.path.exists(meta):
            os.remove(meta)
        made.append(path)
        warm(path)
        ours_args = [path] + (["--label-column", "word"] if kind == "csv" else [])
        if kind == "tsv":
            loadtxt = f"np.loadtxt({path!r}, delimiter='\\t', dtype=np.float32)"
            read_csv = f"pd.read_csv({path!r}, sep='\\t', header=None, dtype=np.float32, engine='c')"
        else:
            loadtxt = (f"np.loadtxt({path!r}, delimiter=',', skiprows=1, usecols=range(1, {dims + 1}), "
                       f"dtype=np.float32)")
            read_csv = f"pd.read_csv({path!r}, index_col=0, dtype={{f'x{{j}}': np.float32 for j in range(1, {dims + 1})}})"
        one = dict(os.environ, OMP_NUM_THREADS="1")
        best = {}
        for _ in range(args.runs):
            sides = [("ours", [cli, "info"] + ours_args, None), ("one", [cli, "info"] + ours_args, one)]
            if args.before:
                sides.append(("before", [args.before, "info"] + ours_args, None))
            for name, cmd, env in sides:
                figures = measured(cmd, env)
                if name not in best or figures[0] < best[name][0]:
                    best[name] = figures
        # The peers once: they take minutes.
        best["numpy"] = measured(["/usr/bin/python3", "-c", f"import numpy as np; m = {loadtxt}; assert m.shape == ({rows}, {dims})"])
        if pandas:
            best["pandas"] = measured(["/usr/bin/python3", "-c", f"import numpy as np, pandas as pd; m = {read_csv}; assert m.shape == ({rows}, {dims})"])
        mb = os.path.getsize(path) / 1e6
        o, n1, npy = best["ours"], best["one"], best["numpy"]
        line = f"{kind:7} {mb:6.0f} | {o[0]:7.2f} {o[2]:6.1f} {o[1]:6.0f} | {n1[0]:8.2f} | "
        if args.before:
            line += f"{best['before'][0]:7.2f} | "
        line += f"{npy[0]:13.2f} {npy[2]:6.1f} {npy[1]:6.0f} | "
        if pandas:
            line += f"{best['pandas'][0]:6.2f} | "
        line += f"{npy[0] / o[0]:9.1f}x | {n1[0] / o[0]:12.2f}x"
        if args.before:
            line += f" | {best['before'][0] / o[0]:10.2f}x"
        print(line, flush=True)
    if args.delete:
        for p in made:
            os.remove(p)


if __name__ == "__main__":
    main()
