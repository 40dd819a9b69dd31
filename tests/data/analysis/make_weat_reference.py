#!/usr/bin/python3
"""The WEAT reference of tst_cli_analysis (run ONCE with /usr/bin/python3; numpy only): effect size
with the population standard deviation and the exact one-sided permutation p-value (Caliskan et al.
2017) of weat-sets.json on vectors.txt, by brute force over all C(12, 6) = 924 splits in float64.
Prints the two numbers pasted into the test."""
import itertools
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "vectors.txt")) as f:
    next(f)
    vec = {p[0]: np.array(p[1:], dtype=np.float32).astype(np.float64) for p in (l.split() for l in f)}
sets = json.load(open(os.path.join(HERE, "weat-sets.json")))
unit = {w: v / np.linalg.norm(v) for w, v in vec.items()}
X = [w for w in sets["X"] if w in unit]
Y = [w for w in sets["Y"] if w in unit]
s = {w: np.mean([unit[w] @ unit[a] for a in sets["A"]]) - np.mean([unit[w] @ unit[b] for b in sets["B"]])
     for w in X + Y}
d = (np.mean([s[w] for w in X]) - np.mean([s[w] for w in Y])) / np.std([s[w] for w in X + Y])  # ddof 0
stat = lambda xs, ys: sum(s[w] for w in xs) - sum(s[w] for w in ys)
observed = stat(X, Y)
everyone = X + Y
count = total = 0
for xs in itertools.combinations(everyone, len(X)):
    ys = [w for w in everyone if w not in xs]
    total += 1
    count += stat(xs, ys) >= observed - 1e-12
print("effect_size %.12f p_value %d/%d = %.12f" % (d, count, total, count / total))
