#!/usr/bin/python3
"""Writes vectors.txt and questions.txt, a small analogy fixture, and prints gensim 4.2's figures.

Run with /usr/bin/python3 (Debian's numpy and gensim). tst_analogyeval and tst_cli_train paste the
figures printed here: per restrict_vocab, the total accuracy and per section (correct, questions).
Country/capital and adjective/comparative pairs share an offset plus noise, so some answers are
right and some wrong; "Paris" and "BERLIN" come after their lower-case rows; "Rare" answers need
the last row; a 5-word line and a blank line are invalid; one question has an unknown word.
"""
import os

import numpy as np

os.chdir(os.path.dirname(os.path.abspath(__file__)))
rng = np.random.default_rng(7)
D = 8
countries = ["france","germany","italy","spain","japan","china","egypt","peru","chile","kenya","india","nepal"]
capitals  = ["paris","berlin","rome","madrid","tokyo","beijing","cairo","lima","santiago","nairobi","delhi","kathmandu"]
adjs = ["big","small","fast","slow","good","bad","cold","hot"]
comps = ["bigger","smaller","faster","slower","better","worse","colder","hotter"]
words, vecs = [], []
cap = rng.normal(size=D); comp = rng.normal(size=D)
for c, k in zip(countries, capitals):
    v = rng.normal(size=D)
    words += [c, k]; vecs += [v, v + cap + rng.normal(scale=0.6, size=D)]
for a, b in zip(adjs, comps):
    v = rng.normal(size=D)
    words += [a, b]; vecs += [v, v + comp + rng.normal(scale=0.6, size=D)]
for i in range(20):
    words.append(f"w{i}"); vecs.append(rng.normal(size=D))
words += ["Paris", "BERLIN", "rare"]; vecs += [rng.normal(size=D) for _ in range(3)]
vecs = np.array(vecs, dtype=np.float32)
idx = list(range(len(words) - 3)); rng.shuffle(idx); idx += [len(words)-3, len(words)-2, len(words)-1]
with open("vectors.txt", "w") as f:
    f.write(f"{len(words)} {D}\n")
    for i in idx:
        f.write(words[i] + " " + " ".join(repr(float(x)) for x in vecs[i]) + "\n")
with open("questions.txt", "w") as f:
    f.write(": capital-common-countries\n")
    for i in range(12):
        for j in range(12):
            if i != j:
                a, b, c, d = countries[i], capitals[i], countries[j], capitals[j]
                if (i + j) % 7 == 0: a = a.upper()
                if (i * j) % 11 == 3: d = "Rare"
                f.write(f"{a} {b} {c} {d}\n")
    f.write("a line with five words\n\n")
    f.write(": gram3-comparative\n")
    for i in range(8):
        for j in range(8):
            if i != j:
                f.write(f"{adjs[i]} {comps[i]} {adjs[j]} {comps[j]}\n")
    f.write(": empty-section\n")
    f.write("unknownword paris rome berlin\n")

from gensim.models import KeyedVectors  # noqa: E402

kv = KeyedVectors.load_word2vec_format("vectors.txt")
for R in (300000, 40, 10):
    s, secs = kv.evaluate_word_analogies("questions.txt", restrict_vocab=R)
    print(R, s, [(x["section"], len(x["correct"]), len(x["correct"]) + len(x["incorrect"])) for x in secs])
