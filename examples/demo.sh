#!/bin/sh
# make demo: the main job on the bundled example article.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
lua=lua5.4
article=examples/articles/01_oman_talks.txt
echo "== $article, normalized for search (first 12 lines that change)"
$lua bin/arabic normalize --preset search "$article" >build/demo-search.txt
paste -d '\n' "$article" build/demo-search.txt | awk 'NR % 2 == 1 { a = $0; next } a != $0 { print "  in : " a; print "  out: " $0; n++ } n >= 12 { exit }'
echo
echo "== token kinds in $article"
$lua bin/arabic tokens "$article" | cut -f3 | sort | uniq -c | sort -rn
echo
echo "output written to build/demo-search.txt"
