#!/usr/bin/python3
"""Writes the gensim fixtures of tst_writers (run ONCE with Debian's /usr/bin/python3 + gensim 4.2;
the outputs are committed, so the tests never need Python).

Outputs, next to this script:
  vectors.txt            gensim KeyedVectors.save_word2vec_format(binary=False)
  vectors.bin            gensim KeyedVectors.save_word2vec_format(binary=True); note that gensim
                         writes no newline after a record's floats
  vectors-word2vec-c.bin the same records with the newline word2vec.c writes after each record
                         (what Embedscope writes); this script checks that gensim loads it back
                         to the same vectors
  expected.json          {"gensim": version, "dims": D, "rows": [{"label", "bits"}]}: every value
                         as the 8 hex digits of its float32 bit pattern, so tests compare exactly
"""
import json
import os
import struct
import sys

import numpy as np
import gensim
from gensim.models import KeyedVectors

HERE = os.path.dirname(os.path.abspath(__file__))
DIMS = 7

# 50 words: ASCII, Latin, CJK, Cyrillic, Greek, emoji, a decomposed accent, Unicode spaces inside a
# word (readers must split on ASCII space only), numeric-looking words and word2vec's "</s>".
WORDS = [
    "</s>", "the", "of", "and", "in", "to", "a", "is", "was", "for",
    "café", "naïve", "Zürich", "über", "señor", "façade", "smörgåsbord", "Øresund", "łódź", "ﬁne",
    "e\u0301", "日本", "東京", "中文", "한국어", "москва", "Ελλάδα", "עברית", "العربية", "हिन्दी",
    "😀", "👍🏽", "a\u00a0b", "x\u2009y", "zero\u200bwidth", "42", "-1.5", "3e5", "nan", "inf",
    "C++", "e-mail", "l'été", "\"quoted\"", "back\\slash", "semi;colon", "comma,word", "#hash",
    "UPPER", "end",
]

# Values that stress float printing and parsing, one row each; the other rows are seeded normals.
SPECIAL_ROWS = [
    [-0.0, 1e-38, 3.4e38, -3.4e38, 1e-45, 1.17549435e-38, 0.1],
    [np.finfo(np.float32).max, -np.finfo(np.float32).tiny, 5e-40, 1.0, -1.0, 0.0, 3e-45],
    [1.0 / 3.0, 2.0 / 3.0, 1e-7, 123456789.0, -9.999999e-5, 16777217.0, 0.3],
]


def bits(value):
    return "%08x" % struct.unpack("<I", struct.pack("<f", value))[0]


def main():
    assert len(WORDS) == 50 and len(set(WORDS)) == 50
    rng = np.random.default_rng(20240607)
    values = rng.standard_normal((len(WORDS), DIMS)).astype(np.float32)
    for i, row in enumerate(SPECIAL_ROWS):
        values[len(WORDS) - len(SPECIAL_ROWS) + i] = np.array(row, dtype=np.float32)

    kv = KeyedVectors(vector_size=DIMS)
    kv.add_vectors(WORDS, values)
    text_path = os.path.join(HERE, "vectors.txt")
    bin_path = os.path.join(HERE, "vectors.bin")
    kv.save_word2vec_format(text_path, binary=False)
    kv.save_word2vec_format(bin_path, binary=True)

    # word2vec.c layout: gensim's records with a newline after each one's floats.
    c_path = os.path.join(HERE, "vectors-word2vec-c.bin")
    with open(c_path, "wb") as out:
        out.write(f"{len(WORDS)} {DIMS}\n".encode("utf8"))
        for word, row in zip(WORDS, values):
            out.write(word.encode("utf8") + b" " + row.astype("<f4").tobytes() + b"\n")

    # gensim must read all three back to exactly these words and bits.
    for path, binary in ((text_path, False), (bin_path, True), (c_path, True)):
        back = KeyedVectors.load_word2vec_format(path, binary=binary)
        assert list(back.index_to_key) == WORDS, path
        assert back.vectors.tobytes() == values.tobytes(), path

    # One row per line keeps the file readable in a diff.
    rows = [json.dumps({"label": w, "bits": [bits(v) for v in row]}, ensure_ascii=True)
            for w, row in zip(WORDS, values)]
    with open(os.path.join(HERE, "expected.json"), "w", encoding="ascii") as out:
        out.write('{"gensim": %s, "dims": %d, "rows": [\n' % (json.dumps(gensim.__version__), DIMS))
        out.write(",\n".join(rows))
        out.write("\n]}\n")
    json.load(open(os.path.join(HERE, "expected.json"), encoding="ascii"))  # well-formed
    print("wrote fixtures with gensim", gensim.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
