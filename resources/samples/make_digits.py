#!/usr/bin/python3
"""Converts scikit-learn's copy of the UCI hand-written digits (1797 x 64, labels 0-9) into the
Projector TSV pair Embedscope opens when started without a file. Run once with Debian's python3
(python3-sklearn installed); the output is committed, so building never needs Python.

Source: /usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
(64 pixel columns, 0-16, then the digit). Licence: CC BY 4.0, see digits.LICENSE.
"""
import csv
import gzip
import os

SRC = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
HERE = os.path.dirname(os.path.abspath(__file__))

with gzip.open(SRC, "rt") as f:
    rows = [[int(float(v)) for v in r] for r in csv.reader(f) if r]

with open(os.path.join(HERE, "digits.tsv"), "w", newline="\n") as vec, \
     open(os.path.join(HERE, "digits-metadata.tsv"), "w", newline="\n") as meta:
    meta.write("label\tdigit\tink\n")
    for i, r in enumerate(rows):
        pixels, digit = r[:64], r[64]
        vec.write("\t".join(str(p) for p in pixels) + "\n")
        # "ink" (total pixel intensity) gives the sample a numeric column to colour by.
        meta.write(f"{digit}#{i:04d}\t{digit}\t{sum(pixels)}\n")
print(f"wrote {len(rows)} rows")
