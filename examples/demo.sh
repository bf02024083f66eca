#!/bin/sh
# make demo: the main job on the bundled examples, with the default gazetteer.
#  1. the pandoc filter on examples/pandoc/article.md -> build/demo/article.html
#     (entities and dates highlighted, RTL, the entity index at the end) and a
#     table of the entities found;
#  2. the annotate pipeline on the four example news pages -> JSON Lines.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/demo
mkdir -p "$out"
lua=lua5.4
export LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/build/5.4/?.so;;"

echo "== pandoc $(pandoc --version | head -n 1 | cut -d' ' -f2) with the arabic filter: examples/pandoc/article.md"
pandoc examples/pandoc/article.md --lua-filter lua/arabic/filter.lua \
    -s -H examples/pandoc/style.html -o "$out/article.html"
echo "   wrote $out/article.html (open it in a browser)"
echo
pandoc examples/pandoc/article.md --lua-filter lua/arabic/filter.lua \
    -t plain --template examples/pandoc/entities.txt | sed 's/^/   /'
echo
echo "== arabic annotate: chrome removal, sentences, entities and dates on examples/articles/"
$lua bin/arabic annotate --config examples/pipeline.conf.lua examples/articles/*.txt >"$out/articles.jsonl"
$lua examples/summary.lua <"$out/articles.jsonl" | sed 's/^/   /'
echo "   wrote $out/articles.jsonl (one JSON object per article)"
