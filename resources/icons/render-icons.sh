#!/bin/sh
# Renders the committed PNG icons from the SVGs (needs rsvg-convert: apt-get install librsvg2-bin).
# 16-24 px come from embedscope-small.svg, drawn with fewer and larger points to stay legible.
set -e
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256; do
    source=embedscope.svg
    [ "$size" -le 24 ] && source=embedscope-small.svg
    rsvg-convert -w "$size" -h "$size" "$source" -o "png/embedscope-$size.png"
done
