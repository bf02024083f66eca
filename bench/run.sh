#!/bin/sh
# make bench: figures and ratios against baselines measured in this same run.
# Not a test: nothing here asserts a time.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
out="$BUILD/bench"
mkdir -p "$out"
corpus="$out/corpus.txt"

# A >= 50 MB corpus: the real news articles repeated (or our own examples
# when ../shared is absent).
src="../shared/corpus/news"
if ls "$src"/*.txt >/dev/null 2>&1; then
    files="$src/*.txt"
else
    echo "bench: $src not found; using examples/articles instead" >&2
    files="examples/articles/*.txt"
fi
if [ ! -s "$corpus" ] || [ "$(wc -c <"$corpus")" -lt 50000000 ]; then
    : >"$corpus"
    while [ "$(wc -c <"$corpus")" -lt 52428800 ]; do
        cat $files $files $files $files $files $files $files $files >>"$corpus"
    done
fi
size=$(wc -c <"$corpus")
echo "corpus: $corpus, $size bytes ($files repeated)"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
echo

echo "== normalization (C API, median of 7 runs)"
"$BUILD/bench/bench_normalize" "$corpus" 7 2>/dev/null
echo
echo "== normalization from Lua ($(command -v lua5.4))"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;$top/bench/?.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" \
    lua5.4 bench/bench_lua.lua "$corpus"
