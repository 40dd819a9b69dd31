#!/usr/bin/python3
"""Writes the seed corpora: small valid files of each format and broken ones that reach the
error paths (bad headers, counts that disagree, truncation, bad numbers, bad UTF-8). Run from
anywhere; rewrites tests/fuzz/corpus/. Inputs libFuzzer finds later are not kept here (make fuzz
keeps them under build/fuzz/corpus); crashes go to tests/fuzz/crashes/."""
import os, shutil, struct
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "corpus")
data = os.path.join(here, "..", "data")


def put(harness, name, content):
    d = os.path.join(root, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("latin-1" if name.startswith("latin1") else "utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(content)


def w2v_binary(words, vectors, header=None, sep=b"\n"):
    rows, dims = vectors.shape
    out = header if header is not None else f"{rows} {dims}\n".encode()
    for w, v in zip(words, vectors):
        out += w.encode() + b" " + v.astype("<f4").tobytes() + sep
    return out


def npy(array, **kw):
    import io
    b = io.BytesIO()
    np.save(b, array, **kw)
    return b.getvalue()


shutil.rmtree(root, ignore_errors=True)
gensim_txt = open(os.path.join(data, "gensim", "vectors.txt"), "rb").read()
small = "3 2\nking 0.5 1.25\nqueen -0.5 1e-3\nman 1 2\n"

# word2vec text
for name, text in {
    "valid": small, "gensim": gensim_txt, "crlf": small.replace("\n", "\r\n"),
    "bom": "\ufeff" + small, "header-more": "5 2\na 1 2\nb 3 4\n", "header-less": "1 2\na 1 2\nb 3 4\n",
    "bad-number": "2 2\na 1 x\nb 3 4\n", "nan": "2 2\na nan 1\nb inf 4\n", "short-row": "2 3\na 1 2\nb 1 2 3\n",
    "space-in-word": "2 2\nNew York 1 2\nb 3 4\n", "huge-header": "99999999999 99999999\na 1 2\n",
    "zero-dims": "2 0\na\nb\n", "empty": "", "header-only": "0 5\n", "blank-lines": "2 2\n\na 1 2\n\nb 3 4\n",
    "latin1-labels": "2 2\ncaf\xe9 1 2\nna\xefve 3 4\n", "duplicates": "3 2\na 1 2\na 3 4\nb 5 6\n",
    "big-values": "2 2\na 3.5e38 0\nb 1e20 -1e-45\n", "no-newline": "1 2\na 1 2",
    "decimal-comma": "1 2\na 0,5 1,5\n", "tabs": "2 2\na\t1\t2\nb\t3\t4\n",
}.items():
    put("word2vec_text", name, text)

# GloVe
for name, text in {
    "valid": "the 0.1 0.2 0.3\nof -1 2 3e2\nand 4 5 6\n", "ragged": "a 1 2 3\nb 1 2\nc 1 2 3 4\n",
    "one": "a 1\n", "empty": "", "numbers-only": "1 2 3\n4 5 6\n", "label-numbers": "1 2 3\n2 5 6\n",
    "nan": "a nan 1\nb 1 1\n", "crlf": "a 1 2\r\nb 3 4\r\n", "space-in-word": "New York 1 2\nb 3 4\n",
    "latin1-labels": "caf\xe9 1 2\nna\xefve 3 4\n", "trailing-space": "a 1 2 \nb 3 4 \n",
    "bad-utf8": b"\xff\xfe 1 2\n\xc3 3 4\n",
}.items():
    put("glove", name, text)

# fastText .vec (sniffed: any format may arrive under this name)
rng = np.random.default_rng(7)
vec8 = rng.standard_normal((3, 8)).astype(np.float32)
for name, content in {
    "valid": "2 3 \nthe 0.1 0.2 0.3 \nof 1 2 3 \n", "gensim": gensim_txt, "glove": "a 1 2\nb 3 4\n",
    "binary-d8": w2v_binary(["a", "b", "c"], vec8), "npy": npy(vec8), "csv": "label,x,y\na,1,2\n",
    "gzip": b"\x1f\x8b\x08\x00" + bytes(20), "zip": b"PK\x03\x04" + bytes(20),
    "html": "<!DOCTYPE html><html><body>404</body></html>\n",
    "lfs": "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 12\n",
    "fasttext-bin": struct.pack("<ii", 793712314, 12) + bytes(40), "empty": "", "tsv": "1\t2\n3\t4\n",
}.items():
    put("fasttext_vec", name, content)

# word2vec binary
vec = rng.standard_normal((4, 3)).astype(np.float32)
words = ["king", "queen", "man", "woman"]
full = w2v_binary(words, vec)
for name, content in {
    "valid": full, "gensim": open(os.path.join(data, "gensim", "vectors.bin"), "rb").read(),
    "word2vec-c": open(os.path.join(data, "gensim", "vectors-word2vec-c.bin"), "rb").read(),
    "no-newlines": w2v_binary(words, vec, sep=b""), "d8": w2v_binary(["a", "b", "c"], vec8),
    "truncated": full[:-5], "header-more": w2v_binary(words, vec, header=b"9 3\n"),
    "header-huge": w2v_binary(words, vec, header=b"4000000000 3000000\n"),
    "header-zero": w2v_binary(words, vec, header=b"4 0\n"), "header-text": b"4 x\n" + full[4:],
    "nan": w2v_binary(["a", "b"], np.array([[np.nan, 1, 2], [np.inf, 0, 1]], np.float32)),
    "empty-word": w2v_binary(["", "b"], vec[:2]), "empty": b"",
}.items():
    put("word2vec_binary", name, content)

# npy: the test fixtures (every dtype and order the reader accepts or refuses), plus broken ones
for f in sorted(os.listdir(os.path.join(data, "npy"))):
    if f.endswith(".npy"):
        put("npy", f[:-4], open(os.path.join(data, "npy", f), "rb").read())
good = npy(vec)
for name, content in {
    "truncated-data": good[:-3], "truncated-header": good[:40], "magic-only": good[:8],
    "header-len-huge": good[:8] + b"\xff\xff" + good[10:],
    "shape-huge": good.replace(b"(4, 3)", b"(99999999999, 3)"),
    "shape-negative": good.replace(b"(4, 3)", b"(-4, 3)"),
    "descr-bad": good.replace(b"'<f4'", b"'<f9'"), "f8-nan": npy(np.array([[np.nan, 1e300]])),
    "zero-cols": npy(np.zeros((3, 0), np.float32)), "zero-rows": npy(np.zeros((0, 3), np.float32)),
}.items():
    put("npy", name, content)

# Projector TSV (vectors, then a form feed and the metadata)
for name, text in {
    "valid": "0.1\t0.2\n0.3\t0.4\n0.5\t0.6\n", "with-labels": "1\t2\n3\t4\n\fa\nb\n",
    "with-metadata": "1\t2\n3\t4\n5\t6\n\fword\tpos\tfreq\nthe\tDET\t10\nrun\tVERB\t2\nsea\tNOUN\t3\n",
    "metadata-short": "1\t2\n3\t4\n5\t6\n\fword\tpos\nthe\tDET\n",
    "ragged": "1\t2\n3\n4\t5\t6\n", "bad-number": "1\tx\n2\t3\n", "empty": "",
    "blank-lines": "1\t2\n\n3\t4\n\n", "crlf": "1\t2\r\n3\t4\r\n\fa\r\nb\r\n",
    "nan": "nan\t1\n2\t3\n\fa\nb\n", "spaces": "1 2\n3 4\n",
    "no-label-column": "1\t2\n3\t4\n\fpos\tfreq\nDET\t1\nVERB\t2\n",
}.items():
    put("projector_tsv", name, text)

# metadata TSV and labels files
for name, text in {
    "one-column": "the\nof\nand\n", "header": "word\tpos\tcount\nthe\tDET\t10\nran\tVERB\t3\n",
    "quoted": 'word\tnote\n"a\tb"\t"say ""hi"""\nc\t"\n', "bom": "\ufeffword\tx\na\t1\n",
    "blank-lines": "a\n\nb\n", "ragged": "a\tb\nc\nd\te\tf\n", "empty": "", "newline": "\n",
    "crlf": "word\tx\r\na\t1\r\n", "latin1-header": "caf\xe9\tx\na\t1\n",
    "numeric": "word\tscore\na\t1.5\nb\t\nc\t-2e3\n", "digits": open(os.path.join(here, "..", "..",
        "resources", "samples", "digits-metadata.tsv"), "rb").read()[:2000],
}.items():
    put("metadata_tsv", name, text)

# CSV
for name, text in {
    "valid": "label,x,y\na,1,2\nb,3,4\n", "semicolon-decimal-comma": "label;x;y\na;0,5;1,5\nb;2;3\n",
    "quoted": 'word,x,y\n"New York, NY",1,2\n"say ""hi""",3,4\n', "no-label": "x,y,z\n1,2,3\n4,5,6\n",
    "label-last": "x,y,name\n1,2,a\n3,4,b\n", "ragged": "label,x,y\na,1\nb,1,2,3\n",
    "bad-number": "label,x\na,x1\n", "header-only": "label,x,y\n", "empty": "",
    "unclosed-quote": 'label,x\n"a,1\nb,2\n', "crlf": "label,x\r\na,1\r\n", "nan": "label,x\na,nan\nb,inf\n",
    "bom": "\ufefflabel,x\na,1\n", "text-columns": "label,pos,x\na,NOUN,1\nb,VERB,2\n",
}.items():
    put("csv", name, text)

# layouts
for name, text in {
    "tsv-2d": "label\tx\ty\na\t0.5\t1\nb\t-2\t3e-2\n", "tsv-3d": "label\tx\ty\tz\na\t1\t2\t3\n",
    "csv-quoted": 'label,x,y\n"a, b",1,2\n"say ""hi""",3,4\n', "semicolon": "label;x;y\na;1;2\n",
    "short-row": "label\tx\ty\na\t1\n", "bad-number": "label\tx\ty\na\t1\tx\n", "empty": "",
    "header-only": "label\tx\ty\n", "no-header": "a\t1\t2\n", "four-dims": "label\tx\ty\tz\tw\na\t1\t2\t3\t4\n",
    "unclosed-quote": 'label,x,y\n"a,1,2\n', "crlf": "label\tx\ty\r\na\t1\t2\r\n", "nan": "label\tx\ty\na\tnan\t1\n",
}.items():
    put("layout", name, text)
