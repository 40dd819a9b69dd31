#!/usr/bin/python3
"""Writes the fixture and gensim reference of tst_wordanalysis (run ONCE with Debian's
/usr/bin/python3 + gensim 4.2; the outputs are committed, so the tests never need Python).

  vectors.txt    300 words x 16 dims, word2vec text (gensim save_word2vec_format), seeded normals
                 plus a planted gender direction and royalty direction on a few named words
  reference.tsv  one line per answer gensim gives:
                   neighbours <TAB> word <TAB> rank <TAB> answer <TAB> score
                     = KeyedVectors.most_similar(word, topn=10)
                   add <TAB> a,b,c <TAB> rank <TAB> answer <TAB> score
                     = most_similar(positive=[b, c], negative=[a], topn=10)
                   mul <TAB> a,b,c <TAB> rank <TAB> answer <TAB> score
                     = most_similar_cosmul(positive=[b, c], negative=[a], topn=10)
"""
import os

import numpy as np
from gensim.models import KeyedVectors

HERE = os.path.dirname(os.path.abspath(__file__))
DIMS = 16
rng = np.random.default_rng(20261201)

NAMED = {
    # word: (gender, royalty)
    "king": (1, 1), "queen": (-1, 1), "man": (1, 0), "woman": (-1, 0),
    "prince": (1, 0.8), "princess": (-1, 0.8), "boy": (1, -0.2), "girl": (-1, -0.2),
    "he": (1, 0), "she": (-1, 0), "his": (1, 0), "her": (-1, 0),
    "father": (1, 0.1), "mother": (-1, 0.1), "son": (1, -0.1), "daughter": (-1, -0.1),
}
words = list(NAMED) + ["w%03d" % i for i in range(300 - len(NAMED))]
gender = rng.normal(size=DIMS)
gender /= np.linalg.norm(gender)
royal = rng.normal(size=DIMS)
royal -= royal.dot(gender) * gender
royal /= np.linalg.norm(royal)
vectors = rng.normal(scale=0.35, size=(len(words), DIMS))
for i, w in enumerate(words):
    if w in NAMED:
        g, r = NAMED[w]
        vectors[i] = vectors[i] * 0.5 + 1.5 * g * gender + 1.5 * r * royal
vectors = vectors.astype(np.float32)

kv = KeyedVectors(DIMS)
kv.add_vectors(words, vectors)
path = os.path.join(HERE, "vectors.txt")
kv.save_word2vec_format(path, binary=False)
kv = KeyedVectors.load_word2vec_format(path, binary=False)  # exactly what the test reads

lines = []
for w in ["king", "woman", "w000", "w123", "w283"]:
    for rank, (answer, score) in enumerate(kv.most_similar(w, topn=10), 1):
        lines.append("neighbours\t%s\t%d\t%s\t%.9g" % (w, rank, answer, score))
for a, b, c in [("man", "king", "woman"), ("he", "his", "she"), ("boy", "prince", "girl"),
                ("w001", "w002", "w003")]:
    for rank, (answer, score) in enumerate(kv.most_similar(positive=[b, c], negative=[a], topn=10), 1):
        lines.append("add\t%s,%s,%s\t%d\t%s\t%.9g" % (a, b, c, rank, answer, score))
    for rank, (answer, score) in enumerate(kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=10), 1):
        lines.append("mul\t%s,%s,%s\t%d\t%s\t%.9g" % (a, b, c, rank, answer, score))
with open(os.path.join(HERE, "reference.tsv"), "w") as f:
    f.write("\n".join(lines) + "\n")
