#!/bin/sh
# Streaming bound (issue: hardening): `arabic annotate --jsonl` over a
# 1 GB JSON Lines file keeps a fixed RSS. Not part of make bench (it takes
# minutes); run by hand: sh bench/stream.sh [SIZE_MB] [CONFIG]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
size_mb=${1:-1024}
config=${2:-}
out=build/bench
src="$out/corpus.jsonl"
[ -s "$src" ] || { echo "run make bench first (it writes $src)"; exit 2; }
big="$out/stream-$size_mb.jsonl"
if [ ! -s "$big" ]; then
    : >"$big"
    while [ "$(wc -c <"$big")" -lt $((size_mb * 1048576)) ]; do cat "$src" >>"$big"; done
fi
export LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/build/5.4/?.so;;"
set -- annotate --jsonl
[ -n "$config" ] && set -- "$@" --config "$config"
for f in "$src" "$big"; do
    mb=$(awk -v s="$(wc -c <"$f")" 'BEGIN { printf "%.0f", s / 1048576 }')
    /usr/bin/time -f "%e s, max RSS %M KB" -o "$out/stream.time" lua5.4 bin/arabic "$@" "$f" | wc -l >"$out/stream.lines"
    echo "$mb MB in: $(cat "$out/stream.lines") lines out, $(cat "$out/stream.time")"
done
